"""The Japanese pages speak Japanese once their scripts have run (the copy button's tooltip,
the theme's buttons): tests/ui_language.py read on the live DOM. The built files alone:
tests/test_ui_language.py."""

import pytest
from bs4 import BeautifulSoup

from ui_language import JAPANESE, english_in


@pytest.mark.parametrize("kind", ["index", "case", "p2v", "search"])
def test_japanese_page_speaks_japanese_once_its_scripts_ran(loaded, kind):
    page = loaded("ja", kind, "http").page
    found = english_in(BeautifulSoup(page.content(), "html.parser"))
    assert not found, f"ja {kind}: English a reader sees or hears:\n  " + "\n  ".join(found)


def test_copy_button_speaks_japanese(open_page):
    opened = open_page("ja", "case", "http", permissions=("clipboard-read", "clipboard-write"))
    page = opened.page
    cell = page.locator("div.cell div.cell_input").first
    cell.scroll_into_view_if_needed()
    cell.hover()
    button = cell.locator("button.copybtn")
    assert JAPANESE.search(button.get_attribute("data-tooltip") or ""), "ja: the copy button's tooltip"
    button.click()
    page.wait_for_timeout(200)
    after = button.get_attribute("data-tooltip") or ""
    assert JAPANESE.search(after) and after != "コピー", f"ja: after a copy the tooltip says {after!r}"
    opened.watch.assert_clean("ja copy button")
