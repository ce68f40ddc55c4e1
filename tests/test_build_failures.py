"""A page with a failing cell must fail the build, and the message must name the page.

Builds a copy of the site (English only) with one injected cell. The execution cache is
copied along, so only the edited page runs again.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_reader import ROOT

PAGE = "cases/outputs-tensor.md"
FAILING_CELL = "\n```{code-cell} ipython3\nraise ValueError(\"injected failure\")\n```\n"


def copy_site(dest: Path):
    for name in ("conf.py", "requirements.txt", "ext", "docs"):  # conf.py hashes requirements.txt
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    cache = ROOT / "_build" / ".jupyter_cache"
    if cache.exists():
        shutil.copytree(cache, dest / "_build" / ".jupyter_cache")


def build(site: Path):
    sphinx = Path(sys.executable).with_name("sphinx-build")
    return subprocess.run(
        [str(sphinx), "-b", "html", "-c", ".", "-D", "language=en", "-d", "_build/doctrees/en",
         "docs", "_build/html/en", "-W", "--keep-going", "-n", "-q"],
        cwd=site, capture_output=True, text=True, timeout=600,
    )


@pytest.mark.slow
def test_failing_cell_fails_the_build_naming_the_page(tmp_path):
    copy_site(tmp_path)
    page = tmp_path / "docs" / PAGE
    page.write_text(page.read_text(encoding="utf-8") + FAILING_CELL, encoding="utf-8")
    result = build(tmp_path)
    log = result.stdout + result.stderr
    assert result.returncode != 0, f"the build passed despite a failing cell:\n{log}"
    assert f"{PAGE}:" in log and "cell raised ValueError: injected failure" in log, f"message does not name the page:\n{log}"
    assert "Traceback" not in log, f"a framework traceback instead of one plain line:\n{log}"
