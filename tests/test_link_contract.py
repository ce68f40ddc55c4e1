"""Every address in tests/link_contract.txt works in both editions; every page and label
of docs/ is in the contract (new ones are added on purpose with `make link-contract`)."""

import re
import runpy
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

import pytest

from link_contract import CONTRACT, read_contract, source_entries
from site_reader import BUILD, ROOT, source_pages
from site_facts import LANGUAGES

CONF = runpy.run_path(str(ROOT / "conf.py"))
REDIRECTS = CONF["redirects"]
CONTRACT_ENTRIES = read_contract()


@lru_cache(maxsize=None)
def html(lang, page):
    path = BUILD / lang / page
    return path.read_text(encoding="utf-8") if path.is_file() else None


def has_id(text, anchor):
    return re.search(rf'\bid="{re.escape(anchor)}"', text) is not None


def redirect_target(page):
    """The page a redirect stub sends to, as a path from the edition's root."""
    target = REDIRECTS[page[: -len(".html")]]
    return urlsplit(urljoin(f"https://x/{page}", target)).path.lstrip("/")


def test_contract_lists_every_page_and_label_of_the_sources():
    missing = [e for e in source_entries() if e not in CONTRACT_ENTRIES]
    assert not missing, (
        f"not in {CONTRACT.name}: {missing}\nrun `make link-contract`, review and commit the new addresses"
    )


def test_contract_has_no_duplicates():
    assert len(CONTRACT_ENTRIES) == len(set(CONTRACT_ENTRIES))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_contract_address_works(lang):
    pages = {f"{p}.html" for p in source_pages()}
    broken = []
    for entry in CONTRACT_ENTRIES:
        page, _, anchor = entry.partition("#")
        if not page.endswith(".html"):  # a download (a notebook): the file must be there
            if not (BUILD / lang / page).is_file():
                broken.append(f"{entry}: {lang}/{page} was not built")
            continue
        if page not in pages:
            # a page that moved: its old address must be a redirect to a page that exists
            if page[: -len(".html")] not in REDIRECTS:
                broken.append(f"{entry}: no such page and no redirect in conf.py")
                continue
            page = redirect_target(page)
        text = html(lang, page)
        if text is None:
            broken.append(f"{entry}: {lang}/{page} was not built")
        elif anchor and not has_id(text, anchor):
            broken.append(f"{entry}: no element with id {anchor!r} in {lang}/{page}")
    assert not broken, f"{lang}: addresses of the link contract that stopped working:\n" + "\n".join(broken)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("old", sorted(REDIRECTS))
def test_redirect_stub_sends_to_its_target_and_keeps_the_anchor(lang, old):
    stub = html(lang, f"{old}.html")
    assert stub is not None, f"{lang}/{old}.html: no redirect page was written"
    target = REDIRECTS[old]
    assert f'url={target}"' in stub, f"{lang}/{old}.html: no meta refresh to {target}"
    assert "window.location.hash" in stub, f"{lang}/{old}.html: the #anchor would be lost"
    assert html(lang, redirect_target(f"{old}.html")) is not None, f"{old} -> {target}: target not built"


def test_redirects_point_to_source_pages():
    pages = {f"{p}.html" for p in source_pages()}
    for old in REDIRECTS:
        assert f"{old}.html" not in pages, f"{old}: a page still exists there, the redirect would overwrite it"
        assert redirect_target(f"{old}.html") in pages, f"{old} -> {REDIRECTS[old]}: not a page"
