// Runs jobs inline (workers ≤ 1) or on a pool of worker threads, each job on whichever thread is free.
// Completion order varies with the pool; results do not (they depend only on the config). Each job's
// matrix products use `threads` threads (useThreads; bit-identical to one).
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../lib/node/worker-boot.ts';
import { useThreads } from '../../lib/node/threads.ts';
import type { Config, Outcome } from './configs.ts';
import { messageOf } from './cli.ts';
import type { ProbeRegistry } from './probe-registry.ts';
import { runConfig } from './tasks.ts';

/** One run to do. */
export interface Job {
  key: string;
  config: Config;
  cost: number;
}

/** Callbacks of {@link runJobs}. */
export interface JobEvents {
  progress(job: Job, fraction: number): void;
  done(job: Job, outcome: Outcome, seconds: number): void;
  failed(job: Job, message: string): void;
}

/** How to run the jobs: `workers` threads running jobs, each job's products on `threads` threads (1 or 2), probes from `registry`. */
export interface Pool {
  workers: number;
  threads: number;
  registry: ProbeRegistry;
}

type Reply = { id: number; type: 'progress'; fraction: number } | { id: number; type: 'done'; outcome: Outcome; seconds: number } | { id: number; type: 'error'; message: string };

/** Starts a worker that runs bench/runner/worker.ts. */
function spawn(pool: Pool): Worker {
  return startWorker(new URL('./worker.ts', import.meta.url), { workerData: { registry: pool.registry.url, threads: pool.threads } });
}

/** Runs every job; resolves when all are done or failed. `await runJobs(jobs, { workers: 2, threads: 1, registry }, events)` */
export async function runJobs(jobs: Job[], pool: Pool, events: JobEvents): Promise<void> {
  if (pool.workers <= 1 || jobs.length <= 1) {
    if (pool.threads === 2) useThreads(2);
    try {
      await runInline(jobs, pool.registry, events);
    } finally {
      if (pool.threads === 2) useThreads(1);
    }
    return;
  }
  let next = 0;
  const threads = Array.from({ length: Math.min(pool.workers, jobs.length) }, () => spawn(pool));
  try {
    await Promise.all(threads.map((worker) =>
      new Promise<void>((resolve, reject) => {
        let current = -1;
        const feed = (): void => {
          if (next >= jobs.length) return resolve();
          current = next++;
          worker.postMessage({ id: current, config: jobs[current].config });
        };
        worker.on('message', (m: Reply) => {
          const job = jobs[m.id];
          if (m.type === 'progress') return events.progress(job, m.fraction);
          if (m.type === 'done') events.done(job, m.outcome, m.seconds);
          else events.failed(job, m.message);
          feed();
        });
        // A crashed thread (not a run that threw: those are reported above) stops the sweep.
        worker.on('error', (e) => {
          if (current >= 0) events.failed(jobs[current], e.stack ?? e.message);
          reject(e);
        });
        feed();
      })
    ));
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
}

/** The jobs one after another on this thread. */
async function runInline(jobs: Job[], registry: ProbeRegistry, events: JobEvents): Promise<void> {
  for (const job of jobs) {
    await new Promise((resolve) => setImmediate(resolve)); // let the progress bar redraw
    const start = performance.now();
    let last = 0;
    try {
      const outcome = runConfig(job.config, (f) => {
        if (performance.now() - last > 250) {
          last = performance.now();
          events.progress(job, f);
        }
      }, registry);
      events.done(job, outcome, (performance.now() - start) / 1000);
    } catch (e) {
      events.failed(job, messageOf(e, true));
    }
  }
}
