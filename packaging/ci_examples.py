#!/usr/bin/env python3
"""Runs the CI examples of VENDORS.md as written, locally: parses each YAML block (GitHub Actions,
GitLab CI), checks what the CI service itself does (permissions for the JUnit check run, paths
handed to upload and report steps) and runs every shell command of every step with bash, as the
runner would, against the unpacked package and a local `ringpool serve --variant`:

    ci_examples.py VENDORS.md --root UNPACKED --deb FILE --url URL --target-file FILE
                   --token T --control-token T --work DIR

Only what cannot run here is stood in for, and each stand-in is checked first: `apt-get install
./tools/<deb>` (the package's file name must be the one the examples name; "installing" puts the
unpacked package's usr/bin first on PATH), the vendor's staging URL (the local server), repository
secrets (the tokens given), and the vendor's repository (a folder holding the target file the
examples name). The baseline bootstrap is run both ways: the first run without a baseline, then a
run with the baseline the first one produced. Exit status 0 when every command did what it says.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

import yaml

STAGING = "https://staging.example.com"


def fail(message):
    print(f"ci_examples: {message}", file=sys.stderr)
    sys.exit(1)


def yaml_blocks(markdown):
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", markdown, re.S)]


def stand_in_apt(command, deb_name):
    """The apt-get lines of a step: checked (the file name), not run."""
    kept = []
    for line in command.splitlines():
        if "apt-get" not in line:
            kept.append(line)
            continue
        for package in re.findall(r"\./tools/(\S+\.deb)", line):
            if package != deb_name:
                fail(f"the examples install ./tools/{package}, but the package is {deb_name}")
    return "\n".join(kept)


class Checkout:
    """The vendor's repository as the examples assume it: conformance/my-server.toml (and, once
    bootstrapped, conformance/baseline.json), tools/<the deb>."""

    def __init__(self, work, name, target_file, deb):
        self.path = os.path.join(work, name)
        shutil.rmtree(self.path, ignore_errors=True)
        os.makedirs(os.path.join(self.path, "conformance"))
        os.makedirs(os.path.join(self.path, "tools"))
        shutil.copy(target_file, os.path.join(self.path, "conformance", "my-server.toml"))
        shutil.copy(deb, os.path.join(self.path, "tools"))


def run_step(name, command, env, checkout, args):
    command = stand_in_apt(command, os.path.basename(args.deb)).replace(STAGING, args.url)
    if not command.strip():
        return
    environment = dict(os.environ)
    environment.update(env)
    environment["PATH"] = os.path.join(args.root, "usr", "bin") + os.pathsep + environment["PATH"]
    result = subprocess.run(["bash", "-eo", "pipefail", "-c", command], cwd=checkout.path, env=environment,
                            capture_output=True, text=True)
    print(f"--- {name}: exit {result.returncode}")
    if result.returncode != 0:
        fail(f"step '{name}' failed:\n{command}\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return result


def secrets(args):
    return {"RINGPOOL_TOKEN": args.token, "RINGPOOL_CONTROL_TOKEN": args.control_token, "STAGING_URL": args.url}


def run_github(job, args):
    workflow = job
    permissions = workflow.get("permissions") or {}
    for name, definition in workflow["jobs"].items():
        permissions = {**permissions, **(definition.get("permissions") or {})}
        if permissions.get("checks") != "write":
            fail(f"GitHub job '{name}': the JUnit report step creates a check run, so it needs permissions: checks: write")
        if permissions.get("contents") != "read":
            fail(f"GitHub job '{name}': actions/checkout needs permissions: contents: read once permissions are given")
        if definition.get("container") != "debian:bookworm":
            fail(f"GitHub job '{name}': the package is built for Debian 12, the job must run in debian:bookworm")
        for bootstrap in (True, False):
            checkout = Checkout(args.work, f"github-{name}", args.target_file, args.deb)
            if not bootstrap:
                shutil.copy(args.first_baseline, os.path.join(checkout.path, "conformance", "baseline.json"))
            for step in definition["steps"]:
                title = step.get("name", step.get("uses", "?"))
                if "run" in step:
                    if step.get("shell", "bash") != "bash":
                        fail(f"step '{title}': runs in {step['shell']}, the test runs bash")
                    env = {key: secrets(args).get(key, str(value)) for key, value in (step.get("env") or {}).items()}
                    run_step(title, step["run"], env, checkout, args)
                    continue
                uses = step["uses"]
                if uses.startswith("mikepenz/action-junit-report"):
                    need(checkout, step["with"]["report_paths"], title)
                elif uses.startswith("actions/upload-artifact"):
                    for path in str(step["with"]["path"]).split():
                        need(checkout, path, title)
            keep_first_baseline(checkout, args, bootstrap)


def run_gitlab(job, args):
    for name, definition in job.items():
        if definition.get("image") != "debian:bookworm":
            fail(f"GitLab job '{name}': the package is built for Debian 12, the job must run in debian:bookworm")
        for bootstrap in (True, False):
            checkout = Checkout(args.work, f"gitlab-{name}", args.target_file, args.deb)
            if not bootstrap:
                shutil.copy(args.first_baseline, os.path.join(checkout.path, "conformance", "baseline.json"))
            for line in definition["script"]:
                run_step(f"{name}: {line.splitlines()[0][:60]}", line, secrets(args), checkout, args)
            artifacts = definition.get("artifacts", {})
            for path in artifacts.get("paths", []):
                need(checkout, path, "artifacts")
            need(checkout, artifacts.get("reports", {}).get("junit", ""), "junit report")
            keep_first_baseline(checkout, args, bootstrap)


def need(checkout, path, what):
    if not path or not os.path.exists(os.path.join(checkout.path, path)):
        fail(f"'{what}' hands over {path!r}, which the steps before it did not write")


def keep_first_baseline(checkout, args, bootstrap):
    """The bootstrap run's report is what the examples tell the vendor to commit as the baseline."""
    if not bootstrap:
        return
    produced = os.path.join(checkout.path, "out", "report.json")
    if not os.path.exists(produced):
        fail("the first run (no baseline yet) left no out/report.json to commit as the baseline")
    shutil.copy(produced, args.first_baseline)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("vendors")
    for option in ("--root", "--deb", "--url", "--target-file", "--token", "--control-token", "--work"):
        parser.add_argument(option, required=True)
    args = parser.parse_args()
    args.first_baseline = os.path.join(args.work, "first-baseline.json")
    with open(args.vendors) as markdown:
        blocks = yaml_blocks(markdown.read())
    github = [block for block in blocks if isinstance(block, dict) and "jobs" in block]
    gitlab = [block for block in blocks if isinstance(block, dict) and "jobs" not in block]
    if len(github) != 1 or len(gitlab) != 1:
        fail(f"expected one GitHub workflow and one GitLab job in {args.vendors}, found {len(github)} and {len(gitlab)}")
    run_github(github[0], args)
    run_gitlab(gitlab[0], args)
    print("ci_examples: the GitHub and GitLab examples ran as written (first run and baseline run)")


if __name__ == "__main__":
    main()
