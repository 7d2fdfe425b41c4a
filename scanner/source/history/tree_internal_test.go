package history

import (
	"testing"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
	"github.com/aaiguard/aaiguard/scanner/git/gitobj"
)

// find agrees with a linear search on trees in git's order (a directory
// sorts as if its name ended with "/": "a.txt" before "a", "a-b" after "a"
// the file but before "a" the directory) and on trees in any other order
// (a hostile one is searched through the name index).
func TestTreeListFind(t *testing.T) {
	h := func(s string) gitobj.Hash { return gitfixture.Hash("blob", []byte(s)) }
	sorted := []gitfixture.Entry{
		{Mode: "100644", Name: "a-b", Hash: h("1")},
		{Mode: "100644", Name: "a.txt", Hash: h("2")},
		{Mode: "40000", Name: "a", Hash: h("3")},
		{Mode: "100644", Name: "a0", Hash: h("4")},
		{Mode: "100644", Name: "b", Hash: h("5")},
		{Mode: "40000", Name: "c", Hash: h("6")},
		{Mode: "100644", Name: "c.d", Hash: h("7")},
	}
	// git order: "c.d" before the directory "c" ("c/")
	sorted[5], sorted[6] = sorted[6], sorted[5]
	for _, c := range []struct {
		name    string
		entries []gitfixture.Entry
		sorted  bool
	}{
		{"git order", sorted, true},
		{"reversed", []gitfixture.Entry{sorted[6], sorted[5], sorted[4], sorted[3], sorted[2], sorted[1], sorted[0]}, false},
	} {
		l, err := parseTreeList(gitfixture.TreeContent(c.entries...))
		if err != nil {
			t.Fatal(err)
		}
		if l.sorted != c.sorted {
			t.Errorf("%s: sorted %v", c.name, l.sorted)
		}
		for _, e := range c.entries {
			got, ok := l.find(e.Name)
			if !ok || got.hash != e.Hash {
				t.Errorf("%s: find(%q) = %v, %v", c.name, e.Name, got, ok)
			}
		}
		for _, missing := range []string{"", "a/", "a.", "aa", "z", "c.", "b0"} {
			if _, ok := l.find(missing); ok {
				t.Errorf("%s: found %q", c.name, missing)
			}
		}
	}
}
