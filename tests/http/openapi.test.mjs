// docs/api/openapi.json passes `redocly lint` (the recommended rules of
// redocly.yaml) without errors, and the running server serves the same
// document at /api/v1/openapi.json. That every route is documented is
// checked by tests/unit/test_openapi.c.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeDemoDb, repoRoot, startServer } from '../e2e/lib.mjs';

const execFileP = promisify(execFile);
const doc = join(repoRoot, 'docs', 'api', 'openapi.json');

test('redocly lint finds no errors in docs/api/openapi.json', async () => {
  const redocly = join(repoRoot, 'web', 'node_modules', '.bin', 'redocly');
  assert.ok(existsSync(redocly), 'redocly is not installed: run scripts/bootstrap (npm ci in web/)');
  // Nothing may leave the machine during tests: no telemetry, no update check.
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
  let stdout = '';
  try {
    ({ stdout } = await execFileP(redocly, ['lint', '--format=json', '--config', join(repoRoot, 'redocly.yaml'), doc],
      { cwd: repoRoot, env, timeout: 120_000, maxBuffer: 16 << 20 }));
  } catch (err) {
    stdout = err.stdout || '';
    if (!stdout.includes('"totals"')) throw new Error(`redocly lint failed to run:\n${err.stdout}${err.stderr}`);
  }
  const report = JSON.parse(stdout.slice(stdout.indexOf('{')));
  const errors = report.problems.filter((p) => p.severity === 'error');
  assert.equal(report.totals.errors, 0,
    errors.map((p) => `${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer}`).join('\n'));
});

test('the server serves the document it was built with', async () => {
  const srv = await startServer({ db: await makeDemoDb() });
  try {
    const r = await fetch(`${srv.url}/api/v1/openapi.json`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.deepEqual(await r.json(), JSON.parse(readFileSync(doc, 'utf8')));
  } finally {
    const { code } = await srv.stop();
    assert.equal(code, 0, srv.output());
  }
});
