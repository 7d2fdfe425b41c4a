package coderules

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/aaiguard/aaiguard/internal/testpath"
	"github.com/aaiguard/aaiguard/scanner/check/lang/csharp"
	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
	"github.com/aaiguard/aaiguard/scanner/check/lang/golang"
	"github.com/aaiguard/aaiguard/scanner/check/lang/java"
	"github.com/aaiguard/aaiguard/scanner/check/lang/jsts"
	"github.com/aaiguard/aaiguard/scanner/check/lang/php"
	"github.com/aaiguard/aaiguard/scanner/check/lang/python"
	"github.com/aaiguard/aaiguard/scanner/check/lang/ruby"
	"github.com/aaiguard/aaiguard/scanner/check/lang/syntax"
	"github.com/aaiguard/aaiguard/scanner/check/lang/treesitter"
	"github.com/aaiguard/aaiguard/scanner/check/vendored"
	"github.com/aaiguard/aaiguard/scanner/detect"
	"github.com/aaiguard/aaiguard/scanner/finding"
)

// Loc is a place in a file.
type Loc struct {
	File string
	Line int
}

// Result is what checking one file produced.
type Result struct {
	Findings []finding.Finding
	// Evidence holds positive evidence lines by checklist id.
	Evidence map[string][]string
	// Usage lists where the file uses AssemblyAI.
	Usage []string
	// Transcribes lists the file's transcription requests.
	Transcribes []Loc
	// Parsed is set when the file went through a parser (it passed the
	// keyword prefilter).
	Parsed bool
	// SyntaxErrors counts the syntax errors the parser recovered from.
	SyntaxErrors int
	// Unparsed is set when the file could not be parsed at all; nothing
	// in it was checked.
	Unparsed error
	// ParseTime (tree-sitter and the conversion to a syntax tree) and
	// RuleTime (fact extraction and judging) split the time spent.
	ParseTime, RuleTime time.Duration
	// Notes say what was not followed in the file (value-flow and
	// symbol-table limits, import cycles): its findings are still true,
	// some values stayed unknown.
	Notes []string
	// PublicEnv lists the browser-exposed AssemblyAI key variables the
	// file names, one per variable; Merge groups their findings across
	// files.
	PublicEnv []EnvExposure

	publicEnvAt map[int]string // index in Findings -> variable of a PublicEnv finding
	// keyRoutes are the routes of the file that return the key; fetches,
	// in browser code (why), its requests to the app's own paths.
	keyRoutes, fetches []routeLoc
	why                string
}

// Checker checks files.
type Checker struct {
	Project *Project
	// NoPrefilter parses every code file, even one that names nothing the
	// rules look for (benchmarks use it to measure the parsers).
	NoPrefilter bool
	// SyntacticGo makes Check judge .go files with the syntactic Go front
	// end. Off by default: the typed Go analyzers are the authority where
	// a package type-checks, so only the files they could not load (see
	// CheckGo and GoNote) should get the syntactic rules.
	SyntacticGo bool
	// Tests also checks test files (internal/testpath: tests/, __tests__/,
	// *.test.ts, test_*.py…). They are skipped by default, as the Go
	// analyzers skip theirs: tests mock requests with fake options. Keys in
	// them are still found by the secret scan.
	Tests bool
}

type fileKind int

const (
	notCode fileKind = iota
	jsFile
	pyFile
	notebookFile
	markupFile
	envFile
	rubyFile
	javaFile
	csharpFile
	phpFile
	goFile
)

func kindOf(p string) fileKind {
	if IsEnvFile(p) {
		return envFile
	}
	if _, ok := jsts.LangFor(p); ok {
		return jsFile
	}
	switch strings.ToLower(path.Ext(p)) {
	case ".py", ".pyw":
		return pyFile
	case ".ipynb":
		return notebookFile
	case ".html", ".htm", ".vue", ".svelte":
		return markupFile
	case ".rb", ".rake", ".gemspec", ".ru":
		return rubyFile
	case ".java":
		return javaFile
	case ".cs", ".csx":
		return csharpFile
	case ".php", ".phtml":
		if strings.HasSuffix(strings.ToLower(p), ".blade.php") {
			return notCode // a Blade template, not plain PHP
		}
		return phpFile
	case ".go":
		return goFile
	}
	switch path.Base(p) {
	case "Gemfile", "Rakefile":
		return rubyFile
	}
	return notCode
}

// Relevant reports whether the code rules look at a file at all, by name:
// not Go files (they are the typed Go stage's, see IsGoFile), not minified
// bundles, and not vendored or dependency code (the one policy of
// scanner/check/vendored: a dependency's requests are not the
// repository's).
func Relevant(p string) bool {
	if vendored.Has(p) || strings.HasSuffix(p, ".min.js") {
		return false
	}
	k := kindOf(p)
	return k != notCode && k != goFile
}

// IsGoFile reports whether the syntactic Go rules look at a file: a .go
// file that is not a test (the typed analyzers skip tests by default too).
func IsGoFile(p string) bool {
	return kindOf(p) == goFile && !strings.HasSuffix(p, "_test.go")
}

// keywords: a file that contains none of these (case-insensitively) has
// nothing any rule looks for, so it is not parsed. Every fact the front
// ends report needs one: SDK names and hosts say "assemblyai", key names
// "assembly" or "aai", transcription requests, transcribers and deletes
// "transcri", token minting "temporary"/"token" paths.
var keywords = [][]byte{[]byte("assembly"), []byte("aai"), []byte("transcri"), []byte("temporary_token"), []byte("temporarytoken"), []byte("/v3/token"), []byte("realtime/token")}

func interesting(src []byte) bool {
	low := bytes.ToLower(src)
	for _, k := range keywords {
		if bytes.Contains(low, k) {
			return true
		}
	}
	return false
}

// Check checks one file. p is the slash-separated path relative to the
// scanned root.
func (c *Checker) Check(p string, src []byte) *Result {
	res := &Result{Evidence: map[string][]string{}}
	kind := kindOf(p)
	if kind == notCode || kind == goFile && (!c.SyntacticGo || !IsGoFile(p)) || !c.Tests && testpath.Is(p) {
		return res
	}
	if kind == envFile {
		c.judge(res, p, src, envFileFacts(src), nil, false, "")
		return res
	}
	if !c.NoPrefilter && !interesting(src) {
		return res
	}
	res.Parsed = true
	t0 := time.Now()
	var (
		f      *facts.File
		tr     *syntax.Tree
		err    error
		lineOf func(int) int
	)
	var code []byte
	var lang treesitter.Lang
	switch kind {
	case jsFile:
		code = src
		lang, _ = jsts.LangFor(p)
	case markupFile:
		var ts, found bool
		code, ts, found = scriptBlocks(src)
		if !found {
			return res
		}
		lang = treesitter.JavaScript
		if ts {
			lang = treesitter.TypeScript
		}
	case pyFile:
		code, lang = src, treesitter.Python
	case rubyFile:
		code, lang = src, treesitter.Ruby
	case javaFile:
		code, lang = src, treesitter.Java
	case csharpFile:
		code, lang = src, treesitter.CSharp
	case phpFile:
		code, lang = src, treesitter.PHP
		if !phpTag.Match(src) {
			// a fragment without tags (documentation snippets): the
			// full grammar would read it all as HTML text
			lang = treesitter.PHPOnly
		}
	case goFile:
		code, lang = src, treesitter.Go
	case notebookFile:
		nb, nerr := python.DecodeNotebook(src)
		if nerr != nil {
			res.Unparsed = nerr
			return res
		}
		code, lang, lineOf = nb.Src, treesitter.Python, nb.FileLine
		switch nb.Language {
		case "", "python", "python3", "ipython":
		case "typescript", "javascript":
			// Deno and tslab kernels
			lang = treesitter.TypeScript
		default:
			return res // an R, Julia... notebook
		}
	}
	if len(code) > MaxParseSize {
		res.Unparsed = fmt.Errorf("%d bytes of code, more than the %d parsed per file: generated or minified?", len(code), MaxParseSize)
		return res
	}
	tr, err = treesitter.Parse(code, lang)
	res.ParseTime = time.Since(t0)
	if err != nil {
		res.Unparsed = err
		return res
	}
	res.SyntaxErrors = tr.Errors
	if len(tr.Src) > 0 && tr.ErrorBytes*2 > len(tr.Src) {
		res.Unparsed = fmt.Errorf("syntax errors cover %d%% of it", tr.ErrorBytes*100/len(tr.Src))
		// what parsed is still judged below
	}
	t1 := time.Now()
	var imp facts.Importer
	var im *importer
	if s := c.Project.Symbols(); s != nil {
		im = s.importer(p)
		imp = im
	}
	f, err = extract(tr, lang, imp)
	if err != nil {
		res.Unparsed = err
		return res
	}
	res.Notes = append(res.Notes, f.Notes...)
	if im != nil {
		res.Notes = append(res.Notes, im.notes...)
	}
	browser, why := c.Project.Browser(p, f.UseClient, f.Server, f.ReactHooks)
	c.judge(res, p, src, f, lineOf, browser, why)
	res.RuleTime = time.Since(t1)
	return res
}

// extract runs the language's front end. A front end that panics on some
// input (a bug; the fuzz targets call the front ends directly, without
// this net) costs that file, with a reason, not the scan.
func extract(tr *syntax.Tree, lang treesitter.Lang, imp facts.Importer) (f *facts.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("internal error in the %s front end (please report it): %v", lang, r)
		}
	}()
	switch lang {
	case treesitter.Python:
		f = python.ExtractWith(tr, imp)
	case treesitter.Ruby:
		f = ruby.Extract(tr)
	case treesitter.Java:
		f = java.Extract(tr)
	case treesitter.CSharp:
		f = csharp.Extract(tr)
	case treesitter.PHP, treesitter.PHPOnly:
		f = php.Extract(tr)
	case treesitter.Go:
		f = golang.Extract(tr)
	default:
		f = jsts.ExtractWith(tr, imp)
	}
	return f, nil
}

// phpTag finds what makes a file a PHP page rather than a fragment of PHP
// code: markup or an opening tag at the start of a line.
var phpTag = regexp.MustCompile(`(?m)^\s*<`)

// MaxParseSize bounds the code parsed from one file. A parse and its
// syntax tree take about 190 bytes of memory per byte of JavaScript (a
// 7.7 MB bundle: 1.48 GB peak and 6 s; a 5 MB single-line minified file:
// 1.49 GB, 9.6 s), so a generated or minified file in a repository could
// exhaust the machine; source files are far smaller. Larger files are
// noted as not parsed; the secret scan still reads them whole.
const MaxParseSize = 1 << 20

// ErrUnavailable reports a build without the parsers (no cgo).
var ErrUnavailable = treesitter.ErrUnavailable

// Available reports whether this build has the parsers (cgo): without
// them no code rule runs.
const Available = treesitter.Available

// IsUnavailable reports whether err means the parsers are not built in.
func IsUnavailable(err error) bool { return errors.Is(err, treesitter.ErrUnavailable) }

// judger collects one file's findings and evidence.
type judger struct {
	res    *Result
	path   string
	src    []byte
	lineOf func(int) int
}

func (j *judger) line(pos facts.Pos) (int, int) {
	if j.lineOf != nil {
		return j.lineOf(pos.Line), 0
	}
	return pos.Line, pos.Col
}

func (j *judger) find(ruleID string, pos facts.Pos, evidence, msg string) {
	j.findAt(ruleID, pos, evidence, msg, nil)
}

// findAt reports a finding whose deciding values are elsewhere too: the
// message names the first of those places, and all are related locations.
func (j *judger) findAt(ruleID string, pos facts.Pos, evidence, msg string, also []finding.Location) {
	if len(also) > 0 {
		where := fmt.Sprintf("line %d", also[0].Line)
		if also[0].File != j.path {
			where = fmt.Sprintf("%s:%d", also[0].File, also[0].Line)
		}
		note := strings.TrimSuffix(also[0].Note, " here")
		if !strings.HasSuffix(note, " from") {
			note += " at"
		}
		msg += " (" + note + " " + where + ")"
	}
	r := RuleByID(ruleID)
	line, col := j.line(pos)
	if bytes.Contains(syntax.LineOf(j.src, line), []byte(detect.AllowMarker)) {
		return
	}
	f := finding.Finding{Rule: r.ID, Checklist: r.Checklist, Severity: r.Severity, Message: msg,
		File: j.path, Line: line, Column: col, Source: finding.SourceCode, Also: also}
	// The fingerprint is computed from the call's text as SetEvidence
	// would, but the text is not stored as the finding's secret: code
	// findings hold no secret, and reports would print it as one.
	f.Fingerprint = finding.Fingerprint(f.Rule, f.File, evidence)
	j.res.Findings = append(j.res.Findings, f)
}

func (j *judger) evidence(checklist string, pos facts.Pos, what string) {
	line, _ := j.line(pos)
	j.res.Evidence[checklist] = append(j.res.Evidence[checklist], fmt.Sprintf("%s:%d: %s", j.path, line, what))
}

func (j *judger) usage(pos facts.Pos, what string) {
	line, _ := j.line(pos)
	j.res.Usage = append(j.res.Usage, fmt.Sprintf("%s:%d: %s", j.path, line, what))
}

// CheckGo runs the syntactic Go rules on one .go file, whatever
// SyntacticGo says. The Go stage calls it for the files the typed
// analyzers could not load (a file outside any module, a package whose
// dependencies are missing or that does not type-check), and records
// GoNote for them.
func (c *Checker) CheckGo(p string, src []byte) *Result {
	cc := *c
	cc.SyntacticGo = true
	return cc.Check(p, src)
}

// GoNote is the note for files whose typed analysis the syntactic Go rules
// replaced: "go: typed analysis replaced by syntactic rules for a.go,
// b.go and 3 more (why)". At most five paths are named.
func GoNote(paths []string, why string) string {
	shown := paths
	more := ""
	if len(shown) > 5 {
		more = fmt.Sprintf(" and %d more", len(shown)-5)
		shown = shown[:5]
	}
	note := "go: typed analysis replaced by syntactic rules for " + strings.Join(shown, ", ") + more
	if why != "" {
		note += " (" + why + ")"
	}
	return note
}
