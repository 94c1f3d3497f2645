package render

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/schema"
)

// TestEveryCCMAnnotationIsOwned fails when a CLB annotation of the cloud controller has no row in
// OwnedAnnotations. The list is testdata/ccm-clb-annotations.txt, a copy of the reference's table
// (CI runs without the reference beside the repository).
func TestEveryCCMAnnotationIsOwned(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "testdata", "ccm-clb-annotations.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	owned := map[string]bool{}
	for _, a := range OwnedAnnotations {
		owned[a.Suffix] = true
	}
	listed := 0
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		suffix := strings.TrimSpace(scanner.Text())
		if suffix == "" || strings.HasPrefix(suffix, "#") {
			continue
		}
		listed++
		if !owned[suffix] {
			t.Errorf("%s: the controller reads it, but OwnedAnnotations has no row for it", suffix)
		}
	}
	if err := scanner.Err(); err != nil {
		t.Fatal(err)
	}
	if listed < 60 {
		t.Fatalf("only %d suffixes listed", listed)
	}
}

// TestOwnedAnnotationsMatchTheTypes keeps OwnedAnnotations and the `annotation` tags of the
// profile types (which the schema and the extraAnnotations check read) saying the same thing.
func TestOwnedAnnotationsMatchTheTypes(t *testing.T) {
	type pair struct{ field, suffix string }
	var fromTags, fromTable []pair
	for _, f := range schema.AnnotatedFields() {
		fromTags = append(fromTags, pair{f.Field, f.Suffix})
	}
	suffixes := map[string]bool{}
	for _, a := range OwnedAnnotations {
		if suffixes[a.Suffix] {
			t.Errorf("%s has two rows", a.Suffix)
		}
		suffixes[a.Suffix] = true
		for _, field := range append([]string{a.Field}, a.OtherFields...) {
			fromTable = append(fromTable, pair{field, a.Suffix})
		}
	}
	for _, p := range fromTags {
		if !slices.Contains(fromTable, p) {
			t.Errorf("%s is tagged annotation:%q but no OwnedAnnotations row says so", p.field, p.suffix)
		}
	}
	for _, p := range fromTable {
		if !slices.Contains(fromTags, p) {
			t.Errorf("OwnedAnnotations says %s sets %s, but its annotation tag does not", p.field, p.suffix)
		}
	}
}

// TestRenderRemovesEveryLegacyKey puts the legacy (alicloud-) key of every owned annotation in a
// base Service: each is removed with a warning, whether the profile sets the annotation or not
// (backend-type's key has no legacy form). The HTTPS keys the profile leaves unset are kept,
// since the Service keeps the certificate it has.
func TestRenderRemovesEveryLegacyKey(t *testing.T) {
	var base strings.Builder
	base.WriteString("apiVersion: v1\nkind: Service\nmetadata:\n  name: ingress-gateway\n  namespace: knative-serving\n  annotations:\n")
	for _, a := range OwnedAnnotations {
		if a.LegacyKey() != "" {
			base.WriteString("    " + a.LegacyKey() + ": legacy\n")
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
			out, findings, err := Manifests(spec, []byte(base.String()), "base.yaml")
			if err != nil || findings.HasErrors() {
				t.Fatalf("%v %v", err, findings)
			}
			node, err := yaml.Parse(string(out))
			if err != nil {
				t.Fatal(err)
			}
			annotations := node.GetAnnotations()
			warned := 0
			for _, a := range OwnedAnnotations {
				if a.LegacyKey() == "" {
					continue
				}
				_, kept := annotations[a.LegacyKey()]
				hasWarning := slices.ContainsFunc(findings, func(d schema.Diagnostic) bool {
					return d.Severity == schema.SeverityWarning && strings.Contains(d.Field, "["+a.LegacyKey()+"]")
				})
				if _, set := a.Value(spec); !set && a.KeepWhenUnset {
					// The Service keeps the certificate it has, legacy key included.
					if !kept || hasWarning {
						t.Errorf("%s: kept=%v warning=%v, want it kept silently", a.LegacyKey(), kept, hasWarning)
					}
					continue
				}
				if kept || !hasWarning {
					t.Errorf("%s: kept=%v warning=%v, want it removed with a warning", a.LegacyKey(), kept, hasWarning)
				}
				warned++
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
		"instanceChargeType": "PayBySpec", "ipVersion": "ipv4", "vswitchID": "vsw-1", "ip": "10.0.0.1",
		"resourceGroupID": "rg-1", "additionalResourceTags": {"k": "v"}, "hostname": "gw.example.com",
		"externalIPType": "eip",
		"protection": {"deleteProtection": true, "modificationProtection": "NonProtection"},
		"listeners": {"protocolPort": "https:443,http:80", "forwardPort": "80:443", "http2": true,
			"tlsCipherPolicy": "tls_cipher_policy_1_2", "scheduler": "wrr", "idleTimeout": 30,
			"requestTimeout": 60, "establishedTimeout": 900, "proxyProtocol": false},
		"connectionDrain": {"enabled": true, "timeout": 30},
		"xForwardedFor": {"proto": true, "slbPort": true, "clientSrcPort": true},
		"acl": {"enabled": true, "id": "acl-1", "type": "white"},
		"healthCheck": {"layer4Enabled": true, "layer7Enabled": true, "type": "http", "uri": "/healthz",
			"domain": "$_ip", "httpCodes": ["http_2xx"], "method": "get", "connectPort": 8080,
			"healthyThreshold": 3, "unhealthyThreshold": 3, "interval": 2, "connectTimeout": 5, "timeout": 5},
		"stickySession": {"enabled": true, "type": "server", "cookie": "c", "cookieTimeout": 60, "persistenceTimeout": 0},
		"backend": {"labels": {"k": "v"}, "type": "ecs", "ipVersion": "ipv4", "removeUnscheduled": true,
			"vServerGroupPorts": "rsp-1:80", "weight": 50},
		"privateZone": {"name": "service.ali", "id": "pz-1", "recordName": "gw", "recordTTL": 60}},
		"https": {"certID": "123"}}`
	var spec schema.Spec
	if err := json.Unmarshal([]byte(doc), &spec); err != nil {
		t.Fatal(err)
	}
	for _, a := range OwnedAnnotations {
		if _, set := a.Value(&spec); !set {
			t.Errorf("everyFieldSpec sets no %s", a.Suffix)
		}
	}
	return &spec
}
