// Plans of thousands of projects in the single file: they open, the page stays
// a readable length (the Gantt shows the largest projects, tables show their
// first rows and more on request), a filter click redraws. Timings are printed
// for the record, never asserted (the machine is shared).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, open, load, rowCount, shot, bigPlan, DIST } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const n of [3000, 30000]) {
  test(`a plan of ${n} projects opens and stays usable`, async () => {
    const url = pathToFileURL(path.join(DIST, 'plansight.html')).href;
    const { context, page, errors } = await open(browser, url);
    const csv = bigPlan(n);
    const t0 = Date.now();
    assert.match(await load(page, `big-${n}.csv`, csv), new RegExp(`${n} 个项目`));
    const opened = Date.now() - t0;
    assert.equal(await rowCount(page, 'projects'), 200, 'the first 200 rows');
    assert.match(await page.textContent('#table-projects p.more'), new RegExp(`还有 ${n - 200} 行`));
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
    await page.click('#table-projects p.more button');
    await page.waitForFunction(() => document.querySelectorAll('table[data-table="projects"] tbody tr').length > 201);
    console.log(`# ${n} projects: opened in ${opened} ms, a filter click redrew in ${redraw} ms, page ${height} px`);
    await shot(page, `big-${n}.png`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
