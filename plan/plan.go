// Package plan says what the Alibaba Cloud cloud controller will do to a running gateway when a
// profile is applied to its live Service, before anyone applies it: which owned annotations and
// fields change, old → new, and for each whether the controller updates the load balancer in
// place, refuses the change on every sync (and what to do instead), re-creates listeners, or
// does nothing with it. Terraform's plan does the same for its own SLB resource (ForceNew).
//
// Every class comes from the annotation's declaration (schema.AnnotatedField: change and
// removal, with the controller code behind them), refined by the few conditions the controller's
// code checks (an intranet LB gets no bandwidth change, a setting no listener reads does
// nothing); the conformance suite (make conformance) checks each against the controller.
package plan

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/render"
	"github.com/slbgw/slbgw/schema"
)

// Change is one owned annotation or Service field whose value the apply would change.
type Change struct {
	// Field is the profile field that owns it (spec.loadBalancer.addressType), or the extra
	// annotation's path.
	Field string `json:"field"`
	// Key is the annotation key, or the Service field (spec.externalTrafficPolicy).
	Key string `json:"key"`
	// Old and New are the values before and after; nil when absent. Old is what the controller
	// reads, a legacy key's value included.
	Old *string `json:"old"`
	New *string `json:"new"`
	// Class is what the controller does with the change.
	Class schema.ChangeClass `json:"class"`
	// Detail says why, and for a refused change what to do instead.
	Detail string `json:"detail"`
	// Evidence is the controller code behind the class.
	Evidence string `json:"evidence,omitempty"`

	line, column int // of the annotation in the live Service, when known
}

// Plan is what applying a profile to a live Service would do.
type Plan struct {
	// Service is namespace/name of the gateway Service.
	Service string `json:"service"`
	// LoadBalancer is the live load balancer: its id (from the Service's label or id
	// annotation) and address, when the Service shows them.
	LoadBalancer string `json:"loadBalancer,omitempty"`
	// Live is false when the Service shows no load balancer yet (no status.loadBalancer):
	// every setting then applies as on creation.
	Live bool `json:"live"`
	// Changes lists what changes, in declaration order; unchanged fields are not listed.
	Changes []Change `json:"changes"`
	// Notes call out what the plan cannot show as a change: a reused or shared load balancer.
	Notes []string `json:"notes,omitempty"`
}

// Refused reports whether the controller would refuse any change of the plan.
func (p *Plan) Refused() bool {
	return slices.ContainsFunc(p.Changes, func(c Change) bool { return c.Class == schema.ChangeRefused })
}

// loadBalancerIDLabel is the label the controller puts on a Service with the id of its LB.
const loadBalancerIDLabel = "service.k8s.alibaba/loadbalancer-id"

// IsLive tells whether svc is a Service the API server and the controller have seen: it has a
// uid or a status.loadBalancer. Only then can a change be refused.
func IsLive(svc *yaml.RNode) bool {
	if uid, _ := svc.Pipe(yaml.Lookup(yaml.MetadataField, "uid")); uid != nil && uid.YNode().Value != "" {
		return true
	}
	return len(ingress(svc)) > 0
}

// Compute applies spec to a copy of the live Service and compares, key by key, what the
// controller reads before and after. live is not modified. Findings are those of the render
// (an invalid Service); with errors among them the plan is nil.
func Compute(live *yaml.RNode, spec *schema.Spec) (*Plan, schema.Diagnostics, error) {
	desired := live.Copy()
	findings, err := (render.Patch{Spec: spec}).Edit(desired)
	if err != nil || findings.HasErrors() {
		return nil, findings, err
	}
	return Diff(live, desired), findings, nil
}

// Diff compares a live Service with what the profile makes of it.
func Diff(live, desired *yaml.RNode) *Plan {
	p := &Plan{
		Service: live.GetNamespace() + "/" + live.GetName(),
		Live:    len(ingress(live)) > 0,
	}
	have, want := live.GetAnnotations(), desired.GetAnnotations()
	ctx := context{live: live, desired: desired, have: have, want: want}
	for _, f := range schema.AnnotatedFields() {
		for _, key := range f.Keys {
			old, new := read(have, key), want[key]
			_, wanted := want[key]
			if old.set == wanted && old.value == new {
				continue
			}
			c := Change{Field: f.Path, Key: key, Evidence: f.Evidence}
			if old.set {
				c.Old = &old.value
			}
			if wanted {
				c.New = &new
			}
			v := ctx.classify(f, c)
			c.Class, c.Detail = v.class, v.detail
			if v.evidence != "" {
				c.Evidence = v.evidence
			}
			c.line, c.column = old.line, old.column
			p.Changes = append(p.Changes, c)
		}
	}
	p.Changes = append(p.Changes, extraChanges(live, have, want)...)
	if old, new := serviceField(live, "externalTrafficPolicy"), serviceField(desired, "externalTrafficPolicy"); old != new {
		c := Change{Field: "spec.service.externalTrafficPolicy", Key: "spec.externalTrafficPolicy", Old: opt(old), New: opt(new),
			Class:  schema.ChangeInPlace,
			Detail: "the controller re-weights the backends (Local: by the gateway pods on each node) and updates the listeners' vServer groups",
		}
		p.Changes = append(p.Changes, c)
	}
	p.LoadBalancer = loadBalancerOf(live, have)
	p.Notes = notes(have, want)
	if !p.Live {
		for i := range p.Changes {
			p.Changes[i].Class = OnCreation
			p.Changes[i].Detail = "the Service shows no load balancer yet (no status.loadBalancer): the controller applies it when it creates one"
		}
	}
	if p.Refused() {
		p.addRefusalConsequences()
	}
	return p
}

// value is what the controller's getter reads for a key: the current key, or else the legacy
// one (annotation.Get).
type value struct {
	value        string
	set          bool
	line, column int
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
}

// effective is the value the controller reads after the apply for an annotation suffix, and
// else before (an annotation left out keeps the load balancer's value).
func (c context) effective(suffix string) string {
	key := schema.AnnotationPrefix + suffix
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
func (c context) classify(f *schema.AnnotatedField, ch Change) verdict {
	suffix := schema.Suffix(ch.Key)
	removed := ch.New == nil
	class := f.Change
	if removed {
		class = f.Removal
	}
	switch suffix {
	case "spec":
		if !removed && !strings.EqualFold(c.effective("instance-charge-type"), "PayBySpec") {
			if c.effective("instance-charge-type") == "" {
				return verdict{schema.ChangeInPlace, "ModifyLoadBalancerInstanceSpec if the load balancer is PayBySpec; a PayByCLCU one (the default since CCM v2.12.4) has no spec and keeps none",
					"controller/service/clbv1/loadbalancer.go updateInstanceChargeTypeAndInstanceSpec (the LB's own charge type when the annotation is absent)"}
			}
			return verdict{schema.ChangeNoEffect, "the load balancer is PayByCLCU: the controller changes a spec only under PayBySpec",
				"controller/service/clbv1/loadbalancer.go updateInstanceChargeTypeAndInstanceSpec"}
		}
	case "bandwidth", "charge-type":
		if !removed && c.effective("address-type") == "intranet" {
			return verdict{schema.ChangeNoEffect, "the controller changes bandwidth and charge type of internet load balancers only",
				"controller/service/clbv1/loadbalancer.go Update (ModifyLoadBalancerInternetSpec only when the LB's address type is internet)"}
		}
		if suffix == "bandwidth" && !removed && c.effective("charge-type") != "paybybandwidth" {
			return verdict{schema.ChangeNoEffect, `the controller changes bandwidth only with charge-type "paybybandwidth"`,
				"controller/service/clbv1/loadbalancer.go Update (the bandwidth is compared only with InternetChargeType paybybandwidth)"}
		}
	case "acl-id", "acl-type":
		if !removed && c.effective("acl-status") != "on" {
			return verdict{schema.ChangeNoEffect, "the controller updates the ACL of a listener only while acl-status is on",
				"controller/service/clbv1/listeners.go isNeedUpdate (acl-id and acl-type compared only with acl-status on)"}
		}
	case "ip-version":
		if removed && *ch.Old != "ipv6" {
			return verdict{schema.ChangeNoEffect, "an absent ip-version counts as ipv4, which the load balancer has",
				"controller/service/clbv1/loadbalancer.go equalsAddressIPVersion"}
		}
	case "id":
		if ch.Old == nil && !c.hasAddress() {
			return verdict{schema.ChangeInPlace, "the controller reuses the load balancer (the Service has no address yet)",
				"controller/service/clbv1/model_applier.go applyLoadBalancer, isLoadBalancerReusable (refuses an LB other than the Service's address only)"}
		}
	case "domain-extensions":
		if !removed && ch.Old != nil {
			for _, domain := range changedCertificates(*ch.Old, *ch.New) {
				return verdict{schema.ChangeRefused, fmt.Sprintf("the controller fails to change the certificate of domain %s, which the listener has (its update sends no extension id): remove the domain in one apply and add it back with the new certificate in the next", domain),
					"controller/service/clbv1/listeners.go https.updateDomainExtensions, diffDomainExtensions"}
			}
		}
	case "protocol-port":
		return c.listenerChanges()
	case "forward-port":
		return verdict{schema.ChangeRecreatesListeners, "the controller deletes and re-creates the http listeners concerned: a short interruption on their ports",
			"controller/service/clbv1/listeners.go http.Update"}
	}
	if f.Protocols != nil && !removed {
		listeners := render.ServiceListeners(c.desired)
		if !slices.ContainsFunc(listeners, func(l schema.ListenerEntry) bool { return slices.Contains(f.Protocols, l.Protocol) }) {
			return verdict{schema.ChangeNoEffect, fmt.Sprintf("no listener of the Service (%s) is %s: the controller sends it to those only", layout(listeners), strings.Join(f.Protocols, " or ")),
				f.Evidence}
		}
	}
	return verdict{class: class, detail: describe(class, f)}
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
	before, after := render.ServiceListeners(c.live), render.ServiceListeners(c.desired)
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
func (c context) hasAddress() bool { return len(ingress(c.live)) > 0 }

// extraChanges lists changes of extraAnnotations keys: slbgw does not know their class.
func extraChanges(live *yaml.RNode, have, want map[string]string) []Change {
	owned := map[string]bool{}
	for _, f := range schema.AnnotatedFields() {
		for _, k := range f.Keys {
			owned[k] = true
		}
	}
	var out []Change
	keys := slices.Sorted(maps.Keys(mergeKeys(have, want)))
	for _, k := range keys {
		if owned[k] || !strings.HasPrefix(k, schema.AnnotationPrefix) {
			continue
		}
		old, hasOld := have[k]
		new, hasNew := want[k]
		if hasOld == hasNew && old == new {
			continue
		}
		c := Change{Field: "spec.loadBalancer.extraAnnotations[" + k + "]", Key: k, Class: Unknown,
			Detail: "an extra annotation: slbgw does not know what the controller does with it"}
		if hasOld {
			c.Old = &old
		}
		if hasNew {
			c.New = &new
		}
		out = append(out, c)
	}
	return out
}

func mergeKeys(a, b map[string]string) map[string]bool {
	m := map[string]bool{}
	for k := range a {
		m[k] = true
	}
	for k := range b {
		m[k] = true
	}
	return m
}

// addRefusalConsequences says, on each change the controller carries out, that it is carried out
// although others of the same apply are refused: the controller applies what it can and reports
// an error on every sync for the rest.
func (p *Plan) addRefusalConsequences() {
	for i := range p.Changes {
		c := &p.Changes[i]
		if c.Class != schema.ChangeRefused && c.Class != schema.ChangeNoEffect && c.Class != Unknown {
			c.Detail += "; carried out even though the apply has a refused change"
		}
	}
}

// notes calls out a reused load balancer and forced listener overrides on it.
func notes(have, want map[string]string) []string {
	var out []string
	id := want[schema.AnnotationPrefix+"id"]
	if id == "" {
		id = read(have, schema.AnnotationPrefix+"id").value
	}
	if id == "" {
		return nil
	}
	out = append(out, fmt.Sprintf("the Service reuses load balancer %s: the controller does not delete it with the Service, and other Services or users may have listeners on it", id))
	if want[schema.AnnotationPrefix+"force-override-listeners"] == "true" {
		out = append(out, "force-override-listeners is true: listeners on "+id+" with the Service's ports and protocols are taken over (their vServer groups replaced), which interrupts whatever else used them")
	}
	return out
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

func layout(listeners []schema.ListenerEntry) string {
	parts := make([]string, len(listeners))
	for i, l := range listeners {
		parts[i] = l.Protocol + ":" + l.PortText
	}
	return strings.Join(parts, ",")
}

// ingress lists the addresses in status.loadBalancer.ingress.
func ingress(svc *yaml.RNode) []string {
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

func loadBalancerOf(live *yaml.RNode, have map[string]string) string {
	id := live.GetLabels()[loadBalancerIDLabel]
	if id == "" {
		id = read(have, schema.AnnotationPrefix+"id").value
	}
	addr := strings.Join(ingress(live), ", ")
	switch {
	case id != "" && addr != "":
		return id + ", " + addr
	case id != "":
		return id
	}
	return addr
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

// Refusals reports, as errors, the changes the controller would refuse when desired (the
// profile applied to live) is applied over live, a Service the cluster has seen (IsLive). The
// pipelines (render --base, the KRM function and its validator mode) call it through
// render.Patch.Refusals, so a refused change stops the pipeline with the annotation's line
// instead of reaching the cluster. A Service that is not live gives none.
func Refusals(live, desired *yaml.RNode) schema.Diagnostics {
	if !IsLive(live) {
		return nil
	}
	p := Diff(live, desired)
	var ds schema.Diagnostics
	for _, c := range p.Changes {
		if c.Class != schema.ChangeRefused {
			continue
		}
		d := schema.Diagnostic{Severity: schema.SeverityError, Field: "metadata.annotations[" + c.Key + "]",
			Message: fmt.Sprintf("%s → %s on a running load balancer (%s): %s; slbgw plan shows the whole apply",
				show(c.Old), show(c.New), c.Field, c.Detail)}
		for _, key := range []string{c.Key, schema.LegacyKey(c.Key)} {
			if n, _ := live.Pipe(yaml.Lookup(yaml.MetadataField, yaml.AnnotationsField, key)); key != "" && n != nil {
				d.Line, d.Column = n.YNode().Line, n.YNode().Column
				break
			}
		}
		ds = append(ds, d)
	}
	return ds
}

// ReadLive finds the gateway Service in what `kubectl get -o yaml` printed: the Service
// itself, a List holding it, or a stream of documents. Findings name file.
func ReadLive(file string, data []byte, svc schema.Service) (*yaml.RNode, schema.Diagnostics) {
	fail := func(format string, args ...any) (*yaml.RNode, schema.Diagnostics) {
		return nil, schema.Diagnostics{{Severity: schema.SeverityError, File: file, Message: fmt.Sprintf(format, args...)}}
	}
	items, err := (&kio.ByteReader{Reader: bytes.NewReader(data), OmitReaderAnnotations: true}).Read()
	if err != nil {
		return fail("not a valid manifest stream: %v", err)
	}
	var all []*yaml.RNode
	for _, item := range items {
		if item.GetKind() == "List" {
			if list, _ := item.Pipe(yaml.Lookup("items")); list != nil && list.YNode().Kind == yaml.SequenceNode {
				for _, n := range list.Content() {
					all = append(all, yaml.NewRNode(n))
				}
			}
			continue
		}
		all = append(all, item)
	}
	matches := render.GatewayServices(all, svc)
	switch len(matches) {
	case 0:
		return fail("no Service %s/%s: give the live gateway Service (kubectl get svc -n %s %s -o yaml)", svc.Namespace, svc.Name, svc.Namespace, svc.Name)
	case 1:
		return matches[0], nil
	}
	return fail("found %d Services %s/%s; expected one", len(matches), svc.Namespace, svc.Name)
}
