package detect

import (
	"regexp"
	"sync/atomic"
	"time"
)

// The scanned repository's own rules and allowlists (rules.LoadOptions
// Repository) are untrusted code of a kind: RE2 is linear in the input,
// but its cost per byte grows with the pattern, and rules' program sizes
// are bounded (rules.MaxProgram) but not their number times the content,
// which the repository also chooses. So the time their patterns take is
// budgeted over the whole run: RepoBudgetBase, plus one second per
// RepoBudgetRate bytes scanned (a floor on their throughput). Once it is
// spent they are no longer run; the engine counts what they were not run
// on (Engine.RepoUnfinished), and the pipeline makes that an error.
const (
	RepoBudgetBase = 30 * time.Second
	RepoBudgetRate = 5 << 20 // bytes per second
)

// Repository patterns run over large texts in chunks, so that the budget is
// checked between them: one call costs at most a chunk times the program.
// Chunks overlap so that a match of up to repoOverlap bytes across a chunk
// boundary is still found whole (a secret is far shorter).
const (
	repoChunk   = 256 << 10
	repoOverlap = 4 << 10
)

// budget is the time budget of a configuration's repository patterns,
// shared by every goroutine using the engine.
type budget struct {
	base       time.Duration
	rate       int64
	spent      atomic.Int64 // nanoseconds spent in repository patterns
	bytes      atomic.Int64 // bytes of the items scanned
	unfinished atomic.Int64 // items and paths repository patterns were not run on
}

func newBudget(base time.Duration, rate int64) *budget {
	return &budget{base: base, rate: rate}
}

// ok reports whether repository patterns may still run.
func (b *budget) ok() bool {
	allowed := float64(b.base) + float64(b.bytes.Load())/float64(b.rate)*float64(time.Second)
	return float64(b.spent.Load()) <= allowed
}

func (b *budget) charge(start time.Time) { b.spent.Add(int64(time.Since(start))) }

// findAllChunked is findAll for a repository rule: over texts longer than a
// chunk, the regex runs on overlapping chunks, the budget checked before
// each. A match is kept by the chunk it starts in; one that reaches the
// end of its window (longer than the overlap) may be cut and is dropped
// there, and found by the next window from that window's start.
// It reports false when the budget ran out before the end.
func findAllChunked(re *regexp.Regexp, g *runGate, b []byte, bg *budget) ([][]int, bool) {
	if !bg.ok() {
		return nil, false
	}
	if g != nil || len(b) <= repoChunk+repoOverlap {
		// A gate runs the regex only in small windows around its run.
		defer bg.charge(time.Now())
		return findAll(re, g, b), true
	}
	var out [][]int
	lastEnd := 0
	for s := 0; s < len(b); s += repoChunk {
		if !bg.ok() {
			return out, false
		}
		start := time.Now()
		ws, we := max(s-repoOverlap, 0), min(s+repoChunk+repoOverlap, len(b))
		for _, m := range re.FindAllSubmatchIndex(b[ws:we], -1) {
			// A match is kept by the chunk it starts in; one at the
			// window's very start may have begun before it (a long match
			// no earlier window could see whole) and is kept too.
			ms := m[0] + ws
			if ms >= s+repoChunk || ms < lastEnd || m[1] == we-ws && we < len(b) || ms < s && (ms != ws || ws == 0) {
				continue
			}
			for k := range m {
				if m[k] >= 0 {
					m[k] += ws
				}
			}
			out = append(out, m)
			lastEnd = m[1]
		}
		bg.charge(start)
	}
	return out, true
}

// matchChunked is re.Match(b) for a repository pattern, in overlapping
// chunks with the budget checked before each. ran is false when the budget
// ran out before an answer.
func matchChunked(re *regexp.Regexp, b []byte, bg *budget) (matched, ran bool) {
	for s := 0; ; s += repoChunk {
		if !bg.ok() {
			return false, false
		}
		start := time.Now()
		ws, we := max(s-repoOverlap, 0), min(s+repoChunk+repoOverlap, len(b))
		m := re.Match(b[ws:we])
		bg.charge(start)
		if m {
			return true, true
		}
		if we == len(b) {
			return false, true
		}
	}
}

// matchBudgeted runs a repository pattern on a short string (a path, a
// label, a secret, a line cut to maxLine). ran is false when the budget
// was spent.
func matchBudgeted(re *regexp.Regexp, s []byte, bg *budget) (matched, ran bool) {
	if !bg.ok() {
		return false, false
	}
	defer bg.charge(time.Now())
	return re.Match(s), true
}
