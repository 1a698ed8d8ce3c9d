// The Figure 1 slice in a worker of its own: the page hands it a copy of the training worker's weights,
// so training, Pause and Reset never wait for it, and Cancel (or a Reset) ends it at once.
import type { SliceReply } from './draw.ts';
import type { Reply, Request } from './protocol.ts';

type SliceRequest = Extract<Request, { type: 'slice' }>;

/** One slice at a time, with its button, Cancel button and status line. */
export class SliceJob {
  private job: { worker: Worker; since: number; finish: (reply: SliceReply | null) => void } | null = null;
  private nextId = 1;

  constructor(
    private readonly ui: { button: HTMLButtonElement; cancel: HTMLElement; status: HTMLElement },
    private readonly newWorker: () => Worker,
  ) {}

  /** A slice is being computed. */
  get running(): boolean {
    return this.job !== null;
  }

  /** Shows that the weights are being copied (before {@link run}). */
  preparing(): void {
    this.ui.status.textContent = 'Copying the weights…';
    this.ui.button.disabled = true;
  }

  /** Takes the slice in a new worker; resolves with it, or null when cancelled or failed (`onFail` says why). */
  run(request: Omit<SliceRequest, 'type' | 'id'>, onFail: (message: string) => void): Promise<SliceReply | null> {
    this.drop('');
    const worker = this.newWorker();
    const id = this.nextId++;
    this.ui.button.disabled = true;
    this.ui.cancel.hidden = false;
    return new Promise((resolve) => {
      this.job = { worker, since: performance.now(), finish: resolve };
      worker.onmessage = (event: MessageEvent<Reply>) => {
        const m = event.data;
        if (m.type === 'working') return;
        if (m.type === 'failed') onFail(`The slice failed: ${m.message}`);
        resolve(m.type === 'slice' && m.id === id ? m : null);
        this.drop('');
      };
      worker.onerror = (e) => {
        onFail(`The slice worker failed: ${e.message}`);
        this.drop('');
      };
      worker.postMessage({ ...request, type: 'slice', id } satisfies SliceRequest);
    });
  }

  /** Ends the slice (if any) and shows `status`. */
  drop(status: string): void {
    const job = this.job;
    this.job = null;
    job?.worker.terminate();
    job?.finish(null);
    this.ui.status.textContent = status;
    this.ui.cancel.hidden = true;
    this.ui.button.disabled = false;
  }

  /** Updates the status line while the slice runs. */
  tick(now: number): void {
    if (this.job !== null) this.ui.status.textContent = `Computing 101 gradients on 250 samples… ${((now - this.job.since) / 1000).toFixed(0)} s`;
  }
}
