// Private screening in a real browser (Debian's Chromium), against a running server:
//
//   node web/tests/private_screening.e2e.mjs BASE_URL NUMBERS_JSON [SCREENSHOT_DIR]
//
// NUMBERS_JSON is `[["07700 900111", "red"], ...]` (numbers in national format, region GB,
// as `parasol demo` prints them). Signs in as rosa, screens every number written several
// ways, checks each light, records every request the page makes and fails if one goes to
// another host, carries an identifier in any form, or screens directly (`/api/screen`).
// Prints one JSON line: `{"ok": true, "verdicts": [...], "token": "..."}` (a session token
// for the caller to compare with the CLI), or `{"ok": false, "failures": [...]}`.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const [base, numbersJson, screenshotDir] = process.argv.slice(2);
if (!base || !numbersJson) {
  console.error('usage: private_screening.e2e.mjs BASE_URL NUMBERS_JSON [SCREENSHOT_DIR]');
  process.exit(2);
}
const origin = new URL(base).origin;
const numbers = JSON.parse(numbersJson);
const failures = [];
const fail = (message) => failures.push(message);
const HANDLE = 'rosa';
const PASSPHRASE = 'demo passphrase';
const TIMEOUT = 20_000;

/** The ways a member might write a GB number given in national format. */
function writings(national) {
  const digits = national.replace(/\D/g, '');
  const rest = digits.slice(1);
  return [
    national,
    `+44 ${rest.slice(0, 4)} ${rest.slice(4)}`,
    `0044${rest}`,
    `+44 (0) ${rest}`,
    digits,
  ];
}

/** Every form in which an identifier could leak into a request. */
function leakForms(national) {
  const digits = national.replace(/\D/g, '');
  const rest = digits.slice(1);
  const forms = new Set([digits, rest, `44${rest}`, `+44${rest}`, national]);
  for (const w of writings(national)) {
    forms.add(w);
    forms.add(encodeURIComponent(w));
    forms.add(w.replace(/ /g, '+'));
  }
  return [...forms].filter((f) => f.length >= 6);
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

const verdicts = [];
let token = null;
try {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 1,
  });
  const requests = [];
  context.on('request', (r) =>
    requests.push({ url: r.url(), method: r.method(), body: r.postData() ?? '' }),
  );
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const consoleProblems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleProblems.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleProblems.push(`${page.url()}: ${e.message}`));

  await page.goto(`${origin}/signin`);
  await page.fill('#handle', HANDLE);
  await page.fill('#passphrase', PASSPHRASE);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);

  // The other pages still work under the content security policy.
  for (const path of ['/', '/report', '/alerts', '/my-reports']) {
    await page.goto(`${origin}${path}`);
    const styled = await page.evaluate(
      () => getComputedStyle(document.querySelector('header')).display === 'flex',
    );
    if (!styled) fail(`${path}: the stylesheet did not apply`);
  }
  if (screenshotDir) {
    mkdirSync(screenshotDir, { recursive: true });
    await page.goto(`${origin}/`);
    await page.screenshot({ path: `${screenshotDir}/home.png`, fullPage: true });
  }

  await page.goto(`${origin}/screen`);
  await page.waitForSelector('#private-screen:not([hidden])');
  if (!(await page.isVisible('#how-private'))) fail('the private note is not shown');
  if (await page.isVisible('#how-server')) fail('the less-private note shows although JavaScript runs');
  if (await page.$('#screen-form [name]')) fail('the private form has named fields that a stray submission would send');
  if (screenshotDir) await page.screenshot({ path: `${screenshotDir}/screen-empty.png`, fullPage: true });

  const screen = async (value, kind = 'phone') => {
    await page.evaluate(() => {
      document.getElementById('verdict').replaceChildren();
    });
    await page.selectOption('#type', kind);
    await page.fill('#value', value);
    await page.click('#screen-form button[type=submit]');
    await page.waitForSelector('#verdict .light, #screen-problem:not([hidden]), #screen-form p.error');
    const light = await page.$('#verdict .light');
    if (!light) {
      const field = await page.$('#screen-form p.error');
      const problem = await (field ?? (await page.$('#screen-problem'))).textContent();
      return { level: null, problem: (problem ?? '').trim() };
    }
    const cls = (await light.getAttribute('class')) ?? '';
    const level = ['red', 'orange', 'yellow', 'green'].find((l) => cls.split(' ').includes(l));
    const kept = await page.inputValue('#value');
    if (kept !== value) fail(`after screening ${value} the field holds ${kept}`);
    return { level };
  };

  for (const [national, expected] of numbers) {
    for (const written of writings(national)) {
      const { level, problem } = await screen(written);
      verdicts.push({ number: national, written, level });
      if (level !== expected) fail(`${written}: expected ${expected}, got ${level ?? problem}`);
    }
    if (screenshotDir) {
      await page.screenshot({ path: `${screenshotDir}/screen-${expected}.png`, fullPage: true });
    }
  }

  // Handles and plates, written loosely, find what the demo's reports wrote.
  for (const [kind, written, expected] of [
    ['handle', ' Telegram:@BigDave ', 'red'],
    ['plate', 'ab12-cde', 'red'],
    ['email', 'Nobody@Example.org', 'green'],
  ]) {
    const { level, problem } = await screen(written, kind);
    verdicts.push({ kind, written, level });
    if (level !== expected) fail(`${kind} ${written}: expected ${expected}, got ${level ?? problem}`);
  }

  // A refused number keeps what was typed and says what was read.
  const refused = await screen('+44 12');
  if (refused.level !== null || !/We read “\+44 12”/.test(refused.problem)) {
    fail(`+44 12 was not refused with what was read: ${JSON.stringify(refused)}`);
  }
  if ((await page.inputValue('#value')) !== '+44 12') fail('a refused number was not kept in the field');
  if (screenshotDir) await page.screenshot({ path: `${screenshotDir}/screen-refused.png`, fullPage: true });

  // What left the page.
  const blindCalls = requests.filter(
    (r) => r.method === 'POST' && new URL(r.url).pathname === '/api/screen/blind',
  );
  if (blindCalls.length === 0) fail('the page never called /api/screen/blind');
  const otherForms = ['bigdave', 'BigDave', 'ab12', 'AB12', 'nobody@', 'Nobody'];
  for (const r of requests) {
    const url = new URL(r.url);
    for (const form of otherForms) {
      if (r.url.includes(form) || r.body.includes(form)) fail(`a request carried ${form}: ${r.method} ${url.pathname}`);
    }
    if (url.origin !== origin) fail(`a request went to another host: ${r.url}`);
    if (url.pathname === '/api/screen') fail('the page screened directly with /api/screen');
    if (r.method === 'POST' && url.pathname === '/screen') fail('the page posted the form to /screen');
    for (const [national] of numbers) {
      for (const form of leakForms(national)) {
        if (r.url.includes(form) || r.body.includes(form)) {
          fail(`a request carried ${form}: ${r.method} ${url.pathname}`);
        }
      }
    }
  }
  for (const problem of consoleProblems) fail(`console: ${problem}`);

  // Without JavaScript the form still works, on the server, and says it is less private.
  const plain = await browser.newContext({
    viewport: { width: 360, height: 740 },
    javaScriptEnabled: false,
    storageState: await context.storageState(),
  });
  const plainPage = await plain.newPage();
  plainPage.setDefaultTimeout(TIMEOUT);
  await plainPage.goto(`${origin}/screen`);
  if (!(await plainPage.isVisible('#how-server'))) fail('without JavaScript the page does not say it is less private');
  if (numbers.length > 0) {
    const [national, expected] = numbers[0];
    if (await plainPage.isVisible('#screen-form')) fail('without JavaScript the private form shows');
    await plainPage.fill('#value-plain', national);
    await Promise.all([plainPage.waitForNavigation(), plainPage.click('#screen-form-plain button[type=submit]')]);
    const cls = (await plainPage.getAttribute('#verdict .light', 'class')) ?? '';
    if (!cls.split(' ').includes(expected)) fail(`without JavaScript ${national} gave ${cls}`);
    if ((await plainPage.inputValue('#value-plain')) !== national) fail('without JavaScript the typed number was not kept');
    if (screenshotDir) await plainPage.screenshot({ path: `${screenshotDir}/screen-no-js.png`, fullPage: true });
  }
  await plain.close();

  // A token for the caller's comparison with `parasol screen --server`.
  const session = await fetch(`${origin}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ handle: HANDLE, passphrase: PASSPHRASE }),
  });
  if (session.ok) token = (await session.json()).token ?? null;
  else fail(`POST /api/session answered ${session.status}`);
  await context.close();
} catch (e) {
  fail(`the browser test stopped: ${e?.stack ?? e}`);
} finally {
  await browser.close();
}

console.log(JSON.stringify({ ok: failures.length === 0, failures, verdicts, token }));
process.exit(failures.length === 0 ? 0 : 1);
