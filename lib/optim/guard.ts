// The finiteness guard behind Optimizer.step: before a parameter's update, copy it and its state into
// buffers reused across steps; if any update leaves a non-finite weight (or throws), put every touched
// parameter and state entry back exactly. The copies are the whole cost: one memcpy (TypedArray.set)
// per parameter and per state buffer, no allocation after the first step, nothing keyed by string per
// step. A state entry created by this step is not copied at all (restore deletes it). Copying is the
// floor for an exact undo: the updates run in place and rounding makes them irreversible.
import { TrustgradError } from '../errors.ts';
import { allFinite } from '../kernels/vector.ts';
import type { Tensor } from '../tensor.ts';

/**
 * What a step refused as non-finite throws: the optimiser's own error, so a training loop can tell a step
 * that diverged (a result, in a depth sweep) from any other failure (a bug, to be raised).
 * `catch (e) { if (e instanceof optim.NonFiniteStepError) … }`
 */
export class NonFiniteStepError extends TrustgradError {
  constructor(op: string, message: string) {
    super(op, message);
    this.name = 'NonFiniteStepError';
  }
}

type StateEntry = Record<string, number | Float64Array | null>;
type StateValue = number | Float64Array | null;

/** One parameter's copy: its data, and its state entry's fields (values; contents of buffers). */
interface Saved {
  data: Float64Array;
  object: StateEntry | undefined;
  count: number;
  keys: string[];
  values: StateValue[];
  /** copies[i] holds the contents of values[i] when that is a Float64Array. */
  copies: (Float64Array | undefined)[];
}

/** Snapshot and restore of parameters and per-parameter state around one step. @internal */
export class StepGuard<S extends StateEntry> {
  private readonly saved = new Map<Tensor, Saved>();
  private readonly touched: Tensor[] = [];

  constructor(private readonly state: Map<Tensor, S>) {}

  /** Starts a step: nothing touched yet. `guard.begin()` */
  begin(): void {
    this.touched.length = 0;
  }

  /** Copies `p` and its state entry (numbers and buffer contents) before its update. */
  save(p: Tensor): void {
    let s = this.saved.get(p);
    if (s === undefined || s.data.length !== p.data.length) {
      s = { data: new Float64Array(p.data.length), object: undefined, count: 0, keys: [], values: [], copies: [] };
      this.saved.set(p, s);
    }
    s.data.set(p.data);
    const st = this.state.get(p);
    s.object = st;
    let n = 0;
    if (st !== undefined) {
      for (const key in st) {
        const v = st[key];
        s.keys[n] = key;
        s.values[n] = v;
        if (v instanceof Float64Array) {
          let copy = s.copies[n];
          if (copy === undefined || copy.length !== v.length) s.copies[n] = copy = new Float64Array(v.length);
          copy.set(v);
        }
        n++;
      }
    }
    s.count = n;
    this.touched.push(p);
  }

  /** Puts back every parameter and state entry saved since {@link begin}, the same objects with the old values. `guard.restore()` */
  restore(): void {
    for (const p of this.touched) {
      const s = this.saved.get(p) as Saved;
      p.data.set(s.data);
      const st = s.object;
      if (st === undefined) {
        this.state.delete(p);
        continue;
      }
      const keys = s.keys.slice(0, s.count);
      for (const key of Object.keys(st)) if (!keys.includes(key)) delete st[key];
      for (let i = 0; i < s.count; i++) {
        const v = s.values[i];
        st[s.keys[i]] = v;
        if (v instanceof Float64Array) v.set(s.copies[i] as Float64Array);
      }
      this.state.set(p, st as S);
    }
    this.touched.length = 0;
  }

  /** The error for `p` gone non-finite at `step` (call before {@link restore}: it reads the saved copy). */
  nonFiniteError(op: string, name: string, p: Tensor, step: number): NonFiniteStepError {
    const before = safeNorm((this.saved.get(p) as Saved).data);
    const after = safeNorm(p.data);
    let bad = 0;
    while (bad < p.data.length && Number.isFinite(p.data[bad])) bad++;
    const cause = !Number.isFinite(before) ? '; it was already non-finite before the step'
      : p.grad !== null && !allFinite(p.grad.data) ? '; its gradient holds a non-finite value' : '';
    return new NonFiniteStepError(op, `step ${step} made ${name} non-finite (got ‖W‖ = ${before.toPrecision(6)} before the step, ${after} after, ` +
      `entry ${bad} = ${p.data[bad]}; expected finite weights)${cause}. ` +
      `Parameters and optimiser state are as they were before step ${step}`);
  }
}

/** ‖x‖ computed with scaling, so a norm past 1e154 reads as its value rather than Infinity (messages only). */
function safeNorm(x: Float64Array): number {
  let scale = 0;
  for (let i = 0; i < x.length; i++) scale = Math.max(scale, Math.abs(x[i]));
  if (!Number.isFinite(scale)) return Number.isNaN(scale) ? NaN : Infinity;
  if (scale === 0) return 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] / scale) ** 2;
  return scale * Math.sqrt(s);
}
