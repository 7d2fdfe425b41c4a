#!/usr/bin/env bash
# End-to-end test of the pre-commit framework integration, with the real
# pre-commit (Debian's package, installed here when missing) and git:
#
#   1. a temporary repository gets docs/examples/pre-commit-config.yaml (the
#      README's snippet) pointed at this repository (local path, current
#      commit) and `pre-commit install`s it;
#   2. its first commit (no HEAD yet) of clean files goes through;
#   3. a staged fake key is refused, with the finding printed (redacted);
#   4. a clean change goes through;
#   5. a clean push goes through; a push of a commit holding a key (made
#      with --no-verify) is refused by the aaiguard hook at pre-push, which
#      scans the pushed commits;
#   6. the aaiguard-check hook (manual stage) passes on the clean
#      repository and fails once a key is in the history.
# Every hook is silent on success, and nothing warns about the manifest
# (.pre-commit-hooks.yaml names no deprecated stage).
#
# The pre-commit run is Debian's (3.0.4 on Debian 12: the oldest that
# matters, it rejects the new stage names). Then the same steps run with a
# current pre-commit: from PyPI into a virtualenv when PyPI is reachable,
# or from a pre-commit source checkout given as PRE_COMMIT_SRC (run with
# the system python and its packages); when neither is available the
# closing line counts it as skipped and says why.
#
# pre-commit builds the hook with `go install ./...` in its clone of this
# repository, using the Go on PATH (language_version "system", which
# pre-commit picks whenever `go` is on PATH; without it pre-commit would
# download Go, which CI cannot). Modules come from the module cache
# (GOMODCACHE is passed through), else from the Go module proxy.
# With uncommitted changes in this checkout, a snapshot commit of the work
# tree is tested instead of HEAD, so that what is tested is what you see.
e2e_name=e2e-precommit
# shellcheck source=scripts/e2e-lib.sh
. "$(dirname "$0")/e2e-lib.sh"

build_aaiguard "$e2e_work/bin" # to learn what this checkout's aaiguard can do
export PATH="$e2e_work/bin:$PATH"

if ! command -v pre-commit >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "$e2e_name: installing pre-commit with apt-get"
		export DEBIAN_FRONTEND=noninteractive
		apt-get install -y -q --no-install-recommends pre-commit >"$e2e_work/apt.log" 2>&1 ||
			{ apt-get update -q >>"$e2e_work/apt.log" 2>&1 &&
				apt-get install -y -q --no-install-recommends pre-commit >>"$e2e_work/apt.log" 2>&1; } ||
			{ tail -n 30 "$e2e_work/apt.log" >&2; fail "apt-get install pre-commit failed"; }
	else
		fail "pre-commit is not installed (apt-get install pre-commit, or pip install pre-commit)"
	fi
fi
command -v go >/dev/null 2>&1 || fail "go is not on PATH: pre-commit would try to download Go"
echo "$e2e_name: $(pre-commit --version), $(go version)"

# The repository and commit the config points at.
if [ -z "$(git -C "$e2e_root" status --porcelain --untracked-files=normal 2>/dev/null)" ]; then
	src=$e2e_root
else
	echo "$e2e_name: this checkout has uncommitted changes: testing a snapshot commit of the work tree"
	src=$e2e_work/snapshot
	mkdir -p "$src"
	(cd "$e2e_root" && git ls-files -z -co --exclude-standard | while IFS= read -r -d '' f; do
		[ -e "$f" ] && cp -P --parents -- "$f" "$src/"
	done)
	git -C "$src" init -q
	git -C "$src" add -A
	git -C "$src" commit -q --no-verify -m "snapshot of $e2e_root"
fi
rev=$(git -C "$src" rev-parse HEAD)

GOMODCACHE=$(go env GOMODCACHE)
export GOMODCACHE

# scenario LABEL: the whole flow with the pre-commit on PATH (pre-commit
# itself, or a wrapper for another version).
scenarios=0
scenario() {
	local label=$1
	scenarios=$((scenarios + 1))
	local home=$e2e_work/scenario-$scenarios
	rm -rf "$home"
	mkdir -p "$home"
	export PRE_COMMIT_HOME="$home/pre-commit-home"
	repo=$home/project
	remote=$home/remote.git
	git init -q "$repo"
	git init -q --bare "$remote"
	git -C "$repo" remote add origin "$remote"
	# The README's snippet, with the repository and rev pointed at this checkout.
	sed -e "s|^\(  - repo: \).*|\1$src|" -e "s|^\(    rev: \)[^ ]*|\1$rev|" \
		"$e2e_root/docs/examples/pre-commit-config.yaml" >"$repo/.pre-commit-config.yaml"
	grep -q "repo: $src" "$repo/.pre-commit-config.yaml" && grep -q "rev: $rev" "$repo/.pre-commit-config.yaml" ||
		fail "could not point docs/examples/pre-commit-config.yaml at $src@$rev"
	cd "$repo"

	run 0 "pre-commit install" pre-commit install --hook-type pre-commit --hook-type pre-push
	t0=$(date +%s)
	run 0 "pre-commit install-hooks (builds aaiguard with go install)" pre-commit install-hooks
	lacks "deprecated" "$label: pre-commit warns about the manifest"
	lacks "WARNING" "$label: pre-commit warns while installing the hooks"
	echo "$e2e_name: $label: building the hook environment took $(($(date +%s) - t0))s"
	pass "$label: pre-commit builds aaiguard from $([ "$src" = "$e2e_root" ] && echo "this repository" || echo "a snapshot") at $rev, without a warning"

	printf '# project\n' >README.md
	cp "$e2e_root/testdata/e2e/clean_app.py" app.py
	git add README.md app.py .pre-commit-config.yaml
	run 0 "first commit (no HEAD yet), clean" git commit -q -m "first commit"
	has "aaiguard (AssemblyAI keys in what is committed or pushed)" "the hook ran"
	lacks "no findings" "$label: the hook is silent on success"
	lacks "WARNING" "$label: pre-commit warns while committing"
	pass "$label: the first commit of clean files goes through, silently"

	cp "$e2e_root/testdata/e2e/leaky_app.py" config.py
	git add config.py
	run nonzero "commit with a staged key" git commit -q -m "add config"
	has "config.py" "the finding names the file"
	has "assemblyai-api-key" "the finding names the rule"
	has "${fake_key:0:4}" "the redacted key is shown"
	lacks "$fake_key" "the key is redacted"
	[ "$(git rev-list --count HEAD)" = 1 ] || fail "the commit with a key was made"
	pass "$label: a staged key is refused with the finding printed"

	git rm -q --cached config.py
	rm config.py
	printf '# project\n\nMore docs.\n' >README.md
	git add README.md
	run 0 "clean change" git commit -q -m "docs"
	[ "$(git rev-list --count HEAD)" = 2 ] || fail "the clean commit was not made"
	pass "$label: a clean change goes through"

	# The refused key was staged: its blob is still a loose object that no
	# commit reaches, which check reports (the object store holds it) until
	# it is pruned as the finding says.
	run nonzero "aaiguard-check by hand with the refused key's blob still stored" pre-commit run --hook-stage manual aaiguard-check
	has "which no commit of any ref reaches" "$label: the unreachable blob is named"
	has "staged and then unstaged" "$label: its likely origin is said"
	run 0 "prune as the finding says" sh -c 'git reflog expire --expire=now --all && git gc -q --prune=now'
	run 0 "aaiguard-check by hand on a clean repository" pre-commit run --hook-stage manual aaiguard-check
	pass "$label: aaiguard-check reports the unstaged key's blob until it is pruned, then passes"
	run 0 "push of clean history" git push -q origin main
	pass "$label: the pre-push stage lets a clean push through"

	cp "$e2e_root/testdata/e2e/leaky_app.py" config.py
	git add config.py
	git commit -q --no-verify -m "leak, bypassing the pre-commit hook"
	git rm -q config.py
	git commit -q --no-verify -m "and remove it again"
	run nonzero "push of commits, one holding a key" git push -q origin main
	has "assemblyai-api-key" "the push is refused with the finding"
	has "config.py" "the finding names the file"
	lacks "$fake_key" "the key is redacted"
	[ "$(git -C "$remote" rev-parse main)" = "$(git rev-parse HEAD~2)" ] || fail "the commit with a key reached the remote"
	pass "$label: a push whose commits hold a key (even one removed since) is refused at pre-push"

	run nonzero "aaiguard-check by hand with a key in the history" pre-commit run --hook-stage manual aaiguard-check
	has "config.py" "the finding names the file"
	lacks "$fake_key" "the key is redacted"
	pass "$label: aaiguard-check (manual) fails when the history holds a key"
	cd "$e2e_work"
}

scenario "pre-commit $(pre-commit --version | cut -d' ' -f2)"

# --- a current pre-commit (4.x), which warns about deprecated stage names.
current=""
if [ -n "${PRE_COMMIT_SRC:-}" ]; then
	[ -f "$PRE_COMMIT_SRC/pre_commit/main.py" ] || fail "PRE_COMMIT_SRC=$PRE_COMMIT_SRC is not a pre-commit source checkout"
	mkdir -p "$e2e_work/current-bin"
	printf '#!/bin/sh\nPYTHONPATH=%s exec /usr/bin/python3 -m pre_commit "$@"\n' "$PRE_COMMIT_SRC" >"$e2e_work/current-bin/pre-commit"
	chmod +x "$e2e_work/current-bin/pre-commit"
	current="pre-commit $(git -C "$PRE_COMMIT_SRC" describe --tags 2>/dev/null || echo source) ($PRE_COMMIT_SRC)"
elif /usr/bin/python3 -m venv "$e2e_work/venv" >/dev/null 2>&1 &&
	timeout 120 "$e2e_work/venv/bin/pip" install -q --disable-pip-version-check pre-commit >"$e2e_work/pip.log" 2>&1; then
	mkdir -p "$e2e_work/current-bin"
	ln -s "$e2e_work/venv/bin/pre-commit" "$e2e_work/current-bin/pre-commit"
	current="pre-commit $("$e2e_work/venv/bin/pre-commit" --version | cut -d' ' -f2) (PyPI)"
fi
if [ -n "$current" ]; then
	# The git hooks pre-commit installs run the pre-commit that installed
	# them (its python, with PYTHONPATH for a source checkout).
	PATH="$e2e_work/current-bin:$PATH"
	[ -z "${PRE_COMMIT_SRC:-}" ] || export PYTHONPATH="$PRE_COMMIT_SRC"
	scenario "$current"
	unset PYTHONPATH
else
	not_run "the same steps with a current pre-commit (4.x)" "PyPI is not reachable ($(tail -n 1 "$e2e_work/pip.log" 2>/dev/null || echo "no venv")); set PRE_COMMIT_SRC to a pre-commit source checkout to test one"
fi

e2e_done
