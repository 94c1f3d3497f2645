package render

import (
	"strings"
	"testing"

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
	want := crlf(
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
		"    - name: kourier",
		"      annotations:",
		"        service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type: intranet",
		"",
		"# the end")
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
