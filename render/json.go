package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/schema"
)

// A JSON base (kubectl get -o json, or a generator's output) comes back as JSON: the same
// document with the Service edited, keys in their order, in the base's indentation. YAML flow
// style is not JSON (jq cannot read it), and block YAML would change the file's format.

// isJSON tells a JSON document from a YAML stream by its first significant character.
func isJSON(base []byte) bool {
	trimmed := bytes.TrimLeft(base, " \t\r\n\ufeff")
	return len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[')
}

// readJSON parses a JSON base as its one document (JSON is YAML, so lines and columns are the
// file's).
func readJSON(base []byte, name string) (*stream, error) {
	if !json.Valid(base) {
		var v any
		err := json.Unmarshal(base, &v)
		line := 0
		if se, ok := err.(*json.SyntaxError); ok {
			line = bytes.Count(base[:min(int(se.Offset), len(base))], []byte("\n")) + 1
		}
		return nil, &BaseError{File: name, Line: line, Err: fmt.Errorf("not valid JSON: %v", err)}
	}
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(base)).Decode(&doc); err != nil {
		return nil, &BaseError{File: name, Line: yamlErrorLine(err, 1), Err: fmt.Errorf("not valid JSON: %s", schema.YAMLErrorText(err))}
	}
	if err := checkObject(doc.Content[0], name); err != nil {
		return nil, err
	}
	d := &document{text: base, firstLine: 1, root: doc.Content[0]}
	return &stream{name: name, json: true, docs: []*document{d}}, nil
}

// jsonIndent is the indentation of the base's first indented line; two spaces by default.
func jsonIndent(text []byte) string {
	for _, line := range bytes.Split(text, []byte("\n"))[1:] {
		if n := len(line) - len(bytes.TrimLeft(line, " \t")); n > 0 && len(bytes.TrimSpace(line)) > 0 {
			return string(line[:n])
		}
	}
	return "  "
}

// encodeJSON writes a parsed document as indented JSON, mapping keys in their order, followed by
// a newline.
func encodeJSON(n *yaml.Node, indent string) ([]byte, error) {
	var b bytes.Buffer
	if err := writeJSON(&b, n, indent, 0); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

func writeJSON(b *bytes.Buffer, n *yaml.Node, indent string, depth int) error {
	n = resolveAlias(n)
	pad := func(d int) { b.WriteString("\n" + strings.Repeat(indent, d)) }
	switch n.Kind {
	case yaml.MappingNode:
		if len(n.Content) == 0 {
			b.WriteString("{}")
			return nil
		}
		b.WriteByte('{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			if i > 0 {
				b.WriteByte(',')
			}
			pad(depth + 1)
			key, _ := json.Marshal(n.Content[i].Value)
			b.Write(key)
			b.WriteString(": ")
			if err := writeJSON(b, n.Content[i+1], indent, depth+1); err != nil {
				return err
			}
		}
		pad(depth)
		b.WriteByte('}')
	case yaml.SequenceNode:
		if len(n.Content) == 0 {
			b.WriteString("[]")
			return nil
		}
		b.WriteByte('[')
		for i, c := range n.Content {
			if i > 0 {
				b.WriteByte(',')
			}
			pad(depth + 1)
			if err := writeJSON(b, c, indent, depth+1); err != nil {
				return err
			}
		}
		pad(depth)
		b.WriteByte(']')
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case yaml.NodeTagNull:
			b.WriteString("null")
		case yaml.NodeTagBool, yaml.NodeTagInt, yaml.NodeTagFloat:
			var v any
			if err := n.Decode(&v); err != nil {
				return fmt.Errorf("writing JSON: %v", err)
			}
			out, err := json.Marshal(v)
			if err != nil {
				return fmt.Errorf("writing JSON: %v", err)
			}
			b.Write(out)
		default:
			out, _ := json.Marshal(n.Value)
			b.Write(out)
		}
	default:
		return fmt.Errorf("writing JSON: unexpected YAML node kind %d", n.Kind)
	}
	return nil
}

// Reformat writes a manifest stream in format: "json" (one document as an indented JSON object,
// several as a v1 List of them, as kubectl get -o json prints them, keys in their order) or
// "yaml" (documents separated by "---"). A stream already in that format comes back as it is,
// byte for byte.
func Reformat(stream []byte, format string) ([]byte, error) {
	if (format == "json") == isJSON(stream) {
		return stream, nil
	}
	var roots []*yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(stream))
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			if err.Error() == "EOF" {
				break
			}
			return nil, fmt.Errorf("reading the output to write it as %s: %w", format, err)
		}
		if len(doc.Content) > 0 && !isNull(doc.Content[0]) {
			roots = append(roots, doc.Content[0])
		}
	}
	if format == "yaml" {
		var out []byte
		for i, root := range roots {
			text, err := encodeYAML(yaml.NewRNode(root), "")
			if err != nil {
				return nil, err
			}
			if i > 0 {
				out = append(out, "---\n"...)
			}
			out = append(out, text...)
		}
		return out, nil
	}
	if len(roots) == 1 {
		return encodeJSON(roots[0], "    ")
	}
	list := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
		{Kind: yaml.ScalarNode, Value: "apiVersion"}, {Kind: yaml.ScalarNode, Value: "v1", Tag: yaml.NodeTagString},
		{Kind: yaml.ScalarNode, Value: "kind"}, {Kind: yaml.ScalarNode, Value: "List", Tag: yaml.NodeTagString},
		{Kind: yaml.ScalarNode, Value: "items"}, {Kind: yaml.SequenceNode, Content: roots},
	}}
	return encodeJSON(list, "    ")
}
