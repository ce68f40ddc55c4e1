"""The first paint is the final one: the theme's colours and spacing apply before any deferred
script runs, and nothing in the article moves while the page loads.

The theme's CSS only styles ``data-theme="light"`` and ``"dark"``; its head script wrote
``"auto"`` and left the real value to the deferred ``pydata-sphinx-theme.js``. Until then the
page was painted without theme colours and with a different code line height, and then moved
(Lighthouse CLS 0.07 on a case page). ext/lean_theme/templates/layout.html resolves it in the head.
"""

import re

import pytest

from browser_site import LANGS, PHONE, page_url

THEME_SCRIPT = re.compile(r"/_static/scripts/pydata-sphinx-theme\.js")

# Layout shifts whose moved nodes lie in the article (the header's icon font may still swap in).
ARTICLE_SHIFTS = """
window.__articleShifts = [];
new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
        for (const source of entry.sources || []) {
            const node = source.node;
            const element = node && (node.nodeType === 1 ? node : node.parentElement);
            if (element && element.closest("main article")) {
                window.__articleShifts.push(`${entry.value.toFixed(4)} at ${Math.round(entry.startTime)} ms: `
                    + `${element.tagName.toLowerCase()} "${element.textContent.trim().slice(0, 40)}"`);
                break;
            }
        }
    }
}).observe({type: "layout-shift", buffered: true});
"""


def _fresh_page(browser, color_scheme, viewport=PHONE, stored_theme=None):
    context = browser.new_context(viewport=viewport, color_scheme=color_scheme)
    if stored_theme:  # a reader who picked a theme on an earlier visit
        context.add_init_script(
            f"localStorage.setItem('mode', '{stored_theme}'); localStorage.setItem('theme', '{stored_theme}');")
    return context, context.new_page()


@pytest.mark.parametrize("scheme,stored,expected", [
    ("light", None, "light"), ("dark", None, "dark"), ("light", "dark", "dark"), ("dark", "light", "light"),
])
def test_theme_applies_without_the_theme_script(browser, server, scheme, stored, expected):
    context, page = _fresh_page(browser, scheme, stored_theme=stored)
    try:
        page.route(THEME_SCRIPT, lambda route: route.abort())  # what the first paint sees
        url = page_url(server, "en", "case")
        page.goto(url, wait_until="load")
        theme = page.evaluate("document.documentElement.dataset.theme")
        assert theme == expected, (
            f"{url}: system scheme {scheme}, stored choice {stored}: data-theme is {theme!r} before "
            f"the theme's script runs, expected {expected!r}")
        # the theme's code style applies (pygments' line-height is keyed on data-theme)
        ratio = page.evaluate("""() => {
            const s = getComputedStyle(document.querySelector("div.highlight pre"));
            return parseFloat(s.lineHeight) / parseFloat(s.fontSize);
        }""")
        assert ratio == pytest.approx(1.25, abs=0.01), f"{url}: code line height is {ratio:.3f} em, not the theme's 1.25"
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_article_does_not_move_while_loading(browser, server, lang):
    context, page = _fresh_page(browser, "light")
    try:
        page.add_init_script(ARTICLE_SHIFTS)
        url = page_url(server, lang, "case")
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(500)  # the theme's scripts run after load; shifts are reported per frame
        shifts = page.evaluate("window.__articleShifts")
        assert shifts == [], f"{url}: the article moved after the first paint (phone width): {shifts}"
    finally:
        context.close()
