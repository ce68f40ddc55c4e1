"""One stylesheet per page, holding only the theme rules this site's pages can match.

The book theme links nine stylesheets; the largest (pydata-sphinx-theme, Bootstrap inside)
is 312 KB, of which this site uses a small part. On a phone every one of them blocks the
first paint, and the browser matches every rule against every element of the page (a case
page has ~1500), which was the longest task of the page load. This module:

* replaces the page's stylesheet links (the theme's ``css`` block, passed through
  ``lean_css()`` by ``docs/_templates/layout.html``) with one link to
  ``_static/styles/site-<key>.css``, the same files concatenated in the same order (so the
  cascade is unchanged), ``url()``s rebased; ``<key>`` names the list of files and their
  versions, so a new theme or stylesheet gives a new address (no stale browser cache);
* drops the style rules none of the site's pages can match: a selector is kept unless it
  needs a class that appears in no built page (``class="…"``) and in no script the pages
  load (any word in ``_static/**/*.js`` or an inline script counts as a class, and
  ``word-`` as a prefix: classes the scripts add later, such as ``show``, ``bs-tooltip-*``,
  ``copybtn``, stay). Attribute, id, element and pseudo-class parts never drop a rule, nor
  does a class inside ``:not()``/``:is()``/``:where()``/``:has()``, so dark mode
  (``[data-theme=dark]``), phone layouts (``@media``) and states (``:hover``,
  ``:checked ~``) keep every rule they had. ``@font-face`` and ``@keyframes`` stay whole.

The source files stay in ``_static`` untouched. Only the ``html`` builder bundles: the
EPUB builder packs its files before ``build-finished``, so it keeps the separate links.
The lists of files are written to ``<doctreedir>/../css-bundles/`` when a page is written
(also from parallel writer processes), and the bundles are made once all pages exist, so a
rebuild that writes no page still refreshes them.
"""

import hashlib
import json
import posixpath
import re
from pathlib import Path

from markupsafe import Markup

_LINK = re.compile(r'[ \t]*<link\b[^>]*\brel="stylesheet"[^>]*>\n?')
_HREF = re.compile(r'\bhref="(?P<prefix>[^"]*?_static/)(?P<name>[^"?]+)(?:\?(?P<query>[^"]*))?"')
_BUNDLE = re.compile(r'_static/styles/site-(?P<key>[0-9a-f]{16})\.css')
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_NESTED = ("@media", "@supports", "@layer", "@container")
_PSEUDO_ARGS = re.compile(r":(?:not|is|where|has|-webkit-any|-moz-any)\(")
_CLASS = re.compile(r"\.(-?[_a-zA-Z](?:[\w-]|\\.)*)")
_ATTRIBUTE = re.compile(r"\[[^\]]*\]")
_CLASS_ATTR = re.compile(r'\bclass="([^"]*)"')
_INLINE_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S)
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_URL = re.compile(r"""url\((?P<q>['"]?)(?P<url>[^'")]+)(?P=q)\)""")
_CHARSET = re.compile(r'@charset "[^"]*";')


# --- in each page: one link instead of many -------------------------------------------


def bundle_key(names):
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:16]


def manifest_dir(app):
    return Path(app.doctreedir).parent / "css-bundles"


def make_lean_css(app):
    def lean_css(html):
        html = str(html)
        links = [(m, _HREF.search(m.group(0))) for m in _LINK.finditer(html)]
        if app.builder.name != "html" or not links or not all(h for _, h in links):
            return Markup(html)
        prefixes = {h["prefix"] for _, h in links}
        if len(prefixes) != 1:
            return Markup(html)
        versioned = [h["name"] + (f"?{h['query']}" if h["query"] else "") for _, h in links]
        key = bundle_key(versioned)
        manifest = manifest_dir(app) / f"{key}.json"
        if not manifest.exists():
            manifest.parent.mkdir(parents=True, exist_ok=True)
            tmp = manifest.with_suffix(f".{id(html)}.tmp")
            tmp.write_text(json.dumps([h["name"] for _, h in links]), encoding="utf-8")
            tmp.replace(manifest)  # atomic: parallel writers may race to write the same list
        first = links[0][0]
        link = f'<link rel="stylesheet" href="{prefixes.pop()}styles/site-{key}.css" />\n'
        rest = html[first.end():]
        for m, _ in links[1:]:
            rest = rest.replace(m.group(0), "", 1)
        return Markup(html[: first.start()] + link + rest)

    return lean_css


def add_to_context(app, pagename, templatename, context, doctree):
    context["lean_css"] = make_lean_css(app)


# --- after the build: the bundles, unused rules dropped --------------------------------


def blocks(css):
    """Top-level ``(prelude, body)`` pairs of ``css``; ``body`` is None for ``@x …;``."""
    out, depth, start, body_start, i, n = [], 0, 0, 0, 0, len(css)
    while i < n:
        c = css[i]
        if c == "/" and css.startswith("/*", i):
            end = css.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        if c in "\"'":
            i += 1
            while i < n and css[i] != c:
                i += 2 if css[i] == "\\" else 1
        elif c == "{":
            if depth == 0:
                prelude, body_start = css[start:i], i + 1
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                out.append((prelude, css[body_start:i]))
                start = i + 1
        elif c == ";" and depth == 0:
            out.append((css[start:i], None))
            start = i + 1
        i += 1
    return out


def split_selectors(prelude):
    parts, depth, current = [], 0, []
    for c in prelude:
        depth += (c == "(") - (c == ")")
        if c == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(c)
    parts.append("".join(current))
    return [p.strip() for p in parts]


def without_pseudo_args(selector):
    while m := _PSEUDO_ARGS.search(selector):
        depth, j = 1, m.end()
        while j < len(selector) and depth:
            depth += (selector[j] == "(") - (selector[j] == ")")
            j += 1
        selector = selector[: m.start()] + selector[j:]
    return selector


def can_match(selector, classes, prefixes):
    needed = _CLASS.findall(_ATTRIBUTE.sub("", without_pseudo_args(selector)))
    return all(c.replace("\\", "") in classes or c.startswith(prefixes) for c in needed)


def purge(css, classes, prefixes):
    kept = []
    for prelude, body in blocks(css):
        prelude = _COMMENT.sub("", prelude).strip()
        if body is None:
            kept.append(prelude + ";")
        elif prelude.startswith(_NESTED):
            inner = purge(body, classes, prefixes)
            if inner:
                kept.append(prelude + "{" + inner + "}")
        elif prelude.startswith("@"):
            kept.append(prelude + "{" + body + "}")
        else:
            selectors = [s for s in split_selectors(prelude) if can_match(s, classes, prefixes)]
            if selectors:
                kept.append(",".join(selectors) + "{" + body + "}")
    return "".join(kept)


def site_classes(outdir):
    """Classes in the built pages, and every word of the scripts they run (``x-``: a prefix)."""
    classes, prefixes = set(), set()
    for page in outdir.rglob("*.html"):
        if "_static" in page.relative_to(outdir).parts:
            continue
        text = page.read_text(encoding="utf-8", errors="ignore")
        for m in _CLASS_ATTR.finditer(text):
            classes.update(m.group(1).split())
        for m in _INLINE_SCRIPT.finditer(text):
            classes.update(_WORD.findall(m.group(1)))
    for script in (outdir / "_static").rglob("*.js"):
        for word in _WORD.findall(script.read_text(encoding="utf-8", errors="ignore")):
            classes.add(word)
            if word.endswith("-") and len(word) > 2:
                prefixes.add(word)
    return classes, tuple(sorted(prefixes))


def rebase(css, source, target_dir):
    """``url(x)`` of ``source`` (a path under _static) as seen from ``target_dir``."""

    def fix(m):
        url = m["url"].strip()
        if re.match(r"^(data:|[a-z]+:|/|#)", url):
            return m.group(0)
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(source), url))
        return f'url({posixpath.relpath(joined, target_dir)})'

    return _URL.sub(fix, css)


def write_bundles(app, exception):
    if exception or app.builder.name != "html":
        return
    outdir = Path(app.outdir)
    keys = set()
    for page in outdir.rglob("*.html"):
        keys.update(m["key"] for m in _BUNDLE.finditer(page.read_text(encoding="utf-8", errors="ignore")))
    if not keys:
        return
    classes, prefixes = site_classes(outdir)
    for key in sorted(keys):
        names = json.loads((manifest_dir(app) / f"{key}.json").read_text(encoding="utf-8"))
        parts = []
        for name in names:
            css = (outdir / "_static" / name).read_text(encoding="utf-8")
            parts.append(rebase(_CHARSET.sub("", css), name, "styles"))
        lean = '@charset "UTF-8";\n' + "\n".join(purge(css, classes, prefixes) for css in parts) + "\n"
        target = outdir / "_static" / "styles" / f"site-{key}.css"
        if not target.exists() or target.read_text(encoding="utf-8") != lean:
            target.write_text(lean, encoding="utf-8")
    for old in (outdir / "_static" / "styles").glob("site-*.css"):  # from an earlier build
        if old.stem.removeprefix("site-") not in keys:
            old.unlink()  # no page links it; it would only add weight to `make dist`


def setup(app):
    app.connect("html-page-context", add_to_context)
    app.connect("build-finished", write_bundles, priority=600)  # after ext/lean_assets.py's icon rules
    return {"parallel_read_safe": True, "parallel_write_safe": True}
