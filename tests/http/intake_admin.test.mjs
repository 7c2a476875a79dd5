// Programme, cohort and campaign administration, the CSV import and the data
// rights against a real server: staff read, the coordinator writes; bad input
// is a 422 naming the field that stores nothing; an import with bad rows adds
// nothing and names every bad row; the same file twice adds nothing; a
// recruiter of an organisation outside the programme cannot import; export
// and erasure are audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { makeDemoDb, startServer, runInstroom } from '../e2e/lib.mjs';
import { Client } from './client.mjs';

let db, srv, coord, campaignId, cohortId, programmeId;

function sql(query) {
  return execFileSync('sqlite3', ['-readonly', db, query], { encoding: 'utf8' }).trim();
}

async function as(email) {
  const c = new Client(srv.url);
  const r = await c.login(email);
  assert.equal(r.status, 303, `login of ${email}`);
  return c;
}

async function token(user, scope = 'write') {
  const { stdout } = await runInstroom(['token', 'create', '--db', db, '--user', user, '--scope', scope]);
  return stdout.trim();
}

function api(tok, method, path, json) {
  const headers = { Authorization: `Bearer ${tok}` };
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  return fetch(srv.url + path, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) })
    .then(async (r) => {
      const text = await r.text();
      return { status: r.status, headers: r.headers, text: () => text, json: () => JSON.parse(text) };
    });
}

// Posts a multipart upload with the client's cookies and CSRF token.
async function upload(client, path, name, bytes, extra = {}) {
  const fd = new FormData();
  fd.append('csrf', client.csrf ?? '');
  for (const [k, v] of Object.entries(extra)) fd.append(k, v);
  fd.append('file', new Blob([bytes], { type: 'text/csv' }), name);
  const res = await fetch(srv.url + path, { method: 'POST', body: fd, headers: { Cookie: client.cookieHeader() }, redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const orgId = (name) => sql(`SELECT id FROM orgs WHERE name = '${name}'`);

let coordToken;

before(async () => {
  db = await makeDemoDb();
  srv = await startServer({ db });
  coord = await as('coordinator@wzw.demo');
  coordToken = await token('coordinator@wzw.demo');
  let r = await api(coordToken, 'POST', '/api/v1/programmes', {
    slug: 'welslagen-test', name: 'WelSlagen (test)', kind: 'pre_track', owner_org: Number(orgId('Gemeente Rotterdam')),
    min_age: 18, partners: [
      { org_id: Number(orgId('Laurens')), part: 'employer' },
      { org_id: Number(orgId('Albeda')), part: 'school' },
      { org_id: Number(orgId('Gemeente Rotterdam')), part: 'referrer' }],
    phases: [{ name: 'Voortraject', weeks: 20 }, { name: 'BBL' }],
    targets: [{ metric: 'continue_pct', value: 75, description: 'minstens 75 % door naar de BBL' }],
  });
  assert.equal(r.status, 201, r.text());
  programmeId = (r.json()).id;
  r = await api(coordToken, 'POST', '/api/v1/cohorts', {
    programme_id: programmeId, name: 'Groep 1', starts_on: '2026-09-01', ends_on: '2027-01-31', capacity: 24,
    places: [{ org_id: Number(orgId('Laurens')), places: 24 }],
  });
  assert.equal(r.status, 201, r.text());
  cohortId = (r.json()).id;
  const year = new Date().getUTCFullYear();
  r = await api(coordToken, 'POST', '/api/v1/campaigns', {
    cohort_id: cohortId, slug: 'welslagen-test-1', title: 'WelSlagen groep 1', opens_at: `${year - 1}-01-01T00:00`,
    closes_at: `${year + 1}-12-31T23:59`, target: 30, cap: 100,
  });
  assert.equal(r.status, 201, r.text());
  const camp = r.json();
  campaignId = camp.id;
  assert.equal(camp.retention_weeks, 4);
  assert.match(camp.opens_at, /^\d{4}-12-31T23:00:00Z$/, 'midnight in Amsterdam is stored as UTC');
  assert.equal(sql(`SELECT count(*) FROM campaign_stages WHERE campaign_id = ${campaignId}`), '7');
});

after(async () => {
  const { code, signal } = await srv.stop();
  assert.equal(signal, null, srv.output());
  assert.equal(code, 0, `server exit code ${code}\n${srv.output()}`);
});

test('programmes are in the navigation and readable by staff, writable by the coordinator only', async () => {
  const home = await coord.get('/programmes');
  assert.equal(home.status, 200);
  assert.match(home.text, /href="\/programmes"/);
  assert.match(home.text, /WelSlagen \(test\)/);
  const p = await coord.get(`/programmes/${programmeId}`);
  assert.match(p.text, /minstens 75 % door naar de BBL/);
  assert.match(p.text, /Voortraject/);
  const rec = await as('recruiter@opella.demo');
  assert.equal((await rec.get(`/programmes/${programmeId}`)).status, 200, 'staff read');
  assert.equal((await rec.get('/programmes/new')).status, 403);
  assert.equal((await rec.post(`/programmes/${programmeId}`, { name: 'x' })).status, 403);
  const part = await as('participant@instroom.demo');
  assert.equal((await part.get('/programmes')).status, 403);
  const recTok = await token('recruiter@opella.demo');
  const r = await api(recTok, 'PATCH', `/api/v1/campaigns/${campaignId}`, { cap: 1 });
  assert.equal(r.status, 403);
  assert.equal(sql(`SELECT cap FROM campaigns WHERE id = ${campaignId}`), '100');
  /* Creating is refused before the body is read: no cohort or campaign appears. */
  const cohorts = sql('SELECT count(*) FROM cohorts'), campaigns = sql('SELECT count(*) FROM campaigns');
  assert.equal((await api(recTok, 'POST', '/api/v1/cohorts', { name: 'x' })).status, 403);
  assert.equal((await api(recTok, 'POST', '/api/v1/campaigns', { slug: 'x' })).status, 403);
  assert.equal(sql('SELECT count(*) FROM cohorts'), cohorts);
  assert.equal(sql('SELECT count(*) FROM campaigns'), campaigns);
});

test('a bad campaign form is a 422 that names the fields, keeps the input and stores nothing', async () => {
  const before = sql('SELECT count(*) FROM campaigns');
  await coord.get(`/cohorts/${cohortId}/campaigns/new`);
  const r = await coord.post(`/cohorts/${cohortId}/campaigns`, {
    title: 'Tweede ronde', slug: 'Tweede Ronde', opens_at: '2026-05-01T09:00', closes_at: '2026-04-01T09:00',
    target: 'veel', cap: '10', retention_weeks: '',
  });
  assert.equal(r.status, 422);
  assert.match(r.text, /kleine letters, cijfers en streepjes/);
  assert.match(r.text, /De campagne sluit voordat ze opent/);
  assert.match(r.text, /Vul een geheel getal in/);
  assert.match(r.text, /value="Tweede ronde"/);
  assert.match(r.text, /aria-invalid="true"/);
  assert.equal(sql('SELECT count(*) FROM campaigns'), before);
  const ok = await coord.post(`/cohorts/${cohortId}/campaigns`, {
    title: 'Tweede ronde', slug: 'welslagen-test-2', opens_at: '2026-05-01T09:00', closes_at: '2026-06-01T17:00',
    target: '30', cap: '60', retention_weeks: '6',
  });
  assert.equal(ok.status, 303, ok.text);
  const id = ok.headers.get('location').match(/\/campaigns\/(\d+)/)[1];
  assert.equal(sql(`SELECT opens_at FROM campaigns WHERE id = ${id}`), String(Date.UTC(2026, 4, 1, 7, 0) / 1000), 'CEST');
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'create' AND entity = 'campaign' AND entity_id = ${id}`), '1');
  const page = await coord.get(`/campaigns/${id}`);
  assert.match(page.text, /\/apply\/welslagen-test-2/);
});

test('places over the capacity are refused in the API with 422 naming places', async () => {
  const r = await api(coordToken, 'PATCH', `/api/v1/cohorts/${cohortId}`, {
    places: [{ org_id: Number(orgId('Laurens')), places: 20 }, { org_id: Number(orgId('Albeda')), places: 5 }],
  });
  assert.equal(r.status, 422);
  const body = r.json();
  assert.ok(body.errors.some((e) => e.field === 'places'), JSON.stringify(body));
  const bad = await api(coordToken, 'POST', '/api/v1/programmes', { slug: 'x', name: 'X', kind: 'bakery', owner_org: 1, colour: 'red' });
  assert.equal(bad.status, 422);
  const fields = bad.json().errors.map((e) => e.field);
  assert.ok(fields.includes('kind') && fields.includes('colour'), fields.join());
});

const badCsv = [
  'voornaam;achternaam;e-mail;geboortedatum;postcode;toestemming',
  'Anouk;Willems;anouk.import@voorbeeld.demo;12-04-1978;3011 NP;ja',
  'Rachid;Bouzid;geen-adres;01-12-1985;3021 QR;ja',
  'Priya;Ramdin;priya.import@voorbeeld.demo;31-02-1991;3051 UV;ja',
  'Ingrid;Kok;ingrid.import@voorbeeld.demo;25-06-1969;ABCD;ja',
].join('\r\n');

const goodCsv = [
  'given_name,family_name,email,phone,birth_date,postcode',
  'Anouk,Willems,anouk.import@voorbeeld.demo,06 12345678,1978-04-12,3011 NP',
  'Rachid,Bouzid,rachid.import@voorbeeld.demo,,1985-12-01,3021 QR',
  'Priya,Ramdin,priya.import@voorbeeld.demo,,1991-02-14,3051 UV',
].join('\n');

test('a CSV with 3 bad rows imports nothing and its report names all 3', async () => {
  await coord.get(`/campaigns/${campaignId}`);
  const r = await upload(coord, `/campaigns/${campaignId}/import`, 'lijst.csv', badCsv);
  assert.equal(r.status, 422, r.text);
  assert.match(r.text, /Niets geïmporteerd: 3 fout/);
  for (const [line, field] of [[3, 'email'], [4, 'birth_date'], [5, 'postcode']])
    assert.match(r.text, new RegExp(`<td class="utrecht-table__cell">${line}</td><td class="utrecht-table__cell">\\d+</td><td class="utrecht-table__cell">${field}</td>`));
  assert.equal(sql(`SELECT count(*) FROM applications WHERE campaign_id = ${campaignId}`), '0');
  assert.equal(sql(`SELECT count(*) FROM imports WHERE campaign_id = ${campaignId}`), '0');
});

test('the same good file twice adds nothing the second time (Windows-1252 too)', async () => {
  await coord.get(`/campaigns/${campaignId}`);
  let r = await upload(coord, `/campaigns/${campaignId}/import`, 'lijst.csv', goodCsv, { consent: '1' });
  assert.equal(r.status, 303, r.text);
  assert.match(r.headers.get('location'), /imported=3&existed=0/);
  await coord.get(`/campaigns/${campaignId}`);
  r = await upload(coord, `/campaigns/${campaignId}/import`, 'lijst.csv', goodCsv, { consent: '1' });
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /imported=0&existed=3/);
  const page = await coord.get(r.headers.get('location'));
  assert.match(page.text, /Geïmporteerd: 0 nieuw, 3 stonden er al/);
  assert.equal(sql(`SELECT count(*) FROM applications WHERE campaign_id = ${campaignId}`), '3');
  assert.equal(sql(`SELECT count(*) FROM imports WHERE campaign_id = ${campaignId}`), '2');
  // Excel's Windows-1252 with ';': "Zoë Müller".
  const cp1252 = Buffer.from('voornaam;achternaam;e-mail;geboortedatum;postcode\r\nZo\xeb;M\xfcller;zoe.import@voorbeeld.demo;01-01-1990;6711 AB\r\n', 'latin1');
  await coord.get(`/campaigns/${campaignId}`);
  r = await upload(coord, `/campaigns/${campaignId}/import`, 'excel.csv', cp1252, { consent: '1' });
  assert.equal(r.status, 303, r.text);
  assert.equal(sql("SELECT given_name || ' ' || family_name FROM people WHERE email = 'zoe.import@voorbeeld.demo'"), 'Zoë Müller');
});

test('a recruiter of an organisation outside the programme cannot import; a partner recruiter can', async () => {
  const opella = await as('recruiter@opella.demo');
  await opella.get(`/campaigns/${campaignId}`);
  const page = await opella.get(`/campaigns/${campaignId}`);
  assert.doesNotMatch(page.text, /enctype="multipart\/form-data"/, 'no upload form for a non-partner');
  const csv = 'voornaam;achternaam;e-mail;geboortedatum;postcode\nA;B;opella.try@voorbeeld.demo;1990-01-01;1234 AB\n';
  const r = await upload(opella, `/campaigns/${campaignId}/import`, 'x.csv', csv, { consent: '1' });
  assert.ok(r.status === 403 || r.status === 404, `status ${r.status}`);
  assert.equal(sql("SELECT count(*) FROM people WHERE email = 'opella.try@voorbeeld.demo'"), '0');
  assert.equal(sql("SELECT count(*) FROM audit_log WHERE outcome = 'denied' AND entity = 'import'"), '1');
  const laurens = await as('recruiter@laurens.demo');
  await laurens.get(`/campaigns/${campaignId}`);
  const ok = await upload(laurens, `/campaigns/${campaignId}/import`, 'x.csv', csv.replace('opella.try', 'laurens.try'), { consent: '1' });
  assert.equal(ok.status, 303, ok.text);
});

test('export and erasure: coordinator only (a participant exports their own), audited', async () => {
  const person = sql("SELECT id FROM people WHERE email = 'anouk.import@voorbeeld.demo'");
  const page = await coord.get(`/people/${person}/rights`);
  assert.equal(page.status, 200);
  const exp = await api(coordToken, 'GET', `/api/v1/people/${person}/export`);
  assert.equal(exp.status, 200);
  assert.match(exp.headers.get('content-disposition'), /attachment/);
  const j = exp.json();
  assert.equal(j.person.email, 'anouk.import@voorbeeld.demo');
  assert.equal(j.applications.length, 1);
  assert.ok(j.mail.length >= 1);
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE entity = 'person.export' AND entity_id = ${person} AND outcome = 'ok'`), '1');
  const recTok = await token('recruiter@laurens.demo');
  assert.equal((await api(recTok, 'GET', `/api/v1/people/${person}/export`)).status, 404);
  assert.ok([403, 404].includes((await api(recTok, 'POST', `/api/v1/people/${person}/erasure`)).status));
  const own = sql("SELECT person_id FROM users WHERE email = 'participant@instroom.demo'");
  const part = await as('participant@instroom.demo');
  const mine = await part.get(`/people/${own}/export`);
  assert.equal(mine.status, 200);
  assert.equal(JSON.parse(mine.text).person.email, 'participant@instroom.demo');
  assert.equal((await part.get(`/people/${person}/export`)).status, 404);
  // Erasure through the page needs the confirmation.
  let r = await coord.post(`/people/${person}/erasure`, {});
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /confirm=missing/);
  assert.equal(sql(`SELECT email FROM people WHERE id = ${person}`), 'anouk.import@voorbeeld.demo');
  r = await api(coordToken, 'POST', `/api/v1/people/${person}/erasure`);
  assert.equal(r.status, 200);
  assert.equal((r.json()).applications_erased, 1);
  assert.equal(sql(`SELECT count(*) FROM people WHERE id = ${person}`), '0', 'the person is gone');
  assert.equal(sql(`SELECT count(*) FROM applications WHERE campaign_id = ${campaignId} AND person_id IS NULL AND erased_at IS NOT NULL`), '1',
    'the application stays for the counts');
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'erase' AND entity = 'person' AND entity_id = ${person}`), '1');
});

test('the API answers a missing row with 404 naming its kind, asks the policy before looking a row up, and says created or saved', async () => {
  for (const kind of ['programmes', 'cohorts', 'campaigns']) {
    const noun = kind.slice(0, -1);
    let r = await api(coordToken, 'GET', `/api/v1/${kind}/999999`);
    assert.equal(r.status, 404, kind);
    assert.match(r.text(), new RegExp(`no such ${noun}`));
    r = await api(coordToken, 'PATCH', `/api/v1/${kind}/999999`, { name: 'x' });
    assert.equal(r.status, 404, kind);
    assert.match(r.text(), new RegExp(`no such ${noun}`));
  }
  /* A recruiter learns nothing of which rows exist: 403 for a real and a missing one alike. */
  const recTok = await token('recruiter@opella.demo');
  assert.equal((await api(recTok, 'PATCH', '/api/v1/cohorts/999999', { name: 'x' })).status, 403);
  assert.equal((await api(recTok, 'PATCH', `/api/v1/cohorts/${cohortId}`, { name: 'x' })).status, 403);
  let r = await api(coordToken, 'POST', '/api/v1/cohorts', { programme_id: programmeId, name: '' });
  assert.equal(r.status, 422);
  assert.match(r.json().detail, /the cohort was not created/);
  r = await api(coordToken, 'PATCH', `/api/v1/cohorts/${cohortId}`, { starts_on: '2026-13-01' });
  assert.equal(r.status, 422);
  assert.match(r.json().detail, /the cohort was not saved/);
  assert.ok(r.json().errors.some((e) => e.field === 'starts_on'), r.text());
  /* A new row is answered with 201 and its address. */
  r = await api(coordToken, 'POST', '/api/v1/cohorts', { programme_id: programmeId, name: 'Groep API', starts_on: '2027-01-04', ends_on: '2027-06-30', capacity: 12 });
  assert.equal(r.status, 201, r.text());
  assert.equal(r.headers.get('location'), `/api/v1/cohorts/${r.json().id}`);
});
