package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRenderPatchExitCodes runs render --patch and --check in process: the documented exit
// codes, where the messages go, and that --check and failures write nothing.
func TestRenderPatchExitCodes(t *testing.T) {
	dir := t.TempDir()
	profile := writeTempFile(t, dir, "gateway.yaml", validProfileYAML)
	warned := writeTempFile(t, dir, "warned.yaml", strings.Replace(validProfileYAML, "addressType: intranet\n    networkType: vpc",
		"addressType: internet\n    chargeType: paybybandwidth\n    bandwidth: 10000", 1))
	base := writeTempFile(t, dir, "service.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: ingress-gateway\n  namespace: knative-serving\nspec:\n  type: LoadBalancer\n")
	noService := writeTempFile(t, dir, "configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n")
	fresh := filepath.Join(dir, "fresh.yaml")
	if code := run([]string{"render", "--patch", "-f", profile, "--base", base, "--out", fresh}, nil, &bytes.Buffer{}, &bytes.Buffer{}); code != 0 {
		t.Fatalf("render --patch -o: exit code %d", code)
	}
	stale := writeTempFile(t, dir, "stale.yaml", strings.Replace(readFile(t, fresh), "intranet", "internet", 1))
	missing := filepath.Join(dir, "missing.yaml")

	tests := []cliCase{
		{name: "patch to stdout", args: []string{"render", "--patch", "-f", profile}, code: 0,
			stdout: "  annotations:\n    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type: intranet\n", stderr: "-"},
		{name: "patch of the default profile", args: []string{"render", "--patch"}, code: 0,
			stdout: "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type: internet", stderr: "using the embedded default profile"},
		{name: "patch from stdin", args: []string{"render", "--patch", "-f", "-"}, stdin: validProfileYAML, code: 0, stdout: "kind: Service", stderr: "-"},
		{name: "check a fresh patch", args: []string{"render", "--patch", "--check", "-f", profile, "--base", base, "--out", fresh}, code: 0, stdout: "-", stderr: "-"},
		{name: "check a stale patch", args: []string{"render", "--patch", "--check", "-f", profile, "--base", base, "--out", stale}, code: 1, stdout: "-",
			stderr: "slbgw render: " + stale + " is stale: run slbgw render --patch -f " + profile + " --base " + base + " --out " + stale + "\n" +
				"--- " + stale + " (committed)\n+++ " + stale + " (rendered)\n@@ -6,7 +6,7 @@\n   name: ingress-gateway\n   namespace: knative-serving\n   annotations:\n" +
				"-    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type: internet\n+    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type: intranet\n"},
		{name: "check a patch rendered with --base, without it", args: []string{"render", "--patch", "--check", "-f", profile, "--out", fresh}, code: 0, stdout: "-", stderr: "-"},
		{name: "check a missing patch", args: []string{"render", "--patch", "--check", "-f", profile, "--out", missing}, code: 1, stdout: "-",
			stderr: "slbgw render: " + missing + " is stale: it does not exist; run slbgw render --patch -f " + profile + " --out " + missing},
		{name: "patch to --out -", args: []string{"render", "--patch", "-f", profile, "--out", "-"}, code: 0, stdout: "kind: Service", stderr: "-"},
		{name: "check -o -", args: []string{"render", "--patch", "--check", "-f", profile, "--out", "-"}, code: 2, stdout: "-", stderr: "slbgw render: --check needs --out FILE"},
		{name: "check without --patch", args: []string{"render", "--check", "--out", fresh}, code: 2, stdout: "-", stderr: "slbgw render: --check needs --patch"},
		{name: "check without -o", args: []string{"render", "--patch", "--check", "-f", profile}, code: 2, stdout: "-", stderr: "slbgw render: --check needs --out FILE"},
		{name: "profile and base both stdin", args: []string{"render", "--patch", "-f", "-", "--base", "-"}, code: 2, stdout: "-", stderr: "cannot both read stdin"},
		{name: "a base without the Service", args: []string{"render", "--patch", "-f", profile, "--base", noService}, code: 1, stdout: "-",
			stderr: noService + ": no Service knative-serving/ingress-gateway to patch"},
		{name: "a warning passes", args: []string{"render", "--patch", "-f", warned}, code: 0, stdout: "kind: Service", stderr: "outside the documented range"},
		{name: "a warning fails under --strict", args: []string{"render", "--patch", "--strict", "-f", warned}, code: 1, stdout: "-",
			stderr: "--strict: 1 warnings fail the run; nothing written"},
	}
	runCLICases(t, tests)
	if got := readFile(t, stale); !strings.Contains(got, "address-type: internet") {
		t.Errorf("--check rewrote the stale file:\n%s", got)
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("--check created %s", missing)
	}
}

// TestRenderPatchStrictWritesNothing: under --strict a warning leaves the output file as it was.
func TestRenderPatchStrictWritesNothing(t *testing.T) {
	dir := t.TempDir()
	warned := writeTempFile(t, dir, "warned.yaml", strings.Replace(validProfileYAML, "addressType: intranet\n    networkType: vpc",
		"addressType: internet\n    chargeType: paybybandwidth\n    bandwidth: 10000", 1))
	out := writeTempFile(t, dir, "patch.yaml", "previous content\n")
	if code := run([]string{"render", "--patch", "--strict", "-f", warned, "--out", out}, nil, &bytes.Buffer{}, &bytes.Buffer{}); code != 1 {
		t.Fatalf("exit code %d, want 1", code)
	}
	if got := readFile(t, out); got != "previous content\n" {
		t.Errorf("the output file changed:\n%s", got)
	}
}
