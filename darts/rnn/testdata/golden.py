"""Writes golden.json: outputs of the reference implementation (quark0/darts rnn/, kept outside this
repository) on tiny models with fixed weights, for TestForwardMatchesReference.

Usage: /usr/bin/python3 golden.py /path/to/darts/rnn > golden.json   (needs PyTorch)
"""
import json, sys, types
import torch
sys.path.insert(0, sys.argv[1])
torch.Tensor.cuda = lambda self, *a, **k: self        # the reference calls .cuda() unconditionally
import genotypes, model, model_search
# The reference's embedded_dropout calls a PyTorch internal that no longer exists; without dropout
# (eval mode, as here) it is a plain embedding lookup.
model.embedded_dropout = lambda embed, words, dropout=0.1, scale=None: torch.nn.functional.embedding(words, embed.weight)

torch.manual_seed(0)
V, H, T, B = 11, 4, 3, 2
tokens = torch.randint(0, V, (T, B))
hidden0 = torch.randn(1, B, H) * 0.5

def run(m):
    m.eval()
    with torch.no_grad():
        for p in m.parameters():
            p.uniform_(-0.5, 0.5)
        logp, hid = m(tokens, [hidden0])
    params = {n: p.detach().tolist() for n, p in m.named_parameters()}
    return params, logp.tolist(), hid[0][0].tolist()

out = {"vocab": V, "hidden": H, "tokens": tokens.tolist(), "hidden0": hidden0[0].tolist()}
m = model.RNNModel(V, H, H, H, 0, 0, 0, 0, 0, genotype=genotypes.DARTS)
out["derived"] = dict(zip(["params", "log_probs", "hidden"], run(m)))
ms = model_search.RNNModelSearch(V, H, H, H, 0, 0, 0, 0, 0)
with torch.no_grad():
    ms.weights.normal_(0, 1)
p, lp, h = run(ms)
out["search"] = {"params": p, "log_probs": lp, "hidden": h, "alphas": ms.weights.tolist()}
json.dump(out, sys.stdout)
