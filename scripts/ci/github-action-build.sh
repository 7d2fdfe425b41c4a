#!/usr/bin/env bash
# The build steps of the GitHub Action (action.yml), kept in a script so that
# scripts/e2e-ci.sh runs them outside GitHub the same way.
#
#   github-action-build.sh prepare   check the job's Go and C compiler; print
#                                    the cache key of the aaiguard binary
#   github-action-build.sh build     build aaiguard into $RUNNER_TEMP/aaiguard
#                                    (unless actions/cache restored it)
#   github-action-build.sh modules   go mod download in every Go module under
#                                    $INPUT_PATH (input go-mod-download)
#
# aaiguard is built with the Go already on PATH, in this step only: no
# actions/setup-go, so the caller's later steps keep their Go, GOROOT and
# PATH. GOTOOLCHAIN=auto lets a Go 1.21 or newer fetch the toolchain
# aaiguard's go.mod asks for (from the Go module proxy, checked against the
# checksum database) for this build. The build shares the job's module and
# build caches (content-addressed: nothing in them changes what the
# caller's own builds produce); the binary itself is kept by actions/cache,
# keyed by the hash of aaiguard's source, so later runs do not build.
set -euo pipefail

bin_dir=${RUNNER_TEMP:?}/aaiguard
# The environment of aaiguard's own build, whatever the caller exported
# (GOFLAGS=-mod=vendor, a go.work, CGO_ENABLED=0 would break it or drop its
# code rules).
build_env=(GOTOOLCHAIN=auto GOFLAGS=-buildvcs=false GOWORK=off CGO_ENABLED=1)

prepare() {
	if ! command -v go >/dev/null 2>&1; then
		echo "::error::aaiguard: the action builds aaiguard with the Go on PATH, and there is none: add actions/setup-go (any Go 1.21 or newer) before this action"
		exit 1
	fi
	local v minor
	v=$(go env GOVERSION)
	minor=$(printf '%s' "$v" | sed -n 's/^go1\.\([0-9]*\).*/\1/p')
	if [ -z "$minor" ] || [ "$minor" -lt 21 ]; then
		echo "::error::aaiguard: the Go on PATH is $v; building aaiguard needs Go 1.21 or newer (it then fetches the toolchain go.mod asks for)"
		exit 1
	fi
	local cc
	cc=$(go env CC)
	if ! command -v "${cc%% *}" >/dev/null 2>&1; then
		echo "::error::aaiguard: no C compiler ($cc): aaiguard's code rules (tree-sitter parsers) need cgo; install gcc or clang on the runner"
		exit 1
	fi
	local sum
	sum=$(source_hash)
	echo "aaiguard: the Go on PATH is $(go version | cut -d' ' -f3-); aaiguard's source is ${sum:0:12}"
	echo "cache-key=aaiguard-bin-$(uname -s)-$(uname -m)-$v-${ACTION_REF:-action}-$sum" >>"$GITHUB_OUTPUT"
}

# source_hash identifies what the binary is built from: every file of the
# Go module outside testdata (the action's directory is a download of the
# action's repository at its ref, without .git).
source_hash() {
	(cd "$GITHUB_ACTION_PATH" && find go.mod go.sum cmd analyzers scanner rules internal -type f ! -path '*/testdata/*' ! -name '*_test.go' -print0 |
		sort -z | xargs -0 sha256sum | sha256sum | cut -c1-32)
}

build() {
	local bin=$bin_dir/aaiguard
	if [ -x "$bin" ] && "$bin" version >/dev/null 2>&1; then
		echo "aaiguard: $("$bin" version) restored from the cache, not rebuilt"
	else
		cd "$GITHUB_ACTION_PATH"
		mkdir -p "$bin_dir"
		echo "aaiguard: building with GOTOOLCHAIN=auto (this step only)"
		env "${build_env[@]}" go build -trimpath -ldflags "-X main.version=${ACTION_REF:-action}" -o "$bin" ./cmd/aaiguard
		echo "aaiguard: built $("$bin" version)"
	fi
	echo "$bin_dir" >>"$GITHUB_PATH"
}

# Every go.mod under the scanned path, skipping the directories go itself
# skips (vendor, testdata, names starting with . or _), as the Go stage does.
modules() {
	local root=${INPUT_PATH:-.} n=0 failed=0 mod dir
	while IFS= read -r -d '' mod; do
		dir=$(dirname "$mod")
		n=$((n + 1))
		echo "aaiguard: go mod download in $dir"
		if ! (cd "$dir" && go mod download); then
			echo "::warning::aaiguard: go mod download failed in $dir: the Go analyzers will report its packages as not analysed"
			failed=$((failed + 1))
		fi
	done < <(find "$root" -mindepth 1 \( -type d \( -name vendor -o -name testdata -o -name '.*' -o -name '_*' \) -prune \) -o -name go.mod -type f -print0)
	echo "aaiguard: $n Go module(s) under $root, $failed failed to download"
}

case ${1:-} in
prepare) prepare ;;
build) build ;;
modules) modules ;;
*)
	echo "usage: $0 prepare|build|modules" >&2
	exit 2
	;;
esac
