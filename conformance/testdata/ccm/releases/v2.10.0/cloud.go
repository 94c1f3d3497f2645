//go:build ccmconformance

// Adaptation of ../../cloud.go for v2.10.0: its prvd.Provider has no IEFLO (vmock.MockEFLO
// does not exist yet).
package main

import (
	"fmt"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/slb"
	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	ctrlcfg "k8s.io/cloud-provider-alibaba-cloud/pkg/config"
	prvd "k8s.io/cloud-provider-alibaba-cloud/pkg/provider"
	"k8s.io/cloud-provider-alibaba-cloud/pkg/provider/alibaba/base"
	slbprov "k8s.io/cloud-provider-alibaba-cloud/pkg/provider/alibaba/slb"
	"k8s.io/cloud-provider-alibaba-cloud/pkg/provider/vmock"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

type cloud struct {
	*slbprov.SLBProvider
	*vmock.MockECS
	*vmock.MockPVTZ
	*vmock.MockVPC
	*vmock.MockALB
	*vmock.MockCAS
	*vmock.MockSLS
	*vmock.MockNLB
	prvd.IMetaData
}

var _ prvd.Provider = &cloud{}

func newCloud(f *FakeCLB) (*cloud, error) {
	cli, err := slb.NewClientWithAccessKey(region, "fake-ak", "fake-sk")
	if err != nil {
		return nil, err
	}
	cli.Domain = "slb.fake.invalid"
	cli.SetTransport(f)
	m := meta{vmock.NewMockMetaData(fakeVPC)}
	auth := &base.ClientMgr{Region: region, Meta: m, SLB: cli}
	return &cloud{
		SLBProvider: slbprov.NewLBProvider(auth),
		MockECS:     vmock.NewMockECS(auth),
		MockPVTZ:    vmock.NewMockPVTZ(auth),
		MockVPC:     vmock.NewMockVPC(auth),
		MockALB:     vmock.NewMockALB(auth),
		MockCAS:     vmock.NewMockCAS(auth),
		MockSLS:     vmock.NewMockSLS(auth),
		MockNLB:     vmock.NewMockNLB(auth),
		IMetaData:   m,
	}, nil
}

// configure sets the controller's global configuration as the harness runs it.
func configure() {
	base.CLUSTER_ID = clusterID
	// no ControllerCFG.MaxConcurrentActions in this release
	ctrlcfg.ControllerCFG.DryRun = false
	ctrlcfg.CloudCFG.Global.Region = region
}

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
