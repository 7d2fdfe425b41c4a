package hygiene

import (
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/rules"
	"github.com/aaiguard/aaiguard/scanner/detect"
	"github.com/aaiguard/aaiguard/scanner/source/worktree"
)

// FuzzCIFile: any CI file content is checked without a panic, findings
// point at lines of the file, and no finding message holds a literal value.
func FuzzCIFile(f *testing.F) {
	for _, s := range []string{
		"jobs:\n  t:\n    env:\n      ASSEMBLYAI_API_KEY: ${{ secrets.X }}\n",
		"variables:\n  ASSEMBLYAI_API_KEY: \"d5b359914ab3e89e1da926e8635d5956\"\nt:\n  script:\n    - cp .env.production .env\n",
		"a: [\n",
		"x: &a\n  AAI_KEY: abcdefghij\ny: *a\n",
		"- name: ASSEMBLYAI_API_KEY\n  value: $(k)\n",
		"steps:\n  - run: |\n      export ASSEMBLYAI_API_KEY=\"abc def\" && echo 'x\n",
		"pipeline { environment { ASSEMBLYAI_API_KEY = credentials('x') } }\n",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	cfg, err := rules.Default()
	if err != nil {
		f.Fatal(err)
	}
	in := Input{Tree: &worktree.Tree{Root: f.TempDir()}, Engine: detect.New(cfg)}
	f.Fuzz(func(t *testing.T, content string, jenkins bool) {
		sys := "GitHub Actions"
		if jenkins {
			sys = "Jenkins"
		}
		r := newResult()
		checkCIFile(in, r, "ci.yml", sys, []byte(content))
		lines := strings.Count(content, "\n") + 1
		for _, fd := range r.Findings {
			if fd.Line < 0 || fd.Line > lines {
				t.Errorf("finding at line %d of %d: %+v", fd.Line, lines, fd)
			}
			// A value that could be part of a variable name (ASSEMBLY in
			// ASSEMBLYAI_KEY) may appear through the name.
			if raw := fd.Secret.Reveal(); len(raw) >= 8 && strings.Trim(raw, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != "" && strings.Contains(fd.Message, raw) {
				t.Errorf("message holds the value: %q", fd.Message)
			}
		}
	})
}
