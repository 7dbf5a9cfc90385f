// Shared set-up for the browser tests: Debian's Chromium through playwright-core
// (no browser download), a page that records console errors, and pixel checks.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const URL_BASE = process.env.PLANSIGHT_URL ?? 'http://127.0.0.1:8000/';
export const DIST = process.env.PLANSIGHT_DIST ?? path.join(ROOT, 'dist');
export const OUT = path.join(ROOT, 'tests/output');
export const SEED = path.join(ROOT, 'seeds/000_6484c7ca487d3a6f.txt');
mkdirSync(OUT, { recursive: true });

export const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launch() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
}

/** The core's own reading of the seed, through the CLI built by `cargo test`. */
export function coreJson() {
  const cli = process.env.PLANSIGHT_CLI ?? path.join(ROOT, 'target/debug/plansight');
  return JSON.parse(execFileSync(cli, ['parse', SEED], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
}

/**
 * Opens a page that only reaches `allowed` (a URL prefix, or nothing for file://):
 * every other request is aborted and counted. Console errors are collected.
 */
export async function open(browser, url, { allowed = null, scale = 1, viewport = { width: 1280, height: 900 }, ready = 'body[data-ready="true"]', colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: scale, acceptDownloads: true, colorScheme });
  const blocked = [];
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (allowed && u.startsWith(allowed)) return route.continue();
    if (u.startsWith('data:') || u.startsWith('blob:') || u.startsWith('file:')) return route.continue();
    blocked.push(u);
    return route.abort();
  });
  const page = await context.newPage();
  // Every Content-Security-Policy violation counts as an error.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector(ready, { timeout: 30000 });
  return { context, page, errors, blocked };
}

/** How many pixels of each chart canvas differ from its corner (background) pixel. */
export async function inkPerCanvas(page) {
  return page.$$eval('canvas[data-chart]', (canvases) => canvases.map((c) => {
    const ctx = c.getContext('2d');
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - data[0]) + Math.abs(data[i + 1] - data[1]) + Math.abs(data[i + 2] - data[2]) > 30) ink++;
    }
    return { id: c.dataset.chart, ink, width: c.width, height: c.height, cssWidth: c.clientWidth };
  }));
}

export async function canvasDigest(page, id) {
  return page.$eval(`canvas[data-chart="${id}"]`, (c) => c.toDataURL());
}

export async function rowCount(page, table) {
  return page.$$eval(`table[data-table="${table}"] tbody tr`, (rows) => rows.filter((r) => !r.querySelector('td[colspan]')).length);
}

/** Moves over a chart (in `frame`, the page by default) row by row until a tooltip containing `text` shows; returns the point. */
export async function hoverUntil(page, id, text, frame = page) {
  const canvas = frame.locator(`canvas[data-chart="${id}"]`);
  const box = await canvas.boundingBox();
  for (let y = 40; y < box.height - 20; y += 6) {
    for (const x of [box.width * 0.2, box.width * 0.12]) {
      await page.mouse.move(box.x + x, box.y + y);
      const tip = await frame.$eval('#tooltip', (t) => (t.hidden ? '' : t.textContent));
      if (tip.includes(text)) return { x: box.x + x, y: box.y + y, tip };
    }
  }
  throw new Error(`no tooltip with ${text} on ${id}`);
}

export async function shot(page, name) {
  await page.screenshot({ path: path.join(OUT, name), fullPage: false });
}

/** Opens a file in the page and waits for its load message; returns the message. */
export async function load(page, name, buffer) {
  const before = await page.$eval('#message', (m) => m.textContent);
  await page.setInputFiles('#file', { name, mimeType: 'application/octet-stream', buffer });
  await page.waitForFunction((b) => (document.querySelector('#message')?.textContent ?? '') !== b, before);
  return page.$eval('#message', (m) => m.textContent);
}

/** `n` projects in six types from a seeded generator (mulberry32), calling
 *  `row(no, type, name, amount, start, end, builder)` for each: the rows of
 *  `bigPlan` and `bigArrow`. */
function bigRows(n, row) {
  let state = 20240601;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const types = ['交通互通共网', '产业互联共链', '创新协同共兴', '文旅品牌共荣', '民生智慧共享', '生态共管共治'];
  for (let i = 1; i <= n; i++) {
    const start = 2019 + Math.floor(random() * 8);
    const end = Math.min(start + Math.floor(random() * 6), 2030);
    const amount = (0.1 + random() * random() * 50).toFixed(2);
    // Every 250,000th project repeats the first one's name (a data check to find).
    const name = i % 250000 === 0 ? '第1号重点项目' : `第${i}号重点项目`;
    row(i, types[Math.floor(random() * 6)], name, amount, start, end, `某某建设有限公司${i % 97}`);
  }
}

/** A CSV plan of `n` projects: the browser tests' and `bench/page.mjs`'s plan of thousands of projects. */
export function bigPlan(n) {
  const lines = ['序号,类型,项目名称,总投资（亿元）,建设期限,建设单位'];
  bigRows(n, (no, type, name, amount, start, end, builder) => lines.push(`${no},${type},${name},${amount},${start}-${end},${builder}`));
  return Buffer.from(lines.join('\r\n'));
}

/** The same projects as an Arrow IPC file in the columns of Plansight's export,
 *  written by apache-arrow (another implementation than ours) in batches of
 *  64Ki rows. Returns the file and the exact total in 分 of 亿元/100 (cents). */
export async function bigArrow(n) {
  const arrow = await import('apache-arrow');
  const BATCH = 1 << 16;
  const tables = [];
  let cents = 0;
  let batch;
  const flush = () => {
    tables.push(new arrow.Table({
      no: arrow.makeVector(Uint32Array.from(batch.no)),
      type: arrow.vectorFromArray(batch.type, new arrow.Utf8()),
      name: arrow.vectorFromArray(batch.name, new arrow.Utf8()),
      investment: arrow.makeVector(Float64Array.from(batch.investment)),
      start_year: arrow.makeVector(Int32Array.from(batch.start)),
      end_year: arrow.makeVector(Int32Array.from(batch.end)),
      builder: arrow.vectorFromArray(batch.builder, new arrow.Utf8()),
      line: arrow.makeVector(Uint32Array.from(batch.no)),
    }));
  };
  const fresh = () => ({ no: [], type: [], name: [], investment: [], start: [], end: [], builder: [] });
  batch = fresh();
  bigRows(n, (no, type, name, amount, start, end, builder) => {
    batch.no.push(no); batch.type.push(type); batch.name.push(name); batch.investment.push(Number(amount));
    batch.start.push(start); batch.end.push(end); batch.builder.push(builder);
    cents += Math.round(Number(amount) * 100);
    if (batch.no.length === BATCH) { flush(); batch = fresh(); }
  });
  if (batch.no.length) flush();
  const table = tables[0].concat(...tables.slice(1));
  return { bytes: arrow.tableToIPC(table, 'file'), cents };
}
