// Package schema defines the slbgw profile API (apiVersion slbgw.dev/v1alpha1, kind SLBGateway):
// its Go types, the JSON Schema generated from them, its defaults, and its validation.
//
// The Go types are the single source of truth. gateway.schema.json is generated from them
// (go generate ./...), checked in, and embedded; a test fails when it is stale. Data flows one
// way: bytes → Load (decode, validate against the schema, cross-field rules, defaults) → a
// typed *Profile that the render package applies to a Service. This package never touches a
// Service.
package schema

import (
	"fmt"
	"strings"
)

//go:generate go run ./gen

const (
	// APIVersion is the only apiVersion this package reads.
	APIVersion = "slbgw.dev/v1alpha1"
	// Kind is the kind of a profile document.
	Kind = "SLBGateway"

	// DefaultServiceName is the ASK Knative gateway Service that carries the SLB.
	DefaultServiceName = "ingress-gateway"
	// DefaultServiceNamespace is where Knative Serving runs its gateway Service.
	DefaultServiceNamespace = "knative-serving"
)

// Profile is the SLBGateway profile: which load balancer the Knative ingress gateway Service asks
// the Alibaba Cloud controller for.
type Profile struct {
	// APIVersion must be slbgw.dev/v1alpha1.
	APIVersion string `json:"apiVersion" jsonschema:"enum=slbgw.dev/v1alpha1"`
	// Kind must be SLBGateway.
	Kind string `json:"kind" jsonschema:"enum=SLBGateway"`
	// Metadata names the profile. It stays open because kustomize and kpt add their own
	// annotations to a function's config.
	Metadata Metadata `json:"metadata,omitempty"`
	// Spec says which Service to patch and how its load balancer is set up.
	Spec Spec `json:"spec,omitempty"`
}

// Metadata is the object metadata of a profile. Only name is read; everything else orchestrators
// or users put here is kept and ignored.
type Metadata struct {
	// Name of the profile, for messages only.
	Name string `json:"name,omitempty"`
	// Namespace of the profile, for messages only; the Service namespace is spec.service.namespace.
	Namespace string `json:"namespace,omitempty"`
	// Labels are ignored.
	Labels map[string]string `json:"labels,omitempty"`
	// Annotations are ignored (kustomize and kpt keep their function settings here).
	Annotations map[string]string `json:"annotations,omitempty"`
}

// Spec is the desired state of the gateway Service's load balancer.
type Spec struct {
	// Service selects the Service that carries the gateway.
	Service Service `json:"service,omitempty"`
	// LoadBalancer sets the CLB instance the cloud controller creates or reuses for the Service.
	LoadBalancer LoadBalancer `json:"loadBalancer,omitempty"`
	// HTTPS sets the certificate of the gateway's HTTPS listener. Left out, the gateway keeps the
	// certificate it has (on ASK, a self-signed one); slbgw does not remove it.
	HTTPS HTTPS `json:"https,omitempty"`
	// Domain sets the domains of Knative's routes (the config-domain ConfigMap in the Service's
	// namespace), which the gateway answers for. Left out, config-domain is not touched.
	Domain Domain `json:"domain,omitempty"`

	// Controller says which cloud-controller release runs the gateway's cluster, when known:
	// settings that release does not read are warned about (SLBGW060).
	Controller Controller `json:"controller,omitempty"`

	// source is where the profile was read, for findings about its fields (Where).
	source locator
}

// Class is the load-balancer class of the gateway: spec.loadBalancer.class, clb when left out.
func (s *Spec) Class() string {
	if s.LoadBalancer.Class == "" {
		return ClassCLB
	}
	return s.LoadBalancer.Class
}

// ForgetPositions drops the spec's source positions: a profile read from a ResourceList has the
// ResourceList's positions, which are not those of any file.
func (s *Spec) ForgetPositions() { s.source = locator{} }

// Controller is the Alibaba Cloud cloud controller (CCM) that reconciles the gateway Service.
type Controller struct {
	// Version is the controller's release, such as v2.10.0 (ACK's console shows it on the
	// component page; kubectl -n kube-system get deploy cloud-controller-manager -o
	// jsonpath='{..image}' where it runs in the cluster). Left out: the release slbgw's facts are
	// checked against (CCMCommit, after v2.14.0).
	Version string `json:"version,omitempty" jsonschema:"pattern=^v[0-9]+\\.[0-9]+\\.[0-9]+$,example=v2.12.4"`
}

// Where is the position of a field of the spec (spec.loadBalancer.addressType) in the profile's
// source, as "file:line:col"; "" for a spec that was not loaded from a source.
func (s *Spec) Where(field string) string {
	if s.source.root == nil || s.source.file == "" {
		return ""
	}
	n := s.source.valueNode(field)
	if n == nil {
		return ""
	}
	return fmt.Sprintf("%s:%d:%d", s.source.file, n.Line, n.Column)
}

// Domain sets Knative Serving's route domains: the keys of the config-domain ConfigMap in the
// gateway Service's namespace. slbgw sets the keys the profile asks for, removes those an
// earlier render set that it no longer asks for (it records them in the ConfigMap's
// slbgw.dev/domains.<service> annotation), and keeps every other key, Knative's _example and its
// checksum annotation included.
type Domain struct {
	// Default is the domain of every route no selector picks: a key of config-domain with an
	// empty value, such as "example.com": "" (hello.default.example.com). Knative's own default
	// is example.com; when default is set, an example.com key with an empty value is removed.
	Default string `json:"default,omitempty" jsonschema:"maxLength=253,pattern=^([a-z0-9]([-a-z0-9]*[a-z0-9])?\\.)*[a-z0-9]([-a-z0-9]*[a-z0-9])?$,example=apps.example.com"`
	// Selectors are further domains, each for the routes whose labels match its selector
	// (a config-domain key whose value is "selector:" and the labels).
	Selectors []DomainSelector `json:"selectors,omitempty"`
}

// DomainSelector is a domain for the routes whose labels match selector.
type DomainSelector struct {
	// Domain is the domain of the routes the selector picks.
	Domain string `json:"domain" jsonschema:"required,maxLength=253,pattern=^([a-z0-9]([-a-z0-9]*[a-z0-9])?\\.)*[a-z0-9]([-a-z0-9]*[a-z0-9])?$,example=internal.example.com"`
	// Selector is the labels a route must have, all of them.
	Selector map[string]string `json:"selector" jsonschema:"required,minProperties=1"`
}

// Service selects the Service that carries the gateway, and the Service fields slbgw owns.
type Service struct {
	// Name of the gateway Service.
	Name string `json:"name,omitempty" jsonschema:"default=ingress-gateway,minLength=1,maxLength=63,pattern=^[a-z]([-a-z0-9]*[a-z0-9])?$"`
	// Namespace of the gateway Service.
	Namespace string `json:"namespace,omitempty" jsonschema:"default=knative-serving,minLength=1,maxLength=63,pattern=^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"`
	// ExternalTrafficPolicy sets spec.externalTrafficPolicy of the Service: Local keeps the client
	// source IP. Left out, the Service keeps the value it has.
	ExternalTrafficPolicy string `json:"externalTrafficPolicy,omitempty" jsonschema:"enum=Cluster,enum=Local"`
	// Owner says who owns the gateway Service, and so where slbgw writes the profile: service
	// (the Service itself and config-domain: ASK's managed Knative, or a Service you apply) or
	// knative-operator (Knative installed by the Knative Operator, which re-applies the Service
	// from its manifests: slbgw writes the KnativeServing object's spec.services entry named
	// like the Service, and spec.config.domain, which the operator merges into what it applies).
	Owner string `json:"owner,omitempty" jsonschema:"enum=service,enum=knative-operator,default=service"`
}

// Owners of the gateway Service (spec.service.owner).
const (
	// OwnerService: slbgw edits the Service and config-domain themselves.
	OwnerService = "service"
	// OwnerKnativeOperator: slbgw edits the KnativeServing object the Knative Operator reads.
	OwnerKnativeOperator = "knative-operator"
)

// ByOperator tells whether the Knative Operator owns the gateway Service.
func (s *Spec) ByOperator() bool { return s.Service.Owner == OwnerKnativeOperator }

// LoadBalancer sets the load balancer behind the gateway: a CLB (Classic Load Balancer) or, with
// class nlb, an NLB (Network Load Balancer). Each field sets one
// service.beta.kubernetes.io/alibaba-cloud-loadbalancer-<suffix> annotation (its `annotation`
// tag names the suffix); a field left out removes its annotation. The controller's default then
// applies when the load balancer is created; an existing load balancer keeps the value it has.
// Switches are booleans: true and false set the annotation to "on" and "off".
type LoadBalancer struct {
	// Class picks the controller and the kind of load balancer: clb, a Classic Load Balancer
	// (the controller's clbv1, for a Service without spec.loadBalancerClass), or nlb, a Network
	// Load Balancer (nlbv2: slbgw writes spec.loadBalancerClass alibabacloud.com/nlb on a Service
	// it creates; the API server does not let an existing Service change its class). Each field
	// below says which classes read it; one the class does not read is an error. NLB is layer 4
	// only (tcp, udp, tcpssl listeners): HTTP stays with the gateway's pods, which then get no
	// X-Forwarded-For or X-Forwarded-Proto headers from the load balancer.
	Class string `json:"class,omitempty" jsonschema:"enum=clb,enum=nlb,default=clb"`
	// AddressType sets address-type: internet (a public IP) or intranet (a VPC-internal IP). On a
	// CLB it is fixed when the LB is created: the controller refuses to change it on an existing LB
	// (an error on every sync, the LB unchanged); a new address type needs a new Service. An NLB
	// changes it in place (UpdateLoadBalancerAddressTypeConfig).
	AddressType string `json:"addressType,omitempty" annotation:"address-type" default:"internet" defaultBy:"controller" evidence:"controller/service/reconcile/annotation/annotations.go DefaultValue; controller/service/clbv1/loadbalancer.go setModelDefaultValue, Update (refuses a change)" change:"refused" jsonschema:"enum=internet,enum=intranet" lbAttribute:"AddressType" classes:"clb,nlb" nlbChange:"in-place" nlbDefault:"internet" nlbDefaultBy:"controller" nlbEvidence:"controller/service/nlbv2/loadbalancer.go setDefaultValueForLoadBalancer (annotation.DefaultValue), Update (UpdateNLBAddressType: changed in place)" nlbAttribute:"AddressType" nlbCaseInsensitive:"true"`
	// NetworkType sets network-type: vpc or classic. Only with addressType intranet. The current
	// controller reads network-type only (since ba4191857, 2025-06); slb-network-type, which only
	// the old v1.9.3 controllers read, is written too, so Services rendered before stay unchanged
	// and such a cluster still gets the value.
	NetworkType string `json:"networkType,omitempty" annotation:"network-type,slb-network-type" evidence:"controller/service/clbv1/loadbalancer.go BuildLocalModel, Update (refuses a change)" change:"refused" jsonschema:"enum=vpc,enum=classic" lbAttribute:"NetworkType" since:"v2.12.4" sinceEvidence:"ba4191857 (2025-08): pkg/controller/service/clbv1/loadbalancer.go BuildLocalModel reads network-type; before, annotations.go declares only slb-network-type, which no code reads"`
	// InstanceSpec sets spec, the CLB instance spec such as slb.s1.small or slb.s3.large. The
	// controller applies a spec only to PayBySpec instances, and an empty instance-charge-type is
	// PayByCLCU since CCM v2.12.4, so with instanceChargeType left out slbgw writes
	// instance-charge-type PayBySpec with it. On an existing LB the controller changes the spec
	// when the Service changes (it reconciles the LB only then: a spec changed in the console stays
	// until the next change to the Service), and only while the charge type in effect is PayBySpec
	// (the annotation's, or the LB's own when the annotation is absent).
	InstanceSpec string `json:"instanceSpec,omitempty" annotation:"spec" implies:"spec.loadBalancer.instanceChargeType=PayBySpec" default:"none: PayByCLCU instances have no spec (slb.s1.small only under PayBySpec)" defaultBy:"controller" evidence:"controller/service/reconcile/annotation/annotations.go DefaultValue; controller/service/clbv1/loadbalancer.go setModelDefaultValue, updateInstanceChargeTypeAndInstanceSpec; controller/service/clbv1/model_applier.go Apply (only when the hash changed)" change:"in-place" docValues:"slb.s1.small,slb.s2.small,slb.s2.medium,slb.s3.small,slb.s3.medium,slb.s3.large" jsonschema:"pattern=^slb\\.[a-z0-9]+(\\.[a-z0-9]+)+$,example=slb.s1.small,example=slb.s2.small,example=slb.s2.medium,example=slb.s3.small,example=slb.s3.medium,example=slb.s3.large" lbAttribute:"LoadBalancerSpec"`
	// MasterZoneID sets master-zoneid, the primary zone such as cn-beijing-g. Fixed when the LB is
	// created; some regions have no master/slave zones.
	MasterZoneID string `json:"masterZoneID,omitempty" annotation:"master-zoneid" evidence:"controller/service/clbv1/loadbalancer.go Update (refuses a change)" change:"refused" jsonschema:"pattern=^[a-z]+(-[a-z0-9]+)+$,example=cn-beijing-g" lbAttribute:"MasterZoneId"`
	// SlaveZoneID sets slave-zoneid, the standby zone such as cn-beijing-f. Needs masterZoneID and
	// must differ from it. Fixed when the LB is created.
	SlaveZoneID string `json:"slaveZoneID,omitempty" annotation:"slave-zoneid" evidence:"controller/service/clbv1/loadbalancer.go Update (refuses a change)" change:"refused" jsonschema:"pattern=^[a-z]+(-[a-z0-9]+)+$,example=cn-beijing-f" lbAttribute:"SlaveZoneId"`
	// ChargeType sets charge-type: paybytraffic, or paybybandwidth (internet only, needs bandwidth).
	ChargeType string `json:"chargeType,omitempty" annotation:"charge-type" default:"paybytraffic" defaultBy:"CLB API" evidence:"controller/service/clbv1/loadbalancer.go Update (ModifyLoadBalancerInternetSpec, internet LBs only; an absent charge-type is not sent, and CreateLoadBalancer bills paybytraffic)" change:"in-place" jsonschema:"enum=paybytraffic,enum=paybybandwidth" lbAttribute:"InternetChargeType"`
	// Bandwidth sets bandwidth, the peak bandwidth in Mbps. Only with chargeType paybybandwidth.
	// The docs give 1 to 5120; more is a warning, since the limit depends on the account.
	Bandwidth *int64 `json:"bandwidth,omitempty" annotation:"bandwidth" evidence:"controller/service/clbv1/loadbalancer.go Update (ModifyLoadBalancerInternetSpec, internet LBs only)" change:"in-place" docRange:"1..5120 Mbps" jsonschema:"minimum=1" lbAttribute:"Bandwidth"`
	// Name sets name, the LB's name. The docs allow 1 to 80 letters, digits, '.', '_' and '-',
	// starting with a letter; other names get a warning.
	Name string `json:"name,omitempty" annotation:"name" default:"derived from the Service UID" defaultBy:"controller" evidence:"controller/service/reconcile/annotation/annotations.go GetDefaultLoadBalancerName; controller/service/clbv1/loadbalancer.go setModelDefaultValue" change:"in-place" docPattern:"^[A-Za-z][A-Za-z0-9._-]{0,79}$" docForm:"1 to 80 letters, digits, '.', '_' or '-', starting with a letter" jsonschema:"minLength=1,maxLength=255" lbAttribute:"LoadBalancerName" classes:"clb,nlb" nlbChange:"in-place" nlbDefault:"derived from the Service UID" nlbDefaultBy:"controller" nlbEvidence:"controller/service/nlbv2/loadbalancer.go setDefaultValueForLoadBalancer (GetDefaultLoadBalancerName), Update (UpdateNLB with the name)" nlbAttribute:"LoadBalancerName"`
	// ID sets id, an existing LB (lb-...) to reuse instead of creating one. The controller then
	// does not delete the LB with the Service. It refuses to switch a Service to another LB, and
	// a Service whose id is removed fails every sync (it does not make a new LB).
	ID string `json:"id,omitempty" annotation:"id" removal:"refused" evidence:"controller/service/clbv1/model_applier.go applyLoadBalancer (isLoadBalancerReusable: an LB already associated with the Service's address cannot be swapped)" change:"refused" jsonschema:"pattern=^n?lb-[a-z0-9]+$,example=lb-2zeqgkyib34gw1fxxxxx,example=nlb-2zeqgkyib34gw1fxxxxx" classes:"clb,nlb" nlbChange:"refused" nlbRemoval:"refused" nlbDefault:"an NLB the controller creates, found again by its tag" nlbDefaultBy:"controller" nlbEvidence:"controller/service/nlbv2/loadbalancer.go BuildLocalModel, Find; controller/service/nlbv2/model_applier.go prepareLoadBalancer (isNLBReusable: an NLB other than the one whose DNS name the Service reports is refused on every sync; without id a Service that reports an address and whose NLB the tag search cannot find fails every sync, \"can not find loadbalancer, but it's defined in service\")"`
	// ForceOverrideListeners sets force-override-listeners. Only with id: true makes the
	// controller take over a listener of the reused LB that has the same port and protocol as one
	// of the Service's (its description and vServer group are replaced, in place). It does not
	// delete a listener of another protocol on that port: the controller then tries to create its
	// own listener on the occupied port, which fails, and the reconcile reports an error.
	ForceOverrideListeners *bool `json:"forceOverrideListeners,omitempty" annotation:"force-override-listeners" switch:"true,false" default:"false" defaultBy:"controller" evidence:"controller/service/reconcile/annotation/annotations.go IsForceOverride; controller/service/clbv1/listeners.go buildActionsForListeners, isNeedUpdate" change:"in-place" classes:"clb,nlb" nlbChange:"in-place" nlbDefault:"false" nlbDefaultBy:"controller" nlbEvidence:"controller/service/reconcile/annotation/annotations.go IsForceOverride; controller/service/nlbv2/model_applier.go Apply, buildRemoteModel (listeners of a reused NLB reconciled only with \"true\")"`
	// InstanceChargeType sets instance-charge-type: PayBySpec (pay for the instance spec) or
	// PayByCLCU (pay by capacity units; instanceSpec does not apply). Left out, slbgw writes
	// PayBySpec when instanceSpec is set. The controller compares the value case-insensitively;
	// slbgw writes it as shown. On an existing LB, a change is made in place; with the annotation
	// absent the controller keeps the LB's charge type.
	InstanceChargeType string `json:"instanceChargeType,omitempty" annotation:"instance-charge-type" default:"PayByCLCU" defaultBy:"controller" evidence:"model/load_balancer.go InstanceChargeType.IsPayByCLCU; controller/service/clbv1/loadbalancer.go setModelDefaultValue, updateInstanceChargeTypeAndInstanceSpec" change:"in-place" caseInsensitive:"true" jsonschema:"enum=PayBySpec,enum=PayByCLCU" lbAttribute:"InstanceChargeType" defaultBefore:"v2.12.4=PayBySpec" defaultBeforeEvidence:"843e0b582 (2025-08-20, first tag v2.12.4) made PayByCLCU the default; before, pkg/model/load_balancer.go IsPayBySpec takes an empty charge type as PayBySpec and setModelDefaultValue gives it slb.s1.small"`
	// PreserveOnDelete sets preserve-lb-on-delete: true keeps the LB when the Service is deleted
	// (the controller turns its protections off and removes its own tags instead of deleting it).
	// The controller takes any value, "false" included, as true, so false leaves the annotation out.
	PreserveOnDelete *bool `json:"preserveOnDelete,omitempty" annotation:"preserve-lb-on-delete" switch:"true,-" default:"the LB is deleted with the Service" defaultBy:"controller" evidence:"controller/service/clbv1/model_builder.go localModel.Build; controller/service/clbv1/model_applier.go deleteLoadBalancer (read only when the Service is deleted: no call on a running LB)" change:"no-effect" since:"v2.10.0" sinceEvidence:"3bde88460: pkg/controller/service/reconcile/annotation/annotations.go PreserveLBOnDelete, first tag v2.10.0" classes:"clb,nlb" nlbChange:"no-effect" nlbDefault:"the NLB is deleted with the Service" nlbDefaultBy:"controller" nlbEvidence:"controller/service/nlbv2/loadbalancer.go BuildLocalModel (any value means preserve); controller/service/nlbv2/model_applier.go deleteLoadBalancer (read only when the Service is deleted)"`
	// IPVersion sets ip-version: ipv4, or ipv6 (internet only) on a CLB, ipv4 or DualStack on an
	// NLB. Fixed when the LB is created.
	IPVersion string `json:"ipVersion,omitempty" annotation:"ip-version" removal:"refused" default:"ipv4" defaultBy:"CLB API" evidence:"controller/service/clbv1/loadbalancer.go equalsAddressIPVersion (an absent ip-version counts as ipv4), Update (refuses a change, and removal on an ipv6 LB)" change:"refused" jsonschema:"enum=ipv4,enum=ipv6,enum=DualStack" lbAttribute:"AddressIPVersion" classes:"clb,nlb" nlbChange:"refused" nlbDefault:"ipv4" nlbDefaultBy:"NLB API" nlbEvidence:"controller/service/nlbv2/loadbalancer.go BuildLocalModel (GetAddressIpVersion), Update (\"AddressIpVersion cannot be changed\"; an absent ip-version is not compared)" nlbAttribute:"AddressIpVersion" nlbCaseInsensitive:"true"`
	// VSwitchID sets vswitch-id, the vSwitch (vsw-...) an intranet LB takes its address from. Only
	// with addressType intranet.
	VSwitchID string `json:"vswitchID,omitempty" annotation:"vswitch-id" default:"the cluster's vSwitch" defaultBy:"controller" evidence:"controller/service/clbv1/loadbalancer.go setModelDefaultValue, BuildLocalModel (dropped with networkType classic), Update (never compared)" change:"no-effect" jsonschema:"pattern=^vsw-[a-z0-9]+$,example=vsw-2zeqgkyib34gw1fxxxxx" lbAttribute:"VSwitchId"`
	// IP sets ip, a fixed IPv4 address within vswitchID for an intranet LB. Needs vswitchID. Fixed
	// when the LB is created.
	IP string `json:"ip,omitempty" annotation:"ip" default:"an address the vSwitch assigns" defaultBy:"CLB API" evidence:"controller/service/clbv1/loadbalancer.go Update (refuses a change)" change:"refused" jsonschema:"pattern=^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$,example=192.168.0.10" lbAttribute:"Address"`
	// ResourceGroupID sets resource-group-id, the resource group (rg-...) the LB is created in. Fixed
	// when the LB is created.
	ResourceGroupID string `json:"resourceGroupID,omitempty" annotation:"resource-group-id" default:"the cluster's resource group" defaultBy:"controller" evidence:"controller/service/clbv1/loadbalancer.go setModelDefaultValue, Update (refuses a change)" change:"refused" jsonschema:"pattern=^rg-[a-z0-9]+$,example=rg-acfmxazb4ph6aiy" lbAttribute:"ResourceGroupId" classes:"clb,nlb" nlbChange:"refused" nlbDefault:"the cluster's resource group" nlbDefaultBy:"controller" nlbEvidence:"controller/service/nlbv2/loadbalancer.go setDefaultValueForLoadBalancer, Update (\"ResourceGroupId cannot be changed\")" nlbAttribute:"ResourceGroupId" nlbCaseInsensitive:"true"`
	// AdditionalResourceTags sets additional-resource-tags, tags added to the LB, written as
	// k1=v1,k2=v2 sorted by key. Keys and values may not contain ',' or '=' (the controller splits on
	// them), nor start or end with spaces (it trims them).
	AdditionalResourceTags map[string]string `json:"additionalResourceTags,omitempty" annotation:"additional-resource-tags" default:"only the tags the controller adds itself" defaultBy:"controller" evidence:"controller/service/reconcile/annotation/annotations.go GetDefaultTags, GetLoadBalancerAdditionalTags (trims each pair); controller/service/clbv1/loadbalancer.go updateLoadBalancerTags" change:"in-place" changeSince:"v2.10.0" changeSinceEvidence:"4b71495b2 (2024-10-14, first tag v2.10.0): pkg/controller/service/clbv1/loadbalancer.go Update, updateLoadBalancerTags; v2.8.0 has none" classes:"clb,nlb" nlbChange:"in-place" nlbDefault:"only the tags the controller adds itself" nlbDefaultBy:"controller" nlbEvidence:"controller/service/nlbv2/loadbalancer.go BuildLocalModel (GetLoadBalancerAdditionalTags), Update, updateLoadBalancerTags (TagNLBResource, UntagNLBResources)"`
	// Hostname sets hostname: the controller reports this DNS name in the Service's
	// status.loadBalancer.ingress instead of the LB's IP (it takes precedence over externalIPType).
	Hostname string `json:"hostname,omitempty" annotation:"hostname" removal:"status-only" default:"the LB's address is reported" defaultBy:"controller" evidence:"controller/service/clbv1/service_controller.go updateServiceStatus" change:"status-only" jsonschema:"maxLength=253,pattern=^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$,example=gateway.example.com"`
	// ExternalIPType sets external-ip-type: eip reports the elastic IP bound to the LB as the
	// Service's external IP (the controller reads no other value).
	ExternalIPType string `json:"externalIPType,omitempty" annotation:"external-ip-type" removal:"status-only" default:"the LB's own address" defaultBy:"controller" evidence:"controller/service/clbv1/service_controller.go updateServiceStatus" change:"status-only" jsonschema:"enum=eip"`
	// Protection sets the LB's delete and modification protection.
	Protection Protection `json:"protection,omitempty"`
	// Listeners sets how the LB listens: the protocol of each port, HTTP to HTTPS redirects,
	// TLS, scheduling and timeouts. Each setting applies to every listener of the Service.
	Listeners Listeners `json:"listeners,omitempty"`
	// ConnectionDrain keeps connections to a backend being removed open for a while (TCP and UDP
	// listeners).
	ConnectionDrain ConnectionDrain `json:"connectionDrain,omitempty"`
	// XForwardedFor adds headers to requests that HTTP and HTTPS listeners forward.
	XForwardedFor XForwardedFor `json:"xForwardedFor,omitempty"`
	// ACL restricts which client addresses the listeners accept.
	ACL ACL `json:"acl,omitempty"`
	// HealthCheck sets how the LB checks its backends.
	HealthCheck HealthCheck `json:"healthCheck,omitempty"`
	// StickySession sends a client's requests to the same backend.
	StickySession StickySession `json:"stickySession,omitempty"`
	// Backend selects the backends the controller adds to the LB and their weight.
	Backend Backend `json:"backend,omitempty"`
	// NLB sets what only a Network Load Balancer has (class nlb).
	NLB NLB `json:"nlb,omitempty"`
	// ExtraAnnotations sets further service.beta.kubernetes.io/alibaba-cloud-loadbalancer-* annotations
	// as they are, for keys a newer controller reads that slbgw has no field for yet. Keys must
	// carry that prefix and must not be keys a field above sets. Their values are not checked
	// (each gets a warning). slbgw records the keys it set in the slbgw.dev/extra-annotations
	// annotation, so a key dropped from here is removed from the Service.
	ExtraAnnotations map[string]string `json:"extraAnnotations,omitempty"`
}

// Protection sets the LB's protection against deletion and changes in the console.
type Protection struct {
	// DeleteProtection sets delete-protection: true ("on") keeps the LB from being deleted in the
	// console or by the API; the controller turns it off itself before deleting the LB with the
	// Service.
	DeleteProtection *bool `json:"deleteProtection,omitempty" annotation:"delete-protection" default:"on" defaultBy:"controller" evidence:"controller/service/reconcile/annotation/annotations.go DefaultValue; controller/service/clbv1/loadbalancer.go setModelDefaultValue" change:"in-place" lbAttribute:"DeleteProtection"`
	// ModificationProtection sets modification-protection: ConsoleProtection keeps the LB's settings
	// from being changed in the console; NonProtection allows it.
	ModificationProtection string `json:"modificationProtection,omitempty" annotation:"modification-protection" default:"ConsoleProtection" defaultBy:"controller" evidence:"controller/service/reconcile/annotation/annotations.go DefaultValue; controller/service/clbv1/loadbalancer.go setModelDefaultValue" change:"in-place" jsonschema:"enum=ConsoleProtection,enum=NonProtection" lbAttribute:"ModificationProtectionStatus"`
}

// Listeners sets how the LB listens. The controller makes one listener per Service port; these
// settings apply to every listener they fit.
type Listeners struct {
	// ProtocolPort sets protocol-port, the listener protocol of Service ports, as
	// proto:port[,proto:port...] with proto tcp, udp, http or https on a CLB, tcp, udp or tcpssl on
	// an NLB, such as "https:443,http:80" or "tcpssl:443". Each
	// port must be a port of the Service and appear once; an https listener needs a certificate
	// (https.certID, or the cert-id the Service has). Left out, https.certID sets "https:443,http:80";
	// with neither, the Service keeps its protocol-port.
	ProtocolPort string `json:"protocolPort,omitempty" annotation:"protocol-port" removal:"listeners-recreated" unset:"keep" default:"each port's own protocol (tcp or udp)" defaultBy:"controller" evidence:"controller/service/clbv1/listeners.go protocol" change:"listeners-recreated" jsonschema:"pattern=^(tcp|udp|http|https|tcpssl):[0-9]+(\\,(tcp|udp|http|https|tcpssl):[0-9]+)*$,example=https:443\\,http:80,example=tcp:80\\,tcpssl:443" classes:"clb,nlb" nlbChange:"listeners-recreated" nlbRemoval:"listeners-recreated" nlbDefault:"each port's own protocol (tcp or udp)" nlbDefaultBy:"controller" nlbEvidence:"controller/service/nlbv2/listeners.go nlbListenerProtocol; controller/service/nlbv2/model_applier.go buildActionsForListeners (a listener is its port and protocol; its server group is named by the protocol too)"`
	// ForwardPort sets forward-port: an http listener redirects to an https listener, as
	// httpPort:httpsPort[,...] such as "80:443". Each pair needs an http listener on the first port
	// and an https listener on the second (see protocolPort).
	ForwardPort string `json:"forwardPort,omitempty" annotation:"forward-port" removal:"listeners-recreated" default:"no redirect" defaultBy:"CLB API" evidence:"controller/service/clbv1/listeners.go forwardPort, http.Update (deletes and re-creates the http listener)" change:"listeners-recreated" jsonschema:"pattern=^[0-9]+:[0-9]+(\\,[0-9]+:[0-9]+)*$,example=80:443"`
	// HTTP2 sets http2-enabled ("on" or "off"): whether https listeners speak HTTP/2.
	HTTP2 *bool `json:"http2,omitempty" annotation:"http2-enabled" default:"on" defaultBy:"CLB API" change:"in-place" protocols:"https" evidence:"provider/alibaba/slb/listener.go setHTTPSListenerValue"`
	// TLSCipherPolicy sets tls-cipher-policy, the TLS versions and ciphers of https listeners:
	// tls_cipher_policy_1_0, _1_1, _1_2, _1_2_strict, _1_2_strict_with_1_3, or the id (tls-...) of a
	// custom policy.
	TLSCipherPolicy string `json:"tlsCipherPolicy,omitempty" annotation:"tls-cipher-policy" default:"tls_cipher_policy_1_0" defaultBy:"CLB API" change:"in-place" protocols:"https" evidence:"provider/alibaba/slb/listener.go setHTTPSListenerValue" jsonschema:"pattern=^(tls_cipher_policy_1_(0|1|2|2_strict|2_strict_with_1_3)|tls-[a-z0-9]+)$,example=tls_cipher_policy_1_2" classes:"clb,nlb" nlbChange:"in-place" nlbProtocols:"tcpssl" nlbDefault:"tls_cipher_policy_1_0" nlbDefaultBy:"NLB API" nlbEvidence:"controller/service/nlbv2/listeners.go buildListenerFromServicePort (sent with every listener it creates, which the NLB API applies to TCPSSL listeners only (nlb-20220430 CreateListenerRequest)), UpdateNLBListener (compared for TCPSSL listeners only)"`
	// Scheduler sets scheduler, how listeners spread requests: wrr (weighted round robin), rr (round
	// robin) or wlc (weighted least connections); other values get a warning. With
	// externalTrafficPolicy Local use wrr, so nodes are weighted by their pods.
	Scheduler string `json:"scheduler,omitempty" annotation:"scheduler" default:"rr" defaultBy:"controller" evidence:"controller/service/clbv1/listeners.go setDefaultValueForListener" change:"in-place" docValues:"wrr,rr,wlc" jsonschema:"pattern=^[A-Za-z]+$,example=wrr,example=rr,example=wlc,example=Wrr" classes:"clb,nlb" nlbChange:"in-place" nlbDefault:"Wrr" nlbDefaultBy:"NLB API" nlbEvidence:"controller/service/nlbv2/server_groups.go setServerGroupAttributeFromAnno, UpdateServerGroup (UpdateServerGroupAttribute)" nlbDocValues:"Wrr,Rr,Sch,Tch,Qch,Wlc" nlbCaseInsensitive:"true"`
	// IdleTimeout sets idle-timeout, in seconds, after which an idle connection of an http or https
	// listener is closed. The docs give 1 to 60; other values get a warning.
	IdleTimeout *int64 `json:"idleTimeout,omitempty" annotation:"idle-timeout" default:"15" defaultBy:"CLB API" change:"in-place" protocols:"http,https" evidence:"provider/alibaba/slb/listener.go setHTTPListenerValue, setHTTPSListenerValue" docRange:"1..60 seconds" jsonschema:"minimum=1" classes:"clb,nlb" nlbChange:"in-place" nlbDefault:"900 (udp 20)" nlbDefaultBy:"NLB API" nlbEvidence:"controller/service/nlbv2/listeners.go buildListenerFromServicePort, UpdateNLBListener" nlbDocRange:"10..900 seconds"`
	// RequestTimeout sets request-timeout, in seconds, that an http or https listener waits for a
	// backend's response. The docs give 1 to 180; other values get a warning.
	RequestTimeout *int64 `json:"requestTimeout,omitempty" annotation:"request-timeout" default:"60" defaultBy:"CLB API" change:"in-place" protocols:"http,https" evidence:"provider/alibaba/slb/listener.go setHTTPListenerValue, setHTTPSListenerValue" docRange:"1..180 seconds" jsonschema:"minimum=1"`
	// EstablishedTimeout sets established-timeout, in seconds, after which an idle connection of a tcp
	// listener is closed. The docs give 10 to 900; other values get a warning.
	EstablishedTimeout *int64 `json:"establishedTimeout,omitempty" annotation:"established-timeout" protocols:"tcp" evidence:"provider/alibaba/slb/listener.go setTCPListenerValue" default:"900" defaultBy:"CLB API" change:"in-place" docRange:"10..900 seconds" jsonschema:"minimum=1"`
	// DomainExtensions sets domain-extensions: extra certificates of the https listeners by
	// domain (SNI), written domain1:certID1,domain2:certID2 sorted by domain. Domains and
	// certificate ids may not contain ',' or ':'. The controller adds and removes domains on an
	// existing LB, but fails to change the certificate of a domain it has: remove the domain in
	// one apply and add it back with the new certificate in the next.
	DomainExtensions map[string]string `json:"domainExtensions,omitempty" annotation:"domain-extensions" separator:":" protocols:"https" evidence:"controller/service/clbv1/listeners.go parseDomainExtensionsAnnotation, https.updateDomainExtensions" change:"in-place" since:"v2.13.0" sinceEvidence:"bbaea12bd (2026-01-19): annotations.go DomainExtensions, first tag v2.13.0"`
	// ProxyProtocol sets proxy-protocol ("on" or "off"): whether tcp and udp listeners pass the client
	// address to backends with the PROXY protocol v2. Backends must then speak it.
	ProxyProtocol *bool `json:"proxyProtocol,omitempty" annotation:"proxy-protocol" protocols:"tcp,udp" evidence:"provider/alibaba/slb/listener.go setTCPListenerValue, setUDPListenerValue" default:"off" defaultBy:"CLB API" change:"in-place" classes:"clb,nlb" nlbChange:"in-place" nlbDefault:"off" nlbDefaultBy:"NLB API" nlbEvidence:"controller/service/nlbv2/listeners.go buildListenerFromServicePort, UpdateNLBListener (any value but \"on\" is off)"`
}

// ConnectionDrain keeps connections to a backend that is being removed open for a while, on tcp
// and udp listeners.
type ConnectionDrain struct {
	// Enabled sets connection-drain ("on" or "off"). true needs timeout.
	Enabled *bool `json:"enabled,omitempty" annotation:"connection-drain" protocols:"tcp,udp" evidence:"provider/alibaba/slb/listener.go setTCPListenerValue, setUDPListenerValue" default:"off" defaultBy:"docs" change:"in-place" classes:"clb,nlb" nlbChange:"in-place" nlbDefault:"off" nlbDefaultBy:"NLB API" nlbEvidence:"controller/service/nlbv2/server_groups.go setServerGroupAttributeFromAnno, UpdateServerGroup"`
	// Timeout sets connection-drain-timeout, in seconds, that connections stay open. Only with
	// enabled true. The docs give 10 to 900; other values get a warning.
	Timeout *int64 `json:"timeout,omitempty" annotation:"connection-drain-timeout" protocols:"tcp,udp" evidence:"provider/alibaba/slb/listener.go setTCPListenerValue, setUDPListenerValue" change:"in-place" docRange:"10..900 seconds" jsonschema:"minimum=1" classes:"clb,nlb" nlbChange:"in-place" nlbEvidence:"controller/service/nlbv2/server_groups.go setServerGroupAttributeFromAnno (sent with connection-drain only), UpdateServerGroup" nlbDocRange:"10..900 seconds"`
}

// XForwardedFor adds X-Forwarded-* headers to the requests http and https listeners forward.
type XForwardedFor struct {
	// Proto sets xforwardedfor-proto ("on" or "off"): the X-Forwarded-Proto header carries the
	// listener's protocol. Knative's gateway reads it to tell http from https.
	Proto *bool `json:"proto,omitempty" annotation:"xforwardedfor-proto" default:"off" defaultBy:"CLB API" change:"in-place" protocols:"http,https" evidence:"provider/alibaba/slb/listener.go setHTTPListenerValue, setHTTPSListenerValue"`
	// SLBPort sets xforwardedfor-slbport ("on" or "off"): the XForwardedFor_SLBPORT header carries the
	// listener's port.
	SLBPort *bool `json:"slbPort,omitempty" annotation:"xforwardedfor-slbport" default:"off" defaultBy:"CLB API" change:"in-place" protocols:"http,https" evidence:"provider/alibaba/slb/listener.go setHTTPListenerValue, setHTTPSListenerValue" since:"v2.9.1" sinceEvidence:"8ddc424c2: annotations.go XForwardedForSLBPort, first tag v2.9.1"`
	// ClientSrcPort sets xforwardedfor-clientsrcport ("on" or "off"): the XForwardedFor_ClientSrcPort
	// header carries the client's port.
	ClientSrcPort *bool `json:"clientSrcPort,omitempty" annotation:"xforwardedfor-clientsrcport" default:"off" defaultBy:"CLB API" change:"in-place" protocols:"http,https" evidence:"provider/alibaba/slb/listener.go setHTTPListenerValue, setHTTPSListenerValue" since:"v2.9.1" sinceEvidence:"8ddc424c2: annotations.go XForwardedForClientSrcPort, first tag v2.9.1"`
}

// ACL restricts which client addresses the listeners accept, with an access control list made
// in the console.
type ACL struct {
	// Enabled sets acl-status ("on" or "off"). true needs id and type.
	Enabled *bool `json:"enabled,omitempty" annotation:"acl-status" default:"off" defaultBy:"docs" change:"in-place"`
	// ID sets acl-id, the access control list (acl-...), or several comma-separated (the
	// controller compares them as a set). Only with enabled true.
	ID string `json:"id,omitempty" annotation:"acl-id" evidence:"controller/service/clbv1/listeners.go IsListenerACLIDsEqual" change:"in-place" jsonschema:"pattern=^acl-[a-z0-9]+(\\,acl-[a-z0-9]+)*$,example=acl-2zeqgkyib34gw1fxxxxx,example=acl-a1\\,acl-b2"`
	// Type sets acl-type: white (only the list's addresses get through) or black (the list's
	// addresses are refused). Needs id.
	Type string `json:"type,omitempty" annotation:"acl-type" change:"in-place" jsonschema:"enum=white,enum=black"`
}

// HealthCheck sets how the LB checks its backends. tcp and udp listeners check by default; http
// and https listeners do not. The http-check fields (uri, domain, httpCodes, method, timeout)
// need type http or no type: http and https listeners always check over HTTP.
type HealthCheck struct {
	// Layer4Enabled sets health-check-switch ("on" or "off"), the health check of tcp and udp
	// listeners.
	Layer4Enabled *bool `json:"layer4Enabled,omitempty" annotation:"health-check-switch" protocols:"tcp,udp" evidence:"provider/alibaba/slb/listener.go setTCPListenerValue, setUDPListenerValue" default:"on" defaultBy:"docs" change:"in-place"`
	// Layer7Enabled sets health-check-flag ("on" or "off"), the health check of http and https
	// listeners.
	Layer7Enabled *bool `json:"layer7Enabled,omitempty" annotation:"health-check-flag" default:"off" defaultBy:"controller" evidence:"controller/service/clbv1/listeners.go setDefaultValueForListener" change:"in-place" protocols:"http,https" classes:"clb,nlb" nlbChange:"in-place" nlbEvidence:"controller/service/nlbv2/server_groups.go setServerGroupAttributeFromAnno (the switch of every other health-check key), UpdateServerGroup"`
	// Type sets health-check-type, how tcp listeners check: tcp (connect) or http (a request).
	Type string `json:"type,omitempty" annotation:"health-check-type" protocols:"tcp" evidence:"provider/alibaba/slb/listener.go setTCPListenerValue" default:"tcp" defaultBy:"docs" change:"in-place" jsonschema:"enum=tcp,enum=http" classes:"clb,nlb" nlbChange:"in-place" nlbEvidence:"controller/service/nlbv2/server_groups.go setServerGroupAttributeFromAnno (read only with health-check-flag on), UpdateServerGroup" nlbCaseInsensitive:"true"`
	// URI sets health-check-uri, the path an http check requests, starting with '/'.
	URI string `json:"uri,omitempty" annotation:"health-check-uri" change:"in-place" jsonschema:"minLength=1,maxLength=80,pattern=^/[^\\s]*$,example=/healthz" classes:"clb,nlb" nlbChange:"in-place" nlbEvidence:"controller/service/nlbv2/server_groups.go setServerGroupAttributeFromAnno (read only with health-check-flag on), UpdateServerGroup"`
	// Domain sets health-check-domain, the Host of an http check: $_ip (the backend's address) or a
	// domain of 1 to 80 letters, digits, '.' and '-' (other values get a warning).
	Domain string `json:"domain,omitempty" annotation:"health-check-domain" default:"$_ip" defaultBy:"docs" change:"in-place" docPattern:"^(\\$_ip|[A-Za-z0-9.-]{1,80})$" docForm:"\"$_ip\", or 1 to 80 letters, digits, '.' or '-'" jsonschema:"minLength=1,maxLength=255,example=$_ip,example=gateway.example.com" classes:"clb,nlb" nlbChange:"in-place" nlbEvidence:"controller/service/nlbv2/server_groups.go setServerGroupAttributeFromAnno (read only with health-check-flag on), UpdateServerGroup"`
	// HTTPCodes sets health-check-httpcode, the status classes an http check counts as healthy,
	// written comma-separated.
	HTTPCodes []string `json:"httpCodes,omitempty" annotation:"health-check-httpcode" default:"http_2xx" defaultBy:"docs" change:"in-place" jsonschema:"minItems=1,uniqueItems=true,enum=http_2xx,enum=http_3xx,enum=http_4xx,enum=http_5xx" classes:"clb,nlb" nlbChange:"in-place" nlbEvidence:"controller/service/nlbv2/server_groups.go setServerGroupAttributeFromAnno (read only with health-check-flag on), UpdateServerGroup"`
	// Method sets health-check-method, the method of the http and https listeners' checks: head or
	// get. tcp listeners never send it, even with type http.
	Method string `json:"method,omitempty" annotation:"health-check-method" protocols:"http,https" evidence:"provider/alibaba/slb/listener.go setHTTPListenerValue, setHTTPSListenerValue (the TCP setter never sends it)" default:"head" defaultBy:"CLB API" change:"in-place" jsonschema:"enum=head,enum=get" classes:"clb,nlb" nlbChange:"in-place" nlbEvidence:"controller/service/nlbv2/server_groups.go setServerGroupAttributeFromAnno (read only with health-check-flag on), UpdateServerGroup" nlbCaseInsensitive:"true"`
	// ConnectPort sets health-check-connect-port, the backend port checked: 1 to 65535, or -520 for
	// the listener's backend port. Other values get a warning.
	ConnectPort *int64 `json:"connectPort,omitempty" annotation:"health-check-connect-port" default:"the backend port" defaultBy:"CLB API" change:"in-place" jsonschema:"minimum=-520,maximum=65535" classes:"clb,nlb" nlbChange:"in-place" nlbEvidence:"controller/service/nlbv2/server_groups.go setServerGroupAttributeFromAnno (read only with health-check-flag on), UpdateServerGroup"`
	// HealthyThreshold sets healthy-threshold, how many checks in a row must pass before a backend
	// counts as healthy. The docs give 2 to 10; other values get a warning.
	HealthyThreshold *int64 `json:"healthyThreshold,omitempty" annotation:"healthy-threshold" default:"3" defaultBy:"docs" change:"in-place" docRange:"2..10" jsonschema:"minimum=1" classes:"clb,nlb" nlbChange:"in-place" nlbEvidence:"controller/service/nlbv2/server_groups.go setServerGroupAttributeFromAnno (read only with health-check-flag on), UpdateServerGroup"`
	// UnhealthyThreshold sets unhealthy-threshold, how many checks in a row must fail before a backend
	// counts as unhealthy. The docs give 2 to 10; other values get a warning.
	UnhealthyThreshold *int64 `json:"unhealthyThreshold,omitempty" annotation:"unhealthy-threshold" default:"3" defaultBy:"docs" change:"in-place" docRange:"2..10" jsonschema:"minimum=1" classes:"clb,nlb" nlbChange:"in-place" nlbEvidence:"controller/service/nlbv2/server_groups.go setServerGroupAttributeFromAnno (read only with health-check-flag on), UpdateServerGroup"`
	// Interval sets health-check-interval, the seconds between two checks. The docs give 1 to 50;
	// other values get a warning.
	Interval *int64 `json:"interval,omitempty" annotation:"health-check-interval" default:"2" defaultBy:"docs" change:"in-place" docRange:"1..50 seconds" jsonschema:"minimum=1" classes:"clb,nlb" nlbChange:"in-place" nlbEvidence:"controller/service/nlbv2/server_groups.go setServerGroupAttributeFromAnno (read only with health-check-flag on), UpdateServerGroup"`
	// ConnectTimeout sets health-check-connect-timeout, the seconds a tcp or udp listener's check
	// waits for an answer. The docs give 1 to 300; other values get a warning.
	ConnectTimeout *int64 `json:"connectTimeout,omitempty" annotation:"health-check-connect-timeout" protocols:"tcp,udp" evidence:"provider/alibaba/slb/listener.go setTCPListenerValue, setUDPListenerValue" default:"5" defaultBy:"docs" change:"in-place" docRange:"1..300 seconds" jsonschema:"minimum=1" classes:"clb,nlb" nlbChange:"in-place" nlbEvidence:"controller/service/nlbv2/server_groups.go setServerGroupAttributeFromAnno (read only with health-check-flag on), UpdateServerGroup"`
	// Timeout sets health-check-timeout, the seconds an http check waits for an answer. The docs give
	// 1 to 300; other values get a warning.
	Timeout *int64 `json:"timeout,omitempty" annotation:"health-check-timeout" protocols:"http,https" evidence:"provider/alibaba/slb/listener.go setHTTPListenerValue, setHTTPSListenerValue (the TCP setter never sends it)" default:"5" defaultBy:"docs" change:"in-place" docRange:"1..300 seconds" jsonschema:"minimum=1"`
}

// StickySession sends a client's requests to the same backend: by cookie on http and https
// listeners, by client address on tcp listeners (persistenceTimeout).
type StickySession struct {
	// Enabled sets sticky-session ("on" or "off") for http and https listeners. true needs type.
	Enabled *bool `json:"enabled,omitempty" annotation:"sticky-session" default:"off" defaultBy:"controller" evidence:"controller/service/clbv1/listeners.go setDefaultValueForListener" change:"in-place" protocols:"http,https"`
	// Type sets sticky-session-type: insert (the LB sets a cookie; needs cookieTimeout) or server
	// (the backend sets the cookie named by cookie). Only with enabled true.
	Type string `json:"type,omitempty" annotation:"sticky-session-type" protocols:"http,https" evidence:"provider/alibaba/slb/listener.go setHTTPListenerValue, setHTTPSListenerValue" change:"in-place" jsonschema:"enum=insert,enum=server"`
	// Cookie sets cookie, the name of the cookie the backend sets. Only with type server. The docs
	// allow 1 to 200 characters without ',', ';', spaces or a leading '$'; other names get a warning.
	Cookie string `json:"cookie,omitempty" annotation:"cookie" protocols:"http,https" evidence:"provider/alibaba/slb/listener.go setHTTPListenerValue, setHTTPSListenerValue" change:"in-place" docPattern:"^[^$,;\\s][^,;\\s]{0,199}$" docForm:"1 to 200 characters without ',', ';' or spaces, not starting with '$'" jsonschema:"minLength=1,maxLength=255"`
	// CookieTimeout sets cookie-timeout, in seconds, the lifetime of the cookie the LB inserts.
	// Only with type insert. The docs give 1 to 86400; other values get a warning.
	CookieTimeout *int64 `json:"cookieTimeout,omitempty" annotation:"cookie-timeout" protocols:"http,https" evidence:"provider/alibaba/slb/listener.go setHTTPListenerValue, setHTTPSListenerValue" change:"in-place" docRange:"1..86400 seconds" jsonschema:"minimum=1"`
	// PersistenceTimeout sets persistence-timeout, in seconds, that a tcp listener sends a client to
	// the same backend; 0 turns it off. The docs give 0 to 3600; other values get a warning.
	PersistenceTimeout *int64 `json:"persistenceTimeout,omitempty" annotation:"persistence-timeout" protocols:"tcp" evidence:"provider/alibaba/slb/listener.go setTCPListenerValue" default:"0" defaultBy:"docs" change:"in-place" docRange:"0..3600 seconds" jsonschema:"minimum=0"`
}

// Backend selects the backends the controller adds to the LB. The controller reconciles the
// backends and their weights on every sync, not only when the Service changes, so removing one of
// these annotations takes effect (the controller's default comes back).
type Backend struct {
	// Labels sets backend-label: only nodes with all these labels become backends, written as
	// k1=v1,k2=v2 sorted by key. Keys and values may not contain ',' or '='.
	Labels map[string]string `json:"labels,omitempty" annotation:"backend-label" removal:"in-place" default:"every node" defaultBy:"controller" evidence:"controller/service/reconcile/backend/backend.go filterOutByLabel" change:"in-place" classes:"clb,nlb" nlbChange:"in-place" nlbRemoval:"in-place" nlbDefault:"every node" nlbDefaultBy:"controller" nlbEvidence:"controller/service/reconcile/backend/backend.go filterOutByLabel; controller/service/nlbv2/server_groups.go BuildLocalModel (backends reconciled on every sync)"`
	// Type sets the service.beta.kubernetes.io/backend-type annotation (this key has no load-balancer
	// prefix): eni adds pods' network interfaces directly (Terway), ecs adds nodes.
	Type string `json:"type,omitempty" annotation:"service.beta.kubernetes.io/backend-type" default:"the cluster's setting" defaultBy:"controller" evidence:"controller/helper/service_utils.go IsENIBackendType" change:"in-place" jsonschema:"enum=eni,enum=ecs" classes:"clb,nlb" nlbChange:"in-place" nlbDefault:"the cluster's setting" nlbDefaultBy:"controller" nlbEvidence:"controller/helper/service_utils.go IsENIBackendType; controller/service/nlbv2/server_groups.go getServerGroupNamedKey (a new server group, the listener switched to it)"`
	// IPVersion sets backend-ip-version: ipv4 or ipv6 addresses of the backends. The controller
	// reads it only when its IPv6DualStack feature gate is on (off by default).
	IPVersion string `json:"ipVersion,omitempty" annotation:"backend-ip-version" evidence:"controller/service/reconcile/backend/backend.go setAddressIpVersion (only with the IPv6DualStack feature gate, off by default)" change:"no-effect" jsonschema:"enum=ipv4,enum=ipv6" classes:"clb,nlb" nlbChange:"no-effect" nlbEvidence:"controller/service/reconcile/backend/backend.go setAddressIpVersion (only with the IPv6DualStack feature gate, off by default, and ip-version DualStack)"`
	// RemoveUnscheduled sets remove-unscheduled-backend ("on" or "off"): true removes nodes that are
	// marked unschedulable from the backends.
	RemoveUnscheduled *bool `json:"removeUnscheduled,omitempty" annotation:"remove-unscheduled-backend" default:"off" defaultBy:"controller" evidence:"controller/service/reconcile/backend/backend.go needExcludeFromLB (unschedulable nodes are removed only with \"on\")" change:"in-place" classes:"clb,nlb" nlbChange:"in-place" nlbDefault:"off" nlbDefaultBy:"controller" nlbEvidence:"controller/service/reconcile/backend/backend.go needExcludeFromLB (unschedulable nodes are removed only with \"on\")"`
	// VServerGroupPorts sets vgroup-port, vServer groups you manage on a reused LB, as
	// groupID:port[,...] where port is a Service port. Only with id.
	VServerGroupPorts string `json:"vServerGroupPorts,omitempty" annotation:"vgroup-port" removal:"in-place" default:"vServer groups the controller creates for the Service" defaultBy:"controller" evidence:"controller/service/clbv1/vgroups.go buildVGroupForServicePort (read only with id)" change:"in-place" jsonschema:"pattern=^[A-Za-z0-9-]+:[0-9]+(\\,[A-Za-z0-9-]+:[0-9]+)*$,example=rsp-2zeqgkyib34gw:80" classes:"clb,nlb" nlbChange:"in-place" nlbRemoval:"in-place" nlbDefault:"server groups the controller creates for the Service" nlbDefaultBy:"controller" nlbEvidence:"controller/service/nlbv2/listeners.go buildListenerFromServicePort, serverGroup (read only with id); controller/service/nlbv2/server_groups.go getServerGroupIDs" nlbSince:"v2.9.1" nlbSinceEvidence:"14c9d208f: nlbv2/server_groups.go reads vgroup-port, first tag v2.9.1"`
	// DefaultWeight sets default-weight, the weight (0 to 100) of each backend while weight is
	// left out. The controller ignores it with externalTrafficPolicy Local, where a node's weight
	// is the number of gateway pods it runs.
	DefaultWeight *int64 `json:"defaultWeight,omitempty" annotation:"default-weight" removal:"in-place" default:"100" defaultBy:"controller" evidence:"controller/service/clbv1/vgroups.go buildVGroupForServicePort (refuses values outside 0 to 100), setWeightBackends, DefaultServerWeight" change:"in-place" jsonschema:"minimum=0,maximum=100" since:"v2.14.0" sinceEvidence:"d3d23fa03 (2026-04-08): annotations.go DefaultWeight, first tag v2.14.0" classes:"clb,nlb" nlbChange:"in-place" nlbRemoval:"in-place" nlbDefault:"100" nlbDefaultBy:"controller" nlbEvidence:"controller/service/nlbv2/server_groups.go setServerGroupServers, DefaultServerWeight" nlbSince:"v2.14.0" nlbSinceEvidence:"d3d23fa03 (2026-04-08): annotations.go DefaultWeight, first tag v2.14.0"`
	// IgnoreWeightUpdate sets ignore-weight-update ("on" or "off"): true makes the controller
	// leave the weights of existing backends alone, so weights changed in the console stay.
	IgnoreWeightUpdate *bool `json:"ignoreWeightUpdate,omitempty" annotation:"ignore-weight-update" default:"off" defaultBy:"controller" evidence:"controller/service/clbv1/vgroups.go buildVGroupForServicePort, diff of backends" change:"no-effect" since:"v2.11.2" sinceEvidence:"d4e59f2c8 (2025-04-22): annotations.go IgnoreWeightUpdate, first tag v2.11.2" classes:"clb,nlb" nlbChange:"no-effect" nlbDefault:"off" nlbDefaultBy:"controller" nlbEvidence:"controller/service/nlbv2/server_groups.go diff (weights ignored with \"on\")" nlbSince:"v2.11.2" nlbSinceEvidence:"d4e59f2c8 (2025-04-22): annotations.go IgnoreWeightUpdate, first tag v2.11.2"`
	// Weight sets weight: the total weight (0 to 100) of this Service's backends in the vServer
	// groups of vServerGroupPorts, split across them (by node, or by pod with externalTrafficPolicy
	// Local or eni backends), not a share of the LB's traffic. Only with vServerGroupPorts.
	Weight *int64 `json:"weight,omitempty" annotation:"weight" removal:"in-place" evidence:"controller/service/clbv1/vgroups.go buildVGroupForServicePort (refuses values outside 0 to 100), setWeightBackends, podPercentAlgorithm" change:"in-place" jsonschema:"minimum=0,maximum=100" classes:"clb,nlb" nlbChange:"in-place" nlbRemoval:"in-place" nlbEvidence:"controller/service/nlbv2/server_groups.go setServerGroupServers (read only with id and vgroup-port; refuses values outside 0 to 100)" nlbSince:"v2.9.1" nlbSinceEvidence:"14c9d208f: nlbv2/server_groups.go reads weight, first tag v2.9.1"`
}

// HTTPS sets the certificate of the gateway's HTTPS listener.
type HTTPS struct {
	// CertID sets cert-id to this certificate id and, unless loadBalancer.listeners.protocolPort
	// is set, protocol-port to "https:443,http:80" (class nlb: "tcpssl:443", a TLS listener that
	// hands the gateway plain TCP on 443's target port, as a CLB's https listener hands it HTTP).
	// On an NLB the controller also sends the certificate with the other listeners it creates,
	// and compares it on tcpssl listeners only.
	CertID string `json:"certID,omitempty" annotation:"cert-id" removal:"refused" unset:"keep" protocols:"https" evidence:"controller/service/clbv1/listeners.go isNeedUpdate, checkCertValidity (a removed cert-id fails every sync)" change:"in-place" implies:"spec.loadBalancer.listeners.protocolPort=https:443,http:80" jsonschema:"minLength=1,pattern=^[A-Za-z0-9][A-Za-z0-9_.-]*$,example=123-cn-hangzhou" classes:"clb,nlb" nlbChange:"in-place" nlbProtocols:"tcpssl" nlbEvidence:"controller/service/nlbv2/listeners.go buildListenerFromServicePort (sent with every listener it creates, which the NLB API applies to TCPSSL listeners only (nlb-20220430 CreateListenerRequest)), UpdateNLBListener (compared for TCPSSL listeners only; a removed cert-id is not compared)" nlbImplies:"spec.loadBalancer.listeners.protocolPort=tcpssl:443"`
}

// NLB sets what only a Network Load Balancer (class nlb) has: its zones and security groups,
// and the settings of its listeners and server groups that the CLB has no counterpart of.
type NLB struct {
	// ZoneMappings sets zone-maps, the zones the NLB serves from, each with the vSwitch it takes
	// its address from (two zones or more for a highly available NLB). The controller refuses
	// to create an NLB without them ("ParameterMissing, zone mappings are required") unless
	// the Service reuses one (spec.loadBalancer.id). On an existing NLB a change is made in
	// place: zones are added and removed.
	ZoneMappings []ZoneMapping `json:"zoneMappings,omitempty" annotation:"zone-maps" classes:"nlb" removal:"refused" evidence:"controller/service/nlbv2/loadbalancer.go BuildLocalModel (required without id on every sync: a removed zone-maps fails each one), parseZoneMappings, Update (UpdateLoadBalancerZones when a mapping is not on the NLB)" change:"in-place" jsonschema:"minItems=1" lbAttribute:"ZoneMappings"`
	// SecurityGroupIDs sets security-group-ids, the security groups (sg-...) the NLB joins. The
	// controller makes the NLB's groups exactly these: it joins the new ones and leaves the
	// others.
	SecurityGroupIDs []string `json:"securityGroupIDs,omitempty" annotation:"security-group-ids" classes:"nlb" evidence:"controller/service/nlbv2/loadbalancer.go BuildLocalModel, Update (UpdateSecurityGroupIds: join the added, leave the removed)" change:"in-place" jsonschema:"uniqueItems=true,pattern=^sg-[a-z0-9]+$,example=sg-2zeqgkyib34gw1fxxxxx" lbAttribute:"SecurityGroupIds"`
	// CrossZone sets cross-zone-enabled ("on" or "off"): whether each zone of the NLB forwards
	// to backends in the other zones.
	CrossZone *bool `json:"crossZone,omitempty" annotation:"cross-zone-enabled" classes:"nlb" evidence:"controller/service/nlbv2/loadbalancer.go BuildLocalModel, Update (UpdateNLB with CrossZoneEnabled)" change:"in-place" since:"v2.13.0" sinceEvidence:"8d6640ea1 (2026-01-19): annotations.go CrossZoneEnabled, first tag v2.13.0"`
	// BandwidthPackageID sets bandwidth-package-id, the shared bandwidth package (cbwp-...) of an
	// internet NLB.
	BandwidthPackageID string `json:"bandwidthPackageID,omitempty" annotation:"bandwidth-package-id" classes:"nlb" evidence:"controller/service/nlbv2/loadbalancer.go BuildLocalModel, updateBandwidthPackageId (detach the old package, attach the new)" change:"in-place" jsonschema:"pattern=^cbwp-[a-z0-9]+$,example=cbwp-2zeqgkyib34gw1fxxxxx" since:"v2.9.1" sinceEvidence:"4748e9042 (2024-01-23): annotations.go BandwidthPackageId, first tag v2.9.1"`
	// IPv6AddressType sets ipv6-address-type: internet or intranet, the reach of a dual-stack
	// NLB's IPv6 addresses (ipVersion DualStack).
	IPv6AddressType string `json:"ipv6AddressType,omitempty" annotation:"ipv6-address-type" classes:"nlb" evidence:"controller/service/nlbv2/loadbalancer.go BuildLocalModel, Update (UpdateNLBIPv6AddressType: EnableLoadBalancerIpv6Internet or DisableLoadBalancerIpv6Internet)" change:"in-place" jsonschema:"enum=internet,enum=intranet" since:"v2.9.1" sinceEvidence:"fa4eeaaa3 (2023-10-24): annotations.go IPv6AddressType, first tag v2.9.1"`
	// CPS sets cps, the new connections per second each listener accepts; 0 is no limit.
	CPS *int64 `json:"cps,omitempty" annotation:"cps" classes:"nlb" default:"0 (no limit)" defaultBy:"NLB API" evidence:"controller/service/nlbv2/listeners.go buildListenerFromServicePort, UpdateNLBListener" change:"in-place" jsonschema:"minimum=0"`
	// CACertificateIDs sets cacert-id, the CA certificates a tcpssl listener verifies client
	// certificates with (mutual TLS; needs caEnabled).
	CACertificateIDs []string `json:"caCertificateIDs,omitempty" annotation:"cacert-id" classes:"nlb" protocols:"tcpssl" evidence:"controller/service/nlbv2/listeners.go buildListenerFromServicePort (sent with every listener it creates, which the NLB API applies to TCPSSL listeners only (nlb-20220430 CreateListenerRequest)), UpdateNLBListener (compared for TCPSSL listeners only)" change:"in-place" jsonschema:"minItems=1"`
	// CAEnabled sets cacert ("on" or "off"): whether tcpssl listeners verify client certificates.
	CAEnabled *bool `json:"caEnabled,omitempty" annotation:"cacert" classes:"nlb" protocols:"tcpssl" default:"off" defaultBy:"NLB API" evidence:"controller/service/nlbv2/listeners.go buildListenerFromServicePort (sent with every listener it creates, which the NLB API applies to TCPSSL listeners only (nlb-20220430 CreateListenerRequest)), UpdateNLBListener (compared for TCPSSL listeners only)" change:"in-place"`
	// AdditionalCertificateIDs sets additional-cert-ids, more server certificates of the tcpssl
	// listeners beside https.certID (the NLB picks one by SNI). The controller makes the
	// listener's additional certificates exactly these.
	AdditionalCertificateIDs []string `json:"additionalCertificateIDs,omitempty" annotation:"additional-cert-ids" classes:"nlb" protocols:"tcpssl" evidence:"controller/service/nlbv2/listeners.go buildListenerFromServicePort (TCPSSL only), UpdateNLBListener, updateListenerAdditionalCertificates" change:"in-place" jsonschema:"minItems=1" since:"v2.13.0" sinceEvidence:"bbaea12bd (2026-01-19): annotations.go AdditionalCertIds, first tag v2.13.0"`
	// ALPN sets the protocols tcpssl listeners negotiate with clients.
	ALPN ALPN `json:"alpn,omitempty"`
	// ListenerPortRange sets listener-port-range: listeners that take a range of ports, each as
	// start-end:servicePort (such as 30000-31000:80). The controller takes it only with eni
	// backends (backend.type eni).
	ListenerPortRange string `json:"listenerPortRange,omitempty" annotation:"listener-port-range" classes:"nlb" removal:"listeners-recreated" evidence:"controller/service/nlbv2/listeners.go portRange (\"listener port range can only be used for eni backend type service\"), buildListenerFromServicePort; model_applier.go buildActionsForListeners (a listener is matched by its ports)" change:"listeners-recreated" jsonschema:"pattern=^[0-9]+-[0-9]+:[0-9]+(\\,[0-9]+-[0-9]+:[0-9]+)*$,example=30000-31000:80" since:"v2.11.2" sinceEvidence:"7dfed9832 (2025-05-07): annotations.go ListenerPortRange, first tag v2.11.2"`
	// ProxyProtocolV2 adds PrivateLink and VPC ids to the PROXY protocol v2 header the listeners
	// send (with listeners.proxyProtocol true).
	ProxyProtocolV2 ProxyProtocolV2 `json:"proxyProtocolV2,omitempty"`
	// PreserveClientIP sets preserve-client-ip ("on" or "off"): whether backends see the client's
	// address as the source.
	PreserveClientIP *bool `json:"preserveClientIP,omitempty" annotation:"preserve-client-ip" classes:"nlb" evidence:"controller/service/nlbv2/server_groups.go setServerGroupAttributeFromAnno, UpdateServerGroup" change:"in-place"`
	// ServerGroupType sets server-group-type: Instance (nodes and ENIs by instance) or Ip (by
	// address). Set it when the NLB is created: on an existing NLB the controller creates a
	// server group of the new type but leaves the listeners on the old one, and fails to delete
	// that (an error on every sync, the traffic unchanged).
	ServerGroupType string `json:"serverGroupType,omitempty" annotation:"server-group-type" classes:"nlb" caseInsensitive:"true" default:"Instance" defaultBy:"NLB API" evidence:"controller/service/nlbv2/server_groups.go setServerGroupAttributeFromAnno; model_applier.go buildServerGroupCreateAndUpdateActions (a new group of the new type is created, but the local group already holds the old group's id, so buildActionsForListeners leaves the listeners on the old group and cleanup's DeleteServerGroup of it fails: the NLB API deletes no group a listener uses)" change:"refused" jsonschema:"enum=Instance,enum=Ip"`
}

// ALPN sets Application-Layer Protocol Negotiation on tcpssl listeners.
type ALPN struct {
	// Enabled sets alpn ("on" or "off"). true needs policy.
	Enabled *bool `json:"enabled,omitempty" annotation:"alpn" classes:"nlb" protocols:"tcpssl" default:"off" defaultBy:"NLB API" evidence:"controller/service/nlbv2/listeners.go buildListenerFromServicePort (TCPSSL only), UpdateNLBListener" change:"in-place" since:"v2.10.0" sinceEvidence:"fa80d7900 (2024-10-09): annotations.go AlpnEnabled, first tag v2.10.0"`
	// Policy sets alpn-policy: HTTP1Only, HTTP2Only, HTTP2Preferred or HTTP2Optional.
	Policy string `json:"policy,omitempty" annotation:"alpn-policy" classes:"nlb" protocols:"tcpssl" evidence:"controller/service/nlbv2/listeners.go buildListenerFromServicePort, UpdateNLBListener (compared only with alpn on)" change:"in-place" jsonschema:"enum=HTTP1Only,enum=HTTP2Only,enum=HTTP2Preferred,enum=HTTP2Optional" since:"v2.10.0" sinceEvidence:"fa80d7900 (2024-10-09): annotations.go AlpnPolicy, first tag v2.10.0"`
}

// ProxyProtocolV2 sets what the PROXY protocol v2 header of the listeners carries.
type ProxyProtocolV2 struct {
	// PrivateLinkEpID sets ppv2-pvl-ep-id-enabled ("on" or "off"): the PrivateLink endpoint id.
	PrivateLinkEpID *bool `json:"privateLinkEpID,omitempty" annotation:"ppv2-pvl-ep-id-enabled" classes:"nlb" evidence:"controller/service/nlbv2/listeners.go buildListenerFromServicePort, UpdateNLBListener" change:"in-place" since:"v2.9.1" sinceEvidence:"6820c55b6 (2023-12-12): annotations.go Ppv2PrivateLinkEpIdEnabled, first tag v2.9.1"`
	// PrivateLinkEpsID sets ppv2-pvl-eps-id-enabled ("on" or "off"): the PrivateLink endpoint
	// service id.
	PrivateLinkEpsID *bool `json:"privateLinkEpsID,omitempty" annotation:"ppv2-pvl-eps-id-enabled" classes:"nlb" evidence:"controller/service/nlbv2/listeners.go buildListenerFromServicePort, UpdateNLBListener" change:"in-place" since:"v2.9.1" sinceEvidence:"6820c55b6 (2023-12-12): annotations.go Ppv2PrivateLinkEpsIdEnabled, first tag v2.9.1"`
	// VpcID sets ppv2-pvl-vpc-id-enabled ("on" or "off"): the client's VPC id.
	VpcID *bool `json:"vpcID,omitempty" annotation:"ppv2-pvl-vpc-id-enabled" classes:"nlb" evidence:"controller/service/nlbv2/listeners.go buildListenerFromServicePort, UpdateNLBListener" change:"in-place" since:"v2.9.1" sinceEvidence:"6820c55b6 (2023-12-12): annotations.go Ppv2VpcIdEnabled, first tag v2.9.1"`
}

// ZoneMapping is one zone of an NLB and the vSwitch its address comes from, written
// zone:vswitch[:ipv4Address[:allocationID]].
type ZoneMapping struct {
	// ZoneID is the zone, such as cn-hangzhou-k.
	ZoneID string `json:"zoneID" jsonschema:"required,pattern=^[a-z]+(-[a-z0-9]+)+$,example=cn-hangzhou-k"`
	// VSwitchID is the vSwitch (vsw-...) in that zone.
	VSwitchID string `json:"vswitchID" jsonschema:"required,pattern=^vsw-[a-z0-9]+$,example=vsw-2zeqgkyib34gw1fxxxxx"`
	// IPv4Address is a fixed private address within the vSwitch.
	IPv4Address string `json:"ipv4Address,omitempty" jsonschema:"pattern=^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$"`
	// AllocationID is the elastic IP (eip-...) of an internet NLB in that zone. Needs
	// ipv4Address (the controller reads the parts by position).
	AllocationID string `json:"allocationID,omitempty" jsonschema:"pattern=^eip-[a-z0-9]+$"`
}

// AnnotationItem is the mapping as zone-maps writes it (parseZoneMappings reads the parts by
// position).
func (z ZoneMapping) AnnotationItem() string {
	parts := []string{z.ZoneID, z.VSwitchID}
	if z.IPv4Address != "" || z.AllocationID != "" {
		parts = append(parts, z.IPv4Address)
	}
	if z.AllocationID != "" {
		parts = append(parts, z.AllocationID)
	}
	return strings.Join(parts, ":")
}
