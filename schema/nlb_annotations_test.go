package schema

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// readSuffixList reads a list of annotation suffixes in testdata: one a line, # comments and
// blank lines skipped.
func readSuffixList(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// listedSuffix is how a key appears in the lists of testdata: its suffix after
// AnnotationPrefix, or for a whole key without it (service.beta.kubernetes.io/backend-type) its
// last path segment.
func listedSuffix(key string) string {
	if s, ok := strings.CutPrefix(key, AnnotationPrefix); ok {
		return s
	}
	return key[strings.LastIndex(key, "/")+1:]
}

// TestEveryNLBAnnotationIsDeclared checks testdata/ccm-nlb-annotations.txt, the keys the
// controller's nlbv2 reads, against the declarations both ways: each listed suffix is written
// by a field whose declaration says nlbv2 reads it (classes include nlb), and each key of such a
// field is listed (a field that claims nlbv2 reads a key it does not would have plan and the docs
// describe an effect that never happens).
func TestEveryNLBAnnotationIsDeclared(t *testing.T) {
	listed := readSuffixList(t, "ccm-nlb-annotations.txt")
	if len(listed) < 50 {
		t.Fatalf("only %d suffixes listed", len(listed))
	}
	seen := map[string]bool{}
	for _, s := range listed {
		if seen[s] {
			t.Errorf("%s is listed twice", s)
		}
		seen[s] = true
	}
	readByNLB := map[string]*AnnotatedField{} // listed suffix → field
	for _, f := range AnnotatedFields() {
		if !f.ReadBy(ClassNLB) {
			continue
		}
		if f.For(ClassNLB).Class != ClassNLB {
			t.Errorf("%s: For(nlb) is the declaration of class %s", f.Path, f.For(ClassNLB).Class)
		}
		for _, k := range f.Keys {
			s := listedSuffix(k)
			readByNLB[s] = f
			if !seen[s] {
				t.Errorf("%s declares that nlbv2 reads %s, which the controller's NLB code does not read (not in testdata/ccm-nlb-annotations.txt)", f.Path, k)
			}
		}
	}
	for _, s := range listed {
		if readByNLB[s] != nil {
			continue
		}
		if f := fieldWithSuffix(s); f != nil {
			t.Errorf("%s: nlbv2 reads it, but %s declares classes %v (add nlb with its nlb* facts)", s, f.Path, f.Classes)
		} else {
			t.Errorf("%s: nlbv2 reads it, but no field declares it", s)
		}
	}
}

// fieldWithSuffix is the field that writes the listed suffix, whatever its classes.
func fieldWithSuffix(s string) *AnnotatedField {
	for _, f := range AnnotatedFields() {
		if slices.ContainsFunc(f.Keys, func(k string) bool { return listedSuffix(k) == s }) {
			return f
		}
	}
	return nil
}
