package schema

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Severity says whether a Diagnostic fails the run.
type Severity string

const (
	// SeverityError makes the profile invalid.
	SeverityError Severity = "error"
	// SeverityWarning is printed but does not fail.
	SeverityWarning Severity = "warning"
)

// Diagnostic is one finding about a profile, located in its source file.
type Diagnostic struct {
	Severity Severity
	// File is the profile's file name as the user gave it.
	File string
	// Line and Column are 1-based; 0 when the finding has no place in the file.
	Line, Column int
	// Field is the dotted path of the field, such as spec.loadBalancer.bandwidth; empty for
	// findings about the document as a whole.
	Field string
	// Message says what is wrong and what is allowed.
	Message string
	// Code is a warning's stable code (WarningCodes), by which it can be ignored.
	Code string
}

// String formats the diagnostic the way compilers do, so editors and CI logs can jump to it:
// FILE:LINE:COL: field.path: message, with "warning: " before the field for warnings.
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Location())
	b.WriteString(": ")
	if d.Severity == SeverityWarning {
		b.WriteString("warning: ")
	}
	if d.Field != "" {
		b.WriteString(d.Field)
		b.WriteString(": ")
	}
	b.WriteString(ClipMessage(d.Message))
	if d.Code != "" {
		b.WriteString(" [" + d.Code + "]")
	}
	return b.String()
}

// ClipMessage shortens the values a message quotes: a quoted string over 120 bytes keeps its
// first 80, then says how long it was, and the whole message is cut at 2000 bytes. Findings
// quote the values they are about, and a 10 MB value must not come back whole on stderr and in
// a function's results.
func ClipMessage(msg string) string {
	if len(msg) <= 120 {
		return msg
	}
	msg = quotedRE().ReplaceAllStringFunc(msg, func(q string) string {
		if len(q) <= 120 {
			return q
		}
		cut := 80
		for cut > 0 && !utf8.RuneStart(q[cut]) {
			cut--
		}
		return q[:cut] + fmt.Sprintf(`…" (%d bytes)`, len(q)-2)
	})
	if len(msg) > 2000 {
		cut := 2000
		for cut > 0 && !utf8.RuneStart(msg[cut]) {
			cut--
		}
		msg = msg[:cut] + "…"
	}
	return msg
}

// quotedRE matches a Go-quoted string, as %q writes them.
var quotedRE = lazyRegexp(`"(?:[^"\\]|\\.)*"`)

// Location is FILE:LINE:COL, or FILE alone when the finding has no line.
func (d Diagnostic) Location() string {
	if d.Line == 0 {
		return d.File
	}
	return fmt.Sprintf("%s:%d:%d", d.File, d.Line, d.Column)
}

// Diagnostics are the findings about one or more profiles, in file order.
type Diagnostics []Diagnostic

// HasErrors reports whether any finding is an error.
func (ds Diagnostics) HasErrors() bool {
	return slices.ContainsFunc(ds, func(d Diagnostic) bool { return d.Severity == SeverityError })
}

// String is one finding a line.
func (ds Diagnostics) String() string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

func (ds Diagnostics) sort() {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column), cmp.Compare(a.Field, b.Field), cmp.Compare(a.Message, b.Message))
	})
}

// InvalidError is returned for a profile that breaks the schema or a rule. It carries every
// finding, warnings included, so callers can report them all at once.
type InvalidError struct {
	Diagnostics Diagnostics
}

// Error lists the error findings, one a line.
func (e *InvalidError) Error() string {
	var errs Diagnostics
	for _, d := range e.Diagnostics {
		if d.Severity == SeverityError {
			errs = append(errs, d)
		}
	}
	return errs.String()
}
