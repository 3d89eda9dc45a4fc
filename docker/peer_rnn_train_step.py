"""Time the reference PTB evaluation-model training step (quark0/darts rnn/model.py, unmodified) on CPU.

One step = the body of rnn/train.py's train() loop for one window (batch_size == small_batch_size,
the default): forward with every dropout on (dropoute 0.1 included), NLL + beta * slowness,
backward, gc.collect() (train.py calls it after each backward; --no_gc leaves it out), gradient clip 0.25, SGD at lr 20
with weight decay 8e-7. Random tokens, fixed window length --bptt (train.py draws it around 35).
The reference code is not part of this repository: pass its rnn/ folder with --ref.

    /usr/bin/python3 docker/peer_rnn_train_step.py --ref /path/to/darts/rnn [--hidden 850 --batch 64]

Prints median_ms_per_step=... and peak_rss_mb=... last, as ../shared/tools/peer_*_step.py.
"""
import argparse, gc, resource, statistics, sys, time, warnings
warnings.filterwarnings('ignore')
p = argparse.ArgumentParser()
p.add_argument('--ref', required=True, help='path to the reference rnn/ folder')
p.add_argument('--arch', default='DARTS')
p.add_argument('--vocab', type=int, default=10000)
p.add_argument('--hidden', type=int, default=850, help='emsize = nhid = nhidlast (train.py: 850)')
p.add_argument('--batch', type=int, default=64)
p.add_argument('--bptt', type=int, default=35)
p.add_argument('--steps', type=int, default=3)
p.add_argument('--warmup', type=int, default=1)
p.add_argument('--threads', type=int, default=2)
p.add_argument('--no_gc', action='store_true', help="leave out train.py's gc.collect() (tens of ms per step)")
a = p.parse_args()
import torch, torch.nn as nn, torch.nn.functional as F
torch.Tensor.cuda = lambda self, *x, **k: self
torch.nn.Module.cuda = lambda self, *x, **k: self
torch.set_num_threads(a.threads)
sys.path.insert(0, a.ref)
import model as rmodel, genotypes


def embedded_dropout(embed, words, dropout=0.1, scale=None):
    """utils.embedded_dropout without the PyTorch 0.3 internal it calls (embed._backend): the
    same whole-word mask on the embedding matrix, then a plain lookup."""
    w = embed.weight
    if dropout:
        w = w.new_empty((w.size(0), 1)).bernoulli_(1 - dropout).expand_as(w) / (1 - dropout) * w
    if scale:
        w = scale.expand_as(w) * w
    return F.embedding(words, w, embed.padding_idx, embed.max_norm, embed.norm_type, embed.scale_grad_by_freq, embed.sparse)


rmodel.embedded_dropout = embedded_dropout
torch.manual_seed(1267)
h = a.hidden
# train.py's defaults: dropout 0.75, dropouth 0.25, dropoutx 0.75, dropouti 0.2, dropoute 0.1.
m = rmodel.RNNModel(a.vocab, h, h, h, 0.75, 0.25, 0.75, 0.2, 0.1, cell_cls=rmodel.DARTSCell,
                    genotype=getattr(genotypes, a.arch))
opt = torch.optim.SGD(m.parameters(), lr=20, weight_decay=8e-7)
clip, beta = 0.25, 1e-3
tok = lambda: torch.randint(0, a.vocab, (a.bptt, a.batch))
hidden = m.init_hidden(a.batch)
times = []
for i in range(a.warmup + a.steps):
    x, y = tok(), tok()
    t0 = time.time()
    m.train()
    opt.zero_grad()
    hidden = [t.detach() for t in hidden]
    log_prob, hidden, rnn_hs, _ = m(x, hidden, return_h=True)
    raw_loss = F.nll_loss(log_prob.view(-1, log_prob.size(2)), y.reshape(-1))
    loss = raw_loss + sum(beta * (rnn_h[1:] - rnn_h[:-1]).pow(2).mean() for rnn_h in rnn_hs[-1:])
    loss.backward()
    tg = time.time()
    if not a.no_gc:
        gc.collect()
    tg = (time.time() - tg) * 1000
    nn.utils.clip_grad_norm_(m.parameters(), clip)
    opt.step()
    dt = (time.time() - t0) * 1000
    print('step %d: %.1f ms (gc.collect %.1f ms) loss %.4f' % (i, dt, tg, raw_loss.item()), flush=True)
    if i >= a.warmup:
        times.append(dt)
print('peak_rss_mb=%.0f' % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
print('median_ms_per_step=%.1f' % statistics.median(times))
