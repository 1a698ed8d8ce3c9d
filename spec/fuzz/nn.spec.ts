// Fuzzed bad calls into the nn API of issue 14: module constructors (containers, norms, embedding, dropout,
// activations) with bad sizes and options, drawing nothing from their Rng; forwards on inputs of the wrong shape,
// rank or index range, leaving parameters, gradients and running statistics alone; every loss with bad targets,
// weights and options; nn.utils with bad parameters and norms, gradients unchanged; field assignments of the wrong
// kind to registered names. Each must throw `op: …` naming the offender and change nothing (spec/fuzz/harness.ts).
import { test } from 'uvu';
import { Flatten, GELU, LeakyReLU, Softplus } from '../../lib/nn/activations.ts';
import { ModuleDict, ModuleList, Sequential } from '../../lib/nn/containers.ts';
import { Dropout } from '../../lib/nn/dropout.ts';
import { Embedding } from '../../lib/nn/embedding.ts';
import { Linear } from '../../lib/nn/linear.ts';
import { crossEntropy, mseLoss } from '../../lib/nn/losses.ts';
import { Module } from '../../lib/nn/module.ts';
import { nllLoss } from '../../lib/nn/nll.ts';
import { BatchNorm1d, LayerNorm } from '../../lib/nn/normalization.ts';
import { binaryCrossEntropyWithLogits, huberLoss, klDiv, l1Loss, smoothL1Loss } from '../../lib/nn/pointwise-losses.ts';
import { clipGradNorm, clipGradValue, vectorToParameters } from '../../lib/nn/utils.ts';
import { Rng } from '../../lib/random.ts';
import { Tensor } from '../../lib/tensor.ts';
import { announce } from '../property/settings.ts';
import { assertCasesRun, fmt, fuzz, pick } from './harness.ts';

announce('fuzz/nn');

function leaf(rng: Rng, shape: number[], requiresGrad = true): Tensor {
  const t = new Tensor(rng.normalFill(new Float64Array(shape.reduce((p, d) => p * d, 1))), shape, requiresGrad);
  if (requiresGrad && rng.uniform() < 0.7) t.grad = new Tensor(rng.normalFill(new Float64Array(t.data.length)), shape);
  return t;
}
const badSizes = [0, -1, 1.5, NaN, Infinity, '3', null];

test('fuzz: nn modules refuse bad sizes and options, drawing nothing from their Rng', () => {
  fuzz('nnModules', 120, (rng) => {
    const stream = new Rng(rng.integer(1000));
    const probe = () => stream.state();
    const bad = pick(rng, badSizes);
    const shown = typeof bad === 'string' ? `"${bad}"` : String(bad);
    const first = new Linear(2, 2, { rng: new Rng(0) });
    const cases: [string, string, string[], () => unknown][] = [
      ['LayerNorm size', 'LayerNorm', [shown], () => new LayerNorm(bad as number)],
      ['LayerNorm eps', 'LayerNorm', ['invalid eps'], () => new LayerNorm(3, { eps: pick(rng, [-1, NaN, '1e-5']) as number })],
      ['LayerNorm option', 'LayerNorm', ["unknown option 'elementwise_affine'"], () => new LayerNorm(3, { elementwise_affine: false } as never)],
      ['BatchNorm1d size', 'BatchNorm1d', ['numFeatures', shown], () => new BatchNorm1d(bad as number)],
      ['BatchNorm1d momentum', 'BatchNorm1d', ['invalid momentum'], () => new BatchNorm1d(3, { momentum: pick(rng, [-0.1, 1.5, NaN, '0.1']) as number })],
      ['Embedding size', 'Embedding', [shown], () => new Embedding(bad as number, 2, { rng: stream })],
      ['Embedding rng', 'Embedding', ['rng'], () => new Embedding(4, 2, { rng: pick(rng, [undefined, {}, 3]) } as never)],
      ['Embedding paddingIdx', 'Embedding', ['paddingIdx'], () => new Embedding(4, 2, { rng: stream, paddingIdx: pick(rng, [4, -5, 1.5, '0']) as number })],
      ['Dropout p', 'Dropout', ['invalid p'], () => new Dropout(pick(rng, [-0.1, 1.1, NaN, '0.5']) as number, { rng: stream })],
      ['Dropout rng', 'Dropout', ['rng'], () => new Dropout(0.5, pick(rng, [undefined, {}, { rng: 3 }]) as never)],
      ['LeakyReLU slope', 'LeakyReLU', ['invalid negativeSlope'], () => new LeakyReLU(pick(rng, [NaN, Infinity, '0.1']) as number)],
      ['GELU approximate', 'GELU', ['invalid approximate'], () => new GELU({ approximate: pick(rng, ['exact', 'TANH', 1]) } as never)],
      ['Softplus beta', 'Softplus', ['invalid beta'], () => new Softplus({ beta: pick(rng, [0, NaN, '1']) as number })],
      ['Flatten dims', 'Flatten', ['invalid'], () => new Flatten(pick(rng, [0.5, NaN, '1']) as number)],
      ['Sequential element', 'Sequential', ['must be a Module'], () => new Sequential(first, pick(rng, [3, null, {}, 'relu']) as never)],
      ['ModuleList element', 'ModuleList', ['must be a Module'], () => new ModuleList([pick(rng, [3, null, 'x']) as never])],
      ['ModuleDict key', 'ModuleDict', ['key'], () => new ModuleDict({ [pick(rng, ['forward', 'keys', 'a.b', ''])]: new Flatten() })],
    ];
    const [what, op, mentions, call] = pick(rng, cases);
    return { what, op, mentions, roots: [], probe, call };
  });
});

test('fuzz: nn forwards refuse inputs of the wrong shape, rank or index, leaving parameters and running statistics alone', () => {
  fuzz('nnForward', 120, (rng) => {
    const stream = new Rng(rng.integer(1000));
    const kind = rng.integer(5);
    if (kind === 0) {
      const ln = new LayerNorm([3, 4]);
      const shape = pick(rng, [[2, 4, 3], [4], [2, 3, 5], []]);
      const x = leaf(rng, shape);
      return { what: `LayerNorm([3,4]) on ${fmt(shape)}`, op: 'layerNorm', mentions: [fmt(shape)], roots: [ln, x], call: () => ln.forward(x) };
    }
    if (kind === 1) {
      const bn = new BatchNorm1d(3);
      bn.forward(leaf(rng, [4, 3], false));
      const shape = pick(rng, [[4, 2], [4], [2, 3, 4, 5], [1, 3], [1, 3, 1]]);
      const x = leaf(rng, shape);
      return { what: `BatchNorm1d(3) on ${fmt(shape)}`, op: 'BatchNorm1d', mentions: [fmt(shape)], roots: [bn, x], call: () => bn.forward(x) };
    }
    if (kind === 2) {
      const emb = new Embedding(5, 2, { rng: stream });
      const bad = pick(rng, [5, -1, 2.5, NaN]);
      const indices = rng.uniform() < 0.5 ? [0, bad] : new Tensor(new Float64Array([1, bad]), [2]);
      return { what: `Embedding index ${bad}`, op: 'embedding', mentions: [`index ${bad}`, 'position 1'], roots: [emb], call: () => emb.forward(indices) };
    }
    if (kind === 3) {
      const seq = new Sequential(new Linear(3, 4, { rng: stream }), new GELU(), new Linear(4, 2, { rng: stream }));
      const width = pick(rng, [2, 4, 5]);
      const x = leaf(rng, [2, width]);
      return { what: `Sequential on width ${width}`, op: 'linear', mentions: [fmt([2, width])], roots: [seq, x], call: () => seq.forward(x) };
    }
    const fl = new Flatten(pick(rng, [3, -4]), -1);
    const x = leaf(rng, [2, 3]);
    return { what: 'Flatten axis out of range', op: 'Flatten', mentions: ['axis out of range'], roots: [fl, x], call: () => fl.forward(x) };
  });
});

test('fuzz: every loss refuses bad targets, weights, reductions and options', () => {
  fuzz('nnLosses', 150, (rng) => {
    const batch = rng.integer(1, 5);
    const classes = rng.integer(2, 5);
    const z = leaf(rng, [batch, classes]);
    const y = Array.from({ length: batch }, () => rng.integer(classes));
    const roots = [z, y];
    const kind = rng.integer(8);
    if (kind === 0) {
      const at = rng.integer(batch);
      const bad = pick(rng, [classes, -1, 0.5, NaN]);
      y[at] = bad;
      const op = pick(rng, ['crossEntropy', 'nllLoss'] as const);
      const ignoreIndex = pick(rng, [-100, classes + 7]);
      return { what: `${op} label ${bad}`, op, mentions: [`got ${bad}`, `position ${at}`], roots, call: () => (op === 'crossEntropy' ? crossEntropy(z, y, { ignoreIndex }) : nllLoss(z, y, { ignoreIndex })) };
    }
    if (kind === 1) {
      const w = new Tensor(new Float64Array(classes + 1), [classes + 1]);
      return { what: 'class weight of the wrong length', op: 'crossEntropy', mentions: [`[${classes + 1}]`, `[${classes}]`], roots: [...roots, w], call: () => crossEntropy(z, y, { weight: w, reduction: 'sum' }) };
    }
    if (kind === 2) {
      const [key, value, mention] = pick(rng,
        [['reduction', 'avg', "invalid reduction (got 'avg'"], ['labelSmoothing', pick(rng, [-0.1, 1.5, NaN]), 'invalid labelSmoothing'], ['ignoreIndex', 1.5, 'invalid ignoreIndex'], ['label_smoothing', 0.1,
          "unknown option 'label_smoothing'"]] as const);
      return { what: `crossEntropy ${key} ${String(value)}`, op: 'crossEntropy', mentions: [mention], roots, call: () => crossEntropy(z, y, { [key]: value }) };
    }
    if (kind === 3) {
      const p = leaf(rng, [batch, classes]);
      return { what: 'probability targets with ignoreIndex', op: 'crossEntropy', mentions: ['ignoreIndex is not supported'], roots: [z, p], call: () => crossEntropy(z, p, { ignoreIndex: rng.integer(classes) }) };
    }
    const other = pick(rng, [[batch, classes + 1], [classes], [batch + 1, classes]]);
    const t = leaf(rng, other);
    const fns = { l1Loss, huberLoss, smoothL1Loss, binaryCrossEntropyWithLogits, klDiv, mseLoss } as const;
    const name = pick(rng, Object.keys(fns) as (keyof typeof fns)[]);
    if (kind === 4 || kind === 5) {
      return { what: `${name} ${fmt(z.shape)} vs ${fmt(other)}`, op: name, mentions: [fmt(z.shape), fmt(other)], roots: [z, t], call: () => (fns[name])(z, t) };
    }
    if (kind === 6) {
      const w = leaf(rng, [classes + 1], false);
      return { what: 'BCE posWeight that does not broadcast', op: 'binaryCrossEntropyWithLogits', mentions: [`[${classes + 1}]`], roots: [z, w], call: () => binaryCrossEntropyWithLogits(z, z.detach(), { posWeight: w }) };
    }
    return { what: `${name} with a bad reduction`, op: name, mentions: ['invalid reduction'], roots: [z], call: () => (fns[name] as (a: Tensor, b: Tensor, o: unknown) => Tensor)(z, z.detach(), { reduction: 'total' }) };
  });
});

test('fuzz: nn.utils refuses bad parameters, norms and vectors, leaving every gradient as it was', () => {
  fuzz('nnUtils', 80, (rng) => {
    const params = [leaf(rng, [2, 3]), leaf(rng, [4])];
    for (const p of params) p.grad ??= new Tensor(rng.normalFill(new Float64Array(p.data.length)), p.shape);
    const kind = rng.integer(5);
    if (kind === 0) {
      const bad = pick(rng, [-1, NaN, Infinity, '1']);
      return { what: `clipGradNorm maxNorm ${String(bad)}`, op: 'clipGradNorm', mentions: ['invalid maxNorm', `got ${typeof bad === 'string' ? `"${bad}"` : bad}`], roots: params, call: () => clipGradNorm(params, bad as number) };
    }
    if (kind === 1) {
      const bad = pick(rng, [0, -2, NaN, 'inf']);
      return { what: `clipGradNorm normType ${String(bad)}`, op: 'clipGradNorm', mentions: ['invalid normType'], roots: params, call: () => clipGradNorm(params, 1, bad as number) };
    }
    if (kind === 2) {
      params[0].grad!.data[rng.integer(6)] = pick(rng, [NaN, Infinity]);
      return { what: 'clipGradNorm of a non-finite gradient, errorIfNonfinite', op: 'clipGradNorm', mentions: ['non-finite'], roots: params, call: () => clipGradNorm(params, 1, pick(rng, [1, 2, Infinity]), { errorIfNonfinite: true }) };
    }
    if (kind === 3) {
      const list = [...params, pick(rng, [null, 3, 'w', {}])];
      return { what: 'clipGradValue with a non-tensor', op: 'clipGradValue', mentions: ['parameter 2 is not a Tensor'], roots: params, call: () => clipGradValue(list as Tensor[], 1) };
    }
    const n = pick(rng, [9, 11, 0]);
    const v = new Tensor(new Float64Array(n), [n]);
    return { what: `vectorToParameters of ${n} entries`, op: 'vectorToParameters', mentions: [`${n} entries`, 'expected 10'], roots: [...params, v], call: () => vectorToParameters(v, params) };
  });
});

test('fuzz: a field assignment of the wrong kind to a registered name is refused, changing nothing', () => {
  fuzz('registration', 60, (rng) => {
    const net = new (class Net extends Module {
      fc = new Linear(2, 2, { rng: new Rng(1) });
      gain = new Tensor(new Float64Array([1]), [1], true);
      forward(x: Tensor): Tensor {
        return this.fc.forward(x).mul(this.gain);
      }
    })();
    const target = net as unknown as Record<string, unknown>;
    const kind = rng.integer(3);
    if (kind === 0) {
      const value = pick(rng, [3, 'layer', new Tensor(new Float64Array(1), [1])]);
      return { what: 'a non-module into a child', op: 'Net.fc', mentions: ['as child module fc'], roots: [net], call: () => (target.fc = value) };
    }
    if (kind === 1) {
      const value = pick(rng, [new Tensor(new Float64Array(1), [1]), 2, net.gain.mul(2)]);
      return { what: 'a non-parameter into a parameter', op: 'Net.gain', mentions: ['as parameter gain'], roots: [net], call: () => (target.gain = value) };
    }
    return { what: 'a plain object of modules', op: 'Net.heads', mentions: ['nn.ModuleDict'], roots: [net], call: () => (target.heads = { a: new Flatten() }) };
  });
});

test('fuzz: every category ran its documented number of cases', () => {
  assertCasesRun('fuzz/nn', { nnModules: 120, nnForward: 120, nnLosses: 150, nnUtils: 80, registration: 60 });
});

test.run();
