// `npm run bench:optimisers` — compare optimisers on your own grid; see `--help` and docs/reproduction.md.
import { runMain } from './runner/cli.ts';
import { compare, COMPARE_USAGE } from './runner/compare.ts';

runMain(() => compare(process.argv.slice(2)), COMPARE_USAGE);
