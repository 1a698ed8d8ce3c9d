// Fuzzed bad calls into optimisers and schedulers: NaN/±Infinity/negative/non-number hyper-parameters
// for every optimiser (SGD, Adam, AdamW, LARS, Fromage, Madam, AGD, Muon) and scheduler (as options and
// as param-group overrides), bad parameter lists,
// steps that would write non-finite weights, and optimiser state that is garbled, of another optimiser
// or of another model. Each must throw `op: …` naming the offender and leave the model's parameters
// and gradients, the optimiser's groups, state and step count, and the scheduler exactly as they were.
import { test } from 'uvu';
import { MLP } from '../../lib/nn/mlp.ts';
import { Adagrad } from '../../lib/optim/adagrad.ts';
import { Adam, AdamW } from '../../lib/optim/adam.ts';
import { AGD } from '../../lib/optim/agd.ts';
import { Fromage } from '../../lib/optim/fromage.ts';
import { LARS } from '../../lib/optim/lars.ts';
import { Madam } from '../../lib/optim/madam.ts';
import { Muon } from '../../lib/optim/muon.ts';
import type { AnyOptimizer, Optimizer } from '../../lib/optim/optimizer.ts';
import { OneCycleLR } from '../../lib/optim/one-cycle.ts';
import { ReduceLROnPlateau } from '../../lib/optim/plateau.ts';
import { RMSprop } from '../../lib/optim/rmsprop.ts';
import { CosineAnnealingLR, ExponentialLR, LambdaLR, LinearLR, MultiStepLR, StepLR } from '../../lib/optim/schedulers.ts';
import { SequentialLR } from '../../lib/optim/sequential-lr.ts';
import { SGD } from '../../lib/optim/sgd.ts';
import { Rng } from '../../lib/random.ts';
import { Tensor } from '../../lib/tensor.ts';
import { announce } from '../property/settings.ts';
import { assertCasesRun, fuzz, pick, type BadCall } from './harness.ts';

announce('fuzz/optim');

type Kind = 'SGD' | 'Adam' | 'AdamW' | 'LARS' | 'Fromage' | 'Madam' | 'AGD' | 'Muon' | 'RMSprop' | 'Adagrad';
const KINDS: readonly Kind[] = ['SGD', 'Adam', 'AdamW', 'LARS', 'Fromage', 'Madam', 'AGD', 'Muon', 'RMSprop', 'Adagrad'];
// Options each optimiser takes happily; LARS is fuzzed in its you2017 form, which has the most options.
const VALID: Record<Kind, Record<string, unknown>> = {
  SGD: { lr: 0.1, momentum: 0.9 },
  Adam: { lr: 1e-2 },
  AdamW: { lr: 1e-2 },
  LARS: { lr: 0.1, form: 'you2017' },
  Fromage: { lr: 0.01, pBound: 5 },
  Madam: { lr: 0.01, pScale: 3 },
  AGD: { gain: 1 },
  Muon: { lr: 0.02, momentum: 0.95 },
  RMSprop: { lr: 0.01, momentum: 0.9, centered: true },
  Adagrad: { lr: 0.1, lrDecay: 0.01 },
};
/** The hyper-parameter that sets the step's size, and its label: AGD has no learning rate, only a gain. */
const RATE: Record<Kind, [string, string]> = { ...Object.fromEntries(KINDS.map((k) => [k, ['lr', 'learning rate']])), AGD: ['gain', 'gain'] } as Record<Kind, [string, string]>;
/**
 * How the world's model is handed over: a plain list ('plain'); without biases ('bias-free': AGD refuses
 * them); or as two groups, weights then biases ('split': Muon's own split of a plain list). A state dict
 * fits another optimiser only with the same layout, so cross-optimiser loads build the other in the same one.
 */
type Layout = 'plain' | 'bias-free' | 'split';
const LAYOUT: Record<Kind, Layout> = { SGD: 'plain', Adam: 'plain', AdamW: 'plain', LARS: 'plain', Fromage: 'plain', Madam: 'plain', AGD: 'bias-free', Muon: 'split', RMSprop: 'plain', Adagrad: 'plain' };
/** A param group as `kind` needs it: Muon's groups must say useMuon (true: bad values are checked before shapes). */
const group = (kind: Kind, g: Record<string, unknown>): Record<string, unknown> => (kind === 'Muon' ? { useMuon: true, ...g } : g);

function make(kind: Kind, params: unknown, options: Record<string, unknown>): AnyOptimizer {
  const p = params as never;
  const o = options as never;
  switch (kind) {
    case 'SGD':
      return new SGD(p, o);
    case 'Adam':
      return new Adam(p, o);
    case 'AdamW':
      return new AdamW(p, o);
    case 'LARS':
      return new LARS(p, o);
    case 'Fromage':
      return new Fromage(p, o);
    case 'Madam':
      return new Madam(p, o);
    case 'AGD':
      return new AGD(p, o);
    case 'Muon':
      return new Muon(p, o);
    case 'RMSprop':
      return new RMSprop(p, o);
    case 'Adagrad':
      return new Adagrad(p, o);
  }
}

const numberish = [NaN, Infinity, -Infinity, -1, -1e-3, '0.1', null, {}, [0.1]];
const flags = [1, 0, 'true', null, NaN];
/** Per optimiser: hyper-parameter key, the label its message uses, and values that must be refused. */
const BAD: Record<Kind, [string, string, unknown[]][]> = {
  SGD: [['lr', 'learning rate', [...numberish, undefined]], ['momentum', 'momentum', numberish], ['dampening', 'dampening', [NaN, Infinity, -Infinity, '0', null]], ['weightDecay', 'weight decay', numberish], ['nesterov', 'nesterov', flags],
    ['maximize', 'maximize', flags]],
  Adam: [['lr', 'learning rate', numberish], ['betas', 'betas', [[NaN, 0.9], [1, 0.999], [0.9], [-0.1, 0.9], 0.9, [0.9, Infinity], null]], ['eps', 'epsilon', numberish], ['weightDecay', 'weight decay', numberish], ['amsgrad', 'amsgrad',
    flags]],
  AdamW: [['lr', 'learning rate', numberish], ['betas', 'betas', [[0.9, 1], [0.9, NaN], [], '0.9']], ['eps', 'epsilon', numberish], ['weightDecay', 'weight decay', numberish]],
  LARS: [['lr', 'learning rate', numberish], ['trustCoefficient', 'trust coefficient', numberish], ['momentum', 'momentum', numberish], ['weightDecay', 'weight decay', numberish], ['eps', 'epsilon', numberish], ['form', 'form', ['you',
    'PAPER', 3, null]]],
  Fromage: [['lr', 'learning rate', numberish], ['pBound', 'pBound', [0, -1, NaN, Infinity, '1', {}]]],
  Madam: [['lr', 'learning rate', numberish], ['pScale', 'pScale', [0, -1, NaN, Infinity, '3', null]], ['gBound', 'gBound', [0, -2, NaN, -Infinity, [10], null]]],
  AGD: [['gain', 'gain', numberish]],
  Muon: [['lr', 'learning rate', numberish], ['momentum', 'momentum', [1, 1.5, -0.1, NaN, Infinity, '0.9', null]], ['weightDecay', 'weight decay', numberish]],
  RMSprop: [['lr', 'learning rate', numberish], ['alpha', 'alpha', numberish], ['eps', 'epsilon', numberish], ['weightDecay', 'weight decay', numberish], ['momentum', 'momentum', numberish], ['centered', 'centered', flags], ['maximize',
    'maximize', flags]],
  Adagrad: [['lr', 'learning rate', numberish], ['lrDecay', 'lr decay', numberish], ['weightDecay', 'weight decay', numberish], ['initialAccumulatorValue', 'initial accumulator value', numberish], ['eps', 'epsilon', numberish], ['maximize',
    'maximize', flags]],
};

/** How a value appears in messages (independent of lib's formatter): numbers as String, strings quoted. */
function shown(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return `[${v.map(shown).join(',')}]`;
  if (v !== null && typeof v === 'object') return 'an object';
  return String(v);
}

/** A small model with gradients, and an optimiser of `kind` that has taken 1–2 steps (so it has state). */
function world(rng: Rng, kind: Kind = pick(rng, KINDS), hidden = 4, depth = 2, layout = LAYOUT[kind]) {
  const model = new MLP({ inputSize: 3, hiddenSize: hidden, depth, outputSize: 2, bias: layout !== 'bias-free', rng: new Rng(rng.integer(1000)) });
  const setGrads = () => {
    for (const p of model.parameters()) p.grad = new Tensor(rng.normalFill(new Float64Array(p.data.length)), p.shape);
  };
  const list = rng.uniform() < 0.5 ? model.namedParameters() : model.parameters();
  const split = () => [group(kind, { params: model.parameters().filter((p) => p.ndim === 2) }), { params: model.parameters().filter((p) => p.ndim !== 2), ...(kind === 'Muon' ? { useMuon: false } : {}) }];
  const opt = make(kind, layout === 'split' && kind !== 'Muon' ? split() : list, VALID[kind]);
  for (let i = rng.integer(1, 3); i > 0; i--) {
    setGrads();
    opt.step();
  }
  setGrads();
  return { model, opt, kind };
}

test('fuzz: every optimiser refuses bad hyper-parameters, as options or in a param group', () => {
  fuzz('hyper', 250, (rng): BadCall => {
    const { model, opt, kind } = world(rng);
    const [key, label, values] = pick(rng, BAD[kind]);
    const bad = pick(rng, values);
    const options = { ...VALID[kind], [key]: bad };
    // An explicit `undefined` in a group means "not set": the group then takes the constructor's valid lr,
    // so only the constructor form is a bad call for it.
    const drawn = rng.integer(4);
    const form = bad === undefined ? 0 : drawn;
    const mentions = [`invalid ${label}`, `got ${shown(bad)}`];
    if (form === 0) return { what: `new ${kind}({ ${key}: ${shown(bad)} })`, op: kind, mentions, roots: [model, opt], call: () => make(kind, model.parameters(), options) };
    if (form === 1) {
      return { what: `new ${kind}([{ params, ${key}: ${shown(bad)} }])`, op: kind, mentions, roots: [model, opt], call: () => make(kind, [group(kind, { params: model.parameters(), [key]: bad })], VALID[kind]) };
    }
    if (form === 2) {
      const [first, ...rest] = model.parameters();
      return { what: `new ${kind}([{ params }, { params, ${key}: ${shown(bad)} }])`, op: kind, mentions: [...mentions, 'param group 1'], roots: [model, opt], call: () =>
        make(kind, [group(kind, { params: [first] }), group(kind, { params: rest, [key]: bad })], VALID[kind]) };
    }
    const extra = new Tensor(new Float64Array([1, 2, 3, 4]), kind === 'AGD' ? [2, 2] : [4], true);
    const where = `param group ${opt.paramGroups.length}`;
    return { what: `${kind}.addParamGroup({ ${key}: ${shown(bad)} })`, op: kind, mentions: [...mentions, where], roots: [model, opt, extra], call: () => opt.addParamGroup(group(kind, { params: [extra], [key]: bad }) as never) };
  });
});

test('fuzz: every optimiser refuses bad parameter lists and unknown or conflicting options', () => {
  fuzz('params', 120, (rng): BadCall => {
    const { model, opt, kind } = world(rng);
    const p0 = model.parameters()[0];
    const cases: [string, unknown, Record<string, unknown>, string][] = [
      ['an empty list', [], VALID[kind], '[]'],
      ['a string', 'weights', VALID[kind], "'weights'"],
      ['null', null, VALID[kind], 'null'],
      ['a bare Tensor', p0, VALID[kind], 'a Tensor'],
      ['a number', [p0, 3], VALID[kind], 'got 3'],
      ['a non-leaf', [p0.mul(2)], VALID[kind], 'non-leaf'],
      ['a duplicate', [p0, p0], VALID[kind], 'twice'],
      ['an empty group', [group(kind, { params: [] })], VALID[kind], '[]'],
      ['an unknown option', model.parameters(), { ...VALID[kind], weight_decay: 0.1 }, "'weight_decay'"],
      ['a typo in a group', [group(kind, { params: model.parameters(), learningRate: 0.1 })], VALID[kind], "'learningRate'"],
    ];
    const bias = new Tensor(new Float64Array(3), [3], true);
    if (kind === 'SGD') cases.push(['Nesterov without momentum', model.parameters(), { lr: 0.1, nesterov: true, momentum: 0 }, 'Nesterov']);
    if (kind === 'LARS') cases.push(['a you2017 option in the paper form', model.parameters(), { lr: 0.1, momentum: 0.9 }, 'momentum']);
    if (kind === 'AGD') cases.push(['a bias', [...model.parameters(), bias], VALID[kind], 'biases are not supported']);
    if (kind === 'Muon') {
      cases.push(['a group without useMuon', [{ params: model.parameters() }], VALID[kind], 'needs useMuon']);
      cases.push(['a bias in a Muon group', [{ params: [bias], useMuon: true }], VALID[kind], '2-D weights']);
      cases.push(['momentum in an Adam group', [{ params: [bias], useMuon: false, momentum: 0.9 }], VALID[kind], 'momentum belongs']);
      cases.push(['Adam betas in the options', model.parameters(), { ...VALID[kind], betas: [0.9, 0.99] }, "'betas'"]);
    }
    const [what, params, options, mention] = pick(rng, cases);
    return { what: `${kind} with ${what}`, op: kind, mentions: [mention], roots: [model, opt], call: () => make(kind, params, options) };
  });
});

test('fuzz: a step that would write non-finite weights, or meets a mis-shaped gradient, changes nothing', () => {
  fuzz('step', 200, (rng): BadCall => {
    const { model, opt, kind } = world(rng);
    const params = model.parameters();
    const p = pick(rng, params);
    const how = rng.integer(4);
    if (how === 0) {
      p.grad = new Tensor(new Float64Array(p.data.length + 1), [p.data.length + 1]);
      return { what: `${kind}.step with a gradient of the wrong size`, op: kind, mentions: ['gradient of', `[${p.shape}]`], roots: [model, opt], call: () => opt.step() };
    }
    if (how === 1 || how === 2) {
      (p.grad as Tensor).data[rng.integer(p.data.length)] = how === 1 ? NaN : pick(rng, [Infinity, -Infinity]);
      // An infinite gradient is not always fatal (Adam normalises it away only to NaN; SGD writes ∓∞):
      // every optimiser here turns it into a non-finite weight, which the guard must refuse.
      return { what: `${kind}.step with a ${how === 1 ? 'NaN' : 'infinite'} gradient entry`, op: kind, mentions: ['non-finite', 'as they were'], roots: [model, opt], call: () => opt.step() };
    }
    // A hyper-parameter written into a live group is validated again when the step reads it.
    const bad = pick(rng, [NaN, -1, Infinity]);
    const [rate, label] = RATE[kind];
    (opt.paramGroups[0] as Record<string, unknown>)[rate] = bad;
    return { what: `${kind}.step after ${rate} was set to ${bad}`, op: kind, mentions: [`invalid ${label}`, `got ${bad}`], roots: [model, opt], call: () => opt.step() };
  });
});

test("fuzz: loadStateDict refuses garbled state, another optimiser's state and another model's state", () => {
  fuzz('optimState', 200, (rng): BadCall => {
    const { model, opt, kind } = world(rng);
    const op = `${kind}.loadStateDict`;
    const roots = [model, opt];
    // AGD keeps no per-parameter state, so the cases that garble a state entry do not apply to it.
    const how = kind === 'AGD' ? pick(rng, [0, 2, 5, 6, 7, 8, 9]) : rng.integer(10);
    const [rate, label] = RATE[kind];
    if (how === 0) {
      const other = world(rng, kind, 4, 3).opt; // another model: one more layer
      const deeper = { plain: 'the saved param group has 8 params', 'bias-free': 'the saved param group has 4 params', split: 'saved param group 0 has 4 params' }[LAYOUT[kind]];
      return { what: `${kind} state of a deeper model`, op, mentions: [deeper], roots, call: () => opt.loadStateDict(other.stateDict()) };
    }
    if (how === 1 && kind !== 'Fromage') {
      const other = world(rng, kind, 5).opt; // another model: same layout, wider, so buffers differ in size
      return { what: `${kind} state of a wider model`, op, mentions: ['finite numbers'], roots, call: () => opt.loadStateDict(other.stateDict()) };
    }
    if (how === 2) {
      // AGD needs a bias-free model; Muon splits a plain list with biases into two groups, as 'split' is.
      const fits = (k: Kind) => k !== kind && !(kind === 'Adam' && k === 'AdamW') && !(kind === 'AdamW' && k === 'Adam') && (k !== 'AGD' || LAYOUT[kind] === 'bias-free') && (k !== 'Muon' || LAYOUT[kind] !== 'plain');
      const otherKind = pick(rng, KINDS.filter(fits));
      const other = world(rng, otherKind, 4, 2, LAYOUT[kind]).opt;
      return { what: `${otherKind} state into ${kind}`, op, mentions: ['unknown'], roots, call: () => opt.loadStateDict(other.stateDict()) };
    }
    // A state dict as JSON gives it back, loosely typed: the point is to put the wrong things in it.
    const sd = JSON.parse(JSON.stringify(opt.stateDict())) as { state: Record<string, Record<string, unknown>>; paramGroups: Record<string, unknown>[]; stepCount?: unknown };
    const stateKeys = Object.keys(sd.state);
    const entry = stateKeys.length === 0 ? {} : sd.state[pick(rng, stateKeys)];
    const arrays = Object.keys(entry).filter((k) => Array.isArray(entry[k]));
    const counts = Object.keys(entry).filter((k) => k === 'step');
    let mention: string;
    if (how === 3 && arrays.length > 0) {
      const k = pick(rng, arrays);
      const bad = pick(rng, ['nan', 'short', 'string']);
      const values = entry[k] as unknown[];
      if (bad === 'short') values.pop();
      else values[rng.integer(values.length)] = bad === 'nan' ? null : '1';
      mention = `'${k}' must be`;
    } else if (how === 4 && counts.length > 0) {
      entry.step = pick(rng, [-1, 1.5, null, 'one']);
      mention = `'step' must be`;
    } else if (how === 5) {
      sd.paramGroups[0][rate] = pick(rng, [-1, null, 'fast']);
      mention = `invalid ${label}`;
    } else if (how === 6) {
      delete sd.paramGroups[0][rate];
      mention = `lacks '${rate}'`;
    } else if (how === 7) {
      const params = sd.paramGroups[0].params as number[];
      params[1] = params[0];
      mention = 'not a new integer';
    } else if (how === 8) {
      sd.stepCount = pick(rng, [-1, 2.5, 'x']);
      mention = 'stepCount';
    } else {
      const bad = pick(rng, [null, {}, { state: {}, paramGroups: [] }, { state: { 99: {} }, paramGroups: sd.paramGroups }]);
      const mentionOf = bad === null || !('paramGroups' in bad) ? 'not a state dict' : (bad.paramGroups as unknown[]).length === 0 ? 'param groups (got 0' : 'parameter 99';
      return { what: `${kind}.loadStateDict(${JSON.stringify(bad)?.slice(0, 40)})`, op, mentions: [mentionOf], roots, call: () => opt.loadStateDict(bad as never) };
    }
    return { what: `${kind}.loadStateDict garbled (${mention})`, op, mentions: [mention], roots: [...roots, sd], call: () => opt.loadStateDict(sd as never) };
  });
});

test('fuzz: schedulers refuse bad options and bad saved state, touching no param group', () => {
  fuzz('schedulers', 150, (rng): BadCall => {
    const kind = pick(rng, KINDS);
    const { model, opt: any } = world(rng, kind);
    const roots = [model, any];
    if (kind === 'AGD') {
      const cls = pick(rng, ['StepLR', 'ReduceLROnPlateau'] as const);
      return { what: `${cls} of AGD, which has no learning rate`, op: cls, mentions: ['learning rate', 'AGD'], roots, call: () => (cls === 'StepLR' ? new StepLR(any as never, { stepSize: 1 }) : new ReduceLROnPlateau(any as never)) };
    }
    const opt = any as Optimizer;
    const bad = pick(rng, [NaN, Infinity, -1, -0.5, '0.9', null]);
    const how = rng.integer(9);
    const badMention = `got ${shown(bad)}`;
    switch (how) {
      case 0:
        return { what: `ExponentialLR gamma ${shown(bad)}`, op: 'ExponentialLR', mentions: ['invalid gamma', badMention], roots, call: () => new ExponentialLR(opt, { gamma: bad as number }) };
      case 1: {
        const size = pick(rng, [0, 1.5, NaN, -2]);
        return { what: `StepLR stepSize ${size}`, op: 'StepLR', mentions: ['invalid stepSize', `got ${size}`], roots, call: () => new StepLR(opt, { stepSize: size }) };
      }
      case 2:
        return bad === null ? { what: 'StepLR gamma NaN', op: 'StepLR', mentions: ['invalid gamma', 'got NaN'], roots, call: () => new StepLR(opt, { stepSize: 2, gamma: NaN }) }
          : { what: `StepLR gamma ${shown(bad)}`, op: 'StepLR', mentions: ['invalid gamma', badMention], roots, call: () => new StepLR(opt, { stepSize: 2, gamma: bad as number }) };
      case 3: {
        const t = pick(rng, [0, 2.5, NaN, -1]);
        return { what: `CosineAnnealingLR tMax ${t}`, op: 'CosineAnnealingLR', mentions: ['invalid tMax', `got ${t}`], roots, call: () => new CosineAnnealingLR(opt, { tMax: t }) };
      }
      case 4: {
        const field = pick(rng, ['factor', 'patience', 'threshold', 'cooldown', 'eps', 'minLr'] as const);
        const v = field === 'factor' ? pick(rng, [1, 1.5, -0.1, NaN]) : field === 'patience' || field === 'cooldown' ? pick(rng, [-1, 0.5, NaN]) : pick(rng, [-1, NaN, Infinity]);
        return { what: `ReduceLROnPlateau ${field} ${v}`, op: 'ReduceLROnPlateau', mentions: [`invalid ${field}`, `got ${v}`], roots, call: () => new ReduceLROnPlateau(opt, { [field]: v }) };
      }
      case 5: {
        const [field, v] = pick(rng, [['mode', 'avg'], ['thresholdMode', 'relative']] as const);
        return { what: `ReduceLROnPlateau ${field} ${v}`, op: 'ReduceLROnPlateau', mentions: [`'${v}'`], roots, call: () => new ReduceLROnPlateau(opt, { [field]: v }) };
      }
      case 6: {
        const lambda = pick(rng, [0.95, null, 'x', Array.from({ length: opt.paramGroups.length + 1 }, () => (e: number) => e)]);
        return { what: `LambdaLR with ${shown(lambda)}`, op: 'LambdaLR', mentions: ['lr lambdas'], roots, call: () => new LambdaLR(opt, lambda as never) };
      }
      case 7: {
        const notOpt = pick(rng, [null, {}, model, model.parameters()]);
        const cls = pick(rng, ['StepLR', 'ExponentialLR', 'ReduceLROnPlateau'] as const);
        const call = () => (cls === 'StepLR' ? new StepLR(notOpt as never, { stepSize: 1 }) : cls === 'ExponentialLR' ? new ExponentialLR(notOpt as never, { gamma: 0.5 }) : new ReduceLROnPlateau(notOpt as never));
        return { what: `${cls} of a non-optimiser`, op: cls, mentions: ['expects an Optimizer'], roots, call };
      }
      default: {
        const sched = new StepLR(opt, { stepSize: 2, gamma: 0.5 });
        sched.step();
        const sd = sched.stateDict();
        const field = pick(rng, ['baseLrs', 'lastLr', 'lastEpoch', 'stepSize', 'type'] as const);
        const v = field === 'type' ? 'ExponentialLR' : field === 'baseLrs' || field === 'lastLr' ? pick(rng, [[NaN], [], new Array<number>(opt.paramGroups.length + 1).fill(0.1), null]) : pick(rng, [1.5, null, -5, 'x']);
        (sd as Record<string, unknown>)[field] = v;
        return { what: `StepLR.loadStateDict with ${field} ${shown(v)}`, op: 'StepLR.loadStateDict', mentions: [field === 'type' ? "'ExponentialLR'" : field], roots: [...roots, sched, sd], call: () => sched.loadStateDict(sd) };
      }
    }
  });
});

test('fuzz: MultiStepLR, LinearLR, OneCycleLR and SequentialLR refuse bad options, steps and state, touching no param group', () => {
  fuzz('schedules', 150, (rng): BadCall => {
    const { model, opt: any, kind } = world(rng, pick(rng, KINDS.filter((k) => k !== 'AGD')));
    const opt = any as Optimizer;
    const roots = [model, opt];
    const how = rng.integer(9);
    switch (how) {
      case 0: {
        const milestones = pick(rng, [[1, -2], [1.5], 'three', [NaN], null]);
        return { what: `MultiStepLR milestones ${shown(milestones)}`, op: 'MultiStepLR', mentions: ['invalid milestones'], roots, call: () => new MultiStepLR(opt, { milestones: milestones as number[] }) };
      }
      case 1: {
        const [field, v] = pick(rng, [['startFactor', pick(rng, [0, 1.5, -0.1, NaN])], ['endFactor', pick(rng, [1.2, -1, NaN])], ['totalIters', pick(rng, [0, 2.5, -3])]] as const);
        return { what: `LinearLR ${field} ${v}`, op: 'LinearLR', mentions: [`invalid ${field}`, `got ${v}`], roots, call: () => new LinearLR(opt, { [field]: v }) };
      }
      case 2: {
        const [field, v] = pick(rng,
          [['maxLr', pick(rng, [NaN, -1, Infinity, '2', null])], ['pctStart', pick(rng, [1.5, -0.2, NaN])], ['divFactor', pick(rng, [0, -25, NaN])], ['totalSteps', pick(rng, [0, 2.5, -10])], ['annealStrategy', 'cosine'], ['maxMomentum',
            pick(rng, [[0.9, 0.9], -1])]] as const);
        return { what: `OneCycleLR ${field} ${shown(v)}`, op: 'OneCycleLR', mentions: [`invalid ${field}`], roots, call: () => new OneCycleLR(opt, { maxLr: 0.1, totalSteps: 10, [field]: v }) };
      }
      case 3:
        return { what: 'OneCycleLR without a length', op: 'OneCycleLR', mentions: ['totalSteps', 'epochs'], roots, call: () => new OneCycleLR(opt, { maxLr: 0.1, epochs: pick(rng, [null, 3]) }) };
      case 4: {
        const total = rng.integer(2, 6);
        if (kind === 'Fromage') return { what: 'OneCycleLR cycling the momentum Fromage lacks', op: 'OneCycleLR', mentions: ['cycleMomentum', 'Fromage'], roots, call: () => new OneCycleLR(opt, { maxLr: 0.1, totalSteps: total }) };
        const sched = new OneCycleLR(opt, { maxLr: 0.1, totalSteps: total, cycleMomentum: false });
        for (let i = 0; i < total; i++) sched.step();
        return { what: `OneCycleLR stepped past ${total} steps`, op: 'OneCycleLR', mentions: ['past totalSteps', `got step ${total + 1}`], roots: [...roots, sched], call: () => sched.step() };
      }
      case 5:
        return { what: 'OneCycleLR with an empty warm-up', op: 'OneCycleLR', mentions: ['has no steps'], roots, call: () => new OneCycleLR(opt, { maxLr: 0.1, totalSteps: 10, pctStart: 0.1, cycleMomentum: false }) };
      case 6: {
        const a = new LinearLR(opt, { startFactor: 0.5, totalIters: 2 });
        const b = new ExponentialLR(opt, { gamma: 0.9 });
        const milestones = pick(rng, [[], [2, 3], [0], [3, 2], [2.5]]);
        return { what: `SequentialLR milestones ${shown(milestones)}`, op: 'SequentialLR', mentions: ['milestone'], roots: [...roots, a, b], call: () => new SequentialLR(opt, { schedulers: [a, b], milestones }) };
      }
      case 7: {
        const other = world(rng, 'SGD').opt as Optimizer;
        const a = new LinearLR(opt, { startFactor: 0.5 });
        const b = new ExponentialLR(other, { gamma: 0.9 });
        const plateau = rng.uniform() < 0.5;
        const second = plateau ? new ReduceLROnPlateau(opt) : b;
        return { what: plateau ? 'SequentialLR with ReduceLROnPlateau' : 'SequentialLR over two optimisers', op: 'SequentialLR', mentions: [plateau ? 'ReduceLROnPlateau' : 'another optimiser'], roots: [...roots, other, a, b],
          call: () => new SequentialLR(opt, { schedulers: [a, second as never], milestones: [3] }) };
      }
      default: {
        const sched = new SequentialLR(opt, { schedulers: [new LinearLR(opt, { startFactor: 0.5, totalIters: 2 }), new StepLR(opt, { stepSize: 2 })], milestones: [2] });
        sched.step();
        const sd = JSON.parse(JSON.stringify(sched.stateDict())) as { schedulers: Record<string, unknown>[]; milestones: number[] };
        const broken = rng.integer(2);
        if (broken === 0) sd.schedulers[1].stepSize = -1;
        else sd.milestones = [5];
        return { what: `SequentialLR.loadStateDict with ${broken === 0 ? 'a bad inner state' : 'other milestones'}`, op: broken === 0 ? 'StepLR.loadStateDict' : 'SequentialLR.loadStateDict',
          mentions: [broken === 0 ? 'stepSize' : 'milestones'], roots: [...roots, sched, sd], call: () => sched.loadStateDict(sd as never) };
      }
    }
  });
});

test('fuzz: every category ran its documented number of cases', () => {
  assertCasesRun('fuzz/optim', { hyper: 250, params: 120, step: 200, optimState: 200, schedulers: 150, schedules: 150 });
});

test.run();
