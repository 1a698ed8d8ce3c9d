// Property: unary ops propagate IEEE values as PyTorch does, for any double (±0, subnormals, extremes,
// ±∞, NaN): exp/log/sqrt/abs/neg/tanh/pow are the correctly-signed Math results bit for bit; relu keeps
// NaN and gives max(x, 0) otherwise; sigmoid never overflows into NaN and stays in [0, 1]; and
// relu's gradient follows torch's threshold_backward (0 where the output is ≤ 0, else passed on).
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { grad } from '../../lib/autograd.ts';
import { Tensor } from '../../lib/tensor.ts';
import { edgeDouble, shape, tensorOf } from './arbitraries.ts';
import { announce, fcParams } from './settings.ts';

announce('property/elementwise');

const anyTensor = shape(3).chain((s) => tensorOf(s, edgeDouble));

const exact: Record<string, [(t: Tensor) => Tensor, (v: number) => number]> = {
  exp: [(t) => t.exp(), Math.exp],
  log: [(t) => t.log(), Math.log],
  sqrt: [(t) => t.sqrt(), Math.sqrt],
  abs: [(t) => t.abs(), Math.abs],
  neg: [(t) => t.neg(), (v) => -v],
  tanh: [(t) => t.tanh(), Math.tanh],
  square: [(t) => t.pow(2), (v) => Math.pow(v, 2)],
  rsqrt: [(t) => t.pow(-0.5), (v) => Math.pow(v, -0.5)],
};

test('elementwise: exp, log, sqrt, abs, neg, tanh and pow give the IEEE result for every double, bit for bit', () => {
  fc.assert(fc.property(anyTensor, fc.constantFrom(...Object.keys(exact)), (x, name) => {
    const [op, f] = exact[name];
    const out = op(x);
    assert.equal(out.shape, x.shape);
    x.data.forEach((v, i) => assert.ok(Object.is(out.data[i], f(v)), `${name}(${v}) = ${out.data[i]}, expected ${f(v)}`));
  }), fcParams(200));
});

test('elementwise: relu keeps NaN and is max(x, 0) elsewhere', () => {
  fc.assert(fc.property(anyTensor, (x) => {
    const out = x.relu();
    x.data.forEach((v, i) => {
      if (Number.isNaN(v)) assert.ok(Number.isNaN(out.data[i]), `relu(NaN) = ${out.data[i]}`);
      else assert.ok(out.data[i] === (v > 0 ? v : 0), `relu(${v}) = ${out.data[i]}`);
    });
  }), fcParams(150));
});

test('elementwise: sigmoid is NaN only for NaN, lies in [0, 1], and matches 1/(1+e^−x) to a few ulps', () => {
  fc.assert(fc.property(anyTensor, (x) => {
    const out = x.sigmoid();
    x.data.forEach((v, i) => {
      const s = out.data[i];
      if (Number.isNaN(v)) return assert.ok(Number.isNaN(s), `σ(NaN) = ${s}`);
      assert.ok(s >= 0 && s <= 1, `σ(${v}) = ${s}`);
      const want = 1 / (1 + Math.exp(-v));
      assert.ok(Math.abs(s - want) <= 4e-16 * Math.max(want, 1e-300) || (v < -700 && s < 1e-300), `σ(${v}) = ${s}, expected ${want}`);
    });
  }), fcParams(150));
});

test('elementwise: relu passes the gradient where the output is > 0 or NaN, and gives 0 where it is ≤ 0', () => {
  fc.assert(fc.property(shape(3).chain((s) => tensorOf(s, edgeDouble, true)), (x) => {
    const [g] = grad(() => x.relu().sum(), [x]);
    x.data.forEach((v, i) => assert.is(g.data[i], v > 0 || Number.isNaN(v) ? 1 : 0, `relu'(${v})`));
  }), fcParams(150));
});

test.run();
