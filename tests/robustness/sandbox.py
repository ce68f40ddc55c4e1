"""Copies of the repository to break or to build, away from the working tree.

A copy holds the files git knows (tracked, plus new files not ignored), so it is what a
clean clone of the working tree would be; ``.venv`` is a link to this repository's one.
"""

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "_build" / ".jupyter_cache"


def repo_files(root: Path = ROOT):
    out = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root, check=True, capture_output=True, text=True,
    ).stdout
    for name in sorted(set(filter(None, out.split("\0")))):
        path = root / name
        if name != ".venv" and path.is_file() and not path.is_symlink():
            yield name


def source_date_epoch(root: Path = ROOT) -> str:
    """The last commit's time, as the Makefile sets it (the copy has no .git)."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    return subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=root, check=True, capture_output=True, text=True
    ).stdout.strip()


def make_copy(dest: Path, with_cache: bool = False) -> Path:
    """Copy the repository into ``dest``; with_cache: also the execution cache, so pages the
    copy did not change are not executed again."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in repo_files():
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)  # keep mtimes: make sees the venv as installed
    (dest / ".venv").symlink_to((ROOT / ".venv").resolve())
    if with_cache and CACHE.is_dir():
        shutil.copytree(CACHE, dest / "_build" / ".jupyter_cache", symlinks=True)
    return dest


def build_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    env["SOURCE_DATE_EPOCH"] = source_date_epoch()
    env.pop("READTHEDOCS_LANGUAGE", None)
    env.pop("READTHEDOCS_VERSION", None)
    env.update(extra)
    return env
