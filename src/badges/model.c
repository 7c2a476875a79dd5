/* badges model: key file, did:web, VC-JWT, credential payload, status list
 * encoding, identity hash and the bulk list parser. Pure: no I/O. */
#include "badges/model.h"

#include <assert.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "base/jsonw.h"
#include "base/json.h"
#include "base/random.h"
#include "base/str.h"

/* ---- the key file ---- */

#define KEY_MAGIC "instroom-issuer-key 1"
#define KEY_SEED "ed25519-seed:"

/* The next line of text[*pos..n) without its line end into line/len; false at the end. */
static bool next_line(const char *text, size_t n, size_t *pos, const char **line, size_t *len)
{
    if (*pos >= n) return false;
    const char *start = text + *pos;
    const char *nl = memchr(start, '\n', n - *pos);
    size_t l = nl ? (size_t)(nl - start) : n - *pos;
    *pos += l + (nl ? 1 : 0);
    if (l && start[l - 1] == '\r') l--;
    *line = start;
    *len = l;
    return true;
}

static void trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t')) (*s)++, (*n)--;
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t')) (*n)--;
}

int badges_key_parse(const char *text, size_t n, unsigned char seed[32], const char **err)
{
    const char *dummy;
    if (!err) err = &dummy;
    if (n > BADGES_KEY_FILE_MAX) {
        *err = "the key file is too long to be an issuer key";
        return -1;
    }
    if (memchr(text, '\0', n)) {
        *err = "the key file contains a NUL byte";
        return -1;
    }
    size_t pos = 0, len;
    const char *line;
    bool magic = false, have_seed = false;
    while (next_line(text, n, &pos, &line, &len)) {
        trim(&line, &len);
        if (len == 0 || line[0] == '#') continue;
        if (!magic) {
            if (len != strlen(KEY_MAGIC) || memcmp(line, KEY_MAGIC, len) != 0) {
                *err = "the first line is not 'instroom-issuer-key 1'";
                return -1;
            }
            magic = true;
            continue;
        }
        size_t kl = strlen(KEY_SEED);
        if (len < kl || memcmp(line, KEY_SEED, kl) != 0) {
            *err = "a line is neither a comment nor 'ed25519-seed: ...'";
            return -1;
        }
        if (have_seed) {
            *err = "the key file has more than one ed25519-seed line";
            return -1;
        }
        const char *v = line + kl;
        size_t vl = len - kl;
        trim(&v, &vl);
        if (vl != 43) {
            *err = "the ed25519-seed is not 43 base64url characters (32 bytes)";
            return -1;
        }
        char tmp[44];
        memcpy(tmp, v, 43);
        tmp[43] = '\0';
        arena a;
        arena_init(&a, 0);
        size_t dl = 0;
        unsigned char *d = str_base64url_decode(&a, tmp, &dl);
        if (!d || dl != 32) {
            arena_free(&a);
            *err = "the ed25519-seed is not valid base64url";
            return -1;
        }
        memcpy(seed, d, 32);
        sodium_memzero(d, 32);
        arena_free(&a);
        have_seed = true;
    }
    if (!magic) {
        *err = "the key file is empty";
        return -1;
    }
    if (!have_seed) {
        *err = "the key file has no ed25519-seed line";
        return -1;
    }
    return 0;
}

char *badges_key_format(arena *a, const unsigned char seed[32])
{
    char *b64 = str_base64url(a, seed, 32);
    if (!b64) return NULL;
    return arena_printf(a,
                        KEY_MAGIC "\n"
                        "# The Ed25519 key that signs this platform's Open Badges. Keep it secret,\n"
                        "# readable by the server's user only (mode 0600), and in the backup.\n"
                        KEY_SEED " %s\n",
                        b64);
}

void badges_key_from_seed(badges_key *k, const unsigned char seed[32])
{
    crypto_sign_seed_keypair(k->pk, k->sk, seed);
}

/* ---- did:web ---- */

char *badges_did_web(arena *a, const char *url)
{
    const char *p;
    if (str_starts_with(url, "https://")) p = url + 8;
    else if (str_starts_with(url, "http://")) p = url + 7;
    else return NULL;
    size_t hl = strcspn(p, "/?#");
    if (hl == 0) return NULL;
    buf b;
    buf_init(&b, 2048);
    buf_puts(&b, "did:web:");
    for (size_t i = 0; i < hl; i++) {
        unsigned char ch = (unsigned char)p[i];
        if (ch == ':') buf_puts(&b, "%3A");
        else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '[' ||
                 ch == ']')
            buf_putc(&b, (char)ch);
        else if (ch >= 'A' && ch <= 'Z') buf_putc(&b, (char)(ch - 'A' + 'a'));
        else {
            buf_free(&b);
            return NULL;
        }
    }
    /* Path segments become ':'-separated parts (did:web:host:path:to). */
    const char *path = p + hl;
    size_t pl = strcspn(path, "?#");
    for (size_t i = 0; i < pl; i++) {
        unsigned char ch = (unsigned char)path[i];
        if (ch == '/') {
            if (i + 1 < pl && path[i + 1] != '/') buf_putc(&b, ':');
        } else if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
                   ch == '-' || ch == '_' || ch == '~') {
            buf_putc(&b, (char)ch);
        } else {
            buf_free(&b);
            return NULL;
        }
    }
    char *out = b.failed ? NULL : arena_strdup(a, buf_cstr(&b));
    buf_free(&b);
    return out;
}

/* ---- VC-JWT ---- */

char *badges_jwt_sign(arena *a, const badges_key *k, const char *kid, const char *payload, size_t n)
{
    buf h;
    buf_init(&h, 4096);
    jsonw w;
    jsonw_init(&w, &h);
    jsonw_object_begin(&w);
    jsonw_kstr(&w, "alg", "EdDSA");
    jsonw_kstr(&w, "kid", kid);
    jsonw_kstr(&w, "typ", "JWT");
    jsonw_object_end(&w);
    if (jsonw_finish(&w) != 0) {
        buf_free(&h);
        return NULL;
    }
    char *eh = str_base64url(a, (const unsigned char *)h.data, h.len);
    buf_free(&h);
    char *ep = str_base64url(a, (const unsigned char *)payload, n);
    if (!eh || !ep) return NULL;
    char *input = arena_printf(a, "%s.%s", eh, ep);
    if (!input) return NULL;
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, NULL, (const unsigned char *)input, strlen(input), k->sk);
    char *es = str_base64url(a, sig, sizeof sig);
    return es ? arena_printf(a, "%s.%s", input, es) : NULL;
}

badges_jwt_result badges_jwt_verify(arena *a, const unsigned char pk[32], const char *jwt, const char **payload,
                                    size_t *n)
{
    const char *d1 = strchr(jwt, '.');
    const char *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
    if (!d1 || !d2 || strchr(d2 + 1, '.')) return BADGES_JWT_MALFORMED;
    char *hs = arena_strndup(a, jwt, (size_t)(d1 - jwt));
    char *ps = arena_strndup(a, d1 + 1, (size_t)(d2 - d1 - 1));
    if (!hs || !ps) return BADGES_JWT_MALFORMED;
    size_t hl, pl, sl;
    unsigned char *hd = str_base64url_decode(a, hs, &hl);
    unsigned char *pd = str_base64url_decode(a, ps, &pl);
    unsigned char *sd = str_base64url_decode(a, d2 + 1, &sl);
    if (!hd || !pd || !sd || !*hs || !*ps) return BADGES_JWT_MALFORMED;
    char err[160];
    json_t *hj = json_parse((const char *)hd, hl, err, sizeof err);
    if (!hj || !json_is_object(hj)) {
        json_decref(hj);
        return BADGES_JWT_MALFORMED;
    }
    bool eddsa = str_eq(json_get_str(hj, "alg"), "EdDSA");
    json_decref(hj);
    if (!eddsa) return BADGES_JWT_BAD_ALG;
    char *p = arena_alloc(a, pl + 1);
    if (!p) return BADGES_JWT_MALFORMED;
    memcpy(p, pd, pl);
    p[pl] = '\0';
    if (payload) *payload = p;
    if (n) *n = pl;
    if (sl != crypto_sign_BYTES) return BADGES_JWT_BAD_SIGNATURE;
    if (crypto_sign_verify_detached(sd, (const unsigned char *)jwt, (size_t)(d2 - jwt), pk) != 0)
        return BADGES_JWT_BAD_SIGNATURE;
    return BADGES_JWT_OK;
}

/* ---- identifiers ---- */

char *badges_uuid_urn(arena *a)
{
    unsigned char u[16];
    random_bytes(u, sizeof u);
    u[6] = (unsigned char)((u[6] & 0x0f) | 0x40);
    u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);
    char hex[33];
    str_hex(hex, u, sizeof u);
    return arena_printf(a, "urn:uuid:%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

char *badges_identity_hash(arena *a, const char *email, const char *salt)
{
    char *lower = arena_strdup(a, email);
    if (!lower) return NULL;
    str_lower(lower);
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)lower, strlen(lower));
    crypto_hash_sha256_update(&st, (const unsigned char *)salt, strlen(salt));
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, h);
    char hex[2 * sizeof h + 1];
    str_hex(hex, h, sizeof h);
    return arena_printf(a, "sha256$%s", hex);
}

/* ---- the status list ---- */

char *badges_status_list_encode(arena *a, const unsigned char *bits, size_t nbytes)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    /* windowBits 15 + 16: a gzip wrapper, as the Bitstring Status List asks. */
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return NULL;
    uLong cap = deflateBound(&z, (uLong)nbytes);
    unsigned char *out = arena_alloc(a, cap);
    if (!out) {
        deflateEnd(&z);
        return NULL;
    }
    z.next_in = (Bytef *)bits;
    z.avail_in = (uInt)nbytes;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FINISH);
    size_t len = z.total_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END) return NULL;
    char *b64 = str_base64url(a, out, len);
    return b64 ? arena_printf(a, "u%s", b64) : NULL;
}

int badges_status_list_decode(arena *a, const char *encoded, size_t max_bytes, unsigned char **bits,
                              size_t *nbytes)
{
    if (!encoded || encoded[0] != 'u') return -1;
    size_t gl;
    unsigned char *gz = str_base64url_decode(a, encoded + 1, &gl);
    if (!gz) return -1;
    unsigned char *out = arena_alloc(a, max_bytes ? max_bytes : 1);
    if (!out) return -1;
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 15 + 16) != Z_OK) return -1;
    z.next_in = gz;
    z.avail_in = (uInt)gl;
    z.next_out = out;
    z.avail_out = (uInt)max_bytes;
    int rc = inflate(&z, Z_FINISH);
    size_t len = z.total_out;
    inflateEnd(&z);
    if (rc != Z_STREAM_END) return -1;
    *bits = out;
    *nbytes = len;
    return 0;
}

void badges_status_set(unsigned char *bits, int64_t index)
{
    assert(index >= 0);
    bits[index / 8] = (unsigned char)(bits[index / 8] | (0x80u >> (index % 8)));
}

bool badges_status_get(const unsigned char *bits, size_t nbytes, int64_t index)
{
    if (index < 0 || (uint64_t)index / 8 >= nbytes) return false;
    return (bits[index / 8] & (0x80u >> (index % 8))) != 0;
}

/* ---- the credential ---- */

static void context(jsonw *w)
{
    jsonw_key(w, "@context");
    jsonw_array_begin(w);
    jsonw_str(w, "https://www.w3.org/ns/credentials/v2");
    jsonw_str(w, "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");
    jsonw_array_end(w);
}

static void types(jsonw *w, const char *a, const char *b)
{
    jsonw_key(w, "type");
    jsonw_array_begin(w);
    jsonw_str(w, a);
    if (b) jsonw_str(w, b);
    jsonw_array_end(w);
}

static void profile(jsonw *w, const char *key, const char *id, const char *name, const char *url)
{
    jsonw_key(w, key);
    jsonw_object_begin(w);
    jsonw_kstr(w, "id", id);
    types(w, "Profile", NULL);
    jsonw_kstr(w, "name", name);
    if (url) jsonw_kstr(w, "url", url);
    jsonw_object_end(w);
}

int badges_credential_payload(buf *out, const badges_credential *c)
{
    jsonw w;
    jsonw_init(&w, out);
    jsonw_object_begin(&w);
    context(&w);
    jsonw_kstr(&w, "id", c->id);
    types(&w, "VerifiableCredential", "OpenBadgeCredential");
    profile(&w, "issuer", c->issuer_id, c->issuer_name, c->issuer_url);
    jsonw_ktime(&w, "validFrom", c->valid_from, false);
    if (c->valid_until) jsonw_ktime(&w, "validUntil", c->valid_until, false);
    jsonw_kstr(&w, "name", c->name);
    jsonw_key(&w, "credentialSubject");
    jsonw_object_begin(&w);
    jsonw_kstr(&w, "id", c->subject_id);
    types(&w, "AchievementSubject", NULL);
    jsonw_key(&w, "identifier");
    jsonw_array_begin(&w);
    jsonw_object_begin(&w);
    types(&w, "IdentityObject", NULL);
    jsonw_kstr(&w, "identityType", "name");
    jsonw_kbool(&w, "hashed", false);
    jsonw_kstr(&w, "identityHash", c->recipient_name);
    jsonw_object_end(&w);
    if (c->email_hash) {
        jsonw_object_begin(&w);
        types(&w, "IdentityObject", NULL);
        jsonw_kstr(&w, "identityType", "emailAddress");
        jsonw_kbool(&w, "hashed", true);
        jsonw_kstr(&w, "identityHash", c->email_hash);
        jsonw_kstr(&w, "salt", c->salt);
        jsonw_object_end(&w);
    }
    jsonw_array_end(&w);
    jsonw_key(&w, "achievement");
    jsonw_object_begin(&w);
    jsonw_kstr(&w, "id", c->achievement_id);
    types(&w, "Achievement", NULL);
    jsonw_kstr(&w, "name", c->achievement_name);
    jsonw_kstr(&w, "description", c->description);
    jsonw_key(&w, "criteria");
    jsonw_object_begin(&w);
    jsonw_kstr(&w, "narrative", c->criteria);
    jsonw_object_end(&w);
    if (c->lang) jsonw_kstr(&w, "inLanguage", c->lang);
    if (c->creator_id) profile(&w, "creator", c->creator_id, c->creator_name, NULL);
    if (c->nalignments) {
        jsonw_key(&w, "alignment");
        jsonw_array_begin(&w);
        for (int i = 0; i < c->nalignments; i++) {
            jsonw_object_begin(&w);
            types(&w, "Alignment", NULL);
            jsonw_kstr(&w, "targetName", c->alignments[i].name);
            jsonw_kstr(&w, "targetUrl", c->alignments[i].url);
            jsonw_kstr(&w, "targetType", c->alignments[i].type);
            jsonw_object_end(&w);
        }
        jsonw_array_end(&w);
    }
    jsonw_object_end(&w); /* achievement */
    jsonw_object_end(&w); /* credentialSubject */
    jsonw_key(&w, "credentialStatus");
    jsonw_object_begin(&w);
    char idx[24];
    snprintf(idx, sizeof idx, "%lld", (long long)c->status_index);
    buf sid;
    buf_init(&sid, 4096);
    buf_printf(&sid, "%s#%s", c->status_list_url, idx);
    jsonw_kstr(&w, "id", buf_cstr(&sid));
    buf_free(&sid);
    jsonw_kstr(&w, "type", "BitstringStatusListEntry");
    jsonw_kstr(&w, "statusPurpose", "revocation");
    jsonw_kstr(&w, "statusListIndex", idx);
    jsonw_kstr(&w, "statusListCredential", c->status_list_url);
    jsonw_object_end(&w);
    /* The JWT claims (OB 3.0 section 8.2.3). */
    jsonw_kstr(&w, "iss", c->issuer_id);
    jsonw_kstr(&w, "jti", c->id);
    jsonw_kstr(&w, "sub", c->subject_id);
    jsonw_kint(&w, "nbf", c->valid_from);
    if (c->valid_until) jsonw_kint(&w, "exp", c->valid_until);
    jsonw_object_end(&w);
    return jsonw_finish(&w);
}

int badges_status_list_payload(buf *out, const char *url, const char *issuer_id, const char *issuer_name,
                               int64_t valid_from, const char *encoded_list)
{
    jsonw w;
    jsonw_init(&w, out);
    jsonw_object_begin(&w);
    context(&w);
    jsonw_kstr(&w, "id", url);
    types(&w, "VerifiableCredential", "BitstringStatusListCredential");
    profile(&w, "issuer", issuer_id, issuer_name, NULL);
    jsonw_ktime(&w, "validFrom", valid_from, false);
    jsonw_key(&w, "credentialSubject");
    jsonw_object_begin(&w);
    buf sid;
    buf_init(&sid, 4096);
    buf_printf(&sid, "%s#list", url);
    jsonw_kstr(&w, "id", buf_cstr(&sid));
    buf_free(&sid);
    jsonw_kstr(&w, "type", "BitstringStatusList");
    jsonw_kstr(&w, "statusPurpose", "revocation");
    jsonw_kstr(&w, "encodedList", encoded_list);
    jsonw_object_end(&w);
    jsonw_kstr(&w, "iss", issuer_id);
    jsonw_kstr(&w, "jti", url);
    jsonw_kint(&w, "nbf", valid_from);
    jsonw_object_end(&w);
    return jsonw_finish(&w);
}

/* ---- bulk lists ---- */

/* True for an e-mail address as forms accept it: local@domain.tld, no
 * spaces or controls, at most 254 bytes. */
static bool plausible_email(const char *s, size_t n)
{
    if (n < 3 || n > 254) return false;
    const char *at = memchr(s, '@', n);
    if (!at || at == s || at == s + n - 1 || memchr(at + 1, '@', (size_t)(s + n - at - 1))) return false;
    if (!memchr(at + 1, '.', (size_t)(s + n - at - 1))) return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch <= ' ' || ch == 0x7f || ch == '<' || ch == '>' || ch == '"' || ch == ',') return false;
    }
    return s[n - 1] != '.';
}

int badges_recipients_parse(arena *a, const char *text, size_t n, badges_recipient_line **out, int *count)
{
    *out = NULL;
    *count = 0;
    if (memchr(text, '\0', n) || !str_utf8_valid(text, n)) return -1;
    int cap = 16, k = 0;
    badges_recipient_line *lines = arena_calloc(a, (size_t)cap, sizeof *lines);
    if (!lines) return -1;
    size_t pos = 0, len;
    const char *line;
    int lineno = 0;
    while (next_line(text, n, &pos, &line, &len)) {
        lineno++;
        const char *hash = memchr(line, '#', len); /* a comment runs to the end of the line */
        if (hash) len = (size_t)(hash - line);
        size_t i = 0;
        while (i <= len) {
            size_t e = i;
            while (e < len && line[e] != ',' && line[e] != ';') e++;
            const char *item = line + i;
            size_t il = e - i;
            i = e + 1;
            trim(&item, &il);
            if (il == 0) continue;
            if (k == BADGES_BULK_MAX_LINES) return -1;
            if (k == cap) {
                badges_recipient_line *bigger = arena_calloc(a, (size_t)cap * 2, sizeof *bigger);
                if (!bigger) return -1;
                memcpy(bigger, lines, (size_t)cap * sizeof *lines);
                lines = bigger;
                cap *= 2;
            }
            badges_recipient_line *r = &lines[k++];
            r->line = lineno;
            r->text = arena_strndup(a, item, il);
            if (!r->text) return -1;
            int64_t id;
            if (item[0] >= '0' && item[0] <= '9' && str_to_int64(r->text, 1, INT64_MAX, &id) == 0) {
                r->kind = BADGES_LINE_PERSON;
                r->person_id = id;
            } else if (plausible_email(item, il)) {
                r->kind = BADGES_LINE_EMAIL;
                char *lower = arena_strdup(a, r->text);
                if (!lower) return -1;
                r->email = str_lower(lower);
            } else {
                r->kind = BADGES_LINE_INVALID;
            }
        }
    }
    *out = lines;
    *count = k;
    return 0;
}
