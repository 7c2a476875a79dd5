// The whole intake story across its parts, in Chromium: the coordinator finds
// the campaign under Programma's and goes from its administration to its
// pipeline (and back); an anonymous visitor applies in Dutch; the overview of
// the coordinator and of a recruiter of a partner count the new application;
// the recruiter goes from the overview to the new applications, screens the
// applicant with a reason, scores and selects them; the status link then
// shows "Geselecteerd" and the overview counts one new application less.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, makeDemoDb, startServer, screenshot } from './lib.mjs';
import { sqlite, seedWelSlagen } from '../http/intake_pipeline_fixture.mjs';

const PASSWORD = 'welkom-in-de-zorg';
const SLUG = 'flow-e2e';
const TITLE = `WelSlagen voorjaar (${SLUG})`;
let db, srv, browser, campaign;

before(async () => {
  db = await makeDemoDb();
  ({ campaign } = seedWelSlagen(db, SLUG));
  sqlite(db, `UPDATE users SET lang = 'nl' WHERE email IN ('recruiter@laurens.demo', 'coordinator@wzw.demo');
    INSERT INTO rubric_criteria(campaign_id, position, name, weight) VALUES (${campaign}, 1, 'motivatie', 2), (${campaign}, 2, 'taal', 1);`, { readonly: false });
  srv = await startServer({ db });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  assert.equal(r?.code, 0, srv?.output());
});

async function login(ctx, email) {
  const page = await ctx.newPage();
  await page.goto(`${srv.url}/login`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(`${srv.url}/`);
  return page;
}

/** The number of new applications the overview shows for the flow's campaign. */
async function newOnOverview(page) {
  await page.goto(`${srv.url}/`);
  const text = await page.getByRole('link', { name: new RegExp(`^${TITLE.replace(/[()]/g, '\\$&')}: \\d+ nieuw$`) }).textContent();
  return Number(/: (\d+) nieuw$/.exec(text)[1]);
}

const newContext = () => browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 } });

test('from the campaign administration to its pipeline, an application, screening, selection and the status link', async () => {
  const coordCtx = await newContext();
  const visitorCtx = await newContext();
  const recruiterCtx = await newContext();
  try {
    // The coordinator: Programma's → programme → cohort → campaign → its applications, and back.
    const coord = await login(coordCtx, 'coordinator@wzw.demo');
    const before = await newOnOverview(coord);
    assert.equal(before, 30, 'the 30 seeded applicants are new');
    assert.match(await coord.locator('.instroom-tile', { hasText: 'Uitgaande mail' }).textContent(), /\d+\s*e-mails/);
    await coord.getByRole('navigation').getByRole('link', { name: "Programma's" }).click();
    await coord.getByRole('link', { name: `WelSlagen pipeline ${SLUG}` }).click();
    await coord.getByRole('link', { name: 'Groep 1', exact: true }).click();
    await coord.getByRole('link', { name: TITLE }).click();
    await coord.waitForURL(`${srv.url}/campaigns/${campaign}`);
    assert.equal(await coord.getByRole('link', { name: `/apply/${SLUG}` }).getAttribute('href'), `/apply/${SLUG}`);
    await screenshot(coord, 'intake-flow-campaign-admin');
    await coord.getByRole('link', { name: 'Naar de aanmeldingen' }).click();
    await coord.waitForURL(`${srv.url}/pipeline/campaigns/${campaign}`);
    await coord.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    assert.equal(await coord.locator('nav[aria-label="Onderdelen van de campagne"] [aria-current="page"]').textContent(), 'Trechter');
    await coord.getByRole('link', { name: 'Campagne-instellingen en import' }).click();
    await coord.waitForURL(`${srv.url}/campaigns/${campaign}`);

    // An anonymous visitor applies in Dutch.
    const anon = await visitorCtx.newPage();
    await anon.goto(`${srv.url}/apply/${SLUG}`);
    await anon.getByLabel('Voornaam').fill('Noor');
    await anon.getByLabel('Achternaam').fill('Bakker');
    await anon.getByLabel('E-mailadres').fill('noor.bakker@voorbeeld.nl');
    await anon.getByLabel('Telefoonnummer').fill('06 2345 6789');
    await anon.getByLabel('Geboortedatum').fill('1990-06-15');
    await anon.getByLabel('Postcode').fill('3014 ab');
    await anon.getByLabel('Nederlands').check();
    await anon.getByLabel('dinsdag').check();
    await anon.getByLabel('middag').check();
    await anon.getByLabel('Waarom wilt u in de zorg werken?').fill('Ik werk graag met mensen en wil na twintig jaar in de winkel iets anders.');
    await anon.getByLabel(/Ik geef toestemming/).check();
    await anon.getByRole('button', { name: 'Aanmelding versturen' }).click();
    await anon.waitForURL(/\/apply\/status\/[A-Za-z0-9_-]{22}\?new=1$/);
    const statusHref = await anon.getAttribute('#status-link', 'href');
    assert.match(await anon.textContent('main'), /Aangemeld/);

    assert.equal(await newOnOverview(coord), before + 1, "the coordinator's overview counts the new application");

    // A recruiter of a partner (Laurens): from the overview to the new applications.
    const rec = await login(recruiterCtx, 'recruiter@laurens.demo');
    assert.equal(await newOnOverview(rec), before + 1, "the recruiter's overview counts it too");
    await screenshot(rec, 'intake-flow-recruiter-overview');
    await rec.getByRole('link', { name: `${TITLE}: ${before + 1} nieuw` }).click();
    await rec.waitForURL(`${srv.url}/pipeline/campaigns/${campaign}/applications?stage=aangemeld`);
    assert.equal(await rec.getByLabel('Fase', { exact: true }).inputValue(), 'aangemeld');
    // 31 new ones fill more than one page: narrow them down by postcode, keeping the stage
    await rec.getByLabel('Postcode').fill('3014');
    await rec.getByRole('button', { name: 'Filteren' }).click();
    await rec.waitForURL(/stage=aangemeld.*area=3014|area=3014.*stage=aangemeld/);
    assert.equal(await rec.locator('input[name="ids"]').count(), 1, 'only Noor is new in 3014');
    await rec.getByRole('link', { name: 'Noor Bakker', exact: true }).click();
    await rec.getByRole('heading', { level: 1, name: 'Noor Bakker' }).waitFor();

    await rec.getByLabel('Naar fase').selectOption('gescreend');
    await rec.getByLabel('Reden').fill('Telefonisch gesproken: gemotiveerd, dinsdagmiddag beschikbaar');
    await rec.getByRole('button', { name: 'Verplaatsen' }).click();
    await rec.getByText('De aanmelding is verplaatst.').waitFor();
    await rec.getByLabel(/^motivatie/).selectOption('5');
    await rec.getByLabel(/^taal/).selectOption('5');
    await rec.getByRole('button', { name: 'Cijfers opslaan' }).click();
    await rec.getByText('Uw cijfers zijn opgeslagen.').waitFor();

    await rec.goto(`${srv.url}/pipeline/campaigns/${campaign}/selection`);
    await rec.getByLabel('Aantal (K)').fill('1');
    await rec.getByRole('button', { name: 'Voorstel maken' }).click();
    await rec.getByRole('heading', { name: 'Voorstel: 1 van de beste 1' }).waitFor();
    const noor = Number(sqlite(db, "SELECT a.id FROM applications a JOIN people p ON p.id = a.person_id WHERE p.email = 'noor.bakker@voorbeeld.nl'"));
    assert.match(await rec.locator('main').textContent(), new RegExp(`#${noor}Geselecteerd, geplaatst bij Laurens`));
    await rec.getByRole('button', { name: 'Deze 1 selecteren' }).click();
    await rec.getByText('1 aanmeldingen zijn geselecteerd.').waitFor();

    // The status link shows the new stage.
    await anon.goto(`${srv.url}${statusHref}`);
    await anon.getByRole('heading', { level: 1, name: 'Uw aanmelding' }).waitFor();
    assert.match(await anon.textContent('main'), /Stand van zaken\s*Geselecteerd/);
    await screenshot(anon, 'intake-flow-status-selected');

    // The overviews count one new application less: Noor has been looked at.
    assert.equal(await newOnOverview(rec), before);
    assert.equal(await newOnOverview(coord), before);
  } finally {
    await coordCtx.close();
    await visitorCtx.close();
    await recruiterCtx.close();
  }
});

test('the coordinator reaches a person\'s export and erasure page from their record; a recruiter sees no such link', async () => {
  const coordCtx = await newContext();
  const recruiterCtx = await newContext();
  try {
    const person = Number(sqlite(db, `SELECT id FROM people WHERE family_name = '${SLUG}-1'`));
    const coord = await login(coordCtx, 'coordinator@wzw.demo');
    await coord.goto(`${srv.url}/people/${person}`);
    await coord.getByRole('link', { name: 'Gegevens downloaden of wissen' }).click();
    await coord.waitForURL(`${srv.url}/people/${person}/rights`);
    const rec = await login(recruiterCtx, 'recruiter@laurens.demo');
    const res = await rec.goto(`${srv.url}/people/${person}`);
    if (res.status() === 200) {
      assert.equal(await rec.getByRole('link', { name: 'Gegevens downloaden of wissen' }).count(), 0);
    }
  } finally {
    await coordCtx.close();
    await recruiterCtx.close();
  }
});
