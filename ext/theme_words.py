"""The theme's words in the edition's language: the search field's placeholder, and the
message catalog loaded before the scripts that read it.

- sphinx-book-theme writes the placeholder as its own "Search" + "...", from a catalog
  without Japanese; ``search_bar_text`` in html_theme_options would be one string for every
  language. It comes from our sphinx.po instead.
- Sphinx lists ``translations.js`` after ``sphinx_highlight.js``, which writes its "Hide
  Search Matches" link as soon as it runs once the page is parsed. With deferred scripts
  (ext/lean_theme) that is before the catalog has loaded, and the link stayed English:
  the catalog now comes right after ``doctools.js``, which defines what it calls.
"""

from sphinx.locale import _


def search_bar_text(app, pagename, templatename, context, doctree):
    context["theme_search_bar_text"] = _("Search...")


def _name(script):
    return getattr(script, "filename", "") or ""


def catalog_first(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files") or []
    names = [_name(s) for s in scripts]
    if "_static/translations.js" not in names or "_static/doctools.js" not in names:
        return
    catalog = scripts.pop(names.index("_static/translations.js"))
    scripts.insert([_name(s) for s in scripts].index("_static/doctools.js") + 1, catalog)


def setup(app):
    app.connect("html-page-context", search_bar_text, priority=600)  # after the theme sets it
    app.connect("html-page-context", catalog_first, priority=901)  # after every script is added
    return {"parallel_read_safe": True, "parallel_write_safe": True}
