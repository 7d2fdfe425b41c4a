#!/usr/bin/env bash
# Measures the pre-commit path: `aaiguard staged` on a typical commit (three
# files edited, one added) in a repository of BENCH_FILES files (default
# 10000), against `git diff --cached` (the floor of "what is staged"), and
# gitleaks when GITLEAKS names its binary.
#
# Usage: scripts/bench-staged.sh [RUNS]   (default 15; medians printed)
# BENCH_CODE=1 makes the new files call AssemblyAI (Go and JS), so the
# code rules run too: what they cost on a typical commit.
#
# The repository is built deterministically by scripts/benchrepo (a short
# history over BENCH_FILES files), packed like a clone, and kept in
# BENCH_CACHE (default ~/.cache/aaiguard-bench) for later runs; or, with
# BENCH_CLONE=DIR, it is a clone of the repository at DIR (a bare mirror
# of tldr-pages/tldr: 38k files), made once in BENCH_CACHE.
#
# Printed: the median wall time of each command, its min-max spread, and
# aaiguard's median CPU time (user+system).
set -euo pipefail
cd "$(dirname "$0")/.."
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
runs=${1:-15}
nfiles=${BENCH_FILES:-10000}
cache=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/aaiguard-bench}
repo="$cache/staged-f$nfiles"
[ -n "${BENCH_CLONE:-}" ] && repo="$cache/staged-clone-$(basename "$(dirname "$BENCH_CLONE")")-$(basename "$BENCH_CLONE")"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/aaiguard" ./cmd/aaiguard
if [ -n "${BENCH_CLONE:-}" ] && [ ! -f "$repo/.complete" ]; then
	rm -rf "$repo"
	mkdir -p "$cache"
	git clone -q "$BENCH_CLONE" "$repo"
	touch "$repo/.complete"
elif [ ! -f "$repo/.complete" ]; then
	echo "building a $nfiles-file repository in $repo (once)" >&2
	rm -rf "$repo"
	mkdir -p "$repo"
	go build -o "$tmp/benchrepo" ./scripts/benchrepo
	git init -q -b main "$repo"
	"$tmp/benchrepo" -commits 200 -files "$nfiles" -keys=false | git -C "$repo" fast-import --quiet
	git -C "$repo" repack -a -d -q
	git -C "$repo" reset -q --hard main
	touch "$repo/.complete"
fi
# A typical commit: three tracked files edited, one new file; plus an
# unstaged edit that must not be read.
git -C "$repo" reset -q --hard
git -C "$repo" clean -qfd -e .complete
mapfile -t picks < <(git -C "$repo" ls-files | awk 'NR % 997 == 1' | head -4)
for f in "${picks[@]:0:3}"; do
	printf '// edited for the benchmark\n' >> "$repo/$f"
done
git -C "$repo" add "${picks[@]:0:3}"
mkdir -p "$repo/internal"
if [ -n "${BENCH_CODE:-}" ]; then
	# A commit the code rules read: a new Go file and a new JS file that call
	# AssemblyAI (the Go file gets the syntactic Go rules in staged).
	cat > "$repo/internal/bench_new.go" <<'GO'
package bench

import aai "github.com/AssemblyAI/assemblyai-go-sdk"

func transcribe(c *aai.Client, url string) error {
	_, err := c.Transcripts.SubmitFromURL(nil, url, nil)
	return err
}
GO
	cat > "$repo/internal/bench_new.js" <<'JS'
import { AssemblyAI } from "assemblyai";
const client = new AssemblyAI({ apiKey: process.env.ASSEMBLYAI_API_KEY });
export const run = (audio) => client.transcripts.transcribe({ audio });
JS
	git -C "$repo" add internal/bench_new.go internal/bench_new.js
else
	printf 'package bench\n\nconst greeting = "hello"\n' > "$repo/internal/bench_new.go"
	git -C "$repo" add internal/bench_new.go
fi
printf 'unstaged\n' >> "$repo/${picks[3]}"
echo "repository: $repo"
echo "  $(git -C "$repo" ls-files | wc -l) files tracked, $(git -C "$repo" diff --cached --name-only | wc -l) staged; $(nproc) cores; $runs runs"

now() { date +%s%N; }
median() { sort -g | awk '{a[NR]=$1} END {printf "%s (%s-%s)", (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2, a[1], a[NR]}'; }
TIMEFORMAT='%3U %3S' # bash's time: CPU seconds of the command, in ms
: > "$tmp/git"
: > "$tmp/aai"
: > "$tmp/gl"
"$tmp/aaiguard" staged -q "$repo" >/dev/null 2>&1 || true # warm the page cache
for i in $(seq 1 "$runs"); do
	t0=$(now); git -C "$repo" diff --cached >/dev/null; t1=$(now)
	rc=0; { time (cd "$repo" && "$tmp/aaiguard" staged -q >/dev/null 2>"$tmp/err"); } 2>>"$tmp/cpu" || rc=$?; t2=$(now)
	if [ "$rc" -gt 1 ]; then echo "aaiguard staged failed (exit $rc):" >&2; cat "$tmp/err" >&2; exit 1; fi
	echo $(( (t1 - t0) / 1000000 )) >> "$tmp/git"
	echo $(( (t2 - t1) / 1000000 )) >> "$tmp/aai"
	if [ -n "${GITLEAKS:-}" ]; then
		# Not --report-path /dev/null: gitleaks deletes the report path first.
		t3=$(now); (cd "$repo" && "$GITLEAKS" git --staged --no-banner --log-level error --report-format json --report-path "$tmp/gitleaks.json" --exit-code 0 . >/dev/null 2>"$tmp/err") || { echo "gitleaks failed:" >&2; cat "$tmp/err" >&2; exit 1; }; t4=$(now)
		echo $(( (t4 - t3) / 1000000 )) >> "$tmp/gl"
	fi
done
echo "median wall time of $runs runs (min-max):"
echo "  git diff --cached   $(median < "$tmp/git") ms"
echo "  aaiguard staged     $(median < "$tmp/aai") ms"
echo "  aaiguard CPU        $(awk '{print int(($1+$2)*1000)}' "$tmp/cpu" | median) ms (user+system)"
[ -n "${GITLEAKS:-}" ] && echo "  gitleaks --staged   $(median < "$tmp/gl") ms"
ratio() { awk -v a="$(median < "$1" | cut -d' ' -f1)" -v g="$(median < "$2" | cut -d' ' -f1)" 'BEGIN {printf "%.2f", (g > 0) ? a / g : 0}'; }
echo "  ratio aaiguard/git       $(ratio "$tmp/aai" "$tmp/git")"
[ -n "${GITLEAKS:-}" ] && echo "  ratio aaiguard/gitleaks  $(ratio "$tmp/aai" "$tmp/gl")"
git -C "$repo" reset -q --hard
git -C "$repo" clean -qfd -e .complete
