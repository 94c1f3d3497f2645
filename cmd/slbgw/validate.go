package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/schema"
)

// `slbgw validate` checks the SLBGateway profiles among files and directories, as kubeconform
// checks manifests: a directory is walked for *.yaml, *.yml and *.json files, a file may hold
// several YAML documents, and documents of other kinds are passed over with a note. Findings
// come as text (FILE:LINE:COL lines on stderr, as compilers print them), JSON, SARIF 2.1.0
// (code scanning) or GitHub Actions workflow commands (annotations on the pull request).

// validateSynopsis is the command's usage line.
const validateSynopsis = "validate [--strict] [-o text|json|sarif|github] [FILE|DIR|-]..."

// validateFormats are the values of validate's -o.
var validateFormats = []string{"text", "json", "sarif", "github"}

// validateOptions are validate's flags.
type validateOptions struct {
	strict               bool
	format, out, release string
	ignore               ignoreFlag
}

// addValidateFlags declares validate's flags on flags; run the command with the options it
// returns once flags are parsed.
func addValidateFlags(flags *pflag.FlagSet) *validateOptions {
	o := &validateOptions{}
	flags.BoolVar(&o.strict, "strict", false, "warnings fail the run (exit 1), as errors do")
	addIgnoreFlag(flags, &o.ignore)
	flags.StringVar(&o.out, "out", "", "write the json, sarif or github report to this file (atomically) instead of stdout")
	addReleaseFlag(flags, &o.release)
	flags.StringVarP(&o.format, "output", "o", "text", "how findings are reported: text (on stderr), json, sarif or github (workflow commands), on stdout")
	return o
}

// defineValidate is the validate command of the command table.
func defineValidate(flags *pflag.FlagSet, stdin io.Reader, stdout, stderr io.Writer) func() int {
	o := addValidateFlags(flags)
	return func() int { return o.run(flags.Args(), stdin, stdout, stderr) }
}

// run validates the files and directories in args (- for stdin; none: ./gateway.yaml).
func (o *validateOptions) run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	switch {
	case !slices.Contains(validateFormats, o.format):
		fmt.Fprintf(stderr, "slbgw validate: -o %q: use %s\n", o.format, strings.Join(validateFormats, ", "))
		return exitUsage
	case countOf(args, "-") > 1:
		fmt.Fprintln(stderr, "slbgw validate: - (stdin) can be given once")
		return exitUsage
	case len(args) == 0:
		if !isFile(implicitProfile) {
			fmt.Fprintf(stderr, "slbgw validate: give one or more profile files or directories (- for stdin); there is no ./%s\nUsage: slbgw %s\n", implicitProfile, validateSynopsis)
			return exitUsage
		}
		args = []string{implicitProfile}
	}
	if _, err := (&schema.Profile{}).WithRelease(o.release, nil); err != nil {
		fmt.Fprintln(stderr, "slbgw validate:", err)
		return exitUsage
	}
	r := &validateReport{strict: o.strict, ignore: o.ignore, release: o.release}
	for _, arg := range args {
		if st, err := os.Stat(arg); arg != "-" && err == nil && st.IsDir() {
			r.walk(arg)
			continue
		}
		r.file(arg, stdin, true)
	}
	var err error
	var report bytes.Buffer
	switch o.format {
	case "text":
		r.writeText(stderr, true)
	case "json":
		err = r.writeJSON(&report)
	case "sarif":
		err = r.writeSARIF(&report)
	case "github":
		r.writeText(stderr, false)
		err = r.writeGitHub(&report)
	}
	if err == nil && report.Len() > 0 {
		err = writeOutput(o.out, report.Bytes(), stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "slbgw validate:", err)
		return exitInternal
	}
	return r.exitCode()
}

func countOf(args []string, s string) (n int) {
	for _, a := range args {
		if a == s {
			n++
		}
	}
	return n
}

// validateReport gathers what validate found, in the order of the files and their documents.
type validateReport struct {
	strict  bool
	ignore  []string // warning codes not reported (--ignore)
	release string   // --controller-version
	entries []validateEntry
	// checked counts the profile documents checked.
	checked int
}

// validateEntry is one line of the report.
type validateEntry struct {
	kind validateEntryKind
	// finding is the finding (entryFinding, entryUnreadable), or for entrySkipped the file and
	// line of the document passed over.
	finding schema.Diagnostic
	// skippedKind is the kind of the document passed over; "" when it has none.
	skippedKind string
	// text is the line text output prints for entryUnreadable and entryStrict.
	text string
}

type validateEntryKind int

const (
	entryFinding    validateEntryKind = iota
	entryUnreadable                   // a file or directory that could not be read: an error
	entrySkipped                      // a document that is not a profile: a note
	entryStrict                       // --strict's line after the warnings of a file (text only)
)

func (r *validateReport) add(e validateEntry) { r.entries = append(r.entries, e) }

// exitCode is 1 when anything is an error (or, under --strict, a warning), else 0.
func (r *validateReport) exitCode() int {
	for _, e := range r.entries {
		switch {
		case e.kind == entryUnreadable,
			e.kind == entryFinding && (e.finding.Severity == schema.SeverityError || r.strict):
			return exitInvalid
		}
	}
	return exitOK
}

// manifestExtensions are the files a directory walk reads, as kubeconform does.
var manifestExtensions = []string{".yaml", ".yml", ".json"}

// walk checks every manifest file under dir, in lexical order. Hidden files and directories
// (.git, .github) are passed over, as are symbolic links to directories (which may loop);
// symbolic links to files are read.
func (r *validateReport) walk(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		r.unreadable(dir, err) // ReadDir returns the entries it read before the error
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		path := filepath.Join(dir, name)
		switch {
		case e.IsDir():
			r.walk(path)
		case !slices.Contains(manifestExtensions, strings.ToLower(filepath.Ext(name))):
		case e.Type().IsRegular(), e.Type()&fs.ModeSymlink != 0 && isFile(path):
			r.file(path, nil, false)
		}
	}
}

func (r *validateReport) unreadable(name string, err error) {
	msg := err.Error()
	if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
		name, msg = pe.Path, pe.Err.Error()
	}
	r.add(validateEntry{kind: entryUnreadable, text: "slbgw validate: " + err.Error(),
		finding: schema.Diagnostic{Severity: schema.SeverityError, File: name, Message: msg}})
}

// file checks the profiles in one file (- for stdin). named tells that the user named the file,
// rather than a walk found it: a named file with no document at all is an error, as it is for
// a profile, while a walk passes empty files over.
func (r *validateReport) file(path string, stdin io.Reader, named bool) {
	name, data, err := readInput(path, stdin)
	if err != nil {
		r.unreadable(path, err)
		return
	}
	if len(data) > schema.MaxProfileBytes {
		_, diags := schema.Load(name, data) // refused by size, before it is parsed
		for _, d := range diags {
			r.add(validateEntry{finding: d})
		}
		return
	}
	docs, err := yamlDocuments(data)
	if err != nil {
		r.add(validateEntry{finding: parseFailure(name, data, err)})
		return
	}
	if len(docs) == 0 {
		if named {
			r.add(validateEntry{finding: schema.Diagnostic{Severity: schema.SeverityError, File: name, Line: 1, Column: 1,
				Message: fmt.Sprintf("empty document: expected an %s profile (apiVersion %s)", schema.Kind, schema.APIVersion)}})
		}
		return
	}
	var found schema.Diagnostics
	for _, root := range docs {
		apiVersion, kind := scalarField(root, "apiVersion"), scalarField(root, "kind")
		// A profile with a wrong apiVersion or kind (a typo, an old version) is checked, so the
		// schema says what is wrong, rather than passed over as another kind of object.
		if kind != schema.Kind && apiVersion != schema.APIVersion {
			r.add(validateEntry{kind: entrySkipped, skippedKind: kind, finding: schema.Diagnostic{File: name, Line: root.Line}})
			continue
		}
		r.checked++
		p, diags := schema.LoadNode(name, root) // the node's positions are the file's
		if p != nil {
			diags, _ = p.WithRelease(r.release, diags) // checked in run
		}
		diags = diags.Without(r.ignore)
		for _, d := range diags {
			r.add(validateEntry{finding: d})
		}
		found = append(found, diags...)
	}
	if r.strict && len(found) > 0 && !found.HasErrors() {
		r.add(validateEntry{kind: entryStrict, text: fmt.Sprintf("slbgw validate: --strict: %d warnings in %s fail the run", len(found), name)})
	}
}

// yamlDocuments parses every YAML document of data with the positions of the whole file, and
// returns the root nodes of those that are not empty.
func yamlDocuments(data []byte) ([]*yaml.Node, error) {
	var roots []*yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return roots, nil
		}
		if err != nil {
			return nil, err
		}
		if len(doc.Content) == 0 {
			continue
		}
		root := doc.Content[0]
		if root.Kind == yaml.ScalarNode && root.ShortTag() == yaml.NodeTagNull {
			continue
		}
		roots = append(roots, root)
	}
}

// parseFailure is the finding for a file that is not YAML. For a profile-sized file it is
// schema.Load's, which locates the failures go-yaml does not (a control character, an unknown
// anchor, invalid UTF-8); Load stops at the same first failure.
func parseFailure(name string, data []byte, err error) schema.Diagnostic {
	if len(data) <= schema.MaxProfileBytes {
		if _, diags := schema.Load(name, data); len(diags) == 1 && diags[0].Severity == schema.SeverityError && diags[0].Field == "" {
			return diags[0]
		}
	}
	d := schema.Diagnostic{Severity: schema.SeverityError, File: name, Line: schema.YAMLErrorLine(err),
		Message: "not valid YAML: " + schema.YAMLErrorText(err)}
	if d.Line > 0 {
		d.Column = 1
	}
	return d
}

// scalarField is the value of a top-level scalar field of a mapping; "" when there is none.
func scalarField(root *yaml.Node, name string) string {
	if root.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k, v := root.Content[i], root.Content[i+1]; k.Value == name && v.Kind == yaml.ScalarNode {
			return v.Value
		}
	}
	return ""
}

// skipNote says why a document was passed over.
func skipNote(kind string) string {
	if kind == "" {
		return fmt.Sprintf("no kind: not an %s profile", schema.Kind)
	}
	return fmt.Sprintf("kind %s is not an %s profile", kind, schema.Kind)
}

// writeText writes the report as today's lines: FILE:LINE:COL: field: message for findings,
// FILE:LINE: skipped: ... for documents passed over. With findings false (github output, whose
// findings go to stdout), only the notes and the lines about the run.
func (r *validateReport) writeText(w io.Writer, findings bool) {
	quiet := true
	for _, e := range r.entries {
		switch e.kind {
		case entryFinding:
			quiet = false
			if findings {
				fmt.Fprintln(w, e.finding.String())
			}
		case entryUnreadable:
			quiet = false
			if findings {
				fmt.Fprintln(w, e.text)
			}
		case entryStrict:
			fmt.Fprintln(w, e.text)
		case entrySkipped:
			fmt.Fprintf(w, "%s:%d: skipped: %s\n", e.finding.File, e.finding.Line, skipNote(e.skippedKind))
		}
	}
	if quiet && r.checked == 0 {
		fmt.Fprintf(w, "slbgw validate: no %s profile found\n", schema.Kind)
	}
}

// validateJSON is the JSON output.
type validateJSON struct {
	APIVersion string                `json:"apiVersion"`
	Findings   []validateJSONFinding `json:"findings"`
	Checked    int                   `json:"checked"`
	Skipped    []validateJSONSkipped `json:"skipped"`
}

type validateJSONFinding struct {
	File     string          `json:"file"`
	Line     int             `json:"line"`
	Column   int             `json:"column"`
	Severity schema.Severity `json:"severity"`
	Field    string          `json:"field"`
	Message  string          `json:"message"`
	Code     string          `json:"code,omitempty"`
}

type validateJSONSkipped struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Kind string `json:"kind"`
}

// validateAPIVersion names the JSON output's format.
const validateAPIVersion = "slbgw.dev/validate/v1"

func (r *validateReport) writeJSON(w io.Writer) error {
	out := validateJSON{APIVersion: validateAPIVersion, Findings: []validateJSONFinding{}, Checked: r.checked, Skipped: []validateJSONSkipped{}}
	for _, e := range r.entries {
		d := e.finding
		switch e.kind {
		case entryFinding, entryUnreadable:
			out.Findings = append(out.Findings, validateJSONFinding{File: d.File, Line: d.Line, Column: d.Column,
				Severity: d.Severity, Field: d.Field, Message: schema.ClipMessage(d.Message), Code: d.Code})
		case entrySkipped:
			out.Skipped = append(out.Skipped, validateJSONSkipped{File: d.File, Line: d.Line, Kind: e.skippedKind})
		}
	}
	return writeIndentedJSON(w, out)
}

func writeIndentedJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), the subset
// code scanning reads.
type sarifLog struct {
	Version string     `json:"version"`
	Schema  string     `json:"$schema"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string `json:"name"`
	InformationURI string `json:"informationUri"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

// writeSARIF writes one run whose results are the findings (level error or warning, ruleId
// a warning's code, else the field, or "slbgw" for a finding about a whole document) and the documents passed over
// (level note, ruleId "skipped").
func (r *validateReport) writeSARIF(w io.Writer) error {
	results := []sarifResult{}
	for _, e := range r.entries {
		d := e.finding
		res := sarifResult{RuleID: d.Field, Level: string(d.Severity), Message: sarifMessage{Text: schema.ClipMessage(d.Message)}}
		switch e.kind {
		case entryFinding, entryUnreadable:
			if d.Code != "" {
				res.RuleID = d.Code // a warning's stable code: what --ignore takes
			}
			if res.RuleID == "" {
				res.RuleID = "slbgw"
			}
		case entrySkipped:
			res.RuleID, res.Level, res.Message.Text = "skipped", "note", "skipped: "+skipNote(e.skippedKind)
		default:
			continue
		}
		loc := sarifPhysicalLocation{ArtifactLocation: sarifArtifactLocation{URI: sarifURI(d.File)}}
		if d.Line > 0 {
			loc.Region = &sarifRegion{StartLine: d.Line, StartColumn: d.Column}
		}
		res.Locations = []sarifLocation{{PhysicalLocation: loc}}
		results = append(results, res)
	}
	return writeIndentedJSON(w, sarifLog{
		Version: "2.1.0",
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Runs: []sarifRun{{
			Tool:    sarifTool{Driver: sarifDriver{Name: "slbgw", InformationURI: "https://github.com/slbgw/slbgw"}},
			Results: results,
		}},
	})
}

// sarifURI is a file name as a URI reference: a relative one for a relative path (code
// scanning resolves it against the checkout), a file: URI for an absolute one.
func sarifURI(name string) string {
	u := url.URL{Path: filepath.ToSlash(name)}
	if filepath.IsAbs(name) {
		u.Scheme = "file"
		if !strings.HasPrefix(u.Path, "/") {
			u.Path = "/" + u.Path // C:/x
		}
	}
	return u.String()
}

// writeGitHub writes a GitHub Actions workflow command a finding, which the runner turns into
// an annotation of the file and line.
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
func (r *validateReport) writeGitHub(w io.Writer) error {
	for _, e := range r.entries {
		if e.kind != entryFinding && e.kind != entryUnreadable {
			continue
		}
		d := e.finding
		props := []string{"file=" + githubProperty(filepath.ToSlash(d.File))}
		if d.Line > 0 {
			props = append(props, "line="+strconv.Itoa(d.Line), "col="+strconv.Itoa(d.Column))
		}
		if title := strings.TrimSpace(d.Field + " " + d.Code); title != "" {
			props = append(props, "title="+githubProperty(title))
		}
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", d.Severity, strings.Join(props, ","), githubData(schema.ClipMessage(d.Message))); err != nil {
			return err
		}
	}
	return nil
}

// githubData escapes a workflow command's message as the runner unescapes it.
var githubData = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace

// githubProperty escapes a workflow command's property value.
var githubProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace
