"""What a pasted link unfurls into, on top of sphinxext-opengraph's per-page tags.

sphinxext-opengraph writes og:title, og:description, og:site_name and og:url. This adds:

* the summary: the page's first paragraph, whole words (sentences where they fit), taken
  from the doctree after translation, so the Japanese edition's summary is Japanese.
  (opengraph's own summary runs on past the first paragraph and drops the spaces around
  inline code.) It also becomes ``<meta name="description">`` for search results; pages
  without prose of their own (search, genindex) are described by their title;
* the edition's locale: og:locale ja_JP / en_US, the other edition as og:locale:alternate;
* the card type for Twitter/X, which reads the og: title and description itself.

A local build has no public address: there og:url would be a bare relative path, which
no previewer can use, so it is left out.
"""

import html
import re

from docutils import nodes

_RELATIVE_OG_URL = re.compile(r'<meta property="og:url" content="(?!https?://)[^"]*" />\n?')
_SENTENCE_END = re.compile(r"(?<=[.!?])\s|(?<=。)")


_LATEX = [
    (re.compile(r"\\frac\{([^{}]*)\}\{([^{}]*)\}"), r"\1/\2"),
    (re.compile(r"\\(left|right|mathbf|mathrm|operatorname|displaystyle)(?![A-Za-z])"), ""),
    (re.compile(r"\\partial(?![A-Za-z])\s*"), "∂"),
    (re.compile(r"\\sum(?![A-Za-z])"), "∑"),
    (re.compile(r"\^\\top(?![A-Za-z])|\^\{\\top\}"), "ᵀ"),
    (re.compile(r"\\(cdot|times)(?![A-Za-z])"), "·"),
    (re.compile(r"\\[,;!]"), " "),
    (re.compile(r"[{}]"), ""),
]


def plain_math(latex):
    """Inline math as a preview card can show it: ``\\frac{\\partial x}{\\partial a}`` -> ``∂x/∂a``."""
    for pattern, repl in _LATEX:
        latex = pattern.sub(repl, latex)
    return latex.replace("\\", "")


def paragraph_text(para):
    para = para.deepcopy()
    for math in list(para.findall(nodes.math)):
        math.replace_self(nodes.Text(plain_math(math.astext())))
    return " ".join(para.astext().split())


def first_paragraph(doctree):
    """The page's first paragraph of prose; a short lead-in to a code block is skipped."""
    candidates = [
        p for p in doctree.findall(nodes.paragraph)
        if not any(isinstance(a, (nodes.Admonition, nodes.Invisible, nodes.table)) for a in _ancestors(p))
    ]
    for para in candidates:
        following = para.next_node(descend=False, siblings=True)
        lead_in = isinstance(following, (nodes.literal_block, nodes.container)) and len(para.astext()) < 60
        if not lead_in:
            return paragraph_text(para)
    return paragraph_text(candidates[0]) if candidates else ""


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


def summary(text, limit):
    """At most ``limit`` characters: whole sentences if one fits, else whole words + '…'."""
    if len(text) <= limit:
        return text
    cut = [m.start() for m in _SENTENCE_END.finditer(text) if m.start() <= limit]
    if cut and cut[-1] >= limit // 3:
        return text[: cut[-1]].strip()
    head = text[: limit - 1]
    if " " in head[limit // 2:]:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:") + "…"


def _set_meta(metatags, attr, key, content):
    tag = f'<meta {attr}="{key}" content="{html.escape(content, quote=True)}" />'
    pattern = re.compile(rf'<meta {attr}="{re.escape(key)}" content="[^"]*" />')
    if pattern.search(metatags):
        return pattern.sub(lambda _m: tag, metatags, count=1)
    return metatags + tag + "\n"


def preview_tags(app, pagename, templatename, context, doctree):
    if app.builder.name.startswith("epub"):
        return
    # search and genindex get no metatags from Sphinx: they start from none
    metatags = _RELATIVE_OG_URL.sub("", context.get("metatags", ""))
    if doctree is not None:
        description = summary(first_paragraph(doctree), app.config.ogp_description_length)
    else:  # search, genindex: no prose of their own, so their title and the site's
        title = context.get("title") or ""
        description = f"{title} – {app.config.html_title}" if title else app.config.html_title
    if description:
        metatags = _set_meta(metatags, "property", "og:description", description)
        metatags = _set_meta(metatags, "name", "description", description)
    locales = app.config.link_previews_locales
    here = locales[app.config.language]
    tags = [f'<meta property="og:locale" content="{here}" />']
    tags += [f'<meta property="og:locale:alternate" content="{loc}" />' for loc in locales.values() if loc != here]
    tags.append('<meta name="twitter:card" content="summary" />')
    context["metatags"] = metatags + "\n".join(tags) + "\n"


def setup(app):
    # every edition's Open Graph locale ({"ja": "ja_JP"})
    app.add_config_value("link_previews_locales", {}, "html", types=[dict])
    app.connect("html-page-context", preview_tags, priority=900)  # after sphinxext-opengraph
    return {"parallel_read_safe": True, "parallel_write_safe": True}
