"""Every page gets ``<meta name="description">`` (search engines show it under the link).

A page that sets its own (MyST front matter ``html_meta: {description: …}``), or whose
description another extension already added (e.g. sphinxext-opengraph), keeps it.
Otherwise the description is the page's first paragraph, read from the doctree after
translation, so the Japanese edition gets the Japanese sentence. Pages without a doctree
(search, genindex) are described by their title and the site's title.
"""

import re

from docutils import nodes
from docutils.utils.math import latex2mathml
from markupsafe import escape

MAX_CHARS = 160  # what search engines show
MIN_CHARS = 80  # a shorter first paragraph ("The call:") is joined with the next one

# LaTeX commands as the characters they stand for (∂, ∑, ⊤, α…), from docutils' tables
_SYMBOLS = {
    **latex2mathml.letters, **latex2mathml.ordinary, **latex2mathml.greek_capitals,
    **latex2mathml.operators, **latex2mathml.small_operators,
}
_FRAC = re.compile(r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}")
_COMMAND = re.compile(r"\\([a-zA-Z]+)")


def plain_math(tex):
    """LaTeX as readable plain text: ``\\frac{\\partial y}{\\partial a}`` -> ``∂y/∂a``."""
    tex = _FRAC.sub(r"\1/\2", tex)
    tex = _COMMAND.sub(lambda m: _SYMBOLS.get(m[1], "" if m[1] in ("left", "right", "mathbf", "mathrm", "operatorname") else m[1]), tex)
    tex = tex.replace("\\,", " ").replace("{", "").replace("}", "")
    return " ".join(tex.split())


def plain_text(node):
    if isinstance(node, nodes.math):
        return plain_math(node.astext())
    if isinstance(node, nodes.Text):
        return node.astext()
    return "".join(plain_text(child) for child in node.children)


def first_paragraph(doctree):
    """The first prose paragraphs (outside admonitions, tables and cell outputs)."""
    text = ""
    for para in doctree.findall(nodes.paragraph):
        if any(isinstance(a, (nodes.admonition, nodes.sidebar, nodes.topic, nodes.table)) for a in _ancestors(para)):
            continue
        if any(a.get("nb_element") for a in _ancestors(para) if isinstance(a, nodes.container)):
            continue  # a cell's output, not prose
        text = f"{text} {' '.join(plain_text(para).split())}".strip()
        if len(text) >= MIN_CHARS:
            break
    return text


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


def shorten(text, limit=MAX_CHARS):
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(",;: ") + "…"


def add_description(app, pagename, templatename, context, doctree):
    metatags = context.get("metatags", "")
    if 'name="description"' in metatags:
        return
    text = first_paragraph(doctree) if doctree is not None else ""
    if not text:
        title = context.get("title") or ""
        text = f"{title} – {app.config.html_title}" if title else app.config.html_title
    context["metatags"] = metatags + f'\n<meta name="description" content="{escape(shorten(text))}" />'


def setup(app):
    app.connect("html-page-context", add_description, priority=800)  # after other meta tags
    return {"parallel_read_safe": True, "parallel_write_safe": True}
