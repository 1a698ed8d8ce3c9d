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

/** `--shard i/n` → { index: i, count: n }, 0 ≤ i < n. */
export function parseShard(text: string | undefined): Shard | null {
  if (text === undefined) return null;
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (m === null) usage(`--shard must look like i/n, e.g. 0/3 (got ${JSON.stringify(text)})`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) usage(`--shard i/n needs 0 ≤ i < n (got ${text})`);
  return { index, count };
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

/** `--workers`: default the machine's parallelism. */
export function parseWorkers(text: string | undefined): number {
  return parsePositiveInt('workers', text, Math.max(1, availableParallelism()), 256);
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
