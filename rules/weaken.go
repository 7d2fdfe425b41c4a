package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
)

// A Weakening is something a user configuration does that switches part of
// the gate off: it drops the default catalogue, disables or replaces a
// default rule, or allowlists (nearly) everything. aaiguard notes each one,
// naming the configuration line, and the checklist cannot pass the items
// it affects: a scanned repository's own .aaiguard.toml could otherwise
// turn a key into "no findings" and a passing env-key.
type Weakening struct {
	File string
	Line int
	// What it does, for the note: "disables assemblyai-api-key".
	What string
	// Items are the checklist items it affects; All is every item judged
	// from the files' content (a path allowlist matching every file).
	Items []string
	All   bool
	// Rule is the rule disabled, when What is about one id (code rules'
	// items are known to the caller: CodeRuleItems).
	Rule string
}

// Note is the weakening as one sentence.
func (w Weakening) Note() string {
	at := w.File
	if w.Line > 0 {
		at = fmt.Sprintf("%s:%d", w.File, w.Line)
	}
	return "the configuration " + at + " " + w.What
}

// probePaths span the files a key can be in: code of each language the
// rules cover, env and CI files, deep and shallow paths. A path allowlist
// that matches all of them matches any file.
var probePaths = []string{
	"app.py", "src/config.js", "web/app/page.tsx", "server/main.go", "lib/App.java",
	"a/b/c/d/e.rb", "index.php", ".env", ".env.production", "config/settings.yaml",
	"deploy/k8s/secret.yaml", ".github/workflows/ci.yml", "README.md", "notebooks/demo.ipynb",
	"Dockerfile", "x",
}

// probeLines hold a probe key the way code does, for "line" allowlists.
var probeLines = []string{
	"ASSEMBLYAI_API_KEY=%s",
	"aai.settings.api_key = \"%s\"",
	"const client = new AssemblyAI({ apiKey: '%s' });",
	"  assemblyai_key: %s",
}

// probeKeys are 16 random-looking 32-hex values, fixed so that the
// judgement is the same on every run.
func probeKeys() []string {
	keys := make([]string, 16)
	for i := range keys {
		sum := sha256.Sum256([]byte(fmt.Sprintf("aaiguard weakening probe %d", i)))
		keys[i] = hex.EncodeToString(sum[:16])
	}
	return keys
}

// weakenings audits the user configuration (the last source, unless it is
// the default) once it is compiled.
func (c *Config) weakenings(user source, useDefault bool, disabled []string, defaults map[string]*Rule) []Weakening {
	var out []Weakening
	line := func(key, needle string) int {
		if n := lineOf(user.data, needle); n > 0 {
			return n
		}
		return lineOf(user.data, key)
	}
	if !useDefault {
		var items []string
		var dropped []string
		for id, r := range defaults {
			if c.RuleByID(id) == nil {
				dropped = append(dropped, id)
				items = appendItem(items, r.Checklist)
			}
		}
		slices.Sort(dropped)
		if len(dropped) > 0 {
			out = append(out, Weakening{File: user.name, Line: line("useDefault", "useDefault"), Items: items,
				What: fmt.Sprintf("drops the default catalogue ([extend] useDefault = false): %s do(es) not run", strings.Join(dropped, ", "))})
		}
	}
	for _, id := range disabled {
		w := Weakening{File: user.name, Line: line("disabledRules", `"`+id+`"`), Rule: id,
			What: fmt.Sprintf("disables %s ([extend] disabledRules)", id)}
		if r, ok := defaults[id]; ok {
			w.Items = []string{r.Checklist}
		}
		out = append(out, w)
	}
	for id, d := range defaults {
		if r := c.RuleByID(id); r != nil && r.Source == user.name {
			out = append(out, Weakening{File: user.name, Line: r.Line, Items: []string{d.Checklist},
				What: fmt.Sprintf("replaces the default rule %s with its own (a [[rules]] entry with its id)", id)})
		}
	}
	// Allowlists of the user's file: global ones, and those added to a
	// default rule by replacing it (covered above) are all in c.Allowlists.
	var global []*CompiledAllowlist
	for _, al := range c.Allowlists {
		if al.Source == user.name {
			global = append(global, al)
		}
	}
	if lines, ok := allPaths(global); ok {
		out = append(out, Weakening{File: user.name, Line: lines[0], All: true,
			What: "allowlists every path (its path patterns match any file name): nothing is scanned for keys or checked by the code rules"})
	}
	if lines, ok := allSecrets(global); ok {
		var items []string
		for _, r := range c.Rules {
			items = appendItem(items, r.Checklist)
		}
		out = append(out, Weakening{File: user.name, Line: lines[0], Items: items,
			What: "allowlists every key (its regexes or stopwords match any 32-hex value): no secret rule can report"})
	}
	slices.SortStableFunc(out, func(a, b Weakening) int { return a.Line - b.Line })
	return out
}

func appendItem(items []string, id string) []string {
	if id == "" || slices.Contains(items, id) {
		return items
	}
	return append(items, id)
}

// allPaths reports whether the allowlists' path patterns together match
// every probe path, with the lines of the allowlists that do.
func allPaths(als []*CompiledAllowlist) ([]int, bool) {
	var lines []int
	for _, p := range probePaths {
		hit := false
		for _, al := range als {
			for _, re := range al.Paths {
				if re.MatchString(p) {
					hit = true
					if !slices.Contains(lines, al.Line) {
						lines = append(lines, al.Line)
					}
					break
				}
			}
			if hit {
				break
			}
		}
		if !hit {
			return nil, false
		}
	}
	slices.Sort(lines)
	return lines, len(lines) > 0
}

// allSecrets reports whether the allowlists' regexes and stopwords
// together suppress every probe key (as the secret, the match and a line
// holding it).
func allSecrets(als []*CompiledAllowlist) ([]int, bool) {
	var lines []int
	for i, k := range probeKeys() {
		line := fmt.Sprintf(probeLines[i%len(probeLines)], k)
		hit := false
		for _, al := range als {
			if suppresses(al, k, line) {
				hit = true
				if !slices.Contains(lines, al.Line) {
					lines = append(lines, al.Line)
				}
				break
			}
		}
		if !hit {
			return nil, false
		}
	}
	slices.Sort(lines)
	return lines, len(lines) > 0
}

func suppresses(al *CompiledAllowlist, secret, line string) bool {
	target := secret
	if al.RegexTarget == "line" {
		target = line
	}
	for _, re := range al.Regexes {
		if re.MatchString(target) {
			return true
		}
	}
	for _, w := range al.Stopwords {
		if strings.Contains(secret, w) {
			return true
		}
	}
	return false
}
