// `npm start` — reproduce the paper's figures; see docs/reproduction.md and `npm start -- --help`.
import { runMain } from './runner/cli.ts';
import { reproduce, USAGE } from './runner/reproduction.ts';

runMain(() => reproduce(process.argv.slice(2)), USAGE);
