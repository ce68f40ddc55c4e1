"""Render math to MathML at build time: formulas need no JavaScript and no network.

MyST's ``dollarmath`` and ``amsmath`` give ``math`` and ``math_block`` nodes; this
module registers the HTML math renderer ``mathml`` (selected in conf.py with
``html_math_renderer``), which converts their LaTeX with docutils' own converter
(``docutils.utils.math.latex2mathml``). Browsers display MathML natively, so Sphinx's
MathJax script is never added to a page.

What docutils cannot convert (e.g. ``\\bm``, ``\\tag``) is reported as a warning naming
the page, the line and the formula; with ``-W`` the build fails, and the formula is rewritten
with supported commands (``\\boldsymbol``). No JavaScript fallback ships.

docutils reads a run of digits as one number even where TeX takes one token: ``\\frac12 w``
would become 12/w, not ½ w as in the PDF. Such arguments are braced first (``\\frac{1}{2} w``).
"""

import re
from html.entities import html5

from docutils import nodes
from docutils.utils.math import MathError, latex2mathml, unichar2tex
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

# amsmath top-level environments: the converter takes their body; rows split on \\ are
# laid out like align* (a table), which also suits gather and multline.
_TOPLEVEL = re.compile(
    r"^\s*\\begin\{(?P<env>equation|align|alignat|gather|multline|flalign|eqnarray)(?P<star>\*?)\}"
    r"(?:\{\d+\})?(?P<body>.*)\\end\{(?P=env)(?P=star)\}\s*$",
    re.S,
)


# \big( and friends without l/r: docutils knows only \bigl / \bigr (same sizes).
_SIZED = re.compile(r"\\(big|Big|bigg|Bigg)(?![a-zA-Z])\s*(?P<delim>\\[a-zA-Z]+|\\[{}|]|[()\[\]|/.])")
_CLOSING = {")", "]", "\\}", "\\rangle", "\\rvert", "\\rVert", "\\rceil", "\\rfloor"}


_BETWEEN_TAGS = re.compile(r">\s+<(?!/mtext)")


# Named character references other than XML's five: HTML knows them, XML (an EPUB chapter) does not.
_NAMED = re.compile(r"&(?!(?:amp|lt|gt|quot|apos);)([A-Za-z][A-Za-z0-9]*);")


def numeric_references(mathml):
    """``&ApplyFunction;`` -> ``&#x2061;``: the same character, which an XML parser reads."""
    return _NAMED.sub(lambda m: "".join(f"&#x{ord(c):x};" for c in html5.get(m[1] + ";", m[0])), mathml)


# \tfrac / \dfrac: docutils puts displaystyle and scriptlevel on <mfrac>, which MathML 3
# (EPUB 3's) allows only on <mstyle>.
_STYLED_FRAC = re.compile(r'<mfrac (?P<style>displaystyle="[^"]*" scriptlevel="[^"]*")>')
_FRAC_TAG = re.compile(r"<(/?)mfrac[ >]")


def styles_outside_fractions(mathml):
    """``<mfrac displaystyle=… scriptlevel=…>…</mfrac>`` -> ``<mstyle …><mfrac>…</mfrac></mstyle>``."""
    while (start := _STYLED_FRAC.search(mathml)) is not None:
        depth = 0
        for tag in _FRAC_TAG.finditer(mathml, start.start()):
            depth += -1 if tag[1] else 1
            if depth == 0:
                end = tag.start() + len("</mfrac>")
                break
        else:
            return mathml  # unbalanced: left to the validator
        inner = mathml[start.end():end]
        mathml = f"{mathml[:start.start()]}<mstyle {start['style']}><mfrac>{inner}</mstyle>{mathml[end:]}"
    return mathml


def for_epub(mathml):
    return styles_outside_fractions(numeric_references(mathml))


def _sized(match):
    side = "r" if match["delim"] in _CLOSING else "l"
    return f"\\{match[1]}{side}{match['delim']}"


# Commands whose arguments TeX reads one token at a time when they are not braced.
_ARITY = {r"\frac": 2, r"\dfrac": 2, r"\tfrac": 2, r"\cfrac": 2, r"\binom": 2, r"\dbinom": 2,
          r"\tbinom": 2, r"\sqrt": 1, "^": 1, "_": 1}
_TOKEN = re.compile(r"\\[a-zA-Z]+|\\.|\s+|.", re.S)
_DIGITS = set("0123456789")


def _skip_group(tokens, i, opening, closing):
    """Index after the group that opens at ``tokens[i]``; unbalanced: the end (docutils reports it)."""
    depth = 0
    for j in range(i, len(tokens)):
        depth += (tokens[j] == opening) - (tokens[j] == closing)
        if depth == 0:
            return j + 1
    return len(tokens)


def single_digit_arguments(tex):
    """``\\frac12 w`` -> ``\\frac{1}{2} w``: a bare digit argument is one digit, as in TeX."""
    tokens = _TOKEN.findall(tex)

    def next_token(j):
        while j < len(tokens) and tokens[j].isspace():
            j += 1
        return j

    for i, token in enumerate(tokens):
        j = next_token(i + 1)
        if token == r"\sqrt" and j < len(tokens) and tokens[j] == "[":
            j = next_token(_skip_group(tokens, j, "[", "]"))  # the optional root index
        for _argument in range(_ARITY.get(token, 0)):
            if j == len(tokens):
                break
            if tokens[j] == "{":
                j = _skip_group(tokens, j, "{", "}")
            else:
                if tokens[j] in _DIGITS:
                    tokens[j] = "{" + tokens[j] + "}"
                j += 1
            j = next_token(j)
    return "".join(tokens)


def tex_body(tex):
    """LaTeX of one math node, outer amsmath environment removed."""
    match = _TOPLEVEL.match(tex)
    return match["body"] if match else tex


def to_mathml(tex, block):
    """MathML for ``tex``; raises MathError when docutils cannot convert it."""
    tex = single_digit_arguments(_SIZED.sub(_sized, tex.translate(unichar2tex.uni2tex_table)))
    if block:
        # Sphinx allows several equations in one block, separated by blank lines.
        parts = [tex_body(p).strip() for p in re.split(r"\n\s*\n", tex) if p.strip()]
        tex = r" \\ ".join(parts)
    # docutils indents its MathML; whitespace between tags means nothing there (mtext keeps its own)
    return _BETWEEN_TAGS.sub("><", latex2mathml.tex2mathml(tex.strip(), as_block=block))


def _convert(self, node, block):
    try:
        mathml = to_mathml(node.astext(), block)
        # EPUB chapters are XML; the web pages keep what docutils wrote
        return for_epub(mathml) if self.builder.name.startswith("epub") else mathml
    except MathError as err:
        logger.warning(
            "formula cannot be rendered as MathML (%s): %r. Rewrite it with commands "
            "docutils' latex2mathml supports.",
            err, node.astext()[:120], location=node, type="mathml", subtype="convert",
        )
        return f'<code class="math-tex">{self.encode(node.astext())}</code>'


def visit_math(self, node):
    self.body.append(self.starttag(node, "span", "", CLASS="math"))
    self.body.append(_convert(self, node, block=False))
    self.body.append("</span>")
    raise nodes.SkipNode


def visit_displaymath(self, node):
    self.body.append(self.starttag(node, "div", CLASS="math"))
    if node.get("number"):
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(_convert(self, node, block=True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app):
    app.add_html_math_renderer("mathml", (visit_math, None), (visit_displaymath, None))
    app.add_css_file("mathml.css")  # docs/_static/mathml.css: aligned rows, overflow
    return {"parallel_read_safe": True, "parallel_write_safe": True}
