// Package krm is slbgw as a KRM function (the kpt and kustomize function protocol): it reads the
// profile from the ResourceList's functionConfig (an SLBGateway, or a ConfigMap of field paths),
// runs the render package's patch over the items, or its drift check in validator mode, and
// reports findings as results and on stderr. It is built on kyaml's fn/framework.
package krm

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/fn/framework"
	"sigs.k8s.io/kustomize/kyaml/kio/kioutil"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/render"
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
	// Strict makes warnings fail the function, as errors do (slbgw fn --strict, or the
	// functionConfig annotation StrictAnnotation: "true").
	Strict bool
	// Ignore are warning codes a team has accepted (slbgw fn --ignore, or the functionConfig
	// annotation IgnoreAnnotation): they are not reported and do not fail Strict.
	Ignore []string
	// Release is the cloud controller's release in the cluster (slbgw fn --controller-version);
	// it wins over the profile's spec.controller.version.
	Release string
}

// IgnoreAnnotation on the functionConfig lists warning codes to silence, comma-separated.
const IgnoreAnnotation = "slbgw.dev/ignore"

// StrictAnnotation on the functionConfig turns on Strict, for pipelines that cannot pass flags.
const StrictAnnotation = "slbgw.dev/strict"

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
	if config := rl.FunctionConfig; config != nil && render.HasReadableMetadata(config) {
		if list := config.GetAnnotations(IgnoreAnnotation)[IgnoreAnnotation]; list != "" {
			codes, err := schema.ParseIgnore(list)
			if err != nil {
				d := schema.Diagnostics{{Severity: schema.SeverityError, Field: "metadata.annotations[" + IgnoreAnnotation + "]", Message: err.Error()}}
				p.report(rl, d, nil, "functionConfig")
				return &FailedError{Diagnostics: d}
			}
			p.Ignore = append(slices.Clone(p.Ignore), codes...)
		}
	}
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
	switch {
	case p.Check && profile.Spec.ByOperator():
		findings, err = checkKnativeServingDrift(rl.Items, &profile.Spec)
	case p.Check:
		findings, err = checkDrift(rl.Items, &profile.Spec, svcName)
	default:
		items, findings, err = render.Filter{Spec: &profile.Spec}.Apply(rl.Items)
	}
	if err != nil {
		return err
	}
	locateServiceFindings(findings, rl.Items, &profile.Spec, p.Check)
	p.report(rl, findings, svcRef, svcName)
	if p.Check && !profile.Spec.ByOperator() {
		// config-domain's drift, under its own name.
		domainDrift, err := checkDomainDrift(rl.Items, &profile.Spec)
		if err != nil {
			return err
		}
		cmRef := &yaml.ResourceIdentifier{TypeMeta: yaml.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"},
			NameMeta: yaml.NameMeta{Name: render.DomainConfigMap, Namespace: profile.Spec.Service.Namespace}}
		p.report(rl, domainDrift, cmRef, "ConfigMap "+profile.Spec.Service.Namespace+"/"+render.DomainConfigMap)
		findings = append(findings, domainDrift...)
	}
	if findings.HasErrors() {
		return &FailedError{Diagnostics: append(diags, findings...)}
	}
	if all := append(diags, findings...).Without(p.Ignore); len(all) > 0 && (p.Strict || isStrict(rl.FunctionConfig)) {
		strict := schema.Diagnostics{{Severity: schema.SeverityError,
			Message: fmt.Sprintf("strict: %d warnings fail the run (--strict or the %s annotation)", len(all), StrictAnnotation)}}
		p.report(rl, strict, nil, "slbgw")
		return &FailedError{Diagnostics: append(all, strict...)}
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
	case !render.HasReadableMetadata(config):
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
			if profile != nil {
				profile.Spec.ForgetPositions()
			}
		}
	}
	if profile != nil && p.Release != "" {
		var err error
		if diags, err = profile.WithRelease(p.Release, diags); err != nil {
			diags = append(diags, schema.Diagnostic{Severity: schema.SeverityError, Message: err.Error()})
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
	svc, _, findings := render.Filter{Spec: spec}.Find(items)
	if findings.HasErrors() {
		for i := range findings {
			findings[i].Line, findings[i].Column = 0, 0 // positions in the ResourceList, not a file
		}
		return findings, nil
	}
	if svc == nil {
		return schema.Diagnostics{{Severity: schema.SeverityError,
			Message: fmt.Sprintf("found no %s; the check needs exactly one", svcName)}}, nil
	}
	drift, err := render.Filter{Spec: spec}.Drift(svc)
	path, _, _ := kioutil.GetFileAnnotations(svc)
	for i := range drift {
		drift[i].File = path
	}
	return drift, err
}

// checkDomainDrift is the validator mode for config-domain: every domain the profile owns that
// differs, as an error.
func checkDomainDrift(items []*yaml.RNode, spec *schema.Spec) (schema.Diagnostics, error) {
	_, cm, findings := render.Filter{Spec: spec}.Find(items)
	if findings.HasErrors() {
		return nil, nil // checkDrift reported them
	}
	drift, err := render.Filter{Spec: spec}.DomainDrift(cm)
	if cm != nil {
		path, _, _ := kioutil.GetFileAnnotations(cm)
		for i := range drift {
			drift[i].File, drift[i].Line, drift[i].Column = path, 0, 0
		}
	}
	return drift, err
}

// report adds findings to the results and writes them to Stderr, where a finding without a file
// is named by what.
func (p Processor) report(rl *framework.ResourceList, ds schema.Diagnostics, ref *yaml.ResourceIdentifier, what string) {
	ds = ds.Without(p.Ignore)
	for i, r := range render.Results(ds) {
		r.ResourceRef = ref
		rl.Results = append(rl.Results, r)
		if p.Stderr != nil {
			d := ds[i]
			if d.File == "" {
				d.File = what
			}
			fmt.Fprintln(p.Stderr, d.String())
		}
	}
}

// isStrict tells whether the functionConfig asks for strict mode (StrictAnnotation: "true").
func isStrict(config *yaml.RNode) bool {
	return config != nil && render.HasReadableMetadata(config) && config.GetAnnotations(StrictAnnotation)[StrictAnnotation] == "true"
}

// checkKnativeServingDrift is the validator mode where the Knative Operator owns the Service:
// the KnativeServing must hold what the profile makes of it.
func checkKnativeServingDrift(items []*yaml.RNode, spec *schema.Spec) (schema.Diagnostics, error) {
	f := render.Filter{Spec: spec}
	for _, item := range items {
		if item.GetKind() == render.KnativeServingKind && item.GetNamespace() == spec.Service.Namespace {
			drift, err := f.KnativeServingDrift(item)
			path, _, _ := kioutil.GetFileAnnotations(item)
			for i := range drift {
				drift[i].File = path
			}
			return drift, err
		}
	}
	return schema.Diagnostics{{Severity: schema.SeverityError,
		Message: fmt.Sprintf("found no KnativeServing in namespace %s; the check needs it (spec.service.owner knative-operator)", spec.Service.Namespace)}}, nil
}
