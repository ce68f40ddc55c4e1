"""Which torch computed the outputs: shown on every page, recorded in the build.

* ``torch_version`` is in every page's template context; ``torch-version.html`` prints it
  in the footer (a translatable theme string, ``docs/locale/ja/LC_MESSAGES/sphinx.po``).
* ``<outdir>/build-info.json`` records torch, Python, Sphinx, MyST-NB and the hash of
  ``requirements.txt`` (sorted keys, no dates, no paths: two builds of a commit are equal).
* :func:`execution_cache_dir` names the execution cache after the torch version and a
  hash of ``requirements.txt`` and the kernel profile: jupyter-cache keys on cell code
  only, so without this a torch upgrade (or a new kernel setting) would keep serving the
  outputs of the old one. Its database is created before parallel readers start.

The versions are those installed next to Sphinx: the kernel (ipykernel's ``python3``)
runs on the same interpreter, so this is the torch that executed the cells.
"""

import hashlib
import json
import platform
from importlib.metadata import version
from pathlib import Path


def versions():
    return {
        "myst-nb": version("myst-nb"),
        "python": platform.python_version(),
        "sphinx": version("sphinx"),
        "torch": version("torch"),
    }


def requirements_sha(root: Path) -> str:
    return hashlib.sha256((Path(root) / "requirements.txt").read_bytes()).hexdigest()


# What the outputs depend on besides the cells' code.
EXECUTION_INPUTS = ("requirements.txt", "docs/_ipython/profile_default/ipython_config.py")


def execution_cache_dir(root: Path) -> Path:
    """``_build/.jupyter_cache/torch-<version>-<sha12>``: a new torch, a changed
    requirements.txt or kernel profile starts an empty cache: every output is recomputed."""
    digest = hashlib.sha256()
    for name in EXECUTION_INPUTS:
        path = Path(root) / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.exists() else b"") + b"\0")
    key = f"torch-{version('torch')}-{digest.hexdigest()[:12]}"
    return Path(root) / "_build" / ".jupyter_cache" / key


def add_torch_version(app, pagename, templatename, context, doctree):
    context["torch_version"] = version("torch")


def write_build_info(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    info = {
        **versions(),
        "language": app.config.language,
        "requirements_sha256": requirements_sha(Path(app.confdir)),
    }
    out = Path(app.outdir) / "build-info.json"
    out.write_text(json.dumps(info, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def create_cache_database(app):
    """Parallel readers would each create the execution cache's database at once: create it
    before they start."""
    if app.config.nb_execution_mode == "cache":
        from jupyter_cache import get_cache

        get_cache(app.config.nb_execution_cache_path).db  # noqa: B018  the property creates it


def setup(app):
    app.connect("builder-inited", create_cache_database)
    app.connect("html-page-context", add_torch_version)
    app.connect("build-finished", write_build_info)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
