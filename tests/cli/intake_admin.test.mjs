// `instroom import applicants` and `instroom intake retention`: exit codes
// (0 ok, 1 failure, 2 bad usage or input), a report that names every bad row,
// progress on stderr, nothing added the second time, and the retention job
// run at a fixed time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { instroomBin, makeTempDir } from '../e2e/lib.mjs';

function run(args) {
  const r = spawnSync(instroomBin(), args, { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// A database with one programme, cohort and campaign ("cli-test") and its stages.
function makeDb() {
  const dir = makeTempDir('instroom-cli-intake-');
  const db = join(dir, 'instroom.db');
  assert.equal(run(['init', '--db', db]).code, 0);
  const stages = [['aangemeld', 'open'], ['gescreend', 'open'], ['intakegesprek', 'open'], ['geselecteerd', 'selected'],
    ['wachtlijst', 'waitlist'], ['afgewezen', 'rejected'], ['teruggetrokken', 'withdrawn']]
    .map(([k, kind], i) => `(1, ${i + 1}, '${k}', '${k}', '${k}', '${kind}')`).join(', ');
  execFileSync('sqlite3', [db, `
    INSERT INTO orgs(id, name, kind, region, created_at) VALUES (1, 'Gemeente Rotterdam', 'municipality', 'Rotterdam', 0);
    INSERT INTO programmes(id, slug, name, kind, owner_org, created_at) VALUES (1, 'p', 'P', 'pre_track', 1, 0);
    INSERT INTO programme_partners(programme_id, org_id, part) VALUES (1, 1, 'referrer');
    INSERT INTO cohorts(id, programme_id, name, starts_on, ends_on, capacity, created_at) VALUES (1, 1, 'G1', '2026-09-01', '2027-01-31', 24, 0);
    INSERT INTO campaigns(id, cohort_id, slug, title, opens_at, closes_at, target, cap, created_at)
      VALUES (1, 1, 'cli-test', 'CLI', 1767225600, 1775000000, 30, 100000, 0);
    INSERT INTO campaign_stages(campaign_id, position, key, name_nl, name_en, kind) VALUES ${stages};`]);
  return { dir, db };
}

const sql = (db, q) => execFileSync('sqlite3', ['-readonly', db, q], { encoding: 'utf8' }).trim();

test('import applicants: help, usage errors and a missing campaign exit 2', () => {
  const { dir, db } = makeDb();
  assert.equal(run(['import', '--help']).code, 0);
  assert.match(run(['import', '--help']).out, /usage: instroom import applicants/);
  assert.equal(run(['intake', '--help']).code, 0);
  const f = join(dir, 'a.csv');
  writeFileSync(f, 'voornaam;achternaam;e-mail;geboortedatum;postcode\nA;B;a@b.nl;1990-01-01;1234 AB\n');
  for (const [args, re] of [
    [['import', 'teachers', f], /unknown kind 'teachers'/],
    [['import', 'applicants', f, '--db', db], /--campaign SLUG is required/],
    [['import', 'applicants', join(dir, 'none.csv'), '--campaign', 'cli-test', '--db', db], /cannot open/],
    [['import', 'applicants', f, '--campaign', 'nope', '--db', db], /no campaign 'nope'/],
    [['intake', 'purge'], /unknown subcommand 'purge'/],
    [['intake', 'retention', '--now', 'yesterday', '--db', db], /--now wants a time/],
  ]) {
    const r = run(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, re);
  }
});

test('import applicants: bad rows exit 2 naming every one; good rows once, then nothing', () => {
  const { dir, db } = makeDb();
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, [
    'given_name,family_name,email,birth_date,postcode',
    'Anouk,Willems,anouk@voorbeeld.demo,1978-04-12,3011 NP',
    'Rachid,Bouzid,nope,1985-12-01,3021 QR',
    'Priya,Ramdin,priya@voorbeeld.demo,1991-13-01,3051 UV',
    'Ingrid,Kok,ingrid@voorbeeld.demo,1969-06-25,ABCD', ''].join('\n'));
  let r = run(['import', 'applicants', bad, '--campaign', 'cli-test', '--consented', '--db', db]);
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, /nothing imported: 3 error/);
  assert.match(r.err, /line 3, column 3 \(email\)/);
  assert.match(r.err, /line 4, column 4 \(birth_date\)/);
  assert.match(r.err, /line 5, column 5 \(postcode\)/);
  assert.equal(sql(db, 'SELECT count(*) FROM applications'), '0');
  r = run(['import', 'applicants', bad, '--campaign', 'cli-test', '--db', db]);
  assert.match(r.err, /consent/);
  // A large file: progress lines on stderr, all rows in.
  const rows = ['voornaam;achternaam;e-mail;geboortedatum;postcode;toestemming'];
  for (let i = 0; i < 400; i++) rows.push(`Naam${i};Achter${i};p${i}@voorbeeld.demo;01-01-1990;1234 AB;ja`);
  const big = join(dir, 'big.csv');
  writeFileSync(big, rows.join('\r\n'));
  r = run(['import', 'applicants', big, '--campaign', 'cli-test', '--db', db]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /imported 400 of 400 rows into cli-test/);
  assert.ok((r.err.match(/^import: \d+\/400 rows/gm) || []).length >= 5, r.err);
  assert.match(r.err, /400\/400 rows \(100 %\)/);
  r = run(['import', 'applicants', big, '--campaign', 'cli-test', '--db', db]);
  assert.equal(r.code, 0);
  assert.match(r.out, /imported 0 of 400 rows into cli-test \(400 already there/);
  assert.equal(sql(db, 'SELECT count(*) FROM applications'), '400');
  assert.equal(sql(db, 'SELECT count(*) FROM imports'), '2');
});

test('intake retention at a fixed time: dry run counts, the run erases, audited', () => {
  const { dir, db } = makeDb();
  const f = join(dir, 'a.csv');
  writeFileSync(f, 'voornaam;achternaam;e-mail;geboortedatum;postcode\nAnouk;Willems;anouk@voorbeeld.demo;1978-04-12;3011 NP\n');
  assert.equal(run(['import', 'applicants', f, '--campaign', 'cli-test', '--consented', '--db', db]).code, 0);
  execFileSync('sqlite3', [db, "UPDATE applications SET stage_id = (SELECT id FROM campaign_stages WHERE key = 'afgewezen')"]);
  // closes_at 1775000000 (2026-03-31T23:33:20Z) + 4 weeks = 2026-04-28T23:33:20Z
  let r = run(['intake', 'retention', '--now', '2026-04-28T23:33:19Z', '--db', db]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /erased 0 applications and 0 people/);
  r = run(['intake', 'retention', '--dry-run', '--now', '2026-04-28T23:33:20Z', '--db', db]);
  assert.match(r.out, /would erase 1 applications and 1 people/);
  assert.equal(sql(db, "SELECT count(*) FROM people WHERE email = 'anouk@voorbeeld.demo'"), '1');
  r = run(['intake', 'retention', '--now', '2026-04-28T23:33:20Z', '--db', db]);
  assert.match(r.out, /erased 1 applications and 1 people/);
  assert.equal(sql(db, "SELECT count(*) FROM people WHERE email = 'anouk@voorbeeld.demo'"), '0');
  assert.equal(sql(db, "SELECT count(*) FROM audit_log WHERE action = 'erase'"), '2');
  assert.match(sql(db, "SELECT detail FROM job_runs WHERE name = 'retention'"), /1 applications and 1 people/);
});
