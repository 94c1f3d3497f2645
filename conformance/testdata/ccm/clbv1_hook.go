//go:build ccmconformance

// This file is compiled INSIDE the CCM's module as an extra file of package
// k8s.io/cloud-provider-alibaba-cloud/pkg/controller/service/clbv1 (run.sh maps it there with
// `go build -overlay`); it is never part of slbgw's own build. It only exposes, under exported
// names, the CCM's own ReconcileService wiring (newReconciler without a controller-runtime
// manager), its reconcile function and its local model builder, so that the conformance harness
// (main.go, package main) can drive them. It contains no logic of its own. The calls whose
// signatures differ between controller releases are in clbv1_release.go (releases/<tag>/ has a
// release's own).
package clbv1

import (
	"context"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/tools/record"
	"k8s.io/cloud-provider-alibaba-cloud/pkg/controller/helper"
	"k8s.io/cloud-provider-alibaba-cloud/pkg/controller/service/reconcile/annotation"
	svcCtx "k8s.io/cloud-provider-alibaba-cloud/pkg/controller/service/reconcile/context"
	"k8s.io/cloud-provider-alibaba-cloud/pkg/model"
	prvd "k8s.io/cloud-provider-alibaba-cloud/pkg/provider"
	"k8s.io/cloud-provider-alibaba-cloud/pkg/util"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
)

// SlbgwNewReconciler wires a ReconcileService exactly like newReconciler (service_controller.go),
// with the given kube client, cloud provider and event recorder instead of a manager's.
func SlbgwNewReconciler(kubeClient client.Client, cloud prvd.Provider, rec record.EventRecorder) (*ReconcileService, error) {
	recon := &ReconcileService{
		cloud:            cloud,
		kubeClient:       kubeClient,
		record:           rec,
		finalizerManager: helper.NewDefaultFinalizerManager(kubeClient),
	}
	slbManager := NewLoadBalancerManager(recon.cloud)
	listenerManager := NewListenerManager(recon.cloud)
	vGroupManager, err := slbgwNewVGroupManager(recon.kubeClient, recon.cloud)
	if err != nil {
		return nil, err
	}
	recon.builder = NewModelBuilder(slbManager, listenerManager, vGroupManager)
	recon.applier = NewModelApplier(slbManager, listenerManager, vGroupManager)
	return recon, nil
}

// SlbgwReconcile runs the CCM's reconcile (ReconcileService.reconcile) for one Service.
func (m *ReconcileService) SlbgwReconcile(ctx context.Context, nn types.NamespacedName) error {
	return m.slbgwReconcileRequest(ctx, reconcile.Request{NamespacedName: nn})
}

// SlbgwBuildLocalModel runs the CCM's local model builder (ModelBuilder.BuildModel with
// LocalModel) on svc, with a request context built like reconcile builds it.
func (m *ReconcileService) SlbgwBuildLocalModel(ctx context.Context, svc *v1.Service) (*model.LoadBalancer, error) {
	reqCtx := &svcCtx.RequestContext{
		Ctx:      ctx,
		Service:  svc,
		Anno:     &annotation.AnnotationRequest{Service: svc},
		Log:      util.ServiceLog.WithValues("service", util.Key(svc)),
		Recorder: m.record,
	}
	return m.builder.BuildModel(reqCtx, LocalModel)
}
