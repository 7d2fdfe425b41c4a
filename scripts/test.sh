#!/usr/bin/env bash
# The test command (README): installs the tools the tests need if they are
# missing (staticcheck, pre-commit, nektos/act, the SARIF Multitool, golangci-lint built
# with the plugin), then runs gofmt, go vet, staticcheck, the Go tests,
# bounded fuzzing, the end-to-end integration tests, SARIF validation and
# the golangci-lint plugin stage.
#
# What it needs (README, first lines): Go 1.26 with access to the Go module
# proxy, git, a C compiler (cgo: the tree-sitter parsers of the code
# rules), python3, and either root with apt-get (it installs pre-commit,
# python3-yaml, nodejs and npm when they are missing) or those installed.
# The "prerequisites" stage checks each and says what is missing.
#
# Every stage runs, even after one fails; the run ends with one line per
# stage (name, ok or FAIL, duration) and "N passed, N failed", and exits 1
# when any stage failed. .ci/run calls it on a clean clone.
set -uo pipefail
cd "$(dirname "$0")/.."
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
tools="${AAIGUARD_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/aaiguard-tools}"
mkdir -p "$tools/bin"
export PATH="$tools/bin:$PATH"

names=()
results=()
durations=()

# stage NAME FUNCTION: runs FUNCTION in a subshell with set -e and records
# whether it passed and how long it took. TEST_STAGES="go vet,e2e: CI"
# (names as in the summary, comma-separated) runs only those.
stage() {
	local name=$1 fn=$2 start end rc
	case ",${TEST_STAGES:-$name}," in *",$name,"*) ;; *) return 0 ;; esac
	printf '\n== %s\n' "$name"
	start=$(date +%s.%N)
	(set -euo pipefail; "$fn")
	rc=$?
	end=$(date +%s.%N)
	names+=("$name")
	durations+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1fs", b - a }')")
	if [ "$rc" = 0 ]; then results+=(ok); else results+=(FAIL); fi
	[ "$rc" = 0 ] || printf '== %s: FAIL (exit %d)\n' "$name" "$rc"
}

prerequisites() {
	local missing=0
	need() { # need COMMAND WHY HOW
		if command -v "$1" >/dev/null 2>&1; then
			printf 'ok       %-10s %s\n' "$1" "$2"
		else
			printf 'MISSING  %-10s %s: %s\n' "$1" "$2" "$3"
			missing=1
		fi
	}
	# Installed by the stages that need them, when run as root with apt-get.
	can_install() { # can_install COMMAND WHY PACKAGE
		if command -v "$1" >/dev/null 2>&1; then
			printf 'ok       %-10s %s\n' "$1" "$2"
		elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
			printf 'install  %-10s %s: apt-get install %s (done by its stage)\n' "$1" "$2" "$3"
		else
			printf 'MISSING  %-10s %s: install %s, or run as root with apt-get\n' "$1" "$2" "$3"
			missing=1
		fi
	}
	need go "builds and tests everything (Go 1.26, module proxy access)" "install Go 1.26 (https://go.dev/dl/)"
	need git "the history scanner's tests and the end-to-end tests" "apt-get install git"
	need "$(go env CC 2>/dev/null || echo gcc)" "cgo: the tree-sitter parsers of the code rules" "apt-get install gcc"
	need python3 "the CI snippet runner of e2e-ci (scripts/ci/run-snippet.py)" "apt-get install python3"
	need flock "the golangci-lint stage's concurrency check" "apt-get install util-linux"
	can_install pre-commit "e2e-precommit: the pre-commit framework" pre-commit
	if python3 -c 'import yaml' 2>/dev/null; then
		printf 'ok       %-10s %s\n' PyYAML "e2e-ci: reading action.yml and the GitLab job"
	elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		printf 'install  %-10s %s\n' PyYAML "e2e-ci: apt-get install python3-yaml (done by its stage)"
	else
		printf 'MISSING  %-10s %s\n' PyYAML "e2e-ci: install python3-yaml, or run as root with apt-get"
		missing=1
	fi
	can_install npm "SARIF validation: installs Microsoft's SARIF Multitool (pinned)" "nodejs npm"
	go version
	[ "$(go env CGO_ENABLED)" = 1 ] || { echo "MISSING  cgo: go env CGO_ENABLED is not 1: the code rules' tests need cgo"; missing=1; }
	return "$missing"
}

build() { go build ./...; }

gofmt_check() {
	local unformatted
	# shellcheck disable=SC2046 # one argument per file
	unformatted=$(gofmt -l $(git ls-files '*.go' | grep -v '/testdata/') 2>/dev/null || true)
	if [ -n "$unformatted" ]; then
		echo "gofmt needed:"
		echo "$unformatted"
		return 1
	fi
}

vet() { go vet ./...; }

staticcheck_run() {
	local staticcheck_version=v0.8.2
	if [ "$(cat "$tools/staticcheck.version" 2>/dev/null)" != "$staticcheck_version" ]; then
		GOBIN="$tools/bin" go install "honnef.co/go/tools/cmd/staticcheck@$staticcheck_version"
		echo "$staticcheck_version" >"$tools/staticcheck.version"
	fi
	"$tools/bin/staticcheck" ./...
}

go_test() { go test ./...; }

# Every fuzz target for FUZZTIME (default 3s) each (scripts/fuzz.sh;
# FUZZTIME=0 skips). 27 targets: the time is mostly building the
# instrumented test binaries (the tree-sitter grammars' packages once),
# so a longer FUZZTIME buys little in a default run; fuzz one target
# longer by hand.
fuzz() {
	if [ "${FUZZTIME:-3s}" = "0" ]; then
		echo "fuzz: skipped (FUZZTIME=0)"
		return 0
	fi
	scripts/fuzz.sh
}

# --- integrations: end-to-end tests with the real tools -----------------------
# pre-commit (installed with apt-get when missing), git, and runners for the
# GitHub Action and the GitLab job (scripts/e2e-*.sh; README "Integrations").
# Each script prints its duration and a closing "N passed, 0 failed" line.
e2e_precommit() { scripts/e2e-precommit.sh; }
e2e_hooks() { scripts/e2e-hooks.sh; }
e2e_ci() { scripts/e2e-ci.sh; }

# Every SARIF golden file through Microsoft's SARIF Multitool (installed
# from npm, pinned); any error fails.
sarif() { scripts/validate-sarif.sh; }

# The real golangci-lint v2, built from the module proxy with the aaiguard
# plugin, run on a sample module (the slowest stage on a cold cache).
golangci() { .ci/golangci-plugin.sh; }

stage prerequisites prerequisites
stage "go build" build
stage gofmt gofmt_check
stage "go vet" vet
stage staticcheck staticcheck_run
stage "go test" go_test
stage fuzz fuzz
stage "e2e: pre-commit" e2e_precommit
stage "e2e: git hooks" e2e_hooks
stage "e2e: CI" e2e_ci
stage "SARIF validation" sarif
stage "golangci-lint plugin" golangci

if [ -n "${TEST_STAGES:-}" ]; then
	IFS=, read -r -a wanted <<<"$TEST_STAGES"
	for w in "${wanted[@]}"; do
		case " ${names[*]} " in *" $w "*) ;; *) printf 'TEST_STAGES: no stage named "%s"\n' "$w"; names+=("$w"); results+=(FAIL); durations+=(-) ;; esac
	done
fi
passed=0
failed=0
printf '\n== summary\n'
for i in "${!names[@]}"; do
	printf '%-22s %-4s %8s\n' "${names[$i]}" "${results[$i]}" "${durations[$i]}"
	if [ "${results[$i]}" = ok ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
printf '%d passed, %d failed\n' "$passed" "$failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
