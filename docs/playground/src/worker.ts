// The training worker: owns one Run, trains in slices of ~25 ms so pause/step messages get through
// between them, and streams progress to the page. Loaded as a module worker next to trustgrad.js.
import { data, simdActive, useSimd } from '../../../lib/index.ts';
import type { Config } from './config.ts';
import { decodeMnist, Run } from './engine.ts';
import type { EvalRecord, Reply, Request, TrustReading } from './protocol.ts';

interface WorkerScope {
  postMessage(message: Reply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<Request>) => void) | null;
}
const scope = self as unknown as WorkerScope;

const SLICE_MS = 25;
const SURFACE_MS = 150;

let run: Run | null = null;
let playing = false;
let generation = 0; // bumps on every init, so a stale loop from the previous run stops
let mnist: data.Dataset<Int32Array> | null = null;
let lastSurface = -Infinity;
const simdAvailable = simdActive(); // on by default wherever WebAssembly SIMD runs
let surfaceCost = 0; // ms the last surface took; the next one waits at least 5× that
const pending = { losses: [] as number[], evals: [] as EvalRecord[], trust: [] as TrustReading[] };

function post(reply: Reply, transfer: Transferable[] = []): void {
  scope.postMessage(reply, transfer);
}

async function loadMnist(): Promise<data.Dataset<Int32Array>> {
  if (mnist === null) {
    const response = await fetch(new URL('../mnist-subset.bin', import.meta.url));
    if (!response.ok) throw new Error(`could not load mnist-subset.bin (HTTP ${response.status})`);
    mnist = decodeMnist(new Uint8Array(await response.arrayBuffer()));
  }
  return mnist;
}

async function init(config: Config, simd: boolean): Promise<void> {
  useSimd(simd && simdAvailable);
  const mine = ++generation;
  playing = false;
  run = null;
  const digits = config.data === 'mnist' ? await loadMnist() : null;
  if (mine !== generation) return;
  run = new Run(config, digits);
  pending.losses.length = 0;
  pending.evals.length = 0;
  pending.trust.length = 0;
  pending.evals.push(run.evaluate());
  const r = run;
  const points = config.data === 'mnist' ? null : { train: r.train.x, trainY: r.train.y, test: r.test.x, testY: r.test.y };
  let shown = null;
  if (config.data === 'mnist') {
    const n = Math.min(36, r.test.n);
    const side = r.test.shape?.[0] ?? 14;
    const pixels = new Uint8Array(n * r.test.features);
    for (let i = 0; i < pixels.length; i++) pixels[i] = Math.round(255 * Math.min(1, Math.max(0, r.test.x[i] * data.MNIST_STD + data.MNIST_MEAN)));
    shown = { pixels, labels: r.test.y.slice(0, n), side };
  }
  post({ type: 'ready', config, layerNames: r.weightNames, parameters: r.parameterCount, simd: simdActive(), points, digits: shown });
  flush(true);
}

/** Sends what accumulated since the last message; the decision surface at most every SURFACE_MS (or when forced). */
function flush(forceSurface: boolean): void {
  if (run === null) return;
  const now = performance.now();
  const due = now - lastSurface >= Math.max(SURFACE_MS, 5 * surfaceCost);
  const surface = forceSurface || due ? run.surface() : null;
  if (surface !== null) {
    lastSurface = performance.now();
    surfaceCost = lastSurface - now;
  }
  const losses = Float64Array.from(pending.losses);
  post({ type: 'progress', step: run.step, epoch: run.epoch, playing, losses, evals: pending.evals.splice(0), trust: pending.trust.splice(0), surface }, [losses.buffer]);
  pending.losses.length = 0;
}

/** Takes one step and its bookkeeping; false (and a 'stopped' message) when the optimiser refused it. */
function stepOnce(r: Run): boolean {
  try {
    const { loss, trust } = r.stepOnce();
    pending.losses.push(loss);
    if (trust !== null) pending.trust.push(trust);
    if (r.step % r.config.every === 0) pending.evals.push(r.evaluate());
    return true;
  } catch (e) {
    playing = false;
    flush(true);
    post({ type: 'stopped', step: r.step, message: e instanceof Error ? e.message : String(e) });
    return false;
  }
}

/** Runs `budget` steps (Infinity while playing) in time slices; resolves when done or stopped. */
function train(budget: number, onDone: () => void): void {
  const mine = generation;
  let left = budget;
  const slice = (): void => {
    const r = run;
    if (r === null || mine !== generation || (budget === Infinity && !playing)) return;
    const start = performance.now();
    let ok = true;
    while (left > 0 && performance.now() - start < SLICE_MS) {
      ok = stepOnce(r);
      if (!ok) break;
      left--;
      if (r.step === 1) break; // report the first step at once
    }
    if (!ok) return onDone();
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
  post({ type: 'failed', message: e instanceof Error ? `${e.message}` : String(e) });
}

scope.onmessage = (event) => {
  const m = event.data;
  try {
    switch (m.type) {
      case 'init':
        init(m.config, m.simd).catch(fail);
        break;
      case 'play':
        if (!playing && run !== null) {
          playing = true;
          train(Infinity, () => undefined);
        }
        break;
      case 'pause':
        playing = false;
        flush(true);
        break;
      case 'step':
        playing = false;
        train(m.n, () => post({ type: 'done', id: m.id }));
        break;
      case 'slice': {
        if (run === null) return;
        const s = run.slice();
        post({ type: 'slice', id: m.id, step: run.step, ...s });
        break;
      }
      case 'heatmap':
        flush(true);
        break;
    }
  } catch (e) {
    fail(e);
  }
};
