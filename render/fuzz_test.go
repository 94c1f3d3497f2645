package render

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/internal/golden"
	"github.com/slbgw/slbgw/schema"
)

// FuzzManifests feeds arbitrary bases (YAML streams, Lists, JSON, aliases, duplicate keys) to
// the CLI's render and checks what must hold for any input:
//   - no panic; an error or a finding error means no output;
//   - at most one gateway Service comes out, and exactly one when the render succeeds;
//   - every document but the Service's and config-domain's comes out byte for byte;
//   - every finding's line is a line of the base;
//   - without the owned entries, the output is the base byte for byte (golden.WithoutOwned),
//     unless a document had to be written anew, which happens only where the docs say so
//     (documentedRewrite: anchors or aliases, an explicit key, a lone CR line break); a UTF-16
//     base is compared as the UTF-8 it is read as;
//   - rendering the output again changes nothing (compared as data).
//
// Without -fuzz it runs the seed corpus: every base under testdata/render.
//
//	go test ./render -run '^$' -fuzz '^FuzzManifests$' -fuzztime 60s
func FuzzManifests(f *testing.F) {
	addSeeds(f, "render/*/base.yaml", "bytes/*/base.yaml", "upstream/*.yaml")
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("apiVersion: v1\nkind: Service\nmetadata: &m\n  name: ingress-gateway\n  namespace: knative-serving\n  annotations: *m\nspec: {type: LoadBalancer}\n"))
	f.Add([]byte("---\n...\n---\napiVersion: v1\nkind: List\nitems: [{apiVersion: v1, kind: Service, metadata: {name: ingress-gateway}, spec: {type: LoadBalancer}}]\n"))

	spec := &schema.Spec{
		Service:      schema.Service{Name: schema.DefaultServiceName, Namespace: schema.DefaultServiceNamespace},
		LoadBalancer: schema.LoadBalancer{AddressType: "intranet", NetworkType: "vpc"},
	}
	p := Filter{Spec: spec}
	f.Fuzz(func(t *testing.T, base []byte) {
		s, edited, findings, err := renderStream(p, base, "base.yaml")
		if text, ok := fromUTF16(base); ok {
			base = text // the output is UTF-8: compared with the base as UTF-8
		}
		var out []byte
		if err == nil && !findings.HasErrors() {
			out = s.join()
		}
		// YAML's line breaks: LF, CRLF, and a lone CR.
		lines := bytes.Count(bytes.ReplaceAll(base, []byte("\r\n"), []byte("\n")), []byte("\n")) + bytes.Count(base, []byte("\r")) - bytes.Count(base, []byte("\r\n")) + 1
		for _, d := range findings {
			if d.Line < 0 || d.Line > lines {
				t.Errorf("finding at line %d of a %d-line base: %s", d.Line, lines, d.String())
			}
		}
		if err != nil || findings.HasErrors() {
			if out != nil {
				t.Fatalf("output despite an error: %v %v", err, findings)
			}
			return
		}
		if n := gatewayCount(t, out); n != 1 {
			t.Fatalf("%d gateway Services in the output:\n%s", n, out)
		}
		if changed := changedDocuments(base, out); changed > 2 {
			t.Fatalf("%d documents changed; only the Service's and config-domain's may:\n--- base\n%s\n--- output\n%s", changed, base, out)
		}
		documented := false
		for _, d := range s.docs {
			switch {
			case d.rewritten && documentedRewrite(d, base):
				documented = true
			case d.rewritten:
				t.Fatalf("the document at line %d was written anew\n--- base\n%s", d.firstLine, base)
			}
		}
		switch {
		case edited.Service == nil && !isJSON(base) && len(bytes.TrimSpace(base)) > 0:
			// A created Service is a new document after the base's last byte (config-domain
			// may still be edited in the base).
			owned := ownedKeys(edited.DomainEdits)
			if !bytes.HasPrefix(golden.WithoutOwned(out, owned...), golden.WithoutOwned(base, owned...)) && !documented {
				t.Fatalf("the Service was appended, but the base did not stay as it was\n--- base\n%q\n--- output\n%q", base, out)
			}
		case edited.Service != nil && !sameWithoutOwned(base, out, ownedKeys(edited.DomainEdits)) && !documented:
			t.Fatalf("the output differs from the base outside the owned entries\n--- base\n%q\n--- output\n%q", base, out)
		}
		again, findings, err := Manifests(p, out, "out.yaml")
		if err != nil || findings.HasErrors() {
			t.Fatalf("rendering the output again: %v %v\n%s", err, findings, out)
		}
		// Compared as data: go-yaml may move a blank line around a comment, and kyaml's guess
		// of the sequence indentation may differ, when the Service is written again.
		if !sameData(t, again, out) {
			t.Fatalf("rendering the output again changed it:\n--- first\n%s\n--- second\n%s", out, again)
		}
	})
}

// changedDocuments counts the documents of a YAML base that are not in the output byte for
// byte (0 for JSON, one document).
func changedDocuments(base, out []byte) int {
	if isJSON(base) {
		return 0
	}
	changed := 0
	for _, chunk := range splitDocuments(base) {
		if !bytes.Contains(out, chunk) {
			changed++
		}
	}
	return changed
}

// addSeeds adds the files under testdata that match the patterns to the seed corpus.
func addSeeds(f *testing.F, patterns ...string) {
	f.Helper()
	for _, pattern := range patterns {
		files, err := filepath.Glob(filepath.Join("..", "testdata", pattern))
		if err != nil || len(files) == 0 {
			f.Fatalf("no seed bases %s: %v", pattern, err)
		}
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
}

// documentedRewrite: an object with anchors or aliases, and a document of a base with an
// explicit key ("? key") or a lone CR line break, are written anew (README, "Byte for byte").
func documentedRewrite(d *document, base []byte) bool {
	return slices.ContainsFunc(d.edits, func(e objectEdits) bool { return HasAliases(e.node) }) ||
		explicitKey.Match(base) || bytes.Count(base, []byte("\r")) > bytes.Count(base, []byte("\r\n"))
}

// explicitKey is a line that starts an explicit key ("? key").
var explicitKey = regexp.MustCompile(`(?m)^[ -]*\?([ \t]|$)`)

func sameWithoutOwned(base, out []byte, owned []string) bool {
	return string(golden.WithoutOwned(base, owned...)) == string(golden.WithoutOwned(out, owned...))
}

// gatewayCount counts the gateway Services of a stream, as the render reads it.
func gatewayCount(t *testing.T, out []byte) int {
	t.Helper()
	var s *stream
	var err error
	if isJSON(out) {
		s, err = readJSON(out, "out")
	} else {
		s, err = readYAML(out, "out", schema.DefaultServiceName)
	}
	if err != nil {
		t.Fatalf("the output does not read back: %v\n%s", err, out)
	}
	count := 0
	roots := make([]*yaml.Node, len(s.docs))
	for i, d := range s.docs {
		roots[i] = d.root
	}
	{
		for _, o := range objectsOf(roots) {
			n := resolveAlias(o.node)
			if n != nil && scalarAt(n, "kind") == "Service" && scalarAt(n, yaml.MetadataField, yaml.NameField) == schema.DefaultServiceName &&
				(scalarAt(n, "apiVersion") == "v1" || scalarAt(n, "apiVersion") == "") &&
				(scalarAt(n, yaml.MetadataField, yaml.NamespaceField) == schema.DefaultServiceNamespace || scalarAt(n, yaml.MetadataField, yaml.NamespaceField) == "") {
				count++
			}
		}
	}
	return count
}

// sameData tells whether two streams hold the same documents as data.
func sameData(t *testing.T, a, b []byte) bool {
	t.Helper()
	decode := func(in []byte) []any {
		var docs []any
		dec := yaml.NewDecoder(bytes.NewReader(in))
		for {
			var v any
			if err := dec.Decode(&v); err != nil {
				return docs
			}
			docs = append(docs, v)
		}
	}
	return reflect.DeepEqual(decode(a), decode(b))
}

// FuzzKnativeServing feeds arbitrary bases to the CLI's render with a profile the Knative
// Operator owns (spec.service.owner knative-operator, with a domain), which edits the
// KnativeServing's spec.services entry, spec.config.domain and the domain record. For any input:
//   - no panic; an error or a finding error means no output;
//   - every document but the KnativeServing's comes out byte for byte;
//   - the KnativeServing is spliced, never written anew unless the docs say so (anchors or
//     aliases);
//   - rendering the output again changes nothing (compared as data).
//
// Without -fuzz it runs the seed corpus: the KnativeServing bases under testdata.
//
//	go test ./render -run '^$' -fuzz '^FuzzKnativeServing$' -fuzztime 60s
func FuzzKnativeServing(f *testing.F) {
	addSeeds(f, "render/operator-*/base.yaml", "bytes/knativeserving-*/base.yaml", "patch/operator-*/base.yaml")
	f.Add([]byte("apiVersion: operator.knative.dev/v1beta1\nkind: KnativeServing\nmetadata: {name: knative-serving, namespace: knative-serving}\nspec: {config: {domain: {a.org: ''}}, services: [{name: kourier}]}\n"))
	f.Add([]byte("apiVersion: operator.knative.dev/v1beta1\nkind: KnativeServing\nmetadata:\n  name: knative-serving\nspec:   # none\n"))
	f.Add([]byte("apiVersion: operator.knative.dev/v1beta1\nkind: KnativeServing\nmetadata:\n  name: knative-serving\nspec:\n  services: []\n  config: {}\n"))

	spec := &schema.Spec{
		Service:      schema.Service{Name: "kourier", Namespace: schema.DefaultServiceNamespace, Owner: schema.OwnerKnativeOperator},
		LoadBalancer: schema.LoadBalancer{AddressType: "intranet"},
		Domain:       schema.Domain{Default: "example.com"},
	}
	p := Filter{Spec: spec}
	f.Fuzz(func(t *testing.T, base []byte) {
		s, _, findings, err := renderStream(p, base, "base.yaml")
		if err != nil || findings.HasErrors() {
			return
		}
		if text, ok := fromUTF16(base); ok {
			base = text // the output is UTF-8: compared with the base as UTF-8
		}
		out := s.join()
		if changed := changedDocuments(base, out); changed > 1 {
			t.Fatalf("%d documents changed; only the KnativeServing's may:\n--- base\n%q\n--- output\n%q", changed, base, out)
		}
		for _, d := range s.docs {
			if d.rewritten && !documentedRewrite(d, base) {
				t.Fatalf("the document at line %d was written anew\n--- base\n%q", d.firstLine, base)
			}
		}
		again, findings, err := Manifests(p, out, "out.yaml")
		if err != nil || findings.HasErrors() {
			t.Fatalf("rendering the output again: %v %v\n%s", err, findings, out)
		}
		if !sameData(t, again, out) {
			t.Fatalf("rendering the output again changed it:\n--- first\n%s\n--- second\n%s", out, again)
		}
	})
}
