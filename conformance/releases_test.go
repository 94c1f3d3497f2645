package conformance

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/slbgw/slbgw/schema"
)

// fieldObs is what one release of the controller does with one field: the suite's matrix,
// recorded instead of asserted.
type fieldObs struct {
	Keys        map[string]string   `json:"keys,omitempty"`        // suffix → read / not read
	Default     string              `json:"default,omitempty"`     // "as declared", or how the create calls differ
	Change      string              `json:"change,omitempty"`      // class of a→b in the change layout
	ChangeOther string              `json:"changeOther,omitempty"` // class of a→b in the other layout
	Removal     string              `json:"removal,omitempty"`     // class of a→without
	Protocols   map[string][]string `json:"protocols,omitempty"`   // layout → listener protocols the setting reaches
	Absent      map[string]string   `json:"absent,omitempty"`      // without→a/b/default → class
	// Calls are the update calls of a→b and a→without (evidence, not compared).
	Calls map[string]string `json:"calls,omitempty"`
}

type releaseObs struct {
	Release string `json:"release"`
	Commit  string `json:"commit"`
	Cases   int    `json:"cases"`
	// Create: the CreateLoadBalancer parameters of a Service without any CLB setting.
	Create    map[string]string   `json:"create"`
	Fields    map[string]fieldObs `json:"fields"`
	Scenarios map[string]string   `json:"scenarios"`
}

func obsClass(res *result) string {
	switch {
	case res == nil:
		return "(no result)"
	case res.Error != "":
		return "(harness: " + shorten(res.Error) + ")"
	case res.ModelError != "":
		return "refused (model: " + shorten(res.ModelError) + ")"
	}
	return string(classify(res))
}

// TestRecordRelease records, with CCM_RELEASE set (make conformance CCM_DIRS=...), what the
// controller at CCM_DIR does per field, in testdata/releases/CCM_RELEASE.json, and writes
// RELEASES.md: the differences of every recorded release from the pinned commit.
func TestRecordRelease(t *testing.T) {
	if ccmRelease == "" {
		t.Skip("set CCM_RELEASE (make conformance CCM_DIRS=NAME=DIR ...) to record a release")
	}
	results := runMatrixAt(t, anyCCMDir(t))
	obs := releaseObs{Release: ccmRelease, Commit: harnessCommit, Cases: len(results),
		Create: map[string]string{}, Fields: map[string]fieldObs{}, Scenarios: map[string]string{}}
	if c := results["loadBalancer.addressType/without/tcp"]; c != nil && c.Create != nil {
		if call := findCall(c.Create, "CreateLoadBalancer"); call != nil {
			for k, v := range call.Params {
				obs.Create[k] = v
			}
		} else {
			obs.Create["(error)"] = c.Create.Error
		}
	}
	for _, fc := range matrix {
		decl := schema.AnnotatedFieldByPath("spec." + fc.field)
		layout := changeLayout(decl)
		o := fieldObs{Keys: map[string]string{}, Protocols: map[string][]string{}, Absent: map[string]string{}, Calls: map[string]string{}}
		if a := results[fc.field+"/a/"+layout]; a != nil {
			for _, key := range decl.Keys {
				suffix := schema.Suffix(key)
				if strings.Contains(suffix, "/") {
					continue
				}
				if _, ok := a.Annotations[suffix]; ok {
					o.Keys[suffix] = "read"
				} else {
					o.Keys[suffix] = "not read"
				}
			}
		}
		if fc.b != "" {
			r := results[fc.field+"/a->b/"+layout]
			o.Change = obsClass(r)
			if r != nil {
				o.Calls["a->b"] = describe(r)
			}
			if decl.Protocols != nil && !fc.layoutFree {
				o.ChangeOther = obsClass(results[fc.field+"/a->b/"+otherLayout(layout)])
			}
		}
		if fc.noRemoval == "" {
			r := results[fc.field+"/a->without/"+layout]
			o.Removal = obsClass(r)
			if r != nil {
				o.Calls["a->without"] = describe(r)
			}
		}
		if d := results[fc.field+"/default/tcp"]; d != nil {
			w := results[fc.field+"/without/tcp"]
			if w == nil || w.Create == nil || d.Create == nil {
				o.Default = "(no result)"
			} else if diff := callDiff(w.Create, d.Create, fc.defaultIgnores); diff != "" {
				o.Default = "differs: " + shorten(diff)
			} else {
				o.Default = "as declared (" + decl.Default + ")"
			}
		}
		if decl.Protocols != nil && !fc.layoutFree {
			for l := range layouts {
				w, a := results[fc.field+"/without/"+l], results[fc.field+"/a/"+l]
				if w != nil && a != nil && w.Create != nil && a.Create != nil {
					o.Protocols[l] = listenerProtocolsChanged(w.Create, a.Create)
				}
			}
		}
		for _, to := range absentTargets(t, fc) {
			o.Absent[to.name] = obsClass(results[fc.field+"/without->"+to.name+"/"+layout])
		}
		obs.Fields[fc.field] = o
	}
	for _, sc := range scenarios {
		obs.Scenarios[sc.name] = obsClass(results["scenario/"+sc.name])
	}
	b, _ := json.MarshalIndent(obs, "", " ")
	if err := os.MkdirAll(filepath.Join("testdata", "releases"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("testdata", "releases", ccmRelease+".json"), append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("recorded release %s (%s): %d cases", ccmRelease, harnessCommit, len(results))
	if err := writeReleases(); err != nil {
		t.Fatal(err)
	}
}

// releaseLess orders release names as versions (v2.8.0 < v2.10.0), other names last.
func releaseLess(a, b string) bool {
	pa, pb := versionParts(a), versionParts(b)
	if pa == nil || pb == nil {
		if (pa == nil) != (pb == nil) {
			return pa != nil
		}
		return a < b
	}
	return slices.Compare(pa, pb) < 0
}

func versionParts(s string) []int {
	if !strings.HasPrefix(s, "v") {
		return nil
	}
	var out []int
	for _, p := range strings.Split(s[1:], ".") {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil
		}
		out = append(out, n)
	}
	return out
}

type diffRow struct{ field, aspect, pinned, release string }

func diffObs(p, r releaseObs) []diffRow {
	var rows []diffRow
	add := func(field, aspect, a, b string) {
		if a != b {
			rows = append(rows, diffRow{field, aspect, a, b})
		}
	}
	keys := func(m map[string]string) []string {
		var out []string
		for k := range m {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	union := func(a, b map[string]string) []string {
		ks := keys(a)
		for _, k := range keys(b) {
			if !slices.Contains(ks, k) {
				ks = append(ks, k)
			}
		}
		sort.Strings(ks)
		return ks
	}
	for _, k := range union(p.Create, r.Create) {
		add("(no settings)", "CreateLoadBalancer "+k, p.Create[k], r.Create[k])
	}
	var fields []string
	for f := range p.Fields {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		a, b := p.Fields[f], r.Fields[f]
		for _, k := range union(a.Keys, b.Keys) {
			add(f, "key "+k, a.Keys[k], b.Keys[k])
		}
		add(f, "default", a.Default, b.Default)
		add(f, "change", a.Change, b.Change)
		add(f, "change (listeners that do not read it)", a.ChangeOther, b.ChangeOther)
		add(f, "removal", a.Removal, b.Removal)
		for _, l := range []string{"tcp", "http"} {
			add(f, "protocols reached ("+l+" layout)", strings.Join(a.Protocols[l], ","), strings.Join(b.Protocols[l], ","))
		}
		for _, k := range union(a.Absent, b.Absent) {
			add(f, "absent→"+k, a.Absent[k], b.Absent[k])
		}
	}
	for _, k := range union(p.Scenarios, r.Scenarios) {
		add("scenario: "+k, "class", p.Scenarios[k], r.Scenarios[k])
	}
	return rows
}

// writeReleases writes RELEASES.md from testdata/releases/*.json.
func writeReleases() error {
	files, err := filepath.Glob(filepath.Join("testdata", "releases", "*.json"))
	if err != nil {
		return err
	}
	var all []releaseObs
	var pinned *releaseObs
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var o releaseObs
		if err := json.Unmarshal(b, &o); err != nil {
			return fmt.Errorf("%s: %v", f, err)
		}
		all = append(all, o)
	}
	sort.Slice(all, func(i, j int) bool { return releaseLess(all[i].Release, all[j].Release) })
	for i := range all {
		if all[i].Commit == schema.CCMCommit {
			pinned = &all[i]
		}
	}
	var sb strings.Builder
	sb.WriteString("# Controller releases\n\n")
	sb.WriteString("Generated by `make conformance CCM_DIRS=\"NAME=DIR ...\"` (TestRecordRelease) from testdata/releases/*.json;\n")
	sb.WriteString("the evidence column is releaseEvidence in releases_evidence_test.go, read from each tag's source.\n")
	sb.WriteString("The suite asserts the declarations at the pinned commit only; for another release it records what the\n")
	sb.WriteString("controller does per field (keys read, default, change and removal class, listener protocols reached,\n")
	sb.WriteString("adding a key that was absent) and this file lists where that differs from the pinned commit.\n\n")
	sb.WriteString("| Release | Commit | Cases | Differences |\n|---|---|---|---|\n")
	for _, o := range all {
		n := "(pinned)"
		if pinned != nil && o.Commit != pinned.Commit {
			n = strconv.Itoa(len(diffObs(*pinned, o)))
		}
		fmt.Fprintf(&sb, "| %s | %.12s | %d | %s |\n", o.Release, o.Commit, o.Cases, n)
	}
	if pinned == nil {
		sb.WriteString("\nThe pinned commit " + schema.CCMCommit + " is not recorded yet: add it to CCM_DIRS.\n")
	} else {
		sb.WriteString("\n## Differences from the pinned commit\n\n")
		sb.WriteString("| Release | Field | Aspect | Pinned (" + pinned.Release + ") | Release | Evidence |\n|---|---|---|---|---|---|\n")
		for _, o := range all {
			if o.Commit == pinned.Commit {
				continue
			}
			for _, d := range diffObs(*pinned, o) {
				ev := releaseEvidence[o.Release+"|"+d.field+"|"+d.aspect]
				if ev == "" {
					ev = releaseEvidence[o.Release+"|"+d.field]
				}
				fmt.Fprintf(&sb, "| %s | %s | %s | %s | %s | %s |\n", o.Release, d.field, d.aspect, cell(d.pinned), cell(d.release), cell(ev))
			}
		}
	}
	if releaseNotes != "" {
		sb.WriteString("\n" + releaseNotes)
	}
	return os.WriteFile("RELEASES.md", []byte(sb.String()), 0o644)
}

func cell(s string) string {
	if s == "" {
		return "—"
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "|", "\\|"), "\n", " ")
}

// TestPlanKnowsTheRelease checks, on a release other than the pinned one (CCM_RELEASE), that the
// keys it reads are the declarations' (since), and that slbgw plan told the release
// (spec.controller.version) says what that release's controller does:
// changing each field's value, removing it, and adding it where it was absent, with the cloud's
// view (--lb) as in TestControllerAgrees. The declarations' since, changeSince and defaultBefore
// are what plan knows of older releases.
func TestPlanKnowsTheRelease(t *testing.T) {
	if ccmRelease == "" || ccmRelease == "eeb0ddc" {
		t.Skip("set CCM_RELEASE to a release other than the pinned commit (make conformance CCM_DIRS=...)")
	}
	results := runMatrixAt(t, anyCCMDir(t))
	for _, fc := range matrix {
		decl := schema.AnnotatedFieldByPath("spec." + fc.field)
		layout := changeLayout(decl)
		t.Run(fc.field, func(t *testing.T) {
			// The keys the release reads are the declaration's since it says so (since).
			if a := results[fc.field+"/a/"+layout]; a != nil && a.Error == "" && decl.Since != "" {
				suffix := schema.Suffix(decl.Keys[0])
				_, read := a.Annotations[suffix]
				if want := !schema.ReleaseBefore(ccmRelease, decl.Since); read != want {
					t.Errorf("%s reads %s: %v; the declaration (since %s) says %v", ccmRelease, suffix, read, decl.Since, want)
				}
			}
			if fc.b != "" {
				if res := results[fc.field+"/a->b/"+layout]; res != nil && res.Error == "" && res.ModelError == "" {
					planned, err := planClass(t, fc.a, fc.b, layout, decl, nil)
					if err != nil {
						t.Fatal(err)
					}
					if observed := classify(res); planned != observed {
						t.Errorf("a->b on %s: slbgw plan says %s; the controller does %s (%s)", ccmRelease, planned, observed, describe(res))
					}
				}
			}
			for _, to := range absentTargets(t, fc) {
				res := results[fc.field+"/without->"+to.name+"/"+layout]
				if res == nil || res.Error != "" || res.ModelError != "" {
					continue
				}
				checkPlanAbsent(t, fc, decl, to, layout, res, classify(res))
			}
		})
	}
}
