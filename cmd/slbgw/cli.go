package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/slbgw/slbgw/krm"
	"github.com/slbgw/slbgw/schema"
)

// The CLI is a table of commands on cobra, as kubectl, kustomize and kpt are: help and usage
// (to stdout, exit 0 for --help), `help <command>`, --version and shell completion come from
// it. Each command's define function declares its flags on the command's flag set and returns
// what runs once they are parsed; the exit code is its result.

// commandRow is one row of the command table.
type commandRow struct {
	use, short, long, example string
	// define declares the command's flags and returns its run, which gives the exit code.
	define func(flags *pflag.FlagSet, stdin io.Reader, stdout, stderr io.Writer) func() int
}

var commands = []commandRow{
	{use: "render", short: "Render the gateway Service (or, with --patch, a kustomize patch of it)",
		long: `Render applies the profile to the gateway Service: to the one in --base, edited where it is (only the
owned annotations' lines change), or to a new one. With --patch it writes a strategic-merge patch for a
kustomization instead, for builds that run no exec plugins; --patch --check fails when a committed patch is
stale. Without -f it reads ./gateway.yaml, else the embedded default profile (said on stderr).`,
		example: `  # the Service from ./gateway.yaml (or the embedded default), to stdout
  slbgw render
  # patch a live Service and see what changes in the cluster
  kubectl get svc -n knative-serving ingress-gateway -o yaml | slbgw render -f gateway.yaml --base - | kubectl diff -f -
  # a committed kustomize patch, and the CI check that keeps it fresh
  slbgw render --patch -f gateway.yaml --base service.yaml --out gateway-patch.yaml
  slbgw render --patch --check -f gateway.yaml --base service.yaml --out gateway-patch.yaml`,
		define: defineRender},
	{use: "plan", short: "Say what the cloud controller will do to the running gateway",
		long: `Plan compares the profile with the live Service (and config-domain, and with --lb the load balancer as
the cloud has it) and says, for each field that changes, what the Alibaba Cloud controller does with it:
in place, REFUSED, listeners re-created, no effect, status only. Exit 1 when it would refuse a change.`,
		example: `  kubectl get svc,cm -n knative-serving ingress-gateway config-domain -o yaml > live.yaml
  slbgw plan -f gateway.yaml --live live.yaml
  # with the load balancer's own attributes, and terraform's exit codes
  aliyun slb DescribeLoadBalancerAttribute --LoadBalancerId lb-xxx > lb.json
  slbgw plan -f gateway.yaml --live live.yaml --lb lb.json --detailed-exitcode -o json`,
		define: definePlan},
	{use: "validate", short: "Check profiles; print every finding as FILE:LINE:COL: field: message",
		long: `Validate checks profiles against the schema and the cloud controller's rules and prints every finding at
once, FILE:LINE:COL: field: message, or as JSON, SARIF or GitHub annotations for CI. Without arguments it
reads ./gateway.yaml; a directory is walked for *.yaml, *.yml and *.json files, and documents of other
kinds are skipped with a note each.`,
		example: `  slbgw validate gateway.yaml
  slbgw validate --strict profiles/
  slbgw validate -o github .     # annotations on the pull request in GitHub Actions
  slbgw validate -o sarif . > slbgw.sarif`,
		define: defineValidate},
	{use: "schema", short: "Print the profile's JSON Schema",
		example: `  slbgw schema > gateway.schema.json`,
		define:  defineSchema},
	{use: "version", short: "Print the version, the build's revision and the controller commit slbgw's facts come from",
		example: `  slbgw version -o json`,
		define:  defineVersion},
	{use: "fn", short: "Run as a KRM function: ResourceList on stdin, ResourceList on stdout",
		long: `With no command, or with fn, slbgw is a KRM function (kustomize --enable-alpha-plugins --enable-exec,
kpt fn render --allow-exec). The functionConfig is an SLBGateway profile, or a ConfigMap whose data keys
are profile fields under spec (kpt fn eval --exec slbgw -- loadBalancer.addressType=intranet). fn --check
is the validator: it changes nothing and reports drift of the Service from the profile as errors.`,
		example: `  kpt fn eval --exec slbgw -- loadBalancer.addressType=intranet
  kpt fn render --allow-exec pkg/`,
		define: defineFn},
}

const rootLong = `slbgw turns an SLBGateway profile into the Knative ingress-gateway Service whose annotations make an
Alibaba Cloud SLB (CLB) the gateway.

--strict (validate, render, fn, plan) makes warnings fail the run, as errors do; in a pipeline, the
functionConfig annotation slbgw.dev/strict: "true" does the same.

Exit codes: 0 success, 1 invalid input (or warnings under --strict; for plan, a refused change; for
render --check, a stale file), 2 usage (for plan --detailed-exitcode: changes that apply), 3 internal error.`

// run is the whole CLI, testable: arguments in, exit code out.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	code := exitOK
	root := &cobra.Command{
		Use:           "slbgw",
		Short:         "Render the Knative gateway Service of an Alibaba Cloud SLB from a typed profile",
		Long:          rootLong + "\n\nConfigMap keys (kpt fn eval … -- key=value):\n" + wrap(strings.Join(schema.ConfigMapKeys(), ", "), 100, "  "),
		Version:       readVersion().Version,
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if f, ok := stdin.(*os.File); ok && isTerminal(f) {
				fmt.Fprintln(stderr, "slbgw: as a KRM function it reads a ResourceList on stdin; give a command to run it by hand (slbgw --help)")
				code = exitUsage
				return nil
			}
			code = runFunction(stdin, stdout, stderr, krm.Processor{})
			return nil
		},
	}
	root.SetVersionTemplate("slbgw {{.Version}}\n")
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	for _, c := range commands {
		cmd := &cobra.Command{Use: c.use, Short: c.short, Long: c.long, Example: c.example}
		if cmd.Long == "" {
			cmd.Long = c.short + "."
		}
		runCommand := c.define(cmd.Flags(), stdin, stdout, stderr)
		cmd.Flags().SortFlags = false
		cmd.RunE = func(*cobra.Command, []string) error {
			code = runCommand()
			return nil
		}
		root.AddCommand(cmd)
	}
	if err := root.Execute(); err != nil {
		fmt.Fprintf(stderr, "slbgw: %v\nRun 'slbgw --help' for usage.\n", err)
		if len(args) > 0 && args[0] == "plan" && slices.Contains(args, "--detailed-exitcode") {
			return exitInvalid // 2 means changes there, as in terraform
		}
		return exitUsage
	}
	return code
}

// defineSchema is the schema command: no flags.
func defineSchema(flags *pflag.FlagSet, _ io.Reader, stdout, stderr io.Writer) func() int {
	return func() int {
		if flags.NArg() > 0 {
			fmt.Fprintln(stderr, "slbgw schema: takes no arguments")
			return exitUsage
		}
		if _, err := stdout.Write(schema.JSONSchema); err != nil {
			fmt.Fprintln(stderr, "slbgw schema:", err)
			return exitInternal
		}
		return exitOK
	}
}

// wrap breaks text into lines of at most width, each after indent.
func wrap(text string, width int, indent string) string {
	var b strings.Builder
	line := indent
	for _, word := range strings.Fields(text) {
		if len(line)+len(word)+1 > width && line != indent {
			b.WriteString(strings.TrimRight(line, " ") + "\n")
			line = indent
		}
		line += word + " "
	}
	b.WriteString(strings.TrimRight(line, " "))
	return b.String()
}
