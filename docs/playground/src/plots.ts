// Small canvas charts for the playground: line charts with linear or log axes (bars are in bars.ts).
// Drawn at the device pixel ratio, with a few ticks and a legend, nothing more.

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
  /** Shown centred when there is nothing to plot. */
  empty?: string;
}

export const FONT = '12px system-ui, -apple-system, "Segoe UI", sans-serif';
export const INK = '#333';
export const FAINT = '#e6e6e6';
export const MUTED = '#777';

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

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

export function ticks(lo: number, hi: number, log: boolean, count: number): number[] {
  if (log) {
    const a = Math.floor(Math.log10(lo));
    const b = Math.ceil(Math.log10(hi));
    const every = Math.max(1, Math.ceil((b - a) / count));
    // Every `every`-th power of ten; else every power; within a decade or two also 2 and 5 (then 1.5,
    // 3, 7) times them — the first choice that puts at least 3 ticks inside.
    for (const [stride, mantissas] of [[every, [1]], [1, [1]], [1, [1, 2, 5]], [1, [1, 1.5, 2, 3, 5, 7]]] as const) {
      const out: number[] = [];
      for (let e = a; e <= b; e += stride) for (const m of mantissas) out.push(m * 10 ** e);
      const inside = out.filter((t) => t >= lo * 0.999 && t <= hi * 1.001).sort((u, v) => u - v);
      if (inside.length >= 3 || mantissas.length === 6) return inside;
    }
  }
  const step = niceStep(hi - lo, count);
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return out;
}

/** A short label for a tick value: 0.01, 1e-5, 250, 12k. */
export function formatNumber(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(0).replace('e+', 'e');
  if (a >= 1e4) return `${+(v / 1000).toFixed(1)}k`;
  return String(+v.toPrecision(3));
}

function extent(values: number[], log: boolean, lo?: number, hi?: number): [number, number] | null {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (log && v <= 0)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) return null;
  let a = lo ?? min;
  let b = hi ?? max;
  if (log) {
    if (a === b) {
      a /= 2;
      b *= 2;
    }
    return [a, b];
  }
  if (a === b) {
    a -= Math.abs(a) * 0.1 + 0.5;
    b += Math.abs(b) * 0.1 + 0.5;
  }
  const pad = lo === undefined && hi === undefined ? (b - a) * 0.05 : 0;
  return [lo ?? a - pad, hi ?? b + pad];
}

/** Every point of a series, thinned to at most ~2 per pixel column by averaging runs of points. */
function thin(s: Series, maxPoints: number): { x: number[]; y: number[] } {
  const n = s.x.length;
  if (n <= maxPoints) return { x: Array.from(s.x), y: Array.from(s.y) };
  const per = Math.ceil(n / maxPoints);
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i += per) {
    let sx = 0;
    let sy = 0;
    let k = 0;
    for (let j = i; j < Math.min(n, i + per); j++) {
      if (!Number.isFinite(s.y[j])) continue;
      sx += s.x[j];
      sy += s.y[j];
      k++;
    }
    if (k > 0) {
      x.push(sx / k);
      y.push(sy / k);
    }
  }
  return { x, y };
}

/** Draws the title and the legend (on its own line when both do not fit); returns the plot's top margin. */
export function header(ctx: CanvasRenderingContext2D, title: string, entries: { label: string; color: string; dash?: number[] }[], w: number, right: number): number {
  ctx.font = `600 ${FONT}`;
  ctx.fillStyle = INK;
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'left';
  ctx.fillText(title, 4, 15);
  const titleWidth = ctx.measureText(title).width;
  ctx.font = FONT;
  const legendWidth = entries.reduce((s, e) => s + ctx.measureText(e.label).width + 24, 0);
  const own = titleWidth + 16 + legendWidth > w - right;
  legend(ctx, entries, w - right, own ? 20 : 4);
  return own ? 40 : 24;
}

/** A line chart of `series` on `canvas`. */
export function lineChart(canvas: HTMLCanvasElement, series: Series[], o: ChartOptions): void {
  const { ctx, w, h } = prepare(canvas);
  const m = { left: 46, right: 10, top: 24, bottom: o.xLabel ? 32 : 20 };
  m.top = header(ctx, o.title, series.filter((s) => !s.quiet), w, m.right);
  const pw = w - m.left - m.right;
  const ph = h - m.top - m.bottom;
  const data = series.map((s) => thin(s, Math.max(50, Math.floor(pw * 1.5))));
  const xr = extent(data.flatMap((d) => d.x), o.logX === true);
  const yr = extent(data.flatMap((d) => d.y), o.logY === true, o.yMin, o.yMax);
  if (xr === null || yr === null) {
    ctx.font = FONT;
    ctx.fillStyle = MUTED;
    ctx.textAlign = 'center';
    ctx.fillText(o.empty ?? 'no data yet', w / 2, h / 2);
    return;
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
