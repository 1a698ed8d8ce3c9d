import seedrandom from 'seedrandom';
import { fail } from './errors.ts';

/** The saved state of an {@link Rng}: pass it to `Rng.fromState` to continue the same stream. */
export interface RngState {
  readonly algorithm: 'alea';
  readonly state: object;
}

/**
 * A seeded random stream: the only source of randomness in trustgrad.
 * `const rng = new Rng(42); rng.uniform(); rng.normal(); rng.integer(10);`
 */
export class Rng {
  private prng: seedrandom.StatefulPRNG<seedrandom.State.Alea>;

  constructor(seed: number | string = 0) {
    if (typeof seed === 'number' && !Number.isFinite(seed)) {
      fail('Rng', `seed must be finite (got ${seed})`);
    }
    this.prng = seedrandom.alea(String(seed), { state: true });
  }

  /** Rebuilds a stream from `rng.state()`; the new stream draws what the old one would have. */
  static fromState(saved: RngState): Rng {
    if (saved === null || typeof saved !== 'object' || saved.algorithm !== 'alea' || typeof saved.state !== 'object' || saved.state === null) {
      fail('Rng.fromState', `not a saved Rng state (got ${JSON.stringify(saved)})`);
    }
    const rng = new Rng(0);
    rng.prng = seedrandom.alea('', { state: saved.state as seedrandom.State.Alea });
    return rng;
  }

  /** A copy of the stream's position, e.g. to checkpoint a training run. `const saved = rng.state()` */
  state(): RngState {
    return { algorithm: 'alea', state: { ...this.prng.state() } };
  }

  /** Uniform in [low, high); 53-bit resolution. `rng.uniform(-1, 1)` */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.prng.double();
  }

  /**
   * Standard normal by Box–Muller: exact (no truncation, no table), one draw per call.
   * u1 is taken in (0, 1] so log(u1) is finite. `rng.normal(0, 0.1)`
   */
  normal(mean = 0, std = 1): number {
    const u1 = 1 - this.prng.double();
    const u2 = this.prng.double();
    return mean + std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Fills `out` with normals, using both Box–Muller outputs per pair of uniforms. */
  normalFill(out: Float64Array, mean = 0, std = 1): Float64Array {
    const n = out.length;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const r = Math.sqrt(-2 * Math.log(1 - this.prng.double()));
      const angle = 2 * Math.PI * this.prng.double();
      out[i] = mean + std * r * Math.cos(angle);
      out[i + 1] = mean + std * r * Math.sin(angle);
    }
    if (i < n) out[i] = this.normal(mean, std);
    return out;
  }

  /** Fills `out` with uniforms in [low, high). */
  uniformFill(out: Float64Array, low = 0, high = 1): Float64Array {
    const span = high - low;
    for (let i = 0; i < out.length; i++) out[i] = low + span * this.prng.double();
    return out;
  }

  /** An integer in [0, n) (or [low, high) with two arguments), unbiased. `rng.integer(10)` */
  integer(lowOrN: number, high?: number): number {
    const low = high === undefined ? 0 : lowOrN;
    const top = high === undefined ? lowOrN : high;
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(top) || top <= low) {
      fail('Rng.integer', `need integers low < high (got ${low}, ${top})`);
    }
    return low + Math.floor(this.prng.double() * (top - low));
  }

  /** Shuffles `items` in place (Fisher–Yates) and returns it. `rng.shuffle(order)` */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.prng.double() * (i + 1));
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** A random permutation of 0 … n−1. `rng.permutation(60000)` */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }
}

/** True for an {@link Rng}. `isRng(options.rng)` */
export function isRng(x: unknown): x is Rng {
  return x instanceof Rng;
}

/**
 * `rng` when it is an {@link Rng}; otherwise throws `op: needs { rng } — a seeded Rng (new Rng(seed)) …`,
 * saying what it is for when `purpose` is given. `const r = requireRng('randn', options?.rng)`
 */
export function requireRng(op: string, rng: unknown, purpose = ''): Rng {
  if (!isRng(rng)) {
    const got = rng === null ? 'null' : rng === undefined ? 'none' : typeof rng === 'object' ? 'an object that is not an Rng' : typeof rng;
    fail(op, `needs { rng } — a seeded Rng (new Rng(seed))${purpose === '' ? '' : ` ${purpose}`}; trustgrad has no hidden global stream (got ${got})`);
  }
  return rng;
}
