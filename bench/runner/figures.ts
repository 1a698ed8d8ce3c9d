// Figures as vega-lite specs, rendered to SVG in Node by vega's headless View (renderer 'none',
// `view.toSVG()`). One generic line chart covers every figure: colour = series, optional facet
// panels, and ours vs the paper's numbers told apart by line dash or by panel.
import type { TopLevelSpec } from 'vega-lite';
import type { Point } from './summary.ts';

/** How to draw a line chart of {@link Point}s. */
export interface ChartOptions {
  title: string;
  subtitle?: string | string[];
  xTitle: string;
  yTitle: string;
  xLog?: boolean;
  yLog?: boolean;
  yDomain?: [number, number];
  /** Facet by `panel` (columns, in data order); with `independentX` each panel has its own x range. */
  facet?: boolean;
  /** Also facet by `source` (rows, in data order): ours above the paper's. */
  rowBySource?: boolean;
  independentX?: boolean;
  /** Group lines by this field as well as by series (e.g. one line per layer). */
  detail?: string;
  /** Dash lines by `source` (trustgrad solid, paper/prediction dashed). */
  dashBySource?: boolean;
  width?: number;
  height?: number;
  /** Colour by a numeric field on a sequential scale instead of by series (lines still split by series). */
  colorBy?: { field: string; title: string };
  /** Point shape by this boolean field (e.g. diverged runs). */
  shapeBy?: string;
  /** The x values are integers (depths): integer ticks, no "2.000000" on a one-value axis. */
  xInteger?: boolean;
  /** Draw error bars from each point's `lo` to `hi` (mean ± sd over seeds), where present. */
  errorBars?: boolean;
}

// Parts of vega-lite's TopLevelSpec, named so each piece below is checked where it is built.
type LayerChart = Extract<TopLevelSpec, { layer: unknown }>;
type FacetChart = Extract<TopLevelSpec, { facet: unknown }>;
type Layer = LayerChart['layer'][number];
type Encoding = NonNullable<Extract<Layer, { mark: unknown }>['encoding']>;

/** A vega-lite line chart with points. `chartSpec(points, { title: 'Figure 3', xTitle: 'depth', yTitle: 'accuracy' })` */
export function chartSpec(values: Point[], o: ChartOptions): TopLevelSpec {
  const dashes: Record<string, number[]> = { trustgrad: [1, 0], paper: [5, 3], prediction: [2, 2] };
  const present = Object.keys(dashes).filter((k) => values.some((v) => v.source === k));
  const encoding: Encoding = {
    x: { field: 'x', type: 'quantitative', title: o.xTitle, scale: o.xLog ? { type: 'log' } : { zero: false }, ...(o.xInteger ? { axis: { format: 'd', tickMinStep: 1 } } : {}) },
    y: { field: 'y', type: 'quantitative', title: o.yTitle, scale: { ...(o.yLog ? { type: 'log' } : { zero: false }), ...(o.yDomain ? { domain: o.yDomain } : {}) } },
    color: o.colorBy ? { field: o.colorBy.field, type: 'quantitative', title: o.colorBy.title, scale: { scheme: 'viridis' } } : { field: 'series', type: 'nominal', title: null },
    tooltip: [{ field: 'series' }, { field: 'x', title: o.xTitle }, { field: 'y', title: o.yTitle, format: '.4g' }],
    ...(o.detail || o.colorBy ? { detail: { field: o.detail ?? 'series', type: 'nominal' } } : {}),
    ...(o.dashBySource ? { strokeDash: { field: 'source', type: 'nominal', title: 'source', scale: { domain: present, range: present.map((k) => dashes[k]) } } } : {}),
  };
  const layers: Layer[] = [{ mark: { type: 'line', strokeWidth: 1.5 } }];
  if (o.shapeBy) layers.push({ mark: { type: 'point', filled: true, size: 30 }, encoding: { shape: { field: o.shapeBy, type: 'nominal', title: 'diverged' } } });
  else if (values.length <= 400) layers.push({ mark: { type: 'point', filled: true, size: 18 } });
  if (o.errorBars) layers.push({ mark: { type: 'rule', strokeWidth: 1.5 }, transform: [{ filter: 'isValid(datum.lo)' }], encoding: { y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } });
  const inner = { width: o.width ?? (o.facet ? 230 : 420), height: o.height ?? 260, encoding, layer: layers };
  const title = o.subtitle ? { text: o.title, subtitle: o.subtitle } : o.title;
  const base = { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', title, data: { values }, config: { font: 'sans-serif' } };
  if (!o.facet) {
    const chart: LayerChart = { ...base, ...inner };
    return chart;
  }
  const chart: FacetChart = {
    ...base,
    facet: {
      column: { field: 'panel', type: 'nominal', title: null, sort: [...new Set(values.map((v) => v.panel ?? ''))] },
      ...(o.rowBySource ? { row: { field: 'source', type: 'nominal', title: null, sort: [...new Set(values.map((v) => v.source ?? ''))] } } : {}),
    },
    spec: inner,
    resolve: { scale: { x: o.independentX ? 'independent' : 'shared' } },
  };
  return chart;
}

/** Renders a vega-lite spec to an SVG string (no browser, no canvas). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // Imported when needed, natively: vega's Node build uses top-level await, which a CommonJS
  // transform (uvu -r tsx loads specs that way) cannot express.
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A placeholder chart when a figure has no data (e.g. a shard that ran none of its runs). */
export function emptySpec(title: string): TopLevelSpec {
  const chart: TopLevelSpec = {
    title,
    width: 300,
    height: 60,
    data: { values: [{ t: 'no runs of this figure in these rows' }] },
    mark: { type: 'text', fontSize: 13 },
    encoding: { text: { field: 't' } },
  };
  return chart;
}

/**
 * Figure 1's breakdown panels: measured first-layer ρ per checkpoint (coloured by training progress) and,
 * in black, the two models the paper sets against each other — deep relative trust Π(1+r)−1 (dashed) and
 * the Euclidean fit, linear in the perturbation (dotted) — one panel per net, x linear as in the paper.
 * Points carry `kind` ('measured', 'deep relative trust', 'Euclidean fit'), `step` and `progress`.
 */
export function breakdownSpec(values: Point[], title: string, subtitle: string): TopLevelSpec {
  const x = { field: 'x', type: 'quantitative', title: 'cumulative relative perturbation' } as const;
  const y = { field: 'y', type: 'quantitative', title: 'ρ = ‖g(W) − g(W₀)‖/‖g(W₀)‖ (first layer)', scale: { type: 'log' } } as const;
  const measured: Layer = {
    transform: [{ filter: "datum.kind === 'measured'" }],
    mark: { type: 'line', strokeWidth: 1.5 },
    encoding: { x, y, color: { field: 'progress', type: 'quantitative', title: 'training progress', scale: { scheme: 'viridis' } }, detail: { field: 'step', type: 'nominal' } },
  };
  const models: Layer = {
    transform: [{ filter: "datum.kind !== 'measured'" }],
    mark: { type: 'line', strokeWidth: 1, color: 'black' },
    encoding: { x, y, strokeDash: { field: 'kind', type: 'nominal', title: 'model', scale: { domain: ['deep relative trust', 'Euclidean fit'], range: [[6, 3], [1, 2]] } }, detail: { field: 'step', type: 'nominal' } },
  };
  const chart: FacetChart = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: title, subtitle },
    data: { values },
    config: { font: 'sans-serif' },
    facet: { column: { field: 'panel', type: 'nominal', title: null, sort: [...new Set(values.map((v) => v.panel ?? ''))] } },
    spec: { width: 230, height: 220, layer: [measured, models] },
  };
  return chart;
}
