# shellcheck shell=bash
# Helpers for the end-to-end scripts (scripts/e2e-*.sh). Each script sets
# e2e_name, sources this file, and ends with e2e_done.

set -euo pipefail
e2e_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
e2e_passed=0
e2e_not_run=0
e2e_start=$(date +%s.%N)
e2e_work=$(mktemp -d "${TMPDIR:-/tmp}/aaiguard-e2e.XXXXXX")
trap 'chmod -R u+w "$e2e_work" 2>/dev/null; rm -rf "$e2e_work"' EXIT

# Git configuration of the tests' own, so that the machine's (a global
# core.hooksPath, commit signing) cannot change their outcome.
export GIT_CONFIG_NOSYSTEM=1
export GIT_CONFIG_GLOBAL="$e2e_work/gitconfig"
git config --file "$GIT_CONFIG_GLOBAL" user.name "aaiguard e2e"
git config --file "$GIT_CONFIG_GLOBAL" user.email "e2e@example.invalid"
git config --file "$GIT_CONFIG_GLOBAL" commit.gpgsign false
git config --file "$GIT_CONFIG_GLOBAL" init.defaultBranch main
git config --file "$GIT_CONFIG_GLOBAL" advice.detachedHead false

fail() {
	printf '%s: FAIL: %s\n' "$e2e_name" "$*" >&2
	printf '%s: 0 passed, 1 failed\n' "$e2e_name" >&2
	exit 1
}

pass() {
	e2e_passed=$((e2e_passed + 1))
	printf '%s: ok: %s\n' "$e2e_name" "$*"
}

# run WANT DESC CMD...: runs CMD, keeps its output in $out, and fails the
# test unless it exits with WANT ("nonzero" for any failure).
run() {
	local want=$1 desc=$2
	shift 2
	set +e
	out=$("$@" 2>&1)
	code=$?
	set -e
	if [ "$want" = nonzero ] && [ "$code" != 0 ]; then
		return 0
	fi
	if [ "$code" != "$want" ]; then
		printf '%s\n' "$out" | tail -n 60 >&2
		fail "$desc: exit $code, want $want"
	fi
}

# has TEXT DESC: the last run's output contains TEXT.
has() {
	case $out in
	*"$1"*) ;;
	*)
		printf '%s\n' "$out" | tail -n 60 >&2
		fail "$2: the output lacks \"$1\""
		;;
	esac
}

# lacks TEXT DESC: the last run's output does not contain TEXT.
lacks() {
	case $out in
	*"$1"*)
		printf '%s\n' "$out" | tail -n 60 >&2
		fail "$2: the output contains \"$1\""
		;;
	esac
}

# not_run WHAT WHY: a test that cannot run on this checkout yet because a
# part of aaiguard it needs has not landed. Said loudly, and counted as
# skipped in the closing line; each use names the missing part.
not_run() {
	e2e_not_run=$((e2e_not_run + 1))
	printf '%s: NOT RUN: %s: %s\n' "$e2e_name" "$1" "$2"
}

# Parts of aaiguard built by other branches; the tests that need them run
# as soon as they are there.
have_command() { aaiguard --help 2>/dev/null | grep -qE "^  $1 "; }
have_flag() { aaiguard "$1" --help 2>/dev/null | grep -qE -- "^ +(-[a-z], )?$2[ =]"; }
have_format() {
	local r=$e2e_work/format-probe.json
	printf '{"tool":{"name":"aaiguard"},"findings":[]}' >"$r"
	aaiguard merge "$r" --format "$1" >/dev/null 2>&1
}

# build_aaiguard DIR: builds aaiguard from this checkout into DIR.
build_aaiguard() {
	mkdir -p "$1"
	(cd "$e2e_root" && go build -o "$1/aaiguard" ./cmd/aaiguard) || fail "go build ./cmd/aaiguard"
}

# The fake key the tests leak (random, never issued); kept in testdata/e2e,
# which this repository's .aaiguard.toml allowlists.
fake_key=c5c5285779dea9a4833e676b2d04f46b

e2e_done() {
	local end
	end=$(date +%s.%N)
	printf '%s: took %ss\n' "$e2e_name" "$(awk -v a="$e2e_start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')"
	if [ "$e2e_not_run" -gt 0 ]; then
		printf '%s: %d passed, 0 failed, %d skipped\n' "$e2e_name" "$e2e_passed" "$e2e_not_run"
	else
		printf '%s: %d passed, 0 failed\n' "$e2e_name" "$e2e_passed"
	fi
}
