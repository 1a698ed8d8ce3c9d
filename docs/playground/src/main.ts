// The playground page: reads the Config from the URL hash, runs a training worker, draws what it
// reports, and exposes `window.playground` so a test (or a curious student's console) can drive it.
import { optimiserLabel, parseHash, toHash, type Config } from './config.ts';
import { bindControls } from './controls.ts';
import { drawAll, type Record } from './draw.ts';
import type { Reply, Request } from './protocol.ts';

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const initial = parseHash(location.hash);
let config: Config = initial.config;
let autoplay = initial.play;
let wantPlay = autoplay;
let playing = false;
let step = 0;
let epoch = 0;
let message: string | null = null;
let firstStepMs: number | null = null;
let record: Record = emptyRecord();
let dirty = true;
let nextId = 1;
const waiting = new Map<number, () => void>();
let ready: Promise<void> = Promise.resolve();
let markReady: () => void = () => undefined;

function emptyRecord(): Record {
  return { losses: new Float64Array(1024), count: 0, evals: [], trust: [], layerNames: [], points: null, digits: null, surface: null, slice: null };
}

// index.html starts the worker early; a page that only loads this script gets one here.
const early = (window as unknown as { trainer?: Worker }).trainer;
const worker = early ?? new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const send = (m: Request): void => worker.postMessage(m);

function setMessage(text: string | null): void {
  message = text;
  const box = byId('message');
  box.hidden = text === null;
  box.textContent = text ?? '';
}

function appendLosses(losses: Float64Array): void {
  const need = record.count + losses.length;
  if (need > record.losses.length) {
    const grown = new Float64Array(Math.max(need, 2 * record.losses.length));
    grown.set(record.losses.subarray(0, record.count));
    record.losses = grown;
  }
  record.losses.set(losses, record.count);
  record.count = need;
}

worker.onmessage = (event: MessageEvent<Reply>) => {
  const m = event.data;
  switch (m.type) {
    case 'ready':
      record = { ...emptyRecord(), layerNames: m.layerNames, points: m.points, digits: m.digits };
      byId('modelNote').textContent = `${m.layerNames.length} weight matrices, ${m.parameters.toLocaleString('en')} parameters.`;
      break;
    case 'progress':
      appendLosses(m.losses);
      record.evals.push(...m.evals);
      record.trust.push(...m.trust);
      if (m.surface !== null) record.surface = m.surface;
      step = m.step;
      epoch = m.epoch;
      playing = m.playing;
      if (firstStepMs === null && step >= 1) {
        firstStepMs = performance.now();
        document.body.dataset.firstStepMs = firstStepMs.toFixed(0);
      }
      markReady();
      dirty = true;
      break;
    case 'stopped':
      playing = false;
      wantPlay = false;
      setMessage(m.message);
      dirty = true;
      break;
    case 'done':
    case 'slice':
      if (m.type === 'slice') {
        record.slice = m;
        byId('sliceStatus').textContent = m.nonFinite ? 'the loss became non-finite along the slice; the curve stops there' : '';
        byId<HTMLButtonElement>('sliceButton').disabled = false;
        dirty = true;
      }
      waiting.get(m.id)?.();
      waiting.delete(m.id);
      break;
    case 'failed':
      setMessage(`Error: ${m.message}`);
      console.error(`playground worker: ${m.message}`);
      break;
  }
};
worker.onerror = (e) => {
  setMessage(`The training worker failed: ${e.message}`);
  console.error('playground worker failed', e.message);
};

/** Starts the run described by `config` from scratch. */
function reset(): void {
  ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  record = emptyRecord();
  step = 0;
  epoch = 0;
  playing = false;
  setMessage(null);
  send({ type: 'init', config });
  if (wantPlay) send({ type: 'play' });
  dirty = true;
}

const show = bindControls((edit) => {
  config = { ...config, ...edit };
  history.replaceState(null, '', toHash(config, autoplay));
  show(config);
  reset();
});

function setPlaying(on: boolean): void {
  wantPlay = on;
  playing = on;
  send({ type: on ? 'play' : 'pause' });
  dirty = true;
}

byId('play').addEventListener('click', () => setPlaying(!playing));
byId('step').addEventListener('click', () => {
  wantPlay = false;
  send({ type: 'step', n: 1, id: nextId++ });
});
byId('reset').addEventListener('click', reset);
byId('showTest').addEventListener('change', () => {
  dirty = true;
});
byId('sliceButton').addEventListener('click', () => {
  void runSlice();
});
document.addEventListener('keydown', (e) => {
  const target = e.target as HTMLElement;
  if (e.key === ' ' && !['INPUT', 'SELECT', 'BUTTON'].includes(target.tagName)) {
    e.preventDefault();
    setPlaying(!playing);
  }
});
window.addEventListener('resize', () => {
  dirty = true;
});
window.addEventListener('hashchange', () => {
  ({ config, play: autoplay } = parseHash(location.hash));
  wantPlay = autoplay;
  show(config);
  reset();
});

function request(m: { type: 'step'; n: number } | { type: 'slice' }): Promise<void> {
  const id = nextId++;
  return new Promise<void>((resolve) => {
    waiting.set(id, resolve);
    send({ ...m, id });
  });
}

async function runSlice(): Promise<void> {
  byId<HTMLButtonElement>('sliceButton').disabled = true;
  byId('sliceStatus').textContent = 'computing 101 gradients…';
  await request({ type: 'slice' });
  draw();
}

function draw(): void {
  dirty = false;
  byId('play').textContent = playing ? '‖ Pause' : '▶ Play';
  byId('stepCount').textContent = step.toLocaleString('en');
  byId('epochCount').textContent = String(epoch);
  const last = record.evals[record.evals.length - 1];
  byId('testLoss').textContent = last === undefined || !Number.isFinite(last.testLoss) ? '–' : (last.testLoss < 1000 ? last.testLoss.toFixed(3) : last.testLoss.toExponential(1));
  byId('testAcc').textContent = last === undefined || !Number.isFinite(last.testAcc) ? '–' : `${(100 * last.testAcc).toFixed(1)} %`;
  byId('boundaryTitle').textContent = config.data === 'mnist' ? 'Test digits and the network’s guesses' : 'Decision boundary';
  byId('boundaryNote').textContent = config.data === 'mnist'
    ? '1,000 MNIST digits at 14×14, shipped with the page. Green: right, red: wrong.'
    : 'Orange: class 0, blue: class 1. White rings: train points; dark rings: test points.';
  byId('barsCaption').innerHTML = `${optimiserLabel(config.opt)}, last monitored step: descent is guaranteed where max<sub>t</sub> ρ<sub>l</sub> &lt; cos θ<sub>l</sub> (Lemma 1).`;
  document.body.dataset.step = String(step);
  drawAll(record, byId<HTMLInputElement>('showTest').checked);
}

let lastDraw = 0;
function frame(now: number): void {
  // While training, ten redraws a second are plenty and leave the main thread idle.
  if (dirty && (!playing || now - lastDraw >= 100)) {
    lastDraw = now;
    draw();
  }
  requestAnimationFrame(frame);
}

/** The test hook: drive the page without timing guesses. */
const hook = {
  get ready(): Promise<void> {
    return ready;
  },
  config: (): Config => ({ ...config }),
  state: () => ({ step, epoch, playing, message, firstStepMs }),
  play: (): void => setPlaying(true),
  pause: (): void => setPlaying(false),
  /** Pauses, takes `n` steps, resolves once they are drawn. */
  stepN: async (n: number): Promise<void> => {
    wantPlay = false;
    await request({ type: 'step', n });
    draw();
  },
  /** The minibatch loss of every step so far, in order. */
  lossHistory: (): number[] => Array.from(record.losses.subarray(0, record.count)),
  evals: () => record.evals.slice(),
  trust: () => record.trust.slice(),
  slice: runSlice,
};
(window as unknown as { playground: typeof hook }).playground = hook;

if (location.hash === '') history.replaceState(null, '', toHash(config, autoplay));
show(config);
reset();
requestAnimationFrame(frame);
