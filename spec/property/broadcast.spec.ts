// Property: every elementwise binary op broadcasts exactly as an explicit loop over the output's
// multi-index does, for any broadcast-compatible pair of shapes (size-1 and 0-size axes included)
// and any doubles (±0, subnormals, extremes, ±∞, NaN): each output element is the same single IEEE
// operation, so results are compared bit for bit with Object.is. The operands are never modified,
// and the gradient of a broadcast sum counts how many output elements each input element reached.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { grad } from '../../lib/autograd.ts';
import { tensor } from '../../lib/creation.ts';
import { Tensor } from '../../lib/tensor.ts';
import { assertUnchanged, snapshot } from '../helpers/snapshot.ts';
import { broadcastIndex, broadcastPair, edgeDouble, moderate, numel, tensorOf, unravel } from './arbitraries.ts';
import { announce, fcParams } from './settings.ts';

announce('property/broadcast');

const ops: Record<string, [(x: Tensor, y: Tensor) => Tensor, (a: number, b: number) => number]> = {
  add: [(x, y) => x.add(y), (a, b) => a + b],
  sub: [(x, y) => x.sub(y), (a, b) => a - b],
  mul: [(x, y) => x.mul(y), (a, b) => a * b],
  div: [(x, y) => x.div(y), (a, b) => a / b],
  gt: [(x, y) => x.gt(y), (a, b) => (a > b ? 1 : 0)],
  ge: [(x, y) => x.ge(y), (a, b) => (a >= b ? 1 : 0)],
  lt: [(x, y) => x.lt(y), (a, b) => (a < b ? 1 : 0)],
  le: [(x, y) => x.le(y), (a, b) => (a <= b ? 1 : 0)],
  eq: [(x, y) => x.eq(y), (a, b) => (a === b ? 1 : 0)],
};

/** The explicit-loop reference: out[i] = f(a[a-index of i], b[b-index of i]). */
function reference(a: Tensor, b: Tensor, out: readonly number[], f: (p: number, q: number) => number): Float64Array {
  const r = new Float64Array(numel(out));
  for (let i = 0; i < r.length; i++) {
    const idx = unravel(i, out);
    r[i] = f(a.data[broadcastIndex(idx, a.shape)], b.data[broadcastIndex(idx, b.shape)]);
  }
  return r;
}

const pairWithValues = broadcastPair().chain(({ a, b, out }) => fc.record({ x: tensorOf(a, edgeDouble), y: tensorOf(b, edgeDouble), out: fc.constant(out), op: fc.constantFrom(...Object.keys(ops)) }));

test('broadcast: every binary op matches an explicit loop bit for bit, in both operand orders', () => {
  fc.assert(fc.property(pairWithValues, ({ x, y, out, op }) => {
    const [method, f] = ops[op];
    const before = snapshot(x, y);
    for (const [p, q] of [[x, y], [y, x]]) {
      const got = method(p, q);
      assert.equal(got.shape, out, `${op} of [${p.shape}] and [${q.shape}]`);
      const want = reference(p, q, out, f);
      for (let i = 0; i < want.length; i++) {
        assert.ok(Object.is(got.data[i], want[i]), `${op}([${p.shape}], [${q.shape}]) element ${i}: got ${got.data[i]}, expected ${want[i]}`);
      }
    }
    assertUnchanged(before, [x, y], `${op} operands`);
  }), fcParams(300));
});

test('broadcast: a number operand acts as a 0-d tensor', () => {
  fc.assert(fc.property(broadcastPair().chain(({ a }) => tensorOf(a, edgeDouble)), edgeDouble, (x, s) => {
    for (const op of ['add', 'sub', 'mul', 'div'] as const) {
      const viaNumber = x[op](s);
      const viaTensor = x[op](tensor(s));
      assert.equal(viaNumber.shape, x.shape);
      viaNumber.data.forEach((v, i) => assert.ok(Object.is(v, viaTensor.data[i]), `${op} element ${i}`));
    }
  }), fcParams(150));
});

test('broadcast: the gradient of Σ(a + b) gives each element of a the number of outputs it reached', () => {
  fc.assert(fc.property(broadcastPair().chain(({ a, b }) => fc.tuple(tensorOf(a, moderate(), true), tensorOf(b, moderate(), true))), ([x, y]) => {
    const out = x.add(y);
    const [gx, gy] = grad(() => out.sum(), [x, y]);
    // A broadcast to `out` copies each element numel(out)/numel(operand) times (exactly, in integers).
    const n = numel(out.shape);
    for (const [g, t] of [[gx, x], [gy, y]] as const) {
      assert.equal(g.shape, t.shape);
      const copies = t.data.length === 0 ? 0 : n / t.data.length;
      g.data.forEach((v, i) => assert.is(v, copies, `element ${i} of the gradient of [${t.shape}] (output [${out.shape}])`));
    }
  }), fcParams(150));
});

test('broadcast: the gradient of Σ w·(a·b) matches the loop Σ over broadcast copies of w·b', () => {
  fc.assert(fc.property(broadcastPair(4, false).chain(({ a, b, out }) => fc.tuple(tensorOf(a, moderate(), true), tensorOf(b, moderate(), true), tensorOf(out, moderate()))), ([x, y, w]) => {
    const [gx] = grad(() => x.mul(y).mul(w).sum(), [x, y]);
    const want = new Float64Array(x.data.length);
    const abs = new Float64Array(x.data.length);
    for (let i = 0; i < w.data.length; i++) {
      const idx = unravel(i, w.shape);
      const term = w.data[i] * y.data[broadcastIndex(idx, y.shape)];
      want[broadcastIndex(idx, x.shape)] += term;
      abs[broadcastIndex(idx, x.shape)] += Math.abs(term);
    }
    // Summation order may differ from the loop's: allow n ulps of the sum of magnitudes.
    want.forEach((v, i) => assert.ok(Math.abs(gx.data[i] - v) <= 1e-15 * w.data.length * abs[i] + 1e-300, `element ${i}: got ${gx.data[i]}, expected ${v}`));
  }), fcParams(150));
});

test.run();
