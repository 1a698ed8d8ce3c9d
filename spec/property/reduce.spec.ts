// Property: reductions agree with explicit loops for random shapes (size-1 and 0-size axes), random
// axis sets (negative axes, keepdim) and IEEE edge values. Sums may add in another order than the
// loop, so a finite result is held to n ulps of Σ|x|; which of NaN, +∞, −∞ or finite comes out does
// not depend on the order (values stay below 1e300 in magnitude so no partial sum can overflow).
// max and logSoftmax are checked exactly where exactness is defined, including NaN propagation.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Tensor } from '../../lib/tensor.ts';
import { assertThrowsTrustgrad } from '../helpers/assert.ts';
import { assertUnchanged, snapshot } from '../helpers/snapshot.ts';
import { numel, shape, tensorOf, unravel } from './arbitraries.ts';
import { announce, fcParams } from './settings.ts';

announce('property/reduce');

/** Edge values that cannot overflow a sum of up to 4⁴ terms. */
const summable: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, Number.MIN_VALUE, -Number.MIN_VALUE, 2.2250738585072014e-308, 1e-300, 1e300, -1e300, Infinity, -Infinity, NaN),
  fc.double({ min: -1e300, max: 1e300, noNaN: true }),
  fc.double({ min: -10, max: 10, noNaN: true }),
);

/** A tensor with a random axis selection: undefined (all), one axis (maybe negative) or a distinct set. */
const reduction = shape(4).chain((s) =>
  fc.record({
    x: tensorOf(s, summable),
    axes: fc.oneof(
      fc.constant(undefined),
      s.length === 0 ? fc.constant(undefined) : fc.integer({ min: -s.length, max: s.length - 1 }),
      fc.subarray(s.map((_, i) => i)).chain((list) => fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length })),
    ),
    keepdim: fc.boolean(),
  })
);

function normalized(axes: number | number[] | undefined, rank: number): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  return (typeof axes === 'number' ? [axes] : axes).map((a) => (a < 0 ? a + rank : a));
}

/** Loop reference: Σ, Σ|x| and the count of each output cell, plus the output shape. */
function sumReference(x: Tensor, axes: number[], keepdim: boolean) {
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const outShape = keepdim ? kept : x.shape.filter((_, i) => !axes.includes(i));
  const n = numel(kept);
  const sum = new Float64Array(n);
  const abs = new Float64Array(n);
  const hasNaN = new Uint8Array(n);
  const pos = new Uint8Array(n);
  const neg = new Uint8Array(n);
  for (let i = 0; i < x.data.length; i++) {
    const idx = unravel(i, x.shape);
    let o = 0;
    for (let k = 0; k < kept.length; k++) o = o * kept[k] + (axes.includes(k) ? 0 : idx[k]);
    const v = x.data[i];
    sum[o] += v;
    if (Number.isNaN(v)) hasNaN[o] = 1;
    else if (v === Infinity) pos[o] = 1;
    else if (v === -Infinity) neg[o] = 1;
    else abs[o] += Math.abs(v);
  }
  return { outShape, sum, abs, hasNaN, pos, neg, count: x.data.length / Math.max(n, 1), cells: n };
}

function checkCell(got: number, r: ReturnType<typeof sumReference>, o: number, scale: number, what: string): void {
  if (r.hasNaN[o] || (r.pos[o] && r.neg[o])) assert.ok(Number.isNaN(got), `${what}: expected NaN, got ${got}`);
  else if (r.pos[o]) assert.is(got, Infinity, what);
  else if (r.neg[o]) assert.is(got, -Infinity, what);
  else {
    const want = r.sum[o] * scale;
    const tol = 4e-16 * (r.count + 1) * r.abs[o] * Math.abs(scale);
    assert.ok(Math.abs(got - want) <= tol, `${what}: got ${got}, expected ${want} (± ${tol})`);
  }
}

test('sum: matches a loop over any axes, with keepdim, for IEEE edge values', () => {
  fc.assert(fc.property(reduction, ({ x, axes, keepdim }) => {
    const list = normalized(axes, x.ndim);
    const before = snapshot(x);
    const got = x.sum(axes, keepdim);
    const r = sumReference(x, list, keepdim);
    assert.equal(got.shape, r.outShape, `sum(${JSON.stringify(axes)}) of [${x.shape}]`);
    for (let o = 0; o < r.cells; o++) checkCell(got.data[o], r, o, 1, `sum(${JSON.stringify(axes)}) of [${x.shape}] cell ${o}`);
    assertUnchanged(before, [x]);
  }), fcParams(300));
});

test('mean: is the sum over the count, and NaN over an empty selection (as PyTorch)', () => {
  fc.assert(fc.property(reduction, ({ x, axes, keepdim }) => {
    const list = normalized(axes, x.ndim);
    const got = x.mean(axes, keepdim);
    const r = sumReference(x, list, keepdim);
    assert.equal(got.shape, r.outShape);
    for (let o = 0; o < r.cells; o++) {
      if (r.count === 0) assert.ok(Number.isNaN(got.data[o]), `mean over nothing: got ${got.data[o]}`);
      else checkCell(got.data[o], r, o, 1 / r.count, `mean cell ${o}`);
    }
  }), fcParams(200));
});

test('max: picks the loop maximum along any axis exactly, propagates NaN, and refuses an empty axis', () => {
  const arb = shape(4).filter((s) => s.length > 0).chain((s) =>
    fc.record({
      x: tensorOf(s, summable),
      axis: fc.integer({ min: -s.length, max: s.length - 1 }),
      keepdim: fc.boolean(),
    })
  );
  fc.assert(fc.property(arb, ({ x, axis, keepdim }) => {
    const ax = axis < 0 ? axis + x.ndim : axis;
    if (x.shape[ax] === 0) {
      assertThrowsTrustgrad(() => x.max(axis, keepdim), 'max:', `[${x.shape.join(',')}]`);
      return;
    }
    const got = x.max(axis, keepdim);
    const kept = x.shape.map((d, i) => (i === ax ? 1 : d));
    assert.equal(got.shape, keepdim ? kept : x.shape.filter((_, i) => i !== ax));
    const want = new Float64Array(numel(kept)).fill(-Infinity);
    for (let i = 0; i < x.data.length; i++) {
      const idx = unravel(i, x.shape);
      let o = 0;
      for (let k = 0; k < kept.length; k++) o = o * kept[k] + (k === ax ? 0 : idx[k]);
      const v = x.data[i];
      if (Number.isNaN(v) || v > want[o]) want[o] = Number.isNaN(want[o]) ? want[o] : v;
    }
    // ±0 compare equal, so which zero a tie returns is not specified; everything else is exact.
    want.forEach((w, o) => assert.ok(Object.is(got.data[o], w) || (w === 0 && got.data[o] === 0), `max cell ${o}: got ${got.data[o]}, expected ${w}`));
  }), fcParams(300));
});

test('logSoftmax: finite inputs of any magnitude give log-probabilities (never NaN) that exponentiate to a sum of 1', () => {
  const finiteDouble = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ min: -30, max: 30, noNaN: true }), fc.constantFrom(0, -0, Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE));
  const arb = shape(3, false).filter((s) => s.length > 0).chain((s) => fc.record({ x: tensorOf(s, finiteDouble), axis: fc.integer({ min: -s.length, max: s.length - 1 }) }));
  fc.assert(fc.property(arb, ({ x, axis }) => {
    const out = x.logSoftmax(axis);
    assert.equal(out.shape, x.shape);
    const ax = axis < 0 ? axis + x.ndim : axis;
    const total = out.exp().sum(ax);
    out.data.forEach((v, i) => assert.ok(!Number.isNaN(v) && v <= 0 && v !== Infinity, `log-probability ${i} = ${v}`));
    total.data.forEach((s, i) => assert.ok(Math.abs(s - 1) <= 1e-15 * (x.shape[ax] + 2), `Σ softmax of slice ${i} = ${s}`));
  }), fcParams(200));
});

test('softmax: a NaN anywhere in a slice makes that whole slice NaN, and no other slice (as PyTorch)', () => {
  const arb = shape(3, false).filter((s) => s.length === 2).chain((s) =>
    fc.record({
      x: tensorOf(s, fc.double({ min: -5, max: 5, noNaN: true })),
      at: fc.nat(s[0] * s[1] - 1),
    })
  );
  fc.assert(fc.property(arb, ({ x, at }) => {
    x.data[at] = NaN;
    const row = Math.floor(at / x.shape[1]);
    const out = x.softmax(-1);
    out.data.forEach((v, i) => assert.is(Number.isNaN(v), Math.floor(i / x.shape[1]) === row, `element ${i}`));
  }), fcParams(100));
});

test('norm: is the square root of the loop Σx²', () => {
  fc.assert(fc.property(shape(4).chain((s) => tensorOf(s, fc.double({ min: -1e100, max: 1e100, noNaN: true }))), (x) => {
    let s = 0;
    for (const v of x.data) s += v * v;
    const got = x.norm().item();
    assert.ok(Math.abs(got - Math.sqrt(s)) <= 1e-15 * (x.data.length + 1) * Math.sqrt(s), `‖x‖ = ${got}, loop gives ${Math.sqrt(s)}`);
  }), fcParams(150));
});

test.run();
