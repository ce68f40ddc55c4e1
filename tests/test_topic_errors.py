"""topics/errors: each section raises torch's real message and shows a checked fix."""

import warnings
from posixpath import dirname, join, normpath

import pytest
import torch

from topics_oracle import assert_raises_shown, assert_shown, error_text
from site_facts import LANGUAGES
from site_reader import SiteReader, cell_sources, outputs, own_cells, tracebacks

PAGE = "topics/errors"


def leaf(*values, dtype=None):
    return torch.tensor(values, dtype=dtype, requires_grad=True)


def test_scalar_outputs(section):
    s = section("errors-scalar-outputs")
    x = leaf(1.0, 2.0, 3.0)
    assert_raises_shown(s, lambda: torch.autograd.grad(x * 2, x))
    assert_shown(s, (torch.tensor([2.0, 4.0, 6.0]),) * 2)


def test_real_scalar_outputs(section):
    s = section("errors-real-scalar-outputs")
    z = torch.tensor([1.0 + 1.0j, 2.0 - 1.0j], requires_grad=True)
    assert_raises_shown(s, lambda: torch.autograd.grad((z * 3).sum(), z))
    assert "complex64" in tracebacks(s)[0]
    expected = torch.tensor([1.0 + 1.0j, 2.0 - 1.0j]).mul(2).conj()
    assert_shown(s, (expected.resolve_conj(), expected.resolve_conj()))


def test_shape_mismatch(section):
    s = section("errors-shape-mismatch")
    x = leaf(1.0, 2.0, 3.0)
    assert_raises_shown(s, lambda: torch.autograd.grad(x * 1, x, torch.zeros(2)))
    assert_shown(s, (torch.Size([3]), torch.Size([3]), torch.tensor([2.0, 4.0, 6.0])))


def test_shape_mismatch_later_output(section):
    s = section("errors-shape-mismatch-later-output")
    x = leaf(5.0, 6.0)
    assert_raises_shown(
        s, lambda: torch.autograd.grad((x * 1, torch.cat([x, x])), x, (torch.ones(2), torch.ones(2)))
    )
    assert_raises_shown(
        s, lambda: torch.autograd.grad((x * 1, torch.cat([x, x])), x, (torch.ones(2), torch.ones(3)))
    )
    assert not any("Mismatch in shape" in shown for shown in tracebacks(s))
    assert_shown(s, [torch.Size([2]), torch.Size([4])])
    assert_shown(s, torch.tensor([4.0, 4.0]))


def test_batched_shape(section):
    s = section("errors-batched-shape")
    x = leaf(7.0, 8.0)
    assert_raises_shown(
        s, lambda: torch.autograd.grad(x * 1, x, torch.ones(3, 3), is_grads_batched=True)
    )
    assert_shown(s, torch.diag(torch.tensor([2.0, 4.0])))


def test_complex_dtype(section):
    s = section("errors-complex-dtype")
    x = leaf(1.0, 1.0)
    assert_raises_shown(
        s, lambda: torch.autograd.grad(x * 1, x, torch.ones(2, dtype=torch.complex64))
    )
    assert_shown(s, torch.tensor([3.0, 3.0]))


def test_count_mismatch(section):
    s = section("errors-count-mismatch")
    x = leaf(1.0, 1.0)
    assert_raises_shown(s, lambda: torch.autograd.grad((x * 1, x * 1), x, (torch.ones(2),)))
    assert tracebacks(s) == ["RuntimeError: got 2 tensors and 1 gradients"]
    assert_shown(s, torch.tensor([5.0, 5.0]))


def test_gradients_type(section):
    s = section("errors-gradients-type")
    x = leaf(1.0, 1.0)
    assert_raises_shown(s, lambda: torch.autograd.grad(x * 1, x, [3.0, 4.0]))
    assert_shown(s, torch.tensor([2.0, 2.0]))


def test_not_used(section):
    s = section("errors-not-used")
    a, b = leaf(1.0), leaf(1.0)
    assert_raises_shown(s, lambda: torch.autograd.grad(a * 1, (a, b)))
    assert "index 1" in tracebacks(s)[0]
    g = torch.tensor([2.0, 4.0])
    assert_shown(s, ((g, None), (g, torch.zeros(2))))


def test_not_require_grad(section):
    s = section("errors-not-require-grad")
    a, c = leaf(1.0), torch.tensor([1.0])
    assert_raises_shown(s, lambda: torch.autograd.grad((a * c).sum(), (a, c)))
    shown = tracebacks(s)
    assert len(shown) == 2 and shown[0] == shown[1]
    assert_shown(s, (torch.tensor([3.0, 4.0]), torch.tensor([1.0, 2.0])))


def test_no_grad_fn_names_the_output_position(section):
    s = section("errors-no-grad-fn")
    a = leaf(1.0)
    with_grad = a * 1
    without = torch.tensor(1.0)
    first = error_text(lambda: torch.autograd.grad(without, a))
    second = error_text(lambda: torch.autograd.grad((with_grad.sum(), without), a))
    assert "element 0" in first and "element 1" in second
    assert tracebacks(s) == [first, second]
    assert_shown(s, torch.tensor([2.0, 4.0]))


def test_second_backward(section):
    s = section("errors-second-backward")
    a = leaf(1.0)
    y = a.exp().sum()
    torch.autograd.grad(y, a)
    assert_raises_shown(s, lambda: torch.autograd.grad(y, a))
    a = torch.tensor([1.0, 2.0])
    g = a.exp() * (a + 1)
    assert_shown(s, (g, g))


def test_inplace_modified(section):
    s = section("errors-inplace-modified")

    def call():
        a = leaf(3.0, 4.0)
        e = a.exp()
        y = (e * e).sum()
        e.add_(1)
        torch.autograd.grad(y, a)

    assert_raises_shown(s, call)
    assert "output 0 of Add," in tracebacks(s)[0]

    def own_result_changed():
        a = leaf(3.0, 4.0)
        e = a.exp()
        y = e.sum()
        e.add_(1)
        torch.autograd.grad(y, a)

    def indexed_assignment():
        a = leaf(3.0, 4.0)
        e = a.exp()
        y = (e * e).sum()
        e[0] = 0.0
        torch.autograd.grad(y, a)

    assert_raises_shown(s, own_result_changed)
    assert "output 0 of Exp," in tracebacks(s)[1]
    assert_raises_shown(s, indexed_assignment)
    assert "output 0 of torch::autograd::CopySlices," in tracebacks(s)[2]
    e = leaf(1.0).exp()
    e.add_(1)
    assert_shown(s, (type(e.grad_fn).__name__, e._version))
    a = leaf(1.0, 2.0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with torch.autograd.detect_anomaly():
            e = a.exp()
            y = (e * e).sum()
            e.add_(1)
            with pytest.raises(RuntimeError):
                torch.autograd.grad(y, a)
    assert_shown(s, [str(w.message).splitlines()[0] for w in caught])
    assert_shown(s, 2 * torch.tensor([1.0, 2.0]).exp() ** 2)


def test_leaf_inplace(section):
    s = section("errors-leaf-inplace")
    assert_raises_shown(s, lambda: leaf(0.0).sub_(1.0))
    assert_raises_shown(s, lambda: leaf(0.0, 1.0).__setitem__(0, 5.0))
    assert "a view of a leaf Variable" in tracebacks(s)[1]
    c = leaf(1.0).clone()
    c.sub_(0.1)
    assert_shown(s, (type(c.grad_fn).__name__, c.is_leaf))
    shown = "".join(outputs(s))
    assert repr(torch.tensor([0.8, 1.6], requires_grad=True)) in shown


def test_materialize_allow_unused(section):
    s = section("errors-materialize-allow-unused")
    a = leaf(1.0)
    assert_raises_shown(
        s, lambda: torch.autograd.grad(a * 1, a, materialize_grads=True, allow_unused=False)
    )
    assert_shown(s, (torch.tensor([2.0, 4.0]), torch.zeros(2)))


def test_older_wording_is_prose_only(section):
    s = section("errors-older-wording")
    assert not cell_sources(s)
    text = s.get_text()
    assert "One of the differentiated Tensors appears to not have been used" in text
    assert "but the buffers have already been freed" in text
    a, b = leaf(1.0), leaf(1.0)
    current = error_text(lambda: torch.autograd.grad(a * 1, (a, b)))
    assert "One of the differentiated Tensors appears" not in current


def test_silent_mistakes(section):
    s = section("errors-silent")
    x = leaf(1.0, 2.0)
    (g,) = torch.autograd.grad(x * 2, x, grad_outputs=(torch.ones(2), torch.ones(5), "unused"))
    assert_shown(s, g)
    x64 = leaf(1.0, 2.0, dtype=torch.float64)
    y = (x64 * 2).float()
    reached = []
    y.register_hook(lambda grad: reached.append(grad.dtype))
    (g64,) = torch.autograd.grad(y, x64, grad_outputs=torch.tensor([1.0 + 1e-12, 1.0], dtype=torch.float64))
    assert reached == [torch.float32] and g64[0].item() == 2.0
    assert_shown(s, (reached, g64.dtype, g64[0].item()))
    assert_shown(s, torch.tensor([2.0, 0.0]))
    assert_shown(s, (2 * x.detach(), 2 * x.detach()))
    assert not tracebacks(s)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_messages_explained_elsewhere_are_shown_where_they_link(lang):
    """Each message of the list (its code span) is printed, raised or warned, by a cell of the linked section."""
    reader = SiteReader(lang)
    items = reader.section(PAGE, "errors-elsewhere").select("li")
    assert len(items) >= 3, f"{lang}/{PAGE}: errors-elsewhere lists {len(items)} messages"
    for item in items:
        message = item.select_one("code").get_text()
        (link,) = item.select("a.reference.internal")
        target, _, section_id = link["href"].partition("#")
        name = normpath(join(dirname(PAGE), target)).removesuffix(".html")
        shown = " ".join(cell.get_text(" ") for cell in own_cells(reader.section(name, section_id)))
        assert message in " ".join(shown.split()), f"{lang}/{PAGE}: {message!r} is not printed in {name}#{section_id}"
