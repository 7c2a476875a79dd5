// Training pages and API on the demo region: a trainer of the course's school
// records attendance and assesses every module (the enrolment completes and
// the skills are verified by the trainer); bad input changes nothing; a
// trainer of another school cannot record; a participant sees only their own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { Client, DEMO_PASSWORD } from './client.mjs';
import { startServer, makeDemoDb, instroomBin } from '../e2e/lib.mjs';

let srv, db;
const sql = (q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim();

before(async () => {
  db = await makeDemoDb();
  const r = spawnSync(instroomBin(), ['user', 'add', '--db', db, '--email', 'trainer@albeda.demo', '--name', 'Aart Albeda',
    '--role', 'trainer', '--org', 'Albeda', '--password-stdin'], { input: `${DEMO_PASSWORD}\n`, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  srv = await startServer({ db });
});
after(async () => srv && srv.stop());

async function login(email) {
  const c = new Client(srv.url);
  const r = await c.login(email);
  assert.equal(r.status, 303, `login ${email}`);
  return c;
}

const courseId = () => sql("SELECT id FROM courses WHERE slug = 'zorgrunner-basis'");
const enrolmentOf = (email) => sql(`SELECT e.id FROM enrolments e JOIN people p ON p.id = e.person_id
  WHERE p.email = '${email}' AND e.course_id = ${courseId()}`);
const modules = () => sql(`SELECT id FROM course_modules WHERE course_id = ${courseId()} ORDER BY position`).split('\n');

test('staff see the courses; the course page has the planner button for its trainer', async () => {
  const t = await login('trainer@rivor.demo');
  const list = await t.get('/training');
  assert.equal(list.status, 200);
  assert.match(list.text, /Zorgrunner basisvaardigheden/);
  assert.match(list.text, /WelSlagen voortraject/);
  const page = await t.get(`/training/courses/${courseId()}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Plan sessies/);
  assert.match(page.text, /Daan Smit/);
  const other = await login('trainer@albeda.demo');
  const seen = await other.get(`/training/courses/${courseId()}`);
  assert.equal(seen.status, 200, 'staff read');
  assert.doesNotMatch(seen.text, /Plan sessies/, 'but another school cannot plan');
  const refused = await other.post(`/training/courses/${courseId()}/plan`, {});
  assert.equal(refused.status, 403);
});

test('attendance: one form per session, bad values change nothing', async () => {
  const t = await login('trainer@rivor.demo');
  const session = sql(`SELECT id FROM training_sessions WHERE course_id = ${courseId()} AND module_id = ${modules()[2]}
    AND location LIKE 'ROC Rivor%'`);
  const daan = enrolmentOf('participant@instroom.demo');
  const page = await t.get(`/training/sessions/${session}`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`name="status_${daan}"`));
  const bad = await t.post(`/training/sessions/${session}/attendance`, { [`status_${daan}`]: 'late' });
  assert.equal(bad.status, 422);
  assert.equal(sql(`SELECT count(*) FROM attendance WHERE session_id = ${session} AND enrolment_id = ${daan}`), '0');
  await t.get(`/training/sessions/${session}`);
  const ok = await t.post(`/training/sessions/${session}/attendance`, { [`status_${daan}`]: 'present' });
  assert.equal(ok.status, 303);
  assert.equal(sql(`SELECT status FROM attendance WHERE session_id = ${session} AND enrolment_id = ${daan}`), 'present');
  const albeda = await login('trainer@albeda.demo');
  await albeda.get('/training');
  const refused = await albeda.post(`/training/sessions/${session}/attendance`, { [`status_${daan}`]: 'absent' });
  assert.equal(refused.status, 403);
  assert.equal(sql(`SELECT status FROM attendance WHERE session_id = ${session} AND enrolment_id = ${daan}`), 'present');
});

test('assessing every module completes the enrolment, skills verified by the trainer, badge issued', async () => {
  const fatima = enrolmentOf('participant@instroom.demo'); // Daan: the demo completed Fatima's already
  const albeda = await login('trainer@albeda.demo');
  await albeda.get('/training');
  const refused = await albeda.post(`/training/enrolments/${fatima}/assessments`, { module_id: modules()[1], result: 'passed' });
  assert.equal(refused.status, 403, 'a trainer of another school cannot record');
  const t = await login('trainer@rivor.demo');
  await t.get(`/training/enrolments/${fatima}`);
  const bad = await t.post(`/training/enrolments/${fatima}/assessments`, { module_id: modules()[1], result: 'maybe' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /Kies behaald of niet behaald/);
  assert.equal(sql(`SELECT count(*) FROM assessments WHERE enrolment_id = ${fatima}`), '1', 'only the demo one');
  let last;
  for (const m of modules()) {
    await t.get(`/training/enrolments/${fatima}`);
    last = await t.post(`/training/enrolments/${fatima}/assessments`, { module_id: m, result: 'passed', note: 'Goed' });
    assert.equal(last.status, 303);
  }
  assert.match(last.headers.get('location'), /completed=1/);
  assert.equal(sql(`SELECT status FROM enrolments WHERE id = ${fatima}`), 'completed');
  const trainer = sql("SELECT id FROM users WHERE email = 'trainer@rivor.demo'");
  const person = sql(`SELECT person_id FROM enrolments WHERE id = ${fatima}`);
  const skills = Number(sql(`SELECT count(*) FROM module_skills ms JOIN course_modules m ON m.id = ms.module_id WHERE m.course_id = ${courseId()}`));
  assert.equal(Number(sql(`SELECT count(*) FROM person_skills WHERE person_id = ${person} AND source = 'training'
    AND verified_by = ${trainer}`)), skills);
  assert.equal(sql(`SELECT count(*) FROM credentials WHERE person_id = ${person} AND enrolment_id = ${fatima}`), '1');
  assert.ok(Number(sql(`SELECT count(*) FROM audit_log WHERE entity = 'assessment' AND entity_id = ${fatima}`)) >= 3);
});

test('a participant sees only their own training', async () => {
  const p = await login('participant@instroom.demo');
  const me = await p.get('/me/training');
  assert.equal(me.status, 200);
  assert.match(me.text, /Zorgrunner basisvaardigheden/);
  assert.match(me.text, /ROC Rivor, Tiel/);
  const own = await p.get(`/training/enrolments/${enrolmentOf('participant@instroom.demo')}`);
  assert.equal(own.status, 200);
  const other = await p.get(`/training/enrolments/${enrolmentOf('fatima.ouali@voorbeeld.demo')}`);
  assert.equal(other.status, 403);
  const api = await p.get('/api/v1/me/training');
  assert.equal(api.status, 200);
  const items = api.json().items;
  assert.equal(items.length, 1);
  assert.equal(items[0].course_name, 'Zorgrunner basisvaardigheden');
  const apiOther = await p.get(`/api/v1/enrolments/${enrolmentOf('fatima.ouali@voorbeeld.demo')}`);
  assert.equal(apiOther.status, 403);
  assert.equal((await p.get('/training')).status, 403, 'the course list is for staff');
});
