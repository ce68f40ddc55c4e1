"""topics/grad-vs-backward: accumulation, inputs=, non-leaf warning, retain_grad."""

import warnings

import torch

from site_reader import cell_sources, outputs

PAGE = "topics/grad-vs-backward"


def test_accumulation(en):
    section = en.section(PAGE, "grad-vs-backward-accumulation")
    once = 2 * torch.tensor([1.0, 2.0])
    assert outputs(section) == [repr((once, 2 * once)) + "\n\n"] * 2
    assert cell_sources(section, tag="check")


def test_backward_inputs(en):
    section = en.section(PAGE, "grad-vs-backward-inputs")
    b = torch.tensor([3.0, 4.0])
    assert outputs(section) == [repr((b, None)) + "\n\n", repr(b) + "\n\n", repr((b, None)) + "\n\n"]
    assert "b.grad is None" in "".join(cell_sources(section, tag="check"))


def test_non_leaf_warning_and_retain_grad(en):
    section = en.section(PAGE, "grad-vs-backward-non-leaf")
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    h = a * torch.tensor([3.0, 4.0])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert h.grad is None
    assert [w.category for w in caught] == [UserWarning]
    warning = (caught[0].category.__name__, str(caught[0].message))
    shown = outputs(section)
    assert shown[0] == repr((False, None)) + "\n\n"
    assert repr(warning[1]) in shown[1] and repr(warning[0]) in shown[1]
    expected = 2 * h.detach()
    a3 = torch.tensor([1.0, 2.0])  # h = 3a, y = sum(h^2): dy/dh = 6a, dy/da = 18a
    assert shown[2:] == [
        repr(expected) + "\n\n",
        repr((expected, True)) + "\n\n",
        repr(expected) + "\n\n",
        repr((18 * a3, 6 * a3, 12 * a3, None)) + "\n\n",
    ]
