#!/usr/bin/env bash
# Proves the golangci-lint v2 module plugin (analyzers/gclplugin) end to end
# with the real golangci-lint. `golangci-lint custom` git-clones
# golangci-lint, which CI cannot do; this does the same from the Go module
# proxy: take the golangci-lint module source, add a file importing the
# plugin, replace this repository's module with the checkout, build, then
# lint a sample module and compare with the diagnostics it must report.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
version=v2.15.0
start=$(date +%s)

tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

# 1. The golangci-lint source, as `golangci-lint custom` would clone it.
dir=$(cd "$tmp" && GOFLAGS= go mod download -json "github.com/golangci/golangci-lint/v2@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
test -n "$dir" || { echo "golangci-plugin: go mod download gave no Dir" >&2; exit 1; }
cp -r "$dir" "$tmp/gcl"
chmod -R u+w "$tmp/gcl"

# 2. The plugin import and the replace (what .custom-gcl.yml's
#    "module/import/path" entries make custom do).
cat > "$tmp/gcl/cmd/golangci-lint/plugin_aaiguard.go" <<'GO'
package main

import _ "github.com/aaiguard/aaiguard/analyzers/gclplugin"
GO
(
	cd "$tmp/gcl"
	go mod edit -require=github.com/aaiguard/aaiguard@v0.0.0 -replace="github.com/aaiguard/aaiguard=$repo"
	GOFLAGS=-mod=mod go mod tidy
	go build -trimpath -o "$tmp/golangci-lint" ./cmd/golangci-lint
)
built=$(date +%s)
echo "golangci-plugin: built golangci-lint $version with the aaiguard plugin in $((built - start))s"

# 3. Lint the sample module with its .golangci.yml.
cp -r analyzers/gclplugin/testdata/sample "$tmp/sample"
mkdir -p "$tmp/sample/sdk"
cp analyzers/testdata/src/github.com/AssemblyAI/assemblyai-go-sdk/*.go "$tmp/sample/sdk/"
printf 'module github.com/AssemblyAI/assemblyai-go-sdk\n\ngo 1.21\n' > "$tmp/sample/sdk/go.mod"
set +e
# Another golangci-lint on this machine (a developer's editor, a second CI
# job) holds golangci's lock, $TMPDIR/golangci-lint.lock, and would make
# this run fail with "parallel golangci-lint is running" after 5 s: this
# run takes no lock (--allow-parallel-runners) and uses a cache of its own,
# so neither run can disturb the other. To prove it, the run below happens
# while another process holds the lock (in a TMPDIR of this script's own,
# so that real golangci-lint runs elsewhere on the machine are not blocked).
mkdir -p "$tmp/lockdir"
(exec 9>"$tmp/lockdir/golangci-lint.lock" && flock 9 && exec sleep 3600) &
holder=$! # the sleep itself: killing it releases the lock
trap 'kill "$holder" 2>/dev/null || true; chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do
	flock -n "$tmp/lockdir/golangci-lint.lock" true 2>/dev/null || break
	sleep 0.1
done
if flock -n "$tmp/lockdir/golangci-lint.lock" true 2>/dev/null; then
	echo "golangci-plugin: could not hold golangci-lint's lock for the concurrency check" >&2
	exit 1
fi
(cd "$tmp/sample" && TMPDIR="$tmp/lockdir" GOLANGCI_LINT_CACHE="$tmp/gcl-cache" "$tmp/golangci-lint" run --allow-parallel-runners --output.text.path=stdout --output.text.print-issued-lines=false --show-stats=false ./...) > "$tmp/out.txt" 2> "$tmp/err.txt"
rc=$?
set -e
cat "$tmp/out.txt"
if [ "$rc" -ne 1 ]; then
	echo "golangci-plugin: golangci-lint exited $rc, want 1 (issues found)" >&2
	cat "$tmp/err.txt" >&2
	exit 1
fi
fail=0
while IFS= read -r want; do
	grep -qF "$want" "$tmp/out.txt" || { echo "golangci-plugin: missing: $want" >&2; fail=1; }
done < analyzers/gclplugin/testdata/sample/expected.txt
got=$(grep -c '(aaiguard)$' "$tmp/out.txt" || true)
want=$(grep -c . analyzers/gclplugin/testdata/sample/expected.txt)
if [ "$got" -ne "$want" ]; then
	echo "golangci-plugin: $got issues from aaiguard, want $want (//nolint:aaiguard and settings must apply)" >&2
	fail=1
fi
[ "$fail" -eq 0 ] || exit 1
kill "$holder" 2>/dev/null || true
echo "golangci-plugin: ran while another process held golangci-lint's lock (--allow-parallel-runners)"
echo "golangci-plugin: $want expected issues reported; stage took $(($(date +%s) - start))s"
