#!/usr/bin/env python3
"""docs/ci.md's GitHub Actions workflow, GitLab CI file and Kubernetes Jobs,
checked: each YAML block parses (python3-yaml) and has the shape its engine
needs, and the commands it runs are run here, as the engine would run
them, shard by shard and then the merge, with the veneer under test. The
merged JUnit must validate against junit.xsd and be the report of the same
matrix run unsharded; a failing case must fail the report, and on
Kubernetes not the shard.

What cannot run here is left out and said so: `uses:` actions (their
artifacts are copied as upload/download-artifact would), the engines'
schedulers. `sudo` is the command itself (the test runs as root).

Output is TAP. Needs root. Usage: ci_docs.py VENEER
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import Suite, check  # noqa: E402

import yaml

VENEER = os.path.abspath(sys.argv[1])
HERE = os.path.dirname(os.path.abspath(__file__))
DOC = os.path.join(os.path.dirname(os.path.dirname(HERE)), "docs", "ci.md")
XSD = os.path.join(HERE, "junit.xsd")
TMP = tempfile.mkdtemp(prefix="veneer-ci-")
SUITE = Suite()
test = SUITE.test


def blocks():
    """{file name: text} of the doc's ```yaml blocks that start "# file: NAME"."""
    text = open(DOC).read()
    return {m.group(1): "# file: %s\n%s\n" % (m.group(1), m.group(2))
            for m in re.finditer(r"^```yaml\n# file: (\S+)\n(.*?)\n```$", text, re.S | re.M)}


def tools(python_fails=False):
    """A PATH with veneer, a sudo that runs its command (we are root), and
    the system's python3 (with psutil), or one that always fails."""
    d = os.path.join(TMP, "bin-fail" if python_fails else "bin")
    if not os.path.isdir(d):
        os.makedirs(d)
        os.symlink(VENEER, os.path.join(d, "veneer"))
        with open(os.path.join(d, "sudo"), "w") as f:
            f.write('#!/bin/sh\nexec "$@"\n')
        with open(os.path.join(d, "python3"), "w") as f:
            f.write("#!/bin/sh\nexit 1\n" if python_fails else '#!/bin/sh\nexec /usr/bin/python3 "$@"\n')
        for n in ("sudo", "python3"):
            os.chmod(os.path.join(d, n), 0o755)
    return d + ":/usr/sbin:/usr/bin:/sbin:/bin"


def run(script, cwd, shell, env=None, python_fails=False):
    os.makedirs(cwd, exist_ok=True)
    e = dict(os.environ, PATH=tools(python_fails), **(env or {}))
    return subprocess.run(shell + [script], cwd=cwd, env=e, capture_output=True, text=True, timeout=900)


def valid_junit(path):
    v = subprocess.run(["xmllint", "--noout", "--schema", XSD, path], capture_output=True, text=True)
    check(v.returncode == 0, "xmllint %s: %s" % (path, v.stderr))


def masked(path):
    text = open(path).read()
    text = re.sub(r'time="[0-9.]+"', 'time="T"', text)
    text = re.sub(r'timestamp="[^"]*"', 'timestamp="S"', text)
    return text


# GitHub Actions' expressions the steps use, and bash -e, as it runs `run:`
def gha(text, shard, total):
    return text.replace("${{ matrix.shard }}", str(shard)).replace("${{ strategy.job-total }}", str(total))


GHA_SHELL = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c"]
WHOLE = {}   # engine -> the merged JUnit file


@test
def github_actions_workflow():
    y = yaml.safe_load(blocks()[".github/workflows/compat.yml"])
    on = y.get("on", y.get(True))   # YAML 1.1 reads a bare `on` as true
    check(set(on) == {"push", "pull_request"}, on)
    shards, report = y["jobs"]["shards"], y["jobs"]["report"]
    n = shards["strategy"]["matrix"]["shard"]
    check(n == list(range(1, len(n) + 1)) and len(n) > 1 and shards["strategy"]["fail-fast"] is False, n)
    check(report["needs"] == "shards" and report["if"] == "always()", report)
    step = {s.get("id"): s for s in shards["steps"]}
    upload = next(s for s in shards["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    download = next(s for s in report["steps"] if s.get("uses", "").startswith("actions/download-artifact@"))
    merge = {s.get("id"): s for s in report["steps"]}["merge"]
    check(upload["if"] == "always()" and download["with"]["merge-multiple"] is True, (upload, download))
    check(re.fullmatch(download["with"]["pattern"].replace("*", ".*"), gha(upload["with"]["name"], 1, 1)),
          "download's pattern does not take the uploads")
    publish = report["steps"][-1]
    check(publish["with"]["report_paths"] == "compat.xml" and publish["if"] == "always()", publish)
    # the shard jobs, each in a workspace of its own; their uploads into
    # the report job's workspace
    work = os.path.join(TMP, "gha")
    for k in n:
        ws = os.path.join(work, "shard-job-%d" % k)
        r = run(gha(step["shard"]["run"], k, len(n)), ws, GHA_SHELL)
        check(r.returncode == 0, "shard %d: exit %d\n%s%s" % (k, r.returncode, r.stdout, r.stderr))
        os.makedirs(os.path.join(work, "report"), exist_ok=True)
        shutil.copy(os.path.join(ws, gha(upload["with"]["path"], k, len(n))), os.path.join(work, "report"))
    summary = os.path.join(work, "summary.md")
    r = run(merge["run"], os.path.join(work, "report"), GHA_SHELL, {"GITHUB_STEP_SUMMARY": summary})
    check(r.returncode == 0, "merge: exit %d\n%s%s" % (r.returncode, r.stdout, r.stderr))
    merged = os.path.join(work, "report", "compat.xml")
    valid_junit(merged)
    table = open(summary).read()
    check(table.startswith("```\n#1: python3 -c ") and "\nscenario " in table and table.endswith("24 cases: 24 passed, 0 failed, 0 errors\n```\n"), table)
    # the same matrix, unsharded: shard 1 of 1
    ws = os.path.join(work, "whole")
    r = run(gha(step["shard"]["run"], 1, 1), ws, GHA_SHELL)
    check(r.returncode == 0, r.stdout + r.stderr)
    check(masked(merged) == masked(os.path.join(ws, "shard-1.xml")), "merged != unsharded")
    WHOLE["gha"] = merged
    # a case that fails fails its shard and the report
    ws = os.path.join(work, "failing")
    r = run(gha(step["shard"]["run"], 2, len(n)), ws, GHA_SHELL, python_fails=True)
    check(r.returncode == 1, "a failing shard: exit %d" % r.returncode)


@test
def gitlab_ci_file():
    y = yaml.safe_load(blocks()[".gitlab-ci.yml"])
    job, rep = y["compat"], y["compat-report"]
    n = job["parallel"]
    check(y["stages"] == ["test", "report"] and job["stage"] == "test" and rep["stage"] == "report", y)
    check(job["artifacts"]["when"] == "always" and rep["when"] == "always", job)
    check(rep["artifacts"]["reports"]["junit"] == "compat.xml", rep)
    work = os.path.join(TMP, "gitlab")
    report_dir = os.path.join(work, "report")
    os.makedirs(report_dir)
    for k in range(1, n + 1):
        ws = os.path.join(work, "node-%d" % k)
        for line in job["script"]:
            r = run(line, ws, ["sh", "-ec"], {"CI_NODE_INDEX": str(k), "CI_NODE_TOTAL": str(n)})
            check(r.returncode == 0, "node %d: %s\n%s" % (k, r.stdout, r.stderr))
        for pattern in job["artifacts"]["paths"]:
            for f in os.listdir(ws):
                if re.fullmatch(pattern.replace(".", r"\.").replace("*", ".*"), f):
                    shutil.copy(os.path.join(ws, f), report_dir)
    for line in rep["script"]:
        r = run(line, report_dir, ["sh", "-ec"])
        check(r.returncode == 0, r.stdout + r.stderr)
    valid_junit(os.path.join(report_dir, "compat.xml"))
    if "gha" in WHOLE:
        check(masked(WHOLE["gha"]) == masked(os.path.join(report_dir, "compat.xml")),
              "GitLab's report is not GitHub's for the same matrix")


def k8s_script(container, mounts):
    """What the container runs, with each volume's mountPath at a local
    directory."""
    check(container["command"] == ["sh", "-c"] and len(container["args"]) == 1, container)
    script = container["args"][0]
    for mount_path, local in mounts.items():
        script = script.replace(mount_path, local)
    return script


@test
def kubernetes_indexed_job():
    b = blocks()
    pvc, shards = yaml.safe_load_all(b["k8s/compat-shards.yaml"])
    (report,) = yaml.safe_load_all(b["k8s/compat-report.yaml"])
    check(pvc["kind"] == "PersistentVolumeClaim" and "ReadWriteMany" in pvc["spec"]["accessModes"], pvc)
    s = shards["spec"]
    n = s["completions"]
    check(shards["kind"] == "Job" and s["completionMode"] == "Indexed" and s["parallelism"] == n and n > 1, s)
    for job in (shards, report):
        spec = job["spec"]["template"]["spec"]
        check(spec["restartPolicy"] == "Never" and job["apiVersion"] == "batch/v1", job)
        (vol,) = spec["volumes"]
        check(vol["persistentVolumeClaim"]["claimName"] == pvc["metadata"]["name"], vol)
        (mount,) = spec["containers"][0]["volumeMounts"]
        check(mount["name"] == vol["name"], mount)
    c = s["template"]["spec"]["containers"][0]
    sc = c["securityContext"]
    check(set(sc["capabilities"]["add"]) >= {"SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE"} and sc["runAsUser"] == 0, sc)
    m = re.search(r"--shard \$\(\(JOB_COMPLETION_INDEX \+ 1\)\)/(\d+)", c["args"][0])
    check(m and int(m.group(1)) == n, "--shard's N is not completions: %s" % c["args"][0])
    reports = os.path.join(TMP, "k8s", "reports")
    os.makedirs(reports)
    mounts = {c["volumeMounts"][0]["mountPath"]: reports}
    script = k8s_script(c, mounts)
    for idx in range(n):
        r = run(script, os.path.join(TMP, "k8s", "pod-%d" % idx), ["sh", "-c"], {"JOB_COMPLETION_INDEX": str(idx)})
        check(r.returncode == 0, "index %d: exit %d\n%s%s" % (idx, r.returncode, r.stdout, r.stderr))
    rc = report["spec"]["template"]["spec"]["containers"][0]
    r = run(k8s_script(rc, {rc["volumeMounts"][0]["mountPath"]: reports}), os.path.join(TMP, "k8s", "merge"),
            ["sh", "-c"])
    check(r.returncode == 0 and "24 cases: 24 passed" in r.stdout, r.stdout + r.stderr)
    valid_junit(os.path.join(reports, "compat.xml"))
    if "gha" in WHOLE:
        check(masked(WHOLE["gha"]) == masked(os.path.join(reports, "compat.xml")),
              "the Job's report is not GitHub's for the same matrix")
    # failing cases: the shard still succeeds (the Job goes on), the merge fails
    failing = os.path.join(TMP, "k8s", "failing")
    os.makedirs(failing)
    script = k8s_script(c, {c["volumeMounts"][0]["mountPath"]: failing})
    for idx in range(n):
        r = run(script, failing, ["sh", "-c"], {"JOB_COMPLETION_INDEX": str(idx)}, python_fails=True)
        check(r.returncode == 0, "a shard with failures: exit %d" % r.returncode)
    r = run(k8s_script(rc, {rc["volumeMounts"][0]["mountPath"]: failing}), failing, ["sh", "-c"])
    check(r.returncode == 1 and "24 failed" in r.stdout, "the merge of failures: exit %d\n%s" % (r.returncode, r.stdout))


if __name__ == "__main__":
    sys.exit(SUITE.main("", cleanup=TMP, needs_root=True))
