package render

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

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
}

// FailedError is returned by Process when the profile or the Service is invalid. Its findings
// are already in the results and on Stderr.
type FailedError struct {
	Diagnostics schema.Diagnostics
}

func (e *FailedError) Error() string {
	return (&schema.InvalidError{Diagnostics: e.Diagnostics}).Error()
}

// Process implements framework.ResourceListProcessor.
func (p Processor) Process(rl *framework.ResourceList) error {
	config := rl.FunctionConfig
	configFile := configPath(config)
	configRef := &yaml.ResourceIdentifier{
		TypeMeta: yaml.TypeMeta{APIVersion: schema.APIVersion, Kind: schema.Kind},
	}
	var profile *schema.Profile
	var diags schema.Diagnostics
	if config == nil || config.IsNilOrEmpty() {
		diags = schema.Diagnostics{{Severity: schema.SeverityError,
			Message: fmt.Sprintf("no functionConfig: give the function an %s profile (apiVersion %s)", schema.Kind, schema.APIVersion)}}
	} else {
		configRef.Name = config.GetName()
		if written := writtenProfile(config); written != nil {
			profile, diags = schema.LoadNode(configFile, written)
		} else {
			profile, diags = schema.LoadNode(configFile, config.YNode())
			// Positions in a ResourceList are not positions in the user's file.
			for i := range diags {
				diags[i].Line, diags[i].Column = 0, 0
			}
		}
	}
	p.report(rl, diags, configRef, configName(config))
	if diags.HasErrors() {
		return &FailedError{Diagnostics: diags}
	}

	items, findings, err := Render(rl.Items, &profile.Spec)
	if err != nil {
		return err
	}
	for i := range findings {
		findings[i].Line, findings[i].Column = 0, 0
	}
	svcRef := &yaml.ResourceIdentifier{
		TypeMeta: yaml.TypeMeta{APIVersion: "v1", Kind: "Service"},
		NameMeta: yaml.NameMeta{Name: profile.Spec.Service.Name, Namespace: profile.Spec.Service.Namespace},
	}
	p.report(rl, findings, svcRef, "Service "+svcRef.Namespace+"/"+svcRef.Name)
	if findings.HasErrors() {
		return &FailedError{Diagnostics: append(diags, findings...)}
	}
	rl.Items = items
	return nil
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

// writtenProfile returns the profile as its file holds it, when kpt says where the file is
// (kpt fn render with configPath), so findings get the file's lines and columns. It returns nil
// when there is no such file or when the file's profile differs from the functionConfig (an
// earlier function changed it): the functionConfig is the truth, the file only gives positions.
func writtenProfile(config *yaml.RNode) *yaml.Node {
	pkg := config.GetAnnotations(packagePathAnnotation)[packagePathAnnotation]
	path, index, _ := kioutil.GetFileAnnotations(config)
	if pkg == "" || path == "" || !filepath.IsLocal(path) {
		return nil
	}
	data, err := os.ReadFile(filepath.Join(pkg, path))
	if err != nil || len(data) > schema.MaxProfileBytes {
		return nil
	}
	docs, err := kio.FromBytes(data)
	n, _ := strconv.Atoi(index)
	if err != nil || n < 0 || n >= len(docs) {
		return nil
	}
	written := docs[n]
	for _, field := range []string{"apiVersion", "kind", "spec"} {
		if fieldString(written, field) != fieldString(config, field) {
			return nil
		}
	}
	return written.YNode()
}

func fieldString(node *yaml.RNode, field string) string {
	f := node.Field(field)
	if f == nil {
		return ""
	}
	s, err := f.Value.String()
	if err != nil {
		return ""
	}
	return s
}

// configPath is the functionConfig's file when the orchestrator says (kpt); kustomize does not.
func configPath(config *yaml.RNode) string {
	if config == nil {
		return ""
	}
	path, _, _ := kioutil.GetFileAnnotations(config)
	return path
}

// configName names a functionConfig that has no file by its kind and name.
func configName(config *yaml.RNode) string {
	if config == nil || config.GetName() == "" {
		return "functionConfig"
	}
	return "functionConfig " + config.GetKind() + "/" + config.GetName()
}
