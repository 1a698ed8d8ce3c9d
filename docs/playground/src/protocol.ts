// Messages between the page (main.ts) and the training worker (worker.ts).
import type { Config } from './config.ts';

/** Page → worker. */
export type Request =
  | { type: 'init'; config: Config }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step'; n: number; id: number }
  | { type: 'slice'; id: number }
  | { type: 'heatmap' };

/** Full-data evaluation at one step. */
export interface EvalRecord {
  step: number;
  trainLoss: number;
  testLoss: number;
  trainAcc: number;
  testAcc: number;
  /** ‖W_l‖ of every weight matrix (layers.0 … layers.{depth−1}, final). */
  norms: number[];
}

/** The trust monitor's reading of one optimiser step (weight matrices only). */
export interface TrustReading {
  step: number;
  /** ρ_l = ‖g_l(W_new) − g_l‖/‖g_l‖. */
  rho: number[];
  /** max over t of ρ_l(t) along the step (Lemma 1's term). */
  maxRho: number[];
  cosTheta: number[];
  relativeStep: number[];
  /** Lemma 1: bound − actual loss change (≥ 0 when the lemma holds). */
  margin: number;
  actual: number;
  bound: number;
  holds: boolean;
}

/** The decision surface: p(class 1) on a size×size grid over [−6, 6]², row 0 at the top; or MNIST predictions. */
export type Surface =
  | { kind: 'grid'; size: number; extent: number; p: Float32Array }
  | { kind: 'digits'; predicted: Int32Array };

/** Worker → page. */
export type Reply =
  | {
    type: 'ready';
    config: Config;
    layerNames: string[];
    parameters: number;
    /** 2-D sets: coordinates and labels of train and test points; MNIST: a few test digits to show. */
    points: { train: Float64Array; trainY: Int32Array; test: Float64Array; testY: Int32Array } | null;
    digits: { pixels: Uint8Array; labels: Int32Array; side: number } | null;
  }
  | {
    type: 'progress';
    step: number;
    epoch: number;
    playing: boolean;
    /** Minibatch losses of the steps since the last progress message, in order. */
    losses: Float64Array;
    evals: EvalRecord[];
    trust: TrustReading[];
    surface: Surface | null;
  }
  | { type: 'stopped'; step: number; message: string }
  | { type: 'done'; id: number }
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
  }
  | { type: 'failed'; message: string };
