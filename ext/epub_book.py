"""The EPUB of each edition as strict readers (and epubcheck) want it.

The EPUB builder writes the same pages as the HTML builder, with its own ``epub`` theme,
and the extensions that serve web pages skip it (language_switch, link_previews,
permalinks, notebooks, lean_theme). What is left to make the book valid EPUB 3:

* stylesheets: a chapter links only Sphinx's ``epub.css`` and ``pygments.css`` and
  ``ext/epub_static/epub-book.css`` (cells, outputs and formulas, in CSS that EPUB readers
  parse). MyST-NB's stylesheet uses syntax epubcheck rejects (CSS-008), and it is copied
  into the output only after the book is packed, so the chapters linked a missing file;
  the web pages' other stylesheets style controls a book has not (copy buttons, links);
* the manifest declares ``properties="mathml"`` on every chapter that carries MathML
  (ext/mathml.py writes formulas as MathML): Sphinx's content.opf declares only the
  navigation document, and epubcheck reports each such chapter (OPF-014).
"""

import os
import re
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

# What a chapter links; every other stylesheet of the web pages is left out.
STYLESHEETS = ("_static/epub.css", "_static/pygments.css", "_static/epub-book.css")
_XHTML_ITEM = re.compile(r'<item id="[^"]*" href="(?P<href>[^"]*)" media-type="application/xhtml\+xml" />')


STATIC = Path(__file__).resolve().parent / "epub_static"


def is_epub(app):
    return app.builder.name.startswith("epub")


def add_book_static(app):
    """The book's stylesheet is copied for EPUB builds only: the web pages stay as they are."""
    if is_epub(app):
        app.config.html_static_path.append(os.path.relpath(STATIC, app.confdir))


def book_stylesheets(app, pagename, templatename, context, doctree):
    if not is_epub(app):
        return
    css = context.get("css_files")
    if css is None:
        return
    css[:] = [c for c in css if getattr(c, "filename", c) in STYLESHEETS]
    if not any(getattr(c, "filename", c) == "_static/epub-book.css" for c in css):
        css.append(type(css[0])("_static/epub-book.css") if css else "_static/epub-book.css")


def declare_mathml(opf: Path):
    """``properties="mathml"`` on the manifest items whose file contains a <math> element."""
    root = opf.parent

    def item(match):
        href = match["href"]
        chapter = root / href.replace("%20", " ")
        if chapter.is_file() and "<math" in chapter.read_text(encoding="utf-8"):
            return match[0].replace(" />", ' properties="mathml" />')
        return match[0]

    opf.write_text(_XHTML_ITEM.sub(item, opf.read_text(encoding="utf-8")), encoding="utf-8")


def wrap_build_content(app):
    """After content.opf is written and before the book is zipped, declare MathML."""
    if not is_epub(app):
        return
    builder = app.builder
    build_content = builder.build_content

    def build_content_declaring_mathml():
        build_content()
        declare_mathml(Path(builder.outdir) / "content.opf")

    builder.build_content = build_content_declaring_mathml


def setup(app):
    app.connect("builder-inited", add_book_static)
    app.connect("builder-inited", wrap_build_content)
    app.connect("html-page-context", book_stylesheets, priority=950)  # after every extension added its CSS
    return {"parallel_read_safe": True, "parallel_write_safe": True}
