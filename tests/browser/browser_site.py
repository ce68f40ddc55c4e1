"""Where the built site, the browser and axe-core are; which pages the browser tests open."""

import os
import re
from pathlib import Path
from site_facts import LANGUAGES

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SITE = ROOT / "_build" / "html"
DOCS = ROOT / "docs"
SCREENSHOTS = ROOT / "_build" / "screenshots"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
IN_CI = os.environ.get("CI", "").lower() == "true"

SKIP_LINE = "chromium not found: apt-get install chromium (browser tests skipped)"
# The flags a closed network needs: no background fetches, no updates, no sync, no first-run
# page. Playwright's launch() gives every run a fresh, empty user-data dir of its own.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

LANGS = list(LANGUAGES)
# page type -> page name (and the anchor a reader arrives at)
PAGES = {
    "index": "index",
    "case": "cases/outputs-tensor",
    "p2v": "parameters-to-vector",
    "search": "search",
}
CASE_ANCHOR = "case-3-1-2"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def page_url(server, lang, kind, origin="http", anchor=None, query=None):
    name = PAGES.get(kind, kind)
    if origin == "file":
        url = (SITE / lang / f"{name}.html").as_uri()
    else:
        url = f"{server}/{lang}/{name}.html"
    if query:
        url += "?" + query
    if anchor:
        url += "#" + anchor
    return url


def source_has_math(kind):
    """True when the page's source writes math ($…$ / $$…$$ outside code)."""
    path = DOCS / f"{PAGES.get(kind, kind)}.md"
    if not path.exists():
        return False
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    text = re.sub(r"`[^`\n]*`", "", text)
    return bool(re.search(r"\$[^$\s][^$]*\$", text))


def wait_for_search(page):
    """Until Sphinx's search has listed every result: its heading then reads "Search Results"
    (translated)."""
    page.wait_for_function(
        """() => {
            const h = document.querySelector("#search-results h2");
            return h && h.innerText.trim() === Documentation.gettext("Search Results");
        }""",
        timeout=15_000,
    )
