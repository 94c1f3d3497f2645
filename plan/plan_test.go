package plan

import (
	"strings"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/change"
	"github.com/slbgw/slbgw/schema"
)

const service = `apiVersion: v1
kind: Service
metadata:
  name: ingress-gateway
  namespace: knative-serving
  labels:
    service.k8s.alibaba/loadbalancer-id: lb-1
  annotations:
    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type: internet
    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-name: gw-1
spec:
  type: LoadBalancer
  ports:
  - name: http
    port: 80
`

// TestCompute plans a profile over a Service with and without a load balancer.
func TestCompute(t *testing.T) {
	spec := &schema.Spec{LoadBalancer: schema.LoadBalancer{AddressType: "intranet", Name: "gw-2"}}
	cases := []struct {
		name    string
		status  string
		classes []schema.ChangeClass
		refused bool
		lb      string
	}{
		{"no load balancer yet", "", []schema.ChangeClass{change.OnCreation, change.OnCreation}, false, "lb-1"},
		{"running", "status:\n  loadBalancer:\n    ingress:\n    - ip: 47.100.0.1\n",
			[]schema.ChangeClass{schema.ChangeRefused, schema.ChangeInPlace}, true, "lb-1, 47.100.0.1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			live := yaml.MustParse(service + c.status)
			p, findings, err := Compute(live, spec, nil)
			if err != nil || findings.HasErrors() {
				t.Fatalf("%v %v", err, findings)
			}
			var got []schema.ChangeClass
			var keys []string
			for _, ch := range p.Changes {
				got = append(got, ch.Class)
				keys = append(keys, schema.Suffix(ch.Keys[0]))
			}
			if strings.Join(classNames(got), ",") != strings.Join(classNames(c.classes), ",") {
				t.Errorf("classes %v of %v, want %v", got, keys, c.classes)
			}
			if p.Refused() != c.refused || p.LoadBalancer.String() != c.lb {
				t.Errorf("refused %v, load balancer %q; want %v, %q", p.Refused(), p.LoadBalancer, c.refused, c.lb)
			}
			if c.refused && !strings.Contains(p.Changes[1].Detail, "carried out even though the apply has a refused change") {
				t.Errorf("the in-place change does not say the apply has a refused change: %s", p.Changes[1].Detail)
			}
		})
	}
}

func classNames(cs []schema.ChangeClass) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return out
}
