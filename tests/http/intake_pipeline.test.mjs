// The intake pipeline against a real server: moves record who, when and why;
// bulk moves and rejections (which queue a mail per applicant); scoring by two
// reviewers and a ranking that explains a tie and a missing score; "select the
// best K" within the places per partner; policy refusals (404) that are
// audited; bad input that names the field and changes nothing; the funnel as
// JSON and CSV; the pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeDemoDb, startServer, runInstroom } from '../e2e/lib.mjs';
import { Client } from './client.mjs';
import { sqlite, seedWelSlagen } from './intake_pipeline_fixture.mjs';

let db, srv, campaign, apps, recTok, coachTok, opellaTok, coordTok;
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
  return { status: res.status, body, headers: res.headers, text };
}

async function as(email) {
  const c = new Client(srv.url);
  const r = await c.login(email);
  assert.equal(r.status, 303, `login of ${email}`);
  return c;
}

const userId = (email) => sql(`SELECT id FROM users WHERE email = '${email}'`);
const fields = (r) => (r.body.errors || []).map((e) => e.field);

before(async () => {
  db = await makeDemoDb();
  ({ campaign, apps } = seedWelSlagen(db));
  recTok = await token('recruiter@laurens.demo');
  coachTok = await token('jobcoach@rotterdam.demo');
  opellaTok = await token('recruiter@opella.demo');
  coordTok = await token('coordinator@wzw.demo');
  srv = await startServer({ db });
});

after(async () => {
  const { code, signal } = await srv.stop();
  assert.equal(signal, null, srv.output());
  assert.equal(code, 0, `server exit code ${code}\n${srv.output()}`);
});

test('a move through the API records who, when and why', async () => {
  const t0 = Math.floor(Date.now() / 1000);
  const r = await api(recTok, 'POST', `/api/v1/applications/${apps[0]}/moves`, { stage: 'gescreend', reason: 'Telefonisch gescreend: motivatie sterk' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.application.stage.key, 'gescreend');
  const last = r.body.moves.at(-1);
  assert.equal(last.from.key, 'aangemeld');
  assert.equal(last.to.key, 'gescreend');
  assert.equal(last.by.name, 'Lotte Mulder');
  assert.equal(last.reason, 'Telefonisch gescreend: motivatie sterk');
  const row = sql(`SELECT user_id, at, reason FROM application_moves WHERE application_id = ${apps[0]} ORDER BY id DESC LIMIT 1`).split('|');
  assert.equal(row[0], userId('recruiter@laurens.demo'));
  assert.ok(Number(row[1]) >= t0 && Number(row[1]) <= t0 + 5);
  assert.equal(row[2], 'Telefonisch gescreend: motivatie sterk');
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'move' AND entity = 'application' AND entity_id = ${apps[0]}`), '1');
});

test('a move through the form records the reason and shows it in the history', async () => {
  const c = await as('recruiter@laurens.demo');
  const page = await c.get(`/pipeline/applications/${apps[1]}`);
  assert.equal(page.status, 200);
  const r = await c.post(`/pipeline/applications/${apps[1]}/move`, { stage: 'intakegesprek', reason: 'Uitgenodigd voor gesprek' });
  assert.equal(r.status, 303, r.text);
  const after = await c.get(r.headers.get('location'));
  assert.match(after.text, /Uitgenodigd voor gesprek/);
  assert.match(after.text, /Lotte Mulder/);
  assert.equal(sql(`SELECT k.key FROM applications a JOIN campaign_stages k ON k.id = a.stage_id WHERE a.id = ${apps[1]}`), 'intakegesprek');
  const noReason = await c.post(`/pipeline/applications/${apps[1]}/move`, { stage: 'gescreend', reason: '' });
  assert.equal(noReason.status, 422);
  assert.match(noReason.text, /reason/);
  assert.equal(sql(`SELECT k.key FROM applications a JOIN campaign_stages k ON k.id = a.stage_id WHERE a.id = ${apps[1]}`), 'intakegesprek');
});

test('a bulk move moves all, and a bulk rejection queues the template message per applicant', async () => {
  const moved = await api(recTok, 'POST', `/api/v1/campaigns/${campaign}/moves`, { ids: [apps[2], apps[3]], stage: 'gescreend', reason: 'Cv bekeken' });
  assert.equal(moved.status, 200, moved.text);
  assert.equal(moved.body.moved, 2);
  assert.equal(moved.body.mails_queued, 0);
  assert.equal(sql(`SELECT count(*) FROM application_moves WHERE application_id IN (${apps[2]}, ${apps[3]}) AND reason = 'Cv bekeken'`), '2');
  const outboxBefore = Number(sql("SELECT count(*) FROM outbox WHERE kind = 'rejected'"));
  const rej = await api(recTok, 'POST', `/api/v1/campaigns/${campaign}/moves`, { ids: [apps[4], apps[5]], reject: true });
  assert.equal(rej.status, 200, rej.text);
  assert.equal(rej.body.mails_queued, 2);
  assert.equal(Number(sql("SELECT count(*) FROM outbox WHERE kind = 'rejected'")), outboxBefore + 2);
  const mail = sql(`SELECT to_addr || '|' || body FROM outbox WHERE kind = 'rejected' AND entity_id = ${apps[4]}`);
  assert.match(mail, /^tp-welslagen-5@example\.nl\|/);
  assert.match(mail, /Helaas kunnen we je dit keer geen plaats bieden\./);
  assert.equal(sql(`SELECT count(*) FROM applications a JOIN campaign_stages k ON k.id = a.stage_id WHERE a.id IN (${apps[4]}, ${apps[5]}) AND k.key = 'afgewezen'`), '2');
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'reject' AND entity = 'campaign' AND entity_id = ${campaign}`), '1');

  // Through the list page's form: reject one more, with CSRF.
  const c = await as('recruiter@laurens.demo');
  const list = await c.get(`/pipeline/campaigns/${campaign}/applications`);
  assert.equal(list.status, 200);
  assert.match(list.text, new RegExp(`name="ids" [^>]*value="${apps[6]}"|value="${apps[6]}"`));
  const r = await c.post(`/pipeline/campaigns/${campaign}/bulk`, { ids: String(apps[6]), action: 'reject', stage: '', reason: '' });
  assert.equal(r.status, 303, r.text);
  assert.equal(Number(sql("SELECT count(*) FROM outbox WHERE kind = 'rejected'")), outboxBefore + 3);
  const noCsrf = await c.post(`/pipeline/campaigns/${campaign}/bulk`, { csrf: 'wrong', ids: String(apps[7]), action: 'reject' });
  assert.equal(noCsrf.status, 403);
  assert.equal(Number(sql("SELECT count(*) FROM outbox WHERE kind = 'rejected'")), outboxBefore + 3);
});

test('a bulk move with an application of another campaign moves nothing', async () => {
  const before = sql(`SELECT count(*) FROM application_moves`);
  const r = await api(recTok, 'POST', `/api/v1/campaigns/${campaign}/moves`, { ids: [apps[8], 999999], stage: 'gescreend', reason: 'x' });
  assert.equal(r.status, 422, r.text);
  assert.deepEqual(fields(r), ['ids']);
  assert.equal(sql(`SELECT count(*) FROM application_moves`), before);
});

test('the rubric editor, scores by two reviewers, and a ranking that explains a tie and a missing score', async () => {
  const c = await as('recruiter@laurens.demo');
  const form = await c.get(`/pipeline/campaigns/${campaign}/rubric`);
  assert.equal(form.status, 200);
  const saved = await c.post(`/pipeline/campaigns/${campaign}/rubric`, { c0_name: 'motivatie', c0_weight: '2' });
  assert.equal(saved.status, 303, saved.text);
  await c.get(`/pipeline/campaigns/${campaign}/rubric`);
  const crit0 = sql(`SELECT id FROM rubric_criteria WHERE campaign_id = ${campaign} AND name = 'motivatie'`);
  const saved2 = await c.post(`/pipeline/campaigns/${campaign}/rubric`, { c0_id: crit0, c0_name: 'motivatie', c0_weight: '2', c1_name: 'taal', c1_weight: '1' });
  assert.equal(saved2.status, 303, saved2.text);
  const bad = await c.post(`/pipeline/campaigns/${campaign}/rubric`, { c0_id: crit0, c0_name: 'motivatie', c0_weight: '0' });
  assert.equal(bad.status, 422);
  const [m, t] = sql(`SELECT id FROM rubric_criteria WHERE campaign_id = ${campaign} ORDER BY position`).split('\n').map(Number);
  assert.ok(m && t, 'two criteria');

  const [a, b, d] = [apps[10], apps[11], apps[12]];
  const put = (tok, app, scores) => api(tok, 'PUT', `/api/v1/applications/${app}/scores`, { scores });
  // a: 4 and 4 from both reviewers; b: 4 and 4 from one; d: only motivation (5).
  for (const tok of [recTok, coachTok]) assert.equal((await put(tok, a, [{ criterion_id: m, score: 4 }, { criterion_id: t, score: 4 }])).status, 200);
  assert.equal((await put(recTok, b, [{ criterion_id: m, score: 4 }, { criterion_id: t, score: 4 }])).status, 200);
  const sd = await put(coachTok, d, [{ criterion_id: m, score: 5 }]);
  assert.equal(sd.status, 200, sd.text);
  assert.equal(sd.body.scores.length, 1);
  assert.equal(sd.body.scores[0].reviewer, 'Jamila El Amrani');

  const r = await api(recTok, 'GET', `/api/v1/campaigns/${campaign}/ranking`);
  assert.equal(r.status, 200, r.text);
  const item = (id) => r.body.items.find((x) => x.application_id === id);
  assert.equal(item(a).rank, 1);
  assert.equal(item(a).score, 4);
  assert.equal(item(a).reviewers, 2);
  assert.equal(item(a).tie_break, 'more_reviewers');
  assert.equal(item(a).tie_with, b);
  assert.equal(item(b).rank, 2);
  assert.equal(item(b).tie_with, a);
  assert.match(item(b).explanation, /beoordelaars|reviewers/);
  assert.equal(item(d).rank, 3, 'incomplete ranks after the complete ones, though its 5 is higher');
  assert.equal(item(d).reason, 'missing_criteria');
  assert.deepEqual(item(d).missing_criteria, ['taal']);
  assert.match(item(d).explanation, /taal/);
  assert.equal(item(apps[13]).rank, null);
  assert.equal(item(apps[13]).reason, 'no_scores');

  const page = await c.get(`/pipeline/campaigns/${campaign}/ranking`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Missing criteria: taal|Ontbrekende criteria: taal/);
  assert.match(page.text, /more reviewers|meer gaat voor/);

  const detail = await c.get(`/pipeline/applications/${a}`);
  assert.match(detail.text, /Jamila El Amrani/);
  assert.match(detail.text, /Lotte Mulder/);
});

test('bad input is a 422 naming the field and changes nothing', async () => {
  const moves = sql('SELECT count(*) FROM application_moves');
  const scores = sql('SELECT count(*) FROM scores');
  const stage = await api(recTok, 'POST', `/api/v1/applications/${apps[14]}/moves`, { stage: 'op-vakantie', reason: 'x' });
  assert.equal(stage.status, 422);
  assert.deepEqual(fields(stage), ['stage']);
  const m = Number(sql(`SELECT id FROM rubric_criteria WHERE campaign_id = ${campaign} ORDER BY position LIMIT 1`));
  for (const score of [0, 6]) {
    const r = await api(recTok, 'PUT', `/api/v1/applications/${apps[14]}/scores`, { scores: [{ criterion_id: m, score }] });
    assert.equal(r.status, 422, `score ${score}`);
    assert.deepEqual(fields(r), ['score']);
  }
  const k = await api(recTok, 'POST', `/api/v1/campaigns/${campaign}/selection`, { k: -1 });
  assert.equal(k.status, 422);
  assert.deepEqual(fields(k), ['k']);
  const bulk = await api(recTok, 'POST', `/api/v1/campaigns/${campaign}/moves`, { ids: [apps[14]], stage: 'nergens', reason: 'x' });
  assert.equal(bulk.status, 422);
  assert.ok(fields(bulk).includes('stage'));
  const filter = await api(recTok, 'GET', `/api/v1/campaigns/${campaign}/applications?area=ab`);
  assert.equal(filter.status, 400);
  assert.deepEqual(fields(filter), ['area']);
  assert.equal(sql('SELECT count(*) FROM application_moves'), moves);
  assert.equal(sql('SELECT count(*) FROM scores'), scores);
  const c = await as('recruiter@laurens.demo');
  const page = await c.get(`/pipeline/campaigns/${campaign}/selection?k=-3`);
  assert.equal(page.status, 422);
  assert.match(page.text, /1 to 10000|1 tot en met 10000/);
});

test('select the best K respects the places per partner, and applying it moves them in one go', async () => {
  // Everyone still open gets scores from the coordinator, falling with the id.
  const [m, t] = sql(`SELECT id FROM rubric_criteria WHERE campaign_id = ${campaign} ORDER BY position`).split('\n');
  const coord = userId('coordinator@wzw.demo');
  sqlite(db, `INSERT OR IGNORE INTO scores(application_id, criterion_id, reviewer_id, score, at)
    SELECT a.id, c.id, ${coord}, 5 - (a.id % 4), 0 FROM applications a, rubric_criteria c
    WHERE a.campaign_id = ${campaign} AND c.id IN (${m}, ${t})`, { readonly: false });
  const open = Number(sql(`SELECT count(*) FROM applications a JOIN campaign_stages k ON k.id = a.stage_id WHERE a.campaign_id = ${campaign} AND k.kind = 'open'`));
  assert.equal(open, 27, '30 minus 3 rejected');

  const proposal = await api(recTok, 'POST', `/api/v1/campaigns/${campaign}/selection`, { k: 24 });
  assert.equal(proposal.status, 200, proposal.text);
  assert.equal(proposal.body.applied, false);
  assert.equal(proposal.body.selected, 24);
  const byName = Object.fromEntries(proposal.body.places.map((p) => [p.name, p]));
  assert.equal(byName.Laurens.selected, 10);
  assert.equal(byName.Albeda.selected, 8);
  assert.equal(byName['Calibris Advies'].selected, 6);
  const reasons = proposal.body.items.map((x) => x.reason);
  assert.equal(reasons.filter((x) => x === 'below_k').length, 3);
  assert.equal(sql('SELECT count(*) FROM selection_placements'), '0', 'a proposal changes nothing');

  const over = await api(recTok, 'POST', `/api/v1/campaigns/${campaign}/selection`, { k: 26 });
  assert.equal(over.body.selected, 24);
  assert.equal(over.body.items.filter((x) => x.reason === 'no_places').length, 2);

  const applied = await api(recTok, 'POST', `/api/v1/campaigns/${campaign}/selection`, { k: 24, apply: true });
  assert.equal(applied.status, 201, applied.text);
  assert.equal(applied.body.selected, 24);
  assert.equal(sql(`SELECT count(*) FROM applications a JOIN campaign_stages k ON k.id = a.stage_id WHERE a.campaign_id = ${campaign} AND k.key = 'geselecteerd'`), '24');
  assert.equal(sql("SELECT group_concat(n, ',') FROM (SELECT count(*) AS n FROM selection_placements GROUP BY org_id ORDER BY n DESC)"), '10,8,6');
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'select' AND entity = 'application'`), '24');
  assert.equal(sql(`SELECT count(*) FROM application_moves WHERE reason LIKE 'Geselecteerd bij de beste 24%' OR reason LIKE 'Selected among the best 24%'`), '24');

  const again = await api(recTok, 'POST', `/api/v1/campaigns/${campaign}/selection`, { k: 3 });
  assert.equal(again.body.selected, 0, 'no places left');
  assert.ok(again.body.items.every((x) => x.reason === 'no_places' || x.reason === 'no_scores'));
});

test('a recruiter of an organisation that is no partner gets 404 everywhere, and every attempt is audited', async () => {
  const opella = userId('recruiter@opella.demo');
  const denied = () => Number(sql(`SELECT count(*) FROM audit_log WHERE user_id = ${opella} AND outcome = 'denied' AND entity = 'application'`));
  const before = denied();
  const paths = [
    ['GET', `/api/v1/campaigns/${campaign}/applications`],
    ['GET', `/api/v1/applications/${apps[20]}`],
    ['GET', `/api/v1/campaigns/${campaign}/ranking`],
    ['GET', `/api/v1/campaigns/${campaign}/funnel`],
  ];
  for (const [method, path] of paths) {
    const r = await api(opellaTok, method, path);
    assert.equal(r.status, 404, path);
    assert.doesNotMatch(r.text, /tp-welslagen-/);
  }
  const mv = await api(opellaTok, 'POST', `/api/v1/applications/${apps[20]}/moves`, { stage: 'afgewezen', reason: 'x' });
  assert.equal(mv.status, 404);
  assert.equal(denied(), before + 5);
  const c = await as('recruiter@opella.demo');
  for (const path of [`/pipeline/campaigns/${campaign}`, `/pipeline/applications/${apps[20]}`, `/pipeline/campaigns/${campaign}/board`]) {
    const r = await c.get(path);
    assert.equal(r.status, 404, path);
  }
  assert.equal(denied(), before + 8);
  const overview = await c.get('/pipeline');
  assert.equal(overview.status, 200);
  assert.doesNotMatch(overview.text, /tp-welslagen/);
  const coord = await as('coordinator@wzw.demo');
  assert.match((await coord.get('/pipeline')).text, /WelSlagen voorjaar/);
  const rc = await as('recruiter@laurens.demo');
  const nav = await rc.get('/pipeline');
  assert.match(nav.text, /WelSlagen voorjaar/);
  assert.match(nav.text, /href="\/pipeline"/);
});

test('lists filter by stage, source, area, availability, age and language, with keyset pages', async () => {
  const all = await api(recTok, 'GET', `/api/v1/campaigns/${campaign}/applications?limit=10`);
  assert.equal(all.status, 200, all.text);
  assert.equal(all.body.items.length, 10);
  assert.ok(all.body.next);
  const next = await api(recTok, 'GET', new URL(all.body.next, srv.url).pathname + new URL(all.body.next, srv.url).search);
  assert.equal(next.body.items[0].id, all.body.items[9].id + 1);
  const count = async (q) => (await api(recTok, 'GET', `/api/v1/campaigns/${campaign}/applications?limit=200&${q}`)).body.items.length;
  assert.equal(await count('stage=afgewezen'), 3);
  assert.equal(await count('area=30'), 15);
  assert.equal(await count('area=2611'), 15);
  assert.equal(await count('age_min=50'), 10);
  assert.equal(await count('age_max=40'), 20);
  const sum = Number(sql(`SELECT count(*) FROM applications a WHERE campaign_id = ${campaign} AND source = 'jobcoach'`));
  assert.equal(await count('source=jobcoach'), sum);
  assert.equal(await count('language=ar'), Number(sql(`SELECT count(*) FROM applications WHERE campaign_id = ${campaign} AND languages = 'nl,ar'`)));
  assert.equal(await count('days=1'), Number(sql(`SELECT count(*) FROM applications WHERE campaign_id = ${campaign} AND avail_days & 1`)));
  const bad = await api(recTok, 'GET', `/api/v1/campaigns/${campaign}/applications?stage=nope`);
  assert.equal(bad.status, 400);
  const c = await as('recruiter@laurens.demo');
  const page = await c.get(`/pipeline/campaigns/${campaign}/applications?stage=afgewezen&area=&language=`);
  assert.equal(page.status, 200);
  assert.equal((page.text.match(/name="ids"/g) || []).length, 3);
  /* The page lists the newest application first (the API keeps ascending keyset pages). */
  const listed = [...(await c.get(`/pipeline/campaigns/${campaign}/applications`)).text.matchAll(/id="pick-(\d+)"/g)].map((m) => Number(m[1]));
  const newest = Number(sql(`SELECT max(id) FROM applications WHERE campaign_id = ${campaign}`));
  assert.equal(listed[0], newest, 'the newest application is on top of page 1');
  assert.ok(listed.every((id, i) => i === 0 || id < listed[i - 1]), 'newest first throughout');
  const board = await c.get(`/pipeline/campaigns/${campaign}/board?day=0`);
  assert.equal(board.status, 200);
  assert.match(board.text, /Selected \(\d+\)|Geselecteerd \(\d+\)/);
  const badPage = await c.get(`/pipeline/campaigns/${campaign}/applications?age_min=abc`);
  assert.equal(badPage.status, 400);
});

test('the funnel as JSON, CSV and a chart with a table', async () => {
  const r = await api(recTok, 'GET', `/api/v1/campaigns/${campaign}/funnel`);
  assert.equal(r.status, 200, r.text);
  const st = Object.fromEntries(r.body.stages.map((s) => [s.key, s]));
  assert.equal(r.body.applications, 30);
  assert.equal(st.aangemeld.reached, 30, 'everyone arrived in aangemeld');
  const passed = Number(sql(`SELECT count(*) FROM applications a JOIN campaign_stages k ON k.id = a.stage_id WHERE a.campaign_id = ${campaign} AND (k.key IN ('gescreend', 'intakegesprek', 'geselecteerd'))`));
  assert.equal(st.gescreend.reached, passed, 'the selected passed gescreend, even those moved straight on');
  assert.equal(st.gescreend.conversion, passed / 30);
  assert.equal(st.geselecteerd.reached, 24);
  assert.equal(st.geselecteerd.count, 24);
  assert.equal(st.afgewezen.count, 3);
  assert.equal(st.aangemeld.conversion, null);
  assert.ok(st.gescreend.conversion > 0 && st.gescreend.conversion <= 1);
  assert.equal(r.body.per_source.direct + r.body.per_source.jobcoach, 30);
  const csv = await api(recTok, 'GET', `/api/v1/campaigns/${campaign}/funnel?format=csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  const lines = csv.text.trim().split('\r\n');
  assert.equal(lines.length, 8);
  assert.match(lines[0], /^stage,name_nl,name_en,count,reached,conversion,median_days/);
  assert.match(lines[4], /^"geselecteerd","Geselecteerd","Selected",24,24,/);
  const accept = await fetch(`${srv.url}/api/v1/campaigns/${campaign}/funnel`, { headers: { Authorization: `Bearer ${recTok}`, Accept: 'text/csv' } });
  assert.match(accept.headers.get('content-type'), /^text\/csv/);
  const c = await as('recruiter@laurens.demo');
  const page = await c.get(`/pipeline/campaigns/${campaign}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<svg[^>]*role="img"/);
  assert.match(page.text, /<desc id="funnel-desc">/);
  assert.match(page.text, /<table/);
  const dl = await c.get(`/pipeline/campaigns/${campaign}/funnel.csv`);
  assert.equal(dl.status, 200);
  assert.match(dl.text, /^stage,/);
});
