"""The scripts that serve the reader's actions (bootstrap.js, the copy buttons, the section-link
menus) run at the reader's first sign of use, not at load (ext/lean_theme/static/on-intent.js),
and what they serve works from the first click; the search words are marked only on a page a
search result opened."""

import pytest

from browser_site import CASE_ANCHOR, DESKTOP, LANGS, PHONE

HELD = "typeof window.bootstrap === 'undefined' && typeof ClipboardJS === 'undefined'"
COPY_BUTTONS = "document.querySelectorAll('button.copybtn').length"
# conf.py's copybutton_selector: the code a reader copies (cells' inputs, Python blocks)
CODE_BLOCKS = ("document.querySelectorAll('div.cell_input pre, div.highlight-python pre, "
               "div.highlight-default pre').length")
SECTION_LINK = f'a.section-permalink__link[href="#{CASE_ANCHOR}"]'

MENU_OPEN = "document.querySelector('.theme-switch-container .dropdown-menu').classList.contains('show')"


@pytest.mark.parametrize("origin", ["file", "http"])
def test_bootstrap_not_run_at_load(open_page, origin):
    opened = open_page("en", "case", origin, wait="networkidle")
    page = opened.page
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.bootstrap") == "undefined", (
        f"{opened.url}: bootstrap.js ran during the load, before any use of the page")
    title = page.get_attribute(".theme-switch-container", "title")
    assert title, f"{opened.url}: the colour-mode button lost its native title before Bootstrap took over"
    opened.watch.assert_clean(opened.url)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", LANGS)
def test_theme_scrolling_its_sidebar_is_no_sign_of_use(open_page, lang, viewport):
    """The theme scrolls the sidebar to the current page's entry at load (a page low in the
    navigation: the last topic); that scroll is the theme's, not the reader's."""
    opened = open_page(lang, "topics/dtypes-and-layouts", "http", viewport=viewport, wait="networkidle")
    page = opened.page
    page.wait_for_timeout(500)
    assert page.evaluate("typeof window.bootstrap") == "undefined", (
        f"{opened.url}: bootstrap.js ran during the load, before any use of the page")
    page.mouse.wheel(0, 400)
    page.wait_for_function("typeof window.bootstrap === 'object'", timeout=5_000)
    opened.watch.assert_clean(opened.url)


@pytest.mark.parametrize("origin", ["file", "http"])
@pytest.mark.parametrize("lang", LANGS)
def test_first_click_opens_the_colour_menu(open_page, lang, origin):
    """A real click: pointer over the button (loads Bootstrap), then the click itself."""
    opened = open_page(lang, "case", origin, color_scheme="light")
    page = opened.page
    page.locator(".theme-switch-button").click()
    page.wait_for_function(MENU_OPEN, timeout=5_000)
    page.locator(".theme-change-button[data-mode=dark]").click()
    page.wait_for_function("document.documentElement.dataset.theme === 'dark'", timeout=5_000)
    opened.watch.assert_clean(opened.url)


def test_click_before_bootstrap_is_ready_still_opens(open_page):
    """A click with no pointer or focus before it (a fast tap, a script): the menu opens anyway."""
    opened = open_page("en", "case", "http", color_scheme="light")
    page = opened.page
    assert page.evaluate("typeof window.bootstrap") == "undefined"
    page.evaluate("document.querySelector('.theme-switch-button').dispatchEvent("
                  "new MouseEvent('click', {bubbles: true, cancelable: true}))")
    page.wait_for_function(MENU_OPEN, timeout=5_000)
    assert page.evaluate("typeof window.bootstrap.Dropdown") == "function"
    opened.watch.assert_clean(opened.url)


def test_hover_turns_titles_into_bootstrap_tooltips(open_page):
    opened = open_page("en", "case", "http")
    page = opened.page
    page.hover(".theme-switch-container")
    page.wait_for_function("window.bootstrap && document.querySelector('.theme-switch-container')"
                           ".hasAttribute('data-bs-original-title')", timeout=5_000)
    opened.watch.assert_clean(opened.url)


@pytest.mark.parametrize("origin", ["file", "http"])
@pytest.mark.parametrize("lang", LANGS)
def test_copy_buttons_and_section_links_come_with_the_first_scroll(open_page, lang, origin):
    opened = open_page(lang, "case", origin, wait="networkidle")
    page = opened.page
    page.wait_for_timeout(300)
    assert page.evaluate(HELD), f"{opened.url}: Bootstrap or ClipboardJS ran during the load"
    assert page.evaluate(COPY_BUTTONS) == 0, f"{opened.url}: copy buttons made during the load"
    assert page.get_attribute(SECTION_LINK, "role") is None, f"{opened.url}: permalinks.js ran during the load"
    page.mouse.wheel(0, 400)
    page.wait_for_function(f"{COPY_BUTTONS} > 0 && {COPY_BUTTONS} === {CODE_BLOCKS}", timeout=5_000)
    page.wait_for_selector(f'{SECTION_LINK}[role="button"]', state="attached", timeout=5_000)
    # copybutton-words.js ran after copybutton.js: the buttons speak the edition's language
    tooltip = page.get_attribute("button.copybtn", "data-tooltip")
    assert tooltip == page.evaluate("Documentation.gettext('Copy')"), f"{opened.url}: copy button says {tooltip!r}"
    opened.watch.assert_clean(opened.url)


@pytest.mark.parametrize("lang", LANGS)
def test_click_on_a_section_link_before_its_script_opens_the_menu(open_page, lang):
    """A tap with nothing before it: the menu opens once permalinks.js is there; the page does
    not jump to the anchor instead."""
    opened = open_page(lang, "case", "http")
    page = opened.page
    assert page.get_attribute(SECTION_LINK, "role") is None
    page.evaluate(f"document.querySelector('{SECTION_LINK}').dispatchEvent("
                  "new MouseEvent('click', {bubbles: true, cancelable: true}))")
    page.wait_for_function(f"document.querySelector('{SECTION_LINK}').getAttribute('aria-expanded') === 'true'",
                           timeout=5_000)
    assert "#" not in page.url, f"{opened.url}: the click went to the anchor: {page.url}"
    opened.watch.assert_clean(opened.url)


@pytest.mark.parametrize("origin", ["file", "http"])
def test_search_words_are_marked_only_when_a_search_led_here(open_page, origin):
    plain = open_page("en", "case", origin, wait="networkidle")
    plain.page.wait_for_timeout(300)
    assert plain.page.evaluate("typeof SphinxHighlight") == "undefined", (
        f"{plain.url}: sphinx_highlight.js loaded without a search")
    searched = open_page("en", "case", origin, query="highlight=grad_outputs")
    searched.page.wait_for_selector("span.highlighted", state="attached", timeout=5_000)
    assert searched.page.evaluate("typeof SphinxHighlight") == "object"
    plain.watch.assert_clean(plain.url)
    searched.watch.assert_clean(searched.url)
