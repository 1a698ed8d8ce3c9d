"""Tables for calibration.md from rows.jsonl.

A run's accuracy at step T is its acc_at[T] (mean training accuracy over the 200 minibatches ending at T). The lr
schedule depends only on the step index (decay=epoch: lr * 0.95**(step // steps_per_epoch)), so a run of more than T
steps is the same computation as a run of T steps up to T, and acc_at[T] of a longer run stands for a T-step run. A run that diverged (non-finite loss) before T counts as accuracy 0 (it does not train).

Trainability rule (written before the seed runs came in): an optimiser trains at a depth, for one seed, when its
best lr (max over the lrs run with that seed) reaches acc >= TAU at step T. TAU = 0.2: dead nets predict one class
and sit at its frequency (0.086-0.113 in these 10,000 digits; binomial sd of a 200-minibatch mean at batch 64 is
0.003), so 0.2 is >30 sd above any dead net and means the net has left the collapsed state that Figure 3 shows.
The stricter TAU = 0.5 (the majority of training digits right) is printed beside it.
Largest trainable depth of a seed = the largest grid depth at which it trains; mean +- sd over seeds.
Usage: python3 analyse.py [rows.jsonl]"""
import json, statistics, sys
from collections import defaultdict

ALL = [json.loads(l) for l in open(sys.argv[1] if len(sys.argv) > 1 else 'rows.jsonl') if l.strip()]


def _dedupe(rows):
    """Runs that differ only in steps are one computation up to the shorter one's end: keep the longest."""
    best = {}
    for r in rows:
        k = tuple(r[f] for f in ('depth', 'width', 'opt', 'lr', 'dtype', 'seed', 'batch', 'init', 'decay'))
        if k not in best or r['steps'] > best[k]['steps']:
            best[k] = r
    return list(best.values())


ROWS = _dedupe(ALL)


def acc(r, T):
    if r['diverged_at'] is not None and r['diverged_at'] < T:
        return 0.0
    return r['acc_at'].get(str(T))


def select(T, **match):
    out = []
    for r in ROWS:
        if all(r[k] == v for k, v in match.items()):
            a = acc(r, T)
            if a is not None:
                out.append((r, a))
    return out


def cell(vals):
    if not vals:
        return ''
    if len(vals) == 1:
        return f'{vals[0]:.3f}'
    return f'{statistics.mean(vals):.3f} ± {statistics.stdev(vals):.3f} (n={len(vals)})'


def lr_table(T, opts, **match):
    """Markdown table: rows (opt, lr), columns depths; cell = mean ± sd over seeds of acc at T."""
    data = defaultdict(list)
    for r, a in select(T, **match):
        if r['opt'] in opts:
            data[(r['opt'], r['lr'], r['depth'])].append(a)
    depths = sorted({k[2] for k in data})
    lines = ['| opt | lr | ' + ' | '.join(f'd={d}' for d in depths) + ' |',
             '|---|---|' + '---|' * len(depths)]
    for o in opts:
        for lr in sorted({k[1] for k in data if k[0] == o}, reverse=True):
            lines.append(f'| {o} | {lr:g} | ' + ' | '.join(cell(data.get((o, lr, d), [])) for d in depths) + ' |')
    return '\n'.join(lines)


def largest_depth(T, tau, opts, **match):
    """Per optimiser: per-seed largest trainable depth (best lr per seed), mean ± sd."""
    best = defaultdict(dict)  # (opt, seed) -> depth -> best acc
    for r, a in select(T, **match):
        if r['opt'] in opts:
            d = best[(r['opt'], r['seed'])]
            d[r['depth']] = max(d.get(r['depth'], 0.0), a)
    out = {}
    for o in opts:
        per_seed = {}
        for (oo, s), d in best.items():
            if oo == o:
                ok = [dep for dep, a in d.items() if a >= tau]
                per_seed[s] = max(ok) if ok else 0
        vals = list(per_seed.values())
        out[o] = (per_seed, statistics.mean(vals) if vals else None, statistics.stdev(vals) if len(vals) > 1 else 0.0)
    return out


if __name__ == '__main__':
    print('## Screen: width 64 and 128, batch 128, seed 0 (acc at 1000 / 2000 / 3000 steps)\n')
    for W in (64, 128):
        for T in (1000, 2000, 3000):
            print(f'### width {W}, batch 128, T={T}\n')
            print(lr_table(T, ['sgd', 'adam', 'fromage'], width=W, batch=128, init='default', dtype='f32') + '\n')
    for decay in ('none', 'epoch'):
        for T in (2000, 3000):
            print(f'## Regime: width 128, batch 64, decay {decay}, T={T}, mean ± sd over seeds\n')
            m = dict(width=128, batch=64, init='default', dtype='f32', decay=decay)
            print(lr_table(T, ['sgd', 'adam', 'fromage', 'lars'], **m) + '\n')
            for tau in (0.2, 0.5):
                res = largest_depth(T, tau, ['sgd', 'adam', 'fromage', 'lars'], **m)
                print(f'largest trainable depth, decay {decay}, T={T}, tau={tau}: ' + '; '.join(
                    f'{o} {mm:.1f} ± {sd:.1f} per seed {dict(sorted(ps.items()))}' for o, (ps, mm, sd) in res.items()
                    if mm is not None) + '\n')
    print('## Controls and spot checks (width 128 unless said, batch 64, T=3000, seed 0)\n')
    for r in ROWS:
        if r['batch'] == 64 and (r['init'] != 'default' or r['opt'] == 'lars' or r['dtype'] == 'f64'
                                 or r['decay'] != 'none' or r['width'] != 128):
            print(f"- {r['opt']} lr {r['lr']:g} depth {r['depth']} width {r['width']} init {r['init']} "
                  f"decay {r['decay']} {r['dtype']} seed {r['seed']}: acc@2000 {acc(r, 2000)}, acc@3000 {acc(r, 3000)}, "
                  f"curve {r['acc_at']}, ms/step {r['ms_per_step']}")
