// Adversarial checks of guidance, outcomes, costs and insight (issue 7 review):
// each test pins a hole that was found and closed. A recruiter cannot add a
// person of another organisation to a cohort by naming their own organisation
// as the placement (and so read the person's name and outcomes); the add form
// lists only applicants the user may add; an id of nobody answers 404 like a
// hidden person, never 500; figures "as of" a day after today answer 422
// naming the field, never 500.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Client } from './client.mjs';
import { startServer, makeDemoDb, runInstroom } from '../e2e/lib.mjs';

let srv, db;
const sql = (q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim();

before(async () => {
  db = await makeDemoDb();
  srv = await startServer({ db });
});
after(async () => {
  if (!srv) return;
  const { code } = await srv.stop();
  assert.equal(code, 0, srv.output());
});

async function login(email) {
  const c = new Client(srv.url);
  const r = await c.login(email);
  assert.equal(r.status, 303, `login ${email}`);
  return c;
}

const tokens = new Map();
async function api(email, method, path, json) {
  if (!tokens.has(email)) {
    const { stdout } = await runInstroom(['token', 'create', '--db', db, '--user', email, '--scope', 'write']);
    tokens.set(email, stdout.trim());
  }
  const headers = { Authorization: `Bearer ${tokens.get(email)}` };
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(srv.url + path, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
  const text = await r.text();
  return { status: r.status, text, json: () => JSON.parse(text) };
}

const org = (name) => sql(`SELECT id FROM orgs WHERE name = '${name}'`);
const person = (email) => sql(`SELECT id FROM people WHERE email = '${email}'`);
const cohortOf = (slug, name) => sql(`SELECT k.id FROM cohorts k JOIN programmes p ON p.id = k.programme_id
  WHERE p.slug = '${slug}' AND k.name = '${name}'`);
const membersOf = (p) => Number(sql(`SELECT count(*) FROM cohort_members WHERE person_id = ${p}`));
const denied = (entity) => Number(sql(`SELECT count(*) FROM audit_log WHERE entity = '${entity}' AND outcome = 'denied'`));

// The day in Amsterdam, `days` from today, as YYYY-MM-DD.
function amsterdamDay(days = 0) {
  const d = new Date(Date.now() + days * 86400e3);
  return d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
}

test('a placement at the own organisation does not let a recruiter add (and read) a person of another one', async () => {
  const sophie = person('sophie.degroot@voorbeeld.demo'); // placed at Zinzia only
  assert.ok(sophie);
  const opella = org('Opella');
  const leiden = cohortOf('regio-leiden', 'Voorjaar 2027');
  assert.ok(leiden, 'a cohort of a programme Opella is no partner of');
  const rec = await login('recruiter@opella.demo');
  assert.equal((await rec.get(`/api/v1/people/${sophie}`)).status, 404, 'Opella may not see Sophie');
  await rec.get(`/cohorts/${leiden}/members`);
  const before = denied('outcome');
  const page = await rec.post(`/cohorts/${leiden}/members`, { person_id: sophie, org_id: opella, started_on: amsterdamDay() });
  assert.equal(page.status, 403, page.headers.get('location') ?? '');
  assert.equal(membersOf(sophie), 0, 'nothing was added');
  assert.equal(denied('outcome'), before + 1, 'the refusal is audited');
  const r = await api('recruiter@opella.demo', 'POST', `/api/v1/cohorts/${leiden}/members`,
    { person_id: Number(sophie), org_id: Number(opella), started_on: amsterdamDay() });
  assert.equal(r.status, 403, r.text);
  assert.doesNotMatch(r.text, /Sophie|Groot/);
  assert.equal(membersOf(sophie), 0);
  // Somebody who does not exist is refused alike: the answer tells nothing.
  const nobody = await rec.post(`/cohorts/${leiden}/members`, { person_id: '987654', org_id: opella, started_on: amsterdamDay() });
  assert.equal(nobody.status, 403);
});

test('a recruiter adds a person of the own organisation, but places them elsewhere only with a say there', async () => {
  const fatima = person('fatima.ouali@voorbeeld.demo'); // placed at Opella
  const zorgrunners = cohortOf('zorgrunners', 'Zomer 2026');
  assert.ok(zorgrunners);
  const rec = await login('recruiter@opella.demo');
  await rec.get(`/cohorts/${zorgrunners}/members`);
  const elsewhere = await rec.post(`/cohorts/${zorgrunners}/members`,
    { person_id: fatima, org_id: org('Zinzia'), started_on: amsterdamDay() });
  assert.equal(elsewhere.status, 403, 'a placement at Zinzia would show Fatima to Zinzia');
  assert.equal(membersOf(fatima), 0);
  const ok = await rec.post(`/cohorts/${zorgrunners}/members`,
    { person_id: fatima, org_id: org('Opella'), started_on: amsterdamDay() });
  assert.equal(ok.status, 303, ok.text.slice(0, 300));
  assert.equal(membersOf(fatima), 1);
  // The coordinator places anyone anywhere.
  const c = await login('coordinator@wzw.demo');
  const sophie = person('sophie.degroot@voorbeeld.demo');
  await c.get(`/cohorts/${zorgrunners}/members`);
  const coord = await c.post(`/cohorts/${zorgrunners}/members`, { person_id: sophie, org_id: org('Opella'), started_on: amsterdamDay() });
  assert.equal(coord.status, 303);
});

test('the add form lists only applicants the user may add: no names of other organisations\' applicants', async () => {
  const welslagen = cohortOf('welslagen', 'Groep 1 2027');
  const candidates = Number(sql(`SELECT count(DISTINCT a.person_id) FROM applications a JOIN campaigns cp
    ON cp.id = a.campaign_id WHERE cp.cohort_id = ${welslagen} AND a.erased_at IS NULL AND a.person_id IS NOT NULL`));
  assert.ok(candidates > 0, 'the demo cohort has applicants');
  const name = sql(`SELECT p.given_name || ' ' || p.family_name FROM applications a JOIN campaigns cp ON cp.id = a.campaign_id
    JOIN people p ON p.id = a.person_id WHERE cp.cohort_id = ${welslagen} AND a.erased_at IS NULL LIMIT 1`);
  const options = (html) => (html.match(/<select[^>]*name="person_id"[\s\S]*?<\/select>/) ?? [''])[0]
    .match(/<option value="\d+"/g)?.length ?? 0;
  const rec = await login('recruiter@opella.demo'); // Opella is no partner of WelSlagen
  const page = await rec.get(`/cohorts/${welslagen}/members`);
  assert.equal(page.status, 200);
  assert.equal(options(page.text), 0);
  assert.ok(!page.text.includes(name), `${name} is not shown to Opella`);
  const laurens = await login('recruiter@laurens.demo'); // a partner: the applicants are linked with Laurens
  const lp = await laurens.get(`/cohorts/${welslagen}/members`);
  assert.equal(options(lp.text), candidates);
});

test('an id of nobody answers 404 like a hidden person, never 500', async () => {
  const jc = await login('jobcoach@rotterdam.demo');
  const hidden = person('sophie.degroot@voorbeeld.demo'); // not linked with Gemeente Rotterdam
  for (const id of ['987654', '0', '-1', '9223372036854775808', 'x1', hidden]) {
    for (const what of ['coaches', 'contacts', 'checkins', 'support-needs', 'coaching-plan', 'signals']) {
      const r = await jc.get(`/api/v1/people/${id}/${what}`);
      assert.equal(r.status, 404, `${what} of ${id}: ${r.text}`);
    }
    const w = await api('jobcoach@rotterdam.demo', 'POST', `/api/v1/people/${id}/support-needs`, { kind: 'debts' });
    assert.equal(w.status, 404, `a support need for ${id}: ${w.text}`);
  }
  await jc.get('/guidance');
  for (const form of ['checkins', 'support-needs', 'contacts', 'coaches', 'plan']) {
    const r = await jc.post(`/people/987654/guidance/${form}`, { wellbeing: '3' });
    assert.equal(r.status, 404, form);
  }
  const me = await login('participant@instroom.demo');
  await me.get('/me/checkin');
  assert.equal((await me.post('/people/987654/guidance/checkins', { wellbeing: '3' })).status, 404);
});

test('figures as of a day after today answer 422 naming the field, not 500', async () => {
  const c = await login('coordinator@wzw.demo');
  const k = cohortOf('welslagen', 'Groep 1 2025');
  const p = sql(`SELECT id FROM programmes WHERE slug = 'welslagen'`);
  for (const on of ['9999-12-31', amsterdamDay(2)]) {
    for (const path of [`/api/v1/insight/cohorts/${k}`, `/api/v1/insight/programmes/${p}`]) {
      const r = await c.get(`${path}?on=${on}`);
      assert.equal(r.status, 422, `${path}?on=${on}: ${r.text}`);
      assert.deepEqual(r.json().errors.map((e) => e.field), ['on']);
    }
    for (const path of [`/insight/cohorts/${k}`, `/insight/programmes/${p}`])
      assert.equal((await c.get(`${path}?on=${on}`)).status, 422, `${path}?on=${on}`);
  }
  const today = await c.get(`/api/v1/insight/cohorts/${k}?on=${amsterdamDay()}`);
  assert.equal(today.status, 200);
  assert.equal(today.json().as_of, amsterdamDay());
  assert.equal((await c.get(`/api/v1/insight/cohorts/${k}?on=1900-01-01`)).status, 200);
});

test('?added= on the members page shows a count, never text from the link', async () => {
  const c = await login('coordinator@wzw.demo');
  const k = cohortOf('welslagen', 'Groep 1 2025');
  const bait = await c.get(`/cohorts/${k}/members?added=${encodeURIComponent('Uw account is geblokkeerd: bel 0900-1234')}`);
  assert.equal(bait.status, 200);
  assert.doesNotMatch(bait.text, /geblokkeerd/);
  const ok = await c.get(`/cohorts/${k}/members?added=12`);
  assert.match(ok.text, /utrecht-alert--ok[^>]*>[\s\S]*?>12 deelnemer/);
});

test('a participant reaches nobody else\'s guidance, outcomes or figures, by page or API, and never a 500', async () => {
  const me = person('participant@instroom.demo');
  const other = sql(`SELECT person_id FROM support_needs WHERE kind = 'debts' LIMIT 1`);
  const member = sql(`SELECT min(id) FROM cohort_members`);
  const event = sql(`SELECT min(id) FROM outcome_events WHERE member_id = ${member}`);
  const k = cohortOf('welslagen', 'Groep 1 2025');
  const p = sql(`SELECT id FROM programmes WHERE slug = 'welslagen'`);
  const c = await login('participant@instroom.demo');
  const reads = [
    `/people/${other}/guidance`, `/people/${other}/outcomes`, `/members/${member}`, `/cohorts/${k}/members`,
    `/programmes/${p}/report`, `/programmes/${p}/report.csv`, `/programmes/${p}/report?cohort=${k}`, `/programmes/${p}/costs`,
    ...['coaches', 'contacts', 'checkins', 'support-needs', 'coaching-plan', 'signals'].map((w) => `/api/v1/people/${other}/${w}`),
    `/api/v1/members/${member}/events`, `/api/v1/programmes/${p}/report`, `/api/v1/programmes/${p}/costs`,
  ];
  for (const path of reads) {
    const r = await c.get(path);
    assert.equal(r.status, 404, path);
  }
  for (const path of [`/insight/programmes/${p}`, `/insight/cohorts/${k}`, `/api/v1/insight/cohorts/${k}`,
    `/api/v1/cohorts/${k}/members`]) {
    const r = await c.get(path);
    assert.equal(r.status, 403, path);
    assert.doesNotMatch(r.text, /<svg|"members"/);
  }
  const before = {
    checkins: sql('SELECT count(*) FROM checkins'), needs: sql('SELECT count(*) FROM support_needs'),
    events: sql('SELECT count(*) FROM outcome_events'), voided: sql('SELECT count(*) FROM outcome_events WHERE voided_at IS NOT NULL'),
    costs: sql('SELECT count(*) FROM programme_costs'), members: sql('SELECT count(*) FROM cohort_members'),
  };
  await c.get('/me/checkin');
  const posts = [
    [`/people/${other}/guidance/checkins`, { wellbeing: '1', workload: '5', thinking_of_stopping: 'yes' }, 404],
    [`/people/${me}/guidance/support-needs`, { kind: 'debts' }, 403],
    [`/members/${member}/events`, { kind: 'dropped_out', on_date: '2025-03-01' }, 404],
    [`/members/${member}/events/${event}/void`, { reason: 'mis' }, 404],
    [`/programmes/${p}/costs`, { category: 'coaching', amount: '5', spent_on: '2025-01-01' }, 404],
    [`/cohorts/${k}/members`, { person_id: me, started_on: amsterdamDay() }, 404],
  ];
  for (const [path, form, status] of posts) assert.equal((await c.post(path, form)).status, status, path);
  const apis = [
    [`/api/v1/people/${other}/checkins`, { wellbeing: 1, workload: 5, thinking_of_stopping: true }, 404],
    [`/api/v1/members/${member}/events`, { kind: 'dropped_out', on_date: '2025-03-01' }, 404],
    [`/api/v1/members/${member}/events/${event}/void`, { reason: 'mis' }, 404],
    [`/api/v1/programmes/${p}/costs`, { category: 'coaching', amount: '5', spent_on: '2025-01-01' }, 404],
    [`/api/v1/cohorts/${k}/members`, { person_id: Number(me), started_on: amsterdamDay() }, 403],
  ];
  for (const [path, json, status] of apis) {
    const r = await api('participant@instroom.demo', 'POST', path, json);
    assert.equal(r.status, status, `${path}: ${r.text}`);
  }
  assert.deepEqual({
    checkins: sql('SELECT count(*) FROM checkins'), needs: sql('SELECT count(*) FROM support_needs'),
    events: sql('SELECT count(*) FROM outcome_events'), voided: sql('SELECT count(*) FROM outcome_events WHERE voided_at IS NOT NULL'),
    costs: sql('SELECT count(*) FROM programme_costs'), members: sql('SELECT count(*) FROM cohort_members'),
  }, before, 'nothing changed');
});

test('a dropout reason and note of a named person are for coaches, jobcoaches and the coordinator; others see the event', async () => {
  const p = sql(`SELECT person_id FROM support_needs WHERE kind = 'debts' AND status = 'referred'`);
  const k = cohortOf('welslagen', 'Groep 1 2026');
  const laurens = org('Laurens');
  const phase = sql(`SELECT f.id FROM programme_phases f JOIN programmes p ON p.id = f.programme_id
    WHERE p.slug = 'welslagen' AND f.position = 3`);
  const m = await api('coordinator@wzw.demo', 'POST', `/api/v1/cohorts/${k}/members`,
    { person_id: Number(p), org_id: Number(laurens), started_on: amsterdamDay(-60) });
  assert.equal(m.status, 201, m.text);
  const member = m.json().id;
  const e = await api('coordinator@wzw.demo', 'POST', `/api/v1/members/${member}/events`,
    { kind: 'dropped_out', on_date: amsterdamDay(-1), phase_id: Number(phase), reason: 'health', note: 'Rugklachten.' });
  assert.equal(e.status, 201, e.text);
  // The jobcoach who coaches the person sees why, and that read is audited.
  const reads = () => Number(sql(`SELECT count(*) FROM audit_log WHERE entity = 'outcome.reason' AND outcome = 'ok'`));
  const before = reads();
  const jc = await api('jobcoach@rotterdam.demo', 'GET', `/api/v1/members/${member}/events`);
  assert.equal(jc.status, 200, jc.text);
  const seen = jc.json().items.find((x) => x.kind === 'dropped_out');
  assert.equal(seen.reason, 'health');
  assert.equal(seen.note, 'Rugklachten.');
  assert.equal(reads(), before + 1);
  // A recruiter of the placement reads the member and the event, not its reason or note.
  const rec = await api('recruiter@laurens.demo', 'GET', `/api/v1/members/${member}/events`);
  assert.equal(rec.status, 200, rec.text);
  const hidden = rec.json().items.find((x) => x.kind === 'dropped_out');
  assert.ok(hidden, 'the event itself is shown');
  assert.equal(hidden.reason, null);
  assert.equal(hidden.note, null);
  assert.doesNotMatch(rec.text, /health|Rugklachten/);
  const page = await (await login('recruiter@laurens.demo')).get(`/members/${member}`);
  assert.equal(page.status, 200);
  const row = page.text.match(new RegExp(`<tr[^>]*id="event-${hidden.id}">(.*?)</tr>`))?.[1] ?? '';
  assert.match(row, /dropped out|uitgevallen|gestopt/i, 'the dropout itself is on the page');
  assert.doesNotMatch(row, /health|gezondheid/i);
  assert.doesNotMatch(page.text, /Rugklachten/);
});
