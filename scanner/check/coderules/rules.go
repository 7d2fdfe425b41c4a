// Package coderules runs the AssemblyAI code rules over JavaScript,
// TypeScript, Python and notebook files (and .env files for browser-exposed
// key names): each file is parsed by its front end (scanner/check/lang/jsts,
// scanner/check/lang/python) into facts, and the rules here judge the facts into
// findings, positive evidence for the security checklist, and usage.
package coderules

import (
	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/finding"
)

// Rule IDs: stable, part of the public contract (baselines, SARIF).
const (
	PIIMissing          = "aai-pii-redaction-missing"
	PIIPoliciesMissing  = "aai-pii-policies-missing"
	PIISetterOverwrite  = "aai-pii-setter-overwritten"
	WebhookAuthMissing  = "aai-webhook-auth-missing"
	WebhookInsecureURL  = "aai-webhook-insecure-url"
	BrowserPublicEnvKey = "aai-browser-public-env-key"
	BrowserAPIKey       = "aai-browser-api-key"
	BrowserKeyReturned  = "aai-browser-key-returned"
	TokenLongExpiry     = "aai-token-long-expiry"
	ContentSafety       = "aai-content-safety-missing"
	RetentionNoDelete   = "aai-retention-no-deletion"
	HardcodedKey        = "aai-hardcoded-key"
)

// Rules lists the code rules.
func Rules() []catalog.Rule {
	return []catalog.Rule{
		codeRule(PIIMissing, catalog.PIIRedaction, finding.High, "Transcription request without redact_pii: true (SDK or POST /v2/transcript)"),
		codeRule(PIIPoliciesMissing, catalog.PIIRedaction, finding.High, "redact_pii is true but no redact_pii_policies are given (the API requires at least one)"),
		codeRule(PIISetterOverwrite, catalog.PIIRedaction, finding.High, "config.set_redact_pii = ... overwrites the setter method and enables nothing"),
		codeRule(WebhookAuthMissing, catalog.WebhookAuth, finding.High, "webhook_url without webhook_auth_header_name and webhook_auth_header_value"),
		codeRule(WebhookInsecureURL, catalog.WebhookAuth, finding.High, "webhook_url uses plain http"),
		codeRule(BrowserPublicEnvKey, catalog.BrowserTokens, finding.High, "AssemblyAI key in a browser-exposed env variable (NEXT_PUBLIC_, VITE_, REACT_APP_, PUBLIC_, EXPO_PUBLIC_, NUXT_PUBLIC_, GATSBY_)"),
		codeRule(BrowserAPIKey, catalog.BrowserTokens, finding.High, "Raw API key used in browser code (streaming transcriber, SDK client or REST call with apiKey)"),
		codeRule(BrowserKeyReturned, catalog.BrowserTokens, finding.High, "Server route returns the AssemblyAI API key itself instead of a temporary token"),
		codeRule(TokenLongExpiry, catalog.BrowserTokens, finding.Medium, "Temporary token requested with an expiry above 600 seconds"),
		codeRule(ContentSafety, catalog.ContentSafety, finding.Medium, "Transcription request without content_safety: true"),
		codeRule(RetentionNoDelete, catalog.Retention, finding.Medium, "Transcripts are created but never deleted anywhere in the repository"),
		codeRule(HardcodedKey, catalog.EnvKey, finding.High, "A key literal reaches an AssemblyAI client or an Authorization header (through a constant or variable the secret scan cannot tie to AssemblyAI)"),
	}
}

func codeRule(id, item string, sev catalog.Severity, desc string) catalog.Rule {
	return catalog.Rule{ID: id, Checklist: item, Severity: sev, Description: desc, Source: catalog.Code}
}

// RuleByID returns a rule.
func RuleByID(id string) catalog.Rule {
	if r, ok := catalog.Lookup(Rules(), id); ok {
		return r
	}
	panic("coderules: unknown rule " + id)
}
