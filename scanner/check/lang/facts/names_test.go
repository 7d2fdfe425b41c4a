package facts

import "testing"

func TestIsKeyName(t *testing.T) {
	yes := []string{"ASSEMBLYAI_API_KEY", "ASSEMBLY_AI_KEY", "AAI_API_KEY", "AAI_KEY", "NEXT_PUBLIC_ASSEMBLYAI_API_KEY", "VITE_ASSEMBLYAI_KEY", "assemblyai_api_key", "REACT_APP_ASSEMBLYAI_TOKEN", "MY_ASSEMBLYAI_SECRET", "ASSEMBLYAI_APIKEY", "ASSEMBLY_API_KEY", "NEXT_PUBLIC_ASSEMBLY_API_KEY", "PUBLIC_ASSEMBLY_API_TOKEN"}
	no := []string{"API_KEY", "OPENAI_API_KEY", "ASSEMBLYAI_BASE_URL", "NEXT_PUBLIC_ASSEMBLYAI_TOKEN_URL", "AAI_REGION", "KAAI_KEYS", "ASSEMBLYAI_KEY_ID_X", "ASSEMBLY_SIGNING_KEY", "ASSEMBLY_KEY"}
	for _, n := range yes {
		if !IsKeyName(n) {
			t.Errorf("IsKeyName(%q) = false", n)
		}
	}
	for _, n := range no {
		if IsKeyName(n) {
			t.Errorf("IsKeyName(%q) = true", n)
		}
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		url      string
		mentions bool
		want     Endpoint
	}{
		{"https://api.assemblyai.com/v2/transcript", false, TranscriptList},
		{"https://api.eu.assemblyai.com/v2/transcript/", false, TranscriptList},
		{"https://api.assemblyai.com/v2/transcript?limit=1", false, TranscriptList},
		{"https://api.assemblyai.com/v2/transcript/" + Hole, false, TranscriptItem},
		{"https://api.assemblyai.com/v2/transcript/abc/sentences", false, OtherAPI},
		{Hole + "/v2/transcript", false, TranscriptList},
		{Hole + "/transcript", true, TranscriptList},
		{Hole + "/transcript", false, NotAPI},
		{Hole + "/transcript/" + Hole, true, TranscriptItem},
		{"/transcript", true, NotAPI}, // the app's own route
		{"/api/transcript", true, NotAPI},
		{"https://api.example.com/v2/transcript", true, NotAPI},
		{"https://" + Hole + "/v2/transcript", false, TranscriptList},
		{"https://streaming.assemblyai.com/v3/token?expires_in_seconds=60", false, StreamingToken},
		{"https://api.assemblyai.com/v2/realtime/token", false, RealtimeTokenV2},
		{"https://api.assemblyai.com/v2/upload", false, OtherAPI},
		{"https://example.com/", true, NotAPI},
	}
	for _, tt := range tests {
		if got := Classify(tt.url, tt.mentions); got != tt.want {
			t.Errorf("Classify(%q, %v) = %d, want %d", tt.url, tt.mentions, got, tt.want)
		}
	}
}

func TestJoin(t *testing.T) {
	for _, tt := range [][3]string{
		{"https://api.assemblyai.com/v2", "/transcript", "https://api.assemblyai.com/v2/transcript"},
		{"https://api.assemblyai.com/v2/", "transcript", "https://api.assemblyai.com/v2/transcript"},
		{"https://a", "https://b/x", "https://b/x"},
		{"", "/x", "/x"},
	} {
		if got := Join(tt[0], tt[1]); got != tt[2] {
			t.Errorf("Join(%q, %q) = %q, want %q", tt[0], tt[1], got, tt[2])
		}
	}
}
