"""Each edition's search index answers the words its readers type.

The query is split and stemmed with Sphinx's own language classes, as the search page's
JavaScript does, then looked up in the built searchindex.js.
"""

import json

import pytest
from sphinx.search.en import SearchEnglish
from sphinx.search.ja import SearchJapanese

from site_reader import BUILD

SEARCHERS = {"en": SearchEnglish, "ja": SearchJapanese}
QUERIES = [("en", "grad_outputs"), ("ja", "勾配"), ("ja", "ヤコビアン")]


def load_index(lang):
    text = (BUILD / lang / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def pages_found(lang, query):
    index = load_index(lang)
    searcher = SEARCHERS[lang]({})
    found = set()
    for word in searcher.split(query):
        term = searcher.stem(word.lower())
        for table in ("terms", "titleterms"):
            hits = index[table].get(term, [])
            found.update([hits] if isinstance(hits, int) else hits)
    return {index["docnames"][i] for i in found}


@pytest.mark.parametrize("lang,query", QUERIES)
def test_search_finds_the_case_pages(lang, query):
    found = pages_found(lang, query)
    cases = {p for p in found if p.startswith("cases/")}
    assert len(cases) == 4, f"{lang}: searching {query!r} finds case pages {sorted(cases)} of {sorted(found)}"
