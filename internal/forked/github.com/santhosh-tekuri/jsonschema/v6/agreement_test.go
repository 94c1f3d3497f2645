package jsonschema_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	upstream "github.com/santhosh-tekuri/jsonschema/v6"
	fork "github.com/slbgw/slbgw/internal/forked/github.com/santhosh-tekuri/jsonschema/v6"
)

// suiteCase is one schema from upstream's own test data, with the instances to validate.
type suiteCase struct {
	name     string
	draft    string // the test suite's directory name: draft4, ..., draft2020-12
	optional bool   // from an optional/ directory: formats and content are asserted
	loader   remotes
	schema   any
	data     []any
}

// TestForkAgreesWithUpstream compiles every schema of upstream's Extra-Test-Suite and
// invalid_schemas.json with the fork and with upstream, validates every instance with both,
// and requires the same outcome, error text included. invalid_schemas.json includes schemas
// that break their meta-schema, so the fork's lazily compiled meta-schemas are exercised.
func TestForkAgreesWithUpstream(t *testing.T) {
	dir := upstreamDir(t)
	cases := append(suiteCases(t, filepath.Join(dir, "testdata", "Extra-Test-Suite")),
		invalidSchemaCases(t, filepath.Join(dir, "testdata", "invalid_schemas.json"))...)
	instances, metaschemaErrors := 0, 0
	for _, c := range cases {
		want := strings.Join(upstreamOutcomes(c), "\n")
		got := strings.Join(forkOutcomes(c), "\n")
		// Some messages depend on Go's map order (upstream's DuplicateAnchor names the two
		// places in either order); upstream agreeing with the fork in any run is enough.
		for retry := 0; got != want && retry < 50; retry++ {
			if again := strings.Join(upstreamOutcomes(c), "\n"); again == got {
				want = again
			}
		}
		if got != want {
			t.Errorf("%s: the fork and upstream disagree\nfork:\n%s\nupstream:\n%s", c.name, got, want)
		}
		instances += len(c.data)
		metaschemaErrors += strings.Count(want, "not valid against metaschema")
	}
	// Guards against a vacuous pass (a moved or emptied test suite upstream).
	if len(cases) < 40 || instances < 100 || metaschemaErrors == 0 {
		t.Fatalf("compared %d schemas, %d instances and %d meta-schema errors; expected upstream's test data to hold more",
			len(cases), instances, metaschemaErrors)
	}
}

const suiteURL = "http://testsuites.com/schema.json"

// forkOutcomes and upstreamOutcomes are one function written twice, once per package: the two
// packages' types differ, and this test is about the two behaving alike.
func forkOutcomes(c suiteCase) []string {
	compiler := fork.NewCompiler()
	compiler.DefaultDraft(map[string]*fork.Draft{"draft4": fork.Draft4, "draft6": fork.Draft6, "draft7": fork.Draft7,
		"draft2019-09": fork.Draft2019, "draft2020-12": fork.Draft2020}[c.draft])
	if c.optional {
		compiler.AssertFormat()
		compiler.AssertContent()
	}
	compiler.UseLoader(fork.SchemeURLLoader{"file": fork.FileLoader{}, "http": c.loader})
	if err := compiler.AddResource(suiteURL, c.schema); err != nil {
		return []string{"add resource: " + err.Error()}
	}
	sch, err := compiler.Compile(suiteURL)
	if err != nil {
		return []string{"compile: " + err.Error()}
	}
	out := make([]string, len(c.data))
	for i, data := range c.data {
		out[i] = fmt.Sprint(sch.Validate(data))
	}
	return out
}

func upstreamOutcomes(c suiteCase) []string {
	compiler := upstream.NewCompiler()
	compiler.DefaultDraft(map[string]*upstream.Draft{"draft4": upstream.Draft4, "draft6": upstream.Draft6, "draft7": upstream.Draft7,
		"draft2019-09": upstream.Draft2019, "draft2020-12": upstream.Draft2020}[c.draft])
	if c.optional {
		compiler.AssertFormat()
		compiler.AssertContent()
	}
	compiler.UseLoader(upstream.SchemeURLLoader{"file": upstream.FileLoader{}, "http": c.loader})
	if err := compiler.AddResource(suiteURL, c.schema); err != nil {
		return []string{"add resource: " + err.Error()}
	}
	sch, err := compiler.Compile(suiteURL)
	if err != nil {
		return []string{"compile: " + err.Error()}
	}
	out := make([]string, len(c.data))
	for i, data := range c.data {
		out[i] = fmt.Sprint(sch.Validate(data))
	}
	return out
}

// suiteCases reads a JSON-Schema-Test-Suite style directory: tests/<draft>/**/*.json, each a
// list of {schema, tests: [{data}]}, with remote schemas under remotes/.
func suiteCases(t *testing.T, suite string) []suiteCase {
	t.Helper()
	var cases []suiteCase
	tests := filepath.Join(suite, "tests")
	err := filepath.WalkDir(tests, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".json" {
			return err
		}
		rel, _ := filepath.Rel(tests, path)
		var groups []struct {
			Description string
			Schema      any
			Tests       []struct{ Data any }
		}
		readJSON(t, path, &groups)
		for _, g := range groups {
			c := suiteCase{
				name:     filepath.ToSlash(rel) + ": " + g.Description,
				draft:    strings.Split(filepath.ToSlash(rel), "/")[0],
				optional: strings.Contains(filepath.ToSlash(rel), "/optional/"),
				loader:   remotes{dir: filepath.Join(suite, "remotes")},
				schema:   g.Schema,
			}
			for _, test := range g.Tests {
				c.data = append(c.data, test.Data)
			}
			cases = append(cases, c)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return cases
}

// invalidSchemaCases reads upstream's invalid_schemas.json: schemas that must not compile.
func invalidSchemaCases(t *testing.T, path string) []suiteCase {
	t.Helper()
	var tests []struct {
		Description string
		Remotes     map[string]any
		Schema      any
	}
	readJSON(t, path, &tests)
	cases := make([]suiteCase, len(tests))
	for i, test := range tests {
		cases[i] = suiteCase{
			name:   "invalid_schemas.json: " + test.Description,
			draft:  "draft2020-12",
			loader: remotes{docs: test.Remotes},
			schema: test.Schema,
		}
	}
	return cases
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	dec.UseNumber() // as both packages' UnmarshalJSON do
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// remotes serves the test data's remote schemas, from a map or from the suite's remotes
// directory (as http://localhost:1234/...); any other URL fails, as there is no network.
type remotes struct {
	docs map[string]any
	dir  string
}

func (r remotes) Load(url string) (any, error) {
	if doc, ok := r.docs[url]; ok {
		return doc, nil
	}
	if rest, ok := strings.CutPrefix(url, "http://localhost:1234/"); ok && r.dir != "" {
		var doc any
		f, err := os.Open(filepath.Join(r.dir, filepath.FromSlash(rest)))
		if err != nil {
			return nil, err
		}
		defer f.Close()
		dec := json.NewDecoder(f)
		dec.UseNumber()
		if err := dec.Decode(&doc); err != nil {
			return nil, err
		}
		return doc, nil
	}
	return nil, fmt.Errorf("no network: %s", url)
}
