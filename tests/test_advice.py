"""ext/advice.py names the Japanese catalog of a page whether the warning carries the node
(pages read one at a time) or only "path:line" text (parallel readers, SPHINXJOBS=2)."""

from pathlib import Path
from types import SimpleNamespace

from docutils import nodes

from advice import Advice
from site_reader import ROOT

DOCS = ROOT / "docs"


def _advice():
    def path2doc(path):
        path = Path(path)
        return path.relative_to(DOCS).with_suffix("").as_posix() if path.suffix == ".md" else None

    app = SimpleNamespace(env=SimpleNamespace(path2doc=path2doc), config=SimpleNamespace(language="ja"))
    return Advice(app)


def test_catalog_from_the_node():
    paragraph = nodes.paragraph()
    paragraph.source = str(DOCS / "cases" / "outputs-scalar.md")
    assert _advice().catalog(paragraph) == "docs/locale/ja/LC_MESSAGES/cases/outputs-scalar.po"


def test_catalog_from_a_parallel_readers_text():
    location = f"{DOCS / 'cases' / 'outputs-scalar.md'}:14"
    assert _advice().catalog(location) == "docs/locale/ja/LC_MESSAGES/cases/outputs-scalar.po"


def test_catalog_unknown_says_where_to_look():
    assert _advice().catalog(None) == "its .po under docs/locale/ja/LC_MESSAGES/"
    assert _advice().catalog("<unknown>:3") == "its .po under docs/locale/ja/LC_MESSAGES/"
