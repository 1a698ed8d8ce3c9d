// The playground in a real browser (Debian's chromium, driven by playwright-core): serves docs/ on a
// free localhost port, opens a URL that sets a configuration, trains, and checks what a teacher would:
// the loss fell, the decision boundary and the Figure 1 slice were drawn, the same URL gives the same
// curve bit for bit, and nothing went to the console as an error. Screenshots go to .spec-out/browser/.
// Needs `npm run build` first (the page loads docs/playground/build/). Run: npm run test:browser
// (`-- --readme-shot` also rewrites docs/playground/screenshot.png, the README's picture).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startServer } from '../scripts/serve.ts';

const root = resolve(new URL('..', import.meta.url).pathname);
const out = join(root, '.spec-out', 'browser');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const STEPS = 300;
const CONFIG = 'data=spirals&noise=0&train=50&depth=3&width=16&residual=0&act=relu&init=torch&opt=fromage&lr=0.01&batch=32&seed=7&every=10';

interface Hook {
  ready: Promise<void>;
  stepN(n: number): Promise<void>;
  lossHistory(): number[];
  evals(): { step: number; trainLoss: number }[];
  trust(): { margin: number; holds: boolean }[];
  slice(): Promise<void>;
  state(): { step: number; message: string | null; firstStepMs: number | null };
}
declare const window: { playground: Hook };

const failures: string[] = [];
function check(ok: boolean, what: string): void {
  console.log(`${ok ? '  ✓' : '  ✗'} ${what}`);
  if (!ok) failures.push(what);
}

/** Fraction of a canvas's pixels that are neither transparent nor plain white. */
function inked(page: Page, id: string): Promise<number> {
  return page.evaluate((canvasId) => {
    const c = document.getElementById(canvasId) as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 245 || d[i + 1] < 245 || d[i + 2] < 245)) n++;
    return n / (c.width * c.height);
  }, id);
}

async function main(): Promise<void> {
  for (const file of ['docs/playground/build/trustgrad.js', 'docs/playground/build/playground.js', 'docs/playground/build/worker.js']) {
    if (!existsSync(join(root, file))) throw new Error(`${file} is missing: run npm run build first`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  mkdirSync(out, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'trustgrad-chromium-'));
  const { server, url } = await startServer(join(root, 'docs'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1600, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const problems: string[] = [];
  try {
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));

    // The first visit starts the browser's renderer for the site; a user's browser is already running,
    // so the time to the first step is measured on the second visit (both are printed).
    console.log('playground: default page, autoplay (cold browser, then warm)');
    const firstStep: number[] = [];
    for (const visit of [0, 1]) {
      await page.goto('about:blank');
      await page.goto(`${url}playground/`);
      await page.waitForFunction(() => window.playground !== undefined && window.playground.state().firstStepMs !== null, null, { timeout: 15000 });
      firstStep[visit] = (await page.evaluate(() => window.playground.state().firstStepMs)) as number;
    }
    console.log(`    first training step ${firstStep[0].toFixed(0)} ms (cold browser), ${firstStep[1].toFixed(0)} ms (warm) after navigation start`);
    // A timing, so it is judged locally and only reported in CI (CI=true): shared machines are noisy and a
    // slow neighbour must not block a landing — the project keeps timing targets out of its CI gates.
    const withinSecond = firstStep[1] < 1000;
    if (process.env.CI === 'true') console.log(`    (CI: timing reported, not asserted) within a second: ${withinSecond ? 'yes' : 'no'}`);
    else check(withinSecond, `the first training step happens within a second of load (${firstStep[1].toFixed(0)} ms)`);
    check(await page.evaluate(async () => {
      const bundle = './build/trustgrad.js'; // resolved against the page, as a teacher's import would be
      const lib = await import(bundle) as { tensor(v: number[]): { sum(): { item(): number } } };
      return lib.tensor([1, 2, 3]).sum().item() === 6;
    }), 'the bundle imports into a page with one line and computes');
    await page.screenshot({ path: join(out, 'playground-default.png'), fullPage: true });

    console.log(`playground: ${CONFIG}, ${STEPS} steps`);
    await page.goto('about:blank');
    await page.goto(`${url}playground/#${CONFIG}&play=0`);
    await page.waitForFunction(() => window.playground !== undefined);
    await page.evaluate(() => window.playground.ready);
    await page.evaluate((n) => window.playground.stepN(n), STEPS);
    const first = await page.evaluate(() => window.playground.lossHistory());
    const evals = await page.evaluate(() => window.playground.evals());
    check(first.length === STEPS, `the page took ${STEPS} steps (got ${first.length})`);
    const startLoss = evals[0].trainLoss;
    const endLoss = evals[evals.length - 1].trainLoss;
    console.log(`    train loss ${startLoss.toFixed(4)} at step 0 → ${endLoss.toFixed(4)} at step ${evals[evals.length - 1].step}`);
    check(endLoss < 0.9 * startLoss, 'the full training loss fell by more than 10 %');
    const trust = await page.evaluate(() => window.playground.trust());
    check(trust.length > 0 && trust.every((t) => t.holds), `the trust monitor ran (${trust.length} readings) and Lemma 1 held at each`);
    const boundary = await inked(page, 'boundary');
    check(boundary > 0.5, `the decision-boundary heatmap is drawn (${(100 * boundary).toFixed(0)} % of pixels coloured)`);
    await page.evaluate(() => window.playground.slice());
    const slice = Math.min(await inked(page, 'sliceLoss'), await inked(page, 'sliceRho'));
    check(slice > 0.01, `the Figure 1 slice is plotted (${(100 * slice).toFixed(1)} % of pixels inked)`);
    await page.screenshot({ path: join(out, 'playground.png'), fullPage: true });

    console.log('playground: reload the same URL');
    await page.reload();
    await page.waitForFunction(() => window.playground !== undefined);
    await page.evaluate(() => window.playground.ready);
    await page.evaluate((n) => window.playground.stepN(n), STEPS);
    const second = await page.evaluate(() => window.playground.lossHistory());
    const same = second.length === first.length && second.every((v, i) => Object.is(v, first[i]));
    check(same, 'reloading the same URL gives the same loss curve, bit for bit');

    console.log('playground: MNIST subset, depth 10');
    await page.goto(`${url}playground/#data=mnist&depth=10&width=32&opt=adam&lr=0.001&batch=32&seed=3&play=0`);
    await page.waitForFunction(() => window.playground !== undefined);
    await page.evaluate(() => window.playground.ready);
    await page.evaluate(() => window.playground.stepN(100));
    const mnist = await page.evaluate(() => window.playground.evals());
    check(mnist[mnist.length - 1].trainLoss < mnist[0].trainLoss, 'MNIST loads from the shipped binary and trains');
    await page.screenshot({ path: join(out, 'playground-mnist.png'), fullPage: true });

    console.log('playground: LARS overflow is reported, not drawn as NaN');
    await page.goto(`${url}playground/#data=circle&depth=2&width=8&opt=lars&lr=10&seed=1&play=0`);
    await page.waitForFunction(() => window.playground !== undefined);
    await page.evaluate(() => window.playground.ready);
    await page.evaluate(() => window.playground.stepN(1000));
    const state = await page.evaluate(() => window.playground.state());
    check(state.message !== null && /LARS overflowed at step \d+/.test(state.message), `LARS at lr 10 stops with a message (${state.message?.slice(0, 60)}…)`);
    await page.screenshot({ path: join(out, 'playground-lars.png'), fullPage: true });
    if (process.argv.includes('--readme-shot')) {
      // The picture the README shows: a deeper net trained for a while, with its slice plotted.
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto('about:blank');
      await page.goto(`${url}playground/#data=spirals&noise=10&depth=6&width=16&opt=fromage&lr=0.01&batch=32&seed=2&play=0`);
      await page.evaluate(() => window.playground.ready);
      await page.evaluate(() => window.playground.stepN(1200));
      await page.evaluate(() => window.playground.slice());
      await page.screenshot({ path: join(root, 'docs', 'playground', 'screenshot.png'), fullPage: true });
      console.log('    wrote docs/playground/screenshot.png');
    }
    await page.close();
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.close(() => done()));
    rmSync(profile, { recursive: true, force: true });
  }
  check(problems.length === 0, `no console errors, page errors or failed requests${problems.length ? ': ' + problems.join('; ') : ''}`);
  console.log(`screenshots in ${out}`);
}

main().then(() => {
  if (failures.length > 0) {
    console.error(`\n${failures.length} check(s) failed`);
    process.exit(1);
  }
  console.log('\nplayground: all checks passed');
}, (e: unknown) => {
  console.error(e);
  process.exit(1);
});
