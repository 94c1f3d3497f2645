package main

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/schema"
)

// The patch flow (slbgw render --patch, then a plain `resources:` + `patches:` kustomization)
// must give the Service the exec transformer gives. These tests build both with the real
// kustomize, and the patch flow with kubectl's built-in kustomize too, and compare the
// outputs byte for byte, for every example profile that has a base Service to patch.

// patchCase is a profile and the base Service it patches. want, when set, is the folder whose
// exec build is the reference; otherwise the reference is a kustomization of the base with the
// profile as its transformer.
type patchCase struct {
	name          string
	profile, base string
	want          string
}

// patchCases finds every examples/**/gateway.yaml with a Service beside it (service.yaml, or
// package/service.yaml as in kpt eval), the overlays (each environment's profile and the shared
// base, as kustomize builds them), and the testdata/patch cases whose base slbgw can patch.
func patchCases(t *testing.T, kustomize string) []patchCase {
	t.Helper()
	var cases []patchCase
	err := filepath.WalkDir(examples, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != "gateway.yaml" {
			return err
		}
		dir := filepath.Dir(path)
		for _, base := range []string{filepath.Join(dir, "service.yaml"), filepath.Join(dir, "package", "service.yaml")} {
			if isFile(base) {
				rel, _ := filepath.Rel(examples, dir)
				if domains := filepath.Join(filepath.Dir(base), "config-domain.yaml"); isFile(domains) {
					// The profile sets domains too: the base is the Service and config-domain.
					combined := filepath.Join(t.TempDir(), "base.yaml")
					writeFile(t, combined, readFile(t, base)+"---\n"+readFile(t, domains))
					base = combined
				}
				cases = append(cases, patchCase{name: "examples/" + filepath.ToSlash(rel), profile: path, base: base})
				break
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	overlays := filepath.Join(examples, "kustomize", "overlays")
	tmp := t.TempDir()
	base := filepath.Join(tmp, "overlays-base.yaml")
	writeFile(t, base, runOK(t, nil, kustomize, "build", filepath.Join(overlays, "base")))
	for env, profileDir := range map[string]string{"staging": "profile", "prod": filepath.Join("prod", "profile")} {
		profile := filepath.Join(tmp, "overlays-"+env+"-gateway.yaml")
		writeFile(t, profile, runOK(t, nil, kustomize, "build", filepath.Join(overlays, profileDir)))
		cases = append(cases, patchCase{name: "examples/kustomize/overlays/" + env, profile: profile, base: base, want: filepath.Join(overlays, env)})
	}

	testdata := filepath.Join("..", "..", "testdata", "patch")
	entries, err := os.ReadDir(testdata)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		// The cases with a base and a patch (their findings, if any, are warnings).
		dir := filepath.Join(testdata, e.Name())
		if isFile(filepath.Join(dir, "base.yaml")) && isFile(filepath.Join(dir, "gateway-patch.yaml")) {
			cases = append(cases, patchCase{name: "testdata/patch/" + e.Name(), profile: filepath.Join(dir, "gateway.yaml"), base: filepath.Join(dir, "base.yaml")})
		}
	}
	slices.SortFunc(cases, func(a, b patchCase) int { return strings.Compare(a.name, b.name) })
	return cases
}

func TestPatchFlowBuildsWhatTheTransformerBuilds(t *testing.T) {
	t.Parallel()
	kustomize := setup(t, "kustomize")
	kubectl := tool(t, "kubectl")
	for _, c := range patchCases(t, kustomize) {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			want := execBuild(t, kustomize, c.profile, c.base)
			if c.want != "" {
				if real := runOK(t, nil, kustomize, "build", "--enable-alpha-plugins", "--enable-exec", c.want); real != want {
					t.Fatalf("the example %s builds\n%s\nnot the transformer's\n%s", c.want, real, want)
				}
			}
			for _, withBase := range []bool{true, false} {
				if !withBase && (strings.HasPrefix(c.name, "testdata/patch/extras-") || c.name == "testdata/patch/domains-in-base" || strings.HasPrefix(c.name, "testdata/patch/operator-")) {
					continue // without --base, the patch cannot know the extras slbgw set before, an example.com placeholder, or a KnativeServing's list
				}
				dir := patchFlow(t, c.profile, c.base, withBase)
				if got := runOK(t, nil, kustomize, "build", dir); got != want {
					t.Errorf("--base %v: kustomize build of the patch flow\n%s\ndiffers from the transformer's\n%s", withBase, got, want)
				}
				if got := runOK(t, nil, kubectl, "kustomize", dir); got != want {
					t.Errorf("--base %v: kubectl kustomize of the patch flow\n%s\ndiffers from the transformer's\n%s", withBase, got, want)
				}
			}
		})
	}
}

// TestPatchFlowRemovesADroppedField drops, from each profile, the first field whose
// annotation is in the built Service (and whose removal leaves the profile valid), renders the
// patch again, and checks that the annotation is gone from the build, which is again the
// transformer's.
func TestPatchFlowRemovesADroppedField(t *testing.T) {
	t.Parallel()
	kustomize := setup(t, "kustomize")
	for _, c := range patchCases(t, kustomize) {
		if strings.HasPrefix(c.name, "testdata/patch/operator-") {
			continue // a KnativeServing, not a Service: testdata/render/operator-field-removed covers a dropped field
		}
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			before := serviceAnnotations(t, runOK(t, nil, kustomize, "build", patchFlow(t, c.profile, c.base, true)))
			profile, field := dropOneField(t, c.profile, before)
			if field == nil {
				t.Skip("the profile sets no field whose removal leaves it valid")
			}
			t.Logf("dropped %s", field.Path)
			built := runOK(t, nil, kustomize, "build", patchFlow(t, profile, c.base, true))
			after := serviceAnnotations(t, built)
			for _, key := range field.Keys {
				if v, ok := after[key]; ok {
					t.Errorf("dropping %s left %s: %q in the build:\n%s", field.Path, key, v, built)
				}
			}
			if want := execBuild(t, kustomize, profile, c.base); built != want {
				t.Errorf("without %s, the patch flow builds\n%s\nnot the transformer's\n%s", field.Path, built, want)
			}
		})
	}
}

// TestGitOpsExample builds examples/gitops as it is committed: no exec flags, with kustomize
// and kubectl, the same Service as the transformer; and its patch is fresh.
func TestGitOpsExample(t *testing.T) {
	t.Parallel()
	kustomize := setup(t, "kustomize")
	kubectl := tool(t, "kubectl")
	dir := filepath.Join(examples, "gitops")
	check := command("slbgw", "render", "--patch", "--check", "-f", "gateway.yaml", "--base", "service.yaml", "--out", "gateway-patch.yaml")
	check.Dir = dir
	if out, err := check.CombinedOutput(); err != nil {
		t.Fatalf("the committed patch is stale: %v\n%s", err, out)
	}
	want := execBuild(t, kustomize, filepath.Join(dir, "gateway.yaml"), filepath.Join(dir, "service.yaml"), filepath.Join(dir, "config-network.yaml"))
	if got := runOK(t, nil, kustomize, "build", dir); got != want {
		t.Errorf("kustomize build %s\n%s\ndiffers from the transformer's\n%s", dir, got, want)
	}
	if got := runOK(t, nil, kubectl, "kustomize", dir); got != want {
		t.Errorf("kubectl kustomize %s\n%s\ndiffers from the transformer's\n%s", dir, got, want)
	}
}

// TestPatchCheckFailsOnAStalePatch is the CI step: --check passes on a fresh patch, fails with
// exit 1 naming the file and the command once the profile changes, and never writes.
func TestPatchCheckFailsOnAStalePatch(t *testing.T) {
	t.Parallel()
	setup(t, "")
	dir := copyDir(t, filepath.Join(examples, "gitops"))
	args := []string{"render", "--patch", "--check", "-f", "gateway.yaml", "--base", "service.yaml", "--out", "gateway-patch.yaml"}
	runIn := func() (string, int) {
		cmd := command("slbgw", args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		return string(out), exitCode(err)
	}
	if out, code := runIn(); code != 0 {
		t.Fatalf("a fresh patch: exit code %d\n%s", code, out)
	}
	replaceInFile(t, filepath.Join(dir, "gateway.yaml"), "instanceSpec: slb.s2.small", "instanceSpec: slb.s2.medium")
	before := snapshot(t, dir)
	out, code := runIn()
	if code != 1 {
		t.Fatalf("a stale patch: exit code %d, want 1\n%s", code, out)
	}
	for _, want := range []string{
		"slbgw render: gateway-patch.yaml is stale: run slbgw render --patch -f gateway.yaml --base service.yaml --out gateway-patch.yaml",
		"--- gateway-patch.yaml (committed)\n+++ gateway-patch.yaml (rendered)\n",
		"-    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-spec: slb.s2.small\n+    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-spec: slb.s2.medium\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if after := snapshot(t, dir); !maps.Equal(before, after) {
		t.Error("--check changed the folder")
	}
}

// execBuild is the reference: `kustomize build --enable-alpha-plugins --enable-exec` of the
// base resources with the profile as an exec transformer.
func execBuild(t *testing.T, kustomize, profile string, resources ...string) string {
	t.Helper()
	dir := t.TempDir()
	node, err := yaml.Parse(readFile(t, profile))
	if err != nil {
		t.Fatal(err)
	}
	if err := node.PipeE(yaml.SetAnnotation("config.kubernetes.io/function", "exec:\n  path: slbgw\n")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "gateway.yaml"), node.MustString())
	kustomization := "resources:\n"
	for i, r := range resources {
		name := fmt.Sprintf("%d-%s", i, filepath.Base(r))
		writeFile(t, filepath.Join(dir, name), readFile(t, r))
		kustomization += "- " + name + "\n"
	}
	writeFile(t, filepath.Join(dir, "kustomization.yaml"), kustomization+"transformers:\n- gateway.yaml\n")
	return runOK(t, nil, kustomize, "build", "--enable-alpha-plugins", "--enable-exec", dir)
}

// patchFlow writes the GitOps folder for profile and base: the base, the patch slbgw renders
// (with --base when withBase) and a kustomization that lists both. It returns the folder.
func patchFlow(t *testing.T, profile, base string, withBase bool) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "service.yaml"), readFile(t, base))
	args := []string{"render", "--patch", "-f", profile, "--out", filepath.Join(dir, "gateway-patch.yaml")}
	if withBase {
		args = append(args, "--base", filepath.Join(dir, "service.yaml"))
	}
	runOK(t, nil, "slbgw", args...)
	writeFile(t, filepath.Join(dir, "kustomization.yaml"), "resources:\n- service.yaml\npatches:\n- path: gateway-patch.yaml\n")
	return dir
}

// dropOneField removes from the profile the first annotated field it sets whose annotations
// are in built and whose removal leaves a valid profile that no longer writes them (another
// field may imply them). It returns the new profile's file and the field, nil when none fits.
func dropOneField(t *testing.T, profile string, built map[string]string) (string, *schema.AnnotatedField) {
	t.Helper()
	data := readFile(t, profile)
	loaded, diags := schema.Load(profile, []byte(data))
	if diags.HasErrors() {
		t.Fatalf("%s: %v", profile, diags)
	}
	for _, f := range schema.AnnotatedFields() {
		if f.KeepWhenUnset || !f.IsSet(&loaded.Spec) || !slices.ContainsFunc(f.Keys, func(k string) bool { _, ok := built[k]; return ok }) {
			continue
		}
		node, err := yaml.Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		path := strings.Split(f.Path, ".")
		parent, err := node.Pipe(yaml.Lookup(path[:len(path)-1]...))
		if err != nil || parent == nil {
			continue
		}
		if err := parent.PipeE(yaml.Clear(path[len(path)-1])); err != nil {
			t.Fatal(err)
		}
		text := node.MustString()
		dropped, diags := schema.Load(profile, []byte(text))
		if diags.HasErrors() {
			continue
		}
		if _, still := f.Value(&dropped.Spec); still {
			continue
		}
		file := filepath.Join(t.TempDir(), "gateway.yaml")
		writeFile(t, file, text)
		return file, f
	}
	return "", nil
}

// serviceAnnotations returns the annotations of the one Service in a built stream.
func serviceAnnotations(t *testing.T, built string) map[string]string {
	t.Helper()
	var found map[string]string
	for id, obj := range objects(t, built) {
		if !strings.HasPrefix(id, "Service/") {
			continue
		}
		if found != nil {
			t.Fatalf("more than one Service in\n%s", built)
		}
		found = map[string]string{}
		meta, _ := obj.(map[string]any)["metadata"].(map[string]any)
		annotations, _ := meta["annotations"].(map[string]any)
		for k, v := range annotations {
			found[k], _ = v.(string)
		}
	}
	if found == nil {
		t.Fatalf("no Service in\n%s", built)
	}
	return found
}

// TestReadmeShowsTheGitOpsCommands keeps the README's GitOps section the flow tested here.
func TestReadmeShowsTheGitOpsCommands(t *testing.T) {
	t.Parallel()
	readme := readFile(t, filepath.Join("..", "..", "README.md"))
	kustomization := readFile(t, filepath.Join(examples, "gitops", "kustomization.yaml"))
	for _, snippet := range []string{
		"### GitOps without exec (Argo CD, Flux)",
		"slbgw render --patch -f gateway.yaml --base service.yaml --out gateway-patch.yaml",
		"slbgw render --patch --check -f gateway.yaml --base service.yaml --out gateway-patch.yaml",
		"slbgw render: gateway-patch.yaml is stale: run slbgw render --patch -f gateway.yaml --base service.yaml --out gateway-patch.yaml",
		"kustomize build examples/gitops",
		"kubectl kustomize examples/gitops",
		"resources:\n- service.yaml\n- config-network.yaml\npatches:\n- path: gateway-patch.yaml\n",
	} {
		if !strings.Contains(readme, snippet) {
			t.Errorf("README.md lacks %q", snippet)
		}
	}
	if !strings.HasSuffix(kustomization, "resources:\n- service.yaml\n- config-network.yaml\npatches:\n- path: gateway-patch.yaml\n") {
		t.Errorf("examples/gitops/kustomization.yaml is not the README's:\n%s", kustomization)
	}
}
