package render_test

import (
	"fmt"
	"os"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/render"
	"github.com/slbgw/slbgw/schema"
)

// Edit a Service: the owned annotations change, everything else (the team's annotation, the
// comment) stays; the edits say what changed.
func ExampleFilter_EditService() {
	svc := yaml.MustParse(`apiVersion: v1
kind: Service
metadata:
  name: ingress-gateway
  namespace: knative-serving
  annotations:
    team: web # who to call
spec:
  type: LoadBalancer
`)
	spec := &schema.Spec{LoadBalancer: schema.LoadBalancer{AddressType: "intranet", NetworkType: "vpc"}}
	edited, _, findings, err := render.Filter{Spec: spec}.EditService(svc)
	if err != nil || findings.HasErrors() {
		fmt.Println(err, findings)
		return
	}
	meta, _ := edited.Pipe(yaml.Lookup("metadata", "annotations"))
	fmt.Fprint(os.Stdout, meta.MustString())
	// Output:
	// team: web # who to call
	// service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type: intranet
	// service.beta.kubernetes.io/alibaba-cloud-loadbalancer-network-type: vpc
	// service.beta.kubernetes.io/alibaba-cloud-loadbalancer-slb-network-type: vpc
}
