// Draws the output and the paper's views from the page's record of the run. Every chart says in words
// why it is empty when it is (step 0, monitor off, a gradient of exactly zero), and every canvas gets a
// text alternative with the numbers it shows.
import { perturb } from '../../../lib/index.ts';
import { layerBars } from './bars.ts';
import { problemOf, type Config, type View } from './config.ts';
import { optimiserEntry } from './optimisers.ts';
import { emptyState, layerColor, lineChart, prepare, type Series } from './plots.ts';
import type { EvalRecord, NetworkPicture, Reply, Surface, TrustReading } from './protocol.ts';
import { drawBoundary, drawDigits, readable, type Points } from './views.ts';

export type SliceReply = Extract<Reply, { type: 'slice' }>;

/** What the page knows about the current run. */
export interface RunRecord {
  losses: Float64Array;
  count: number;
  evals: EvalRecord[];
  trust: TrustReading[];
  layerNames: string[];
  parameters: number;
  points: Points | null;
  digits: { pixels: Uint8Array; labels: Int32Array; side: number } | null;
  surface: Surface | null;
  picture: NetworkPicture | null;
  slice: SliceReply | null;
  lr: number;
  /** Started without evaluating step 0 (after a Cancel). */
  light: boolean;
}

/** Colours with a luminance contrast of 4:1 or more between the pair (not just hue). */
export const PALETTE = { rho: '#f4a259', cos: '#1f4e79', train: '#0877bd', test: '#e8710a', grey: '#8a8a8a' };

/** 'layers.3.weight' → '4', 'final.weight' → 'out'. */
export function shortName(name: string): string {
  const m = /^layers\.(\d+)\./.exec(name);
  return m ? String(Number(m[1]) + 1) : 'out';
}

function steps(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => i + 1);
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

/** C in ρ ≈ C·(Π(1+r) − 1): the geometric mean of ρ/prediction over the pairs where both are finite and positive. */
export function fitConstant(pairs: [number, number][]): { c: number; n: number } {
  let sum = 0;
  let n = 0;
  for (const [prediction, rho] of pairs) {
    if (prediction > 0 && rho > 0 && Number.isFinite(prediction) && Number.isFinite(rho)) {
      sum += Math.log(rho / prediction);
      n++;
    }
  }
  return { c: n > 0 ? Math.exp(sum / n) : NaN, n };
}

type Canvases = (id: string) => HTMLCanvasElement;
type Text = (id: string, text: string) => void;

const label = (c: HTMLCanvasElement, text: string): void => c.setAttribute('aria-label', text);

/** Draws the output column: surface or digits, loss and accuracy. */
export function drawOutput(r: RunRecord, config: Config, view: View, canvas: Canvases, text: Text): void {
  const regression = problemOf(config.data) === 'regression';
  const last = r.evals[r.evals.length - 1];
  const boundary = canvas('boundary');
  if (r.digits !== null) {
    drawDigits(boundary, r.digits, r.surface?.kind === 'digits' ? r.surface.predicted : null);
    label(boundary, `36 test digits with the network's guesses at step ${last?.step ?? 0}`);
  } else {
    drawBoundary(boundary, r.surface?.kind === 'grid' ? r.surface : null, r.points, { ...view, regression });
    label(boundary, `${regression ? 'Output' : 'Decision surface'} over the plane, x₁ and x₂ from −6 to 6, at step ${last?.step ?? 0}`
      + (last ? `; test loss ${readable(last.testLoss)}` : ''));
  }
  text('readout', last === undefined ? '' : `Test loss ${readable(last.testLoss)} · Training loss ${readable(last.trainLoss)}${regression ? '' : ` · Test accuracy ${(100 * last.testAcc).toFixed(1)} %`}`);
  const x = r.evals.map((e) => e.step);
  const start = last === undefined ? (r.light && r.layerNames.length > 0 ? 'Step 0 was not evaluated (the last work was cancelled). Press Step or Play to train.' : 'Building the network…')
    : `Step 0: train loss ${readable(last.trainLoss)}, test loss ${readable(last.testLoss)}. Press Play or Step to train.`;
  const lossName = regression ? 'mean squared error' : 'cross-entropy';
  lineChart(canvas('lossChart'), [
    { label: 'minibatch', color: PALETTE.grey, x: steps(r.count), y: r.losses.subarray(0, r.count), width: 1, alpha: 0.35 },
    { label: 'train', color: PALETTE.train, x, y: r.evals.map((e) => e.trainLoss) },
    { label: 'test', color: PALETTE.test, x, y: r.evals.map((e) => e.testLoss), dash: [5, 3] },
  ], { title: `Loss (${lossName})`, logY: true, xLabel: 'step', empty: start });
  label(canvas('lossChart'), `Loss over ${r.count} steps` + (last ? `: train ${readable(last.trainLoss)}, test ${readable(last.testLoss)} at step ${last.step}` : ''));
  const acc = canvas('accChart');
  acc.hidden = regression;
  if (!regression) {
    lineChart(acc, [
      { label: 'train', color: PALETTE.train, x, y: r.evals.map((e) => e.trainAcc) },
      { label: 'test', color: PALETTE.test, x, y: r.evals.map((e) => e.testAcc), dash: [5, 3] },
    ], { title: 'Accuracy', yMin: 0, yMax: 1, xLabel: 'step', empty: start });
    label(acc, last ? `Accuracy: train ${(100 * last.trainAcc).toFixed(1)} %, test ${(100 * last.testAcc).toFixed(1)} % at step ${last.step}` : 'Accuracy: nothing yet');
  }
}

/** Draws the paper's views: norms, ρ, Lemma 1 (per layer and per step), deep relative trust, the slice. */
export function drawResearch(r: RunRecord, config: Config, step: number, canvas: Canvases, text: Text): void {
  const x = r.evals.map((e) => e.step);
  const monitorOff = 'The trust monitor is off: switch it on (top right) to measure ρ and Lemma 1. It never changes the run.';
  const waiting = config.monitor ? (step === 0 ? 'Step 0: the monitor measures each step as it is taken. Press Play or Step.' : `Waiting for the next monitored step (every ${config.every}).`) : monitorOff;
  const names = r.layerNames;

  // Weight norms, with Fromage's pBound caps dashed.
  const first = r.evals[0];
  const caps: Series[] = config.pBound > 0 && optimiserEntry(config.opt).options.includes('pBound') && first !== undefined && x.length > 1
    ? names.map((_, l) => ({ label: 'pBound cap', color: layerColor(l, names.length), x: [x[0], x[x.length - 1]], y: [first.norms[l] * config.pBound, first.norms[l] * config.pBound], dash: [4, 4], width: 1, quiet: l !== 0 }))
    : [];
  lineChart(canvas('normChart'), [...perLayer(names, x, r.evals.map((e) => e.norms)), ...caps], {
    title: 'Weight norms ‖W‖',
    logY: true,
    xLabel: 'step',
    empty: step === 0 ? 'Step 0: the norms are plotted once training starts.' : 'No evaluation yet.',
  });
  const lastEval = r.evals[r.evals.length - 1];
  text('normsReading', lastEval && step > 0
    ? `Step ${lastEval.step}: ‖W‖ from ${readable(Math.min(...lastEval.norms))} to ${readable(Math.max(...lastEval.norms))}${first ? ` (started ${readable(Math.min(...first.norms))} to ${readable(Math.max(...first.norms))})` : ''}.`
    : '');
  label(canvas('normChart'), `Weight norms per layer${lastEval ? ` at step ${lastEval.step}: ${lastEval.norms.map(readable).join(', ')}` : ''}`);

  // ρ per layer over the monitored steps; a layer whose gradient is exactly zero has no relative
  // breakdown (the library's 0/0 = 0 and d/0 = ∞ conventions are not measurements): shown as undefined.
  const tx = r.trust.map((t) => t.step);
  const rhoOf = (t: TrustReading, values: number[]): number[] => values.map((v, l) => (t.gradNorm[l] === 0 ? NaN : v));
  const last = r.trust[r.trust.length - 1] ?? null;
  const zeroGrad = last === null ? [] : names.filter((_, l) => last.gradNorm[l] === 0).map(shortName);
  const allUndefined = r.trust.length > 0 && r.trust.every((t) => rhoOf(t, t.rho).every((v) => !(v > 0 && Number.isFinite(v))));
  lineChart(canvas('rhoChart'), perLayer(names, tx, r.trust.map((t) => rhoOf(t, t.rho))), {
    title: 'Gradient breakdown ρ per layer',
    logY: true,
    xLabel: 'step',
    empty: r.trust.length === 0 ? waiting : allUndefined ? 'ρ is undefined at every monitored step so far: the gradient is exactly zero (the loss is flat here).' : 'One monitored step so far; the curves start at the second.',
  });
  text('rhoReading', last === null ? ''
    : `Step ${last.step}: ρ ${rangeText(rhoOf(last, last.rho))} across layers.${zeroGrad.length ? ` Layer${zeroGrad.length > 1 ? 's' : ''} ${zeroGrad.join(', ')}: gradient exactly zero — ρ undefined, not plotted.` : ''}`);
  label(canvas('rhoChart'), last === null ? 'Gradient breakdown: no readings' : `Gradient breakdown at step ${last.step}: ${rhoOf(last, last.rho).map((v) => (Number.isNaN(v) ? 'undefined' : readable(v))).join(', ')}`);

  // Lemma 1: per layer at the last reading, and guaranteed / not guaranteed per step.
  layerBars(canvas('barsChart'), last === null ? [] : names.map(shortName), last === null ? [] : [
    { label: 'max ρ', color: PALETTE.rho, values: rhoOf(last, last.maxRho) },
    { label: 'cos θ', color: PALETTE.cos, values: last.cosTheta },
  ], last === null ? 'Lemma 1 per layer' : `Lemma 1 per layer, step ${last.step}`, waiting);
  drawLemmaSteps(canvas('lemmaChart'), r.trust, waiting);
  const held = r.trust.filter((t) => t.holds).length;
  const guaranteed = r.trust.filter((t) => t.guaranteed).length;
  text('lemmaReading', last === null ? '' : `Descent guaranteed at ${guaranteed} of ${r.trust.length} monitored steps; the lemma held (ΔL ≤ bound) at ${held} of ${r.trust.length}. `
    + `Step ${last.step}: ${last.guaranteed ? 'guaranteed' : 'not guaranteed'} — bound ${readable(last.bound)}, ΔL ${readable(last.actual)}.`);
  const defined = (v: number): string => (Number.isNaN(v) ? 'undefined' : readable(v));
  label(canvas('barsChart'), last === null ? 'Lemma 1 per layer: no readings' : `Lemma 1 per layer at step ${last.step}: max ρ ${rhoOf(last, last.maxRho).map(defined).join(', ')}; cos θ ${last.cosTheta.map(readable).join(', ')}`);
  label(canvas('lemmaChart'), `Lemma 1 per step: descent guaranteed at ${guaranteed} of ${r.trust.length} monitored steps`);

  // Deep relative trust against measured ρ, step by step: dots per layer, the model dashed, the fitted model solid.
  const pairs: [number, number][] = r.trust.flatMap((t) => rhoOf(t, t.rho).map((rho): [number, number] => [t.trust, rho]));
  const fit = fitConstant(pairs);
  const trustFrame = lineChart(canvas('trustChart'), [
    ...names.map((_, l): Series => ({ label: 'measured ρ', color: layerColor(l, names.length), x: tx, y: r.trust.map((t) => rhoOf(t, t.rho)[l]), dots: true, quiet: l !== 0 })),
    { label: 'Π(1 + r) − 1', color: '#444', x: tx, y: r.trust.map((t) => t.trust), dash: [6, 4], width: 1.5 },
    { label: `× C = ${readable(fit.c)}`, color: PALETTE.cos, x: tx, y: r.trust.map((t) => fit.c * t.trust), width: 1.5 },
  ], { title: 'Measured ρ and deep relative trust', logY: true, xLabel: 'step', empty: pairs.length === 0 ? waiting : 'One monitored step so far.' });
  const depth = names.length;
  const meanCos = last === null ? NaN : last.cosTheta.reduce((s, v) => s + v, 0) / last.cosTheta.length;
  const meanStep = last === null ? NaN : last.relativeStep.reduce((s, v) => s + v, 0) / last.relativeStep.length;
  const lemma2 = (c: number): string => readable(perturb.lemma2MaxRelativeStep(Math.max(-1, Math.min(1, c)), depth));
  text('trustReading', trustFrame === null ? '' : `C ≈ ${readable(fit.c)} from ${fit.n} readings: measured ρ is ${fit.c >= 1 ? `${readable(fit.c)}× above` : `${readable(1 / fit.c)}× below`} the constant-1 model. `
    + `Lemma 2 at L = ${depth}: η* = ${lemma2(1)} for cos θ = 1${
      Number.isFinite(meanCos) && meanCos > 0 && meanCos < 0.995 ? `, ${lemma2(meanCos)} for this step's mean cos θ = ${readable(meanCos)}` : ''
    }; this step's mean relative step is ${readable(meanStep)}.`);
  label(canvas('trustChart'), `Measured ρ against deep relative trust's prediction; fitted C = ${readable(fit.c)}`);

  drawSlice(r.slice, canvas, text);
}

function rangeText(values: number[]): string {
  const finite = values.filter((v) => Number.isFinite(v));
  return finite.length === 0 ? 'undefined' : `${readable(Math.min(...finite))} to ${readable(Math.max(...finite))}`;
}

/** Lemma 1 per monitored step: bound and ΔL over Σ‖g‖‖ΔW‖ (linear, clamped to ±3), ticks for guaranteed steps. */
function drawLemmaSteps(c: HTMLCanvasElement, trust: TrustReading[], empty: string): void {
  const usable = trust.filter((t) => t.scale > 0 && Number.isFinite(t.bound) && Number.isFinite(t.actual));
  const clamp = (v: number): number => Math.max(-3, Math.min(3, v));
  const frame = lineChart(c, [
    { label: 'bound', color: PALETTE.cos, x: usable.map((t) => t.step), y: usable.map((t) => clamp(t.bound / t.scale)), width: 1.5 },
    { label: 'ΔL', color: PALETTE.rho, x: usable.map((t) => t.step), y: usable.map((t) => clamp(t.actual / t.scale)), width: 1.5, dash: [4, 3] },
  ], {
    title: 'Lemma 1 per step (÷ Σ‖g‖‖ΔW‖)',
    xLabel: 'step',
    empty: trust.length === 0 ? empty : usable.length < trust.length ? 'The monitored steps moved nothing or met a zero gradient: nothing to divide by.' : 'One monitored step so far.',
  });
  if (frame === null) return;
  const { ctx, X, Y, left, top, width } = frame;
  ctx.strokeStyle = '#777';
  ctx.setLineDash([2, 2]);
  ctx.beginPath();
  ctx.moveTo(left, Y(0));
  ctx.lineTo(left + width, Y(0));
  ctx.stroke();
  ctx.setLineDash([]);
  for (const t of trust) {
    ctx.fillStyle = t.guaranteed ? PALETTE.cos : PALETTE.rho;
    ctx.fillRect(X(t.step) - 1, top + 1, 2, 6);
  }
}

/** Draws the Figure 1 slice (or says why there is none). */
function drawSlice(s: SliceReply | null, canvas: Canvases, text: Text): void {
  const zero = s !== null && s.gradNorm === 0;
  const empty = s === null ? 'Press “Plot the slice” to take it from the current weights.'
    : zero ? 'The first layer’s gradient is exactly zero at these weights: the slice has no direction and ρ is undefined.'
    : 'The loss or gradient became non-finite at the first step along the slice.';
  const sx = s === null ? [] : s.perturbation.slice(1);
  lineChart(canvas('sliceLoss'), s === null || zero ? [] : [{ label: 'loss', color: PALETTE.train, x: sx, y: s.loss.slice(1) }], { title: s === null ? 'Loss along the slice' : `Loss along the slice (step ${s.step})`, logX: true, logY: true,
    xLabel: 'relative perturbation', empty });
  const fit = s === null ? { c: NaN, n: 0 } : fitConstant(s.trust.slice(1).map((p, k): [number, number] => [p, s.rho[k + 1]]));
  lineChart(canvas('sliceRho'), s === null || zero ? [] : [
    { label: 'ρ, layer 1', color: PALETTE.rho, x: sx, y: s.rho.slice(1), width: 2.5 },
    { label: 'trust', color: '#444', x: sx, y: s.trust.slice(1), dash: [6, 4], width: 1.5 },
    { label: `C·trust`, color: PALETTE.grey, x: sx, y: s.trust.slice(1).map((v) => v * fit.c), width: 1.5 },
    { label: 'Euclidean', color: '#444', x: sx, y: s.euclidean.slice(1), dash: [2, 3], width: 1.5 },
  ], { title: 'Breakdown ρ along the slice', logX: true, logY: true, xLabel: 'relative perturbation', empty });
  const k = s === null ? 0 : s.rho.length - 1;
  text('sliceReading', s === null || zero || k < 1 ? ''
    : `At perturbation ${readable(s.perturbation[k])}: loss ${readable(s.loss[0])} → ${readable(s.loss[k])}; ρ = ${readable(s.rho[k])} against deep relative trust ${readable(s.trust[k])} (C ≈ ${readable(fit.c)}) and Euclidean ${
      readable(s.euclidean[k])
    }.${s.nonFinite ? ' The loss became non-finite along the way; the curves stop there.' : ''}`);
  label(canvas('sliceLoss'), s === null ? 'Loss along the slice: not taken yet' : `Loss along the slice of step ${s.step}`);
  label(canvas('sliceRho'), s === null ? 'Breakdown along the slice: not taken yet' : `Breakdown along the slice; fitted C = ${readable(fit.c)}`);
}

/** Clears a canvas to a sentence (used while a view is hidden or waiting). */
export function sayOnly(c: HTMLCanvasElement, sentence: string): void {
  const { ctx, w, h } = prepare(c);
  emptyState(ctx, sentence, w, h);
}
