// Package render applies an SLBGateway profile to the Knative ingress gateway Service: it finds
// (or creates) the Service among a set of resources, sets the load-balancer annotations the
// profile asks for, removes the ones slbgw owns that the profile no longer asks for, and keeps
// everything else — other annotations, labels, fields, comments and field order — by editing
// the kyaml node in place. It also provides the KRM function (Processor) built on kyaml's
// fn/framework. It never re-validates a profile: package schema did that.
package render

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/slbgw/slbgw/schema"
)

const (
	// AnnotationPrefix starts every annotation of the Alibaba Cloud controller (CCM) for a
	// CLB-backed LoadBalancer Service.
	AnnotationPrefix = schema.CCMAnnotationPrefix
	// LegacyAnnotationPrefix is the prefix before 2019-09-11. The controller still reads it when
	// the current key is absent, so a legacy key can silently stand in for one slbgw removed.
	LegacyAnnotationPrefix = "service.beta.kubernetes.io/alicloud-loadbalancer-"
)

// ExtraAnnotationsRecord is the annotation on the Service that lists the suffixes of the extra
// annotations (spec.loadBalancer.extraAnnotations) slbgw set, comma-separated and sorted, so that
// it can remove those a later profile drops.
const ExtraAnnotationsRecord = "slbgw.dev/extra-annotations"

// HTTPSProtocolPort is the listener layout of the gateway with a custom certificate, when the
// profile gives no listeners.protocolPort.
const HTTPSProtocolPort = schema.DefaultHTTPSProtocolPort

// OwnedAnnotation is one annotation slbgw manages: its key suffix, the profile field that
// sets it, and how the value is formatted.
type OwnedAnnotation struct {
	// Suffix follows AnnotationPrefix (or LegacyAnnotationPrefix) in the key.
	Suffix string
	// FullKey is the whole key when it does not follow AnnotationPrefix: the controller reads
	// backend-type as service.beta.kubernetes.io/backend-type (helper.BackendType), with no
	// legacy form, and the private-zone keys under service.beta.kubernetes.io/alibaba-cloud-.
	FullKey string
	// LegacyFullKey is the legacy key of a FullKey row, when the controller reads one.
	LegacyFullKey string
	// Field is the profile field that sets the annotation, for messages and docs.
	Field string
	// OtherFields are further fields that set the annotation when Field is left out
	// (https.certID sets protocol-port).
	OtherFields []string
	// Value returns the annotation's value for a profile, or false when the profile leaves it out.
	Value func(*schema.Spec) (string, bool)
	// KeepWhenUnset leaves an existing annotation alone when the profile does not set it,
	// instead of removing it. The HTTPS annotations have it: without https.certID the gateway
	// keeps the certificate (and the listener layout) the platform gave it.
	KeepWhenUnset bool
}

// Key is the annotation's current key.
func (a OwnedAnnotation) Key() string {
	if a.FullKey != "" {
		return a.FullKey
	}
	return AnnotationPrefix + a.Suffix
}

// LegacyKey is the annotation's pre-2019 key, or "" when the controller reads none.
func (a OwnedAnnotation) LegacyKey() string {
	if a.FullKey != "" {
		return a.LegacyFullKey
	}
	return LegacyAnnotationPrefix + a.Suffix
}

// OwnedAnnotations is the one table of the annotations slbgw manages. Rendering reads it to set
// and remove keys; ownership and the docs read it too. Its rows must match the `annotation` tags
// of the profile types (schema.AnnotatedFields); a test keeps them in step. Rows are in the order
// new annotations are added to a Service.
var OwnedAnnotations = []OwnedAnnotation{
	{Suffix: "address-type", Field: "spec.loadBalancer.addressType", Value: str(func(lb *schema.LoadBalancer) string { return lb.AddressType })},
	// The seed and the docs say network-type; the current controller reads slb-network-type.
	// Both are written so old and new controllers agree.
	{Suffix: "network-type", Field: "spec.loadBalancer.networkType", Value: str(func(lb *schema.LoadBalancer) string { return lb.NetworkType })},
	{Suffix: "slb-network-type", Field: "spec.loadBalancer.networkType", Value: str(func(lb *schema.LoadBalancer) string { return lb.NetworkType })},
	{Suffix: "spec", Field: "spec.loadBalancer.instanceSpec", Value: str(func(lb *schema.LoadBalancer) string { return lb.InstanceSpec })},
	{Suffix: "master-zoneid", Field: "spec.loadBalancer.masterZoneID", Value: str(func(lb *schema.LoadBalancer) string { return lb.MasterZoneID })},
	{Suffix: "slave-zoneid", Field: "spec.loadBalancer.slaveZoneID", Value: str(func(lb *schema.LoadBalancer) string { return lb.SlaveZoneID })},
	{Suffix: "charge-type", Field: "spec.loadBalancer.chargeType", Value: str(func(lb *schema.LoadBalancer) string { return lb.ChargeType })},
	{Suffix: "bandwidth", Field: "spec.loadBalancer.bandwidth", Value: integer(func(lb *schema.LoadBalancer) *int64 { return lb.Bandwidth })},
	{Suffix: "name", Field: "spec.loadBalancer.name", Value: str(func(lb *schema.LoadBalancer) string { return lb.Name })},
	{Suffix: "id", Field: "spec.loadBalancer.id", Value: str(func(lb *schema.LoadBalancer) string { return lb.ID })},
	// The controller honours only the exact string "true".
	{Suffix: "force-override-listeners", Field: "spec.loadBalancer.forceOverrideListeners", Value: func(s *schema.Spec) (string, bool) {
		if s.LoadBalancer.ForceOverrideListeners == nil {
			return "", false
		}
		return strconv.FormatBool(*s.LoadBalancer.ForceOverrideListeners), true
	}},
	{Suffix: "cert-id", Field: "spec.https.certID", KeepWhenUnset: true, Value: func(s *schema.Spec) (string, bool) {
		return s.HTTPS.CertID, s.HTTPS.CertID != ""
	}},
	{Suffix: "protocol-port", Field: "spec.loadBalancer.listeners.protocolPort", OtherFields: []string{"spec.https.certID"}, KeepWhenUnset: true,
		Value: func(s *schema.Spec) (string, bool) {
			if pp := s.LoadBalancer.Listeners.ProtocolPort; pp != "" {
				return pp, true
			}
			return HTTPSProtocolPort, s.HTTPS.CertID != ""
		}},

	{Suffix: "instance-charge-type", Field: "spec.loadBalancer.instanceChargeType", Value: str(func(lb *schema.LoadBalancer) string { return lb.InstanceChargeType })},
	{Suffix: "ip-version", Field: "spec.loadBalancer.ipVersion", Value: str(func(lb *schema.LoadBalancer) string { return lb.IPVersion })},
	{Suffix: "vswitch-id", Field: "spec.loadBalancer.vswitchID", Value: str(func(lb *schema.LoadBalancer) string { return lb.VSwitchID })},
	{Suffix: "ip", Field: "spec.loadBalancer.ip", Value: str(func(lb *schema.LoadBalancer) string { return lb.IP })},
	{Suffix: "resource-group-id", Field: "spec.loadBalancer.resourceGroupID", Value: str(func(lb *schema.LoadBalancer) string { return lb.ResourceGroupID })},
	{Suffix: "additional-resource-tags", Field: "spec.loadBalancer.additionalResourceTags", Value: keyValues(func(lb *schema.LoadBalancer) map[string]string { return lb.AdditionalResourceTags })},
	{Suffix: "hostname", Field: "spec.loadBalancer.hostname", Value: str(func(lb *schema.LoadBalancer) string { return lb.Hostname })},
	{Suffix: "external-ip-type", Field: "spec.loadBalancer.externalIPType", Value: str(func(lb *schema.LoadBalancer) string { return lb.ExternalIPType })},
	{Suffix: "delete-protection", Field: "spec.loadBalancer.protection.deleteProtection", Value: onOff(func(lb *schema.LoadBalancer) *bool { return lb.Protection.DeleteProtection })},
	{Suffix: "modification-protection", Field: "spec.loadBalancer.protection.modificationProtection", Value: str(func(lb *schema.LoadBalancer) string { return lb.Protection.ModificationProtection })},

	{Suffix: "forward-port", Field: "spec.loadBalancer.listeners.forwardPort", Value: str(func(lb *schema.LoadBalancer) string { return lb.Listeners.ForwardPort })},
	{Suffix: "http2-enabled", Field: "spec.loadBalancer.listeners.http2", Value: onOff(func(lb *schema.LoadBalancer) *bool { return lb.Listeners.HTTP2 })},
	{Suffix: "tls-cipher-policy", Field: "spec.loadBalancer.listeners.tlsCipherPolicy", Value: str(func(lb *schema.LoadBalancer) string { return lb.Listeners.TLSCipherPolicy })},
	{Suffix: "scheduler", Field: "spec.loadBalancer.listeners.scheduler", Value: str(func(lb *schema.LoadBalancer) string { return lb.Listeners.Scheduler })},
	{Suffix: "idle-timeout", Field: "spec.loadBalancer.listeners.idleTimeout", Value: integer(func(lb *schema.LoadBalancer) *int64 { return lb.Listeners.IdleTimeout })},
	{Suffix: "request-timeout", Field: "spec.loadBalancer.listeners.requestTimeout", Value: integer(func(lb *schema.LoadBalancer) *int64 { return lb.Listeners.RequestTimeout })},
	{Suffix: "established-timeout", Field: "spec.loadBalancer.listeners.establishedTimeout", Value: integer(func(lb *schema.LoadBalancer) *int64 { return lb.Listeners.EstablishedTimeout })},
	{Suffix: "proxy-protocol", Field: "spec.loadBalancer.listeners.proxyProtocol", Value: onOff(func(lb *schema.LoadBalancer) *bool { return lb.Listeners.ProxyProtocol })},
	{Suffix: "connection-drain", Field: "spec.loadBalancer.connectionDrain.enabled", Value: onOff(func(lb *schema.LoadBalancer) *bool { return lb.ConnectionDrain.Enabled })},
	{Suffix: "connection-drain-timeout", Field: "spec.loadBalancer.connectionDrain.timeout", Value: integer(func(lb *schema.LoadBalancer) *int64 { return lb.ConnectionDrain.Timeout })},
	{Suffix: "xforwardedfor-proto", Field: "spec.loadBalancer.xForwardedFor.proto", Value: onOff(func(lb *schema.LoadBalancer) *bool { return lb.XForwardedFor.Proto })},
	{Suffix: "xforwardedfor-slbport", Field: "spec.loadBalancer.xForwardedFor.slbPort", Value: onOff(func(lb *schema.LoadBalancer) *bool { return lb.XForwardedFor.SLBPort })},
	{Suffix: "xforwardedfor-clientsrcport", Field: "spec.loadBalancer.xForwardedFor.clientSrcPort", Value: onOff(func(lb *schema.LoadBalancer) *bool { return lb.XForwardedFor.ClientSrcPort })},
	{Suffix: "acl-status", Field: "spec.loadBalancer.acl.enabled", Value: onOff(func(lb *schema.LoadBalancer) *bool { return lb.ACL.Enabled })},
	{Suffix: "acl-id", Field: "spec.loadBalancer.acl.id", Value: str(func(lb *schema.LoadBalancer) string { return lb.ACL.ID })},
	{Suffix: "acl-type", Field: "spec.loadBalancer.acl.type", Value: str(func(lb *schema.LoadBalancer) string { return lb.ACL.Type })},

	{Suffix: "health-check-switch", Field: "spec.loadBalancer.healthCheck.layer4Enabled", Value: onOff(func(lb *schema.LoadBalancer) *bool { return lb.HealthCheck.Layer4Enabled })},
	{Suffix: "health-check-flag", Field: "spec.loadBalancer.healthCheck.layer7Enabled", Value: onOff(func(lb *schema.LoadBalancer) *bool { return lb.HealthCheck.Layer7Enabled })},
	{Suffix: "health-check-type", Field: "spec.loadBalancer.healthCheck.type", Value: str(func(lb *schema.LoadBalancer) string { return lb.HealthCheck.Type })},
	{Suffix: "health-check-uri", Field: "spec.loadBalancer.healthCheck.uri", Value: str(func(lb *schema.LoadBalancer) string { return lb.HealthCheck.URI })},
	{Suffix: "health-check-domain", Field: "spec.loadBalancer.healthCheck.domain", Value: str(func(lb *schema.LoadBalancer) string { return lb.HealthCheck.Domain })},
	{Suffix: "health-check-httpcode", Field: "spec.loadBalancer.healthCheck.httpCodes", Value: list(func(lb *schema.LoadBalancer) []string { return lb.HealthCheck.HTTPCodes })},
	{Suffix: "health-check-method", Field: "spec.loadBalancer.healthCheck.method", Value: str(func(lb *schema.LoadBalancer) string { return lb.HealthCheck.Method })},
	{Suffix: "health-check-connect-port", Field: "spec.loadBalancer.healthCheck.connectPort", Value: integer(func(lb *schema.LoadBalancer) *int64 { return lb.HealthCheck.ConnectPort })},
	{Suffix: "healthy-threshold", Field: "spec.loadBalancer.healthCheck.healthyThreshold", Value: integer(func(lb *schema.LoadBalancer) *int64 { return lb.HealthCheck.HealthyThreshold })},
	{Suffix: "unhealthy-threshold", Field: "spec.loadBalancer.healthCheck.unhealthyThreshold", Value: integer(func(lb *schema.LoadBalancer) *int64 { return lb.HealthCheck.UnhealthyThreshold })},
	{Suffix: "health-check-interval", Field: "spec.loadBalancer.healthCheck.interval", Value: integer(func(lb *schema.LoadBalancer) *int64 { return lb.HealthCheck.Interval })},
	{Suffix: "health-check-connect-timeout", Field: "spec.loadBalancer.healthCheck.connectTimeout", Value: integer(func(lb *schema.LoadBalancer) *int64 { return lb.HealthCheck.ConnectTimeout })},
	{Suffix: "health-check-timeout", Field: "spec.loadBalancer.healthCheck.timeout", Value: integer(func(lb *schema.LoadBalancer) *int64 { return lb.HealthCheck.Timeout })},

	{Suffix: "sticky-session", Field: "spec.loadBalancer.stickySession.enabled", Value: onOff(func(lb *schema.LoadBalancer) *bool { return lb.StickySession.Enabled })},
	{Suffix: "sticky-session-type", Field: "spec.loadBalancer.stickySession.type", Value: str(func(lb *schema.LoadBalancer) string { return lb.StickySession.Type })},
	{Suffix: "cookie", Field: "spec.loadBalancer.stickySession.cookie", Value: str(func(lb *schema.LoadBalancer) string { return lb.StickySession.Cookie })},
	{Suffix: "cookie-timeout", Field: "spec.loadBalancer.stickySession.cookieTimeout", Value: integer(func(lb *schema.LoadBalancer) *int64 { return lb.StickySession.CookieTimeout })},
	{Suffix: "persistence-timeout", Field: "spec.loadBalancer.stickySession.persistenceTimeout", Value: integer(func(lb *schema.LoadBalancer) *int64 { return lb.StickySession.PersistenceTimeout })},

	{Suffix: "backend-label", Field: "spec.loadBalancer.backend.labels", Value: keyValues(func(lb *schema.LoadBalancer) map[string]string { return lb.Backend.Labels })},
	{Suffix: "backend-type", FullKey: "service.beta.kubernetes.io/backend-type", Field: "spec.loadBalancer.backend.type", Value: str(func(lb *schema.LoadBalancer) string { return lb.Backend.Type })},
	{Suffix: "backend-ip-version", Field: "spec.loadBalancer.backend.ipVersion", Value: str(func(lb *schema.LoadBalancer) string { return lb.Backend.IPVersion })},
	{Suffix: "remove-unscheduled-backend", Field: "spec.loadBalancer.backend.removeUnscheduled", Value: onOff(func(lb *schema.LoadBalancer) *bool { return lb.Backend.RemoveUnscheduled })},
	{Suffix: "vgroup-port", Field: "spec.loadBalancer.backend.vServerGroupPorts", Value: str(func(lb *schema.LoadBalancer) string { return lb.Backend.VServerGroupPorts })},
	{Suffix: "weight", Field: "spec.loadBalancer.backend.weight", Value: integer(func(lb *schema.LoadBalancer) *int64 { return lb.Backend.Weight })},

	privateZone("private-zone-name", "name", str(func(lb *schema.LoadBalancer) string { return lb.PrivateZone.Name })),
	privateZone("private-zone-id", "id", str(func(lb *schema.LoadBalancer) string { return lb.PrivateZone.ID })),
	privateZone("private-zone-record-name", "recordName", str(func(lb *schema.LoadBalancer) string { return lb.PrivateZone.RecordName })),
	privateZone("private-zone-record-ttl", "recordTTL", integer(func(lb *schema.LoadBalancer) *int64 { return lb.PrivateZone.RecordTTL })),
}

// privateZone is a row for a PrivateZone annotation: its keys are the controller's prefix
// without "loadbalancer-" (service.beta.kubernetes.io/alibaba-cloud-private-zone-name), and
// the legacy alicloud- form.
func privateZone(suffix, field string, value func(*schema.Spec) (string, bool)) OwnedAnnotation {
	return OwnedAnnotation{
		Suffix:        suffix,
		FullKey:       "service.beta.kubernetes.io/alibaba-cloud-" + suffix,
		LegacyFullKey: "service.beta.kubernetes.io/alicloud-" + suffix,
		Field:         "spec.loadBalancer.privateZone." + field,
		Value:         value,
	}
}

// str formats a string field; empty means unset.
func str(get func(*schema.LoadBalancer) string) func(*schema.Spec) (string, bool) {
	return func(s *schema.Spec) (string, bool) {
		v := get(&s.LoadBalancer)
		return v, v != ""
	}
}

// onOff formats a switch as the controller's flag values "on" and "off".
func onOff(get func(*schema.LoadBalancer) *bool) func(*schema.Spec) (string, bool) {
	return func(s *schema.Spec) (string, bool) {
		v := get(&s.LoadBalancer)
		switch {
		case v == nil:
			return "", false
		case *v:
			return "on", true
		}
		return "off", true
	}
}

// integer formats a number in decimal, as the controller's strconv.Atoi reads it.
func integer(get func(*schema.LoadBalancer) *int64) func(*schema.Spec) (string, bool) {
	return func(s *schema.Spec) (string, bool) {
		v := get(&s.LoadBalancer)
		if v == nil {
			return "", false
		}
		return strconv.FormatInt(*v, 10), true
	}
}

// keyValues formats a map as k1=v1,k2=v2, sorted by key so the value is stable.
func keyValues(get func(*schema.LoadBalancer) map[string]string) func(*schema.Spec) (string, bool) {
	return func(s *schema.Spec) (string, bool) {
		m := get(&s.LoadBalancer)
		if len(m) == 0 {
			return "", false
		}
		pairs := make([]string, 0, len(m))
		for _, k := range slices.Sorted(maps.Keys(m)) {
			pairs = append(pairs, k+"="+m[k])
		}
		return strings.Join(pairs, ","), true
	}
}

// list formats a list comma-separated, in the profile's order.
func list(get func(*schema.LoadBalancer) []string) func(*schema.Spec) (string, bool) {
	return func(s *schema.Spec) (string, bool) {
		v := get(&s.LoadBalancer)
		return strings.Join(v, ","), len(v) > 0
	}
}
