// The public application form /apply/SLUG against a real server: bad input
// is a 422 naming the field that keeps what was typed and stores nothing; a
// <script> is stored as typed and shown escaped; a double submit makes one
// application; duplicates are linked; past the cap applicants wait; the
// honeypot stores nothing; the rate limit answers 429; the outbox sends over
// SMTP to a fake server and shows a 550 failure on /outbox.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { execFileSync } from 'node:child_process';
import { makeDemoDb, startServer, runInstroom } from '../e2e/lib.mjs';
import { Client } from './client.mjs';

let db, srv;

function sql(query) {
  return execFileSync('sqlite3', [db, query], { encoding: 'utf8' }).trim();
}

// A small campaign of the Zorgrunners programme, open now, cap 3.
function makeCampaign(slug, cap) {
  sql(`INSERT INTO campaigns(cohort_id, slug, title, opens_at, closes_at, target, cap, retention_weeks, created_at)
       SELECT c.id, '${slug}', 'Test ${slug}', strftime('%s','now') - 3600, strftime('%s','now') + 86400, 2, ${cap}, 5, 0
       FROM cohorts c JOIN programmes p ON p.id = c.programme_id WHERE p.slug = 'zij-instroom' LIMIT 1`);
  const id = sql(`SELECT id FROM campaigns WHERE slug = '${slug}'`);
  const stages = [
    ['aangemeld', 'Aangemeld', 'Applied', 'open'], ['gescreend', 'Gescreend', 'Screened', 'open'],
    ['intakegesprek', 'Intakegesprek', 'Interview', 'open'], ['geselecteerd', 'Geselecteerd', 'Selected', 'selected'],
    ['wachtlijst', 'Wachtlijst', 'Waiting list', 'waitlist'], ['afgewezen', 'Afgewezen', 'Rejected', 'rejected'],
    ['teruggetrokken', 'Teruggetrokken', 'Withdrawn', 'withdrawn'],
  ];
  stages.forEach(([k, nl, en, kind], i) =>
    sql(`INSERT INTO campaign_stages(campaign_id, position, key, name_nl, name_en, kind)
         VALUES (${id}, ${i + 1}, '${k}', '${nl}', '${en}', '${kind}')`));
  return id;
}

let n = 0;
function person(extra = {}) {
  n += 1;
  return {
    given_name: 'Sanne',
    family_name: `Tester${n}`,
    email: `sanne.${n}@voorbeeld.nl`,
    birth_date: `1990-01-${String((n % 27) + 1).padStart(2, '0')}`,
    postcode: '6711ab',
    motivation: 'Ik wil graag in de zorg werken.',
    consent: '1',
    avail_day: '0',
    ...extra,
  };
}

// Opens the form (cookies, CSRF, form id) and posts it with fields.
async function apply(slug, fields, client = new Client(srv.url), query = '') {
  const page = await client.get(`/apply/${slug}${query}`);
  assert.equal(page.status, 200, page.text);
  const formId = /name="form_id" value="([^"]+)"/.exec(page.text)[1];
  const hidden = {};
  for (const m of page.text.matchAll(/<input type="hidden" name="(utm_[a-z]+|ref)" value="([^"]*)"/g)) hidden[m[1]] = m[2];
  const res = await client.post(`/apply/${slug}`, { form_id: formId, ...hidden, ...fields });
  return { res, formId, client };
}

const count = (slug) => Number(sql(`SELECT count(*) FROM applications a JOIN campaigns k ON k.id = a.campaign_id WHERE k.slug = '${slug}'`));

before(async () => {
  db = await makeDemoDb();
  makeCampaign('test-open', 3);
  makeCampaign('test-limit', 100);
  makeCampaign('test-cap', 1);
  sql(`INSERT INTO campaigns(cohort_id, slug, title, opens_at, closes_at, target, cap, created_at)
       SELECT cohort_id, 'test-later', 'Later', strftime('%s','now') + 86400 * 30, strftime('%s','now') + 86400 * 60, 1, 1, 0
       FROM campaigns WHERE slug = 'test-open'`);
  srv = await startServer({ db, env: { INSTROOM_APPLY_LIMIT: '1000' } });
});

after(async () => {
  const { code, signal } = await srv.stop();
  assert.equal(signal, null, srv.output());
  assert.equal(code, 0, `server exit code ${code}\n${srv.output()}`);
});

test('the form shows programme, window, consent with retention, and keeps utm parameters', async () => {
  const c = new Client(srv.url);
  const r = await c.get('/apply/test-open?utm_source=instagram&utm_campaign=najaar');
  assert.equal(r.status, 200);
  assert.match(r.text, /Zij-instroom in de zorg/);
  assert.match(r.text, /wissen we uw gegevens 5 weken na het sluiten/);
  assert.match(r.text, /name="utm_source" value="instagram"/);
  assert.match(r.text, /<datalist id="esco-occupations">/);
  assert.match(r.text, /name="website"/, 'the honeypot field');
  const later = await c.get('/apply/test-later');
  assert.equal(later.status, 200, 'before the window: a clear page, not an error');
  assert.match(later.text, /De aanmelding is nog niet open/);
  assert.doesNotMatch(later.text, /name="given_name"/);
  const none = await c.get('/apply/bestaat-niet');
  assert.equal(none.status, 404);
  const en = new Client(srv.url);
  const r2 = await en.get('/apply/test-open', { headers: { 'Accept-Language': 'en' } });
  assert.match(r2.text, /we erase your data 5 weeks after applications close/);
});

test('a good application is stored, mailed and has a status page', async () => {
  const { res, formId, client } = await apply('test-open', person({ given_name: 'Noor', utm_source: 'instagram', languages: 'x' }),
    undefined, '?utm_source=instagram');
  assert.equal(res.status, 303, res.text);
  const loc = res.headers.get('location');
  assert.equal(loc, `/apply/status/${formId}?new=1`);
  const status = await client.get(loc);
  assert.equal(status.status, 200);
  assert.match(status.text, /Bedankt voor uw aanmelding/);
  assert.match(status.text, /Aangemeld/);
  assert.equal(status.headers.get('cache-control'), 'no-store');
  assert.equal(sql(`SELECT source || ' ' || utm_source FROM applications WHERE person_id = (SELECT id FROM people WHERE given_name = 'Noor')`), 'utm instagram');
  assert.equal(sql(`SELECT count(*) FROM outbox WHERE to_addr = 'sanne.${n}@voorbeeld.nl' AND sent_at IS NULL`), '1', 'mail queued (no SMTP)');
  assert.equal(sql(`SELECT count(*) FROM applications WHERE hex(status_token_hash) LIKE '%${Buffer.from(formId).toString('hex').toUpperCase()}%'`), '0', 'only the hash is stored');
});

test('bad input: a 422 naming each field, keeping what was typed, storing nothing', async () => {
  const before = count('test-open');
  const long = 'x'.repeat(101);
  const cases = [
    [{ consent: '' }, /Geef toestemming/],
    [{ email: 'geen-apenstaart' }, /Vul een geldig e-mailadres in/],
    [{ postcode: '12345' }, /Vul een Nederlandse postcode in/],
    [{ birth_date: '1990-02-30' }, /Vul een bestaande geboortedatum in/],
    [{ birth_date: '2099-01-01' }, /in de toekomst/],
    [{ given_name: long }, /hoogstens 100 tekens/],
    [{ motivation: 'm'.repeat(4001) }, /hoogstens 4000 tekens/],
    [{ avail_hours: '99' }, /van 1 tot 60/],
    [{ avail_day: '9' }, /Kies dagen uit de lijst/],
    [{ language: 'xx' }, /Kies talen uit de lijst/],
  ];
  for (const [bad, why] of cases) {
    const p = person({ family_name: 'Bewaard', ...bad });
    const { res } = await apply('test-open', p);
    assert.equal(res.status, 422, `${JSON.stringify(bad).slice(0, 60)}: ${res.status}`);
    assert.match(res.text, why);
    assert.match(res.text, /value="Bewaard"/, 'what was typed is kept');
    assert.match(res.text, /aria-invalid="true"|utrecht-form-fieldset--invalid/);
  }
  assert.equal(count('test-open'), before, 'nothing stored');
});

test('a <script> in the motivation is stored as typed and shown escaped', async () => {
  const evil = '<script>alert("x")</script> & meer';
  const { res } = await apply('test-open', person({ motivation: evil, email: 'bad' }));
  assert.equal(res.status, 422);
  assert.ok(!res.text.includes('<script>alert'), 'never echoed raw');
  assert.match(res.text, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; meer/);
  const ok = await apply('test-open', person({ motivation: evil, given_name: 'Script' }));
  assert.equal(ok.res.status, 303);
  assert.equal(sql(`SELECT motivation FROM applications WHERE person_id = (SELECT id FROM people WHERE given_name = 'Script')`), evil);
});

test('a double submit makes one application and shows the same confirmation', async () => {
  const c = new Client(srv.url);
  const page = await c.get('/apply/test-limit');
  const formId = /name="form_id" value="([^"]+)"/.exec(page.text)[1];
  const fields = { form_id: formId, ...person({ given_name: 'Dubbel' }) };
  const [a, b] = await Promise.all([c.post('/apply/test-limit', fields), c.post('/apply/test-limit', fields)]);
  const third = await c.post('/apply/test-limit', fields);
  for (const r of [a, b, third]) {
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), `/apply/status/${formId}?new=1`);
  }
  assert.equal(sql(`SELECT count(*) FROM people WHERE given_name = 'Dubbel'`), '1');
});

test('duplicates are linked to the existing person, never merged', async () => {
  const first = person({ given_name: 'Duplo', phone: '06 1111 2222' });
  await apply('test-limit', first);
  await apply('test-limit', person({ given_name: 'Ander', email: first.email.toUpperCase() }));
  await apply('test-limit', person({ given_name: 'Derde', phone: '0611112222' }));
  await apply('test-limit', person({ given_name: 'Duplo', family_name: first.family_name, birth_date: first.birth_date }));
  const orig = sql(`SELECT id FROM people WHERE given_name = 'Duplo' ORDER BY id LIMIT 1`);
  assert.equal(sql(`SELECT group_concat(duplicate_reason, ',') FROM (SELECT duplicate_reason FROM applications WHERE duplicate_of = ${orig} ORDER BY id)`),
    'email,phone,name_birth');
  assert.equal(sql(`SELECT count(*) FROM people WHERE given_name IN ('Duplo', 'Ander', 'Derde')`), '4');
});

test('past the cap the applicant is put on the waiting list and told so', async () => {
  const a = await apply('test-cap', person({ given_name: 'Eerste' }));
  const firstPage = await a.client.get(a.res.headers.get('location'));
  assert.doesNotMatch(firstPage.text, /wachtlijst/);
  const form = await new Client(srv.url).get('/apply/test-cap');
  assert.match(form.text, /u komt dan op de wachtlijst/, 'the form says so before');
  const b = await apply('test-cap', person({ given_name: 'Tweede' }));
  assert.equal(b.res.status, 303, 'never a closed door');
  const page = await b.client.get(b.res.headers.get('location'));
  assert.match(page.text, /U staat daarom op de wachtlijst/);
  assert.match(page.text, /Wachtlijst/);
  assert.equal(sql(`SELECT waitlisted FROM applications WHERE person_id = (SELECT id FROM people WHERE given_name = 'Tweede')`), '1');
  const again = await b.client.get(b.res.headers.get('location').replace('?new=1', ''));
  assert.match(again.text, /U staat op de wachtlijst/);
  assert.equal(sql(`SELECT count(*) FROM outbox WHERE body LIKE '%wachtlijst%' AND to_addr = '${`sanne.${n}@voorbeeld.nl`}'`), '1');
});

test('a referral by a jobcoach and via via set the source; an unknown ref is ignored', async () => {
  const jc = sql(`SELECT id FROM users WHERE email = 'jobcoach@rotterdam.demo'`);
  const { res } = await apply('test-limit', person({ given_name: 'Verwezen' }), undefined, `?ref=${jc}`);
  assert.equal(res.status, 303);
  assert.equal(sql(`SELECT source || ' ' || referrer_user_id FROM applications WHERE person_id = (SELECT id FROM people WHERE given_name = 'Verwezen')`), `jobcoach ${jc}`);
  const coord = sql(`SELECT id FROM users WHERE email = 'coordinator@wzw.demo'`);
  await apply('test-limit', person({ given_name: 'Geenref' }), undefined, `?ref=${coord}`);
  assert.equal(sql(`SELECT source FROM applications WHERE person_id = (SELECT id FROM people WHERE given_name = 'Geenref')`), 'direct');
  await apply('test-limit', person({ given_name: 'Viavia', via_via: '1' }));
  assert.equal(sql(`SELECT source FROM applications WHERE person_id = (SELECT id FROM people WHERE given_name = 'Viavia')`), 'via_via');
});

test('the prior occupation is matched on the server against ESCO', async () => {
  const exact = await apply('test-limit', person({ given_name: 'Escoexact', prior_occupation: 'vrachtwagenchauffeur' }));
  if (sql('SELECT count(*) FROM esco_occupations') === '0') return; // the ESCO download is not on this machine
  assert.equal(exact.res.status, 303, exact.res.text.slice(0, 300));
  assert.match(sql(`SELECT prior_occupation FROM applications WHERE person_id = (SELECT id FROM people WHERE given_name = 'Escoexact')`), /^http:\/\/data\.europa\.eu\/esco\/occupation\//);
  const vague = await apply('test-limit', person({ given_name: 'Escovaag', prior_occupation: 'chauffeur bij een bedrijf' }));
  assert.equal(vague.res.status, 422);
  assert.match(vague.res.text, /Bedoelt u een van deze beroepen/);
  const uri = /name="occupation_pick" value="(http[^"]+)"/.exec(vague.res.text)[1];
  const formId = /name="form_id" value="([^"]+)"/.exec(vague.res.text)[1];
  const picked = await vague.client.post('/apply/test-limit', { form_id: formId, ...person({ given_name: 'Escovaag' }), occupation_pick: uri, prior_occupation: 'chauffeur bij een bedrijf' });
  assert.equal(picked.status, 303);
  assert.equal(sql(`SELECT prior_occupation FROM applications WHERE person_id = (SELECT id FROM people WHERE given_name = 'Escovaag')`), uri);
});

test('the honeypot stores nothing', async () => {
  const before = count('test-limit');
  const { res } = await apply('test-limit', person({ given_name: 'Bot', website: 'http://spam.example' }));
  assert.equal(res.status, 200);
  assert.equal(count('test-limit'), before);
  assert.equal(sql(`SELECT count(*) FROM people WHERE given_name = 'Bot'`), '0');
});

test('a forged form without the CSRF token is refused', async () => {
  const c = new Client(srv.url);
  await c.get('/apply/test-limit');
  const r = await c.post('/apply/test-limit', { csrf: 'wrong', ...person({ given_name: 'Vals' }) });
  assert.equal(r.status, 403);
  assert.equal(sql(`SELECT count(*) FROM people WHERE given_name = 'Vals'`), '0');
});

test('the rate limit answers 429 with a clear page', async () => {
  const limited = await startServer({ db, env: { INSTROOM_APPLY_LIMIT: '3' } });
  try {
    const c = new Client(limited.url);
    const page = await c.get('/apply/test-limit');
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const r = await c.post('/apply/test-limit', { email: 'x' });
      statuses.push(r.status);
      if (r.status === 429) {
        assert.match(r.text, /te vaak verstuurd/);
        assert.equal(r.headers.get('retry-after'), '600');
      }
    }
    assert.ok(page.status === 200);
    assert.deepEqual(statuses.slice(-2), [429, 429], statuses.join(','));
  } finally {
    await limited.stop();
  }
});

// A fake SMTP server: accepts mail, or answers 550 to RCPT for addresses with "weiger".
function fakeSmtp() {
  const mails = [];
  const server = net.createServer((sock) => {
    let buf = '';
    let data = false;
    let cur = { rcpt: [], body: '' };
    sock.write('220 fake ESMTP\r\n');
    sock.on('data', (d) => {
      buf += d.toString('utf8');
      let i;
      while ((i = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (data) {
          if (line === '.') {
            data = false;
            mails.push(cur);
            cur = { rcpt: [], body: '' };
            sock.write('250 queued\r\n');
          } else cur.body += `${line}\n`;
          continue;
        }
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === 'EHLO' || cmd === 'HELO') sock.write('250 fake\r\n');
        else if (cmd === 'MAIL') sock.write('250 ok\r\n');
        else if (cmd === 'RCPT') {
          if (line.includes('weiger')) sock.write('550 mailbox unavailable\r\n');
          else {
            cur.rcpt.push(line);
            sock.write('250 ok\r\n');
          }
        } else if (cmd === 'DATA') {
          data = true;
          sock.write('354 go\r\n');
        } else if (cmd === 'QUIT') {
          sock.write('221 bye\r\n');
          sock.end();
        } else sock.write('250 ok\r\n');
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, mails, port: server.address().port })));
}

test('the outbox sends over SMTP and a 550 shows on /outbox', async () => {
  const smtp = await fakeSmtp();
  await apply('test-limit', person({ given_name: 'Weiger', email: 'weiger@voorbeeld.nl' }));
  const pending = Number(sql('SELECT count(*) FROM outbox WHERE sent_at IS NULL'));
  assert.ok(pending >= 2);
  const sender = await startServer({ db, args: ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`, '--smtp-from', 'instroom@voorbeeld.nl'] });
  try {
    for (let i = 0; i < 100 && Number(sql('SELECT count(*) FROM outbox WHERE sent_at IS NULL AND attempts = 0')) > 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    assert.equal(sql('SELECT count(*) FROM outbox WHERE sent_at IS NULL AND attempts = 0'), '0');
    assert.equal(sql(`SELECT count(*) FROM outbox WHERE sent_at IS NULL AND attempts = 1 AND last_error LIKE '%550%' AND next_try_at > strftime('%s','now')`), '1');
    assert.equal(smtp.mails.length, pending - 1);
    const m = smtp.mails.find((x) => x.body.includes('/apply/status/'));
    assert.ok(m, 'the confirmation carries the status link');
    assert.match(m.body, /Subject: =\?UTF-8\?B\?/);
    const coord = new Client(sender.url);
    assert.equal((await coord.login('coordinator@wzw.demo')).status, 303);
    const page = await coord.get('/outbox');
    assert.equal(page.status, 200);
    assert.match(page.text, /weiger@voorbeeld\.nl/);
    assert.match(page.text, /Mislukt \(1×\)/);
    assert.match(page.text, /550/);
    const api = await coord.get('/api/v1/outbox?limit=5');
    assert.equal(api.status, 200);
    const body = api.json();
    assert.equal(body.items.length, 5);
    assert.ok(body.next);
    const rec = new Client(sender.url);
    await rec.login('recruiter@opella.demo');
    assert.equal((await rec.get('/outbox')).status, 403);
    assert.equal((await rec.get('/api/v1/outbox')).status, 403);
  } finally {
    await sender.stop();
    smtp.server.close();
  }
});

test('instroom outbox send without SMTP says so; esco load is idempotent; the ESCO API is for staff', async () => {
  await assert.rejects(runInstroom(['outbox', 'send', '--db', db]), /no SMTP server/);
  const c = new Client(srv.url);
  assert.equal((await c.get('/api/v1/esco/occupations?q=zorg')).status, 401);
  await c.login('recruiter@opella.demo');
  const r = await c.get('/api/v1/esco/occupations?q=verpleeg&limit=3');
  assert.equal(r.status, 200);
  assert.ok(r.json().items.length <= 3);
  assert.equal((await c.get('/api/v1/esco/occupations?limit=0')).status, 400);
  /* A participant is refused by the policy module, and the refusal is audited. */
  const p = new Client(srv.url);
  await p.login('participant@instroom.demo');
  assert.equal((await p.get('/api/v1/esco/occupations?q=zorg')).status, 403);
  assert.equal(sql("SELECT count(*) FROM audit_log WHERE entity = 'esco' AND outcome = 'denied'"), '1');
});
