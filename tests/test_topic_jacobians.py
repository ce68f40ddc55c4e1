"""topics/jacobians: the Jacobian and per-sample gradient shapes, computed here by hand."""

import warnings

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


def legacy_fallback_warnings():
    t = torch.tensor([0.5, 1.0, 2.0], requires_grad=True)
    torch._C._debug_only_display_vmap_fallback_warnings(True)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            torch.autograd.grad(torch.tanh(t), t, grad_outputs=torch.eye(3), is_grads_batched=True)
    finally:
        torch._C._debug_only_display_vmap_fallback_warnings(False)
    return [str(w.message).split(" (Triggered internally")[0] for w in caught]


def test_is_grads_batched(en):
    section = en.section(PAGE, "jacobians-is-grads-batched")
    fallbacks = legacy_fallback_warnings()
    assert len(fallbacks) == 1 and "aten::tanh_backward" in fallbacks[0]
    assert outputs(section) == [repr(expected_jacobian()) + "\n\n", repr(fallbacks) + "\n\n", "[]\n\n"]
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
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 1)
    inputs, targets = torch.randn(4, 3), torch.randn(4, 1)
    with torch.no_grad():
        r = model(inputs) - targets  # per-sample loss r^2: gradients 2 r x and 2 r
    mean_grads = ((2 * r * inputs).mean(dim=0, keepdim=True), (2 * r).mean(dim=0))
    assert outputs(section) == [repr(shapes) + "\n\n"] * 2 + [repr(mean_grads) + "\n\n"]
    checks = "\n".join(cell_sources(section, tag="check"))
    assert "jacfwd(" in checks and "assert_close" in checks
