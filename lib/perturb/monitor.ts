// Watching an optimiser's steps through the paper's lens. Around one `opt.step()` the monitor sees
// W_old, the gradient g the optimiser used (`.grad`), and W_new; for ΔW = W_new − W_old it reports per
// tensor the relative step r_l = ‖ΔW_l‖/‖W_l‖ in the Frobenius and in the spectral norm (Muon and AGD
// size their steps in the latter), cos θ_l = ∠(ΔW_l, −g_l), the realised breakdown
// ρ_l = ‖g_l(W_new) − g_l‖/‖g_l‖, deep relative trust's prediction Π(1 + r_l) − 1 over the weights from
// either norm's r_l, and the Lemma 1 margin along the segment W_old → W_new. It never changes weights or `.grad`.
import { fail } from '../errors.ts';
import { checkOptions, type KeySet } from '../options.ts';
import { distance, dot, frobenius } from '../kernels/vector.ts';
import { relativeChange, relativeStepNorms, relativeTo, trustInBothNorms, type RelativeStep } from './breakdown.ts';
import { lemma1Along, lemmaGrid, type Lemma1Result } from './lemma1.ts';
import { checkLossClosure, checkTrustSelector, evaluate, preserving, resolveParams, selectTrust, type LossClosure, type ParamSource, type TrustSelector } from './params.ts';

/** Options of {@link TrustMonitor}. */
export interface TrustMonitorOptions {
  /** t-grid of the Lemma 1 check (default k/8, k = 1 … 8); `[]` skips the check (one gradient instead of nine). */
  lemmaTs?: readonly number[];
  /** Tensors in the deep-relative-trust product: names or a test (default names ending in '.weight', or all if none does). */
  trustOver?: TrustSelector;
  /** Also measure each relative step in the spectral norm, by Lanczos iterations (default true; false saves their cost). */
  spectral?: boolean;
}

const KEYS: KeySet<TrustMonitorOptions> = { lemmaTs: true, trustOver: true, spectral: true };

/** One tensor in a {@link TrustRecord}. */
export interface TrustLayerRecord {
  name: string;
  /** ‖W_old‖ */
  weightNorm: number;
  /** ‖ΔW‖ */
  stepNorm: number;
  /** r = ‖ΔW‖/‖W_old‖ (∞ when W_old = 0 and it moved). */
  relativeStep: number;
  /** r in the spectral norm, ‖ΔW‖₂/‖W_old‖₂ (a bias read as a column: its Euclidean norm); null when `spectral: false`. */
  relativeStepSpectral: number | null;
  /** ‖g‖ of the snapshot gradient. */
  gradNorm: number;
  /** cos ∠(ΔW, −g) (0 when either is zero). */
  cosTheta: number;
  /** ‖g(W_new) − g‖/‖g‖, with g(W_new) from the loss closure. */
  rho: number;
}

/** What {@link TrustMonitor.after} returns and keeps in `history`. */
export interface TrustRecord {
  /** Position in the history (0, 1, …). */
  index: number;
  layers: TrustLayerRecord[];
  /** Π (1 + r_l) − 1 over the trust tensors. */
  trust: number;
  /** The same product over the spectral-norm relative steps (null when `spectral: false`). */
  trustSpectral: number | null;
  /** The loss closure at W_new. */
  lossAfter: number;
  /** Lemma 1 along W_old → W_new, or null when skipped. */
  lemma: Lemma1Result | null;
  /** max_l ‖g_closure(W_old) − g‖/‖g‖: how far the closure's gradient is from `.grad` (≈ 0 when they are the same loss); null when the Lemma check is skipped. */
  gradMismatch: number | null;
}

interface Snapshot {
  names: string[];
  weights: Float64Array[];
  grads: Float64Array[];
}

/**
 * Measures the steps an optimiser takes. Call `before` after `backward()` and before `opt.step()`,
 * and `after` right after `opt.step()`, with a closure computing the same loss (same minibatch):
 * ```ts
 * const monitor = new perturb.TrustMonitor();
 * opt.zeroGrad(); const loss = () => nn.crossEntropy(model.forward(xb), yb); loss().backward();
 * if (step % 50 === 0) monitor.before(model);
 * opt.step();
 * if (step % 50 === 0) console.log(monitor.after(model, loss).lemma?.margin);
 * ```
 */
export class TrustMonitor {
  /** Every record, oldest first. */
  readonly history: TrustRecord[] = [];
  private readonly lemmaTs: number[] | null;
  private readonly trustOver: TrustSelector | undefined;
  private readonly spectral: boolean;
  private snapshot: Snapshot | null = null;

  constructor(options: TrustMonitorOptions = {}) {
    checkOptions('TrustMonitor', KEYS, options);
    const ts = options.lemmaTs ?? Array.from({ length: 8 }, (_, i) => (i + 1) / 8);
    this.lemmaTs = ts.length === 0 ? null : lemmaGrid('TrustMonitor', ts);
    checkTrustSelector('TrustMonitor', options.trustOver);
    this.trustOver = options.trustOver;
    if (options.spectral !== undefined && typeof options.spectral !== 'boolean') fail('TrustMonitor', `spectral must be true or false (got ${String(options.spectral)})`);
    this.spectral = options.spectral ?? true;
  }

  /** Snapshots W and `.grad` (call after backward, before opt.step). `monitor.before(model)` */
  before(params: ParamSource): void {
    const { names, tensors } = resolveParams('TrustMonitor.before', params);
    for (let i = 0; i < tensors.length; i++) {
      if (tensors[i].grad === null) fail('TrustMonitor.before', `parameter '${names[i]}' has no .grad (call before() after backward(), before opt.step())`);
    }
    this.snapshot = { names, weights: tensors.map((t) => t.data.slice()), grads: tensors.map((t) => t.grad!.data.slice()) };
  }

  /** Measures the step taken since `before` and appends the record. `monitor.after(model, loss)` */
  after(params: ParamSource, loss: LossClosure): TrustRecord {
    const op = 'TrustMonitor.after';
    const snap = this.snapshot;
    if (snap === null) fail(op, 'no snapshot (call before() after backward(), then opt.step(), then after())');
    const { names, tensors } = resolveParams(op, params);
    if (names.length !== snap.names.length || names.some((n, i) => n !== snap.names[i] || tensors[i].data.length !== snap.weights[i].length)) {
      fail(op, `parameters differ from the ones given to before() (got ${names.join(', ')}; expected ${snap.names.join(', ')})`);
    }
    checkLossClosure(op, loss);
    const step = tensors.map((t, i) => {
      const d = new Float64Array(t.data.length);
      for (let k = 0; k < d.length; k++) d[k] = t.data[k] - snap.weights[i][k];
      return d;
    });
    const lemmaTs = this.lemmaTs;
    const measured = preserving(tensors, () => {
      if (lemmaTs === null) {
        const at = evaluate(op, tensors, loss);
        return { gradAfter: at.grads, lossAfter: at.loss, lemma: null, gradBefore: null };
      }
      for (let i = 0; i < tensors.length; i++) tensors[i].data.set(snap.weights[i]);
      const run = lemma1Along(op, names, tensors, loss, step, lemmaTs.slice());
      return { gradAfter: run.gradAfter, lossAfter: run.result.lossAfter, lemma: run.result, gradBefore: run.gradBefore };
    });
    const relative: Record<string, RelativeStep> = {};
    const layers: TrustLayerRecord[] = names.map((name, i) => {
      const weightNorm = frobenius(snap.weights[i]);
      const stepNorm = frobenius(step[i]);
      const g = snap.grads[i];
      const gradNorm = frobenius(g);
      const r = (relative[name] = relativeStepNorms(snap.weights[i], step[i], tensors[i].shape, this.spectral));
      return {
        name,
        weightNorm,
        stepNorm,
        gradNorm,
        relativeStep: relativeTo(stepNorm, weightNorm),
        relativeStepSpectral: r.spectral,
        cosTheta: gradNorm > 0 && stepNorm > 0 ? -dot(g, step[i]) / (gradNorm * stepNorm) : 0,
        rho: relativeChange(measured.gradAfter[i], g),
      };
    });
    const trust = trustInBothNorms(relative, selectTrust(op, names, this.trustOver));
    let gradMismatch: number | null = null;
    if (measured.gradBefore !== null) {
      gradMismatch = 0;
      for (let i = 0; i < names.length; i++) {
        const n = frobenius(snap.grads[i]);
        const d = distance(measured.gradBefore[i], snap.grads[i]);
        gradMismatch = Math.max(gradMismatch, relativeTo(d, n));
      }
    }
    const record: TrustRecord = {
      index: this.history.length,
      layers,
      lossAfter: measured.lossAfter,
      lemma: measured.lemma,
      gradMismatch,
      trust: trust.frobenius,
      trustSpectral: trust.spectral,
    };
    this.snapshot = null;
    this.history.push(record);
    return record;
  }
}
