package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/invopop/jsonschema"

	"github.com/slbgw/slbgw/schema"
)

// profileReference renders docs/profile.md from the generated JSON Schema (fields in declaration
// order, types, allowed values, the cross-field rules, and the descriptions that come from the Go
// doc comments) and the annotation declarations (keys, value formats, defaults with their
// evidence in the controller's code, and what a change does to a running load balancer).
func profileReference(schemaJSON []byte) (string, error) {
	var root jsonschema.Schema
	if err := json.Unmarshal(schemaJSON, &root); err != nil {
		return "", fmt.Errorf("reading the schema: %w", err)
	}
	var b strings.Builder
	b.WriteString("<!-- Generated from the Go types in schema/ by `make generate`. Do not edit. -->\n")
	b.WriteString("# SLBGateway profile reference (" + schema.APIVersion + ")\n\n")
	b.WriteString("Each annotation below is `" + schema.AnnotationPrefix + "<suffix>` unless the table gives a\n")
	b.WriteString("whole key. A field left out removes the annotations it sets (the HTTPS annotations `cert-id` and\n")
	b.WriteString("`protocol-port` excepted: without `spec.https.certID` or `spec.loadBalancer.listeners.protocolPort`\n")
	b.WriteString("the Service keeps the ones it has). The default then applies **when the load balancer is created**;\n")
	b.WriteString("on an existing load balancer, removing an annotation usually changes nothing: the LB keeps its\n")
	b.WriteString("current value (the column below says where it does otherwise). Defaults marked (controller) are\n")
	b.WriteString("in the controller's source, (docs) in its documentation, and (CLB API) are the cloud API's own,\n")
	b.WriteString("which apply when the controller sends no value.\n\n")
	b.WriteString("The controller reconciles the load balancer and its listeners only when the Service changes\n")
	b.WriteString("(a hash of its ports, type, externalTrafficPolicy and all annotations:\n")
	b.WriteString("`controller/service/clbv1/model_applier.go` Apply): a setting changed in the console stays until\n")
	b.WriteString("the next change to the Service.\n\n")
	b.WriteString("The column \"on a running LB\" says what the controller does when the value changes (and, after\n")
	b.WriteString("\"removed:\", when the annotation is removed) on a Service\n")
	b.WriteString("whose load balancer exists: `in-place` (updated), `refused` (an error event on every sync, the\n")
	b.WriteString("load balancer unchanged), `listeners-recreated` (deleted and created again: a short interruption),\n")
	b.WriteString("`no-effect` (the new value is not applied), `status-only` (only the Service's status changes).\n")
	b.WriteString("Evidence names files under `pkg/` of kubernetes/cloud-provider-alibaba-cloud at `" + schema.CCMCommit[:12] + "`.\n\n")
	b.WriteString("The column \"since\" is the first controller release that reads the annotation, where it is later\n")
	b.WriteString("than v2.8.0 (evidence in the notes; every release: conformance/RELEASES.md); spec.controller.version\n")
	b.WriteString("makes slbgw warn about settings the cluster's release does not read (SLBGW060).\n\n")
	b.WriteString("The column \"class\" says which load-balancer classes read the annotation\n")
	b.WriteString("(`spec.loadBalancer.class`): `clb`, the Classic Load Balancer (the controller's\n")
	b.WriteString("`controller/service/clbv1`), and `nlb`, the Network Load Balancer (`controller/service/nlbv2`, for a\n")
	b.WriteString("Service with `spec.loadBalancerClass: " + schema.NLBServiceClass + "`). A field the profile's class does not\n")
	b.WriteString("read is an error. Where both read it, each says its own default, change class and evidence\n")
	b.WriteString("(CLB: ...; NLB: ...): the two controllers often differ (the address type is fixed on a CLB and\n")
	b.WriteString("changed in place on an NLB).\n\n")
	b.WriteString("| field | annotation | class | type and allowed values | default | on a running LB | since | notes |\n|---|---|---|---|---|---|---|---|\n")
	var rules []string
	var walk func(path string, node *jsonschema.Schema)
	walk = func(path string, node *jsonschema.Schema) {
		for _, rule := range node.AllOf {
			rules = append(rules, fmt.Sprintf("- `%s` — %s", path, rule.Description))
		}
		if node.Properties == nil {
			return
		}
		for pair := node.Properties.Oldest(); pair != nil; pair = pair.Next() {
			field := strings.TrimPrefix(path+"."+pair.Key, ".")
			if field == "metadata" {
				continue
			}
			if pair.Value.Properties != nil && pair.Value.Properties.Len() > 0 {
				walk(field, pair.Value)
				continue
			}
			if items := pair.Value.Items; pair.Value.Type == "array" && items != nil && items.Properties != nil {
				// A list of objects: its row, then a row for each field of an item.
				decl := schema.AnnotatedFieldByPath(field)
				fmt.Fprintf(&b, "| `%s` | %s | %s | list of objects | %s | %s | %s | %s |\n", field, annotationsOf(field), classesOf(decl),
					perClass(decl, func(d *schema.AnnotatedField) string { return defaultOf(d, pair.Value) }), perClass(decl, changeOf), perClass(decl, sinceOf),
					cell(notes(decl, pair.Value)))
				walk(field+"[]", items)
				continue
			}
			decl := schema.AnnotatedFieldByPath(field)
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s | %s | %s |\n", field, annotationsOf(field), classesOf(decl), cell(allowedValues(decl, pair.Value)),
				perClass(decl, func(d *schema.AnnotatedField) string { return defaultOf(d, pair.Value) }), perClass(decl, changeOf), perClass(decl, sinceOf),
				cell(notes(decl, pair.Value)))
		}
	}
	walk("", &root)
	b.WriteString("\nCross-field rules (checked by the schema, so editors check them too); each names fields of\nthe object before the dash:\n\n")
	b.WriteString(strings.Join(rules, "\n") + "\n")
	b.WriteString("\n`slbgw validate` also checks what a schema cannot say: the port lists of `protocolPort` and\n")
	b.WriteString("`forwardPort` (each port once, 1 to 65535, a forwarded port pair needs an http and an https\n")
	b.WriteString("listener), the keys of the maps, and the keys of `extraAnnotations`. It warns about values\n")
	b.WriteString("outside the ranges the controller's docs give (the controller itself passes them on unchecked),\n")
	b.WriteString("about settings the profile's listeners cannot use, and about an https listener without\n")
	b.WriteString("`https.certID`: the Service may already carry a certificate (on ASK, a self-signed one), which\n")
	b.WriteString("slbgw keeps, so that is not an error.\n")
	return b.String(), nil
}

// annotationsOf lists the annotations a field sets: the suffix, or the whole key when it does not
// follow AnnotationPrefix.
func annotationsOf(field string) string {
	switch field {
	case "spec.service.externalTrafficPolicy":
		return "(sets the Service's `spec.externalTrafficPolicy`)"
	case "spec.loadBalancer.extraAnnotations":
		return "(any other; recorded in `slbgw.dev/extra-annotations`)"
	}
	if strings.HasPrefix(field, "spec.domain.") {
		return "(a key of the `config-domain` ConfigMap)"
	}
	var keys []string
	for _, f := range schema.AnnotatedFields() {
		if f.Path != field && f.ImpliedBy != field {
			continue
		}
		for _, k := range f.Keys {
			keys = append(keys, "`"+schema.Suffix(k)+"`")
		}
	}
	return strings.Join(keys, ", ")
}

func allowedValues(decl *schema.AnnotatedField, s *jsonschema.Schema) string {
	var parts []string
	switch {
	case len(s.Enum) > 0:
		parts = append(parts, quoted(s.Enum))
	case s.Type == "array" && s.Items != nil && len(s.Items.Enum) > 0:
		parts = append(parts, "list of "+quoted(s.Items.Enum)+" (written comma-separated)")
	case s.Type == "object":
		parts = append(parts, "map of string to string")
	case s.Type == "boolean" && decl != nil:
		parts = append(parts, fmt.Sprintf("boolean: true writes `%s`, false `%s`", decl.Switch[0], decl.Switch[1]))
	case s.Type != "":
		parts = append(parts, s.Type)
	}
	if s.Pattern != "" {
		parts = append(parts, "pattern `"+s.Pattern+"`")
	}
	if s.Minimum != "" {
		parts = append(parts, "≥ "+string(s.Minimum))
	}
	if s.Maximum != "" {
		parts = append(parts, "≤ "+string(s.Maximum))
	}
	if s.MaxLength != nil {
		parts = append(parts, fmt.Sprintf("≤ %d chars", *s.MaxLength))
	}
	if decl != nil && decl.DocRange != nil {
		parts = append(parts, fmt.Sprintf("docs: %d to %d%s (warning outside)", decl.DocRange.Min, decl.DocRange.Max, decl.DocRange.Unit))
	}
	if decl != nil && len(decl.DocValues) > 0 {
		parts = append(parts, "docs: "+strings.Join(decl.DocValues, ", ")+" (warning otherwise)")
	}
	return strings.Join(parts, "; ")
}

func quoted(values []any) string {
	vs := make([]string, len(values))
	for i, v := range values {
		vs[i] = fmt.Sprintf("`%v`", v)
	}
	return strings.Join(vs, ", ")
}

// defaultOf is the schema's default (one slbgw applies) or the declared one, with who applies it.
func defaultOf(decl *schema.AnnotatedField, s *jsonschema.Schema) string {
	if s.Default != nil {
		return fmt.Sprintf("`%v`", s.Default)
	}
	if decl == nil || decl.Default == "" {
		return ""
	}
	return cell(decl.Default) + " (" + decl.DefaultBy + ")"
}

func changeOf(decl *schema.AnnotatedField) string {
	if decl == nil {
		return ""
	}
	return "`" + string(decl.Change) + "`; removed: `" + string(decl.Removal) + "`"
}

// classesOf is the classes whose controller reads the field's annotations.
func classesOf(decl *schema.AnnotatedField) string {
	if decl == nil {
		return ""
	}
	return strings.Join(decl.Classes, ", ")
}

// perClass is a cell for each class that reads the field, labelled when there are several.
func perClass(decl *schema.AnnotatedField, cellOf func(*schema.AnnotatedField) string) string {
	if decl == nil || len(decl.Classes) == 1 {
		return cellOf(decl)
	}
	var parts []string
	for _, class := range decl.Classes {
		if c := cellOf(decl.For(class)); c != "" {
			parts = append(parts, strings.ToUpper(class)+": "+c)
		}
	}
	return strings.Join(parts, "; ")
}

// notes is the field's description, and the controller code that backs what it says.
func notes(decl *schema.AnnotatedField, s *jsonschema.Schema) string {
	n := s.Description
	if decl == nil {
		return n
	}
	for _, class := range decl.Classes {
		d := decl.For(class)
		label := ""
		if len(decl.Classes) > 1 {
			label = " (" + strings.ToUpper(class) + ")"
		}
		if d.Evidence != "" {
			n += " Evidence" + label + ": " + d.Evidence + "."
		}
		if d.Since != "" {
			n += " Read" + label + " since " + d.Since + ": " + d.SinceEvidence + "."
		}
	}
	if decl != nil && decl.DefaultBefore != "" {
		release, value, _ := strings.Cut(decl.DefaultBefore, "=")
		n += " Before " + release + " the default is " + value + ": " + decl.DefaultBeforeEvidence + "."
	}
	if decl != nil && decl.ChangeSince != "" {
		n += " Changed on an existing load balancer since " + decl.ChangeSince + ": " + decl.ChangeSinceEvidence + "."
	}
	return n
}

// sinceOf is the first controller release that reads the field's annotation, when it is later
// than the oldest one checked.
func sinceOf(decl *schema.AnnotatedField) string {
	if decl == nil || decl.Since == "" {
		return ""
	}
	return decl.Since
}

func cell(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.ReplaceAll(s, "|", "\\|")
}
