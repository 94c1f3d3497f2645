package conformance

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
)

// The NLB side of the harness (conformance/testdata/ccm/nlb.go, fakenlb.go, nlbv2_hook.go): a
// Service of spec.loadBalancerClass alibabacloud.com/nlb is reconciled by the controller's nlbv2
// code with its real NLB provider and SDK client, against a fake NLB API. TestNLBHarness runs
// hand-written raw-annotation Services through it and checks the recorded NLB API calls: what
// the controller does on create and on a change, and that an unchanged reconcile writes nothing
// (the fake answers what the controller wrote).

const nlbAnno = "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-"

// nlbZones is the zone-maps annotation of most cases.
const nlbZones = "cn-hangzhou-k:vsw-a,cn-hangzhou-j:vsw-b"

// nlbService is an NLB Service named gw with ports 80 and 443 (TCP) and the given annotations
// (keys without the service.beta.kubernetes.io/alibaba-cloud-loadbalancer- prefix, unless they
// contain a slash).
func nlbService(annotations map[string]string) string {
	var b strings.Builder
	b.WriteString("apiVersion: v1\nkind: Service\nmetadata:\n  name: gw\n  namespace: default\n")
	if len(annotations) > 0 {
		b.WriteString("  annotations:\n")
		keys := make([]string, 0, len(annotations))
		for k := range annotations {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			full := k
			if !strings.Contains(k, "/") {
				full = nlbAnno + k
			}
			fmt.Fprintf(&b, "    %s: %q\n", full, annotations[k])
		}
	}
	b.WriteString("spec:\n  type: LoadBalancer\n  loadBalancerClass: alibabacloud.com/nlb\n  ports:\n" +
		"  - {name: http, port: 80, targetPort: 8080, protocol: TCP}\n" +
		"  - {name: https, port: 443, targetPort: 8443, protocol: TCP}\n")
	return b.String()
}

// with is base plus the given annotations ("" removes one).
func with(base map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			delete(out, kv[i])
		} else {
			out[kv[i]] = kv[i+1]
		}
	}
	return out
}

// nlbResult is a harness result with what only NLB cases have.
type nlbResult struct {
	result
	NLB     bool   `json:"nlb"`
	Skipped string `json:"skipped"`
	reads   map[string][]string
}

// runNLBCases runs cases (NLB or CLB Services) through the harness at dir in one go.
//
//lint:ignore U1000 the entry point for tests that feed NLB cases (the NLB declarations suite)
func runNLBCases(t *testing.T, dir string, cases []harnessCase) map[string]*result {
	t.Helper()
	full := runNLBCasesFull(t, dir, cases)
	out := map[string]*result{}
	for name, r := range full {
		out[name] = &r.result
	}
	return out
}

// runNLBCasesFull is runNLBCases with the NLB-only parts of each result: whether it ran (Skipped)
// and the read actions of each pass.
func runNLBCasesFull(t *testing.T, dir string, cases []harnessCase) map[string]*nlbResult {
	t.Helper()
	data, err := runCases(t, dir, cases)
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		Results []nlbResult `json:"results"`
	}
	var reads struct {
		Results []struct {
			Name                    string
			Create, OldPass, Update *struct{ Reads []string }
		} `json:"results"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &reads); err != nil {
		t.Fatal(err)
	}
	results := map[string]*nlbResult{}
	for i := range out.Results {
		r := &out.Results[i]
		r.reads = map[string][]string{}
		for name, p := range map[string]*struct{ Reads []string }{"create": reads.Results[i].Create,
			"oldPass": reads.Results[i].OldPass, "update": reads.Results[i].Update} {
			if p != nil {
				r.reads[name] = p.Reads
			}
		}
		results[r.Name] = r
	}
	return results
}

// apis are the actions of p's calls, sorted.
func apis(p *pass) []string {
	var out []string
	for _, c := range p.Calls {
		out = append(out, c.API)
	}
	sort.Strings(out)
	return out
}

// callsOf are p's calls of one action.
func callsOf(p *pass, api string) []call {
	var out []call
	for _, c := range p.Calls {
		if c.API == api {
			out = append(out, c)
		}
	}
	return out
}

func logPass(t *testing.T, name string, p *pass) {
	t.Helper()
	if p == nil {
		return
	}
	t.Logf("%s: error %q", name, p.Error)
	for _, c := range p.Calls {
		keys := make([]string, 0, len(c.Params))
		for k := range c.Params {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var kv []string
		for _, k := range keys {
			kv = append(kv, k+"="+c.Params[k])
		}
		t.Logf("  %s %s", c.API, strings.Join(kv, " "))
	}
}

// nlbUser1 is an NLB that exists before the controller runs (reuse with the id annotation).
var nlbUser1 = json.RawMessage(`[{"id": "nlb-user1", "attributes": {"AddressType": "Internet", "LoadBalancerName": "shared"},
 "zoneMappings": [{"zoneId": "cn-hangzhou-k", "vSwitchId": "vsw-a"}, {"zoneId": "cn-hangzhou-j", "vSwitchId": "vsw-b"}]}]`)

// TestNLBHarness is the NLB harness's own test: the calls the controller makes against the fake
// NLB API in hand-written cases. At a release other than the pinned commit (CCM_RELEASE) it
// only checks that an NLB case runs or reports skipped with a reason, and that CLB cases run
// beside it.
func TestNLBHarness(t *testing.T) {
	dir := anyCCMDir(t)
	base := map[string]string{"zone-maps": nlbZones}
	// rich: many settings at once, for the unchanged-reconcile check
	rich := with(base, "protocol-port", "tcpssl:443", "cert-id", "cert-1", "security-group-ids", "sg-a,sg-b",
		"cross-zone-enabled", "off", "idle-timeout", "60", "scheduler", "wrr", "connection-drain", "on",
		"connection-drain-timeout", "30", "health-check-flag", "on", "health-check-type", "tcp",
		"health-check-connect-timeout", "6", "healthy-threshold", "3", "unhealthy-threshold", "3",
		"health-check-interval", "5", "preserve-client-ip", "on", "proxy-protocol", "on", "name", "gw-nlb",
		"additional-resource-tags", "team=a", "cps", "100", "tls-cipher-policy", "tls_cipher_policy_1_2",
		"additional-cert-ids", "cert-2,cert-3")
	svc := nlbService
	cases := []harnessCase{
		{Name: "a/create", New: svc(base)},
		{Name: "b/no-zone-maps", New: svc(nil)},
		{Name: "c/address-type", Old: svc(with(base, "address-type", "internet")), New: svc(with(base, "address-type", "intranet"))},
		{Name: "c/address-type-reused", Cloud: nlbUser1,
			Old: svc(map[string]string{"id": "nlb-user1", "address-type": "internet"}),
			New: svc(map[string]string{"id": "nlb-user1", "address-type": "intranet"})},
		{Name: "d/zone-maps", Old: svc(base), New: svc(with(base, "zone-maps", "cn-hangzhou-k:vsw-c,cn-hangzhou-j:vsw-b"))},
		{Name: "e/security-groups-added", Old: svc(base), New: svc(with(base, "security-group-ids", "sg-a,sg-b"))},
		{Name: "e/security-groups-changed", Old: svc(with(base, "security-group-ids", "sg-a,sg-b")), New: svc(with(base, "security-group-ids", "sg-b,sg-c"))},
		{Name: "e/security-groups-removed", Old: svc(with(base, "security-group-ids", "sg-a,sg-b")), New: svc(base)},
		{Name: "f/ip-version", Old: svc(with(base, "ip-version", "ipv4")), New: svc(with(base, "ip-version", "ipv6"))},
		{Name: "g/tcpssl", New: svc(with(base, "protocol-port", "tcpssl:443", "cert-id", "cert-1"))},
		{Name: "g/tcp-to-tcpssl", Old: svc(base), New: svc(with(base, "protocol-port", "tcpssl:443", "cert-id", "cert-1"))},
		{Name: "h/cross-zone-removed", Old: svc(with(base, "cross-zone-enabled", "off")), New: svc(base)},
		{Name: "i/unchanged", Old: svc(base), New: svc(base)},
		// an annotation the controller does not read changes the Service hash, so the controller
		// compares everything with the cloud (the hash-unchanged pass above skips that)
		{Name: "i/rehash", Old: svc(base), New: svc(with(base, "example.com/touch", "1"))},
		{Name: "i/rehash-rich", Old: svc(rich), New: svc(with(rich, "example.com/touch", "1"))},
		{Name: "clb", New: strings.Replace(svc(nil), "  loadBalancerClass: alibabacloud.com/nlb\n", "", 1)},
	}
	results := runNLBCasesFull(t, dir, cases)
	if clb := results["clb"]; clb == nil || clb.NLB || clb.Create == nil || clb.Create.Error != "" ||
		len(callsOf(clb.Create, "CreateLoadBalancer")) != 1 {
		t.Errorf("a CLB case beside the NLB ones: %+v", clb)
	}
	if recordOnly {
		nlb := results["a/create"]
		switch {
		case nlb == nil:
			t.Fatal("no result for the NLB case")
		case nlb.Skipped != "":
			t.Logf("NLB cases are skipped at release %s: %s", ccmRelease, nlb.Skipped)
		case nlb.Create == nil || nlb.Create.Error != "" || len(callsOf(nlb.Create, "CreateLoadBalancer")) != 1:
			t.Errorf("the NLB case at release %s: %+v", ccmRelease, nlb.Create)
		}
		t.Skipf("CCM_DIR is release %s: the NLB assertions are about the pinned commit", ccmRelease)
	}
	r := func(t *testing.T, name string) *nlbResult {
		t.Helper()
		res, ok := results[name]
		if !ok {
			t.Fatalf("no harness result %s", name)
		}
		if res.Error != "" {
			t.Fatalf("%s: %s", name, res.Error)
		}
		if !res.NLB || res.Skipped != "" {
			t.Fatalf("%s: not run as an NLB case (nlb %v, skipped %q)", name, res.NLB, res.Skipped)
		}
		logPass(t, "create", res.Create)
		logPass(t, "oldPass", res.OldPass)
		logPass(t, "update", res.Update)
		return res
	}
	noError := func(t *testing.T, p *pass) {
		t.Helper()
		if p == nil || p.Error != "" {
			t.Fatalf("pass failed: %+v", p)
		}
	}

	t.Run("a create with zone-maps", func(t *testing.T) {
		res := r(t, "a/create")
		noError(t, res.Create)
		lb := callsOf(res.Create, "CreateLoadBalancer")
		if len(lb) != 1 {
			t.Fatalf("CreateLoadBalancer calls: %v", apis(res.Create))
		}
		for k, v := range map[string]string{"ZoneMappings.1.ZoneId": "cn-hangzhou-k", "ZoneMappings.1.VSwitchId": "vsw-a",
			"ZoneMappings.2.ZoneId": "cn-hangzhou-j", "ZoneMappings.2.VSwitchId": "vsw-b", "AddressType": "internet",
			"VpcId": "vpc-fakecluster", "DeletionProtectionConfig.Enabled": "true", "ModificationProtectionConfig.Status": "ConsoleProtection"} {
			if got := lb[0].Params[k]; got != v {
				t.Errorf("CreateLoadBalancer %s=%q, want %q", k, got, v)
			}
		}
		if _, ok := lb[0].Params["AddressIpVersion"]; ok {
			t.Errorf("CreateLoadBalancer sends AddressIpVersion without ip-version: %v", lb[0].Params)
		}
		ls := callsOf(res.Create, "CreateListener")
		sgs := callsOf(res.Create, "CreateServerGroup")
		if len(ls) != 2 || len(sgs) != 2 || len(callsOf(res.Create, "AddServersToServerGroup")) != 2 {
			t.Fatalf("calls %v, want 2 listeners, 2 server groups with servers", apis(res.Create))
		}
		ports := map[string]string{}
		for _, l := range ls {
			ports[l.Params["ListenerPort"]] = l.Params["ListenerProtocol"]
			if !strings.HasPrefix(l.Params["ServerGroupId"], "sgp-") {
				t.Errorf("listener %s without its server group: %v", l.Params["ListenerPort"], l.Params)
			}
		}
		if ports["80"] != "TCP" || ports["443"] != "TCP" {
			t.Errorf("listeners %v, want TCP 80 and TCP 443", ports)
		}
		for _, sg := range sgs {
			if sg.Params["Protocol"] != "TCP" || sg.Params["VpcId"] != "vpc-fakecluster" {
				t.Errorf("CreateServerGroup %v", sg.Params)
			}
		}
		var attr struct {
			LoadBalancerId, AddressType, AddressIpVersion, DNSName string
			CrossZoneEnabled                                       bool
			ZoneMappings                                           []struct{ ZoneId, VSwitchId string }
		}
		if err := json.Unmarshal(res.LBAttribute, &attr); err != nil {
			t.Fatalf("lbAttribute: %v", err)
		}
		if attr.AddressType != "Internet" || attr.AddressIpVersion != "ipv4" || !attr.CrossZoneEnabled || len(attr.ZoneMappings) != 2 {
			t.Errorf("lbAttribute %+v", attr)
		}
		if len(res.Create.Status) != 1 || res.Create.Status[0] != "hostname:"+attr.DNSName {
			t.Errorf("status %v, want the NLB's DNSName %s", res.Create.Status, attr.DNSName)
		}
		var lsView struct {
			TotalCount int
			Listeners  []struct {
				ListenerPort                     int
				ListenerProtocol, ListenerStatus string
				IdleTimeout                      int
			}
		}
		if err := json.Unmarshal(res.LBListeners, &lsView); err != nil || lsView.TotalCount != 2 {
			t.Errorf("lbListeners %s (%v)", res.LBListeners, err)
		}
	})

	t.Run("b no zone-maps and no id", func(t *testing.T) {
		res := r(t, "b/no-zone-maps")
		if !strings.Contains(res.Create.Error, "ParameterMissing, zone mappings are required") || len(res.Create.Calls) != 0 {
			t.Errorf("error %q, calls %v; want the model error and no call", res.Create.Error, apis(res.Create))
		}
		if !strings.Contains(res.ModelError, "zone mappings are required") {
			t.Errorf("model error %q", res.ModelError)
		}
	})

	t.Run("c address-type internet to intranet", func(t *testing.T) {
		for _, name := range []string{"c/address-type", "c/address-type-reused"} {
			res := r(t, name)
			noError(t, res.OldPass)
			noError(t, res.Update)
			if got := apis(res.Update); strings.Join(got, ",") != "UpdateLoadBalancerAddressTypeConfig" {
				t.Errorf("%s: update calls %v, want UpdateLoadBalancerAddressTypeConfig only", name, got)
				continue
			}
			if p := res.Update.Calls[0].Params; p["AddressType"] != "Intranet" || p["LoadBalancerId"] == "" {
				t.Errorf("%s: %v", name, p)
			}
		}
	})

	t.Run("d zone-maps changed", func(t *testing.T) {
		res := r(t, "d/zone-maps")
		noError(t, res.Update)
		if got := apis(res.Update); strings.Join(got, ",") != "UpdateLoadBalancerZones" {
			t.Fatalf("update calls %v, want UpdateLoadBalancerZones only", got)
		}
		p := res.Update.Calls[0].Params
		if p["ZoneMappings.1.VSwitchId"] != "vsw-c" || p["ZoneMappings.2.VSwitchId"] != "vsw-b" {
			t.Errorf("UpdateLoadBalancerZones %v", p)
		}
	})

	t.Run("e security-group-ids", func(t *testing.T) {
		res := r(t, "e/security-groups-added")
		noError(t, res.Update)
		if got := apis(res.Update); strings.Join(got, ",") != "LoadBalancerJoinSecurityGroup" {
			t.Errorf("added: update calls %v, want LoadBalancerJoinSecurityGroup", got)
		}
		if j := callsOf(res.Update, "LoadBalancerJoinSecurityGroup"); len(j) != 1 ||
			j[0].Params["SecurityGroupIds.1"] != "sg-a" || j[0].Params["SecurityGroupIds.2"] != "sg-b" {
			t.Errorf("added: join %v", j)
		}
		res = r(t, "e/security-groups-changed")
		noError(t, res.Update)
		j, l := callsOf(res.Update, "LoadBalancerJoinSecurityGroup"), callsOf(res.Update, "LoadBalancerLeaveSecurityGroup")
		if len(j) != 1 || len(l) != 1 || j[0].Params["SecurityGroupIds.1"] != "sg-c" || l[0].Params["SecurityGroupIds.1"] != "sg-a" ||
			len(j[0].Params) != 2 || len(l[0].Params) != 2 {
			t.Errorf("changed: join %v, leave %v; want join sg-c, leave sg-a", j, l)
		}
		// removing the annotation leaves the groups on the NLB (no local list to compare)
		res = r(t, "e/security-groups-removed")
		noError(t, res.Update)
		if len(callsOf(res.Update, "LoadBalancerLeaveSecurityGroup")) != 0 {
			t.Errorf("removed: %v", apis(res.Update))
		}
	})

	t.Run("f ip-version ipv4 to ipv6", func(t *testing.T) {
		res := r(t, "f/ip-version")
		noError(t, res.OldPass)
		if !strings.Contains(res.Update.Error, "AddressIpVersion cannot be changed") {
			t.Errorf("update error %q, want AddressIpVersion cannot be changed", res.Update.Error)
		}
		if got := callsOf(res.OldPass, "CreateLoadBalancer"); len(got) != 1 || got[0].Params["AddressIpVersion"] != "ipv4" {
			t.Errorf("old pass CreateLoadBalancer %v", got)
		}
	})

	t.Run("g tcpssl", func(t *testing.T) {
		res := r(t, "g/tcpssl")
		noError(t, res.Create)
		found := false
		for _, l := range callsOf(res.Create, "CreateListener") {
			if l.Params["ListenerPort"] == "443" {
				found = true
				if l.Params["ListenerProtocol"] != "TCPSSL" || l.Params["CertificateIds.1"] != "cert-1" {
					t.Errorf("443: %v", l.Params)
				}
			} else if l.Params["ListenerProtocol"] != "TCP" || l.Params["CertificateIds.1"] != "cert-1" {
				// the controller puts cert-id on every listener it creates, TCP ones too
				// (listeners.go buildListenerFromServicePort); the fake keeps it and answers
				// CertificateIds for TCPSSL listeners only
				t.Errorf("80: %v", l.Params)
			}
		}
		if !found {
			t.Errorf("no listener on 443: %v", apis(res.Create))
		}
		for _, sg := range callsOf(res.Create, "CreateServerGroup") {
			if strings.Contains(sg.Params["ServerGroupName"], ".TCPSSL.") != (sg.Params["Protocol"] == "TCPSSL") {
				t.Errorf("server group %v", sg.Params)
			}
		}

		// TCP 443 -> TCPSSL 443: the listener is deleted and created again on a new server group
		// (its name has the protocol), and the old server group deleted.
		res = r(t, "g/tcp-to-tcpssl")
		// The controller deletes the old listener and creates the new one in parallel tasks
		// (model_applier.go applyListeners: the delete among the before-actions, the create once
		// its server group is ready), so now and then the create comes first and fails on the
		// port (Conflict.Port) while the delete goes through; the next sync creates it. Either
		// way the listener is re-created.
		raced := res.Update.Error != ""
		if raced && !strings.Contains(res.Update.Error, "Conflict.Port") {
			noError(t, res.Update)
		}
		want := []string{"AddServersToServerGroup", "CreateListener", "CreateServerGroup", "DeleteListener", "DeleteServerGroup"}
		if raced {
			want = []string{"AddServersToServerGroup", "CreateListener", "CreateServerGroup", "DeleteListener"} // the old group stays until the listener is made
		}
		if got := apis(res.Update); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("update calls %v, want %v (create raced the delete: %v)", got, want, raced)
		}
		if c := callsOf(res.Update, "CreateListener"); len(c) == 1 &&
			(c[0].Params["ListenerPort"] != "443" || c[0].Params["ListenerProtocol"] != "TCPSSL" || c[0].Params["CertificateIds.1"] != "cert-1") {
			t.Errorf("CreateListener %v", c[0].Params)
		}
		// the delete comes before the create (one TCP-based listener per port)
		order := map[string]int{}
		for i, c := range res.Update.Calls {
			order[c.API] = i
		}
		if !raced && (order["DeleteListener"] > order["CreateListener"] || order["DeleteServerGroup"] < order["CreateListener"]) {
			t.Errorf("order %v", res.Update.Calls)
		}
	})

	t.Run("h cross-zone-enabled removed", func(t *testing.T) {
		res := r(t, "h/cross-zone-removed")
		noError(t, res.OldPass)
		noError(t, res.Update)
		// CreateLoadBalancer has no CrossZoneEnabled: the controller sets it after the create, and
		// twice (prepareLoadBalancer updates the new NLB, then the update task does it again
		// from the remote model read before the first update)
		u := callsOf(res.OldPass, "UpdateLoadBalancerAttribute")
		if len(u) != 2 {
			t.Errorf("old pass: %v, want UpdateLoadBalancerAttribute twice after the create", apis(res.OldPass))
		}
		for _, c := range u {
			if c.Params["CrossZoneEnabled"] != "false" {
				t.Errorf("old pass: %v", c.Params)
			}
		}
		// without the annotation the controller leaves the attribute as it is: no call
		if len(res.Update.Calls) != 0 {
			t.Errorf("update calls %v, want none", apis(res.Update))
		}
		var attr struct{ CrossZoneEnabled bool }
		_ = json.Unmarshal(res.LBAttribute, &attr)
		if attr.CrossZoneEnabled {
			t.Errorf("the old pass left CrossZoneEnabled true")
		}
	})

	t.Run("i unchanged reconcile writes nothing", func(t *testing.T) {
		for _, name := range []string{"i/unchanged", "i/rehash", "i/rehash-rich"} {
			res := r(t, name)
			noError(t, res.OldPass)
			noError(t, res.Update)
			if writes := apis(res.Update); len(writes) != 0 {
				t.Errorf("%s: a reconcile with nothing to change writes %v (the fake answers differently from what the controller wrote)", name, writes)
			}
			t.Logf("%s: reads %v", name, res.reads["update"])
			if name != "i/unchanged" && !contains(res.reads["update"], "ListListeners") {
				t.Errorf("%s: the update pass did not compare the listeners (reads %v)", name, res.reads["update"])
			}
		}
		// the rich case did create everything it asks for
		res := r(t, "i/rehash-rich")
		for _, api := range []string{"CreateLoadBalancer", "LoadBalancerJoinSecurityGroup", "UpdateLoadBalancerAttribute",
			"AssociateAdditionalCertificatesWithListener"} {
			if len(callsOf(res.OldPass, api)) == 0 {
				t.Errorf("rich old pass has no %s: %v", api, apis(res.OldPass))
			}
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
