// A worker thread of the sweep: receives { id, config }, runs it, posts back the outcome. It holds no
// state between runs that could change a result (data sets are cached, but a data set depends only
// on its name and size), so a row is the same whichever worker ran it.
import { parentPort } from 'node:worker_threads';
import { messageOf } from './cli.ts';
import { runConfig } from './tasks.ts';
import type { Config } from './configs.ts';

const port = parentPort;
if (port === null) throw new Error('bench/runner/worker.ts must run as a worker thread');
port.on('message', (job: { id: number; config: Config }) => {
  let last = 0;
  const start = performance.now();
  try {
    const outcome = runConfig(job.config, (fraction) => {
      const now = performance.now();
      if (now - last < 250) return;
      last = now;
      port.postMessage({ id: job.id, type: 'progress', fraction });
    });
    port.postMessage({ id: job.id, type: 'done', outcome, seconds: (performance.now() - start) / 1000 });
  } catch (e) {
    port.postMessage({ id: job.id, type: 'error', message: messageOf(e, true) });
  }
});
