// The dashboard in a real browser: headless Chromium (Debian's package) driven by playwright-core.
// Submits a job from the page and sees it reach `complete` through the live event stream, opens
// its result, cancels a running job, retries a failed one, and takes screenshots (laptop and
// phone widths) into docs/. Run: `npm ci && node --test src/test/browser/` after `mvn -B verify`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startService } from './service.mjs';

const DATASET = [
  { id: 'm1', name: 'Aachen', year: 1880, mass: 21 },
  { id: 'm2', name: 'Aarhus', year: 1951, mass: 720 },
  { id: 'm3', name: 'Abee', year: 1952, mass: 107000 },
  { id: 'm4', name: 'Acapulco', year: 1976, mass: 1914 },
  { id: 'm5', name: 'Achiras', year: 1902, mass: 780 },
];
const LAPTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

let service;
let browser;
let page;
let chartJob;

async function api(method, path, body) {
  const response = await fetch(service.base + path, {
    method,
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

/** Long-polls GET /jobs/{id}?wait= until the job has one of `statuses`. */
async function awaitStatus(id, statuses, timeoutMs = 45000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { json } = await api('GET', '/jobs/' + id + '?wait=5');
    if (statuses.includes(json.status)) return json;
    if (Date.now() > deadline) throw new Error('job ' + id + ' is ' + json.status + ', not ' + statuses);
  }
}

/** Opens a job's detail from the jobs table, as a user does. */
async function openFromTable(id) {
  await page.click('#refresh');
  const link = page.locator('#jobs-body tr[data-job-id="' + id + '"] button');
  await link.waitFor({ timeout: 10000 });
  await link.click();
  await page.waitForSelector('#detail[data-job-id="' + id + '"]:not([hidden])');
}

before(async () => {
  service = await startService();
  assert.equal((await api('POST', '/data', DATASET)).status, 201);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
      '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: LAPTOP });
  page.on('pageerror', (err) => console.error('page error:', err));
  await page.goto(service.base + '/');
  await page.waitForSelector('#live.on');
  mkdirSync('docs', { recursive: true });
});

after(async () => {
  await browser?.close();
  await service?.stop();
});

test('the page is what browsers get at /, and every form control has a label', async () => {
  assert.equal(await page.title(), 'jobs-service dashboard');
  const unlabelled = await page.$$eval('input, select, textarea', (els) =>
    els.filter((e) => !document.querySelector('label[for="' + e.id + '"]')).map((e) => e.id || e.name));
  assert.deepEqual(unlabelled, []);
  // API clients still get JSON at /.
  assert.equal((await api('GET', '/')).json.service, 'jobs-service');
});

test('a job submitted from the page goes to complete live, and its result opens', async () => {
  await page.selectOption('#f-type', 'summary');
  await page.fill('#f-start', '1900');
  await page.fill('#f-end', '2000');
  await page.fill('#f-params', '{"value": "mass"}');
  await page.click('#submit-form button[type=submit]');
  await page.waitForSelector('#submit-msg:has-text("Submitted job")');
  const id = (await page.textContent('#submit-msg')).match(/Submitted job ([0-9a-f-]{36})/)[1];
  // The page opens the job it submitted.
  await page.waitForSelector('#detail[data-job-id="' + id + '"]:not([hidden])');
  // No reload and no polling of the job: the event stream moves it to complete.
  await page.waitForSelector('#detail[data-status="complete"]', { timeout: 20000 });
  await page.waitForSelector('#jobs-body tr[data-job-id="' + id + '"] [data-status="complete"]', { timeout: 10000 });
  await page.waitForSelector('#detail-result-box:not([hidden])');
  const result = JSON.parse(await page.textContent('#detail-result'));
  assert.equal(result.count, 4, '1951, 1952, 1976 and 1902 lie in [1900, 2000]');
  assert.equal(result.max, 107000);
  assert.match(await page.textContent('#detail-timeline'), /complete/);
  await page.waitForFunction(() => Number(document.getElementById('count-complete').textContent) >= 1);
});

test('a chart-drawing kind shows its chart', async () => {
  const submitted = await api('POST', '/jobs', { type: 'histogram', start: 1800, end: 2000, params: { value: 'mass' } });
  assert.equal(submitted.status, 201);
  chartJob = submitted.json.id;
  await awaitStatus(chartJob, ['complete']);
  await openFromTable(chartJob);
  await page.waitForSelector('#detail-chart:not([hidden])');
  const size = await page.$eval('#detail-chart', (img) => [img.naturalWidth, img.naturalHeight]);
  assert.ok(size[0] > 100 && size[1] > 100, 'a decoded PNG, got ' + size);
  assert.match(await page.getAttribute('#detail-chart', 'alt'), /histogram/);
});

test('the jobs table filters by status and is driven by the keyboard', async () => {
  await page.selectOption('#status-filter', 'complete');
  await page.waitForFunction(() => [...document.querySelectorAll('#jobs-body [data-status]')]
    .every((b) => b.dataset.status === 'complete'));
  await page.click('#close-detail');
  await page.waitForSelector('#detail', { state: 'hidden' });
  await page.focus('#jobs-body tr button');
  const id = await page.getAttribute('#jobs-body tr:first-child', 'data-job-id');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#detail[data-job-id="' + id + '"]:not([hidden])');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#detail', { state: 'hidden' });
  await page.selectOption('#status-filter', '');
});

test('cancel a running job from the page', async () => {
  const submitted = await api('POST', '/jobs', { type: 'sleep', start: 0, end: 0, params: { ms: 60000 } });
  assert.equal(submitted.status, 201);
  const id = submitted.json.id;
  await awaitStatus(id, ['in_progress']);
  await openFromTable(id);
  assert.equal(await page.isDisabled('#cancel'), false);
  await page.click('#cancel');
  await page.waitForSelector('#detail[data-status="cancelled"]', { timeout: 10000 });
  assert.equal((await api('GET', '/jobs/' + id)).json.status, 'cancelled');
  // The panel re-reads the job: a cancelled job can be retried, not cancelled again.
  await page.waitForSelector('#retry:not([disabled])');
  assert.equal(await page.isDisabled('#cancel'), true);
});

test('retry a failed job from the page', async () => {
  // A summary job fails when a record it reads is not JSON: make one so, in this test's own Redis.
  const recordsKey = service.redisCli('--scan', '--pattern', '*data*records*').split('\n')[0];
  assert.ok(recordsKey, 'the dataset records key');
  service.redisCli('HSET', recordsKey, 'm1', 'not json');
  // Workers keep a copy of the dataset until its version changes (the service raises it on each
  // change it makes); this change is made behind its back, so raise it here too.
  for (const key of service.redisCli('--scan', '--pattern', '*data-version*').split('\n').filter(Boolean)) {
    service.redisCli('INCR', key);
  }
  const submitted = await api('POST', '/jobs', { start: 1900, end: 2000, max_attempts: 1 });
  assert.equal(submitted.status, 201);
  const id = submitted.json.id;
  const failed = await awaitStatus(id, ['failed']);
  assert.ok(failed.error, 'a failed job says why');
  assert.equal((await api('POST', '/data', DATASET)).status, 201);
  await openFromTable(id);
  await page.waitForSelector('#detail-error-box:not([hidden])');
  assert.equal(await page.isDisabled('#retry'), false);
  await page.click('#retry');
  await page.waitForSelector('#detail[data-status="complete"]', { timeout: 20000 });
  assert.equal((await api('GET', '/jobs/' + id + '/results')).json.count, 4);
});

test('screenshots: a laptop and a phone, no sideways scrolling on the phone', async () => {
  if (chartJob) {
    await openFromTable(chartJob);
    await page.waitForSelector('#detail-chart:not([hidden])');
  }
  // The figures on the page catch up with the service's (live, or at the 10 s refresh at the latest).
  const stats = (await api('GET', '/stats')).json;
  await page.waitForFunction((expected) => ['complete', 'failed', 'cancelled'].every((s) =>
    Number(document.getElementById('count-' + s).textContent) === expected[s]), stats.by_status, { timeout: 15000 });
  await page.screenshot({ path: 'docs/dashboard-laptop.png', fullPage: true });
  const phone = await browser.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
  try {
    await phone.goto(service.base + '/');
    await phone.waitForSelector('#live.on');
    await phone.waitForSelector('#jobs-body tr[data-job-id]');
    // The newest job (the retried one): its timeline has a long error in it.
    await phone.click('#jobs-body tr[data-job-id] button');
    await phone.waitForSelector('#detail:not([hidden])');
    await phone.waitForSelector('#detail-result-box:not([hidden])');
    // Against the phone's width, not innerWidth: a mobile browser widens its layout to fit what overflows.
    const overflow = await phone.evaluate((width) => document.documentElement.scrollWidth - width, PHONE.width);
    assert.ok(overflow <= 1, 'no sideways scrolling on a phone, got ' + overflow + ' px');
    await phone.screenshot({ path: 'docs/dashboard-phone.png', fullPage: true });
  } finally {
    await phone.close();
  }
});
