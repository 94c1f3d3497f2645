// Package schema defines the slbgw profile API (apiVersion slbgw.dev/v1alpha1, kind SLBGateway):
// its Go types, the JSON Schema generated from them, its defaults, and its validation.
//
// The Go types are the single source of truth. gateway.schema.json is generated from them
// (go generate ./...), checked in, and embedded; a test fails when it is stale. Data flows one
// way: bytes → Load (decode, validate against the schema, cross-field rules, defaults) → a
// typed *Profile that the render package applies to a Service. This package never touches a
// Service.
package schema

//go:generate go run ./gen -o gateway.schema.json

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
}

// Service selects the Service that carries the gateway, and the Service fields slbgw owns.
type Service struct {
	// Name of the gateway Service. Default: ingress-gateway.
	Name string `json:"name,omitempty" jsonschema:"default=ingress-gateway,minLength=1,maxLength=63,pattern=^[a-z]([-a-z0-9]*[a-z0-9])?$"`
	// Namespace of the gateway Service. Default: knative-serving.
	Namespace string `json:"namespace,omitempty" jsonschema:"default=knative-serving,minLength=1,maxLength=63,pattern=^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"`
	// ExternalTrafficPolicy sets spec.externalTrafficPolicy of the Service: Local keeps the client
	// source IP. Left out, the Service keeps the value it has.
	ExternalTrafficPolicy string `json:"externalTrafficPolicy,omitempty" jsonschema:"enum=Cluster,enum=Local"`
}

// LoadBalancer sets the CLB (Classic Load Balancer) instance behind the gateway. Each field sets one
// service.beta.kubernetes.io/alibaba-cloud-loadbalancer-<suffix> annotation; a field left out
// removes its annotation, so the controller's default applies.
type LoadBalancer struct {
	// AddressType sets address-type: internet (a public IP) or intranet (a VPC-internal IP).
	// Fixed when the LB is created: changing it makes a new LB with a new IP. Controller default: internet.
	AddressType string `json:"addressType,omitempty" jsonschema:"enum=internet,enum=intranet"`
	// NetworkType sets network-type and slb-network-type (older controllers and the docs read the
	// first, current controllers the second): vpc or classic. Only with addressType intranet.
	NetworkType string `json:"networkType,omitempty" jsonschema:"enum=vpc,enum=classic"`
	// InstanceSpec sets spec, the CLB instance spec such as slb.s1.small or slb.s3.large. A spec
	// changed in the console is changed back by the controller. Controller default: slb.s1.small.
	InstanceSpec string `json:"instanceSpec,omitempty" jsonschema:"pattern=^slb\\.[a-z0-9]+(\\.[a-z0-9]+)+$,example=slb.s1.small,example=slb.s2.small,example=slb.s2.medium,example=slb.s3.small,example=slb.s3.medium,example=slb.s3.large"`
	// MasterZoneID sets master-zoneid, the primary zone such as cn-beijing-g. Fixed when the LB is
	// created; some regions have no master/slave zones.
	MasterZoneID string `json:"masterZoneID,omitempty" jsonschema:"pattern=^[a-z]+(-[a-z0-9]+)+$,example=cn-beijing-g"`
	// SlaveZoneID sets slave-zoneid, the standby zone such as cn-beijing-f. Needs masterZoneID and
	// must differ from it. Fixed when the LB is created.
	SlaveZoneID string `json:"slaveZoneID,omitempty" jsonschema:"pattern=^[a-z]+(-[a-z0-9]+)+$,example=cn-beijing-f"`
	// ChargeType sets charge-type: paybytraffic, or paybybandwidth (internet only, needs bandwidth).
	ChargeType string `json:"chargeType,omitempty" jsonschema:"enum=paybytraffic,enum=paybybandwidth"`
	// Bandwidth sets bandwidth, the peak bandwidth in Mbps. Only with chargeType paybybandwidth.
	// The docs give 1 to 5120; more is a warning, since the limit depends on the account.
	Bandwidth *int64 `json:"bandwidth,omitempty" jsonschema:"minimum=1"`
	// Name sets name, the LB's name. The docs allow 1 to 80 letters, digits, '.', '_' and '-',
	// starting with a letter; other names get a warning. Controller default: derived from the Service UID.
	Name string `json:"name,omitempty" jsonschema:"minLength=1,maxLength=255"`
	// ID sets id, an existing LB (lb-...) to reuse instead of creating one. The controller then
	// does not delete the LB with the Service.
	ID string `json:"id,omitempty" jsonschema:"pattern=^lb-[a-z0-9]+$,example=lb-2zeqgkyib34gw1fxxxxx"`
	// ForceOverrideListeners sets force-override-listeners. Only with id: true makes the
	// controller override the reused LB's listeners on clashing ports and delete clashing ones,
	// which may interrupt other traffic on a shared LB. Controller default: false.
	ForceOverrideListeners *bool `json:"forceOverrideListeners,omitempty"`
}

// HTTPS sets the certificate of the gateway's HTTPS listener.
type HTTPS struct {
	// CertID sets cert-id to this certificate id and protocol-port to "https:443,http:80".
	CertID string `json:"certID,omitempty" jsonschema:"minLength=1,pattern=^[A-Za-z0-9][A-Za-z0-9_.-]*$,example=123-cn-hangzhou"`
}
