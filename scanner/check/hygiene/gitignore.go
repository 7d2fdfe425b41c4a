package hygiene

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/detect"
	"github.com/aaiguard/aaiguard/scanner/format/envfile"
	"github.com/aaiguard/aaiguard/scanner/source/worktree"
)

// GitignoreEnv checks that env files stay out of git:
//
//   - a tracked env file (.env, .env.production, .env.local…) is a
//     failure, wherever .gitignore says: git keeps tracking a file added
//     before the rule. A template (.env.example, .sample, .template, .dist)
//     is meant to be committed and passes while its values are
//     placeholders; a template holding a real-looking key or credential
//     fails like an env file;
//   - an env file in the work tree that git does not ignore (on this
//     machine, with every ignore source git uses) fails too: `git add .`
//     would commit it;
//   - the scanned root's committed .gitignore files must cover .env,
//     .env.local and .env.*.local even when no env file exists yet (a
//     warning: nothing has leaked, but the next developer's .env would).
//
// Outside a git repository there is nothing to judge.
func GitignoreEnv(in Input, r *Result) {
	t := in.Tree
	if t.Repo == nil {
		r.Unknown[catalog.GitignoreEnv] = "not a git repository: nothing decides which files get committed"
		return
	}
	// Findings point at the repository root's .gitignore, where one line
	// covers env files at every depth, also when a subdirectory was scanned
	// (paths are relative to the scanned root: "../.gitignore" from src/;
	// SARIF, relative to the repository's top, says ".gitignore").
	gi, fix := rootGitignore(t)
	bad := 0
	for _, f := range t.Files {
		if !envfile.IsDotenv(f.Path) || in.allowed(f.Path) {
			continue
		}
		content := in.read(f, r)
		vars := envfile.Parse(content)
		recordUsage(r, f.Path, vars)
		if envfile.IsTemplate(f.Path) {
			if line, why := realValue(in, f.Path, content, vars); line >= 0 {
				state := "committed"
				if !f.Tracked {
					state = "about to be committed (not ignored)"
				}
				fd := newFinding(RuleEnvFileTracked, f.Path, line,
					fmt.Sprintf("env template %s is %s and holds %s: templates must hold placeholders only; replace the value and rotate the key", f.Path, state, why))
				mark(&fd, f.Path+"\x00template")
				r.Findings = append(r.Findings, fd)
				bad++
				continue
			}
			r.evidence(catalog.GitignoreEnv, f.Path, 0, "template with placeholder values only")
			continue
		}
		if f.Tracked {
			msg := fmt.Sprintf("%s is committed to git: env files hold secrets; untrack it (git rm --cached %s), add it to .gitignore and rotate any key it held", f.Path, f.Path)
			if t.IsIgnored(f.RepoRel, false) {
				msg = fmt.Sprintf("%s is committed to git although .gitignore ignores it (ignore rules do not untrack files): git rm --cached %s, then rotate any key it held", f.Path, f.Path)
			}
			fd := newFinding(RuleEnvFileTracked, f.Path, 0, msg)
			mark(&fd, f.Path)
			r.Findings = append(r.Findings, fd)
			bad++
			continue
		}
		fd := newFinding(RuleEnvFileNotIgnored, gi, 0,
			fmt.Sprintf("%s is not ignored: `git add .` would commit it; add it to %s (%s)", f.Path, gi, fix))
		mark(&fd, f.Path)
		r.Findings = append(r.Findings, fd)
		bad++
	}
	// Env files deleted from the work tree without git rm are still in the
	// index, and in the next commit.
	for _, p := range deletedTracked(t, r) {
		if in.allowed(p) || envfile.IsTemplate(p) {
			continue
		}
		msg := fmt.Sprintf("%s is deleted from the work tree but still committed (it is in the index): run git rm --cached %s, and rotate any key it held", p, p)
		// The walk does not list symbolic links: one is not "deleted".
		if target, err := os.Readlink(filepath.Join(t.Root, filepath.FromSlash(p))); err == nil {
			msg = fmt.Sprintf("%s is committed as a symbolic link (to %s): git holds the link, not its target's content; untrack it (git rm --cached %s), ignore it, and keep the env file it points to out of the repository", p, target, p)
		}
		fd := newFinding(RuleEnvFileTracked, p, 0, msg)
		mark(&fd, p)
		r.Findings = append(r.Findings, fd)
		bad++
	}
	ignored := 0
	for _, f := range t.Ignored {
		if !envfile.IsDotenv(f.Path) || in.allowed(f.Path) {
			continue
		}
		ignored++
		if envfile.IsTemplate(f.Path) {
			continue
		}
		vars := envfile.Parse(in.read(f, r))
		recordUsage(r, f.Path, vars)
		for _, v := range vars {
			if envfile.IsKeyName(v.Name) && !envfile.IsPlaceholder(v.Value) {
				r.evidence(catalog.EnvKey, f.Path, v.Line, "%s kept in an env file that git ignores", v.Name)
			}
		}
	}
	// The committed rules at the scanned root.
	rules := newCommittedRules(t.RepoRoot, t.Root)
	base := rootRel(t)
	missing := rules.Missing(base)
	r.Errors = append(r.Errors, rules.errs...)
	if len(missing) > 0 {
		msg := fmt.Sprintf("%s does not ignore %s: the next env file created here would be committed; run %s", gi, strings.Join(missing, ", "), fix)
		if !rules.anyFile(base) {
			msg = fmt.Sprintf("%s is missing: %s are not ignored; run %s", gi, strings.Join(missing, ", "), fix)
		}
		if !in.allowed(gi) {
			fd := newFinding(RuleGitignorePatterns, gi, 0, msg)
			mark(&fd, strings.Join(missing, "\x00"))
			r.Findings = append(r.Findings, fd)
		}
		return
	}
	for _, p := range RequiredPatterns {
		name := probes[p][0]
		if _, sp := rules.match(path.Join(base, name), false); sp != nil {
			r.evidence(catalog.GitignoreEnv, sp.file, sp.line, "%s ignored by %q", p, sp.text)
		}
	}
	if bad == 0 {
		if ignored > 0 {
			r.evidence(catalog.GitignoreEnv, gi, 0, "%d env file(s) present, all ignored and untracked", ignored)
		} else {
			r.evidence(catalog.GitignoreEnv, gi, 0, "no env file is tracked")
		}
	}
}

// rootGitignore is the repository root's .gitignore as a path from the
// scanned root, and the command that adds the missing patterns to it.
func rootGitignore(t *worktree.Tree) (file, fix string) {
	rel := rootRel(t)
	if rel == "" {
		return ".gitignore", "aaiguard fix gitignore"
	}
	up := strings.TrimSuffix(strings.Repeat("../", strings.Count(rel, "/")+1), "/")
	return up + "/.gitignore", "aaiguard fix gitignore " + up
}

// deletedTracked lists the env files in the index, under the scanned root,
// that are missing from the work tree (paths relative to the scanned root).
func deletedTracked(t *worktree.Tree, r *Result) []string {
	present := make(map[string]bool, len(t.Files))
	for _, f := range t.Files {
		present[f.RepoRel] = true
	}
	prefix := rootRel(t)
	if prefix != "" {
		prefix += "/"
	}
	var out []string
	for _, name := range t.TrackedPaths() {
		if !envfile.IsDotenv(name) || present[name] || !strings.HasPrefix(name, prefix) {
			continue
		}
		out = append(out, strings.TrimPrefix(name, prefix))
	}
	return out
}

// recordUsage notes AssemblyAI key variables in an env file.
func recordUsage(r *Result, p string, vars []envfile.Var) {
	for _, v := range vars {
		if envfile.IsKeyName(v.Name) {
			r.usage(p, v.Line, "%s set in an env file", v.Name)
		}
	}
}

// realValue finds a value in an env template that is not a placeholder: a
// key the detection engine recognises, an AssemblyAI key variable with a
// non-placeholder value, or another credential variable whose value looks
// random. It returns the line (0 when unknown) and a description without
// the value, or -1.
func realValue(in Input, p string, content []byte, vars []envfile.Var) (int, string) {
	if ks := in.keys(p, content); len(ks) > 0 {
		return ks[0].Line, "an AssemblyAI key"
	}
	lines := strings.Split(string(content), "\n")
	for _, v := range vars {
		if v.Line <= len(lines) && strings.Contains(lines[v.Line-1], detect.AllowMarker) {
			continue
		}
		switch {
		case envfile.IsKeyName(v.Name) && !envfile.IsPlaceholder(v.Value):
			return v.Line, "a value for " + v.Name
		case envfile.IsSecretName(v.Name) && looksRandom(v.Value):
			return v.Line, "a credential-like value for " + v.Name
		}
	}
	return -1, ""
}

// looksRandom reports whether a value looks like a generated credential:
// long, no spaces, not a placeholder, and high in entropy.
func looksRandom(v string) bool {
	if len(v) < 16 || strings.ContainsAny(v, " \t") || envfile.IsPlaceholder(v) {
		return false
	}
	if strings.Contains(v, "://") && !strings.Contains(v, "@") {
		return false // a URL without credentials
	}
	return detect.Entropy([]byte(v)) >= 3.5
}
