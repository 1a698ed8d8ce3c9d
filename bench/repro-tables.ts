// `npm run repro:tables` — regenerate docs/reproduction.md's paper-regime tables from the committed rows.
import { main } from './runner/doc-tables.ts';
import { PROBES_URL } from './runner/registry.ts';

await main(PROBES_URL);
