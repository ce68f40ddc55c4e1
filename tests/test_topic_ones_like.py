"""topics/ones-like: ones_like = gradient of the sum; BatchNorm and replica losses."""

import pytest
import torch

from site_reader import cell_sources, outputs, tracebacks

PAGE = "topics/ones-like"


def test_gradient_of_sum(en):
    section = en.section(PAGE, "ones-like-sum")
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    assert outputs(section) == [repr(2 * x) + "\n\n"] * 2
    assert len(cell_sources(section, tag="check")) == 2


def ones_and_per_sample(bn, x):
    def rows(t):
        return torch.tanh(bn(t)).sum(dim=1)

    J = torch.autograd.functional.jacobian(rows, x)
    return J.sum(dim=0), torch.stack([J[i, i] for i in range(x.shape[0])])


def test_batchnorm(en):
    section = en.section(PAGE, "ones-like-batchnorm")
    bn = torch.nn.BatchNorm1d(3)
    x = torch.randn(4, 3)
    agree_train = torch.allclose(*ones_and_per_sample(bn.train(), x))
    bn(x)
    agree_eval = torch.allclose(*ones_and_per_sample(bn.eval(), x))
    assert (agree_train, agree_eval) == (False, True)
    assert outputs(section) == [f"{agree_train}\n\n", f"{agree_eval}\n\n"]
    assert "not torch.allclose" in "".join(cell_sources(section, tag="check"))


def test_replica_losses(en):
    section = en.section(PAGE, "ones-like-data-parallel")
    n_replicas = 2
    losses = torch.zeros(n_replicas, requires_grad=True) * 2
    with pytest.raises(RuntimeError) as error:
        losses.backward()
    sizes = [chunk.shape[0] for chunk in torch.zeros(5, 3).chunk(n_replicas)]
    assert outputs(section) == [repr(losses.shape) + "\n\n", repr(sizes) + "\n\n"]
    assert tracebacks(section) == [f"RuntimeError: {error.value}"]
    checks = "\n".join(cell_sources(section, tag="check"))
    assert "mse_weight_grad" in checks and "g_weighted" in checks
