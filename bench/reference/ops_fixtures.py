"""PyTorch float64 references for trustgrad's tensor ops (spec/fixtures/torch-ops.json).

Imported by make_fixtures.py. Every case names the trustgrad call it stands for — `op` (a Tensor method
called on the first input, or one of the functions cat, stack, where, einsum) and `args`, where a string
'$name' is the input of that name and a list of them is a list of tensors — and records the inputs, the
output and the gradients of sum(output * cotangent) with respect to every input in `grad`, the cotangent a
fixed random tensor of the output's shape. An op that returns pieces (split, chunk) is recorded as the
pieces flattened and joined, with their shapes.
"""

import torch

SEED = 20201207


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def entry(t):
    return {'shape': list(t.shape), 'data': flat(t)}


def resolve(arg, tensors):
    if isinstance(arg, str) and arg.startswith('$'):
        return tensors[arg[1:]]
    if isinstance(arg, list):
        return [resolve(a, tensors) for a in arg]
    return arg


def make_ops():
    g = torch.Generator().manual_seed(SEED)

    def randn(*shape):
        return torch.randn(*shape, generator=g, dtype=torch.float64)

    def positive(*shape):
        return torch.rand(*shape, generator=g, dtype=torch.float64) * 1.5 + 0.25

    cases = []

    def case(name, op, inputs, args, f, grad=None):
        grad = list(inputs) if grad is None else grad
        leaves = {k: v.detach().clone().requires_grad_(k in grad) for k, v in inputs.items()}
        out = f(**leaves)
        pieces = None
        if isinstance(out, (tuple, list)):
            pieces = [list(p.shape) for p in out]
            out = torch.cat([p.reshape(-1) for p in out])
        record = {'name': name, 'op': op, 'args': args, 'inputs': {k: entry(v) for k, v in inputs.items()},
                  'grad': grad, 'output': entry(out), 'grads': {}}
        if pieces is not None:
            record['pieces'] = pieces
        if grad:
            cot = torch.randn(out.shape, generator=g, dtype=torch.float64)
            (out * cot).sum().backward()
            record['cotangent'] = entry(cot)
            record['grads'] = {k: entry(leaves[k].grad if leaves[k].grad is not None else torch.zeros_like(leaves[k])) for k in grad}
        cases.append(record)

    # joining and splitting
    a, b, c = randn(2, 3), randn(2, 1), randn(2, 2)
    case('cat dim 1', 'cat', {'a': a, 'b': b, 'c': c}, [['$a', '$b', '$c'], 1], lambda a, b, c: torch.cat([a, b, c], 1))
    case('cat dim 0 after an empty 1-D tensor', 'cat', {'e': torch.zeros(0, dtype=torch.float64), 'a': a, 'b': randn(1, 3)}, [['$e', '$a', '$b'], 0],
         lambda e, a, b: torch.cat([e, a, b], 0), grad=['a', 'b'])
    s1, s2 = randn(2, 3), randn(2, 3)
    case('stack dim 1', 'stack', {'a': s1, 'b': s2}, [['$a', '$b'], 1], lambda a, b: torch.stack([a, b], 1))
    case('stack dim -1', 'stack', {'a': s1, 'b': s2}, [['$a', '$b'], -1], lambda a, b: torch.stack([a, b], -1))
    case('split into sizes [1, 3, 1] along dim 1', 'split', {'x': randn(2, 5)}, [[1, 3, 1], 1], lambda x: x.split([1, 3, 1], 1))
    case('split into pieces of 2 (the last shorter)', 'split', {'x': randn(5, 2)}, [2], lambda x: x.split(2))
    case('chunk 7 entries into 3', 'chunk', {'x': randn(2, 7)}, [3, 1], lambda x: x.chunk(3, 1))
    case('chunk 6 entries into 4 (gives 3)', 'chunk', {'x': randn(6)}, [4], lambda x: x.chunk(4))

    # slicing and indexing
    x34 = randn(3, 4)
    case('narrow dim 1', 'narrow', {'x': x34}, [1, 1, 2], lambda x: x.narrow(1, 1, 2))
    case('narrow dim 0 from -2', 'narrow', {'x': x34}, [0, -2, 2], lambda x: x.narrow(0, -2, 2))
    case('select dim 1 index -1', 'select', {'x': x34}, [1, -1], lambda x: x.select(1, -1))
    x46 = randn(4, 6)
    case('slice 1::2 along dim 1', 'slice', {'x': x46}, [1, 1, None, 2], lambda x: x[:, 1::2])
    case('slice -4:-1 along dim 1', 'slice', {'x': x46}, [1, -4, -1], lambda x: x[:, -4:-1])
    case('slice ::3 along dim 0, end past the size', 'slice', {'x': x46}, [0, None, 10, 3], lambda x: x[:10:3])
    case('slice 5:9 along dim 0 (empty)', 'slice', {'x': x46}, [0, 5, 9], lambda x: x[5:9])
    idx = torch.tensor([[0, 3], [3, 3], [1, 0]])
    case('gather dim 1 with repeats', 'gather', {'x': x34, 'index': idx.double()}, [1, '$index'], lambda x, index: x.gather(1, idx), grad=['x'])
    idx3 = torch.tensor([[[1], [0]], [[2], [2]]])
    case('gather dim 0 of a 3-d tensor', 'gather', {'x': randn(3, 2, 2), 'index': idx3.double()}, [0, '$index'], lambda x, index: x.gather(0, idx3), grad=['x'])
    sidx = torch.tensor([[1, 1, 3], [0, 2, 0]])
    case('scatterAdd dim 1 with repeats', 'scatterAdd', {'x': randn(2, 4), 'index': sidx.double(), 'src': randn(2, 3)}, [1, '$index', '$src'],
         lambda x, index, src: x.scatter_add(1, sidx, src), grad=['x', 'src'])
    case('unsqueeze 1', 'unsqueeze', {'x': randn(2, 3)}, [1], lambda x: x.unsqueeze(1))
    x2131 = randn(2, 1, 3, 1)
    case('squeeze all', 'squeeze', {'x': x2131}, [], lambda x: x.squeeze())
    case('squeeze dim 1', 'squeeze', {'x': x2131}, [1], lambda x: x.squeeze(1))
    case('squeeze dim 0 (size 2: unchanged)', 'squeeze', {'x': x2131}, [0], lambda x: x.squeeze(0))
    case('expand [2, -1, 4]', 'expand', {'x': randn(3, 1)}, [[2, -1, 4]], lambda x: x.expand(2, -1, 4))
    x232 = randn(2, 3, 2)
    case('flatten from dim 1', 'flatten', {'x': x232}, [1], lambda x: x.flatten(1))
    case('flatten dims 0 to 1', 'flatten', {'x': x232}, [0, 1], lambda x: x.flatten(0, 1))

    # elementwise selection
    cond = torch.tensor([[True], [False]])
    case('where, all three broadcast', 'where', {'a': randn(2, 3), 'condition': cond.double(), 'b': randn(3)}, ['$condition', '$a', '$b'],
         lambda a, condition, b: torch.where(cond, a, b), grad=['a', 'b'])
    xc = torch.tensor([[-0.5, 0.8, -2.0, 0.3], [1.7, -0.1, 0.8, -0.5]], dtype=torch.float64)
    case('clamp(-0.5, 0.8), bounds hit exactly', 'clamp', {'x': xc}, [-0.5, 0.8], lambda x: x.clamp(-0.5, 0.8))
    case('clamp(min only)', 'clamp', {'x': xc}, [0.3], lambda x: x.clamp(min=0.3))
    case('clamp(max only)', 'clamp', {'x': xc}, [None, -0.1], lambda x: x.clamp(max=-0.1))
    case('clamp(min > max) gives max', 'clamp', {'x': xc}, [1, 0], lambda x: x.clamp(1, 0))
    ma = torch.tensor([[1.0, -2.0, 3.0], [0.5, 0.5, -1.0]], dtype=torch.float64)
    mb = torch.tensor([1.0, 0.5, 2.0], dtype=torch.float64)
    case('maximum with ties, broadcast', 'maximum', {'a': ma, 'b': mb}, ['$b'], lambda a, b: torch.maximum(a, b))
    case('minimum with ties, broadcast', 'minimum', {'a': ma, 'b': mb}, ['$b'], lambda a, b: torch.minimum(a, b))

    # extrema: ties along a dim go to the first; over the whole tensor, ties share the gradient
    xt = torch.tensor([[3.0, -1.0, 3.0, 0.5], [-2.0, 4.0, -2.0, 4.0], [0.0, -2.0, 1.0, -2.0]], dtype=torch.float64)
    case('min dim 1', 'min', {'x': xt}, [1], lambda x: x.min(1).values)
    case('min dim 0 keepdim', 'min', {'x': xt}, [0, True], lambda x: x.min(0, keepdim=True).values)
    case('max dim -1 keepdim', 'max', {'x': xt}, [-1, True], lambda x: x.max(-1, keepdim=True).values)
    case('max of all, tied', 'max', {'x': xt}, [], lambda x: x.max())
    case('min of all, tied', 'min', {'x': xt}, [], lambda x: x.min())
    case('argmax dim 1', 'argmax', {'x': xt}, [1], lambda x: x.argmax(1).double(), grad=[])
    case('argmin dim 0 keepdim', 'argmin', {'x': xt}, [0, True], lambda x: x.argmin(0, keepdim=True).double(), grad=[])
    case('argmax of all', 'argmax', {'x': xt}, [], lambda x: x.argmax().double(), grad=[])
    case('argmin of all', 'argmin', {'x': xt}, [], lambda x: x.argmin().double(), grad=[])

    # pointwise
    xp = randn(3, 4)
    for op in ['expm1', 'sin', 'cos', 'square', 'reciprocal']:
        case(op, op, {'x': xp}, [], lambda x, op=op: getattr(x, op)())
    xq = positive(3, 4)
    for op in ['log1p', 'rsqrt']:
        case(op, op, {'x': xq}, [], lambda x, op=op: getattr(x, op)())
    case('log1p and expm1 near 0', 'log1p', {'x': torch.tensor([1e-10, -3e-12, 2e-15], dtype=torch.float64)}, [], lambda x: x.log1p())
    px = torch.tensor([[0.0, 2.0, 0.5], [1.5, 0.0, 3.0]], dtype=torch.float64)
    pp = torch.tensor([[0.0, -1.5, 2.0], [2.5, 1.5, 0.0]], dtype=torch.float64)
    case('pow with a tensor exponent (0^0, 0^p)', 'pow', {'x': px, 'p': pp}, ['$p'], lambda x, p: x.pow(p))
    case('pow with a broadcast exponent', 'pow', {'x': positive(2, 3), 'p': randn(3)}, ['$p'], lambda x, p: x.pow(p))

    # moments
    xv = randn(3, 2, 4) * 2 + 1
    case('var dim 1', 'var', {'x': xv}, [1], lambda x: x.var(1))
    case('var dims [0, 2], correction 0, keepdim', 'var', {'x': xv}, [[0, 2], {'correction': 0, 'keepdim': True}],
         lambda x: torch.var(x, [0, 2], correction=0, keepdim=True))
    case('var of all', 'var', {'x': xv}, [], lambda x: x.var())
    case('std of all', 'std', {'x': xv}, [], lambda x: x.std())
    case('std dim 0, correction 2', 'std', {'x': xv}, [0, {'correction': 2}], lambda x: torch.std(x, 0, correction=2))
    xl = randn(3, 4, 2)
    xl[0, 0, 0] = 800.0
    case('logsumexp dim 1', 'logsumexp', {'x': xl}, [1], lambda x: x.logsumexp(1))
    case('logsumexp dims [0, 2] keepdim (one entry 800)', 'logsumexp', {'x': xl}, [[0, 2], True], lambda x: x.logsumexp([0, 2], keepdim=True))

    # comparisons and logic (outputs only)
    la = torch.tensor([[0.0, 1.0, -2.0], [3.0, 0.0, 0.5]], dtype=torch.float64)
    lb = torch.tensor([0.0, 2.0, -2.0], dtype=torch.float64)
    case('ne', 'ne', {'a': la, 'b': lb}, ['$b'], lambda a, b: a.ne(b).double(), grad=[])
    case('logicalAnd', 'logicalAnd', {'a': la, 'b': lb}, ['$b'], lambda a, b: a.logical_and(b).double(), grad=[])
    case('logicalOr', 'logicalOr', {'a': la, 'b': lb}, ['$b'], lambda a, b: a.logical_or(b).double(), grad=[])
    case('logicalNot', 'logicalNot', {'a': la}, [], lambda a: a.logical_not().double(), grad=[])

    # products
    case('matmul [1,3,4] @ [2,4,5]', 'matmul', {'a': randn(1, 3, 4), 'b': randn(2, 4, 5)}, ['$b'], lambda a, b: a @ b)
    case('matmul [2,1,2,3] @ [3,3,2]', 'matmul', {'a': randn(2, 1, 2, 3), 'b': randn(3, 3, 2)}, ['$b'], lambda a, b: a @ b)
    case('matmul [3] @ [2,3,4]', 'matmul', {'a': randn(3), 'b': randn(2, 3, 4)}, ['$b'], lambda a, b: a @ b)
    case('matmul [2,1,3,4] @ [4]', 'matmul', {'a': randn(2, 1, 3, 4), 'b': randn(4)}, ['$b'], lambda a, b: a @ b)
    case('outer', 'outer', {'a': randn(3), 'b': randn(2)}, ['$b'], lambda a, b: torch.outer(a, b))
    einsums = [('ij,jk->ik', [(2, 3), (3, 4)]), ('bij,bjk->bik', [(2, 2, 3), (2, 3, 4)]), ('bik,bjk->bij', [(2, 3, 4), (2, 2, 4)]),
               ('i,i->', [(4,), (4,)]), ('i,j->ij', [(3,), (2,)]), ('ij,ij->i', [(2, 3), (2, 3)]), ('ij,ji->', [(2, 3), (3, 2)]),
               ('ij,j->i', [(3, 4), (4,)]), ('bi,bj->bij', [(2, 3), (2, 2)]), ('ij,kj', [(2, 3), (4, 3)]), ('ij->ji', [(2, 3)]),
               ('ijk->j', [(2, 3, 2)]), ('ij,kj->ik', [(2, 3), (4, 1)]), ('ij,jk', [(2, 3), (3, 2)])]
    for eq, shapes in einsums:
        names = ['a', 'b'][:len(shapes)]
        inputs = {n: randn(*s) for n, s in zip(names, shapes)}
        case(f"einsum '{eq}' {' '.join(str(list(s)) for s in shapes)}", 'einsum', inputs, [eq, *[f'${n}' for n in names]],
             lambda eq=eq, **t: torch.einsum(eq, *t.values()))
    return {'seed': SEED, 'torch': torch.__version__, 'cases': cases}
