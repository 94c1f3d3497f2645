// Command gen writes a generated ResourceList for slbgw's benchmarks to stdout: gen -n 1000.
// With -n 0 it writes a ResourceList with the profile and no items. With -manifests it writes
// the items alone, as a stream of YAML documents, for a kustomization's resources.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"sigs.k8s.io/kustomize/kyaml/kio"

	"github.com/slbgw/slbgw/bench/resourcelist"
)

func main() {
	n := flag.Int("n", 1000, "number of items (0 for none)")
	manifests := flag.Bool("manifests", false, "write the items as YAML documents, without the ResourceList")
	flag.Parse()
	out := []byte(resourcelist.Empty)
	if *n > 0 {
		out = resourcelist.Generate(*n)
	}
	if *manifests {
		var err error
		if out, err = documents(out); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
	if _, err := os.Stdout.Write(out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// documents unwraps a ResourceList's items into a YAML stream, comments kept.
func documents(list []byte) ([]byte, error) {
	items, err := (&kio.ByteReader{Reader: bytes.NewReader(list), OmitReaderAnnotations: true}).Read()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := (kio.ByteWriter{Writer: &buf}).Write(items); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
