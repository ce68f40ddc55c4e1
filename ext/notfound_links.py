"""Links in the body of the 404 page are absolute paths (``/en/latest/index.html``).

Read the Docs serves 404.html at whatever address was missing (``/en/latest/a/b/c.html``),
where a relative link would point nowhere. sphinx-notfound-page makes the theme's links
absolute; this does the same for the links written in ``docs/404.md`` itself.
"""

from urllib.parse import urlsplit

from docutils import nodes


def absolute_links(app, doctree, docname):
    if docname != app.config.notfound_pagename or app.builder.format != "html":
        return
    prefix = app.config.notfound_urls_prefix or "/"
    for ref in doctree.findall(nodes.reference):
        uri = ref.get("refuri")
        if uri and not urlsplit(uri).scheme and not uri.startswith(("/", "#")):
            ref["refuri"] = prefix + uri  # 404.html sits at the edition's root


def toctree_never_none(app, pagename, templatename, context, doctree):
    """notfound's toctree() returns None for a site without a toctree; the theme needs a str."""
    toctree = context.get("toctree")
    if pagename == app.config.notfound_pagename and toctree:
        context["toctree"] = lambda *args, **kwargs: toctree(*args, **kwargs) or ""


def local_prefix(app, config):
    """Without a published address, the 404 page is served from _build/html: /<lang>/."""
    if config.notfound_urls_prefix is None:
        config.notfound_urls_prefix = f"/{config.language}/"


def setup(app):
    app.setup_extension("notfound.extension")
    app.connect("config-inited", local_prefix)
    app.connect("doctree-resolved", absolute_links)
    app.connect("html-page-context", toctree_never_none, priority=450)  # after notfound's (400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
