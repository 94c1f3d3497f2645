package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
)

// The pieces of `slbgw render --patch --check`: runRender writes the patch (package patch) as
// it writes the Service; with --check it compares the patch with the file -o names and writes
// nothing, so CI can fail on a committed patch the profile no longer gives.

// maxDiffLines bounds the diff a stale patch file gets: enough to review, not a flood in a CI
// log.
const maxDiffLines = 200

// checkPatchFile compares the patch file o.output with want, byte for byte: a generated file
// is either what the generator writes or stale. A stale file gets the command that refreshes
// it and a unified diff of it against the patch the profile renders.
func checkPatchFile(o renderOptions, want []byte, stderr io.Writer) int {
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
	fmt.Fprint(stderr, unifiedDiff(o.output+" (committed)", o.output+" (rendered)", string(have), string(want), maxDiffLines))
	return exitInvalid
}

// refreshCommand is the render --patch command that rewrites the checked file.
func refreshCommand(o renderOptions) string {
	cmd := []string{"slbgw", "render", "--patch"}
	if o.profile != "" {
		cmd = append(cmd, "-f", shellWord(o.profile))
	}
	if o.base != "" {
		cmd = append(cmd, "--base", shellWord(o.base))
	}
	return strings.Join(append(cmd, "--out", shellWord(o.output)), " ")
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
