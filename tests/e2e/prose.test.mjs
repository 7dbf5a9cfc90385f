// Plans told in prose, in the single file from file:// with the network off:
// a plan of tasks and targets leads with them, charts with nothing to draw
// collapse into one line, records read from sentences are marked, and the
// totals a document states are listed beside what was read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, open, load, shot, hoverUntil, rowCount, DIST, ROOT } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const prose = (f) => readFileSync(path.join(ROOT, 'tests/fixtures/prose', f));
const texts = (page, selector) => page.$$eval(selector, (els) => els.map((e) => e.textContent.trim()));

test('a prose-only plan in the single file: tasks and targets first, empty charts collapsed, prose marked', async () => {
  const url = pathToFileURL(path.join(DIST, 'plansight.html')).href;
  const { context, page, errors, blocked } = await open(browser, url);
  await context.setOffline(true);

  // An action plan with measures (units in parentheses), targets and baselines, no projects.
  const message = await load(page, 'vocational.txt', prose('23_plan_vocational_number_before_noun.txt'));
  assert.match(message, /vocational\.txt：0 个项目、4 项任务/, message);
  assert.equal(await page.textContent('#plan-title'), '青川市职业教育提质培优行动计划（2023—2025年）');
  assert.match(await page.textContent('#plan-facts'), /2023–2025/);
  // Filters with nothing to choose are not shown (no project types, no builders).
  assert.ok(!(await page.isVisible('#builders')) && !(await page.isVisible('#actions')));
  // The headline leads with tasks; no project figures for a plan without projects.
  const labels = await texts(page, '#figures .figure .label');
  assert.equal(labels[0], '重点任务', labels.join());
  assert.ok(!labels.includes('重点项目') && !labels.includes('计划总投资'), labels.join());
  // Charts: only those with something to draw, tasks and targets first; the rest named in one line.
  const charts = await page.$$eval('#charts figure', (fs) => fs.map((f) => f.id));
  assert.deepEqual(charts.slice(0, 2), ['chart-areas', 'chart-indicators'], charts.join());
  assert.ok(!charts.includes('chart-by-type') && !charts.includes('chart-timeline'), charts.join());
  assert.ok(await page.isVisible('#nothing-for'));
  assert.match(await page.textContent('#nothing-for'), /各类型计划总投资.*重点项目/);
  // Tables: tasks first, every task marked as read from the prose, each with its line.
  const tables = await page.$$eval('#tables .card', (cs) => cs.map((c) => c.id));
  assert.equal(tables[0], 'table-tasks', tables.join());
  assert.ok(!tables.includes('table-projects'));
  assert.equal(await rowCount(page, 'tasks'), 4);
  assert.equal(await page.locator('table[data-table="tasks"] tr.prose .prose-mark').count(), 4);
  const units = await page.$$eval('table[data-table="tasks"] tbody tr', (rs) => rs.map((r) => r.cells[3].textContent));
  assert.equal(units[0], '市教育局、市发改委');
  // Targets are listed with their metric, value, unit and year ("建设8所高水平中等职业学校" by 2025).
  const metrics = await page.$$eval('table[data-table="indicators"] tbody tr', (rs) => rs.map((r) => `${r.cells[2].textContent}|${r.cells[4].textContent}|${r.cells[5].textContent}|${r.cells[6].textContent}`));
  assert.ok(metrics.includes('高水平中等职业学校|8|所|2025'), metrics.join('\n'));
  await shot(page, 'prose-only-plan.png');

  // Projects and stated totals in sentences: the document's own totals are listed, projects marked.
  const notice = await load(page, 'projects.txt', prose('13_tongzhi_key_projects_list.txt'));
  assert.match(notice, /projects\.txt：6 个项目/, notice);
  assert.equal(await page.textContent('#plan-title'), '云溪市人民政府关于下达2023年市级重点建设项目计划的通知');
  assert.match(await page.textContent('#plan-facts'), /云政发〔2023〕5号 · 云溪市人民政府 · 2023-02-10/);
  assert.ok(await page.isVisible('#totals-section'));
  const totals = await texts(page, '#totals li');
  assert.equal(totals.length, 6);
  assert.match(totals[0], /全市共安排市级重点建设项目：142 个，总投资 1454\.9 亿元/);
  const figures = await page.$$eval('#figures .figure', (fs) => fs.map((f) => `${f.querySelector('.label').textContent}=${f.querySelector('.value').textContent}`));
  assert.ok(figures.includes('计划总投资=223.75'), figures.join());
  assert.ok(figures.includes('文中所列总投资=1454.9'), figures.join());
  assert.equal(await page.locator('table[data-table="projects"] tr.prose').count(), 6);
  // A tooltip on the timeline says the bar was read from the prose.
  await page.locator('#chart-timeline').scrollIntoViewIfNeeded();
  const tip = await hoverUntil(page, 'timeline', '读自正文');
  assert.ok(tip, 'a timeline tooltip names the prose');
  await shot(page, 'prose-projects-plan.png');

  // English says the same.
  await page.click('#lang');
  assert.equal(await page.locator('table[data-table="projects"] .prose-mark').first().textContent(), 'prose');
  assert.equal(await page.textContent('#totals-section h2'), 'Totals the text states');
  assert.deepEqual(errors, []);
  assert.deepEqual(blocked, []);
  await context.close();
});
