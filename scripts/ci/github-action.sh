#!/usr/bin/env bash
# The scan step of the GitHub Action (action.yml). Kept in a script so that
# scripts/e2e-ci.sh can run it outside GitHub with the same environment.
#
# Scans once to JSON, then renders the SARIF file, the log's text report and
# the job summary from that JSON with `aaiguard merge` (which converts a
# single report). Never fails itself: the exit code goes to the step's
# outputs and the action's last step decides.
set -uo pipefail

bin=${AAIGUARD_BIN:-aaiguard}
sarif=${INPUT_SARIF_FILE:-aaiguard.sarif}
json=${RUNNER_TEMP:-/tmp}/aaiguard-report.json
args=(check "${INPUT_PATH:-.}" --format json --output "$json" --quiet)

zero() { case $1 in *[!0]*) return 1 ;; esac; }
range=""
pr_base=""
if [ "${INPUT_INCREMENTAL:-true}" = true ]; then
	case ${EVENT_NAME:-} in
	pull_request | pull_request_target)
		if [ -n "${PR_BASE_SHA:-}" ] && [ -n "${PR_HEAD_SHA:-}" ]; then
			range="$PR_BASE_SHA..$PR_HEAD_SHA"
			pr_base=$PR_BASE_SHA
		fi
		;;
	push)
		# A new branch (before is all zeros) has no base: full history.
		if [ -n "${PUSH_BEFORE:-}" ] && ! zero "$PUSH_BEFORE" && [ -n "${PUSH_AFTER:-}" ]; then
			range="$PUSH_BEFORE..$PUSH_AFTER"
		fi
		;;
	esac
fi
if [ -n "$range" ]; then
	echo "aaiguard: history of $range (the work tree is scanned whole)"
	args+=(--range "$range")
fi
# On a pull request the configuration is the base's (.aaiguard.toml as
# committed there): the pull request cannot switch the gate off by
# editing it. Not when the caller names a configuration (args: --config).
read -r -a extra <<<"${INPUT_ARGS:-}"
if [ -n "$pr_base" ] && [[ " ${extra[*]} " != *" --config"[\ =]* ]]; then
	echo "aaiguard: configuration as committed at the base, $pr_base (--config-from)"
	args+=(--config-from "$pr_base")
fi

# The baseline: findings known and accepted before. On a pull request it is
# what the base commit knows: the base's committed baseline plus every
# finding of the base's own work tree, so that only what the pull request
# introduces is reported (the rest is counted in summary.baselined), and a
# pull request that edits the baseline file cannot hide its own findings.
baseline=${INPUT_BASELINE:-}
known=""
if [ -n "$range" ] && [ "$pr_base" != "" ]; then
	known=$("$(dirname "$0")/pr-baseline.sh" "$bin" "$pr_base" "${INPUT_PATH:-.}" "$baseline") || known=""
elif [ -n "$baseline" ] && [ -f "$baseline" ]; then
	echo "aaiguard: hiding the findings of the committed baseline $baseline"
	known=$baseline
elif [ -n "$baseline" ] && [ "$baseline" != .aaiguard-baseline.json ]; then
	echo "::warning::aaiguard: baseline $baseline does not exist: no findings hidden"
fi
if [ -n "$known" ]; then
	args+=(--baseline "$known")
fi
# The scan cache (the cache input, restored by actions/cache): only for a
# full-history scan; --cache with --range is a usage error.
if [ -z "$range" ] && [ "${INPUT_CACHE:-false}" = true ] && [ -n "${RUNNER_TEMP:-}" ]; then
	echo "aaiguard: scan cache in $RUNNER_TEMP/aaiguard-scan-cache (--cache)"
	args+=(--cache "$RUNNER_TEMP/aaiguard-scan-cache")
fi
if [ "${INPUT_VERIFY:-false}" = true ]; then
	args+=(--verify --api-base-url "${INPUT_API_BASE_URL:-https://api.assemblyai.com}")
fi

rm -f "$json" "$sarif"
"$bin" "${args[@]}" "${extra[@]}"
code=$?
if [ ! -s "$json" ]; then
	echo "::error::aaiguard wrote no report (exit $code)"
	[ "$code" = 0 ] && code=2
else
	# The log: findings as text.
	"$bin" merge "$json" --format text --no-color --exit-code 0
	if "$bin" merge "$json" --format sarif --output "$sarif" --exit-code 0; [ -s "$sarif" ]; then
		echo "sarif-file=$sarif" >>"$GITHUB_OUTPUT"
	else
		echo "::error::could not write $sarif"
		code=2
	fi
	if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
		"$bin" merge "$json" --format markdown --exit-code 0 >>"$GITHUB_STEP_SUMMARY"
	fi
fi
echo "exit-code=$code" >>"$GITHUB_OUTPUT"
exit 0
