package jsonschema_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/slbgw/slbgw/internal/golden"
)

const (
	upstreamModule = "github.com/santhosh-tekuri/jsonschema/v6"
	forkModule     = "github.com/slbgw/slbgw/internal/forked/" + upstreamModule
)

// ownFiles are the fork's own files; every other file in this directory is an upstream file.
var ownFiles = []string{"FORK.md", "fork_test.go", "agreement_test.go"}

// patches are the fork's only changes to upstream, besides its import path (see FORK.md).
// Each old text must occur exactly once in its file, so an upstream change that moves or
// alters it fails the test instead of being patched blindly.
var patches = []struct{ file, old, new string }{
	{
		file: "draft.go",
		old:  "import (\n\t\"fmt\"\n\t\"slices\"\n\t\"strings\"\n)\n",
		new:  "import (\n\t\"fmt\"\n\t\"slices\"\n\t\"strings\"\n\t\"sync\"\n)\n",
	},
	{
		file: "draft.go",
		old: "func init() {\n\tc := NewCompiler()\n\tc.AssertFormat()\n" +
			"\tfor _, d := range []*Draft{Draft4, Draft6, Draft7, Draft2019, Draft2020} {\n" +
			"\t\td.sch = c.MustCompile(d.url)\n" +
			"\t\tfor name := range d.allVocabs {\n" +
			"\t\t\td.allVocabs[name] = c.MustCompile(strings.TrimSuffix(d.url, \"schema\") + \"meta/\" + name)\n" +
			"\t\t}\n\t}\n}\n",
		new: "// compileMetaschemas compiles the bundled meta-schemas. slbgw fork: upstream does this in\n" +
			"// init, which costs every program that links the package about 3 ms at start-up; here it\n" +
			"// runs once, the first time a schema is checked against its meta-schema.\n" +
			"func compileMetaschemas() { metaschemasOnce.Do(compileMetaschemasOnce) }\n\n" +
			"var metaschemasOnce sync.Once\n\n" +
			"func compileMetaschemasOnce() {\n\tc := NewCompiler()\n\tc.AssertFormat()\n" +
			"\tfor _, d := range []*Draft{Draft4, Draft6, Draft7, Draft2019, Draft2020} {\n" +
			"\t\td.sch = c.MustCompile(d.url)\n" +
			"\t\tfor name := range d.allVocabs {\n" +
			"\t\t\td.allVocabs[name] = c.MustCompile(strings.TrimSuffix(d.url, \"schema\") + \"meta/\" + name)\n" +
			"\t\t}\n\t}\n}\n",
	},
	{
		// getSchema is the only reader of the compiled meta-schemas (Draft.sch and the values of
		// Draft.allVocabs). The meta-schemas themselves are never checked against a meta-schema
		// (roots.addRoot skips json-schema.org URLs), so compileMetaschemas cannot re-enter.
		file: "draft.go",
		old:  "func (d *dialect) getSchema(assertVocabs bool, vocabularies map[string]*Vocabulary) *Schema {\n",
		new: "func (d *dialect) getSchema(assertVocabs bool, vocabularies map[string]*Vocabulary) *Schema {\n" +
			"\tcompileMetaschemas()\n",
	},
}

// TestForkIsUpstreamPatched checks that this directory is exactly the upstream module at the
// version go.mod requires, with its import path rewritten and the patches above applied:
// nothing else is changed, added or missing. To move to a new upstream version, bump it in
// go.mod and run go test ./internal/forked/... -update; it rewrites the fork, and fails if a
// patch no longer applies.
func TestForkIsUpstreamPatched(t *testing.T) {
	expected := patchedUpstream(t, upstreamDir(t))
	for name, content := range expected {
		golden.Assert(t, filepath.FromSlash(name), content)
	}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := filepath.ToSlash(path)
		if _, upstream := expected[name]; upstream || slices.Contains(ownFiles, name) {
			return nil
		}
		if golden.Updating() {
			return os.Remove(path)
		}
		t.Errorf("%s is not in upstream %s; run go test ./internal/forked/... -update", name, upstreamModule)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// upstreamDir returns the module cache directory of the upstream version go.mod requires,
// downloading it when needed (go mod download verifies it against go.sum).
func upstreamDir(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "mod", "download", "-json", upstreamModule).Output()
	if err != nil {
		t.Fatalf("go mod download %s: %v", upstreamModule, err)
	}
	var module struct{ Dir, Error string }
	if err := json.Unmarshal(out, &module); err != nil || module.Dir == "" {
		t.Fatalf("go mod download %s: %s%v", upstreamModule, module.Error, err)
	}
	return module.Dir
}

// patchedUpstream reads the upstream files the fork keeps (the package's non-test Go files,
// package kind, the bundled meta-schemas and the licence) and returns them, keyed by slash
// path, as the fork must hold them.
func patchedUpstream(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name, _ := filepath.Rel(dir, path)
		name = filepath.ToSlash(name)
		if d.IsDir() {
			if name == "." || name == "kind" || name == "metaschemas" || strings.HasPrefix(name, "metaschemas/") {
				return nil
			}
			return filepath.SkipDir
		}
		keep := name == "LICENSE" || strings.HasPrefix(name, "metaschemas/") ||
			(strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go"))
		if !keep {
			return nil
		}
		content, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.HasSuffix(name, ".go") {
			content = bytes.ReplaceAll(content, []byte(`"`+upstreamModule+`/`), []byte(`"`+forkModule+`/`))
		}
		files[name] = content
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range patches {
		content := string(files[p.file])
		if n := strings.Count(content, p.old); n != 1 {
			t.Fatalf("patch of %s: the text to replace occurs %d times in upstream, want once:\n%s", p.file, n, p.old)
		}
		files[p.file] = []byte(strings.Replace(content, p.old, p.new, 1))
	}
	return files
}
