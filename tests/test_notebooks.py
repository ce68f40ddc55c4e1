"""The executed notebooks each edition offers for download (ext/notebooks.py).

Each page with code cells links its notebook from the download menu; the file is valid
nbformat, shows the outputs the page shows, reads in the edition's language, and runs top
to bottom in a fresh kernel, giving those outputs again.
"""

import copy
import json
import re
from functools import lru_cache

import nbformat
import pytest

from site_reader import BUILD, SiteReader, code_cells, source_pages
from site_facts import LANGUAGES, PUBLIC_URL
from ui_language import JAPANESE

LANGS = LANGUAGES
ANSI = re.compile(r"\x1b\[[0-9;]*m")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.]*")
# Pages run again in a fresh kernel, in both editions: the shared example's case page (the
# page wikis link to most; errors, results and printed values) and the errors page (46 cells
# that raise: the error types and messages a reader meets). Both run in about 15 s each.
RUN_PAGES = ("cases/outputs-tensor", "topics/errors")


def pages_with_code():
    """Pages whose source has a code cell: these, and only these, offer a notebook."""
    return [p for p in source_pages() if code_cells(p)]


@lru_cache(maxsize=None)
def reader(lang):
    return SiteReader(lang)  # one per edition: it keeps each page it has parsed


def notebook_href(lang, page):
    link = reader(lang).page(page).select_one("a.btn-download-notebook-button")
    return link["href"] if link else None


@lru_cache(maxsize=None)
def downloaded(lang, page):
    """The notebook the page's download menu links to, read as nbformat 4."""
    href = notebook_href(lang, page)
    assert href, f"{lang}/{page}.html: no .ipynb in the download menu"
    path = (BUILD / lang / page).parent / href
    assert path.exists(), f"{lang}/{page}.html links {href}, which was not built"
    return nbformat.read(path, as_version=4)


def page_cells(lang, page):
    """(source, [output texts]) of each code cell the page shows, in order."""
    cells = []
    for cell in reader(lang).page(page).select("article div.cell"):
        outs = [o.get_text() for o in cell.select("div.cell_output div.output")]
        cells.append((cell.select_one("div.cell_input").get_text(), outs))
    return cells


def output_text(output):
    """What a notebook output shows as text: a result's text/plain, a stream, a traceback."""
    if output.output_type == "stream":
        return output.text
    if output.output_type == "error":
        return ANSI.sub("", "\n".join(output.traceback))
    return output.data["text/plain"]


def page_code_cells(notebook):
    return [c for c in notebook.cells if c.cell_type == "code" and c.get("id") != "torch-version"]


def same_text(a, b):
    return a.strip() == b.strip()


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_with_code_offers_its_notebook_and_only_those(lang):
    offered = sorted(p for p in source_pages() if notebook_href(lang, p))
    assert offered == pages_with_code()
    for page in offered:  # beside the page's source, where the theme's menu points
        assert notebook_href(lang, page).endswith(f"_sources/{page}.ipynb")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", pages_with_code())
def test_notebook_is_valid_and_shows_the_pages_outputs(lang, page):
    notebook = downloaded(lang, page)
    nbformat.validate(notebook)
    shown, cells = page_cells(lang, page), page_code_cells(notebook)
    assert len(cells) == len(shown), f"{lang}/{page}: {len(cells)} code cells, the page shows {len(shown)}"
    for index, (cell, (source, outputs)) in enumerate(zip(cells, shown)):
        assert same_text(cell.source, source), f"{lang}/{page}: code cell {index} differs from the page"
        texts = [output_text(o) for o in cell.outputs]
        assert len(texts) == len(outputs) and all(map(same_text, texts, outputs)), (
            f"{lang}/{page}: code cell {index} ({cell.source[:40]!r}) outputs {texts} but the page shows {outputs}")
    # nothing that changes from build to build or machine to machine
    assert set(notebook.metadata) <= {"kernelspec", "language_info"}
    assert not [c for c in notebook.cells if "execution" in c.metadata], f"{lang}/{page}: execution timings"


def _blocks(notebook):
    """Lines of the notebook's Markdown cells, math blocks and code fences left out."""
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        fence = None
        for line in cell.source.splitlines():
            mark = line.strip()[:3] if line.strip()[:3] in ("$$", "```") else None
            if fence or mark:
                fence = None if (fence and mark == fence) else (fence or mark)
                continue
            if line.strip() and not set(line.strip()) <= set("|-: "):  # table separator rows
                yield line


def _prose(line):
    """A Markdown line without code spans, math, link targets and list or heading marks."""
    line = re.sub(r"`[^`]*`", " ", line)
    line = re.sub(r"\$[^$]*\$", " ", line)
    line = re.sub(r"\]\([^)]*\)", "]", line)
    return line


@pytest.mark.parametrize("page", pages_with_code())
def test_japanese_notebook_reads_in_japanese(page):
    ja, en = downloaded("ja", page), downloaded("en", page)
    # identifiers the notebook shows as code may stand alone (a heading `vjp`, a table cell)
    code = " ".join(c.source for c in ja.cells if c.cell_type == "code")
    code += " ".join(re.findall(r"`([^`]*)`", " ".join(c.source for c in ja.cells if c.cell_type == "markdown")))
    allowed = set(LATIN_WORD.findall(code))
    english_lines = {line for line in _blocks(en) if LATIN_WORD.search(_prose(line))}
    left = []
    for line in _blocks(ja):
        words = [w for w in LATIN_WORD.findall(_prose(line)) if w.strip(".") not in allowed]
        if (words and not JAPANESE.search(line)) or (line in english_lines and words):
            left.append(line[:80])
    assert not left, f"ja/{page}: English left in the notebook's Markdown:\n  " + "\n  ".join(left)
    markdown = "\n".join(c.source for c in ja.cells if c.cell_type == "markdown")
    assert JAPANESE.search(markdown)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", pages_with_code())
def test_links_lead_to_the_published_pages(lang, page):
    """Roles became links to the edition's published pages; each names a built page and section."""
    markdown = "\n".join(c.source for c in downloaded(lang, page).cells if c.cell_type == "markdown")
    # MyST that plain Jupyter shows as text is gone: roles, labels, directives
    assert not re.search(r"\{(ref|doc|term|numref|eq)\}`|^\([\w-]+\)=$|^```\{", markdown, re.M), f"{lang}/{page}: MyST left"
    base = PUBLIC_URL.format(lang=lang)
    for _text, url in re.findall(r"\[((?:[^\]\\]|\\.)+)\]\(([^)]+)\)", markdown):
        if "autograd-grad-guide." not in url:
            continue  # pytorch.org and other sites, as the page links them
        assert url.startswith(base), f"{lang}/{page}: {url} is not in this edition"
        target, _, anchor = url.removeprefix(base).partition("#")
        built = reader(lang).page(target.removesuffix(".html"))
        assert not anchor or built.find(id=anchor), f"{lang}/{page}: {url} has no section {anchor!r}"


def test_a_link_without_its_own_words_takes_the_sections_title():
    """{ref}`basics-shared-example` reads as the section's title, as on the page."""
    title = reader("en").section("basics", "basics-shared-example").find(["h2", "h3"]).get_text()
    url = PUBLIC_URL.format(lang="en") + "basics.html#basics-shared-example"
    markdown = "\n".join(c.source for c in downloaded("en", "cases/outputs-tensor").cells)
    assert f"[{title.rstrip('#').strip()}]({url})" in markdown


def _torch_cell(notebook):
    cells = [c for c in notebook.cells if c.cell_type == "code"]
    assert cells[0].get("id") == "torch-version", "the first code cell is not the torch check"
    return cells[0]


@pytest.fixture
def fresh_kernel(tmp_path, monkeypatch):
    """Run a copy of a notebook top to bottom in a fresh kernel: an empty IPython folder, so
    none of the build's kernel profile (short tracebacks, seeds, warning format)."""
    from nbclient import NotebookClient

    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))

    def run(notebook):
        ran = copy.deepcopy(notebook)
        NotebookClient(ran, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
        return ran

    return run


def shown_by_a_reader(output):
    """A reader's kernel prints the whole traceback; the page, built with a short one, shows
    its last line, ``RuntimeError: message``: that line is what must agree."""
    if output.output_type == "error":
        return f"{output.ename}: {output.evalue}".strip()
    return output_text(output).strip()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", RUN_PAGES)
def test_downloaded_notebook_runs_in_a_fresh_kernel_and_gives_the_pages_outputs(lang, page, fresh_kernel):
    ran = fresh_kernel(downloaded(lang, page))
    assert _torch_cell(ran).outputs == [], "the torch check printed something with the torch that built the page"
    shown = page_cells(lang, page)
    cells = page_code_cells(ran)
    assert len(cells) == len(shown)
    for index, (cell, (_source, outputs)) in enumerate(zip(cells, shown)):
        got = [shown_by_a_reader(o) for o in cell.outputs]
        assert got == [o.strip() for o in outputs], (
            f"{lang}/{page}: in a fresh kernel code cell {index} ({cell.source[:40]!r}) gives {got}, the page shows {outputs}")


@pytest.mark.parametrize("lang", LANGS)
def test_torch_check_prints_one_line_when_the_version_differs(lang, fresh_kernel):
    from importlib.metadata import version

    notebook = downloaded(lang, "cases/outputs-tensor")
    cell = copy.deepcopy(_torch_cell(notebook))
    recorded = re.search(r"COMPUTED_WITH = '([^']+)'", cell.source)[1]
    assert recorded == version("torch")  # the torch that built the site
    cell.source = cell.source.replace(f"COMPUTED_WITH = {recorded!r}", "COMPUTED_WITH = '1.13.1'")
    ran = fresh_kernel(nbformat.v4.new_notebook(cells=[cell], metadata=notebook.metadata))
    [out] = ran.cells[0].outputs
    assert out.output_type == "stream" and out.name == "stdout"
    lines = out.text.splitlines()
    assert len(lines) == 1 and "1.13.1" in lines[0] and version("torch") in lines[0], lines
    assert bool(JAPANESE.search(lines[0])) == (lang == "ja"), lines[0]


def test_notebooks_are_the_same_in_both_editions_but_for_words():
    """Code and outputs do not depend on the edition; only Markdown and the check's words do."""
    for page in pages_with_code():
        en, ja = downloaded("en", page), downloaded("ja", page)
        strip = lambda nb: [(c.source, c.outputs) for c in page_code_cells(nb)]  # noqa: E731
        assert strip(en) == strip(ja), page


def test_jupyter_execute_notebooks_hold_the_outputs():
    """MyST-NB's own copy keeps the outputs even when they came from the execution cache."""
    for page in pages_with_code():
        nb = json.loads((BUILD / "jupyter_execute" / f"{page}.ipynb").read_text(encoding="utf-8"))
        assert any(c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code"), page


def _plain(source, catalog=None):
    """PlainMarkdown on a snippet, with a catalog (None: the English source itself)."""
    from myst_parser.config.main import MdParserConfig
    from notebooks import PlainMarkdown

    links = {("ref", "case-1"): "[Case 1](https://x/cases.html#case-1)"}
    markdown = PlainMarkdown(
        MdParserConfig(enable_extensions={"dollarmath", "amsmath", "colon_fence"}),
        (lambda m: m) if catalog is None else catalog.get,
        lambda role, content: links.get((role, content)),
        lambda docname: docname.title(),
    )
    return markdown.convert(source), markdown.problems


def test_plain_markdown_translates_each_block_and_keeps_its_marks():
    catalog = {"Title": "題", "One line joined by spaces.": "1行。", "item": "項目", "more item": "続き",
               "cell": "セル", "A note with {ref}`case-1`.": "{ref}`case-1` の注記。", "x = 1": "x = 1"}
    source = ("(label)=\n# Title\n\nOne line\njoined by spaces.\n\n- item\n- more\n  item\n\n"
              "| cell |\n| --- |\n| `code` |\n\n$$\nx = 1\n$$\n\n:::{note}\nA note with {ref}`case-1`.\n:::\n")
    catalog["`code`"] = "`code`"
    text, problems = _plain(source, catalog)
    assert problems == []
    assert text.splitlines() == [
        "# 題", "", "1行。", "", "- 項目", "- 続き", "", "| セル |", "| --- |", "| `code` |", "",
        "$$", "x = 1", "$$", "", "> **Note**", ">", "> [Case 1](https://x/cases.html#case-1) の注記。"]


def test_plain_markdown_names_what_it_cannot_write():
    text, problems = _plain("Untranslated paragraph.\n\n```{figure} x.png\n```\n\nSee {numref}`fig`.\n", {})
    what = [p[1] for p in problems]
    assert any("no translation for the block 'Untranslated paragraph.'" in w for w in what)
    assert any("{figure}" in w for w in what)
    assert any("{numref}" in w for w in what)
    assert [p[0] for p in problems][0] == 0  # the block's line in the cell
