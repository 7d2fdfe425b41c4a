package jsonstr

import (
	"net/http"
	"strings"
)

func submit() {
	http.Post("https://api.assemblyai.com/v2/transcript", "application/json", strings.NewReader(`{"audio_url": "https://example.com/a.mp3", "webhook_url": "http://hooks.example.com/x"}`)) // want `REST transcript request \(JSON string\) sets webhook_url without` `webhook URL "http://hooks.example.com/x" uses http://`
	http.Post("https://api.assemblyai.com/v2/transcript", "application/json", strings.NewReader(`{"audio_url": "https://example.com/a.mp3", "webhook_url": "https://hooks.example.com/x", "webhook_auth_header_name": "X-Secret", "webhook_auth_header_value": "from-vault"}`))
}
