// The claim probes `npm start` runs: the registry module bench/claims/index.ts (exporting
// `probes: ClaimProbe[]`), by URL, so worker threads import it too. Null until the probes land.

/** The registry of `npm start`, `merge` and `npm run repro:tables`. */
export const PROBES_URL: string | null = null;
