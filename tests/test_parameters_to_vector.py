"""parameters-to-vector: the flat gradient and the Hessian-vector product, in closed form.

For a linear model and the mean squared error over n entries, with residuals r = X Wᵀ + b - T:
dL/dW = (2/n) rᵀ X, dL/db = (2/n) Σ r, and the Hessian is (2/n) Σ_samples [x; 1][x; 1]ᵀ
for each output, the weights of output k being the entries 3k..3k+2 of the flat vector.
"""

import torch

from topics_oracle import assert_shown

PAGE = "parameters-to-vector"


def model_and_batch():
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 2)
    inputs = torch.tensor([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]])
    targets = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    return model, inputs, targets


def test_flat_gradient(section):
    model, inputs, targets = model_and_batch()
    with torch.no_grad():
        r = model(inputs) - targets
    n = r.numel()
    expected = torch.cat([(2 / n * r.T @ inputs).reshape(-1), 2 / n * r.sum(dim=0)])
    assert_shown(section("p2v-why"), expected)


def test_hessian_vector_product(section):
    model, inputs, targets = model_and_batch()
    n = targets.numel()
    extended = torch.cat([inputs, torch.ones(len(inputs), 1)], dim=1)  # [x; 1] per sample
    block = 2 / n * extended.T @ extended
    H = torch.zeros(8, 8)
    for k in range(2):
        index = [3 * k, 3 * k + 1, 3 * k + 2, 6 + k]  # weight row k, then bias k
        H[[[i] for i in index], index] = block
    v = torch.arange(8, dtype=torch.float32)
    hv = H @ v
    assert_shown(section("p2v-hvp"), (hv[:6].reshape(2, 3), hv[6:]))
