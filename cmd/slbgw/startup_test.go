package main

import (
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// initBudget bounds what slbgw's own packages allocate in their package init. Every start of
// slbgw pays for it, under kpt and kustomize once per run. Allocation is a stable stand-in for
// time on a noisy machine: three regexps with bounded repeats compiled in init once allocated
// 355 KB (about 0.3 ms); compiled on first use, the module's packages allocate about 40 KB.
// Dependencies' init (santhosh-tekuri/jsonschema compiles its meta-schemas there, about 3 ms)
// is not counted: slbgw does not fork dependencies to save milliseconds (README, Development).
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
