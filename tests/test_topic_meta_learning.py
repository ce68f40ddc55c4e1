"""topics/meta-learning: MAML's meta-gradient through one inner step, against the closed form
of linear regression computed here, a tanh network differentiated here without nn.Module or
functional_call, and torch's own error messages raised by this test's calls."""

import re

import torch

from site_reader import cell_sources, outputs, tracebacks
from topics_oracle import assert_raises_shown, error_text, routes, squeezed

PAGE = "topics/meta-learning"
X_S = torch.tensor([[1.0, 2.0], [0.0, 1.0]], dtype=torch.float64)
Y_S = torch.tensor([1.0, -1.0], dtype=torch.float64)
X_Q = torch.tensor([[1.0, -1.0], [2.0, 0.0]], dtype=torch.float64)
Y_Q = torch.tensor([2.0, 1.0], dtype=torch.float64)
THETA = torch.tensor([0.5, -1.0, 0.25], dtype=torch.float64)  # w1, w2, b
ALPHA = 0.125


def linear_regression():
    """Closed form of one MAML step for L = mean squared error of [X 1] theta against y."""
    Xs = torch.cat([X_S, torch.ones(2, 1, dtype=torch.float64)], dim=1)
    Xq = torch.cat([X_Q, torch.ones(2, 1, dtype=torch.float64)], dim=1)
    inner = 2 / 2 * Xs.T @ (Xs @ THETA - Y_S)
    hessian = 2 / 2 * Xs.T @ Xs
    fast = THETA - ALPHA * inner
    query = 2 / 2 * Xq.T @ (Xq @ fast - Y_Q)
    return {
        "inner": inner,
        "fast": fast,
        "maml": (torch.eye(3, dtype=torch.float64) - ALPHA * hessian) @ query,
        "fomaml": query,
        "hessian term": -ALPHA * hessian @ query,
    }


def linear_dict(v, grad_fns=(None, None), prefix=""):
    """repr of {'weight': ..., 'bias': ...} as the page prints it, for the vector (w1, w2, b)."""
    v = v.float()
    shown = []
    for t, grad_fn in zip((v[:2].reshape(1, 2), v[2:]), grad_fns):
        text = repr(t)
        shown.append(text if grad_fn is None else text[:-1] + f", grad_fn=<{grad_fn}>)")
    return f"{{'{prefix}weight': {shown[0]}, '{prefix}bias': {shown[1]}}}"


def shown_texts(section):
    return [squeezed(o) for o in outputs(section)]


def leaf_linear():
    w = torch.tensor([[0.5, -1.0]], requires_grad=True)
    b = torch.tensor([0.25], requires_grad=True)
    return w, b


def test_closed_form_itself():
    """The hand derivation agrees with a second route, autograd of the written-out meta-loss."""
    forms = linear_regression()

    def meta_loss(theta):
        Xs = torch.cat([X_S, torch.ones(2, 1, dtype=torch.float64)], dim=1)
        Xq = torch.cat([X_Q, torch.ones(2, 1, dtype=torch.float64)], dim=1)
        inner = torch.func.grad(lambda t: ((Xs @ t - Y_S) ** 2).mean())(theta)
        return ((Xq @ (theta - ALPHA * inner) - Y_Q) ** 2).mean()

    torch.testing.assert_close(torch.func.grad(meta_loss)(THETA), forms["maml"])
    assert forms["maml"][1] < 0 < forms["fomaml"][1]


def test_inner_step(section):
    part = section("meta-learning-inner-step")
    forms = linear_regression()
    assert shown_texts(part) == [
        squeezed(linear_dict(forms["fast"], grad_fns=("SubBackward0", "SubBackward0"))),
        squeezed(linear_dict(forms["maml"])),
    ]
    sources = "".join(cell_sources(part))
    assert "create_graph=True" in sources and "functional_call" in sources
    assert "p - alpha * grads[name]" in sources
    assert routes(part) == {"closed-form"}


def tanh_meta_gradients(alpha=0.5):
    """Meta-gradients of every parameter of the page's tanh network, written out here."""
    W1 = torch.tensor([[1.0, -0.5], [0.5, 1.0]], dtype=torch.float64)
    b1 = torch.tensor([0.0, -0.25], dtype=torch.float64)
    W2 = torch.tensor([[1.0, -1.0]], dtype=torch.float64)
    b2 = torch.tensor([0.5], dtype=torch.float64)

    def loss(p, x, y):
        out = torch.tanh(x @ p[0].T + p[1]) @ p[2].T + p[3]
        return ((out[:, 0] - y) ** 2).mean()

    def meta(p, first_order):
        inner = torch.func.grad(loss)(p, X_S, Y_S)
        if first_order:
            inner = tuple(g.detach() for g in inner)
        return loss(tuple(a - alpha * g for a, g in zip(p, inner)), X_Q, Y_Q)

    params = (W1, b1, W2, b2)
    second = torch.func.grad(lambda p: meta(p, False))(params)
    first = [t.requires_grad_() for t in (W1.clone(), b1.clone(), W2.clone(), b2.clone())]
    inner = torch.autograd.grad(loss(first, X_S, Y_S), first)
    fast = [a - alpha * g.detach() for a, g in zip(first, inner)]
    first_order = torch.autograd.grad(loss(fast, X_Q, Y_Q), first)
    return second, first_order


def test_first_order(section):
    part = section("meta-learning-first-order")
    forms = linear_regression()
    texts = shown_texts(part)
    assert texts[:3] == [
        squeezed(f"({linear_dict(forms['maml'])}, {linear_dict(forms['fomaml'])})"),
        squeezed(repr({"weight": (False, None), "bias": (False, None)})),
        squeezed(linear_dict(forms["hessian term"])),
    ]
    second, first = tanh_meta_gradients()
    shown = [float(n) for n in re.findall(r"-?\d+\.\d+", texts[3])]
    assert len(shown) == 8 and len(texts) == 4
    torch.testing.assert_close(torch.tensor(shown[:4]), second[0].flatten().float(), atol=1e-4, rtol=0)
    torch.testing.assert_close(torch.tensor(shown[4:]), first[0].flatten().float(), atol=1e-4, rtol=0)
    # "differs in every parameter": true of the test's own numbers, and asserted per parameter
    for s, f in zip(second, first):
        assert not torch.allclose(s, f, atol=1e-3)
    for part_of_theta in (slice(0, 2), slice(2, 3)):  # weight, bias
        assert not torch.allclose(forms["maml"][part_of_theta], forms["fomaml"][part_of_theta], atol=1e-3)
    sources = "".join(cell_sources(part))
    assert "create_graph=not first_order" in sources
    meta_loss = sources[sources.index("def meta_loss"):sources.index("def finite_difference_meta_gradient")]
    assert "torch.func.jacfwd" in meta_loss and "autograd" not in meta_loss
    checked = "".join(cell_sources(part, "finite-differences"))
    assert "assert not torch.allclose(first[name], reference[name], atol=1e-3), name" in checked
    assert routes(part) == {"premise", "closed-form", "finite-differences"}


def test_in_place(section):
    part = section("meta-learning-in-place")

    def in_place_step():
        w, b = leaf_linear()
        (g,) = torch.autograd.grad((w.sum() + b.sum()) ** 2, w, create_graph=True)
        w -= ALPHA * g

    assert_raises_shown(part, in_place_step)
    assert tracebacks(part) == ["RuntimeError: a leaf Variable that requires grad is being used in an in-place operation."]
    forms = linear_regression()
    fast = forms["fast"].float()
    expected = f"({linear_dict(forms['fomaml'])}, ({fast[:2].reshape(1, 2)!r}, {fast[2:]!r}))"
    assert shown_texts(part) == [squeezed(expected)]
    assert "torch.no_grad()" in "".join(cell_sources(part))
    assert routes(part) == {"premise", "closed-form"}


def test_unused(section):
    part = section("meta-learning-unused")
    names = ["linear.weight", "linear.bias", "aux.weight", "aux.bias"]

    def unused_parameter():
        w, b = leaf_linear()
        aux_w, aux_b = torch.zeros(1, 2, requires_grad=True), torch.zeros(1, requires_grad=True)
        loss = ((torch.tensor([[1.0, 2.0]]) @ w.T + b) ** 2).mean()
        torch.autograd.grad(loss, dict(zip(names, (w, b, aux_w, aux_b))), create_graph=True)

    assert_raises_shown(part, unused_parameter)
    assert "index 2" in error_text(unused_parameter)
    assert tracebacks(part)[1] == error_text(lambda: 0.125 * None)
    forms = linear_regression()
    inner = linear_dict(forms["inner"], grad_fns=("TBackward0", "ViewBackward0"), prefix="linear.")
    meta = linear_dict(forms["maml"], prefix="linear.")
    with_none = ", 'aux.weight': None, 'aux.bias': None}"
    assert shown_texts(part) == [
        squeezed(repr(names)),
        squeezed(inner[:-1] + with_none),
        squeezed(meta[:-1] + with_none),
        squeezed(repr((torch.zeros(1, 2), torch.zeros(1)))),
    ]
    sources = "".join(cell_sources(part))
    assert "allow_unused=True" in sources and "materialize_grads=True" in sources
    assert "appears to not have been used" in part.get_text()
    assert routes(part) == {"premise", "closed-form"}


def test_detached(section):
    part = section("meta-learning-detached")

    def nothing_left():
        w, b = leaf_linear()
        torch.autograd.grad((w.detach().sum() + b.detach().sum()) ** 2, (w, b))

    assert_raises_shown(part, nothing_left)
    forms = linear_regression()
    assert shown_texts(part) == [squeezed(linear_dict(forms["hessian term"])), squeezed(linear_dict(forms["fomaml"]))]
    sources = "".join(cell_sources(part))
    assert "p.detach() - alpha * grads[name]" in sources and "grads[name].detach()" in sources
    assert routes(part) == {"closed-form", "premise"}


def test_search_words(en):
    text = en.page(PAGE).select_one("article").get_text(" ")
    for word in ("MAML", "FOMAML", "functional_call", "meta-gradient", "inner loop", "outer loop", "create_graph=True"):
        assert word in text, word
