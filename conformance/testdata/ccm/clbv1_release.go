//go:build ccmconformance

// The clbv1 calls whose signatures differ between controller releases, at the pinned commit
// (mapped into package clbv1 with clbv1_hook.go by run.sh).
package clbv1

import (
	"context"

	prvd "k8s.io/cloud-provider-alibaba-cloud/pkg/provider"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
)

func slbgwNewVGroupManager(kubeClient client.Client, cloud prvd.Provider) (*VGroupManager, error) {
	return NewVGroupManager(kubeClient, cloud)
}

func (m *ReconcileService) slbgwReconcileRequest(ctx context.Context, req reconcile.Request) error {
	return m.reconcile(ctx, req)
}
