"""Read the built HTML the way the tests need it: pages, sections by id, cell outputs.

Every test that checks a printed value finds the section by its permanent id and compares
the text of that section's cell outputs with a value the test computed itself.
"""

from functools import lru_cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from site_facts import MYST_EXTENSIONS, PUBLIC_URL

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build" / "html"
DOCS = ROOT / "docs"
# Where each page is published (Read the Docs, latest): hreflang alternates, one-edition zips
PUBLISHED = PUBLIC_URL + "{page}.html"


def source_pages():
    """Page names (``cases/outputs-tensor``) of every MyST page in docs/."""
    return sorted(
        str(p.relative_to(DOCS).with_suffix(""))
        for p in DOCS.rglob("*.md")
        if not any(part.startswith(("_", ".")) or part == "locale" for part in p.relative_to(DOCS).parts)
        and p.name != "README.md"
    )


# MyST's own markdown-it parser, with the extensions conf.py enables: what Sphinx reads
_MYST = create_md_parser(MdParserConfig(enable_extensions=set(MYST_EXTENSIONS)), RendererHTML)
MATH_TOKENS = {"math_inline", "math_block", "math_block_label", "amsmath"}


# directives whose body is not MyST prose: code, formulas, raw cells
NOT_PROSE = ("{code-cell}", "{math}", "{raw-cell}")


def _tokens(text):
    for token in _MYST.parse(text):
        yield token
        yield from token.children or ()
        if token.type in ("fence", "colon_fence") and token.info.startswith("{") \
                and not token.info.startswith(NOT_PROSE):
            yield from _tokens(token.content)  # a directive's body ({glossary}, {note}) is MyST too


@lru_cache(maxsize=None)
def source_tokens(page):
    """The MyST tokens of a page's source, in order: inline tokens' children after their
    parent, a directive's body after the directive."""
    return tuple(_tokens((DOCS / f"{page}.md").read_text(encoding="utf-8")))


def source_labels(page):
    """The page's explicit targets, ``(case-3-1-2)=``, in source order."""
    return [t.content for t in source_tokens(page) if t.type == "myst_target"]


def code_cells(page):
    """The sources of the page's ``{code-cell}`` blocks, in order."""
    return [t.content for t in source_tokens(page) if t.type == "fence" and t.info.startswith("{code-cell}")]


def source_math(page):
    """The TeX of the page's formulas, in order: $…$, $$…$$, amsmath and ``{math}`` blocks."""
    return [t.content for t in source_tokens(page)
            if t.type in MATH_TOKENS or (t.type == "fence" and t.info.startswith("{math}"))]


@lru_cache(maxsize=None)
def _parsed(path: Path):
    """One parse per built page per session, shared by every SiteReader."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


class SiteReader:
    def __init__(self, lang):
        self.lang = lang
        self.root = BUILD / lang
        if not (self.root / "index.html").exists():
            pytest.fail(f"{self.root}/index.html is missing: run `make html` first")

    def page(self, name):
        path = self.root / f"{name}.html"
        assert path.exists(), f"{self.lang}: page {name}.html was not built"
        return _parsed(path)

    def section(self, name, section_id):
        """The <section> with that id; fails with the page and id when it is not there."""
        found = self.page(name).find_all("section", id=section_id)
        assert len(found) == 1, f"{self.lang}/{name}.html: {len(found)} sections with id {section_id!r}"
        return found[0]


def own_cells(section):
    """Code cells of this section, not of its subsections."""
    return [
        cell
        for cell in section.select("div.cell")
        if cell.find_parent("section") is section
    ]


def outputs(section):
    """Plain-text outputs (stdout and results) of the section's own cells, in order."""
    return [
        out.get_text()
        for cell in own_cells(section)
        for out in cell.select("div.cell_output div.output")
        if "traceback" not in out.get("class", [])
    ]


def tracebacks(section):
    """Error outputs (``RuntimeError: …``) of the section's own cells."""
    return [
        out.get_text().strip()
        for cell in own_cells(section)
        for out in cell.select("div.cell_output div.output.traceback")
    ]


def cell_sources(section, tag=None):
    """Source code of the section's own cells; with ``tag``, only cells carrying it."""
    return [
        cell.select_one("div.cell_input").get_text()
        for cell in own_cells(section)
        if tag is None or f"tag_{tag}" in cell.get("class", [])
    ]
