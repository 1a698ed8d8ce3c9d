// One table runs every optimiser and its main options on the same problems (optax's alias test):
// a quadratic, Rosenbrock and a tiny MLP. Each row has its own sensible lr; the loss must fall below a
// fixed fraction of its start (quadratic 1 %, Rosenbrock 20 % — its curved valley is slow for every
// first-order method — and the MLP 10 %). Relative optimisers such as Fromage jitter at a fixed η, so
// the spec asks for a clear fall, not convergence to the minimum.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Adagrad } from '../../lib/optim/adagrad.ts';
import { Adam, AdamW } from '../../lib/optim/adam.ts';
import { Fromage } from '../../lib/optim/fromage.ts';
import { LARS } from '../../lib/optim/lars.ts';
import type { Optimizer } from '../../lib/optim/optimizer.ts';
import { RMSprop } from '../../lib/optim/rmsprop.ts';
import { SGD } from '../../lib/optim/sgd.ts';
import { Rng } from '../../lib/random.ts';
import { tensor } from '../../lib/creation.ts';
import type { Tensor } from '../../lib/tensor.ts';
import { quadratic, rosenbrock, tinyMlp } from './problems.ts';

type Row = [name: string, make: (p: Tensor[], lr: number) => Optimizer, lrs: { quadratic: number; rosenbrock: number; mlp: number }];
const rows: Row[] = [
  ['SGD', (p, lr) => new SGD(p, { lr }), { quadratic: 0.1, rosenbrock: 1e-3, mlp: 0.5 }],
  ['SGD momentum', (p, lr) => new SGD(p, { lr, momentum: 0.9 }), { quadratic: 0.02, rosenbrock: 1e-4, mlp: 0.1 }],
  ['SGD nesterov', (p, lr) => new SGD(p, { lr, momentum: 0.9, nesterov: true }), { quadratic: 0.02, rosenbrock: 1e-4, mlp: 0.1 }],
  ['SGD weight decay', (p, lr) => new SGD(p, { lr, weightDecay: 1e-3 }), { quadratic: 0.1, rosenbrock: 1e-3, mlp: 0.5 }],
  ['Adam', (p, lr) => new Adam(p, { lr }), { quadratic: 0.05, rosenbrock: 0.01, mlp: 0.02 }],
  ['Adam amsgrad', (p, lr) => new Adam(p, { lr, amsgrad: true }), { quadratic: 0.05, rosenbrock: 0.01, mlp: 0.02 }],
  ['AdamW', (p, lr) => new AdamW(p, { lr }), { quadratic: 0.05, rosenbrock: 0.01, mlp: 0.02 }],
  ['RMSprop', (p, lr) => new RMSprop(p, { lr }), { quadratic: 0.05, rosenbrock: 0.002, mlp: 0.01 }],
  ['RMSprop momentum centered', (p, lr) => new RMSprop(p, { lr, momentum: 0.9, centered: true }), { quadratic: 0.005, rosenbrock: 5e-4, mlp: 0.002 }],
  ['Adagrad', (p, lr) => new Adagrad(p, { lr }), { quadratic: 0.5, rosenbrock: 0.1, mlp: 0.1 }],
  ['Adagrad lrDecay', (p, lr) => new Adagrad(p, { lr, lrDecay: 0.01, initialAccumulatorValue: 0.1 }), { quadratic: 0.5, rosenbrock: 0.1, mlp: 0.1 }],
  ['LARS paper', (p, lr) => new LARS(p, { lr }), { quadratic: 0.02, rosenbrock: 0.005, mlp: 0.01 }],
  ['LARS you2017', (p, lr) => new LARS(p, { form: 'you2017', lr, trustCoefficient: 0.01 }), { quadratic: 1, rosenbrock: 0.3, mlp: 1 }],
  ['Fromage', (p, lr) => new Fromage(p, { lr }), { quadratic: 0.02, rosenbrock: 0.005, mlp: 0.01 }],
  ['Fromage pBound', (p, lr) => new Fromage(p, { lr, pBound: 2 }), { quadratic: 0.02, rosenbrock: 0.005, mlp: 0.01 }],
];

const problems = {
  quadratic: { steps: 200, fraction: 0.01, build: () => {
    const w = tensor([2, 1, -1], { requiresGrad: true });
    return { params: [w], loss: () => quadratic(w) };
  } },
  rosenbrock: { steps: 300, fraction: 0.2, build: () => {
    const w = tensor([-1, 1.5], { requiresGrad: true });
    return { params: [w], loss: () => rosenbrock(w) };
  } },
  mlp: { steps: 150, fraction: 0.1, build: () => tinyMlp(new Rng(1)) },
};

for (const [name, make, lrs] of rows) {
  for (const [problem, { steps, fraction, build }] of Object.entries(problems)) {
    test(`optimiser table: ${name} lowers the ${problem} loss (lr ${lrs[problem as keyof typeof lrs]})`, () => {
      const { params, loss } = build();
      const opt = make(params, lrs[problem as keyof typeof lrs]);
      const start = loss().item();
      for (let t = 0; t < steps; t++) {
        opt.zeroGrad();
        loss().backward();
        opt.step();
      }
      const last = loss().item();
      assert.ok(Number.isFinite(last) && last < fraction * start, `${name} on ${problem}: loss ${start} → ${last}`);
    });
  }
}

test.run();
