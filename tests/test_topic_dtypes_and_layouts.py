"""topics/dtypes-and-layouts: dtypes that can require grad, grad_outputs conversion, mixed
dtypes and sparse layouts, against closed forms and errors computed here."""

import struct

import torch

from site_reader import cell_sources, outputs, tracebacks
from topics_oracle import assert_raises_shown, assert_shown, error_text, routes, squeezed

PAGE = "topics/dtypes-and-layouts"
S_INDICES = torch.tensor([[0, 1, 1], [2, 0, 2]])
S_VALUES = torch.tensor([3.0, 4.0, 5.0])
D = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
M = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])


def shown_values(section):
    return [squeezed(o) for o in outputs(section)]


def sparse_s():
    return torch.sparse_coo_tensor(S_INDICES, S_VALUES, (2, 3), check_invariants=True).coalesce()


def test_version(section):
    top = section("dtypes-and-layouts-of-gradients")
    assert outputs(top)[0] == torch.__version__ + "\n\n"


def test_requires_grad(section):
    part = section("dtypes-and-layouts-requires-grad")
    dtypes = [torch.float16, torch.bfloat16, torch.float32, torch.float64, torch.complex64,
              torch.complex128, torch.uint8, torch.int32, torch.int64, torch.bool]
    allowed = {str(dtype): dtype.is_floating_point or dtype.is_complex for dtype in dtypes}
    assert list(allowed.values()) == [True] * 6 + [False] * 4
    assert_shown(part, allowed)
    assert_raises_shown(part, lambda: torch.tensor([1, 2], requires_grad=True))

    def set_attribute():
        torch.zeros(2, dtype=torch.int64).requires_grad = True

    assert_raises_shown(part, set_attribute)
    assert tracebacks(part) == [
        "RuntimeError: only Tensors of floating point and complex dtype can require gradients",
        "RuntimeError: Only Tensors of floating point and complex dtype can require gradients",
    ]
    # the in-place form has the other wording, which graph-cuts-integer-dtype shows
    assert error_text(lambda: torch.zeros(2, dtype=torch.int64).requires_grad_()) == (
        "RuntimeError: only Tensors of floating point dtype can require gradients"
    )
    z = torch.tensor([1.0 + 2.0j, 3.0 - 1.0j])
    # l = sum(a^2 + b^2): dl/da + i dl/db = 2a + 2ib
    assert_shown(part, (torch.complex(2 * z.real, 2 * z.imag), torch.complex64))
    assert "graph-cuts.html#graph-cuts-integer-dtype" in str(part)
    assert routes(part) == {"premise", "closed-form"}


def test_grad_outputs_dtype(section):
    part = section("dtypes-and-layouts-grad-outputs")
    x = torch.tensor([1.0, 2.0, 3.0])
    vs = {"int64": [1.0, 2.0, 3.0], "bool": [1.0, 0.0, 1.0], "float16": [1.0, 2.0, 3.0], "float64": [1.0, 2.0, 3.0]}
    assert_shown(part, {name: 2 * x * torch.tensor(v) for name, v in vs.items()})
    # the gradient of x * 1 is v itself, rounded to float32 (packed without torch)
    nearest_float32 = int(struct.unpack("f", struct.pack("f", float(2 ** 60 + 1)))[0])
    assert nearest_float32 == 2 ** 60
    assert_shown(part, (nearest_float32, 2 ** 60 + 1))
    z = torch.tensor([1.0 + 2.0j, 3.0 - 1.0j], requires_grad=True)
    assert_raises_shown(part, lambda: torch.autograd.grad(z * 2, z, grad_outputs=torch.ones(2)))
    assert "grad_output[0] has a dtype of torch.float32" in tracebacks(part)[0]
    assert len(tracebacks(part)) == 1
    assert_shown(part, torch.tensor([2.0 + 0.0j, 2.0 + 0.0j]))
    assert "errors.html#errors-complex-dtype" in str(part)
    assert routes(part) == {"closed-form", "premise"}


def test_cast_before(section):
    part = section("dtypes-and-layouts-cast-before")
    v0 = 1 + 2 ** -30
    assert torch.tensor(v0, dtype=torch.float32).item() == 1.0  # not a float32 number
    assert torch.tensor(2 ** -30, dtype=torch.float32).item() == 2 ** -30  # the exact answer is one
    # the output sees fl(v); the stack's backward adds fl(v0) + fl(v1) = 1 - 1
    assert outputs(part) == [repr(([torch.tensor([1.0, -1.0])], torch.tensor(0.0))) + "\n\n"]
    sources = "".join(cell_sources(part))
    assert "register_hook" in sources and "dtype=torch.float64" in sources
    assert routes(part) == {"closed-form"}


def test_mixed(section):
    part = section("dtypes-and-layouts-mixed")
    assert "casts the incoming gradient" in part.get_text(" ")
    x = torch.tensor([1.0, 2.0])
    assert_shown(part, (torch.float64, "ToCopyBackward0", 2 * x, torch.float32))
    assert_shown(part, (2 * x.double(), torch.float64))
    # the float64 gradient a backward returns is cast to the float32 of its forward input
    assert_shown(part, ([("returned", torch.float64), torch.float32], torch.float32))
    # cast last: fl(v0) + fl(v1) in float32; cast first: v0 + v1 in float64, then rounded
    assert_shown(part, {"stack, then .double()": 0.0, ".double(), then expand": 2 ** -30})
    assert routes(part) == {"closed-form", "premise"}


def test_sparse(section):
    part = section("dtypes-and-layouts-sparse")
    S = sparse_s()
    dense_mm = torch.ones(2, 2) @ D.T  # d/dS_ij sum(S D) = sum_k D_jk
    stored = S.to_dense() != 0
    sparse_mm = torch.sparse_coo_tensor(S_INDICES, dense_mm[stored], (2, 3), check_invariants=True)
    assert dense_mm[stored].tolist() == [11.0, 3.0, 11.0]
    shown = shown_values(part)
    assert shown[0] == squeezed(repr(sparse_mm))
    assert "The gradient for the sparse input is returned as a sparse COO tensor" in shown[1]
    assert_shown(part, {
        "torch.sparse.mm(S, D).sum()": (torch.sparse_coo, dense_mm * stored),
        "(S @ D).sum()": (torch.strided, dense_mm),
        "(S * M).sum()": (torch.strided, M),
        "torch.sparse.sum(S * M)": (torch.sparse_coo, M * stored),
    })
    assert_shown(part, (torch.strided, torch.sparse_coo, torch.full((3,), 2.0)))
    S.requires_grad_()
    assert_shown(part, (torch.sparse_coo, type(torch.sqrt(S).grad_fn).__name__))
    assert type(torch.sqrt(S).grad_fn).__name__ == "SqrtBackward0"
    assert_raises_shown(part, lambda: torch.autograd.grad(torch.sparse.sum(torch.sqrt(S)), S))
    assert tracebacks(part) == [
        "RuntimeError: Sparse division requires a scalar or zero-dim dense tensor divisor (got shape [2, 3] for divisor)"
    ]
    assert_shown(part, (torch.sparse_coo, 0.5 * S_VALUES ** -0.5))
    assert routes(part) == {"closed-form", "premise"}


def test_embedding(section):
    part = section("dtypes-and-layouts-embedding")
    c = torch.tensor([1.0, 10.0])
    uncoalesced = torch.sparse_coo_tensor(torch.tensor([[2, 0, 2]]), c.repeat(3, 1), (4, 2), check_invariants=True)
    coalesced = torch.sparse_coo_tensor(torch.tensor([[0, 2]]), torch.stack([c, 2 * c]), (4, 2), check_invariants=True)
    dense = torch.zeros(4, 2)
    dense[0], dense[2] = c, 2 * c
    assert shown_values(part) == [squeezed(repr(uncoalesced)), squeezed(repr(coalesced)),
                                  squeezed(repr((torch.strided, dense)))]
    assert routes(part) == {"closed-form"}


def test_search_words(en):
    text = en.page(PAGE).select_one("article").get_text(" ")
    for word in ("sparse_coo", "float64", "grad_outputs", "embedding", "layout", "dtype"):
        assert word in text, word
