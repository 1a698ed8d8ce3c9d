// The training run behind the playground, with no messaging in it: data, network, optimiser, learning-
// rate decay, batches, evaluation, the trust monitor, the decision surface and the Figure 1 slice.
// Deterministic: four Rng streams derived from the seed (data, split, init, batches), so a run depends
// only on its run fields; the monitor and the evaluations read the weights and never change them.
import { Rng, Tensor, TrustgradError, data, nn, noGrad, optim, perturb } from '../../../lib/index.ts';
import type { Config } from './config.ts';
import { EXTENT, prepare, toFeatures, type PreparedSet } from './datasets.ts';
import { Network, SHOWN_NEURONS, shownLayers } from './net.ts';
import { optimiserEntry } from './optimisers.ts';
import type { EvalRecord, NetworkPicture, Surface, TrustReading, Weights } from './protocol.ts';

const GRID_MAX = 80; // decision-surface resolution, lowered for big models (see surface)
const SURFACE_WORK = 2e7; // multiply-adds one surface may cost
const THUMB_MAX = 24; // neuron thumbnails are at most 24×24
const SLICE_SAMPLES = 250; // the paper's batch size
/** Learning-rate decay on plateau: halve after 50 epochs without a 0.01 % better epoch loss, down to lr/100. */
export const DECAY = { factor: 0.5, patience: 50, floor: 0.01 } as const;

type Target = { tensor: Tensor; labels: Int32Array | null };

function targetOf(set: data.Dataset, rows: number): Target {
  return set.y instanceof Int32Array
    ? { tensor: new Tensor(new Float64Array(set.y), [rows]), labels: set.y }
    : { tensor: new Tensor(set.y, [rows, set.outputs ?? 1]), labels: null };
}

/** One playground run. `const run = new Run(config, null); run.stepOnce(); run.evaluate()` */
export class Run {
  readonly train: PreparedSet;
  readonly test: PreparedSet;
  readonly regression: boolean;
  readonly model: Network;
  readonly weightNames: string[];
  step = 0;
  epoch = 0;
  /** Run the trust monitor on every `every`-th step (and the first). */
  monitor: boolean;
  every: number;
  private readonly opt: optim.AnyOptimizer;
  private readonly scheduler: optim.ReduceLROnPlateau | null;
  private epochLoss = 0;
  private epochSteps = 0;
  private readonly batchRng: Rng;
  private epochBatches: Iterator<data.Batch> | null = null;
  private readonly trustMonitor = new perturb.TrustMonitor();
  private readonly sets: { train: { x: Tensor; y: Target }; test: { x: Tensor; y: Target } };

  constructor(readonly config: Config, mnist: data.Dataset<Int32Array> | null) {
    const { train, test, problem } = prepare(config, mnist);
    this.train = train;
    this.test = test;
    this.regression = problem === 'regression';
    this.monitor = config.monitor;
    this.every = config.every;
    this.model = new Network({
      inputSize: train.set.features,
      widths: config.layers,
      outputSize: this.regression ? 1 : (train.set.classes ?? 2),
      residual: config.residual,
      activation: config.act,
      init: config.init,
      rng: new Rng(`${config.seed}/init`),
    });
    const named = this.model.namedParameters();
    this.weightNames = named.map(([n]) => n).filter((n) => n.endsWith('.weight'));
    const entry = optimiserEntry(config.opt);
    this.opt = entry.make(named, { lr: config.lr, pBound: config.pBound });
    this.scheduler = config.decay && entry.learningRate
      ? new optim.ReduceLROnPlateau(this.opt as optim.Optimizer, { factor: DECAY.factor, patience: DECAY.patience, minLr: config.lr * DECAY.floor })
      : null;
    this.batchRng = new Rng(`${config.seed}/batches`);
    const tensors = (s: data.Dataset): { x: Tensor; y: Target } => ({ x: new Tensor(s.x, [s.n, s.features]), y: targetOf(s, s.n) });
    this.sets = { train: tensors(train.set), test: tensors(test.set) };
  }

  /** Number of scalar parameters. */
  get parameterCount(): number {
    return this.model.parameters().reduce((s, p) => s + p.data.length, 0);
  }

  /** The learning rate the next step uses (lowered by the plateau decay; NaN for AGD, which has none). */
  get lr(): number {
    return (this.opt.paramGroups[0] as { lr?: number }).lr ?? NaN;
  }

  /** Data loss (cross-entropy or mean squared error) plus the L1/L2 penalty on the weight matrices. */
  private lossOf(x: Tensor, y: Target, penalty = true): Tensor {
    const out = this.model.forward(x);
    const loss = y.labels !== null ? nn.crossEntropy(out, y.labels) : nn.mseLoss(out, y.tensor);
    const { reg, regRate } = this.config;
    if (!penalty || reg === 'none' || regRate === 0) return loss;
    let total = loss;
    for (const layer of [...this.model.layers, this.model.final]) {
      const w = layer.weight;
      total = total.add((reg === 'l1' ? w.abs().sum() : w.mul(w).sum().mul(0.5)).mul(regRate));
    }
    return total;
  }

  private nextBatch(): data.Batch {
    for (;;) {
      if (this.epochBatches === null) this.epochBatches = data.batches(this.train.set, Math.min(this.config.batch, this.train.set.n), this.batchRng);
      const next = this.epochBatches.next();
      if (!next.done) return next.value;
      this.epochBatches = null;
      this.epoch++;
      // torch's usage: one scheduler step per epoch, on that epoch's mean training loss.
      if (this.scheduler !== null && this.epochSteps > 0) this.scheduler.step(this.epochLoss / this.epochSteps);
      this.epochLoss = 0;
      this.epochSteps = 0;
    }
  }

  /**
   * One optimiser step on the next minibatch; returns its loss (before the step) and, on monitored
   * steps, the trust monitor's reading. Throws a readable Error when the step would leave the weights
   * non-finite (the optimiser has then left them untouched).
   */
  stepOnce(): { loss: number; trust: TrustReading | null } {
    const batch = this.nextBatch();
    const y: Target = batch.y instanceof Int32Array ? { tensor: batch.target, labels: batch.y } : { tensor: batch.target, labels: null };
    const lossOf = (): Tensor => this.lossOf(batch.x, y);
    this.opt.zeroGrad();
    const loss = lossOf();
    loss.backward();
    const number = this.step + 1;
    const monitored = this.monitor && (number === 1 || number % this.every === 0);
    if (monitored) this.trustMonitor.before(this.model);
    try {
      this.opt.step();
    } catch (e) {
      throw new Error(this.explain(e, number), { cause: e });
    }
    this.step = number;
    const value = loss.item();
    this.epochLoss += value;
    this.epochSteps++;
    if (!monitored) return { loss: value, trust: null };
    const record = this.trustMonitor.after(this.model, lossOf);
    this.trustMonitor.history.length = 0; // keep only the latest; the page keeps the series
    return { loss: value, trust: this.reading(record) };
  }

  private explain(e: unknown, number: number): string {
    const label = optimiserEntry(this.config.opt).label.replace(/[ ,(].*$/, '');
    if (e instanceof TrustgradError && /non-finite/.test(e.message)) {
      const grew = this.config.opt === 'lars' ? 'overflowed' : 'diverged';
      const reason = e.message.replace(/^[\w.]+: /, '');
      return `${label} ${grew} at step ${number}. ${reason.charAt(0).toUpperCase()}${reason.slice(1)}`;
    }
    return `${label} stopped at step ${number}: ${e instanceof Error ? e.message : String(e)}`;
  }

  private reading(record: perturb.TrustRecord): TrustReading {
    const byName = new Map(record.layers.map((l) => [l.name, l]));
    const lemma = record.lemma;
    const lemmaByName = new Map((lemma?.layers ?? []).map((l) => [l.name, l]));
    const pick = (f: (name: string) => number): number[] => this.weightNames.map(f);
    const scale = (lemma?.layers ?? []).reduce((s, l) => s + l.gradNorm * l.stepNorm, 0);
    const bound = lemma?.bound ?? NaN;
    return {
      step: this.step,
      rho: pick((n) => byName.get(n)?.rho ?? NaN),
      maxRho: pick((n) => lemmaByName.get(n)?.maxRho ?? NaN),
      cosTheta: pick((n) => byName.get(n)?.cosTheta ?? NaN),
      relativeStep: pick((n) => byName.get(n)?.relativeStep ?? NaN),
      gradNorm: pick((n) => byName.get(n)?.gradNorm ?? NaN),
      trust: record.trust,
      bound,
      actual: lemma?.actual ?? NaN,
      scale,
      holds: lemma?.holds ?? false,
      guaranteed: bound < 0,
    };
  }

  /** Data loss and accuracy on the whole train and test sets, and every weight matrix's norm. */
  evaluate(): EvalRecord {
    return noGrad(() => {
      const on = (set: { x: Tensor; y: Target }): [number, number] => {
        if (set.x.shape[0] === 0) return [NaN, NaN];
        const out = this.model.forward(set.x);
        if (set.y.labels === null) return [nn.mseLoss(out, set.y.tensor).item(), NaN];
        return [nn.crossEntropy(out, set.y.labels).item(), nn.accuracy(out, set.y.labels)];
      };
      const [trainLoss, trainAcc] = on(this.sets.train);
      const [testLoss, testAcc] = on(this.sets.test);
      const params = new Map(this.model.namedParameters());
      const norms = this.weightNames.map((n) => params.get(n)!.norm().item());
      return { step: this.step, trainLoss, testLoss, trainAcc, testAcc, norms };
    });
  }

  /** The decision surface (or predicted digits) and the network diagram's weights and neuron thumbnails. */
  surface(digitCount = 36): { surface: Surface; picture: NetworkPicture } {
    return noGrad(() => {
      if (this.config.data === 'mnist') {
        const n = Math.min(digitCount, this.test.set.n);
        const logits = this.model.forward(new Tensor(this.test.set.x.slice(0, n * this.test.set.features), [n, this.test.set.features]));
        const k = logits.shape[1];
        const predicted = new Int32Array(n);
        for (let i = 0; i < n; i++) for (let j = 1; j < k; j++) if (logits.data[i * k + j] > logits.data[i * k + predicted[i]]) predicted[i] = j;
        return { surface: { kind: 'digits', predicted }, picture: this.picture(null, 0) };
      }
      // About SURFACE_WORK multiply-adds per surface: 80×80 for small nets, coarser for wide deep ones.
      const size = Math.max(12, Math.min(GRID_MAX, Math.floor(Math.sqrt(SURFACE_WORK / this.parameterCount))));
      const points = new Float64Array(size * size * 2);
      for (let r = 0; r < size; r++) {
        for (let c = 0; c < size; c++) {
          points[2 * (r * size + c)] = -EXTENT + (2 * EXTENT * (c + 0.5)) / size;
          points[2 * (r * size + c) + 1] = EXTENT - (2 * EXTENT * (r + 0.5)) / size;
        }
      }
      const { output, hidden } = this.model.hiddenOutputs(new Tensor(toFeatures(points, this.config.features), [size * size, this.train.set.features]));
      const values = new Float32Array(size * size);
      const o = output.data;
      const k = output.shape[1];
      // Classification: p(class 1) = σ(z₁ − z₀); regression: the output itself.
      for (let i = 0; i < values.length; i++) values[i] = this.regression ? o[i] : 1 / (1 + Math.exp(o[i * k] - o[i * k + 1]));
      return { surface: { kind: 'grid', size, extent: EXTENT, values, regression: this.regression }, picture: this.picture(hidden, size) };
    });
  }

  private picture(hidden: Tensor[] | null, size: number): NetworkPicture {
    const layers = this.model.layers;
    const shown = shownLayers(layers.length);
    const count = (l: number): number => Math.min(SHOWN_NEURONS, layers[l].outFeatures);
    const inputs = this.config.data === 'mnist' ? 0 : this.train.set.features;
    // Columns: inputs, the shown hidden layers (−1 = gap), the output; block b joins column b to b+1.
    const columns = [-2, ...shown, layers.length];
    const weights: (Float32Array | null)[] = [];
    for (let b = 0; b + 1 < columns.length; b++) {
      const [from, to] = [columns[b], columns[b + 1]];
      if (from === -1 || to === -1 || (from >= 0 && to !== from + 1) || (from === -2 && inputs === 0)) {
        weights.push(null);
        continue;
      }
      const cols = from === -2 ? inputs : count(from);
      const w = (to === layers.length ? this.model.final : layers[to]).weight;
      const inF = w.shape[1];
      const binary = to === layers.length && !this.regression && w.shape[0] === 2;
      const rows = to === layers.length ? (binary ? 1 : Math.min(10, w.shape[0])) : count(to);
      const block = new Float32Array(rows * cols);
      for (let r = 0; r < rows; r++) {
        // Two classes are drawn as one output, p(class 1), whose log-odds weights are w₁ − w₀.
        for (let c = 0; c < cols; c++) block[r * cols + c] = binary ? w.data[inF + c] - w.data[c] : w.data[r * inF + c];
      }
      weights.push(block);
    }
    if (hidden === null) return { weights, thumbs: null, size: 0 };
    const stride = Math.ceil(size / THUMB_MAX);
    const t = Math.ceil(size / stride);
    const thumbs = shown.filter((l) => l >= 0).map((l) => {
      const h = hidden[l].data;
      const width = layers[l].outFeatures;
      const out = new Float32Array(count(l) * t * t);
      for (let j = 0; j < count(l); j++) {
        for (let r = 0; r < t; r++) for (let c = 0; c < t; c++) out[j * t * t + r * t + c] = h[((r * stride) * size + c * stride) * width + j];
      }
      return out;
    });
    return { weights, thumbs, size: t };
  }

  /** A copy of every parameter, by name. */
  weights(): Weights {
    return Object.fromEntries(this.model.namedParameters().map(([n, p]) => [n, p.data.slice()]));
  }

  /** Overwrites the parameters with `weights` (a {@link weights} copy from the same config). */
  loadWeights(weights: Weights): void {
    for (const [n, p] of this.model.namedParameters()) p.data.set(weights[n]);
  }

  /** The paper's Figure 1 slice of the current weights: 100 steps of relative size 0.001 along the gradient. */
  slice(): { perturbation: number[]; loss: number[]; rho: number[]; trust: number[]; euclidean: number[]; nonFinite: boolean; gradNorm: number } {
    const set = this.train.set;
    const n = Math.min(SLICE_SAMPLES, set.n);
    const x = new Tensor(set.x.slice(0, n * set.features), [n, set.features]);
    const y = targetOf({ ...set, n, y: set.y.slice(0, n * (set.y instanceof Int32Array ? 1 : set.outputs ?? 1)) }, n);
    const first = this.weightNames[0];
    const s = perturb.slice({ params: this.model, loss: () => this.lossOf(x, y, false), steps: 100, eta: 0.001, layers: [first] });
    return { perturbation: s.perturbation, loss: s.loss, rho: s.rho[first], trust: s.trust, euclidean: s.euclidean[first], nonFinite: s.nonFinite, gradNorm: s.gradNorm0[first] };
  }
}
