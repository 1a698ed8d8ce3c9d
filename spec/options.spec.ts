// Unknown option keys are an error everywhere: one row per public call that takes options — creation,
// nn, data, the harness, training, io, gradcheck, the tape, optimisers and schedulers — each given a
// plausible typo, each refused as `op: unknown option 'typo' in options (got …, expected one of …)`. A
// typo would otherwise be ignored and its default used in silence (StepLR({ gama }) decayed by 0.1).
import { test } from 'uvu';
import { grad } from '../lib/autograd.ts';
import { arange, full, ones, rand, randn, tensor, zeros } from '../lib/creation.ts';
import { batches } from '../lib/data/batches.ts';
import { blobs, circle, spirals, xor } from '../lib/data/synthetic.ts';
import { teacherStudent } from '../lib/data/teacher.ts';
import { gradcheck } from '../lib/gradcheck.ts';
import { saveSafetensors } from '../lib/io/safetensors.ts';
import { Linear } from '../lib/nn/linear.ts';
import { crossEntropy } from '../lib/nn/losses.ts';
import { MLP } from '../lib/nn/mlp.ts';
import { loadMnist, loadMnistSplit } from '../lib/node/mnist.ts';
import { SGD } from '../lib/optim/sgd.ts';
import { StepLR } from '../lib/optim/schedulers.ts';
import { relativeBreakdown } from '../lib/perturb/breakdown.ts';
import { hvp, sharpness } from '../lib/perturb/hessian.ts';
import { checkLemma1 } from '../lib/perturb/lemma1.ts';
import { TrustMonitor } from '../lib/perturb/monitor.ts';
import { slice } from '../lib/perturb/slice.ts';
import { Rng } from '../lib/random.ts';
import { trainClassifier, trainRegressor } from '../lib/train.ts';
import { assertThrowsTrustgrad } from './helpers/assert.ts';

const rng = new Rng(1);
const model = new MLP({ inputSize: 2, hiddenSize: 3, depth: 1, outputSize: 2, rng });
const x = tensor([[0.5, -1], [1, 2]]);
const loss = () => crossEntropy(model.forward(x), [0, 1]);
const params = model.namedParameters();
const step = params.map(([, p]) => new Float64Array(p.data.length));
const data = blobs({ n: 8, rng: new Rng(2) });
const regression = teacherStudent({ n: 8, inputSize: 2, hiddenSize: 3, rng: new Rng(3) });
const opt = new SGD(model.parameters(), { lr: 0.1 });
const w = tensor([1, 2], { requiresGrad: true });

/** [op, typo, call]: the call passes `typo` as an extra key beside valid options. */
const rows: [string, string, (typo: Record<string, unknown>) => unknown][] = [
  ['tensor', 'requires_grad', (t) => tensor([1], { ...t })],
  ['zeros', 'requiresgrad', (t) => zeros([2], { ...t })],
  ['ones', 'dtype', (t) => ones([2], { ...t })],
  ['full', 'device', (t) => full([2], 1, { ...t })],
  ['arange', 'shape', (t) => arange(0, 3, 1, { ...t })],
  ['randn', 'seed', (t) => randn([2], { rng, ...t })],
  ['rand', 'min', (t) => rand([2], { rng, ...t })],
  ['MLP', 'residul', (t) => new MLP({ inputSize: 2, hiddenSize: 3, depth: 1, outputSize: 2, rng, ...t })],
  ['Linear', 'biass', (t) => new Linear(2, 3, { rng, ...t })],
  ['spirals', 'noize', (t) => spirals({ rng, ...t })],
  ['circle', 'count', (t) => circle({ rng, ...t })],
  ['xor', 'size', (t) => xor({ rng, ...t })],
  ['teacherStudent', 'activations', (t) => teacherStudent({ n: 4, inputSize: 2, hiddenSize: 2, rng, ...t })],
  ['batches', 'drop_last', (t) => batches(data, 4, rng, { ...t })],
  ['loadMnist', 'normalise', (t) => loadMnist({ count: 10, ...t })],
  ['loadMnistSplit', 'shuffle', (t) => loadMnistSplit({ train: 10, test: 10, ...t })],
  ['relativeBreakdown', 'step', (t) => relativeBreakdown({ params, loss, direction: step, ...t })],
  ['checkLemma1', 'direction', (t) => checkLemma1({ params, loss, step, ...t })],
  ['slice', 'stepSize', (t) => slice({ params, loss, steps: 1, ...t })],
  ['TrustMonitor', 'lemmaT', (t) => new TrustMonitor({ ...t })],
  ['hvp', 'v', (t) => hvp({ params, loss, vector: step, ...t })],
  ['sharpness', 'iters', (t) => sharpness({ params, loss, rng, ...t })],
  ['trainClassifier', 'lr', (t) => trainClassifier({ model, optimizer: opt, data, batchSize: 4, steps: 1, rng, ...t })],
  ['trainRegressor', 'scheduler_', (t) => trainRegressor({ model: new MLP({ inputSize: 2, hiddenSize: 3, depth: 1, outputSize: 1, rng }), optimizer: opt, data: regression, batchSize: 4, steps: 1, rng, ...t })],
  ['saveSafetensors', 'format', (t) => saveSafetensors(model.stateDict(), { ...t })],
  ['gradcheck', 'atol', (t) => gradcheck((v) => v.sum(), [w], { ...t })],
  ['grad', 'retainGraph', (t) => grad(() => w.sum(), [w], { ...t })],
  ['backward', 'inputs', (t) => w.sum().backward({ ...t })],
  ['SGD', 'weight_decay', (t) => new SGD([w], { lr: 0.1, ...t })],
  ['StepLR', 'gama', (t) => new StepLR(new SGD([w], { lr: 0.1 }), { stepSize: 2, ...t })],
];

for (const [op, typo, call] of rows) {
  test(`options: ${op} refuses the unknown key '${typo}', naming it and the keys it knows`, () => {
    call({}); // the same call without the typo is fine
    assertThrowsTrustgrad(() => call({ [typo]: 0.5 }), `${op}: unknown option '${typo}' in options (got 0.5, expected one of `);
  });
}

test('options: every options object must be an object', () => {
  assertThrowsTrustgrad(() => zeros([2], 'requiresGrad' as never), 'zeros: options must be an object');
  assertThrowsTrustgrad(() => slice(null as never), 'slice: options must be an object (got null)');
});

test.run();
