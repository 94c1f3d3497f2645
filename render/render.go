package render

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

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
	out, findings, err := p.filterService(items)
	if err != nil || findings.HasErrors() {
		return items, findings, err
	}
	out, more, err := p.filterDomains(out)
	findings = append(findings, more...)
	if err != nil || findings.HasErrors() {
		return items, findings, err
	}
	return out, findings, nil
}

// filterService is Filter for the gateway Service.
func (p Patch) filterService(items []*yaml.RNode) ([]*yaml.RNode, schema.Diagnostics, error) {
	spec := p.Spec
	candidates, where := Objects(items)
	matches, findings := FindGateway(candidates, spec.Service)
	if findings.HasErrors() {
		return items, findings, nil
	}
	if len(matches) == 0 {
		svc, err := NewService(spec.Service)
		if err != nil {
			return nil, nil, err
		}
		more, err := p.Edit(svc)
		for i := range more {
			more[i].Line, more[i].Column = 0, 0 // positions in the template, not a file
		}
		findings = append(findings, more...)
		if err != nil || findings.HasErrors() {
			return items, findings, err
		}
		if err := placeNewService(svc, items); err != nil {
			return nil, nil, err
		}
		return append(items, svc), findings, nil
	}
	svc, more, err := p.EditLive(matches[0], nil)
	findings = append(findings, more...)
	inFile(findings, matches[0])
	if err != nil || findings.HasErrors() {
		return items, findings, err
	}
	out := slices.Clone(items)
	at := where[matches[0].YNode()]
	if at.sub < 0 {
		out[at.item] = svc
		return out, findings, nil
	}
	list := items[at.item].Copy()
	listItems(resolveAlias(list.YNode())).Content[at.sub] = svc.YNode()
	out[at.item] = list
	return out, findings, nil
}

// place is where an object is among items: the item, and its index in the item's List (-1 for
// an item that is no List).
type place struct{ item, sub int }

// Objects lists the objects of items: each item, or the items of a List (kubectl get -o yaml
// prints several objects as one), with where each is. A Service inside a List is patched there,
// never added a second time beside it; kustomize reads a List's items as resources too.
func Objects(items []*yaml.RNode) ([]*yaml.RNode, map[*yaml.Node]place) {
	var out []*yaml.RNode
	where := map[*yaml.Node]place{}
	for i, item := range items {
		if list := listItems(resolveAlias(item.YNode())); list != nil {
			for j, n := range list.Content {
				out = append(out, yaml.NewRNode(n))
				where[n] = place{i, j}
			}
			continue
		}
		out = append(out, item)
		where[item.YNode()] = place{i, -1}
	}
	return out, where
}

// EditLive is what every pipeline does to the gateway Service it meets: it refuses one it cannot
// write back faithfully (annotations over the API server's limit, a key twice), resolves its
// aliases as YAML reads them (refusing an anchor that other objects of its document use, when
// doc is given), edits a copy, so a failure leaves live as it was, and adds the changes the
// controller would refuse (Refusals). It returns the edited copy.
func (p Patch) EditLive(live *yaml.RNode, doc *document) (*yaml.RNode, schema.Diagnostics, error) {
	if big := AnnotationsTooLarge(live.YNode()); big != nil {
		return nil, schema.Diagnostics{*big}, nil
	}
	var expanded *yaml.RNode
	var findings schema.Diagnostics
	if doc != nil {
		expanded, findings = withoutAliases(live, doc)
	} else {
		expanded, findings = withoutAliases(live, &document{root: live.YNode()})
	}
	if findings.HasErrors() {
		return nil, findings, nil
	}
	if dups := duplicateAnnotations(expanded); len(dups) > 0 {
		return nil, append(findings, dups...), nil
	}
	edited := expanded.Copy()
	more, err := p.Edit(edited)
	if err == nil && !more.HasErrors() && p.Refusals != nil {
		more = append(more, p.Refusals(expanded, edited)...)
	}
	findings = append(findings, more...)
	if err != nil || findings.HasErrors() {
		return nil, findings, err
	}
	return edited, findings, nil
}

// GatewayServices returns the items (or items of a List) that are the Service the profile
// targets (see FindGateway); it is nil when FindGateway reports an error.
func GatewayServices(items []*yaml.RNode, svc schema.Service) []*yaml.RNode {
	candidates, _ := Objects(items)
	matches, findings := FindGateway(candidates, svc)
	if findings.HasErrors() {
		return nil
	}
	return matches
}

// FindGateway finds the Service the profile targets among items: kind Service, apiVersion v1,
// its name and namespace, values read as YAML reads them (aliases resolved), local-config items
// excepted. It never lets a second gateway Service through, and says why:
//   - two Services with the name and namespace: an error at the second;
//   - a Service with the name and no namespace (kubectl applies it into the current namespace)
//     is patched with a warning, or, beside one with the namespace, an error;
//   - a Service with the name whose metadata, labels or annotations are not mappings: an error,
//     since slbgw can neither patch it nor add a second one;
//   - a Service with the name in another namespace, and none in the profile's: an error rather
//     than a second Service of that name.
func FindGateway(items []*yaml.RNode, svc schema.Service) ([]*yaml.RNode, schema.Diagnostics) {
	var exact, noNamespace, otherNamespace []*yaml.RNode
	var findings schema.Diagnostics
	for _, item := range items {
		n := resolveAlias(item.YNode())
		if n == nil || n.Kind != yaml.MappingNode || scalarAt(n, "kind") != "Service" ||
			scalarAt(n, yaml.MetadataField, yaml.NameField) != svc.Name {
			continue
		}
		switch scalarAt(n, "apiVersion") {
		case "v1":
		case "":
			findings = append(findings, schema.Diagnostic{Severity: schema.SeverityError, Line: n.Line, Column: n.Column, Field: "apiVersion",
				Message: fmt.Sprintf("Required value: the Service %s has no apiVersion (v1): kubectl refuses it, and slbgw will not add a second one", svc.Name)})
			continue
		default:
			continue // another API's Service, such as a Knative Service
		}
		if bad, field := unreadableMetadata(n); bad != nil {
			findings = append(findings, schema.Diagnostic{Severity: schema.SeverityError, Line: bad.Line, Column: bad.Column, Field: field,
				Message: fmt.Sprintf("Invalid value: must be a mapping: the Service %s cannot be read, and slbgw will not add a second one", svc.Name)})
			continue
		}
		if scalarAt(n, yaml.MetadataField, yaml.AnnotationsField, localConfigAnnotation) == "true" {
			continue
		}
		switch scalarAt(n, yaml.MetadataField, yaml.NamespaceField) {
		case svc.Namespace:
			exact = append(exact, item)
		case "":
			noNamespace = append(noNamespace, item)
		default:
			otherNamespace = append(otherNamespace, item)
		}
	}
	if findings.HasErrors() {
		return nil, findings
	}
	all := append(slices.Clone(exact), noNamespace...)
	switch {
	case len(exact) > 1 || (len(exact) == 1 && len(noNamespace) > 0) || len(noNamespace) > 1:
		var where []string
		for _, m := range all {
			if path, index, _ := kioutil.GetFileAnnotations(m); path != "" {
				where = append(where, path+"#"+index)
			}
		}
		msg := fmt.Sprintf("found %d Services %s/%s; expected at most one", len(all), svc.Namespace, svc.Name)
		if len(noNamespace) > 0 {
			msg = fmt.Sprintf("found %d Services named %s, %d of them without a namespace (kubectl applies those into the current namespace); expected at most one: set metadata.namespace: %s", len(all), svc.Name, len(noNamespace), svc.Namespace)
		}
		if len(where) > 0 {
			msg += " (" + strings.Join(where, ", ") + ")"
		}
		// The finding points at the second one: the first is the one a user would keep.
		second := all[1].YNode()
		return nil, schema.Diagnostics{{Severity: schema.SeverityError, Line: second.Line, Column: second.Column, Message: msg}}
	case len(exact) == 1:
		return exact, nil
	case len(noNamespace) == 0 && len(otherNamespace) > 0:
		// Creating the gateway beside a Service of its name in another namespace is most
		// likely the wrong namespace in the profile, not a second gateway.
		n := otherNamespace[0].YNode()
		ns := scalarAt(n, yaml.MetadataField, yaml.NamespaceField)
		return nil, schema.Diagnostics{{Severity: schema.SeverityError, Line: n.Line, Column: n.Column,
			Message: fmt.Sprintf("found Service %s in namespace %s, not %s: slbgw would create a second Service named %s; set spec.service.namespace: %s to patch this one, or give the gateway its own name (spec.service.name)", svc.Name, ns, svc.Namespace, svc.Name, ns)}}
	case len(noNamespace) == 1:
		n := noNamespace[0].YNode()
		return noNamespace, schema.Diagnostics{{Severity: schema.SeverityWarning, Line: n.Line, Column: n.Column, Field: "metadata.namespace",
			Message: fmt.Sprintf("Required value: the Service %s has no namespace, so kubectl applies it into the current namespace; slbgw patched it as %s/%s: set metadata.namespace: %s", svc.Name, svc.Namespace, svc.Name, svc.Namespace)}}
	}
	return nil, nil
}

// unreadableMetadata finds metadata, labels or annotations that are not mappings (or null).
func unreadableMetadata(n *yaml.Node) (*yaml.Node, string) {
	meta := valueAt(n, yaml.MetadataField)
	if meta == nil || isNull(meta) {
		return nil, ""
	}
	if meta.Kind != yaml.MappingNode {
		return meta, "metadata"
	}
	for _, name := range []string{yaml.LabelsField, yaml.AnnotationsField} {
		if v := valueAt(meta, name); v != nil && !isNull(v) && v.Kind != yaml.MappingNode {
			return v, "metadata." + name
		}
	}
	return nil, ""
}

// valueAt walks mappings along path, resolving aliases as YAML does; nil when the path is not
// there.
func valueAt(n *yaml.Node, path ...string) *yaml.Node {
	n = resolveAlias(n)
	for _, seg := range path {
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == seg {
				next = resolveAlias(n.Content[i+1])
			}
		}
		n = next
	}
	return n
}

// scalarAt is the scalar value at path, "" when there is none.
func scalarAt(n *yaml.Node, path ...string) string {
	v := valueAt(n, path...)
	if v == nil || v.Kind != yaml.ScalarNode || isNull(v) {
		return ""
	}
	return v.Value
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == yaml.NodeTagNull
}

// resolveAlias follows aliases (bounded, against cycles) to the node they stand for.
func resolveAlias(n *yaml.Node) *yaml.Node {
	for depth := 0; n != nil && n.Kind == yaml.AliasNode && depth < 100; depth++ {
		n = n.Alias
	}
	return n
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
	return placeNewObject(svc, items, "service_"+svc.GetName()+".yaml")
}

// placeNewObject gives a created object the file path, when the other items have files.
func placeNewObject(obj *yaml.RNode, items []*yaml.RNode, path string) error {
	const pathKey, indexKey = kioutil.PathAnnotation, kioutil.IndexAnnotation
	hasPaths, index := false, 0
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
	if _, err := obj.Pipe(yaml.SetAnnotation(pathKey, path)); err != nil {
		return err
	}
	_, err := obj.Pipe(yaml.SetAnnotation(indexKey, strconv.Itoa(index)))
	return err
}

// inFile sets the findings' file to the Service's file, when it has one.
func inFile(findings schema.Diagnostics, svc *yaml.RNode) {
	if len(findings) == 0 {
		return
	}
	// Not kioutil.GetFileAnnotations: it reads all of the metadata, field by field, which is
	// quadratic in the number of annotations.
	path := scalarAt(svc.YNode(), yaml.MetadataField, yaml.AnnotationsField, kioutil.PathAnnotation)
	if path == "" {
		path = scalarAt(svc.YNode(), yaml.MetadataField, yaml.AnnotationsField, kioutil.LegacyPathAnnotation)
	}
	for i := range findings {
		findings[i].File = path
	}
}

// MaxAnnotationBytes is what the API server accepts for all annotations of an object together
// (the keys and values: apimachinery's TotalAnnotationSizeLimitB).
const MaxAnnotationBytes = 256 << 10

// AnnotationsTooLarge reports the annotations of an object when they hold more than the API
// server accepts: kubectl apply would fail, and the object is not worth the time. The KRM
// function checks every item with it before kyaml reads them.
func AnnotationsTooLarge(n *yaml.Node) *schema.Diagnostic {
	annotations := valueAt(n, yaml.MetadataField, yaml.AnnotationsField)
	if annotations == nil || annotations.Kind != yaml.MappingNode {
		return nil
	}
	size := 0
	for _, c := range annotations.Content {
		size += len(c.Value)
	}
	if size <= MaxAnnotationBytes {
		return nil
	}
	return &schema.Diagnostic{Severity: schema.SeverityError, Line: annotations.Line, Column: annotations.Column, Field: "metadata.annotations",
		Message: fmt.Sprintf("Too long: must have at most %d bytes, the most the API server accepts (got %d in %d annotations)", MaxAnnotationBytes, size, len(annotations.Content)/2)}
}
