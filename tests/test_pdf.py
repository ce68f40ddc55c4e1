"""The PDF of each edition (`make pdf`): the whole site as a book, read back with poppler.

pdftotext gives the text a reader can search and copy; pdffonts lists every font the
file uses and whether it is embedded.
"""

import re

import pytest

from book_reader import LANGS, book, case_headings, run, squeeze, tool, topic_titles
from site_reader import SiteReader, source_math, source_pages
from ui_language import JAPANESE


@pytest.fixture(scope="module", params=LANGS)
def pdf(request):
    lang = request.param
    path = book("pdf", lang)
    text = run(tool("pdftotext", "poppler-utils"), "-enc", "UTF-8", str(path), "-")
    return lang, path, text


def test_every_case_heading_and_topic_title_is_in_the_book(pdf):
    lang, _path, text = pdf
    flat = squeeze(text)
    wanted = case_headings(lang) + topic_titles(lang)
    missing = [h for h in wanted if squeeze(h) not in flat]
    assert not missing, f"{lang}: not in the PDF's text: {missing}"


def test_every_page_is_a_chapter(pdf):
    """Each page (a chapter) starts with its title; the table of contents lists them all."""
    lang, _path, text = pdf
    site = SiteReader(lang)
    pages = [p for p in source_pages() if p not in ("index", "404")]
    flat = squeeze(text)
    for page in pages:
        title = squeeze(site.page(page).select_one("article h1").get_text().rstrip("#¶").strip())
        assert flat.count(title) >= 2, f"{lang}: {page}'s title is not in both the contents and the text"


def test_the_title_page_names_the_torch_that_computed_the_outputs(pdf):
    lang, path, _text = pdf
    first = run("pdftotext", "-l", "1", "-enc", "UTF-8", str(path), "-")
    footer = SiteReader(lang).page("index").select_one("p.component-torch-version").get_text(strip=True)
    assert squeeze(footer) in squeeze(first), f"{lang}: title page: {first!r}"


def test_formulas_are_typeset_not_tex_source(pdf):
    """Every TeX command the pages' formulas use is typeset: no command name is left in the
    text, and the symbols of \\partial, \\top and \\sum are there as characters."""
    lang, _path, text = pdf
    math = " ".join(tex for page in source_pages() for tex in source_math(page))
    commands = set(re.findall(r"\\([A-Za-z]+)", math))
    assert {"partial", "top", "frac"} <= commands, commands
    leaked = sorted(c for c in commands if "\\" + c in text)
    assert not leaked, f"{lang}: TeX source in the PDF's text: {leaked}"
    normal = squeeze(text)
    for command, symbol in {"partial": "∂", "top": "⊤", "sum": "∑"}.items():
        if command in commands:
            assert symbol in normal, f"{lang}: \\{command} is used but {symbol} is not in the PDF's text"


def test_every_font_is_embedded(pdf):
    lang, path, _text = pdf
    rows = run(tool("pdffonts", "poppler-utils"), str(path)).splitlines()[2:]
    # a long name pushes the columns right: read them from the end (emb sub uni object ID)
    fonts = [(row.split()[0], row.split()[-5]) for row in rows]
    assert fonts, f"{lang}: pdffonts lists no font"
    assert all(e == "yes" for _n, e in fonts), f"{lang}: fonts not embedded: {[n for n, e in fonts if e != 'yes']}"


def test_the_japanese_book_is_japanese():
    path = book("pdf", "ja")
    text = run(tool("pdftotext", "poppler-utils"), "-enc", "UTF-8", str(path), "-")
    japanese = len(JAPANESE.findall(text))
    assert japanese > len(text) // 10, f"only {japanese} Japanese characters in {len(text)}"
    fonts = run("pdffonts", str(path))
    assert "HaranoAji" in fonts, fonts


def test_internal_links_resolve(pdf):
    """Every cross-reference and contents entry found its target when LaTeX ran (the log of
    the last run names each that did not), and every section of every page (its h2 on the
    site) is a destination in the book."""
    lang, path, _text = pdf
    log = (path.parents[2] / "latex" / lang / path.with_suffix(".log").name).read_text(encoding="utf-8", errors="replace")
    assert not re.findall(r"(?:Reference|Hyper reference) `[^']*' .*undefined", log), f"{lang}: undefined references"
    assert "There were undefined references" not in log, f"{lang}: undefined references"
    dests = run("pdfinfo", "-dests", str(path))
    sections = len(re.findall(r'"section\.\d+\.\d+"', dests))
    wanted = sum(len(SiteReader(lang).page(p).select("article h2")) for p in source_pages()
                 if p not in ("index", "404"))
    assert sections == wanted, f"{lang}: {sections} section destinations for {wanted} sections"
