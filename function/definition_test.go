package function

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/kube-openapi/pkg/validation/spec"
	"sigs.k8s.io/kustomize/kyaml/fn/framework"
	"sigs.k8s.io/kustomize/kyaml/resid"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/internal/golden"
	"github.com/slbgw/slbgw/schema"
)

// TestDefinitionIsFresh fails when krm-function-definition.yaml no longer matches the schema:
// run make generate (or go test ./function -update).
func TestDefinitionIsFresh(t *testing.T) {
	got, err := Definition()
	if err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, DefinitionFile, got)
}

// TestDefinitionAcceptsWhatSlbgwAccepts runs kyaml's validation with the definition's schema
// over every profile of the examples and of testdata/validate: a profile slbgw loads without
// errors must pass, and one the schema refuses must be one slbgw refuses too. The cross-field
// case must be refused, which shows the if/then rules survived the translation to anyOf.
func TestDefinitionAcceptsWhatSlbgwAccepts(t *testing.T) {
	group, version, _ := strings.Cut(schema.APIVersion, "/")
	gvk := resid.NewGvk(group, version, schema.Kind)
	def, err := os.ReadFile(DefinitionFile)
	if err != nil {
		t.Fatal(err)
	}
	openAPI, err := framework.SchemaFromFunctionDefinition(gvk, string(def))
	if err != nil {
		t.Fatal(err)
	}
	provider := schemaProvider{schema: openAPI}

	files, _ := filepath.Glob("../testdata/validate/*/gateway.yaml")
	for _, dir := range []string{"../examples/ci/profiles/*", "../examples/kpt/*", "../examples/kustomize/*", "../examples/kustomize/overlays/*"} {
		more, _ := filepath.Glob(dir + "/gateway.yaml")
		files = append(files, more...)
	}
	if len(files) < 10 {
		t.Fatalf("found only %d profiles", len(files))
	}
	refused := map[string]bool{}
	checked := 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		node, err := yaml.Parse(string(data))
		if err != nil || node.YNode().Kind != yaml.MappingNode || node.GetKind() != schema.Kind {
			continue // not one YAML document, or not a profile: slbgw's own tests cover those
		}
		if _, err := node.MarshalJSON(); err != nil {
			continue // an alias bomb, say: kyaml cannot hand it to the validator
		}
		checked++
		_, diags := schema.Load(file, data)
		slbgwRefuses := diags.HasErrors()
		schemaErr := framework.LoadFunctionConfig(node, &provider)
		switch {
		case schemaErr != nil && !slbgwRefuses:
			t.Errorf("%s: slbgw accepts it, the definition's schema refuses it: %v", file, schemaErr)
		case schemaErr != nil:
			refused[filepath.Base(filepath.Dir(file))] = true
		}
	}
	t.Logf("%d profiles checked, %d refused by both slbgw and the definition's schema", checked, len(refused))
	if !refused["cross-field"] {
		t.Errorf("the definition's schema accepts testdata/validate/cross-field, which breaks its if/then rules")
	}
}

// schemaProvider is a functionConfig that kyaml's framework validates against the definition's
// schema before decoding it, as a kyaml-based function reading the definition would.
type schemaProvider struct {
	schema *spec.Schema
	Spec   map[string]any `json:"spec"`
}

func (p *schemaProvider) Schema() (*spec.Schema, error) { return p.schema, nil }

// TestLicenseIsTheRepositorysOwn keeps the definition's license the LICENSE file's.
func TestLicenseIsTheRepositorysOwn(t *testing.T) {
	text, err := os.ReadFile(filepath.Join("..", "LICENSE"))
	if err != nil {
		t.Fatal(err)
	}
	if License != "Apache-2.0" || !strings.Contains(string(text), "Apache License\n                           Version 2.0, January 2004") {
		t.Errorf("License is %q; LICENSE begins:\n%.200s", License, text)
	}
}
