"""Every word a reader of the Japanese edition sees or hears is Japanese.

Every built page of the ja edition (the 404, search and index pages too) is read by
tests/ui_language.py, which says what counts and what may stay English. What scripts write
(the search page's lines, the copy button) is read in the browser:
tests/browser/test_browser_search.py and test_browser_reader.py.
"""

import json
import re

import pytest
from bs4 import BeautifulSoup

from site_reader import BUILD, DOCS
from ui_language import english_in

EDITION = BUILD / "ja"
JS_CATALOG = DOCS / "locale" / "ja" / "LC_MESSAGES" / "sphinx.js"


def pages():
    return sorted(str(p.relative_to(EDITION)) for p in EDITION.rglob("*.html") if "_static" not in p.parts)


def test_the_edition_has_pages():
    assert len(pages()) > 20, f"{EDITION}: only {pages()}"


@pytest.mark.parametrize("page", pages())
def test_japanese_page_speaks_japanese(page):
    found = english_in(BeautifulSoup((EDITION / page).read_text(encoding="utf-8"), "html.parser"))
    assert not found, f"ja/{page}: English a reader sees or hears:\n  " + "\n  ".join(found)


def script_messages():
    """The messages the shipped scripts look up: Sphinx's search and highlight, the copy button."""
    static = EDITION / "_static"
    call = re.compile(r"""(?:\b_|gettext|ngettext)\(\s*"((?:[^"\\]|\\.)*)\"""")
    found = set()
    for name in ("searchtools.js", "sphinx_highlight.js", "doctools.js"):
        found |= {json.loads(f'"{m}"') for m in call.findall((static / name).read_text(encoding="utf-8"))}
    copybutton = (static / "copybutton.js").read_text(encoding="utf-8")
    english = re.search(r"'en': \{(.*?)\}", copybutton, flags=re.S)
    assert english, "_static/copybutton.js: no English messages table (sphinx-copybutton changed)"
    found |= set(re.findall(r"'\w+': '([^']*)'", english.group(1)))
    return found


def translated(value):
    """A non-empty string, or a list of plural forms none of which is empty."""
    return bool(value) and (isinstance(value, str) or all(value))


def test_every_script_message_has_japanese():
    text = JS_CATALOG.read_text(encoding="utf-8")
    catalog = json.loads(text[text.index("addTranslations(") + len("addTranslations(") : text.rindex(")")])
    messages = script_messages()
    assert len(messages) > 8, f"only {sorted(messages)} found in the scripts"
    missing = [m for m in sorted(messages) if not translated(catalog["messages"].get(m))]
    assert not missing, f"{JS_CATALOG.relative_to(DOCS.parent)}: no Japanese for {missing}"
