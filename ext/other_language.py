"""Roles that mark words of another language, such as {ja}`勾配` on an English page.

The glossary gives each term's names in the other edition's language. In HTML (and EPUB)
they are ``<span lang="…">``: a screen reader speaks them in their own voice and a browser
picks a font for them. In the English PDF (pdflatex, which has no Japanese font of its own)
Japanese words are set with the CJK package and its embedded Wadalab fonts
(Debian: latex-cjk-japanese-wadalab). One role per language of ``other_language_roles``.
"""

from docutils import nodes

# pdflatex sets a Japanese word with CJKutf8's Mincho; a Japanese document (uplatex) needs nothing
LATEX_CJK = (r"\begin{CJK}{UTF8}{min}", r"\end{CJK}")


class foreign(nodes.inline):
    """Words in the language ``lang``."""


def _role(lang):
    def role(name, rawtext, text, lineno, inliner, options=None, content=None):
        return [foreign(rawtext, text, lang=lang)], []

    return role


def visit_html(self, node):
    self.body.append(self.starttag(node, "span", "", lang=node["lang"]))


def depart_html(self, node):
    self.body.append("</span>")


def visit_latex(self, node):
    cjk = node["lang"] == "ja" and self.config.language != "ja"
    self.body.append(LATEX_CJK[0] if cjk else "")
    self.context.append(LATEX_CJK[1] if cjk else "")


def depart_latex(self, node):
    self.body.append(self.context.pop())


def visit_other(self, node):
    pass


def register(app, config):
    for lang in config.other_language_roles:
        app.add_role(lang, _role(lang), override=True)
    if config.language != "ja":
        config.latex_elements = {**config.latex_elements,
                                 "preamble": config.latex_elements.get("preamble", "") + "\n\\usepackage{CJKutf8}"}


def setup(app):
    app.add_config_value("other_language_roles", [], "env", types=[list])
    app.add_node(foreign, html=(visit_html, depart_html), latex=(visit_latex, depart_latex),
                 text=(visit_other, visit_other), man=(visit_other, visit_other),
                 texinfo=(visit_other, visit_other))
    app.connect("config-inited", register, priority=900)  # after conf.py's edition settings
    return {"parallel_read_safe": True, "parallel_write_safe": True}
