// Programme insight on the demo region: staff of a partner read a cohort's
// figures (page and API), a non-partner gets 403 and the refusal is audited,
// bad ids give 404 and a bad date 422; the figures equal the demo's outcomes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Client } from './client.mjs';
import { startServer, makeDemoDb } from '../e2e/lib.mjs';

let srv, db;
const sql = (q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim();

before(async () => {
  db = await makeDemoDb();
  srv = await startServer({ db });
});
after(async () => srv && srv.stop());

async function login(email) {
  const c = new Client(srv.url);
  const r = await c.login(email);
  assert.equal(r.status, 303, `login ${email}`);
  return c;
}

const cohort = (programme, name) => sql(`SELECT k.id FROM cohorts k JOIN programmes p ON p.id = k.programme_id
  WHERE p.slug = '${programme}' AND k.name = '${name}'`);
const programme = (slug) => sql(`SELECT id FROM programmes WHERE slug = '${slug}'`);

test('a partner reads the cohort: continuation against 75 %, the curve and its table', async () => {
  const c = await login('recruiter@laurens.demo');
  const id = cohort('welslagen', 'Groep 1 2025');
  const page = await c.get(`/insight/cohorts/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<svg[^>]*role="img"/);
  assert.match(page.text, /id="chart-continuation"/);
  assert.match(page.text, /id="chart-retention"/);
  assert.match(page.text, /Target 75\.0 %/, 'the target line (Lotte reads English)');
  const api = await c.get(`/api/v1/insight/cohorts/${id}`);
  assert.equal(api.status, 200);
  const f = api.json();
  assert.equal(f.members, 24);
  assert.equal(f.cohort_name, 'Groep 1 2025');
  assert.equal(f.continuation.target_pct, 75);
  // The figures equal what the database holds, counted here in SQL.
  const bbl = Number(sql(`SELECT count(DISTINCT e.member_id) FROM outcome_events e JOIN cohort_members m ON m.id = e.member_id
    WHERE m.cohort_id = ${id} AND e.kind = 'entered_bbl' AND e.voided_at IS NULL`));
  assert.equal(f.continuation.continued, bbl);
  assert.ok(f.continuation.rate_pct >= 75 && f.continuation.rate_pct <= 80, `rate ${f.continuation.rate_pct}`);
  assert.equal(f.retention.conf_type, 'log-log');
  const stops = f.retention.steps.reduce((s, x) => s + x.n_event, 0);
  const stopped = Number(sql(`SELECT count(DISTINCT e.member_id) FROM outcome_events e JOIN cohort_members m ON m.id = e.member_id
    WHERE m.cohort_id = ${id} AND e.kind IN ('dropped_out', 'left_sector') AND e.voided_at IS NULL`));
  assert.equal(stops, stopped);
  assert.equal(f.retention.steps[0].n_risk, 24);
});

test('voiding an event changes the figures; it is never counted', async () => {
  const c = await login('coordinator@wzw.demo');
  const id = cohort('welslagen', 'Groep 2 2025');
  const before = (await c.get(`/api/v1/insight/cohorts/${id}`)).json();
  const ev = sql(`SELECT e.id FROM outcome_events e JOIN cohort_members m ON m.id = e.member_id
    WHERE m.cohort_id = ${id} AND e.kind = 'dropped_out' AND e.voided_at IS NULL ORDER BY e.id LIMIT 1`);
  sql(`UPDATE outcome_events SET voided_at = 1, void_reason = 'test' WHERE id = ${ev}`);
  const after = (await c.get(`/api/v1/insight/cohorts/${id}`)).json();
  assert.equal(after.funnel.dropped_out, before.funnel.dropped_out - 1);
  sql(`UPDATE outcome_events SET voided_at = NULL, void_reason = NULL WHERE id = ${ev}`);
});

test('a non-partner gets 403, and the refusal is audited', async () => {
  const c = await login('recruiter@opella.demo');
  const id = cohort('welslagen', 'Groep 1 2025');
  const n0 = Number(sql(`SELECT count(*) FROM audit_log WHERE outcome = 'denied' AND entity LIKE 'insight%'`));
  assert.equal((await c.get(`/insight/cohorts/${id}`)).status, 403);
  assert.equal((await c.get(`/api/v1/insight/cohorts/${id}`)).status, 403);
  assert.equal((await c.get(`/api/v1/insight/programmes/${programme('welslagen')}`)).status, 403);
  const n1 = Number(sql(`SELECT count(*) FROM audit_log WHERE outcome = 'denied' AND entity LIKE 'insight%'`));
  assert.equal(n1 - n0, 3);
  assert.equal(sql(`SELECT entity_id FROM audit_log WHERE entity = 'insight_cohort' AND outcome = 'denied' ORDER BY id DESC LIMIT 1`),
    programme('welslagen'));
  // Opella takes part in the zorgrunners: those figures it reads; the list shows only what it may see.
  assert.equal((await c.get(`/insight/programmes/${programme('zorgrunners')}`)).status, 200);
  const list = await c.get('/insight');
  assert.equal(list.status, 200);
  assert.match(list.text, /Zorgrunners/);
  assert.doesNotMatch(list.text, /WelSlagen/);
});

test('the coordinator sees every programme; a participant none', async () => {
  const c = await login('coordinator@wzw.demo');
  const list = await c.get('/insight');
  assert.equal(list.status, 200);
  assert.match(list.text, /WelSlagen Rotterdam/);
  assert.match(list.text, /Zij-instroom in de zorg/);
  const zij = (await c.get(`/api/v1/insight/programmes/${programme('zij-instroom')}`)).json();
  assert.equal(zij.members, 60);
  assert.ok(zij.costs.total_cents > 0);
  assert.equal(zij.costs.per_member_cents, Math.round(zij.costs.total_cents / 60));
  const p = await login('participant@instroom.demo');
  assert.equal((await p.get('/insight')).status, 403);
  assert.equal((await p.get(`/api/v1/insight/cohorts/${cohort('welslagen', 'Groep 1 2025')}`)).status, 403);
});

test('bad ids are 404, a bad date 422 naming the field', async () => {
  const c = await login('coordinator@wzw.demo');
  assert.equal((await c.get('/insight/cohorts/abc')).status, 404);
  assert.equal((await c.get('/insight/cohorts/999999')).status, 404);
  assert.equal((await c.get('/insight/programmes/0')).status, 404);
  assert.equal((await c.get('/api/v1/insight/cohorts/999999')).status, 404);
  assert.equal((await c.get('/api/v1/insight/programmes/-3')).status, 404);
  const id = cohort('welslagen', 'Groep 1 2025');
  const bad = await c.get(`/api/v1/insight/cohorts/${id}?on=2025-02-30`);
  assert.equal(bad.status, 422);
  assert.match(bad.text, /"on"/);
  assert.equal((await c.get(`/insight/cohorts/${id}?on=gisteren`)).status, 422);
  const past = (await c.get(`/api/v1/insight/cohorts/${id}?on=2025-03-01`)).json();
  assert.equal(past.as_of, '2025-03-01');
  assert.ok(past.funnel.dropped_out < 5, 'fewer had dropped out by then');
});
