package finding_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/finding"
)

const raw = "2ef763e91f8e01127132d43d8c3acb66" // fake

// A Finding printed or marshalled any ordinary way never shows the raw
// secret: only Secret.Reveal and Display(true) do.
func TestSecretNeverLeaksByAccident(t *testing.T) {
	f := finding.Finding{Rule: "r", File: "a.env"}
	f.SetEvidence(raw)
	js, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]string{
		"%v": fmt.Sprintf("%v", f), "%+v": fmt.Sprintf("%+v", f), "%#v": fmt.Sprintf("%#v", f),
		"String": f.Secret.String(), "json": string(js), "ptr %v": fmt.Sprintf("%v", &f),
	} {
		if strings.Contains(s, raw) {
			t.Errorf("%s leaks the secret: %s", name, s)
		}
	}
	if f.Secret.Reveal() != raw || f.Secret.Display(true) != raw || f.Secret.Display(false) != "2ef7…" {
		t.Error("Reveal/Display")
	}
	if !strings.Contains(string(js), `"secret":"2ef7…"`) {
		t.Errorf("json %s", js)
	}
}

func TestSecretFromReportIsDisplayOnly(t *testing.T) {
	var f finding.Finding
	if err := json.Unmarshal([]byte(`{"rule":"r","secret":"2ef7…","fingerprint":"abc"}`), &f); err != nil {
		t.Fatal(err)
	}
	if f.Secret.Reveal() != "" || f.Secret.String() != "2ef7…" || f.Secret.Hash() != "" {
		t.Errorf("decoded secret %q %q", f.Secret.Reveal(), f.Secret.String())
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{"": "", "short": "*****", "12345678": "********", raw: "2ef7…", "ключ-секрет-значение": "ключ…"} {
		if got := finding.Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFingerprint(t *testing.T) {
	a := finding.Fingerprint("r", "a.env", raw)
	if a != finding.Fingerprint("r", "a.env", raw) || len(a) != 32 {
		t.Fatal("not stable")
	}
	for _, b := range []string{finding.Fingerprint("r2", "a.env", raw), finding.Fingerprint("r", "b.env", raw), finding.Fingerprint("r", "a.env", raw+"x")} {
		if a == b {
			t.Error("fingerprint ignores rule, path or secret")
		}
	}
	if strings.Contains(a, raw[:8]) {
		t.Error("fingerprint contains the secret")
	}
}

func TestSeverity(t *testing.T) {
	if !finding.High.IsError() || !finding.Critical.IsError() || finding.Medium.IsError() || finding.Low.IsError() {
		t.Error("IsError")
	}
	if !finding.Severity("low").Valid() || finding.Severity("urgent").Valid() {
		t.Error("Valid")
	}
}
