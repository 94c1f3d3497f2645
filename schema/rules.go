package schema

import (
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/invopop/jsonschema"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// fieldRule is a cross-field rule of the cloud controller within one object of the profile: when
// the field If is set (to IfValue, when given), the field Then must be set (to ThenValue, when
// given). If and Then are dotted paths relative to the object, so a rule of spec.loadBalancer may
// name spec.loadBalancer.backend.weight as "backend.weight".
//
// Each object type with rules has its own table, returned by its fieldRules method. The tables
// are the one source of these rules: the type's JSONSchemaExtend writes each as an if/then into
// the schema (so editors enforce it), and Load maps the validator's errors under
// <object>/allOf/<i>/then back to the rule's Message, pointing at the If field.
type fieldRule struct {
	If   string
	Then string
	// IfValue and ThenValue are the values the rule compares with (a string or a bool); nil
	// means "set to anything".
	IfValue, ThenValue any
	// ThenMayBeAbsent is true when leaving Then out satisfies the rule: because the controller's
	// default for Then is ThenValue (addressType defaults to internet), or because leaving it out
	// is a setup the rule allows (see healthCheckRules).
	ThenMayBeAbsent bool
	Message         string
}

// ruleTable is an object type of the profile with cross-field rules.
type ruleTable interface {
	fieldRules() []fieldRule
}

// loadBalancerRules are the controller's rules between spec.loadBalancer fields, including those
// that reach into its groups.
var loadBalancerRules = []fieldRule{
	{If: "bandwidth", Then: "chargeType", ThenValue: "paybybandwidth",
		Message: `bandwidth applies only with chargeType "paybybandwidth"`},
	{If: "chargeType", IfValue: "paybybandwidth", Then: "bandwidth",
		Message: `chargeType "paybybandwidth" needs bandwidth (peak Mbps)`},
	{If: "chargeType", IfValue: "paybybandwidth", Then: "addressType", ThenValue: "internet", ThenMayBeAbsent: true,
		Message: `chargeType "paybybandwidth" applies only to addressType "internet"`},
	{If: "networkType", Then: "addressType", ThenValue: "intranet",
		Message: `networkType applies only with addressType "intranet"`},
	{If: "forceOverrideListeners", Then: "id",
		Message: "forceOverrideListeners applies only when reusing an existing load balancer (id)"},
	{If: "slaveZoneID", Then: "masterZoneID",
		Message: "slaveZoneID needs masterZoneID"},
	// The controller applies spec only to PayBySpec instances (model.InstanceChargeType.IsPayBySpec,
	// clbv1/loadbalancer.go updateInstanceChargeTypeAndInstanceSpec); an empty charge type is PayBySpec.
	{If: "instanceSpec", Then: "instanceChargeType", ThenValue: "PayBySpec", ThenMayBeAbsent: true,
		Message: `instanceSpec applies only with instanceChargeType "PayBySpec" (the default): PayByCLCU instances have no spec`},
	{If: "vswitchID", Then: "addressType", ThenValue: "intranet",
		Message: `vswitchID applies only with addressType "intranet"`},
	{If: "ip", Then: "addressType", ThenValue: "intranet",
		Message: `ip applies only with addressType "intranet"`},
	{If: "ip", Then: "vswitchID",
		Message: "ip needs vswitchID (the vSwitch the address belongs to)"},
	{If: "ipVersion", IfValue: "ipv6", Then: "addressType", ThenValue: "internet", ThenMayBeAbsent: true,
		Message: `ipVersion "ipv6" applies only to addressType "internet"`},
	// The controller reads vgroup-port only for a reused LB (clbv1/listeners.go and vgroups.go:
	// isUserManagedLB && vgroup-port).
	{If: "backend.vServerGroupPorts", Then: "id",
		Message: "backend.vServerGroupPorts applies only when reusing an existing load balancer (id)"},
}

// healthCheckRules keep the http-check fields off a tcp check. Leaving type out never blocks a
// setup: tcp listeners then get the default tcp check, and http and https listeners always check
// over HTTP, so a Service with both kinds of listener leaves type out.
var healthCheckRules = []fieldRule{
	{If: "uri", Then: "type", ThenValue: "http", ThenMayBeAbsent: true,
		Message: `uri applies only to an http check: set type "http" or leave type out`},
	{If: "domain", Then: "type", ThenValue: "http", ThenMayBeAbsent: true,
		Message: `domain applies only to an http check: set type "http" or leave type out`},
	{If: "httpCodes", Then: "type", ThenValue: "http", ThenMayBeAbsent: true,
		Message: `httpCodes applies only to an http check: set type "http" or leave type out`},
	{If: "method", Then: "type", ThenValue: "http", ThenMayBeAbsent: true,
		Message: `method applies only to an http check: set type "http" or leave type out`},
	{If: "timeout", Then: "type", ThenValue: "http", ThenMayBeAbsent: true,
		Message: `timeout applies only to an http check: set type "http" or leave type out (tcp checks use connectTimeout)`},
}

// stickySessionRules are the cookie rules of http and https listeners (docs and the CLB API:
// sticky-session on needs a type; insert needs cookie-timeout; server needs cookie).
var stickySessionRules = []fieldRule{
	{If: "type", Then: "enabled", ThenValue: true,
		Message: "type applies only with enabled: true"},
	{If: "enabled", IfValue: true, Then: "type",
		Message: `enabled: true needs type ("insert" or "server")`},
	{If: "cookieTimeout", Then: "type", ThenValue: "insert",
		Message: `cookieTimeout applies only with type "insert"`},
	{If: "type", IfValue: "insert", Then: "cookieTimeout",
		Message: `type "insert" needs cookieTimeout (seconds)`},
	{If: "cookie", Then: "type", ThenValue: "server",
		Message: `cookie applies only with type "server"`},
	{If: "type", IfValue: "server", Then: "cookie",
		Message: `type "server" needs cookie (the name of the backend's cookie)`},
}

// aclRules: acl-id needs acl-status on, acl-type needs acl-id, and acl-status on needs both
// (docs: "If AclStatus is on, this parameter must be set").
var aclRules = []fieldRule{
	{If: "id", Then: "enabled", ThenValue: true,
		Message: "id applies only with enabled: true"},
	{If: "type", Then: "id",
		Message: "type needs id"},
	{If: "enabled", IfValue: true, Then: "id",
		Message: "enabled: true needs id (the access control list)"},
	{If: "enabled", IfValue: true, Then: "type",
		Message: `enabled: true needs type ("white" or "black")`},
}

// connectionDrainRules: the timeout needs drain on, and the CLB API needs a timeout when it is on.
var connectionDrainRules = []fieldRule{
	{If: "timeout", Then: "enabled", ThenValue: true,
		Message: "timeout applies only with enabled: true"},
	{If: "enabled", IfValue: true, Then: "timeout",
		Message: "enabled: true needs timeout (seconds)"},
}

// backendRules: the controller reads weight only for the vServer groups of vgroup-port
// (clbv1/vgroups.go buildVGroupForServicePort).
var backendRules = []fieldRule{
	{If: "weight", Then: "vServerGroupPorts",
		Message: "weight applies only with vServerGroupPorts (the controller weights reused vServer groups only)"},
}

func (LoadBalancer) fieldRules() []fieldRule    { return loadBalancerRules }
func (HealthCheck) fieldRules() []fieldRule     { return healthCheckRules }
func (StickySession) fieldRules() []fieldRule   { return stickySessionRules }
func (ACL) fieldRules() []fieldRule             { return aclRules }
func (ConnectionDrain) fieldRules() []fieldRule { return connectionDrainRules }
func (Backend) fieldRules() []fieldRule         { return backendRules }

// JSONSchemaExtend writes loadBalancerRules into the generated schema as allOf if/then pairs.
func (lb LoadBalancer) JSONSchemaExtend(s *jsonschema.Schema) { extendWithRules(s, lb) }

// JSONSchemaExtend writes healthCheckRules into the generated schema.
func (h HealthCheck) JSONSchemaExtend(s *jsonschema.Schema) { extendWithRules(s, h) }

// JSONSchemaExtend writes stickySessionRules into the generated schema.
func (ss StickySession) JSONSchemaExtend(s *jsonschema.Schema) { extendWithRules(s, ss) }

// JSONSchemaExtend writes aclRules into the generated schema.
func (a ACL) JSONSchemaExtend(s *jsonschema.Schema) { extendWithRules(s, a) }

// JSONSchemaExtend writes connectionDrainRules into the generated schema.
func (c ConnectionDrain) JSONSchemaExtend(s *jsonschema.Schema) { extendWithRules(s, c) }

// JSONSchemaExtend writes backendRules into the generated schema.
func (b Backend) JSONSchemaExtend(s *jsonschema.Schema) { extendWithRules(s, b) }

func extendWithRules(s *jsonschema.Schema, t ruleTable) {
	for _, r := range t.fieldRules() {
		cond := fieldSchema(strings.Split(r.If, "."), r.IfValue, true)
		then := fieldSchema(strings.Split(r.Then, "."), r.ThenValue, !r.ThenMayBeAbsent)
		s.AllOf = append(s.AllOf, &jsonschema.Schema{If: cond, Then: then, Description: r.Message})
	}
}

// fieldSchema says "the field at path is set (when required) and, when present, equals value
// (when value is not nil)", nesting one object schema per path segment.
func fieldSchema(path []string, value any, required bool) *jsonschema.Schema {
	s := &jsonschema.Schema{}
	if required {
		s.Required = []string{path[0]}
	}
	var child *jsonschema.Schema
	switch {
	case len(path) > 1:
		child = fieldSchema(path[1:], value, required)
	case value != nil:
		child = &jsonschema.Schema{Const: value}
	}
	if child != nil {
		s.Properties = jsonschema.NewProperties()
		s.Properties.Set(path[0], child)
	}
	return s
}

// ruleSet is the rule table of one object of the profile, found where the schema has it.
type ruleSet struct {
	field string // dotted path of the object, such as spec.loadBalancer.healthCheck
	rules []fieldRule
}

// ruleSets maps the JSON pointer of each object with rules in the generated (inlined) schema,
// such as /properties/spec/properties/loadBalancer, to its table. It walks the Go types the way
// the schema generator does, so the two cannot disagree.
var ruleSets = sync.OnceValue(func() map[string]ruleSet {
	sets := map[string]ruleSet{}
	tableType := reflect.TypeFor[ruleTable]()
	var walk func(pointer, field string, t reflect.Type)
	walk = func(pointer, field string, t reflect.Type) {
		if t.Implements(tableType) {
			sets[pointer] = ruleSet{field: field, rules: reflect.Zero(t).Interface().(ruleTable).fieldRules()}
		}
		for f := range t.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" || f.Type.Kind() != reflect.Struct {
				continue
			}
			walk(pointer+"/properties/"+name, strings.TrimPrefix(field+"."+name, "."), f.Type)
		}
	}
	walk("", "", reflect.TypeFor[Profile]())
	return sets
})

// JSONSchemaExtend keeps metadata open: kustomize and kpt annotate a function's config and may
// add fields we do not read.
func (Metadata) JSONSchemaExtend(s *jsonschema.Schema) {
	s.AdditionalProperties = jsonschema.TrueSchema
}

// checkProfile applies the rules JSON Schema cannot say (comparisons between values, parsed
// lists) and the advisory checks on values the controller's docs constrain but its source does
// not, which are warnings. It runs on a profile that passed the schema, and also on one that did
// not, so it must not assume the schema's patterns hold.
func checkProfile(p *Profile, at locator) Diagnostics {
	var d Diagnostics
	lb := p.Spec.LoadBalancer
	const lbPath = "spec.loadBalancer."
	if lb.MasterZoneID != "" && lb.MasterZoneID == lb.SlaveZoneID {
		d = append(d, at.errorf(lbPath+"slaveZoneID", "Invalid value: %q: must differ from masterZoneID", lb.SlaveZoneID))
	}
	if lb.MasterZoneID != "" {
		d = append(d, at.warnf(lbPath+"masterZoneID",
			"zones are fixed when the load balancer is created; changing them later needs a new load balancer"))
	}
	if lb.ForceOverrideListeners != nil && *lb.ForceOverrideListeners && lb.ID != "" {
		d = append(d, at.warnf(lbPath+"forceOverrideListeners",
			"the controller will override listeners on clashing ports of %s and delete clashing ones; this may interrupt other traffic on a shared load balancer", lb.ID))
	}
	if lb.InstanceSpec != "" && !slices.Contains(knownInstanceSpecs, lb.InstanceSpec) {
		d = append(d, at.warnf(lbPath+"instanceSpec",
			"%q is not a spec the docs list (%s); the cloud API will reject it if it does not exist", lb.InstanceSpec, quoteList(knownInstanceSpecs)))
	}
	if lb.Bandwidth != nil && *lb.Bandwidth > maxDocumentedBandwidth {
		d = append(d, at.warnf(lbPath+"bandwidth",
			"%s Mbps is above the documented maximum of %d; the cloud API may reject it", strconv.FormatInt(*lb.Bandwidth, 10), maxDocumentedBandwidth))
	}
	if lb.Name != "" && !documentedLBName().MatchString(lb.Name) {
		d = append(d, at.warnf(lbPath+"name",
			"%q does not match the documented form (1 to 80 letters, digits, '.', '_' or '-', starting with a letter); the cloud API may reject it", lb.Name))
	}
	if pz := lb.PrivateZone; pz.RecordName != "" && pz.Name == "" && pz.ID == "" {
		d = append(d, at.warnf(lbPath+"privateZone.recordName",
			"a record needs its zone: set privateZone.name or privateZone.id, or the Service must get them elsewhere"))
	}
	d = append(d, checkListeners(p, at)...)
	for _, r := range documentedRanges {
		// Below the schema's minimum the schema already reports an error.
		if v := r.get(&lb); v != nil && *v >= r.floor && (*v < r.min || *v > r.max) {
			d = append(d, at.warnf(lbPath+r.field,
				"%d is outside the documented range of %d to %d%s; the controller passes it on unchecked and the cloud API may reject it", *v, r.min, r.max, r.unit))
		}
	}
	if s := lb.Listeners.Scheduler; s != "" {
		if !slices.Contains(documentedSchedulers, s) {
			d = append(d, at.warnf(lbPath+"listeners.scheduler",
				"%q is not a scheduler the docs list (%s); the controller passes it on unchecked and the cloud API may reject it", s, quoteList(documentedSchedulers)))
		}
		if p.Spec.Service.ExternalTrafficPolicy == "Local" && s != "wrr" {
			d = append(d, at.warnf(lbPath+"listeners.scheduler",
				`with externalTrafficPolicy "Local" the docs advise "wrr", so nodes are weighted by how many gateway pods they run`))
		}
	}
	if port := lb.HealthCheck.ConnectPort; port != nil && *port < 1 && *port != -520 {
		d = append(d, at.warnf(lbPath+"healthCheck.connectPort",
			"%d is not a port the docs allow (1 to 65535, or -520 for the listener's backend port); the cloud API may reject it", *port))
	}
	if c := lb.StickySession.Cookie; c != "" && !documentedCookie().MatchString(c) {
		d = append(d, at.warnf(lbPath+"stickySession.cookie",
			"%q does not match the documented form (1 to 200 characters without ',', ';' or spaces, not starting with '$'); the cloud API may reject it", c))
	}
	if dom := lb.HealthCheck.Domain; dom != "" && !documentedHealthCheckDomain().MatchString(dom) {
		d = append(d, at.warnf(lbPath+"healthCheck.domain",
			`%q does not match the documented form ("$_ip", or 1 to 80 letters, digits, '.' or '-'); the cloud API may reject it`, dom))
	}
	if lb.Hostname != "" && lb.ExternalIPType != "" {
		d = append(d, at.warnf(lbPath+"externalIPType",
			"has no effect while hostname is set: the controller reports hostname in the Service's status instead"))
	}
	d = append(d, checkKeyValueList(at, lbPath+"additionalResourceTags", lb.AdditionalResourceTags)...)
	d = append(d, checkKeyValueList(at, lbPath+"backend.labels", lb.Backend.Labels)...)
	d = append(d, checkExtraAnnotations(at, lbPath+"extraAnnotations", lb.ExtraAnnotations)...)
	return d
}

// listener is one entry of protocol-port.
type listener struct {
	proto string
	port  int
}

// DefaultHTTPSProtocolPort is the listener layout https.certID sets (protocol-port) when
// listeners.protocolPort is left out: the gateway's https and http ports.
const DefaultHTTPSProtocolPort = "https:443,http:80"

// checkListeners checks protocolPort and forwardPort as lists, and the settings that apply only to
// http or https listeners against the listener layout, when the profile fixes it (protocolPort,
// or https.certID). Otherwise the Service keeps the protocol-port it has, which slbgw cannot see
// here, so those checks are skipped.
func checkListeners(p *Profile, at locator) Diagnostics {
	var d Diagnostics
	lb := &p.Spec.LoadBalancer
	const ppField = "spec.loadBalancer.listeners.protocolPort"
	const fpField = "spec.loadBalancer.listeners.forwardPort"
	layout, layoutText := lb.Listeners.ProtocolPort, lb.Listeners.ProtocolPort
	if layout == "" && p.Spec.HTTPS.CertID != "" {
		layout, layoutText = DefaultHTTPSProtocolPort, DefaultHTTPSProtocolPort+", from https.certID"
	}
	var listeners []listener
	known := false
	if layout != "" {
		pairs, ok := parsePairs(layout)
		known = ok
		seen := map[int]bool{}
		for _, pair := range pairs {
			if !slices.Contains(listenerProtocols, pair[0]) {
				known = false // the schema reports it
				continue
			}
			port, err := strconv.Atoi(pair[1])
			if err != nil || port < 1 || port > 65535 {
				d = append(d, at.errorf(ppField, "Invalid value: %q: port %s is not 1 to 65535", layout, pair[1]))
				known = false
				continue
			}
			if seen[port] {
				d = append(d, at.errorf(ppField, "Invalid value: %q: port %d appears twice; a Service port has one listener protocol", layout, port))
			}
			seen[port] = true
			listeners = append(listeners, listener{proto: pair[0], port: port})
		}
	}
	has := func(proto string, port int) bool {
		return slices.ContainsFunc(listeners, func(l listener) bool { return l.proto == proto && (port == 0 || l.port == port) })
	}

	if fp := lb.Listeners.ForwardPort; fp != "" {
		pairs, _ := parsePairs(fp)
		seen := map[string]bool{}
		for _, pair := range pairs {
			from, errFrom := strconv.Atoi(pair[0])
			to, errTo := strconv.Atoi(pair[1])
			if errFrom != nil || errTo != nil || from < 1 || from > 65535 || to < 1 || to > 65535 {
				d = append(d, at.errorf(fpField, "Invalid value: %q: ports must be 1 to 65535", fp))
				continue
			}
			if seen[pair[0]] {
				d = append(d, at.errorf(fpField, "Invalid value: %q: port %d is forwarded twice", fp, from))
			}
			seen[pair[0]] = true
			if !known {
				continue
			}
			if !has("http", from) {
				d = append(d, at.errorf(fpField, "Invalid value: %q: port %d needs an http listener (listeners: %q)", fp, from, layoutText))
			}
			if !has("https", to) {
				d = append(d, at.errorf(fpField, "Invalid value: %q: port %d needs an https listener (listeners: %q)", fp, to, layoutText))
			}
		}
	}
	if !known {
		return d
	}
	if lb.Listeners.ProtocolPort != "" && has("https", 0) && p.Spec.HTTPS.CertID == "" {
		d = append(d, at.warnf(ppField,
			"an https listener needs a certificate, and https.certID is not set: the Service's own cert-id annotation is kept (on ASK, the platform's self-signed certificate); without one the controller cannot create the listener"))
	}
	if p.Spec.HTTPS.CertID != "" && !has("https", 0) {
		d = append(d, at.warnf("spec.https.certID", "has no effect: the listeners (%q) include no https listener", layoutText))
	}
	for _, f := range layer7Fields {
		if !f.set(lb) {
			continue
		}
		switch {
		case f.httpsOnly && !has("https", 0):
			d = append(d, at.warnf("spec.loadBalancer."+f.field, "has no effect: the listeners (%q) include no https listener", layoutText))
		case !f.httpsOnly && !has("http", 0) && !has("https", 0):
			d = append(d, at.warnf("spec.loadBalancer."+f.field, "has no effect: the listeners (%q) include no http or https listener", layoutText))
		}
	}
	return d
}

// listenerProtocols are the protocols protocol-port may name; the controller refuses others
// (clbv1/listeners.go protocol).
var listenerProtocols = []string{"tcp", "udp", "http", "https"}

// parsePairs splits "a:b,c:d" into pairs. ok is false when an item is not two non-empty parts.
func parsePairs(s string) (pairs [][2]string, ok bool) {
	ok = true
	for item := range strings.SplitSeq(s, ",") {
		a, b, found := strings.Cut(item, ":")
		if !found || a == "" || b == "" || strings.Contains(b, ":") {
			ok = false
			continue
		}
		pairs = append(pairs, [2]string{a, b})
	}
	return pairs, ok
}

// layer7Fields are the settings only http and https listeners (or only https ones) read.
var layer7Fields = []struct {
	field     string
	httpsOnly bool
	set       func(*LoadBalancer) bool
}{
	{"listeners.http2", true, func(lb *LoadBalancer) bool { return lb.Listeners.HTTP2 != nil }},
	{"listeners.tlsCipherPolicy", true, func(lb *LoadBalancer) bool { return lb.Listeners.TLSCipherPolicy != "" }},
	{"listeners.idleTimeout", false, func(lb *LoadBalancer) bool { return lb.Listeners.IdleTimeout != nil }},
	{"listeners.requestTimeout", false, func(lb *LoadBalancer) bool { return lb.Listeners.RequestTimeout != nil }},
	{"xForwardedFor.proto", false, func(lb *LoadBalancer) bool { return lb.XForwardedFor.Proto != nil }},
	{"xForwardedFor.slbPort", false, func(lb *LoadBalancer) bool { return lb.XForwardedFor.SLBPort != nil }},
	{"xForwardedFor.clientSrcPort", false, func(lb *LoadBalancer) bool { return lb.XForwardedFor.ClientSrcPort != nil }},
	{"healthCheck.layer7Enabled", false, func(lb *LoadBalancer) bool { return lb.HealthCheck.Layer7Enabled != nil }},
	{"stickySession.enabled", false, func(lb *LoadBalancer) bool { return lb.StickySession.Enabled != nil }},
}

// documentedRanges are the ranges the controller's docs give for its numeric annotations. The
// controller source parses each with strconv.Atoi and passes it to the cloud API unchecked (the
// same ranges appear only as comments on model.ListenerAttribute, pkg/model/load_balancer.go), so
// a value outside is a warning. The schema's minimum is 1 where the provider sends the value only
// when it is not 0 (pkg/provider/alibaba/slb/listener.go), so 0 would silently do nothing.
var documentedRanges = []struct {
	field    string
	get      func(*LoadBalancer) *int64
	floor    int64 // the schema's minimum
	min, max int64
	unit     string
}{
	{"listeners.idleTimeout", func(lb *LoadBalancer) *int64 { return lb.Listeners.IdleTimeout }, 1, 1, 60, " seconds"},
	{"listeners.requestTimeout", func(lb *LoadBalancer) *int64 { return lb.Listeners.RequestTimeout }, 1, 1, 180, " seconds"},
	{"listeners.establishedTimeout", func(lb *LoadBalancer) *int64 { return lb.Listeners.EstablishedTimeout }, 1, 10, 900, " seconds"},
	{"connectionDrain.timeout", func(lb *LoadBalancer) *int64 { return lb.ConnectionDrain.Timeout }, 1, 10, 900, " seconds"},
	{"healthCheck.healthyThreshold", func(lb *LoadBalancer) *int64 { return lb.HealthCheck.HealthyThreshold }, 1, 2, 10, ""},
	{"healthCheck.unhealthyThreshold", func(lb *LoadBalancer) *int64 { return lb.HealthCheck.UnhealthyThreshold }, 1, 2, 10, ""},
	{"healthCheck.interval", func(lb *LoadBalancer) *int64 { return lb.HealthCheck.Interval }, 1, 1, 50, " seconds"},
	{"healthCheck.connectTimeout", func(lb *LoadBalancer) *int64 { return lb.HealthCheck.ConnectTimeout }, 1, 1, 300, " seconds"},
	{"healthCheck.timeout", func(lb *LoadBalancer) *int64 { return lb.HealthCheck.Timeout }, 1, 1, 300, " seconds"},
	{"stickySession.cookieTimeout", func(lb *LoadBalancer) *int64 { return lb.StickySession.CookieTimeout }, 1, 1, 86400, " seconds"},
	{"stickySession.persistenceTimeout", func(lb *LoadBalancer) *int64 { return lb.StickySession.PersistenceTimeout }, 0, 0, 3600, " seconds"},
}

// documentedSchedulers are the schedulers the docs list. The controller copies the annotation
// into the listener unchecked (clbv1/listeners.go), and the cloud API knows more for some
// listener types (sch, tch, qch), so another value is a warning.
var documentedSchedulers = []string{"wrr", "rr", "wlc"}

// documentedCookie and documentedHealthCheckDomain are the docs' forms; the controller passes
// both values on unchecked. These regexps, like documentedLBName, are compiled on first use:
// their bounded repeats make large programs, and compiling them in init cost every start of
// slbgw about 0.3 ms, for checks only a profile that sets those fields needs.
var (
	documentedCookie            = lazyRegexp(`^[^$,;\s][^,;\s]{0,199}$`)
	documentedHealthCheckDomain = lazyRegexp(`^(\$_ip|[A-Za-z0-9.-]{1,80})$`)
)

// lazyRegexp returns a function that compiles expr the first time it is called.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// checkKeyValueList checks a map written as k1=v1,k2=v2: the controller splits on ',' and '='
// (annotation.GetLoadBalancerAdditionalTags), so neither may appear in a key or a value.
func checkKeyValueList(at locator, field string, m map[string]string) Diagnostics {
	var d Diagnostics
	for _, k := range slices.Sorted(maps.Keys(m)) {
		switch {
		case k == "":
			d = append(d, at.mapKeyError(field, k, "Invalid value: \"\": a key may not be empty"))
		case strings.ContainsAny(k, ",="):
			d = append(d, at.mapKeyError(field, k, "Invalid value: %q: a key may not contain ',' or '=' (the annotation is k1=v1,k2=v2)", k))
		case strings.ContainsAny(m[k], ",="):
			d = append(d, at.mapKeyError(field, k, "Invalid value: %q: a value may not contain ',' or '=' (the annotation is k1=v1,k2=v2)", m[k]))
		}
	}
	return d
}

// CCMAnnotationPrefix starts every annotation key of the cloud controller for a CLB; the keys of
// extraAnnotations must carry it.
const CCMAnnotationPrefix = "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-"

const legacyCCMAnnotationPrefix = "service.beta.kubernetes.io/alicloud-loadbalancer-"

// checkExtraAnnotations refuses keys without the controller's prefix and keys a field sets,
// and warns that the others are passed on unchecked.
func checkExtraAnnotations(at locator, field string, m map[string]string) Diagnostics {
	var d Diagnostics
	owner := map[string]string{}
	for _, f := range AnnotatedFields() {
		if _, ok := owner[f.Suffix]; !ok {
			owner[f.Suffix] = f.Field
		}
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		suffix, ok := strings.CutPrefix(k, CCMAnnotationPrefix)
		switch {
		case !ok && strings.HasPrefix(k, legacyCCMAnnotationPrefix):
			d = append(d, at.mapKeyError(field, k, "Invalid value: %q: must start with %q (the legacy prefix is read only when the current key is absent)", k, CCMAnnotationPrefix))
		case !ok || suffix == "":
			d = append(d, at.mapKeyError(field, k, "Invalid value: %q: must start with %q and name an annotation of the cloud controller", k, CCMAnnotationPrefix))
		case owner[suffix] != "":
			d = append(d, at.mapKeyError(field, k, "Forbidden: %s is set by a field: use %s", suffix, owner[suffix]))
		default:
			d = append(d, at.mapKeyDiagnostic(SeverityWarning, field, k,
				"set as it is, unchecked: slbgw does not know the values of %s; check them against the cloud controller's docs", suffix))
		}
	}
	return d
}

// mapKeyError reports an error about one key of the map at field; the finding's field is
// field[key] and its position is the key's.
func (l locator) mapKeyError(field, key, format string, args ...any) Diagnostic {
	return l.mapKeyDiagnostic(SeverityError, field, key, format, args...)
}

func (l locator) mapKeyDiagnostic(sev Severity, field, key, format string, args ...any) Diagnostic {
	node := l.valueNode(field)
	if m := resolveAlias(node); m != nil && m.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == key {
				node = m.Content[i]
				break
			}
		}
	}
	return l.diagnostic(sev, node, field+"["+key+"]", format, args...)
}

// knownInstanceSpecs are the CLB specs the controller's docs list. The controller passes the
// value through unchecked, so another name is a warning, not an error.
var knownInstanceSpecs = []string{
	"slb.s1.small", "slb.s2.small", "slb.s2.medium", "slb.s3.small", "slb.s3.medium", "slb.s3.large",
}

// maxDocumentedBandwidth is the docs' upper bound for bandwidth, in Mbps.
const maxDocumentedBandwidth = 5120

// documentedLBName is the docs' form of a load balancer name.
var documentedLBName = lazyRegexp(`^[A-Za-z][A-Za-z0-9._-]{0,79}$`)

func quoteList(values []string) string {
	s := ""
	for i, v := range values {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%q", v)
	}
	return s
}
