"""basics: the correspondence rules, the shared example, and when a graph is freed or kept."""

import inspect

import torch

from site_reader import outputs, tracebacks
from topics_oracle import assert_raises_shown, assert_shown

PAGE = "basics"
M = torch.tensor([[1.0, 3.0], [2.0, 5.0]])
M2 = torch.tensor([[2.0, 6.0], [2.0, 1.0]])


def fresh():
    a = torch.tensor([2.0, 3.0], requires_grad=True)
    b = torch.tensor([5.0, 7.0], requires_grad=True)
    return a, (M @ a + M2 @ b).sum()


def test_shared_example_values(section):
    a, b = torch.tensor([2.0, 3.0]), torch.tensor([5.0, 7.0])
    shown = "".join(outputs(section("basics-shared-example")))
    for value in (M @ a + M2 @ b, M @ a - M2 @ b):
        assert repr(value)[:-1] + ", grad_fn=" in shown


def test_fresh_graph_and_the_retain_graph_default(section):
    s = section("basics-fresh-graph")
    grad_y_a = M.T @ torch.ones(2)  # y = 1ᵀ(m a + m2 b)
    assert_shown(s, ((grad_y_a,), (grad_y_a,)))
    assert_shown(s, ((grad_y_a,), (2 * grad_y_a,)))
    default = inspect.signature(torch.autograd.grad).parameters["retain_graph"].default
    assert default is None
    assert_shown(s, (default, (grad_y_a,)))

    def after_create_graph_then_plain():
        a, y = fresh()
        torch.autograd.grad(y, a, create_graph=True)
        torch.autograd.grad(y, a)  # kept by the create_graph call, freed by this one
        torch.autograd.grad(y, a)

    assert_raises_shown(s, after_create_graph_then_plain)
    assert len(tracebacks(s)) == 3


def test_integer_grad_outputs(section):
    expected = (2 * M.T @ torch.ones(2),)
    assert_shown(section("basics-integer-grad-outputs"), (torch.int64, torch.float32, expected, torch.float32))
