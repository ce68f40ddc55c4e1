"""Each edition's search index answers the words its readers type.

The lookup and the pages that use a word: tests/search_reader.py. The browser side, the
real search page from file:// and a server: tests/browser/test_browser_search.py.
"""

import re

import pytest

from ja_search import query_units
from search_reader import NAMED, pages_found, pages_using, words_of_the_site
from site_facts import LANGUAGES

IDENTIFIER = re.compile(r"(?<![\w.])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?![\w])|(?<![\w.])[A-Za-z]\w*_\w+(?![\w.])")
# a run of kanji and katakana as a reader sees it: between kana, Latin, spaces, punctuation
JAPANESE_RUN = re.compile(r"(?<![\u30a0-\u30ff\u4e00-\u9fff々0-9])[\u30a1-\u30fa\u4e00-\u9fff々][\u30a0-\u30ff\u4e00-\u9fff々]*(?![\u30a0-\u30ff\u4e00-\u9fff々0-9])")


@pytest.mark.parametrize("lang,query", NAMED)
def test_search_finds_exactly_the_pages_that_use_the_word(lang, query):
    using = pages_using(lang, query)
    assert using, f"{lang}: no page uses {query!r}: not a word of the site"
    found = pages_found(lang, query)
    assert found >= using, f"{lang}: {query!r} misses {sorted(using - found)} (finds {len(found)} of {len(using)})"
    assert found <= using, f"{lang}: {query!r} also finds {sorted(found - using)}, which do not use it"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_identifier_of_the_site_finds_its_pages(lang):
    identifiers = words_of_the_site(lang, IDENTIFIER)
    assert len(identifiers) > 50, f"{lang}: only {len(identifiers)} identifiers found in the pages"
    missed = {w: sorted(pages - pages_found(lang, w)) for w, pages in identifiers.items()}
    missed = {w: p for w, p in missed.items() if p}
    assert not missed, f"{lang}: {len(missed)} identifiers miss pages that use them: {dict(list(missed.items())[:10])}"


def test_every_japanese_word_of_the_site_finds_its_pages():
    runs = words_of_the_site("ja", JAPANESE_RUN)
    assert len(runs) > 500, f"ja: only {len(runs)} kanji/katakana words found in the pages"
    missed = {w: sorted(pages - pages_found("ja", w)) for w, pages in runs.items()}
    missed = {w: p for w, p in missed.items() if p}
    assert not missed, f"ja: {len(missed)} words miss pages that use them: {dict(list(missed.items())[:10])}"


@pytest.mark.parametrize("query,units", [
    ("grad_outputs", ["grad_outputs"]),
    ("ｇｒａｄ＿ｏｕｔｐｕｔｓ", ["grad_outputs"]),  # typed with the IME's full-width letters
    ("torch.autograd.grad()", ["torch.autograd.grad"]),
    ("二階微分", ["2階微分"]),  # a count in digits, as the pages write it
    ("ベクトル・ヤコビアン積", ["ベクトル・ヤコビアン積"]),
    ("勾配を求める", ["勾配", "求"]),
    ("grad_outputs の形", ["grad_outputs", "形"]),
    ("すべて", ["すべて"]),
])
def test_japanese_query_units(query, units):
    assert query_units(query) == units


@pytest.mark.parametrize("lang,query", [("en", "grad_outputs"), ("ja", "勾配"), ("ja", "ヤコビアン")])
def test_search_finds_the_case_pages(lang, query):
    found = pages_found(lang, query)
    cases = {p for p in found if p.startswith("cases/")}
    assert len(cases) == 4, f"{lang}: searching {query!r} finds case pages {sorted(cases)} of {sorted(found)}"


# The topic pages, and the words a reader types to reach them: the same page in each edition.
KEY_TERMS = {
    "topics/input-derivatives": {"en": ["Laplacian", "PINN", "u_xx"], "ja": ["ラプラシアン", "PINN", "u_xx"]},
    "topics/batched-jacobians": {"en": ["jacrev", "vmap"], "ja": ["jacrev", "vmap"]},
    "topics/zero-second-derivatives": {"en": ["ReLU", "softplus"], "ja": ["ReLU", "softplus"]},
    "topics/graph-cuts": {"en": ["detach", "set_detect_anomaly"], "ja": ["detach", "set_detect_anomaly"]},
    "topics/forward-mode-hvp": {"en": ["forward_ad", "HVP"], "ja": ["forward_ad", "HVP", "双対数"]},
    "topics/gradient-penalty": {"en": ["WGAN-GP", "GradScaler", "DistributedDataParallel", "R1"],
                                "ja": ["WGAN-GP", "GradScaler", "DistributedDataParallel", "混合精度"]},
    "topics/meta-learning": {"en": ["MAML", "functional_call", "FOMAML"], "ja": ["MAML", "functional_call", "メタ学習"]},
    "topics/torch-compile": {"en": ["torch.compile", "trace_autograd_ops"], "ja": ["torch.compile", "グラフブレーク"]},
    "topics/complex-numbers": {"en": ["Wirtinger", "holomorphic"], "ja": ["ウィルティンガー", "正則"]},
    "topics/modes-and-hooks": {"en": ["inference_mode", "register_hook", "only_inputs", "no_grad"],
                               "ja": ["inference_mode", "register_hook", "only_inputs", "推論テンソル"]},
    "topics/dtypes-and-layouts": {"en": ["dtype", "sparse_coo"], "ja": ["dtype", "sparse_coo", "疎"]},
    "topics/autograd-functional": {"en": ["torch.autograd.functional", "vectorize"],
                                   "ja": ["torch.autograd.functional", "vectorize"]},
}


@pytest.mark.parametrize("page,lang,query", [
    (page, lang, query) for page, terms in KEY_TERMS.items() for lang, queries in terms.items() for query in queries
])
def test_search_finds_each_topic_page_by_its_key_terms(page, lang, query):
    found = pages_found(lang, query)
    assert page in found, f"{lang}: searching {query!r} does not find {page} (finds {sorted(found)})"
