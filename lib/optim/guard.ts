// The finiteness guard behind Optimizer.step: before a parameter's update, copy it and its state into
// buffers reused across steps (O(params), no allocation after the first step); if any update leaves a
// non-finite weight (or throws), put every touched parameter and state entry back exactly.
import { TrustgradError } from '../errors.ts';
import { allFinite } from '../kernels/vector.ts';
import type { Tensor } from '../tensor.ts';

type StateEntry = Record<string, number | Float64Array | null>;

interface Saved {
  data: Float64Array;
  object: StateEntry | undefined;
  fields: Map<string, number | Float64Array | null>;
  buffers: Map<string, Float64Array>;
}

/** Snapshot and restore of parameters and per-parameter state around one step. @internal */
export class StepGuard<S extends StateEntry> {
  private readonly saved = new Map<Tensor, Saved>();
  private readonly touched: Tensor[] = [];

  constructor(private readonly state: Map<Tensor, S>) {}

  /** Starts a step: nothing touched yet. */
  begin(): void {
    this.touched.length = 0;
  }

  /** Copies `p` and its state entry (numbers and buffer contents) before its update. */
  save(p: Tensor): void {
    let s = this.saved.get(p);
    if (s === undefined || s.data.length !== p.data.length) {
      s = { data: new Float64Array(p.data.length), object: undefined, fields: new Map(), buffers: new Map() };
      this.saved.set(p, s);
    }
    s.data.set(p.data);
    const st = this.state.get(p);
    s.object = st;
    s.fields.clear();
    if (st !== undefined) {
      for (const key in st) {
        const v = st[key];
        s.fields.set(key, v);
        if (v instanceof Float64Array) {
          let copy = s.buffers.get(key);
          if (copy === undefined || copy.length !== v.length) s.buffers.set(key, (copy = new Float64Array(v.length)));
          copy.set(v);
        }
      }
    }
    this.touched.push(p);
  }

  /** Puts back every parameter and state entry saved since {@link begin}, the same objects with the old values. */
  restore(): void {
    for (const p of this.touched) {
      const s = this.saved.get(p) as Saved;
      p.data.set(s.data);
      const st = s.object;
      if (st === undefined) {
        this.state.delete(p);
        continue;
      }
      for (const key of Object.keys(st)) if (!s.fields.has(key)) delete st[key];
      for (const [key, v] of s.fields) {
        (st as StateEntry)[key] = v;
        if (v instanceof Float64Array) v.set(s.buffers.get(key) as Float64Array);
      }
      this.state.set(p, st as S);
    }
    this.touched.length = 0;
  }

  /** The error for `p` gone non-finite at `step` (call before {@link restore}: it reads the saved copy). */
  nonFiniteError(op: string, name: string, p: Tensor, step: number): TrustgradError {
    const before = safeNorm((this.saved.get(p) as Saved).data);
    const after = safeNorm(p.data);
    let bad = 0;
    while (bad < p.data.length && Number.isFinite(p.data[bad])) bad++;
    const cause = !Number.isFinite(before) ? '; it was already non-finite before the step'
      : p.grad !== null && !allFinite(p.grad.data) ? '; its gradient holds a non-finite value' : '';
    return new TrustgradError(op,
      `step ${step} made ${name} non-finite (got ‖W‖ = ${before.toPrecision(6)} before the step, ${after} after, ` +
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
