"""The copy-link control under a case heading (ext/permalinks.py, docs/_static/permalinks.js):
it opens two ways to copy the section's address, and each puts exactly that on the clipboard;
it works from the keyboard, speaks the edition's language and fits a phone."""


import pytest
from bs4 import BeautifulSoup

from browser_site import CASE_ANCHOR, DESKTOP, LANGS, PAGES, PHONE, SITE
from test_browser_reader import axe_source  # noqa: F401  (the fixture)
from ui_language import JAPANESE

CLIPBOARD = ("clipboard-read", "clipboard-write")
LINK = f'a.section-permalink__link[href="#{CASE_ANCHOR}"]'
MENU = f"#section-permalink-menu-{CASE_ANCHOR}"


def section_title(lang):
    """The case's heading as the built page shows it, without the theme's '#' link."""
    soup = BeautifulSoup((SITE / lang / f"{PAGES['case']}.html").read_text(encoding="utf-8"), "html.parser")
    heading = soup.find("section", id=CASE_ANCHOR).find(["h2", "h3"])
    for link in heading.select("a.headerlink"):
        link.decompose()
    return heading.get_text().strip()


def expected(lang, server, fmt):
    url = f"{server}/{lang}/{PAGES['case']}.html#{CASE_ANCHOR}"
    return url if fmt == "url" else f"[{section_title(lang)}]({url})"


def test_the_english_markdown_title_is_the_case_heading():
    assert section_title("en") == "Case 3-1-2: inputs a tensor, grad_outputs a tensor"


def open_case(open_page, lang, viewport=DESKTOP):
    opened = open_page(lang, "case", "http", viewport=viewport, permissions=CLIPBOARD)
    link = opened.page.locator(LINK)
    link.scroll_into_view_if_needed()  # the reader's scroll: permalinks.js loads (conf.py lean_theme_scripts_on_intent)
    opened.page.wait_for_selector(f'{LINK}[role="button"]', timeout=5_000)
    return opened, link


@pytest.mark.parametrize("fmt", ["url", "markdown"])
@pytest.mark.parametrize("lang", LANGS)
def test_each_option_copies_its_form_of_the_address(open_page, server, lang, fmt):
    opened, link = open_case(open_page, lang)
    page = opened.page
    menu = page.locator(MENU)
    assert link.get_attribute("role") == "button" and link.get_attribute("aria-expanded") == "false"
    assert menu.is_hidden()
    link.click()
    assert link.get_attribute("aria-expanded") == "true" and menu.is_visible()
    option = menu.locator(f'button[data-format="{fmt}"]')
    want = expected(lang, server, fmt)
    assert option.locator("code").inner_text() == want, "the option shows something else than it copies"
    page.evaluate("navigator.clipboard.writeText('')")
    option.click()
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t.length > 0)")
    assert page.evaluate("navigator.clipboard.readText()") == want
    # closed, focus back on the button, which says what was copied (aria-live)
    assert menu.is_hidden() and link.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.getAttribute('href')") == f"#{CASE_ANCHOR}"
    said = link.locator(".section-permalink__label").inner_text()
    assert said == option.get_attribute("data-copied")
    assert bool(JAPANESE.search(said)) == (lang == "ja")
    opened.watch.assert_clean(f"{lang} copy {fmt}")


@pytest.mark.parametrize("lang", LANGS)
def test_the_control_works_from_the_keyboard(open_page, server, lang):
    opened, link = open_case(open_page, lang)
    page = opened.page
    menu = page.locator(MENU)
    link.focus()
    page.keyboard.press("Enter")
    assert menu.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.format") == "url"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.format") == "markdown"
    page.keyboard.press("Escape")
    assert menu.is_hidden() and page.evaluate("document.activeElement.getAttribute('href')") == f"#{CASE_ANCHOR}"
    page.keyboard.press(" ")  # Space opens a button too
    assert menu.is_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.evaluate("navigator.clipboard.writeText('')")
    page.keyboard.press("Enter")
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t.length > 0)")
    assert page.evaluate("navigator.clipboard.readText()") == expected(lang, server, "markdown")
    # a click elsewhere closes an open menu
    link.click()
    assert menu.is_visible()
    page.locator("article h1").click()
    assert menu.is_hidden()
    opened.watch.assert_clean(f"{lang} copy-link keyboard")


@pytest.mark.parametrize("lang", LANGS)
def test_the_menu_names_itself_in_the_editions_language(open_page, lang):
    opened, link = open_case(open_page, lang)
    link.click()
    menu = opened.page.locator(MENU)
    names = [menu.get_attribute("aria-label"), link.get_attribute("title")]
    names += [o.inner_text() for o in menu.locator(".section-permalink__option-label").all()]
    for name in names:
        assert name and bool(JAPANESE.search(name)) == (lang == "ja"), f"{lang}: {name!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_axe_with_the_menu_open(open_page, axe_source, lang):  # noqa: F811
    opened, link = open_case(open_page, lang)
    link.click()
    page = opened.page
    page.add_script_tag(path=str(axe_source))
    violations = page.evaluate("""async sel => {
        const r = await axe.run(document.querySelector(sel).closest("p"), {resultTypes: ["violations"]});
        return r.violations.map(v => `${v.impact} ${v.id}: ${v.help} ${v.nodes.map(n => n.target.join(" ") + " " + n.failureSummary).join("; ")}`);
    }""", MENU)
    assert not violations, f"{lang}: {violations}"


@pytest.mark.parametrize("width_name,viewport", [("desktop", DESKTOP), ("phone", PHONE)])
@pytest.mark.parametrize("lang", LANGS)
def test_screenshot_with_the_menu_open(open_page, screenshots_dir, lang, width_name, viewport):
    """Saved as _build/screenshots/<lang>-case-copy-link-<width>.png for a person to look at."""
    opened, link = open_case(open_page, lang, viewport)
    page = opened.page
    link.click()
    menu = page.locator(MENU)
    box = menu.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], f"{lang} {width_name}: menu {box} is cut"
    for option in menu.locator("button").all():
        assert option.bounding_box()["height"] >= 44 or width_name == "desktop", "a finger-sized target"
    page.evaluate("y => window.scrollBy(0, y)", box["y"] - 260)  # the heading above it in view
    path = screenshots_dir / f"{lang}-case-copy-link-{width_name}.png"
    page.screenshot(path=str(path))
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{lang} {width_name}: the open menu makes the page scroll sideways by {overflow}px"
