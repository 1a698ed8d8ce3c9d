// A worker thread of the sweep: receives { id, config }, runs it, posts back the outcome. It holds no
// state between runs that could change a result (data sets are cached, but a data set depends only
// on its name and size), so a row is the same whichever worker ran it. workerData says how many
// threads its matrix products use (useThreads: bit-identical either way) and which probe registry
// module to import for probe jobs.
import { parentPort, workerData } from 'node:worker_threads';
import { useThreads } from '../../lib/node/threads.ts';
import { messageOf } from './cli.ts';
import { runConfig } from './tasks.ts';
import type { Config } from './configs.ts';
import { loadProbes, type ProbeRegistry } from './probe-registry.ts';

const port = parentPort;
if (port === null) throw new Error('bench/runner/worker.ts must run as a worker thread');
const setup: unknown = workerData;
const registryUrl = setup !== null && typeof setup === 'object' && 'registry' in setup && typeof setup.registry === 'string' ? setup.registry : null;
const threads = setup !== null && typeof setup === 'object' && 'threads' in setup && setup.threads === 2 ? 2 : 1;
if (threads === 2) useThreads(2);
let registry: Promise<ProbeRegistry> | null = null;

port.on('message', (job: { id: number; config: Config }) => {
  registry ??= loadProbes(registryUrl);
  registry.then((probes) => {
    let last = 0;
    const start = performance.now();
    const outcome = runConfig(job.config, (fraction) => {
      const now = performance.now();
      if (now - last < 250) return;
      last = now;
      port.postMessage({ id: job.id, type: 'progress', fraction });
    }, probes);
    port.postMessage({ id: job.id, type: 'done', outcome, seconds: (performance.now() - start) / 1000 });
  }).catch((e: unknown) => {
    port.postMessage({ id: job.id, type: 'error', message: messageOf(e, true) });
  });
});
