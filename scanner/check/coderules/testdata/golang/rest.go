// Fixture: net/http calls to the REST API, and key literals.
package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"

	assemblyai "github.com/AssemblyAI/assemblyai-go-sdk"
)

const demoKey = "f27cdf6ddb57853ba41a3a643c5ff169" // want "aai-hardcoded-key"

var client = assemblyai.NewClient(demoKey)

func create(url string) {
	body, _ := json.Marshal(map[string]any{"audio_url": url, "speaker_labels": true})
	req, _ := http.NewRequest("POST", "https://api.assemblyai.com/v2/transcript", bytes.NewReader(body)) // want "aai-pii-redaction-missing" "aai-content-safety-missing"
	req.Header.Set("Authorization", demoKey)
	http.DefaultClient.Do(req)

	type request struct {
		AudioURL          string   `json:"audio_url"`
		RedactPII         bool     `json:"redact_pii"`
		RedactPIIPolicies []string `json:"redact_pii_policies"`
		ContentSafety     bool     `json:"content_safety"`
	}
	safe, _ := json.Marshal(request{AudioURL: url, RedactPII: true, RedactPIIPolicies: []string{"person_name"}, ContentSafety: true})
	http.Post("https://api.assemblyai.com/v2/transcript", "application/json", bytes.NewReader(safe))

	http.Post("https://api.assemblyai.com/v2/transcript", "application/json", strings.NewReader(`{"audio_url": "u", "redact_pii": true, "content_safety": true}`)) // want "aai-pii-policies-missing"

	del, _ := http.NewRequest(http.MethodDelete, "https://api.assemblyai.com/v2/transcript/"+url, nil)
	http.DefaultClient.Do(del)

	// Another host.
	http.Post("https://api.example.com/v2/transcript", "application/json", bytes.NewReader(body))
}
