package render_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/slbgw/slbgw/render"
	"github.com/slbgw/slbgw/schema"
)

// annotatedService is a gateway Service with n foreign annotations of about 40 bytes each.
func annotatedService(n int) []byte {
	var b strings.Builder
	b.WriteString("apiVersion: v1\nkind: Service\nmetadata:\n  name: ingress-gateway\n  namespace: knative-serving\n  annotations:\n")
	for i := range n {
		fmt.Fprintf(&b, "    example.com/annotation-%06d: value-%06d\n", i, i)
	}
	b.WriteString("spec:\n  type: LoadBalancer\n")
	return []byte(b.String())
}

// BenchmarkRenderAnnotations renders the default profile over a Service with many annotations,
// up to what the API server accepts (all annotations of an object together: 256 KiB, about
// 6,000 of these). Time per annotation must stay flat as their number grows: linear, not
// quadratic.
func BenchmarkRenderAnnotations(b *testing.B) {
	p, err := schema.DefaultProfile()
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{500, 1500, 6000} {
		base := annotatedService(n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, findings, err := render.Manifests(render.Filter{Spec: &p.Spec}, base, "base.yaml"); err != nil || findings.HasErrors() {
					b.Fatal(err, findings)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/annotation")
		})
	}
}
