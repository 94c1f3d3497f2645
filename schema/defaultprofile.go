package schema

import _ "embed"

// DefaultProfileYAML is the embedded default profile, used when the user gives none.
//
//go:embed default.yaml
var DefaultProfileYAML []byte

// DefaultProfileFile names the embedded default profile in diagnostics.
const DefaultProfileFile = "(default profile)"
