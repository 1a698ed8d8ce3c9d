// PyTorch exactness for the deep-relative-trust family: every run in spec/fixtures/torch-family.json
// (bench/reference/make_fixtures.py: transcriptions of jxbz/madam, jxbz/agd and KellerJordan/Muon in
// torch 1.13, float64) replayed from the initial weights stored in the file — SimpleNet's torch init for
// Madam and Muon, AGD's orthogonal × √(fan_out/fan_in) init of its bias-free relu·√2 FCN for AGD (run here
// as nn.MLP({ bias: false, activationGain: √2 })). Losses and weights at all 20 steps to 1e-12, with the
// tolerance of spec/optim/torch.spec.ts (each tensor to 1e-12 of its own largest entry).
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tensor } from '../../lib/creation.ts';
import { crossEntropy } from '../../lib/nn/losses.ts';
import { MLP } from '../../lib/nn/mlp.ts';
import { AGD } from '../../lib/optim/agd.ts';
import { Madam } from '../../lib/optim/madam.ts';
import { Muon, type MuonGroupInput } from '../../lib/optim/muon.ts';
import type { AnyOptimizer } from '../../lib/optim/optimizer.ts';
import { Rng } from '../../lib/random.ts';
import type { Tensor } from '../../lib/tensor.ts';
import { assertClose } from '../helpers/assert.ts';

interface FamilyRun {
  name: string;
  optimiser: 'Madam' | 'AGD' | 'Muon';
  init: 'simple' | 'agd';
  options: Record<string, unknown> & { groups?: (Omit<MuonGroupInput, 'params'> & { params: string[] })[] };
  steps: number;
  losses: number[];
  params: Record<string, number[]>[];
  stepSizes?: number[];
}
interface Family {
  model: { inputSize: number; hiddenSize: number; depth: number; outputSize: number };
  x: number[][];
  y: number[];
  inits: Record<'simple' | 'agd', Record<string, { shape: number[]; data: number[] }>>;
  runs: FamilyRun[];
}
const family = JSON.parse(readFileSync(new URL('../fixtures/torch-family.json', import.meta.url), 'utf8')) as Family;
const x = tensor(family.x);

/** The run's network with the fixture's initial weights loaded (never re-drawn). */
function network(run: FamilyRun): MLP {
  const agd = run.init === 'agd';
  const model = new MLP({ ...family.model, rng: new Rng(0), ...(agd ? { bias: false, activationGain: Math.SQRT2 } : {}) });
  model.loadStateDict(Object.fromEntries(Object.entries(family.inits[run.init]).map(([n, p]) => [n, tensor(p.data, { shape: p.shape })])));
  return model;
}

function make(run: FamilyRun, named: [string, Tensor][]): AnyOptimizer {
  const { groups, ...options } = run.options;
  switch (run.optimiser) {
    case 'Madam':
      return new Madam(named, options);
    case 'AGD':
      return new AGD(named, options);
    case 'Muon': {
      if (groups === undefined) return new Muon(named, options);
      const byName = new Map(named);
      return new Muon(groups.map((g) => ({ ...g, params: g.params.map((n) => byName.get(n) as Tensor) })));
    }
  }
}

test('torch family fixture: holds the six runs, AGD from its own bias-free init, the others from SimpleNet', () => {
  assert.equal(family.runs.map((r) => `${r.optimiser}/${r.init}`), ['Madam/simple', 'Madam/simple', 'AGD/agd', 'AGD/agd', 'Muon/simple', 'Muon/simple']);
  assert.equal(Object.keys(family.inits.agd), ['layers.0.weight', 'layers.1.weight', 'layers.2.weight', 'final.weight']);
  // The stored AGD init is orthogonal × √(out/in): for the tall first layer [8, 6], WᵀW = (8/6)·I.
  const w = family.inits.agd['layers.0.weight'].data;
  for (let i = 0; i < 6; i++) {
    for (let j = 0; j < 6; j++) {
      let s = 0;
      for (let r = 0; r < 8; r++) s += w[r * 6 + i] * w[r * 6 + j];
      assertClose(s, i === j ? 8 / 6 : 0, { rtol: 1e-14, atol: 1e-14 }, `WᵀW[${i}][${j}]`);
    }
  }
});

for (const run of family.runs) {
  test(`torch family fixture: ${run.name} matches the reference's losses and weights at every one of ${run.steps} steps to 1e-12`, () => {
    const model = network(run);
    const named = model.namedParameters();
    const opt = make(run, named);
    for (let i = 0; i < run.steps; i++) {
      opt.zeroGrad();
      const loss = crossEntropy(model.forward(x), family.y);
      assertClose(loss.item(), run.losses[i], 1e-12, `${run.name} loss before step ${i}`);
      loss.backward();
      opt.step();
      for (const [name, p] of named) {
        const expected = run.params[i][name];
        assertClose(p.data, expected, { rtol: 1e-12, atol: 1e-12 * Math.max(...expected.map(Math.abs)) }, `${run.name} ${name} after step ${i}`);
      }
    }
  });
}

test('torch family fixture: AGD takes the reference step size log(½(1 + √(1 + 4G))) at every step', () => {
  const run = family.runs.find((r) => r.name === 'agd') as FamilyRun;
  const model = network(run);
  const opt = new AGD(model.namedParameters());
  for (let i = 0; i < run.steps; i++) {
    opt.zeroGrad();
    crossEntropy(model.forward(x), family.y).backward();
    opt.step();
    assertClose(opt.lastStepSize, (run.stepSizes as number[])[i], 1e-12, `step size at step ${i}`);
  }
});

test.run();
