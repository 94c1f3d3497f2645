package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/slbgw/slbgw/patch"
	"github.com/slbgw/slbgw/plan"
	"github.com/slbgw/slbgw/render"
	"github.com/slbgw/slbgw/schema"
)

// patchOptions are render's flags, for render --patch.
type patchOptions struct {
	profile, base, output string
	strict, check, patch  bool
}

// renderPatch is `slbgw render --patch`: the profile as a kustomize patch of the gateway
// Service (package patch), written like render writes the Service; with --check, the patch is
// compared with the file -o names and nothing is written, so CI can fail on a committed patch
// that the profile no longer gives.
func renderPatch(o patchOptions, stdin io.Reader, stdout, stderr io.Writer) int {
	switch {
	case !o.patch:
		fmt.Fprintln(stderr, "slbgw render: --check needs --patch: it checks a committed patch file")
		return exitUsage
	case o.check && (o.output == "" || o.output == "-"):
		fmt.Fprintln(stderr, "slbgw render: --check needs -o FILE: the patch file to check")
		return exitUsage
	case o.profile == "-" && o.base == "-":
		fmt.Fprintln(stderr, "slbgw render: -f and --base cannot both read stdin")
		return exitUsage
	}

	profile, err := schema.DefaultProfile()
	if err != nil {
		fmt.Fprintln(stderr, "slbgw render:", err)
		return exitInternal
	}
	var warnings schema.Diagnostics // for --strict
	if o.profile != "" {
		name, data, err := readInput(o.profile, stdin)
		if err != nil {
			fmt.Fprintln(stderr, "slbgw render:", err)
			return exitInvalid
		}
		profile, warnings = schema.Load(name, data)
		printDiagnostics(stderr, warnings)
		if warnings.HasErrors() {
			return exitInvalid
		}
	}
	var base []byte
	baseName := ""
	if o.base != "" {
		if baseName, base, err = readInput(o.base, stdin); err != nil {
			fmt.Fprintln(stderr, "slbgw render:", err)
			return exitInvalid
		}
	}

	out, findings, err := patch.Manifest(render.Patch{Spec: &profile.Spec, Refusals: plan.Refusals}, base, baseName)
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

	switch {
	case o.check:
		return checkPatchFile(o, out, stderr)
	case o.output == "" || o.output == "-": // -o - is stdout, as for render
		if _, err := stdout.Write(out); err != nil {
			fmt.Fprintln(stderr, "slbgw render:", err)
			return exitInternal
		}
	default:
		if err := writeFileAtomically(o.output, out); err != nil {
			fmt.Fprintln(stderr, "slbgw render:", err)
			return exitInternal
		}
	}
	return exitOK
}

// checkPatchFile compares the patch file o.output with want, byte for byte: a generated file
// is either what the generator writes or stale. A stale file gets the command that refreshes
// it and its first differing line.
func checkPatchFile(o patchOptions, want []byte, stderr io.Writer) int {
	have, err := os.ReadFile(o.output)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		fmt.Fprintf(stderr, "slbgw render: %s is stale: it does not exist; run %s\n", o.output, refreshCommand(o))
		return exitInvalid
	case err != nil:
		fmt.Fprintln(stderr, "slbgw render:", err)
		return exitInvalid
	case bytes.Equal(have, want):
		return exitOK
	}
	fmt.Fprintf(stderr, "slbgw render: %s is stale: run %s\n", o.output, refreshCommand(o))
	line, h, w := firstDifference(string(have), string(want))
	fmt.Fprintf(stderr, "%s:%d: is %s; the profile gives %s\n", o.output, line, h, w)
	return exitInvalid
}

// refreshCommand is the render --patch command that rewrites the checked file.
func refreshCommand(o patchOptions) string {
	cmd := []string{"slbgw", "render", "--patch"}
	if o.profile != "" {
		cmd = append(cmd, "-f", shellWord(o.profile))
	}
	if o.base != "" {
		cmd = append(cmd, "--base", shellWord(o.base))
	}
	return strings.Join(append(cmd, "-o", shellWord(o.output)), " ")
}

// firstDifference finds the first line where have and want differ: its number and both
// versions, quoted ("end of file" past the last line).
func firstDifference(have, want string) (int, string, string) {
	h, w := strings.SplitAfter(have, "\n"), strings.SplitAfter(want, "\n")
	quote := func(lines []string, i int) string {
		if i >= len(lines) || lines[i] == "" {
			return "end of file"
		}
		return fmt.Sprintf("%q", strings.TrimSuffix(lines[i], "\n"))
	}
	i := 0
	for i < len(h) && i < len(w) && h[i] == w[i] {
		i++
	}
	return i + 1, quote(h, i), quote(w, i)
}

// shellWord quotes s for a POSIX shell when it holds anything but plain path characters.
func shellWord(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:@+") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
