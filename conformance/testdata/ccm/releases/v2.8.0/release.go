//go:build ccmconformance

// release.go for v2.8.0: its prvd.Provider has no IEFLO (vmock.MockEFLO does not exist yet) and
// has IELB; it has no ControllerCFG.MaxConcurrentActions; its SDK's DescribeLoadBalancerAttribute
// answer has no Tags (the controller reads tags with ListTagResources).
package main

import (
	"github.com/aliyun/alibaba-cloud-sdk-go/services/slb"
	v1 "k8s.io/api/core/v1"
	"k8s.io/cloud-provider-alibaba-cloud/pkg/provider/alibaba/base"
	"k8s.io/cloud-provider-alibaba-cloud/pkg/provider/vmock"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

type releaseMocks struct {
	*vmock.MockELB
}

func newReleaseMocks(auth *base.ClientMgr) releaseMocks {
	return releaseMocks{MockELB: vmock.NewMockELB(auth)}
}

func configureRelease() {}

func setAttributeTags(o *slb.DescribeLoadBalancerAttributeResponse, tags []slb.Tag) {}

func extraObjects(svc *v1.Service) []client.Object { return nil }
