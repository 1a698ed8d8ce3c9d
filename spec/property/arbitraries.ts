// fast-check arbitraries shared by the property specs: shapes (size-1 and 0-size axes included),
// broadcast-compatible pairs, IEEE edge values, and explicit-loop references the specs compare against.
import fc from 'fast-check';
import { Tensor } from '../../lib/tensor.ts';

/** A size: mostly 1–3, sometimes 0 (an empty axis) when `allowZero`. */
export const size = (allowZero = true): fc.Arbitrary<number> => allowZero ? fc.oneof({ arbitrary: fc.integer({ min: 1, max: 3 }), weight: 6 }, { arbitrary: fc.constant(0), weight: 1 }) : fc.integer({ min: 1, max: 3 });

/** A shape of rank 0 … maxRank. */
export const shape = (maxRank = 4, allowZero = true): fc.Arbitrary<number[]> => fc.array(size(allowZero), { minLength: 0, maxLength: maxRank });

/** Two shapes that broadcast to a third, drawn from it: each keeps a suffix, some sizes set to 1. */
export const broadcastPair = (maxRank = 4, allowZero = true): fc.Arbitrary<{ a: number[]; b: number[]; out: number[] }> =>
  shape(maxRank, allowZero).chain((out) => {
    const derived = fc.tuple(fc.integer({ min: 0, max: out.length }), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }))
      .map(([drop, ones]) => out.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)));
    return fc.tuple(derived, derived).map(([a, b]) => {
      // Where neither operand kept an axis of the output at full size, the broadcast is smaller:
      // the output itself is recomputed from the pair, not assumed.
      return { a, b, out: broadcastReference(a, b) };
    });
  });

/** Doubles with the IEEE edge cases well represented: ±0, subnormals, the extremes, ±∞, NaN. */
export const edgeDouble: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, Number.MIN_VALUE, -Number.MIN_VALUE, 2.2250738585072014e-308, -1e-310, 1e-300, 1e300, -1e300, Number.MAX_VALUE, -Number.MAX_VALUE, Infinity, -Infinity, NaN, 1, -1, 0.5),
  fc.double(),
  fc.double({ min: -10, max: 10, noNaN: true }),
);

/** Finite doubles of moderate size, where a smooth gradcheck is meaningful. */
export const moderate = (bound = 2): fc.Arbitrary<number> => fc.double({ min: -bound, max: bound, noNaN: true, noDefaultInfinity: true });

/** Values for a tensor of `shape` drawn from `values`. */
export const dataFor = (shape: readonly number[], values: fc.Arbitrary<number>): fc.Arbitrary<Float64Array> => {
  const n = shape.reduce((p, d) => p * d, 1);
  return fc.array(values, { minLength: n, maxLength: n }).map((v) => Float64Array.from(v));
};

/** A tensor of `shape` with values from `values`. */
export const tensorOf = (shape: readonly number[], values: fc.Arbitrary<number>, requiresGrad = false): fc.Arbitrary<Tensor> => dataFor(shape, values).map((d) => new Tensor(d, shape, requiresGrad));

/** NumPy's broadcast of two shapes, written out independently of lib/kernels (null when incompatible). */
export function broadcastReference(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) throw new Error(`not broadcastable: [${a}] [${b}]`);
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** The row-major multi-index of flat position `flat` in `shape`. */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    idx[i] = flat % shape[i];
    flat = Math.floor(flat / shape[i]);
  }
  return idx;
}

/** The flat position in an operand of `shape` read at the output multi-index `idx` (broadcast: size 1 → 0). */
export function broadcastIndex(idx: readonly number[], shape: readonly number[]): number {
  const offset = idx.length - shape.length;
  let flat = 0;
  for (let i = 0; i < shape.length; i++) flat = flat * shape[i] + (shape[i] === 1 ? 0 : idx[i + offset]);
  return flat;
}

/** Number of elements. */
export const numel = (s: readonly number[]): number => s.reduce((p, d) => p * d, 1);
