package apicall_test

import (
	"testing"

	"github.com/aaiguard/aaiguard/scanner/check/lang/apicall"
	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
)

func TestOptionKey(t *testing.T) {
	for in, want := range map[string]string{
		"RedactPii":              "redact_pii",          // C#
		"redactPiiPolicies":      "redact_pii_policies", // Java
		"RedactPIIPolicies":      "redact_pii_policies", // Go
		"RedactPII":              "redact_pii",
		"WebhookURL":             "webhook_url",
		"WebhookAuthHeaderValue": "webhook_auth_header_value",
		"ContentSafety":          "content_safety",
		"redact_pii":             "redact_pii", // Ruby, JSON
		"audio_url":              "audio_url",
		"AudioUrl":               "audio_url",
		"AudioURL":               "audio_url",
	} {
		if got := apicall.OptionKey(in); got != want {
			t.Errorf("OptionKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsKeyShaped(t *testing.T) {
	for s, want := range map[string]bool{
		"c5c5285779dea9a4833e676b2d04f46b":  true,
		"C5C5285779DEA9A4833E676B2D04F46B":  false, // keys are lower case
		"0123456789abcdef0123456789abcdef":  false, // a run
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa":  false,
		"c5c5285779dea9a4833e676b2d04f46":   false, // 31
		"c5c5285779dea9a4833e676b2d04f46bb": false,
		"YOUR_API_KEY":                      false,
	} {
		if got := apicall.IsKeyShaped(s); got != want {
			t.Errorf("IsKeyShaped(%q) = %v", s, got)
		}
	}
}

func TestJSONBody(t *testing.T) {
	v := apicall.JSONBody(facts.Value{Kind: facts.Str, Str: `{"audio_url": "u", "redact_pii": true, "redact_pii_policies": ["person_name"], "n": 3, "x": null}`})
	if got := v.String(); v.Kind != facts.Obj || len(v.Obj.Keys) != 5 {
		t.Fatalf("JSONBody: %s", got)
	}
	if r, _ := v.Obj.Get("redact_pii"); r.Kind != facts.Bool || !r.Bool {
		t.Errorf("redact_pii = %s", r)
	}
	for _, s := range []string{`{"audio_url": "` + facts.Hole + `"}`, `[1]`, `not json`} {
		if v := apicall.JSONBody(facts.Value{Kind: facts.Str, Str: s}); v.Kind != facts.Unknown {
			t.Errorf("JSONBody(%q) = %s, want unknown", s, v)
		}
	}
}
