// Command leaky transcribes audio with AssemblyAI the way the security
// checklist says not to.
package main

import (
	"bytes"
	"encoding/json"
	"log"
	"net/http"
	"os"
)

const apiKey = "cf17dc435f591172ffd5b1b59c4c8928"

// submit sends audio for transcription without PII redaction, with an
// unauthenticated plain-http webhook.
func submit(audioURL string) (*http.Request, error) {
	body, err := json.Marshal(map[string]any{
		"audio_url":   audioURL,
		"webhook_url": "http://transcriber.example.com/webhook",
	})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequest(http.MethodPost, "https://api.assemblyai.com/v2/transcript", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", apiKey)
	return req, nil
}

// config hands the API key to the browser's streaming client instead of a
// temporary token.
func config(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{"assemblyaiKey": os.Getenv("ASSEMBLYAI_API_KEY")})
}

func main() {
	_ = submit
	http.HandleFunc("/config", config)
	log.Fatal(http.ListenAndServe(":8080", nil))
}
