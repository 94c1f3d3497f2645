package schema

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/invopop/jsonschema"
)

// SchemaID is the $id of the generated schema, where editors may fetch it from.
const SchemaID = "https://slbgw.dev/schemas/v1alpha1/gateway.schema.json"

// Generate reflects the JSON Schema of Profile from the Go types. sourceDir is this package's
// directory: the doc comments of the types are read from there and become the schema's
// descriptions. go generate writes the result to gateway.schema.json.
//
// The schema is inlined (no $ref) so that tools without reference support, such as kyaml's
// kube-openapi validator or a CRD's openAPIV3Schema, can read it too.
func Generate(sourceDir string) ([]byte, error) {
	r := &jsonschema.Reflector{
		DoNotReference: true,
		ExpandedStruct: true,
	}
	if err := r.AddGoComments("github.com/slbgw/slbgw/schema", sourceDir); err != nil {
		return nil, fmt.Errorf("reading doc comments from %s: %w", sourceDir, err)
	}
	s := r.Reflect(&Profile{})
	s.ID = SchemaID
	s.Title = Kind
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, fmt.Errorf("encoding the schema: %w", err)
	}
	return buf.Bytes(), nil
}
