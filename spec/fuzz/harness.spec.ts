// The fuzzer's own checks must catch what they claim to: a call that changes one bit, replaces a
// buffer with an equal copy, sets a .grad, throws a foreign error, names the wrong op or no offender.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fail } from '../../lib/errors.ts';
import { Tensor } from '../../lib/tensor.ts';
import { diffSnapshots, snapshot } from '../helpers/snapshot.ts';
import { check, type BadCall } from './harness.ts';

const t = () => new Tensor(new Float64Array([1, 0, 3]), [3], true);
const refuse = () => fail('op', 'bad (got [3])');
const base = (x: Tensor, call: () => unknown): BadCall => ({ what: 'x', op: 'op', mentions: ['[3]'], roots: [x], call });

test('harness: a clean refusal passes', () => {
  assert.is(check(base(t(), refuse)), null);
});

test('harness: a changed bit, −0 for +0, a NaN payload, a replaced buffer or a new .grad is caught', () => {
  const mutations: ((x: Tensor) => void)[] = [
    (x) => {
      x.data[2] = 3.0000000000000004;
    },
    (x) => {
      x.data[1] = -0;
    },
    (x) => {
      x.data[0] = NaN;
    },
    (x) => {
      x.data = Float64Array.from(x.data);
    },
    (x) => {
      x.grad = new Tensor(new Float64Array(3), [3]);
    },
    (x) => {
      x.requiresGrad = false;
    },
  ];
  for (const m of mutations) {
    const x = t();
    const problem = check(base(x, () => {
      m(x);
      refuse();
    }));
    assert.ok(problem !== null && problem.startsWith('state changed'), `${m.toString()}: ${problem}`);
  }
  const nan = new Float64Array([NaN]);
  const before = snapshot(nan);
  new DataView(nan.buffer).setUint32(0, 1, true); // another NaN payload
  assert.ok(diffSnapshots(before, snapshot(nan)) !== null, 'a different NaN payload is a change');
});

test('harness: no error, a foreign error, the wrong op or a missing offender is caught', () => {
  assert.match(check(base(t(), () => 0)) ?? '', 'no error');
  assert.match(check(base(t(), () => {
    throw new TypeError('x is undefined');
  })) ?? '', 'threw TypeError');
  assert.match(check({ ...base(t(), refuse), op: 'other' }) ?? '', 'does not start with');
  assert.match(check({ ...base(t(), refuse), mentions: ['[4]'] }) ?? '', 'does not mention');
});

test.run();
