package render

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/invopop/jsonschema"

	"github.com/slbgw/slbgw/internal/golden"
	"github.com/slbgw/slbgw/schema"
)

// TestProfileReferenceIsFresh fails when docs/profile.md no longer matches the Go types and the
// annotation table: run `make generate` and commit the result.
func TestProfileReferenceIsFresh(t *testing.T) {
	doc, err := ProfileReference()
	if err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, filepath.Join("..", "docs", "profile.md"), []byte(doc))
}

// TestEveryLoadBalancerFieldSetsAnAnnotation keeps the schema and OwnedAnnotations in step: a
// field added to the types without a row in the table would silently do nothing.
func TestEveryLoadBalancerFieldSetsAnAnnotation(t *testing.T) {
	var root jsonschema.Schema
	if err := json.Unmarshal(schema.JSONSchema, &root); err != nil {
		t.Fatal(err)
	}
	spec := root.Properties.Value("spec")
	checked := 0
	for _, group := range []string{"loadBalancer", "https"} {
		props := spec.Properties.Value(group).Properties
		for pair := props.Oldest(); pair != nil; pair = pair.Next() {
			field := "spec." + group + "." + pair.Key
			checked++
			if annotationsOf(field) == "" {
				t.Errorf("%s sets no annotation: add it to OwnedAnnotations", field)
			}
		}
	}
	if checked < 10 {
		t.Fatalf("only %d fields found in the schema", checked)
	}
}
