// Skills against a real server: the catalogue search ignores case and
// accents; the coordinator adds local skills, others are refused; profiles
// are read by the person and staff of linked organisations only (404 and an
// audit entry otherwise); trainers and supervisors add and verify; a
// participant adds own skills (never verified) and changes only those; bad
// input names the field and changes nothing; matching scores and explains;
// the pipeline list filters and ranks by a skill; the card PDF.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeDemoDb, startServer, runInstroom } from '../e2e/lib.mjs';
import { Client } from './client.mjs';
import { sqlite, seedWelSlagen } from './intake_pipeline_fixture.mjs';

let db, srv, coordTok, supTok, zinziaTok, partTok, daan;
const sql = (q) => sqlite(db, q);

async function token(user, scope = 'write') {
  const { stdout } = await runInstroom(['token', 'create', '--db', db, '--user', user, '--scope', scope]);
  return stdout.trim();
}

async function api(tok, method, path, json) {
  const headers = { Authorization: `Bearer ${tok}`, Accept: 'application/json' };
  const opts = { method, headers };
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(json);
  }
  const res = await fetch(srv.url + path, opts);
  const text = await res.text();
  let body = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body, headers: res.headers };
}

const skillId = (code) => Number(sql(`SELECT id FROM skills WHERE code = '${code}'`));
const fields = (r) => (r.body.errors || []).map((e) => e.field);
const count = (q) => Number(sql(q));

before(async () => {
  db = await makeDemoDb();
  coordTok = await token('coordinator@wzw.demo');
  supTok = await token('supervisor@opella.demo');
  zinziaTok = await token('recruiter@zinzia.demo');
  partTok = await token('participant@instroom.demo');
  daan = Number(sql("SELECT person_id FROM users WHERE email = 'participant@instroom.demo'"));
  srv = await startServer({ db });
});

after(async () => {
  const { code, signal } = await srv.stop();
  assert.equal(code, 0, `server exit ${code} ${signal}\n${srv.output()}`);
});

test('the catalogue: search ignores case and accents, prefix matches first', async () => {
  let r = await api(zinziaTok, 'GET', '/api/v1/skills?q=HANDHYGIENE');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.items.map((s) => s.label_nl), ['Handhygiëne']);
  r = await api(zinziaTok, 'GET', '/api/v1/skills?q=Hygi%C3%ABne&kind=basic');
  assert.deepEqual(r.body.items.map((s) => s.label_nl), ['Handhygiëne']);
  r = await api(zinziaTok, 'GET', '/api/v1/skills?q=cli%C3%ABnten&kind=basic');
  assert.equal(r.body.items[0].code, 'communiceren-clienten');
  r = await api(zinziaTok, 'GET', '/api/v1/skills?q=bewoners');
  assert.ok(r.body.items.length >= 2);
  assert.match(r.body.items[0].label_nl, /^Bewoners/);
  r = await api(zinziaTok, 'GET', '/api/v1/skills?kind=planet');
  assert.equal(r.status, 400);
  r = await api(zinziaTok, 'GET', '/api/v1/skills?limit=0');
  assert.equal(r.status, 400);
});

test('local skills: the coordinator adds, others are refused, bad input names the field', async () => {
  const before = count('SELECT count(*) FROM skills');
  let r = await api(supTok, 'POST', '/api/v1/skills', { label_nl: 'Coördinatie van vrijwilligers' });
  assert.equal(r.status, 403);
  r = await api(coordTok, 'POST', '/api/v1/skills', { label_nl: '', colour: 'red' });
  assert.equal(r.status, 422);
  assert.deepEqual(fields(r).sort(), ['colour', 'label_nl']);
  assert.equal(count('SELECT count(*) FROM skills'), before);
  r = await api(coordTok, 'POST', '/api/v1/skills', { label_nl: 'Coördinatie van vrijwilligers', label_en: 'Coordinating volunteers' });
  assert.equal(r.status, 201);
  assert.equal(r.body.kind, 'local');
  assert.equal(r.body.code, 'coordinatie-van-vrijwilligers');
  assert.equal(r.body.uri, 'urn:instroom:skill:coordinatie-van-vrijwilligers');
  r = await api(coordTok, 'POST', '/api/v1/skills', { label_nl: 'COÖRDINATIE van  vrijwilligers' });
  assert.equal(r.status, 422, 'the same label ignoring case and accents');
  assert.equal(count("SELECT count(*) FROM audit_log WHERE entity = 'skill' AND action = 'create'"), 1);
});

test('profiles: read by the person and linked staff; others get 404, audited', async () => {
  let r = await api(supTok, 'GET', `/api/v1/people/${daan}/skills`);
  assert.equal(r.status, 200);
  assert.ok(r.body.items.some((e) => e.label_nl === 'Handhygiëne' && e.verified && e.verified_by_name === 'Tom Visser'));
  r = await api(partTok, 'GET', `/api/v1/people/${daan}/skills`);
  assert.equal(r.status, 200);
  const denied = count("SELECT count(*) FROM audit_log WHERE outcome = 'denied' AND entity = 'person.skills'");
  r = await api(zinziaTok, 'GET', `/api/v1/people/${daan}/skills`);
  assert.equal(r.status, 404);
  assert.equal(count("SELECT count(*) FROM audit_log WHERE outcome = 'denied' AND entity = 'person.skills'"), denied + 1);
  r = await api(zinziaTok, 'GET', '/api/v1/people/999999/skills');
  assert.equal(r.status, 404);
});

test('staff add and verify; the participant adds own, unverified, and changes only those', async () => {
  const bed = skillId('bedden-opmaken');
  const eat = skillId('helpen-eten-drinken');
  // participant: cannot verify own
  let r = await api(partTok, 'POST', `/api/v1/people/${daan}/skills`, { skill_id: bed, level: 2, source: 'hobby', verified: true });
  assert.equal(r.status, 422);
  assert.deepEqual(fields(r), ['verified']);
  r = await api(partTok, 'POST', `/api/v1/people/${daan}/skills`, { skill_id: bed, level: 2, source: 'hobby', evidence: 'Thuis elke week' });
  assert.equal(r.status, 201);
  assert.equal(r.body.verified, false);
  const own = r.body.id;
  r = await api(partTok, 'PATCH', `/api/v1/people/${daan}/skills/${own}`, { level: 3 });
  assert.equal(r.status, 200);
  assert.equal(r.body.level, 3);
  assert.equal(r.body.evidence, 'Thuis elke week', 'evidence stays when not given');
  r = await api(partTok, 'POST', `/api/v1/people/${daan}/skills/${own}/verify`);
  assert.equal(r.status, 403);
  // bad input: names the field and changes nothing
  const n = count(`SELECT count(*) FROM person_skills WHERE person_id = ${daan}`);
  r = await api(supTok, 'POST', `/api/v1/people/${daan}/skills`, { skill_id: eat, level: 7, source: 'school' });
  assert.equal(r.status, 422);
  assert.deepEqual(fields(r).sort(), ['level', 'source']);
  r = await api(supTok, 'POST', `/api/v1/people/${daan}/skills`, { skill_id: 999999, level: 1, source: 'work' });
  assert.equal(r.status, 422);
  assert.deepEqual(fields(r), ['skill_id']);
  r = await api(supTok, 'POST', `/api/v1/people/${daan}/skills`, { skill_id: bed, level: 1, source: 'hobby' });
  assert.equal(r.status, 422, 'the same skill and source twice');
  assert.equal(count(`SELECT count(*) FROM person_skills WHERE person_id = ${daan}`), n);
  // the supervisor verifies the participant's claim
  r = await api(supTok, 'POST', `/api/v1/people/${daan}/skills/${own}/verify`);
  assert.equal(r.status, 200);
  assert.equal(r.body.verified, true);
  assert.equal(r.body.verified_by_name, 'Sanne Bakker');
  // verified: no longer the participant's to change or delete
  r = await api(partTok, 'PATCH', `/api/v1/people/${daan}/skills/${own}`, { level: 4 });
  assert.equal(r.status, 403);
  r = await api(partTok, 'DELETE', `/api/v1/people/${daan}/skills/${own}`);
  assert.equal(r.status, 403);
  // a recruiter of another organisation may not even see it
  r = await api(zinziaTok, 'POST', `/api/v1/people/${daan}/skills`, { skill_id: eat, level: 1, source: 'work' });
  assert.equal(r.status, 404);
  // staff add verified at once, and delete
  r = await api(supTok, 'POST', `/api/v1/people/${daan}/skills`, { skill_id: eat, level: 2, source: 'work', verified: true });
  assert.equal(r.status, 201);
  assert.equal(r.body.verified, true);
  r = await api(supTok, 'DELETE', `/api/v1/people/${daan}/skills/${r.body.id}`);
  assert.equal(r.status, 204);
  for (const action of ['create', 'update', 'verify', 'create.verified', 'delete'])
    assert.ok(count(`SELECT count(*) FROM audit_log WHERE entity = 'person_skill' AND action = '${action}' AND outcome = 'ok'`) >= 1, action);
  assert.ok(count("SELECT count(*) FROM audit_log WHERE entity = 'person_skill' AND outcome = 'denied'") >= 3);
});

test('match: scores with explanations; unreadable people are not found', async () => {
  const hand = skillId('handhygiene'); // Daan: level 2, verified
  const comp = skillId('gezelschap-activiteiten'); // Daan: level 3, own claim
  const other = Number(sql("SELECT id FROM people WHERE email = 'sophie.degroot@voorbeeld.demo'"));
  const r = await api(supTok, 'POST', '/api/v1/skills/match', {
    requirements: [
      { skill_id: hand, level: 4, weight: 3 },
      { skill_id: comp, level: 2, weight: 1, verified_only: true },
    ],
    person_ids: [daan, other, 999999],
  });
  assert.equal(r.status, 200);
  assert.equal(r.body.items.length, 1);
  const m = r.body.items[0];
  assert.equal(m.person_id, daan);
  // (3 * 2/4 + 1 * 0) / 4 = 0.375
  assert.ok(Math.abs(m.score - 0.375) < 1e-9, String(m.score));
  assert.deepEqual(m.requirements.map((x) => x.status), ['below_level', 'unverified']);
  assert.deepEqual(r.body.not_found.sort(), [other, 999999].sort());
  let bad = await api(supTok, 'POST', '/api/v1/skills/match', { requirements: [{ skill_id: hand, level: 5 }], person_ids: [daan] });
  assert.equal(bad.status, 422);
  bad = await api(supTok, 'POST', '/api/v1/skills/match', { requirements: [], person_ids: [] });
  assert.deepEqual(fields(bad).sort(), ['person_ids', 'requirements']);
  bad = await api(supTok, 'POST', '/api/v1/skills/match', { requirements: [{ skill_id: 999999, level: 1 }], person_ids: [daan] });
  assert.equal(bad.status, 422);
});

test('the pipeline list filters and ranks by a skill', async () => {
  const { campaign, apps } = seedWelSlagen(db, 'tp-skills');
  const hand = skillId('handhygiene');
  const person = (app) => Number(sql(`SELECT person_id FROM applications WHERE id = ${app}`));
  const [a1, a2, a3] = apps;
  sqlite(db, `INSERT INTO person_skills(person_id, skill_id, level, source, created_at, updated_at) VALUES
       (${person(a1)}, ${hand}, 1, 'hobby', 0, 0), (${person(a2)}, ${hand}, 4, 'work', 0, 0), (${person(a3)}, ${hand}, 2, 'study', 0, 0)`,
  { readonly: false });
  let r = await api(coordTok, 'GET', `/api/v1/campaigns/${campaign}/applications?skill=${hand}&min=0.5`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.items.map((x) => x.id), [a2, a3], 'level 4 then level 2; level 1 scores 0.25 < 0.5');
  r = await api(coordTok, 'GET', `/api/v1/campaigns/${campaign}/applications?skill=${hand}`);
  assert.deepEqual(r.body.items.map((x) => x.id), [a2, a3, a1], 'by default: having it at all');
  r = await api(coordTok, 'GET', `/api/v1/campaigns/${campaign}/applications?skill=${hand}&level=2&min=1`);
  assert.deepEqual(r.body.items.map((x) => x.id), [a2, a3]);
  r = await api(coordTok, 'GET', `/api/v1/campaigns/${campaign}/applications?skill=${hand}&min=2`);
  assert.equal(r.status, 400);
  assert.deepEqual(fields(r), ['min']);
  r = await api(coordTok, 'GET', `/api/v1/campaigns/${campaign}/applications?skill=x`);
  assert.equal(r.status, 400);
  // the page has the filter and applies it
  const c = new Client(srv.url);
  assert.equal((await c.login('coordinator@wzw.demo')).status, 303);
  const page = await c.get(`/pipeline/campaigns/${campaign}/applications?skill=${hand}&min=0.5`);
  assert.equal(page.status, 200);
  assert.match(page.text, /name="skill"/);
  assert.equal((await c.get(`/pipeline/campaigns/${campaign}/applications?skill=${hand}&min=abc`)).status, 400);
});

test('pages: the catalogue, the profile forms and the card', async () => {
  const c = new Client(srv.url);
  assert.equal((await c.login('participant@instroom.demo')).status, 303);
  let r = await c.get('/me/skills');
  assert.equal(r.status, 200);
  assert.match(r.text, /Handhygiëne/);
  assert.match(r.text, /Mijn vaardigheden/);
  const n = count(`SELECT count(*) FROM person_skills WHERE person_id = ${daan}`);
  r = await c.post('/me/skills', { skill_id: String(skillId('veilig-werken')), level: '9', source: 'hobby' });
  assert.equal(r.status, 422);
  assert.equal(count(`SELECT count(*) FROM person_skills WHERE person_id = ${daan}`), n);
  r = await c.post('/me/skills', { skill_id: String(skillId('veilig-werken')), level: '2', source: 'hobby', verify: '1' });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT verified_at IS NULL FROM person_skills WHERE person_id = ${daan} AND skill_id = ${skillId('veilig-werken')} AND source = 'hobby'`), '1');
  r = await c.get('/skills?q=wandelen');
  assert.equal(r.status, 200, 'everyone logged in reads the catalogue');
  assert.match(r.text, /Bewoners begeleiden bij wandelen/);
  const card = await fetch(`${srv.url}/me/skills/card.pdf`, { headers: { Cookie: c.cookieHeader() } });
  assert.equal(card.status, 200);
  assert.equal(card.headers.get('content-type'), 'application/pdf');
  assert.match(card.headers.get('content-disposition'), /attachment; filename="inspiratiekaart-daan-smit\.pdf"/);
  const bytes = Buffer.from(await card.arrayBuffer());
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  assert.ok(count(`SELECT count(*) FROM audit_log WHERE entity = 'person.skills.card' AND entity_id = ${daan}`) >= 1);
  const z = new Client(srv.url);
  await z.login('recruiter@zinzia.demo');
  assert.equal((await z.get(`/people/${daan}/skills/card.pdf`)).status, 404);
  r = await z.get('/skills?q=hygi%C3%ABne');
  assert.equal(r.status, 200);
  assert.match(r.text, /Handhygiëne/);
  assert.doesNotMatch(r.text, /name="label_nl"/, 'only the coordinator adds local skills');
  r = await z.post('/skills', { label_nl: 'Iets' });
  assert.equal(r.status, 403);
});
