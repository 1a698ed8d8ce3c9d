// RMSprop and Adagrad worked by hand on f(w) = ½‖w‖² (so g = w), two steps each, with ε = 0 where the numbers
// stay exact; then the state each keeps (torch's names), maximize, and their option checks.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Adagrad, type AdagradOptions } from '../../lib/optim/adagrad.ts';
import type { Optimizer } from '../../lib/optim/optimizer.ts';
import { RMSprop, type RMSpropOptions } from '../../lib/optim/rmsprop.ts';
import { tensor } from '../../lib/creation.ts';
import type { Tensor } from '../../lib/tensor.ts';
import { assertClose, assertThrowsTrustgrad } from '../helpers/assert.ts';

/** Two steps on ½‖w‖² from w₀; returns w after each. */
function twoSteps(make: (w: Tensor) => Optimizer, w0: number[]): number[][] {
  const w = tensor(w0, { requiresGrad: true });
  const opt = make(w);
  const out: number[][] = [];
  for (let i = 0; i < 2; i++) {
    opt.zeroGrad();
    w.mul(w).sum().mul(0.5).backward();
    opt.step();
    out.push(Array.from(w.data));
  }
  return out;
}
const rms = (o: RMSpropOptions) => (w: Tensor) => new RMSprop([w], o);
const ada = (o: AdagradOptions) => (w: Tensor) => new Adagrad([w], o);

test('rmsprop: s ← αs + (1 − α)g², W ← W − ηg/(√s + ε) (α 0.75, η 0.25, ε 0)', () => {
  // step 1: s = 0.25·[1, 4] = [0.25, 1];  g/√s = [2, −2];  w = [1, −2] − 0.25·[2, −2] = [0.5, −1.5]
  // step 2: s = 0.75·[0.25, 1] + 0.25·[0.25, 2.25] = [0.25, 1.3125];  w = [0.5 − 0.25, −1.5 + 0.375/√1.3125]
  const [one, two] = twoSteps(rms({ lr: 0.25, alpha: 0.75, eps: 0 }), [1, -2]);
  assert.equal(one, [0.5, -1.5]);
  assertClose(two, [0.25, -1.5 + 0.375 / Math.sqrt(1.3125)], 1e-15);
});

test('rmsprop: momentum keeps b ← μb + g/a and steps by ηb; the buffer starts at 0', () => {
  // step 1: b = g/a = [2, −2], the same step as without momentum;  step 2: b = 0.5·[2, −2] + [1, −1.5/√1.3125]
  const [one, two] = twoSteps(rms({ lr: 0.25, alpha: 0.75, eps: 0, momentum: 0.5 }), [1, -2]);
  assert.equal(one, [0.5, -1.5]);
  assertClose(two, [0.5 - 0.25 * 2, -1.5 - 0.25 * (-1 - 1.5 / Math.sqrt(1.3125))], 1e-15);
});

test('rmsprop: centered subtracts the squared mean gradient: a = √(s − ḡ²)', () => {
  // step 1: s = 0.25g², ḡ = 0.25g, s − ḡ² = 0.1875g²;  w = w − 0.25·g/(√0.1875·|g|) = w − sign(g)·0.25/√0.1875
  const [one] = twoSteps(rms({ lr: 0.25, alpha: 0.75, eps: 0, centered: true }), [1, -2]);
  assertClose(one, [1 - 0.25 / Math.sqrt(0.1875), -2 + 0.25 / Math.sqrt(0.1875)], 1e-15);
});

test('rmsprop: state as torch names it, with the buffers its options need; maximize climbs', () => {
  const w = tensor([1, -2], { requiresGrad: true });
  const plain = new RMSprop([w], {});
  w.grad = tensor([1, 1]);
  plain.step();
  assert.equal(Object.keys(plain.stateDict().state[0]), ['step', 'squareAvg']);
  const full = new RMSprop([w], { momentum: 0.9, centered: true });
  full.step();
  assert.equal(Object.keys(full.stateDict().state[0]).sort(), ['gradAvg', 'momentumBuffer', 'squareAvg', 'step']);
  const [up] = twoSteps(rms({ lr: 0.25, alpha: 0.75, eps: 0, maximize: true }), [1, -2]);
  assert.equal(up, [1.5, -2.5]);
});

test('adagrad: s ← s + g², W ← W − η_t·g/(√s + ε), η_t = η/(1 + (t − 1)·lrDecay)', () => {
  // step 1: s = [9, 16];  w = [3, −4] − 0.5·[3/3, −4/4] = [2.5, −3.5]
  // step 2 (lrDecay 1, so η₂ = 0.25): s = [15.25, 28.25];  w = [2.5 − 0.25·2.5/√15.25, −3.5 + 0.25·3.5/√28.25]
  const [one, two] = twoSteps(ada({ lr: 0.5, lrDecay: 1, eps: 0 }), [3, -4]);
  assert.equal(one, [2.5, -3.5]);
  assertClose(two, [2.5 - (0.25 * 2.5) / Math.sqrt(15.25), -3.5 + (0.25 * 3.5) / Math.sqrt(28.25)], 1e-15);
});

test('adagrad: the sum starts at initialAccumulatorValue; weight decay joins the gradient', () => {
  // s = 7 + 9 = 16 → w = 3 − 0.5·3/4;  with λ = 1: g = 2w = 6, s = 36 → w = 3 − 0.5·6/6
  assert.equal(twoSteps(ada({ lr: 0.5, eps: 0, initialAccumulatorValue: 7 }), [3])[0], [2.625]);
  assert.equal(twoSteps(ada({ lr: 0.5, eps: 0, weightDecay: 1 }), [3])[0], [2.5]);
  const w = tensor([1], { requiresGrad: true });
  const opt = new Adagrad([w]);
  w.grad = tensor([2]);
  opt.step();
  assert.equal(opt.stateDict().state, { 0: { step: 1, sum: [4] } });
});

test("rmsprop and adagrad: options are checked with torch's rules and name the bad value", () => {
  const p = [tensor([1], { requiresGrad: true })];
  assertThrowsTrustgrad(() => new RMSprop(p, { alpha: -0.1 }), 'RMSprop: invalid alpha (got -0.1, expected a finite number ≥ 0)');
  assertThrowsTrustgrad(() => new RMSprop(p, { centered: 1 as never }), 'RMSprop: invalid centered (got 1, expected true or false)');
  assertThrowsTrustgrad(() => new Adagrad(p, { lrDecay: NaN }), 'Adagrad: invalid lr decay (got NaN');
  assertThrowsTrustgrad(() => new Adagrad(p, { lr_decay: 0.1 } as never), "Adagrad: unknown option 'lr_decay'");
});

test.run();
