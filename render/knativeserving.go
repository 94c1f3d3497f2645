package render

import (
	"fmt"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/change"
	"github.com/slbgw/slbgw/schema"
)

// Where the Knative Operator installs Knative (spec.service.owner knative-operator), it owns the
// gateway Service: it applies it from its manifests on every reconcile, merging in the
// KnativeServing object's spec.services entry named like the Service (labels, annotations,
// selector: pkg/reconciler/common/services_override.go ServicesTransform) and turning
// spec.config.domain into config-domain (ConfigMapTransform). So slbgw writes the profile there:
// the same edits as on the Service and config-domain, into that entry's annotations and into
// spec.config.domain, with the domain record on the KnativeServing's own annotations.

// KnativeServingKind is the kind of the Knative Operator's Serving object.
const KnativeServingKind = "KnativeServing"

// knativeServingGroup is the API group of the operator's objects (operator.knative.dev/v1beta1).
const knativeServingGroup = "operator.knative.dev/"

// isKnativeServing tells whether node is a KnativeServing object in the namespace (the
// operator installs the gateway Service into its KnativeServing's namespace).
func isKnativeServing(node *yaml.Node, namespace string) bool {
	n := resolveAlias(node)
	return n != nil && scalarAt(n, "kind") == KnativeServingKind &&
		strings.HasPrefix(scalarAt(n, "apiVersion"), knativeServingGroup) &&
		scalarAt(n, yaml.MetadataField, yaml.NamespaceField) == namespace
}

// locateKnativeServing finds the one KnativeServing in the gateway's namespace.
func (f Filter) locateKnativeServing(objects []object) (*object, schema.Diagnostics) {
	var found *object
	for i, o := range objects {
		if !isKnativeServing(o.node, f.Spec.Service.Namespace) {
			continue
		}
		if found != nil {
			return nil, schema.Diagnostics{{Severity: schema.SeverityError, Line: o.node.Line, Column: o.node.Column,
				Message: fmt.Sprintf("found 2 KnativeServing objects in namespace %s; expected one", f.Spec.Service.Namespace)}}
		}
		found = &objects[i]
	}
	return found, nil
}

// noKnativeServing is the create step of the KnativeServing: slbgw never makes one (it is the
// whole Knative install), so its absence is an error.
func (f Filter) noKnativeServing() (*yaml.RNode, schema.Diagnostics, error) {
	return nil, schema.Diagnostics{{Severity: schema.SeverityError, Field: "spec.service.owner",
		Message: fmt.Sprintf("Required value: owner knative-operator: the resources hold no KnativeServing (%sv1beta1) in namespace %s, which slbgw writes the profile into; pass it as the base (render --base knativeserving.yaml), or set owner: service to write the Service itself",
			knativeServingGroup, f.Spec.Service.Namespace)}}, nil
}

// EditKnativeServing applies the profile to a copy of a KnativeServing: its spec.services
// entry named like the gateway Service gets the Service's annotation edits (foreign keys kept;
// the entry and the list created when absent; other entries untouched), and
// spec.config.domain the domain edits. It returns the edited copy.
func (f Filter) EditKnativeServing(live *yaml.RNode) (*yaml.RNode, schema.Diagnostics, error) {
	edited, _, findings, err := f.editKnativeServing(live, nil)
	return edited, findings, err
}

func (f Filter) editKnativeServing(live *yaml.RNode, docRoot *yaml.Node) (*yaml.RNode, []change.Edit, schema.Diagnostics, error) {
	if dups := duplicateKeys(live); len(dups) > 0 {
		return nil, nil, dups, nil
	}
	if bad, field := unreadableMetadata(live.YNode()); bad != nil {
		return nil, nil, schema.Diagnostics{{Severity: schema.SeverityError, Line: bad.Line, Column: bad.Column, Field: field,
			Message: "Invalid value: must be a mapping: the KnativeServing cannot be read"}}, nil
	}
	if docRoot == nil {
		docRoot = live.YNode()
	}
	expanded, findings := withoutAliases(live, docRoot)
	if findings.HasErrors() {
		return nil, nil, findings, nil
	}
	edited := expanded.Copy()
	entry, created, d := serviceEntry(edited, f.Spec.Service.Name)
	if d != nil {
		return nil, nil, append(findings, *d), nil
	}
	// The entry's annotations, seen through a Service-shaped wrapper so the Service's edits
	// apply to them as they are.
	wrapper := yaml.NewMapRNode(nil)
	meta := yaml.NewMapRNode(nil)
	if a := entry.Field(yaml.AnnotationsField); a != nil && !yaml.IsMissingOrNull(a.Value) {
		if a.Value.YNode().Kind != yaml.MappingNode {
			n := a.Value.YNode()
			return nil, nil, append(findings, schema.Diagnostic{Severity: schema.SeverityError, Line: n.Line, Column: n.Column,
				Field: "spec.services[" + f.Spec.Service.Name + "].annotations", Message: "Invalid value: must be a mapping"}), nil
		}
		if err := meta.PipeE(yaml.SetField(yaml.AnnotationsField, a.Value)); err != nil {
			return nil, nil, nil, err
		}
	}
	if err := wrapper.PipeE(yaml.SetField(yaml.MetadataField, meta)); err != nil {
		return nil, nil, nil, err
	}
	edits := onlyAnnotations(change.Service(f.Spec, wrapper.GetAnnotations(), ""))
	more, err := applyEdits(wrapper, edits)
	if err != nil {
		return nil, nil, nil, err
	}
	findings = append(findings, relabel(more, "spec.services["+f.Spec.Service.Name+"].")...)
	if a := meta.Field(yaml.AnnotationsField); a != nil {
		err = entry.PipeE(yaml.SetField(yaml.AnnotationsField, a.Value))
	} else {
		err = entry.PipeE(yaml.Clear(yaml.AnnotationsField))
	}
	if err != nil {
		return nil, nil, nil, err
	}
	if created && entry.Field(yaml.AnnotationsField) == nil {
		// Nothing to write: leave the list as it was.
		if err := dropEntry(edited, f.Spec.Service.Name); err != nil {
			return nil, nil, nil, err
		}
	}
	if !created && len(entry.Content()) == 2 { // name only
		findings = append(findings, schema.Diagnostic{Severity: schema.SeverityWarning, Code: schema.WarnOperatorEmptyEntry,
			Field:   "spec.services[" + f.Spec.Service.Name + "]",
			Message: "the entry is left with its name only: removing it later makes the operator's next apply wipe the annotations set on the Service directly (manifestival's three-way merge drops what the last applied configuration held); keep the entry, or check the Service after removing it"})
	}
	domainEdits, more, err := f.editOperatorDomains(edited)
	findings = append(findings, more...)
	if err == nil {
		restoreUntouched(edited, expanded)
	}
	// The entry's edits, as the byte writer places them: in the entry, not the object's metadata.
	for i := range edits {
		edits[i].Target = change.ServiceEntry
	}
	return edited, append(edits, domainEdits...), findings, err
}

// restoreUntouched puts back spec.services, spec.config and spec as the KnativeServing had
// them (absent, or null) where the edit created them and left them empty: slbgw wrote nothing
// there.
func restoreUntouched(edited, live *yaml.RNode) {
	for _, path := range [][]string{{"spec", "services"}, {"spec", "config"}, {"spec"}} {
		before := valueAt(live.YNode(), path...)
		after := valueAt(edited.YNode(), path...)
		if (before != nil && !isNull(before)) || after == nil || after.Kind == yaml.ScalarNode || len(after.Content) > 0 {
			continue
		}
		parent := valueAt(edited.YNode(), path[:len(path)-1]...)
		if parent == nil || parent.Kind != yaml.MappingNode {
			continue
		}
		at := keyIndex(parent, path[len(path)-1])
		if before == nil {
			parent.Content = append(parent.Content[:at], parent.Content[at+2:]...)
		} else {
			parent.Content[at+1] = before
		}
	}
}

// editOperatorDomains applies the domain edits to spec.config.domain, recording them in the
// KnativeServing's annotations, and returns them.
func (f Filter) editOperatorDomains(ks *yaml.RNode) ([]change.Edit, schema.Diagnostics, error) {
	if spec := ks.Field("spec"); spec != nil {
		emptyForNull(spec.Value, "config", yaml.MappingNode)
	}
	config, err := ks.Pipe(yaml.Lookup("spec", "config"))
	if err != nil {
		return nil, nil, err
	}
	var data map[string]string
	var domain *yaml.RNode
	if config != nil {
		if mn := config.Field("domain"); mn != nil {
			domain = mn.Value
		}
		if domain != nil && !yaml.IsMissingOrNull(domain) {
			if domain.YNode().Kind != yaml.MappingNode {
				n := domain.YNode()
				return nil, schema.Diagnostics{{Severity: schema.SeverityError, Line: n.Line, Column: n.Column, Field: "spec.config.domain",
					Message: "Invalid value: must be a mapping of domains to selectors"}}, nil
			}
			data = mapOf(domain)
		}
	}
	edits := change.Domain(f.Spec, data, ks.GetAnnotations())
	if edits == nil {
		return nil, nil, nil
	}
	// A ConfigMap-shaped wrapper: data is spec.config.domain, annotations the KnativeServing's.
	wrapper := yaml.NewMapRNode(nil)
	if meta := ks.Field(yaml.MetadataField); meta != nil {
		if err := wrapper.PipeE(yaml.SetField(yaml.MetadataField, meta.Value)); err != nil {
			return nil, nil, err
		}
	}
	if domain != nil && !yaml.IsMissingOrNull(domain) {
		if err := wrapper.PipeE(yaml.SetField("data", domain)); err != nil {
			return nil, nil, err
		}
	}
	findings, err := applyEdits(wrapper, edits)
	if err != nil {
		return nil, nil, err
	}
	if d := wrapper.Field("data"); d != nil {
		err = ks.PipeE(yaml.LookupCreate(yaml.MappingNode, "spec", "config"), yaml.SetField("domain", d.Value))
	} else if config != nil && config.Field("domain") != nil {
		err = config.PipeE(yaml.Clear("domain"))
		if err == nil && len(config.YNode().Content) == 0 {
			// Emptied by slbgw: spec.config goes too, as the domain mapping did (the operator
			// reads an absent config as an empty one).
			err = ks.PipeE(yaml.Lookup("spec"), yaml.Clear("config"))
		}
	}
	return edits, relabel(findings, "spec.config.domain "), err
}

// mapOf reads a mapping of scalars as strings.
func mapOf(m *yaml.RNode) map[string]string {
	out := map[string]string{}
	c := m.YNode().Content
	for i := 0; i+1 < len(c); i += 2 {
		out[c[i].Value] = c[i+1].Value
	}
	return out
}

// serviceEntry finds, or appends, the spec.services entry named name; created is true when it
// was appended.
func serviceEntry(ks *yaml.RNode, name string) (entry *yaml.RNode, created bool, d *schema.Diagnostic) {
	emptyForNull(ks, "spec", yaml.MappingNode)
	if spec := ks.Field("spec"); spec != nil {
		emptyForNull(spec.Value, "services", yaml.SequenceNode)
	}
	list, err := ks.Pipe(yaml.LookupCreate(yaml.SequenceNode, "spec", "services"))
	if err != nil || list == nil || list.YNode().Kind != yaml.SequenceNode {
		n := valueAt(ks.YNode(), "spec", "services")
		if n == nil {
			n = ks.YNode()
		}
		return nil, false, &schema.Diagnostic{Severity: schema.SeverityError, Line: n.Line, Column: n.Column, Field: "spec.services",
			Message: "Invalid value: must be a list of {name, labels, annotations, selector}"}
	}
	for i, item := range list.YNode().Content {
		if resolveAlias(item).Kind != yaml.MappingNode {
			// The operator's CRD takes objects only: the API server would refuse the KnativeServing.
			return nil, false, &schema.Diagnostic{Severity: schema.SeverityError, Line: item.Line, Column: item.Column, Field: fmt.Sprintf("spec.services[%d]", i),
				Message: "Invalid value: must be a mapping {name, labels, annotations, selector}"}
		}
	}
	for _, item := range list.YNode().Content {
		if scalarAt(item, yaml.NameField) == name {
			return yaml.NewRNode(item), false, nil
		}
	}
	entry = yaml.NewMapRNode(nil)
	if err := entry.PipeE(yaml.SetField(yaml.NameField, yaml.NewStringRNode(name))); err != nil {
		return nil, false, &schema.Diagnostic{Severity: schema.SeverityError, Message: err.Error()}
	}
	list.YNode().Content = append(list.YNode().Content, entry.YNode())
	return entry, true, nil
}

// emptyForNull gives a field of a mapping whose value is null ("spec:", "services: ~"), which
// Kubernetes reads as absent, an empty value of kind in its place, for the edit to fill;
// restoreUntouched puts the null back where the edit wrote nothing.
func emptyForNull(m *yaml.RNode, field string, kind yaml.Kind) {
	n := m.YNode()
	if n.Kind != yaml.MappingNode {
		return
	}
	if at := keyIndex(n, field); at >= 0 && isNull(n.Content[at+1]) {
		n.Content[at+1] = &yaml.Node{Kind: kind}
	}
}

// dropEntry removes the entry named name (restoreUntouched removes a list the edit created).
func dropEntry(ks *yaml.RNode, name string) error {
	list, err := ks.Pipe(yaml.Lookup("spec", "services"))
	if err != nil || list == nil {
		return err
	}
	var kept []*yaml.Node
	for _, item := range list.YNode().Content {
		if !(item.Kind == yaml.MappingNode && scalarAt(item, yaml.NameField) == name) {
			kept = append(kept, item)
		}
	}
	list.YNode().Content = kept
	return nil
}

// onlyAnnotations are the edits of the annotations: the operator sets nothing else of the
// Service (the profile's checks refuse what would need more).
func onlyAnnotations(edits []change.Edit) []change.Edit {
	var out []change.Edit
	for _, e := range edits {
		if e.Target == change.Annotations {
			out = append(out, e)
		}
	}
	return out
}

// relabel puts a findings' fields under prefix (metadata.annotations[k] → spec.services[gw].annotations[k]).
func relabel(findings schema.Diagnostics, prefix string) schema.Diagnostics {
	for i := range findings {
		findings[i].Field = strings.Replace(findings[i].Field, "metadata.", "", 1)
		findings[i].Field = prefix + findings[i].Field
	}
	return findings
}

// KnativeServingDrift reports, as errors, each key the profile owns in the KnativeServing (the
// gateway's spec.services entry, spec.config.domain, the domain record) that differs from what
// the profile makes of it: the validator mode of the KRM function where the Knative Operator
// owns the Service.
func (f Filter) KnativeServingDrift(ks *yaml.RNode) (schema.Diagnostics, error) {
	_, edits, findings, err := f.editKnativeServing(ks, nil)
	if err != nil || findings.HasErrors() {
		return findings, err
	}
	return drift(ks, edits, f.Spec.Service.Name), nil
}

// EntryAnnotations are the annotations of the KnativeServing's spec.services entry named name
// (nil when it has none): what the Knative Operator merges into that Service.
func EntryAnnotations(ks *yaml.RNode, name string) map[string]string {
	list, _ := ks.Pipe(yaml.Lookup("spec", "services"))
	if list == nil || list.YNode().Kind != yaml.SequenceNode {
		return nil
	}
	for _, item := range list.YNode().Content {
		if item.Kind == yaml.MappingNode && scalarAt(item, yaml.NameField) == name {
			if a := valueAt(item, yaml.AnnotationsField); a != nil && a.Kind == yaml.MappingNode {
				return mapOf(yaml.NewRNode(a))
			}
			return nil
		}
	}
	return nil
}

// DomainView is the KnativeServing's spec.config.domain as the config-domain ConfigMap the
// operator makes of it (ConfigMapTransform), with the KnativeServing's annotations, where
// slbgw keeps its domain record: what plan compares domains on.
func DomainView(ks *yaml.RNode, namespace string) (*yaml.RNode, error) {
	cm, err := NewDomainConfigMap(namespace)
	if err != nil {
		return nil, err
	}
	if d, _ := ks.Pipe(yaml.Lookup("spec", "config", "domain")); d != nil && d.YNode().Kind == yaml.MappingNode {
		if err := cm.PipeE(yaml.SetField("data", d.Copy())); err != nil {
			return nil, err
		}
	}
	if a := ks.GetAnnotations(); len(a) > 0 {
		if err := cm.SetAnnotations(a); err != nil {
			return nil, err
		}
	}
	return cm, nil
}
