//go:build ccmconformance

// release.go for v2.10.0: its prvd.Provider has no IEFLO (vmock.MockEFLO does not exist yet), it
// has no ControllerCFG.MaxConcurrentActions, and its reconcile needs the backends' pods.
package main

import (
	"fmt"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/slb"
	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/cloud-provider-alibaba-cloud/pkg/provider/alibaba/base"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

type releaseMocks struct{}

func newReleaseMocks(*base.ClientMgr) releaseMocks { return releaseMocks{} }

func configureRelease() {}

// setAttributeTags puts the load balancer's tags in a DescribeLoadBalancerAttribute answer.
func setAttributeTags(o *slb.DescribeLoadBalancerAttributeResponse, tags []slb.Tag) {
	o.Tags.Tag = tags
}

// extraObjects: v2.10.0's ReconcileService.updateReadinessCondition (service_controller.go) gets
// the Pod of every backend and fails the reconcile when it is missing (later releases skip a
// missing pod), so the endpoints' pods gateway-N exist here.
func extraObjects(svc *v1.Service) []client.Object {
	var out []client.Object
	for i, n := range nodeNames {
		out = append(out, &v1.Pod{
			ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("gateway-%d", i), Namespace: svc.Namespace},
			Spec:       v1.PodSpec{NodeName: n},
			Status:     v1.PodStatus{PodIP: fmt.Sprintf("10.0.0.%d", i+10), Phase: v1.PodRunning},
		})
	}
	return out
}
