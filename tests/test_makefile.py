"""`make` with no target prints the help and builds nothing; the help names every target."""

import os
import re
import subprocess

from site_reader import ROOT

# Targets other targets depend on, not meant to be typed
INTERNAL = {"venv", "browser-deps"}


def make(*args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, env=env, capture_output=True, text=True)


def test_the_default_goal_is_help():
    database = make("-pq").stdout  # -q: nothing runs; -p: make's rules and variables
    assert re.findall(r"^\.DEFAULT_GOAL := (\S+)$", database, re.M) == ["help"]


def test_plain_make_only_prints():
    dry = make("-n")  # the commands plain `make` would run
    assert dry.returncode == 0, dry.stderr
    commands = dry.stdout.splitlines()
    assert commands and all(c.startswith("echo ") for c in commands), commands


def test_help_names_every_target():
    phony = set(re.findall(r"^\.PHONY: (.+)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))
    shown = make("help").stdout
    missing = sorted(t for t in phony - INTERNAL - {"help"} if not re.search(rf"\b{re.escape(t)}\b", shown))
    assert not missing, f"`make help` does not mention {missing}"


def test_link_contract_script_runs_as_make_runs_it():
    """`make link-contract` runs tests/link_contract.py as a script, outside pytest's pythonpath:
    run its command without --write, which must get as far as the usage line."""
    (command,) = [c for c in make("-n", "link-contract").stdout.splitlines() if "link_contract.py" in c]
    run = subprocess.run(command.replace(" --write", ""), shell=True, cwd=ROOT, capture_output=True, text=True)
    assert "usage: python tests/link_contract.py --write" in run.stderr, run.stderr[-2000:]
