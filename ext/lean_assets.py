"""Ship only the weight a page uses, keeping the book theme's look.

* ``fontawesome.js`` (1.5 MB, SVG icons for custom icon links) is not loaded: the theme's
  stylesheet already draws every icon it uses from the Font Awesome webfonts.
* The webfonts are cut down to the glyphs the site uses (classes ``fa-*`` in the built
  pages and scripts, ``--pst-icon-*`` in the stylesheet): about 200 KB become a few KB;
  the theme's stylesheet keeps the ``.fa-*`` rules of those icons only (-18 KB gzipped).
* ``theme.css``, which only ``@import``s ``basic.css``, is replaced by a link to ``basic.css``.
* Scripts that only act once the page is parsed are loaded with ``defer`` instead of
  blocking the first paint (``documentation_options.js`` stays first: inline scripts use it).
* ``bootstrap.js`` (Bootstrap + Popper, for the header's tooltips and dropdowns) runs at the
  reader's first sign of use instead of at load: ``docs/_static/bootstrap-on-intent.js``
  takes its place at the end of the body, and the file is prefetched (idle, no unused-preload
  warning) instead of preloaded.
* Source maps, the unused ``fontawesome.js`` and the theme's message catalogs are removed
  from the output: browsers never load them, readers of the offline zip never need them.

The template ``docs/_templates/layout.html`` passes the theme's ``css`` and ``extrahead``
blocks through ``lean_head()`` and its ``scripts_end`` block through
``bootstrap_on_intent()``, which this module puts into every page's context.
"""

import hashlib
import re
import shutil
from pathlib import Path

from markupsafe import Markup
from sphinx.util import logging

logger = logging.getLogger(__name__)

_FONTAWESOME_JS = re.compile(r'\s*<script[^>]*src="[^"]*scripts/fontawesome\.js[^"]*"[^>]*></script>')
# the theme's search scripts in <head>: only the search dialog uses them, after a click
_BLOCKING_SEARCH = re.compile(
    r'<script src="(?P<src>[^"]*(?:searchtools\.js|language_data\.js|searchindex\.js))"></script>'
)
_BOOTSTRAP_PRELOAD = re.compile(r'<link rel="preload" as="script" (?P<href>href="[^"]*scripts/bootstrap\.js[^"]*") />')
_BOOTSTRAP_SCRIPT = re.compile(
    r'<script defer src="(?P<static>[^"]*_static/)(?P<bootstrap>scripts/bootstrap\.js[^"]*)"></script>'
)
_LOADER = Path(__file__).resolve().parent.parent / "docs" / "_static" / "bootstrap-on-intent.js"
_LOADER_VERSION = hashlib.sha256(_LOADER.read_bytes()).hexdigest()[:8]  # a new loader, a new address
# theme.css only @imports basic.css: link basic.css itself, one round trip less before paint
_THEME_CSS = re.compile(r'<link href="(?P<static>[^"]*)styles/theme\.css[^"]*" rel="stylesheet" />')
_KEEP_BLOCKING = {"_static/documentation_options.js"}  # inline scripts read DOCUMENTATION_OPTIONS
_ICON_CLASS = re.compile(r"\bfa-[a-z0-9-]+")
_CSS_ICON = re.compile(r'(?P<selectors>(?:\.fa-[a-z0-9-]+,?)+)\{--fa:"\\(?P<code>[0-9a-f]{4,5})"\}')
_CSS_VAR_ICON = re.compile(r'--pst-icon-[a-z0-9-]+:"\\(?P<code>[0-9a-f]{4,5})"')
_REMOVE = [  # never loaded by a page
    "_static/scripts/fontawesome.js", "_static/locales",  # unused script, theme catalogs
    "_static/webpack-macros.html", "_static/sbt-webpack-macros.html",  # template fragments
]


def lean_head(html):
    html = _FONTAWESOME_JS.sub("", str(html))
    html = _THEME_CSS.sub(r'<link href="\g<static>basic.css" rel="stylesheet" />', html)
    html = _BLOCKING_SEARCH.sub(r'<script defer src="\g<src>"></script>', html)
    html = _BOOTSTRAP_PRELOAD.sub(r'<link rel="prefetch" as="script" \g<href> />', html)
    return Markup(html)


def bootstrap_on_intent(html):
    loader = (f'<script defer src="\\g<static>bootstrap-on-intent.js?v={_LOADER_VERSION}" '
              'data-bootstrap="\\g<static>\\g<bootstrap>"></script>')
    html, found = _BOOTSTRAP_SCRIPT.subn(loader, str(html))
    if not found and "scripts/bootstrap.js" in html:  # the theme changed its markup: say so
        logger.warning("lean_assets: bootstrap.js script tag not found in the theme's scripts_end block")
    return Markup(html)


def defer_scripts(app, pagename, templatename, context, doctree):
    context["lean_head"] = lean_head
    context["bootstrap_on_intent"] = bootstrap_on_intent
    scripts = context.get("script_files")
    if not scripts or pagename == "search":
        return  # the search page's own searchtools.js runs at once and needs doctools.js
    for i, js in enumerate(scripts):
        filename = getattr(js, "filename", "")
        if not filename or filename in _KEEP_BLOCKING or "async" in js.attributes:
            continue  # inline scripts run where they stand; they only need DOCUMENTATION_OPTIONS
        scripts[i] = type(js)(filename, **{**js.attributes, "defer": "defer"})


def used_icon_names(outdir):
    """``fa-*`` classes in the built pages and in the scripts that add icons later."""
    names = set()
    for path in list(outdir.rglob("*.html")) + list((outdir / "_static").rglob("*.js")):
        if "_static" in path.relative_to(outdir).parts and path.suffix == ".html":
            continue
        names.update(_ICON_CLASS.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return names


def selectors(match):
    return set(match["selectors"].replace(".", "").split(","))


def used_codepoints(names, css):
    """Codepoints of the Font Awesome icons the built site can show."""
    codes = {int(m["code"], 16) for m in _CSS_VAR_ICON.finditer(css)}
    codes.update(int(m["code"], 16) for m in _CSS_ICON.finditer(css) if names & selectors(m))
    return codes


def subset_fonts(app, exception):
    if exception or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    for rel in _REMOVE:
        target = outdir / rel
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    for source_map in (outdir / "_static").rglob("*.map"):
        source_map.unlink()

    import pydata_sphinx_theme

    originals = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
    css_path = outdir / "_static" / "styles" / "pydata-sphinx-theme.css"
    fonts = sorted((outdir / "_static" / "vendor" / "fontawesome" / "webfonts").glob("*.woff2"))
    if not css_path.exists() or not fonts:
        return
    css = (originals / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    names = used_icon_names(outdir)
    codes = used_codepoints(names, css)
    lean_css = _CSS_ICON.sub(lambda m: m[0] if names & selectors(m) else "", css)
    if css_path.read_text(encoding="utf-8") != lean_css:  # only the icons used keep their rule
        css_path.write_text(lean_css, encoding="utf-8")

    cache = Path(app.doctreedir).parent / "font-subsets"  # shared by both editions
    cache.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(repr(sorted(codes)).encode()).hexdigest()[:12]
    for font in fonts:
        original = originals / font.relative_to(outdir / "_static")
        cached = cache / f"{font.stem}-{pydata_sphinx_theme.__version__}-{key}.woff2"
        if not cached.exists():
            from fontTools import subset  # only when the set of icons changed

            options = subset.Options()
            options.flavor = "woff2"
            options.layout_features = ["*"]
            options.name_IDs = ["*"]
            loaded = subset.load_font(str(original), options)
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=codes)
            subsetter.subset(loaded)
            subset.save_font(loaded, str(cached), options)
        data = cached.read_bytes()
        if font.read_bytes() != data:
            font.write_bytes(data)


def setup(app):
    app.connect("html-page-context", defer_scripts, priority=900)  # after every script is added
    app.connect("build-finished", subset_fonts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
