"""The EPUB of each edition (`make epub`) opens in strict readers.

epubcheck (Debian's, run as its jar: Debian's wrapper script may not find its libraries)
reports no fatal error and no error; every chapter is well-formed XHTML; every entry of
both tables of contents (nav.xhtml, toc.ncx) leads to a chapter and an id in it; every
chapter with MathML says so in the manifest.
"""

import json
import posixpath
import subprocess
import zipfile
from urllib.parse import unquote, urldefrag
from xml.etree import ElementTree

import pytest

from book_reader import LANGS, book, case_headings, squeeze, tool, topic_titles

EPUBCHECK = "/usr/share/java/epubcheck.jar"
NS = {"opf": "http://www.idpf.org/2007/opf", "x": "http://www.w3.org/1999/xhtml",
      "ncx": "http://www.daisy.org/z3986/2005/ncx/", "m": "http://www.w3.org/1998/Math/MathML"}


@pytest.fixture(scope="module", params=LANGS)
def epub(request):
    lang = request.param
    path = book("epub", lang)
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    return lang, path, files


def chapters(files):
    return {n: d for n, d in files.items() if n.endswith(".xhtml") and n != "nav.xhtml"}


def test_epubcheck_finds_no_error(epub, tmp_path):
    lang, path, _files = epub
    java = tool("java", "epubcheck")
    tool(EPUBCHECK, "epubcheck")
    report = tmp_path / "report.json"
    subprocess.run([java, "-jar", EPUBCHECK, str(path), "--json", str(report)], capture_output=True, check=False)
    messages = json.loads(report.read_text(encoding="utf-8"))["messages"]
    bad = [f"{m['severity']} {m['ID']}: {m['message']} ({m['locations'][0]['path'] if m['locations'] else ''})"
           for m in messages if m["severity"] in ("FATAL", "ERROR")]
    assert not bad, f"{lang}: epubcheck:\n" + "\n".join(bad[:20])


def test_every_chapter_is_well_formed_xml(epub):
    lang, _path, files = epub
    for name, data in chapters(files).items():
        try:
            ElementTree.fromstring(data)
        except ElementTree.ParseError as err:
            pytest.fail(f"{lang}: {name}: {err}")


def ids_of(files, name):
    return {e.get("id") for e in ElementTree.fromstring(files[name]).iter() if e.get("id")}


def resolve(files, base, href, lang, where):
    target, fragment = urldefrag(href)
    name = posixpath.normpath(posixpath.join(posixpath.dirname(base), unquote(target)))
    assert name in files, f"{lang}: {where} entry {href!r}: no file {name}"
    if fragment:
        assert fragment in ids_of(files, name), f"{lang}: {where} entry {href!r}: no id {fragment!r} in {name}"


def test_every_table_of_contents_entry_resolves(epub):
    lang, _path, files = epub
    nav = ElementTree.fromstring(files["nav.xhtml"])
    links = [a.get("href") for a in nav.iterfind(".//x:nav//x:a", NS)]
    assert len(links) > 20, f"{lang}: nav.xhtml lists {len(links)} entries"
    for href in links:
        resolve(files, "nav.xhtml", href, lang, "nav.xhtml")
    ncx = ElementTree.fromstring(files["toc.ncx"])
    points = [c.get("src") for c in ncx.iterfind(".//ncx:navPoint/ncx:content", NS)]
    assert len(points) > 20, f"{lang}: toc.ncx lists {len(points)} entries"
    for src in points:
        resolve(files, "toc.ncx", src, lang, "toc.ncx")


def test_the_contents_list_every_case_and_topic(epub):
    lang, _path, files = epub
    nav = ElementTree.fromstring(files["nav.xhtml"])
    entries = {squeeze("".join(a.itertext())) for a in nav.iterfind(".//x:nav//x:a", NS)}
    missing = [h for h in case_headings(lang) + topic_titles(lang) if squeeze(h) not in entries]
    assert not missing, f"{lang}: not in the EPUB's table of contents: {missing}"


def test_mathml_is_declared_in_the_manifest(epub):
    lang, _path, files = epub
    opf = ElementTree.fromstring(files["content.opf"])
    declared = {item.get("href"): (item.get("properties") or "").split()
                for item in opf.iterfind(".//opf:manifest/opf:item", NS)}
    with_math = {n for n, d in chapters(files).items()
                 if ElementTree.fromstring(d).find(".//m:math", NS) is not None}
    assert with_math, f"{lang}: no chapter carries MathML"
    for name in chapters(files):
        assert ("mathml" in declared.get(name, [])) == (name in with_math), \
            f"{lang}: {name}: MathML {'present' if name in with_math else 'absent'}, manifest says {declared.get(name)}"


def test_chapters_link_no_web_page_machinery(epub):
    """No alternate links, scripts, or stylesheets of the web pages in a chapter's head."""
    lang, _path, files = epub
    for name, data in chapters(files).items():
        head = ElementTree.fromstring(data).find("x:head", NS)
        assert head.find("x:script", NS) is None, f"{lang}: {name} has a script in its head"
        links = head.findall("x:link", NS)
        assert not [l for l in links if l.get("rel") == "alternate"], f"{lang}: {name}: alternate links"
        sheets = {posixpath.basename(l.get("href")) for l in links if l.get("rel") == "stylesheet"}
        assert sheets == {"pygments.css", "epub.css", "epub-book.css"}, f"{lang}: {name}: {sheets}"
