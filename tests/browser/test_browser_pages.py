"""Every page type, both editions, from file:// and from a local server: what a reader sees."""

import pytest

from browser_site import CASE_ANCHOR, DESKTOP, LANGS, PAGES, PHONE, page_url, source_has_math, wait_for_search
from site_reader import source_pages

ORIGINS = ["file", "http"]


@pytest.mark.parametrize("kind", list(PAGES))
@pytest.mark.parametrize("origin", ORIGINS)
@pytest.mark.parametrize("lang", LANGS)
def test_page_loads_offline_without_errors(loaded, lang, origin, kind):
    opened = loaded(lang, kind, origin)
    page = opened.page
    assert page.title().strip(), f"{opened.url}: no title"
    assert page.locator("main").first.is_visible(), f"{opened.url}: no visible main content"
    assert page.evaluate("document.documentElement.lang").startswith(lang), f"{opened.url}: wrong lang"
    opened.watch.assert_clean(opened.url)


# Visible text outside code: no TeX a reader would have to decode.
VISIBLE_PROSE = """() => {
    const skip = "pre, code, script, style, math, textarea, .highlight";
    const root = document.querySelector("main") || document.body;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const out = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || el.closest(skip)) continue;
        if (!el.getClientRects().length || getComputedStyle(el).visibility === "hidden") continue;
        if (n.textContent.trim()) out.push(n.textContent);
    }
    return out.join(" ");
}"""

# Rendered formulas: the MathML <math> elements ext/mathml.py writes at build time.
FORMULAS = """() => {
    const boxes = [];
    for (const el of document.querySelectorAll("math")) {
        if (!el.getClientRects().length) continue;  // not displayed (e.g. a hidden menu)
        const r = el.getBoundingClientRect();
        const em = parseFloat(getComputedStyle(el).fontSize);
        boxes.push({w: r.width, h: r.height, em: em, text: el.textContent.slice(0, 60)});
    }
    return boxes;
}"""

RAW_TEX = ["$", "\\(", "\\[", "\\frac", "\\begin", "\\partial", "\\sum"]


@pytest.mark.parametrize("kind", ["index", "case", "p2v"])
@pytest.mark.parametrize("origin", ORIGINS)
@pytest.mark.parametrize("lang", LANGS)
def test_formulas_are_rendered(loaded, lang, origin, kind):
    opened = loaded(lang, kind, origin)
    prose = opened.page.evaluate(VISIBLE_PROSE)
    raw = [tex for tex in RAW_TEX if tex in prose]
    assert not raw, f"{opened.url}: raw TeX visible to the reader: {raw}"
    boxes = opened.page.evaluate(FORMULAS)
    if source_has_math(kind):
        assert boxes, f"{opened.url}: the source writes math, the page shows no rendered formula"
    # A lone x-height letter (`x`) is about half an em tall: the box is measured in the
    # formula's own font size, so that it holds at any zoom and for any math font.
    flat = [b for b in boxes if b["w"] < 4 or b["h"] < 0.4 * b["em"]]
    assert not flat, f"{opened.url}: {len(flat)} formula(s) without a real size: {flat[:3]}"


# Every bracket that opens an mrow holding a matrix, with its height and the matrix's.
MATRIX_BRACKETS = """() => [...document.querySelectorAll("mrow > mo:first-child")]
    .filter(mo => ["(", "["].includes(mo.textContent.trim()) && mo.parentElement.querySelector(":scope > mtable"))
    .map(mo => ({bracket: mo.getBoundingClientRect().height,
                 matrix: mo.parentElement.querySelector(":scope > mtable").getBoundingClientRect().height}))"""


@pytest.mark.parametrize("lang", LANGS)
def test_matrix_brackets_stretch(loaded, lang):
    """Needs a math font with an OpenType MATH table (Debian: fonts-dejavu-extra; .ci/run installs it)."""
    opened = loaded(lang, "case", "http")
    pairs = opened.page.evaluate(MATRIX_BRACKETS)
    assert pairs, f"{opened.url}: no bracketed matrix found (the case page writes its Jacobians as matrices)"
    short = [p for p in pairs if p["bracket"] < 0.9 * p["matrix"]]
    assert not short, (
        f"{opened.url}: {len(short)} of {len(pairs)} matrix brackets do not stretch to the matrix "
        f"(bracket vs matrix height, px: {short[:3]}); is a math font installed (fonts-dejavu-extra)?")


# Display formulas whose start lies left of their box: cut off, the reader sees the end first.
CUT_AT_LEFT = """() => [...document.querySelectorAll("div.math")].map(box => {
    const math = box.querySelector("math");
    return {left: math.getBoundingClientRect().left - box.getBoundingClientRect().left,
            text: box.textContent.trim().slice(0, 30)};
}).filter(f => f.left < -1)"""


@pytest.mark.parametrize("lang", LANGS)
def test_wide_formulas_start_at_the_left_on_a_phone(open_page, lang):
    opened = open_page(lang, "case", "http", viewport=PHONE)
    cut = opened.page.evaluate(CUT_AT_LEFT)
    assert not cut, f"{opened.url}: {len(cut)} display formula(s) start left of their box at phone width: {cut[:3]}"


# Headings whose hidden "#" link sits on a line below their last words: an empty band.
HEADER_LINK_ALONE = """() => [...document.querySelectorAll("article :is(h1, h2, h3) > a.headerlink")].filter((link) => {
    const text = [...link.parentElement.childNodes].filter((n) => n !== link && n.textContent.trim()).pop();
    const range = document.createRange();
    range.selectNodeContents(text);
    const last = [...range.getClientRects()].pop();
    return link.getBoundingClientRect().top >= last.bottom - 1;
}).map((link) => link.parentElement.textContent.trim().slice(0, 40))"""


@pytest.mark.parametrize("lang", LANGS)
def test_heading_link_shares_the_heading_s_last_line(open_page, server, lang):
    """Headings that end in long code (torch.autograd.functional …, torch.enable_grad()) leave
    no empty line under them, at desktop and phone width, on every page."""
    opened = open_page(lang, "index", "http")
    problems = []
    for viewport in (DESKTOP, PHONE):
        opened.page.set_viewport_size(viewport)
        for name in source_pages():
            opened.page.goto(page_url(server, lang, name), wait_until="load")
            alone = opened.page.evaluate(HEADER_LINK_ALONE)
            if alone:
                problems.append(f"{lang}/{name} at {viewport['width']}px: {alone[:3]}")
    assert not problems, "\n".join(problems)


# Lines each text of the cheatsheet's first column (the heading, the case numbers) takes.
FIRST_COLUMN_LINES = """() => [...document.querySelectorAll("#cheatsheet-table tr > :first-child")].map((cell) => {
    const tops = new Set();
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!n.textContent.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        for (const r of range.getClientRects()) tops.add(Math.round(r.top));
    }
    return [cell.textContent.trim(), tops.size];
})"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", LANGS)
def test_cheatsheet_case_numbers_stay_on_one_line(open_page, lang, viewport):
    opened = open_page(lang, "cheatsheet", "http", viewport=viewport)
    cells = opened.page.evaluate(FIRST_COLUMN_LINES)
    assert len(cells) == 17, f"{opened.url}: {len(cells)} rows in the case table, not a heading and 16 cases"
    broken = [text for text, lines in cells if lines != 1]
    assert not broken, f"{opened.url}: first-column cells broken over lines: {broken[:4]}"


@pytest.mark.parametrize("lang", LANGS)
def test_searched_words_are_marked_in_the_article_only(open_page, lang):
    """A page opened from a search marks the searched word in its text, not in the sidebars."""
    word = "勾配" if lang == "ja" else "gradient"
    opened = open_page(lang, "cheatsheet", "http", query=f"highlight={word}", wait="networkidle")
    opened.page.wait_for_selector("article span.highlighted", state="attached", timeout=5_000)
    marked = opened.page.evaluate("""() => [...document.querySelectorAll("span.highlighted")].map((e) => [
        e.closest("article") ? "article" : "outside",
        getComputedStyle(e).backgroundColor !== "rgba(0, 0, 0, 0)"])""")
    assert any(where == "article" and shown for where, shown in marked), f"{opened.url}: no word marked"
    assert any(where == "outside" for where, _ in marked), f"{opened.url}: the sidebars name no {word!r}"
    shown_outside = [where for where, shown in marked if where == "outside" and shown]
    assert not shown_outside, f"{opened.url}: {len(shown_outside)} words marked outside the article"


# the page kinds above, and the topic pages that show training code and the corners of the API
SHOWN = [*PAGES, "cheatsheet", "topics/index", "topics/forward-mode-hvp", "topics/gradient-penalty",
         "topics/meta-learning", "topics/torch-compile", "topics/complex-numbers", "topics/modes-and-hooks",
         "topics/dtypes-and-layouts", "topics/autograd-functional"]
SHOTS = [(lang, kind, name, viewport) for lang in LANGS for kind in SHOWN
         for name, viewport in (("desktop", DESKTOP), ("phone", PHONE))]


@pytest.mark.parametrize("lang,kind,width_name,viewport", SHOTS,
                         ids=[f"{l}-{k}-{w}" for l, k, w, _ in SHOTS])
def test_screenshot(open_page, screenshots_dir, lang, kind, width_name, viewport):
    """Saved under _build/screenshots/ for a person to look at; the page must fit the width."""
    anchor = CASE_ANCHOR if kind == "case" else None
    query = "q=" + ("勾配" if lang == "ja" else "grad_outputs") if kind == "search" else None
    opened = open_page(lang, kind, "http", anchor=anchor, query=query, viewport=viewport)
    page = opened.page
    if kind == "search":
        wait_for_search(page)
    path = screenshots_dir / f"{lang}-{kind.replace('/', '-')}-{width_name}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 5_000, f"{path}: screenshot looks empty"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{opened.url} at {viewport['width']}px: page scrolls sideways by {overflow}px"


# Entries of the navigation (left) and of the page's contents (right) whose text runs past
# the edge of their sidebar or of the window, where it is cut off.
CUT_ENTRIES = """() => {
    const cut = [];
    for (const side of [".bd-sidebar-primary .bd-docs-nav", ".bd-sidebar-secondary nav.page-toc"]) {
        const box = document.querySelector(side);
        if (!box || !box.getClientRects().length) continue;
        const edge = Math.min(box.getBoundingClientRect().right, window.innerWidth);
        for (const e of box.querySelectorAll("a, a code")) {
            if (e.getBoundingClientRect().right > edge + 1) cut.push(e.textContent.trim().slice(0, 40));
        }
    }
    return cut;
}"""


@pytest.mark.parametrize("lang", LANGS)
def test_sidebar_entries_fit_their_sidebar(open_page, server, lang):
    """Long titles ("grad_outputs=torch.ones_like(y): …", register_post_accumulate_grad_hook)
    wrap inside the sidebars on every page at desktop width instead of being cut off."""
    opened = open_page(lang, "index", "http")
    problems = []
    for name in source_pages():
        url = page_url(server, lang, name)
        opened.page.goto(url, wait_until="load")
        cut = opened.page.evaluate(CUT_ENTRIES)
        if cut:
            problems.append(f"{lang}/{name}: {len(cut)} entries cut off: {cut[:3]}")
    assert not problems, "\n".join(problems)
