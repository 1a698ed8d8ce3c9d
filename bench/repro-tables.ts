// `npm run repro:tables [-- rows.jsonl]` — regenerate docs/reproduction.md's paper-regime tables from the
// committed rows (or from a snapshot of them).
import { main } from './runner/doc-tables.ts';
import { PROBES_URL } from './runner/registry.ts';

await main(PROBES_URL, process.argv[2]);
