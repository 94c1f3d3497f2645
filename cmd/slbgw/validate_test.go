package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The files of the validate tests, written into a temporary directory the test runs in.
const (
	vcValidProfile = `apiVersion: slbgw.dev/v1alpha1
kind: SLBGateway
metadata:
  name: valid
spec:
  loadBalancer:
    addressType: intranet
    networkType: vpc
`
	vcInvalidProfile = `apiVersion: slbgw.dev/v1alpha1
kind: SLBGateway
metadata:
  name: invalid
spec:
  loadBalancer:
    addressType: public
    instanceSpec: slb.s3.xlarge
`
	vcWarningsProfile = `apiVersion: slbgw.dev/v1alpha1
kind: SLBGateway
metadata:
  name: warnings
spec:
  loadBalancer:
    instanceSpec: slb.s3.xlarge
`
	vcService = `apiVersion: v1
kind: Service
metadata:
  name: ingress-gateway
  namespace: knative-serving
spec:
  type: LoadBalancer
`
	vcKptfile = `apiVersion: kpt.dev/v1
kind: Kptfile
metadata:
  name: gateway
pipeline:
  mutators:
    - exec: slbgw
      configPath: gateway.yaml
`
	// vcMultiDocument holds a Service, then a profile with an error on line 13 of the file, then
	// a ConfigMap.
	vcMultiDocument = `# the gateway and its profile
apiVersion: v1
kind: Service
metadata:
  name: ingress-gateway
---
apiVersion: slbgw.dev/v1alpha1
kind: SLBGateway
metadata:
  name: second
spec:
  loadBalancer:
    addressType: public
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: config-domain
`
)

// vcFolder is a directory of manifests: a valid profile, an invalid one, a Service, a Kptfile
// (no .yaml: a walk passes it over), a README, and a hidden directory whose profile is invalid
// (passed over too).
var vcFolder = map[string]string{
	"gateway/valid.yaml":          vcValidProfile,
	"gateway/invalid.yml":         vcInvalidProfile,
	"gateway/service.yaml":        vcService,
	"gateway/Kptfile":             vcKptfile,
	"gateway/README.md":           "# not a manifest\n",
	"gateway/.git/config.yaml":    vcInvalidProfile,
	"gateway/.hidden.yaml":        vcInvalidProfile,
	"gateway/base/multi.json":     `{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "knative-serving"}}`,
	"gateway/base/nested/ok.yaml": vcValidProfile,
}

// The findings of vcFolder's invalid.yml.
const (
	vcInvalidAddressType  = `gateway/invalid.yml:7:18: spec.loadBalancer.addressType: Unsupported value: "public": supported values: "internet", "intranet"`
	vcInvalidInstanceSpec = `gateway/invalid.yml:8:19: warning: spec.loadBalancer.instanceSpec: "slb.s3.xlarge" is not a value the docs list ("slb.s1.small", "slb.s2.small", "slb.s2.medium", "slb.s3.small", "slb.s3.medium", "slb.s3.large"); the controller passes it on unchecked and the cloud API may reject it [SLBGW011]`
)

type validateCase struct {
	name   string
	files  map[string]string
	stdin  string
	args   []string
	code   int
	stdout string
	stderr string
}

func TestValidateCommand(t *testing.T) {
	cases := []validateCase{
		{
			name: "a folder: notes for other kinds, findings for the profiles", files: vcFolder,
			args: []string{"gateway"}, code: 1,
			stderr: `gateway/base/multi.json:1: skipped: kind Namespace is not an SLBGateway profile
` + vcInvalidAddressType + `
` + vcInvalidInstanceSpec + `
gateway/service.yaml:1: skipped: kind Service is not an SLBGateway profile
`,
		},
		{
			name: "a folder given as ./ and with a trailing slash", files: vcFolder,
			args: []string{"./gateway/base/"}, code: 0,
			stderr: "gateway/base/multi.json:1: skipped: kind Namespace is not an SLBGateway profile\n",
		},
		{
			name: "the working directory", files: vcFolder,
			args: []string{"."}, code: 1,
			stderr: `gateway/base/multi.json:1: skipped: kind Namespace is not an SLBGateway profile
` + vcInvalidAddressType + `
` + vcInvalidInstanceSpec + `
gateway/service.yaml:1: skipped: kind Service is not an SLBGateway profile
`,
		},
		{
			name: "a Kptfile and a Service named: notes only", files: vcFolder,
			args: []string{"gateway/Kptfile", "gateway/service.yaml"}, code: 0,
			stderr: `gateway/Kptfile:1: skipped: kind Kptfile is not an SLBGateway profile
gateway/service.yaml:1: skipped: kind Service is not an SLBGateway profile
slbgw validate: no SLBGateway profile found
`,
		},
		{
			name: "a hidden file named is read", files: vcFolder,
			args: []string{"gateway/.hidden.yaml"}, code: 1,
			stderr: `gateway/.hidden.yaml:7:18: spec.loadBalancer.addressType: Unsupported value: "public": supported values: "internet", "intranet"
gateway/.hidden.yaml:8:19: warning: spec.loadBalancer.instanceSpec: "slb.s3.xlarge" is not a value the docs list ("slb.s1.small", "slb.s2.small", "slb.s2.medium", "slb.s3.small", "slb.s3.medium", "slb.s3.large"); the controller passes it on unchecked and the cloud API may reject it [SLBGW011]
`,
		},
		{
			name: "the profile is the second document: the file's line numbers", files: map[string]string{"all.yaml": vcMultiDocument},
			args: []string{"all.yaml"}, code: 1,
			stderr: `all.yaml:2: skipped: kind Service is not an SLBGateway profile
all.yaml:13:18: spec.loadBalancer.addressType: Unsupported value: "public": supported values: "internet", "intranet"
all.yaml:15: skipped: kind ConfigMap is not an SLBGateway profile
`,
		},
		{
			name: "two profiles in one file", files: map[string]string{"two.yaml": vcValidProfile + "---\n" + vcInvalidProfile},
			args: []string{"two.yaml"}, code: 1,
			stderr: `two.yaml:16:18: spec.loadBalancer.addressType: Unsupported value: "public": supported values: "internet", "intranet"
two.yaml:17:19: warning: spec.loadBalancer.instanceSpec: "slb.s3.xlarge" is not a value the docs list ("slb.s1.small", "slb.s2.small", "slb.s2.medium", "slb.s3.small", "slb.s3.medium", "slb.s3.large"); the controller passes it on unchecked and the cloud API may reject it [SLBGW011]
`,
		},
		{
			name:  "a wrong kind in the profile's apiVersion is checked, not skipped",
			files: map[string]string{"typo.yaml": strings.Replace(vcValidProfile, "kind: SLBGateway", "kind: SLBGatway", 1)},
			args:  []string{"typo.yaml"}, code: 1,
			stderr: `typo.yaml:2:7: kind: Unsupported value: "SLBGatway": supported values: "SLBGateway"
`,
		},
		{
			name:  "an SLBGateway of another apiVersion is checked, not skipped",
			files: map[string]string{"old.yaml": strings.Replace(vcValidProfile, "v1alpha1", "v1alpha0", 1)},
			args:  []string{"old.yaml"}, code: 1,
			stderr: `old.yaml:1:13: apiVersion: Unsupported value: "slbgw.dev/v1alpha0": supported values: "slbgw.dev/v1alpha1"
`,
		},
		{
			name: "a YAML error in a later document: an error at its line", files: map[string]string{"broken.yaml": vcService + "---\n" + "kind: [unclosed\n"},
			args: []string{"broken.yaml"}, code: 1,
			stderr: `broken.yaml:9:1: not valid YAML: did not find expected ',' or ']'
`,
		},
		{
			name: "a control character in a later document: an error at its place", files: map[string]string{"ctl.yaml": vcService + "---\nkind: \"a\x01\"\n"},
			args: []string{"ctl.yaml"}, code: 1,
			stderr: `ctl.yaml:9:9: not valid YAML: control characters are not allowed
`,
		},
		{
			name: "a document that is not a mapping, and empty documents", files: map[string]string{"list.yaml": "---\n# nothing\n---\n- a\n- b\n---\n"},
			args: []string{"list.yaml"}, code: 0,
			stderr: "list.yaml:4: skipped: no kind: not an SLBGateway profile\nslbgw validate: no SLBGateway profile found\n",
		},
		{
			name: "an empty file named is an error", files: map[string]string{"empty.yaml": "# nothing\n"},
			args: []string{"empty.yaml"}, code: 1,
			stderr: "empty.yaml:1:1: empty document: expected an SLBGateway profile (apiVersion slbgw.dev/v1alpha1)\n",
		},
		{
			name: "an empty file in a walk is passed over", files: map[string]string{"d/empty.yaml": "", "d/gateway.yaml": vcValidProfile},
			args: []string{"d"}, code: 0,
		},
		{
			name: "no profile in a folder: said, exit 0", files: map[string]string{"d/svc.yaml": vcService, "d/notes.txt": "x"},
			args: []string{"d"}, code: 0,
			stderr: `d/svc.yaml:1: skipped: kind Service is not an SLBGateway profile
slbgw validate: no SLBGateway profile found
`,
		},
		{
			name: "a file that does not exist, beside a valid one", files: map[string]string{"gateway.yaml": vcValidProfile},
			args: []string{"missing.yaml", "gateway.yaml"}, code: 1,
			stderr: "slbgw validate: open missing.yaml: no such file or directory\n",
		},
		{
			name: "stdin", stdin: vcMultiDocument, args: []string{"-"}, code: 1,
			stderr: `<stdin>:2: skipped: kind Service is not an SLBGateway profile
<stdin>:13:18: spec.loadBalancer.addressType: Unsupported value: "public": supported values: "internet", "intranet"
<stdin>:15: skipped: kind ConfigMap is not an SLBGateway profile
`,
		},
		{
			name: "warnings pass", files: map[string]string{"w.yaml": vcWarningsProfile},
			args: []string{"w.yaml"}, code: 0,
			stderr: `w.yaml:7:19: warning: spec.loadBalancer.instanceSpec: "slb.s3.xlarge" is not a value the docs list ("slb.s1.small", "slb.s2.small", "slb.s2.medium", "slb.s3.small", "slb.s3.medium", "slb.s3.large"); the controller passes it on unchecked and the cloud API may reject it [SLBGW011]
`,
		},
		{
			name: "--strict: warnings fail", files: map[string]string{"w.yaml": vcWarningsProfile},
			args: []string{"--strict", "w.yaml"}, code: 1,
			stderr: `w.yaml:7:19: warning: spec.loadBalancer.instanceSpec: "slb.s3.xlarge" is not a value the docs list ("slb.s1.small", "slb.s2.small", "slb.s2.medium", "slb.s3.small", "slb.s3.medium", "slb.s3.large"); the controller passes it on unchecked and the cloud API may reject it [SLBGW011]
slbgw validate: --strict: 1 warnings in w.yaml fail the run
`,
		},
		{
			name: "--strict -o json: warnings fail", files: map[string]string{"w.yaml": vcWarningsProfile},
			args: []string{"--strict", "-o", "json", "w.yaml"}, code: 1,
			stdout: `{
  "apiVersion": "slbgw.dev/validate/v1",
  "findings": [
    {
      "file": "w.yaml",
      "line": 7,
      "column": 19,
      "severity": "warning",
      "field": "spec.loadBalancer.instanceSpec",
      "message": "\"slb.s3.xlarge\" is not a value the docs list (\"slb.s1.small\", \"slb.s2.small\", \"slb.s2.medium\", \"slb.s3.small\", \"slb.s3.medium\", \"slb.s3.large\"); the controller passes it on unchecked and the cloud API may reject it",
      "code": "SLBGW011"
    }
  ],
  "checked": 1,
  "skipped": []
}
`,
		},
		{
			name: "no arguments: ./gateway.yaml", files: map[string]string{"gateway.yaml": vcInvalidProfile},
			code: 1,
			stderr: `gateway.yaml:7:18: spec.loadBalancer.addressType: Unsupported value: "public": supported values: "internet", "intranet"
gateway.yaml:8:19: warning: spec.loadBalancer.instanceSpec: "slb.s3.xlarge" is not a value the docs list ("slb.s1.small", "slb.s2.small", "slb.s2.medium", "slb.s3.small", "slb.s3.medium", "slb.s3.large"); the controller passes it on unchecked and the cloud API may reject it [SLBGW011]
`,
		},
		{
			name: "no arguments and no ./gateway.yaml: usage", files: map[string]string{"other.yaml": vcValidProfile},
			code: 2,
			stderr: `slbgw validate: give one or more profile files or directories (- for stdin); there is no ./gateway.yaml
Usage: slbgw validate [--strict] [-o text|json|sarif|github] [FILE|DIR|-]...
`,
		},
		{
			name: "a ./gateway.yaml directory is not the profile", files: map[string]string{"gateway.yaml/x.yaml": vcValidProfile},
			code: 2,
			stderr: `slbgw validate: give one or more profile files or directories (- for stdin); there is no ./gateway.yaml
Usage: slbgw validate [--strict] [-o text|json|sarif|github] [FILE|DIR|-]...
`,
		},
		{
			name: "an unknown format", args: []string{"-o", "xml", "x.yaml"}, code: 2,
			stderr: "slbgw validate: -o \"xml\": use text, json, sarif, github\n",
		},
		{
			name: "stdin twice", args: []string{"-", "-"}, code: 2,
			stderr: "slbgw validate: - (stdin) can be given once\n",
		},
		{
			name: "an unknown flag", args: []string{"--strcit"}, code: 2,
			stderr: "slbgw: unknown flag: --strcit\nRun 'slbgw --help' for usage.\n",
		},
		{
			name: "--help", args: []string{"--help"}, code: 0,
			stdout: "Validate checks profiles against the schema and the cloud controller's rules and prints every finding at\n" +
				"once, FILE:LINE:COL: field: message, or as JSON, SARIF or GitHub annotations for CI. Without arguments it\n" +
				"reads ./gateway.yaml; a directory is walked for *.yaml, *.yml and *.json files, and documents of other\n" +
				"kinds are skipped with a note each.\n\nUsage:\n  slbgw validate [flags]\n\nExamples:\n" +
				"  slbgw validate gateway.yaml\n  slbgw validate --strict profiles/\n  slbgw validate -o github .     # annotations on the pull request in GitHub Actions\n  slbgw validate -o sarif . > slbgw.sarif\n\n" +
				"Flags:\n      --strict[=true|false]         warnings fail the run (exit 1), as errors do\n" +
				"      --ignore codes                warning codes to silence, comma-separated, such as SLBGW001 (docs/warnings.md); --strict fails on the others\n" +
				"      --out string                  write the json, sarif or github report to this file (atomically) instead of stdout\n" +
				"      --controller-version string   the cloud controller's release in the cluster, such as v2.10.0 (wins over spec.controller.version)\n" +
				"  -o, --output string               how findings are reported: text (on stderr), json, sarif or github (workflow commands), on stdout (default \"text\")\n" +
				"  -h, --help[=true|false]           help for validate\n",
		},
		{
			name: "-o json: a folder", files: vcFolder, args: []string{"-o", "json", "gateway"}, code: 1,
			stdout: `{
  "apiVersion": "slbgw.dev/validate/v1",
  "findings": [
    {
      "file": "gateway/invalid.yml",
      "line": 7,
      "column": 18,
      "severity": "error",
      "field": "spec.loadBalancer.addressType",
      "message": "Unsupported value: \"public\": supported values: \"internet\", \"intranet\""
    },
    {
      "file": "gateway/invalid.yml",
      "line": 8,
      "column": 19,
      "severity": "warning",
      "field": "spec.loadBalancer.instanceSpec",
      "message": "\"slb.s3.xlarge\" is not a value the docs list (\"slb.s1.small\", \"slb.s2.small\", \"slb.s2.medium\", \"slb.s3.small\", \"slb.s3.medium\", \"slb.s3.large\"); the controller passes it on unchecked and the cloud API may reject it",
      "code": "SLBGW011"
    }
  ],
  "checked": 3,
  "skipped": [
    {
      "file": "gateway/base/multi.json",
      "line": 1,
      "kind": "Namespace"
    },
    {
      "file": "gateway/service.yaml",
      "line": 1,
      "kind": "Service"
    }
  ]
}
`,
		},
		{
			name: "-o json: nothing found, an unreadable file", files: map[string]string{"gateway.yaml": vcValidProfile},
			args: []string{"--output=json", "gateway.yaml", "missing.yaml"}, code: 1,
			stdout: `{
  "apiVersion": "slbgw.dev/validate/v1",
  "findings": [
    {
      "file": "missing.yaml",
      "line": 0,
      "column": 0,
      "severity": "error",
      "field": "",
      "message": "no such file or directory"
    }
  ],
  "checked": 1,
  "skipped": []
}
`,
		},
		{
			name: "-o json: all valid", files: map[string]string{"gateway.yaml": vcValidProfile},
			args: []string{"-o", "json"}, code: 0,
			stdout: `{
  "apiVersion": "slbgw.dev/validate/v1",
  "findings": [],
  "checked": 1,
  "skipped": []
}
`,
		},
		{
			name: "-o sarif: a folder", files: vcFolder, args: []string{"-o", "sarif", "gateway"}, code: 1,
			stdout: `{
  "version": "2.1.0",
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "runs": [
    {
      "tool": {
        "driver": {
          "name": "slbgw",
          "informationUri": "https://github.com/slbgw/slbgw"
        }
      },
      "results": [
        {
          "ruleId": "skipped",
          "level": "note",
          "message": {
            "text": "skipped: kind Namespace is not an SLBGateway profile"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "gateway/base/multi.json"
                },
                "region": {
                  "startLine": 1
                }
              }
            }
          ]
        },
        {
          "ruleId": "spec.loadBalancer.addressType",
          "level": "error",
          "message": {
            "text": "Unsupported value: \"public\": supported values: \"internet\", \"intranet\""
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "gateway/invalid.yml"
                },
                "region": {
                  "startLine": 7,
                  "startColumn": 18
                }
              }
            }
          ]
        },
        {
          "ruleId": "SLBGW011",
          "level": "warning",
          "message": {
            "text": "\"slb.s3.xlarge\" is not a value the docs list (\"slb.s1.small\", \"slb.s2.small\", \"slb.s2.medium\", \"slb.s3.small\", \"slb.s3.medium\", \"slb.s3.large\"); the controller passes it on unchecked and the cloud API may reject it"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "gateway/invalid.yml"
                },
                "region": {
                  "startLine": 8,
                  "startColumn": 19
                }
              }
            }
          ]
        },
        {
          "ruleId": "skipped",
          "level": "note",
          "message": {
            "text": "skipped: kind Service is not an SLBGateway profile"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "gateway/service.yaml"
                },
                "region": {
                  "startLine": 1
                }
              }
            }
          ]
        }
      ]
    }
  ]
}
`,
		},
		{
			name: "-o sarif: a YAML error, an unreadable file, nothing else", files: map[string]string{"my dir/bad:1.yaml": "a: [\n"},
			args: []string{"-o", "sarif", "my dir", "missing.yaml"}, code: 1,
			stdout: `{
  "version": "2.1.0",
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "runs": [
    {
      "tool": {
        "driver": {
          "name": "slbgw",
          "informationUri": "https://github.com/slbgw/slbgw"
        }
      },
      "results": [
        {
          "ruleId": "slbgw",
          "level": "error",
          "message": {
            "text": "not valid YAML: did not find expected node content"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "my%20dir/bad:1.yaml"
                },
                "region": {
                  "startLine": 2,
                  "startColumn": 1
                }
              }
            }
          ]
        },
        {
          "ruleId": "slbgw",
          "level": "error",
          "message": {
            "text": "no such file or directory"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "missing.yaml"
                }
              }
            }
          ]
        }
      ]
    }
  ]
}
`,
		},
		{
			name: "-o sarif: all valid", files: map[string]string{"gateway.yaml": vcValidProfile},
			args: []string{"-o", "sarif"}, code: 0,
			stdout: `{
  "version": "2.1.0",
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "runs": [
    {
      "tool": {
        "driver": {
          "name": "slbgw",
          "informationUri": "https://github.com/slbgw/slbgw"
        }
      },
      "results": []
    }
  ]
}
`,
		},
		{
			name: "-o github: a folder; the notes stay on stderr", files: vcFolder, args: []string{"-o", "github", "gateway"}, code: 1,
			stdout: `::error file=gateway/invalid.yml,line=7,col=18,title=spec.loadBalancer.addressType::Unsupported value: "public": supported values: "internet", "intranet"
::warning file=gateway/invalid.yml,line=8,col=19,title=spec.loadBalancer.instanceSpec SLBGW011::"slb.s3.xlarge" is not a value the docs list ("slb.s1.small", "slb.s2.small", "slb.s2.medium", "slb.s3.small", "slb.s3.medium", "slb.s3.large"); the controller passes it on unchecked and the cloud API may reject it
`,
			stderr: `gateway/base/multi.json:1: skipped: kind Namespace is not an SLBGateway profile
gateway/service.yaml:1: skipped: kind Service is not an SLBGateway profile
`,
		},
		{
			name: "-o github: escaped file names, a finding without a field or a line", files: map[string]string{"a,b:c%.yaml": "a: [\n"},
			args: []string{"-o", "github", "a,b:c%.yaml", "missing.yaml"}, code: 1,
			stdout: `::error file=a%2Cb%3Ac%25.yaml,line=2,col=1::not valid YAML: did not find expected node content
::error file=missing.yaml::no such file or directory
`,
		},
		{
			name: "-o github: --strict", files: map[string]string{"w.yaml": vcWarningsProfile},
			args: []string{"-o", "github", "--strict", "w.yaml"}, code: 1,
			stdout: `::warning file=w.yaml,line=7,col=19,title=spec.loadBalancer.instanceSpec SLBGW011::"slb.s3.xlarge" is not a value the docs list ("slb.s1.small", "slb.s2.small", "slb.s2.medium", "slb.s3.small", "slb.s3.medium", "slb.s3.large"); the controller passes it on unchecked and the cloud API may reject it
`,
			stderr: "slbgw validate: --strict: 1 warnings in w.yaml fail the run\n",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range c.files {
				path := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			t.Chdir(dir)
			var stdout, stderr bytes.Buffer
			code := run(append([]string{"validate"}, c.args...), strings.NewReader(c.stdin), &stdout, &stderr)
			if code != c.code {
				t.Errorf("exit code %d, want %d", code, c.code)
			}
			if got := stdout.String(); got != c.stdout {
				t.Errorf("stdout:\n%s\nwant:\n%s", got, c.stdout)
			}
			if got := stderr.String(); got != c.stderr {
				t.Errorf("stderr:\n%s\nwant:\n%s", got, c.stderr)
			}
			if strings.HasPrefix(c.stdout, "{") && !json.Valid(stdout.Bytes()) {
				t.Error("stdout is not JSON")
			}
		})
	}
}

// TestValidateGitHubEscaping checks the escapes of workflow commands: %, CR and LF in the
// message; also : and , in a property.
func TestValidateGitHubEscaping(t *testing.T) {
	if got, want := githubData("50% off:\r\nnow, here"), "50%25 off:%0D%0Anow, here"; got != want {
		t.Errorf("githubData: %q, want %q", got, want)
	}
	if got, want := githubProperty("a%b:c,d\ne"), "a%25b%3Ac%2Cd%0Ae"; got != want {
		t.Errorf("githubProperty: %q, want %q", got, want)
	}
}

// TestValidateSARIFURI checks file names as SARIF URIs.
func TestValidateSARIFURI(t *testing.T) {
	for name, want := range map[string]string{
		"gateway.yaml":      "gateway.yaml",
		"dir/my file.yaml":  "dir/my%20file.yaml",
		"/abs/gateway.yaml": "file:///abs/gateway.yaml",
		"a:b.yaml":          "./a:b.yaml",
		"100%.yaml":         "100%25.yaml",
	} {
		if got := sarifURI(name); got != want {
			t.Errorf("sarifURI(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestValidateSymlinks checks that a walk reads a symbolic link to a file and passes over one to
// a directory (which may loop).
func TestValidateSymlinks(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{"profiles/gateway.yaml": vcInvalidProfile, "tree/svc.yaml": vcService} {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range map[string]string{"tree/linked.yaml": "../profiles/gateway.yaml", "tree/loop": "..", "tree/dangling.yaml": "nowhere.yaml"} {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(link))); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	code := run([]string{"validate", "-o", "github", "tree"}, nil, &stdout, &stderr)
	want := `::error file=tree/linked.yaml,line=7,col=18,title=spec.loadBalancer.addressType::Unsupported value: "public": supported values: "internet", "intranet"
::warning file=tree/linked.yaml,line=8,col=19,title=spec.loadBalancer.instanceSpec SLBGW011::"slb.s3.xlarge" is not a value the docs list ("slb.s1.small", "slb.s2.small", "slb.s2.medium", "slb.s3.small", "slb.s3.medium", "slb.s3.large"); the controller passes it on unchecked and the cloud API may reject it
`
	if code != 1 || stdout.String() != want || stderr.String() != "tree/svc.yaml:1: skipped: kind Service is not an SLBGateway profile\n" {
		t.Errorf("exit code %d, stdout:\n%s\nstderr:\n%s\nwant exit code 1, stdout:\n%s", code, &stdout, &stderr, want)
	}
}
