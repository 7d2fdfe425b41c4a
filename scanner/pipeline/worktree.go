package pipeline

import (
	"fmt"
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
	var paths []string
	byPath := map[string]string{}
	for _, f := range t.Files {
		paths = append(paths, f.Path)
		byPath[f.Path] = f.Abs
		if coderules.Relevant(f.Path) && !r.engine.PathAllowed(f.Path) {
			tf.order = append(tf.order, f.Path)
		}
	}
	// Cross-file facts (package.json, framework configs) are read on
	// demand by the project, bounded.
	project := coderules.NewProject(paths, func(p string) ([]byte, error) { return regularfile.Read(byPath[p], false, 1<<20) })
	checker := &coderules.Checker{Project: project}
	total := int64(len(t.Files))
	var done int64
	visit := func(f worktree.File, data []byte) {
		var res *coderules.Result
		if coderules.Relevant(f.Path) {
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
		r.add(res.Findings...)
		r.addEvidence(res.Evidence, res.Usage, nil)
		r.transcribes = append(r.transcribes, res.Transcribes...)
	}
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
