"""Both editions exist, share their anchors, and link to each other page for page."""

import copy
import re
from urllib.parse import urljoin, urlsplit

import pytest

from language_switch import edition_href
from site_reader import BUILD, PUBLISHED, SiteReader, source_pages
from site_facts import LANGUAGES, other_languages
from ui_language import JAPANESE


@pytest.fixture(scope="module")
def ja():
    return SiteReader("ja")


def ids(soup):
    return {tag["id"] for tag in soup.select("article [id]")}


@pytest.mark.parametrize("page", source_pages())
def test_ids_equal_in_both_editions(en, ja, page):
    only_en = ids(en.page(page)) - ids(ja.page(page))
    only_ja = ids(ja.page(page)) - ids(en.page(page))
    assert not only_en and not only_ja, f"{page}: ids only in en {only_en}, only in ja {only_ja}"


# The 404 page is served at any depth, so its switch links by absolute path to the other
# edition's start page; tests/test_publishing.py checks it.
@pytest.mark.parametrize("page", [p for p in source_pages() if p != "404"])
@pytest.mark.parametrize("lang,other", [(lang, other) for lang in LANGUAGES for other in other_languages(lang)])
def test_switch_points_to_same_page_in_other_edition(page, lang, other):
    reader = SiteReader(lang)
    soup = reader.page(page)
    links = soup.select("nav.language-switch a[hreflang]")
    assert [a["hreflang"] for a in links] == [other], f"{lang}/{page}: switch links {links}"
    here = (BUILD / lang / f"{page}.html").as_uri()
    target = urlsplit(urljoin(here, links[0]["href"])).path
    assert target == (BUILD / other / f"{page}.html").as_posix(), f"{lang}/{page}: switch goes to {target}"
    assert "data-online" not in links[0].attrs, f"{lang}/{page}: a local build's switch never goes online"
    alternates = {l["hreflang"]: l["href"] for l in soup.select('head link[rel="alternate"][hreflang]')}
    expected = {l: PUBLISHED.format(lang=l, page=page) for l in LANGUAGES}
    assert alternates == expected, f"{lang}/{page}: hreflang alternates {alternates}"


def test_switch_under_read_the_docs_layout():
    base = "https://example.org/en/latest/cases/outputs-tensor.html"
    href = edition_href("cases/outputs-tensor", "ja", rtd_version="latest")
    assert urljoin(base, href) == "https://example.org/ja/latest/cases/outputs-tensor.html"
    base = "https://example.org/ja/stable/index.html"
    assert urljoin(base, edition_href("index", "en", "stable")) == "https://example.org/en/stable/index.html"


def prose(soup):
    """Paragraph and heading text of the article in the page's language: code, math and words
    marked as another language's (``lang``, the glossary's names) removed."""
    article = copy.copy(soup.select_one("article"))  # the page objects are shared: edit a copy
    other = f'[lang]:not([lang="{soup.html["lang"]}"])'
    for tag in article.select(f"div.cell, div.highlight, pre, code, math, .math, span.math, nav, {other}"):
        tag.decompose()
    return [p.get_text(" ", strip=True) for p in article.select("p, h1, h2, h3, li > p, td")]


@pytest.mark.parametrize("page", source_pages())
def test_english_prose_has_no_japanese(en, page):
    bad = [t for t in prose(en.page(page)) if JAPANESE.search(t) and "日本語" not in t]
    assert not bad, f"en/{page}: Japanese characters in English prose: {bad[:3]}"


ENGLISH_WORD = re.compile(r"\b[A-Za-z]{3,}\b")


@pytest.mark.parametrize("page", source_pages())
def test_japanese_paragraphs_are_japanese(ja, page):
    # Math, code and identifiers are gone from prose(); three English words left over
    # in a paragraph without any Japanese mean it was not translated.
    untranslated = [
        t for t in prose(ja.page(page)) if not JAPANESE.search(t) and len(ENGLISH_WORD.findall(t)) >= 3
    ]
    assert not untranslated, f"ja/{page}: paragraphs without Japanese: {untranslated[:3]}"
