// The inset of Figure 3 (reply to reviewer 1): the deeper the net, the smaller Fromage's learning rate must be —
// Lemma 2's largest safe relative step (1 + cos θ)^{1/L} − 1 shrinks like 1/L (with cos θ = 1: 0.26 at L = 3 weight
// layers, 0.028 at L = 25).
//
// The paper's claim: Fromage at lr 0.1 trains to depth 10 (0.9976) and fails from depth 15 (0.1124), while lr 0.01
// trains to depth ~27. Scaled setting: as figure3.spec.ts (setup.ts FIG3: the digits 0–2 of 1,000 at 14×14, width
// 32, batch 32, 500 steps, seeds 1 and 2), at depths 2 and 24.
//
// Calibration (seeds 1, 2): depth 2: Fromage 0.1 = 0.996, 0.947; 0.01 = 1.000, 1.000.
//                           depth 24: Fromage 0.1 = 0.366, 0.367 (chance); 0.01 = 0.875, 0.881.
// Margins as figure3.spec.ts: "trains" ≥ 0.6, "fails" < 0.45 (a dead net scores 0.366).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AT_CHANCE, FIG3, fig3Run, trainedAccuracy, TRAINS } from './setup.ts';

const { shallow, deep } = FIG3.depths;

for (const seed of FIG3.seeds) {
  test(`inset, seed ${seed}: Fromage at lr 0.1 trains the depth-${shallow} net and fails the depth-${deep} one`, () => {
    const a = trainedAccuracy(fig3Run('fromage', 0.1, shallow, seed));
    const b = trainedAccuracy(fig3Run('fromage', 0.1, deep, seed));
    assert.ok(a >= TRAINS, `Fromage lr 0.1 reached ${a} at depth ${shallow} (expected to train, ≥ ${TRAINS})`);
    assert.ok(b < AT_CHANCE, `Fromage lr 0.1 reached ${b} at depth ${deep} (expected a failure, < ${AT_CHANCE})`);
  });

  test(`inset, seed ${seed}: Fromage at lr 0.01 trains both`, () => {
    for (const depth of [shallow, deep]) {
      const a = trainedAccuracy(fig3Run('fromage', 0.01, depth, seed));
      assert.ok(a >= TRAINS, `Fromage lr 0.01 reached ${a} at depth ${depth} (expected to train, ≥ ${TRAINS})`);
    }
  });
}

test.run();
