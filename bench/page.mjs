// The Plansight page itself, timed in headless Chromium (run by `cargo xtask
// bench` after the peer harness; appends section E to bench/RESULTS.md and
// writes bench/page.json). The page marks what it does (performance.measure
// 'plansight-update' and 'plansight-open', mark 'plansight-first-chart'); a
// redraw "to frame" is the click until the next animation frame has run.
import { bigArrow, bigPlan, launch, ROOT } from '../tests/e2e/helpers.mjs';
import { appendFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const ms = (x) => (x >= 10 ? x.toFixed(0) : x.toFixed(1));

/** Opens a file as a person does: the pointer on the open button first (which
 *  starts the readers' worker, see warmReader in app.js), then the file chosen. */
async function choose(tab, file) {
  await tab.hover('#open-label');
  await tab.waitForTimeout(1000); // a file dialog is open longer than this
  await tab.setInputFiles('#file', file);
}

/** Filter clicks (an action on, then off): script ms and click-to-frame ms. */
async function clicks(page, times = 12) {
  const toFrame = [];
  for (let i = 0; i < times; i++) {
    toFrame.push(await page.evaluate(() => new Promise((resolve) => {
      const t0 = performance.now();
      document.querySelector('#actions button:nth-child(2)').click();
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0)));
    })));
  }
  const script = await page.evaluate((n) => performance.getEntriesByName('plansight-update').slice(-n).map((e) => e.duration), times);
  return { script: median(script.slice(2)), frame: median(toFrame.slice(2)) };
}

const browser = await launch();
const rows = [];
// A million projects as Arrow (apache-arrow writes it), read from disk by the page.
const million = path.join(ROOT, 'target/bench-million.arrow');
mkdirSync(path.dirname(million), { recursive: true });
writeFileSync(million, (await bigArrow(1_000_000)).bytes);
const url = pathToFileURL(path.join(ROOT, 'dist/plansight.html')).href;
for (let run = 0; run < 5; run++) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  const first = await page.evaluate(() => performance.getEntriesByName('plansight-first-chart')[0].startTime);
  rows.push({ what: 'seed: first chart (single file, cold tab)', value: first });
  if (run === 0) {
    const seed = await clicks(page);
    rows.push({ what: 'seed (33 projects): filter click, script', value: seed.script }, { what: 'seed: filter click to next frame', value: seed.frame });
    for (const n of [3000, 30000]) {
      await page.setInputFiles('#file', { name: `plan-${n}.csv`, mimeType: 'text/csv', buffer: bigPlan(n) });
      await page.waitForFunction((k) => (document.querySelector('#message')?.textContent ?? '').includes(`${k} 个项目`), n, { timeout: 120000 });
      const open = await page.evaluate(() => performance.getEntriesByName('plansight-open').at(-1).duration);
      const c = await clicks(page);
      rows.push({ what: `${n.toLocaleString('en')} projects: open (read + first draw)`, value: open },
        { what: `${n.toLocaleString('en')} projects: filter click, script`, value: c.script },
        { what: `${n.toLocaleString('en')} projects: filter click to next frame`, value: c.frame });
    }
    // Many plans at once: 100 plans of 50 projects each opened as a set, then a filter click.
    const set = Array.from({ length: 100 }, (_, i) => ({ name: `县${i + 1}.csv`, mimeType: 'text/csv', buffer: bigPlan(50) }));
    const t0 = Date.now();
    await page.setInputFiles('#file', set);
    await page.waitForFunction(() => /已载入 100 个规划/.test(document.querySelector('#message')?.textContent ?? ''), null, { timeout: 120000 });
    const opened = Date.now() - t0;
    const sc = await clicks(page);
    rows.push({ what: '100 plans (5,000 projects) opened as a set (read all, plans table, first draw)', value: opened },
      { what: '100 plans: filter click on the plan shown, script', value: sc.script },
      { what: '100 plans: filter click to next frame', value: sc.frame });
  }
  await page.close();
}
{
  // The Arrow path: read in a worker (progress shown), then handed to the page as
  // columns, in a tab of its own (as the engines' tables below): wasm memory never
  // shrinks, so a peak is one table's, and the plans opened before leave no work behind.
  const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await tab.goto(url);
  await tab.waitForSelector('body[data-ready="true"]');
  await choose(tab, million);
  await tab.waitForFunction(() => (document.querySelector('#message')?.textContent ?? '').includes('1000000 个项目'), null, { timeout: 240000 });
  const open = await tab.evaluate(() => performance.getEntriesByName('plansight-open').at(-1).duration);
  const memory = await tab.evaluate(() => performance.getEntriesByName('plansight-memory').at(-1).detail);
  const c = await clicks(tab, 6);
  rows.push({ what: '1,000,000 projects (Arrow, 99 MB): open (worker read + columns + first draw)', value: open },
    { what: '1,000,000 projects: filter click, script', value: c.script },
    { what: '1,000,000 projects: filter click to next frame', value: c.frame },
    { what: '1,000,000 projects: peak wasm memory, worker (MB)', value: memory.worker / 1048576 },
    { what: '1,000,000 projects: peak wasm memory, page (MB)', value: memory.page / 1048576 });
  await tab.close();
}

// The same million projects as engines write them (pyarrow, in the venv `cargo xtask test`
// makes): Parquet (snappy) under Plansight's column names, and Parquet and Arrow under the
// Chinese headers pandas, polars and DuckDB write (read by the columns' meaning). Each in a
// fresh tab and worker: wasm memory never shrinks, so a peak is one table's.
const python = process.env.PLANSIGHT_PYTHON ?? path.join(ROOT, 'target/engine-venv/bin/python');
if (existsSync(python)) {
  const tables = [
    ['Parquet, snappy', 'target/bench-million.parquet'],
    ['Parquet, snappy, Chinese headers', 'target/bench-million-zh.parquet'],
    ['Arrow, Chinese headers', 'target/bench-million-zh.arrow'],
  ].map(([what, file]) => [what, path.join(ROOT, file)]);
  const script = `import sys, pyarrow.ipc as ipc, pyarrow.parquet as pq
source, own, zh_parquet, zh_arrow = sys.argv[1:]
table = ipc.open_file(source).read_all()
pq.write_table(table, own, compression="snappy")
zh = table.drop_columns(["line"]).rename_columns(["序号", "项目类型", "项目名称", "总投资（亿元）", "开工年份", "竣工年份", "建设单位"])
pq.write_table(zh, zh_parquet, compression="snappy")
with ipc.new_file(zh_arrow, zh.schema) as w:
    w.write_table(zh, max_chunksize=65536)`;
  execFileSync(python, ['-c', script, million, ...tables.map(([, file]) => file)]);
  for (const [what, file] of tables) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]');
    await choose(page, file);
    await page.waitForFunction(() => (document.querySelector('#message')?.textContent ?? '').includes('1000000 个项目'), null, { timeout: 240000 });
    const open = await page.evaluate(() => performance.getEntriesByName('plansight-open').at(-1).duration);
    const memory = await page.evaluate(() => performance.getEntriesByName('plansight-memory').at(-1).detail);
    const mb = (statSync(file).size / 1048576).toFixed(0);
    rows.push({ what: `1,000,000 projects (${what}, ${mb} MB): open (worker read + columns + first draw)`, value: open },
      { what: `1,000,000 projects (${what}): peak wasm memory, worker (MB)`, value: memory.worker / 1048576 },
      { what: `1,000,000 projects (${what}): peak wasm memory, page (MB)`, value: memory.page / 1048576 });
    await page.close();
  }
} else {
  console.log(`no ${python}: the Parquet and Chinese-header rows are left out (cargo xtask test makes the venv)`);
}
await browser.close();

// Two editions of 10,000 projects each, matched natively (release CLI: read both, match, write JSON).
{
  const dir = path.join(ROOT, 'target/bench-editions');
  execFileSync('python3', [path.join(ROOT, 'tests/fixtures/editions/make.py'), '--big', '10000', dir]);
  execFileSync('cargo', ['build', '--release', '-q', '-p', 'plansight-cli'], { cwd: ROOT, stdio: 'inherit' });
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    execFileSync(path.join(ROOT, 'target/release/plansight'), ['compare', path.join(dir, 'big_2024.csv'), path.join(dir, 'big_2025.csv'), '--format', 'json', '-o', path.join(dir, 'out.json')]);
    times.push(performance.now() - t0);
  }
  rows.push({ what: 'two editions of 10,000 projects: read both + match + write (native, release CLI), median of 5', value: median(times) });
}

const firsts = rows.filter((r) => r.what.startsWith('seed: first chart')).map((r) => r.value);
const table = [{ what: 'seed: first chart (single file, cold tab), median of 5', value: median(firsts) }, ...rows.filter((r) => !r.what.startsWith('seed: first chart'))];
const lines = ['', '## E. The Plansight page (bench/page.mjs)', '',
  'dist/plansight.html from file:// in the same Chromium; the page\'s own performance marks. "script" = one redraw of every chart, table and note (performance.measure around `update()`); "to next frame" = a click until the next animation frame has run (style, layout and paint included). Median of 10 clicks after 2 warm-ups.', '',
  '| what | ms (or MB) |', '|---|---:|', ...table.map((r) => `| ${r.what} | ${ms(r.value)} |`)];
appendFileSync(path.join(ROOT, 'bench/RESULTS.md'), `${lines.join('\n')}\n`);
writeFileSync(path.join(ROOT, 'bench/page.json'), `${JSON.stringify(table, null, 2)}\n`);
console.log(lines.join('\n'));
