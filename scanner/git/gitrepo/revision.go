package gitrepo

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/aaiguard/aaiguard/scanner/git/gitobj"
)

// resolveAncestry resolves NAME followed by ancestry operators (~N, ^N, ~
// and ^, as in main~1000 or HEAD^2~3), NAME being a full object name or a
// ref, over the object database. ok is false for any other form, which
// go-git resolves. (go-git walks the parents through its own object
// storage, whose first lookup loads the whole pack index into maps:
// resolving main~1000 on a 1.6M-object repository took 0.75 s of CPU and
// 127 MB, growing with the repository, not with the range.)
func (r *Repo) resolveAncestry(rev string) (h gitobj.Hash, ok bool, err error) {
	i := strings.IndexAny(rev, "~^")
	if i <= 0 {
		return h, false, nil
	}
	type step struct {
		op byte // '~': first parents, '^': the nth parent
		n  int
	}
	var steps []step
	for rest := rev[i:]; rest != ""; {
		op := rest[0]
		if op != '~' && op != '^' {
			return h, false, nil
		}
		j := 1
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		n := 1
		if j > 1 {
			if n, err = strconv.Atoi(rest[1:j]); err != nil {
				return h, false, nil
			}
		}
		steps = append(steps, step{op, n})
		rest = rest[j:]
	}
	base := rev[:i]
	h, found := parseHash(base)
	if !found {
		for _, name := range []string{base, "refs/heads/" + base, "refs/tags/" + base, "refs/remotes/" + base, "refs/" + base} {
			if ref, err := r.Reference(plumbing.ReferenceName(name), true); err == nil {
				h, found = ref.Hash(), true
				break
			}
		}
	}
	if !found {
		return h, false, nil
	}
	db, err := r.Objects()
	if err != nil {
		return h, true, err
	}
	rd := db.NewReader(1 << 20)
	// commit peels annotated tags from h to a commit: its name and content.
	commit := func(h gitobj.Hash) (gitobj.Hash, *gitobj.Commit, error) {
		for range 100 {
			t, b, err := rd.Read(h)
			if err != nil {
				return h, nil, err
			}
			switch t {
			case gitobj.CommitObject:
				c, err := gitobj.ParseCommit(b)
				return h, c, err
			case gitobj.TagObject:
				tag, err := gitobj.ParseTag(b)
				if err != nil {
					return h, nil, fmt.Errorf("tag %s: %w", h, err)
				}
				h = tag.Object
			default:
				return h, nil, fmt.Errorf("%s is a %s, not a commit", h, t)
			}
		}
		return h, nil, fmt.Errorf("%s: tags nested too deeply", h)
	}
	unknown := func(why error) error { return fmt.Errorf("unknown revision %q: %w", rev, why) }
	for _, s := range steps {
		count, nth := s.n, 1
		if s.op == '^' {
			count, nth = min(s.n, 1), s.n // ^0: the commit itself
		}
		ch, c, err := commit(h)
		if err != nil {
			return h, true, unknown(err)
		}
		h = ch
		for k := 0; k < count; k++ {
			if k > 0 {
				if h, c, err = commit(h); err != nil {
					return h, true, unknown(err)
				}
			}
			if len(c.Parents) < nth {
				return h, true, unknown(fmt.Errorf("commit %s has no parent %d", h, nth))
			}
			h = c.Parents[nth-1]
		}
	}
	return h, true, nil
}
