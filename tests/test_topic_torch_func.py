"""topics/torch-func: every transform's printed value against closed-form derivatives."""

import torch

from site_reader import cell_sources, outputs

PAGE = "topics/torch-func"
X = (1.0, 2.0)
A = (1.0, 2.0, 3.0)
ROWS = ("grad", "vjp", "jvp", "jacrev", "jacfwd", "hessian", "vmap")


def grad_f(x0, x1):
    return torch.tensor([2 * x0 * x1, x0 ** 2 + 3 * x1 ** 2])


def jacobian_g():
    a0, a1, a2 = A
    return torch.tensor([[a1, a0, 0.0], [0.0, 1.0, 2 * a2]])


def shown(en, row):
    section = en.section(PAGE, f"torch-func-{row}")
    assert any("assert_close" in s for s in cell_sources(section, tag="check")), row
    return outputs(section)


def test_table_links_every_section(en):
    table = en.page(PAGE).find("table")
    targets = {a["href"] for a in table.find_all("a", href=True)}
    assert targets == {f"#torch-func-{row}" for row in ROWS} | {"#torch-func-forward-ad"}


def test_grad(en):
    assert shown(en, "grad") == [repr(grad_f(*X)) + "\n\n"] * 2


def test_vjp_and_jvp(en):
    J = jacobian_g()
    v = torch.tensor([1.0, -1.0])
    u = torch.tensor([1.0, 0.0, -1.0])
    assert shown(en, "vjp") == [repr(J.T @ v) + "\n\n"] * 2
    assert shown(en, "jvp") == [repr(J @ u) + "\n\n"] * 2


def test_forward_ad(en):
    value = torch.tensor([A[0] * A[1], A[1] + A[2] ** 2])
    u = torch.tensor([1.0, 0.0, -1.0])
    assert shown(en, "forward-ad") == [repr((value, jacobian_g() @ u)) + "\n\n"]


def test_jacobians(en):
    J = repr(jacobian_g()) + "\n\n"
    assert shown(en, "jacrev") == [J] * 2
    assert shown(en, "jacfwd") == [J]


def test_hessian(en):
    x0, x1 = X
    H = torch.tensor([[2 * x1, 2 * x0], [2 * x0, 6 * x1]])
    assert shown(en, "hessian") == [repr(H) + "\n\n"] * 2


def test_vmap(en):
    xs = [(1.0, 2.0), (0.0, 1.0), (-1.0, 3.0)]
    expected = torch.stack([grad_f(*x) for x in xs])
    assert shown(en, "vmap") == [repr(expected) + "\n\n"] * 2
