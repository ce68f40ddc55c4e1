"""The theme's icon webfonts cut down to the icons the site's stylesheets can draw.

Font Awesome's three webfonts (about 200 KB) become a few KB. Subsetting takes seconds, so
each subset is kept in ``<doctreedir>/../font-subsets/`` (shared by both editions), named
after the theme version and the set of codepoints.
"""

import hashlib
import logging
from pathlib import Path

import pydata_sphinx_theme

from .contract import STATIC

logging.getLogger("fontTools").setLevel(logging.WARNING)  # its INFO lines would fill the build's log


def subset_fonts(app, codepoints):
    outdir = Path(app.outdir)
    fonts = sorted((outdir / "_static" / "vendor" / "fontawesome" / "webfonts").glob("*.woff2"))
    cache = Path(app.doctreedir).parent / "font-subsets"
    cache.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(repr(sorted(codepoints)).encode()).hexdigest()[:12]
    for font in fonts:
        original = STATIC / font.relative_to(outdir / "_static")
        cached = cache / f"{font.stem}-{pydata_sphinx_theme.__version__}-{key}.woff2"
        if not cached.exists():
            from fontTools import subset  # only when the set of icons changed

            options = subset.Options()
            options.flavor = "woff2"
            options.layout_features = ["*"]
            options.name_IDs = ["*"]
            loaded = subset.load_font(str(original), options)
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=codepoints)
            subsetter.subset(loaded)
            subset.save_font(loaded, str(cached), options)
        data = cached.read_bytes()
        if font.read_bytes() != data:
            font.write_bytes(data)
