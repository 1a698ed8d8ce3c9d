// A second thread for the big matrix products (Node only): one worker_threads worker that computes the
// bottom row block of each product split by lib/kernels/parallel.ts. Operands are copied into one
// SharedArrayBuffer (O(mk + kn) copies against mkn multiply-adds); a counter in a shared Int32Array,
// with Atomics.wait/notify, hands jobs over and back. The worker uses the SIMD kernel exactly when this
// thread does (useSimd), so the results are bit-identical to one thread either way.
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { fail } from '../errors.ts';
import { gemm } from '../kernels/matmul.ts';
import { simdActive } from '../kernels/matmul-simd.ts';
import { setRowBlockHelper, type RowBlockHelper } from '../kernels/parallel.ts';
import { startWorker } from './worker-boot.ts';

// Control words: [job sequence, done sequence, m, k, n, from, rsA, csA, rsB, csB, aLength, bLength,
// fresh buffer, SIMD on, worker failed]
const CONTROL_WORDS = 15;
const WORKER_TIMEOUT_MS = 60_000;

let pool: { helper: RowBlockHelper; stop(): void } | null = null;

/**
 * Splits large matrix products across `threads` threads (1 or 2); `useThreads(1)` goes back to one
 * (the worker stays parked for the next `useThreads(2)`; {@link stopThreads} ends it).
 * `import { useThreads } from 'trustgrad/node'; useThreads(2);`
 */
export function useThreads(threads: number): void {
  if (threads !== 1 && threads !== 2) fail('useThreads', `1 or 2 threads are supported (got ${String(threads)})`);
  if (threads === 1) {
    setRowBlockHelper(null);
    return;
  }
  pool ??= startPool();
  setRowBlockHelper(pool.helper);
}

/** Goes back to one thread and ends the worker. `stopThreads()` */
export function stopThreads(): void {
  setRowBlockHelper(null);
  pool?.stop();
  pool = null;
}

function startPool(): { helper: RowBlockHelper; stop(): void } {
  const control = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4));
  const channel = new MessageChannel();
  // The worker runs matmul-worker with this file's extension (.ts under tsx, .js when built).
  const entry = new URL(`./matmul-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);
  const worker = startWorker(entry, { workerData: { control: control.buffer, port: channel.port2 }, transferList: [channel.port2] });
  worker.unref();
  let shared: Float64Array = new Float64Array(0);
  let sequence = 0;
  const helper: RowBlockHelper = {
    start(a, rsA, csA, b, rsB, csB, out, m, k, n, from) {
      const aLength = (m - 1) * rsA + (k - 1) * csA + 1;
      const bLength = (k - 1) * rsB + (n - 1) * csB + 1;
      const need = aLength + bLength + (m - from) * n;
      let fresh = 0;
      if (shared.length < need) {
        shared = new Float64Array(new SharedArrayBuffer(need * 8));
        channel.port1.postMessage(shared.buffer);
        fresh = 1;
      }
      shared.set(a.subarray(0, aLength), 0);
      shared.set(b.subarray(0, bLength), aLength);
      control.set([m, k, n, from, rsA, csA, rsB, csB, aLength, bLength, fresh, simdActive() ? 1 : 0], 2);
      const job = ++sequence;
      Atomics.store(control, 0, job);
      Atomics.notify(control, 0);
      return () => {
        // The worker may still be booting on the first job; if it never answers (or failed), compute
        // the rows here and go back to one thread, so a broken worker costs time, never a result.
        const deadline = performance.now() + WORKER_TIMEOUT_MS;
        while (Atomics.load(control, 1) !== job && performance.now() < deadline) Atomics.wait(control, 1, job - 1, 100);
        if (Atomics.load(control, 1) !== job || control[14] !== 0) {
          setRowBlockHelper(null);
          gemm(a.subarray(from * rsA), rsA, csA, b, rsB, csB, out.subarray(from * n), m - from, k, n, false);
          return;
        }
        const rows = shared.subarray(aLength + bLength, aLength + bLength + (m - from) * n);
        out.set(rows, from * n);
      };
    },
  };
  return {
    helper,
    stop() {
      control[0] = -1;
      Atomics.notify(control, 0);
      void worker.terminate();
      channel.port1.close();
    },
  };
}
