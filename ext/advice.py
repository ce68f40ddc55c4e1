"""Build warnings that name the file and line also say what to do.

Sphinx and MyST-NB already point at ``page.md:line``; for the failures a maintainer meets
most, their text stops at what went wrong. This adds the way out to the same line, before
Sphinx formats it, so ``make html`` still prints one line per problem.
"""

import logging
from pathlib import Path

from docutils import nodes
from sphinx.util.logging import WarningStreamHandler

LABEL = (
    "Fix the name, or put the label on the line before the heading it names: "
    "(label-name)=. Published labels never change: readers' links point at them."
)
ADVICE = {
    ("mystnb", "stderr"): (
        "stderr in an output fails the build: remove its cause (a warning, a print to "
        "stderr), or opt the cell in with ':tags: [remove-stderr]' (hide it) or "
        "mystnb output_stderr: show (show it)."
    ),
    ("ref", "ref"): LABEL,
    ("myst", "xref_missing"): (
        "Fix the link: a page path relative to this page and, after #, a label of that "
        "page (or use {ref}`label`, which nitpicky mode checks)."
    ),
}
TRANSLATION = (
    "The Japanese entry for this paragraph ({po}) must keep every reference of the "
    "English: copy each {{ref}}`…`, link and role into its msgstr unchanged."
)


class Advice(logging.Filter):
    def __init__(self, app):
        super().__init__()
        self.app = app

    def advice(self, record):
        kind = (getattr(record, "type", None), getattr(record, "subtype", None))
        if kind in ADVICE:
            return ADVICE[kind]
        if kind[0] == "i18n" and str(kind[1]).startswith("inconsistent_"):
            return TRANSLATION.format(po=self.catalog(getattr(record, "location", None)))
        return None

    def catalog(self, location):
        if isinstance(location, nodes.Node):
            source = location.source
        elif isinstance(location, str):  # "path:line", as parallel readers hand warnings back
            source = location.rpartition(":")[0] or None
        else:
            source = None
        docname = self.app.env.path2doc(source) if source else None
        if docname is None:
            return "its .po under docs/locale/ja/LC_MESSAGES/"
        lang = self.app.config.language
        return Path("docs", "locale", lang, "LC_MESSAGES", f"{docname}.po").as_posix()

    def filter(self, record):
        text = self.advice(record)
        if text and text not in str(record.msg):
            # MyST-NB adds its own "[type.subtype]"; Sphinx adds it again when it prints.
            msg = str(record.msg).replace(f" [{record.type}.{record.subtype}]", "")
            record.msg = f"{msg}. {text}"
        return True


def setup(app):
    for handler in logging.getLogger("sphinx").handlers:
        if isinstance(handler, WarningStreamHandler):
            handler.filters.insert(0, Advice(app))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
