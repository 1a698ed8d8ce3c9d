// One table runs every optimiser and its main options on the same problems (optax's alias test):
// a quadratic, Rosenbrock, a tiny MLP, and the same MLP without biases (AGD's network). Each row has its
// own sensible lr; the loss must fall below a fixed fraction of its start (quadratic 1 %, Rosenbrock 20 % —
// its curved valley is slow for every first-order method — and the MLPs 10 %). Relative optimisers such
// as Fromage jitter at a fixed η, so the spec asks for a clear fall, not convergence to the minimum.
// A row leaves out the problems its rule cannot solve by design: Madam keeps every weight's sign, and
// the quadratic's and Rosenbrock's minima lie across a sign change from their starts; AGD takes weight
// matrices without biases only (its lr column is unused: AGD has none). Muon's 1-D problems run on its
// auxiliary Adam (a group with useMuon false); the MLPs' weights take the Muon step.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Adagrad } from '../../lib/optim/adagrad.ts';
import { Adam, AdamW } from '../../lib/optim/adam.ts';
import { AGD } from '../../lib/optim/agd.ts';
import { Fromage } from '../../lib/optim/fromage.ts';
import { LARS } from '../../lib/optim/lars.ts';
import { Madam } from '../../lib/optim/madam.ts';
import { Muon } from '../../lib/optim/muon.ts';
import type { AnyOptimizer } from '../../lib/optim/optimizer.ts';
import { RMSprop } from '../../lib/optim/rmsprop.ts';
import { SGD } from '../../lib/optim/sgd.ts';
import { Rng } from '../../lib/random.ts';
import { tensor } from '../../lib/creation.ts';
import type { Tensor } from '../../lib/tensor.ts';
import { quadratic, rosenbrock, tinyBiasFreeMlp, tinyMlp } from './problems.ts';

type Problem = 'quadratic' | 'rosenbrock' | 'mlp' | 'bias-free mlp';
type Row = [name: string, make: (p: Tensor[], lr: number) => AnyOptimizer, lrs: Partial<Record<Problem, number>>];
const rows: Row[] = [
  ['SGD', (p, lr) => new SGD(p, { lr }), { quadratic: 0.1, rosenbrock: 1e-3, mlp: 0.5, 'bias-free mlp': 0.5 }],
  ['SGD momentum', (p, lr) => new SGD(p, { lr, momentum: 0.9 }), { quadratic: 0.02, rosenbrock: 1e-4, mlp: 0.1, 'bias-free mlp': 0.1 }],
  ['SGD nesterov', (p, lr) => new SGD(p, { lr, momentum: 0.9, nesterov: true }), { quadratic: 0.02, rosenbrock: 1e-4, mlp: 0.1, 'bias-free mlp': 0.1 }],
  ['SGD weight decay', (p, lr) => new SGD(p, { lr, weightDecay: 1e-3 }), { quadratic: 0.1, rosenbrock: 1e-3, mlp: 0.5, 'bias-free mlp': 0.5 }],
  ['Adam', (p, lr) => new Adam(p, { lr }), { quadratic: 0.05, rosenbrock: 0.01, mlp: 0.02, 'bias-free mlp': 0.02 }],
  ['Adam amsgrad', (p, lr) => new Adam(p, { lr, amsgrad: true }), { quadratic: 0.05, rosenbrock: 0.01, mlp: 0.02, 'bias-free mlp': 0.02 }],
  ['AdamW', (p, lr) => new AdamW(p, { lr }), { quadratic: 0.05, rosenbrock: 0.01, mlp: 0.02, 'bias-free mlp': 0.02 }],
  ['LARS paper', (p, lr) => new LARS(p, { lr }), { quadratic: 0.02, rosenbrock: 0.005, mlp: 0.01, 'bias-free mlp': 0.01 }],
  ['LARS you2017', (p, lr) => new LARS(p, { form: 'you2017', lr, trustCoefficient: 0.01 }), { quadratic: 1, rosenbrock: 0.3, mlp: 1, 'bias-free mlp': 1 }],
  ['Fromage', (p, lr) => new Fromage(p, { lr }), { quadratic: 0.02, rosenbrock: 0.005, mlp: 0.01, 'bias-free mlp': 0.01 }],
  ['Fromage pBound', (p, lr) => new Fromage(p, { lr, pBound: 2 }), { quadratic: 0.02, rosenbrock: 0.005, mlp: 0.01, 'bias-free mlp': 0.01 }],
  ['Madam', (p, lr) => new Madam(p, { lr }), { mlp: 0.03, 'bias-free mlp': 0.05 }],
  ['Madam gBound 1', (p, lr) => new Madam(p, { lr, gBound: 1 }), { mlp: 0.03, 'bias-free mlp': 0.05 }],
  ['AGD', (p) => new AGD(p), { 'bias-free mlp': Number.NaN }],
  ['AGD gain 0.5', (p) => new AGD(p, { gain: 0.5 }), { 'bias-free mlp': Number.NaN }],
  ['Muon', (p, lr) => (p.every((t) => t.ndim !== 2) ? new Muon([{ params: p, useMuon: false, lr }]) : new Muon(p, { lr })), { quadratic: 0.05, rosenbrock: 0.01, mlp: 0.02, 'bias-free mlp': 0.05 }],
  ['Muon weight decay', (p, lr) => new Muon(p, { lr, weightDecay: 0.01 }), { mlp: 0.02, 'bias-free mlp': 0.05 }],
  ['RMSprop', (p, lr) => new RMSprop(p, { lr }), { quadratic: 0.05, rosenbrock: 0.002, mlp: 0.01, 'bias-free mlp': 0.01 }],
  ['RMSprop momentum centered', (p, lr) => new RMSprop(p, { lr, momentum: 0.9, centered: true }), { quadratic: 0.005, rosenbrock: 5e-4, mlp: 0.002, 'bias-free mlp': 0.002 }],
  ['Adagrad', (p, lr) => new Adagrad(p, { lr }), { quadratic: 0.5, rosenbrock: 0.1, mlp: 0.1, 'bias-free mlp': 0.1 }],
  ['Adagrad lrDecay', (p, lr) => new Adagrad(p, { lr, lrDecay: 0.01, initialAccumulatorValue: 0.1 }), { quadratic: 0.5, rosenbrock: 0.1, mlp: 0.1, 'bias-free mlp': 0.1 }],
];

const problems: Record<Problem, { steps: number; fraction: number; build: () => { params: Tensor[]; loss: () => Tensor } }> = {
  quadratic: { steps: 200, fraction: 0.01, build: () => {
    const w = tensor([2, 1, -1], { requiresGrad: true });
    return { params: [w], loss: () => quadratic(w) };
  } },
  rosenbrock: { steps: 300, fraction: 0.2, build: () => {
    const w = tensor([-1, 1.5], { requiresGrad: true });
    return { params: [w], loss: () => rosenbrock(w) };
  } },
  mlp: { steps: 150, fraction: 0.1, build: () => tinyMlp(new Rng(1)) },
  'bias-free mlp': { steps: 150, fraction: 0.1, build: () => tinyBiasFreeMlp(new Rng(1)) },
};

for (const [name, make, lrs] of rows) {
  for (const [problem, lr] of Object.entries(lrs) as [Problem, number][]) {
    const { steps, fraction, build } = problems[problem];
    test(`optimiser table: ${name} lowers the ${problem} loss${Number.isNaN(lr) ? ' (no learning rate)' : ` (lr ${lr})`}`, () => {
      const { params, loss } = build();
      const opt = make(params, lr);
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
