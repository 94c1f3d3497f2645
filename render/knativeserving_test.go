package render

import (
	"strings"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/schema"
)

// TestKnativeServingEntryAppendedInPlace: a KnativeServing without the gateway's entry gets it
// appended to spec.services in the list's own indentation and line ending; every other byte
// (CRLF, the comments, the blank line, the flow mapping) stays.
func TestKnativeServingEntryAppendedInPlace(t *testing.T) {
	crlf := func(lines ...string) string { return strings.Join(lines, "\r\n") + "\r\n" }
	base := crlf(
		"# Knative Serving",
		"apiVersion: operator.knative.dev/v1beta1",
		"kind: KnativeServing",
		"metadata:",
		"  name: knative-serving",
		"  namespace: knative-serving",
		"spec:",
		"  services:",
		"    - name: activator   # another Service's",
		"      labels: {team: serving}",
		"",
		"# the end")
	// The base, with the entry after the list's last one.
	want := strings.Replace(base, "{team: serving}\r\n", "{team: serving}\r\n"+crlf(
		"    - name: kourier",
		"      annotations:",
		"        service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type: intranet"), 1)
	spec := &schema.Spec{Service: schema.Service{Name: "kourier", Namespace: "knative-serving", Owner: schema.OwnerKnativeOperator},
		LoadBalancer: schema.LoadBalancer{AddressType: "intranet"}}
	out, findings, err := Manifests(Filter{Spec: spec}, []byte(base), "base.yaml")
	if err != nil || findings.HasErrors() {
		t.Fatal(err, findings)
	}
	if string(out) != want {
		t.Errorf("got\n%q\nwant\n%q", out, want)
	}
}

// TestKnativeServingDrift: the validator mode reports each owned key of the KnativeServing that
// differs, at its line, and nothing once the KnativeServing is rendered.
func TestKnativeServingDrift(t *testing.T) {
	base := `apiVersion: operator.knative.dev/v1beta1
kind: KnativeServing
metadata:
  name: knative-serving
  namespace: knative-serving
spec:
  config:
    domain:
      example.com: ""
  services:
  - name: kourier
    annotations:
      service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type: internet
`
	spec := &schema.Spec{Service: schema.Service{Name: "kourier", Namespace: "knative-serving", Owner: schema.OwnerKnativeOperator},
		LoadBalancer: schema.LoadBalancer{AddressType: "intranet"}, Domain: schema.Domain{Default: "apps.example.com"}}
	f := Filter{Spec: spec}
	got, err := f.KnativeServingDrift(yaml.MustParse(base))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{ // Diagnostic.String with no file
		`:13:75: spec.services[kourier].annotations[service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type]: is "internet"; the profile wants "intranet" (spec.loadBalancer.addressType)`,
		`: spec.config.domain[apps.example.com]: is missing; the profile wants "" (spec.domain)`,
		`:9:20: spec.config.domain[example.com]: is ""; the profile wants it absent (spec.domain)`,
		`: metadata.annotations[slbgw.dev/domains.kourier]: is missing; the profile wants "apps.example.com" (spec.domain)`,
	}
	var lines []string
	for _, d := range got {
		lines = append(lines, d.String())
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	out, findings, err := Manifests(f, []byte(base), "base.yaml")
	if err != nil || findings.HasErrors() {
		t.Fatal(err, findings)
	}
	if again, err := f.KnativeServingDrift(yaml.MustParse(string(out))); err != nil || len(again) > 0 {
		t.Errorf("drift after the render: %v %v", again, err)
	}
}
