"""Every local link and asset reference in the built site points to a file that exists.

Anchors are the link contract's business (tests/test_link_contract.py); this catches a
link to a page or file that was never built, such as a download button to a source file
the build does not copy.
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from site_reader import BUILD

REFERENCES = [("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src")]


def built_pages():
    # 404.html links by absolute path from the server's root: tests/test_publishing.py
    return sorted(p for p in BUILD.rglob("*.html") if p.name != "404.html")


def broken_references(page: Path):
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for tag, attr in REFERENCES:
        for element in soup.find_all(tag, attrs={attr: True}):
            parts = urlsplit(element[attr])
            if parts.scheme or parts.netloc or not parts.path:
                continue  # another host, mailto:, javascript:, or an anchor on this page
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                yield f"<{tag} {attr}={element[attr]!r}>"


@pytest.mark.parametrize("page", built_pages(), ids=lambda p: str(p.relative_to(BUILD)))
def test_local_references_exist(page):
    broken = sorted(set(broken_references(page)))
    assert not broken, f"{page.relative_to(BUILD)}: points to missing files: {broken}"


def test_the_site_was_built():
    assert (BUILD / "en" / "index.html").exists() and (BUILD / "ja" / "index.html").exists(), (
        "no built site under _build/html: run `make html` first"
    )
