// Second order over every op: for each row of the op table (spec/ops/table.ts) and random inputs in its
// domain, gradcheck with order 2 (and once with order 1, the fast backward alone) — the createGraph gradient against central differences of the op, and
// the gradient of that gradient (H·u) against central differences of the fast gradient. Each op's output
// goes through tanh first, so even a linear op's graph backward is differentiated in the second pass.
// Then random compositions of ops (spec/property/expressions.ts) the same way, and the table's coverage:
// every Tensor method is a row or is listed as not differentiable.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { noGrad } from '../../lib/autograd.ts';
import { gradcheck } from '../../lib/gradcheck.ts';
import { Rng } from '../../lib/random.ts';
import { Tensor } from '../../lib/tensor.ts';
import { NOT_OPS, OP_TABLE } from '../ops/table.ts';
import { randomExpression } from './expressions.ts';
import { announce, fcParams, runs, SEED } from './settings.ts';

announce('property/second-order');

// Second differences of an analytic gradient carry ~1e-10 of rounding; a wrong rule is off by O(1).
const TOLERANCE = 1e-6;

for (const row of OP_TABLE) {
  test(`second order: ${row.name} — gradient and Hessian-vector product match central differences`, () => {
    const n = runs(6);
    for (let i = 0; i < n; i++) {
      const inputs = row.make(new Rng(`${SEED}/second-order/${row.name}/${i}`));
      const r = gradcheck((...xs) => row.f(...xs).tanh(), inputs, { order: 2, tolerance: TOLERANCE });
      const w = r.worst;
      assert.ok(r.ok, `${row.name} on ${inputs.map((x) => `[${x.shape}]`).join(', ')}: order ${w?.order}, input ${w?.input} element ${w?.index}: analytic ${w?.analytic}, numeric ${w?.numeric}`);
    }
  });
}

for (const row of OP_TABLE) {
  test(`first order: ${row.name} — the fast gradient matches central differences`, () => {
    const inputs = row.make(new Rng(`${SEED}/first-order/${row.name}`));
    const r = gradcheck((...xs) => row.f(...xs).tanh(), inputs, { tolerance: TOLERANCE });
    const w = r.worst;
    assert.ok(r.ok, `${row.name} on ${inputs.map((x) => `[${x.shape}]`).join(', ')}: input ${w?.input} element ${w?.index}: analytic ${w?.analytic}, numeric ${w?.numeric}`);
  });
}

test('second order: random op compositions match central differences', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
    const e = randomExpression(seed, 6);
    const out = noGrad(() => e.build(e.inputs));
    fc.pre(out.data.length <= 64 && out.data.every((v) => Math.abs(v) < 1e2));
    const r = gradcheck((...xs) => e.build(xs).tanh(), e.inputs, { order: 2, tolerance: TOLERANCE });
    const w = r.worst;
    assert.ok(r.ok, `${e.text} (seed ${seed}): order ${w?.order}, input ${w?.input} element ${w?.index}: analytic ${w?.analytic}, numeric ${w?.numeric}`);
  }), fcParams(60));
});

test('the op table covers every differentiable Tensor method', () => {
  const names = new Set<string>();
  for (let proto = Tensor.prototype; proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as typeof Tensor.prototype) {
    for (const key of Object.getOwnPropertyNames(proto)) names.add(key);
  }
  const getters = ['ndim', 'isLeaf', 'version'];
  const rows = new Set(OP_TABLE.map((r) => r.name));
  const missing = [...names].filter((n) => !rows.has(n) && !NOT_OPS.includes(n) && !getters.includes(n));
  assert.equal(missing, [], `Tensor methods without a row in spec/ops/table.ts: ${missing.join(', ')}`);
});

test.run();
