"""ext/mathml.py: LaTeX becomes the MathML TeX itself would typeset, on every page with math."""

import pytest

from mathml import single_digit_arguments, to_mathml
from site_reader import SiteReader
from site_facts import LANGUAGES

# Bare arguments, then the same formula written with every argument braced: TeX reads both alike.
SAME_IN_TEX = [
    (r"\frac12 w", r"\frac{1}{2} w"),
    (r"\tfrac12 (A + A^\top) w", r"\tfrac{1}{2} (A + A^\top) w"),
    (r"\frac12\Bigl(x + y\Bigr)", r"\frac{1}{2}\Bigl(x + y\Bigr)"),
    (r"\frac 1 2", r"\frac{1}{2}"),
    (r"\frac{a}23", r"\frac{a}{2}3"),
    (r"\frac{\frac12}{3}", r"\frac{\frac{1}{2}}{3}"),
    (r"\frac\alpha2", r"\frac{\alpha}{2}"),
    (r"x^12", r"x^{1}2"),
    (r"w_10", r"w_{1}0"),
    (r"\sqrt[3]27", r"\sqrt[3]{2}7"),
]


@pytest.mark.parametrize("bare, braced", SAME_IN_TEX)
def test_bare_digit_arguments_read_as_in_tex(bare, braced):
    assert to_mathml(bare, block=False) == to_mathml(braced, block=False)


@pytest.mark.parametrize("tex", [r"x^{12}", r"\frac{12}{n}", r"a\_12", r"3.25 + 12", r"\sqrt{27}"])
def test_what_tex_reads_as_one_number_stays_one(tex):
    assert single_digit_arguments(tex) == tex


def test_the_one_digit_fraction_is_a_half():
    mathml = to_mathml(r"\frac12 w", block=False)
    assert "<mfrac><mn>1</mn><mn>2</mn></mfrac>" in mathml, mathml


# Pages whose sources write \frac12 or \tfrac12: on the built page the fraction is ½.
HALVES = ["topics/complex-numbers", "topics/forward-mode-hvp", "topics/dtypes-and-layouts"]


@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize("page", HALVES)
def test_halves_on_the_built_pages(lang, page):
    article = SiteReader(lang).page(page).select_one("article")
    fractions = ["".join(map(str, f.contents)) for f in article.select("mfrac")]
    assert "<mn>1</mn><mn>2</mn>" in fractions, f"{lang}/{page}: no ½ among its fractions"
    assert not [f for f in fractions if f.startswith("<mn>12</mn>")], f"{lang}/{page}: a fraction reads 12/…"
