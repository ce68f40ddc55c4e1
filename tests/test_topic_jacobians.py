"""topics/jacobians: the Jacobian and per-sample gradient shapes, computed here by hand."""

import torch

from site_reader import cell_sources, outputs

PAGE = "topics/jacobians"
A = (1.0, 2.0, 3.0)


def expected_jacobian():
    a0, a1, a2 = A
    return torch.tensor([[a1, a0, 0.0], [0.0, 1.0, 2 * a2]])


def test_row_by_row(en):
    section = en.section(PAGE, "jacobians-row-by-row")
    assert outputs(section) == [repr(expected_jacobian()) + "\n\n"]
    assert "retain_graph" in "".join(cell_sources(section))
    assert any("assert_close" in s for s in cell_sources(section, tag="check"))


def test_is_grads_batched(en):
    section = en.section(PAGE, "jacobians-is-grads-batched")
    assert outputs(section) == [repr(expected_jacobian()) + "\n\n"]
    assert "is_grads_batched=True" in "".join(cell_sources(section))
    assert any("assert_close" in s for s in cell_sources(section, tag="check"))


def test_torch_func(en):
    section = en.section(PAGE, "jacobians-torch-func")
    assert outputs(section) == [repr(expected_jacobian()) + "\n\n"] * 2
    assert any("assert_close" in s for s in cell_sources(section, tag="check"))


def test_per_sample_gradients(en):
    section = en.section(PAGE, "jacobians-per-sample-gradients")
    n_samples = 4
    model = torch.nn.Linear(3, 1)
    shapes = {name: (n_samples,) + tuple(p.shape) for name, p in model.named_parameters()}
    assert outputs(section) == [repr(shapes) + "\n\n"] * 2
    checks = "\n".join(cell_sources(section, tag="check"))
    assert "jacobian(" in checks and "assert_close" in checks
