// One playground: the form, a training worker, the drawing loop, the busy indicator with Cancel, the
// slice worker, and the test hook. The custom element (element.ts) makes one per <trustgrad-playground>.
import { DEFAULTS, changesRun, readSettings, toQuery, type Config, type Settings, type View } from './config.ts';
import { bindControls, type Edit } from './controls.ts';
import { Diagram } from './diagram.ts';
import { drawOutput, drawResearch, type RunRecord } from './draw.ts';
import type { Reply, Request } from './protocol.ts';
import { SliceJob } from './slice-job.ts';
import { drawToolbar } from './toolbar.ts';

const BUSY_AFTER_MS = 300;

function emptyRecord(): RunRecord {
  return { losses: new Float64Array(1024), count: 0, evals: [], trust: [], layerNames: [], parameters: 0, points: null, digits: null, surface: null, picture: null, slice: null, lr: NaN, light: false };
}

/** Options of {@link Playground}. */
export interface PlaygroundOptions {
  /** Read the settings from the address and keep the address up to date (the playground page). */
  syncUrl: boolean;
  /** A worker started before the page's scripts loaded (index.html does this), or none. */
  worker: Worker | null;
}

export class Playground {
  config: Config;
  view: View;
  private worker: Worker;
  private run = 0;
  private record: RunRecord = emptyRecord();
  private playing = false;
  private wantPlay: boolean;
  private step = 0;
  private epoch = 0;
  private message: string | null = null;
  private firstStepMs: number | null = null;
  private readyMs: number | null = null;
  private busy: { what: string; since: number } | null = null;
  private dirty = true;
  private lastDraw = 0;
  private nextId = 1;
  private readonly waiting = new Map<number, (m: Reply) => void>();
  private ready: Promise<void> = Promise.resolve();
  private markReady: () => void = () => undefined;
  private dropped = 0;
  private readyPending = false;
  private simdActive: boolean | null = null;
  private readonly accepted: { run: number; step: number }[] = [];
  private frameId = 0;
  private readonly show: (c: Config, v: View) => void;
  private readonly diagram: Diagram;
  private readonly resize: ResizeObserver;
  private readonly slicer: SliceJob;

  constructor(private readonly root: ShadowRoot, host: HTMLElement, settings: Settings, private readonly options: PlaygroundOptions) {
    this.config = settings.config;
    this.view = settings.view;
    this.wantPlay = settings.view.play;
    this.show = bindControls(root, (e) => this.edit(e));
    this.diagram = new Diagram(this.$('diagram'), (c) => this.edit({ config: c }), { card: this.$('hoverCard'), canvas: this.$('hoverCanvas'), text: this.$('hoverText') });
    this.worker = options.worker ?? this.newWorker();
    this.listen(this.worker);
    this.$('play').addEventListener('click', () => this.setPlaying(!this.playing));
    this.$('step').addEventListener('click', () => {
      void this.request({ type: 'step', n: 1 });
    });
    this.$('reset').addEventListener('click', () => this.reset());
    this.$('cancel').addEventListener('click', () => this.cancel());
    this.slicer = new SliceJob({ button: this.$('sliceButton'), cancel: this.$('sliceCancel'), status: this.$('sliceStatus') }, () => this.newWorker());
    this.$('sliceButton').addEventListener('click', () => {
      void this.slice();
    });
    this.$('sliceCancel').addEventListener('click', () => this.slicer.drop('Cancelled.'));
    host.addEventListener('keydown', (e) => this.key(e));
    if (options.syncUrl) {
      document.addEventListener('keydown', (e) => {
        if (e.target === document.body) this.key(e);
      });
      window.addEventListener('hashchange', () => this.apply(readHash()));
    }
    this.resize = new ResizeObserver(() => {
      this.dirty = true;
    });
    this.resize.observe(host);
    this.notes(settings.notes);
    this.sync();
    this.reset();
    this.frameId = requestAnimationFrame((t) => this.frame(t));
  }

  private $<T extends HTMLElement>(id: string): T {
    return this.root.getElementById(id) as T;
  }

  private newWorker(): Worker {
    return new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  }

  private send(m: Request): void {
    this.worker.postMessage(m);
  }

  /** Replaces the settings (a new link or new attributes); starts a new run only if a run field changed. */
  apply(settings: Settings): void {
    this.notes(settings.notes);
    this.wantPlay = settings.view.play;
    this.edit({ config: settings.config, view: settings.view }, true);
  }

  private notes(notes: string[]): void {
    const box = this.$('notes');
    box.hidden = notes.length === 0;
    box.textContent = notes.length === 0 ? '' : `Settings corrected: ${notes.join(' ')}`;
  }

  private edit(e: Edit, force = false): void {
    const before = this.config;
    const simdBefore = this.view.simd;
    this.config = { ...this.config, ...e.config };
    this.view = { ...this.view, ...e.view };
    this.sync();
    // simd does not change the run, but the worker sets its kernel when a run starts.
    if (changesRun(before, this.config) || simdBefore !== this.view.simd || (force && this.record.layerNames.length === 0)) this.reset();
    else if (before.monitor !== this.config.monitor || before.every !== this.config.every) {
      this.send({ type: 'observe', run: this.run, monitor: this.config.monitor, every: this.config.every });
    }
    this.dirty = true;
  }

  /** Shows the settings in the form, the address (page only) and the teacher's link and embed code. */
  private sync(): void {
    this.show(this.config, this.view);
    const query = toQuery(this.config, this.view);
    if (this.options.syncUrl) history.replaceState(null, '', `#${query}`);
    this.$<HTMLInputElement>('linkOut').value = new URL(`../#${query}`, import.meta.url).href;
    this.$<HTMLTextAreaElement>('embedOut').value = embedCode(query);
  }

  /** Starts the run the settings describe, from step 0 (`light`: without evaluating step 0, after a Cancel). */
  reset(light = false): void {
    this.run++;
    this.ready = new Promise<void>((resolve) => {
      this.markReady = resolve;
    });
    for (const [, resolve] of this.waiting) resolve({ type: 'failed', run: this.run, message: 'superseded' });
    this.waiting.clear();
    this.slicer.drop(this.record.slice !== null || this.slicer.running ? 'The run was reset; the slice belonged to the old weights.' : '');
    this.record = { ...emptyRecord(), light };
    this.step = 0;
    this.epoch = 0;
    this.playing = false;
    this.setMessage(null);
    this.busy = null;
    this.simdActive = null;
    this.send({ type: 'init', run: this.run, config: this.config, play: this.wantPlay, light, simd: this.view.simd });
    this.dirty = true;
  }

  private setMessage(text: string | null): void {
    this.message = text;
    const box = this.$('message');
    box.hidden = text === null;
    box.textContent = text ?? '';
  }

  private listen(worker: Worker): void {
    worker.onmessage = (event: MessageEvent<Reply>) => this.receive(event.data);
    worker.onerror = (e) => {
      this.setMessage(`The training worker failed: ${e.message}`);
      console.error('playground worker failed', e.message);
    };
  }

  private receive(m: Reply): void {
    if (m.type === 'slice') return;
    if (m.run !== this.run) {
      this.dropped++; // a replaced run's message still in flight: never drawn
      return;
    }
    if (m.type !== 'working') this.busy = null;
    switch (m.type) {
      case 'working':
        this.busy = { what: m.what, since: performance.now() };
        break;
      case 'ready':
        this.record = { ...emptyRecord(), light: this.record.light, layerNames: m.layerNames, parameters: m.parameters, points: m.points, digits: m.digits };
        this.simdActive = m.simd;
        this.$('modelNote').textContent = `${m.inputs} inputs, ${m.layerNames.length} weight matrices, ${m.parameters.toLocaleString('en')} parameters.`;
        break;
      case 'progress':
        this.append(m.losses);
        this.record.evals.push(...m.evals);
        this.record.trust.push(...m.trust);
        if (m.surface !== null) this.record.surface = m.surface;
        if (m.picture !== null) this.record.picture = m.picture;
        this.record.lr = m.lr;
        this.step = m.step;
        this.epoch = m.epoch;
        this.playing = m.playing;
        this.accepted.push({ run: m.run, step: m.step });
        if (this.accepted.length > 2000) this.accepted.splice(0, 1000);
        this.readyPending = true; // `ready` resolves once this is drawn
        break;
      case 'stopped':
        this.playing = false;
        this.wantPlay = false;
        this.setMessage(m.message);
        break;
      case 'done':
      case 'snapshot':
        this.waiting.get(m.id)?.(m);
        this.waiting.delete(m.id);
        break;
      case 'failed':
        this.setMessage(`Error: ${m.message}`);
        console.error(`playground worker: ${m.message}`);
        this.markReady();
        break;
    }
    this.dirty = true;
  }

  private append(losses: Float64Array): void {
    const r = this.record;
    const need = r.count + losses.length;
    if (need > r.losses.length) {
      const grown = new Float64Array(Math.max(need, 2 * r.losses.length));
      grown.set(r.losses.subarray(0, r.count));
      r.losses = grown;
    }
    r.losses.set(losses, r.count);
    r.count = need;
  }

  private request(m: { type: 'step'; n: number } | { type: 'snapshot' }): Promise<Reply> {
    const id = this.nextId++;
    if (m.type === 'step') this.wantPlay = false;
    return new Promise<Reply>((resolve) => {
      this.waiting.set(id, resolve);
      this.send({ ...m, id, run: this.run });
    });
  }

  private setPlaying(on: boolean): void {
    this.wantPlay = on;
    this.playing = on;
    this.send({ type: on ? 'play' : 'pause', run: this.run });
    this.dirty = true;
  }

  private key(e: KeyboardEvent): void {
    const target = (e.composedPath()[0] ?? e.target) as HTMLElement;
    if (e.key === ' ' && !['INPUT', 'SELECT', 'BUTTON', 'TEXTAREA'].includes(target.tagName)) {
      e.preventDefault();
      this.setPlaying(!this.playing);
    }
  }

  /** Ends the worker's long work at once: a fresh worker takes over the same settings at step 0, paused. */
  cancel(): void {
    const what = this.busy?.what ?? 'the work';
    const size = this.record.parameters;
    this.worker.terminate();
    this.worker = this.newWorker();
    this.listen(this.worker);
    this.wantPlay = false;
    this.reset(true);
    this.setMessage(
      `Cancelled (${what}). The run is back at step 0, paused.${
        size > 0 ? ` A network of ${size.toLocaleString('en')} parameters takes this long per step in this browser:` : ''
      } make it smaller, or switch the trust monitor off, to go faster.`,
    );
  }

  /** The Figure 1 slice of the current weights, in a separate worker (training and Reset never wait for it). */
  async slice(): Promise<void> {
    if (this.slicer.running) return;
    this.slicer.preparing();
    const run = this.run;
    const snap = await this.request({ type: 'snapshot' });
    if (snap.type !== 'snapshot' || run !== this.run) return;
    const reply = await this.slicer.run({ config: this.config, weights: snap.weights, step: snap.step, simd: this.view.simd }, (m) => this.setMessage(m));
    if (reply !== null && run === this.run) this.record.slice = reply;
    this.draw();
  }

  private frame(now: number): void {
    // Busy: say what the worker is doing once it has taken longer than a moment.
    const busy = this.busy !== null && now - this.busy.since > BUSY_AFTER_MS;
    this.$('busy').hidden = !busy;
    if (busy) this.$('busyText').textContent = `Working: ${this.busy!.what}… ${((now - this.busy!.since) / 1000).toFixed(0)} s`;
    this.slicer.tick(now);
    // While training, ten redraws a second are plenty and leave the main thread idle.
    if (this.dirty && (!this.playing || now - this.lastDraw >= 100)) {
      this.lastDraw = now;
      this.draw();
    }
    this.frameId = requestAnimationFrame((t) => this.frame(t));
  }

  /** Draws everything that is shown. */
  draw(): void {
    this.dirty = false;
    const c = this.config;
    drawToolbar((id) => this.$(id), this.record, c, { playing: this.playing, step: this.step, epoch: this.epoch });
    const hidden = new Set(this.view.hide);
    this.diagram.setup(c, this.record.digits !== null ? 10 : 1, { features: !hidden.has('features'), layers: !hidden.has('layers') });
    this.diagram.update(this.record.picture, this.record.surface);
    const canvas = (id: string): HTMLCanvasElement => this.$<HTMLCanvasElement>(id);
    const text = (id: string, t: string): void => {
      this.$(id).textContent = t;
    };
    if (!this.$('boundary').closest('[data-panel]')?.hasAttribute('hidden')) drawOutput(this.record, c, this.view, canvas, text);
    drawResearch(this.record, c, this.step, canvas, text);
    if (this.readyPending) {
      this.readyPending = false;
      this.readyMs ??= performance.now();
      if (this.step >= 1) this.firstStepMs ??= performance.now();
      this.markReady();
    }
  }

  /** Stops everything (the element left the page). */
  destroy(): void {
    cancelAnimationFrame(this.frameId);
    this.resize.disconnect();
    this.worker.terminate();
    this.slicer.drop('');
  }

  /** The test hook: drive the page without timing guesses (also handy in a student's console). */
  readonly hook = ((pg: Playground) => ({
    /** Resolves once the current run has reported step 0. */
    get ready(): Promise<void> {
      return pg.ready;
    },
    config: (): Config => ({ ...this.config }),
    view: (): View => ({ ...this.view }),
    state: () => ({
      run: this.run,
      step: this.step,
      epoch: this.epoch,
      playing: this.playing,
      message: this.message,
      lr: this.record.lr,
      busy: this.busy?.what ?? null,
      slicing: this.slicer.running,
      firstStepMs: this.firstStepMs,
      readyMs: this.readyMs,
      /** Whether the worker's matrix products run through WebAssembly SIMD (null until the run is ready). */
      simd: this.simdActive,
    }),
    play: (): void => this.setPlaying(true),
    pause: (): void => this.setPlaying(false),
    /** Applies settings as the form would (`{ config: { opt: 'sgd' } }`). */
    edit: (e: Edit): void => this.edit(e),
    /** Pauses, takes `n` steps, resolves once they are drawn. */
    stepN: async (n: number): Promise<void> => {
      await this.request({ type: 'step', n });
      this.draw();
    },
    /** The minibatch loss of every step so far, in order. */
    lossHistory: (): number[] => Array.from(this.record.losses.subarray(0, this.record.count)),
    evals: () => this.record.evals.slice(),
    trust: () => this.record.trust.slice(),
    record: (): RunRecord => this.record,
    slice: (): Promise<void> => this.slice(),
    cancel: (): void => this.cancel(),
    reset: (): void => this.reset(),
    /** Progress messages drawn so far (run, step), and how many from replaced runs were dropped. */
    accepted: () => this.accepted.slice(),
    dropped: (): number => this.dropped,
  }))(this);
}

/** The script tag and element a course page needs for the settings in `query` (defaults left out). */
function embedCode(query: string): string {
  const defaults = new URLSearchParams(toQuery(DEFAULTS));
  const attrs = Array.from(new URLSearchParams(query)).filter(([k, v]) => defaults.get(k) !== v).map(([k, v]) => ` ${k}="${v}"`).join('');
  return `<script type="module" src="${new URL('./playground.js', import.meta.url).href}"></script>\n<trustgrad-playground${attrs}></trustgrad-playground>`;
}

/** Settings from the page's address. `readHash().config.lr` */
export function readHash(): Settings {
  return readSettings(new URLSearchParams(location.hash.replace(/^#/, '')));
}
