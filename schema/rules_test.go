package schema

import (
	"strings"
	"testing"
)

// TestLoadBalancerRules checks each cross-field rule both ways: the profile that breaks it gets
// exactly the rule's message at the rule's field, and the profile that keeps it gets no error.
func TestLoadBalancerRules(t *testing.T) {
	tests := []struct {
		name      string
		lb        string // the spec.loadBalancer block
		wantError string // "" for a valid profile
	}{
		{"bandwidth without chargeType", "bandwidth: 2", `7:16: spec.loadBalancer.bandwidth: bandwidth applies only with chargeType "paybybandwidth"`},
		{"bandwidth with paybytraffic", "bandwidth: 2\n    chargeType: paybytraffic", `7:16: spec.loadBalancer.bandwidth: bandwidth applies only with chargeType "paybybandwidth"`},
		{"paybybandwidth without bandwidth", "chargeType: paybybandwidth", `7:17: spec.loadBalancer.chargeType: chargeType "paybybandwidth" needs bandwidth (peak Mbps)`},
		{"paybybandwidth with bandwidth", "chargeType: paybybandwidth\n    bandwidth: 10", ""},
		{"paybybandwidth on intranet", "chargeType: paybybandwidth\n    bandwidth: 10\n    addressType: intranet", `7:17: spec.loadBalancer.chargeType: chargeType "paybybandwidth" applies only to addressType "internet"`},
		{"paybybandwidth on internet", "chargeType: paybybandwidth\n    bandwidth: 10\n    addressType: internet", ""},
		{"networkType on internet", "networkType: vpc\n    addressType: internet", `7:18: spec.loadBalancer.networkType: networkType applies only with addressType "intranet"`},
		{"networkType without addressType", "networkType: vpc", `7:18: spec.loadBalancer.networkType: networkType applies only with addressType "intranet"`},
		{"networkType on intranet", "networkType: vpc\n    addressType: intranet", ""},
		{"forceOverrideListeners without id", "forceOverrideListeners: false", "7:29: spec.loadBalancer.forceOverrideListeners: forceOverrideListeners applies only when reusing an existing load balancer (id)"},
		{"forceOverrideListeners with id", "forceOverrideListeners: false\n    id: lb-2ze1", ""},
		{"slave zone without master", "slaveZoneID: cn-beijing-f", "7:18: spec.loadBalancer.slaveZoneID: slaveZoneID needs masterZoneID"},
		{"same zones", "masterZoneID: cn-beijing-g\n    slaveZoneID: cn-beijing-g", `8:18: spec.loadBalancer.slaveZoneID: Invalid value: "cn-beijing-g": must differ from masterZoneID`},
		{"two zones", "masterZoneID: cn-beijing-g\n    slaveZoneID: cn-beijing-f", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := "apiVersion: slbgw.dev/v1alpha1\nkind: SLBGateway\nmetadata:\n  name: t\nspec:\n  loadBalancer:\n    " + tt.lb + "\n"
			_, diags := Load("g.yaml", []byte(doc))
			var errs []string
			for _, d := range diags {
				if d.Severity == SeverityError {
					errs = append(errs, strings.TrimPrefix(d.String(), "g.yaml:"))
				}
			}
			got := strings.Join(errs, "\n")
			if got != tt.wantError {
				t.Errorf("errors:\n got %q\nwant %q", got, tt.wantError)
			}
		})
	}
}

func TestClosestSuggestsTypos(t *testing.T) {
	allowed := []string{"addressType", "bandwidth", "chargeType", "id", "masterZoneID"}
	for name, want := range map[string]string{
		"adressType": "addressType", "AddressType": "addressType", "bandwith": "bandwidth",
		"masterZoneId": "masterZoneID", "zone": "", "ID": "id", "completelyDifferent": "",
	} {
		if got := closest(name, allowed); got != want {
			t.Errorf("closest(%q) = %q, want %q", name, got, want)
		}
	}
}
