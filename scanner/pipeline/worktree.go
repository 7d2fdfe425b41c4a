package pipeline

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/aaiguard/aaiguard/internal/regularfile"
	"github.com/aaiguard/aaiguard/rules"
	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/check/coderules"
	"github.com/aaiguard/aaiguard/scanner/check/goanalysis"
	"github.com/aaiguard/aaiguard/scanner/check/hygiene"
	"github.com/aaiguard/aaiguard/scanner/detect"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/format/envfile"
	"github.com/aaiguard/aaiguard/scanner/git/gitobj"
	"github.com/aaiguard/aaiguard/scanner/report"
	"github.com/aaiguard/aaiguard/scanner/source/worktree"
)

// treeFiles is what the work-tree pass keeps of the files it read once:
// the code rules' result for each code file, and the content of the files
// hygiene reads (env and CI files: few and small).
type treeFiles struct {
	mu      sync.Mutex
	code    map[string]*coderules.Result // by path; nil entry: relevant but not read
	order   []string                     // code files in listing order
	content map[string][]byte            // hygiene's files by path
	// checker is the work tree's code-rules checker (its project holds the
	// cross-file facts): the Go stage's syntactic fallback uses it too.
	checker *coderules.Checker
}

// scanWorkTree reads every file of the work tree once: the secret engine
// scans it, the code rules check it when it is code, and hygiene's files
// are kept for the hygiene stage.
func scanWorkTree(r *Run) error {
	t := r.tree
	for _, err := range t.Errors {
		r.fail(err)
	}
	t.Errors = nil
	tf := &treeFiles{code: map[string]*coderules.Result{}, content: map[string][]byte{}}
	r.files = tf
	allowed := r.noteAllowlisted()
	// Go files no go.mod covers are never seen by the typed Go stage: the
	// syntactic Go rules judge them.
	outside := goOutsideModules(r)
	var paths, goFiles []string
	byPath := map[string]string{}
	for _, f := range t.Files {
		paths = append(paths, f.Path)
		byPath[f.Path] = f.Abs
		if allowed[f.Path] {
			continue
		}
		if outside[f.Path] {
			goFiles = append(goFiles, f.Path)
		}
		if outside[f.Path] || coderules.Relevant(f.Path) {
			tf.order = append(tf.order, f.Path)
		}
	}
	if len(goFiles) > 0 {
		r.note("%s", coderules.GoNote(goFiles, "no go.mod above them: outside any Go module"))
	}
	// Cross-file facts (package.json, framework configs) are read on
	// demand by the project, bounded.
	project := coderules.NewProject(paths, func(p string) ([]byte, error) { return regularfile.Read(byPath[p], false, 1<<20) })
	checker := &coderules.Checker{Project: project, Tests: r.opts.Tests}
	tf.checker = checker
	total := int64(len(t.Files))
	var done int64
	visit := func(f worktree.File, data []byte) {
		var res *coderules.Result
		switch {
		case outside[f.Path]:
			res = checker.CheckGo(f.Path, data)
		case coderules.Relevant(f.Path):
			res = checker.Check(f.Path, data)
		}
		tf.mu.Lock()
		defer tf.mu.Unlock()
		if res != nil {
			tf.code[f.Path] = res
		}
		if hygiene.Reads(f.Path) {
			tf.content[f.Path] = data
		}
		done++
		if done%256 == 0 {
			r.obs.Progress("work tree", done, total, "files")
		}
	}
	proven := r.provenClean(outside, allowed)
	res := worktree.Scan(t, r.engine, worktree.ScanOptions{MaxFileSize: r.maxSize(), Visit: visit, Proven: proven})
	r.obs.Progress("work tree", total, total, "files")
	if res.Proven > 0 {
		r.rep.Summary.FilesProvenClean += res.Proven
		r.note("work tree: %d tracked file(s) not read: unchanged since git recorded them (stat data), as blobs the history scan (--cache) proved clean", res.Proven)
	}
	for i := range res.Findings {
		res.Findings[i].Source = finding.SourceWorktree
	}
	r.add(res.Findings...)
	r.counted(res.Files, res.Bytes, res.Binary, res.TooLarge, "")
	for _, err := range res.Errors {
		r.fail(err)
	}
	r.noteUnread(res)
	switch {
	case r.repo != nil && r.repo.Bare:
		r.note("%s is a bare repository: there is no work tree to scan (its history is what check reads)", displayRoot(r.opts.Root))
		r.unknown[catalog.GitignoreEnv] = "a bare repository: no work tree, so no env file to keep out of commits (check the repository's clones)"
	case t.Repo == nil && gitEnv() != "":
		r.note("%s is not in a git repository although %s is set (aaiguard finds the repository from the path): scanned as plain files (no history, no ignore rules)", displayRoot(r.opts.Root), gitEnv())
	case t.Repo == nil:
		r.note("%s is not in a git repository: scanned as plain files (no history, no ignore rules)", displayRoot(r.opts.Root))
	}
	return nil
}

// provenClean returns the files the work-tree pass need not read (--cache):
// a tracked file git's stat data proves unchanged (worktree.Unchanged)
// holds its index entry's blob; when the history stage of this run proved
// that blob clean text, the secret engine finds nothing in the file
// either (a path only removes findings, detect), so it is not read, unless
// a later check needs its content or reads it differently than the
// history did: code files, hygiene's files, notebooks (decoded by name),
// files scanned in windows or over --max-file-size.
func (r *Run) provenClean(outside, allowed map[string]bool) []bool {
	if r.hist == nil || r.hist.clean == nil || r.tree.Repo == nil {
		return nil
	}
	blobs, why := r.tree.Unchanged()
	if why != "" {
		r.obs.Info("work tree: --cache: every file is read (" + why + ")")
		return nil
	}
	limit := r.maxSize()
	proven := make([]bool, len(r.tree.Files))
	for i, f := range r.tree.Files {
		blob := blobs[i]
		switch {
		case blob == nil, allowed[f.Path], outside[f.Path], coderules.Relevant(f.Path), hygiene.Reads(f.Path), strings.HasSuffix(f.Path, ".ipynb"),
			f.Size > detect.LargeText, limit >= 0 && f.Size > limit:
			continue
		}
		proven[i] = r.hist.clean(gitobj.Hash(*blob))
	}
	return proven
}

// noteAllowlisted says which files the user configuration's path
// allowlists keep out of the scan, and makes every checklist item unable to
// pass when they keep out all, or nearly all (90% of at least 10), of the
// files the default configuration would scan: a change that adds
// `paths = ['.*']` (or one pattern per directory) turns the gate off. It
// returns the allowlisted files (the default lockfiles' too), matched
// once: three passes of the path patterns over 38k paths cost 0.45 s.
func (r *Run) noteAllowlisted() (allowed map[string]bool) {
	allowed = map[string]bool{}
	byLine := map[string][]string{}
	var order []string
	total, hidden := 0, 0
	for _, f := range r.tree.Files {
		al := r.engine.PathAllowlist(f.Path)
		if al != nil {
			allowed[f.Path] = true
		}
		if al != nil && al.Source == rules.DefaultName {
			continue // lockfiles: not the user's doing
		}
		total++
		if al == nil {
			continue
		}
		hidden++
		at := fmt.Sprintf("%s:%d", al.Source, al.Line)
		if byLine[at] == nil {
			order = append(order, at)
		}
		byLine[at] = append(byLine[at], f.Path)
	}
	if hidden == 0 {
		return allowed
	}
	for _, at := range order {
		r.note("config: %s keeps %d file(s) out of the scan (allowlisted paths): %s", at, len(byLine[at]), listSome(byLine[at], 5))
	}
	if hidden == total || total >= 10 && hidden*10 >= total*9 {
		r.doubts(fmt.Sprintf("the configuration's path allowlists (%s) keep %d of the %d files out of the scan", strings.Join(order, ", "), hidden, total))
	}
	return allowed
}

// noteUnread names what the work-tree pass did not read whole (binary
// files, parts of archives, files over --max-file-size, files scanned in
// windows) and makes the checklist items their content bears on unable to
// pass: a key in a skipped file is still a key. Media files (images,
// audio, video, fonts, PDF: recognised by content) are named but cast no
// doubt.
func (r *Run) noteUnread(res *worktree.Result) {
	unread := map[string][]string{} // item -> "path (why)"
	doubt := func(what string, items ...string) {
		for _, id := range items {
			unread[id] = append(unread[id], what)
		}
	}
	var unknownBin, mediaBin []string
	for _, b := range res.BinaryFiles {
		if b.Media != "" {
			mediaBin = append(mediaBin, b.Path)
			continue
		}
		unknownBin = append(unknownBin, b.Path)
		doubt(b.Path+" (binary, not a known media type)", catalog.EnvKey)
	}
	if len(unknownBin) > 0 {
		r.note("work tree: %d binary file(s) not scanned for keys (not a known media type, so a key could be in them): %s", len(unknownBin), listSome(unknownBin, 10))
	}
	if len(mediaBin) > 0 {
		r.note("work tree: %d image, audio, video, font or PDF file(s) not scanned: %s", len(mediaBin), listSome(mediaBin, 10))
	}
	if res.Archives > 0 {
		r.note("work tree: %d archive(s) (zip, tar, gzip) scanned inside: %d text entries", res.Archives, res.ArchiveEntries)
	}
	if len(res.Unread) > 0 {
		var parts []string
		for _, u := range res.Unread {
			parts = append(parts, u.Path+" ("+u.Reason+")")
			doubt(u.Path+" ("+u.Reason+")", catalog.EnvKey)
		}
		r.note("work tree: %d part(s) of archives not read: %s", len(parts), listSome(parts, 10))
	}
	for _, sk := range res.TooLarge {
		doubt(fmt.Sprintf("%s (%s, over --max-file-size)", sk.Path, report.HumanBytes(sk.Size)), contentItems(sk.Path, true)...)
	}
	for _, lg := range res.Large {
		r.note("work tree: %s (%s) %s", lg.Path, report.HumanBytes(lg.Size), lg.Reason)
		doubt(fmt.Sprintf("%s (%s: only its secrets were scanned)", lg.Path, report.HumanBytes(lg.Size)), contentItems(lg.Path, false)...)
	}
	for id, what := range unread {
		r.doubts(fmt.Sprintf("%d file(s) or archive part(s) were not read whole: %s", len(what), listSome(what, 5)), id)
	}
}

// codeItems are judged by the code rules from code files' content.
var codeItems = []string{catalog.BrowserTokens, catalog.PIIRedaction, catalog.Retention, catalog.ContentSafety, catalog.WebhookAuth}

// contentItems are the checklist items whose evidence a file's content can
// hold: env-key for any file (with secrets: false when its secrets were
// scanned), the code rules' items for code, hygiene's for env, per-
// environment and CI files.
func contentItems(p string, secrets bool) []string {
	var items []string
	if secrets {
		items = append(items, catalog.EnvKey)
	}
	if coderules.Relevant(p) {
		items = append(items, codeItems...)
		if !secrets {
			items = append(items, catalog.EnvKey) // reading the key from the environment is code evidence
		}
	}
	if envfile.IsDotenv(p) {
		items = append(items, catalog.GitignoreEnv, catalog.SeparateKeys)
	}
	if envfile.Environment(p) != "" {
		items = append(items, catalog.SeparateKeys)
	}
	if hygiene.CISystem(p) != "" {
		items = append(items, catalog.CISecrets)
	}
	return slices.Compact(items)
}

// addCodeRules records what the code rules found in the work-tree pass
// (JS/TS, Python, notebooks, markup, env files): findings, evidence,
// usage, and notes on files that could not be parsed.
func addCodeRules(r *Run) error {
	tf := r.files
	if tf == nil {
		return nil
	}
	var syntaxErr, unchecked []string
	var checked []*coderules.Result
	for _, p := range tf.order {
		res := tf.code[p]
		if res == nil {
			continue // not read: binary, too large or unreadable (noted by the work tree pass)
		}
		if res.Unparsed != nil {
			if coderules.IsUnavailable(res.Unparsed) {
				unchecked = append(unchecked, p)
				continue
			}
			r.note("code rules: %s could not be parsed (%v); its code was not fully checked", p, res.Unparsed)
			r.doubts(fmt.Sprintf("the code rules could not parse %s (%v)", p, res.Unparsed), codeItems...)
		} else if res.SyntaxErrors > 0 {
			syntaxErr = append(syntaxErr, p)
		}
		for _, n := range res.Notes {
			r.note("code rules: %s: %s", p, n)
		}
		checked = append(checked, res)
		r.addEvidence(res.Evidence, res.Usage, nil)
		r.transcribes = append(r.transcribes, res.Transcribes...)
	}
	// What needs more than one file: one finding per browser-exposed key
	// variable, browser code fetching a route that returns the key.
	r.add(coderules.Merge(checked)...)
	if len(syntaxErr) > 0 {
		r.note("code rules: %d file(s) have syntax errors the parser recovered from; the rest of each was checked: %s", len(syntaxErr), listSome(syntaxErr, 5))
	}
	if len(unchecked) > 0 {
		codeRulesDidNotRun(r, unchecked)
	}
	return nil
}

// codeRulesDidNotRun records that a build without cgo could not run the
// code rules over files that need them: one error naming the files (the
// scan is incomplete, exit 2), and the checklist items those rules judge
// cannot pass.
func codeRulesDidNotRun(r *Run, files []string) {
	why := fmt.Sprintf("the code rules did not run: this aaiguard was built without cgo (CGO_ENABLED=0), so %d JavaScript/TypeScript/Python file(s) that mention AssemblyAI were not checked", len(files))
	r.fail(fmt.Errorf("%s (%s); build aaiguard with cgo and a C compiler for them", why, listSome(files, 5)))
	for _, rule := range coderules.Rules() {
		r.doubts(why, rule.Checklist)
	}
}

// runHygiene runs the repository hygiene checks (env files and .gitignore,
// keys shared between environments, CI secrets).
func runHygiene(r *Run) error {
	// Hygiene reads the few files it needs itself when the work-tree pass
	// did not keep them: never more than a window of ScanLarge.
	limit := r.maxSize()
	if limit < 0 || limit > detect.LargeText {
		limit = detect.LargeText
	}
	in := hygiene.Input{Tree: r.tree, Engine: r.engine, MaxFileSize: limit}
	if tf := r.files; tf != nil {
		in.Content = func(p string) ([]byte, bool) {
			b, ok := tf.content[p]
			return b, ok
		}
	}
	res := hygiene.Check(in)
	r.add(res.Findings...)
	r.addEvidence(res.Evidence, res.Usage, res.Unknown)
	for _, n := range res.Notes {
		r.note("%s", n)
	}
	for _, err := range res.Errors {
		r.fail(err)
	}
	return nil
}

// listSome lists at most n items, then how many more there are.
func listSome(items []string, n int) string {
	shown := items
	if len(shown) > n {
		shown = shown[:n]
	}
	s := strings.Join(shown, ", ")
	if len(items) > len(shown) {
		s += fmt.Sprintf(" and %d more", len(items)-len(shown))
	}
	return s
}

// sortedLocs orders locations by file and line.
func sortedLocs(locs []coderules.Loc) []coderules.Loc {
	out := slices.Clone(locs)
	slices.SortFunc(out, func(a, b coderules.Loc) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
	return out
}

// goOutsideModules returns the Go files (not tests) that no go.mod in the
// scanned tree or above it covers: the typed Go stage never sees them, so
// the syntactic Go rules judge them. Directories the go command skips
// (testdata, vendor, _x, .x) are skipped here too.
func goOutsideModules(r *Run) map[string]bool {
	mods := map[string]bool{}
	for _, f := range r.tree.Files {
		if path.Base(f.Path) == "go.mod" {
			mods[path.Dir(f.Path)] = true
		}
	}
	if len(mods) == 0 && goanalysis.InsideModule(r.tree.Root) {
		return nil
	}
	out := map[string]bool{}
	for _, f := range r.tree.Files {
		if !coderules.IsGoFile(f.Path) || goanalysis.SkippedDir(path.Dir(f.Path)) {
			continue
		}
		covered := false
		for d := path.Dir(f.Path); ; d = path.Dir(d) {
			if mods[d] {
				covered = true
				break
			}
			if d == "." || d == "/" {
				break
			}
		}
		if !covered {
			out[f.Path] = true
		}
	}
	return out
}
