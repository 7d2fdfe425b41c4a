// Package catalog is the one description of aaiguard's rules and of the
// security checklist they report against: every rule, whatever implements
// it (the TOML secret catalogue, a go/analysis pass, a code rule, a
// hygiene check), is a [Rule] here, and every checklist id is a constant
// here. It is a leaf package with no dependencies, so the analyzers (and
// so golangci-lint builds) can use it without pulling in the TOML loader.
package catalog

// Severity of a rule or finding. Critical is used only for keys verified
// live.
type Severity string

const (
	Critical Severity = "critical"
	High     Severity = "high"
	Medium   Severity = "medium"
	Low      Severity = "low"
)

// Rank orders severities: higher is worse. Unknown values rank lowest.
func (s Severity) Rank() int {
	switch s {
	case Critical:
		return 4
	case High:
		return 3
	case Medium:
		return 2
	case Low:
		return 1
	}
	return 0
}

// IsError reports whether findings of this severity fail a checklist item
// (as opposed to warning about it).
func (s Severity) IsError() bool { return s.Rank() >= High.Rank() }

// Valid reports whether s is one of the known severities.
func (s Severity) Valid() bool { return s.Rank() > 0 }

// Source says what implements a rule.
type Source string

const (
	Secrets Source = "secrets" // the TOML catalogue (rules/default.toml, .aaiguard.toml)
	Go      Source = "go"      // go/analysis passes (analyzers/)
	Code    Source = "code"    // code rules for the other languages (scanner/check/coderules)
	Hygiene Source = "hygiene" // repository hygiene (scanner/check/hygiene)
)

// Rule describes one rule for `aaiguard rules`, the report writers (SARIF's
// tool.driver.rules, remediation lines) and configuration checks. IDs are
// part of the public contract (baselines, SARIF, disabledRules).
type Rule struct {
	ID          string
	Checklist   string // a checklist item id
	Severity    Severity
	Description string
	// Remediation is the rule's own advice; empty means the checklist
	// item's remediation applies.
	Remediation string
	Source      Source
}

// Lookup returns the rule with the given id from rules.
func Lookup(rules []Rule, id string) (Rule, bool) {
	for _, r := range rules {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// Checklist item ids: part of the public contract (JSON, SARIF, config
// files), never changed.
const (
	EnvKey        = "env-key"
	GitignoreEnv  = "gitignore-env"
	SeparateKeys  = "separate-keys"
	BrowserTokens = "browser-tokens"
	PIIRedaction  = "pii-redaction"
	Retention     = "retention"
	ContentSafety = "content-safety"
	WebhookAuth   = "webhook-auth"
	CISecrets     = "ci-secrets"
)

// Item is one line of the AssemblyAI security checklist.
type Item struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Remediation string `json:"remediation"`
}

// Items returns the security checklist in its fixed order (a new slice
// each time: callers may keep or change it).
func Items() []Item {
	return []Item{
		{EnvKey, "API key stored in environment variable, never in code",
			"Rotate the key in the AssemblyAI dashboard (https://www.assemblyai.com/app/api-keys), then read it from the ASSEMBLYAI_API_KEY environment variable or a secrets manager."},
		{GitignoreEnv, ".env files listed in .gitignore",
			"Add .env, .env.local and .env.*.local to .gitignore (aaiguard fix gitignore), untrack committed env files with git rm --cached, and rotate any key they held."},
		{SeparateKeys, "Separate API keys for dev/staging/prod environments",
			"Create one AssemblyAI key per environment (projects in the dashboard) so a leak or revocation in one does not affect the others."},
		{BrowserTokens, "Temporary tokens used for browser streaming (not raw API key)",
			"Never ship the API key to browsers: mint a short-lived token on the server (streaming v3 GET /v3/token, expires_in_seconds <= 600) and pass only the token to the client."},
		{PIIRedaction, "PII redaction enabled for sensitive audio",
			"Set redact_pii: true with an explicit redact_pii_policies list (e.g. person_name, phone_number, email_address, credit_card_number, us_social_security_number) on transcription requests."},
		{Retention, "Old transcripts deleted per retention policy",
			"Transcripts are kept until deleted: delete them after use (DELETE /v2/transcript/{id}, transcripts.delete, Transcript.delete_by_id) and run a scheduled job that deletes transcripts older than your retention period."},
		{ContentSafety, "Content safety enabled for user-generated audio",
			"Set content_safety: true on transcription requests for user-generated audio and act on content_safety_labels."},
		{WebhookAuth, "Webhook endpoints validate payload authenticity",
			"Set webhook_auth_header_name and webhook_auth_header_value on requests with webhook_url, use https, and compare the header in constant time in the webhook handler."},
		{CISecrets, "CI/CD secrets stored in platform secrets manager (not env files)",
			"Store the key in the CI platform's secret store (${{ secrets.ASSEMBLYAI_API_KEY }}, masked CI/CD variables, vault) instead of literals or committed env files."},
	}
}

// ItemByID returns the checklist item with the given id.
func ItemByID(id string) (Item, bool) {
	for _, c := range Items() {
		if c.ID == id {
			return c, true
		}
	}
	return Item{}, false
}

// IsItem reports whether id is a checklist item id.
func IsItem(id string) bool {
	_, ok := ItemByID(id)
	return ok
}
