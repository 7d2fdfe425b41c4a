package hygiene

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/detect"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/format/envfile"
)

// CISystem names the CI system a file configures, or "" when it is not a
// CI configuration. Paths are relative to the scanned root.
func CISystem(p string) string {
	b := path.Base(p)
	lb := strings.ToLower(b)
	ext := path.Ext(b)
	yml := ext == ".yml" || ext == ".yaml"
	dir := path.Dir(p)
	switch {
	case yml && (dir == ".github/workflows" || strings.HasPrefix(dir, ".github/workflows/")):
		return "GitHub Actions"
	case b == ".gitlab-ci.yml" || yml && strings.HasSuffix(strings.TrimSuffix(b, ext), ".gitlab-ci") || yml && strings.HasPrefix(dir, ".gitlab/ci"):
		return "GitLab CI"
	case yml && dir == ".circleci" && strings.TrimSuffix(b, ext) == "config":
		return "CircleCI"
	case b == "bitbucket-pipelines.yml":
		return "Bitbucket Pipelines"
	case yml && (strings.HasPrefix(b, "azure-pipelines") || strings.HasPrefix(dir, ".azure-pipelines") || strings.HasPrefix(dir, ".azuredevops")):
		return "Azure Pipelines"
	case lb == "jenkinsfile" || strings.HasPrefix(lb, "jenkinsfile.") || strings.HasSuffix(lb, ".jenkinsfile"):
		return "Jenkins"
	case b == ".travis.yml":
		return "Travis CI"
	}
	return ""
}

// refKind classifies the value given to a key variable.
type refKind int

const (
	kindEmpty    refKind = iota
	kindLiteral          // a value written in the file
	kindSecret           // the platform's secret store: ${{ secrets.X }}
	kindVariable         // a CI/CD variable defined outside the file: $X, ${X}, $(X)
	kindVault            // a vault or credentials store: vault:, credentials('id'), op://
	kindPlain            // a plain configuration variable: ${{ vars.X }} (stored unencrypted, shown in logs)
)

var (
	ghSecretRE = regexp.MustCompile(`\$\{\{\s*secrets\.([A-Za-z0-9_\-]+)\s*\}\}|\$\{\{[^}]*\bsecrets\.([A-Za-z0-9_\-]+)`)
	ghVarsRE   = regexp.MustCompile(`\$\{\{[^}]*\bvars\.([A-Za-z0-9_\-]+)`)
	ghExprRE   = regexp.MustCompile(`\$\{\{[^}]*\}\}`)
	wholeRefRE = regexp.MustCompile(`^(\$\{\{[^}]*\}\}|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\$\([A-Za-z_][A-Za-z0-9_.]*\)|\$\[\s*variables\.[A-Za-z0-9_.]+\s*\])$`)
	// $X, ${X}, ${X:-…}, $(X) (Azure macro), $[variables.X], %X%, $env:X.
	shellVarRE = regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)|\$\(([A-Za-z_][A-Za-z0-9_.]*)\)|\$\[\s*variables\.([A-Za-z0-9_.]+)\s*\]|%([A-Za-z_][A-Za-z0-9_]*)%|\$env:([A-Za-z_][A-Za-z0-9_]*)`)
	vaultRE    = regexp.MustCompile(`(?i)(^vault:|\bvault\b.*\bpath\b|^op://|\{\{\s*resolve:(secretsmanager|ssm-secure)|arn:aws:secretsmanager|\bcredentials\s*\(|azure_key_vault|gcp_secret_manager|akeyless:|doppler)`)
)

// classify says where a value comes from and the name it references.
func classify(v string) (refKind, string) {
	v = strings.TrimSpace(v)
	switch {
	case v == "" || v == `""` || v == "''":
		return kindEmpty, ""
	case ghSecretRE.MatchString(v):
		m := ghSecretRE.FindStringSubmatch(v)
		return kindSecret, firstNonEmpty(m[1:]...)
	case ghVarsRE.MatchString(v):
		return kindPlain, ghVarsRE.FindStringSubmatch(v)[1]
	case ghExprRE.MatchString(v):
		// env.X, steps.vault.outputs.key, needs.…: defined elsewhere.
		return kindVariable, strings.TrimSpace(strings.Trim(ghExprRE.FindString(v), "${}"))
	case vaultRE.MatchString(v):
		return kindVault, v
	case shellVarRE.MatchString(v):
		m := shellVarRE.FindStringSubmatch(v)
		return kindVariable, firstNonEmpty(m[1:]...)
	}
	return kindLiteral, ""
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// ciFile is one CI configuration being checked.
type ciFile struct {
	in      Input
	r       *Result
	path    string
	system  string
	lines   []string
	keyLine map[int]bool // lines where the engine found a key
	evLine  map[int]bool // lines with evidence already
	refs    int          // key references through a secret store
	uses    int          // mentions of an AssemblyAI key variable
}

// CISecrets checks CI configurations (GitHub Actions, GitLab CI, CircleCI,
// Bitbucket Pipelines, Azure Pipelines, Jenkins, Travis CI) for AssemblyAI
// keys that do not come from the platform's secret store: a key literal
// anywhere in the file, a literal value for an AssemblyAI key variable
// (env:, variables:, environment:, NAME=value in scripts), a plain
// configuration variable (${{ vars.X }}), and steps that put a committed
// env file in place (cp .env.production .env, --env-file .env.production).
// References to the secret store (${{ secrets.X }}), CI/CD variables ($X)
// and vaults are the positive evidence.
//
// YAML files are parsed with a YAML parser; a file that does not parse is
// checked line by line, with a note.
func CISecrets(in Input, r *Result) {
	var systems []string
	found, refs, uses := 0, 0, 0
	for _, f := range in.Tree.Files {
		sys := CISystem(f.Path)
		if sys == "" || in.allowed(f.Path) {
			continue
		}
		content := in.read(f, r)
		if content == nil {
			continue
		}
		found++
		if !contains(systems, sys) {
			systems = append(systems, sys)
		}
		c := checkCIFile(in, r, f.Path, sys, content)
		refs += c.refs
		uses += c.uses
	}
	switch {
	case found == 0:
		r.Unknown[catalog.CISecrets] = "no CI configuration found (GitHub Actions, GitLab CI, CircleCI, Bitbucket Pipelines, Azure Pipelines, Jenkins, Travis CI)"
	case refs == 0 && uses == 0:
		r.Unknown[catalog.CISecrets] = fmt.Sprintf("the CI configuration (%s) does not use an AssemblyAI key", strings.Join(systems, ", "))
	case refs == 0:
		r.Unknown[catalog.CISecrets] = fmt.Sprintf("the CI configuration (%s) takes no AssemblyAI key from a secret store", strings.Join(systems, ", "))
	}
}

// checkCIFile checks one CI configuration.
func checkCIFile(in Input, r *Result, p, sys string, content []byte) *ciFile {
	c := &ciFile{in: in, r: r, path: p, system: sys, lines: strings.Split(string(content), "\n"), keyLine: map[int]bool{}, evLine: map[int]bool{}}
	for _, k := range in.keys(p, content) {
		fd := newFinding(RuleCIKeyLiteral, p, k.Line,
			fmt.Sprintf("AssemblyAI key written literally in %s configuration: store it in the platform's secret store and reference it (e.g. ${{ secrets.ASSEMBLYAI_API_KEY }}); rotate this key", sys))
		fd.Column, fd.EndLine, fd.EndColumn = k.Column, k.EndLine, k.EndColumn
		fd.SetEvidence(k.Secret.Reveal())
		r.Findings = append(r.Findings, fd)
		c.keyLine[k.Line] = true
	}
	if sys == "Jenkins" {
		c.text(1, len(c.lines), true)
	} else {
		c.yaml(content)
	}
	return c
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// yaml walks every document of a YAML CI file.
func (c *ciFile) yaml(content []byte) {
	dec := yaml.NewDecoder(bytes.NewReader(content))
	var docs []*yaml.Node
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			c.r.Notes = append(c.r.Notes, fmt.Sprintf("%s: %s; checked line by line instead", c.path, strings.TrimPrefix(err.Error(), "yaml: ")))
			c.text(1, len(c.lines), false)
			return
		}
		docs = append(docs, &n)
	}
	for _, d := range docs {
		c.walk(d)
	}
}

func (c *ciFile) walk(n *yaml.Node) {
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		for _, ch := range n.Content {
			if n.Kind == yaml.SequenceNode && ch.Kind == yaml.MappingNode {
				// Azure Pipelines and others: - name: X / value: Y.
				if name, val := mapValue(ch, "name"), mapValue(ch, "value"); name != nil && val != nil && name.Kind == yaml.ScalarNode && val.Kind == yaml.ScalarNode {
					c.assign(name.Value, val.Value, val.Line)
				}
			}
			c.walk(ch)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind == yaml.ScalarNode {
				switch v.Kind {
				case yaml.ScalarNode:
					if v.Tag != "!!null" || v.Value != "" {
						c.assign(k.Value, v.Value, v.Line)
					}
				case yaml.MappingNode:
					if envfile.IsKeyName(k.Value) {
						c.keyMapping(k, v)
					}
				}
			}
			c.walk(v)
		}
	case yaml.ScalarNode:
		c.script(n)
	}
}

// keyMapping handles a key variable whose value is a mapping: GitLab's
// variables (NAME: {value: …, description: …}) and secrets
// (NAME: {vault: …}).
func (c *ciFile) keyMapping(k, v *yaml.Node) {
	if val := mapValue(v, "value"); val != nil && val.Kind == yaml.ScalarNode {
		c.assign(k.Value, val.Value, val.Line)
		return
	}
	for _, store := range []string{"vault", "azure_key_vault", "gcp_secret_manager", "akeyless"} {
		if mapValue(v, store) != nil {
			c.uses++
			c.refs++
			c.r.usage(c.path, k.Line, "%s in %s configuration", k.Value, c.system)
			c.r.evidence(catalog.CISecrets, c.path, k.Line, "%s from %s (%s)", k.Value, store, c.system)
			return
		}
	}
}

func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Kind == yaml.ScalarNode && m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// assign judges the value given to a variable or setting.
func (c *ciFile) assign(name, value string, line int) {
	kind, ref := classify(value)
	keyName := envfile.IsKeyName(name)
	// A setting with another name counts when its whole value references an
	// AssemblyAI key (api-key: ${{ secrets.ASSEMBLYAI_API_KEY }}); a script
	// that mentions one is judged line by line instead.
	if !keyName && !(ref != "" && envfile.IsKeyName(lastPart(ref)) && wholeRefRE.MatchString(strings.TrimSpace(value))) {
		return
	}
	label := name
	if !keyName {
		label = name + " (" + lastPart(ref) + ")"
	}
	c.uses++
	c.r.usage(c.path, line, "%s in %s configuration", label, c.system)
	if p := envfile.PublicPrefix(name); p != "" && keyName && kind != kindEmpty && !(kind == kindLiteral && envfile.IsPlaceholder(value)) {
		f := newFinding(RuleCIPublicKey, c.path, line,
			fmt.Sprintf("%s: the %s prefix makes the build embed the value in browser code, so the API key ships to every visitor; mint a temporary token on the server instead", name, p))
		mark(&f, name)
		c.report(f)
	}
	switch kind {
	case kindSecret:
		c.refs++
		c.r.evidence(catalog.CISecrets, c.path, line, "%s from the secret store (secrets.%s, %s)", name, ref, c.system)
		c.evLine[line] = true
	case kindVault:
		c.refs++
		c.r.evidence(catalog.CISecrets, c.path, line, "%s from a vault or credentials store (%s)", name, c.system)
		c.evLine[line] = true
	case kindVariable:
		c.refs++
		c.r.evidence(catalog.CISecrets, c.path, line, "%s from the CI/CD variable %s (%s)", name, ref, c.system)
		c.evLine[line] = true
	case kindPlain:
		f := newFinding(RuleCIEnvLiteral, c.path, line,
			fmt.Sprintf("%s comes from the plain configuration variable vars.%s, which %s stores unencrypted and does not mask in logs: make it a secret (secrets.%s)", name, ref, c.system, ref))
		mark(&f, name+"\x00vars."+ref)
		c.report(f)
	case kindLiteral:
		if c.keyLine[line] || !keyName {
			return // already reported as a key literal
		}
		if envfile.KeyShaped(value) {
			f := newFinding(RuleCIKeyLiteral, c.path, line,
				fmt.Sprintf("%s is given a literal key in %s configuration: store it in the platform's secret store and reference it; rotate this key", name, c.system))
			f.SetEvidence(value)
			c.report(f)
			return
		}
		if envfile.IsPlaceholder(value) {
			return // a stand-in for tests (dummy, test, changeme)
		}
		f := newFinding(RuleCIEnvLiteral, c.path, line,
			fmt.Sprintf("%s is given a literal value in %s configuration: keys belong in the platform's secret store (e.g. ${{ secrets.%s }})", name, c.system, name))
		f.SetEvidence(value)
		c.report(f)
	}
}

// report adds a finding unless its line carries the aaiguard:allow marker.
func (c *ciFile) report(f finding.Finding) {
	if f.Line > 0 && f.Line <= len(c.lines) && strings.Contains(c.lines[f.Line-1], detect.AllowMarker) {
		return
	}
	c.r.Findings = append(c.r.Findings, f)
}

func lastPart(ref string) string {
	if i := strings.LastIndexAny(ref, ".:"); i >= 0 {
		return ref[i+1:]
	}
	return ref
}

// script checks a scalar's text as shell: key assignments and env file
// copies. Its lines are located in the file by their text.
func (c *ciFile) script(n *yaml.Node) {
	if !strings.ContainsAny(n.Value, "=.") {
		return
	}
	from := n.Line
	for _, l := range strings.Split(n.Value, "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		line := c.locate(from, l)
		c.scriptLine(l, line)
		if line > from {
			from = line
		}
	}
}

// locate finds the file line at or after from that holds text (folded and
// plain scalars lose their line breaks, so a fragment is searched).
func (c *ciFile) locate(from int, text string) int {
	t := strings.TrimSpace(text)
	if len(t) > 40 {
		t = t[:40]
	}
	for i := from; i <= len(c.lines) && i >= 1; i++ {
		if strings.Contains(c.lines[i-1], t) {
			return i
		}
	}
	return from
}

// text checks lines as text: Jenkinsfiles (Groovy), and YAML that does not
// parse.
func (c *ciFile) text(first, last int, groovy bool) {
	for i := first; i <= last && i <= len(c.lines); i++ {
		l := strings.TrimRight(c.lines[i-1], "\r")
		if groovy {
			if m := groovyAssignRE.FindStringSubmatch(l); m != nil {
				c.assign(m[1], unquote(m[2]), i)
				c.copies(l, i)
				continue
			}
			for _, m := range credVarRE.FindAllStringSubmatch(l, -1) {
				if envfile.IsKeyName(m[1]) {
					c.uses++
					c.refs++
					c.r.usage(c.path, i, "%s in %s configuration", m[1], c.system)
					c.r.evidence(catalog.CISecrets, c.path, i, "%s from Jenkins credentials (withCredentials)", m[1])
				}
			}
		} else if m := yamlAssignRE.FindStringSubmatch(l); m != nil {
			c.assign(m[1], unquote(m[2]), i)
		}
		c.scriptLine(l, i)
	}
}

var (
	// NAME=value in shell (export, env, docker -e, --build-arg included).
	shellAssignRE = regexp.MustCompile(`(?:^|[\s;&|(\x60"'])([A-Za-z_][A-Za-z0-9_]*)=(\$\{\{[^}]*\}\}|"[^"]*"|'[^']*'|[^\s;&|)"'=][^\s;&|)"']*)`)
	// $env:NAME = value in PowerShell.
	psAssignRE     = regexp.MustCompile(`\$env:([A-Za-z_][A-Za-z0-9_]*)\s*=\s*("[^"]*"|'[^']*'|[^\s;=][^\s;]*)`)
	groovyAssignRE = regexp.MustCompile(`^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(credentials\s*\([^)]*\)|"[^"]*"|'[^']*')`)
	credVarRE      = regexp.MustCompile(`variable:\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]`)
	yamlAssignRE   = regexp.MustCompile(`^\s*-?\s*["']?([A-Za-z_][A-Za-z0-9_\-]*)["']?\s*:\s+(.+?)\s*$`)
)

func unquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// scriptLine checks one line of shell: key assignments and env file
// copies.
func (c *ciFile) scriptLine(l string, line int) {
	for _, re := range []*regexp.Regexp{shellAssignRE, psAssignRE} {
		for _, m := range re.FindAllStringSubmatch(l, -1) {
			if envfile.IsKeyName(m[1]) {
				c.assign(m[1], unquote(m[2]), line)
			}
		}
	}
	// A secret referenced directly in a command
	// (curl -H "Authorization: ${{ secrets.ASSEMBLYAI_API_KEY }}").
	if !c.evLine[line] {
		for _, m := range ghSecretRE.FindAllStringSubmatch(l, -1) {
			if name := firstNonEmpty(m[1:]...); envfile.IsKeyName(name) {
				c.uses++
				c.refs++
				c.evLine[line] = true
				c.r.usage(c.path, line, "secrets.%s in %s configuration", name, c.system)
				c.r.evidence(catalog.CISecrets, c.path, line, "secrets.%s used in a command (%s)", name, c.system)
				break
			}
		}
	}
	c.copies(l, line)
}

// copies reports a command that puts a committed env file in place: cp,
// mv, ln, install, rsync, copy and Copy-Item to an env file name, cat
// … > .env, and --env-file. Templates (.env.example) are meant to be
// copied; a file that is not committed (written earlier in the job from
// secrets) is fine.
func (c *ciFile) copies(l string, line int) {
	words := shellWords(l)
	for i, w := range words {
		if strings.ContainsAny(w, " \t") {
			// A quoted command: sh 'cp .env.production .env', bash -c "…".
			c.copies(w, line)
			continue
		}
		var srcs []string
		switch strings.ToLower(w) {
		case "cp", "mv", "ln", "install", "rsync", "copy", "copy-item", "cat":
			var args []string
			redirect := ""
			for j := i + 1; j < len(words); j++ {
				a := words[j]
				if a == ";" || a == "&&" || a == "||" || a == "|" {
					break
				}
				if a == ">" || a == ">>" {
					if j+1 < len(words) {
						redirect = words[j+1]
					}
					break
				}
				if strings.HasPrefix(a, "-") {
					continue
				}
				args = append(args, a)
			}
			switch {
			case strings.ToLower(w) == "cat":
				if redirect != "" && envfile.IsDotenv(redirect) {
					srcs = args
				}
			case len(args) >= 2 && envfile.IsDotenv(args[len(args)-1]):
				srcs = args[:len(args)-1]
			}
		case "--env-file":
			if i+1 < len(words) {
				srcs = []string{words[i+1]}
			}
		default:
			if v, ok := strings.CutPrefix(w, "--env-file="); ok {
				srcs = []string{v}
			}
		}
		for _, s := range srcs {
			c.copySource(w, s, line)
		}
	}
}

func (c *ciFile) copySource(cmd, src string, line int) {
	src = strings.TrimPrefix(path.Clean(strings.Trim(src, `"'`)), "./")
	if strings.ContainsAny(src, "$%*{") || !envfile.IsDotenv(src) || envfile.IsTemplate(src) {
		return
	}
	if !c.in.Tree.IsTracked(repoRel(c.in.Tree, src)) {
		return
	}
	how := "copies the committed env file " + src + " into place"
	if strings.HasPrefix(cmd, "--env-file") {
		how = "passes the committed env file " + src + " with --env-file"
	}
	f := newFinding(RuleCIEnvFileCopy, c.path, line,
		fmt.Sprintf("%s step %s: its values (keys included) live in the repository; store them in the platform's secret store and untrack %s", c.system, how, src))
	mark(&f, src)
	c.report(f)
}

// shellWords splits a command line into words, keeping quoted strings
// together and separating the control operators ; && || | > >>.
func shellWords(s string) []string {
	var out []string
	var b strings.Builder
	var quote byte
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case quote != 0:
			if ch == quote {
				quote = 0
			} else {
				b.WriteByte(ch)
			}
		case ch == '"' || ch == '\'':
			quote = ch
		case ch == ' ' || ch == '\t' || ch == '\r':
			flush()
		case ch == ';' || ch == '|' || ch == '&' || ch == '>':
			flush()
			op := string(ch)
			if i+1 < len(s) && (s[i+1] == ch) {
				op += string(ch)
				i++
			}
			out = append(out, op)
		default:
			b.WriteByte(ch)
		}
	}
	flush()
	return out
}
