"""A visible "copy link" under the heading of every labelled section.

Every section a reader may link to carries an explicit label (``(case-3-1-2)=``), which
is its permanent HTML id. Under such a heading this adds a link to ``#<id>``; the script
``docs/_static/permalinks.js`` turns it into a button that opens two ways to copy the
section's address (from ``file://`` and ``http(s)://`` alike): the full URL, or a Markdown
link for a wiki, ``[<section title>](<URL>)``, the title in the edition's language. Without
the script the link still leads to the anchor, so the address bar shows the permanent URL.

The node is added after the search index and the translation catalogs took the page's
text, so "Copy link" is neither indexed nor a page message; its words come from
``docs/locale/<lang>/LC_MESSAGES/sphinx.po`` (strings of templates and extensions).
"""

from html import escape

from docutils import nodes
from sphinx.locale import _

# Messages shown by the link and its menu; tests/test_publishing.py checks each has a
# Japanese entry (docs/locale/ja/LC_MESSAGES/sphinx.po).
MESSAGES = ("Copy link", "Link copied", "Copy a link to this section", "Ways to copy the link",
            "Copy URL", "Copy Markdown link", "Markdown link copied")


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
            # the title as the page shows it: translated in the Japanese edition
            section.insert(1, section_permalink(anchor=ids[0], title=section[0].astext()))


def visit_html(self, node):
    anchor = escape(node["anchor"])
    words = {m: escape(str(_(m))) for m in MESSAGES}
    menu = f"section-permalink-menu-{anchor}"
    # The menu is hidden until the script opens it: without the script the link alone remains.
    self.body.append(
        f'<p class="section-permalink"><a class="section-permalink__link" href="#{anchor}"'
        f' title="{words["Copy a link to this section"]}" data-copied="{words["Link copied"]}"'
        f' data-title="{escape(node["title"])}" aria-controls="{menu}">'
        '<i class="fa-solid fa-link" aria-hidden="true"></i> '
        f'<span class="section-permalink__label" aria-live="polite">{words["Copy link"]}</span></a>'
        f'<span class="section-permalink__menu" id="{menu}" role="group"'
        f' aria-label="{words["Ways to copy the link"]}" hidden>'
        f'<button type="button" class="section-permalink__option" data-format="url"'
        f' data-copied="{words["Link copied"]}">'
        f'<span class="section-permalink__option-label">{words["Copy URL"]}</span>'
        '<code class="section-permalink__preview"></code></button>'
        f'<button type="button" class="section-permalink__option" data-format="markdown"'
        f' data-copied="{words["Markdown link copied"]}">'
        f'<span class="section-permalink__option-label">{words["Copy Markdown link"]}</span>'
        '<code class="section-permalink__preview"></code></button>'
        '</span></p>'
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
