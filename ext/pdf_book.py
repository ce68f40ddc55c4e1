"""The PDF of each edition: the site as a book (Sphinx's LaTeX builder, `make pdf`).

* Pages as chapters. The start page's toctree sits in its last section, and the topics'
  toctree in the topics page, so Sphinx would inline every page as a section of "Map of the
  cases" (and every topic as a subsection). Once the book's doctree is assembled, each
  inlined page moves to the top level, in reading order: every page is a chapter, and the
  table of contents lists pages, then their sections (cases, topic sections).
* A title page in the edition's language: the title, the authors and the torch that
  computed the outputs (the footer line of every web page, from the same catalog entry).

The LaTeX engine is Sphinx's default for the edition: pdflatex for English, uplatex for
Japanese (conf.py adds the Japanese fonts).
"""

from importlib.metadata import version

from docutils import nodes
from sphinx import addnodes
from sphinx.locale import _
from sphinx.util.texescape import escape


def is_latex(app):
    return app.builder.name == "latex"


def pages_as_chapters(app, doctree, docname):
    """Every page inlined from a toctree becomes a child of the start page's section."""
    if not is_latex(app) or docname != app.config.root_doc:
        return
    top = doctree.next_node(nodes.section)
    if top is None:
        return
    pages = list(doctree.findall(addnodes.start_of_file))  # document order: reading order
    for page in pages:
        page.parent.remove(page)
    top.extend(pages)


def title_page(app):
    """The book's first page, in the edition's language (no date: builds are reproducible)."""
    if not is_latex(app):
        return
    config = app.config
    torch = _("Outputs computed with torch %(version)s.") % {"version": version("torch")}
    title = escape(config.html_title, config.latex_engine)
    author = escape(config.author, config.latex_engine)
    app.builder.context["maketitle"] = "\n".join([
        r"\begin{titlepage}",
        r"\centering",
        r"\vspace*{0.25\textheight}",
        rf"{{\Huge\sffamily\bfseries {title}\par}}",
        r"\vspace{2.5em}",
        rf"{{\Large {author}\par}}",
        r"\vspace{1.5em}",
        rf"{{\large {escape(torch, config.latex_engine)}\par}}",
        r"\end{titlepage}",
    ])


def setup(app):
    app.connect("builder-inited", title_page)
    app.connect("doctree-resolved", pages_as_chapters)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
