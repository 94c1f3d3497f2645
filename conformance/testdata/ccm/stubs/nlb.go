//go:build ccmconformance

// nlb.go for a controller release whose NLB code the harness cannot drive (run.sh overlays it
// where releases/<tag>/nlb-unsupported.txt says why, and sets nlbUnsupported to that text):
// NLB cases are reported as skipped, and the cloud's NLB part stays vmock.MockNLB, as the CLB
// cases had it.
package main

import (
	"fmt"

	"k8s.io/client-go/tools/record"
	prvd "k8s.io/cloud-provider-alibaba-cloud/pkg/provider"
	"k8s.io/cloud-provider-alibaba-cloud/pkg/provider/alibaba/base"
	"k8s.io/cloud-provider-alibaba-cloud/pkg/provider/vmock"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// nlbUnsupported is the release's reason, set by run.sh (-ldflags -X).
var nlbUnsupported = "the NLB harness does not run at this release"

type nlbProvider = vmock.MockNLB

func newNLBProvider(auth *base.ClientMgr, f *FakeNLB) (*nlbProvider, error) {
	return vmock.NewMockNLB(auth), nil
}

func newNLBReconciler(kube client.Client, c prvd.Provider, rec record.EventRecorder) (nlbReconciler, error) {
	return nil, fmt.Errorf("%s", nlbUnsupported)
}
