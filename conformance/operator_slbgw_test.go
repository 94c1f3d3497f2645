package conformance

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slbgw/slbgw/change"
	"github.com/slbgw/slbgw/schema"
)

// TestOperatorAppliesWhatSlbgwWrote feeds the KnativeServing objects slbgw renders (the goldens
// testdata/render/operator-*/expected.yaml) to the Knative Operator's own transformers
// (operatorRender) and asserts that the gateway Service the operator would apply carries
// exactly the annotations slbgw owns as the profile sets them (what slbgw writes on the
// Service itself with owner service), beside the entry's foreign ones, and that config-domain
// has the profile's domains.
func TestOperatorAppliesWhatSlbgwWrote(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "testdata", "render", "operator-*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no operator goldens: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, "gateway.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			profile, diags := schema.Load("gateway.yaml", data)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			ks, err := os.ReadFile(filepath.Join(dir, "expected.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			services, configDomain := operatorRender(t, ks)
			svc, ok := services[profile.Spec.Service.Name]
			if !ok {
				t.Fatalf("the operator applies no Service %s (it applies %v)", profile.Spec.Service.Name, slicesOfKeys(services))
			}
			got := operatorAnnotations(svc)

			// What slbgw owns, as the profile sets it.
			want := map[string]string{}
			owned := map[string]bool{}
			for _, e := range change.Service(&profile.Spec, nil, "") {
				if e.Target != change.Annotations {
					continue
				}
				owned[e.Key] = true
				if e.Op == change.Set {
					want[e.Key] = e.Value
				}
			}
			gotOwned := map[string]string{}
			for k, v := range got {
				if owned[k] {
					gotOwned[k] = v
				}
			}
			if !maps.Equal(gotOwned, want) {
				t.Errorf("the operator's Service %s has the owned annotations\n%v\nslbgw's profile sets\n%v", profile.Spec.Service.Name, gotOwned, want)
			}
			// The entry's foreign annotations reach the Service too.
			entries, _ := operatorEntries(t, ks)
			for k, v := range entries[profile.Spec.Service.Name] {
				if !owned[k] && got[k] != v {
					t.Errorf("foreign annotation %s: the operator's Service has %q, the entry %q", k, got[k], v)
				}
			}
			for _, e := range change.DomainEntries(profile.Spec.Domain) {
				if v, ok := configDomain[e.Domain]; !ok || v != e.Value {
					t.Errorf("config-domain %s: the operator writes %q (present %v), the profile %q", e.Domain, v, ok, e.Value)
				}
			}
		})
	}
}

func slicesOfKeys[V any](m map[string]V) string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	return strings.Join(keys, ", ")
}
