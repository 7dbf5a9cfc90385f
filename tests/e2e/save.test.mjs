// 保存为单个文件: the single file, with a user's .xlsx plan and two editions
// open and a view chosen, saves a copy of itself; the copy, opened from
// file:// with the network off, shows the same plans, figures and view; a
// copy made from the copy too. The plans travel as data: a plan whose names
// hold markup shows them as text and runs nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { launch, open, shot, rowCount, DIST, OUT, ROOT } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const A = `序号,项目类型,项目名称,总投资（亿元）,建设期限,建设单位
1,民生,诸暨市人民医院（一期）,10,2023-2025,市卫健局
2,交通,金柯桥大道快速路,40,2022-2025,交投集团
3,民生,<img src=x onerror=alert(1)>老旧小区改造,2,2023-2023,建设局
`;
const B = `序号,项目类型,项目名称,总投资（万元）,建设期限,建设单位
1,民生,人民医院一期,100000,2023-2025,市卫健局
2,交通,金柯桥大道快速路工程,382500,2022-2025,交投集团
3,交通,智慧停车系统,12000,2025-2026,城投集团
`;
const file = (name, buffer) => ({ name, mimeType: 'application/octet-stream', buffer });

/** What a person sees of the view: the plans table, the headline, the hash. */
async function state(page) {
  return {
    plans: await page.$$eval('#plans-table tbody tr', (rows) => rows.map((r) => r.textContent.replace(/\s+/g, ' ').trim())),
    figures: await page.$$eval('#figures .figure', (fs) => fs.map((f) => f.textContent.replace(/\s+/g, ' ').trim())),
    // The URL follows the view when the page is idle.
    hash: await page.evaluate(() => new Promise((done) => requestIdleCallback(() => done(location.hash), { timeout: 1000 }))),
    projects: await rowCount(page, 'projects'),
  };
}

async function save(page, to) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save-page')]);
  const bytes = readFileSync(await download.path());
  writeFileSync(to, bytes);
  return { name: download.suggestedFilename(), bytes };
}

test('the page saves itself with the plans open and the view; the copy (and a copy of it) reopens offline the same', async () => {
  const dir = path.join(OUT, 'saved');
  mkdirSync(dir, { recursive: true });
  const url = pathToFileURL(path.join(DIST, 'plansight.html')).href;
  const { context, page, errors, blocked } = await open(browser, url);
  await context.setOffline(true);
  await page.setInputFiles('#file', [
    file('projects.xlsx', readFileSync(path.join(ROOT, 'tests/fixtures/projects.xlsx'))),
    file('重点项目2024.csv', Buffer.from(A)),
    file('重点项目2025.csv', Buffer.from(B)),
  ]);
  await page.waitForFunction(() => document.querySelectorAll('#plans-table tbody tr').length >= 3);
  // A view: another plan shown, its 交通 projects only, in English.
  await page.click('#plans-table tbody button[data-plan]');
  await page.click('#actions button:has-text("交通")');
  await page.waitForFunction(() => document.querySelectorAll('table[data-table="projects"] tbody tr').length === 1);
  await page.click('#lang');
  const before = await state(page);
  assert.equal(before.plans.length, 3, before.plans.join(' | '));
  const first = await save(page, path.join(dir, 'copy.html'));
  assert.match(first.name, /\.plansight\.html$/);
  const html = first.bytes.toString('utf8');
  // The plans are data: no markup of theirs in the file, one data block.
  assert.equal(html.match(/id="plans-data"/g)?.length, 1);
  assert.ok(!html.includes('onerror=alert'), 'the plan\'s text never appears as markup');
  await context.close();

  // The copy from file://, offline: the same plans, figures and view.
  const reopened = await open(browser, pathToFileURL(path.join(dir, 'copy.html')).href);
  await reopened.context.setOffline(true);
  await reopened.page.waitForFunction(() => document.querySelectorAll('#plans-table tbody tr').length >= 3);
  await reopened.page.waitForFunction((h) => location.hash === h, before.hash);
  const after1 = await state(reopened.page);
  assert.deepEqual(after1, before);
  await shot(reopened.page, 'saved-copy.png');
  // A copy of the copy carries the same plans once.
  const second = await save(reopened.page, path.join(dir, 'copy-of-copy.html'));
  assert.equal(second.bytes.toString('utf8').match(/id="plans-data"/g)?.length, 1);
  assert.deepEqual(reopened.errors, []);
  assert.deepEqual(reopened.blocked, []);
  await reopened.context.close();
  const again = await open(browser, pathToFileURL(path.join(dir, 'copy-of-copy.html')).href);
  await again.context.setOffline(true);
  await again.page.waitForFunction((h) => location.hash === h, before.hash);
  await again.page.waitForFunction(() => document.querySelectorAll('#plans-table tbody tr').length >= 3);
  assert.deepEqual(await state(again.page), before);
  // The single file's size grew by the plans, no more.
  const original = readFileSync(path.join(DIST, 'plansight.html')).length;
  assert.ok(second.bytes.length - original < 40_000, `${second.bytes.length - original} bytes more`);
  assert.deepEqual(again.errors, []);
  assert.deepEqual(again.blocked, []);
  assert.deepEqual(errors, []);
  assert.deepEqual(blocked, []);
  await again.context.close();
});

test('plansight bundle writes the same: the single file opening offline on the plans given, in the view given', async () => {
  const dir = path.join(OUT, 'saved');
  mkdirSync(dir, { recursive: true });
  const cli = process.env.PLANSIGHT_CLI ?? path.join(ROOT, 'target/debug/plansight');
  writeFileSync(path.join(dir, '重点项目2024.csv'), A);
  const out = path.join(dir, 'bundled.html');
  execFileSync(cli, ['bundle', path.join(dir, '重点项目2024.csv'), path.join(ROOT, 'tests/fixtures/pdf/06_mixed_plan.pdf'),
    '--view', '#lang=en', '--page', path.join(DIST, 'plansight.html'), '-o', out], { stdio: 'ignore' });
  const { context, page, errors, blocked } = await open(browser, pathToFileURL(out).href);
  await context.setOffline(true);
  await page.waitForFunction(() => document.querySelectorAll('#plans-table tbody tr').length === 2);
  const plans = await page.$$eval('#plans-table tbody tr', (rows) => rows.map((r) => r.textContent));
  assert.ok(plans.some((p) => p.includes('267.43')), plans.join(' | '));
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.deepEqual(errors, []);
  assert.deepEqual(blocked, []);
  await context.close();
});
