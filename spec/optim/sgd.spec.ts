// SGD worked by hand on f(w) = ½‖w‖² (so g = w), with dyadic numbers so every value below is exact.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SGD, type SGDOptions } from '../../lib/optim/sgd.ts';
import { tensor } from '../../lib/creation.ts';
import { assertThrowsTrustgrad } from '../helpers/assert.ts';

/** Two steps of `opt` on f(w) = ½‖w‖² from w₀ = [1, −2]; returns w after each. */
function twoSteps(options: SGDOptions): number[][] {
  const w = tensor([1, -2], { requiresGrad: true });
  const opt = new SGD([w], options);
  const out: number[][] = [];
  for (let i = 0; i < 2; i++) {
    opt.zeroGrad();
    w.mul(w).sum().mul(0.5).backward();
    opt.step();
    out.push(Array.from(w.data));
  }
  return out;
}

test('sgd: momentum starts the buffer at the first gradient (lr 0.25, μ 0.5)', () => {
  // step 1: g = [1, −2];  v = g = [1, −2];                       w = [1, −2] − 0.25·v = [0.75, −1.5]
  // step 2: g = [0.75, −1.5];  v = 0.5·[1, −2] + g = [1.25, −2.5];  w = [0.75 − 0.3125, −1.5 + 0.625] = [0.4375, −0.875]
  assert.equal(twoSteps({ lr: 0.25, momentum: 0.5 }), [[0.75, -1.5], [0.4375, -0.875]]);
});

test('sgd: weight decay joins the gradient and dampening skips the first step (λ 0.5, μ 0.5, τ 0.5)', () => {
  // step 1: d = g + 0.5w = 1.5·[1, −2] = [1.5, −3];  v = d (no dampening yet);  w = [1, −2] − 0.25·[1.5, −3] = [0.625, −1.25]
  // step 2: d = 1.5·[0.625, −1.25] = [0.9375, −1.875];  v = 0.5·[1.5, −3] + (1 − 0.5)·d = [1.21875, −2.4375]
  //         w = [0.625 − 0.3046875, −1.25 + 0.609375] = [0.3203125, −0.640625]
  assert.equal(twoSteps({ lr: 0.25, momentum: 0.5, dampening: 0.5, weightDecay: 0.5 }), [[0.625, -1.25], [0.3203125, -0.640625]]);
});

test('sgd: Nesterov steps along g + μv (lr 0.25, μ 0.5)', () => {
  // step 1: v = g = [1, −2];  d = g + 0.5v = [1.5, −3];  w = [0.625, −1.25]
  // step 2: g = [0.625, −1.25];  v = 0.5·[1, −2] + g = [1.125, −2.25];  d = g + 0.5v = [1.1875, −2.375]
  //         w = [0.625 − 0.296875, −1.25 + 0.59375] = [0.328125, −0.65625]
  assert.equal(twoSteps({ lr: 0.25, momentum: 0.5, nesterov: true }), [[0.625, -1.25], [0.328125, -0.65625]]);
});

test('sgd: plain and maximize steps go against and along the gradient', () => {
  // plain: w ← w − 0.5w twice: [0.5, −1], [0.25, −0.5];  maximize: w ← w + 0.5w: [1.5, −3], [2.25, −4.5]
  assert.equal(twoSteps({ lr: 0.5 }), [[0.5, -1], [0.25, -0.5]]);
  assert.equal(twoSteps({ lr: 0.5, maximize: true }), [[1.5, -3], [2.25, -4.5]]);
});

test('sgd: stores a null buffer without momentum, as torch does', () => {
  const w = tensor([1], { requiresGrad: true });
  const opt = new SGD([w], { lr: 0.1 });
  w.grad = tensor([1]);
  opt.step();
  assert.equal(opt.stateDict().state, { 0: { momentumBuffer: null } });
});

test("sgd: hyper-parameters are checked with torch's rules and name the bad value", () => {
  const p = [tensor([1], { requiresGrad: true })];
  assertThrowsTrustgrad(() => new SGD(p, { lr: -0.1 }), 'SGD: invalid learning rate (got -0.1, expected a finite number ≥ 0)');
  assertThrowsTrustgrad(() => new SGD(p, {} as SGDOptions), 'SGD: invalid learning rate (got undefined');
  assertThrowsTrustgrad(() => new SGD(p, { lr: Infinity }), 'invalid learning rate (got Infinity');
  assertThrowsTrustgrad(() => new SGD(p, { lr: 0.1, momentum: -0.9 }), 'SGD: invalid momentum (got -0.9');
  assertThrowsTrustgrad(() => new SGD(p, { lr: 0.1, weightDecay: -1 }), 'SGD: invalid weight decay (got -1');
  assertThrowsTrustgrad(() => new SGD(p, { lr: 0.1, nesterov: true }), 'SGD: Nesterov momentum requires momentum > 0 and dampening 0 (got momentum 0, dampening 0)');
  assertThrowsTrustgrad(() => new SGD(p, { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }), 'dampening 0.1');
  assertThrowsTrustgrad(() => new SGD(p, { lr: 0.1, weight_decay: 0.1 } as never), "SGD: unknown option 'weight_decay' in options (got 0.1, expected one of lr, momentum");
  assertThrowsTrustgrad(() => new SGD([{ params: p, momentum: 2, lr: -1 }], { lr: 0.1 }), 'SGD: invalid learning rate (got -1');
});

test.run();
