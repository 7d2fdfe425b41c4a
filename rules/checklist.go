package rules

// ChecklistItem is one line of the AssemblyAI security checklist. The IDs
// are part of the public contract (JSON, SARIF, config files) and never
// change.
type ChecklistItem struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Remediation string `json:"remediation"`
}

// Checklist item IDs.
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

// Checklist is the security checklist in its fixed order.
var Checklist = []ChecklistItem{
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

// ChecklistByID returns the item with the given ID.
func ChecklistByID(id string) (ChecklistItem, bool) {
	for _, c := range Checklist {
		if c.ID == id {
			return c, true
		}
	}
	return ChecklistItem{}, false
}
