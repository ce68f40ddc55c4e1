"""One stylesheet per page, holding only the theme rules this site's pages can match.

The book theme links nine stylesheets; the largest (pydata-sphinx-theme, Bootstrap inside)
is 312 KB, of which this site uses a small part. On a phone each one blocks the first paint,
and the browser matches every rule against every element (a case page has ~1500).

* A page's stylesheet links become one link to ``_static/styles/site-<key>.css``: the same
  files concatenated in the same order (the cascade is unchanged), ``url()``s rebased.
  ``<key>`` names the files and their versions, so a new theme or stylesheet gives a new
  address (no stale browser cache).
* A style rule is dropped when none of its selectors can match: a selector is kept unless
  it needs a class that appears in no built page (``class="…"``) and in no script the pages
  load (any word of ``_static/**/*.js`` or of an inline script counts, and ``word-`` as a
  prefix: classes scripts add later, such as ``show``, ``bs-tooltip-*``, ``copybtn``, stay).
  Attribute, id, element and pseudo-class parts never drop a rule, nor does a class inside
  a functional pseudo-class (``:not()``, ``:is()``, ``:has()`` …), so dark mode, phone
  layouts (``@media``) and states (``:hover``) keep every rule they had. ``@font-face``
  and ``@keyframes`` stay whole. CSS is parsed with tinycss2.
* bootstrap.js names the classes of every Bootstrap component; the pages run two of them
  (tooltips and dropdowns: contract.py). Its words of the others (``UNUSED_BOOTSTRAP``) keep
  no rule, unless a page's markup has the class.
* A custom property (``--name: …``) is dropped when no ``var(--name)`` of the bundle and no
  page or script mentions it; repeated until none is left (a property used only by dropped
  ones goes too). Bootstrap and the theme declare about 500, for both colour modes.

The source files stay in ``_static``. Only the ``html`` builder bundles: the EPUB builder
packs its files before ``build-finished``. Pages may be written by parallel processes, so
each page's list of files is written to ``<doctreedir>/../css-bundles/<key>.json`` when the
page is written, and the bundles are made once every page exists.
"""

import hashlib
import json
import posixpath
import re
from pathlib import Path

import tinycss2
from tinycss2.serializer import serialize_url
from tinycss2.ast import AtRule, FunctionBlock, LiteralToken, QualifiedRule, URLToken

from .contract import UNUSED_BOOTSTRAP, USED_BOOTSTRAP_TOGGLES, assumption

_HREF = re.compile(r'\bhref="(?P<prefix>[^"]*?_static/)(?P<name>[^"?]+)(?:\?(?P<query>[^"]*))?"')
_BUNDLE = re.compile(r"_static/styles/site-(?P<key>[0-9a-f]{16})\.css")
_CLASS_ATTR = re.compile(r'\bclass="([^"]*)"')
_INLINE_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S)
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_PROPERTY = re.compile(r"--[A-Za-z_][\w-]*")
_VAR = re.compile(r"var\(\s*(--[A-Za-z_][\w-]*)")
_TOGGLE = re.compile(r'\bdata-bs-toggle="([^"]*)"')
_NESTED = {"media", "supports", "layer", "container"}  # at-rules whose rules are purged one by one
_PRIVATE_USE = range(0xE000, 0xF900)  # where Font Awesome puts its icons


# --- in each page: one link instead of many -------------------------------------------


def bundle_key(names):
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:16]


def manifest_dir(app):
    return Path(app.doctreedir).parent / "css-bundles"


def one_stylesheet(app):
    """The filter for the theme's css block: its stylesheet links, one link."""
    links_pattern = assumption("stylesheet links under _static/").pattern

    def bundle(html):
        links = [(m, _HREF.search(m.group(0))) for m in links_pattern.finditer(html)]
        prefixes = {h["prefix"] for _, h in links}
        if not links or len(prefixes) != 1:
            return html
        versioned = [h["name"] + (f"?{h['query']}" if h["query"] else "") for _, h in links]
        key = bundle_key(versioned)
        manifest = manifest_dir(app) / f"{key}.json"
        if not manifest.exists():
            manifest.parent.mkdir(parents=True, exist_ok=True)
            tmp = manifest.with_suffix(f".{id(html)}.tmp")
            tmp.write_text(json.dumps([h["name"] for _, h in links]), encoding="utf-8")
            tmp.replace(manifest)  # atomic: parallel writers may race to write the same list
        link = f'<link rel="stylesheet" href="{prefixes.pop()}styles/site-{key}.css" />'
        first = links[0][0]
        rest = html[first.end():]
        for m, _ in links[1:]:
            rest = rest.replace(m.group(0), "", 1)
        return html[: first.start()] + link + rest

    return bundle


# --- after the build: the bundles, unused rules dropped --------------------------------


def _selectors(prelude):
    """The prelude's selectors (lists of tokens), split at top-level commas."""
    out = [[]]
    for token in prelude:
        if isinstance(token, LiteralToken) and token.value == ",":
            out.append([])
        else:
            out[-1].append(token)
    return out


def _needed_classes(selector):
    """Classes a selector needs outside functional pseudo-classes and attribute brackets
    (which tinycss2 gives as blocks, so they are skipped here)."""
    return [b.value for a, b in zip(selector, selector[1:])
            if isinstance(a, LiteralToken) and a.value == "." and b.type == "ident"]


def can_match(selector, classes, prefixes):
    return all(c in classes or c.startswith(prefixes) and not c.startswith(UNUSED_BOOTSTRAP)
               for c in _needed_classes(selector))


def _purge_rules(rules, classes, prefixes):
    kept = []
    for rule in rules:
        if isinstance(rule, QualifiedRule):
            selectors = [s for s in _selectors(rule.prelude) if can_match(s, classes, prefixes)]
            if selectors:
                prelude = ",".join(tinycss2.serialize(s).strip() for s in selectors)
                kept.append(prelude + "{" + tinycss2.serialize(rule.content) + "}")
        elif isinstance(rule, AtRule):
            head = "@" + rule.at_keyword + tinycss2.serialize(rule.prelude).rstrip()
            if rule.content is None:
                if rule.lower_at_keyword != "charset":  # one @charset heads the bundle
                    kept.append(head + ";")
            elif rule.lower_at_keyword in _NESTED:
                inner = _purge_rules(tinycss2.parse_rule_list(rule.content, True, True), classes, prefixes)
                if inner:
                    kept.append(head + "{" + inner + "}")
            else:
                kept.append(head + "{" + tinycss2.serialize(rule.content) + "}")
    return "".join(kept)


def purge(css, classes, prefixes):
    """``css`` without the style rules no selector of which can match."""
    return _purge_rules(tinycss2.parse_stylesheet(css, True, True), classes, tuple(prefixes))


def _drop_properties(rules, unused):
    kept = []
    for rule in rules:
        if isinstance(rule, QualifiedRule):
            parsed = tinycss2.parse_declaration_list(rule.content, True, True)
            if any(d.type != "declaration" for d in parsed):  # nested rules, or what tinycss2 cannot read
                kept.append(rule.serialize())
                continue
            declarations = [d for d in parsed if d.name not in unused]
            if declarations:
                kept.append(tinycss2.serialize(rule.prelude).strip() + "{"
                            + ";".join(d.serialize() for d in declarations) + "}")
        elif isinstance(rule, AtRule) and rule.content is not None and rule.lower_at_keyword in _NESTED:
            inner = _drop_properties(tinycss2.parse_rule_list(rule.content, True, True), unused)
            if inner:
                kept.append("@" + rule.at_keyword + tinycss2.serialize(rule.prelude).rstrip() + "{" + inner + "}")
        else:
            kept.append(rule.serialize())
    return "".join(kept)


def drop_unused_properties(css, mentioned):
    """``css`` without the custom properties that no ``var()`` in it and no name in
    ``mentioned`` (pages, scripts) uses."""
    while True:
        unused = set(_PROPERTY.findall(css)) - set(_VAR.findall(css)) - mentioned
        lean = _drop_properties(tinycss2.parse_stylesheet(css, True, True), unused) if unused else css
        if lean == css:  # what is left is used, or where no declaration is dropped (@font-face …)
            return css
        css = lean


def _rebase_url(url, source, target_dir):
    if re.match(r"^(data:|[a-z]+:|/|#)", url):
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(source), url))
    return posixpath.relpath(joined, target_dir)


def _rebase_tokens(tokens, source, target_dir):
    for i, token in enumerate(tokens):
        if isinstance(token, URLToken):
            if (new := _rebase_url(token.value.strip(), source, target_dir)) is not None:
                tokens[i] = URLToken(token.source_line, token.source_column, new, f"url({serialize_url(new)})")
        elif isinstance(token, FunctionBlock) and token.lower_name == "url":
            strings = [a for a in token.arguments if a.type == "string"]
            if strings and (new := _rebase_url(strings[0].value, source, target_dir)) is not None:
                tokens[i] = URLToken(token.source_line, token.source_column, new, f"url({serialize_url(new)})")
        elif getattr(token, "content", None) is not None and isinstance(token.content, list):
            _rebase_tokens(token.content, source, target_dir)
        elif isinstance(token, FunctionBlock):
            _rebase_tokens(token.arguments, source, target_dir)


def rebase(css, source, target_dir):
    """``css`` of ``source`` (a path under _static) with its ``url()``s as seen from ``target_dir``."""
    tokens = tinycss2.parse_component_value_list(css)
    _rebase_tokens(tokens, source, target_dir)
    return tinycss2.serialize(tokens)


def icon_codepoints(css):
    """The private-use characters the CSS writes in strings: the icons it can draw."""
    codes = set()

    def walk(tokens):
        for token in tokens or ():
            if token.type == "string":
                codes.update(ord(c) for c in token.value if ord(c) in _PRIVATE_USE)
            for inner in (getattr(token, "content", None), getattr(token, "arguments", None),
                          getattr(token, "prelude", None)):
                if isinstance(inner, list):
                    walk(inner)

    walk(tinycss2.parse_component_value_list(css))
    return codes


def site_classes(outdir):
    """Classes in the built pages, and every word of the scripts they run (``x-``: a prefix;
    bootstrap.js's words of the components no page runs excepted); custom property names the
    pages and scripts mention; the values of the pages' ``data-bs-toggle``."""
    classes, prefixes, mentioned, toggles = set(), set(), set(), set()
    for page in outdir.rglob("*.html"):
        if "_static" in page.relative_to(outdir).parts:
            continue
        text = page.read_text(encoding="utf-8", errors="ignore")
        for m in _CLASS_ATTR.finditer(text):
            classes.update(m.group(1).split())
        for m in _INLINE_SCRIPT.finditer(text):
            classes.update(_WORD.findall(m.group(1)))
        mentioned.update(_PROPERTY.findall(text))
        toggles.update(_TOGGLE.findall(text))
    for script in (outdir / "_static").rglob("*.js"):
        text = script.read_text(encoding="utf-8", errors="ignore")
        mentioned.update(_PROPERTY.findall(text))
        for word in _WORD.findall(text):
            if script.name == "bootstrap.js" and word.startswith(UNUSED_BOOTSTRAP):
                continue
            classes.add(word)
            if word.endswith("-") and len(word) > 2:
                prefixes.add(word)
    return classes, tuple(sorted(prefixes)), mentioned, toggles


def write_bundles(app):
    """Writes the bundles the pages link, removes bundles no page links; returns their CSS
    and the problems found (a page runs a Bootstrap component the bundles have no rules for)."""
    outdir = Path(app.outdir)
    styles = outdir / "_static" / "styles"
    keys = set()
    for page in outdir.rglob("*.html"):
        keys.update(m["key"] for m in _BUNDLE.finditer(page.read_text(encoding="utf-8", errors="ignore")))
    classes, prefixes, mentioned, toggles = site_classes(outdir)
    problems = [f"a page has data-bs-toggle={t!r}: the bundles keep the rules of Bootstrap's "
                f"{', '.join(sorted(USED_BOOTSTRAP_TOGGLES))} only (contract.py UNUSED_BOOTSTRAP)"
                for t in sorted(toggles - USED_BOOTSTRAP_TOGGLES)]
    bundles = []
    for key in sorted(keys):
        names = json.loads((manifest_dir(app) / f"{key}.json").read_text(encoding="utf-8"))
        parts = [rebase((outdir / "_static" / name).read_text(encoding="utf-8"), name, "styles") for name in names]
        purged = "\n".join(purge(css, classes, prefixes) for css in parts)
        lean = '@charset "UTF-8";\n' + drop_unused_properties(purged, mentioned) + "\n"
        target = styles / f"site-{key}.css"
        if not target.exists() or target.read_text(encoding="utf-8") != lean:
            target.write_text(lean, encoding="utf-8")
        bundles.append(lean)
    for old in styles.glob("site-*.css"):  # from an earlier build
        if old.stem.removeprefix("site-") not in keys:
            old.unlink()  # no page links it; it would only add weight to `make dist`
    return bundles, problems
