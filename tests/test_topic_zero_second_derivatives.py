"""topics/zero-second-derivatives: ReLU Hessians, a linear layer's second call, smooth activations.

The oracle rebuilds the page's networks from the same seeds and computes the values itself:
gradients of the piecewise-linear networks from their masks (W1^T D1 W2^T D2 w3), Hessians
of one hidden unit from the closed form a s''(u) w w^T, the errors from its own calls.
"""

import math

import pytest
import torch
import torch.nn.functional as F

from site_reader import cell_sources, outputs
from topics_oracle import assert_raises_shown, squeezed

PAGE = "topics/zero-second-derivatives"
F64 = torch.float64


def mlp(activation):
    torch.manual_seed(0)
    return torch.nn.Sequential(
        torch.nn.Linear(3, 8), activation, torch.nn.Linear(8, 8), activation, torch.nn.Linear(8, 1)
    ).double()


def points():
    torch.manual_seed(7)
    return torch.randn(4, 3, dtype=F64)


def slopes(net, x):
    """The matrices of the linear region of x: (M, masks) with grad f(x) = M @ w3."""
    W1, W2 = net[0].weight.detach(), net[2].weight.detach()
    act = net[1]
    with torch.no_grad():
        u1 = net[0](x)
        u2 = net[2](act(u1))
    if isinstance(act, torch.nn.Hardtanh):
        d1, d2 = ((u1 > -1) & (u1 < 1)).to(F64), ((u2 > -1) & (u2 < 1)).to(F64)
    else:
        low = act.negative_slope if isinstance(act, torch.nn.LeakyReLU) else 0.0
        d1 = torch.where(u1 > 0, 1.0, low).to(F64)
        d2 = torch.where(u2 > 0, 1.0, low).to(F64)
    M = W1.T @ torch.diag(d1) @ W2.T @ torch.diag(d2)
    return M, torch.cat([u1, u2])


def shown_text(section):
    return squeezed("".join(outputs(section)))


def test_relu_network(en):
    section = en.section(PAGE, "zero-second-relu")
    net = mlp(torch.nn.ReLU())
    w3 = net[4].weight.detach().view(-1)
    grads, margins = [], []
    for x in points():
        M, u = slopes(net, x)
        grads.append(M @ w3)
        margins.append(u.abs().min())
    shown = outputs(section)
    assert shown[0] == repr(torch.stack(grads)) + "\n\n"
    assert len({tuple(g.tolist()) for g in grads}) == 4  # "differs from point to point"
    assert shown[1] == repr(torch.zeros(4, 3, 3, dtype=F64)) + "\n\n"
    node = torch.relu(torch.zeros(3, requires_grad=True)).grad_fn
    saved = [name for name in dir(node) if name.startswith("_saved_")]
    assert shown[2] == repr((type(node).__name__, saved)) + "\n\n"
    assert saved == ["_saved_result"]  # the backward reads the output, not the input
    assert shown[3] == repr(torch.stack(margins)) + "\n\n"
    assert min(margins) > 1e-2  # far from the kinks compared with the step 1e-4
    assert shown[4] == repr(torch.zeros(3, 3, dtype=F64)) + "\n\n"
    assert any("finite_difference_hessian" in src for src in cell_sources(section, tag="finite-differences"))
    assert any("jacfwd(jacfwd" in src for src in cell_sources(section, tag="forward-mode"))


def test_other_piecewise_linear_networks(en):
    section = en.section(PAGE, "zero-second-relu")
    expected = {}
    for name, act in [("LeakyReLU", torch.nn.LeakyReLU()), ("Hardtanh", torch.nn.Hardtanh())]:
        net = mlp(act)
        w3 = net[4].weight.detach().view(-1)
        worst = max(
            torch.autograd.functional.hessian(lambda t, net=net: net(t).sum(), x).abs().max().item() for x in points()
        )
        nonzero = all((slopes(net, x)[0] @ w3).norm().item() > 0 for x in points())
        expected[name] = (worst, nonzero)
    assert expected == {"LeakyReLU": (0.0, True), "Hardtanh": (0.0, True)}
    assert repr(expected) + "\n\n" in outputs(section)


def test_subgradients_at_kinks(en):
    section = en.section(PAGE, "zero-second-relu")
    expected = {}
    for name, fn, u in [("relu", torch.relu, 0.0), ("leaky_relu", F.leaky_relu, 0.0), ("hardtanh", F.hardtanh, 1.0)]:
        t = torch.tensor(u, dtype=F64, requires_grad=True)
        (d1,) = torch.autograd.grad(fn(t), t, create_graph=True)
        (d2,) = torch.autograd.grad(d1, t, allow_unused=True)
        expected[name] = (d1.item(), 0.0 if d2 is None else d2.item())
        left, right = sorted([0.01 if name == "leaky_relu" else 0.0, 1.0])
        assert left <= d1.item() <= right  # a subgradient: between the one-sided slopes
    assert expected == {"relu": (0.0, 0.0), "leaky_relu": (0.01, 0.0), "hardtanh": (0.0, 0.0)}
    assert repr(expected) + "\n\n" in outputs(section)


def plain_linear():
    torch.manual_seed(0)
    W = torch.randn(2, 3)
    b = torch.randn(2)
    return W, b, torch.tensor([1.0, -2.0, 0.5], requires_grad=True)


def test_linear_without_parameters(en):
    section = en.section(PAGE, "zero-second-linear")
    W, b, x = plain_linear()
    assert outputs(section)[0] == repr((W.sum(dim=0), False, None)) + "\n\n"
    (g,) = torch.autograd.grad((W @ x + b).sum(), x, create_graph=True)
    assert g.grad_fn is None
    assert_raises_shown(section, lambda: torch.autograd.grad(g.sum(), x))
    assert_raises_shown(section, lambda: torch.autograd.grad(g.sum(), x, allow_unused=True))
    with pytest.raises(RuntimeError, match="does not have a grad_fn"):
        torch.autograd.grad(g.sum(), x, materialize_grads=True)
    assert "materialize_grads" in "".join(cell_sources(section, tag="premise"))


def linear_layer():
    torch.manual_seed(0)
    layer = torch.nn.Linear(3, 2)
    x = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
    (g,) = torch.autograd.grad(layer(x).sum(), x, create_graph=True)
    return layer, x, g


def test_linear_layer(en):
    section = en.section(PAGE, "zero-second-linear")
    layer, x, g = linear_layer()
    torch.testing.assert_close(g.detach(), layer.weight.detach().sum(dim=0))
    shown = outputs(section)
    assert shown[1] == repr(g) + "\n\n" and "grad_fn=" in shown[1]
    assert shown[2] == repr(torch.ones(2, 3)) + "\n\n"
    assert_raises_shown(section, lambda: torch.autograd.grad(g.sum(), x, retain_graph=True))


def test_allow_unused_and_materialize(en):
    section = en.section(PAGE, "zero-second-allow-unused")
    layer, x, g = linear_layer()
    (h_none,) = torch.autograd.grad(g.sum(), x, allow_unused=True, retain_graph=True)
    (h_zeros,) = torch.autograd.grad(g.sum(), x, materialize_grads=True)
    assert h_none is None
    shown = outputs(section)
    assert shown[0] == repr((None, torch.zeros(3))) + "\n\n"
    assert squeezed(shown[1]) == squeezed(repr({"plain W, b": torch.zeros(3, 3), "nn.Linear": torch.zeros(3, 3)}))


SECOND = {  # sigma''(u) of each activation, written out
    "Tanh": lambda u: -2 * math.tanh(u) * (1 - math.tanh(u) ** 2),
    "Softplus": lambda u: (s := 1 / (1 + math.exp(-u))) * (1 - s),
    "GELU": lambda u: math.exp(-u * u / 2) / math.sqrt(2 * math.pi) * (2 - u * u),
    "SiLU": lambda u: (s := 1 / (1 + math.exp(-u))) * (1 - s) * (2 + u * (1 - 2 * s)),
}


def test_one_hidden_unit(en):
    section = en.section(PAGE, "zero-second-smooth")
    torch.manual_seed(0)
    w = torch.randn(3, dtype=F64)
    a, c = 1.5, 0.3
    x0 = torch.tensor([0.2, -0.4, 0.7], dtype=F64)
    u = (x0 @ w + c).item()
    expected = {name: a * second(u) * torch.outer(w, w) for name, second in SECOND.items()}
    assert shown_text(section).startswith(squeezed(repr(expected)))
    assert len(cell_sources(section, tag="closed-form")) == 1


def test_smooth_networks(en):
    section = en.section(PAGE, "zero-second-smooth")
    acts = {"Tanh": torch.nn.Tanh(), "Softplus": torch.nn.Softplus(), "GELU": torch.nn.GELU(), "SiLU": torch.nn.SiLU()}
    expected = {}
    for name, act in acts.items():
        net = mlp(act)
        expected[name] = torch.stack(
            [torch.autograd.functional.hessian(lambda t, net=net: net(t).sum(), x).abs().max() for x in points()]
        )
        assert (expected[name] > 1e-4).all()
    assert squeezed(repr(expected)) in shown_text(section)


def test_mixed_derivative_of_relu_penalty(en):
    """||grad_x f||^2 = ||M w3||^2 is quadratic in the last weights: its gradient is 2 M^T M w3."""
    section = en.section(PAGE, "zero-second-smooth")
    net = mlp(torch.nn.ReLU())
    w3 = net[4].weight.detach().view(-1)
    M, _ = slopes(net, points()[0])
    expected = (2 * M.T @ M @ w3).view(1, -1)
    assert expected.abs().max() > 1e-3
    assert squeezed(repr(expected)) in shown_text(section)
    assert any("finite_difference_in_last" in src for src in cell_sources(section, tag="finite-differences"))
