// doclist serve in a real browser: Debian's headless Chromium driven by playwright-core.
//
// Starts `doclist serve --port 0` (DOCLIST_BIN, default target/debug/doclist), fills the form
// for two situations, checks the checklist shown, downloads the PDF and reads it with
// pdftotext, and goes through the page again with JavaScript off. The batch page: downloads
// the sheet template, has it filled (DOCLIST_FILL: a command that fills it with
// rust_xlsxwriter), uploads it, checks the check step and the progress bar, and saves the
// zip to DOCLIST_BATCH_OUT for tests/browser.rs to read. Screenshots go to
// target/browser-screenshots/ (DOCLIST_SCREENSHOTS). Exits non-zero on the first failure.

import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = process.env.DOCLIST_BIN || path.join(root, 'target', 'debug', 'doclist');
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const shots = process.env.DOCLIST_SCREENSHOTS || path.join(root, 'target', 'browser-screenshots');
const work = mkdtempSync(path.join(tmpdir(), 'doclist-browser-'));
mkdirSync(shots, { recursive: true });

let passed = 0;
let failed = 0;

/** Starts the server on a free port and resolves to its URL and process. */
function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let log = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`no address from ${bin} in 20 s:\n${out}${log}`));
    }, 20000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/[^\s]+/);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[0].replace(/\/$/, ''), child, log: () => log });
      }
    });
    child.stderr.on('data', (d) => { log += d; });
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`doclist serve exited (${code}):\n${log}`)); });
  });
}

async function step(name, fn) {
  try {
    await fn();
    passed += 1;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`not ok - ${name}\n${e && e.stack ? e.stack : e}`);
  }
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

/** The text of a downloaded PDF, as pdftotext reads it. */
async function pdfText(download, name) {
  const file = path.join(work, name);
  await download.saveAs(file);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** Chooses an option and, with JavaScript on, waits for the questions to be updated. */
async function choose(page, key, value, js = true) {
  const select = page.locator(`#f-${key}`);
  if (!js) {
    await select.selectOption(value);
    return;
  }
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/questions') && r.status() === 200),
    select.selectOption(value),
  ]);
  // The response is handled in a promise callback after it arrives.
  await page.waitForTimeout(50);
}

async function fillAndWait(page, key, value) {
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/questions') && r.status() === 200),
    page.locator(`#f-${key}`).fill(value).then(() => page.locator(`#f-${key}`).blur()),
  ]);
  await page.waitForTimeout(50);
}

const axeSource = readFileSync(path.join(root, 'tests', 'browser', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** axe-core's WCAG 2.1 A and AA rules on the page as it is now; fails on any violation. */
async function axe(page, name) {
  // Evaluated through the browser's protocol: the pages' Content-Security-Policy
  // (script-src 'self') refuses inline scripts, as it should.
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  const found = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  assert.deepEqual(found, [], `${name}: axe-core found ${found.length} violation(s)`);
}

/** The page scrolls sideways at its current width. */
async function scrollsSideways(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

/** The body's font size and every visible text (under `root`) smaller than `min` pixels. */
async function fontSizes(page, min, root = 'body') {
  return page.evaluate(([least, under]) => {
    const small = [];
    const walker = document.createTreeWalker(document.querySelector(under), NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!node.textContent.trim() || !el || !el.getClientRects().length) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || el.closest('[hidden], .visually-hidden, [aria-hidden="true"]')) continue;
      const size = parseFloat(style.fontSize);
      if (size < least) small.push(`${el.tagName.toLowerCase()}.${el.className} ${size}px: ${node.textContent.trim().slice(0, 20)}`);
    }
    return { body: parseFloat(getComputedStyle(document.querySelector(under)).fontSize), small };
  }, [min, root]);
}

const server = await startServer();
// However this script ends (a thrown error, the time limit below), the server ends with it.
process.on('exit', () => {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
});
// However the browser behaves, the run ends: a hung step fails it instead of hanging CI.
setTimeout(() => {
  console.log('not ok - the browser test took longer than 3 minutes');
  server.child.kill('SIGINT');
  process.exit(1);
}, 180000).unref();
const browser = await chromium.launch({
  executablePath,
  headless: true,
  // Playwright starts the browser with a new, empty profile directory of its own.
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

try {
  const desktop = await browser.newContext({ viewport: { width: 1000, height: 900 }, locale: 'zh-CN', acceptDownloads: true });

  await step('Shanghai: a child living in her grandparents\' flat', async () => {
    const page = await desktop.newPage();
    const scriptErrors = [];
    page.on('pageerror', (e) => scriptErrors.push(String(e)));
    await page.goto(`${server.url}/`);
    await shot(page, '01-index');
    await page.getByRole('link', { name: /上海市居住登记申报/ }).click();
    await page.waitForURL(/\/form\?policy=shanghai/);
    assert.equal(await page.locator('h1').textContent(), '上海市居住登记申报');
    // The script takes over updating the questions.
    assert.equal(await page.locator('[data-update]').isVisible(), false);
    await page.locator('#f-name').fill('李小雨');
    await page.locator('#f-date').fill('2026-11-23');
    // A wrong check digit: the Chinese message appears beside the field as soon as it changes.
    await fillAndWait(page, 'id_number', '340102201603020122');
    const idError = page.locator('#error-id_number');
    await idError.waitFor({ state: 'visible' });
    assert.equal(
      (await idError.textContent()).trim(),
      '身份证号第18位校验码应为 1，请核对是否有数字输错（现为 2）',
    );
    await shot(page, '02-shanghai-bad-id');
    await fillAndWait(page, 'id_number', '340102201603020121');
    await idError.waitFor({ state: 'hidden' });
    await choose(page, 'housing', 'relative_owned');
    // The household register matters at the counter only; online it is not asked.
    const hukou = page.locator('[data-field="hukou"]');
    await choose(page, 'channel', 'online');
    await hukou.waitFor({ state: 'hidden' });
    await choose(page, 'channel', 'offline');
    await hukou.waitFor({ state: 'visible' });
    // A relative as proxy brings up the disability question; limited mobility (an
    // exception for people of 65 and over) stays hidden for a ten-year-old.
    const disabled = page.locator('[data-field="disabled"]');
    assert.equal(await disabled.isVisible(), false);
    await choose(page, 'proxy', 'relative');
    await disabled.waitFor({ state: 'visible' });
    assert.equal(await page.locator('[data-field="mobility_impaired"]').isVisible(), false);
    await choose(page, 'proxy', 'guardian');
    await disabled.waitFor({ state: 'hidden' });
    await shot(page, '03-shanghai-form');
    await Promise.all([
      page.waitForURL(/\/checklist$/),
      page.getByRole('button', { name: '查看清单' }).click(),
    ]);
    const text = await page.locator('main.page').innerText();
    for (const item of ['房地产权证明', '近亲属关系证明', '监护人的居民身份证', '监护关系证明材料', '《居住登记信息表》']) {
      assert.ok(text.includes(item), `${item} is not on the checklist`);
    }
    assert.ok(text.includes('3401**********0121'), 'the ID number is masked');
    assert.ok(await page.getByRole('button', { name: '打印' }).isVisible(), 'print button');
    await shot(page, '04-shanghai-checklist');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载 PDF' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^checklist-shanghai-residence-registration-2026-11-23\.pdf$/);
    const pdf = await pdfText(download, 'shanghai.pdf');
    for (const item of ['李小雨', '房地产权证明', '近亲属关系证明', '监护关系证明材料']) {
      assert.ok(pdf.includes(item), `${item} is not in the PDF:\n${pdf}`);
    }
    assert.ok(!pdf.includes('340102201603020121'), 'the PDF masks the ID number');
    // Back to the form, with every answer kept.
    await Promise.all([
      page.waitForURL(/\/form$/),
      page.getByRole('button', { name: '← 修改回答' }).click(),
    ]);
    assert.equal(await page.locator('#f-housing').inputValue(), 'relative_owned');
    assert.equal(await page.locator('#f-proxy').inputValue(), 'guardian');
    assert.deepEqual(scriptErrors, []);
    await page.close();
  });

  await step('Hangzhou: a permit on a rental on collective land', async () => {
    const page = await desktop.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: /杭州市居住证申领/ }).click();
    await page.waitForURL(/\/form\?policy=hangzhou/);
    await choose(page, 'basis', 'employment');
    assert.equal(await page.locator('[data-field="housing"]').isVisible(), false, 'housing hidden for employment');
    assert.ok(await page.locator('[data-field="social_insurance_months"]').isVisible());
    await choose(page, 'basis', 'residence');
    await page.locator('[data-field="housing"]').waitFor({ state: 'visible' });
    assert.equal(await page.locator('[data-field="social_insurance_months"]').isVisible(), false);
    await page.locator('#f-name').fill('刘玥');
    await page.locator('#f-id_number').fill('42010619980707002X');
    await page.locator('#f-date').fill('2026-11-23');
    await choose(page, 'channel', 'online');
    await fillAndWait(page, 'registration_date', '2026-07-15');
    await choose(page, 'housing', 'rented_collective_land');
    // No talent permit: left unknown, the half-year rule would only be a warning.
    await choose(page, 'talent_permit', 'false');
    await shot(page, '05-hangzhou-form');
    // The PDF straight from the form.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载 PDF' }).click(),
    ]);
    const pdf = await pdfText(download, 'hangzhou.pdf');
    for (const item of ['刘玥', '出租安全排查表', '半年以上租赁合同', '2027-01-15']) {
      assert.ok(pdf.includes(item), `${item} is not in the PDF:\n${pdf}`);
    }
    await Promise.all([
      page.waitForURL(/\/checklist$/),
      page.getByRole('button', { name: '查看清单' }).click(),
    ]);
    const text = await page.locator('main.page').innerText();
    for (const item of ['当前不符合办理条件', '2027-01-15', '《出租安全排查表》', '半年以上租赁合同']) {
      assert.ok(text.includes(item), `${item} is not on the checklist`);
    }
    await shot(page, '06-hangzhou-checklist');
    await page.close();
  });

  await step('JavaScript off: the form is updated and sent by its buttons', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${server.url}/form?policy=hangzhou/residence-permit`);
    const update = page.getByRole('button', { name: '更新问题' });
    assert.ok(await update.isVisible(), 'the update button is there without JavaScript');
    assert.ok(await page.locator('[data-field="housing"]').isVisible(), 'asked before the basis is known');
    await choose(page, 'basis', 'employment', false);
    await Promise.all([page.waitForURL(/\/form$/), update.click()]);
    assert.equal(await page.locator('#f-basis').inputValue(), 'employment');
    assert.equal(await page.locator('[data-field="housing"]').isVisible(), false, 'housing no longer asked');
    assert.ok(await page.locator('[data-field="social_insurance_months"]').isVisible());
    // A bad value: the form comes back with the message beside the field.
    await page.locator('#f-social_insurance_months').fill('八个月');
    await page.locator('#f-registration_date').fill('2026-03-01');
    await page.locator('#f-birth_date').fill('1990-05-01');
    await page.locator('#f-date').fill('2026-11-23');
    await choose(page, 'channel', 'offline', false);
    const [bad] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/checklist')),
      page.getByRole('button', { name: '查看清单' }).click(),
    ]);
    assert.equal(bad.status(), 422);
    await page.waitForLoadState();
    const error = page.locator('#error-social_insurance_months');
    assert.ok(await error.isVisible());
    assert.match(await error.textContent(), /社保连续缴纳月数应为 0 或以上的整数，现为“八个月”/);
    await shot(page, '07-nojs-error');
    await page.locator('#f-social_insurance_months').fill('8');
    await Promise.all([
      page.waitForURL(/\/checklist$/),
      page.getByRole('button', { name: '查看清单' }).click(),
    ]);
    const text = await page.locator('main.page').innerText();
    assert.ok(!text.includes('当前不符合办理条件'), 'eligible');
    assert.ok(text.includes('社保'), 'social insurance papers');
    assert.equal(await page.getByRole('button', { name: '打印' }).isVisible(), false, 'no print button without a script');
    await shot(page, '08-nojs-checklist');
    await context.close();
  });

  await step('HR: template, check step, progress and the zip', async () => {
    const fill = process.env.DOCLIST_FILL;
    const saveTo = process.env.DOCLIST_BATCH_OUT;
    assert.ok(fill && saveTo, 'DOCLIST_FILL and DOCLIST_BATCH_OUT are set by tests/browser.rs');
    const page = await desktop.newPage();
    const scriptErrors = [];
    page.on('pageerror', (e) => scriptErrors.push(String(e)));
    await page.goto(`${server.url}/`);
    await Promise.all([
      page.waitForURL(/\/batch$/),
      page.getByRole('link', { name: /批量生成（人事）/ }).click(),
    ]);
    await page.locator('#f-policy').selectOption('shanghai/residence-registration');
    const [template] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载 Excel 模板（.xlsx）' }).click(),
    ]);
    assert.match(template.suggestedFilename(), /\.xlsx$/);
    const templateFile = path.join(work, 'template.xlsx');
    const filled = path.join(work, '员工名单.xlsx');
    await template.saveAs(templateFile);
    const [program, ...args] = JSON.parse(fill);
    execFileSync(program, args, {
      env: { ...process.env, DOCLIST_FILL_IN: templateFile, DOCLIST_FILL_OUT: filled },
      stdio: 'inherit',
    });
    await page.locator('#f-sheet').setInputFiles(filled);
    await page.locator('#f-date').fill('2026-11-23');
    await shot(page, '12-batch-form');
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/batch/check') && r.status() === 200),
      page.getByRole('button', { name: '检查表格' }).click(),
    ]);
    const check = page.locator('#check');
    await check.waitFor({ state: 'visible' });
    await page.locator('[data-check-summary]').filter({ hasText: '读到 3 行' }).waitFor();
    const summary = await page.locator('[data-check-summary]').textContent();
    assert.match(summary, /读到 3 行，2 行可以生成，1 行有问题/);
    assert.match(await page.locator('[data-check-policies]').textContent(), /上海市居住登记申报.*2 人/);
    const problems = await page.locator('[data-check-rows]').innerText();
    assert.match(problems, /第 4 行/);
    assert.match(problems, /B 列（身份证号）/);
    assert.match(problems, /「身份证号」一栏填写有误/);
    assert.match(problems, /第18位校验码应为/);
    // The results take the focus, with the counts read by their heading.
    assert.equal(await page.evaluate(() => document.activeElement.hasAttribute('data-check-heading')), true);
    await axe(page, 'batch check step');
    await shot(page, '13-batch-check');
    const [zip] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '生成并下载全部（.zip）' }).click(),
    ]);
    assert.match(zip.suggestedFilename(), /^材料清单-2026-11-23\.zip$/);
    await zip.saveAs(path.join(saveTo, 'batch.zip'));
    assert.equal(await zip.failure(), null);
    await page.locator('[data-progress]').waitFor({ state: 'visible' });
    await page.locator('[data-progress-text]').filter({ hasText: '已完成 3 / 3 行' }).waitFor({ timeout: 20000 });
    await shot(page, '14-batch-done');
    assert.deepEqual(scriptErrors, []);
    await page.close();
  });

  await step('HR without JavaScript: the check comes back as a page', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${server.url}/batch`);
    await page.locator('#f-sheet').setInputFiles(path.join(work, '员工名单.xlsx'));
    await page.locator('#f-policy').selectOption('shanghai/residence-registration');
    await page.locator('#f-date').fill('2026-11-23');
    await Promise.all([
      page.waitForURL(/\/batch\/check$/),
      page.getByRole('button', { name: '检查表格' }).click(),
    ]);
    const text = await page.locator('main').innerText();
    assert.match(text, /读到 3 行/);
    assert.match(text, /第 4 行/);
    assert.ok(await page.getByRole('button', { name: '生成并下载全部（.zip）' }).isVisible());
    await shot(page, '15-batch-check-nojs');
    await context.close();
  });

  await step('Every reader: axe-core on every page state, the error summary, Enter, type sizes', async () => {
    const page = await desktop.newPage();
    const scriptErrors = [];
    page.on('pageerror', (e) => scriptErrors.push(String(e)));
    await page.goto(`${server.url}/`);
    await axe(page, 'front page');
    for (const policy of ['shanghai/residence-registration', 'hangzhou/residence-permit']) {
      await page.goto(`${server.url}/form?policy=${policy}`);
      await axe(page, `form ${policy}`);
      const sizes = await fontSizes(page, 14);
      assert.ok(sizes.body >= 16, `form body text ${sizes.body}px`);
      assert.deepEqual(sizes.small, [], 'text under 14 px on the form');
    }
    // A wrong ID number: the error summary at the top takes the focus, links to the field.
    await page.goto(`${server.url}/form?policy=shanghai/residence-registration`);
    await page.locator('#f-id_number').fill('12345');
    await page.locator('#f-housing').selectOption('owned');
    const [bad] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/checklist')),
      page.getByRole('button', { name: '查看清单' }).click(),
    ]);
    assert.equal(bad.status(), 422);
    await page.waitForLoadState();
    assert.match(await page.title(), /^错误：/);
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'error-summary');
    const link = page.locator('#error-summary a[href="#f-id_number"]');
    assert.match(await link.textContent(), /身份证号/);
    await axe(page, 'form with an error');
    await shot(page, '16-error-summary');
    await link.click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-id_number');
    // Enter in a text field does what the main button says: the checklist.
    await page.locator('#f-id_number').fill('');
    await page.locator('#f-name').fill('王建国');
    await Promise.all([
      page.waitForURL(/\/checklist$/),
      page.locator('#f-name').press('Enter'),
    ]);
    assert.ok((await page.locator('main.page').innerText()).includes('材料清单'), 'Enter shows the checklist');
    await axe(page, 'checklist');
    const sizes = await fontSizes(page, 14);
    assert.ok(sizes.body >= 16, `checklist body text ${sizes.body}px`);
    assert.deepEqual(sizes.small, [], 'text under 14 px on the checklist');
    // 大字版 from the checklist page, and back.
    await Promise.all([
      page.waitForURL(/\/checklist$/),
      page.getByRole('button', { name: '大字版' }).click(),
    ]);
    assert.equal(await page.locator('html').getAttribute('class'), 'large');
    const large = await fontSizes(page, 18, 'main.page');
    assert.ok(large.body >= 21, `large checklist body text ${large.body}px`);
    assert.deepEqual(large.small, [], 'text under 18 px in 大字版');
    await axe(page, 'large checklist');
    await shot(page, '17-large-checklist');
    assert.ok(await page.getByRole('button', { name: '标准字号' }).isVisible());
    // The plan page.
    await page.goto(`${server.url}/plan?city=shanghai`);
    await axe(page, 'plan form');
    await Promise.all([
      page.waitForURL(/\/plan$/),
      page.getByRole('button', { name: '查看办理路径' }).click(),
    ]);
    await axe(page, 'plan');
    await page.goto(`${server.url}/batch`);
    await axe(page, 'batch page');
    await page.goto(`${server.url}/no-such-page`);
    await axe(page, 'not found');
    assert.deepEqual(scriptErrors, []);
    await page.close();
  });

  await step('320 CSS px: nothing scrolls sideways', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 700 }, locale: 'zh-CN' });
    const page = await context.newPage();
    for (const url of ['/', '/form?policy=shanghai/residence-registration&proxy=relative', '/batch', '/plan?city=hangzhou']) {
      await page.goto(`${server.url}${url}`);
      assert.equal(await scrollsSideways(page), false, `${url} scrolls sideways at 320 px`);
    }
    await page.goto(`${server.url}/form?policy=shanghai/residence-registration&housing=owned&proxy=relative&disabled=true&birth_date=1950-03-01`);
    await Promise.all([
      page.waitForURL(/\/checklist$/),
      page.getByRole('button', { name: '查看清单' }).click(),
    ]);
    assert.ok((await page.locator('main.page').innerText()).includes('委托书'), 'the 委托书 is printed');
    assert.equal(await scrollsSideways(page), false, 'the checklist with its 委托书 scrolls sideways at 320 px');
    await shot(page, '18-320-checklist');
    await context.close();
  });

  await step('A phone-sized screen', async () => {
    const context = await browser.newContext({ viewport: { width: 400, height: 800 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await shot(page, '09-mobile-index');
    await page.goto(`${server.url}/form?policy=shanghai/residence-registration&housing=castle&id_number=123`);
    const width = () => page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok((await width()) <= 400, `the form scrolls sideways: ${await width()}px`);
    await shot(page, '10-mobile-form');
    await page.locator('#f-id_number').fill('340102201603020121');
    await page.locator('#f-housing').selectOption('relative_owned');
    await Promise.all([
      page.waitForURL(/\/checklist$/),
      page.getByRole('button', { name: '查看清单' }).click(),
    ]);
    assert.ok((await page.locator('main.page').innerText()).includes('房地产权证明'));
    assert.ok((await width()) <= 400, `the checklist scrolls sideways: ${await width()}px`);
    await shot(page, '11-mobile-checklist');
    await context.close();
  });
} finally {
  await browser.close();
  server.child.kill('SIGINT');
  rmSync(work, { recursive: true, force: true });
}

const log = server.log();
for (const secret of ['李小雨', '刘玥', '340102201603020121', '42010619980707002X', '张三', '王五', '310115199804120053']) {
  await step(`the server log does not show ${secret}`, () => assert.ok(!log.includes(secret), log));
}

console.log(`screenshots: ${shots}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
