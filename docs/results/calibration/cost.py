"""Estimated trustgrad cost of a regime grid, scaled by multiply-adds from one measured point.

Cost model (issue 11 brief): seconds per step proportional to batch * (784*W + (depth-1)*W^2 + 10*W) * 3, anchored
at REF_MS per step for width 128, depth 24, batch 128 (SIMD kernel target; the scalar kernel measured 183 ms).
Usage: python3 cost.py [REF_MS]   (prints the cost of the regimes defined in REGIMES)"""
import sys

REF_MS = float(sys.argv[1]) if len(sys.argv) > 1 else 80.0


def macs(width, depth, batch):
    return batch * (784 * width + (depth - 1) * width ** 2 + 10 * width) * 3


SEC_PER_MAC = REF_MS / 1000 / macs(128, 24, 128)


def run_secs(width, depth, batch, steps):
    return steps * macs(width, depth, batch) * SEC_PER_MAC


def grid_secs(runs):
    """runs: iterable of (width, depth, batch, steps, count)."""
    return sum(run_secs(w, d, b, t) * n for w, d, b, t, n in runs)


def regime(width, batch, steps, depths_by_opt, lrs=3, seeds=3, controls=()):
    runs = [(width, d, batch, steps, lrs * seeds) for ds in depths_by_opt.values() for d in ds]
    return grid_secs(runs), grid_secs(controls)


if __name__ == '__main__':
    G = dict(sgd=[4, 8, 10, 12, 16], adam=[4, 8, 16, 20, 24, 28, 32], fromage=[4, 8, 16, 24, 32, 40, 50])
    W, B, T = 128, 64, 3000
    # seed 0 at all three lrs, seeds 1 and 2 at the optimiser's calibrated lr: 5 runs per (optimiser, depth)
    main = grid_secs([(W, d, B, T, 5) for ds in G.values() for d in ds])
    controls = {
        'SGD Kaiming lr 0.01, depths 16 24 32, 3 seeds': [(W, d, B, T, 3) for d in (16, 24, 32)],
        'paper-LARS lr 0.01, depths 24 32 40, 3 seeds': [(W, d, B, T, 3) for d in (24, 32, 40)],
        'width 64 and 256 at depth 24, Adam 1e-4 and Fromage 0.01, 1 seed': [(w, 24, B, T, 2) for w in (64, 256)],
    }
    total = main
    print(f'main grid W{W} B{B} T{T}: {main / 3600:.2f} worker-h')
    for k, runs in controls.items():
        c = grid_secs(runs)
        total += c
        print(f'  control {k}: {c / 3600:.2f} worker-h')
    print(f'total {total / 3600:.2f} worker-h = {total / 7200:.2f} h on 2 workers at {REF_MS} ms/step reference')
