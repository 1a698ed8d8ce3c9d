// LARS worked by hand, both forms, on w₀ = [3, 4] (‖w₀‖ = 5) with gradients set directly.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LARS, type LARSOptions } from '../../lib/optim/lars.ts';
import { Rng } from '../../lib/random.ts';
import { randn, tensor } from '../../lib/creation.ts';
import { assertClose, assertThrowsTrustgrad } from '../helpers/assert.ts';
import { frobenius, dot } from '../../lib/kernels/vector.ts';

function run(options: LARSOptions, grads: number[][], w0 = [3, 4]): number[][] {
  const w = tensor(w0, { requiresGrad: true });
  const opt = new LARS([w], options);
  return grads.map((g) => {
    w.grad = tensor(g);
    opt.step();
    return Array.from(w.data);
  });
}

test('lars: the paper form steps by η·‖W‖/‖g‖·g (lr 0.1)', () => {
  // step 1 (g = [1, 0]): ratio 5/1;  w = [3 − 0.1·5·1, 4] = [2.5, 4]
  // step 2 (g = [0, 2]): ‖w‖ = √22.25 = 4.7169905…, ratio ‖w‖/2;  w = [2.5, 4 − 0.1·4.7169905…] = [2.5, 3.5283009…]
  const [a, b] = run({ lr: 0.1 }, [[1, 0], [0, 2]]);
  assert.equal(a, [2.5, 4]);
  assertClose(b, [2.5, 4 - 0.1 * Math.sqrt(22.25)], 1e-15);
});

test('lars: the you2017 form uses c·‖W‖/(‖g‖ + λ‖W‖ + ε) and momentum on the scaled gradient', () => {
  // lr 1, c 0.01, μ 0.5, λ 0.25, ε 0
  // step 1 (g = [1, 0]): local = 0.01·5/(1 + 0.25·5) = 0.05/2.25;  v = local·(g + 0.25w) = local·[1.75, 1]
  //   w = [3, 4] − v = [3 − 0.0388…, 4 − 0.0222…]
  // step 2 (g = [0, 2]): local₂ = 0.01‖w₁‖/(2 + 0.25‖w₁‖);  v = 0.5v + local₂·([0, 2] + 0.25w₁);  w = w₁ − v
  const o: LARSOptions = { form: 'you2017', lr: 1, trustCoefficient: 0.01, momentum: 0.5, weightDecay: 0.25, eps: 0 };
  const [a, b] = run(o, [[1, 0], [0, 2]]);
  const l1 = 0.05 / 2.25;
  const v1 = [l1 * 1.75, l1 * 1];
  const w1 = [3 - v1[0], 4 - v1[1]];
  assertClose(a, w1, 1e-15, 'step 1');
  const n1 = Math.hypot(w1[0], w1[1]);
  const l2 = (0.01 * n1) / (2 + 0.25 * n1);
  const v2 = [0.5 * v1[0] + l2 * (0.25 * w1[0]), 0.5 * v1[1] + l2 * (2 + 0.25 * w1[1])];
  assertClose(b, [w1[0] - v2[0], w1[1] - v2[1]], 1e-15, 'step 2');
});

test('lars: a zero tensor falls back to a plain step (local lr 1 in you2017)', () => {
  // paper: trustRatio(0, ‖g‖) = 1, w = 0 − 0.1·[1, 2];  you2017: v = 1·g, w = −lr·v
  assertClose(run({ lr: 0.1 }, [[1, 2]], [0, 0])[0], [-0.1, -0.2], 1e-16);
  assertClose(run({ form: 'you2017', lr: 0.1, momentum: 0.9 }, [[1, 2]], [0, 0])[0], [-0.1, -0.2], 1e-16);
});

test('lars: when g ⟂ W the paper form grows ‖W‖ by exactly √(1+η²) per step', () => {
  const rng = new Rng(5);
  const w = randn([4, 3], { rng, requiresGrad: true });
  const opt = new LARS([w], { lr: 0.3 });
  for (let t = 0; t < 20; t++) {
    const g = randn([4, 3], { rng });
    const c = dot(g.data, w.data) / dot(w.data, w.data);
    for (let i = 0; i < g.data.length; i++) g.data[i] -= c * w.data[i]; // project out W: g ⟂ W
    w.grad = g;
    const before = frobenius(w.data);
    opt.step();
    assertClose(frobenius(w.data) / before, Math.sqrt(1 + 0.3 * 0.3), 1e-12, `growth at step ${t}`);
  }
});

test('lars: the paper form refuses you2017-only options', () => {
  const p = [tensor([1], { requiresGrad: true })];
  assertThrowsTrustgrad(() => new LARS(p, { lr: 0.1, momentum: 0.9 }), "LARS: option momentum applies to form 'you2017' only (got momentum 0.9 with form 'paper')");
  assertThrowsTrustgrad(() => new LARS(p, { form: 'lamb' as never }), "LARS: invalid form (got 'lamb', expected 'paper' or 'you2017')");
  assertThrowsTrustgrad(() => new LARS(p, { form: 'you2017', trustCoefficient: -1 }), 'LARS: invalid trust coefficient (got -1');
});

test("lars: a null where a parameter belongs is the library's error, not a TypeError", () => {
  assertThrowsTrustgrad(() => new LARS([null] as never), 'LARS: params[0] must be a Tensor, a [name, Tensor] pair or a param group (got null)');
  assertThrowsTrustgrad(() => new LARS([{ params: [tensor([1], { requiresGrad: true })] }, null] as never), 'LARS: a param group must be an object with params (got null)');
  assertThrowsTrustgrad(() => new LARS([tensor([1], { requiresGrad: true })], null as never), 'LARS: options must be an object (got null)');
});

test.run();
