// A recruiter of a partner organisation screens and selects an applicant in
// Chromium (Dutch): from "Werving" to the campaign, the list, the application;
// moves it to gescreend with a reason (shown in the history with who and
// when), scores it, and selects the best 1, which moves it to geselecteerd
// and places it with a partner.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, makeDemoDb, startServer, screenshot } from './lib.mjs';
import { sqlite, seedWelSlagen } from '../http/intake_pipeline_fixture.mjs';

const PASSWORD = 'welkom-in-de-zorg';
let db, srv, browser, campaign, apps;

before(async () => {
  db = await makeDemoDb();
  ({ campaign, apps } = seedWelSlagen(db, 'tp-e2e'));
  sqlite(db, `UPDATE users SET lang = 'nl' WHERE email = 'recruiter@laurens.demo';
    INSERT INTO rubric_criteria(campaign_id, position, name, weight) VALUES (${campaign}, 1, 'motivatie', 2), (${campaign}, 2, 'taal', 1);`, { readonly: false });
  srv = await startServer({ db });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  assert.equal(r?.code, 0, srv?.output());
});

const stageOf = (id) => sqlite(db, `SELECT k.key FROM applications a JOIN campaign_stages k ON k.id = a.stage_id WHERE a.id = ${id}`);

test('a recruiter screens an applicant with a reason and selects them', async () => {
  const ctx = await browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  try {
    await page.goto(`${srv.url}/login`);
    await page.getByLabel('E-mailadres').fill('recruiter@laurens.demo');
    await page.getByLabel('Wachtwoord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL(`${srv.url}/`);

    await page.getByRole('link', { name: 'Werving' }).first().click();
    await page.waitForURL(`${srv.url}/pipeline`);
    await page.getByRole('link', { name: 'WelSlagen voorjaar (tp-e2e)' }).click();
    await page.getByRole('heading', { level: 1, name: 'WelSlagen voorjaar (tp-e2e)' }).waitFor();
    assert.ok(await page.locator('svg[role="img"]').count() === 1, 'the funnel chart');
    await page.getByRole('link', { name: 'Lijst' }).click();
    await page.getByRole('link', { name: 'Kandidaat tp-e2e-1', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Kandidaat tp-e2e-1' }).waitFor();

    await page.getByLabel('Naar fase').selectOption('gescreend');
    await page.getByLabel('Reden').fill('Telefonisch gescreend: beschikbaar en gemotiveerd');
    await page.getByRole('button', { name: 'Verplaatsen' }).click();
    await page.getByText('De aanmelding is verplaatst.').waitFor();
    const history = await page.locator('#history-caption').locator('xpath=ancestor::table').textContent();
    assert.match(history, /Gescreend/);
    assert.match(history, /Lotte Mulder/);
    assert.match(history, /Telefonisch gescreend: beschikbaar en gemotiveerd/);
    assert.equal(stageOf(apps[0]), 'gescreend');

    await page.getByLabel(/^motivatie/).selectOption('5');
    await page.getByLabel(/^taal/).selectOption('4');
    await page.getByRole('button', { name: 'Cijfers opslaan' }).click();
    await page.getByText('Uw cijfers zijn opgeslagen.').waitFor();

    await page.goto(`${srv.url}/pipeline/campaigns/${campaign}/ranking`);
    const ranking = await page.locator('main').textContent();
    assert.match(ranking, /Volledig beoordeeld/);
    assert.match(ranking, /Nog niet beoordeeld/);

    await page.getByRole('link', { name: 'Selecteren' }).click();
    await page.getByLabel('Aantal (K)').fill('1');
    await page.getByRole('button', { name: 'Voorstel maken' }).click();
    await page.getByRole('heading', { name: 'Voorstel: 1 van de beste 1' }).waitFor();
    assert.match(await page.locator('main').textContent(), /Geselecteerd, geplaatst bij Laurens/);
    await screenshot(page, 'intake-pipeline-selection');
    await page.getByRole('button', { name: 'Deze 1 selecteren' }).click();
    await page.getByText('1 aanmeldingen zijn geselecteerd.').waitFor();
    assert.equal(stageOf(apps[0]), 'geselecteerd');
    assert.equal(sqlite(db, `SELECT o.name FROM selection_placements s JOIN orgs o ON o.id = s.org_id WHERE s.application_id = ${apps[0]}`), 'Laurens');

    await page.goto(`${srv.url}/pipeline/applications/${apps[0]}`);
    assert.match(await page.locator('main').textContent(), /Geselecteerd bij de beste 1 van de rangorde/);
  } finally {
    await ctx.close();
  }
});
