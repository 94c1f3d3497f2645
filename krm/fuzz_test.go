package krm

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/schema"
)

// FuzzProcessor feeds arbitrary bytes to the KRM function, as the CLI runs it. It must not
// panic; a run that succeeds must be a fixed point: its output, fed back in, gives the same
// items and functionConfig (and, when the first run reported nothing, the very same bytes).
//
// Without -fuzz it runs the seed corpus only: a ResourceList for every case under
// testdata/render (its profile as functionConfig, its base as items) and for every profile
// under testdata/validate, and the ResourceLists under testdata/krm*/*/input.yaml.
//
//	go test ./krm -run '^$' -fuzz '^FuzzProcessor$' -fuzztime 60s
func FuzzProcessor(f *testing.F) {
	for _, seed := range processorSeeds(f) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// The validator mode on the same input: never a panic, never a failure without a finding.
		if _, stderr, err := execute(Processor{Check: true}, data); err != nil {
			var failed *FailedError
			if errors.As(err, &failed) && stderr == "" {
				t.Errorf("the check failed with no finding on stderr: %v", err)
			}
		}
		out, stderr, err := execute(Processor{}, data)
		if err != nil {
			var failed *FailedError
			if errors.As(err, &failed) && stderr == "" {
				t.Errorf("failed with no finding on stderr: %v", err)
			}
			return
		}
		again, _, err := execute(Processor{}, out)
		if err != nil {
			t.Fatalf("the output, fed back in, fails: %v\n--- output\n%s", err, out)
		}
		// What the function rendered, the validator passes: no drift right after a render.
		if _, stderr, err := execute(Processor{Check: true}, out); err != nil {
			t.Fatalf("the check finds drift in the function's own output: %v\n%s\n--- output\n%s", err, stderr, out)
		}
		// Never a second gateway Service: the check above found exactly one in the output.
		first, second := withoutResults(t, out), withoutResults(t, again)
		if first != second {
			t.Fatalf("the output, fed back in, changes:\n--- first\n%s\n--- second\n%s", first, second)
		}
		if !bytes.Contains(out, []byte("\nresults:")) && !bytes.Equal(out, again) {
			t.Fatalf("the output, fed back in, changes:\n--- first\n%s\n--- second\n%s", out, again)
		}
	})
}

// processorSeeds builds ResourceLists from the test cases under testdata.
func processorSeeds(tb testing.TB) [][]byte {
	tb.Helper()
	var seeds [][]byte
	cases, err := filepath.Glob(filepath.Join("..", "testdata", "render", "*"))
	if err != nil || len(cases) == 0 {
		tb.Fatalf("no render cases: %v", err)
	}
	for _, dir := range cases {
		profile := readOr(tb, filepath.Join(dir, "gateway.yaml"), schema.DefaultProfileYAML)
		base := readOr(tb, filepath.Join(dir, "base.yaml"), nil)
		if rl, ok := tryResourceList(profile, base); ok {
			seeds = append(seeds, rl)
		} else if isFile(filepath.Join(dir, "expected.yaml")) {
			tb.Fatalf("cannot make a ResourceList of %s, which renders", dir) // only a base render refuses may fail here
		}
	}
	profiles, err := filepath.Glob(filepath.Join("..", "testdata", "validate", "*", "gateway.yaml"))
	if err != nil || len(profiles) == 0 {
		tb.Fatalf("no validate cases: %v", err)
	}
	for _, file := range profiles {
		profile := readOr(tb, file, nil)
		if rl, ok := tryResourceList(profile, nil); ok {
			seeds = append(seeds, rl)
		} else {
			// Not one YAML mapping: put it in as text, so the reader sees it.
			seeds = append(seeds, append([]byte("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n"), profile...))
		}
	}
	// The KRM function's own cases, when there are any: ResourceLists as kustomize and kpt send them.
	inputs, err := filepath.Glob(filepath.Join("..", "testdata", "krm*", "*", "input.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	for _, file := range inputs {
		seeds = append(seeds, readOr(tb, file, nil))
	}
	seeds = append(seeds,
		[]byte(""),
		[]byte("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n"),
		[]byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: not-a-resource-list\n"),
	)
	return seeds
}

func readOr(tb testing.TB, file string, fallback []byte) []byte {
	tb.Helper()
	data, err := os.ReadFile(file)
	if os.IsNotExist(err) {
		return fallback
	}
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// tryResourceList wraps a profile (the functionConfig) and a manifest stream (the items); false
// when kyaml cannot read them as such.
func tryResourceList(profile, base []byte) ([]byte, bool) {
	config, err := yaml.Parse(string(profile))
	if err != nil || config.YNode().Kind != yaml.MappingNode {
		return nil, false
	}
	var items []*yaml.RNode
	if len(bytes.TrimSpace(base)) > 0 {
		if items, err = (&kio.ByteReader{Reader: bytes.NewReader(base), PreserveSeqIndent: true}).Read(); err != nil {
			return nil, false
		}
	}
	var buf bytes.Buffer
	w := kio.ByteWriter{Writer: &buf, FunctionConfig: config,
		WrappingKind: kio.ResourceListKind, WrappingAPIVersion: kio.ResourceListAPIVersion}
	if err := w.Write(items); err != nil {
		return nil, false
	}
	return buf.Bytes(), true
}

func isFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}
