// Guidance in Chromium, in Dutch: the jobcoach of Gemeente Rotterdam opens
// her caseload (the person thinking of stopping first, the debts past their
// follow-up date with their reason), follows a name to the person's guidance
// page (signals, coaches, plan, contacts, check-ins, support needs with the
// debts) and records a contact moment. axe finds no serious or critical
// violation on either page. Screenshots: tests/e2e/screenshots/guidance-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { launchBrowser, makeDemoDb, startServer, screenshot, repoRoot } from './lib.mjs';
import { sqlite } from '../http/intake_pipeline_fixture.mjs';

const require = createRequire(join(repoRoot, 'web', 'package.json'));
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
let db, srv, browser, debtor;

before(async () => {
  db = await makeDemoDb();
  debtor = sqlite(db, "SELECT person_id FROM support_needs WHERE kind = 'debts' AND status = 'referred'");
  assert.ok(debtor, 'the demo has a person with debts past their follow-up');
  sqlite(db, "UPDATE users SET lang = 'nl' WHERE email = 'jobcoach@rotterdam.demo'", { readonly: false });
  srv = await startServer({ db });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  assert.equal(r?.code, 0, srv?.output());
});

async function audit(page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

test('the jobcoach sees her caseload with reasons and a person guidance page, and records a contact', async () => {
  const ctx = await browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(`${srv.url}/login`);
  await page.getByLabel('E-mailadres').fill('jobcoach@rotterdam.demo');
  await page.getByLabel('Wachtwoord').fill('welkom-in-de-zorg');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(`${srv.url}/`);
  await page.getByRole('link', { name: 'Begeleiding' }).first().click();
  await page.waitForURL(`${srv.url}/guidance`);
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Mijn deelnemers' }).waitFor());
  const rows = page.locator('table tbody tr');
  assert.ok(await rows.count() >= 4);
  assert.match(await rows.first().innerText(), /Denkt erover te stoppen/);
  const row = page.locator(`tr[data-person="${debtor}"]`);
  assert.match(await row.innerText(), /Hulpvraag Schulden: opvolging 5 dagen te laat/);
  await screenshot(page, 'guidance-caseload');
  assert.deepEqual(await audit(page), []);

  await row.getByRole('link').click();
  await page.waitForURL(`${srv.url}/people/${debtor}/guidance`);
  for (const h of ['Signalen', 'Begeleiders', 'Coachingsplan', 'Contactmomenten', 'Check-ins', 'Hulpvragen'])
    await assert.doesNotReject(page.getByRole('heading', { level: 2, name: h }).waitFor(), h);
  assert.match(await page.locator('li[data-need="debts"]').innerText(), /Kredietbank Rotterdam/);
  await page.getByText('Contactmoment vastleggen', { exact: true }).first().click();
  await page.getByLabel('Hoe', { exact: true }).selectOption('phone');
  await page.getByLabel('Aantekeningen').fill('Gebeld over de afspraak bij de Kredietbank.');
  await page.getByRole('button', { name: 'Contactmoment vastleggen' }).click();
  await page.waitForURL(/saved=1/);
  await assert.doesNotReject(page.getByText('Gebeld over de afspraak bij de Kredietbank.').waitFor());
  await screenshot(page, 'guidance-person');
  assert.deepEqual(await audit(page), []);
  await ctx.close();
});
