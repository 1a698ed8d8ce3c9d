// The left-hand form: fills the selects, shows a Config, and reports edits as a new Config.
import { BATCH_SIZES, DATA_NAMES, LEARNING_RATES, OPTIMISERS, WIDTHS, type Config, type DataName } from './config.ts';

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const DATA_LABELS: Record<DataName, string> = { spirals: 'Spirals', circle: 'Circle', xor: 'XOR', blobs: 'Blobs', mnist: 'MNIST' };

function fill(select: HTMLSelectElement, values: readonly (number | string)[], labels?: readonly string[]): void {
  select.replaceChildren(...values.map((v, i) => new Option(labels?.[i] ?? String(v), String(v))));
}

/** Makes sure `value` is one of the select's options (a URL may carry a value the list lacks). */
function ensure(select: HTMLSelectElement, value: number): void {
  if (!Array.from(select.options).some((o) => Number(o.value) === value)) {
    const options = Array.from(select.options).map((o) => Number(o.value)).concat(value).sort((a, b) => a - b);
    fill(select, options);
  }
  select.value = String(Array.from(select.options).find((o) => Number(o.value) === value)!.value);
}

/** Binds the form; `onChange` gets the edited Config. Returns `show(config)`, which sets every control. */
export function bindControls(onChange: (edit: Partial<Config>) => void): (config: Config) => void {
  const dataButtons = byId<HTMLDivElement>('dataButtons');
  for (const name of DATA_NAMES) {
    const b = document.createElement('button');
    b.textContent = DATA_LABELS[name];
    b.dataset.value = name;
    b.addEventListener('click', () => onChange({ data: name }));
    dataButtons.append(b);
  }
  fill(byId('width'), WIDTHS);
  fill(byId('lr'), LEARNING_RATES);
  fill(byId('batch'), BATCH_SIZES);
  fill(byId('opt'), OPTIMISERS.map((o) => o.name), OPTIMISERS.map((o) => o.label));

  const range = (id: 'noise' | 'train' | 'depth', format: (v: number) => string): void => {
    const input = byId<HTMLInputElement>(id);
    input.addEventListener('input', () => {
      byId<HTMLOutputElement>(`${id}Out`).value = format(Number(input.value));
    });
    input.addEventListener('change', () => onChange({ [id]: Number(input.value) }));
  };
  range('noise', (v) => `${v}`);
  range('train', (v) => `${v} %`);
  range('depth', (v) => `${v}`);
  const select = (id: 'width' | 'lr' | 'batch' | 'act' | 'init' | 'opt', numeric: boolean): void => {
    const el = byId<HTMLSelectElement>(id);
    el.addEventListener('change', () => onChange({ [id]: numeric ? Number(el.value) : el.value }));
  };
  select('width', true);
  select('lr', true);
  select('batch', true);
  select('act', false);
  select('init', false);
  select('opt', false);
  byId<HTMLInputElement>('residual').addEventListener('change', (e) => onChange({ residual: (e.target as HTMLInputElement).checked }));
  const seed = byId<HTMLInputElement>('seed');
  seed.addEventListener('change', () => {
    const v = Number(seed.value);
    if (Number.isInteger(v) && v >= 0) onChange({ seed: v });
  });
  byId('reseed').addEventListener('click', () => onChange({ seed: (Number(seed.value) * 7919 + 104729) % 1000003 }));

  return (c: Config) => {
    for (const b of Array.from(dataButtons.querySelectorAll('button'))) b.classList.toggle('active', b.dataset.value === c.data);
    const setRange = (id: 'noise' | 'train' | 'depth', v: number, text: string): void => {
      byId<HTMLInputElement>(id).value = String(v);
      byId<HTMLOutputElement>(`${id}Out`).value = text;
    };
    setRange('noise', c.noise, `${c.noise}`);
    setRange('train', c.train, `${c.train} %`);
    setRange('depth', c.depth, `${c.depth}`);
    byId<HTMLInputElement>('noise').disabled = c.data === 'mnist';
    ensure(byId('width'), c.width);
    ensure(byId('lr'), c.lr);
    ensure(byId('batch'), c.batch);
    byId<HTMLSelectElement>('act').value = c.act;
    byId<HTMLSelectElement>('init').value = c.init;
    byId<HTMLSelectElement>('opt').value = c.opt;
    byId<HTMLInputElement>('residual').checked = c.residual;
    seed.value = String(c.seed);
  };
}
