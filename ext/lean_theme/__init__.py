"""Only the weight a page uses of the book theme, keeping its look: one stylesheet of the rules the site can match, icon fonts cut to the icons used, scripts deferred, loaded on first use, or left out where nothing uses them."""

import os
import shutil
from pathlib import Path

from sphinx.util import logging

from . import css, fonts, markup
from .contract import file_problems, output_problems

HERE = Path(__file__).resolve().parent
logger = logging.getLogger(__name__)

# Never loaded by a page: the unused fontawesome.js (SVG icons for custom icon links), the
# theme's message catalogs and template fragments. Source maps go too.
REMOVE = ["_static/scripts/fontawesome.js", "_static/locales",
          "_static/webpack-macros.html", "_static/sbt-webpack-macros.html"]


def add_paths(app, config):
    """templates/ (layout.html, the shadowed search field) and static/ (the bootstrap loader)."""
    # relative to conf.py: absolute paths would put the checkout's folder into .buildinfo's
    # config hash, and two clones would not build the same site
    config.templates_path.append(os.path.relpath(HERE / "templates", app.confdir))
    config.html_static_path.append(os.path.relpath(HERE / "static", app.confdir))


def warn(problems):
    for problem in problems:  # each names the theme file
        logger.warning(f"lean_theme: {problem}", type="lean_theme", subtype="contract")


def check_theme_files(app):
    warn(file_problems())
    if app.config.html_theme_options.get("search_as_you_type"):
        warn(["html_theme_options: search_as_you_type needs the search scripts on every page, "
              "and lean_theme removes them outside the search page"])


def page_context(app, pagename, templatename, context, doctree):
    """After every extension has added its scripts (priority 900): defer them, and give
    layout.html its filters."""
    if app.builder.name != "html":
        context["lean_theme"] = markup.Unchanged()
        return
    held, problems = markup.hold_scripts(context, pagename, app.config)
    for problem in problems:
        logger.warning(f"lean_theme: {problem}", type="lean_theme", subtype="scripts", location=pagename
                       if pagename in app.env.found_docs else None)
    markup.defer_scripts(context, pagename)
    context["lean_theme"] = markup.PageMarkup(pagename, css.one_stylesheet(app), is_doc=pagename in app.env.found_docs,
                                              held=held, replay=app.config.lean_theme_replay_clicks)


def remove_unused(outdir):
    for rel in REMOVE:
        target = outdir / rel
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    for source_map in (outdir / "_static").rglob("*.map"):
        source_map.unlink()


def finish(app, exception):
    """Once every page is written, in this order: files no page loads go (so their words
    keep no CSS rule), the bundles are written, the icon fonts keep what the bundles draw."""
    if exception or app.builder.name != "html":
        return
    outdir = Path(app.outdir)
    warn(output_problems(outdir))
    remove_unused(outdir)
    bundles, problems = css.write_bundles(app)
    warn(problems)
    fonts.subset_fonts(app, set().union(*map(css.icon_codepoints, bundles)))


def setup(app):
    # Scripts (file names) that wait for the reader's first sign of use, in the order they must
    # run; the script that marks a search's words on the page a result led to; scripts that
    # only the search page needs. Clicks on lean_theme_replay_clicks (a CSS selector) that come
    # before the waiting scripts are ready are replayed once they are.
    app.add_config_value("lean_theme_scripts_on_intent", [], "html", list)
    app.add_config_value("lean_theme_script_on_search_words", "", "html", str)
    app.add_config_value("lean_theme_scripts_search_page_only", [], "html", list)
    app.add_config_value("lean_theme_replay_clicks", '[data-bs-toggle="dropdown"]', "html", str)
    app.connect("config-inited", add_paths)
    app.connect("builder-inited", check_theme_files)
    app.connect("html-page-context", page_context, priority=900)
    # after the theme's own build-finished handlers (priority 500), one of which writes
    # pygments.css's light and dark rules: the bundles copy it (contract: "pygments.css …")
    app.connect("build-finished", finish, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
