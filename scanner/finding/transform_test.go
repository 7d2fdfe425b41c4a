package finding_test

import (
	"slices"
	"testing"

	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/finding"
)

func key(raw string) finding.Secret { return finding.NewSecret(raw) }

func TestFoldHistory(t *testing.T) {
	a, b := "0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"
	in := []finding.Finding{
		{Rule: "k", File: "z.py", Line: 1, Secret: key(a), Source: finding.SourceWorktree},
		{Rule: "k", File: "app.py", Line: 3, Secret: key(a), Source: finding.SourceWorktree},
		{Rule: "k", File: "z.py", Line: 7, Secret: key(a), Source: finding.SourceHistory, Commit: "c1", Date: "d1"}, // same file: folded into z.py
		{Rule: "k", File: "old.py", Line: 2, Secret: key(a), Source: finding.SourceHistory, Commit: "c2"},           // other file: folded into app.py (first by path)
		{Rule: "k", File: "gone.py", Line: 4, Secret: key(b), Source: finding.SourceHistory, Commit: "c3"},          // no longer in the work tree: stays
		{Rule: "other", File: "z.py", Line: 7, Secret: key(a), Source: finding.SourceHistory, Commit: "c4"},         // another rule: stays
		{Rule: "code", File: "x.ts", Line: 1, Source: finding.SourceCode},
	}
	orig := slices.Clone(in)
	out := finding.FoldHistory(in)
	if len(out) != 5 {
		t.Fatalf("%d findings, want 5: %+v", len(out), out)
	}
	if got := out[0].Also; len(got) != 1 || got[0] != (finding.Location{File: "z.py", Line: 7, Commit: "c1", Date: "d1"}) {
		t.Errorf("z.py also %+v", got)
	}
	if got := out[1].Also; len(got) != 1 || got[0].File != "old.py" || got[0].Commit != "c2" {
		t.Errorf("app.py also %+v", got)
	}
	if out[2].File != "gone.py" || out[3].Rule != "other" || out[4].Rule != "code" {
		t.Errorf("kept %+v", out[2:])
	}
	for i := range orig {
		if len(in[i].Also) != len(orig[i].Also) || in[i].File != orig[i].File {
			t.Fatalf("input modified at %d", i)
		}
	}
	if got := finding.FoldHistory(nil); len(got) != 0 {
		t.Errorf("FoldHistory(nil) = %v", got)
	}
}

func TestDropDuplicateKeys(t *testing.T) {
	k := key("0123456789abcdef0123456789abcdef")
	in := []finding.Finding{
		{Rule: "assemblyai-api-key", Checklist: catalog.EnvKey, File: "main.go", Line: 5, Secret: k, Source: finding.SourceWorktree},
		{Rule: "go-hardcodedkey", Checklist: catalog.EnvKey, File: "main.go", Line: 5, Source: finding.SourceGo, Also: []finding.Location{{File: "main.go", Line: 12, Note: "passed to NewClient"}}}, // same line: dropped
		{Rule: "go-hardcodedkey", Checklist: catalog.EnvKey, File: "main.go", Line: 9, Source: finding.SourceGo},                                                                                     // no secret finding there: kept
		{Rule: "assemblyai-api-key", Checklist: catalog.EnvKey, File: "old.go", Line: 2, Secret: k, Commit: "c1"},                                                                                    // history: does not count
		{Rule: "go-hardcodedkey", Checklist: catalog.EnvKey, File: "old.go", Line: 2, Source: finding.SourceGo},                                                                                      // kept
		{Rule: "go-redactpii", Checklist: catalog.PIIRedaction, File: "main.go", Line: 5, Source: finding.SourceGo},                                                                                  // other item: kept
		{Rule: "aai-hardcoded-key", Checklist: catalog.EnvKey, File: "main.go", Line: 5, Source: finding.SourceCode},                                                                                 // a code rule's: dropped
		{Rule: "aai-hardcoded-key", Checklist: catalog.EnvKey, File: "App.java", Line: 3, Source: finding.SourceCode},                                                                                // kept
	}
	out := finding.DropDuplicateKeys(in)
	var got []string
	for _, f := range out {
		got = append(got, f.Rule+" "+f.File)
	}
	want := []string{"assemblyai-api-key main.go", "go-hardcodedkey main.go", "assemblyai-api-key old.go", "go-hardcodedkey old.go", "go-redactpii main.go", "aai-hardcoded-key App.java"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if out[1].Line != 9 || len(in) != 8 {
		t.Errorf("wrong one dropped or input changed: %+v", out[1])
	}
	if a := out[0].Also; len(a) != 1 || a[0].Line != 12 || a[0].Note != "passed to NewClient" || len(in[0].Also) != 0 {
		t.Errorf("the dropped finding's uses did not move onto the secret finding: %+v", a)
	}
}
