// Package syntax holds a small, language-neutral concrete syntax tree that
// the JS/TS and Python front ends walk. The tree-sitter bridge
// (scanner/check/lang/treesitter) builds it in one pass over the C tree, so the
// front ends and their tests are plain Go: no cgo call per node visit, and
// nodes are ordinary pointers that can be kept, compared and walked often.
package syntax

import (
	"bytes"
	"strconv"
)

var strconvQuote = strconv.Quote

// Node is one syntax node. Only named nodes are kept, plus anonymous tokens
// that carry a field name (operators, declaration kinds): punctuation and
// keywords without a role are dropped. Comments are dropped too, so a
// commented-out option is never mistaken for a set one.
type Node struct {
	Kind     string // tree-sitter node type, e.g. "call_expression"
	Field    string // field name in the parent, e.g. "function"; "" if none
	Named    bool   // false for the anonymous tokens that are kept
	Start    int    // byte offset of the first byte
	End      int    // byte offset after the last byte
	Line     int    // 1-based line of Start
	Col      int    // 1-based byte column of Start
	Parent   *Node
	Children []*Node
}

// Tree is a parsed file.
type Tree struct {
	Src  []byte
	Root *Node
	// Errors counts ERROR and MISSING nodes: the parser recovered from that
	// many syntax errors. ErrorBytes is how much of the source they cover.
	Errors     int
	ErrorBytes int
}

// Text returns the source text of n.
func (t *Tree) Text(n *Node) string {
	if n == nil {
		return ""
	}
	return string(t.Src[n.Start:n.End])
}

// LineText returns the text of the given 1-based line.
func (t *Tree) LineText(line int) []byte {
	return LineOf(t.Src, line)
}

// LineOf returns the text of the 1-based line of src, without its newline.
func LineOf(src []byte, line int) []byte {
	for i := 1; i < line; i++ {
		j := bytes.IndexByte(src, '\n')
		if j < 0 {
			return nil
		}
		src = src[j+1:]
	}
	if j := bytes.IndexByte(src, '\n'); j >= 0 {
		src = src[:j]
	}
	return src
}

// Get returns the first child with the given field name.
func (n *Node) Get(field string) *Node {
	if n == nil {
		return nil
	}
	for _, c := range n.Children {
		if c.Field == field {
			return c
		}
	}
	return nil
}

// Named returns the named children.
func (n *Node) NamedChildren() []*Node {
	if n == nil {
		return nil
	}
	out := make([]*Node, 0, len(n.Children))
	for _, c := range n.Children {
		if c.Named {
			out = append(out, c)
		}
	}
	return out
}

// First returns the first named child, or nil.
func (n *Node) First() *Node {
	if n == nil {
		return nil
	}
	for _, c := range n.Children {
		if c.Named {
			return c
		}
	}
	return nil
}

// Is reports whether n is of one of the kinds.
func (n *Node) Is(kinds ...string) bool {
	if n == nil {
		return false
	}
	for _, k := range kinds {
		if n.Kind == k {
			return true
		}
	}
	return false
}

// Walk calls fn for n and its descendants in source order; when fn returns
// false the node's children are skipped.
func Walk(n *Node, fn func(*Node) bool) {
	if n == nil || !fn(n) {
		return
	}
	for _, c := range n.Children {
		Walk(c, fn)
	}
}

// Ancestor returns the nearest ancestor of n of one of the kinds.
func (n *Node) Ancestor(kinds ...string) *Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Is(kinds...) {
			return p
		}
	}
	return nil
}

// Contains reports whether m lies inside n (or is n).
func (n *Node) Contains(m *Node) bool {
	return n != nil && m != nil && n.Start <= m.Start && m.End <= n.End
}

// Sexp renders n as an S-expression of kinds, with fields and leaf text,
// for tests and debugging.
func (t *Tree) Sexp(n *Node) string {
	var b bytes.Buffer
	var rec func(*Node)
	rec = func(n *Node) {
		b.WriteByte('(')
		if n.Field != "" {
			b.WriteString(n.Field)
			b.WriteString(": ")
		}
		b.WriteString(n.Kind)
		if len(n.Children) == 0 {
			b.WriteString(" ")
			b.WriteString(strconvQuote(t.Text(n)))
		}
		for _, c := range n.Children {
			b.WriteByte(' ')
			rec(c)
		}
		b.WriteByte(')')
	}
	rec(n)
	return b.String()
}
