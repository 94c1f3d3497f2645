package patch

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/kustomize/kyaml/yaml"
	"sigs.k8s.io/kustomize/kyaml/yaml/merge2"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/slbgw/slbgw/change"
	"github.com/slbgw/slbgw/internal/golden"
	"github.com/slbgw/slbgw/render"
	"github.com/slbgw/slbgw/schema"
)

// TestPatchGolden runs every case under testdata/patch: gateway.yaml and an optional base.yaml
// in; gateway-patch.yaml (the patch file) and findings.txt (warnings and errors, as the CLI
// prints them) out.
func TestPatchGolden(t *testing.T) {
	dir := filepath.Join("..", "testdata", "patch")
	for _, name := range golden.Cases(t, dir) {
		t.Run(name, func(t *testing.T) {
			caseDir := filepath.Join(dir, name)
			profile := loadProfile(t, filepath.Join(caseDir, "gateway.yaml"))
			base, err := os.ReadFile(filepath.Join(caseDir, "base.yaml"))
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			out, findings, err := Manifest(render.Filter{Spec: &profile.Spec}, base, "base.yaml")
			if err != nil {
				t.Fatal(err)
			}
			if findings.HasErrors() && out != nil {
				t.Errorf("a patch written despite errors:\n%s", out)
			}
			golden.Assert(t, filepath.Join(caseDir, "gateway-patch.yaml"), out)
			var text []byte
			if len(findings) > 0 {
				text = []byte(findings.String() + "\n")
			}
			golden.Assert(t, filepath.Join(caseDir, "findings.txt"), text)
		})
	}
}

// TestPatchGivesWhatRenderGives applies each patch the way kustomize does (kyaml's merge2, the
// strategic merge of kustomize's patchesStrategicMerge filter) to the base of every render
// case and of every patch case, and compares the Service with what `slbgw render --base` makes
// of the same base. The e2e tests do the same with the real kustomize over the examples.
func TestPatchGivesWhatRenderGives(t *testing.T) {
	for _, dir := range []string{filepath.Join("..", "testdata", "render"), filepath.Join("..", "testdata", "patch")} {
		for _, name := range golden.Cases(t, dir) {
			caseDir := filepath.Join(dir, name)
			base, err := os.ReadFile(filepath.Join(caseDir, "base.yaml"))
			if os.IsNotExist(err) {
				continue // a patch needs a Service to patch
			}
			if err != nil {
				t.Fatal(err)
			}
			profileFile := filepath.Join(caseDir, "gateway.yaml")
			if _, err := os.Stat(profileFile); os.IsNotExist(err) {
				continue
			}
			t.Run(filepath.Base(dir)+"/"+name, func(t *testing.T) {
				profile := loadProfile(t, profileFile)
				p := render.Filter{Spec: &profile.Spec}
				rendered, findings, err := render.Manifests(p, base, "base.yaml")
				if err != nil {
					t.Fatal(err)
				}
				if findings.HasErrors() {
					t.Skip("render refuses this base")
				}
				want := gatewayService(t, rendered, profile.Spec.Service)
				if want == nil {
					t.Skip("the base has no gateway Service")
				}
				out, findings, err := Manifest(p, base, "base.yaml")
				if err != nil {
					t.Fatal(err)
				}
				if findings.HasErrors() {
					t.Skip("no patch for this base")
				}
				for _, withBase := range []bool{true, false} {
					doc, err := yaml.Parse(string(out))
					if err != nil {
						t.Fatal(err)
					}
					if !withBase {
						// Without --base the patch lacks only the recorded extras the profile
						// dropped, and names the profile's namespace.
						doc = Document(&profile.Spec, nil)
						if svc := gatewayService(t, base, profile.Spec.Service); len(change.RecordedExtras(svc.GetAnnotations())) > 0 || svc.GetNamespace() == "" {
							continue
						}
					}
					svc := gatewayService(t, base, profile.Spec.Service)
					got, err := merge2.Merge(doc, svc, yaml.MergeOptions{ListIncreaseDirection: yaml.MergeOptionsListPrepend})
					if err != nil {
						t.Fatal(err)
					}
					if g, w := object(t, got), object(t, want); !reflect.DeepEqual(g, w) {
						t.Errorf("with base %v: the patched Service differs from the rendered one\n--- patched\n%s\n--- rendered\n%s", withBase, got.MustString(), want.MustString())
					}
				}
			})
		}
	}
}

func TestPatchOmitsUnsetCertificateAndNullsEveryOtherOwnedKey(t *testing.T) {
	profile := loadProfile(t, filepath.Join("..", "testdata", "patch", "internet-no-base", "gateway.yaml"))
	annotations := Document(&profile.Spec, nil).GetAnnotations()
	for _, f := range schema.AnnotatedFields() {
		for _, key := range f.Keys {
			_, present := annotations[key]
			if f.KeepWhenUnset && present {
				t.Errorf("%s (%s, kept when unset) is in the patch", key, f.Path)
			}
			if !f.KeepWhenUnset && !present {
				t.Errorf("%s (%s) is not in the patch", key, f.Path)
			}
		}
	}
}

func loadProfile(t *testing.T, file string) *schema.Profile {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	profile, diags := schema.Load("gateway.yaml", data)
	if diags.HasErrors() {
		t.Fatalf("profile: %v", diags)
	}
	return profile
}

func gatewayService(t *testing.T, stream []byte, svc schema.Service) *yaml.RNode {
	t.Helper()
	// kustomize resolves aliases when it loads resources (ResMap.DeAnchor).
	items, err := (&kio.ByteReader{Reader: bytes.NewReader(stream), OmitReaderAnnotations: true, AnchorsAweigh: true}).Read()
	if err != nil {
		t.Fatal(err)
	}
	found, _, findings := render.Filter{Spec: &schema.Spec{Service: svc}}.Find(items)
	if findings.HasErrors() {
		return nil
	}
	return found
}

// object is node as plain data, for comparing Services whatever their key order and comments.
// An empty annotations mapping is no annotations, as kustomize writes it.
func object(t *testing.T, node *yaml.RNode) map[string]any {
	t.Helper()
	var obj map[string]any
	if err := sigsyaml.Unmarshal([]byte(node.MustString()), &obj); err != nil {
		t.Fatal(err)
	}
	if meta, ok := obj["metadata"].(map[string]any); ok {
		if a, ok := meta["annotations"].(map[string]any); ok && len(a) == 0 {
			delete(meta, "annotations")
		}
	}
	return obj
}
