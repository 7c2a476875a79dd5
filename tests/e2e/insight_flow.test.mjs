// Issue 7's insight story in Chromium, in Dutch: the coordinator opens
// "Inzicht", follows WelSlagen Rotterdam to the cohort "Groep 1 2025" and sees
// the continuation into BBL against the 75 % target (the chart and its table)
// and the retention curve with its band; the page passes axe.
// Screenshots: tests/e2e/screenshots/insight-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { launchBrowser, makeDemoDb, startServer, screenshot, repoRoot } from './lib.mjs';
import { sqlite } from '../http/intake_pipeline_fixture.mjs';

const PASSWORD = 'welkom-in-de-zorg';
const require = createRequire(join(repoRoot, 'web', 'package.json'));
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
let db, srv, browser;

before(async () => {
  db = await makeDemoDb();
  sqlite(db, `UPDATE users SET lang = 'nl' WHERE email = 'coordinator@wzw.demo'`, { readonly: false });
  srv = await startServer({ db });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  assert.equal(r?.code, 0, srv?.output());
});

async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

test('the coordinator sees continuation against the 75 % target and the retention curve of WelSlagen', async () => {
  const ctx = await browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(`${srv.url}/login`);
  await page.getByLabel('E-mailadres').fill('coordinator@wzw.demo');
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(`${srv.url}/`);

  await page.getByRole('link', { name: 'Inzicht' }).first().click();
  await page.waitForURL(`${srv.url}/insight`);
  await assert.doesNotReject(page.getByRole('heading', { name: 'Inzicht per programma' }).waitFor());
  await screenshot(page, 'insight-programmes');
  assert.deepEqual(await axe(page), []);

  await page.getByRole('link', { name: 'WelSlagen Rotterdam' }).click();
  await page.waitForURL(/\/insight\/programmes\/\d+$/);
  await screenshot(page, 'insight-welslagen');
  assert.deepEqual(await axe(page), []);

  await page.getByRole('link', { name: 'Groep 1 2025' }).first().click();
  await page.waitForURL(/\/insight\/cohorts\/\d+$/);
  await page.getByRole('heading', { name: 'WelSlagen Rotterdam – Groep 1 2025' }).waitFor();

  // Continuation against the target: the chart says it in its description and on the target line,
  // and the table next to it has the same numbers.
  const cont = page.getByRole('img', { name: 'Doorstroom naar de BBL' });
  await cont.waitFor();
  const desc = await page.locator('#chart-continuation desc').textContent();
  assert.match(desc, /19 van 24 \(79,2 %\).*het doel is 75,0 %/);
  assert.equal(await page.locator('#chart-continuation svg text', { hasText: 'Doel 75,0 %' }).count(), 1);
  const table = page.getByRole('table', { name: 'Doorstroom naar de BBL' });
  assert.match(await table.getByRole('row', { name: /Doorgestroomd/ }).textContent(), /19/);
  assert.match(await table.getByRole('row', { name: /^Doel/ }).textContent(), /75,0 %/);
  await page.getByText('Doel gehaald').waitFor();

  // The retention curve: an image with its band and its curve, and the table of its steps.
  const curve = page.getByRole('img', { name: 'Behoud' });
  await curve.waitFor();
  assert.equal(await page.locator('#chart-retention svg path').count(), 2, 'the band and the curve');
  const steps = page.getByRole('table', { name: 'Behoud: Groep 1 2025' });
  assert.equal(await steps.getByRole('row').count(), 1 + 8, 'a header and one row per day someone stopped');
  assert.match(await steps.getByRole('row').nth(1).textContent(), /24.*1.*95,8 %/);
  await curve.scrollIntoViewIfNeeded();
  await screenshot(page, 'insight-cohort');
  await page.locator('#chart-continuation').screenshot({ path: join(repoRoot, 'tests', 'e2e', 'screenshots', 'insight-continuation.png') });
  await page.locator('#chart-retention svg').screenshot({ path: join(repoRoot, 'tests', 'e2e', 'screenshots', 'insight-retention.png') });
  assert.deepEqual(await axe(page), []);
  await ctx.close();
});
