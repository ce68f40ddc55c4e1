"""topics/modes-and-hooks: grad modes, inference tensors, hooks and only_inputs; values
against closed forms, errors and warnings raised here by the installed torch."""

import inspect
import re
import warnings

import torch

from site_reader import cell_sources, outputs, tracebacks
from topics_oracle import error_text, routes, shown, squeezed

PAGE = "topics/modes-and-hooks"
A = torch.tensor([1.0, 2.0])


def same_text(section, expected):
    assert [squeezed(o) for o in outputs(section)] == [squeezed(e) for e in expected]


def no_grad_fn_message():
    a = A.clone().requires_grad_()
    with torch.no_grad():
        y = (a * 5).sum()
    return error_text(lambda: torch.autograd.grad(y, a)).removeprefix("RuntimeError: ")


def test_version_is_printed(en):
    first = en.page(PAGE).select_one("article div.cell div.cell_output").get_text()
    assert first.strip() == repr(torch.__version__)


def test_no_grad(section):
    part = section("modes-and-hooks-no-grad")
    gradient = 3 * A ** 2  # d/da sum(a^3)
    assert no_grad_fn_message() == "element 0 of tensors does not require grad and does not have a grad_fn"
    a = A.clone().requires_grad_()
    cubes = (a ** 3).sum()
    with torch.no_grad():  # create_graph=True records the backward pass even here
        (recorded,) = torch.autograd.grad(cubes, a, create_graph=True)
    assert recorded.requires_grad
    torch.testing.assert_close(recorded.detach(), gradient)
    same_text(part, [
        shown((None, False)),
        shown(no_grad_fn_message()),
        shown((True, True)),  # a factory with requires_grad=True still makes such a leaf
        shown(("SumBackward0", gradient)),
        shown((gradient, recorded)),
    ])
    assert "errors-no-grad-fn" in str(part)
    assert routes(part) == {"premise", "closed-form"}


def test_inference_mode(section):
    part = section("modes-and-hooks-inference-mode")
    message = no_grad_fn_message()
    b = torch.ones(3)
    with torch.inference_mode():  # views of a normal tensor stay normal; new tensors do not
        kinds = {"b.view(3)": b.view(3).is_inference(), "b[1:]": b[1:].is_inference(),
                 "b * 2": (b * 2).is_inference()}
    assert kinds == {"b.view(3)": False, "b[1:]": False, "b * 2": True}
    a = A.clone().requires_grad_()
    cubes = (a ** 3).sum()
    with torch.inference_mode():
        (inner,) = torch.autograd.grad(cubes, a, create_graph=True)
    assert inner.grad_fn is None and inner.is_inference()
    second = error_text(lambda: torch.autograd.grad(inner.sum(), a)).removeprefix("RuntimeError: ")
    assert second == message
    same_text(part, [
        shown((None, True, message)),
        shown(((True, True), None, True, message)),
        shown(kinds),
        shown(("SumBackward0", False, 3 * A ** 2)),
        shown((3 * A ** 2, None, True, second)),
    ])
    sources = "".join(cell_sources(part))
    assert "torch.enable_grad()" in sources and "torch.inference_mode(False)" in sources
    assert routes(part) == {"premise", "closed-form"}


def inference(values):
    with torch.inference_mode():
        return torch.tensor(values)


def test_saved_for_backward(section):
    part = section("modes-and-hooks-saved-for-backward")
    features = inference([7.0, 8.0])
    message = error_text(lambda: torch.tensor([1.0, 1.0], requires_grad=True) * features)
    assert message.startswith("RuntimeError: Inference tensors cannot be saved for backward.")
    assert tracebacks(part) == [message]
    f = torch.tensor([1.0, 2.0]) * 3
    same_text(part, [shown(True), shown(torch.ones(2)), shown((True, False, f, f))])
    assert routes(part) == {"closed-form", "premise"}


def test_requires_grad(section):
    part = section("modes-and-hooks-requires-grad")
    message = error_text(lambda: inference([1.0, 2.0]).requires_grad_())
    assert tracebacks(part) == [message]
    assert message.removeprefix("RuntimeError: ") in part.select_one("h3").get_text()
    points = torch.linspace(0.0, 1.0, 3)
    same_text(part, [shown((False, 2 * points))])
    assert routes(part) == {"closed-form", "premise"}


def test_tensor_hooks(section):
    part = section("modes-and-hooks-tensor-hooks")
    x = A
    mask = torch.tensor([1.0, 0.0])
    du = torch.tensor([3.0, 3.0])  # d/du of 3 sum(u) + sum(x)
    same_text(part, [
        shown((10 * 2 * x, 2 * x)),
        shown(([2 * x, 3 * x ** 2], 2 * x, 3 * x ** 2)),
        shown(([du], 2 * x * du * mask + 1)),
        shown(([], 10 * (2 * 3.0 * x + 1))),  # no hook on c; (g + 1) first, then * 10
        shown(re.search(r"The hook should not modify its argument.*?:attr:`grad`\.",
                        " ".join(inspect.getdoc(torch.Tensor.register_hook).split())).group()),
    ])
    assert torch.equal(2 * x * du * mask + 1, torch.tensor([7.0, 1.0]))
    assert routes(part) == {"closed-form", "premise"}


def test_post_accumulate(section):
    part = section("modes-and-hooks-post-accumulate")
    x = A.clone().requires_grad_()
    calls = []
    x.register_post_accumulate_grad_hook(lambda t: calls.append(1))
    torch.autograd.grad((x * x).sum(), x)
    assert calls == [] and x.grad is None
    same_text(part, [shown(((0, None), (1, 2 * A)))])
    assert routes(part) == {"premise", "closed-form"}


def test_only_inputs(section):
    part = section("modes-and-hooks-only-inputs")
    doc = " ".join(inspect.getdoc(torch.autograd.grad).split())
    note = "``only_inputs`` argument is deprecated and is ignored now (defaults to ``True``). " \
           "To accumulate gradient for other parts of the graph, please use ``torch.autograd.backward``."
    assert note in doc
    caught = {}
    for flag in (True, False):
        x = torch.tensor([5.0], requires_grad=True)
        with warnings.catch_warnings(record=True) as records:
            warnings.simplefilter("always")
            torch.autograd.grad(x.sum(), x, only_inputs=flag)
        caught[flag] = [(r.category.__name__, str(r.message)) for r in records]
    assert caught[True] == [] and caught[False][0][0] == "FutureWarning"
    gradient = 3 * 3.0 * A ** 2
    same_text(part, [note + "\n", shown(({True: gradient, False: gradient}, caught, {True: None, False: None}))])
    assert routes(part) == {"closed-form", "premise"}


def test_search_words(en):
    text = en.page(PAGE).select_one("article").get_text(" ")
    for word in ("no_grad", "enable_grad", "inference_mode", "register_hook",
                 "register_post_accumulate_grad_hook", "only_inputs", "FutureWarning"):
        assert word in text, word
