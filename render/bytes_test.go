package render

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/slbgw/slbgw/change"
	"github.com/slbgw/slbgw/internal/golden"
	"github.com/slbgw/slbgw/schema"
)

// TestRenderKeepsEveryByteItDoesNotOwn renders the real-world bases under testdata/bytes (the
// upstream Knative gateway manifests with their licence headers, CRLF, comment blocks and
// markers, a List holding the Service and config-domain, JSON) and checks, on bytes:
//   - the output is render.yaml;
//   - without the owned entries, the output is the base, byte for byte (golden.WithoutOwned);
//   - rendering the output again gives the same bytes.
//
// The same cases run through kustomize, kpt and the patch in cmd/slbgw's end-to-end tests.
func TestRenderKeepsEveryByteItDoesNotOwn(t *testing.T) {
	dir := filepath.Join("..", "testdata", "bytes")
	for _, name := range golden.Cases(t, dir) {
		t.Run(name, func(t *testing.T) {
			caseDir := filepath.Join(dir, name)
			profile := loadProfile(t, caseDir)
			base, err := os.ReadFile(filepath.Join(caseDir, "base.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			f := Filter{Spec: &profile.Spec}
			out, findings, err := Manifests(f, base, "base.yaml")
			if err != nil || findings.HasErrors() {
				t.Fatalf("%v %v", err, findings)
			}
			golden.Assert(t, filepath.Join(caseDir, "render.yaml"), out)
			keys := ownedKeys(change.Domain(&profile.Spec, nil, nil))
			if got, want := golden.WithoutOwned(out, keys...), golden.WithoutOwned(base, keys...); string(got) != string(want) {
				t.Errorf("the output differs from the base outside the owned entries\n--- base without them\n%s\n--- output without them\n%s", want, got)
			}
			again, findings, err := Manifests(f, out, "render.yaml")
			if err != nil || findings.HasErrors() {
				t.Fatalf("rendering the output again: %v %v", err, findings)
			}
			if string(again) != string(out) {
				t.Errorf("rendering the output again changed it:\n%s", again)
			}
		})
	}
}

// ownedKeys are the keys slbgw may write besides golden.WithoutOwned's prefixes: the declared
// annotations outside them (backend-type), Knative's placeholder domain, and the keys of the
// domain edits given.
func ownedKeys(domainEdits []change.Edit) []string {
	keys := []string{schema.KnativeDefaultDomain}
	for _, f := range schema.AnnotatedFields() {
		keys = append(keys, f.Keys...)
	}
	for _, e := range domainEdits {
		keys = append(keys, e.Key)
	}
	return keys
}
