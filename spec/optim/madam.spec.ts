// Madam worked by hand and its defining properties (Bernstein et al. 2020, multiplicative weights; jxbz/madam).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tensor } from '../../lib/creation.ts';
import { NonFiniteStepError } from '../../lib/optim/guard.ts';
import { Madam, type MadamOptions } from '../../lib/optim/madam.ts';
import { Rng } from '../../lib/random.ts';
import { assertClose, assertThrowsTrustgrad } from '../helpers/assert.ts';

function run(options: MadamOptions, grads: number[][], w0: number[]): number[][] {
  const w = tensor(w0, { requiresGrad: true });
  const opt = new Madam([w], options);
  return grads.map((g) => {
    w.grad = tensor(g);
    opt.step();
    return Array.from(w.data);
  });
}

test('madam: two steps match the reference rule worked by hand (lr 0.1)', () => {
  // w = [2, −1, 0.25, 0.5]; RMS = √(5.3125/4), so max = 3·1.1524… = 3.457…: no clamp here.
  // step 1, g = [1, 2, 0, −0.5]: v = 0.001·g², bias correction 0.001, so ĝ = g/|g| = [1, 1, NaN→0, −1];
  //   W·exp(−0.1·ĝ·sign W) = [2e^−0.1, −e^0.1, 0.25, 0.5e^0.1]
  // step 2, g = [1, 0, 3, 2]: v = 0.999·v₁ + 0.001·g², correction 1 − 0.999² = 0.001999;
  //   ĝ₀ = 1/√((0.000999 + 0.001)/0.001999) = 1;  ĝ₁ = 0;  ĝ₂ = 3/√(0.009/0.001999);  ĝ₃ = 2/√((0.000999·0.25 + 0.004)/0.001999)
  const [a, b] = run({ lr: 0.1 }, [[1, 2, 0, -0.5], [1, 0, 3, 2]], [2, -1, 0.25, 0.5]);
  const w1 = [2 * Math.exp(-0.1), -Math.exp(0.1), 0.25, 0.5 * Math.exp(0.1)];
  assertClose(a, w1, 1e-15, 'step 1');
  const c = 1 - 0.999 ** 2;
  const g2 = 3 / Math.sqrt(0.009 / c);
  const g3 = 2 / Math.sqrt((0.000999 * 0.25 + 0.004) / c);
  assertClose(b, [w1[0] * Math.exp(-0.1), w1[1], 0.25 * Math.exp(-0.1 * g2), w1[3] * Math.exp(-0.1 * g3)], 1e-14, 'step 2');
});

test('madam: every weight keeps its sign and moves by at most a factor e^(lr·gBound); a zero weight stays zero', () => {
  const rng = new Rng(5);
  const w = tensor(rng.normalFill(new Float64Array(40)), { requiresGrad: true });
  w.data[7] = 0;
  const opt = new Madam([w], { lr: 0.05, gBound: 2, pScale: 100 });
  for (let t = 0; t < 30; t++) {
    const before = Float64Array.from(w.data);
    w.grad = tensor(rng.normalFill(new Float64Array(40), 0, t % 5 === 4 ? 50 : 1));
    opt.step();
    for (let i = 0; i < 40; i++) {
      assert.ok(Math.sign(w.data[i]) === Math.sign(before[i]), `entry ${i} changed sign at step ${t}`);
      const ratio = Math.abs(w.data[i] / (before[i] || 1));
      if (before[i] !== 0) assert.ok(ratio <= Math.exp(0.05 * 2) * (1 + 1e-15) && ratio >= Math.exp(-0.05 * 2) * (1 - 1e-15), `entry ${i}: ratio ${ratio} at step ${t}`);
    }
    assert.is(w.data[7], 0);
  }
});

test('madam: the normalised gradient is clamped to ±gBound', () => {
  // First step: ĝ = ±1 exactly, so gBound 0.25 scales every factor to e^(∓0.25·lr).
  const [a] = run({ lr: 0.2, gBound: 0.25 }, [[3, -0.01]], [1, 1]);
  assertClose(a, [Math.exp(-0.05), Math.exp(0.05)], 1e-15);
});

test('madam: weights are clamped to pScale × the RMS of the tensor at its first step, for good', () => {
  // w = [4, 1, −1, 0]: RMS = √(18/4); pScale 1 → max = 2.1213…: 4 clamps at once, −1 would have to grow past it.
  const w = tensor([4, 1, -1, 0], { requiresGrad: true });
  const opt = new Madam([w], { lr: 0.5, pScale: 1 });
  const max = Math.sqrt(18 / 4);
  w.grad = tensor([0.1, 0.1, 1, 1]);
  opt.step();
  assertClose(w.data, [max, Math.exp(-0.5), -Math.exp(0.5), 0], 1e-15);
  assert.is(opt.state.get(w)?.max, max);
  for (let t = 0; t < 5; t++) {
    w.grad = tensor([-1, -1, 1, 1]); // pushes |w₀|, |w₁| and |w₂| up
    opt.step();
  }
  assert.ok(w.data.every((v) => Math.abs(v) <= max), `|w| ≤ ${max}: ${Array.from(w.data)}`);
  assert.is(w.data[0], max);
  assert.is(w.data[2], -max);
});

test('madam: refuses a non-finite gradient, which the reference would silently skip, changing nothing', () => {
  const w = tensor([1, 2], { requiresGrad: true });
  const opt = new Madam([['w', w]]);
  w.grad = tensor([1, 1]);
  opt.step();
  const before = { w: Array.from(w.data), v: Array.from(opt.state.get(w)?.expAvgSq ?? []), step: opt.state.get(w)?.step };
  w.grad = tensor([NaN, 1]);
  assertThrowsTrustgrad(() => opt.step(), 'Madam', "'w'", 'non-finite', 'got NaN at entry 0', 'as they were');
  let caught: unknown = null;
  try {
    opt.step();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof NonFiniteStepError, 'a NonFiniteStepError, so a training loop reports divergence');
  w.grad = tensor([1, -Infinity]);
  assertThrowsTrustgrad(() => opt.step(), 'Madam', 'got -Infinity at entry 1');
  assert.equal({ w: Array.from(w.data), v: Array.from(opt.state.get(w)?.expAvgSq ?? []), step: opt.state.get(w)?.step }, before);
  assert.is(opt.stepCount, 1);
});

test('madam: defaults are the reference’s and bad hyper-parameters are refused', () => {
  const w = tensor([1], { requiresGrad: true });
  assert.equal({ ...new Madam([w]).defaults }, { lr: 0.01, pScale: 3, gBound: 10 });
  assertThrowsTrustgrad(() => new Madam([w], { pScale: 0 }), 'Madam', 'invalid pScale', 'got 0');
  assertThrowsTrustgrad(() => new Madam([w], { gBound: -1 }), 'Madam', 'invalid gBound', 'got -1');
  assertThrowsTrustgrad(() => new Madam([w], { lr: NaN }), 'Madam', 'invalid learning rate');
});

test.run();
