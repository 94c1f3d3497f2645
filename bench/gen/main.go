// Command gen writes a generated ResourceList for slbgw's benchmarks to stdout: gen -n 1000.
// With -n 0 it writes a ResourceList with the profile and no items.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/slbgw/slbgw/bench/resourcelist"
)

func main() {
	n := flag.Int("n", 1000, "number of items (0 for none)")
	flag.Parse()
	out := []byte(resourcelist.Empty)
	if *n > 0 {
		out = resourcelist.Generate(*n)
	}
	if _, err := os.Stdout.Write(out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
