package render

import (
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// MaxAliasNodes bounds the nodes that aliases may add to a document when they are resolved, so
// an alias bomb ("billion laughs") fails fast instead of exhausting memory. The render and the
// KRM function resolve aliases with kyaml's DeAnchor, which has no bound of its own.
const MaxAliasNodes = 100_000

// HasAliases tells whether n holds an alias or an anchor.
func HasAliases(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return true
	}
	for _, c := range n.Content {
		if HasAliases(c) {
			return true
		}
	}
	return false
}

// AliasProblem is aliases that cannot be resolved safely: they add more than MaxAliasNodes
// nodes, or one refers to a node that contains it (Cycle). Node is where.
type AliasProblem struct {
	Node  *yaml.Node
	Cycle bool
}

// CheckAliases walks root as its aliases expand it and reports the first problem, or nil.
func CheckAliases(root *yaml.Node) *AliasProblem {
	added := 0
	expanding := map[*yaml.Node]bool{}
	var walk func(n *yaml.Node, inAlias bool) *AliasProblem
	walk = func(n *yaml.Node, inAlias bool) *AliasProblem {
		if inAlias {
			if added++; added > MaxAliasNodes {
				return &AliasProblem{Node: n}
			}
		}
		if n.Kind == yaml.AliasNode {
			if expanding[n.Alias] {
				return &AliasProblem{Node: n, Cycle: true}
			}
			expanding[n.Alias] = true
			defer delete(expanding, n.Alias)
			return walk(n.Alias, true)
		}
		for _, c := range n.Content {
			if p := walk(c, inAlias); p != nil {
				return p
			}
		}
		return nil
	}
	return walk(root, false)
}
