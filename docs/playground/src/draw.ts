// Draws every view from the page's record of the run.
import { layerBars } from './bars.ts';
import { layerColor, lineChart, type Series } from './plots.ts';
import type { EvalRecord, Reply, Surface, TrustReading } from './protocol.ts';
import { drawBoundary, drawDigits, type Points } from './views.ts';

type SliceReply = Extract<Reply, { type: 'slice' }>;

/** What the page knows about the current run. */
export interface Record {
  losses: Float64Array;
  count: number;
  evals: EvalRecord[];
  trust: TrustReading[];
  layerNames: string[];
  points: Points | null;
  digits: { pixels: Uint8Array; labels: Int32Array; side: number } | null;
  surface: Surface | null;
  slice: SliceReply | null;
}

const canvas = (id: string): HTMLCanvasElement => document.getElementById(id) as HTMLCanvasElement;
const TRAIN = '#0877bd';
const TEST = '#f59322';

/** 'layers.3.weight' → '4', 'final.weight' → 'out'. */
export function shortName(name: string): string {
  const m = /^layers\.(\d+)\./.exec(name);
  return m ? String(Number(m[1]) + 1) : 'out';
}

/** An axis top that ignores ρ's rare huge values (a gradient that nearly vanished makes ρ = ‖Δg‖/‖g‖ explode). */
function cap(rows: TrustReading[]): number | undefined {
  for (const t of rows) for (const v of t.rho) if (v > 1e6 && Number.isFinite(v)) return 1e6;
  return undefined;
}

function steps(n: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = i + 1;
  return x;
}

/** The per-layer series of `rows` (one value per layer per row), coloured shallow → deep. */
function perLayer(names: string[], xs: number[], rows: number[][]): Series[] {
  const last = names.length - 1;
  return names.map((_, l) => ({
    label: l === 0 ? 'first layer' : 'output layer',
    color: layerColor(l, names.length),
    x: xs,
    y: rows.map((r) => r[l]),
    width: 1.6,
    quiet: l !== 0 && l !== last,
  }));
}

export function drawAll(r: Record, showTest: boolean): void {
  const x = r.evals.map((e) => e.step);
  if (r.digits !== null) drawDigits(canvas('boundary'), r.digits, r.surface?.kind === 'digits' ? r.surface.predicted : null);
  else drawBoundary(canvas('boundary'), r.surface, r.points, showTest);

  lineChart(canvas('lossChart'), [
    { label: 'minibatch', color: '#999', x: steps(r.count), y: r.losses.subarray(0, r.count), width: 1, alpha: 0.35 },
    { label: 'train', color: TRAIN, x, y: r.evals.map((e) => e.trainLoss) },
    { label: 'test', color: TEST, x, y: r.evals.map((e) => e.testLoss) },
  ], { title: 'Loss (cross-entropy)', logY: true, xLabel: 'step' });
  lineChart(canvas('accChart'), [
    { label: 'train', color: TRAIN, x, y: r.evals.map((e) => e.trainAcc) },
    { label: 'test', color: TEST, x, y: r.evals.map((e) => e.testAcc) },
  ], { title: 'Accuracy', yMin: 0, yMax: 1, xLabel: 'step' });

  lineChart(canvas('normChart'), perLayer(r.layerNames, x, r.evals.map((e) => e.norms)), { title: 'Weight norms ‖W‖', logY: true, xLabel: 'step' });
  const tx = r.trust.map((t) => t.step);
  lineChart(canvas('rhoChart'), perLayer(r.layerNames, tx, r.trust.map((t) => t.rho)), { title: 'Gradient breakdown ρ per layer', logY: true, xLabel: 'step', yMax: cap(r.trust) });

  const last = r.trust.length > 0 ? r.trust[r.trust.length - 1] : null;
  layerBars(canvas('barsChart'), last === null ? [] : r.layerNames.map(shortName), last === null ? [] : [
    { label: 'max ρ', color: '#cf222e', values: last.maxRho },
    { label: 'cos θ', color: '#1a7f37', values: last.cosTheta },
  ], last === null ? 'ρ vs cos θ per layer' : `ρ vs cos θ per layer (step ${last.step})`);
  lineChart(canvas('marginChart'), [
    { label: 'margin', color: '#1a7f37', x: tx, y: r.trust.map((t) => t.margin) },
    { label: '|ΔL|', color: '#777', x: tx, y: r.trust.map((t) => Math.abs(t.actual)), dash: [4, 3], width: 1.5 },
  ], { title: 'Lemma 1 margin (bound − ΔL)', logY: true, xLabel: 'step' });
  const caption = document.getElementById('marginCaption')!;
  caption.textContent = last === null ? 'Lemma 1: loss change vs. its bound; the gap (margin) is never negative.'
    : `Step ${last.step}: ΔL = ${last.actual.toPrecision(3)} ≤ bound ${last.bound.toPrecision(3)} ${last.holds ? '✓' : '✗'} — Lemma 1 holds at every step.`;

  const s = r.slice;
  const sx = s === null ? [] : s.perturbation.slice(1);
  const empty = 'press the button to plot';
  lineChart(canvas('sliceLoss'), s === null ? [] : [
    { label: 'loss', color: '#0877bd', x: sx, y: s.loss.slice(1) },
  ], { title: s === null ? 'Loss along the slice' : `Loss along the slice (weights at step ${s.step})`, logX: true, logY: true, xLabel: 'relative perturbation', empty });
  lineChart(canvas('sliceRho'), s === null ? [] : [
    { label: 'ρ, layer 1', color: '#cf222e', x: sx, y: s.rho.slice(1) },
    { label: 'deep rel. trust', color: '#444', x: sx, y: s.trust.slice(1), dash: [6, 4], width: 1.5 },
    { label: 'Euclidean', color: '#888', x: sx, y: s.euclidean.slice(1), dash: [2, 3], width: 1.5 },
  ], { title: 'Gradient breakdown ρ along the slice', logX: true, logY: true, xLabel: 'relative perturbation', empty });
}
