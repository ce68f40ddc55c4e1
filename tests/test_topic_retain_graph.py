"""topics/retain-graph: what a call frees, when the graph must stay, and the alternatives.

Expected gradients are written out from the chain rule; the saved tensors are counted by
the test's own packing hook.
"""

import torch

from topics_oracle import assert_raises_shown, assert_shown
from site_reader import cell_sources, outputs

PAGE = "topics/retain-graph"
X = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
W = torch.tensor([0.5, -1.0])
B = torch.tensor([1.0, -1.0, 3.0])


def saved_count(build):
    """How many tensors autograd saves while ``build()`` runs, counted by a packing hook."""
    sizes = []

    def pack(t):
        sizes.append(t.numel() * t.element_size())
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        result = build()
    return result, len(sizes), sum(sizes)


def saved_tensor_bytes():
    a = torch.linspace(0.0, 1.0, 1000, requires_grad=True)
    _, count, size = saved_count(lambda: (a * a.exp()).sum())
    return count, size


def freed_twice():
    a = torch.ones(2, requires_grad=True)
    y = (a * a.exp()).sum()
    torch.autograd.grad(y, a)
    torch.autograd.grad(y, a)


def test_why_freed(section):
    s = section("retain-graph-why-freed")
    assert_shown(s, saved_tensor_bytes())
    assert "0" in [o.strip() for o in outputs(s)]
    assert_raises_shown(s, freed_twice)


def test_a_call_frees_only_what_it_walks(section):
    s = section("retain-graph-walked")
    w, b = W.clone().requires_grad_(), B.clone().requires_grad_()
    h, trunk, _ = saved_count(lambda: torch.tanh(X @ w))
    _, head, _ = saved_count(lambda: (b * h).sum())
    h = h.detach()
    vjp = X.T @ ((1 - h ** 2) * B)  # d(sum_i b_i h_i)/dw with h = tanh(x w)
    assert trunk > 0 and head > 0
    assert outputs(s) == [
        repr((trunk, head)) + "\n\n",
        repr((trunk, 0)) + "\n\n",
        repr((h, vjp, 0)) + "\n\n",
    ]


def test_when(section):
    s = section("retain-graph-when")
    H = torch.tensor([[4.0, 2.0], [2.0, 12.0]])  # f = x0^2 x1 + x1^3 at (1, 2)
    eigenvalues, eigenvectors = torch.linalg.eigh(H)
    assert_shown(s, (eigenvalues[-1], eigenvectors[:, -1].abs()))
    assert any("retain_graph=True" in src for src in cell_sources(s))

    def without_retain_graph():
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        (g,) = torch.autograd.grad(x[0] ** 2 * x[1] + x[1] ** 3, x, create_graph=True)
        torch.autograd.grad(g, x, grad_outputs=torch.ones(2))
        torch.autograd.grad(g, x, grad_outputs=torch.ones(2))

    assert_raises_shown(s, without_retain_graph)


def test_sum_losses(section):
    s = section("retain-graph-sum-losses")
    m = torch.tensor([[0.5, -1.0], [0.3, 0.8]])
    h = torch.tanh(torch.tensor([[1.0, 2.0], [3.0, -1.0]]) @ m)
    g_a = m @ (2 * h[0] * (1 - h[0] ** 2))  # loss1 = sum(h_0^2)
    g_b = m @ (1 - h[1] ** 2)  # loss2 = sum(h_1)
    assert_shown(s, (g_a, g_b))
    assert_raises_shown(s, freed_twice)


def per_loss_grads():
    """d loss1/dw and d loss2/dw for loss1 = mean(h^2), loss2 = sum|h - 1|, h = tanh(x w)."""
    h = torch.tanh(X @ W)
    dh = 1 - h ** 2
    return X.T @ (dh * 2 * h / 3), X.T @ (dh * torch.sign(h - 1.0))


def test_tuple_outputs(section):
    s = section("retain-graph-tuple-outputs")
    g1, g2 = per_loss_grads()
    text = "".join(outputs(s))
    assert repr(g1 + g2) in text
    assert repr(torch.stack([g1, g2])) in text
    assert_raises_shown(s, freed_twice)


def test_detach(section):
    s = section("retain-graph-detach")
    h = torch.tanh(X @ W)
    g_w = X.T @ (2 * h * (1 - h ** 2))  # d sum(h^2) / dw
    assert_shown(s, (g_w, h))
    assert_shown(s, (h, None))
    assert_raises_shown(s, freed_twice)


def test_memory(section):
    s = section("retain-graph-memory")
    count, size = saved_tensor_bytes()
    assert_shown(s, ((count, size), (count, size)))
    assert_shown(s, (0, 0))
