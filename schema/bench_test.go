package schema_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/slbgw/slbgw/schema"
)

// BenchmarkLoadDefault loads the embedded default profile.
func BenchmarkLoadDefault(b *testing.B) {
	benchmarkLoad(b, schema.DefaultProfileYAML)
}

// BenchmarkLoadLargeProfile loads a valid profile that sets many fields, with the metadata an
// orchestrator may pile onto a function's config: 1000 annotations and 1000 labels and a long
// comment (about 80 KB, under a tenth of schema.MaxProfileBytes).
func BenchmarkLoadLargeProfile(b *testing.B) {
	benchmarkLoad(b, largeProfile(1000))
}

func benchmarkLoad(b *testing.B, data []byte) {
	if p, diags := schema.Load("gateway.yaml", data); p == nil {
		b.Fatalf("profile does not load: %v", diags)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		schema.Load("gateway.yaml", data)
	}
}

func largeProfile(n int) []byte {
	var s strings.Builder
	s.WriteString("# " + strings.Repeat("a long comment ", 100) + "\n")
	s.WriteString("apiVersion: slbgw.dev/v1alpha1\nkind: SLBGateway\nmetadata:\n  name: large\n  annotations:\n")
	for i := range n {
		fmt.Fprintf(&s, "    example.com/annotation-%d: \"value %d\" # %s\n", i, i, strings.Repeat("x", 10))
	}
	s.WriteString("  labels:\n")
	for i := range n {
		fmt.Fprintf(&s, "    label-%d: value-%d\n", i, i)
	}
	s.WriteString(`spec:
  service:
    name: ingress-gateway
    namespace: knative-serving
    externalTrafficPolicy: Local
  loadBalancer:
    addressType: internet
    instanceSpec: slb.s2.medium
    masterZoneID: cn-beijing-g
    slaveZoneID: cn-beijing-f
    chargeType: paybybandwidth
    bandwidth: 2
    name: your-svc-name
    id: lb-2zeqgkyib34gw1fxxxxx
    forceOverrideListeners: true
  https:
    certID: 123-cn-hangzhou
`)
	return []byte(s.String())
}
