// Package rules holds aaiguard's rule catalogue as data: the embedded
// default TOML file, the loader that merges a repository's .aaiguard.toml
// into it, strict validation with file:line errors, and the nine items of
// the AssemblyAI security checklist that every rule reports against.
//
// Rules are data only. Nothing in a configuration file can run a command or
// reach the network, and every pattern is compiled with Go's RE2-based
// regexp package, so a hostile .aaiguard.toml cannot cause catastrophic
// backtracking either. Rule count and pattern size are bounded.
package rules

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"

	"github.com/aaiguard/aaiguard/internal/errtext"
	"github.com/aaiguard/aaiguard/internal/regularfile"
	"github.com/aaiguard/aaiguard/rules/catalog"
)

//go:embed default.toml
var defaultTOML []byte

// DefaultTOML returns the embedded default catalogue.
func DefaultTOML() []byte { return slices.Clone(defaultTOML) }

// Limits on what a configuration may ask for. A scanned repository's
// configuration is untrusted input.
//
// RE2 is linear in the input, but its cost per byte grows with the compiled
// program: a rule `[a-z ]{1000}Q` (1003 instructions) keeps up to a
// thousand threads alive on text of letters. MaxProgram bounds one
// pattern's program (the default catalogue's largest is 396; gitleaks'
// generic-api-key, the largest of its rules, 554), MaxTotalProgram the
// whole configuration's (the default catalogue: about 1,400). What a
// repository's own rules may cost in time is bounded by the engine
// (scanner/detect: a time budget).
const (
	MaxRules        = 500
	MaxPatternSize  = 4096    // bytes per regular expression
	MaxPatterns     = 2000    // regular expressions over the whole configuration
	MaxProgram      = 1000    // compiled instructions per regular expression
	MaxTotalProgram = 50_000  // compiled instructions over the whole configuration
	MaxConfigSize   = 1 << 20 // bytes of a configuration file, checked before parsing
	// MinRepoKeyword is the shortest keyword a repository's rule may use.
	MinRepoKeyword = 3
)

// File is the TOML shape of a configuration file.
type File struct {
	Title      string       `toml:"title"`
	Extend     *Extend      `toml:"extend"`
	Audio      *Audio       `toml:"audio"`
	Allowlists []Allowlist  `toml:"allowlists"`
	Rules      []RuleConfig `toml:"rules"`
}

// Audio says what the repository's audio is, which decides how some
// checklist items are judged.
type Audio struct {
	// UserGenerated declares that the audio comes from the application's
	// users (uploads, calls, meetings): every transcription request without
	// content_safety is then a finding of its own. Unset or false, aaiguard
	// cannot know, and reports one finding for the repository.
	UserGenerated *bool `toml:"userGenerated"`
}

// Extend says how a user configuration relates to the defaults.
type Extend struct {
	// UseDefault keeps the built-in rules (default true: a repository
	// config that only adds an allowlist must not silently drop every rule).
	UseDefault    *bool    `toml:"useDefault"`
	DisabledRules []string `toml:"disabledRules"`
}

// RuleConfig is the TOML shape of one rule.
type RuleConfig struct {
	ID          string      `toml:"id"`
	Description string      `toml:"description"`
	Checklist   string      `toml:"checklist"`
	Severity    string      `toml:"severity"`
	Keywords    []string    `toml:"keywords"`
	Regex       string      `toml:"regex"`
	SecretGroup int         `toml:"secretGroup"`
	Entropy     float64     `toml:"entropy"`
	Path        string      `toml:"path"`
	Evidence    *Evidence   `toml:"evidence"`
	Allowlists  []Allowlist `toml:"allowlists"`
	Remediation string      `toml:"remediation"`
}

// Evidence configures the context a candidate needs before it is reported.
// A rule without evidence reports every regex match that passes its
// entropy and allowlists (gitleaks semantics).
type Evidence struct {
	// Strong patterns name the secret unambiguously (an AssemblyAI-named
	// variable or env name, an SDK call); one match in the text just
	// before the candidate is enough.
	Strong []string `toml:"strong"`
	// Names are generic secret names (api_key, authorization, token) that
	// count only when the file also matches a File pattern.
	Names []string `toml:"names"`
	// File patterns are file-level context: an AssemblyAI host, import or
	// SDK identifier anywhere in the content.
	File []string `toml:"file"`
	// Reject patterns name things that are not secrets (md5, sha, etag,
	// uuid, checksum); they veto Names-only evidence.
	Reject []string `toml:"reject"`
	// Foreign patterns name other services (DATADOG_API_KEY, stripeKey);
	// a Names-only match whose label names another service is not ours.
	Foreign []string `toml:"foreign"`
	// ForeignText patterns name other services in the text next to a
	// Names-only candidate (its line and the two lines before: "# Listen
	// Notes" above API_KEY = …); unless that text names AssemblyAI too,
	// the candidate is the other service's.
	ForeignText []string `toml:"foreignText"`
	// Prose lets a value named a key in a sentence (Use key … for the
	// AssemblyAI demo.) count when the sentence, or the line before or
	// after it, names AssemblyAI: keys pasted into README files.
	Prose bool `toml:"prose"`
	// Window is how many bytes before the candidate (on the same logical
	// statement) are searched for Strong, Names and Reject patterns.
	Window int `toml:"window"`
	// Parents lets a section or parent key (YAML indentation, [ini]
	// sections) supply a Strong match for keys nested under it.
	Parents bool `toml:"parents"`
	// KeyNames makes an AssemblyAI key name (ASSEMBLYAI_API_KEY,
	// PUBLIC_ASSEMBLY_API_TOKEN, assemblyAiKey: the definition every
	// aaiguard check shares, internal/keyname) a strong label.
	KeyNames bool `toml:"keyNames"`
}

// Allowlist suppresses candidates. Any one matching field suppresses.
type Allowlist struct {
	Description string   `toml:"description"`
	Paths       []string `toml:"paths"`
	Regexes     []string `toml:"regexes"`
	// RegexTarget is what Regexes match against: secret (default), match
	// or line.
	RegexTarget string   `toml:"regexTarget"`
	Stopwords   []string `toml:"stopwords"`
}

// Config is a loaded, validated and compiled configuration.
type Config struct {
	Rules      []*Rule
	Allowlists []*CompiledAllowlist
	// Sources lists the files the configuration was read from, for messages.
	Sources []string
	// Disabled holds the ids in [extend] disabledRules. Ids of rules
	// implemented in code (Go analyzers, code rules, hygiene checks) are
	// not in the catalogue; the caller checks them with CheckDisabled and
	// drops their findings.
	Disabled map[string]bool
	// UserGeneratedAudio is [audio] userGenerated of the configuration.
	UserGeneratedAudio bool
	// Weakenings are what the user configuration does that switches part
	// of the gate off (see Weakening), in file order.
	Weakenings []Weakening

	disabledFrom source          // where disabledRules was written, for errors
	known        map[string]bool // catalogue rule ids, before disabling
	digest       [32]byte        // see Digest
}

// CheckDisabled returns an error naming the file and line of the first
// disabledRules id that is neither a catalogue rule nor known to the
// caller's code rules.
func (c *Config) CheckDisabled(isCodeRule func(id string) bool) error {
	for id := range c.Disabled {
		if c.known[id] || isCodeRule(id) {
			continue
		}
		s := c.disabledFrom
		return &Error{File: s.name, Line: lineOf(s.data, `"`+id+`"`), Reason: fmt.Sprintf("disabledRules names unknown rule %q (see aaiguard rules)", id)}
	}
	return nil
}

// Rule is a compiled rule.
type Rule struct {
	// Source and Line say where the rule was defined ("<default rules>"
	// for the catalogue's), for messages.
	Source string
	Line   int
	// Repository marks a rule defined by the scanned repository's own
	// configuration (LoadOptions.Repository): untrusted, its cost is
	// budgeted by the engine.
	Repository  bool
	ID          string
	Description string
	Checklist   string
	Severity    catalog.Severity
	Keywords    []string // lower-cased
	Regex       *regexp.Regexp
	SecretGroup int
	Entropy     float64
	Path        *regexp.Regexp
	Evidence    *CompiledEvidence
	Allowlists  []*CompiledAllowlist
	Remediation string
}

// Info describes the rule in the one rule model.
func (r *Rule) Info() catalog.Rule {
	return catalog.Rule{ID: r.ID, Checklist: r.Checklist, Severity: r.Severity,
		Description: r.Description, Remediation: r.Remediation, Source: catalog.Secrets}
}

// CompiledEvidence is Evidence with its patterns compiled.
type CompiledEvidence struct {
	Strong  []*regexp.Regexp
	Names   []*regexp.Regexp
	File    []*regexp.Regexp
	Reject  []*regexp.Regexp
	Foreign []*regexp.Regexp
	// ForeignText applies to the text around the candidate.
	ForeignText []*regexp.Regexp
	Prose       bool
	Window      int
	Parents     bool
	KeyNames    bool
}

// CompiledAllowlist is Allowlist with its patterns compiled.
type CompiledAllowlist struct {
	// Source and Line say where the allowlist was written; Repository
	// marks one of the scanned repository's configuration (see Rule).
	Source      string
	Line        int
	Repository  bool
	Description string
	Paths       []*regexp.Regexp
	Regexes     []*regexp.Regexp
	RegexTarget string
	Stopwords   []string // lower-cased
}

// Error is a configuration error with its position. Its message has the
// form file:line: reason (line omitted when unknown).
type Error struct {
	File   string
	Line   int
	Reason string
}

// maxReason bounds the reason of an Error, in bytes.
const maxReason = 300

func (e *Error) Error() string {
	// One line, whatever the parser's message looked like, and short: a
	// hostile file's 600 KB key name is not repeated in full. The reason
	// quotes the file's values (a pattern, an id, a key name): a key pasted
	// there is redacted as findings are.
	reason := errtext.RedactValues(strings.Join(strings.Fields(e.Reason), " "))
	if len(reason) > maxReason {
		cut := maxReason
		for cut > 0 && !utf8.RuneStart(reason[cut]) {
			cut--
		}
		reason = reason[:cut] + "…"
	}
	file := errtext.Cut(errtext.Redact(e.File))
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", file, e.Line, reason)
	}
	return fmt.Sprintf("%s: %s", file, reason)
}

// DefaultName names the built-in catalogue in messages and in the Source
// of its rules and allowlists.
const DefaultName = "<default rules>"

const defaultName = DefaultName

// Default returns the built-in configuration.
func Default() (*Config, error) {
	f, err := parse(defaultName, defaultTOML)
	if err != nil {
		return nil, err
	}
	return compile([]source{{defaultName, defaultTOML, f, false}}, nil)
}

// LoadOptions say how far a configuration is trusted.
type LoadOptions struct {
	// Repository marks the scanned repository's own configuration (its
	// .aaiguard.toml, in the work tree or at a commit): its rules need
	// keywords of at least MinRepoKeyword bytes, and the engine budgets
	// the time its rules and allowlists take. A configuration the user
	// names on the command line (--config) is theirs, and is not.
	Repository bool
}

// LoadFile reads a user configuration from path (a regular file of at most
// MaxConfigSize bytes) and merges it with the defaults as its [extend]
// section says.
func LoadFile(path string) (*Config, error) {
	data, err := regularfile.Read(path, true, MaxConfigSize)
	if err != nil {
		return nil, fmt.Errorf("read config %s: %w", path, regularfile.Cause(err))
	}
	return Load(path, data)
}

// Load parses a user configuration named name (for messages) and merges it
// with the defaults.
func Load(name string, data []byte) (*Config, error) {
	return LoadWith(name, data, LoadOptions{})
}

// LoadWith is Load with options.
func LoadWith(name string, data []byte, o LoadOptions) (*Config, error) {
	if len(data) > MaxConfigSize {
		// Before parsing: a megabyte of [[rules]] headers decodes into a
		// hundred thousand rules before MaxRules could refuse them.
		return nil, &Error{File: name, Reason: fmt.Sprintf("%d bytes: at most %d are allowed", len(data), MaxConfigSize)}
	}
	uf, err := parse(name, data)
	if err != nil {
		return nil, err
	}
	useDefault := uf.Extend == nil || uf.Extend.UseDefault == nil || *uf.Extend.UseDefault
	var srcs []source
	if useDefault {
		df, err := parse("<default rules>", defaultTOML)
		if err != nil {
			return nil, err
		}
		srcs = append(srcs, source{"<default rules>", defaultTOML, df, false})
	}
	srcs = append(srcs, source{name, data, uf, o.Repository})
	var disabled []string
	if uf.Extend != nil {
		disabled = uf.Extend.DisabledRules
	}
	cfg, err := compile(srcs, disabled)
	if err != nil {
		return nil, err
	}
	def, err := Default()
	if err != nil {
		return nil, err
	}
	defaults := map[string]*Rule{}
	for _, r := range def.Rules {
		defaults[r.ID] = r
	}
	cfg.Weakenings = cfg.weakenings(srcs[len(srcs)-1], useDefault, disabled, defaults)
	if uf.Audio != nil && uf.Audio.UserGenerated != nil {
		cfg.UserGeneratedAudio = *uf.Audio.UserGenerated
	}
	return cfg, nil
}

type source struct {
	name string
	data []byte
	file *File
	repo bool // the scanned repository's own (LoadOptions.Repository)
}

func parse(name string, data []byte) (*File, error) {
	var f File
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		var se *toml.StrictMissingError
		if errors.As(err, &se) && len(se.Errors) > 0 {
			row, _ := se.Errors[0].Position()
			keys := make([]string, 0, len(se.Errors))
			for _, e := range se.Errors {
				keys = append(keys, strings.Join(e.Key(), "."))
			}
			return nil, &Error{File: name, Line: row, Reason: "unknown key " + strings.Join(keys, ", ")}
		}
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, _ := de.Position()
			return nil, &Error{File: name, Line: row, Reason: de.Error()}
		}
		return nil, &Error{File: name, Reason: err.Error()}
	}
	return &f, nil
}

// compile merges the sources in order (a later rule with the same ID
// replaces an earlier one), drops disabled rules and compiles everything.
func compile(srcs []source, disabled []string) (*Config, error) {
	cfg := &Config{Disabled: map[string]bool{}, known: map[string]bool{}, disabledFrom: srcs[len(srcs)-1], digest: sourcesDigest(srcs, disabled)}
	index := map[string]int{}
	type pending struct {
		rc  RuleConfig
		src source
		n   int // index of the rule in its file, for locating errors
	}
	var all []pending
	patterns := 0
	var prog progCount
	for _, s := range srcs {
		cfg.Sources = append(cfg.Sources, s.name)
		for i, al := range s.file.Allowlists {
			line := locate(s.data, "allowlists", i, "")
			ca, n, err := compileAllowlist(al, &prog)
			patterns += n
			if err != nil {
				return nil, &Error{File: s.name, Line: line, Reason: err.Error()}
			}
			ca.Source, ca.Line, ca.Repository = s.name, line, s.repo
			cfg.Allowlists = append(cfg.Allowlists, ca)
		}
		for i, rc := range s.file.Rules {
			p := pending{rc, s, i}
			if j, ok := index[rc.ID]; ok && rc.ID != "" {
				all[j] = p
				continue
			}
			index[rc.ID] = len(all)
			all = append(all, p)
		}
	}
	for _, id := range disabled {
		cfg.Disabled[id] = true
	}
	for id := range index {
		cfg.known[id] = true
	}
	if len(all) > MaxRules {
		s := srcs[len(srcs)-1]
		return nil, &Error{File: s.name, Reason: fmt.Sprintf("%d rules: at most %d are allowed", len(all), MaxRules)}
	}
	for _, p := range all {
		if slices.Contains(disabled, p.rc.ID) {
			continue
		}
		r, n, key, err := compileRule(p.rc, p.src.repo, &prog)
		patterns += n
		if err != nil {
			return nil, &Error{File: p.src.name, Line: locate(p.src.data, "rules", p.n, key), Reason: err.Error()}
		}
		r.Source, r.Line, r.Repository = p.src.name, locate(p.src.data, "rules", p.n, ""), p.src.repo
		for _, al := range r.Allowlists {
			al.Source, al.Line, al.Repository = r.Source, locate(p.src.data, "rules", p.n, "allowlists"), r.Repository
		}
		cfg.Rules = append(cfg.Rules, r)
	}
	if patterns > MaxPatterns {
		s := srcs[len(srcs)-1]
		return nil, &Error{File: s.name, Reason: fmt.Sprintf("%d patterns: at most %d are allowed", patterns, MaxPatterns)}
	}
	if prog.total > MaxTotalProgram {
		s := srcs[len(srcs)-1]
		return nil, &Error{File: s.name, Reason: fmt.Sprintf("the patterns compile to %d instructions: at most %d are allowed over the whole configuration (a pattern's cost per byte grows with its program)", prog.total, MaxTotalProgram)}
	}
	return cfg, nil
}

// progCount adds up the compiled size of a configuration's patterns.
type progCount struct{ total int }

var idRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// compileRule returns the rule, the number of patterns it holds, and on
// error the TOML key at fault.
func compileRule(rc RuleConfig, repo bool, prog *progCount) (*Rule, int, string, error) {
	if rc.ID == "" {
		return nil, 0, "", errors.New("rule without id")
	}
	if !idRE.MatchString(rc.ID) {
		return nil, 0, "id", fmt.Errorf("rule id %q: use lower-case letters, digits, '.', '_' and '-'", rc.ID)
	}
	if !catalog.IsItem(rc.Checklist) {
		return nil, 0, "checklist", fmt.Errorf("rule %s: checklist %q is not one of %s", rc.ID, rc.Checklist, checklistIDs())
	}
	sev := catalog.Severity(rc.Severity)
	if sev == "" {
		sev = catalog.High
	}
	if !sev.Valid() {
		return nil, 0, "severity", fmt.Errorf("rule %s: severity %q is not critical, high, medium or low", rc.ID, rc.Severity)
	}
	if rc.Regex == "" {
		return nil, 0, "regex", fmt.Errorf("rule %s: regex is required", rc.ID)
	}
	r := &Rule{ID: rc.ID, Description: rc.Description, Checklist: rc.Checklist, Severity: sev,
		SecretGroup: rc.SecretGroup, Entropy: rc.Entropy, Remediation: rc.Remediation}
	n := 0
	var err error
	if r.Regex, err = compileRE(rc.Regex, prog); err != nil {
		return nil, n, "regex", fmt.Errorf("rule %s: regex: %w", rc.ID, err)
	}
	n++
	if rc.SecretGroup < 0 || rc.SecretGroup > r.Regex.NumSubexp() {
		return nil, n, "secretGroup", fmt.Errorf("rule %s: secretGroup %d but the regex has %d groups", rc.ID, rc.SecretGroup, r.Regex.NumSubexp())
	}
	if rc.Entropy < 0 || rc.Entropy > 8 {
		return nil, n, "entropy", fmt.Errorf("rule %s: entropy %v is outside 0..8 bits per byte", rc.ID, rc.Entropy)
	}
	if rc.Path != "" {
		if r.Path, err = compileRE(rc.Path, prog); err != nil {
			return nil, n, "path", fmt.Errorf("rule %s: path: %w", rc.ID, err)
		}
		n++
	}
	for _, k := range rc.Keywords {
		if k = strings.ToLower(strings.TrimSpace(k)); k == "" {
			return nil, n, "keywords", fmt.Errorf("rule %s: empty keyword", rc.ID)
		}
		if len(k) > 64 {
			return nil, n, "keywords", fmt.Errorf("rule %s: keyword longer than 64 bytes", rc.ID)
		}
		if repo && len(k) < MinRepoKeyword {
			return nil, n, "keywords", fmt.Errorf("rule %s: keyword %q: a repository's rules need keywords of at least %d bytes", rc.ID, k, MinRepoKeyword)
		}
		r.Keywords = append(r.Keywords, k)
	}
	if repo && len(r.Keywords) == 0 {
		// Without keywords the regex runs on every file.
		return nil, n, "keywords", fmt.Errorf("rule %s: keywords are required in a repository's configuration (the regex then runs only on files holding one)", rc.ID)
	}
	if ev := rc.Evidence; ev != nil {
		ce := &CompiledEvidence{Window: ev.Window, Parents: ev.Parents, KeyNames: ev.KeyNames, Prose: ev.Prose}
		if ce.Window == 0 {
			ce.Window = 120
		}
		if ce.Window < 0 || ce.Window > 4096 {
			return nil, n, "window", fmt.Errorf("rule %s: evidence window %d is outside 1..4096", rc.ID, ev.Window)
		}
		for _, set := range []struct {
			key string
			src []string
			dst *[]*regexp.Regexp
		}{{"strong", ev.Strong, &ce.Strong}, {"names", ev.Names, &ce.Names}, {"file", ev.File, &ce.File}, {"reject", ev.Reject, &ce.Reject}, {"foreign", ev.Foreign, &ce.Foreign}, {"foreignText", ev.ForeignText, &ce.ForeignText}} {
			for _, p := range set.src {
				re, err := compileRE(p, prog)
				if err != nil {
					return nil, n, set.key, fmt.Errorf("rule %s: evidence.%s %q: %w", rc.ID, set.key, p, err)
				}
				n++
				*set.dst = append(*set.dst, re)
			}
		}
		if len(ce.Strong) == 0 && len(ce.Names) == 0 && !ce.KeyNames {
			return nil, n, "evidence", fmt.Errorf("rule %s: evidence needs strong or names patterns (or keyNames)", rc.ID)
		}
		r.Evidence = ce
	}
	for _, al := range rc.Allowlists {
		ca, m, err := compileAllowlist(al, prog)
		n += m
		if err != nil {
			return nil, n, "allowlists", fmt.Errorf("rule %s: %w", rc.ID, err)
		}
		r.Allowlists = append(r.Allowlists, ca)
	}
	return r, n, "", nil
}

func compileAllowlist(al Allowlist, prog *progCount) (*CompiledAllowlist, int, error) {
	ca := &CompiledAllowlist{Description: al.Description, RegexTarget: al.RegexTarget}
	switch ca.RegexTarget {
	case "":
		ca.RegexTarget = "secret"
	case "secret", "match", "line":
	default:
		return nil, 0, fmt.Errorf("allowlist regexTarget %q is not secret, match or line", al.RegexTarget)
	}
	n := 0
	for _, p := range al.Paths {
		re, err := compileRE(p, prog)
		if err != nil {
			return nil, n, fmt.Errorf("allowlist path %q: %w", p, err)
		}
		n++
		ca.Paths = append(ca.Paths, re)
	}
	for _, p := range al.Regexes {
		re, err := compileRE(p, prog)
		if err != nil {
			return nil, n, fmt.Errorf("allowlist regex %q: %w", p, err)
		}
		n++
		ca.Regexes = append(ca.Regexes, re)
	}
	for _, w := range al.Stopwords {
		if w = strings.ToLower(w); w != "" {
			ca.Stopwords = append(ca.Stopwords, w)
		}
	}
	if len(ca.Paths)+len(ca.Regexes)+len(ca.Stopwords) == 0 {
		return nil, n, errors.New("allowlist has no paths, regexes or stopwords")
	}
	return ca, n, nil
}

func compileRE(p string, prog *progCount) (*regexp.Regexp, error) {
	if len(p) > MaxPatternSize {
		return nil, fmt.Errorf("pattern of %d bytes: at most %d are allowed", len(p), MaxPatternSize)
	}
	re, err := regexp.Compile(p)
	if err != nil {
		// regexp's messages start with "error parsing regexp: "; keep the reason.
		return nil, errors.New(strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	}
	n := ProgramSize(p)
	if n > MaxProgram {
		return nil, fmt.Errorf("compiles to %d instructions: at most %d are allowed (a pattern's cost per byte grows with its program: shorten counted repetitions such as {1000})", n, MaxProgram)
	}
	prog.total += n
	return re, nil
}

// ProgramSize is the number of instructions p compiles to, as Go's
// regexp compiles it (0 when p does not parse).
func ProgramSize(p string) int {
	tree, err := syntax.Parse(p, syntax.Perl)
	if err != nil {
		return 0
	}
	prog, err := syntax.Compile(tree.Simplify())
	if err != nil {
		return 0
	}
	return len(prog.Inst)
}

func checklistIDs() string {
	items := catalog.Items()
	ids := make([]string, len(items))
	for i, c := range items {
		ids[i] = c.ID
	}
	return strings.Join(ids, ", ")
}

// RuleByID returns the rule with the given ID.
func (c *Config) RuleByID(id string) *Rule {
	for _, r := range c.Rules {
		if r.ID == id {
			return r
		}
	}
	return nil
}
