package render

import (
	"fmt"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/change"
	"github.com/slbgw/slbgw/schema"
)

// DomainConfigMap is the name of Knative Serving's ConfigMap of route domains.
const DomainConfigMap = change.DomainConfigMap

// IsDomainConfigMap tells whether an object is config-domain in the gateway's namespace.
func IsDomainConfigMap(n *yaml.Node, svc schema.Service) bool {
	n = resolveAlias(n)
	return n != nil && n.Kind == yaml.MappingNode && scalarAt(n, "kind") == "ConfigMap" && scalarAt(n, "apiVersion") == "v1" &&
		scalarAt(n, yaml.MetadataField, yaml.NameField) == change.DomainConfigMap &&
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

// newDomainConfigMap is config-domain created with the profile's domains, or nil when the
// profile has none.
func (f Filter) newDomainConfigMap() (*yaml.RNode, schema.Diagnostics, error) {
	if !change.WantsDomains(f.Spec) {
		return nil, nil, nil
	}
	cm, err := NewDomainConfigMap(f.Spec.Service.Namespace)
	if err != nil {
		return nil, nil, err
	}
	edited, _, findings, err := f.editDomains(cm, nil)
	return edited, findings, err
}

// EditDomains applies the profile's domain edits to a copy of config-domain. It returns nil
// and no edits when there is nothing to do: the profile sets no domains and no earlier render of
// this gateway did.
func (f Filter) EditDomains(cm *yaml.RNode) (*yaml.RNode, []change.Edit, schema.Diagnostics, error) {
	return f.editDomains(cm, nil)
}

func (f Filter) editDomains(live *yaml.RNode, docRoot *yaml.Node) (*yaml.RNode, []change.Edit, schema.Diagnostics, error) {
	// A key twice first: kyaml's accessors read the first, slbgw's own the last.
	if dups := duplicateKeys(live); len(dups) > 0 {
		return nil, nil, dups, nil
	}
	if bad, field := unreadableMetadata(live.YNode()); bad != nil {
		return nil, nil, schema.Diagnostics{{Severity: schema.SeverityError, Line: bad.Line, Column: bad.Column, Field: field,
			Message: "Invalid value: must be a mapping: config-domain cannot be read"}}, nil
	}
	data := valueAt(live.YNode(), "data")
	if data != nil && !isNull(data) && data.Kind != yaml.MappingNode {
		return nil, nil, schema.Diagnostics{{Severity: schema.SeverityError, Line: data.Line, Column: data.Column, Field: "data",
			Message: "Invalid value: must be a mapping of domains to selectors"}}, nil
	}
	edits := change.Domain(f.Spec, live.GetDataMap(), live.GetAnnotations())
	if edits == nil {
		return nil, nil, nil, nil
	}
	if docRoot == nil {
		docRoot = live.YNode()
	}
	expanded, findings := withoutAliases(live, docRoot)
	if findings.HasErrors() {
		return nil, nil, findings, nil
	}
	if dups := duplicateKeys(expanded); len(dups) > 0 { // aliases resolved: merge keys too
		return nil, nil, append(findings, dups...), nil
	}
	edited := expanded.Copy()
	more, err := applyEdits(edited, edits)
	return edited, edits, append(findings, more...), err
}

// DomainDrift reports each domain the profile owns where config-domain differs from what
// EditDomains would make of it, as an error. cm is nil when the stream has no config-domain.
func (f Filter) DomainDrift(cm *yaml.RNode) (schema.Diagnostics, error) {
	if cm == nil {
		if !change.WantsDomains(f.Spec) {
			return nil, nil
		}
		return schema.Diagnostics{{Severity: schema.SeverityError, Field: "spec.domain",
			Message: fmt.Sprintf("the ConfigMap %s/%s is missing; the profile sets domains in it", f.Spec.Service.Namespace, change.DomainConfigMap)}}, nil
	}
	_, edits, findings, err := f.EditDomains(cm)
	if err != nil || findings.HasErrors() {
		return findings, err
	}
	return drift(cm, edits, ""), nil
}
