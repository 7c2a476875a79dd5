// The foundation against a real server on an ephemeral port: login, sessions,
// CSRF, throttling, isolation between organisations, limits, static files,
// bad JSON, bearer tokens, concurrency and a clean shutdown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { makeDemoDb, startServer, runInstroom, instroomBin } from '../e2e/lib.mjs';
import { Client, rawRequest, rawStatus, DEMO_PASSWORD } from './client.mjs';

let db, srv;

function sql(query) {
  return execFileSync('sqlite3', ['-readonly', db, query], { encoding: 'utf8' }).trim();
}

async function token(user, scope = 'read') {
  const { stdout } = await runInstroom(['token', 'create', '--db', db, '--user', user, '--scope', scope]);
  return stdout.trim();
}

before(async () => {
  db = await makeDemoDb();
  srv = await startServer({ db });
});

after(async () => {
  const { code, signal } = await srv.stop();
  assert.equal(signal, null, `server died of ${signal}\n${srv.output()}`);
  assert.equal(code, 0, `server exit code ${code} (sanitizer reports?)\n${srv.output()}`);
});

test('healthz answers without login', async () => {
  const r = await new Client(srv.url).get('/healthz');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json(), { status: 'ok' });
});

test('pages need a login and say so with a redirect', async () => {
  const r = await new Client(srv.url).get('/orgs?x=1');
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /^\/login\?next=%2Forgs|^\/login\?next=\/orgs/);
});

test('good login starts a session with a safe cookie and shows the dashboard', async () => {
  const c = new Client(srv.url);
  const page = await c.get('/login');
  assert.equal(page.status, 200);
  assert.match(page.text, /<html lang="nl"/);
  assert.match(page.text, /name="csrf"/);
  const r = await c.post('/login', { email: 'coordinator@wzw.demo', password: DEMO_PASSWORD });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/');
  const cookie = r.headers.getSetCookie().find((s) => s.startsWith('instroom_session='));
  assert.ok(cookie, 'a session cookie is set');
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.doesNotMatch(cookie, /Secure/, 'not on plain http');
  const token = cookie.split(';')[0].split('=')[1];
  assert.ok(token.length >= 43, '256-bit token');
  assert.equal(sql(`SELECT count(*) FROM sessions WHERE hex(token_hash) = '${token}'`), '0', 'only the hash is stored');
  const dash = await c.get('/');
  assert.equal(dash.status, 200);
  assert.match(dash.text, /Welkom, Carla/);
  assert.match(dash.text, /data-roles="coordinator /);
  assert.equal(dash.headers.get('cache-control'), 'no-store');
  assert.match(dash.headers.get('content-security-policy'), /default-src 'self'/);
});

test('bad login: wrong password, unknown user, missing fields', async () => {
  const c = new Client(srv.url);
  let r = await c.login('supervisor@opella.demo', 'wrong password!');
  assert.equal(r.status, 401);
  assert.match(r.text, /E-mailadres of wachtwoord klopt niet/);
  assert.ok(!c.cookies.has('instroom_session'));
  assert.match(r.text, /value="supervisor@opella.demo"/, 'the e-mail address is kept');
  r = await c.login('nobody@nowhere.demo', 'whatever it is');
  assert.equal(r.status, 401);
  r = await c.post('/login', { email: '', password: '' });
  assert.equal(r.status, 422);
  assert.equal(sql("SELECT count(*) FROM audit_log WHERE action='login' AND outcome='failed'") >= '2', true);
});

test('login without the CSRF token is refused', async () => {
  const c = new Client(srv.url);
  await c.get('/login');
  const r = await c.post('/login', { csrf: 'forged-token-forged-token', email: 'coordinator@wzw.demo', password: DEMO_PASSWORD });
  assert.equal(r.status, 403);
  const r2 = await new Client(srv.url).post('/login', { csrf: '', email: 'coordinator@wzw.demo', password: DEMO_PASSWORD });
  assert.equal(r2.status, 403);
});

test('a state-changing request without CSRF token gets 403 and changes nothing', async () => {
  const c = new Client(srv.url);
  await c.login('recruiter@laurens.demo');
  const before = sql("SELECT lang FROM users WHERE email='recruiter@laurens.demo'");
  const r = await c.post('/lang', { csrf: '', lang: before === 'en' ? 'nl' : 'en', back: '/' });
  assert.equal(r.status, 403);
  assert.equal(sql("SELECT lang FROM users WHERE email='recruiter@laurens.demo'"), before);
  const r2 = await c.post('/logout', { csrf: 'x'.repeat(32) });
  assert.equal(r2.status, 403);
  assert.equal((await c.get('/')).status, 200, 'still logged in');
  const out = await c.post('/logout');
  assert.equal(out.status, 303);
  assert.equal((await c.get('/')).status, 303, 'logged out');
});

test('language switch is remembered per user', async () => {
  const c = new Client(srv.url);
  await c.login('trainer@rivor.demo');
  await c.get('/');
  const r = await c.post('/lang', { lang: 'en', back: '/' });
  assert.equal(r.status, 303);
  const dash = await c.get('/');
  assert.match(dash.text, /<html lang="en"/);
  assert.match(dash.text, /Welcome, Tom/);
  assert.equal(sql("SELECT lang FROM users WHERE email='trainer@rivor.demo'"), 'en');
  const fresh = new Client(srv.url);
  await fresh.login('trainer@rivor.demo');
  assert.match((await fresh.get('/')).text, /Welcome, Tom/, 'a new session uses the saved language');
  const bad = await c.post('/lang', { lang: 'de', back: '/' });
  assert.equal(bad.status, 400);
  const evil = await c.post('/lang', { lang: 'nl', back: '//evil.example/' });
  assert.equal(evil.headers.get('location'), '/', 'no open redirect');
});

test('logins are throttled per account', async () => {
  const c = new Client(srv.url);
  for (let i = 0; i < 5; i++) assert.equal((await c.login('mentor@laurens.demo', `wrong-${i}-password`)).status, 401);
  const r = await c.login('mentor@laurens.demo');
  assert.equal(r.status, 429, 'the right password does not help during the pause');
  assert.match(r.text, /Te veel mislukte pogingen/);
  assert.ok(!c.cookies.has('instroom_session'));
});

test('an expired session sends the user back to the login page', async () => {
  const short = await startServer({ db, args: ['--session-idle', '1'] });
  try {
    const c = new Client(short.url);
    await c.login('supervisor@opella.demo');
    assert.equal((await c.get('/')).status, 200);
    await new Promise((r) => setTimeout(r, 2200));
    const r = await c.get('/');
    assert.equal(r.status, 303);
    assert.match(r.headers.get('location'), /^\/login/);
    assert.ok(!c.cookies.has('instroom_session'), 'the stale cookie is cleared');
    const api = await c.get('/api/v1/me');
    assert.equal(api.status, 401);
  } finally {
    const { code } = await short.stop();
    assert.equal(code, 0);
  }
});

test('a recruiter of Opella cannot read a person or user of Zinzia, and the attempt is audited', async () => {
  const zinziaPerson = sql("SELECT p.id FROM people p JOIN person_orgs po ON po.person_id = p.id JOIN orgs o ON o.id = po.org_id WHERE o.name = 'Zinzia' LIMIT 1");
  const opellaPerson = sql("SELECT p.id FROM people p JOIN person_orgs po ON po.person_id = p.id JOIN orgs o ON o.id = po.org_id WHERE o.name = 'Opella' LIMIT 1");
  const zinziaUser = sql("SELECT id FROM users WHERE email = 'recruiter@zinzia.demo'");
  const me = sql("SELECT id FROM users WHERE email = 'recruiter@opella.demo'");
  const c = new Client(srv.url);
  await c.login('recruiter@opella.demo');
  const deniedBefore = Number(sql(`SELECT count(*) FROM audit_log WHERE user_id = ${me} AND outcome = 'denied'`));
  for (const path of [`/people/${zinziaPerson}`, `/api/v1/people/${zinziaPerson}`, `/users/${zinziaUser}`, `/api/v1/users/${zinziaUser}`]) {
    const r = await c.get(path);
    assert.ok([403, 404].includes(r.status), `${path} answered ${r.status}`);
    assert.doesNotMatch(r.text, /Sophie|Mehmet|Ruben/, `${path} leaks nothing`);
  }
  const deniedAfter = Number(sql(`SELECT count(*) FROM audit_log WHERE user_id = ${me} AND outcome = 'denied'`));
  assert.ok(deniedAfter >= deniedBefore + 4, `denied attempts audited: ${deniedBefore} -> ${deniedAfter}`);
  const row = sql(`SELECT entity, entity_id, ip FROM audit_log WHERE user_id = ${me} AND outcome = 'denied' AND entity LIKE 'person%' ORDER BY id DESC LIMIT 1`);
  assert.equal(row, `person|${zinziaPerson}|127.0.0.1`);
  const own = await c.get(`/people/${opellaPerson}`);
  assert.equal(own.status, 200, 'a person placed at Opella is visible');
  const tok = await token('recruiter@opella.demo');
  const api = await new Client(srv.url).get(`/api/v1/people/${zinziaPerson}`, { headers: { Authorization: `Bearer ${tok}` } });
  assert.ok([403, 404].includes(api.status));
});

test('sensitive data: the jobcoach sees benefit status, the recruiter of the same placement does not', async () => {
  const anouk = sql("SELECT id FROM people WHERE given_name = 'Anouk'");
  const jc = new Client(srv.url);
  await jc.login('jobcoach@rotterdam.demo');
  const r = await jc.get(`/api/v1/people/${anouk}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().sensitive.benefit_status, 'bijstand');
  const rec = new Client(srv.url);
  await rec.login('recruiter@laurens.demo');
  const r2 = await rec.get(`/api/v1/people/${anouk}`);
  assert.equal(r2.status, 200, 'Anouk is placed at Laurens');
  assert.ok(!('sensitive' in r2.json()), 'no sensitive section for a recruiter');
  assert.doesNotMatch(r2.text, /bijstand/);
  const page = await rec.get(`/people/${anouk}`);
  assert.doesNotMatch(page.text, /bijstand/);
  const readAudited = sql(`SELECT count(*) FROM audit_log WHERE entity = 'person.sensitive' AND entity_id = ${anouk} AND outcome = 'ok'`);
  assert.ok(Number(readAudited) >= 1, 'the jobcoach read is in the audit log');
});

test('malformed JSON gets a 400 problem+json that names the problem', async () => {
  const tok = await token('coordinator@wzw.demo', 'write');
  const c = new Client(srv.url);
  const h = { Authorization: `Bearer ${tok}` };
  const r = await c.request('POST', '/api/v1/orgs', { headers: h, json: '{"name": "Nieuw", "kind": }' });
  assert.equal(r.status, 400);
  assert.equal(r.headers.get('content-type'), 'application/problem+json');
  const p = r.json();
  assert.equal(p.status, 400);
  assert.match(p.detail, /line 1, column \d+/);
  const r2 = await c.request('POST', '/api/v1/orgs', { headers: { ...h, 'Content-Type': 'text/plain' }, body: '{}' });
  assert.equal(r2.status, 415);
  const before = sql('SELECT count(*) FROM orgs');
  const r3 = await c.request('POST', '/api/v1/orgs', { headers: h, json: { name: '', kind: 'bakery', region: 'Gelderland' } });
  assert.equal(r3.status, 422);
  const fields = r3.json().errors.map((e) => e.field).sort();
  assert.deepEqual(fields, ['kind', 'name']);
  assert.equal(sql('SELECT count(*) FROM orgs'), before, 'nothing changed');
});

test('bearer tokens: unknown is 401, read scope cannot write, not accepted on pages', async () => {
  const c = new Client(srv.url);
  let r = await c.get('/api/v1/orgs', { headers: { Authorization: 'Bearer ins_nonsense' } });
  assert.equal(r.status, 401);
  assert.equal(r.headers.get('content-type'), 'application/problem+json');
  const tok = await token('coordinator@wzw.demo', 'read');
  r = await c.get('/api/v1/orgs?limit=5', { headers: { Authorization: `Bearer ${tok}` } });
  assert.equal(r.status, 200);
  assert.equal(r.json().items.length, 5);
  assert.ok(r.json().next);
  r = await c.request('POST', '/api/v1/orgs', { headers: { Authorization: `Bearer ${tok}` }, json: { name: 'X', kind: 'care', region: 'Leiden' } });
  assert.equal(r.status, 403);
  r = await c.get('/', { headers: { Authorization: `Bearer ${tok}` } });
  assert.equal(r.status, 401);
  for (let i = 0; i < 3; i++) assert.equal((await c.get('/api/v1/me', { headers: { Authorization: `Bearer ${tok}` } })).status, 200);
  execFileSync('sqlite3', [db, `UPDATE api_tokens SET revoked_at = 1 WHERE id = (SELECT max(id) FROM api_tokens)`]);
  await new Promise((res) => setTimeout(res, 150)); /* the server looks for other processes' commits every 100 ms */
  r = await c.get('/api/v1/me', { headers: { Authorization: `Bearer ${tok}` } });
  assert.equal(r.status, 401, 'a token revoked by another process is refused within 100 ms, cache or not');
  const tok2 = await token('coordinator@wzw.demo', 'read');
  assert.equal((await c.get('/api/v1/me', { headers: { Authorization: `Bearer ${tok2}` } })).status, 200);
  execFileSync('sqlite3', [db, `UPDATE api_tokens SET expires_at = 1 WHERE id = (SELECT max(id) FROM api_tokens)`]);
  await new Promise((res) => setTimeout(res, 150));
  assert.equal((await c.get('/api/v1/me', { headers: { Authorization: `Bearer ${tok2}` } })).status, 401, 'expired');
  r = await c.get('/api/v1/orgs');
  assert.equal(r.status, 401, 'no credentials');
  assert.match(r.headers.get('www-authenticate'), /Bearer/);
});

test('a body over the limit is refused with 413', async () => {
  const big = Buffer.alloc(2 * 1024 * 1024, 'a');
  try {
    const r = await new Client(srv.url).request('POST', '/login', { body: big, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    assert.equal(r.status, 413);
  } catch (e) {
    /* The server answers from the announced length and closes; a client still
     * sending its body may see the reset before the answer. The server's log
     * must show the 413 then; its line is written when the request ends, which
     * may be just after the client saw the reset (up to 2 s). */
    for (let i = 0; i < 40 && !/POST \/login 413/.test(srv.output()); i++) await new Promise((res) => setTimeout(res, 50));
    assert.match(srv.output(), /POST \/login 413/, `${e}`);
  }
  const raw = await rawRequest(srv.url, 'POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 99999999\r\n\r\n');
  assert.equal(rawStatus(raw), 413, 'refused on the announced length alone');
  const hugeHeader = `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'h'.repeat(64 * 1024)}\r\n\r\n`;
  const hs = rawStatus(await rawRequest(srv.url, hugeHeader));
  assert.ok([400, 413, 431].includes(hs), `oversized headers answered ${hs}`);
});

test('static files: cached with ETag, and no way out of the folder', async () => {
  const c = new Client(srv.url);
  const css = await c.get('/static/instroom.css');
  assert.equal(css.status, 200);
  assert.match(css.headers.get('content-type'), /text\/css/);
  const etag = css.headers.get('etag');
  assert.ok(etag);
  assert.match(css.headers.get('cache-control'), /max-age/);
  const again = await c.get('/static/instroom.css', { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  const tricks = ['/static/../meson.build', '/static/%2e%2e/meson.build', '/static/..%2fmeson.build',
    '/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd', '/static//etc/passwd', '/static/.gitignore',
    '/static/./instroom.css', '/static/..\\meson.build', '/static/instroom.css%00.png', '/static/'];
  for (const t of tricks) {
    const raw = await rawRequest(srv.url, `GET ${t} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.ok([400, 404].includes(rawStatus(raw)), `${t} answered ${rawStatus(raw)}`);
    assert.doesNotMatch(raw, /project\('instroom'|root:/);
  }
});

test('unknown paths and methods', async () => {
  const c = new Client(srv.url);
  const r = await c.get('/api/v1/nothing-here');
  assert.equal(r.status, 404);
  assert.equal(r.headers.get('content-type'), 'application/problem+json');
  const r2 = await c.request('DELETE', '/login');
  assert.equal(r2.status, 405);
  assert.match(r2.headers.get('allow'), /GET/);
  const page = await c.get('/nergens');
  assert.equal(page.status, 404);
  assert.match(page.text, /Pagina niet gevonden/);
});

test('1,000 concurrent requests are all answered', async () => {
  const tok = await token('coordinator@wzw.demo');
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const one = (i) =>
    new Promise((resolve) => {
      const path = i % 2 ? '/healthz' : '/api/v1/orgs?limit=3';
      const headers = path.startsWith('/api/') ? { Authorization: `Bearer ${tok}` } : {};
      const req = http.get(srv.url + path, { agent, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('error', (e) => resolve(`error ${e.code}`));
      req.setTimeout(60_000, () => req.destroy(new Error('timeout')));
    });
  const t0 = Date.now();
  const codes = await Promise.all(Array.from({ length: 1000 }, (_, i) => one(i)));
  const ok = codes.filter((c) => c === 200).length;
  const other = {};
  for (const c of codes) if (c !== 200) other[c] = (other[c] || 0) + 1;
  /* Seen once under heavy outside load: 51 resets after 30 s (the idle timeout). Say
   * what the server logged apart from access lines, so a recurrence can be diagnosed. */
  const warnings = srv.output().split('\n').filter((l) => / (warn|error) /.test(l)).slice(-20).join('\n');
  assert.equal(ok, 1000, `answers other than 200: ${JSON.stringify(other)} after ${Date.now() - t0} ms\n${warnings}`);
  agent.destroy();
});

test('graceful shutdown lets requests in flight finish', async () => {
  const s = await startServer({ db });
  const c = new Client(s.url);
  const inflight = Array.from({ length: 20 }, () => c.get('/healthz').then((r) => r.status, () => 'refused'));
  await new Promise((r) => setTimeout(r, 5));
  const stopped = s.stop();
  const codes = await Promise.all(inflight);
  const { code } = await stopped;
  assert.equal(code, 0, s.output());
  for (const x of codes) assert.ok(x === 200 || x === 'refused', `got ${x}`);
  assert.match(s.output(), /stopped/);
  assert.ok(instroomBin());
});

test('SIGTERM stops the server whichever of its threads the signal reaches', async () => {
  /* A stop signal handled by a worker thread used to leave the main thread
   * waiting forever (seen under valgrind). Linux hands a signal sent to a
   * thread id to that thread if it does not block it, so aim at each thread
   * and wait, without a second signal, for the server to end by itself. */
  const { readdirSync, readFileSync } = await import('node:fs');
  const gone = (pid) => {
    try {
      return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
    } catch {
      return true;
    }
  };
  for (let k = 0; k < 5; k++) {
    const s = await startServer({ db, args: ['--threads', '4'] });
    const threads = readdirSync(`/proc/${s.pid}/task`).map(Number).filter((t) => t !== s.pid);
    assert.ok(threads.length >= 4, `expected worker threads, found ${threads.length}`);
    process.kill(threads[k % threads.length], 'SIGTERM');
    const t0 = Date.now();
    while (!gone(s.pid) && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 20));
    const ended = gone(s.pid);
    const { code } = await s.stop();
    assert.ok(ended, `SIGTERM to thread ${k % threads.length} was lost: still running after 5 s\n${s.output().slice(-1500)}`);
    assert.equal(code, 0, s.output().slice(-1500));
  }
});

test('cached API answers follow every change, also one made by another process', async () => {
  const tok = await token('coordinator@wzw.demo', 'write');
  const c = new Client(srv.url);
  const h = { headers: { Authorization: `Bearer ${tok}` } };
  const names = async () => (await c.get('/api/v1/orgs?limit=200', h)).json().items.map((o) => o.name);
  const first = await names();
  assert.deepEqual(await names(), first, 'the same answer twice');
  const created = await c.request('POST', '/api/v1/orgs', { ...h, json: { name: 'Cachetest Zorg', kind: 'care', region: 'Leiden' } });
  assert.equal(created.status, 201, created.text);
  assert.ok((await names()).includes('Cachetest Zorg'), 'a change through the API is seen at once');
  execFileSync('sqlite3', [db, "INSERT INTO orgs(name, kind, region, created_at) VALUES ('Buiten de server om', 'care', 'Leiden', 0)"]);
  await new Promise((r) => setTimeout(r, 150));
  assert.ok((await names()).includes('Buiten de server om'), 'a change by another process is seen within 100 ms');
  const id = created.json().id;
  const patched = await c.request('PATCH', `/api/v1/orgs/${id}`, { ...h, json: { city: 'Leiden' } });
  assert.equal(patched.status, 200, patched.text);
  assert.equal((await c.get(`/api/v1/orgs/${id}`, h)).json().city, 'Leiden');
  const rec = new Client(srv.url);
  await rec.login('recruiter@opella.demo');
  assert.equal((await rec.get('/api/v1/orgs?limit=200')).status, 200, 'another user gets their own answer');
  const part = new Client(srv.url);
  await part.login('participant@instroom.demo');
  assert.equal((await part.get('/api/v1/orgs')).status, 403, 'a participant is still refused after others were served');
});

test('a body that arrives too slowly gets 408, one streamed past the limit 413', async () => {
  const s = await startServer({ db, args: ['--request-timeout', '1'] });
  try {
    const { hostname, port } = new URL(s.url);
    const net = await import('node:net');
    const talk = (steps) =>
      new Promise((resolve) => {
        const sock = net.connect(Number(port), hostname);
        let data = '';
        sock.on('data', (d) => (data += d));
        sock.on('close', () => resolve(data));
        sock.on('error', () => resolve(data));
        for (const [at, bytes] of steps) setTimeout(() => sock.writable && sock.write(bytes), at);
        setTimeout(() => sock.destroy(), 6000);
      });
    const head = 'POST /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\n';
    const late = await talk([[0, `${head}Content-Length: 12\r\n\r\nemail=`], [1300, 'a%40b.n']]);
    assert.equal(rawStatus(late), 408, late.slice(0, 200));
    const never = await talk([[0, `${head}Content-Length: 100\r\n\r\nemail=`], [1000, 'a'], [2300, 'b']]);
    assert.equal(rawStatus(never), 0, 'still sending at twice the deadline: the connection is closed');
    const chunk = 'a'.repeat(64 * 1024);
    const body = `${chunk.length.toString(16)}\r\n${chunk}\r\n`.repeat(40) + '0\r\n\r\n';
    const big = await talk([[0, `${head}Transfer-Encoding: chunked\r\n\r\n${body}`]]);
    assert.equal(rawStatus(big), 413, 'a chunked body past the limit (2.5 MiB) is dropped and refused');
  } finally {
    assert.equal((await s.stop()).code, 0, s.output());
  }
});

test('behind a TLS proxy (--trust-proxy): Secure cookies and the client address in the audit log', async () => {
  const s = await startServer({ db, args: ['--trust-proxy'] });
  try {
    const c = new Client(s.url);
    const h = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '203.0.113.7, 10.0.0.1' };
    await c.get('/login', { headers: h });
    const r = await c.post('/login', { email: 'supervisor@opella.demo', password: DEMO_PASSWORD }, { headers: h });
    assert.equal(r.status, 303);
    const cookie = r.headers.getSetCookie().find((x) => x.startsWith('instroom_session='));
    assert.match(cookie, /; Secure/);
    assert.equal(sql("SELECT ip FROM audit_log WHERE action = 'login' AND outcome = 'ok' ORDER BY id DESC LIMIT 1"), '203.0.113.7');
    const plain = new Client(srv.url);
    await plain.get('/login', { headers: h });
    const r2 = await plain.post('/login', { email: 'supervisor@opella.demo', password: DEMO_PASSWORD }, { headers: h });
    const c2 = r2.headers.getSetCookie().find((x) => x.startsWith('instroom_session='));
    assert.doesNotMatch(c2, /Secure/, 'without --trust-proxy the headers are not believed');
    assert.equal(sql("SELECT ip FROM audit_log WHERE action = 'login' AND outcome = 'ok' ORDER BY id DESC LIMIT 1"), '127.0.0.1');
  } finally {
    assert.equal((await s.stop()).code, 0, s.output());
  }
});

test('a session ends at its absolute limit even while it is in use', async () => {
  /* Times are whole seconds: stay well inside and well past the limit of 3 s. */
  const s = await startServer({ db, args: ['--session-idle', '600', '--session-max', '3'] });
  try {
    const c = new Client(s.url);
    await c.login('trainer@rivor.demo');
    for (let i = 0; i < 3; i++) {
      assert.equal((await c.get('/')).status, 200, 'in use, well within the idle limit');
      await new Promise((r) => setTimeout(r, 700));
    }
    /* now about 2.1 s after login */
    await new Promise((r) => setTimeout(r, 2500));
    const r = await c.get('/');
    assert.equal(r.status, 303, 'past the absolute limit');
    assert.match(r.headers.get('location'), /^\/login/);
  } finally {
    assert.equal((await s.stop()).code, 0, s.output());
  }
});
