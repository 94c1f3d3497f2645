package render

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/schema"
)

// Manifests applies the patch to base, a manifest stream (YAML documents, or one JSON document;
// nil for none), and returns the stream to write. Only the document holding the gateway Service
// is written anew; every other document comes out byte for byte as it came in, comments,
// anchors and aliases included. Without a gateway Service, the new Service is appended (to a
// JSON base's List). A JSON base comes out as JSON. baseName names base in findings, whose lines
// and columns are the file's.
func Manifests(p Patch, base []byte, baseName string) ([]byte, schema.Diagnostics, error) {
	var s *stream
	var err error
	switch {
	case len(bytes.TrimSpace(base)) == 0:
		// No base: the new Service alone (and config-domain for a profile with domains).
		s, baseName = &stream{}, fmt.Sprintf("new Service %s/%s", p.Spec.Service.Namespace, p.Spec.Service.Name)
	case isJSON(base):
		s, err = readJSON(base, baseName)
	default:
		s, err = readYAML(base, baseName, p.Spec.Service.Name)
	}
	if err != nil {
		return nil, nil, err
	}
	out, findings, err := s.apply(p)
	for i := range findings {
		findings[i].File = baseName
	}
	if err != nil || findings.HasErrors() {
		return nil, findings, err
	}
	return out, findings, nil
}

// encodeYAML writes one object as kyaml's writer does (two-space indent, empty annotations
// dropped), with the sequence indentation style given (yaml.WideSequenceStyle, or compact).
// kio.ByteWriter itself reads the object's metadata field by field for every annotation, which
// makes writing a Service with thousands of annotations quadratic.
func encodeYAML(node *yaml.RNode, seqIndent string) ([]byte, error) {
	if err := yaml.ClearEmptyAnnotations(node); err != nil {
		return nil, fmt.Errorf("writing the Service: %w", err)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoderWithOptions(&buf, &yaml.EncoderOptions{SeqIndent: yaml.SequenceIndentStyle(seqIndent)})
	if err := enc.Encode(node.Document()); err != nil {
		return nil, fmt.Errorf("writing the Service: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("writing the Service: %w", err)
	}
	return buf.Bytes(), nil
}

// stream is a base manifest stream cut into its documents.
type stream struct {
	name string
	json bool
	docs []*document
}

// document is one document of the stream: its text and, when it holds YAML, its parsed root
// with lines counted from the start of the file.
type document struct {
	text   []byte
	marker []byte // the "---" line that starts it, if any
	root   *yaml.Node
	// objects are the Kubernetes objects it holds: the root, or the items of a List, each
	// with the node that holds it (the root's DocumentNode, or the List's items).
	objects []object
}

type object struct {
	node   *yaml.Node
	parent *yaml.Node // the node whose Content holds node
	index  int
}

// readYAML cuts a YAML stream at its document markers and parses each document on its own, so
// that lines are the file's and each document can be written back as it was. Only documents that
// hold a Service named service keep their parsed nodes: the others are written back as text, and
// a large base must not hold every document's nodes in memory at once.
func readYAML(base []byte, name, service string) (*stream, error) {
	s := &stream{name: name}
	line := 1
	for _, chunk := range splitDocuments(base) {
		d := &document{text: chunk}
		body := chunk
		if isMarker(firstLine(chunk)) {
			d.marker = firstLine(chunk)
			body = chunk[len(d.marker):]
		}
		bodyLine := line + bytes.Count(d.marker, []byte("\n"))
		var doc yaml.Node
		if err := yaml.NewDecoder(bytes.NewReader(body)).Decode(&doc); err != nil && err.Error() != "EOF" {
			return nil, &BaseError{File: name, Line: yamlErrorLine(err, bodyLine), Err: fmt.Errorf("not valid YAML: %s", schema.YAMLErrorText(err))}
		}
		if len(doc.Content) > 0 && !yaml.IsMissingOrNull(yaml.NewRNode(doc.Content[0])) && holdsService(&doc, service) {
			shiftLines(&doc, bodyLine-1)
			d.root = doc.Content[0]
			d.objects = objectsOf(&doc)
		}
		s.docs = append(s.docs, d)
		line += bytes.Count(chunk, []byte("\n"))
	}
	return s, nil
}

// holdsService tells whether a document holds an object of kind Service with the name, or
// config-domain.
func holdsService(doc *yaml.Node, name string) bool {
	for _, o := range objectsOf(doc) {
		n := resolveAlias(o.node)
		if n == nil {
			continue
		}
		switch scalarAt(n, yaml.MetadataField, yaml.NameField) {
		case name:
			if scalarAt(n, "kind") == "Service" {
				return true
			}
		case DomainConfigMap:
			if scalarAt(n, "kind") == "ConfigMap" {
				return true
			}
		}
	}
	return false
}

// objectsOf lists the objects of a parsed document: its root, or the items of a List.
func objectsOf(doc *yaml.Node) []object {
	root := doc.Content[0]
	if items := listItems(root); items != nil {
		out := make([]object, 0, len(items.Content))
		for i, item := range items.Content {
			out = append(out, object{node: item, parent: items, index: i})
		}
		return out
	}
	return []object{{node: root, parent: doc, index: 0}}
}

// listItems is the items sequence of a `kind: List` (v1 List, or any *List kind kubectl
// prints), or nil.
func listItems(root *yaml.Node) *yaml.Node {
	if kind := scalarAt(root, "kind"); kind != "List" && !strings.HasSuffix(kind, "List") {
		return nil
	}
	items := valueAt(root, "items")
	if items == nil || items.Kind != yaml.SequenceNode {
		return nil
	}
	return items
}

// splitDocuments cuts a stream before each document marker line ("---"), and after each
// document end marker ("..."). A line starting with either is never content in YAML, so the
// cut is exact. Directives (%YAML) stay with the document they precede.
func splitDocuments(base []byte) [][]byte {
	var chunks [][]byte
	start := 0
	directives := false // the current chunk holds directives and no content so far
	for off := 0; off < len(base); {
		end := bytes.IndexByte(base[off:], '\n')
		if end < 0 {
			end = len(base)
		} else {
			end += off + 1
		}
		line := base[off:end]
		switch {
		case isMarker(line) && off > start && !directives:
			chunks = append(chunks, base[start:off])
			start = off
		case isEndMarker(line):
			chunks = append(chunks, base[start:end])
			start, directives = end, false
			off = end
			continue
		}
		trimmed := bytes.TrimSpace(line)
		switch {
		case len(trimmed) > 0 && trimmed[0] == '%' && (off == start || directives):
			directives = true
		case len(trimmed) > 0 && trimmed[0] != '#':
			directives = false
		}
		off = end
	}
	if start < len(base) {
		chunks = append(chunks, base[start:])
	}
	return chunks
}

func isMarker(line []byte) bool {
	return bytes.HasPrefix(line, []byte("---")) && (len(line) == 3 || strings.ContainsRune(" \t\r\n", rune(line[3])))
}

func isEndMarker(line []byte) bool {
	return bytes.HasPrefix(line, []byte("...")) && (len(line) == 3 || strings.ContainsRune(" \t\r\n", rune(line[3])))
}

func firstLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i+1]
	}
	return b
}

// shiftLines adds offset to the line of every node under n (aliases are not followed: the node
// they point to is under the document too).
func shiftLines(n *yaml.Node, offset int) {
	if offset == 0 {
		return
	}
	n.Line += offset
	for _, c := range n.Content {
		shiftLines(c, offset)
	}
}

// apply patches the gateway Service of the stream, or appends a new one, and then config-domain
// when the profile has domains.
func (s *stream) apply(p Patch) ([]byte, schema.Diagnostics, error) {
	var candidates []*yaml.RNode
	where := map[*yaml.Node]*document{}
	for _, d := range s.docs {
		for _, o := range d.objects {
			candidates = append(candidates, yaml.NewRNode(o.node))
			where[o.node] = d
		}
	}
	matches, findings := FindGateway(candidates, p.Spec.Service)
	if findings.HasErrors() {
		return nil, findings, nil
	}
	if len(matches) == 0 {
		svc, err := NewService(p.Spec.Service)
		if err != nil {
			return nil, nil, err
		}
		more, err := p.Edit(svc)
		for i := range more {
			more[i].Line, more[i].Column = 0, 0 // positions in the template, not the file
		}
		findings = append(findings, more...)
		if err != nil || findings.HasErrors() {
			return nil, findings, err
		}
		if d := s.add(svc, &findings, "the Service "+p.Spec.Service.Namespace+"/"+p.Spec.Service.Name); d != nil {
			return nil, findings, nil
		}
	} else {
		target := matches[0]
		d := where[target.YNode()]
		edited, more, err := p.EditLive(target, d)
		findings = append(findings, more...)
		if err != nil || findings.HasErrors() {
			return nil, findings, err
		}
		if err := s.replace(d, target.YNode(), edited.YNode()); err != nil {
			return nil, findings, err
		}
	}
	more, err := s.applyDomains(p)
	findings = append(findings, more...)
	if err != nil || findings.HasErrors() {
		return nil, findings, err
	}
	return s.join(), findings, nil
}

// applyDomains edits config-domain, or adds it when the profile has domains and the stream has
// none.
func (s *stream) applyDomains(p Patch) (schema.Diagnostics, error) {
	var found *yaml.Node
	var doc *document
	for _, d := range s.docs {
		for _, o := range d.objects {
			if IsDomainConfigMap(o.node, p.Spec.Service) {
				if found != nil {
					return schema.Diagnostics{{Severity: schema.SeverityError, Line: o.node.Line, Column: o.node.Column,
						Message: fmt.Sprintf("found 2 ConfigMaps %s/%s; expected at most one", p.Spec.Service.Namespace, DomainConfigMap)}}, nil
				}
				found, doc = o.node, d
			}
		}
	}
	if !needsDomains(p.Spec, found) {
		return nil, nil
	}
	if found == nil {
		cm, err := NewDomainConfigMap(p.Spec.Service.Namespace)
		if err != nil {
			return nil, err
		}
		findings, err := p.EditDomains(cm)
		if err != nil || findings.HasErrors() {
			return findings, err
		}
		s.add(cm, &findings, "config-domain")
		return findings, nil
	}
	cm, diags := withoutAliases(yaml.NewRNode(found), doc)
	if diags.HasErrors() {
		return diags, nil
	}
	edited := cm.Copy()
	findings, err := p.EditDomains(edited)
	if err != nil || findings.HasErrors() {
		return findings, err
	}
	return findings, s.replace(doc, found, edited.YNode())
}

// replace puts node in place of old in document d and writes d anew.
func (s *stream) replace(d *document, old, node *yaml.Node) error {
	for _, o := range d.objects {
		if o.node == old {
			o.parent.Content[o.index] = node
		}
	}
	if len(d.objects) == 1 && d.objects[0].parent.Kind == yaml.DocumentNode {
		d.root = d.objects[0].parent.Content[0]
	}
	for i := range d.objects {
		if d.objects[i].node == old {
			d.objects[i].node = node
		}
	}
	text, err := s.encode(d)
	if err != nil {
		return err
	}
	d.text = text
	return nil
}

// add appends a new object: as a new document of a YAML stream, or as a new item of a JSON
// List. A JSON base that is one object other than a List cannot take it: that is an error
// finding, and the document is returned.
func (s *stream) add(obj *yaml.RNode, findings *schema.Diagnostics, what string) *document {
	if s.json {
		d := s.docs[0]
		items := listItems(d.root)
		if items == nil {
			*findings = append(*findings, schema.Diagnostic{Severity: schema.SeverityError, Line: d.root.Line, Column: d.root.Column,
				Message: fmt.Sprintf("the JSON base is one object, and %s is not in it: slbgw cannot add it; give a List (kind: List, items: [...]) or a YAML stream", what)})
			return d
		}
		items.Content = append(items.Content, obj.YNode())
		text, err := s.encode(d)
		if err != nil {
			*findings = append(*findings, schema.Diagnostic{Severity: schema.SeverityError, Message: err.Error()})
			return d
		}
		d.text = text
		return nil
	}
	text, err := encodeYAML(obj, "")
	if err != nil {
		*findings = append(*findings, schema.Diagnostic{Severity: schema.SeverityError, Message: err.Error()})
		return nil
	}
	if len(s.docs) == 0 {
		s.docs = append(s.docs, &document{text: text})
		return nil
	}
	if last := s.docs[len(s.docs)-1].text; len(last) > 0 && last[len(last)-1] != '\n' {
		s.docs[len(s.docs)-1].text = append(slices.Clone(last), '\n')
	}
	s.docs = append(s.docs, &document{text: append([]byte("---\n"), text...)})
	return nil
}

// encode writes a document anew: as JSON for a JSON base, else as YAML with kyaml's writer, in
// the document's own sequence indentation style, after its "---" line.
func (s *stream) encode(d *document) ([]byte, error) {
	if s.json {
		return encodeJSON(d.root, jsonIndent(d.text))
	}
	text, err := encodeYAML(yaml.NewRNode(d.root), yaml.DeriveSeqIndentStyle(string(d.text)))
	if err != nil {
		return nil, err
	}
	return append(slices.Clone(d.marker), text...), nil
}

func (s *stream) join() []byte {
	var out []byte
	for _, d := range s.docs {
		out = append(out, d.text...)
	}
	return out
}

// withoutAliases returns the Service with its aliases resolved as YAML does (kyaml's DeAnchor,
// on a copy), so it can be edited and written on its own. An anchor inside the Service that
// other parts of its document use cannot be kept once the Service is written anew: that is an
// error naming both places.
func withoutAliases(svc *yaml.RNode, d *document) (*yaml.RNode, schema.Diagnostics) {
	if !HasAliases(svc.YNode()) {
		return svc, nil
	}
	inside := map[*yaml.Node]bool{}
	var mark func(n *yaml.Node)
	mark = func(n *yaml.Node) {
		inside[n] = true
		for _, c := range n.Content {
			mark(c)
		}
	}
	mark(svc.YNode())
	var diags schema.Diagnostics
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.AliasNode && !inside[n] && inside[n.Alias] {
			diags = append(diags, schema.Diagnostic{Severity: schema.SeverityError, Line: n.Line, Column: n.Column,
				Message: fmt.Sprintf("alias *%s refers to an anchor in the gateway Service (line %d): slbgw writes the Service anew and cannot keep the anchor; write the value out instead of the alias",
					n.Value, n.Alias.Line)})
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(d.root)
	if diags != nil {
		return nil, diags
	}
	if p := CheckAliases(svc.YNode()); p != nil {
		return nil, schema.Diagnostics{{Severity: schema.SeverityError, Line: p.Node.Line, Column: p.Node.Column,
			Message: fmt.Sprintf("the Service's aliases expand to more than %d nodes, or an alias refers to a node that contains it", MaxAliasNodes)}}
	}
	out := svc.Copy()
	if err := out.DeAnchor(); err != nil {
		return nil, schema.Diagnostics{{Severity: schema.SeverityError, Line: svc.YNode().Line, Column: svc.YNode().Column,
			Message: fmt.Sprintf("cannot resolve the Service's aliases: %v", err)}}
	}
	return out, nil
}

// duplicateAnnotations reports a key that a mapping of the Service holds twice, such as an
// annotation: most readers take the last, some the first, and slbgw's edit would meet the first,
// so which one the cluster gets is not clear.
func duplicateAnnotations(svc *yaml.RNode) schema.Diagnostics {
	var diags schema.Diagnostics
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		switch n.Kind {
		case yaml.MappingNode:
			seen := make(map[string]*yaml.Node, len(n.Content)/2)
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				field := path + "." + k.Value
				if path == "metadata.annotations" || path == "metadata.labels" {
					field = path + "[" + k.Value + "]"
				}
				field = strings.TrimPrefix(field, ".")
				if first, dup := seen[k.Value]; dup {
					diags = append(diags, schema.Diagnostic{Severity: schema.SeverityError, Line: k.Line, Column: k.Column, Field: field,
						Message: fmt.Sprintf("Duplicate value: already set at line %d; keep one of the two", first.Line)})
					continue
				}
				seen[k.Value] = k
				walk(n.Content[i+1], field)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
	walk(svc.YNode(), "")
	return diags
}

// BaseError is a base manifest stream that cannot be read as Kubernetes resources.
type BaseError struct {
	File string
	Line int // 0 when not known
	Err  error
}

func (e *BaseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *BaseError) Unwrap() error { return e.Err }

// yamlErrorLine turns the line of a go-yaml error, counted in the document, into the file's.
func yamlErrorLine(err error, docLine int) int {
	if n := schema.YAMLErrorLine(err); n > 0 {
		return docLine + n - 1
	}
	return docLine
}
