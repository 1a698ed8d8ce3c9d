// The data views: the decision surface with the points over it (2-D sets), or a grid of test digits
// with the network's guesses (MNIST). Colours as the TensorFlow Playground: orange class 0, blue class 1.
import { prepare } from './plots.ts';
import type { Surface } from './protocol.ts';

const ORANGE = [245, 147, 34];
const BLUE = [8, 119, 189];
const WHITE = [255, 255, 255];

/** p(class 1) → colour: orange at 0, white at ½, blue at 1, washed out so the points stay visible. */
function shade(p: number, out: Uint8ClampedArray, at: number): void {
  const v = Math.max(-1, Math.min(1, 2 * p - 1));
  const target = v < 0 ? ORANGE : BLUE;
  const f = Math.abs(v) * 0.65;
  for (let j = 0; j < 3; j++) out[at + j] = WHITE[j] + f * (target[j] - WHITE[j]);
  out[at + 3] = 255;
}

export interface Points {
  train: Float64Array;
  trainY: Int32Array;
  test: Float64Array;
  testY: Int32Array;
}

/** Draws the surface, the train points (white ring) and, if `showTest`, the test points (dark ring). */
export function drawBoundary(canvas: HTMLCanvasElement, surface: Surface | null, points: Points | null, showTest: boolean): void {
  const { ctx, w, h } = prepare(canvas);
  const side = Math.min(w, h);
  const extent = surface?.kind === 'grid' ? surface.extent : 6;
  if (surface?.kind === 'grid') {
    const n = surface.size;
    const img = new ImageData(n, n);
    for (let i = 0; i < n * n; i++) shade(surface.p[i], img.data, 4 * i);
    const small = document.createElement('canvas');
    small.width = n;
    small.height = n;
    small.getContext('2d')!.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(small, 0, 0, side, side);
  } else {
    ctx.fillStyle = '#f4f4f4';
    ctx.fillRect(0, 0, side, side);
  }
  const X = (v: number): number => ((v + extent) / (2 * extent)) * side;
  const Y = (v: number): number => ((extent - v) / (2 * extent)) * side;
  const dots = (xy: Float64Array, y: Int32Array, ring: string): void => {
    for (let i = 0; i < y.length; i++) {
      ctx.beginPath();
      ctx.arc(X(xy[2 * i]), Y(xy[2 * i + 1]), 3.6, 0, 2 * Math.PI);
      ctx.fillStyle = y[i] === 1 ? `rgb(${BLUE.join(',')})` : `rgb(${ORANGE.join(',')})`;
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = ring;
      ctx.stroke();
    }
  };
  if (points !== null) {
    dots(points.train, points.trainY, '#fff');
    if (showTest) dots(points.test, points.testY, '#222');
  }
  ctx.strokeStyle = '#bbb';
  ctx.lineWidth = 1;
  ctx.strokeRect(0.5, 0.5, side - 1, side - 1);
}

/** Draws `labels.length` digits in a grid with the predicted class under each (green right, red wrong). */
export function drawDigits(canvas: HTMLCanvasElement, digits: { pixels: Uint8Array; labels: Int32Array; side: number }, predicted: Int32Array | null): void {
  const { ctx, w, h } = prepare(canvas);
  const n = digits.labels.length;
  const cols = 6;
  const rows = Math.ceil(n / cols);
  const cell = Math.min(w / cols, h / rows);
  const img = Math.floor(cell * 0.72);
  const s = digits.side;
  const small = document.createElement('canvas');
  small.width = s;
  small.height = s;
  const sctx = small.getContext('2d')!;
  const data = new ImageData(s, s);
  ctx.font = `600 ${Math.max(12, Math.round(cell * 0.16))}px system-ui, sans-serif`;
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
      ctx.fillStyle = right ? '#1a7f37' : '#cf222e';
      ctx.fillText(right ? `${predicted[k]}` : `${predicted[k]} ✗`, x + img / 2, y + img + 2);
    }
  }
}
