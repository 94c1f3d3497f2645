package schema_test

import (
	"fmt"

	"github.com/slbgw/slbgw/schema"
)

// Load a profile: every finding is located in its file, errors and warnings at once.
func ExampleLoad() {
	profile, findings := schema.Load("gateway.yaml", []byte(`apiVersion: slbgw.dev/v1alpha1
kind: SLBGateway
spec:
  loadBalancer:
    addressType: public
    bandwidth: 10
`))
	fmt.Println(profile == nil)
	fmt.Println(findings)
	// Output:
	// true
	// gateway.yaml:5:18: spec.loadBalancer.addressType: Unsupported value: "public": supported values: "internet", "intranet"
	// gateway.yaml:6:16: spec.loadBalancer.bandwidth: bandwidth applies only with chargeType "paybybandwidth"
}

// The declaration of an annotation: its key, what the controller does without it, and what a
// change does to a running load balancer.
func ExampleAnnotatedFieldByPath() {
	f := schema.AnnotatedFieldByPath("spec.loadBalancer.addressType")
	fmt.Println(f.Keys[0])
	fmt.Println(f.Default, "by the", f.DefaultBy)
	fmt.Println(f.Change)
	// Output:
	// service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type
	// internet by the controller
	// refused
}
