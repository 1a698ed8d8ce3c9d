// The playground's settings and their text form. One table of fields reads both the URL hash
// (`#data=spirals&depth=3…`) and the custom element's attributes, so a link and an embed mean the same
// thing. A value that is out of range is not silently dropped: it is replaced by the default and a note
// says so (the page shows the notes and rewrites the address to what actually runs).
// Run fields decide the trajectory (same fields → same curves, bit for bit); `monitor` and `every` only
// decide what is measured along it, and the view fields only how it is drawn — `simd=0` too: it runs
// the matrix products in TypeScript instead of WebAssembly SIMD, the same run to the bit, slower.
import { OPTIMISERS } from './optimisers.ts';

export type Problem = 'classification' | 'regression';
export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'linear';
export type Regularisation = 'none' | 'l1' | 'l2';

export const DATASETS = [
  { name: 'spirals', label: 'Spirals', problem: 'classification' },
  { name: 'circle', label: 'Circle', problem: 'classification' },
  { name: 'xor', label: 'XOR', problem: 'classification' },
  { name: 'blobs', label: 'Blobs', problem: 'classification' },
  { name: 'mnist', label: 'MNIST', problem: 'classification' },
  { name: 'plane', label: 'Plane', problem: 'regression' },
  { name: 'gauss', label: 'Gaussians', problem: 'regression' },
] as const satisfies readonly { name: string; label: string; problem: Problem }[];
export type DataName = (typeof DATASETS)[number]['name'];

/** The input features of the 2-D sets, as TensorFlow Playground offers them. */
export const FEATURES = [
  { key: 'x1', label: 'x₁' },
  { key: 'x2', label: 'x₂' },
  { key: 'x1sq', label: 'x₁²' },
  { key: 'x2sq', label: 'x₂²' },
  { key: 'x1x2', label: 'x₁x₂' },
  { key: 'sinx1', label: 'sin x₁' },
  { key: 'sinx2', label: 'sin x₂' },
] as const;
export type FeatureKey = (typeof FEATURES)[number]['key'];

export interface Config {
  data: DataName;
  /** TensorFlow Playground's noise slider, 0 … 50 (%). */
  noise: number;
  /** Percentage of the samples used for training, 10 … 90. */
  train: number;
  seed: number;
  /** Inputs fed to the network (2-D sets; MNIST always uses its pixels). */
  features: FeatureKey[];
  /** Width of each hidden layer, 1 … 50 layers of 1 … 512. */
  layers: number[];
  residual: boolean;
  act: Activation;
  init: 'torch' | 'kaiming';
  opt: string;
  lr: number;
  batch: number;
  /** Fromage's norm cap as a multiple of the first norm; 0 = off. */
  pBound: number;
  /** Halve the learning rate when the epoch loss stops falling (ReduceLROnPlateau). */
  decay: boolean;
  reg: Regularisation;
  regRate: number;
  /** Run the trust monitor (ρ, Lemma 1, deep relative trust) — it never changes the run. */
  monitor: boolean;
  /** Evaluate and monitor every `every` steps. */
  every: number;
}

/** How the run is shown; none of it changes the run. */
export interface View {
  showTest: boolean;
  discretize: boolean;
  play: boolean;
  /** Controls hidden for an exercise (keys of CONTROL_KEYS). */
  hide: string[];
  /** Matrix products through the WebAssembly SIMD kernel where the browser has it (false: `useSimd(false)`). */
  simd: boolean;
}

export const DEFAULTS: Config = {
  data: 'spirals',
  noise: 0,
  train: 50,
  seed: 1,
  features: ['x1', 'x2'],
  layers: [16, 16, 16],
  residual: false,
  act: 'relu',
  init: 'torch',
  opt: 'fromage',
  lr: 0.01,
  batch: 32,
  pBound: 2,
  decay: true,
  reg: 'none',
  regRate: 0,
  monitor: true,
  every: 10,
};
export const VIEW_DEFAULTS: View = { showTest: false, discretize: false, play: false, hide: [], simd: true };

/** Fields that change what is measured or shown but not the run (no reset when they change). */
export const OBSERVATION_FIELDS: readonly (keyof Config)[] = ['monitor', 'every'];

export const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const WIDTHS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];
export const BATCH_SIZES = [1, 4, 8, 16, 32, 64, 128, 250];
export const PBOUNDS = [0, 1.5, 2, 3, 5, 10];
export const REG_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const MAX_DEPTH = 50;
export const MAX_WIDTH = 512;
/** Controls a teacher can hide (the `hide` key), in page order. */
export const CONTROL_KEYS = ['problem', 'data', 'noise', 'train', 'seed', 'features', 'layers', 'residual', 'act', 'init', 'opt', 'lr', 'decay', 'pBound', 'reg', 'regRate', 'batch', 'monitor', 'showTest', 'discretize'] as const;

/** The problem a data set poses. `problemOf('plane')` → 'regression' */
export function problemOf(data: DataName): Problem {
  return DATASETS.find((d) => d.name === data)!.problem;
}

interface Field<T> {
  key: string;
  read(raw: string): T | undefined;
  write(v: T): string;
  expect: string;
}

const int = (lo: number, hi: number): Pick<Field<number>, 'read' | 'write' | 'expect'> => ({
  read: (raw) => {
    const n = Number(raw);
    return raw.trim() !== '' && Number.isInteger(n) && n >= lo && n <= hi ? n : undefined;
  },
  write: String,
  expect: `an integer in ${lo} … ${hi}`,
});
const num = (ok: (n: number) => boolean, expect: string): Pick<Field<number>, 'read' | 'write' | 'expect'> => ({
  read: (raw) => {
    const n = Number(raw);
    return raw.trim() !== '' && Number.isFinite(n) && ok(n) ? n : undefined;
  },
  write: String,
  expect,
});
const flag: Pick<Field<boolean>, 'read' | 'write' | 'expect'> = {
  read: (raw) => (['1', 'true', ''].includes(raw) ? true : ['0', 'false'].includes(raw) ? false : undefined),
  write: (v) => (v ? '1' : '0'),
  expect: '0 or 1',
};
function oneOf<T extends string>(options: readonly T[]): Pick<Field<T>, 'read' | 'write' | 'expect'> {
  return { read: (raw) => (options as readonly string[]).includes(raw) ? raw as T : undefined, write: (v) => v, expect: `one of ${options.join(', ')}` };
}
function listOf<T>(item: (raw: string) => T | undefined, lo: number, hi: number, expect: string): Pick<Field<T[]>, 'read' | 'write' | 'expect'> {
  return {
    read: (raw) => {
      const parts = raw.split(',').filter((p) => p !== '');
      const items = parts.map(item);
      return items.length >= lo && items.length <= hi && items.every((v) => v !== undefined) ? items : undefined;
    },
    write: (v) => v.join(','),
    expect,
  };
}

const FIELDS: { [K in keyof Config]: Field<Config[K]> } = {
  data: { key: 'data', ...oneOf(DATASETS.map((d) => d.name)) },
  noise: { key: 'noise', ...int(0, 50) },
  train: { key: 'train', ...int(10, 90) },
  seed: { key: 'seed', ...int(0, 2 ** 31 - 1) },
  features: { key: 'features', ...listOf((f) => FEATURES.find((x) => x.key === f)?.key, 1, FEATURES.length, `a comma list of ${FEATURES.map((f) => f.key).join(', ')}`) },
  layers: { key: 'layers', ...listOf(int(1, MAX_WIDTH).read, 1, MAX_DEPTH, `1 … ${MAX_DEPTH} widths of 1 … ${MAX_WIDTH}, comma-separated`) },
  residual: { key: 'residual', ...flag },
  act: { key: 'act', ...oneOf(['relu', 'tanh', 'sigmoid', 'linear'] as const) },
  init: { key: 'init', ...oneOf(['torch', 'kaiming'] as const) },
  opt: { key: 'opt', ...oneOf(OPTIMISERS.map((o) => o.name)) },
  lr: { key: 'lr', ...num((n) => n > 0 && n <= 10, 'a number in (0, 10]') },
  batch: { key: 'batch', ...int(1, 1000) },
  pBound: { key: 'pbound', ...num((n) => n === 0 || (n >= 1 && n <= 100), '0 (off) or a number in 1 … 100') },
  decay: { key: 'decay', ...flag },
  reg: { key: 'reg', ...oneOf(['none', 'l1', 'l2'] as const) },
  regRate: { key: 'regrate', ...num((n) => n >= 0 && n <= 10, 'a number in [0, 10]') },
  monitor: { key: 'monitor', ...flag },
  every: { key: 'every', ...int(1, 1000) },
};
const VIEW_FIELDS: { [K in keyof View]: Field<View[K]> } = {
  showTest: { key: 'test', ...flag },
  discretize: { key: 'discretize', ...flag },
  play: { key: 'play', ...flag },
  hide: { key: 'hide', ...listOf((c) => (CONTROL_KEYS as readonly string[]).includes(c) ? c : undefined, 0, CONTROL_KEYS.length, `a comma list of ${CONTROL_KEYS.join(', ')}`) },
  simd: { key: 'simd', ...flag },
};
/** Other spellings accepted (element attributes read naturally as `dataset="circle" optimiser="sgd"`). */
const ALIASES: Record<string, string> = { dataset: 'data', optimiser: 'opt', optimizer: 'opt', 'p-bound': 'pbound', 'reg-rate': 'regrate', 'show-test': 'test' };
const SHAPE_KEYS = ['depth', 'width'];

/** What a link or an element's attributes ask for, after checking. */
export interface Settings {
  config: Config;
  view: View;
  notes: string[];
}

/**
 * Reads settings from key/value text (a URL hash or element attributes). Bad values take the default
 * and add a note; `strict` also notes keys it does not know. `readSettings(new URLSearchParams('lr=0.1'))`
 */
export function readSettings(source: { get(key: string): string | null; keys(): Iterable<string> }, strict = true): Settings {
  const raw = new Map<string, string>();
  for (const k of source.keys()) raw.set(ALIASES[k] ?? k, source.get(k) ?? '');
  const notes: string[] = [];
  const take = <T>(field: Field<T>, fallback: T): T => {
    const text = raw.get(field.key);
    if (text === undefined) return fallback;
    const value = field.read(text);
    if (value === undefined) notes.push(`${field.key}=${text} is not ${field.expect}; using ${field.write(fallback) || 'none'}.`);
    return value ?? fallback;
  };
  const config = { ...DEFAULTS } as Record<keyof Config, unknown>;
  for (const k of Object.keys(FIELDS) as (keyof Config)[]) config[k] = take(FIELDS[k] as Field<unknown>, DEFAULTS[k]);
  if (!raw.has('layers')) {
    const depth = take({ key: 'depth', ...int(1, MAX_DEPTH) }, DEFAULTS.layers.length);
    const width = take({ key: 'width', ...int(1, MAX_WIDTH) }, DEFAULTS.layers[0]);
    config.layers = new Array<number>(depth).fill(width);
  } else if (SHAPE_KEYS.some((k) => raw.has(k))) {
    notes.push('layers= sets every width; depth= and width= were ignored.');
  }
  const view = { ...VIEW_DEFAULTS } as Record<keyof View, unknown>;
  for (const k of Object.keys(VIEW_FIELDS) as (keyof View)[]) view[k] = take(VIEW_FIELDS[k] as Field<unknown>, VIEW_DEFAULTS[k]);
  if (strict) {
    const known = new Set([...Object.values(FIELDS), ...Object.values(VIEW_FIELDS)].map((f) => f.key).concat(SHAPE_KEYS));
    for (const k of raw.keys()) if (!known.has(k)) notes.push(`${k} is not a setting; ignored.`);
  }
  return { config: config as unknown as Config, view: view as unknown as View, notes };
}

/** The settings as `key=value&…` in a fixed order (equal settings give equal links). `toQuery(DEFAULTS)` */
export function toQuery(config: Config, view: View = VIEW_DEFAULTS): string {
  const q = new URLSearchParams();
  for (const k of Object.keys(FIELDS) as (keyof Config)[]) {
    if (k === 'layers' && config.layers.every((w) => w === config.layers[0])) {
      q.set('depth', String(config.layers.length));
      q.set('width', String(config.layers[0]));
    } else {
      q.set(FIELDS[k].key, (FIELDS[k] as Field<unknown>).write(config[k]));
    }
  }
  for (const k of Object.keys(VIEW_FIELDS) as (keyof View)[]) {
    const f = VIEW_FIELDS[k] as Field<unknown>;
    if (f.write(view[k]) !== f.write(VIEW_DEFAULTS[k])) q.set(f.key, f.write(view[k]));
  }
  return q.toString().replace(/%2C/g, ',');
}

/** True when going from `a` to `b` needs a new run (a run field changed). */
export function changesRun(a: Config, b: Config): boolean {
  return (Object.keys(FIELDS) as (keyof Config)[]).some((k) => !OBSERVATION_FIELDS.includes(k) && FIELDS[k].write(a[k] as never) !== FIELDS[k].write(b[k] as never));
}
