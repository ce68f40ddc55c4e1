"""`make bench`: how long `make html` takes, and how many notebooks each build executed.

Scenarios, each the median of --runs runs:

* cold: both editions from an empty _build/ (no doctrees, no execution cache); the time
  of the second edition is also shown (the target: it adds at most 25% to the first);
* no-op: `make html` again, nothing changed;
* prose edit: one paragraph appended to a page's Markdown;
* code edit: one code cell appended to a page.

Executed notebooks are counted from the jupyter-cache: every execution adds a record.
Edits are undone after each run (and the site rebuilt, untimed), even on failure.

    python bench/build.py [--runs 3] [--cold-runs 3] [--page cases/outputs-tensor]
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
sys.path.insert(0, str(ROOT / "ext"))
from build_info import execution_cache_dir  # noqa: E402  the cache conf.py uses (keyed on torch)

CACHE = execution_cache_dir(ROOT)
MAKE = os.environ.get("MAKE", "make")


def cache_records():
    if not (CACHE / "global.db").exists():
        return set()
    from jupyter_cache import get_cache

    return {(r.pk, r.hashkey) for r in get_cache(CACHE).list_cache_records()}


def make_html(make_args):
    """Run `make html`; return (seconds, seconds from the 2nd edition's start, executed)."""
    before = cache_records()
    start = time.perf_counter()
    second = None
    editions = 0
    proc = subprocess.Popen(
        [MAKE, "--no-print-directory", "html", *make_args], cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    output = []
    for line in proc.stdout:
        output.append(line)
        if re.match(r"building \w+ -> ", line):
            editions += 1
            if editions == 2:
                second = time.perf_counter()
    if proc.wait() != 0:
        sys.exit("make html failed:\n" + "".join(output[-30:]))
    end = time.perf_counter()
    executed = len(cache_records() - before)
    return end - start, (end - second) if second else None, executed


def edit_page(path, page, kind, n):
    """Edit the page as an author does; return {file: its text before}. A prose edit comes with
    its translation in every catalog of the page: the build fails on a paragraph that has none
    (ext/notebooks.py), and an author adds both."""
    originals = {path: path.read_text(encoding="utf-8")}
    if kind == "prose":
        sentence = f"A sentence the benchmark added ({n})."
        path.write_text(originals[path] + f"\n{sentence}\n", encoding="utf-8")
        catalogs = sorted((ROOT / "docs" / "locale").glob(f"*/LC_MESSAGES/{page}.po"))
        if not catalogs:
            sys.exit(f"no catalog of {page} under docs/locale/: the prose edit has no translation")
        for catalog in catalogs:
            originals[catalog] = catalog.read_text(encoding="utf-8")
            catalog.write_text(originals[catalog] + f'\nmsgid "{sentence}"\nmsgstr "[{n}] {sentence}"\n',
                               encoding="utf-8")
    else:
        path.write_text(originals[path] + f"\n```{{code-cell}} ipython3\nbench_edit = {n}\n```\n",
                        encoding="utf-8")
    return originals


def fmt(values):
    values = [v for v in values if v is not None]
    return f"{statistics.median(values):7.1f}" if values else "      -"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--page", default="cases/outputs-tensor", help="page the edits go to")
    parser.add_argument("make_args", nargs="*", help="extra arguments for make, e.g. SPHINXOPTS=…")
    args = parser.parse_args()
    name = args.page
    page = ROOT / "docs" / f"{name}.md"
    if not page.exists():
        sys.exit(f"{page}: no such page")

    rows = []
    cold = [make_html_cold(args.make_args) for _ in range(args.cold_runs)]
    rows.append(("cold build, both editions", [c[0] for c in cold], [c[2] for c in cold]))
    rows.append(("  of which the 2nd edition", [c[1] for c in cold], None))
    noop = [make_html(args.make_args) for _ in range(args.runs)]
    rows.append(("no-op rebuild", [r[0] for r in noop], [r[2] for r in noop]))
    for kind in ("prose", "code"):
        results = []
        for _ in range(args.runs):
            originals = edit_page(page, name, kind, f"{time.time_ns()}")
            try:
                results.append(make_html(args.make_args))
            finally:
                for edited, text in originals.items():
                    edited.write_text(text, encoding="utf-8")
                make_html(args.make_args)
        rows.append((f"{kind} edit in {page.relative_to(ROOT / 'docs')}", [r[0] for r in results], [r[2] for r in results]))

    cold_median = statistics.median(c[0] for c in cold)
    print(f"make html ({' '.join(args.make_args) or 'defaults'}); medians: cold of {args.cold_runs} run(s), others of {args.runs}")
    print(f"{'scenario':44} {'seconds':>7} {'% cold':>7} {'notebooks executed':>19}")
    for name, times, executed in rows:
        median = statistics.median(t for t in times if t is not None) if any(t is not None for t in times) else None
        share = f"{100 * median / cold_median:6.0f}%" if median is not None else "      -"
        ran = "" if executed is None else ",".join(str(e) for e in executed)
        print(f"{name:44} {fmt(times)} {share} {ran:>19}")
    second = [c[1] for c in cold if c[1] is not None]
    if second:
        first = statistics.median(c[0] - c[1] for c in cold if c[1] is not None)
        print(f"2nd edition adds {100 * statistics.median(second) / first:.0f}% to the first")


def make_html_cold(make_args):
    shutil.rmtree(BUILD, ignore_errors=True)
    result = make_html(make_args)
    if result[2] == 0:  # a cold build executes every page: the count is not being read
        sys.exit(f"a cold build executed no notebook according to {CACHE}: is that the cache conf.py uses?")
    return result


if __name__ == "__main__":
    main()
