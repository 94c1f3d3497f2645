package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slbgw/slbgw/schema"
)

const validProfileYAML = `apiVersion: slbgw.dev/v1alpha1
kind: SLBGateway
metadata:
  name: t
spec:
  loadBalancer:
    addressType: intranet
    networkType: vpc
`

const invalidProfileYAML = `apiVersion: slbgw.dev/v1alpha1
kind: SLBGateway
metadata:
  name: t
spec:
  loadBalancer:
    addressType: public
`

// functionInputHeader starts a ResourceList whose functionConfig is the default profile.
const functionInputHeader = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
functionConfig:
  apiVersion: slbgw.dev/v1alpha1
  kind: SLBGateway
  metadata:
    name: t
  spec:
    loadBalancer:
      addressType: internet
`

const gatewayServiceItem = `- apiVersion: v1
  kind: Service
  metadata:
    name: ingress-gateway
    namespace: knative-serving
  spec:
    type: LoadBalancer
`

// TestExitCodes runs the CLI as a user would and checks the documented exit codes (0 success,
// 1 invalid input, 2 usage) and where the messages go.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	valid := writeTempFile(t, dir, "valid.yaml", validProfileYAML)
	invalid := writeTempFile(t, dir, "invalid.yaml", invalidProfileYAML)
	badThird := writeTempFile(t, dir, "third.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: [a, b\nspec: {}\n")
	badJSON := writeTempFile(t, dir, "bad.json", "{\"a\": [1,\n 2,,]}")
	warned := writeTempFile(t, dir, "warned.yaml", strings.Replace(validProfileYAML, "addressType: intranet\n    networkType: vpc",
		"addressType: internet\n    chargeType: paybybandwidth\n    bandwidth: 10000", 1))

	runCLICases(t, []cliCase{
		{name: "render default", args: []string{"render"}, code: 0,
			stdout: "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type: internet",
			stderr: "slbgw render: no -f and no ./gateway.yaml: using the embedded default profile (internet, slb.s1.small)\n"},
		{name: "render a valid profile", args: []string{"render", "-f", valid}, code: 0,
			stdout: "alibaba-cloud-loadbalancer-network-type: vpc", stderr: "-"},
		{name: "render a profile from stdin", args: []string{"render", "-f", "-"}, stdin: validProfileYAML, code: 0,
			stdout: "alibaba-cloud-loadbalancer-network-type: vpc", stderr: "-"},
		{name: "validate with a warning", args: []string{"validate", warned}, code: 0,
			stdout: "-", stderr: warned + ":9:16: warning: spec.loadBalancer.bandwidth: 10000 is outside the documented range"},
		{name: "validate --strict with a warning", args: []string{"validate", "--strict", warned}, code: 1,
			stdout: "-", stderr: "slbgw validate: --strict: 1 warnings in " + warned + " fail the run"},
		{name: "render --strict with a warning", args: []string{"render", "--strict", "-f", warned}, code: 1,
			stdout: "-", stderr: "slbgw render: --strict: 1 warnings fail the run; nothing written"},
		{name: "render --strict without warnings", args: []string{"render", "--strict", "-f", valid}, code: 0,
			stdout: "alibaba-cloud-loadbalancer-network-type: vpc", stderr: "-"},
		{name: "fn --strict with a warning", args: []string{"fn", "--strict"},
			stdin: strings.Replace(functionInputHeader, "addressType: internet", "addressType: internet\n      chargeType: paybybandwidth\n      bandwidth: 10000", 1) + "items: []\n",
			code:  1, stdout: "strict: 1 warnings fail the run", stderr: "slbgw: strict: 1 warnings fail the run (--strict or the slbgw.dev/strict annotation)"},
		{name: "render over a live Service, a refused change", args: []string{"render", "-f", filepath.Join("..", "..", "testdata", "plan", "address-type-refused", "gateway.yaml"),
			"--base", filepath.Join("..", "..", "testdata", "plan", "address-type-refused", "live.yaml")}, code: 1,
			stdout: "-", stderr: "live.yaml:12:73: metadata.annotations[service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type]: internet → intranet on a running load balancer"},
		{name: "plan without --live", args: []string{"plan"}, code: 2, stdout: "-", stderr: "slbgw plan: --live is required"},
		{name: "plan -o yaml", args: []string{"plan", "--live", "x", "-o", "yaml"}, code: 2, stdout: "-", stderr: `slbgw plan: -o "yaml": use text or json`},
		{name: "plan with a live file holding no Service", args: []string{"plan", "--live", valid}, code: 1, stdout: "-", stderr: "no Service knative-serving/ingress-gateway"},
		{name: "plan --detailed-exitcode, a usage error", args: []string{"plan", "--detailed-exitcode"}, code: 1, stdout: "-", stderr: "slbgw plan: --live is required"},
		{name: "plan --detailed-exitcode, an unknown flag", args: []string{"plan", "--detailed-exitcode", "--nope"}, code: 1, stdout: "-", stderr: "unknown flag"},
		{name: "plan --lb not JSON", args: []string{"plan", "--live", filepath.Join("..", "..", "testdata", "plan", "nothing-changed", "live.yaml"), "--lb", valid}, code: 1, stdout: "-", stderr: "not the JSON of DescribeLoadBalancerAttribute"},
		{name: "render a base whose third document is not YAML", args: []string{"render", "--base", badThird}, code: 1,
			stdout: "-", stderr: "slbgw render: " + badThird + ":15: not valid YAML"},
		{name: "render a JSON base that is not JSON", args: []string{"render", "--base", badJSON}, code: 1,
			stdout: "-", stderr: "slbgw render: " + badJSON + ":2: not valid JSON"},
		{name: "render an invalid profile", args: []string{"render", "-f", invalid}, code: 1,
			stdout: "-", stderr: invalid + ":7:18: spec.loadBalancer.addressType: Unsupported value"},
		{name: "render a missing profile", args: []string{"render", "-f", filepath.Join(dir, "missing.yaml")}, code: 1,
			stdout: "-", stderr: "slbgw render: open " + filepath.Join(dir, "missing.yaml")},
		{name: "render an unexpected argument", args: []string{"render", valid}, code: 2,
			stdout: "-", stderr: "unexpected argument"},
		{name: "validate a valid file", args: []string{"validate", valid}, code: 0, stdout: "-", stderr: "-"},
		{name: "validate an invalid file", args: []string{"validate", invalid}, code: 1,
			stdout: "-", stderr: invalid + ":7:18: spec.loadBalancer.addressType: Unsupported value: \"public\""},
		{name: "validate a valid and an invalid file", args: []string{"validate", valid, invalid}, code: 1,
			stdout: "-", stderr: invalid + ":7:18:"},
		{name: "validate a missing file", args: []string{"validate", filepath.Join(dir, "missing.yaml")}, code: 1,
			stdout: "-", stderr: "slbgw validate: open "},
		{name: "validate a directory", args: []string{"validate", dir}, code: 1,
			stdout: "-", stderr: "/invalid.yaml:7:18: spec.loadBalancer.addressType: Unsupported value"}, // a directory is walked
		{name: "validate stdin", args: []string{"validate", "-"}, stdin: invalidProfileYAML, code: 1,
			stdout: "-", stderr: "<stdin>:7:18:"},
		{name: "validate with no args", args: []string{"validate"}, code: 2,
			stdout: "-", stderr: "slbgw validate: give one or more profile files"},
		{name: "unknown command", args: []string{"frobnicate"}, code: 2,
			stdout: "-", stderr: `slbgw: unknown command "frobnicate"`},
		{name: "unknown flag", args: []string{"render", "--frobnicate"}, code: 2,
			stdout: "-", stderr: "unknown flag: --frobnicate"},
		{name: "unknown shorthand flag", args: []string{"validate", "-x", valid}, code: 2,
			stdout: "-", stderr: "unknown shorthand flag: 'x'"},
		{name: "flag without its value", args: []string{"render", "-f"}, code: 2,
			stdout: "-", stderr: "flag needs an argument"},
		{name: "--help", args: []string{"--help"}, code: 0, stdout: "Usage:\n  slbgw [flags]\n  slbgw [command]\n\nAvailable Commands:\n", stderr: "-"},
		{name: "-h", args: []string{"-h"}, code: 0, stdout: "Available Commands:\n", stderr: "-"},
		{name: "help", args: []string{"help"}, code: 0, stdout: "Available Commands:\n", stderr: "-"},
		{name: "render --help", args: []string{"render", "--help"}, code: 0, stdout: "Usage:\n  slbgw render [flags]\n\nExamples:\n", stderr: "-"},
		{name: "help render", args: []string{"help", "render"}, code: 0, stdout: "  -f, --file string", stderr: "-"},
		{name: "validate --help", args: []string{"validate", "--help"}, code: 0, stdout: "Usage:\n  slbgw validate [flags]", stderr: "-"},
		{name: "schema --help", args: []string{"schema", "--help"}, code: 0, stdout: "Print the profile's JSON Schema", stderr: "-"},
		{name: "plan --help", args: []string{"plan", "--help"}, code: 0, stdout: "--detailed-exitcode", stderr: "-"},
		{name: "completion bash", args: []string{"completion", "bash"}, code: 0, stdout: "bash completion", stderr: "-"},
		{name: "completion zsh", args: []string{"completion", "zsh"}, code: 0, stdout: "zsh completion", stderr: "-"},
		{name: "completion fish", args: []string{"completion", "fish"}, code: 0, stdout: "fish completion", stderr: "-"},
		{name: "completion powershell", args: []string{"completion", "powershell"}, code: 0, stdout: "powershell completion", stderr: "-"},
		{name: "unknown command", args: []string{"nope"}, code: 2, stdout: "-", stderr: `slbgw: unknown command "nope" for "slbgw"`},
		{name: "unknown flag", args: []string{"render", "--nope"}, code: 2, stdout: "-", stderr: "slbgw: unknown flag: --nope"},
		{name: "schema", args: []string{"schema"}, code: 0, stdout: `"$schema"`, stderr: "-"},
		{name: "schema with an argument", args: []string{"schema", "x"}, code: 2, stdout: "-", stderr: "slbgw schema: takes no arguments"},
		{name: "version", args: []string{"version"}, code: 0, stdout: "controller: kubernetes/cloud-provider-alibaba-cloud@" + schema.CCMCommit, stderr: "-"},
		{name: "--version", args: []string{"--version"}, code: 0, stdout: "slbgw ", stderr: "-"},
		{name: "validate --ignore an accepted warning", args: []string{"validate", "--strict", "--ignore", "SLBGW011,slbgw010", "--ignore", "SLBGW012", filepath.Join("..", "..", "testdata", "validate", "warnings-only", "gateway.yaml")}, code: 0, stdout: "-", stderr: "-"},
		{name: "validate --ignore an unknown code", args: []string{"validate", "--ignore", "SLBGW999", valid}, code: 2, stdout: "-", stderr: `unknown warning code "SLBGW999": the codes are SLBGW001, `},
		{name: "render --strict --ignore", args: []string{"render", "--strict", "--ignore", "SLBGW010,SLBGW011,SLBGW012", "-f", filepath.Join("..", "..", "testdata", "validate", "warnings-only", "gateway.yaml")}, code: 0, stdout: "kind: Service", stderr: "-"},
		{name: "validate -o sarif --out FILE", args: []string{"validate", "-o", "sarif", "--out", filepath.Join(dir, "report.sarif"), valid}, code: 0, stdout: "-", stderr: "-"},
		{name: "plan --out FILE", args: []string{"plan", "-f", filepath.Join("..", "..", "testdata", "plan", "nothing-changed", "gateway.yaml"), "--live", filepath.Join("..", "..", "testdata", "plan", "nothing-changed", "live.yaml"), "--out", filepath.Join(dir, "plan.txt")}, code: 0, stdout: "-", stderr: "-"},
		{name: "validate --controller-version wins", args: []string{"validate", "--controller-version", "v2.14.0", filepath.Join("..", "..", "testdata", "validate", "controller-release-ignores", "gateway.yaml")}, code: 0, stdout: "-", stderr: "-"},
		{name: "validate --controller-version older", args: []string{"validate", "--controller-version", "v2.8.0", filepath.Join("..", "..", "testdata", "validate", "controller-release-ignores", "gateway.yaml")}, code: 0, stdout: "-",
			stderr: "spec.loadBalancer.xForwardedFor.slbPort: has no effect with the controller v2.8.0"},
		{name: "render --controller-version not a release", args: []string{"render", "--controller-version", "2.10", "-f", valid}, code: 2, stdout: "-", stderr: `--controller-version "2.10": want a controller release such as v2.12.4`},
		{name: "fn --controller-version", args: []string{"fn", "--controller-version", "v2.8.0"}, code: 0, stdin: "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n  apiVersion: slbgw.dev/v1alpha1\n  kind: SLBGateway\n  metadata:\n    name: g\n  spec:\n    loadBalancer:\n      preserveOnDelete: true\n",
			stdout: "code: SLBGW060", stderr: "has no effect with the controller v2.8.0"},
		{name: "render -o FILE", args: []string{"render", "-f", valid, "-o", "svc.yaml"}, code: 2, stdout: "-",
			stderr: `slbgw render: -o "svc.yaml": -o is the format, yaml or json; to write to a file, use --out svc.yaml`},
		{name: "render -o json", args: []string{"render", "-f", valid, "-o", "json"}, code: 0, stdout: "{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"Service\"", stderr: "-"},
		{name: "render -o yaml", args: []string{"render", "-f", valid, "-o", "yaml"}, code: 0, stdout: "apiVersion: v1\nkind: Service\n", stderr: "-"},
		{name: "version -o json", args: []string{"version", "-o", "json"}, code: 0, stdout: `"controller": "kubernetes/cloud-provider-alibaba-cloud@`, stderr: "-"},
		{name: "version -o yaml", args: []string{"version", "-o", "yaml"}, code: 2, stdout: "-", stderr: "usage: slbgw version [-o text|json]"},

		// The KRM function: no arguments, a ResourceList on stdin.
		{name: "function: no items", args: nil, stdin: functionInputHeader + "items: []\n", code: 0,
			stdout: "  kind: Service\n  metadata:\n    name: ingress-gateway\n    namespace: knative-serving", stderr: "-"},
		{name: "function: no items field", args: nil, stdin: functionInputHeader, code: 0,
			stdout: "kind: Service", stderr: "-"},
		{name: "function: two matching Services", args: nil, stdin: functionInputHeader + "items:\n" + gatewayServiceItem + gatewayServiceItem, code: 1,
			stdout: "severity: error", stderr: "found 2 Services knative-serving/ingress-gateway; expected at most one"},
		{name: "function: no functionConfig", args: nil, stdin: "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n", code: 1,
			stderr: "no functionConfig"},
		{name: "function: invalid functionConfig", args: nil,
			stdin: strings.Replace(functionInputHeader, "internet", "public", 1) + "items: []\n", code: 1,
			stderr: `spec.loadBalancer.addressType: Unsupported value: "public"`},
		{name: "function: functionConfig not a mapping", args: nil,
			stdin: "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nfunctionConfig: [a]\nitems: []\n", code: 1,
			stderr: "functionConfig"},
		{name: "function: functionConfig metadata not a mapping", args: nil,
			stdin: "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nfunctionConfig: {apiVersion: slbgw.dev/v1alpha1, kind: SLBGateway, metadata: [a]}\n", code: 1,
			stderr: "functionConfig"},
		{name: "function: functionConfig annotations not a mapping", args: nil,
			stdin: "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nfunctionConfig: {apiVersion: slbgw.dev/v1alpha1, kind: SLBGateway, metadata: {annotations: [a]}}\n", code: 1,
			stderr: "functionConfig"},
		{name: "function: item not a mapping", args: nil, stdin: functionInputHeader + "items: [a]\n", code: 1,
			stderr: `slbgw: ResourceList:11: items[0]: Invalid value: must be a Kubernetes object (a mapping), got the scalar "a"`},
		{name: "function: not YAML", args: nil, stdin: "items: [\n", code: 1, stderr: "slbgw: "},
	})
}

// cliCase is one run of the CLI: its arguments and stdin, and the exit code and the output it
// must give.
type cliCase struct {
	name   string
	args   []string
	stdin  string
	code   int
	stdout string // a substring stdout must hold; "-" for empty, "" for anything
	stderr string // a substring stderr must hold; "-" for empty, "" for anything
}

// runCLICases runs each case through run, as a user would, and checks it never shows a crash.
func runCLICases(t *testing.T, tests []cliCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, strings.NewReader(tt.stdin), &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, stdout.String(), stderr.String())
			}
			assertOutput(t, "stdout", stdout.String(), tt.stdout)
			assertOutput(t, "stderr", stderr.String(), tt.stderr)
			if strings.Contains(stderr.String(), "panic") || strings.Contains(stderr.String(), "goroutine ") {
				t.Errorf("stderr shows a crash:\n%s", stderr.String())
			}
		})
	}
}

func assertOutput(t *testing.T, name, got, want string) {
	t.Helper()
	switch {
	case want == "":
	case want == "-" && got != "":
		t.Errorf("%s should be empty, got:\n%s", name, got)
	case want != "-" && !strings.Contains(got, want):
		t.Errorf("%s does not hold %q:\n%s", name, want, got)
	}
}

// TestRenderOutputFile checks render -o: an invalid profile leaves an existing output file as
// it was, a valid one replaces it with exactly what stdout would get, and no temporary file is
// left beside it.
func TestRenderOutputFile(t *testing.T) {
	dir := t.TempDir()
	valid := writeTempFile(t, dir, "valid.yaml", validProfileYAML)
	invalid := writeTempFile(t, dir, "invalid.yaml", invalidProfileYAML)
	out := writeTempFile(t, dir, "out.yaml", "previous content\n")

	var stdout, stderr bytes.Buffer
	if code := run([]string{"render", "-f", invalid, "--out", out}, nil, &stdout, &stderr); code != 1 {
		t.Fatalf("invalid profile: exit code %d, want 1\n%s", code, stderr.String())
	}
	if got := readFile(t, out); got != "previous content\n" {
		t.Errorf("an invalid profile changed the output file:\n%s", got)
	}
	if stdout.Len() > 0 {
		t.Errorf("stdout with -o:\n%s", stdout.String())
	}

	var want bytes.Buffer
	if code := run([]string{"render", "-f", valid}, nil, &want, &stderr); code != 0 {
		t.Fatalf("render to stdout: exit code %d\n%s", code, stderr.String())
	}
	stdout.Reset()
	if code := run([]string{"render", "-f", valid, "--out", out}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("render -o: exit code %d\n%s", code, stderr.String())
	}
	if got := readFile(t, out); got != want.String() {
		t.Errorf("output file:\n%s\nwant:\n%s", got, want.String())
	}
	if stdout.Len() > 0 {
		t.Errorf("stdout with -o:\n%s", stdout.String())
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "invalid.yaml out.yaml valid.yaml" {
		t.Errorf("files left in the output directory: %v", names)
	}

	// A file in a directory that does not exist: an internal error (3), not a crash.
	stderr.Reset()
	if code := run([]string{"render", "--out", filepath.Join(dir, "no", "such", "dir", "out.yaml")}, nil, &stdout, &stderr); code != 3 {
		t.Errorf("--out into a missing directory: exit code %d, want 3\n%s", code, stderr.String())
	}
}

// TestHugeInputFile checks that files over the CLI's 64 MiB bound are refused with a clear
// message, in bounded time: a profile for validate and render, a base for render. The file is
// sparse, so the test writes almost nothing to disk.
func TestHugeInputFile(t *testing.T) {
	dir := t.TempDir()
	huge := filepath.Join(dir, "huge.yaml")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(maxInputBytes + 1); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	want := huge + ": larger than 67108864 bytes"
	for _, args := range [][]string{
		{"validate", huge},
		{"render", "-f", huge},
		{"render", "--base", huge},
	} {
		t.Run(strings.Join(args[:len(args)-1], " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			start := time.Now()
			code := run(args, nil, &stdout, &stderr)
			if code != 1 {
				t.Errorf("exit code %d, want 1", code)
			}
			if !strings.Contains(stderr.String(), want) {
				t.Errorf("stderr does not say %q:\n%s", want, stderr.String())
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout:\n%.200s", stdout.String())
			}
			if elapsed := time.Since(start); elapsed > 5*time.Second {
				t.Errorf("took %v", elapsed)
			}
		})
	}

	// Between the profile bound (1 MiB) and the CLI's (64 MiB): read, then refused by schema.
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, bytes.Repeat([]byte("#\n"), 1<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"validate", big}, nil, &stdout, &stderr); code != 1 {
		t.Errorf("2 MiB profile: exit code %d, want 1", code)
	}
	if want := big + ": file is 2097152 bytes; a profile may be at most 1048576 bytes"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr does not say %q:\n%s", want, stderr.String())
	}
}

// writeTempFile writes content to dir/name and returns the path.
func writeTempFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	writeFile(t, path, content)
	return path
}

// TestBoundedReaderStopsPastTheLimit checks the KRM input bound at its edge: a stream of exactly
// the limit is read whole, one byte more is an error.
func TestBoundedReaderStopsPastTheLimit(t *testing.T) {
	for _, tt := range []struct {
		input   string
		limit   int64
		wantErr bool
	}{
		{"abc", 3, false},
		{"abc", 4, false},
		{"abcd", 3, true},
	} {
		got, err := io.ReadAll(&boundedReader{r: strings.NewReader(tt.input), left: tt.limit})
		if (err != nil) != tt.wantErr {
			t.Errorf("%q with limit %d: err = %v, want error %v", tt.input, tt.limit, err, tt.wantErr)
		}
		if err == nil && string(got) != tt.input {
			t.Errorf("%q with limit %d: read %q", tt.input, tt.limit, got)
		}
	}
}

// TestFunctionConfigIsHeldToTheProfileLimits sends a functionConfig with a 10 MB value: it is
// refused as a 10 MB profile file would be, and the value is not echoed back whole.
func TestFunctionConfigIsHeldToTheProfileLimits(t *testing.T) {
	huge := strings.Repeat("n", 10<<20)
	in := strings.Replace(functionInputHeader, "addressType: internet", "addressType: internet\n      name: "+huge, 1) + "items: []\n"
	var stdout, stderr bytes.Buffer
	code := run([]string{"fn"}, strings.NewReader(in), &stdout, &stderr)
	if code != exitInvalid {
		t.Fatalf("exit code %d, want %d; stderr: %.300s", code, exitInvalid, stderr.String())
	}
	if !strings.Contains(stderr.String(), "the profile holds more than 1048576 bytes of keys and values") {
		t.Errorf("stderr lacks the limit: %.500s", stderr.String())
	}
	// The ResourceList comes back with its functionConfig, as the protocol wants; its results
	// and stderr do not repeat the value.
	_, results, _ := strings.Cut(stdout.String(), "\nresults:")
	if stderr.Len() > 4096 || len(results) > 4096 {
		t.Errorf("the value came back: %d bytes on stderr, %d in the results", stderr.Len(), len(results))
	}
}

// TestRenderOutputPaths: -o - is stdout; -o through a symlink replaces the target's content
// atomically and leaves the link a link; an existing file keeps its mode.
func TestRenderOutputPaths(t *testing.T) {
	dir := t.TempDir()
	valid := writeTempFile(t, dir, "valid.yaml", validProfileYAML)
	var want, stderr bytes.Buffer
	if code := run([]string{"render", "-f", valid}, nil, &want, &stderr); code != 0 {
		t.Fatalf("render: exit code %d\n%s", code, stderr.String())
	}

	t.Run("dash is stdout", func(t *testing.T) {
		var stdout bytes.Buffer
		t.Chdir(dir)
		if code := run([]string{"render", "-f", valid, "--out", "-"}, nil, &stdout, &stderr); code != 0 || stdout.String() != want.String() {
			t.Fatalf("exit code %d, stdout:\n%s", code, stdout.String())
		}
		if _, err := os.Stat(filepath.Join(dir, "-")); !os.IsNotExist(err) {
			t.Errorf("a file named - was written")
		}
	})
	t.Run("through a symlink", func(t *testing.T) {
		target := writeTempFile(t, dir, "target.yaml", "old\n")
		link := filepath.Join(dir, "link.yaml")
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
		if code := run([]string{"render", "-f", valid, "--out", link}, nil, &bytes.Buffer{}, &stderr); code != 0 {
			t.Fatalf("exit code %d\n%s", code, stderr.String())
		}
		if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
			t.Errorf("the link is no longer a link: %v %v", st.Mode(), err)
		}
		if got := readFile(t, target); got != want.String() {
			t.Errorf("the target holds:\n%s", got)
		}
	})
	t.Run("keeps the mode", func(t *testing.T) {
		out := writeTempFile(t, dir, "private.yaml", "old\n")
		if err := os.Chmod(out, 0o600); err != nil {
			t.Fatal(err)
		}
		if code := run([]string{"render", "-f", valid, "--out", out}, nil, &bytes.Buffer{}, &stderr); code != 0 {
			t.Fatalf("exit code %d\n%s", code, stderr.String())
		}
		if st, _ := os.Stat(out); st.Mode().Perm() != 0o600 {
			t.Errorf("mode %v, want 0600", st.Mode().Perm())
		}
	})
}

// TestImplicitProfileIsRead: without -f, every command reads ./gateway.yaml when it is there (an
// intranet profile must not render the public default), and says when it falls back to the
// embedded default.
func TestImplicitProfileIsRead(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.WriteFile("gateway.yaml", []byte(validProfileYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	live := filepath.Join(t.TempDir(), "live.yaml")
	if err := os.WriteFile(live, []byte("apiVersion: v1\nkind: Service\nmetadata:\n  name: ingress-gateway\n  namespace: knative-serving\nspec:\n  type: LoadBalancer\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	runCLICases(t, []cliCase{
		{name: "render", args: []string{"render"}, code: 0, stdout: "address-type: intranet", stderr: "-"},
		{name: "render --patch", args: []string{"render", "--patch"}, code: 0, stdout: "address-type: intranet", stderr: "-"},
		{name: "plan", args: []string{"plan", "--live", live}, code: 0, stdout: "(absent) → intranet", stderr: "-"},
		{name: "validate", args: []string{"validate"}, code: 0, stdout: "-", stderr: "-"},
	})
}
