package render

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/invopop/jsonschema"

	"github.com/slbgw/slbgw/schema"
)

// ProfileReference renders the profile reference (docs/profile.md) from the two sources of
// truth: the generated JSON Schema (fields in declaration order, types, allowed values, the
// cross-field rules, and the descriptions that come from the Go doc comments) and
// OwnedAnnotations (which annotation each field sets, and how a switch is written). A test
// fails when docs/profile.md is stale.
func ProfileReference() (string, error) {
	var root jsonschema.Schema
	if err := json.Unmarshal(schema.JSONSchema, &root); err != nil {
		return "", fmt.Errorf("reading the schema: %w", err)
	}
	var b strings.Builder
	b.WriteString("<!-- Generated from the Go types in schema/ and the annotation table in render/ by `make generate`. Do not edit. -->\n")
	b.WriteString("# SLBGateway profile reference (" + schema.APIVersion + ")\n\n")
	b.WriteString("Each annotation below is `" + AnnotationPrefix + "<suffix>` unless the table gives a\n")
	b.WriteString("whole key. A field left out removes the annotations it sets, so the cloud controller's default\n")
	b.WriteString("applies; the HTTPS annotations (`cert-id`, `protocol-port`) are the exception: without\n")
	b.WriteString("`spec.https.certID` or `spec.loadBalancer.listeners.protocolPort` the Service keeps the ones it has.\n")
	b.WriteString("Defaults marked (controller) are in the controller's source, (docs) in its documentation, and\n")
	b.WriteString("(CLB API) are the cloud API's own, which apply when the controller sends no value.\n\n")
	b.WriteString("| field | annotation | type and allowed values | default | notes |\n|---|---|---|---|---|\n")
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
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", field, annotationsOf(field), cell(allowedValues(field, pair.Value)),
				defaultOf(pair.Value), cell(pair.Value.Description))
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
		return "(any other; recorded in `" + ExtraAnnotationsRecord + "`)"
	}
	var keys []string
	for _, a := range OwnedAnnotations {
		if a.Field != field && !contains(a.OtherFields, field) {
			continue
		}
		if a.FullKey != "" {
			keys = append(keys, "`"+a.FullKey+"`")
		} else {
			keys = append(keys, "`"+a.Suffix+"`")
		}
	}
	return strings.Join(keys, ", ")
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func allowedValues(field string, s *jsonschema.Schema) string {
	var parts []string
	switch {
	case len(s.Enum) > 0:
		parts = append(parts, quoted(s.Enum))
	case s.Type == "array" && s.Items != nil && len(s.Items.Enum) > 0:
		parts = append(parts, "list of "+quoted(s.Items.Enum)+" (written comma-separated)")
	case s.Type == "object":
		parts = append(parts, "map of string to string")
	case s.Type == "boolean":
		parts = append(parts, "boolean"+switchValues(field))
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
	return strings.Join(parts, "; ")
}

func quoted(values []any) string {
	vs := make([]string, len(values))
	for i, v := range values {
		vs[i] = fmt.Sprintf("`%v`", v)
	}
	return strings.Join(vs, ", ")
}

// switchValues says what a boolean field writes, by asking its OwnedAnnotations row.
func switchValues(field string) string {
	for _, a := range OwnedAnnotations {
		if a.Field != field {
			continue
		}
		on, _ := a.Value(specWith(field, true))
		off, _ := a.Value(specWith(field, false))
		return fmt.Sprintf(": true writes `%s`, false `%s`", on, off)
	}
	return ""
}

// specWith returns a Spec with the field at a dotted path (spec.…) set to v.
func specWith(field string, v any) *schema.Spec {
	path := strings.Split(strings.TrimPrefix(field, "spec."), ".")
	var doc any = v
	for i := len(path) - 1; i >= 0; i-- {
		doc = map[string]any{path[i]: doc}
	}
	var s schema.Spec
	b, _ := json.Marshal(doc)
	_ = json.Unmarshal(b, &s) // a field of the schema always decodes
	return &s
}

var defaultRE = regexp.MustCompile(`(Controller default|Documented default|CLB API default|Default): (.+?)\.(\s|$)`)

// defaultOf is the schema's default (one slbgw applies) or the default the description states.
func defaultOf(s *jsonschema.Schema) string {
	if s.Default != nil {
		return fmt.Sprintf("`%v`", s.Default)
	}
	m := defaultRE.FindStringSubmatch(strings.ReplaceAll(s.Description, "\n", " "))
	if m == nil {
		return ""
	}
	switch m[1] {
	case "Controller default":
		return cell(m[2]) + " (controller)"
	case "Documented default":
		return cell(m[2]) + " (docs)"
	case "CLB API default":
		return cell(m[2]) + " (CLB API)"
	}
	return cell(m[2])
}

func cell(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.ReplaceAll(s, "|", "\\|")
}
