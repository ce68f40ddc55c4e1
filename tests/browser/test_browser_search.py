"""The search page finds what a reader types, from file:// and from a server, in both editions.

The queries and the pages that use each are tests/search_reader.py's (read from the built
HTML); tests/test_search.py checks the same against the index without a browser.
"""

from urllib.parse import quote, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from browser_site import DESKTOP, LANGS, PHONE, SITE, wait_for_search
from ja_search import query_units
from search_reader import NAMED, SEARCHED, pages_using, reader
from ui_language import JAPANESE

# what a reader may type besides the site's own words: a phrase, a part, full-width letters
SAMPLES = ["勾配を求める", "grad_outputs の形", "ｒｅｔａｉｎ＿ｇｒａｐｈ", "ヤコビアン積", "すべて", "x.grad", "2階微分"]


def search(page, query):
    """Type the query into the page's search box, as a reader does: the pages it lists, and
    how many results (a page and a section of it matched by title are two)."""
    box = page.locator("main form.bd-search input[type=search], main input[name=q]").first
    box.fill(query)
    box.press("Enter")
    page.wait_for_url("**/search.html?q=*", timeout=10_000)
    wait_for_search(page)
    hrefs = page.eval_on_selector_all("#search-results ul.search li a", "as => as.map(a => a.href)")
    lang = page.evaluate("document.documentElement.lang")
    found = set()
    for href in hrefs:
        path = unquote(urlsplit(href).path)
        rel = path.split(f"/{lang}/", 1)[1]
        assert (SITE / lang / rel).exists(), f"{lang}: search result {href} points to no built page"
        found.add(rel.removesuffix(".html"))
    return found, len(hrefs)


@pytest.mark.parametrize("origin", ["file", "http"])
@pytest.mark.parametrize("lang,query", NAMED)
def test_search_page_finds_the_pages_that_use_the_word(open_page, origin, lang, query):
    opened = open_page(lang, "search", origin)
    found, results = search(opened.page, query)
    using = pages_using(lang, query)
    assert using, f"{lang}: no page uses {query!r}"
    assert found == using, (
        f"{lang} ({origin}): {query!r} misses {sorted(using - found)}, also lists {sorted(found - using)}"
    )
    summary = opened.page.locator("#search-results p.search-summary").inner_text()
    assert str(results) in summary, f"{lang} ({origin}): the result line {summary!r} does not give the count"
    if lang == "ja":
        assert JAPANESE.search(summary), f"ja ({origin}): the result line is not Japanese: {summary!r}"
    opened.watch.assert_clean(f"search {lang} ({origin}) {query!r}")


def test_search_box_splits_a_query_as_the_index_expects(loaded):
    """The page's splitQuery (ja_search.js) cuts every line of the site as query_units does."""
    page = loaded("ja", "search", "file").page
    lines = list(SAMPLES) + [q for _lang, q in NAMED]
    for name in SEARCHED:
        text = reader("ja").page(name).select_one("article").get_text()
        lines += [line.strip() for line in text.splitlines() if line.strip()]
    lines = sorted(set(lines))
    assert len(lines) > 1000, f"only {len(lines)} lines of text in the Japanese pages"
    in_browser = page.evaluate("lines => lines.map(line => splitQuery(line))", lines)
    differ = [(line, got, query_units(line)) for line, got in zip(lines, in_browser) if got != query_units(line)]
    assert not differ, f"{len(differ)} lines split otherwise in the browser (line, browser, Python): {differ[:5]}"


def test_a_query_typed_with_full_width_letters_finds_the_identifier(open_page):
    opened = open_page("ja", "search", "http")
    found, _results = search(opened.page, "ｒｅｔａｉｎ＿ｇｒａｐｈ")
    assert found == pages_using("ja", "retain_graph"), f"ja: full-width retain_graph finds {sorted(found)}"


def test_search_results_page_speaks_japanese(open_page):
    from ui_language import english_in

    opened = open_page("ja", "search", "http")
    search(opened.page, "二階微分")
    opened.page.wait_for_load_state("networkidle")
    found = english_in(BeautifulSoup(opened.page.content(), "html.parser"))
    assert not found, "ja search results: English a reader sees or hears:\n  " + "\n  ".join(found)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", LANGS)
def test_search_field_icon_is_beside_the_query(open_page, lang, viewport):
    """The magnifier of the search page's field sits before the text typed, not on its first letters."""
    opened = open_page(lang, "search", "http", viewport=viewport, query="q=grad_outputs")
    wait_for_search(opened.page)
    icon_right, text_left = opened.page.evaluate("""() => {
        const form = document.querySelector("main form.bd-search");
        const input = form.querySelector("input");
        const padding = parseFloat(getComputedStyle(input).paddingLeft);
        return [form.querySelector(".fa-magnifying-glass").getBoundingClientRect().right,
                input.getBoundingClientRect().left + padding];
    }""")
    assert icon_right <= text_left, (
        f"{opened.url}: the search icon ends at {icon_right:.0f}px, over the query from {text_left:.0f}px")


@pytest.mark.parametrize("lang,query,terms", [
    ("en", "grad_outputs", False), ("ja", "grad_outputs", False),
    ("en", "computational graph", True), ("ja", "計算グラフ", True)])
def test_result_snippets_are_passages_of_the_article(open_page, lang, query, terms):
    """Each result's snippet is text of the article it links to, not of the buttons, lists and
    link menus around the article in the page's main element; a glossary term's snippet is the
    term and its definition, not the term alone."""
    opened = open_page(lang, "search", "http", query=f"q={quote(query)}")
    wait_for_search(opened.page)
    # Sphinx lists the results first and adds each snippet when its page has been fetched.
    try:
        opened.page.wait_for_function(
            """() => [...document.querySelectorAll("#search-results ul.search li")]
                     .every(li => li.querySelector("p.context"))""", timeout=15_000)
    except PlaywrightTimeout:
        pass  # the assertion below names the result that has no snippet
    results = opened.page.eval_on_selector_all(
        "#search-results ul.search li",
        "items => items.map(li => [li.querySelector('a').href, li.querySelector('p.context')?.textContent])")
    assert results, f"{lang}: {query!r} found nothing"
    term_results = 0
    for href, snippet in results:
        assert snippet, f"{lang}: the result {href} for {query!r} has no snippet"
        rel = unquote(urlsplit(href).path).split(f"/{lang}/", 1)[1]
        article = BeautifulSoup((SITE / lang / rel).read_text(encoding="utf-8"), "html.parser").select_one("article")
        for element in article.select(".headerlink, .section-permalink, script, style"):
            element.decompose()
        passage = " ".join(snippet.removeprefix("...").removesuffix("...").split())
        fragment = unquote(urlsplit(href).fragment)
        if fragment.startswith("term-"):  # the term (its aliases skipped), then its definition
            term = article.find(id=fragment)
            definition = " ".join(term.find_next_sibling("dd").get_text().split())
            expected = f"{' '.join(term.get_text().split())} {definition}"
            assert expected.startswith(passage) and definition[:20] in passage, (
                f"{lang}: the snippet of {href} for {query!r} is not the term and its definition: {snippet!r}")
            term_results += 1
        else:
            assert passage in " ".join(article.get_text().split()), (
                f"{lang}: the snippet of {href} for {query!r} is not text of its article: {snippet!r}")
    assert bool(term_results) == terms, f"{lang}: {term_results} glossary terms among the results for {query!r}"
    opened.watch.assert_clean(f"search {lang} (http) {query!r} snippets")
