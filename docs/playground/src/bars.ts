// Grouped bars per layer on a log axis, for the per-layer ρ vs cos θ view.
import { FAINT, FONT, MUTED, formatNumber, header, prepare, ticks } from './plots.ts';

/** Grouped bars per layer: one group per layer, one bar per series, a log y axis. */
export function layerBars(canvas: HTMLCanvasElement, groups: string[], series: { label: string; color: string; values: number[] }[], title: string, floor = 1e-4): void {
  const { ctx, w, h } = prepare(canvas);
  const m = { left: 46, right: 10, top: 24, bottom: 20 };
  m.top = header(ctx, title, series, w, m.right);
  const pw = w - m.left - m.right;
  const ph = h - m.top - m.bottom;
  const all = series.flatMap((s) => s.values).filter((v) => Number.isFinite(v) && v > 0);
  if (groups.length === 0 || all.length === 0) {
    ctx.font = FONT;
    ctx.fillStyle = MUTED;
    ctx.textAlign = 'center';
    ctx.fillText('no data yet', w / 2, h / 2);
    return;
  }
  const lo = Math.max(floor, Math.min(...all) / 2);
  const hi = Math.max(lo * 10, Math.max(...all) * 1.5);
  const Y = (v: number): number => m.top + (1 - (Math.log(Math.max(v, lo)) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * ph;
  ctx.font = FONT;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of ticks(lo, hi, true, 4)) {
    ctx.strokeStyle = FAINT;
    ctx.beginPath();
    ctx.moveTo(m.left, Y(t));
    ctx.lineTo(m.left + pw, Y(t));
    ctx.stroke();
    ctx.fillStyle = MUTED;
    ctx.fillText(formatNumber(t), m.left - 4, Y(t));
  }
  const gw = pw / groups.length;
  const bw = Math.max(1, (gw * 0.8) / series.length);
  series.forEach((s, j) => {
    ctx.fillStyle = s.color;
    s.values.forEach((v, i) => {
      if (!Number.isFinite(v) || v <= 0) return;
      const x = m.left + i * gw + gw * 0.1 + j * bw;
      ctx.fillRect(x, Y(v), Math.max(1, bw - (bw > 3 ? 1 : 0)), m.top + ph - Y(v));
    });
  });
  ctx.fillStyle = MUTED;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const every = Math.ceil(groups.length / Math.max(1, Math.floor(pw / 40)));
  groups.forEach((g, i) => {
    if (i % every === 0 || i === groups.length - 1) ctx.fillText(g, m.left + (i + 0.5) * gw, m.top + ph + 3);
  });
  ctx.strokeStyle = '#bbb';
  ctx.strokeRect(m.left, m.top, pw, ph);
}
