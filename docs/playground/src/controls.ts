// The form: fills the selects, shows a Config and View, and reports each edit. Works inside the
// element's shadow root; every control has a label (or aria-label) so screen readers can name it.
import { BATCH_SIZES, CONTROL_KEYS, DATASETS, LEARNING_RATES, MAX_DEPTH, PBOUNDS, REG_RATES, WIDTHS, problemOf, type Config, type View } from './config.ts';
import { OPTIMISERS, optimiserEntry } from './optimisers.ts';

/** An edit from the form: run or observation fields, and view fields. */
export interface Edit {
  config?: Partial<Config>;
  view?: Partial<View>;
}

const CONTROL_LABELS: Record<string, string> = {
  problem: 'Problem type',
  data: 'Data set',
  noise: 'Noise',
  train: 'Training data',
  seed: 'Seed',
  features: 'Features',
  layers: 'Layers and widths',
  residual: 'Residual',
  act: 'Activation',
  init: 'Init',
  opt: 'Optimiser',
  lr: 'Learning rate',
  decay: 'Decay on plateau',
  pBound: 'pBound',
  reg: 'Regularisation',
  regRate: 'Regularisation rate',
  batch: 'Batch size',
  monitor: 'Trust monitor',
  showTest: 'Show test data',
  discretize: 'Discretize output',
};

function fill(select: HTMLSelectElement, values: readonly (number | string)[], label: (v: number | string) => string = String): void {
  select.replaceChildren(...values.map((v) => new Option(label(v), String(v))));
}

/** Selects `value`, adding it to the options when a link carries a value the list lacks. */
function ensure(select: HTMLSelectElement, value: number, label: (v: number | string) => string = String): void {
  const values = Array.from(select.options).map((o) => Number(o.value));
  if (!values.includes(value)) fill(select, values.concat(value).sort((a, b) => a - b), label);
  select.value = String(value);
}

const pBoundLabel = (v: number | string): string => (Number(v) === 0 ? 'off' : `${v} × first norm`);

/** Binds the form in `root`; returns `show(config, view)`, which sets every control. */
export function bindControls(root: ShadowRoot, onEdit: (edit: Edit) => void): (config: Config, view: View) => void {
  const $ = <T extends HTMLElement>(id: string): T => root.getElementById(id) as T;
  const problem = $<HTMLSelectElement>('problem');
  fill(problem, ['classification', 'regression'], (p) => (p === 'classification' ? 'Classification' : 'Regression'));
  problem.addEventListener('change', () => onEdit({ config: { data: DATASETS.find((d) => d.problem === problem.value)!.name } }));
  const dataButtons = $('dataButtons');
  for (const d of DATASETS) {
    const b = document.createElement('button');
    b.textContent = d.label;
    b.dataset.value = d.name;
    b.dataset.problem = d.problem;
    b.addEventListener('click', () => onEdit({ config: { data: d.name } }));
    dataButtons.append(b);
  }
  fill($('opt'), OPTIMISERS.map((o) => o.name), (n) => optimiserEntry(String(n)).label);
  fill($('lr'), LEARNING_RATES);
  fill($('pBound'), PBOUNDS, pBoundLabel);
  fill($('reg'), ['none', 'l1', 'l2'], (v) => ({ none: 'None', l1: 'L1', l2: 'L2' })[v as string] ?? String(v));
  fill($('regRate'), REG_RATES);
  fill($('batch'), BATCH_SIZES);
  fill($('width'), WIDTHS, (w) => `${w} each`);
  fill($('act'), ['relu', 'tanh', 'sigmoid', 'linear'], (v) => ({ relu: 'ReLU', tanh: 'tanh', sigmoid: 'sigmoid', linear: 'linear' })[v as string] ?? String(v));
  fill($('init'), ['torch', 'kaiming'], (v) => (v === 'torch' ? 'PyTorch default' : 'Kaiming normal'));

  let current: Config | null = null;
  const config = (edit: Partial<Config>): void => onEdit({ config: edit });
  for (const id of ['noise', 'train'] as const) {
    const input = $<HTMLInputElement>(id);
    input.addEventListener('input', () => {
      $<HTMLOutputElement>(`${id}Out`).value = id === 'train' ? `${input.value} %` : input.value;
    });
    input.addEventListener('change', () => config({ [id]: Number(input.value) }));
  }
  for (const id of ['lr', 'regRate', 'batch', 'pBound'] as const) {
    $<HTMLSelectElement>(id).addEventListener('change', (e) => config({ [id]: Number((e.target as HTMLSelectElement).value) }));
  }
  for (const id of ['opt', 'reg', 'act', 'init'] as const) {
    $<HTMLSelectElement>(id).addEventListener('change', (e) => config({ [id]: (e.target as HTMLSelectElement).value }));
  }
  for (const id of ['residual', 'decay', 'monitor'] as const) {
    $<HTMLInputElement>(id).addEventListener('change', (e) => config({ [id]: (e.target as HTMLInputElement).checked }));
  }
  for (const id of ['showTest', 'discretize'] as const) {
    $<HTMLInputElement>(id).addEventListener('change', (e) => onEdit({ view: { [id]: (e.target as HTMLInputElement).checked } }));
  }
  $<HTMLSelectElement>('width').addEventListener('change', (e) => {
    if (current !== null) config({ layers: current.layers.map(() => Number((e.target as HTMLSelectElement).value)) });
  });
  $('addLayer').addEventListener('click', () => {
    if (current !== null && current.layers.length < MAX_DEPTH) config({ layers: [...current.layers, current.layers[current.layers.length - 1]] });
  });
  $('removeLayer').addEventListener('click', () => {
    if (current !== null && current.layers.length > 1) config({ layers: current.layers.slice(0, -1) });
  });
  const seed = $<HTMLInputElement>('seed');
  seed.addEventListener('change', () => {
    const v = Number(seed.value);
    if (Number.isInteger(v) && v >= 0 && v < 2 ** 31) config({ seed: v });
    else if (current !== null) seed.value = String(current.seed);
  });
  $('reseed').addEventListener('click', () => config({ seed: ((current?.seed ?? 1) * 7919 + 104729) % 1000003 }));

  const hideList = $('hideList');
  for (const key of CONTROL_KEYS) {
    const label = document.createElement('label');
    label.className = 'check';
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.dataset.hide = key;
    box.addEventListener('change', () => {
      const boxes = Array.from(hideList.querySelectorAll<HTMLInputElement>('input'));
      onEdit({ view: { hide: boxes.filter((b) => b.checked).map((b) => b.dataset.hide!) } });
    });
    label.append(box, ` ${CONTROL_LABELS[key]}`);
    hideList.append(label);
  }

  return (c: Config, v: View) => {
    current = c;
    problem.value = problemOf(c.data);
    for (const b of Array.from(dataButtons.querySelectorAll('button'))) {
      b.hidden = b.dataset.problem !== problem.value;
      b.setAttribute('aria-pressed', String(b.dataset.value === c.data));
    }
    for (const [id, text] of [['noise', `${c.noise}`], ['train', `${c.train} %`]] as const) {
      $<HTMLInputElement>(id).value = String(c[id]);
      $<HTMLOutputElement>(`${id}Out`).value = text;
    }
    $<HTMLInputElement>('noise').disabled = c.data === 'mnist';
    ensure($('lr'), c.lr);
    ensure($('regRate'), c.regRate);
    ensure($('batch'), c.batch);
    ensure($('pBound'), c.pBound, pBoundLabel);
    // One width for every layer, or "mixed" after the per-layer buttons made them differ.
    const width = $<HTMLSelectElement>('width');
    const uniform = c.layers.every((w) => w === c.layers[0]);
    width.querySelector('option[value=""]')?.remove();
    if (uniform) ensure(width, c.layers[0], (w) => `${w} each`);
    else {
      width.prepend(new Option('mixed', ''));
      width.value = '';
    }
    $('depthText').textContent = `${c.layers.length} hidden layer${c.layers.length === 1 ? '' : 's'}`;
    $<HTMLButtonElement>('addLayer').disabled = c.layers.length >= MAX_DEPTH;
    $<HTMLButtonElement>('removeLayer').disabled = c.layers.length <= 1;
    for (const id of ['opt', 'reg', 'act', 'init'] as const) $<HTMLSelectElement>(id).value = c[id];
    $<HTMLSelectElement>('regRate').disabled = c.reg === 'none';
    for (const id of ['residual', 'decay', 'monitor'] as const) $<HTMLInputElement>(id).checked = c[id];
    for (const id of ['showTest', 'discretize'] as const) $<HTMLInputElement>(id).checked = v[id];
    seed.value = String(c.seed);
    const entry = optimiserEntry(c.opt);
    const pBoundApplies = entry.options.includes('pBound');
    for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-control]'))) {
      const key = el.dataset.control!;
      el.hidden = v.hide.includes(key) || (key === 'pBound' && !pBoundApplies) || ((key === 'lr' || key === 'decay') && !entry.learningRate);
    }
    for (const box of Array.from(hideList.querySelectorAll<HTMLInputElement>('input'))) box.checked = v.hide.includes(box.dataset.hide!);
  };
}
