#!/usr/bin/env bash
# End-to-end test of the CI integrations, each run from the very text users
# copy:
#   - action.yml, run by scripts/ci/run-snippet.py the way a GitHub runner
#     runs a composite action (expressions, env, outputs, if conditions),
#     for a pull request that adds a key, a clean pull request whose base
#     history holds a key (incremental: not reported), and a manual run;
#   - docs/examples/gitlab-ci.yml, the job's script in bash as GitLab runs it,
#     for a merge request that adds a key and a clean one;
#   - docs/examples/ci.sh, the generic shell gate;
#   - aaiguard merge over reports of several repositories (the matrix
#     example's merge step), to JSON and SARIF.
# Every SARIF file produced is validated with the SARIF Multitool
# (scripts/validate-sarif.sh, from the report writers' branch).
e2e_name=e2e-ci
# shellcheck source=scripts/e2e-lib.sh
. "$(dirname "$0")/e2e-lib.sh"

py=/usr/bin/python3
"$py" -c 'import yaml' 2>/dev/null || {
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		export DEBIAN_FRONTEND=noninteractive
		apt-get install -y -q --no-install-recommends python3-yaml >"$e2e_work/apt.log" 2>&1 ||
			{ apt-get update -q >>"$e2e_work/apt.log" 2>&1 &&
				apt-get install -y -q --no-install-recommends python3-yaml >>"$e2e_work/apt.log" 2>&1; } ||
			{ tail -n 30 "$e2e_work/apt.log" >&2; fail "apt-get install python3-yaml failed"; }
	else
		fail "python3 with PyYAML is needed (apt-get install python3-yaml)"
	fi
}
build_aaiguard "$e2e_work/bin"
export PATH="$e2e_work/bin:$PATH"
leak=$e2e_root/testdata/e2e/leaky_app.py
clean=$e2e_root/testdata/e2e/clean_app.py
sarifs=()

# A repository with a main branch and a key in main's history (removed
# since), and two topic branches: one adds a key, one is clean.
repo=$e2e_work/repo
git init -q "$repo"
cd "$repo"
cp "$clean" app.py
git add app.py
git commit -q -m base
cp "$leak" old.py
git add old.py
git commit -q -m "old leak"
git rm -q old.py
git commit -q -m "remove old leak"
base=$(git rev-parse HEAD)
git checkout -q -b leaky
cp "$leak" config.py
git add config.py
git commit -q -m "add config"
leaky_head=$(git rev-parse HEAD)
git checkout -q -b clean "$base"
printf 'x = 1\n' >util.py
git add util.py
git commit -q -m "add util"
clean_head=$(git rev-parse HEAD)

# The emulated actions/cache keeps its entries here for the whole script:
# the first run builds aaiguard, later ones restore the binary.
action_cache=$e2e_work/action-cache
mkdir -p "$action_cache"
action() { # action HEAD CONTEXT_JSON [WORKSPACE]: runs action.yml; its JSON result in $result, its log in $out
	local ws=${3:-$repo} context
	cd "$ws"
	git checkout -q "$1"
	rm -f aaiguard.sarif
	context=$("$py" -c 'import json,sys; c=json.loads(sys.argv[1]); c.setdefault("cache_dir", sys.argv[2]); print(json.dumps(c))' "$2" "$action_cache")
	if ! result=$(TMPDIR="$e2e_work" "$py" "$e2e_root/scripts/ci/run-snippet.py" action "$e2e_root" "$ws" "$context" 2>"$e2e_work/action.log"); then
		tail -n 40 "$e2e_work/action.log" >&2
		fail "scripts/ci/run-snippet.py could not run action.yml"
	fi
	out=$(cat "$e2e_work/action.log")
}
field() { "$py" -c 'import json,sys; r=json.loads(sys.argv[1]); print(eval(sys.argv[2], {}, {"r": r}))' "$result" "$1"; }
expect_field() { # expect_field EXPR WANT DESC
	local got
	got=$(field "$1")
	[ "$got" = "$2" ] || {
		printf '%s\n' "$out" | tail -n 40 >&2
		fail "$3: $1 is \"$got\", want \"$2\""
	}
}
upload_step='[s for s in r["steps"] if s["name"].startswith("Upload")][0]'
pr() { printf '{"github": {"event_name": "pull_request", "repository": "acme/app", "event": {"pull_request": {"base": {"sha": "%s"}, "head": {"sha": "%s", "repo": {"full_name": "%s"}}}}}}' "$1" "$2" "${3:-acme/app}"; }
step_field() { # step_field NAME-PREFIX KEY: a field of the first step whose name starts with NAME-PREFIX
	field "[s for s in r[\"steps\"] if s[\"name\"].startswith(\"$1\")][0].get(\"$2\", \"\")"
}
manual='{"github": {"event_name": "workflow_dispatch"}}'

run 0 "every expression in action.yml" "$py" "$e2e_root/scripts/ci/run-snippet.py" check-action "$e2e_root"
has "expressions evaluated" "check-action"
pass "action.yml: every \${{ }} expression names a known input, step output or event field ($out)"

# The workflow users copy uses this action the way it must be used.
"$py" - "$e2e_root/docs/examples/github-workflow.yml" <<'PY' || fail "docs/examples/github-workflow.yml"
import sys, yaml
wf = yaml.safe_load(open(sys.argv[1]))
assert wf["permissions"]["security-events"] == "write", "upload-sarif needs security-events: write"
steps = wf["jobs"]["aaiguard"]["steps"]
checkout = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")][0]
assert checkout["with"]["fetch-depth"] == 0, "the history scan needs fetch-depth: 0"
assert any(s.get("uses", "").startswith("aaiguard/aaiguard@") for s in steps)
PY
pass "docs/examples/github-workflow.yml: full history, code-scanning permission, this action"

sarif_ok=false
have_format sarif && sarif_ok=true
junit_ok=false
have_format junit && junit_ok=true
range_ok=false
have_flag check --range && range_ok=true
history_ok=false
have_command history && history_ok=true
# why WHAT...: the reason a test needs, from what is missing.
why() {
	local r=()
	for w in "$@"; do
		case $w in
		sarif) $sarif_ok || r+=("the SARIF writer (branch reports)") ;;
		junit) $junit_ok || r+=("the JUnit writer (branch reports)") ;;
		range) $range_ok || r+=("check --range (issue 3, branch history)") ;;
		history) $history_ok || r+=("the history command (issue 3, branch history)") ;;
		esac
	done
	local IFS=';'
	echo "needs ${r[*]}" | sed 's/;/, /g'
}

# --- GitHub Action
if $sarif_ok; then
	action "$leaky_head" "$manual"
	expect_field 'r["result"]' failure "action, manual run with a key in the work tree"
	expect_field 'r["outputs"]["exit-code"]' 1 "action, manual run"
	expect_field "$upload_step[\"with\"][\"sarif_file\"]" aaiguard.sarif "action: the SARIF upload step"
	expect_field "$upload_step[\"with\"][\"category\"]" aaiguard "action: the SARIF category"
	[ -s aaiguard.sarif ] && grep -q config.py aaiguard.sarif || fail "action: aaiguard.sarif lacks the finding"
	has "config.py" "action: the log shows the finding"
	cp aaiguard.sarif "$e2e_work/action-manual.sarif"
	sarifs+=("$e2e_work/action-manual.sarif")
	pass "action.yml: a key fails the job; the SARIF is written and handed to upload-sarif; the log shows the finding"

	action "$leaky_head" '{"inputs": {"fail-on-findings": "false", "upload-sarif": "false"}, "github": {"event_name": "workflow_dispatch"}}'
	expect_field 'r["result"]' success "action, fail-on-findings false"
	expect_field "$upload_step[\"outcome\"]" skipped "action, upload-sarif false"
	has "fail-on-findings is off" "action: the warning"
	pass "action.yml: inputs fail-on-findings and upload-sarif are honoured"

	# The caller's Go is left alone: no setup-go, nothing written to
	# GITHUB_ENV, only aaiguard's directory added to PATH; the second run
	# restores the binary that actions/cache kept.
	"$py" - "$e2e_root/action.yml" <<'PY' || fail "action.yml must not set up Go for the job"
import sys, yaml
steps = yaml.safe_load(open(sys.argv[1]))["runs"]["steps"]
uses = [s["uses"] for s in steps if "uses" in s]
assert not any(u.startswith("actions/setup-go@") for u in uses), uses
assert not any("GITHUB_ENV" in s.get("run", "") for s in steps), "a step writes GITHUB_ENV"
PY
	expect_field 'r["path_added"]' "['$(field 'r["runner_temp"]')/aaiguard']" "action: what the action adds to PATH for later steps"

	# A failed upload (code scanning off, a token without
	# security-events: write) is a warning; the findings decide.
	action "$clean_head" '{"uses_outcomes": {"github/codeql-action/upload-sarif": "failure"}, "github": {"event_name": "workflow_dispatch"}}'
	if [ "$(field 'r["outputs"]["exit-code"]')" = 0 ]; then
		expect_field 'r["result"]' success "action: a failed SARIF upload with nothing to report"
	fi
	expect_field "$upload_step[\"outcome\"]" failure "action: the upload step failed (emulated)"
	expect_field "$upload_step[\"conclusion\"]" success "action: the failed upload is non-fatal (continue-on-error)"
	has "the SARIF upload to code scanning failed" "action: the log says the upload failed"
	# The run before succeeded, so actions/cache saved the binary then.
	has "restored from the cache, not rebuilt" "action: a later run restores the binary kept by actions/cache"
	pass "action.yml builds aaiguard with the job's Go (no setup-go, no GITHUB_ENV, only aaiguard added to PATH), and a later run restores it from actions/cache"
	action "$leaky_head" '{"inputs": {"fail-on-findings": "false"}, "uses_outcomes": {"github/codeql-action/upload-sarif": "failure"}, "github": {"event_name": "workflow_dispatch"}}'
	expect_field 'r["result"]' success "action: a failed upload does not fail a run whose findings do not"
	has "the SARIF upload to code scanning failed" "action: the log says the upload failed"
	pass "action.yml: a failed SARIF upload is a warning in the log, never the reason the job fails"
else
	not_run "action.yml runs: a key fails the job, SARIF upload, inputs" "$(why sarif)"
fi
if $sarif_ok && $range_ok; then
	action "$leaky_head" "$(pr "$base" "$leaky_head")"
	expect_field 'r["result"]' failure "action, pull request adding a key"
	expect_field 'r["outputs"]["exit-code"]' 1 "action, pull request adding a key"
	grep -q config.py aaiguard.sarif || fail "action: the pull request's SARIF lacks the finding"
	grep -q old.py aaiguard.sarif && fail "action: the pull request scan reported the base branch's history (not incremental)"
	cp aaiguard.sarif "$e2e_work/action-pr.sarif"
	sarifs+=("$e2e_work/action-pr.sarif")
	action "$clean_head" "$(pr "$base" "$clean_head")"
	expect_field 'r["result"]' success "action, clean pull request whose base history holds a key"
	expect_field 'r["outputs"]["exit-code"]' 0 "action, clean pull request"
	pass "action.yml on pull requests: only the added history is scanned (--range base..head)"
else
	not_run "action.yml on pull requests (--range base..head)" "$(why sarif range)"
fi
if $sarif_ok && $history_ok; then
	action "$clean_head" "$manual"
	expect_field 'r["result"]' failure "action, manual run with a key in the history only"
	grep -q old.py aaiguard.sarif || fail "action: the full scan's SARIF lacks the history finding"
	has "aaiguard: scan cache in" "action: a full-history run keeps the scan cache"
	# The same head again: the emulated actions/cache restores the record
	# the run before saved; the report must not change.
	cp aaiguard.sarif "$e2e_work/action-full.sarif"
	action "$clean_head" "$manual"
	has "restored aaiguard-scan-" "action: a later full run restores the scan cache"
	expect_field 'r["result"]' failure "action, manual run from the scan cache"
	grep -q old.py aaiguard.sarif || fail "action: the cached full scan's SARIF lacks the history finding"
	pass "action.yml, manual run: the whole history is scanned, and a later run uses the scan cache (--cache) with the same finding"
else
	not_run "action.yml, manual run: the whole history is scanned" "$(why sarif history)"
fi

# --- Adoption: a repository whose main branch already has a finding in its
# work tree (legacy.py) and a committed baseline of it.
adopt=$e2e_work/adopt
git init -q "$adopt"
cd "$adopt"
cp "$clean" app.py
cp "$leak" legacy.py
git add -A
git commit -q -m "existing code with a key"
no_baseline_base=$(git rev-parse HEAD)
git checkout -q -b pr-clean-nobaseline
printf 'x = 1\n' >util.py
git add util.py
git commit -q -m "add util"
pr_clean_nobaseline=$(git rev-parse HEAD)
git checkout -q main
run 0 "aaiguard baseline -o .aaiguard-baseline.json" aaiguard baseline -o .aaiguard-baseline.json --quiet
grep -q legacy.py .aaiguard-baseline.json || fail "the baseline lacks legacy.py's finding"
git add .aaiguard-baseline.json
git commit -q -m "adopt aaiguard: baseline of the existing findings"
adopt_base=$(git rev-parse HEAD)
git checkout -q -b pr-clean
printf 'x = 1\n' >util.py
git add util.py
git commit -q -m "add util"
pr_clean=$(git rev-parse HEAD)
git checkout -q -b pr-leak "$adopt_base"
cp "$leak" config.py
git add config.py
git commit -q -m "add config with a key"
pr_leak=$(git rev-parse HEAD)
# A pull request that adds its own key to the baseline file.
aaiguard baseline -o .aaiguard-baseline.json --quiet || fail "aaiguard baseline on pr-sneak"
git add .aaiguard-baseline.json
git commit -q -m "baseline my key too"
pr_sneak=$(git rev-parse HEAD)
if $sarif_ok && $range_ok; then
	action main "$manual" "$adopt"
	expect_field 'r["outputs"]["exit-code"]' 0 "action, manual run on main with a committed baseline"
	has "in baseline" "action: the log counts the baselined findings"
	has "hiding the findings of the committed baseline .aaiguard-baseline.json" "action: the log names the baseline"
	pass "action.yml with a committed baseline: the existing findings are hidden and counted, the gate passes"

	action "$pr_clean" "$(pr "$adopt_base" "$pr_clean")" "$adopt"
	expect_field 'r["outputs"]["exit-code"]' 0 "action, clean pull request on a repository with existing findings"
	has "only what this pull request introduces is reported" "action: the log says what a pull request is judged on"
	action "$pr_clean_nobaseline" "$(pr "$no_baseline_base" "$pr_clean_nobaseline")" "$adopt"
	expect_field 'r["outputs"]["exit-code"]' 0 "action, clean pull request, existing finding, no baseline at all"
	has "in baseline" "action: the base's finding is counted"
	grep -q legacy.py aaiguard.sarif && fail "action: a clean pull request reported the base's finding"
	pass "action.yml on pull requests: a finding the base already has is not reported (counted), with or without a committed baseline"

	action "$pr_leak" "$(pr "$adopt_base" "$pr_leak")" "$adopt"
	expect_field 'r["outputs"]["exit-code"]' 1 "action, pull request adding a key to a repository with existing findings"
	grep -q config.py aaiguard.sarif || fail "action: the new key is not in the SARIF report"
	grep -q legacy.py aaiguard.sarif && fail "action: the base's finding was reported"
	action "$pr_sneak" "$(pr "$adopt_base" "$pr_sneak")" "$adopt"
	expect_field 'r["outputs"]["exit-code"]' 1 "action, pull request that baselines its own key"
	grep -q config.py aaiguard.sarif || fail "action: a pull request hid its key by editing the baseline"
	pass "action.yml on pull requests: a new key is reported, even when the pull request adds it to the baseline file"

	action "$pr_clean" "$(pr "$adopt_base" "$pr_clean" someone/fork)" "$adopt"
	expect_field "$upload_step[\"outcome\"]" skipped "action: the upload on a pull request from a fork"
	has "a pull request from a fork (someone/fork) has a read-only token" "action: the log says why the upload is skipped"
	expect_field 'r["result"]' success "action: a clean pull request from a fork"
	pass "action.yml: a pull request from a fork skips the SARIF upload (read-only token) and says so"
else
	not_run "action.yml with a baseline, on pull requests with existing findings" "$(why sarif range)"
fi

# --- go-mod-download: the caller's module cache is empty (GOMODCACHE of
# its own) and the modules come from a proxy (a file:// copy of this
# machine's module cache, no network); without the input the Go analyzers
# cannot load the module (it names an AssemblyAI host, so it is selected):
# the log names the missing module and says the syntactic Go rules judged
# the code instead.
gomod=$e2e_work/gomod
git init -q "$gomod"
cd "$gomod"
pflag=$(cd "$e2e_root" && go list -m -f '{{.Version}}' github.com/spf13/pflag)
printf 'module example.com/app\n\ngo 1.21\n\nrequire github.com/spf13/pflag %s\n' "$pflag" >go.mod
printf 'package main\n\nimport "github.com/spf13/pflag"\n\nconst api = "https://api.assemblyai.com/v2"\n\nfunc main() { pflag.Parse() }\n' >main.go
printf '.env\n.env.local\n.env.*.local\n' >.gitignore
(cd "$e2e_root" && grep "^github.com/spf13/pflag $pflag" go.sum) >go.sum
git add -A
git commit -q -m "a Go module"
proxy="file://$(go env GOMODCACHE)/cache/download"
gomod_action() { # gomod_action INPUTS_JSON: the action, run with the caller's Go environment above
	local saved_goflags=${GOFLAGS-}
	export GOMODCACHE="$e2e_work/caller-gomodcache" GOPROXY="$proxy" GOSUMDB=off GOFLAGS=-modcacherw
	action main "{\"inputs\": $1, \"github\": {\"event_name\": \"workflow_dispatch\"}}" "$gomod"
	unset GOMODCACHE GOPROXY GOSUMDB
	export GOFLAGS=$saved_goflags
}
gomod_action '{"upload-sarif": "false"}'
expect_field 'r["outputs"]["exit-code"]' 0 "action without go-mod-download on a module whose dependencies are not in the module cache"
has "pflag" "action: the log names the missing module"
has "typed analysis was replaced" "action: the log says the syntactic Go rules judged the module"
gomod_action '{"upload-sarif": "false", "go-mod-download": "true"}'
has "go mod download in ." "action: the modules step ran"
expect_field 'r["outputs"]["exit-code"]' 0 "action with go-mod-download: the Go analyzers load the module"
if printf '%s\n' "$out" | grep -q "typed analysis was replaced"; then
	fail "action with go-mod-download: the module was still not type-checked"
fi
chmod -R u+w "$e2e_work/caller-gomodcache"
pass "action.yml input go-mod-download gives the Go analyzers their modules (without it the log names the missing module and the syntactic rules stand in)"

# --- A real runner: nektos/act runs docs/examples/github-workflow.yml as it
# is (the action pinned in it mapped to this checkout), its steps on this
# machine (-P ubuntu-latest=-self-hosted: act needs Docker otherwise, which
# the test machines lack). GitHub's own actions cannot be fetched here, so
# actions/cache and upload-sarif are local stubs with their inputs (the
# stub upload fails on request, as code scanning does for a private
# repository without it). Installed from the Go module proxy, pinned.
act_version=v0.2.89
tools="${AAIGUARD_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/aaiguard-tools}"
act_bin=$tools/bin/act
if [ "$(cat "$tools/act.version" 2>/dev/null)" != "$act_version" ] || [ ! -x "$act_bin" ]; then
	mkdir -p "$tools/bin"
	if GOFLAGS= GOBIN="$tools/bin" go install "github.com/nektos/act@$act_version" >"$e2e_work/act-install.log" 2>&1; then
		echo "$act_version" >"$tools/act.version"
	else
		act_bin=""
	fi
fi
if [ -n "$act_bin" ]; then
	stubs=$e2e_work/act-stubs
	mkdir -p "$stubs/cache" "$stubs/codeql/upload-sarif"
	cat >"$stubs/cache/action.yml" <<'YML'
name: actions/cache (stub)
inputs:
  path:
    required: true
  key:
    required: true
outputs:
  cache-hit:
    value: "false"
runs:
  using: composite
  steps:
    - name: cache stub
      shell: bash
      env:
        KEY: ${{ inputs.key }}
        CACHE_PATH: ${{ inputs.path }}
      run: |
        test -n "$KEY" && test -n "$CACHE_PATH"
        echo "cache stub: key=$KEY"
YML
	cat >"$stubs/codeql/upload-sarif/action.yml" <<'YML'
name: upload-sarif (stub)
inputs:
  sarif_file:
    required: true
  category:
    required: false
runs:
  using: composite
  steps:
    - name: upload stub
      shell: bash
      env:
        SARIF: ${{ inputs.sarif_file }}
        CATEGORY: ${{ inputs.category }}
      run: |
        echo "upload stub: sarif_file=$SARIF category=$CATEGORY"
        grep -q '"version": "2.1.0"' "$SARIF"
        if [ -n "${UPLOAD_STUB_FAIL:-}" ]; then echo "upload stub: refused on purpose"; exit 1; fi
YML
	pin=$(sed -n 's|.*uses: aaiguard/aaiguard@\([0-9a-f]*\).*|\1|p' "$e2e_root/docs/examples/github-workflow.yml")
	act_run() { # act_run WANT DESC REPO EVENT [ACT-ARGS...]: the README's workflow, run by act in REPO
		local want=$1 desc=$2 dir=$3 event=$4
		shift 4
		mkdir -p "$dir/.github/workflows"
		cp "$e2e_root/docs/examples/github-workflow.yml" "$dir/.github/workflows/aaiguard.yml"
		cd "$dir"
		run "$want" "act: $desc" "$act_bin" "$event" -W .github/workflows -P ubuntu-latest=-self-hosted \
			--action-cache-path "$e2e_work/act-cache" --env-file /dev/null \
			--local-repository "aaiguard/aaiguard@$pin=$e2e_root" \
			--local-repository "actions/cache@v4=$stubs/cache" \
			--local-repository "github/codeql-action@v4=$stubs/codeql" "$@"
		rm -rf "$dir/.github"
	}
	# The caller's Go, before and after the action: a second workflow around it.
	act_dir=$e2e_work/act-repo
	git init -q "$act_dir"
	cd "$act_dir"
	cp "$leak" config.py
	git add config.py
	git commit -q -m "a key"
	act_run nonzero "push of a commit with a key" "$act_dir" push
	has "aaiguard found problems" "act: the gate fails on the key"
	has "upload stub: sarif_file=aaiguard.sarif category=aaiguard" "act: upload-sarif gets the SARIF report"
	lacks "setup-go" "act: no setup-go"
	pass "act runs the README's workflow: the action builds aaiguard, a key fails the job, the SARIF report goes to upload-sarif"

	git rm -q config.py
	cp "$clean" app.py
	git add app.py
	git commit -q -m "remove the key"
	before=$(git rev-parse HEAD~1)
	printf '{"before": "%s", "after": "%s"}' "$before" "$(git rev-parse HEAD)" >"$e2e_work/push-event.json"
	act_run 0 "push of a clean commit, code scanning refusing the upload" "$act_dir" push -e "$e2e_work/push-event.json" --env UPLOAD_STUB_FAIL=1
	has "upload stub: refused on purpose" "act: the upload failed"
	has "the SARIF upload to code scanning failed" "act: the log says so"
	has "Job succeeded" "act: the job passes"
	pass "act: a refused SARIF upload is a warning; the job passes on a clean push (--range before..after)"

	# A pull request on a repository with existing findings and a baseline.
	printf '{"pull_request": {"base": {"sha": "%s"}, "head": {"sha": "%s", "repo": {"full_name": "acme/app"}}}, "repository": {"full_name": "acme/app"}}' \
		"$adopt_base" "$pr_clean" >"$e2e_work/pr-event.json"
	git -C "$adopt" checkout -q "$pr_clean"
	act_run 0 "clean pull request on a repository with existing findings" "$adopt" pull_request -e "$e2e_work/pr-event.json"
	has "only what this pull request introduces is reported" "act: the pull request is judged on what it introduces"
	git -C "$adopt" checkout -q "$pr_leak"
	printf '{"pull_request": {"base": {"sha": "%s"}, "head": {"sha": "%s", "repo": {"full_name": "acme/app"}}}, "repository": {"full_name": "acme/app"}}' \
		"$adopt_base" "$pr_leak" >"$e2e_work/pr-event.json"
	act_run nonzero "pull request adding a key" "$adopt" pull_request -e "$e2e_work/pr-event.json"
	has "config.py" "act: the new key is reported"
	pass "act: on pull requests only what the pull request introduces fails the job"
	cd "$e2e_work"
else
	not_run "the README's workflow under nektos/act (a real runner)" "go install github.com/nektos/act@$act_version failed: $(tail -n 1 "$e2e_work/act-install.log")"
fi

# --- GitLab CI: the job's script, with the variables of a pipeline.
gitlab() { # gitlab WANT HEAD [MR-BASE [WORKSPACE]]
	local ws=${4:-$repo}
	cd "$ws"
	git checkout -q "$2"
	rm -f aaiguard.json aaiguard.sarif aaiguard-junit.xml
	run "$1" "gitlab job" env CI_COMMIT_SHA="$(git rev-parse "$2")" CI_MERGE_REQUEST_DIFF_BASE_SHA="${3:-}" AAIGUARD_BASELINE=.aaiguard-baseline.json \
		"$py" "$e2e_root/scripts/ci/run-snippet.py" gitlab "$e2e_root/docs/examples/gitlab-ci.yml" aaiguard "$ws"
}
if $sarif_ok && $junit_ok; then
	gitlab 1 "$leaky_head"
	has "config.py" "gitlab: the log shows the finding"
	grep -q config.py aaiguard-junit.xml || fail "gitlab: the JUnit report lacks the finding"
	cp aaiguard.sarif "$e2e_work/gitlab.sarif"
	sarifs+=("$e2e_work/gitlab.sarif")
	pass "docs/examples/gitlab-ci.yml: a key fails the job, with JUnit, SARIF and JSON artifacts"
else
	not_run "docs/examples/gitlab-ci.yml runs" "$(why sarif junit)"
fi
if $sarif_ok && $junit_ok && $range_ok; then
	gitlab 1 "$leaky_head" "$base"
	gitlab 0 "$clean_head" "$base"
	pass "docs/examples/gitlab-ci.yml in merge requests: only the added history is scanned"
	gitlab 0 main "" "$adopt"
	has "in baseline" "gitlab: the committed baseline's findings are counted"
	gitlab 0 "$pr_clean_nobaseline" "$no_baseline_base" "$adopt"
	grep -q legacy.py aaiguard.json && fail "gitlab: a clean merge request reported the base's finding"
	gitlab 1 "$pr_leak" "$adopt_base" "$adopt"
	grep -q config.py aaiguard-junit.xml || fail "gitlab: the new key is not in the JUnit report"
	gitlab 1 "$pr_sneak" "$adopt_base" "$adopt"
	grep -q config.py aaiguard.json || fail "gitlab: a merge request hid its key by editing the baseline"
	[ -z "$(git -C "$adopt" worktree list --porcelain | grep -c '^worktree ' | grep -v '^1$')" ] || fail "gitlab: the base's temporary work tree was left behind"
	pass "docs/examples/gitlab-ci.yml: the committed baseline is honoured; a merge request reports only what it introduces, even when it edits the baseline"
else
	not_run "docs/examples/gitlab-ci.yml in merge requests (--range)" "$(why sarif junit range)"
fi

# --- The generic shell gate.
cd "$repo"
if $sarif_ok && $junit_ok; then
	git checkout -q "$leaky_head"
	rm -rf "$e2e_work/ci-reports"
	run 1 "ci.sh with a key in the work tree" env AAIGUARD_REPORTS="$e2e_work/ci-reports" sh "$e2e_root/docs/examples/ci.sh"
	[ -s "$e2e_work/ci-reports/aaiguard.sarif" ] && [ -s "$e2e_work/ci-reports/aaiguard-junit.xml" ] || fail "ci.sh: reports missing"
	pass "docs/examples/ci.sh: exit 1 on a key, with SARIF and JUnit reports"
else
	not_run "docs/examples/ci.sh runs" "$(why sarif junit)"
fi
if $sarif_ok && $junit_ok && $range_ok && $history_ok; then
	git checkout -q "$leaky_head"
	run 1 "ci.sh, change adding a key" env AAIGUARD_BASE="$base" sh "$e2e_root/docs/examples/ci.sh"
	git checkout -q "$clean_head"
	run 0 "ci.sh, clean change" env AAIGUARD_BASE="$base" sh "$e2e_root/docs/examples/ci.sh"
	run 1 "ci.sh, whole history" sh "$e2e_root/docs/examples/ci.sh"
	pass "docs/examples/ci.sh with AAIGUARD_BASE: only the change's history; without: all of it"
else
	not_run "docs/examples/ci.sh with AAIGUARD_BASE (--range)" "$(why sarif junit range history)"
fi

# Scale-out: reports of several repositories merged into one.
mkdir -p "$e2e_work/reports"
for name in acme__api acme__web acme__docs; do
	r=$e2e_work/$name
	git init -q "$r"
	cp "$clean" "$r/app.py"
	want=0
	if [ "$name" != acme__docs ]; then
		cp "$leak" "$r/config.py"
		want=1
	fi
	git -C "$r" add -A
	git -C "$r" commit -q -m init
	run "$want" "scan $name" aaiguard check "$r" --format json --output "$e2e_work/reports/$name.json" --quiet
done
cd "$e2e_work"
run 1 "merge" aaiguard merge --prefix-paths reports/acme__api.json reports/acme__web.json reports/acme__docs.json --output org.json
"$py" - org.json <<'PY' || fail "merged JSON report"
import json, sys
rep = json.load(open(sys.argv[1]))
files = sorted({f["file"] for f in rep["findings"] if f["rule"] == "assemblyai-api-key"})
assert files == ["acme__api/config.py", "acme__web/config.py"], files
assert rep["summary"]["filesScanned"] >= 5, rep["summary"]
PY
pass "aaiguard merge: three repositories' reports into one JSON report"
if have_format sarif; then
	run 1 "merge to SARIF" aaiguard merge org.json --format sarif --output org.sarif
	"$py" - org.sarif <<'PY' || fail "merged SARIF report"
import json, sys
sarif = json.load(open(sys.argv[1]))
uris = sorted({l["physicalLocation"]["artifactLocation"]["uri"] for run in sarif["runs"] for res in run["results"] for l in res["locations"] if res["ruleId"] == "assemblyai-api-key"})
assert uris == ["acme__api/config.py", "acme__web/config.py"], uris
PY
	sarifs+=("$e2e_work/org.sarif")
	pass "aaiguard merge: the merged report as one SARIF file"
else
	not_run "aaiguard merge to SARIF" "needs the SARIF writer (branch reports)"
fi

# --verify through SARIF: a stub of AssemblyAI's API on loopback says the
# key is live; the finding becomes critical and the SARIF stays valid.
port_file=$e2e_work/stub.port
"$py" - "$port_file" <<'PY' &
import http.server, json, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        live = self.path == "/v2/transcript?limit=1" and self.headers.get("Authorization") == "c5c5285779dea9a4833e676b2d04f46b"
        body = json.dumps({"page_details": {"limit": 1}, "transcripts": []} if live else {"error": "Authentication error"}).encode()
        self.send_response(200 if live else 401)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
srv = http.server.HTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1], "w").write(str(srv.server_address[1]))
# Serve for a minute at most, so that a failing test never leaves it behind.
import time
srv.timeout = 0.5
end = time.time() + 60
while time.time() < end:
    srv.handle_request()
PY
stub_pid=$!
for _ in $(seq 50); do [ -s "$port_file" ] && break; sleep 0.1; done
[ -s "$port_file" ] || fail "the API stub did not start"
git -C "$repo" checkout -q "$leaky_head"
run 1 "check --verify against the stub" aaiguard scan "$repo" --verify --api-base-url "http://127.0.0.1:$(cat "$port_file")" --format json --output "$e2e_work/verified.json"
kill "$stub_pid"
wait "$stub_pid" 2>/dev/null || true
"$py" - "$e2e_work/verified.json" <<'PY' || fail "--verify: the live key is not critical"
import json, sys
rep = json.load(open(sys.argv[1]))
keys = [f for f in rep["findings"] if f["rule"] == "assemblyai-api-key"]
assert keys and all(f["severity"] == "critical" and f["verification"] == "live" for f in keys), keys
PY
if $sarif_ok; then
	run 1 "verified report to SARIF" aaiguard merge "$e2e_work/verified.json" --format sarif --output "$e2e_work/verified.sarif"
	grep -q '"verification": *"live"' "$e2e_work/verified.sarif" || fail "--verify: the SARIF result lacks verification live"
	sarifs+=("$e2e_work/verified.sarif")
fi
pass "--verify (against a loopback stub of the API): the live key is critical, in JSON and SARIF"

if [ "${#sarifs[@]}" = 0 ]; then
	not_run "SARIF Multitool validation" "no SARIF file was produced"
elif [ -x "$e2e_root/scripts/validate-sarif.sh" ]; then
	run 0 "SARIF Multitool validation (scripts/validate-sarif.sh)" "$e2e_root/scripts/validate-sarif.sh" "${sarifs[@]}"
	pass "the SARIF Multitool (SARIF and GitHub rules) finds no errors in the ${#sarifs[@]} SARIF files"
else
	not_run "SARIF Multitool validation" "needs scripts/validate-sarif.sh (branch reports)"
fi

e2e_done
