package schema

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/slbgw/slbgw/internal/golden"
)

func TestEmbeddedSchemaCompiles(t *testing.T) {
	if _, err := compiled(); err != nil {
		t.Fatal(err)
	}
}

// TestDefaultProfileIsValid checks the embedded default profile against the schema and the
// rules, and that DefaultProfile, which skips the validator, yields the same profile.
func TestDefaultProfileIsValid(t *testing.T) {
	p, diags := Load(DefaultProfileFile, DefaultProfileYAML)
	if len(diags) > 0 || p == nil {
		t.Fatalf("default profile: %v", diags)
	}
	if p.Spec.Service.Name != DefaultServiceName || p.Spec.Service.Namespace != DefaultServiceNamespace {
		t.Errorf("default profile targets %s/%s", p.Spec.Service.Namespace, p.Spec.Service.Name)
	}
	fast, err := DefaultProfile()
	if err != nil {
		t.Fatal(err)
	}
	loaded := *p
	loaded.Spec.source = locator{} // the fast path reads no positions
	if !reflect.DeepEqual(fast, &loaded) {
		t.Errorf("DefaultProfile() = %+v, Load gives %+v", fast, p)
	}
}

// TestValidateGolden checks every case under testdata/validate: gateway.yaml in, every
// finding (errors and warnings, one a line, as the CLI prints them) out, in findings.txt.
func TestValidateGolden(t *testing.T) {
	dir := filepath.Join("..", "testdata", "validate")
	for _, name := range golden.Cases(t, dir) {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, name, "gateway.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			p, diags := Load("gateway.yaml", data)
			for _, d := range diags {
				if d.Severity == SeverityWarning && !slices.ContainsFunc(WarningCodes, func(w WarningCode) bool { return w.Code == d.Code }) {
					t.Errorf("a warning without a listed code (WarningCodes): %s", d.String())
				}
			}
			if diags.HasErrors() != (p == nil) {
				t.Errorf("profile %v with errors=%v", p, diags.HasErrors())
			}
			var out []byte
			if len(diags) > 0 {
				out = []byte(diags.String() + "\n")
			}
			golden.Assert(t, filepath.Join(dir, name, "findings.txt"), out)
		})
	}
}
