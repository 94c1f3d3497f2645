package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/yaml"

	"github.com/slbgw/slbgw/internal/golden"
)

// The e2e tests run the real orchestrators over the folders under examples/, exactly as the
// README shows, with the slbgw binary built from this tree on PATH. Outputs are pinned in
// testdata/e2e (go test -update rewrites them) and, where the CLI can say the same thing,
// compared with the CLI's own rendering. They need kustomize (make test installs v5.8.1) and
// kpt; without them they skip, except under CI=true, where a missing tool fails.

const examples = "../../examples"

func TestKustomizeTransformer(t *testing.T) {
	t.Parallel()
	kustomizeMatchesCLI(t, filepath.Join(examples, "kustomize", "transformer"), "kustomize-transformer.yaml", "service.yaml", "config-network.yaml")
}

// kustomizeMatchesCLI builds the kustomization dir with slbgw as its exec function: the build
// must be the golden and hold the objects `slbgw render --base` makes of the resources files
// (joined as one stream). It returns the build.
func kustomizeMatchesCLI(t *testing.T, dir, goldenName string, files ...string) string {
	t.Helper()
	kustomize := setup(t, "kustomize")
	built := runOK(t, nil, kustomize, "build", "--enable-alpha-plugins", "--enable-exec", dir)
	golden.Assert(t, filepath.Join("..", "..", "testdata", "e2e", goldenName), []byte(built))
	var parts []string
	for _, f := range files {
		parts = append(parts, readFile(t, filepath.Join(dir, f)))
	}
	base := filepath.Join(t.TempDir(), "base.yaml")
	writeFile(t, base, strings.Join(parts, "---\n"))
	want := runOK(t, nil, "slbgw", "render", "-f", filepath.Join(dir, "gateway.yaml"), "--base", base)
	assertSameObjects(t, built, want)
	return built
}

func TestKustomizeGenerator(t *testing.T) {
	t.Parallel()
	kustomizeMatchesCLI(t, filepath.Join(examples, "kustomize", "generator"), "kustomize-generator.yaml", "config-network.yaml")
}

// TestKustomizeOverlays builds one base profile patched per environment by kustomize itself.
func TestKustomizeOverlays(t *testing.T) {
	t.Parallel()
	kustomize := setup(t, "kustomize")
	for _, env := range []string{"staging", "prod"} {
		t.Run(env, func(t *testing.T) {
			dir := filepath.Join(examples, "kustomize", "overlays", env)
			built := runOK(t, nil, kustomize, "build", "--enable-alpha-plugins", "--enable-exec", dir)
			golden.Assert(t, filepath.Join("..", "..", "testdata", "e2e", "kustomize-overlays-"+env+".yaml"), []byte(built))
		})
	}
}

func TestKustomizeFailsOnInvalidProfile(t *testing.T) {
	t.Parallel()
	kustomize := setup(t, "kustomize")
	dir := copyDir(t, filepath.Join(examples, "kustomize", "transformer"))
	replaceInFile(t, filepath.Join(dir, "gateway.yaml"), "addressType: intranet", "addressType: public")

	stdout, stderr, err := runTool(nil, kustomize, "build", "--enable-alpha-plugins", "--enable-exec", dir)
	if err == nil {
		t.Fatalf("kustomize build succeeded with an invalid profile:\n%s", stdout)
	}
	if stdout != "" {
		t.Errorf("kustomize printed a partial build:\n%s", stdout)
	}
	// Exactly the lines the CLI prints for the same file: kustomize runs the function in the
	// kustomization's directory, where slbgw finds the profile's file for positions.
	validate := command("slbgw", "validate", "gateway.yaml")
	validate.Dir = dir
	cliErr, _ := validate.CombinedOutput()
	if !strings.HasPrefix(string(cliErr), "gateway.yaml:14:18: spec.loadBalancer.addressType: Unsupported value: \"public\"") {
		t.Fatalf("the CLI printed:\n%s", cliErr)
	}
	if !strings.Contains(stderr, string(cliErr)) {
		t.Errorf("kustomize stderr lacks the CLI's findings\n--- CLI\n%s--- kustomize\n%s", cliErr, stderr)
	}
}

func TestKptRenderMutatorMatchesCLIAndIsIdempotent(t *testing.T) {
	t.Parallel()
	kptRenderMatchesCLI(t, filepath.Join(examples, "kpt", "mutator"), "kpt-mutator-service.yaml", "service.yaml")
}

// kptRenderMatchesCLI renders a copy of the kpt package src with kpt: its files (joined as one
// stream) must be the golden and what `slbgw render --base` makes of the same files, and a second
// render must change nothing in the package.
func kptRenderMatchesCLI(t *testing.T, src, goldenName string, files ...string) {
	t.Helper()
	kpt := setup(t, "kpt")
	pkg := copyDir(t, src)
	stream := func(dir string) string {
		var parts []string
		for _, f := range files {
			parts = append(parts, readFile(t, filepath.Join(dir, f)))
		}
		return strings.Join(parts, "---\n")
	}
	runOK(t, nil, kpt, "fn", "render", "--allow-exec", pkg)
	rendered := stream(pkg)
	golden.Assert(t, filepath.Join("..", "..", "testdata", "e2e", goldenName), []byte(rendered))
	base := filepath.Join(t.TempDir(), "base.yaml")
	writeFile(t, base, stream(src))
	want := runOK(t, nil, "slbgw", "render", "-f", filepath.Join(src, "gateway.yaml"), "--base", base)
	if rendered != want {
		t.Errorf("kpt and the CLI differ\n--- kpt\n%s\n--- CLI\n%s", rendered, want)
	}
	before := snapshot(t, pkg)
	runOK(t, nil, kpt, "fn", "render", "--allow-exec", pkg)
	if after := snapshot(t, pkg); !reflect.DeepEqual(before, after) {
		t.Errorf("a second render changed the package")
	}
}

// TestKptRenderFailureShowsFindingsAndChangesNothing reads kpt's own output and results file.
func TestKptRenderFailureShowsFindingsAndChangesNothing(t *testing.T) {
	t.Parallel()
	kpt := setup(t, "kpt")
	pkg := copyDir(t, filepath.Join(examples, "kpt", "mutator"))
	replaceInFile(t, filepath.Join(pkg, "gateway.yaml"), "bandwidth: 10", "bandwith: 10")
	before := snapshot(t, pkg)
	results := t.TempDir()

	_, stderr, err := runTool(nil, kpt, "fn", "render", "--allow-exec", "--results-dir", results, pkg)
	if err == nil {
		t.Fatal("kpt fn render succeeded with an invalid profile")
	}
	for _, want := range []string{
		`[FAIL] "slbgw"`,
		`[error] slbgw.dev/v1alpha1/SLBGateway/knative-gateway spec.loadBalancer.bandwith: unknown field, did you mean "bandwidth"?`,
		`gateway.yaml:13:5: spec.loadBalancer.bandwith: unknown field, did you mean \"bandwidth\"?`,
		`gateway.yaml:12:17: spec.loadBalancer.chargeType: chargeType \"paybybandwidth\" needs bandwidth (peak Mbps)`,
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("kpt output lacks %q:\n%s", want, stderr)
		}
	}
	if after := snapshot(t, pkg); !reflect.DeepEqual(before, after) {
		t.Errorf("a failed render changed the package")
	}
	got := kptResults(t, results)
	want := []kptResult{
		{Severity: "error", Field: "spec.loadBalancer.chargeType", File: "gateway.yaml", Message: `chargeType "paybybandwidth" needs bandwidth (peak Mbps)`},
		{Severity: "error", Field: "spec.loadBalancer.bandwith", File: "gateway.yaml", Message: `unknown field, did you mean "bandwidth"?`},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("results.yaml:\n got %+v\nwant %+v", got, want)
	}
}

func TestKptRenderWarningsPass(t *testing.T) {
	t.Parallel()
	kpt := setup(t, "kpt")
	pkg := copyDir(t, filepath.Join(examples, "kpt", "mutator"))
	replaceInFile(t, filepath.Join(pkg, "gateway.yaml"), "bandwidth: 10", "bandwidth: 10000")
	_, stderr, err := runTool(nil, kpt, "fn", "render", "--allow-exec", pkg)
	if err != nil {
		t.Fatalf("a warning failed the render: %v\n%s", err, stderr)
	}
	want := `[warning] slbgw.dev/v1alpha1/SLBGateway/knative-gateway spec.loadBalancer.bandwidth: 10000 is outside the documented range of 1 to 5120 Mbps`
	if !strings.Contains(stderr, `[PASS] "slbgw"`) || !strings.Contains(stderr, want) {
		t.Errorf("kpt output lacks the PASS and the warning %q:\n%s", want, stderr)
	}
}

func TestKptValidatorPassesInSyncAndFailsOnDrift(t *testing.T) {
	t.Parallel()
	kpt := setup(t, "kpt")
	pkg := copyDir(t, filepath.Join(examples, "kpt", "validator"))
	before := snapshot(t, pkg)
	runOK(t, nil, kpt, "fn", "render", "--allow-exec", pkg)
	if after := snapshot(t, pkg); !reflect.DeepEqual(before, after) {
		t.Errorf("the validator changed the package")
	}

	replaceInFile(t, filepath.Join(pkg, "service.yaml"), "address-type: intranet", "address-type: internet")
	before = snapshot(t, pkg)
	results := t.TempDir()
	_, stderr, err := runTool(nil, kpt, "fn", "render", "--allow-exec", "--results-dir", results, pkg)
	if err == nil {
		t.Fatalf("the validator passed a drifted Service:\n%s", stderr)
	}
	if after := snapshot(t, pkg); !reflect.DeepEqual(before, after) {
		t.Errorf("a failed check changed the package")
	}
	want := []kptResult{{Severity: "error", File: "service.yaml",
		Field:   "metadata.annotations[service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type]",
		Message: `is "internet"; the profile wants "intranet" (spec.loadBalancer.addressType)`}}
	if got := kptResults(t, results); !reflect.DeepEqual(got, want) {
		t.Errorf("results.yaml:\n got %+v\nwant %+v", got, want)
	}
	// On stderr, with the line and column in the package's service.yaml.
	line := `service.yaml:8:73: metadata.annotations[service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type]: is \"internet\"; the profile wants \"intranet\"`
	if !strings.Contains(stderr, line) {
		t.Errorf("kpt output lacks %q:\n%s", line, stderr)
	}
}

func TestKptEvalWithFnConfig(t *testing.T) {
	t.Parallel()
	kpt := setup(t, "kpt")
	dir := filepath.Join(examples, "kpt", "eval")
	pkg := copyDir(t, filepath.Join(dir, "package"))
	runOK(t, nil, kpt, "fn", "eval", pkg, "--exec", "slbgw", "--fn-config", filepath.Join(dir, "gateway.yaml"))
	want := runOK(t, nil, "slbgw", "render", "-f", filepath.Join(dir, "gateway.yaml"), "--base", filepath.Join(dir, "package", "service.yaml"))
	if got := readFile(t, filepath.Join(pkg, "service.yaml")); got != want {
		t.Errorf("kpt eval and the CLI differ\n--- kpt\n%s\n--- CLI\n%s", got, want)
	}
}

func TestKptEvalWithKeyValueArguments(t *testing.T) {
	t.Parallel()
	kpt := setup(t, "kpt")
	dir := filepath.Join(examples, "kpt", "eval")
	pkg := copyDir(t, filepath.Join(dir, "package"))
	runOK(t, nil, kpt, "fn", "eval", pkg, "--exec", "slbgw", "--", "loadBalancer.addressType=intranet", "loadBalancer.networkType=vpc")

	profile := filepath.Join(t.TempDir(), "gateway.yaml")
	writeFile(t, profile, "apiVersion: slbgw.dev/v1alpha1\nkind: SLBGateway\nmetadata:\n  name: function-input\nspec:\n  loadBalancer:\n    addressType: intranet\n    networkType: vpc\n")
	want := runOK(t, nil, "slbgw", "render", "-f", profile, "--base", filepath.Join(dir, "package", "service.yaml"))
	if got := readFile(t, filepath.Join(pkg, "service.yaml")); got != want {
		t.Errorf("kpt eval -- key=value and the CLI differ\n--- kpt\n%s\n--- CLI\n%s", got, want)
	}

	_, stderr, err := runTool(nil, kpt, "fn", "eval", pkg, "--exec", "slbgw", "--", "addressType=intranet")
	want = `data.addressType: not a profile field, did you mean \"loadBalancer.addressType\"?`
	if err == nil || !strings.Contains(stderr, want) {
		t.Errorf("an unknown key: err=%v, stderr lacks %q:\n%s", err, want, stderr)
	}
}

func TestCIScriptRendersEveryProfile(t *testing.T) {
	t.Parallel()
	setup(t, "")
	script := filepath.Join(examples, "ci", "render-gateways.sh")
	profiles := filepath.Join(examples, "ci", "profiles")
	out := t.TempDir()
	runOK(t, nil, script, profiles, out)
	for _, env := range []string{"staging", "prod"} {
		args := []string{"render", "-f", filepath.Join(profiles, env, "gateway.yaml")}
		if base := filepath.Join(profiles, env, "service.yaml"); isFile(base) {
			args = append(args, "--base", base)
		}
		want := runOK(t, nil, "slbgw", args...)
		if got := readFile(t, filepath.Join(out, env, "service.yaml")); got != want {
			t.Errorf("%s: the script wrote\n%s\nwant\n%s", env, got, want)
		}
	}
}

func TestCIScriptFailsWithLocationsAndWritesNothing(t *testing.T) {
	t.Parallel()
	setup(t, "")
	script := filepath.Join(examples, "ci", "render-gateways.sh")
	profiles := copyDir(t, filepath.Join(examples, "ci", "profiles"))
	replaceInFile(t, filepath.Join(profiles, "staging", "gateway.yaml"), "paybytraffic", "PayByTraffic")
	out := filepath.Join(t.TempDir(), "out")

	_, stderr, err := runTool(nil, script, profiles, out)
	if code := exitCode(err); code != 1 {
		t.Fatalf("exit code %d, want 1; stderr:\n%s", code, stderr)
	}
	want := filepath.Join(profiles, "staging", "gateway.yaml") + `:8:17: spec.loadBalancer.chargeType: Unsupported value: "PayByTraffic"`
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the script wrote output despite an invalid profile")
	}
}

// TestReadmeShowsTheTestedCommands keeps the README's pipeline snippets the ones tested here.
func TestReadmeShowsTheTestedCommands(t *testing.T) {
	t.Parallel()
	readme := readFile(t, filepath.Join("..", "..", "README.md"))
	for _, cmd := range []string{
		"kustomize build --enable-alpha-plugins --enable-exec examples/kustomize/transformer",
		"kustomize build --enable-alpha-plugins --enable-exec examples/kustomize/generator",
		"kustomize build --enable-alpha-plugins --enable-exec examples/kustomize/overlays/prod",
		"kpt fn render --allow-exec examples/kpt/mutator",
		"kpt fn render --allow-exec examples/kpt/validator",
		"kpt fn eval examples/kpt/eval/package --exec slbgw --fn-config examples/kpt/eval/gateway.yaml",
		"kpt fn eval examples/kpt/eval/package --exec slbgw -- loadBalancer.addressType=intranet loadBalancer.networkType=vpc",
		"examples/ci/render-gateways.sh examples/ci/profiles out/",
		"exec: slbgw fn --check",
	} {
		if !strings.Contains(readme, cmd) {
			t.Errorf("README.md lacks %q", cmd)
		}
	}
}

// setup builds slbgw onto PATH and returns the named orchestrator ("" for none).
func setup(t *testing.T, orchestrator string) string {
	t.Helper()
	slbgwBinary(t)
	if orchestrator == "" {
		return ""
	}
	return tool(t, orchestrator)
}

type kptResult struct {
	Severity, Field, File, Message string
}

// kptResults reads the results of the first function in kpt's --results-dir.
func kptResults(t *testing.T, dir string) []kptResult {
	t.Helper()
	var list struct {
		Items []struct {
			Results []struct {
				Message  string `json:"message"`
				Severity string `json:"severity"`
				Field    struct {
					Path string `json:"path"`
				} `json:"field"`
				File struct {
					Path string `json:"path"`
				} `json:"file"`
			} `json:"results"`
		} `json:"items"`
	}
	if err := yaml.Unmarshal([]byte(readFile(t, filepath.Join(dir, "results.yaml"))), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Items) == 0 {
		t.Fatal("results.yaml has no items")
	}
	var out []kptResult
	for _, r := range list.Items[0].Results {
		out = append(out, kptResult{Severity: r.Severity, Field: r.Field.Path, File: r.File.Path, Message: r.Message})
	}
	return out
}

// assertSameObjects compares two manifest streams as objects, ignoring key order, comments
// and formatting (kustomize re-serialises its output).
func assertSameObjects(t *testing.T, got, want string) {
	t.Helper()
	if g, w := objects(t, got), objects(t, want); !reflect.DeepEqual(g, w) {
		t.Errorf("objects differ\n--- got\n%s\n--- want\n%s", got, want)
	}
}

func objects(t *testing.T, stream string) map[string]any {
	t.Helper()
	nodes, err := kio.FromBytes([]byte(stream))
	if err != nil {
		t.Fatalf("parsing %q: %v", stream, err)
	}
	out := map[string]any{}
	for _, n := range nodes {
		s, err := n.String()
		if err != nil {
			t.Fatal(err)
		}
		var obj map[string]any
		if err := yaml.Unmarshal([]byte(s), &obj); err != nil {
			t.Fatal(err)
		}
		out[n.GetKind()+"/"+n.GetNamespace()+"/"+n.GetName()] = obj
	}
	return out
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}

// TestKustomizeCustomDomain builds the gateway and Knative's route domain from one profile: the
// Service and config-domain come out as the CLI renders them from the same files.
func TestKustomizeCustomDomain(t *testing.T) {
	t.Parallel()
	built := kustomizeMatchesCLI(t, filepath.Join(examples, "kustomize", "custom-domain"), "kustomize-custom-domain.yaml", "service.yaml", "config-domain.yaml")
	if !strings.Contains(built, "apps.example.org: \"\"") || !strings.Contains(built, "knative.dev/example-checksum") {
		t.Errorf("config-domain lacks the domain or Knative's checksum:\n%s", built)
	}
}

// TestKustomizeTwoGateways runs two profiles: each patches or creates its own Service.
func TestKustomizeTwoGateways(t *testing.T) {
	t.Parallel()
	kustomize := setup(t, "kustomize")
	dir := filepath.Join(examples, "kustomize", "two-gateways")
	built := runOK(t, nil, kustomize, "build", "--enable-alpha-plugins", "--enable-exec", dir)
	golden.Assert(t, filepath.Join("..", "..", "testdata", "e2e", "kustomize-two-gateways.yaml"), []byte(built))
	for _, name := range []string{"name: ingress-gateway\n", "name: ingress-local-gateway\n"} {
		if strings.Count(built, name) != 1 {
			t.Errorf("want one Service %q in:\n%s", name, built)
		}
	}
}

// TestKptRenderCustomDomain renders the kpt package with a domain: service.yaml and
// config-domain.yaml are what the CLI renders, and a second render changes nothing.
func TestKptRenderCustomDomain(t *testing.T) {
	t.Parallel()
	kptRenderMatchesCLI(t, filepath.Join(examples, "kpt", "custom-domain"), "kpt-custom-domain.yaml", "service.yaml", "config-domain.yaml")
}

// TestKustomizeAndKptNLB: the NLB gateway example, in kustomize and in kpt.
func TestKustomizeAndKptNLB(t *testing.T) {
	t.Parallel()
	kustomizeMatchesCLI(t, filepath.Join(examples, "kustomize", "nlb"), "kustomize-nlb.yaml", "service.yaml")
	kptRenderMatchesCLI(t, filepath.Join(examples, "kpt", "nlb"), "kpt-nlb-service.yaml", "service.yaml")
}

// TestKustomizeAndKptKnativeOperator: the Knative Operator example, in kustomize and in kpt.
func TestKustomizeAndKptKnativeOperator(t *testing.T) {
	t.Parallel()
	kustomizeMatchesCLI(t, filepath.Join(examples, "kustomize", "knative-operator"), "kustomize-knative-operator.yaml", "knativeserving.yaml")
	kptRenderMatchesCLI(t, filepath.Join(examples, "kpt", "knative-operator"), "kpt-knative-operator.yaml", "knativeserving.yaml")
}
