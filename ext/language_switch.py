"""Link every page to the same page in the other edition, keeping the #anchor.

Each edition is built into its own folder, so the other edition's page is reached with a
relative path that climbs out of this edition and enters the other one:

* local and offline (``_build/html/en/cases/x.html``): ``../../ja/cases/x.html``;
* Read the Docs (``/en/<version>/cases/x.html``): ``../../../ja/<version>/cases/x.html``.

Relative paths work the same from ``file://``, a local server and Read the Docs. The
layout is picked from READTHEDOCS_VERSION, which Read the Docs sets for every build.
The template adds ``location.hash`` on click, so a reader at ``#case-3-1-2`` lands there.

The ``<link rel="alternate" hreflang>`` tags are for search engines, which want absolute
URLs: on Read the Docs (READTHEDOCS_CANONICAL_URL known) they are absolute, locally relative.
The 404 page is served at whatever address was missing, so its switch is an absolute path
to the other edition's start page, built from ``notfound_urls_prefix`` (``/en/latest/``).
"""

import os
from urllib.parse import urljoin

LANGUAGES = {"en": "English", "ja": "日本語"}


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
    version = os.environ.get("READTHEDOCS_VERSION")
    canonical = os.environ.get("READTHEDOCS_CANONICAL_URL")
    here = app.config.language
    notfound = pagename == getattr(app.config, "notfound_pagename", None)
    editions = []
    for lang, name in LANGUAGES.items():
        if notfound:
            href = notfound_href(app.config.notfound_urls_prefix or f"/{here}/", here, lang)
        else:
            href = edition_href(pagename, lang, version)
        page_url = urljoin(canonical, f"{pagename}.html") if canonical else None
        alternate = urljoin(page_url, href) if page_url else href
        editions.append({"lang": lang, "name": name, "href": href, "alternate": alternate, "current": lang == here})
    context["editions"] = editions


def setup(app):
    app.connect("html-page-context", add_editions)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
