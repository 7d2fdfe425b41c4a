#!/usr/bin/env bash
# Benchmarks `aaiguard history` against the raw cost of reading a
# repository's objects and against what diff-based scanners read.
#
# Usage: scripts/bench-history.sh [REPO] [RUNS]
#
# REPO is a git repository (a clone; bare works too). Without it, a large
# synthetic repository is built deterministically by scripts/benchrepo
# (BENCH_COMMITS commits, default 30000; BENCH_FILES files, default 3000)
# and kept in BENCH_CACHE (default ~/.cache/aaiguard-bench) for later runs.
#
# Each round times, one after the other so that load from other processes
# hits all of them alike:
#   floor     git cat-file --batch-all-objects --batch --unordered
#             (inflates every object once, on one core)
#   log -p    git log -p --all (what gitleaks and trufflehog read)
#   aaiguard  aaiguard history -q -f json (the report to a file)
#   gitleaks  gitleaks git (JSON report to a temporary file), when GITLEAKS
#             names its binary. Never give gitleaks --report-path /dev/null:
#             it deletes the report path before writing it.
# and prints wall time, CPU time (user + system: aaiguard works on every
# core, the floor on one, so under load from other processes CPU time is
# the steadier comparison) and peak RSS (GNU time) per run, then the
# medians over RUNS rounds (default 3) and the ratios to the floor.
#
# Paired A/B runs: BENCH_BINARIES="before=/tmp/aaiguard-a after=/tmp/aaiguard-b"
# times each named binary in every round instead of this checkout's build
# (in alternating order, so that neither always runs second), skips git
# log -p, and prints each binary's medians and its ratio to the first's.
# On a machine shared with other work, compare CPU time.
#
# A partial clone (blobs filtered out by the server) makes git log -p fail
# on the first missing blob: give each missing blob a placeholder with
# `git replace -f MISSING PLACEHOLDER` (git honours replace refs; aaiguard
# does not, and exits 2 naming each missing blob). BENCH_ALLOW_ERRORS=1
# then accepts aaiguard's exit 2: its run still times the whole pass.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
repo=${1:-}
runs=${2:-3}

if [ ! -x /usr/bin/time ]; then
	echo "installing GNU time (peak RSS)" >&2
	apt-get install -y -qq time >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq time >/dev/null; }
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/times"
bins=()
if [ -n "${BENCH_BINARIES:-}" ]; then
	for nb in $BENCH_BINARIES; do
		bins+=("${nb%%=*}")
		ln -s "$(realpath "${nb#*=}")" "$tmp/bin-${nb%%=*}"
	done
else
	go build -o "$tmp/aaiguard" ./cmd/aaiguard
fi

if [ -z "$repo" ]; then
	commits=${BENCH_COMMITS:-30000}
	nfiles=${BENCH_FILES:-3000}
	cache=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/aaiguard-bench}
	repo="$cache/synthetic-c$commits-f$nfiles"
	if [ ! -f "$repo/.complete" ]; then
		echo "building the synthetic repository in $repo (once)" >&2
		rm -rf "$repo"
		mkdir -p "$repo"
		go build -o "$tmp/benchrepo" ./scripts/benchrepo
		git init -q -b main "$repo"
		"$tmp/benchrepo" -commits "$commits" -files "$nfiles" | git -C "$repo" fast-import --quiet
		# A pack as a clone would get it: recomputed deltas, recency order.
		git -C "$repo" repack -a -d -f -q --depth=50 --window=10
		git -C "$repo" reset -q --hard main
		touch "$repo/.complete"
	fi
fi
if ! git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
	echo "$repo: not a git repository" >&2
	exit 2
fi

ncommits=$(git -C "$repo" rev-list --all --count)
objects=$(git -C "$repo" count-objects -v | awk '/^in-pack:/ {p=$2} /^count:/ {l=$2} END {print p + l}')
packmb=$(git -C "$repo" count-objects -v | awk '/^size-pack:/ {printf "%.0f", $2 / 1024}')
echo "repository: $repo"
echo "  $ncommits commits, $objects objects, ${packmb} MiB packed; $(nproc) cores; $runs rounds; $(git --version)"

# timed NAME CMD...: runs CMD with stdout to /dev/null, appends "wall rss_kb"
# to $tmp/times/NAME. Exit code 0 is success, and for aaiguard 1 (findings).
timed() {
	local name=$1
	shift
	local rc=0
	/usr/bin/time -f "%e %M %U %S" -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" || rc=$?
	local ok=0
	case "$name:$rc" in
	floor:0 | logp:0 | gitleaks:0) ok=1 ;;
	*:0 | *:1) ok=1 ;; # aaiguard binaries: 1 is findings
	*:2) [ -n "${BENCH_ALLOW_ERRORS:-}" ] && ok=1 ;;
	esac
	if [ "$ok" = 0 ]; then
		echo "$name failed (exit $rc):" >&2
		tail -5 "$tmp/err" >&2
		exit 1
	fi
	tail -1 "$tmp/t" | awk '{print $1, $2, $3 + $4}' >> "$tmp/times/$name"
	printf '  %-9s %6.2fs %6.2fs CPU %6d MiB\n' "$name" "$(tail -1 "$tmp/times/$name" | cut -d' ' -f1)" "$(tail -1 "$tmp/times/$name" | cut -d' ' -f3)" "$(( $(tail -1 "$tmp/times/$name" | cut -d' ' -f2) / 1024 ))"
}

if [ ${#bins[@]} -gt 0 ]; then
	tools=(floor "${bins[@]}")
	for i in $(seq 1 "$runs"); do
		echo "round $i"
		timed floor git -C "$repo" cat-file --batch-all-objects --batch --unordered
		order=("${bins[@]}")
		if [ $((i % 2)) = 0 ]; then
			order=()
			for ((k = ${#bins[@]} - 1; k >= 0; k--)); do order+=("${bins[$k]}"); done
		fi
		for b in "${order[@]}"; do
			timed "$b" "$tmp/bin-$b" history -q -f json -o "$tmp/report-$b.json" "$repo"
		done
	done
	median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
	echo "medians of $runs (paired rounds):"
	first=${bins[0]}
	w0=$(cut -d' ' -f1 "$tmp/times/$first" | median)
	c0=$(cut -d' ' -f3 "$tmp/times/$first" | median)
	for t in "${tools[@]}"; do
		wall=$(cut -d' ' -f1 "$tmp/times/$t" | median)
		rss=$(cut -d' ' -f2 "$tmp/times/$t" | median)
		cpu=$(cut -d' ' -f3 "$tmp/times/$t" | median)
		printf '  %-9s %6.2fs wall (%5.2fx %s)  %6.2fs CPU (%5.2fx %s)  %6d MiB peak RSS\n' "$t" "$wall" "$(awk "BEGIN {print $wall / $w0}")" "$first" \
			"$cpu" "$(awk "BEGIN {print $cpu / $c0}")" "$first" "$(awk "BEGIN {printf \"%d\", $rss / 1024}")"
	done
	for b in "${bins[@]}"; do
		echo "  $b: $(grep -c '"rule"' "$tmp/report-$b.json" || true) findings; $(awk '/"(commits|blobs)"/ {gsub(/[ ,]/, ""); printf "%s ", $0}' "$tmp/report-$b.json")"
	done
	exit 0
fi

tools=(floor logp aaiguard)
[ -n "${GITLEAKS:-}" ] && tools+=(gitleaks)
for i in $(seq 1 "$runs"); do
	echo "round $i"
	timed floor git -C "$repo" cat-file --batch-all-objects --batch --unordered
	timed logp git -C "$repo" log -p --all
	timed aaiguard "$tmp/aaiguard" history -q -f json -o "$tmp/report.json" "$repo"
	if [ -n "${GITLEAKS:-}" ]; then
		timed gitleaks "$GITLEAKS" git --no-banner --log-level error --report-format json --report-path "$tmp/gitleaks.json" --exit-code 0 "$repo"
	fi
done

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
floor=$(cut -d' ' -f1 "$tmp/times/floor" | median)
logp=$(cut -d' ' -f1 "$tmp/times/logp" | median)
echo "medians of $runs:"
floorcpu=$(cut -d' ' -f3 "$tmp/times/floor" | median)
for t in "${tools[@]}"; do
	wall=$(cut -d' ' -f1 "$tmp/times/$t" | median)
	rss=$(cut -d' ' -f2 "$tmp/times/$t" | median)
	cpu=$(cut -d' ' -f3 "$tmp/times/$t" | median)
	printf '  %-9s %6.2fs %6d MiB peak RSS   %5.2fx floor   %5.2fx log -p   %6.2fs CPU (%4.2fx floor)\n' "$t" "$wall" "$(awk "BEGIN {printf \"%d\", $rss / 1024}")" \
		"$(awk "BEGIN {print $wall / $floor}")" "$(awk "BEGIN {print $wall / $logp}")" "$cpu" "$(awk "BEGIN {print $cpu / $floorcpu}")"
done
echo "aaiguard's report (last round):"
awk '/"(commits|blobs|bytesScanned|skippedBinary)"/ {gsub(/[ ,]/, ""); printf "  %s\n", $0}' "$tmp/report.json"
echo "  findings: $(grep -c '"rule"' "$tmp/report.json" || true)"
awk '/"errors"/ {on=1; next} on && /]/ {on=0} on {n++} END {if (n) print "  errors: " n " (incomplete: see the report)"}' "$tmp/report.json"
