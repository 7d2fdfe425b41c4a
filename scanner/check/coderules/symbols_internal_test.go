package coderules

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
)

func memSymbols(files map[string]string) *Symbols {
	var paths []string
	for p := range files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	return NewSymbols(paths, func(p string) ([]byte, error) {
		if s, ok := files[p]; ok {
			return []byte(s), nil
		}
		return nil, errors.New("no such file")
	})
}

func TestResolveSpecs(t *testing.T) {
	s := memSymbols(map[string]string{
		"web/tsconfig.json":            "{\n  // comments and trailing commas, as tsc allows\n  \"compilerOptions\": { \"baseUrl\": \".\", \"paths\": { \"@/*\": [\"./src/*\"], \"@lib\": [\"./src/lib/index.ts\"], }, },\n}\n",
		"web/src/lib/aai.ts":           "",
		"web/src/lib/index.ts":         "",
		"web/src/app/page.tsx":         "",
		"web/src/util/index.js":        "",
		"web/src/esm.ts":               "",
		"kit/svelte.config.js":         "",
		"kit/src/lib/client.ts":        "",
		"nuxt/nuxt.config.ts":          "",
		"nuxt/server/utils/aai.ts":     "",
		"svc/src/app/aai.py":           "",
		"svc/src/app/__init__.py":      "",
		"svc/src/app/api/routes.py":    "",
		"svc/src/app/api/__init__.py":  "",
		"svc/src/app/core/__init__.py": "",
	})
	for _, tc := range []struct {
		from, spec string
		py         bool
		want       string
	}{
		{"web/src/app/page.tsx", "@/lib/aai", false, "web/src/lib/aai.ts"},
		{"web/src/app/page.tsx", "@lib", false, "web/src/lib/index.ts"},
		{"web/src/app/page.tsx", "../lib", false, "web/src/lib/index.ts"},
		{"web/src/app/page.tsx", "../util", false, "web/src/util/index.js"},
		{"web/src/app/page.tsx", "../esm.js", false, "web/src/esm.ts"},
		{"web/src/app/page.tsx", "react", false, ""},
		{"web/src/app/page.tsx", "../../../outside", false, ""},
		{"kit/src/routes/+page.svelte", "$lib/client", false, "kit/src/lib/client.ts"},
		{"nuxt/pages/index.vue", "~/server/utils/aai", false, "nuxt/server/utils/aai.ts"},
		{"svc/src/app/api/routes.py", "app.aai", true, "svc/src/app/aai.py"},
		{"svc/src/app/api/routes.py", "..aai", true, "svc/src/app/aai.py"},
		{"svc/src/app/api/routes.py", ".", true, "svc/src/app/api/__init__.py"},
		{"svc/src/app/api/routes.py", "..core", true, "svc/src/app/core/__init__.py"},
		{"svc/src/app/api/routes.py", "os.path", true, ""},
		{"svc/src/app/api/routes.py", "....x", true, ""},
	} {
		got, _ := s.resolve(tc.from, tc.spec, tc.py)
		if got != tc.want {
			t.Errorf("resolve(%s, %q) = %q, want %q", tc.from, tc.spec, got, tc.want)
		}
	}
}

// TestImportLimits: a re-export chain longer than MaxImportChain and a
// cycle stay unknown with a note; a module that is not UTF-8, or not code
// at all, exports nothing; nothing panics.
func TestImportLimits(t *testing.T) {
	files := map[string]string{
		"a.ts":    "export { x } from './b';\n",
		"b.ts":    "export { x } from './a';\n",
		"bad.ts":  "export const p = {\xff\xfe: '\x00'};\nexport const q = { redact_pii: \xc3 };\n",
		"self.py": "from .self import x\n",
	}
	for i := 0; i < MaxImportChain+3; i++ {
		files[fmt.Sprintf("c%d.ts", i)] = fmt.Sprintf("export { x } from './c%d';\n", i+1)
	}
	files[fmt.Sprintf("c%d.ts", MaxImportChain+3)] = "export const x = { redact_pii: true };\n"
	s := memSymbols(files)
	for _, tc := range []struct{ from, spec, name, note string }{
		{"main.ts", "./a", "x", "import cycle"},
		{"main.ts", "./c0", "x", "more than 8 modules"},
		{"main.ts", "./bad", "p", ""},
		{"main.py", ".self", "x", "import cycle"},
	} {
		im := s.importer(tc.from)
		e, ok := im.Import(tc.spec, tc.name)
		// nothing known, or an object whose keys a syntax error may hide
		if ok && e.Value.Kind != facts.Unknown && !(e.Value.Kind == facts.Obj && e.Value.Obj.Open) {
			t.Errorf("%s %s: resolved to %v", tc.spec, tc.name, e.Value)
		}
		if tc.note != "" && !strings.Contains(strings.Join(im.notes, "\n"), tc.note) {
			t.Errorf("%s: notes %q, want %q", tc.spec, im.notes, tc.note)
		}
	}
	// The chain end is reachable from close enough.
	im := s.importer("main.ts")
	if e, ok := im.Import(fmt.Sprintf("./c%d", 4), "x"); !ok || e.Value.Kind != facts.Obj || e.File != fmt.Sprintf("c%d.ts", MaxImportChain+3) {
		t.Errorf("a chain within the limit: %+v %v", e, ok)
	}
}

// TestModuleLimit: past MaxModules, imports stay unknown and say so.
func TestModuleLimit(t *testing.T) {
	s := memSymbols(map[string]string{"m.ts": "export const x = 1;\n"})
	s.loaded = MaxModules
	im := s.importer("main.ts")
	if _, ok := im.Import("./m", "x"); ok {
		t.Error("a module past the limit was read")
	}
	if !strings.Contains(strings.Join(im.notes, ""), "reached its limit") {
		t.Errorf("notes %q", im.notes)
	}
}
