"""`make dist`: zips of the built site that read fully offline (open index.html).

* dist/autograd-grad-guide.zip      both editions and the edition chooser;
* dist/autograd-grad-guide-<lang>.zip  one edition, with an index.html that opens it.

Each zip holds one folder of the same name, so unzipping never scatters files.
Entries are sorted and dated 1980-01-01: the same build gives the same bytes.
"""

import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
DIST = ROOT / "dist"
NAME = "autograd-grad-guide"
SKIP = {".buildinfo", ".doctrees"}  # build bookkeeping, not pages
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


def write_zip(target, top, langs, root_index):
    with zipfile.ZipFile(target, "w") as zf:
        add(zf, f"{top}/index.html", root_index)
        for lang in langs:
            for path in files(HTML / lang):
                add(zf, f"{top}/{lang}/{path.relative_to(HTML / lang).as_posix()}", path.read_bytes())
    print(f"{target.relative_to(ROOT)}: {target.stat().st_size / 1e6:.1f} MB")


def main(langs):
    missing = [lang for lang in langs if not (HTML / lang / "index.html").exists()]
    if missing:
        sys.exit(f"no build for {missing}: run `make html` first")
    DIST.mkdir(exist_ok=True)
    chooser = (ROOT / "docs" / "_root" / "index.html").read_bytes()
    write_zip(DIST / f"{NAME}.zip", NAME, langs, chooser)
    for lang in langs:
        redirect = REDIRECT.format(lang=lang, title="torch.autograd.grad, case by case").encode()
        write_zip(DIST / f"{NAME}-{lang}.zip", f"{NAME}-{lang}", [lang], redirect)


if __name__ == "__main__":
    main(sys.argv[1:] or ["en", "ja"])
