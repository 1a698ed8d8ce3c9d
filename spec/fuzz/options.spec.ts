// Fuzzed bad calls into the options added and checked for issue 13: an unknown key (or a non-object) given
// to any public call that takes options; the tape's options (createGraph, gradOutput, retainGraph) and its
// refusals (grad inside noGrad, grad of a gradient taken without createGraph, a backward whose saved tensor
// an optimiser step or loadStateDict changed, createGraph through an op without a graph backward); and the
// second-order harness (hvp, sharpness, slice's beta). Each must throw `op: …` naming the offender and leave
// tensors, gradients, models, optimisers and the Rng exactly as they were (spec/fuzz/harness.ts).
import { test } from 'uvu';
import { grad, noGrad, record } from '../../lib/autograd.ts';
import { arange, full, ones, rand, randn, tensor, zeros } from '../../lib/creation.ts';
import { batches } from '../../lib/data/batches.ts';
import { blobs, circle, spirals, xor } from '../../lib/data/synthetic.ts';
import { teacherStudent } from '../../lib/data/teacher.ts';
import { gradcheck } from '../../lib/gradcheck.ts';
import { saveSafetensors } from '../../lib/io/safetensors.ts';
import { Linear } from '../../lib/nn/linear.ts';
import { crossEntropy } from '../../lib/nn/losses.ts';
import { MLP } from '../../lib/nn/mlp.ts';
import { SGD } from '../../lib/optim/sgd.ts';
import { relativeBreakdown } from '../../lib/perturb/breakdown.ts';
import { hvp, sharpness } from '../../lib/perturb/hessian.ts';
import { checkLemma1 } from '../../lib/perturb/lemma1.ts';
import { TrustMonitor } from '../../lib/perturb/monitor.ts';
import { slice } from '../../lib/perturb/slice.ts';
import { Rng } from '../../lib/random.ts';
import { Tensor } from '../../lib/tensor.ts';
import { trainClassifier } from '../../lib/train.ts';
import { announce } from '../property/settings.ts';
import { assertCasesRun, fuzz, pick, type BadCall } from './harness.ts';

announce('fuzz/options');

/** A small model with a pre-set .grad on every parameter (which must survive), its loss and an Rng to probe. */
function setup(rng: Rng) {
  const stream = new Rng(rng.integer(1000));
  const model = new MLP({ inputSize: 2, hiddenSize: 3, depth: rng.integer(1, 3), outputSize: 2, activation: pick(rng, ['relu', 'tanh'] as const), rng: stream });
  for (const p of model.parameters()) p.grad = new Tensor(rng.normalFill(new Float64Array(p.data.length)), p.shape);
  const x = new Tensor(rng.normalFill(new Float64Array(8)), [4, 2]);
  const y = Int32Array.from({ length: 4 }, () => rng.integer(2));
  return { model, stream, loss: () => crossEntropy(model.forward(x), y), params: model.namedParameters() };
}

// None of these is a key of any call below (gradcheck takes `seed`, saveSafetensors `dtype`: not listed).
const TYPOS = ['requires_grad', 'weight_decay', 'gama', 'retain_graph', 'createGrpah', 'lr', 'verbose', 'dType', 'constructor'];
const VALUES: unknown[] = [0.5, true, 'yes', null, [1], { a: 1 }];

test('fuzz: an unknown option key, or options that are not an object, is refused everywhere', () => {
  fuzz('unknownKeys', 200, (rng) => {
    const s = setup(rng);
    const typo = pick(rng, TYPOS);
    const value = pick(rng, VALUES);
    const notObject = rng.uniform() < 0.15 ? pick(rng, [null, 3, 'options', [1, 2]]) : undefined;
    const extra = (o: object): never => (notObject !== undefined ? notObject : { ...o, [typo]: value }) as never;
    const step = s.params.map(([, p]) => new Float64Array(p.data.length));
    const data = blobs({ n: 8, rng: new Rng(1) });
    const w = s.model.final.bias!;
    const calls: [string, () => unknown][] = [
      ['tensor', () => tensor([1, 2], extra({}))],
      ['zeros', () => zeros([2], extra({}))],
      ['ones', () => ones([2], extra({}))],
      ['full', () => full([2], 1, extra({}))],
      ['arange', () => arange(0, 3, 1, extra({}))],
      ['randn', () => randn([2], extra({ rng: s.stream }))],
      ['rand', () => rand([2], extra({ rng: s.stream }))],
      ['MLP', () => new MLP(extra({ inputSize: 2, hiddenSize: 3, depth: 1, outputSize: 2, rng: s.stream }))],
      ['Linear', () => new Linear(2, 3, extra({ rng: s.stream }))],
      ['spirals', () => spirals(extra({ rng: s.stream }))],
      ['circle', () => circle(extra({ rng: s.stream }))],
      ['xor', () => xor(extra({ rng: s.stream }))],
      ['teacherStudent', () => teacherStudent(extra({ n: 4, inputSize: 2, hiddenSize: 2, rng: s.stream }))],
      ['batches', () => batches(data, 4, s.stream, extra({}))],
      ['relativeBreakdown', () => relativeBreakdown(extra({ params: s.model, loss: s.loss, direction: step }))],
      ['checkLemma1', () => checkLemma1(extra({ params: s.model, loss: s.loss, step }))],
      ['slice', () => slice(extra({ params: s.model, loss: s.loss, steps: 1 }))],
      ['TrustMonitor', () => new TrustMonitor(extra({}))],
      ['hvp', () => hvp(extra({ params: s.model, loss: s.loss, vector: step }))],
      ['sharpness', () => sharpness(extra({ params: s.model, loss: s.loss, rng: s.stream }))],
      ['trainClassifier', () => trainClassifier(extra({ model: s.model, optimizer: new SGD(s.model.parameters(), { lr: 0.1 }), data, batchSize: 4, steps: 1, rng: s.stream }))],
      ['saveSafetensors', () => saveSafetensors(s.model.stateDict(), extra({}))],
      ['gradcheck', () => gradcheck((v) => v.sum(), [w], extra({}))],
      ['grad', () => grad(s.loss, s.model.parameters(), extra({}))],
      ['backward', () => s.loss().backward(extra({}))],
    ];
    const [op, call] = pick(rng, calls);
    // A non-object where only an object or nothing is allowed; MLP and trainClassifier word it their own way.
    const mentions = notObject === undefined ? [`unknown option '${typo}'`] : op === 'MLP' || op === 'trainClassifier' ? ['expects an options object'] : ['must be an object'];
    return { what: `${op} with ${notObject === undefined ? `${typo}: ${JSON.stringify(value)}` : JSON.stringify(notObject)}`, op, mentions, roots: [s.model], probe: () => s.stream.state(), call };
  });
});

test('fuzz: the tape refuses bad createGraph options, grad in noGrad, a gradient off the tape, a stale graph and an op without a graph backward', () => {
  fuzz('tape', 150, (rng) => {
    const s = setup(rng);
    const roots = [s.model];
    const probe = () => s.stream.state();
    const ps = s.model.parameters();
    const kind = rng.integer(7);
    if (kind === 0) {
      const bad = pick(rng, [1, 'true', null, [true], {}]);
      const op = pick(rng, ['grad', 'backward']);
      const call = op === 'grad' ? () => grad(s.loss, ps, { createGraph: bad } as never) : () => s.loss().backward({ createGraph: bad } as never);
      return { what: `${op} createGraph ${JSON.stringify(bad)}`, op, mentions: ['createGraph must be true or false'], roots, probe, call };
    }
    if (kind === 1) {
      const bad = pick(rng, [[1], 3, 'g', { data: [1] }]);
      const op = pick(rng, ['grad', 'backward']);
      const key = op === 'grad' ? 'gradOutput' : 'gradient';
      const call = op === 'grad' ? () => grad(s.loss, ps, { gradOutput: bad } as never) : () => s.loss().backward({ gradient: bad } as never);
      return { what: `${op} ${key} ${JSON.stringify(bad)}`, op, mentions: [`${key} must be a Tensor`], roots, probe, call };
    }
    if (kind === 2) {
      const loss = s.loss();
      return { what: 'backward retainGraph', op: 'backward', mentions: ["'retainGraph'", 'keeps the graph'], roots: [s.model, loss], probe, call: () => loss.backward({ retainGraph: pick(rng, [true, false]) } as never) };
    }
    if (kind === 3) return { what: 'grad inside noGrad', op: 'grad', mentions: ['called inside noGrad'], roots, probe, call: () => noGrad(() => grad(s.loss, ps)) };
    if (kind === 4) {
      const g = grad(s.loss, ps);
      const v = ps.map((p) => new Tensor(rng.normalFill(new Float64Array(p.data.length)), p.shape));
      return { what: 'grad of a gradient taken without createGraph', op: 'grad', mentions: ['createGraph: true'], roots: [s.model, ...g, ...v], probe, call: () =>
        grad(() => g.map((gi, i) => gi.mul(v[i]).sum()).reduce((a, b) => a.add(b)), ps) };
    }
    if (kind === 5) {
      const loss = s.loss();
      const change = rng.uniform() < 0.5 ? 'step' : 'load';
      if (change === 'step') new SGD(s.model.namedParameters(), { lr: 0.01 }).step();
      else s.model.loadStateDict(new MLP({ inputSize: 2, hiddenSize: 3, depth: s.model.layers.length, outputSize: 2, rng: new Rng(7) }).stateDict());
      const writer = change === 'step' ? 'SGD.step on' : 'loadStateDict on';
      return { what: `backward after ${change}`, op: 'backward', mentions: [writer, 'saved it for backward'], roots: [s.model, loss], probe, call: () => loss.backward() };
    }
    const x = s.model.final.bias!;
    const out = record(new Tensor(x.data.map((v) => v * v), x.shape), 'opaque', [x], { backward: (g) => [g.map((v, i) => 2 * v * x.data[i])], graph: null });
    const op = pick(rng, ['grad', 'backward']);
    const call = op === 'grad' ? () => grad(() => out.sum(), [x], { createGraph: true }) : () => out.sum().backward({ createGraph: true });
    return { what: `${op} createGraph through an op without a graph backward`, op, mentions: ['opaque', 'no differentiable backward'], roots, probe, call };
  });
});

test('fuzz: hvp, sharpness and slice beta refuse bad vectors, iterations, layers, beta and a missing rng', () => {
  fuzz('hessian', 120, (rng) => {
    const s = setup(rng);
    const probe = () => s.stream.state();
    const names = s.params.map(([n]) => n);
    const base = { params: s.model, loss: s.loss };
    const kind = rng.integer(6);
    let c: Omit<BadCall, 'roots' | 'probe'>;
    if (kind === 0) {
      const name = pick(rng, names);
      const n = s.params[names.indexOf(name)][1].data.length;
      const vector = { [name]: pick(rng, [new Float64Array(n + 1), [0.5], null]) };
      c = { what: `hvp vector for ${name}`, op: 'hvp', mentions: [`'${name}'`], call: () => hvp({ ...base, vector } as never) };
    } else if (kind === 1) {
      const bad = pick(rng, ['layers.9.weight', 'fc.weight', '']);
      c = { what: `hvp vector names ${bad}`, op: 'hvp', mentions: [`'${bad}'`], call: () => hvp({ ...base, vector: { [bad]: new Float64Array(1) } }) };
    } else if (kind === 2) {
      const bad = pick(rng, [0, -1, 1.5, NaN, '10']);
      c = { what: `sharpness iterations ${String(bad)}`, op: 'sharpness', mentions: [`got ${typeof bad === 'string' ? `'${bad}'` : String(bad)}`], call: () => sharpness({ ...base, iterations: bad, rng: s.stream } as never) };
    } else if (kind === 3) {
      const bad = pick(rng, [undefined, null, {}, 42]);
      c = { what: `sharpness rng ${JSON.stringify(bad)}`, op: 'sharpness', mentions: ['rng'], call: () => sharpness({ ...base, rng: bad } as never) };
    } else if (kind === 4) {
      const bad = pick(rng, ['layers.7.bias', 'weight']);
      c = { what: `sharpness layers ${bad}`, op: 'sharpness', mentions: [`'${bad}'`], call: () => sharpness({ ...base, rng: s.stream, layers: [bad] }) };
    } else {
      const bad = pick(rng, ['max', 'TOP', 1, true]);
      const noRng = rng.uniform() < 0.4;
      c = noRng
        ? { what: "slice beta 'top' without rng", op: 'slice', mentions: ['rng'], call: () => slice({ ...base, steps: 1, beta: 'top' }) }
        : { what: `slice beta ${String(bad)}`, op: 'slice', mentions: [`got ${String(bad)}`], call: () => slice({ ...base, steps: 1, beta: bad } as never) };
    }
    return { ...c, roots: [s.model], probe };
  });
});

test('fuzz: every category ran its documented number of cases', () => {
  assertCasesRun('fuzz/options', { unknownKeys: 200, tape: 150, hessian: 120 });
});

test.run();
