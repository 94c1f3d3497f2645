package krm_test

import (
	"bytes"
	"io"
	"strconv"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/fn/framework"

	"github.com/slbgw/slbgw/bench/resourcelist"
	"github.com/slbgw/slbgw/krm"
)

// benchSizes are the ResourceList sizes (items) of BenchmarkProcessor and BenchmarkPassthrough.
var benchSizes = []int{100, 1000, 10000}

// BenchmarkProcessor runs the KRM function as the CLI does (read, process, write) over a
// generated ResourceList of mixed kinds. Compare with BenchmarkPassthrough, the floor: the
// same read and write with a processor that does nothing.
func BenchmarkProcessor(b *testing.B) {
	benchmarkExecute(b, krm.Processor{Stderr: io.Discard})
}

// BenchmarkPassthrough is BenchmarkProcessor with a processor that does nothing.
func BenchmarkPassthrough(b *testing.B) {
	benchmarkExecute(b, framework.ResourceListProcessorFunc(func(*framework.ResourceList) error { return nil }))
}

func benchmarkExecute(b *testing.B, p framework.ResourceListProcessor) {
	for _, n := range benchSizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			in := resourcelist.Generate(n)
			var out bytes.Buffer
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				out.Reset()
				if err := krm.Execute(p, bytes.NewReader(in), &out); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
