"""The glossary: the same terms in both editions, each with the other language's names, and
search in either edition finds the glossary by any of them. Terms, ids and names are read
from the built glossary pages."""

import re
from functools import lru_cache
from posixpath import dirname, join, normpath

import pytest
from bs4 import BeautifulSoup

from search_reader import pages_found
from site_reader import SiteReader
from site_facts import LANGUAGES

LANGS = LANGUAGES


@lru_cache(maxsize=None)
def reader(lang):
    return SiteReader(lang)


@lru_cache(maxsize=None)
def entries(lang):
    """One entry per definition: (ids, names in this edition, names the entry gives for search)."""
    found = []
    for dl in reader(lang).page("glossary").select("article dl.glossary"):
        ids, names = [], []
        for child in dl.find_all(["dt", "dd"], recursive=False):
            if child.name == "dt":
                ids.append(child["id"])
                names.append(child.get_text("", strip=True).rstrip("#").strip())
            else:
                others = [s.get_text(strip=True) for s in child.select("[lang]")]
                found.append((tuple(ids), tuple(names), tuple(names) + tuple(others)))
                ids, names = [], []
    return found


def test_both_editions_define_the_same_terms():
    en, ja = ({ids for ids, _, _ in entries(lang)} for lang in LANGS)
    assert len(en) >= 25, f"en glossary: only {len(en)} entries"
    assert en == ja, f"terms only in en: {sorted(en - ja)}; only in ja: {sorted(ja - en)}"
    for _ids, names, _ in entries("ja"):
        assert all(re.search(r"[\u3041-\u30ff\u4e00-\u9fff]", n) for n in names), f"ja glossary: {names} not Japanese"


@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_gives_the_other_editions_names(lang):
    other = re.compile(r"[\u3041-\u30ff\u4e00-\u9fff]" if lang == "en" else r"^[A-Za-z]")
    bare = [names for _, names, searched in entries(lang) if not any(other.search(n) for n in searched[len(names):])]
    assert not bare, f"{lang}/glossary: entries without a name in the other language: {bare}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("searched_in", LANGS)
def test_search_finds_a_term_by_any_of_its_names(lang, searched_in):
    names = {n for _, _, searched in entries(lang) for n in searched}
    missed = sorted(n for n in names if "glossary" not in pages_found(searched_in, n))
    assert not missed, f"{searched_in}: searching these names of {lang}/glossary does not find the glossary: {missed}"


def reading_order(lang):
    """Page names from the start page, following each page's "next" link, glossary excluded."""
    names, name = [], "index"
    while name is not None and name not in names:
        names.append(name)
        link = reader(lang).page(name).select_one("a.right-next")
        name = None if link is None else _page_name(name, link["href"])
    return [n for n in names if n != "glossary"]


def _page_name(current, href):
    return normpath(join(dirname(current), href.split("#")[0])).removesuffix(".html")


def prose_blocks(soup):
    """Paragraphs and table cells of the article, as text without code, math, names in the
    other language and links other than to the glossary; each with its glossary links."""
    for block in soup.select("article p, article td, article th"):
        if block.find_parent(class_="cell_output") or "check-route" in block.get("class", []):
            continue
        block = BeautifulSoup(str(block), "html.parser")
        terms = {a["href"].split("#term-")[1] for a in block.select('a[href*="#term-"]')}
        for cut in block.select("code, .math, [lang], a:not([href*='#term-'])"):
            cut.decompose()
        yield block.get_text(" "), terms


def name_pattern(lang, name):
    if lang == "ja":
        return re.escape(name)
    words = r"[\s-]+".join(re.escape(w) for w in name.split())
    plural = "(?:s|es)?"
    if name.endswith("y"):  # penalty, penalties
        words, plural = words[:-1], "(?:y|ies)"
    return rf"(?<![\w-]){words}{plural}(?![\w-])"


@pytest.mark.parametrize("lang", LANGS)
def test_each_term_links_to_the_glossary_at_its_first_use(lang):
    """Reading the pages in order, the first paragraph that names a term links it; names are
    matched longest first, so `gradient penalty` is not a use of `gradient`."""
    names = sorted(
        ((name, ids[0].removeprefix("term-")) for ids, ns, _ in entries(lang) for name in ns),
        key=lambda item: -len(item[0]),
    )
    flags = re.IGNORECASE if lang == "en" else 0
    pending = {term for _, term in names}
    unlinked = []
    for page in reading_order(lang):
        for block, linked in prose_blocks(reader(lang).page(page)):
            text, used = block, set()
            for name, term in names:
                text, n = re.subn(name_pattern(lang, name), " ", text, flags=flags)
                if n:
                    used.add(term)
            for term in sorted(used & pending):
                pending.discard(term)
                if term not in linked:
                    unlinked.append(f"{page}: {term!r} in {' '.join(block.split())[:90]!r}")
    assert len(reading_order(lang)) > 10, f"{lang}: reading order stops early: {reading_order(lang)}"
    if unlinked:  # the list alone: each line names the page, the term and the paragraph
        pytest.fail(f"{lang}: first uses that do not link to the glossary (add {{term}}):\n" + "\n".join(unlinked),
                    pytrace=False)
