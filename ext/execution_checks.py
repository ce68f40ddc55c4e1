"""Checks on the executed notebooks, reported as one plain line each.

* A cell that raises without being tagged ``raises-exception`` fails the build. MyST-NB
  reports that with the whole nbclient traceback; we name the page, the cell's line and
  the exception instead.
* A cell tagged ``raises-exception`` must really raise. nbclient lets such a cell fail but
  never checks that it does, so a page could say "this raises" over a cell that succeeds.

Both checks run on ``doctree-read``: after execution, or after the outputs came from the cache.
"""

import re

from docutils import nodes
from myst_nb.sphinx_ import NbMetadataCollector
from sphinx.util import logging

logger = logging.getLogger(__name__)

RAISES = "raises-exception"
CHECK = "check"  # a cell that checks a claim of the prose (DESIGN.md, rule 2)
# ``AssertionError: message``, ``torch.OutOfMemoryError: message``, ``KeyboardInterrupt``
_EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Iteration|Warning)\b:?")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# nbclient's CellExecutionError text: the cell source between two dash rulers, then the error.
_CELL_ERROR = re.compile(
    r"executing the following cell:\n-+\n(?P<source>.*?)\n-+\n(?P<error>.*)", re.S
)


def code_cells(doctree):
    for node in doctree.findall(nodes.container):
        if node.get("nb_element") == "cell_code":
            yield node


def cell_source(cell):
    return "".join(
        n.astext() for n in cell.findall(nodes.container) if n.get("nb_element") == "cell_code_source"
    ).strip()


def raised(cell):
    """True when the cell's rendered outputs hold a traceback (an error output)."""
    return any("traceback" in n.get("classes", []) for n in cell.findall(nodes.Element))


def report_failed_execution(app, doctree):
    exec_data = NbMetadataCollector.get_exec_data(app.env, app.env.docname) or {}
    traceback = exec_data.get("traceback")
    if not traceback:
        return
    match = _CELL_ERROR.search(_ANSI.sub("", traceback))
    if match is None:  # the kernel died or timed out: no cell to point at
        last = traceback.strip().splitlines()[-1]
        logger.error("notebook did not finish executing: %s", last, location=app.env.docname)
        return
    source = match["source"].strip()
    error = exception_text(match["error"])
    cell = next((c for c in code_cells(doctree) if cell_source(c) == source), None)
    line = cell.line if cell is not None else None
    first = source.splitlines()[0] if source else ""
    if cell is not None and CHECK in cell.get("cell_metadata", {}).get("tags", []):
        logger.error(
            "check cell failed: %s (cell starts: %r). torch no longer gives what the page "
            "claims: correct the claim in the prose and in this check, or the example.",
            error, first, location=(app.env.docname, line),
        )
        return
    logger.error(
        "cell raised %s (cell starts: %r). Fix the code, or tag the cell '%s' if the page "
        "means to show this error.",
        error, first, RAISES, location=(app.env.docname, line),
    )


def exception_text(error, limit=400):
    """``Type: message`` and the message's further lines, joined into one line.

    The kernel's Minimal tracebacks start with that line; a full traceback (another
    profile) has it after the frames, so the first line naming an exception type is taken.
    """
    lines = [line.strip() for line in error.strip().splitlines() if line.strip()]
    start = next((i for i, line in enumerate(lines) if _EXCEPTION_LINE.match(line)), len(lines) - 1)
    text = " ".join(lines[start:])
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_tagged_cells(app, doctree):
    if app.config.nb_execution_mode == "off":
        return  # a gettext build: nothing ran, nothing to check
    exec_data = NbMetadataCollector.get_exec_data(app.env, app.env.docname) or {}
    if exec_data.get("traceback"):
        return  # execution stopped early: later cells never ran, already reported above
    for cell in code_cells(doctree):
        tags = cell.get("cell_metadata", {}).get("tags", [])
        if RAISES in tags and not raised(cell):
            logger.error(
                "the cell tagged '%s' did not raise. Make it raise, or remove the tag "
                "and the prose that says it raises.",
                RAISES, location=(app.env.docname, cell.line),
            )


def setup(app):
    app.connect("doctree-read", report_failed_execution)
    app.connect("doctree-read", check_tagged_cells)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
