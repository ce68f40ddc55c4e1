"""bootstrap.js runs at the reader's first sign of use, not at load (ext/lean_theme/static/
bootstrap-on-intent.js), and the header it serves still works from the first click."""

import pytest

from browser_site import DESKTOP, LANGS, PHONE

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
