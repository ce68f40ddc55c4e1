"""What ext/lean_theme assumes about the pinned themes' markup and files, in one table.

Each assumption names where it is looked for: a template block of the rendered page (the
text the theme gives ``super()`` in templates/layout.html), a file of the installed theme,
or a file the theme writes into the built site. ``counts`` says how often the pattern must match: one number for every page, or
per page name with ``"*"`` for the others; ``None`` means at least once. The build checks
each block as it rewrites it and each theme file once; tests/test_lean_theme.py checks the
table against a site built with the plain pinned themes. A mismatch names the assumption
and the theme versions: the theme changed, so the rewrite that relies on it must too.
"""

import hashlib
import re
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pydata_sphinx_theme

THEMES = f"pydata-sphinx-theme {version('pydata-sphinx-theme')}, sphinx-book-theme {version('sphinx-book-theme')}"
PST = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
STATIC = PST / "static"


@dataclass(frozen=True)
class Assumption:
    name: str
    where: str  # "block:<name>" of layout.html, or a path under the pydata-sphinx-theme theme folder
    pattern: re.Pattern
    counts: object  # int | dict[pagename or "*", int] | None (at least once)
    why: str

    def expected(self, pagename=None):
        if isinstance(self.counts, dict):
            return self.counts.get(pagename, self.counts["*"])
        return self.counts

    def problem(self, text, pagename=None, at_least_once=False):
        """None when ``text`` matches as assumed, else one line saying what differs. An
        assumption without a count per page is checked only when ``at_least_once`` (over a
        whole site: tests/test_lean_theme.py)."""
        want = self.expected(pagename)
        if want is None and not at_least_once:
            return None
        found = len(self.pattern.findall(text))
        if (found >= 1) if want is None else (found == want):
            return None
        page = f" on page {pagename!r}" if pagename else ""
        return (f"{THEMES}: assumption {self.name!r} no longer holds in {self.where}{page}: "
                f"expected {'at least 1' if want is None else want} match(es) of {self.pattern.pattern!r}, "
                f"found {found} ({self.why}); update ext/lean_theme/contract.py and the step that relies on it")


def _sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# The theme component templates/search-button-field.html shadows, as it was when copied.
SEARCH_BUTTON_FIELD_SHA256 = "518dda81dd8cd06ab2268f86b25c8257189f237f1b71836afececaa511f40e69"

CONTRACT = [
    # --- the page's <head>: the theme's css block ---------------------------------------
    Assumption("head script sets data-theme", "block:css",
               re.compile(r'document\.documentElement\.dataset\.theme = localStorage\.getItem\("theme"\)'), 1,
               "layout.html resolves 'auto' to light/dark right after it, before the first paint"),
    Assumption("fontawesome.js script", "block:css",
               re.compile(r'\s*<script[^>]*src="[^"]*scripts/fontawesome\.js[^"]*"[^>]*></script>'), 1,
               "removed: SVG icons for custom icon links, which the site has none of"),
    Assumption("theme.css link", "block:css",
               re.compile(r'<link href="(?P<static>[^"]*)styles/theme\.css[^"]*" rel="stylesheet" />'), 1,
               "replaced by basic.css, the one file theme.css @imports"),
    Assumption("bootstrap.js preload", "block:css",
               re.compile(r'<link rel="preload" as="script" (?P<href>href="[^"]*scripts/bootstrap\.js[^"]*") />'), 1,
               "removed: on-intent.js fetches bootstrap.js at the reader's first sign of use"),
    Assumption("stylesheet links under _static/", "block:css",
               re.compile(r'<link\b[^>]*\brel="stylesheet"[^>]*\bhref="[^"]*?_static/[^"]+"[^>]*>'
                          r'|<link\b[^>]*\bhref="[^"]*?_static/[^"]+"[^>]*\brel="stylesheet"[^>]*>'), None,
               "bundled into one stylesheet per page"),
    # --- the theme's extrahead block ------------------------------------------------------
    Assumption("search scripts in the head of every page but search", "block:extrahead",
               re.compile(r'<script src="(?P<src>[^"]*(?:searchtools\.js|language_data\.js|searchindex\.js))"></script>'),
               {"search": 0, "*": 3},
               "removed: they serve the theme's search-as-you-type, which is off; the search page "
               "loads its own"),
    # --- the end of <body> ------------------------------------------------------------
    Assumption("bootstrap.js script at the end of body", "block:scripts_end",
               re.compile(r'<script defer src="(?P<static>[^"]*_static/)(?P<bootstrap>scripts/bootstrap\.js[^"]*)">'
                          r'</script>'), 1,
               "replaced by on-intent.js, which loads it at the reader's first sign of use"),
    # --- the article: sphinx-book-theme's print-only table of contents ---------------------
    Assumption("print table of contents labelled 'Page'", "block:docs_body",
               re.compile(r'<nav aria-label="Page">'), {"search": 0, "genindex": 0, "*": None},
               "the English label is replaced by the edition's word"),
    # --- the theme's files ------------------------------------------------------------
    Assumption("theme.css only imports basic.css", "static/styles/theme.css",
               re.compile(r'\A\s*(?:/\*.*?\*/\s*)*@import "\.\./basic\.css";\s*\Z', re.S), 1,
               "so a link to basic.css itself loads the same rules"),
    Assumption("icons are codepoints in CSS strings", "static/styles/pydata-sphinx-theme.css",
               re.compile(r'\.fa-[a-z0-9-]+\{--fa:"\\[0-9a-f]{4,5}"\}'), None,
               "the icon fonts keep the private-use characters the bundled CSS writes in strings"),
    Assumption("icon fonts in vendor/fontawesome/webfonts", "static/styles/pydata-sphinx-theme.css",
               re.compile(r'url\(\.\./vendor/fontawesome/webfonts/fa-(?:solid-900|regular-400|brands-400)\.woff2\)'), 3,
               "the fonts cut down to the icons used"),
    Assumption("the theme's script creates Bootstrap tooltips only", "static/scripts/pydata-sphinx-theme.js",
               re.compile(r"\bbootstrap\.(?!Tooltip\b)[A-Z]\w*"), 0,
               "the bundles drop the rules of the Bootstrap components no page runs (UNUSED_BOOTSTRAP)"),
    # --- what the theme writes into the output before the bundles are made --------------
    Assumption("pygments.css styles both colour modes", "output:_static/pygments.css",
               re.compile(r'html\[data-theme="(?:light|dark)"\] \.highlight'), None,
               "pydata-sphinx-theme rewrites it at build-finished; the bundles are made after that"),
    Assumption("search-button-field.html as copied", "components/search-button-field.html",
               re.compile(SEARCH_BUTTON_FIELD_SHA256), 1,
               "templates/search-button-field.html shadows it (without the aria-label axe objects to)"),
]

# The Bootstrap components the pages run: tooltips (pydata-sphinx-theme.js creates them: the
# assumption above) and dropdowns (data-bs-toggle="dropdown"; the bundles are made only when no
# page has another toggle). The classes of the others, which bootstrap.js names, keep no rule.
USED_BOOTSTRAP_TOGGLES = {"tooltip", "dropdown"}
UNUSED_BOOTSTRAP = ("alert", "carousel", "modal", "offcanvas", "popover", "bs-popover", "toast",
                    "list-group", "pointer-event")

BLOCKS = sorted({a.where.removeprefix("block:") for a in CONTRACT if a.where.startswith("block:")})


def assumption(name):
    return next(a for a in CONTRACT if a.name == name)


def file_text(where, root=PST):
    """The text an assumption about a theme file is matched against (a hash for templates)."""
    text = (root / where).read_text(encoding="utf-8")
    return _sha256(text) if where.endswith(".html") else text


def site_problems(blocks):
    """``blocks``: {(pagename, block): text} of a whole site. Every count per page, and every
    assumption without one found at least once."""
    problems = []
    for a in CONTRACT:
        if not a.where.startswith("block:"):
            continue
        texts = {page: text for (page, block), text in blocks.items() if f"block:{block}" == a.where}
        problems += [p for page, text in sorted(texts.items()) if (p := a.problem(text, page))]
        if a.expected() is None or isinstance(a.counts, dict) and None in a.counts.values():
            pages = [page for page in texts if a.expected(page) is None]
            if pages and not any(a.pattern.search(texts[page]) for page in pages):
                problems.append(a.problem("", None, at_least_once=True))
    return problems


def file_problems(root=PST):
    """The theme's files: checked once per build (and by the tests)."""
    return [p for a in CONTRACT if not a.where.startswith(("block:", "output:"))
            and (p := a.problem(file_text(a.where, root), at_least_once=True))]


def output_problems(outdir):
    """What the theme wrote into the built site by the time ext/lean_theme's steps run."""
    return [p for a in CONTRACT if a.where.startswith("output:")
            and (p := a.problem((Path(outdir) / a.where.removeprefix("output:")).read_text(encoding="utf-8"),
                                at_least_once=True))]
