"""Roles that mark words of another language, such as {ja}`勾配` on an English page.

The glossary gives each term's names in the other edition's language. Marked with
``lang``, a screen reader speaks them in their own voice and a browser picks a font for
them. One role per language of ``other_language_roles`` (conf.py): an inline node with the
class ``language-<code>``, which docutils' HTML writer turns into ``lang="<code>"``.
"""

from docutils import nodes


def _role(lang):
    def role(name, rawtext, text, lineno, inliner, options=None, content=None):
        return [nodes.inline(rawtext, text, classes=[f"language-{lang}"])], []

    return role


def register(app, config):
    for lang in config.other_language_roles:
        app.add_role(lang, _role(lang), override=True)


def setup(app):
    app.add_config_value("other_language_roles", [], "env", types=[list])
    app.connect("config-inited", register)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
