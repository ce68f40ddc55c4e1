"""Japanese search: the index and the search box cut text into the same units.

Sphinx's Japanese index (TinySegmenter) cuts ``grad_outputs`` into ``grad`` + ``_outputs``
and 計算グラフ into 計算 + グラフ, while the search page splits a query at non-word
characters and keeps 計算グラフ whole; the two never meet, and searching the site's own
parameter names found nothing. Here both sides use one definition of a unit, a regular
expression (``UNIT``) over the text normalised alike (``normalise``: NFKC, so full-width
letters typed with the IME are ASCII; a count such as 二階 written 2階, as the pages do):

- an identifier, dotted names included: ``grad_outputs``, ``torch.autograd.grad``;
- a run of kanji and katakana (with ・, ー, 々 and attached digits): 計算グラフ, 2階微分,
  ベクトル・ヤコビアン積. Hiragana ends a run: 勾配を求める -> 勾配, 求.

The search box (``ja_search.js``, Sphinx's ``splitQuery`` for this language) sends those
units; the index holds every unit of the text and, so that a reader who types part of a
unit also finds it, the parts of each unit:

- the parts of an identifier (``grad``, ``outputs``; ``autograd``, ``autograd.grad``);
- every run of consecutive words that janome, a morphological analyser, finds in a run
  (2階微分 -> 階, 微分, 2階, 階微分), also between the ・ of a run, and the run
  without its ・ (ベクトルヤコビアン積);
- janome's hiragana words (すべて), for a query written in hiragana alone.

A unit that is no unit of a page and longer than two characters still finds a page
through Sphinx's partial match (terms that contain it).

Why units and not words: a morphological analyser cannot run in the page (janome's and
MeCab's dictionaries are tens of MB), and TinySegmenter, which could, cuts a word by the
characters around it, so a word typed alone is cut otherwise than the same word in a
sentence. A unit is bounded by characters the query and the page both show.
"""

import functools
import json
import re
import unicodedata
from pathlib import Path

from sphinx.search import SearchLanguage

# Kanji (with 々 〆 〇) and katakana; inside a run also ・ (U+30FB) and ー (U+30FC). After
# NFKC, half-width katakana are full-width and full-width letters and digits are ASCII.
_JA = r"\u3005-\u3007\u30a1-\u30fa\u30fd-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
IDENTIFIER = r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*"
RUN = rf"[0-9]*[{_JA}][{_JA}\u30fb\u30fc0-9]*"
UNIT = rf"{IDENTIFIER}|{RUN}"
HIRAGANA = r"[\u3041-\u309f]+"  # the units of a query written in hiragana alone

# A count (1 to 9) before one of these counters is written with a digit or a kanji numeral
# (2階微分, 二階微分): both sides write it with the digit, as the pages do.
KANJI_DIGITS = "一二三四五六七八九"
KANJI_COUNT = rf"(?<![{KANJI_DIGITS}十百千])[{KANJI_DIGITS}](?=[階次番個回行列])"
# janome's parts of speech of the words a query in hiragana alone may be
_CONTENT_WORDS = ("名詞", "動詞", "形容詞", "副詞", "連体詞", "接続詞", "感動詞")

_kanji_count = re.compile(KANJI_COUNT)
_unit_re = re.compile(UNIT)
_hiragana_re = re.compile(HIRAGANA)
_latin = re.compile(r"[A-Za-z_]")


def normalise(text):
    """NFKC (full-width letters -> ASCII, half-width katakana -> full-width), counts in digits."""
    text = unicodedata.normalize("NFKC", text)
    return _kanji_count.sub(lambda m: str(KANJI_DIGITS.index(m[0]) + 1), text)


def query_units(query):
    """The units the search box sends for a query (ja_search.js does the same)."""
    text = normalise(query)
    return _unit_re.findall(text) or _hiragana_re.findall(text)


@functools.cache
def _tokenizer():
    from janome.tokenizer import Tokenizer

    return Tokenizer()


@functools.cache
def _words(text):
    """janome's words of a text: (surface, part of speech) pairs."""
    return tuple((t.surface, t.part_of_speech.split(",")[0]) for t in _tokenizer().tokenize(text))


def identifier_parts(identifier):
    """The identifier, every run of its dotted names (autograd.grad), and their words."""
    names = identifier.split(".")
    parts = {".".join(names[a:b]) for a in range(len(names)) for b in range(a + 1, len(names) + 1)}
    for name in names:
        parts.update(p for p in name.split("_") if p)
    return parts


@functools.cache
def run_parts(run):
    """The run, the run without its ・, and every sequence of consecutive janome words in them."""
    parts = set()
    for spelling in {run, run.replace("・", "")}:
        parts.add(spelling)
        for piece in filter(None, spelling.split("・")):
            words = [surface for surface, _pos in _words(piece)]
            for start in range(len(words)):
                for end in range(start + 1, len(words) + 1):
                    parts.add("".join(words[start:end]))
    return {p for p in parts if not p.isdigit()}


def index_units(text):
    """Every unit of the text and the parts of each: what the index holds."""
    text = normalise(text)
    units = []
    for unit in _unit_re.findall(text):
        units.extend(sorted(identifier_parts(unit) if _latin.match(unit) else run_parts(unit)))
    if _hiragana_re.search(text):
        units.extend(
            surface
            for surface, pos in _words(text)
            if pos in _CONTENT_WORDS and len(surface) > 1 and _hiragana_re.fullmatch(surface)
        )
    return units


class SearchJapaneseUnits(SearchLanguage):
    """Sphinx's search language for ``ja``: index and query cut into the same units."""

    lang = "ja"
    language_name = "Japanese"
    js_splitter_code = (
        (Path(__file__).with_suffix(".js")).read_text(encoding="utf-8")
        .replace('"@UNIT@"', json.dumps(UNIT))
        .replace('"@HIRAGANA@"', json.dumps(HIRAGANA))
        .replace('"@KANJI_COUNT@"', json.dumps(KANJI_COUNT))
        .replace('"@KANJI_DIGITS@"', json.dumps(KANJI_DIGITS))
    )

    def split(self, input):
        return index_units(input)

    def word_filter(self, word):
        # one kanji is a word (形, 和, 積); one Latin letter is not worth an index entry
        return not word.isdigit() and (len(word) > 1 or not _latin.match(word))


if "@" in SearchJapaneseUnits.js_splitter_code:
    raise RuntimeError("ext/ja_search.js: a placeholder @…@ was not replaced")


def setup(app):
    app.add_search_language(SearchJapaneseUnits)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
