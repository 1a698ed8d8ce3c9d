// The playground in a real browser (Debian's chromium, driven by playwright-core), checking issue 15:
// every defect it lists is gone (defects.ts), everything TensorFlow Playground has is here (features.ts),
// the layout holds and every control is named at 1280, 1440, 1024 and 390 px (layout.ts), the
// <trustgrad-playground> element works on the example course page, the worker runs the WebAssembly SIMD
// kernel (and simd=0, the TypeScript kernel, gives the same curves bit for bit), and nothing is logged
// as an error.
// The playground's own logic is checked in Node first (units.ts). Screenshots go to .spec-out/browser/.
// Needs `npm run build` first. Run: npm run test:browser (`-- --readme-shot` also rewrites
// docs/playground/screenshot.png, the README's picture).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page, type Request } from 'playwright-core';
import { startServer } from '../scripts/serve.ts';
import { defectChecks } from './defects.ts';
import { courseChecks, featureChecks } from './features.ts';
import { check, failed, open } from './harness.ts';
import { layoutChecks } from './layout.ts';
import { unitChecks } from './units.ts';

const root = resolve(new URL('..', import.meta.url).pathname);
const out = join(root, '.spec-out', 'browser');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WIDTHS = [1280, 1440, 1024, 390];
// `-- --only defects,course` runs some sections: units, timings, layout, defects (or defect1 … defect11),
// features, course.
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? new Set(process.argv[onlyAt + 1].split(',')) : null;
const runs = (section: string): boolean => only === null || only.has(section);

/** Times from navigation to step 0 drawn, and from pressing Play to step 1 drawn (reported; judged only locally). */
async function timings(page: Page, base: string): Promise<void> {
  const ready: number[] = [];
  for (const visit of [0, 1]) {
    await page.goto('about:blank');
    await page.goto(`${base}playground/`);
    await page.waitForFunction(() => window.playground !== undefined && window.playground.state().readyMs !== null, null, { timeout: 15000 });
    ready[visit] = (await page.evaluate(() => window.playground.state().readyMs)) as number;
  }
  const pressed = await page.evaluate(() => performance.now());
  await page.locator('trustgrad-playground').locator('#play').click();
  await page.waitForFunction(() => window.playground.state().firstStepMs !== null);
  const firstStep = (await page.evaluate(() => window.playground.state().firstStepMs)) as number - pressed;
  await page.evaluate(() => window.playground.pause());
  console.log(`    step 0 drawn ${ready[0].toFixed(0)} ms (cold browser), ${ready[1].toFixed(0)} ms (warm) after navigation; first step ${firstStep.toFixed(0)} ms after pressing Play`);
  // Timings: judged locally, only reported in CI (CI=true) — shared machines are noisy.
  if (process.env.CI === 'true') console.log('    (CI: timings reported, not asserted)');
  else check(ready[1] < 1000 && firstStep < 500, `the page is ready within a second of load (${ready[1].toFixed(0)} ms) and Play answers within half a second (${firstStep.toFixed(0)} ms)`);
}

async function main(): Promise<void> {
  for (const file of ['docs/playground/build/trustgrad.js', 'docs/playground/build/playground.js', 'docs/playground/build/worker.js']) {
    if (!existsSync(join(root, file))) throw new Error(`${file} is missing: run npm run build first`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  if (runs('units')) unitChecks();
  mkdirSync(out, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'trustgrad-chromium-'));
  const { server, url } = await startServer(join(root, 'docs'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const problems: string[] = [];
  const watch = (page: Page): Page => {
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    // Cancel and Reset end workers with terminate(); one still fetching its scripts aborts those fetches.
    const ownAbort = (r: Request): boolean => /\/build\/(worker|trustgrad)\.js$/.test(r.url()) && r.failure()?.errorText === 'net::ERR_ABORTED';
    page.on('requestfailed', (r) => {
      if (!ownAbort(r)) problems.push(`request failed: ${r.url()} (${r.failure()?.errorText}) on ${page.url()}`);
    });
    return page;
  };
  try {
    const page = watch(await context.newPage());
    if (runs('timings')) {
      console.log('timings');
      await timings(page, url);
    }
    for (const width of runs('layout') ? WIDTHS : []) {
      console.log(`layout at ${width} px`);
      await page.setViewportSize({ width, height: 900 });
      await open(page, url, 'every=5');
      await page.evaluate(() => window.playground.stepN(600));
      await page.evaluate(() => window.playground.slice());
      await page.locator('trustgrad-playground').locator('summary').click(); // the teacher panel, open
      await layoutChecks(page, width);
      await page.screenshot({ path: join(out, `playground-${width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    if (runs('defects') || [...(only ?? [])].some((s) => s.startsWith('defect'))) {
      await defectChecks(page, url, context, root, (name) => runs('defects') || runs(name));
      await page.screenshot({ path: join(out, 'playground-defects.png'), fullPage: true });
    }
    if (runs('features')) await featureChecks(page, url);
    if (runs('course')) {
      await courseChecks(page, url);
      await page.screenshot({ path: join(out, 'course-example.png'), fullPage: true });
    }
    if (process.argv.includes('--readme-shot')) {
      // The README's picture: the default run after 3,000 steps, with its slice.
      await page.setViewportSize({ width: 1440, height: 900 });
      await open(page, url, '');
      await page.evaluate(() => window.playground.stepN(3000));
      await page.evaluate(() => window.playground.slice());
      await page.screenshot({ path: join(root, 'docs', 'playground', 'screenshot.png'), fullPage: true, clip: { x: 0, y: 0, width: 1440, height: 1500 } });
      console.log('    wrote docs/playground/screenshot.png');
    }
    await page.close();
  } finally {
    await context.close();
    await new Promise<void>((done) => server.close(() => done()));
    rmSync(profile, { recursive: true, force: true });
  }
  check(problems.length === 0, `no console errors, page errors or failed requests${problems.length ? ': ' + problems.slice(0, 5).join('; ') : ''}`);
  console.log(`screenshots in ${out}`);
}

const started = Date.now();
main().then(() => {
  const bad = failed();
  console.log(`\n${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (bad.length > 0) {
    console.error(`${bad.length} check(s) failed:\n  ${bad.join('\n  ')}`);
    process.exit(1);
  }
  console.log('playground: all checks passed');
}, (e: unknown) => {
  console.error(e);
  process.exit(1);
});
