"""One search control per page, and no empty header band above the article.

The book theme draws its own header row (article header) and leaves pydata-sphinx-theme's
site header empty; pydata-sphinx-theme 0.20 fills that header with a second, full-width
search field unless ``navbar_persistent`` is set (conf.py sets it to ``[]``).
"""

import pytest

from browser_site import DESKTOP, LANGS, PHONE

KINDS = ["index", "case", "p2v", "search"]
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}

# Search controls a reader can see in the viewport: fields and buttons that search. The
# search page's own query field (in main, below the article header) is the page's content and counted apart.
SEARCH_CONTROLS = """() => {
    const selector = "input[type=search], input[name=q], .search-button__button, .search-button-field";
    const seen = [];
    for (const el of document.querySelectorAll(selector)) {
        if (el.closest("dialog:not([open])")) continue;  // the closed search dialog
        if (seen.some(other => other.contains(el))) continue;  // a field inside a counted form
        const r = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        if (!r.width || !r.height || style.visibility === "hidden" || style.display === "none") continue;
        if (r.right <= 0 || r.left >= innerWidth || r.bottom <= 0 || r.top >= innerHeight) continue;
        seen.push(el);
    }
    return seen.map(el => ({
        where: el.closest(".bd-header-article") ? "article header" : el.closest("main") ? "page"
            : (el.closest("header, .bd-sidebar-primary") || {className: "elsewhere"}).className.split(" ")[0],
        html: el.outerHTML.slice(0, 100),
    }));
}"""


CASES = [(lang, kind, width) for lang in LANGS for kind in KINDS for width in WIDTHS]


@pytest.mark.parametrize("lang,kind,width", CASES, ids=[f"{l}-{k}-{w}" for l, k, w in CASES])
def test_one_search_control(open_page, lang, kind, width):
    opened = open_page(lang, kind, "http", viewport=WIDTHS[width])
    controls = opened.page.evaluate(SEARCH_CONTROLS)
    site_wide = [c for c in controls if c["where"] != "page"]
    assert len(site_wide) == 1, (
        f"{opened.url} at {width} width: {len(site_wide)} visible search controls, expected one: {site_wide}")
    if kind == "search":
        own = [c for c in controls if c["where"] == "page"]
        assert len(own) == 1, f"{opened.url} at {width} width: the search page shows {len(own)} query fields"


@pytest.mark.parametrize("lang,kind,width", CASES, ids=[f"{l}-{k}-{w}" for l, k, w in CASES])
def test_article_header_at_the_top(open_page, lang, kind, width):
    opened = open_page(lang, kind, "http", viewport=WIDTHS[width])
    top = opened.page.evaluate("document.querySelector('.bd-header-article').getBoundingClientRect().top")
    assert abs(top) <= 1, (
        f"{opened.url} at {width} width: the article header starts {top:.0f}px below the top of the "
        "window (an empty header band above it)")
