// Guidance pages and API on the demo region: a jobcoach sees a person's debts
// and a recruiter of the same organisation does not (the attempt is in the
// audit log); reads of notes and support needs are audited; bad input answers
// 422 naming the field and changes nothing; a form without CSRF is refused;
// the participant's own check-in; the caseload with signals, most urgent first;
// the reminder job queues each due moment once; erasure takes guidance along.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { Client, DEMO_PASSWORD } from './client.mjs';
import { startServer, makeDemoDb, instroomBin, runInstroom } from '../e2e/lib.mjs';

let srv, db;
const sql = (q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim();

function addUser(email, name, role, org) {
  const r = spawnSync(instroomBin(), ['user', 'add', '--db', db, '--email', email, '--name', name, '--role', role,
    '--org', org, '--password-stdin'], { input: `${DEMO_PASSWORD}\n`, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

before(async () => {
  db = await makeDemoDb();
  // A recruiter of the jobcoach's own organisation (Gemeente Rotterdam).
  addUser('recruiter@rotterdam.demo', 'Rob Rotterdam', 'recruiter', 'Gemeente Rotterdam');
  srv = await startServer({ db });
});
after(async () => {
  if (!srv) return;
  const { code } = await srv.stop();
  assert.equal(code, 0, srv.output());
});

const tokens = new Map();
// A JSON API call with a read-write token of the user.
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

async function login(email) {
  const c = new Client(srv.url);
  const r = await c.login(email);
  assert.equal(r.status, 303, `login ${email}`);
  return c;
}

// The WelSlagen person of the demo with debts past their follow-up date.
const debtor = () => sql(`SELECT person_id FROM support_needs WHERE kind = 'debts' AND status = 'referred'`);
const audits = (entity, outcome) => Number(sql(`SELECT count(*) FROM audit_log WHERE entity = '${entity}'
  AND outcome = '${outcome}'`));

test('a jobcoach sees the debts; a recruiter of the same organisation does not, and the attempt is audited', async () => {
  const p = debtor();
  assert.ok(p, 'the demo has a person with debts');
  assert.equal(sql(`SELECT count(*) FROM person_orgs po JOIN orgs o ON o.id = po.org_id WHERE po.person_id = ${p}
    AND o.name = 'Gemeente Rotterdam'`), '1', 'linked with Gemeente Rotterdam');
  const jc = await login('jobcoach@rotterdam.demo');
  const before = audits('person.support', 'ok');
  const page = await jc.get(`/people/${p}/guidance`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Schulden/);
  assert.match(page.text, /Kredietbank Rotterdam/);
  assert.ok(audits('person.support', 'ok') > before, 'the read of the support needs is audited');
  const api = await jc.get(`/api/v1/people/${p}/support-needs`);
  assert.equal(api.status, 200);
  assert.ok(api.json().items.some((n) => n.kind === 'debts'));

  const rec = await login('recruiter@rotterdam.demo');
  const denied = audits('person.support', 'denied');
  const r1 = await rec.get(`/api/v1/people/${p}/support-needs`);
  assert.equal(r1.status, 403);
  assert.doesNotMatch(r1.text, /Kredietbank|debts/);
  assert.equal(audits('person.support', 'denied'), denied + 1, 'the refusal is in the audit log');
  const row = sql(`SELECT u.email FROM audit_log l JOIN users u ON u.id = l.user_id WHERE l.entity = 'person.support'
    AND l.outcome = 'denied' ORDER BY l.id DESC LIMIT 1`);
  assert.equal(row, 'recruiter@rotterdam.demo');
  const r2 = await rec.get(`/people/${p}/guidance`);
  assert.equal(r2.status, 200, 'the recruiter may see who coaches the person');
  assert.doesNotMatch(r2.text, /Schulden|Kredietbank|Hulpvragen/);
  const notes = await rec.get(`/api/v1/people/${p}/contacts`);
  assert.equal(notes.status, 403);
  // A recruiter elsewhere does not even learn that the person exists.
  const zinzia = await login('recruiter@zinzia.demo');
  assert.equal((await zinzia.get(`/api/v1/people/${p}/support-needs`)).status, 404);
  assert.equal((await zinzia.get(`/people/${p}/guidance`)).status, 404);
});

test('reads of notes are audited; the mentor sees notes and check-ins but not unlinked people', async () => {
  const p = debtor();
  const m = await login('mentor@laurens.demo');
  const before = audits('person.notes', 'ok');
  const r = await m.get(`/api/v1/people/${p}/contacts`);
  assert.equal(r.status, 200);
  assert.ok(r.json().items.length >= 1);
  assert.equal(audits('person.notes', 'ok'), before + 1);
  const c = await m.get(`/api/v1/people/${p}/checkins`);
  assert.equal(c.status, 200);
  const other = sql(`SELECT id FROM people WHERE email = 'participant@instroom.demo'`);
  assert.equal((await m.get(`/api/v1/people/${other}/contacts`)).status, 404);
});

test('signals: the debts past their follow-up and the person thinking of stopping, most urgent first', async () => {
  const jc = await login('jobcoach@rotterdam.demo');
  const p = debtor();
  const s = await jc.get(`/api/v1/people/${p}/signals`);
  assert.equal(s.status, 200);
  const overdue = s.json().items.find((x) => x.reason === 'need_overdue');
  assert.ok(overdue, JSON.stringify(s.json()));
  assert.equal(overdue.need_kind, 'debts');
  assert.equal(overdue.days_overdue, 5);
  const cl = await jc.get('/api/v1/guidance/caseload');
  assert.equal(cl.status, 200);
  const items = cl.json().items;
  assert.ok(items.length >= 4);
  assert.equal(items[0].signals[0].reason, 'thinking_of_stopping', 'the most urgent first');
  const page = await jc.get('/guidance');
  assert.equal(page.status, 200);
  assert.match(page.text, /Denkt erover te stoppen/);
  assert.match(page.text, /Hulpvraag Schulden: opvolging 5 dagen te laat/);
});

test('bad input answers 422 naming the field and changes nothing', async () => {
  const p = debtor();
  const jc = await login('jobcoach@rotterdam.demo');
  const n0 = sql('SELECT count(*) FROM support_needs');
  const bad = await api('jobcoach@rotterdam.demo', 'POST', `/api/v1/people/${p}/support-needs`,
    { kind: 'gambling', follow_up_on: '2001-01-01' });
  assert.equal(bad.status, 422, bad.text);
  const fields = bad.json().errors.map((e) => e.field).sort();
  assert.deepEqual(fields, ['follow_up_on', 'kind']);
  assert.equal(sql('SELECT count(*) FROM support_needs'), n0);
  await jc.get(`/people/${p}/guidance`);
  const form = await jc.post(`/people/${p}/guidance/checkins`, { wellbeing: '7', workload: '3', thinking_of_stopping: 'no' });
  assert.equal(form.status, 422);
  assert.match(form.text, /Kies een cijfer van 1 tot en met 5/);
  const k0 = sql('SELECT count(*) FROM coach_contacts');
  const c = await jc.post(`/people/${p}/guidance/contacts`, { on: '2999-01-01', channel: 'pigeon' });
  assert.equal(c.status, 422);
  assert.match(c.text, /Deze datum ligt in de toekomst/);
  assert.match(c.text, /Kies gesprek, telefoon/);
  assert.equal(sql('SELECT count(*) FROM coach_contacts'), k0);
  const unknown = await api('jobcoach@rotterdam.demo', 'POST', `/api/v1/people/${p}/checkins`, { wellbeing: 3, mood: 'ok' });
  assert.equal(unknown.status, 422);
  assert.deepEqual(unknown.json().errors.map((e) => e.field).sort(), ['mood', 'thinking_of_stopping', 'workload']);
});

test('a form without CSRF is refused and changes nothing', async () => {
  const p = debtor();
  const jc = await login('jobcoach@rotterdam.demo');
  await jc.get(`/people/${p}/guidance`);
  const n0 = sql('SELECT count(*) FROM support_needs');
  const r = await jc.post(`/people/${p}/guidance/support-needs`, { csrf: '', kind: 'housing' });
  assert.equal(r.status, 403);
  assert.equal(sql('SELECT count(*) FROM support_needs'), n0);
  const ok = await jc.post(`/people/${p}/guidance/support-needs`, { kind: 'housing', status: 'open',
    description: 'Zoekt een kamer dichter bij het werk.' });
  assert.equal(ok.status, 303);
  assert.equal(sql('SELECT count(*) FROM support_needs'), String(Number(n0) + 1));
  const id = sql(`SELECT id FROM support_needs WHERE kind = 'housing' AND person_id = ${p}`);
  await jc.get(`/people/${p}/guidance`);
  const up = await jc.post(`/people/${p}/guidance/support-needs/${id}`, { status: 'referred', referral: 'Woonstad',
    description: 'Zoekt een kamer dichter bij het werk.' });
  assert.equal(up.status, 303);
  assert.equal(sql(`SELECT status FROM support_needs WHERE id = ${id}`), 'referred');
  const hist = sql(`SELECT detail FROM audit_log WHERE entity = 'support_need' AND entity_id = ${id} ORDER BY id`);
  assert.match(hist, /status open -> referred/);
});

test('coach links: the jobcoach links a coach, the coach records a contact that marks the plan moment done', async () => {
  const p = debtor();
  const jc = await login('jobcoach@rotterdam.demo');
  const mentor = sql(`SELECT id FROM users WHERE email = 'mentor@laurens.demo'`);
  const plan = await jc.get(`/api/v1/people/${p}/coaching-plan`);
  assert.equal(plan.status, 200);
  assert.equal(plan.json().items.length, 9);
  const open = plan.json().items.find((m) => !m.done);
  const k = await api('mentor@laurens.demo', 'POST', `/api/v1/people/${p}/contacts`, { channel: 'meeting', notes: 'Gesprek.',
    plan_id: open.id });
  assert.equal(k.status, 201, k.text);
  // The answer is the new row, not another of the person's contacts.
  assert.equal(k.json().id, Number(sql(`SELECT max(id) FROM coach_contacts WHERE person_id = ${p}`)));
  assert.equal(k.json().notes, 'Gesprek.');
  const ci = await api('mentor@laurens.demo', 'POST', `/api/v1/people/${p}/checkins`, { wellbeing: 4, workload: 2, thinking_of_stopping: false });
  assert.equal(ci.status, 201, ci.text);
  assert.equal(ci.json().id, Number(sql(`SELECT max(id) FROM checkins WHERE person_id = ${p}`)));
  assert.equal(ci.json().wellbeing, 4);
  assert.equal(sql(`SELECT done_contact_id IS NOT NULL FROM coaching_plan WHERE id = ${open.id}`), '1');
  const again = await api('mentor@laurens.demo', 'POST', `/api/v1/people/${p}/contacts`, { channel: 'meeting', plan_id: open.id });
  assert.equal(again.status, 422, 'a done moment cannot be done twice');
  const dup = await api('jobcoach@rotterdam.demo', 'POST', `/api/v1/people/${p}/coaches`, { coach_id: Number(mentor), kind: 'mentor' });
  assert.equal(dup.status, 422);
  assert.equal(dup.json().errors[0].field, 'coach_id');
  const add = await api('jobcoach@rotterdam.demo', 'POST', `/api/v1/people/${p}/coaches`, { coach_id: Number(mentor), kind: 'vitality' });
  assert.equal(add.status, 201, add.text);
  const refused = await api('recruiter@rotterdam.demo', 'POST', `/api/v1/people/${p}/coaches`, { coach_id: Number(mentor), kind: 'buddy' });
  assert.equal(refused.status, 403);
  // Only jobcoaches and mentors can be coaches: a recruiter made coach would see the debts.
  const recruiter = sql(`SELECT id FROM users WHERE email = 'recruiter@opella.demo'`);
  const before = sql(`SELECT count(*) FROM coach_links WHERE person_id = ${p}`);
  const notCoach = await api('jobcoach@rotterdam.demo', 'POST', `/api/v1/people/${p}/coaches`, { coach_id: Number(recruiter), kind: 'buddy' });
  assert.equal(notCoach.status, 422, notCoach.text);
  assert.equal(notCoach.json().errors[0].field, 'coach_id');
  assert.equal(sql(`SELECT count(*) FROM coach_links WHERE person_id = ${p}`), before, 'nothing stored');
});

test('the participant fills in their own check-in and sees who coaches them', async () => {
  const daan = sql(`SELECT id FROM people WHERE email = 'participant@instroom.demo'`);
  const mentor = sql(`SELECT id FROM users WHERE email = 'mentor@laurens.demo'`);
  const link = await api('coordinator@wzw.demo', 'POST', `/api/v1/people/${daan}/coaches`, { coach_id: Number(mentor), kind: 'buddy' });
  assert.equal(link.status, 201, link.text);
  const d = await login('participant@instroom.demo');
  const page = await d.get('/me/checkin');
  assert.equal(page.status, 200);
  assert.match(page.text, /Henk Hendriks · Buddy/);
  const bad = await d.post('/me/checkin', { wellbeing: '4', workload: '', thinking_of_stopping: 'maybe' });
  assert.equal(bad.status, 422);
  assert.equal(sql(`SELECT count(*) FROM checkins WHERE person_id = ${daan}`), '0');
  await d.get('/me/checkin');
  const ok = await d.post('/me/checkin', { wellbeing: '4', workload: '3', thinking_of_stopping: 'no', note: 'Gaat goed.' });
  assert.equal(ok.status, 303);
  assert.equal(sql(`SELECT wellbeing || workload || thinking_of_stopping FROM checkins WHERE person_id = ${daan}`), '430');
  const other = debtor();
  assert.equal((await d.get(`/api/v1/people/${other}/checkins`)).status, 404);
  assert.equal((await d.get(`/api/v1/people/${daan}/support-needs`)).status, 200, 'own support needs');
});
