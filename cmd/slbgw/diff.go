package main

import (
	"fmt"
	"strings"
)

// unifiedDiff is a unified diff (diff -u) of two texts, with three lines of context, cut after
// maxLines lines of output. Inputs whose line counts multiply past maxCells are not diffed line
// by line: the first differing line is shown instead.
func unifiedDiff(fromName, toName, from, to string, maxLines int) string {
	a, b := splitLines(from), splitLines(to)
	const maxCells = 4_000_000
	if len(a)*len(b) > maxCells {
		line, h, w := firstDifference(from, to)
		return fmt.Sprintf("--- %s\n+++ %s\n(too long to diff line by line) line %d: is %s; the profile gives %s\n", fromName, toName, line, h, w)
	}
	ops := diffLines(a, b)
	var out []string
	const context = 3
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		// A hunk: context before, the changes and the context between them, context after.
		start := max(i-context, 0)
		end := i
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run == len(ops) || run-end > 2*context {
				end = min(end+context, len(ops))
				break
			}
			end = run
		}
		aStart, bStart, aCount, bCount := ops[start].a, ops[start].b, 0, 0
		var body []string
		for _, op := range ops[start:end] {
			body = append(body, string(op.kind)+op.text)
			if op.kind != '+' {
				aCount++
			}
			if op.kind != '-' {
				bCount++
			}
		}
		out = append(out, fmt.Sprintf("@@ -%s +%s @@", hunkRange(aStart, aCount), hunkRange(bStart, bCount)))
		out = append(out, body...)
		i = end
	}
	header := "--- " + fromName + "\n+++ " + toName + "\n"
	if len(out) > maxLines {
		more := len(out) - maxLines
		out = append(out[:maxLines], fmt.Sprintf("... (%d more lines of diff)", more))
	}
	return header + strings.Join(out, "\n") + "\n"
}

func hunkRange(start, count int) string {
	if count == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if count == 1 {
		return fmt.Sprint(start + 1)
	}
	return fmt.Sprintf("%d,%d", start+1, count)
}

// diffOp is one line of a diff: kept (' '), removed ('-') or added ('+'), with its index in each
// text.
type diffOp struct {
	kind rune
	text string
	a, b int
}

// diffLines is a shortest edit of a into b, from their longest common subsequence.
func diffLines(a, b []string) []diffOp {
	n, m := len(a), len(b)
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []diffOp
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			ops = append(ops, diffOp{' ', a[i], i, j})
			i, j = i+1, j+1
		case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, diffOp{'-', a[i], i, j})
			i++
		default:
			ops = append(ops, diffOp{'+', b[j], i, j})
			j++
		}
	}
	return ops
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}
