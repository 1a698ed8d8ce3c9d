// Starting a worker thread from a module that may be TypeScript source. Worker threads do not inherit
// tsx's loader, so a `.ts` entry boots through tsx's ESM API (found whether the caller runs as ESM or as
// CommonJS) and then imports the entry; a built `.js` entry loads directly. Used by useThreads' matmul
// worker and by the benchmark runner's pool.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** A worker running `entry`, through tsx when it is a `.ts` file. `startWorker(new URL('./worker.ts', import.meta.url))` */
export function startWorker(entry: URL, options: WorkerOptions = {}): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}
