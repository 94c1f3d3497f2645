package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestUnifiedDiffIsDiffs: the diff a stale patch file gets reads as diff -u's, hunks and
// context included, and is cut past the bound.
func TestUnifiedDiffIsDiffs(t *testing.T) {
	a := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n"
	b := "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n"
	got := unifiedDiff("x", "y", a, b, 200)
	want := "--- x\n+++ y\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n@@ -9,3 +9,4 @@\n i\n j\n k\n+l\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if diff, err := exec.LookPath("diff"); err == nil {
		// The hunks are diff -u's own (its header lines carry file names and times: left out).
		dir := t.TempDir()
		writeFile(t, dir+"/a", a)
		writeFile(t, dir+"/b", b)
		out, _ := exec.Command(diff, "-u", dir+"/a", dir+"/b").Output()
		_, hunks, _ := strings.Cut(string(out), "\n@@")
		if _, mine, _ := strings.Cut(got, "\n@@"); mine != hunks {
			t.Errorf("diff -u gives\n@@%s\nwe give\n@@%s", hunks, mine)
		}
	}
	long := strings.Repeat("x\n", 500)
	if cut := unifiedDiff("x", "y", long, strings.Repeat("y\n", 500), 10); !strings.Contains(cut, "more lines of diff") || strings.Count(cut, "\n") > 13 {
		t.Errorf("not cut at 10 lines:\n%s", cut)
	}
}
