// PyTorch exactness: every optimiser run in spec/fixtures/torch-mlp.json (written by
// bench/reference/make_fixtures.py with torch 1.13 in float64) is replayed on the paper's SimpleNet.
// Tolerance: assertClose's |a − e| ≤ 1e-12·max(1, |e|) — relative for losses (≈ 1.4) and for weights
// above 1 in size, absolute 1e-12 for smaller weights (where torch's summation order and fused
// multiply-adds leave differences of a few ulps of the larger terms).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Adam, AdamW } from '../../lib/optim/adam.ts';
import { Fromage } from '../../lib/optim/fromage.ts';
import { LARS } from '../../lib/optim/lars.ts';
import type { Optimizer } from '../../lib/optim/optimizer.ts';
import { Adagrad } from '../../lib/optim/adagrad.ts';
import { OneCycleLR } from '../../lib/optim/one-cycle.ts';
import { RMSprop } from '../../lib/optim/rmsprop.ts';
import { StepLR } from '../../lib/optim/schedulers.ts';
import { SGD } from '../../lib/optim/sgd.ts';
import { tensor } from '../../lib/creation.ts';
import type { Tensor } from '../../lib/tensor.ts';
import { assertClose } from '../helpers/assert.ts';
import { fixtureParams, mlpLoss, oneHot, torchMlp, type TorchRun } from './problems.ts';

function make(run: TorchRun, named: [string, Tensor][]): Optimizer {
  const o = run.options as never;
  switch (run.optimiser) {
    case 'SGD':
      return new SGD(named, o);
    case 'Adam':
      return new Adam(named, o);
    case 'AdamW':
      return new AdamW(named, o);
    case 'Fromage':
      return new Fromage(named, o);
    case 'LARS':
      return new LARS(named, o);
    case 'RMSprop':
      return new RMSprop(named, o);
    case 'Adagrad':
      return new Adagrad(named, o);
  }
}

/** The run's scheduler, stepped after every optimiser step (OneCycleLR also cycles momentum or β1). */
function scheduler(run: TorchRun, opt: Optimizer): { step(): void } | null {
  if (run.scheduler === undefined) return null;
  const { type, ...options } = run.scheduler;
  return type === 'StepLR' ? new StepLR(opt, options as never) : new OneCycleLR(opt, options as never);
}

const x = tensor(torchMlp.x);
const targets = oneHot(torchMlp.y, torchMlp.model.outputSize);

test('torch fixture: holds every run the generator writes', () => {
  assert.is(torchMlp.runs.length, 23);
  assert.equal(Object.keys(torchMlp.params), ['layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias', 'layers.2.weight', 'layers.2.bias', 'final.weight', 'final.bias']);
});

for (const run of torchMlp.runs) {
  test(`torch fixture: ${run.name} matches PyTorch's losses and weights at every one of ${run.steps} steps to 1e-12`, () => {
    const named = fixtureParams();
    const params = named.map(([, p]) => p);
    const opt = make(run, named);
    const sched = scheduler(run, opt);
    for (let i = 0; i < run.steps; i++) {
      opt.zeroGrad();
      const loss = mlpLoss(params, x, targets);
      assertClose(loss.item(), run.losses[i], 1e-12, `${run.name} loss before step ${i}`);
      loss.backward();
      if (run.lrs) assertClose(opt.paramGroups[0].lr, run.lrs[i], 1e-15, `${run.name} lr at step ${i}`);
      opt.step();
      sched?.step();
      // Each tensor to 1e-12 of its own scale: an update rounds on the scale of its largest terms (‖W‖, the
      // trust ratio), so an entry far smaller than the rest carries absolute, not relative, rounding.
      for (const [name, p] of named) {
        const expected = run.params[i][name];
        assertClose(p.data, expected, { rtol: 1e-12, atol: 1e-12 * Math.max(...expected.map(Math.abs)) }, `${run.name} ${name} after step ${i}`);
      }
    }
  });
}

test.run();
