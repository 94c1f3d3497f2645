package golden

import "testing"

// TestWithoutOwned: an output that differs from its base by owned pairs only reads the same
// without them, however the JSON is laid out; one that differs by any other byte does not.
func TestWithoutOwned(t *testing.T) {
	const a = `"service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type"`
	cases := []struct {
		name, base, out string
		same            bool
	}{
		{"annotations appended on one line", `{"metadata":{"name":"x","0":{}},"spec":{}}`,
			`{"metadata":{"name":"x","0":{}, "annotations": {` + a + `: "intranet"}},"spec":{}}`, true},
		{"annotations appended, closed on the base's line", "{\"metadata\":{\"name\":\"x\",\n\"0\":{}},\"spec\":{}}",
			"{\"metadata\":{\"name\":\"x\",\n\"0\":{},\n  \"annotations\": {\n    " + a + ": \"intranet\"\n  }},\"spec\":{}}", true},
		{"an owned entry added after a foreign one", `{"metadata":{"annotations":{"a":"1"}}}`,
			`{"metadata":{"annotations":{"a":"1", ` + a + `: "intranet"}}}`, true},
		{"the first entry removed", `{"metadata":{"annotations":{` + a + `: "intranet", "a": "1"}}}`,
			`{"metadata":{"annotations":{"a": "1"}}}`, true},
		{"a null annotations filled", `{"metadata":{"name":"x","annotations":null}}`,
			`{"metadata":{"name":"x","annotations":{` + a + `: "intranet"}}}`, true},
		{"an empty annotations filled", `{"metadata":{"name":"x","annotations":{}}}`,
			`{"metadata":{"name":"x","annotations":{` + a + `: "intranet"}}}`, true},
		{"a foreign value changed", `{"metadata":{"name":"x"}}`, `{"metadata":{"name":"y"}}`, false},
		{"a space added elsewhere", `{"metadata":{"name":"x"}}`, `{"metadata": {"name":"x"}}`, false},
		{"a foreign annotation dropped with the owned one", `{"metadata":{"annotations":{"a":"1", ` + a + `: "x"}}}`,
			`{"metadata":{"annotations":{` + a + `: "y"}}}`, false},
	}
	for _, c := range append(cases, yamlCases...) {
		t.Run(c.name, func(t *testing.T) {
			base, out := WithoutOwned([]byte(c.base)), WithoutOwned([]byte(c.out))
			if same := string(base) == string(out); same != c.same {
				t.Errorf("same %v, want %v\n--- base without owned\n%s\n--- output without owned\n%s", same, c.same, base, out)
			}
		})
	}
}

// yamlCases are the flow mappings of YAML documents, read line by line.
var yamlCases = []struct {
	name, base, out string
	same            bool
}{
	{"an empty flow mapping filled", "metadata:\n  name: x\n  annotations: {}\nspec: {}\n",
		"metadata:\n  name: x\n  annotations: {\"service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type\": \"intranet\"}\nspec: {}\n", true},
	{"a foreign entry dropped from a flow mapping", "metadata:\n  annotations: {a: b, slbgw.dev/x: y}\n",
		"metadata:\n  annotations: {slbgw.dev/x: y}\n", false},
}
