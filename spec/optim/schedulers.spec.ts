// Schedulers against torch 1.13 (spec/fixtures/torch-schedulers.json, bench/reference/make_fixtures.py):
// an SGD over one parameter with lr 0.1 and momentum 0.9; lrs[0] is the lr after construction, lrs[i] the
// lr after the i-th optimizer.step(); scheduler.step() pair. Every lr must equal torch's bit for bit (the same
// float64 operations in the same order), and OneCycleLR's momentum sequence too — except that a schedule which
// calls cos or pow (CosineAnnealingLR, OneCycleLR's 'cos', the fixture's LambdaLR 0.95**epoch) may differ by a
// few ulps where V8's Math.cos/Math.pow and glibc's cos/pow, both within an ulp of the true value, round apart
// (cos(16π/21) is −0.733051871829826 in V8 and −0.7330518718298261 in glibc; the lr built on it is 2 ulps off).
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Adagrad } from '../../lib/optim/adagrad.ts';
import { Adam } from '../../lib/optim/adam.ts';
import type { OptimizerStateDict } from '../../lib/optim/optimizer.ts';
import { ReduceLROnPlateau } from '../../lib/optim/plateau.ts';
import type { LRScheduler, SchedulerStateDict } from '../../lib/optim/lr-scheduler.ts';
import { OneCycleLR } from '../../lib/optim/one-cycle.ts';
import { CosineAnnealingLR, ExponentialLR, LambdaLR, LinearLR, MultiStepLR, StepLR } from '../../lib/optim/schedulers.ts';
import { SequentialLR } from '../../lib/optim/sequential-lr.ts';
import { SGD } from '../../lib/optim/sgd.ts';
import { tensor } from '../../lib/creation.ts';
import { assertClose, assertThrowsTrustgrad } from '../helpers/assert.ts';

interface Entry {
  type: string;
  options: Record<string, unknown>;
  metrics?: number[];
  lrs: number[];
  momenta?: number[];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/torch-schedulers.json', import.meta.url), 'utf8')) as { baseLr: number; steps: number; schedulers: Entry[] };

function optimizer(lr = fixture.baseLr) {
  return new SGD([tensor([0], { requiresGrad: true })], { lr, momentum: 0.9 });
}

function make(e: Entry, opt: SGD): LRScheduler | ReduceLROnPlateau | SequentialLR {
  const o = e.options as never;
  switch (e.type) {
    case 'MultiStepLR':
      return new MultiStepLR(opt, o);
    case 'LinearLR':
      return new LinearLR(opt, o);
    case 'OneCycleLR':
      return new OneCycleLR(opt, o);
    case 'SequentialLR': {
      const { schedulers, milestones } = e.options as { schedulers: ({ type: string } & Record<string, unknown>)[]; milestones: number[] };
      const inner = schedulers.map(({ type, ...options }) => make({ type, options, lrs: [] }, opt) as LRScheduler);
      return new SequentialLR(opt, { schedulers: inner, milestones });
    }
    case 'LambdaLR':
      return new LambdaLR(opt, (epoch) => 0.95 ** epoch);
    case 'ExponentialLR':
      return new ExponentialLR(opt, o);
    case 'StepLR':
      return new StepLR(opt, o);
    case 'CosineAnnealingLR':
      return new CosineAnnealingLR(opt, o);
    case 'ReduceLROnPlateau':
      return new ReduceLROnPlateau(opt, o);
    default:
      throw new Error(`unknown scheduler ${e.type}`);
  }
}

test('schedulers: the fixture holds every schedule the generator writes', () => {
  assert.equal(fixture.schedulers.map((e) => e.type), ['LambdaLR', 'ExponentialLR', 'StepLR', 'CosineAnnealingLR', 'ReduceLROnPlateau', 'MultiStepLR', 'LinearLR', 'LinearLR', 'OneCycleLR', 'OneCycleLR', 'OneCycleLR', 'SequentialLR',
    'SequentialLR']);
});

for (const e of fixture.schedulers) {
  test(`schedulers: ${e.type} ${JSON.stringify(e.options).slice(0, 60)} gives torch's ${fixture.steps + 1} learning rates exactly`, () => {
    const opt = optimizer();
    const sched = make(e, opt);
    const lrs = [opt.paramGroups[0].lr];
    const momenta = [opt.paramGroups[0].momentum];
    for (let i = 0; i < fixture.steps; i++) {
      opt.step();
      if (sched instanceof ReduceLROnPlateau) sched.step((e.metrics as number[])[i]);
      else sched.step();
      lrs.push(opt.paramGroups[0].lr);
      momenta.push(opt.paramGroups[0].momentum);
      assert.equal(sched.getLastLr(), [opt.paramGroups[0].lr]);
    }
    const libm = e.type === 'LambdaLR' || e.type === 'CosineAnnealingLR' || (e.type === 'OneCycleLR' && e.options.annealStrategy !== 'linear') || JSON.stringify(e.options).includes('Cosine');
    assertExactly(lrs, e.lrs, libm ? 4 : 0, `${e.type} lr`);
    if (e.momenta !== undefined) assertExactly(momenta, e.momenta, libm ? 4 : 0, `${e.type} momentum`);
  });
}

/** Units in the last place between two doubles of one sign. */
function ulps(a: number, b: number): number {
  const bits = new BigInt64Array(new Float64Array([a, b]).buffer);
  const d = bits[0] - bits[1];
  return Number(d < 0n ? -d : d);
}

/** Bit for bit (or within `allowed` ulps), naming the first step that differs. */
function assertExactly(actual: number[], expected: number[], allowed: number, what: string): void {
  assert.is(actual.length, expected.length, `${what}: length`);
  const at = actual.findIndex((v, i) => ulps(v, expected[i]) > allowed);
  assert.ok(at < 0, `${what} at step ${at}: got ${actual[at]}, expected ${expected[at]} (${ulps(actual[at], expected[at])} ulps apart, ${allowed} allowed)`);
}

test('schedulers: the constructor records initialLr in every group and keeps one already there', () => {
  const opt = new SGD([{ params: [tensor([1], { requiresGrad: true })], lr: 0.5 }, { params: [tensor([2], { requiresGrad: true })] }], { lr: 0.1 });
  const s = new ExponentialLR(opt, { gamma: 0.5 });
  assert.equal(opt.paramGroups.map((g) => g.initialLr), [0.5, 0.1]);
  assert.equal(s.baseLrs, [0.5, 0.1]);
  s.step();
  assert.equal(opt.paramGroups.map((g) => g.lr), [0.25, 0.05]);
  const s2 = new StepLR(opt, { stepSize: 1, gamma: 0.1 }); // chained: initialLr stays the first one's
  assert.equal(s2.baseLrs, [0.5, 0.1]);
  assert.equal(opt.stateDict().paramGroups.map((g) => g.initialLr), [0.5, 0.1]);
});

test('schedulers: LambdaLR takes one lambda per group', () => {
  const opt = new SGD([{ params: [tensor([1], { requiresGrad: true })] }, { params: [tensor([2], { requiresGrad: true })] }], { lr: 1 });
  const s = new LambdaLR(opt, [(e) => 1 / (e + 1), (e) => 2 ** -e]);
  s.step();
  s.step();
  assert.equal(s.getLastLr(), [1 / 3, 0.25]);
  assertThrowsTrustgrad(() => new LambdaLR(opt, [(e) => e]), 'LambdaLR', 'expected 2 lr lambdas');
});

test('schedulers: a state dict resumes the schedule exactly (CosineAnnealingLR and ReduceLROnPlateau)', () => {
  const straight = optimizer();
  const a = new CosineAnnealingLR(straight, { tMax: 7, etaMin: 0.01 });
  for (let i = 0; i < 20; i++) a.step();
  const first = optimizer();
  const b = new CosineAnnealingLR(first, { tMax: 7, etaMin: 0.01 });
  for (let i = 0; i < 9; i++) b.step();
  const saved = JSON.parse(JSON.stringify({ opt: first.stateDict(), sched: b.stateDict() })) as { opt: OptimizerStateDict; sched: SchedulerStateDict };
  const resumed = optimizer();
  const c = new CosineAnnealingLR(resumed, { tMax: 3 });
  resumed.loadStateDict(saved.opt);
  c.loadStateDict(saved.sched);
  for (let i = 0; i < 11; i++) c.step();
  assert.ok(Object.is(resumed.paramGroups[0].lr, straight.paramGroups[0].lr));
  assert.is(c.tMax, 7);

  const metrics = [1, 0.9, 0.9, 0.9, 0.9, 0.8, 0.8, 0.8, 0.8, 0.8];
  const p1 = optimizer();
  const r1 = new ReduceLROnPlateau(p1, { patience: 1 });
  metrics.forEach((m) => r1.step(m));
  const p2 = optimizer();
  const r2 = new ReduceLROnPlateau(p2, { patience: 1 });
  metrics.slice(0, 4).forEach((m) => r2.step(m));
  const sd = JSON.parse(JSON.stringify({ opt: p2.stateDict(), sched: r2.stateDict() })) as { opt: OptimizerStateDict; sched: SchedulerStateDict };
  const p3 = optimizer();
  const r3 = new ReduceLROnPlateau(p3, { patience: 1 });
  p3.loadStateDict(sd.opt);
  r3.loadStateDict(sd.sched);
  metrics.slice(4).forEach((m) => r3.step(m));
  assert.is(p3.paramGroups[0].lr, p1.paramGroups[0].lr);
  assert.equal(r3.stateDict(), r1.stateDict());
});

test('schedulers: ReduceLROnPlateau in max mode with an absolute threshold, and a scalar-tensor metric', () => {
  const opt = optimizer(1);
  const s = new ReduceLROnPlateau(opt, { mode: 'max', thresholdMode: 'abs', threshold: 0.1, patience: 0, factor: 0.5 });
  s.step(tensor(1)); // better than -Infinity
  s.step(1.05); // not better by 0.1: bad epoch > patience 0 → halve
  assert.is(opt.paramGroups[0].lr, 0.5);
  s.step(1.2); // better
  assert.is(opt.paramGroups[0].lr, 0.5);
});

test('schedulers: bad options name the value', () => {
  const opt = optimizer();
  assertThrowsTrustgrad(() => new StepLR(opt, { stepSize: 0 }), 'StepLR: invalid stepSize (got 0, expected an integer ≥ 1)');
  assertThrowsTrustgrad(() => new ExponentialLR(opt, { gamma: NaN }), 'ExponentialLR: invalid gamma (got NaN');
  assertThrowsTrustgrad(() => new CosineAnnealingLR(opt, { tMax: 2.5 }), 'CosineAnnealingLR: invalid tMax (got 2.5');
  assertThrowsTrustgrad(() => new ReduceLROnPlateau(opt, { factor: 1 }), 'ReduceLROnPlateau: invalid factor (got 1, expected a number in [0, 1))');
  assertThrowsTrustgrad(() => new ReduceLROnPlateau(opt, { mode: 'up' as never }), "ReduceLROnPlateau: invalid mode (got 'up', expected 'min' or 'max')");
  assertThrowsTrustgrad(() => new ReduceLROnPlateau(opt, { minLr: [0, 0] }), 'ReduceLROnPlateau: invalid minLr (got [0,0], expected one per param group: 1)');
  assertThrowsTrustgrad(() => new StepLR(opt, { stepSize: 2, gama: 0.5 } as never), "StepLR: unknown option 'gama' in options (got 0.5, expected one of stepSize, gamma)");
  assertThrowsTrustgrad(() => new ReduceLROnPlateau(opt, { patience: 2, threshhold: 0.1 } as never), "ReduceLROnPlateau: unknown option 'threshhold'");
  assertThrowsTrustgrad(() => new StepLR({} as never, { stepSize: 1 }), 'StepLR: expects an Optimizer (got an object)');
  const s = new StepLR(opt, { stepSize: 2 });
  const before = s.stateDict();
  assertThrowsTrustgrad(() => s.loadStateDict({ ...before, baseLrs: [0.1, 0.2] }), 'StepLR.loadStateDict: invalid baseLrs (got [0.1,0.2], expected 1 finite number, one per param group)');
  assertThrowsTrustgrad(() => s.loadStateDict({ ...before, type: 'ExponentialLR' }), 'not a StepLR state dict');
  assert.equal(s.stateDict(), before);
});

test('onecycle: cycles β1 for Adam and momentum for SGD, refuses an optimiser with neither, and a step past totalSteps changes nothing', () => {
  const w = [tensor([0], { requiresGrad: true })];
  const adam = new Adam(w, { lr: 1e-3, betas: [0.9, 0.99] });
  const s = new OneCycleLR(adam, { maxLr: 0.01, totalSteps: 4 });
  assert.equal(adam.paramGroups[0].betas, [0.95, 0.99]);
  assertClose(adam.paramGroups[0].lr, 0.01 / 25, 1e-14); // end + (start − end)/2·2 at pct 0, torch's rounding included
  for (let i = 0; i < 4; i++) s.step();
  const before = JSON.stringify({ sched: s.stateDict(), groups: adam.paramGroups });
  assertThrowsTrustgrad(() => s.step(), 'OneCycleLR: stepped past totalSteps (got step 5, expected at most 4)');
  assert.is(JSON.stringify({ sched: s.stateDict(), groups: adam.paramGroups }), before);
  assertThrowsTrustgrad(() => new OneCycleLR(new Adagrad(w), { maxLr: 0.1, totalSteps: 10 }), 'OneCycleLR: cycleMomentum needs an optimiser with momentum or betas (got Adagrad)');
  assertThrowsTrustgrad(() => new OneCycleLR(optimizer(), { maxLr: 0.1, totalSteps: 10, pctStart: 0.1 }), 'OneCycleLR: phase 1 has no steps');
  assertThrowsTrustgrad(() => new OneCycleLR(optimizer(), { maxLr: 0.1, epochs: 3 }), 'OneCycleLR: give totalSteps, or both epochs and stepsPerEpoch');
});

test('sequentiallr: restarts the next scheduler at its milestone and resumes exactly from a state dict', () => {
  const build = () => {
    const opt = optimizer(1);
    const warm = new LinearLR(opt, { startFactor: 0.25, totalIters: 3 });
    const decay = new ExponentialLR(opt, { gamma: 0.5 });
    return { opt, sched: new SequentialLR(opt, { schedulers: [warm, decay], milestones: [3] }) };
  };
  const a = build();
  const lrs = [a.opt.paramGroups[0].lr];
  for (let i = 0; i < 6; i++) {
    a.sched.step();
    lrs.push(a.opt.paramGroups[0].lr);
  }
  assert.equal(lrs, [0.25, 0.5, 0.75, 1, 0.5, 0.25, 0.125]);
  const b = build();
  for (let i = 0; i < 4; i++) b.sched.step();
  const saved = JSON.parse(JSON.stringify({ opt: b.opt.stateDict(), sched: b.sched.stateDict() })) as { opt: OptimizerStateDict; sched: SchedulerStateDict };
  const c = build();
  c.opt.loadStateDict(saved.opt);
  c.sched.loadStateDict(saved.sched);
  c.sched.step();
  c.sched.step();
  assert.is(c.opt.paramGroups[0].lr, 0.125);
});

test('multisteplr and linearlr: bad options name the value', () => {
  const opt = optimizer();
  assertThrowsTrustgrad(() => new MultiStepLR(opt, { milestones: [2, -1] }), 'MultiStepLR: invalid milestones (got [2,-1], expected an array of integers ≥ 0)');
  assertThrowsTrustgrad(() => new LinearLR(opt, { startFactor: 0 }), 'LinearLR: invalid startFactor (got 0, expected a number in (0, 1])');
  assertThrowsTrustgrad(() => new LinearLR(opt, { totalIter: 4 } as never), "LinearLR: unknown option 'totalIter'");
});

test.run();
