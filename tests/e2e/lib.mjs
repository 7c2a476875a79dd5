// Helpers for the browser tests (node --test tests/e2e/).
//
// launchBrowser()        Debian's Chromium through playwright-core from web/node_modules.
// startServer({db})      runs `instroom serve` on an ephemeral port, resolves {url, stop()}.
// makeDemoDb()           a fresh database with the demo region, in a temporary folder.
// screenshot(page, name) a full-page PNG in tests/e2e/screenshots/ (git-ignored).
//
// INSTROOM_BIN names the binary (default build/instroom, relative to the repo).
// CHROMIUM_BIN names the browser (default /usr/bin/chromium). Nothing is ever
// downloaded: a missing browser or package is an error that says what to run.
import { createRequire } from 'node:module';
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

/** Absolute path of the repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Folder the screenshots go to (listed in .gitignore). */
export const screenshotDir = join(repoRoot, 'tests', 'e2e', 'screenshots');

/** Flags every browser run gets; Playwright adds its own defaults to them. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Temporary folders made here; removed when the test process exits.
const tempDirs = [];
process.on('exit', () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A new temporary folder that is removed at exit. */
export function makeTempDir(prefix = 'instroom-e2e-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Absolute path of the instroom binary; throws a clear error when it is missing. */
export function instroomBin() {
  const bin = process.env.INSTROOM_BIN || 'build/instroom';
  const path = isAbsolute(bin) ? bin : resolve(repoRoot, bin);
  if (!existsSync(path)) {
    throw new Error(`instroom binary not found at ${path}: run "make" first (or set INSTROOM_BIN)`);
  }
  return path;
}

/** playwright-core as installed in web/node_modules. */
function playwright() {
  const require = createRequire(join(repoRoot, 'web', 'package.json'));
  try {
    return require('playwright-core');
  } catch {
    throw new Error('playwright-core is not installed: run scripts/bootstrap (or "npm ci" in web/)');
  }
}

/**
 * Starts headless Debian Chromium and returns the Playwright Browser.
 * Each launch gets a fresh temporary --user-data-dir: Playwright's launch()
 * makes one with mkdtemp and deletes it on close. Use browser.newContext()
 * for an isolated session (cookies) per user; call browser.close() at the end.
 */
export async function launchBrowser(options = {}) {
  const executablePath = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: run scripts/bootstrap (Debian package chromium)`);
  }
  return playwright().chromium.launch({
    executablePath,
    headless: true,
    args: chromiumArgs,
    timeout: 30_000,
    ...options,
  });
}

/** Keeps the last `max` lines written to a stream, so failures can show them. */
function tail(stream, max = 200) {
  const lines = [];
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop();
    for (const line of parts) {
      lines.push(line);
      if (lines.length > max) lines.shift();
    }
  });
  return () => lines.concat(rest ? [rest] : []).join('\n');
}

/**
 * Runs `instroom serve --db DB --listen 127.0.0.1:0` and waits (up to
 * timeoutMs) for the line "listening on http://127.0.0.1:PORT" on its stdout.
 * Resolves {url, port, pid, output(), stop()}: url has no trailing slash;
 * output() returns the recent stdout and stderr; stop() sends SIGTERM, waits
 * for the exit and resolves {code, signal} (SIGKILL after killAfterMs).
 */
export async function startServer({ db, args = [], env = {}, timeoutMs = 15_000, killAfterMs = 10_000 } = {}) {
  if (!db) throw new Error('startServer: db (path of the database) is required');
  const bin = instroomBin();
  const proc = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout = tail(proc.stdout);
  const stderr = tail(proc.stderr);
  const output = () => `--- stdout\n${stdout()}\n--- stderr\n${stderr()}`;
  const exited = new Promise((res) => proc.on('exit', (code, signal) => res({ code, signal })));

  const url = await new Promise((res, rej) => {
    let seen = '';
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      rej(new Error(`instroom serve did not print "listening on http://127.0.0.1:PORT" within ${timeoutMs} ms\n${output()}`));
    }, timeoutMs);
    const onData = (chunk) => {
      seen += chunk;
      const m = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(seen);
      if (m) {
        clearTimeout(timer);
        proc.stdout.off('data', onData);
        res(m[1]);
      }
    };
    proc.stdout.on('data', onData);
    proc.on('error', (err) => {
      clearTimeout(timer);
      rej(new Error(`cannot start ${bin}: ${err.message}`));
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      rej(new Error(`instroom serve exited early (code ${code}, signal ${signal})\n${output()}`));
    });
  });

  let stopping = null;
  const stop = () => {
    if (stopping) return stopping;
    stopping = (async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    })();
    return stopping;
  };
  return { url, port: Number(new URL(url).port), pid: proc.pid, output, stop };
}

/** Runs the instroom binary with args; rejects with its output on failure. */
export async function runInstroom(args, { timeoutMs = 60_000 } = {}) {
  const bin = instroomBin();
  try {
    return await execFileP(bin, args, { cwd: repoRoot, timeout: timeoutMs, maxBuffer: 16 << 20 });
  } catch (err) {
    throw new Error(`instroom ${args.join(' ')} failed (exit ${err.code}):\n${err.stdout || ''}${err.stderr || ''}`);
  }
}

/**
 * Makes a database with the demo region: `instroom init` then `instroom demo`
 * in a new temporary folder (removed at exit). Resolves the database path.
 */
export async function makeDemoDb() {
  const db = join(makeTempDir('instroom-db-'), 'instroom.db');
  await runInstroom(['init', '--db', db]);
  await runInstroom(['demo', '--db', db]);
  return db;
}

/**
 * Saves a full-page PNG of `page` as tests/e2e/screenshots/NAME.png and
 * resolves its path. NAME is reduced to [A-Za-z0-9._-].
 */
export async function screenshot(page, name) {
  const safe = String(name).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'page';
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${safe}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
