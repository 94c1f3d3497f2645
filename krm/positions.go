package krm

// Positions: what a KRM function receives has lost the user's line numbers. kustomize
// re-serialises the functionConfig and the items; kpt's ResourceList positions are positions in
// the ResourceList, not in the files. Findings are only useful with a file:line:col, so this
// file recovers them, best-effort, by reading the files themselves where the orchestrator says
// (kpt's path and package-path annotations) or where it runs (kustomize runs the function in the
// kustomization's directory), and re-running the same check on the file's copy. When anything
// does not match exactly, the finding keeps its file and loses its line: a wrong line is worse
// than none.

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strconv"

	"sigs.k8s.io/kustomize/kyaml/kio/kioutil"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/render"
	"github.com/slbgw/slbgw/schema"
)

// packagePathAnnotation is where kpt says the package of a resource lives on disk.
const packagePathAnnotation = "internal.config.kubernetes.io/package-path"

// writtenProfile finds the profile as its file holds it, so findings get the file's name, line
// and column: under kpt fn render the config says where its file is (package path + path);
// under kustomize, which says nothing, the function runs in the directory of the kustomization
// that lists it, so the profile is looked for among the YAML files there. A file counts only if
// it holds the same profile (apiVersion, kind, name and spec): the functionConfig is the truth,
// the file only gives positions. It returns a nil node when no file qualifies, as for a profile
// patched by a kustomize overlay.
func writtenProfile(config *yaml.RNode) (file string, node *yaml.Node) {
	if path, _, _ := kioutil.GetFileAnnotations(config); path != "" {
		path, doc := fileDocument(config)
		if doc == nil || !sameProfile(doc, config) {
			return "", nil
		}
		return path, doc.YNode()
	}
	files, _ := filepath.Glob("*.y*ml")
	if len(files) > maxFilesSearched {
		return "", nil
	}
	for _, f := range files {
		for _, doc := range documents(f) {
			if sameProfile(doc, config) {
				return f, doc.YNode()
			}
		}
	}
	return "", nil
}

// fileDocument returns the document an item was read from, when kpt says where: the package
// directory, the file within it and the document's index. nil when it does not say, or the file
// cannot be read.
func fileDocument(item *yaml.RNode) (path string, doc *yaml.RNode) {
	pkg := item.GetAnnotations(packagePathAnnotation)[packagePathAnnotation]
	path, index, _ := kioutil.GetFileAnnotations(item)
	n, err := strconv.Atoi(index)
	if pkg == "" || path == "" || !filepath.IsLocal(path) || err != nil {
		return "", nil
	}
	docs := documents(filepath.Join(pkg, path))
	if n < 0 || n >= len(docs) {
		return "", nil
	}
	return path, docs[n]
}

// locateServiceFindings gives findings about the gateway Service the lines and columns of the
// Service's file, when kpt says where that is: the same edit (or check) runs on the file's copy
// of the Service, and its positions are taken if it finds the same things. Otherwise the findings
// have no position: positions in a ResourceList are not positions in the user's file.
func locateServiceFindings(findings schema.Diagnostics, items []*yaml.RNode, spec *schema.Spec, check bool) {
	for i := range findings {
		findings[i].Line, findings[i].Column = 0, 0
	}
	if len(findings) == 0 {
		return
	}
	svc, _, found := render.Filter{Spec: spec}.Find(items)
	if svc == nil || found.HasErrors() {
		return
	}
	_, written := fileDocument(svc)
	if written == nil {
		return
	}
	var again schema.Diagnostics
	var err error
	if check {
		again, err = render.Filter{Spec: spec}.Drift(written)
	} else {
		_, _, again, err = render.Filter{Spec: spec}.EditService(written)
	}
	if err != nil || len(again) != len(findings) {
		return
	}
	for i := range again {
		if again[i].Field != findings[i].Field || again[i].Message != findings[i].Message {
			return
		}
	}
	for i := range findings {
		findings[i].Line, findings[i].Column = again[i].Line, again[i].Column
	}
}

// maxFilesSearched bounds the search for a kustomize profile's file: beyond it the directory is
// not a kustomization's, and positions are not worth the time.
const maxFilesSearched = 200

// documents reads the YAML documents of a profile-sized file, with lines counted from the start
// of the file; nil when the file cannot be read or parsed.
func documents(path string) []*yaml.RNode {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() || st.Size() > schema.MaxProfileBytes {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var docs []*yaml.RNode
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			return docs // io.EOF, or the rest is unreadable
		}
		if len(doc.Content) > 0 && doc.Content[0].Kind == yaml.MappingNode {
			docs = append(docs, yaml.NewRNode(doc.Content[0]))
		}
	}
}

// sameProfile tells whether a document is the functionConfig as written: the same apiVersion,
// kind, name and spec, compared as data (kustomize re-serialises the config, reordering keys
// and changing quotes).
func sameProfile(written, config *yaml.RNode) bool {
	for _, path := range [][]string{{"apiVersion"}, {"kind"}, {yaml.MetadataField, yaml.NameField}, {"spec"}} {
		if !reflect.DeepEqual(fieldData(written, path), fieldData(config, path)) {
			return false
		}
	}
	return true
}

// fieldData decodes the field at path as plain data; nil when absent or not decodable.
func fieldData(node *yaml.RNode, path []string) any {
	f, err := node.Pipe(yaml.Lookup(path...))
	if err != nil || f == nil {
		return nil
	}
	var v any
	if err := f.YNode().Decode(&v); err != nil {
		return nil
	}
	return v
}

// configPath is the functionConfig's file when the orchestrator says (kpt); kustomize does not.
func configPath(config *yaml.RNode) string {
	if config == nil {
		return ""
	}
	path, _, _ := kioutil.GetFileAnnotations(config)
	return path
}
