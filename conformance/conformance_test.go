// Package conformance checks what slbgw says about the Alibaba Cloud cloud controller (CCM)
// against the controller's own code: it renders a matrix of profiles with slbgw, runs the CCM's
// annotation getter, model builder and reconciler on each Service against a fake CLB API
// (conformance/testdata/ccm, built inside a CCM checkout by run.sh), and asserts that the controller
// does what each annotation's declaration (schema.AnnotatedFields) says: the keys it reads, the
// defaults it applies, the listeners a setting reaches, and what a change or a removal does to
// a running load balancer.
//
// It needs a checkout of kubernetes/cloud-provider-alibaba-cloud at schema.CCMCommit:
//
//	make conformance CCM_DIR=/path/to/cloud-provider-alibaba-cloud
//
// Without CCM_DIR it is skipped.
package conformance

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/yaml"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/slbgw/slbgw/change"
	"github.com/slbgw/slbgw/plan"
	"github.com/slbgw/slbgw/render"
	"github.com/slbgw/slbgw/schema"
)

// fieldCase gives a field two values to render, each a whole spec (as YAML), and the spec
// without the field. Contexts make each spec valid (bandwidth needs paybybandwidth) and put the
// field where the controller reads it (weight only on a reused LB with vgroup-port).
type fieldCase struct {
	field string // under spec
	// without is the spec with the field left out; a and b set it to two values. b is "" for
	// a field with one meaningful value (externalIPType: eip).
	without, a, b string
	// cloud seeds load balancers that exist before the controller runs (reuse with id).
	cloud json.RawMessage
	// layoutFree: the field decides the listener layout itself, so the protocols check does not
	// apply.
	layoutFree bool
	// noRemoval says why removing the field alone cannot be rendered (the spec would be
	// invalid, or slbgw refuses the Service), so the removal class is not checked here.
	noRemoval string
	// defaultIgnores are create parameters that differ between writing the default and leaving
	// the annotation out, with no effect on the load balancer.
	defaultIgnores []string
}

// sharedLBs are two existing load balancers and a user-made vServer group, for reuse cases.
var sharedLBs = json.RawMessage(`[
 {"id": "lb-user1", "attributes": {"AddressType": "internet", "LoadBalancerName": "shared", "Address": "47.1.1.1"},
  "vServerGroups": [{"id": "rsp-user80", "name": "my-group-80"}, {"id": "rsp-user443", "name": "my-group-443"}]},
 {"id": "lb-user2", "attributes": {"AddressType": "internet", "Address": "47.2.2.2"}}]`)

const reused = `loadBalancer: {id: lb-user1, forceOverrideListeners: true, backend: {vServerGroupPorts: "rsp-user80:80"}}`

var matrix = []fieldCase{
	{field: "loadBalancer.addressType", without: `{}`, a: `loadBalancer: {addressType: internet}`, b: `loadBalancer: {addressType: intranet}`},
	{field: "loadBalancer.networkType", without: `loadBalancer: {addressType: intranet}`,
		a: `loadBalancer: {addressType: intranet, networkType: vpc}`, b: `loadBalancer: {addressType: intranet, networkType: classic}`},
	{field: "loadBalancer.instanceSpec", without: `loadBalancer: {instanceChargeType: PayBySpec}`,
		a: `loadBalancer: {instanceChargeType: PayBySpec, instanceSpec: slb.s1.small}`, b: `loadBalancer: {instanceChargeType: PayBySpec, instanceSpec: slb.s2.small}`},
	{field: "loadBalancer.masterZoneID", without: `{}`, a: `loadBalancer: {masterZoneID: cn-hangzhou-k}`, b: `loadBalancer: {masterZoneID: cn-hangzhou-i}`},
	{field: "loadBalancer.slaveZoneID", without: `loadBalancer: {masterZoneID: cn-hangzhou-k}`,
		a: `loadBalancer: {masterZoneID: cn-hangzhou-k, slaveZoneID: cn-hangzhou-j}`, b: `loadBalancer: {masterZoneID: cn-hangzhou-k, slaveZoneID: cn-hangzhou-i}`},
	{field: "loadBalancer.chargeType", without: `loadBalancer: {addressType: internet}`,
		a: `loadBalancer: {addressType: internet, chargeType: paybytraffic}`, b: `loadBalancer: {addressType: internet, chargeType: paybybandwidth, bandwidth: 10}`},
	{field: "loadBalancer.bandwidth", noRemoval: "bandwidth goes with chargeType paybybandwidth", without: `loadBalancer: {addressType: internet, chargeType: paybytraffic}`,
		a: `loadBalancer: {addressType: internet, chargeType: paybybandwidth, bandwidth: 10}`, b: `loadBalancer: {addressType: internet, chargeType: paybybandwidth, bandwidth: 20}`},
	{field: "loadBalancer.name", without: `{}`, a: `loadBalancer: {name: gw-1}`, b: `loadBalancer: {name: gw-2}`},
	{field: "loadBalancer.id", cloud: sharedLBs, without: `{}`, a: `loadBalancer: {id: lb-user1}`, b: `loadBalancer: {id: lb-user2}`},
	{field: "loadBalancer.forceOverrideListeners", cloud: sharedLBs, without: `loadBalancer: {id: lb-user1}`,
		a: `loadBalancer: {id: lb-user1, forceOverrideListeners: false}`, b: `loadBalancer: {id: lb-user1, forceOverrideListeners: true}`},
	{field: "loadBalancer.instanceChargeType", without: `{}`, a: `loadBalancer: {instanceChargeType: PayByCLCU}`, b: `loadBalancer: {instanceChargeType: PayBySpec}`},
	{field: "loadBalancer.preserveOnDelete", without: `{}`, a: `loadBalancer: {preserveOnDelete: true}`},
	{field: "loadBalancer.ipVersion", without: `{}`, a: `loadBalancer: {ipVersion: ipv6}`, b: `loadBalancer: {ipVersion: ipv4}`},
	{field: "loadBalancer.vswitchID", without: `loadBalancer: {addressType: intranet}`,
		a: `loadBalancer: {addressType: intranet, vswitchID: vsw-a1}`, b: `loadBalancer: {addressType: intranet, vswitchID: vsw-b2}`},
	{field: "loadBalancer.ip", without: `loadBalancer: {addressType: intranet, vswitchID: vsw-a1}`,
		a: `loadBalancer: {addressType: intranet, vswitchID: vsw-a1, ip: 192.168.0.10}`, b: `loadBalancer: {addressType: intranet, vswitchID: vsw-a1, ip: 192.168.0.11}`},
	{field: "loadBalancer.resourceGroupID", without: `{}`, a: `loadBalancer: {resourceGroupID: rg-a1}`, b: `loadBalancer: {resourceGroupID: rg-b2}`},
	{field: "loadBalancer.additionalResourceTags", without: `{}`, a: `loadBalancer: {additionalResourceTags: {team: a}}`, b: `loadBalancer: {additionalResourceTags: {team: b}}`},
	{field: "loadBalancer.hostname", without: `{}`, a: `loadBalancer: {hostname: gw1.example.com}`, b: `loadBalancer: {hostname: gw2.example.com}`},
	{field: "loadBalancer.externalIPType", without: `{}`, a: `loadBalancer: {externalIPType: eip}`},
	{field: "loadBalancer.protection.deleteProtection", without: `{}`, a: `loadBalancer: {protection: {deleteProtection: true}}`, b: `loadBalancer: {protection: {deleteProtection: false}}`},
	{field: "loadBalancer.protection.modificationProtection", without: `{}`, defaultIgnores: []string{"ModificationProtectionReason"},
		a: `loadBalancer: {protection: {modificationProtection: ConsoleProtection}}`, b: `loadBalancer: {protection: {modificationProtection: NonProtection}}`},
	{field: "loadBalancer.listeners.protocolPort", layoutFree: true, without: `https: {certID: c-1}`,
		a: `{loadBalancer: {listeners: {protocolPort: "tcp:80,tcp:443"}}, https: {certID: c-1}}`, b: `{loadBalancer: {listeners: {protocolPort: "http:80,https:443"}}, https: {certID: c-1}}`},
	{field: "loadBalancer.listeners.forwardPort", layoutFree: true, without: `https: {certID: c-1}`,
		a: `{loadBalancer: {listeners: {forwardPort: "80:443"}}, https: {certID: c-1}}`},
	{field: "loadBalancer.listeners.http2", without: `{}`, a: `loadBalancer: {listeners: {http2: false}}`, b: `loadBalancer: {listeners: {http2: true}}`},
	{field: "loadBalancer.listeners.tlsCipherPolicy", without: `{}`,
		a: `loadBalancer: {listeners: {tlsCipherPolicy: tls_cipher_policy_1_2}}`, b: `loadBalancer: {listeners: {tlsCipherPolicy: tls_cipher_policy_1_1}}`},
	{field: "loadBalancer.listeners.scheduler", without: `{}`, a: `loadBalancer: {listeners: {scheduler: wrr}}`, b: `loadBalancer: {listeners: {scheduler: wlc}}`},
	{field: "loadBalancer.listeners.idleTimeout", without: `{}`, a: `loadBalancer: {listeners: {idleTimeout: 30}}`, b: `loadBalancer: {listeners: {idleTimeout: 40}}`},
	{field: "loadBalancer.listeners.requestTimeout", without: `{}`, a: `loadBalancer: {listeners: {requestTimeout: 30}}`, b: `loadBalancer: {listeners: {requestTimeout: 40}}`},
	{field: "loadBalancer.listeners.establishedTimeout", without: `{}`, a: `loadBalancer: {listeners: {establishedTimeout: 300}}`, b: `loadBalancer: {listeners: {establishedTimeout: 400}}`},
	{field: "loadBalancer.listeners.domainExtensions", without: `{}`,
		a: `loadBalancer: {listeners: {domainExtensions: {a.example.com: c-a}}}`, b: `loadBalancer: {listeners: {domainExtensions: {a.example.com: c-a, b.example.com: c-b}}}`},
	{field: "loadBalancer.listeners.proxyProtocol", without: `{}`, a: `loadBalancer: {listeners: {proxyProtocol: false}}`, b: `loadBalancer: {listeners: {proxyProtocol: true}}`},
	{field: "loadBalancer.connectionDrain.enabled", without: `{}`,
		a: `loadBalancer: {connectionDrain: {enabled: false}}`, b: `loadBalancer: {connectionDrain: {enabled: true, timeout: 30}}`},
	{field: "loadBalancer.connectionDrain.timeout", noRemoval: "enabled: true needs timeout", without: `loadBalancer: {connectionDrain: {enabled: true, timeout: 20}}`,
		a: `loadBalancer: {connectionDrain: {enabled: true, timeout: 30}}`, b: `loadBalancer: {connectionDrain: {enabled: true, timeout: 40}}`},
	{field: "loadBalancer.xForwardedFor.proto", without: `{}`, a: `loadBalancer: {xForwardedFor: {proto: false}}`, b: `loadBalancer: {xForwardedFor: {proto: true}}`},
	{field: "loadBalancer.xForwardedFor.slbPort", without: `{}`, a: `loadBalancer: {xForwardedFor: {slbPort: false}}`, b: `loadBalancer: {xForwardedFor: {slbPort: true}}`},
	{field: "loadBalancer.xForwardedFor.clientSrcPort", without: `{}`, a: `loadBalancer: {xForwardedFor: {clientSrcPort: false}}`, b: `loadBalancer: {xForwardedFor: {clientSrcPort: true}}`},
	{field: "loadBalancer.acl.enabled", without: `{}`,
		a: `loadBalancer: {acl: {enabled: false}}`, b: `loadBalancer: {acl: {enabled: true, id: acl-a1, type: white}}`},
	{field: "loadBalancer.acl.id", noRemoval: "enabled: true needs id", without: `loadBalancer: {acl: {enabled: true, id: acl-z9, type: white}}`,
		a: `loadBalancer: {acl: {enabled: true, id: acl-a1, type: white}}`, b: `loadBalancer: {acl: {enabled: true, id: "acl-a1,acl-b2", type: white}}`},
	{field: "loadBalancer.acl.type", noRemoval: "enabled: true needs type", without: `loadBalancer: {acl: {enabled: true, id: acl-a1, type: black}}`,
		a: `loadBalancer: {acl: {enabled: true, id: acl-a1, type: white}}`, b: `loadBalancer: {acl: {enabled: true, id: acl-a1, type: black}}`},
	{field: "loadBalancer.healthCheck.layer4Enabled", without: `{}`, a: `loadBalancer: {healthCheck: {layer4Enabled: true}}`, b: `loadBalancer: {healthCheck: {layer4Enabled: false}}`},
	{field: "loadBalancer.healthCheck.layer7Enabled", without: `{}`, a: `loadBalancer: {healthCheck: {layer7Enabled: false}}`, b: `loadBalancer: {healthCheck: {layer7Enabled: true}}`},
	{field: "loadBalancer.healthCheck.type", without: `{}`, a: `loadBalancer: {healthCheck: {type: http}}`, b: `loadBalancer: {healthCheck: {type: tcp}}`},
	{field: "loadBalancer.healthCheck.uri", without: `{}`, a: `loadBalancer: {healthCheck: {uri: /a}}`, b: `loadBalancer: {healthCheck: {uri: /b}}`},
	{field: "loadBalancer.healthCheck.domain", without: `{}`, a: `loadBalancer: {healthCheck: {domain: a.example.com}}`, b: `loadBalancer: {healthCheck: {domain: b.example.com}}`},
	{field: "loadBalancer.healthCheck.httpCodes", without: `{}`, a: `loadBalancer: {healthCheck: {httpCodes: [http_3xx]}}`, b: `loadBalancer: {healthCheck: {httpCodes: [http_4xx]}}`},
	{field: "loadBalancer.healthCheck.method", without: `{}`, a: `loadBalancer: {healthCheck: {method: get}}`, b: `loadBalancer: {healthCheck: {method: head}}`},
	{field: "loadBalancer.healthCheck.connectPort", without: `{}`, a: `loadBalancer: {healthCheck: {connectPort: 8080}}`, b: `loadBalancer: {healthCheck: {connectPort: 8081}}`},
	{field: "loadBalancer.healthCheck.healthyThreshold", without: `{}`, a: `loadBalancer: {healthCheck: {healthyThreshold: 4}}`, b: `loadBalancer: {healthCheck: {healthyThreshold: 5}}`},
	{field: "loadBalancer.healthCheck.unhealthyThreshold", without: `{}`, a: `loadBalancer: {healthCheck: {unhealthyThreshold: 4}}`, b: `loadBalancer: {healthCheck: {unhealthyThreshold: 5}}`},
	{field: "loadBalancer.healthCheck.interval", without: `{}`, a: `loadBalancer: {healthCheck: {interval: 4}}`, b: `loadBalancer: {healthCheck: {interval: 5}}`},
	{field: "loadBalancer.healthCheck.connectTimeout", without: `{}`, a: `loadBalancer: {healthCheck: {connectTimeout: 4}}`, b: `loadBalancer: {healthCheck: {connectTimeout: 6}}`},
	{field: "loadBalancer.healthCheck.timeout", without: `{}`, a: `loadBalancer: {healthCheck: {timeout: 4}}`, b: `loadBalancer: {healthCheck: {timeout: 6}}`},
	{field: "loadBalancer.stickySession.enabled", without: `{}`,
		a: `loadBalancer: {stickySession: {enabled: false}}`, b: `loadBalancer: {stickySession: {enabled: true, type: insert, cookieTimeout: 60}}`},
	{field: "loadBalancer.stickySession.type", noRemoval: "enabled: true needs type", without: `loadBalancer: {stickySession: {enabled: true, type: insert, cookieTimeout: 60}}`,
		a: `loadBalancer: {stickySession: {enabled: true, type: server, cookie: c1}}`, b: `loadBalancer: {stickySession: {enabled: true, type: insert, cookieTimeout: 60}}`},
	{field: "loadBalancer.stickySession.cookie", noRemoval: "type server needs cookie", without: `loadBalancer: {stickySession: {enabled: true, type: server, cookie: c0}}`,
		a: `loadBalancer: {stickySession: {enabled: true, type: server, cookie: c1}}`, b: `loadBalancer: {stickySession: {enabled: true, type: server, cookie: c2}}`},
	{field: "loadBalancer.stickySession.cookieTimeout", noRemoval: "type insert needs cookieTimeout", without: `loadBalancer: {stickySession: {enabled: true, type: insert, cookieTimeout: 50}}`,
		a: `loadBalancer: {stickySession: {enabled: true, type: insert, cookieTimeout: 60}}`, b: `loadBalancer: {stickySession: {enabled: true, type: insert, cookieTimeout: 70}}`},
	{field: "loadBalancer.stickySession.persistenceTimeout", without: `{}`,
		a: `loadBalancer: {stickySession: {persistenceTimeout: 60}}`, b: `loadBalancer: {stickySession: {persistenceTimeout: 70}}`},
	{field: "loadBalancer.backend.labels", without: `{}`, a: `loadBalancer: {backend: {labels: {pool: a}}}`, b: `loadBalancer: {backend: {labels: {pool: b}}}`}, // each picks one of the harness's two nodes
	{field: "loadBalancer.backend.type", without: `{}`, a: `loadBalancer: {backend: {type: ecs}}`, b: `loadBalancer: {backend: {type: eni}}`},
	{field: "loadBalancer.backend.ipVersion", without: `{}`, a: `loadBalancer: {backend: {ipVersion: ipv4}}`, b: `loadBalancer: {backend: {ipVersion: ipv6}}`},
	{field: "loadBalancer.backend.removeUnscheduled", without: `{}`, a: `loadBalancer: {backend: {removeUnscheduled: false}}`, b: `loadBalancer: {backend: {removeUnscheduled: true}}`},
	{field: "loadBalancer.backend.vServerGroupPorts", cloud: sharedLBs, without: `loadBalancer: {id: lb-user1, forceOverrideListeners: true}`,
		a: reused, b: `loadBalancer: {id: lb-user1, forceOverrideListeners: true, backend: {vServerGroupPorts: "rsp-user80:80,rsp-user443:443"}}`},
	{field: "loadBalancer.backend.defaultWeight", without: `{}`, a: `loadBalancer: {backend: {defaultWeight: 50}}`, b: `loadBalancer: {backend: {defaultWeight: 80}}`},
	{field: "loadBalancer.backend.ignoreWeightUpdate", without: `{}`, a: `loadBalancer: {backend: {ignoreWeightUpdate: false}}`, b: `loadBalancer: {backend: {ignoreWeightUpdate: true}}`},
	{field: "loadBalancer.backend.weight", cloud: sharedLBs, without: reused,
		a: `loadBalancer: {id: lb-user1, forceOverrideListeners: true, backend: {vServerGroupPorts: "rsp-user80:80", weight: 60}}`,
		b: `loadBalancer: {id: lb-user1, forceOverrideListeners: true, backend: {vServerGroupPorts: "rsp-user80:80", weight: 40}}`},
	{field: "https.certID", layoutFree: true, noRemoval: "slbgw keeps cert-id when certID is left out, and refuses an https listener without one", without: `{}`, a: `https: {certID: c-1}`, b: `https: {certID: c-2}`},
}

// scenarios are changes whose outcome depends on more than the field's declaration: slbgw plan
// refines the class by the controller's conditions, and the suite checks it does so right. Each
// runs in the tcp layout, from one spec to the other.
var scenarios = []struct {
	name, field, from, to string
}{
	{"bandwidth of an intranet LB", "loadBalancer.bandwidth",
		`loadBalancer: {addressType: intranet}`, `loadBalancer: {chargeType: paybybandwidth, bandwidth: 20}`},
	{"certificate of a domain it has", "loadBalancer.listeners.domainExtensions",
		`loadBalancer: {listeners: {protocolPort: "https:443,http:80", domainExtensions: {a.example.com: c-a}}}, https: {certID: c-1}`,
		`loadBalancer: {listeners: {protocolPort: "https:443,http:80", domainExtensions: {a.example.com: c-b}}}, https: {certID: c-1}`},
	{"ip-version removed from an ipv4 LB", "loadBalancer.ipVersion", `loadBalancer: {ipVersion: ipv4}`, `{}`},
	{"ip-version removed from an ipv6 LB", "loadBalancer.ipVersion", `loadBalancer: {ipVersion: ipv6}`, `{}`},
	{"a protocol-port that changes no port", "loadBalancer.listeners.protocolPort",
		`{loadBalancer: {listeners: {protocolPort: "https:443,http:80"}}, https: {certID: c-1}}`,
		`{loadBalancer: {listeners: {protocolPort: "http:80,https:443"}}, https: {certID: c-1}}`},
}

// TestPlanAgreesInScenarios checks slbgw plan on the scenarios.
func TestPlanAgreesInScenarios(t *testing.T) {
	results := runMatrix(t)
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			res := results["scenario/"+sc.name]
			if res == nil || res.Error != "" {
				t.Fatalf("no harness result: %v", res)
			}
			decl := schema.AnnotatedFieldByPath("spec." + sc.field)
			checkPlan(t, fieldCase{field: sc.field, a: sc.from}, decl, sc.to, "tcp", classify(res))
		})
	}
}

// layouts are the listener layouts each case runs in, to see which listeners a setting
// reaches: the default gateway's (the ports' own protocol, tcp) and http/https.
var layouts = map[string]string{
	"tcp":  "",
	"http": "http:80,https:443",
}

// result is one case's output of the harness (conformance/testdata/ccm/main.go).
type result struct {
	Name               string            `json:"name"`
	Annotations        map[string]string `json:"annotations"`
	UnknownAnnotations []string          `json:"unknownAnnotations"`
	ModelError         string            `json:"modelError"`
	Create             *pass             `json:"create"`
	OldPass            *pass             `json:"oldPass"`
	Update             *pass             `json:"update"`
	// LBAttribute and LBListeners are the cloud's view of the load balancer the update pass
	// starts from (after the old pass; for a case without old, after the create pass): the
	// fake API's DescribeLoadBalancerAttribute and DescribeLoadBalancerListeners answers, with
	// the API's field names (LoadBalancerId, Address, AddressType, MasterZoneId, ...).
	LBAttribute json.RawMessage `json:"lbAttribute"`
	LBListeners json.RawMessage `json:"lbListeners"`
	LBViewError string          `json:"lbViewError"`
	Error       string          `json:"error"`
}

type pass struct {
	Calls  []call   `json:"calls"`
	Error  string   `json:"error"`
	Status []string `json:"statusIngress"`
}

type call struct {
	API    string            `json:"api"`
	Params map[string]string `json:"params"`
}

type harnessCase struct {
	Name  string          `json:"name"`
	Old   string          `json:"old,omitempty"`
	New   string          `json:"new"`
	Cloud json.RawMessage `json:"cloud,omitempty"`
}

// TestControllerAgrees is the suite. Its cases run in one harness process. It also records
// what the controller does when a key that was absent is added (ABSENT.md), without asserting it.
func TestControllerAgrees(t *testing.T) {
	results := runMatrix(t)
	var absent []absentRow
	defer func() {
		if len(absent) == len(matrix) { // not when -run picked some fields only
			writeAbsent(t, absent)
		}
	}()
	for _, fc := range matrix {
		decl := schema.AnnotatedFieldByPath("spec." + fc.field)
		if decl == nil {
			t.Errorf("%s: no declaration", fc.field)
			continue
		}
		t.Run(fc.field+"/absent", func(t *testing.T) {
			absent = append(absent, observeAbsent(t, fc, decl, results))
		})
		t.Run(fc.field, func(t *testing.T) {
			r := func(name string) *result {
				res, ok := results[fc.field+"/"+name]
				if !ok {
					t.Fatalf("no harness result %s", name)
				}
				if res.Error != "" || res.ModelError != "" {
					t.Fatalf("%s: the controller cannot build the Service: %s%s", name, res.Error, res.ModelError)
				}
				return res
			}
			layout := changeLayout(decl)
			checkKeys(t, decl, r("a/"+layout))
			if fc.b != "" {
				got := classify(r("a->b/" + layout))
				if got != decl.Change {
					t.Errorf("changing the value on a running LB (%s listeners): the controller does %s, the declaration says %s (%s)", layout, got, decl.Change, describe(r("a->b/"+layout)))
				}
				checkPlan(t, fc, decl, fc.b, layout, got)
				if other := otherLayout(layout); decl.Protocols != nil && !fc.layoutFree {
					// Where no listener reads the setting, the controller does nothing with it.
					got := classify(r("a->b/" + other))
					if got != schema.ChangeNoEffect {
						t.Errorf("changing the value with %s listeners, which do not read it: the controller does %s (%s)", other, got, describe(r("a->b/"+other)))
					}
					checkPlan(t, fc, decl, fc.b, other, got)
				}
			}
			if fc.noRemoval == "" {
				got := classify(r("a->without/" + layout))
				if got != decl.Removal {
					t.Errorf("removing the annotation from a running LB (%s listeners): the controller does %s, the declaration says %s (%s)", layout, got, decl.Removal, describe(r("a->without/"+layout)))
				}
				checkPlan(t, fc, decl, fc.without, layout, got)
			}
			if res, ok := results[fc.field+"/default/tcp"]; ok {
				if diff := callDiff(r("without/tcp").Create, res.Create, fc.defaultIgnores); diff != "" {
					t.Errorf("the declared default %q is not what the controller does without the annotation: %s", decl.Default, diff)
				}
			}
			if decl.Protocols != nil && !fc.layoutFree {
				for layout := range layouts {
					reached := listenerProtocolsChanged(r("without/"+layout).Create, r("a/"+layout).Create)
					for _, p := range reached {
						if !slices.Contains(decl.Protocols, p) {
							t.Errorf("in the %s layout the setting reaches %s listeners; the declaration says only %v", layout, p, decl.Protocols)
						}
					}
				}
			}
		})
	}
}

// TestAnnotationListMatchesTheController checks testdata/ccm-clb-annotations.txt, which the
// unit tests read, against the CLB constants of the controller's annotations.go.
func TestAnnotationListMatchesTheController(t *testing.T) {
	dir := ccmDir(t)
	src, err := os.ReadFile(filepath.Join(dir, "pkg/controller/service/reconcile/annotation/annotations.go"))
	if err != nil {
		t.Fatal(err)
	}
	clb, _, _ := strings.Cut(string(src), "// network load balancer")
	var want []string
	for _, m := range regexp.MustCompile(`AnnotationLoadBalancerPrefix \+ "([a-z0-9-]+)"`).FindAllStringSubmatch(clb, -1) {
		want = append(want, m[1])
	}
	want = append(want, "backend-type") // helper.BackendType, a whole key
	f, err := os.Open(filepath.Join("..", "testdata", "ccm-clb-annotations.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			got = append(got, line)
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("testdata/ccm-clb-annotations.txt:\n%v\nthe controller's CLB annotations:\n%v", got, want)
	}
}

// checkKeys: the controller's getter reads every key the field writes, with the value slbgw
// wrote, but for keys declared as written for older controllers only.
func checkKeys(t *testing.T, decl *schema.AnnotatedField, res *result) {
	t.Helper()
	for _, key := range decl.Keys {
		suffix := schema.Suffix(key)
		if strings.Contains(suffix, "/") {
			continue // backend-type: read from the whole key, which the getter does not report
		}
		if slices.Contains(res.UnknownAnnotations, key) {
			if suffix != "slb-network-type" {
				t.Errorf("the controller does not read %s", key)
			}
			continue
		}
		if _, ok := res.Annotations[suffix]; !ok {
			t.Errorf("the controller's getter does not return %s", suffix)
		}
	}
}

// otherLayout is the layout that is not l.
func otherLayout(l string) string {
	if l == "tcp" {
		return "http"
	}
	return "tcp"
}

// checkPlan asserts that slbgw plan, given the Service of fc.a as the live one (with an address)
// and the spec next, says for the field's annotation what the controller did (observed).
func checkPlan(t *testing.T, fc fieldCase, decl *schema.AnnotatedField, next, layout string, observed schema.ChangeClass) {
	t.Helper()
	planned, err := planClass(t, fc.a, next, layout, decl, nil)
	if err != nil {
		t.Fatal(err)
	}
	if planned != observed {
		t.Errorf("slbgw plan (%s listeners, to %s) says %s; the controller does %s", layout, next, planned, observed)
	}
}

// planClass is what slbgw plan says for decl's field, given the Service of the spec live as the
// live one (with an address) and the spec next; cloud, when not nil, is the load balancer as the
// cloud has it (plan --lb).
func planClass(t *testing.T, live, next, layout string, decl *schema.AnnotatedField, cloud change.Cloud) (schema.ChangeClass, error) {
	t.Helper()
	svc, err := yaml.Parse(service(t, live, layouts[layout]))
	if err != nil {
		return "", err
	}
	status := yaml.MustParse("loadBalancer: {ingress: [{ip: 47.100.0.1}]}")
	if err := svc.PipeE(yaml.SetField("status", status)); err != nil {
		return "", err
	}
	p, diags := schema.Load("next", profileYAML(next, layouts[layout]))
	if diags.HasErrors() {
		return "", fmt.Errorf("%v", diags)
	}
	if ccmRelease != "" && ccmRelease != "eeb0ddc" {
		p.Spec.Controller.Version = ccmRelease // plan on the release the harness runs
	}
	pl, findings, err := plan.Compute(svc, &p.Spec, cloud)
	if err != nil || findings.HasErrors() {
		return "", fmt.Errorf("plan: %v %v", err, findings)
	}
	for _, c := range pl.Changes {
		if c.Field == decl.Path {
			return c.Class, nil
		}
	}
	return schema.ChangeNoEffect, nil // a change the plan does not list does nothing
}

// changeLayout is the listener layout a change is observed in: one whose listeners read the
// setting.
func changeLayout(decl *schema.AnnotatedField) string {
	if decl.Protocols != nil && !slices.Contains(decl.Protocols, "tcp") {
		return "http"
	}
	return "tcp"
}

// classify says what the controller did in an update pass, in the declarations' terms.
func classify(res *result) schema.ChangeClass {
	return classifyPass(res, func(u *pass) bool {
		return u.Error == "" && hasCall(u, "DeleteLoadBalancerListener") && hasCallPrefix(u, "CreateLoadBalancer")
	})
}

// classifyPass is the class of an update pass, given what re-creates listeners in its
// controller's calls: that, else an error (a refusal), else any write (in place), else a status
// change, else no effect.
func classifyPass(res *result, recreated func(*pass) bool) schema.ChangeClass {
	u := res.Update
	switch {
	case u == nil:
		return "(no update pass)"
	case recreated(u):
		return schema.ChangeRecreatesListeners
	case u.Error != "":
		return schema.ChangeRefused
	case len(u.Calls) > 0:
		return schema.ChangeInPlace
	case res.OldPass != nil && !slices.Equal(res.OldPass.Status, u.Status):
		return schema.ChangeStatusOnly
	}
	return schema.ChangeNoEffect
}

func describe(res *result) string {
	u := res.Update
	if u == nil {
		return "no update pass"
	}
	var apis []string
	for _, c := range u.Calls {
		apis = append(apis, c.API)
	}
	slices.Sort(apis) // the controller makes some calls concurrently: their order is not its own
	return fmt.Sprintf("calls %v, error %q", apis, u.Error)
}

func hasCall(p *pass, api string) bool {
	return slices.ContainsFunc(p.Calls, func(c call) bool { return c.API == api })
}

func hasCallPrefix(p *pass, prefix string) bool {
	return slices.ContainsFunc(p.Calls, func(c call) bool { return strings.HasPrefix(c.API, prefix) })
}

// callDiff compares two create passes as sets of calls, but for the ignored parameters; ""
// when they are the same.
func callDiff(a, b *pass, ignore []string) string {
	x, y := callSet(a, ignore), callSet(b, ignore)
	if slices.Equal(x, y) {
		return ""
	}
	var only []string
	for _, c := range x {
		if !slices.Contains(y, c) {
			only = append(only, "without the annotation: "+c)
		}
	}
	for _, c := range y {
		if !slices.Contains(x, c) {
			only = append(only, "with the default: "+c)
		}
	}
	return strings.Join(only, "; ")
}

func callSet(p *pass, ignore []string) []string {
	var out []string
	for _, c := range p.Calls {
		out = append(out, c.API+" "+normalized(c.Params, ignore))
	}
	sort.Strings(out)
	return out
}

// vServerGroupID matches the ids the fake cloud gives vServer groups, in an order that varies
// from run to run (the controller creates them in parallel).
var vServerGroupID = regexp.MustCompile(`rsp-fake[0-9]+`)

func normalized(params map[string]string, ignore []string) string {
	m := map[string]string{}
	for k, v := range params {
		if !slices.Contains(ignore, k) {
			m[k] = vServerGroupID.ReplaceAllString(v, "rsp-fake")
		}
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// listenerProtocolsChanged lists the protocols whose listener create calls differ between two
// create passes: the listeners a setting reached.
func listenerProtocolsChanged(without, with *pass) []string {
	var out []string
	for _, proto := range []string{"TCP", "UDP", "HTTP", "HTTPS"} {
		api := "CreateLoadBalancer" + proto + "Listener"
		pick := func(p *pass) []string {
			var calls []string
			for _, c := range p.Calls {
				if c.API == api {
					calls = append(calls, normalized(c.Params, nil))
				}
			}
			sort.Strings(calls)
			return calls
		}
		if !slices.Equal(pick(without), pick(with)) {
			out = append(out, strings.ToLower(proto))
		}
	}
	return out
}

// runMatrix renders every case with slbgw and runs them through the harness in one go; results
// are keyed field/what/layout.
func runMatrix(t *testing.T) map[string]*result {
	dir := ccmDir(t)
	return runMatrixAt(t, dir)
}

// runMatrixAt is runMatrix for any checkout (the pinned commit or a release to record).
func runMatrixAt(t *testing.T, dir string) map[string]*result {
	matrixOnce.Do(func() { matrixResults, matrixErr = runHarness(t, dir) })
	if matrixErr != nil {
		t.Fatal(matrixErr)
	}
	return matrixResults
}

var (
	matrixOnce    sync.Once
	matrixResults map[string]*result
	matrixErr     error
	// harnessCommit and fakeDefaults are what the harness reported: the controller's commit and
	// the values the fake cloud fills in when the controller does not send them.
	harnessCommit string
	fakeDefaults  map[string]string
)

// runHarness renders every case and scenario and runs them through the harness at once.
func runHarness(t *testing.T, dir string) (map[string]*result, error) {
	var cases []harnessCase
	add := func(name, old, new string, cloud json.RawMessage) {
		cases = append(cases, harnessCase{Name: name, Old: old, New: new, Cloud: cloud})
	}
	for _, fc := range matrix {
		for layout, pp := range layouts {
			without := service(t, fc.without, pp)
			a := service(t, fc.a, pp)
			add(fc.field+"/without/"+layout, "", without, fc.cloud)
			add(fc.field+"/a/"+layout, "", a, fc.cloud)
			decl := schema.AnnotatedFieldByPath("spec." + fc.field)
			if fc.b != "" && decl.Protocols != nil && !fc.layoutFree && layout != changeLayout(decl) {
				add(fc.field+"/a->b/"+layout, a, service(t, fc.b, pp), fc.cloud)
			}
			if layout == changeLayout(decl) {
				if fc.b != "" {
					add(fc.field+"/a->b/"+layout, a, service(t, fc.b, pp), fc.cloud)
				}
				if fc.noRemoval == "" {
					add(fc.field+"/a->without/"+layout, a, without, fc.cloud)
				}
				for _, to := range absentTargets(t, fc) {
					add(fc.field+"/without->"+to.name+"/"+layout, without, service(t, to.spec, pp), fc.cloud)
				}
			}
			if layout != "tcp" {
				continue
			}
			if spec, ok := withDefault(t, fc); ok {
				add(fc.field+"/default/"+layout, "", service(t, spec, pp), fc.cloud)
			}
		}
	}
	for _, sc := range scenarios {
		add("scenario/"+sc.name, service(t, sc.from, ""), service(t, sc.to, ""), nil)
	}
	data, err := runCases(t, dir, cases)
	if err != nil {
		return nil, err
	}
	var out struct {
		CCMCommit    string            `json:"ccmCommit"`
		FakeDefaults map[string]string `json:"fakeCloudDefaults"`
		Results      []result          `json:"results"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, err
	}
	t.Logf("%d cases against the controller at %s", len(out.Results), out.CCMCommit)
	harnessCommit, fakeDefaults = out.CCMCommit, out.FakeDefaults
	results := map[string]*result{}
	for i := range out.Results {
		results[out.Results[i].Name] = &out.Results[i]
	}
	return results, nil
}

// runCases runs cases through the harness (run.sh) built in the checkout at dir, at the release
// under test (CCM_RELEASE), and returns its JSON output.
func runCases(t *testing.T, dir string, cases []harnessCase) ([]byte, error) {
	t.Helper()
	in, err := json.Marshal(map[string]any{"cases": cases})
	if err != nil {
		return nil, err
	}
	tmp := t.TempDir()
	if err := os.WriteFile(filepath.Join(tmp, "in.json"), in, 0o644); err != nil {
		return nil, err
	}
	args := []string{"run.sh", dir, filepath.Join(tmp, "in.json"), filepath.Join(tmp, "out.json")}
	if ccmRelease != "" {
		args = append(args, ccmRelease)
	}
	if out, err := exec.Command("bash", args...).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("run.sh: %v\n%s", err, out)
	}
	return os.ReadFile(filepath.Join(tmp, "out.json"))
}

// withDefault is the case's without spec with the field set to its declared default, when the
// default is a value the field can hold (internet, 100, off); false otherwise ("derived from
// the Service UID").
func withDefault(t *testing.T, fc fieldCase) (string, bool) {
	return withDefaultOf(t, fc, schema.AnnotatedFieldByPath("spec."+fc.field))
}

// withDefaultOf is withDefault for the declaration as one controller reads it (For(class)).
func withDefaultOf(t *testing.T, fc fieldCase, decl *schema.AnnotatedField) (string, bool) {
	if decl.Default == "" || decl.DefaultBy != "controller" || strings.Contains(decl.Default, " ") {
		return "", false // none, not the controller's, or a description ("derived from the Service UID")
	}
	var value any = decl.Default
	if decl.IsSwitch() {
		switch decl.Default {
		case decl.Switch[0]:
			value = true
		case decl.Switch[1]:
			value = false
		default:
			return "", false
		}
	} else if n, err := fmt.Sscanf(decl.Default, "%d", new(int)); err == nil && n == 1 && !strings.ContainsAny(decl.Default, " ") {
		var i int
		fmt.Sscanf(decl.Default, "%d", &i)
		value = i
	}
	var spec map[string]any
	if err := sigsyaml.Unmarshal([]byte(fc.without), &spec); err != nil {
		t.Fatal(err)
	}
	if spec == nil {
		spec = map[string]any{}
	}
	node := spec
	path := strings.Split(fc.field, ".")
	for _, seg := range path[:len(path)-1] {
		next, ok := node[seg].(map[string]any)
		if !ok {
			next = map[string]any{}
			node[seg] = next
		}
		node = next
	}
	node[path[len(path)-1]] = value
	b, err := sigsyaml.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	// A default the schema refuses (a text such as "the cluster's vSwitch") is no value.
	if _, diags := schema.Load("default", profileYAML(string(b), "")); diags.HasErrors() {
		return "", false
	}
	return string(b), true
}

// service renders a spec (YAML) with slbgw into the gateway Service; protocolPort, when not
// empty, fixes the listener layout unless the spec does (an https layout gets a certificate).
func service(t *testing.T, spec, protocolPort string) string {
	t.Helper()
	p, diags := schema.Load("case", profileYAML(spec, protocolPort))
	if diags.HasErrors() {
		t.Fatalf("%s: %v", spec, diags)
	}
	out, findings, err := render.Manifests(render.Filter{Spec: &p.Spec}, nil, "")
	if err != nil || findings.HasErrors() {
		t.Fatalf("%s: %v %v", spec, err, findings)
	}
	return string(out)
}

func profileYAML(spec, protocolPort string) []byte {
	var m map[string]any
	_ = sigsyaml.Unmarshal([]byte(spec), &m)
	if m == nil {
		m = map[string]any{}
	}
	if protocolPort != "" {
		lb, _ := m["loadBalancer"].(map[string]any)
		if lb == nil {
			lb = map[string]any{}
			m["loadBalancer"] = lb
		}
		ls, _ := lb["listeners"].(map[string]any)
		if ls == nil {
			ls = map[string]any{}
			lb["listeners"] = ls
		}
		if _, set := ls["protocolPort"]; !set {
			ls["protocolPort"] = protocolPort
		}
		if h, _ := m["https"].(map[string]any); h == nil {
			m["https"] = map[string]any{"certID": "c-layout"}
		}
	}
	doc := map[string]any{"apiVersion": schema.APIVersion, "kind": schema.Kind, "metadata": map[string]any{"name": "case"}, "spec": m}
	b, _ := sigsyaml.Marshal(doc)
	return b
}

var ccmDirOnce = sync.OnceValues(func() (string, error) {
	dir := os.Getenv("CCM_DIR")
	if dir == "" {
		return "", nil
	}
	out, err := exec.Command("git", "-C", dir, "rev-parse", "HEAD").Output()
	if err != nil {
		return "", fmt.Errorf("CCM_DIR=%s is not a git checkout: %v", dir, err)
	}
	if head := strings.TrimSpace(string(out)); head != schema.CCMCommit {
		if ccmRelease == "" {
			return "", fmt.Errorf("CCM_DIR=%s is at %s; the suite is pinned to %s (schema.CCMCommit)", dir, head, schema.CCMCommit)
		}
		recordOnly = true // another release: TestRecordRelease records it, the assertions skip
	}
	return dir, nil
})

var (
	// ccmRelease names the controller release at CCM_DIR (make conformance CCM_DIRS=name=dir
	// ...): the suite records what it does in testdata/releases/NAME.json and RELEASES.md.
	ccmRelease = os.Getenv("CCM_RELEASE")
	// recordOnly: CCM_DIR is not at the pinned commit; the assertions, which are about the
	// pinned commit, skip.
	recordOnly bool
)

// ccmDir is the checkout of the controller at the pinned commit, or skips the test without one
// (or with another release, which is only recorded).
func ccmDir(t *testing.T) string {
	t.Helper()
	dir := anyCCMDir(t)
	if recordOnly {
		t.Skipf("conformance: CCM_DIR is release %s, not the pinned commit %s: recorded by TestRecordRelease, not asserted", ccmRelease, schema.CCMCommit)
	}
	return dir
}

// anyCCMDir is the checkout of the controller, at the pinned commit or a release to record.
func anyCCMDir(t *testing.T) string {
	t.Helper()
	dir, err := ccmDirOnce()
	if err != nil {
		t.Fatal(err)
	}
	if dir == "" {
		t.Skip("conformance: set CCM_DIR to a checkout of kubernetes/cloud-provider-alibaba-cloud at " + schema.CCMCommit + " (make conformance CCM_DIR=...)")
	}
	return dir
}

// absentTarget is a spec a key that was absent is added with: the field's a, b, or declared
// default, each on top of the field's without spec.
type absentTarget struct{ name, spec string }

func absentTargets(t *testing.T, fc fieldCase) []absentTarget {
	out := []absentTarget{{"a", fc.a}}
	if fc.b != "" {
		out = append(out, absentTarget{"b", fc.b})
	}
	if spec, ok := withDefault(t, fc); ok {
		out = append(out, absentTarget{"default", spec})
	}
	return out
}

// createdAttribute is the load-balancer attribute (the API's name) a field sets at creation,
// for the fields whose value the cloud or the controller picks when the key is absent.
var createdAttribute = map[string]string{
	"loadBalancer.addressType":        "AddressType",
	"loadBalancer.networkType":        "NetworkType",
	"loadBalancer.masterZoneID":       "MasterZoneId",
	"loadBalancer.slaveZoneID":        "SlaveZoneId",
	"loadBalancer.resourceGroupID":    "ResourceGroupId",
	"loadBalancer.vswitchID":          "VSwitchId",
	"loadBalancer.ip":                 "Address",
	"loadBalancer.ipVersion":          "AddressIPVersion",
	"loadBalancer.instanceSpec":       "LoadBalancerSpec",
	"loadBalancer.instanceChargeType": "InstanceChargeType",
	"loadBalancer.chargeType":         "InternetChargeType",
}

// createdDepends says, for the fields of createdAttribute, whether adding the key to a running
// LB has an outcome that depends on the value the LB was created with (from lb.go Update and
// updateInstanceChargeTypeAndInstanceSpec; the table's classes show it).
var createdDepends = map[string]string{
	"loadBalancer.addressType":        "yes: compared with AddressType; equal → no effect, else refused",
	"loadBalancer.networkType":        "yes: compared with NetworkType; equal → no effect, else refused",
	"loadBalancer.masterZoneID":       "yes: compared with MasterZoneId; equal → no effect, else refused",
	"loadBalancer.slaveZoneID":        "yes: compared with SlaveZoneId; equal → no effect, else refused",
	"loadBalancer.resourceGroupID":    "yes: compared with ResourceGroupId; equal → no effect, else refused",
	"loadBalancer.vswitchID":          "no: VSwitchId is never compared on update",
	"loadBalancer.ip":                 "yes: compared with Address; equal → no effect, else refused",
	"loadBalancer.ipVersion":          "yes: compared with AddressIPVersion (\"\" counts as ipv4); equal → no effect, else refused",
	"loadBalancer.instanceSpec":       "yes: compared with LoadBalancerSpec when the LB is PayBySpec; equal → no effect, else ModifyLoadBalancerInstanceSpec",
	"loadBalancer.instanceChargeType": "yes: compared (case-sensitively) with InstanceChargeType; equal → no effect, else ModifyLoadBalancerInstanceChargeType",
	"loadBalancer.chargeType":         "yes: compared with InternetChargeType (internet LB); equal → no effect, else ModifyLoadBalancerInternetSpec",
}

// absentRow is what the controller did when a field's key, absent on a running LB, was added.
type absentRow struct {
	field, layout string
	// withoutSets: the field's keys the without spec writes anyway (the field cannot be left
	// out alone), so its transitions are value changes.
	withoutSets []string
	cells       map[string]string // a, b, default → "class (reason)"
	created     string            // the attribute the LB got without the key, and who chose it
	depends     string
}

// observeAbsent classifies the field's without->X cases and checks what slbgw plan says of each
// (checkPlanAbsent).
func observeAbsent(t *testing.T, fc fieldCase, decl *schema.AnnotatedField, results map[string]*result) absentRow {
	layout := changeLayout(decl)
	row := absentRow{field: fc.field, layout: layout, cells: map[string]string{}}
	withoutSvc := service(t, fc.without, layouts[layout])
	for _, key := range decl.Keys {
		if strings.Contains(withoutSvc, key+":") {
			row.withoutSets = append(row.withoutSets, schema.Suffix(key))
		}
	}
	for _, to := range absentTargets(t, fc) {
		name := fc.field + "/without->" + to.name + "/" + layout
		res, ok := results[name]
		if !ok {
			row.cells[to.name] = "(no result)"
			continue
		}
		if res.Error != "" || res.ModelError != "" {
			row.cells[to.name] = "(harness: " + shorten(res.Error+res.ModelError) + ")"
			t.Logf("%s: %s%s", name, res.Error, res.ModelError)
			continue
		}
		class := classify(res)
		cell := string(class)
		if why := absentReason(res, class); why != "" {
			cell += " (" + why + ")"
		}
		row.cells[to.name] = cell
		checkPlanAbsent(t, fc, decl, to, layout, res, class)
	}
	if attr, ok := createdAttribute[fc.field]; ok {
		row.created, row.depends = createdValue(results[fc.field+"/without->a/"+layout], attr), createdDepends[fc.field]
	}
	return row
}

// checkPlanAbsent asserts slbgw plan on adding a key that was absent, with and without the
// cloud's view (plan --lb, from the harness's lbAttribute of the old pass):
//   - with it, plan says what the controller did;
//   - without it, the same, or "refused unless same" where the controller refused or did nothing
//     (the value the cloud chose at creation decides, and the Service does not show it).
//
// One leeway, in both: where the declared default is the cluster's or the cloud's own ("the
// cluster's setting"), plan says in place and the controller may find the load balancer already
// so (no effect); plan cannot see that, and in place never blocks an apply.
func checkPlanAbsent(t *testing.T, fc fieldCase, decl *schema.AnnotatedField, to absentTarget, layout string, res *result, observed schema.ChangeClass) {
	t.Helper()
	cloud, err := change.ReadCloud(res.LBAttribute)
	if err != nil {
		t.Fatalf("without->%s: the harness's lbAttribute: %v", to.name, err)
	}
	_, concrete := change.ConcreteDefault(decl)
	agrees := func(planned schema.ChangeClass, withCloud bool) bool {
		switch {
		case planned == observed:
			return true
		case planned == schema.ChangeInPlace && observed == schema.ChangeNoEffect && !concrete && decl.Change == schema.ChangeInPlace:
			return true
		case !withCloud && planned == change.RefusedUnlessSame:
			return observed == schema.ChangeRefused || observed == schema.ChangeNoEffect
		}
		return false
	}
	for _, c := range []change.Cloud{cloud, nil} {
		planned, err := planClass(t, fc.without, to.spec, layout, decl, c)
		if err != nil {
			t.Errorf("without->%s: plan: %v", to.name, err)
			continue
		}
		how := "without --lb"
		if c != nil {
			how = "with --lb"
		}
		if !agrees(planned, c != nil) {
			t.Errorf("adding the absent key (without->%s, %s listeners, %s): slbgw plan says %s; the controller does %s (%s)", to.name, layout, how, planned, observed, describe(res))
		}
	}
}

// createdValue is the attribute the LB of the old pass has, and who chose it: the controller
// (sent in CreateLoadBalancer), the fake cloud (not sent), or the seed (an existing LB).
func createdValue(res *result, attr string) string {
	if res == nil || len(res.LBAttribute) == 0 {
		return "(no LB)"
	}
	var m map[string]any
	if err := json.Unmarshal(res.LBAttribute, &m); err != nil {
		return "(bad lbAttribute: " + err.Error() + ")"
	}
	v := fmt.Sprint(m[attr])
	if v == "" {
		v = `""`
	}
	who := "fake cloud"
	if create := findCall(res.OldPass, "CreateLoadBalancer"); create == nil {
		who = "existing LB"
	} else if _, sent := create.Params[attr]; sent {
		who = "sent by the controller"
	}
	return fmt.Sprintf("%s=%s (%s)", attr, v, who)
}

func findCall(p *pass, api string) *call {
	if p == nil {
		return nil
	}
	for i := range p.Calls {
		if p.Calls[i].API == api {
			return &p.Calls[i]
		}
	}
	return nil
}

// absentReason says in a few words why the controller did what it did: the refusal, the calls,
// the status, or for no effect its log or whether the key changes the LB it would create.
func absentReason(res *result, class schema.ChangeClass) string {
	u := res.Update
	switch class {
	case schema.ChangeRefused:
		return shorten(u.Error)
	case schema.ChangeInPlace, schema.ChangeRecreatesListeners:
		var apis []string
		for _, c := range u.Calls {
			if !slices.Contains(apis, c.API) {
				apis = append(apis, c.API)
			}
		}
		sort.Strings(apis) // some calls run in parallel
		return strings.Join(apis, ", ")
	case schema.ChangeStatusOnly:
		return fmt.Sprintf("status %v → %v", res.OldPass.Status, u.Status)
	case schema.ChangeNoEffect:
		diff := paramDiff(res.OldPass, res.Create)
		if len(diff) == 0 {
			return "no call; the key creates the same LB as its absence"
		}
		var why, omitted []string
		for _, k := range diff {
			if _, sent := paramValues(res.Create)[k]; !sent {
				omitted = append(omitted, k.api+"."+k.param)
			} else if len(why) < 3 {
				why = append(why, cloudHas(res, k))
			} else if len(why) == 3 {
				why = append(why, "…")
			}
		}
		if len(omitted) > 0 {
			why = append(why, "create would only omit "+strings.Join(omitted, ", "))
		}
		return "no call; " + strings.Join(why, "; ")
	}
	return ""
}

// shorten keeps the controller's own words of an error: no wrapping prefixes, one line.
func shorten(s string) string {
	s = strings.TrimSpace(strings.SplitN(s, "\n", 2)[0])
	for _, p := range []string{"apply model error: ", "update lb attribute error: ", "alicloud: "} {
		if i := strings.LastIndex(s, p); i >= 0 {
			s = s[i+len(p):]
		}
	}
	s = strings.Trim(s, "[]")
	if len(s) > 110 {
		s = s[:110] + "…"
	}
	return s
}

// paramKey is one parameter of the calls of one API (on one listener port) in a pass.
type paramKey struct{ api, port, param string }

// paramValues are the values each parameter takes in a pass's calls, sorted and joined (the
// controller makes some calls in parallel, in an order that varies).
func paramValues(p *pass) map[paramKey]string {
	all := map[paramKey][]string{}
	if p != nil {
		for _, c := range p.Calls {
			for k, v := range c.Params {
				key := paramKey{c.API, c.Params["ListenerPort"], k}
				all[key] = append(all[key], vServerGroupID.ReplaceAllString(v, "rsp-fake"))
			}
		}
	}
	out := map[paramKey]string{}
	for k, vs := range all {
		sort.Strings(vs)
		out[k] = strings.Join(vs, " | ")
	}
	return out
}

// paramDiff lists, with the values of b, the parameters whose values differ between the calls
// of two passes.
func paramDiff(a, b *pass) []paramKey {
	x, y := paramValues(a), paramValues(b)
	var out []paramKey
	for k, v := range y {
		if w, ok := x[k]; !ok || w != v {
			out = append(out, k)
		}
	}
	for k := range x {
		if _, ok := y[k]; !ok {
			out = append(out, k)
		}
	}
	slices.SortFunc(out, func(p, q paramKey) int {
		return strings.Compare(p.api+"/"+p.port+"/"+p.param, q.api+"/"+q.port+"/"+q.param)
	})
	return out
}

// cloudHas says how a parameter the key would send at create compares with the cloud's view of
// the running LB (lbAttribute, or the listener on its port in lbListeners).
func cloudHas(res *result, k paramKey) string {
	want := paramValues(res.Create)[k]
	name := k.param
	if k.port != "" {
		name += "@" + k.port
	}
	var view map[string]any
	switch {
	case k.api == "CreateLoadBalancer":
		_ = json.Unmarshal(res.LBAttribute, &view)
	case k.port != "" && strings.HasPrefix(k.api, "CreateLoadBalancer"):
		var ls struct{ Listeners []map[string]any }
		_ = json.Unmarshal(res.LBListeners, &ls)
		for _, l := range ls.Listeners {
			if fmt.Sprint(l["ListenerPort"]) == k.port {
				view = l
				// the attributes of the listener's protocol, e.g. TCPListenerConfig
				config, _ := l[strings.ToUpper(fmt.Sprint(l["ListenerProtocol"]))+"ListenerConfig"].(map[string]any)
				for ck, cv := range config {
					if _, top := view[ck]; !top {
						view[ck] = cv
					}
				}
			}
		}
	}
	norm := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, "_", "")) }
	for vk, vv := range view {
		if norm(vk) != norm(k.param) {
			continue
		}
		if got := fmt.Sprint(vv); got == want {
			return "the LB already has " + name + "=" + want
		} else {
			return fmt.Sprintf("%s stays %q (not compared; create sends %s)", name, got, want)
		}
	}
	return "create sends " + name + "=" + want + " (not in the cloud's view)"
}

// writeAbsent writes ABSENT.md: the absent → value table.
func writeAbsent(t *testing.T, rows []absentRow) {
	var b strings.Builder
	fmt.Fprintf(&b, `# Adding a key that was absent, on a running load balancer

Generated by TestControllerAgrees (make conformance CCM_DIR=...); do not edit. Controller:
kubernetes/cloud-provider-alibaba-cloud at %s.

Each cell is what the controller did in the update pass (classify) when the Service of the
field's `+"`without`"+` spec (conformance_test.go matrix) became the Service of its a, b or declared
default spec, in the field's change layout: old = without, new = the other. The reason is the
controller's error for refused, the calls for in place, and for no effect whether the key
changes the load balancer the controller would create (compared with the old pass's create calls).
Not asserted against slbgw plan yet (the test logs plan's view).

"created without the key" is the attribute the load balancer got from the without spec, from
the harness's lbAttribute (DescribeLoadBalancerAttribute), and who chose the value. The fake cloud's
defaults for values the controller does not send:

`, harnessCommit)
	keys := make([]string, 0, len(fakeDefaults))
	for k := range fakeDefaults {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "- `%s`: %s\n", k, fakeDefaults[k])
	}
	b.WriteString("\n| field | layout | without->a | without->b | without->default |\n|---|---|---|---|---|\n")
	cell := func(s string) string {
		if s == "" {
			return "–"
		}
		return strings.ReplaceAll(s, "|", `\|`)
	}
	for _, r := range rows {
		field := "`" + strings.TrimPrefix(r.field, "loadBalancer.") + "`"
		if len(r.withoutSets) > 0 {
			field += " (without already sets " + strings.Join(r.withoutSets, ", ") + ": value changes)"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", field, r.layout, cell(r.cells["a"]), cell(r.cells["b"]), cell(r.cells["default"]))
	}
	b.WriteString("\n## Values chosen at creation when the key is absent\n\n| field | created without the key | does adding the key depend on it |\n|---|---|---|\n")
	for _, r := range rows {
		if r.created != "" {
			fmt.Fprintf(&b, "| `%s` | %s | %s |\n", strings.TrimPrefix(r.field, "loadBalancer."), cell(r.created), cell(r.depends))
		}
	}
	if err := os.WriteFile("ABSENT.md", []byte(b.String()), 0o644); err != nil {
		t.Error(err)
	}
}

// TestCloudView checks the harness's view of the cloud (lbAttribute, lbListeners): it parses as
// the API's answers, holds what the controller created, and has the values the real API always
// returns.
func TestCloudView(t *testing.T) {
	results := runMatrix(t)
	names := make([]string, 0, len(results))
	for name := range results {
		names = append(names, name)
	}
	sort.Strings(names)
	views := map[string]map[string]any{}
	for _, name := range names {
		res := results[name]
		if res.LBViewError != "" {
			t.Errorf("%s: %s", name, res.LBViewError)
		}
		p := res.OldPass
		if p == nil {
			p = res.Create
		}
		if res.Error != "" || p == nil || p.Error != "" || len(res.LBAttribute) == 0 {
			continue
		}
		var attr map[string]any
		if err := json.Unmarshal(res.LBAttribute, &attr); err != nil {
			t.Errorf("%s: lbAttribute: %v", name, err)
			continue
		}
		views[name] = attr
		str := func(k string) string { return fmt.Sprint(attr[k]) }
		// what the controller sent, last value wins
		sent := map[string]string{}
		for _, c := range p.Calls {
			switch c.API {
			case "CreateLoadBalancer", "SetLoadBalancerName", "ModifyLoadBalancerInstanceSpec", "ModifyLoadBalancerInternetSpec",
				"SetLoadBalancerDeleteProtection", "SetLoadBalancerModificationProtection", "ModifyLoadBalancerInstanceChargeType":
				for k, v := range c.Params {
					sent[k] = v
				}
			}
		}
		for k, v := range sent {
			got, ok := attr[k]
			if !ok || (k == "LoadBalancerSpec" && strings.EqualFold(str("InstanceChargeType"), "PayByCLCU")) {
				continue // not an attribute (ClientToken, Tag.1.Key), or no spec on a CLCU instance
			}
			if fmt.Sprint(got) != v {
				t.Errorf("%s: the controller sent %s=%s, the cloud's view says %v", name, k, v, got)
			}
		}
		for _, k := range []string{"LoadBalancerId", "LoadBalancerStatus", "RegionId", "Address", "AddressType", "AddressIPVersion",
			"NetworkType", "MasterZoneId", "SlaveZoneId", "ResourceGroupId", "InstanceChargeType", "LoadBalancerName", "RequestId"} {
			if str(k) == "" {
				t.Errorf("%s: lbAttribute has no %s", name, k)
			}
		}
		if strings.EqualFold(str("InstanceChargeType"), "PayBySpec") && str("LoadBalancerSpec") == "" {
			t.Errorf("%s: a PayBySpec LB without LoadBalancerSpec", name)
		}
		if vpc := str("AddressType") == "intranet" && str("VSwitchId") != ""; vpc != (str("NetworkType") == "vpc") {
			t.Errorf("%s: NetworkType %s for a %s LB with VSwitchId %q", name, str("NetworkType"), str("AddressType"), str("VSwitchId"))
		}
		var ls struct {
			TotalCount int
			Listeners  []struct {
				LoadBalancerId, ListenerProtocol, Scheduler string
				ListenerPort                                int
			}
		}
		if err := json.Unmarshal(res.LBListeners, &ls); err != nil {
			t.Errorf("%s: lbListeners: %v", name, err)
			continue
		}
		var ports []int
		for _, l := range ls.Listeners {
			ports = append(ports, l.ListenerPort)
			if l.LoadBalancerId != str("LoadBalancerId") {
				t.Errorf("%s: listener %d of %s in the view of %s", name, l.ListenerPort, l.LoadBalancerId, str("LoadBalancerId"))
			}
		}
		var attrPorts struct{ ListenerPorts struct{ ListenerPort []int } }
		_ = json.Unmarshal(res.LBAttribute, &attrPorts)
		if ls.TotalCount != len(ls.Listeners) || !slices.Equal(ports, attrPorts.ListenerPorts.ListenerPort) {
			t.Errorf("%s: listeners %v (TotalCount %d), ListenerPorts %v", name, ports, ls.TotalCount, attrPorts.ListenerPorts.ListenerPort)
		}
		if name == "loadBalancer.listeners.scheduler/a->b/tcp" {
			if len(ls.Listeners) != 2 || ls.Listeners[0].Scheduler != "wrr" || ls.Listeners[0].ListenerProtocol != "tcp" {
				t.Errorf("%s: listeners %+v, want two tcp listeners with scheduler wrr (spec a)", name, ls.Listeners)
			}
		}
	}
	// A few cases by value: what the controller created, what the fake cloud chose.
	for name, want := range map[string]map[string]string{
		"loadBalancer.addressType/a->b/tcp":        {"AddressType": "internet", "NetworkType": "classic", "MasterZoneId": "cn-hangzhou-k", "SlaveZoneId": "cn-hangzhou-j", "ResourceGroupId": "rg-default", "AddressIPVersion": "ipv4"},
		"loadBalancer.masterZoneID/a->b/tcp":       {"MasterZoneId": "cn-hangzhou-k", "SlaveZoneId": "cn-hangzhou-j"},
		"loadBalancer.slaveZoneID/a->b/tcp":        {"MasterZoneId": "cn-hangzhou-k", "SlaveZoneId": "cn-hangzhou-j"},
		"loadBalancer.networkType/without->a/tcp":  {"AddressType": "intranet", "NetworkType": "vpc", "VSwitchId": "vsw-fakecluster"},
		"loadBalancer.networkType/a->b/tcp":        {"AddressType": "intranet", "NetworkType": "vpc"},
		"loadBalancer.ip/a->b/tcp":                 {"AddressType": "intranet", "Address": "192.168.0.10", "VSwitchId": "vsw-a1"},
		"loadBalancer.instanceChargeType/a->b/tcp": {"InstanceChargeType": "PayByCLCU", "LoadBalancerSpec": ""},
		"loadBalancer.instanceSpec/without->b/tcp": {"InstanceChargeType": "PayBySpec", "LoadBalancerSpec": "slb.s1.small"},
		"loadBalancer.ipVersion/a->b/tcp":          {"AddressIPVersion": "ipv6"},
		"loadBalancer.id/a->b/tcp":                 {"LoadBalancerId": "lb-user1", "Address": "47.1.1.1", "InstanceChargeType": "PayBySpec", "LoadBalancerSpec": "slb.s1.small"},
	} {
		attr, ok := views[name]
		if !ok {
			t.Errorf("%s: no cloud view", name)
			continue
		}
		for k, v := range want {
			if got := fmt.Sprint(attr[k]); got != v {
				t.Errorf("%s: %s is %q, want %q", name, k, got, v)
			}
		}
	}
}
