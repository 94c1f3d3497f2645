package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/invopop/jsonschema"

	"github.com/slbgw/slbgw/schema"
)

// generateSchema reflects the JSON Schema of schema.Profile. sourceDir is the schema package's
// directory: the doc comments of the types are read from there and become the descriptions,
// followed by each annotation's default as its declaration states it.
//
// The schema is inlined (no $ref) so that tools without reference support, such as kyaml's
// kube-openapi validator or a CRD's openAPIV3Schema, can read it too.
func generateSchema(sourceDir string) ([]byte, error) {
	r := &jsonschema.Reflector{
		DoNotReference: true,
		ExpandedStruct: true,
	}
	if err := r.AddGoComments("github.com/slbgw/slbgw/schema", sourceDir); err != nil {
		return nil, fmt.Errorf("reading doc comments from %s: %w", sourceDir, err)
	}
	s := r.Reflect(&schema.Profile{})
	s.ID = schema.SchemaID
	s.Title = schema.Kind
	// kustomize and kpt annotate a function's config and may add metadata fields slbgw does
	// not read.
	at(s, "/properties/metadata").AdditionalProperties = jsonschema.TrueSchema
	for pointer, rules := range schema.SchemaRules() {
		node := at(s, pointer)
		for _, r := range rules {
			cond := fieldSchema(strings.Split(r.If, "."), r.IfValue, true)
			then := fieldSchema(strings.Split(r.Then, "."), r.ThenValue, !r.ThenMayBeAbsent)
			node.AllOf = append(node.AllOf, &jsonschema.Schema{If: cond, Then: then, Description: r.Message})
		}
	}
	for _, f := range schema.AnnotatedFields() {
		if sentence := defaultSentence(f); sentence != "" {
			node := at(s, pointerOf(f.Path))
			node.Description = strings.TrimSpace(node.Description + " " + sentence)
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, fmt.Errorf("encoding the schema: %w", err)
	}
	return buf.Bytes(), nil
}

// defaultSentence says what applies when the field is left out, and who applies it.
func defaultSentence(f *schema.AnnotatedField) string {
	if f.Default == "" {
		return ""
	}
	who := map[string]string{"controller": "Controller default", "CLB API": "CLB API default", "NLB API": "NLB API default", "docs": "Documented default", "slbgw": "Default"}[f.DefaultBy]
	return who + ": " + f.Default + "."
}

// pointerOf turns a dotted field path into the JSON pointer of its schema.
func pointerOf(path string) string {
	return "/properties/" + strings.ReplaceAll(path, ".", "/properties/")
}

// at walks a JSON pointer of /properties/<name> steps; the pointers come from the Go types, so
// a missing step is a bug in this generator.
func at(s *jsonschema.Schema, pointer string) *jsonschema.Schema {
	for _, name := range strings.Split(strings.TrimPrefix(pointer, "/properties/"), "/properties/") {
		if name == "" {
			continue
		}
		next := s.Properties.Value(name)
		if next == nil {
			panic("gen: no schema at " + pointer)
		}
		s = next
	}
	return s
}

// fieldSchema says "the field at path is set (when required) and, when present, equals value
// (when value is not nil)", nesting one object schema per path segment.
func fieldSchema(path []string, value any, required bool) *jsonschema.Schema {
	s := &jsonschema.Schema{}
	if required {
		s.Required = []string{path[0]}
	}
	var child *jsonschema.Schema
	switch {
	case len(path) > 1:
		child = fieldSchema(path[1:], value, required)
	case value != nil:
		child = &jsonschema.Schema{Const: value}
	}
	if child != nil {
		s.Properties = jsonschema.NewProperties()
		s.Properties.Set(path[0], child)
	}
	return s
}
