package detect

import (
	"regexp"
	"regexp/syntax"
	"unicode/utf8"
)

// A runGate makes a rule's regex cheap on text that passed the keyword
// prefilter. Most secret regexes require a long run of one character class
// ([0-9a-f]{32}) with a short, bounded context around it. Go's regexp has
// no literal prefix to skip to for such a pattern and runs its NFA over
// every byte (~25 MB/s on keyword-dense text, measured). The gate instead
// finds maximal runs of the class with a table loop and runs the regex only
// on a small window around each run.
//
// The result is exactly what the regex finds on the whole text: every match
// contains the required run, and its context is bounded by left and right,
// so it lies inside a window; windows that overlap are merged, so
// leftmost-first, non-overlapping matching is preserved. Each window has one
// byte of margin on both sides so that \b at a match's edge sees the real
// neighbour. A match cannot start in the leading margin (its run would have
// to start before the window's first run), so matches touching a window
// edge are dropped only as a guard.
//
// Regexes without such a run, with unbounded context, or with ^ or $
// (which would see a window's edge as the text's) get no gate and run on
// the whole text.
type runGate struct {
	class       [256]bool
	min         int
	left, right int // maximum bytes of context before and after the run
}

func newRunGate(re *regexp.Regexp) *runGate {
	tree, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil || hasLineAnchor(tree) {
		return nil
	}
	for tree.Op == syntax.OpCapture {
		tree = tree.Sub[0]
	}
	parts := []*syntax.Regexp{tree}
	if tree.Op == syntax.OpConcat {
		parts = tree.Sub
	}
	best := -1
	var g runGate
	for i, p := range parts {
		for p.Op == syntax.OpCapture {
			p = p.Sub[0]
		}
		if p.Op != syntax.OpRepeat || p.Min < 8 || p.Min <= g.min || p.Sub[0].Op != syntax.OpCharClass {
			continue
		}
		var class [256]bool
		ok := true
		rs := p.Sub[0].Rune
		for k := 0; k+1 < len(rs); k += 2 {
			if rs[k+1] >= utf8.RuneSelf {
				ok = false
				break
			}
			for c := rs[k]; c <= rs[k+1]; c++ {
				class[c] = true
			}
		}
		if !ok {
			continue
		}
		best, g.class, g.min = i, class, p.Min
	}
	if best < 0 {
		return nil
	}
	for i, p := range parts {
		w, bounded := maxWidth(p)
		if !bounded && i != best {
			return nil
		}
		if i < best {
			g.left += w
		} else if i > best {
			g.right += w
		}
	}
	return &g
}

func hasLineAnchor(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText:
		return true
	}
	for _, s := range re.Sub {
		if hasLineAnchor(s) {
			return true
		}
	}
	return false
}

// maxWidth returns the most bytes re can match, or false when unbounded.
func maxWidth(re *syntax.Regexp) (int, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return 0, true
	case syntax.OpLiteral:
		n := 0
		for _, r := range re.Rune {
			n += utf8.RuneLen(r)
			if re.Flags&syntax.FoldCase != 0 {
				n += 2 // a folded rune may be longer in UTF-8
			}
		}
		return n, true
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return utf8.UTFMax, true
	case syntax.OpCapture:
		return maxWidth(re.Sub[0])
	case syntax.OpQuest:
		return maxWidth(re.Sub[0])
	case syntax.OpRepeat:
		if re.Max < 0 {
			return 0, false
		}
		w, ok := maxWidth(re.Sub[0])
		return w * re.Max, ok
	case syntax.OpConcat:
		total := 0
		for _, s := range re.Sub {
			w, ok := maxWidth(s)
			if !ok {
				return 0, false
			}
			total += w
		}
		return total, true
	case syntax.OpAlternate:
		most := 0
		for _, s := range re.Sub {
			w, ok := maxWidth(s)
			if !ok {
				return 0, false
			}
			most = max(most, w)
		}
		return most, true
	}
	return 0, false // star, plus, anything unknown
}

// windows returns the merged [start, end) windows around runs of at least
// min class bytes, or nil when there is none.
func (g *runGate) windows(b []byte) [][2]int {
	var out [][2]int
	emit := func(start, end int) {
		ws := max(start-g.left-1, 0)
		we := min(end+g.right+1, len(b))
		if n := len(out); n > 0 && ws <= out[n-1][1] {
			out[n-1][1] = we
			return
		}
		out = append(out, [2]int{ws, we})
	}
	// A run of at least min bytes from i on covers byte i+min-1: where
	// that byte is not in the class, no such run starts at i..i+min-1,
	// and the search moves past it (text mostly costs one lookup per min
	// bytes instead of a branch per byte: go.sum and vendor.json, which
	// hold keywords in every version, were 5% of terraform's pass here).
	// Invariant: i is 0 or follows a byte outside the class.
	for i := 0; i+g.min <= len(b); {
		p := i + g.min - 1
		if !g.class[b[p]] {
			i = p + 1
			continue
		}
		r := p
		for r > i && g.class[b[r-1]] {
			r--
		}
		e := p + 1
		for e < len(b) && g.class[b[e]] {
			e++
		}
		if e-r >= g.min {
			emit(r, e)
		}
		i = e + 1
	}
	return out
}

// findAll returns what re.FindAllSubmatchIndex(b, -1) returns, using the
// gate when there is one.
func findAll(re *regexp.Regexp, g *runGate, b []byte) [][]int {
	if g == nil {
		return re.FindAllSubmatchIndex(b, -1)
	}
	var out [][]int
	for _, w := range g.windows(b) {
		ws, we := w[0], w[1]
		for _, m := range re.FindAllSubmatchIndex(b[ws:we], -1) {
			if (m[0] == 0 && ws > 0) || (m[1] == we-ws && we < len(b)) {
				continue
			}
			for k := range m {
				if m[k] >= 0 {
					m[k] += ws
				}
			}
			out = append(out, m)
		}
	}
	return out
}
