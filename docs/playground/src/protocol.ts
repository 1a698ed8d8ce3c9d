// Messages between the page (app.ts) and a worker (worker.ts). Every reply about a run carries the
// run's number, so the page can drop what a replaced run still had in flight (no stale flashes).
import type { Config } from './config.ts';

/** Page → worker. */
export type Request =
  /** `simd: false` runs the matrix products in TypeScript (useSimd(false)): same bits, slower. */
  | { type: 'init'; run: number; config: Config; play: boolean; light: boolean; simd: boolean }
  | { type: 'observe'; run: number; monitor: boolean; every: number }
  | { type: 'play'; run: number }
  | { type: 'pause'; run: number }
  | { type: 'step'; run: number; n: number; id: number }
  | { type: 'snapshot'; run: number; id: number }
  /** To a separate slice worker: rebuild the run's data and model, load the weights, take the slice. */
  | { type: 'slice'; id: number; config: Config; weights: Weights; step: number; simd: boolean };

/** A model's weights by parameter name. */
export type Weights = Record<string, Float64Array>;

/** Full-data evaluation at one step. */
export interface EvalRecord {
  step: number;
  trainLoss: number;
  testLoss: number;
  /** NaN for regression. */
  trainAcc: number;
  testAcc: number;
  /** ‖W_l‖ of every weight matrix (layers.0 … final). */
  norms: number[];
}

/** The trust monitor's reading of one optimiser step (weight matrices only). */
export interface TrustReading {
  step: number;
  /** ρ_l = ‖g_l(W_new) − g_l‖/‖g_l‖ (∞ when ‖g_l‖ = 0 and the gradient moved). */
  rho: number[];
  /** max over t of ρ_l(t) along the step (Lemma 1's term). */
  maxRho: number[];
  cosTheta: number[];
  relativeStep: number[];
  gradNorm: number[];
  /** Deep relative trust's prediction Π(1 + r_l) − 1 over the weight matrices. */
  trust: number;
  /** Lemma 1's right side: −Σ‖g_l‖‖ΔW_l‖[cos θ_l − max ρ_l]. */
  bound: number;
  /** ℒ(W+ΔW) − ℒ(W). */
  actual: number;
  /** Σ_l ‖g_l‖‖ΔW_l‖, the first-order size of the step (0 when nothing moved or every gradient is 0). */
  scale: number;
  /** Lemma 1 held (actual ≤ bound, up to rounding). */
  holds: boolean;
  /** The bound is negative: descent was guaranteed before the step was taken. */
  guaranteed: boolean;
}

/** The decision surface (2-D sets) or the predicted digits (MNIST). */
export type Surface =
  | { kind: 'grid'; size: number; extent: number; values: Float32Array; regression: boolean }
  | { kind: 'digits'; predicted: Int32Array };

/** What the network diagram draws: the shown neurons' weights and output thumbnails. */
export interface NetworkPicture {
  /** weights[b]: the block from shown layer b to shown layer b+1, rows = shown outputs, or null across a gap. */
  weights: (Float32Array | null)[];
  /** thumbs[l]: shown neurons of hidden layer l, each size×size values, row 0 at the top (null for MNIST). */
  thumbs: Float32Array[] | null;
  size: number;
}

/** Worker → page. */
export type Reply =
  | {
    type: 'ready';
    run: number;
    config: Config;
    layerNames: string[];
    parameters: number;
    inputs: number;
    /** Whether this run's matrix products go through the WebAssembly SIMD kernel. */
    simd: boolean;
    /** 2-D sets: raw coordinates and targets of train and test points. */
    points: { train: Float64Array; trainY: Int32Array | Float64Array; test: Float64Array; testY: Int32Array | Float64Array } | null;
    digits: { pixels: Uint8Array; labels: Int32Array; side: number } | null;
  }
  | {
    type: 'progress';
    run: number;
    step: number;
    epoch: number;
    lr: number;
    playing: boolean;
    /** Minibatch losses of the steps since the last progress message, in order. */
    losses: Float64Array;
    evals: EvalRecord[];
    trust: TrustReading[];
    surface: Surface | null;
    picture: NetworkPicture | null;
  }
  /** Sent before work that may take long, so the page can show what it waits for. */
  | { type: 'working'; run: number; what: string }
  | { type: 'stopped'; run: number; step: number; message: string }
  | { type: 'done'; run: number; id: number }
  | { type: 'snapshot'; run: number; id: number; step: number; weights: Weights }
  | {
    type: 'slice';
    id: number;
    step: number;
    perturbation: number[];
    loss: number[];
    rho: number[];
    trust: number[];
    euclidean: number[];
    nonFinite: boolean;
    gradNorm: number;
  }
  | { type: 'failed'; run: number; message: string };
