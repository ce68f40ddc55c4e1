"""ext/lean_theme: its contract with the pinned themes, one stylesheet per page, the icon fonts."""

import re
import runpy
import shutil
import subprocess
import sys

import pytest
from fontTools.ttLib import TTFont

from lean_theme import css
from lean_theme.contract import BLOCKS, CONTRACT, PST, THEMES, file_problems, output_problems, site_problems
from site_reader import BUILD, ROOT, SiteReader, source_pages
from site_facts import LANGUAGES

LANGS = list(LANGUAGES)
MARKED = re.compile(r"<!--block:(?P<block>\w+)-->(?P<text>.*?)<!--/block:(?P=block)-->", re.S)

# --- the contract, against a site built with the plain pinned themes --------------------

FIXTURE_CONF = """
html_theme = "sphinx_book_theme"
templates_path = ["_templates"]
html_theme_options = {"navbar_persistent": []}
"""
FIXTURE_PAGES = {
    "index.rst": "Start\n=====\n\n.. toctree::\n\n   other\n\nA section\n---------\n\nText.\n",
    "other.rst": "Other\n=====\n\nOne\n---\n\nText.\n\nTwo\n---\n\nText.\n",
}


@pytest.fixture(scope="module")
def theme_site(tmp_path_factory):
    """{(pagename, block): the theme's own text of that block} of a small site."""
    src = tmp_path_factory.mktemp("theme-site")
    (src / "conf.py").write_text(FIXTURE_CONF, encoding="utf-8")
    (src / "_templates").mkdir()
    marks = "".join(f"{{%- block {b} %}}<!--block:{b}-->{{{{ super() }}}}<!--/block:{b}-->{{%- endblock %}}\n"
                    for b in BLOCKS)
    (src / "_templates" / "layout.html").write_text('{% extends "!layout.html" %}\n' + marks, encoding="utf-8")
    for name, text in FIXTURE_PAGES.items():
        (src / name).write_text(text, encoding="utf-8")
    out = src / "_out"
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", str(src), str(out)],
                   check=True, capture_output=True, text=True)
    blocks = {"outdir": out}
    for page in out.rglob("*.html"):
        if "_static" in page.parts:
            continue
        name = page.relative_to(out).with_suffix("").as_posix()
        for m in MARKED.finditer(page.read_text(encoding="utf-8")):
            blocks[(name, m["block"])] = m["text"]
    return blocks


def _blocks(site):
    return {key: text for key, text in site.items() if key != "outdir"}


def test_contract_holds_for_the_pinned_themes(theme_site):
    assert {b for _, b in _blocks(theme_site)} == set(BLOCKS), f"blocks found: {sorted(_blocks(theme_site))}"
    problems = site_problems(_blocks(theme_site)) + file_problems() + output_problems(theme_site["outdir"])
    assert not problems, "\n".join(problems)


BLOCK_ASSUMPTIONS = [a for a in CONTRACT if a.where.startswith("block:")]
FILE_ASSUMPTIONS = [a for a in CONTRACT if not a.where.startswith(("block:", "output:"))]
OUTPUT_ASSUMPTIONS = [a for a in CONTRACT if a.where.startswith("output:")]


@pytest.mark.parametrize("a", BLOCK_ASSUMPTIONS, ids=[a.name for a in BLOCK_ASSUMPTIONS])
def test_altered_markup_breaks_the_contract(theme_site, a):
    """The theme's markup with what an assumption matches taken out: the check names it."""
    block = a.where.removeprefix("block:")
    altered = {key: a.pattern.sub("", text) if key[1] == block else text for key, text in _blocks(theme_site).items()}
    problems = site_problems(altered)
    assert any(f"assumption {a.name!r}" in p and THEMES in p for p in problems), problems


@pytest.mark.parametrize("a", FILE_ASSUMPTIONS, ids=[a.name for a in FILE_ASSUMPTIONS])
def test_altered_theme_file_breaks_the_contract(tmp_path, a):
    root = tmp_path / "theme"
    for other in {b.where for b in FILE_ASSUMPTIONS}:
        (root / other).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(PST / other, root / other)
    target = root / a.where
    text = target.read_text(encoding="utf-8")
    if a.where.endswith(".html"):
        altered = text + "\n<!-- changed -->"
    elif a.expected() == 0:  # what must not be there: a theme upgrade that starts using a popover
        altered = text + "\nnew bootstrap.Popover(element);"
        assert a.pattern.search(altered), f"{a.name}: the altered file does not show what it forbids"
    else:
        altered = a.pattern.sub("", text)
    target.write_text(altered, encoding="utf-8")
    problems = file_problems(root)
    assert [p for p in problems if f"assumption {a.name!r}" in p and THEMES in p], problems


@pytest.mark.parametrize("a", OUTPUT_ASSUMPTIONS, ids=[a.name for a in OUTPUT_ASSUMPTIONS])
def test_altered_output_breaks_the_contract(theme_site, tmp_path, a):
    rel = a.where.removeprefix("output:")
    (tmp_path / rel).parent.mkdir(parents=True)
    (tmp_path / rel).write_text(a.pattern.sub("", (theme_site["outdir"] / rel).read_text(encoding="utf-8")),
                                encoding="utf-8")
    problems = output_problems(tmp_path)
    assert [p for p in problems if f"assumption {a.name!r}" in p and THEMES in p], problems


# --- what a page loads at first ---------------------------------------------------------

SEARCH_SCRIPTS = ("searchtools.js", "language_data.js", "searchindex.js")
# the site's own scripts that only the search page loads, as conf.py lists them
SEARCH_PAGE_ONLY = SEARCH_SCRIPTS + tuple(
    runpy.run_path(str(ROOT / "conf.py"))["lean_theme_scripts_search_page_only"])
# What a first visit runs: Sphinx's options and translations (doctools.js, translations.js),
# the two themes' own scripts, and the loader of everything else.
AT_FIRST = {"documentation_options.js", "doctools.js", "translations.js", "sphinx-book-theme.js",
            "pydata-sphinx-theme.js", "on-intent.js"}


def _name(src):
    return src.split("?")[0].rsplit("/", 1)[-1]


def _scripts(soup):
    """(names the page loads at first, names its loader waits to load, on intent and for a search's words)."""
    first = [_name(s["src"]) for s in soup.select("script[src]")]
    loader = soup.select_one('script[src*="on-intent.js"]')
    held = loader["data-on-intent"].split() if loader else []
    words = [loader["data-on-search-words"]] if loader and loader.has_attr("data-on-search-words") else []
    return first, [_name(src) for src in held], [_name(src) for src in words]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", [p for p in source_pages() if p != "404"])
def test_a_page_loads_at_first_only_what_it_runs_at_first(lang, page):
    soup = SiteReader(lang).page(page)
    first, held, words = _scripts(soup)
    assert set(first) <= AT_FIRST, f"{lang}/{page}: loads at first {sorted(set(first) - AT_FIRST)}"
    early = [l["href"] for l in soup.select('link[rel="preload"], link[rel="prefetch"]') if "bootstrap" in l["href"]]
    assert not early, f"{lang}/{page}: fetches bootstrap.js before the reader uses the page: {early}"
    assert "bootstrap.js" in held and "copybutton.js" in held and "permalinks.js" in held, (
        f"{lang}/{page}: the loader does not hold bootstrap.js, copybutton.js and permalinks.js: {held}")
    assert words == ["sphinx_highlight.js"], f"{lang}/{page}: the search words are marked by {words}"
    # nothing lost: the search page runs every script at load
    everything = set(_scripts(SiteReader(lang).page("search"))[0]) - set(SEARCH_PAGE_ONLY) - {"on-intent.js"}
    everything |= {"bootstrap.js"}  # which the search page's loader holds too
    assert set(first + held + words) - {"on-intent.js"} == everything, (
        f"{lang}/{page}: scripts lost or added: {sorted(set(first + held + words) ^ everything)}")
    assert held.index("clipboard.min.js") < held.index("copybutton.js") < held.index("copybutton-words.js"), (
        f"{lang}/{page}: copybutton.js needs clipboard.min.js before it, copybutton-words.js after: {held}")


@pytest.mark.parametrize("lang", LANGS)
def test_the_search_page_loads_its_scripts(lang):
    first, held, _ = _scripts(SiteReader(lang).page("search"))
    for name in SEARCH_PAGE_ONLY + ("sphinx_highlight.js", "copybutton.js"):
        assert name in first, f"{lang}/search: {name} missing from {first}"
    assert held == ["bootstrap.js"], f"{lang}/search: its loader holds {held}"


# --- one stylesheet per page ---------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", [p for p in source_pages() if p != "404"])
def test_one_stylesheet_that_exists(lang, page):
    links = SiteReader(lang).page(page).select('link[rel="stylesheet"]')
    assert len(links) == 1, f"{lang}/{page}: {[l['href'] for l in links]}"
    href = links[0]["href"]
    target = (BUILD / lang / page).parent / href
    assert href.removeprefix("../").startswith("_static/styles/site-") and target.resolve().is_file(), f"{lang}/{page}: {href}"


def test_purge_keeps_what_can_match():
    source = (
        '.used{a:1}.unused{b:2}.used .unused,.used:not(.gone){c:3}'
        'html[data-theme=dark] .used{d:4}@media (max-width:960px){.unused{e:5}.used>p{f:6}}'
        '@font-face{font-family:x}.bs-tooltip-auto{g:7}#id,p{h:8}/* note */.a\\:b{i:9}'
        '@keyframes k{0%{j:1}}@supports (display:grid){.unused{k:1}}'
    )
    assert css.purge(source, {"used"}, ("bs-",)) == (
        '.used{a:1}.used:not(.gone){c:3}html[data-theme=dark] .used{d:4}'
        '@media (max-width:960px){.used>p{f:6}}@font-face{font-family:x}.bs-tooltip-auto{g:7}#id,p{h:8}'
        '@keyframes k{0%{j:1}}'
    )


def test_purge_drops_the_bootstrap_components_no_page_runs():
    source = ".bs-popover-auto{a:1}.bs-tooltip-auto{b:2}.popover-header{c:3}.modal{d:4}"
    assert css.purge(source, {"modal"}, ("bs-", "popover-")) == ".bs-tooltip-auto{b:2}.modal{d:4}"


def test_unused_custom_properties_go_until_none_is_left():
    source = (
        ":root{--used:1;--chain:var(--used);--only-by-dropped:2;--dropped:var(--only-by-dropped);--js:3}"
        ".a{color:var(--chain);--empty:0}.b{--empty:1}@media print{.c{--dropped:2;x:var(--js)}}"
        "@font-face{--inside-font-face:1}"
    )
    assert css.drop_unused_properties(source, {"--js"}) == (
        ":root{--used:1;--chain:var(--used);--js:3}.a{color:var(--chain)}@media print{.c{x:var(--js)}}"
        "@font-face{--inside-font-face:1}"
    )


def test_rebase_urls():
    source = 'a{src:url(../vendor/f.woff2)}b{background:url("data:image/svg+xml,x")}'
    assert css.rebase(source, "styles/pydata.css", "styles") == source
    assert css.rebase('a{b:url(img/x.png)}c{d:url("img/y.png")}', "basic.css", "styles") == (
        "a{b:url(../img/x.png)}c{d:url(../img/y.png)}")


@pytest.mark.parametrize("lang", LANGS)
def test_no_bundle_left_from_an_earlier_build(lang):
    styles = BUILD / lang / "_static" / "styles"
    linked = set()
    for page in (BUILD / lang).rglob("*.html"):
        linked.update(re.findall(r"styles/(site-[0-9a-f]{16}\.css)", page.read_text(encoding="utf-8")))
    on_disk = {p.name for p in styles.glob("site-*.css")}
    assert on_disk == linked, f"{styles}: bundles no page links: {sorted(on_disk - linked)}"


# --- icon fonts -------------------------------------------------------------------------


def _codepoints(font):
    return set(TTFont(str(font)).getBestCmap() or {})


@pytest.mark.parametrize("lang", LANGS)
def test_every_icon_the_stylesheet_draws_is_in_the_fonts(lang):
    """Each icon codepoint the bundle writes, and the theme's fonts have, the cut fonts keep."""
    webfonts = "static/vendor/fontawesome/webfonts"
    originals = set().union(*(_codepoints(f) for f in (PST / webfonts).glob("*.woff2")))
    shipped = set().union(*(_codepoints(f) for f in (BUILD / lang / "_static" / webfonts.removeprefix("static/"))
                            .glob("*.woff2")))
    drawn = set()
    for bundle in (BUILD / lang / "_static" / "styles").glob("site-*.css"):
        drawn |= css.icon_codepoints(bundle.read_text(encoding="utf-8"))
    assert drawn, f"{lang}: the stylesheet draws no icon"
    missing = sorted(hex(c) for c in (drawn & originals) - shipped)
    assert not missing, f"{lang}: icons the stylesheet draws but the cut fonts lack: {missing}"
    assert len(shipped) <= len(drawn), f"{lang}: the fonts keep {len(shipped)} glyphs for {len(drawn)} icons"
