"""topics/allow-unused: None vs zeros, and the ways a tensor ends up outside the graph."""

import pytest
import torch

from topics_oracle import assert_raises_shown, assert_shown
from site_reader import cell_sources

PAGE = "topics/allow-unused"


def test_none_and_zeros(section):
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([3.0, 4.0, 5.0], requires_grad=True)
    y = (a * a).sum()
    g_none = torch.autograd.grad(y, (a, b), allow_unused=True, retain_graph=True)
    g_zeros = torch.autograd.grad(y, (a, b), materialize_grads=True)
    assert g_none[1] is None
    assert_shown(section("allow-unused-none"), g_none)
    assert_shown(section("allow-unused-materialize"), g_zeros)


@pytest.mark.parametrize(
    "section_id",
    [
        "allow-unused-copy",
        "allow-unused-cat",
        "allow-unused-parameters-to-vector",
        "allow-unused-detach",
        "allow-unused-no-grad",
    ],
)
def test_not_in_graph_cases_return_none(section, section_id):
    s = section(section_id)
    checks = "".join(cell_sources(s, tag="check"))
    assert "is None" in checks or "== (None,)" in checks
    assert any("allow_unused=True" in src for src in cell_sources(s))


def test_copy(section):
    s = section("allow-unused-copy")
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    c = x.clone()
    y = (c ** 2).sum()
    assert_shown(s, torch.autograd.grad(y, (c, x)))
    y = (x ** 2).sum()
    late = x.clone()
    assert_shown(s, torch.autograd.grad(y, late, allow_unused=True))


def test_cat(section):
    s = section("allow-unused-cat")
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([3.0], requires_grad=True)
    y = (a ** 2).sum() + (b ** 3).sum()
    assert torch.autograd.grad(y, torch.cat([a, b]), allow_unused=True, retain_graph=True) == (None,)
    assert_shown(s, (None,))
    assert_shown(s, torch.cat(torch.autograd.grad(y, (a, b))))


def test_parameters_to_vector(section):
    s = section("allow-unused-parameters-to-vector")
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 1)
    loss = model(torch.ones(2, 3)).pow(2).sum()
    flat = torch.nn.utils.parameters_to_vector(model.parameters())
    assert torch.autograd.grad(loss, flat, allow_unused=True, retain_graph=True) == (None,)
    assert_shown(s, (None,))
    grads = torch.autograd.grad(loss, list(model.parameters()))
    assert_shown(s, torch.cat([g.reshape(-1) for g in grads]))


def test_detach(section):
    x = torch.tensor([1.0, 2.0])
    assert_shown(section("allow-unused-detach"), (None, x))


def test_no_grad(section):
    x = torch.tensor([1.0, 2.0])
    assert_shown(section("allow-unused-no-grad"), (None, 2 * x))


def test_function_returning_none(section):
    s = section("allow-unused-function-returns-none")

    class Double(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return None

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = Double.apply(x).sum()
    node = y.grad_fn.next_functions[0][0]
    leaf = node.next_functions[0][0]
    assert leaf.variable is x  # the path from y to x exists
    assert_shown(s, (type(node).__name__, type(leaf).__name__, True))
    assert_raises_shown(s, lambda: torch.autograd.grad(Double.apply(x).sum(), x))
    assert torch.autograd.grad(Double.apply(x).sum(), x, allow_unused=True) == (None,)
    assert_shown(s, (None,))


def test_input_changed_in_place(section):
    s = section("allow-unused-inplace-input")
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    h = x * 2
    before = type(h.grad_fn).__name__
    y = (h * 3).sum()
    h.add_(1)
    g_h, g_x = torch.autograd.grad(y, (h, x), allow_unused=True)
    assert g_h is None and before != type(h.grad_fn).__name__
    torch.testing.assert_close(g_x, torch.full((2,), 6.0))  # y = sum(6 x)
    assert_shown(s, (before, type(h.grad_fn).__name__, g_h, g_x))
