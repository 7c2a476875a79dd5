// The inspiratiekaart end to end: the coordinator adds local skills with
// Dutch letters (ë, é, ij, ö), the supervisor puts one on Daan's profile
// verified and Daan adds one of his own, through the real forms; then the
// card PDF is downloaded by Daan and by his supervisor, its text is read back
// with pdftotext (the exact Dutch strings, so the PDF carries real text) and
// it is rendered with pdftoppm: the picture is not blank, and it is saved as
// tests/e2e/screenshots/skills_card.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDemoDb, makeTempDir, screenshotDir, startServer } from './lib.mjs';
import { Client } from '../http/client.mjs';

let db, srv, tmp;
const sql = (q) => execFileSync('sqlite3', ['-readonly', db, q], { encoding: 'utf8' }).trim();

before(async () => {
  db = await makeDemoDb();
  srv = await startServer({ db });
  tmp = makeTempDir('instroom-card-');
});

after(async () => {
  const r = await srv?.stop();
  assert.equal(r?.code, 0, srv?.output());
});

async function as(email) {
  const c = new Client(srv.url);
  assert.equal((await c.login(email)).status, 303, email);
  return c;
}

async function download(c, path, file) {
  const res = await fetch(srv.url + path, { headers: { Cookie: c.cookieHeader() } });
  assert.equal(res.status, 200, path);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.match(res.headers.get('content-disposition'), /^attachment; filename="inspiratiekaart-daan-smit\.pdf"$/);
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  const out = join(tmp, file);
  writeFileSync(out, bytes);
  return out;
}

/** The share of pixels of a binary PGM (P5, 8 bit) darker than near-white. */
function inkShare(pgmPath) {
  const data = readFileSync(pgmPath);
  const header = data.subarray(0, 64).toString('latin1').split(/\s+/);
  assert.equal(header[0], 'P5');
  const [w, h, max] = [Number(header[1]), Number(header[2]), Number(header[3])];
  assert.equal(max, 255);
  // The pixels are the last w*h bytes (the header ends with one white-space byte).
  const px = data.subarray(data.length - w * h);
  let ink = 0;
  for (const v of px) if (v < 240) ink++;
  return ink / (w * h);
}

test('the skills card has the Dutch skill names as real text, and renders', async () => {
  const coord = await as('coordinator@wzw.demo');
  for (const label of ['Hygiëne', 'Begeleiding van cliënten', 'Coördinatie van vrijwilligers', 'Bijhouden van het zorgdossier']) {
    await coord.get('/skills');
    const r = await coord.post('/skills', { label_nl: label });
    assert.equal(r.status, 303, `${label}: ${r.text.slice(0, 300)}`);
  }
  const id = (label) => sql(`SELECT id FROM skills WHERE label_nl = '${label}'`);
  const daan = sql("SELECT person_id FROM users WHERE email = 'participant@instroom.demo'");

  // The supervisor (Opella, where Daan is placed) adds and verifies.
  const sup = await as('supervisor@opella.demo');
  await sup.get(`/people/${daan}/skills`);
  for (const [label, level] of [['Hygiëne', '3'], ['Bijhouden van het zorgdossier', '2']]) {
    const r = await sup.post(`/people/${daan}/skills`, { skill_id: id(label), level, source: 'work', verify: '1' });
    assert.equal(r.status, 303, r.text.slice(0, 300));
  }
  // Daan adds his own, unverified.
  const me = await as('participant@instroom.demo');
  await me.get('/me/skills');
  for (const [label, source] of [['Begeleiding van cliënten', 'volunteering'], ['Coördinatie van vrijwilligers', 'hobby']]) {
    const r = await me.post('/me/skills', { skill_id: id(label), level: '2', source, evidence: 'Vrijwilliger bij de scouting' });
    assert.equal(r.status, 303, r.text.slice(0, 300));
  }
  const page = await me.get('/me/skills');
  assert.match(page.text, /Begeleiding van cliënten/);
  assert.match(page.text, /href="\/me\/skills\/card\.pdf"/);

  const mine = await download(me, '/me/skills/card.pdf', 'mine.pdf');
  const theirs = await download(sup, `/people/${daan}/skills/card.pdf`, 'supervisor.pdf');
  for (const pdf of [mine, theirs]) {
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
    for (const s of ['Inspiratiekaart Zorg en Welzijn', 'Daan Smit', 'Hygiëne', 'Begeleiding van cliënten',
      'Coördinatie van vrijwilligers', 'Bijhouden van het zorgdossier', 'Handhygiëne',
      'Bevestigde vaardigheden', 'Eigen vaardigheden', 'Bevestigd door Sanne Bakker'])
      assert.ok(text.includes(s), `"${s}" is not in the text of ${pdf}:\n${text}`);
    // Verified skills come before own skills.
    assert.ok(text.indexOf('Hygiëne\n') < text.indexOf('Eigen vaardigheden'));
    assert.ok(text.indexOf('Begeleiding van cliënten') > text.indexOf('Eigen vaardigheden'));
  }
  assert.equal(Number(sql(`SELECT count(*) FROM audit_log WHERE entity = 'person.skills.card' AND entity_id = ${daan}`)), 2);

  // Rendered: grey levels to measure the ink, PNG as the screenshot.
  execFileSync('pdftoppm', ['-gray', '-r', '40', '-singlefile', mine, join(tmp, 'card')]);
  const share = inkShare(join(tmp, 'card.pgm'));
  assert.ok(share > 0.03 && share < 0.6, `ink on ${(share * 100).toFixed(1)} % of the page`);
  execFileSync('pdftoppm', ['-png', '-r', '110', '-singlefile', mine, join(tmp, 'card')]);
  const png = readFileSync(join(tmp, 'card.png'));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  mkdirSync(screenshotDir, { recursive: true });
  copyFileSync(join(tmp, 'card.png'), join(screenshotDir, 'skills_card.png'));
});

test('a recruiter of another organisation gets no card', async () => {
  const z = await as('recruiter@zinzia.demo');
  const daan = sql("SELECT person_id FROM users WHERE email = 'participant@instroom.demo'");
  const res = await fetch(`${srv.url}/people/${daan}/skills/card.pdf`, { headers: { Cookie: z.cookieHeader() } });
  assert.equal(res.status, 404);
  assert.notEqual(res.headers.get('content-type'), 'application/pdf');
});
