"""PyTorch float64 references for trustgrad's nn modules, losses and utilities (spec/fixtures/torch-nn.json).

Imported by make_fixtures.py. Every case records its inputs, parameters and options, the output, and the
gradients of sum(output * cotangent) with respect to every input and parameter that takes one, where the
cotangent is a fixed random tensor of the output's shape (a scalar loss gets cotangent 1).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

SEED = 20201206


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def tensor_entry(t):
    return {'shape': list(t.shape), 'data': flat(t)}


def leaf(t):
    return t.detach().clone().requires_grad_(True)


def backward_with_cotangent(out, generator):
    cot = torch.randn(out.shape, generator=generator) if out.dim() > 0 else torch.tensor(1.0)
    out.backward(cot)
    return tensor_entry(cot)


def case(name, kind, inputs, output, cot, grads, **extra):
    entry = {'name': name, 'kind': kind, 'inputs': {k: tensor_entry(v) for k, v in inputs.items()},
             'output': tensor_entry(output), 'cotangent': cot,
             'grads': {k: tensor_entry(v) for k, v in grads.items()}}
    entry.update(extra)
    return entry


def activations(g):
    x = torch.randn(4, 6, generator=g) * 3
    x[0, 0] = 0.0  # the gradient at 0 is each function's convention
    x[1, 1] = 25.0  # past softplus' threshold
    x[2, 2] = -30.0
    out = []
    specs = [
        ('relu', {}, lambda t: F.relu(t)),
        ('leakyRelu', {'negativeSlope': 0.2}, lambda t: F.leaky_relu(t, 0.2)),
        ('gelu', {}, lambda t: F.gelu(t)),
        ('gelu', {'approximate': 'tanh'}, lambda t: F.gelu(t, approximate='tanh')),
        ('silu', {}, lambda t: F.silu(t)),
        ('tanh', {}, lambda t: torch.tanh(t)),
        ('sigmoid', {}, lambda t: torch.sigmoid(t)),
        ('softplus', {}, lambda t: F.softplus(t)),
        ('softplus', {'beta': 2, 'threshold': 5}, lambda t: F.softplus(t, beta=2, threshold=5)),
    ]
    for fn, options, f in specs:
        xi = leaf(x)
        y = f(xi)
        cot = backward_with_cotangent(y, g)
        out.append(case(fn, 'activation', {'x': x}, y, cot, {'x': xi.grad}, function=fn, options=options))
    return out


def module_case(name, module, x, g, train=True, extra_inputs=None):
    module.train(train)
    xi = leaf(x)
    state = {k: tensor_entry(v) for k, v in module.state_dict().items()}
    y = module(xi)
    cot = backward_with_cotangent(y, g)
    grads = {'x': xi.grad}
    grads.update({n: p.grad for n, p in module.named_parameters() if p.grad is not None})
    after = {k: tensor_entry(v) for k, v in module.state_dict().items()}
    return case(name, 'module', {'x': x, **(extra_inputs or {})}, y, cot, grads, state=state, stateAfter=after, training=train)


def modules(g):
    out = []
    ln = nn.LayerNorm(6)
    with torch.no_grad():
        ln.weight.copy_(torch.randn(6, generator=g))
        ln.bias.copy_(torch.randn(6, generator=g))
    out.append(dict(module_case('LayerNorm(6)', ln, torch.randn(3, 4, 6, generator=g) * 2 + 1, g), module='LayerNorm', args=[6], options={}))
    ln2 = nn.LayerNorm([4, 6], eps=1e-3, elementwise_affine=False)
    out.append(dict(module_case('LayerNorm([4,6]) eps 1e-3 without affine', ln2, torch.randn(3, 4, 6, generator=g), g),
                    module='LayerNorm', args=[[4, 6]], options={'eps': 1e-3, 'elementwiseAffine': False}))
    for label, options, shape in [('BatchNorm1d(4)', {}, (6, 4)), ('BatchNorm1d(4) on [N, C, L]', {}, (3, 4, 5)),
                                  ('BatchNorm1d(4) momentum None', {'momentum': None}, (6, 4)),
                                  ('BatchNorm1d(4) momentum 0.3 without affine', {'momentum': 0.3, 'affine': False}, (5, 4))]:
        bn = nn.BatchNorm1d(4, momentum=options.get('momentum', 0.1), affine=options.get('affine', True))
        if bn.affine:
            with torch.no_grad():
                bn.weight.copy_(torch.rand(4, generator=g) + 0.5)
                bn.bias.copy_(torch.randn(4, generator=g))
        # Two training batches, then the recorded one (training), then one in evaluation.
        for _ in range(2):
            bn(torch.randn(*shape, generator=g) * 3 + 2)
        bn.zero_grad()
        out.append(dict(module_case(label, bn, torch.randn(*shape, generator=g) * 3 + 2, g), module='BatchNorm1d', args=[4], options=options))
        bn.zero_grad()
        out.append(dict(module_case(label + ' in eval', bn, torch.randn(*shape, generator=g) * 3 + 2, g, train=False),
                        module='BatchNorm1d', args=[4], options=options))
    bn = nn.BatchNorm1d(4, track_running_stats=False)
    out.append(dict(module_case('BatchNorm1d(4) without running stats, in eval', bn, torch.randn(6, 4, generator=g), g, train=False),
                    module='BatchNorm1d', args=[4], options={'trackRunningStats': False}))
    emb = nn.Embedding(7, 3, padding_idx=2)
    with torch.no_grad():
        emb.weight[2] = torch.tensor([0.5, -1.0, 2.0])  # a padding row with values: returned, never trained
    idx = torch.tensor([[1, 2, 2], [6, 2, 0]])
    w = leaf(emb.weight)
    y = F.embedding(idx, w, padding_idx=2)
    cot = backward_with_cotangent(y, g)
    out.append(case('Embedding(7, 3, paddingIdx 2)', 'embedding', {'weight': emb.weight, 'indices': idx.double()}, y, cot, {'weight': w.grad}, options={'paddingIdx': 2}))
    seq = nn.Sequential(nn.Linear(5, 8), nn.LayerNorm(8), nn.GELU(), nn.Dropout(0.3), nn.Linear(8, 3))
    out.append(dict(module_case('Sequential(Linear, LayerNorm, GELU, Dropout, Linear) in eval', seq, torch.randn(4, 5, generator=g), g, train=False),
                    module='Sequential', names=[n for n, _ in seq.named_parameters()]))
    fl = nn.Flatten(1, 2)
    out.append(dict(module_case('Flatten(1, 2)', fl, torch.randn(2, 3, 4, 5, generator=g), g), module='Flatten', args=[1, 2], options={}))
    return out


def loss_case(name, fn, options, inputs, f, g, differentiable=('input',)):
    leaves = {k: (leaf(v) if k in differentiable else v) for k, v in inputs.items()}
    y = f(**leaves)
    cot = backward_with_cotangent(y, g)
    grads = {k: leaves[k].grad for k in differentiable}
    return case(name, 'loss', inputs, y, cot, grads, function=fn, options=options)


def losses(g):
    out = []
    z = torch.randn(6, 4, generator=g) * 2
    y = torch.tensor([0, 3, 1, 1, 2, 3])
    w = torch.rand(4, generator=g) + 0.5
    yi = {'input': z, 'target': y.double()}
    ce = lambda **o: lambda input, target: F.cross_entropy(input, target.long(), **o)
    for name, options, torch_options in [
        ('mean', {}, {}),
        ('sum', {'reduction': 'sum'}, {'reduction': 'sum'}),
        ('none', {'reduction': 'none'}, {'reduction': 'none'}),
        ('weight', {'weight': 'w'}, {'weight': w}),
        ('ignoreIndex 1', {'ignoreIndex': 1}, {'ignore_index': 1}),
        ('ignoreIndex 1, none', {'ignoreIndex': 1, 'reduction': 'none'}, {'ignore_index': 1, 'reduction': 'none'}),
        ('labelSmoothing 0.1', {'labelSmoothing': 0.1}, {'label_smoothing': 0.1}),
        ('weight, ignoreIndex 3, labelSmoothing 0.2', {'weight': 'w', 'ignoreIndex': 3, 'labelSmoothing': 0.2}, {'weight': w, 'ignore_index': 3, 'label_smoothing': 0.2}),
        ('labelSmoothing 0.3, sum, ignoreIndex 1', {'labelSmoothing': 0.3, 'reduction': 'sum', 'ignoreIndex': 1}, {'label_smoothing': 0.3, 'reduction': 'sum', 'ignore_index': 1}),
    ]:
        out.append(loss_case(f'crossEntropy {name}', 'crossEntropy', options, yi, ce(**torch_options), g))
    p = torch.softmax(torch.randn(6, 4, generator=g), 1)
    for name, options, torch_options in [('probabilities', {}, {}), ('probabilities, weight, labelSmoothing 0.1', {'weight': 'w', 'labelSmoothing': 0.1}, {'weight': w, 'label_smoothing': 0.1})]:
        out.append(loss_case(f'crossEntropy {name}', 'crossEntropy', options, {'input': z, 'target': p},
                             lambda input, target, o=torch_options: F.cross_entropy(input, target, **o), g, ('input', 'target')))
    logp = torch.log_softmax(z, 1)
    out.append(loss_case('nllLoss weight, ignoreIndex 1', 'nllLoss', {'weight': 'w', 'ignoreIndex': 1}, {'input': logp, 'target': y.double()},
                         lambda input, target: F.nll_loss(input, target.long(), weight=w, ignore_index=1), g))
    out.append(loss_case('nllLoss sum', 'nllLoss', {'reduction': 'sum'}, {'input': logp, 'target': y.double()},
                         lambda input, target: F.nll_loss(input, target.long(), reduction='sum'), g))
    x = torch.randn(4, 3, generator=g) * 3
    t = torch.rand(4, 3, generator=g)
    bw = torch.rand(3, generator=g) + 0.5
    pw = torch.rand(3, generator=g) * 3
    for name, options, torch_options in [('mean', {}, {}), ('weight, posWeight, sum', {'weight': 'bw', 'posWeight': 'pw', 'reduction': 'sum'}, {'weight': bw, 'pos_weight': pw, 'reduction': 'sum'}),
                                         ('posWeight, none', {'posWeight': 'pw', 'reduction': 'none'}, {'pos_weight': pw, 'reduction': 'none'})]:
        out.append(loss_case(f'binaryCrossEntropyWithLogits {name}', 'binaryCrossEntropyWithLogits', options, {'input': x, 'target': t},
                             lambda input, target, o=torch_options: F.binary_cross_entropy_with_logits(input, target, **o), g, ('input', 'target')))
    a = torch.randn(3, 5, generator=g)
    b = torch.randn(3, 5, generator=g)
    b[0, 0] = a[0, 0] + 0.5  # exactly at Huber's and smooth L1's boundary
    for fn, options, f in [
        ('l1Loss', {}, lambda input, target: F.l1_loss(input, target)),
        ('l1Loss', {'reduction': 'none'}, lambda input, target: F.l1_loss(input, target, reduction='none')),
        ('mseLoss', {'reduction': 'sum'}, lambda input, target: F.mse_loss(input, target, reduction='sum')),
        ('huberLoss', {}, lambda input, target: F.huber_loss(input, target)),
        ('huberLoss', {'delta': 0.5, 'reduction': 'sum'}, lambda input, target: F.huber_loss(input, target, delta=0.5, reduction='sum')),
        ('smoothL1Loss', {}, lambda input, target: F.smooth_l1_loss(input, target)),
        ('smoothL1Loss', {'beta': 0.5, 'reduction': 'none'}, lambda input, target: F.smooth_l1_loss(input, target, beta=0.5, reduction='none')),
        ('smoothL1Loss', {'beta': 0}, lambda input, target: F.smooth_l1_loss(input, target, beta=0.0)),
    ]:
        out.append(loss_case(f'{fn} {options}', fn, options, {'input': a, 'target': b}, f, g, ('input', 'target')))
    q = torch.log_softmax(torch.randn(4, 5, generator=g), 1)
    pt = torch.softmax(torch.randn(4, 5, generator=g), 1)
    pz = pt.clone()
    pz[1, 2] = 0.0  # xlogy(0, 0) = 0; its gradient there is NaN in torch, so only the input's is recorded
    for options, torch_options, target, wrt in [({}, {}, pz, ('input',)), ({'reduction': 'batchmean'}, {'reduction': 'batchmean'}, pt, ('input', 'target')),
                                                ({'reduction': 'none'}, {'reduction': 'none'}, pz, ('input',)),
                                                ({'reduction': 'sum', 'logTarget': True}, {'reduction': 'sum', 'log_target': True}, torch.log_softmax(torch.randn(4, 5, generator=g), 1), ('input', 'target'))]:
        out.append(loss_case(f'klDiv {options}', 'klDiv', options, {'input': q, 'target': target},
                             lambda input, target, o=torch_options: F.kl_div(input, target, **o), g, wrt))
    return out, {'w': tensor_entry(w), 'bw': tensor_entry(bw), 'pw': tensor_entry(pw)}


def utils(g):
    out = []
    shapes = [(3, 4), (4,), (2, 2)]
    for norm_type, max_norm in [(2.0, 1.0), (2.0, 100.0), (1.0, 0.5), (float('inf'), 0.1), (3.0, 0.2)]:
        params = [torch.zeros(s, requires_grad=True) for s in shapes]
        grads = [torch.randn(s, generator=g) for s in shapes]
        for p, gr in zip(params, grads):
            p.grad = gr.clone()
        total = torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type)
        out.append({'name': f'clipGradNorm p={norm_type} max {max_norm}', 'function': 'clipGradNorm', 'maxNorm': max_norm,
                    'normType': 'inf' if norm_type == float('inf') else norm_type,
                    'grads': [tensor_entry(gr) for gr in grads], 'total': float(total), 'clipped': [tensor_entry(p.grad) for p in params]})
    params = [torch.zeros(s, requires_grad=True) for s in shapes]
    grads = [torch.randn(s, generator=g) for s in shapes]
    for p, gr in zip(params, grads):
        p.grad = gr.clone()
    torch.nn.utils.clip_grad_value_(params, 0.5)
    out.append({'name': 'clipGradValue 0.5', 'function': 'clipGradValue', 'clipValue': 0.5,
                'grads': [tensor_entry(gr) for gr in grads], 'clipped': [tensor_entry(p.grad) for p in params]})
    return out


def erf_table():
    """torch.erf (glibc's erf on the CPU) at every multiple of 0.005 in [-6, 6]."""
    x = torch.arange(-1200, 1201, dtype=torch.float64) / 200
    return {'x': flat(x), 'erf': flat(torch.erf(x))}


def make_nn(generator_name):
    g = torch.Generator().manual_seed(SEED)
    cases = activations(g) + modules(g)
    loss_cases, constants = losses(g)
    return {'generator': generator_name, 'torch': torch.__version__, 'cases': cases + loss_cases, 'constants': constants, 'utils': utils(g), 'erf': erf_table()}
