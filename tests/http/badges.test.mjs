// The badge pages and API against a real server: the DID document; the
// coordinator makes an achievement in the form (bad input names the field,
// stores nothing); a bulk issue with one bad line issues nothing and reports
// every line; a good list issues; the participant sees "Mijn badges" and the
// public page in nl and en; refusals by the policy: a recruiter may not
// create or issue, a trainer of another school may not issue, a participant
// may not read another's credential, a read-only token may not revoke.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { makeDemoDb, startServer, runInstroom } from '../e2e/lib.mjs';
import { Client } from './client.mjs';

let db, srv;

const sql = (q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim();

async function as(email) {
  const c = new Client(srv.url);
  const r = await c.login(email);
  assert.equal(r.status, 303, `login of ${email}`);
  return c;
}

async function token(user, scope) {
  const { stdout } = await runInstroom(['token', 'create', '--db', db, '--user', user, '--scope', scope]);
  return stdout.trim();
}

async function api(tok, method, path, json) {
  const headers = { Authorization: `Bearer ${tok}` };
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(srv.url + path, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
  const text = await r.text();
  return { status: r.status, text, json: () => JSON.parse(text) };
}

before(async () => {
  db = await makeDemoDb();
  srv = await startServer({ db });
});

after(async () => {
  const { code } = await srv.stop();
  assert.equal(code, 0, srv.output());
});

test('init made a private issuer key next to the database; the DID document is public', async () => {
  const mode = execFileSync('stat', ['-c', '%a', `${db}.issuer-key`], { encoding: 'utf8' }).trim();
  assert.equal(mode, '600');
  const r = await fetch(`${srv.url}/.well-known/did.json`);
  assert.equal(r.status, 200);
  const doc = await r.json();
  const port = new URL(srv.url).port;
  assert.equal(doc.id, `did:web:127.0.0.1%3A${port}`);
  assert.equal(doc.verificationMethod[0].publicKeyJwk.kty, 'OKP');
  assert.equal(doc.verificationMethod[0].publicKeyJwk.crv, 'Ed25519');
  assert.equal(doc.issuerProfile.name, 'Werkgeversorganisatie Zorg en Welzijn');
});

test('a badge is only in the demo where the course is complete; an issued one shows under Mijn badges', async () => {
  // The demo issued the Zorgrunner badge through the course: to Fatima, whose
  // course is complete, and not to Daan, whose course is not.
  const held = sql(`SELECT p.email FROM credentials k JOIN people p ON p.id = k.person_id
    JOIN enrolments e ON e.id = k.enrolment_id WHERE e.status = 'completed' ORDER BY k.id`);
  assert.equal(held, 'fatima.ouali@voorbeeld.demo');
  assert.equal(sql('SELECT count(*) FROM credentials WHERE enrolment_id IS NULL'), '0', 'nothing issued by hand');
  const daanTok = await token('participant@instroom.demo', 'read');
  assert.equal((await api(daanTok, 'GET', '/api/v1/me/credentials')).json().items.length, 0);
  // The coordinator issues Daan's badge (bulk, by e-mail address).
  const ach = sql("SELECT id FROM achievements WHERE slug = 'zorgrunner-basisvaardigheden'");
  const issued = await api(await token('coordinator@wzw.demo', 'write'), 'POST',
    `/api/v1/achievements/${ach}/credentials`, { recipients: ['participant@instroom.demo'] });
  assert.equal(issued.status, 201, issued.text);
  const daan = await as('participant@instroom.demo');
  const r = await daan.get('/badges/mine');
  assert.equal(r.status, 200);
  assert.match(r.text, /Zorgrunner basisvaardigheden/);
  const link = /href="(\/badges\/v\/[A-Za-z0-9_-]{22})"/.exec(r.text);
  assert.ok(link, 'a verification link');
  const pub = await fetch(srv.url + link[1]);
  assert.match(await pub.text(), /Geldig/);
  const en = await fetch(srv.url + link[1], { headers: { 'Accept-Language': 'en' } });
  const html = await en.text();
  assert.match(html, /Valid/);
  assert.match(html, /Daan Smit/);
  assert.doesNotMatch(html, /participant@instroom\.demo/, 'no e-mail on the public page');
  // A participant is sent from /badges to their own badges and has no staff pages.
  assert.equal((await daan.get('/badges')).headers.get('location'), '/badges/mine');
  assert.equal((await daan.get('/badges/achievements/new')).status, 403);
  const mine = await api(daanTok, 'GET', '/api/v1/me/credentials');
  assert.equal(mine.status, 200);
  assert.equal(mine.json().items.length, 1);
  assert.equal(mine.json().items[0].status, 'valid');
  // Not another's: Fatima's credential answers as if there were none.
  const fatimas = sql("SELECT k.id FROM credentials k JOIN people p ON p.id = k.person_id WHERE p.email = 'fatima.ouali@voorbeeld.demo'");
  assert.equal((await api(daanTok, 'GET', `/api/v1/credentials/${fatimas}`)).status, 404);
  assert.equal((await fetch(`${srv.url}/badges/v/doesnotexistdoesnotexi`)).status, 404);
});

let achievementId;

test('the coordinator makes an achievement in the form; bad input names the field and stores nothing', async () => {
  const coord = await as('coordinator@wzw.demo');
  await coord.get('/badges/achievements/new');
  const before = sql('SELECT count(*) FROM achievements');
  let r = await coord.post('/badges/achievements', { name_nl: 'Digivaardig', org_id: 'x' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Vul dit veld in/);
  assert.equal(sql('SELECT count(*) FROM achievements'), before);
  const dulon = sql("SELECT id FROM orgs WHERE name = 'Dulon College'");
  r = await coord.post('/badges/achievements', {
    name_nl: 'Digivaardig in de zorg', name_en: 'Digital skills in care',
    description_nl: 'Werkt met het ECD.', description_en: 'Works with the client record.',
    criteria_nl: 'Opdracht ECD gehaald.', criteria_en: 'Passed the record assignment.',
    org_id: dulon, valid_days: '',
  });
  assert.equal(r.status, 303, r.text);
  achievementId = Number(/\/badges\/achievements\/(\d+)/.exec(r.headers.get('location'))[1]);
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE entity = 'achievement' AND entity_id = ${achievementId} AND action = 'create'`), '1');
  r = await coord.get(`/badges/achievements/${achievementId}`);
  assert.match(r.text, /Digivaardig in de zorg/);
});

test('a bulk issue with one bad line issues nothing and reports every line; a good list issues', async () => {
  const coord = await as('coordinator@wzw.demo');
  await coord.get(`/badges/achievements/${achievementId}/issue`);
  const lisa = sql("SELECT id FROM people WHERE email = 'lisa.peters@voorbeeld.demo'");
  const count = () => sql(`SELECT count(*) FROM credentials WHERE achievement_id = ${achievementId}`);
  let r = await coord.post(`/badges/achievements/${achievementId}/issue`, {
    recipients: `${lisa}\nniemand@nergens.demo\nsophie.degroot@voorbeeld.demo\n${lisa}\nonzin`,
  });
  assert.equal(r.status, 422);
  assert.match(r.text, /Niemand gevonden/);
  assert.match(r.text, /Staat al eerder in de lijst/);
  assert.match(r.text, /Geen persoonsnummer of e-mailadres/);
  assert.equal(count(), '0', 'all or nothing');
  r = await coord.post(`/badges/achievements/${achievementId}/issue`, {
    recipients: `${lisa}\nsophie.degroot@voorbeeld.demo`,
  });
  assert.equal(r.status, 303, r.text);
  assert.match(r.headers.get('location'), /issued=2/);
  assert.equal(count(), '2');
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE entity = 'credential' AND action = 'issue'`), '4', 'the demo course completion, Daan\'s and these two');
  // The same list again skips who holds it already.
  await coord.get(`/badges/achievements/${achievementId}/issue`);
  r = await coord.post(`/badges/achievements/${achievementId}/issue`, { recipients: `${lisa}` });
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /issued=0/);
  // Revoke through the page, with a reason.
  const credId = sql(`SELECT id FROM credentials WHERE achievement_id = ${achievementId} AND person_id = ${lisa}`);
  await coord.get(`/badges/credentials/${credId}`);
  r = await coord.post(`/badges/credentials/${credId}/revoke`, { reason: '' });
  assert.equal(r.status, 422);
  r = await coord.post(`/badges/credentials/${credId}/revoke`, { reason: 'Dubbel uitgereikt' });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT revoke_reason FROM credentials WHERE id = ${credId}`), 'Dubbel uitgereikt');
});

test('the policy refuses: recruiter creating or issuing, a trainer of another school issuing, reading others, read-only tokens', async () => {
  const recruiter = await token('recruiter@opella.demo', 'write');
  const rivor = Number(sql("SELECT id FROM orgs WHERE name = 'ROC Rivor'"));
  const input = { name_nl: 'X', name_en: 'X', description_nl: 'X', description_en: 'X', criteria_nl: 'X', criteria_en: 'X', org_id: rivor };
  let r = await api(recruiter, 'POST', '/api/v1/achievements', input);
  assert.equal(r.status, 403);
  r = await api(recruiter, 'GET', '/api/v1/achievements');
  assert.equal(r.status, 200, 'staff read achievements');
  r = await api(recruiter, 'POST', `/api/v1/achievements/${achievementId}/credentials`, { recipients: [1] });
  assert.equal(r.status, 403);
  // The Rivor trainer may not issue Dulon's badge, nor see its credentials.
  const trainer = await token('trainer@rivor.demo', 'write');
  r = await api(trainer, 'POST', `/api/v1/achievements/${achievementId}/credentials`, { recipients: [1] });
  assert.equal(r.status, 403);
  r = await api(trainer, 'GET', `/api/v1/achievements/${achievementId}/credentials`);
  assert.equal(r.status, 403);
  const sophieCred = sql(`SELECT k.id FROM credentials k JOIN people p ON p.id = k.person_id WHERE p.email = 'sophie.degroot@voorbeeld.demo'`);
  r = await api(trainer, 'POST', `/api/v1/credentials/${sophieCred}/revoke`, { reason: 'x' });
  assert.equal(r.status, 404, 'not even visible to a trainer of another school');
  // The participant cannot read Sophie's credential.
  const daan = await token('participant@instroom.demo', 'read');
  assert.equal((await api(daan, 'GET', `/api/v1/credentials/${sophieCred}`)).status, 404);
  // A read-only coordinator token cannot revoke.
  const ro = await token('coordinator@wzw.demo', 'read');
  r = await api(ro, 'POST', `/api/v1/credentials/${sophieCred}/revoke`, { reason: 'x' });
  assert.equal(r.status, 403);
  assert.equal(sql(`SELECT revoked_at IS NULL FROM credentials WHERE id = ${sophieCred}`), '1');
  // Bad API input names the field.
  const coord = await token('coordinator@wzw.demo', 'write');
  r = await api(coord, 'POST', '/api/v1/achievements', { ...input, skills: ['urn:instroom:skill:nope'], valid_days: 0, colour: 'red' });
  assert.equal(r.status, 422);
  const fields = r.json().errors.map((e) => e.field).sort();
  assert.deepEqual(fields, ['colour', 'skills', 'valid_days']);
  r = await api(coord, 'POST', `/api/v1/achievements/${achievementId}/credentials`, { recipients: [] });
  assert.equal(r.status, 422);
  assert.ok(Number(sql(`SELECT count(*) FROM audit_log WHERE outcome = 'denied' AND entity = 'credential'`)) >= 3, 'refusals are audited');
});
