"""Read the books of each edition (``make pdf``, ``make epub``) the way the tests need them.

What a book must contain is taken from the built site (``make html``), never typed here:
the case headings are the headings of the sections labelled ``case-…`` on the case pages,
the topic titles are the first headings of the topic pages.
"""

import os
import shutil
import subprocess
import unicodedata

import pytest

from site_reader import ROOT, SiteReader, source_pages
from site_facts import LANGUAGES

BUILD = ROOT / "_build"
LANGS = LANGUAGES
IN_CI = os.environ.get("CI") == "true"


def book(kind, lang):
    """_build/pdf/<lang>/autograd-grad-guide-<lang>.pdf or _build/epub/<lang>/….epub."""
    path = BUILD / kind / lang / f"autograd-grad-guide-{lang}.{kind}"
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: run `make {kind}` first", pytrace=False)
    return path


def tool(command, package):
    """The path of a Debian tool; skipped locally without it, a failure under CI=true."""
    found = shutil.which(command) if not command.startswith("/") else (command if os.path.exists(command) else None)
    if found is None:
        message = f"{command} not found: apt-get install {package} (.ci/run installs it)"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return found


def run(*args):
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{' '.join(map(str, args))} failed:\n{done.stderr[-2000:]}"
    return done.stdout


def heading_text(tag):
    """A heading's text as the page shows it, without its ¶ link."""
    return "".join(t for t in tag.find_all(string=True) if not t.find_parent("a", class_="headerlink")).strip()


def case_headings(lang):
    site = SiteReader(lang)
    found = []
    for page in source_pages():
        if page.startswith("cases/"):
            for section in site.page(page).select("section[id^=case-]"):
                found.append(heading_text(section.find(["h2", "h3"])))
    assert len(found) == 16, f"{lang}: {len(found)} case sections found on the case pages"
    return found


def topic_titles(lang):
    site = SiteReader(lang)
    return [heading_text(site.page(page).select_one("article h1"))
            for page in source_pages() if page.startswith("topics/")]


def squeeze(text):
    """Compatibility-normalised (math italic 𝑥 -> x, ligatures -> letters), no whitespace:
    a heading matches the extracted text across line breaks and inserted spaces."""
    return "".join(unicodedata.normalize("NFKC", text).split())
