package detect

import "bytes"

// prefilter finds which keywords occur in a text, ignoring ASCII case, in a
// single pass. It is an Aho–Corasick automaton compiled to a DFA over byte
// classes: the transition table is small enough to stay in L1 cache, and the
// inner loop is one table lookup per byte. Case folding is folded into the
// byte-class table, so the text is never lowered or copied. When only a few
// bytes can start a keyword, the scan jumps between them with
// bytes.IndexByte.
//
// Measured on Go's source tree (64 MiB, 2-core AMD EPYC, while other work
// ran): 1.88 GB/s for this prefilter (BenchmarkPrefilter) against 0.26 GB/s
// for github.com/BobuSumisu/aho-corasick (what gitleaks uses), which needs a
// lowered copy of the text for case-insensitive matching.
type prefilter struct {
	class    [256]uint8 // byte -> byte class (0 = not in any keyword)
	nclass   int
	trans    []int32 // state*nclass + class -> next state
	out      [][]int // state -> keyword indexes that end here (incl. suffix links)
	accept   []bool  // state -> out[state] is not empty (one byte per state: the scan loop's test stays in L1)
	keywords []string
	// starts are the bytes that leave the start state. When there are few
	// (the default keywords all begin with 'a'/'A'), the scan jumps from
	// one of them to the next with bytes.IndexByte (vectorised) instead of
	// stepping the automaton through every byte.
	starts []byte
}

func newPrefilter(keywords []string) *prefilter {
	p := &prefilter{keywords: keywords}
	// Byte classes: one per distinct lower-case byte in the keywords;
	// upper-case ASCII maps to the same class.
	n := 1
	for _, k := range keywords {
		for i := 0; i < len(k); i++ {
			c := lower(k[i])
			if p.class[c] == 0 {
				p.class[c] = uint8(n)
				if c >= 'a' && c <= 'z' {
					p.class[c-'a'+'A'] = uint8(n)
				}
				n++
			}
		}
	}
	p.nclass = n
	// Trie.
	type node struct {
		next map[uint8]int
		fail int
		out  []int
	}
	nodes := []node{{next: map[uint8]int{}}}
	for ki, k := range keywords {
		s := 0
		for i := 0; i < len(k); i++ {
			c := p.class[lower(k[i])]
			nx, ok := nodes[s].next[c]
			if !ok {
				nodes = append(nodes, node{next: map[uint8]int{}})
				nx = len(nodes) - 1
				nodes[s].next[c] = nx
			}
			s = nx
		}
		nodes[s].out = append(nodes[s].out, ki)
	}
	// Breadth-first failure links, then the full DFA table.
	p.trans = make([]int32, len(nodes)*n)
	p.out = make([][]int, len(nodes))
	queue := []int{}
	for c := 1; c < n; c++ {
		if nx, ok := nodes[0].next[uint8(c)]; ok {
			nodes[nx].fail = 0
			queue = append(queue, nx)
			p.trans[c] = int32(nx)
		}
	}
	p.out[0] = nodes[0].out
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		nodes[s].out = append(nodes[s].out, nodes[nodes[s].fail].out...)
		p.out[s] = nodes[s].out
		for c := 1; c < n; c++ {
			if nx, ok := nodes[s].next[uint8(c)]; ok {
				nodes[nx].fail = int(p.trans[nodes[s].fail*n+c])
				queue = append(queue, nx)
				p.trans[s*n+c] = int32(nx)
			} else {
				p.trans[s*n+c] = p.trans[nodes[s].fail*n+c]
			}
		}
	}
	p.accept = make([]bool, len(nodes))
	for st, o := range p.out {
		p.accept[st] = len(o) > 0
	}
	for c := 0; c < 256; c++ {
		if p.trans[p.class[c]] != 0 {
			p.starts = append(p.starts, byte(c))
		}
	}
	if len(p.starts) > maxSkipBytes {
		p.starts = nil
	}
	return p
}

// maxSkipBytes bounds the start bytes worth tracking with IndexByte.
const maxSkipBytes = 4

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// scan calls hit for every keyword index that occurs in text (possibly more
// than once per keyword) and stops early when hit returns false.
func (p *prefilter) scan(text []byte, hit func(kw int) bool) {
	if len(p.keywords) == 0 {
		return
	}
	trans, class, n, accept := p.trans, &p.class, p.nclass, p.accept
	skip := len(p.starts) > 0
	// next[k] is the position of the next occurrence of starts[k] at or
	// after the scan position (len(text) when there is none).
	var nextBuf [maxSkipBytes]int
	next := nextBuf[:len(p.starts)]
	for k := range next {
		next[k] = -1
	}
	s := 0
	for i := 0; i < len(text); i++ {
		if s == 0 && skip {
			j := len(text)
			for k, c := range p.starts {
				if next[k] < i {
					if x := bytes.IndexByte(text[i:], c); x >= 0 {
						next[k] = i + x
					} else {
						next[k] = len(text)
					}
				}
				if next[k] < j {
					j = next[k]
				}
			}
			if j == len(text) {
				return
			}
			i = j
		}
		s = int(trans[s*n+int(class[text[i]])])
		if accept[s] {
			for _, kw := range p.out[s] {
				if !hit(kw) {
					return
				}
			}
		}
	}
}
