// Package jsonstr sends transcript requests as JSON strings.
package jsonstr

import (
	"encoding/json"
	"net/http"
	"strings"
)

const endpoint = "https://api.assemblyai.com/v2/transcript"

func submit() {
	http.Post(endpoint, "application/json", strings.NewReader(`{"audio_url": "https://example.com/a.mp3", "speaker_labels": true}`)) // want `REST transcript request \(JSON string\) without redact_pii`
	http.Post(endpoint, "application/json", strings.NewReader(`{"audio_url": "https://example.com/a.mp3", "redact_pii": true}`))     // want `REST transcript request \(JSON string\) sets redact_pii without redact_pii_policies`
	http.Post(endpoint, "application/json", strings.NewReader(`{"audio_url": "https://example.com/a.mp3", "redact_pii": true, "redact_pii_policies": ["person_name"]}`))
	http.Post(endpoint, "application/json", strings.NewReader(`not json, but mentions audio_url`))
}

// A transcript (the API's response), as a test server writes it: not a
// request.
func fakeServer(w http.ResponseWriter) {
	w.Write([]byte(`{"id": "t1", "status": "completed", "audio_url": "https://example.com/a.mp3"}`))
	json.NewEncoder(w).Encode(map[string]any{"id": "t1", "audio_url": "https://example.com/a.mp3"})
}
