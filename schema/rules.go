package schema

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"

	"github.com/invopop/jsonschema"
)

// fieldRule is a cross-field rule of the cloud controller on spec.loadBalancer: when the field If
// is set (to IfValue, when given), the field Then must be set (to ThenValue, when given).
//
// The table below is the one source of these rules: JSONSchemaExtend writes each as an
// if/then into the schema (so editors enforce it), and Load maps the validator's errors under
// allOf/<i>/then back to the rule's Message, pointing at the If field.
type fieldRule struct {
	If, IfValue     string
	Then, ThenValue string
	// ThenMayBeAbsent is true when leaving Then out satisfies the rule because the controller's
	// default for Then is ThenValue (addressType defaults to internet).
	ThenMayBeAbsent bool
	Message         string
}

// loadBalancerRules are the controller's rules between spec.loadBalancer fields.
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
}

// JSONSchemaExtend writes loadBalancerRules into the generated schema as allOf if/then pairs.
func (LoadBalancer) JSONSchemaExtend(s *jsonschema.Schema) {
	for _, r := range loadBalancerRules {
		cond := &jsonschema.Schema{Required: []string{r.If}}
		if r.IfValue != "" {
			cond.Properties = jsonschema.NewProperties()
			cond.Properties.Set(r.If, &jsonschema.Schema{Const: r.IfValue})
		}
		then := &jsonschema.Schema{}
		if !r.ThenMayBeAbsent {
			then.Required = []string{r.Then}
		}
		if r.ThenValue != "" {
			then.Properties = jsonschema.NewProperties()
			then.Properties.Set(r.Then, &jsonschema.Schema{Const: r.ThenValue})
		}
		s.AllOf = append(s.AllOf, &jsonschema.Schema{If: cond, Then: then, Description: r.Message})
	}
}

// JSONSchemaExtend keeps metadata open: kustomize and kpt annotate a function's config and may
// add fields we do not read.
func (Metadata) JSONSchemaExtend(s *jsonschema.Schema) {
	s.AdditionalProperties = jsonschema.TrueSchema
}

// checkProfile applies the rules JSON Schema cannot say (comparisons between values) and the
// advisory checks on values the controller's docs constrain but its source does not, which
// are warnings. It runs on a profile that passed the schema.
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
	if lb.Name != "" && !documentedLBName.MatchString(lb.Name) {
		d = append(d, at.warnf(lbPath+"name",
			"%q does not match the documented form (1 to 80 letters, digits, '.', '_' or '-', starting with a letter); the cloud API may reject it", lb.Name))
	}
	return d
}

// knownInstanceSpecs are the CLB specs the controller's docs list. The controller passes the
// value through unchecked, so another name is a warning, not an error.
var knownInstanceSpecs = []string{
	"slb.s1.small", "slb.s2.small", "slb.s2.medium", "slb.s3.small", "slb.s3.medium", "slb.s3.large",
}

// maxDocumentedBandwidth is the docs' upper bound for bandwidth, in Mbps.
const maxDocumentedBandwidth = 5120

// documentedLBName is the docs' form of a load balancer name.
var documentedLBName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9._-]{0,79}$`)

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
