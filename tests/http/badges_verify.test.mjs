// The Must show of issue 4 (badges): an Open Badge issued through the API is
// verified the way an outside verifier would, with the npm package jose and
// nothing of instroom's own code: resolve the did:web issuer to its DID
// document, take the JWK of the JOSE header's kid, verify the VC-JWT's EdDSA
// signature, check the OB 3.0 fields and JWT claims; a tampered credential
// fails; a revoked one is revoked in the Bitstring Status List (gunzip the
// encodedList, read the bit).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import { makeDemoDb, startServer, runInstroom, repoRoot } from '../e2e/lib.mjs';

const jose = await import(pathToFileURL(createRequire(join(repoRoot, 'web', 'package.json')).resolve('jose')).href);

let db, srv, tok;

function sql(query) {
  return execFileSync('sqlite3', [db, query], { encoding: 'utf8' }).trim();
}

async function api(method, path, json) {
  const headers = { Authorization: `Bearer ${tok}` };
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(srv.url + path, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
  const text = await r.text();
  return { status: r.status, text, json: () => JSON.parse(text) };
}

// did:web:HOST%3APORT[:path] -> https://HOST:PORT[/path]/did.json (or
// /.well-known/did.json without a path), per the did:web method. The test
// server speaks http on loopback, so https:// is mapped to the local URL.
function didWebToUrl(did) {
  const parts = did.slice('did:web:'.length).split(':').map(decodeURIComponent);
  const host = parts.shift();
  const path = parts.length ? `/${parts.join('/')}/did.json` : '/.well-known/did.json';
  const https = `https://${host}${path}`;
  return https.replace(`https://${new URL(srv.url).host}`, srv.url);
}

// What a verifier does: header -> kid -> DID document -> JWK -> signature.
async function verifyJwt(jwt) {
  const header = jose.decodeProtectedHeader(jwt);
  assert.equal(header.alg, 'EdDSA');
  assert.equal(header.typ, 'JWT');
  assert.deepEqual(Object.keys(header).sort(), ['alg', 'kid', 'typ'], 'OB 3.0 allows no other JOSE headers');
  const did = header.kid.split('#')[0];
  const doc = await (await fetch(didWebToUrl(did))).json();
  assert.equal(doc.id, did);
  const vm = doc.verificationMethod.find((m) => m.id === header.kid);
  assert.ok(vm, 'the kid is a verification method of the DID document');
  assert.ok(doc.assertionMethod.includes(header.kid), 'and may assert credentials');
  assert.equal(vm.publicKeyJwk.d, undefined, 'no private part in the DID document');
  const key = await jose.importJWK(vm.publicKeyJwk, 'EdDSA');
  return jose.jwtVerify(jwt, key, { issuer: did, algorithms: ['EdDSA'] });
}

before(async () => {
  db = await makeDemoDb();
  srv = await startServer({ db });
  const { stdout } = await runInstroom(['token', 'create', '--db', db, '--user', 'trainer@rivor.demo', '--scope', 'write']);
  tok = stdout.trim();
});

after(async () => {
  const { code } = await srv.stop();
  assert.equal(code, 0, srv.output());
});

let achievementId, personA, personB;

test('a trainer makes an achievement and issues it through the API', async () => {
  const rivor = sql("SELECT id FROM orgs WHERE name = 'ROC Rivor'");
  let r = await api('POST', '/api/v1/achievements', {
    name_nl: 'Veilig tillen', name_en: 'Safe lifting',
    description_nl: 'Kan een cliënt veilig verplaatsen.', description_en: 'Can move a client safely.',
    criteria_nl: 'Praktijkopdracht tillen gehaald.', criteria_en: 'Passed the lifting assignment.',
    org_id: Number(rivor), valid_days: 365,
  });
  assert.equal(r.status, 201, r.text);
  achievementId = r.json().id;
  personA = Number(sql("SELECT id FROM people WHERE email = 'fatima.ouali@voorbeeld.demo'"));
  personB = Number(sql("SELECT id FROM people WHERE email = 'jeroen.vandijk@voorbeeld.demo'"));
  r = await api('POST', `/api/v1/achievements/${achievementId}/credentials`, {
    recipients: [personA, 'Jeroen.vanDijk@voorbeeld.demo'],
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json().issued, 2);
});

async function credentialOf(person) {
  const list = (await api('GET', `/api/v1/achievements/${achievementId}/credentials`)).json().items;
  const c = list.find((x) => x.person_id === person);
  assert.ok(c, `a credential for person ${person}`);
  return c;
}

test('jose verifies the VC-JWT with the key of the did:web DID document; the OB 3.0 fields are there', async () => {
  const c = await credentialOf(personA);
  const { payload, protectedHeader } = await verifyJwt(c.jwt);
  assert.match(protectedHeader.kid, /^did:web:127\.0\.0\.1%3A\d+#key-1$/);
  assert.deepEqual(payload['@context'], [
    'https://www.w3.org/ns/credentials/v2',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  ]);
  assert.deepEqual(payload.type, ['VerifiableCredential', 'OpenBadgeCredential']);
  assert.match(payload.id, /^urn:uuid:[0-9a-f-]{36}$/);
  assert.equal(payload.jti, payload.id);
  assert.equal(payload.iss, payload.issuer.id);
  assert.deepEqual(payload.issuer.type, ['Profile']);
  assert.equal(payload.issuer.name, 'Werkgeversorganisatie Zorg en Welzijn');
  assert.equal(payload.sub, payload.credentialSubject.id);
  assert.equal(payload.nbf, Date.parse(payload.validFrom) / 1000);
  assert.equal(payload.exp, Date.parse(payload.validUntil) / 1000);
  assert.equal(payload.exp - payload.nbf, 365 * 86400);
  assert.equal(payload.name, 'Veilig tillen');
  const subject = payload.credentialSubject;
  assert.deepEqual(subject.type, ['AchievementSubject']);
  assert.deepEqual(subject.achievement.type, ['Achievement']);
  assert.equal(subject.achievement.name, 'Veilig tillen');
  assert.equal(subject.achievement.criteria.narrative, 'Praktijkopdracht tillen gehaald.');
  assert.equal(subject.achievement.creator.name, 'ROC Rivor');
  // Privacy: the holder's name, and the e-mail only as a salted hash.
  assert.ok(!JSON.stringify(payload).includes('fatima.ouali@'), 'no e-mail address in clear');
  const name = subject.identifier.find((i) => i.identityType === 'name');
  assert.equal(name.identityHash, 'Fatima Ouali');
  const mail = subject.identifier.find((i) => i.identityType === 'emailAddress');
  assert.equal(mail.hashed, true);
  const { createHash } = await import('node:crypto');
  assert.equal(mail.identityHash, 'sha256$' + createHash('sha256').update('fatima.ouali@voorbeeld.demo' + mail.salt).digest('hex'));
  const st = payload.credentialStatus;
  assert.equal(st.type, 'BitstringStatusListEntry');
  assert.equal(st.statusPurpose, 'revocation');
  assert.equal(st.statusListCredential, `${srv.url}/badges/status/revocation`);
  assert.equal(st.id, `${st.statusListCredential}#${st.statusListIndex}`);
  // The public page and the downloads agree.
  const page = await fetch(c.verify_url);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Geldig/);
  const jwt = await (await fetch(`${c.verify_url}.jwt`)).text();
  assert.equal(jwt, c.jwt);
  const json = await (await fetch(`${c.verify_url}.json`)).json();
  assert.equal(json.id, payload.id);
  assert.equal(json.jti, undefined, 'the JSON download is the credential without the JWT claims');
});

test('a tampered credential (payload changed and re-encoded) fails verification, also on the public page', async () => {
  const c = await credentialOf(personA);
  const [h, p, s] = c.jwt.split('.');
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
  payload.credentialSubject.achievement.name = 'Verpleegkundige niveau 6';
  const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
  await assert.rejects(verifyJwt(forged), (e) => e.code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  // A key that is not the issuer's does not verify a genuine one either.
  const { publicKey } = await jose.generateKeyPair('EdDSA', { crv: 'Ed25519' });
  await assert.rejects(jose.jwtVerify(c.jwt, publicKey), (e) => e.code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  // Tampering with the stored row: the page checks the signature every time.
  const token = c.verify_url.split('/').pop();
  sql(`UPDATE credentials SET jwt = '${forged}' WHERE token = '${token}'`);
  await new Promise((r) => setTimeout(r, 150));
  const html = await (await fetch(c.verify_url)).text();
  assert.match(html, /Handtekening ongeldig/);
  assert.doesNotMatch(html, /Verpleegkundige niveau 6/, 'nothing of a forged credential is shown');
  sql(`UPDATE credentials SET jwt = '${c.jwt}' WHERE token = '${token}'`);
});

test('a revoked credential is revoked in the signed Bitstring Status List', async () => {
  const c = await credentialOf(personB);
  const { payload } = await verifyJwt(c.jwt);
  const index = Number(payload.credentialStatus.statusListIndex);
  const bitOf = async () => {
    const listJwt = await (await fetch(payload.credentialStatus.statusListCredential)).text();
    const { payload: list } = await verifyJwt(listJwt);
    assert.deepEqual(list.type, ['VerifiableCredential', 'BitstringStatusListCredential']);
    assert.equal(list.credentialSubject.type, 'BitstringStatusList');
    assert.equal(list.credentialSubject.statusPurpose, 'revocation');
    const enc = list.credentialSubject.encodedList;
    assert.equal(enc[0], 'u', 'multibase base64url');
    const bits = gunzipSync(Buffer.from(enc.slice(1), 'base64url'));
    assert.ok(bits.length * 8 >= 131072, 'at least 131,072 bits');
    return (bits[Math.floor(index / 8)] >> (7 - (index % 8))) & 1;
  };
  assert.equal(await bitOf(), 0, 'not revoked yet');
  let r = await api('POST', `/api/v1/credentials/${c.id}/revoke`, {});
  assert.equal(r.status, 422, 'a reason is required');
  r = await api('POST', `/api/v1/credentials/${c.id}/revoke`, { reason: 'Uitgereikt aan de verkeerde persoon' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().status, 'revoked');
  assert.equal(await bitOf(), 1, 'revoked: its bit is set');
  // The other credential's bit stays clear.
  const other = await verifyJwt((await credentialOf(personA)).jwt);
  const i2 = Number(other.payload.credentialStatus.statusListIndex);
  assert.notEqual(i2, index);
  const listJwt = await (await fetch(other.payload.credentialStatus.statusListCredential)).text();
  const bits = gunzipSync(Buffer.from(jose.decodeJwt(listJwt).credentialSubject.encodedList.slice(1), 'base64url'));
  assert.equal((bits[Math.floor(i2 / 8)] >> (7 - (i2 % 8))) & 1, 0);
  assert.match(await (await fetch(c.verify_url)).text(), /Ingetrokken/);
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE entity = 'credential' AND action = 'revoke' AND entity_id = ${c.id}`), '1');
});

test('the AVG erasure of the holder revokes the credential and erases what it held; a verifier with a copy sees it revoked', async () => {
  const c = await credentialOf(personA);
  const { payload } = await verifyJwt(c.jwt);
  const index = Number(payload.credentialStatus.statusListIndex);
  const { stdout } = await runInstroom(['token', 'create', '--db', db, '--user', 'coordinator@wzw.demo', '--scope', 'write']);
  const coord = stdout.trim();
  const r = await fetch(`${srv.url}/api/v1/people/${personA}/erasure`, { method: 'POST', headers: { Authorization: `Bearer ${coord}` } });
  assert.equal(r.status, 200, await r.text());
  assert.equal(sql(`SELECT recipient_name || '|' || jwt || '|' || revoke_reason || '|' || (revoked_at IS NOT NULL) FROM credentials WHERE id = ${c.id}`), '||erased|1');
  // Nothing of Fatima's is left in any credential (the demo's course badge was hers too).
  assert.equal(sql("SELECT count(*) FROM credentials WHERE recipient_name LIKE '%Fatima%' OR recipient_name LIKE '%Ouali%'"), '0');
  const page = await (await fetch(c.verify_url)).text();
  assert.match(page, /Ingetrokken/);
  assert.match(page, /op verzoek van de houder/);
  assert.doesNotMatch(page, /Fatima|Ouali/);
  for (const ext of ['.jwt', '.json']) {
    const d = await fetch(c.verify_url + ext);
    assert.equal(d.status, 410, ext);
    assert.doesNotMatch(await d.text(), /Fatima|Ouali/);
  }
  // The copy the holder shared still verifies as a signature, and its status bit now says revoked.
  const listJwt = await (await fetch(payload.credentialStatus.statusListCredential)).text();
  const { payload: list } = await verifyJwt(listJwt);
  const bits = gunzipSync(Buffer.from(list.credentialSubject.encodedList.slice(1), 'base64url'));
  assert.equal((bits[Math.floor(index / 8)] >> (7 - (index % 8))) & 1, 1);
});
