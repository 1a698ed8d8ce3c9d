// Grouped bars per layer on a log axis, for Lemma 1's per-layer view (max ρ against cos θ). Values the
// log axis cannot show are marked, not dropped: ∞ as a full bar with "∞" on top, zero or negative as a
// "×" on the baseline, and NaN (undefined: ρ of a layer whose gradient is exactly zero) as "0/0".
import { FAINT, FONT, INK, MUTED, emptyState, formatNumber, header, prepare, ticks } from './plots.ts';

/** Grouped bars: one group per layer, one bar per series. `layerBars(canvas, ['1', 'out'], series, 'title', 'empty text')` */
export function layerBars(canvas: HTMLCanvasElement, groups: string[], series: { label: string; color: string; values: number[] }[], title: string, empty: string): void {
  const { ctx, w, h } = prepare(canvas);
  const m = { left: 46, right: 10, top: 24, bottom: 20 };
  m.top = header(ctx, title, series, w, m.right);
  if (groups.length === 0) {
    emptyState(ctx, empty, w, h);
    return;
  }
  const pw = w - m.left - m.right;
  const ph = h - m.top - m.bottom;
  const finite = series.flatMap((s) => s.values).filter((v) => Number.isFinite(v) && v > 0);
  const hi = finite.length > 0 ? Math.max(1, ...finite) * 1.5 : 10;
  const lo = Math.max(hi / 1e8, finite.length > 0 ? Math.min(...finite) / 2 : 1e-3);
  const Y = (v: number): number => m.top + (1 - (Math.log(Math.min(hi, Math.max(v, lo))) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * ph;
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
  const base = m.top + ph;
  series.forEach((s, j) => {
    s.values.forEach((v, i) => {
      const x = m.left + i * gw + gw * 0.1 + j * bw;
      const cx = x + bw / 2;
      if (Number.isNaN(v)) {
        ctx.fillStyle = MUTED;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'bottom';
        ctx.fillText('0/0', cx, base - 2);
        return;
      }
      if (v <= 0) {
        ctx.strokeStyle = s.color;
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(cx - 3, base - 7);
        ctx.lineTo(cx + 3, base - 1);
        ctx.moveTo(cx + 3, base - 7);
        ctx.lineTo(cx - 3, base - 1);
        ctx.stroke();
        return;
      }
      ctx.fillStyle = s.color;
      const top = Y(v);
      ctx.fillRect(x, top, Math.max(1, bw - (bw > 3 ? 1 : 0)), base - top);
      if (v === Infinity) {
        ctx.fillStyle = INK;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'top';
        ctx.fillText('∞', cx, top + 1);
      }
    });
  });
  ctx.fillStyle = MUTED;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const every = Math.ceil(groups.length / Math.max(1, Math.floor(pw / 40)));
  groups.forEach((g, i) => {
    if (i % every === 0 || i === groups.length - 1) ctx.fillText(g, m.left + (i + 0.5) * gw, base + 3);
  });
  ctx.strokeStyle = '#bbb';
  ctx.lineWidth = 1;
  ctx.strokeRect(m.left, m.top, pw, ph);
  delete canvas.dataset.empty;
  canvas.dataset.range = `${lo},${hi}`;
}
