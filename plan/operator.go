package plan

import (
	"fmt"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/change"
	"github.com/slbgw/slbgw/render"
	"github.com/slbgw/slbgw/schema"
)

// OperatorApplies is the class of a change to the KnativeServing's spec.services entry: the
// Knative Operator merges the entry into the gateway Service on its next reconcile.
const OperatorApplies schema.ChangeClass = "operator-applies"

// OperatorPlan is what the profile changes in the KnativeServing, where the Knative Operator
// owns the gateway Service (spec.service.owner knative-operator).
type OperatorPlan struct {
	// KnativeServing is namespace/name of the object.
	KnativeServing string `json:"knativeServing"`
	// Entry is the name of the spec.services entry (the gateway Service's name).
	Entry string `json:"entry"`
	// Changes lists each annotation of the entry the apply sets or removes.
	Changes []change.Change `json:"changes"`
}

// ComputeOperator is the plan where the Knative Operator owns the gateway Service: the changes
// to the KnativeServing's entry (the operator level), and, when the live Service is given, what
// the controller does once the operator applies the entry to it (the load-balancer level).
//
// The operator applies with a three-way merge against the last configuration it applied, which
// held the entry's annotations: a key the entry drops is removed from the Service, a key it
// never held stays (manifestival Apply; conformance/operator shows both). So on the Service, a
// Set of the profile is set, and a Clear removes the key only where the entry had it.
func ComputeOperator(svc, ks *yaml.RNode, spec *schema.Spec, cloud change.Cloud) (*Plan, schema.Diagnostics, error) {
	f := render.Filter{Spec: spec}
	editedKS, findings, err := f.EditKnativeServing(ks)
	if err != nil || findings.HasErrors() {
		return nil, findings, err
	}
	name := spec.Service.Name
	oldEntry, newEntry := render.EntryAnnotations(ks, name), render.EntryAnnotations(editedKS, name)
	edits := change.Service(spec, oldEntry, "")
	op := &OperatorPlan{KnativeServing: ks.GetNamespace() + "/" + ks.GetName(), Entry: name, Changes: []change.Change{}}
	for _, e := range edits {
		if e.Target != change.Annotations || e.Op == change.Keep || e.LegacyOf != "" {
			continue
		}
		old, had := oldEntry[e.Key]
		new, has := newEntry[e.Key]
		if had == has && old == new {
			continue
		}
		c := change.Change{Field: e.Owner, Keys: []string{e.Key}, Class: OperatorApplies, Edit: e,
			Detail: fmt.Sprintf("the Knative Operator merges spec.services[%s] into the Service on its next reconcile (services_override.go ServicesTransform)", name)}
		if had {
			c.Old = &old
		}
		if has {
			c.New = &new
		}
		op.Changes = append(op.Changes, c)
	}

	var p *Plan
	if svc != nil {
		desired := svc.Copy()
		var applied []change.Edit
		for _, e := range edits {
			if e.Target != change.Annotations || e.Op == change.Keep {
				continue
			}
			if _, inEntry := oldEntry[e.Key]; e.Op == change.Clear && !inEntry {
				continue // never applied by the operator: its merge leaves the key alone
			}
			applied = append(applied, e)
		}
		if _, err := render.ApplyEdits(desired, applied); err != nil {
			return nil, findings, fmt.Errorf("applying the entry to the Service: %w", err)
		}
		p = Diff(svc, desired, applied, cloud, spec.Controller.Version)
	} else {
		p = &Plan{APIVersion: APIVersion, Service: spec.Service.Namespace + "/" + name, Changes: []change.Change{}}
		p.Notes = append(p.Notes, fmt.Sprintf("the live Service is not among the live objects: give it too (--live, kubectl get svc -n %s %s -o yaml) to plan what the cloud controller does", spec.Service.Namespace, name))
	}
	p.KnativeServing = op
	cm, err := render.DomainView(ks, spec.Service.Namespace)
	if err != nil {
		return nil, findings, err
	}
	more, err := p.PlanDomains(spec, cm)
	return p, append(findings, more...), err
}

// ChangesKnativeServing tells whether the apply changes the KnativeServing.
func (p *Plan) ChangesKnativeServing() bool {
	return p.KnativeServing != nil && (len(p.KnativeServing.Changes) > 0 || p.ConfigDomain != nil && len(p.ConfigDomain.Changes) > 0)
}
