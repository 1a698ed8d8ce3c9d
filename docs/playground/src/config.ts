// The playground's configuration and its URL form. Everything that decides a run lives here and in
// the URL hash, so a link reproduces the run: same hash → same data, same init, same batches, same
// curves. (`play=0` only says whether to start training on load; it does not change the run.)

export type DataName = 'spirals' | 'circle' | 'xor' | 'blobs' | 'mnist';
export type OptimiserName = 'sgd' | 'adam' | 'lars' | 'fromage';

export interface Config {
  data: DataName;
  /** TensorFlow Playground's noise slider, 0 … 50 (%), ignored for MNIST. */
  noise: number;
  /** Percentage of the samples used for training, 10 … 90. */
  train: number;
  /** Hidden layers, 1 … 50. */
  depth: number;
  width: number;
  residual: boolean;
  act: 'relu' | 'tanh';
  init: 'torch' | 'kaiming';
  opt: OptimiserName;
  lr: number;
  batch: number;
  seed: number;
  /** Evaluate, record norms and run the trust monitor every `every` steps. */
  every: number;
}

export const DEFAULTS: Config = {
  data: 'spirals',
  noise: 0,
  train: 50,
  depth: 3,
  width: 16,
  residual: false,
  act: 'relu',
  init: 'torch',
  opt: 'fromage',
  lr: 0.01,
  batch: 32,
  seed: 1,
  every: 10,
};

export const DATA_NAMES: readonly DataName[] = ['spirals', 'circle', 'xor', 'blobs', 'mnist'];
export const OPTIMISERS: readonly { name: OptimiserName; label: string }[] = [
  { name: 'sgd', label: 'SGD, momentum 0.9' },
  { name: 'adam', label: 'Adam' },
  { name: 'lars', label: 'LARS (paper)' },
  { name: 'fromage', label: 'Fromage' },
];
export const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const WIDTHS = [2, 4, 8, 16, 32, 64, 128, 256];
export const BATCH_SIZES = [1, 4, 8, 16, 32, 64, 128, 250];

/** Display name of an optimiser. */
export function optimiserLabel(name: OptimiserName): string {
  return OPTIMISERS.find((o) => o.name === name)?.label ?? name;
}

function intIn(v: string | null, lo: number, hi: number, fallback: number): number {
  const n = v === null ? NaN : Number(v);
  return Number.isInteger(n) && n >= lo && n <= hi ? n : fallback;
}

function oneOf<T extends string>(v: string | null, options: readonly T[], fallback: T): T {
  return v !== null && (options as readonly string[]).includes(v) ? (v as T) : fallback;
}

/** The configuration in a URL hash (`#data=spirals&depth=3…`); missing or bad values take the defaults. */
export function parseHash(hash: string): { config: Config; play: boolean } {
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const lr = Number(q.get('lr'));
  const c: Config = {
    data: oneOf(q.get('data'), DATA_NAMES, DEFAULTS.data),
    noise: intIn(q.get('noise'), 0, 50, DEFAULTS.noise),
    train: intIn(q.get('train'), 10, 90, DEFAULTS.train),
    depth: intIn(q.get('depth'), 1, 50, DEFAULTS.depth),
    width: intIn(q.get('width'), 1, 512, DEFAULTS.width),
    residual: q.get('residual') === '1',
    act: oneOf(q.get('act'), ['relu', 'tanh'] as const, DEFAULTS.act),
    init: oneOf(q.get('init'), ['torch', 'kaiming'] as const, DEFAULTS.init),
    opt: oneOf(q.get('opt'), OPTIMISERS.map((o) => o.name), DEFAULTS.opt),
    lr: q.has('lr') && Number.isFinite(lr) && lr > 0 && lr <= 100 ? lr : DEFAULTS.lr,
    batch: intIn(q.get('batch'), 1, 10000, DEFAULTS.batch),
    seed: intIn(q.get('seed'), 0, 2 ** 31 - 1, DEFAULTS.seed),
    every: intIn(q.get('every'), 1, 1000, DEFAULTS.every),
  };
  return { config: c, play: q.get('play') !== '0' };
}

/** The hash for `config` (every field, in a fixed order, so equal configs give equal links). */
export function toHash(config: Config, play = true): string {
  const q = new URLSearchParams();
  q.set('data', config.data);
  q.set('noise', String(config.noise));
  q.set('train', String(config.train));
  q.set('depth', String(config.depth));
  q.set('width', String(config.width));
  q.set('residual', config.residual ? '1' : '0');
  q.set('act', config.act);
  q.set('init', config.init);
  q.set('opt', config.opt);
  q.set('lr', String(config.lr));
  q.set('batch', String(config.batch));
  q.set('seed', String(config.seed));
  q.set('every', String(config.every));
  if (!play) q.set('play', '0');
  return '#' + q.toString();
}
