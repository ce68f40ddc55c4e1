""".readthedocs.yaml: valid against Read the Docs' schema, and its commands really build
both editions the way Read the Docs runs them.

The simulation runs the file's own jobs in Read the Docs' order, in the repository, with
the variables Read the Docs sets for the English project and for its Japanese translation
(READTHEDOCS_OUTPUT a temporary folder). Only the network-only step is left out: the torch
install from PyTorch's CPU index (torch is in .venv already); the requirements install
runs with PIP_NO_INDEX, so it passes only when everything pinned is installed. The
execution cache of `make html` is reused, so no notebook runs again.
"""

import os
import re
import shutil
import subprocess
import sys
import zipfile
from xml.etree import ElementTree
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from site_reader import ROOT, source_pages
from site_facts import EDITIONS, LANGUAGES, PUBLIC_URL

CONFIG = ROOT / ".readthedocs.yaml"
HOST = PUBLIC_URL.split("/{lang}/")[0]  # https://<project>.readthedocs.io
VERSION = "latest"
LANGS = LANGUAGES
CPU_INDEX = "download.pytorch.org/whl/cpu"
# Read the Docs' order of build.jobs; build.<format> runs for html and each listed format.
JOB_ORDER = [
    "post_checkout", "pre_system_dependencies", "post_system_dependencies",
    "pre_create_environment", "post_create_environment", "pre_install", "install",
    "post_install", "pre_build", "build", "post_build",
]
FORMAT_ORDER = ["html", "htmlzip", "pdf", "epub"]


def check_jsonschema(path):
    """check-jsonschema against the Read the Docs schema it ships (offline, pinned with it)."""
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.readthedocs", str(path)],
        capture_output=True, text=True,
    )


@pytest.fixture(scope="module")
def config():
    return yaml.safe_load(CONFIG.read_text(encoding="utf-8"))


def test_config_is_valid_against_the_schema():
    run = check_jsonschema(CONFIG)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_schema_check_rejects_an_invalid_config(tmp_path):
    """The same check on a config with a format Read the Docs does not offer must fail."""
    bad = tmp_path / ".readthedocs.yaml"
    bad.write_text(CONFIG.read_text(encoding="utf-8").replace("  - epub", "  - docx"), encoding="utf-8")
    run = check_jsonschema(bad)
    assert run.returncode == 1 and "'docx' is not one of" in run.stdout, run.stdout + run.stderr


def test_torch_is_the_cpu_build_pinned_like_requirements(config):
    pins = dict(
        line.split("==") for line in (ROOT / "requirements.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    )
    torch_steps = [c for c in config["build"]["jobs"]["install"] if CPU_INDEX in c]
    assert len(torch_steps) == 1, "one install step takes torch from the CPU index"
    assert f"torch=={pins['torch']}" in torch_steps[0].split(), "torch pin differs from requirements.txt"
    assert "--no-deps" in torch_steps[0], "torch's dependencies must come pinned from requirements.txt"
    install = config["build"]["jobs"]["install"]
    assert install.index(torch_steps[0]) < install.index("python -m pip install -r requirements.txt")
    assert config["build"]["tools"]["python"] == "3.11"


def test_downloads_are_offered(config):
    assert set(config["formats"]) == {"htmlzip", "pdf", "epub"}
    assert set(config["build"]["jobs"]["build"]) >= {"html", "htmlzip", "pdf", "epub"}


def test_the_pdf_packages_are_those_ci_installs(config):
    """Read the Docs installs the PDF's TeX Live by name: the packages .ci/run installs."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for package in config["build"]["apt_packages"]:
        assert re.search(rf"(?<![\w-]){re.escape(package)}(?![\w-])", ci), f".ci/run does not install {package}"


def rtd_commands(config):
    """(job, command) in Read the Docs' order, the network-only torch install left out."""
    jobs = config["build"]["jobs"]
    for job in JOB_ORDER:
        if job == "build":
            wanted = ["html"] + list(config.get("formats", []))
            for fmt in FORMAT_ORDER:
                if fmt in wanted:
                    for command in jobs["build"].get(fmt, []):
                        yield f"build.{fmt}", command
            continue
        for command in jobs.get(job, []):
            if CPU_INDEX not in command:
                yield job, command


def canonical(lang):
    return f"{HOST}/{lang}/{VERSION}/"


@pytest.fixture(scope="module")
def rtd_builds(config, tmp_path_factory):
    """{lang: READTHEDOCS_OUTPUT} after running the file's commands for each project."""
    outputs = {}
    for lang in LANGS:
        out = tmp_path_factory.mktemp(f"readthedocs-{lang}")
        env = {
            **os.environ,
            "PATH": f"{ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}",  # RTD's venv comes first
            "READTHEDOCS": "True",
            "READTHEDOCS_PROJECT": "autograd-grad-guide" + ("-ja" if lang == "ja" else ""),
            "READTHEDOCS_LANGUAGE": lang,
            "READTHEDOCS_VERSION": VERSION,
            "READTHEDOCS_VERSION_TYPE": "branch",
            "READTHEDOCS_OUTPUT": str(out),
            "READTHEDOCS_CANONICAL_URL": canonical(lang),
            "PIP_NO_INDEX": "1",  # the local install: what requirements.txt pins must be there
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        }
        for job, command in rtd_commands(config):
            run = subprocess.run(command, shell=True, cwd=ROOT, env=env, capture_output=True, text=True)
            assert run.returncode == 0, f"{lang}: {job}: `{command}` failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
        outputs[lang] = out
    return outputs


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_html_edition(rtd_builds, lang):
    html = rtd_builds[lang] / "html"
    for page in source_pages():
        assert (html / f"{page}.html").exists(), f"{lang}: {page}.html missing"
    index = soup(html / "index.html")
    assert index.html["lang"] == lang
    assert index.select_one('meta[property="og:locale"]')["content"] == EDITIONS[lang]["locale"]
    assert index.select_one('link[rel="canonical"]')["href"] == canonical(lang) + "index.html"


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_language_switch_under_the_read_the_docs_layout(rtd_builds, lang):
    other = "ja" if lang == "en" else "en"
    for page in source_pages():
        if page == "404":
            continue  # absolute paths: test_404_page_links_are_absolute_paths
        page_soup = soup(rtd_builds[lang] / "html" / f"{page}.html")
        here = canonical(lang) + f"{page}.html"
        (link,) = page_soup.select("nav.language-switch a[hreflang]")
        target = urljoin(here, link["href"])
        assert target == canonical(other) + f"{page}.html", f"{lang}/{page}: switch goes to {target}"
        assert link["data-online"] == target  # the HTML zip, opened from disk, goes online
        # ... and the page it points to was built by the other project
        assert (rtd_builds[other] / "html" / urlsplit(target).path.split(f"/{VERSION}/", 1)[1]).exists()
        alternates = {l["hreflang"]: l["href"] for l in page_soup.select('head link[rel="alternate"][hreflang]')}
        assert alternates == {l: canonical(l) + f"{page}.html" for l in LANGS}, f"{lang}/{page}: {alternates}"


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_404_page_links_are_absolute_paths(rtd_builds, lang):
    page = soup(rtd_builds[lang] / "html" / "404.html")
    other = "ja" if lang == "en" else "en"
    assert page.select_one("nav.language-switch a")["href"] == f"/{other}/{VERSION}/index.html"
    body_links = [a["href"] for a in page.select("article a.reference.internal")]
    assert body_links and all(h.startswith(f"/{lang}/{VERSION}/") for h in body_links), body_links
    css = [l["href"] for l in page.select('link[rel="stylesheet"]')]
    assert css and all(h.startswith(f"/{lang}/{VERSION}/_static/") for h in css), css


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_sitemap_lists_both_editions(rtd_builds, lang):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = ElementTree.parse(rtd_builds[lang] / "html" / "sitemap.xml").getroot().findall("s:url", ns)
    locs = {url.find("s:loc", ns).text for url in urls}
    assert locs == {canonical(lang) + f"{p}.html" for p in source_pages() if p != "404"}
    for url in urls:
        page = url.find("s:loc", ns).text[len(canonical(lang)):]
        alternates = {l.get("hreflang"): l.get("href") for l in url.findall("x:link", ns)}
        assert alternates == {l: canonical(l) + page for l in LANGS}


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_htmlzip_download(rtd_builds, lang):
    (archive,) = (rtd_builds[lang] / "htmlzip").glob("*.zip")
    names = set(zipfile.ZipFile(archive).namelist())
    top = f"autograd-grad-guide-{lang}/"
    for page in source_pages():
        assert top + f"{page}.html" in names, f"{archive.name}: {page}.html missing"
    assert top + "_static/permalinks.js" in names


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_pdf_download(rtd_builds, lang):
    (pdf,) = (rtd_builds[lang] / "pdf").glob("*.pdf")
    assert pdf.name == f"autograd-grad-guide-{lang}.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True).stdout
        title = soup(rtd_builds[lang] / "html" / "index.html").select_one('meta[property="og:site_name"]')["content"]
        assert title in " ".join(text.split()), text  # the edition's title on the title page


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_epub_download(rtd_builds, lang):
    (book,) = (rtd_builds[lang] / "epub").glob("*.epub")
    with zipfile.ZipFile(book) as epub:
        assert epub.namelist()[0] == "mimetype" and epub.read("mimetype") == b"application/epub+zip"
        opf = epub.read("content.opf").decode()
        assert f"<dc:language>{lang}</dc:language>" in opf
        chapters = {n for n in epub.namelist() if n.endswith(".xhtml")}
        for page in source_pages():
            if page != "404":
                assert f"{page}.xhtml" in chapters, f"{book.name}: {page} missing"
        assert "404.xhtml" not in chapters
        assert not re.search(r"<script[^>]+src=\"https?:", "".join(epub.read(c).decode() for c in chapters))
