"""Give the sidebar's expand/collapse toggles an accessible name.

The theme (pydata-sphinx-theme) puts a ``<summary>`` holding only a decorative chevron
beside each navigation link that has sub-pages; screen readers announce it with no name
(axe: summary-name, serious). Each such summary is named after the link it expands.
"""

from bs4 import BeautifulSoup


def _name_toggles(soup):
    for summary in soup.select("li > details > summary"):
        if summary.get_text(strip=True) or summary.get("aria-label"):
            continue
        link = summary.find_parent("li").find("a", recursive=False)
        if link is not None and link.get_text(strip=True):
            summary["aria-label"] = link.get_text(" ", strip=True)
    return soup


def wrap_toctree(app, pagename, templatename, context, doctree):
    generate = context.get("generate_toctree_html")
    if generate is None or getattr(generate, "_names_toggles", False):
        return

    def generate_toctree_html(*args, **kwargs):
        out = generate(*args, **kwargs)
        if isinstance(out, str):
            return str(_name_toggles(BeautifulSoup(out, "html.parser")))
        return _name_toggles(out)

    generate_toctree_html._names_toggles = True
    context["generate_toctree_html"] = generate_toctree_html


def setup(app):
    app.connect("html-page-context", wrap_toctree, priority=900)  # after the theme sets it
    return {"parallel_read_safe": True, "parallel_write_safe": True}
