"""Link every page to the same page in the other edition, keeping the #anchor.

Each edition is built into its own folder, so the other edition's page is reached with a
relative path that climbs out of this edition and enters the other one:

* local and offline (``_build/html/en/cases/x.html``): ``../../ja/cases/x.html``;
* Read the Docs (``/en/<version>/cases/x.html``): ``../../../ja/<version>/cases/x.html``.

Relative paths work the same from ``file://``, a local server and Read the Docs. The
layout is picked from READTHEDOCS_VERSION, which Read the Docs sets for every build.
The template adds ``location.hash`` on click, so a reader at ``#case-3-1-2`` lands there.
"""

import os

LANGUAGES = {"en": "English", "ja": "日本語"}


def edition_href(pagename, lang, rtd_version=None):
    """Relative URL from ``pagename`` in one edition to the same page in ``lang``."""
    depth = pagename.count("/") + 1  # up out of the page's folders and the language folder
    if rtd_version:
        depth += 1  # ... and out of the version folder
        return "../" * depth + f"{lang}/{rtd_version}/{pagename}.html"
    return "../" * depth + f"{lang}/{pagename}.html"


def add_editions(app, pagename, templatename, context, doctree):
    version = os.environ.get("READTHEDOCS_VERSION")
    here = app.config.language
    context["editions"] = [
        {"lang": lang, "name": name, "href": edition_href(pagename, lang, version), "current": lang == here}
        for lang, name in LANGUAGES.items()
    ]


def setup(app):
    app.connect("html-page-context", add_editions)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
