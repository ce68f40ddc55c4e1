"""topics/retain-graph: freed saved tensors, and alternatives giving the same gradients."""

import pytest
import torch

from topics_oracle import assert_raises_shown, assert_sections_checked, assert_shown
from site_reader import SiteReader, cell_sources, outputs

PAGE = "topics/retain-graph"
X = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
W = torch.tensor([0.5, -1.0])


@pytest.fixture(scope="module")
def site():
    return SiteReader("en")  # parsed for this module alone: no other test's edits to the pages


@pytest.fixture(scope="module")
def section(site):
    return lambda section_id: site.section(PAGE, section_id)


def per_loss_grads():
    """d loss1/dw and d loss2/dw, each from its own forward pass (no retained graph)."""
    grads = []
    for loss in (lambda h: (h ** 2).mean(), lambda h: (h - 1.0).abs().sum()):
        w = W.clone().requires_grad_()
        grads.append(torch.autograd.grad(loss(torch.tanh(X @ w)), w)[0])
    return grads


def saved_tensor_bytes():
    """Bytes autograd saves for (a * a.exp()).sum(), counted by a packing hook."""
    sizes = []

    def pack(t):
        sizes.append(t.numel() * t.element_size())
        return t

    a = torch.linspace(0.0, 1.0, 1000, requires_grad=True)
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        (a * a.exp()).sum()
    return len(sizes), sum(sizes)


def test_every_value_is_checked(site):
    assert_sections_checked(site.page(PAGE))


def test_why_freed(section):
    s = section("retain-graph-why-freed")
    assert_shown(s, saved_tensor_bytes())
    assert "0" in [o.strip() for o in outputs(s)]
    a = torch.ones(2, requires_grad=True)
    y = (a * a.exp()).sum()
    torch.autograd.grad(y, a)
    assert_raises_shown(s, lambda: torch.autograd.grad(y, a))


def test_when(section):
    s = section("retain-graph-when")
    assert_shown(s, tuple(per_loss_grads()))
    assert any("retain_graph=True" in src for src in cell_sources(s))


def test_sum_losses(section):
    s = section("retain-graph-sum-losses")
    h = torch.tanh(X @ W)
    assert_shown(s, (h, h ** 2))
    assert cell_sources(s, tag="check")


def test_tuple_outputs(section):
    s = section("retain-graph-tuple-outputs")
    g1, g2 = per_loss_grads()
    text = "".join(outputs(s))
    assert repr(g1 + g2) in text
    assert repr(torch.stack([g1, g2])) in text


def test_detach(section):
    s = section("retain-graph-detach")
    w = W.clone().requires_grad_()
    h = torch.tanh(X @ w)
    (g_w,) = torch.autograd.grad((h ** 2).sum(), w)
    assert_shown(s, (g_w, h.detach()))


def test_memory(section):
    s = section("retain-graph-memory")
    count, size = saved_tensor_bytes()
    assert_shown(s, ((count, size), (count, size)))
    assert_shown(s, (0, 0))
