//go:build ccmconformance

// clbv1_release.go for v2.10.0: NewVGroupManager returns no error.
package clbv1

import (
	"context"

	prvd "k8s.io/cloud-provider-alibaba-cloud/pkg/provider"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
)

func slbgwNewVGroupManager(kubeClient client.Client, cloud prvd.Provider) (*VGroupManager, error) {
	return NewVGroupManager(kubeClient, cloud), nil
}

func (m *ReconcileService) slbgwReconcileRequest(ctx context.Context, req reconcile.Request) error {
	return m.reconcile(ctx, req)
}
