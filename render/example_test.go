package render_test

import (
	"fmt"
	"os"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/kio"
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

// Filter is a kio.Filter: a kyaml pipeline reads resources, the filter applies the profile, and
// a writer prints them; findings (here none) would come back as framework.Results.
func ExampleFilter_Filter() {
	spec := &schema.Spec{
		Service:      schema.Service{Name: "ingress-gateway", Namespace: "knative-serving"},
		LoadBalancer: schema.LoadBalancer{AddressType: "intranet"},
	}
	in := `apiVersion: v1
kind: Service
metadata:
  name: ingress-gateway
  namespace: knative-serving
spec:
  type: LoadBalancer # the gateway
`
	err := kio.Pipeline{
		Inputs:  []kio.Reader{&kio.ByteReader{Reader: strings.NewReader(in), OmitReaderAnnotations: true}},
		Filters: []kio.Filter{render.Filter{Spec: spec}},
		Outputs: []kio.Writer{kio.ByteWriter{Writer: os.Stdout}},
	}.Execute()
	fmt.Println(err)
	// Output:
	// apiVersion: v1
	// kind: Service
	// metadata:
	//   name: ingress-gateway
	//   namespace: knative-serving
	//   annotations:
	//     service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type: intranet
	// spec:
	//   type: LoadBalancer # the gateway
	// <nil>
}
