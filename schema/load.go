package schema

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// JSONSchema is the generated JSON Schema (draft 2020-12) of a profile, as checked in.
//
//go:embed gateway.schema.json
var JSONSchema []byte

// SchemaID is the $id of the generated schema, where editors may fetch it from; it also names
// the embedded schema inside the validator.
const SchemaID = "https://slbgw.dev/schemas/v1alpha1/gateway.schema.json"

var compiled = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(string(JSONSchema)))
	if err != nil {
		return nil, fmt.Errorf("reading the embedded schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaID, doc); err != nil {
		return nil, fmt.Errorf("loading the embedded schema: %w", err)
	}
	return c.Compile(SchemaID)
})

// Load decodes one profile from data, validates it against the schema and the controller's
// rules, and fills its defaults. file names the source in diagnostics. The profile is nil when
// any diagnostic is an error; warnings come back either way.
func Load(file string, data []byte) (*Profile, Diagnostics) {
	root, diags := parseDocument(file, data)
	if diags != nil {
		return nil, diags
	}
	return LoadNode(file, root)
}

// LoadNode is Load for a profile already parsed, such as a KRM function's functionConfig.
func LoadNode(file string, root *yaml.Node) (*Profile, Diagnostics) {
	at := locator{file: file, root: root}
	instance, diags := jsonValue(at, root)
	if diags != nil {
		diags.sort()
		return nil, diags
	}
	if _, ok := instance.(map[string]any); !ok {
		return nil, Diagnostics{at.errorf("", "expected a mapping: an %s profile with apiVersion %s", Kind, APIVersion)}
	}
	diags = validateInstance(at, instance)
	p, err := decode(instance)
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil:
		// The Go rules run even after schema errors, so the user sees every error at once.
		diags = append(diags, checkProfile(p, at)...)
	case diags.HasErrors():
		// The schema has said what is wrong; the decoding error adds nothing.
	case errors.As(err, &typeErr) && typeErr.Field != "":
		// The schema's "integer" admits integers beyond int64 (YAML reads them as floats).
		diags = append(diags, at.errorf(typeErr.Field, "Invalid value: out of range for %s", typeErr.Type))
	default:
		// The schema admitted something the Go types cannot hold: a bug in the schema.
		diags = append(diags, at.errorf("", "internal error: %v", err))
	}
	diags.sort()
	if diags.HasErrors() {
		return nil, diags
	}
	p.Default()
	p.Spec.source = at
	return p, diags
}

// decode turns a validated instance into a Profile. Metadata is an open object in the schema, so
// only its exact-case known fields are decoded: encoding/json matches names case-insensitively,
// and "Annotations: 0" (which the schema lets through as an extra field) must not land in
// Metadata.Annotations.
func decode(instance any) (*Profile, error) {
	if doc, ok := instance.(map[string]any); ok {
		if meta, ok := doc["metadata"].(map[string]any); ok {
			known := map[string]any{}
			for _, name := range []string{"name", "namespace", "labels", "annotations"} {
				if v, ok := meta[name]; ok {
					known[name] = v
				}
			}
			doc = maps.Clone(doc)
			doc["metadata"] = known
			instance = doc
		}
	}
	b, err := json.Marshal(instance)
	if err != nil {
		return nil, err
	}
	var p Profile
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// Default fills the fields whose default slbgw applies itself. Load calls it; library users
// who build a Profile in Go call it before rendering.
func (p *Profile) Default() {
	if p.Spec.Service.Name == "" {
		p.Spec.Service.Name = DefaultServiceName
	}
	if p.Spec.Service.Namespace == "" {
		p.Spec.Service.Namespace = DefaultServiceNamespace
	}
}

// validateInstance runs the JSON Schema validator and turns its error tree into diagnostics.
func validateInstance(at locator, instance any) Diagnostics {
	sch, err := compiled()
	if err != nil {
		return Diagnostics{at.errorf("", "internal error: %v", err)}
	}
	err = sch.Validate(instance)
	if err == nil {
		return nil
	}
	verr, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return Diagnostics{at.errorf("", "internal error: %v", err)}
	}
	var diags Diagnostics
	rulesSeen := map[string]bool{}
	for _, leaf := range leaves(verr) {
		if r, object, ok := ruleFor(leaf.SchemaURL); ok {
			field := object + "." + r.If
			if !rulesSeen[field+"\x00"+r.Message] {
				rulesSeen[field+"\x00"+r.Message] = true
				diags = append(diags, at.errorf(field, "%s", r.Message))
			}
			continue
		}
		diags = append(diags, describe(at, leaf)...)
	}
	return diags
}

func leaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}

// ruleFor tells whether a validator error (by its schema URL, ending in
// #<object>/allOf/<i>/then/...) comes from a rule table, and which rule and object it is.
func ruleFor(schemaURL string) (FieldRule, string, bool) {
	_, pointer, ok := strings.Cut(schemaURL, "#")
	if !ok {
		return FieldRule{}, "", false
	}
	m := ruleRE.FindStringSubmatch(pointer)
	if m == nil {
		return FieldRule{}, "", false
	}
	set, ok := ruleSets()[m[1]]
	i, err := strconv.Atoi(m[2])
	if !ok || err != nil || i >= len(set.rules) {
		return FieldRule{}, "", false
	}
	return set.rules[i], set.field, true
}

var ruleRE = regexp.MustCompile(`^(.*)/allOf/(\d+)/then(/|$)`)

var english = message.NewPrinter(language.English)

// describe phrases one validator error the way Kubernetes API field errors read.
func describe(at locator, e *jsonschema.ValidationError) Diagnostics {
	loc := e.InstanceLocation
	field := fieldPath(loc)
	errorf := func(format string, args ...any) Diagnostics {
		return Diagnostics{at.diagnostic(SeverityError, at.nodeAt(loc), field, format, args...)}
	}
	switch k := e.ErrorKind.(type) {
	case *kind.AdditionalProperties:
		var ds Diagnostics
		for _, name := range k.Properties {
			path := append(loc[:len(loc):len(loc)], name)
			allowed := allowedProperties(loc)
			// A removed field says why; a likely typo gets its fix; otherwise the list of what
			// is allowed there.
			msg := "unknown field"
			if why, removed := removedFields[fieldPath(path)]; removed {
				msg = "Forbidden: removed: " + why
			} else if s := closest(name, allowed); s != "" {
				msg += fmt.Sprintf(", did you mean %q?", s)
			} else if len(allowed) > 0 {
				msg += fmt.Sprintf(" (allowed: %s)", strings.Join(allowed, ", "))
			}
			key, _ := at.lookup(path)
			ds = append(ds, at.diagnostic(SeverityError, key, fieldPath(path), "%s", msg))
		}
		return ds
	case *kind.Required:
		var ds Diagnostics
		for _, name := range k.Missing {
			path := append(loc[:len(loc):len(loc)], name)
			ds = append(ds, at.diagnostic(SeverityError, at.nodeAt(path), fieldPath(path), "Required value"))
		}
		return ds
	case *kind.Enum:
		want := make([]string, len(k.Want))
		hint := ""
		for i, w := range k.Want {
			want[i] = display(w)
			if got, ok := k.Got.(string); ok && caseInsensitive(field) && strings.EqualFold(got, fmt.Sprint(w)) {
				hint = fmt.Sprintf(" (the controller compares case-insensitively and would accept it; write %s)", want[i])
			}
		}
		return errorf("Unsupported value: %s: supported values: %s%s", display(k.Got), strings.Join(want, ", "), hint)
	case *kind.Const:
		return errorf("Unsupported value: %s: supported value: %s", display(k.Got), display(k.Want))
	case *kind.Type:
		return errorf("%s", typeMessage(at.nodeAt(loc), k))
	case *kind.Pattern:
		return errorf("Invalid value: %q: must match %s", k.Got, k.Want)
	case *kind.Minimum:
		return errorf("Invalid value: %s: must be greater than or equal to %s", ratString(k.Got), ratString(k.Want))
	case *kind.Maximum:
		return errorf("Invalid value: %s: must be less than or equal to %s", ratString(k.Got), ratString(k.Want))
	case *kind.MinLength:
		return errorf("Invalid value: must be at least %d characters long", k.Want)
	case *kind.MaxLength:
		return errorf("Too long: may not be more than %d characters (got %d)", k.Want, k.Got)
	}
	return errorf("%s", e.ErrorKind.LocalizedString(english))
}

// fieldPath joins the segments of an instance location with dots. A segment that holds a dot (a
// map key such as an annotation name) is written in brackets, as Kubernetes field paths do:
// spec.loadBalancer.extraAnnotations[example.com/owner].
func fieldPath(segs []string) string {
	var b strings.Builder
	for i, seg := range segs {
		switch {
		case strings.Contains(seg, "."):
			b.WriteString("[" + seg + "]")
		case i > 0:
			b.WriteString("." + seg)
		default:
			b.WriteString(seg)
		}
	}
	return b.String()
}

// nodeAt is valueNode for a path given as segments, so that map keys holding dots resolve.
func (l locator) nodeAt(path []string) *yaml.Node {
	key, value := l.lookup(path)
	if value != nil {
		return value
	}
	return key
}

// typeMessage says which type a field wants, quoting the value as written, with a hint for
// the two slips YAML invites: a quoted number, and a YAML 1.1 boolean such as yes or on,
// which YAML 1.2 (and slbgw) reads as a string.
func typeMessage(node *yaml.Node, k *kind.Type) string {
	want := strings.Join(k.Want, " or ")
	if node == nil || node.Kind != yaml.ScalarNode {
		return fmt.Sprintf("Invalid type: got %s, want %s", k.Got, want)
	}
	msg := fmt.Sprintf("Invalid type: %s is %s %s, want %s", strconv.Quote(node.Value), article(k.Got), k.Got, want)
	switch {
	case k.Got == "string" && slices.Contains(k.Want, "integer") && isInteger(node.Value):
		msg += fmt.Sprintf(" (write %s without quotes)", node.Value)
	case k.Got == "string" && slices.Contains(k.Want, "boolean") && yaml11Booleans[strings.ToLower(node.Value)]:
		msg += " (YAML 1.2 reads it as a string: write true or false)"
	}
	return msg
}

var yaml11Booleans = map[string]bool{"yes": true, "no": true, "on": true, "off": true, "y": true, "n": true, "true": true, "false": true}

func isInteger(s string) bool {
	_, err := strconv.ParseInt(s, 10, 64)
	return err == nil
}

func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

func display(v any) string {
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case nil:
		return "null"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func ratString(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	return r.FloatString(6)
}

// allowedProperties lists the fields the schema defines for the object at path, in schema order.
func allowedProperties(path []string) []string {
	node := schemaTree()
	for _, seg := range path {
		props, _ := node["properties"].(map[string]any)
		next, ok := props[seg].(map[string]any)
		if !ok {
			return nil
		}
		node = next
	}
	props, _ := node["properties"].(map[string]any)
	names := make([]string, 0, len(props))
	for name := range props {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

var schemaTree = sync.OnceValue(func() map[string]any {
	var tree map[string]any
	_ = json.Unmarshal(JSONSchema, &tree) // checked by TestSchemaIsFresh and compiled()
	return tree
})

// closest suggests the allowed name a typo most likely meant: the nearest by edit distance,
// case-insensitively, within a third of the name's length.
func closest(name string, allowed []string) string {
	best, bestDist := "", len(name)/3+1
	for _, a := range allowed {
		if d := editDistance(strings.ToLower(name), strings.ToLower(a)); d < bestDist {
			best, bestDist = a, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// removedFields are fields earlier versions of the profile had, with why they are gone, so a
// profile that still sets one learns what to do instead of reading "unknown field".
var removedFields = map[string]string{
	"spec.loadBalancer.privateZone": "the cloud controller has read no private-zone-* annotation since " +
		"v1.9.3.376 (removed in a96ca88a3, 2021); its PrivateZone controller records <service>.<namespace>.svc " +
		"with the zone and TTL of the cluster's global config (pkg/controller/pvtz): delete privateZone",
}

// caseInsensitive tells whether the controller compares the field's value case-insensitively
// (its caseInsensitive declaration).
func caseInsensitive(field string) bool {
	f := AnnotatedFieldByPath(field)
	return f != nil && f.CaseInsensitive
}
