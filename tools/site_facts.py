"""The site's facts as conf.py declares them, read without running Sphinx.

conf.py is the one place that names the editions (``EDITIONS``: language code, the
language's own name, Open Graph locale, the site's title and author line in it), the
source language, the public address and the MyST extensions the pages are written with. The Makefile, tools and tests read them from here,
so that adding a language is one entry in ``EDITIONS`` plus its catalogs.

    python tools/site_facts.py languages      # every edition, space-separated (Makefile: LANGS)
    python tools/site_facts.py translations   # all but the source language (sphinx-intl -l)
    python tools/site_facts.py chooser OUT    # the edition chooser, _build/html/index.html
"""

import ast
import html
import sys
from pathlib import Path

CONF = Path(__file__).resolve().parent.parent / "conf.py"
NAMES = ("EDITIONS", "SOURCE_LANGUAGE", "PUBLIC_URL", "myst_enable_extensions")


def _read():
    facts = {}
    for node in ast.parse(CONF.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id in NAMES:
                facts[target.id] = ast.literal_eval(node.value)
    missing = [n for n in NAMES if n not in facts]
    if missing:  # conf.py was restructured: say so instead of guessing
        raise SystemExit(f"{CONF}: no literal assignment of {missing} (tools/site_facts.py reads them)")
    return facts


_FACTS = _read()
EDITIONS = _FACTS["EDITIONS"]
SOURCE_LANGUAGE = _FACTS["SOURCE_LANGUAGE"]
PUBLIC_URL = _FACTS["PUBLIC_URL"]  # "https://<host>/{lang}/latest/"
MYST_EXTENSIONS = tuple(_FACTS["myst_enable_extensions"])  # what the tests parse pages with
LANGUAGES = tuple(EDITIONS)
TRANSLATIONS = tuple(lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE)


def other_languages(lang):
    return tuple(other for other in LANGUAGES if other != lang)


def chooser():
    """The page at the top of the local build and the zip: it sends a browser to the edition
    of its preferred language, and lists every edition for everyone else."""
    source = EDITIONS[SOURCE_LANGUAGE]
    alternates = "".join(f'<link rel="alternate" hreflang="{lang}" href="{lang}/index.html">\n' for lang in LANGUAGES)
    items = "".join(
        f'  <li><a href="{lang}/index.html" hreflang="{lang}"' + ("" if lang == SOURCE_LANGUAGE else f' lang="{lang}"')
        + f">{html.escape(e['name'])}</a></li>\n"
        for lang, e in EDITIONS.items()
    )
    editions = ", ".join(f'"{lang}"' for lang in LANGUAGES)
    description = html.escape(f"{source['title']}: " + ", ".join(e["name"] for e in EDITIONS.values()), quote=True)
    return f"""<!DOCTYPE html>
<html lang="{SOURCE_LANGUAGE}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(source["title"])}</title>
<meta name="description" content="{description}">
{alternates}<script>
  // Send the browser to the edition of its preferred language; the links below stay for everyone else.
  var editions = [{editions}];
  var preferred = (navigator.languages || [navigator.language]).map(function (l) {{ return l.split("-")[0].toLowerCase(); }});
  var lang = preferred.filter(function (l) {{ return editions.indexOf(l) >= 0; }})[0] || "{SOURCE_LANGUAGE}";
  window.location.replace(lang + "/index.html" + window.location.hash);
</script>
<style>body{{font:1.1rem/1.6 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}}</style>
</head>
<body>
<h1>{html.escape(source["title"])}</h1>
<ul>
{items}</ul>
</body>
</html>
"""


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    if what == "languages":
        print(" ".join(LANGUAGES))
    elif what == "translations":
        print(" ".join(TRANSLATIONS))
    elif what == "chooser" and len(sys.argv) == 3:
        Path(sys.argv[2]).write_text(chooser(), encoding="utf-8")
    else:
        raise SystemExit(__doc__)
