// The network diagram, as TensorFlow Playground draws it: input features (click to switch them on and
// off), hidden neurons with a thumbnail of what each computes over the plane (hover or focus to
// enlarge), the output, and edges coloured by the weight's sign (blue +, orange −) and as thick as its
// size. Deep or wide networks show their first and last layers and up to 8 neurons per layer.
import { FEATURES, MAX_WIDTH, type Config } from './config.ts';
import { EXTENT, featureValue } from './datasets.ts';
import { SHOWN_NEURONS, shownLayers } from './net.ts';
import type { NetworkPicture, Surface } from './protocol.ts';
import { fieldCanvas } from './views.ts';

const SVG = 'http://www.w3.org/2000/svg';
const FEATURE_SIZE = 24;

/** A feature's field over the plane, scaled to [−1, 1] for colouring. */
function featureField(key: (typeof FEATURES)[number]['key']): Float32Array {
  const out = new Float32Array(FEATURE_SIZE * FEATURE_SIZE);
  let max = 0;
  for (let r = 0; r < FEATURE_SIZE; r++) {
    for (let c = 0; c < FEATURE_SIZE; c++) {
      const a = -EXTENT + (2 * EXTENT * (c + 0.5)) / FEATURE_SIZE;
      const b = EXTENT - (2 * EXTENT * (r + 0.5)) / FEATURE_SIZE;
      out[r * FEATURE_SIZE + c] = featureValue(key, a, b);
      max = Math.max(max, Math.abs(out[r * FEATURE_SIZE + c]));
    }
  }
  return out.map((v) => v / (max || 1));
}

/** The width a layer gets from its + / − buttons: ±1 up to 8, then doubling and halving. */
export function nextWidth(w: number, up: boolean): number {
  if (up) return w < SHOWN_NEURONS ? w + 1 : Math.min(MAX_WIDTH, w * 2);
  return w <= SHOWN_NEURONS ? Math.max(1, w - 1) : Math.max(SHOWN_NEURONS, Math.round(w / 2));
}

interface Node {
  el: HTMLElement;
  x: number;
  y: number;
  canvas: HTMLCanvasElement | null;
  label: string;
}

/** The diagram in `host`; `update` redraws it for a new picture, `setup` for a new network shape. */
export class Diagram {
  private columns: Node[][] = [];
  private key = '';
  private svg: SVGSVGElement | null = null;
  private size = 30;

  constructor(
    private readonly host: HTMLElement,
    private readonly onEdit: (edit: Partial<Config>) => void,
    private readonly card: { card: HTMLElement; canvas: HTMLCanvasElement; text: HTMLElement },
  ) {}

  /** Shows `node`'s heatmap enlarged in the hover card beside it (null hides the card). */
  private hover(node: { canvas: HTMLCanvasElement; label: string; rect: DOMRect } | null): void {
    const { card, canvas, text } = this.card;
    card.hidden = node === null;
    if (node === null) return;
    const ctx = canvas.getContext('2d')!;
    ctx.imageSmoothingEnabled = false;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(node.canvas, 0, 0, canvas.width, canvas.height);
    text.textContent = node.label;
    const left = node.rect.right + 176 < window.innerWidth ? node.rect.right + 8 : Math.max(4, node.rect.left - 176);
    card.style.left = `${left}px`;
    card.style.top = `${Math.max(4, Math.min(window.innerHeight - 200, node.rect.top - 60))}px`;
  }

  /** Rebuilds the nodes when the network's shape (or the host's width) changed. */
  setup(config: Config, outputs: number, editable: { features: boolean; layers: boolean }): void {
    const width = this.host.clientWidth;
    const key = JSON.stringify([config.data, config.features, config.layers, outputs, width, editable]);
    if (key === this.key) return;
    this.key = key;
    this.host.replaceChildren();
    this.svg = document.createElementNS(SVG, 'svg');
    this.svg.setAttribute('aria-hidden', 'true');
    this.host.append(this.svg);
    const height = this.host.clientHeight;
    const shown = shownLayers(config.layers.length);
    const total = shown.length + 2;
    const xs = (i: number, n: number): number => 64 + (i * (width - 64 - 34)) / Math.max(1, n - 1);
    // Narrow hosts (an embed in a side column, a phone) get smaller nodes, short labels, stacked buttons.
    const spacing = (width - 98) / (total - 1);
    const narrow = spacing < 60;
    const size = Math.max(16, Math.min(30, Math.floor(spacing * 0.6)));
    this.size = size;
    const top = narrow ? 64 : 44;
    const place = (count: number, i: number): number => {
      const gap = Math.min(size + 12, (height - top - 20) / Math.max(1, count));
      return top + gap * i + (height - top - 10 - gap * count) / 2;
    };
    const node = (x: number, y: number, label: string, cls: string, field: HTMLCanvasElement | null): Node => {
      const el = document.createElement(cls.includes('feature') ? 'button' : 'div');
      el.className = `node ${cls}`;
      el.style.left = `${x - size / 2}px`;
      el.style.top = `${y - size / 2}px`;
      el.style.width = el.style.height = `${size}px`;
      el.setAttribute('aria-label', label);
      if (field !== null) {
        el.append(field);
        el.tabIndex = 0;
        const show = (): void => this.hover({ canvas: field, label, rect: el.getBoundingClientRect() });
        el.addEventListener('mouseenter', show);
        el.addEventListener('focus', show);
        el.addEventListener('mouseleave', () => this.hover(null));
        el.addEventListener('blur', () => this.hover(null));
      }
      this.host.append(el);
      return { el, x, y, canvas: field, label };
    };
    this.columns = [];
    // Inputs.
    const inputs: Node[] = [];
    if (config.data === 'mnist') {
      inputs.push(node(xs(0, total), place(1, 0), '196 pixel inputs (14×14)', 'plain', null));
      this.label(xs(0, total), 4, '196 pixels');
    } else {
      FEATURES.forEach((f, i) => {
        const on = config.features.includes(f.key);
        const canvas = fieldCanvas(featureField(f.key), FEATURE_SIZE);
        const n = node(xs(0, total), place(FEATURES.length, i), `feature ${f.label} (${on ? 'on' : 'off'})`, 'feature', canvas);
        n.el.setAttribute('aria-pressed', String(on));
        n.el.title = `${f.label}: click to ${on ? 'remove' : 'add'}`;
        if (editable.features) {
          n.el.addEventListener('click', () => {
            const next = on ? config.features.filter((k) => k !== f.key) : FEATURES.map((g) => g.key).filter((k) => k === f.key || config.features.includes(k));
            if (next.length > 0) this.onEdit({ features: next });
          });
        } else {
          n.el.setAttribute('aria-disabled', 'true');
        }
        const tag = document.createElement('span');
        tag.className = 'node-label';
        tag.textContent = f.label;
        tag.style.left = `${n.x - size / 2}px`;
        tag.style.top = `${n.y}px`;
        this.host.append(tag);
        if (on) inputs.push(n);
      });
      this.label(xs(0, total), 4, 'features');
    }
    this.columns.push(inputs);
    // Hidden layers (a gap column stands for the layers not drawn).
    shown.forEach((l, c) => {
      const x = xs(c + 1, total);
      if (l < 0) {
        const gap = document.createElement('div');
        gap.className = 'gap';
        gap.style.left = `${x}px`;
        gap.style.top = `${height / 2}px`;
        gap.textContent = narrow ? `⋯${config.layers.length - 5}⋯` : `⋯ ${config.layers.length - 5} more layers ⋯`;
        gap.title = `${config.layers.length - 5} more layers`;
        this.host.append(gap);
        this.columns.push([]);
        return;
      }
      const count = Math.min(SHOWN_NEURONS, config.layers[l]);
      const column: Node[] = [];
      for (let j = 0; j < count; j++) {
        const canvas = config.data === 'mnist' ? null : document.createElement('canvas');
        column.push(node(x, place(count, j), `layer ${l + 1}, neuron ${j + 1}`, canvas === null ? 'plain' : '', canvas));
      }
      this.columns.push(column);
      this.label(x, narrow ? 44 : 22, narrow ? `${config.layers[l]}` : `${config.layers[l]} wide`);
      if (config.layers[l] > count) this.label(x, column[count - 1].y + size / 2 + 2, narrow ? `+${config.layers[l] - count}` : `+${config.layers[l] - count} more`);
      if (editable.layers) this.widthButtons(x, l, config, narrow);
    });
    // Output.
    const out: Node[] = [];
    const x = xs(total - 1, total);
    if (outputs > 1) {
      for (let j = 0; j < Math.min(10, outputs); j++) out.push(node(x, place(Math.min(10, outputs), j), `output ${j}`, 'plain', null));
    } else {
      out.push(node(x, place(1, 0), 'output', '', document.createElement('canvas')));
    }
    this.label(x, 4, 'output');
    this.columns.push(out);
  }

  private label(x: number, y: number, text: string): void {
    const el = document.createElement('div');
    el.className = 'col-label';
    el.style.left = `${x}px`;
    el.style.top = `${y}px`;
    el.textContent = text;
    this.host.append(el);
  }

  private widthButtons(x: number, layer: number, config: Config, stacked: boolean): void {
    const box = document.createElement('div');
    box.className = stacked ? 'node-buttons stacked' : 'node-buttons';
    box.style.left = `${x}px`;
    box.style.top = '0px';
    for (const up of [false, true]) {
      const b = document.createElement('button');
      b.textContent = up ? '+' : '−';
      b.setAttribute('aria-label', `${up ? 'More' : 'Fewer'} neurons in layer ${layer + 1}`);
      const next = nextWidth(config.layers[layer], up);
      b.disabled = next === config.layers[layer];
      b.addEventListener('click', () => this.onEdit({ layers: config.layers.map((w, i) => (i === layer ? next : w)) }));
      box.append(b);
    }
    this.host.append(box);
  }

  /** Draws the thumbnails and the edges of `picture`. */
  update(picture: NetworkPicture | null, surface: Surface | null): void {
    if (this.svg === null || picture === null) return;
    const hidden = this.columns.slice(1, -1).filter((c) => c.length > 0);
    if (picture.thumbs !== null) {
      picture.thumbs.forEach((thumbs, l) =>
        hidden[l]?.forEach((node, j) => {
          if (node.canvas !== null) paint(node.canvas, fieldCanvas(thumbs, picture.size, j * picture.size * picture.size));
        })
      );
    }
    const output = this.columns[this.columns.length - 1][0];
    if (output?.canvas && surface?.kind === 'grid') {
      paint(output.canvas, fieldCanvas(surface.regression ? surface.values : surface.values.map((p) => 2 * p - 1), surface.size));
    }
    const lines: SVGLineElement[] = [];
    picture.weights.forEach((block, b) => {
      const from = this.columns[b];
      const to = this.columns[b + 1];
      if (block === null || from === undefined || to === undefined || from.length === 0 || to.length === 0) return;
      let max = 0;
      for (const v of block) max = Math.max(max, Math.abs(v));
      const cols = block.length / to.length;
      to.forEach((t, r) =>
        from.forEach((f, c) => {
          if (c >= cols) return;
          const v = block[r * cols + c];
          const s = max > 0 ? Math.abs(v) / max : 0;
          const line = document.createElementNS(SVG, 'line');
          line.setAttribute('x1', String(f.x + this.size / 2));
          line.setAttribute('y1', String(f.y));
          line.setAttribute('x2', String(t.x - this.size / 2));
          line.setAttribute('y2', String(t.y));
          line.setAttribute('stroke', v >= 0 ? '#0877bd' : '#f59322');
          line.setAttribute('stroke-width', (0.4 + 3.6 * s).toFixed(2));
          line.setAttribute('stroke-opacity', (0.25 + 0.75 * s).toFixed(2));
          lines.push(line);
        })
      );
    });
    this.svg.replaceChildren(...lines);
    this.host.dataset.edges = String(lines.length);
  }
}

function paint(target: HTMLCanvasElement, source: HTMLCanvasElement): void {
  if (target.width !== source.width) {
    target.width = source.width;
    target.height = source.height;
  }
  target.getContext('2d')!.drawImage(source, 0, 0);
}
