"""A visible "copy link" under the heading of every labelled section.

Every section a reader may link to carries an explicit label (``(case-3-1-2)=``), which
is its permanent HTML id. Under such a heading this adds a link to ``#<id>``; the script
``docs/_static/permalinks.js`` turns a click into "copy the full URL of this section"
(from ``file://`` and ``http(s)://`` alike). Without the script the link still leads to
the anchor, so the address bar shows the permanent URL.

The node is added after the search index and the translation catalogs took the page's
text, so "Copy link" is neither indexed nor a page message; its words come from
``docs/locale/<lang>/LC_MESSAGES/sphinx.po`` (strings of templates and extensions).
"""

from html import escape

from docutils import nodes
from sphinx.locale import _

# Messages shown by the link; tests/test_permalinks.py checks each has a Japanese entry.
MESSAGES = ("Copy link", "Link copied", "Copy a link to this section")


class section_permalink(nodes.Element):
    """Rendered by HTML builders only; other writers skip it."""


def labelled_ids(env, docname):
    """HTML ids of this page that come from explicit labels."""
    labels = env.domains.standard_domain.labels
    return {labelid for (doc, labelid, _name) in labels.values() if doc == docname and labelid}


def add_permalinks(app, doctree, docname):
    if app.builder.format != "html" or app.builder.name.startswith("epub"):
        return  # books and other formats have no clipboard and no address bar
    wanted = labelled_ids(app.env, docname)
    for section in doctree.findall(nodes.section):
        ids = [i for i in section["ids"] if i in wanted]
        if ids and isinstance(section[0], nodes.title):
            section.insert(1, section_permalink(anchor=ids[0]))


def visit_html(self, node):
    anchor = escape(node["anchor"])
    title, copied, label = (escape(str(_(m))) for m in ("Copy a link to this section", "Link copied", "Copy link"))
    self.body.append(
        f'<p class="section-permalink"><a class="section-permalink__link" href="#{anchor}"'
        f' title="{title}" data-copied="{copied}">'
        '<i class="fa-solid fa-link" aria-hidden="true"></i> '
        f'<span class="section-permalink__label" aria-live="polite">{label}</span></a></p>'
    )
    raise nodes.SkipNode


def skip(self, node):
    raise nodes.SkipNode


def setup(app):
    app.add_node(
        section_permalink,
        html=(visit_html, None),
        latex=(skip, None),
        text=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.connect("doctree-resolved", add_permalinks)
    app.add_js_file("permalinks.js", defer="defer")
    app.add_css_file("permalinks.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
