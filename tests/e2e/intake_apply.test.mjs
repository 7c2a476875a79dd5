// An anonymous visitor applies in Dutch in Chromium, sees the confirmation
// and the status page; once the cap is reached the next applicant is put on
// the waiting list and told so. Screenshots go to tests/e2e/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { launchBrowser, makeDemoDb, startServer, screenshot } from './lib.mjs';

let srv, browser, db;

function sql(query) {
  return execFileSync('sqlite3', [db, query], { encoding: 'utf8' }).trim();
}

before(async () => {
  db = await makeDemoDb();
  // The demo's zij-instroom campaign, with its cap set just above what it holds.
  sql(`UPDATE campaigns SET cap = (SELECT count(*) FROM applications a WHERE a.campaign_id = campaigns.id) + 1
       WHERE slug = 'zij-instroom-najaar-2026'`);
  srv = await startServer({ db });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  assert.equal(r?.code, 0, srv?.output());
});

async function applyAs(page, given, email) {
  await page.goto(`${srv.url}/apply/zij-instroom-najaar-2026?utm_source=e2e`);
  await page.getByLabel('Voornaam').fill(given);
  await page.getByLabel('Achternaam').fill('Browser');
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Telefoonnummer').fill('06 9876 5432');
  await page.getByLabel('Geboortedatum').fill('1985-06-15');
  await page.getByLabel('Postcode').fill('6811 aa');
  await page.getByLabel('Welk beroep had u hiervoor?').fill('vrachtwagenchauffeur');
  await page.getByLabel('Nederlands').check();
  await page.getByLabel('maandag').check();
  await page.getByLabel('ochtend').check();
  await page.getByLabel('Hoeveel uur per week?').fill('24');
  await page.getByLabel('Waarom wilt u in de zorg werken?').fill('Ik wil na twintig jaar in de transport iets voor mensen betekenen.');
  await page.getByLabel(/Ik geef toestemming/).check();
  await page.getByRole('button', { name: 'Aanmelding versturen' }).click();
  await page.waitForURL(/\/apply\/status\/[A-Za-z0-9_-]{22}\?new=1$/);
}

test('an anonymous visitor applies in Dutch and sees the confirmation and the status page', async () => {
  const ctx = await browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  try {
    await page.goto(`${srv.url}/apply/zij-instroom-najaar-2026`);
    await page.getByRole('heading', { level: 1, name: 'Overstappen naar de zorg' }).waitFor();
    await screenshot(page, 'intake-apply-form');
    // A first try without consent: the field is named and what was typed stays.
    await page.getByLabel('Voornaam').fill('Mirjam');
    await page.getByRole('button', { name: 'Aanmelding versturen' }).click();
    await page.getByText('Geef toestemming').first().waitFor();
    assert.equal(await page.getByLabel('Voornaam').inputValue(), 'Mirjam');
    await applyAs(page, 'Mirjam', 'mirjam.browser@voorbeeld.nl');
    await page.getByRole('heading', { level: 1, name: 'Bedankt voor uw aanmelding' }).waitFor();
    const main = await page.textContent('main');
    assert.match(main, /Aangemeld/);
    assert.doesNotMatch(main, /wachtlijst/);
    await screenshot(page, 'intake-apply-confirmation');
    const href = await page.getAttribute('#status-link', 'href');
    await page.goto(`${srv.url}${href}`);
    await page.getByRole('heading', { level: 1, name: 'Uw aanmelding' }).waitFor();
    assert.match(await page.textContent('main'), /Stand van zaken\s*Aangemeld/);
    assert.equal(sql(`SELECT source || ' ' || utm_source FROM applications WHERE person_id = (SELECT id FROM people WHERE email = 'mirjam.browser@voorbeeld.nl')`), 'utm e2e');
  } finally {
    await ctx.close();
  }
});

test('once the cap is reached the next applicant is put on the waiting list and told so', async () => {
  const ctx = await browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  try {
    await page.goto(`${srv.url}/apply/zij-instroom-najaar-2026`);
    assert.match(await page.textContent('main'), /u komt dan op de wachtlijst/);
    await applyAs(page, 'Wachter', 'wachter.browser@voorbeeld.nl');
    const main = await page.textContent('main');
    assert.match(main, /U staat daarom op de wachtlijst/);
    assert.match(main, /Wachtlijst/);
    await screenshot(page, 'intake-apply-waitlist');
  } finally {
    await ctx.close();
  }
});
