"""The site's facts are said once, in conf.py: the editions (languages, titles, locales) and
the public address. Everything else reads them (tools/site_facts.py), so a file that
spells one out again is a second source that will drift."""

import re
import subprocess

import pytest
from site_facts import EDITIONS, LANGUAGES, PUBLIC_URL, chooser
from site_reader import ROOT, SiteReader

# Where a fact may be written out: its one source, and prose about the project (the pages and
# their catalogs are content: the start page's heading is the site's title, tested below).
ALLOWED = re.compile(r"^(conf\.py|README\.md|bench/README\.md|docs/.*\.(md|po))$")


def facts():
    host = PUBLIC_URL.split("//")[1].split("/")[0]
    yield "the public host", re.escape(host)
    for lang, edition in EDITIONS.items():
        yield f"the {lang} title", re.escape(edition["title"])
    quoted = r"\s*,\s*".join(rf"[\"']{lang}[\"']" for lang in LANGUAGES)
    yield "the list of languages", rf"{quoted}|\b{' '.join(LANGUAGES)}\b"


def tracked_files():
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [name for name in listed.splitlines() if not ALLOWED.match(name) and (ROOT / name).is_file()]


@pytest.mark.parametrize("fact,pattern", list(facts()), ids=[name for name, _ in facts()])
def test_no_file_repeats_a_fact_of_conf(fact, pattern):
    files = tracked_files()
    assert len(files) > 50, f"git ls-files listed only {len(files)} files"
    repeats = []
    for name in files:
        try:
            text = (ROOT / name).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # images and fonts
        repeats += [f"{name}:{text.count(chr(10), 0, m.start()) + 1}" for m in re.finditer(pattern, text)]
    assert not repeats, f"{fact} is written out again (read it from tools/site_facts.py): {repeats}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_start_page_heading_is_the_editions_title(lang):
    heading = SiteReader(lang).page("index").select_one("article h1").get_text("", strip=True).rstrip("#")
    assert heading == EDITIONS[lang]["title"], f"{lang}/index.html: heading {heading!r}, conf.py's title {EDITIONS[lang]['title']!r}"


def test_the_chooser_lists_every_edition():
    built = (ROOT / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    assert built == chooser(), "_build/html/index.html is not the chooser tools/site_facts.py writes: run `make html`"
    for lang, edition in EDITIONS.items():
        assert f'href="{lang}/index.html"' in built and edition["name"] in built, f"chooser: no link to the {lang} edition"
