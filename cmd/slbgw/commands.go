package main

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/slbgw/slbgw/change"
	"github.com/slbgw/slbgw/krm"
	"github.com/slbgw/slbgw/patch"
	"github.com/slbgw/slbgw/plan"
	"github.com/slbgw/slbgw/render"
	"github.com/slbgw/slbgw/schema"
)

// Exit codes, as documented in the README.
const (
	exitOK       = 0
	exitInvalid  = 1
	exitUsage    = 2
	exitInternal = 3
)

// version is set at build time with -ldflags "-X main.version=..."; otherwise the module
// version from the build info is used.
var version = ""

// runVersion prints the version: text, or JSON with -o json.
func defineVersion(flags *pflag.FlagSet, stdin io.Reader, stdout, stderr io.Writer) func() int {
	format := flags.StringP("output", "o", "text", "text or json")
	return func() int {
		if flags.NArg() > 0 || (*format != "text" && *format != "json") {
			fmt.Fprintf(stderr, "slbgw version: usage: slbgw version [-o text|json]\n")
			return exitUsage
		}
		if err := writeVersion(stdout, *format); err != nil {
			fmt.Fprintln(stderr, "slbgw version:", err)
			return exitInternal
		}
		return exitOK
	}
}

func defineFn(flags *pflag.FlagSet, stdin io.Reader, stdout, stderr io.Writer) func() int {
	check := flags.Bool("check", false, "validator mode: change nothing, report drift of the Service from the profile as errors")
	strict := flags.Bool("strict", false, "warnings fail the run (exit 1), as errors do")
	var ignore ignoreFlag
	addIgnoreFlag(flags, &ignore)
	var release string
	addReleaseFlag(flags, &release)
	return func() int {
		if flags.NArg() > 0 {
			fmt.Fprintf(stderr, "slbgw fn: unexpected argument %q: the function reads a ResourceList on stdin\n", flags.Arg(0))
			return exitUsage
		}
		return runFunction(stdin, stdout, stderr, krm.Processor{Check: *check, Strict: *strict, Ignore: ignore, Release: release})
	}
}

// runFunction is the KRM function mode.
func runFunction(stdin io.Reader, stdout, stderr io.Writer, p krm.Processor) (code int) {
	defer func() {
		// A panic is a bug, but the orchestrator should see a message and an exit code, not a
		// Go stack trace in the middle of its output.
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "slbgw: internal error: %v (please report it with the input)\n", r)
			code = exitInternal
		}
	}()
	p.Stderr = stderr
	err := krm.Execute(p, &boundedReader{r: stdin, left: maxResourceListBytes}, stdout)
	var failed *krm.FailedError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &failed):
		return exitInvalid // the findings are on stderr already
	}
	fmt.Fprintln(stderr, "slbgw:", err)
	return exitInvalid
}

func defineRender(flags *pflag.FlagSet, stdin io.Reader, stdout, stderr io.Writer) func() int {
	var o renderOptions
	flags.StringVarP(&o.profile, "file", "f", "", "the SLBGateway profile (- for stdin); without it ./gateway.yaml, else the embedded default")
	flags.StringVar(&o.base, "base", "", "a manifest stream holding the Service to patch; without it the Service is created")
	flags.StringVarP(&o.format, "output", "o", "", "the format: yaml or json (default: the base's, else yaml)")
	flags.StringVar(&o.output, "out", "", "write to this file (atomically) instead of stdout")
	flags.BoolVar(&o.strict, "strict", false, "warnings fail the run (exit 1) and nothing is written, as with errors")
	addIgnoreFlag(flags, &o.ignore)
	addReleaseFlag(flags, &o.release)
	flags.BoolVar(&o.patch, "patch", false, "write a kustomize patch of the Service (for patches:, no exec plugins) instead of the Service")
	flags.BoolVar(&o.check, "check", false, "with --patch --out FILE: write nothing; exit 1 (and a diff) when FILE differs from the patch the profile renders")
	return func() int {
		switch {
		case flags.NArg() > 0:
			fmt.Fprintf(stderr, "slbgw render: unexpected argument %q (the profile goes after -f)\n", flags.Arg(0))
			return exitUsage
		case o.check && !o.patch:
			fmt.Fprintln(stderr, "slbgw render: --check needs --patch: it checks a committed patch file")
			return exitUsage
		case o.format != "" && o.format != "yaml" && o.format != "json":
			fmt.Fprintf(stderr, "slbgw render: -o %q: -o is the format, yaml or json; to write to a file, use --out %s\n", o.format, shellWord(o.format))
			return exitUsage
		case o.check && (o.output == "" || o.output == "-"):
			fmt.Fprintln(stderr, "slbgw render: --check needs --out FILE: the patch file to check")
			return exitUsage
		case o.profile == "-" && o.base == "-":
			fmt.Fprintln(stderr, "slbgw render: -f and --base cannot both read stdin")
			return exitUsage
		}

		profile, warnings, code := loadProfileOrDefault("render", o.profile, o.release, o.ignore, stdin, stderr)
		if profile == nil {
			return code
		}
		var base []byte
		baseName := ""
		if o.base != "" {
			var err error
			if baseName, base, err = readInput(o.base, stdin); err != nil {
				fmt.Fprintln(stderr, "slbgw render:", err)
				return exitInvalid
			}
		}
		// The Service, or with --patch a kustomize patch of it (package patch), which checks the
		// base the same way.
		write := render.Manifests
		if o.patch {
			write = patch.Manifest
		}
		out, findings, err := write(render.Filter{Spec: &profile.Spec}, base, baseName)
		findings = findings.Without(o.ignore)
		printDiagnostics(stderr, findings)
		var baseErr *render.BaseError
		switch {
		case errors.As(err, &baseErr):
			fmt.Fprintln(stderr, "slbgw render:", err)
			return exitInvalid
		case err != nil:
			fmt.Fprintln(stderr, "slbgw render:", err)
			return exitInternal
		case findings.HasErrors():
			return exitInvalid
		case o.strict && len(warnings)+len(findings) > 0:
			fmt.Fprintf(stderr, "slbgw render: --strict: %d warnings fail the run; nothing written\n", len(warnings)+len(findings))
			return exitInvalid
		}
		if o.format != "" {
			if out, err = render.Reformat(out, o.format); err != nil {
				fmt.Fprintln(stderr, "slbgw render:", err)
				return exitInternal
			}
		}
		if o.check {
			return checkPatchFile(o, out, stderr)
		}
		if err := writeOutput(o.output, out, stdout); err != nil {
			fmt.Fprintln(stderr, "slbgw render:", err)
			return exitInternal
		}
		return exitOK
	}
}

// renderOptions are render's flags.
type renderOptions struct {
	profile, base, output, format, release string
	strict, check, patch                   bool
	ignore                                 ignoreFlag
}

func definePlan(flags *pflag.FlagSet, stdin io.Reader, stdout, stderr io.Writer) func() int {
	var o planOptions
	flags.StringVarP(&o.profile, "file", "f", "", "the SLBGateway profile (- for stdin); without it ./gateway.yaml, else the embedded default")
	flags.StringArrayVar(&o.live, "live", nil, "the live Service (kubectl get svc -n knative-serving ingress-gateway -o yaml; - for stdin); again for more live objects (config-domain, the KnativeServing with owner knative-operator)")
	flags.StringVar(&o.lb, "lb", "", "the load balancer as the cloud has it: the JSON of aliyun slb DescribeLoadBalancerAttribute --LoadBalancerId lb-… (an NLB: aliyun nlb GetLoadBalancerAttribute --LoadBalancerId nlb-…)")
	flags.StringVarP(&o.format, "output", "o", "text", "text (for people) or json (for machines)")
	flags.StringVar(&o.out, "out", "", "write the plan to this file (atomically) instead of stdout")
	flags.BoolVar(&o.strict, "strict", false, "a change refused unless the load balancer already has its value fails the plan (exit 1)")
	addIgnoreFlag(flags, &o.ignore)
	addReleaseFlag(flags, &o.release)
	detailed := flags.Bool("detailed-exitcode", false, "as terraform plan: exit 0 with no changes, 1 on an error or a refused change, 2 when the apply changes the Service")
	o.synopsis = "plan [-f gateway.yaml] --live live.yaml [--live more.yaml] [--lb lb.json] [-o text|json] [--strict] [--detailed-exitcode]"
	return func() int {
		code, changed := o.run(flags, stdin, stdout, stderr)
		switch {
		case !*detailed:
			return code
		case code == exitUsage:
			return exitInvalid
		case code == exitOK && changed:
			return exitChanges
		}
		return code
	}
}

// stdinReaders counts the inputs that read stdin ("-").
func stdinReaders(paths []string) int {
	n := 0
	for _, p := range paths {
		if p == "-" {
			n++
		}
	}
	return n
}

// exitChanges is plan --detailed-exitcode's code for a plan whose apply changes the Service.
const exitChanges = 2

// planOptions are plan's flags.
type planOptions struct {
	profile, lb, format, synopsis, out, release string
	live                                        []string
	strict                                      bool
	ignore                                      ignoreFlag
}

// run runs plan once its flags are parsed; changed tells whether the plan lists a change.
func (o planOptions) run(flags *pflag.FlagSet, stdin io.Reader, stdout, stderr io.Writer) (code int, changed bool) {
	switch {
	case flags.NArg() > 0:
		fmt.Fprintf(stderr, "slbgw plan: unexpected argument %q\nUsage: slbgw %s\n", flags.Arg(0), o.synopsis)
		return exitUsage, false
	case len(o.live) == 0:
		fmt.Fprintf(stderr, "slbgw plan: --live is required: the Service as the cluster has it\nUsage: slbgw %s\n", o.synopsis)
		return exitUsage, false
	case stdinReaders(append([]string{o.profile, o.lb}, o.live...)) > 1:
		fmt.Fprintln(stderr, "slbgw plan: only one of -f, --live and --lb can read stdin")
		return exitUsage, false
	case o.format != "text" && o.format != "json":
		fmt.Fprintf(stderr, "slbgw plan: -o %q: use text or json\n", o.format)
		return exitUsage, false
	}
	profile, _, code := loadProfileOrDefault("plan", o.profile, o.release, o.ignore, stdin, stderr)
	if profile == nil {
		return code, false
	}
	var files []plan.LiveFile
	for _, path := range o.live {
		name, data, err := readInput(path, stdin)
		if err != nil {
			fmt.Fprintln(stderr, "slbgw plan:", err)
			return exitInvalid, false
		}
		files = append(files, plan.LiveFile{Name: name, Data: data})
	}
	var cloud change.Cloud
	if o.lb != "" {
		lbName, lbData, err := readInput(o.lb, stdin)
		if err == nil {
			cloud, err = change.ReadCloud(lbData)
		}
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", cmp.Or(lbName, o.lb), err)
			return exitInvalid, false
		}
	}
	live, diags := plan.ReadLiveObjects(files, &profile.Spec)
	printDiagnostics(stderr, diags)
	if diags.HasErrors() {
		return exitInvalid, false
	}
	var p *plan.Plan
	var findings schema.Diagnostics
	var err error
	if profile.Spec.ByOperator() {
		p, findings, err = plan.ComputeOperator(live.Service, live.KnativeServing, &profile.Spec, cloud)
	} else {
		p, findings, err = plan.Compute(live.Service, &profile.Spec, cloud)
		if err == nil && !findings.HasErrors() {
			var more schema.Diagnostics
			more, err = p.PlanDomains(&profile.Spec, live.Domain)
			findings = append(findings, more...)
		}
	}
	// The plan says what the warnings about the Service would say; only errors go to stderr.
	for _, d := range findings {
		if d.Severity == schema.SeverityError {
			if d.File == "" {
				d.File = files[0].Name
			}
			fmt.Fprintln(stderr, d.String())
		}
	}
	switch {
	case err != nil:
		fmt.Fprintln(stderr, "slbgw plan:", err)
		return exitInternal, false
	case findings.HasErrors():
		return exitInvalid, false
	}
	write := p.WriteText
	if o.format == "json" {
		write = p.WriteJSON
	}
	var text bytes.Buffer
	err = write(&text)
	if err == nil {
		err = writeOutput(o.out, text.Bytes(), stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "slbgw plan:", err)
		return exitInternal, false
	}
	if p.Refused() || (o.strict && p.UnlessSame()) {
		return exitInvalid, false
	}
	return exitOK, p.ChangesService()
}

// writeOutput writes data to the file --out names (atomically), or to stdout when it names none
// or "-": every command that writes a file does it so.
func writeOutput(path string, data []byte, stdout io.Writer) error {
	if path == "" || path == "-" {
		_, err := stdout.Write(data)
		return err
	}
	return writeFileAtomically(path, data)
}

// ignoreFlag is --ignore: warning codes a team has accepted, comma-separated (docs/warnings.md);
// an unknown code is a usage error.
type ignoreFlag []string

func (f *ignoreFlag) String() string { return strings.Join(*f, ",") }
func (f *ignoreFlag) Type() string   { return "codes" }
func (f *ignoreFlag) Set(v string) error {
	codes, err := schema.ParseIgnore(v)
	*f = append(*f, codes...)
	return err
}

// addReleaseFlag declares --controller-version.
func addReleaseFlag(flags *pflag.FlagSet, release *string) {
	flags.StringVar(release, "controller-version", "", "the cloud controller's release in the cluster, such as v2.10.0 (wins over spec.controller.version)")
}

// addIgnoreFlag declares --ignore.
func addIgnoreFlag(flags *pflag.FlagSet, f *ignoreFlag) {
	flags.Var(f, "ignore", "warning codes to silence, comma-separated, such as SLBGW001 (docs/warnings.md); --strict fails on the others")
}

// implicitProfile is the profile a command reads without -f, when the working directory has it,
// as kustomize reads ./kustomization.yaml: a profile beside the user is never silently ignored.
const implicitProfile = "gateway.yaml"

// defaultProfileSummary names what the embedded default profile asks for, for the line that
// says it is used.
func defaultProfileSummary(p *schema.Profile) string {
	return strings.Join(slices.DeleteFunc([]string{p.Spec.LoadBalancer.AddressType, p.Spec.LoadBalancer.InstanceSpec}, func(s string) bool { return s == "" }), ", ")
}

// isFile tells whether path is a regular file.
func isFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

// loadProfileOrDefault loads the profile in file; without -f (file ""), ./gateway.yaml when it
// exists, or else the embedded default profile, saying so on stderr. It returns the profile's
// warnings (for --strict). A nil profile means the command stops with code;
// findings are on stderr.
func loadProfileOrDefault(command, file, release string, ignore []string, stdin io.Reader, stderr io.Writer) (*schema.Profile, schema.Diagnostics, int) {
	if file == "" {
		if !isFile(implicitProfile) {
			p, err := schema.DefaultProfile()
			if err != nil {
				fmt.Fprintf(stderr, "slbgw %s: %v\n", command, err)
				return nil, nil, exitInternal
			}
			fmt.Fprintf(stderr, "slbgw %s: no -f and no ./%s: using the embedded default profile (%s)\n", command, implicitProfile, defaultProfileSummary(p))
			return p, nil, exitOK
		}
		file = implicitProfile
	}
	name, data, err := readInput(file, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "slbgw %s: %v\n", command, err)
		return nil, nil, exitInvalid
	}
	p, diags := schema.Load(name, data)
	if p != nil {
		if diags, err = p.WithRelease(release, diags); err != nil {
			fmt.Fprintf(stderr, "slbgw %s: %v\n", command, err)
			return nil, nil, exitUsage
		}
	}
	diags = diags.Without(ignore)
	printDiagnostics(stderr, diags)
	if diags.HasErrors() {
		return nil, diags, exitInvalid
	}
	return p, diags, exitOK
}

// readInput reads a named file, or stdin for "-". Profiles larger than the schema's bound are
// refused before they are read whole.
func readInput(file string, stdin io.Reader) (name string, data []byte, err error) {
	name = file
	var r io.Reader = stdin
	if file == "-" {
		name = "<stdin>"
	} else {
		f, err := os.Open(file)
		if err != nil {
			return name, nil, err
		}
		defer f.Close()
		r = f
	}
	data, err = io.ReadAll(io.LimitReader(r, maxInputBytes+1))
	if err != nil {
		return name, nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if len(data) > maxInputBytes {
		return name, nil, fmt.Errorf("%s: larger than %d bytes", name, maxInputBytes)
	}
	return name, data, nil
}

// boundedReader fails a read past maxInputBytes, so a runaway ResourceList is refused with a
// clear error instead of being parsed (kyaml reads its whole input into memory).
type boundedReader struct {
	r    io.Reader
	left int64
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// One byte more tells a stream that ends exactly at the limit from a longer one.
		var one [1]byte
		n, err := b.r.Read(one[:])
		if n > 0 {
			return 0, fmt.Errorf("the ResourceList is larger than %d bytes, the most slbgw reads as a function (kyaml holds about 160 times its input in memory)", int64(maxResourceListBytes))
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	return n, err
}

// maxResourceListBytes bounds the ResourceList of the KRM function. kyaml's reader and writer
// hold about 160 times the input at their peak (a no-op kyaml function too: BENCHMARKS.md), so
// 24 MiB peaks near 4 GiB, which a 2-core, 8 GiB CI runner holds beside kustomize or kpt.
const maxResourceListBytes = 24 << 20

// maxInputBytes bounds any file the CLI reads (a base manifest stream may be large; a profile
// is further bounded by schema.MaxProfileBytes).
const maxInputBytes = 64 << 20

func printDiagnostics(w io.Writer, diags schema.Diagnostics) {
	for _, d := range diags {
		fmt.Fprintln(w, d.String())
	}
}

// writeFileAtomically writes data to a temporary file beside path and renames it over path, so
// path holds either its old content or the whole new one, never a part. A symlink is written
// through: its target gets the new content (the link stays a link), and an existing file keeps
// its mode.
func writeFileAtomically(path string, data []byte) error {
	if target, err := filepath.EvalSymlinks(path); err == nil {
		path = target
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		if !st.Mode().IsRegular() {
			return fmt.Errorf("%s is not a regular file", path)
		}
		mode = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
	if _, err := io.Copy(tmp, bytes.NewReader(data)); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
