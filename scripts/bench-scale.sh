#!/usr/bin/env bash
# Scale by simulation: builds synthetic repositories of growing size with
# scripts/benchrepo and `git fast-import`, and times aaiguard's three
# history-facing paths on each, so that what grows faster than the
# repository shows up as a per-object cost that rises with size.
#
# Usage: scripts/bench-scale.sh [COMMITS...]
#
# COMMITS are main-line commit counts (default: 1000000; about 7 objects
# per commit: 1-3 blobs, the trees on their paths, the commit). Each
# repository is built once into SCALE_CACHE (default
# ~/.cache/aaiguard-bench/scale) and kept: building 1M commits takes most
# of an hour on 2 cores and ~10 GB of disk while fast-import runs.
# SCALE_FILES (default 3000) files at the start; SCALE_RUNS (default 3)
# rounds per size, medians reported; SCALE_RANGE (default 1000) commits in
# the selective pass's range. SCALE_BUILD_ONLY=1 only builds. SCALE_BINARY
# times that binary instead of this checkout's build. SCALE_REPACK=f recomputes every delta
# (`git repack -a -d -f`, as a clone would get it; hours at 1M commits);
# by default fast-import's own deltas are kept (`git repack -a -d`), which
# gives the same objects in a different pack order.
#
# Each round times, one after the other:
#   floor     git cat-file --batch-all-objects --batch --unordered
#   full      aaiguard history (every ref)
#   range     aaiguard history --range main~N..main (the selective pass)
#   staged    aaiguard staged, with three files staged in the work tree
# and prints wall time, CPU time (user + system) and peak RSS (GNU time),
# the medians, and the costs per object and per commit.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000000)
runs=${SCALE_RUNS:-3}
nfiles=${SCALE_FILES:-3000}
rangeN=${SCALE_RANGE:-1000}
cache=${SCALE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/aaiguard-bench/scale}

if [ ! -x /usr/bin/time ]; then
	echo "installing GNU time (peak RSS)" >&2
	apt-get install -y -qq time >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq time >/dev/null; }
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=${SCALE_BINARY:-}
if [ -z "$bin" ]; then
	go build -o "$tmp/aaiguard" ./cmd/aaiguard
	bin=$tmp/aaiguard
fi
go build -o "$tmp/benchrepo" ./scripts/benchrepo

build() {
	local commits=$1 repo=$2
	[ -f "$repo/.complete" ] && return 0
	echo "building $repo (once)" >&2
	rm -rf "$repo"
	mkdir -p "$repo"
	git init -q -b main "$repo"
	local t0=$SECONDS
	"$tmp/benchrepo" -commits "$commits" -files "$nfiles" | git -C "$repo" fast-import --quiet --depth=50
	echo "  fast-import: $((SECONDS - t0)) s" >&2
	t0=$SECONDS
	if [ "${SCALE_REPACK:-}" = f ]; then
		git -C "$repo" repack -a -d -f -q --depth=50 --window=10
	else
		git -C "$repo" repack -a -d -q
	fi
	echo "  repack: $((SECONDS - t0)) s" >&2
	git -C "$repo" reset -q --hard main
	touch "$repo/.complete"
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# timed FILE CMD...: appends "wall rss_kb cpu" of CMD to FILE. aaiguard's
# exit 1 (findings: the planted keys) counts as success.
timed() {
	local out=$1
	shift
	local rc=0
	/usr/bin/time -f "%e %M %U %S" -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" || rc=$?
	if [ "$rc" != 0 ] && [ "$rc" != 1 ]; then
		echo "$* failed (exit $rc):" >&2
		tail -5 "$tmp/err" >&2
		exit 1
	fi
	tail -1 "$tmp/t" | awk '{print $1, $2, $3 + $4}' >>"$out"
}

summary=()
for commits in "${sizes[@]}"; do
	repo="$cache/c$commits-f$nfiles"
	build "$commits" "$repo"
	[ -n "${SCALE_BUILD_ONLY:-}" ] && continue
	ncommits=$(git -C "$repo" rev-list --all --count)
	objects=$(git -C "$repo" count-objects -v | awk '/^in-pack:/ {p=$2} /^count:/ {l=$2} END {print p + l}')
	packmb=$(git -C "$repo" count-objects -v | awk '/^size-pack:/ {printf "%.0f", $2 / 1024}')
	echo "repository: $repo"
	echo "  $ncommits commits, $objects objects, ${packmb} MiB packed; $(nproc) cores; $runs rounds"
	# Three staged files (restored after the runs).
	git -C "$repo" reset -q --hard main
	for f in $(git -C "$repo" ls-files | awk 'NR % 997 == 1' | head -3); do
		echo "// edited for bench-scale" >>"$repo/$f"
		git -C "$repo" add "$f"
	done
	d="$tmp/c$commits"
	mkdir -p "$d"
	for i in $(seq 1 "$runs"); do
		timed "$d/floor" git -C "$repo" cat-file --batch-all-objects --batch --unordered
		timed "$d/full" "$bin" history -q -f json -o "$tmp/full.json" "$repo"
		timed "$d/range" "$bin" history -q -f json -o "$tmp/range.json" --range "main~$rangeN..main" "$repo"
		(cd "$repo" && timed "$d/staged" "$bin" staged -q -f json -o "$tmp/staged.json")
		echo "  round $i: floor $(tail -1 "$d/floor" | cut -d' ' -f1)s full $(tail -1 "$d/full" | cut -d' ' -f1)s range $(tail -1 "$d/range" | cut -d' ' -f1)s staged $(tail -1 "$d/staged" | cut -d' ' -f1)s"
	done
	git -C "$repo" reset -q --hard main
	echo "medians of $runs:"
	for t in floor full range staged; do
		wall=$(cut -d' ' -f1 "$d/$t" | median)
		rss=$(cut -d' ' -f2 "$d/$t" | median)
		cpu=$(cut -d' ' -f3 "$d/$t" | median)
		lo=$(cut -d' ' -f1 "$d/$t" | sort -g | head -1)
		hi=$(cut -d' ' -f1 "$d/$t" | sort -g | tail -1)
		printf '  %-7s %8.2fs wall (%s-%s) %8.2fs CPU %7d MiB peak RSS  %6.2f us CPU/object %6.1f us CPU/commit  %5.0f B RSS/object\n' "$t" "$wall" "$lo" "$hi" "$cpu" \
			"$(awk "BEGIN {printf \"%d\", $rss / 1024}")" "$(awk "BEGIN {print $cpu * 1e6 / $objects}")" "$(awk "BEGIN {print $cpu * 1e6 / $ncommits}")" \
			"$(awk "BEGIN {print $rss * 1024 / $objects}")"
		summary+=("$(printf '%8d commits %9d objects %6d MiB  %-7s %8.2fs wall %8.2fs CPU %7d MiB' "$ncommits" "$objects" "$packmb" "$t" "$wall" "$cpu" "$(awk "BEGIN {printf \"%d\", $rss / 1024}")")")
	done
	echo "  findings (full pass): $(grep -c '"rule"' "$tmp/full.json" || true)"
done
echo "all sizes:"
printf '%s\n' "${summary[@]}"
