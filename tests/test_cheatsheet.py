"""cheatsheet: the calls of the "beyond the sixteen cases" table, run as printed, give the
derivatives they claim; the expected values come from forward mode, not from autograd.grad."""

import pytest
import torch
from torch import func

PAGE = "cheatsheet"


@pytest.fixture(scope="module")
def rows(section):
    table = section("cheatsheet-beyond").select_one("table")
    return {
        tr.select("td")[0].get_text(" ", strip=True): [
            [c.get_text() for c in td.select("code")] for td in tr.select("td")[:2]
        ]
        for tr in table.select("tbody tr")
    }


@pytest.fixture(scope="module")
def network():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1)).double()
    X = torch.rand(5, 2, dtype=torch.float64, requires_grad=True)
    hessians = func.vmap(func.jacfwd(func.jacfwd(lambda p: model(p).squeeze())))(X.detach())
    gradients = func.vmap(func.jacfwd(lambda p: model(p).squeeze()))(X.detach())
    return model, X, gradients, hessians


def run(codes, names):
    for code in codes:
        if "=" in code.split("(")[0] or code.startswith("("):
            exec(code, names)  # an assignment such as `(du,) = grad(...)`
    return names


def row(rows, start, column=1):
    """The code spans of one column of the row whose first cell starts with `start`."""
    (key,) = [k for k in rows if k.startswith(start)]
    return rows[key][column]


def test_first_derivatives(rows, network):
    model, X, gradients, _ = network
    names = run(row(rows, "u_x and u_t"), {"grad": torch.autograd.grad, "torch": torch, "u": model(X), "X": X})
    torch.testing.assert_close(names["du"][:, 0], gradients[:, 0])
    torch.testing.assert_close(names["du"][:, 1], gradients[:, 1])


def test_second_and_mixed_derivatives(rows, network):
    model, X, _, hessians = network
    u = model(X)
    (du,) = torch.autograd.grad(u, X, grad_outputs=torch.ones_like(u), create_graph=True)
    names = run(row(rows, "u_xx and the mixed partial"), {"grad": torch.autograd.grad, "torch": torch, "du": du, "X": X})
    torch.testing.assert_close(names["g"][:, 0], hessians[:, 0, 0])
    torch.testing.assert_close(names["g"][:, 1], hessians[:, 0, 1])


def test_the_wrong_call_mixes_columns(rows, network):
    model, X, _, hessians = network
    (wrong,) = row(rows, "not grad(du", column=0)
    u = model(X)
    (du,) = torch.autograd.grad(u, X, grad_outputs=torch.ones_like(u), create_graph=True)
    (g,) = eval(wrong, {"grad": torch.autograd.grad, "torch": torch, "du": du, "X": X})
    torch.testing.assert_close(g[:, 0], hessians[:, 0, 0] + hessians[:, 0, 1])


def test_batched_jacobian(rows, network):
    model, X, gradients, _ = network
    call = row(rows, "a batched Jacobian")[0]
    J = eval(call, {"torch": torch, "f_single": model, "X": X.detach()})
    assert J.shape == (5, 1, 2)
    torch.testing.assert_close(J[:, 0, :], gradients)


def test_hessian_vector_product(rows):
    (assignment,) = row(rows, "a Hessian-vector product")
    A = torch.tensor([[2.0, 1.0], [-1.0, 3.0]], dtype=torch.float64)

    def loss(w):
        return 0.5 * w @ A @ w + (w ** 3).sum()

    w = torch.tensor([1.0, -2.0], dtype=torch.float64)
    v = torch.tensor([0.5, 1.0], dtype=torch.float64)
    names = run([assignment], {"torch": torch, "loss": loss, "w": w, "v": v})
    hessian = (A + A.T) / 2 + torch.diag(6 * w)  # written out, not differentiated
    torch.testing.assert_close(names["hvp"], hessian @ v)
