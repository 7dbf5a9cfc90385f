// The served page and the single file, end to end in Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, open, coreJson, inkPerCanvas, canvasDigest, rowCount, hoverUntil, shot, load, URL_BASE, DIST, OUT, SEED, ROOT } from './helpers.mjs';

let browser;
// The seed as a Word .docx, built by tests/e2e/make_docx.py (Python's zipfile).
const docx = () => execFileSync('python3', [path.join(path.dirname(new URL(import.meta.url).pathname), 'make_docx.py'), SEED]);
const core = coreJson();
const coreTotal = core.projects.reduce((s, p) => s + (p.investment ?? 0), 0);
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function headline(page) {
  return page.$$eval('#figures .figure', (fs) => fs.map((f) => f.querySelector('.value').textContent));
}

async function assertDrawn(page) {
  const inks = await inkPerCanvas(page);
  assert.equal(inks.length, 9, 'nine charts');
  for (const c of inks) assert.ok(c.ink > 500, `${c.id} has drawn pixels (${c.ink})`);
  return inks;
}

test('served page: loads offline-capable, every chart drawn, headline from the core', async () => {
  const { context, page, errors, blocked } = await open(browser, URL_BASE, { allowed: URL_BASE.replace(/\/$/, ''), scale: 2 });
  await assertDrawn(page);
  const [projects, total, tasks] = await headline(page);
  assert.equal(projects, '33');
  assert.equal(Number(total), Math.round(coreTotal * 100) / 100);
  assert.equal(tasks, '34');
  // HiDPI: the canvas holds twice the CSS pixels.
  const [first] = await inkPerCanvas(page);
  assert.equal(first.width, first.cssWidth * 2, 'canvas drawn at devicePixelRatio 2');
  await shot(page, 'served-zh-light.png');
  // The service worker caches the page, which then opens with the network off.
  await page.waitForSelector('body[data-offline="true"]', { timeout: 20000 });
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  assert.deepEqual((await headline(page)).slice(0, 1), ['33']);
  assert.deepEqual(errors, []);
  assert.deepEqual(blocked, [], 'no request leaves 127.0.0.1');
  await context.close();
});

test('single file from file:// with the network blocked', async () => {
  const url = pathToFileURL(path.join(DIST, 'plansight.html')).href;
  const { context, page, errors, blocked } = await open(browser, url);
  await context.setOffline(true);
  await assertDrawn(page);
  assert.equal((await headline(page))[0], '33');
  await shot(page, 'single-file.png');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('button[data-export="csv"]')]);
  assert.equal(readFileSync(await csv.path(), 'utf8').trim().split('\n').length, 34);
  // The office SVG's font comes out of the file itself.
  const [svg] = await Promise.all([page.waitForEvent('download'), page.click('button[data-svg="annual"]')]);
  const office = readFileSync(await svg.path(), 'utf8');
  assert.ok(office.includes('<use ') && office.includes('<title>逐年投资（按建设期平均分摊）</title>'));
  assert.deepEqual(errors, []);
  assert.deepEqual(blocked, []);
  await context.close();
});


test('the single file opens every form offline: .docx, .doc, .xlsx, .xls, HTML, GBK CSV, prose, Arrow', async () => {
  const url = pathToFileURL(path.join(DIST, 'plansight.html')).href;
  const { context, page, errors, blocked } = await open(browser, url);
  await context.setOffline(true);
  const fixture = (f) => readFileSync(path.join(ROOT, 'tests/fixtures', f));
  const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected.json'), 'utf8'));
  const cases = ['projects.xlsx', 'state_council.html', 'gbk_tasks.csv', 'gbk_page.txt', 'lead_co.docx', 'prose_only.txt', 'annual_columns.csv'];
  for (const file of cases) {
    const want = expected.find((e) => e.file === file && !e.map);
    const message = await load(page, file, fixture(file));
    assert.match(message, new RegExp(`${file.replace('.', '\\.')}：${want.projects} 个项目、${want.tasks} 项任务`), message);
    assert.equal(await rowCount(page, 'projects'), want.projects, file);
    assert.equal(await rowCount(page, 'tasks'), want.tasks, file);
    // Totals with at most two decimals show exactly (longer ones are rounded for display).
    if (want.total && !/\.\d{3}/.test(want.total)) assert.equal((await headline(page))[1], want.total, file);
    await shot(page, `fixture-${file.replace(/\W/g, '-')}.png`);
  }
  // The seed as Word, then its Arrow export read back: the same 33 projects.
  assert.match(await load(page, 'plan.docx', docx()), /plan\.docx：33 个项目/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[data-export="arrow"]')]);
  const arrow = readFileSync(await download.path());
  assert.equal(arrow.subarray(0, 6).toString(), 'ARROW1');
  assert.match(await load(page, 'projects.arrow', arrow), /projects\.arrow：33 个项目/);
  assert.equal((await headline(page))[1], '740.55');
  // A damaged .doc (a compound file's magic and a stream's name, no directory)
  // is named in the interface's language, and the loaded plan stays.
  const doc = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.from('WordDocument', 'utf16le')]);
  assert.match(await load(page, 'old.doc', doc), /已损坏/);
  assert.equal(await rowCount(page, 'projects'), 33);
  // A real .xls and a real .doc read offline, as the CLI reads them.
  assert.match(await load(page, 'old_excel.xls', fixture('old_excel.xls')), /old_excel\.xls：4 个项目/);
  assert.match(await load(page, 'lead_co.doc', fixture('lead_co.doc')), /lead_co\.doc：0 个项目、3 项任务/);
  await page.click('#lang');
  assert.match(await load(page, 'old2.doc', doc), /is damaged/);
  assert.deepEqual(errors, []);
  assert.deepEqual(blocked, []);
  await context.close();
});

test('a table the dictionary does not know: the column dialog assigns roles and the plan is re-read', async () => {
  const url = pathToFileURL(path.join(DIST, 'plansight.html')).href;
  const { context, page, errors, blocked } = await open(browser, url);
  await context.setOffline(true);
  const tsv = readFileSync(path.join(ROOT, 'tests/fixtures/mapped_header.tsv'));
  assert.match(await load(page, 'mapped_header.tsv', tsv), /mapped_header\.tsv：0 个项目、0 项任务.*1 条解析提示/);
  // The load report names the table and its columns; the warning says what to do, in Chinese.
  await page.waitForSelector('#read li.other');
  assert.match(await page.textContent('#read'), /其他表（未读入）/);
  assert.match(await page.textContent('#notes'), /未被识别为项目表或任务表.*指定列/);
  await page.click('#read button[data-assign="0"]');
  await page.waitForSelector('#assign[open]');
  for (const [header, role] of [['名目', 'name'], ['万元', 'investment:万元'], ['时段', 'period'], ['主体', 'builder']]) {
    await page.selectOption(`#assign select[data-header="${header}"]`, role);
  }
  await shot(page, 'assign-dialog.png');
  await page.click('#assign button[value="apply"]');
  await page.waitForFunction(() => /2 个项目/.test(document.querySelector('#message')?.textContent ?? ''));
  assert.equal(await rowCount(page, 'projects'), 2);
  assert.equal((await headline(page))[1], '0.2');
  assert.match(await page.textContent('#read'), /项目表.*名目 → 项目名称/s);
  await shot(page, 'assigned.png');
  assert.deepEqual(errors, []);
  assert.deepEqual(blocked, []);
  await context.close();
});

test('warnings and checks speak the interface language', async () => {
  const { context, page, errors } = await open(browser, URL_BASE, { allowed: URL_BASE.replace(/\/$/, '') });
  assert.match(await page.textContent('#notes'), /建设单位“柯诸高速为绍兴市柯诸高速公路有限公司”前面连着项目名/);
  assert.match(await page.textContent('#notes'), /33 个投资单元格之和 = 740\.55 亿元/);
  await page.click('#lang');
  await page.waitForFunction(() => /builder cell/.test(document.querySelector('#notes')?.textContent ?? ''));
  assert.match(await page.textContent('#notes'), /sum of the 33 investment cells = 740\.55 亿元/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('hover, click to filter and clear, years, search, URL hash', async () => {
  const { context, page, errors } = await open(browser, URL_BASE, { allowed: URL_BASE.replace(/\/$/, '') });
  const transport = core.projects.filter((p) => p.type === '交通互通共网');
  const transportTotal = transport.reduce((s, p) => s + p.investment, 0);
  const hit = await hoverUntil(page, 'by-type', '交通互通共网');
  assert.match(hit.tip, new RegExp(`交通互通共网: ${transportTotal.toFixed(2).replace(/\.?0+$/, '')} 亿元`));
  await shot(page, 'tooltip.png');

  const annualBefore = await canvasDigest(page, 'annual');
  await page.mouse.click(hit.x, hit.y);
  await page.waitForFunction(() => document.querySelectorAll('#chips .chip').length === 1);
  assert.equal(await rowCount(page, 'projects'), transport.length);
  assert.equal(await rowCount(page, 'tasks'), core.tasks.filter((t) => t.area.includes('交通互通共网')).length);
  assert.notEqual(await canvasDigest(page, 'annual'), annualBefore, 'the annual chart follows the filter');
  await page.waitForFunction(() => location.hash.startsWith('#t='));
  assert.match(page.url(), /#t=/);
  await shot(page, 'filtered-transport.png');
  await page.mouse.click(hit.x, hit.y);
  await page.waitForFunction(() => document.querySelectorAll('#chips .chip').length === 0);
  assert.equal(await rowCount(page, 'projects'), 33);

  // Years: projects whose period reaches 2026 or later.
  await page.selectOption('#year-from', '2026');
  const late = core.projects.filter((p) => (p.end_year ?? p.start_year) >= 2026).length;
  await page.waitForFunction((n) => document.querySelectorAll('table[data-table="projects"] tbody tr').length === n, late);
  // Search, on top of the years.
  await page.fill('#search', '诸暨');
  await page.waitForFunction(() => location.hash.includes('q='));
  const filtered = await rowCount(page, 'projects');
  const expected = core.projects.filter((p) => (p.end_year ?? p.start_year) >= 2026 && (p.name + p.builder + p.type).includes('诸暨')).length;
  assert.equal(filtered, expected);

  // A copied link reopens the same view.
  const link = page.url();
  const again = await open(browser, link, { allowed: URL_BASE.replace(/\/$/, '') });
  assert.equal(await rowCount(again.page, 'projects'), expected);
  assert.equal(await again.page.inputValue('#year-from'), '2026');
  assert.equal(await again.page.inputValue('#search'), '诸暨');
  await again.context.close();

  // Keyboard: the action buttons are reachable and toggle the filter.
  await page.click('#clear');
  await page.focus('#actions button');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('#chips .chip').length === 1);
  assert.equal(await rowCount(page, 'projects'), transport.length);
  assert.deepEqual(errors, []);
  await context.close();
});

test('exports: office SVG (outlines + text layer), PNG at 2x, CSV of 33 rows', async () => {
  const { context, page, errors } = await open(browser, URL_BASE, { allowed: URL_BASE.replace(/\/$/, '') });
  const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.click('button[data-svg="by-type"]')]);
  const svg = readFileSync(await svgDownload.path(), 'utf8');
  assert.ok(svg.startsWith('<svg'));
  assert.ok(svg.includes('<title>各类型计划总投资</title><desc>各类型计划总投资: 类型 交通互通共网'), 'title and desc');
  // Labels are outlines of the bundled font, glyphs defined once and reused…
  assert.ok(svg.includes('<path id="g') && svg.split('<use ').length > 40, 'outlines');
  assert.ok(!svg.includes('font-family'), 'no label left to the viewer\'s fonts');
  // …and the words are still there, as invisible text.
  for (const s of ['交通互通共网', '生态共管共治', '356.2', '亿元', '各类型计划总投资']) assert.ok(svg.includes(s), `SVG has ${s}`);
  assert.ok(svg.includes('fill-opacity="0" stroke="none">各类型计划总投资</text>'));
  // Drawn from the file alone, in a page that has the SVG as an image: the title shows.
  await page.evaluate((text) => {
    const img = document.createElement('img');
    img.id = 'office-check';
    img.src = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
    document.body.prepend(img);
    return img.decode();
  }, svg);
  await page.locator('#office-check').screenshot({ path: path.join(OUT, 'office-svg-by-type.png') });
  await page.evaluate(() => document.getElementById('office-check').remove());

  const css = await page.$eval('canvas[data-chart="by-type"]', (c) => c.clientWidth);
  const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.click('button[data-png="by-type"]')]);
  const png = readFileSync(await pngDownload.path());
  assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'PNG signature');
  assert.equal(png.readUInt32BE(16), css * 2, 'PNG width is 2x the chart');

  await page.selectOption('#export-table', 'projects');
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('button[data-export="csv"]')]);
  const csv = readFileSync(await csvDownload.path(), 'utf8').trim().split('\n');
  assert.equal(csv.length, 34, 'header + 33 rows');
  assert.match(csv[0], /^no,type,name,investment/);
  const [arrowDownload] = await Promise.all([page.waitForEvent('download'), page.click('button[data-export="arrow"]')]);
  assert.equal(readFileSync(await arrowDownload.path()).subarray(0, 6).toString(), 'ARROW1');
  assert.deepEqual(errors, []);
  await context.close();
});

test('English, dark mode, a bad file keeps the plan, rows link to their line', async () => {
  const { context, page, errors } = await open(browser, URL_BASE, { allowed: URL_BASE.replace(/\/$/, '') });
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await page.$eval('#figures .figure .label', (l) => l.textContent), 'Key projects');
  await hoverUntil(page, 'by-type', 'Transport links');
  await page.click('#theme');
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  const bg = await page.$eval('canvas[data-chart="by-type"]', (c) => [...c.getContext('2d').getImageData(2, 2, 1, 1).data].slice(0, 3));
  assert.ok(bg.every((v) => v < 60), `dark chart background ${bg}`);
  // The URL follows the view when the page is idle.
  await page.waitForFunction(() => /lang=en/.test(location.hash) && /theme=dark/.test(location.hash));
  assert.match(page.url(), /lang=en/);
  assert.match(page.url(), /theme=dark/);
  await page.mouse.move(0, 0);
  await shot(page, 'served-en-dark.png');

  await page.setInputFiles('#file', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('只有一段文字，没有表格。') });
  await page.waitForFunction(() => document.querySelector('#message.error') !== null);
  assert.match(await page.textContent('#message'), /notes\.txt: no plan found/, 'an English message in English mode, naming the file');
  assert.equal(await rowCount(page, 'projects'), 33, 'the loaded plan is kept');

  // The seed converted to GB18030 (as many government downloads are) reads the same.
  const gb = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030', SEED]);
  await page.setInputFiles('#file', { name: 'plan-gb18030.txt', mimeType: 'text/plain', buffer: gb });
  await page.waitForFunction(() => !document.querySelector('#message.error'));
  assert.equal(await rowCount(page, 'projects'), 33);
  assert.match(await page.textContent('#message'), /plan-gb18030\.txt: 33 projects, 34 tasks, \d+ targets; 1 parser warning/);

  await page.click('table[data-table="projects"] tbody tr:first-child button.line');
  const hit = await page.$eval('#document li.hit', (li) => [[...li.parentNode.children].indexOf(li) + 1, li.textContent]);
  assert.equal(hit[0], core.projects[0].line);
  assert.equal(hit[1].trim(), '1');
  assert.deepEqual(errors, []);
  await context.close();
});

test('打印报告: an A4 report with a cover, numbered charts with their data, page numbers', async () => {
  const { context, page } = await open(browser, URL_BASE, { allowed: URL_BASE.replace(/\/$/, '') });
  await page.click('#actions button:first-child');
  await page.waitForFunction(() => document.querySelectorAll('#chips .chip').length === 1);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.$eval('#filters', (f) => getComputedStyle(f).display), 'none');
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.screenshot({ path: path.join(OUT, 'print.png') });
  const file = path.join(OUT, 'report-page.pdf');
  await page.pdf({ path: file, format: 'A4', displayHeaderFooter: false, preferCSSPageSize: true });
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))[1]);
  const cover = execFileSync('pdftotext', ['-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
  for (const s of ['诸暨市“杭绍同城”三年行动计划', '来源文件', '000_6484c7ca487d3a6f.txt', '生成日期', '筛选条件', '交通互通共网']) {
    assert.ok(cover.includes(s), `cover has ${s}`);
  }
  assert.match(cover, new RegExp(`1\\s*/\\s*${pages}`), 'page numbers');
  // pdftotext drops some spaces: compare without them.
  const all = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  for (const s of ['图1', '图9', '类型', '356.2', '数据说明与核对']) assert.ok(all.includes(s), `report has ${s}`);
  assert.ok(pages >= 4, `${pages} pages`);
  execFileSync('pdftoppm', ['-r', '50', '-png', '-f', '1', '-l', '2', file, path.join(OUT, 'report-page')]);
  await context.close();
});
