// Progress on stderr: a cli-progress bar weighted by each run's estimated cost, with ETA, when stderr
// is a terminal; otherwise (CI, pipes, files) one line per finished run and no bar.
import cliProgress from 'cli-progress';
import type { Job } from './workers.ts';

/** Tracks a sweep's runs. `const p = new SweepProgress(jobs, 'figure 3'); p.progress(job, 0.5); p.finish(job, 'acc 0.98')` */
export class SweepProgress {
  private readonly bar: cliProgress.SingleBar | null;
  private readonly partial = new Map<string, number>();
  private doneCost = 0;
  private done = 0;
  private readonly total: number;

  constructor(private readonly jobs: Job[], private readonly title: string, tty = process.stderr.isTTY === true) {
    this.total = Math.max(1, jobs.reduce((s, j) => s + j.cost, 0));
    this.bar = tty && jobs.length > 0
      ? new cliProgress.SingleBar({
        format: `${title} {bar} {percentage}% | {done}/{runs} runs | {duration_formatted} elapsed, ETA {eta_formatted} | {last}`,
        stream: process.stderr,
        etaBuffer: 50,
        etaAsynchronousUpdate: true,
        fps: 5,
        hideCursor: true,
        clearOnComplete: false,
      }, cliProgress.Presets.shades_classic)
      : null;
    this.bar?.start(1000, 0, { done: 0, runs: jobs.length, last: '' });
    if (this.bar === null && jobs.length > 0) process.stderr.write(`${title}: ${jobs.length} runs\n`);
  }

  /** A running job reports the fraction it has done. */
  progress(job: Job, fraction: number): void {
    this.partial.set(job.key, Math.min(1, Math.max(0, fraction)));
    this.redraw('');
  }

  /** A job finished (or failed); `summary` is shown beside the bar or printed as a line. */
  finish(job: Job, summary: string): void {
    this.partial.delete(job.key);
    this.doneCost += job.cost;
    this.done++;
    if (this.bar === null) process.stderr.write(`${this.title} [${this.done}/${this.jobs.length}] ${summary}\n`);
    this.redraw(summary);
  }

  stop(): void {
    this.bar?.stop();
  }

  private redraw(last: string): void {
    if (this.bar === null) return;
    let value = this.doneCost;
    for (const [key, f] of this.partial) value += f * (this.jobs.find((j) => j.key === key)?.cost ?? 0);
    const payload: Record<string, unknown> = { done: this.done, runs: this.jobs.length };
    if (last !== '') payload.last = last.length > 60 ? last.slice(0, 57) + '...' : last;
    this.bar.update(Math.round((1000 * value) / this.total), payload);
  }
}
