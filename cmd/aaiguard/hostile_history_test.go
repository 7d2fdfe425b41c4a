package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
)

// bombSize is what the zip-bomb objects inflate to: 1 GiB of zeros from
// about 1.3 MB of zlib.
const bombSize = 1 << 30

// packedRepo commits files with every object in one pack (and no loose
// copies); it returns the repository and the pack's path.
func packedRepo(t *testing.T, files map[string]string, extra ...gitfixture.PackEntry) (string, string) {
	t.Helper()
	dir, o := hostileRepo(t)
	var entries []gitfixture.Entry
	var pack []gitfixture.PackEntry
	for name, c := range files {
		h := gitfixture.Hash("blob", []byte(c))
		entries = append(entries, gitfixture.Entry{Mode: "100644", Name: name, Hash: h})
		pack = append(pack, gitfixture.Whole(h, 3, []byte(c)))
	}
	tree := gitfixture.TreeContent(entries...)
	th := gitfixture.Hash("tree", tree)
	commit := gitfixture.CommitContent(th, "Dev <dev@example.com>", "packed", 1700000000)
	ch := gitfixture.Hash("commit", commit)
	pack = append(pack, gitfixture.Whole(th, 2, tree), gitfixture.Whole(ch, 1, commit))
	p := o.Pack(append(pack, extra...)...)
	o.Ref("refs/heads/master", ch)
	return dir, p
}

// TestHostileHistory: corrupt, missing, cyclic and explosive objects in git
// history, through history, check and staged.
func TestHostileHistory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 1 GiB zip-bomb objects")
	}
	bombBlob := func(t *testing.T, loose bool) string {
		dir, o := hostileRepo(t)
		bh := plumbing.Hash{0xb0, 0x4b}
		if loose {
			o.LooseRaw(bh, gitfixture.ZeroBomb([]byte("blob 1073741824\x00"), bombSize))
		} else {
			o.Pack(gitfixture.PackEntry{Hash: bh, Raw: append(gitfixture.EntryHeader(3, bombSize), gitfixture.ZeroBomb(nil, bombSize)...)})
		}
		c := o.Commit(o.Tree(
			gitfixture.Entry{Mode: "100644", Name: "zeros.bin", Hash: bh},
			gitfixture.Entry{Mode: "100644", Name: "app.py", Hash: o.Blob(leakLine)},
		), "Dev <dev@example.com>", "bomb")
		o.Ref("refs/heads/master", c)
		return dir
	}
	cases := []hostile{
		{
			name: "truncated pack",
			build: func(t *testing.T) string {
				dir, p := packedRepo(t, map[string]string{"app.py": leakLine, "b.txt": strings.Repeat("b", 5000)})
				st, _ := os.Stat(p)
				if err := os.Truncate(p, st.Size()/2); err != nil {
					t.Fatal(err)
				}
				return dir
			},
			args: []string{"history", "DIR"}, code: 2, want: []string{".pack", "truncated"}, findings: -1,
		},
		{
			name: "check on a repository with a truncated pack",
			build: func(t *testing.T) string {
				dir, p := packedRepo(t, map[string]string{"b.txt": strings.Repeat("b", 5000)})
				st, _ := os.Stat(p)
				os.Truncate(p, st.Size()/2)
				writeFiles(t, dir, map[string]string{"app.py": leakLine})
				return dir
			},
			// The work tree is still scanned and reported.
			args: []string{"check", "DIR"}, code: 2, want: []string{"history: ", ".pack", "truncated"}, findings: 2, // the key, and no .gitignore
		},
		{
			name: "corrupt pack data",
			build: func(t *testing.T) string {
				dir, p := packedRepo(t, map[string]string{"app.py": leakLine, "b.txt": strings.Repeat("b", 5000)})
				data, _ := os.ReadFile(p)
				for i := 40; i < len(data)-40; i += 7 {
					data[i] ^= 0x5a // the trailer stays: the index accepts the pack
				}
				os.WriteFile(p, data, 0o644)
				return dir
			},
			args: []string{"history", "DIR"}, code: 2, want: []string{".pack at offset", "the scan did not complete"}, findings: -1,
		},
		{
			name: "loose object with a bad zlib stream",
			build: func(t *testing.T) string {
				dir, o := hostileRepo(t)
				bad := plumbing.Hash{0xba, 0xd0}
				o.LooseRaw(bad, []byte("\x78\x9cthis is not deflate data at all"))
				c := o.Commit(o.Tree(
					gitfixture.Entry{Mode: "100644", Name: "bad.txt", Hash: bad},
					gitfixture.Entry{Mode: "100644", Name: "app.py", Hash: o.Blob(leakLine)},
				), "Dev <dev@example.com>", "bad zlib")
				o.Ref("refs/heads/master", c)
				return dir
			},
			// The rest of the history is still scanned: the key is found.
			args: []string{"history", "DIR"}, code: 2, want: []string{"object bad0000000000000000000000000000000000000: loose object", "flate: corrupt input"}, findings: 1,
		},
		{
			name: "missing blob, tree and parent",
			build: func(t *testing.T) string {
				dir, o := hostileRepo(t)
				first := o.Commit(o.Tree(gitfixture.Entry{Mode: "100644", Name: "gone.txt", Hash: plumbing.Hash{0xde, 0xad}}), "Dev <dev@example.com>", "missing blob",
					plumbing.Hash{0x9a, 0x2e})
				c := o.Commit(plumbing.Hash{0x7e, 0xee}, "Dev <dev@example.com>", "missing tree", first)
				o.Ref("refs/heads/master", c)
				return dir
			},
			args: []string{"history", "DIR"}, code: 2, want: []string{"missing object dead", "missing object 7eee", "missing object 9a2e"}, findings: 0,
		},
		{
			name: "missing tree, scanning a subdirectory",
			build: func(t *testing.T) string {
				dir, o := hostileRepo(t)
				ok := o.Commit(o.Tree(gitfixture.Entry{Mode: "40000", Name: "sub", Hash: o.Tree(
					gitfixture.Entry{Mode: "100644", Name: "app.py", Hash: o.Blob(leakLine)})}), "Dev <dev@example.com>", "ok")
				o.Ref("refs/heads/master", o.Commit(plumbing.Hash{0x7e, 0xee}, "Dev <dev@example.com>", "missing tree", ok))
				os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
				return filepath.Join(dir, "sub")
			},
			args: []string{"history", "DIR"}, code: 2, want: []string{"missing object 7eee"}, findings: 1,
		},
		{
			name: "ref pointing at nothing",
			build: func(t *testing.T) string {
				dir, o := hostileRepo(t)
				commitFiles(o, "Dev <dev@example.com>", map[string]string{"app.py": leakLine})
				o.Ref("refs/heads/ghost", plumbing.Hash{0x0b, 0x0e})
				return dir
			},
			args: []string{"history", "DIR"}, code: 2, want: []string{"refs/heads/ghost", "missing object 0b0e"}, findings: 1,
		},
		{
			name: "ref file holding garbage",
			build: func(t *testing.T) string {
				dir, o := hostileRepo(t)
				commitFiles(o, "Dev <dev@example.com>", map[string]string{"app.py": leakLine})
				o.RefRaw("refs/heads/junk", "\x1b[31mnot a hash\n")
				return dir
			},
			args: []string{"history", "DIR"}, code: 2, want: []string{"refs/heads/junk"}, findings: -1,
		},
		{
			name: "tree entries named ../../etc/passwd and with control characters",
			build: func(t *testing.T) string {
				dir, o := hostileRepo(t)
				commitFiles(o, "Dev <dev@example.com>", map[string]string{
					"../../etc/passwd":          leakLine,
					"a\x1b[2J\x1b]0;pwned\x07b": leakLine + "#2\n",
					"line\nbreak.py":            leakLine + "#3\n",
				})
				return dir
			},
			// "../../etc/passwd" is one entry with "/" inside, which git's
			// fsck rejects: noted, not followed into a path (its key is the
			// same as app.py's, already reported).
			args: []string{"history", "DIR"}, code: 1, findings: 2, want: []string{"which git's fsck rejects"},
		},
		{
			// Loose: the tree does not hash to its name, so it is refused
			// before any cycle can be followed.
			name: "tree that contains itself, loose",
			build: func(t *testing.T) string {
				dir, o := hostileRepo(t)
				self := plumbing.Hash{0x5e, 0x1f}
				o.LooseAs(self, "tree", gitfixture.TreeContent(
					gitfixture.Entry{Mode: "100644", Name: "app.py", Hash: o.Blob(leakLine)},
					gitfixture.Entry{Mode: "40000", Name: "loop", Hash: self},
				))
				o.Ref("refs/heads/master", o.Commit(self, "Dev <dev@example.com>", "cycle"))
				return dir
			},
			args: []string{"history", "DIR"}, code: 2, want: []string{"object 5e1f000000000000000000000000000000000000", "not to the object's name"}, findings: -1,
		},
		{
			// Packed (the full pass does not hash trees: their entries'
			// CRC-32 agree with a pack written this way), the cycle is
			// broken and reported, and the rest still scanned.
			name: "tree that contains itself, packed",
			build: func(t *testing.T) string {
				dir, o := hostileRepo(t)
				self := plumbing.Hash{0x5e, 0x1f}
				blob := gitfixture.Hash("blob", []byte(leakLine))
				tree := gitfixture.TreeContent(
					gitfixture.Entry{Mode: "100644", Name: "app.py", Hash: blob},
					gitfixture.Entry{Mode: "40000", Name: "loop", Hash: self},
				)
				commit := gitfixture.CommitContent(self, "Dev <dev@example.com>", "cycle", 1700000000)
				ch := gitfixture.Hash("commit", commit)
				o.Pack(gitfixture.Whole(blob, 3, []byte(leakLine)), gitfixture.Whole(self, 2, tree), gitfixture.Whole(ch, 1, commit))
				o.Ref("refs/heads/master", ch)
				return dir
			},
			args: []string{"history", "DIR"}, code: 2, want: []string{"loop: tree 5e1f000000000000000000000000000000000000 contains itself"}, findings: 1,
		},
		{
			name: "trees nested 5000 deep",
			build: func(t *testing.T) string {
				dir, o := hostileRepo(t)
				h := o.Tree(gitfixture.Entry{Mode: "100644", Name: "app.py", Hash: o.Blob(leakLine)})
				for i := 0; i < 5000; i++ {
					h = o.Tree(gitfixture.Entry{Mode: "40000", Name: "d", Hash: h})
				}
				o.Ref("refs/heads/master", o.Commit(h, "Dev <dev@example.com>", "deep"))
				return dir
			},
			// The key below the cut is still reported, without a path
			// (its blob is in the repository; attribution could not get
			// there).
			args: []string{"history", "DIR"}, code: 2, want: []string{"trees nested deeper than 4096 levels"}, findings: 1,
		},
		{
			name: "commits that are each other's parent, loose",
			build: func(t *testing.T) string {
				dir, o := hostileRepo(t)
				a, b := plumbing.Hash{0xaa, 0xaa}, plumbing.Hash{0xbb, 0xbb}
				tree := o.Tree(gitfixture.Entry{Mode: "100644", Name: "app.py", Hash: o.Blob(leakLine)})
				o.LooseAs(a, "commit", gitfixture.CommitContent(tree, "Dev <dev@example.com>", "a", 1700000000, b))
				o.LooseAs(b, "commit", gitfixture.CommitContent(tree, "Dev <dev@example.com>", "b", 1700000001, a))
				o.Ref("refs/heads/master", a)
				return dir
			},
			args: []string{"history", "DIR"}, code: 2, want: []string{"object aaaa000000000000000000000000000000000000", "not to the object's name"}, findings: -1,
		},
		{
			// The tip hashes to its name; its parent, in a pack written
			// wrong, names the tip as its own parent (commits the walk
			// parsed are not hashed again): the cycle is broken and
			// reported.
			name: "commits that are each other's parent, packed",
			build: func(t *testing.T) string {
				dir, o := hostileRepo(t)
				b := plumbing.Hash{0xbb, 0xbb}
				blob := gitfixture.Hash("blob", []byte(leakLine))
				tree := gitfixture.TreeContent(gitfixture.Entry{Mode: "100644", Name: "app.py", Hash: blob})
				th := gitfixture.Hash("tree", tree)
				ac := gitfixture.CommitContent(th, "Dev <dev@example.com>", "a", 1700000001, b)
				a := gitfixture.Hash("commit", ac)
				o.Pack(gitfixture.Whole(blob, 3, []byte(leakLine)), gitfixture.Whole(th, 2, tree), gitfixture.Whole(a, 1, ac),
					gitfixture.Whole(b, 1, gitfixture.CommitContent(th, "Dev <dev@example.com>", "b", 1700000000, a)))
				o.Ref("refs/heads/master", a)
				return dir
			},
			args: []string{"history", "DIR"}, code: 2, want: []string{"cycle"}, findings: 1,
		},
		{
			name:  "zip-bomb blob, loose",
			build: func(t *testing.T) string { return bombBlob(t, true) },
			args:  []string{"history", "DIR"}, code: 1, want: []string{"skipped zeros.bin (1073741824 bytes)"}, findings: 1, maxRSS: 200 * mib,
		},
		{
			name:  "zip-bomb blob, packed",
			build: func(t *testing.T) string { return bombBlob(t, false) },
			args:  []string{"history", "DIR"}, code: 1, want: []string{"skipped zeros.bin (1073741824 bytes)"}, findings: 1, maxRSS: 200 * mib,
		},
		{
			name:  "zip-bomb blob, packed, selective history (--branch)",
			build: func(t *testing.T) string { return bombBlob(t, false) },
			args:  []string{"history", "DIR", "--branch", "master"}, code: 1, want: []string{"skipped zeros.bin (1073741824 bytes)"}, findings: 1, maxRSS: 200 * mib,
		},
		{
			name: "delta that expands 1 MiB into 1 GiB",
			build: func(t *testing.T) string {
				base := []byte(strings.Repeat("x", mib))
				bh := gitfixture.Hash("blob", base)
				big := plumbing.Hash{0xde, 0x17}
				dir, _ := packedRepo(t, map[string]string{"app.py": leakLine},
					gitfixture.Whole(bh, 3, base),
					gitfixture.RefDelta(big, bh, gitfixture.CopyDelta(mib, 1024)))
				o := gitfixture.NewObjects(t, filepath.Join(dir, ".git"))
				c := o.Commit(o.Tree(gitfixture.Entry{Mode: "100644", Name: "big.txt", Hash: big}), "Dev <dev@example.com>", "bomb")
				o.Ref("refs/heads/bomb", c)
				return dir
			},
			args: []string{"history", "DIR"}, code: 1, want: []string{"skipped big.txt (1073741824 bytes)"}, findings: 1, maxRSS: 200 * mib,
		},
		{
			name: "pack entry whose header claims 256 GiB",
			build: func(t *testing.T) string {
				liar := plumbing.Hash{0x11, 0xa5}
				dir, _ := packedRepo(t, map[string]string{"app.py": leakLine},
					gitfixture.PackEntry{Hash: liar, Raw: append(gitfixture.EntryHeader(2, 1<<38), gitfixture.Zlib([]byte("tiny"))...)})
				o := gitfixture.NewObjects(t, filepath.Join(dir, ".git"))
				o.Ref("refs/heads/liar", o.Commit(liar, "Dev <dev@example.com>", "liar"))
				return dir
			},
			args: []string{"history", "DIR"}, code: 2, want: []string{"tree of 274877906944 bytes", "larger than the 268435456 bytes aaiguard inflates for a tree"}, findings: 1, maxRSS: 200 * mib,
		},
		{
			name:  "check on a repository with a zip-bomb blob",
			build: func(t *testing.T) string { return bombBlob(t, true) },
			args:  []string{"check", "DIR"}, code: 1, want: []string{"skipped zeros.bin (1073741824 bytes)"}, findings: -1, maxRSS: 300 * mib,
		},
	}
	for _, h := range cases {
		t.Run(h.name, func(t *testing.T) { h.run(t) })
	}
}
