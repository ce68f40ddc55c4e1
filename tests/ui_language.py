"""Find the English a reader of the Japanese edition would see or hear on a page.

Read from a page (the built file, or the DOM once its scripts have run): each block of text
(a paragraph, heading, list item, table cell, button, link, label, the <title>) and each
``title``, ``aria-label``, ``placeholder``, ``alt`` and ``data-tooltip`` (the copy button's
tooltip, drawn by CSS). A block passes when it holds Japanese. English may remain only where
it is not prose:

- code, keyboard keys and program output (``code``, ``pre``, ``kbd``, ``samp``) and
  formulas (``math``);
- a word the same page shows as code (a heading ``vjp`` whose link text lost the code
  style in the table of contents);
- text marked as another language (``lang="en"``: the link to the English edition);
- a file-type label of the download menu (``.ipynb``, ``.md``, ``.pdf``).
"""

import re

from bs4 import Comment, Doctype

JAPANESE = re.compile(r"[\u3041-\u30ff\u3400-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.]*")
NOT_PROSE = ("script", "style", "template", "code", "pre", "kbd", "samp", "math")
BLOCKS = ("title", "p", "li", "dt", "dd", "th", "td", "caption", "figcaption",
          "h1", "h2", "h3", "h4", "h5", "h6", "a", "button", "label", "summary", "option", "legend")
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "data-tooltip")
FILE_TYPE = re.compile(r"\.[a-z]{2,5}")


def _other_language(tag):
    owner = tag if tag.has_attr("lang") else tag.find_parent(lang=True)
    return owner is not None and not owner["lang"].startswith("ja")


def _english_left(text, allowed):
    return [w for w in LATIN_WORD.findall(text) if w.strip(".") not in allowed]


def english_in(page):
    """What the page says in English: one line per block or attribute (a BeautifulSoup)."""
    allowed = {w for tag in page.find_all(["code", "pre"]) for w in LATIN_WORD.findall(tag.get_text())}
    found = []
    blocks = {}
    for node in page.find_all(string=True):
        if isinstance(node, (Comment, Doctype)) or not node.strip():
            continue
        if node.find_parent(NOT_PROSE) or _other_language(node.parent):
            continue
        if FILE_TYPE.fullmatch(node.strip()):
            continue
        block = node.find_parent(BLOCKS) or node.parent
        blocks.setdefault(id(block), (block, []))[1].append(str(node))
    for block, texts in blocks.values():
        if not JAPANESE.search(block.get_text()) and _english_left(" ".join(texts), allowed):
            found.append(f"<{block.name}> text {' '.join(texts).strip()[:70]!r}")
    for tag in page.find_all(True):
        if tag.name in NOT_PROSE[:3] or _other_language(tag):
            continue
        for attribute in ATTRIBUTES:
            value = tag.get(attribute)
            if value and not JAPANESE.search(value) and _english_left(value, allowed):
                found.append(f"<{tag.name} {attribute}={value[:70]!r}>")
    return sorted(set(found))
