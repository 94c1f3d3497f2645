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
	checked := 0
	var walk func(path string, node *jsonschema.Schema)
	walk = func(path string, node *jsonschema.Schema) {
		if node.Properties == nil || node.Properties.Len() == 0 {
			checked++
			if path != "spec.loadBalancer.extraAnnotations" && annotationsOf(path) == "" {
				t.Errorf("%s sets no annotation: add it to OwnedAnnotations", path)
			}
			return
		}
		for pair := node.Properties.Oldest(); pair != nil; pair = pair.Next() {
			walk(path+"."+pair.Key, pair.Value)
		}
	}
	spec := root.Properties.Value("spec")
	walk("spec.loadBalancer", spec.Properties.Value("loadBalancer"))
	walk("spec.https", spec.Properties.Value("https"))
	if checked < 60 {
		t.Fatalf("only %d fields found in the schema", checked)
	}
}
