#!/usr/bin/env bash
# Builds the release archives of aaiguard, by hand (not in CI):
#
#   scripts/release.sh VERSION        e.g. scripts/release.sh v0.1.0
#
# into dist/VERSION/: aaiguard_VERSION_OS_ARCH.tar.gz for linux/amd64,
# linux/arm64, darwin/amd64 and darwin/arm64, each holding aaiguard,
# aaiguard-vet, README.md and BUILD.txt (how it was built and what it
# lacks), and SHA256SUMS (sha256sum -c SHA256SUMS checks them). The version
# is stamped into the binaries (-ldflags -X main.version=VERSION: aaiguard
# version prints it; the script checks it is in every binary, and runs the
# linux/amd64 one). Builds are reproducible from the commit: -trimpath, no
# VCS stamping, GOFLAGS and go.work ignored, archives with fixed owners and
# the commit's time.
#
# cgo is what makes this more than GOOS/GOARCH: the JS/TS/Python code rules
# parse with tree-sitter, whose grammars are C.
#   linux/amd64   cgo, with the host's gcc (on an amd64 host).
#   linux/arm64   cgo, cross-compiled with aarch64-linux-gnu-gcc
#                 (Debian: apt-get install gcc-aarch64-linux-gnu); the script
#                 stops when it is missing rather than ship less.
#   darwin/*      without cgo: a cgo build for macOS needs Apple's SDK and
#                 linker, which cannot be used from Linux. These binaries do
#                 everything except the code rules (keys in the work tree,
#                 staged changes and history, hygiene, the checklist, the Go
#                 analyzers); a scan that meets JS/TS/Python code that uses
#                 AssemblyAI says the code rules did not run (exit 2) and
#                 grades their checklist items unknown, never pass. BUILD.txt
#                 in the archive says so; on a Mac, `go install ./cmd/...`
#                 from a checkout builds with cgo and has them.
#
# Refuses a work tree with uncommitted changes (ALLOW_DIRTY=1 to build
# anyway, for a trial) and a VERSION that is not vMAJOR.MINOR.PATCH[-pre].
# After publishing, tag the commit and pin the snippets to it:
# scripts/pin.sh VERSION VERSION.
set -euo pipefail
cd "$(dirname "$0")/.."

version=${1:-}
if ! printf '%s' "$version" | grep -Eq '^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$'; then
	echo "usage: scripts/release.sh vMAJOR.MINOR.PATCH[-pre]" >&2
	exit 2
fi
if [ -n "$(git status --porcelain --untracked-files=no)" ] && [ "${ALLOW_DIRTY:-}" != 1 ]; then
	echo "release: the work tree has uncommitted changes: commit them (or ALLOW_DIRTY=1 for a trial build)" >&2
	exit 2
fi
commit=$(git rev-parse HEAD)
[ -z "$(git status --porcelain --untracked-files=no)" ] || commit="$commit (with uncommitted changes)"
host=$(go env GOHOSTOS)/$(go env GOHOSTARCH)
if [ "$host" != linux/amd64 ]; then
	echo "release: run on linux/amd64 (this is $host): the cgo builds below assume it" >&2
	exit 2
fi
out=dist/$version
rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s)

# build OS ARCH CGO CC: builds both commands into $work/OS_ARCH.
build() {
	local os=$1 arch=$2 cgo=$3 cc=$4 dir=$work/${1}_$2
	mkdir -p "$dir"
	if [ "$cgo" = 1 ] && ! command -v "$cc" >/dev/null 2>&1; then
		echo "release: $os/$arch needs the C cross compiler $cc (Debian: apt-get install gcc-aarch64-linux-gnu)" >&2
		exit 1
	fi
	for cmd in aaiguard aaiguard-vet; do
		env GOOS="$os" GOARCH="$arch" CGO_ENABLED="$cgo" CC="$cc" GOFLAGS= GOWORK=off \
			go build -trimpath -buildvcs=false -ldflags "-s -w -X main.version=$version" \
			-o "$dir/$cmd" "./cmd/$cmd"
	done
	local cgo_text
	if [ "$cgo" = 1 ]; then
		cgo_text="yes ($cc): every check, the JS/TS/Python code rules included"
	else
		cgo_text="no: the JS/TS/Python code rules (tree-sitter, C) are not in this build. A scan that
meets JavaScript, TypeScript or Python code using AssemblyAI reports that the code
rules did not run (exit 2) and grades pii-redaction, webhook-auth, content-safety,
browser-tokens and retention unknown. Keys (work tree, staged changes, history),
hygiene, the checklist and the Go analyzers work as in every build. For the code
rules on macOS, build from a checkout on the Mac: go install ./cmd/..."
	fi
	cat >"$dir/BUILD.txt" <<EOF
aaiguard $version for $os/$arch
commit: $commit
built with: $(go version | cut -d' ' -f3), -trimpath
cgo: $cgo_text
EOF
	cp README.md "$dir/"
	# Check what was built: the target and cgo (from the build info), and
	# the version stamp (in the binary's data: with -trimpath, go does not
	# record -ldflags in the build info).
	local info
	info=$(go version -m "$dir/aaiguard")
	for want in "GOOS=$os" "GOARCH=$arch" "CGO_ENABLED=$cgo"; do
		grep -q -- "$want" <<<"$info" || {
			echo "release: $os/$arch: the binary lacks $want:" >&2
			echo "$info" >&2
			exit 1
		}
	done
	grep -aqF -- "$version" "$dir/aaiguard" || {
		echo "release: $os/$arch: the version $version is not stamped into the binary" >&2
		exit 1
	}
	local name=aaiguard_${version}_${os}_${arch}
	tar -C "$dir" --owner=0 --group=0 --numeric-owner --mtime="@$(git log -1 --format=%ct)" \
		-czf "$out/$name.tar.gz" aaiguard aaiguard-vet README.md BUILD.txt
	echo "release: $out/$name.tar.gz (cgo $cgo)"
}

build linux amd64 1 "$(go env CC)"
build linux arm64 1 aarch64-linux-gnu-gcc
build darwin amd64 0 ""
build darwin arm64 0 ""

# The host's binary runs: its version is the one stamped.
got=$("$work/linux_amd64/aaiguard" version | head -n1)
[ "$got" = "aaiguard $version" ] || {
	echo "release: linux/amd64 aaiguard version says \"$got\", want \"aaiguard $version\"" >&2
	exit 1
}
(cd "$out" && sha256sum -- *.tar.gz >SHA256SUMS && sha256sum -c --quiet SHA256SUMS)
echo "release: $out/SHA256SUMS"
cat "$out/SHA256SUMS"
echo "release: $version built in $(($(date +%s) - start))s from $commit"
echo "release: after publishing: git tag $version $commit && scripts/pin.sh $version $version"
