package schema_test

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slbgw/slbgw/render"
	"github.com/slbgw/slbgw/schema"
)

// FuzzLoad feeds arbitrary bytes to schema.Load. Load must not panic; it returns either a
// profile (and no error finding) or no profile and at least one error finding, every finding
// named after the file. A profile it accepts must render, and rendering the output again as
// the base must give the same bytes.
//
// Without -fuzz it runs the seed corpus only: every gateway.yaml under testdata.
//
//	go test ./schema -run '^$' -fuzz '^FuzzLoad$' -fuzztime 60s
func FuzzLoad(f *testing.F) {
	for _, pattern := range []string{"validate/*/gateway.yaml", "render/*/gateway.yaml"} {
		files, err := filepath.Glob(filepath.Join("..", "testdata", pattern))
		if err != nil {
			f.Fatal(err)
		}
		if len(files) == 0 {
			f.Fatalf("no seed files match testdata/%s", pattern)
		}
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Add(schema.DefaultProfileYAML)
	f.Add([]byte("apiVersion: slbgw.dev/v1alpha1\nkind: SLBGateway\nspec: {loadBalancer: {<<: {a: b}}}\n"))
	f.Add([]byte("apiVersion: slbgw.dev/v1alpha1\nkind: SLBGateway\nspec: {loadBalancer: {bandwidth: .inf}}\n"))
	f.Add([]byte("apiVersion: slbgw.dev/v1alpha1\nkind: SLBGateway\nspec: {loadBalancer: {bandwidth: 99999999999999999999}}\n"))
	f.Add([]byte("? [a]\n: b\n"))
	// Found by fuzzing: encoding/json matches field names case-insensitively, so an extra
	// metadata field "AnnotAtions: 00", which the open metadata schema admits, used to reach
	// Metadata.Annotations and fail decoding with an internal error.
	f.Add([]byte("apiVersion: slbgw.dev/v1alpha1\nkind: SLBGateway\nmetadata:\n AnnotAtions: 00"))

	const file = "fuzz.yaml"
	f.Fuzz(func(t *testing.T, data []byte) {
		p, diags := schema.Load(file, data)
		for _, d := range diags {
			if strings.Contains(d.Message, "internal error") {
				t.Errorf("an internal error on user input: %s", d.String())
			}
			if !strings.HasPrefix(d.String(), file) {
				t.Errorf("finding not named after the file: %q", d.String())
			}
			if d.Severity != schema.SeverityError && d.Severity != schema.SeverityWarning {
				t.Errorf("finding with severity %q: %q", d.Severity, d.String())
			}
		}
		if p == nil {
			if !diags.HasErrors() {
				t.Fatalf("no profile and no error finding (findings: %v)", diags)
			}
			return
		}
		if diags.HasErrors() {
			t.Fatalf("a profile despite errors:\n%v", diags)
		}

		// A valid profile may still fail to render on the Service it meets (an https listener
		// with no certificate anywhere): then with a finding about the Service, not a Go error.
		out, findings, err := render.Manifests(render.Filter{Spec: &p.Spec}, nil, "")
		if err != nil {
			t.Fatalf("an accepted profile does not render: %v", err)
		}
		if findings.HasErrors() {
			if out != nil {
				t.Fatalf("output despite errors: %v", findings)
			}
			return
		}
		// Warnings about the Service may repeat on the second run; errors may not appear.
		again, findings, err := render.Manifests(render.Filter{Spec: &p.Spec}, out, "out.yaml")
		if err != nil || findings.HasErrors() {
			t.Fatalf("rendering the output again: %v\n%v\n%s", err, findings, out)
		}
		if !bytes.Equal(again, out) {
			t.Fatalf("rendering the output again changed it:\n--- first\n%s\n--- again\n%s", out, again)
		}
	})
}

// TestLoadHugeInput checks that 100 MB of bytes is refused on its size, without being parsed.
func TestLoadHugeInput(t *testing.T) {
	data := bytes.Repeat([]byte("a: b\n"), 100<<20/5)
	start := time.Now()
	p, diags := schema.Load("huge.yaml", data)
	elapsed := time.Since(start)
	if p != nil || len(diags) != 1 {
		t.Fatalf("want no profile and one finding, got %v and %v", p, diags)
	}
	want := "huge.yaml: file is 104857600 bytes; a profile may be at most 1048576 bytes"
	if got := diags[0].String(); got != want {
		t.Errorf("finding:\n got %q\nwant %q", got, want)
	}
	if elapsed > time.Second {
		t.Errorf("Load took %v on a 100 MB input; it must refuse it on its size alone", elapsed)
	}
}

// TestLoadJustUnderSizeLimit checks that an input just under the size limit is parsed (and
// found wanting) in bounded time.
func TestLoadJustUnderSizeLimit(t *testing.T) {
	// One long comment line, then a profile: valid YAML of MaxProfileBytes bytes.
	profile := "\napiVersion: slbgw.dev/v1alpha1\nkind: SLBGateway\n"
	data := []byte("#" + strings.Repeat("x", schema.MaxProfileBytes-1-len(profile)) + profile)
	if len(data) != schema.MaxProfileBytes {
		t.Fatalf("test input is %d bytes", len(data))
	}
	start := time.Now()
	p, diags := schema.Load("big.yaml", data)
	if p == nil || len(diags) > 0 {
		t.Fatalf("want a profile, got %v", diags)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("Load took %v on a %d-byte input", elapsed, len(data))
	}
}

// TestAliasBombIsBounded checks that alias bombs ("billion laughs") fail fast and small: the
// one under testdata, and a deeper one that would expand to 9^21 nodes.
func TestAliasBombIsBounded(t *testing.T) {
	checked, err := os.ReadFile(filepath.Join("..", "testdata", "validate", "alias-bomb", "gateway.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var deeper strings.Builder
	deeper.WriteString("apiVersion: slbgw.dev/v1alpha1\nkind: SLBGateway\nmetadata:\n  name: lol\n  annotations:\n")
	deeper.WriteString("    l0: &l0 [x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i <= 20; i++ {
		prev := "*l" + strconv.Itoa(i-1)
		deeper.WriteString("    l" + strconv.Itoa(i) + ": &l" + strconv.Itoa(i) + " [" + strings.Repeat(prev+", ", 8) + prev + "]\n")
	}
	t.Run("testdata", func(t *testing.T) { loadBounded(t, checked, "expands to more than") })
	t.Run("deeper", func(t *testing.T) { loadBounded(t, []byte(deeper.String()), "expands to more than") })
}

// TestDeepNestingIsBounded checks that a profile nested as deep as the YAML parser allows (a
// 40 KB file), and one whose alias refers to its own ancestor, are refused in bounded time
// and memory.
//
// It guards the converter in source.go: copying the field path at every level made memory
// grow with the square of the depth (800 MB and 0.8 s for the nested profile); a recursive
// alias is caught as such rather than expanded.
func TestDeepNestingIsBounded(t *testing.T) {
	const depth = 9990
	nested := "apiVersion: slbgw.dev/v1alpha1\nkind: SLBGateway\nmetadata:\n  name: t\n  labels: " +
		strings.Repeat("{a: ", depth) + strings.Repeat("}", depth) + "\n"
	recursive := "apiVersion: slbgw.dev/v1alpha1\nkind: SLBGateway\nmetadata: &m\n  name: t\n  labels: *m\n"
	t.Run("nested", func(t *testing.T) { loadBounded(t, []byte(nested), "Invalid type") })
	t.Run("recursive alias", func(t *testing.T) { loadBounded(t, []byte(recursive), "alias *m refers to a node that contains it") })
}

// loadBounded loads data and checks that it fails with an error holding want, within 2 s and
// 50 MB of allocations.
func loadBounded(t *testing.T, data []byte, want string) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	p, diags := schema.Load("bomb.yaml", data)
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	if p != nil || !strings.Contains(diags.String(), want) {
		t.Fatalf("want an error saying %q, got %.500s", want, diags)
	}
	if allocated := after.TotalAlloc - before.TotalAlloc; allocated > 50<<20 {
		t.Errorf("Load allocated %d MB on a %d-byte input; want under 50 MB", allocated>>20, len(data))
	}
	if elapsed > 2*time.Second {
		t.Errorf("Load took %v on a %d-byte input", elapsed, len(data))
	}
}

// TestHugeIntegerIsLocated checks that an integer too large for 64 bits is a located error, not
// an internal one: YAML resolves such an integer as a float, the schema's "integer" admits a
// float without a fraction, and only decoding into int64 fails.
func TestHugeIntegerIsLocated(t *testing.T) {
	data := []byte("apiVersion: slbgw.dev/v1alpha1\nkind: SLBGateway\nmetadata:\n  name: t\nspec:\n  loadBalancer:\n    chargeType: paybybandwidth\n    bandwidth: 99999999999999999999\n")
	p, diags := schema.Load("fuzz.yaml", data)
	if p != nil || !diags.HasErrors() {
		t.Fatalf("want an error, got %v", diags)
	}
	for _, d := range diags {
		if d.Severity == schema.SeverityError && d.String() != "fuzz.yaml:8:16: spec.loadBalancer.bandwidth: Invalid value: out of range for int64" {
			t.Errorf("want the error at the bandwidth value, got %q", d.String())
		}
	}
}
