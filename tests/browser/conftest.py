"""Browser fixtures: Debian's headless Chromium driven by Playwright, on the built site.

Pages are opened from ``file://`` and from a local HTTP server on 127.0.0.1 serving
``_build/html``. Every request to another host is aborted and recorded, so a test can say
"zero such requests". One browser serves the whole session. Pages share one context (a new
one costs about half a second); a test that needs a colour scheme or clipboard permissions
gets a fresh context of its own (no stored theme choice). Playwright starts Chromium with
a fresh, empty user-data dir.

Chromium is Debian's (``apt-get install chromium``): no test tool downloads a browser. When
it is missing the browser tests are skipped locally with one line saying how to install it;
under ``CI=true`` a missing browser is a failure, never a skip.
"""

import functools
import http.server
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser_site import (CHROMIUM, CHROMIUM_ARGS, DESKTOP, HERE, IN_CI, SCREENSHOTS,
                          SITE, SKIP_LINE, page_url)


def _browser_problem():
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return SKIP_LINE
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright not installed: make venv (browser tests skipped)"
    return None


def _is_browser_test(item):
    return HERE in Path(str(item.fspath)).parents


def pytest_collection_modifyitems(config, items):
    problem = _browser_problem()
    if problem is None or IN_CI:  # under CI the `browser` fixture fails instead
        return
    mark = pytest.mark.skip(reason=problem)
    for item in items:
        if _is_browser_test(item):
            item.add_marker(mark)
    config._browser_skip_line = problem


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    line = getattr(config, "_browser_skip_line", None)
    if line:
        terminalreporter.write_line(line, yellow=True, bold=True)


# --- browser ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    problem = _browser_problem()
    if problem:
        pytest.fail(f"CI=true and the browser tests cannot run: {problem.split(' (')[0]}", pytrace=False)
    if not (SITE / "en" / "index.html").exists():
        pytest.fail(f"{SITE}/en/index.html is missing: run `make html` first", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server():
    """Base URL of a local HTTP server serving _build/html on 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@dataclass
class Watch:
    """What a page did that a reader should never see: outside requests, errors, failures."""

    local_netloc: str
    external: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    failed: list = field(default_factory=list)

    def is_local(self, url):
        parts = urlsplit(url)
        if parts.scheme in ("file", "data", "blob", "about"):
            return True
        return parts.scheme in ("http", "https", "ws") and parts.netloc == self.local_netloc

    def route(self, route):
        url = route.request.url
        if self.is_local(url):
            route.continue_()
        else:
            self.external.append(url)
            route.abort("blockedbyclient")

    def on_failed(self, request):
        if request.url not in self.external:
            self.failed.append(f"{request.url}: {request.failure}")

    def on_response(self, response):
        if response.status >= 400:
            self.failed.append(f"{response.url}: HTTP {response.status}")

    def on_console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def assert_clean(self, what):
        problems = []
        if self.external:
            problems.append(f"{len(self.external)} request(s) to other hosts: {self.external}")
        if self.console_errors:
            problems.append(f"console errors: {self.console_errors}")
        if self.page_errors:
            problems.append(f"uncaught exceptions: {self.page_errors}")
        if self.failed:
            problems.append(f"failed requests: {self.failed}")
        assert not problems, f"{what}: " + "; ".join(problems)


@dataclass
class Opened:
    page: object
    watch: Watch
    url: str


@pytest.fixture(scope="session")
def shared_context(browser):
    """One context for the tests that need nothing special (a new context costs ~0.5 s)."""
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    yield context
    context.close()


@pytest.fixture
def open_page(browser, server, shared_context):
    """open_page(lang, kind, origin="http", anchor=None, query=None, viewport=DESKTOP, ...).

    A test that asks for a colour scheme or permissions gets a fresh context of its own.
    """
    pages = []

    def _open(lang, kind, origin="http", **options):
        opened = _open_page(browser, server, shared_context, lang, kind, origin, **options)
        pages.append(opened)
        return opened

    yield _open
    for opened in pages:
        opened.page.close()
        if opened.page.context is not shared_context:
            opened.page.context.close()


def _open_page(browser, server, shared_context, lang, kind, origin="http", anchor=None, query=None,
               viewport=DESKTOP, color_scheme=None, permissions=(), wait="load"):
    if color_scheme or permissions:
        context = browser.new_context(viewport=viewport, color_scheme=color_scheme or "light")
        if permissions:
            context.grant_permissions(list(permissions), origin=server if origin == "http" else None)
    else:
        context = shared_context
    page = context.new_page()
    if viewport != DESKTOP:
        page.set_viewport_size(viewport)
    watch = Watch(local_netloc=urlsplit(server).netloc)
    page.route("**/*", watch.route)
    page.on("console", watch.on_console)
    page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
    page.on("requestfailed", watch.on_failed)
    page.on("response", watch.on_response)
    url = page_url(server, lang, kind, origin, anchor, query)
    page.goto(url, wait_until=wait)
    return Opened(page, watch, url)


@pytest.fixture(scope="session")
def loaded(browser, server, shared_context):
    """loaded(lang, kind, origin): the page opened once per session, waited to network idle.

    Several tests look at the same load (no errors, formulas, axe), so it is opened once.
    """
    cache = {}

    def _loaded(lang, kind, origin="http"):
        key = (lang, kind, origin)
        if key not in cache:
            cache[key] = _open_page(browser, server, shared_context, lang, kind, origin, wait="networkidle")
        return cache[key]

    yield _loaded
    for opened in cache.values():
        opened.page.close()


@pytest.fixture(scope="session")
def screenshots_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
