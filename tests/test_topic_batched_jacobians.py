"""topics/batched-jacobians: shapes, the first sample's Jacobian, BatchNorm and pass counts.

The expected values are computed here: the MLP's Jacobians by the chain rule written out
(no autograd), the full Jacobian's shape from the batch, the BatchNorm comparison by
central finite differences of the batched function, and the backward-pass counts from the
shapes (B * out, out, 1).
"""

import torch

from site_reader import cell_sources, outputs

PAGE = "topics/batched-jacobians"
B, N_IN, N_OUT, HIDDEN = 4, 3, 2, 5


def network():
    """The page's seeded MLP and batch, built in the same order."""
    torch.manual_seed(0)
    mlp = torch.nn.Sequential(
        torch.nn.Linear(N_IN, HIDDEN), torch.nn.Tanh(), torch.nn.Linear(HIDDEN, N_OUT)
    ).double().requires_grad_(False)
    X = torch.randn(B, N_IN, dtype=torch.float64)
    return mlp, X


def closed_form(mlp, X):
    """J[b] = W2 diag(1 - tanh(W1 x_b + c1)^2) W1, one matrix product per sample."""
    first, _, second = mlp
    W1, c1, W2 = first.weight, first.bias, second.weight
    return torch.stack([W2 @ torch.diag(1 - torch.tanh(W1 @ x + c1) ** 2) @ W1 for x in X])


def finite_difference_full(function, X, h=1e-6):
    """J[c, o, b, i] = d function(X)[c, o] / d X[b, i], central differences on the batch."""
    J = torch.zeros(B, N_OUT, B, N_IN, dtype=torch.float64)
    with torch.no_grad():
        for b in range(B):
            for i in range(N_IN):
                step = torch.zeros_like(X)
                step[b, i] = h
                J[:, :, b, i] = (function(X + step) - function(X - step)) / (2 * h)
    return J


def shape(*dims):
    return repr(torch.Size(dims)) + "\n\n"


def test_network(en):
    section = en.section(PAGE, "batched-jacobians-network")
    assert outputs(section) == [repr((torch.Size([B, N_OUT]), torch.Size([N_OUT]))) + "\n\n", shape(B, N_OUT, N_IN)]


def test_vmap_jacrev(en):
    section = en.section(PAGE, "batched-jacobians-vmap-jacrev")
    mlp, X = network()
    J = closed_form(mlp, X)
    assert outputs(section) == [shape(B, N_OUT, N_IN), repr(J[0]) + "\n\n", shape(B, N_OUT, N_IN)]
    checks = "\n".join(cell_sources(section, tag="check"))
    assert "jacfwd" in checks and "finite_difference" in checks and "linear.weight" in checks


def test_vectorize(en):
    section = en.section(PAGE, "batched-jacobians-vectorize")
    counts = repr((B * N_OUT * B * N_IN, B * N_OUT * N_IN, 0.0)) + "\n\n"
    assert outputs(section) == [shape(B, N_OUT, B, N_IN), shape(B, N_OUT, N_IN), counts]
    assert 'strategy="forward-mode"' in "".join(cell_sources(section, tag="check"))


def test_sum_trick(en):
    section = en.section(PAGE, "batched-jacobians-sum-trick")
    assert outputs(section) == [repr((torch.Size([N_OUT, B, N_IN]), torch.Size([B, N_OUT, N_IN]))) + "\n\n"]
    grad = en.section(PAGE, "batched-jacobians-sum-trick-grad")
    assert outputs(grad) == [shape(B, N_OUT, N_IN), shape(N_OUT, B, N_IN)]
    assert "is_grads_batched=True" in "".join(cell_sources(grad))


def test_interacting(en):
    section = en.section(PAGE, "batched-jacobians-interacting")
    mlp, X = network()
    torch.manual_seed(2)
    bn = torch.nn.BatchNorm1d(N_OUT).double()

    def f_bn(X):
        return bn(mlp(X))

    agreement = []
    for mode in (bn.train, bn.eval):
        mode()
        momentum, bn.momentum = bn.momentum, 0.0  # the oracle's own calls leave the statistics alone
        J = finite_difference_full(f_bn, X)
        bn.momentum = momentum
        trick = J.sum(dim=0).permute(1, 0, 2)
        diagonal = torch.stack([J[b, :, b, :] for b in range(B)])
        agreement.append(torch.allclose(trick, diagonal, atol=1e-6))
    assert agreement == [False, True]
    assert outputs(section) == [f"{agreement[0]}\n\n", f"{agreement[1]}\n\n"]
    assert "ones-like.html#ones-like-batchnorm" in str(section)
    assert "not torch.allclose" in "".join(cell_sources(section, tag="check"))


def test_cost(en):
    section = en.section(PAGE, "batched-jacobians-cost")
    expected = {
        "row by row": B * N_OUT,
        "jacobian": B * N_OUT,
        "sum trick, per output": N_OUT,
        "sum trick, is_grads_batched": 1,
        "vmap(jacrev)": 1,
        "jacobian, vectorize=True": 1,
    }
    shown = outputs(section)
    assert len(shown) == 1
    assert eval(shown[0]) == expected  # noqa: S307 - the page prints a dict literal of ints
    assert "time" not in "".join(cell_sources(section))


def test_fallback(en):
    """The older vmap prototype has no batching rule for tanh's backward; torch.func.vmap has."""
    import re
    import warnings

    section = en.section(PAGE, "batched-jacobians-fallback")
    torch._C._debug_only_display_vmap_fallback_warnings(True)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            t = torch.tensor([0.5, 1.0], requires_grad=True)
            torch.autograd.grad(torch.tanh(t), t, grad_outputs=torch.eye(2), is_grads_batched=True)
    finally:
        torch._C._debug_only_display_vmap_fallback_warnings(False)
    legacy = sorted({m.group(1) for w in caught if (m := re.search(r"batching rule for (\S+)\.", str(w.message)))})
    assert legacy == ["aten::tanh_backward"]
    expected = {"sum trick, is_grads_batched": legacy, "jacobian, vectorize=True": legacy, "vmap(jacrev)": []}
    shown = outputs(section)
    assert len(shown) == 1
    assert eval(shown[0]) == expected  # noqa: S307 - the page prints a dict literal of lists of str
