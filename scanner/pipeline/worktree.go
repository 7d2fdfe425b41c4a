package pipeline

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/aaiguard/aaiguard/internal/regularfile"
	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/check/coderules"
	"github.com/aaiguard/aaiguard/scanner/check/hygiene"
	"github.com/aaiguard/aaiguard/scanner/finding"
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
	// Go files no go.mod covers are never seen by the typed Go stage: the
	// syntactic Go rules judge them.
	outside := goOutsideModules(r)
	var paths, goFiles []string
	byPath := map[string]string{}
	for _, f := range t.Files {
		paths = append(paths, f.Path)
		byPath[f.Path] = f.Abs
		if r.engine.PathAllowed(f.Path) {
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
	checker := &coderules.Checker{Project: project}
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
	res := worktree.Scan(t, r.engine, worktree.ScanOptions{MaxFileSize: r.maxSize(), Visit: visit})
	r.obs.Progress("work tree", total, total, "files")
	for i := range res.Findings {
		res.Findings[i].Source = finding.SourceWorktree
	}
	r.add(res.Findings...)
	r.counted(res.Files, res.Bytes, res.Binary, res.TooLarge, "")
	for _, err := range res.Errors {
		r.fail(err)
	}
	switch {
	case r.repo != nil && r.repo.Bare:
		r.note("%s is a bare repository: there is no work tree to scan (its history is what check reads)", displayRoot(r.opts.Root))
		r.unknown[catalog.GitignoreEnv] = "a bare repository: no work tree, so no env file to keep out of commits (check the repository's clones)"
	case t.Repo == nil:
		r.note("%s is not in a git repository: scanned as plain files (no history, no ignore rules)", displayRoot(r.opts.Root))
	}
	return nil
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
	if r.incomplete == nil {
		r.incomplete = map[string]string{}
	}
	for _, rule := range coderules.Rules() {
		r.incomplete[rule.Checklist] = why
	}
}

// runHygiene runs the repository hygiene checks (env files and .gitignore,
// keys shared between environments, CI secrets).
func runHygiene(r *Run) error {
	in := hygiene.Input{Tree: r.tree, Engine: r.engine, MaxFileSize: r.maxSize()}
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
	if len(mods) == 0 && insideModule(r.tree.Root) {
		return nil
	}
	out := map[string]bool{}
	for _, f := range r.tree.Files {
		if !coderules.IsGoFile(f.Path) || skippedGoDir(path.Dir(f.Path)) {
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
