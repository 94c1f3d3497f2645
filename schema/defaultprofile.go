package schema

import (
	_ "embed"
	"fmt"

	sigsyaml "sigs.k8s.io/yaml"
)

// DefaultProfileYAML is the embedded default profile, used when the user gives none.
//
//go:embed default.yaml
var DefaultProfileYAML []byte

// DefaultProfileFile names the embedded default profile in diagnostics.
const DefaultProfileFile = "(default profile)"

// DefaultProfile returns the embedded default profile, decoded and defaulted. It does not run
// the JSON Schema validator: the profile is fixed when slbgw is built, and
// TestDefaultProfileIsValid checks that Load accepts it and yields this very profile. So the
// commonest run, `slbgw render`, does not pay for compiling the schema at start-up.
func DefaultProfile() (*Profile, error) {
	var p Profile
	if err := sigsyaml.UnmarshalStrict(DefaultProfileYAML, &p); err != nil {
		return nil, fmt.Errorf("decoding the embedded default profile: %w", err)
	}
	p.Default()
	return &p, nil
}
