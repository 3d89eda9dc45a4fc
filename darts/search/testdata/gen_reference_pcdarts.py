#!/usr/bin/python3
"""Writes reference_pcdarts.json.gz: what the reference PC-DARTS search (yuhuixu1993/PC-DARTS,
model_search.py, architect.py and train_search.py; kept outside this repository, never committed)
computes on a tiny search network, for the TestReferencePCDARTS... tests.

Usage (Debian's python3-torch; the pyenv python3 has no torch):
  /usr/bin/python3 darts/search/testdata/gen_reference_pcdarts.py /work/ref/pcdarts darts/search/testdata/reference_pcdarts.json.gz

The network: 3 cells (normal, reduction, reduction after a reduction), C=4, because the reference's
MixedOp fixes K=4 (self.k = 4) and its ops run on C//4 channels: 1, 2 and 4 in the three cells
(14,006 weights). 8x8 RGB images, batches of 4, 10 classes. α and β are drawn of order 1 (the
reference's 1e-3 would make every op and edge weigh the same), so that op weights, edge weights
and the genotype depend on them. Tensors and floats are stored as in gen_reference.py (PyTorch
names, shapes and layouts; float32's shortest representation).

Sections:
  init      state_dict (weights, batch-norm buffers), α and β before anything runs
  forward   train-mode loss and logits on the training batch, and the gradient of every weight
  arch1     first-order gradient of α and β (Architect._backward_step on the validation batch)
            and the running statistics after it
  steps     train_search.py's train() loop body twice: a warm-up step (epoch 0 < 15: no
            architect.step) at epoch 0's learning rate, then a full step (epoch 15: architect.step,
            first order as the paper, then the SGD step with clip 5) at epoch 15's; after each:
            loss, gradient norm, α, β, weights, momentum buffers, Adam state, running statistics
  genotype  model.genotype() at init (op weight softmax(α) times edge weight softmax(β) per node),
            and with β zeroed (every edge of a node weighs the same: the ranking of softmax(α) alone)
"""
import argparse, json, math, sys, warnings
warnings.filterwarnings('ignore')
p = argparse.ArgumentParser()
p.add_argument('ref', help='the reference PC-DARTS folder (yuhuixu1993/PC-DARTS)')
p.add_argument('out', help='output file (.json.gz)')
args = p.parse_args()

from fixture_json import write_fixture
import torch, torch.nn as nn
torch.Tensor.cuda = lambda self, *a, **k: self  # the reference calls .cuda() unconditionally
torch.nn.Module.cuda = lambda self, *a, **k: self
sys.path.insert(0, args.ref)
from model_search import Network
from architect import Architect

torch.set_num_threads(1)
torch.manual_seed(0)
C, LAYERS, CLASSES, B, HW, K = 4, 3, 10, 4, 8, 4
# train_search.py's defaults.
hp = argparse.Namespace(momentum=0.9, weight_decay=3e-4, arch_learning_rate=6e-4, arch_weight_decay=1e-3)
GRAD_CLIP, EPOCHS, LR0, LR_MIN, WARMUP = 5.0, 50, 0.1, 0.0, 15


def lr_of(epoch):
    """train_search.py's learning rate in epoch (from 0): CosineAnnealingLR stepped before each epoch."""
    return LR_MIN + 0.5 * (LR0 - LR_MIN) * (1 + math.cos(math.pi * (epoch + 1) / EPOCHS))


crit = nn.CrossEntropyLoss()
model = Network(C, CLASSES, LAYERS, crit)
assert all(m.k == K for n, m in model.named_modules() if type(m).__name__ == 'MixedOp')
with torch.no_grad():
    for a in model.arch_parameters():  # alphas_normal, alphas_reduce, betas_normal, betas_reduce
        a.normal_(0, 0.5)
ARCH_NAMES = ['alphas_normal', 'alphas_reduce', 'betas_normal', 'betas_reduce']
batches = [(torch.randn(B, 3, HW, HW), torch.randint(0, CLASSES, (B,))) for _ in range(4)]
(xt0, yt0), (xv0, yv0), (xt1, yt1), (xv1, yv1) = batches
init_state = {k: v.clone() for k, v in model.state_dict().items()}
init_arch = [a.detach().clone() for a in model.arch_parameters()]
param_names = [n for n, _ in model.named_parameters()]


def reset():
    model.load_state_dict(init_state)
    with torch.no_grad():
        for a, a0 in zip(model.arch_parameters(), init_arch):
            a.copy_(a0)
            a.grad = None
    for q in model.parameters():
        q.grad = None
    model.train()


def arch():
    return dict(zip(ARCH_NAMES, model.arch_parameters()))


def running():
    return {n: b.clone() for n, b in model.named_buffers() if 'running' in n}


def labels(y):
    return [int(v) for v in y]


out = {'config': {'C': C, 'layers': LAYERS, 'classes': CLASSES, 'batch': B, 'hw': HW, 'k': K,
                  'lr': [lr_of(0), lr_of(WARMUP)], 'epochs': [0, WARMUP], 'warmup': WARMUP,
                  'epochs_total': EPOCHS, 'lr_max': LR0, 'lr_min': LR_MIN,
                  'momentum': hp.momentum, 'weight_decay': hp.weight_decay,
                  'arch_lr': hp.arch_learning_rate, 'arch_weight_decay': hp.arch_weight_decay,
                  'grad_clip': GRAD_CLIP, 'torch': torch.__version__},
       'batches': {'x_train0': xt0, 'x_val0': xv0, 'x_train1': xt1, 'x_val1': xv1},
       'labels': {'y_train0': labels(yt0), 'y_val0': labels(yv0), 'y_train1': labels(yt1), 'y_val1': labels(yv1)},
       'init': {**init_state, **dict(zip(ARCH_NAMES, init_arch))}}

# forward: loss, logits and every weight gradient on the training batch (train mode).
reset()
logits = model(xt0)
loss = crit(logits, yt0)
grads = torch.autograd.grad(loss, list(model.parameters()))
out['forward'] = {'loss': float(loss), 'logits': logits, 'grads': dict(zip(param_names, grads))}

# arch1: first-order gradient of α and β.
reset()
architect = Architect(model, hp)
architect.optimizer.zero_grad()
architect._backward_step(xv0, yv0)
out['arch1'] = {'grads': {n: a.grad.clone() for n, a in arch().items()}, 'running': running()}

# steps: train_search.py's train() loop body in epoch 0 (warm-up) and in epoch 15.
reset()
opt = torch.optim.SGD(model.parameters(), LR0, momentum=hp.momentum, weight_decay=hp.weight_decay)
architect = Architect(model, hp)
steps = []
for epoch, (x, y), (xv, yv) in [(0, (xt0, yt0), (xv0, yv0)), (WARMUP, (xt1, yt1), (xv1, yv1))]:
    lr = lr_of(epoch)
    for g in opt.param_groups:  # what the scheduler sets
        g['lr'] = lr
    model.train()
    if epoch >= WARMUP:
        architect.step(x, y, xv, yv, lr, opt, unrolled=False)
    opt.zero_grad()
    logits = model(x)
    loss = crit(logits, y)
    loss.backward()
    norm = nn.utils.clip_grad_norm_(model.parameters(), GRAD_CLIP)
    opt.step()
    adam = {}
    for n, a in arch().items():
        s = architect.optimizer.state[a]
        if s:
            adam[n + '.exp_avg'] = s['exp_avg'].clone()
            adam[n + '.exp_avg_sq'] = s['exp_avg_sq'].clone()
    steps.append({'loss': float(loss), 'grad_norm': float(norm),
                  'alphas': {n: a.detach().clone() for n, a in arch().items()},
                  'running': running(),
                  'weights': {n: q.detach().clone() for n, q in model.named_parameters()},
                  'momentum': {n: opt.state[q]['momentum_buffer'].clone() for n, q in model.named_parameters()},
                  'adam': adam})
out['steps'] = steps


def genotype():
    g = model.genotype()
    return {'normal': [[op, j] for op, j in g.normal], 'reduce': [[op, j] for op, j in g.reduce]}


reset()
out['genotype'] = genotype()
with torch.no_grad():
    model.betas_normal.zero_()
    model.betas_reduce.zero_()
out['genotype_alpha_only'] = genotype()
reset()


write_fixture(args.out, out)
print('wrote', args.out, 'genotype', out['genotype'], 'alpha only', out['genotype_alpha_only'],
      'grad norms', [s['grad_norm'] for s in steps], file=sys.stderr)
