// Fuzzed bad calls into tensors, ops, autograd, losses and nn: wrong shapes and ranks for every binary
// op, matmul and linear; bad axes; bad reshape sizes; bad class indices and target lengths; mseLoss
// mismatches; empty tensors where not allowed; bad MLP/Linear options; mismatched module state dicts.
// Each must throw a TrustgradError `op: …` naming the offender and change nothing (spec/fuzz/harness.ts).
import { test } from 'uvu';
import { crossEntropy, mseLoss } from '../../lib/nn/losses.ts';
import { Linear } from '../../lib/nn/linear.ts';
import { MLP } from '../../lib/nn/mlp.ts';
import { linear } from '../../lib/ops/matmul.ts';
import { Rng } from '../../lib/random.ts';
import { grad as gradOf } from '../../lib/autograd.ts';
import { ones, randn, tensor, zeros } from '../../lib/creation.ts';
import { Tensor } from '../../lib/tensor.ts';
import { announce } from '../property/settings.ts';
import { assertCasesRun, dims, fmt, fuzz, leaf, pick } from './harness.ts';

announce('fuzz/ops');

/** Two shapes that do not broadcast: some aligned axis has sizes that differ and neither is 1. */
function incompatible(rng: Rng): [number[], number[]] {
  const a = dims(rng, rng.integer(1, 4));
  const j = rng.integer(a.length);
  if (a[j] === 1) a[j] = rng.integer(2, 5);
  const start = rng.integer(0, j + 1);
  const b = a.slice(start).map((d, i) => (i + start === j ? d + rng.integer(1, 3) : rng.uniform() < 0.3 ? 1 : d));
  if (rng.uniform() < 0.3) b.unshift(rng.integer(1, 4));
  return rng.uniform() < 0.5 ? [a, b] : [b, a];
}

const BINARY = ['add', 'sub', 'mul', 'div', 'gt', 'ge', 'lt', 'le', 'eq'] as const;

test('fuzz: binary ops refuse shapes that do not broadcast, naming both', () => {
  fuzz('binary', 150, (rng) => {
    const [sa, sb] = incompatible(rng);
    const op = pick(rng, BINARY);
    const a = leaf(rng, sa);
    const b = leaf(rng, sb);
    return { what: `${op} ${fmt(sa)} ${fmt(sb)}`, op, mentions: [fmt(sa), fmt(sb)], roots: [a, b], call: () => a[op](b) };
  });
});

test('fuzz: matmul and linear refuse wrong ranks, inner sizes and batch sizes', () => {
  fuzz('matmul', 120, (rng) => {
    const kind = rng.integer(4);
    let sa: number[];
    let sb: number[];
    if (kind === 0) {
      [sa, sb] = [[], dims(rng, rng.integer(1, 5))];
      if (rng.uniform() < 0.5) [sa, sb] = [sb, sa];
    } else if (kind === 1) {
      const k = rng.integer(1, 5);
      sa = [...dims(rng, rng.integer(0, 3)), k];
      const kb = k + rng.integer(1, 3);
      sb = rng.uniform() < 0.3 ? [kb] : [...dims(rng, rng.integer(0, 2)), kb, rng.integer(1, 4)];
    } else if (kind === 2) {
      const k = rng.integer(1, 4);
      const batch = rng.integer(2, 4);
      // batch axes broadcast (any rank), so only sizes that differ with neither 1 are refused
      const lead = dims(rng, rng.integer(0, 2));
      sa = [...lead, batch, rng.integer(1, 4), k];
      sb = [batch + rng.integer(1, 3), k, rng.integer(1, 4)];
    } else {
      // linear: input features, input rank, weight rank, bias shape
      const out = rng.integer(1, 4);
      const inF = rng.integer(1, 4);
      const problem = rng.integer(4);
      const x = leaf(rng, problem === 0 ? [rng.integer(1, 3), inF + rng.integer(1, 3)] : problem === 1 ? dims(rng, pick(rng, [0, 3])) : [2, inF]);
      const w = leaf(rng, problem === 2 ? pick(rng, [[inF], [1, out, inF]]) : [out, inF]);
      const b = leaf(rng, problem === 3 ? pick(rng, [[out + 1], [out, 1], []]) : [out]);
      const mentions = problem === 3 ? [fmt(b.shape)] : [fmt(x.shape), fmt(w.shape)];
      return { what: `linear x${fmt(x.shape)} W${fmt(w.shape)} b${fmt(b.shape)}`, op: 'linear', mentions, roots: [x, w, b], call: () => linear(x, w, b) };
    }
    const a = leaf(rng, sa);
    const b = leaf(rng, sb);
    return { what: `matmul ${fmt(sa)} @ ${fmt(sb)}`, op: 'matmul', mentions: [fmt(sa), fmt(sb)], roots: [a, b], call: () => a.matmul(b) };
  });
});

test('fuzz: reductions, softmax, transpose, permute and indexSelect refuse bad axes and indices', () => {
  fuzz('axes', 150, (rng) => {
    const shape = dims(rng, rng.integer(0, 4), 0, 3);
    const x = leaf(rng, shape);
    const n = shape.length;
    const outOfRange = pick(rng, [n, n + rng.integer(1, 3), -n - 1 - rng.integer(0, 2), 0.5, NaN, Infinity]);
    const kind = rng.integer(7);
    const base = { roots: [x] };
    if (kind === 0 || kind === 1) {
      const op = kind === 0 ? 'sum' : 'mean';
      if (n > 0 && rng.uniform() < 0.3) {
        const a = rng.integer(n);
        const axes = [a, a - n];
        return { ...base, what: `${op} axes ${fmt(axes)} of ${fmt(shape)}`, op, mentions: ['repeat', fmt(axes)], call: () => x[op](axes) };
      }
      const axes = rng.uniform() < 0.5 ? outOfRange : [0, outOfRange].slice(n > 0 ? 0 : 1);
      return { ...base, what: `${op} axes ${String(axes)} of ${fmt(shape)}`, op, mentions: [`got ${outOfRange}`], call: () => x[op](axes) };
    }
    if (kind === 2) {
      if (shape.includes(0) && rng.uniform() < 0.5) {
        const ax = shape.indexOf(0);
        return { ...base, what: `max over empty axis ${ax} of ${fmt(shape)}`, op: 'max', mentions: [fmt(shape)], call: () => x.max(ax) };
      }
      return { ...base, what: `max axis ${outOfRange} of ${fmt(shape)}`, op: 'max', mentions: [`got ${outOfRange}`], call: () => x.max(outOfRange) };
    }
    if (kind === 3) {
      const op = pick(rng, ['logSoftmax', 'softmax'] as const);
      const bad = pick(rng, [Math.max(n, 1), -Math.max(n, 1) - 1, 1.5]);
      return { ...base, what: `${op} axis ${bad} of ${fmt(shape)}`, op: 'logSoftmax', mentions: [`got ${bad}`], call: () => x[op](bad) };
    }
    if (kind === 4) {
      if (n < 2) return { ...base, what: `transpose of ${fmt(shape)}`, op: 'transpose', mentions: [fmt(shape)], call: () => x.transpose() };
      return { ...base, what: `transpose(0, ${outOfRange}) of ${fmt(shape)}`, op: 'transpose', mentions: [`got ${outOfRange}`], call: () => x.transpose(0, outOfRange) };
    }
    if (kind === 5) {
      const wrongLength = Array.from({ length: n === 0 ? 1 : rng.uniform() < 0.5 ? n + 1 : n - 1 }, (_, i) => i);
      const repeated = n >= 2 ? [0, ...Array.from({ length: n - 1 }, () => 0)] : wrongLength;
      const dimsArg = rng.uniform() < 0.5 ? wrongLength : repeated;
      return { ...base, what: `permute ${fmt(dimsArg)} of ${fmt(shape)}`, op: 'permute', mentions: [fmt(dimsArg)], call: () => x.permute(dimsArg) };
    }
    if (n === 0) return { ...base, what: 'indexSelect of a scalar', op: 'indexSelect', mentions: ['[]'], call: () => x.indexSelect(0, [0]) };
    const dim = rng.integer(n);
    const bad = pick(rng, [shape[dim], shape[dim] + 2, -1, 0.5, NaN]);
    const indices = [0, bad].slice(shape[dim] > 0 ? 0 : 1);
    return { ...base, what: `indexSelect(${dim}, ${fmt(indices)}) of ${fmt(shape)}`, op: 'indexSelect', mentions: [`index ${bad}`, fmt(shape)], call: () => x.indexSelect(dim, indices) };
  });
});

test('fuzz: reshape refuses sizes that do not hold the elements', () => {
  fuzz('reshape', 100, (rng) => {
    const shape = dims(rng, rng.integer(0, 4), 0, 4);
    const x = leaf(rng, shape);
    const numel = x.data.length;
    const kind = rng.integer(5);
    let target: number[];
    if (kind === 0) target = [numel + rng.integer(1, 4)];
    else if (kind === 1) target = [-1, -1];
    else if (kind === 2) target = [pick(rng, [-2, 1.5, NaN, Infinity]), 1];
    else if (kind === 3) target = [0, -1];
    else target = numel === 0 ? [-1, 0] : [numel + 1, -1];
    return { what: `reshape ${fmt(shape)} → ${fmt(target)}`, op: 'reshape', mentions: [fmt(target)], roots: [x], call: () => x.reshape(target) };
  });
});

test('fuzz: tensor creation, item and autograd entry points refuse bad input', () => {
  fuzz('creation', 100, (rng) => {
    const kind = rng.integer(8);
    const bad = [rng.integer(1, 3), pick(rng, [-1, 1.5, NaN])];
    const x = leaf(rng, dims(rng, rng.integer(1, 3)), true);
    const roots = [x];
    switch (kind) {
      case 0: {
        const op = pick(rng, ['zeros', 'ones'] as const);
        return { what: `${op}(${fmt(bad)})`, op, mentions: [fmt(bad)], roots, call: () => (op === 'zeros' ? zeros(bad) : ones(bad)) };
      }
      case 1:
        return { what: 'ragged nested array', op: 'tensor', mentions: ['ragged'], roots, call: () => tensor([[1, 2], [3]]) };
      case 2: {
        const d = new Float64Array(rng.integer(1, 6));
        const s = [d.length + 1];
        return { what: `tensor with shape ${fmt(s)}`, op: 'tensor', mentions: [fmt(s)], roots: [x, d], call: () => tensor(d, { shape: s }) };
      }
      case 3:
        return { what: 'randn without rng', op: 'randn', mentions: ['rng'], roots, call: () => randn([2], {} as never) };
      case 4: {
        const e = leaf(rng, pick(rng, [[0], [2, 0], [3], [1, 2]]));
        return { what: `item of ${fmt(e.shape)}`, op: 'item', mentions: [fmt(e.shape)], roots: [e], call: () => e.item() };
      }
      case 5: {
        const y = x.mul(2);
        return x.data.length === 1
          ? { what: 'backward with a wrong-shape gradient', op: 'backward', mentions: [fmt([2, 2])], roots, call: () => y.backward(zeros([2, 2])) }
          : { what: `backward of ${fmt(y.shape)} without a gradient`, op: 'backward', mentions: [fmt(y.shape)], roots, call: () => y.backward() };
      }
      case 6: {
        const c = leaf(rng, [2], false);
        return { what: 'backward on a constant', op: 'backward', mentions: ['requiresGrad=false'], roots: [c], call: () => c.sum().backward() };
      }
      default: {
        const c = leaf(rng, [2], false);
        return { what: 'grad() of an input without requiresGrad', op: 'grad', mentions: ['input 1'], roots: [x, c], call: () => gradOf(() => x.sum(), [x, c]) };
      }
    }
  });
});

test('fuzz: crossEntropy and mseLoss refuse bad class indices, target lengths, shapes and empty logits', () => {
  fuzz('losses', 130, (rng) => {
    const batch = rng.integer(1, 4);
    const classes = rng.integer(1, 5);
    const logits = leaf(rng, [batch, classes], true);
    const targets = Array.from({ length: batch }, () => rng.integer(classes));
    const kind = rng.integer(5);
    const roots = [logits, targets];
    if (kind === 0) {
      const b = rng.integer(batch);
      const bad = pick(rng, [classes, classes + 3, -1, 0.5, NaN, Infinity]);
      targets[b] = bad;
      return { what: `crossEntropy target ${bad} of ${classes} classes`, op: 'crossEntropy', mentions: [`got ${bad}`, `position ${b}`], roots, call: () => crossEntropy(logits, targets) };
    }
    if (kind === 1) {
      const wrong = targets.concat(rng.uniform() < 0.5 ? [0] : []).slice(0, rng.uniform() < 0.5 ? batch + 1 : batch - 1);
      if (wrong.length === batch) wrong.push(0);
      return { what: `crossEntropy ${wrong.length} targets for ${batch} rows`, op: 'crossEntropy', mentions: [`got ${wrong.length} targets`], roots: [logits, wrong], call: () => crossEntropy(logits, wrong) };
    }
    if (kind === 2) {
      const shape = pick(rng, [[0, classes], [batch, 0], [classes], [1, batch, classes], []]);
      const z = leaf(rng, shape, true);
      return { what: `crossEntropy logits ${fmt(shape)}`, op: 'crossEntropy', mentions: [fmt(shape)], roots: [z, targets], call: () => crossEntropy(z, shape[0] === 0 ? [] : targets) };
    }
    const sa = dims(rng, rng.integer(0, 3));
    let sb = dims(rng, rng.integer(0, 3));
    if (fmt(sa) === fmt(sb)) sb = [...sb, 2];
    const p = leaf(rng, sa, true);
    const q = leaf(rng, sb);
    return { what: `mseLoss ${fmt(sa)} vs ${fmt(sb)}`, op: 'mseLoss', mentions: [fmt(sa), fmt(sb)], roots: [p, q], call: () => mseLoss(p, q) };
  });
});

test('fuzz: MLP and Linear refuse bad sizes, depth, activation, init and a missing rng, drawing nothing', () => {
  fuzz('modules', 120, (rng) => {
    const stream = new Rng(rng.integer(1000));
    const good = { inputSize: 3, hiddenSize: 4, depth: 2, outputSize: 2, rng: stream };
    const probe = () => stream.state();
    const kind = rng.integer(6);
    if (kind === 0) {
      const field = pick(rng, ['inputSize', 'hiddenSize', 'outputSize'] as const);
      const bad = pick(rng, [0, -1, 1.5, NaN, Infinity, '3']);
      return { what: `MLP ${field} ${String(bad)}`, op: 'MLP', mentions: [field, `got ${String(bad)}`], roots: [], probe, call: () => new MLP({ ...good, [field]: bad }) };
    }
    if (kind === 1) {
      const bad = pick(rng, [0, -2, 1.5, NaN, Infinity, '2', undefined]);
      return { what: `MLP depth ${String(bad)}`, op: 'MLP', mentions: ['depth', `got ${String(bad)}`], roots: [], probe, call: () => new MLP({ ...good, depth: bad } as never) };
    }
    if (kind === 2) {
      const bad = pick(rng, ['sigmoid', 'RELU', '', 'gelu']);
      return { what: `MLP activation ${bad}`, op: 'MLP', mentions: [JSON.stringify(bad)], roots: [], probe, call: () => new MLP({ ...good, activation: bad } as never) };
    }
    if (kind === 3) {
      const bad = pick(rng, ['he', 'Kaiming', 'normal', 'constructor']);
      const op = pick(rng, ['MLP', 'Linear']);
      return { what: `${op} init ${bad}`, op, mentions: [JSON.stringify(bad)], roots: [], probe, call: () => (op === 'MLP' ? new MLP({ ...good, init: bad } as never) : new Linear(2, 3, { rng: stream, init: bad as never })) };
    }
    if (kind === 4) {
      const bad = pick(rng, [undefined, null, {}, { uniform: () => 0.5 }, 42]);
      const op = pick(rng, ['MLP', 'Linear']);
      return { what: `${op} rng ${JSON.stringify(bad) ?? 'undefined'}`, op, mentions: ['rng'], roots: [], probe, call: () => (op === 'MLP' ? new MLP({ ...good, rng: bad } as never) : new Linear(2, 3, { rng: bad } as never)) };
    }
    const bad = pick(rng, [0, -3, 2.5, NaN]);
    return { what: `Linear inFeatures ${bad}`, op: 'Linear', mentions: [`got ${bad}`], roots: [], probe, call: () => new Linear(bad, 3, { rng: stream }) };
  });
});

test('fuzz: Module.loadStateDict refuses missing, unexpected, mis-shaped and non-tensor entries, loading nothing', () => {
  fuzz('stateDict', 100, (rng) => {
    const model = new MLP({ inputSize: 3, hiddenSize: 4, depth: rng.integer(1, 3), outputSize: 2, rng: new Rng(rng.integer(100)) });
    for (const p of model.parameters()) if (rng.uniform() < 0.5) p.grad = new Tensor(rng.normalFill(new Float64Array(p.data.length)), p.shape);
    const sd = new MLP({ inputSize: 3, hiddenSize: 4, depth: model.layers.length, outputSize: 2, rng: new Rng(999) }).stateDict();
    const names = Object.keys(sd);
    const name = pick(rng, names);
    const kind = rng.integer(5);
    let mentions: string[];
    let strict = true;
    if (kind === 0) {
      delete sd[name];
      mentions = [`missing ${name}`];
    } else if (kind === 1) {
      const extra = pick(rng, ['layers.9.weight', 'final.gamma', 'bias', '__proto__x']);
      sd[extra] = zeros([1]);
      mentions = [`unexpected ${extra}`];
    } else if (kind === 2) {
      const s = sd[name].shape;
      const bad = rng.uniform() < 0.5 ? [...s, 1] : s.map((d) => d + 1);
      sd[name] = zeros(bad);
      strict = rng.uniform() < 0.5;
      mentions = [name, fmt(bad), fmt(s)];
    } else if (kind === 3) {
      (sd as Record<string, unknown>)[name] = pick(rng, [null, 3, new Float64Array(2), [[1, 2]]]);
      mentions = [`${name} is not a Tensor`];
    } else {
      const other = new MLP({ inputSize: 3, hiddenSize: 5, depth: model.layers.length + rng.integer(0, 2), outputSize: 2, rng: new Rng(3) }).stateDict();
      return { what: 'state dict of another architecture', op: 'loadStateDict', mentions: ['layers.0.weight'], roots: [model, other], call: () => model.loadStateDict(other) };
    }
    return { what: `loadStateDict (${['missing', 'unexpected', 'mis-shaped', 'non-tensor'][kind]} ${name}, strict ${strict})`, op: 'loadStateDict', mentions, roots: [model, sd], call: () => model.loadStateDict(sd, { strict }) };
  });
});

test('fuzz: a model refuses inputs of the wrong width or rank, leaving parameters and grads alone', () => {
  fuzz('forward', 40, (rng) => {
    const model = new MLP({ inputSize: 3, hiddenSize: 4, depth: 2, outputSize: 2, rng: new Rng(rng.integer(100)) });
    for (const p of model.parameters()) p.grad = new Tensor(rng.normalFill(new Float64Array(p.data.length)), p.shape);
    const shape = pick(rng, [[2, 4], [2, 2], [4], [1, 2, 3], []]);
    const x = leaf(rng, shape);
    return { what: `MLP forward ${fmt(shape)}`, op: 'linear', mentions: [fmt(shape)], roots: [model, x], call: () => model.forward(x) };
  });
});

test('fuzz: every category ran its documented number of cases', () => {
  assertCasesRun('fuzz/ops', { binary: 150, matmul: 120, axes: 150, reshape: 100, creation: 100, losses: 130, modules: 120, stateDict: 100, forward: 40 });
});

test.run();
