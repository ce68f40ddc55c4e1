"""topics/newer-api: dict inputs, GradientEdge, the allow_unused default, as torch does them."""

import collections
import inspect

import torch
from torch.autograd.graph import get_gradient_edge

from topics_oracle import assert_raises_shown, assert_shown
from site_reader import outputs

PAGE = "topics/newer-api"


def linear():
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 1)
    return model, model(torch.ones(2, 3)).pow(2).sum()


def test_signature(section):
    text = "".join(outputs(section("newer-api-signature")))
    assert f"{torch.__version__}\n{inspect.signature(torch.autograd.grad)}" in text


def test_dict_inputs(section):
    s = section("newer-api-dict-inputs")
    model, loss = linear()
    grads = torch.autograd.grad(loss, dict(model.named_parameters()))
    assert isinstance(grads, dict)
    assert_shown(s, grads)
    with torch.no_grad():
        o = model(torch.ones(3))  # loss = 2 o^2 for two all-ones samples
    assert_shown(s, ("tuple", (4 * o * torch.ones(1, 3), 4 * o)))


def test_only_plain_dict(section):
    model, loss = linear()
    params = collections.OrderedDict(model.named_parameters())
    assert_raises_shown(section("newer-api-dict-only"), lambda: torch.autograd.grad(loss, params))


def test_empty_inputs(section):
    _, loss = linear()
    assert_raises_shown(section("newer-api-empty-inputs"), lambda: torch.autograd.grad(loss, ()))


def test_gradient_edge(section):
    x = torch.ones(2, requires_grad=True)
    edge = get_gradient_edge(x * 2)
    s = section("newer-api-gradient-edge")
    assert_shown(s, ("GradientEdge", edge.node.name(), edge.output_nr))
    leaf_edge = get_gradient_edge(x)
    assert_shown(s, (leaf_edge.node.name(), leaf_edge.output_nr))
    assert leaf_edge.node.name() == "torch::autograd::AccumulateGrad"


def test_edge_inputs(section):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    h = x * 2
    (g,) = torch.autograd.grad((h ** 3).sum(), h)
    assert_shown(section("newer-api-edge-inputs"), g)


def test_edge_outputs(section):
    s = section("newer-api-edge-outputs")
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    v = torch.tensor([1.0, 10.0])
    (g,) = torch.autograd.grad(x ** 2, x, grad_outputs=v)
    assert_shown(s, g)
    assert_raises_shown(s, lambda: torch.autograd.grad(get_gradient_edge(x * 1), x))


def test_edge_limits(section):
    s = section("newer-api-edge-limits")
    assert_raises_shown(s, lambda: get_gradient_edge(torch.zeros(3)))
    x = torch.ones(2, requires_grad=True)
    w = torch.ones(1, requires_grad=True)
    h, u = x * 2, w * 3
    assert_raises_shown(
        s,
        lambda: torch.autograd.grad(
            h.sum(), (get_gradient_edge(h), get_gradient_edge(u)), materialize_grads=True
        ),
    )
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    h = x * 2
    (g,) = torch.autograd.grad((h ** 2).sum(), h)
    assert_shown(s, (g, None))


def test_allow_unused_default(section):
    s = section("newer-api-allow-unused-default")
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([3.0], requires_grad=True)
    assert_shown(s, torch.autograd.grad((a * a).sum(), (a, b), materialize_grads=True))
    assert_raises_shown(s, lambda: torch.autograd.grad((a * a).sum(), (a, b)))
