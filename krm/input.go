package krm

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/fn/framework"
	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/render"
)

// Execute runs p as a KRM function: a ResourceList read from in, the ResourceList (results
// included) written to out, keeping the orchestrators' annotations and each file's sequence
// indentation, as kustomize and kpt expect. The CLI, the tests and the benchmarks all run
// functions through it, so they run the same way.
//
// kyaml's reader is lenient where a function must not be: `items: hello` reads as no items,
// and a misspelt kind as a stream without functionConfig. So when the input looks wrong (kyaml
// fails on it, or it has no items or no functionConfig) the ResourceList is checked as a whole,
// and a malformed one is an *InputError naming the field and line. Aliases are resolved, as YAML
// does, before kyaml sees them: kyaml edits the annotations of every item, and an aliased
// mapping would lose its entries.
func Execute(p framework.ResourceListProcessor, in io.Reader, out io.Writer) error {
	data, err := io.ReadAll(in)
	if err != nil {
		return err
	}
	// An input error is also a ResourceList whose results say what is wrong (kpt shows them).
	fail := func(err error) error {
		var inputErr *InputError
		if errors.As(err, &inputErr) {
			if werr := writeResults(out, &framework.ResourceList{Results: framework.Results{inputErr.result()}}); werr != nil {
				return werr
			}
		}
		return err
	}
	if bytes.ContainsAny(data, "&*") {
		if data, err = resolveAliases(data); err != nil {
			return fail(err)
		}
	}
	if mayHoldHugeAnnotations(data) {
		if err := checkAnnotationSizes(data); err != nil {
			return fail(err)
		}
	}
	ran := false
	guard := framework.ResourceListProcessorFunc(func(rl *framework.ResourceList) error {
		ran = true
		err := checkItems(rl.Items)
		if err == nil && (len(rl.Items) == 0 || rl.FunctionConfig == nil || rl.FunctionConfig.IsNilOrEmpty()) {
			err = checkResourceList(data)
		}
		if err != nil {
			rl.Results = append(rl.Results, err.result())
			return err
		}
		return p.Process(rl)
	})
	err = framework.Execute(guard, &kio.ByteReadWriter{Reader: bytes.NewReader(data), Writer: out, KeepReaderAnnotations: true, PreserveSeqIndent: true})
	if err != nil && !ran {
		if inputErr := checkResourceList(data); inputErr != nil {
			return fail(inputErr) // kyaml could not read the input, so nothing was written
		}
	}
	return err
}

// checkItems refuses an item that is not a Kubernetes object: kyaml reads any mapping, but an
// item without apiVersion or kind is nothing kubectl, kustomize or kpt would apply.
func checkItems(items []*yaml.RNode) *InputError {
	for i, item := range items {
		n := item.YNode()
		for _, field := range []string{"apiVersion", "kind"} {
			if v := item.Field(field); v == nil || yaml.IsMissingOrNull(v.Value) || v.Value.YNode().Value == "" {
				return &InputError{Line: n.Line, Field: fmt.Sprintf("items[%d].%s", i, field),
					Message: "Required value: every item must be a Kubernetes object with an apiVersion and a kind"}
			}
		}
	}
	return nil
}

// result is the error as a ResourceList result.
func (e *InputError) result() *framework.Result {
	r := &framework.Result{Severity: framework.Error, Message: e.Error()}
	if e.Field != "" {
		r.Field = &framework.Field{Path: e.Field}
	}
	return r
}

// writeResults writes a ResourceList with no items and the results.
func writeResults(out io.Writer, rl *framework.ResourceList) error {
	results, err := yaml.Marshal(rl.Results)
	if err != nil {
		return err
	}
	node, err := yaml.Parse(string(results))
	if err != nil {
		return err
	}
	return (&kio.ByteWriter{Writer: out, WrappingAPIVersion: kio.ResourceListAPIVersion, WrappingKind: kio.ResourceListKind, Results: node}).Write(nil)
}

// InputError is a ResourceList that is not one: the function's input is malformed.
type InputError struct {
	Line    int
	Field   string
	Message string
}

func (e *InputError) Error() string {
	where := "ResourceList"
	if e.Line > 0 {
		where = fmt.Sprintf("ResourceList:%d", e.Line)
	}
	if e.Field != "" {
		where += ": " + e.Field
	}
	return where + ": " + e.Message
}

// checkResourceList checks the shape kyaml's reader takes for granted: one mapping of kind
// ResourceList, whose items are a list of mappings and whose functionConfig is a mapping.
func checkResourceList(data []byte) *InputError {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		return &InputError{Message: "not valid YAML: " + err.Error()}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return &InputError{Line: root.Line, Message: "must be a mapping (apiVersion config.kubernetes.io/v1, kind ResourceList)"}
	}
	var more yaml.Node
	if err := dec.Decode(&more); err == nil && len(more.Content) > 0 {
		return &InputError{Line: more.Content[0].Line, Message: "found a second YAML document; a function reads one ResourceList"}
	}
	field := func(name string) *yaml.Node {
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == name {
				return root.Content[i+1]
			}
		}
		return nil
	}
	if kind := field("kind"); kind == nil || kind.Value != "ResourceList" {
		got, line := "", root.Line
		if kind != nil {
			got, line = kind.Value, kind.Line
		}
		msg := fmt.Sprintf("Unsupported value: %q: supported value: \"ResourceList\" (the input of a KRM function)", got)
		if got != "" && strings.EqualFold(strings.TrimRight(got, "s"), "ResourceLis") || strings.HasPrefix(strings.ToLower(got), "resourcel") {
			msg += `, did you mean "ResourceList"?`
		}
		return &InputError{Line: line, Field: "kind", Message: msg}
	}
	if items := field("items"); items != nil && !(items.Kind == yaml.ScalarNode && items.ShortTag() == yaml.NodeTagNull) {
		if items.Kind != yaml.SequenceNode {
			return &InputError{Line: items.Line, Field: "items", Message: fmt.Sprintf("Invalid value: must be a list of Kubernetes objects, got %s", kindName(items))}
		}
		for i, item := range items.Content {
			if item.Kind != yaml.MappingNode {
				return &InputError{Line: item.Line, Field: fmt.Sprintf("items[%d]", i), Message: fmt.Sprintf("Invalid value: must be a Kubernetes object (a mapping), got %s", kindName(item))}
			}
		}
	}
	if fc := field("functionConfig"); fc != nil && fc.Kind != yaml.MappingNode && !(fc.Kind == yaml.ScalarNode && fc.ShortTag() == yaml.NodeTagNull) {
		return &InputError{Line: fc.Line, Field: "functionConfig", Message: fmt.Sprintf("Invalid value: must be an %s profile or a ConfigMap, got %s", "SLBGateway", kindName(fc))}
	}
	return nil
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.ScalarNode:
		return fmt.Sprintf("the scalar %q", clip(n.Value, 40))
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.AliasNode:
		return "an alias"
	}
	return "something else"
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// resolveAliases expands the aliases of a ResourceList, as YAML reads them (kyaml's DeAnchor),
// and writes it again; input without aliases comes back as it is.
func resolveAliases(data []byte) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil || len(doc.Content) == 0 {
		return data, nil // kyaml's reader reports it
	}
	if !render.HasAliases(&doc) {
		return data, nil
	}
	if p := render.CheckAliases(doc.Content[0]); p != nil {
		msg := fmt.Sprintf("the aliases expand to more than %d YAML nodes", render.MaxAliasNodes)
		if p.Cycle {
			msg = fmt.Sprintf("alias *%s refers to a node that contains it", p.Node.Value)
		}
		return nil, &InputError{Line: p.Node.Line, Message: msg}
	}
	root := yaml.NewRNode(doc.Content[0])
	if err := root.DeAnchor(); err != nil {
		return nil, &InputError{Message: "cannot resolve the aliases: " + err.Error()}
	}
	s, err := root.String()
	if err != nil {
		return nil, err
	}
	return []byte(s), nil
}

// mayHoldHugeAnnotations tells, in one pass over the bytes, whether an object of the input may
// carry more annotations than the API server accepts: a block under an "annotations:" key, or a
// single line, longer than render.MaxAnnotationBytes. Only then is the input parsed to check:
// kyaml's reader spends time quadratic in the number of annotations of an object.
func mayHoldHugeAnnotations(data []byte) bool {
	if len(data) <= render.MaxAnnotationBytes {
		return false
	}
	blockIndent, blockBytes := -1, 0
	for len(data) > 0 {
		end := bytes.IndexByte(data, '\n')
		if end < 0 {
			end = len(data)
		}
		line := data[:end]
		data = data[min(end+1, len(data)):]
		if len(line) > render.MaxAnnotationBytes {
			return true
		}
		content := bytes.TrimLeft(line, " ")
		indent := len(line) - len(content)
		if blockIndent >= 0 {
			if len(content) == 0 || indent > blockIndent {
				if blockBytes += len(line); blockBytes > render.MaxAnnotationBytes {
					return true
				}
				continue
			}
			blockIndent = -1
		}
		if bytes.HasPrefix(content, []byte("annotations:")) {
			blockIndent, blockBytes = indent, 0
		}
	}
	return false
}

// checkAnnotationSizes refuses an item whose annotations hold more than the API server accepts.
func checkAnnotationSizes(data []byte) error {
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil || len(doc.Content) == 0 {
		return nil // kyaml's reader reports it
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "items" || root.Content[i+1].Kind != yaml.SequenceNode {
			continue
		}
		for j, item := range root.Content[i+1].Content {
			if d := render.AnnotationsTooLarge(item); d != nil {
				return &InputError{Line: d.Line, Field: fmt.Sprintf("items[%d].%s", j, d.Field), Message: d.Message}
			}
		}
	}
	return nil
}
