// Every demo role logs in through the real login form in Chromium and sees
// its own overview; the language switch works and is remembered; the pages
// work with the keyboard. Screenshots go to tests/e2e/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, makeDemoDb, startServer, screenshot } from './lib.mjs';

const PASSWORD = 'welkom-in-de-zorg';
const roles = [
  { email: 'coordinator@wzw.demo', role: 'coordinator', name: 'Carla', tiles: ['Organisaties', 'Gebruikers', 'Aanmeldingen', 'Uitgaande mail', 'Auditlog'] },
  { email: 'recruiter@opella.demo', role: 'recruiter', name: 'Rianne', tiles: ['Aanmeldingen', 'Mijn organisaties'] },
  { email: 'supervisor@opella.demo', role: 'supervisor', name: 'Sanne', tiles: ['Diensten van mijn team'] },
  { email: 'trainer@rivor.demo', role: 'trainer', name: 'Tom', tiles: ['Mijn trainingen'] },
  { email: 'jobcoach@rotterdam.demo', role: 'jobcoach', name: 'Jamila', tiles: ['Mijn caseload', 'Aanmeldingen'] },
  { email: 'mentor@laurens.demo', role: 'mentor', name: 'Henk', tiles: ['Mijn gesprekken'] },
  { email: 'participant@instroom.demo', role: 'participant', name: 'Daan', tiles: ['Mijn gegevens', 'Mijn diensten', 'Mijn badges'] },
];

let srv, browser;

before(async () => {
  const db = await makeDemoDb();
  srv = await startServer({ db });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  assert.equal(r?.code, 0, srv?.output());
});

async function login(page, email) {
  await page.goto(`${srv.url}/login`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(`${srv.url}/`);
}

for (const r of roles) {
  test(`${r.role} logs in and sees their own overview`, async () => {
    const ctx = await browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    try {
      await login(page, r.email);
      await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Overzicht' }).waitFor());
      assert.match(await page.textContent('main'), new RegExp(`Welkom, ${r.name}`));
      const roleAttr = await page.getAttribute('.instroom-tiles', 'data-roles');
      assert.equal(roleAttr.trim(), r.role);
      const titles = await page.locator('.instroom-tile__title').allTextContents();
      for (const t of r.tiles) assert.ok(titles.includes(t), `${r.role} sees tile "${t}" (has ${titles.join(', ')})`);
      if (r.role !== 'coordinator') assert.ok(!titles.includes('Gebruikers'), 'only the coordinator manages users');
      const empties = await page.locator('.instroom-empty__text').allTextContents();
      for (const e of empties) assert.ok(e.length > 30, `an empty state says what will appear: "${e}"`);
      await screenshot(page, `dashboard-${r.role}`);
      await page.getByRole('button', { name: 'Uitloggen' }).click();
      await page.waitForURL(/\/login/);
      assert.match(await page.textContent('main'), /U bent uitgelogd/);
    } finally {
      await ctx.close();
    }
  });
}

test('a wrong password shows an error on the login page', async () => {
  const ctx = await browser.newContext({ locale: 'nl-NL' });
  const page = await ctx.newPage();
  try {
    await page.goto(`${srv.url}/login`);
    await page.getByLabel('E-mailadres').fill('coordinator@wzw.demo');
    await page.getByLabel('Wachtwoord').fill('niet het goede wachtwoord');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').textContent(), /klopt niet/);
    assert.equal(await page.getByLabel('E-mailadres').inputValue(), 'coordinator@wzw.demo');
    await screenshot(page, 'login-error');
  } finally {
    await ctx.close();
  }
});

test('the language switch turns the interface to English and back, and is remembered', async () => {
  const ctx = await browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  try {
    await page.goto(`${srv.url}/login`);
    await page.getByRole('button', { name: /EN/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await screenshot(page, 'login-en');
    await page.getByLabel('E-mail address').fill('recruiter@opella.demo');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${srv.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    assert.match(await page.textContent('main'), /Welcome, Rianne/);
    await screenshot(page, 'dashboard-recruiter-en');
    await page.getByRole('button', { name: /NL/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Overzicht' }).waitFor();
    await page.reload();
    assert.equal(await page.getAttribute('html', 'lang'), 'nl', 'remembered after a reload');
  } finally {
    await ctx.close();
  }
});

test('the login form works with the keyboard alone, with a visible focus', async () => {
  const ctx = await browser.newContext({ locale: 'nl-NL' });
  const page = await ctx.newPage();
  try {
    await page.goto(`${srv.url}/login`);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'instroom-skip-link');
    let steps = 0;
    while ((await page.evaluate(() => document.activeElement.id)) !== 'login-email' && steps++ < 10) await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'login-email');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle + ' ' + getComputedStyle(document.activeElement).boxShadow);
    assert.ok(!/^none none$/.test(outline), `focus is visible (${outline})`);
    await page.keyboard.type('mentor@laurens.demo');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${srv.url}/`);
    await screenshot(page, 'dashboard-keyboard');
  } finally {
    await ctx.close();
  }
});

test('a narrow screen (360 px) shows the overview without sideways scrolling', async () => {
  const ctx = await browser.newContext({ locale: 'nl-NL', viewport: { width: 360, height: 740 } });
  const page = await ctx.newPage();
  try {
    await login(page, 'participant@instroom.demo');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `page is ${overflow}px wider than the screen`);
    await screenshot(page, 'dashboard-participant-360');
  } finally {
    await ctx.close();
  }
});

test('a browser that prefers English gets English until the user chooses', async () => {
  const ctx = await browser.newContext({ locale: 'en-GB' });
  const page = await ctx.newPage();
  try {
    await page.goto(`${srv.url}/login`);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
  } finally {
    await ctx.close();
  }
});
