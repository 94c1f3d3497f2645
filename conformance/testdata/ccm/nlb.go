//go:build ccmconformance

// The NLB side of the harness at the pinned commit (part of package main, see main.go): the
// cloud's NLB API is the CCM's real NLB provider (pkg/provider/alibaba/nlb) with the real
// github.com/alibabacloud-go/nlb-20220430 client, whose HTTP client is the fake NLB API
// (fakenlb.go); the reconcile is the CCM's nlbv2 code (nlbv2_hook.go). A release whose NLB code
// the harness cannot drive has its own nlb.go under releases/<tag>/ (run.sh), which reports NLB
// cases as skipped. The ECS security-group calls of the NLB path are in nlb_ecs.go, which a
// release without them replaces with an empty one.
package main

import (
	"context"
	"net/http"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	nlbsdk "github.com/alibabacloud-go/nlb-20220430/v4/client"
	"github.com/alibabacloud-go/tea/tea"
	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/tools/record"
	"k8s.io/cloud-provider-alibaba-cloud/pkg/controller/service/nlbv2"
	prvd "k8s.io/cloud-provider-alibaba-cloud/pkg/provider"
	"k8s.io/cloud-provider-alibaba-cloud/pkg/provider/alibaba/base"
	nlbprov "k8s.io/cloud-provider-alibaba-cloud/pkg/provider/alibaba/nlb"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// nlbUnsupported says why this release's NLB code cannot run in the harness ("" = it can;
// stubs/nlb.go, for a release with releases/<tag>/nlb-unsupported.txt, says why).
const nlbUnsupported = ""

// nlbProvider is the NLB part of the harness's cloud (cloud.go embeds *nlbProvider).
type nlbProvider = nlbprov.NLBProvider

// nlbHTTP is the SDK's HTTP client (dara.HttpClient): every request goes to the fake NLB API.
type nlbHTTP struct{ f *FakeNLB }

func (h nlbHTTP) Call(r *http.Request, _ *http.Transport) (*http.Response, error) {
	return h.f.Serve(r)
}

// newNLBProvider gives auth a real NLB SDK client whose requests the fake answers, and returns
// the real NLB provider on it.
func newNLBProvider(auth *base.ClientMgr, f *FakeNLB) (*nlbProvider, error) {
	cli, err := nlbsdk.NewClient(&openapi.Config{
		AccessKeyId:     tea.String("fake-ak"),
		AccessKeySecret: tea.String("fake-sk"),
		RegionId:        tea.String(region),
		Endpoint:        tea.String("nlb.fake.invalid"),
		Protocol:        tea.String("HTTPS"),
		ReadTimeout:     tea.Int(20000),
		ConnectTimeout:  tea.Int(20000),
		HttpClient:      nlbHTTP{f},
	})
	if err != nil {
		return nil, err
	}
	auth.NLB = cli
	return nlbprov.NewNLBProvider(auth), nil
}

// BatchWaitJobsFinish is the real provider's, with a 1 ms poll interval instead of the
// caller's (nlbv2 listeners.go waits 2.2 s before its first ListAsynJobs): the fake's jobs are
// done at once. It still calls ListAsynJobs through the real provider and SDK.
func (c *cloud) BatchWaitJobsFinish(ctx context.Context, api string, jobIds []string, args ...time.Duration) error {
	timeout := nlbprov.DefaultRetryTimeout
	if len(args) >= 2 {
		timeout = args[1]
	}
	return c.nlbProvider.BatchWaitJobsFinish(ctx, api, jobIds, time.Millisecond, timeout)
}

// nlbRecon drives the CCM's ReconcileNLB (nlbv2_hook.go).
type nlbRecon struct{ r *nlbv2.ReconcileNLB }

func newNLBReconciler(kube client.Client, c prvd.Provider, rec record.EventRecorder) (nlbReconciler, error) {
	r, err := nlbv2.SlbgwNewReconciler(kube, c, rec)
	if err != nil {
		return nil, err
	}
	return nlbRecon{r}, nil
}

func (n nlbRecon) SlbgwReconcile(ctx context.Context, nn types.NamespacedName) error {
	return n.r.SlbgwReconcile(ctx, nn)
}

func (n nlbRecon) SlbgwBuildLocalModel(ctx context.Context, svc *v1.Service) (any, error) {
	return n.r.SlbgwBuildLocalModel(ctx, svc)
}
