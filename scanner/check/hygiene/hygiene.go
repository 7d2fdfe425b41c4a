// Package hygiene checks how a repository keeps its AssemblyAI keys,
// rather than its code: whether env files are ignored and untracked
// (gitignore-env), whether environments share a key (separate-keys), and
// whether CI configuration takes the key from the platform's secret store
// (ci-secrets). Each check returns findings, the positive evidence that
// lets its checklist item pass, and, when there is nothing to judge, why.
//
// Checks never print a key: shared keys are compared by hash
// (finding.SecretHash) and reported by file and line only.
package hygiene

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aaiguard/aaiguard/internal/regularfile"
	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/check/vendored"
	"github.com/aaiguard/aaiguard/scanner/detect"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/format/envfile"
	"github.com/aaiguard/aaiguard/scanner/source/worktree"
)

// Rule IDs of the hygiene checks.
const (
	RuleEnvFileTracked    = "env-file-tracked"
	RuleEnvFileNotIgnored = "env-file-not-ignored"
	RuleGitignorePatterns = "gitignore-env-patterns"
	RuleSharedKey         = "env-key-shared"
	RuleCIKeyLiteral      = "ci-key-literal"
	RuleCIEnvLiteral      = "ci-env-literal"
	RuleCIEnvFileCopy     = "ci-env-file-copy"
	RuleCIPublicKey       = "ci-public-key-var"
)

// Rules lists the hygiene rules.
func Rules() []catalog.Rule {
	return []catalog.Rule{
		hygieneRule(RuleEnvFileTracked, catalog.GitignoreEnv, catalog.High, "env file (.env, .env.production…) committed to git, or a committed template holding real values"),
		hygieneRule(RuleEnvFileNotIgnored, catalog.GitignoreEnv, catalog.High, "env file present but not ignored: `git add .` would commit it"),
		hygieneRule(RuleGitignorePatterns, catalog.GitignoreEnv, catalog.Medium, ".gitignore does not ignore .env, .env.local and .env.*.local"),
		hygieneRule(RuleSharedKey, catalog.SeparateKeys, catalog.High, "the same AssemblyAI key in the env or config files of two environments"),
		hygieneRule(RuleCIKeyLiteral, catalog.CISecrets, catalog.High, "AssemblyAI key written literally in a CI configuration"),
		hygieneRule(RuleCIEnvLiteral, catalog.CISecrets, catalog.Medium, "AssemblyAI key variable given a literal value or a plain (non-secret) CI variable"),
		hygieneRule(RuleCIEnvFileCopy, catalog.CISecrets, catalog.High, "CI step uses a committed env file (cp .env.production .env, --env-file)"),
		hygieneRule(RuleCIPublicKey, catalog.BrowserTokens, catalog.High, "CI sets an AssemblyAI key in a public build variable (VITE_, NEXT_PUBLIC_…): the key is bundled into browser code"),
	}
}

func hygieneRule(id, item string, sev catalog.Severity, desc string) catalog.Rule {
	return catalog.Rule{ID: id, Checklist: item, Severity: sev, Description: desc, Source: catalog.Hygiene}
}

func ruleInfo(id string) catalog.Rule {
	if r, ok := catalog.Lookup(Rules(), id); ok {
		return r
	}
	panic("hygiene: unknown rule " + id)
}

// newFinding starts a finding of rule id with its catalogue checklist item
// and severity.
func newFinding(id, file string, line int, msg string) finding.Finding {
	r := ruleInfo(id)
	return finding.Finding{
		Rule: r.ID, Checklist: r.Checklist, Severity: r.Severity,
		Message: msg, File: file, Line: line, Source: finding.SourceHygiene,
	}
}

// mark sets the content fingerprint of a finding that holds no secret
// (a file that should not be committed, a missing pattern): the report
// then shows no "secret" line for it.
func mark(f *finding.Finding, evidence string) {
	f.Fingerprint = finding.Fingerprint(f.Rule, f.File, evidence)
}

// Input is what the checks look at.
type Input struct {
	Tree   *worktree.Tree
	Engine *detect.Engine
	// MaxFileSize skips larger files (0: worktree.DefaultMaxFileSize;
	// negative: no limit).
	MaxFileSize int64
	// Content, when set, gives the content of a file already read (by the
	// work-tree scan): files it does not hold are read here.
	Content func(path string) ([]byte, bool)
}

// Reads reports whether the checks read the file at path (env files,
// environment config files, CI configurations), so that a caller reading
// the tree anyway can hand them the content.
func Reads(path string) bool {
	return envfile.IsDotenv(path) || envfile.Environment(path) != "" || CISystem(path) != ""
}

// Result is what the checks found.
type Result struct {
	Findings []finding.Finding
	// Evidence is positive evidence by checklist id, "path:line: what".
	Evidence map[string][]string
	// Usage lists where AssemblyAI is used, "path:line: what".
	Usage []string
	// Unknown says, by checklist id, why an item has nothing to judge.
	Unknown map[string]string
	Notes   []string
	Errors  []error
}

func newResult() *Result {
	return &Result{Evidence: map[string][]string{}, Unknown: map[string]string{}}
}

func (r *Result) evidence(id, file string, line int, format string, a ...any) {
	r.Evidence[id] = append(r.Evidence[id], fmt.Sprintf("%s:%d: %s", file, line, fmt.Sprintf(format, a...)))
}

func (r *Result) usage(file string, line int, format string, a ...any) {
	s := fmt.Sprintf("%s:%d: %s", file, line, fmt.Sprintf(format, a...))
	if !slices.Contains(r.Usage, s) {
		r.Usage = append(r.Usage, s)
	}
}

// Check runs every hygiene check.
func Check(in Input) *Result {
	r := newResult()
	GitignoreEnv(in, r)
	SeparateKeys(in, r)
	CISecrets(in, r)
	slices.SortStableFunc(r.Findings, func(a, b finding.Finding) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return strings.Compare(a.Rule, b.Rule)
	})
	return r
}

// allowed reports whether p is left out of every hygiene check: the
// configuration's global path allowlists exclude it, or it is vendored or
// dependency code (scanner/check/vendored: an env file inside node_modules
// is a package's, not the repository's configuration).
func (in Input) allowed(p string) bool {
	return vendored.Has(p) || in.Engine != nil && in.Engine.PathAllowed(p)
}

// read returns a file's content, or nil with a note when it is too large
// or binary, or with an error when it cannot be read.
func (in Input) read(f worktree.File, r *Result) []byte {
	if in.Content != nil {
		if b, ok := in.Content(f.Path); ok {
			return b
		}
	}
	limit := in.MaxFileSize
	if limit == 0 {
		limit = worktree.DefaultMaxFileSize
	}
	if limit > 0 && f.Size > limit {
		r.Notes = append(r.Notes, fmt.Sprintf("hygiene: %s skipped: larger than %d bytes", f.Path, limit))
		return nil
	}
	b, err := regularfile.Read(f.Abs, false, limit)
	if err != nil {
		r.Errors = append(r.Errors, fmt.Errorf("hygiene: %s: %w", f.Path, unwrap(err)))
		return nil
	}
	if detect.IsBinary(b) {
		return nil
	}
	return b
}

func unwrap(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// keys returns the AssemblyAI keys the engine finds in content (findings of
// the env-key item), without their paths being filtered: the caller has
// already applied the global allowlists.
func (in Input) keys(p string, content []byte) []finding.Finding {
	if in.Engine == nil {
		return nil
	}
	var out []finding.Finding
	for _, f := range in.Engine.Scan(detect.Item{Path: p, Content: content}) {
		if f.Checklist == catalog.EnvKey && !f.Secret.IsZero() {
			out = append(out, f)
		}
	}
	return out
}

// rootRel returns the scanned root relative to the repository root ("" at
// the root), slash-separated.
func rootRel(t *worktree.Tree) string {
	if t.RepoRoot == "" {
		return ""
	}
	rel, err := filepath.Rel(t.RepoRoot, t.Root)
	if err != nil || rel == "." {
		return ""
	}
	return filepath.ToSlash(rel)
}

// repoRel returns the repository-relative path of a path relative to the
// scanned root.
func repoRel(t *worktree.Tree, p string) string {
	if base := rootRel(t); base != "" {
		return base + "/" + p
	}
	return p
}
