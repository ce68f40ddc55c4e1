"""``make intl-update`` also extracts the translatable strings of our HTML templates.

Sphinx's gettext builder looks for ``templates_path`` under the source directory, but
Sphinx resolves ``templates_path`` against the configuration directory when it renders
pages; with ``-c . docs`` the two differ, and the strings of ``docs/_templates/*.html``
(``{{ _('…') }}``) would never reach ``sphinx.pot``. This points the builder at the same
folders the HTML builder renders from, so ``docs/locale/ja/LC_MESSAGES/sphinx.po`` holds
them and the Japanese edition translates them.
"""

from pathlib import Path


def collect_from_confdir(app):
    if app.builder.name != "gettext":
        return
    folders = [Path(app.confdir) / path for path in app.config.templates_path]
    app.builder._collect_templates = lambda: {
        p.as_posix() for folder in folders for p in sorted(folder.rglob("*.html"))
    }


def setup(app):
    app.connect("builder-inited", collect_from_confdir)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
