package envfile

import (
	"reflect"
	"strings"
	"testing"
)

func TestIsDotenvAndTemplate(t *testing.T) {
	for _, c := range []struct {
		path            string
		dotenv, tmpl, l bool
	}{
		{".env", true, false, false},
		{"apps/web/.env.local", true, false, true},
		{".env.production.local", true, false, true},
		{".env.production", true, false, false},
		{".env.example", true, true, false},
		{".env.production.sample", true, true, false},
		{".env.template", true, true, false},
		{".env.dist", true, true, false},
		{".envrc", false, false, false},
		{".env.", false, false, false},
		{".environment", false, false, false},
		{"env", false, false, false},
		{"example.env", false, true, false},
		{"src/.env/bin/python", false, false, false},
	} {
		if got := IsDotenv(c.path); got != c.dotenv {
			t.Errorf("IsDotenv(%q) = %v", c.path, got)
		}
		if got := IsTemplate(c.path); got != c.tmpl {
			t.Errorf("IsTemplate(%q) = %v", c.path, got)
		}
		if got := IsLocal(c.path); got != c.l {
			t.Errorf("IsLocal(%q) = %v", c.path, got)
		}
	}
}

func TestEnvironment(t *testing.T) {
	for _, c := range []struct{ path, want string }{
		{".env.development", "development"},
		{".env.dev.local", "development"},
		{".env.production.local", "production"},
		{"apps/api/.env.staging", "staging"},
		{".env.test", "test"},
		{".env", ""},
		{".env.local", ""},
		{".env.production.example", ""},
		{".env.ci", ""},
		{"config/staging.yaml", "staging"},
		{"config/prod.yaml", "production"},
		{"config/production/app.yml", "production"},
		{"src/main/resources/application-prod.yml", "production"},
		{"appsettings.Production.json", "production"},
		{"k8s/overlays/prod/secrets.yaml", "production"},
		{"helm/values-staging.yaml", "staging"},
		{"deploy/prod.env", "production"},
		{"production.env", "production"},
		{"settings.dev.json", "development"},
		// Not per-environment configuration.
		{"src/prod.ts", ""},
		{"docs/production.md", ""},
		{"tests/prod.json", ""},
		{".github/workflows/deploy-prod.yml", ""},
		{".github/workflows/config-prod.yml", ""},
		{"config/local.yaml", ""},
		{"config/default.yaml", ""},
		{"package.json", ""},
	} {
		if got := Environment(c.path); got != c.want {
			t.Errorf("Environment(%q) = %q, want %q", c.path, got, c.want)
		}
	}
}

func TestKeyNameAndPlaceholder(t *testing.T) {
	for _, c := range []struct {
		name string
		want bool
	}{
		{"ASSEMBLYAI_API_KEY", true},
		{"ASSEMBLY_AI_KEY", true},
		{"AAI_API_KEY", true},
		{"assemblyai-api-key", true},
		{"NEXT_PUBLIC_ASSEMBLYAI_API_KEY", true},
		{"PROD_ASSEMBLYAI_TOKEN", true},
		{"ASSEMBLYAI_APIKEY", true},
		{"OPENAI_API_KEY", false},
		{"ASSEMBLYAI_BASE_URL", false},
		{"HAAI_KEY", false},
		{"API_KEY", false},
	} {
		if got := IsKeyName(c.name); got != c.want {
			t.Errorf("IsKeyName(%q) = %v", c.name, got)
		}
	}
	for _, c := range []struct {
		v    string
		want bool
	}{
		{"", true},
		{"abc", true},
		{"your-assemblyai-key", true},
		{"<your key>", true},
		{"changeme", true},
		{"xxxxxxxxxxxxxxxx", true},
		{"${ASSEMBLYAI_API_KEY}", true},
		{"dummy-key-for-tests", true},
		{"c5c5285779dea9a4833e676b2d04f46b", false},
		{"sk-live-9f8a7b6c5d4e3f2a", false},
	} {
		if got := IsPlaceholder(c.v); got != c.want {
			t.Errorf("IsPlaceholder(%q) = %v", c.v, got)
		}
	}
	if !KeyShaped("c5c5285779dea9a4833e676b2d04f46b") || KeyShaped("abc") || KeyShaped("c5c5285779dea9a4833e676b2d04f46bff") {
		t.Error("KeyShaped")
	}
}

func TestPublicPrefix(t *testing.T) {
	for name, want := range map[string]string{
		"NEXT_PUBLIC_ASSEMBLYAI_API_KEY": "NEXT_PUBLIC_", "VITE_AAI_KEY": "VITE_", "vite_x": "VITE_",
		"EXPO_PUBLIC_ASSEMBLYAI_KEY": "EXPO_PUBLIC_", "ASSEMBLYAI_API_KEY": "", "PUBLICATION_KEY": "",
	} {
		if got := PublicPrefix(name); got != want {
			t.Errorf("PublicPrefix(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestParse(t *testing.T) {
	in := "# comment\n" +
		"ASSEMBLYAI_API_KEY=abc123 # trailing\n" +
		"export NAME=\"quoted # not a comment\"\n" +
		"SINGLE='x y'\r\n" +
		"EMPTY=\n" +
		"not an assignment\n" +
		"MULTI=\"line1\nline2\"\n" +
		"URL=https://x.example/#frag\n" +
		"  SPACED = v \n" +
		"1BAD=x\n"
	got := Parse([]byte(in))
	want := []Var{
		{"ASSEMBLYAI_API_KEY", "abc123", 2},
		{"NAME", "quoted # not a comment", 3},
		{"SINGLE", "x y", 4},
		{"EMPTY", "", 5},
		{"MULTI", "line1\nline2", 7},
		{"URL", "https://x.example/#frag", 9},
		{"SPACED", "v", 10},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Parse:\n got %+v\nwant %+v", got, want)
	}
	// An unterminated quote does not swallow the rest of the file.
	got = Parse([]byte("A=\"open\nB=2\n"))
	want = []Var{{"A", "open", 1}, {"B", "2", 2}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("unterminated:\n got %+v\nwant %+v", got, want)
	}
}

// FuzzParse: any content parses without a panic, lines are in range and
// ascending, and names are valid.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"A=1\n", "export B='x'\n", "C=\"multi\nline\"\n", "D=\"open\n", "#c\n=x\n", "E=v # c\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		vars := Parse([]byte(s))
		lines := strings.Count(s, "\n") + 1
		last := 0
		for _, v := range vars {
			if v.Line <= last || v.Line > lines || !validName(v.Name) {
				t.Fatalf("bad var %+v after line %d (of %d)", v, last, lines)
			}
			last = v.Line
		}
	})
}
