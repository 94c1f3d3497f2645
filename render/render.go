package render

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/fn/framework"
	"sigs.k8s.io/kustomize/kyaml/kio/kioutil"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/change"
	"github.com/slbgw/slbgw/schema"
)

// localConfigAnnotation marks resources that are configuration for tools, not for the cluster
// (kpt's Kptfile, a function's config). They are passed through, never patched.
const localConfigAnnotation = "config.kubernetes.io/local-config"

// Filter applies a profile to the gateway Service and config-domain among a set of resources,
// shaped like a kustomize filter (api/filters/annotations): a value holding the profile's spec,
// whose Filter method is a kio.Filter. The KRM function (package krm), the command line
// (Manifests), the patch (package patch) and plan all run the same edits through it: the
// change package computes them once, and Filter applies them.
type Filter struct {
	Spec *schema.Spec
}

// Filter implements kio.Filter: items with the gateway Service edited in place (in a List too),
// or a new one appended, and config-domain likewise. Its findings travel in the error as
// framework.Results, as kyaml's framework expects; with errors among them, items are returned
// unchanged.
func (f Filter) Filter(items []*yaml.RNode) ([]*yaml.RNode, error) {
	out, findings, err := f.Apply(items)
	if err != nil {
		return items, err
	}
	if len(findings) > 0 {
		return out, Results(findings)
	}
	return out, nil
}

// Apply is Filter with the findings as diagnostics. Findings about the Service carry its file
// (from the path annotation orchestrators set) and the line and column of its node.
func (f Filter) Apply(items []*yaml.RNode) ([]*yaml.RNode, schema.Diagnostics, error) {
	roots := make([]*yaml.Node, len(items))
	for i, item := range items {
		roots[i] = item.YNode()
	}
	steps, findings := f.walk(objectsOf(roots))
	if findings.HasErrors() {
		return items, findings, nil
	}
	out := slices.Clone(items)
	for _, st := range steps {
		if st.found == nil {
			created, more, err := st.create()
			findings = append(findings, more...)
			if err != nil || findings.HasErrors() {
				return items, findings, err
			}
			if created != nil {
				if err := placeNewObject(created, items, st.file); err != nil {
					return nil, nil, err
				}
				out = append(out, created)
			}
			continue
		}
		edited, _, more, err := st.edit(yaml.NewRNode(st.found.node), nil)
		inFile(more, yaml.NewRNode(st.found.node))
		findings = append(findings, more...)
		if err != nil || findings.HasErrors() {
			return items, findings, err
		}
		if edited == nil {
			continue
		}
		// The item, or the item of its List (a copy of the List).
		if o := st.found; o.sub < 0 {
			out[o.item] = edited
		} else {
			if out[o.item] == items[o.item] {
				out[o.item] = items[o.item].Copy()
			}
			listItems(resolveAlias(out[o.item].YNode())).Content[o.sub] = edited.YNode()
		}
	}
	return out, findings, nil
}

// step is one of the objects a profile edits, as every pipeline treats it: where it was found
// (nil when absent), how it is created (nil: nothing to create) or edited, what names it.
type step struct {
	found  *object
	what   string // in findings: "the Service knative-serving/ingress-gateway"
	kind   string // Service, ConfigMap or KnativeServing
	file   string // the file a created one gets, when the other items have files (kpt)
	create func() (*yaml.RNode, schema.Diagnostics, error)
	edit   func(live *yaml.RNode, docRoot *yaml.Node) (*yaml.RNode, []change.Edit, schema.Diagnostics, error)
}

// walk finds the objects the profile edits among objects, and returns their steps: the gateway
// Service's, then config-domain's; or, where the Knative Operator owns the Service, the
// KnativeServing's.
func (f Filter) walk(objects []object) ([]step, schema.Diagnostics) {
	if f.Spec.ByOperator() {
		ks, findings := f.locateKnativeServing(objects)
		return []step{{found: ks, what: "the KnativeServing in " + f.Spec.Service.Namespace, kind: KnativeServingKind,
			create: f.noKnativeServing, edit: f.editKnativeServing}}, findings
	}
	svc, cm, findings := f.locate(objects)
	return f.steps(svc, cm), findings
}

// steps are the gateway Service's step, then config-domain's.
func (f Filter) steps(svc, cm *object) []step {
	return []step{
		{found: svc, what: "the Service " + f.Spec.Service.Namespace + "/" + f.Spec.Service.Name, kind: "Service",
			file: "service_" + f.Spec.Service.Name + ".yaml", create: f.newService, edit: f.editService},
		{found: cm, what: change.DomainConfigMap, kind: "ConfigMap",
			file: "configmap_" + change.DomainConfigMap + ".yaml", create: f.newDomainConfigMap, edit: f.editDomains},
	}
}

// object is a Kubernetes object among a set of roots (items of a ResourceList, or documents of
// a stream): the root itself (sub -1), or the item sub of a List root.
type object struct {
	node      *yaml.Node
	item, sub int
}

// objectsOf lists the objects of roots: each root, or the items of a List (kubectl get -o yaml
// prints several objects as one). A Service inside a List is patched there, never added a second
// time beside it; kustomize reads a List's items as resources too. A nil root (a document that
// holds nothing slbgw looks for) has none.
func objectsOf(roots []*yaml.Node) []object {
	var out []object
	for i, root := range roots {
		if root == nil {
			continue
		}
		if list := listItems(resolveAlias(root)); list != nil {
			for j, n := range list.Content {
				out = append(out, object{n, i, j})
			}
			continue
		}
		out = append(out, object{root, i, -1})
	}
	return out
}

// locate finds the gateway Service (FindGateway) and config-domain (IsDomainConfigMap) among the
// objects: nil when absent; two config-domains are an error.
func (f Filter) locate(objects []object) (svc, cm *object, findings schema.Diagnostics) {
	candidates := make([]*yaml.RNode, len(objects))
	for i, o := range objects {
		candidates[i] = yaml.NewRNode(o.node)
	}
	matches, findings := FindGateway(candidates, f.Spec.Service)
	if findings.HasErrors() {
		return nil, nil, findings
	}
	for i, o := range objects {
		if len(matches) > 0 && o.node == matches[0].YNode() {
			svc = &objects[i]
		}
		if IsDomainConfigMap(o.node, f.Spec.Service) {
			if cm != nil {
				return nil, nil, append(findings, schema.Diagnostic{Severity: schema.SeverityError, Line: o.node.Line, Column: o.node.Column,
					Message: fmt.Sprintf("found 2 ConfigMaps %s/%s; expected at most one", f.Spec.Service.Namespace, change.DomainConfigMap)})
			}
			cm = &objects[i]
		}
	}
	return svc, cm, findings
}

// newService is the gateway Service created from the template, with the profile applied.
func (f Filter) newService() (*yaml.RNode, schema.Diagnostics, error) {
	svc, err := NewService(f.Spec.Service)
	if err != nil {
		return nil, nil, err
	}
	edited, _, findings, err := f.editService(svc, nil)
	for i := range findings {
		findings[i].Line, findings[i].Column = 0, 0 // positions in the template, not a file
	}
	return edited, findings, err
}

// EditService is what every pipeline does to the gateway Service it meets: it refuses one it
// cannot write back faithfully (annotations over the API server's limit, a key twice, aliases
// that expand without bound), applies the profile's edits to a copy with aliases resolved, so a
// failure leaves live as it was, checks the listeners, and refuses what the controller would
// refuse on a Service that shows a load balancer (status.loadBalancer: change.HasLoadBalancer). It returns the edited copy and the
// edits.
func (f Filter) EditService(live *yaml.RNode) (*yaml.RNode, []change.Edit, schema.Diagnostics, error) {
	return f.editService(live, nil)
}

// editService is EditService; docRoot, when given, is the document holding live, whose other
// parts must not use an anchor of live's (the Service is then written anew without it).
func (f Filter) editService(live *yaml.RNode, docRoot *yaml.Node) (*yaml.RNode, []change.Edit, schema.Diagnostics, error) {
	expanded, edited, edits, findings, err := f.editServiceOnly(live, docRoot)
	if err != nil || findings.HasErrors() {
		return nil, nil, findings, err
	}
	findings = append(findings, refusals(f.Spec, expanded, edited, edits)...)
	if findings.HasErrors() {
		return nil, nil, findings, nil
	}
	return edited, edits, findings, nil
}

// Desired is what the profile makes of live, without the refusal check (plan classifies every
// change itself): the edited copy and the edits.
func (f Filter) Desired(live *yaml.RNode) (*yaml.RNode, []change.Edit, schema.Diagnostics, error) {
	_, edited, edits, findings, err := f.editServiceOnly(live, nil)
	return edited, edits, findings, err
}

// editServiceOnly is editService without the refusal check: it also returns live with its
// aliases resolved.
func (f Filter) editServiceOnly(live *yaml.RNode, docRoot *yaml.Node) (expanded, edited *yaml.RNode, edits []change.Edit, findings schema.Diagnostics, err error) {
	if big := AnnotationsTooLarge(live.YNode()); big != nil {
		return nil, nil, nil, schema.Diagnostics{*big}, nil
	}
	if docRoot == nil {
		docRoot = live.YNode()
	}
	expanded, findings = withoutAliases(live, docRoot)
	if findings.HasErrors() {
		return nil, nil, nil, findings, nil
	}
	if dups := duplicateKeys(expanded); len(dups) > 0 {
		return nil, nil, nil, append(findings, dups...), nil
	}
	if d, ok := checkServiceType(expanded); !ok {
		return nil, nil, nil, schema.Diagnostics{d}, nil
	}
	if a := valueAt(expanded.YNode(), yaml.MetadataField, yaml.AnnotationsField); a != nil && !isNull(a) && a.Kind != yaml.MappingNode {
		return nil, nil, nil, schema.Diagnostics{serviceError(a, "metadata.annotations", "Invalid value: must be a mapping")}, nil
	}
	if d, ok := checkServiceClass(expanded, f.Spec); !ok {
		return nil, nil, nil, schema.Diagnostics{d}, nil
	}
	edits = change.Service(f.Spec, expanded.GetAnnotations(), serviceClass(expanded))
	edited = expanded.Copy()
	more, err := applyEdits(edited, edits)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	findings = append(findings, more...)
	findings = append(findings, checkListeners(edited)...)
	findings = append(findings, checkUnusedSettings(edited, f.Spec)...)
	return expanded, edited, edits, findings, nil
}

// refusals reports, as errors, the changes the controller would refuse when edited is applied
// over live, a Service the cluster has seen: a refused change stops every pipeline with the
// annotation's line, and the profile field's (file:line:col) instead of reaching the cluster
// (slbgw plan shows the whole apply).
func refusals(spec *schema.Spec, live, edited *yaml.RNode, edits []change.Edit) schema.Diagnostics {
	if !change.HasLoadBalancer(live) { // without a load balancer, everything applies as on creation
		return nil
	}
	var ds schema.Diagnostics
	for _, c := range change.Refused(change.Classify(live, edited, edits, nil, spec.Controller.Version)) {
		owner := c.Field
		if where := spec.Where(c.Field); where != "" {
			owner += ", " + where
		}
		d := schema.Diagnostic{Severity: schema.SeverityError, Field: c.Edit.Target.Field(c.Edit.Key),
			Message: fmt.Sprintf("%s → %s on a running load balancer (%s): %s; slbgw plan shows the whole apply",
				show(c.Old), show(c.New), owner, c.Detail)}
		if c.Edit.Target == change.ServiceSpec {
			if n := valueAt(live.YNode(), "spec", c.Edit.Key); n != nil {
				d.Line, d.Column = n.Line, n.Column
			} else if n := live.Field("spec"); n != nil {
				d.Line, d.Column = n.Key.YNode().Line, n.Key.YNode().Column
			}
		}
		for _, key := range []string{c.Keys[0], schema.LegacyKey(c.Keys[0])} {
			if n := valueAt(live.YNode(), yaml.MetadataField, yaml.AnnotationsField, key); c.Edit.Target == change.Annotations && key != "" && n != nil {
				d.Line, d.Column = n.Line, n.Column
				break
			}
		}
		ds = append(ds, d)
	}
	return ds
}

// show is a value as plan prints it.
func show(v *string) string {
	switch {
	case v == nil:
		return "(absent)"
	case *v == "":
		return `""`
	}
	return *v
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
		return noNamespace, schema.Diagnostics{{Severity: schema.SeverityWarning, Code: schema.WarnServiceNoNamespace, Line: n.Line, Column: n.Column, Field: "metadata.namespace",
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
		//lint:ignore SA1019 files from older kustomize and kpt carry only the legacy annotation: read it as a fallback
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

// Results are findings as kyaml's framework reports them: a ResourceList's results, and an
// error whose exit code is 1 when any is an error.
func Results(findings schema.Diagnostics) framework.Results {
	var out framework.Results
	for _, d := range findings {
		r := &framework.Result{Message: schema.ClipMessage(d.Message), Severity: framework.Severity(d.Severity)}
		if d.Field != "" {
			r.Field = &framework.Field{Path: d.Field}
		}
		if d.File != "" {
			r.File = &framework.File{Path: d.File}
		}
		if d.Code != "" {
			r.Tags = map[string]string{"code": d.Code} // what --ignore and slbgw.dev/ignore take
		}
		out = append(out, r)
	}
	return out
}

// Find returns the gateway Service and config-domain among items (top level or in a List), as
// Filter finds them; nil when absent. Two of either is an error finding.
func (f Filter) Find(items []*yaml.RNode) (svc, cm *yaml.RNode, findings schema.Diagnostics) {
	roots := make([]*yaml.Node, len(items))
	for i, item := range items {
		roots[i] = item.YNode()
	}
	s, c, findings := f.locate(objectsOf(roots))
	if s != nil {
		svc = yaml.NewRNode(s.node)
	}
	if c != nil {
		cm = yaml.NewRNode(c.node)
	}
	return svc, cm, findings
}
