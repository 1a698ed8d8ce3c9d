// Seeds and run counts shared by the property and fuzz specs. Every run is reproducible from the seed
// it prints; FUZZ_SEED replays another seed, FUZZ_RUNS raises the counts for long local runs
// (e.g. `FUZZ_RUNS=5000 npx uvu -r tsx spec/property`).
import type { Parameters } from 'fast-check';

function envInteger(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer (got ${raw})`);
  return n;
}

/** The seed of this run: FUZZ_SEED, else a fixed default so `npm test` is deterministic. */
export const SEED = envInteger('FUZZ_SEED') ?? 20200214;

/** Number of runs: `base` by default, FUZZ_RUNS when it is larger. */
export function runs(base: number): number {
  return Math.max(base, envInteger('FUZZ_RUNS') ?? 0);
}

/** fast-check parameters: the fixed seed, `runs(base)` runs, and a printed reproduction line on failure. */
export function fcParams<T>(base: number): Parameters<T> {
  return { seed: SEED, numRuns: runs(base), endOnFailure: true };
}

/** Prints the seed once per spec file, so any failure can be replayed with FUZZ_SEED. */
export function announce(file: string): void {
  console.log(`  ${file}: seed ${SEED} (replay with FUZZ_SEED=${SEED}), runs scaled by FUZZ_RUNS=${process.env.FUZZ_RUNS ?? 'unset'}`);
}
