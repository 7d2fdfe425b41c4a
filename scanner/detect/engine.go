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
	"math"
	"regexp"
	"slices"
	"strings"
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
}

// New builds an engine for cfg.
func New(cfg *rules.Config) *Engine {
	e := &Engine{cfg: cfg, maxRules: len(cfg.Rules)}
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

// PathAllowed reports whether a path is allowlisted for every rule (by the
// global allowlists), so a source can skip the file without reading it.
func (e *Engine) PathAllowed(path string) bool {
	for _, al := range e.cfg.Allowlists {
		for _, re := range al.Paths {
			if re.MatchString(path) {
				return true
			}
		}
	}
	return false
}

// ruleAllowsPath reports whether rule r may report in path.
func (e *Engine) ruleAllowsPath(r *rules.Rule, path string) bool {
	if path == "" {
		return true
	}
	if r.Path != nil && !r.Path.MatchString(path) {
		return false
	}
	if e.PathAllowed(path) {
		return false
	}
	for _, al := range r.Allowlists {
		for _, re := range al.Paths {
			if re.MatchString(path) {
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
	if nb, ok := decodeNotebook(it.Path, it.Content); ok {
		fs := e.scanText(it.Path, nb.text)
		for i := range fs {
			fs[i].Line, fs[i].Column = nb.position(fs[i].Line, fs[i].Column)
			fs[i].EndLine = 0
			fs[i].EndColumn = 0
		}
		return fs
	}
	return e.scanText(it.Path, it.Content)
}

func (e *Engine) scanText(path string, b []byte) []finding.Finding {
	active := make([]bool, e.maxRules)
	nActive := 0
	for _, ri := range e.always {
		active[ri] = true
		nActive++
	}
	if len(e.kwRules) > 0 {
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
	if nActive == 0 {
		return nil
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
		}
		for _, m := range findAll(r.Regex, e.gates[ri], b) {
			ms, me := m[0], m[1]
			ss, se := ms, me
			if g := r.SecretGroup; g > 0 {
				ss, se = m[2*g], m[2*g+1]
				if ss < 0 {
					continue
				}
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
			if e.allowlisted(r, secret, b[ms:me], lineText) {
				continue
			}
			desc := ""
			if ev := r.Evidence; ev != nil {
				var ok bool
				if memo == nil {
					memo = parentMemo{}
				}
				desc, ok = judge(ev, b, ss, fc, memo)
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
			if re.Match(target) {
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
	b         []byte
	file      []*regexp.Regexp
	ment, sec int8 // 0 unknown, 1 no, 2 yes
}

func (fc *fileContext) mentions() bool {
	if fc.ment == 0 {
		fc.ment = 1
		for _, re := range fc.file {
			if re.Match(fc.b) {
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

// IsBinary reports whether content looks binary: a NUL byte in the first
// 8000 bytes, git's own heuristic.
func IsBinary(content []byte) bool {
	n := len(content)
	if n > 8000 {
		n = 8000
	}
	return bytes.IndexByte(content[:n], 0) >= 0
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
