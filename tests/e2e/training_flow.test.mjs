// Issue 4's story in Chromium, in Dutch: the trainer of ROC Rivor opens a
// session of Zorgrunner basisvaardigheden from the course, records a
// participant as present, follows their name to the enrolment and records
// every module not yet passed as passed (one form per module), which
// completes the course. The participant then sees the course's skills as
// verified by the trainer under "Mijn vaardigheden" and the badge under
// "Mijn badges"; its verification link, opened without a login, says the
// badge is valid. Should the participant hold the course's badge already
// (issued by hand), the coordinator first revokes that one, so completing
// the course must issue a new badge, and the old link must say "Ingetrokken".
// Screenshots: tests/e2e/screenshots/training-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, makeDemoDb, startServer, screenshot } from './lib.mjs';
import { sqlite } from '../http/intake_pipeline_fixture.mjs';

const PASSWORD = 'welkom-in-de-zorg';
const COURSE = 'Zorgrunner basisvaardigheden';
const TRAINER = 'Tom Visser';
let db, srv, browser;
let learner; // {email, name, enrolment, session, module}: an enrolled demo participant whose course is not complete

before(async () => {
  db = await makeDemoDb();
  // The participant: one with a login, enrolled in the course and not yet
  // through it, placed in a session of the trainer that has no attendance
  // of theirs yet (Daan Smit in the demo); the demo names its people in
  // Dutch, so their accounts are set to Dutch as the browser is.
  const row = sqlite(db, `
    SELECT u.email, p.given_name || ' ' || p.family_name, e.id, s.id, s.module_id
    FROM enrolments e JOIN courses c ON c.id = e.course_id JOIN people p ON p.id = e.person_id
    JOIN users u ON u.person_id = p.id JOIN session_places sp ON sp.enrolment_id = e.id
    JOIN training_sessions s ON s.id = sp.session_id JOIN users t ON t.id = s.trainer_id
    WHERE c.name = '${COURSE}' AND e.status <> 'completed' AND t.email = 'trainer@rivor.demo'
      AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id AND a.enrolment_id = e.id)
    ORDER BY u.email = 'participant@instroom.demo' DESC, e.id, s.starts_at LIMIT 1`);
  assert.ok(row, 'the demo has an enrolled participant with a login and a session without attendance');
  const [email, name, enrolment, session, module] = row.split('|');
  learner = { email, name, enrolment: Number(enrolment), session: Number(session), module: Number(module) };
  sqlite(db, `UPDATE users SET lang = 'nl' WHERE email IN ('trainer@rivor.demo', 'coordinator@wzw.demo', '${email}')`, { readonly: false });
  srv = await startServer({ db });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  assert.equal(r?.code, 0, srv?.output());
});

const newContext = () => browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 } });

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

/** How many of the course's skills the learner has verified from training. */
function verifiedFromTraining() {
  return Number(sqlite(db, `SELECT count(DISTINCT ps.skill_id) FROM person_skills ps
    JOIN enrolments e ON e.person_id = ps.person_id AND e.id = ${learner.enrolment}
    JOIN module_skills ms ON ms.skill_id = ps.skill_id JOIN course_modules m ON m.id = ms.module_id AND m.course_id = e.course_id
    WHERE ps.source = 'training' AND ps.verified_at IS NOT NULL`));
}

/** The course's skills (Dutch names) as the database has them. */
function courseSkills() {
  return sqlite(db, `SELECT DISTINCT k.label_nl FROM module_skills ms JOIN skills k ON k.id = ms.skill_id
    JOIN course_modules m ON m.id = ms.module_id JOIN courses c ON c.id = m.course_id WHERE c.name = '${COURSE}'
    ORDER BY k.label_nl`).split('\n');
}

test('a trainer records attendance and assessments; the participant gets verified skills and a valid badge', async () => {
  const trainerCtx = await newContext();
  const learnerCtx = await newContext();
  const publicCtx = await newContext();
  const skills = courseSkills();
  assert.ok(skills.length >= 5, 'the course awards skills');
  assert.ok(verifiedFromTraining() < skills.length, 'some of the course skills are not yet verified from training');
  // The badge of the course the learner already holds (the demo's, issued by hand).
  const early = sqlite(db, `SELECT k.id || '|' || k.token FROM credentials k JOIN achievements a ON a.id = k.achievement_id
    JOIN courses c ON c.id = a.course_id JOIN enrolments e ON e.person_id = k.person_id AND e.course_id = c.id
    WHERE e.id = ${learner.enrolment} AND k.revoked_at IS NULL`);
  const coordCtx = await newContext();
  try {
    if (early) {
      // ---- The coordinator revokes the badge given before the course was done.
      const [id] = early.split('|');
      const co = await login(coordCtx, 'coordinator@wzw.demo');
      await co.goto(`${srv.url}/badges/credentials/${id}`);
      await co.getByLabel('Reden').fill('Uitgereikt voordat de cursus was afgerond');
      await co.getByRole('button', { name: 'Badge intrekken' }).click();
      await co.getByText('De badge is ingetrokken.').waitFor();
      await translated(co);
      await screenshot(co, 'training-0-revoked');
    }
    assert.equal(sqlite(db, `SELECT count(*) FROM credentials WHERE enrolment_id = ${learner.enrolment}`), '0', 'no badge for this enrolment yet');

    // ---- The trainer: Training → the course → the session.
    const tr = await login(trainerCtx, 'trainer@rivor.demo');
    await tr.getByRole('navigation').getByRole('link', { name: 'Training', exact: true }).click();
    await tr.getByRole('heading', { level: 1, name: 'Training' }).waitFor();
    await translated(tr);
    await screenshot(tr, 'training-1-courses');
    await tr.getByRole('link', { name: COURSE, exact: true }).click();
    await tr.getByRole('heading', { level: 1, name: COURSE }).waitFor();
    await translated(tr);
    await screenshot(tr, 'training-2-course');
    await tr.locator(`a[href="/training/sessions/${learner.session}"]`).click();
    await tr.waitForURL(`${srv.url}/training/sessions/${learner.session}`);
    await tr.getByRole('heading', { level: 2, name: 'Aanwezigheid' }).waitFor();

    // ---- Attendance: the participant was there.
    const status = tr.getByLabel(learner.name, { exact: true });
    assert.equal(await status.inputValue(), '', 'no attendance recorded yet');
    await status.selectOption({ label: 'Aanwezig' });
    await tr.getByRole('button', { name: 'Aanwezigheid opslaan' }).click();
    await tr.waitForURL(`${srv.url}/training/sessions/${learner.session}?saved=1`);
    await tr.locator('.utrecht-alert').getByText('Opgeslagen').waitFor();
    assert.equal(await tr.getByLabel(learner.name, { exact: true }).inputValue(), 'present');
    assert.equal(sqlite(db, `SELECT status FROM attendance WHERE session_id = ${learner.session} AND enrolment_id = ${learner.enrolment}`), 'present');
    await translated(tr);
    await screenshot(tr, 'training-3-attendance');

    // ---- The enrolment: every module not yet passed is passed, form by form.
    await tr.getByRole('link', { name: learner.name, exact: true }).click();
    await tr.waitForURL(`${srv.url}/training/enrolments/${learner.enrolment}`);
    await tr.getByRole('heading', { level: 1, name: `${learner.name} — ${COURSE}` }).waitFor();
    await translated(tr);
    await screenshot(tr, 'training-4-enrolment');
    const modules = await tr.locator('section.instroom-panel').count();
    assert.ok(modules >= 2, 'the course has modules');
    let passedNow = 0;
    for (let i = 0; i < modules; i++) {
      const panel = tr.locator('section.instroom-panel').nth(i);
      const result = panel.getByLabel('Resultaat');
      if ((await result.inputValue()) === 'passed') continue;
      await result.selectOption({ label: 'Behaald' });
      await panel.getByLabel('Toelichting').fill(`Praktijkopdracht ${i + 1} met goed gevolg uitgevoerd.`);
      await panel.getByRole('button', { name: 'Beoordeling opslaan' }).click();
      await tr.waitForURL(new RegExp(`/training/enrolments/${learner.enrolment}\\?(saved|completed)=1$`));
      passedNow++;
    }
    assert.ok(passedNow >= 1, 'at least one module was still open');
    assert.match(tr.url(), /completed=1$/, 'the last module completes the course');
    const done = await translated(tr);
    assert.match(done, new RegExp(`Modules behaald\\s+${modules} / ${modules}`));
    assert.match(done, /Afgerond/);
    assert.equal(sqlite(db, `SELECT status FROM enrolments WHERE id = ${learner.enrolment}`), 'completed');
    assert.equal(verifiedFromTraining(), skills.length, 'every skill of the course is verified from training');
    assert.equal(sqlite(db, `SELECT count(*) FROM credentials WHERE enrolment_id = ${learner.enrolment} AND revoked_at IS NULL`), '1',
      'completing the course issued the badge');
    await screenshot(tr, 'training-5-completed');

    // ---- The participant: Mijn vaardigheden shows the course's skills, verified by the trainer.
    const me = await login(learnerCtx, learner.email);
    // The overview counts the training and the (valid) badge.
    assert.match(await me.locator('.instroom-tile', { hasText: 'Mijn badges' }).innerText(), /^Mijn badges\s+1\s+badges die iedereen kan controleren/);
    assert.match(await me.locator('.instroom-tile', { hasText: 'Mijn opleiding' }).innerText(), /\d+\s+cursussen waarvoor u bent ingeschreven/);
    await screenshot(me, 'training-6-overview');
    await me.getByRole('navigation').getByRole('link', { name: 'Mijn vaardigheden' }).click();
    await me.waitForURL(`${srv.url}/me/skills`);
    await me.getByRole('heading', { level: 1, name: 'Mijn vaardigheden' }).waitFor();
    await translated(me);
    // Rows as cells: skill, level, learnt at, evidence, verified, actions.
    const rows = (await me.locator('tbody tr').allInnerTexts()).map((r) => r.split('\t').map((c) => c.trim()));
    for (const name of skills) {
      const row = rows.filter((r) => r[0] === name && r[2] === 'training');
      assert.equal(row.length, 1, `${name} from the training`);
      assert.match(row[0][4], new RegExp(`^door ${TRAINER} op \\d{2}-\\d{2}-\\d{4}$`), `${name} verified by the trainer`);
    }
    await screenshot(me, 'training-7-my-skills');

    // ---- Mijn badges: the course's badge, and its verification link.
    await me.getByRole('navigation').getByRole('link', { name: 'Mijn badges' }).click();
    await me.waitForURL(`${srv.url}/badges/mine`);
    const badges = await translated(me);
    assert.match(badges, new RegExp(COURSE));
    await screenshot(me, 'training-8-my-badges');
    const verify = me.locator('tr', { hasText: COURSE }).filter({ hasText: 'Geldig' }).getByRole('link', { name: 'Controleren' });
    const href = await verify.getAttribute('href');
    assert.match(href, /\/badges\/v\/[A-Za-z0-9_-]+$/);

    // ---- Anyone, logged out: the verification page says the badge is valid.
    const pub = await publicCtx.newPage();
    await pub.goto(new URL(href, srv.url).href);
    await pub.getByRole('heading', { level: 1 }).waitFor();
    const verdict = await translated(pub);
    assert.match(verdict, /Geldig/);
    assert.match(verdict, /De handtekening klopt, de badge is niet ingetrokken en niet verlopen\./);
    assert.match(verdict, new RegExp(COURSE));
    assert.match(verdict, new RegExp(learner.name));
    assert.doesNotMatch(verdict, new RegExp(learner.email.replace(/[.]/g, '\\.')), 'no e-mail address in public');
    assert.doesNotMatch(verdict, /Uitloggen/, 'not logged in');
    await screenshot(pub, 'training-9-verify');
    if (early) {
      await pub.goto(`${srv.url}/badges/v/${early.split('|')[1]}`);
      const revoked = await translated(pub);
      assert.match(revoked, /Ingetrokken/);
      assert.match(revoked, /de uitgever heeft deze badge ingetrokken/);
    }
  } finally {
    await coordCtx.close();
    await trainerCtx.close();
    await learnerCtx.close();
    await publicCtx.close();
  }
});
