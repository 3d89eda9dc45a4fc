"""Writes the fixtures of TestReference* (darts/train/reference_test.go): one training step of the
reference's evaluation networks (quark0/darts cnn/model.py, kept outside this repository), tiny
CIFAR-10 and ImageNet NetworkCIFAR / NetworkImageNet with DARTS_V2 and the auxiliary head at
weight 0.4, in train mode, with drop path off and on.

Usage: /usr/bin/python3 gen_reference.py /path/to/darts/cnn OUTDIR   (needs PyTorch; run on CPU)

For each network it writes reference_<kind>.json (settings, variable list, and for each variant
the offsets of its float32 arrays) and reference_<kind>.bin (those arrays, little-endian).
Everything is in our layout and names: NHWC images, HWIO kernels, [in, out] linear weights,
context scopes such as /cell0/op0/sep_conv_3x3/dw_1/weights.

Nothing random is stored that the Go test cannot rebuild: the images and the initial weights are
sin formulas of the flat index in our layout (see formula below; reference_test.go has the same),
so only the reference's outputs take space. The auxiliary head's 2x2 conv has 128x768x4 weights
whatever the network's size; its gradient is stored factored, as the reference computes it:
dW[kh,kw,i,o] = sum_n V[n,o] A[n,kh,kw,i] with V = dL/d(conv output) [N,768] (1x1 output) and A the
conv's input [N,2,2,128]; its weights after the step are (1 - lr wd) W - lr c dW with c the clip
coefficient. The script checks both against PyTorch's own tensors before writing them.
"""
import json, math, os, sys
import numpy as np
import torch

sys.path.insert(0, sys.argv[1])
OUT = sys.argv[2]
torch.Tensor.cuda = lambda self, *a, **k: self  # the reference calls .cuda() unconditionally
torch.nn.Module.cuda = lambda self, *a, **k: self
# The reference's utils.py imports torchvision for its data transforms, which this script never uses
# (and Debian's PyTorch comes without it): empty stand-ins let it load.
import types  # noqa: E402
for _m in ('torchvision', 'torchvision.transforms', 'torchvision.datasets'):
    sys.modules.setdefault(_m, types.ModuleType(_m))
sys.modules['torchvision'].transforms = sys.modules['torchvision.transforms']
sys.modules['torchvision'].datasets = sys.modules['torchvision.datasets']
import genotypes, model  # noqa: E402  (the reference's)

torch.set_default_dtype(torch.float32)
MASKS = []
GEN = torch.Generator().manual_seed(5)


def drop_path(x, drop_prob):
    """The reference's utils.drop_path (in place, Bernoulli(keep) per example), drawing on the CPU
    and recording each mask, in the order the network draws them."""
    if drop_prob > 0.:
        keep_prob = 1. - drop_prob
        mask = torch.bernoulli(torch.full((x.size(0), 1, 1, 1), keep_prob), generator=GEN)
        MASKS.append(mask.flatten().tolist())
        x.div_(keep_prob)
        x.mul_(mask)
    return x


model.drop_path = drop_path


def formula(n, j, offset, scale):
    """Initial value i of variable j (and the images, j = -1): offset + scale sin(1.37 i + 0.61 j + 0.3)."""
    i = np.arange(n, dtype=np.float64)
    return (offset + scale * np.sin(1.37 * i + 0.61 * j + 0.3)).astype(np.float32)


def images(n, h, w):
    i = np.arange(n * h * w * 3, dtype=np.float64)
    return (np.sin(0.37 * i + 0.5) + 0.5 * np.sin(0.051 * i + 1.0)).astype(np.float32).reshape(n, h, w, 3)


def to_ours(t):
    """A PyTorch parameter's layout to ours: OIHW -> HWIO, Linear [out, in] -> [in, out]."""
    t = t.detach()
    if t.dim() == 4:
        return t.permute(2, 3, 1, 0).contiguous()
    if t.dim() == 2:
        return t.t().contiguous()
    return t


def from_ours(a, dims, like):
    """Our flat array with our dims to the layout of the PyTorch tensor like."""
    t = torch.from_numpy(a.reshape(dims))
    if like.dim() == 4:
        return t.permute(3, 2, 0, 1).contiguous()
    if like.dim() == 2:
        return t.t().contiguous()
    return t


SEP = {'1': 'dw_1', '2': 'pw_1', '3': 'bn_1/batchnorm', '5': 'dw_2', '6': 'pw_2', '7': 'bn_2/batchnorm'}
DIL = {'1': 'dw', '2': 'pw', '3': 'batchnorm'}
FR = {'conv_1': 'conv_1', 'conv_2': 'conv_2', 'bn': 'batchnorm'}
STEMS = {'stem.0': 'stem/conv', 'stem.1': 'stem/batchnorm',
         'stem0.0': 'stem0/conv1', 'stem0.1': 'stem0/bn1/batchnorm', 'stem0.3': 'stem0/conv2',
         'stem0.4': 'stem0/bn2/batchnorm', 'stem1.1': 'stem1/conv', 'stem1.2': 'stem1/batchnorm',
         'auxiliary_head.features.2': 'auxiliary_head/conv1', 'auxiliary_head.features.3': 'auxiliary_head/bn1/batchnorm',
         'auxiliary_head.features.5': 'auxiliary_head/conv2', 'auxiliary_head.features.6': 'auxiliary_head/bn2/batchnorm',
         'auxiliary_head.classifier': 'auxiliary_head/classifier', 'classifier': 'classifier'}


def our_name(net, genotype, tname):
    """Our context scope and name of the reference's parameter or buffer tname."""
    mod_path, leaf = tname.rsplit('.', 1)
    parts = mod_path.split('.')
    if parts[0] == 'cells':
        i = int(parts[1])
        reduction = i in (net._layers // 3, 2 * net._layers // 3)
        if parts[2].startswith('preprocess'):
            sub = parts[3:]
            scope = 'cell%s/%s/%s' % (parts[1], parts[2], {'1': 'conv', '2': 'batchnorm'}[sub[1]] if sub[0] == 'op' else FR[sub[0]])
        else:
            k = int(parts[3])
            edges = genotype.reduce if reduction else genotype.normal
            op = edges[k][0]
            sub = parts[4:]
            if op.startswith('sep_conv'):
                inner = SEP[sub[1]]
            elif op.startswith('dil_conv'):
                inner = DIL[sub[1]]
            else:  # skip_connect with stride 2: FactorizedReduce
                inner = FR[sub[0]]
            scope = 'cell%s/op%d/%s/%s' % (parts[1], k, op, inner)
    else:
        scope = STEMS[mod_path]
    if scope.endswith('batchnorm'):
        name = {'weight': 'gamma', 'bias': 'beta'}.get(leaf, leaf)
    elif 'classifier' in scope:
        name = {'weight': 'weights', 'bias': 'biases'}[leaf]
    else:
        name = {'weight': 'weights'}[leaf]
    return '/' + scope + '/' + name


def init_kind(name, dims):
    """(offset, scale) of a variable's formula: around PyTorch's default scales."""
    if name.endswith('/gamma'):
        return 1.0, 0.2
    if name.endswith('/beta') or name.endswith('/biases'):
        return 0.0, 0.1
    fan_in = int(np.prod(dims[:-1]))
    return 0.0, 1.0 / math.sqrt(fan_in)


def smooth_ce(logits, target, eps, k):
    """CrossEntropyLabelSmooth of the reference's train_imagenet.py (eps = 0: nn.CrossEntropyLoss)."""
    log_probs = torch.log_softmax(logits, dim=1)
    t = torch.zeros_like(log_probs).scatter_(1, target.unsqueeze(1), 1)
    t = (1 - eps) * t + eps / k
    return (-t * log_probs).mean(0).sum()


class Writer:
    def __init__(self):
        self.buf = bytearray()

    def add(self, a):
        a = np.ascontiguousarray(np.asarray(a, dtype=np.float32)).ravel()
        off = len(self.buf) // 4
        self.buf += a.astype('<f4').tobytes()
        return [off, int(a.size)]


def build(s):
    torch.manual_seed(0)
    g = genotypes.DARTS_V2
    if s['kind'] == 'cifar':
        net = model.NetworkCIFAR(s['C'], s['classes'], s['layers'], True, g)
    else:
        net = model.NetworkImageNet(s['C'], s['classes'], s['layers'], True, g)
    # Our variables, sorted by name (the formula's j), and the reference tensor of each.
    tensors = dict(net.named_parameters())
    tensors.update({n: b for n, b in net.named_buffers() if 'running' in n})
    names = {tn: our_name(net, g, tn) for tn in tensors}
    order = sorted(names.values())
    variables = []
    with torch.no_grad():
        for tn, t in tensors.items():
            ours = names[tn]
            dims = list(to_ours(t).shape)
            if 'running' in ours:
                continue
            j = order.index(ours)
            off, scale = init_kind(ours, dims)
            t.copy_(from_ours(formula(int(np.prod(dims)), j, off, scale), dims, t))
            variables.append({'name': ours, 'dims': dims, 'j': j, 'offset': off, 'scale': scale})
    variables.sort(key=lambda v: v['j'])
    return net, g, tensors, names, variables


def step(s, drop_prob, w):
    net, g, tensors, names, variables = build(s)
    net.train()
    net.drop_path_prob = drop_prob
    del MASKS[:]
    n, h = s['batch'], s['size']
    x = torch.from_numpy(images(n, h, h)).permute(0, 3, 1, 2).contiguous()
    y = torch.tensor(s['labels'])
    conv2 = net.auxiliary_head.features[5]
    seen = {}

    def hook(module, inputs, output):
        seen['a'] = inputs[0].detach().clone()
        output.retain_grad()
        seen['out'] = output
    conv2.register_forward_hook(hook)
    logits, aux = net(x)
    eps = s['smoothing']
    loss = smooth_ce(logits, y, eps, s['classes']) + s['aux_weight'] * smooth_ce(aux, y, eps, s['classes'])
    loss.backward()
    params = [p for p in net.parameters()]
    grads = {tn: to_ours(t.grad).numpy().copy() for tn, t in tensors.items() if t.requires_grad}
    w0 = {tn: to_ours(t).numpy().copy() for tn, t in tensors.items() if t.requires_grad}
    norm = float(torch.nn.utils.clip_grad_norm_(params, s['clip']))
    coef = min(1.0, s['clip'] / (norm + 1e-6))
    opt = torch.optim.SGD(params, s['lr'], momentum=s['momentum'], weight_decay=s['weight_decay'])
    opt.step()

    # The auxiliary 2x2 conv, factored: V [N, 768], A [N, 2, 2, 128] (NHWC).
    assert seen['out'].shape[2:] == (1, 1), seen['out'].shape
    V = seen['out'].grad
    if isinstance(net.auxiliary_head.features[6], torch.nn.ReLU):
        # ImageNet's head applies ReLU(inplace=True) straight to the conv's output, so the retained
        # gradient is the ReLU's output gradient: mask it back to the conv's.
        V = V * (seen['out'] > 0)
    V = V[:, :, 0, 0].numpy().astype(np.float64)
    A = seen['a'].permute(0, 2, 3, 1).numpy().astype(np.float64)
    conv2_name = [tn for tn in tensors if names[tn] == '/auxiliary_head/conv2/weights'][0]
    dW = np.einsum('no,nhwi->hwio', V, A)
    assert np.abs(dW - grads[conv2_name]).max() <= 1e-6 * max(1.0, np.abs(dW).max()), np.abs(dW - grads[conv2_name]).max()
    w1 = (1 - s['lr'] * s['weight_decay']) * w0[conv2_name] - s['lr'] * coef * dW
    got = to_ours(tensors[conv2_name]).numpy()
    assert np.abs(w1 - got).max() <= 1e-6, np.abs(w1 - got).max()

    out = {'loss': float(loss), 'grad_norm': norm, 'masks': [list(m) for m in MASKS],
           'logits': w.add(logits.detach().numpy()), 'aux_logits': w.add(aux.detach().numpy()),
           'conv2_v': w.add(V), 'conv2_a': w.add(A), 'grads': {}, 'after': {}}
    for tn, t in tensors.items():
        ours = names[tn]
        if 'running' in ours:
            out['after'][ours] = w.add(t.detach().numpy())
        elif ours != '/auxiliary_head/conv2/weights':
            out['grads'][ours] = w.add(grads[tn])
            out['after'][ours] = w.add(to_ours(t).numpy())
    return variables, out


def main():
    common = {'batch': 4, 'classes': 3, 'labels': [2, 0, 1, 2], 'C': 2, 'layers': 4, 'aux_weight': 0.4,
              'momentum': 0.9, 'clip': 5.0, 'genotype': 'DARTS_V2', 'drop_prob': 0.3}
    settings = [
        # train.py: drop path ramps to 0.2 in the paper's CIFAR-10 runs, so both variants.
        dict(common, kind='cifar', size=32, lr=0.025, weight_decay=3e-4, smoothing=0.0, variants=['drop_path_off', 'drop_path_on']),
        # train_imagenet.py: its drop_path_prob defaults to 0; the cells' drop path is the same code.
        dict(common, kind='imagenet', size=224, lr=0.1, weight_decay=3e-5, smoothing=0.1, variants=['drop_path_off']),
    ]
    for s in settings:
        w = Writer()
        doc = dict(s)
        doc['variants'] = {}
        for name in s['variants']:
            p = s['drop_prob'] if name == 'drop_path_on' else 0.0
            variables, out = step(s, p, w)
            doc['variables'] = variables
            doc['variants'][name] = out
        base = os.path.join(OUT, 'reference_%s' % s['kind'])
        with open(base + '.bin', 'wb') as f:
            f.write(w.buf)
        with open(base + '.json', 'w') as f:
            json.dump(doc, f, sort_keys=True, separators=(',', ':'))
        print('%s: %d floats, grad norms %s, masks %s' % (s['kind'], len(w.buf) // 4,
              [doc['variants'][v]['grad_norm'] for v in doc['variants']],
              [doc['variants'][v]['masks'] for v in doc['variants']]), file=sys.stderr)


main()
