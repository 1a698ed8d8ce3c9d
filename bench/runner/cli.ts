// Shared command-line plumbing: strict flag parsing, validation that refuses bad settings before
// anything is written (message + usage, exit code 2), the results folder, and plain-text tables.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { writeFileAtomic } from '../../lib/node/files.ts';
import type { Shard } from './sweep.ts';

/** A bad flag or setting: the CLI prints the message and the usage, writes nothing, exits 2. */
export class UsageError extends Error {}

/** Throws a {@link UsageError}. */
export function usage(message: string): never {
  throw new UsageError(message);
}

/** node:util parseArgs in strict mode, with its errors turned into UsageErrors. */
export function parseFlags<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (e) {
    return usage(messageOf(e).replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

/** `--shard i/n` → { index: i, count: n }, 0 ≤ i < n; `--shard auto` reads the scheduler's variables ({@link shardFromEnv}). */
export function parseShard(text: string | undefined, env: NodeJS.ProcessEnv = process.env, countFlag?: string): Shard | null {
  if (text === undefined) {
    if (countFlag !== undefined) usage('--shard-count goes with --shard auto');
    return null;
  }
  if (text === 'auto') return shardFromEnv(env, countFlag);
  if (countFlag !== undefined) usage('--shard-count goes with --shard auto (--shard i/n names the count itself)');
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (m === null) usage(`--shard must look like i/n, e.g. 0/3, or be auto (got ${JSON.stringify(text)})`);
  return checkShard(Number(m[1]), Number(m[2]), text);
}

function checkShard(index: number, count: number, what: string): Shard {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 0 || index >= count) usage(`shard i/n needs 0 ≤ i < n (got ${what})`);
  return { index, count };
}

function envInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  if (!/^\d+$/.test(text.trim())) usage(`--shard auto: ${name} must be a non-negative integer (got ${JSON.stringify(text)})`);
  return Number(text);
}

/**
 * The shard of a scheduler's array job. Slurm (`sbatch --array=1-8`, or `0-7`, or `0-15:2`): index
 * (SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN) / SLURM_ARRAY_TASK_STEP of SLURM_ARRAY_TASK_COUNT. A Kubernetes
 * Indexed Job: JOB_COMPLETION_INDEX of `--shard-count n` (or TRUSTGRAD_SHARD_COUNT; Kubernetes does not
 * export the completion count). `shardFromEnv(process.env)`
 */
export function shardFromEnv(env: NodeJS.ProcessEnv, countFlag?: string): Shard {
  const id = envInt(env, 'SLURM_ARRAY_TASK_ID');
  if (id !== undefined) {
    const min = envInt(env, 'SLURM_ARRAY_TASK_MIN');
    const count = envInt(env, 'SLURM_ARRAY_TASK_COUNT');
    const step = envInt(env, 'SLURM_ARRAY_TASK_STEP') ?? 1;
    if (min === undefined || count === undefined) usage('--shard auto: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_MIN or SLURM_ARRAY_TASK_COUNT is not (expected a Slurm job array)');
    if (step < 1 || (id - min) % step !== 0) usage(`--shard auto: SLURM_ARRAY_TASK_ID ${id} is not MIN ${min} plus a multiple of STEP ${step}`);
    return checkShard((id - min) / step, count, `Slurm task ${id} of ${count} from ${min}`);
  }
  const index = envInt(env, 'JOB_COMPLETION_INDEX');
  if (index !== undefined) {
    const count = countFlag === undefined ? envInt(env, 'TRUSTGRAD_SHARD_COUNT') : parsePositiveInt('shard-count', countFlag, 1);
    if (count === undefined) usage("--shard auto: JOB_COMPLETION_INDEX is set; give the number of shards with --shard-count n or TRUSTGRAD_SHARD_COUNT (the Job's completions)");
    return checkShard(index, count, `Kubernetes index ${index} of ${count}`);
  }
  return usage('--shard auto needs a Slurm job array (SLURM_ARRAY_TASK_ID, _MIN, _COUNT) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX); neither is set');
}

/** A positive integer flag. */
export function parsePositiveInt(name: string, text: string | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (text === undefined) return fallback;
  const v = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(v) || v < 1 || v > max) usage(`--${name} must be an integer in 1 … ${max} (got ${JSON.stringify(text)})`);
  return v;
}

/** A comma-separated list, each item checked by `parse` (which calls `usage` on a bad item). */
export function parseList<T>(name: string, text: string | undefined, fallback: T[], parse: (item: string) => T): T[] {
  if (text === undefined) return fallback;
  const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) usage(`--${name} needs at least one value (got ${JSON.stringify(text)})`);
  return [...new Set(items.map(parse))];
}

/**
 * `--workers k --threads t` for a sweep of `jobs` runs on `cores` cores, without oversubscription unless
 * both are given: workers default to one per core (at most one per job), threads (1 or 2) to 2 only when
 * a core per worker would otherwise idle. Several single-thread workers beat fewer two-thread ones on a
 * sweep (docs/reproduction.md, "Workers and threads"), so threads fill only the cores that jobs cannot.
 * `parsePool('2', undefined, 100, 2)` → { workers: 2, threads: 1 }
 */
export function parsePool(workersText: string | undefined, threadsText: string | undefined, jobs: number, cores = availableParallelism()): { workers: number; threads: number } {
  const workers = parsePositiveInt('workers', workersText, Math.max(1, Math.min(cores, jobs)), 256);
  const threads = parsePositiveInt('threads', threadsText, cores >= 2 * workers ? 2 : 1, 2);
  return { workers, threads };
}

/** Default results folder: results/<name>-<yyyy-mm-dd>. */
export function defaultOut(name: string, shard: Shard | null): string {
  const date = new Date().toISOString().slice(0, 10);
  return join('results', `${name}-${date}${shard === null ? '' : `-shard${shard.index}of${shard.count}`}`);
}

/**
 * Checks the output folder before anything is written: an existing rows.jsonl needs --resume, and
 * a resumed folder must have been made with the same settings (`identity`, compared as JSON).
 */
export function checkOut(dir: string, resume: boolean, identity: unknown): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) usage(`--out ${dir} exists and is not a folder`);
  const rows = join(dir, 'rows.jsonl');
  if (existsSync(rows) && !resume) usage(`${rows} already exists: pass --resume to continue that sweep, or choose another --out`);
  const saved = readPlan(dir);
  if (resume && saved !== undefined && JSON.stringify(saved) !== JSON.stringify(identity)) {
    usage(`${dir} holds a sweep with other settings (got ${JSON.stringify(identity)}, the folder has ${JSON.stringify(saved)})`);
  }
}

/**
 * Writes `<dir>/plan.json`: the settings a resumed sweep in `dir` must match (`identity`) and, for the
 * reader, everything else it ran with (`detail`). `writePlan(out, { scale }, plan)`
 */
export function writePlan(dir: string, identity: unknown, detail?: unknown): void {
  writeFileAtomic(join(dir, 'plan.json'), JSON.stringify(detail === undefined ? { identity } : { identity, detail }, null, 1));
}

/** The settings saved by {@link writePlan} in `dir`, or undefined when it has none. `readPlan(out)` */
export function readPlan(dir: string): unknown {
  const file = join(dir, 'plan.json');
  if (!existsSync(file)) return undefined;
  const saved: unknown = JSON.parse(readFileSync(file, 'utf8'));
  return saved !== null && typeof saved === 'object' && 'identity' in saved ? saved.identity : undefined;
}

/** An error's message (its stack with `stack`), whatever was thrown. `messageOf(e, true)` */
export function messageOf(e: unknown, stack = false): string {
  if (!(e instanceof Error)) return String(e);
  return stack ? (e.stack ?? e.message) : e.message;
}

/** Creates the folder (and parents). */
export function makeOut(dir: string): void {
  mkdirSync(dir, { recursive: true });
}

/** A plain-text table for the terminal. */
export function textTable(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** Runs a CLI main: UsageError → message + usage on stderr and exit 2; other errors → exit 1. */
export function runMain(main: () => Promise<number>, usageText: string): void {
  main().then((code) => {
    process.exitCode = code;
  }, (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n\n${usageText}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`${messageOf(e, true)}\n`);
      process.exitCode = 1;
    }
  });
}
