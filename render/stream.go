package render

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"unicode/utf16"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/change"
	"github.com/slbgw/slbgw/schema"
)

// Manifests applies the profile to base, a manifest stream (YAML documents, or one JSON
// document; nil for none), and returns the stream to write. The gateway Service and config-domain
// are edited where they are, by splicing the owned entries into the bytes (see splice.go): every
// other byte of the stream, those documents' included, comes out as it came in. Without a gateway
// Service, the new Service is appended (to a JSON base's List). baseName names base in findings,
// whose lines and columns are the file's.
func Manifests(f Filter, base []byte, baseName string) ([]byte, schema.Diagnostics, error) {
	out, _, findings, err := ManifestsEdits(f, base, baseName)
	return out, findings, err
}

// ReadLive reads the gateway Service from a stream that `kubectl get -o yaml|json` printed (the
// Service, a List holding it, or several documents), with the checks render --base runs on a
// base: documents that are Kubernetes objects, no key twice, aliases resolved within bounds,
// annotations within the API server's limit. config-domain, when the stream holds it too
// (kubectl get svc,cm … -o yaml), comes back as domain; nil otherwise. Findings name file.
func (f Filter) ReadLive(data []byte, file string) (svc, domain *yaml.RNode, findings schema.Diagnostics, err error) {
	live, findings, err := f.ReadLiveObjects(data, file)
	if err != nil || findings.HasErrors() {
		return nil, nil, findings, err
	}
	if live.Service == nil {
		findings = append(findings, schema.Diagnostic{Severity: schema.SeverityError, File: file,
			Message: fmt.Sprintf("no Service %s/%s: give the live gateway Service (kubectl get svc -n %s %s -o yaml)",
				f.Spec.Service.Namespace, f.Spec.Service.Name, f.Spec.Service.Namespace, f.Spec.Service.Name)})
		return nil, nil, findings, nil
	}
	return live.Service, live.Domain, findings, nil
}

// LiveObjects are the objects of a gateway that a file of live objects holds, each nil when
// absent: the Service (its aliases resolved, checked as render checks it), config-domain, and,
// where the Knative Operator owns the Service, the KnativeServing.
type LiveObjects struct {
	Service, Domain, KnativeServing *yaml.RNode
}

// ReadLiveObjects reads what `kubectl get -o yaml` printed (an object, a List, a stream) and
// returns the gateway's objects in it, checked as render --base checks a base.
func (f Filter) ReadLiveObjects(data []byte, file string) (live LiveObjects, findings schema.Diagnostics, err error) {
	var s *stream
	if isJSON(data) {
		s, err = readJSON(data, file)
	} else {
		s, err = readYAML(data, file, f.Spec.Service.Name)
	}
	if err != nil {
		return LiveObjects{}, nil, err
	}
	roots := make([]*yaml.Node, len(s.docs))
	for i, d := range s.docs {
		roots[i] = d.root
	}
	objects := objectsOf(roots)
	found, cm, findings := f.locate(objects)
	if !findings.HasErrors() && found != nil {
		var more schema.Diagnostics
		// The Service as the controller reads it; the operator's profile is checked on the
		// KnativeServing, so the Service is read as a Service the profile owns.
		g := f
		if f.Spec.ByOperator() {
			spec := *f.Spec
			spec.Service.Owner = schema.OwnerService
			g = Filter{Spec: &spec}
		}
		live.Service, _, _, more, err = g.editServiceOnly(yaml.NewRNode(found.node), s.docs[found.item].root)
		findings = append(findings, more...)
	}
	if !findings.HasErrors() && cm != nil {
		var more schema.Diagnostics
		live.Domain, more = withoutAliases(yaml.NewRNode(cm.node), s.docs[cm.item].root)
		findings = append(findings, more...)
		if !more.HasErrors() {
			findings = append(findings, duplicateKeys(live.Domain)...)
		}
	}
	if !findings.HasErrors() && f.Spec.ByOperator() {
		ks, more := f.locateKnativeServing(objects)
		findings = append(findings, more...)
		if ks != nil && !more.HasErrors() {
			live.KnativeServing, more = withoutAliases(yaml.NewRNode(ks.node), s.docs[ks.item].root)
			findings = append(findings, more...)
			if !more.HasErrors() {
				findings = append(findings, duplicateKeys(live.KnativeServing)...)
			}
		}
	}
	for i := range findings {
		findings[i].File = file
	}
	if err != nil || findings.HasErrors() {
		return LiveObjects{}, findings, err
	}
	return live, findings, nil
}

// Edited is what a render did to a base: the gateway Service and config-domain as the base has
// them (aliases resolved; nil when absent), and the edits applied to each.
type Edited struct {
	Service, Domain           *yaml.RNode
	ServiceEdits, DomainEdits []change.Edit
	// KnativeServing is the KnativeServing as read, where the operator owns the Service.
	KnativeServing *yaml.RNode
}

// ManifestsEdits is Manifests, also returning what it edited.
func ManifestsEdits(f Filter, base []byte, baseName string) ([]byte, *Edited, schema.Diagnostics, error) {
	s, edited, findings, err := renderStream(f, base, baseName)
	if err != nil || findings.HasErrors() {
		return nil, nil, findings, err
	}
	return s.join(), edited, findings, nil
}

// renderStream reads base and applies the profile to it: the stream with its documents edited.
func renderStream(f Filter, base []byte, baseName string) (*stream, *Edited, schema.Diagnostics, error) {
	var s *stream
	var err error
	var decoded schema.Diagnostics
	if text, ok := fromUTF16(base); ok {
		base = text
		decoded = schema.Diagnostics{{Severity: schema.SeverityWarning, Code: schema.WarnUTF16Base, Line: 1, Column: 1,
			Message: "the file is UTF-16 (it starts with a byte order mark, as Windows PowerShell's > writes): read as such; the output is UTF-8"}}
	}
	switch {
	case len(bytes.TrimSpace(base)) == 0:
		// No base: the new Service alone (and config-domain for a profile with domains).
		s, baseName = &stream{}, fmt.Sprintf("new Service %s/%s", f.Spec.Service.Namespace, f.Spec.Service.Name)
	case isJSON(base):
		s, err = readJSON(base, baseName)
	default:
		s, err = readYAML(base, baseName, f.Spec.Service.Name)
	}
	if err != nil {
		return nil, nil, nil, err
	}
	edited, findings, err := s.apply(f)
	findings = append(decoded, findings...)
	for i := range findings {
		findings[i].File = baseName
	}
	return s, edited, findings, err
}

// fromUTF16 is a UTF-16 text (one that starts with a byte order mark, FF FE or FE FF) as UTF-8,
// without the mark; ok is false for any other text. The byte writer edits UTF-8 bytes.
func fromUTF16(text []byte) ([]byte, bool) {
	var order binary.ByteOrder
	switch {
	case bytes.HasPrefix(text, []byte{0xFF, 0xFE}):
		order = binary.LittleEndian
	case bytes.HasPrefix(text, []byte{0xFE, 0xFF}):
		order = binary.BigEndian
	default:
		return nil, false
	}
	units := make([]uint16, 0, len(text)/2)
	for i := 2; i+1 < len(text); i += 2 {
		units = append(units, order.Uint16(text[i:]))
	}
	return []byte(string(utf16.Decode(units))), true
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

// document is one document of the stream: its text and, when it holds an object slbgw looks
// for, its parsed root with lines counted from the start of the file.
type document struct {
	text      []byte
	marker    []byte // the "---" line that starts it, if any
	firstLine int    // the file line of text's first byte
	root      *yaml.Node
	// edits are the objects of the document to edit, with their edits.
	edits []objectEdits
	// rewritten is true when the document could not be edited in place and was written anew.
	rewritten bool
	// added is true for a document slbgw appends (a created Service or config-domain).
	added bool
}

// objectEdits are the edits of one object of a document: the object as parsed (positions of
// the file), and as edited.
type objectEdits struct {
	node, edited *yaml.Node
	edits        []change.Edit
	// entry is, for a KnativeServing, the name of its spec.services entry the edits are for.
	entry string
}

// readYAML cuts a YAML stream at its document markers and parses each document on its own, so
// that lines are the file's and each document can be written back as it was. A document that is
// not a Kubernetes object (a mapping with apiVersion and kind) is an error, as it is for kubectl
// and kustomize; an empty one (comments only) is kept. Only documents that hold a Service named
// service or config-domain keep their parsed nodes: the others are written back as text, and a
// large base must not hold every document's nodes in memory at once.
func readYAML(base []byte, name, service string) (*stream, error) {
	s := &stream{name: name}
	line := 1
	for _, chunk := range splitDocuments(base) {
		d := &document{text: chunk, firstLine: line}
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
		if len(doc.Content) > 0 && !isNull(doc.Content[0]) {
			shiftLines(&doc, bodyLine-1)
			if err := checkObject(doc.Content[0], name); err != nil {
				return nil, err
			}
			if holdsService(&doc, service) {
				d.root = doc.Content[0]
			}
		}
		s.docs = append(s.docs, d)
		line += bytes.Count(chunk, []byte("\n"))
	}
	return s, nil
}

// checkObject refuses a document that is not a Kubernetes object: a mapping with apiVersion and
// kind. The items of a List must be objects too.
func checkObject(root *yaml.Node, file string) error {
	n := resolveAlias(root)
	if n.Kind != yaml.MappingNode {
		return &BaseError{File: file, Line: root.Line, Err: fmt.Errorf("invalid value: a document must be a Kubernetes object (a mapping with apiVersion and kind), got %s", nodeKindName(n))}
	}
	for _, field := range []string{"apiVersion", "kind"} {
		if scalarAt(n, field) == "" {
			return &BaseError{File: file, Line: root.Line, Err: fmt.Errorf("%s: required value: a Kubernetes object has an apiVersion and a kind", field)}
		}
	}
	if items := listItems(n); items != nil {
		for i, item := range items.Content {
			if it := resolveAlias(item); it == nil || it.Kind != yaml.MappingNode {
				return &BaseError{File: file, Line: item.Line, Err: fmt.Errorf("items[%d]: invalid value: must be a Kubernetes object (a mapping), got %s", i, nodeKindName(it))}
			}
		}
	}
	return nil
}

func nodeKindName(n *yaml.Node) string {
	switch {
	case n == nil:
		return "nothing"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.Kind == yaml.ScalarNode:
		return "a scalar"
	}
	return "a mapping"
}

// holdsService tells whether a document holds an object of kind Service with the name, or
// config-domain.
func holdsService(doc *yaml.Node, name string) bool {
	for _, o := range objectsOf([]*yaml.Node{doc.Content[0]}) {
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
		if scalarAt(n, "kind") == KnativeServingKind {
			return true
		}
	}
	return false
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

// apply edits the gateway Service of the stream, or appends a new one, and then config-domain.
// The walk and the edits are Filter's; only the writing differs: into the documents' bytes.
func (s *stream) apply(f Filter) (*Edited, schema.Diagnostics, error) {
	roots := make([]*yaml.Node, len(s.docs))
	for i, d := range s.docs {
		roots[i] = d.root
	}
	steps, findings := f.walk(objectsOf(roots))
	if findings.HasErrors() {
		return nil, findings, nil
	}
	result := &Edited{}
	for _, st := range steps {
		if st.found == nil {
			created, more, err := st.create()
			findings = append(findings, more...)
			if err != nil || findings.HasErrors() {
				return nil, findings, err
			}
			if created != nil && s.add(created, &findings, st.what) != nil {
				return nil, findings, nil
			}
			continue
		}
		d := s.docs[st.found.item]
		edited, edits, more, err := st.edit(yaml.NewRNode(st.found.node), d.root)
		findings = append(findings, more...)
		if err != nil || findings.HasErrors() {
			return nil, findings, err
		}
		switch st.kind {
		case "Service":
			result.Service, result.ServiceEdits = yaml.NewRNode(st.found.node), edits
		case "ConfigMap":
			result.Domain, result.DomainEdits = yaml.NewRNode(st.found.node), edits
		default:
			result.KnativeServing = yaml.NewRNode(st.found.node)
		}
		if edited != nil {
			o := objectEdits{node: st.found.node, edited: edited.YNode(), edits: edits}
			if st.kind == KnativeServingKind {
				o.entry = f.Spec.Service.Name
			}
			d.edits = append(d.edits, o)
		}
	}
	for _, d := range s.docs {
		if len(d.edits) > 0 {
			if err := s.write(d); err != nil {
				return nil, findings, err
			}
		}
	}
	return result, findings, nil
}

// write writes a document's edits: spliced into its bytes when they read back as the edited
// objects, or else the document written anew (an object with anchors, a null or flow mapping
// slbgw cannot edit in place).
func (s *stream) write(d *document) error {
	spliced, ok := spliceEdits(d.text, d.firstLine, d.edits)
	for _, e := range d.edits {
		s.replaceNode(d, e.node, e.edited)
	}
	if ok && sameAsParsed(spliced[len(d.marker):], d.root) {
		d.text = spliced
		return nil
	}
	text, err := s.encode(d)
	if err != nil {
		return err
	}
	d.text, d.rewritten = text, true
	return nil
}

// replaceNode puts node in place of old in the document's parsed tree.
func (s *stream) replaceNode(d *document, old, node *yaml.Node) {
	if d.root == old {
		d.root = node
		return
	}
	if items := listItems(resolveAlias(d.root)); items != nil {
		for i, n := range items.Content {
			if n == old {
				items.Content[i] = node
			}
		}
	}
}

// sameAsParsed tells whether text reads as the same data as root.
func sameAsParsed(text []byte, root *yaml.Node) bool {
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(text)).Decode(&doc); err != nil || len(doc.Content) == 0 {
		return false
	}
	return sameNode(doc.Content[0], root)
}

// sameNode tells whether two nodes hold the same data: kind, resolved tag and value, the same
// items in order, the same mapping entries in any order, aliases followed; styles, positions and comments aside. It compares the
// trees rather than decoded values, which fail on what YAML allows and Go maps do not (a
// mapping as a key: "? a: 1").
func sameNode(a, b *yaml.Node) bool {
	return sameNodeDepth(a, b, 0)
}

// sameMapping tells whether two mappings have the same entries, in any order (a key written
// where kyaml would append it is the same data). Scalar keys are matched by value; another key
// (a mapping as a key) is looked for among the other mapping's non-scalar keys. A key given
// twice (a duplicate slbgw reports but does not own) matches its twin in order.
func sameMapping(a, b *yaml.Node, depth int) bool {
	byKey := map[string][]*yaml.Node{}
	var complexKeys []int
	for i := 0; i+1 < len(b.Content); i += 2 {
		if k := resolveAlias(b.Content[i]); k != nil && k.Kind == yaml.ScalarNode {
			key := k.ShortTag() + " " + k.Value
			byKey[key] = append(byKey[key], b.Content[i+1])
		} else {
			complexKeys = append(complexKeys, i)
		}
	}
	for i := 0; i+1 < len(a.Content); i += 2 {
		k := resolveAlias(a.Content[i])
		if k != nil && k.Kind == yaml.ScalarNode {
			key := k.ShortTag() + " " + k.Value
			values := byKey[key]
			if len(values) == 0 || !sameNodeDepth(a.Content[i+1], values[0], depth+1) {
				return false
			}
			byKey[key] = values[1:]
			continue
		}
		if !slices.ContainsFunc(complexKeys, func(j int) bool {
			return sameNodeDepth(a.Content[i], b.Content[j], depth+1) && sameNodeDepth(a.Content[i+1], b.Content[j+1], depth+1)
		}) {
			return false
		}
	}
	return true
}

func sameNodeDepth(a, b *yaml.Node, depth int) bool {
	a, b = resolveAlias(a), resolveAlias(b)
	switch {
	case a == nil || b == nil:
		return a == b
	case depth > 10000:
		return false // an alias cycle: never the same as a text read back
	case a.Kind != b.Kind || len(a.Content) != len(b.Content):
		return false
	case a.Kind == yaml.ScalarNode:
		return a.ShortTag() == b.ShortTag() && a.Value == b.Value
	case a.Kind == yaml.MappingNode:
		return sameMapping(a, b, depth)
	}
	for i := range a.Content {
		if !sameNodeDepth(a.Content[i], b.Content[i], depth+1) {
			return false
		}
	}
	return true
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
	// The "---" line; join puts a line break before it when the text before lacks one (the base's
	// last document's own text stays as it was read, so its edits are spliced at its positions,
	// and an edit may yet give it its line break).
	s.docs = append(s.docs, &document{text: append([]byte("---\n"), text...), added: true})
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
		if d.added && len(out) > 0 && out[len(out)-1] != '\n' {
			out = append(out, '\n')
		}
		out = append(out, d.text...)
	}
	return out
}

// withoutAliases returns the Service with its aliases resolved as YAML does (kyaml's DeAnchor,
// on a copy), so it can be edited and written on its own. An anchor inside the Service that
// other parts of its document use cannot be kept once the Service is written anew: that is an
// error naming both places.
func withoutAliases(svc *yaml.RNode, docRoot *yaml.Node) (*yaml.RNode, schema.Diagnostics) {
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
	walk(docRoot)
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

// duplicateKeys reports a key that a mapping of the Service holds twice, such as an
// annotation: most readers take the last, some the first, and slbgw's edit would meet the first,
// so which one the cluster gets is not clear.
func duplicateKeys(svc *yaml.RNode) schema.Diagnostics {
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
