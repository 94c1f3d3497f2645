package schema

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// MaxProfileBytes bounds the size of a profile file. A real profile is well under a kilobyte;
// the bound keeps a wrong file (or a hostile one) from costing time and memory.
const MaxProfileBytes = 1 << 20

// maxValueNodes bounds how many YAML nodes a profile may expand to, aliases included, so an
// alias bomb ("billion laughs") fails fast instead of exhausting memory.
const maxValueNodes = 10000

// locator turns dotted field paths into positions in the profile's source.
type locator struct {
	file string
	root *yaml.Node // the profile's mapping node; nil when there is none
}

func (l locator) diagnostic(sev Severity, node *yaml.Node, field, format string, args ...any) Diagnostic {
	d := Diagnostic{Severity: sev, File: l.file, Field: field, Message: fmt.Sprintf(format, args...)}
	if node != nil {
		d.Line, d.Column = node.Line, node.Column
	}
	return d
}

// errorf reports an error at the value of field (or at the nearest parent that exists).
func (l locator) errorf(field, format string, args ...any) Diagnostic {
	return l.diagnostic(SeverityError, l.valueNode(field), field, format, args...)
}

// warnf reports a warning at the value of field (or at the nearest parent that exists).
func (l locator) warnf(code, field, format string, args ...any) Diagnostic {
	d := l.diagnostic(SeverityWarning, l.valueNode(field), field, format, args...)
	d.Code = code
	return d
}

// valueNode finds the node of a dotted path; for a path that does not exist it returns the key
// of the deepest parent that does, so "missing field" errors point at the object that lacks it.
func (l locator) valueNode(field string) *yaml.Node {
	key, value := l.lookup(splitField(field))
	if value != nil {
		return value
	}
	return key
}

// lookup walks the path through mappings. It returns the key and value nodes of the last
// segment found; value is nil when the whole path was not found.
func (l locator) lookup(path []string) (key, value *yaml.Node) {
	node := l.root
	key = l.root
	for _, seg := range path {
		node = resolveAlias(node)
		if node != nil && node.Kind == yaml.SequenceNode {
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(node.Content) {
				return key, nil
			}
			key, node = node.Content[i], node.Content[i]
			continue
		}
		if node == nil || node.Kind != yaml.MappingNode {
			return key, nil
		}
		found := false
		for i := 0; i+1 < len(node.Content); i += 2 {
			if node.Content[i].Value == seg {
				key, node, found = node.Content[i], node.Content[i+1], true
				break
			}
		}
		if !found {
			return key, nil
		}
	}
	return key, node
}

func splitField(field string) []string {
	if field == "" {
		return nil
	}
	return strings.Split(field, ".")
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for depth := 0; n != nil && n.Kind == yaml.AliasNode && depth < 100; depth++ {
		n = n.Alias
	}
	return n
}

// parseDocument reads exactly one YAML document from data and returns its root content node.
// Every failure is a located Diagnostic.
func parseDocument(file string, data []byte) (*yaml.Node, Diagnostics) {
	fail := func(line, col int, format string, args ...any) (*yaml.Node, Diagnostics) {
		return nil, Diagnostics{{Severity: SeverityError, File: file, Line: line, Column: col, Message: fmt.Sprintf(format, args...)}}
	}
	if len(data) > MaxProfileBytes {
		return fail(0, 0, "file is %d bytes; a profile may be at most %d bytes", len(data), MaxProfileBytes)
	}
	if !utf8.Valid(data) {
		line, col := invalidUTF8Position(data)
		return fail(line, col, "not valid UTF-8: a profile must be UTF-8 text")
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []*yaml.Node
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, col := yamlErrorPosition(err, data)
			return fail(line, col, "not valid YAML: %s", YAMLErrorText(err))
		}
		docs = append(docs, &doc)
	}
	var nonEmpty []*yaml.Node
	for _, d := range docs {
		if len(d.Content) > 0 && !(d.Content[0].Kind == yaml.ScalarNode && d.Content[0].ShortTag() == yaml.NodeTagNull) {
			nonEmpty = append(nonEmpty, d)
		}
	}
	switch len(nonEmpty) {
	case 0:
		return fail(1, 1, "empty document: expected an %s profile (apiVersion %s)", Kind, APIVersion)
	case 1:
	default:
		second := nonEmpty[1].Content[0]
		return fail(second.Line, second.Column, "found %d YAML documents; a profile file holds exactly one %s", len(nonEmpty), Kind)
	}
	return nonEmpty[0].Content[0], nil
}

// yamlErrorPosition says where a go-yaml error points: the line its message names (column 1),
// or, for the messages that name none, the place found in the text: the first control
// character, the alias of an unknown anchor. 0, 0 when neither tells.
func yamlErrorPosition(err error, data []byte) (line, col int) {
	if line := YAMLErrorLine(err); line > 0 {
		return line, 1
	}
	offset := -1
	msg := err.Error()
	switch {
	case strings.Contains(msg, "control characters are not allowed"):
		offset = bytes.IndexFunc(data, func(r rune) bool {
			return (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f
		})
	case unknownAnchorRE.MatchString(msg):
		offset = bytes.Index(data, []byte("*"+unknownAnchorRE.FindStringSubmatch(msg)[1]))
	}
	if offset < 0 {
		return 0, 0
	}
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
	return line, col
}

var unknownAnchorRE = regexp.MustCompile(`unknown anchor '([^']*)' referenced`)

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): `)

// YAMLErrorLine extracts the 1-based line from a go-yaml error message ("yaml: line 3: ..."); 0
// when it names none. go-yaml counts the lines of its parser's errors ("did not find expected
// ...") from 0 and those of its scanner from 1; this says the line of the file either way.
func YAMLErrorLine(err error) int {
	m := yamlLineRE.FindStringSubmatch(err.Error())
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	if strings.HasPrefix(yamlLineRE.ReplaceAllString(err.Error(), ""), "did not find expected") {
		n++
	}
	return n
}

// YAMLErrorText is a go-yaml error message without its "yaml: line N:" prefix.
func YAMLErrorText(err error) string {
	s := yamlLineRE.ReplaceAllString(err.Error(), "")
	return strings.TrimPrefix(s, "yaml: ")
}

func invalidUTF8Position(data []byte) (line, col int) {
	line, col = 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		data = data[size:]
	}
	return line, col
}

// jsonValue converts a YAML node into the value JSON Schema validates (map[string]any, []any,
// string, int64, float64, bool, nil). It rejects what JSON cannot hold or what would make the
// profile ambiguous: duplicate keys, merge keys, non-scalar keys, non-finite numbers, and
// alias expansions beyond maxValueNodes.
func jsonValue(at locator, root *yaml.Node) (any, Diagnostics) {
	c := converter{at: at, budget: maxValueNodes, textBudget: MaxProfileBytes}
	v := c.convert(root, nil)
	return v, c.diags
}

type converter struct {
	at     locator
	budget int
	// textBudget bounds the bytes of the keys and values a profile expands to, so that a
	// functionConfig (which has no file size to check) is held to MaxProfileBytes too.
	textBudget int
	diags      Diagnostics
	// expanding holds the anchored nodes whose aliases are being expanded, to catch an alias
	// inside the node it refers to.
	expanding map[*yaml.Node]bool
}

func (c *converter) fail(n *yaml.Node, path []string, format string, args ...any) {
	c.diags = append(c.diags, c.at.diagnostic(SeverityError, n, strings.Join(path, "."), format, args...))
}

func (c *converter) convert(n *yaml.Node, path []string) any {
	if c.budget--; c.budget < 0 {
		if c.budget == -1 {
			c.fail(n, path, "the document expands to more than %d YAML nodes (aliases included); a profile is far smaller", maxValueNodes)
		}
		return nil
	}
	switch n.Kind {
	case yaml.AliasNode:
		if c.expanding[n.Alias] {
			c.fail(n, path[:min(len(path), 8)], "alias *%s refers to a node that contains it", n.Value)
			return nil
		}
		if c.expanding == nil {
			c.expanding = map[*yaml.Node]bool{}
		}
		c.expanding[n.Alias] = true
		defer delete(c.expanding, n.Alias)
		return c.convert(n.Alias, path)
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return c.convert(n.Content[0], path)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for i, item := range n.Content {
			out = append(out, c.convert(item, append(path, strconv.Itoa(i))))
		}
		return out
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		seen := make(map[string]*yaml.Node, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				c.fail(k, path, "mapping keys must be strings")
				continue
			}
			if k.ShortTag() == yaml.MergeTag {
				c.fail(k, path, "merge keys (<<) are not supported in a profile; write the fields out")
				continue
			}
			field := append(path, k.Value) // safe to share: fail joins it at once
			if first, dup := seen[k.Value]; dup {
				c.fail(k, field, "Duplicate value: %q is already set at line %d", k.Value, first.Line)
				continue
			}
			seen[k.Value] = k
			out[k.Value] = c.convert(v, field)
		}
		return out
	case yaml.ScalarNode:
		if c.textBudget -= len(n.Value); c.textBudget < 0 {
			if c.textBudget+len(n.Value) >= 0 {
				c.fail(n, path, "the profile holds more than %d bytes of keys and values (aliases included); a profile is far smaller", MaxProfileBytes)
			}
			return nil
		}
		return c.scalar(n, path)
	}
	c.fail(n, path, "unsupported YAML node")
	return nil
}

func (c *converter) scalar(n *yaml.Node, path []string) any {
	switch n.ShortTag() {
	case yaml.NodeTagNull:
		return nil
	case yaml.NodeTagBool:
		var b bool
		if err := n.Decode(&b); err == nil {
			return b
		}
	case yaml.NodeTagInt:
		if i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil {
			return i
		}
		var i int64
		if err := n.Decode(&i); err == nil {
			return i
		}
		c.fail(n, path, "Invalid value: %s: integer out of range", n.Value)
		return nil
	case yaml.NodeTagFloat:
		var f float64
		if err := n.Decode(&f); err == nil {
			if math.IsInf(f, 0) || math.IsNaN(f) {
				c.fail(n, path, "Invalid value: %s: not a finite number", n.Value)
				return nil
			}
			return f
		}
	}
	return n.Value
}
