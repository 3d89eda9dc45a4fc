"""Time the reference PC-DARTS CNN search step (yuhuixu1993/PC-DARTS model_search.py and
architect.py, unmodified) on CPU.

One step = the body of PC-DARTS's train_search.py train() loop after its warm-up epochs:
architect.step (first order, as the paper: Adam lr 6e-4 on α and β), then the SGD step (lr 0.1,
momentum 0.9, weight decay 3e-4) with gradient-norm clip 5. The reference's MixedOp fixes K=4, so
--init_channels must be a multiple of 4. Random 32x32 batches. The reference code is not part of
this repository: pass its folder with --ref.

    /usr/bin/python3 docker/peer_pcdarts_step.py --ref /path/to/PC-DARTS [--layers 8 --init_channels 16 --batch_size 256]

Prints median_ms_per_step=... and peak_rss_mb=... last, as ../shared/tools/peer_*_step.py.
"""
import argparse, resource, statistics, sys, time, warnings
warnings.filterwarnings('ignore')
p = argparse.ArgumentParser()
p.add_argument('--ref', required=True, help='path to the reference PC-DARTS folder (model_search.py, architect.py)')
p.add_argument('--layers', type=int, default=8)
p.add_argument('--init_channels', type=int, default=16)
p.add_argument('--batch_size', type=int, default=256)
p.add_argument('--steps', type=int, default=3)
p.add_argument('--warmup', type=int, default=1)
p.add_argument('--threads', type=int, default=2)
a = p.parse_args()
if a.init_channels % 4:
    sys.exit('--init_channels %d: the reference runs every mixed op on C//4 channels; want a multiple of 4' % a.init_channels)
import torch, torch.nn as nn
torch.Tensor.cuda = lambda self, *x, **k: self  # the reference calls .cuda() unconditionally
torch.nn.Module.cuda = lambda self, *x, **k: self
torch.set_num_threads(a.threads)
sys.path.insert(0, a.ref)
from model_search import Network
from architect import Architect

torch.manual_seed(2)
# PC-DARTS's train_search.py defaults.
hp = argparse.Namespace(momentum=0.9, weight_decay=3e-4, arch_learning_rate=6e-4, arch_weight_decay=1e-3)
lr, clip = 0.1, 5.0
crit = nn.CrossEntropyLoss()
model = Network(a.init_channels, 10, a.layers, crit)
opt = torch.optim.SGD(model.parameters(), lr, momentum=hp.momentum, weight_decay=hp.weight_decay)
arch = Architect(model, hp)
B = a.batch_size
pool = [(torch.randn(B, 3, 32, 32), torch.randint(0, 10, (B,))) for _ in range(4)]
times = []
for step in range(a.warmup + a.steps):
    model.train()
    (x, y), (xv, yv) = pool[(2 * step) % 4], pool[(2 * step + 1) % 4]
    t0 = time.perf_counter()
    arch.step(x, y, xv, yv, lr, opt, unrolled=False)
    opt.zero_grad()
    loss = crit(model(x), y)
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), clip)
    opt.step()
    dt = time.perf_counter() - t0
    if step >= a.warmup:
        times.append(dt)
print('peak_rss_mb=%.0f' % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0))
print('median_ms_per_step=%.1f' % (1e3 * statistics.median(times)))
