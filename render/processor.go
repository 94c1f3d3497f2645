package render

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/fn/framework"
	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/kustomize/kyaml/kio/kioutil"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/schema"
)

// Processor is slbgw as a KRM function: the ResourceList's functionConfig is the profile, and
// the gateway Service among the items is patched (or created). Every other item passes through
// untouched — kpt deletes the files of items a function drops — and local-config items are never
// patched.
//
// Findings go into the ResourceList's results (severity, message, field, file, resource) for kpt,
// and one a line to Stderr, since kustomize shows only stderr. Process returns a *FailedError
// when any finding is an error, so the function exits non-zero and the orchestrator stops; the
// items are then returned unchanged.
type Processor struct {
	// Stderr receives the findings as text; nil discards them.
	Stderr io.Writer
	// Check makes the function a validator: it changes nothing and reports every field the
	// profile owns where the Service differs from it (drift), as an error.
	Check bool
}

// FailedError is returned by Process when the profile or the Service is invalid. Its findings
// are already in the results and on Stderr.
type FailedError struct {
	Diagnostics schema.Diagnostics
}

func (e *FailedError) Error() string {
	return (&schema.InvalidError{Diagnostics: e.Diagnostics}).Error()
}

// Execute runs p as a KRM function: a ResourceList read from in, the ResourceList (results
// included) written to out, keeping the orchestrators' annotations and each file's sequence
// indentation, as kustomize and kpt expect. The CLI, the tests and the benchmarks all run
// functions through it, so they run the same way.
func Execute(p framework.ResourceListProcessor, in io.Reader, out io.Writer) error {
	return framework.Execute(p, &kio.ByteReadWriter{Reader: in, Writer: out, KeepReaderAnnotations: true, PreserveSeqIndent: true})
}

// Process implements framework.ResourceListProcessor.
func (p Processor) Process(rl *framework.ResourceList) error {
	profile, diags := p.loadProfile(rl)
	if diags.HasErrors() {
		return &FailedError{Diagnostics: diags}
	}
	svcRef := &yaml.ResourceIdentifier{
		TypeMeta: yaml.TypeMeta{APIVersion: "v1", Kind: "Service"},
		NameMeta: yaml.NameMeta{Name: profile.Spec.Service.Name, Namespace: profile.Spec.Service.Namespace},
	}
	svcName := "Service " + svcRef.Namespace + "/" + svcRef.Name

	var items []*yaml.RNode
	var findings schema.Diagnostics
	var err error
	if p.Check {
		findings, err = checkDrift(rl.Items, &profile.Spec, svcName)
	} else {
		items, findings, err = Render(rl.Items, &profile.Spec)
	}
	if err != nil {
		return err
	}
	locateServiceFindings(findings, rl.Items, &profile.Spec, p.Check)
	p.report(rl, findings, svcRef, svcName)
	if findings.HasErrors() {
		return &FailedError{Diagnostics: append(diags, findings...)}
	}
	if !p.Check {
		rl.Items = items
	}
	return nil
}

// loadProfile reads the functionConfig: an SLBGateway, or a ConfigMap whose data keys are
// profile fields (kpt's `-- key=value` arguments and a Kptfile's configMap:). Its findings are
// reported as they are found.
func (p Processor) loadProfile(rl *framework.ResourceList) (*schema.Profile, schema.Diagnostics) {
	config := rl.FunctionConfig
	configRef := &yaml.ResourceIdentifier{TypeMeta: yaml.TypeMeta{APIVersion: schema.APIVersion, Kind: schema.Kind}}
	what := "functionConfig" // names the config in findings that have no file
	var profile *schema.Profile
	var diags schema.Diagnostics
	switch {
	case config == nil || config.IsNilOrEmpty():
		diags = schema.Diagnostics{{Severity: schema.SeverityError,
			Message: fmt.Sprintf("no functionConfig: give the function an %s profile (apiVersion %s)", schema.Kind, schema.APIVersion)}}
	case !hasReadableMetadata(config):
		diags = schema.Diagnostics{{Severity: schema.SeverityError,
			Message: fmt.Sprintf("functionConfig is not a Kubernetes object (a mapping whose metadata, labels and annotations are mappings): give the function an %s profile", schema.Kind)}}
	case isConfigMap(config):
		configRef.TypeMeta = yaml.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"}
		configRef.Name = config.GetName()
		what = "functionConfig ConfigMap/" + config.GetName()
		profile, diags = loadConfigMap(config)
	default:
		configRef.Name = config.GetName()
		if config.GetName() != "" {
			what = "functionConfig " + config.GetKind() + "/" + config.GetName()
		}
		if file, written := writtenProfile(config); written != nil {
			profile, diags = schema.LoadNode(file, written)
		} else {
			profile, diags = schema.LoadNode(configPath(config), config.YNode())
			for i := range diags {
				diags[i].Line, diags[i].Column = 0, 0 // positions in a ResourceList are not the file's
			}
		}
	}
	p.report(rl, diags, configRef, what)
	return profile, diags
}

// loadConfigMap reads a profile from a ConfigMap's data; findings name the data keys.
func loadConfigMap(config *yaml.RNode) (*schema.Profile, schema.Diagnostics) {
	if data := config.Field("data"); data != nil && !yaml.IsMissingOrNull(data.Value) && data.Value.YNode().Kind != yaml.MappingNode {
		return nil, schema.Diagnostics{{Severity: schema.SeverityError, File: schema.ConfigMapFile, Field: "data",
			Message: "Invalid value: must be a mapping of profile field paths to values"}}
	}
	node, diags := schema.FromConfigMapData(config.GetName(), config.GetDataMap())
	if node == nil {
		return nil, diags
	}
	profile, diags := schema.LoadNode(schema.ConfigMapFile, node)
	for i := range diags {
		diags[i].Line, diags[i].Column = 0, 0
		if field := strings.TrimPrefix(diags[i].Field, "spec."); field != "" {
			diags[i].Field = "data." + field
		}
	}
	return profile, diags
}

// isConfigMap tells a ConfigMap functionConfig (kind ConfigMap, apiVersion v1) from a profile.
func isConfigMap(config *yaml.RNode) bool {
	return config.GetKind() == "ConfigMap" && config.GetApiVersion() == "v1"
}

// checkDrift is the validator mode: it changes nothing and reports, as errors, every owned field
// where the gateway Service differs from the profile, or the Service's absence.
func checkDrift(items []*yaml.RNode, spec *schema.Spec, svcName string) (schema.Diagnostics, error) {
	matches := gatewayServices(items, spec.Service)
	if len(matches) != 1 {
		return schema.Diagnostics{{Severity: schema.SeverityError,
			Message: fmt.Sprintf("found %d Services %s/%s; the check needs exactly one", len(matches), spec.Service.Namespace, spec.Service.Name)}}, nil
	}
	drift, err := Drift(matches[0], spec)
	inFile(drift, matches[0])
	return drift, err
}

// report adds findings to the results and writes them to Stderr, where a finding without a file
// is named by what.
func (p Processor) report(rl *framework.ResourceList, ds schema.Diagnostics, ref *yaml.ResourceIdentifier, what string) {
	for _, d := range ds {
		r := &framework.Result{
			Message:     d.Message,
			Severity:    framework.Severity(d.Severity),
			ResourceRef: ref,
		}
		if d.Field != "" {
			r.Field = &framework.Field{Path: d.Field}
		}
		if d.File != "" {
			r.File = &framework.File{Path: d.File}
		} else {
			d.File = what
		}
		rl.Results = append(rl.Results, r)
		if p.Stderr != nil {
			fmt.Fprintln(p.Stderr, d.String())
		}
	}
}

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
	matches := gatewayServices(items, spec.Service)
	if len(matches) != 1 {
		return
	}
	_, written := fileDocument(matches[0])
	if written == nil {
		return
	}
	var again schema.Diagnostics
	var err error
	if check {
		again, err = Drift(written, spec)
	} else {
		again, err = ApplyProfile(written.Copy(), spec)
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
