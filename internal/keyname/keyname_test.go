package keyname

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestIs(t *testing.T) {
	yes := []string{
		// env names (the former copies in facts, envfile, analyzers/sdk)
		"ASSEMBLYAI_API_KEY", "ASSEMBLY_AI_KEY", "AAI_API_KEY", "AAI_KEY", "aai_key", "NEXT_PUBLIC_ASSEMBLYAI_API_KEY",
		"VITE_ASSEMBLYAI_KEY", "assemblyai_api_key", "REACT_APP_ASSEMBLYAI_TOKEN", "MY_ASSEMBLYAI_SECRET", "ASSEMBLYAI_APIKEY",
		"ASSEMBLY_API_KEY", "NEXT_PUBLIC_ASSEMBLY_API_KEY", "assemblyai-api-key", "PROD_ASSEMBLYAI_TOKEN",
		// issue 11: missed before
		"PUBLIC_ASSEMBLY_API_TOKEN", "ASSEMBLY_API_TOKEN", "ASSEMBLYAI_API_KEY_PROD", "ASSEMBLYAI_STREAMING_API_KEY",
		// identifiers and settings
		"assemblyAiApiKey", "assemblyAIKey", "AssemblyAIAPIKey", "aaiApiKey", "aaiKey", "assemblyaiKey", "AssemblyAiToken",
		"process.env.ASSEMBLYAI_API_KEY", `os.environ["ASSEMBLYAI_API_KEY"]`, "aai.settings.api_key", "assemblyai.api-key",
		"NUXT_PUBLIC_ASSEMBLY_AI_KEY",
	}
	no := []string{
		"", "API_KEY", "OPENAI_API_KEY", "ASSEMBLYAI_BASE_URL", "NEXT_PUBLIC_ASSEMBLYAI_TOKEN_URL", "AAI_REGION", "KAAI_KEYS",
		"HAAI_KEY", "ASSEMBLYAI_KEY_ID_X", "ASSEMBLY_SIGNING_KEY", "ASSEMBLY_KEY", "ASSEMBLYAI_WEBHOOK_SECRET",
		"assemblyaiWebhookSecret", "AAI_CACHE_KEY", "ASSEMBLYAI_KEY_ID", "assemblyai_transcript_id", "aaiKeys",
		"ASSEMBLYAI_SHA256_KEY", "transcriptKey", "assembly", "aai",
	}
	for _, n := range yes {
		if !Is(n) {
			t.Errorf("Is(%q) = false, words %q", n, split(n))
		}
	}
	for _, n := range no {
		if Is(n) {
			t.Errorf("Is(%q) = true, words %q", n, split(n))
		}
	}
}

func TestPublicPrefix(t *testing.T) {
	for name, want := range map[string]string{
		"NEXT_PUBLIC_ASSEMBLYAI_API_KEY": "NEXT_PUBLIC_", "vite_aai_key": "VITE_", "PUBLIC_ASSEMBLY_API_TOKEN": "PUBLIC_",
		"ASSEMBLYAI_API_KEY": "", "EXPO_PUBLIC_AAI_KEY": "EXPO_PUBLIC_",
	} {
		if got := PublicPrefix(name); got != want {
			t.Errorf("PublicPrefix(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestOneDefinition keeps the definition single: no Go file of the module
// outside this package compiles its own AssemblyAI key-name pattern (the
// five slightly different copies issue 11 found).
func TestOneDefinition(t *testing.T) {
	copyRE := regexp.MustCompile(`(?i)MustCompile\(.*(assembly|aai).*(key|token)`)
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "keyname" || strings.HasPrefix(d.Name(), ".")) && p != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(src), "\n") {
			if copyRE.MatchString(line) && !strings.Contains(line, "placeholder") && !strings.Contains(line, `\.com`) {
				t.Errorf("%s:%d: a key-name pattern of its own; use keyname.Is: %s", p, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
