// Small canvas charts for the playground: line charts with linear or log axes (bars are in bars.ts).
// Drawn at the device pixel ratio, with a few ticks and a legend, nothing more (axis arithmetic: axes.ts).
import { extent, formatNumber, thin, ticks } from './axes.ts';

export { formatNumber, ticks } from './axes.ts';

export interface Series {
  label: string;
  color: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  dash?: number[];
  width?: number;
  alpha?: number;
  /** Draw dots instead of a line. */
  dots?: boolean;
  /** Leave out of the legend. */
  quiet?: boolean;
}

export interface ChartOptions {
  title: string;
  xLabel?: string;
  logX?: boolean;
  logY?: boolean;
  yMin?: number;
  yMax?: number;
  /** What the chart says when it has fewer than two points to draw — say why (required: no "no data yet" guesses). */
  empty: string;
  /** A log axis spans at most this many decades below its top (default 10), so one tiny value cannot flatten the rest. */
  decades?: number;
}

/** Where a drawn chart put things, for overlays (reference lines, marks). */
export interface Frame {
  ctx: CanvasRenderingContext2D;
  X: (v: number) => number;
  Y: (v: number) => number;
  left: number;
  top: number;
  width: number;
  height: number;
  yRange: [number, number];
}

const FAMILY = 'system-ui, -apple-system, "Segoe UI", sans-serif';
export const FONT = `12px ${FAMILY}`;
export const INK = '#333';
export const FAINT = '#e6e6e6';
export const MUTED = '#666';

/** Sizes the canvas backing store to its CSS box × devicePixelRatio and returns a context in CSS pixels. */
export function prepare(canvas: HTMLCanvasElement): { ctx: CanvasRenderingContext2D; w: number; h: number } {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || canvas.width;
  const h = canvas.clientHeight || canvas.height;
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
  }
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  return { ctx, w, h };
}

/** Colour of layer `i` of `n`, light (first layer) to dark (last): a viridis-like ramp. */
export function layerColor(i: number, n: number): string {
  const stops = [[253, 231, 37], [94, 201, 98], [33, 145, 140], [59, 82, 139], [68, 1, 84]];
  const t = n <= 1 ? 0.6 : (i / (n - 1)) * 0.95 + 0.05;
  const s = t * (stops.length - 1);
  const k = Math.min(stops.length - 2, Math.floor(s));
  const f = s - k;
  const c = stops[k].map((v, j) => Math.round(v + f * (stops[k + 1][j] - v)));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** Text cut to `width` with an ellipsis (never needed for the page's own titles at 390 px and up). */
function fitText(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let t = text;
  while (t.length > 1 && ctx.measureText(`${t}…`).width > width) t = t.slice(0, -1);
  return `${t}…`;
}

/**
 * Draws the title and the legend (on its own line when both do not fit); returns the plot's top margin.
 * A title that does not fit is shrunk, then cut, and the canvas is marked `data-clipped` (the browser
 * test fails on it).
 */
export function header(ctx: CanvasRenderingContext2D, title: string, entries: { label: string; color: string; dash?: number[] }[], w: number, right: number): number {
  const canvas = ctx.canvas;
  let size = 12;
  ctx.font = `600 ${size}px ${FAMILY}`;
  while (size > 10 && ctx.measureText(title).width > w - 8) ctx.font = `600 ${--size}px ${FAMILY}`;
  const shown = fitText(ctx, title, w - 8);
  if (shown !== title) canvas.dataset.clipped = title;
  else delete canvas.dataset.clipped;
  ctx.fillStyle = INK;
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'left';
  ctx.fillText(shown, 4, 15);
  const titleWidth = ctx.measureText(shown).width;
  ctx.font = FONT;
  const legendWidth = entries.reduce((s, e) => s + ctx.measureText(e.label).width + 24, 0);
  if (entries.length === 0) return 24;
  if (titleWidth + 16 + legendWidth <= w - right) {
    legend(ctx, entries, w - right, 4);
    return 24;
  }
  // Own line(s): as many entries per line as fit.
  let top = 20;
  let line: typeof entries = [];
  let used = 0;
  for (const e of entries) {
    const ew = ctx.measureText(e.label).width + 24;
    if (line.length > 0 && used + ew > w - right - 4) {
      legend(ctx, line, w - right, top);
      top += 16;
      line = [];
      used = 0;
    }
    line.push(e);
    used += ew;
  }
  legend(ctx, line, w - right, top);
  return top + 20;
}

/** A line chart of `series` on `canvas`. */
export function lineChart(canvas: HTMLCanvasElement, series: Series[], o: ChartOptions): Frame | null {
  const { ctx, w, h } = prepare(canvas);
  const m = { left: 46, right: 10, top: 24, bottom: o.xLabel ? 32 : 20 };
  m.top = header(ctx, o.title, series.filter((s) => !s.quiet), w, m.right);
  const pw = w - m.left - m.right;
  const ph = h - m.top - m.bottom;
  const data = series.map((s) => thin(s, Math.max(50, Math.floor(pw * 1.5))));
  const xr = extent(data.flatMap((d) => d.x), o.logX === true);
  const yr = extent(data.flatMap((d) => d.y), o.logY === true, o.yMin, o.yMax, o.decades);
  // Fewer than two distinct x values (step 0, one reading) is not a chart: say so instead of inventing axes.
  const xs = new Set(data.flatMap((d) => d.x.filter((v, i) => Number.isFinite(v) && Number.isFinite(d.y[i]) && (!o.logY || d.y[i] > 0))));
  if (xr === null || yr === null || xs.size < 2) {
    emptyState(ctx, o.empty, w, h);
    return null;
  }
  const map = (v: number, [a, b]: [number, number], log: boolean): number => (log ? (Math.log(v) - Math.log(a)) / (Math.log(b) - Math.log(a)) : (v - a) / (b - a));
  const X = (v: number): number => m.left + map(v, xr, o.logX === true) * pw;
  const Y = (v: number): number => m.top + (1 - map(v, yr, o.logY === true)) * ph;

  ctx.font = FONT;
  ctx.lineWidth = 1;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of ticks(yr[0], yr[1], o.logY === true, 4)) {
    const y = Y(t);
    ctx.strokeStyle = FAINT;
    ctx.beginPath();
    ctx.moveTo(m.left, y);
    ctx.lineTo(m.left + pw, y);
    ctx.stroke();
    ctx.fillStyle = MUTED;
    ctx.fillText(formatNumber(t), m.left - 4, y);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of ticks(xr[0], xr[1], o.logX === true, Math.max(2, Math.floor(pw / 70)))) {
    const x = X(t);
    ctx.strokeStyle = FAINT;
    ctx.beginPath();
    ctx.moveTo(x, m.top);
    ctx.lineTo(x, m.top + ph);
    ctx.stroke();
    ctx.fillStyle = MUTED;
    ctx.fillText(formatNumber(t), x, m.top + ph + 3);
  }
  if (o.xLabel) {
    ctx.textAlign = 'right';
    ctx.fillText(o.xLabel, m.left + pw, m.top + ph + 17);
  }
  ctx.strokeStyle = '#bbb';
  ctx.strokeRect(m.left, m.top, pw, ph);

  ctx.save();
  ctx.beginPath();
  ctx.rect(m.left, m.top, pw, ph);
  ctx.clip();
  series.forEach((s, i) => {
    const d = data[i];
    ctx.globalAlpha = s.alpha ?? 1;
    ctx.strokeStyle = s.color;
    ctx.fillStyle = s.color;
    ctx.lineWidth = s.width ?? 2;
    ctx.setLineDash(s.dash ?? []);
    ctx.beginPath();
    let pen = false;
    for (let k = 0; k < d.x.length; k++) {
      const ok = Number.isFinite(d.y[k]) && (!o.logY || d.y[k] > 0) && (!o.logX || d.x[k] > 0);
      if (!ok) {
        pen = false;
        continue;
      }
      const x = X(d.x[k]);
      const y = Y(d.y[k]);
      if (s.dots) {
        ctx.moveTo(x + 2.5, y);
        ctx.arc(x, y, 2.5, 0, 2 * Math.PI);
        continue;
      }
      if (pen) ctx.lineTo(x, y); else ctx.moveTo(x, y);
      pen = true;
    }
    if (s.dots) ctx.fill(); else ctx.stroke();
  });
  ctx.restore();
  ctx.setLineDash([]);
  ctx.globalAlpha = 1;
  delete canvas.dataset.empty;
  canvas.dataset.range = `${yr[0]},${yr[1]}`;
  return { ctx, X, Y, left: m.left, top: m.top, width: pw, height: ph, yRange: yr };
}

/** The centred sentence a chart shows instead of axes, wrapped to the chart's width. */
export function emptyState(ctx: CanvasRenderingContext2D, text: string, w: number, h: number): void {
  ctx.canvas.dataset.empty = text; // what the chart says, for the browser test
  delete ctx.canvas.dataset.range;
  ctx.font = FONT;
  ctx.fillStyle = MUTED;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && ctx.measureText(`${lines[last]} ${word}`).width <= w - 24) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  lines.forEach((line, i) => ctx.fillText(line, w / 2, h / 2 + (i - (lines.length - 1) / 2) * 16));
}

/** Legend entries right-aligned on one line at the top. */
function legend(ctx: CanvasRenderingContext2D, series: { label: string; color: string; dash?: number[] }[], right: number, top: number): void {
  ctx.font = FONT;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  let x = right;
  for (let i = series.length - 1; i >= 0; i--) {
    const s = series[i];
    const tw = ctx.measureText(s.label).width;
    x -= tw + 24;
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 2.5;
    ctx.setLineDash(s.dash ?? []);
    ctx.beginPath();
    ctx.moveTo(x, top + 7);
    ctx.lineTo(x + 16, top + 7);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = INK;
    ctx.fillText(s.label, x + 19, top + 7);
  }
}
