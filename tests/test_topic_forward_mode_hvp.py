"""topics/forward-mode-hvp: JVPs, Jacobian columns and rows, HVPs, all against closed forms
computed here (and, for the torch docstrings, the installed torch itself)."""

import inspect

import torch

from site_reader import cell_sources, outputs
from topics_oracle import routes, shown, squeezed

PAGE = "topics/forward-mode-hvp"
X = (1.0, 2.0, -1.0)
U = (1.0, -1.0, 2.0)
A = torch.tensor([[2.0, 1.0, 0.0], [3.0, 1.0, -1.0], [0.0, 2.0, 4.0]])
W = torch.tensor([1.0, -1.0, 2.0])
V = torch.tensor([1.0, 0.0, -1.0])
VS = torch.tensor([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 0.0, -1.0], [1.0, 2.0, 3.0]])


def hessian():
    return (A + A.T) / 2 + torch.diag(6 * W)


def loss_value():
    return 0.5 * W @ A @ W + (W ** 3).sum()


def test_dual_numbers(section):
    x0, x1, x2 = X
    value = torch.tensor([x0 ** 2 * x1, x1 * x2, x0 + x2 ** 3])
    J = torch.tensor([[2 * x0 * x1, x0 ** 2, 0.0], [0.0, x2, x1], [1.0, 0.0, 3 * x2 ** 2]])
    tangent = J @ torch.tensor(U)
    dual = section("forward-mode-hvp-dual")
    assert outputs(dual) == [
        f"UnpackedDualTensor(primal={value!r}, tangent={tangent!r})\n\n",
        "True\n\n",
        shown((value, tangent)),
    ]
    assert routes(dual) == {"closed-form", "premise", "finite-differences"}


def test_columns_and_rows(section):
    x0, x1, x2, x3 = (1.0, 2.0, 3.0, -1.0)
    s0, s1 = (2.0, -1.0)
    J_wide = torch.tensor([[x1, x0, 1.0, 0.0], [0.0, 0.0, x3 ** 2, 2 * x2 * x3]])
    J_tall = torch.tensor([[2 * s0, 0.0], [s1, s0], [0.0, 3 * s1 ** 2], [1.0, 1.0]])
    # n forward passes (one per column), m reverse passes (one per row)
    counts = [{"forward passes": J.shape[1], "reverse passes": J.shape[0]} for J in (J_wide, J_tall)]
    part = section("forward-mode-hvp-columns-rows")
    assert outputs(part) == [shown(J_wide), shown(counts[0]), shown(J_tall), shown(counts[1])]
    assert counts == [{"forward passes": 4, "reverse passes": 2}, {"forward passes": 2, "reverse passes": 4}]
    assert routes(part) == {"closed-form"}


def test_three_ways(section):
    gradient = (A + A.T) / 2 @ W + 3 * W ** 2
    part = section("forward-mode-hvp-three-ways")
    doc = " ".join(torch.func.hessian.__doc__.split())
    sentence = "The forward-over-reverse strategy (composing ``jacfwd(jacrev(func))``) is a good default for good performance."
    assert sentence in doc
    assert outputs(part) == [shown(hessian()), shown(hessian() @ V), shown((gradient, hessian() @ V)), shown(sentence)]
    sources = "".join(cell_sources(part))
    assert "create_graph=True" in sources and "torch.func.jvp(torch.func.grad(loss)" in sources
    # the finite differences difference the written-out gradient, not an autograd one
    fd_cells = [c for c in cell_sources(part) if "def finite_difference_hvp" in c]
    assert len(fd_cells) == 1 and "gradient_loss(w + h * direction)" in fd_cells[0]
    assert "torch.func.grad" not in fd_cells[0]
    assert routes(part) == {"closed-form", "finite-differences"}


def test_functional(section):
    part = section("forward-mode-hvp-functional")
    product = hessian() @ V
    note = " ".join(inspect.getdoc(torch.autograd.functional.hvp).partition("Note:")[2].split())
    assert "significantly slower than `vhp`" in note
    pair = (loss_value(), product)
    # vhp: gradient with create_graph, then one VJP; hvp: a VJP with a dummy, then one more
    expected = [shown((pair, pair)), note + "\n", shown({"vhp": 2, "hvp": 3}), shown((0, True, True))]
    assert [squeezed(o) for o in outputs(part)] == [squeezed(e) for e in expected]
    assert routes(part) == {"closed-form", "premise"}


def test_batched(section):
    part = section("forward-mode-hvp-batched")
    expected = VS @ hessian()  # row i: H v_i, since H is symmetric
    torch.testing.assert_close(expected, (hessian() @ VS.T).T)
    assert outputs(part) == [shown(expected), shown({"loop": VS.shape[0], "is_grads_batched=True": 1}), shown(expected)]
    sources = "".join(cell_sources(part))
    assert "is_grads_batched=True" in sources and "torch.func.vmap" in sources
    assert routes(part) == {"closed-form"}


def test_search_words(en):
    text = en.page(PAGE).select_one("article").get_text(" ")
    for word in ("forward_ad", "jvp", "HVP", "Hessian-vector product", "dual number"):
        assert word in text, word
