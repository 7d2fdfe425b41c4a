package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aaiguard/aaiguard/analyzers/suite"
	"github.com/aaiguard/aaiguard/rules"
	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/check/coderules"
	"github.com/aaiguard/aaiguard/scanner/check/hygiene"
	"github.com/aaiguard/aaiguard/scanner/detect"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/git/gitrepo"
	"github.com/aaiguard/aaiguard/scanner/post/baseline"
	"github.com/aaiguard/aaiguard/scanner/report"
	"github.com/aaiguard/aaiguard/scanner/source/worktree"
)

// newRun resolves the root, lists the tree (staged only locates the
// repository: it reads the index, and listing 10k files would cost more
// than its whole scan), loads the configuration and the baseline.
func (o Options) newRun(ctx context.Context, command Command) (*Run, error) {
	root := o.Root
	if root == "" {
		root = "."
	}
	o.Root = root
	// The repository is opened once, for every stage of the run.
	repo, err := gitrepo.Open(root)
	if errors.Is(err, gitrepo.ErrNotRepository) {
		repo, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	tree, err := listTree(command, root, repo)
	if err != nil {
		if repo != nil {
			repo.Close()
		}
		return nil, err
	}
	cfg, cfgNotes, err := o.loadConfig(tree, repo)
	if err == nil {
		err = cfg.CheckDisabled(isCodeRule)
	}
	if err != nil {
		if repo != nil {
			repo.Close()
		}
		return nil, err
	}
	obs := o.Observer
	if obs == nil {
		obs = silent{}
	}
	r := &Run{
		ctx: ctx, opts: o, obs: obs, command: command, repo: repo, tree: tree, cfg: cfg,
		engine: detect.NewWithOptions(cfg, detect.Options{RepoBudget: o.RepoBudget}),
		rep: &report.Report{
			Tool:     report.Tool{Name: "aaiguard", Version: o.Version},
			Findings: []finding.Finding{},
			Summary:  &report.Summary{Command: string(command)},
		},
		evidence: map[string][]string{},
		unknown:  map[string]string{},
		doubt:    map[string][]string{},
	}
	for _, n := range cfgNotes {
		r.note("%s", n)
	}
	r.applyWeakenings()
	if o.Baseline != "" {
		if r.baseline, err = baseline.Load(o.Baseline); err != nil {
			r.close()
			return nil, err
		}
	}
	return r, nil
}

// listTree lists the scanned root: the work tree for the commands that
// read it; for history and staged (which read the object store and the
// index) only where the root is, since listing 10k files would cost more
// than a staged scan. A bare repository has no work tree at all.
func listTree(command Command, root string, repo *gitrepo.Repo) (*worktree.Tree, error) {
	if command == CommandScan || command == CommandCheck {
		if repo == nil || !repo.Bare {
			return worktree.ListIn(root, repo)
		}
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", root, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("%s: no such directory", root)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", root)
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r
	}
	t := &worktree.Tree{Root: abs}
	if repo != nil && repo.WorkTree != "" {
		t.RepoRoot = repo.WorkTree
		if r, err := filepath.EvalSymlinks(t.RepoRoot); err == nil {
			t.RepoRoot = r
		}
	}
	return t, nil
}

// Rules describes the rules of a run for the report writers (SARIF lists
// them in tool.driver.rules) and `aaiguard rules`: the catalogue in effect
// (the default one when cfg is nil), then the rules implemented in code.
func Rules(cfg *rules.Config) []catalog.Rule {
	if cfg == nil {
		var err error
		if cfg, err = rules.Default(); err != nil {
			cfg = nil // the embedded catalogue is tested; the code rules still count
		}
	}
	var out []catalog.Rule
	if cfg != nil {
		for _, r := range cfg.Rules {
			out = append(out, r.Info())
		}
	}
	return append(out, codeRules()...)
}

// codeRules lists the rules implemented in code (Go analyzers, code rules,
// hygiene checks) rather than in the TOML catalogue.
func codeRules() []catalog.Rule {
	return slices.Concat(suite.Rules(), coderules.Rules(), hygiene.Rules())
}

// isCodeRule reports whether id names a code-implemented rule.
func isCodeRule(id string) bool {
	_, ok := catalog.Lookup(codeRules(), id)
	return ok
}

// LoadConfig loads the configuration a run over root would use (`aaiguard
// rules PATH`).
func (o Options) LoadConfig() (*rules.Config, error) {
	root := o.Root
	if root == "" {
		root = "."
	}
	tree, err := worktree.List(root)
	if err != nil {
		return nil, err
	}
	var repo *gitrepo.Repo
	if o.ConfigFrom != "" {
		if repo, err = gitrepo.Open(root); err != nil && !errors.Is(err, gitrepo.ErrNotRepository) {
			return nil, err
		}
		if repo != nil {
			defer repo.Close()
		}
	}
	cfg, _, err := o.loadConfig(tree, repo)
	return cfg, err
}

func evalOr(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}

// repoPath is root's slash-separated path below repoRoot; "" when root is
// the repository's top, or not inside a repository.
func repoPath(repoRoot, root string) string {
	if repoRoot == "" || root == "" {
		return ""
	}
	rel, err := filepath.Rel(repoRoot, root)
	if err != nil || rel == "." || rel == ".." || filepath.IsAbs(rel) || len(rel) > 2 && rel[:3] == ".."+string(filepath.Separator) {
		return ""
	}
	return filepath.ToSlash(rel)
}

// displayRoot names the scanned root in messages.
func displayRoot(root string) string {
	if root == "" || root == "." {
		return "the current directory"
	}
	return strings.TrimSuffix(root, "/")
}
