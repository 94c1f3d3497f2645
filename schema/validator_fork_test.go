package schema

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	upstream "github.com/santhosh-tekuri/jsonschema/v6"
	jsonschema "github.com/slbgw/slbgw/internal/forked/github.com/santhosh-tekuri/jsonschema/v6"
)

// upstreamCompiled is the embedded schema compiled by upstream santhosh-tekuri/jsonschema, the
// module the validator under internal/forked is a copy of.
var upstreamCompiled = sync.OnceValues(func() (*upstream.Schema, error) {
	doc, err := upstream.UnmarshalJSON(strings.NewReader(string(JSONSchema)))
	if err != nil {
		return nil, err
	}
	c := upstream.NewCompiler()
	if err := c.AddResource(schemaURL, doc); err != nil {
		return nil, err
	}
	return c.Compile(schemaURL)
})

// ValidatorFindings validates the profile in data with the forked validator slbgw runs and
// with upstream, and returns what each found: one sorted line per leaf error (instance
// location, schema location, error kind); both are empty when data is not a YAML mapping,
// which never reaches a validator. It is exported for FuzzLoad (package schema_test).
func ValidatorFindings(data []byte) (byFork, byUpstream []string, err error) {
	root, diags := parseDocument("fuzz.yaml", data)
	if diags != nil {
		return nil, nil, nil
	}
	instance, diags := jsonValue(locator{file: "fuzz.yaml", root: root}, root)
	if diags != nil {
		return nil, nil, nil
	}
	if _, isMap := instance.(map[string]any); !isMap {
		return nil, nil, nil
	}
	forkSchema, err := compiled()
	if err != nil {
		return nil, nil, err
	}
	upstreamSchema, err := upstreamCompiled()
	if err != nil {
		return nil, nil, err
	}
	if verr, isValidation := forkSchema.Validate(instance).(*jsonschema.ValidationError); isValidation {
		for _, leaf := range leaves(verr) {
			byFork = append(byFork, fmt.Sprintf("%q %s %s", leaf.InstanceLocation, leaf.SchemaURL, errorKind(leaf.ErrorKind)))
		}
	}
	if verr, isValidation := upstreamSchema.Validate(instance).(*upstream.ValidationError); isValidation {
		for _, leaf := range upstreamLeaves(verr) {
			byUpstream = append(byUpstream, fmt.Sprintf("%q %s %s", leaf.InstanceLocation, leaf.SchemaURL, errorKind(leaf.ErrorKind)))
		}
	}
	slices.Sort(byFork)
	slices.Sort(byUpstream)
	return byFork, byUpstream, nil
}

// errorKind prints an error kind of either package alike: its type name and fields, with
// lists sorted, as some come from Go maps (additionalProperties names the extra properties in
// map order).
func errorKind(k any) string {
	v := reflect.Indirect(reflect.ValueOf(k))
	if v.Kind() != reflect.Struct {
		return fmt.Sprintf("%s %v", v.Type().Name(), k) // the type's name: the package paths differ
	}
	var b strings.Builder
	b.WriteString(v.Type().Name())
	for i := range v.NumField() {
		f := v.Field(i)
		if !v.Type().Field(i).IsExported() {
			continue
		}
		if f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.String {
			items := slices.Clone(f.Interface().([]string))
			slices.Sort(items)
			fmt.Fprintf(&b, " %s=%q", v.Type().Field(i).Name, items)
			continue
		}
		fmt.Fprintf(&b, " %s=%v", v.Type().Field(i).Name, f.Interface())
	}
	return b.String()
}

func upstreamLeaves(e *upstream.ValidationError) []*upstream.ValidationError {
	if len(e.Causes) == 0 {
		return []*upstream.ValidationError{e}
	}
	var out []*upstream.ValidationError
	for _, c := range e.Causes {
		out = append(out, upstreamLeaves(c)...)
	}
	return out
}
