"""What a reader does: switch language, search, copy code, switch theme; and axe's verdict."""

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from browser_site import AXE, CASE_ANCHOR, DOCS, IN_CI, LANGS, PAGES, SITE, wait_for_search
from site_facts import other_languages

IN_VIEW = """id => {
    const el = document.getElementById(id);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
}"""


# A control the reader can see whole: inside the viewport, and on top at its four corners.
UNCOVERED = """sel => {
    const el = document.querySelector(sel);
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return "not displayed";
    if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth)
        return `outside the viewport (${Math.round(r.left)},${Math.round(r.top)})-(${Math.round(r.right)},${Math.round(r.bottom)})`;
    for (const [x, y] of [[r.left + 2, r.top + 2], [r.right - 2, r.top + 2], [r.left + 2, r.bottom - 2], [r.right - 2, r.bottom - 2]]) {
        const hit = document.elementFromPoint(x, y);
        if (!hit || !(el === hit || el.contains(hit)))
            return `covered at (${Math.round(x)},${Math.round(y)}) by ${hit ? hit.tagName + "." + hit.className : "nothing"}`;
    }
    return "whole";
}"""


@pytest.mark.parametrize("origin", ["file", "http"])
@pytest.mark.parametrize("lang", LANGS)
def test_language_switch_keeps_page_and_anchor(open_page, lang, origin):
    opened = open_page(lang, "case", origin, anchor=CASE_ANCHOR)
    page = opened.page
    page.wait_for_function(IN_VIEW, arg=CASE_ANCHOR, timeout=5_000)
    (other, *_) = other_languages(lang)
    switch = page.locator(f"nav.language-switch a[hreflang={other}]").first
    seen = page.evaluate(UNCOVERED, f"nav.language-switch a[hreflang={other}]")
    assert seen == "whole", f"{lang} ({origin}): the language switch is not fully visible: {seen}"
    switch.click()
    page.wait_for_url(re.compile(rf"/{other}/{PAGES['case']}\.html"), timeout=10_000)
    page.wait_for_load_state("load")
    here = urlsplit(page.url)
    assert here.fragment == CASE_ANCHOR, f"{lang}->{other}: landed on {page.url}, anchor lost"
    assert page.evaluate("document.documentElement.lang").startswith(other), f"landed on {page.url}"
    try:
        page.wait_for_function(IN_VIEW, arg=CASE_ANCHOR, timeout=5_000)
    except Exception:
        top = page.evaluate(f"document.getElementById('{CASE_ANCHOR}')?.getBoundingClientRect().top")
        pytest.fail(f"{lang}->{other} ({origin}): #{CASE_ANCHOR} not in view after the switch (top={top})")


QUERIES = {"en": "grad_outputs", "ja": "勾配"}


@pytest.mark.parametrize("origin", ["file", "http"])
@pytest.mark.parametrize("lang", LANGS)
def test_search_finds_case_pages(open_page, lang, origin):
    opened = open_page(lang, "search", origin)
    page = opened.page
    box = page.locator("main form.bd-search input[type=search], main input[name=q]").first
    box.fill(QUERIES[lang])
    box.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q="), timeout=10_000)
    wait_for_search(page)
    if not page.locator("#search-results ul.search li a").count():
        shown = page.locator("#search-results").inner_text()
        pytest.fail(f"{lang} ({origin}): no result for {QUERIES[lang]!r}; the page says: {shown!r}")
    hrefs = page.eval_on_selector_all("#search-results ul.search li a", "as => as.map(a => a.href)")
    cases = [h for h in hrefs if f"/{lang}/cases/" in h]
    assert cases, f"{lang} ({origin}): {QUERIES[lang]!r} finds no case page: {hrefs}"
    for href in cases:
        path = unquote(urlsplit(href).path)
        rel = path.split(f"/{lang}/", 1)[1]
        assert (SITE / lang / rel).exists(), f"{lang}: search result {href} points to no built page"
    opened.watch.assert_clean(f"search {lang} ({origin})")


def code_cells(kind):
    """Source of every code cell of a page, option lines removed."""
    text = (DOCS / f"{PAGES[kind]}.md").read_text(encoding="utf-8")
    cells = []
    for body in re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", text, flags=re.S):
        lines = body.split("\n")
        if lines and lines[0].strip() == "---":  # YAML options block
            end = lines.index("---", 1) if "---" in lines[1:] else 0
            lines = lines[end + 1:]
        while lines and lines[0].startswith(":"):  # :tags: [...] short options
            lines = lines[1:]
        cells.append("\n".join(lines).strip())
    return cells


@pytest.mark.parametrize("lang", LANGS)
def test_copy_button_copies_code_only(open_page, lang):
    opened = open_page(lang, "case", "http", permissions=("clipboard-read", "clipboard-write"))
    page = opened.page
    cell = page.locator("div.cell:has(div.cell_output) div.cell_input").first
    cell.scroll_into_view_if_needed()
    cell.hover()
    cell.locator("button.copybtn").click()
    page.wait_for_timeout(200)
    copied = page.evaluate("navigator.clipboard.readText()")
    output = page.locator("div.cell:has(div.cell_output) div.cell_output").first.inner_text().strip()
    sources = code_cells("case")
    assert copied.strip() in sources, f"{lang}: clipboard holds {copied!r}, not a code cell's source"
    assert output not in copied, f"{lang}: the copied text carries the cell's output {output!r}"
    assert not re.search(r"^(>>>|\.\.\.|In \[\d*\]:|\$ )", copied, flags=re.M), f"{lang}: prompts copied: {copied!r}"


# WCAG contrast of a text element against what is actually painted behind it. Colours go
# through a canvas so that any CSS colour syntax comes out as sRGB bytes.
CONTRAST = """sel => {
    const el = document.querySelector(sel);
    if (!el) return null;
    const ctx = document.createElement("canvas").getContext("2d", {willReadFrequently: true});
    const rgba = css => {
        ctx.clearRect(0, 0, 1, 1); ctx.fillStyle = "rgba(0,0,0,0)"; ctx.fillStyle = css;
        ctx.fillRect(0, 0, 1, 1);
        const d = ctx.getImageData(0, 0, 1, 1).data;
        return [d[0], d[1], d[2], d[3] / 255];
    };
    const over = (top, under) => top.slice(0, 3).map((c, i) => c * top[3] + under[i] * (1 - top[3])).concat([1]);
    const layers = [];
    for (let n = el; n; n = n.parentElement) layers.push(rgba(getComputedStyle(n).backgroundColor));
    let bg = [255, 255, 255, 1];  // the canvas behind everything
    for (const layer of layers.reverse()) bg = over(layer, bg);
    const fg = over(rgba(getComputedStyle(el).color), bg);
    const lum = c => {
        const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    return {ratio: (hi + 0.05) / (lo + 0.05), fg: fg.slice(0, 3), bg: bg.slice(0, 3), bgLum: lum(bg)};
}"""

TEXTS = ["main article p", "main article h1", "main article a.reference", "main article div.cell_output pre"]


def set_mode(page, mode):
    """Pick a colour mode with the theme's own control, as a reader would."""
    page.locator(".theme-switch-button").first.click()
    item = page.locator(f".theme-change-button[data-mode={mode}]").first
    item.wait_for(state="visible", timeout=5_000)  # the menu opens once bootstrap.js has loaded
    item.click()
    page.wait_for_function(f"document.documentElement.dataset.theme === '{mode}'", timeout=5_000)
    page.wait_for_timeout(300)  # colour transitions


@pytest.mark.parametrize("lang", LANGS)
def test_dark_light_toggle_keeps_text_readable(open_page, lang):
    opened = open_page(lang, "case", "http", color_scheme="light")
    page = opened.page
    seen = {}
    for mode in ["dark", "light", "dark"]:
        set_mode(page, mode)
        page.reload(wait_until="load")  # the choice survives a reload
        assert page.evaluate("document.documentElement.dataset.theme") == mode, f"{lang}: {mode} not kept"
        for sel in TEXTS:
            result = page.evaluate(CONTRAST, sel)
            if result is None:
                continue
            assert result["ratio"] >= 4.5, (
                f"{lang} {mode}: {sel} contrast {result['ratio']:.2f} < 4.5 "
                f"(text {result['fg']} on {result['bg']})")
        seen[mode] = page.evaluate(CONTRAST, "main article p")["bgLum"]
    assert seen["dark"] < 0.2 < seen["light"], f"{lang}: the page background does not change: {seen}"


@pytest.fixture(scope="session")
def axe_source():
    if not AXE.exists():
        message = "axe-core not installed: (cd tests/browser && npm ci)"
        if IN_CI:
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)
    return Path(AXE)


@pytest.mark.parametrize("kind", list(PAGES))
@pytest.mark.parametrize("lang", LANGS)
def test_axe_no_serious_violations(loaded, axe_source, lang, kind):
    opened = loaded(lang, kind, "http")
    page = opened.page
    page.add_script_tag(path=str(axe_source))
    violations = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
    }""")
    lines = [f"{v['impact']} {v['id']} ({v['help']}) x{v['nodes']}: {v['targets']}" for v in violations]
    assert not violations, f"{lang}/{PAGES[kind]}:\n  " + "\n  ".join(lines)
