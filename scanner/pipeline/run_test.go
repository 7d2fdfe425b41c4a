package pipeline

import "testing"

func TestRepoPath(t *testing.T) {
	for _, c := range []struct{ repo, root, want string }{
		{"/r", "/r", ""},
		{"/r", "/r/a/b", "a/b"},
		{"", "/x", ""},
		{"/r", "/other", ""},
		{"/r", "/r/..x", "..x"},
	} {
		if got := repoPath(c.repo, c.root); got != c.want {
			t.Errorf("repoPath(%q, %q) = %q, want %q", c.repo, c.root, got, c.want)
		}
	}
}
