#!/usr/bin/python3
"""Writes reference.json.gz: what the reference DARTS CNN search (quark0/darts cnn/, kept outside this
repository, never committed) computes on a tiny search network, for the TestReference... tests.

Usage (Debian's python3-torch; the pyenv python3 has no torch):
  /usr/bin/python3 darts/search/testdata/gen_reference.py /work/ref/darts/cnn darts/search/testdata/reference.json.gz

The network: 3 cells (normal, reduction, reduction after a reduction: every preprocessing path),
C=1 (so 1, 2 and 4 channels in the three cells, 12,245 weights: the fixture stays under 1 MB), 8x8 RGB images, batches of 4, 10 classes. Tensors are stored flat with their PyTorch name,
shape and layout (NCHW / OIHW / [out, in]); the Go test maps names and layouts to ours. Floats are
written with float32's shortest representation, so Go reads back the exact float32 values.

Sections:
  init        state_dict (weights, batch-norm buffers) and α before anything runs
  forward     train-mode loss and logits on the training batch, and the gradient of every weight
  arch1       first-order α gradient (Architect._backward_step on the validation batch) and the
              running statistics after it
  arch2       second-order α gradient (Architect._backward_step_unrolled, eta = eta_arch, weight
              decay arch2_weight_decay) with momentum buffers preset to momentum_init, and the
              running statistics after it
  steps1/2    two full search steps of train_search.py's train() (architect.step, then the SGD
              step with clip 5), first and second order: α, weights, momentum buffers, Adam state
              and running statistics after each step
"""
import argparse, json, math, sys, warnings
warnings.filterwarnings('ignore')
p = argparse.ArgumentParser()
p.add_argument('ref', help='the reference cnn/ folder (quark0/darts)')
p.add_argument('out', help='output file (.json.gz)')
args = p.parse_args()

import numpy as np
from fixture_json import write_fixture
import torch, torch.nn as nn
torch.Tensor.cuda = lambda self, *a, **k: self  # the reference calls .cuda() unconditionally
torch.nn.Module.cuda = lambda self, *a, **k: self
sys.path.insert(0, args.ref)
from model_search import Network
from architect import Architect

torch.set_num_threads(1)
torch.manual_seed(0)
C, LAYERS, CLASSES, B, HW = 1, 3, 10, 4, 8
hp = argparse.Namespace(momentum=0.9, weight_decay=3e-4, arch_learning_rate=3e-4, arch_weight_decay=1e-3)
GRAD_CLIP = 3.0  # train_search.py --grad_clip 3 (default 5): both steps here clip at 3, none would at 5
# Epoch 0's learning rate in train_search.py: CosineAnnealingLR(T_max=50, eta_min=0.001) stepped once
# before the first epoch, i.e. eta(1).
LR = 0.001 + 0.5 * (0.025 - 0.001) * (1 + math.cos(math.pi * 1 / 50))
ETA_ARCH = LR  # the arch2 section: ξ = the weight learning rate, as train_search.py passes it
# The arch2 section's weight decay inside the virtual step: 100× the paper's 3e-4, whose share of
# the virtual step (3e-4·w against gradients of order 0.1) would be below float32 noise in α's gradient.
ARCH2_WEIGHT_DECAY = 0.03

crit = nn.CrossEntropyLoss()
model = Network(C, CLASSES, LAYERS, crit)
with torch.no_grad():
    # α of order 1 rather than 1e-3, so that the softmax weights differ between ops and edges.
    model.alphas_normal.normal_(0, 0.5)
    model.alphas_reduce.normal_(0, 0.5)
batches = [(torch.randn(B, 3, HW, HW), torch.randint(0, CLASSES, (B,))) for _ in range(4)]
(xt0, yt0), (xv0, yv0), (xt1, yt1), (xv1, yv1) = batches
init_state = {k: v.clone() for k, v in model.state_dict().items()}
init_alphas = [a.detach().clone() for a in model.arch_parameters()]
param_names = [n for n, _ in model.named_parameters()]
buffer_names = [n for n, _ in model.named_buffers() if 'running' in n]


def reset():
    model.load_state_dict(init_state)
    with torch.no_grad():
        for a, a0 in zip(model.arch_parameters(), init_alphas):
            a.copy_(a0)
            a.grad = None
    for q in model.parameters():
        q.grad = None
    model.train()


def alphas():
    return {'alphas_normal': model.alphas_normal, 'alphas_reduce': model.alphas_reduce}


def running():
    return {n: b.clone() for n, b in model.named_buffers() if 'running' in n}


def weights():
    return dict(model.named_parameters())


def labels(y):
    return [int(v) for v in y]


out = {'config': {'C': C, 'layers': LAYERS, 'classes': CLASSES, 'batch': B, 'hw': HW, 'lr': LR,
                  'eta_arch': ETA_ARCH, 'arch2_weight_decay': ARCH2_WEIGHT_DECAY, 'momentum': hp.momentum, 'weight_decay': hp.weight_decay,
                  'arch_lr': hp.arch_learning_rate, 'arch_weight_decay': hp.arch_weight_decay,
                  'grad_clip': GRAD_CLIP, 'torch': torch.__version__},
       'batches': {'x_train0': xt0, 'x_val0': xv0, 'x_train1': xt1, 'x_val1': xv1},
       'labels': {'y_train0': labels(yt0), 'y_val0': labels(yv0), 'y_train1': labels(yt1), 'y_val1': labels(yv1)},
       'init': {**init_state, **dict(zip(['alphas_normal', 'alphas_reduce'], init_alphas))}}

# forward: loss, logits and every weight gradient on the training batch (train mode).
reset()
logits = model(xt0)
loss = crit(logits, yt0)
grads = torch.autograd.grad(loss, list(model.parameters()))
out['forward'] = {'loss': float(loss), 'logits': logits, 'grads': dict(zip(param_names, grads))}

# arch1: first-order α gradient.
reset()
arch = Architect(model, hp)
opt = torch.optim.SGD(model.parameters(), LR, momentum=hp.momentum, weight_decay=hp.weight_decay)
arch.optimizer.zero_grad()
arch._backward_step(xv0, yv0)
out['arch1'] = {'grads': {n: a.grad.clone() for n, a in alphas().items()}, 'running': running()}

def momentum_init(q):
    """The preset momentum buffer of a weight: 0.01·sin(i) over its flat PyTorch-layout index i (the
    Go test computes the same, rather than storing another copy of every weight)."""
    return torch.from_numpy((0.01 * np.sin(np.arange(q.numel(), dtype=np.float64))).astype(np.float32)).view(q.shape)


# arch2: second-order α gradient, from an optimizer whose momentum buffers are set.
reset()
arch = Architect(model, argparse.Namespace(**{**vars(hp), 'weight_decay': ARCH2_WEIGHT_DECAY}))
opt = torch.optim.SGD(model.parameters(), LR, momentum=hp.momentum, weight_decay=ARCH2_WEIGHT_DECAY)
for n, q in model.named_parameters():
    opt.state[q]['momentum_buffer'] = momentum_init(q)
arch.optimizer.zero_grad()
arch._backward_step_unrolled(xt0, yt0, xv0, yv0, ETA_ARCH, opt)
out['arch2'] = {'grads': {n: a.grad.clone() for n, a in alphas().items()},
                'running': running()}


# steps: train_search.py's train() loop body, twice.
def two_steps(unrolled):
    reset()
    opt = torch.optim.SGD(model.parameters(), LR, momentum=hp.momentum, weight_decay=hp.weight_decay)
    arch = Architect(model, hp)
    rec = []
    for (x, y), (xv, yv) in [((xt0, yt0), (xv0, yv0)), ((xt1, yt1), (xv1, yv1))]:
        model.train()
        arch.step(x, y, xv, yv, LR, opt, unrolled=unrolled)
        opt.zero_grad()
        logits = model(x)
        loss = crit(logits, y)
        loss.backward()
        norm = nn.utils.clip_grad_norm_(model.parameters(), GRAD_CLIP)
        opt.step()
        r = {'loss': float(loss), 'grad_norm': float(norm), 'alphas': {n: a.detach().clone() for n, a in alphas().items()},
             'running': {n: b.clone() for n, b in running().items()},
             'weights': {n: q.detach().clone() for n, q in weights().items()},
             'momentum': {n: opt.state[q]['momentum_buffer'].clone() for n, q in model.named_parameters()}}
        a_state = {}
        for n, a in alphas().items():
            s = arch.optimizer.state[a]
            a_state[n + '.exp_avg'] = s['exp_avg'].clone()
            a_state[n + '.exp_avg_sq'] = s['exp_avg_sq'].clone()
        r['adam'] = a_state
        rec.append(r)
    return rec


out['steps1'] = two_steps(False)
out['steps2'] = two_steps(True)


write_fixture(args.out, out)
print('wrote', args.out, file=sys.stderr)
