"""The Japanese catalogs are complete: no untranslated, fuzzy or obsolete entry ships.

Each problem is listed as ``file:line: msgid…`` so a translator can jump straight to it.
"""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from site_reader import DOCS, source_pages

LOCALE = DOCS / "locale" / "ja" / "LC_MESSAGES"


def catalog_problems(po_path: Path):
    with po_path.open("rb") as f:
        catalog = read_po(f, abort_invalid=True)
    rel = po_path.relative_to(DOCS.parent)
    for message in catalog:
        if not message.id:
            continue  # the header
        first = str(message.id if isinstance(message.id, str) else message.id[0])[:60]
        if message.fuzzy:
            yield f"{rel}:{message.lineno}: fuzzy: {first!r}"
        elif not message.string:
            yield f"{rel}:{message.lineno}: untranslated: {first!r}"
    for message in catalog.obsolete.values():
        yield f"{rel}:{message.lineno}: obsolete: {str(message.id)[:60]!r}"


def test_every_page_has_a_japanese_catalog():
    missing = [p for p in source_pages() if not (LOCALE / f"{p}.po").exists()]
    if missing:  # the message alone, no test source: it says what to do
        pytest.fail(f"no catalog for {missing}: run `make intl-update` and translate", pytrace=False)


def test_catalogs_are_complete():
    problems = [line for po in sorted(LOCALE.rglob("*.po")) for line in catalog_problems(po)]
    if problems:  # the list alone, no test source: each line says where and what
        pytest.fail(
            "Japanese catalog entries to fix (translate the msgstr, drop the fuzzy flag, "
            "delete obsolete #~ entries; `make intl-update` first):\n" + "\n".join(problems),
            pytrace=False,
        )
