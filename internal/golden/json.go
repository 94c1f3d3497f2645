package golden

import (
	"encoding/json"
	"slices"
)

// withoutOwnedJSON is WithoutOwned of a JSON document, on its tokens rather than its lines (a
// JSON base may hold a whole object on one line, or close one on the line the next key starts).
// It removes the owned pairs the way the splicer removes an entry from a flow mapping, so an
// entry slbgw appended, changed or removed reads the same: a run of removed pairs after a kept
// one goes from the end of that kept pair's value (its comma and the space before the run
// included); a run at the start goes up to the next kept pair's key. An annotations or data
// object left with no pair (or null, or empty) goes as a pair of its own parent. ok is false
// when text is not one JSON value.
func withoutOwnedJSON(text []byte, owned []string) ([]byte, bool) {
	p := &jsonScanner{text: text}
	p.space()
	root, ok := p.value()
	if p.space(); !ok || p.i != len(text) {
		return nil, false
	}
	var cuts [][2]int
	var prune func(v *jsonValue) bool
	// prune records the cuts of an object's removed pairs (and of those below), and tells
	// whether it is left with no pair.
	prune = func(v *jsonValue) bool {
		for _, item := range v.items {
			prune(item)
		}
		if !v.object {
			return false
		}
		gone := make([]bool, len(v.pairs))
		for i, pair := range v.pairs {
			emptied := pair.value.object && prune(pair.value)
			gone[i] = isOwned(pair.key, owned) ||
				((pair.key == "annotations" || pair.key == "data") && (emptied || pair.value.null))
		}
		for start := 0; start < len(v.pairs); start++ {
			if !gone[start] {
				continue
			}
			end := start
			for end+1 < len(v.pairs) && gone[end+1] {
				end++
			}
			switch {
			case start > 0:
				cuts = append(cuts, [2]int{v.pairs[start-1].value.end, v.pairs[end].value.end})
			case end+1 < len(v.pairs):
				cuts = append(cuts, [2]int{v.pairs[start].keyStart, v.pairs[end+1].keyStart})
			default:
				cuts = append(cuts, [2]int{v.pairs[start].keyStart, v.pairs[end].value.end})
			}
			start = end
		}
		return !slices.Contains(gone, false)
	}
	prune(root)
	// A cut inside another (a pair of an annotations object that goes whole) is part of it.
	slices.SortFunc(cuts, func(a, b [2]int) int { return a[0] - b[0] })
	out := make([]byte, 0, len(text))
	at := 0
	for _, c := range cuts {
		if c[0] < at {
			continue
		}
		out = append(out, text[at:c[0]]...)
		at = c[1]
	}
	return append(out, text[at:]...), true
}

// jsonValue is a JSON value's span and, for an object, its pairs; for an array, its items.
type jsonValue struct {
	end          int
	object, null bool
	pairs        []jsonPair
	items        []*jsonValue
}

type jsonPair struct {
	key      string
	keyStart int
	value    *jsonValue
}

// jsonScanner reads JSON text for its structure: where each pair and value starts and ends.
type jsonScanner struct {
	text  []byte
	i     int
	depth int
}

func (p *jsonScanner) space() {
	for p.i < len(p.text) && (p.text[p.i] == ' ' || p.text[p.i] == '\t' || p.text[p.i] == '\n' || p.text[p.i] == '\r') {
		p.i++
	}
}

func (p *jsonScanner) value() (*jsonValue, bool) {
	if p.i >= len(p.text) || p.depth > 10000 {
		return nil, false
	}
	p.depth++
	defer func() { p.depth-- }()
	switch c := p.text[p.i]; {
	case c == '{':
		v := &jsonValue{object: true}
		p.i++
		for first := true; ; first = false {
			p.space()
			if p.i < len(p.text) && p.text[p.i] == '}' && first {
				p.i++
				v.end = p.i
				return v, true
			}
			start := p.i
			key, ok := p.str()
			if !ok {
				return nil, false
			}
			p.space()
			if p.i >= len(p.text) || p.text[p.i] != ':' {
				return nil, false
			}
			p.i++
			p.space()
			val, ok := p.value()
			if !ok {
				return nil, false
			}
			v.pairs = append(v.pairs, jsonPair{key: key, keyStart: start, value: val})
			p.space()
			if p.i < len(p.text) && p.text[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.text) && p.text[p.i] == '}' {
				p.i++
				v.end = p.i
				return v, true
			}
			return nil, false
		}
	case c == '[':
		v := &jsonValue{}
		p.i++
		for first := true; ; first = false {
			p.space()
			if p.i < len(p.text) && p.text[p.i] == ']' && first {
				p.i++
				v.end = p.i
				return v, true
			}
			item, ok := p.value()
			if !ok {
				return nil, false
			}
			v.items = append(v.items, item)
			p.space()
			if p.i < len(p.text) && p.text[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.text) && p.text[p.i] == ']' {
				p.i++
				v.end = p.i
				return v, true
			}
			return nil, false
		}
	case c == '"':
		if _, ok := p.str(); !ok {
			return nil, false
		}
		return &jsonValue{end: p.i}, true
	default: // a number, true, false, null: up to the next delimiter, checked by encoding/json
		start := p.i
		for p.i < len(p.text) && !slices.Contains([]byte(" \t\r\n,]}"), p.text[p.i]) {
			p.i++
		}
		var scalar any
		if err := json.Unmarshal(p.text[start:p.i], &scalar); err != nil {
			return nil, false
		}
		return &jsonValue{end: p.i, null: scalar == nil}, true
	}
}

// str reads a JSON string and returns its value.
func (p *jsonScanner) str() (string, bool) {
	if p.i >= len(p.text) || p.text[p.i] != '"' {
		return "", false
	}
	start := p.i
	for p.i++; p.i < len(p.text); p.i++ {
		switch p.text[p.i] {
		case '\\':
			p.i++
		case '"':
			p.i++
			var s string
			if err := json.Unmarshal(p.text[start:p.i], &s); err != nil {
				return "", false
			}
			return s, true
		}
	}
	return "", false
}
