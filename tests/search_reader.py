"""The words the site's search must answer, what the index answers, and who uses each word.

A query is looked up in the built searchindex.js the way Sphinx's searchtools.js does it:
split into words (English: ``\\w+``; Japanese: ``ja_search.query_units``, the function the
search page runs, checked against the browser in tests/browser/test_browser_search.py),
lowercased, stop words dropped, stemmed; a word matches a term equal to it, or, when it is
longer than two characters and no term equals it, every term containing it; a page must
match every word (words of one or two characters may go unmatched when the longer ones
match). The pages a query should find are the pages whose text contains it, read from the
built HTML.
"""

import json
import re
import unicodedata
from functools import lru_cache

from sphinx.search.en import SearchEnglish

from ja_search import KANJI_DIGITS, SearchJapaneseUnits, query_units
from site_reader import BUILD, SiteReader, source_pages
from site_facts import LANGUAGES

# The site's own words: its parameter names, a dotted name, and Japanese compound terms.
IDENTIFIERS = ["grad_outputs", "retain_graph", "allow_unused", "create_graph", "torch.autograd.grad"]
JAPANESE_TERMS = ["計算グラフ", "ベクトル・ヤコビアン積", "二階微分", "葉テンソル", "逆伝播", "ヤコビアン"]
NAMED = [(lang, q) for lang in LANGUAGES for q in IDENTIFIERS] + [("ja", q) for q in JAPANESE_TERMS]
# sphinx-notfound-page marks the 404 page nosearch: it is no page to find
SEARCHED = [p for p in source_pages() if p != "404"]
STOPWORDS = {"en": SearchEnglish.stopwords, "ja": SearchJapaneseUnits.stopwords}  # the search page skips these


@lru_cache(maxsize=None)
def load_index(lang):
    text = (BUILD / lang / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def split(lang, query):
    if lang == "ja":
        return query_units(query)
    return re.findall(r"\w+", query)


def stem(lang, word):
    return SearchEnglish({}).stem(word) if lang == "en" else word


def _pages(hits):
    return {hits} if isinstance(hits, int) else set(hits)


def pages_found(lang, query):
    """The pages searchtools.js lists for the query (its full-text part)."""
    index = load_index(lang)
    words = {
        stem(lang, w.lower()) for w in split(lang, query) if not w.isdigit() and w.lower() not in STOPWORDS[lang]
    }
    matched = {}
    for word in words:
        for table in ("terms", "titleterms"):
            terms = index[table]
            hits = _pages(terms.get(word, []))
            if len(word) > 2 and word not in terms:
                for term, files in terms.items():
                    if word in term:
                        hits |= _pages(files)
            for file in hits:
                matched.setdefault(file, set()).add(word)
    long_words = {w for w in words if len(w) > 2}
    return {
        index["docnames"][file]
        for file, found in matched.items()
        if len(found) == len(words) or (long_words and found == long_words)
    }


@lru_cache(maxsize=None)
def reader(lang):
    return SiteReader(lang)


BLOCKS = "p, li, dt, dd, th, td, h1, h2, h3, h4, h5, h6, caption"


@lru_cache(maxsize=None)
def page_text(lang, page):
    """The article's text as the index reads it (NFKC, lowercase; no formulas, no ¶ links, no
    check-route notes: ext/check_routes.py draws them when the page is written, after indexing)."""
    article = reader(lang).page(page).select_one("article.bd-article")
    assert article is not None, f"{lang}/{page}.html: no article"
    skipped = {id(tag) for tag in article.select("math, a.headerlink, .section-permalink, .check-route")}
    # the indexer reads a block's text apart from the next one's (a glossary term from its definition)
    def kept(tag):
        return [s for s in tag.find_all(string=True) if not any(id(p) in skipped for p in s.parents)]

    ends = {id(strings[-1]) for tag in article.select(BLOCKS) if (strings := kept(tag))}
    text = "".join(s + ("\n" if id(s) in ends else "") for s in kept(article))
    return unicodedata.normalize("NFKC", text).lower()


def spellings(query):
    """A count written with a kanji numeral is also written with a digit (二階 / 2階)."""
    query = unicodedata.normalize("NFKC", query).lower()
    return {query, query.translate({ord(k): str(i + 1) for i, k in enumerate(KANJI_DIGITS)})}


def pages_using(lang, query):
    return {p for p in SEARCHED if any(s in page_text(lang, p) for s in spellings(query))}


def words_of_the_site(lang, pattern):
    found = {}
    for page in SEARCHED:
        for word in pattern.findall(page_text(lang, page)):
            found.setdefault(word, set()).add(page)
    return found
