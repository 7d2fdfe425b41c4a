package facts

import "github.com/aaiguard/aaiguard/scanner/check/lang/syntax"

// MaxEvalDepth bounds how far a front end follows an expression through
// names and operators.
const MaxEvalDepth = 24

// Evaluator memoises the values a front end works out per syntax node. It
// is shared by the JS/TS and Python front ends, which differ only in how
// they evaluate one node.
type Evaluator struct {
	memo  map[*syntax.Node]Value
	depth int
}

// Eval returns the value of n: eval1 computes it, leaf gives the node's own
// text and position (the fallback, and what fills an empty Text or Pos).
// A node met again while it is being evaluated (x = y + y; y = x + x) gets
// its leaf value at once instead of recursing to the depth limit.
func (e *Evaluator) Eval(n *syntax.Node, leaf func(*syntax.Node) Value, eval1 func(*syntax.Node) Value) Value {
	if n == nil {
		return Value{}
	}
	if v, ok := e.memo[n]; ok {
		return v
	}
	if e.depth > MaxEvalDepth {
		return leaf(n)
	}
	if e.memo == nil {
		e.memo = map[*syntax.Node]Value{}
	}
	l := leaf(n)
	e.memo[n] = l
	e.depth++
	v := eval1(n)
	e.depth--
	if v.Text == "" {
		v.Text = l.Text
	}
	if v.Pos == (Pos{}) {
		v.Pos = l.Pos
	}
	e.memo[n] = v
	return v
}
