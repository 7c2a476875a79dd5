// `instroom plan-training COHORT`: exit codes (0 ok, 2 bad usage or input),
// the optimal placement by travel distance under capacity and availability,
// who cannot be placed and why, --dry-run stores nothing, a second run
// replaces the planner's placements and keeps those made by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { instroomBin, makeTempDir } from '../e2e/lib.mjs';

function run(args) {
  const r = spawnSync(instroomBin(), args, { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const sql = (db, q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim();

// Tuesday 14 April 2026 09:00 and 13:00 in Amsterdam (UTC+2).
const TUE_9 = 1776150000, TUE_13 = TUE_9 + 4 * 3600;

function makeDb() {
  const dir = makeTempDir('instroom-cli-plan-');
  const db = join(dir, 'instroom.db');
  assert.equal(run(['init', '--db', db]).code, 0);
  sql(db, `
    INSERT INTO orgs(id, name, kind, region, created_at) VALUES (1, 'ROC Test', 'school', 'Gelderland', 0);
    INSERT INTO programmes(id, slug, name, kind, owner_org, created_at) VALUES (1, 'prog', 'P', 'flexpool', 1, 0);
    INSERT INTO cohorts(id, programme_id, name, starts_on, ends_on, capacity, created_at) VALUES (1, 1, 'Zomer', '2026-04-01', '2026-09-01', 10, 0);
    INSERT INTO courses(id, slug, org_id, programme_id, name, created_at) VALUES (1, 'basis', 1, 1, 'Basis', 0);
    INSERT INTO course_modules(id, course_id, position, name_nl, name_en, dayparts) VALUES (1, 1, 1, 'Dagdeel 1', 'Daypart 1', 1);
    INSERT INTO training_sessions(id, course_id, module_id, cohort_id, org_id, location, postcode, starts_at, ends_at, capacity, created_at)
      VALUES (1, 1, 1, 1, 1, 'Ede', '6711 AB', ${TUE_9}, ${TUE_9 + 10800}, 1, 0),
             (2, 1, 1, 1, 1, 'Nijmegen', '6541 AB', ${TUE_13}, ${TUE_13 + 10800}, 2, 0);
    INSERT INTO people(id, given_name, family_name, postcode, created_at, updated_at) VALUES
      (1, 'Anna', 'Ede', '6711 AB', 0, 0), (2, 'Bram', 'Ede', '6712 CD', 0, 0),
      (3, 'Cor', 'Zonder', NULL, 0, 0), (4, 'Dewi', 'Zondag', '6711 AB', 0, 0), (5, 'Eva', 'Hand', '6541 AB', 0, 0);
    INSERT INTO enrolments(id, course_id, cohort_id, person_id, avail_days, avail_parts, enrolled_at) VALUES
      (1, 1, 1, 1, 127, 7, 0), (2, 1, 1, 2, 127, 7, 0), (3, 1, 1, 3, 127, 7, 0), (4, 1, 1, 4, 64, 7, 0), (5, 1, 1, 5, 127, 7, 0);
    INSERT INTO session_places(session_id, enrolment_id, placed_at) VALUES (2, 5, 0);`);
  return db;
}

test('plan-training: usage errors and unknown cohorts exit 2', () => {
  const db = makeDb();
  assert.equal(run(['plan-training', '--help']).code, 0);
  assert.equal(run(['plan-training', '--db', db]).code, 2);
  const bad = run(['plan-training', 'Not A Ref', '--db', db]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /not a cohort id/);
  assert.equal(run(['plan-training', 'prog/Winter', '--db', db]).code, 2);
  assert.equal(run(['plan-training', '99', '--db', db]).code, 2);
  const course = run(['plan-training', '1', '--course', 'nope', '--db', db]);
  assert.equal(course.code, 2);
  assert.match(course.err, /no course 'nope'/);
});

test('plan-training: the optimum under capacity, names who cannot be placed and why', () => {
  const db = makeDb();
  const dry = run(['plan-training', 'prog/Zomer', '--dry-run', '--db', db]);
  assert.equal(dry.code, 0, dry.err);
  assert.match(dry.err, /module 1\/1 Dagdeel 1: 2 placed, 2 not placed/, 'progress on stderr');
  assert.equal(sql(db, 'SELECT count(*) FROM session_places WHERE km IS NOT NULL'), '0', 'a dry run stores nothing');

  const r = run(['plan-training', 'prog/Zomer', '--db', db]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /NOT\s+Cor Zonder\s+Dagdeel 1\s+Every session this person can come to is full/,
    'an unknown postcode does not take a place from people whose travel is known');
  assert.match(r.out, /NOT\s+Dewi Zondag\s+Dagdeel 1\s+Cannot come at any of the sessions' times/);
  assert.match(r.out, /1 placements by hand kept/);
  // Session 1 has one seat, session 2 one left after Eva's place by hand: Anna and Bram take one each.
  const rows = sql(db, 'SELECT session_id, enrolment_id, km FROM session_places WHERE km IS NOT NULL ORDER BY session_id')
    .split('\n').map((l) => l.split('|'));
  assert.equal(rows.length, 2);
  assert.deepEqual(rows.map((x) => x[0]), ['1', '2']);
  // The optimum: whoever of Anna and Bram is closer to Nijmegen (relative to Ede) goes there.
  const km = (e, s) => Number(rows.find((x) => x[1] === String(e) && x[0] === String(s))?.[2]);
  const total = rows.reduce((t, x) => t + Number(x[2]), 0);
  const printed = Number(/total: 2 placed, 2 not placed, ([0-9.]+) km/.exec(r.out)[1]);
  assert.ok(Math.abs(printed - total) < 0.06, `printed ${printed}, stored ${total}`);
  assert.ok(Number.isFinite(km(1, 1)) || Number.isFinite(km(2, 1)));
  assert.equal(sql(db, "SELECT count(*) FROM session_places WHERE enrolment_id = 5 AND km IS NULL"), '1', 'kept');
  assert.equal(sql(db, "SELECT count(*) FROM audit_log WHERE action = 'plan' AND entity = 'course'"), '1');

  // Again: the same placements, replaced rather than added.
  const again = run(['plan-training', '1', '--course', 'basis', '--db', db]);
  assert.equal(again.code, 0, again.err);
  assert.equal(sql(db, 'SELECT count(*) FROM session_places'), '3');
});

test('plan-training: swapping would cost more (brute force over the two ways)', () => {
  const db = makeDb();
  assert.equal(run(['plan-training', 'prog/Zomer', '--db', db]).code, 0);
  const placed = sql(db, 'SELECT session_id, enrolment_id, km FROM session_places WHERE km IS NOT NULL ORDER BY session_id')
    .split('\n').map((l) => l.split('|'));
  const chosen = placed.reduce((t, x) => t + Number(x[2]), 0);
  // Plan the swapped assignment by hand: move each to the other session and plan nothing else.
  sql(db, `UPDATE session_places SET session_id = CASE session_id WHEN 1 THEN 2 ELSE 1 END WHERE km IS NOT NULL`);
  // The swapped cost: distances of the other pairing, computed by a dry run of a one-seat world.
  sql(db, 'DELETE FROM session_places WHERE km IS NOT NULL; UPDATE training_sessions SET capacity = 2 WHERE id = 1; UPDATE training_sessions SET capacity = 0 WHERE id = 2;');
  const ede = run(['plan-training', 'prog/Zomer', '--dry-run', '--db', db]).out;
  const toEde = Object.fromEntries([...ede.matchAll(/placed\s+(\w+) \w+\s+.*?([0-9.]+) km/g)].map((m) => [m[1], Number(m[2])]));
  sql(db, 'UPDATE training_sessions SET capacity = 0 WHERE id = 1; UPDATE training_sessions SET capacity = 3 WHERE id = 2;');
  const nij = run(['plan-training', 'prog/Zomer', '--dry-run', '--db', db]).out;
  const toNij = Object.fromEntries([...nij.matchAll(/placed\s+(\w+) \w+\s+.*?([0-9.]+) km/g)].map((m) => [m[1], Number(m[2])]));
  const best = Math.min(toEde.Anna + toNij.Bram, toEde.Bram + toNij.Anna);
  assert.ok(Math.abs(chosen - best) < 0.11, `chosen ${chosen}, brute force ${best}`);
});
