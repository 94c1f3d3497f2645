package change

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/schema"
)

const (
	// OnCreation is the class of every change to a Service that has no load balancer yet.
	OnCreation schema.ChangeClass = "on-creation"
	// Unknown is the class of an extra annotation's change: slbgw does not know the key.
	Unknown schema.ChangeClass = "unknown"
	// RefusedUnlessSame is the class of a value added for a setting fixed at creation whose
	// value the cloud chose then (zones, network type, address, resource group): the controller
	// refuses it unless the load balancer already has it, and the Service does not say. Cloud
	// (plan --lb) tells.
	RefusedUnlessSame schema.ChangeClass = "refused-unless-same"
	// Drift is a setting the profile and the Service agree on that the load balancer itself no
	// longer has (changed in the console): the controller restores it only when the Service's
	// hash changes.
	Drift schema.ChangeClass = "drift"
)

// Cloud is what the cloud says of the load balancer: the scalar fields of the CLB API's
// DescribeLoadBalancerAttribute response (AddressType, MasterZoneId, ...) or the NLB API's
// GetLoadBalancerAttribute response (AddressType, AddressIpVersion, ...), as text. A list of
// strings (SecurityGroupIds) is its items joined by commas, and an NLB's ZoneMappings are
// written as zone-maps writes them, zone:vswitch:ipv4:allocation, so that each reads like the
// annotation it is compared with. nil when not known. Each declaration names its field for its
// class (lbAttribute, nlbAttribute).
type Cloud map[string]string

// ReadCloud reads the JSON that `aliyun slb DescribeLoadBalancerAttribute --LoadBalancerId lb-…`
// prints (the SDK's DescribeLoadBalancerAttributeResponse), or, for an NLB, `aliyun nlb
// GetLoadBalancerAttribute --LoadBalancerId nlb-…`.
func ReadCloud(data []byte) (Cloud, error) {
	const what = "not the JSON of DescribeLoadBalancerAttribute (CLB) or GetLoadBalancerAttribute (NLB)"
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if _, ok := raw["LoadBalancerId"]; !ok {
		return nil, fmt.Errorf("%s: it has no LoadBalancerId", what)
	}
	out := Cloud{}
	for k, v := range raw {
		switch v := v.(type) {
		case string:
			out[k] = v
		case float64:
			out[k] = strconv.FormatFloat(v, 'f', -1, 64)
		case bool:
			out[k] = strconv.FormatBool(v)
		case []any:
			if list, ok := cloudList(k, v); ok {
				out[k] = list
			}
		}
	}
	return out, nil
}

// cloudList is a list attribute as text: strings joined by commas, and ZoneMappings as
// zone-maps (the first address of each zone, as the NLB provider's FindNLB reads it).
func cloudList(name string, items []any) (string, bool) {
	parts := make([]string, 0, len(items))
	for _, item := range items {
		switch item := item.(type) {
		case string:
			parts = append(parts, item)
		case map[string]any:
			if name != "ZoneMappings" {
				return "", false
			}
			text := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
			var ip, allocation string
			if addresses, _ := item["LoadBalancerAddresses"].([]any); len(addresses) > 0 {
				if first, ok := addresses[0].(map[string]any); ok {
					ip, allocation = text(first, "PrivateIPv4Address"), text(first, "AllocationId")
				}
			}
			parts = append(parts, strings.Join([]string{text(item, "ZoneId"), text(item, "VSwitchId"), ip, allocation}, ":"))
		default:
			return "", false
		}
	}
	return strings.Join(parts, ","), true
}

// ConcreteDefault is the value an absent annotation stands for, when the declaration gives one
// the controller or the cloud API (CLB or NLB) applies (internet, ipv4, rr); false for a default the cloud or
// the cluster picks ("the cluster's vSwitch") or none.
func ConcreteDefault(f *schema.AnnotatedField) (string, bool) {
	return concreteDefault(f, "")
}

// concreteDefault is ConcreteDefault on a controller release ("" for the pinned one).
func concreteDefault(f *schema.AnnotatedField, release string) (string, bool) {
	def, _ := f.DefaultFor(release)
	if def == "" || strings.ContainsAny(def, " ,") || (f.DefaultBy != "controller" && f.DefaultBy != "CLB API" && f.DefaultBy != "NLB API") {
		return "", false
	}
	return def, true
}

// onLoadBalancer tells whether the load balancer's value of a setting (lb, from the cloud) is
// what the controller takes for the Service's (value): a zone list it covers, the same set of
// security groups, or else the same value (sameValue).
func onLoadBalancer(f *schema.AnnotatedField, lb, value string) bool {
	switch f.Path {
	case zoneMappings:
		return zonesCovered(strings.Split(value, ","), strings.Split(lb, ","))
	case securityGroupIDs:
		// pkg/util/utils.go IsStringSliceEqual: the same length, each case-insensitively in the other.
		have, want := strings.Split(lb, ","), strings.Split(value, ",")
		return len(have) == len(want) && containsAll(have, want, strings.EqualFold)
	}
	return sameValue(f, lb, value)
}

// zonesCovered tells whether each zone mapping of the Service (zone:vswitch[:ipv4[:allocation]])
// is on the NLB: the same zone and vSwitch, and the address and EIP where the Service gives
// them. nlbv2 updates the zones only when one is not (controller/service/nlbv2/loadbalancer.go
// Update, the ZoneMappings loop).
func zonesCovered(local, remote []string) bool {
	for _, l := range local {
		lp := append(strings.Split(l, ":"), "", "", "")
		if !slices.ContainsFunc(remote, func(r string) bool {
			rp := append(strings.Split(r, ":"), "", "", "")
			return lp[0] == rp[0] && lp[1] == rp[1] && (lp[2] == "" || lp[2] == rp[2]) && (lp[3] == "" || lp[3] == rp[3])
		}) {
			return false
		}
	}
	return true
}

// sameValue compares two values of a setting as the controller does: exactly, or
// case-insensitively where the declaration says so.
func sameValue(f *schema.AnnotatedField, a, b string) bool {
	if f.CaseInsensitive {
		return strings.EqualFold(a, b)
	}
	return a == b
}

// Change is one owned annotation or Service field whose value the apply would change, and what
// the controller does with it.
type Change struct {
	// Field is the profile field that owns it (spec.loadBalancer.addressType), or the extra
	// annotation's path.
	Field string `json:"field"`
	// Keys are the annotation keys the field writes (network-type and its twin slb-network-type
	// are one change), or the Service field (spec.externalTrafficPolicy).
	Keys []string `json:"keys"`
	// Old and New are the values before and after, of the first key; nil when absent. Old is
	// what the controller reads, a legacy key's value included.
	Old *string `json:"old"`
	New *string `json:"new"`
	// Class is what the controller does with the change.
	Class schema.ChangeClass `json:"class"`
	// Detail says why, and for a refused change what to do instead.
	Detail string `json:"detail"`
	// Evidence is the controller code behind the class.
	Evidence string `json:"evidence,omitempty"`
	// Edit is the edit that makes the change.
	Edit Edit `json:"-"`
}

// Classify lists the changes the edits make to the live Service, in the edits' order, one for each
// field, each with what the controller does with it on a running load balancer. desired is live
// with the edits applied. Edits that change nothing the controller reads are not listed.
//
// cloud, when given (plan --lb), is the load balancer's own attributes: a value it already has
// is no change, one fixed at creation that it lacks is refused, and a setting it lost that the
// Service still asks for is listed as Drift.
//
// release, when not "", is the controller release of the cluster (spec.controller.version): a
// setting it does not read, or does not change on an existing load balancer, does nothing there.
func Classify(live, desired *yaml.RNode, edits []Edit, cloud Cloud, release string) []Change {
	have, want := live.GetAnnotations(), desired.GetAnnotations()
	ctx := context{live: live, desired: desired, have: have, want: want, cloud: cloud, release: release, class: ClassOf(live)}
	var out []Change
	for _, e := range edits {
		if e.Op == Keep || e.LegacyOf != "" || e.Record {
			continue // a legacy key is read with its current key; the records are slbgw's
		}
		c := Change{Field: e.Owner, Keys: []string{e.Key}, Edit: e}
		switch {
		case e.Target == ServiceSpec:
			old, new := serviceField(live, e.Key), serviceField(desired, e.Key)
			if old == new {
				continue
			}
			c.Keys, c.Old, c.New = []string{"spec." + e.Key}, opt(old), opt(new)
			c.Class = schema.ChangeInPlace
			c.Detail = "the controller re-weights the backends (Local: by the gateway pods on each node) and updates the listeners' vServer groups"
			if e.Key == LoadBalancerClass {
				c.Class = schema.ChangeRefused
				c.Detail = ClassChangeRefused
				c.Evidence = "kubernetes pkg/apis/core/validation/validation.go validateLoadBalancerClassField (\"may not change once set\"); controller/helper/service_utils.go NeedCLB, NeedNLB"
			}
		case e.Target != Annotations:
			continue
		case e.Declared == nil:
			old, hasOld := have[e.Key]
			new, hasNew := want[e.Key]
			if hasOld == hasNew && old == new {
				continue
			}
			if hasOld {
				c.Old = &old
			}
			if hasNew {
				c.New = &new
			}
			c.Class, c.Detail = Unknown, "an extra annotation: slbgw does not know what the controller does with it"
		default:
			old := read(have, e.Key)
			new, wanted := want[e.Key]
			if old.set == wanted && old.value == new {
				if d, ok := ctx.drift(e, new, wanted); ok {
					out = append(out, d)
				}
				continue
			}
			c.Evidence = e.Declared.Evidence
			if old.set {
				c.Old = &old.value
			}
			if wanted {
				c.New = &new
			}
			if n := len(out); n > 0 && out[n-1].Edit.Declared == e.Declared {
				out[n-1].Keys = append(out[n-1].Keys, e.Key) // one change a field
				continue
			}
			v := ctx.classify(e.Declared, c)
			c.Class, c.Detail = v.class, v.detail
			if v.evidence != "" {
				c.Evidence = v.evidence
			}
		}
		out = append(out, c)
	}
	return withClassChange(out)
}

// withClassChange: when the apply changes the Service's class, the API server rejects all of it,
// so nothing else it carries reaches the controller.
func withClassChange(changes []Change) []Change {
	if !slices.ContainsFunc(changes, func(c Change) bool { return c.Edit.Key == LoadBalancerClass && c.Edit.Target == ServiceSpec }) {
		return changes
	}
	for i, c := range changes {
		if c.Edit.Key != LoadBalancerClass || c.Edit.Target != ServiceSpec {
			changes[i].Class = schema.ChangeNoEffect
			changes[i].Detail = "not applied: the API server rejects the whole apply, which changes the Service's class"
			changes[i].Evidence = ""
		}
	}
	return changes
}

// ClassChangeRefused says why a Service cannot change its load-balancer class, and the way out.
const ClassChangeRefused = "the API server does not let a LoadBalancer Service change spec.loadBalancerClass (the apply fails: \"may not change once set\"), and each class has its own controller and load balancer. To move the gateway: create a second gateway Service with the new class (another spec.service.name), point DNS at its address once it has one, then delete the old Service"

// Refused lists the changes the controller refuses.
func Refused(changes []Change) []Change {
	var out []Change
	for _, c := range changes {
		if c.Class == schema.ChangeRefused {
			out = append(out, c)
		}
	}
	return out
}

// HasLoadBalancer tells whether the Service shows a load balancer (status.loadBalancer.ingress).
func HasLoadBalancer(svc *yaml.RNode) bool { return len(Ingress(svc)) > 0 }

// Read is what the controller's getter reads for an annotation key: the current key, or else
// its legacy one (annotation.Get); "" when neither is set.
func Read(annotations map[string]string, key string) string { return read(annotations, key).value }

// ServiceListeners lists the listeners the controller makes for the Service: one per port, with
// the protocol protocol-port gives it, or else the port's own protocol in lower case
// (clbv1/listeners.go protocol).
func ServiceListeners(svc *yaml.RNode) []schema.ListenerEntry {
	list, err := svc.Pipe(yaml.Lookup("spec", "ports"))
	if err != nil || list == nil || list.YNode().Kind != yaml.SequenceNode {
		return nil
	}
	entries, _ := schema.ParseProtocolPort(svc.GetAnnotations()[schema.AnnotationPrefix+"protocol-port"])
	var out []schema.ListenerEntry
	for _, item := range list.Content() {
		if item.Kind != yaml.MappingNode {
			continue
		}
		port := yaml.NewRNode(item)
		n, err := strconv.Atoi(fieldValue(port, "port"))
		if err != nil {
			continue
		}
		protocol := strings.ToLower(fieldValue(port, "protocol"))
		if protocol == "" {
			protocol = "tcp"
		}
		for _, e := range entries {
			if e.Port == n {
				protocol = e.Protocol
				break
			}
		}
		out = append(out, schema.ListenerEntry{Protocol: protocol, PortText: strconv.Itoa(n), Port: n})
	}
	return out
}

func fieldValue(node *yaml.RNode, path ...string) string {
	n, err := node.Pipe(yaml.Lookup(path...))
	if err != nil || n == nil {
		return ""
	}
	return n.YNode().Value
}

// value is what the controller's getter reads for a key: the current key, or else the legacy
// one (annotation.Get).
type value struct {
	value string
	set   bool
}

func read(annotations map[string]string, key string) value {
	if v, ok := annotations[key]; ok {
		return value{value: v, set: true}
	}
	if legacy := schema.LegacyKey(key); legacy != "" {
		if v, ok := annotations[legacy]; ok {
			return value{value: v, set: true}
		}
	}
	return value{}
}

// context is what the conditions of the controller's code need: both Services and their
// annotations.
type context struct {
	live, desired *yaml.RNode
	have, want    map[string]string
	cloud         Cloud
	release       string
	// class is the live Service's load-balancer class: its controller reads the annotations
	// (a class change itself is refused, so the apply never changes which controller does).
	class string
}

// ClassOf is the load-balancer class of a Service: nlb with spec.loadBalancerClass
// alibabacloud.com/nlb, else clb.
func ClassOf(svc *yaml.RNode) string {
	if serviceField(svc, LoadBalancerClass) == schema.NLBServiceClass {
		return schema.ClassNLB
	}
	return schema.ClassCLB
}

// drift is the Drift change of a setting the apply leaves as it is, when the load balancer
// (cloud) has another value.
func (c context) drift(e Edit, value string, set bool) (Change, bool) {
	f := e.Declared.For(c.class)
	if f == nil {
		return Change{}, false
	}
	lb, known := c.cloud[f.LBAttribute]
	if !set || f.LBAttribute == "" || !known || lb == "" || onLoadBalancer(f, lb, value) || e.Key != f.Keys[0] {
		return Change{}, false
	}
	return Change{Field: f.Path, Keys: []string{e.Key}, Old: &lb, New: &value, Class: Drift, Edit: e,
		Detail:   fmt.Sprintf("the load balancer has %s (changed outside the Service); the controller restores %s only when the Service's hash changes (its annotations, ports, type, externalTrafficPolicy)", lb, value),
		Evidence: "controller/helper/service_utils.go GetServiceHash, IsServiceHashChanged; controller/service/" + controllerDir[c.class] + "/model_applier.go Apply"}, true
}

// controllerDir is the package of each class's controller under pkg/controller/service.
var controllerDir = map[string]string{schema.ClassCLB: "clbv1", schema.ClassNLB: "nlbv2"}

// The declared fields whose changes the controller's code treats conditionally (classify), by
// their profile paths; TestConditionalFieldsAreDeclared keeps them declared.
const (
	addressType        = "spec.loadBalancer.addressType"
	instanceSpec       = "spec.loadBalancer.instanceSpec"
	chargeType         = "spec.loadBalancer.chargeType"
	bandwidth          = "spec.loadBalancer.bandwidth"
	instanceChargeType = "spec.loadBalancer.instanceChargeType"
	loadBalancerID     = "spec.loadBalancer.id"
	ipVersion          = "spec.loadBalancer.ipVersion"
	aclStatus          = "spec.loadBalancer.acl.enabled"
	aclID              = "spec.loadBalancer.acl.id"
	aclType            = "spec.loadBalancer.acl.type"
	protocolPort       = "spec.loadBalancer.listeners.protocolPort"
	forwardPort        = "spec.loadBalancer.listeners.forwardPort"
	domainExtensions   = "spec.loadBalancer.listeners.domainExtensions"
	zoneMappings       = "spec.loadBalancer.nlb.zoneMappings"
	securityGroupIDs   = "spec.loadBalancer.nlb.securityGroupIDs"
)

// defaultPayBySpecSpec is the spec the controller gives a PayBySpec load balancer created without
// one.
const defaultPayBySpecSpec = "slb.s1.small"

// conditionalFields lists them, for the test.
var conditionalFields = []string{addressType, instanceSpec, chargeType, bandwidth, instanceChargeType, loadBalancerID,
	ipVersion, aclStatus, aclID, aclType, protocolPort, forwardPort, domainExtensions, zoneMappings, securityGroupIDs}

// effective is the value the controller reads after the apply for the annotation of a declared
// field, and else before (an annotation left out keeps the load balancer's value).
func (c context) effective(path string) string {
	key := schema.AnnotatedFieldByPath(path).Keys[0]
	if v, ok := c.want[key]; ok {
		return v
	}
	return read(c.have, key).value
}

// verdict is what the controller does with a change, why, and the controller code that shows
// it when it is not the declaration's (a condition the controller checks).
type verdict struct {
	class            schema.ChangeClass
	detail, evidence string
}

// classify is the declared class of a change, refined by the conditions the controller checks;
// each refinement names its evidence at the pinned commit.
func (c context) classify(declared *schema.AnnotatedField, ch Change) verdict {
	removed := ch.New == nil
	f := declared.For(c.class)
	if f == nil {
		return verdict{schema.ChangeNoEffect, fmt.Sprintf("the %s controller (%s) does not read %s", strings.ToUpper(c.class), controllerDir[c.class], schema.Suffix(declared.Keys[0])), ""}
	}
	class := f.Change
	if removed {
		class = f.Removal
	}
	if c.release != "" && f.Since != "" && schema.ReleaseBefore(c.release, f.Since) {
		return verdict{schema.ChangeNoEffect, fmt.Sprintf("the controller %s does not read %s (read since %s)", c.release, schema.Suffix(f.Keys[0]), f.Since), f.SinceEvidence}
	}
	if c.release != "" && f.ChangeSince != "" && schema.ReleaseBefore(c.release, f.ChangeSince) {
		return verdict{schema.ChangeNoEffect, fmt.Sprintf("the controller %s does not change it on an existing load balancer (it does since %s)", c.release, f.ChangeSince), f.ChangeSinceEvidence}
	}
	if !removed && f.Path != loadBalancerID {
		if v, ok := c.absentOrCloud(f, ch, class); ok {
			return v
		}
	}
	if c.class == schema.ClassNLB {
		if v, ok := c.classifyNLB(f, ch); ok {
			return v
		}
	} else if v, ok := c.classifyCLB(f, ch); ok {
		return v
	}
	if f.Protocols != nil && !removed {
		listeners := ServiceListeners(c.desired)
		if !slices.ContainsFunc(listeners, func(l schema.ListenerEntry) bool { return slices.Contains(f.Protocols, l.Protocol) }) {
			return verdict{schema.ChangeNoEffect, fmt.Sprintf("no listener of the Service (%s) is %s: the controller sends it to those only", layout(listeners), strings.Join(f.Protocols, " or ")),
				f.Evidence}
		}
	}
	detail := describe(class, f)
	if def, ok := concreteDefault(f, c.release); ok && ch.Old == nil && class == schema.ChangeInPlace {
		detail = fmt.Sprintf("updated in place, from %s (the %s default: the annotation was absent)", def, f.DefaultBy)
	}
	return verdict{class: class, detail: detail}
}

// classifyNLB refines the class of a change by the conditions nlbv2 checks.
func (c context) classifyNLB(f *schema.AnnotatedField, ch Change) (verdict, bool) {
	removed := ch.New == nil
	switch f.Path {
	case protocolPort:
		return c.listenerChanges(), true
	case zoneMappings:
		if _, known := c.cloud[f.LBAttribute]; !known && !removed && ch.Old != nil && containsAll(strings.Split(*ch.Old, ","), strings.Split(*ch.New, ","), func(a, b string) bool { return a == b }) {
			return verdict{schema.ChangeNoEffect, "the controller only adds zones: it updates them when a zone of the Service is not on the NLB, so a zone left out stays (remove it in the console)",
				"controller/service/nlbv2/loadbalancer.go Update (each local mapping looked up among the NLB's)"}, true
		}
	case loadBalancerID:
		if ch.Old == nil && !removed && !c.hasAddress() {
			return verdict{schema.ChangeInPlace, "the controller reuses the NLB (the Service has no address yet)",
				"controller/service/nlbv2/model_applier.go prepareLoadBalancer, isNLBReusable (refuses an NLB other than the Service's address only)"}, true
		}
	}
	return verdict{}, false
}

// containsAll tells whether every item of want is in have, compared with same.
func containsAll(have, want []string, same func(a, b string) bool) bool {
	for _, x := range want {
		if !slices.ContainsFunc(have, func(y string) bool { return same(x, y) }) {
			return false
		}
	}
	return true
}

// classifyCLB refines the class of a change by the conditions clbv1 checks.
func (c context) classifyCLB(f *schema.AnnotatedField, ch Change) (verdict, bool) {
	removed := ch.New == nil
	switch f.Path {
	case instanceSpec:
		charge := schema.AnnotatedFieldByPath(instanceChargeType)
		liveCharge := read(c.have, charge.Keys[0])
		if !liveCharge.set {
			liveCharge.value, _ = charge.DefaultFor(c.release) // absent: the release's default
		}
		if ch.Old == nil && !removed && *ch.New == defaultPayBySpecSpec && strings.EqualFold(liveCharge.value, "PayBySpec") {
			return verdict{schema.ChangeNoEffect, "the annotation was absent on a PayBySpec load balancer, which the controller creates as " + defaultPayBySpecSpec + ": it already has it",
				"controller/service/reconcile/annotation/annotations.go DefaultValue (spec slb.s1.small); controller/service/clbv1/loadbalancer.go setModelDefaultValue"}, true
		}
		if !removed && !strings.EqualFold(c.effective(instanceChargeType), "PayBySpec") {
			if c.effective(instanceChargeType) == "" {
				return verdict{schema.ChangeInPlace, "ModifyLoadBalancerInstanceSpec if the load balancer is PayBySpec; a PayByCLCU one (the default since CCM v2.12.4) has no spec and keeps none",
					"controller/service/clbv1/loadbalancer.go updateInstanceChargeTypeAndInstanceSpec (the LB's own charge type when the annotation is absent)"}, true
			}
			return verdict{schema.ChangeNoEffect, "the load balancer is PayByCLCU: the controller changes a spec only under PayBySpec",
				"controller/service/clbv1/loadbalancer.go updateInstanceChargeTypeAndInstanceSpec"}, true
		}
	case bandwidth, chargeType:
		if !removed && c.effective(addressType) == "intranet" {
			return verdict{schema.ChangeNoEffect, "the controller changes bandwidth and charge type of internet load balancers only",
				"controller/service/clbv1/loadbalancer.go Update (ModifyLoadBalancerInternetSpec only when the LB's address type is internet)"}, true
		}
		if f.Path == bandwidth && !removed && c.effective(chargeType) != "paybybandwidth" {
			return verdict{schema.ChangeNoEffect, `the controller changes bandwidth only with charge-type "paybybandwidth"`,
				"controller/service/clbv1/loadbalancer.go Update (the bandwidth is compared only with InternetChargeType paybybandwidth)"}, true
		}
	case aclID, aclType:
		if !removed && c.effective(aclStatus) != "on" {
			return verdict{schema.ChangeNoEffect, "the controller updates the ACL of a listener only while acl-status is on",
				"controller/service/clbv1/listeners.go isNeedUpdate (acl-id and acl-type compared only with acl-status on)"}, true
		}
	case ipVersion:
		if removed && *ch.Old != "ipv6" {
			return verdict{schema.ChangeNoEffect, "an absent ip-version counts as ipv4, which the load balancer has",
				"controller/service/clbv1/loadbalancer.go equalsAddressIPVersion"}, true
		}
	case loadBalancerID:
		if ch.Old == nil && !c.hasAddress() {
			return verdict{schema.ChangeInPlace, "the controller reuses the load balancer (the Service has no address yet)",
				"controller/service/clbv1/model_applier.go applyLoadBalancer, isLoadBalancerReusable (refuses an LB other than the Service's address only)"}, true
		}
	case domainExtensions:
		if !removed && ch.Old != nil {
			for _, domain := range changedCertificates(*ch.Old, *ch.New) {
				return verdict{schema.ChangeRefused, fmt.Sprintf("the controller fails to change the certificate of domain %s, which the listener has (its update sends no extension id): remove the domain in one apply and add it back with the new certificate in the next", domain),
					"controller/service/clbv1/listeners.go https.updateDomainExtensions, diffDomainExtensions"}, true
			}
		}
	case protocolPort:
		return c.listenerChanges(), true
	case forwardPort:
		return verdict{schema.ChangeRecreatesListeners, "the controller deletes and re-creates the http listeners concerned: a short interruption on their ports",
			"controller/service/clbv1/listeners.go http.Update"}, true
	}
	return verdict{}, false
}

// absentOrCloud classifies a value set where the load balancer's own value decides: what the
// cloud (plan --lb) says it has, or, for an annotation that was absent, the default it stands
// for. Absent is not unknown: an absent key means the controller's default.
func (c context) absentOrCloud(f *schema.AnnotatedField, ch Change, class schema.ChangeClass) (verdict, bool) {
	compared := "controller/service/" + controllerDir[c.class] + "/loadbalancer.go Update (the Service's value compared with the load balancer's)"
	if lb, ok := c.cloud[f.LBAttribute]; ok && f.LBAttribute != "" && lb != "" {
		switch {
		case onLoadBalancer(f, lb, *ch.New):
			return verdict{schema.ChangeNoEffect, fmt.Sprintf("the load balancer already has %s (--lb)", lb), compared}, true
		case class == schema.ChangeRefused:
			return verdict{schema.ChangeRefused, fmt.Sprintf("the load balancer has %s (--lb), fixed when it was created: an error event on every sync, the load balancer unchanged. Keep %s, or delete and re-create the Service (a new load balancer and a new address)", lb, lb), compared}, true
		}
		return verdict{}, false
	}
	if ch.Old != nil {
		return verdict{}, false
	}
	def, concrete := concreteDefault(f, c.release)
	switch {
	case concrete && sameValue(f, def, *ch.New):
		_, evidence := f.DefaultFor(c.release)
		return verdict{schema.ChangeNoEffect, fmt.Sprintf("the annotation was absent, which means %s, the %s default: the load balancer already has it (unless the annotation was removed after it was created otherwise: --lb checks)", def, f.DefaultBy), evidence}, true
	case class == schema.ChangeRefused && !concrete:
		return verdict{RefusedUnlessSame, fmt.Sprintf("refused unless the load balancer already has %s: the cloud chose the value when it created the load balancer, and the Service does not say which (aliyun slb DescribeLoadBalancerAttribute shows it; plan --lb FILE checks it)", *ch.New), compared}, true
	}
	return verdict{}, false
}

// describe is the general reason of a class.
func describe(class schema.ChangeClass, f *schema.AnnotatedField) string {
	switch class {
	case schema.ChangeInPlace:
		return "updated in place"
	case schema.ChangeRefused:
		return "refused on an existing load balancer: an error event on every sync, the load balancer unchanged. Keep the old value, or delete and re-create the Service (a new load balancer and a new address)"
	case schema.ChangeRecreatesListeners:
		return "the listeners concerned are deleted and created again: a short interruption"
	case schema.ChangeNoEffect:
		if f.Default != "" {
			return "the load balancer keeps its current value; the default (" + f.Default + ") applies only when a load balancer is created"
		}
		return "the load balancer keeps its current value"
	case schema.ChangeStatusOnly:
		return "only the Service's status.loadBalancer changes"
	}
	return ""
}

// listenerChanges classifies a protocol-port change by the ports whose protocol changes.
func (c context) listenerChanges() verdict {
	const evidence = "controller/service/clbv1/listeners.go buildActionsForListeners (a listener is its port and protocol), protocol"
	before, after := ServiceListeners(c.live), ServiceListeners(c.desired)
	var ports []string
	for _, a := range after {
		for _, b := range before {
			if a.Port == b.Port && a.Protocol != b.Protocol {
				ports = append(ports, fmt.Sprintf("%d (%s → %s)", a.Port, b.Protocol, a.Protocol))
			}
		}
	}
	if len(ports) == 0 {
		return verdict{schema.ChangeNoEffect, "no port of the Service changes its listener protocol", evidence}
	}
	return verdict{schema.ChangeRecreatesListeners, "the controller deletes the listeners on port " + strings.Join(ports, ", port ") +
		" and creates them again with the new protocol: a short interruption on those ports", evidence}
}

// hasAddress tells whether the live Service reports an address.
func (c context) hasAddress() bool { return len(Ingress(c.live)) > 0 }

func layout(listeners []schema.ListenerEntry) string {
	parts := make([]string, len(listeners))
	for i, l := range listeners {
		parts[i] = l.Protocol + ":" + l.PortText
	}
	return strings.Join(parts, ",")
}

// Ingress lists the addresses in status.loadBalancer.ingress.
func Ingress(svc *yaml.RNode) []string {
	list, err := svc.Pipe(yaml.Lookup("status", "loadBalancer", "ingress"))
	if err != nil || list == nil || list.YNode().Kind != yaml.SequenceNode {
		return nil
	}
	var out []string
	for _, item := range list.Content() {
		n := yaml.NewRNode(item)
		for _, f := range []string{"ip", "hostname"} {
			if v, _ := n.Pipe(yaml.Lookup(f)); v != nil && v.YNode().Value != "" {
				out = append(out, v.YNode().Value)
			}
		}
	}
	return out
}

func serviceField(svc *yaml.RNode, name string) string {
	n, err := svc.Pipe(yaml.Lookup("spec", name))
	if err != nil || n == nil {
		return ""
	}
	return n.YNode().Value
}

func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// changedCertificates lists the domains of domain-extensions whose certificate changes.
func changedCertificates(old, new string) []string {
	parse := func(s string) map[string]string {
		m := map[string]string{}
		for item := range strings.SplitSeq(s, ",") {
			if d, cert, ok := strings.Cut(strings.TrimSpace(item), ":"); ok {
				m[d] = cert
			}
		}
		return m
	}
	o, n := parse(old), parse(new)
	var out []string
	for _, d := range slices.Sorted(maps.Keys(n)) {
		if cert, ok := o[d]; ok && cert != n[d] {
			out = append(out, d)
		}
	}
	return out
}
