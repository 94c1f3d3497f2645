package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/slbgw/slbgw/internal/golden"
)

// bytesCases are the real-world bases under testdata/bytes (upstream Knative gateway manifests,
// CRLF, comment blocks and markers, a List, JSON); render's own test checks the CLI's bytes.
const bytesCases = "../../testdata/bytes"

// TestRealWorldBasesThroughEveryPipeline runs each real-world base through the KRM function
// under kustomize and kpt, and through the committed patch, and pins each output byte for byte:
//   - kustomize.yaml: kustomize build with slbgw as an exec transformer; building again over
//     that output gives the same bytes;
//   - kpt.yaml: the package's files after kpt fn render; a second render changes no file;
//   - patch.yaml: render --patch over the base; kustomize applying it to the base builds the
//     same bytes as the transformer.
func TestRealWorldBasesThroughEveryPipeline(t *testing.T) {
	t.Parallel()
	kustomize := setup(t, "kustomize")
	kpt := tool(t, "kpt")
	for _, name := range golden.Cases(t, bytesCases) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			src := filepath.Join(bytesCases, name)
			profile, base := readFile(t, filepath.Join(src, "gateway.yaml")), readFile(t, filepath.Join(src, "base.yaml"))

			built := kustomizeTransformer(t, kustomize, profile, base)
			golden.Assert(t, filepath.Join(src, "kustomize.yaml"), []byte(built))
			if again := kustomizeTransformer(t, kustomize, profile, built); again != built {
				t.Errorf("kustomize over its own output changed it:\n%s", again)
			}

			// kpt refuses a resource without metadata.name, which a List from kubectl lacks.
			if !strings.Contains(base, "\nkind: List\n") {
				kptRender(t, kpt, src, profile, base)
			}

			patch := runOK(t, nil, "slbgw", "render", "--patch", "-f", filepath.Join(src, "gateway.yaml"), "--base", filepath.Join(src, "base.yaml"))
			golden.Assert(t, filepath.Join(src, "patch.yaml"), []byte(patch))
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "base.yaml"), base)
			writeFile(t, filepath.Join(dir, "patch.yaml"), patch)
			writeFile(t, filepath.Join(dir, "kustomization.yaml"), "resources:\n- base.yaml\npatches:\n- path: patch.yaml\n")
			if patched := runOK(t, nil, kustomize, "build", dir); patched != built {
				t.Errorf("kustomize with the patch differs from kustomize with the transformer\n--- patch\n%s\n--- transformer\n%s", patched, built)
			}
		})
	}
}

// kptRender renders a package of the base and the profile, pins its files and renders again.
func kptRender(t *testing.T, kpt, src, profile, base string) {
	t.Helper()
	pkg := t.TempDir()
	writeFile(t, filepath.Join(pkg, "Kptfile"), "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: gateway\n  annotations:\n    config.kubernetes.io/local-config: \"true\"\n"+
		"pipeline:\n  mutators:\n  - name: slbgw\n    exec: slbgw\n    configPath: gateway.yaml\n")
	writeFile(t, filepath.Join(pkg, "gateway.yaml"), withAnnotation(profile, `config.kubernetes.io/local-config: "true"`))
	writeFile(t, filepath.Join(pkg, "base.yaml"), base)
	runOK(t, nil, kpt, "fn", "render", "--allow-exec", pkg)
	golden.Assert(t, filepath.Join(src, "kpt.yaml"), []byte(packageFiles(t, pkg)))
	before := snapshot(t, pkg)
	runOK(t, nil, kpt, "fn", "render", "--allow-exec", pkg)
	if after := snapshot(t, pkg); !reflect.DeepEqual(before, after) {
		t.Errorf("a second kpt render changed the package:\n%s", packageFiles(t, pkg))
	}

}

// kustomizeTransformer builds base with the profile as an exec transformer.
func kustomizeTransformer(t *testing.T, kustomize, profile, base string) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "base.yaml"), base)
	writeFile(t, filepath.Join(dir, "gateway.yaml"), withAnnotation(profile, "config.kubernetes.io/function: |\n      exec:\n        path: slbgw"))
	writeFile(t, filepath.Join(dir, "kustomization.yaml"), "resources:\n- base.yaml\ntransformers:\n- gateway.yaml\n")
	return runOK(t, nil, kustomize, "build", "--enable-alpha-plugins", "--enable-exec", dir)
}

// withAnnotation adds an annotation to a profile whose metadata holds only its name.
func withAnnotation(profile, annotation string) string {
	return strings.Replace(profile, "metadata:\n", "metadata:\n  annotations:\n    "+annotation+"\n", 1)
}

// packageFiles is the package's files but the Kptfile and the profile, each under a header line
// with its name.
func packageFiles(t *testing.T, pkg string) string {
	t.Helper()
	entries, err := os.ReadDir(pkg)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		if e.IsDir() || e.Name() == "Kptfile" || e.Name() == "gateway.yaml" {
			continue
		}
		b.WriteString("# ==> " + e.Name() + " <==\n")
		b.WriteString(readFile(t, filepath.Join(pkg, e.Name())))
	}
	return b.String()
}
