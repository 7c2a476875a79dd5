// The command line: --help everywhere, exit codes (0 ok, 1 failure, 2 bad
// usage or input) with messages that name the problem, and the commands of
// the foundation doing what they say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { instroomBin, makeTempDir, startServer } from '../e2e/lib.mjs';

function run(args, input) {
  const r = spawnSync(instroomBin(), args, { input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const commands = ['serve', 'init', 'migrate', 'demo', 'backup', 'user', 'token'];

test('--version and --help', () => {
  const v = run(['--version']);
  assert.equal(v.code, 0);
  assert.match(v.out, /^instroom \d+\.\d+\.\d+/);
  const h = run(['--help']);
  assert.equal(h.code, 0);
  for (const c of commands) assert.match(h.out, new RegExp(`\\b${c}\\b`));
  for (const c of commands) {
    const r = run([c, '--help']);
    assert.equal(r.code, 0, `${c} --help: ${r.err}`);
    assert.match(r.out, /usage: instroom/, c);
  }
});

test('bad usage exits 2 and says why', () => {
  const cases = [
    [[], /usage/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['init', '--nope'], /usage/],
    [['init', 'extra'], /unexpected argument 'extra'/],
    [['serve', '--listen', 'nonsense'], /--listen wants HOST:PORT/],
    [['serve', '--listen', '127.0.0.1:99999'], /--listen wants HOST:PORT/],
    [['serve', '--threads', '0'], /--threads/],
    [['serve', '--session-idle', 'x'], /--session-idle/],
    [['serve', '--session-max', '0'], /--session-max/],
    [['serve', '--request-timeout', '99999'], /--request-timeout/],
    [['backup', '--db', '/tmp/x.db'], /--to FILE is required/],
    [['user'], /usage/],
    [['user', 'delete'], /unknown subcommand 'delete'/],
    [['user', 'add', '--email', 'not-an-address', '--name', 'X'], /valid e-mail address/],
    [['token', 'create'], /--user EMAIL is required/],
    [['token', 'create', '--user', 'a@b.nl', '--scope', 'admin'], /--scope is read or write/],
    [['token', 'create', '--user', 'a@b.nl', '--days', '0'], /--days/],
  ];
  for (const [args, msg] of cases) {
    const r = run(args);
    assert.equal(r.code, 2, `instroom ${args.join(' ')} exited ${r.code}: ${r.err}`);
    assert.match(r.err, msg, `instroom ${args.join(' ')}`);
  }
});

test('init and demo are idempotent; migrate reports the version', () => {
  const db = join(makeTempDir('instroom-cli-'), 'sub', 'x.db');
  let r = run(['init', '--db', db]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /schema version 2 \(2 migrations applied\)/);
  r = run(['init', '--db', db]);
  assert.equal(r.code, 0);
  assert.match(r.out, /0 migrations applied/);
  r = run(['demo', '--db', db]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /20 organisations/);
  assert.match(r.out, /coordinator@wzw\.demo/);
  const users = execFileSync('sqlite3', [db, 'SELECT count(*) FROM users'], { encoding: 'utf8' }).trim();
  r = run(['demo', '--db', db]);
  assert.equal(r.code, 0);
  assert.match(r.out, /already/);
  assert.equal(execFileSync('sqlite3', [db, 'SELECT count(*) FROM users'], { encoding: 'utf8' }).trim(), users);
  r = run(['migrate', '--db', db]);
  assert.equal(r.code, 0);
  const env = spawnSync(instroomBin(), ['init'], { env: { ...process.env, INSTROOM_DB: db }, encoding: 'utf8' });
  assert.equal(env.status, 0, 'INSTROOM_DB names the database');
  assert.match(env.stdout, new RegExp(db.replace(/[.]/g, '\\.')));
});

test('an unusable database path fails with exit 1 and names it', () => {
  const r = run(['init', '--db', '/proc/nope/x.db']);
  assert.equal(r.code, 1);
  assert.match(r.err, /\/proc\/nope\/x\.db/);
});

test('user add, passwd, list and token create', () => {
  const db = join(makeTempDir('instroom-cli-'), 'u.db');
  run(['init', '--db', db]);
  run(['demo', '--db', db]);
  let r = run(['user', 'add', '--db', db, '--email', 'nieuw@opella.demo', '--name', 'Nina Nieuw', '--role', 'supervisor', '--org', 'Opella', '--password-stdin'], 'een lang wachtwoord\n');
  assert.equal(r.code, 0, r.err);
  r = run(['user', 'add', '--db', db, '--email', 'nieuw@opella.demo', '--name', 'Nina', '--role', 'supervisor', '--org', 'Opella', '--password-stdin'], 'een lang wachtwoord\n');
  assert.equal(r.code, 1);
  assert.match(r.err, /exists already/);
  r = run(['user', 'add', '--db', db, '--email', 'kort@opella.demo', '--name', 'K', '--role', 'supervisor', '--org', 'Opella', '--password-stdin'], 'kort\n');
  assert.equal(r.code, 2);
  assert.match(r.err, /at least 12 characters/);
  r = run(['user', 'add', '--db', db, '--email', 'x@opella.demo', '--name', 'X', '--role', 'supervisor', '--org', 'Bakkerij', '--password-stdin'], 'een lang wachtwoord\n');
  assert.equal(r.code, 2);
  assert.match(r.err, /no organisation named 'Bakkerij'/);
  assert.equal(execFileSync('sqlite3', [db, "SELECT count(*) FROM users WHERE email='x@opella.demo'"], { encoding: 'utf8' }).trim(), '0', 'all or nothing');
  r = run(['user', 'add', '--db', db, '--email', 'y@opella.demo', '--name', 'Y', '--role', 'boss', '--org', 'Opella', '--password-stdin'], 'een lang wachtwoord\n');
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown role 'boss'/);
  r = run(['user', 'passwd', '--db', db, '--email', 'nieuw@opella.demo', '--password-stdin'], 'nog een lang wachtwoord\n');
  assert.equal(r.code, 0, r.err);
  r = run(['user', 'passwd', '--db', db, '--email', 'niemand@opella.demo', '--password-stdin'], 'nog een lang wachtwoord\n');
  assert.equal(r.code, 1);
  r = run(['user', 'list', '--db', db, '--json']);
  assert.equal(r.code, 0);
  const list = JSON.parse(r.out);
  const nina = list.find((u) => u.email === 'nieuw@opella.demo');
  assert.equal(nina.roles, 'supervisor@Opella');
  r = run(['token', 'create', '--db', db, '--user', 'nieuw@opella.demo', '--scope', 'write']);
  assert.equal(r.code, 0);
  assert.match(r.out.trim(), /^ins_[A-Za-z0-9_-]{43}$/);
  const stored = execFileSync('sqlite3', [db, 'SELECT scopes FROM api_tokens'], { encoding: 'utf8' }).trim();
  assert.equal(stored, 'read write');
  assert.ok(!execFileSync('sqlite3', [db, '.dump api_tokens'], { encoding: 'utf8' }).includes(r.out.trim()), 'only the hash is stored');
  r = run(['token', 'create', '--db', db, '--user', 'niemand@x.demo']);
  assert.equal(r.code, 1);
});

test('backup is consistent while the server runs', async () => {
  const dir = makeTempDir('instroom-cli-');
  const db = join(dir, 'live.db');
  run(['init', '--db', db]);
  run(['demo', '--db', db]);
  const srv = await startServer({ db });
  try {
    const load = Array.from({ length: 50 }, () => fetch(`${srv.url}/healthz`));
    const target = join(dir, 'copy.db');
    const r = run(['backup', '--db', db, '--to', target]);
    assert.equal(r.code, 0, r.err);
    await Promise.all(load);
    assert.ok(existsSync(target));
    assert.equal(execFileSync('sqlite3', [target, 'PRAGMA integrity_check'], { encoding: 'utf8' }).trim(), 'ok');
    assert.equal(execFileSync('sqlite3', [target, 'SELECT count(*) FROM orgs'], { encoding: 'utf8' }).trim(), '20');
    const bad = run(['backup', '--db', db, '--to', '/proc/nope/x.db']);
    assert.equal(bad.code, 1);
    const missing = run(['backup', '--db', join(dir, 'absent.db'), '--to', target]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /no database/);
  } finally {
    assert.equal((await srv.stop()).code, 0);
  }
});
