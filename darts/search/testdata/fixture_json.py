"""The fixture format both reference generators write (gen_reference.py, gen_reference_pcdarts.py):
gzipped JSON (mtime 0, so a rerun gives the same bytes) whose tensors are {"shape", "data"} with
float32 values as their shortest repr, unquoted; BatchNorm's num_batches_tracked is left out."""
import gzip
import json

import numpy as np
import torch


def encode(o):
    if isinstance(o, torch.Tensor):
        x = o.detach().cpu().float().numpy()
        return {'shape': list(x.shape), 'data': RawList([str(v) for v in x.ravel().astype(np.float32)])}
    if isinstance(o, dict):
        return {k: encode(v) for k, v in o.items() if not k.endswith('num_batches_tracked')}
    if isinstance(o, list):
        return [encode(v) for v in o]
    return o


class RawList(list):
    """float32 shortest reprs, written unquoted."""


def dumps(o):
    if isinstance(o, RawList):
        return '[' + ','.join(o) + ']'
    if isinstance(o, dict):
        return '{' + ','.join(json.dumps(k) + ':' + dumps(v) for k, v in o.items()) + '}'
    if isinstance(o, list):
        return '[' + ','.join(dumps(v) for v in o) + ']'
    return json.dumps(o)


def write_fixture(path, out):
    with gzip.GzipFile(path, 'wb', mtime=0) as f:
        f.write(dumps(encode(out)).encode())
