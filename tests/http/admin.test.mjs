// Organisations, people, user administration, the audit log and their JSON
// API against a real server: forms post and redirect, bad input is a 422
// that keeps what was typed and changes nothing, policy refusals are 403/404
// and audited, lists page through keysets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { makeDemoDb, startServer, runInstroom } from '../e2e/lib.mjs';
import { Client } from './client.mjs';

let db, srv, coord;

function sql(query) {
  return execFileSync('sqlite3', ['-readonly', db, query], { encoding: 'utf8' }).trim();
}

async function token(user, scope = 'read') {
  const { stdout } = await runInstroom(['token', 'create', '--db', db, '--user', user, '--scope', scope]);
  return stdout.trim();
}

async function as(email) {
  const c = new Client(srv.url);
  const r = await c.login(email);
  assert.equal(r.status, 303, `login of ${email}`);
  return c;
}

before(async () => {
  db = await makeDemoDb();
  srv = await startServer({ db });
  coord = await as('coordinator@wzw.demo');
});

after(async () => {
  const { code, signal } = await srv.stop();
  assert.equal(signal, null, srv.output());
  assert.equal(code, 0, `server exit code ${code}\n${srv.output()}`);
});

test('an organisation is created through the form, with a 303 and an audit entry', async () => {
  await coord.get('/orgs/new');
  const r = await coord.post('/orgs', { name: 'Zorggroep Noord', kind: 'care', region: 'Leiden', city: 'Katwijk', website: '' });
  assert.equal(r.status, 303, r.text);
  const loc = r.headers.get('location');
  assert.match(loc, /^\/orgs\/\d+\?saved=1$/);
  const page = await coord.get(loc);
  assert.equal(page.status, 200);
  assert.match(page.text, /De organisatie is opgeslagen/);
  assert.match(page.text, /Zorggroep Noord/);
  const id = loc.match(/\d+/)[0];
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'create' AND entity = 'org' AND entity_id = ${id}`), '1');
});

test('a bad organisation form is a 422 that names every field, keeps the input and stores nothing', async () => {
  const before = sql('SELECT count(*) FROM orgs');
  await coord.get('/orgs/new');
  const r = await coord.post('/orgs', { name: 'x'.repeat(201), kind: 'bakery', region: '', city: 'Ede', website: 'opella.nl' });
  assert.equal(r.status, 422);
  assert.match(r.text, /hoogstens 200 tekens/);
  assert.match(r.text, /Kies een soort organisatie uit de lijst/);
  assert.match(r.text, /Vul de regio in/);
  assert.match(r.text, /begint met https:\/\//);
  assert.match(r.text, /value="Ede"/, 'typed values are kept');
  assert.match(r.text, /value="opella.nl"/);
  assert.match(r.text, /aria-invalid="true"/);
  assert.match(r.text, /name="csrf"/);
  assert.equal(sql('SELECT count(*) FROM orgs'), before);
  const dup = await coord.post('/orgs', { name: 'opella', kind: 'care', region: 'Gelderland' });
  assert.equal(dup.status, 422);
  assert.match(dup.text, /Er is al een organisatie met deze naam/);
});

test('organisations are edited, archived and restored by the coordinator only', async () => {
  const id = sql("SELECT id FROM orgs WHERE name = 'Topaz'");
  const edit = await coord.get(`/orgs/${id}/edit`);
  assert.equal(edit.status, 200);
  let r = await coord.post(`/orgs/${id}`, { name: 'Topaz', kind: 'care', region: 'Leiden', city: 'Leiderdorp' });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT city FROM orgs WHERE id = ${id}`), 'Leiderdorp');
  assert.equal(sql(`SELECT detail FROM audit_log WHERE action = 'update' AND entity_id = ${id}`), 'city');
  r = await coord.post(`/orgs/${id}/archive`, { archived: '1' });
  assert.equal(r.status, 303);
  assert.notEqual(sql(`SELECT coalesce(archived_at, 0) FROM orgs WHERE id = ${id}`), '0');
  const list = await coord.get('/orgs');
  assert.doesNotMatch(list.text, />Topaz</, 'archived ones leave the default list');
  const archived = await coord.get('/orgs?status=archived');
  assert.match(archived.text, />Topaz</);
  r = await coord.post(`/orgs/${id}/archive`, { archived: '0' });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT coalesce(archived_at, 0) FROM orgs WHERE id = ${id}`), '0');

  const rec = await as('recruiter@opella.demo');
  assert.equal((await rec.get(`/orgs/${id}`)).status, 200, 'staff read organisations');
  assert.doesNotMatch((await rec.get(`/orgs/${id}`)).text, /Wijzigen|Archiveren/, 'no buttons they cannot use');
  assert.equal((await rec.get('/orgs/new')).status, 403);
  assert.equal((await rec.get(`/orgs/${id}/edit`)).status, 403);
  await rec.get('/orgs');
  r = await rec.post(`/orgs/${id}`, { name: 'Gekaapt', kind: 'care', region: 'Leiden' });
  assert.equal(r.status, 403);
  assert.equal(sql(`SELECT name FROM orgs WHERE id = ${id}`), 'Topaz');
  const denied = sql("SELECT count(*) FROM audit_log WHERE outcome = 'denied' AND entity = 'org' AND action = 'write'");
  assert.ok(Number(denied) >= 2, 'refused writes are audited');
  const p = await as('participant@instroom.demo');
  assert.equal((await p.get('/orgs')).status, 403);
  assert.equal((await p.get(`/orgs/${id}`)).status, 404);
  assert.equal((await coord.get('/orgs/999999')).status, 404);
});

test('the organisation list filters, sorts and says when a filter is wrong', async () => {
  let r = await coord.get('/orgs?kind=school&region=Rotterdam');
  assert.equal(r.status, 200);
  assert.match(r.text, /Albeda/);
  assert.doesNotMatch(r.text, /Laurens/);
  r = await coord.get('/orgs?sort=region&dir=desc');
  assert.match(r.text, /aria-sort="descending"/);
  const rows = r.text.slice(r.text.indexOf('<tbody'));
  assert.ok(rows.indexOf('>Rotterdam<') < rows.indexOf('>Gelderland<'), 'Rotterdam before Gelderland');
  r = await coord.get('/orgs?kind=bakery');
  assert.equal(r.status, 400);
  assert.match(r.text, /Kies een soort organisatie uit de lijst/);
  r = await coord.get('/orgs?page=0');
  assert.equal(r.status, 400);
  r = await coord.get(`/orgs/${sql("SELECT id FROM orgs WHERE name = 'Opella'")}`);
  assert.match(r.text, /Rianne Jansen/, 'the coordinator sees its users');
  assert.match(r.text, /Verbonden personen/);
});

test('people: staff see their organisations only, the list never shows benefits', async () => {
  const rec = await as('recruiter@opella.demo');
  let r = await rec.get('/people');
  assert.equal(r.status, 200);
  assert.doesNotMatch(r.text, /bijstand|cliënt/);
  // The demo's applicants are listed too (linked to the partners as applicant): look for the seed people by name.
  r = await rec.get('/people?q=daan');
  assert.match(r.text, /Daan Smit/);
  assert.doesNotMatch(r.text, /Sophie/, 'Sophie is at Zinzia');
  assert.doesNotMatch(r.text, /bijstand|cliënt/);
  r = await rec.get('/people?q=smi');
  assert.match(r.text, /Daan Smit/);
  assert.doesNotMatch(r.text, /Fatima/);
  r = await rec.get(`/people?q=${'x'.repeat(101)}`);
  assert.equal(r.status, 400);
  assert.match(r.text, /hoogstens 100 tekens/);
  r = await coord.get('/people');
  const everyone = sql('SELECT count(*) FROM people');
  assert.match(r.text, new RegExp(`Personen \\(${everyone}\\)`), 'the coordinator sees everyone');
  const anouk = sql("SELECT id FROM people WHERE given_name = 'Anouk'");
  const lau = await as('recruiter@laurens.demo');
  r = await lau.get(`/people/${anouk}`);
  assert.equal(r.status, 200);
  assert.doesNotMatch(r.text, /bijstand|Gevoelige|Sensitive|Gemeente Rotterdam|cliënt|client/i,
    'no hint of the sensitive part, not even the municipal client link');
  const jc = await as('jobcoach@rotterdam.demo');
  const n = Number(sql(`SELECT count(*) FROM audit_log WHERE entity = 'person.sensitive' AND entity_id = ${anouk}`));
  r = await jc.get(`/people/${anouk}`);
  assert.match(r.text, /Gevoelige gegevens/);
  assert.match(r.text, /bijstand/);
  assert.equal(Number(sql(`SELECT count(*) FROM audit_log WHERE entity = 'person.sensitive' AND entity_id = ${anouk} AND outcome = 'ok'`)), n + 1);
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE detail LIKE '%bijstand%'`), '0', 'the value never enters the log');
});

test('a participant sees their own record, with its sensitive part, at /me', async () => {
  const p = await as('participant@instroom.demo');
  const r = await p.get('/me');
  assert.equal(r.status, 200);
  assert.match(r.text, /Mijn gegevens/);
  assert.match(r.text, /Daan/);
  assert.match(r.text, /Gevoelige gegevens/);
  assert.match(r.text, /aria-current="page"/);
  const sophie = sql("SELECT id FROM people WHERE given_name = 'Sophie'");
  assert.equal((await p.get(`/people/${sophie}`)).status, 404);
  const none = await coord.get('/me');
  assert.equal(none.status, 200);
  assert.match(none.text, /Geen gegevens gekoppeld/);
});

test('users: create with a role, add and remove roles, disable ends their sessions', async () => {
  const opella = sql("SELECT id FROM orgs WHERE name = 'Opella'");
  await coord.get('/users/new');
  let r = await coord.post('/users', { name: '', email: 'nieuw@', lang: 'nl', role: 'recruiter', org_id: '', password: 'kort' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Vul de naam in/);
  assert.match(r.text, /Vul een geldig e-mailadres in/);
  assert.match(r.text, /Kies de organisatie waarvoor deze rol geldt/);
  assert.match(r.text, /minstens 12 tekens/);
  assert.match(r.text, /value="nieuw@"/);
  assert.doesNotMatch(r.text, /value="kort"/, 'a password is never sent back');
  assert.equal(sql("SELECT count(*) FROM users WHERE email LIKE 'nieuw@%'"), '0');
  r = await coord.post('/users', { name: 'Nina Nieuw', email: 'Nina@Opella.demo', lang: 'en', role: 'supervisor', org_id: opella, password: 'een goed wachtwoord' });
  assert.equal(r.status, 303, r.text);
  const loc = r.headers.get('location');
  const uid = loc.match(/\d+/)[0];
  assert.equal(sql(`SELECT email FROM users WHERE id = ${uid}`), 'nina@opella.demo');
  const nina = new Client(srv.url);
  assert.equal((await nina.login('nina@opella.demo', 'een goed wachtwoord')).status, 303, 'the new account logs in');
  assert.equal((await nina.get('/people')).status, 200);

  await coord.get(loc);
  r = await coord.post(`/users/${uid}/roles`, { role: 'mentor', org_id: opella });
  assert.equal(r.status, 303);
  r = await coord.post(`/users/${uid}/roles`, { role: 'mentor', org_id: opella });
  assert.equal(r.status, 422);
  assert.match(r.text, /heeft deze rol al/);
  const mid = sql(`SELECT id FROM memberships WHERE user_id = ${uid} AND role = 'mentor'`);
  r = await coord.post(`/users/${uid}/roles/${mid}/delete`, {});
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT count(*) FROM memberships WHERE user_id = ${uid}`), '1');

  const colleague = await as('recruiter@opella.demo');
  assert.equal((await colleague.get(`/users/${uid}`)).status, 200, 'a colleague may read the account');
  const other = await as('recruiter@zinzia.demo');
  assert.equal((await other.get(`/users/${uid}`)).status, 404, 'another organisation may not');
  assert.equal((await other.get('/users')).status, 403);

  r = await coord.post(`/users/${uid}/disable`, {});
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT count(*) FROM sessions WHERE user_id = ${uid}`), '0');
  const after = await nina.get('/people');
  assert.equal(after.status, 303, 'the disabled user is logged out');
  const self = sql("SELECT id FROM users WHERE email = 'coordinator@wzw.demo'");
  await coord.get(`/users/${self}`);
  r = await coord.post(`/users/${self}/disable`, {});
  assert.equal(r.status, 422);
  assert.match(r.text, /eigen account niet uitschakelen/);
});

test('the audit log filters by subject, user, outcome and date, newest first', async () => {
  let r = await coord.get('/audit?outcome=denied');
  assert.equal(r.status, 200);
  assert.match(r.text, /geweigerd/);
  assert.doesNotMatch(r.text, /utrecht-status-badge--success/);
  r = await coord.get('/audit?user=RECRUITER@opella.demo&entity=org');
  assert.equal(r.status, 200);
  assert.match(r.text, /Rianne Jansen/);
  r = await coord.get('/audit?user=niemand@nergens.demo');
  assert.equal(r.status, 400);
  assert.match(r.text, /Er is geen gebruiker met dit e-mailadres/);
  r = await coord.get('/audit?from=2026-13-01');
  assert.equal(r.status, 400);
  r = await coord.get('/audit?from=2020-01-02&to=2020-01-01');
  assert.equal(r.status, 400);
  r = await coord.get('/audit?from=2000-01-01&to=2000-01-02');
  assert.match(r.text, /Geen gebeurtenissen gevonden/);
  const rec = await as('recruiter@opella.demo');
  assert.equal((await rec.get('/audit')).status, 403);
});

test('API: organisations are created, read, patched and paged', async () => {
  const tok = await token('coordinator@wzw.demo', 'write');
  const c = new Client(srv.url);
  const h = { Authorization: `Bearer ${tok}` };
  let r = await c.request('POST', '/api/v1/orgs', { headers: h, json: { name: 'Zorg Zuid', kind: 'care', region: 'Leiden' } });
  assert.equal(r.status, 201, r.text);
  const org = r.json();
  assert.equal(r.headers.get('location'), `/api/v1/orgs/${org.id}`);
  assert.match(org.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(org.archived_at, null);
  r = await c.request('PATCH', `/api/v1/orgs/${org.id}`, { headers: h, json: { city: 'Leiden', archived: true } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().city, 'Leiden');
  assert.notEqual(r.json().archived_at, null);
  r = await c.request('PATCH', `/api/v1/orgs/${org.id}`, { headers: h, json: { name: '', kind: 5, colour: 'red' } });
  assert.equal(r.status, 422);
  const fields = r.json().errors.map((e) => e.field).sort();
  assert.deepEqual(fields, ['colour', 'kind']);
  r = await c.request('PATCH', `/api/v1/orgs/${org.id}`, { headers: h, json: { name: ' ' } });
  assert.equal(r.status, 422);
  assert.equal(r.json().errors[0].field, 'name');
  assert.equal(sql(`SELECT name FROM orgs WHERE id = ${org.id}`), 'Zorg Zuid', 'nothing changed');
  r = await c.request('PATCH', `/api/v1/orgs/${org.id}`, { headers: { ...h, 'Content-Type': 'text/plain' }, body: '{}' });
  assert.equal(r.status, 415);
  assert.equal((await c.get('/api/v1/orgs/999999', { headers: h })).status, 404);

  const seen = new Set();
  let next = '/api/v1/orgs?limit=7&status=all';
  let pages = 0;
  while (next) {
    r = await c.get(next, { headers: h });
    assert.equal(r.status, 200);
    const body = r.json();
    for (const o of body.items) seen.add(o.id);
    assert.ok(body.items.length <= 7);
    next = body.next;
    pages++;
  }
  assert.equal(seen.size, Number(sql('SELECT count(*) FROM orgs')), 'every organisation once');
  assert.ok(pages >= 3);
  r = await c.get('/api/v1/orgs?limit=500', { headers: h });
  assert.equal(r.status, 400);
  assert.equal(r.json().errors[0].field, 'limit');
  r = await c.get('/api/v1/orgs?kind=school', { headers: h });
  assert.ok(r.json().items.every((o) => o.kind === 'school'));

  const read = await token('recruiter@opella.demo', 'write');
  r = await c.request('POST', '/api/v1/orgs', { headers: { Authorization: `Bearer ${read}` }, json: { name: 'Nee', kind: 'care', region: 'R' } });
  assert.equal(r.status, 403);
});

test('API: users, people, me and the audit log', async () => {
  const tok = await token('coordinator@wzw.demo', 'write');
  const c = new Client(srv.url);
  const h = { Authorization: `Bearer ${tok}` };
  let r = await c.get('/api/v1/me', { headers: h });
  assert.equal(r.status, 200);
  assert.equal(r.json().email, 'coordinator@wzw.demo');
  assert.equal(r.json().memberships[0].role, 'coordinator');
  const laurens = Number(sql("SELECT id FROM orgs WHERE name = 'Laurens'"));
  r = await c.request('POST', '/api/v1/users', { headers: h, json: { name: 'Api Gebruiker', email: 'api@laurens.demo', role: 'trainer', org_id: laurens, password: 'lang genoeg wachtwoord' } });
  assert.equal(r.status, 201, r.text);
  assert.ok(!('password' in r.json()) && !r.text.includes('password_hash'));
  r = await c.request('POST', '/api/v1/users', { headers: h, json: { name: 'X', email: 'api@laurens.demo', role: 'participant', org_id: laurens, password: 'kort' } });
  assert.equal(r.status, 422);
  const byField = Object.fromEntries(r.json().errors.map((e) => [e.field, e.code]));
  assert.equal(byField.org_id, 'USERS_ORG_NOT_FOR_PARTICIPANT');
  assert.equal(byField.password, 'USERS_PASSWORD_WEAK');
  r = await c.get(`/api/v1/users?org_id=${laurens}&role=trainer`, { headers: h });
  assert.deepEqual(r.json().items.map((u) => u.email), ['api@laurens.demo']);
  r = await c.get('/api/v1/users?role=wizard', { headers: h });
  assert.equal(r.status, 400);

  r = await c.get('/api/v1/people?limit=5', { headers: h });
  assert.equal(r.json().items.length, 5);
  assert.ok(r.json().next);
  assert.ok(r.json().items.every((p) => !('sensitive' in p)), 'lists never carry the sensitive part');
  const rec = await token('recruiter@opella.demo');
  r = await c.get('/api/v1/people?limit=200', { headers: { Authorization: `Bearer ${rec}` } });
  // Leave out the demo's generated applicants (linked to the programme's partners as applicant only).
  const names = r.json().items.filter((p) => !/\.[a-z-]+\.\d+@voorbeeld\.demo$/.test(p.email)).map((p) => p.given_name).sort();
  assert.deepEqual(names, ['Anouk', 'Daan', 'Fatima', 'Jeroen'].filter((n) => names.includes(n)));
  assert.ok(!names.includes('Sophie'));

  r = await c.get('/api/v1/audit?limit=3&outcome=denied', { headers: h });
  assert.equal(r.status, 200);
  const page1 = r.json();
  assert.ok(page1.items.every((e) => e.outcome === 'denied'));
  assert.ok(page1.items[0].id > page1.items[1].id, 'newest first');
  r = await c.get(page1.next, { headers: h });
  assert.ok(r.json().items[0].id < page1.items[2].id);
  assert.equal((await c.get('/api/v1/audit?from=yesterday', { headers: h })).status, 400);
  assert.equal((await c.get('/api/v1/audit', { headers: { Authorization: `Bearer ${rec}` } })).status, 403);
});
