// The trainability rule of Figure 3, written once (docs/results/calibration/calibration.md §3, fixed
// before the seed runs): an optimiser TRAINS at a depth, for one seed, when its best learning rate (the
// max over the lrs run with that seed) reaches accuracy ≥ τ (0.2 in every scale); a run that diverged
// does not train. A seed's LARGEST TRAINABLE DEPTH is the largest grid depth at which it trains (0 when
// none); over seeds it is reported as mean ± sd. Why τ = 0.2: a dead net predicts one class and sits at
// that class's frequency (0.086–0.113 in these digits, sd 0.003 over a 200-minibatch window), so 0.2 is
// more than 30 sd above every dead run and ≈ 2× chance; no calibration run ended between 0.14 and 0.25.
import type { RowOf } from './configs.ts';
import type { Measured } from '../claims/types.ts';

/** One seed's answer: its largest trainable depth, whether that is the grid's deepest, and runs missing. */
export interface SeedLimit {
  seed: number;
  depth: number;
  atGridMax: boolean;
  /** Grid runs (depth × lr) of this seed not in the rows: the limit is unknown while > 0. */
  missing: number;
}

/** A run's accuracy for the rule: a diverged run (or one without accuracy) counts as not trained. */
export function ruleAccuracy(r: RowOf<'train'>): number {
  return r.result.diverged || r.result.accuracy === null ? -Infinity : r.result.accuracy;
}

/**
 * The largest trainable depth per seed of one optimiser's runs (rows already filtered to one
 * optimiser, width and init), on the grid `depths` with the lrs `lrsOf(seed)`.
 * `seedLimits(rows, [4, 8, 10], [0, 1], () => [0.01], 0.2)`
 */
export function seedLimits(rows: readonly RowOf<'train'>[], depths: readonly number[], seeds: readonly number[], lrsOf: (seed: number) => readonly (number | null)[], threshold: number): SeedLimit[] {
  const grid = [...depths].sort((a, b) => a - b);
  return seeds.map((seed) => {
    let depth = 0;
    let missing = 0;
    for (const d of grid) {
      let best = -Infinity;
      for (const lr of lrsOf(seed)) {
        const row = rows.find((r) => r.config.seed === seed && r.config.depth === d && r.config.lr === lr);
        if (row === undefined) missing++;
        else best = Math.max(best, ruleAccuracy(row));
      }
      if (best >= threshold) depth = d;
    }
    return { seed, depth, atGridMax: depth === grid[grid.length - 1], missing };
  });
}

/** The complete seeds' limits (no run missing). */
export function complete(limits: readonly SeedLimit[]): SeedLimit[] {
  return limits.filter((l) => l.missing === 0);
}

/** Mean ± sample sd (0 for one value) of `values`. `measured([8, 8, 10], 'hidden layers')` */
export function measured(values: readonly number[], unit: string): Measured {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, n, unit };
}

/** The largest depth whose best accuracy over lrs reaches `threshold`, in a table depth → lr → accuracy (the paper's logs). */
export function paperLimit(byLr: Record<string, Record<string, number>>, threshold: number): number {
  const depths = new Set(Object.values(byLr).flatMap((d) => Object.keys(d).map(Number)));
  let limit = 0;
  for (const d of depths) if (Object.values(byLr).some((acc) => (acc[d] ?? -Infinity) >= threshold) && d > limit) limit = d;
  return limit;
}

/** The grid depths just below and just above `depth` (the grid's ends when there is none). */
export function gridNeighbours(depths: readonly number[], depth: number): [number, number] {
  const grid = [...depths].sort((a, b) => a - b);
  const below = grid.filter((d) => d < depth);
  const above = grid.filter((d) => d > depth);
  return [below.length > 0 ? below[below.length - 1] : 0, above.length > 0 ? above[0] : Infinity];
}
