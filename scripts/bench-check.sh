#!/usr/bin/env bash
# Benchmarks `aaiguard check` on Go repositories, with the share of its
# time spent in the Go stage, against `aaiguard history` on the same
# repository (the goal: check on a large Go repository that does not use
# AssemblyAI within 1.5x of history).
#
# Usage: scripts/bench-check.sh [RUNS] REPO...
#
# REPO is a clone of a Go repository, or the word `sdk`: a small module
# built here whose packages use the AssemblyAI Go SDK v1.10.0 and net/http
# (it needs the SDK in the module cache: GOPROXY=off, nothing is
# downloaded). The module cache (GOMODCACHE) must already hold every
# repository's dependencies (`go mod download` in each module): aaiguard
# itself never downloads them.
#
# AAIGUARD_BEFORE names another aaiguard binary (e.g. a build of main) to
# compare with the one built from this tree; runs alternate between them so
# that load from other processes hits both alike.
#
# For each binary and repository, one round times
#   cold     aaiguard check with an empty build cache (GOCACHE, new per run)
#   warm     aaiguard check with a warm build cache (warmed by one untimed run)
#   no-go    aaiguard check with no go command on PATH (the Go stage only
#            notes that it did not run): warm - no-go is the Go stage's share
#   history  aaiguard history (the reference of the goal)
# and prints wall time, CPU time (user + system, children included: under
# load from other processes the steadier figure) and peak RSS (GNU time: the
# largest of aaiguard and the go command's processes), medians over RUNS
# rounds (default 3). A run
# that takes longer than BENCH_TIMEOUT seconds (default 900) is stopped and
# shown as such (the warm-up run too: the warm numbers then come from a
# partly warm cache). Exit codes 0, 1 (findings) and 2 (an incomplete scan,
# e.g. a module that does not build) are all timed; the exit code is shown.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
runs=3
if [[ ${1:-} =~ ^[0-9]+$ ]]; then
	runs=$1
	shift
fi
[ $# -gt 0 ] || { sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
timeout_s=${BENCH_TIMEOUT:-900}

if [ ! -x /usr/bin/time ]; then
	echo "installing GNU time (peak RSS)" >&2
	apt-get install -y -qq time >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq time >/dev/null; }
fi

tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
go build -o "$tmp/after" ./cmd/aaiguard
bins=(after)
if [ -n "${AAIGUARD_BEFORE:-}" ]; then
	cp "$AAIGUARD_BEFORE" "$tmp/before"
	bins=(before after)
fi
gobin=$(dirname "$(command -v go)")
# PATH without the go command, for the no-go runs.
nogo_path=$(printf '%s' "$PATH" | tr ':' '\n' | grep -vxF "$gobin" | paste -sd: -)

# sdkmodule DIR: a module whose packages use the SDK, a wrapper and net/http.
sdkmodule() {
	local d=$1
	mkdir -p "$d/transcribe" "$d/api" "$d/internal/store"
	cat >"$d/go.mod" <<-'EOF'
		module example.com/sdkbench

		go 1.26

		require github.com/AssemblyAI/assemblyai-go-sdk v1.10.0
	EOF
	cat >"$d/transcribe/transcribe.go" <<-'EOF'
		package transcribe

		import (
			"context"
			"os"

			aai "github.com/AssemblyAI/assemblyai-go-sdk"
		)

		func New() *aai.Client { return aai.NewClient(os.Getenv("ASSEMBLYAI_API_KEY")) }

		func Run(ctx context.Context, c *aai.Client, url string) (aai.Transcript, error) {
			return c.Transcripts.TranscribeFromURL(ctx, url, &aai.TranscriptOptionalParams{
				RedactPII:         aai.Bool(true),
				RedactPIIPolicies: []aai.PIIPolicy{"person_name"},
			})
		}
	EOF
	cat >"$d/api/api.go" <<-'EOF'
		package api

		import (
			"encoding/json"
			"net/http"

			"example.com/sdkbench/transcribe"
		)

		func Handler(w http.ResponseWriter, r *http.Request) {
			t, err := transcribe.Run(r.Context(), transcribe.New(), r.URL.Query().Get("url"))
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadGateway)
				return
			}
			_ = json.NewEncoder(w).Encode(t)
		}
	EOF
	printf 'package store\n\nimport "database/sql"\n\nvar DB *sql.DB\n' >"$d/internal/store/store.go"
	(cd "$d" && GOPROXY=off GOSUMDB=off GOFLAGS=-mod=mod go mod tidy) || {
		echo "sdk: the module cache ($(go env GOMODCACHE)) lacks github.com/AssemblyAI/assemblyai-go-sdk v1.10.0 or its dependencies" >&2
		return 1
	}
	git -C "$d" init -q && git -C "$d" add -A && git -C "$d" -c user.email=b@example.com -c user.name=bench commit -qm sdk
}

# leftovers: kills what a stopped run left behind. A go command started in
# a process group of its own (go/packages does that) does not get the
# timeout's signal; it is found by the unique GOCACHE this script gave it.
leftovers() {
	local p
	[ -n "$1" ] || return 0
	for p in /proc/[0-9]*; do
		if { tr '\0' '\n' <"$p/environ"; } 2>/dev/null | grep -qxF "GOCACHE=$1"; then
			kill -9 "${p#/proc/}" 2>/dev/null || true
		fi
	done
}

# timed FILE CMD...: appends "wall rss_kb exit cpu" to FILE.
timed() {
	local out=$1
	shift
	local rc=0
	timeout -s TERM "$timeout_s" /usr/bin/time -f "%e %M %U %S" -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" || rc=$?
	if [ "$rc" = 124 ]; then
		leftovers "${GOCACHE:-}"
		echo "timeout 0 124 0" >>"$out"
		return
	fi
	if [ "$rc" -gt 2 ]; then
		echo "failed ($rc): $*" >&2
		cat "$tmp/err" >&2
		exit 1
	fi
	tail -1 "$tmp/t" | awk -v rc="$rc" '{print $1, $2, rc, $3 + $4}' >>"$out"
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
col() { awk -v c="$2" '$1 != "timeout" {print $c}' "$1" | median; }
timeouts() { grep -c '^timeout' "$1" || true; }

echo "$(nproc) cores, $runs rounds, $(go version), GOMODCACHE=$(go env GOMODCACHE)"
for repo in "$@"; do
	if [ "$repo" = sdk ]; then
		repo="$tmp/sdkbench"
		sdkmodule "$repo" || continue
	fi
	repo=$(cd "$repo" && pwd)
	ngo=$(cd "$repo" && git ls-files '*.go' | wc -l)
	echo
	echo "repository: $repo ($ngo Go files, $(cd "$repo" && git ls-files '*go.mod' | wc -l) go.mod)"
	for b in "${bins[@]}"; do
		: >"$tmp/$b.cold" ; : >"$tmp/$b.warm" ; : >"$tmp/$b.nogo" ; : >"$tmp/$b.hist"
		mkdir -p "$tmp/gocache-$b"
		rc=0
		GOCACHE="$tmp/gocache-$b" timeout -s TERM "$timeout_s" "$tmp/$b" check -q -f json "$repo" >/dev/null 2>&1 || rc=$?
		[ "$rc" != 124 ] || leftovers "$tmp/gocache-$b"
	done
	for i in $(seq 1 "$runs"); do
		for b in "${bins[@]}"; do
			rm -rf "$tmp/cold"
			mkdir "$tmp/cold"
			GOCACHE="$tmp/cold" timed "$tmp/$b.cold" "$tmp/$b" check -q -f json "$repo"
			chmod -R u+w "$tmp/cold" && rm -rf "$tmp/cold"
			GOCACHE="$tmp/gocache-$b" timed "$tmp/$b.warm" "$tmp/$b" check -q -f json "$repo"
			PATH="$nogo_path" timed "$tmp/$b.nogo" "$tmp/$b" check -q -f json "$repo"
			timed "$tmp/$b.hist" "$tmp/$b" history -q -f json "$repo"
		done
	done
	for b in "${bins[@]}"; do
		hist=$(col "$tmp/$b.hist" 1)
		nogo=$(col "$tmp/$b.nogo" 1)
		for kind in cold warm nogo hist; do
			f="$tmp/$b.$kind"
			wall=$(col "$f" 1)
			rss=$(col "$f" 2)
			cpu=$(col "$f" 4)
			codes=$(awk '{print $3}' "$f" | sort -u | paste -sd/ -)
			extra=""
			if [ "$wall" != "-" ] && [ "$hist" != "-" ] && [ "$kind" != hist ]; then
				extra=$(awk -v w="$wall" -v h="$hist" 'BEGIN {printf "%5.2fx history", w / h}')
			fi
			if [ "$kind" = cold ] || [ "$kind" = warm ]; then
				if [ "$wall" != "-" ] && [ "$nogo" != "-" ]; then
					extra="$extra$(awk -v w="$wall" -v n="$nogo" 'BEGIN {s = w - n; if (s < 0) s = 0; printf "   Go stage %6.2fs (%3.0f%%)", s, 100 * s / w}')"
				fi
			fi
			t=$(timeouts "$f")
			[ "$t" = 0 ] || extra="$extra   $t run(s) stopped after ${timeout_s}s"
			label=$kind
			[ "$kind" = hist ] && label=history
			[ "$kind" = nogo ] && label=no-go
			if [ "$wall" = "-" ]; then
				printf '  %-6s %-8s %8s %9s %9s       exit %-5s %s\n' "$b" "$label" "-" "-" "-" "$codes" "$extra"
			else
				printf '  %-6s %-8s %7.2fs %7.2fs CPU %6d MiB   exit %-5s %s\n' "$b" "$label" "$wall" "$cpu" "$(awk "BEGIN {printf \"%d\", $rss / 1024}")" "$codes" "$extra"
			fi
		done
	done
done
