//go:build ccmconformance

// The fake cloud provider of the harness (part of package main, see main.go): the CCM's real SLB
// provider on the fake CLB API, its real NLB provider on the fake NLB API (nlb.go, fakenlb.go),
// vmock for every other cloud API. What differs between controller
// releases (mocks of APIs a release's provider has or lacks, its configuration, the SDK's answer
// types) is in release.go, which a release overrides under releases/<tag>/ (run.sh).
package main

import (
	"github.com/aliyun/alibaba-cloud-sdk-go/services/slb"
	ctrlcfg "k8s.io/cloud-provider-alibaba-cloud/pkg/config"
	prvd "k8s.io/cloud-provider-alibaba-cloud/pkg/provider"
	"k8s.io/cloud-provider-alibaba-cloud/pkg/provider/alibaba/base"
	slbprov "k8s.io/cloud-provider-alibaba-cloud/pkg/provider/alibaba/slb"
	"k8s.io/cloud-provider-alibaba-cloud/pkg/provider/vmock"
)

type cloud struct {
	*slbprov.SLBProvider
	*vmock.MockECS
	*vmock.MockPVTZ
	*vmock.MockVPC
	*vmock.MockALB
	*vmock.MockCAS
	*vmock.MockSLS
	*nlbProvider
	releaseMocks
	prvd.IMetaData
	nlbFake *FakeNLB
}

var _ prvd.Provider = &cloud{}

func newCloud(f *FakeCLB, nf *FakeNLB) (*cloud, error) {
	cli, err := slb.NewClientWithAccessKey(region, "fake-ak", "fake-sk")
	if err != nil {
		return nil, err
	}
	cli.Domain = "slb.fake.invalid"
	cli.SetTransport(f)
	m := meta{vmock.NewMockMetaData(fakeVPC)}
	auth := &base.ClientMgr{Region: region, Meta: m, SLB: cli}
	nlbp, err := newNLBProvider(auth, nf)
	if err != nil {
		return nil, err
	}
	return &cloud{
		SLBProvider:  slbprov.NewLBProvider(auth),
		MockECS:      vmock.NewMockECS(auth),
		MockPVTZ:     vmock.NewMockPVTZ(auth),
		MockVPC:      vmock.NewMockVPC(auth),
		MockALB:      vmock.NewMockALB(auth),
		MockCAS:      vmock.NewMockCAS(auth),
		MockSLS:      vmock.NewMockSLS(auth),
		nlbProvider:  nlbp,
		releaseMocks: newReleaseMocks(auth),
		IMetaData:    m,
		nlbFake:      nf,
	}, nil
}

// configure sets the controller's global configuration as the harness runs it.
func configure() {
	base.CLUSTER_ID = clusterID
	configureRelease()
	ctrlcfg.ControllerCFG.DryRun = false
	ctrlcfg.CloudCFG.Global.Region = region
}
