package conformance

// The Knative Operator harness: conformance/operator is a module of its own
// (knative.dev/operator's dependencies stay out of slbgw's go.mod) holding
// knative-operator-render, which runs the operator's own reconcile stages
// and transformers (ServicesTransform, ConfigMapTransform, the Kourier
// transformers, ...) on a KnativeServing and prints what the operator would
// apply for the gateway. See conformance/operator/README.md.
//
// The first build downloads the operator's dependencies and compiles some
// 850 packages (about 4 minutes on 2 cores, see the README), so these tests
// run only with SLBGW_OPERATOR=1:
//
//	SLBGW_OPERATOR=1 go test ./conformance -run Operator

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	sigsyaml "sigs.k8s.io/yaml"
)

const operatorDir = "operator" // relative to this package's directory

var (
	operatorOnce sync.Once
	operatorBin  string
	operatorErr  error
)

// operatorBinary builds knative-operator-render once per test process (go
// build in conformance/operator; modules come from the module proxy) and
// returns its path. It skips t unless SLBGW_OPERATOR=1.
func operatorBinary(t testing.TB) string {
	t.Helper()
	if os.Getenv("SLBGW_OPERATOR") != "1" {
		t.Skip("set SLBGW_OPERATOR=1 to run the Knative Operator harness (the first build takes minutes: see conformance/operator/README.md)")
	}
	operatorOnce.Do(func() {
		dir, err := os.UserCacheDir()
		if err != nil {
			dir = os.TempDir()
		}
		dir = filepath.Join(dir, "slbgw-conformance")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			operatorErr = err
			return
		}
		bin := filepath.Join(dir, "knative-operator-render")
		cmd := exec.Command("go", "build", "-o", bin, ".")
		cmd.Dir = operatorDir
		cmd.Env = append(os.Environ(), "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			operatorErr = fmt.Errorf("go build in conformance/operator: %v\n%s", err, out)
			return
		}
		operatorBin = bin
	})
	if operatorErr != nil {
		t.Fatal(operatorErr)
	}
	return operatorBin
}

// operatorRun runs knative-operator-render with args, the KnativeServing ks
// given as -ks, and returns its stdout.
func operatorRun(t testing.TB, ks []byte, args ...string) []byte {
	t.Helper()
	bin := operatorBinary(t)
	f := filepath.Join(t.TempDir(), "ks.yaml")
	if err := os.WriteFile(f, ks, 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, append([]string{"-ks", f}, args...)...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("knative-operator-render %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes()
}

// operatorRender runs the Knative Operator's own code (knative.dev/operator
// at the version pinned in conformance/operator/go.mod) on ks, a
// KnativeServing (operator.knative.dev/v1beta1) as YAML, the way the
// operator's reconciler does for it before applying: the Serving release
// and, with spec.ingress.kourier.enabled: true, the Kourier ingress
// manifests shipped in the operator, transformed by the operator's
// transformer chain. It returns what the operator would apply for the
// gateway:
//
//   - services: the kourier Services ("kourier", "kourier-internal"), by
//     name, each the whole object as decoded from YAML (metadata.annotations
//     is a map[string]any of strings; operatorAnnotations reads it);
//   - configDomain: the data of ConfigMap config-domain.
//
// It skips the test unless SLBGW_OPERATOR=1 and fails it if the command
// fails (an invalid spec.ingress.kourier.service-type, say, is an error of
// the operator's transformer). Tests may call it in parallel; the command
// is built once per process.
func operatorRender(t testing.TB, ks []byte) (services map[string]map[string]any, configDomain map[string]string) {
	t.Helper()
	out := operatorRun(t, ks)
	services = map[string]map[string]any{}
	for _, doc := range strings.Split(string(out), "---\n") {
		if strings.TrimSpace(doc) == "" {
			continue
		}
		var obj map[string]any
		if err := sigsyaml.Unmarshal([]byte(doc), &obj); err != nil {
			t.Fatalf("knative-operator-render output: %v\n%s", err, doc)
		}
		meta, _ := obj["metadata"].(map[string]any)
		name, _ := meta["name"].(string)
		switch obj["kind"] {
		case "Service":
			if _, dup := services[name]; dup {
				t.Fatalf("knative-operator-render output: Service %s twice", name)
			}
			services[name] = obj
		case "ConfigMap":
			if name != "config-domain" || configDomain != nil {
				t.Fatalf("knative-operator-render output: unexpected ConfigMap %s", name)
			}
			configDomain = map[string]string{}
			data, _ := obj["data"].(map[string]any)
			for k, v := range data {
				configDomain[k] = fmt.Sprint(v)
			}
		default:
			t.Fatalf("knative-operator-render output: unexpected %v %s", obj["kind"], name)
		}
	}
	return services, configDomain
}

// operatorAnnotations returns metadata.annotations of an object from
// operatorRender (empty, not nil, when it has none).
func operatorAnnotations(obj map[string]any) map[string]string {
	return operatorStringMap(obj, "annotations")
}

// operatorLabels returns metadata.labels of an object from operatorRender.
func operatorLabels(obj map[string]any) map[string]string {
	return operatorStringMap(obj, "labels")
}

func operatorStringMap(obj map[string]any, field string) map[string]string {
	out := map[string]string{}
	meta, _ := obj["metadata"].(map[string]any)
	m, _ := meta[field].(map[string]any)
	for k, v := range m {
		out[k] = fmt.Sprint(v)
	}
	return out
}

// operatorSimReport is what knative-operator-render -simulate prints: for
// each case, the live kourier Service's annotations after each step, the
// Service applied with manifestival's own Apply into its fake client.
type operatorSimReport struct {
	OperatorVersion  string `json:"operatorVersion"`
	DirectAnnotation string `json:"directAnnotation"`
	Cases            []struct {
		Name                     string `json:"name"`
		What                     string `json:"what"`
		DirectAnnotationSurvives bool   `json:"directAnnotationSurvives"`
		Steps                    []struct {
			Step                   string            `json:"step"`
			DirectAnnotation       bool              `json:"directAnnotation"`
			Annotations            map[string]string `json:"annotations"`
			LastAppliedAnnotations map[string]string `json:"lastAppliedAnnotations"`
			Patch                  string            `json:"patch"`
		} `json:"steps"`
	} `json:"cases"`
}

// operatorSimulate runs knative-operator-render -simulate on ks.
func operatorSimulate(t testing.TB, ks []byte) operatorSimReport {
	t.Helper()
	var rep operatorSimReport
	if err := sigsyaml.UnmarshalStrict(operatorRun(t, ks, "-simulate"), &rep); err != nil {
		t.Fatalf("knative-operator-render -simulate output: %v", err)
	}
	return rep
}

func operatorInput(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(operatorDir, "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// operatorEntries reads spec.services of a KnativeServing input: the
// entries' annotations and labels by Service name.
func operatorEntries(t *testing.T, ks []byte) (annotations, labels map[string]map[string]string) {
	t.Helper()
	var obj struct {
		Spec struct {
			Services []struct {
				Name        string            `json:"name"`
				Annotations map[string]string `json:"annotations"`
				Labels      map[string]string `json:"labels"`
			} `json:"services"`
		} `json:"spec"`
	}
	if err := sigsyaml.Unmarshal(ks, &obj); err != nil {
		t.Fatal(err)
	}
	annotations, labels = map[string]map[string]string{}, map[string]map[string]string{}
	for _, s := range obj.Spec.Services {
		annotations[s.Name], labels[s.Name] = s.Annotations, s.Labels
	}
	return annotations, labels
}

func operatorUnion(a, b map[string]string) map[string]string {
	out := maps.Clone(a)
	if out == nil {
		out = map[string]string{}
	}
	maps.Copy(out, b)
	return out
}

func TestOperatorKeepsTheAnnotations(t *testing.T) {
	baseSvcs, baseDomain := operatorRender(t, operatorInput(t, "ks-no-services.yaml"))
	for _, name := range []string{"kourier", "kourier-internal"} {
		if baseSvcs[name] == nil {
			t.Fatalf("no Service %s in the operator's output; got %v", name, operatorNames(baseSvcs))
		}
	}
	base := baseSvcs["kourier"]
	if ns := base["metadata"].(map[string]any)["namespace"]; ns != "knative-serving" {
		t.Errorf("kourier is in namespace %v, want the KnativeServing's (knative-serving)", ns)
	}
	if baseDomain == nil {
		t.Fatal("no ConfigMap config-domain in the operator's output")
	}

	t.Run("entry named kourier", func(t *testing.T) {
		ks := operatorInput(t, "ks-kourier-annotations.yaml")
		anns, labels := operatorEntries(t, ks)
		svcs, domain := operatorRender(t, ks)
		got := svcs["kourier"]
		if want := operatorUnion(operatorAnnotations(base), anns["kourier"]); !reflect.DeepEqual(operatorAnnotations(got), want) {
			t.Errorf("kourier annotations:\n got %v\nwant %v (the manifest's own plus the entry's)", operatorAnnotations(got), want)
		}
		if want := operatorUnion(operatorLabels(base), labels["kourier"]); !reflect.DeepEqual(operatorLabels(got), want) {
			t.Errorf("kourier labels:\n got %v\nwant %v", operatorLabels(got), want)
		}
		if typ := got["spec"].(map[string]any)["type"]; typ != "LoadBalancer" {
			t.Errorf("kourier spec.type %v, want LoadBalancer", typ)
		}
		if !reflect.DeepEqual(svcs["kourier-internal"], baseSvcs["kourier-internal"]) {
			t.Errorf("kourier-internal changed by an entry for kourier:\n%v\n%v", svcs["kourier-internal"], baseSvcs["kourier-internal"])
		}
		for k, v := range map[string]string{"example.org": "", "internal.example.org": "selector:\n  visibility: internal\n"} {
			if got, ok := domain[k]; !ok || got != v {
				t.Errorf("config-domain[%q] = %q (present %v), want %q", k, got, ok, v)
			}
		}
		for k, v := range baseDomain {
			if domain[k] != v {
				t.Errorf("config-domain[%q] changed from %q to %q", k, v, domain[k])
			}
		}
	})

	t.Run("entries named otherwise", func(t *testing.T) {
		ks := operatorInput(t, "ks-other-service.yaml")
		anns, _ := operatorEntries(t, ks)
		svcs, domain := operatorRender(t, ks)
		if !reflect.DeepEqual(svcs["kourier"], base) {
			t.Errorf("kourier changed by entries for other Services:\n got %v\nwant %v", svcs["kourier"], base)
		}
		if got, want := operatorAnnotations(svcs["kourier-internal"]), operatorUnion(operatorAnnotations(baseSvcs["kourier-internal"]), anns["kourier-internal"]); !reflect.DeepEqual(got, want) {
			t.Errorf("kourier-internal annotations:\n got %v\nwant %v", got, want)
		}
		if _, ok := domain["example.org"]; !ok {
			t.Errorf("config-domain has no example.org: %v", domain)
		}
	})
}

// TestOperatorApplyWipesDirectAnnotations pins cases (a)-(c) of
// conformance/operator/README.md: an annotation set directly on the live
// kourier Service (not through spec.services) is removed by the operator's
// manifestival Apply (a) at the first re-apply after the operator created
// the Service, when the operator's object has no annotations; (b) when the
// spec.services entry for kourier is removed (all of the Service's
// annotations go, as the shipped Service has none of its own); (c) after a
// client-side kubectl apply of the Service.
func TestOperatorApplyWipesDirectAnnotations(t *testing.T) {
	rep := operatorSimulate(t, operatorInput(t, "ks-kourier-annotations.yaml"))
	want := map[string]bool{
		"a":                     false,
		"a-later":               true,
		"a-with-override":       true,
		"b":                     false,
		"b-keys-changed":        true,
		"b-annotations-emptied": false,
		"c":                     false,
		"c-no-override":         false,
	}
	got := map[string]bool{}
	for _, c := range rep.Cases {
		got[c.Name] = c.DirectAnnotationSurvives
		for i, s := range c.Steps {
			if _, ok := s.Annotations["manifestival"]; !ok {
				t.Errorf("case %s step %d (%s): no manifestival annotation: %v", c.Name, i, s.Step, s.Annotations)
			}
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("does the directly-set annotation survive, by case:\n got %v\nwant %v", got, want)
	}
	for _, c := range rep.Cases {
		if c.Name == "b" {
			// The entry's own annotations go too.
			last := c.Steps[len(c.Steps)-1].Annotations
			if len(last) != 1 {
				t.Errorf("case b: after the entry's removal the Service has %v, want only manifestival's", last)
			}
		}
	}
}

func operatorNames(m map[string]map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
