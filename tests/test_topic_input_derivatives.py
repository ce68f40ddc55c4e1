"""topics/input-derivatives: derivatives of a network with respect to its inputs (PINN).

The test builds the page's network itself (same seed, same layers, same points) and computes
every derivative on its own: first derivatives and Hessians point by point with
``torch.autograd.functional`` on one point at a time (no batch, no ``ones_like``), the
divergence of the written-out field in closed form. The page's printed tensors are read back
as numbers and compared to four decimals, the precision torch prints.
"""

import re

import pytest
import torch

from site_reader import SiteReader, cell_sources, outputs, tracebacks
from topics_oracle import error_text

PAGE = "topics/input-derivatives"
SECTIONS = ("first", "second", "ones-like-bug", "laplacian", "create-graph")
NUMBER = re.compile(r"-?\d+\.\d+(?:e[+-]?\d+)?")
PRINTED = 5e-5 + 1e-9  # torch prints 4 decimals: half a unit of the last one


def network():
    """The page's model and points, built the same way from the same seed."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(2, 16),
        torch.nn.Tanh(),
        torch.nn.Linear(16, 16),
        torch.nn.Tanh(),
        torch.nn.Linear(16, 1),
    ).double()
    X = torch.rand(4, 2, dtype=torch.float64)
    return model, X


@pytest.fixture(scope="module")
def ja():
    return SiteReader("ja")


@pytest.fixture(scope="module")
def reference():
    """Per point: gradient (4, 2) and Hessian (4, 2, 2), each point on its own."""
    model, X = network()

    def u(p):
        return model(p).squeeze(-1)

    grads = torch.stack([torch.autograd.functional.jacobian(u, p) for p in X])
    hessians = torch.stack([torch.autograd.functional.hessian(u, p) for p in X])
    return {"model": model, "X": X, "grad": grads.detach(), "H": hessians.detach()}


def printed(text):
    """The numbers of a printed tensor, in order (the dtype's digits left out)."""
    return torch.tensor([float(n) for n in NUMBER.findall(text.split("dtype=")[0])], dtype=torch.float64)


def assert_printed(text, expected):
    expected = torch.as_tensor(expected, dtype=torch.float64).flatten()
    shown = printed(text)
    assert shown.numel() == expected.numel(), f"{text!r}: {shown.numel()} numbers, expected {expected.numel()}"
    worst = (shown - expected).abs().max().item()
    assert worst <= PRINTED, f"{text!r} differs from {expected.tolist()} by {worst}"


def test_sections_have_their_labels_and_checks(en):
    for name in SECTIONS:
        section = en.section(PAGE, f"input-derivatives-{name}")
        assert cell_sources(section, tag="check"), name


def test_words_search_finds(en, ja):
    """The names a reader searches for are in the prose of both editions."""
    english = en.page(PAGE).select_one("article.bd-article").get_text()
    assert "PINN" in english and "Laplacian" in english and "divergence" in english
    japanese = ja.page(PAGE).select_one("article.bd-article").get_text().replace("(", "（").replace(")", "）")
    for word in ("ラプラシアン", "物理情報ニューラルネットワーク（PINN）", "発散"):
        assert word in japanese, word


def test_first_derivatives(en, reference):
    section = en.section(PAGE, "input-derivatives-first")
    du, blocks = outputs(section)
    assert_printed(du, reference["grad"])
    # |d u_j / d X_i| summed: zero off the diagonal, the per-point gradient's size on it
    expected = torch.diag(reference["grad"].abs().sum(dim=1))
    assert_printed(blocks, expected)
    assert "jacfwd" in "".join(cell_sources(section, tag="check"))


def test_second_and_mixed_partials(en, reference):
    section = en.section(PAGE, "input-derivatives-second")
    H = reference["H"]
    partials, hessian = outputs(section)
    assert_printed(partials, torch.stack([H[:, 0, 0], H[:, 0, 1], H[:, 1, 0], H[:, 1, 1]], dim=1))
    assert_printed(hessian, H)
    checks = "\n".join(cell_sources(section, tag="check"))
    assert "finite_difference" in checks and "jacfwd(func.jacfwd" in checks


def test_ones_like_on_the_whole_gradient(en, reference):
    section = en.section(PAGE, "input-derivatives-ones-like-bug")
    H = reference["H"]
    wrong, side_by_side = outputs(section)
    # row i: H_i (1, 1) = (u_xx + u_tx, u_xt + u_tt)
    assert_printed(wrong, H.sum(dim=1))
    assert_printed(side_by_side, torch.stack([H[:, 0, 0] + H[:, 1, 0], H[:, 0, 0], H[:, 0, 0] + H[:, 0, 1]], dim=1))
    # the page shows a visible difference: the first column is not u_xx at four decimals
    assert (H[:, 0, 1]).abs().max() > 10 * PRINTED
    assert "not torch.allclose" in "".join(cell_sources(section, tag="check"))


def test_laplacian_and_divergence(en, reference):
    section = en.section(PAGE, "input-derivatives-laplacian")
    H, X = reference["H"], reference["X"]
    laplacians, divergence = outputs(section)
    assert_printed(laplacians, torch.stack([H[:, 0, 0] + H[:, 1, 1], H[:, 0, 0]], dim=1))
    x, t = X[:, 0], X[:, 1]
    assert_printed(divergence, 2 * x * t + 3 * torch.sin(x) * t ** 2)


def graph_nodes(tensor):
    seen, stack = set(), [tensor.grad_fn]
    while stack:
        node = stack.pop()
        if node is not None and node not in seen:
            seen.add(node)
            stack.extend(n for n, _ in node.next_functions)
    return len(seen)


def test_create_graph(en, reference):
    section = en.section(PAGE, "input-derivatives-create-graph")
    model, H, g = reference["model"], reference["H"], reference["grad"]
    X = reference["X"].clone().requires_grad_()
    plain_flags, residual, flags, nodes, passes = outputs(section)
    assert plain_flags == "(False, None)\n\n"
    assert_printed(residual, g[:, 1] - H[:, 0, 0])

    # the two errors, raised by the test's own calls
    u = model(X)
    (plain,) = torch.autograd.grad(u, X, grad_outputs=torch.ones_like(u))
    no_graph = error_text(lambda: torch.autograd.grad(plain[:, 0], X, grad_outputs=torch.ones_like(plain[:, 0])))

    def freed():
        u = model(X)
        (du,) = torch.autograd.grad(u, X, grad_outputs=torch.ones_like(u), create_graph=True)
        (d2,) = torch.autograd.grad(du[:, 0], X, grad_outputs=torch.ones_like(du[:, 0]))
        torch.autograd.grad(((du[:, 1] - d2[:, 0]) ** 2).mean(), model[4].weight)

    assert tracebacks(section) == [no_graph, error_text(freed)]

    # the loss gradient with respect to the last weights, u_xx's term included or left out,
    # each point's derivatives by torch.autograd.functional on that point alone
    weight = model[4].weight

    def loss(w, keep_u_xx):
        residuals = []
        for p in reference["X"]:
            def u_at(q):
                return torch.func.functional_call(model, {"4.weight": w}, (q,)).squeeze(-1)

            u_t = torch.autograd.functional.jacobian(u_at, p, create_graph=True)[1]
            u_xx = torch.autograd.functional.hessian(u_at, p, create_graph=True)[0, 0]
            residuals.append(u_t - (u_xx if keep_u_xx else u_xx.detach()))
        return (torch.stack(residuals) ** 2).mean()

    full = torch.autograd.functional.jacobian(lambda w: loss(w, True), weight.detach())
    partial = torch.autograd.functional.jacobian(lambda w: loss(w, False), weight.detach())
    assert flags == f"(True, {torch.allclose(full, partial)})\n\n" == "(True, False)\n\n"

    u = model(X)
    (du,) = torch.autograd.grad(u, X, grad_outputs=torch.ones_like(u), create_graph=True)
    lap = torch.zeros_like(X[:, 0])
    for k in range(2):
        lap = lap + torch.autograd.grad(du[:, k], X, torch.ones_like(du[:, k]), create_graph=True)[0][:, k]
    assert nodes == repr((graph_nodes(u), graph_nodes(du), graph_nodes(lap))) + "\n\n"
    assert passes == repr([d + 1 for d in (1, 2, 3, 8)]) + "\n\n"
