// A sweep: a grid of configs → rows in rows.jsonl. The grid is deduplicated and sorted by key (the
// canonical order every shard agrees on); shard i/n keeps the configs the balancer gives it; with
// `resume`, keys already in the log are skipped. Each finished run is appended at once, so a sweep
// killed at any moment loses at most the runs in flight.
//
// Shards are balanced by estimated cost (multiply–adds), not by position: a depth-50 run costs 50× a
// depth-1 run, so position mod n can hand one shard most of the work. The balancer is the greedy
// longest-first rule (each job, costliest first, to the shard with the least cost so far; ties by key and
// by shard index), a pure function of the grid, so every shard computes the same split on its own.
//
// Within a shard, the plan's main grid (Figure 3's three optimisers) runs before everything else, and
// each part goes seed by seed (every run of seed 0, then of seed 1, …), costliest first within a seed:
// the claims need a seed's whole grid before they can say anything about it, so a sweep stopped early
// leaves complete seeds of the main figure rather than a little of everything.
import type { Config, Outcome, Row } from './configs.ts';
import { NO_PROBES, type ProbeRegistry } from './probe-registry.ts';
import { keyOf, RowLog } from './rows.ts';
import { estimateCost } from './tasks.ts';
import { SweepProgress } from './progress.ts';
import { runJobs, type Job, type Pool } from './workers.ts';

/** Which part of the grid to run: `{ index: 0, count: 3 }` is shard 0/3. */
export interface Shard {
  index: number;
  count: number;
}

/** Options of {@link sweep}. */
export interface SweepOptions {
  log: RowLog;
  pool: Pool;
  shard?: Shard | null;
  /** Skip keys already in the log (otherwise a present key is an error). */
  resume?: boolean;
  title?: string;
  /** Keys to run before all others (the main figure's grid), see {@link runOrder}. */
  first?: ReadonlySet<string>;
  /** One-line description of a finished run, for progress output. */
  describe?: (outcome: Outcome, seconds: number) => string;
}

/** What a sweep did. */
export interface SweepSummary {
  ran: number;
  skipped: number;
  errors: string[];
}

const byKey = (a: Job, b: Job): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Splits jobs into `count` parts of near-equal total cost (greedy, costliest first). `balance(jobs, 4)` */
export function balance(jobs: readonly Job[], count: number): Job[][] {
  const parts: Job[][] = Array.from({ length: count }, () => []);
  const load = new Float64Array(count);
  for (const job of [...jobs].sort((a, b) => b.cost - a.cost || byKey(a, b))) {
    let least = 0;
    for (let i = 1; i < count; i++) if (load[i] < load[least]) least = i;
    parts[least].push(job);
    load[least] += job.cost;
  }
  return parts.map((p) => p.sort(byKey));
}

/** The grid as jobs: unique configs, sorted by key, then this shard's part. */
export function planGrid(configs: Config[], shard: Shard | null = null, registry: ProbeRegistry = NO_PROBES): Job[] {
  const unique = new Map<string, Config>();
  for (const config of configs) unique.set(keyOf(config), config);
  const jobs = [...unique].map(([key, config]) => ({ key, config, cost: estimateCost(config, registry) })).sort(byKey);
  return shard === null ? jobs : balance(jobs, shard.count)[shard.index];
}

const seedOf = (c: Config): number => ('seed' in c && typeof c.seed === 'number' ? c.seed : 0);

/**
 * The order a sweep runs its jobs in: the keys in `first` before the others, each part seed by seed, and
 * costliest first within a seed (with a pool, the last runs of a seed to finish are then short ones).
 * `runOrder(planGrid(configs), mainKeys)`
 */
export function runOrder(jobs: readonly Job[], first: ReadonlySet<string> = new Set()): Job[] {
  const rank = (j: Job): number => (first.has(j.key) ? 0 : 1);
  return [...jobs].sort((a, b) => rank(a) - rank(b) || seedOf(a.config) - seedOf(b.config) || b.cost - a.cost || byKey(a, b));
}

/** Runs the grid, appending a row per finished run. `await sweep(configs, { log, pool: { workers: 2, threads: 1, registry }, resume: true })` */
export async function sweep(configs: Config[], options: SweepOptions): Promise<SweepSummary> {
  const all = planGrid(configs, options.shard ?? null, options.pool.registry);
  const present = all.filter((j) => options.log.keys.has(j.key));
  if (present.length > 0 && options.resume !== true) {
    throw new Error(`${options.log.path} already holds ${present.length} of these runs (pass --resume to skip them, or choose another --out)`);
  }
  const jobs = runOrder(all.filter((j) => !options.log.keys.has(j.key)), options.first);
  const progress = new SweepProgress(jobs, options.title ?? 'sweep');
  const errors: string[] = [];
  let ran = 0;
  try {
    await runJobs(jobs, options.pool, {
      progress: (job, f) => progress.progress(job, f),
      done: (job, outcome, seconds) => {
        const row: Row = { ...outcome, key: job.key, meta: { ...outcome.meta, seconds, finishedAt: new Date().toISOString() } };
        options.log.append(row);
        ran++;
        progress.finish(job, options.describe?.(outcome, seconds) ?? `${job.key} (${seconds.toFixed(1)} s)`);
      },
      failed: (job, message) => {
        errors.push(`${job.key}: ${message}`);
        progress.finish(job, `FAILED ${job.key}`);
      },
    });
  } finally {
    progress.stop();
  }
  return { ran, skipped: present.length, errors };
}
