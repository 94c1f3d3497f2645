package render

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/schema"
)

// TestRenderRemovesEveryLegacyKey puts the legacy (alicloud-) key of every owned annotation in a
// base Service: each is removed with a warning, whether the profile sets the annotation or not
// (backend-type's key has no legacy form). The HTTPS keys the profile leaves unset are kept,
// since the Service keeps the certificate it has.
func TestRenderRemovesEveryLegacyKey(t *testing.T) {
	var base strings.Builder
	base.WriteString("apiVersion: v1\nkind: Service\nmetadata:\n  name: ingress-gateway\n  namespace: knative-serving\n  annotations:\n")
	for _, a := range schema.AnnotatedFields() {
		for _, legacyKey := range a.LegacyKeys() {
			base.WriteString("    " + legacyKey + ": legacy\n")
		}
	}
	base.WriteString("spec:\n  type: LoadBalancer\n")
	for _, name := range []string{"empty profile", "every field"} {
		t.Run(name, func(t *testing.T) {
			spec := &schema.Spec{}
			if name == "every field" {
				spec = everyFieldSpec(t)
			}
			spec.Service = schema.Service{Name: "ingress-gateway", Namespace: "knative-serving"}
			out, findings, err := Manifests(Filter{Spec: spec}, []byte(base.String()), "base.yaml")
			if err != nil || findings.HasErrors() {
				t.Fatalf("%v %v", err, findings)
			}
			node, err := yaml.Parse(string(out))
			if err != nil {
				t.Fatal(err)
			}
			annotations := node.GetAnnotations()
			warned := 0
			for _, a := range schema.AnnotatedFields() {
				for _, legacyKey := range a.LegacyKeys() {
					_, kept := annotations[legacyKey]
					hasWarning := slices.ContainsFunc(findings, func(d schema.Diagnostic) bool {
						return d.Severity == schema.SeverityWarning && strings.Contains(d.Field, "["+legacyKey+"]")
					})
					if _, set := a.Value(spec); !set && a.KeepWhenUnset {
						// The Service keeps the certificate it has, legacy key included.
						if !kept || hasWarning {
							t.Errorf("%s: kept=%v warning=%v, want it kept silently", legacyKey, kept, hasWarning)
						}
						continue
					}
					if kept || !hasWarning {
						t.Errorf("%s: kept=%v warning=%v, want it removed with a warning", legacyKey, kept, hasWarning)
					}
					warned++
				}
			}
			if warned == 0 {
				t.Error("no legacy warnings at all")
			}
		})
	}
}

// everyFieldSpec is a Spec that sets every annotated field. No valid profile does (bandwidth
// needs internet, vswitchID intranet), but rendering does not re-validate.
func everyFieldSpec(t *testing.T) *schema.Spec {
	t.Helper()
	const doc = `{"loadBalancer": {
		"addressType": "intranet", "networkType": "vpc", "instanceSpec": "slb.s1.small",
		"masterZoneID": "cn-beijing-g", "slaveZoneID": "cn-beijing-f", "chargeType": "paybybandwidth",
		"bandwidth": 10, "name": "gw", "id": "lb-1", "forceOverrideListeners": false,
		"instanceChargeType": "PayBySpec", "ipVersion": "ipv4", "preserveOnDelete": true, "vswitchID": "vsw-1", "ip": "10.0.0.1",
		"resourceGroupID": "rg-1", "additionalResourceTags": {"k": "v"}, "hostname": "gw.example.com",
		"externalIPType": "eip",
		"protection": {"deleteProtection": true, "modificationProtection": "NonProtection"},
		"listeners": {"protocolPort": "https:443,http:80", "forwardPort": "80:443", "http2": true,
			"tlsCipherPolicy": "tls_cipher_policy_1_2", "scheduler": "wrr", "idleTimeout": 30,
			"requestTimeout": 60, "establishedTimeout": 900, "proxyProtocol": false,
			"domainExtensions": {"a.example.com": "c-1"}},
		"connectionDrain": {"enabled": true, "timeout": 30},
		"xForwardedFor": {"proto": true, "slbPort": true, "clientSrcPort": true},
		"acl": {"enabled": true, "id": "acl-1", "type": "white"},
		"healthCheck": {"layer4Enabled": true, "layer7Enabled": true, "type": "http", "uri": "/healthz",
			"domain": "$_ip", "httpCodes": ["http_2xx"], "method": "get", "connectPort": 8080,
			"healthyThreshold": 3, "unhealthyThreshold": 3, "interval": 2, "connectTimeout": 5, "timeout": 5},
		"stickySession": {"enabled": true, "type": "server", "cookie": "c", "cookieTimeout": 60, "persistenceTimeout": 0},
		"backend": {"labels": {"k": "v"}, "type": "ecs", "ipVersion": "ipv4", "removeUnscheduled": true,
			"vServerGroupPorts": "rsp-1:80", "weight": 50, "defaultWeight": 50, "ignoreWeightUpdate": true},
		"nlb": {"zoneMappings": [{"zoneID": "cn-hangzhou-k", "vswitchID": "vsw-a"}], "securityGroupIDs": ["sg-1"],
			"crossZone": true, "bandwidthPackageID": "cbwp-1", "ipv6AddressType": "intranet", "cps": 100,
			"caCertificateIDs": ["ca-1"], "caEnabled": true, "additionalCertificateIDs": ["c-2"],
			"alpn": {"enabled": true, "policy": "HTTP2Optional"}, "listenerPortRange": "30000-31000:80",
			"proxyProtocolV2": {"privateLinkEpID": true, "privateLinkEpsID": true, "vpcID": true},
			"preserveClientIP": true, "serverGroupType": "Ip"}},
		"https": {"certID": "123"}}`
	var spec schema.Spec
	if err := json.Unmarshal([]byte(doc), &spec); err != nil {
		t.Fatal(err)
	}
	for _, a := range schema.AnnotatedFields() {
		if !a.IsSet(&spec) {
			t.Errorf("everyFieldSpec sets no %s", a.Path)
		}
	}
	return &spec
}
