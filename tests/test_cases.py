"""The sixteen cases: each section prints what an independent oracle computes.

The oracle does not reuse the pages' code. For the shared example the Jacobians are known
in closed form: x = m a + m2 b and x2 = m a - m2 b, so ∂x/∂a = m, ∂x/∂b = m2,
∂x2/∂a = m, ∂x2/∂b = -m2, and y, y2 are their sums. ``autograd.grad`` returns, for each
input, the sum over outputs of Jᵀv; the oracle computes exactly that with matrix products.
"""

import pytest
import torch

from site_reader import cell_sources, code_cells, outputs, tracebacks

M = torch.tensor([[1.0, 3.0], [2.0, 5.0]])
M2 = torch.tensor([[2.0, 6.0], [2.0, 1.0]])
ONES = torch.ones(2)
JACOBIANS = {("x", "a"): M, ("x", "b"): M2, ("x2", "a"): M, ("x2", "b"): -M2}

PAGES = {
    "1": "cases/outputs-scalar",
    "2": "cases/outputs-scalars",
    "3": "cases/outputs-tensor",
    "4": "cases/outputs-tensors",
}


SUMS = {"y": "x", "y2": "x2"}  # y = x.sum(): its vector-Jacobian product is J_xᵀ (v·1)


def vjp(outputs, inputs, vectors):
    """For each input, Σ_k J(output_k, input)ᵀ v_k: what autograd.grad returns."""
    result = []
    for inp in inputs:
        total = torch.zeros(2)
        for out, v in zip(outputs, vectors):
            if out in SUMS:
                out, v = SUMS[out], v * ONES
            total = total + JACOBIANS[(out, inp)].T @ v
        result.append(total)
    return tuple(result)


S = torch.tensor(1.0)  # the implicit grad_output of a scalar output
V2, V3 = torch.tensor(2.0), torch.tensor(3.0)
V11, V12 = torch.tensor([1.0, 1.0]), torch.tensor([1.0, 2.0])

# case id -> expected tuple the section's call cell prints
VALUES = {
    "1-1-1": vjp(["y"], ["a"], [S]),
    "1-1-2": vjp(["y"], ["a"], [V2]),
    "1-2-1": vjp(["y"], ["a", "b"], [S]),
    "1-2-2": vjp(["y"], ["a", "b"], [V2]),
    "2-1-1": vjp(["y", "y2"], ["a"], [S, S]),
    "2-1-2": vjp(["y", "y2"], ["a"], [V2, V3]),
    "2-2-1": vjp(["y", "y2"], ["a", "b"], [S, S]),
    "2-2-2": vjp(["y", "y2"], ["a", "b"], [V2, V3]),
    "3-1-1": vjp(["x"], ["a"], [ONES]),  # the fix: grad_outputs=torch.ones_like(x)
    "3-1-2": vjp(["x"], ["a"], [torch.tensor([5.0, 7.0])]),
    "3-2-1": vjp(["x"], ["a", "b"], [ONES]),
    "3-2-2": vjp(["x"], ["a", "b"], [torch.tensor([2.0, 3.0])]),
    "4-1-1": vjp(["x", "x2"], ["a"], [ONES, ONES]),
    "4-1-2": vjp(["x", "x2"], ["b"], [V11, V12]),
    "4-2-1": vjp(["x", "x2"], ["a", "b"], [ONES, ONES]),
    "4-2-2": vjp(["x", "x2"], ["a", "b"], [V11, V12]),
}
ERROR_CASES = ["3-1-1", "3-2-1", "4-1-1", "4-2-1"]
ALL_CASES = [f"{o}-{i}-{g}" for o in "1234" for i in "12" for g in "12"]


def page_of(case):
    return PAGES[case[0]]


def non_scalar_error():
    """The message torch gives for a non-scalar output without grad_outputs, live."""
    t = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError) as info:
        torch.autograd.grad(t * 2, t)
    return f"RuntimeError: {info.value}"


def test_the_oracle_matches_the_notes():
    """Sanity of the oracle itself against numbers the notes printed by hand."""
    assert repr(VALUES["1-1-1"]) == "(tensor([3., 8.]),)"
    assert repr(VALUES["3-1-2"]) == "(tensor([19., 50.]),)"
    assert repr(VALUES["4-2-2"]) == "(tensor([ 8., 21.]), tensor([-2., -1.]))"


def test_all_sixteen_cases_are_listed():
    assert sorted(VALUES) == sorted(ALL_CASES)


@pytest.mark.parametrize("case", ALL_CASES)
def test_case_label_exists_once_in_the_site(en, case):
    pages_with_it = [
        page for page in PAGES.values() if en.page(page).find_all("section", id=f"case-{case}")
    ]
    assert pages_with_it == [page_of(case)], f"case-{case} found on {pages_with_it}"


@pytest.mark.parametrize("case", ALL_CASES)
def test_case_prints_the_oracle_value(en, case):
    section = en.section(page_of(case), f"case-{case}")
    printed = [text.strip() for text in outputs(section)]
    expected = repr(VALUES[case])
    assert expected in printed, (
        f"{page_of(case)}#case-{case}: expected the output {expected}, the section printed {printed}"
    )


@pytest.mark.parametrize("case", ALL_CASES)
def test_case_has_a_check_cell(en, case):
    checks = cell_sources(en.section(page_of(case), f"case-{case}"), tag="check")
    assert checks, f"{page_of(case)}#case-{case}: no cell tagged 'check'"
    assert any("assert_close" in src for src in checks), f"case-{case}: check cells use no assert_close"


@pytest.mark.parametrize("case", ERROR_CASES)
def test_error_case_shows_the_real_message(en, case):
    shown = tracebacks(en.section(page_of(case), f"case-{case}"))
    assert non_scalar_error() in shown, f"{page_of(case)}#case-{case}: tracebacks shown {shown}"


@pytest.mark.parametrize("case", sorted(set(ALL_CASES) - set(ERROR_CASES)))
def test_non_error_case_raises_nothing(en, case):
    assert not tracebacks(en.section(page_of(case), f"case-{case}"))


def first_code_cell(page):
    return code_cells(page)[0]


def test_case_pages_share_one_setup_cell():
    """Each page runs on its own, so each repeats the setup; the copies must not drift."""
    setups = {page: first_code_cell(page) for page in PAGES.values()}
    reference = setups[PAGES["1"]]
    drifted = [page for page, cell in setups.items() if cell != reference]
    assert not drifted, f"setup cell differs from {PAGES['1']}.md on: {drifted}"
