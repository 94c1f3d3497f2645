package golden

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
)

// WithoutOwned is a manifest stream without the lines slbgw may write: the entries of owned
// annotation keys (the cloud controller's service.beta.kubernetes.io/ali… keys and slbgw.dev/
// records), of the other owned keys given (service.beta.kubernetes.io/backend-type,
// config-domain's domains) and of externalTrafficPolicy, each
// with the lines that continue it, and the annotations:/data: lines that hold them. In JSON the
// trailing commas go too, since appending an entry puts a comma on the line before it.
//
// A JSON document is read as JSON (withoutOwnedJSON); a YAML one, or JSON that is not one valid
// value, line by line.
//
// It is the byte invariant of render --base: for any base, WithoutOwned(output) must equal
// WithoutOwned(base), byte for byte — comments, blank lines, markers, line endings, quoting and
// indentation of everything else included.
func WithoutOwned(text []byte, owned ...string) []byte {
	json := bytes.HasPrefix(bytes.TrimLeft(text, " \t\r\n\ufeff"), []byte("{"))
	if json {
		if out, ok := withoutOwnedJSON(text, owned); ok {
			return out
		}
	}
	var out []byte
	skipIndent, keepIndent := -1, -1 // continuation lines of a dropped entry, of a kept block scalar
	closeIndent := -1                // the indentation of the "}" that ends a dropped mapping
	var openQuote byte               // the quote of a dropped entry's scalar that goes on
	// A dropped "annotations:" or "data:" line starts a region: its mapping's lines. When slbgw
	// removes every entry, the mapping goes with the blank lines inside it, so a blank line
	// before the region's last line is dropped unless the region keeps a line.
	type kept struct {
		text          []byte
		index, region int // the line's index, its region (0: none)
		blank         bool
	}
	var lines []kept
	region, regionIndent := 0, -1
	regions := 0
	regionKept, regionLast := map[int]bool{}, map[int]int{}
	for index, line := range bytes.SplitAfter(text, []byte("\n")) {
		if openQuote != 0 { // a quoted scalar's next lines belong to it, whatever their indentation
			if closesQuote(line, openQuote) {
				openQuote = 0
			}
			continue
		}
		content := bytes.TrimLeft(line, " ")
		indent := len(line) - len(content)
		blank := len(bytes.TrimSpace(line)) == 0
		if region != 0 && !blank {
			if indent <= regionIndent {
				region, regionIndent = 0, -1
			} else {
				regionLast[region] = index
			}
		}
		keep := func(l []byte) {
			lines = append(lines, kept{l, index, region, blank})
			if region != 0 && !blank {
				regionKept[region] = true
			}
		}
		if skipIndent >= 0 && !blank && indent > skipIndent && content[0] != '#' {
			continue
		}
		skipIndent = -1
		if keepIndent >= 0 && (blank || indent > keepIndent) {
			keep(line)
			continue
		}
		keepIndent = -1
		key, rest, isEntry := strings.Cut(strings.TrimSpace(string(content)), ":")
		key = strings.Trim(strings.TrimSpace(key), `"'`)
		if isEntry && isOwned(key, owned) {
			skipIndent = indent
			if v := strings.TrimSpace(rest); v != "" && (v[0] == '"' || v[0] == '\'') && !closesQuote([]byte(v[1:]), v[0]) {
				openQuote = v[0]
			}
			continue
		}
		if closeIndent >= 0 && indent == closeIndent && strings.HasPrefix(strings.TrimSpace(string(content)), "}") {
			closeIndent = -1 // the end of a dropped "annotations": { block
			if rest := content[1:]; len(bytes.TrimSpace(rest)) > 0 {
				// The block closes on the line the base went on after the mapping it was added
				// to ("  }},"spec": ..."): that rest continues the line before the block.
				if n := len(lines); n > 0 {
					lines[n-1].text = bytes.TrimRight(lines[n-1].text, "\r\n")
				}
				keep(rest)
			}
			continue
		}
		if value := withoutComment(strings.TrimSpace(rest)); isEntry && (key == "annotations" || key == "data") &&
			(value == "{" || value == "{}" || !strings.ContainsAny(value, ":{[")) { // a null or an empty mapping
			if value == "{" {
				closeIndent = indent
			}
			regions++
			region, regionIndent = regions, indent
			continue
		}
		if isEntry {
			if v := strings.TrimSpace(rest); strings.HasPrefix(v, "|") || strings.HasPrefix(v, ">") {
				keepIndent = indent
			}
		}
		stripped := withoutInlineOwned(line, owned)
		if rest := bytes.TrimSpace(stripped); !bytes.Equal(stripped, line) && (len(rest) == 0 || rest[0] == '#') {
			// annotations: {...} holding owned entries only: the line goes, as the line of an
			// empty or null mapping does (its comment with it).
			continue
		}
		line = stripped
		if json {
			line = bytes.Replace(line, []byte(",\n"), []byte("\n"), 1)
			line = bytes.Replace(line, []byte(",\r\n"), []byte("\r\n"), 1)
		}
		keep(line)
	}
	for _, l := range lines {
		if l.region != 0 && l.blank && !regionKept[l.region] && l.index < regionLast[l.region] {
			continue // inside a mapping whose every entry is dropped
		}
		out = append(out, l.text...)
	}
	return out
}

// withoutComment is a plain value without the comment after it ("null #:" is a null, "# x" is
// nothing), so the line of a null mapping reads the same with its null and without it.
func withoutComment(value string) string {
	if strings.HasPrefix(value, "#") {
		return ""
	}
	if i := strings.Index(value, " #"); i >= 0 && !strings.ContainsAny(value[:i], `"'`) {
		return strings.TrimSpace(value[:i])
	}
	if i := strings.Index(value, "\t#"); i >= 0 && !strings.ContainsAny(value[:i], `"'`) {
		return strings.TrimSpace(value[:i])
	}
	return value
}

// inlineEntry is one key: value of a flow mapping written on a line with others ({a: b, "c": "d"}).
var inlineEntry = regexp.MustCompile(`("(?:[^"\\]|\\.)*"|'[^']*'|[^\s{},:"']+)\s*:\s*("(?:[^"\\]|\\.)*"|'[^']*'|[^,{}\n]*)`)

// withoutInlineOwned removes the owned entries of the flow mappings on a line, each with one
// comma, so {a: b, "slbgw.dev/x": "y"} and {a: b} read alike.
func withoutInlineOwned(line []byte, owned []string) []byte {
	if !bytes.ContainsAny(line, "{") {
		return line
	}
	for {
		locs := inlineEntry.FindAllSubmatchIndex(line, -1)
		changed := false
		for _, m := range locs {
			key := strings.Trim(string(line[m[2]:m[3]]), `"'`)
			if !isOwned(key, owned) {
				continue
			}
			start, end := m[0], m[1]
			rest := bytes.TrimLeft(line[end:], " ")
			switch {
			case len(rest) > 0 && rest[0] == ',':
				end = len(line) - len(rest) + 1
				for end < len(line) && line[end] == ' ' {
					end++
				}
			default:
				before := bytes.TrimRight(line[:start], " ")
				if len(before) > 0 && before[len(before)-1] == ',' {
					start = len(before) - 1
				}
			}
			line = append(append([]byte{}, line[:start]...), line[end:]...)
			changed = true
			break
		}
		if !changed {
			// An annotations or data mapping left empty inline: slbgw may have created it.
			return emptyInline.ReplaceAll(line, nil)
		}
	}
}

// emptyInline is an empty annotations or data mapping in a flow mapping, with its comma.
var emptyInline = regexp.MustCompile(`,?\s*"?(annotations|data)"?\s*:\s*\{\s*\}`)

func isOwned(key string, owned []string) bool {
	return strings.HasPrefix(key, "service.beta.kubernetes.io/ali") || strings.HasPrefix(key, "slbgw.dev/") ||
		key == "externalTrafficPolicy" || key == "loadBalancerClass" || slices.Contains(owned, key)
}

// closesQuote tells whether text holds the end of a scalar quoted with q: an unescaped '"', or a
// "'" that is not doubled.
func closesQuote(text []byte, q byte) bool {
	for i := 0; i < len(text); i++ {
		switch {
		case q == '"' && text[i] == '\\':
			i++
		case text[i] == q && q == '\'' && i+1 < len(text) && text[i+1] == '\'':
			i++
		case text[i] == q:
			return true
		}
	}
	return false
}
