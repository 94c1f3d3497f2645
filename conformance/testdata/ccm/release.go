//go:build ccmconformance

// What the harness does differently per controller release, at the pinned commit. A release whose
// provider interface, configuration or SDK differs has its own release.go under releases/<tag>/,
// which run.sh overlays instead of this file; the rest of the harness is the same for all.
package main

import (
	"github.com/aliyun/alibaba-cloud-sdk-go/services/slb"
	v1 "k8s.io/api/core/v1"
	ctrlcfg "k8s.io/cloud-provider-alibaba-cloud/pkg/config"
	"k8s.io/cloud-provider-alibaba-cloud/pkg/provider/alibaba/base"
	"k8s.io/cloud-provider-alibaba-cloud/pkg/provider/vmock"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// releaseMocks are the mocks of the cloud APIs that not every release's provider has.
type releaseMocks struct {
	*vmock.MockEFLO
}

func newReleaseMocks(auth *base.ClientMgr) releaseMocks {
	return releaseMocks{MockEFLO: vmock.NewMockEFLO(auth)}
}

// configureRelease sets the configuration that not every release has.
func configureRelease() {
	ctrlcfg.ControllerCFG.MaxConcurrentActions = 10
}

// setAttributeTags puts the load balancer's tags in a DescribeLoadBalancerAttribute answer.
func setAttributeTags(o *slb.DescribeLoadBalancerAttributeResponse, tags []slb.Tag) {
	o.Tags.Tag = tags
}

// extraObjects are objects a release needs in the cluster besides nodes and endpoints.
func extraObjects(svc *v1.Service) []client.Object { return nil }
