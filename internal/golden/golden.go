// Package golden compares test output with files under testdata, and rewrites those files
// when tests run with -update (go test ./... -update).
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata with the actual output")

// Updating reports whether the tests run with -update.
func Updating() bool { return *update }

// Assert compares actual with the file at path. With -update it writes actual there instead;
// an empty actual then removes the file, so optional goldens (warnings, say) exist only when
// there is something in them. A missing file reads as empty.
func Assert(t *testing.T, path string, actual []byte) {
	t.Helper()
	if *update {
		if len(actual) == 0 {
			if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			return
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, actual, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	expected, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if string(expected) != string(actual) {
		t.Errorf("%s differs from the actual output (rerun with -update to accept it)\n--- expected\n%s\n--- actual\n%s", path, expected, actual)
	}
}

// Cases lists the case directories under dir (one level), failing the test when there are none.
func Cases(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var cases []string
	for _, e := range entries {
		if e.IsDir() {
			cases = append(cases, e.Name())
		}
	}
	if len(cases) == 0 {
		t.Fatalf("no test cases under %s", dir)
	}
	return cases
}
