#!/bin/sh
# aaiguard as a gate in any CI system (Jenkins, Buildkite, CircleCI, a
# Makefile): run it from the repository's root with aaiguard on PATH.
#   AAIGUARD_BASE     the commit the change is based on (e.g. the target
#                     branch's tip, `git merge-base origin/main HEAD`): only
#                     the history after it is scanned, with .aaiguard.toml as
#                     committed there (the change cannot switch the gate
#                     off). Unset: the whole history, the work tree's config.
#   AAIGUARD_REPORTS  the directory for the reports (default: a new temporary
#                     one). Keep it outside the checkout: a change can commit
#                     aaiguard.sarif as a link to any file.
# Exit code: 0 nothing to report, 1 findings, 2 the scan did not complete.
# Reports: aaiguard.json, aaiguard.sarif (code scanning), aaiguard-junit.xml.
set -u
reports="${AAIGUARD_REPORTS:-$(mktemp -d)}"
mkdir -p "$reports" && rm -f "$reports/aaiguard.json" || exit 2
scope=""
if [ -n "${AAIGUARD_BASE:-}" ]; then
	scope="--range ${AAIGUARD_BASE}..HEAD --config-from ${AAIGUARD_BASE}"
fi
# shellcheck disable=SC2086 # $scope is four words or none
aaiguard check --format json --output "$reports/aaiguard.json" --quiet $scope
code=$?
if [ -s "$reports/aaiguard.json" ]; then
	aaiguard merge "$reports/aaiguard.json" --format text --exit-code 0
	aaiguard merge "$reports/aaiguard.json" --format sarif --output "$reports/aaiguard.sarif" --exit-code 0 || code=2
	aaiguard merge "$reports/aaiguard.json" --format junit --output "$reports/aaiguard-junit.xml" --exit-code 0 || code=2
	echo "aaiguard: reports in $reports" >&2
fi
exit "$code"
