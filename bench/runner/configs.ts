// What a run is and what it gives, as types: one config and one result shape per kind of run, joined
// into discriminated unions (Config, Outcome, Row), so every field is typed where it is read. Rows read
// back from rows.jsonl pass through `isRow` before they are trusted.
import type { InitName } from '../../lib/nn/index.ts';

/** A plain JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export const TASKS = ['mnist14', 'mnist28', 'spirals', 'teacher'] as const;
/** A data set by name. */
export type Task = (typeof TASKS)[number];
export const OPTIMISERS = ['sgd', 'sgd-plain', 'adam', 'adamw', 'fromage', 'lars', 'madam', 'agd', 'muon'] as const;
/** An optimiser by name, with the paper's settings or its family's recommended ones (see `makeOptimiser`). */
export type OptimiserName = (typeof OPTIMISERS)[number];

/** True when `value` is one of `list`. `isOneOf(TASKS, 'spirals')` */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return list.some((item) => item === value);
}

/** A network other than the paper's SimpleNet: 'agd' is AGD's FCN (no biases, relu·√2; jxbz/agd). */
export type Network = 'agd';

/** AGD's own network and init, as the optional fields of a config say them. */
export const AGD_NET = { network: 'agd', init: 'agd' } as const satisfies { network: Network; init: InitName };

/**
 * A training run; `lr` is null for an optimiser without one (AGD), and `decay` the per-epoch lr factor of
 * a LambdaLR (null: constant lr, or no lr). The optional fields are absent where they take their default
 * (so the keys of rows written before a field existed stay as they were) and mean: `network` the
 * architecture (absent: the paper's SimpleNet, biases and plain relu); `init` the
 * weight init (absent: 'torch', PyTorch's nn.Linear default); `window` the accuracy is the mean over the
 * last `window` minibatches (absent: the last epoch's); `dropLast` epochs of ⌊n/batch⌋ full minibatches
 * (absent: ⌈n/batch⌉, the last one short).
 */
export type TrainConfig = {
  kind: 'train';
  task: Task;
  optimiser: OptimiserName;
  lr: number | null;
  depth: number;
  width: number;
  batch: number;
  steps: number;
  samples: number;
  seed: number;
  decay: number | null;
  network?: Network;
  init?: InitName;
  window?: number;
  dropLast?: boolean;
};
/**
 * Figure 1: training with slices taken at `checkpoints` (steps) — Fromage, or `optimiser` (absent in
 * Figure 1's own rows, so their keys stay as they were) on `network` with `init` as for a TrainConfig;
 * `lr` null for AGD, which has none (and no decay).
 */
export type SliceConfig = {
  kind: 'slice';
  optimiser?: OptimiserName;
  network?: Network;
  init?: InitName;
  task: Task;
  depth: number;
  residual: boolean;
  width: number;
  samples: number;
  batch: number;
  steps: number;
  seed: number;
  lr: number | null;
  decay: number;
  checkpoints: number[];
  sliceSamples: number;
  sliceSteps: number;
  eta: number;
};
/** Figure 2: weight norms every `every` steps. */
export type NormsConfig = {
  kind: 'norms';
  task: Task;
  optimiser: OptimiserName;
  lr: number;
  depth: number;
  width: number;
  batch: number;
  samples: number;
  steps: number;
  every: number;
  seed: number;
};
/** A timing probe on random inputs. */
export type TimingConfig = {
  kind: 'timing';
  optimiser: OptimiserName;
  lr: number;
  width: number;
  depth: number;
  batch: number;
  inputs: number;
  steps: number;
  seed: number;
};
/** A claim probe's job (bench/claims): `probe` is the probe's id, `job` the probe's own config. */
export type ProbeConfig = { kind: 'probe'; probe: string; job: Json };
/** A run's configuration: what the result depends on (and nothing else). */
export type Config = TrainConfig | SliceConfig | NormsConfig | TimingConfig | ProbeConfig;
/** The kinds of run. */
export type Kind = Config['kind'];
const KINDS: readonly Kind[] = ['train', 'slice', 'norms', 'timing', 'probe'];

/** The windowed training accuracy ending at `step` (a point of a run's accuracy curve). */
export type AccuracyAt = { step: number; accuracy: number };
/**
 * A training run's result; a diverged run has accuracy at chance (null for regression) and loss null.
 * `accuracyAt` (runs with a `window`): the window's mean accuracy ending at steps T/6, 2T/6, …, T.
 */
export type TrainResult = { accuracy: number | null; loss: number | null; diverged: boolean; divergedAt: number | null; curve: number[]; accuracyAt?: AccuracyAt[] };
/** Lemma 1 on every step of a slice (see lib/perturb/slice.ts): the loss change and the bound per step. */
export type SliceLemma1 = { actual: number[]; bound: number[]; holds: boolean[] };
/** One slice of Figure 1, at training step `step`. */
export type Checkpoint = { step: number; perturbation: number[]; loss: number[]; rho: number[]; trust: number[]; euclidean: number[]; nonFinite: boolean; lemma1?: SliceLemma1 };
/** Figure 1's result. */
export type SliceResult = { checkpoints: Checkpoint[]; accuracy: number | null; diverged: boolean };
/** Figure 2's result: ‖W_l‖/‖W_l(0)‖ per weight at `steps`. */
export type NormsResult = { steps: number[]; norms: { [layer: string]: number[] }; accuracy: number | null; diverged: boolean; divergedAt: number | null };
/** A timing probe's result (the timings themselves go to meta). */
export type TimingResult = { checksum: number; finalLoss: number };
/** A claim probe's result, as its `run` returned it. */
export type ProbeResult = { value: Json };

/** Timings: never part of a result, so results stay reproducible. */
export type OutcomeMeta = { stepsPerSecond?: number; msPerStep?: number };

/** What running a config gives: the config itself, its deterministic result, and timings. */
export type Outcome =
  | { config: TrainConfig; result: TrainResult; meta: OutcomeMeta }
  | { config: SliceConfig; result: SliceResult; meta: OutcomeMeta }
  | { config: NormsConfig; result: NormsResult; meta: OutcomeMeta }
  | { config: TimingConfig; result: TimingResult; meta: OutcomeMeta }
  | { config: ProbeConfig; result: ProbeResult; meta: OutcomeMeta };

/** A row's meta: the outcome's timings plus wall-clock seconds and when it finished. */
export type RowMeta = OutcomeMeta & { seconds: number; finishedAt: string };
/** One finished run. `result` depends only on `config`; `meta` holds timings and provenance. */
export type Row = Outcome & { key: string; meta: RowMeta };
/** The rows of one kind. */
export type RowOf<K extends Kind> = Extract<Row, { config: { kind: K } }>;

/** True when an outcome or row is of kind `kind` (its config's kind), narrowing its result too. `hasKind(row, 'train')` */
export function hasKind<T extends { config: Config }, K extends Kind>(x: T, kind: K): x is Extract<T, { config: { kind: K } }> {
  return x.config.kind === kind;
}

/** The rows of kind `kind`, typed. `rowsOfKind(rows, 'train')` */
export function rowsOfKind<K extends Kind>(rows: readonly Row[], kind: K): RowOf<K>[] {
  return rows.filter((r): r is RowOf<K> => hasKind(r, kind));
}

const isObject = (v: unknown): v is { [key: string]: unknown } => v !== null && typeof v === 'object' && !Array.isArray(v);

/** True for a row as rows.jsonl holds it (a key, a config of a known kind, a result and meta). `isRow(JSON.parse(line))` */
export function isRow(value: unknown): value is Row {
  return isObject(value) && typeof value.key === 'string' && isObject(value.config) && isOneOf(KINDS, value.config.kind)
    && isObject(value.result) && isObject(value.meta);
}
