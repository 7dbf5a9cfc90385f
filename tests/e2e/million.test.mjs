// A table of a million projects as Arrow (written by apache-arrow, not by us),
// opened in the single file from file:// with the network blocked: it is read
// in a worker while the page keeps drawing frames and shows progress; the
// headline equals the file's exact total; charts aggregate and tables show
// their first rows; a filter click redraws. Timings and memory are printed for
// the record, never asserted (the machine is shared).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, open, rowCount, shot, bigArrow, DIST, OUT, ROOT, URL_BASE } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const N = 1_000_000;

/** 分 of 亿元/100 as the page prints an amount: two decimals, trailing zeros dropped. */
function printed(cents) {
  const s = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
  return s.replace(/0+$/, '').replace(/\.$/, '');
}

test(`a table of ${N.toLocaleString('en')} projects as Arrow: read in a worker with progress, the page responsive`, async () => {
  const { bytes, cents } = await bigArrow(N);
  mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, 'million.arrow');
  writeFileSync(file, bytes);
  const url = pathToFileURL(path.join(DIST, 'plansight.html')).href;
  const { context, page, errors, blocked } = await open(browser, url);
  // What the page does while the worker reads: progress values it shows, and
  // the animation frames it draws (a blocked main thread draws none).
  await page.evaluate(() => {
    window.seen = { progress: [], frames: 0 };
    const bar = document.querySelector('#progress progress');
    new MutationObserver(() => { if (!bar.closest('[hidden]')) window.seen.progress.push(bar.value); })
      .observe(document.getElementById('progress'), { subtree: true, attributes: true, childList: true, characterData: true });
    const tick = () => { if (window.seen.progress.length) window.seen.frames++; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  const t0 = Date.now();
  await page.setInputFiles('#file', file);
  await page.waitForFunction(() => /已载入/.test(document.querySelector('#message')?.textContent ?? ''), null, { timeout: 240000 });
  const opened = Date.now() - t0;
  assert.match(await page.textContent('#message'), new RegExp(`million\\.arrow：${N} 个项目`));
  assert.equal(await page.isHidden('#progress'), true, 'the progress bar goes when the table is read');

  const seen = await page.evaluate(() => window.seen);
  const partial = [...new Set(seen.progress.filter((v) => v > 0 && v < 1))];
  assert.ok(partial.length >= 3, `progress shown as batches were read: ${partial.join(', ')}`);
  assert.ok(seen.frames >= 3, `the page drew ${seen.frames} frames while the worker read`);

  // The headline is the file's exact total, to the last digit.
  const headline = await page.$$eval('#figures .figure .value', (v) => v.map((x) => x.textContent));
  // Grouped by three as statistical tables print them; exact to the last digit.
  assert.equal(headline[0], N.toLocaleString('en'));
  assert.match(headline[1], /^\d{1,3}(,\d{3})+(\.\d+)?$/);
  assert.equal(headline[1].replaceAll(',', ''), printed(cents));

  // The load reports the table and the role of each of its columns.
  const read = await page.$$eval('#read li .columns span', (spans) => spans.map((x) => x.textContent));
  assert.deepEqual(read.slice(0, 4), ['no → 序号', 'type → 类型／领域', 'name → 项目名称', 'investment → 计划总投资（亿元）']);

  // The data checks ran (in the worker): every repeat of project 1's name is noted.
  const notes = await page.$$eval('#notes li', (l) => l.map((x) => x.textContent));
  assert.deepEqual(notes.filter((n) => n.includes('同名')).map((n) => n.match(/项目 (\d+) 与第 1 行/)?.[1]), ['250000', '500000', '750000', '1000000']);

  // Charts aggregate, tables show their first rows: no million DOM rows.
  assert.equal(await rowCount(page, 'projects'), 200);
  const gantt = await page.$eval('canvas[data-chart="timeline"]', (c) => c.clientHeight);
  assert.ok(gantt < 1600, `the Gantt is ${gantt} px tall`);
  const t1 = Date.now();
  await page.click('#actions button:first-child');
  await page.waitForFunction(() => document.querySelectorAll('#chips .chip').length === 1, null, { timeout: 60000 });
  const redraw = Date.now() - t1;
  const script = await page.evaluate(() => performance.getEntriesByName('plansight-update').at(-1).duration);
  const [took, firstDraw] = await page.evaluate(() => {
    const take = performance.getEntriesByName('plansight-take-columns')[0];
    return [take.duration, performance.getEntriesByName('plansight-update').at(-2).duration];
  });
  assert.match(await page.$eval('#table-projects h2 .muted', (s) => s.textContent), new RegExp(`/ ${N}\\)`));
  // A sort of a million rows shows the largest first.
  const sortButton = 'button[data-sort="projects"][data-key="investment"]';
  await page.click(sortButton);
  await page.waitForFunction(() => /investment\.asc/.test(location.hash), null, { timeout: 60000 });
  await page.click(sortButton);
  await page.waitForFunction(() => /investment\.desc/.test(location.hash), null, { timeout: 60000 });
  const first = await page.$$eval('table[data-table="projects"] tbody tr', (rows) => rows.slice(0, 3).map((r) => Number(r.children[3].textContent)));
  assert.ok(first[0] >= first[1] && first[1] >= first[2], `largest first: ${first}`);

  const memory = await page.evaluate(() => performance.getEntriesByName('plansight-memory').at(-1)?.detail);
  const mb = (b) => `${Math.round(b / 1048576)} MB`;
  console.log(`# ${N} rows (${mb(bytes.length)} Arrow): opened in ${opened} ms, a filter click redrew in ${redraw} ms (${Math.round(script)} ms of script); ` +
    `the main thread took the columns in ${Math.round(took)} ms and drew them in ${Math.round(firstDraw)} ms; peak wasm memory: worker ${mb(memory.worker)}, page ${mb(memory.page)}; ${seen.frames} frames drawn while reading`);
  await shot(page, 'million.png');
  assert.deepEqual(errors, []);
  assert.deepEqual(blocked, []);
  await context.close();
});

test(`a table of ${N.toLocaleString('en')} projects as pyarrow writes Parquet by default: read in the worker with progress, the total exact`, async () => {
  // Written by pyarrow (snappy, one row group of a million rows, a category
  // column, decimal 万元, Chinese column names); read 65,536 rows at a time.
  const python = process.env.PLANSIGHT_PYTHON ?? path.join(ROOT, 'target/engine-venv/bin/python');
  const dir = path.join(OUT, 'million-parquet');
  execFileSync(python, [path.join(ROOT, 'tests/engine/make_tables.py'), dir, String(N), '--big'], { stdio: 'inherit' });
  const want = JSON.parse(readFileSync(path.join(dir, 'big.json'), 'utf8'));
  const url = pathToFileURL(path.join(DIST, 'plansight.html')).href;
  const { context, page, errors, blocked } = await open(browser, url);
  await page.evaluate(() => {
    window.seen = [];
    const bar = document.querySelector('#progress progress');
    new MutationObserver(() => { if (!bar.closest('[hidden]')) window.seen.push(bar.value); })
      .observe(document.getElementById('progress'), { subtree: true, attributes: true, childList: true, characterData: true });
  });
  const t0 = Date.now();
  await page.setInputFiles('#file', path.join(dir, 'big.parquet'));
  await page.waitForFunction(() => /已载入|无法读取/.test(document.querySelector('#message')?.textContent ?? ''), null, { timeout: 300000 });
  const opened = Date.now() - t0;
  assert.match(await page.textContent('#message'), new RegExp(`big\.parquet：${N} 个项目`));
  const partial = [...new Set((await page.evaluate(() => window.seen)).filter((v) => v > 0 && v < 1))];
  assert.ok(partial.length >= 3, `progress shown as batches were read: ${partial.join(', ')}`);
  const headline = await page.$$eval('#figures .figure .value', (v) => v.map((x) => x.textContent));
  const cents = (BigInt(want.fen) + 50000000n) / 100000000n;
  assert.equal(headline[1].replaceAll(',', ''), `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`.replace(/0+$/, '').replace(/\.$/, ''));
  assert.match(await page.textContent('#read'), /总投资（万元） → 计划总投资（万元）/);
  const memory = await page.evaluate(() => performance.getEntriesByName('plansight-memory').at(-1)?.detail);
  console.log(`# ${N} rows of Parquet (${Math.round(statSync(path.join(dir, 'big.parquet')).size / 1048576)} MB): opened in ${opened} ms; peak wasm memory: worker ${Math.round(memory.worker / 1048576)} MB, page ${Math.round(memory.page / 1048576)} MB`);
  assert.deepEqual(errors, []);
  assert.deepEqual(blocked, []);
  await context.close();
});

test('served page: an Arrow table goes through the reader worker (a module worker importing the extras glue); a damaged one is refused', async () => {
  const { bytes, cents } = await bigArrow(20000);
  const { context, page, errors } = await open(browser, URL_BASE, { allowed: URL_BASE });
  // A damaged Arrow file: a message that names it, the seed stays, and the next file gets a fresh worker.
  await page.setInputFiles('#file', { name: 'cut.arrow', mimeType: 'application/vnd.apache.arrow.file', buffer: Buffer.from(bytes.subarray(0, 5000)) });
  await page.waitForFunction(() => /无法读取/.test(document.querySelector('#message')?.textContent ?? ''), null, { timeout: 60000 });
  assert.match(await page.textContent('#message'), /无法读取 .*，当前视图保持不变：.*Arrow/);
  assert.equal((await page.$$eval('#figures .figure .value', (v) => v.map((x) => x.textContent)))[0], '33');
  await page.setInputFiles('#file', { name: 'served.arrow', mimeType: 'application/vnd.apache.arrow.file', buffer: Buffer.from(bytes) });
  await page.waitForFunction(() => /已载入/.test(document.querySelector('#message')?.textContent ?? ''), null, { timeout: 60000 });
  assert.match(await page.textContent('#message'), /served\.arrow：20000 个项目/);
  const headline = await page.$$eval('#figures .figure .value', (v) => v.map((x) => x.textContent));
  assert.equal(headline[1].replaceAll(',', ''), printed(cents));
  assert.deepEqual(errors, []);
  await context.close();
});
