// The training run behind the playground, with no messaging in it: data, model, optimiser, batches,
// evaluation, the trust monitor and the Figure 1 slice. Deterministic: four Rng streams derived from
// the seed (data, split, init, batches), so a run depends only on its Config.
import { Rng, Tensor, TrustgradError, data, nn, noGrad, optim, perturb } from '../../../lib/index.ts';
import type { Config } from './config.ts';
import { optimiserLabel } from './config.ts';
import type { EvalRecord, Surface, TrustReading } from './protocol.ts';

type Dataset = data.Dataset<Int32Array>;
type Optimiser = optim.SGD | optim.Adam | optim.LARS | optim.Fromage;

const POINTS = 500; // the TensorFlow Playground's sample count
const GRID_MAX = 80; // decision-surface resolution, lowered for big models (see surfaceSize)
const SURFACE_WORK = 2e7; // multiply-adds one surface may cost
const EXTENT = 6; // the 2-D sets live in [−6, 6]²
const SLICE_SAMPLES = 250; // the paper's batch size

/** Decodes docs/playground/mnist-subset.bin (format in docs/playground/README.md), normalised as the paper. */
export function decodeMnist(bytes: Uint8Array): Dataset {
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== 'TGMN' || bytes[4] !== 1) throw new Error(`mnist-subset.bin: not a TGMN v1 file (got '${magic}' v${bytes[4]})`);
  const rows = bytes[5];
  const cols = bytes[6];
  const classes = bytes[7];
  const count = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
  const features = rows * cols;
  if (bytes.length !== 12 + count * (1 + features)) throw new Error(`mnist-subset.bin: ${bytes.length} bytes (expected ${12 + count * (1 + features)})`);
  const y = Int32Array.from(bytes.subarray(12, 12 + count));
  const x = new Float64Array(count * features);
  const pixels = bytes.subarray(12 + count);
  for (let i = 0; i < x.length; i++) x[i] = (pixels[i] / 255 - data.MNIST_MEAN) / data.MNIST_STD;
  return { x, y, n: count, features, classes, shape: [rows, cols] };
}

function makeData(config: Config, mnist: Dataset | null, rng: Rng): Dataset {
  const options = { n: POINTS, noise: config.noise / 100, rng };
  switch (config.data) {
    case 'spirals':
      return data.spirals(options);
    case 'circle':
      return data.circle(options);
    case 'xor':
      return data.xor(options);
    case 'blobs':
      return data.blobs(options);
    case 'mnist':
      if (mnist === null) throw new Error('the MNIST subset is not loaded');
      return mnist;
  }
}

function makeOptimiser(config: Config, params: [string, Tensor][]): Optimiser {
  const lr = config.lr;
  switch (config.opt) {
    case 'sgd':
      return new optim.SGD(params, { lr, momentum: 0.9 });
    case 'adam':
      return new optim.Adam(params, { lr });
    case 'lars':
      return new optim.LARS(params, { lr });
    case 'fromage':
      return new optim.Fromage(params, { lr });
  }
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** One playground run. `const run = new Run(config, null); run.step(); run.evaluate()` */
export class Run {
  readonly train: Dataset;
  readonly test: Dataset;
  readonly model: nn.MLP;
  readonly weightNames: string[];
  step = 0;
  epoch = 0;
  private readonly opt: Optimiser;
  private readonly batchRng: Rng;
  private epochBatches: Iterator<data.Batch<Int32Array>> | null = null;
  private readonly monitor = new perturb.TrustMonitor();
  private readonly trainTensors: { x: Tensor; y: Int32Array };
  private readonly testTensors: { x: Tensor; y: Int32Array };

  constructor(readonly config: Config, mnist: Dataset | null) {
    const seed = config.seed;
    const all = makeData(config, mnist, new Rng(`${seed}/data`));
    const { train, test } = data.split(all, 1 - config.train / 100, new Rng(`${seed}/split`));
    this.train = train;
    this.test = test;
    this.model = new nn.MLP({
      inputSize: all.features,
      hiddenSize: config.width,
      depth: config.depth,
      outputSize: all.classes ?? 2,
      residual: config.residual,
      activation: config.act,
      init: config.init,
      rng: new Rng(`${seed}/init`),
    });
    const named = this.model.namedParameters();
    this.weightNames = named.map(([n]) => n).filter((n) => n.endsWith('.weight'));
    this.opt = makeOptimiser(config, named);
    this.batchRng = new Rng(`${seed}/batches`);
    this.trainTensors = { x: new Tensor(train.x, [train.n, train.features]), y: train.y };
    this.testTensors = { x: new Tensor(test.x, [test.n, test.features]), y: test.y };
  }

  /** Number of scalar parameters. */
  get parameterCount(): number {
    return this.model.parameters().reduce((s, p) => s + p.data.length, 0);
  }

  private nextBatch(): data.Batch<Int32Array> {
    for (;;) {
      if (this.epochBatches === null) this.epochBatches = data.batches(this.train, Math.min(this.config.batch, this.train.n), this.batchRng);
      const next = this.epochBatches.next();
      if (!next.done) return next.value;
      this.epochBatches = null;
      this.epoch++;
    }
  }

  /**
   * One optimiser step on the next minibatch; returns its loss (before the step) and, on monitored
   * steps, the trust monitor's reading. Throws a readable Error when the step would leave the weights
   * non-finite (the optimiser has then left them untouched).
   */
  stepOnce(): { loss: number; trust: TrustReading | null } {
    const batch = this.nextBatch();
    const lossOf = (): Tensor => nn.crossEntropy(this.model.forward(batch.x), batch.y);
    this.opt.zeroGrad();
    const loss = lossOf();
    loss.backward();
    const number = this.step + 1;
    const monitored = number === 1 || number % this.config.every === 0;
    if (monitored) this.monitor.before(this.model);
    try {
      this.opt.step();
    } catch (e) {
      throw new Error(this.explain(e, number), { cause: e });
    }
    this.step = number;
    let trust: TrustReading | null = null;
    if (monitored) {
      const record = this.monitor.after(this.model, lossOf);
      this.monitor.history.length = 0; // keep only the latest; the page keeps the series
      trust = this.reading(record);
    }
    return { loss: loss.item(), trust };
  }

  private explain(e: unknown, number: number): string {
    const label = optimiserLabel(this.config.opt).replace(/[ ,].*$/, '');
    if (e instanceof TrustgradError && /non-finite/.test(e.message)) {
      const grew = this.config.opt === 'lars' ? 'overflowed' : 'diverged';
      return `${label} ${grew} at step ${number}. ${capitalise(e.message.replace(/^[\w.]+: /, ''))}`;
    }
    return `${label} stopped at step ${number}: ${e instanceof Error ? e.message : String(e)}`;
  }

  private reading(record: perturb.TrustRecord): TrustReading {
    const byName = new Map(record.layers.map((l) => [l.name, l]));
    const lemma = record.lemma;
    const lemmaByName = new Map((lemma?.layers ?? []).map((l) => [l.name, l]));
    const pick = (f: (name: string) => number): number[] => this.weightNames.map(f);
    return {
      step: this.step,
      rho: pick((n) => byName.get(n)?.rho ?? NaN),
      maxRho: pick((n) => lemmaByName.get(n)?.maxRho ?? NaN),
      cosTheta: pick((n) => byName.get(n)?.cosTheta ?? NaN),
      relativeStep: pick((n) => byName.get(n)?.relativeStep ?? NaN),
      margin: lemma?.margin ?? NaN,
      actual: lemma?.actual ?? NaN,
      bound: lemma?.bound ?? NaN,
      holds: lemma?.holds ?? false,
    };
  }

  /** Loss and accuracy on the whole train and test sets, and every weight matrix's norm. */
  evaluate(): EvalRecord {
    return noGrad(() => {
      const on = (set: { x: Tensor; y: Int32Array }): [number, number] => {
        if (set.y.length === 0) return [NaN, NaN];
        const logits = this.model.forward(set.x);
        return [nn.crossEntropy(logits, set.y).item(), nn.accuracy(logits, set.y)];
      };
      const [trainLoss, trainAcc] = on(this.trainTensors);
      const [testLoss, testAcc] = on(this.testTensors);
      const params = new Map(this.model.namedParameters());
      const norms = this.weightNames.map((n) => params.get(n)!.norm().item());
      return { step: this.step, trainLoss, testLoss, trainAcc, testAcc, norms };
    });
  }

  /** p(class 1) on a grid over [−6, 6]² (2-D sets), or the predicted digits of the first `count` test samples. */
  surface(count = 36): Surface {
    return noGrad(() => {
      if (this.config.data === 'mnist') {
        const n = Math.min(count, this.test.n);
        const x = new Tensor(this.test.x.slice(0, n * this.test.features), [n, this.test.features]);
        const logits = this.model.forward(x);
        const predicted = new Int32Array(n);
        const k = logits.shape[1];
        for (let i = 0; i < n; i++) {
          let best = 0;
          for (let j = 1; j < k; j++) if (logits.data[i * k + j] > logits.data[i * k + best]) best = j;
          predicted[i] = best;
        }
        return { kind: 'digits', predicted };
      }
      // About SURFACE_WORK multiply-adds per surface: 80×80 for small nets, coarser for wide deep ones.
      const GRID = Math.max(12, Math.min(GRID_MAX, Math.floor(Math.sqrt(SURFACE_WORK / this.parameterCount))));
      const xs = new Float64Array(GRID * GRID * 2);
      for (let r = 0; r < GRID; r++) {
        for (let c = 0; c < GRID; c++) {
          const i = r * GRID + c;
          xs[2 * i] = -EXTENT + (2 * EXTENT * (c + 0.5)) / GRID;
          xs[2 * i + 1] = EXTENT - (2 * EXTENT * (r + 0.5)) / GRID;
        }
      }
      const probs = this.model.forward(new Tensor(xs, [GRID * GRID, 2])).softmax(1).data;
      const p = new Float32Array(GRID * GRID);
      for (let i = 0; i < p.length; i++) p[i] = probs[2 * i + 1];
      return { kind: 'grid', size: GRID, extent: EXTENT, p };
    });
  }

  /** The paper's Figure 1 slice of the current weights: 100 steps of relative size 0.001 along the gradient. */
  slice(): { perturbation: number[]; loss: number[]; rho: number[]; trust: number[]; euclidean: number[]; nonFinite: boolean } {
    const n = Math.min(SLICE_SAMPLES, this.train.n);
    const x = new Tensor(this.train.x.slice(0, n * this.train.features), [n, this.train.features]);
    const y = this.train.y.slice(0, n);
    const first = this.weightNames[0];
    const s = perturb.slice({
      params: this.model,
      loss: () => nn.crossEntropy(this.model.forward(x), y),
      steps: 100,
      eta: 0.001,
      layers: [first],
    });
    return { perturbation: s.perturbation, loss: s.loss, rho: s.rho[first], trust: s.trust, euclidean: s.euclidean[first], nonFinite: s.nonFinite };
  }
}
