"""Link previews, copy-link permalinks and the 404 page, in the local build of both editions.

The Read the Docs build (absolute URLs, sitemap) is checked in tests/test_readthedocs.py.
"""

import re

import pytest

from link_contract import read_contract
from notebooks import MESSAGES as NOTEBOOK_MESSAGES
from permalinks import MESSAGES
from site_reader import BUILD, DOCS, PUBLISHED, ROOT, SiteReader, source_pages
from site_facts import EDITIONS, LANGUAGES, other_languages
from ui_language import JAPANESE


def meta(soup, key):
    tag = soup.select_one(f'meta[property="{key}"]') or soup.select_one(f'meta[name="{key}"]')
    return tag["content"] if tag else None


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", source_pages())
def test_link_preview_tags(lang, page):
    soup = SiteReader(lang).page(page)
    title = soup.select_one("article h1").get_text().rstrip("#").strip()
    assert meta(soup, "og:title") == title
    description = meta(soup, "og:description")
    assert description and 20 <= len(description) <= 163, f"{lang}/{page}: og:description {description!r}"
    assert meta(soup, "description") == description
    if lang == "ja":
        assert JAPANESE.search(description), f"ja/{page}: the summary is not Japanese: {description!r}"
    assert meta(soup, "og:site_name") == EDITIONS[lang]["title"]
    assert meta(soup, "og:locale") == EDITIONS[lang]["locale"]
    alternates = {m["content"] for m in soup.select('meta[property="og:locale:alternate"]')}
    assert alternates == {EDITIONS[o]["locale"] for o in other_languages(lang)}
    assert meta(soup, "twitter:card") == "summary"
    # a local build knows no public address: no og:url, no canonical link, no image
    assert meta(soup, "og:url") is None and meta(soup, "og:image") is None
    assert soup.select_one('link[rel="canonical"]') is None


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", source_pages())
def test_no_third_party_resources(lang, page):
    soup = SiteReader(lang).page(page)
    # rel=alternate (hreflang, the published pages) is for search engines: no browser loads it
    links = [t for t in soup.select("link[href]") if "alternate" not in t.get("rel", [])]
    urls = [t.get("src") for t in soup.select("script[src]")] + [t.get("href") for t in links]
    external = [u for u in urls if re.match(r"^(https?:)?//", u)]
    assert not external, f"{lang}/{page}: loads {external}"


CONTRACT_ANCHORS = [e.split("#") for e in read_contract() if "#" in e]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_labelled_section_shows_a_copy_link(lang):
    reader, missing = SiteReader(lang), []
    label = {"en": "Copy link", "ja": "リンクをコピー"}[lang]
    for page, anchor in CONTRACT_ANCHORS:
        section = reader.page(page[: -len(".html")]).find(id=anchor)
        link = section.select_one(f'p.section-permalink a[href="#{anchor}"]') if section else None
        if not link or link.get_text(strip=True) != label or not link.get("title") or not link.get("data-copied"):
            missing.append(f"{page}#{anchor}")
    assert not missing, f"{lang}: sections without a visible copy-link: {missing}"
    loader = reader.page("index").select_one('script[src*="on-intent.js"]')  # permalinks.js waits for first use
    assert loader and "permalinks.js" in loader["data-on-intent"], f"{lang}/index: permalinks.js is never loaded"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_copy_link_menu_carries_the_sections_title(lang):
    """The Markdown link's words are the section's heading as the edition shows it."""
    reader, wrong = SiteReader(lang), []
    for page, anchor in CONTRACT_ANCHORS:
        section = reader.page(page[: -len(".html")]).find(id=anchor)
        heading = section.find(["h1", "h2", "h3", "h4"])
        title = "".join(t for t in heading.find_all(string=True) if not t.find_parent("a", class_="headerlink")).strip()
        link = section.select_one(f'a.section-permalink__link[href="#{anchor}"]')
        menu = section.select_one(f'#{link["aria-controls"]}') if link.get("aria-controls") else None
        formats = [b["data-format"] for b in menu.select("button")] if menu else []
        if link.get("data-title") != title or menu is None or not menu.has_attr("hidden") or formats != ["url", "markdown"]:
            wrong.append(f"{page}#{anchor}: data-title {link.get('data-title')!r}, heading {title!r}, options {formats}")
    assert not wrong, f"{lang}:\n  " + "\n  ".join(wrong)
    if lang == "ja":  # the heading of the example case, in Japanese
        assert JAPANESE.search(reader.page("cases/outputs-tensor").select_one(
            'a.section-permalink__link[href="#case-3-1-2"]')["data-title"])


def test_permalink_script_copies_the_full_url():
    script = (DOCS / "_static" / "permalinks.js").read_text(encoding="utf-8")
    assert "new URL(link.getAttribute(\"href\"), window.location.href).href" in script
    assert "navigator.clipboard" in script and "execCommand(\"copy\")" in script  # http:// fallback


def template_and_extension_messages():
    call = re.compile(r"""\b_\(\s*(['"])(.+?)\1\s*\)""")
    files = sorted((ROOT / "ext").glob("*.py")) + sorted((DOCS / "_templates").glob("*.html"))
    found = {m.group(2) for f in files for m in call.finditer(f.read_text(encoding="utf-8"))}
    return sorted(found | set(MESSAGES) | set(NOTEBOOK_MESSAGES))


def test_template_and_extension_words_are_translated():
    from babel.messages.pofile import read_po

    with (DOCS / "locale" / "ja" / "LC_MESSAGES" / "sphinx.po").open("rb") as f:
        catalog = read_po(f)
    missing = [m for m in template_and_extension_messages() if not (catalog.get(m) and catalog.get(m).string)]
    assert not missing, f"add to docs/locale/ja/LC_MESSAGES/sphinx.po: {missing}"


@pytest.mark.parametrize("lang,title", [("en", "Page not found"), ("ja", "ページが見つかりません")])
def test_404_page_in_both_languages(lang, title):
    soup = SiteReader(lang).page("404")
    assert soup.select_one("article h1").get_text().rstrip("#").strip() == title
    other = "ja" if lang == "en" else "en"
    # served at any missing address: absolute paths (local: python -m http.server -d _build/html)
    assert soup.select_one("nav.language-switch a")["href"] == f"/{other}/index.html"
    alternates = {l["hreflang"]: l["href"] for l in soup.select('head link[rel="alternate"][hreflang]')}
    assert alternates == {l: PUBLISHED.format(lang=l, page="index") for l in LANGUAGES}
    assert all(a["href"].startswith(f"/{lang}/") for a in soup.select("article a.reference.internal"))
    assert not (BUILD / lang / "sitemap.xml").exists()  # no public address: no sitemap locally
