"""topics/create-graph: printed values against the test's own torch computations."""

import warnings

import pytest
import torch

from site_reader import cell_sources, outputs, tracebacks
from topics_oracle import squeezed

PAGE = "topics/create-graph"


def text(section):
    return "\n".join(outputs(section))


def test_second_derivative(en):
    section = en.section(PAGE, "create-graph-second-derivative")
    x = torch.tensor([1.0, 2.0])
    first = 3 * x ** 2
    second = 6 * x
    shown = text(section)
    assert repr((first, False)) in shown
    assert repr(first)[:-1] + ", grad_fn=" in shown
    assert repr(second) in shown
    leaf = torch.tensor([1.0, 2.0], requires_grad=True)
    (constant,) = torch.autograd.grad((leaf ** 3).sum(), leaf)
    with pytest.raises(RuntimeError) as error:
        torch.autograd.grad(constant.sum(), leaf)
    assert tracebacks(section) == [f"RuntimeError: {error.value}"]
    assert any("assert_close" in src for src in cell_sources(section, tag="check"))


def test_hessian_vector_product(en):
    section = en.section(PAGE, "create-graph-hvp")
    x0, x1 = 1.0, 2.0
    hessian = torch.tensor([[2 * x1, 2 * x0], [2 * x0, 6 * x1]])
    v = torch.tensor([1.0, -1.0])
    assert outputs(section) == [repr(hessian @ v) + "\n\n", repr(hessian) + "\n\n"]
    checks = "\n".join(cell_sources(section, tag="check"))
    assert "H @ v" in checks


def test_gradient_penalty(en):
    section = en.section(PAGE, "create-graph-gradient-penalty")
    critic = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.Tanh(), torch.nn.Linear(4, 1))
    params = tuple(critic.parameters())
    expected = [(tuple(p.shape), i < 3) for i, p in enumerate(params)]
    shown = outputs(section)
    assert repr(expected) + "\n\n" in shown
    assert "False\n\n" in shown

    points = torch.randn(3, 2, requires_grad=True)
    out = critic(points)
    (grad_x,) = torch.autograd.grad(out, points, torch.ones_like(out), create_graph=True)
    penalty = ((grad_x.norm(dim=1) - 1) ** 2).mean()
    with pytest.raises(RuntimeError) as unused:
        torch.autograd.grad(penalty, params, retain_graph=True)
    (flat,) = torch.autograd.grad(out, points, torch.ones_like(out))
    with pytest.raises(RuntimeError) as no_graph:
        torch.autograd.grad(((flat.norm(dim=1) - 1) ** 2).mean(), params)
    assert tracebacks(section) == [f"RuntimeError: {unused.value}", f"RuntimeError: {no_graph.value}"]
    assert any("finite_difference" in src for src in cell_sources(section, tag="check"))


def backward_warnings():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        (x ** 3).sum().backward(create_graph=True)
    return x, [(w.category.__name__, str(w.message)) for w in caught]


def test_backward_create_graph_warning(en):
    """The warning is given once per process; set_warn_always shows it every time."""
    section = en.section(PAGE, "create-graph-grad-not-backward")
    torch.set_warn_always(True)
    try:
        x, always = backward_warnings()
    finally:
        torch.set_warn_always(False)
    backward_warnings()
    _, later = backward_warnings()
    assert [category for category, _ in always] == ["UserWarning"] and later == []
    assert "reference cycle" in always[0][1]
    assert [squeezed(o) for o in outputs(section)[:2]] == [squeezed(repr(always)), "[]"]
    shown = text(section)
    assert repr(3 * x.detach() ** 2)[:-1] + ", grad_fn=" in shown
    assert "([], None)" in shown
