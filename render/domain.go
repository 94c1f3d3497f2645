package render

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/schema"
)

// The gateway answers for Knative's route domains, which Knative Serving reads from the
// config-domain ConfigMap in its namespace: each key is a domain, an empty value makes it the
// default, a "selector:" value gives it to the routes with those labels. The profile's
// spec.domain sets them here, with the same rules as the Service's annotations: set what the
// profile asks for, remove what an earlier render set and the profile dropped, keep everything
// else (Knative's _example key and its knative.dev/example-checksum annotation included).

// DomainConfigMap is the name of Knative Serving's ConfigMap of route domains.
const DomainConfigMap = "config-domain"

// DomainRecordPrefix starts the annotation on config-domain that lists, comma-separated, the
// domains the profile of one gateway Service set: slbgw.dev/domains.<service>. Each gateway has
// its own, so two profiles share the ConfigMap without removing each other's domains.
const DomainRecordPrefix = "slbgw.dev/domains."

// DomainEntry is one key of config-domain and its value.
type DomainEntry struct{ Domain, Value string }

// DomainEntries are the keys the profile asks for: the default (an empty value), then each
// selector's domain with its labels sorted.
func DomainEntries(d schema.Domain) []DomainEntry {
	var out []DomainEntry
	if d.Default != "" {
		out = append(out, DomainEntry{d.Default, ""})
	}
	for _, sel := range d.Selectors {
		var b strings.Builder
		b.WriteString("selector:\n")
		for _, k := range slices.Sorted(maps.Keys(sel.Selector)) {
			fmt.Fprintf(&b, "  %s: %s\n", k, yamlScalar(sel.Selector[k]))
		}
		out = append(out, DomainEntry{sel.Domain, b.String()})
	}
	return out
}

// yamlScalar writes a label value so that YAML reads it back as the same string.
func yamlScalar(v string) string {
	node := stringNode(v)
	s, err := node.String()
	if err != nil {
		return fmt.Sprintf("%q", v)
	}
	return strings.TrimSuffix(s, "\n")
}

func wantsDomains(spec *schema.Spec) bool {
	return spec.Domain.Default != "" || len(spec.Domain.Selectors) > 0
}

// IsDomainConfigMap tells whether an object is config-domain in the gateway's namespace.
func IsDomainConfigMap(n *yaml.Node, svc schema.Service) bool {
	n = resolveAlias(n)
	return n != nil && n.Kind == yaml.MappingNode && scalarAt(n, "kind") == "ConfigMap" && scalarAt(n, "apiVersion") == "v1" &&
		scalarAt(n, yaml.MetadataField, yaml.NameField) == DomainConfigMap &&
		scalarAt(n, yaml.MetadataField, yaml.NamespaceField) == svc.Namespace
}

// NewDomainConfigMap returns an empty config-domain in namespace, for a profile with domains and
// a base without the ConfigMap.
func NewDomainConfigMap(namespace string) (*yaml.RNode, error) {
	cm, err := yaml.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + DomainConfigMap + "\n  namespace: knative-serving\n  labels:\n    app.kubernetes.io/managed-by: slbgw\n")
	if err != nil {
		return nil, err
	}
	if err := cm.SetNamespace(namespace); err != nil {
		return nil, err
	}
	return cm, nil
}

// EditDomains edits config-domain in place so it holds the profile's domains for its gateway.
func (p Patch) EditDomains(cm *yaml.RNode) (schema.Diagnostics, error) {
	if bad, field := unreadableMetadata(cm.YNode()); bad != nil {
		return schema.Diagnostics{{Severity: schema.SeverityError, Line: bad.Line, Column: bad.Column, Field: field,
			Message: "Invalid value: must be a mapping: config-domain cannot be read"}}, nil
	}
	data := valueAt(cm.YNode(), "data")
	if data != nil && !isNull(data) && data.Kind != yaml.MappingNode {
		return schema.Diagnostics{{Severity: schema.SeverityError, Line: data.Line, Column: data.Column, Field: "data",
			Message: "Invalid value: must be a mapping of domains to selectors"}}, nil
	}
	dataNode, err := cm.Pipe(yaml.LookupCreate(yaml.MappingNode, "data"))
	if err != nil {
		return nil, fmt.Errorf("reading config-domain's data: %w", err)
	}
	recordKey := DomainRecordPrefix + p.Spec.Service.Name
	want := DomainEntries(p.Spec.Domain)
	wanted := map[string]bool{}
	for _, e := range want {
		wanted[e.Domain] = true
	}
	var findings schema.Diagnostics
	// Domains an earlier render set that the profile no longer asks for.
	for d := range strings.SplitSeq(scalarAt(cm.YNode(), yaml.MetadataField, yaml.AnnotationsField, recordKey), ",") {
		if d = strings.TrimSpace(d); d != "" && !wanted[d] {
			if err := dataNode.PipeE(yaml.Clear(d)); err != nil {
				return nil, fmt.Errorf("removing %s from config-domain: %w", d, err)
			}
		}
	}
	// Knative's placeholder default goes once the profile names the default.
	if def := p.Spec.Domain.Default; def != "" && def != schema.KnativeDefaultDomain {
		if old := dataNode.Field(schema.KnativeDefaultDomain); old != nil && strings.TrimSpace(old.Value.YNode().Value) == "" {
			if err := dataNode.PipeE(yaml.Clear(schema.KnativeDefaultDomain)); err != nil {
				return nil, fmt.Errorf("removing %s from config-domain: %w", schema.KnativeDefaultDomain, err)
			}
		}
	}
	for _, e := range want {
		if err := setString(dataNode, e.Domain, e.Value); err != nil {
			return nil, fmt.Errorf("setting %s in config-domain: %w", e.Domain, err)
		}
	}
	var domains []string
	for _, e := range want {
		domains = append(domains, e.Domain)
	}
	if len(domains) == 0 {
		annotations, err := cm.Pipe(yaml.Lookup(yaml.MetadataField, yaml.AnnotationsField))
		if err == nil && annotations != nil {
			if err := annotations.PipeE(yaml.Clear(recordKey)); err != nil {
				return nil, fmt.Errorf("removing %s: %w", recordKey, err)
			}
		}
		return findings, yaml.ClearEmptyAnnotations(cm)
	}
	annotations, err := cm.Pipe(yaml.LookupCreate(yaml.MappingNode, yaml.MetadataField, yaml.AnnotationsField))
	if err != nil {
		return nil, fmt.Errorf("reading config-domain's annotations: %w", err)
	}
	if err := setString(annotations, recordKey, strings.Join(domains, ",")); err != nil {
		return nil, fmt.Errorf("setting %s: %w", recordKey, err)
	}
	return findings, nil
}

// DomainDrift compares config-domain with what EditDomains would make of it and reports each
// domain the profile owns that differs, as an error. cm is nil when the stream has no
// config-domain.
func (p Patch) DomainDrift(cm *yaml.RNode) (schema.Diagnostics, error) {
	if cm == nil {
		if !wantsDomains(p.Spec) {
			return nil, nil
		}
		return schema.Diagnostics{{Severity: schema.SeverityError, Field: "spec.domain",
			Message: fmt.Sprintf("the ConfigMap %s/%s is missing; the profile sets domains in it", p.Spec.Service.Namespace, DomainConfigMap)}}, nil
	}
	want := cm.Copy()
	findings, err := p.EditDomains(want)
	if err != nil || findings.HasErrors() {
		return findings, err
	}
	have, wanted := cm.GetDataMap(), want.GetDataMap()
	keys := map[string]bool{schema.KnativeDefaultDomain: true}
	for k := range have {
		keys[k] = true
	}
	for k := range wanted {
		keys[k] = true
	}
	var drift schema.Diagnostics
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		h, hasIt := have[k]
		w, wantsIt := wanted[k]
		field := "data[" + k + "]"
		switch {
		case hasIt && !wantsIt:
			drift = append(drift, dataDrift(cm, k, field, "is %q; the profile wants it absent (spec.domain)", h))
		case !hasIt && wantsIt:
			drift = append(drift, dataDrift(cm, k, field, "is missing; the profile wants %q (spec.domain)", w))
		case h != w:
			drift = append(drift, dataDrift(cm, k, field, "is %q; the profile wants %q (spec.domain)", h, w))
		}
	}
	recordKey := DomainRecordPrefix + p.Spec.Service.Name
	if h, w := cm.GetAnnotations()[recordKey], want.GetAnnotations()[recordKey]; h != w {
		drift = append(drift, schema.Diagnostic{Severity: schema.SeverityError, Field: "metadata.annotations[" + recordKey + "]",
			Message: fmt.Sprintf("is %q; the profile wants %q (spec.domain)", h, w)})
	}
	return drift, nil
}

func dataDrift(cm *yaml.RNode, key, field, format string, args ...any) schema.Diagnostic {
	d := schema.Diagnostic{Severity: schema.SeverityError, Field: field, Message: fmt.Sprintf(format, args...)}
	if n := valueAt(cm.YNode(), "data", key); n != nil {
		d.Line, d.Column = n.Line, n.Column
	}
	return d
}

// needsDomains tells whether config-domain is to be edited: for a profile with domains, or a
// ConfigMap that holds domains an earlier render of this gateway set.
func needsDomains(spec *schema.Spec, cm *yaml.Node) bool {
	if wantsDomains(spec) {
		return true
	}
	return cm != nil && scalarAt(cm, yaml.MetadataField, yaml.AnnotationsField, DomainRecordPrefix+spec.Service.Name) != ""
}

// filterDomains is Filter for config-domain: edited in place, or added when the profile has
// domains and the items have none.
func (p Patch) filterDomains(items []*yaml.RNode) ([]*yaml.RNode, schema.Diagnostics, error) {
	at := -1
	for i, item := range items {
		if !IsDomainConfigMap(item.YNode(), p.Spec.Service) {
			continue
		}
		if at >= 0 {
			n := item.YNode()
			return nil, schema.Diagnostics{{Severity: schema.SeverityError, Line: n.Line, Column: n.Column,
				Message: fmt.Sprintf("found 2 ConfigMaps %s/%s; expected at most one", p.Spec.Service.Namespace, DomainConfigMap)}}, nil
		}
		at = i
	}
	var existing *yaml.Node
	if at >= 0 {
		existing = items[at].YNode()
	}
	if !needsDomains(p.Spec, existing) {
		return items, nil, nil
	}
	if at < 0 {
		cm, err := NewDomainConfigMap(p.Spec.Service.Namespace)
		if err != nil {
			return nil, nil, err
		}
		findings, err := p.EditDomains(cm)
		if err != nil || findings.HasErrors() {
			return nil, findings, err
		}
		if err := placeNewObject(cm, items, "configmap_"+DomainConfigMap+".yaml"); err != nil {
			return nil, nil, err
		}
		return append(items, cm), findings, nil
	}
	cm := items[at].Copy()
	findings, err := p.EditDomains(cm)
	inFile(findings, items[at])
	if err != nil || findings.HasErrors() {
		return nil, findings, err
	}
	out := slices.Clone(items)
	out[at] = cm
	return out, findings, nil
}
