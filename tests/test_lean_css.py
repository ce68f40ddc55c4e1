"""ext/lean_css.py: one stylesheet per page, holding the rules the site can match."""

import re

import pytest

from lean_css import purge, rebase
from site_reader import BUILD, SiteReader, source_pages


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("page", [p for p in source_pages() if p != "404"])
def test_one_stylesheet_that_exists(lang, page):
    links = SiteReader(lang).page(page).select('link[rel="stylesheet"]')
    assert len(links) == 1, f"{lang}/{page}: {[l['href'] for l in links]}"
    href = links[0]["href"]
    target = (BUILD / lang / page).parent / href
    assert href.removeprefix("../").startswith("_static/styles/site-") and target.resolve().is_file(), f"{lang}/{page}: {href}"


def test_purge_keeps_what_can_match():
    css = (
        '.used{a:1}.unused{b:2}.used .unused,.used:not(.gone){c:3}'
        'html[data-theme=dark] .used{d:4}@media (max-width:960px){.unused{e:5}.used>p{f:6}}'
        '@font-face{font-family:x}.bs-tooltip-auto{g:7}#id,p{h:8}'
    )
    assert purge(css, {"used"}, ("bs-",)) == (
        '.used{a:1}.used:not(.gone){c:3}html[data-theme=dark] .used{d:4}'
        '@media (max-width:960px){.used>p{f:6}}@font-face{font-family:x}.bs-tooltip-auto{g:7}#id,p{h:8}'
    )


def test_rebase_urls():
    css = "a{src:url(../vendor/f.woff2)}b{background:url(\"data:image/svg+xml,x\")}"
    assert rebase(css, "styles/pydata.css", "styles") == (
        "a{src:url(../vendor/f.woff2)}b{background:url(\"data:image/svg+xml,x\")}"
    )
    assert rebase("a{b:url(img/x.png)}", "basic.css", "styles") == "a{b:url(../img/x.png)}"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_no_bundle_left_from_an_earlier_build(lang):
    styles = BUILD / lang / "_static" / "styles"
    linked = set()
    for page in (BUILD / lang).rglob("*.html"):
        linked.update(re.findall(r"styles/(site-[0-9a-f]{16}\.css)", page.read_text(encoding="utf-8")))
    on_disk = {p.name for p in styles.glob("site-*.css")}
    assert on_disk == linked, f"{styles}: bundles no page links: {sorted(on_disk - linked)}"
