package facts_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
	"github.com/aaiguard/aaiguard/scanner/check/lang/jsts"
	"github.com/aaiguard/aaiguard/scanner/check/lang/python"
	"github.com/aaiguard/aaiguard/scanner/check/lang/treesitter"
)

// TestFlowBounds: in both front ends that follow values through helpers, a
// helper's calling contexts stop at MaxCallSites and at MaxFlowDepth
// nested helpers, with the file's note saying so; within the bounds there
// is no note and each request names its call sites.
func TestFlowBounds(t *testing.T) {
	type lang struct {
		head, helper, wrap, call string // helper: h1 calls the API; wrap: h%d calls h%d
		analyze                  func(src string) (*facts.File, error)
	}
	langs := map[string]lang{
		"js": {
			head:   "import { AssemblyAI } from \"assemblyai\";\nconst client = new AssemblyAI({ apiKey: k });\n",
			helper: "function h1(p) { return client.transcripts.transcribe(p); }\n",
			wrap:   "function h%d(p) { return h%d(p); }\n",
			call:   "h%d({ audio: \"%d.mp3\", redact_pii: true });\n",
			analyze: func(src string) (*facts.File, error) {
				f, _, err := jsts.Analyze([]byte(src), treesitter.JavaScript)
				return f, err
			},
		},
		"python": {
			head:   "import assemblyai as aai\nt = aai.Transcriber()\n",
			helper: "def h1(c):\n    return t.transcribe(\"a.mp3\", config=c)\n",
			wrap:   "def h%d(c):\n    return h%d(c)\n",
			call:   "h%d(aai.TranscriptionConfig(redact_pii=True, speakers_expected=%d))\n",
			analyze: func(src string) (*facts.File, error) {
				f, _, err := python.Analyze([]byte(src))
				return f, err
			},
		},
	}
	for name, l := range langs {
		chain := func(n, calls int) string {
			var b strings.Builder
			b.WriteString(l.head + l.helper)
			for i := 2; i <= n; i++ {
				fmt.Fprintf(&b, l.wrap, i, i-1)
			}
			for i := range calls {
				fmt.Fprintf(&b, l.call, n, i)
			}
			return b.String()
		}
		for _, tc := range []struct {
			what     string
			src      string
			requests int
			note     bool
		}{
			{"call sites within the bound", chain(1, facts.MaxCallSites), facts.MaxCallSites, false},
			{"call sites past the bound", chain(1, facts.MaxCallSites+4), facts.MaxCallSites, true},
			{"nested helpers within the bound", chain(facts.MaxFlowDepth, 1), 1, false},
			{"nested helpers past the bound", chain(facts.MaxFlowDepth+1, 1), 1, true},
		} {
			f, err := l.analyze(tc.src)
			if err != nil {
				t.Fatal(err)
			}
			via := 0
			for _, r := range f.Requests {
				if len(r.Via) > 0 {
					via++
				}
			}
			if len(f.Requests) != tc.requests || tc.note != slices.Contains(f.Notes, facts.FlowNote()) || !tc.note && via != tc.requests {
				t.Errorf("%s, %s: %d requests (%d through call sites), notes %q; want %d, note %v", name, tc.what, len(f.Requests), via, f.Notes, tc.requests, tc.note)
			}
		}
	}
}
