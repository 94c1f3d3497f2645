package render_test

import (
	"testing"

	"github.com/slbgw/slbgw/render"
	"github.com/slbgw/slbgw/schema"
)

// BenchmarkRenderDefault is `slbgw render` without the process: load the embedded default
// profile and render the Service with no base.
func BenchmarkRenderDefault(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		p, diags := schema.Load(schema.DefaultProfileFile, schema.DefaultProfileYAML)
		if diags.HasErrors() {
			b.Fatal(diags)
		}
		if _, _, err := render.Manifests(render.Filter{Spec: &p.Spec}, nil, ""); err != nil {
			b.Fatal(err)
		}
	}
}
