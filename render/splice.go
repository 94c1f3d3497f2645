package render

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/change"
	"github.com/slbgw/slbgw/schema"
)

// What `render --base` writes lands in users' repositories, so its diff must be only the lines
// slbgw owns. Instead of encoding the edited object again (which would re-indent it, move
// comments, normalise spacing and line endings), the edits are spliced into the document's
// bytes at the positions the parser gives: a changed value replaces its entry, a removed key
// takes its entry's lines with it, a new key is appended to its mapping in the mapping's own
// style and indentation, with the file's line ending. The caller checks that the result reads
// back as the edited object; where it cannot (see spliceEdits), the document is written anew.

// splicer edits one document's text.
type splicer struct {
	text      []byte
	firstLine int   // the file line of text's first byte
	lines     []int // offset of each line's start
	eol       string
	edits     []replacement
	// filled are the flow mappings fillEmpty wrote into, so that a second fill adds to the first.
	filled map[*yaml.Node]filling
	// objectStep is the nesting step of the object being edited (nestedStep), for a mapping
	// that shows none of its own.
	objectStep int
}

// replacement puts text in place of text[start:end].
type replacement struct {
	start, end int
	text       string
	// indent is the indentation of inserted lines: of insertions at one offset (a null filled
	// under the last key of a mapping, entries appended to that mapping and to its parent), the
	// deeper come first.
	indent int
}

func newSplicer(text []byte, firstLine int) *splicer {
	s := &splicer{text: text, firstLine: firstLine, lines: []int{0}, eol: "\n"}
	for i, c := range text {
		if c == '\n' {
			s.lines = append(s.lines, i+1)
		}
	}
	if bytes.Contains(text, []byte("\r\n")) {
		s.eol = "\r\n"
	}
	return s
}

// spliceEdits writes the edits of each object, already applied to the objects' parsed copies,
// into the document's text. ok is false where slbgw cannot edit the bytes in place: an aliased
// or anchored object, a target mapping that is null or an alias, a key not alone at the start of
// its line in a block mapping; the caller then writes the document anew.
func spliceEdits(text []byte, firstLine int, objects []objectEdits) ([]byte, bool) {
	s := newSplicer(text, firstLine)
	for _, o := range objects {
		if HasAliases(o.node) {
			return nil, false
		}
		s.objectStep = nestedStep(o.node)
		groups := map[change.Target][]change.Edit{}
		var order []change.Target
		for _, e := range o.edits {
			if e.Op == change.Keep {
				continue
			}
			if _, seen := groups[e.Target]; !seen {
				order = append(order, e.Target)
			}
			groups[e.Target] = append(groups[e.Target], e)
		}
		// A KnativeServing without spec (or with a null one) gets its edited spec whole, after
		// the record in its metadata.
		spec := valueAt(o.node, "spec")
		noSpec := o.entry != "" && (spec == nil || isNull(spec))
		if noSpec {
			order = slices.DeleteFunc(order, func(t change.Target) bool { return t != change.Annotations })
		}
		for _, t := range order {
			parent, key, edited := o.node, t.Path(), valueAt(o.edited, t.Path())
			switch {
			case t == change.Annotations:
				parent, key = valueAt(o.node, yaml.MetadataField), yaml.AnnotationsField
				edited = valueAt(o.edited, yaml.MetadataField, yaml.AnnotationsField)
			case t == change.ServiceEntry:
				// The KnativeServing's entry of the gateway Service (a new entry is written anew).
				parent, key = serviceEntryNode(o.node, o.entry), yaml.AnnotationsField
				edited = valueAt(serviceEntryNode(o.edited, o.entry), yaml.AnnotationsField)
			case t == change.Data && o.entry != "":
				parent, key = valueAt(o.node, "spec", "config"), "domain"
				edited = valueAt(o.edited, "spec", "config", "domain")
				if done, ok := s.editConfig(o, groups[t]); !ok {
					return nil, false
				} else if done {
					continue
				}
			}
			if parent == nil && !slices.ContainsFunc(groups[t], func(e change.Edit) bool { return e.Op == change.Set }) {
				continue // nothing to remove from a mapping that is not there
			}
			if parent == nil && t == change.ServiceEntry {
				// A new entry of the gateway Service, after the list's last one, or the list
				// itself.
				if !s.appendServiceEntry(valueAt(o.node, "spec"), o.entry, groups[t]) {
					return nil, false
				}
				continue
			}
			if parent == nil || parent.Kind != yaml.MappingNode {
				return nil, false
			}
			if !s.editMapping(parent, key, groups[t], edited) {
				return nil, false
			}
		}
		if noSpec && !s.writeSpec(o) {
			return nil, false
		}
	}
	return s.apply()
}

// editConfig writes the domain edits of a KnativeServing where spec.config itself changes: it
// goes when slbgw empties it; a null one, or a missing one, gets the domains. done is false
// when spec.config is a mapping that editMapping edits.
func (s *splicer) editConfig(o objectEdits, edits []change.Edit) (done, ok bool) {
	spec, config := valueAt(o.node, "spec"), valueAt(o.node, "spec", "config")
	if spec == nil || spec.Kind != yaml.MappingNode {
		return false, true
	}
	edited := valueAt(o.edited, "spec", "config")
	domains := []entry{{key: "domain", mapping: setEntries(edits)}}
	switch at := keyIndex(spec, "config"); {
	case config != nil && edited == nil:
		// Emptied by slbgw, spec.config goes with spec.config.domain.
		return true, s.removeEntry(spec, at)
	case config != nil && isNull(config):
		// config: (null): the domains in its place (in a flow spec, the entry anew).
		switch {
		case edited.Kind != yaml.MappingNode || len(edited.Content) == 0:
			return true, true
		case isFlow(spec):
			return true, s.replaceEntry(spec, at, entry{key: "config", mapping: domains})
		}
		return true, s.fillNull(spec.Content[at], config, edited, s.step(spec))
	case at < 0:
		// No spec.config: it comes with the domains, after spec's last entry.
		if len(domains[0].mapping) == 0 {
			return true, true
		}
		return true, s.appendEntries(spec, []entry{{key: "config", mapping: domains}})
	}
	return false, true
}

// setEntries are the Set edits, as entries to write.
func setEntries(edits []change.Edit) []entry {
	var out []entry
	for _, e := range edits {
		if e.Op == change.Set {
			out = append(out, entry{key: e.Key, value: e.Value})
		}
	}
	return out
}

// writeSpec writes the edited spec of an object that has none, or a null one: after the
// object's last entry, or in place of the null.
func (s *splicer) writeSpec(o objectEdits) bool {
	edited := valueAt(o.edited, "spec")
	root := resolveAlias(o.node)
	if edited == nil || edited.Kind != yaml.MappingNode || root.Kind != yaml.MappingNode || isFlow(root) {
		return edited == nil
	}
	at := keyIndex(root, "spec")
	if at < 0 {
		return s.appendEntries(root, []entry{{key: "spec", node: edited}})
	}
	return s.fillNull(root.Content[at], root.Content[at+1], edited, s.step(root))
}

// serviceEntryNode is the KnativeServing's spec.services entry named name, nil when absent.
func serviceEntryNode(ks *yaml.Node, name string) *yaml.Node {
	list := valueAt(ks, "spec", "services")
	if list == nil || list.Kind != yaml.SequenceNode {
		return nil
	}
	for _, item := range list.Content {
		if item.Kind == yaml.MappingNode && scalarAt(item, yaml.NameField) == name {
			return item
		}
	}
	return nil
}

// appendServiceEntry appends to a KnativeServing's block list spec.services an entry of name
// with the Set edits as its annotations, in the list's own indentation; without the list, the
// list with that entry, at the end of the block mapping spec.
func (s *splicer) appendServiceEntry(spec *yaml.Node, name string, edits []change.Edit) bool {
	annotations := setEntries(edits)
	if spec == nil || spec.Kind != yaml.MappingNode {
		return false
	}
	list := valueAt(spec, "services")
	item := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
		yaml.NewStringRNode(yaml.NameField).YNode(), yaml.NewStringRNode(name).YNode(),
		yaml.NewStringRNode(yaml.AnnotationsField).YNode(), entryValue(entry{mapping: annotations})}}
	seq := &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{item}}
	itemEntries := []entry{{key: yaml.NameField, value: name}, {key: yaml.AnnotationsField, mapping: annotations}}
	switch {
	case list == nil && isFlow(spec) && keyIndex(spec, "services") < 0:
		// A flow spec ({...}): the list, in JSON form, after its last entry.
		return s.appendEntries(spec, []entry{{key: "services", json: "[" + flowItem(itemEntries) + "]"}})
	case list == nil && !isFlow(spec) && keyIndex(spec, "services") < 0:
		// No spec.services: the list, with the entry, after spec's last entry (a compact
		// sequence, as kyaml writes one).
		return s.appendEntries(spec, []entry{{key: "services", node: seq}})
	case list != nil && isNull(list) && !isFlow(spec):
		// services: (null): the list in its place.
		return s.fillNull(spec.Content[keyIndex(spec, "services")], list, seq, s.step(spec))
	case list != nil && isNull(list):
		// {services: null}: the entry written anew, with the list in JSON form.
		return s.replaceEntry(spec, keyIndex(spec, "services"), entry{key: "services", json: "[" + flowItem(itemEntries) + "]"})
	case list != nil && list.Kind == yaml.SequenceNode && isFlow(list):
		// A flow list ([] or [{name: a}]): the entry in JSON form before its "]".
		return s.appendFlowItem(list, itemEntries)
	}
	if list == nil || list.Kind != yaml.SequenceNode || isFlow(list) || len(list.Content) == 0 {
		return false
	}
	last := list.Content[len(list.Content)-1]
	// The last item's dash: before the item on its line, or alone on a line above it (with a
	// comment, or blank lines, between).
	start, ok := s.offset(last)
	if !ok {
		return false
	}
	row := last.Line - s.firstLine
	before := s.text[s.lines[row]:start]
	for {
		if i := bytes.Index(before, []byte(" #")); i >= 0 {
			before = before[:i]
		}
		if bytes.HasPrefix(bytes.TrimLeft(before, " "), []byte("#")) {
			before = nil // a comment line
		}
		if len(bytes.TrimSpace(before)) > 0 {
			break
		}
		if row--; row < 0 {
			return false
		}
		before = bytes.TrimRight(s.text[s.lines[row]:s.lines[row+1]], "\r\n")
	}
	before = bytes.TrimRight(before, " \t")
	for { // the item's properties (a tag, an anchor) after its dash
		i := bytes.LastIndexAny(before, " \t")
		if i < 0 || (before[i+1] != '!' && before[i+1] != '&') {
			break
		}
		before = bytes.TrimRight(before[:i], " \t")
	}
	dash := len(before) - 1
	if !bytes.Equal(bytes.TrimLeft(before, " "), []byte("-")) {
		return false // the item does not start its line with its dash
	}
	itemIndent := dash + 2 // "- name", as kyaml writes an item
	if last.Kind == yaml.MappingNode && !isFlow(last) && len(last.Content) > 0 && row == last.Content[0].Line-s.firstLine {
		itemIndent = max(last.Content[0].Column-1, dash+2) // the last item's own ("-   name")
	}
	end, ok := s.end(last, dash, false)
	if !ok {
		return false
	}
	var b strings.Builder
	at := len(s.text)
	if nl := bytes.IndexByte(s.text[end:], '\n'); nl >= 0 {
		at = end + nl + 1
	}
	b.WriteString(strings.Repeat(" ", dash) + "-" + strings.Repeat(" ", itemIndent-dash-1) + "name: " + name + s.eol)
	step := 2 // the item's own nesting step, from a block mapping it holds
	for _, c := range last.Content {
		if c.Kind == yaml.MappingNode && !isFlow(c) && len(c.Content) > 0 && c.Content[0].Line > last.Line {
			if d := c.Content[0].Column - 1 - itemIndent; d > 0 {
				step = d
				break
			}
		}
	}
	b.WriteString(s.blockEntry(entry{key: yaml.AnnotationsField, mapping: annotations}, itemIndent, step))
	s.edits = append(s.edits, replacement{at, at, b.String(), dash})
	return true
}

// appendFlowItem appends a mapping of entries to a flow sequence, before its closing bracket.
func (s *splicer) appendFlowItem(list *yaml.Node, entries []entry) bool {
	end, ok := s.end(list, 0, true)
	if !ok || end == 0 || s.text[end-1] != ']' {
		return false
	}
	text := flowItem(entries)
	if len(list.Content) > 0 {
		last, ok := s.end(list.Content[len(list.Content)-1], 0, true)
		if !ok {
			return false
		}
		s.edits = append(s.edits, replacement{last, last, ", " + text, 0})
		return true
	}
	s.edits = append(s.edits, replacement{end - 1, end - 1, text, 0})
	return true
}

// flowItem is a mapping of entries in JSON form, on one line.
func flowItem(entries []entry) string {
	parts := make([]string, len(entries))
	for i, e := range entries {
		parts[i] = flowEntry(e, "", "", "")
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// editMapping applies edits to the mapping at key in parent, creating it when it is absent.
func (s *splicer) editMapping(parent *yaml.Node, key string, edits []change.Edit, edited *yaml.Node) bool {
	var m *yaml.Node
	at := keyIndex(parent, key)
	if at >= 0 {
		m = parent.Content[at+1]
	}
	var added []entry
	if m == nil || isNull(m) {
		added = setEntries(edits)
		switch {
		case len(added) == 0:
			return true
		case m == nil:
			return s.appendEntries(parent, []entry{{key: key, mapping: added}})
		}
		if isFlow(parent) {
			// "annotations": null in JSON: the entry is written anew, with the mapping.
			return s.replaceEntry(parent, at, entry{key: key, mapping: added})
		}
		return s.fillNull(parent.Content[at], m, entryValue(entry{mapping: added}), s.step(parent))
	}
	if m.Kind != yaml.MappingNode {
		return false // null, an alias, a scalar: written anew
	}
	removed, before := 0, len(s.edits)
	for _, e := range edits {
		i := keyIndex(m, e.Key)
		switch {
		case e.Op == change.Clear && i >= 0:
			if !s.removeEntry(m, i) {
				return false
			}
			removed++
		case e.Op == change.Set && i >= 0:
			v := m.Content[i+1]
			if v.Kind == yaml.ScalarNode && v.ShortTag() == yaml.NodeTagString && v.Value == e.Value {
				continue
			}
			style := yaml.Style(0)
			if n := valueAt(edited, e.Key); n != nil {
				style = n.Style
			}
			if !s.replaceEntry(m, i, entry{key: e.Key, value: e.Value, style: style}) {
				return false
			}
		case e.Op == change.Set:
			added = append(added, entry{key: e.Key, value: e.Value})
		}
	}
	if removed > 0 && removed == len(m.Content)/2 && len(added) == 0 {
		// Emptied by slbgw: the mapping goes, as kyaml drops empty annotations.
		s.edits = s.edits[:before]
		return s.removeEntry(parent, keyIndex(parent, key))
	}
	if len(added) == 0 {
		return true
	}
	if removed > 0 && removed == len(m.Content)/2 && isFlow(m) {
		// Every entry replaced ({"old": ""} to {"new": "v"}): there is no kept entry to append
		// after, so the flow mapping is written anew, in its place.
		s.edits = s.edits[:before]
		return s.fillEmpty(m, added)
	}
	return s.appendEntries(m, added)
}

// fillNull gives a block mapping's null value ("annotations:" or "annotations: null") a
// value, a mapping or a sequence: the null's text goes, the key's line keeps its comment, and
// the value follows on lines of its own, as kyaml writes it under the key.
func (s *splicer) fillNull(key, null, value *yaml.Node, step int) bool {
	keyStart, ok := s.offset(key)
	if !ok {
		return false
	}
	start, ok := s.offset(null)
	if !ok {
		return false
	}
	end, ok := s.end(null, key.Column-1, false)
	if !ok || start < keyStart {
		return false
	}
	if end > start { // "null", "~": the text goes with the space before it
		for start > keyStart && s.text[start-1] == ' ' {
			start--
		}
		s.edits = append(s.edits, replacement{start, end, "", 0})
	}
	var b strings.Builder
	at := len(s.text)
	if nl := bytes.IndexByte(s.text[end:], '\n'); nl >= 0 {
		at = end + nl + 1
	}
	// The entry as kyaml writes it, without its key's line.
	_, lines, _ := strings.Cut(s.blockEntry(entry{key: key.Value, node: value}, key.Column-1, step), s.eol)
	b.WriteString(lines)
	s.edits = append(s.edits, replacement{at, at, b.String(), key.Column})
	return true
}

// entry is a key to write, with a string value or a mapping of entries. style is the value's
// style in the edited object: kyaml keeps a replaced value's quoting, and so does the splice.
type entry struct {
	key, value string
	style      yaml.Style
	mapping    []entry
	node       *yaml.Node // a value written as it is (a new spec.services list), in block style only
	json       string     // a value already in JSON form, in flow style only
}

// keyIndex is the index in m.Content of the first key named key, or -1.
func keyIndex(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return i
		}
	}
	return -1
}

func isFlow(m *yaml.Node) bool { return m.Style&yaml.FlowStyle != 0 }

// replaceEntry writes key: value in place of the entry at i, keeping what follows it on its line
// (a comment).
func (s *splicer) replaceEntry(m *yaml.Node, i int, e entry) bool {
	start, ok := s.offset(m.Content[i])
	end, ok2 := s.end(m.Content[i+1], m.Content[i].Column-1, isFlow(m))
	if !ok || !ok2 {
		return false
	}
	var text string
	if isFlow(m) {
		text = flowEntry(e, "", "", s.eol)
	} else {
		text = s.blockEntry(e, m.Content[i].Column-1, s.step(m))
		text = strings.TrimLeft(text, " ")
		text = strings.TrimSuffix(text, s.eol)
	}
	s.edits = append(s.edits, replacement{start, end, text, 0})
	return true
}

// removeEntry removes the entry at i: in a block mapping its whole lines, its line comment
// included; in a flow mapping the entry and one comma.
func (s *splicer) removeEntry(m *yaml.Node, i int) bool {
	start, ok := s.offset(m.Content[i])
	end, ok2 := s.end(m.Content[i+1], m.Content[i].Column-1, isFlow(m))
	if !ok || !ok2 {
		return false
	}
	if isFlow(m) {
		switch {
		case i > 0:
			prevEnd, ok := s.end(m.Content[i-1], m.Content[i-2].Column-1, true)
			if !ok {
				return false
			}
			start = prevEnd
		case i+2 < len(m.Content):
			next, ok := s.offset(m.Content[i+2])
			if !ok {
				return false
			}
			end = next
		}
		s.edits = append(s.edits, replacement{start, end, "", 0})
		return true
	}
	lineStart := s.lines[m.Content[i].Line-s.firstLine]
	if len(bytes.TrimLeft(s.text[lineStart:start], " ")) > 0 {
		return false // not alone on its line ("- key: v")
	}
	rest := s.text[end:]
	lineEnd := bytes.IndexByte(rest, '\n')
	if lineEnd < 0 {
		lineEnd = len(rest) - 1
	}
	if tail := bytes.TrimSpace(rest[:lineEnd+1]); len(tail) > 0 && tail[0] != '#' {
		return false
	}
	s.edits = append(s.edits, replacement{lineStart, end + lineEnd + 1, "", 0})
	return true
}

// appendEntries adds entries at the end of mapping m, in its style.
func (s *splicer) appendEntries(m *yaml.Node, entries []entry) bool {
	if len(m.Content) == 0 {
		return s.fillEmpty(m, entries)
	}
	lastKey, lastValue := m.Content[len(m.Content)-2], m.Content[len(m.Content)-1]
	end, ok := s.end(lastValue, lastKey.Column-1, isFlow(m))
	if !ok {
		return false
	}
	indent := lastKey.Column - 1
	step := s.step(m)
	var b strings.Builder
	if isFlow(m) {
		sep, inner := " ", ""
		if lastKey.Line != m.Line {
			sep, inner = s.eol+strings.Repeat(" ", indent), strings.Repeat(" ", indent)
		}
		for _, e := range entries {
			b.WriteString("," + sep + flowEntry(e, inner, strings.Repeat(" ", step), s.eol))
		}
		s.edits = append(s.edits, replacement{end, end, b.String(), 0})
		return true
	}
	// After the line the mapping ends on (its line comment stays there).
	at := len(s.text)
	if nl := bytes.IndexByte(s.text[end:], '\n'); nl >= 0 {
		at = end + nl + 1
	}
	for _, e := range entries {
		b.WriteString(s.blockEntry(e, indent, step))
	}
	s.edits = append(s.edits, replacement{at, at, b.String(), indent})
	return true
}

// fillEmpty writes entries into an empty flow mapping ({}), or in place of every entry of one.
func (s *splicer) fillEmpty(m *yaml.Node, entries []entry) bool {
	if first, ok := s.filled[m]; ok {
		// Filled once already (the services, then the domains, into spec: {}): that edit gives
		// way to one text with both.
		s.edits[first.edit] = replacement{s.edits[first.edit].start, s.edits[first.edit].start, "", 0}
		entries = append(append([]entry{}, first.entries...), entries...)
	}
	start, ok := s.offset(m)
	if !ok || start >= len(s.text) || s.text[start] != '{' {
		return false
	}
	end, ok := s.end(m, 0, true)
	if !ok {
		return false
	}
	line := s.text[s.lines[m.Line-s.firstLine]:]
	outer := len(line) - len(bytes.TrimLeft(line, " "))
	step := 2
	if json := isJSON(s.text); json {
		step = len(jsonIndent(s.text))
	}
	pretty := isJSON(s.text) && len(s.lines) > 2 // pretty-printed JSON: entries on lines of their own
	inner := ""                                  // else all on the mapping's line
	if pretty {
		inner = strings.Repeat(" ", outer+step)
	}
	var parts []string
	for _, e := range entries {
		parts = append(parts, flowEntry(e, inner, strings.Repeat(" ", step), s.eol))
	}
	text := "{" + strings.Join(parts, ", ") + "}"
	if pretty {
		inner := s.eol + strings.Repeat(" ", outer+step)
		text = "{" + inner + strings.Join(parts, ","+inner) + s.eol + strings.Repeat(" ", outer) + "}"
	}
	if s.filled == nil {
		s.filled = map[*yaml.Node]filling{}
	}
	s.filled[m] = filling{edit: len(s.edits), entries: entries}
	s.edits = append(s.edits, replacement{start, end, text, 0})
	return true
}

// filling is what fillEmpty wrote into a flow mapping: its edit's index, and the entries.
type filling struct {
	edit    int
	entries []entry
}

// nestedStep is the indentation the first nested block mapping under n adds to its key, in
// document order; 0 when there is none.
func nestedStep(n *yaml.Node) int {
	switch {
	case n == nil:
	case n.Kind == yaml.MappingNode && !isFlow(n):
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, v := n.Content[i], n.Content[i+1]
			if v.Kind == yaml.MappingNode && !isFlow(v) && len(v.Content) > 0 && v.Content[0].Line > key.Line {
				if d := v.Content[0].Column - key.Column; d > 0 {
					return d
				}
			}
			if d := nestedStep(v); d > 0 {
				return d
			}
		}
	case n.Kind == yaml.SequenceNode:
		for _, item := range n.Content {
			if d := nestedStep(item); d > 0 {
				return d
			}
		}
	}
	return 0
}

// step is the indentation a mapping's children add: its keys' column minus its parent key's,
// from the mapping's own nested mappings, else the object's (objectStep); 2 when neither shows
// one.
func (s *splicer) step(m *yaml.Node) int {
	if len(m.Content) > 0 {
		line := s.text[s.lines[m.Content[0].Line-s.firstLine]:]
		indent := len(line) - len(bytes.TrimLeft(line, " "))
		for _, c := range m.Content {
			if c.Kind == yaml.MappingNode && !isFlow(c) && len(c.Content) > 0 && c.Content[0].Line > m.Content[0].Line {
				if d := c.Content[0].Column - 1 - indent; d > 0 {
					return d
				}
			}
		}
	}
	if s.objectStep > 0 {
		return s.objectStep
	}
	return 2
}

// blockEntry writes an entry as a block mapping's lines at indent, as kyaml writes it, with the
// file's line ending.
func (s *splicer) blockEntry(e entry, indent, step int) string {
	node := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{yaml.NewStringRNode(e.key).YNode(), entryValue(e)}}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(step)
	if err := enc.Encode(node); err != nil {
		return ""
	}
	_ = enc.Close()
	pad := strings.Repeat(" ", indent)
	var b strings.Builder
	for _, line := range strings.SplitAfter(strings.TrimSuffix(buf.String(), "\n"), "\n") {
		if strings.TrimSpace(line) != "" {
			b.WriteString(pad)
		}
		b.WriteString(strings.TrimSuffix(line, "\n") + s.eol)
	}
	return b.String()
}

func entryValue(e entry) *yaml.Node {
	if e.node != nil {
		return e.node
	}
	if e.mapping == nil {
		n := schema.StringNode(e.value).YNode()
		if e.style != 0 {
			n.Style = e.style
		}
		return n
	}
	m := &yaml.Node{Kind: yaml.MappingNode}
	for _, c := range e.mapping {
		m.Content = append(m.Content, yaml.NewStringRNode(c.key).YNode(), entryValue(c))
	}
	return m
}

// flowEntry writes an entry in JSON form ("key": "value"), which every flow mapping reads; a
// mapping value goes on lines of its own at inner+step.
func flowEntry(e entry, inner, step, eol string) string {
	key, _ := json.Marshal(e.key)
	if e.json != "" {
		return string(key) + ": " + e.json
	}
	if e.mapping == nil {
		value, _ := json.Marshal(e.value)
		return string(key) + ": " + string(value)
	}
	var parts []string
	for _, c := range e.mapping {
		parts = append(parts, flowEntry(c, inner+step, step, eol))
	}
	if inner == "" {
		return string(key) + ": {" + strings.Join(parts, ", ") + "}"
	}
	return string(key) + ": {" + eol + inner + step + strings.Join(parts, ","+eol+inner+step) + eol + inner + "}"
}

// apply writes the replacements; false when two overlap.
func (s *splicer) apply() ([]byte, bool) {
	// By offset; at one offset, insertions first (a replacement there would otherwise overlap
	// them), the deeper first.
	rank := func(r replacement) int {
		if r.start == r.end {
			return -r.indent
		}
		return 1
	}
	slices.SortStableFunc(s.edits, func(a, b replacement) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return rank(a) - rank(b)
	})
	var out []byte
	at := 0
	broke := len(s.text) == 0 || s.text[len(s.text)-1] == '\n'
	for _, r := range s.edits {
		if r.start < at || r.end < r.start {
			return nil, false
		}
		out = append(out, s.text[at:r.start]...)
		if r.start == len(s.text) && r.end == r.start && !broke && strings.HasSuffix(r.text, s.eol) {
			// Lines inserted after a last byte that ends no line: the line break it lacks.
			out = append(out, s.eol...)
			broke = true
		}
		out = append(out, r.text...)
		at = r.end
	}
	return append(out, s.text[at:]...), true
}

// offset is the byte offset of a node's first character (its anchor or tag, if any).
func (s *splicer) offset(n *yaml.Node) (int, bool) {
	i := n.Line - s.firstLine
	if i < 0 || i >= len(s.lines) {
		return 0, false
	}
	off := s.lines[i]
	for col := 1; col < n.Column; col++ {
		if off >= len(s.text) || s.text[off] == '\n' {
			return 0, false
		}
		_, size := utf8.DecodeRune(s.text[off:])
		off += size
	}
	return off, true
}

// end is the byte offset just past a node's last character. indent is the indentation of the
// mapping that holds it (a block scalar's lines are indented more); flow tells whether it sits
// in a flow collection.
func (s *splicer) end(n *yaml.Node, indent int, flow bool) (int, bool) {
	start, ok := s.offset(n)
	if !ok {
		return 0, false
	}
	t := s.text
	p := start
	// Properties: an anchor, a tag.
	for p < len(t) && (t[p] == '&' || t[p] == '!') {
		for p < len(t) && !isSpace(t[p]) {
			p++
		}
		for p < len(t) && (t[p] == ' ' || t[p] == '\t') {
			p++
		}
	}
	switch {
	case n.Kind == yaml.AliasNode:
		for p < len(t) && !isSpace(t[p]) && !strings.ContainsRune(",]}", rune(t[p])) {
			p++
		}
		return p, true
	case n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode:
		if n.Style&yaml.FlowStyle != 0 {
			return s.flowEnd(n, p)
		}
		if len(n.Content) == 0 {
			return 0, false
		}
		last := n.Content[len(n.Content)-1]
		childIndent := max(last.Column-3, 0) // "- item"
		if n.Kind == yaml.MappingNode {
			childIndent = n.Content[len(n.Content)-2].Column - 1
		}
		return s.end(last, childIndent, false)
	}
	if p >= len(t) {
		return p, true
	}
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		for q := p + 1; q < len(t); q++ {
			switch t[q] {
			case '\\':
				q++
			case '"':
				return q + 1, true
			}
		}
		return 0, false
	case n.Style&yaml.SingleQuotedStyle != 0:
		for q := p + 1; q < len(t); q++ {
			if t[q] == '\'' {
				if q+1 < len(t) && t[q+1] == '\'' {
					q++
					continue
				}
				return q + 1, true
			}
		}
		return 0, false
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		end := trimCR(t, lineEnd(t, p))
		for q := end + 1; q < len(t); {
			e := lineEnd(t, q)
			line := t[q:e]
			content := bytes.TrimLeft(line, " ")
			if len(bytes.TrimSpace(line)) > 0 {
				if len(line)-len(content) <= indent {
					break
				}
				end = trimCR(t, e)
			}
			q = e + 1
		}
		return end, true
	case n.Value == "" && n.ShortTag() == yaml.NodeTagNull:
		return p, true // "key:" with nothing after it
	}
	// A plain scalar: to a comment or the end of the line (in a flow collection, to , ] or }),
	// then the lines that continue it, indented more than its mapping.
	end := p
	for q := p; q < len(t) && t[q] != '\n' && t[q] != '\r'; q++ {
		if t[q] == '#' && q > p && isSpace(t[q-1]) {
			break
		}
		if flow && strings.ContainsRune(",]}", rune(t[q])) {
			break
		}
		if !isSpace(t[q]) {
			end = q + 1
		}
	}
	if flow {
		return end, true
	}
	// Continuation lines, blank ones among them (a plain scalar folds them into line breaks).
	for q := lineEnd(t, end) + 1; q < len(t); {
		e := lineEnd(t, q)
		line := t[q:e]
		content := bytes.TrimLeft(line, " ")
		if len(bytes.TrimSpace(content)) == 0 {
			q = e + 1
			continue
		}
		if content[0] == '#' || len(line)-len(content) <= indent {
			break
		}
		end = q + len(bytes.TrimRight(line, " \t\r"))
		q = e + 1
	}
	return end, true
}

// flowEnd is the offset just past the flow collection n that starts at p: after its last
// item (read from the parsed node, so a quote inside a plain scalar, as in {a"b: c}, is no
// quote), its bracket, past spaces, line breaks, comments and a trailing comma.
func (s *splicer) flowEnd(n *yaml.Node, p int) (int, bool) {
	t := s.text
	q := p + 1 // past the opening bracket
	for _, c := range n.Content {
		e, ok := s.end(c, 0, true)
		if !ok {
			return 0, false
		}
		q = max(q, e)
	}
	for ; q < len(t); q++ {
		switch c := t[q]; {
		case c == '}' || c == ']':
			return q + 1, true
		case c == '#' && isSpace(t[q-1]):
			q = lineEnd(t, q)
		case !isSpace(c) && c != ',':
			return 0, false
		}
	}
	return 0, false
}

// lineEnd is the offset of the newline ending the line that holds p (before a \r), or len(t).
func lineEnd(t []byte, p int) int {
	e := bytes.IndexByte(t[p:], '\n')
	if e < 0 {
		return len(t)
	}
	return p + e
}

// trimCR steps back over the \r of a CRLF line ending at e.
func trimCR(t []byte, e int) int {
	if e > 0 && e <= len(t) && t[e-1] == '\r' {
		return e - 1
	}
	return e
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
