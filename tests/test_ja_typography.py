"""Japanese typography of the built ja edition: what a CJK page must not do.

- No italics on Japanese text. CJK fonts have no italic face: the browser slants the glyphs
  synthetically, which reads as a rendering fault. Emphasis in Japanese is bold or 「」.
- No half-width space between a link whose text is Japanese and the Japanese text beside it.
  The site's spacing rule (a space between kana/kanji and code, Latin words and math) is for
  Latin text; a space before or after 「基本ページの共通の例」 splits a Japanese sentence.
- No error heading dropped into a sentence. The headings of the errors page are
  「"English message": 日本語の要約」; a bare {ref} to one pastes all of that into the prose
  (「…エッジは "grad can be …": スカラーでない出力に grad_outputs がない を送出する」). The
  catalog gives such a reference a short title: 「{ref}`入力が計算グラフで使われていない <errors-not-used>`」.

Each problem is reported as ``page: the offending text`` with the link or the emphasis in
[brackets], so it can be found in the catalog by searching for its words.
"""

import re

import pytest
from bs4 import BeautifulSoup

from site_reader import BUILD, source_pages

# Kana, kanji and the full-width punctuation of Japanese prose (「」（）、。・ー and friends)
JAPANESE = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60々〆"
# Marks put around each link before the block's text is read: \x01 link text \x02
OPEN, CLOSE = "\x01", "\x02"
ERROR_HEADING = re.compile(r'^"[^"]+": ')  # "English message": 日本語の要約
IS_JAPANESE = re.compile(f"[{JAPANESE}]")
LINK = re.compile(f"{OPEN}([^{CLOSE}]*){CLOSE}")
JAPANESE_THEN_SPACES = re.compile(f"[{JAPANESE}] +$")
SPACES_THEN_JAPANESE = re.compile(f" +[{JAPANESE}]")
ITALIC_TAGS = ["em", "i", "cite", "dfn", "var"]
# Blocks whose text is one run of prose: a link's neighbours are read inside them
BLOCKS = ["p", "li", "dt", "dd", "td", "th", "caption", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6"]


def article(page):
    path = BUILD / "ja" / f"{page}.html"
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make html` first", pytrace=False)
    art = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article.bd-article")
    assert art is not None, f"ja/{page}.html: no <article class=bd-article>"
    return art


def italic_japanese(art):
    """Text of every italic element whose text contains Japanese."""
    return [tag.get_text() for tag in art.find_all(ITALIC_TAGS) if IS_JAPANESE.search(tag.get_text())]


def spaced_links(art):
    """Each Japanese link with a half-width space between it and Japanese text beside it."""
    for a in art.find_all("a"):
        if {"headerlink", "section-permalink"} & set(a.get("class", [])):
            a.decompose()  # the ¶ and copy-link buttons are not prose
    for a in art.find_all("a"):
        a.insert_before(OPEN)
        a.insert_after(CLOSE)
    found = []
    for block in art.find_all(BLOCKS):
        if block.find(BLOCKS):
            continue  # read the innermost block, once
        text = block.get_text()
        for m in LINK.finditer(text):
            before, link, after = text[: m.start()], m.group(1), text[m.end() :]
            if JAPANESE_THEN_SPACES.search(before) and IS_JAPANESE.match(link) or (
                SPACES_THEN_JAPANESE.match(after) and IS_JAPANESE.match(link[-1:])
            ):
                shown = f"{before[-12:]}[{link}]{after[:12]}"
                found.append(shown.replace(OPEN, "").replace(CLOSE, ""))
    return found


def headings_in_prose(art):
    """Links in the prose (not in a table of contents) whose text is a whole error heading."""
    return [
        a.get_text()
        for a in art.find_all("a")
        if ERROR_HEADING.match(a.get_text()) and a.find_parent(class_="toctree-wrapper") is None
    ]


@pytest.mark.parametrize("page", source_pages())
def test_no_italics_on_japanese(page):
    found = italic_japanese(article(page))
    if found:  # the message alone: it names the page and the text
        pytest.fail(
            f"ja/{page}.html: italics on Japanese text (CJK fonts have no italic face; write "
            f"**bold** or 「」 in the catalog): {found}",
            pytrace=False,
        )


@pytest.mark.parametrize("page", source_pages())
def test_no_half_width_space_beside_japanese_link_text(page):
    found = spaced_links(article(page))
    if found:
        pytest.fail(
            f"ja/{page}.html: a half-width space between Japanese text and a Japanese link, "
            f"shown as [link] (in the catalog write 「{{ref}}`…`」 or put the role right after "
            f"the kana): {found}",
            pytrace=False,
        )


@pytest.mark.parametrize("page", source_pages())
def test_no_error_heading_pasted_into_a_sentence(page):
    found = headings_in_prose(article(page))
    if found:
        pytest.fail(
            f"ja/{page}.html: a reference pastes a whole error heading into the prose (give it "
            f"a short title in the catalog: 「{{ref}}`日本語の要約 <label>`」): {found}",
            pytrace=False,
        )
