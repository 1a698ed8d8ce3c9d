// Every export of lib/ has TSDoc, and every exported function and public method shows a call in it; the
// checker that says so flags an undocumented export and a doc comment without a call.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { undocumented, undocumentedInLib } from '../scripts/tsdoc.ts';

test('lib: every export is documented, functions and methods with a call', () => {
  const missing = undocumentedInLib(new URL('../lib/', import.meta.url).pathname);
  assert.equal(missing.map((m) => `lib/${m.file}:${m.line} ${m.name}: ${m.problem}`), []);
});

test('tsdoc check: flags a bare export, a method doc without a call, and skips private members and re-exports', () => {
  const source = [
    'export function bare(): void {}',
    '/** Adds. `add(1, 2)` */',
    'export function add(a: number, b: number): number { return a + b; }',
    '/** A box. `new Box()` */',
    'export class Box {',
    '  /** Opens it. */',
    '  open(): void {}',
    '  private secret(): void {}',
    '}',
    "export { other } from './other.ts';",
  ].join('\n');
  assert.equal(undocumented('x.ts', source).map((m) => `${m.name}: ${m.problem}`), ['bare: no TSDoc', 'Box.open: no call in its TSDoc']);
});

test.run();
