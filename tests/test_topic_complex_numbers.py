"""topics/complex-numbers: the complex convention of grad, against values worked out here by
hand (dL/dx + i dL/dy, the Wirtinger derivatives of each function) and errors raised here."""

import inspect

import torch

from search_reader import pages_found
from site_reader import SiteReader, cell_sources, outputs, tracebacks
from topics_oracle import assert_raises_shown, error_text, routes, squeezed

PAGE = "topics/complex-numbers"
Z = torch.tensor([1.0 + 2.0j, -0.5 + 1.5j], dtype=torch.complex128)
X, Y = Z.real, Z.imag
ONE = torch.ones(2, dtype=torch.complex128)


def assert_outputs(section, values):
    assert [squeezed(o) for o in outputs(section)] == [squeezed(repr(v)) for v in values]


def leaf():
    return Z.clone().requires_grad_()


def test_real_loss_convention(section):
    part = section("complex-numbers-convention")
    # |z|^2 = x^2 + y^2 -> 2x + 2iy;  Re(z^2) = x^2 - y^2 -> 2x - 2iy
    assert_outputs(part, [(torch.complex(2 * X, 2 * Y), torch.complex(2 * X, -2 * Y))])
    assert "finite_difference_grad" in "".join(cell_sources(part, "finite-differences"))
    assert routes(part) == {"closed-form", "finite-differences"}


def test_complex_grad_outputs(section):
    part = section("complex-numbers-grad-outputs")

    def implicit():
        z = leaf()
        torch.autograd.grad((z * z).sum(), z)

    def real_v():
        z = leaf()
        torch.autograd.grad(z * z, z, grad_outputs=torch.ones(2, dtype=torch.float64))

    assert_raises_shown(part, implicit)
    assert_raises_shown(part, real_v)
    shown = tracebacks(part)
    assert len(shown) == 2 and "torch.complex128" in shown[0] and "torch.float64" in shown[1]
    # only real against complex is refused: a complex64 v for the complex128 output is taken
    z = leaf()
    (taken,) = torch.autograd.grad(z * z, z, grad_outputs=torch.ones(2, dtype=torch.complex64))
    assert taken.dtype == torch.complex128
    # Re(z^2) = x^2 - y^2 -> 2x - 2iy;  Im(z^2) = 2xy -> 2y + 2ix
    conj_2z = torch.complex(2 * X, -2 * Y)
    torch.testing.assert_close(taken, conj_2z)
    assert_outputs(part, [conj_2z, (conj_2z, torch.complex(2 * Y, 2 * X))])
    links = {a["href"].partition("#")[2] for a in part.select("a.reference.internal")}
    assert {"errors-real-scalar-outputs", "errors-complex-dtype"} <= links
    assert routes(part) == {"premise", "closed-form", "finite-differences"}


def test_holomorphic_and_not(section):
    part = section("complex-numbers-holomorphic")
    conj_exp = torch.exp(Z).conj().resolve_conj()
    # v conj(df/dz) + conj(v) df/dzbar, with the Wirtinger derivatives worked out by hand
    with_one = {
        "z**2": torch.complex(2 * X, -2 * Y),
        "exp": conj_exp,
        "conj": ONE.conj().resolve_conj(),  # df/dz = 0, df/dzbar = 1: conj(v)
        "abs": Z / Z.abs(),
        "real": ONE,
    }
    with_i = {
        "z**2": torch.complex(2 * Y, 2 * X),
        "exp": 1j * conj_exp,
        "conj": (1j * ONE).conj().resolve_conj(),
    }
    assert_outputs(part, [with_one, with_i])
    rows = part.select("table tbody tr")
    assert len(rows) == 5
    assert routes(part) == {"closed-form", "finite-differences"}


def test_real_input(section):
    part = section("complex-numbers-real-input")
    x = torch.tensor([0.5, 1.0], dtype=torch.float64, requires_grad=True)
    assert_raises_shown(part, lambda: torch.autograd.grad(torch.exp(1j * x).sum(), x))
    x = x.detach()
    # d/dx cos x, d/dx sin x, and d/dx cos x again from y.real
    assert_outputs(part, [(-torch.sin(x), torch.cos(x), -torch.sin(x))])
    assert routes(part) == {"closed-form", "finite-differences"}


class WrongSquare(torch.autograd.Function):
    @staticmethod
    def forward(ctx, z):
        ctx.save_for_backward(z)
        return z * z

    @staticmethod
    def backward(ctx, grad_output):
        (z,) = ctx.saved_tensors
        return grad_output * 2 * z


def test_gradcheck(section):
    part = section("complex-numbers-gradcheck")
    doc = " ".join(inspect.getdoc(torch.autograd.gradcheck).split())
    (printed,) = outputs(part)
    assert printed.startswith("For most of the complex functions") and printed.strip() in doc
    assert "taking the imaginary components of the complex outputs" in printed
    expected = error_text(lambda: torch.autograd.gradcheck(WrongSquare.apply, (leaf(),))).strip()
    real_part = error_text(
        lambda: torch.autograd.gradcheck(lambda t: WrongSquare.apply(t).real, (leaf(),))
    ).strip()
    assert tracebacks(part) == [expected, real_part]
    assert expected.startswith("GradcheckError: While considering the imaginary part of complex outputs only")
    assert real_part.startswith("GradcheckError: Jacobian mismatch for output 0")
    assert routes(part) == {"finite-differences"}


def test_search_words(en):
    text = en.page(PAGE).select_one("article").get_text(" ")
    for word in ("Wirtinger", "holomorphic", "grad_outputs", "gradcheck", "complex128"):
        assert word in text, word


def test_japanese_edition_is_found_by_wirtinger():
    assert PAGE in pages_found("ja", "ウィルティンガー")
    assert "ウィルティンガー微分" in SiteReader("ja").page(PAGE).select_one("article").get_text()
