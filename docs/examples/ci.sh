#!/bin/sh
# aaiguard as a gate in any CI system (Jenkins, Buildkite, CircleCI, a
# Makefile): run it from the repository's root with aaiguard on PATH.
#   AAIGUARD_BASE  the commit the change is based on (e.g. the target
#                  branch's tip, `git merge-base origin/main HEAD`): only the
#                  history after it is scanned. Unset: the whole history.
# Exit code: 0 nothing to report, 1 findings, 2 the scan did not complete.
# Reports: aaiguard.json, aaiguard.sarif (code scanning), aaiguard-junit.xml.
set -u
range=""
if [ -n "${AAIGUARD_BASE:-}" ]; then
	range="--range ${AAIGUARD_BASE}..HEAD"
fi
# shellcheck disable=SC2086 # $range is two words or none
aaiguard check --format json --output aaiguard.json --quiet $range
code=$?
if [ -s aaiguard.json ]; then
	aaiguard merge aaiguard.json --format text --exit-code 0
	aaiguard merge aaiguard.json --format sarif --output aaiguard.sarif --exit-code 0 || code=2
	aaiguard merge aaiguard.json --format junit --output aaiguard-junit.xml --exit-code 0 || code=2
fi
exit "$code"
