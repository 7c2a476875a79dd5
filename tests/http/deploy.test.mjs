// Deployment API on the demo summer (issue 6), one server and one demo
// database for the whole file; the tests build on each other in order:
//   1. the demo: 6 organisations, 12 locations, 43 runners, 4 without a valid VOG;
//   2. the regional summer proposal: nobody without a valid VOG is assigned
//      (and no assignment breaks the VOG rule), its view, publishing it;
//   3. hours confirmed by the supervisor; the XLSX export has the CSV's totals;
//   4. a small case: a runner without a VOG is never assigned, not by the
//      engine and not by hand (the refusal names the rule); hand changes;
//   5. shifts posted as a pattern across the DST change of 25 October 2026,
//      planned and published: the iCal feed has each at 07:30 local time;
//   6. claims: one that breaks the rest rule is refused with the rule, one
//      that fits is taken; late cancellations are refused;
//   7. a cancellation by the participant: the repair fills the place with
//      one change, the planners and the runner get their notices; the feed
//      shows the cancelled shift as cancelled, and stops when revoked.
// Every endpoint's success path and its 401/403/404/422 answers, and the
// policy: another organisation's recruiter sees none of it, a participant
// only their own, and reads of documents are in the audit log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, makeDemoDb, makeTempDir, runInstroom } from '../e2e/lib.mjs';

let srv, db, dir;
const sql = (q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim();
const num = (q) => Number(sql(q));

before(async () => {
  db = await makeDemoDb();
  dir = makeTempDir('instroom-deploy-');
  srv = await startServer({ db });
});
after(async () => {
  if (!srv) return;
  const { code } = await srv.stop();
  assert.equal(code, 0, srv.output());
});

const COORD = 'coordinator@wzw.demo';
const OPELLA = 'recruiter@opella.demo';
const ZINZIA = 'recruiter@zinzia.demo';
const SUPER = 'supervisor@opella.demo';
const DAAN = 'participant@instroom.demo';

const TRAINER = 'trainer@rivor.demo'; // staff of Daan's school: reads his availability, does not change it

const tokens = new Map();
// A call with a read-write token of the user (EMAIL:read: a read-only one; no user: without credentials).
async function call(email, method, path, json, { text = true } = {}) {
  const headers = {};
  if (email) {
    if (!tokens.has(email)) {
      const [user, scope = 'write'] = email.split(':');
      const { stdout } = await runInstroom(['token', 'create', '--db', db, '--user', user, '--scope', scope]);
      tokens.set(email, stdout.trim());
    }
    headers.Authorization = `Bearer ${tokens.get(email)}`;
  }
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(srv.url + path, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
  const body = text ? await r.text() : Buffer.from(await r.arrayBuffer());
  return { status: r.status, headers: r.headers, body, json: () => JSON.parse(body) };
}
const get = (email, path) => call(email, 'GET', path);
const post = (email, path, json) => call(email, 'POST', path, json);

// Asserts a 422 problem naming field; returns the problem.
function unprocessable(r, field, msg) {
  assert.equal(r.status, 422, `${msg}: ${r.body}`);
  const p = r.json();
  assert.ok(p.errors.some((e) => e.field === field), `${msg}: ${field} in ${r.body}`);
  return p;
}

const orgId = (name) => num(`SELECT id FROM orgs WHERE name = '${name}'`);
const personId = (email) => num(`SELECT id FROM people WHERE email = '${email}'`);
const locationId = (name) => num(`SELECT id FROM deploy_locations WHERE name = '${name}'`);
// A day in Amsterdam, offset days from today, as YYYY-MM-DD.
const day = (offset) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date(Date.now() + offset * 86400e3));
const weekday = (ymd) => (new Date(`${ymd}T12:00:00Z`).getUTCDay() + 6) % 7; // 0 Monday
// Runs a tool of tests/tools on a file; its JSON output.
function tool(name, ...files) {
  const r = spawnSync('/usr/bin/python3', [`tests/tools/${name}`, ...files], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${name}: ${r.stderr}${r.stdout}`);
  return JSON.parse(r.stdout);
}
const audits = (where) => num(`SELECT count(*) FROM audit_log WHERE ${where}`);

// Makes a plan as email and checks its answer; the plan view.
async function plan(email, org, from, to) {
  const r = await post(email, '/api/v1/deploy/plans', { org_id: org, from, to });
  assert.equal(r.status, 201, r.body);
  const v = r.json();
  assert.equal(r.headers.get('location'), `/api/v1/deploy/plans/${v.id}`);
  assert.equal(v.status, 'draft');
  return v;
}
async function publish(email, id) {
  const r = await post(email, `/api/v1/deploy/plans/${id}/publish`);
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json().plan.status, 'published');
  return r.json();
}
// Posts shifts as email; the created items.
async function postShifts(email, body) {
  const r = await post(email, '/api/v1/deploy/shifts', body);
  assert.equal(r.status, 201, r.body);
  const out = r.json();
  assert.equal(out.items.length, out.count);
  assert.deepEqual(out.ids, out.items.map((x) => x.id));
  assert.equal(out.ids[0], out.first_id);
  return out.items;
}

const SUMMER = { from: '2026-06-29', to: '2026-08-23' };
let summerPlan;

test('the demo summer: six organisations with two locations each, 43 runners, four without a valid VOG', async () => {
  // Regression: the demo stopped after the first selected Zorgrunner and 'instroom demo' failed.
  assert.equal(num('SELECT count(*) FROM deploy_profiles WHERE active = 1'), 43);
  assert.equal(num('SELECT count(*) FROM deploy_locations'), 12);
  assert.equal(num('SELECT count(DISTINCT org_id) FROM deploy_shifts'), 6);
  // demo.c: runners 5, 19 and 33 have no VOG, runner 9 one of January (too old for the summer)
  assert.equal(num(`SELECT count(*) FROM deploy_profiles WHERE person_id NOT IN
    (SELECT person_id FROM deploy_documents WHERE kind = 'vog')`), 3);
  assert.equal(num("SELECT count(*) FROM deploy_documents WHERE kind = 'vog' AND issued_on < '2026-03-29'"), 1);

  assert.equal((await get(null, '/api/v1/deploy/locations')).status, 401);
  const own = await get(OPELLA, '/api/v1/deploy/locations');
  assert.equal(own.status, 200);
  assert.deepEqual(own.json().items.map((l) => l.name).sort(), ['De Sijsjesberg', 'Het Maanderzand']);
  const all = await get(COORD, '/api/v1/deploy/locations');
  assert.equal(all.json().items.length, 12);
  assert.equal((await get(DAAN, '/api/v1/deploy/locations')).json().items.length, 12, 'participants see where shifts are');
  assert.equal((await get(ZINZIA, `/api/v1/deploy/locations?org_id=${orgId('Opella')}`)).status, 403);
  assert.equal((await get(ZINZIA, '/api/v1/deploy/locations?org_id=abc')).status, 400);

  // A new location: the organisation's recruiter; bad input names the field; another organisation may not.
  const loc = await post(OPELLA, '/api/v1/deploy/locations', { org_id: orgId('Opella'), name: 'De Reehorst',
    address: 'Bennekomseweg 43, Ede', postcode: '6717 LM' });
  assert.equal(loc.status, 201, loc.body);
  assert.equal(loc.json().org_name, 'Opella');
  unprocessable(await post(OPELLA, '/api/v1/deploy/locations', { org_id: orgId('Opella'), name: 'De Reehorst' }),
    'name', 'a name taken');
  unprocessable(await post(OPELLA, '/api/v1/deploy/locations', { org_id: orgId('Opella'), name: 'X', postcode: 'Ede' }),
    'postcode', 'not a postcode');
  unprocessable(await post(OPELLA, '/api/v1/deploy/locations', { name: 'X', colour: 'red' }), 'colour', 'unknown member');
  unprocessable(await post(OPELLA, '/api/v1/deploy/locations', { name: 'X' }), 'org_id', 'no organisation');
  assert.equal((await post(ZINZIA, '/api/v1/deploy/locations', { org_id: orgId('Opella'), name: 'Y' })).status, 403);
  assert.equal((await post(DAAN, '/api/v1/deploy/locations', { org_id: orgId('Opella'), name: 'Y' })).status, 403);
  assert.equal((await call(OPELLA, 'POST', '/api/v1/deploy/locations')).status, 415, 'no JSON body');
  assert.equal(num("SELECT count(*) FROM deploy_locations WHERE name IN ('X', 'Y')"), 0);
});

test('the regional summer proposal: a runner without a valid VOG is never assigned', async () => {
  assert.equal((await post(ZINZIA, '/api/v1/deploy/plans', { org_id: null, ...SUMMER })).status, 403,
    'the region is planned by the coordinator');
  assert.equal((await post(ZINZIA, '/api/v1/deploy/plans', { org_id: orgId('Opella'), ...SUMMER })).status, 403);
  unprocessable(await post(COORD, '/api/v1/deploy/plans', { from: '2026-06-29', to: '2026-12-31' }), 'to',
    'more than 92 days');
  unprocessable(await post(COORD, '/api/v1/deploy/plans', { from: '29-06-2026', to: '2026-07-01' }), 'from', 'a date');
  unprocessable(await post(COORD, '/api/v1/deploy/plans', { from: '2031-01-01', to: '2031-01-02' }), 'from', 'no shifts');
  unprocessable(await post(COORD, '/api/v1/deploy/plans', { org_id: orgId('ROC Rivor'), ...SUMMER }), 'org_id',
    'not a care organisation');

  summerPlan = await plan(COORD, null, SUMMER.from, SUMMER.to);
  const v = summerPlan;
  assert.equal(v.org_id, null);
  assert.equal(v.coverage.shifts, num('SELECT count(*) FROM deploy_shifts'));
  assert.equal(v.coverage.needed, num('SELECT sum(headcount) FROM deploy_shifts'));
  assert.equal(v.coverage.filled, v.assignments.length);
  assert.equal(v.coverage.filled + v.coverage.open, v.coverage.needed);
  assert.ok(v.coverage.filled > v.coverage.needed / 2, `filled ${v.coverage.filled} of ${v.coverage.needed}`);
  assert.equal(v.unfilled.reduce((s, u) => s + u.open, 0), v.coverage.open);
  assert.equal(Object.values(v.reasons).reduce((s, n) => s + n, 0), v.coverage.open);
  for (const u of v.unfilled) {
    assert.ok(u.reason_text.length > 0);
    if (u.reason !== 'ok') assert.ok(u.counts[u.reason] > 0, JSON.stringify(u));
  }
  assert.equal(v.people.reduce((s, p) => s + p.shifts, 0), v.assignments.length);
  assert.ok(v.people.length >= 20, `${v.people.length} runners rostered`);

  // Nobody without a VOG, nor with the old one, nor anyone whose VOG is older than 3 months at the shift.
  const noVog = sql(`SELECT person_id FROM deploy_profiles WHERE person_id NOT IN
    (SELECT person_id FROM deploy_documents WHERE kind = 'vog') UNION
    SELECT person_id FROM deploy_documents WHERE kind = 'vog' AND issued_on < '2026-03-29'`).split('\n').map(Number);
  assert.equal(noVog.length, 4);
  const assigned = new Set(v.assignments.map((a) => a.person_id));
  for (const p of noVog) assert.ok(!assigned.has(p), `person ${p} has no valid VOG but is assigned`);
  const vog = new Map(sql("SELECT person_id, issued_on FROM deploy_documents WHERE kind = 'vog' AND replaced_at IS NULL")
    .split('\n').map((l) => l.split('|')).map(([p, d]) => [Number(p), d]));
  for (const a of v.assignments) {
    // 3 months before, the day clamped to the month's length (31 July: 30 April)
    const [y, m, d] = a.date.split('-').map(Number);
    const last = new Date(Date.UTC(y, m - 1 - 3 + 1, 0)).getUTCDate();
    const limit = new Date(Date.UTC(y, m - 1 - 3, Math.min(d, last))).toISOString().slice(0, 10);
    assert.ok(vog.get(a.person_id) && vog.get(a.person_id) <= a.date && vog.get(a.person_id) >= limit,
      `${a.person_name} on ${a.date} with VOG ${vog.get(a.person_id)}`);
  }

  // Who may see it: the coordinator; not another organisation's recruiter, nor a participant.
  assert.equal((await get(ZINZIA, `/api/v1/deploy/plans/${v.id}`)).status, 404);
  assert.ok(audits(`entity = 'plan' AND entity_id = ${v.id} AND outcome = 'denied'`) >= 1);
  assert.equal((await get(DAAN, `/api/v1/deploy/plans/${v.id}`)).status, 404);
  assert.ok(!(await get(ZINZIA, '/api/v1/deploy/plans')).json().items.some((p) => p.id === v.id));
  assert.ok((await get(COORD, '/api/v1/deploy/plans')).json().items.some((p) => p.id === v.id));
  assert.equal((await get(ZINZIA, `/api/v1/deploy/plans?org_id=${orgId('Opella')}`)).status, 403);
  assert.equal((await get(COORD, '/api/v1/deploy/plans/999999')).status, 404);
  assert.equal((await post(ZINZIA, `/api/v1/deploy/plans/${v.id}/publish`)).status, 404);

  const pub = await publish(COORD, v.id);
  assert.equal(pub.added, v.assignments.length);
  assert.equal(pub.dropped, 0);
  unprocessable(await post(COORD, `/api/v1/deploy/plans/${v.id}/publish`), 'plan_id', 'published twice');
  unprocessable(await post(COORD, `/api/v1/deploy/plans/${v.id}/discard`), 'plan_id', 'a published plan');
  assert.equal(num(`SELECT count(*) FROM deploy_assignments WHERE status = 'published'`), v.assignments.length);
  assert.ok(num(`SELECT count(*) FROM outbox WHERE kind = 'roster_changed'`) >= 20, 'the runners are told');

  // The published roster as each may see it.
  const opella = orgId('Opella');
  const shifts = (await get(OPELLA, `/api/v1/deploy/shifts?org_id=${opella}&from=2026-07-06&to=2026-07-06`)).json().items;
  assert.ok(shifts.length >= 3 && shifts.every((s) => s.org_id === opella && s.date === '2026-07-06'));
  const placed = shifts.find((s) => s.placed > 0);
  const shown = await get(OPELLA, `/api/v1/deploy/shifts/${placed.id}`);
  assert.equal(shown.status, 200);
  assert.equal(shown.json().people.length, placed.placed);
  const seen = await get(DAAN, `/api/v1/deploy/shifts/${placed.id}`);
  assert.equal(seen.status, 200, 'a published shift');
  assert.equal(seen.json().people, undefined, 'without its people');
  assert.equal((await get(ZINZIA, `/api/v1/deploy/shifts/${placed.id}`)).status, 404);
  assert.equal((await get(ZINZIA, `/api/v1/deploy/shifts?org_id=${opella}`)).status, 403);
  assert.ok(!(await get(ZINZIA, '/api/v1/deploy/shifts?from=2026-07-06&to=2026-07-06')).json().items
    .some((s) => s.org_id === opella));
  assert.equal((await get(OPELLA, '/api/v1/deploy/shifts?from=2026-13-01')).status, 400);
  assert.equal((await get(OPELLA, '/api/v1/deploy/shifts?from=2026-07-02&to=2026-07-01')).status, 400);
  assert.equal((await get(OPELLA, '/api/v1/deploy/shifts?open=maybe')).status, 400);
  assert.equal((await get(OPELLA, '/api/v1/deploy/shifts/0')).status, 404);
});

test('hours: the supervisor confirms them; the XLSX export has the same totals as the CSV', async () => {
  const opella = orgId('Opella');
  const q = `org_id=${opella}&from=${SUMMER.from}&to=${SUMMER.to}`;
  const before = (await get(SUPER, `/api/v1/deploy/hours?${q}`)).json();
  assert.ok(before.items.length > 50);
  assert.ok(before.items.every((h) => h.status === 'open' && h.org_id === opella));
  const [a, b, c] = before.items;
  const put = (email, id, body) => call(email, 'PUT', `/api/v1/deploy/assignments/${id}/hours`, body);
  let r = await put(SUPER, a.assignment_id, { status: 'worked', worked: '3:45', note: 'Een kwartier eerder weg' });
  assert.equal(r.status, 200, r.body);
  assert.deepEqual(r.json().hours, { status: 'worked', worked_minutes: 225 });
  assert.equal((await put(SUPER, b.assignment_id, { status: 'worked', worked: b.planned_minutes })).status, 200);
  assert.equal((await put(SUPER, c.assignment_id, { status: 'missed' })).status, 200);
  unprocessable(await put(SUPER, c.assignment_id, { status: 'maybe' }), 'status', 'an unknown status');
  unprocessable(await put(SUPER, c.assignment_id, { status: 'worked', worked: '25:00' }), 'worked', 'over 24 hours');
  unprocessable(await put(SUPER, c.assignment_id, { status: 'worked', worked: true }), 'worked', 'not a time');
  unprocessable(await put(SUPER, c.assignment_id, { status: 'worked', worked: 60, paid: true }), 'paid', 'unknown');
  assert.equal((await put(OPELLA, c.assignment_id, { status: 'worked', worked: 60 })).status, 403,
    'a recruiter reads hours but does not confirm them');
  assert.equal((await put(ZINZIA, c.assignment_id, { status: 'worked', worked: 60 })).status, 404);
  assert.equal((await put(SUPER, 999999, { status: 'worked', worked: 60 })).status, 404);
  assert.equal(sql(`SELECT status || ' ' || minutes FROM deploy_hours WHERE assignment_id = ${c.assignment_id}`), 'missed 0');

  const after = (await get(OPELLA, `/api/v1/deploy/hours?${q}`)).json();
  const worked = after.totals.reduce((s, t) => s + t.worked_minutes, 0);
  assert.equal(worked, 225 + b.planned_minutes);
  assert.equal(after.totals.reduce((s, t) => s + t.shifts, 0), after.items.length);

  const csv = await call(SUPER, 'GET', `/api/v1/deploy/hours?${q}&format=csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  assert.match(csv.headers.get('content-disposition'), /^attachment; filename="uren-2026-06-29-2026-08-23\.csv"/);
  const xlsx = await call(SUPER, 'GET', `/api/v1/deploy/hours?${q}&format=xlsx`, undefined, { text: false });
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);
  assert.match(xlsx.headers.get('content-disposition'), /^attachment; filename=".*\.xlsx"/);
  assert.equal(xlsx.body.subarray(0, 2).toString(), 'PK');
  writeFileSync(join(dir, 'hours.csv'), csv.body);
  writeFileSync(join(dir, 'hours.xlsx'), xlsx.body);
  const totals = tool('xlsx_totals.py', join(dir, 'hours.xlsx'), join(dir, 'hours.csv'));
  assert.equal(totals.same, true, totals.problems.join('; '));
  assert.equal(Object.keys(totals.csv).length, after.totals.length);
  const workedHours = Object.values(totals.csv).reduce((s, t) => s + t.worked_hours, 0);
  assert.ok(Math.abs(workedHours - worked / 60) < 0.01, `${workedHours} hours worked`);
  assert.equal(audits("action = 'export' AND entity = 'hours'"), 2);

  assert.equal((await get(SUPER, `/api/v1/deploy/hours?org_id=${opella}&from=2026-06-29`)).status, 400, 'no end');
  assert.equal((await get(SUPER, `/api/v1/deploy/hours?${q}&format=pdf`)).status, 400);
  assert.equal((await get(SUPER, `/api/v1/deploy/hours?org_id=${opella}&from=2026-01-01&to=2027-06-01`)).status, 400);
  assert.equal((await get(ZINZIA, `/api/v1/deploy/hours?${q}`)).status, 403);
  assert.equal((await get(OPELLA, `/api/v1/deploy/hours?from=${SUMMER.from}&to=${SUMMER.to}`)).status, 403,
    'every organisation: the coordinator only');
  const daan = personId(DAAN);
  const mine = await get(DAAN, `/api/v1/deploy/hours?person_id=${daan}&from=${SUMMER.from}&to=${SUMMER.to}`);
  assert.equal(mine.status, 200, 'a participant reads own hours');
  assert.ok(mine.json().items.every((h) => h.person_id === daan));
  assert.equal((await get(DAAN, `/api/v1/deploy/hours?${q}`)).status, 403);
});

// Coordinator sets up a runner for a test: a contract from today to until, optionally a VOG of vogDay, a window.
async function runner(email, { until, vogDay, weekdays, from = '07:00', to = '14:00' }) {
  const p = personId(email);
  const doc = (body) => post(COORD, `/api/v1/people/${p}/documents`, body);
  assert.equal((await doc({ kind: 'contract', issued_on: day(0), expires_on: until })).status, 201);
  if (vogDay) assert.equal((await doc({ kind: 'vog', issued_on: vogDay })).status, 201);
  for (const w of weekdays) {
    const r = await post(COORD, `/api/v1/people/${p}/availability/windows`, { weekday: w, from, to });
    assert.equal(r.status, 201, r.body);
  }
  return p;
}

test('a runner without a VOG is never assigned: not by the engine, not by hand; hand changes', async () => {
  const zinzia = orgId('Zinzia');
  const D = day(5);
  // Ayoub Bouzid (demo runner 33) has no VOG; Yara El Idrissi gets a fresh one. Both get a contract up to D.
  const ayoub = await runner('flexpool.10@voorbeeld.demo', { until: D, weekdays: [weekday(D)] });
  const yara = await runner('flexpool.3@voorbeeld.demo', { until: D, vogDay: day(0), weekdays: [weekday(D)] });
  const [s] = await postShifts(ZINZIA, { org_id: zinzia, date: D, start: '09:00', end: '13:00',
    location_ids: [locationId('Het Vonderhuis')], headcount: 2, tasks: 'Koffie schenken' });
  assert.equal(s.headcount, 2);
  const v = await plan(ZINZIA, zinzia, D, D);
  assert.deepEqual(v.assignments.map((a) => a.person_id), [yara]);
  assert.equal(v.unfilled.length, 1);
  assert.equal(v.unfilled[0].open, 1);
  assert.ok(v.unfilled[0].counts.vog >= 1, JSON.stringify(v.unfilled[0].counts));

  const assign = (email, body) => post(email, `/api/v1/deploy/plans/${v.id}/assignments`, body);
  let r = await assign(ZINZIA, { shift_id: s.id, person_id: ayoub });
  let p = unprocessable(r, 'person_id', 'no VOG');
  assert.equal(p.rule, 'vog');
  assert.match(p.rule_text, /VOG/);
  assert.equal(p.errors[0].code, 'DEPLOY_RULE_VOG');
  // A VOG of January is too old: still refused.
  assert.equal((await post(COORD, `/api/v1/people/${ayoub}/documents`, { kind: 'vog', issued_on: '2026-01-12' })).status, 201);
  assert.equal(unprocessable(await assign(ZINZIA, { shift_id: s.id, person_id: ayoub }), 'person_id', 'old VOG').rule, 'vog');
  unprocessable(await assign(ZINZIA, { shift_id: s.id, person_id: yara }), 'person_id', 'already on');
  unprocessable(await assign(ZINZIA, { shift_id: 1, person_id: yara }), 'shift_id', 'not in the plan');
  unprocessable(await assign(ZINZIA, { shift_id: s.id, person_id: 999999 }), 'person_id', 'not a runner');
  unprocessable(await assign(ZINZIA, { shift_id: 'one', person_id: yara }), 'shift_id', 'not an id');
  assert.equal((await assign(OPELLA, { shift_id: s.id, person_id: yara })).status, 404, 'another organisation');
  assert.equal(sql(`SELECT count(*) FROM deploy_assignments WHERE plan_id = ${v.id}`), '1');

  // Off and on again by hand.
  const row = v.assignments[0].id;
  const del = (email, id) => call(email, 'DELETE', `/api/v1/deploy/plans/${v.id}/assignments/${id}`);
  assert.equal((await del(OPELLA, row)).status, 404);
  assert.equal((await del(ZINZIA, row)).status, 204);
  assert.equal((await del(ZINZIA, row)).status, 404);
  r = await assign(ZINZIA, { shift_id: s.id, person_id: yara });
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json().assignment.source, 'hand');
  assert.equal(r.json().assignment.person_id, yara);
  assert.equal(r.json().plan.filled, 1);
  const again = (await get(ZINZIA, `/api/v1/deploy/plans/${v.id}`)).json();
  assert.deepEqual(again.assignments.map((a) => [a.person_id, a.source]), [[yara, 'hand']]);

  const d = await post(ZINZIA, `/api/v1/deploy/plans/${v.id}/discard`);
  assert.equal(d.status, 200);
  assert.equal(d.json().status, 'discarded');
  unprocessable(await assign(ZINZIA, { shift_id: s.id, person_id: yara }), 'plan_id', 'a discarded plan');
  unprocessable(await del(ZINZIA, r.json().assignment.id), 'plan_id', 'a discarded plan does not change');
  assert.equal(sql(`SELECT count(*) FROM deploy_assignments WHERE shift_id = ${s.id}`), '0');
});

let daan, feedUrl;

test('availability and documents: the participant keeps own availability; documents are recorded by planners, every read audited', async () => {
  daan = personId(DAAN);
  const base = `/api/v1/people/${daan}`;
  let r = await get(DAAN, `${base}/availability`);
  assert.equal(r.status, 200);
  assert.equal(r.json().runner, true);
  r = await call(DAAN, 'PUT', `${base}/availability`, { max_week_hours: 40, travel_km: null, pref_orgs: [orgId('Opella')] });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json().max_week_hours, 40);
  assert.equal(r.json().travel_km, null);
  assert.deepEqual(r.json().pref_orgs, [orgId('Opella')]);
  unprocessable(await call(DAAN, 'PUT', `${base}/availability`, { max_week_hours: 100 }), 'max_week_hours', 'over 60');
  unprocessable(await call(DAAN, 'PUT', `${base}/availability`, { pref_orgs: [orgId('ROC Rivor')] }), 'pref_orgs',
    'not a care organisation');
  unprocessable(await call(DAAN, 'PUT', `${base}/availability`, { pref_orgs: [1, 1] }), 'pref_orgs', 'twice');
  for (const wd of [0, 'tuesday', 'wo', 'donderdag', 4, 'sat', 6]) {
    r = await post(DAAN, `${base}/availability/windows`, { weekday: wd, from: '06:00', to: '23:00' });
    assert.equal(r.status, 201, r.body);
  }
  assert.equal(r.json().weekday_name, 'sunday');
  unprocessable(await post(DAAN, `${base}/availability/windows`, { weekday: 'funday', from: '06:00', to: '23:00' }),
    'weekday', 'not a day');
  unprocessable(await post(DAAN, `${base}/availability/windows`, { weekday: 1, from: '25:00', to: '23:00' }), 'from',
    'not a time');
  const late = await post(DAAN, `${base}/availability/windows`, { weekday: 4, from: '22:00', to: '02:00' });
  assert.equal(late.status, 201);
  assert.equal(late.json().to_min, 26 * 60, 'into the next day');
  assert.equal((await call(DAAN, 'DELETE', `${base}/availability/windows/${late.json().id}`)).status, 204);
  assert.equal((await call(DAAN, 'DELETE', `${base}/availability/windows/${late.json().id}`)).status, 404);
  const ex = await post(DAAN, `${base}/availability/exceptions`, { from_date: '2026-12-24', to_date: '2026-12-26',
    reason: 'Kerst' });
  assert.equal(ex.status, 201, ex.body);
  assert.deepEqual([ex.json().from_date, ex.json().to_date], ['2026-12-24', '2026-12-26']);
  unprocessable(await post(DAAN, `${base}/availability/exceptions`, { from_date: '2026-12-26', to_date: '2026-12-24' }),
    'to_date', 'before from_date');
  assert.equal((await call(DAAN, 'DELETE', `${base}/availability/exceptions/${ex.json().id}`)).status, 204);
  assert.equal((await call(DAAN, 'DELETE', `${base}/availability/exceptions/${ex.json().id}`)).status, 404);
  const profile = (await get(OPELLA, `${base}/availability`)).json();
  assert.equal(profile.windows.filter((w) => w.from === '06:00' && w.to === '23:00').length, 7, 'the planner reads it');
  assert.equal(profile.exceptions.length, 0);

  // Policy: a participant sees only their own; another organisation's recruiter nothing.
  const other = personId('flexpool.3@voorbeeld.demo');
  assert.equal((await get(DAAN, `/api/v1/people/${other}/availability`)).status, 404);
  assert.equal((await call(DAAN, 'PUT', `/api/v1/people/${other}/availability`, { max_week_hours: 1 })).status, 404);
  assert.equal((await get(ZINZIA, `${base}/availability`)).status, 404);
  assert.equal((await post(ZINZIA, `${base}/availability/windows`, { weekday: 1, from: '06:00', to: '07:00' })).status, 404);
  assert.equal((await get(COORD, '/api/v1/people/999999/availability')).status, 404);
  assert.equal((await get(null, `${base}/availability`)).status, 401);

  // Documents: the recruiter of the person's organisation records; the person reads own; each read is audited.
  const reads = () => audits(`action = 'read' AND entity = 'person.documents' AND entity_id = ${daan} AND outcome = 'ok'`);
  const before = reads();
  r = await post(OPELLA, `${base}/documents`, { kind: 'vog', issued_on: '2026-09-01', note: 'Gezien' });
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json().checked_by, 'Rianne Jansen');
  r = await post(OPELLA, `${base}/documents`, { kind: 'contract', issued_on: '2026-09-01', expires_on: day(200) });
  assert.equal(r.status, 201, r.body);
  unprocessable(await post(OPELLA, `${base}/documents`, { kind: 'passport', issued_on: '2026-09-01' }), 'kind', 'a kind');
  unprocessable(await post(OPELLA, `${base}/documents`, { kind: 'vog', issued_on: '2026-09-01', expires_on: '2027-01-01' }),
    'expires_on', 'a VOG has no expiry');
  unprocessable(await post(OPELLA, `${base}/documents`, { kind: 'identity', issued_on: day(3) }), 'issued_on', 'future');
  assert.equal((await post(DAAN, `${base}/documents`, { kind: 'vog', issued_on: '2026-09-01' })).status, 403,
    'the person does not record own documents');
  const list = await get(OPELLA, `${base}/documents`);
  assert.equal(list.status, 200);
  assert.deepEqual(list.json().items.map((x) => x.kind), ['contract', 'identity', 'vog']);
  assert.equal(list.json().items.find((x) => x.kind === 'vog').issued_on, '2026-09-01');
  assert.equal((await get(DAAN, `${base}/documents`)).status, 200);
  assert.equal(reads(), before + 2, 'both reads are in the audit log');
  const denied = audits(`entity = 'person.documents' AND entity_id = ${daan} AND outcome = 'denied'`);
  assert.equal((await get(ZINZIA, `${base}/documents`)).status, 404);
  assert.equal(audits(`entity = 'person.documents' AND entity_id = ${daan} AND outcome = 'denied'`), denied + 1);
  assert.equal((await get(DAAN, `/api/v1/people/${other}/documents`)).status, 404);
});

test('shifts across the DST change of 25 October 2026 are in the iCal feed at 07:30 local time', async () => {
  const opella = orgId('Opella');
  const body = { org_id: opella, from_date: '2026-10-24', to_date: '2026-10-26', weekdays: ['saturday', 'zondag', 0],
    start: '07:30', end: '11:30', location_ids: [locationId('De Sijsjesberg')], priority: 'high',
    tasks: 'Ontbijt rondbrengen' };
  // Bad input names the field and posts nothing; another organisation may not post.
  const count = () => num(`SELECT count(*) FROM deploy_shifts WHERE org_id = ${opella}`);
  const n0 = count();
  unprocessable(await post(OPELLA, '/api/v1/deploy/shifts', { ...body, weekdays: ['someday'] }), 'weekdays', 'a day');
  unprocessable(await post(OPELLA, '/api/v1/deploy/shifts', { ...body, start: '7.30' }), 'start', 'a time');
  unprocessable(await post(OPELLA, '/api/v1/deploy/shifts', { ...body, headcount: 0 }), 'headcount', 'no places');
  unprocessable(await post(OPELLA, '/api/v1/deploy/shifts', { ...body, date: '2026-10-24' }), 'date', 'both');
  unprocessable(await post(OPELLA, '/api/v1/deploy/shifts', { ...body, location_ids: [locationId('Het Vonderhuis')] }),
    'location_ids', "another organisation's location");
  unprocessable(await post(OPELLA, '/api/v1/deploy/shifts', { ...body, location_ids: [1, 1] }), 'location_ids', 'twice');
  unprocessable(await post(OPELLA, '/api/v1/deploy/shifts', { ...body, shift: 'x' }), 'shift', 'unknown member');
  unprocessable(await post(OPELLA, '/api/v1/deploy/shifts', { ...body, org_id: undefined }), 'org_id', 'no organisation');
  assert.equal((await post(ZINZIA, '/api/v1/deploy/shifts', body)).status, 403);
  assert.equal((await post(DAAN, '/api/v1/deploy/shifts', body)).status, 403);
  assert.equal((await post(null, '/api/v1/deploy/shifts', body)).status, 401);
  assert.equal(count(), n0);

  const items = await postShifts(OPELLA, body);
  assert.deepEqual(items.map((s) => [s.date, s.start, s.end]),
    [['2026-10-24', '07:30', '11:30'], ['2026-10-25', '07:30', '11:30'], ['2026-10-26', '07:30', '11:30']]);
  assert.deepEqual(items.map((s) => s.starts_at), ['2026-10-24T05:30:00Z', '2026-10-25T06:30:00Z', '2026-10-26T06:30:00Z'],
    'summer time on Saturday, winter time from Sunday');
  assert.ok(items.every((s) => s.batch === items[0].id && s.published_at === null));
  assert.equal((await get(DAAN, `/api/v1/deploy/shifts/${items[0].id}`)).status, 404, 'not published yet');

  // Only Daan has a contract covering these days: the engine puts him on all three.
  const v = await plan(OPELLA, opella, '2026-10-24', '2026-10-26');
  assert.deepEqual(v.assignments.map((a) => [a.person_id, a.start]), [[daan, '07:30'], [daan, '07:30'], [daan, '07:30']]);
  assert.equal(v.coverage.open, 0);
  await publish(OPELLA, v.id);
  assert.equal((await get(DAAN, `/api/v1/deploy/shifts/${items[0].id}`)).status, 200, 'published');

  // The feed: the person makes it; the token is the key.
  const feed = `/api/v1/people/${daan}/calendar-feed`;
  assert.equal((await post(ZINZIA, feed)).status, 404);
  assert.equal((await post(DAAN, `/api/v1/people/${personId('flexpool.3@voorbeeld.demo')}/calendar-feed`)).status, 404);
  assert.deepEqual((await get(DAAN, feed)).json(), { active: false, since: null });
  let r = await post(DAAN, feed);
  assert.equal(r.status, 201, r.body);
  feedUrl = r.json().url;
  assert.match(feedUrl, /\/ical\/[A-Za-z0-9_-]{22}\.ics$/);
  assert.equal((await get(OPELLA, feed)).json().active, true);
  const path = new URL(feedUrl).pathname;
  const ics = await call(null, 'GET', path);
  assert.equal(ics.status, 200);
  assert.match(ics.headers.get('content-type'), /^text\/calendar/);
  assert.match(ics.body, /^BEGIN:VCALENDAR\r\n/);
  assert.equal((await call(null, 'GET', path.replace(/\.ics$/, ''))).status, 200, 'also without .ics');
  assert.equal((await call(null, 'GET', '/ical/AAAAAAAAAAAAAAAAAAAAAA.ics')).status, 404);
  writeFileSync(join(dir, 'feed.ics'), ics.body);
  const events = tool('ical_events.py', join(dir, 'feed.ics'));
  const dst = events.filter((e) => /^2026-10-2[456]T/.test(e.start_local));
  assert.deepEqual(dst.map((e) => [e.start_local, e.end_local, e.tz, e.status]), [
    ['2026-10-24T07:30', '2026-10-24T11:30', 'Europe/Amsterdam', 'CONFIRMED'],
    ['2026-10-25T07:30', '2026-10-25T11:30', 'Europe/Amsterdam', 'CONFIRMED'],
    ['2026-10-26T07:30', '2026-10-26T11:30', 'Europe/Amsterdam', 'CONFIRMED'],
  ]);
  assert.ok(dst.every((e) => e.summary === 'Dienst Opella'), JSON.stringify(dst));
  assert.equal(events.length, num(`SELECT count(*) FROM deploy_assignments WHERE person_id = ${daan} AND plan_id IS NULL`));
});

let evening, open12;

test('claims: one that breaks the rest rule is refused with the rule; one that fits is taken', async () => {
  const opella = orgId('Opella');
  const at = locationId('De Sijsjesberg');
  const shift = async (date, start, end) =>
    (await postShifts(OPELLA, { org_id: opella, date, start, end, location_ids: [at] }))[0];
  const soon = await shift(day(1), '19:00', '22:00');
  evening = await shift(day(9), '16:00', '22:00');
  open12 = await shift(day(12), '09:00', '13:00');
  // Daan cannot work on the 12th: the engine leaves that place open.
  const ex = await post(DAAN, `/api/v1/people/${daan}/availability/exceptions`, { from_date: day(12), reason: 'Tentamen' });
  assert.equal(ex.status, 201);
  const v1 = await plan(OPELLA, opella, day(1), day(12));
  assert.deepEqual(v1.assignments.map((a) => a.shift_id).sort(), [soon.id, evening.id].sort());
  // most runners have no contract then; Daan is kept off by his exception
  assert.deepEqual(v1.unfilled.map((u) => [u.shift.id, u.reason, u.counts.exception]), [[open12.id, 'contract', 1]]);
  await publish(OPELLA, v1.id);

  // The morning after the evening shift: less than 11 hours of rest.
  const morning = await shift(day(10), '07:00', '11:00');
  const v2 = await plan(OPELLA, opella, day(10), day(10));
  assert.equal(v2.assignments.length, 0);
  assert.equal(v2.unfilled[0].counts.rest, 1, 'Daan is kept off by the rest rule');
  assert.deepEqual(v2.reasons, { contract: 1 }, 'the others by their contracts');
  // The planner's hand change is refused with the rule, naming the evening shift.
  const hand = await post(OPELLA, `/api/v1/deploy/plans/${v2.id}/assignments`, { shift_id: morning.id, person_id: daan });
  let p = unprocessable(hand, 'person_id', 'rest');
  assert.equal(p.rule, 'rest');
  assert.equal(p.other_shift_id, evening.id);
  await publish(OPELLA, v2.id);

  const me = (await get(DAAN, '/api/v1/me/shifts')).json();
  assert.deepEqual(me.roster.map((a) => a.shift_id), [soon.id, evening.id]);
  const open = me.open.map((s) => s.id);
  assert.ok(open.includes(morning.id) && open.includes(open12.id), JSON.stringify(open));
  assert.ok(!open.includes(evening.id), 'not the ones Daan is on');
  assert.equal((await get(OPELLA, '/api/v1/me/shifts')).status, 404, 'not a participant');
  assert.equal((await get(DAAN, '/api/v1/me/shifts?from=today')).status, 400);
  const listed = (await get(DAAN, `/api/v1/deploy/shifts?open=true&from=${day(10)}&to=${day(12)}`)).json().items;
  assert.deepEqual(listed.map((s) => s.id).filter((id) => [morning.id, open12.id].includes(id)), [morning.id, open12.id]);

  const claim = (email, id, body) => call(email, 'POST', `/api/v1/deploy/shifts/${id}/claim`, body);
  p = unprocessable(await claim(DAAN, morning.id), 'shift_id', 'rest');
  assert.equal(p.rule, 'rest');
  assert.equal(p.rule_text, 'Minder dan 11 uur rust tussen twee diensten.');
  assert.equal(p.other_shift_id, evening.id);
  assert.equal(p.errors[0].code, 'DEPLOY_RULE_REST');
  p = unprocessable(await claim(DAAN, open12.id), 'shift_id', 'the exception');
  assert.equal(p.rule, 'exception');
  assert.equal((await call(DAAN, 'DELETE', `/api/v1/people/${daan}/availability/exceptions/${ex.json().id}`)).status, 204);
  unprocessable(await claim(DAAN, open12.id, { person_id: 1 }), 'person_id', 'for themself only');
  // A draft made before the claim (even within the same second) no longer publishes: it would undo the claim.
  const stale = await plan(OPELLA, opella, day(12), day(12));
  const ok = await claim(DAAN, open12.id);
  assert.equal(ok.status, 201, ok.body);
  unprocessable(await post(OPELLA, `/api/v1/deploy/plans/${stale.id}/publish`), 'plan_id', 'made before the claim');
  assert.equal(num(`SELECT count(*) FROM deploy_assignments WHERE shift_id = ${open12.id} AND status = 'published'`), 1);
  assert.equal((await post(OPELLA, `/api/v1/deploy/plans/${stale.id}/discard`)).status, 200);
  assert.equal(ok.json().source, 'claim');
  assert.equal(ok.json().status, 'published');
  unprocessable(await claim(DAAN, open12.id), 'shift_id', 'already on it');
  assert.equal((await claim(OPELLA, open12.id)).status, 403, 'only a participant claims');
  assert.equal((await claim(DAAN, 999999)).status, 404);
  assert.equal((await claim(null, open12.id)).status, 401);
  const unpublished = await shift(day(11), '09:00', '13:00');
  unprocessable(await claim(DAAN, unpublished.id), 'shift_id', 'not published');
  assert.equal(num(`SELECT count(*) FROM deploy_assignments WHERE shift_id IN (${morning.id}, ${unpublished.id})`), 0);

  // Hours of a shift that has not started cannot be confirmed.
  unprocessable(await call(SUPER, 'PUT', `/api/v1/deploy/assignments/${ok.json().id}/hours`, { status: 'worked', worked: 240 }),
    'status', 'not started');

  // Cancellations: Daan is too late for tomorrow's shift; the organisation may, and Daan is told.
  const tomorrow = me.roster[0].id;
  unprocessable(await post(DAAN, `/api/v1/deploy/assignments/${tomorrow}/cancel`, { reason: 'Ziek' }), 'assignment_id',
    'less than 48 hours before');
  assert.equal((await post(ZINZIA, `/api/v1/deploy/assignments/${tomorrow}/cancel`)).status, 404);
  unprocessable(await post(OPELLA, `/api/v1/deploy/assignments/${tomorrow}/cancel`, { why: 'x' }), 'why', 'unknown');
  const mails = num(`SELECT count(*) FROM outbox WHERE kind = 'roster_changed' AND to_addr = '${DAAN}'`);
  const c = await post(OPELLA, `/api/v1/deploy/assignments/${tomorrow}/cancel`, { reason: 'Te weinig bewoners' });
  assert.equal(c.status, 200, c.body);
  assert.equal(c.json().assignment.status, 'cancelled');
  assert.equal(num(`SELECT count(*) FROM outbox WHERE kind = 'roster_changed' AND to_addr = '${DAAN}'`), mails + 1);
  unprocessable(await post(OPELLA, `/api/v1/deploy/assignments/${tomorrow}/cancel`), 'assignment_id', 'cancelled twice');
  if (c.json().repair_plan_id) {
    const d = await post(OPELLA, `/api/v1/deploy/plans/${c.json().repair_plan_id}/discard`);
    assert.equal(d.status, 200);
  }
  assert.equal((await post(OPELLA, '/api/v1/deploy/assignments/999999/cancel')).status, 404);

  // A cancelled shift: its people are told, it is no longer claimable.
  const dropped = await shift(day(13), '09:00', '10:00');
  assert.equal((await post(ZINZIA, `/api/v1/deploy/shifts/${dropped.id}/cancel`)).status, 404);
  const sc = await post(OPELLA, `/api/v1/deploy/shifts/${dropped.id}/cancel`, { reason: 'Dubbel' });
  assert.equal(sc.status, 200, sc.body);
  assert.ok(sc.json().cancelled_at);
  unprocessable(await post(OPELLA, `/api/v1/deploy/shifts/${dropped.id}/cancel`), 'shift_id', 'cancelled twice');
  unprocessable(await claim(DAAN, dropped.id), 'shift_id', 'a cancelled shift');
  assert.equal((await get(DAAN, `/api/v1/deploy/shifts/${dropped.id}`)).status, 404);
  assert.equal((await get(OPELLA, `/api/v1/deploy/shifts/${dropped.id}`)).status, 200);
  const listed13 = (cancelled) => get(OPELLA, `/api/v1/deploy/shifts?org_id=${opella}&from=${day(13)}&to=${day(13)}` +
    (cancelled ? '&cancelled=true' : '')).then((r) => r.json().items.map((x) => x.id));
  assert.deepEqual(await listed13(false), []);
  assert.deepEqual(await listed13(true), [dropped.id]);
  const until10 = (await get(DAAN, `/api/v1/me/shifts?to=${day(10)}`)).json();
  assert.deepEqual(until10.roster.map((a) => a.shift_id), [soon.id, evening.id]);
  assert.ok(until10.open.every((x) => x.date <= day(10)));
});

test('a cancellation by the participant: the repair fills the place with one change; notices in the outbox', async () => {
  const opella = orgId('Opella');
  const D = day(14);
  const [s] = await postShifts(OPELLA, { org_id: opella, date: D, start: '09:00', end: '13:00',
    location_ids: [locationId('Het Maanderzand')], tasks: 'Wandelen met bewoners' });
  const v = await plan(OPELLA, opella, D, D);
  assert.deepEqual(v.assignments.map((a) => a.person_id), [daan], 'only Daan has a contract then');
  await publish(OPELLA, v.id);
  // Nina Hendriks becomes free for it: a contract, a fresh VOG and the time in her week.
  const nina = await runner('flexpool.1@voorbeeld.demo', { until: D, vogDay: day(0), weekdays: [weekday(D)], from: '08:00' });

  const mine = (await get(DAAN, '/api/v1/me/shifts')).json().roster.find((a) => a.shift_id === s.id);
  const r = await post(DAAN, `/api/v1/deploy/assignments/${mine.id}/cancel`, { reason: 'Ziek' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json().assignment.status, 'cancelled');
  const repair = r.json().repair_plan_id;
  assert.ok(repair > 0, 'a repair proposal');
  const rv = (await get(OPELLA, `/api/v1/deploy/plans/${repair}`)).json();
  assert.equal(rv.kind, 'repair');
  assert.equal(rv.status, 'draft');
  assert.equal(rv.changes, 1, `one change: ${JSON.stringify(rv)}`);
  assert.deepEqual(rv.assignments.map((a) => [a.shift_id, a.person_id, a.source]), [[s.id, nina, 'repair']]);
  assert.match(rv.cause, /Het Maanderzand/);
  assert.equal(rv.coverage.open, 0);
  assert.equal((await get(ZINZIA, `/api/v1/deploy/plans/${repair}`)).status, 404);
  // The planners of the organisation hear of the repair proposal.
  const planners = sql(`SELECT to_addr FROM outbox WHERE kind = 'roster_repair' AND entity = 'plan' AND entity_id = ${repair}
    ORDER BY to_addr`).split('\n');
  assert.deepEqual(planners, [OPELLA, SUPER]);

  const told = () => num(`SELECT count(*) FROM outbox WHERE kind = 'roster_changed' AND to_addr = 'flexpool.1@voorbeeld.demo'`);
  const before = told();
  const pub = await publish(OPELLA, repair);
  assert.equal(pub.added, 1);
  assert.equal(told(), before + 1, 'Nina is told');
  const shown = (await get(OPELLA, `/api/v1/deploy/shifts/${s.id}`)).json();
  assert.deepEqual(shown.people.map((x) => [x.person_id, x.status]), [[nina, 'published'], [daan, 'cancelled']]);
  // A participant cannot cancel someone else's shift.
  const noors = shown.people[0].id;
  assert.equal((await post(DAAN, `/api/v1/deploy/assignments/${noors}/cancel`)).status, 404);

  // The feed shows the cancelled shift as cancelled, so calendars drop it; revoked, the feed is gone.
  const path = new URL(feedUrl).pathname;
  const ics = await call(null, 'GET', path);
  writeFileSync(join(dir, 'feed2.ics'), ics.body);
  const ev = tool('ical_events.py', join(dir, 'feed2.ics')).filter((e) => e.start_local.startsWith(D));
  assert.deepEqual(ev.map((e) => [e.start_local, e.status]), [[`${D}T09:00`, 'CANCELLED']]);
  const feed = `/api/v1/people/${daan}/calendar-feed`;
  assert.equal((await call(ZINZIA, 'DELETE', feed)).status, 404);
  assert.equal((await call(DAAN, 'DELETE', feed)).status, 204);
  assert.equal((await call(null, 'GET', path)).status, 404);
  assert.equal((await call(DAAN, 'DELETE', feed)).status, 404);
  assert.deepEqual((await get(DAAN, feed)).json(), { active: false, since: null });
});

test('without credentials every deploy endpoint answers 401; a read-only token may not change anything (403)', async () => {
  const routes = [['GET', '/api/v1/deploy/locations'], ['POST', '/api/v1/deploy/locations'],
    ['GET', '/api/v1/deploy/shifts'], ['POST', '/api/v1/deploy/shifts'], ['GET', '/api/v1/deploy/shifts/1'],
    ['POST', '/api/v1/deploy/shifts/1/cancel'], ['POST', '/api/v1/deploy/shifts/1/claim'],
    ['GET', '/api/v1/deploy/plans'], ['POST', '/api/v1/deploy/plans'], ['GET', '/api/v1/deploy/plans/1'],
    ['POST', '/api/v1/deploy/plans/1/assignments'], ['DELETE', '/api/v1/deploy/plans/1/assignments/1'],
    ['POST', '/api/v1/deploy/plans/1/publish'], ['POST', '/api/v1/deploy/plans/1/discard'],
    ['POST', '/api/v1/deploy/assignments/1/cancel'], ['PUT', '/api/v1/deploy/assignments/1/hours'],
    ['GET', '/api/v1/deploy/hours'], ['GET', '/api/v1/people/1/availability'], ['PUT', '/api/v1/people/1/availability'],
    ['POST', '/api/v1/people/1/availability/windows'], ['DELETE', '/api/v1/people/1/availability/windows/1'],
    ['POST', '/api/v1/people/1/availability/exceptions'], ['DELETE', '/api/v1/people/1/availability/exceptions/1'],
    ['GET', '/api/v1/people/1/documents'], ['POST', '/api/v1/people/1/documents'],
    ['GET', '/api/v1/people/1/calendar-feed'], ['POST', '/api/v1/people/1/calendar-feed'],
    ['DELETE', '/api/v1/people/1/calendar-feed'], ['GET', '/api/v1/me/shifts']];
  for (const [method, path] of routes) {
    const r = await call(null, method, path, method === 'GET' || method === 'DELETE' ? undefined : {});
    assert.equal(r.status, 401, `${method} ${path}`);
    assert.match(r.headers.get('content-type'), /problem\+json/);
  }

  // A read-only token of Opella's recruiter reads, and changes nothing.
  const ro = `${OPELLA}:read`;
  const opella = orgId('Opella');
  const draft = await plan(OPELLA, opella, day(9), day(9));
  assert.equal((await get(ro, `/api/v1/deploy/plans/${draft.id}`)).status, 200);
  assert.equal((await post(ro, `/api/v1/deploy/plans/${draft.id}/discard`)).status, 403);
  assert.equal((await post(ro, `/api/v1/deploy/plans/${draft.id}/publish`)).status, 403);
  assert.equal((await post(ro, `/api/v1/deploy/plans/${draft.id}/assignments`, { shift_id: evening.id, person_id: daan }))
    .status, 403);
  assert.equal((await call(ro, 'DELETE', `/api/v1/deploy/plans/${draft.id}/assignments/${draft.assignments[0]?.id ?? 1}`))
    .status, 403);
  assert.equal((await post(ro, '/api/v1/deploy/plans', { org_id: opella, from: day(9), to: day(9) })).status, 403);
  assert.equal((await post(ro, `/api/v1/deploy/shifts/${evening.id}/cancel`)).status, 403);
  assert.equal((await post(ro, '/api/v1/deploy/shifts', { org_id: opella, date: day(20), start: '09:00', end: '10:00',
    location_ids: [locationId('De Sijsjesberg')] })).status, 403);
  const own = (await get(OPELLA, `/api/v1/deploy/shifts/${open12.id}`)).json().people[0];
  assert.equal((await post(ro, `/api/v1/deploy/assignments/${own.id}/cancel`)).status, 403);
  assert.equal((await post(ro, `/api/v1/people/${daan}/documents`, { kind: 'vog', issued_on: '2026-09-01' })).status, 403);
  assert.equal((await post(ro, `/api/v1/people/${daan}/calendar-feed`)).status, 403);
  const d = await post(OPELLA, `/api/v1/deploy/plans/${draft.id}/discard`);
  assert.equal(d.status, 200);
  assert.equal((await post(ZINZIA, '/api/v1/deploy/plans/999999/discard')).status, 404);

  // A participant reads shifts but does not cancel them; a trainer of Daan's school reads his availability only.
  assert.equal((await post(DAAN, `/api/v1/deploy/shifts/${open12.id}/cancel`)).status, 403);
  const base = `/api/v1/people/${daan}`;
  assert.equal((await get(TRAINER, `${base}/availability`)).status, 200);
  assert.equal((await call(TRAINER, 'PUT', `${base}/availability`, { max_week_hours: 8 })).status, 403);
  assert.equal((await post(TRAINER, `${base}/availability/windows`, { weekday: 1, from: '06:00', to: '07:00' })).status, 403);
  assert.equal((await post(TRAINER, `${base}/availability/exceptions`, { from_date: day(30) })).status, 403);
  assert.equal((await get(TRAINER, `${base}/documents`)).status, 404, 'documents: planners of the person only');
  assert.equal((await get(TRAINER, `${base}/calendar-feed`)).status, 200, 'staff of the person read the roster');
  assert.equal((await post(TRAINER, `${base}/calendar-feed`)).status, 403);
});
