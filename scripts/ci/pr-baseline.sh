#!/usr/bin/env bash
# pr-baseline.sh AAIGUARD BASE PATH [BASELINE]
#
# What a pull request's base commit already has, as one baseline for
# `aaiguard check --baseline` (the GitHub Action, scripts/ci/github-action.sh):
# the findings of BASE's work tree (PATH of a temporary `git worktree` of
# BASE, scanned with `aaiguard scan`), plus BASE's committed baseline
# BASELINE (a path from the repository's root) when it has one. Prints the
# baseline's path on stdout; says what it did on stderr. Exits 1, printing
# nothing, when there is nothing to compare with (then every finding counts
# as new: the gate errs on the side of reporting).
#
# The committed baseline is read from BASE, not from the pull request's
# head: a pull request that adds its own findings to the baseline file does
# not hide them.
set -uo pipefail
bin=$1 base=$2 path=$3 baseline=${4:-}
tmp=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/aaiguard-base.XXXXXX")
say() { echo "aaiguard: $*" >&2; }
warn() { echo "::warning::aaiguard: $*" >&2; }

if ! git cat-file -e "$base^{commit}" 2>/dev/null; then
	warn "the base commit $base is not in this clone (actions/checkout needs fetch-depth: 0): findings the base already has are reported too"
	exit 1
fi
reports=()
if git worktree add --detach --quiet "$tmp/tree" "$base" >&2; then
	"$bin" scan "$tmp/tree/$path" --format json --output "$tmp/base.json" --quiet --exit-code 0 >/dev/null 2>"$tmp/base.err"
	code=$?
	git worktree remove --force "$tmp/tree" >&2 || rm -rf "$tmp/tree"
	if [ -s "$tmp/base.json" ]; then
		reports+=("$tmp/base.json")
		say "findings of the base commit ${base:0:12} are known: only what this pull request introduces is reported"
	fi
	if [ "$code" != 0 ]; then
		sed 's/^/  /' "$tmp/base.err" >&2
		warn "the scan of the base commit did not complete (exit $code): findings it missed are reported as new"
	fi
else
	warn "could not check out the base commit $base in a temporary work tree: findings the base already has are reported too"
fi
if [ -n "$baseline" ] && git cat-file -e "$base:$baseline" 2>/dev/null; then
	git show "$base:$baseline" >"$tmp/committed.json"
	reports+=("$tmp/committed.json")
	say "the base commit's baseline $baseline is applied"
fi
[ "${#reports[@]}" -gt 0 ] || exit 1
if ! "$bin" merge "${reports[@]}" --format json --output "$tmp/known.json" --exit-code 0 >/dev/null 2>"$tmp/merge.err"; then
	sed 's/^/  /' "$tmp/merge.err" >&2
	if [ ! -s "$tmp/known.json" ]; then
		warn "could not combine the base's findings and its baseline: using the base's findings only"
		[ -s "$tmp/base.json" ] || exit 1
		cp "$tmp/base.json" "$tmp/known.json"
	fi
fi
echo "$tmp/known.json"
