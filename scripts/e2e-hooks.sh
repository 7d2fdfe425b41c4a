#!/usr/bin/env bash
# End-to-end test of the native git hooks (aaiguard install-hook) with the
# real git: the hook lands where git looks (.git/hooks, core.hooksPath,
# from a subdirectory), a foreign hook is refused, chained with --force and
# restored by uninstall-hook; git runs the hook and refuses a commit with a
# staged key in every state a repository can be in (no commits yet,
# `git commit -a` and `git commit <path>` with their temporary index, a
# merge or a rebase in progress, a detached HEAD); the chained hook runs first; the hook
# fails closed without aaiguard; the pre-push hook refuses pushed commits
# that hold a key.
e2e_name=e2e-hooks
# shellcheck source=scripts/e2e-lib.sh
. "$(dirname "$0")/e2e-lib.sh"

build_aaiguard "$e2e_work/bin"
export PATH="$e2e_work/bin:$PATH"
leak=$e2e_root/testdata/e2e/leaky_app.py
clean=$e2e_root/testdata/e2e/clean_app.py

new_repo() {
	rm -rf "$1"
	git init -q "$1"
	cd "$1"
}

# --- installing and removing, with the real git's layout.
new_repo "$e2e_work/a"
run 0 "install-hook" aaiguard install-hook
has "installed pre-commit hook: .git/hooks/pre-commit" "install message"
[ -x .git/hooks/pre-commit ] || fail "the hook is not executable"
first=$(cat .git/hooks/pre-commit)
run 0 "install-hook again" aaiguard install-hook
has "updated" "reinstall is an update"
[ "$(cat .git/hooks/pre-commit)" = "$first" ] || fail "reinstall changed the hook"
[ ! -e .git/hooks/pre-commit.aaiguard-chained ] || fail "reinstall chained aaiguard's own hook"
pass "install-hook writes an executable .git/hooks/pre-commit, and again only updates it"

new_repo "$e2e_work/b"
printf '#!/bin/sh\necho "lint ran" >>"%s/lint.log"\n' "$e2e_work" >.git/hooks/pre-commit
chmod +x .git/hooks/pre-commit
foreign=$(cat .git/hooks/pre-commit)
run 2 "install-hook over a foreign hook" aaiguard install-hook
has "--force" "the message says how to proceed"
[ "$(cat .git/hooks/pre-commit)" = "$foreign" ] || fail "the foreign hook was modified"
run 0 "install-hook --force" aaiguard install-hook --force
has "pre-commit.aaiguard-chained" "the chained hook is named"
[ "$(cat .git/hooks/pre-commit.aaiguard-chained)" = "$foreign" ] || fail "the chained copy differs"
if have_command staged; then
	cp "$leak" config.py
	git add config.py
	run nonzero "commit with a key, chained hook" git commit -q -m leak
	[ "$(cat "$e2e_work/lint.log")" = "lint ran" ] || fail "the chained hook did not run first"
	has "config.py" "the finding names the file"
	git rm -q --cached config.py
	rm config.py
else
	not_run "the chained hook runs before aaiguard in a real commit" "no staged command yet (issue 3, branch history)"
fi
run 0 "uninstall-hook" aaiguard uninstall-hook
has "restored" "uninstall restores"
[ "$(cat .git/hooks/pre-commit)" = "$foreign" ] || fail "the foreign hook was not restored"
[ -x .git/hooks/pre-commit ] || fail "the restored hook lost its executable bit"
[ ! -e .git/hooks/pre-commit.aaiguard-chained ] || fail "the chained copy is left behind"
run 2 "uninstall-hook of a foreign hook" aaiguard uninstall-hook
has "not installed by aaiguard" "the message says why"
pass "a foreign hook is refused, chained with --force, restored by uninstall-hook"

# core.hooksPath (relative: from the work tree's root, as git reads it).
new_repo "$e2e_work/c"
git config core.hooksPath .githooks
mkdir sub
(cd sub && run 0 "install-hook from a subdirectory" aaiguard install-hook)
[ -x .githooks/pre-commit ] && [ ! -e .git/hooks/pre-commit ] || fail "the hook is not in core.hooksPath"
pass "core.hooksPath is respected, from a subdirectory too"

# A linked work tree shares the main repository's hooks.
git commit -q --allow-empty --no-verify -m init
git worktree add -q "$e2e_work/c-linked"
(cd "$e2e_work/c-linked" && git config --unset core.hooksPath && run 0 "install-hook in a linked work tree" aaiguard install-hook)
[ -x .git/hooks/pre-commit ] || fail "install-hook in a linked work tree did not write the main repository's .git/hooks"
pass "a linked work tree's hook goes to the main repository's hooks directory"

cd "$e2e_work"
mkdir -p plain
run 2 "install-hook outside a repository" aaiguard install-hook plain
has "not in a git repository" "the message says why"
pass "install-hook outside a repository: exit 2 with a clear message"

# --- fails closed when aaiguard is gone.
new_repo "$e2e_work/d"
cp "$e2e_work/bin/aaiguard" "$e2e_work/moving-aaiguard"
"$e2e_work/moving-aaiguard" install-hook >/dev/null
rm "$e2e_work/moving-aaiguard"
cp "$clean" app.py
git add app.py
run nonzero "commit with aaiguard gone" env PATH=/usr/bin:/bin git commit -q -m x
has "aaiguard command was not found" "the message says why"
has "--no-verify" "the message says how to skip"
# The hint installs a version that exists: this build's, else the commit
# the README pins (a full hash), never @latest of a module with no release.
printf '%s\n' "$out" | grep -Eq 'go install github\.com/aaiguard/aaiguard/cmd/aaiguard@([0-9a-f]{40}|v[0-9][^ )]*)\)' ||
	fail "the hint does not name a pinned version: $out"
lacks "@latest" "the hint does not install @latest"
[ -z "$(git rev-parse -q --verify HEAD)" ] || fail "the commit was made"
pass "git runs the hook, which fails closed with a message when aaiguard cannot be found"

# --- commits, from the first one on.
if have_command staged; then
	new_repo "$e2e_work/e"
	aaiguard install-hook >/dev/null
	cp "$clean" app.py
	git add app.py
	run 0 "first commit (no HEAD yet), clean" git commit -q -m first
	[ -z "$out" ] || fail "a clean commit through the hook printed: $out"
	printf 'y = 2\n' >y.py
	git add y.py
	run 0 "clean commit, AAIGUARD_HOOK_VERBOSE=1" env AAIGUARD_HOOK_VERBOSE=1 git commit -q -m verbose
	has "no findings" "asked for, the hook says what it scanned"
	pass "the hook is silent on a clean commit, and says what it scanned when AAIGUARD_HOOK_VERBOSE is set"
	git reset -q --hard HEAD~1
	cp "$leak" config.py
	git add config.py
	run nonzero "commit with a staged key" git commit -q -m leak
	has "config.py" "the finding names the file"
	lacks "$fake_key" "the key is redacted"
	[ "$(git rev-list --count HEAD)" = 1 ] || fail "the commit with a key was made"
	git rm -q --cached config.py
	rm config.py
	pass "a clean first commit (no HEAD yet) passes; a staged key is refused"

	# git commit -a and git commit <path> use a temporary index (GIT_INDEX_FILE).
	cat "$leak" >>app.py
	run nonzero "git commit -a with a key in a tracked file" git commit -q -a -m "commit -a"
	has "app.py" "the finding names the file"
	run nonzero "git commit <path> with a key" git commit -q -m "commit path" app.py
	[ "$(git rev-list --count HEAD)" = 1 ] || fail "a commit with a key was made"
	git checkout -q -- app.py
	pass "git commit -a and git commit <path> (a temporary index) are scanned"

	git checkout -q --detach
	cp "$leak" detached.py
	git add detached.py
	run nonzero "commit with a key on a detached HEAD" git commit -q -m detached
	git rm -q --cached detached.py
	printf 'x = 1\n' >detached.py
	git add detached.py
	run 0 "clean commit on a detached HEAD" git commit -q -m detached
	git checkout -q main
	pass "a detached HEAD: a key is refused, a clean commit passes"

	git checkout -q -b topic
	printf 'value = "topic"\n' >conflict.py
	git add conflict.py
	git commit -q -m topic
	git checkout -q main
	printf 'value = "main"\n' >conflict.py
	git add conflict.py
	git commit -q -m main
	run nonzero "conflicting merge" git merge -q topic
	cp "$leak" conflict.py
	git add conflict.py
	run nonzero "merge commit whose resolution holds a key" git commit -q --no-edit
	[ -e .git/MERGE_HEAD ] || fail "the merge was concluded"
	printf 'value = "merged"\n' >conflict.py
	git add conflict.py
	run 0 "clean merge commit" git commit -q --no-edit
	[ "$(git rev-list --count --merges HEAD)" = 1 ] || fail "no merge commit"
	pass "a merge in progress: a key in the resolution is refused, a clean merge commit passes"

	# A rebase stopped at a commit to edit: amending it runs the hook.
	printf 'w = 4\n' >w.py
	git add w.py
	git commit -q -m "a commit to edit"
	run 0 "interactive rebase, edit the last commit" env GIT_SEQUENCE_EDITOR="sed -i -e 's/^pick/edit/'" git rebase -q -i HEAD~1
	[ -d .git/rebase-merge ] || fail "the rebase did not stop"
	cp "$leak" rebased.py
	git add rebased.py
	run nonzero "amend with a key during a rebase" git commit -q --amend --no-edit
	git rm -q --cached rebased.py
	printf 'z = 3\n' >rebased.py
	git add rebased.py
	run 0 "clean amend during a rebase" git commit -q --amend --no-edit
	run 0 "rebase --continue" git rebase --continue
	pass "a rebase in progress: amending with a key is refused, a clean amend passes"
else
	not_run "commits refused or let through by the pre-commit hook (no HEAD, commit -a, detached HEAD, merge)" "no staged command yet (issue 3, branch history)"
fi

# --- pre-push: the pushed commits are scanned.
if have_command history && have_flag history --range; then
	new_repo "$e2e_work/f"
	git init -q --bare "$e2e_work/f-remote.git"
	git remote add origin "$e2e_work/f-remote.git"
	run 0 "install-hook --pre-push" aaiguard install-hook --pre-push
	cp "$clean" app.py
	git add app.py
	git commit -q --no-verify -m first
	run 0 "push of a new branch, clean" git push -q origin main
	[ -z "$out" ] || fail "a clean push through the hook printed: $out"
	cp "$leak" config.py
	git add config.py
	git commit -q --no-verify -m leak
	git rm -q config.py
	git commit -q --no-verify -m "remove the key again"
	run nonzero "push of commits, one holding a key" git push -q origin main
	has "config.py" "the finding names the file"
	[ "$(git -C "$e2e_work/f-remote.git" rev-parse main)" = "$(git rev-parse HEAD~2)" ] || fail "the key reached the remote"
	git checkout -q -b feature HEAD~2
	printf 'y = 2\n' >feature.py
	git add feature.py
	git commit -q --no-verify -m feature
	git fetch -q origin
	git remote set-head origin main >/dev/null
	run 0 "push of a new clean branch (from its merge base with origin/HEAD)" git push -q origin feature
	pass "pre-push refuses pushed commits holding a key (even one removed since) and lets clean ones through"
else
	not_run "the pre-push hook refuses pushed commits holding a key" "no history --range yet (issue 3, branch history)"
fi

e2e_done
