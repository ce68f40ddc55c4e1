"""The glossary: the same terms in both editions, each with the other language's names, and
search in either edition finds the glossary by any of them. Terms, ids and names are read
from the built glossary pages."""

import re
from functools import lru_cache

import pytest

from search_reader import pages_found
from site_reader import SiteReader

LANGS = ("en", "ja")


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
