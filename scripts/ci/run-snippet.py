#!/usr/bin/env python3
"""Runs aaiguard's CI snippets outside their CI systems, for scripts/e2e-ci.sh.

  run-snippet.py action ACTION_DIR WORKSPACE CONTEXT_JSON
      Runs the composite GitHub Action in ACTION_DIR/action.yml the way a
      runner does: ${{ }} expressions are evaluated against CONTEXT_JSON
      ({"inputs": {...}, "github": {...}}) plus the action's input defaults
      and step outputs; `run` steps run in bash with GITHUB_OUTPUT,
      GITHUB_PATH, GITHUB_STEP_SUMMARY and RUNNER_TEMP; `if` conditions
      and `continue-on-error` decide; `uses` steps are not run but their
      `with` is evaluated and reported, except actions/cache, which is
      emulated when CONTEXT_JSON has "cache_dir" (restore by key before,
      save after a successful job, like the real action). A `uses` step's
      outcome can be set with "uses_outcomes": {"owner/action": "failure"}
      (an upload that the server refuses). An expression this evaluator
      does not know is an error, so a typo in action.yml fails the test.
      Prints a JSON result.

  run-snippet.py check-action ACTION_DIR
      Evaluates every ${{ }} expression of ACTION_DIR/action.yml (step
      if/with/env/run, outputs) against a pull request context with empty
      step outputs, without running anything: an unknown name or input fails.

  run-snippet.py gitlab FILE JOB WORKSPACE
      Runs the `script` of JOB in the GitLab CI file FILE with bash -eo
      pipefail (as GitLab's shell executor does), after dropping the line
      that installs aaiguard with go install (the test puts this checkout's
      aaiguard on PATH instead). CI variables come from the environment.
      Exits with the job's exit code.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}", re.S)
TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<op>==|!=|&&|\|\||!|\(|\))|(?P<fn>always|success|failure|cancelled)\(\)|(?P<ident>[A-Za-z_][\w.-]*))")


class UnknownExpression(Exception):
    pass


def lookup(ctx, path):
    cur = ctx
    parts = path.split(".")
    for i, p in enumerate(parts):
        if isinstance(cur, dict) and p in cur:
            cur = cur[p]
        elif parts[0] == "github" and i > 0 or parts[0] == "steps" and i == 3 and parts[2] == "outputs":
            return ""  # an absent event field or step output is empty on GitHub too
        else:
            raise UnknownExpression(path)
    return "" if cur is None else cur


def evaluate(expr, ctx, job_failed):
    """Evaluates the subset of GitHub's expression language action.yml uses."""
    out = []
    pos = 0
    expr = expr.strip()
    while pos < len(expr):
        m = TOKEN.match(expr, pos)
        if not m or m.end() == pos:
            raise UnknownExpression(expr)
        pos = m.end()
        if m.group("str") is not None:
            out.append(repr(m.group("str")[1:-1].replace("''", "'")))
        elif m.group("op"):
            out.append({"&&": " and ", "||": " or ", "!": " not "}.get(m.group("op"), m.group("op")))
        elif m.group("fn"):
            out.append({"always": "True", "success": repr(not job_failed), "failure": repr(job_failed), "cancelled": "False"}[m.group("fn")])
        else:
            ident = m.group("ident")
            if ident in ("true", "false"):
                out.append(ident.capitalize())
            else:
                out.append(repr(lookup(ctx, ident)))
    return eval("".join(out), {"__builtins__": {}}, {})  # noqa: S307 - tokens are literals only


def substitute(value, ctx, job_failed):
    if not isinstance(value, str):
        return value

    def repl(m):
        v = evaluate(m.group(1), ctx, job_failed)
        return "" if v is None else (("true" if v else "false") if isinstance(v, bool) else str(v))

    return EXPR.sub(repl, value)


def condition(value, ctx, job_failed):
    if value is None:
        return not job_failed
    if isinstance(value, bool):
        return value
    m = EXPR.fullmatch(value.strip())
    expr = m.group(1) if m else value
    uses_status = re.search(r"\b(always|success|failure|cancelled)\(\)", expr)
    result = bool(evaluate(expr, ctx, job_failed))
    return result if uses_status else (result and not job_failed)


def run_action(action_dir, workspace, context):
    with open(os.path.join(action_dir, "action.yml")) as f:
        action = yaml.safe_load(f)
    assert action["runs"]["using"] == "composite", "not a composite action"
    temp = tempfile.mkdtemp(prefix="runner-temp-")
    inputs = {k: str(v.get("default", "")) for k, v in action.get("inputs", {}).items()}
    inputs.update(context.get("inputs", {}))
    unknown = set(context.get("inputs", {})) - set(action.get("inputs", {}))
    if unknown:
        raise SystemExit(f"unknown inputs: {sorted(unknown)}")
    github = {"action_path": action_dir, "action_ref": "e2e", "workspace": workspace, "event": {}, "repository": "owner/repo"}
    github.update(context.get("github", {}))
    cache_dir = context.get("cache_dir")
    uses_outcomes = context.get("uses_outcomes", {})
    saves = []  # (path, cache entry) saved when the job succeeds
    ctx = {"inputs": inputs, "github": github, "runner": {"temp": temp}, "steps": {}}
    summary = os.path.join(temp, "step-summary.md")
    path_file = os.path.join(temp, "path")
    open(summary, "w").close()
    open(path_file, "w").close()
    extra_path = []
    job_failed = False
    steps = []

    def finish(record, step, outcome, outputs):
        """Records a step's outcome and conclusion (continue-on-error turns a
        failure into a successful conclusion) and its outputs."""
        nonlocal job_failed
        conclusion = outcome
        if outcome == "failure" and step.get("continue-on-error") in (True, "true"):
            conclusion = "success"
        record["outcome"] = outcome
        record["conclusion"] = conclusion
        record["outputs"] = outputs
        if step.get("id"):
            ctx["steps"][step["id"]] = {"outputs": outputs, "outcome": outcome, "conclusion": conclusion}
        if conclusion == "failure":
            job_failed = True
        steps.append(record)
    for i, step in enumerate(action["runs"]["steps"]):
        name = step.get("name", f"step {i}")
        record = {"name": name, "id": step.get("id")}
        if not condition(step.get("if"), ctx, job_failed):
            record["outcome"] = "skipped"
            if step.get("id"):
                ctx["steps"][step["id"]] = {"outputs": {}, "outcome": "skipped", "conclusion": "skipped"}
            steps.append(record)
            continue
        if "uses" in step:
            record["uses"] = step["uses"]
            record["with"] = {k: substitute(v, ctx, job_failed) for k, v in (step.get("with") or {}).items()}
            action_name = step["uses"].split("@")[0]
            outcome = uses_outcomes.get(action_name, "not run (uses)")
            outputs = {}
            if action_name == "actions/cache" and cache_dir:
                key = record["with"]["key"]
                assert key and "/" not in key, f"{name}: bad cache key {key!r}"
                entry = os.path.join(cache_dir, key)
                path = record["with"]["path"]
                if os.path.isdir(entry):
                    shutil.rmtree(path, ignore_errors=True)
                    shutil.copytree(entry, path, symlinks=True)
                    outputs["cache-hit"] = "true"
                    sys.stderr.write(f"--- {name}: restored {key}\n")
                else:
                    outputs["cache-hit"] = "false"
                    saves.append((path, entry))
                    sys.stderr.write(f"--- {name}: no entry {key}\n")
                outcome = "success"
            finish(record, step, outcome, outputs)
            continue
        assert step.get("shell") == "bash", f"{name}: composite run steps need shell: bash"
        env = dict(os.environ)
        env.update({k: substitute(str(v), ctx, job_failed) for k, v in (step.get("env") or {}).items()})
        output = os.path.join(temp, f"output-{i}")
        open(output, "w").close()
        env.update({
            "GITHUB_ACTION_PATH": action_dir, "GITHUB_OUTPUT": output, "GITHUB_PATH": path_file,
            "GITHUB_STEP_SUMMARY": summary, "RUNNER_TEMP": temp, "GITHUB_WORKSPACE": workspace,
            "GITHUB_EVENT_NAME": github.get("event_name", ""),
            "PATH": os.pathsep.join(extra_path + [os.environ["PATH"]]),
        })
        script = substitute(step["run"], ctx, job_failed)
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=workspace, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        sys.stderr.write(f"--- {name} (exit {proc.returncode})\n{proc.stdout}")
        record["exit"] = proc.returncode
        outputs = {}
        with open(output) as f:
            for line in f:
                if "=" in line:
                    k, v = line.rstrip("\n").split("=", 1)
                    outputs[k] = v
        finish(record, step, "success" if proc.returncode == 0 else "failure", outputs)
        with open(path_file) as f:
            extra_path = [p.strip() for p in f if p.strip()][::-1]
    if cache_dir and not job_failed:
        for path, entry in saves:
            if os.path.isdir(path) and not os.path.exists(entry):
                shutil.copytree(path, entry, symlinks=True)
    with open(path_file) as f:
        path_added = [p.strip() for p in f if p.strip()]
    result = {
        "result": "failure" if job_failed else "success",
        "steps": steps,
        "runner_temp": temp,
        "path_added": path_added,
        "outputs": {k: substitute(v["value"], ctx, job_failed) for k, v in action.get("outputs", {}).items()},
        "summary": open(summary).read(),
    }
    print(json.dumps(result, indent=2))


def check_action(action_dir):
    with open(os.path.join(action_dir, "action.yml")) as f:
        action = yaml.safe_load(f)
    inputs = {k: str(v.get("default", "")) for k, v in action.get("inputs", {}).items()}
    for k, v in action.get("inputs", {}).items():
        if "description" not in v:
            raise SystemExit(f"input {k} has no description")
    ids = [st["id"] for st in action["runs"]["steps"] if "id" in st]
    ctx = {"inputs": inputs, "runner": {"temp": "/tmp"},
           "steps": {i: {"outputs": {}, "outcome": "success", "conclusion": "success"} for i in ids},
           "github": {"action_path": action_dir, "action_ref": "v0", "event_name": "pull_request", "workspace": "/w",
                      "repository": "owner/repo",
                      "event": {"pull_request": {"base": {"sha": "a"}, "head": {"sha": "b", "repo": {"full_name": "owner/repo"}}},
                                "before": "c", "after": "d"}}}
    n = 0

    def walk(v):
        nonlocal n
        if isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, str):
            for m in EXPR.finditer(v):
                evaluate(m.group(1), ctx, False)
                n += 1

    for st in action["runs"]["steps"]:
        if isinstance(st.get("if"), str) and not EXPR.search(st["if"]):
            evaluate(st["if"], ctx, False)
            n += 1
        walk({k: v for k, v in st.items()})
    walk(action.get("outputs", {}))
    print(f"{n} expressions evaluated")


def run_gitlab(path, job, workspace):
    with open(path) as f:
        doc = yaml.safe_load(f)
    lines = doc[job]["script"]
    install = [l for l in lines if re.match(r"go install github\.com/aaiguard/aaiguard/cmd/aaiguard@", l)]
    if len(install) != 1:
        raise SystemExit(f"{path}: job {job} should install aaiguard with go install exactly once")
    script = "\n".join(l for l in lines if l not in install)
    proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=workspace)
    for p in doc[job].get("artifacts", {}).get("paths", []) + list(doc[job].get("artifacts", {}).get("reports", {}).values()):
        if not os.path.exists(os.path.join(workspace, p)):
            print(f"artifact missing: {p}", file=sys.stderr)
            sys.exit(90)
    sys.exit(proc.returncode)


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "action":
        run_action(os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3]), json.loads(sys.argv[4]))
    elif len(sys.argv) == 3 and sys.argv[1] == "check-action":
        check_action(os.path.abspath(sys.argv[2]))
    elif len(sys.argv) == 5 and sys.argv[1] == "gitlab":
        run_gitlab(sys.argv[2], sys.argv[3], os.path.abspath(sys.argv[4]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
