// Package finding holds the Finding type that every source, detector and
// report shares, together with secret redaction and content fingerprints.
//
// A finding never carries a raw secret in a field that a report would print
// by accident: the raw value lives in a [Secret], whose String, GoString and
// JSON forms are redacted. Only [Secret.Reveal] returns the raw value, and
// report writers call it only when the user asked for --show-secrets.
package finding

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/aaiguard/aaiguard/rules/catalog"
)

// Severity of a finding: the rule model's (rules/catalog). Critical is
// used only for keys verified live.
type Severity = catalog.Severity

const (
	Critical = catalog.Critical
	High     = catalog.High
	Medium   = catalog.Medium
	Low      = catalog.Low
)

// Source says where a finding came from.
type Source string

const (
	SourceWorktree Source = "worktree"
	SourceStaged   Source = "staged"
	SourceHistory  Source = "history"
	SourceGo       Source = "go"      // go/analysis passes
	SourceCode     Source = "code"    // JS/TS/Python code rules
	SourceHygiene  Source = "hygiene" // repository hygiene checks
)

// Finding is one problem found. Field names and JSON tags follow the JSON
// report contract in docs/DESIGN.md.
type Finding struct {
	Rule      string   `json:"rule"`
	Checklist string   `json:"checklist"`
	Severity  Severity `json:"severity"`
	Message   string   `json:"message"`
	File      string   `json:"file"` // slash-separated, relative to the scanned root
	Line      int      `json:"line"` // 1-based; 0 for a whole-file finding
	Column    int      `json:"column"`
	EndLine   int      `json:"endLine,omitempty"`
	EndColumn int      `json:"endColumn,omitempty"`

	// Git provenance, empty for work-tree findings.
	Commit string `json:"commit"`
	Author string `json:"author"`
	Email  string `json:"email"`
	Date   string `json:"date"` // RFC 3339

	// Secret is the matched secret; it marshals redacted.
	Secret      Secret `json:"secret"`
	Fingerprint string `json:"fingerprint"`

	Source Source `json:"source,omitempty"`
	// Verification is the result of --verify: live, invalid or unknown.
	Verification string `json:"verification,omitempty"`
	// Also lists other places where the same secret was seen (e.g. the
	// history commit that introduced a key still in the work tree).
	Also []Location `json:"also,omitempty"`
	// Remediation is this finding's own advice, when what to do depends on
	// where it was found (a key in the history must be rotated; one only
	// staged need not be); empty means the rule's.
	Remediation string `json:"remediation,omitempty"`
}

// Skipped is content a source did not scan (too large), and why. Every
// source reports it the same way, and reports list it in the summary.
type Skipped struct {
	Path   string `json:"path"`
	Size   int64  `json:"size,omitempty"`
	Reason string `json:"reason"`
}

// Location is another place a finding concerns: where the same secret
// appears (the history commit that introduced a key still in the work
// tree), or a place that decides it (the call site whose argument a
// helper's request sends, the params object it spreads).
type Location struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Commit string `json:"commit,omitempty"`
	Date   string `json:"date,omitempty"`
	// Note says what the place is, when it is not the same secret again.
	Note string `json:"note,omitempty"`
}

// SetEvidence records the raw secret and computes the content fingerprint
// from it. Call it after Rule and File are set. Code findings (a request
// without redaction) hold no secret: they set Fingerprint directly from
// Fingerprint(rule, path, normalised source text).
func (f *Finding) SetEvidence(raw string) {
	f.Secret = Secret{raw: raw}
	f.Fingerprint = Fingerprint(f.Rule, f.File, raw)
}

// Fingerprint is content based: rule + path + hash of the secret (or
// evidence). It does not contain the line or the commit, so baselines survive
// line shifts, rebases and squashes, and a different secret on the same line
// is a different finding.
func Fingerprint(rule, path, evidence string) string {
	h := sha256.New()
	h.Write([]byte(rule))
	h.Write([]byte{0})
	h.Write([]byte(path))
	h.Write([]byte{0})
	sh := sha256.Sum256([]byte(evidence))
	h.Write(sh[:])
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// SecretHash is a stable hash of a raw secret, used to compare secrets
// (across files, between work tree and history) without keeping or printing
// them.
func SecretHash(raw string) string {
	sh := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sh[:16])
}

// Secret holds a raw secret. Its printed and marshalled forms are redacted.
type Secret struct {
	raw      string
	redacted string // set when decoded from a report, where only the redacted form exists
}

// NewSecret wraps a raw secret.
func NewSecret(raw string) Secret { return Secret{raw: raw} }

// Reveal returns the raw secret. Only call it for --show-secrets output and
// for --verify.
func (s Secret) Reveal() string { return s.raw }

// Display returns the raw secret when show is true and the raw value is
// known, and the redacted form otherwise.
func (s Secret) Display(show bool) string {
	if show && s.raw != "" {
		return s.raw
	}
	return s.String()
}

// IsZero reports whether no secret is held.
func (s Secret) IsZero() bool { return s.raw == "" && s.redacted == "" }

// Hash returns SecretHash of the raw value, or "" when the raw value is not
// known (a secret decoded from a redacted report).
func (s Secret) Hash() string {
	if s.raw == "" {
		return ""
	}
	return SecretHash(s.raw)
}

// String returns the redacted form: the first 4 characters and an ellipsis.
func (s Secret) String() string {
	if s.raw == "" {
		return s.redacted
	}
	return Redact(s.raw)
}

// GoString keeps %#v from printing the raw value.
func (s Secret) GoString() string { return `finding.Secret("` + s.String() + `")` }

// MarshalText marshals the redacted form.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a secret from a report. What a report holds is
// treated as display text (it is normally redacted), never as a raw secret.
func (s *Secret) UnmarshalText(b []byte) error {
	*s = Secret{redacted: string(b)}
	return nil
}

// Redact returns the first 4 characters of a secret and an ellipsis; short
// values are fully hidden.
func Redact(raw string) string {
	if raw == "" {
		return ""
	}
	r := []rune(raw)
	if len(r) <= 8 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:4]) + "…"
}
