// Command gen writes the KRMFunctionDefinition of slbgw, generated from the profile's JSON
// Schema. It runs from go generate in the function directory.
package main

import (
	"fmt"
	"os"

	"github.com/spf13/pflag"

	"github.com/slbgw/slbgw/function"
)

func main() {
	out := pflag.StringP("output", "o", function.DefinitionFile, "file to write")
	pflag.Parse()
	b, err := function.Definition()
	if err == nil {
		err = os.WriteFile(*out, b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
