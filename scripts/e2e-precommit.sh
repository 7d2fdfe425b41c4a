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
#   5. the aaiguard-check hook (manual and push stages) passes on the clean
#      repository and refuses a push once a key is in the history.
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

export PRE_COMMIT_HOME="$e2e_work/pre-commit-home"
GOMODCACHE=$(go env GOMODCACHE)
export GOMODCACHE

repo=$e2e_work/project
remote=$e2e_work/remote.git
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
echo "$e2e_name: building the hook environment took $(($(date +%s) - t0))s"
pass "pre-commit builds aaiguard from $([ "$src" = "$e2e_root" ] && echo "this repository" || echo "a snapshot") at $rev"

printf '# project\n' >README.md
cp "$e2e_root/testdata/e2e/clean_app.py" app.py
git add README.md app.py .pre-commit-config.yaml
if have_command staged; then
	run 0 "first commit (no HEAD yet), clean" git commit -q -m "first commit"
	has "aaiguard (AssemblyAI keys in staged changes)" "the hook ran"
	pass "the first commit of clean files goes through"

	cp "$e2e_root/testdata/e2e/leaky_app.py" config.py
	git add config.py
	run nonzero "commit with a staged key" git commit -q -m "add config"
	has "config.py" "the finding names the file"
	has "assemblyai-api-key" "the finding names the rule"
	has "${fake_key:0:4}" "the redacted key is shown"
	lacks "$fake_key" "the key is redacted"
	[ "$(git rev-list --count HEAD)" = 1 ] || fail "the commit with a key was made"
	pass "a staged key is refused with the finding printed"

	git rm -q --cached config.py
	rm config.py
	printf '# project\n\nMore docs.\n' >README.md
	git add README.md
	run 0 "clean change" git commit -q -m "docs"
	[ "$(git rev-list --count HEAD)" = 2 ] || fail "the clean commit was not made"
	pass "a clean change goes through"
else
	not_run "the aaiguard hook (commits refused or let through)" "this aaiguard has no staged command yet (issue 3, branch history)"
	run 0 "first commit, the aaiguard hook skipped" env SKIP=aaiguard git commit -q -m "first commit"
fi

run 0 "aaiguard-check by hand on a clean repository" pre-commit run --hook-stage manual aaiguard-check
pass "aaiguard-check passes on a clean repository"
run 0 "push of clean history" git push -q origin main
pass "the pre-push stage lets a clean push through"

cp "$e2e_root/testdata/e2e/leaky_app.py" config.py
git add config.py
git commit -q --no-verify -m "leak, bypassing the pre-commit hook"
run nonzero "aaiguard-check by hand with a key" pre-commit run --hook-stage manual aaiguard-check
has "config.py" "the finding names the file"
lacks "$fake_key" "the key is redacted"
run nonzero "push of a commit with a key" git push -q origin main
has "assemblyai-api-key" "the push is refused with the finding"
[ "$(git -C "$remote" rev-parse main)" = "$(git rev-parse HEAD~1)" ] || fail "the commit with a key reached the remote"
pass "aaiguard-check refuses a push (and a manual run) when the repository holds a key"

e2e_done
