// Command passthrough is the floor for slbgw's benchmarks: a kyaml KRM function that reads a
// ResourceList and writes it back unchanged, read and written with the same settings as slbgw.
package main

import (
	"fmt"
	"os"

	"sigs.k8s.io/kustomize/kyaml/fn/framework"
	"sigs.k8s.io/kustomize/kyaml/kio"
)

func main() {
	nop := framework.ResourceListProcessorFunc(func(*framework.ResourceList) error { return nil })
	rw := &kio.ByteReadWriter{Reader: os.Stdin, Writer: os.Stdout, KeepReaderAnnotations: true, PreserveSeqIndent: true}
	if err := framework.Execute(nop, rw); err != nil {
		fmt.Fprintln(os.Stderr, "passthrough:", err)
		os.Exit(1)
	}
}
