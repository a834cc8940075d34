// The report in a real browser: runs the smoke experiment into a temp folder, opens its report.html from file://
// in Debian's Chromium (headless, driven by playwright-core) and checks what a reader would see: both loss charts
// with one line per trial, one heatmap cell per trial whose text is runs.csv's accuracy, no console error and no
// request beyond the page itself. Leaves a screenshot at <results>/smoke/report.png. Then made-up folders of 1,000
// and 10,000 trials and a 300-value single-axis sweep: `sweep report` exits 0, report.html is under 5 MB and opens
// without a console error.
// Not a *.test.js file, so `make test` does not start a browser; `make e2e` runs it.
// usage: node dist/test/e2e/report.e2e.js   (CHROMIUM=/path/to/binary to use another browser binary)
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { percent } from '../../src/report/tables.js';
import { readCsv, sweep, tempDir } from '../helpers/cli.js';
import { writeSyntheticResults, yamlRange } from '../helpers/synthetic-results.js';

const ARGS = ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

function isElf(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    const fd = openSync(file, 'r');
    const head = Buffer.alloc(4);
    readSync(fd, head, 0, 4, 0);
    closeSync(fd);
    return head.toString('latin1') === '\x7fELF';
  } catch {
    return false;
  }
}

/** The Chromium binary itself (not the /usr/bin/chromium wrapper script): $CHROMIUM, else from `dpkg -L chromium`. */
export function chromiumBinary(): string {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  let listed: string[] = [];
  try {
    listed = execFileSync('dpkg', ['-L', 'chromium'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n');
  } catch {
    // not a Debian system, or chromium not installed: try the usual place
  }
  const found = [...listed.filter((f) => /\/chromium$/.test(f)), '/usr/lib/chromium/chromium'].find(isElf);
  if (!found) throw new Error('no Chromium binary: run `bash scripts/setup-system.sh` (installs Debian\'s chromium), or set CHROMIUM=/path/to/chromium');
  return found;
}

interface PageLog {
  consoleErrors: string[];
  pageErrors: string[];
  requests: string[];
  failedRequests: string[];
}

async function openLogged(browser: Browser, url: string): Promise<{ page: Page; log: PageLog }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const log: PageLog = { consoleErrors: [], pageErrors: [], requests: [], failedRequests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') log.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => log.pageErrors.push(e.message));
  page.on('request', (r) => log.requests.push(r.url()));
  page.on('requestfailed', (r) => log.failedRequests.push(`${r.url()}: ${r.failure()?.errorText ?? ''}`));
  await page.goto(url, { waitUntil: 'load' });
  return { page, log };
}

/** "lr: 0.1; epochs: 3; text: 19.00%" → { lr: "0.1", epochs: "3", text: "19.00%" } */
function ariaFields(label: string): Record<string, string> {
  return Object.fromEntries(label.split('; ').map((part) => [part.slice(0, part.indexOf(': ')), part.slice(part.indexOf(': ') + 2)]));
}

const Report = suite('report.html in Chromium');
const state: { browser?: Browser; dir: string; started: number } = { dir: '', started: 0 };

Report.before(async () => {
  state.started = Date.now();
  const results = tempDir('mlp-sweep-e2e-');
  const run = sweep(['run', 'experiments/smoke.yaml', '--results', results]);
  assert.is(run.code, 0, run.stderr);
  state.dir = join(results, 'smoke');
  state.browser = await chromium.launch({ executablePath: chromiumBinary(), headless: true, args: ARGS });
});

Report.after(async () => {
  await state.browser?.close();
  process.stdout.write(`e2e: ${((Date.now() - state.started) / 1000).toFixed(1)} s; results and screenshot in ${state.dir}\n`);
});

Report('should render both loss charts, the heatmap and the tables without errors or network requests', async () => {
  const file = join(state.dir, 'report.html');
  assert.ok(existsSync(file), 'report.html written by sweep run');
  const url = pathToFileURL(file).href;
  const { page, log } = await openLogged(state.browser as Browser, url);
  const runs = readCsv(join(state.dir, 'runs.csv'));

  const lines = await page.locator('#loss svg [aria-roledescription="line mark"]').count();
  assert.is(lines, 2 * runs.length, 'one line per trial in each of the two loss charts (linear, log)');
  const strokes = await page.locator('#loss svg [aria-roledescription="line mark"]').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('stroke')))]);
  assert.is(strokes.length, runs.length, 'one colour per trial');
  const legend = await page.locator('#loss svg .role-legend-label text').allTextContents();
  assert.equal(legend.sort(), runs.map((r) => `lr=${r.lr}, epochs=${r.epochs}`).sort(), 'legend names each trial by its hyperparameters');

  assert.is(await page.locator('#accuracy svg').count(), 1);
  const cells = await page.locator('#accuracy svg [aria-roledescription="rect mark"]').count();
  assert.is(cells, runs.length, 'one heatmap cell per grid point');
  const texts = await page.locator('#accuracy svg [aria-roledescription="text mark"]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  const shown = new Map(texts.map(ariaFields).map((f) => [`${f.lr} ${f.epochs}`, f.text]));
  for (const r of runs) assert.is(shown.get(`${r.lr} ${r.epochs}`), percent(Number(r.test_accuracy)), `cell lr=${r.lr} epochs=${r.epochs}`);
  const visible = await page.locator('#accuracy svg [aria-roledescription="text mark"]').allTextContents();
  assert.equal(visible.sort(), runs.map((r) => percent(Number(r.test_accuracy))).sort(), 'the cells show the accuracies');

  assert.match(await page.locator('#expectations').innerText(), '✓');
  assert.is(await page.locator('#trials tbody tr').count(), runs.length);
  assert.match(await page.locator('#experiment pre').innerText(), 'name: smoke');
  const box = await page.locator('#loss svg').boundingBox();
  assert.ok(box !== null && box.width > 600 && box.height > 250, `loss charts drawn at a readable size, got ${JSON.stringify(box)}`);

  await page.screenshot({ path: join(state.dir, 'report.png'), fullPage: true });
  await page.close();
  assert.equal(log.consoleErrors, [], 'no console errors or warnings');
  assert.equal(log.pageErrors, [], 'no uncaught exceptions');
  assert.equal(log.failedRequests, [], 'no failed requests');
  assert.equal(log.requests, [url], 'no request but the page itself');
});

Report('should render the comparison report with both heatmaps and a delta map', async () => {
  const file = join(state.dir, 'compare.html');
  const r = sweep(['compare', 'results/smoke', state.dir, '--report', file]);
  assert.is(r.code, 0, r.stdout + r.stderr);
  const url = pathToFileURL(file).href;
  const { page, log } = await openLogged(state.browser as Browser, url);
  assert.is(await page.locator('#heatmaps svg').count(), 2);
  assert.is(await page.locator('#heatmaps svg [aria-roledescription="rect mark"]').count(), 8);
  const deltas = await page.locator('#delta svg [aria-roledescription="text mark"]').allTextContents();
  assert.equal(deltas, ['+0.00', '+0.00', '+0.00', '+0.00'], 'the same results: no delta');
  await page.screenshot({ path: join(state.dir, 'compare.png'), fullPage: true });
  await page.close();
  assert.equal([...log.consoleErrors, ...log.pageErrors, ...log.failedRequests], []);
  assert.equal(log.requests, [url]);
});

const Many = suite('report.html of many trials in Chromium');
const many: { root: string; browser?: Browser } = { root: '' };

Many.before(async () => {
  many.root = tempDir('mlp-sweep-e2e-many-');
  many.browser = await chromium.launch({ executablePath: chromiumBinary(), headless: true, args: ARGS });
});

Many.after(async () => {
  await many.browser?.close();
  process.stdout.write(`e2e: made-up folders and screenshots in ${many.root}\n`);
});

/** `sweep report` of a made-up folder: exit 0, report.html under 5 MB, opened without a console error. */
async function reportOf(name: string, grid: string): Promise<{ page: Page; dir: string }> {
  const dir = writeSyntheticResults(many.root, { name, grid, divergeEvery: 97, failEvery: 211 });
  const started = Date.now();
  const r = sweep(['report', dir]);
  const seconds = (Date.now() - started) / 1000;
  assert.is(r.code, 0, r.stdout + r.stderr);
  const size = statSync(join(dir, 'report.html')).size;
  process.stdout.write(`e2e: ${name}: report in ${seconds.toFixed(1)} s, ${(size / 1e6).toFixed(2)} MB\n`);
  assert.ok(size < 5e6, `report.html is ${size} bytes, want < 5 MB`);
  const url = pathToFileURL(join(dir, 'report.html')).href;
  const { page, log } = await openLogged(many.browser as Browser, url);
  await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
  assert.equal([...log.consoleErrors, ...log.pageErrors, ...log.failedRequests], [], 'no console error');
  assert.equal(log.requests, [url]);
  assert.is(await page.locator('#loss svg').count(), 1, 'a loss chart');
  assert.is(await page.locator('#accuracy svg').count(), 1, 'an accuracy chart');
  const legend = await page.locator('#loss svg .role-legend-label text').allTextContents();
  assert.ok(legend.length <= 8, `a short legend: the best few, the rest, the diverged; got ${legend.length} entries`);
  return { page, dir };
}

Many('a 1,000-trial folder should give a report under 5 MB that opens without errors', async () => {
  const { page } = await reportOf('t1000', `{lr: ${yamlRange(10, 0.01, 0.05)}, hidden: ${yamlRange(10, 8, 16, 0)}, epochs: 10, seed: ${yamlRange(10, 1, 1, 0)}}`);
  assert.ok((await page.locator('#accuracy svg [aria-roledescription="line mark"]').count()) > 0, 'parallel coordinates');
  await page.close();
});

Many('a 10,000-trial folder should give a report under 5 MB that opens without errors', async () => {
  const { page } = await reportOf('t10000', `{lr: ${yamlRange(10, 0.01, 0.05)}, epochs: [10, 20], hidden: ${yamlRange(5, 16, 32, 0)}, seed: ${yamlRange(100, 1, 1, 0)}}`);
  assert.ok((await page.locator('#accuracy svg path').count()) > 10, 'parallel coordinates');
  await page.close();
});

Many('a 300-value single-axis sweep should show a line chart, not a tall heatmap', async () => {
  const { page } = await reportOf('lr300', `{lr: ${yamlRange(300, 0.001, 0.001)}, epochs: 10}`);
  assert.is(await page.locator('#accuracy svg [aria-roledescription="rect mark"]').count(), 0, 'no heatmap cells');
  assert.ok((await page.locator('#accuracy svg [aria-roledescription="line mark"]').count()) >= 1, 'a line');
  const box = await page.locator('#accuracy svg').boundingBox();
  assert.ok(box !== null && box.height < 600, `a chart of ordinary height, got ${JSON.stringify(box)}`);
  await page.close();
});

Report.run();
Many.run();
