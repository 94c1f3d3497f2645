// Command gen writes the profile's JSON Schema (schema/gateway.schema.json), its reference
// (docs/profile.md) and the list of warning codes (docs/warnings.md), both generated from the Go types in package schema: their doc comments,
// jsonschema tags, annotation declarations and rule tables. It runs from `go generate` in the
// schema directory (make generate). It lives outside the runtime packages, so the slbgw binary
// does not link the schema generator.
package main

import (
	"fmt"
	"os"

	"github.com/spf13/pflag"
)

func main() {
	schemaOut := pflag.String("schema", "gateway.schema.json", "where to write the JSON Schema")
	docsOut := pflag.String("docs", "../docs/profile.md", "where to write the profile reference")
	warningsOut := pflag.String("warnings", "../docs/warnings.md", "where to write the list of warning codes")
	pflag.Parse()
	if err := run(".", *schemaOut, *docsOut, *warningsOut); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(sourceDir, schemaOut, docsOut, warningsOut string) error {
	s, err := generateSchema(sourceDir)
	if err != nil {
		return err
	}
	doc, err := profileReference(s)
	if err != nil {
		return err
	}
	if err := os.WriteFile(schemaOut, s, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(warningsOut, []byte(warningsReference()), 0o644); err != nil {
		return err
	}
	return os.WriteFile(docsOut, []byte(doc), 0o644)
}
