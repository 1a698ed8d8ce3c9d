// gradcheck can fail: it rejects a backward that is wrong by a factor, by a sign, or in one element, for
// several ops, and passes the same ops with their true backward (so every op's gradcheck means something).
// Its second order (order: 2) rejects a graph backward that is wrong, or right but cut from the tape.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { record } from '../lib/autograd.ts';
import { randn } from '../lib/creation.ts';
import { gradcheck } from '../lib/gradcheck.ts';
import { Rng } from '../lib/random.ts';
import { Tensor } from '../lib/tensor.ts';

type Op = (...xs: Tensor[]) => Tensor;

/** `op` with its recorded backward replaced by `corrupt` of the true one (the forward is untouched). */
function withWrongBackward(op: Op, corrupt: (g: Float64Array) => Float64Array): Op {
  return (...xs) => {
    const y = op(...xs);
    const node = y.node;
    if (node === null) return y; // inside noGrad (gradcheck's numeric side): the forward alone
    const out = new Tensor(y.data, y.shape);
    return record(out, `${node.op} (corrupted)`, node.parents, {
      backward: (g) => node.backward(g).map((pg) => (pg === null ? null : corrupt(Float64Array.from(pg)))),
      graph: null,
    });
  };
}

const times = (k: number) => (g: Float64Array): Float64Array => g.map((v) => v * k);
const firstNegated = (g: Float64Array): Float64Array => {
  g[0] = -g[0];
  return g;
};

const rng = new Rng(17);
const cases: [string, Op, () => Tensor[]][] = [
  ['sigmoid', (x) => x.sigmoid(), () => [randn([3, 4], { rng, requiresGrad: true })]],
  ['mul', (a, b) => a.mul(b), () => [randn([2, 3], { rng, requiresGrad: true }), randn([3], { rng, requiresGrad: true })]],
  ['matmul', (a, b) => a.matmul(b), () => [randn([3, 4], { rng, requiresGrad: true }), randn([4, 2], { rng, requiresGrad: true })]],
  ['logSoftmax', (x) => x.logSoftmax(1), () => [randn([2, 5], { rng, requiresGrad: true })]],
  ['exp', (x) => x.exp(), () => [randn([4], { rng, requiresGrad: true })]],
  ['tanh then sum', (x) => x.tanh().sum(), () => [randn([3, 3], { rng, requiresGrad: true })]],
];

for (const [name, op, inputs] of cases) {
  test(`gradcheck: ${name} passes with its true backward`, () => {
    const r = gradcheck(op, inputs());
    assert.ok(r.ok, `maxError ${r.maxError}`);
  });

  // How wrong each corruption is, as analytic/numeric at the worst element gradcheck reports.
  for (const [how, corrupt, ratio] of [
    ['twice the gradient', times(2), 2],
    ['the gradient negated', times(-1), -1],
    ['the gradient off by one part in 10⁴', times(1 + 1e-4), 1 + 1e-4],
    ['one element negated', firstNegated, -1],
  ] as const) {
    test(`gradcheck: ${name} with ${how} is rejected, and the worst element shows it`, () => {
      const r = gradcheck(withWrongBackward(op, corrupt), inputs());
      assert.not.ok(r.ok, `accepted a wrong gradient (maxError ${r.maxError})`);
      assert.ok(r.maxError > 100 * 1e-7, `maxError ${r.maxError} is within 100× the tolerance`);
      const w = r.worst;
      assert.ok(w !== null && Math.abs(w.analytic / w.numeric - ratio) < 1e-6, `worst element: analytic ${w?.analytic} vs numeric ${w?.numeric}, expected a ratio of ${ratio}`);
    });
  }
}

/** `op` with its graph backward (createGraph) replaced by `change` of the true one; the fast backward untouched. */
function withGraphBackward(op: Op, change: (pg: Tensor) => Tensor): Op {
  return (...xs) => {
    const y = op(...xs);
    const node = y.node;
    if (node === null) return y;
    const graph = node.graph!;
    return record(new Tensor(y.data, y.shape), `${node.op} (changed)`, node.parents, {
      backward: node.backward,
      graph: (g) => graph(g).map((pg) => (pg === null ? null : change(pg))),
    });
  };
}

for (const [name, op, inputs] of cases) {
  test(`gradcheck order 2: ${name} passes with its true graph backward`, () => {
    const r = gradcheck((...xs) => op(...xs).tanh(), inputs(), { order: 2 });
    assert.ok(r.ok, `maxError ${r.maxError}`);
  });
  test(`gradcheck order 2: ${name} with its graph backward doubled is rejected`, () => {
    const r = gradcheck((...xs) => withGraphBackward(op, (pg) => pg.mul(2))(...xs).tanh(), inputs(), { order: 2 });
    assert.not.ok(r.ok, `accepted (maxError ${r.maxError})`);
    assert.ok(r.maxError > 0.1, `maxError ${r.maxError}`);
  });
  test(`gradcheck order 2: ${name} with its graph backward cut from the tape is rejected at second order`, () => {
    const r = gradcheck((...xs) => withGraphBackward(op, (pg) => pg.detach())(...xs).tanh(), inputs(), { order: 2 });
    assert.not.ok(r.ok, `accepted a detached graph backward (maxError ${r.maxError})`);
    assert.is(r.worst?.order, 2);
  });
}

test('gradcheck: a zero gradient where the true one is tiny is still rejected (errors are not swallowed by a floor of 1)', () => {
  // d/dx of 1e-3·x² at x ~ 1 is ~2e-3: an absolute error of that size must exceed the 1e-7 tolerance.
  const x = randn([4], { rng, requiresGrad: true });
  const r = gradcheck(withWrongBackward((v) => v.mul(v).mul(1e-3), times(0)), [x]);
  assert.not.ok(r.ok, `accepted a zero gradient (maxError ${r.maxError})`);
});

test.run();
