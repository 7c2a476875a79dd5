// Issue 6's story in Chromium, in Dutch: the coordinator opens Inzet, makes
// the regional proposal for the demo summer (weeks 27-34 at six
// organisations, 43 runners) and sees its coverage, the places left open
// with the reason and everyone's hours. She posts a late evening shift and
// the next morning's shift through the form, puts a runner on the evening
// shift by hand, and tries to put the same runner on the morning shift:
// that is refused with the rest rule ("Minder dan 11 uur rust tussen twee
// diensten") in the error summary and at the field. She checks the plan in
// English, then publishes it. The demo participant logs in and finds the
// published shifts on "Mijn diensten" (also at 360 px wide), adds and
// deletes a day off on "Beschikbaarheid"; the supervisor of Opella confirms
// the hours of one shift and downloads them as CSV. Ahead of today, the
// runner's claim of an open shift is refused for a missing contract until the
// coordinator records one; the runner then cancels one shift and the
// coordinator takes the runner off another. A second test checks who may not
// (a trainer, another organisation's recruiter, the participant) and bad input
// at its field; a third runs axe-core on the deployment pages.
// Screenshots: tests/e2e/screenshots/deploy-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { launchBrowser, makeDemoDb, repoRoot, startServer, screenshot, screenshotDir } from './lib.mjs';
import { sqlite } from '../http/intake_pipeline_fixture.mjs';

const PASSWORD = 'welkom-in-de-zorg';
const FROM = '2026-06-29'; // Monday of week 27
const TO = '2026-08-23';   // Sunday of week 34
const REST = 'Minder dan 11 uur rust tussen twee diensten.';
let db, srv, browser;

before(async () => {
  db = await makeDemoDb();
  sqlite(db, `UPDATE users SET lang = 'nl' WHERE email IN ('coordinator@wzw.demo', 'participant@instroom.demo',
    'supervisor@opella.demo')`, { readonly: false });
  srv = await startServer({ db });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  assert.equal(r?.code, 0, srv?.output());
});

const newContext = (width = 1280) => browser.newContext({ locale: 'nl-NL', viewport: { width, height: 900 } });

async function login(ctx, email) {
  const page = await ctx.newPage();
  await page.goto(`${srv.url}/login`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(`${srv.url}/`);
  return page;
}

/** No message key (MSG_…) nor an unfilled placeholder ({1}) on the page. */
async function translated(page) {
  const text = await page.locator('body').innerText();
  assert.doesNotMatch(text, /MSG_[A-Z_]+|\{\d\}/, `untranslated text on ${page.url()}`);
  return text;
}

const rows = (sql) => (sqlite(db, sql) || '').split('\n').filter(Boolean).map((l) => l.split('|'));
const DAY = 86400;
/** The Amsterdam day (days since 1970) of a summer instant (CEST, UTC+2). */
const summerDay = (t) => Math.floor((Number(t) + 7200) / DAY);
const isoDay = (d) => new Date(d * DAY * 1000).toISOString().slice(0, 10);
const dayOf = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 1000 / DAY;

/**
 * A runner of the plan who is free on a Tuesday D and the Wednesday after,
 * available from 16:00 to 21:00 on Tuesdays and from 07:30 to 11:30 on
 * Wednesdays, without a day off then, with room for both shifts in that
 * week, and a location where the plan already has them (so within their
 * travel limit): {person, name, location, org, tuesday}.
 */
function pickRunner(plan) {
  const assigned = rows(`SELECT a.person_id, s.starts_at, s.ends_at, s.location_id, s.org_id FROM deploy_assignments a
    JOIN deploy_shifts s ON s.id = a.shift_id WHERE a.plan_id = ${plan} AND a.status = 'proposed'`);
  const windows = rows('SELECT person_id, weekday, from_min, to_min FROM deploy_availability');
  const off = rows('SELECT person_id, from_date, to_date FROM deploy_exceptions');
  const limit = new Map(rows('SELECT person_id, coalesce(max_week_hours, 0) FROM deploy_profiles').map(([p, h]) => [p, +h]));
  const fits = (p, wd, from, to) => windows.some(([q, w, f, t]) => q === p && +w === wd && +f <= from && +t >= to);
  const people = [...new Set(assigned.map((a) => a[0]))].sort((a, b) => a - b);
  for (let week = 0; week < 8; week++) {
    const monday = dayOf(FROM) + 7 * week, tue = monday + 1, wed = monday + 2;
    for (const p of people) {
      const mine = assigned.filter((a) => a[0] === p);
      if (!fits(p, 1, 16 * 60, 21 * 60) || !fits(p, 2, 7 * 60 + 30, 11 * 60 + 30)) continue;
      if (mine.some((a) => [tue, wed].includes(summerDay(a[1])))) continue;
      if (off.some(([q, f, t]) => q === p && dayOf(f) <= wed && dayOf(t) >= tue)) continue;
      const minutes = mine.filter((a) => summerDay(a[1]) >= monday && summerDay(a[1]) < monday + 7)
        .reduce((m, a) => m + (a[2] - a[1]) / 60, 0);
      if (limit.get(p) && minutes + 300 + 240 > limit.get(p) * 60) continue;
      const [, , , location, org] = mine[0];
      const name = sqlite(db, `SELECT given_name || ' ' || family_name FROM people WHERE id = ${p}`);
      return { person: p, name, location, org, tuesday: isoDay(tue) };
    }
  }
  return null;
}

/** Posts one shift through the form; resolves its id. */
async function postShift(page, org, location, date, start, end, shot) {
  await page.goto(`${srv.url}/deploy/shifts/new?org=${org}`);
  await page.getByRole('heading', { level: 1, name: 'Diensten plaatsen' }).waitFor();
  await page.getByLabel('Datum (één dienst)').fill(date);
  await page.getByLabel('Begintijd').fill(start);
  await page.getByLabel('Eindtijd').fill(end);
  await page.locator(`input[name="location_ids"][value="${location}"]`).check();
  await page.getByLabel('Aantal mensen').fill('2');
  if (shot) await screenshot(page, shot);
  await page.getByRole('main').getByRole('button', { name: 'Diensten plaatsen' }).click();
  await page.waitForURL(/\/deploy\/shifts\/\d+\?posted=1$/);
  await page.getByText('De dienst is geplaatst.').waitFor();
  return Number(/\/deploy\/shifts\/(\d+)/.exec(page.url())[1]);
}

test('the coordinator plans the demo summer, a hand change against the rest rule is refused, and a runner sees the shifts', async () => {
  const coordCtx = await newContext();
  const meCtx = await newContext();
  const narrowCtx = await browser.newContext({ locale: 'nl-NL', viewport: { width: 360, height: 740 } });
  const supCtx = await newContext();
  try {
    const places = Number(sqlite(db, `SELECT sum(headcount) FROM deploy_shifts WHERE cancelled_at IS NULL`));
    assert.ok(places >= 400, `the demo summer has its shifts (${places} places)`);
    assert.ok(Number(sqlite(db, 'SELECT count(*) FROM deploy_profiles')) >= 40, 'at least 40 runners');

    // ---- Inzet: the overview, and the regional proposal for the eight summer weeks.
    const co = await login(coordCtx, 'coordinator@wzw.demo');
    await co.getByRole('navigation').getByRole('link', { name: 'Inzet', exact: true }).click();
    await co.waitForURL(`${srv.url}/deploy`);
    await co.getByRole('heading', { level: 1, name: 'Inzet' }).waitFor();
    const overview = await translated(co);
    assert.match(overview, /Hele regio/);
    assert.match(overview, /Runners/);
    await screenshot(co, 'deploy-1-overview');
    await co.getByLabel('Van', { exact: true }).fill(FROM);
    await co.getByLabel('Tot en met', { exact: true }).fill(TO);
    await co.getByLabel('Planning voor').selectOption({ label: 'Hele regio' });
    await co.getByRole('button', { name: 'Voorstel maken' }).click();
    await co.waitForURL(/\/deploy\/plans\/\d+$/, { timeout: 60_000 });
    const plan = Number(/\/deploy\/plans\/(\d+)$/.exec(co.url())[1]);
    await co.getByRole('heading', { level: 1, name: 'Voorstel Hele regio, 29-06-2026 – 23-08-2026' }).waitFor();

    // ---- Its coverage: the figures the database holds, and a bar per week.
    const [needed, filled] = rows(`SELECT needed, filled FROM deploy_plans WHERE id = ${plan}`)[0].map(Number);
    assert.equal(needed, places, 'the plan needs every place of the summer');
    assert.ok(filled > needed / 2, `the engine fills most places (${filled} of ${needed})`);
    const text = await translated(co);
    assert.match(text, new RegExp(`${filled} van ${needed} plaatsen gevuld`));
    assert.equal(await co.locator('#chart-coverage svg g').count(), 8, 'a bar per week');
    assert.match(await co.locator('#chart-coverage').innerText(), /Week 27\s+\d+ \/ \d+\s+\d+ %/);
    if (filled < needed) {
      // Every reason counted is a rule in words, e.g. the missing VOG.
      const reasons = await co.locator('[data-rule]').allInnerTexts();
      assert.ok(reasons.length >= 1, 'the open places have reasons');
      assert.ok(reasons.every((r) => !/^\s*[a-z_]+\s/.test(r)), 'reasons are words, not codes');
    }
    const people = Number(sqlite(db, `SELECT count(DISTINCT person_id) FROM deploy_assignments WHERE plan_id = ${plan}`));
    assert.equal(await co.locator('#people-caption').locator('xpath=..').locator('tbody tr').count(), people,
      'the hours of each person in the plan');
    await screenshot(co, 'deploy-2-plan');

    // ---- Two shifts posted through the form: Tuesday 16:00-21:00 and Wednesday 07:30-11:30.
    const who = pickRunner(plan);
    assert.ok(who, 'the demo has a runner free on a Tuesday and the Wednesday after');
    const wednesday = isoDay(dayOf(who.tuesday) + 1);
    const evening = await postShift(co, who.org, who.location, who.tuesday, '16:00', '21:00', 'deploy-3-shift-form');
    await screenshot(co, 'deploy-3b-shift');
    const morning = await postShift(co, who.org, who.location, wednesday, '07:30', '11:30');

    // ---- By hand: the runner on the evening shift (allowed) ...
    const monday = isoDay(dayOf(who.tuesday) - 1);
    await co.goto(`${srv.url}/deploy/plans/${plan}?week=${monday}`);
    const form = co.locator('#assign');
    await form.getByLabel('Dienst').selectOption(String(evening));
    await form.getByLabel('Persoon').selectOption(String(who.person));
    await form.getByRole('button', { name: 'Op de dienst zetten' }).click();
    await co.waitForURL(new RegExp(`/deploy/plans/${plan}\\?week=${monday}&assigned=1`));
    await co.getByText('Op de dienst gezet.').waitFor();
    assert.equal(sqlite(db, `SELECT source FROM deploy_assignments WHERE plan_id = ${plan} AND shift_id = ${evening}
      AND person_id = ${who.person}`), 'hand');
    assert.equal(await co.locator(`tr[data-shift="${evening}"][data-person="${who.person}"]`).count(), 1,
      'the change shows in the roster of the day');

    // ---- ... and on the next morning's shift: refused, with the rest rule in the summary and at the field.
    await form.getByLabel('Dienst').selectOption(String(morning));
    await form.getByLabel('Persoon').selectOption(String(who.person));
    const [answer] = await Promise.all([
      co.waitForResponse((r) => r.url().endsWith(`/deploy/plans/${plan}/assign`)),
      form.getByRole('button', { name: 'Op de dienst zetten' }).click(),
    ]);
    assert.equal(answer.status(), 422);
    const summary = co.locator('#error-summary');
    await summary.waitFor();
    assert.match(await summary.innerText(), /Deze wijziging kan niet, want ze breekt een regel:/);
    assert.match(await summary.innerText(), new RegExp(REST.replace('.', '\\.')));
    assert.match(await summary.innerText(), /De andere dienst: di \d\d-\d\d-2026 16:00\./);
    const field = co.locator('#f-assign-person_id-error');
    assert.match(await field.innerText(), new RegExp(REST.replace('.', '\\.')));
    assert.equal(await co.locator('#f-assign-person_id').getAttribute('aria-invalid'), 'true');
    assert.equal(await co.locator('#f-assign-person_id').inputValue(), String(who.person), 'the choice is kept');
    assert.equal(sqlite(db, `SELECT count(*) FROM deploy_assignments WHERE shift_id = ${morning} AND person_id = ${who.person}`),
      '0', 'nothing was changed');
    await translated(co);
    await screenshot(co, 'deploy-4-refused');
    await form.screenshot({ path: join(screenshotDir, 'deploy-4b-refused-field.png') });

    // ---- The plan in English.
    await co.goto(`${srv.url}/deploy/plans/${plan}`);
    await co.getByRole('button', { name: /EN/ }).click();
    await co.getByRole('heading', { level: 1, name: 'Proposal The whole region, 29-06-2026 – 23-08-2026' }).waitFor();
    assert.equal(await co.getAttribute('html', 'lang'), 'en');
    const en = await translated(co);
    assert.match(en, new RegExp(`${filled + 1} of ${needed + 4} places filled`), 'the hand change counts; the new shifts too');
    for (const s of ['Coverage by week', 'Open places and why', 'Hours per person', 'Roster by day', 'Publish', 'Discard'])
      assert.match(en, new RegExp(s));
    assert.doesNotMatch(en, /Dekking per week|Uren per persoon/);
    await screenshot(co, 'deploy-5-plan-en');
    await co.getByRole('button', { name: /NL/ }).click();
    await co.getByRole('heading', { level: 1, name: /^Voorstel/ }).waitFor();

    // ---- Publish.
    await co.getByRole('button', { name: 'Publiceren' }).click();
    await co.waitForURL(new RegExp(`/deploy/plans/${plan}\\?published=1&added=\\d+&dropped=0$`));
    const added = Number(new URL(co.url()).searchParams.get('added'));
    assert.equal(added, filled + 1, 'every place the plan filled is published');
    await co.getByText(`Gepubliceerd: ${added} diensten erbij, 0 vervallen.`).waitFor();
    assert.equal(sqlite(db, `SELECT status FROM deploy_plans WHERE id = ${plan}`), 'published');
    assert.equal(Number(sqlite(db, `SELECT count(*) FROM deploy_assignments a JOIN deploy_shifts s ON s.id = a.shift_id
      WHERE a.status = 'published' AND s.starts_at >= strftime('%s', '${FROM}') - 7200`)), added);
    assert.equal(await co.getByRole('button', { name: 'Publiceren' }).count(), 0, 'a published plan has no publish button');
    await screenshot(co, 'deploy-6-published');
    await co.goto(`${srv.url}/deploy?from=${FROM}`);
    const week27 = await co.locator('tr', { hasText: 'Week 27 (29-06 – 05-07)' }).first().innerText();
    assert.match(week27, /\d+\s+\d+ \/ \d+\s+\d+ %/, 'the overview sums up the week');
    await screenshot(co, 'deploy-6b-overview-weeks');

    // ---- The runner: Mijn diensten shows the published shifts.
    const mine = rows(`SELECT a.id, o.name FROM deploy_assignments a JOIN deploy_shifts s ON s.id = a.shift_id
      JOIN orgs o ON o.id = s.org_id JOIN users u ON u.person_id = a.person_id
      WHERE u.email = 'participant@instroom.demo' AND a.status = 'published' ORDER BY s.starts_at`);
    assert.ok(mine.length >= 1, 'the demo participant is rostered in the summer');
    const me = await login(meCtx, 'participant@instroom.demo');
    await me.getByRole('navigation').getByRole('link', { name: 'Mijn diensten' }).click();
    await me.waitForURL(`${srv.url}/me/shifts`);
    await me.getByRole('heading', { level: 1, name: 'Mijn diensten' }).waitFor();
    const shown = await me.locator('[data-assignment]').evaluateAll((els) => els.map((e) => e.dataset.assignment));
    assert.deepEqual([...shown].sort(), mine.map((r) => r[0]).sort(), 'exactly the published shifts of the runner');
    const page = await translated(me);
    for (const org of new Set(mine.map((r) => r[1]))) assert.match(page, new RegExp(org));
    assert.match(page, /In uw agenda/);
    await screenshot(me, 'deploy-7-me-shifts');

    // ---- The calendar link: shown once, then revoked.
    await me.getByRole('button', { name: 'Agendalink maken' }).click();
    const link = await me.getByLabel('Agendalink').inputValue();
    assert.match(link, /^https?:\/\/[^/]+\/ical\/[A-Za-z0-9_-]{20,}\.ics$/);
    const person = sqlite(db, "SELECT person_id FROM users WHERE email = 'participant@instroom.demo'");
    const runnerName = sqlite(db, `SELECT given_name || ' ' || family_name FROM people WHERE id = ${person}`);
    assert.equal(sqlite(db, `SELECT count(*) FROM deploy_feed_tokens WHERE person_id = ${person} AND revoked_at IS NULL`), '1');
    await screenshot(me, 'deploy-7b-feed');
    const feedPath = new URL(link).pathname; // the public URL is the server's configured one
    const feed = await me.request.get(`${srv.url}${feedPath}`);
    assert.equal(feed.status(), 200);
    assert.match(feed.headers()['content-type'], /^text\/calendar/);
    assert.equal(((await feed.text()).match(/BEGIN:VEVENT/g) || []).length, mine.length, 'the feed holds the published shifts');
    await me.goto(`${srv.url}/me/shifts`);
    assert.equal(await me.getByLabel('Agendalink').count(), 0, 'the link is shown only once');
    await me.getByText(/U heeft een agendalink sinds/).waitFor();
    await me.getByRole('button', { name: 'Agendalink intrekken' }).click();
    await me.waitForURL(`${srv.url}/me/shifts?feed=revoked`);
    assert.equal((await me.request.get(`${srv.url}${feedPath}`)).status(), 404, 'a revoked link shows nothing');
    assert.equal(sqlite(db, `SELECT count(*) FROM deploy_feed_tokens WHERE person_id = ${person} AND revoked_at IS NULL`), '0');

    // ---- Beschikbaarheid: a day off added and deleted again.
    await me.getByRole('navigation').getByRole('link', { name: 'Beschikbaarheid' }).click();
    await me.getByRole('heading', { level: 1, name: 'Beschikbaarheid' }).waitFor();
    const adding = me.locator('form[action="/me/availability/exceptions"]');
    await adding.getByLabel('Van', { exact: true }).fill('2026-12-24');
    await adding.getByLabel('Tot en met', { exact: true }).fill('2026-12-26');
    await adding.getByLabel('Reden').fill('Kerst');
    await adding.getByRole('button', { name: 'Toevoegen' }).click();
    await me.waitForURL(`${srv.url}/me/availability?saved=1`);
    await me.getByText('24-12-2026 – 26-12-2026: Kerst').waitFor();
    await translated(me);
    await screenshot(me, 'deploy-9-availability');
    await me.getByRole('button', { name: 'Verwijderen: 24-12-2026 – 26-12-2026' }).click();
    await me.waitForURL(`${srv.url}/me/availability?saved=1`);
    assert.equal(await me.getByText('24-12-2026 – 26-12-2026: Kerst').count(), 0);

    // ---- Open shifts ahead: Opella posts two (Tuesday and Wednesday) and publishes the (empty) plan of
    // those days; nobody has a contract for them, so the runner's claim is refused with that rule, until
    // the coordinator records a new contract on the runner's page; then both claims go through, the runner
    // cancels the first, and the coordinator takes the runner off the second.
    const ams = (d) => d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
    const today = ams(new Date());
    const ahead = dayOf(today) + 14 - ((dayOf(today) + 3) % 7) + 1; // the Tuesday two weeks on (1970-01-01 was a Thursday)
    const [sijsjesberg] = rows("SELECT l.id FROM deploy_locations l WHERE l.name = 'De Sijsjesberg'")[0];
    const opella = sqlite(db, "SELECT id FROM orgs WHERE name = 'Opella'");
    const open = await postShift(co, opella, sijsjesberg, isoDay(ahead), '08:00', '11:00');
    const open2 = await postShift(co, opella, sijsjesberg, isoDay(ahead + 1), '08:00', '11:00');
    await co.goto(`${srv.url}/deploy?org=${opella}`);
    await co.getByLabel('Van', { exact: true }).fill(isoDay(ahead));
    await co.getByLabel('Tot en met', { exact: true }).fill(isoDay(ahead + 1));
    await co.getByLabel('Planning voor').selectOption({ label: 'Opella' });
    await co.getByRole('button', { name: 'Voorstel maken' }).click();
    await co.waitForURL(/\/deploy\/plans\/\d+$/, { timeout: 60_000 });
    await co.getByText('0 van 4 plaatsen gevuld').waitFor();
    await co.getByRole('button', { name: 'Publiceren' }).click();
    await co.waitForURL(/published=1&added=0&dropped=0$/);

    await me.goto(`${srv.url}/me/shifts`);
    const claimRow = me.locator(`tr[data-shift="${open}"]`);
    await claimRow.getByRole('button', { name: /^Oppakken: / }).click();
    await me.locator('#error-summary').waitFor();
    assert.match(await me.locator('#error-summary').innerText(), /Deze dienst kunt u niet oppakken:\s+Geen getekend contract voor deze dag\./);
    assert.match(await me.locator(`#claim-${open}-error`).innerText(), /Geen getekend contract voor deze dag\./);
    assert.equal(sqlite(db, `SELECT count(*) FROM deploy_assignments WHERE shift_id = ${open}`), '0');
    await translated(me);
    await screenshot(me, 'deploy-11-claim-refused');

    await co.goto(`${srv.url}/deploy/people/${person}`);
    await co.getByRole('heading', { level: 2, name: 'Documenten' }).waitFor();
    assert.match(await co.locator('tr[data-kind="contract"]').innerText(), /Verlopen|Ontbreekt/);
    await co.getByLabel('Document', { exact: true }).selectOption('contract');
    await co.getByLabel('Datum', { exact: true }).fill(today);
    await co.getByLabel('Geldig tot en met').fill(isoDay(ahead + 180));
    await co.getByLabel('Notitie').fill('Contract voor de winter');
    await co.getByRole('button', { name: 'Document vastleggen' }).click();
    await co.waitForURL(`${srv.url}/deploy/people/${person}?saved=1`);
    assert.match(await co.locator('tr[data-kind="contract"]').innerText(), /Aanwezig/);
    await translated(co);
    await screenshot(co, 'deploy-12-runner');

    await me.goto(`${srv.url}/me/shifts`);
    await me.locator(`tr[data-shift="${open}"]`).getByRole('button', { name: /^Oppakken: / }).click();
    await me.waitForURL(`${srv.url}/me/shifts?claimed=1`);
    const claimed = sqlite(db, `SELECT id FROM deploy_assignments WHERE shift_id = ${open} AND status = 'published'`);
    assert.ok(claimed, 'the claim is in the roster');
    const card = me.locator(`#shift-${claimed}`);
    assert.match(await card.innerText(), /Opella · De Sijsjesberg/);
    await me.locator(`tr[data-shift="${open2}"]`).getByRole('button', { name: /^Oppakken: / }).click();
    await me.waitForURL(`${srv.url}/me/shifts?claimed=1`);
    const claimed2 = sqlite(db, `SELECT id FROM deploy_assignments WHERE shift_id = ${open2} AND status = 'published'`);
    assert.ok(claimed2, 'the second claim is in the roster');

    // ---- Mijn diensten at 360 px: no sideways scrolling of the page.
    const narrow = await login(narrowCtx, 'participant@instroom.demo');
    await narrow.goto(`${srv.url}/me/shifts`);
    await narrow.getByRole('heading', { level: 1, name: 'Mijn diensten' }).waitFor();
    const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `page is ${overflow}px wider than the screen`);
    await screenshot(narrow, 'deploy-8-me-shifts-360');

    await card.getByLabel('Reden van afmelden').fill('Ziek');
    await card.getByRole('button', { name: 'Afmelden voor deze dienst' }).click();
    await me.waitForURL(`${srv.url}/me/shifts?cancelled=1`);
    assert.equal(sqlite(db, `SELECT status || '|' || cancel_reason FROM deploy_assignments WHERE id = ${claimed}`), 'cancelled|Ziek');
    assert.equal(await me.locator(`#shift-${claimed}`).count(), 0, 'no longer among the upcoming shifts');

    // ---- The organisation takes the runner off the Wednesday shift, with a reason.
    await co.goto(`${srv.url}/deploy/shifts/${open2}`);
    await co.getByLabel(`Reden om ${runnerName} af te melden`).fill('Locatie dicht wegens verbouwing');
    await co.getByRole('button', { name: `Afmelden: ${runnerName}` }).click();
    await co.waitForURL(new RegExp(`/deploy/(plans/\\d+\\?repair=1|shifts/${open2}\\?person_cancelled=1)$`));
    assert.equal(sqlite(db, `SELECT status || '|' || cancel_reason FROM deploy_assignments WHERE id = ${claimed2}`),
      'cancelled|Locatie dicht wegens verbouwing');
    await co.getByText(/^Afgemeld; de persoon heeft bericht gekregen\./).waitFor();
    await translated(co);
    await screenshot(co, 'deploy-12b-taken-off');
    await me.goto(`${srv.url}/me/shifts`);
    assert.equal(await me.locator(`#shift-${claimed2}`).count(), 0, 'the runner no longer has it');

    // ---- The supervisor of Opella confirms the hours of a shift and downloads them.
    const sup = await login(supCtx, 'supervisor@opella.demo');
    await sup.goto(`${srv.url}/deploy/hours?org=${opella}&from=${FROM}&to=2026-07-05`);
    await sup.getByRole('heading', { level: 1, name: 'Uren' }).waitFor();
    const first = sup.locator('form.instroom-hours-form').first();
    const assignment = Number(/^hours-(\d+)$/.exec(await first.getAttribute('id'))[1]);
    await sup.locator(`#f-hours-${assignment}-worked`).fill('3:45');
    await first.getByRole('button', { name: /^Bevestigen: / }).click();
    await sup.waitForURL(/\/deploy\/hours\?.*saved=1/);
    await sup.getByText('De uren zijn opgeslagen.').waitFor();
    assert.deepEqual(rows(`SELECT status, minutes FROM deploy_hours WHERE assignment_id = ${assignment}`)[0], ['worked', '225']);
    await translated(sup);
    await screenshot(sup, 'deploy-10-hours');
    const csvHref = await sup.getByRole('link', { name: 'Uren downloaden (CSV)' }).getAttribute('href');
    const csv = await sup.request.get(new URL(csvHref, srv.url).href);
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()['content-type'], /^text\/csv/);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    const week = Number(sqlite(db, `SELECT count(*) FROM deploy_assignments a JOIN deploy_shifts s ON s.id = a.shift_id
      WHERE a.status = 'published' AND s.org_id = ${opella}
        AND s.starts_at >= strftime('%s', '${FROM}') - 7200 AND s.starts_at < strftime('%s', '2026-07-06') - 7200`));
    assert.equal(lines.length, week + 1, 'a header and a line per published shift of Opella that week');
    assert.ok(lines.some((l) => /,worked,/.test(l) && /3\.75/.test(l)), 'the confirmed hours are in the export');
  } finally {
    await coordCtx.close();
    await meCtx.close();
    await narrowCtx.close();
    await supCtx.close();
  }
});

test('the deployment pages refuse who may not, and show bad input at its field without changing anything', async () => {
  const contexts = [];
  const as = async (email) => {
    const ctx = await newContext();
    contexts.push(ctx);
    return login(ctx, email);
  };
  const count = (table) => sqlite(db, `SELECT count(*) FROM ${table}`);
  /** Submits by clicking, and resolves the status of the answer to the form's POST. */
  const submit = async (page, button) => {
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      button.click(),
    ]);
    await page.waitForLoadState();
    return answer.status();
  };
  try {
    const opella = sqlite(db, "SELECT id FROM orgs WHERE name = 'Opella'");
    const zinzia = sqlite(db, "SELECT id FROM orgs WHERE name = 'Zinzia'");
    const region = sqlite(db, 'SELECT id FROM deploy_plans WHERE org_id IS NULL ORDER BY id LIMIT 1');
    const opellaShift = sqlite(db, `SELECT id FROM deploy_shifts WHERE org_id = ${opella} ORDER BY id LIMIT 1`);
    const me = sqlite(db, "SELECT person_id FROM users WHERE email = 'participant@instroom.demo'");
    const other = rows(`SELECT a.id, a.person_id FROM deploy_assignments a JOIN deploy_shifts s ON s.id = a.shift_id
      WHERE a.status = 'published' AND a.person_id <> ${me} ORDER BY s.starts_at DESC LIMIT 1`)[0];
    assert.ok(region && other, 'the first test made and published the regional plan');

    // ---- A trainer plans nowhere: no Inzet in the menu, and the pages say no.
    const trainer = await as('trainer@rivor.demo');
    assert.equal(await trainer.getByRole('navigation').getByRole('link', { name: 'Inzet' }).count(), 0);
    for (const path of ['/deploy', '/deploy/hours', `/deploy/plans/${region}`])
      assert.equal((await trainer.request.get(`${srv.url}${path}`)).status(), 403, `trainer: ${path}`);

    // ---- Zinzia's recruiter: Zinzia's deployment, read-only hours; not Opella's, nor the region's plan.
    const zi = await as('recruiter@zinzia.demo');
    await zi.goto(`${srv.url}/deploy`);
    assert.match(await zi.locator('.instroom-page-intro').innerText(), /Zinzia/);
    for (const path of [`/deploy?org=${opella}`, `/deploy/locations?org=${opella}`, `/deploy/shifts/new?org=${opella}`,
      `/deploy/shifts/${opellaShift}`, `/deploy/plans/${region}`, `/deploy/hours?org=${opella}`,
      `/deploy/hours.csv?org=${opella}&from=${FROM}&to=${TO}`, '/deploy?org=abc'])
      assert.equal((await zi.request.get(`${srv.url}${path}`)).status(), 403, `Zinzia's recruiter: ${path}`);
    await zi.goto(`${srv.url}/deploy/hours?org=${zinzia}&from=${FROM}&to=2026-07-05`);
    assert.ok(await zi.locator('#hours-caption').count() === 1, 'Zinzia has published shifts that week');
    assert.equal(await zi.locator('form.instroom-hours-form').count(), 0, 'a recruiter reads hours; supervisors confirm');

    // ---- The participant: no staff pages, no one else's record, no one else's shift to cancel.
    const p = await as('participant@instroom.demo');
    for (const path of ['/deploy', `/deploy/people/${other[1]}`])
      assert.equal((await p.request.get(`${srv.url}${path}`)).status(), 403, `participant: ${path}`);
    await p.goto(`${srv.url}/me/shifts`);
    const csrf = await p.locator('input[name="csrf"]').first().inputValue();
    const cancel = await p.request.post(`${srv.url}/me/shifts/${other[0]}/cancel`, { form: { csrf, reason: 'x' } });
    assert.equal(cancel.status(), 404, "another person's shift is not there to cancel");
    assert.equal(sqlite(db, `SELECT status FROM deploy_assignments WHERE id = ${other[0]}`), 'published');
    const claim = await p.request.post(`${srv.url}/me/shifts/claim`, { form: { csrf, shift_id: '999999' } });
    assert.equal(claim.status(), 404, 'an unknown shift');

    // ---- The participant's forms: a line of the week that ends when it starts, too many hours a week.
    await p.goto(`${srv.url}/me/availability`);
    const windows = count('deploy_availability');
    await p.getByLabel('Dag', { exact: true }).selectOption({ label: 'maandag' });
    await p.getByLabel('Vanaf', { exact: true }).fill('10:00');
    await p.getByLabel('Tot', { exact: true }).fill('10:00');
    assert.equal(await submit(p, p.locator('form[action="/me/availability/windows"]').getByRole('button')), 422);
    assert.ok((await p.locator('#f-window-to-error').innerText()).length > 0, 'the error is at the end time');
    assert.equal(count('deploy_availability'), windows);
    await p.getByLabel('Maximaal uren per week').fill('99');
    assert.equal(await submit(p, p.locator('form[action="/me/availability/profile"]').getByRole('button', { name: 'Opslaan' })), 422);
    assert.ok((await p.locator('#f-profile-max_week_hours-error').innerText()).length > 0);
    assert.equal(sqlite(db, `SELECT max_week_hours FROM deploy_profiles WHERE person_id = ${me}`), '12');
    await translated(p);

    // ---- The coordinator's forms: each mistake at its field, status 422, nothing stored.
    const co = await as('coordinator@wzw.demo');
    const shifts = count('deploy_shifts');
    await co.goto(`${srv.url}/deploy/shifts/new?org=${opella}`);
    await co.getByLabel('Begintijd').fill('07:00');
    await co.getByLabel('Eindtijd').fill('07:00');
    assert.equal(await submit(co, co.getByRole('main').getByRole('button', { name: 'Diensten plaatsen' })), 422);
    await co.locator('#error-summary').waitFor();
    assert.ok((await co.locator('#f-shift-date-error').innerText()).length > 0, 'neither a date nor a pattern');
    assert.match(await co.locator('#f-shift-location_ids').innerText(), /Locaties\s+\S/, 'no location: said at the locations');
    assert.equal(await co.getByLabel('Begintijd').inputValue(), '07:00', 'what was typed is kept');
    assert.equal(count('deploy_shifts'), shifts);
    await translated(co);
    await screenshot(co, 'deploy-13-shift-errors');

    const plans = count('deploy_plans');
    await co.goto(`${srv.url}/deploy`);
    await co.getByLabel('Van', { exact: true }).fill(TO);
    await co.getByLabel('Tot en met', { exact: true }).fill(FROM);
    assert.equal(await submit(co, co.getByRole('button', { name: 'Voorstel maken' })), 422);
    assert.ok((await co.locator('#f-plan-to-error').innerText()).length > 0, 'the period is said at its end');
    assert.equal(count('deploy_plans'), plans);

    await co.goto(`${srv.url}/deploy/hours?org=${opella}&from=${FROM}&to=2026-07-05`);
    const row = co.locator('form.instroom-hours-form').nth(1);
    const id = Number(/^hours-(\d+)$/.exec(await row.getAttribute('id'))[1]);
    await co.locator(`#f-hours-${id}-worked`).fill('25:00');
    assert.equal(await submit(co, row.getByRole('button')), 422);
    assert.ok((await co.locator(`#f-hours-${id}-worked-error`).innerText()).length > 0, 'the error is in the row');
    assert.equal(await co.locator(`#f-hours-${id}-worked`).getAttribute('aria-invalid'), 'true');
    assert.equal(sqlite(db, `SELECT count(*) FROM deploy_hours WHERE assignment_id = ${id}`), '0');
    assert.equal((await co.request.get(`${srv.url}/deploy/hours.xlsx?from=2026-13-01&to=${TO}`)).status(), 400);
    const xlsx = await co.request.get(`${srv.url}/deploy/hours.xlsx?org=${opella}&from=${FROM}&to=2026-07-05`);
    assert.equal(xlsx.status(), 200);
    assert.equal((await xlsx.body()).subarray(0, 2).toString(), 'PK', 'an XLSX is a zip');

    const documents = count('deploy_documents');
    await co.goto(`${srv.url}/deploy/people/${me}`);
    await co.getByLabel('Document', { exact: true }).selectOption('vog');
    await co.getByLabel('Datum', { exact: true }).fill('2099-01-01');
    assert.equal(await submit(co, co.getByRole('button', { name: 'Document vastleggen' })), 422);
    assert.ok((await co.locator('#f-doc-issued_on-error').innerText()).length > 0, 'a VOG from the future');
    assert.equal(count('deploy_documents'), documents);
    assert.equal((await co.request.get(`${srv.url}/deploy/plans/999999`)).status(), 404);
    assert.equal((await co.request.get(`${srv.url}/deploy/people/999999`)).status(), 404);
  } finally {
    for (const ctx of contexts) await ctx.close();
  }
});

test('no serious accessibility violations on the deployment pages, with errors shown too', async () => {
  const require = createRequire(join(repoRoot, 'web', 'package.json'));
  const axe = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const audit = async (page) => {
    await page.addScriptTag({ content: axe });
    const result = await page.evaluate(async () =>
      window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${page.url()}: ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  };
  const plan = sqlite(db, 'SELECT id FROM deploy_plans WHERE org_id IS NULL ORDER BY id LIMIT 1');
  const opella = sqlite(db, "SELECT id FROM orgs WHERE name = 'Opella'");
  const shift = sqlite(db, `SELECT id FROM deploy_shifts WHERE org_id = ${opella} ORDER BY id LIMIT 1`);
  const person = sqlite(db, "SELECT person_id FROM users WHERE email = 'participant@instroom.demo'");
  const pages = {
    'coordinator@wzw.demo': ['/deploy', `/deploy?from=${FROM}`, `/deploy/plans/${plan}`, `/deploy/shifts/new?org=${opella}`,
      `/deploy/shifts/${shift}`, `/deploy/locations?org=${opella}`, `/deploy/people/${person}`,
      `/deploy/hours?org=${opella}&from=${FROM}&to=2026-07-05`],
    'participant@instroom.demo': ['/me/shifts', '/me/availability'],
  };
  const found = [];
  for (const [email, paths] of Object.entries(pages)) {
    const ctx = await browser.newContext({ locale: 'nl-NL', bypassCSP: true, viewport: { width: 1280, height: 900 } });
    try {
      const page = await login(ctx, email);
      for (const path of paths) {
        const res = await page.goto(srv.url + path);
        assert.equal(res.status(), 200, `${path} answered ${res.status()}`);
        found.push(...await audit(page));
      }
      if (email.startsWith('coordinator')) { // a form with its errors
        await page.goto(`${srv.url}/deploy/shifts/new?org=${opella}`);
        await page.getByRole('main').getByRole('button', { name: 'Diensten plaatsen' }).click();
        await page.locator('#error-summary').waitFor();
        found.push(...await audit(page));
      }
    } finally {
      await ctx.close();
    }
  }
  assert.deepEqual(found, []);
});
