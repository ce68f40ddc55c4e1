"""The site works with the network cut: nothing loads from another host, math is MathML
rendered at build time, every page is described, and `make dist` zips hold both editions.
"""

import copy
import posixpath
import re
import subprocess
import sys
import zipfile
from urllib.parse import urlsplit

import pytest

from site_reader import BUILD, PUBLISHED, ROOT, SiteReader, source_math, source_pages
from site_facts import LANGUAGES

LANGS = list(LANGUAGES)
ASSET_ATTRS = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src",
               "video": "src", "audio": "src", "embed": "src", "object": "data"}
CSS_URL = re.compile(r"url\(\s*['\"]?(?P<url>[^'\")]+)")
TEX_LEFTOVER = re.compile(r"\$|\\\(|\\\[|\\frac|\\begin\{|\\partial")


def is_external(url):
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme in ("http", "https", "ftp")


def built_pages(lang):
    return sorted(p for p in (BUILD / lang).rglob("*.html") if "_static" not in p.relative_to(BUILD).parts)


@pytest.mark.parametrize("lang", LANGS)
def test_no_asset_from_another_host(lang):
    SiteReader(lang)  # fails plainly when the edition was not built
    bad = []
    for path in built_pages(lang):
        html = path.read_text(encoding="utf-8")
        for tag, attr in ASSET_ATTRS.items():
            for m in re.finditer(rf"<{tag}\b[^>]*\b{attr}=[\"']([^\"']+)", html, re.I):
                if tag == "link" and re.search(r'rel="(alternate|canonical)"', m.group(0)):
                    continue  # links for search engines, never loaded by the page
                if is_external(m.group(1)):
                    bad.append(f"{path.relative_to(BUILD)}: <{tag} {attr}={m.group(1)}>")
        for m in re.finditer(r"<style[^>]*>(.*?)</style>", html, re.S):
            bad += [f"{path.relative_to(BUILD)}: url({u})" for u in CSS_URL.findall(m.group(1)) if is_external(u)]
    assert not bad, "assets from another host:\n" + "\n".join(bad[:20])


@pytest.mark.parametrize("lang", LANGS)
def test_no_css_url_from_another_host(lang):
    bad = [
        f"{css.relative_to(BUILD)}: url({u})"
        for css in sorted((BUILD / lang / "_static").rglob("*.css"))
        for u in CSS_URL.findall(css.read_text(encoding="utf-8", errors="ignore"))
        if is_external(u)
    ]
    assert not bad, "stylesheets that load from another host:\n" + "\n".join(bad)


@pytest.mark.parametrize("lang", LANGS)
def test_no_mathjax_and_no_fontawesome_js(lang):
    bad = [
        str(p.relative_to(BUILD))
        for p in built_pages(lang)
        if re.search(r"<script[^>]+(mathjax|fontawesome\.js)", p.read_text(encoding="utf-8"), re.I)
    ]
    assert not bad, f"pages still loading MathJax or fontawesome.js: {bad}"


def pages_with_latex():
    return [page for page in source_pages() if source_math(page)]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", pages_with_latex() or [pytest.param(None, marks=pytest.mark.skip("no math yet"))])
def test_math_rendered_as_mathml(lang, page):
    soup = SiteReader(lang).page(page)
    article = copy.copy(soup.select_one("article"))  # the page objects are shared: edit a copy
    assert article.find("math"), f"{lang}/{page}: LaTeX in the source, no <math> in the HTML"
    assert not article.select("code.math-tex"), f"{lang}/{page}: a formula was left as TeX"
    for tag in article.select("math, div.cell, div.highlight, pre, code, script, style"):
        tag.decompose()
    leftover = TEX_LEFTOVER.findall(article.get_text())
    assert not leftover, f"{lang}/{page}: TeX delimiters or commands left in the text: {leftover[:5]}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_description_and_lang(lang):
    problems = []
    for path in built_pages(lang):
        html = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html:
            continue  # redirect stubs
        head = html.split("</head>", 1)[0]
        if not re.search(r'<meta name="description" content="[^"]{10,}"', head):
            problems.append(f"{path.relative_to(BUILD)}: no description")
        if not re.search(rf'<html[^>]* lang="{lang}"', head):
            problems.append(f"{path.relative_to(BUILD)}: <html lang> is not {lang}")
    assert not problems, "\n".join(problems)


def test_icon_fonts_are_subset():
    for lang in LANGS:
        for font in (BUILD / lang / "_static" / "vendor" / "fontawesome" / "webfonts").glob("*.woff2"):
            assert font.stat().st_size < 20_000, f"{font.relative_to(BUILD)} is not cut to the icons used"


@pytest.fixture(scope="module")
def dist():
    subprocess.run([sys.executable, str(ROOT / "tools" / "dist.py"), *LANGS], check=True, cwd=ROOT)
    return ROOT / "dist"


def test_dist_zip_holds_both_editions_and_search(dist):
    with zipfile.ZipFile(dist / "autograd-grad-guide.zip") as zf:
        names = set(zf.namelist())
    assert "autograd-grad-guide/index.html" in names
    for lang in LANGS:
        for page in source_pages():
            assert f"autograd-grad-guide/{lang}/{page}.html" in names, f"{lang}/{page}.html missing from the zip"
        assert f"autograd-grad-guide/{lang}/searchindex.js" in names
        assert f"autograd-grad-guide/{lang}/search.html" in names
    assert not [n for n in names if n.endswith(".map")], "source maps in the zip"


@pytest.mark.parametrize("lang", LANGS)
def test_dist_zip_per_edition(dist, lang):
    with zipfile.ZipFile(dist / f"autograd-grad-guide-{lang}.zip") as zf:
        names = set(zf.namelist())
        index = zf.read(f"autograd-grad-guide-{lang}/index.html").decode()
    assert f"{lang}/index.html" in index
    assert f"autograd-grad-guide-{lang}/{lang}/searchindex.js" in names
    other = [l for l in LANGS if l != lang]
    assert not [n for n in names if any(n.startswith(f"autograd-grad-guide-{lang}/{o}/") for o in other)]


@pytest.mark.parametrize("lang", LANGS)
def test_dist_notebooks_zip_per_edition(dist, lang):
    """Every notebook the edition offers, at its page's path, byte for byte."""
    top = f"autograd-grad-guide-notebooks-{lang}"
    sources = BUILD / lang / "_sources"
    offered = sorted(p.relative_to(sources).as_posix() for p in sources.rglob("*.ipynb"))
    assert "cases/outputs-tensor.ipynb" in offered
    with zipfile.ZipFile(dist / f"{top}.zip") as zf:
        assert zf.testzip() is None
        assert sorted(zf.namelist()) == [f"{top}/{name}" for name in offered]
        for name in offered:
            assert zf.read(f"{top}/{name}") == (sources / name).read_bytes(), name
    # ... and the offline zip of the edition carries them beside the pages' sources
    with zipfile.ZipFile(dist / f"autograd-grad-guide-{lang}.zip") as zf:
        names = set(zf.namelist())
    assert {f"autograd-grad-guide-{lang}/{lang}/_sources/{name}" for name in offered} <= names


SWITCH_HREF = re.compile(r'class="[^"]*language-switch__link[^"]*" href="([^"]*)"')


@pytest.mark.parametrize("lang", LANGS)
def test_one_edition_zip_switches_to_the_published_other_edition(dist, lang):
    """The other edition is not in this zip: its switch must not lead to a missing file."""
    other = next(l for l in LANGS if l != lang)
    with zipfile.ZipFile(dist / f"autograd-grad-guide-{lang}.zip") as zf:
        for page in source_pages():
            html = zf.read(f"autograd-grad-guide-{lang}/{lang}/{page}.html").decode()
            hrefs = SWITCH_HREF.findall(html)
            expected = PUBLISHED.format(lang=other, page="index" if page == "404" else page)
            assert hrefs == [expected], f"{lang} zip, {page}.html: language switch goes to {hrefs}, not {expected}"


def test_two_edition_zip_switches_within_the_zip(dist):
    with zipfile.ZipFile(dist / "autograd-grad-guide.zip") as zf:
        names = set(zf.namelist())
        for lang in LANGS:
            for page in source_pages():
                if page == "404":
                    continue  # absolute /<lang>/ paths: the 404 page is for the web server
                name = f"autograd-grad-guide/{lang}/{page}.html"
                for href in SWITCH_HREF.findall(zf.read(name).decode()):
                    target = posixpath.normpath(posixpath.join(posixpath.dirname(name), href.split("#")[0]))
                    assert target in names, f"{name}: language switch leads to {href}, not in the zip"
