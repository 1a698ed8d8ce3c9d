// Property: for random compositions of smooth ops over random, broadcast-paired shapes, autograd's
// gradient matches float64 central differences (lib/gradcheck.ts), and the forward output has the shape
// PyTorch's rules give. Expressions come from spec/property/expressions.ts, seeded per run by
// fast-check, and read out in full on failure. Single ops on edge shapes (size-1 axes, scalars,
// broadcasting) are checked the same way.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { noGrad } from '../../lib/autograd.ts';
import { gradcheck } from '../../lib/gradcheck.ts';
import { Tensor } from '../../lib/tensor.ts';
import { broadcastPair, moderate, shape, tensorOf } from './arbitraries.ts';
import { randomExpression } from './expressions.ts';
import { announce, fcParams } from './settings.ts';

announce('property/gradients');

// Composite expressions reach values around 10², where rounding in the central difference alone is
// ~1e-9 relative; 1e-6 still fails on any wrong rule (those are off by O(1)).
const TOLERANCE = 1e-6;

function largest(t: Tensor): number {
  let m = 0;
  for (const v of t.data) m = Math.max(m, Math.abs(v));
  return m;
}

test('gradients: random op compositions match central differences', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
    const e = randomExpression(seed);
    const out = noGrad(() => e.build(e.inputs));
    assert.equal(out.shape, e.shape, `shape of ${e.text}`);
    // Outside moderate magnitudes a difference quotient measures rounding, not the derivative.
    fc.pre(out.data.length <= 256 && largest(out) < 1e3);
    const result = gradcheck((...xs) => e.build(xs), e.inputs, { tolerance: TOLERANCE });
    const w = result.worst;
    assert.ok(result.ok, `${e.text} (seed ${seed}): input ${w?.input} element ${w?.index}: analytic ${w?.analytic}, numeric ${w?.numeric}, error ${w?.error.toExponential(2)}`);
  }), fcParams(150));
});

type Binary = 'add' | 'sub' | 'mul' | 'div';
test('gradients: each binary op on broadcast pairs (size-1 axes, scalars) matches central differences', () => {
  const arb = broadcastPair(3, false).chain(({ a, b }) =>
    fc.record({
      x: tensorOf(a, moderate(), true),
      y: tensorOf(b, moderate(), true),
      op: fc.constantFrom<Binary>('add', 'sub', 'mul', 'div'),
    })
  );
  fc.assert(fc.property(arb, ({ x, y, op }) => {
    // The denominator is kept away from 0 by 1.5 + y² so the quotient is smooth.
    const f = op === 'div' ? (p: Tensor, q: Tensor) => p.div(q.pow(2).add(1.5)) : (p: Tensor, q: Tensor) => p[op](q);
    const r = gradcheck(f, [x, y]);
    assert.ok(r.ok, `${op} of [${x.shape}] and [${y.shape}]: error ${r.maxError}`);
  }), fcParams(150));
});

test('gradients: unary ops and reductions on random shapes match central differences', () => {
  const fns: Record<string, (t: Tensor) => Tensor> = {
    exp: (t) => t.exp(),
    tanh: (t) => t.tanh(),
    sigmoid: (t) => t.sigmoid(),
    cube: (t) => t.pow(3),
    sqrtPositive: (t) => t.pow(2).add(0.5).sqrt(),
    logPositive: (t) => t.pow(2).add(0.5).log(),
    sum: (t) => t.sum(),
    mean: (t) => t.mean(),
    norm: (t) => t.add(3).norm(),
    logSoftmax: (t) => (t.ndim === 0 ? t : t.logSoftmax(-1)),
    softmax: (t) => (t.ndim === 0 ? t : t.softmax(0)),
  };
  const arb = shape(3, false).chain((s) => fc.record({ x: tensorOf(s, moderate(), true), name: fc.constantFrom(...Object.keys(fns)) }));
  fc.assert(fc.property(arb, ({ x, name }) => {
    const r = gradcheck(fns[name], [x]);
    assert.ok(r.ok, `${name} of [${x.shape}]: error ${r.maxError}`);
  }), fcParams(150));
});

test.run();
