// Fixture: the AssemblyAI Go SDK (AssemblyAI/assemblyai-go-sdk v1.10.0)
// judged without type information.
package main

import (
	"context"
	"os"

	aai "github.com/AssemblyAI/assemblyai-go-sdk"
)

const audio = "https://example.com/call.mp3"

func main() {
	ctx := context.Background()
	client := aai.NewClient(os.Getenv("ASSEMBLYAI_API_KEY"))

	// nil options: the defaults keep PII.
	client.Transcripts.TranscribeFromURL(ctx, audio, nil) // want "aai-pii-redaction-missing" "aai-content-safety-missing"

	// Redaction with policies and content safety.
	client.Transcripts.TranscribeFromURL(ctx, audio, &aai.TranscriptOptionalParams{
		RedactPII:         aai.Bool(true),
		RedactPIIPolicies: []aai.PIIPolicy{"person_name", "phone_number"},
		ContentSafety:     aai.Bool(true),
	})

	// RedactPII false, and policies missing.
	client.Transcripts.SubmitFromURL(ctx, audio, &aai.TranscriptOptionalParams{RedactPII: aai.Bool(false), ContentSafety: aai.Bool(true)}) // want "aai-pii-redaction-missing"
	client.Transcripts.SubmitFromURL(ctx, audio, &aai.TranscriptOptionalParams{RedactPII: aai.Bool(true), ContentSafety: aai.Bool(true)})  // want "aai-pii-policies-missing"

	// A commented-out field does not count.
	commented := &aai.TranscriptOptionalParams{
		// RedactPII: aai.Bool(true),
		ContentSafety: aai.Bool(true),
	}
	client.Transcripts.SubmitFromURL(ctx, audio, commented) // want "aai-pii-redaction-missing"

	// Fields set after the declaration; one under a condition.
	var params aai.TranscriptOptionalParams
	params.ContentSafety = aai.Bool(true)
	params.RedactPII = aai.Bool(true)
	params.RedactPIIPolicies = []aai.PIIPolicy{"person_name"}
	client.Transcripts.SubmitFromURL(ctx, audio, &params)

	cond := &aai.TranscriptOptionalParams{ContentSafety: aai.Bool(true)}
	if os.Getenv("SENSITIVE") != "" {
		cond.RedactPII = aai.Bool(true)
	}
	client.Transcripts.SubmitFromURL(ctx, audio, cond)

	// A redacting call next to a non-redacting one.
	f, _ := os.Open("a.mp3")
	client.Transcripts.TranscribeFromReader(ctx, f, &params)
	client.Transcripts.TranscribeFromReader(ctx, f, &aai.TranscriptOptionalParams{ContentSafety: aai.Bool(true)}) // want "aai-pii-redaction-missing"

	// Webhooks.
	client.Transcripts.SubmitFromURL(ctx, audio, &aai.TranscriptOptionalParams{RedactPII: aai.Bool(true), RedactPIIPolicies: []aai.PIIPolicy{"person_name"}, ContentSafety: aai.Bool(true), WebhookURL: aai.String("https://example.com/hook")}) // want "aai-webhook-auth-missing"
	client.Transcripts.SubmitFromURL(ctx, audio, &aai.TranscriptOptionalParams{RedactPII: aai.Bool(true), RedactPIIPolicies: []aai.PIIPolicy{"person_name"}, ContentSafety: aai.Bool(true),
		WebhookURL: aai.String("https://example.com/hook"), WebhookAuthHeaderName: aai.String("X-Hook"), WebhookAuthHeaderValue: aai.String(os.Getenv("HOOK_SECRET"))})

	// Retention.
	client.Transcripts.Delete(ctx, "abc")

	submit(ctx, client, &params)
	submit(ctx, client, &aai.TranscriptOptionalParams{ContentSafety: aai.Bool(true)})
}

// A helper called once with and once without redaction.
func submit(ctx context.Context, client *aai.Client, opts *aai.TranscriptOptionalParams) {
	client.Transcripts.SubmitFromURL(ctx, audio, opts) // want "aai-pii-redaction-missing"
}

// Parameters the file cannot show are not judged.
func unknown(ctx context.Context, client *aai.Client, opts *aai.TranscriptOptionalParams) {
	client.Transcripts.SubmitFromURL(ctx, audio, opts)
}
