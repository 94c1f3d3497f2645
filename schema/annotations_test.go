package schema

import (
	"bufio"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// TestAnnotationDeclarations reads every declaration (a mistake in one, such as an unknown
// change class or a controller default without evidence, is an error) and checks that every
// leaf field of spec.loadBalancer and spec.https declares the annotation it sets: a field
// without one would silently do nothing.
func TestAnnotationDeclarations(t *testing.T) {
	fields, err := annotatedFields()
	if err != nil {
		t.Fatal(err)
	}
	declared := map[string]bool{}
	for _, f := range fields {
		declared[f.Path] = true
		if f.DocPattern != "" {
			if _, err := regexp.Compile(f.DocPattern); err != nil {
				t.Errorf("%s: docPattern: %v", f.Path, err)
			}
		}
	}
	checked := 0
	var walk func(path string, typ reflect.Type)
	walk = func(path string, typ reflect.Type) {
		for sf := range typ.Fields() {
			name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
			p := path + "." + name
			switch {
			case sf.Type.Kind() == reflect.Struct:
				walk(p, sf.Type)
			case p == "spec.loadBalancer.extraAnnotations", p == "spec.loadBalancer.class": // class sets spec.loadBalancerClass
			default:
				checked++
				if !declared[p] {
					t.Errorf("%s declares no annotation", p)
				}
			}
		}
	}
	walk("spec.loadBalancer", reflect.TypeFor[LoadBalancer]())
	walk("spec.https", reflect.TypeFor[HTTPS]())
	if checked < 60 {
		t.Fatalf("only %d fields found", checked)
	}
}

// TestEveryCCMAnnotationIsDeclared fails when a CLB annotation of the cloud controller is
// declared by no field. The list is testdata/ccm-clb-annotations.txt, the controller's keys.
func TestEveryCCMAnnotationIsDeclared(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "testdata", "ccm-clb-annotations.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// A suffix is declared under the load-balancer prefix, or as a whole key ending in it
	// (service.beta.kubernetes.io/backend-type).
	declared := map[string]bool{}
	for _, a := range AnnotatedFields() {
		for _, k := range a.Keys {
			declared[Suffix(k)] = true
			declared[k[strings.LastIndexAny(k, "/")+1:]] = true
			declared[strings.TrimPrefix(k, "service.beta.kubernetes.io/alibaba-cloud-")] = true
		}
	}
	listed := 0
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		suffix := strings.TrimSpace(scanner.Text())
		if suffix == "" || strings.HasPrefix(suffix, "#") {
			continue
		}
		listed++
		if !declared[suffix] {
			t.Errorf("%s: the controller reads it, but no field declares it", suffix)
		}
	}
	if err := scanner.Err(); err != nil {
		t.Fatal(err)
	}
	if listed < 60 {
		t.Fatalf("only %d suffixes listed", listed)
	}
}
