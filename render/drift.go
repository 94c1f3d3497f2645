package render

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/schema"
)

// Drift compares the Service svc with what Edit would make of it and reports each
// field slbgw owns that differs, as an error: the validator mode of the KRM function (a kpt
// pipeline validator, or CI) uses it to fail when someone edited the Service by hand or the
// profile changed without a render. svc is not modified.
func (p Patch) Drift(svc *yaml.RNode) (schema.Diagnostics, error) {
	spec := p.Spec
	want := svc.Copy()
	findings, err := p.Edit(want)
	if err != nil || findings.HasErrors() {
		return findings, err
	}
	var refused schema.Diagnostics
	if p.Refusals != nil {
		refused = p.Refusals(svc, want)
	}
	var drift schema.Diagnostics
	have := svc.GetAnnotations()
	wanted := want.GetAnnotations()
	compare := func(key, owner string) {
		h, hasIt := have[key]
		w, wantsIt := wanted[key]
		field := "metadata.annotations[" + key + "]"
		switch {
		case hasIt && !wantsIt:
			drift = append(drift, driftAt(svc, key, field, "is %q; the profile wants it absent (%s)", h, owner))
		case !hasIt && wantsIt:
			drift = append(drift, driftAt(svc, key, field, "is missing; the profile wants %q (%s)", w, owner))
		case h != w:
			drift = append(drift, driftAt(svc, key, field, "is %q; the profile wants %q (%s)", h, w, owner))
		}
	}
	for _, owned := range schema.AnnotatedFields() {
		for _, key := range keysAndLegacyKeys(owned.Keys) {
			compare(key, owned.Path)
		}
	}
	// The extra annotations: those the profile sets, those the Service's record says an earlier
	// render set (Edit removes the ones dropped since), and the record itself.
	for _, key := range extraKeys(spec, have) {
		compare(key, "spec.loadBalancer.extraAnnotations")
	}
	compare(ExtraAnnotationsRecord, "spec.loadBalancer.extraAnnotations")
	if policy := spec.Service.ExternalTrafficPolicy; policy != "" {
		if h := fieldValue(svc, "spec", "externalTrafficPolicy"); h != policy {
			drift = append(drift, schema.Diagnostic{Severity: schema.SeverityError, Field: "spec.externalTrafficPolicy",
				Message: fmt.Sprintf("is %q; the profile wants %q (spec.service.externalTrafficPolicy)", h, policy)})
		}
	}
	return append(drift, refused...), nil
}

func driftAt(svc *yaml.RNode, key, field, format string, args ...any) schema.Diagnostic {
	d := schema.Diagnostic{Severity: schema.SeverityError, Field: field, Message: fmt.Sprintf(format, args...)}
	if n, _ := svc.Pipe(yaml.Lookup(yaml.MetadataField, yaml.AnnotationsField, key)); n != nil {
		d.Line, d.Column = n.YNode().Line, n.YNode().Column
	}
	return d
}

func fieldValue(node *yaml.RNode, path ...string) string {
	n, err := node.Pipe(yaml.Lookup(path...))
	if err != nil || n == nil {
		return ""
	}
	return n.YNode().Value
}

// keysAndLegacyKeys lists each key followed by its legacy form, when the controller reads one.
func keysAndLegacyKeys(keys []string) []string {
	var out []string
	for _, k := range keys {
		out = append(out, k)
		if l := schema.LegacyKey(k); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// extraKeys lists, sorted, the keys of the profile's extraAnnotations and of the extra
// annotations the Service's record names, with their legacy forms.
func extraKeys(spec *schema.Spec, have map[string]string) []string {
	set := map[string]bool{}
	for k := range spec.LoadBalancer.ExtraAnnotations {
		set[k] = true
	}
	for suffix := range strings.SplitSeq(have[ExtraAnnotationsRecord], ",") {
		if suffix = strings.TrimSpace(suffix); suffix != "" {
			set[schema.AnnotationPrefix+suffix] = true
		}
	}
	var keys []string
	for _, k := range slices.Sorted(maps.Keys(set)) {
		if schema.AnnotatedFieldByKey(k) != nil {
			continue // an owned key: compared with its field
		}
		keys = append(keys, keysAndLegacyKeys([]string{k})...)
	}
	return keys
}
