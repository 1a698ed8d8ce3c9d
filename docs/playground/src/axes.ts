// Axis arithmetic for the playground's charts: extents (with a floor on log axes), tick positions and
// labels, and thinning long series to about two points per pixel column.
import type { Series } from './plots.ts';

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

/** Tick values for [lo, hi]: powers of ten (and 2, 5 …) on a log axis, round steps on a linear one. */
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

/** The range of `values` (finite; positive on a log axis), with padding; null when there is nothing. */
export function extent(values: number[], log: boolean, lo?: number, hi?: number, decades = 10): [number, number] | null {
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
    // A little room above and below, so a line at the extreme (a cap, a constant prediction) stays visible.
    const [padLo, padHi] = [lo === undefined ? 1.15 : 1, hi === undefined ? 1.15 : 1];
    return [Math.max(a / padLo, (b * padHi) / 10 ** decades), b * padHi];
  }
  if (a === b) {
    a -= Math.abs(a) * 0.1 || 1;
    b += Math.abs(b) * 0.1 || 1;
  }
  const pad = lo === undefined && hi === undefined ? (b - a) * 0.05 : 0;
  return [lo ?? a - pad, hi ?? b + pad];
}

/** Every point of a series, thinned to at most ~2 per pixel column by averaging runs of points. */
export function thin(s: Series, maxPoints: number): { x: number[]; y: number[] } {
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
