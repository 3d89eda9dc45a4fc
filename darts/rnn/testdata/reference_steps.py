"""Writes reference_steps.json: gradients and optimiser steps of the reference's recurrent DARTS
(quark0/darts rnn/, kept outside this repository) on tiny models, for the TestReference... tests
in reference_test.go.

Usage: /usr/bin/python3 reference_steps.py /path/to/darts/rnn > reference_steps.json   (needs PyTorch)

Every dropout is off; the models are in training mode (the search cell's batch norm uses batch
statistics), as train_search.py and train.py run them. Each case is computed twice: in float32,
as the reference runs, and in float64 (the same code on a double copy), so that the Go tests can
size their tolerances from the float32 rounding the reference itself carries ("f64" entries).
"""
import copy, json, sys
import torch
sys.path.insert(0, sys.argv[1])
torch.Tensor.cuda = lambda self, *a, **k: self        # the reference calls .cuda() unconditionally
torch.nn.Module.cuda = lambda self, *a, **k: self
import genotypes, model, model_search, architect

# A small search cell: the reference's STEPS and CONCAT are module constants (8, 8).
STEPS = 3
model.STEPS = model_search.STEPS = STEPS
model_search.CONCAT = STEPS
# The reference's embedded_dropout calls a PyTorch internal that no longer exists; with dropout 0
# (as here) it is a plain embedding lookup.
model.embedded_dropout = lambda embed, words, dropout=0.1, scale=None: torch.nn.functional.embedding(words, embed.weight)
# PyTorch 0.3's positional (scalar, tensor) forms of add_/sub_, which architect.py uses.
def _positional(f):
    return lambda self, a, b=None, **kw: f(self, b, alpha=a) if b is not None else f(self, a, **kw)
torch.Tensor.add_, torch.Tensor.sub_, torch.Tensor.sub = map(_positional, (torch.Tensor.add_, torch.Tensor.sub_, torch.Tensor.sub))

torch.manual_seed(0)
V, H, T, B = 11, 4, 5, 3
ARCH_LR, ARCH_WD, WD, CLIP, BETA = 3e-3, 1e-3, 5e-7, 0.25, 1e-3
LR = 2.0


def tolist(x):
    return x.detach().double().tolist()


def params_of(m):
    """The named parameters (the tied decoder weight appears once, as encoder.weight)."""
    out = {n: tolist(p) for n, p in m.named_parameters()}
    if hasattr(m, "weights"):
        out["alphas"] = tolist(m.weights)
    for n, b in m.named_buffers():
        if "running" in n:
            out[n] = tolist(b)
    return out


def to_double(m):
    """A float64 copy of m, α and ties included."""
    d = copy.deepcopy(m).double()
    if hasattr(m, "weights"):
        d.weights = m.weights.detach().double().clone().requires_grad_(True)
        d._arch_parameters = [d.weights]
        for rnn in d.rnns:
            rnn.weights = d.weights
        args = d._args
        def new(self=d):
            n = model_search.RNNModelSearch(*args).double()
            n.weights.data = self.weights.data.clone()
            n._arch_parameters = [n.weights]
            for rnn in n.rnns:
                rnn.weights = n.weights
            return n
        d.new = new
    return d


def batch(dtype):
    g = torch.Generator().manual_seed(1)
    toks = lambda: torch.randint(0, V, (T + 1, B), generator=g)
    tr, va = toks(), toks()
    h = (torch.rand(1, B, H, generator=g) - 0.5).to(dtype)
    hv = (torch.rand(1, B, H, generator=g) - 0.5).to(dtype)
    return tr[:-1], tr[1:].reshape(-1), va[:-1], va[1:].reshape(-1), h, hv


class Args:
    wdecay, clip, arch_lr, arch_wdecay = WD, CLIP, ARCH_LR, ARCH_WD


def paper_unrolled(self, theta):
    """The paper's virtual step: the tied embedding moves (encoder = decoder = the new weight)."""
    m = architect.Architect._construct_model_from_theta(self, theta)
    n = sum(p.numel() for p in self.model.encoder.parameters())
    with torch.no_grad():
        m.encoder.weight.copy_(theta[:n].view_as(m.encoder.weight))
    return m


def search_case(m, dtype):
    x, y, xv, yv, h, hv = batch(dtype)
    m.train()
    out = {}
    # Loss and every weight gradient (NLL on the training batch), and the first-order α gradient,
    # on a copy: training-mode forwards update the batch-norm running statistics, and the steps
    # below must start from m's.
    g = copy.deepcopy(m) if dtype == torch.float32 else to_double(m)
    loss, _ = g._loss([h], x, y)
    grads = torch.autograd.grad(loss, list(g.parameters()))
    out["loss"] = loss.item()
    out["grads"] = {n: tolist(gr) for (n, _), gr in zip(g.named_parameters(), grads)}
    vloss, _ = g._loss([hv], xv, yv)
    out["alpha_grad_1"] = tolist(torch.autograd.grad(vloss, g.arch_parameters())[0])
    # Second order, the reference's architect (and the paper's equation: the embedding moves); and
    # with clip 5, above the gradient's norm, where the architect scales the implicit term by its
    # unclamped clip coefficient 5/‖∇w‖ > 1.
    class Clip5(Args):
        clip = 5.0
    for key, unrolled, args in [("alpha_grad_2", None, Args), ("alpha_grad_2_paper", paper_unrolled, Args),
                                ("alpha_grad_2_clip5", None, Clip5)]:
        mm = copy.deepcopy(m) if dtype == torch.float32 else to_double(m)
        a = architect.Architect(mm, args)
        if unrolled is not None:
            a._construct_model_from_theta = lambda theta, a=a: unrolled(a, theta)
        a._backward_step_unrolled([h], x, y, [hv], xv, yv, LR)
        out[key] = tolist(mm.weights.grad)
    # One full search step of train_search.py, each order: the architect's step (Adam on α), then
    # the weight step: NLL + β·slowness, clip 0.25, SGD with weight decay; hidden states carried.
    for order in (1, 2):
        mm = copy.deepcopy(m) if dtype == torch.float32 else to_double(m)
        a = architect.Architect(mm, Args)
        opt = torch.optim.SGD(mm.parameters(), lr=LR, weight_decay=WD)
        hv_next, _ = a.step([h], x, y, [hv], xv, yv, opt, order == 2)
        opt.zero_grad()
        log_prob, h_next, rnn_hs, _ = mm(x, [h], return_h=True)
        raw = torch.nn.functional.nll_loss(log_prob.view(-1, V), y)
        total = raw + sum(BETA * (r[1:] - r[:-1]).pow(2).mean() for r in rnn_hs[-1:])
        total.backward()
        norm = torch.nn.utils.clip_grad_norm_(mm.parameters(), CLIP)
        opt.step()
        out["step%d" % order] = {"params": params_of(mm), "train_loss": raw.item(), "grad_norm": norm.item(),
                                 "hidden": tolist(h_next[0][0]), "val_hidden": tolist(hv_next[0][0])}
    return out


def eval_case(m, dtype, bptt):
    """train.py's step: NLL + β·slowness (its α, activation regularisation, is 0), clip 0.25, SGD
    (weight decay 8e-7) at lr 20 scaled by seq_len/bptt."""
    x, y, _, _, h, _ = batch(dtype)
    m.train()
    opt = torch.optim.SGD(m.parameters(), lr=20 * T / bptt, weight_decay=8e-7)
    log_prob, h_next, rnn_hs, _ = m(x, [h], return_h=True)
    raw = torch.nn.functional.nll_loss(log_prob.view(-1, V), y)
    total = raw + sum(BETA * (r[1:] - r[:-1]).pow(2).mean() for r in rnn_hs[-1:])
    total.backward()
    grads = {n: tolist(p.grad) for n, p in m.named_parameters()}
    norm = torch.nn.utils.clip_grad_norm_(m.parameters(), 0.25)
    opt.step()
    return {"loss": raw.item(), "grads": grads, "grad_norm": norm.item(), "params": params_of(m), "hidden": tolist(h_next[0][0])}


def asgd_case(m, dtype, bptt, lens):
    """Averaged SGD as train.py runs it after its switch: torch.optim.ASGD(t0=0, lambd=0), the lr
    set to 20·len/bptt before each step and back to 20 after it, hidden states carried."""
    x, y, _, _, h, _ = batch(dtype)
    m.train()
    opt = torch.optim.ASGD(m.parameters(), lr=20, t0=0, lambd=0., weight_decay=8e-7)
    hidden = [h]
    for n in lens:
        opt.param_groups[0]['lr'] = 20 * n / bptt
        opt.zero_grad()
        log_prob, hidden, rnn_hs, _ = m(x, hidden, return_h=True)
        hidden = [v.detach() for v in hidden]
        raw = torch.nn.functional.nll_loss(log_prob.view(-1, V), y)
        (raw + sum(BETA * (r[1:] - r[:-1]).pow(2).mean() for r in rnn_hs[-1:])).backward()
        torch.nn.utils.clip_grad_norm_(m.parameters(), 0.25)
        opt.step()
        opt.param_groups[0]['lr'] = 20
    return {"params": params_of(m), "averages": {n: tolist(opt.state[p]['ax']) for n, p in m.named_parameters()},
            "hidden": tolist(hidden[0][0])}


def init(m, scale):
    with torch.no_grad():
        for p in m.parameters():
            p.uniform_(-scale, scale)


x, y, xv, yv, h, hv = batch(torch.float32)
res = {"vocab": V, "hidden": H, "steps": STEPS, "lr": LR, "tokens": x.tolist(), "targets": y.view(T, B).tolist(),
       "val_tokens": xv.tolist(), "val_targets": yv.view(T, B).tolist(), "hidden0": h[0].tolist(), "val_hidden0": hv[0].tolist()}

ms = model_search.RNNModelSearch(V, H, H, H, 0, 0, 0, 0, 0)
init(ms, 0.5)
with torch.no_grad():
    ms.weights.normal_(0, 1)
res["search_init"] = params_of(ms)
res["search"] = search_case(ms, torch.float32)
res["search_f64"] = search_case(to_double(ms), torch.float64)

# The reference's unrolled model keeps the old embedding: checked here, not assumed.
a = architect.Architect(copy.deepcopy(ms), Args)
um, _ = a._compute_unrolled_model([h], x, y, LR)
assert torch.equal(um.encoder.weight, ms.encoder.weight) and um.decoder.weight is um.encoder.weight
assert not torch.equal(um.rnns[0]._W0, ms.rnns[0]._W0)

BPTT = 7  # the window (T = 5) is shorter than BPTT: lr 20·5/7
me = model.RNNModel(V, H, H, H, 0, 0, 0, 0, 0, genotype=genotypes.DARTS)
init(me, 0.5)
res["eval_bptt"] = BPTT
res["eval_init"] = params_of(me)
res["eval"] = eval_case(copy.deepcopy(me), torch.float32, BPTT)
res["eval_f64"] = eval_case(to_double(me), torch.float64, BPTT)
# Three ASGD steps at lr 20·(5, 3, 6)/7: PyTorch's ASGD steps with the previous step's lr (its eta)
# and averages from the second step on.
res["asgd_lens"] = [5, 3, 6]
res["asgd"] = asgd_case(copy.deepcopy(me), torch.float32, BPTT, res["asgd_lens"])
res["asgd_f64"] = asgd_case(to_double(me), torch.float64, BPTT, res["asgd_lens"])
json.dump(res, sys.stdout)
