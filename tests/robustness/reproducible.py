"""Two clean builds of the same sources give byte-identical sites (``make test-repro``).

Copies the repository twice, into folders whose paths differ (a path leaking into a page
shows up as a difference), builds both with empty execution caches, side by side, and
compares every file under ``_build/html``. Exit status 0 when the trees are identical;
otherwise each differing file is named with its first differing line.
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sandbox import build_env, make_copy  # the script's folder is on sys.path

SHOW = 10  # differing files reported in full; the rest are counted


def tree(root: Path):
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def first_difference(a: Path, b: Path) -> str:
    try:
        la = a.read_text(encoding="utf-8").splitlines()
        lb = b.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        return "    (binary files differ)"
    for i, (x, y) in enumerate(zip(la, lb), 1):
        if x != y:
            start = max(0, next((j for j, (p, q) in enumerate(zip(x, y)) if p != q), 0) - 60)
            return f"    line {i}:\n    - {x[start:start + 160]}\n    + {y[start:start + 160]}"
    return f"    lengths differ: {len(la)} vs {len(lb)} lines"


def main() -> int:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="repro-") as tmp:
        copies = [make_copy(Path(tmp) / "first"), make_copy(Path(tmp) / "second-build")]
        print(f"building two clean copies in {tmp} ...", flush=True)
        procs = [
            subprocess.Popen(["make", "html"], cwd=c, env=build_env(), stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
            for c in copies
        ]
        for c, p in zip(copies, procs):
            out, _ = p.communicate()
            if p.returncode:
                print(f"make html failed in {c.name}:\n{out}")
                return 1
        a, b = (tree(c / "_build" / "html") for c in copies)
        problems = [f"only in the first build: {n}" for n in sorted(a.keys() - b.keys())]
        problems += [f"only in the second build: {n}" for n in sorted(b.keys() - a.keys())]
        differing = [n for n in sorted(a.keys() & b.keys()) if a[n].read_bytes() != b[n].read_bytes()]
        for n in differing[:SHOW]:
            problems.append(f"differs: {n}\n{first_difference(a[n], b[n])}")
        if len(differing) > SHOW:
            problems.append(f"... and {len(differing) - SHOW} more differing files")
    elapsed = time.monotonic() - started
    if problems:
        print(f"NOT REPRODUCIBLE ({len(a)} files, {elapsed:.0f}s): two clean builds differ.")
        print("Remove the source of drift (a date, a path, an address, an unseeded random value, "
              "an unordered listing):")
        print("\n".join(problems))
        return 1
    print(f"reproducible: {len(a)} files under _build/html identical in two clean builds ({elapsed:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
