#!/usr/bin/env bash
# The test command (README): installs the tools the tests need if they are
# missing (staticcheck, pre-commit, the SARIF Multitool, golangci-lint built
# with the plugin), then runs gofmt, go vet, staticcheck, the Go tests,
# bounded fuzzing, the end-to-end integration tests, SARIF validation and
# the golangci-lint plugin stage.
# Works on a fresh machine with Go 1.26 and network access to the Go module
# proxy; .ci/run calls it on a clean clone.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
tools="${AAIGUARD_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/aaiguard-tools}"
mkdir -p "$tools/bin"
export PATH="$tools/bin:$PATH"

step() { printf '\n== %s\n' "$*"; }

step "go build"
go build ./...

step "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' | grep -v '/testdata/') 2>/dev/null || true)
if [ -n "$unformatted" ]; then echo "gofmt needed:"; echo "$unformatted"; exit 1; fi

step "go vet"
go vet ./...

step "staticcheck"
staticcheck_version=v0.8.2
if [ "$(cat "$tools/staticcheck.version" 2>/dev/null)" != "$staticcheck_version" ]; then
  GOBIN="$tools/bin" go install "honnef.co/go/tools/cmd/staticcheck@$staticcheck_version"
  echo "$staticcheck_version" > "$tools/staticcheck.version"
fi
"$tools/bin/staticcheck" ./...

step "go test"
go test ./...

# Every fuzz target for FUZZTIME (default 6s) each; about 2.5 min for 20
# targets on 2 cores (scripts/fuzz.sh; FUZZTIME=0 skips).
step "fuzz"
if [ "${FUZZTIME:-6s}" != "0" ]; then scripts/fuzz.sh; fi

# --- integrations: end-to-end tests with the real tools -----------------------
# pre-commit (installed with apt-get when missing), git, and runners for the
# GitHub Action and the GitLab job (scripts/e2e-*.sh; README "Integrations").
# Each script prints its duration and a closing "N passed, 0 failed" line.
step "end-to-end: integrations"
scripts/e2e-precommit.sh
scripts/e2e-hooks.sh
scripts/e2e-ci.sh
# --- end of integrations ------------------------------------------------------

# Every SARIF golden file through Microsoft's SARIF Multitool (installed
# from npm, pinned); any error fails.
step "SARIF validation"
scripts/validate-sarif.sh

# The real golangci-lint v2, built from the module proxy with the aaiguard
# plugin, run on a sample module (the slowest stage on a cold cache).
step "golangci-lint plugin"
.ci/golangci-plugin.sh
