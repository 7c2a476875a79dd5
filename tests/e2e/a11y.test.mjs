// Accessibility: axe-core (the engine behind most accessibility checkers)
// runs in Chromium on the main pages of every role, in Dutch and in English.
// Any violation of impact "serious" or "critical" (WCAG 2.1 A/AA rules)
// fails the test and is listed. The contexts bypass our Content-Security-Policy,
// which would otherwise (rightly) refuse the injected checker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { launchBrowser, makeDemoDb, startServer, repoRoot } from './lib.mjs';
import { sqlite } from '../http/intake_pipeline_fixture.mjs';

const require = createRequire(join(repoRoot, 'web', 'package.json'));
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let srv, browser;
const ids = {}; // {course}, {session}... in the paths below
const resolve = (path) => path.replace(/\{(\w+)\}/g, (_, k) => ids[k]);

before(async () => {
  const db = await makeDemoDb();
  // The records of the training, skills and badges pages, from the demo.
  const one = (q) => sqlite(db, q);
  ids.course = one("SELECT id FROM courses WHERE slug = 'zorgrunner-basis'");
  ids.module = one(`SELECT id FROM course_modules WHERE course_id = ${ids.course} ORDER BY position LIMIT 1`);
  ids.session = one(`SELECT s.id FROM training_sessions s JOIN users u ON u.id = s.trainer_id
    WHERE u.email = 'trainer@rivor.demo' ORDER BY s.starts_at LIMIT 1`);
  ids.daan = one("SELECT id FROM people WHERE email = 'participant@instroom.demo'");
  ids.enrolment = one(`SELECT id FROM enrolments WHERE course_id = ${ids.course} AND person_id = ${ids.daan}`);
  ids.achievement = one("SELECT id FROM achievements WHERE slug = 'zorgrunner-basisvaardigheden'");
  [ids.credential, ids.token] = one(`SELECT id || '|' || token FROM credentials ORDER BY id LIMIT 1`).split('|');
  // Issue 7: guidance, outcomes, insight and the funder report.
  ids.welslagen = one("SELECT id FROM programmes WHERE slug = 'welslagen'");
  ids.ws2025 = one(`SELECT id FROM cohorts WHERE programme_id = ${ids.welslagen} AND name = 'Groep 1 2025'`);
  ids.member = one(`SELECT min(id) FROM cohort_members WHERE cohort_id = ${ids.ws2025}`);
  ids.debtor = one("SELECT person_id FROM support_needs WHERE kind = 'debts' ORDER BY id LIMIT 1");
  for (const [k, v] of Object.entries(ids)) assert.ok(v, `the demo has a ${k}`);
  srv = await startServer({ db });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  assert.equal(r?.code, 0, srv?.output());
});

async function audit(page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

// The intake pages use the demo's campaigns: 3 is zij-instroom (open, 100+
// applications, so its list paginates), 4 is WelSlagen (Laurens is a partner).
const intake = ['/programmes', '/programmes/4', '/cohorts/4', '/campaigns/4', '/pipeline', '/pipeline/campaigns/3',
  '/pipeline/campaigns/3/applications', '/pipeline/campaigns/3/board', '/pipeline/campaigns/3/rubric',
  '/pipeline/campaigns/3/ranking', '/pipeline/campaigns/3/selection', '/people/13/rights', '/outbox'];
// Issue 4: training, skills and badges, staff and participant views.
const training = ['/training', '/training/courses/{course}', '/training/courses/new', '/training/courses/{course}/edit',
  '/training/courses/{course}/modules/new', '/training/modules/{module}/edit', '/training/courses/{course}/sessions/new',
  '/training/sessions/{session}', '/training/sessions/{session}/edit', '/training/enrolments/{enrolment}'];
const skills = ['/skills', '/skills?q=hand', '/people/{daan}/skills'];
const badges = ['/badges', '/badges/achievements/new', '/badges/achievements/{achievement}',
  '/badges/achievements/{achievement}/edit', '/badges/achievements/{achievement}/issue', '/badges/credentials/{credential}'];
const insight = ['/insight', '/insight/programmes/{welslagen}', '/insight/cohorts/{ws2025}',
  '/cohorts/{ws2025}/members', '/members/{member}', '/programmes/{welslagen}/costs', '/programmes/{welslagen}/report'];
const guidance = ['/guidance', '/people/{debtor}/guidance', '/people/{debtor}/outcomes'];
const pages = {
  'coordinator@wzw.demo': ['/', '/orgs', '/orgs/2', '/orgs/new', '/users', '/users/1', '/users/new', '/audit', '/people', '/people/7', ...intake,
    ...training, ...skills, ...badges, ...insight, ...guidance],
  'trainer@rivor.demo': ['/', '/training', '/training/courses/{course}', '/training/sessions/{session}',
    '/training/enrolments/{enrolment}', '/skills', '/people/{daan}/skills'],
  'recruiter@opella.demo': ['/', '/people', '/people/1'],
  'recruiter@laurens.demo': ['/', '/pipeline', '/pipeline/campaigns/4', '/pipeline/campaigns/4/applications?stage=aangemeld', '/pipeline/campaigns/4/board'],
  'jobcoach@rotterdam.demo': ['/', '/people/7', '/pipeline', '/guidance', '/people/{debtor}/guidance', '/insight'],
  'participant@instroom.demo': ['/', '/me', '/me/training', '/me/skills', '/badges/mine', '/me/checkin'],
};

for (const locale of ['nl-NL', 'en-GB']) {
  test(`no serious accessibility violations on the login page (${locale})`, async () => {
    const ctx = await browser.newContext({ locale, bypassCSP: true });
    const page = await ctx.newPage();
    try {
      await page.goto(`${srv.url}/login`);
      assert.deepEqual(await audit(page), []);
      await page.fill('#login-email', 'x@y.nl');
      await page.fill('#login-password', 'wrong password here');
      await page.click('button[type=submit]');
      await page.waitForSelector('.utrecht-alert');
      assert.deepEqual(await audit(page), [], 'with an error shown');
    } finally {
      await ctx.close();
    }
  });
}

for (const [email, paths] of Object.entries(pages)) {
  test(`no serious accessibility violations on the pages of ${email}`, async () => {
    const ctx = await browser.newContext({ locale: 'nl-NL', bypassCSP: true });
    const page = await ctx.newPage();
    try {
      await page.goto(`${srv.url}/login`);
      await page.fill('#login-email', email);
      await page.fill('#login-password', 'welkom-in-de-zorg');
      await page.click('button[type=submit]');
      await page.waitForURL(`${srv.url}/`);
      const found = [];
      for (const p of paths.map(resolve)) {
        const res = await page.goto(srv.url + p);
        assert.equal(res.status(), 200, `${p} answered ${res.status()}`);
        for (const v of await audit(page)) found.push(`${p}: ${v}`);
      }
      assert.deepEqual(found, []);
    } finally {
      await ctx.close();
    }
  });
}

for (const locale of ['nl-NL', 'en-GB']) {
  test(`no serious accessibility violations on the public application form, empty and with its errors (${locale})`, async () => {
    const ctx = await browser.newContext({ locale, bypassCSP: true });
    const page = await ctx.newPage();
    try {
      const res = await page.goto(`${srv.url}/apply/zij-instroom-najaar-2026`);
      assert.equal(res.status(), 200);
      assert.deepEqual(await audit(page), []);
      await page.click('button[type=submit]');
      await page.waitForSelector('.utrecht-alert');
      assert.deepEqual(await audit(page), [], 'with the field errors shown');
    } finally {
      await ctx.close();
    }
  });
}

for (const locale of ['nl-NL', 'en-GB']) {
  test(`no serious accessibility violations on the public verification page of a badge (${locale})`, async () => {
    const ctx = await browser.newContext({ locale, bypassCSP: true });
    const page = await ctx.newPage();
    try {
      const res = await page.goto(`${srv.url}/badges/v/${ids.token}`);
      assert.equal(res.status(), 200);
      assert.match(await page.locator('main').innerText(), locale === 'nl-NL' ? /Geldig/ : /Valid/);
      assert.deepEqual(await audit(page), []);
    } finally {
      await ctx.close();
    }
  });
}

test('the check finds a planted violation (so a pass means something)', async () => {
  const ctx = await browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  try {
    await page.setContent('<!doctype html><html lang="nl"><head><title>t</title></head><body><main><img src="x.png"><input type="text"></main></body></html>');
    const found = await audit(page);
    assert.ok(found.some((v) => v.startsWith('image-alt')), found.join('\n'));
    assert.ok(found.some((v) => v.startsWith('label')), found.join('\n'));
  } finally {
    await ctx.close();
  }
});
