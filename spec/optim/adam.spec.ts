// Adam, AMSGrad and AdamW worked by hand: w₀ = [1, 1], gradients set directly, lr 0.1, betas (0.9, 0.999),
// eps 1e-8. Torch's form: w ← w − (lr/bc1)·m / (√v/√bc2 + ε), bc_k = 1 − β_kᵗ.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Adam, AdamW, type AdamOptions } from '../../lib/optim/adam.ts';
import type { Optimizer } from '../../lib/optim/optimizer.ts';
import { tensor } from '../../lib/creation.ts';
import { assertClose, assertThrowsTrustgrad } from '../helpers/assert.ts';

const eps = 1e-8;

function run(make: (w: ReturnType<typeof tensor>) => Optimizer, grads: number[][]): number[][] {
  const w = tensor([1, 1], { requiresGrad: true });
  const opt = make(w);
  return grads.map((g) => {
    w.grad = tensor(g);
    opt.step();
    return Array.from(w.data);
  });
}
const adam = (o: AdamOptions = {}) => (w: ReturnType<typeof tensor>) => new Adam([w], { lr: 0.1, ...o });

test('adam: two steps match the bias-corrected rule worked by hand', () => {
  // step 1 (g = [2, −0.5]): m = 0.1g = [0.2, −0.05], v = 0.001g² = [0.004, 0.00025], bc1 = 0.1, bc2 = 0.001
  //   w ← w − (0.1/0.1)·m/(√(v/0.001) + ε) = [1 − 0.2/(2 + ε), 1 + 0.05/(0.5 + ε)] = [0.9000000005, 1.099999998]
  // step 2 (g = [1, 0.5]): m = 0.9m + 0.1g = [0.28, 0.005], v = 0.999v + 0.001g² = [0.004996, 0.00049975]
  //   bc1 = 1 − 0.81 = 0.19, bc2 = 1 − 0.998001 = 0.001999;  √(v/bc2) = [1.5809015228…, 0.5]
  //   w ← w − (0.1/0.19)·m/(√(v/bc2) + ε) = [0.9000000005 − 0.0932179632…, 1.099999998 − 0.0052631577…]
  //     = [0.8067820372…, 1.0947368402…]
  const w1 = [1 - 0.2 / (2 + eps), 1 + 0.05 / (0.5 + eps)];
  const w2 = [w1[0] - (0.1 / 0.19) * 0.28 / (Math.sqrt(0.004996 / 0.001999) + eps), w1[1] - (0.1 / 0.19) * 0.005 / (0.5 + eps)];
  const [a, b] = run(adam(), [[2, -0.5], [1, 0.5]]);
  assertClose(a, w1, 1e-15, 'step 1');
  assertClose(b, w2, 1e-14, 'step 2');
  assertClose(b, [0.8067820372085097, 1.0947368402105262], 1e-14, 'step 2 decimals');
});

test('adam: weight decay is added to the gradient before the moments', () => {
  // g = [2, −0.5] + 0.5·[1, 1] = [2.5, 0]: the second weight sees a zero gradient and does not move
  const [w1] = run(adam({ weightDecay: 0.5 }), [[2, -0.5]]);
  assertClose(w1, [1 - 0.25 / (2.5 + eps), 1], 1e-15);
});

test('adam: amsgrad divides by the running maximum of v', () => {
  // step 1 (g = [2, 1]): v = [0.004, 0.001], max = v;  w = [1 − 0.2/(2 + ε), 1 − 0.1/(1 + ε)]
  // step 2 (g = [0.01, 1]): m = [0.181, 0.19], v = [0.0039961, 0.001999] — v fell in the first entry,
  //   so max = [0.004, 0.001999] and the first denominator is √(0.004/0.001999), not √(0.0039961/0.001999)
  const w1 = [1 - 0.2 / (2 + eps), 1 - 0.1 / (1 + eps)];
  const w2 = [w1[0] - (0.1 / 0.19) * 0.181 / (Math.sqrt(0.004 / 0.001999) + eps), w1[1] - (0.1 / 0.19) * 0.19 / (1 + eps)];
  const [a, b] = run(adam({ amsgrad: true }), [[2, 1], [0.01, 1]]);
  assertClose(a, w1, 1e-15, 'step 1');
  assertClose(b, w2, 1e-14, 'step 2');
  const [, plain] = run(adam(), [[2, 1], [0.01, 1]]);
  assert.ok(plain[0] < b[0], 'plain Adam takes the larger step where v fell');
});

test('adamw: decays the weights by (1 − lr·λ) first, apart from the moments', () => {
  // λ = 0.5: each step w ← 0.95·w, then the Adam step of the first test (its moments never see w)
  const w1 = [0.95 - 0.2 / (2 + eps), 0.95 + 0.05 / (0.5 + eps)];
  const w2 = [0.95 * w1[0] - (0.1 / 0.19) * 0.28 / (Math.sqrt(0.004996 / 0.001999) + eps), 0.95 * w1[1] - (0.1 / 0.19) * 0.005 / (0.5 + eps)];
  const [a, b] = run((w) => new AdamW([w], { lr: 0.1, weightDecay: 0.5 }), [[2, -0.5], [1, 0.5]]);
  assertClose(a, w1, 1e-15, 'step 1');
  assertClose(b, w2, 1e-14, 'step 2');
});

test("adam: defaults are torch's, AdamW's weight decay is 0.01, and they are different classes", () => {
  const p = [tensor([1], { requiresGrad: true })];
  const { params: _a, ...adamGroup } = new Adam(p).paramGroups[0];
  assert.equal(adamGroup, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false });
  const w = new AdamW(p);
  assert.is(w.paramGroups[0].weightDecay, 0.01);
  assert.not.ok((w as unknown) instanceof Adam);
});

test('adam: hyper-parameters are checked and name the bad value', () => {
  const p = [tensor([1], { requiresGrad: true })];
  assertThrowsTrustgrad(() => new Adam(p, { betas: [0.9, 1] }), 'Adam: invalid betas (got [0.9,1], expected two numbers [β1, β2] with 0 ≤ β < 1)');
  assertThrowsTrustgrad(() => new Adam(p, { betas: [-0.1, 0.9] }), 'invalid betas (got [-0.1,0.9]');
  assertThrowsTrustgrad(() => new Adam(p, { eps: -1e-8 }), 'Adam: invalid epsilon (got -1e-8');
  assertThrowsTrustgrad(() => new AdamW(p, { lr: NaN }), 'AdamW: invalid learning rate (got NaN');
  assertThrowsTrustgrad(() => new AdamW(p, { weightDecay: -0.01 }), 'AdamW: invalid weight decay (got -0.01');
  assertThrowsTrustgrad(() => new Adam(p, { amsgrad: 1 as never }), 'Adam: invalid amsgrad (got 1, expected true or false)');
});

test.run();
