"""The page's markup: what templates/layout.html passes through, and the scripts' order.

Each rewrite relies on one assumption of contract.py and checks it on the text it rewrites;
when the theme's markup no longer matches, the build warns (an error under -W) instead of
shipping the theme's markup unchanged.
"""

import hashlib
import re
from pathlib import Path

from markupsafe import Markup
from sphinx.util import logging

from .contract import CONTRACT, assumption

logger = logging.getLogger(__name__)

LOADER = Path(__file__).resolve().parent / "static" / "on-intent.js"
LOADER_VERSION = hashlib.sha256(LOADER.read_bytes()).hexdigest()[:8]  # a new loader, a new address
KEEP_BLOCKING = {"_static/documentation_options.js"}  # inline scripts read DOCUMENTATION_OPTIONS
_reported = set()


def _check(block, text, pagename, is_doc):
    for a in CONTRACT:
        if a.where == f"block:{block}" and a.name not in _reported and (problem := a.problem(text, pagename)):
            _reported.add(a.name)  # once per build (naming the first page), not once per page
            logger.warning(f"lean_theme: {problem}", type="lean_theme", subtype="contract",
                           location=pagename if is_doc else None)  # a doc: its source file is named


def _sub(name, replacement, text):
    return assumption(name).pattern.sub(replacement, text)


class PageMarkup:
    """The filters layout.html applies to the theme's blocks, for one page."""

    def __init__(self, pagename, stylesheets, is_doc=True, held=None, replay=""):
        self.pagename = pagename
        self.is_doc = is_doc  # genindex, search: pages with no source
        self.stylesheets = stylesheets  # css.one_stylesheet for this page (or None: keep the links)
        self.held = held or Held()  # the scripts on-intent.js loads, from hold_scripts
        self.replay = replay  # clicks on these elements before the scripts are ready are replayed

    def css(self, html):
        html = str(html)
        _check("css", html, self.pagename, self.is_doc)
        html = _sub("fontawesome.js script", "", html)
        html = _sub("theme.css link", r'<link href="\g<static>basic.css" rel="stylesheet" />', html)
        html = _sub("bootstrap.js preload", "", html)
        if self.stylesheets:
            html = self.stylesheets(html)
        return Markup(html)

    def extrahead(self, html):
        html = str(html)
        _check("extrahead", html, self.pagename, self.is_doc)
        html = _sub("search scripts in the head of every page but search", "", html)
        return Markup(html)

    def scripts_end(self, html):
        html = str(html)
        _check("scripts_end", html, self.pagename, self.is_doc)

        def loader(m):
            on_intent = [m["static"] + m["bootstrap"], *self.held.on_intent]
            words = f' data-on-search-words="{self.held.on_search_words}"' if self.held.on_search_words else ""
            return (f'<script defer src="{m["static"]}on-intent.js?v={LOADER_VERSION}" '
                    f'data-on-intent="{" ".join(on_intent)}" data-replay="{Markup.escape(self.replay)}"{words}>'
                    '</script>')

        return Markup(_sub("bootstrap.js script at the end of body", loader, html))

    def docs_body(self, html, label):
        html = str(html)
        _check("docs_body", html, self.pagename, self.is_doc)
        return Markup(_sub("print table of contents labelled 'Page'", f'<nav aria-label="{Markup.escape(label)}">',
                           html))


class Unchanged:
    """The filters for builders other than the HTML one (the EPUB builder, its own theme):
    the contract describes the book theme's markup, so their blocks pass through as written."""

    def css(self, html):
        return html

    extrahead = scripts_end = css

    def docs_body(self, html, label):
        return html


class Held:
    """The addresses of the scripts a page leaves to on-intent.js."""

    def __init__(self, on_intent=(), on_search_words=None):
        self.on_intent = list(on_intent)
        self.on_search_words = on_search_words


_SRC = re.compile(r'\bsrc="([^"]+)"')


def hold_scripts(context, pagename, config):
    """Takes out of the page's scripts those that wait: ``lean_theme_scripts_on_intent`` (for
    the reader's first sign of use), ``lean_theme_script_on_search_words`` (for a page a
    search led to) and ``lean_theme_scripts_search_page_only`` (for no page but search, which
    keeps every script). Returns their addresses; names missing from the page are problems."""
    scripts = context.get("script_files") or []
    if pagename == "search":
        return Held(), []
    waiting = {name: [] for name in (*config.lean_theme_scripts_on_intent, config.lean_theme_script_on_search_words,
                                      *config.lean_theme_scripts_search_page_only) if name}
    kept = []
    for js in scripts:
        name = getattr(js, "filename", "") or ""
        base = name.rsplit("/", 1)[-1]
        if base in waiting:
            waiting[base].append(_SRC.search(context["js_tag"](js)).group(1))
        else:
            kept.append(js)
    scripts[:] = kept
    problems = [f"{name} is not among the page's scripts (conf.py lean_theme_script* settings)"
                for name, found in waiting.items() if len(found) != 1]
    return Held([waiting[n][0] for n in config.lean_theme_scripts_on_intent if waiting[n]],
                (waiting.get(config.lean_theme_script_on_search_words) or [None])[0]), problems


def defer_scripts(context, pagename):
    """Scripts that only act once the page is parsed load with ``defer`` instead of blocking
    the first paint; ``documentation_options.js`` stays first and blocking (inline scripts
    use it). The search page's own searchtools.js runs at once and needs doctools.js."""
    scripts = context.get("script_files")
    if not scripts or pagename == "search":
        return
    for i, js in enumerate(scripts):
        filename = getattr(js, "filename", "")
        if not filename or filename in KEEP_BLOCKING or "async" in js.attributes:
            continue  # inline scripts run where they stand; they only need DOCUMENTATION_OPTIONS
        scripts[i] = type(js)(filename, **{**js.attributes, "defer": "defer"})
