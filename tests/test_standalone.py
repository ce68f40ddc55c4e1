"""The repository stands alone: no file names a path outside it, and the tests that need no
built site pass in a copy with nothing beside it (as in a clone anywhere)."""

import re
import subprocess
import sys

from robustness.sandbox import make_copy, repo_files
from site_reader import ROOT

# Folders beside the repository on the machines it was written on; a file naming one of them
# works there only. (Written in pieces so this file does not name them itself.)
OUTSIDE = re.compile("|".join([r"\.\./" + "shared", "/" + "work/", "shared/" + "vendor"]))
# Tests that read sources, catalogs and configuration only, never _build/.
WITHOUT_BUILD = [
    "tests/test_readthedocs.py",
    "tests/test_translations.py",
    "tests/test_advice.py",
    "tests/test_link_contract.py::test_contract_lists_every_page_and_label_of_the_sources",
]


def test_no_file_names_a_path_outside_the_repository():
    found = []
    for name in repo_files():
        try:
            text = (ROOT / name).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # fonts, images
        found += [f"{name}:{text.count(chr(10), 0, m.start()) + 1}: {m[0]!r}" for m in OUTSIDE.finditer(text)]
    assert not found, "\n".join(found)


def test_tests_without_a_build_pass_in_a_copy_with_nothing_beside_it(tmp_path):
    copy = make_copy(tmp_path / "repo")
    assert [p.name for p in tmp_path.iterdir()] == ["repo"]
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not slow", *WITHOUT_BUILD],
        cwd=copy, capture_output=True, text=True,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
