package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/slbgw/slbgw/internal/golden"
	"github.com/slbgw/slbgw/schema"
)

// TestGeneratedFilesAreFresh fails when schema/gateway.schema.json, docs/profile.md or
// docs/warnings.md no longer
// match the Go types: run `make generate` and commit the result (or `go test ./schema/gen
// -update`). It also checks that the schema slbgw embeds is the one checked in.
func TestGeneratedFilesAreFresh(t *testing.T) {
	// The doc comments are read relative to the schema package, as go generate runs there.
	t.Chdir("..")
	s, err := generateSchema(".")
	if err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, "gateway.schema.json", s)
	if !golden.Updating() && string(s) != string(schema.JSONSchema) {
		t.Error("the embedded schema differs from the generated one")
	}
	doc, err := profileReference(s)
	if err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, filepath.Join("..", "docs", "profile.md"), []byte(doc))
	golden.Assert(t, filepath.Join("..", "docs", "warnings.md"), []byte(warningsReference()))
}

// TestEveryDefaultNamesWhoAppliesIt: each declared default, as each controller reads it, is
// written with who applies it ("NLB API default: 900."), never a bare ": 900.".
func TestEveryDefaultNamesWhoAppliesIt(t *testing.T) {
	for _, f := range schema.AnnotatedFields() {
		for _, class := range f.Classes {
			if s := defaultSentence(f.For(class)); strings.HasPrefix(s, ":") {
				t.Errorf("%s (%s): default by %q written as %q", f.Path, class, f.For(class).DefaultBy, s)
			}
		}
	}
}
