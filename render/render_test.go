package render

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/slbgw/slbgw/internal/golden"
	"github.com/slbgw/slbgw/schema"
)

// TestRenderGolden runs every case under testdata/render: gateway.yaml (the embedded default
// profile when absent) and an optional base.yaml in; expected.yaml (the manifests) and
// findings.txt (warnings and errors, as the CLI prints them) out. Each output must also be a
// fixed point: rendering it again as the base changes nothing.
func TestRenderGolden(t *testing.T) {
	dir := filepath.Join("..", "testdata", "render")
	for _, name := range golden.Cases(t, dir) {
		t.Run(name, func(t *testing.T) {
			caseDir := filepath.Join(dir, name)
			profile := loadProfile(t, caseDir)
			base, err := os.ReadFile(filepath.Join(caseDir, "base.yaml"))
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			out, findings, err := Manifests(Filter{Spec: &profile.Spec}, base, "base.yaml")
			var unreadable *BaseError
			switch {
			case errors.As(err, &unreadable):
				// A base that is not Kubernetes objects: the CLI prints the error, exit 1.
				golden.Assert(t, filepath.Join(caseDir, "expected.yaml"), nil)
				golden.Assert(t, filepath.Join(caseDir, "findings.txt"), []byte(err.Error()+"\n"))
				return
			case err != nil:
				t.Fatal(err)
			}
			if findings.HasErrors() && out != nil {
				t.Errorf("output written despite errors:\n%s", out)
			}
			golden.Assert(t, filepath.Join(caseDir, "expected.yaml"), out)
			for _, d := range findings {
				if d.Severity == schema.SeverityWarning && d.Code == "" {
					t.Errorf("a warning without a code (schema.WarningCodes): %s", d.String())
				}
			}
			var text []byte
			if len(findings) > 0 {
				text = []byte(findings.String() + "\n")
			}
			golden.Assert(t, filepath.Join(caseDir, "findings.txt"), text)

			if out == nil || golden.Updating() {
				return
			}
			// Warnings about the Service may repeat (a port the Service lacks); errors may not.
			again, findings, err := Manifests(Filter{Spec: &profile.Spec}, out, "expected.yaml")
			if err != nil || findings.HasErrors() {
				t.Fatalf("rendering the output again: %v %v", err, findings)
			}
			if string(again) != string(out) {
				t.Errorf("rendering the output again changed it:\n%s", again)
			}
		})
	}
}

func loadProfile(t *testing.T, caseDir string) *schema.Profile {
	t.Helper()
	name, data := schema.DefaultProfileFile, schema.DefaultProfileYAML
	if b, err := os.ReadFile(filepath.Join(caseDir, "gateway.yaml")); err == nil {
		name, data = "gateway.yaml", b
	} else if !os.IsNotExist(err) {
		t.Fatal(err)
	}
	profile, diags := schema.Load(name, data)
	if diags.HasErrors() {
		t.Fatalf("profile: %v", diags)
	}
	return profile
}
