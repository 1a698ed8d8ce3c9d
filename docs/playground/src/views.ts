// The data views: the output surface with axes, a colour legend and the points over it (2-D sets), the
// small heatmaps of the network diagram, or a grid of test digits with the network's guesses (MNIST).
// Colours as TensorFlow Playground: orange −1 (class 0), white 0, blue +1 (class 1).
import { FONT, MUTED, formatNumber, prepare } from './plots.ts';
import type { Surface } from './protocol.ts';

const ORANGE = [245, 147, 34];
const BLUE = [8, 119, 189];
const WHITE = [255, 255, 255];

/** A value in [−1, 1] → RGB (orange, white, blue); washed out unless `strong`, so points stay visible. */
export function shade(v: number, out: Uint8ClampedArray, at: number, strong = false): void {
  const t = Number.isNaN(v) ? 0 : Math.max(-1, Math.min(1, v));
  const target = t < 0 ? ORANGE : BLUE;
  const f = Math.abs(t) * (strong ? 1 : 0.7);
  for (let j = 0; j < 3; j++) out[at + j] = WHITE[j] + f * (target[j] - WHITE[j]);
  out[at + 3] = 255;
}

/** A size×size field of values in [−1, 1] as a small canvas (drawImage scales it). */
export function fieldCanvas(values: ArrayLike<number>, size: number, offset = 0, strong = false): HTMLCanvasElement {
  const img = new ImageData(size, size);
  for (let i = 0; i < size * size; i++) shade(values[offset + i], img.data, 4 * i, strong);
  const small = document.createElement('canvas');
  small.width = size;
  small.height = size;
  small.getContext('2d')!.putImageData(img, 0, 0);
  return small;
}

export interface Points {
  train: Float64Array;
  trainY: Int32Array | Float64Array;
  test: Float64Array;
  testY: Int32Array | Float64Array;
}

/** Maps an output to [−1, 1]: p(class 1) ∈ [0, 1] → 2p − 1; a regression value as it is; discretized → its sign. */
function toScale(v: number, regression: boolean, discretize: boolean): number {
  const t = regression ? v : 2 * v - 1;
  return discretize ? Math.sign(t) : t;
}

/**
 * Draws the surface with axes (x₁ across, x₂ up), the points (train: white ring; test: dark ring, when
 * `showTest`) and a colour legend under it.
 */
export function drawBoundary(canvas: HTMLCanvasElement, surface: Extract<Surface, { kind: 'grid' }> | null, points: Points | null, opts: { showTest: boolean; discretize: boolean; regression: boolean }): void {
  const { ctx, w, h } = prepare(canvas);
  const m = { left: 24, bottom: 18, legend: 30 };
  const side = Math.max(40, Math.min(w - m.left - 4, h - m.bottom - m.legend));
  const x0 = m.left;
  const extent = surface?.extent ?? 6;
  if (surface !== null) {
    const values = Float32Array.from(surface.values, (v) => toScale(v, surface.regression, opts.discretize));
    ctx.imageSmoothingEnabled = !opts.discretize;
    ctx.drawImage(fieldCanvas(values, surface.size), x0, 0, side, side);
  } else {
    ctx.fillStyle = '#f4f4f4';
    ctx.fillRect(x0, 0, side, side);
  }
  const X = (v: number): number => x0 + ((v + extent) / (2 * extent)) * side;
  const Y = (v: number): number => ((extent - v) / (2 * extent)) * side;
  const dots = (xy: Float64Array, y: Int32Array | Float64Array, ring: string): void => {
    const px = new Uint8ClampedArray(4);
    for (let i = 0; i < y.length; i++) {
      shade(y instanceof Int32Array ? 2 * y[i] - 1 : y[i], px, 0, true);
      ctx.beginPath();
      ctx.arc(X(xy[2 * i]), Y(xy[2 * i + 1]), 3.4, 0, 2 * Math.PI);
      ctx.fillStyle = `rgb(${px[0]},${px[1]},${px[2]})`;
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = ring;
      ctx.stroke();
    }
  };
  if (points !== null) {
    dots(points.train, points.trainY, '#fff');
    if (opts.showTest) dots(points.test, points.testY, '#222');
  }
  ctx.strokeStyle = '#999';
  ctx.lineWidth = 1;
  ctx.strokeRect(x0 + 0.5, 0.5, side - 1, side - 1);
  // Axes: ticks every 2 units; x₁ along the bottom, x₂ up the left side.
  ctx.font = FONT;
  ctx.fillStyle = MUTED;
  for (let t = -extent; t <= extent; t += 2) {
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText(String(t), Math.min(Math.max(X(t), x0 + 6), x0 + side - 6), side + 3);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(String(t), x0 - 4, Math.min(Math.max(Y(t), 6), side - 6));
  }
  // Legend: the colour ramp and what it means.
  const ly = side + m.bottom + 4;
  const lw = Math.min(side, 220);
  const ramp = new Float32Array(64).map((_, i) => -1 + (2 * i) / 63);
  const img = new ImageData(64, 1);
  for (let i = 0; i < 64; i++) shade(ramp[i], img.data, 4 * i);
  const strip = document.createElement('canvas');
  strip.width = 64;
  strip.height = 1;
  strip.getContext('2d')!.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(strip, x0, ly, lw, 8);
  ctx.strokeRect(x0 + 0.5, ly + 0.5, lw - 1, 7);
  const [lo, mid, hi] = opts.regression ? ['−1', '0', '+1'] : ['class 0', 'p = ½', 'class 1'];
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  ctx.fillText(lo, x0, ly + 10);
  ctx.textAlign = 'center';
  ctx.fillText(mid, x0 + lw / 2, ly + 10);
  ctx.textAlign = 'right';
  ctx.fillText(hi, x0 + lw, ly + 10);
  ctx.textAlign = 'left';
  if (w - (x0 + lw) > 70) ctx.fillText(opts.regression ? 'output value' : 'p(class 1)', x0 + lw + 8, ly);
}

/** Draws `labels.length` digits in a grid with the predicted class under each (✓ right, ✗ wrong). */
export function drawDigits(canvas: HTMLCanvasElement, digits: { pixels: Uint8Array; labels: Int32Array; side: number }, predicted: Int32Array | null): void {
  const { ctx, w, h } = prepare(canvas);
  const n = digits.labels.length;
  const cols = 6;
  const rows = Math.ceil(n / cols);
  const cell = Math.min(w / cols, h / rows);
  const img = Math.floor(cell * 0.7);
  const s = digits.side;
  const small = document.createElement('canvas');
  small.width = s;
  small.height = s;
  const sctx = small.getContext('2d')!;
  const data = new ImageData(s, s);
  ctx.font = `600 ${Math.max(11, Math.round(cell * 0.15))}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < s * s; i++) {
      const v = 255 - digits.pixels[k * s * s + i];
      data.data.set([v, v, v, 255], 4 * i);
    }
    sctx.putImageData(data, 0, 0);
    const x = (k % cols) * cell + (cell - img) / 2;
    const y = Math.floor(k / cols) * cell + 2;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(small, x, y, img, img);
    ctx.strokeStyle = '#ddd';
    ctx.strokeRect(x, y, img, img);
    if (predicted !== null) {
      const right = predicted[k] === digits.labels[k];
      ctx.fillStyle = right ? '#1f4e79' : '#b3261e';
      ctx.fillText(right ? `${predicted[k]} ✓` : `${predicted[k]} ✗`, x + img / 2, y + img + 2);
    }
  }
}

/** A short description of a number for read-outs: 3 significant digits, exponent when tiny or huge. */
export function readable(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '–' : v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(2) : formatNumber(+v.toPrecision(3));
}
