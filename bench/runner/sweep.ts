// A sweep: a grid of configs → rows in rows.jsonl. The grid is deduplicated and sorted by key (the
// canonical order every shard agrees on); shard i/n keeps the configs at positions ≡ i (mod n); with
// `resume`, keys already in the log are skipped. Each finished run is appended at once, so a sweep
// killed at any moment loses at most the runs in flight.
import type { Config, Outcome, Row } from './configs.ts';
import { keyOf, RowLog } from './rows.ts';
import { estimateCost } from './tasks.ts';
import { SweepProgress } from './progress.ts';
import { runJobs, type Job } from './workers.ts';

/** Which slice of the sorted grid to run: `{ index: 0, count: 3 }` is shard 0/3. */
export interface Shard {
  index: number;
  count: number;
}

/** Options of {@link sweep}. */
export interface SweepOptions {
  log: RowLog;
  workers: number;
  shard?: Shard | null;
  /** Skip keys already in the log (otherwise a present key is an error). */
  resume?: boolean;
  title?: string;
  /** One-line description of a finished run, for progress output. */
  describe?: (outcome: Outcome, seconds: number) => string;
}

/** What a sweep did. */
export interface SweepSummary {
  ran: number;
  skipped: number;
  errors: string[];
}

/** The grid as jobs: unique configs, sorted by key, then this shard's part. */
export function planGrid(configs: Config[], shard: Shard | null = null): Job[] {
  const byKey = new Map<string, Config>();
  for (const config of configs) byKey.set(keyOf(config), config);
  return [...byKey]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .filter((_, i) => shard === null || i % shard.count === shard.index)
    .map(([key, config]) => ({ key, config, cost: estimateCost(config) }));
}

/** Runs the grid, appending a row per finished run. `await sweep(configs, { log, workers: 2, resume: true })` */
export async function sweep(configs: Config[], options: SweepOptions): Promise<SweepSummary> {
  const all = planGrid(configs, options.shard ?? null);
  const present = all.filter((j) => options.log.keys.has(j.key));
  if (present.length > 0 && options.resume !== true) {
    throw new Error(`${options.log.path} already holds ${present.length} of these runs (pass --resume to skip them, or choose another --out)`);
  }
  // Costly runs first: with a pool, the last runs to finish are then short ones.
  const jobs = all.filter((j) => !options.log.keys.has(j.key)).sort((a, b) => b.cost - a.cost || (a.key < b.key ? -1 : 1));
  const progress = new SweepProgress(jobs, options.title ?? 'sweep');
  const errors: string[] = [];
  let ran = 0;
  try {
    await runJobs(jobs, options.workers, {
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
