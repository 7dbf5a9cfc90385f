// Plans of thousands of projects in the single file: they open, the page stays
// a readable length (the Gantt shows the largest projects, tables show their
// first rows and more on request), a filter click redraws. Timings are printed
// for the record, never asserted (the machine is shared).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, open, load, rowCount, shot, DIST } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A CSV plan of `n` projects in six types, from a seeded generator. */
function plan(n) {
  let state = 20240601;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const types = ['交通互通共网', '产业互联共链', '创新协同共兴', '文旅品牌共荣', '民生智慧共享', '生态共管共治'];
  const lines = ['序号,类型,项目名称,总投资（亿元）,建设期限,建设单位'];
  for (let i = 1; i <= n; i++) {
    const start = 2019 + Math.floor(random() * 8);
    const end = Math.min(start + Math.floor(random() * 6), 2030);
    const amount = (0.1 + random() * random() * 50).toFixed(2);
    lines.push(`${i},${types[Math.floor(random() * 6)]},第${i}号重点项目,${amount},${start}-${end},某某建设有限公司${i % 97}`);
  }
  return Buffer.from(lines.join('\r\n'));
}

for (const n of [3000, 30000]) {
  test(`a plan of ${n} projects opens and stays usable`, async () => {
    const url = pathToFileURL(path.join(DIST, 'plansight.html')).href;
    const { context, page, errors } = await open(browser, url);
    const csv = plan(n);
    const t0 = Date.now();
    assert.match(await load(page, `big-${n}.csv`, csv), new RegExp(`${n} 个项目`));
    const opened = Date.now() - t0;
    assert.equal(await rowCount(page, 'projects'), 200, 'the first 200 rows');
    assert.match(await page.textContent('table[data-table="projects"] tr.more'), new RegExp(`还有 ${n - 200} 行`));
    const gantt = await page.$eval('canvas[data-chart="timeline"]', (c) => c.clientHeight);
    assert.ok(gantt < 1600, `the Gantt is ${gantt} px tall`);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(height < 60000, `the page is ${height} px tall`);
    // A filter click redraws every chart and table.
    const t1 = Date.now();
    await page.click('#actions button:first-child');
    await page.waitForFunction(() => document.querySelectorAll('#chips .chip').length === 1);
    const redraw = Date.now() - t1;
    const kept = await page.$eval('#table-projects h2 .muted', (s) => s.textContent);
    assert.match(kept, new RegExp(`/ ${n}\\)`));
    await page.click('table[data-table="projects"] tr.more button');
    await page.waitForFunction(() => document.querySelectorAll('table[data-table="projects"] tbody tr').length > 201);
    console.log(`# ${n} projects: opened in ${opened} ms, a filter click redrew in ${redraw} ms, page ${height} px`);
    await shot(page, `big-${n}.png`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
