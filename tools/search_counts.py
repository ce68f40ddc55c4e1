"""Print what the built search page finds: pages listed per query, edition and origin.

    .venv/bin/python tools/search_counts.py                  # the site's own terms
    .venv/bin/python tools/search_counts.py 勾配の形 create_graph

Opens _build/html/<lang>/search.html?q=… in Debian's chromium (Playwright), from file://
and from a local server, and prints for each query the pages listed and the number of
pages whose article text contains the query (NFKC, lowercase), read from the built HTML.
"""

import functools
import http.server
import sys
import threading
import unicodedata
from pathlib import Path
from urllib.parse import quote

from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright

from site_facts import LANGUAGES  # tools/: the editions conf.py declares

SITE = Path(__file__).resolve().parent.parent / "_build" / "html"
TERMS = ["grad_outputs", "retain_graph", "allow_unused", "torch.autograd.grad",
         "計算グラフ", "ベクトル・ヤコビアン積", "二階微分"]
DONE = """() => { const h = document.querySelector("#search-results h2");
                  return h && h.innerText.trim() === Documentation.gettext("Search Results"); }"""


@functools.cache
def article_texts(lang):
    """The article text of every page the search covers (not the 404 page), NFKC, lowercase."""
    texts = []
    for path in sorted((SITE / lang).rglob("*.html")):
        article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article.bd-article")
        if article is not None and path.name != "404.html":
            texts.append(unicodedata.normalize("NFKC", article.get_text()).lower())
    return texts


def pages_containing(lang, query):
    query = unicodedata.normalize("NFKC", query).lower()
    return sum(query in text for text in article_texts(lang))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main(queries):
    handler = functools.partial(QuietHandler, directory=str(SITE))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    server = f"http://127.0.0.1:{httpd.server_address[1]}"
    print("lang origin query: pages listed / pages whose text contains it")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
        page = browser.new_page()
        for lang in LANGUAGES:
            for origin in ("file", "http"):
                for query in queries:
                    base = (SITE / lang / "search.html").as_uri() if origin == "file" else f"{server}/{lang}/search.html"
                    page.goto(f"{base}?q={quote(query)}")
                    page.wait_for_function(DONE, timeout=30_000)
                    hrefs = page.eval_on_selector_all(
                        "#search-results ul.search li a", "as => as.map(a => a.pathname)")
                    print(f"{lang} {origin:4} {query}: {len(set(hrefs))} / {pages_containing(lang, query)}")
        browser.close()
    httpd.shutdown()


if __name__ == "__main__":
    main(sys.argv[1:] or TERMS)
