package staged

import (
	"slices"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/git/gitindex"
)

// TestTreeFind: the staged tree answers for the next commit's files under
// the scanned root only (not a conflict's sides, an intent-to-add entry, a
// submodule or a sparse directory), whether the index is in git's order
// (binary search) or damaged (a table).
func TestTreeFind(t *testing.T) {
	h := func(b byte) gitindex.Hash { return gitindex.Hash{b} }
	entries := []gitindex.Entry{
		{Name: "README.md", Mode: 0o100644, Hash: h(1)},
		{Name: "web/a.ts", Mode: 0o100644, Hash: h(2)},
		{Name: "web/b.ts", Mode: 0o100644, Hash: h(3), Stage: 1},
		{Name: "web/b.ts", Mode: 0o100644, Hash: h(4), Stage: 2},
		{Name: "web/c.ts", Mode: 0o100644, Hash: h(5), IntentToAdd: true},
		{Name: "web/lib", Mode: gitindex.ModeGitlink, Hash: h(6)},
		{Name: "web/package.json", Mode: 0o100644, Hash: h(7)},
		{Name: "web/sparse/", Mode: gitindex.ModeDir, Hash: h(8)},
	}
	want := map[string]byte{"a.ts": 2, "package.json": 7}
	reversed := slices.Clone(entries)
	slices.Reverse(reversed)
	for name, es := range map[string][]gitindex.Entry{"sorted": entries, "damaged": reversed} {
		tr := stagedTree(nil, &gitindex.Index{Entries: es}, "web/")
		for _, p := range []string{"a.ts", "b.ts", "c.ts", "lib", "package.json", "sparse/", "../README.md", "README.md", "web/a.ts", ""} {
			got, ok := tr.find(p)
			if w, in := want[p]; ok != in || ok && got[0] != w {
				t.Errorf("%s: find(%q) = %x, %v; want %v, %v", name, p, got[0], ok, w, in)
			}
		}
		if got := tr.PathsWhere(func(p string) bool { return p != "package.json" }); !slices.Equal(got, []string{"a.ts"}) {
			t.Errorf("%s: PathsWhere = %q", name, got)
		}
		if got := len(tr.PathsWhere(func(string) bool { return true })); got != 2 {
			t.Errorf("%s: %d paths, want 2", name, got)
		}
	}
}
