"""``requirements.txt`` pins everything and installs cleanly (``make check-deps``).

1. Every line is ``name==version``: no range, no unpinned name.
2. A fresh venv (temp folder) installs it with no resolver conflict, and ``pip check``
   passes there.
3. Nothing gets installed that requirements.txt does not pin: every transitive
   dependency is listed too, so the next install cannot pick a new version of it.
Each problem is one line that says what to change.
"""

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!-]+)$")
INSTALLER = {"pip", "setuptools", "wheel"}  # come with the venv, not with requirements.txt


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path):
    found, problems = {}, []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = PIN.match(line)
        if not match:
            problems.append(f"requirements.txt:{n}: {line!r} is not pinned exactly: write name==version")
        else:
            found[canonical(match[1])] = match[2]
    return found, problems


def main():
    started = time.monotonic()
    required, problems = pins(ROOT / "requirements.txt")
    python = os.environ.get("PYTHON") or sys.executable
    with tempfile.TemporaryDirectory(prefix="deps-") as tmp:
        venv = Path(tmp) / "venv"
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
        # --no-compile: byte-compiling torch takes minutes and checks nothing about the pins
        install = subprocess.run([*pip, "install", "--quiet", "--no-compile", "-r", str(ROOT / "requirements.txt")],
                                 capture_output=True, text=True)
        if install.returncode:
            errors = [l for l in install.stderr.splitlines() if "ERROR" in l or "conflict" in l.lower()]
            problems.append("requirements.txt does not install into a fresh venv: "
                            + " | ".join(errors[-3:] or install.stderr.strip().splitlines()[-3:])
                            + " — change the pins so they agree.")
        else:
            check = subprocess.run([*pip, "check"], capture_output=True, text=True)
            if check.returncode:
                problems += [f"pip check: {l} — pin a version that satisfies it"
                             for l in check.stdout.strip().splitlines()]
            freeze = subprocess.run([*pip, "freeze", "--all"], capture_output=True, text=True, check=True)
            for line in freeze.stdout.splitlines():
                if "==" not in line:
                    continue
                name, installed = line.split("==", 1)
                name = canonical(name)
                if name in INSTALLER:
                    continue
                if name not in required:
                    problems.append(f"requirements.txt: {line} is installed but not pinned: "
                                    "add it under # transitive")
                elif required[name] != installed and required[name] != installed.split("+")[0]:
                    # torch==2.13.0 installs the local build 2.13.0+cpu (PEP 440: same release)
                    problems.append(f"requirements.txt: {name} pinned {required[name]}, installed {installed}")
    seconds = time.monotonic() - started
    if problems:
        print("\n".join(problems))
        print(f"check-deps: {len(problems)} problem(s) ({seconds:.0f}s)")
        return 1
    print(f"check-deps: {len(required)} pins, fresh venv installs them, pip check passes, "
          f"nothing unpinned ({seconds:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
