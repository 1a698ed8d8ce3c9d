// The training loop: fitting blobs and a teacher, the paper's last-epoch accuracy, divergence reported not thrown
// (only the optimiser's NonFiniteStepError counts; any other error is thrown), scheduler per epoch, evaluate.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { blobs, teacherStudent, type Dataset } from '../lib/data/index.ts';
import { MLP } from '../lib/nn/index.ts';
import * as optim from '../lib/optim/index.ts';
import { Rng } from '../lib/random.ts';
import { Tensor } from '../lib/tensor.ts';
import { evaluate, trainClassifier, trainRegressor } from '../lib/train.ts';
import { assertClose, assertThrowsTrustgrad } from './helpers/assert.ts';

// A fake classifier: inputs are one-hot "predictions", logits = x·I, so a sample is classified as
// the class its input names, whatever the weights (the fake optimiser never moves them).
function oneHotModel(classes: number) {
  const eye = new Float64Array(classes * classes);
  for (let c = 0; c < classes; c++) eye[c * classes + c] = 1;
  const weight = new Tensor(eye, [classes, classes], true);
  return { forward: (x: Tensor) => x.matmul(weight), weight };
}
const still = { zeroGrad() {}, step() {} };

function predictions(predicted: number[], labels: number[], classes: number): Dataset<Int32Array> {
  const x = new Float64Array(predicted.length * classes);
  predicted.forEach((p, i) => {
    x[i * classes + p] = 1;
  });
  return { x, y: Int32Array.from(labels), n: labels.length, features: classes, classes };
}

test('trainClassifier: the loss falls and the net fits two separable blobs', () => {
  const rng = new Rng(1);
  const data = blobs({ n: 128, noise: 0, rng });
  const model = new MLP({ inputSize: 2, hiddenSize: 8, depth: 1, outputSize: 2, rng });
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
  const r = trainClassifier({ model, optimizer, data, batchSize: 16, epochs: 10, rng });
  assert.is(r.steps, 80);
  assert.is(r.losses.length, 80);
  assert.is(r.diverged, false);
  const head = r.losses.slice(0, 8).reduce((a, b) => a + b) / 8;
  const tail = r.losses.slice(72).reduce((a, b) => a + b) / 8;
  assert.ok(tail < head / 4, `loss fell from ${head} to ${tail}`);
  assert.ok(r.lastEpochAccuracy >= 0.97, `accuracy ${r.lastEpochAccuracy}`);
  assert.ok(r.stepsPerSecond > 0);
});

test("trainClassifier: with equal batches the last-epoch accuracy is the epoch's fraction correct", () => {
  // 6 samples, 4 predicted right; batches of 2 → every epoch's mean of batch accuracies is 4/6.
  const { forward } = oneHotModel(3);
  const data = predictions([0, 1, 2, 0, 1, 2], [0, 1, 2, 1, 1, 0], 3);
  const r = trainClassifier({ model: { forward }, optimizer: still, data, batchSize: 2, epochs: 2, rng: new Rng(5) });
  assert.is(r.steps, 6);
  assertClose(r.lastEpochAccuracy, 4 / 6, 1e-15);
});

test('trainClassifier: with a short last batch each minibatch counts once, as the paper averages', () => {
  // 5 samples, batches 2, 2, 1; only sample 4 is misclassified. The last epoch is the second
  // permutation the Rng draws; the mean is over its three batch accuracies, not over samples.
  const { forward } = oneHotModel(2);
  const data = predictions([0, 0, 0, 0, 0], [0, 0, 0, 0, 1], 2);
  const rng = new Rng(11);
  const r = trainClassifier({ model: { forward }, optimizer: still, data, batchSize: 2, epochs: 2, rng });
  const replay = new Rng(11);
  replay.permutation(5);
  const order = Array.from(replay.permutation(5));
  const batchOf4 = Math.floor(order.indexOf(4) / 2);
  const accs = [0, 1, 2].map((b) => (b === batchOf4 ? (b === 2 ? 0 : 0.5) : 1));
  assertClose(r.lastEpochAccuracy, (accs[0] + accs[1] + accs[2]) / 3, 1e-15);
});

test('trainClassifier: dropLast skips the short batch (epochs of floor(n/batch) steps) and accuracies holds every minibatch', () => {
  // 5 samples, batches of 2: with dropLast an epoch is 2 full batches, so the scheduler steps after
  // steps 2 and 4 and no step ever sees a batch of 1; each step's accuracy is that batch's fraction correct.
  const { forward } = oneHotModel(2);
  const data = predictions([0, 0, 0, 0, 0], [0, 0, 0, 0, 1], 2);
  const sizes: number[] = [];
  let schedules = 0;
  const probe = { forward: (x: Tensor) => (sizes.push(x.shape[0]), forward(x)) };
  const r = trainClassifier({ model: probe, optimizer: still, data, batchSize: 2, steps: 5, rng: new Rng(3), dropLast: true, scheduler: { step: () => schedules++ } });
  assert.equal(sizes, [2, 2, 2, 2, 2]);
  assert.is(schedules, 2);
  assert.is(r.accuracies.length, 5);
  const replay = new Rng(3);
  const orders = [0, 1, 2].map(() => Array.from(replay.permutation(5)));
  const expected = [0, 1, 2, 3, 4].map((s) => {
    const order = orders[Math.floor(s / 2)];
    const b = s % 2;
    return order.slice(2 * b, 2 * b + 2).filter((i) => i !== 4).length / 2;
  });
  assert.equal(Array.from(r.accuracies), expected);
  const without = trainClassifier({ model: { forward }, optimizer: still, data, batchSize: 2, steps: 3, rng: new Rng(3) });
  assert.is(without.accuracies.length, 3, 'without dropLast the third step is the batch of 1');
  assertThrowsTrustgrad(() => trainClassifier({ model: { forward }, optimizer: still, data, batchSize: 6, steps: 1, rng: new Rng(3), dropLast: true }), /dropLast needs batchSize ≤ n/);
});

test('trainClassifier: a step the optimiser refuses is reported as divergence, weights untouched', () => {
  const rng = new Rng(2);
  const data = blobs({ n: 32, rng });
  for (let i = 0; i < data.x.length; i++) data.x[i] *= 1e4; // first-layer gradients of order 1e3
  const model = new MLP({ inputSize: 2, hiddenSize: 4, depth: 1, outputSize: 2, rng });
  const before = model.parameters().map((p) => p.data.slice());
  // lr·g ≈ 1e307·1e3 overflows: the optimiser's finiteness guard refuses the first step.
  const optimizer = new optim.SGD(model.parameters(), { lr: 1e307 });
  const r = trainClassifier({ model, optimizer, data, batchSize: 8, steps: 10, rng });
  assert.ok(r.diverged !== false);
  assert.is(r.diverged && r.diverged.step, 0);
  assert.match(r.diverged ? r.diverged.message : '', /non-finite/);
  assert.is(r.steps, 0);
  assert.is(r.losses.length, 0);
  assert.ok(Number.isNaN(r.lastEpochAccuracy));
  model.parameters().forEach((p, i) => assert.equal(Array.from(p.data), Array.from(before[i])));
});

test('trainClassifier: an error that is not a refused non-finite step is thrown, not charted as divergence', () => {
  const rng = new Rng(4);
  const data = blobs({ n: 16, rng });
  const model = new MLP({ inputSize: 2, hiddenSize: 4, depth: 1, outputSize: 2, rng });
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
  // A schedule that drives lr negative after the first epoch: the optimiser refuses lr −0.1 at the next step.
  const scheduler = new optim.LambdaLR(optimizer, (epoch) => 1 - epoch * 2);
  assertThrowsTrustgrad(() => trainClassifier({ model, optimizer, data, batchSize: 8, epochs: 3, rng, scheduler }), 'SGD: invalid learning rate (got -0.1');
  const failing = { zeroGrad() {}, step(): never {
    throw new TypeError('a bug in a custom optimiser');
  } };
  assert.throws(() => trainClassifier({ model, optimizer: failing, data, batchSize: 8, steps: 2, rng }), /a bug in a custom optimiser/);
});

test('trainClassifier: a non-finite minibatch loss is reported at its step', () => {
  const { forward } = oneHotModel(2);
  const data = predictions([0, 1, 0, 1], [0, 1, 0, 1], 2);
  data.x.fill(NaN);
  const r = trainClassifier({ model: { forward }, optimizer: still, data, batchSize: 2, steps: 3, rng: new Rng(0) });
  assert.equal(r.diverged && r.diverged.step, 0);
  assert.match(r.diverged ? r.diverged.message : '', /loss is NaN/);
});

test('trainClassifier: the scheduler steps once per epoch of ceil(n/batchSize) steps; onStep can stop', () => {
  const { forward } = oneHotModel(2);
  const data = predictions([0, 1, 0, 1, 0], [0, 1, 0, 1, 0], 2);
  let epochs = 0;
  const seen: number[][] = [];
  const r = trainClassifier({
    model: { forward },
    optimizer: still,
    data,
    batchSize: 2,
    steps: 8,
    rng: new Rng(0),
    scheduler: { step: () => {
      epochs++;
    } },
    onStep: ({ step, epoch }) => {
      seen.push([step, epoch]);
    },
  });
  assert.is(r.steps, 8);
  assert.is(epochs, 2); // epochs of 3 steps end after steps 3 and 6
  assert.equal(seen.map((s) => s[1]), [0, 0, 0, 1, 1, 1, 2, 2]);
  const stopped = trainClassifier({ model: { forward }, optimizer: still, data, batchSize: 2, steps: 8, rng: new Rng(0), onStep: ({ step }) => (step === 3 ? 'stop' : undefined) });
  assert.is(stopped.steps, 4);
});

test('trainRegressor: the squared error falls on a teacher–student problem', () => {
  const rng = new Rng(4);
  const data = teacherStudent({ n: 128, inputSize: 4, hiddenSize: 8, depth: 1, activation: 'tanh', rng });
  const model = new MLP({ inputSize: 4, hiddenSize: 16, depth: 1, outputSize: 1, activation: 'tanh', rng });
  const r = trainRegressor({ model, optimizer: new optim.Adam(model.parameters(), { lr: 0.01 }), data, batchSize: 32, epochs: 40, rng });
  assert.ok(r.lastEpochLoss < r.losses[0] / 5, `loss ${r.losses[0]} → ${r.lastEpochLoss}`);
  assert.ok(Number.isNaN(r.lastEpochAccuracy));
});

test('evaluate: loss and accuracy by hand on the one-hot model', () => {
  const { forward } = oneHotModel(3);
  const data = predictions([0, 1, 2, 0], [0, 1, 2, 2], 3);
  // logits are one-hot: cross-entropy is log(e + 2) − 1 when right, log(e + 2) when wrong.
  const lse = Math.log(Math.E + 2);
  const r = evaluate({ forward }, data, 3);
  assertClose(r.accuracy, 0.75, 1e-15);
  assertClose(r.loss, (3 * (lse - 1) + lse) / 4, 1e-14);
});

test('trainClassifier: refuses bad options with the op and the value', () => {
  const { forward } = oneHotModel(2);
  const data = predictions([0, 1], [0, 1], 2);
  const base = { model: { forward }, optimizer: still, data, batchSize: 1, rng: new Rng(0) };
  assertThrowsTrustgrad(() => trainClassifier({ ...base, steps: 2, epochs: 1 }), 'trainClassifier', 'exactly one of steps and epochs');
  assertThrowsTrustgrad(() => trainClassifier({ ...base, steps: 0 }), 'steps=0');
  assertThrowsTrustgrad(() => trainClassifier({ ...base, batchSize: 0, steps: 1 }), 'batchSize', 'got 0');
  const targets = { ...data, y: new Float64Array(2) } as unknown as Dataset<Int32Array>;
  assertThrowsTrustgrad(() => trainClassifier({ ...base, data: targets, steps: 1 }), 'trainRegressor');
});

test.run();
