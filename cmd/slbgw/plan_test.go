package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slbgw/slbgw/internal/golden"
)

// TestPlanGolden runs `slbgw plan` over every case under testdata/plan: gateway.yaml, live.yaml
// and, when there, live-knativeserving.yaml (a second --live) and lb.json (--lb) in; the text plan with the exit codes, plain, with
// --detailed-exitcode and with --strict (plan.txt), the JSON plan (plan.json) and stderr
// (stderr.txt) out. The classes come from the annotation declarations, which `make
// conformance` checks against the controller.
func TestPlanGolden(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "plan")
	for _, name := range golden.Cases(t, dir) {
		t.Run(name, func(t *testing.T) {
			caseDir := filepath.Join(dir, name)
			args := []string{"plan", "-f", filepath.Join(caseDir, "gateway.yaml"), "--live", filepath.Join(caseDir, "live.yaml")}
			if more := filepath.Join(caseDir, "live-knativeserving.yaml"); isFile(more) {
				args = append(args, "--live", more)
			}
			if lb := filepath.Join(caseDir, "lb.json"); isFile(lb) {
				args = append(args, "--lb", lb)
			}
			var text, errs bytes.Buffer
			code := run(args, nil, &text, &errs)
			detailed := run(append(args, "--detailed-exitcode"), nil, &bytes.Buffer{}, &bytes.Buffer{})
			strict := run(append(args, "--strict"), nil, &bytes.Buffer{}, &bytes.Buffer{})
			fmt.Fprintf(&text, "exit code %d (--detailed-exitcode: %d, --strict: %d)\n", code, detailed, strict)
			golden.Assert(t, filepath.Join(caseDir, "plan.txt"), text.Bytes())
			golden.Assert(t, filepath.Join(caseDir, "stderr.txt"), errs.Bytes())

			var js bytes.Buffer
			if jsonCode := run(append(args, "-o", "json"), nil, &js, &bytes.Buffer{}); jsonCode != code {
				t.Errorf("exit code %d with -o json, %d without", jsonCode, code)
			}
			golden.Assert(t, filepath.Join(caseDir, "plan.json"), js.Bytes())
		})
	}
}

// TestReadmeShowsARealPlan keeps the README's plan example the output of its golden case.
func TestReadmeShowsARealPlan(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "testdata", "plan", "address-type-and-name", "plan.txt"))
	if err != nil {
		t.Fatal(err)
	}
	text, _, _ := strings.Cut(string(want), "exit code")
	if !strings.Contains(string(readme), text) {
		t.Errorf("README.md lacks the plan of testdata/plan/address-type-and-name:\n%s", text)
	}
}
