// Package good does what the checklist asks; the evidence analyzer records
// each practice.
package good

import (
	"context"
	"crypto/subtle"
	"net/http"
	"os"

	aai "github.com/AssemblyAI/assemblyai-go-sdk"
)

var client = aai.NewClient(os.Getenv("ASSEMBLYAI_API_KEY"))

var fromEnv = aai.NewClientWithOptions()

func transcribe(ctx context.Context) {
	t, _ := client.Transcripts.TranscribeFromURL(ctx, "https://example.com/a.mp3", &aai.TranscriptOptionalParams{
		RedactPII:              aai.Bool(true),
		RedactPIIPolicies:      []aai.PIIPolicy{"person_name"},
		ContentSafety:          aai.Bool(true),
		WebhookURL:             aai.String("https://hooks.example.com/aai"),
		WebhookAuthHeaderName:  aai.String("X-Hook-Secret"),
		WebhookAuthHeaderValue: aai.String(os.Getenv("HOOK_SECRET")),
	})
	client.Transcripts.Delete(ctx, aai.ToString(t.ID))
}

func token(ctx context.Context) {
	client.RealTime.CreateTemporaryToken(ctx, 60)
}

func restDelete(id string) (*http.Request, error) {
	return http.NewRequest(http.MethodDelete, "https://api.assemblyai.com/v2/transcript/"+id, nil)
}

const v3Token = "https://streaming.assemblyai.com/v3/token?expires_in_seconds=60"

func webhook(w http.ResponseWriter, r *http.Request) {
	if subtle.ConstantTimeCompare([]byte(r.Header.Get("X-Hook-Secret")), []byte(os.Getenv("HOOK_SECRET"))) != 1 {
		http.Error(w, "forbidden", http.StatusForbidden)
	}
}

const streamingBase = "https://streaming.assemblyai.com"

var tokenURL = streamingBase + "/v3/token"
