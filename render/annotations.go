// Package render applies an SLBGateway profile to the Knative ingress gateway Service: it finds
// (or creates) the Service among a set of resources, sets the load-balancer annotations the
// profile asks for, removes the ones slbgw owns that the profile no longer asks for, and keeps
// everything else — other annotations, labels, fields, comments and field order — by editing
// the kyaml node in place. It also provides the KRM function (Processor) built on kyaml's
// fn/framework. It never re-validates a profile: package schema did that.
package render

import (
	"strconv"

	"github.com/slbgw/slbgw/schema"
)

const (
	// AnnotationPrefix starts every annotation of the Alibaba Cloud controller (CCM) for a
	// CLB-backed LoadBalancer Service.
	AnnotationPrefix = "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-"
	// LegacyAnnotationPrefix is the prefix before 2019-09-11. The controller still reads it when
	// the current key is absent, so a legacy key can silently stand in for one slbgw removed.
	LegacyAnnotationPrefix = "service.beta.kubernetes.io/alicloud-loadbalancer-"
)

// HTTPSProtocolPort is the listener layout of the gateway with a custom certificate.
const HTTPSProtocolPort = "https:443,http:80"

// OwnedAnnotation is one annotation slbgw manages: its key suffix, the profile field that
// sets it, and how the value is formatted.
type OwnedAnnotation struct {
	// Suffix follows AnnotationPrefix (or LegacyAnnotationPrefix) in the key.
	Suffix string
	// Field is the profile field that sets the annotation, for messages and docs.
	Field string
	// Value returns the annotation's value for a profile, or false when the profile leaves it out.
	Value func(*schema.Spec) (string, bool)
	// KeepWhenUnset leaves an existing annotation alone when the profile does not set it,
	// instead of removing it. The HTTPS annotations have it: without https.certID the gateway
	// keeps the certificate the platform gave it.
	KeepWhenUnset bool
}

// Key is the annotation's current key.
func (a OwnedAnnotation) Key() string { return AnnotationPrefix + a.Suffix }

// LegacyKey is the annotation's pre-2019 key.
func (a OwnedAnnotation) LegacyKey() string { return LegacyAnnotationPrefix + a.Suffix }

// OwnedAnnotations is the one table of the annotations slbgw manages. Rendering reads it to set
// and remove keys; ownership and the docs read it too.
var OwnedAnnotations = []OwnedAnnotation{
	{Suffix: "address-type", Field: "spec.loadBalancer.addressType", Value: lbString(func(lb *schema.LoadBalancer) string { return lb.AddressType })},
	// The seed and the docs say network-type; the current controller reads slb-network-type.
	// Both are written so old and new controllers agree.
	{Suffix: "network-type", Field: "spec.loadBalancer.networkType", Value: lbString(func(lb *schema.LoadBalancer) string { return lb.NetworkType })},
	{Suffix: "slb-network-type", Field: "spec.loadBalancer.networkType", Value: lbString(func(lb *schema.LoadBalancer) string { return lb.NetworkType })},
	{Suffix: "spec", Field: "spec.loadBalancer.instanceSpec", Value: lbString(func(lb *schema.LoadBalancer) string { return lb.InstanceSpec })},
	{Suffix: "master-zoneid", Field: "spec.loadBalancer.masterZoneID", Value: lbString(func(lb *schema.LoadBalancer) string { return lb.MasterZoneID })},
	{Suffix: "slave-zoneid", Field: "spec.loadBalancer.slaveZoneID", Value: lbString(func(lb *schema.LoadBalancer) string { return lb.SlaveZoneID })},
	{Suffix: "charge-type", Field: "spec.loadBalancer.chargeType", Value: lbString(func(lb *schema.LoadBalancer) string { return lb.ChargeType })},
	{Suffix: "bandwidth", Field: "spec.loadBalancer.bandwidth", Value: func(s *schema.Spec) (string, bool) {
		if s.LoadBalancer.Bandwidth == nil {
			return "", false
		}
		return strconv.FormatInt(*s.LoadBalancer.Bandwidth, 10), true
	}},
	{Suffix: "name", Field: "spec.loadBalancer.name", Value: lbString(func(lb *schema.LoadBalancer) string { return lb.Name })},
	{Suffix: "id", Field: "spec.loadBalancer.id", Value: lbString(func(lb *schema.LoadBalancer) string { return lb.ID })},
	{Suffix: "force-override-listeners", Field: "spec.loadBalancer.forceOverrideListeners", Value: func(s *schema.Spec) (string, bool) {
		if s.LoadBalancer.ForceOverrideListeners == nil {
			return "", false
		}
		return strconv.FormatBool(*s.LoadBalancer.ForceOverrideListeners), true
	}},
	{Suffix: "cert-id", Field: "spec.https.certID", KeepWhenUnset: true, Value: func(s *schema.Spec) (string, bool) {
		return s.HTTPS.CertID, s.HTTPS.CertID != ""
	}},
	{Suffix: "protocol-port", Field: "spec.https.certID", KeepWhenUnset: true, Value: func(s *schema.Spec) (string, bool) {
		return HTTPSProtocolPort, s.HTTPS.CertID != ""
	}},
}

func lbString(get func(*schema.LoadBalancer) string) func(*schema.Spec) (string, bool) {
	return func(s *schema.Spec) (string, bool) {
		v := get(&s.LoadBalancer)
		return v, v != ""
	}
}
