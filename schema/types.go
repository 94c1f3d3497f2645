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
	"reflect"
	"strings"
	"sync"
)

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
// service.beta.kubernetes.io/alibaba-cloud-loadbalancer-<suffix> annotation (its `annotation`
// tag names the suffix); a field left out removes its annotation, so the controller's default
// applies. Switches are booleans: true and false set the annotation to "on" and "off".
type LoadBalancer struct {
	// AddressType sets address-type: internet (a public IP) or intranet (a VPC-internal IP).
	// Fixed when the LB is created: changing it makes a new LB with a new IP. Controller default: internet.
	AddressType string `json:"addressType,omitempty" annotation:"address-type" jsonschema:"enum=internet,enum=intranet"`
	// NetworkType sets network-type and slb-network-type (older controllers and the docs read the
	// first, current controllers the second): vpc or classic. Only with addressType intranet.
	NetworkType string `json:"networkType,omitempty" annotation:"network-type,slb-network-type" jsonschema:"enum=vpc,enum=classic"`
	// InstanceSpec sets spec, the CLB instance spec such as slb.s1.small or slb.s3.large. A spec
	// changed in the console is changed back by the controller. Not with instanceChargeType
	// PayByCLCU, whose instances have no spec. Controller default: slb.s1.small.
	InstanceSpec string `json:"instanceSpec,omitempty" annotation:"spec" jsonschema:"pattern=^slb\\.[a-z0-9]+(\\.[a-z0-9]+)+$,example=slb.s1.small,example=slb.s2.small,example=slb.s2.medium,example=slb.s3.small,example=slb.s3.medium,example=slb.s3.large"`
	// MasterZoneID sets master-zoneid, the primary zone such as cn-beijing-g. Fixed when the LB is
	// created; some regions have no master/slave zones.
	MasterZoneID string `json:"masterZoneID,omitempty" annotation:"master-zoneid" jsonschema:"pattern=^[a-z]+(-[a-z0-9]+)+$,example=cn-beijing-g"`
	// SlaveZoneID sets slave-zoneid, the standby zone such as cn-beijing-f. Needs masterZoneID and
	// must differ from it. Fixed when the LB is created.
	SlaveZoneID string `json:"slaveZoneID,omitempty" annotation:"slave-zoneid" jsonschema:"pattern=^[a-z]+(-[a-z0-9]+)+$,example=cn-beijing-f"`
	// ChargeType sets charge-type: paybytraffic, or paybybandwidth (internet only, needs bandwidth).
	ChargeType string `json:"chargeType,omitempty" annotation:"charge-type" jsonschema:"enum=paybytraffic,enum=paybybandwidth"`
	// Bandwidth sets bandwidth, the peak bandwidth in Mbps. Only with chargeType paybybandwidth.
	// The docs give 1 to 5120; more is a warning, since the limit depends on the account.
	Bandwidth *int64 `json:"bandwidth,omitempty" annotation:"bandwidth" jsonschema:"minimum=1"`
	// Name sets name, the LB's name. The docs allow 1 to 80 letters, digits, '.', '_' and '-',
	// starting with a letter; other names get a warning. Controller default: derived from the Service UID.
	Name string `json:"name,omitempty" annotation:"name" jsonschema:"minLength=1,maxLength=255"`
	// ID sets id, an existing LB (lb-...) to reuse instead of creating one. The controller then
	// does not delete the LB with the Service.
	ID string `json:"id,omitempty" annotation:"id" jsonschema:"pattern=^lb-[a-z0-9]+$,example=lb-2zeqgkyib34gw1fxxxxx"`
	// ForceOverrideListeners sets force-override-listeners. Only with id: true makes the
	// controller override the reused LB's listeners on clashing ports and delete clashing ones,
	// which may interrupt other traffic on a shared LB. Controller default: false.
	ForceOverrideListeners *bool `json:"forceOverrideListeners,omitempty" annotation:"force-override-listeners"`
	// InstanceChargeType sets instance-charge-type: PayBySpec (pay for the instance spec) or
	// PayByCLCU (pay by capacity units; instanceSpec does not apply). Controller default: PayBySpec.
	InstanceChargeType string `json:"instanceChargeType,omitempty" annotation:"instance-charge-type" jsonschema:"enum=PayBySpec,enum=PayByCLCU"`
	// IPVersion sets ip-version: ipv4, or ipv6 (internet only). Fixed when the LB is created.
	// Controller default: ipv4.
	IPVersion string `json:"ipVersion,omitempty" annotation:"ip-version" jsonschema:"enum=ipv4,enum=ipv6"`
	// VSwitchID sets vswitch-id, the vSwitch (vsw-...) an intranet LB takes its address from.
	// Only with addressType intranet. Controller default: the cluster's vSwitch.
	VSwitchID string `json:"vswitchID,omitempty" annotation:"vswitch-id" jsonschema:"pattern=^vsw-[a-z0-9]+$,example=vsw-2zeqgkyib34gw1fxxxxx"`
	// IP sets ip, a fixed IPv4 address within vswitchID for an intranet LB. Needs vswitchID.
	// Fixed when the LB is created. Default: an address the vSwitch assigns.
	IP string `json:"ip,omitempty" annotation:"ip" jsonschema:"pattern=^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$,example=192.168.0.10"`
	// ResourceGroupID sets resource-group-id, the resource group (rg-...) the LB is created in.
	// Fixed when the LB is created. Default: the account's default resource group.
	ResourceGroupID string `json:"resourceGroupID,omitempty" annotation:"resource-group-id" jsonschema:"pattern=^rg-[a-z0-9]+$,example=rg-acfmxazb4ph6aiy"`
	// AdditionalResourceTags sets additional-resource-tags, tags added to the LB, written as
	// k1=v1,k2=v2 sorted by key. Keys and values may not contain ',' or '=' (the controller
	// splits on them). Controller default: only the tags the controller adds itself.
	AdditionalResourceTags map[string]string `json:"additionalResourceTags,omitempty" annotation:"additional-resource-tags"`
	// Hostname sets hostname: the controller reports this DNS name in the Service's
	// status.loadBalancer.ingress instead of the LB's IP (it takes precedence over externalIPType).
	// Controller default: the LB's address is reported.
	Hostname string `json:"hostname,omitempty" annotation:"hostname" jsonschema:"maxLength=253,pattern=^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$,example=gateway.example.com"`
	// ExternalIPType sets external-ip-type: eip reports the elastic IP bound to the LB as the
	// Service's external IP (the controller reads no other value). Controller default: the LB's own address.
	ExternalIPType string `json:"externalIPType,omitempty" annotation:"external-ip-type" jsonschema:"enum=eip"`
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
	// PrivateZone binds the LB's address to a PrivateZone DNS record, so clients in the VPC reach
	// the gateway by name.
	PrivateZone PrivateZone `json:"privateZone,omitempty"`
	// ExtraAnnotations sets further service.beta.kubernetes.io/alibaba-cloud-loadbalancer-* annotations
	// as they are, for keys a newer controller reads that slbgw has no field for yet. Keys must
	// carry that prefix and must not be keys a field above sets. Their values are not checked
	// (each gets a warning). slbgw records the keys it set in the slbgw.dev/extra-annotations
	// annotation, so a key dropped from here is removed from the Service.
	ExtraAnnotations map[string]string `json:"extraAnnotations,omitempty"`
}

// Protection sets the LB's protection against deletion and changes in the console.
type Protection struct {
	// DeleteProtection sets delete-protection: true ("on") keeps the LB from being deleted in
	// the console or by the API; the controller turns it off itself before deleting the LB with
	// the Service. Controller default: on.
	DeleteProtection *bool `json:"deleteProtection,omitempty" annotation:"delete-protection"`
	// ModificationProtection sets modification-protection: ConsoleProtection keeps the LB's
	// settings from being changed in the console; NonProtection allows it. Controller default:
	// ConsoleProtection.
	ModificationProtection string `json:"modificationProtection,omitempty" annotation:"modification-protection" jsonschema:"enum=ConsoleProtection,enum=NonProtection"`
}

// Listeners sets how the LB listens. The controller makes one listener per Service port; these
// settings apply to every listener they fit.
type Listeners struct {
	// ProtocolPort sets protocol-port, the listener protocol of Service ports, as
	// proto:port[,proto:port...] with proto tcp, udp, http or https, such as "https:443,http:80".
	// Each port must be a port of the Service and appear once; an https listener needs a
	// certificate (https.certID, or the cert-id the Service has). Left out, https.certID sets
	// "https:443,http:80"; with neither, the Service keeps its protocol-port. Controller default:
	// each port's own protocol (tcp or udp).
	ProtocolPort string `json:"protocolPort,omitempty" annotation:"protocol-port" jsonschema:"pattern=^(tcp|udp|http|https):[0-9]+(\\,(tcp|udp|http|https):[0-9]+)*$,example=https:443\\,http:80"`
	// ForwardPort sets forward-port: an http listener redirects to an https listener, as
	// httpPort:httpsPort[,...] such as "80:443". Each pair needs an http listener on the first
	// port and an https listener on the second (see protocolPort). Default: no redirect.
	ForwardPort string `json:"forwardPort,omitempty" annotation:"forward-port" jsonschema:"pattern=^[0-9]+:[0-9]+(\\,[0-9]+:[0-9]+)*$,example=80:443"`
	// HTTP2 sets http2-enabled ("on" or "off"): whether https listeners speak HTTP/2.
	// CLB API default: on.
	HTTP2 *bool `json:"http2,omitempty" annotation:"http2-enabled"`
	// TLSCipherPolicy sets tls-cipher-policy, the TLS versions and ciphers of https listeners:
	// tls_cipher_policy_1_0, _1_1, _1_2, _1_2_strict, _1_2_strict_with_1_3, or the id (tls-...) of
	// a custom policy. CLB API default: tls_cipher_policy_1_0.
	TLSCipherPolicy string `json:"tlsCipherPolicy,omitempty" annotation:"tls-cipher-policy" jsonschema:"pattern=^(tls_cipher_policy_1_(0|1|2|2_strict|2_strict_with_1_3)|tls-[a-z0-9]+)$,example=tls_cipher_policy_1_2"`
	// Scheduler sets scheduler, how listeners spread requests: wrr (weighted round robin), rr
	// (round robin) or wlc (weighted least connections); other values get a warning. With
	// externalTrafficPolicy Local use wrr, so nodes are weighted by their pods. Controller
	// default: rr. (The controller sets rr when it creates a listener; its docs say wrr.)
	Scheduler string `json:"scheduler,omitempty" annotation:"scheduler" jsonschema:"pattern=^[a-z]+$,example=wrr,example=rr,example=wlc"`
	// IdleTimeout sets idle-timeout, in seconds, after which an idle connection of an http or
	// https listener is closed. The docs give 1 to 60; other values get a warning. CLB API
	// default: 15.
	IdleTimeout *int64 `json:"idleTimeout,omitempty" annotation:"idle-timeout" jsonschema:"minimum=1"`
	// RequestTimeout sets request-timeout, in seconds, that an http or https listener waits for
	// a backend's response. The docs give 1 to 180; other values get a warning. CLB API
	// default: 60.
	RequestTimeout *int64 `json:"requestTimeout,omitempty" annotation:"request-timeout" jsonschema:"minimum=1"`
	// EstablishedTimeout sets established-timeout, in seconds, after which an idle connection of
	// a tcp listener is closed. The docs give 10 to 900; other values get a warning. CLB API
	// default: 900.
	EstablishedTimeout *int64 `json:"establishedTimeout,omitempty" annotation:"established-timeout" jsonschema:"minimum=1"`
	// ProxyProtocol sets proxy-protocol ("on" or "off"): whether tcp and udp listeners pass the
	// client address to backends with the PROXY protocol v2. Backends must then speak it.
	// CLB API default: off.
	ProxyProtocol *bool `json:"proxyProtocol,omitempty" annotation:"proxy-protocol"`
}

// ConnectionDrain keeps connections to a backend that is being removed open for a while, on tcp
// and udp listeners.
type ConnectionDrain struct {
	// Enabled sets connection-drain ("on" or "off"). true needs timeout. Documented default: off.
	Enabled *bool `json:"enabled,omitempty" annotation:"connection-drain"`
	// Timeout sets connection-drain-timeout, in seconds, that connections stay open. Only with
	// enabled true. The docs give 10 to 900; other values get a warning.
	Timeout *int64 `json:"timeout,omitempty" annotation:"connection-drain-timeout" jsonschema:"minimum=1"`
}

// XForwardedFor adds X-Forwarded-* headers to the requests http and https listeners forward.
type XForwardedFor struct {
	// Proto sets xforwardedfor-proto ("on" or "off"): the X-Forwarded-Proto header carries the
	// listener's protocol. Knative's gateway reads it to tell http from https. CLB API
	// default: off.
	Proto *bool `json:"proto,omitempty" annotation:"xforwardedfor-proto"`
	// SLBPort sets xforwardedfor-slbport ("on" or "off"): the XForwardedFor_SLBPORT header
	// carries the listener's port. CLB API default: off.
	SLBPort *bool `json:"slbPort,omitempty" annotation:"xforwardedfor-slbport"`
	// ClientSrcPort sets xforwardedfor-clientsrcport ("on" or "off"): the
	// XForwardedFor_ClientSrcPort header carries the client's port. CLB API default: off.
	ClientSrcPort *bool `json:"clientSrcPort,omitempty" annotation:"xforwardedfor-clientsrcport"`
}

// ACL restricts which client addresses the listeners accept, with an access control list made
// in the console.
type ACL struct {
	// Enabled sets acl-status ("on" or "off"). true needs id and type. Documented default: off.
	Enabled *bool `json:"enabled,omitempty" annotation:"acl-status"`
	// ID sets acl-id, the access control list (acl-...). Only with enabled true.
	ID string `json:"id,omitempty" annotation:"acl-id" jsonschema:"pattern=^acl-[a-z0-9]+$,example=acl-2zeqgkyib34gw1fxxxxx"`
	// Type sets acl-type: white (only the list's addresses get through) or black (the list's
	// addresses are refused). Needs id.
	Type string `json:"type,omitempty" annotation:"acl-type" jsonschema:"enum=white,enum=black"`
}

// HealthCheck sets how the LB checks its backends. tcp and udp listeners check by default; http
// and https listeners do not. The http-check fields (uri, domain, httpCodes, method, timeout)
// need type http or no type: http and https listeners always check over HTTP.
type HealthCheck struct {
	// Layer4Enabled sets health-check-switch ("on" or "off"), the health check of tcp and udp
	// listeners. Documented default: on.
	Layer4Enabled *bool `json:"layer4Enabled,omitempty" annotation:"health-check-switch"`
	// Layer7Enabled sets health-check-flag ("on" or "off"), the health check of http and https
	// listeners. Controller default: off.
	Layer7Enabled *bool `json:"layer7Enabled,omitempty" annotation:"health-check-flag"`
	// Type sets health-check-type, how tcp listeners check: tcp (connect) or http (a request).
	// Documented default: tcp.
	Type string `json:"type,omitempty" annotation:"health-check-type" jsonschema:"enum=tcp,enum=http"`
	// URI sets health-check-uri, the path an http check requests, starting with '/'.
	URI string `json:"uri,omitempty" annotation:"health-check-uri" jsonschema:"minLength=1,maxLength=80,pattern=^/[^\\s]*$,example=/healthz"`
	// Domain sets health-check-domain, the Host of an http check: $_ip (the backend's address)
	// or a domain of 1 to 80 letters, digits, '.' and '-' (other values get a warning).
	// Documented default: $_ip.
	Domain string `json:"domain,omitempty" annotation:"health-check-domain" jsonschema:"minLength=1,maxLength=255,example=$_ip,example=gateway.example.com"`
	// HTTPCodes sets health-check-httpcode, the status classes an http check counts as healthy,
	// written comma-separated. Documented default: http_2xx.
	HTTPCodes []string `json:"httpCodes,omitempty" annotation:"health-check-httpcode" jsonschema:"minItems=1,uniqueItems=true,enum=http_2xx,enum=http_3xx,enum=http_4xx,enum=http_5xx"`
	// Method sets health-check-method, the method of an http check: head or get. CLB API
	// default: head.
	Method string `json:"method,omitempty" annotation:"health-check-method" jsonschema:"enum=head,enum=get"`
	// ConnectPort sets health-check-connect-port, the backend port checked: 1 to 65535, or -520
	// for the listener's backend port. Other values get a warning. Default: the backend port.
	ConnectPort *int64 `json:"connectPort,omitempty" annotation:"health-check-connect-port" jsonschema:"minimum=-520,maximum=65535"`
	// HealthyThreshold sets healthy-threshold, how many checks in a row must pass before a
	// backend counts as healthy. The docs give 2 to 10; other values get a warning. Documented default: 3.
	HealthyThreshold *int64 `json:"healthyThreshold,omitempty" annotation:"healthy-threshold" jsonschema:"minimum=1"`
	// UnhealthyThreshold sets unhealthy-threshold, how many checks in a row must fail before a
	// backend counts as unhealthy. The docs give 2 to 10; other values get a warning. Documented default: 3.
	UnhealthyThreshold *int64 `json:"unhealthyThreshold,omitempty" annotation:"unhealthy-threshold" jsonschema:"minimum=1"`
	// Interval sets health-check-interval, the seconds between two checks. The docs give 1 to 50;
	// other values get a warning. Documented default: 2.
	Interval *int64 `json:"interval,omitempty" annotation:"health-check-interval" jsonschema:"minimum=1"`
	// ConnectTimeout sets health-check-connect-timeout, the seconds a tcp or udp listener's check
	// waits for an answer. The docs give 1 to 300; other values get a warning. Documented default: 5.
	ConnectTimeout *int64 `json:"connectTimeout,omitempty" annotation:"health-check-connect-timeout" jsonschema:"minimum=1"`
	// Timeout sets health-check-timeout, the seconds an http check waits for an answer. The docs
	// give 1 to 300; other values get a warning. Documented default: 5.
	Timeout *int64 `json:"timeout,omitempty" annotation:"health-check-timeout" jsonschema:"minimum=1"`
}

// StickySession sends a client's requests to the same backend: by cookie on http and https
// listeners, by client address on tcp listeners (persistenceTimeout).
type StickySession struct {
	// Enabled sets sticky-session ("on" or "off") for http and https listeners. true needs type.
	// Controller default: off.
	Enabled *bool `json:"enabled,omitempty" annotation:"sticky-session"`
	// Type sets sticky-session-type: insert (the LB sets a cookie; needs cookieTimeout) or server
	// (the backend sets the cookie named by cookie). Only with enabled true.
	Type string `json:"type,omitempty" annotation:"sticky-session-type" jsonschema:"enum=insert,enum=server"`
	// Cookie sets cookie, the name of the cookie the backend sets. Only with type server. The docs
	// allow 1 to 200 characters without ',', ';', spaces or a leading '$'; other names get a warning.
	Cookie string `json:"cookie,omitempty" annotation:"cookie" jsonschema:"minLength=1,maxLength=255"`
	// CookieTimeout sets cookie-timeout, in seconds, the lifetime of the cookie the LB inserts.
	// Only with type insert. The docs give 1 to 86400; other values get a warning.
	CookieTimeout *int64 `json:"cookieTimeout,omitempty" annotation:"cookie-timeout" jsonschema:"minimum=1"`
	// PersistenceTimeout sets persistence-timeout, in seconds, that a tcp listener sends a
	// client to the same backend; 0 turns it off. The docs give 0 to 3600; other values get a
	// warning. Documented default: 0.
	PersistenceTimeout *int64 `json:"persistenceTimeout,omitempty" annotation:"persistence-timeout" jsonschema:"minimum=0"`
}

// Backend selects the backends the controller adds to the LB.
type Backend struct {
	// Labels sets backend-label: only nodes with all these labels become backends, written as
	// k1=v1,k2=v2 sorted by key. Keys and values may not contain ',' or '='. Default: every node.
	Labels map[string]string `json:"labels,omitempty" annotation:"backend-label"`
	// Type sets the service.beta.kubernetes.io/backend-type annotation (this key has no
	// load-balancer prefix): eni adds pods' network interfaces directly (Terway), ecs adds nodes.
	// Controller default: the cluster's setting.
	Type string `json:"type,omitempty" annotation:"backend-type" jsonschema:"enum=eni,enum=ecs"`
	// IPVersion sets backend-ip-version: ipv4 or ipv6 addresses of the backends.
	IPVersion string `json:"ipVersion,omitempty" annotation:"backend-ip-version" jsonschema:"enum=ipv4,enum=ipv6"`
	// RemoveUnscheduled sets remove-unscheduled-backend ("on" or "off"): true removes nodes that
	// are marked unschedulable from the backends. Documented default: off.
	RemoveUnscheduled *bool `json:"removeUnscheduled,omitempty" annotation:"remove-unscheduled-backend"`
	// VServerGroupPorts sets vgroup-port, vServer groups you manage on a reused LB, as
	// groupID:port[,...] where port is a Service port. Only with id. Controller default: vServer
	// groups the controller creates for the Service.
	VServerGroupPorts string `json:"vServerGroupPorts,omitempty" annotation:"vgroup-port" jsonschema:"pattern=^[A-Za-z0-9-]+:[0-9]+(\\,[A-Za-z0-9-]+:[0-9]+)*$,example=rsp-2zeqgkyib34gw:80"`
	// Weight sets weight, the share (0 to 100) of traffic this Service's backends get in the
	// vServer groups of vServerGroupPorts. Only with vServerGroupPorts.
	Weight *int64 `json:"weight,omitempty" annotation:"weight" jsonschema:"minimum=0,maximum=100"`
}

// PrivateZone binds the LB's address to a record in an Alibaba Cloud PrivateZone. Its
// annotations are service.beta.kubernetes.io/alibaba-cloud-private-zone-<suffix> (legacy
// alicloud-private-zone-), outside the load-balancer prefix (the controller's
// ServiceAnnotationPrivateZonePrefix).
type PrivateZone struct {
	// Name sets private-zone-name, the zone (a domain such as service.ali) the record goes in.
	Name string `json:"name,omitempty" annotation:"private-zone-name" jsonschema:"pattern=^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*$,maxLength=253,example=service.ali"`
	// ID sets private-zone-id, the zone by its id instead of its name.
	ID string `json:"id,omitempty" annotation:"private-zone-id" jsonschema:"minLength=1,pattern=^[A-Za-z0-9_-]+$"`
	// RecordName sets private-zone-record-name, the record's name within the zone (foo makes
	// foo.service.ali). Needs name or id.
	RecordName string `json:"recordName,omitempty" annotation:"private-zone-record-name" jsonschema:"pattern=^(@|\\*|[A-Za-z0-9_]([-A-Za-z0-9_]*[A-Za-z0-9_])?)(\\.[A-Za-z0-9_]([-A-Za-z0-9_]*[A-Za-z0-9_])?)*$,example=foo"`
	// RecordTTL sets private-zone-record-ttl, the record's TTL in seconds. Default: the
	// controller's configured TTL.
	RecordTTL *int64 `json:"recordTTL,omitempty" annotation:"private-zone-record-ttl" jsonschema:"minimum=1"`
}

// HTTPS sets the certificate of the gateway's HTTPS listener.
type HTTPS struct {
	// CertID sets cert-id to this certificate id and, unless loadBalancer.listeners.protocolPort
	// is set, protocol-port to "https:443,http:80".
	CertID string `json:"certID,omitempty" annotation:"cert-id,protocol-port" jsonschema:"minLength=1,pattern=^[A-Za-z0-9][A-Za-z0-9_.-]*$,example=123-cn-hangzhou"`
}

// AnnotatedField is a profile field and an annotation suffix it sets, as its `annotation` tag says.
type AnnotatedField struct {
	// Field is the dotted path of the field, such as spec.loadBalancer.healthCheck.interval.
	Field string
	// Suffix follows the controller's annotation prefix in the key, such as health-check-interval.
	Suffix string
}

// AnnotatedFields lists every field that sets an annotation and the suffix it sets, in
// declaration order (a field that sets two annotations is listed twice). The render package's
// annotation table must match it; Load uses it to refuse extraAnnotations that a field sets.
func AnnotatedFields() []AnnotatedField {
	return annotatedFields()
}

var annotatedFields = sync.OnceValue(func() []AnnotatedField {
	var out []AnnotatedField
	var walk func(prefix string, t reflect.Type)
	walk = func(prefix string, t reflect.Type) {
		for f := range t.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			path := prefix + name
			if tag := f.Tag.Get("annotation"); tag != "" {
				for suffix := range strings.SplitSeq(tag, ",") {
					out = append(out, AnnotatedField{Field: path, Suffix: suffix})
				}
				continue
			}
			if f.Type.Kind() == reflect.Struct {
				walk(path+".", f.Type)
			}
		}
	}
	walk("spec.", reflect.TypeFor[Spec]())
	return out
})
