// The worker behind useThreads (lib/node/threads.ts): waits on the shared job counter, computes rows
// [from, m) of one product with the same gemm (and the same kernel, SIMD or not) as the main thread,
// and signals the done counter.
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { gemm } from '../kernels/matmul.ts';
import { useSimd } from '../kernels/matmul-simd.ts';

const { control: controlBuffer, port } = workerData as { control: SharedArrayBuffer; port: MessagePort };
const control = new Int32Array(controlBuffer);
let shared: Float64Array = new Float64Array(0);
let seen = 0;
for (;;) {
  Atomics.wait(control, 0, seen);
  const job = Atomics.load(control, 0);
  if (job < 0) break;
  if (job === seen) continue;
  seen = job;
  const [m, k, n, from, rsA, csA, rsB, csB, aLength, bLength, fresh, simd] = control.subarray(2, 14);
  // A bigger buffer was posted before this job was signalled; take the newest one.
  for (let message = receiveMessageOnPort(port); message !== undefined || fresh === 1; message = receiveMessageOnPort(port)) {
    if (message === undefined) continue;
    shared = new Float64Array(message.message as SharedArrayBuffer);
    if (shared.length >= aLength + bLength + (m - from) * n) break;
  }
  const a = shared.subarray(from * rsA, aLength);
  const b = shared.subarray(aLength, aLength + bLength);
  const out = shared.subarray(aLength + bLength, aLength + bLength + (m - from) * n);
  try {
    useSimd(simd === 1);
    gemm(a, rsA, csA, b, rsB, csB, out, m - from, k, n, false);
  } catch {
    control[14] = 1; // the main thread computes the rows itself and stops using this worker
  }
  Atomics.store(control, 1, job);
  Atomics.notify(control, 1);
}
port.close();
