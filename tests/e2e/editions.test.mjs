// Several plans at once, in the single file from file:// with the network off:
// two editions chosen together (and a file that cannot be read, named, the
// others kept) open as a set; the plans table lists them; the comparison shows
// what was added, dropped, re-budgeted and delayed with exact sums and a bridge
// chart; the reader corrects a match (kept in the link); another plan is
// shown by its row; the printed report holds the comparison.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readFileSync, writeFileSync, copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { launch, open, shot, inkPerCanvas, bigPlan, DIST, OUT, ROOT, URL_BASE } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const A = `序号,项目类型,项目名称,总投资（亿元）,建设期限,建设单位
1,民生,诸暨市人民医院（一期）,10,2023-2025,市卫健局
2,民生,诸暨市人民医院（二期）,8,2024-2026,市卫健局
3,生态,城西污水处理厂提标改造工程,3.5,2023-2024,水务集团
4,民生,老旧小区改造,2,2023-2023,建设局
5,交通,金柯桥大道快速路,40,2022-2025,交投集团
`;
const B = `序号,项目类型,项目名称,总投资（万元）,建设期限,建设单位
1,民生,人民医院二期,90000,2024-2027,市卫健局
2,民生,人民医院一期,100000,2023-2025,市卫健局
3,环境,城西污水处理厂提标改造,35000,2023-2024,水务集团
4,交通,金柯桥大道快速路工程,382500,2022-2025,交投集团
5,交通,智慧停车系统,12000,2025-2026,城投集团
`;
const file = (name, content) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(content) });
// Word 97–2003 (an OLE compound file): refused with advice.
const OLD_DOC = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, ...Buffer.from('WordDocument')];

test('two editions opened together: what changed, exact, corrected by hand, printed', async () => {
  const { context, page, errors, blocked } = await open(browser, pathToFileURL(path.join(DIST, 'plansight.html')).href);
  await context.setOffline(true);
  await page.setInputFiles('#file', [file('重点项目2025.csv', B), file('坏文件.doc', OLD_DOC), file('重点项目2024.csv', A)]);
  await page.waitForFunction(() => /个规划/.test(document.querySelector('#message')?.textContent ?? ''));
  const message = await page.textContent('#message');
  assert.match(message, /已载入 2 个规划：共 10 个项目、125\.45 亿元/);
  assert.match(message, /坏文件\.doc/, 'the file that could not be read is named');

  // The plans table: one row per plan; the comparison runs from the earlier edition.
  assert.equal(await page.isVisible('#plans-section'), true);
  assert.equal(await page.$$eval('#plans-table tbody tr', (r) => r.length), 2);
  assert.equal(await page.$eval('#compare-a', (s) => s.selectedOptions[0].textContent), '重点项目2024.csv');
  const figures = () => page.$$eval('#compare-figures .figure .value', (v) => v.map((x) => x.textContent));
  assert.deepEqual(await figures(), ['63.5', '61.95', '-1.55', '1', '1', '2', '1', '1']);
  const changes = await page.$$eval('#compare-changes tbody tr', (rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
  const row = (name) => changes.find((r) => r[4] === name || r[3] === name);
  assert.deepEqual(row('人民医院二期').slice(0, 3), ['调整投资、调整工期', '2', '1']);
  assert.equal(row('人民医院二期')[8], '+1');
  assert.equal(row('人民医院二期')[9], '2024–2026 → 2024–2027');
  assert.equal(row('智慧停车系统')[0], '新增');
  assert.equal(row('老旧小区改造')[0], '移出');
  assert.equal(row('城西污水处理厂提标改造')[5], '生态 → 环境');
  // The bridge is drawn, its numbers under it.
  const ink = (await inkPerCanvas(page)).find((c) => c.id === 'bridge');
  assert.ok(ink && ink.ink > 2000, `the bridge has ink: ${JSON.stringify(ink)}`);
  await shot(page, 'editions.png');

  // A correction: 金柯桥大道 (A#5 ↔ B#4) kept apart; it is then dropped and added.
  await page.click('#compare-matches button[data-unpair="5.4"]');
  await page.waitForFunction(() => /pu=5\.4/.test(location.hash));
  assert.deepEqual((await figures()).slice(3, 5), ['2', '2']);
  // … and matched again by hand.
  await page.selectOption('#hand-a', '5');
  await page.selectOption('#hand-b', '4');
  await page.click('#hand-pair');
  await page.waitForFunction(() => /pm=5\.4/.test(location.hash));
  assert.deepEqual((await figures()).slice(3, 5), ['1', '1']);

  // Another plan shown by its row; the comparison stays.
  await page.click('#plans-table button[data-plan]');
  await page.waitForFunction(() => /(^|&|#)p=/.test(location.hash));
  assert.equal(await page.isVisible('#compare-section'), true);

  // Every plan at once: the charts by plan; a click on a plan's bar filters it, by name in the link.
  await page.click('#plans-table tfoot button[data-plan]');
  await page.waitForFunction(() => /(^|&|#)p=\*/.test(location.hash));
  await page.locator('canvas[data-chart="by-type"]').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => /各规划计划总投资/.test(document.querySelector('canvas[data-chart="by-type"]').getAttribute('aria-label')));
  assert.equal(await page.textContent('#plan-title'), '全部 2 个规划并列');
  await page.click('#actions button:first-child');
  await page.waitForFunction(() => /[#&]t=/.test(location.hash));
  assert.match(decodeURIComponent(await page.evaluate(() => location.hash)), /t=重点项目2025\.csv/);
  await shot(page, 'all-plans.png');

  // The printed report holds the comparison with the bridge's numbers.
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  assert.equal(await page.isVisible('#compare-section'), true);
  assert.ok(await page.$$eval('#chart-bridge .fallback tr', (r) => r.length) >= 7, 'the bridge table prints');
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(errors, []);
  assert.deepEqual(blocked, []);
  await context.close();
});

test('a folder of 23 plans of different places: one row each, exact, sortable; a file that is no plan is named', async () => {
  // The plans, in a folder with a note that is no plan.
  const source = path.join(ROOT, 'tests/fixtures/places');
  const expected = JSON.parse(readFileSync(path.join(source, 'expected.json'), 'utf8'));
  const dir = path.join(OUT, 'places-folder');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, '县区'), { recursive: true });
  for (const file of Object.keys(expected)) copyFileSync(path.join(source, file), path.join(dir, '县区', file));
  writeFileSync(path.join(dir, '说明.txt'), '这个文件夹收集了各县区的行动计划，请逐一核对。\n');
  const { context, page, errors, blocked } = await open(browser, pathToFileURL(path.join(DIST, 'plansight.html')).href);
  await context.setOffline(true);
  const t0 = Date.now();
  await page.setInputFiles('#folder', dir);
  await page.waitForFunction(() => /个规划/.test(document.querySelector('#message')?.textContent ?? ''), null, { timeout: 120000 });
  const opened = Date.now() - t0;
  const message = await page.textContent('#message');
  assert.match(message, new RegExp(`已载入 ${Object.keys(expected).length} 个规划`));
  assert.match(message, /说明\.txt: 文件中没有找到规划内容/, 'the note is named with its reason, the plans are open');
  const rows = await page.$$eval('#plans-table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.equal(rows.length, Object.keys(expected).length);
  const yi = (fen) => { const s = String(fen).padStart(11, '0'); return `${s.slice(0, -10)}.${s.slice(-10)}`.replace(/\.?0+$/, ''); };
  for (const [file, want] of Object.entries(expected)) {
    // Named by its path in the chosen folder.
    const row = rows.find((r) => r[1] === `县区/${file}`);
    assert.ok(row, `${file} listed`);
    assert.deepEqual([row[3], row[4], row[5], row[7]], [String(want.projects), yi(want.total_fen), String(want.tasks), String(want.targets)], file);
  }
  // Sorted by total, largest first (a second click).
  await page.click('#plans-table button[data-sort="plans"][data-key="total"]');
  await page.click('#plans-table button[data-sort="plans"][data-key="total"]');
  const totals = await page.$$eval('#plans-table tbody tr td:nth-child(5)', (tds) => tds.map((td) => Number(td.textContent)));
  assert.deepEqual(totals, [...totals].sort((a, b) => b - a));
  console.log(`# ${rows.length} plans of different places opened as a set in ${opened} ms`);
  await shot(page, 'places.png');
  assert.deepEqual(errors, []);
  assert.deepEqual(blocked, []);
  await context.close();
});

test('a hundred plans of fifty projects each open as a set; a filter click on the plan shown stays quick (timed, not asserted)', async () => {
  const { context, page, errors } = await open(browser, pathToFileURL(path.join(DIST, 'plansight.html')).href);
  await context.setOffline(true);
  const plan = bigPlan(50);
  const files = Array.from({ length: 100 }, (_, i) => ({ name: `县${String(i + 1).padStart(3, '0')}.csv`, mimeType: 'text/csv', buffer: plan }));
  const t0 = Date.now();
  await page.setInputFiles('#file', files);
  await page.waitForFunction(() => /已载入 100 个规划/.test(document.querySelector('#message')?.textContent ?? ''), null, { timeout: 120000 });
  const opened = Date.now() - t0;
  assert.equal(await page.$$eval('#plans-table tbody tr', (r) => r.length), 100);
  const t1 = Date.now();
  await page.click('#actions button:first-child');
  await page.waitForFunction(() => document.querySelectorAll('#chips .chip').length === 1);
  const clicked = Date.now() - t1;
  const script = await page.evaluate(() => performance.getEntriesByName('plansight-update').at(-1).duration);
  console.log(`# 100 plans (5,000 projects) opened as a set in ${opened} ms; a filter click redrew in ${clicked} ms (${Math.round(script)} ms of script)`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('one table holding several plans (plansight batch\'s Arrow, a source column) opens as those plans, compared', async () => {
  const cli = process.env.PLANSIGHT_CLI ?? path.join(ROOT, 'target/debug/plansight');
  const dir = path.join(ROOT, 'tests/fixtures/editions');
  const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')).zhuji;
  const out = path.join(OUT, 'editions-batch.arrow');
  execFileSync(cli, ['batch', path.join(dir, expected.a), path.join(dir, expected.b), '--format', 'arrow', '-o', out], { stdio: 'ignore' });
  const { context, page, errors } = await open(browser, pathToFileURL(path.join(DIST, 'plansight.html')).href);
  await context.setOffline(true);
  await page.setInputFiles('#file', out);
  await page.waitForFunction(() => /个规划/.test(document.querySelector('#message')?.textContent ?? ''), null, { timeout: 60000 });
  assert.match(await page.textContent('#message'), /已载入 2 个规划/);
  const yi = (fen) => { const s = String(fen).padStart(11, '0'); return `${s.slice(0, -10)}.${s.slice(-10)}`.replace(/\.?0+$/, ''); };
  const figures = await page.$$eval('#compare-figures .figure .value', (v) => v.map((x) => x.textContent));
  assert.deepEqual(figures.slice(0, 2), [yi(expected.a_total_fen), yi(expected.b_total_fen)]);
  assert.equal(figures[3], String(expected.added.length));
  assert.equal(figures[4], String(expected.dropped.length));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the bridge travels: an embed of two editions published beside the page, and <plansight-chart chart="bridge">', async () => {
  writeFileSync(path.join(DIST, 'editions-2024.csv'), A);
  writeFileSync(path.join(DIST, 'editions-2025.csv'), B);
  const allowed = URL_BASE.replace(/\/$/, '');
  // The embed code the bridge's 嵌入 button copies names both files and the corrections.
  const { context, page, errors } = await open(browser, URL_BASE, { allowed });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: allowed });
  await page.setInputFiles('#file', [file('editions-2024.csv', A), file('editions-2025.csv', B)]);
  await page.waitForFunction(() => /2 个规划/.test(document.querySelector('#message')?.textContent ?? ''));
  await page.click('#compare-matches button[data-unpair="5.4"]');
  await page.waitForFunction(() => /pu=5\.4/.test(location.hash));
  await page.click('button[data-embed-code="bridge"]');
  await page.waitForFunction(() => /嵌入/.test(document.querySelector('#message')?.textContent ?? ''));
  const code = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(code, /#embed=bridge&amp;src=editions-2024\.csv,editions-2025\.csv&amp;cmp=/);
  assert.match(code, /pu=5\.4/);
  // The frame shows the bridge alone, with the correction applied (金柯桥大道 dropped and added: 42 / 39.45).
  const src = code.match(/src="([^"]+)"/)[1].replace(/&amp;/g, '&');
  const frame = await context.newPage();
  await frame.goto(src);
  await frame.waitForSelector('body[data-ready="true"]');
  await frame.waitForFunction(() => document.querySelector('#chart-bridge canvas')?.clientHeight > 100);
  assert.equal(await frame.isVisible('#compare-figures'), false, 'the bridge alone');
  assert.equal(await frame.isVisible('#charts'), false);
  await frame.$eval('#chart-bridge details', (d) => { d.open = true; });
  const data = await (await frame.waitForSelector('#chart-bridge .fallback table', { state: 'attached' })).textContent();
  assert.ok(data.includes('42') && data.includes('39.45'), `the correction travelled: ${data}`);
  await shot(frame, 'embed-bridge.png');
  // The custom element draws the same bridge from the same two files.
  const host = await context.newPage();
  await host.goto(`${URL_BASE}example.html`);
  await host.setContent(`<!doctype html><html><body><plansight-chart id="b" chart="bridge" src="editions-2024.csv editions-2025.csv"></plansight-chart>
    <script type="module" src="${URL_BASE}plansight-chart.js"></script></body></html>`, { waitUntil: 'load' });
  await host.waitForSelector('plansight-chart#b[data-drawn="bridge"]', { timeout: 60000 });
  const label = await host.$eval('plansight-chart#b', (el) => el.shadowRoot.querySelector('canvas').getAttribute('aria-label'));
  assert.match(label, /总投资变化桥/);
  assert.deepEqual(errors, []);
  await context.close();
});
