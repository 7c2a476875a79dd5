// An anonymous visitor applies in Dutch; a recruiter of a partner
// organisation screens and selects them in Chromium: from "Werving" to the
// campaign, the list, the application; moves it to gescreend with a reason
// (shown in the history with who and when), scores it, and selects the best
// 1, which moves it to geselecteerd and places it with a partner. The
// applicant's status link then shows the new stage.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, makeDemoDb, startServer, screenshot } from './lib.mjs';
import { sqlite, seedWelSlagen } from '../http/intake_pipeline_fixture.mjs';

const PASSWORD = 'welkom-in-de-zorg';
let db, srv, browser, campaign;

before(async () => {
  db = await makeDemoDb();
  ({ campaign } = seedWelSlagen(db, 'tp-e2e'));
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

test('a recruiter screens an applicant with a reason and selects them; the status link shows it', async () => {
  const ctx = await browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  const visitor = await browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 } });
  try {
    const anon = await visitor.newPage();
    await anon.goto(`${srv.url}/apply/tp-e2e`);
    await anon.getByLabel('Voornaam').fill('Sevda');
    await anon.getByLabel('Achternaam').fill('Yilmaz');
    await anon.getByLabel('E-mailadres').fill('sevda.yilmaz@voorbeeld.nl');
    await anon.getByLabel('Telefoonnummer').fill('06 1234 9876');
    await anon.getByLabel('Geboortedatum').fill('1992-03-04');
    await anon.getByLabel('Postcode').fill('3012 cd');
    await anon.getByLabel('Nederlands').check();
    await anon.getByLabel('maandag').check();
    await anon.getByLabel('ochtend').check();
    await anon.getByLabel('Waarom wilt u in de zorg werken?').fill('Ik zorg al jaren voor mijn oma en wil er mijn werk van maken.');
    await anon.getByLabel(/Ik geef toestemming/).check();
    await anon.getByRole('button', { name: 'Aanmelding versturen' }).click();
    await anon.waitForURL(/\/apply\/status\/[A-Za-z0-9_-]{22}\?new=1$/);
    const statusHref = await anon.getAttribute('#status-link', 'href');
    const id = Number(sqlite(db, "SELECT a.id FROM applications a JOIN people p ON p.id = a.person_id WHERE p.email = 'sevda.yilmaz@voorbeeld.nl'"));
    assert.ok(id > 0);

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
    await page.getByLabel('Postcode').fill('3012');
    await page.getByRole('button', { name: 'Filteren' }).click();
    await page.waitForURL(/area=3012/);
    assert.equal(await page.locator('input[name="ids"]').count(), 1, 'only the new applicant lives in 3012');
    await page.getByRole('link', { name: 'Sevda Yilmaz', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Sevda Yilmaz' }).waitFor();

    await page.getByLabel('Naar fase').selectOption('gescreend');
    await page.getByLabel('Reden').fill('Telefonisch gescreend: beschikbaar en gemotiveerd');
    await page.getByRole('button', { name: 'Verplaatsen' }).click();
    await page.getByText('De aanmelding is verplaatst.').waitFor();
    const history = await page.locator('#history-caption').locator('xpath=ancestor::table').textContent();
    assert.match(history, /Gescreend/);
    assert.match(history, /Lotte Mulder/);
    assert.match(history, /Telefonisch gescreend: beschikbaar en gemotiveerd/);
    assert.equal(stageOf(id), 'gescreend');

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
    assert.equal(stageOf(id), 'geselecteerd');
    assert.equal(sqlite(db, `SELECT o.name FROM selection_placements s JOIN orgs o ON o.id = s.org_id WHERE s.application_id = ${id}`), 'Laurens');

    await page.goto(`${srv.url}/pipeline/applications/${id}`);
    assert.match(await page.locator('main').textContent(), /Geselecteerd bij de beste 1 van de rangorde/);

    await anon.goto(`${srv.url}${statusHref}`);
    await anon.getByRole('heading', { level: 1, name: 'Uw aanmelding' }).waitFor();
    assert.match(await anon.textContent('main'), /Stand van zaken\s*Geselecteerd/);
    await screenshot(anon, 'intake-pipeline-status-selected');
  } finally {
    await ctx.close();
    await visitor.close();
  }
});
