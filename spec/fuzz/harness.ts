// The bad-call fuzzer's runner. A generator turns a seeded Rng into one bad call: the operation that
// must refuse it, the strings the message must contain (the offending value or shape), the objects
// the call could touch, and the call. Each case must throw a TrustgradError whose message starts
// with `op:` and names the offender, and must leave every root bit-identical (spec/helpers/snapshot.ts).
// Case i of a category draws from `new Rng('<seed>/<category>/<i>')`, so one case replays alone.
import * as assert from 'uvu/assert';
import { TrustgradError } from '../../lib/errors.ts';
import { Rng } from '../../lib/random.ts';
import { Tensor } from '../../lib/tensor.ts';
import { snapshot, diffSnapshots } from '../helpers/snapshot.ts';
import { runs, SEED } from '../property/settings.ts';

/** One generated bad call. */
export interface BadCall {
  /** What the case does, for failure reports. */
  what: string;
  /** The operation the message must start with (`op: …`). */
  op: string;
  /** Substrings the message must contain: the offending value or shape. */
  mentions: readonly string[];
  /** Everything the call could modify (tensors, modules, optimisers, schedulers, byte arrays…). */
  roots: readonly unknown[];
  /** Extra state read before and after (e.g. an Rng's position), compared as JSON. */
  probe?: () => unknown;
  call: () => unknown;
}

/** Cases run so far in this process, by category. */
const ran = new Map<string, number>();

/** `count` scaled by FUZZ_RUNS (which counts per 1000). */
const scaled = (count: number): number => Math.max(count, Math.ceil((runs(0) * count) / 1000));

/** Runs `count` (scaled by FUZZ_RUNS) cases of a category; fails listing the first few bad ones. */
export function fuzz(category: string, count: number, make: (rng: Rng) => BadCall): number {
  const n = scaled(count);
  const failures: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = make(new Rng(`${SEED}/${category}/${i}`));
    const problem = check(c);
    if (problem !== null) failures.push(`#${i} ${c.what}: ${problem}`);
  }
  ran.set(category, (ran.get(category) ?? 0) + n);
  assert.ok(failures.length === 0, `${failures.length} of ${n} ${category} cases failed (seed ${SEED}):\n  ${failures.slice(0, 8).join('\n  ')}`);
  return n;
}

/**
 * Asserts that each category ran exactly its documented number of cases (docs/reliability.md, scaled by
 * FUZZ_RUNS), so a category that is skipped, emptied or shrunk fails; returns and prints the file's total.
 * `assertCasesRun('fuzz/io', { safetensors: 300, safetensorsModel: 60 })`
 */
export function assertCasesRun(file: string, documented: Readonly<Record<string, number>>): number {
  let total = 0;
  for (const [category, count] of Object.entries(documented)) {
    assert.is(ran.get(category) ?? 0, scaled(count), `${file}: category ${category} ran ${ran.get(category) ?? 0} cases (expected ${scaled(count)})`);
    total += scaled(count);
  }
  console.log(`  ${file}: ${total} bad calls generated`);
  return total;
}

/** The problem with one case, or null when it threw the right error and changed nothing. */
export function check(c: BadCall): string | null {
  const before = snapshot(...c.roots, JSON.stringify(c.probe?.()));
  let caught: unknown = null;
  try {
    c.call();
  } catch (e) {
    caught = e;
  }
  const diff = diffSnapshots(before, snapshot(...c.roots, JSON.stringify(c.probe?.())));
  if (caught === null) return `no error${diff === null ? '' : `, and ${diff}`}`;
  const err = caught as Error;
  if (!(err instanceof TrustgradError)) return `threw ${err.name}: ${err.message}`;
  if (!err.message.startsWith(`${c.op}: `)) return `message does not start with "${c.op}: " (got "${err.message}")`;
  const missing = c.mentions.filter((m) => !err.message.includes(m));
  if (missing.length > 0) return `message "${err.message}" does not mention ${missing.map((m) => JSON.stringify(m)).join(', ')}`;
  if (diff !== null) return `state changed: ${diff} (message "${err.message}")`;
  return null;
}

/** A pick from a list. */
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.integer(items.length)];

/** `[2,3]`, as messages show shapes. */
export const fmt = (s: readonly number[]): string => `[${s.join(',')}]`;

/** A leaf with random values; when it requires grad, usually a pre-set .grad that must survive. `leaf(rng, [2, 3])` */
export function leaf(rng: Rng, shape: number[], requiresGrad = rng.uniform() < 0.7): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  const t = new Tensor(rng.normalFill(new Float64Array(n)), shape, requiresGrad);
  if (requiresGrad && rng.uniform() < 0.7) t.grad = new Tensor(rng.normalFill(new Float64Array(n)), shape);
  return t;
}

/** A random shape of `rank` sizes in [low, high]. `dims(rng, 3, 0, 4)` */
export const dims = (rng: Rng, rank: number, low = 1, high = 4): number[] => Array.from({ length: rank }, () => rng.integer(low, high + 1));
