package krm_test

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/fn/framework"

	"github.com/slbgw/slbgw/krm"
)

// BenchmarkFunctionAnnotations runs the KRM function over a ResourceList whose gateway Service
// has many annotations, up to what the API server accepts (256 KiB of annotations, about 6,000
// of these). Time per annotation must stay flat: linear, not quadratic.
func BenchmarkFunctionAnnotations(b *testing.B) {
	benchmarkAnnotations(b, krm.Processor{Stderr: io.Discard})
}

// BenchmarkPassthroughAnnotations is BenchmarkFunctionAnnotations with a function that does
// nothing: kyaml's own reading and writing, the floor. kyaml reads an object's metadata field by
// field for every annotation (yaml.RNode.GetMeta), so its time per annotation grows with their
// number; slbgw adds a constant on top.
func BenchmarkPassthroughAnnotations(b *testing.B) {
	benchmarkAnnotations(b, framework.ResourceListProcessorFunc(func(*framework.ResourceList) error { return nil }))
}

func benchmarkAnnotations(b *testing.B, p framework.ResourceListProcessor) {
	for _, n := range []int{500, 1500, 6000} {
		var in strings.Builder
		in.WriteString("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: ingress-gateway\n    namespace: knative-serving\n    annotations:\n")
		for i := range n {
			fmt.Fprintf(&in, "      example.com/annotation-%06d: value-%06d\n", i, i)
		}
		in.WriteString("  spec:\n    type: LoadBalancer\nfunctionConfig:\n  apiVersion: slbgw.dev/v1alpha1\n  kind: SLBGateway\n  metadata:\n    name: g\n  spec:\n    loadBalancer:\n      addressType: intranet\n")
		data := []byte(in.String())
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := krm.Execute(p, bytes.NewReader(data), io.Discard); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/annotation")
		})
	}
}
