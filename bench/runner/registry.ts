// The claim probes `npm start` runs: the registry module bench/claims/index.ts (exporting
// `probes: ClaimProbe[]`), by URL, so worker threads import it too.

/** The registry of `npm start`, `merge` and `npm run repro:tables`. */
export const PROBES_URL: string | null = new URL('../claims/index.ts', import.meta.url).href;
