// Outcomes, costs and the funder report against a real server. A programme
// with small and large counts is built through the API (members, events,
// costs); the funder report never shows a count below 5 in the HTML, CSV,
// XLSX or PDF; the XLSX holds the same figures as the CSV; an erasure
// leaves the members anonymous and the figures unchanged; bad input names
// the field and changes nothing; refusals of the policy are audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDemoDb, makeTempDir, startServer, runInstroom } from '../e2e/lib.mjs';
import { sqlite } from './intake_pipeline_fixture.mjs';

// Debian's python3 has python3-openpyxl (scripts/bootstrap); a python3 earlier on
// PATH (pyenv, a venv) may not.
const debianPython = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

let db, srv, coord, coordTok, laurensTok, zinziaTok, programme, cohort, phase1, phase2;
const sql = (q) => sqlite(db, q);
const w = (q) => sqlite(db, q, { readonly: false });
const count = (q) => Number(sql(q));
const fields = (r) => (r.body.errors || []).map((e) => e.field);

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
  const buf = Buffer.from(await res.arrayBuffer());
  let body = buf.toString('utf8');
  try {
    body = JSON.parse(body);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, buf, headers: res.headers };
}

// A date in Amsterdam (the server's calendar), offset days from today: near
// midnight the UTC date is another day.
const amsterdam = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam' });
const day = (offset) => amsterdam.format(new Date(Date.now() + offset * 86400000));

// 12 members from 400 days ago: 9 enter BBL (6 of them employed, 2 diplomas,
// 1 leaves the sector later), 3 drop out (2 for finances, 1 for health).
const N = 12;
let members = [];

before(async () => {
  db = await makeDemoDb();
  coordTok = await token('coordinator@wzw.demo');
  laurensTok = await token('recruiter@laurens.demo');
  zinziaTok = await token('recruiter@zinzia.demo');
  const org = (name) => `(SELECT id FROM orgs WHERE name = '${name}')`;
  w(`BEGIN;
INSERT INTO programmes(slug, name, kind, owner_org, created_at) VALUES ('tp-report', 'Rapportageprogramma', 'pre_track', ${org('Gemeente Rotterdam')}, 0);
INSERT INTO programme_partners(programme_id, org_id, part) SELECT id, ${org('Laurens')}, 'employer' FROM programmes WHERE slug = 'tp-report';
INSERT INTO programme_phases(programme_id, position, name, weeks) SELECT id, 1, 'Voortraject', 20 FROM programmes WHERE slug = 'tp-report';
INSERT INTO programme_phases(programme_id, position, name, weeks) SELECT id, 2, 'BBL', 100 FROM programmes WHERE slug = 'tp-report';
INSERT INTO programme_targets(programme_id, metric, value, description) SELECT id, 'continue_pct', 75, 'ten minste 75% naar de BBL' FROM programmes WHERE slug = 'tp-report';
INSERT INTO cohorts(programme_id, name, starts_on, ends_on, capacity, created_at) SELECT id, 'Rapportagecohort', '${day(-400)}', '${day(300)}', 30, 0 FROM programmes WHERE slug = 'tp-report';
${Array.from({ length: N }, (_, i) => `INSERT INTO people(given_name, family_name, created_at, updated_at) VALUES ('Lid${i}', 'Rapport', 0, 0);`).join('\n')}
COMMIT;`);
  programme = count("SELECT id FROM programmes WHERE slug = 'tp-report'");
  cohort = count(`SELECT id FROM cohorts WHERE programme_id = ${programme}`);
  phase1 = count(`SELECT id FROM programme_phases WHERE programme_id = ${programme} AND position = 1`);
  phase2 = count(`SELECT id FROM programme_phases WHERE programme_id = ${programme} AND position = 2`);
  srv = await startServer({ db });
  const { Client } = await import('./client.mjs');
  coord = new Client(srv.url);
  await coord.login('coordinator@wzw.demo');
  const people = sql("SELECT id FROM people WHERE family_name = 'Rapport' ORDER BY id").split('\n').map(Number);
  const laurens = count("SELECT id FROM orgs WHERE name = 'Laurens'");
  for (const p of people) {
    const r = await api(coordTok, 'POST', `/api/v1/cohorts/${cohort}/members`, { person_id: p, org_id: laurens, started_on: day(-400) });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    members.push(r.body.id);
  }
  const ev = async (m, body) => {
    const r = await api(coordTok, 'POST', `/api/v1/members/${m}/events`, body);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  };
  for (let i = 0; i < N; i++) {
    const m = members[i];
    if (i < 9) {
      await ev(m, { kind: 'pretrack_completed', on_date: day(-260) });
      await ev(m, { kind: 'entered_bbl', on_date: day(-255), level: 2 });
      if (i < 6) await ev(m, { kind: 'employed', on_date: day(-250), contract: 'bbl' });
      if (i < 2) await ev(m, { kind: 'diploma', on_date: day(-20), level: 2 });
      if (i === 8) await ev(m, { kind: 'left_sector', on_date: day(-100) });
    } else {
      await ev(m, { kind: 'dropped_out', on_date: day(-300), phase_id: phase1, reason: i < 11 ? 'finances' : 'health' });
    }
  }
  const c = await api(coordTok, 'POST', `/api/v1/programmes/${programme}/costs`, {
    category: 'coaching', amount: '12.000,00', spent_on: day(-200), cohort_id: cohort, description: 'extra coaching',
  });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  assert.equal(c.body.amount_cents, 1200000);
});

// A page of the coordinator's session, as bytes and text.
async function page(path) {
  const res = await fetch(srv.url + path, { headers: { Cookie: coord.cookieHeader() }, redirect: 'manual' });
  const buf = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, buf, body: buf.toString('utf8') };
}

after(async () => {
  await srv?.stop();
});

// Every figure of the CSV: [section, measure, label, value] without the report rows.
function csvFigures(text) {
  const rows = [];
  for (const line of text.split('\r\n').slice(1)) {
    if (!line) continue;
    const cells = [];
    let cur = '', q = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (q) {
        if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') q = false; else cur += ch;
      } else if (ch === '"') q = true;
      else if (ch === ',') { cells.push(cur); cur = ''; } else cur += ch;
    }
    cells.push(cur);
    rows.push(cells);
  }
  return rows;
}

// A shown value that is a count below 5 (0..4), as written in any format.
const smallCount = (v) => /^[0-4]$/.test(String(v).trim());

test('the funder report never shows a count below 5: HTML, CSV, XLSX and PDF', async () => {
  const csv = await page(`/programmes/${programme}/report.csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  const rows = csvFigures(csv.body);
  const meta = Object.fromEntries(rows.filter((r) => r[0] === 'report').map((r) => [r[1], r[3]]));
  assert.equal(meta.programme, 'Rapportageprogramma');
  assert.equal(meta.cohorts, 'Rapportagecohort');
  assert.equal(meta.date, day(0));
  const figures = rows.filter((r) => r[0] !== 'report');
  const byKey = Object.fromEntries(figures.map((r) => [`${r[0]}.${r[1]}`, r[3]]));
  // The large counts are shown, the small ones are "<5", also zeros.
  assert.equal(byKey['funnel.members'], '12');
  assert.equal(byKey['funnel.entered_bbl'], '9');
  assert.equal(byKey['funnel.employed'], '6');
  assert.equal(byKey['funnel.diploma'], '<5');
  assert.equal(byKey['funnel.left_sector'], '<5');
  assert.equal(byKey['funnel.dropped_out'], '<5');
  assert.equal(byKey['dropout_reason.finances'], '<5');
  assert.equal(byKey['dropout_reason.moved'], '<5');
  assert.equal(byKey['dropout_phase.Voortraject'], '<5');
  assert.equal(byKey['continuation.decided'], '12');
  assert.equal(byKey['continuation.continued'], '9');
  assert.equal(byKey['continuation.rate'], '—'); // 9 of 12: a difference of 3
  assert.equal(byKey['continuation.target'], '75.0');
  assert.equal(byKey['costs.total'], '12000.00');
  assert.equal(byKey['costs.per_member'], '1000.00');
  assert.equal(byKey['costs.per_working_6m'], '2000.00'); // 6 working after 6 months
  assert.equal(byKey['costs.per_working_12m'], '2000.00');
  for (const [s, m, , v] of figures) assert.ok(!smallCount(v), `CSV ${s}.${m} shows ${v}`);
  assert.ok(!JSON.stringify(csv.body).includes('Lid0'), 'no names');

  // HTML: every figure cell, and the rule and the footnote are said.
  const html = await page(`/programmes/${programme}/report`);
  assert.equal(html.status, 200);
  const cells = [...html.body.matchAll(/data-figure="([^"]+)">([^<]*)/g)].map((m) => [m[1], m[2]]);
  assert.equal(cells.length, figures.length);
  for (const [key, v] of cells) assert.ok(!smallCount(v), `HTML ${key} shows ${v}`);
  const htmlByKey = Object.fromEntries(cells);
  assert.equal(htmlByKey['funnel.diploma'], '&lt;5');
  assert.equal(htmlByKey['funnel.members'], '12');
  assert.match(html.body, /@media print/);
  assert.match(html.body, /onder de 5/);
  assert.ok(!html.body.includes('Lid0'), 'no names in the report');

  // XLSX: the same rows and values as the CSV (numbers where the CSV has them).
  const xlsx = await page(`/programmes/${programme}/report.xlsx`);
  assert.equal(xlsx.status, 200);
  const dir = makeTempDir('instroom-report-');
  const xpath = join(dir, 'r.xlsx');
  writeFileSync(xpath, xlsx.buf);
  const py = `
import json, sys
import openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
rows = [[c for c in r] for r in ws.iter_rows(values_only=True)]
print(json.dumps(rows))
`;
  const sheet = JSON.parse(execFileSync(debianPython, ['-c', py, xpath], { encoding: 'utf8' }));
  assert.deepEqual(sheet[0], ['section', 'measure', 'label', 'value']);
  const csvAll = rows;
  assert.equal(sheet.length - 1, csvAll.length);
  for (let i = 0; i < csvAll.length; i++) {
    const [s, m, l, v] = csvAll[i];
    const x = sheet[i + 1];
    assert.deepEqual(x.slice(0, 3), [s, m, l]);
    if (typeof x[3] === 'number') assert.equal(x[3], Number(v), `XLSX ${s}.${m}: ${x[3]} vs CSV ${v}`);
    else assert.equal(x[3], v, `XLSX ${s}.${m}`);
    if (s !== 'report') assert.ok(!smallCount(x[3]), `XLSX ${s}.${m} shows ${x[3]}`);
  }

  // PDF: each figure's line ends in the value the HTML shows.
  const pdf = await page(`/programmes/${programme}/report.pdf`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.buf.subarray(0, 5).toString(), '%PDF-');
  const ppath = join(dir, 'r.pdf');
  writeFileSync(ppath, pdf.buf);
  const text = execFileSync('pdftotext', ['-layout', ppath, '-'], { encoding: 'utf8' });
  assert.match(text, /Rapportageprogramma/);
  assert.match(text, new RegExp(day(0)));
  let seen = 0;
  for (const [s, m, label, v] of figures) {
    const re = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s{2,}(.+?)\\s*$`);
    const line = text.split('\n').map((ln) => re.exec(ln)).find(Boolean);
    assert.ok(line, `PDF has a line for ${s}.${m} (${label})`);
    const value = line[1].replace(/\s*\*$/, '');
    assert.ok(!smallCount(value), `PDF ${s}.${m} shows ${value}`);
    if (v === '<5') assert.equal(value, '<5', `PDF ${s}.${m}`);
    seen++;
  }
  assert.equal(seen, figures.length);

  // The cohort's report says its cohort, and the API gives the same values.
  const a = await api(coordTok, 'GET', `/api/v1/programmes/${programme}/report?cohort=${cohort}`);
  assert.equal(a.status, 200);
  assert.equal(a.body.cohorts, 'Rapportagecohort');
  for (const r of a.body.rows) assert.equal(r.value, byKey[`${r.section}.${r.measure}`]);
  assert.equal((await api(coordTok, 'GET', `/api/v1/programmes/${programme}/report?cohort=abc`)).status, 400);
  assert.equal((await api(coordTok, 'GET', `/api/v1/programmes/${programme}/report?format=doc`)).status, 400);
  const apiCsv = await api(coordTok, 'GET', `/api/v1/programmes/${programme}/report?format=csv`);
  assert.equal(apiCsv.body, csv.body);
});

test('partners read the report; others get 404, and the refusal is audited', async () => {
  assert.equal((await api(laurensTok, 'GET', `/api/v1/programmes/${programme}/report`)).status, 200);
  const before = count("SELECT COUNT(*) FROM audit_log WHERE outcome = 'denied' AND entity = 'insight_report'");
  assert.equal((await api(zinziaTok, 'GET', `/api/v1/programmes/${programme}/report?format=csv`)).status, 404);
  assert.equal((await api(zinziaTok, 'GET', `/api/v1/programmes/${programme}/report`)).status, 404);
  assert.equal(count("SELECT COUNT(*) FROM audit_log WHERE outcome = 'denied' AND entity = 'insight_report'"), before + 2);
  // Costs: a partner reads them, only the coordinator enters them (refusal audited).
  const list = await api(laurensTok, 'GET', `/api/v1/programmes/${programme}/costs`);
  assert.equal(list.status, 200);
  assert.equal(list.body.total_cents, 1200000);
  const denied = count("SELECT COUNT(*) FROM audit_log WHERE outcome = 'denied' AND entity = 'programme_cost'");
  const r = await api(laurensTok, 'POST', `/api/v1/programmes/${programme}/costs`, { category: 'other', amount: '5', spent_on: day(0) });
  assert.equal(r.status, 403);
  assert.equal(count("SELECT COUNT(*) FROM audit_log WHERE outcome = 'denied' AND entity = 'programme_cost'"), denied + 1);
  assert.equal(count(`SELECT COUNT(*) FROM programme_costs WHERE programme_id = ${programme}`), 1);
  // Outcomes of a member: a recruiter of another organisation sees nothing (404, audited).
  const od = count("SELECT COUNT(*) FROM audit_log WHERE outcome = 'denied' AND entity = 'outcome'");
  assert.equal((await api(zinziaTok, 'GET', `/api/v1/members/${members[0]}/events`)).status, 404);
  assert.equal((await api(zinziaTok, 'POST', `/api/v1/members/${members[0]}/events`, { kind: 'diploma', on_date: day(0) })).status, 404);
  assert.equal(count("SELECT COUNT(*) FROM audit_log WHERE outcome = 'denied' AND entity = 'outcome'"), od + 2);
  assert.equal((await api(laurensTok, 'GET', `/api/v1/members/${members[0]}/events`)).status, 200);
});

test('bad input names the field and changes nothing', async () => {
  const costs = count('SELECT COUNT(*) FROM programme_costs');
  for (const [body, field] of [
    [{ category: 'coaching', amount: '12,3456', spent_on: day(0) }, 'amount'],
    [{ category: 'coaching', amount: '-5', spent_on: day(0) }, 'amount'],
    [{ category: 'party', amount: '5', spent_on: day(0) }, 'category'],
    [{ category: 'coaching', amount: '5', spent_on: day(3) }, 'spent_on'],
    [{ category: 'coaching', amount: '5', spent_on: day(0), cohort_id: 999999 }, 'cohort_id'],
    [{ category: 'coaching', amount: '5', spent_on: day(0), colour: 'red' }, 'colour'],
  ]) {
    const r = await api(coordTok, 'POST', `/api/v1/programmes/${programme}/costs`, body);
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.ok(fields(r).includes(field), `${field} in ${JSON.stringify(r.body)}`);
  }
  assert.equal(count('SELECT COUNT(*) FROM programme_costs'), costs);
  const events = count('SELECT COUNT(*) FROM outcome_events');
  const m = members[0];
  for (const [body, field] of [
    [{ kind: 'entered_bbl', on_date: day(-10) }, 'level'],
    [{ kind: 'entered_bbl', on_date: day(-10), level: 4 }, 'level'],
    [{ kind: 'employed', on_date: day(-10) }, 'contract'],
    [{ kind: 'dropped_out', on_date: day(-10), reason: 'finances' }, 'phase_id'],
    [{ kind: 'dropped_out', on_date: day(-10), phase_id: phase2, reason: 'bored' }, 'reason'],
    [{ kind: 'diploma', on_date: day(2) }, 'on_date'],
    [{ kind: 'diploma', on_date: day(-500) }, 'on_date'],
    [{ kind: 'started', on_date: day(-400) }, 'kind'],
    [{ kind: 'promoted', on_date: day(-1) }, 'kind'],
  ]) {
    const r = await api(coordTok, 'POST', `/api/v1/members/${m}/events`, body);
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.ok(fields(r).includes(field), `${field} in ${JSON.stringify(r.body)}`);
  }
  // Nothing after a stop: the dropped-out member gets no new outcome...
  const gone = members[N - 1];
  const r = await api(coordTok, 'POST', `/api/v1/members/${gone}/events`, { kind: 'employed', on_date: day(-5), contract: 'flex' });
  assert.equal(r.status, 422);
  assert.ok(fields(r).includes('on_date'));
  assert.equal(count('SELECT COUNT(*) FROM outcome_events'), events);
  // ... unless the stop is voided (audited; the event stays on record).
  const evs = await api(coordTok, 'GET', `/api/v1/members/${gone}/events`);
  const stop = evs.body.items.find((e) => e.kind === 'dropped_out');
  const bad = await api(coordTok, 'POST', `/api/v1/members/${gone}/events/${stop.id}/void`, { reason: '' });
  assert.equal(bad.status, 422);
  assert.ok(fields(bad).includes('reason'));
  const v = await api(coordTok, 'POST', `/api/v1/members/${gone}/events/${stop.id}/void`, { reason: 'verkeerde deelnemer' });
  assert.equal(v.status, 200);
  assert.ok(v.body.voided_at);
  assert.equal(count(`SELECT COUNT(*) FROM audit_log WHERE action = 'void' AND entity = 'outcome_event' AND entity_id = ${stop.id}`), 1);
  assert.equal(count(`SELECT COUNT(*) FROM outcome_events WHERE id = ${stop.id}`), 1);
  const again = await api(coordTok, 'POST', `/api/v1/members/${gone}/events/${stop.id}/void`, { reason: 'nog eens' });
  assert.equal(again.status, 422);
  assert.ok(fields(again).includes('event'));
  // Put the stop back as it was, so that the figures stay those of the first test.
  const back = await api(coordTok, 'POST', `/api/v1/members/${gone}/events`, { kind: 'dropped_out', on_date: day(-300), phase_id: phase1, reason: 'health' });
  assert.equal(back.status, 201);
});

test('erasure leaves the members and their outcomes anonymous, and the figures do not change', async () => {
  const before = await page(`/programmes/${programme}/report.csv`);
  const m = members[0];
  const person = count(`SELECT person_id FROM cohort_members WHERE id = ${m}`);
  w(`UPDATE outcome_events SET note = 'belde over haar schulden' WHERE member_id = ${m}`);
  const r = await api(coordTok, 'POST', `/api/v1/people/${person}/erasure`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(sql(`SELECT person_id IS NULL FROM cohort_members WHERE id = ${m}`), '1');
  assert.equal(count(`SELECT COUNT(*) FROM outcome_events WHERE member_id = ${m}`), 5);
  assert.equal(count(`SELECT COUNT(*) FROM outcome_events WHERE member_id = ${m} AND note IS NOT NULL`), 0);
  const after_ = await page(`/programmes/${programme}/report.csv`);
  assert.equal(after_.body, before.body);
  const list = await api(coordTok, 'GET', `/api/v1/cohorts/${cohort}/members`);
  assert.equal(list.body.items.length, N);
  assert.equal(list.body.items.filter((x) => x.person_id === null).length, 1);
});

test('pages: the cohort members, a member, costs with a total; forms answer 422 naming the field', async () => {
  const { Client } = await import('./client.mjs');
  const c = new Client(srv.url);
  await c.login('coordinator@wzw.demo');
  const page = await c.get(`/cohorts/${cohort}/members`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Lid1 Rapport/);
  assert.match((await c.get(`/cohorts/${cohort}`)).text, new RegExp(`/cohorts/${cohort}/members`));
  const mp = await c.get(`/members/${members[1]}`);
  assert.equal(mp.status, 200);
  assert.match(mp.text, /BBL begonnen/);
  const bad = await c.post(`/members/${members[1]}/events`, { kind: 'entered_bbl', on_date: day(-1) });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /niveau 2 of 3/);
  const costs = await c.get(`/programmes/${programme}/costs`);
  assert.equal(costs.status, 200);
  assert.match(costs.text, /id="costs-total">€ 12\.000,00/);
  const badCost = await c.post(`/programmes/${programme}/costs`, { category: 'coaching', amount: 'veel', spent_on: day(0) });
  assert.equal(badCost.status, 422);
  assert.match(badCost.text, /Geef een bedrag in euro/);
  const ok = await c.post(`/programmes/${programme}/costs`, { category: 'training', amount: '1.000', spent_on: day(0) });
  assert.equal(ok.status, 303);
  assert.match((await c.get(`/programmes/${programme}/costs`)).text, /id="costs-total">€ 13\.000,00/);
  const person = count(`SELECT person_id FROM cohort_members WHERE id = ${members[1]}`);
  assert.match((await c.get(`/people/${person}/outcomes`)).text, /Rapportagecohort/);
});
