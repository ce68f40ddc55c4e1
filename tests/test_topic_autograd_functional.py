"""topics/autograd-functional: each function's results against closed forms computed here,
its calls of torch.autograd.grad counted from the shapes, and the errors raised by the
oracle's own calls of the installed torch."""

import inspect

import torch
import torch.autograd.functional as AF

from site_reader import cell_sources, outputs
from topics_oracle import assert_raises_shown, error_text, routes, shown, squeezed

PAGE = "topics/autograd-functional"
A = (1.0, 2.0, -1.0)  # the point of g
X = (1.0, 2.0, -1.0)  # the point of f
V = torch.tensor([1.0, -1.0])
U = torch.tensor([1.0, 0.0, 2.0])


def same(actual, expected):
    assert [squeezed(a) for a in actual] == [squeezed(e) for e in expected]


def g_value():
    a0, a1, a2 = A
    return torch.tensor([a0 ** 2 * a1, a1 * a2 + a2 ** 3])


def J_g():
    a0, a1, a2 = A
    return torch.tensor([[2 * a0 * a1, a0 ** 2, 0.0], [0.0, a2, a1 + 3 * a2 ** 2]])


def H_f():
    x0, x1, x2 = X
    return torch.tensor([[2 * x1, 2 * x0, 0.0], [2 * x0, 0.0, 3 * x2 ** 2], [0.0, 3 * x2 ** 2, 6 * x1 * x2]])


def g(a):
    return torch.stack([a[0] ** 2 * a[1], a[1] * a[2] + a[2] ** 3])


def p(x, y):
    return x ** 2


XY = (torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0]))


def test_vjp_and_jvp(section):
    part = section("autograd-functional-vjp-jvp")
    vjp = J_g().T @ V
    jvp = J_g() @ U
    note = " ".join(inspect.getdoc(AF.jvp).partition("Note:")[2].partition("Example:")[0].split())
    assert "double backwards trick" in note
    # vjp: one grad call; jvp: a VJP with a dummy of zeros, then its gradient with respect to the dummy
    expected = [shown(((g_value(), vjp), vjp, 1)), note + "\n", shown((jvp, jvp, 2)), shown((0, True, True, True, True))]
    same(outputs(part), expected)
    sources = "".join(cell_sources(part))
    assert "grad_outputs=dummy, create_graph=True" in sources and "torch.func.jvp" in sources
    assert routes(part) == {"closed-form", "premise", "forward-mode"}


def test_jacobian(section):
    part = section("autograd-functional-jacobian")
    m, n = J_g().shape
    counts = {
        "torch.autograd.grad calls": {"vectorize=False": m, "vectorize=True": 1, "forward-mode": 0},
        "make_dual calls": {"vectorize=False": 0, "vectorize=True": 0, "forward-mode": 1},
    }
    same(outputs(part), [shown(J_g()), shown(counts), shown((torch.eye(m), True))])
    assert_raises_shown(part, lambda: AF.jacobian(g, torch.tensor(A), strategy="forward-mode"))
    assert "isonly implemented" in error_text(lambda: AF.jacobian(g, torch.tensor(A), strategy="forward-mode"))
    assert routes(part) == {"closed-form", "premise"}


def test_hessian(section):
    part = section("autograd-functional-hessian")
    n = len(X)
    counts = {"vectorize=False": 1 + n, "vectorize=True": 2, "forward-mode": 1}
    same(outputs(part), [shown(H_f()), shown((H_f(), counts)), shown(H_f())])
    assert "forward-mode-hvp-functional" in str(part)
    assert routes(part) == {"closed-form", "premise"}


def test_create_graph_and_strict(section):
    part = section("autograd-functional-create-graph-strict")
    defaults = {
        name: {"create_graph": False, "strict": False}
        for name in ("vjp", "jvp", "vhp", "hvp", "jacobian", "hessian")
    }
    t = torch.tensor([1.0, 2.0])
    flags = {"default": (False, False), "create_graph=True": (True, True)}
    expected = [
        shown(defaults),
        shown((flags, 6 * t)),
        shown((torch.__version__, {"vectorize=False": False, "vectorize=True": False, "forward-mode": True})),
        # d/dx of sum(H_f) = 4 x0 + 2 x1 + 6 x2^2 + 6 x1 x2
        shown(torch.tensor([4.0, 2 + 6 * X[2], 6 * X[1] + 12 * X[2]])),
        shown((XY[0] ** 2, (2 * XY[0], torch.zeros(2)))),
        shown(torch.zeros(3, 3)),
    ]
    same(outputs(part), expected)
    x0 = torch.tensor(X)
    errors = [
        lambda: AF.hessian(lambda x: x[0] ** 2 * x[1] + x[1] * x[2] ** 3, x0, vectorize=True,
                           outer_jacobian_strategy="forward-mode", create_graph=True),
        lambda: AF.vjp(p, XY, torch.ones(2), strict=True),
        lambda: AF.hessian(lambda x: (3 * x).sum(), x0, strict=True),
        lambda: AF.jacobian(p, XY, vectorize=True, strict=True),
    ]
    for call in errors:
        assert_raises_shown(part, call)
    assert error_text(errors[0]).startswith("NotImplementedError: ")
    assert ".detach()" in part.get_text(" ")
    assert routes(part) == {"closed-form", "premise"}


def test_torch_func(section, en):
    part = section("autograd-functional-torch-func")
    calls = {"AF.jvp": 2, "torch.func.jvp": 0, "torch.func.jacfwd": 0, "torch.func.hessian": 1}
    same(outputs(part), [shown(calls), shown(torch.Size([3, 2, 3]))])
    A_batch = torch.tensor([[1.0, 2.0, -1.0], [0.0, 1.0, 1.0], [2.0, -1.0, 0.5]])
    assert_raises_shown(part, lambda: torch.func.vmap(lambda a: AF.jacobian(g, a))(A_batch))
    assert "torch-func.html" in str(part)
    assert routes(part) == {"closed-form", "premise"}


def test_search_words(en):
    text = en.page(PAGE).select_one("article").get_text(" ")
    for word in ("torch.autograd.functional", "vectorize=True", "strict=True", "double backward trick"):
        assert word in text, word
