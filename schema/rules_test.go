package schema

import (
	"slices"
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
	tests = append(tests, loadBalancerRuleTests...)
	tests = append(tests, groupRuleTests...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := findings(t, "loadBalancer:\n    "+tt.lb, SeverityError)
			if got != tt.wantError {
				t.Errorf("errors:\n got %q\nwant %q", got, tt.wantError)
			}
		})
	}
}

// loadBalancerRuleTests are the rows of the rules of spec.loadBalancer added with its groups:
// the spec.loadBalancer block, and its errors.
var loadBalancerRuleTests = []struct{ name, lb, wantError string }{
	{"instanceSpec with PayByCLCU", "instanceSpec: slb.s1.small\n    instanceChargeType: PayByCLCU", "7:19: spec.loadBalancer.instanceSpec: instanceSpec applies only with instanceChargeType \"PayBySpec\" (which slbgw writes when instanceChargeType is left out): PayByCLCU instances have no spec"},
	{"instanceSpec with PayBySpec", "instanceSpec: slb.s1.small\n    instanceChargeType: PayBySpec", ""},
	{"vswitchID on internet", "vswitchID: vsw-1\n    addressType: internet", "7:16: spec.loadBalancer.vswitchID: vswitchID applies only with addressType \"intranet\""},
	{"vswitchID without addressType", "vswitchID: vsw-1", "7:16: spec.loadBalancer.vswitchID: vswitchID applies only with addressType \"intranet\""},
	{"vswitchID on intranet", "vswitchID: vsw-1\n    addressType: intranet", ""},
	{"ip without vswitchID", "ip: 10.0.0.1\n    addressType: intranet", "7:9: spec.loadBalancer.ip: ip needs vswitchID (the vSwitch the address belongs to)"},
	{"ip on internet", "ip: 10.0.0.1\n    vswitchID: vsw-1\n    addressType: internet", "7:9: spec.loadBalancer.ip: ip applies only with addressType \"intranet\"\n8:16: spec.loadBalancer.vswitchID: vswitchID applies only with addressType \"intranet\""},
	{"ip with vswitchID on intranet", "ip: 10.0.0.1\n    vswitchID: vsw-1\n    addressType: intranet", ""},
	{"ipv6 on intranet", "ipVersion: ipv6\n    addressType: intranet", "7:16: spec.loadBalancer.ipVersion: ipVersion \"ipv6\" applies only to addressType \"internet\""},
	{"ipv6 without addressType", "ipVersion: ipv6", ""},
	{"ipv4 on intranet", "ipVersion: ipv4\n    addressType: intranet", ""},
	{"vServerGroupPorts without id", "backend:\n      vServerGroupPorts: rsp-1:80", "8:26: spec.loadBalancer.backend.vServerGroupPorts: backend.vServerGroupPorts applies only when reusing an existing load balancer (id)"},
	{"vServerGroupPorts with id", "id: lb-1\n    backend:\n      vServerGroupPorts: rsp-1:80", ""},
}

// groupRuleTests are the rows of the rules of the groups under spec.loadBalancer (healthCheck,
// stickySession, acl, connectionDrain, backend), each its own table in rules.go.
var groupRuleTests = []struct{ name, lb, wantError string }{
	{"weight without vServerGroupPorts", "id: lb-1\n    backend:\n      weight: 50", "9:15: spec.loadBalancer.backend.weight: weight applies only with vServerGroupPorts (the controller weights reused vServer groups only)"},
	{"weight with vServerGroupPorts", "id: lb-1\n    backend:\n      weight: 50\n      vServerGroupPorts: rsp-1:80", ""},
	{"uri with tcp check", "healthCheck:\n      uri: /healthz\n      type: tcp", "8:12: spec.loadBalancer.healthCheck.uri: uri applies only to an http check: set type \"http\" or leave type out"},
	{"uri without type", "healthCheck:\n      uri: /healthz", ""},
	{"uri with http check", "healthCheck:\n      uri: /healthz\n      type: http", ""},
	{"domain with tcp check", "healthCheck:\n      domain: $_ip\n      type: tcp", "8:15: spec.loadBalancer.healthCheck.domain: domain applies only to an http check: set type \"http\" or leave type out"},
	{"httpCodes with tcp check", "healthCheck:\n      httpCodes: [http_2xx]\n      type: tcp", "8:18: spec.loadBalancer.healthCheck.httpCodes: httpCodes applies only to an http check: set type \"http\" or leave type out"},
	{"method with tcp check", "healthCheck:\n      method: get\n      type: tcp", ""},
	{"connectTimeout with http check", "healthCheck:\n      connectTimeout: 5\n      type: http", ""},
	{"sticky type without enabled", "stickySession:\n      type: server\n      cookie: c", "8:13: spec.loadBalancer.stickySession.type: type applies only with enabled: true"},
	{"sticky type with enabled false", "stickySession:\n      enabled: false\n      type: server\n      cookie: c", "9:13: spec.loadBalancer.stickySession.type: type applies only with enabled: true"},
	{"sticky enabled without type", "stickySession:\n      enabled: true", "8:16: spec.loadBalancer.stickySession.enabled: enabled: true needs type (\"insert\" or \"server\")"},
	{"sticky disabled alone", "stickySession:\n      enabled: false", ""},
	{"cookieTimeout with server", "stickySession:\n      enabled: true\n      type: server\n      cookie: c\n      cookieTimeout: 60", "11:22: spec.loadBalancer.stickySession.cookieTimeout: cookieTimeout applies only with type \"insert\""},
	{"insert without cookieTimeout", "stickySession:\n      enabled: true\n      type: insert", "9:13: spec.loadBalancer.stickySession.type: type \"insert\" needs cookieTimeout (seconds)"},
	{"insert with cookieTimeout", "stickySession:\n      enabled: true\n      type: insert\n      cookieTimeout: 60", ""},
	{"cookie with insert", "stickySession:\n      enabled: true\n      type: insert\n      cookieTimeout: 60\n      cookie: c", "11:15: spec.loadBalancer.stickySession.cookie: cookie applies only with type \"server\""},
	{"server without cookie", "stickySession:\n      enabled: true\n      type: server", "9:13: spec.loadBalancer.stickySession.type: type \"server\" needs cookie (the name of the backend's cookie)"},
	{"acl id without enabled", "acl:\n      id: acl-1\n      type: white", "8:11: spec.loadBalancer.acl.id: id applies only with enabled: true"},
	{"acl id with enabled false", "acl:\n      enabled: false\n      id: acl-1\n      type: white", "9:11: spec.loadBalancer.acl.id: id applies only with enabled: true"},
	{"acl type without id", "acl:\n      enabled: true\n      type: black", "8:16: spec.loadBalancer.acl.enabled: enabled: true needs id (the access control list)\n9:13: spec.loadBalancer.acl.type: type needs id"},
	{"acl enabled without id or type", "acl:\n      enabled: true", "8:16: spec.loadBalancer.acl.enabled: enabled: true needs id (the access control list)\n8:16: spec.loadBalancer.acl.enabled: enabled: true needs type (\"white\" or \"black\")"},
	{"acl enabled false alone", "acl:\n      enabled: false", ""},
	{"acl complete", "acl:\n      enabled: true\n      id: acl-1\n      type: white", ""},
	{"drain timeout without enabled", "connectionDrain:\n      timeout: 30", "8:16: spec.loadBalancer.connectionDrain.timeout: timeout applies only with enabled: true"},
	{"drain timeout with enabled false", "connectionDrain:\n      enabled: false\n      timeout: 30", "9:16: spec.loadBalancer.connectionDrain.timeout: timeout applies only with enabled: true"},
	{"drain enabled without timeout", "connectionDrain:\n      enabled: true", "8:16: spec.loadBalancer.connectionDrain.enabled: enabled: true needs timeout (seconds)"},
	{"drain complete", "connectionDrain:\n      enabled: true\n      timeout: 30", ""},
}

// TestEveryRuleHasATestRow fails when a rule of a table has no row above that expects its message.
func TestEveryRuleHasATestRow(t *testing.T) {
	var wants []string
	for _, table := range [][]struct{ name, lb, wantError string }{loadBalancerRuleTests, groupRuleTests} {
		for _, tt := range table {
			wants = append(wants, tt.wantError)
		}
	}
	old := []string{"bandwidth applies", "needs bandwidth", `applies only to addressType "internet"`, "networkType applies", "forceOverrideListeners applies", "slaveZoneID needs"}
	for pointer, set := range ruleSets() {
		for _, r := range set.rules {
			tested := slices.ContainsFunc(wants, func(w string) bool { return strings.Contains(w, set.field+"."+r.If+": "+r.Message) }) ||
				slices.ContainsFunc(old, func(o string) bool { return strings.Contains(r.Message, o) })
			if !tested {
				t.Errorf("%s (%s): no test row expects %q", set.field, pointer, r.Message)
			}
		}
	}
}

// TestRuleTablesMatchTheSchema checks that Load finds each table where the generated schema has
// it: every allOf in the schema belongs to a table, rule for rule.
func TestRuleTablesMatchTheSchema(t *testing.T) {
	sets := ruleSets()
	found := 0
	var walk func(pointer string, node map[string]any)
	walk = func(pointer string, node map[string]any) {
		if allOf, ok := node["allOf"].([]any); ok {
			found++
			set, ok := sets[pointer]
			if !ok || len(set.rules) != len(allOf) {
				t.Errorf("%s: %d rules in the schema, table %v", pointer, len(allOf), set.rules)
			} else {
				for i, rule := range allOf {
					if d := rule.(map[string]any)["description"]; d != set.rules[i].Message {
						t.Errorf("%s/allOf/%d is %q, the table says %q", pointer, i, d, set.rules[i].Message)
					}
				}
			}
		}
		props, _ := node["properties"].(map[string]any)
		for name, child := range props {
			if c, ok := child.(map[string]any); ok {
				walk(pointer+"/properties/"+name, c)
			}
		}
	}
	walk("", schemaTree())
	if found != len(sets) || found < 6 {
		t.Errorf("%d objects with rules in the schema, %d tables", found, len(sets))
	}
}

// TestProfileChecks covers the rules in Go (checkProfile): lists that need parsing, values to
// compare, and the warnings about documented values. Each row is a spec block and every finding.
func TestProfileChecks(t *testing.T) {
	tests := []struct{ name, spec, want string }{
		{"protocolPort port out of range", "loadBalancer:\n    listeners:\n      protocolPort: http:0", "8:21: spec.loadBalancer.listeners.protocolPort: Invalid value: \"http:0\": port 0 is not 1 to 65535"},
		{"protocolPort duplicate port", "loadBalancer:\n    listeners:\n      protocolPort: http:80,https:80\n  https:\n    certID: c1", "8:21: spec.loadBalancer.listeners.protocolPort: Invalid value: \"http:80,https:80\": port 80 appears twice; a Service port has one listener protocol"},
		{"protocolPort https without certID", "loadBalancer:\n    listeners:\n      protocolPort: https:443", "8:21: warning: spec.loadBalancer.listeners.protocolPort: an https listener needs a certificate, and https.certID is not set: the Service's own cert-id annotation is kept (on ASK, the platform's self-signed certificate); without one the controller cannot create the listener [SLBGW020]"},
		{"protocolPort https with certID", "loadBalancer:\n    listeners:\n      protocolPort: https:443\n  https:\n    certID: c1", ""},
		{"certID with no https listener", "loadBalancer:\n    listeners:\n      protocolPort: http:80\n  https:\n    certID: c1", "10:13: warning: spec.https.certID: has no effect: the listeners (\"http:80\") include no https listener [SLBGW021]"},
		{"forwardPort port out of range", "loadBalancer:\n    listeners:\n      forwardPort: 80:70000", "8:20: spec.loadBalancer.listeners.forwardPort: Invalid value: \"80:70000\": ports must be 1 to 65535"},
		{"forwardPort twice from one port", "loadBalancer:\n    listeners:\n      forwardPort: 80:443,80:8443", "8:20: spec.loadBalancer.listeners.forwardPort: Invalid value: \"80:443,80:8443\": port 80 is forwarded twice"},
		{"forwardPort without an http listener", "loadBalancer:\n    listeners:\n      protocolPort: tcp:80,https:443\n      forwardPort: 80:443\n  https:\n    certID: c1", "9:20: spec.loadBalancer.listeners.forwardPort: Invalid value: \"80:443\": port 80 needs an http listener (listeners: \"tcp:80,https:443\")"},
		{"forwardPort without an https listener", "loadBalancer:\n    listeners:\n      protocolPort: http:80,tcp:443\n      forwardPort: 80:443", "9:20: spec.loadBalancer.listeners.forwardPort: Invalid value: \"80:443\": port 443 needs an https listener (listeners: \"http:80,tcp:443\")"},
		{"forwardPort with the listeners of certID", "loadBalancer:\n    listeners:\n      forwardPort: 80:443\n  https:\n    certID: c1", ""},
		{"forwardPort with the Service's listeners", "loadBalancer:\n    listeners:\n      forwardPort: 80:443", ""},
		{"http2 without an https listener", "loadBalancer:\n    listeners:\n      protocolPort: http:80\n      http2: true", "9:14: warning: spec.loadBalancer.listeners.http2: has no effect: the listeners (\"http:80\") include no https listener [SLBGW021]"},
		{"idleTimeout on tcp listeners", "loadBalancer:\n    listeners:\n      protocolPort: tcp:80\n      idleTimeout: 30", "9:20: warning: spec.loadBalancer.listeners.idleTimeout: has no effect: the listeners (\"tcp:80\") include no http or https listener [SLBGW021]"},
		{"health check method on tcp listeners", "loadBalancer:\n    listeners:\n      protocolPort: tcp:80\n    healthCheck:\n      method: get", "10:15: warning: spec.loadBalancer.healthCheck.method: has no effect: the listeners (\"tcp:80\") include no http or https listener [SLBGW021]"},
		{"health check timeout on tcp listeners", "loadBalancer:\n    listeners:\n      protocolPort: tcp:80\n    healthCheck:\n      timeout: 5", "10:16: warning: spec.loadBalancer.healthCheck.timeout: has no effect: the listeners (\"tcp:80\") include no http or https listener [SLBGW021]"},
		{"proxyProtocol on http and https listeners", "loadBalancer:\n    listeners:\n      proxyProtocol: true\n  https:\n    certID: c1", "8:22: warning: spec.loadBalancer.listeners.proxyProtocol: has no effect: the listeners (\"https:443,http:80, from https.certID\") include no tcp or udp listener [SLBGW021]"},
		{"connection drain on http listeners", "loadBalancer:\n    listeners:\n      protocolPort: http:80\n    connectionDrain:\n      enabled: true\n      timeout: 30", "10:16: warning: spec.loadBalancer.connectionDrain.enabled: has no effect: the listeners (\"http:80\") include no tcp or udp listener [SLBGW021]\n11:16: warning: spec.loadBalancer.connectionDrain.timeout: has no effect: the listeners (\"http:80\") include no tcp or udp listener [SLBGW021]"},
		{"persistenceTimeout on udp listeners", "loadBalancer:\n    listeners:\n      protocolPort: udp:53\n    stickySession:\n      persistenceTimeout: 60", "10:27: warning: spec.loadBalancer.stickySession.persistenceTimeout: has no effect: the listeners (\"udp:53\") include no tcp listener [SLBGW021]"},
		{"vswitchID with classic", "loadBalancer:\n    addressType: intranet\n    networkType: classic\n    vswitchID: vsw-1", "9:16: warning: spec.loadBalancer.vswitchID: has no effect with networkType \"classic\": the controller drops it (clbv1/loadbalancer.go BuildLocalModel) [SLBGW004]"},
		{"tag key with spaces", "loadBalancer:\n    additionalResourceTags:\n      \" a\": b", "8:7: spec.loadBalancer.additionalResourceTags[ a]: Invalid value: \" a\": a key may not start or end with spaces (the controller trims them)"},
		{"tag value with spaces", "loadBalancer:\n    additionalResourceTags:\n      a: \"b \"", "8:7: spec.loadBalancer.additionalResourceTags[a]: Invalid value: \"b \": a value may not start or end with spaces (the controller trims them)"},
		{"acl id list", "loadBalancer:\n    acl:\n      enabled: true\n      id: acl-a1,acl-b2\n      type: white", ""},
		{"instanceChargeType in another case", "loadBalancer:\n    instanceChargeType: paybyclcu", "7:25: spec.loadBalancer.instanceChargeType: Unsupported value: \"paybyclcu\": supported values: \"PayBySpec\", \"PayByCLCU\" (the controller compares case-insensitively and would accept it; write \"PayByCLCU\")"},
		{"privateZone, removed", "loadBalancer:\n    privateZone:\n      name: service.ali", "7:5: spec.loadBalancer.privateZone: Forbidden: removed: the cloud controller has read no private-zone-* annotation since v1.9.3.376 (removed in a96ca88a3, 2021); its PrivateZone controller records <service>.<namespace>.svc with the zone and TTL of the cluster's global config (pkg/controller/pvtz): delete privateZone"},
		{"domain extension with a colon", "loadBalancer:\n    listeners:\n      domainExtensions:\n        a.example.com: \"c:1\"", "9:9: spec.loadBalancer.listeners.domainExtensions[a.example.com]: Invalid value: \"c:1\": a certificate id may not be empty or contain ',', ':' or spaces (the annotation is domain1:certID1,domain2:certID2)"},
		{"idleTimeout with the Service's listeners", "loadBalancer:\n    listeners:\n      idleTimeout: 30", ""},
		{"scheduler the docs do not list", "loadBalancer:\n    listeners:\n      scheduler: sch", "8:18: warning: spec.loadBalancer.listeners.scheduler: \"sch\" is not a value the docs list (\"wrr\", \"rr\", \"wlc\"); the controller passes it on unchecked and the cloud API may reject it [SLBGW011]"},
		{"scheduler rr with Local", "service:\n    externalTrafficPolicy: Local\n  loadBalancer:\n    listeners:\n      scheduler: rr", "10:18: warning: spec.loadBalancer.listeners.scheduler: with externalTrafficPolicy \"Local\" the docs advise \"wrr\", so nodes are weighted by how many gateway pods they run [SLBGW005]"},
		{"scheduler wrr with Local", "service:\n    externalTrafficPolicy: Local\n  loadBalancer:\n    listeners:\n      scheduler: wrr", ""},
		{"interval above the documented range", "loadBalancer:\n    healthCheck:\n      interval: 51", "8:17: warning: spec.loadBalancer.healthCheck.interval: 51 is outside the documented range of 1 to 50 seconds; the controller passes it on unchecked and the cloud API may reject it [SLBGW010]"},
		{"interval below the schema's minimum", "loadBalancer:\n    healthCheck:\n      interval: 0", "8:17: spec.loadBalancer.healthCheck.interval: Invalid value: 0: must be greater than or equal to 1"},
		{"established timeout below the documented range", "loadBalancer:\n    listeners:\n      establishedTimeout: 9", "8:27: warning: spec.loadBalancer.listeners.establishedTimeout: 9 is outside the documented range of 10 to 900 seconds; the controller passes it on unchecked and the cloud API may reject it [SLBGW010]"},
		{"persistence timeout 0", "loadBalancer:\n    stickySession:\n      persistenceTimeout: 0", ""},
		{"connectPort -520", "loadBalancer:\n    healthCheck:\n      connectPort: -520", ""},
		{"connectPort 0", "loadBalancer:\n    healthCheck:\n      connectPort: 0", "8:20: warning: spec.loadBalancer.healthCheck.connectPort: 0 is not a port the docs allow (1 to 65535, or -520 for the listener's backend port); the cloud API may reject it [SLBGW006]"},
		{"cookie starting with $", "loadBalancer:\n    stickySession:\n      enabled: true\n      type: server\n      cookie: $c", "10:15: warning: spec.loadBalancer.stickySession.cookie: \"$c\" does not match the documented form (1 to 200 characters without ',', ';' or spaces, not starting with '$'); the cloud API may reject it [SLBGW012]"},
		{"health check domain with a space", "loadBalancer:\n    healthCheck:\n      domain: a b", "8:15: warning: spec.loadBalancer.healthCheck.domain: \"a b\" does not match the documented form (\"$_ip\", or 1 to 80 letters, digits, '.' or '-'); the cloud API may reject it [SLBGW012]"},
		{"hostname and eip", "loadBalancer:\n    hostname: gw.example.com\n    externalIPType: eip", "8:21: warning: spec.loadBalancer.externalIPType: has no effect while hostname is set: the controller reports hostname in the Service's status instead [SLBGW007]"},
		{"tag key with =", "loadBalancer:\n    additionalResourceTags:\n      a=b: c", "8:7: spec.loadBalancer.additionalResourceTags[a=b]: Invalid value: \"a=b\": a key may not contain ',' or '=' (the annotation is k1=v1,k2=v2)"},
		{"tag with an empty key", "loadBalancer:\n    additionalResourceTags:\n      \"\": c", "8:7: spec.loadBalancer.additionalResourceTags[]: Invalid value: \"\": a key may not be empty"},
		{"tag value with ,", "loadBalancer:\n    additionalResourceTags:\n      a: b,c", "8:7: spec.loadBalancer.additionalResourceTags[a]: Invalid value: \"b,c\": a value may not contain ',' or '=' (the annotation is k1=v1,k2=v2)"},
		{"label value with =", "loadBalancer:\n    backend:\n      labels:\n        a: b=c", "9:9: spec.loadBalancer.backend.labels[a]: Invalid value: \"b=c\": a value may not contain ',' or '=' (the annotation is k1=v1,k2=v2)"},
		{"extra without the prefix", "loadBalancer:\n    extraAnnotations:\n      example.com/x: y", "8:7: spec.loadBalancer.extraAnnotations[example.com/x]: Invalid value: \"example.com/x\": must start with \"service.beta.kubernetes.io/alibaba-cloud-loadbalancer-\" and name an annotation of the cloud controller"},
		{"extra with the legacy prefix", "loadBalancer:\n    extraAnnotations:\n      service.beta.kubernetes.io/alicloud-loadbalancer-x: y", "8:7: spec.loadBalancer.extraAnnotations[service.beta.kubernetes.io/alicloud-loadbalancer-x]: Invalid value: \"service.beta.kubernetes.io/alicloud-loadbalancer-x\": must start with \"service.beta.kubernetes.io/alibaba-cloud-loadbalancer-\" (the legacy prefix is read only when the current key is absent)"},
		{"extra with no suffix", "loadBalancer:\n    extraAnnotations:\n      service.beta.kubernetes.io/alibaba-cloud-loadbalancer-: y", "8:7: spec.loadBalancer.extraAnnotations[service.beta.kubernetes.io/alibaba-cloud-loadbalancer-]: Invalid value: \"service.beta.kubernetes.io/alibaba-cloud-loadbalancer-\": must start with \"service.beta.kubernetes.io/alibaba-cloud-loadbalancer-\" and name an annotation of the cloud controller"},
		{"extra that a field sets", "loadBalancer:\n    extraAnnotations:\n      service.beta.kubernetes.io/alibaba-cloud-loadbalancer-protocol-port: http:80", "8:7: spec.loadBalancer.extraAnnotations[service.beta.kubernetes.io/alibaba-cloud-loadbalancer-protocol-port]: Forbidden: protocol-port is set by a field: use spec.loadBalancer.listeners.protocolPort"},
		{"extra cert-id", "loadBalancer:\n    extraAnnotations:\n      service.beta.kubernetes.io/alibaba-cloud-loadbalancer-cert-id: c", "8:7: spec.loadBalancer.extraAnnotations[service.beta.kubernetes.io/alibaba-cloud-loadbalancer-cert-id]: Forbidden: cert-id is set by a field: use spec.https.certID"},
		{"extra unknown to slbgw", "loadBalancer:\n    extraAnnotations:\n      service.beta.kubernetes.io/alibaba-cloud-loadbalancer-type: \"nlb\"", "8:7: warning: spec.loadBalancer.extraAnnotations[service.beta.kubernetes.io/alibaba-cloud-loadbalancer-type]: set as it is, unchecked: slbgw does not know the values of type; check them against the cloud controller's docs [SLBGW030]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := findings(t, tt.spec, ""); got != tt.want {
				t.Errorf("findings:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// findings loads a profile whose spec is block and returns its findings of severity sev (all
// of them for ""), one a line, without the file name.
func findings(t *testing.T, block string, sev Severity) string {
	t.Helper()
	doc := "apiVersion: slbgw.dev/v1alpha1\nkind: SLBGateway\nmetadata:\n  name: t\nspec:\n  " + block + "\n"
	_, diags := Load("g.yaml", []byte(doc))
	var lines []string
	for _, d := range diags {
		if sev == "" || d.Severity == sev {
			lines = append(lines, strings.TrimPrefix(d.String(), "g.yaml:"))
		}
	}
	return strings.Join(lines, "\n")
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
