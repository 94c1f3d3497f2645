// Command gen writes the profile's JSON Schema, generated from the Go types in package schema.
// It runs from go generate in the schema directory.
package main

import (
	"fmt"
	"os"

	"github.com/spf13/pflag"

	"github.com/slbgw/slbgw/schema"
)

func main() {
	out := pflag.StringP("output", "o", "gateway.schema.json", "file to write")
	pflag.Parse()
	b, err := schema.Generate(".")
	if err == nil {
		err = os.WriteFile(*out, b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
