"""Link every page to the same page in the other edition, keeping the #anchor.

Each edition is built into its own folder, so the other edition's page is reached with a
relative path that climbs out of this edition and enters the other one:

* local and offline (``_build/html/en/cases/x.html``): ``../../ja/cases/x.html``;
* Read the Docs (``/en/<version>/cases/x.html``): ``../../../ja/<version>/cases/x.html``.

Relative paths work the same from ``file://``, a local server and Read the Docs. The
layout is picked from READTHEDOCS_VERSION, which Read the Docs sets for every build.
The template adds ``location.hash`` on click, so a reader at ``#case-3-1-2`` lands there.

The ``<link rel="alternate" hreflang>`` tags are for search engines, which want absolute
URLs and only ever see the published site: they always point to it, built from
READTHEDOCS_CANONICAL_URL on Read the Docs and from ``language_switch_public_url``
(conf.py) elsewhere. No browser fetches them, so offline reading is unaffected. Only a
build that knows its canonical URL gives the switch a ``data-online`` fallback (used
when a published page is opened from disk); a local build's switch stays relative only.
The 404 page is served at whatever address was missing, so its switch is an absolute path
to the other edition's start page, built from ``notfound_urls_prefix`` (``/en/latest/``).
"""

import os
from html import escape
from urllib.parse import urljoin


def edition_href(pagename, lang, rtd_version=None):
    """Relative URL from ``pagename`` in one edition to the same page in ``lang``."""
    depth = pagename.count("/") + 1  # up out of the page's folders and the language folder
    if rtd_version:
        depth += 1  # ... and out of the version folder
        return "../" * depth + f"{lang}/{rtd_version}/{pagename}.html"
    return "../" * depth + f"{lang}/{pagename}.html"


def notfound_href(prefix, here, lang):
    """``/en/latest/`` seen from the ``en`` 404 page -> ``/ja/latest/index.html``."""
    return prefix.replace(f"/{here}/", f"/{lang}/", 1) + "index.html"


def add_editions(app, pagename, templatename, context, doctree):
    if app.builder.name.startswith("epub"):
        return  # a book has no language switch, and XHTML heads take no HTML-style <link>
    version = os.environ.get("READTHEDOCS_VERSION")
    canonical = os.environ.get("READTHEDOCS_CANONICAL_URL")
    here = app.config.language
    notfound = pagename == getattr(app.config, "notfound_pagename", None)
    editions = []
    for lang, name in app.config.language_switch_languages.items():
        if notfound:
            href = notfound_href(app.config.notfound_urls_prefix or f"/{here}/", here, lang)
        else:
            href = edition_href(pagename, lang, version)
        if canonical:
            alternate = urljoin(urljoin(canonical, f"{pagename}.html"), href)
        else:
            page = "index" if notfound else pagename  # the 404 page's switch goes to the start page
            alternate = app.config.language_switch_public_url.format(lang=lang) + f"{page}.html"
        editions.append({
            "lang": lang, "name": name, "href": href, "alternate": alternate,
            "online": alternate if canonical else None, "current": lang == here,
        })
    context["editions"] = editions
    # search engines' alternates, in <head> beside the other meta tags
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n<link rel="alternate" hreflang="{e["lang"]}" href="{escape(e["alternate"])}">' for e in editions)


def setup(app):
    # every edition: its language code and the language's own name ({"ja": "日本語"})
    app.add_config_value("language_switch_languages", {}, "html", types=[dict])
    # the published address of an edition, "{lang}" filled in: https://<host>/{lang}/latest/
    app.add_config_value("language_switch_public_url", "", "html", types=[str])
    app.connect("html-page-context", add_editions)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
