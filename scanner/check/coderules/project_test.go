package coderules

import (
	"errors"
	"strings"
	"testing"
)

func TestBrowser(t *testing.T) {
	pkgs := map[string]string{
		"web/package.json":    `{"devDependencies": {"vite": "5"}}`,
		"kit/package.json":    `{"devDependencies": {"vite": "5", "@sveltejs/kit": "2"}}`,
		"cra/package.json":    `{"dependencies": {"react-scripts": "5"}}`,
		"mobile/package.json": `{"dependencies": {"expo": "51"}}`,
		"package.json":        `{"dependencies": {"express": "4"}}`,
		"bad/package.json":    `{not json`,
	}
	var paths []string
	for p := range pkgs {
		paths = append(paths, p)
	}
	read := func(f string) ([]byte, error) {
		if s, ok := pkgs[f]; ok {
			return []byte(s), nil
		}
		return nil, errors.New("no such file")
	}
	listed := 0
	lazy := LazyProject(func() []string { listed++; return paths }, read)
	if listed != 0 {
		t.Fatal("LazyProject listed the paths before a rule needed them")
	}
	for name, p := range map[string]*Project{"NewProject": NewProject(paths, read), "LazyProject": lazy} {
		t.Run(name, func(t *testing.T) { testBrowser(t, p) })
	}
	if listed != 1 {
		t.Errorf("LazyProject listed the paths %d times, want once", listed)
	}
}

func testBrowser(t *testing.T, p *Project) {
	tests := []struct {
		file      string
		useClient bool
		want      bool
		server    bool
	}{
		{"mobile/token-server.js", false, false, false},
		{"components/WithHooks.jsx", false, true, false},
		{"pages/api/WithHooks.js", false, false, false},
		{"mobile/app/proxy.ts", false, false, true},
		{"web/src/server.ts", false, false, false},
		{"web/src/observer.ts", false, true, false},
		{"web/src/App.tsx", false, true, false},
		{"web/src/api/token.ts", false, false, false},
		{"web/server/index.ts", false, false, false},
		{"web/vite.config.ts", false, false, false},
		{"kit/src/lib/stream.ts", false, false, false},
		{"kit/src/routes/+page.svelte", false, true, false},
		{"cra/src/index.js", false, true, false},
		{"mobile/app/index.tsx", false, true, false},
		{"mobile/app/token+api.ts", false, false, false},
		{"server.js", false, false, false},
		{"app/page.tsx", true, true, false},
		{"public/app.js", false, true, false},
		{"static/index.html", false, true, false},
		{"static/app.js", false, true, false},
		{"app/static/js/recorder.js", false, true, false},
		{"bad/src/x.ts", false, false, false},
	}
	for _, tt := range tests {
		got, why := p.Browser(tt.file, tt.useClient, tt.server, strings.Contains(tt.file, "Hooks"))
		if got != tt.want {
			t.Errorf("Browser(%q, %v) = %v (%s), want %v", tt.file, tt.useClient, got, why, tt.want)
		}
		if got && why == "" {
			t.Errorf("Browser(%q): no reason", tt.file)
		}
	}
}

func TestScriptBlocks(t *testing.T) {
	src := "<html>\n<script src=\"x.js\"></script>\n<script type=\"text/template\">new AssemblyAI()</script>\n<script lang=\"ts\">\nconst a: number = 1;\n</script>\n<p>const b = 2;</p>\n"
	out, ts, found := scriptBlocks([]byte(src))
	if !found || !ts {
		t.Fatalf("found=%v ts=%v", found, ts)
	}
	if len(out) != len(src) || strings.Count(string(out), "\n") != strings.Count(src, "\n") {
		t.Fatal("positions not kept")
	}
	s := string(out)
	if !strings.Contains(s, "const a: number = 1;") || strings.Contains(s, "AssemblyAI") || strings.Contains(s, "const b") || strings.Contains(s, "script") {
		t.Errorf("extracted %q", s)
	}
	if strings.Index(s, "const a") != strings.Index(src, "const a") {
		t.Error("offset moved")
	}
}

func TestPrefilterSkipsUnrelatedFiles(t *testing.T) {
	c := &Checker{}
	res := c.Check("src/math.ts", []byte("export const add = (a: number, b: number) => a + b;\n"))
	if res.Parsed {
		t.Error("an unrelated file was parsed")
	}
	c.NoPrefilter = true
	if res := c.Check("src/math.ts", []byte("export const add = (a: number, b: number) => a + b;\n")); !res.Parsed {
		t.Error("NoPrefilter did not parse")
	}
	// every keyword family lets a file through
	for _, s := range []string{"AssemblyAI", "AAI_KEY", "transcripts.transcribe", "createTemporaryToken", "/v3/token"} {
		if !interesting([]byte("x = " + s)) {
			t.Errorf("%q filtered out", s)
		}
	}
}

func TestEnvFile(t *testing.T) {
	f := envFileFacts([]byte("# VITE_ASSEMBLYAI_API_KEY=commented\nexport VITE_ASSEMBLYAI_API_KEY=abc\nASSEMBLYAI_API_KEY=x\nNEXT_PUBLIC_SITE=y\n  REACT_APP_AAI_KEY = z\n"))
	var got []string
	for _, s := range f.PublicEnv {
		got = append(got, s.What)
	}
	if strings.Join(got, ",") != "VITE_ASSEMBLYAI_API_KEY,REACT_APP_AAI_KEY" || f.PublicEnv[0].Line != 2 || f.PublicEnv[1].Line != 5 {
		t.Errorf("got %v %+v", got, f.PublicEnv)
	}
	for p, want := range map[string]bool{".env": true, "app/.env.local": true, "prod.env": true, "env.ts": false, ".envrc": false} {
		if IsEnvFile(p) != want {
			t.Errorf("IsEnvFile(%q) = %v", p, !want)
		}
	}
}
