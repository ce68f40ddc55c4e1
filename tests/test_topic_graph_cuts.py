"""topics/graph-cuts: what cuts the graph, each shown live and checked by the test's own torch."""

import subprocess
import sys
import warnings

import numpy as np
import pytest
import torch

from site_reader import cell_sources, outputs, tracebacks
from topics_oracle import assert_raises_shown, assert_shown

PAGE = "topics/graph-cuts"


def leaf(*values):
    return torch.tensor(values if len(values) > 1 else values[0], requires_grad=True)


def first_conversion_warning():
    """The warning of torch.tensor([t]) for a t that requires grad, in a fresh process.

    torch gives it once per process, so this test process may have used it up already.
    """
    code = (
        "import warnings, torch\n"
        "t = torch.tensor(5.0, requires_grad=True) * 1\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    torch.tensor([t, t])\n"
        "print('\\n'.join(f'{w.category.__name__}: {w.message}' for w in caught))\n"
    )
    text = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return text.partition(" (Triggered internally at ")[0]


def test_torch_tensor_of_tensors(section):
    s = section("graph-cuts-torch-tensor")
    warning = first_conversion_warning()
    assert warning.startswith("UserWarning: Converting a tensor with requires_grad=True to a scalar")
    shown = outputs(s)
    assert shown[0] == warning + "\n\n"
    assert "Triggered internally" not in "".join(shown)
    a, b = 1.0, 2.0
    values = torch.tensor([2 * a, 3 * b])
    assert shown[1] == repr((values, False, None)) + "\n\n"
    # with v constant: d/da (v0 a + v1 a) = v0 + v1, nothing for b
    assert_shown(s, (values.sum(), None))
    # torch.stack keeps the graph: d/da (2a^2 + 3ab) = 4a + 3b, d/db = 3a
    stacked = torch.stack([leaf(a) * 2, leaf(b) * 3])
    assert repr(stacked) in shown[3]
    assert_shown(s, torch.tensor(4 * a + 3 * b))
    assert_shown(s, torch.tensor(3 * a))
    x, y = leaf(1.0), leaf(1.0)
    no_graph = torch.tensor([7.0])
    assert_raises_shown(s, lambda: torch.autograd.grad(no_graph.sum(), (x, y)))
    assert_raises_shown(s, lambda: torch.autograd.grad((x * 2).sum(), (x, y)))
    assert "caught_again == []" in "".join(cell_sources(s, tag="check"))


def test_item(section):
    s = section("graph-cuts-item")
    x = torch.tensor([3.0, 4.0], dtype=torch.float64)
    norm = float(np.linalg.norm(x.numpy()))
    constant = torch.ones(2) / norm
    full = torch.ones(2) / norm - x.sum() * x / norm**3
    assert_shown(s, ("float", constant.float(), full.float()))
    assert_raises_shown(s, lambda: torch.autograd.grad(torch.tensor(1.0), leaf(1.0)))
    assert len(cell_sources(s, tag="check")) == 2


def test_numpy(section):
    s = section("graph-cuts-numpy")
    assert_raises_shown(s, lambda: leaf(1.0, 2.0).numpy())
    assert_shown(s, (False, None, torch.from_numpy(np.sin(np.array([0.5, 1.0], dtype=np.float32))), None))


def test_detach_and_data(section):
    s = section("graph-cuts-detach-data")
    assert_shown(s, (None, torch.tensor([1.0, 2.0])))

    def detached_inplace():
        a = leaf(1.0, 2.0)
        e = a.exp()
        y = (e * e).sum()
        e.detach().add_(1)
        torch.autograd.grad(y, a)

    assert_raises_shown(s, detached_inplace)
    # the backward pass of y = sum(e * e), e = exp(a), run by hand on e + 1 (what .data changed)
    e_changed = torch.tensor([1.0, 2.0]).exp() + 1
    wrong = (2 * e_changed) * e_changed
    assert_shown(s, (0, wrong))


def test_integer_results(section):
    s = section("graph-cuts-integer-dtype")
    x = leaf(0.2, 1.7, -0.6)
    table = [(name, str(r.dtype), r.requires_grad, r.grad_fn) for name, r in
             (("x.long()", x.long()), ("x.argmax()", x.argmax()), ("x > 0", x > 0))]
    assert [row[1] for row in table] == ["torch.int64", "torch.int64", "torch.bool"]
    assert_shown(s, table)
    assert_raises_shown(s, lambda: torch.tensor([1, 2]).requires_grad_())
    assert_raises_shown(s, lambda: torch.autograd.grad(x.long().float().sum(), x))
    one_hot = torch.zeros(3)
    one_hot[int(np.argmax([0.2, 1.7, -0.6]))] = 1.0
    assert_shown(s, one_hot)


def test_round(section):
    s = section("graph-cuts-round")
    assert_shown(s, ("RoundBackward0", torch.zeros(3), torch.zeros(3)))
    rounded = torch.tensor([round(v) for v in (0.2, 1.7, -0.6)], dtype=torch.float32)
    # the value of round(x), and the gradient of x: ones
    assert outputs(s)[1] == f"({repr(rounded)[:-1]}, grad_fn=<AddBackward0>), {torch.ones(3)!r})\n\n"
    assert cell_sources(s, tag="finite-differences")


def test_inplace(section):
    s = section("graph-cuts-inplace")

    def relu_inplace_on_sigmoid():
        x = leaf(-1.0, 0.5, 2.0)
        h = torch.sigmoid(x)
        torch.relu_(h)
        torch.autograd.grad((3 * h).sum(), x)

    assert_raises_shown(s, relu_inplace_on_sigmoid)
    assert "output 0 of Sigmoid" in tracebacks(s)[0]
    assert_shown(s, (0, 1, "ReluBackward0"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with torch.autograd.set_detect_anomaly(True):
            x = leaf(-1.0, 0.5, 2.0)
            h = torch.sigmoid(x)
            torch.relu_(h)
            with pytest.raises(RuntimeError):
                torch.autograd.grad((3 * h).sum(), x)
    first_line = str(caught[0].message).splitlines()[0]
    assert first_line.startswith("Error detected in SigmoidBackward0.")
    anomaly = outputs(s)[1]
    assert anomaly == f"{first_line}\nh = torch.sigmoid(x)\n\n"
    assert "File" not in anomaly and "line" not in anomaly.replace(first_line, "")
    sig = 1 / (1 + np.exp(-np.array([-1.0, 0.5, 2.0])))
    assert_shown(s, torch.tensor(3 * sig * (1 - sig), dtype=torch.float32))


def render(node, depth, names):
    """The graph as the page prints it, built from the test's own walk over torch's nodes."""
    if node is None:
        return []
    if hasattr(node, "variable"):
        return ["  " * depth + "leaf " + next(n for n, v in names.items() if v is node.variable)]
    lines = ["  " * depth + node.name()]
    for child, _ in node.next_functions:
        lines += render(child, depth + 1, names)
    return lines


def test_find(section):
    s = section("graph-cuts-find")
    a, b = leaf(1.0), leaf(2.0)
    stacked = torch.stack([a * 2, b * 3])
    expected_stack = ["requires_grad=True", *render(stacked.grad_fn, 0, {"a": a, "b": b})]
    assert expected_stack[1:] == ["StackBackward0", "  MulBackward0", "    leaf a", "  MulBackward0", "    leaf b"]
    x = leaf(3.0, 4.0)
    item = ["requires_grad=True", *render((x / 5.0).sum().grad_fn, 0, {"x": x})]
    norm = ["requires_grad=True", *render((x / x.norm()).sum().grad_fn, 0, {"x": x})]
    w = leaf(3.0, 4.0)
    detached = ["requires_grad=True", *render((x.detach() * w).sum().grad_fn, 0, {"w": w})]
    shown = outputs(s)
    assert shown[0] == "\n".join(["requires_grad=False", "grad_fn=None: no graph", *expected_stack]) + "\n\n"
    assert shown[1] == "\n".join(item + norm) + "\n\n"
    assert shown[2] == "\n".join(detached) + "\n\n"
    h = x * 2
    n = torch.tensor(h.norm().item())
    y = h / n
    steps = [("h", h), ("n", n), ("y", y), ("m", torch.tensor([1.0, 2.0]))]
    table = "\n".join(f"{k} {t.requires_grad} {t.grad_fn.name() if t.grad_fn else None}" for k, t in steps)
    assert shown[3] == table + "\n\n"
    assert not tracebacks(s)
    assert "leaves_behind" in "".join(cell_sources(s, tag="check"))
