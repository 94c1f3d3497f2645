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
)

// The e2e tests run the real orchestrators over the folders under examples/, with the slbgw
// binary built from this tree on PATH, and compare what they produce with the CLI's own
// rendering of the same profile and base. They need kustomize (make test installs v5.8.1)
// and kpt; without them they skip, except under CI=true, where a missing tool fails.

// slbgwBinary builds slbgw once per test run and puts its directory first on PATH.
func slbgwBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "slbgw-e2e")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "slbgw")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = &buildError{out: string(out), err: err}
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	t.Setenv("PATH", filepath.Dir(binPath)+string(os.PathListSeparator)+os.Getenv("PATH"))
	return binPath
}

// tool finds an orchestrator binary: $KUSTOMIZE / $KPT, then PATH, then GOBIN and GOPATH/bin.
func tool(t *testing.T, name string) string {
	t.Helper()
	if p := os.Getenv(strings.ToUpper(name)); p != "" {
		return p
	}
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	for _, dir := range []string{os.Getenv("GOBIN"), goEnv("GOPATH") + "/bin", "../../bin"} {
		if p := filepath.Join(dir, name); dir != "" && isExecutable(p) {
			abs, _ := filepath.Abs(p)
			return abs
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed; CI must install it (make tools)", name)
	}
	t.Skipf("%s is not installed (make tools installs kustomize)", name)
	return ""
}

func TestKustomizeTransformerMatchesCLI(t *testing.T) {
	slbgwBinary(t)
	kustomize := tool(t, "kustomize")
	dir := filepath.Join("..", "..", "examples", "kustomize")

	built := runOK(t, nil, kustomize, "build", "--enable-alpha-plugins", "--enable-exec", dir)
	want := runOK(t, nil, "slbgw", "render", "-f", filepath.Join(dir, "gateway.yaml"), "--base", filepath.Join(dir, "service.yaml"))
	assertSameObjects(t, built, want)
}

func TestKustomizeFailsOnInvalidProfile(t *testing.T) {
	slbgwBinary(t)
	kustomize := tool(t, "kustomize")
	dir := copyDir(t, filepath.Join("..", "..", "examples", "kustomize"))
	replaceInFile(t, filepath.Join(dir, "gateway.yaml"), "addressType: intranet", "addressType: public")

	stdout, stderr, err := runTool(nil, kustomize, "build", "--enable-alpha-plugins", "--enable-exec", dir)
	if err == nil {
		t.Fatalf("kustomize build succeeded with an invalid profile:\n%s", stdout)
	}
	if len(stdout) > 0 {
		t.Errorf("kustomize printed a partial build:\n%s", stdout)
	}
	want := `functionConfig SLBGateway/knative-gateway: spec.loadBalancer.addressType: Unsupported value: "public": supported values: "internet", "intranet"`
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
}

func TestKptRenderMatchesCLIAndIsIdempotent(t *testing.T) {
	slbgwBinary(t)
	kpt := tool(t, "kpt")
	src := filepath.Join("..", "..", "examples", "kpt")
	pkg := copyDir(t, src)

	runOK(t, nil, kpt, "fn", "render", "--allow-exec", pkg)
	rendered := readFile(t, filepath.Join(pkg, "service.yaml"))
	want := runOK(t, nil, "slbgw", "render", "-f", filepath.Join(src, "gateway.yaml"), "--base", filepath.Join(src, "service.yaml"))
	assertSameObjects(t, rendered, want)
	if !strings.Contains(rendered, "# The Knative ingress gateway Service as ASK creates it") {
		t.Errorf("kpt render lost the Service's comments:\n%s", rendered)
	}

	runOK(t, nil, kpt, "fn", "render", "--allow-exec", pkg)
	if again := readFile(t, filepath.Join(pkg, "service.yaml")); again != rendered {
		t.Errorf("a second render changed service.yaml:\n%s", again)
	}
}

func TestKptRenderFailsAndLeavesPackageUnchanged(t *testing.T) {
	slbgwBinary(t)
	kpt := tool(t, "kpt")
	pkg := copyDir(t, filepath.Join("..", "..", "examples", "kpt"))
	replaceInFile(t, filepath.Join(pkg, "gateway.yaml"), "bandwidth: 10", "bandwith: 10")
	before := snapshot(t, pkg)

	_, stderr, err := runTool(nil, kpt, "fn", "render", "--allow-exec", pkg)
	if err == nil {
		t.Fatal("kpt fn render succeeded with an invalid profile")
	}
	for _, want := range []string{
		`[FAIL] "slbgw"`,
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
}

// assertSameObjects compares two manifest streams as objects, ignoring order of keys,
// comments and formatting (kustomize re-serialises its output).
func assertSameObjects(t *testing.T, got, want string) {
	t.Helper()
	g, w := objects(t, got), objects(t, want)
	if !reflect.DeepEqual(g, w) {
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
