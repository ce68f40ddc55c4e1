"""`make dist`: zips of the built site that read fully offline (open index.html).

* dist/autograd-grad-guide.zip      both editions and the edition chooser;
* dist/autograd-grad-guide-<lang>.zip  one edition, with an index.html that opens it; its
  language switch leads to the other edition's published page (the page's own hreflang
  alternate), since the other edition is not in the zip.
* dist/autograd-grad-guide-notebooks-<lang>.zip  every executed notebook of one edition (the
  downloads ext/notebooks.py writes beside the page sources), in the site's folders.

Each zip holds one folder of the same name, so unzipping never scatters files.
Entries are sorted and dated 1980-01-01: the same build gives the same bytes.
"""

import re
import sys
import zipfile
from pathlib import Path

from site_facts import EDITIONS, LANGUAGES, chooser  # tools/: what conf.py declares

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
DIST = ROOT / "dist"
NAME = "autograd-grad-guide"
SKIP = {".buildinfo", ".doctrees"}  # build bookkeeping, not pages
ALTERNATE = re.compile(rb'<link rel="alternate" hreflang="(?P<lang>[\w-]+)" href="(?P<url>https?://[^"]+)">')
SWITCH = re.compile(rb'(<a class="[^"]*language-switch__link[^"]*" href=")[^"]*(" hreflang="(?P<lang>[\w-]+)")')
REDIRECT = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<meta http-equiv="refresh" content="0; url={lang}/index.html"></head>
<body><a href="{lang}/index.html">{title}</a></body></html>
"""


def files(folder):
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not SKIP & set(path.relative_to(folder).parts):
            yield path


def add(zf, arcname, data):
    info = zipfile.ZipInfo(arcname, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data, compresslevel=9)


def switch_online(page):
    """The language switch of a page, pointed at the other edition's published page."""
    published = {m["lang"]: m["url"] for m in ALTERNATE.finditer(page)}

    def online(m):
        return m[1] + published[m["lang"]] + m[2] if m["lang"] in published else m[0]

    return SWITCH.sub(online, page)


def write_zip(target, top, langs, root_index):
    with zipfile.ZipFile(target, "w") as zf:
        add(zf, f"{top}/index.html", root_index)
        for lang in langs:
            for path in files(HTML / lang):
                data = path.read_bytes()
                if len(langs) == 1 and path.suffix == ".html":
                    data = switch_online(data)
                add(zf, f"{top}/{lang}/{path.relative_to(HTML / lang).as_posix()}", data)
    print(f"{target.relative_to(ROOT)}: {target.stat().st_size / 1e6:.1f} MB")


def write_notebooks_zip(target, top, lang):
    """The edition's notebooks (_sources/**/*.ipynb), at the page's path: cases/outputs-tensor.ipynb."""
    sources = HTML / lang / "_sources"
    notebooks = sorted(sources.rglob("*.ipynb"))
    if not notebooks:
        sys.exit(f"no notebooks in {sources.relative_to(ROOT)}: run `make html` first")
    with zipfile.ZipFile(target, "w") as zf:
        for path in notebooks:
            add(zf, f"{top}/{path.relative_to(sources).as_posix()}", path.read_bytes())
    print(f"{target.relative_to(ROOT)}: {len(notebooks)} notebooks, {target.stat().st_size / 1e3:.0f} kB")


def main(langs):
    missing = [lang for lang in langs if not (HTML / lang / "index.html").exists()]
    if missing:
        sys.exit(f"no build for {missing}: run `make html` first")
    DIST.mkdir(exist_ok=True)
    write_zip(DIST / f"{NAME}.zip", NAME, langs, chooser().encode())
    for lang in langs:
        redirect = REDIRECT.format(lang=lang, title=EDITIONS[lang]["title"]).encode()
        write_zip(DIST / f"{NAME}-{lang}.zip", f"{NAME}-{lang}", [lang], redirect)
        write_notebooks_zip(DIST / f"{NAME}-notebooks-{lang}.zip", f"{NAME}-notebooks-{lang}", lang)


if __name__ == "__main__":
    main(sys.argv[1:] or list(LANGUAGES))
