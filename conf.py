"""One Sphinx configuration for every language and every host.

Built as ``sphinx-build -c . docs <out>``: this file sits at the top of the repository,
the pages live in ``docs/``. Paths below that Sphinx resolves against the configuration
directory (templates, static files) therefore start with ``docs/``; paths it resolves
against the source directory (``exclude_patterns``) do not; ``locale_dirs`` is absolute.
Every setting that differs from Sphinx's default says why.
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "ext"))  # our small local extensions, one module per concern

project = "autograd-grad-guide"

# --- the editions: said once here, read by the extensions below, tools/site_facts.py (the
# Makefile, tools/, tests/) and the edition chooser. Each: the language's own name (the
# language switch, the chooser), its Open Graph locale, the site's title (header, <title>,
# link previews, the books) and the author line (footer, books) in that language. A new
# language is one more entry plus its catalogs (docs/locale/<lang>/). Literals only: the
# tools read this with ast.literal_eval, without running Sphinx.
EDITIONS = {
    "en": {"name": "English", "locale": "en_US", "title": "torch.autograd.grad, case by case",
           "author": "autograd-grad-guide contributors"},
    "ja": {"name": "日本語", "locale": "ja_JP", "title": "ケース別に見る torch.autograd.grad",
           "author": "autograd-grad-guide の貢献者"},
}
SOURCE_LANGUAGE = "en"  # the pages are written in it; the others are sphinx-intl catalogs
# Where the editions are published (Read the Docs, latest): hreflang alternates, the zips'
# language switch, link previews. Search engines only see this address.
PUBLIC_URL = "https://autograd-grad-guide.readthedocs.io/{lang}/latest/"

author = EDITIONS[SOURCE_LANGUAGE]["author"]  # per edition: use_the_edition_title() below
copyright = author  # no year: the build must not depend on the date

# Read the Docs' project of each edition sets READTHEDOCS_LANGUAGE; locally
# `make html LANGS=ja` passes -D language=ja.
language = os.environ.get("READTHEDOCS_LANGUAGE", SOURCE_LANGUAGE)

extensions = [
    "myst_nb",  # MyST text notebooks, executed at build time
    "ipc_kernels",  # ext/: each kernel's sockets are files of its own: parallel readers share no port
    "sphinx_copybutton",  # copy buttons on code cells, prompts and outputs excluded
    "execution_checks",  # ext/: failing cells named plainly; raises-exception must raise
    "language_switch",  # ext/: every page links to itself in the other edition
    "build_info",  # ext/: torch version on every page and in build-info.json
    "reproducible",  # ext/: stable notebook cell ids; outputs with addresses/paths fail
    "advice",  # ext/: stderr, broken-link and translation warnings also say what to do
    "check_routes",  # ext/: each check cell names its route, keeps to it, and shows it
]

exclude_patterns = [
    "locale",  # translation catalogs, not pages
    "_ipython",  # the kernel profile conf.py points IPYTHONDIR at
    "**/README.md",  # notes for maintainers inside docs/, not pages
]
templates_path = ["docs/_templates"]

# --- strictness ---------------------------------------------------------------------
nitpicky = True  # every cross-reference must resolve

# --- MyST ---------------------------------------------------------------------------
myst_enable_extensions = [
    "dollarmath",  # $…$ and $$…$$ math in prose
    "amsmath",  # aligned equations for the written-out Jacobians
    "colon_fence",  # ::: admonitions keep prose out of code fences
]

# --- execution (MyST-NB) ------------------------------------------------------------
# One cache for every language and builder: the Japanese build reuses the English
# execution, and an unchanged notebook is never executed again.
nb_execution_mode = os.environ.get("NB_EXECUTION_MODE", "cache")
# The cache folder is named after the torch version and a hash of requirements.txt and the
# kernel profile (ext/build_info.py): jupyter-cache keys on code only, and a torch upgrade
# or a new kernel setting must execute every page again.
from build_info import execution_cache_dir  # noqa: E402

nb_execution_cache_path = str(execution_cache_dir(ROOT))
# An error in an untagged cell fails the build through ext/execution_checks.py, which names
# the page, the cell's line and the exception in one line instead of nbclient's traceback.
suppress_warnings = ["mystnb.exec"]  # ... so MyST-NB's own long report is not repeated
if nb_execution_mode == "off":  # gettext builds: no kernel ran, so no lexer is known
    suppress_warnings.append("myst-nb.lexer")
nb_execution_timeout = 120  # the slowest page runs in seconds; a hang must not stall CI
nb_output_stderr = "warn"  # stderr fails the (-W) build unless a cell opts in
nb_merge_streams = True  # one stdout block per cell, in execution order

# The kernel starts from a repository profile: short, path-free tracebacks.
os.environ["IPYTHONDIR"] = str(ROOT / "docs" / "_ipython")

# --- HTML ---------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
# The site's title in the edition's language: set in use_the_edition_title() below, once the
# language is final (`-D language=ja` is applied after this file runs).
html_title = EDITIONS[SOURCE_LANGUAGE]["title"]
html_static_path = ["docs/_static"]
html_last_updated_fmt = None  # no dates in pages: builds are reproducible
html_sourcelink_suffix = ""  # the download is the page as written: a MyST text notebook (.md)
html_theme_options = {
    "use_download_button": True,  # readers take a page away as a notebook
    "show_toc_level": 2,  # the case sections are what readers jump between
    # the language switch sits beside the theme's own buttons on every page
    "article_header_end": ["language-switch", "article-header-buttons"],
    # the theme's default footer, plus the torch version that computed the outputs
    "footer_content_items": ["author", "copyright", "last-updated", "extra-footer", "torch-version"],
    # no site header: pydata-sphinx-theme 0.20 fills the (otherwise empty) book-theme header with
    # a second, full-width search field; the sidebar's field and the header button are enough
    "navbar_persistent": [],
}

# copybutton: copy code only, never an output or a prompt
copybutton_exclude = ".linenos, .gp, .go"
copybutton_selector = "div.cell_input pre, div.highlight-python pre, div.highlight-default pre"

# --- translation --------------------------------------------------------------------
# docs/locale/<lang>/LC_MESSAGES/<page>.po. An absolute path: Sphinx 9.0.4 looks for the
# JavaScript catalog (sphinx.js) relative to the working directory, not the source directory
# (sphinx-doc/sphinx#14160), and would ship its own Japanese one with an empty result count.
locale_dirs = [str(ROOT / "docs" / "locale")]
gettext_compact = False  # one catalog per page, as sphinx-intl keeps them
gettext_uuid = False  # no random ids in the templates: diffs stay readable
gettext_location = True  # catalogs point translators at the source line

# --- offline and lean pages ---------------------------------------------------------
# Every page works from file:// with the network cut, and ships only what it uses.
extensions += [
    "mathml",  # ext/: LaTeX -> MathML at build time; no MathJax, no CDN, no JavaScript
    "lean_theme",  # ext/: one stylesheet of the rules pages can match, icons cut to those used, scripts deferred
]
html_math_renderer = "mathml"  # the renderer ext/mathml.py registers (Sphinx's default: MathJax)
html_context = {"default_mode": "auto"}  # the theme's own default; unset, its JS logs an error
html_favicon = "docs/_static/favicon.svg"  # a local icon: browsers stop asking for /favicon.ico

# --- publishing and permanent links (Read the Docs, link previews, redirects) ---------
# Read the Docs sets READTHEDOCS_CANONICAL_URL (https://<host>/<lang>/<version>/) for
# each build; a local build has no public address, so it writes no absolute URL at all.
CANONICAL_URL = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
language_switch_languages = {lang: e["name"] for lang, e in EDITIONS.items()}
language_switch_public_url = PUBLIC_URL  # hreflang alternates: search engines see only the published site
link_previews_locales = {lang: e["locale"] for lang, e in EDITIONS.items()}
extensions += [
    "sphinx_reredirects",  # a moved or renamed page keeps its old address as a redirect
    "sphinxext.opengraph",  # Open Graph meta: a pasted link unfurls with title and summary
    "notfound.extension",  # 404.html whose theme links work at any depth of a missing URL
    "notfound_links",  # ext/: ... and so do the links in docs/404.md itself
    "link_previews",  # ext/: og:locale, twitter:card, no relative og:url, absolute hreflang
    "permalinks",  # ext/: a visible "copy link" on every labelled section
    "notebooks",  # ext/: each page's executed notebook, prose in the edition's language
]
if CANONICAL_URL:
    extensions.append("sphinx_sitemap")  # a sitemap needs absolute URLs: only when published

# Old page address -> new one, relative to the old page; the hash (#case-…) is kept.
# A page that moves or is renamed gets an entry here; tests/link_contract.txt lists
# every address that must keep working.
redirects = {
    "cases/index": "../cheatsheet.html",  # a reader who trims …/cases/outputs-x.html to …/cases/
}

html_baseurl = CANONICAL_URL  # <link rel="canonical"> on every page, and the sitemap's base

# Open Graph: per-page title, description (the page's first paragraph, so the Japanese
# edition's summary is Japanese) and URL; the site name is the site's title.
ogp_site_url = CANONICAL_URL
ogp_site_name = html_title  # per edition: see setup() below
ogp_description_length = 160  # one line in a chat preview card (ext/link_previews.py cuts it)
ogp_social_cards = {"enable": False}  # card images would be drawn with matplotlib fonts; no images

# Sitemap: this edition's pages, each with its alternate in the other edition. Read the Docs
# serves /<lang>/<version>/, so the URL scheme puts the language before the version.
sitemap_excludes = ["404.html", "search.html", "genindex.html"]  # not pages to find
sitemap_locales = list(EDITIONS)
sitemap_url_scheme = "{lang}" + os.environ.get("READTHEDOCS_VERSION", "latest") + "/{link}"
if CANONICAL_URL:
    # site_url is the host root: https://<host>/en/latest/ -> https://<host>/
    site_url = CANONICAL_URL.rstrip("/").rsplit("/", 2)[0] + "/"

# 404 page: docs/404.md (translated like every page). Its links are absolute paths from
# the edition's root, because Read the Docs serves it at whatever address was missing.
# Locally ext/notfound_links.py sets /<language>/ (python -m http.server -d _build/html).
notfound_urls_prefix = urlsplit(CANONICAL_URL).path if CANONICAL_URL else None

# EPUB (Read the Docs' download, `make rtd-epub`): same pages, one file per edition.
epub_show_urls = "no"  # link targets are not printed after the link text
epub_use_index = False  # the pages define no index entries: no empty index chapter
# web-only pages are not chapters: the 404 page and the redirect stubs of moved pages
epub_exclude_files = ["404.xhtml"] + [f"{old}.xhtml" for old in redirects]
extensions += ["epub_book"]  # ext/: what epubcheck asks of the book: its own stylesheet, MathML declared

# PDF (`make pdf`, Read the Docs' pdf format): Sphinx's LaTeX builder, one book per edition.
# The engine is Sphinx's default for the language: pdflatex (English: the pages are ASCII but
# for an ellipsis and ∂, declared below), uplatex (Japanese; Read the Docs' guide for non-ASCII PDFs documents
# platex/uplatex for Japanese). Fonts are embedded: TeX Gyre Termes/Heros and txtt (Sphinx's
# pdflatex default), Harano Aji for Japanese (conf below).
extensions += ["pdf_book"]  # ext/: pages as chapters, a title page naming the torch that computed the outputs
latex_show_urls = "no"  # the URLs of links are not printed after their text
latex_domain_indices = False  # no Python objects documented: no module index
LATEX_BOOK = "autograd-grad-guide-{lang}"  # the PDF's name: _build/pdf/<lang>/autograd-grad-guide-<lang>.pdf
latex_elements = {
    "papersize": "a4paper",
    # a long identifier in a line of prose breaks instead of running into the margin
    "sphinxsetup": "verbatimwrapslines=true, verbatimforcewraps=true",
    # pdflatex knows no ∂ in text (a heading of topics/complex-numbers writes ∂L/∂x)
    "preamble": r"\DeclareUnicodeCharacter{2202}{\ensuremath{\partial}}",
}
LATEX_JA = {
    # Harano Aji (TeX Live's default Japanese font since 2020), embedded by dvipdfmx
    "preamble": r"\usepackage[haranoaji]{pxchfon}",
}

# --- what the browser tests found (tests/browser/) -------------------------------------
# (html_context's default_mode, above, is one of them.)
# The language switch on the header's button row; long identifiers wrap at phone width.
html_css_files = ["reader-fit.css"]
# Search opened from file:// lists titles without snippets (fetching pages fails there); served,
# a snippet is the article's text, not the buttons and lists around it (search-snippets.js).
# sphinx-copybutton has no Japanese: copybutton-words.js takes its words from translations.js.
html_js_files = ["offline-search.js", "search-snippets.js", "copybutton-words.js"]
# What a first visit does not load (ext/lean_theme/static/on-intent.js): the copy buttons and the
# section-link menus serve a reader's click, so they wait for the first pointer, touch, key,
# focus or scroll; a click that comes first is replayed once they are ready.
lean_theme_scripts_on_intent = ["clipboard.min.js", "copybutton.js", "copybutton-words.js", "permalinks.js"]
lean_theme_replay_clicks = '[data-bs-toggle="dropdown"], a.section-permalink__link'
# sphinx_highlight.js marks the words of a search on the page a result opened; elsewhere it has
# nothing to do. offline-search.js and search-snippets.js set how the search page lists results.
lean_theme_script_on_search_words = "sphinx_highlight.js"
lean_theme_scripts_search_page_only = ["offline-search.js", "search-snippets.js"]
extensions += ["nav_toggle_names"]  # ext/: the sidebar's expand toggles get a name (axe)
# Sphinx's Japanese index cut grad_outputs and 計算グラフ apart while the search box kept them
# whole: neither was found. ext/ja_search.py gives index and search box one definition of a word.
extensions += ["ja_search"]
extensions += ["other_language"]  # ext/: {ja}`…` and {en}`…` mark words of the other edition's language
other_language_roles = sitemap_locales
extensions += ["theme_words"]  # ext/: the search field's placeholder from our sphinx.po


def use_the_edition_title(app, config):
    edition = EDITIONS[config.language]  # a language without an entry fails here, by name
    config.html_title = config.ogp_site_name = edition["title"]
    config.author = config.copyright = edition["author"]
    config.latex_documents = [(config.root_doc, LATEX_BOOK.format(lang=config.language) + ".tex",
                               config.html_title, config.author, "manual")]
    if config.language == "ja":
        config.latex_elements = {**config.latex_elements, **LATEX_JA}


def setup(app):
    app.connect("config-inited", use_the_edition_title)
