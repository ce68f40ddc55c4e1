"""topics/torch-compile: graph breaks at torch.autograd.grad, the flag that removes them, and
double backward through aot_eager. Values against closed forms computed here; counts, reasons
and errors against the test's own torch.compile calls on the installed torch."""

import inspect
import math

import pytest
import torch
import torch._dynamo
from torch._dynamo.backends.registry import get_default_backend

from site_reader import cell_sources, outputs, tracebacks
from topics_oracle import assert_raises_shown, error_text, routes, shown, squeezed

PAGE = "topics/torch-compile"
X_CUBE = (1.0, 2.0, 3.0)
X_SIN = (0.5, 1.0, 2.0)
FLAG_OFF = "using `torch.autograd.grad` with `torch._dynamo.config.trace_autograd_ops=False`"
DOUBLE_BACKWARD = "torch.compile with aot_autograd does not currently support double backward"


def ops(graph_module):
    return [
        getattr(n.target, "__name__", n.target)
        for n in graph_module.graph.nodes
        if n.op in ("call_function", "call_method")
    ]


# The test's own functions, written apart from the page's.
def grad_then_double(v):
    (d,) = torch.autograd.grad((v ** 3).sum(), v)
    return 2 * d


def sin_square(v):
    return (v ** 2 * v.sin()).sum()


def both_grads_inside(v):
    (d,) = torch.autograd.grad(sin_square(v), v, create_graph=True)
    return torch.autograd.grad(d.sum(), v)[0]


def refused_first_line(function, argument):
    """The first line of what fullgraph=True raises for function(argument), with the flag on."""
    with torch._dynamo.config.patch(trace_autograd_ops=True):
        torch._dynamo.reset()
        text = error_text(lambda: torch.compile(function, backend="eager", fullgraph=True)(argument))
    return text.splitlines()[0]


def leaf(values):
    return torch.tensor(values, requires_grad=True)


def six_x_squared():
    return torch.tensor([6 * v ** 2 for v in X_CUBE])


def first_derivative():  # d/dx x^2 sin x
    return torch.tensor([2 * v * math.sin(v) + v ** 2 * math.cos(v) for v in X_SIN])


def second_derivative():  # d^2/dx^2 x^2 sin x
    return torch.tensor([2 * math.sin(v) + 4 * v * math.cos(v) - v ** 2 * math.sin(v) for v in X_SIN])


@pytest.fixture(autouse=True)
def fresh_dynamo():
    torch._dynamo.reset()
    yield
    torch._dynamo.reset()


def test_version(section):
    part = section("torch-compile-and-torch-autograd-grad")
    assert torch.__version__.startswith("2.13.0")
    default = inspect.signature(torch.compile).parameters["backend"].default
    assert default is None and get_default_backend() == "inductor"
    assert outputs(part) == [shown(torch.__version__), shown((None, "inductor"))]


def test_graph_break(section):
    part = section("torch-compile-graph-break")
    explained = torch._dynamo.explain(grad_then_double)(leaf(X_CUBE))
    assert (explained.graph_count, explained.graph_break_count) == (2, 1)
    (reason,) = explained.break_reasons
    head = [line.strip() for line in reason.reason.splitlines()[:3]]
    assert head[0] == FLAG_OFF and head[2].startswith("Hint:")
    assert torch._dynamo.config.trace_autograd_ops is False
    strict = torch.compile(grad_then_double, backend="eager", fullgraph=True)
    unsupported = error_text(lambda: strict(leaf(X_CUBE)))
    assert unsupported.startswith(f"Unsupported: {FLAG_OFF}") and "from user code:" in unsupported
    assert outputs(part) == [
        shown((2, 1)),
        shown([ops(g) for g in explained.graphs]),
        "\n".join(head) + "\n(g,) = torch.autograd.grad(y, x)\n\n",
        shown(False),
        shown(six_x_squared()),
        unsupported.splitlines()[0] + "\n\n",
    ]
    assert [ops(g) for g in explained.graphs] == [["pow", "sum"], ["mul"]]
    assert not tracebacks(part)
    sources = "".join(cell_sources(part))
    assert 'backend="aot_eager"' in sources and "fullgraph=True" in sources
    assert routes(part) == {"closed-form", "premise"}


def test_trace_autograd_ops(section):
    part = section("torch-compile-trace-autograd-ops")
    with torch._dynamo.config.patch(trace_autograd_ops=True):
        explained = torch._dynamo.explain(grad_then_double)(leaf(X_CUBE))
        torch._dynamo.reset()
        value = torch.compile(grad_then_double, backend="aot_eager", fullgraph=True)(leaf(X_CUBE))
    torch.testing.assert_close(value, six_x_squared())
    counts = (explained.graph_count, explained.graph_break_count)
    assert counts == (1, 0)
    # refused with the flag on: a grad_fn made before the call, and a returned tensor's freed graph
    v = leaf(X_SIN)
    outside = 3 * v
    external = refused_first_line(lambda o: torch.autograd.grad((o ** 2).sum(), v), outside)

    def square_and_its_gradient(u):
        square = u ** 2
        return square, torch.autograd.grad(square.sum(), u)  # frees what square.grad_fn needs

    consumed = refused_first_line(square_and_its_gradient, leaf(X_SIN))
    assert external == "Unsupported: autograd.grad with external grad_fn"
    assert consumed == "Unsupported: autograd.grad consumed returned tensor's grad_fn"
    printed = f"gradient_through_outside: {external}\nvalue_and_gradient: {consumed}\n"
    expected = [shown((counts, six_x_squared())), shown(False), printed]
    assert [squeezed(o) for o in outputs(part)] == [squeezed(e) for e in expected]
    assert "config.patch(trace_autograd_ops=True)" in "".join(cell_sources(part))
    assert routes(part) == {"closed-form", "premise"}


def test_gradient_from_outside(section):
    part = section("torch-compile-outside")
    y = torch.compile(sin_square, backend="aot_eager")(leaf(X_SIN))
    names = (type(y.grad_fn).__name__, [type(node).__name__ for node, _ in y.grad_fn.next_functions])
    assert names == ("CompiledFunctionBackward", ["AccumulateGrad"])
    assert outputs(part) == [shown(first_derivative()), shown(names)]
    assert routes(part) == {"closed-form"}


def test_double_backward_raises(section):
    part = section("torch-compile-double-backward")
    x = leaf(X_SIN)
    (g,) = torch.autograd.grad(torch.compile(sin_square, backend="aot_eager")(x), x, create_graph=True)
    assert type(g.grad_fn).__name__ == "CompiledFunctionBackwardBackward"
    assert squeezed(outputs(part)[0]) == squeezed(
        repr(first_derivative()).replace(")", ", grad_fn=<CompiledFunctionBackwardBackward>)")
    )
    assert_raises_shown(part, lambda: torch.autograd.grad(g.sum(), x))
    assert tracebacks(part) == [f"RuntimeError: {DOUBLE_BACKWARD}"]
    # both backends go through AOTAutograd's aot_autograd; its module raises the error
    from torch._dynamo.backends import common, debugging
    from torch._functorch._aot_autograd import runtime_wrappers
    import torch._inductor.compile_fx as compile_fx

    assert "aot_autograd(" in inspect.getsource(debugging.aot_eager) and debugging.aot_autograd is common.aot_autograd
    assert "dynamo_common.aot_autograd(" in inspect.getsource(compile_fx) and compile_fx.dynamo_common is common
    assert DOUBLE_BACKWARD in inspect.getsource(runtime_wrappers)
    assert squeezed(outputs(part)[1]) == squeezed(shown({"aot_eager": True, "inductor": True}))
    text = part.get_text(" ")
    assert "default inductor backend" in squeezed(text)
    assert routes(part) == {"premise"}


def test_second_derivatives_that_work(section):
    part = section("torch-compile-second-derivatives")
    h = second_derivative()
    x = leaf(X_SIN)
    explained = torch._dynamo.explain(both_grads_inside)(x)
    reasons = [r.reason.splitlines()[0] for r in explained.break_reasons]
    assert reasons == [FLAG_OFF, FLAG_OFF]
    assert [squeezed(o) for o in outputs(part)] == [
        squeezed(shown(e)) for e in (("AddBackward0", h), h, h, [ops(g) for g in explained.graphs], reasons)
    ]
    torch._dynamo.reset()
    assert_raises_shown(part, lambda: torch.compile(both_grads_inside, backend="aot_eager")(leaf(X_SIN)))
    assert tracebacks(part) == [f"RuntimeError: {DOUBLE_BACKWARD}"]
    sources = "".join(cell_sources(part))
    for needle in ('backend="eager"', "torch.func.grad(", "trace_autograd_ops=True"):
        assert needle in sources, needle
    assert routes(part) == {"closed-form", "premise"}


def test_search_words(en):
    text = en.page(PAGE).select_one("article").get_text(" ")
    for word in ("torch.compile", "graph break", "aot_eager", "trace_autograd_ops", "double backward"):
        assert word in text, word
