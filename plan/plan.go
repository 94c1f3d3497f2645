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
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/change"
	"github.com/slbgw/slbgw/render"
	"github.com/slbgw/slbgw/schema"
)

// APIVersion is the version of the plan's JSON form: fields are added within a version, never
// renamed or removed.
const APIVersion = "slbgw.dev/plan/v1"

// Plan is what applying a profile to a live Service would do.
type Plan struct {
	// APIVersion is APIVersion.
	APIVersion string `json:"apiVersion"`
	// Service is namespace/name of the gateway Service.
	Service string `json:"service"`
	// LoadBalancer is the live load balancer, as far as the Service (or --lb) shows it.
	LoadBalancer LoadBalancerRef `json:"loadBalancer"`
	// Live is false when the Service shows no load balancer yet (no status.loadBalancer):
	// every setting then applies as on creation.
	Live bool `json:"live"`
	// Changes lists what changes, in declaration order; unchanged fields are not listed.
	Changes []change.Change `json:"changes"`
	// ConfigDomain is what the profile changes in Knative's route domains; nil when it sets
	// none and no earlier render did.
	ConfigDomain *DomainPlan `json:"configDomain,omitempty"`
	// KnativeServing is what the profile changes in the KnativeServing, where the Knative
	// Operator owns the Service (spec.service.owner knative-operator); nil otherwise.
	KnativeServing *OperatorPlan `json:"knativeServing,omitempty"`
	// Notes call out what the plan cannot show as a change: a reused or shared load balancer.
	Notes []string `json:"notes,omitempty"`
}

// LoadBalancerRef names a load balancer: its id (from the Service's label or id annotation)
// and address (status.loadBalancer), each "" when not known.
type LoadBalancerRef struct {
	ID      string `json:"id"`
	Address string `json:"address"`
}

// String is "id, address", or whichever is known.
func (r LoadBalancerRef) String() string {
	return strings.Join(slices.DeleteFunc([]string{r.ID, r.Address}, func(s string) bool { return s == "" }), ", ")
}

// Refused reports whether the controller would refuse any change of the plan.
func (p *Plan) Refused() bool {
	return slices.ContainsFunc(p.Changes, func(c change.Change) bool { return c.Class == schema.ChangeRefused })
}

// loadBalancerIDLabel is the label the controller puts on a Service with the id of its LB.
const loadBalancerIDLabel = "service.k8s.alibaba/loadbalancer-id"

// Compute applies spec to a copy of the live Service and says what changes, key by key, as the
// controller reads them before and after. live is not modified. Findings are those of the
// render (an invalid Service); with errors among them the plan is nil.
//
// cloud, when given (plan --lb), is what the cloud says of the load balancer: plan then compares
// the profile with the load balancer's own values, not only with the Service's annotations.
func Compute(live *yaml.RNode, spec *schema.Spec, cloud change.Cloud) (*Plan, schema.Diagnostics, error) {
	desired, edits, findings, err := render.Filter{Spec: spec}.Desired(live)
	if err != nil || findings.HasErrors() {
		return nil, findings, err
	}
	return Diff(live, desired, edits, cloud, spec.Controller.Version), findings, nil
}

// Diff is the plan of the edits that made desired of live, on the controller release given
// ("" for the one slbgw's facts are checked against).
func Diff(live, desired *yaml.RNode, edits []change.Edit, cloud change.Cloud, release string) *Plan {
	p := &Plan{
		APIVersion: APIVersion,
		Service:    live.GetNamespace() + "/" + live.GetName(),
		Live:       change.HasLoadBalancer(live),
		Changes:    append([]change.Change{}, change.Classify(live, desired, edits, cloud, release)...), // [] in JSON, never null
	}
	have, want := live.GetAnnotations(), desired.GetAnnotations()
	p.LoadBalancer = loadBalancerOf(live, have)
	if p.LoadBalancer.ID == "" {
		p.LoadBalancer.ID = cloud["LoadBalancerId"]
	}
	if p.LoadBalancer.Address == "" {
		p.LoadBalancer.Address = cmp.Or(cloud["Address"], cloud["DNSName"]) // CLB, NLB
	}
	p.Notes = notes(have, want)
	p.explainDrift()
	if !p.Live {
		for i := range p.Changes {
			p.Changes[i].Class = change.OnCreation
			p.Changes[i].Detail = "the Service shows no load balancer yet (no status.loadBalancer): the controller applies it when it creates one"
		}
	}
	if p.Refused() {
		p.addRefusalConsequences()
	}
	return p
}

// explainDrift says, on each Drift, whether this apply restores it: the controller compares the
// load balancer with the Service only when the Service's hash changes, and any other change of
// the plan changes the annotations, so the hash.
func (p *Plan) explainDrift() {
	applies := slices.ContainsFunc(p.Changes, func(c change.Change) bool { return c.Class != change.Drift })
	for i := range p.Changes {
		if c := &p.Changes[i]; c.Class == change.Drift {
			if applies {
				c.Detail += "; this apply changes the annotations, so the controller restores it now"
			} else {
				c.Detail += "; this apply changes nothing, so it stays until the Service changes"
			}
		}
	}
}

// ChangesService reports whether the apply changes the Service (any change but a Drift, which
// the profile and the Service agree on) or config-domain.
func (p *Plan) ChangesService() bool {
	return slices.ContainsFunc(p.Changes, func(c change.Change) bool { return c.Class != change.Drift }) ||
		(p.ConfigDomain != nil && len(p.ConfigDomain.Changes) > 0) || p.ChangesKnativeServing()
}

// UnlessSame reports whether a change is refused unless the load balancer already has its value
// (plan --lb tells; plan --strict fails on it).
func (p *Plan) UnlessSame() bool {
	return slices.ContainsFunc(p.Changes, func(c change.Change) bool { return c.Class == change.RefusedUnlessSame })
}

// addRefusalConsequences says, on each change the controller carries out, that it is carried out
// although others of the same apply are refused: the controller applies what it can and reports
// an error on every sync for the rest.
func (p *Plan) addRefusalConsequences() {
	for i := range p.Changes {
		c := &p.Changes[i]
		if c.Class != schema.ChangeRefused && c.Class != schema.ChangeNoEffect && c.Class != change.Unknown {
			c.Detail += "; carried out even though the apply has a refused change"
		}
	}
}

// notes calls out a reused load balancer and forced listener overrides on it.
func notes(have, want map[string]string) []string {
	var out []string
	id := want[schema.AnnotationPrefix+"id"]
	if id == "" {
		id = change.Read(have, schema.AnnotationPrefix+"id")
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

func loadBalancerOf(live *yaml.RNode, have map[string]string) LoadBalancerRef {
	id := live.GetLabels()[loadBalancerIDLabel]
	if id == "" {
		id = change.Read(have, schema.AnnotationPrefix+"id")
	}
	return LoadBalancerRef{ID: id, Address: strings.Join(change.Ingress(live), ", ")}
}

// ReadLive finds the gateway Service in what `kubectl get -o yaml` printed: the Service
// itself, a List holding it, or a stream of documents, read and checked as render --base reads a
// base (render.Filter.ReadLive). config-domain comes back too when the stream holds it (kubectl
// get svc,cm), nil otherwise. Findings name file.
func ReadLive(file string, data []byte, spec *schema.Spec) (svc, domain *yaml.RNode, findings schema.Diagnostics) {
	svc, domain, findings, err := render.Filter{Spec: spec}.ReadLive(data, file)
	if err != nil {
		return nil, nil, append(findings, readError(file, err))
	}
	return svc, domain, findings
}

// LiveFile is one file of live objects (--live), by name.
type LiveFile struct {
	Name string
	Data []byte
}

// ReadLiveObjects reads the gateway's live objects from one or more files (plan --live a.yaml
// --live b.yaml): the Service, config-domain and, where the Knative Operator owns the Service,
// the KnativeServing, each from whichever file holds it; an object in two files is an error.
// Without the operator the Service is required; with it, the KnativeServing.
func ReadLiveObjects(files []LiveFile, spec *schema.Spec) (render.LiveObjects, schema.Diagnostics) {
	var live render.LiveObjects
	var findings schema.Diagnostics
	var from [3]string // the file of each object
	for _, f := range files {
		got, more, err := render.Filter{Spec: spec}.ReadLiveObjects(f.Data, f.Name)
		findings = append(findings, more...)
		if err != nil {
			findings = append(findings, readError(f.Name, err))
		}
		if err != nil || more.HasErrors() {
			continue
		}
		for i, pair := range []struct {
			have **yaml.RNode
			got  *yaml.RNode
			what string
		}{{&live.Service, got.Service, "the Service " + spec.Service.Namespace + "/" + spec.Service.Name},
			{&live.Domain, got.Domain, "config-domain"}, {&live.KnativeServing, got.KnativeServing, "the KnativeServing"}} {
			if pair.got == nil {
				continue
			}
			if *pair.have != nil {
				findings = append(findings, schema.Diagnostic{Severity: schema.SeverityError, File: f.Name,
					Message: fmt.Sprintf("%s is in %s too: give each live object once", pair.what, from[i])})
				continue
			}
			*pair.have, from[i] = pair.got, f.Name
		}
	}
	switch {
	case findings.HasErrors():
	case spec.ByOperator() && live.KnativeServing == nil:
		findings = append(findings, schema.Diagnostic{Severity: schema.SeverityError,
			Message: fmt.Sprintf("no KnativeServing in namespace %s: with owner knative-operator give it (kubectl get knativeserving -n %s -o yaml), and the Service too to plan the load balancer", spec.Service.Namespace, spec.Service.Namespace)})
	case !spec.ByOperator() && live.Service == nil:
		findings = append(findings, schema.Diagnostic{Severity: schema.SeverityError,
			Message: fmt.Sprintf("no Service %s/%s: give the live gateway Service (kubectl get svc -n %s %s -o yaml)",
				spec.Service.Namespace, spec.Service.Name, spec.Service.Namespace, spec.Service.Name)})
	}
	return live, findings
}

// readError is a file that cannot be read as live objects, as a finding.
func readError(file string, err error) schema.Diagnostic {
	var unreadable *render.BaseError
	if errors.As(err, &unreadable) {
		return schema.Diagnostic{Severity: schema.SeverityError, File: file, Line: unreadable.Line, Message: unreadable.Err.Error()}
	}
	return schema.Diagnostic{Severity: schema.SeverityError, File: file, Message: err.Error()}
}

// RoutesMove is the class of a change of Knative's route domains (config-domain): no load
// balancer setting, but the URLs of routes change.
const RoutesMove schema.ChangeClass = "routes-move"

// DomainPlan is what the profile changes in config-domain.
type DomainPlan struct {
	// Live is false when the live objects did not include config-domain: its changes are then
	// not known.
	Live bool `json:"live"`
	// Changes lists each domain the apply sets or removes.
	Changes []change.Change `json:"changes"`
}

// PlanDomains adds to the plan what the profile changes in config-domain (cm, nil when the live
// objects lack it). A profile that sets no domains, over a config-domain no earlier render of
// this gateway wrote, plans nothing there.
func (p *Plan) PlanDomains(spec *schema.Spec, cm *yaml.RNode) (schema.Diagnostics, error) {
	if cm == nil {
		if change.WantsDomains(spec) {
			p.ConfigDomain = &DomainPlan{Changes: []change.Change{}}
			p.Notes = append(p.Notes, fmt.Sprintf("the profile sets route domains, and config-domain is not among the live objects: give it too (kubectl get svc,cm -n %s %s %s -o yaml) to plan its changes",
				spec.Service.Namespace, spec.Service.Name, change.DomainConfigMap))
		}
		return nil, nil
	}
	edited, edits, findings, err := render.Filter{Spec: spec}.EditDomains(cm)
	if err != nil || findings.HasErrors() || edited == nil {
		return findings, err
	}
	have, want := cm.GetDataMap(), edited.GetDataMap()
	dp := &DomainPlan{Live: true, Changes: []change.Change{}}
	for _, e := range edits {
		if e.Target != change.Data {
			continue // the record is slbgw's bookkeeping
		}
		old, hadIt := have[e.Key]
		new, hasIt := want[e.Key]
		if hadIt == hasIt && old == new {
			continue
		}
		c := change.Change{Field: e.Owner, Keys: []string{"data[" + e.Key + "]"}, Class: RoutesMove, Edit: e}
		if hadIt {
			c.Old = &old
		}
		if hasIt {
			c.New = &new
		}
		c.Detail = routesDetail(e.Key, c.Old, c.New)
		dp.Changes = append(dp.Changes, c)
	}
	p.ConfigDomain = dp
	return findings, nil
}

// routesDetail says which routes a domain change moves.
func routesDetail(domain string, old, new *string) string {
	isDefault := func(v *string) bool { return v != nil && strings.TrimSpace(*v) == "" }
	switch {
	case new == nil && isDefault(old):
		return fmt.Sprintf("%s is no longer the default domain: routes without a matching selector move to the new default", domain)
	case new == nil:
		return fmt.Sprintf("routes that %s's selector picked move to another domain", domain)
	case isDefault(new):
		return fmt.Sprintf("%s becomes the default domain: every route without a matching selector gets URLs under it (hello.default.%s); DNS for *.%s must point at the gateway", domain, domain, domain)
	}
	return fmt.Sprintf("routes with the selector's labels get URLs under %s; DNS for *.%s must point at the gateway", domain, domain)
}
