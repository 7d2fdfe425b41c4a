package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
)

// TestSARIFNeverLeavesTheRoot: a history whose trees spell
// x/../../etc/evil.py and .git/../up.py (git's fsck rejects such entries)
// gives SARIF whose every URI stays inside the repository.
func TestSARIFNeverLeavesTheRoot(t *testing.T) {
	dir, o := hostileRepo(t)
	blob := o.Blob(leakLine)
	etc := o.Tree(gitfixture.Entry{Mode: "100644", Name: "evil.py", Hash: blob})
	up2 := o.Tree(gitfixture.Entry{Mode: "40000", Name: "etc", Hash: etc})
	up1 := o.Tree(gitfixture.Entry{Mode: "40000", Name: "..", Hash: up2})
	x := o.Tree(gitfixture.Entry{Mode: "40000", Name: "..", Hash: up1})
	dotgit := o.Tree(gitfixture.Entry{Mode: "40000", Name: "..", Hash: o.Tree(gitfixture.Entry{Mode: "100644", Name: "up.py", Hash: o.Blob(leakLine + "#2\n")})})
	root := o.Tree(gitfixture.Entry{Mode: "40000", Name: ".git", Hash: dotgit}, gitfixture.Entry{Mode: "40000", Name: "x", Hash: x})
	o.Ref("refs/heads/master", o.Commit(root, "Eve <eve@example.com>", "escape"))
	code, out, errs := runCLI(t, "history", dir, "--format", "sarif")
	if code == 0 {
		t.Fatalf("exit 0: the keys were not reported\n%s", errs)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	for _, r := range log.Runs[0].Results {
		for _, l := range r.Locations {
			u := l.PhysicalLocation.ArtifactLocation.URI
			if strings.HasPrefix(u, "/") || u == ".." || strings.HasPrefix(u, "../") || strings.Contains(u, "/../") || strings.HasSuffix(u, "/..") {
				t.Errorf("URI outside the root: %q", u)
			}
		}
	}
	t.Logf("exit %d, %d results", code, len(log.Runs[0].Results))
}
