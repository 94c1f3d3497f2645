package render

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/kustomize/kyaml/kio/kioutil"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/schema"
)

// localConfigAnnotation marks resources that are configuration for tools, not for the cluster
// (kpt's Kptfile, a function's config). They are passed through, never patched.
const localConfigAnnotation = "config.kubernetes.io/local-config"

// Patch is the patch step, shaped like a kustomize filter (api/filters/annotations): a value
// holding the profile's spec, whose methods edit the gateway Service. Filter is the one entry
// point for a set of resources; Edit changes one Service node; Drift compares one with what
// Edit would make of it. The KRM function (package krm) and the CLI wrap it.
type Patch struct {
	Spec *schema.Spec
	// Refusals, when set, reports the changes the cloud controller would refuse on a Service
	// the cluster has seen (package plan provides it: plan.Refusals). Filter and Drift add its
	// findings, so a pipeline stops on such a change instead of applying it.
	Refusals func(live, desired *yaml.RNode) schema.Diagnostics
}

// Filter applies the profile to the gateway Service among items and returns the items to
// write: the same items, in the same order, with the Service edited in place, or with a new
// Service appended when items hold none. Findings about the Service carry its file (from the path
// annotation orchestrators set) and, for a Service read from a file, its line and column.
// When a finding is an error, items are returned unchanged.
func (p Patch) Filter(items []*yaml.RNode) ([]*yaml.RNode, schema.Diagnostics, error) {
	spec := p.Spec
	matches := GatewayServices(items, spec.Service)
	switch len(matches) {
	case 0:
		svc, err := NewService(spec.Service)
		if err != nil {
			return nil, nil, err
		}
		findings, err := p.Edit(svc)
		for i := range findings {
			findings[i].Line, findings[i].Column = 0, 0 // positions in the template, not a file
		}
		if err != nil || findings.HasErrors() {
			return items, findings, err
		}
		if err := placeNewService(svc, items); err != nil {
			return nil, nil, err
		}
		return append(items, svc), findings, nil
	case 1:
		// Edit a copy, so a failure leaves the input as it was.
		svc := matches[0].Copy()
		findings, err := p.Edit(svc)
		if err == nil && !findings.HasErrors() && p.Refusals != nil {
			findings = append(findings, p.Refusals(matches[0], svc)...)
		}
		inFile(findings, matches[0])
		if err != nil || findings.HasErrors() {
			return items, findings, err
		}
		out := slices.Clone(items)
		out[slices.Index(items, matches[0])] = svc
		return out, findings, nil
	default:
		var where []string
		for _, m := range matches {
			if path, index, _ := kioutil.GetFileAnnotations(m); path != "" {
				where = append(where, path+"#"+index)
			}
		}
		msg := fmt.Sprintf("found %d Services %s/%s; expected at most one", len(matches), spec.Service.Namespace, spec.Service.Name)
		if len(where) > 0 {
			msg += " (" + strings.Join(where, ", ") + ")"
		}
		// The finding points at the second one: the first is the one a user would keep.
		second := matches[1].YNode()
		return items, schema.Diagnostics{{Severity: schema.SeverityError, Line: second.Line, Column: second.Column, Message: msg}}, nil
	}
}

// GatewayServices returns the items that are the Service the profile targets.
func GatewayServices(items []*yaml.RNode, svc schema.Service) []*yaml.RNode {
	var matches []*yaml.RNode
	for _, item := range items {
		if isGatewayService(item, svc) {
			matches = append(matches, item)
		}
	}
	return matches
}

// isGatewayService tells whether item is the Service the profile targets. local-config items
// are never targets.
func isGatewayService(item *yaml.RNode, svc schema.Service) bool {
	if !HasReadableMetadata(item) || item.GetKind() != "Service" || item.GetApiVersion() != "v1" {
		return false
	}
	if item.GetName() != svc.Name || item.GetNamespace() != svc.Namespace {
		return false
	}
	return item.GetAnnotations(localConfigAnnotation)[localConfigAnnotation] != "true"
}

// HasReadableMetadata tells whether kyaml's metadata accessors can read node: a mapping whose
// metadata, labels and annotations are mappings (or absent). kyaml panics on other shapes, and a
// function must not panic on its input.
func HasReadableMetadata(node *yaml.RNode) bool {
	if node == nil || node.YNode().Kind != yaml.MappingNode {
		return false
	}
	meta := node.Field(yaml.MetadataField)
	if meta == nil || yaml.IsMissingOrNull(meta.Value) {
		return true
	}
	if meta.Value.YNode().Kind != yaml.MappingNode {
		return false
	}
	for _, name := range []string{yaml.LabelsField, yaml.AnnotationsField} {
		f := meta.Value.Field(name)
		if f != nil && !yaml.IsMissingOrNull(f.Value) && f.Value.YNode().Kind != yaml.MappingNode {
			return false
		}
	}
	return true
}

// placeNewService gives a created Service a file when the other items have files (kpt): a
// predictable service_<name>.yaml at the package root, as the next document if that file exists.
func placeNewService(svc *yaml.RNode, items []*yaml.RNode) error {
	const pathKey, indexKey = kioutil.PathAnnotation, kioutil.IndexAnnotation
	hasPaths, index := false, 0
	path := "service_" + svc.GetName() + ".yaml"
	for _, item := range items {
		if !HasReadableMetadata(item) {
			continue
		}
		p, i, _ := kioutil.GetFileAnnotations(item)
		if p == "" {
			continue
		}
		hasPaths = true
		if p == path {
			n, _ := strconv.Atoi(i)
			index = max(index, n+1)
		}
	}
	if !hasPaths {
		return nil
	}
	if _, err := svc.Pipe(yaml.SetAnnotation(pathKey, path)); err != nil {
		return err
	}
	_, err := svc.Pipe(yaml.SetAnnotation(indexKey, strconv.Itoa(index)))
	return err
}

// inFile sets the findings' file to the Service's file, when it has one.
func inFile(findings schema.Diagnostics, svc *yaml.RNode) {
	path, _, _ := kioutil.GetFileAnnotations(svc)
	for i := range findings {
		findings[i].File = path
	}
}

// Manifests applies spec to base, a stream of YAML documents (nil for none), and returns the
// resulting stream: base with the gateway Service edited, comments and order kept, or the new
// Service alone. baseName names base in findings, which get its lines and columns.
func Manifests(p Patch, base []byte, baseName string) ([]byte, schema.Diagnostics, error) {
	spec := p.Spec
	var items []*yaml.RNode
	if len(bytes.TrimSpace(base)) > 0 {
		var err error
		items, err = (&kio.ByteReader{Reader: bytes.NewReader(base), PreserveSeqIndent: true}).Read()
		if err != nil {
			return nil, nil, &BaseError{File: baseName, Err: err}
		}
		alignLines(items, base)
	}
	out, findings, err := p.Filter(items)
	where := baseName
	if len(items) == 0 {
		where = fmt.Sprintf("new Service %s/%s", spec.Service.Namespace, spec.Service.Name)
	}
	for i := range findings {
		findings[i].File = where
	}
	if err != nil || findings.HasErrors() {
		return nil, findings, err
	}
	var buf bytes.Buffer
	if err := (kio.ByteWriter{Writer: &buf}).Write(out); err != nil {
		return nil, findings, fmt.Errorf("writing the manifests: %w", err)
	}
	return buf.Bytes(), findings, nil
}

// alignLines makes the line numbers of items count from the start of the stream. kio reads
// each document on its own, so its lines restart at every "---"; findings must point into the
// user's file. Lines stay as they are if the two readings disagree on the documents.
func alignLines(items []*yaml.RNode, stream []byte) {
	var starts []int
	dec := yaml.NewDecoder(bytes.NewReader(stream))
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			break
		}
		if len(doc.Content) > 0 && !yaml.IsMissingOrNull(yaml.NewRNode(doc.Content[0])) {
			starts = append(starts, doc.Content[0].Line)
		}
	}
	if len(starts) != len(items) {
		return
	}
	for i, item := range items {
		shift := starts[i] - item.YNode().Line
		if shift == 0 {
			continue
		}
		var walk func(n *yaml.Node)
		walk = func(n *yaml.Node) {
			n.Line += shift
			for _, c := range n.Content {
				walk(c)
			}
		}
		walk(item.YNode())
	}
}

// BaseError is a base manifest stream that cannot be read as Kubernetes resources.
type BaseError struct {
	File string
	Err  error
}

func (e *BaseError) Error() string {
	return fmt.Sprintf("%s: not a valid manifest stream: %v", e.File, e.Err)
}

func (e *BaseError) Unwrap() error { return e.Err }
