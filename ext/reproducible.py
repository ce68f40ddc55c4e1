"""Two builds of the same commit give the same bytes (``make test-repro`` checks it).

* Notebook cell ids: MyST-NB reads a text notebook into cells whose ids nbformat draws at
  random, and writes them into ``jupyter_execute/<page>.ipynb``. Here every cell is
  numbered instead (``cell-0``, ``cell-1`` …), the same in every build.
* Outputs that change from run to run fail the build, named by page and line: a memory
  address (``<SumBackward0 at 0x7f…>``, the default ``repr`` of graph nodes, functions and
  other objects) or a path of the machine that built the site. The page should print
  something stable instead, e.g. ``type(y.grad_fn).__name__``.

Random values are seeded in the kernel profile (docs/_ipython/profile_default).
"""

import dataclasses
import re

import myst_nb.sphinx_
from docutils import nodes
from sphinx.util import logging
from execution_checks import code_cells  # the one walk over executed code cells

logger = logging.getLogger(__name__)

ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{6,}\b")
MACHINE_PATH = re.compile(r"(?<![\w.])/(?:tmp|home|root|usr|opt|var|work)/[^\s'\"<>)]*")


def _numbered_cells(read):
    def read_with_stable_ids(text):
        notebook = read(text)
        for index, cell in enumerate(notebook.cells):
            cell["id"] = f"cell-{index}"
        return notebook

    return read_with_stable_ids


_create_nb_reader = myst_nb.sphinx_.create_nb_reader


def create_nb_reader_with_stable_ids(*args, **kwargs):
    reader = _create_nb_reader(*args, **kwargs)
    if reader is None:
        return None
    return dataclasses.replace(reader, read=_numbered_cells(reader.read))


def check_outputs_are_stable(app, doctree):
    if app.config.nb_execution_mode == "off":
        return
    for cell in code_cells(doctree):
        for out in cell.findall(nodes.container):
            if out.get("nb_element") != "cell_code_output":
                continue
            text = out.astext()
            for pattern, what in ((ADDRESS, "a memory address"), (MACHINE_PATH, "a file path of this machine")):
                found = pattern.search(text)
                if found:
                    logger.error(
                        "an output shows %s (%r), which changes from build to build. Print "
                        "something stable instead (e.g. type(obj).__name__ for a graph node).",
                        what, found.group(0), location=(app.env.docname, cell.line),
                    )


def setup(app):
    # MyST-NB's parser looks the reader factory up in its own module at parse time.
    myst_nb.sphinx_.create_nb_reader = create_nb_reader_with_stable_ids
    app.connect("doctree-read", check_outputs_are_stable)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
