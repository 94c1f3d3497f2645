package krm_test

import (
	"os"
	"strings"

	"github.com/slbgw/slbgw/krm"
)

// Run the KRM function over a ResourceList, as kustomize and kpt do: the profile is the
// functionConfig; with no Service among the items, the gateway Service is created.
func ExampleProcessor() {
	in := `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items: []
functionConfig:
  apiVersion: slbgw.dev/v1alpha1
  kind: SLBGateway
  metadata:
    name: gateway
  spec:
    loadBalancer:
      addressType: intranet
`
	if err := krm.Execute(krm.Processor{}, strings.NewReader(in), os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// apiVersion: config.kubernetes.io/v1
	// kind: ResourceList
	// items:
	// - apiVersion: v1
	//   kind: Service
	//   metadata:
	//     name: ingress-gateway
	//     namespace: knative-serving
	//     labels:
	//       app.kubernetes.io/managed-by: slbgw
	//     annotations:
	//       service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type: intranet
	//   spec:
	//     type: LoadBalancer
	//     ports:
	//     - name: http
	//       port: 80
	//       protocol: TCP
	//     - name: https
	//       port: 443
	//       protocol: TCP
	// functionConfig:
	//   apiVersion: slbgw.dev/v1alpha1
	//   kind: SLBGateway
	//   metadata:
	//     name: gateway
	//   spec:
	//     loadBalancer:
	//       addressType: intranet
}
