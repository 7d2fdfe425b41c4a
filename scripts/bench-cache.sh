#!/usr/bin/env bash
# Measures `aaiguard history --cache` after one new commit against the full
# pass, on a clone of REPO (a bare mirror works: tldr-pages/tldr; the public
# terraform mirror is a partial clone, so its scan has errors and is never
# recorded: docs/DESIGN.md, "The work tree under check --cache", says how
# the complete stand-in measured there was made from it).
#
# Usage: scripts/bench-cache.sh REPO [RUNS]   (default 5; medians printed)
#        CMD=check scripts/bench-cache.sh REPO [RUNS]   (check: history and
#        the work tree, whose unchanged files the record proves clean)
#
# Each round: the full pass (no cache), then the cached scan with the
# record made before the new commit restored first (so every round scans
# that one commit). The cached and uncached JSON reports are compared
# (without the duration); a difference fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
src=${1:?usage: scripts/bench-cache.sh REPO [RUNS]}
runs=${2:-5}
cmd=${CMD:-history}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/aaiguard" ./cmd/aaiguard
git clone -q "$src" "$tmp/repo"
cache="$tmp/cache"
"$tmp/aaiguard" "$cmd" -q --cache "$cache" --format json --output "$tmp/record.json" "$tmp/repo" || [ $? -eq 1 ]
ls "$cache"/*.aaic >/dev/null || { echo "the full pass was not recorded (run without -q to see why)" >&2; exit 1; }
cp -r "$cache" "$tmp/cache-before"
printf 'bench\n' >> "$tmp/repo/README.md"
git -C "$tmp/repo" -c user.name=bench -c user.email=bench@example.com commit -qam "bench: one new commit"

TIMEFORMAT='%3R %3U %3S'
: > "$tmp/full"
: > "$tmp/cached"
for i in $(seq 1 "$runs"); do
	{ time "$tmp/aaiguard" "$cmd" -q --format json --output "$tmp/full.json" "$tmp/repo" || [ $? -eq 1 ]; } 2>>"$tmp/full"
	rm -rf "$cache" && cp -r "$tmp/cache-before" "$cache"
	{ time "$tmp/aaiguard" "$cmd" -q --cache "$cache" --format json --output "$tmp/cached.json" "$tmp/repo" || [ $? -eq 1 ]; } 2>>"$tmp/cached"
done
# What the cache changes on purpose: how many work-tree files were read
# (and their bytes), how many it proved clean, and its note saying so.
norm() { grep -v '"durationMs"\|"filesScanned"\|"bytesScanned"\|"filesProvenClean"\|(--cache) proved clean' "$1"; }
if ! diff <(norm "$tmp/full.json") <(norm "$tmp/cached.json") >/dev/null; then
	echo "the cached report differs from the uncached one:" >&2
	diff <(norm "$tmp/full.json") <(norm "$tmp/cached.json") >&2 || true
	exit 1
fi
med() { sort -g | awk '{a[NR]=$1} END {printf "%s (%s-%s)", (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2, a[1], a[NR]}'; }
wall() { awk '{print $1}' "$1" | med; }
cpu() { awk '{print $2+$3}' "$1" | med; }
echo "$cmd: $(nproc) cores, $runs rounds, medians (min-max), seconds; reports equal"
grep '"filesScanned"\|"filesProvenClean"' "$tmp/cached.json" | tr -d ' \n'; echo
echo "  full pass        wall $(wall "$tmp/full")  CPU $(cpu "$tmp/full")"
echo "  --cache, 1 new   wall $(wall "$tmp/cached")  CPU $(cpu "$tmp/cached")"
awk -v a="$(wall "$tmp/cached" | cut -d' ' -f1)" -v b="$(wall "$tmp/full" | cut -d' ' -f1)" 'BEGIN {printf "  ratio (wall)     %.1f%%\n", 100 * a / b}'
