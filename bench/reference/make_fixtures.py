#!/usr/bin/env python3
"""Generate the PyTorch reference fixtures that trustgrad's specs compare against.

Run from the repository root with the interpreter that has torch installed:

    /usr/bin/python3 bench/reference/make_fixtures.py

Writes into spec/fixtures/:
  torch-mlp.json          SimpleNet (the paper's MLP) params, forward/grads, optimiser trajectories
  torch-hessian.json      SimpleNet (plain/residual × relu/tanh): loss, gradient, Hessian-vector products by
                          torch.autograd.grad(..., create_graph=True), and the Hessian's eigenvalues
  torch-schedulers.json   learning-rate sequences of torch.optim.lr_scheduler classes
  torch-family.json       Madam, AGD and Muon trajectories (transcriptions of their reference code) from
                          initial weights stored in the file: SimpleNet's torch init, and AGD's own
                          init (orthogonal x sqrt(fan_out/fan_in)) of its bias-free relu*sqrt(2) FCN
  torch-nn.json           nn modules, losses and utilities: outputs and gradients (nn_fixtures.py)
  torch-ops.json          tensor ops (joins, slicing, gather/scatterAdd, extrema, pointwise, moments, logic,
                          broadcast matmul, einsum): outputs and gradients (ops_fixtures.py)
  torch-mlp.safetensors   the initial SimpleNet state dict (F64), laid out as the safetensors library does
  mixed.safetensors       F64 [2,3] "a", F32 [4] "b", F64 scalar "c"
  mixed.json              expected values of mixed.safetensors
  half.safetensors        a Sequential(Linear, BatchNorm1d, Linear) state dict as a half-precision checkpoint:
                          BF16 weights, F16 biases, F32 running statistics, I64 num_batches_tracked
  half.json               its values as float64, an input and torch's output in evaluation mode

Everything is float64 and seeded; reruns produce byte-identical files. Floats are
written with Python's repr (json.dumps), which round-trips float64 exactly.
"""

import json
import math
import os
import struct

import torch
import torch.nn as nn
import torch.nn.functional as F

from nn_fixtures import make_nn
from ops_fixtures import make_ops

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)  # fixed reduction order, for byte-identical reruns

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'spec', 'fixtures')
GENERATOR = 'bench/reference/make_fixtures.py'

SEED = 20200225
MODEL = {'inputSize': 6, 'hiddenSize': 5, 'depth': 3, 'outputSize': 4}
BATCH = 8
STEPS = 20


# --------------------------------------------------------------------------- model

class SimpleNet(nn.Module):
    """The paper's MLP (jxbz/fromage, classify-network)."""

    def __init__(self, input_size, hidden_size, output_size, depth, residual, activation='relu'):
        super().__init__()
        self.layers = nn.ModuleList([
            nn.Linear(input_size if i == 0 else hidden_size, hidden_size) for i in range(depth)
        ])
        self.final = nn.Linear(hidden_size, output_size)
        self.residual = residual
        self.activation = torch.tanh if activation == 'tanh' else F.relu

    def forward(self, x):
        for layer in self.layers:
            h = self.activation(layer(x))
            x = x + h if (self.residual and h.shape == x.shape) else h
        return self.final(x)


def make_model(residual, state, activation='relu'):
    m = SimpleNet(MODEL['inputSize'], MODEL['hiddenSize'], MODEL['outputSize'], MODEL['depth'], residual, activation)
    m.load_state_dict(state)
    return m


# --------------------------------------------------------------------------- optimisers not in torch

class Fromage(torch.optim.Optimizer):
    """Reference Fromage (jxbz/fromage, fromage.py), same operation order, current add_ signature."""

    def __init__(self, params, lr=0.01, p_bound=None):
        self.p_bound = p_bound
        super().__init__(params, dict(lr=lr))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            lr = group['lr']
            for p in group['params']:
                if p.grad is None:
                    continue
                state = self.state[p]
                if len(state) == 0 and self.p_bound is not None:
                    state['max'] = self.p_bound * p.norm().item()
                d_p = p.grad
                d_p_norm = p.grad.norm()
                p_norm = p.norm()
                if p_norm > 0.0 and d_p_norm > 0.0:
                    p.add_(d_p * (p_norm / d_p_norm), alpha=-lr)
                else:
                    p.add_(d_p, alpha=-lr)
                p /= math.sqrt(1 + lr ** 2)
                if self.p_bound is not None:
                    p_norm = p.norm().item()
                    if p_norm > state['max']:
                        p *= state['max'] / p_norm


class LARSPaper(torch.optim.Optimizer):
    """LARS as the paper states it: Fromage without the 1/sqrt(1+lr^2) shrink and without p_bound."""

    def __init__(self, params, lr=0.01):
        super().__init__(params, dict(lr=lr))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            lr = group['lr']
            for p in group['params']:
                if p.grad is None:
                    continue
                d_p = p.grad
                d_p_norm = p.grad.norm()
                p_norm = p.norm()
                if p_norm > 0.0 and d_p_norm > 0.0:
                    p.add_(d_p * (p_norm / d_p_norm), alpha=-lr)
                else:
                    p.add_(d_p, alpha=-lr)


# --------------------------------------------------------------------------- the deep-relative-trust family
# Transcriptions of the reference code, written out again here (same operations in the same order),
# in float64 throughout: jxbz/madam pytorch/optim/madam.py, jxbz/agd agd.py and architecture/fcn.py,
# KellerJordan/Muon muon.py (SingleDeviceMuonWithAuxAdam) without its bfloat16 cast.

class Madam(torch.optim.Optimizer):
    """jxbz/madam: multiplicative updates with an Adam-style normalised gradient."""

    def __init__(self, params, lr=0.01, p_scale=3.0, g_bound=10.0):
        self.p_scale, self.g_bound = p_scale, g_bound
        super().__init__(params, dict(lr=lr))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            for p in group['params']:
                if p.grad is None:
                    continue
                st = self.state[p]
                if not st:
                    st['max'] = self.p_scale * (p * p).mean().sqrt().item()
                    st['step'] = 0
                    st['exp_avg_sq'] = torch.zeros_like(p)
                st['step'] += 1
                correction = 1 - 0.999 ** st['step']
                st['exp_avg_sq'] = 0.999 * st['exp_avg_sq'] + 0.001 * p.grad ** 2
                normed = p.grad / (st['exp_avg_sq'] / correction).sqrt()
                normed[torch.isnan(normed)] = 0
                normed.clamp_(-self.g_bound, self.g_bound)
                p.data *= torch.exp(-group['lr'] * normed * torch.sign(p.data))
                p.data.clamp_(-st['max'], st['max'])


class FCN(nn.Module):
    """jxbz/agd architecture/fcn.py: bias-free Linear layers, relu(x)*sqrt(2) between them.
    Its depth counts every layer; trustgrad's MLP counts hidden layers (depth - 1)."""

    def __init__(self, depth, width, input_dim, output_dim):
        super().__init__()
        self.initial = nn.Linear(input_dim, width, bias=False)
        self.layers = nn.ModuleList([nn.Linear(width, width, bias=False) for _ in range(depth - 2)])
        self.final = nn.Linear(width, output_dim, bias=False)

    def forward(self, x):
        x = F.relu(self.initial(x)) * math.sqrt(2)
        for layer in self.layers:
            x = F.relu(layer(x)) * math.sqrt(2)
        return self.final(x)


def fcn_names(model):
    """FCN's parameter names as trustgrad's MLP names them (initial -> layers.0, layers.i -> layers.(i+1))."""
    out = {}
    for n, p in model.named_parameters():
        if n.startswith('initial.'):
            n = 'layers.0.' + n.split('.', 1)[1]
        elif n.startswith('layers.'):
            _, i, rest = n.split('.', 2)
            n = f'layers.{int(i) + 1}.{rest}'
        out[n] = p
    return out


def agd_singular_value(p):
    return math.sqrt(p.shape[0] / p.shape[1])


class AGD(torch.optim.Optimizer):
    """jxbz/agd agd.py: depth = number of parameter tensors; no learning rate."""

    def __init__(self, params, gain=1.0):
        params = list(params)
        self.depth, self.gain = len(params), gain
        for p in params:
            if p.dim() == 1:
                raise ValueError('Biases are not supported.')
        super().__init__(params, dict())
        self.step_sizes = []

    @torch.no_grad()
    def init(self):
        for p in self.param_groups[0]['params']:
            torch.nn.init.orthogonal_(p)
            p *= agd_singular_value(p)

    @torch.no_grad()
    def step(self):
        params = self.param_groups[0]['params']
        G = 0
        for p in params:
            G += agd_singular_value(p) * p.grad.norm(dim=(0, 1)).sum()
        G /= self.depth
        log = math.log(0.5 * (1 + math.sqrt(1 + 4 * G)))
        for p in params:
            factor = agd_singular_value(p) / p.grad.norm(dim=(0, 1), keepdim=True)
            p -= self.gain * log / self.depth * factor * p.grad
        self.step_sizes.append(log)


NS_COEFFICIENTS = (3.4445, -4.7750, 2.0315)


def newton_schulz5(G, steps=5):
    """Muon's quintic Newton-Schulz orthogonalisation, in float64 (the reference casts to bfloat16)."""
    a, b, c = NS_COEFFICIENTS
    X = G.clone()
    tall = G.size(-2) > G.size(-1)
    if tall:
        X = X.mT
    X = X / (X.norm(dim=(-2, -1), keepdim=True) + 1e-7)
    for _ in range(steps):
        A = X @ X.mT
        B = b * A + c * A @ A
        X = a * X + B @ X
    if tall:
        X = X.mT
    return X


def muon_step_update(grad, buf, beta):
    buf.lerp_(grad, 1 - beta)
    update = grad.lerp_(buf, beta)  # Nesterov; like the reference, this overwrites p.grad
    update = newton_schulz5(update)
    update *= max(1, grad.size(-2) / grad.size(-1)) ** 0.5
    return update


def aux_adam_update(grad, buf1, buf2, step, betas, eps):
    buf1.lerp_(grad, 1 - betas[0])
    buf2.lerp_(grad.square(), 1 - betas[1])
    return (buf1 / (1 - betas[0] ** step)) / ((buf2 / (1 - betas[1] ** step)).sqrt() + eps)


class MuonWithAuxAdam(torch.optim.Optimizer):
    """SingleDeviceMuonWithAuxAdam: groups say use_muon; missing keys take their kind's defaults."""

    def __init__(self, groups):
        for g in groups:
            if g['use_muon']:
                g.setdefault('lr', 0.02)
                g.setdefault('momentum', 0.95)
                g.setdefault('weight_decay', 0)
            else:
                g.setdefault('lr', 3e-4)
                g.setdefault('betas', (0.9, 0.95))
                g.setdefault('eps', 1e-10)
                g.setdefault('weight_decay', 0)
        super().__init__(groups, dict())

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            for p in group['params']:
                if p.grad is None:
                    p.grad = torch.zeros_like(p)
                st = self.state[p]
                if group['use_muon']:
                    if not st:
                        st['momentum_buffer'] = torch.zeros_like(p)
                    update = muon_step_update(p.grad, st['momentum_buffer'], group['momentum'])
                    p.mul_(1 - group['lr'] * group['weight_decay'])
                    p.add_(update.reshape(p.shape), alpha=-group['lr'])
                else:
                    if not st:
                        st['exp_avg'] = torch.zeros_like(p)
                        st['exp_avg_sq'] = torch.zeros_like(p)
                        st['step'] = 0
                    st['step'] += 1
                    update = aux_adam_update(p.grad, st['exp_avg'], st['exp_avg_sq'], st['step'],
                                             group['betas'], group['eps'])
                    p.mul_(1 - group['lr'] * group['weight_decay'])
                    p.add_(update, alpha=-group['lr'])


# A model with a tall first layer [8, 6] (Muon transposes it and scales by sqrt(8/6)), square hidden
# layers and a wide output layer.
FAMILY_MODEL = {'inputSize': 6, 'hiddenSize': 8, 'depth': 3, 'outputSize': 4}


def muon_groups(model, spec):
    """spec None: the plain-list split (2-D -> Muon, rest -> Adam); else a list of (names, hyper) groups."""
    named = dict(model.named_parameters())
    if spec is None:
        return [dict(params=[p for p in named.values() if p.ndim == 2], use_muon=True),
                dict(params=[p for p in named.values() if p.ndim != 2], use_muon=False)]
    return [dict(params=[named[n] for n in names], **hyper) for names, hyper in spec]


MUON_GROUPS = [
    (['layers.0.weight', 'layers.1.weight', 'layers.2.weight'],
     dict(use_muon=True, lr=0.05, momentum=0.9, weight_decay=0.1)),
    (['final.weight', 'layers.0.bias', 'layers.1.bias', 'layers.2.bias', 'final.bias'],
     dict(use_muon=False, lr=0.01, betas=(0.8, 0.99), eps=1e-8, weight_decay=0.01)),
]


def camel_groups(spec):
    keys = {'use_muon': 'useMuon', 'weight_decay': 'weightDecay'}
    return [dict(params=names, **{keys.get(k, k): (list(v) if isinstance(v, tuple) else v) for k, v in h.items()})
            for names, h in spec]


# (name, optimiser, init, trustgrad options or groups, factory(model) -> torch optimiser)
FAMILY_RUNS = [
    ('madam', 'Madam', 'simple', {}, lambda m: Madam(m.parameters())),
    ('madam_lr0.05_pscale1.2_gbound2', 'Madam', 'simple', {'lr': 0.05, 'pScale': 1.2, 'gBound': 2},
     lambda m: Madam(m.parameters(), lr=0.05, p_scale=1.2, g_bound=2.0)),
    ('agd', 'AGD', 'agd', {}, lambda m: AGD(m.parameters())),
    ('agd_gain0.5', 'AGD', 'agd', {'gain': 0.5}, lambda m: AGD(m.parameters(), gain=0.5)),
    ('muon', 'Muon', 'simple', {}, lambda m: MuonWithAuxAdam(muon_groups(m, None))),
    ('muon_groups', 'Muon', 'simple', {'groups': camel_groups(MUON_GROUPS)},
     lambda m: MuonWithAuxAdam(muon_groups(m, MUON_GROUPS))),
]


def family_model(init, states):
    if init == 'agd':
        m = FCN(FAMILY_MODEL['depth'] + 1, FAMILY_MODEL['hiddenSize'], FAMILY_MODEL['inputSize'], FAMILY_MODEL['outputSize'])
        with torch.no_grad():
            for n, p in fcn_names(m).items():
                p.copy_(states['agd'][n])
        return m, fcn_names(m)
    m = SimpleNet(FAMILY_MODEL['inputSize'], FAMILY_MODEL['hiddenSize'], FAMILY_MODEL['outputSize'], FAMILY_MODEL['depth'], False)
    m.load_state_dict(states['simple'])
    return m, dict(m.named_parameters())


def family_trajectory(states, x, y, name, optimiser, init, options, factory):
    model, named = family_model(init, states)
    opt = factory(model)
    losses, params = [], []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        losses.append(float(loss.item()))
        loss.backward()
        opt.step()
        params.append({n: flat(p) for n, p in named.items()})
        for n, p in named.items():
            if not torch.isfinite(p).all():
                raise RuntimeError(f'{name}: non-finite parameter {n}')
    entry = {'name': name, 'optimiser': optimiser, 'init': init, 'options': options, 'steps': STEPS,
             'losses': losses, 'params': params}
    if optimiser == 'AGD':
        entry['stepSizes'] = opt.step_sizes
    return entry


def make_family():
    torch.manual_seed(SEED + 16)
    simple = SimpleNet(FAMILY_MODEL['inputSize'], FAMILY_MODEL['hiddenSize'], FAMILY_MODEL['outputSize'], FAMILY_MODEL['depth'], False)
    fcn = FCN(FAMILY_MODEL['depth'] + 1, FAMILY_MODEL['hiddenSize'], FAMILY_MODEL['inputSize'], FAMILY_MODEL['outputSize'])
    AGD(fcn.parameters()).init()
    x = torch.randn(BATCH, FAMILY_MODEL['inputSize'])
    y = torch.randint(0, FAMILY_MODEL['outputSize'], (BATCH,))
    states = {
        'simple': {k: v.detach().clone() for k, v in simple.state_dict().items()},
        'agd': {n: p.detach().clone() for n, p in fcn_names(fcn).items()},
    }
    runs = [family_trajectory(states, x, y, *r) for r in FAMILY_RUNS]
    return {
        'generator': GENERATOR,
        'torch': torch.__version__,
        'model': FAMILY_MODEL,
        'x': [[float(v) for v in row] for row in x.tolist()],
        'y': [int(v) for v in y.tolist()],
        'inits': {k: {n: {'shape': list(t.shape), 'data': flat(t)} for n, t in st.items()} for k, st in states.items()},
        'runs': runs,
    }


# --------------------------------------------------------------------------- helpers

def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def write_json(name, obj):
    path = os.path.join(OUT, name)
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(obj, f, separators=(',', ':'), allow_nan=False)
        f.write('\n')
    return path


# Run table: (name, optimiser, camelCase options as trustgrad names them, torch factory)
RUNS = [
    ('sgd', 'SGD', {'lr': 0.1},
     lambda ps: torch.optim.SGD(ps, lr=0.1)),
    ('sgd_momentum', 'SGD', {'lr': 0.1, 'momentum': 0.9},
     lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9)),
    ('sgd_nesterov', 'SGD', {'lr': 0.05, 'momentum': 0.9, 'nesterov': True},
     lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True)),
    ('sgd_momentum_dampening_wd', 'SGD', {'lr': 0.1, 'momentum': 0.9, 'dampening': 0.5, 'weightDecay': 0.01},
     lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, dampening=0.5, weight_decay=0.01)),
    ('sgd_wd', 'SGD', {'lr': 0.1, 'weightDecay': 0.001},
     lambda ps: torch.optim.SGD(ps, lr=0.1, weight_decay=0.001)),
    ('adam', 'Adam', {'lr': 0.01},
     lambda ps: torch.optim.Adam(ps, lr=0.01)),
    ('adam_betas_eps_wd', 'Adam', {'lr': 0.01, 'betas': [0.8, 0.99], 'eps': 1e-6, 'weightDecay': 0.01},
     lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.01)),
    ('adam_amsgrad', 'Adam', {'lr': 0.01, 'amsgrad': True},
     lambda ps: torch.optim.Adam(ps, lr=0.01, amsgrad=True)),
    ('adamw', 'AdamW', {'lr': 0.01, 'weightDecay': 0.1},
     lambda ps: torch.optim.AdamW(ps, lr=0.01, weight_decay=0.1)),
    ('adamw_amsgrad', 'AdamW', {'lr': 0.003, 'amsgrad': True},
     lambda ps: torch.optim.AdamW(ps, lr=0.003, amsgrad=True)),
    ('fromage', 'Fromage', {'lr': 0.01},
     lambda ps: Fromage(ps, lr=0.01)),
    ('fromage_pbound', 'Fromage', {'lr': 0.1, 'pBound': 1.05},
     lambda ps: Fromage(ps, lr=0.1, p_bound=1.05)),
    ('lars', 'LARS', {'lr': 0.01},
     lambda ps: LARSPaper(ps, lr=0.01)),
    ('lars_lr0.1', 'LARS', {'lr': 0.1},
     lambda ps: LARSPaper(ps, lr=0.1)),
    ('rmsprop', 'RMSprop', {'lr': 0.01},
     lambda ps: torch.optim.RMSprop(ps, lr=0.01)),
    ('rmsprop_alpha_eps_wd', 'RMSprop', {'lr': 0.005, 'alpha': 0.9, 'eps': 1e-6, 'weightDecay': 0.01},
     lambda ps: torch.optim.RMSprop(ps, lr=0.005, alpha=0.9, eps=1e-6, weight_decay=0.01)),
    ('rmsprop_momentum_centered', 'RMSprop', {'lr': 0.002, 'momentum': 0.9, 'centered': True},
     lambda ps: torch.optim.RMSprop(ps, lr=0.002, momentum=0.9, centered=True)),
    ('rmsprop_centered', 'RMSprop', {'lr': 0.005, 'centered': True},
     lambda ps: torch.optim.RMSprop(ps, lr=0.005, centered=True)),
    ('adagrad', 'Adagrad', {'lr': 0.1},
     lambda ps: torch.optim.Adagrad(ps, lr=0.1)),
    ('adagrad_all_options', 'Adagrad', {'lr': 0.1, 'lrDecay': 0.05, 'weightDecay': 0.01, 'initialAccumulatorValue': 0.1, 'eps': 1e-8},
     lambda ps: torch.optim.Adagrad(ps, lr=0.1, lr_decay=0.05, weight_decay=0.01, initial_accumulator_value=0.1, eps=1e-8)),
]

# Runs with a scheduler stepped after every optimiser step: (name, optimiser, options, factory, scheduler as
# trustgrad names it, torch factory). OneCycleLR also cycles SGD's momentum and Adam's β1.
SCHEDULED_RUNS = [
    ('sgd_steplr', 'SGD', {'lr': 0.1, 'momentum': 0.9}, lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9),
     {'type': 'StepLR', 'stepSize': 5, 'gamma': 0.5}, lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=5, gamma=0.5)),
    ('sgd_onecycle', 'SGD', {'lr': 0.1, 'momentum': 0.9}, lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9),
     {'type': 'OneCycleLR', 'maxLr': 0.2, 'totalSteps': STEPS}, lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=0.2, total_steps=STEPS)),
    ('adamw_onecycle', 'AdamW', {'lr': 0.01}, lambda ps: torch.optim.AdamW(ps, lr=0.01),
     {'type': 'OneCycleLR', 'maxLr': 0.02, 'totalSteps': STEPS, 'threePhase': True}, lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=0.02, total_steps=STEPS, three_phase=True)),
]


def run_trajectory(state, x, y, name, optimiser, options, factory, scheduler=None, make_scheduler=None):
    model = make_model(False, state)
    opt = factory(list(model.parameters()))
    sched = make_scheduler(opt) if make_scheduler is not None else None
    losses, params, lrs = [], [], []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        losses.append(float(loss.item()))
        loss.backward()
        lrs.append(float(opt.param_groups[0]['lr']))
        opt.step()
        if sched is not None:
            sched.step()
        params.append({n: flat(p) for n, p in model.named_parameters()})
        for n, p in model.named_parameters():
            if not torch.isfinite(p).all():
                raise RuntimeError(f'{name}: non-finite parameter {n}')
    entry = {'name': name, 'optimiser': optimiser, 'options': options, 'steps': STEPS}
    if sched is not None:
        entry['scheduler'] = scheduler
        entry['lrs'] = lrs
    entry['losses'] = losses
    entry['params'] = params
    return entry


def forward_entry(state, x, y, residual):
    model = make_model(residual, state)
    logits = model(x)
    loss = F.cross_entropy(logits, y)
    loss.backward()
    return {
        'logits': flat(logits),
        'loss': float(loss.item()),
        'grads': {n: flat(p.grad) for n, p in model.named_parameters()},
    }


# --------------------------------------------------------------------------- second order

HESSIAN_SEED = 20200226


def hessian_entry(state, x, y, residual, activation, vectors):
    """Loss, gradient and H·v for each v (double backward with create_graph=True), and the spectrum of the
    full Hessian (torch.autograd.functional.hessian of the loss in the flattened parameters, eigvalsh)."""
    model = make_model(residual, state, activation)
    names = [n for n, _ in model.named_parameters()]
    params = list(model.parameters())
    loss = F.cross_entropy(model(x), y)
    grads = torch.autograd.grad(loss, params, create_graph=True)
    products = []
    for v in vectors:
        gv = sum((g * v[n]).sum() for g, n in zip(grads, names))
        hv = torch.autograd.grad(gv, params, retain_graph=True)
        products.append({n: flat(h) for n, h in zip(names, hv)})

    shapes = [p.shape for p in params]
    sizes = [p.numel() for p in params]

    def loss_of(flat_params):
        chunks = torch.split(flat_params, sizes)
        tensors = {n: c.reshape(s) for n, c, s in zip(names, chunks, shapes)}
        return F.cross_entropy(torch.func.functional_call(model, tensors, (x,)) if hasattr(torch, 'func')
                               else torch.nn.utils.stateless.functional_call(model, tensors, (x,)), y)

    theta = torch.cat([p.detach().reshape(-1) for p in params])
    hessian = torch.autograd.functional.hessian(loss_of, theta)
    assert torch.allclose(hessian, hessian.T, atol=1e-12)

    def spectrum(h):
        ev = torch.linalg.eigvalsh(h)
        by_magnitude = sorted(ev.tolist(), key=abs, reverse=True)
        return {'top': by_magnitude[0], 'second': by_magnitude[1] if len(by_magnitude) > 1 else 0.0,
                'max': float(ev.max()), 'min': float(ev.min())}

    blocks = {}
    offset = 0
    for n, size in zip(names, sizes):
        blocks[n] = spectrum(hessian[offset:offset + size, offset:offset + size])
        offset += size
    return {
        'residual': residual,
        'activation': activation,
        'loss': float(loss.item()),
        'grads': {n: flat(g) for n, g in zip(names, grads)},
        'hvp': products,
        'eigen': spectrum(hessian),
        'blockEigen': blocks,
    }


def make_hessian(state, x, y):
    gen = torch.Generator().manual_seed(HESSIAN_SEED)
    vectors = [{n: torch.randn(v.shape, generator=gen, dtype=torch.float64) for n, v in state.items()} for _ in range(2)]
    cases = {}
    for residual in (False, True):
        for activation in ('relu', 'tanh'):
            name = f"{'residual' if residual else 'plain'}-{activation}"
            cases[name] = hessian_entry(state, x, y, residual, activation, vectors)
    return {
        'generator': GENERATOR,
        'torch': torch.__version__,
        'model': MODEL,
        'x': [[float(v) for v in row] for row in x.tolist()],
        'y': [int(v) for v in y.tolist()],
        'params': {n: {'shape': list(v.shape), 'data': flat(v)} for n, v in state.items()},
        'vectors': [{n: flat(t) for n, t in v.items()} for v in vectors],
        'cases': cases,
    }


# --------------------------------------------------------------------------- safetensors (hand-written)

# Order of the Rust crate's Dtype enum (used for "descending alignment" sorting).
_DTYPE_RANK = {'BOOL': 0, 'U8': 1, 'I8': 2, 'I16': 5, 'U16': 6, 'F16': 7, 'BF16': 8,
               'I32': 9, 'U32': 10, 'F32': 11, 'F64': 12, 'I64': 13, 'U64': 14}
_NP_LE = {'F64': '<f8', 'F32': '<f4', 'F16': '<f2', 'I64': '<i8'}
_TORCH = {'F64': torch.float64, 'F32': torch.float32, 'F16': torch.float16, 'BF16': torch.bfloat16, 'I64': torch.int64}


def raw_bytes(dtype, t):
    t = t.detach().contiguous()
    if dtype == 'BF16':  # numpy has no bfloat16: the bits, as int16, little-endian on x86
        return t.to(torch.bfloat16).view(torch.int16).numpy().astype('<i2').tobytes()
    return t.to(_TORCH[dtype]).numpy().astype(_NP_LE[dtype]).tobytes()


def safetensors_bytes(tensors, metadata):
    """tensors: {name: (dtype, torch.Tensor)}. Mirrors safetensors' prepare()/serialize():
    sort by dtype descending then name, contiguous offsets, header = compact JSON with
    __metadata__ first then tensors in offset order, space-padded so 8 + N % 8 == 0."""
    items = sorted(tensors.items(), key=lambda kv: (-_DTYPE_RANK[kv[1][0]], kv[0]))
    header = {'__metadata__': metadata}
    blobs = []
    offset = 0
    for name, (dtype, t) in items:
        raw = raw_bytes(dtype, t)
        header[name] = {'dtype': dtype, 'shape': list(t.shape), 'data_offsets': [offset, offset + len(raw)]}
        offset += len(raw)
        blobs.append(raw)
    hb = json.dumps(header, separators=(',', ':'), ensure_ascii=False).encode('utf-8')
    hb += b' ' * ((8 - len(hb) % 8) % 8)
    return struct.pack('<Q', len(hb)) + hb + b''.join(blobs)


def write_bytes(name, data):
    path = os.path.join(OUT, name)
    with open(path, 'wb') as f:
        f.write(data)
    return path


# --------------------------------------------------------------------------- schedulers

SCHED_STEPS = 30
# Plateaus, a worsening, a sub-threshold "improvement" (0.89995 vs best 0.9, rel 1e-4),
# an improvement during cooldown (step 10), and enough bad epochs to hit the minLr clamp.
PLATEAU_METRICS = [
    1.0, 0.9, 0.9, 0.9, 0.95, 0.9, 0.89995, 0.9, 0.9, 0.8,
    0.8, 0.85, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.81, 0.8,
    0.8, 0.8, 0.82, 0.8, 0.8, 0.8, 0.8, 0.83, 0.8, 0.8,
]


def scheduler_lrs(make, metrics=None, momentum=None):
    """The lr after construction and after each of SCHED_STEPS steps; with `momentum`, that group key too."""
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1, momentum=0.9)
    sched = make(opt)
    lrs = [float(opt.param_groups[0]['lr'])]
    moms = [float(opt.param_groups[0]['momentum'])]
    for i in range(SCHED_STEPS):
        opt.step()  # p.grad is None: no-op, but keeps torch's call-order check quiet
        if metrics is None:
            sched.step()
        else:
            sched.step(metrics[i])
        lrs.append(float(opt.param_groups[0]['lr']))
        moms.append(float(opt.param_groups[0]['momentum']))
    return (lrs, moms) if momentum else lrs


def make_schedulers():
    lr_sched = torch.optim.lr_scheduler
    out = []
    out.append({'type': 'LambdaLR', 'options': {'lambda': '0.95**epoch'},
                'lrs': scheduler_lrs(lambda o: lr_sched.LambdaLR(o, lambda e: 0.95 ** e))})
    out.append({'type': 'ExponentialLR', 'options': {'gamma': 0.9},
                'lrs': scheduler_lrs(lambda o: lr_sched.ExponentialLR(o, gamma=0.9))})
    out.append({'type': 'StepLR', 'options': {'stepSize': 7, 'gamma': 0.3},
                'lrs': scheduler_lrs(lambda o: lr_sched.StepLR(o, step_size=7, gamma=0.3))})
    out.append({'type': 'CosineAnnealingLR', 'options': {'tMax': 10, 'etaMin': 0.001},
                'lrs': scheduler_lrs(lambda o: lr_sched.CosineAnnealingLR(o, T_max=10, eta_min=0.001))})
    out.append({'type': 'ReduceLROnPlateau',
                'options': {'mode': 'min', 'factor': 0.5, 'patience': 2, 'threshold': 1e-4,
                            'thresholdMode': 'rel', 'cooldown': 1, 'minLr': 0.001},
                'metrics': PLATEAU_METRICS,
                'lrs': scheduler_lrs(lambda o: lr_sched.ReduceLROnPlateau(
                    o, mode='min', factor=0.5, patience=2, threshold=1e-4, threshold_mode='rel',
                    cooldown=1, min_lr=0.001), PLATEAU_METRICS)})
    out.append({'type': 'MultiStepLR', 'options': {'milestones': [3, 7, 7, 12], 'gamma': 0.5},
                'lrs': scheduler_lrs(lambda o: lr_sched.MultiStepLR(o, milestones=[3, 7, 7, 12], gamma=0.5))})
    out.append({'type': 'LinearLR', 'options': {'startFactor': 0.25, 'totalIters': 8},
                'lrs': scheduler_lrs(lambda o: lr_sched.LinearLR(o, start_factor=0.25, total_iters=8))})
    out.append({'type': 'LinearLR', 'options': {'startFactor': 1.0, 'endFactor': 0.1, 'totalIters': 10},
                'lrs': scheduler_lrs(lambda o: lr_sched.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=10))})
    for options, kwargs in [({'maxLr': 1.0, 'totalSteps': SCHED_STEPS}, {'max_lr': 1.0, 'total_steps': SCHED_STEPS}),
                            ({'maxLr': 0.5, 'epochs': 8, 'stepsPerEpoch': 4, 'pctStart': 0.25, 'annealStrategy': 'linear', 'divFactor': 10, 'finalDivFactor': 100},
                             {'max_lr': 0.5, 'epochs': 8, 'steps_per_epoch': 4, 'pct_start': 0.25, 'anneal_strategy': 'linear', 'div_factor': 10.0, 'final_div_factor': 100.0}),
                            ({'maxLr': 0.3, 'totalSteps': 40, 'threePhase': True, 'baseMomentum': 0.8, 'maxMomentum': 0.9},
                             {'max_lr': 0.3, 'total_steps': 40, 'three_phase': True, 'base_momentum': 0.8, 'max_momentum': 0.9})]:
        lrs, moms = scheduler_lrs(lambda o, k=kwargs: lr_sched.OneCycleLR(o, **k), momentum=True)
        out.append({'type': 'OneCycleLR', 'options': options, 'lrs': lrs, 'momenta': moms})
    out.append({'type': 'SequentialLR', 'options': {'schedulers': [{'type': 'LinearLR', 'startFactor': 0.1, 'totalIters': 5}, {'type': 'ExponentialLR', 'gamma': 0.9}], 'milestones': [5]},
                'lrs': scheduler_lrs(lambda o: lr_sched.SequentialLR(o, [lr_sched.LinearLR(o, start_factor=0.1, total_iters=5), lr_sched.ExponentialLR(o, gamma=0.9)], milestones=[5]))})
    out.append({'type': 'SequentialLR', 'options': {'schedulers': [{'type': 'LinearLR', 'startFactor': 0.5, 'totalIters': 4}, {'type': 'StepLR', 'stepSize': 3, 'gamma': 0.5},
                                                                   {'type': 'CosineAnnealingLR', 'tMax': 8, 'etaMin': 0.001}], 'milestones': [4, 12]},
                'lrs': scheduler_lrs(lambda o: lr_sched.SequentialLR(o, [lr_sched.LinearLR(o, start_factor=0.5, total_iters=4), lr_sched.StepLR(o, step_size=3, gamma=0.5),
                                                                      lr_sched.CosineAnnealingLR(o, T_max=8, eta_min=0.001)], milestones=[4, 12]))})
    return {'generator': GENERATOR, 'torch': torch.__version__, 'baseLr': 0.1, 'steps': SCHED_STEPS,
            'schedulers': out}


# --------------------------------------------------------------------------- main

def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(SEED)
    init = SimpleNet(MODEL['inputSize'], MODEL['hiddenSize'], MODEL['outputSize'], MODEL['depth'], False)
    x = torch.randn(BATCH, MODEL['inputSize'])
    y = torch.randint(0, MODEL['outputSize'], (BATCH,))
    state = {k: v.detach().clone() for k, v in init.state_dict().items()}
    for v in state.values():
        assert v.dtype == torch.float64

    runs = [run_trajectory(state, x, y, *r) for r in RUNS]
    runs += [run_trajectory(state, x, y, *r) for r in SCHEDULED_RUNS]

    mlp = {
        'generator': GENERATOR,
        'torch': torch.__version__,
        'model': MODEL,
        'x': [[float(v) for v in row] for row in x.tolist()],
        'y': [int(v) for v in y.tolist()],
        'params': {n: {'shape': list(p.shape), 'data': flat(p)} for n, p in init.named_parameters()},
        'forward': {
            'plain': forward_entry(state, x, y, False),
            'residual': forward_entry(state, x, y, True),
        },
        'runs': runs,
    }
    written = [write_json('torch-mlp.json', mlp)]
    written.append(write_json('torch-schedulers.json', make_schedulers()))
    written.append(write_json('torch-hessian.json', make_hessian(state, x, y)))
    written.append(write_json('torch-family.json', make_family()))
    torch.manual_seed(SEED)  # the nn fixtures' own modules draw their initial weights from here
    written.append(write_json('torch-nn.json', make_nn(GENERATOR)))
    written.append(write_json('torch-ops.json', make_ops()))

    written.append(write_bytes('torch-mlp.safetensors', safetensors_bytes(
        {n: ('F64', t) for n, t in state.items()}, {'format': 'pt'})))

    mixed = {
        'a': ('F64', torch.tensor([[0.1, -2.5, math.pi], [1e-300, -1.5e300, 6.02214076e23]], dtype=torch.float64)),
        'b': ('F32', torch.tensor([1.0, -0.5, 0.1, 16777217.0], dtype=torch.float32)),
        'c': ('F64', torch.tensor(math.e, dtype=torch.float64)),
    }
    written.append(write_bytes('mixed.safetensors', safetensors_bytes(mixed, {'format': 'pt'})))
    # Expected values as float64: F32 entries are the float32 values widened exactly.
    written.append(write_json('mixed.json', {
        n: {'dtype': d, 'shape': list(t.shape), 'data': [float(v) for v in t.double().reshape(-1).tolist()]}
        for n, (d, t) in mixed.items()
    }))
    written += half_checkpoint()
    for path in written:
        print(f'{os.path.relpath(path, ROOT)}  {os.path.getsize(path)} bytes')


def half_checkpoint():
    """A model trained in float64, saved the way large checkpoints are shared: weights BF16, biases F16."""
    torch.manual_seed(SEED)
    model = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3), nn.Linear(3, 2))
    model(torch.randn(8, 4) * 2 + 1)  # one training batch: running statistics and num_batches_tracked move
    model.eval()
    kinds = {'weight': 'BF16', 'bias': 'F16', 'running_mean': 'F32', 'running_var': 'F32', 'num_batches_tracked': 'I64'}
    state = model.state_dict()
    tensors = {n: (kinds[n.split('.')[-1]], t) for n, t in state.items()}
    # What a reader gets: each value rounded to its storage type, then widened to float64 exactly.
    widened = {n: t.to(_TORCH[d]).double() for n, (d, t) in tensors.items()}
    model.load_state_dict({n: w.to(state[n].dtype) for n, w in widened.items()})
    x = torch.randn(5, 4)
    with torch.no_grad():
        y = model(x)
    return [write_bytes('half.safetensors', safetensors_bytes(tensors, {'format': 'pt'})),
            write_json('half.json', {'tensors': {n: {'dtype': tensors[n][0], 'shape': list(w.shape), 'data': flat(w)} for n, w in widened.items()},
                                     'x': tensor_entry(x), 'y': tensor_entry(y)})]


def tensor_entry(t):
    return {'shape': list(t.shape), 'data': flat(t)}


if __name__ == '__main__':
    main()
