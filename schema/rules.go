package schema

import (
	"reflect"
	"strings"
	"sync"
)

// FieldRule is a cross-field rule of the cloud controller within one object of the profile: when
// the field If is set (to IfValue, when given), the field Then must be set (to ThenValue, when
// given). If and Then are dotted paths relative to the object, so a rule of spec.loadBalancer may
// name spec.loadBalancer.backend.weight as "backend.weight".
//
// Each object type with rules has its own table, returned by its fieldRules method. The tables
// are the one source of these rules: the schema generator writes each as an if/then into the
// schema (so editors enforce it; SchemaRules), and Load maps the validator's errors under
// <object>/allOf/<i>/then back to the rule's Message, pointing at the If field.
type FieldRule struct {
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
	fieldRules() []FieldRule
}

// loadBalancerRules are the controller's rules between spec.loadBalancer fields, including those
// that reach into its groups.
var loadBalancerRules = []FieldRule{
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
	// clbv1/loadbalancer.go setModelDefaultValue, updateInstanceChargeTypeAndInstanceSpec). An
	// empty charge type is PayByCLCU since CCM v2.12.4, so slbgw writes PayBySpec with a spec when
	// instanceChargeType is left out.
	{If: "instanceSpec", Then: "instanceChargeType", ThenValue: "PayBySpec", ThenMayBeAbsent: true,
		Message: `instanceSpec applies only with instanceChargeType "PayBySpec" (which slbgw writes when instanceChargeType is left out): PayByCLCU instances have no spec`},
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

// healthCheckRules keep the http-check fields off a tcp check. (method and timeout are read by
// http and https listeners only, whatever the type: their protocols tag says so.) Leaving type out never blocks a
// setup: tcp listeners then get the default tcp check, and http and https listeners always check
// over HTTP, so a Service with both kinds of listener leaves type out.
var healthCheckRules = []FieldRule{
	{If: "uri", Then: "type", ThenValue: "http", ThenMayBeAbsent: true,
		Message: `uri applies only to an http check: set type "http" or leave type out`},
	{If: "domain", Then: "type", ThenValue: "http", ThenMayBeAbsent: true,
		Message: `domain applies only to an http check: set type "http" or leave type out`},
	{If: "httpCodes", Then: "type", ThenValue: "http", ThenMayBeAbsent: true,
		Message: `httpCodes applies only to an http check: set type "http" or leave type out`},
}

// stickySessionRules are the cookie rules of http and https listeners (docs and the CLB API:
// sticky-session on needs a type; insert needs cookie-timeout; server needs cookie).
var stickySessionRules = []FieldRule{
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
var aclRules = []FieldRule{
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
var connectionDrainRules = []FieldRule{
	{If: "timeout", Then: "enabled", ThenValue: true,
		Message: "timeout applies only with enabled: true"},
	{If: "enabled", IfValue: true, Then: "timeout",
		Message: "enabled: true needs timeout (seconds)"},
}

// backendRules: the controller reads weight only for the vServer groups of vgroup-port
// (clbv1/vgroups.go buildVGroupForServicePort).
var backendRules = []FieldRule{
	{If: "weight", Then: "vServerGroupPorts",
		Message: "weight applies only with vServerGroupPorts (the controller weights reused vServer groups only)"},
}

func (LoadBalancer) fieldRules() []FieldRule    { return loadBalancerRules }
func (HealthCheck) fieldRules() []FieldRule     { return healthCheckRules }
func (StickySession) fieldRules() []FieldRule   { return stickySessionRules }
func (ACL) fieldRules() []FieldRule             { return aclRules }
func (ConnectionDrain) fieldRules() []FieldRule { return connectionDrainRules }
func (Backend) fieldRules() []FieldRule         { return backendRules }

// ruleSet is the rule table of one object of the profile, found where the schema has it.
type ruleSet struct {
	field string // dotted path of the object, such as spec.loadBalancer.healthCheck
	rules []FieldRule
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

// SchemaRules maps the JSON pointer of each object with cross-field rules in the generated
// schema to its rule table. The schema generator (schema/gen) writes each rule there as an
// if/then, so editors enforce the rules too.
func SchemaRules() map[string][]FieldRule {
	out := map[string][]FieldRule{}
	for pointer, set := range ruleSets() {
		out[pointer] = set.rules
	}
	return out
}
