// `npm start` — reproduce the paper's figures and claims; see docs/reproduction.md and `npm start -- --help`.
import { runMain } from './runner/cli.ts';
import { PROBES_URL } from './runner/registry.ts';
import { reproduce, USAGE } from './runner/reproduction.ts';

runMain(() => reproduce(process.argv.slice(2), { probes: PROBES_URL }), USAGE);
