// Package detect is aaiguard's secret detection engine. It takes content
// items (a path and bytes) and returns findings; it knows nothing of where
// the bytes came from (work tree, index, history, stdin).
//
// The pipeline for one item:
//
//  1. A keyword prefilter (a case-insensitive Aho–Corasick DFA) selects the
//     rules whose keywords occur; most files stop here.
//  2. Each selected rule's regex yields candidates.
//  3. Candidates pass cheap filters: entropy floor, placeholder shapes
//     (all-same, sequential, repeated periods), stopwords, allowlists and
//     the inline marker aaiguard:allow.
//  4. Evidence decides: the candidate's label (the name it is assigned or
//     passed to) must name it strongly (ASSEMBLYAI_API_KEY, aai.NewClient),
//     or generically (api_key, authorization) in a file that also mentions
//     AssemblyAI. Labels that name hashes and IDs (md5, etag, uuid, *_id)
//     veto it. See docs/DESIGN.md, "Labels as evidence".
//
// The path of an item only ever removes findings (rule path filters and
// allowlists); it never creates them. A source that does not know a path
// yet (a history blob) can scan with an empty path and apply
// [Engine.PathAllowed] later without changing the result.
//
// An Engine is immutable after New and safe for concurrent use.
package detect

import (
	"bytes"
	"cmp"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aaiguard/aaiguard/internal/keyname"
	"github.com/aaiguard/aaiguard/rules"
	"github.com/aaiguard/aaiguard/scanner/finding"
)

// AllowMarker on a line suppresses findings on that line.
const AllowMarker = "aaiguard:allow"

// Item is one piece of content to scan.
type Item struct {
	Path    string // slash-separated, relative to the scanned root; may be empty
	Content []byte
}

// Engine scans items with a compiled configuration.
type Engine struct {
	cfg      *rules.Config
	pf       *prefilter
	gates    []*runGate // per rule; nil runs the regex on the whole text
	kwRules  [][]int    // keyword index -> rule indexes
	always   []int      // rules without keywords run on every item
	maxRules int
	// bg budgets the time of the repository's own rules and allowlists;
	// nil when the configuration has none.
	bg *budget
}

// Options tune an engine.
type Options struct {
	// RepoBudget and RepoRate are the time budget of the repository's own
	// patterns: RepoBudget plus one second per RepoRate bytes scanned
	// (zero: RepoBudgetBase, RepoBudgetRate).
	RepoBudget time.Duration
	RepoRate   int64
}

// New builds an engine for cfg.
func New(cfg *rules.Config) *Engine { return NewWithOptions(cfg, Options{}) }

// NewWithOptions builds an engine for cfg with options.
func NewWithOptions(cfg *rules.Config, o Options) *Engine {
	e := &Engine{cfg: cfg, maxRules: len(cfg.Rules)}
	if hasRepository(cfg) {
		e.bg = newBudget(cmp.Or(o.RepoBudget, RepoBudgetBase), cmp.Or(o.RepoRate, RepoBudgetRate))
	}
	kwIndex := map[string]int{}
	var keywords []string
	for ri, r := range cfg.Rules {
		e.gates = append(e.gates, newRunGate(r.Regex))
		if len(r.Keywords) == 0 {
			e.always = append(e.always, ri)
			continue
		}
		for _, k := range r.Keywords {
			ki, ok := kwIndex[k]
			if !ok {
				ki = len(keywords)
				kwIndex[k] = ki
				keywords = append(keywords, k)
				e.kwRules = append(e.kwRules, nil)
			}
			if !slices.Contains(e.kwRules[ki], ri) {
				e.kwRules[ki] = append(e.kwRules[ki], ri)
			}
		}
	}
	e.pf = newPrefilter(keywords)
	return e
}

func hasRepository(cfg *rules.Config) bool {
	for _, al := range cfg.Allowlists {
		if al.Repository {
			return true
		}
	}
	for _, r := range cfg.Rules {
		if r.Repository {
			return true
		}
	}
	return false
}

// RepoUnfinished is the number of items and paths the repository's own
// rules and allowlists were not run on because their time budget was
// spent (0 when they finished, or there are none): the scan is then
// incomplete for them.
func (e *Engine) RepoUnfinished() int64 {
	if e.bg == nil {
		return 0
	}
	return e.bg.unfinished.Load()
}

// match runs re on s; a repository pattern within the budget. ran is false
// when the budget was spent (counted as unfinished).
func (e *Engine) match(re *regexp.Regexp, repo bool, s []byte) (matched, ran bool) {
	if !repo || e.bg == nil {
		return re.Match(s), true
	}
	m, ok := matchBudgeted(re, s, e.bg)
	if !ok {
		e.bg.unfinished.Add(1)
	}
	return m, ok
}

// PathAllowed reports whether a path is allowlisted for every rule (by the
// global allowlists), so a source can skip the file without reading it.
// A repository allowlist whose budget is spent allows nothing.
func (e *Engine) PathAllowed(path string) bool { return e.PathAllowlist(path) != nil }

// PathAllowlist is the first global allowlist whose paths match path, or
// nil: PathAllowed, saying which allowlist (for notes about what a
// configuration keeps out of the scan).
func (e *Engine) PathAllowlist(path string) *rules.CompiledAllowlist {
	for _, al := range e.cfg.Allowlists {
		for _, re := range al.Paths {
			if m, _ := e.match(re, al.Repository, []byte(path)); m {
				return al
			}
		}
	}
	return nil
}

// ruleAllowsPath reports whether rule r may report in path.
func (e *Engine) ruleAllowsPath(r *rules.Rule, path string) bool {
	if path == "" {
		return true
	}
	if r.Path != nil {
		if m, _ := e.match(r.Path, r.Repository, []byte(path)); !m {
			return false
		}
	}
	if e.PathAllowed(path) {
		return false
	}
	for _, al := range r.Allowlists {
		for _, re := range al.Paths {
			if m, _ := e.match(re, al.Repository, []byte(path)); m {
				return false
			}
		}
	}
	return true
}

// FilterPath drops findings whose path is allowlisted for their rule. A
// source that scanned without a path calls it once the path is known.
func (e *Engine) FilterPath(fs []finding.Finding) []finding.Finding {
	out := fs[:0]
	for _, f := range fs {
		r := e.cfg.RuleByID(f.Rule)
		if r == nil || e.ruleAllowsPath(r, f.File) {
			out = append(out, f)
		}
	}
	return out
}

// Scan returns the findings in one item, ordered by position.
func (e *Engine) Scan(it Item) []finding.Finding {
	if e.bg != nil {
		e.bg.bytes.Add(int64(len(it.Content)))
	}
	content := Text(it.Content)
	if nb, ok := decodeNotebook(it.Path, content); ok {
		fs := e.scanDecoded(it.Path, nb.text)
		for i := range fs {
			fs[i].Line, fs[i].Column = nb.position(fs[i].Line, fs[i].Column)
			fs[i].EndLine = 0
			fs[i].EndColumn = 0
		}
		return fs
	}
	return e.scanDecoded(it.Path, content)
}

// scanDecoded scans b, then, when b holds base64 runs that decode to text,
// b with those runs decoded in place: a key found inside a decoded run is
// reported at the run (its line and columns in b), marked base64-encoded.
// The label before the run (ASSEMBLYAI_API_KEY: in a Kubernetes Secret)
// counts as it would for the plain key.
func (e *Engine) scanDecoded(path string, b []byte) []finding.Finding {
	fs := e.scanText(path, b)
	sub, regions := substituteBase64(b, e.mayHold)
	if sub == nil {
		return fs
	}
	more := e.scanText(path, sub)
	if len(more) == 0 {
		return fs
	}
	subIdx, origIdx := newLineIndex(sub), newLineIndex(b)
	pos := func(li *lineIndex, text []byte, off int) (int, int) {
		line, start, _ := li.lineOf(off)
		return line, utf8.RuneCount(text[start:off]) + 1
	}
	before := func(l1, c1, l2, c2 int) bool { return l1 < l2 || l1 == l2 && c1 < c2 }
	seen := map[[3]int]bool{}
	for _, f := range fs {
		seen[[3]int{f.Line, f.Column, len(f.Rule)}] = true
	}
	added := false
	for _, f := range more {
		for _, rg := range regions {
			sl, sc := pos(subIdx, sub, rg.newStart)
			el, ec := pos(subIdx, sub, rg.newEnd)
			if before(f.Line, f.Column, sl, sc) || !before(f.Line, f.Column, el, ec) {
				continue
			}
			f.Line, f.Column = pos(origIdx, b, rg.origStart)
			f.EndLine, f.EndColumn = pos(origIdx, b, rg.origEnd)
			f.Message += " (base64-encoded)"
			if k := [3]int{f.Line, f.Column, len(f.Rule)}; !seen[k] {
				seen[k] = true
				fs = append(fs, f)
				added = true
			}
			break
		}
	}
	if added {
		slices.SortStableFunc(fs, func(a, b finding.Finding) int {
			if a.Line != b.Line {
				return a.Line - b.Line
			}
			return a.Column - b.Column
		})
	}
	return fs
}

// mayHold reports whether decoded text may hold a candidate of some rule:
// a run of a gated rule's required class (32 hex digits for the default
// rule), or any text when a rule has no gate. The whole item is scanned
// again only for decoded runs that pass.
func (e *Engine) mayHold(text []byte) bool {
	for _, g := range e.gates {
		if g == nil || len(g.windows(text)) > 0 {
			return true
		}
	}
	return false
}

func (e *Engine) scanText(path string, b []byte) []finding.Finding {
	return e.scanWith(path, b, nil)
}

// window says how scanWith scans one window of a larger text (ScanLarge):
// with the rules and file context of the whole text, keeping the findings
// whose secret starts in [keepFrom, keepTo).
type window struct {
	active           []bool
	fileCtx          func(rule int) bool // the whole text's file context
	keepFrom, keepTo int
}

// activeRules runs the keyword prefilter over b into active (which may
// already hold rules of other parts of a text) and returns how many are set.
func (e *Engine) activeRules(b []byte, active []bool) int {
	nActive := 0
	for ri := range active {
		if active[ri] {
			nActive++
		}
	}
	for _, ri := range e.always {
		if !active[ri] {
			active[ri] = true
			nActive++
		}
	}
	if len(e.kwRules) > 0 && nActive < e.maxRules {
		e.pf.scan(b, func(kw int) bool {
			for _, ri := range e.kwRules[kw] {
				if !active[ri] {
					active[ri] = true
					nActive++
				}
			}
			return nActive < e.maxRules
		})
	}
	return nActive
}

func (e *Engine) scanWith(path string, b []byte, w *window) []finding.Finding {
	var active []bool
	if w != nil {
		active = w.active
	} else {
		active = make([]bool, e.maxRules)
		if e.activeRules(b, active) == 0 {
			return nil
		}
	}
	var out []finding.Finding
	var lines *lineIndex
	var memo parentMemo // parents of label lines, shared by the rules
	for ri, r := range e.cfg.Rules {
		if !active[ri] || !e.ruleAllowsPath(r, path) {
			continue
		}
		var fc *fileContext
		if r.Evidence != nil {
			fc = &fileContext{b: b, file: r.Evidence.File}
			if w != nil && w.fileCtx != nil {
				ri := ri
				fc.whole = func() bool { return w.fileCtx(ri) }
			}
			if r.Repository && e.bg != nil {
				fc.match = func(re *regexp.Regexp, b []byte) bool { return e.fileMatch(re, true, b) }
			}
		}
		var matches [][]int
		if r.Repository && e.bg != nil {
			var ran bool
			if matches, ran = findAllChunked(r.Regex, e.gates[ri], b, e.bg); !ran {
				e.bg.unfinished.Add(1)
			}
		} else {
			matches = findAll(r.Regex, e.gates[ri], b)
		}
		for _, m := range matches {
			ms, me := m[0], m[1]
			ss, se := ms, me
			if g := r.SecretGroup; g > 0 {
				ss, se = m[2*g], m[2*g+1]
				if ss < 0 {
					continue
				}
			}
			if w != nil && (ss < w.keepFrom || ss >= w.keepTo) {
				continue // another window's
			}
			secret := b[ss:se]
			if r.Entropy > 0 && Entropy(secret) < r.Entropy {
				continue
			}
			if placeholder(secret) {
				continue
			}
			if lines == nil {
				lines = newLineIndex(b)
			}
			line, lineStart, lineEnd := lines.lineOf(ss)
			lineText := b[lineStart:lineEnd]
			if bytes.Contains(lineText, []byte(AllowMarker)) {
				continue
			}
			if e.allowlisted(r, secret, b[ms:me], cutLine(lineText, ss-lineStart, se-lineStart)) {
				continue
			}
			desc := ""
			if ev := r.Evidence; ev != nil {
				var ok bool
				if memo == nil {
					memo = parentMemo{}
				}
				if r.Repository && e.bg != nil {
					// Label patterns run on short strings: timed, not cut.
					if !e.bg.ok() {
						e.bg.unfinished.Add(1)
						continue
					}
					start := time.Now()
					desc, ok = judge(ev, b, ss, fc, memo)
					e.bg.charge(start)
				} else {
					desc, ok = judge(ev, b, ss, fc, memo)
				}
				if !ok {
					continue
				}
			}
			f := finding.Finding{
				Rule:      r.ID,
				Checklist: r.Checklist,
				Severity:  finding.Severity(r.Severity),
				Message:   message(r, desc),
				File:      path,
				Line:      line,
				Column:    utf8.RuneCount(b[lineStart:ss]) + 1,
			}
			f.EndLine = line
			f.EndColumn = f.Column + utf8.RuneCount(secret)
			f.SetEvidence(string(secret))
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(a, b finding.Finding) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
	return out
}

func message(r *rules.Rule, desc string) string {
	m := r.Description
	if m == "" {
		m = r.ID
	}
	if desc != "" {
		m += " (" + desc + ")"
	}
	return m
}

// fileMatch is re.Match(b) for a file-context pattern; a repository's in
// chunks within its budget (a spent budget matches nothing).
func (e *Engine) fileMatch(re *regexp.Regexp, repo bool, b []byte) bool {
	if !repo || e.bg == nil {
		return re.Match(b)
	}
	m, ran := matchChunked(re, b, e.bg)
	if !ran {
		e.bg.unfinished.Add(1)
	}
	return m
}

// maxLine bounds the text a "line" allowlist regex sees: the candidate's
// line, cut to maxLine bytes on each side of the match. A 10 MB minified
// line would otherwise be matched once per candidate on it.
const maxLine = 2048

// cutLine is line cut to maxLine bytes either side of [ms, me).
func cutLine(line []byte, ms, me int) []byte {
	if len(line) <= 2*maxLine+(me-ms) {
		return line
	}
	return line[max(ms-maxLine, 0):min(me+maxLine, len(line))]
}

func (e *Engine) allowlisted(r *rules.Rule, secret, match, line []byte) bool {
	check := func(al *rules.CompiledAllowlist) bool {
		target := secret
		switch al.RegexTarget {
		case "match":
			target = match
		case "line":
			target = line
		}
		for _, re := range al.Regexes {
			if m, _ := e.match(re, al.Repository, target); m {
				return true
			}
		}
		if len(al.Stopwords) > 0 {
			ls := strings.ToLower(string(secret))
			for _, w := range al.Stopwords {
				if strings.Contains(ls, w) {
					return true
				}
			}
		}
		return false
	}
	for _, al := range e.cfg.Allowlists {
		if check(al) {
			return true
		}
	}
	for _, al := range r.Allowlists {
		if check(al) {
			return true
		}
	}
	return false
}

// judge applies a rule's evidence to the candidate at pos and returns a
// short description of the evidence for the message. fc gives the
// file-level context (lazily, once per file).
func judge(ev *rules.CompiledEvidence, b []byte, pos int, fc *fileContext, memo parentMemo) (string, bool) {
	l, ok := findLabel(b, pos, ev.Window, memo)
	if !ok {
		if ev.Prose {
			return proseLabel(ev, b, pos)
		}
		return "", false
	}
	if anyMatch(ev.Reject, l.name) {
		return "", false
	}
	full := l.full()
	if anyMatch(ev.Strong, l.name) || anyMatch(ev.Strong, full) || ev.KeyNames && (keyname.Is(l.name) || keyname.Is(full)) {
		return "assigned to " + l.name, true
	}
	if !anyMatch(ev.Names, l.name) || anyMatch(ev.Foreign, full) || !fc.mentions() {
		return "", false
	}
	if len(l.parents) > 0 {
		// A structured config value is judged by its own path: a parent
		// that names something else (cache:, session:) rejects it, and in
		// a file with an AssemblyAI section (assemblyai:, [assemblyai]) a
		// key outside that section is another service's.
		for _, p := range l.parents {
			if anyMatch(ev.Reject, p) || anyMatch(ev.Foreign, p) {
				return "", false
			}
		}
		if fc.aaiSection() {
			return "", false
		}
	}
	if foreignNearby(ev, b, pos) {
		return "", false
	}
	return "assigned to " + l.name + " in a file that uses AssemblyAI", true
}

// fileContext answers, once per file, whether it mentions AssemblyAI and
// whether it has a section named for it.
type fileContext struct {
	b    []byte
	file []*regexp.Regexp
	// whole answers mentions for the whole text when b is one window of
	// it (ScanLarge); match replaces re.Match for a repository's rules
	// (chunked, within their time budget).
	whole     func() bool
	match     func(*regexp.Regexp, []byte) bool
	ment, sec int8 // 0 unknown, 1 no, 2 yes
}

func (fc *fileContext) mentions() bool {
	if fc.ment == 0 && fc.whole != nil {
		fc.ment = 1
		if fc.whole() {
			fc.ment = 2
		}
	}
	if fc.ment == 0 {
		fc.ment = 1
		for _, re := range fc.file {
			if fc.match != nil && fc.match(re, fc.b) || fc.match == nil && re.Match(fc.b) {
				fc.ment = 2
				break
			}
		}
	}
	return fc.ment == 2
}

// aaiSectionRE matches a line that opens a YAML/JSON block or an INI/TOML
// section named for AssemblyAI.
var aaiSectionRE = regexp.MustCompile(`(?im)^[ \t]*(?:-[ \t]+)?(?:\[[ \t]*["']?(?:assembly[_\-. ]?ai|aai)["']?[ \t]*\]|["']?(?:assembly[_\-. ]?ai|aai)["']?[ \t]*[:=][ \t]*(?:\{.*|#.*|//.*)?)\r?$`)

func (fc *fileContext) aaiSection() bool {
	if fc.sec == 0 {
		fc.sec = 1
		if aaiSectionRE.Match(fc.b) {
			fc.sec = 2
		}
	}
	return fc.sec == 2
}

// nearbyLines returns the candidate's line and up to two non-blank lines
// before it.
func nearbyLines(b []byte, pos int, before, after int) []byte {
	start := bytes.LastIndexByte(b[:pos], '\n') + 1
	for n := 0; n < before && start > 0; {
		s := bytes.LastIndexByte(b[:start-1], '\n') + 1
		if len(bytes.TrimSpace(b[s:start-1])) > 0 {
			n++
		}
		start = s
	}
	end := pos
	for n := 0; n <= after; n++ {
		i := bytes.IndexByte(b[end:], '\n')
		if i < 0 {
			end = len(b)
			break
		}
		end += i + 1
	}
	return b[start:end]
}

// foreignNearby reports another service named next to the candidate:
// on its own line, or on the non-blank line just before it (a comment
// heading the value), where that line does not name AssemblyAI too.
func foreignNearby(ev *rules.CompiledEvidence, b []byte, pos int) bool {
	if len(ev.ForeignText) == 0 {
		return false
	}
	ls := bytes.LastIndexByte(b[:pos], '\n') + 1
	le := bytes.IndexByte(b[pos:], '\n')
	if le < 0 {
		le = len(b)
	} else {
		le += pos
	}
	lines := [][]byte{b[ls:le]}
	for end := ls - 1; end > 0; {
		s := bytes.LastIndexByte(b[:end], '\n') + 1
		if t := bytes.TrimSpace(b[s:end]); len(t) > 0 {
			lines = append(lines, t)
			break
		}
		end = s - 1
	}
	for _, line := range lines {
		if anyMatchBytes(ev.File, line) {
			return false
		}
		if anyMatchBytes(ev.ForeignText, line) {
			return true
		}
	}
	return false
}

func anyMatchBytes(res []*regexp.Regexp, b []byte) bool {
	for _, re := range res {
		if re.Match(b) {
			return true
		}
	}
	return false
}

// proseKeyRE matches the words just before a value that name it a key in
// a sentence: "Use key ", "API key: ", "token is `".
var proseKeyRE = regexp.MustCompile("(?i)(?:^|[^a-z0-9_])(api[ _-]?key|key|token|secret)[ \t]*(?:is|=|:|of)?[ \t]*[\x60\"'*]*$")

// proseLabel judges a value that no name is assigned to: a key in a
// sentence (Use key <value> for the AssemblyAI demo.) counts when the
// sentence, or the line before or after it, names AssemblyAI and nothing
// says it is a digest or another service's.
func proseLabel(ev *rules.CompiledEvidence, b []byte, pos int) (string, bool) {
	ls := bytes.LastIndexByte(b[:pos], '\n') + 1
	before := b[ls:pos]
	if len(before) > 80 {
		before = before[len(before)-80:]
	}
	m := proseKeyRE.FindSubmatchIndex(before)
	if m == nil {
		return "", false
	}
	// the clause naming the value: "the Deepgram key", "md5 key"
	clause := before
	if i := bytes.LastIndexAny(clause, ".;!?"); i >= 0 && i < len(clause)-1 {
		clause = clause[i+1:]
	}
	if anyMatch(ev.Reject, string(clause)) || anyMatchBytes(ev.ForeignText, clause) {
		return "", false
	}
	around := nearbyLines(b, pos, 1, 1)
	named := false
	for _, re := range ev.File {
		if re.Match(around) {
			named = true
		}
	}
	if !named {
		return "", false
	}
	return "named " + strings.ToLower(string(before[m[2]:m[3]])) + " in text about AssemblyAI", true
}

func anyMatch(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// Entropy is the Shannon entropy of s in bits per byte.
func Entropy(s []byte) float64 {
	if len(s) == 0 {
		return 0
	}
	var counts [256]int
	for _, c := range s {
		counts[c]++
	}
	n := float64(len(s))
	h := 0.0
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h
}

var placeholderWords = []string{"xxxx", "your", "example", "placeholder", "changeme", "change_me", "redacted", "dummy", "sample", "insert", "replace", "<", ">", "${", "{{", "****", "...", "…"}

// placeholder reports values that are shaped like a stand-in rather than a
// key: one repeated character, an ascending or descending run, a short
// period repeated (abcdabcd…), or a placeholder word.
func placeholder(s []byte) bool {
	if len(s) < 8 {
		return true
	}
	ls := strings.ToLower(string(s))
	for _, w := range placeholderWords {
		if strings.Contains(ls, w) {
			return true
		}
	}
	// Sequential: most steps are +1 or -1 (0123456789abcdef…, 9876…).
	up, down := 0, 0
	for i := 1; i < len(s); i++ {
		d := int(s[i]) - int(s[i-1])
		if d == 1 || s[i-1] == '9' && s[i] == 'a' {
			up++
		} else if d == -1 || s[i-1] == 'a' && s[i] == '9' {
			down++
		}
	}
	if up*4 >= (len(s)-1)*3 || down*4 >= (len(s)-1)*3 {
		return true
	}
	// A short period repeated.
	for p := 1; p <= len(s)/3 && p <= 8; p++ {
		if bytes.Equal(s[p:], s[:len(s)-p]) {
			return true
		}
	}
	// Hex-looking values need a mix of digits and letters: a random
	// 32-hex string has both with overwhelming probability.
	digits, letters, other := 0, 0, 0
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F':
			letters++
		default:
			other++
		}
	}
	if other == 0 && len(s) >= 16 && (digits < 2 || letters < 2) {
		return true
	}
	return false
}

// lineIndex maps byte offsets to 1-based lines.
type lineIndex struct {
	b     []byte
	nl    []int // offsets of '\n'
	built bool
}

func newLineIndex(b []byte) *lineIndex { return &lineIndex{b: b} }

// lineOf returns the 1-based line of off and the bounds of that line
// (without its newline).
func (li *lineIndex) lineOf(off int) (line, start, end int) {
	if !li.built {
		for i := 0; ; {
			j := bytes.IndexByte(li.b[i:], '\n')
			if j < 0 {
				break
			}
			li.nl = append(li.nl, i+j)
			i += j + 1
		}
		li.built = true
	}
	k, _ := slices.BinarySearch(li.nl, off)
	start = 0
	if k > 0 {
		start = li.nl[k-1] + 1
	}
	end = len(li.b)
	if k < len(li.nl) {
		end = li.nl[k]
	}
	if end > start && li.b[end-1] == '\r' {
		end--
	}
	return k + 1, start, end
}
