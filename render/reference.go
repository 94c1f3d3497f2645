package render

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/invopop/jsonschema"

	"github.com/slbgw/slbgw/schema"
)

// ProfileReference renders the profile reference (docs/profile.md) from the two sources of
// truth: the generated JSON Schema (fields in declaration order, types, allowed values, and the
// descriptions that come from the Go doc comments) and OwnedAnnotations (which annotation each
// field sets). A test fails when docs/profile.md is stale.
func ProfileReference() (string, error) {
	var root jsonschema.Schema
	if err := json.Unmarshal(schema.JSONSchema, &root); err != nil {
		return "", fmt.Errorf("reading the schema: %w", err)
	}
	var b strings.Builder
	b.WriteString("<!-- Generated from the Go types in schema/ and the annotation table in render/ by `make generate`. Do not edit. -->\n")
	b.WriteString("# SLBGateway profile reference (" + schema.APIVersion + ")\n\n")
	b.WriteString("Each annotation below is `" + AnnotationPrefix + "<suffix>`. A field left out removes the\n")
	b.WriteString("annotations it sets, so the cloud controller's default applies; the HTTPS annotations are the\n")
	b.WriteString("exception: without `spec.https.certID` the Service keeps the certificate it has.\n\n")
	b.WriteString("| field | annotation suffix | allowed values | description |\n|---|---|---|---|\n")
	var walk func(path string, node *jsonschema.Schema)
	walk = func(path string, node *jsonschema.Schema) {
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
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", field, annotationsOf(field), allowedValues(pair.Value), cell(pair.Value.Description))
		}
	}
	walk("", &root)
	b.WriteString("\nCross-field rules (checked by the schema, so editors check them too):\n\n")
	for _, rule := range root.Properties.Value("spec").Properties.Value("loadBalancer").AllOf {
		b.WriteString("- " + rule.Description + "\n")
	}
	return b.String(), nil
}

func annotationsOf(field string) string {
	var keys []string
	for _, a := range OwnedAnnotations {
		if a.Field == field {
			keys = append(keys, "`"+a.Suffix+"`")
		}
	}
	if field == "spec.service.externalTrafficPolicy" {
		return "(sets the Service's `spec.externalTrafficPolicy`)"
	}
	return strings.Join(keys, ", ")
}

func allowedValues(s *jsonschema.Schema) string {
	var parts []string
	if len(s.Enum) > 0 {
		var vs []string
		for _, v := range s.Enum {
			vs = append(vs, fmt.Sprintf("`%v`", v))
		}
		parts = append(parts, strings.Join(vs, ", "))
	} else if s.Type != "" {
		parts = append(parts, s.Type)
	}
	if s.Pattern != "" {
		parts = append(parts, "pattern `"+s.Pattern+"`")
	}
	if s.Minimum != "" {
		parts = append(parts, "≥ "+string(s.Minimum))
	}
	if s.MaxLength != nil {
		parts = append(parts, fmt.Sprintf("≤ %d chars", *s.MaxLength))
	}
	if s.Default != nil {
		parts = append(parts, fmt.Sprintf("default `%v`", s.Default))
	}
	return strings.Join(parts, "; ")
}

func cell(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.ReplaceAll(s, "|", "\\|")
}
