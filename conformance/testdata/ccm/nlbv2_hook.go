//go:build ccmconformance

// This file is compiled INSIDE the CCM's module as an extra file of package
// k8s.io/cloud-provider-alibaba-cloud/pkg/controller/service/nlbv2 (run.sh maps it there with
// `go build -overlay`); it is never part of slbgw's own build. Like clbv1_hook.go it only
// exposes, under exported names, the CCM's own ReconcileNLB wiring (newReconciler without a
// controller-runtime manager: the real NLBManager, ListenerManager and ServerGroupManager, the
// model builder and the model applier), its reconcile function and its local model builder, so
// that the conformance harness (nlb.go, package main) can drive them. No logic of its own.
package nlbv2

import (
	"context"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/tools/record"
	"k8s.io/cloud-provider-alibaba-cloud/pkg/controller/helper"
	"k8s.io/cloud-provider-alibaba-cloud/pkg/controller/service/reconcile/annotation"
	svcCtx "k8s.io/cloud-provider-alibaba-cloud/pkg/controller/service/reconcile/context"
	nlbmodel "k8s.io/cloud-provider-alibaba-cloud/pkg/model/nlb"
	prvd "k8s.io/cloud-provider-alibaba-cloud/pkg/provider"
	"k8s.io/cloud-provider-alibaba-cloud/pkg/util"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
)

// SlbgwNewReconciler wires a ReconcileNLB exactly like newReconciler (nlb_controller.go), with
// the given kube client, cloud provider and event recorder instead of a manager's.
func SlbgwNewReconciler(kubeClient client.Client, cloud prvd.Provider, rec record.EventRecorder) (*ReconcileNLB, error) {
	recon := &ReconcileNLB{
		cloud:            cloud,
		kubeClient:       kubeClient,
		scheme:           kubeClient.Scheme(),
		logger:           ctrl.Log.WithName("controller").WithName("nlb-controller"),
		record:           rec,
		finalizerManager: helper.NewDefaultFinalizerManager(kubeClient),
	}
	nlbManager := NewNLBManager(recon.cloud)
	listenerManager := NewListenerManager(recon.cloud)
	serverGroupManager, err := NewServerGroupManager(recon.kubeClient, recon.cloud)
	if err != nil {
		return nil, err
	}
	recon.builder = NewModelBuilder(nlbManager, listenerManager, serverGroupManager)
	recon.applier = NewModelApplier(nlbManager, listenerManager, serverGroupManager)
	return recon, nil
}

// SlbgwReconcile runs the CCM's NLB reconcile (ReconcileNLB.reconcile) for one Service.
func (m *ReconcileNLB) SlbgwReconcile(ctx context.Context, nn types.NamespacedName) error {
	return m.reconcile(ctx, reconcile.Request{NamespacedName: nn})
}

// SlbgwBuildLocalModel runs the CCM's local NLB model builder (ModelBuilder.BuildModel with
// LocalModel) on svc, with a request context built like reconcile builds it.
func (m *ReconcileNLB) SlbgwBuildLocalModel(ctx context.Context, svc *v1.Service) (*nlbmodel.NetworkLoadBalancer, error) {
	reqCtx := &svcCtx.RequestContext{
		Ctx:      ctx,
		Service:  svc,
		Anno:     &annotation.AnnotationRequest{Service: svc},
		Log:      util.NLBLog.WithValues("service", util.Key(svc)),
		Recorder: m.record,
	}
	return m.builder.BuildModel(reqCtx, LocalModel)
}
