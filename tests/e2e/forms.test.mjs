// The forms governments publish, opened in the single file from file:// with
// the network off: the seed as LibreOffice saves it (PDF from Word and from
// its HTML page, Word 97 .doc, Excel 97 .xls; `cargo xtask convert` makes
// them), the PDF corpus of tests/fixtures/pdf (fonts without ToUnicode,
// encryption, a scan, a password), and a plan in prose only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, open, rowCount, shot, load, DIST, ROOT } from './helpers.mjs';

const CONVERTED = process.env.PLANSIGHT_CONVERTED ?? path.join(ROOT, 'target/converted');
const PDFS = path.join(ROOT, 'tests/fixtures/pdf');
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function headline(page) {
  return page.$$eval('#figures .figure', (fs) => fs.map((f) => f.querySelector('.value').textContent));
}

/** The units column of the tasks table, row by row. */
async function taskUnits(page) {
  return page.$$eval('table[data-table="tasks"] tbody tr', (rows) => rows.map((r) => r.textContent));
}

test('the seed as PDF (from Word and from its HTML page), Word 97 .doc and Excel 97 .xls reads in the single file offline: 33 projects, 740.55 亿元, 34 tasks with their units', async () => {
  const url = pathToFileURL(path.join(DIST, 'plansight.html')).href;
  const { context, page, errors, blocked } = await open(browser, url);
  await context.setOffline(true);
  for (const file of ['seed.pdf', 'from-html/seed.pdf', 'seed.doc', 'seed.xls']) {
    const name = file.replace('/', '-');
    const message = await load(page, name, readFileSync(path.join(CONVERTED, file)));
    assert.match(message, new RegExp(`${name.replace('.', '\\.')}：33 个项目、34 项任务`), message);
    assert.equal((await headline(page))[1], '740.55', file);
    assert.equal(await rowCount(page, 'projects'), 33, file);
    assert.equal(await rowCount(page, 'tasks'), 34, file);
    const units = await taskUnits(page);
    assert.ok(units[0].includes('市交通运输局') && units[33].includes('市生态环境分局'), `${file}: ${units[0]} … ${units[33]}`);
    await shot(page, `forms-${name.replace(/\W/g, '-')}.png`);
  }
  assert.deepEqual(errors, []);
  assert.deepEqual(blocked, []);
  await context.close();
});

test('PDFs of every kind in the single file: CID fonts without ToUnicode, encrypted, rotated; a scan and a password get their message', async () => {
  const url = pathToFileURL(path.join(DIST, 'plansight.html')).href;
  const { context, page, errors, blocked } = await open(browser, url);
  await context.setOffline(true);
  const expected = JSON.parse(readFileSync(path.join(PDFS, 'expected.json'), 'utf8'));
  for (const want of expected) {
    const message = await load(page, want.file, readFileSync(path.join(PDFS, want.file)));
    if (want.error) {
      const words = { scan: /扫描件/, password: /需要密码/ }[want.error];
      assert.match(message, words, `${want.file}: ${message}`);
      // The plan shown before stays.
      assert.ok(await rowCount(page, 'projects') > 0 || await rowCount(page, 'tasks') > 0, want.file);
      continue;
    }
    assert.match(message, new RegExp(`：${want.projects} 个项目、${want.tasks} 项任务`), `${want.file}: ${message}`);
    assert.equal(await rowCount(page, 'projects'), want.projects, want.file);
    assert.equal(await rowCount(page, 'tasks'), want.tasks, want.file);
    if (want.total && !/\.\d{3}/.test(want.total)) assert.equal((await headline(page))[1], want.total, want.file);
  }
  // A plan in prose only: its tasks and targets lead.
  assert.match(await load(page, '04_prose_plan.pdf', readFileSync(path.join(PDFS, '04_prose_plan.pdf'))), /：0 个项目、11 项任务/);
  await shot(page, 'forms-prose-pdf.png');
  await page.click('#lang');
  assert.match(await load(page, '13_scanned.pdf', readFileSync(path.join(PDFS, '13_scanned.pdf'))), /is a scan/);
  assert.deepEqual(errors, []);
  assert.deepEqual(blocked, []);
  await context.close();
});
