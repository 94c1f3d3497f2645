package main

import (
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// initBudget bounds what slbgw's own packages may allocate in their package init. Every start
// of slbgw pays for it, under kpt and kustomize once per run, and the cold start is held to
// 1.2× a passthrough kyaml function (BENCHMARKS.md). Allocation is a stable stand-in for time
// here: upstream santhosh-tekuri/jsonschema's init allocates 1.7 MB (about 3 ms), and three
// regexps with bounded repeats compiled in init allocated 355 KB (about 0.3 ms). Today's total
// is about 40 KB.
const initBudget = 64 << 10

// TestStartupInitIsSmall runs slbgw with GODEBUG=inittrace=1 and sums what the module's
// packages allocate in init.
func TestStartupInitIsSmall(t *testing.T) {
	bin := slbgwBinary(t)
	cmd := exec.Command(bin, "version")
	cmd.Env = append(cmd.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("slbgw version: %v\n%s", err, out)
	}
	// init github.com/slbgw/slbgw/schema @4.0 ms, 0.027 ms clock, 14712 bytes, 117 allocs
	line := regexp.MustCompile(`(?m)^init (github\.com/slbgw/slbgw\S*|main) @.* ms clock, (\d+) bytes, \d+ allocs$`)
	matches := line.FindAllStringSubmatch(string(out), -1)
	if len(matches) == 0 {
		t.Fatalf("no init trace of slbgw's packages in:\n%s", out)
	}
	total := 0
	var perPackage []string
	for _, m := range matches {
		n, _ := strconv.Atoi(m[2])
		total += n
		perPackage = append(perPackage, m[1]+": "+m[2]+" bytes")
	}
	if total > initBudget {
		t.Errorf("slbgw's packages allocate %d bytes in init, over the budget of %d:\n%s\n"+
			"Compile on first use (sync.OnceValue) what only some runs need.",
			total, initBudget, strings.Join(perPackage, "\n"))
	}
}

// TestUpstreamValidatorIsNotLinked checks that slbgw links the fork of santhosh-tekuri/jsonschema
// (internal/forked, FORK.md), not upstream, whose init alone costs 3 ms of every start.
func TestUpstreamValidatorIsNotLinked(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if slices.Contains(deps, "github.com/santhosh-tekuri/jsonschema/v6") {
		t.Error("slbgw links upstream github.com/santhosh-tekuri/jsonschema/v6; import the fork under internal/forked instead")
	}
	if !slices.Contains(deps, "github.com/slbgw/slbgw/internal/forked/github.com/santhosh-tekuri/jsonschema/v6") {
		t.Error("slbgw does not link the forked validator; update this test and FORK.md if that is on purpose")
	}
}
