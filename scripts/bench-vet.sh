#!/usr/bin/env bash
# Measures the cost of aaiguard's Go analyzers on a large module relative to
# go vet alone. Usage: scripts/bench-vet.sh [RUNS] [MODULE_DIR]
#
# MODULE_DIR defaults to a copy of golangci-lint v2.15.0's source from the
# module cache (about 900 packages with its own and its dependencies').
# Compilation is warmed first; every timed run then passes a unique,
# harmless flag value so that go vet's result cache cannot answer (vet
# results are cached by tool and flags). Runs alternate between the tools
# so that load from other processes hits both alike; medians are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
mod=${2:-}
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
export GOFLAGS=-buildvcs=false

go build -o "$tmp/aaiguard-vet" ./cmd/aaiguard-vet
go build -o "$tmp/aaiguard" ./cmd/aaiguard
if [ -z "$mod" ]; then
	src=$(cd "$tmp" && GOFLAGS= go mod download -json github.com/golangci/golangci-lint/v2@v2.15.0 | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	cp -r "$src" "$tmp/mod"
	chmod -R u+w "$tmp/mod"
	mod="$tmp/mod"
fi
cd "$mod"
pkgs=$(go list ./... | wc -l)
echo "module: $(go list -m) ($pkgs packages), $(nproc) cores, $runs runs each"
go build ./... >/dev/null
go vet ./... >/dev/null 2>&1 || true
go vet -vettool="$tmp/aaiguard-vet" ./... >/dev/null 2>&1 || true

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
: > "$tmp/vet" ; : > "$tmp/aai" ; : > "$tmp/cli"
for i in $(seq 1 "$runs"); do
	tag="bench$RANDOM$i"
	t0=$(now); go vet -printf.funcs="$tag" ./... >/dev/null 2>&1 || true; t1=$(now)
	go vet -vettool="$tmp/aaiguard-vet" -redactpii.policies="person_name,$tag" ./... >/dev/null 2>&1 || true; t2=$(now)
	"$tmp/aaiguard" vet ./... >/dev/null 2>&1 || true; t3=$(now)
	awk "BEGIN {print $t1 - $t0}" >> "$tmp/vet"
	awk "BEGIN {print $t2 - $t1}" >> "$tmp/aai"
	awk "BEGIN {print $t3 - $t2}" >> "$tmp/cli"
	echo "run $i: go vet $(tail -1 "$tmp/vet")s, go vet -vettool=aaiguard-vet $(tail -1 "$tmp/aai")s, aaiguard vet $(tail -1 "$tmp/cli")s"
done
vet=$(median < "$tmp/vet"); aai=$(median < "$tmp/aai"); cli=$(median < "$tmp/cli")
echo "median: go vet ${vet}s; go vet -vettool=aaiguard-vet ${aai}s ($(awk "BEGIN {printf \"%.2f\", $aai / $vet}")x go vet); aaiguard vet ${cli}s ($(awk "BEGIN {printf \"%.2f\", $cli / $vet}")x go vet)"
