"""topics/gradient-penalty: WGAN-GP and R1 gradients, CPU mixed precision and DDP, each against
closed forms written out here (in float64), GradScaler and DDP run here on their own."""

import os
import tempfile
import warnings

import torch
import torch.distributed as dist
import torch.multiprocessing as mp

from site_reader import cell_sources, outputs, tracebacks
from topics_oracle import error_text, routes, shown, squeezed

PAGE = "topics/gradient-penalty"
W, C, B = (0.3, -1.7), 0.5, 0.25
REAL = ((1.0, 2.0), (3.0, -1.0))
FAKE = ((0.0, 1.0), (-1.0, 0.5))
EPS = (0.25, 0.75)
LAM, GAMMA, LR = 10.0, 2.0, 0.01
UNFINISHED = "Expected to have finished reduction in the prior iteration before starting a new one"


def t(*values):
    return torch.tensor(values, dtype=torch.float64)


def x_hats(rows=slice(None)):
    real, fake, eps = t(*REAL)[rows], t(*FAKE)[rows], t(*EPS)[rows].unsqueeze(1)
    return eps * real + (1 - eps) * fake


def d(x):
    return x @ t(*W) + 0.5 * C * (x * x).sum(1) + B


def gp_part(rows=slice(None)):
    """d/dθ of mean (|w + c x̂| - 1)²: w and c only, b does not enter ∇x D."""
    x = x_hats(rows)
    g = t(*W) + C * x
    norm = g.norm(dim=1, keepdim=True)
    a = 2 * (norm - 1) / (norm * len(x))
    return {"w": (a * g).sum(0), "c": (a * g * x).sum()}


def wgan_part(rows=slice(None)):
    real, fake = t(*REAL)[rows], t(*FAKE)[rows]
    return {
        "w": fake.mean(0) - real.mean(0),
        "c": 0.5 * ((fake ** 2).sum(1).mean() - (real ** 2).sum(1).mean()),
        "b": torch.zeros((), dtype=torch.float64),
    }


def wgan_gp(rows=slice(None), lam=LAM):
    loss, gp = wgan_part(rows), gp_part(rows)
    return {name: loss[name] + lam * gp.get(name, 0.0) for name in "wcb"}


def floats(grads):
    return {name: None if g is None else g.float() for name, g in grads.items()}


def test_one_backward(section):
    part = section("gradient-penalty-one-backward")
    assert outputs(part) == [shown(floats(wgan_gp())), shown(floats(wgan_gp(lam=0.0)))]
    sources = "".join(cell_sources(part))
    assert "create_graph=create_graph" in sources and "(loss + lam * penalty).backward()" in sources
    assert "opt.step()" in sources
    assert routes(part) == {"closed-form"}


def test_r1(section):
    real, fake = t(*REAL), t(*FAKE)
    s_fake = torch.sigmoid(d(fake)) / 2
    s_real = -torch.sigmoid(-d(real)) / 2
    g = t(*W) + C * real
    expected = {
        "w": s_fake @ fake + s_real @ real + GAMMA * g.mean(0),
        "c": 0.5 * (s_fake @ (fake ** 2).sum(1) + s_real @ (real ** 2).sum(1)) + GAMMA * (g * real).sum(1).mean(),
        "b": s_fake.sum() + s_real.sum(),
    }
    part = section("gradient-penalty-r1")
    assert outputs(part) == [shown(floats(expected))]
    assert routes(part) == {"closed-form"}


def test_without_create_graph(section):
    part = section("gradient-penalty-without-create-graph")
    assert [squeezed(o) for o in outputs(part)] == [squeezed(shown((False, floats(wgan_gp(lam=0.0)))))]
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    (g,) = torch.autograd.grad((x ** 2).sum(), x)  # no create_graph: a constant
    assert tracebacks(part) == [error_text(lambda: ((g.norm() - 1) ** 2).backward())]
    assert routes(part) == {"closed-form", "premise"}


def test_amp(section):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        default = torch.amp.GradScaler()
    cpu = torch.amp.GradScaler("cpu")
    assert not default.is_enabled() and cpu.is_enabled() and cpu.get_scale() == 2.0 ** 16
    messages = [str(w.message) for w in caught]
    tiny = torch.tensor(1e-8)
    # float16: 1 sign, 5 exponent, 10 fraction bits; 1e-6 lies in the subnormal range, a
    # multiple of 2^-24, and 1e-8 below half of 2^-24 rounds to zero
    subnormal = round(1e-6 / 2.0 ** -24) * 2.0 ** -24
    facts = (
        2.0 ** -14,
        2.0 ** -24,
        subnormal,
        0.0,
        torch.finfo(torch.float32).tiny,
        tiny.to(torch.bfloat16).item(),
    )
    assert torch.tensor(1e-6).to(torch.float16).item() == subnormal
    assert abs(subnormal - 1e-6) / 1e-6 > 2.0 ** -10 and 1e-8 < 2.0 ** -25
    assert facts[5] > 0.0
    # the recipe, run here on a critic written as a function of its own parameters
    w = torch.tensor(W, requires_grad=True)
    c = torch.tensor(C, requires_grad=True)
    b = torch.tensor(B, requires_grad=True)
    x_hat = x_hats().float().requires_grad_()

    def critic(x):
        return x @ w + 0.5 * c * (x * x).sum(dim=1) + b

    with torch.autocast("cpu", dtype=torch.bfloat16):
        assert (x_hat @ w).dtype == torch.bfloat16
        out = critic(x_hat)
        assert out.dtype == torch.float32
        loss = critic(t(*FAKE).float()).mean() - critic(t(*REAL).float()).mean()
    (scaled,) = torch.autograd.grad(cpu.scale(out.sum()), x_hat, create_graph=True)
    unscaled = scaled / cpu.get_scale()
    with torch.autocast("cpu", dtype=torch.bfloat16):
        total = loss + LAM * ((unscaled.norm(dim=1) - 1) ** 2).mean()
    params = (w, c, b)
    got = dict(zip("wcb", (g / cpu.get_scale() for g in torch.autograd.grad(cpu.scale(total), params))))
    # the float64 closed form, and how close bfloat16 came to it
    torch.testing.assert_close(unscaled.double(), t(*W) + C * x_hats(), rtol=1e-2, atol=1e-3)
    for name, value in wgan_gp().items():
        torch.testing.assert_close(got[name].double(), value, rtol=1e-2, atol=1e-3)
    assert not torch.equal(got["w"].double(), wgan_gp()["w"])  # bfloat16 did round
    part = section("gradient-penalty-amp")
    expected = [
        shown((messages, False, 1.0)),
        shown((True, 65536.0, torch.tensor(196608.0))),
        shown(facts),
        shown((scaled, unscaled)),
        shown((torch.bfloat16, torch.float32)),
        shown((got, 65536.0)),
    ]
    assert [squeezed(o) for o in outputs(part)] == [squeezed(e) for e in expected]
    sources = "".join(cell_sources(part))
    assert 'torch.autocast("cpu", dtype=torch.bfloat16)' in sources and "scaler.get_scale()" in sources
    assert routes(part) == {"closed-form", "premise"}


class Critic(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.w = torch.nn.Parameter(torch.tensor(W))
        self.c = torch.nn.Parameter(torch.tensor(C))
        self.b = torch.nn.Parameter(torch.tensor(B))

    def forward(self, x):
        return x @ self.w + 0.5 * self.c * (x * x).sum(dim=1) + self.b


def penalty_alone(rank, tmp):
    """DDP, run here: backward of a penalty that does not reach b, then a forward pass."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
    dist.init_process_group("gloo", init_method="file://" + os.path.join(tmp, "store"), rank=rank, world_size=2)
    ddp = torch.nn.parallel.DistributedDataParallel(Critic())
    x = x_hats(slice(rank, rank + 1)).float().requires_grad_()
    (g,) = torch.autograd.grad(ddp(x).sum(), x, create_graph=True)
    ((g.norm(dim=1) - 1) ** 2).mean().backward()
    try:
        ddp(x)
        message = None
    except RuntimeError as error:
        message = str(error)
    buckets = ddp._get_ddp_logging_data()["bucket_sizes"]
    torch.save((ddp.module.b.grad, message, buckets), os.path.join(tmp, f"{rank}.pt"))
    dist.destroy_process_group()


def test_ddp(section):
    part = section("gradient-penalty-ddp")
    doc = " ".join(torch.nn.parallel.DistributedDataParallel.__doc__.split())
    sentence = (
        "This module doesn't work with :func:`torch.autograd.grad` (i.e. it will only work if "
        "gradients are to be accumulated in ``.grad`` attributes of parameters)."
    )
    assert sentence in doc
    with tempfile.TemporaryDirectory() as tmp:
        mp.start_processes(penalty_alone, args=(tmp,), nprocs=2, start_method="fork")
        seen = [torch.load(os.path.join(tmp, f"{r}.pt")) for r in range(2)]
    assert all(b_grad is None and message.startswith(UNFINISHED + ". ") for b_grad, message, _ in seen)
    # one bucket holding w (2 numbers), c and b, 4 bytes each
    one_bucket = str(sum(p.numel() * p.element_size() for p in Critic().parameters()))
    assert one_bucket == "16" and all(buckets == one_bucket for _, _, buckets in seen)
    rows = [slice(0, 1), slice(1, 2)]
    grad_x = [(t(*W) + C * x_hats(r)).float() for r in rows]
    local = [floats(wgan_gp(r)) for r in rows]
    mean = floats(wgan_gp())  # the mean of the two ranks' gradients is the whole batch's
    for name in "wcb":
        torch.testing.assert_close(mean[name], (local[0][name] + local[1][name]) / 2)
    penalties = [floats(gp_part(r)) for r in rows]
    stuck = [({"w": p["w"], "c": p["c"], "b": None}, UNFINISHED) for p in penalties]
    averaged = {name: (penalties[0][name] + penalties[1][name]) / 2 for name in "wc"}
    zero_term = [({**averaged, "b": torch.tensor(0.0)}, "ok")] * 2
    cpp = ["find_unused_parameters=True was specified in DDP constructor, but did not find any "
           "unused parameters in the forward pass"]
    expected = [
        sentence + "\n",
        "Writing gp_ddp.py\n",
        shown(list(zip(grad_x, local))),
        shown([mean, mean]),
        shown({"penalty only": stuck, "find_unused_parameters": stuck, "zero term": zero_term}),
        shown([one_bucket, one_bucket]),
        shown([([], cpp), ([], cpp)]),
    ]
    assert [squeezed(o) for o in outputs(part)] == [squeezed(e) for e in expected]
    sources = "".join(cell_sources(part))
    assert '"gloo"' in sources and 'init_method="file://"' in sources and "TemporaryDirectory" in sources
    assert "mp.spawn(" in sources and "%%writefile gp_ddp.py" in sources
    assert routes(part) == {"closed-form"}


def test_search_words(en):
    text = en.page(PAGE).select_one("article").get_text(" ")
    for word in ("WGAN-GP", "R1", "GradScaler", "autocast", "bfloat16", "DistributedDataParallel", "gloo"):
        assert word in text, word
