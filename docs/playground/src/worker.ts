// The training worker: owns one Run, trains in slices of ~25 ms so pause/step messages get through
// between them, and streams progress to the page, every message tagged with the run's number. Before
// work that may take long on a big network it says what it is doing, so the page can show a busy
// indicator with a Cancel button (Cancel ends this worker; the page starts a fresh one).
// The same script, sent a 'slice' job, is the page's separate slice worker: it rebuilds the run's data
// and model, loads the weights it was given and takes the Figure 1 slice, so training never waits for it.
import { data, simdActive, useSimd } from '../../../lib/index.ts';
import type { Config } from './config.ts';
import { decodeMnist } from './datasets.ts';
import { Run } from './engine.ts';
import type { EvalRecord, Reply, Request, TrustReading } from './protocol.ts';

interface WorkerScope {
  postMessage(message: Reply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<Request>) => void) | null;
}
const scope = self as unknown as WorkerScope;

const SLICE_MS = 25;
const SURFACE_MS = 150;
/** Parameters × batch above which a step may take long enough to announce (about 2 M multiply-adds). */
const HEAVY = 2e6;

let run: Run | null = null;
let runId = 0;
let playing = false;
let task = 0; // bumps with every training loop started; older loops stop
let mnist: data.Dataset<Int32Array> | null = null;
let lastSurface = -Infinity;
const simdAvailable = simdActive(); // on by default wherever WebAssembly SIMD runs
let surfaceCost = 0; // ms the last surface took; the next one waits at least 5× that
const pending = { losses: [] as number[], evals: [] as EvalRecord[], trust: [] as TrustReading[] };

function post(reply: Reply, transfer: Transferable[] = []): void {
  scope.postMessage(reply, transfer);
}

const heavy = (r: Run): boolean => r.parameterCount * Math.min(r.config.batch, r.train.set.n) > HEAVY;

function working(r: Run | null, what: string): void {
  if (r === null || heavy(r)) post({ type: 'working', run: runId, what });
}

async function loadMnist(): Promise<data.Dataset<Int32Array>> {
  if (mnist === null) {
    const response = await fetch(new URL('../mnist-subset.bin', import.meta.url));
    if (!response.ok) throw new Error(`could not load mnist-subset.bin (HTTP ${response.status})`);
    mnist = decodeMnist(new Uint8Array(await response.arrayBuffer()));
  }
  return mnist;
}

async function build(config: Config): Promise<Run> {
  return new Run(config, config.data === 'mnist' ? await loadMnist() : null);
}

async function init(m: Extract<Request, { type: 'init' }>): Promise<void> {
  runId = m.run;
  playing = m.play;
  useSimd(m.simd && simdAvailable);
  run = null;
  post({ type: 'working', run: m.run, what: m.config.data === 'mnist' ? 'loading the MNIST digits' : 'building the network' });
  const r = await build(m.config);
  if (m.run !== runId) return; // a newer init arrived while MNIST loaded
  run = r;
  pending.losses.length = 0;
  pending.evals.length = 0;
  pending.trust.length = 0;
  const points = r.train.points === null || r.test.points === null ? null
    : { train: r.train.points, trainY: r.train.set.y, test: r.test.points, testY: r.test.set.y };
  let digits = null;
  if (m.config.data === 'mnist') {
    const n = Math.min(36, r.test.set.n);
    const pixels = new Uint8Array(n * r.test.set.features);
    for (let i = 0; i < pixels.length; i++) pixels[i] = Math.round(255 * Math.min(1, Math.max(0, r.test.set.x[i] * data.MNIST_STD + data.MNIST_MEAN)));
    digits = { pixels, labels: (r.test.set.y as Int32Array).slice(0, n), side: r.test.set.shape?.[0] ?? 14 };
  }
  post({ type: 'ready', run: runId, config: m.config, layerNames: r.weightNames, parameters: r.parameterCount, inputs: r.train.set.features, simd: simdActive(), points, digits });
  if (!m.light) {
    working(r, `evaluating step 0 on all ${r.train.set.n + r.test.set.n} samples`);
    pending.evals.push(r.evaluate());
    flush(true);
  } else {
    lastSurface = performance.now(); // nothing heavy after a Cancel: no surface until training resumes
    flush(false);
  }
  if (playing) loop(Infinity, () => undefined);
}

/** Sends what accumulated since the last message; the decision surface at most every SURFACE_MS (or when forced). */
function flush(forceSurface: boolean): void {
  const r = run;
  if (r === null) return;
  const now = performance.now();
  let drawn = null;
  if (forceSurface || now - lastSurface >= Math.max(SURFACE_MS, 5 * surfaceCost)) {
    working(r, 'drawing the decision surface');
    drawn = r.surface();
    lastSurface = performance.now();
    surfaceCost = lastSurface - now;
  }
  const losses = Float64Array.from(pending.losses);
  post({
    type: 'progress',
    run: runId,
    step: r.step,
    epoch: r.epoch,
    lr: r.lr,
    playing,
    losses,
    evals: pending.evals.splice(0),
    trust: pending.trust.splice(0),
    surface: drawn?.surface ?? null,
    picture: drawn?.picture ?? null,
  }, [losses.buffer]);
  pending.losses.length = 0;
}

/** Takes one step and its bookkeeping; false (and a 'stopped' message) when the optimiser refused it. */
function stepOnce(r: Run): boolean {
  try {
    if (heavy(r)) {
      const monitored = r.monitor && (r.step === 0 || (r.step + 1) % r.every === 0);
      working(r, `step ${(r.step + 1).toLocaleString('en')}${monitored ? ' with the trust monitor (9 more gradients)' : ''}`);
    }
    const { loss, trust } = r.stepOnce();
    pending.losses.push(loss);
    if (trust !== null) pending.trust.push(trust);
    if (r.step % r.every === 0) {
      if (heavy(r)) working(r, `evaluating step ${r.step.toLocaleString('en')} on all samples`);
      pending.evals.push(r.evaluate());
    }
    return true;
  } catch (e) {
    playing = false;
    flush(true);
    post({ type: 'stopped', run: runId, step: r.step, message: e instanceof Error ? e.message : String(e) });
    return false;
  }
}

/**
 * Runs `budget` steps (Infinity while playing) in time slices; calls `onDone` when done, stopped, or
 * superseded (a newer loop, a pause or a new run), so every step request gets its answer.
 */
function loop(budget: number, onDone: () => void): void {
  const mine = ++task;
  const id = runId;
  let left = budget;
  const slice = (): void => {
    const r = run;
    if (r === null || id !== runId || mine !== task || (budget === Infinity && !playing)) return onDone();
    const start = performance.now();
    while (left > 0 && performance.now() - start < SLICE_MS) {
      if (!stepOnce(r)) return onDone();
      left--;
      if (r.step === 1) break; // report the first step at once
    }
    if (left > 0) {
      flush(false);
      setTimeout(slice, 0);
    } else {
      flush(true);
      onDone();
    }
  };
  slice();
}

function fail(e: unknown): void {
  post({ type: 'failed', run: runId, message: e instanceof Error ? e.message : String(e) });
}

async function sliceJob(m: Extract<Request, { type: 'slice' }>): Promise<void> {
  useSimd(m.simd && simdAvailable);
  const r = await build(m.config);
  r.loadWeights(m.weights);
  post({ type: 'slice', id: m.id, step: m.step, ...r.slice() });
}

scope.onmessage = (event) => {
  const m = event.data;
  if (m.type !== 'init' && m.type !== 'slice' && m.run !== runId) return; // meant for a replaced run
  try {
    switch (m.type) {
      case 'init':
        init(m).catch(fail);
        break;
      case 'observe':
        if (run !== null) {
          run.monitor = m.monitor;
          run.every = m.every;
        }
        break;
      case 'play':
        playing = true;
        if (run !== null) loop(Infinity, () => undefined);
        break;
      case 'pause':
        playing = false;
        flush(true);
        break;
      case 'step':
        playing = false;
        loop(m.n, () => post({ type: 'done', run: runId, id: m.id }));
        break;
      case 'snapshot':
        if (run !== null) post({ type: 'snapshot', run: runId, id: m.id, step: run.step, weights: run.weights() });
        break;
      case 'slice':
        sliceJob(m).catch(fail);
        break;
    }
  } catch (e) {
    fail(e);
  }
};
