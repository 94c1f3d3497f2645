package schema

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// ConfigMapFile names a ConfigMap functionConfig in diagnostics; it has no file of its own.
const ConfigMapFile = "ConfigMap data"

// FromConfigMapData builds a profile document from the data of a ConfigMap functionConfig:
// what kpt passes for `kpt fn eval --exec slbgw -- key=value ...` and for a Kptfile's
// configMap:. Each key is a field path under spec, such as loadBalancer.addressType or
// https.certID; its value is converted to the field's type (integer, boolean or string) as the
// schema says, so the profile is then validated like any other. Keys that name no such field,
// and fields that are objects or maps, are errors that list the keys allowed.
func FromConfigMapData(name string, data map[string]string) (*yaml.Node, Diagnostics) {
	allowed := ConfigMapKeys()
	var diags Diagnostics
	spec := yaml.NewMapRNode(nil)
	keys := make([]string, 0, len(data))
	for k := range data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		typ, ok := leafType(key)
		if !ok {
			msg := "not a profile field"
			if s := closestKey(key, allowed); s != "" {
				msg += fmt.Sprintf(", did you mean %q?", s)
			} else {
				msg += "; keys are field paths under spec, such as loadBalancer.addressType (slbgw --help lists them all)"
			}
			diags = append(diags, Diagnostic{Severity: SeverityError, File: ConfigMapFile, Field: "data." + key, Message: msg})
			continue
		}
		value := yaml.NewStringRNode(data[key])
		if (typ == "integer" && isInteger(data[key])) || (typ == "boolean" && (data[key] == "true" || data[key] == "false")) {
			// Left as a string otherwise, so the schema reports the type error.
			value = yaml.NewScalarRNode(data[key])
			value.YNode().Tag = map[string]string{"integer": yaml.NodeTagInt, "boolean": yaml.NodeTagBool}[typ]
		}
		if err := spec.PipeE(yaml.LookupCreate(yaml.MappingNode, splitField(key)[:len(splitField(key))-1]...), yaml.SetField(lastSegment(key), value)); err != nil {
			diags = append(diags, Diagnostic{Severity: SeverityError, File: ConfigMapFile, Field: "data." + key, Message: err.Error()})
		}
	}
	if diags != nil {
		return nil, diags
	}
	doc := yaml.NewMapRNode(&map[string]string{"apiVersion": APIVersion, "kind": Kind})
	meta := yaml.NewMapRNode(&map[string]string{"name": name})
	if err := doc.PipeE(yaml.SetField("metadata", meta)); err != nil {
		return nil, Diagnostics{{Severity: SeverityError, File: ConfigMapFile, Message: err.Error()}}
	}
	if err := doc.PipeE(yaml.SetField("spec", spec)); err != nil {
		return nil, Diagnostics{{Severity: SeverityError, File: ConfigMapFile, Message: err.Error()}}
	}
	return doc.YNode(), nil
}

// ConfigMapKeys lists the keys a ConfigMap functionConfig may hold: the scalar fields under
// spec, as dotted paths, in schema order.
func ConfigMapKeys() []string {
	spec, _ := schemaTree()["properties"].(map[string]any)["spec"].(map[string]any)
	var keys []string
	var walk func(prefix string, node map[string]any)
	walk = func(prefix string, node map[string]any) {
		props, _ := node["properties"].(map[string]any)
		for name, child := range props {
			c, _ := child.(map[string]any)
			path := strings.TrimPrefix(prefix+"."+name, ".")
			switch c["type"] {
			case "object":
				if _, ok := c["properties"]; ok {
					walk(path, c)
				}
			case "string", "integer", "boolean", "number":
				keys = append(keys, path)
			}
		}
	}
	walk("", spec)
	slices.Sort(keys)
	return keys
}

// leafType returns the JSON Schema type of the scalar field at a dotted path under spec.
func leafType(path string) (string, bool) {
	node, _ := schemaTree()["properties"].(map[string]any)["spec"].(map[string]any)
	for _, seg := range splitField(path) {
		props, _ := node["properties"].(map[string]any)
		next, ok := props[seg].(map[string]any)
		if !ok {
			return "", false
		}
		node = next
	}
	typ, _ := node["type"].(string)
	switch typ {
	case "string", "integer", "boolean", "number":
		return typ, true
	}
	return "", false
}

// closestKey suggests the key a typo meant, or the full path of a bare field name
// (addressType → loadBalancer.addressType).
func closestKey(key string, allowed []string) string {
	if s := closest(key, allowed); s != "" {
		return s
	}
	for _, a := range allowed {
		if strings.EqualFold(lastSegment(a), key) || closest(key, []string{lastSegment(a)}) != "" {
			return a
		}
	}
	return ""
}

func lastSegment(path string) string {
	segs := splitField(path)
	return segs[len(segs)-1]
}

// StringNode is a YAML string scalar that stays a string for a YAML 1.1 reader (the API
// server's, and kustomize's): values such as "on", "10" and "true" are double-quoted.
func StringNode(value string) *yaml.RNode {
	node := yaml.NewStringRNode(value)
	if yaml.IsValueNonString(value) {
		node.YNode().Style = yaml.DoubleQuotedStyle
	}
	return node
}

// YAMLScalar writes a value so that YAML reads it back as the same string.
func YAMLScalar(v string) string {
	s, err := StringNode(v).String()
	if err != nil {
		return fmt.Sprintf("%q", v)
	}
	return strings.TrimSuffix(s, "\n")
}
