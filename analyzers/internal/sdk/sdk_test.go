package sdk_test

import (
	"testing"

	"github.com/aaiguard/aaiguard/analyzers/internal/sdk"
)

func TestIsPath(t *testing.T) {
	for path, want := range map[string]bool{
		"github.com/AssemblyAI/assemblyai-go-sdk":                        true,
		"example.com/app/vendor/github.com/AssemblyAI/assemblyai-go-sdk": true,
		"github.com/AssemblyAI/assemblyai-go-sdk/internal":               false,
		"github.com/someone/assemblyai-go-sdk":                           false,
	} {
		if got := sdk.IsPath(path); got != want {
			t.Errorf("IsPath(%q) = %v", path, got)
		}
	}
}

func TestPatterns(t *testing.T) {
	for s, want := range map[string]bool{
		"https://api.assemblyai.com/v2/transcript": true,
		"wss://streaming.eu.assemblyai.com/v3/ws":  true,
		"assemblyai.com":                      true,
		"https://notassemblyai.com":           false,
		"https://assemblyai.com.evil.example": false,
	} {
		if got := sdk.HostRE.MatchString(s); got != want {
			t.Errorf("HostRE(%q) = %v", s, got)
		}
	}
}

func TestHost(t *testing.T) {
	if got := sdk.Host("https://api.eu.assemblyai.com/v2/transcript"); got != "api.eu.assemblyai.com" {
		t.Errorf("Host = %q", got)
	}
	if got := sdk.Host("https://example.com"); got != "" {
		t.Errorf("Host = %q", got)
	}
}
