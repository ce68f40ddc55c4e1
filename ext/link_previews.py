"""What a pasted link unfurls into, on top of sphinxext-opengraph's per-page tags.

sphinxext-opengraph writes og:title, og:description (the page's first paragraph, taken
after translation, so the Japanese edition's summary is Japanese), og:site_name and og:url.
This adds what it does not know: the edition's locale (og:locale ja_JP / en_US, the other
edition as og:locale:alternate) and the card type for Twitter/X, which reads the og:
title and description itself. A local build has no public address: there og:url would be
a bare relative path, which no previewer can use, so it is left out.
"""

import re

LOCALES = {"en": "en_US", "ja": "ja_JP"}
_RELATIVE_OG_URL = re.compile(r'<meta property="og:url" content="(?!https?://)[^"]*" />\n?')


def preview_tags(app, pagename, templatename, context, doctree):
    if app.builder.name.startswith("epub") or "metatags" not in context:
        return
    here = LOCALES.get(app.config.language, app.config.language)
    tags = [f'<meta property="og:locale" content="{here}" />']
    tags += [f'<meta property="og:locale:alternate" content="{loc}" />' for loc in LOCALES.values() if loc != here]
    tags.append('<meta name="twitter:card" content="summary" />')
    metatags = _RELATIVE_OG_URL.sub("", context["metatags"])
    context["metatags"] = metatags + "\n".join(tags) + "\n"


def setup(app):
    app.connect("html-page-context", preview_tags, priority=900)  # after sphinxext-opengraph
    return {"parallel_read_safe": True, "parallel_write_safe": True}
