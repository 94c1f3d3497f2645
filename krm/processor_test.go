package krm

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/fn/framework"
	"sigs.k8s.io/kustomize/kyaml/kio"

	"github.com/slbgw/slbgw/internal/golden"
)

// TestProcessorGolden runs the KRM function over every case under testdata/krm: input.yaml (a
// whole ResourceList, as kustomize or kpt sends it) in; expected.yaml (the whole ResourceList
// out, results included) and stderr.txt out. A case fails the function exactly when its stderr
// holds an error, and a successful output run through the function again is unchanged.
func TestProcessorGolden(t *testing.T) {
	testProcessorGolden(t, filepath.Join("..", "testdata", "krm"), Processor{})
}

// TestProcessorCheckGolden is TestProcessorGolden for the validator mode (slbgw fn --check),
// over testdata/krm-check: the items must come out unchanged, drift as error results.
func TestProcessorCheckGolden(t *testing.T) {
	testProcessorGolden(t, filepath.Join("..", "testdata", "krm-check"), Processor{Check: true})
}

func testProcessorGolden(t *testing.T, dir string, p Processor) {
	for _, name := range golden.Cases(t, dir) {
		t.Run(name, func(t *testing.T) {
			caseDir := filepath.Join(dir, name)
			input, err := os.ReadFile(filepath.Join(caseDir, "input.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			out, stderr, err := execute(p, input)
			var failed *FailedError
			var malformed *InputError
			switch {
			case errors.As(err, &malformed):
				// A malformed ResourceList: the CLI prints the error and exits 1.
				stderr += "slbgw: " + malformed.Error() + "\n"
				err = nil
			case err != nil && !errors.As(err, &failed):
				t.Fatalf("unexpected error kind: %v", err)
			}
			golden.Assert(t, filepath.Join(caseDir, "expected.yaml"), out)
			golden.Assert(t, filepath.Join(caseDir, "stderr.txt"), []byte(stderr))
			if malformed != nil {
				return
			}
			if (failed != nil) != failed.hasErrors() {
				t.Errorf("exit status and findings disagree: err=%v", err)
			}
			if failed != nil || golden.Updating() {
				return
			}
			if p.Check {
				if withoutResults(t, out) != withoutResults(t, normalized(t, input)) {
					t.Errorf("the check changed the items")
				}
				return
			}
			again, _, err := execute(p, out)
			if err != nil {
				t.Fatalf("running the output again: %v", err)
			}
			// Results may differ (a warning about a key the first run removed); items may not.
			if withoutResults(t, again) != withoutResults(t, out) {
				t.Errorf("running the output again changed its items:\n%s", again)
			}
		})
	}
}

func (e *FailedError) hasErrors() bool { return e != nil && e.Diagnostics.HasErrors() }

// execute runs p over input as the CLI does.
func execute(p Processor, input []byte) (out []byte, stderr string, err error) {
	var stdout, errs bytes.Buffer
	p.Stderr = &errs
	err = Execute(p, bytes.NewReader(input), &stdout)
	return stdout.Bytes(), errs.String(), err
}

// withoutResults rewrites a ResourceList without its results. A second run reports only what
// it still finds (a legacy annotation removed the first time is gone), so results may differ.
func withoutResults(t testing.TB, rl []byte) string {
	t.Helper()
	rw := &kio.ByteReadWriter{Reader: bytes.NewReader(rl), KeepReaderAnnotations: true, PreserveSeqIndent: true}
	items, err := rw.Read()
	if err != nil {
		t.Fatalf("reading %s: %v", rl, err)
	}
	var buf bytes.Buffer
	rw.Writer, rw.Results = &buf, nil
	if err := rw.Write(items); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// normalized is input as a function that changes nothing writes it back.
func normalized(t *testing.T, input []byte) []byte {
	t.Helper()
	var stdout bytes.Buffer
	if err := Execute(framework.ResourceListProcessorFunc(func(*framework.ResourceList) error { return nil }), bytes.NewReader(input), &stdout); err != nil {
		t.Fatal(err)
	}
	return stdout.Bytes()
}
