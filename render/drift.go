package render

import (
	"fmt"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/change"
	"github.com/slbgw/slbgw/schema"
)

// Drift reports each field slbgw owns where the Service svc differs from what EditService
// would make of it, as an error, and the changes the controller would refuse: the validator
// mode of the KRM function (a kpt pipeline validator, or CI) uses it to fail when someone edited
// the Service by hand or the profile changed without a render. svc is not modified.
func (f Filter) Drift(svc *yaml.RNode) (schema.Diagnostics, error) {
	expanded, edited, edits, findings, err := f.editServiceOnly(svc, nil)
	if err != nil || findings.HasErrors() {
		return findings, err
	}
	return append(drift(svc, edits, ""), refusals(f.Spec, expanded, edited, edits)...), nil
}

// drift compares an object with its edits: a key a Set gives another value, a key a Clear would
// remove.
//
// entry, for a KnativeServing, names its spec.services entry of the gateway: ServiceEntry edits
// are that entry's annotations, and Data edits spec.config.domain.
func drift(obj *yaml.RNode, edits []change.Edit, entry string) schema.Diagnostics {
	var out schema.Diagnostics
	for _, e := range edits {
		root, path, field := obj.YNode(), []string{yaml.MetadataField, yaml.AnnotationsField, e.Key}, e.Target.Field(e.Key)
		switch {
		case e.Target == change.ServiceSpec:
			path = []string{"spec", e.Key}
		case e.Target == change.ServiceEntry:
			root, path = serviceEntryNode(root, entry), []string{yaml.AnnotationsField, e.Key}
			field = "spec.services[" + entry + "].annotations[" + e.Key + "]"
		case e.Target == change.Data && entry != "":
			path, field = []string{"spec", "config", "domain", e.Key}, "spec.config.domain["+e.Key+"]"
		case e.Target == change.Data:
			path = []string{"data", e.Key}
		}
		n := valueAt(root, path...)
		d := schema.Diagnostic{Severity: schema.SeverityError, Field: field}
		if n != nil {
			d.Line, d.Column = n.Line, n.Column
		}
		owner := e.Owner
		if e.LegacyOf == "" && strings.HasPrefix(owner, "spec.loadBalancer.extraAnnotations[") {
			owner = "spec.loadBalancer.extraAnnotations"
		}
		switch {
		case e.Op == change.Clear && n != nil:
			d.Message = fmt.Sprintf("is %q; the profile wants it absent (%s)", n.Value, owner)
		case e.Op == change.Set && n == nil:
			d.Message = fmt.Sprintf("is missing; the profile wants %q (%s)", e.Value, owner)
		case e.Op == change.Set && n.Value != e.Value:
			d.Message = fmt.Sprintf("is %q; the profile wants %q (%s)", n.Value, e.Value, owner)
		default:
			continue
		}
		out = append(out, d)
	}
	return out
}
