/* Unit tests of src/badges: key file, did:web, VC-JWT sign/verify and
 * tampering, the credential payload's OB 3.0 fields, the status list
 * encoding, the identity hash, the bulk list parser, and the key file on disk
 * (permissions, errors). */
#include <criterion/criterion.h>

#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "badges/badges.h"
#include "badges/model.h"
#include "base/json.h"
#include "base/random.h"
#include "base/str.h"

static arena A;

static void setup(void)
{
    cr_assert_eq(random_init(), 0);
    arena_init(&A, 0);
}

static void teardown(void)
{
    arena_free(&A);
}

TestSuite(badges, .init = setup, .fini = teardown);

static const unsigned char SEED[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                       17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};

/* ---- key file ---- */

Test(badges, key_file_round_trips)
{
    char *text = badges_key_format(&A, SEED);
    cr_assert(str_starts_with(text, "instroom-issuer-key 1\n"));
    unsigned char seed[32];
    const char *err = NULL;
    cr_assert_eq(badges_key_parse(text, strlen(text), seed, &err), 0, "%s", err);
    cr_assert_eq(memcmp(seed, SEED, 32), 0);
}

Test(badges, key_file_errors_say_what)
{
    unsigned char seed[32];
    const char *err = NULL;
    cr_assert_eq(badges_key_parse("", 0, seed, &err), -1);
    cr_assert_str_eq(err, "the key file is empty");
    const char *wrong_magic = "ssh-ed25519 AAAA\n";
    cr_assert_eq(badges_key_parse(wrong_magic, strlen(wrong_magic), seed, &err), -1);
    cr_assert(strstr(err, "first line"));
    const char *no_seed = "instroom-issuer-key 1\n# nothing\n";
    cr_assert_eq(badges_key_parse(no_seed, strlen(no_seed), seed, &err), -1);
    cr_assert(strstr(err, "no ed25519-seed"));
    const char *short_seed = "instroom-issuer-key 1\ned25519-seed: abc\n";
    cr_assert_eq(badges_key_parse(short_seed, strlen(short_seed), seed, &err), -1);
    cr_assert(strstr(err, "43"));
    const char *bad_chars = "instroom-issuer-key 1\ned25519-seed: ***************************************++++\n";
    cr_assert_eq(badges_key_parse(bad_chars, strlen(bad_chars), seed, &err), -1);
    cr_assert(strstr(err, "base64url"));
    char *good = badges_key_format(&A, SEED);
    char *twice = arena_printf(&A, "%s%s", good, strchr(good, '\n') + 1);
    cr_assert_eq(badges_key_parse(twice, strlen(twice), seed, &err), -1);
    cr_assert(strstr(err, "more than one"));
    char nul[] = "instroom-issuer-key 1\n\0";
    cr_assert_eq(badges_key_parse(nul, sizeof nul - 1, seed, &err), -1);
    cr_assert(strstr(err, "NUL"));
}

/* Writes text to a new temporary file with mode; returns its path (malloc). */
static char *temp_file(const char *text, mode_t mode)
{
    char *path = strdup("/tmp/instroom-badges-key-XXXXXX");
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    if (text) cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    chmod(path, mode);
    return path;
}

Test(badges, key_init_makes_a_private_file_and_keeps_it)
{
    char *dir = strdup("/tmp/instroom-badges-XXXXXX");
    cr_assert(mkdtemp(dir));
    char path[512];
    badges_key_path(arena_printf(&A, "%s/x.db", dir), path, sizeof path);
    cr_assert(str_starts_with(path, dir));
    cr_assert(strstr(path, "/x.db.issuer-key"));
    cr_assert_eq(badges_key_init(path), 1);
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    cr_assert_eq(st.st_mode & 0777, 0600);
    cr_assert_eq(badges_key_load(path), 0);
    unsigned char pk[32];
    memcpy(pk, badges_key_current()->pk, 32);
    cr_assert_eq(badges_key_init(path), 0, "an existing key is never replaced");
    cr_assert_eq(badges_key_load(path), 0);
    cr_assert_eq(memcmp(pk, badges_key_current()->pk, 32), 0);
    badges_key_unload();
    cr_assert_null(badges_key_current());
    unlink(path);
    rmdir(dir);
    free(dir);
}

Test(badges, key_load_refuses_readable_missing_and_malformed_files)
{
    char *good = badges_key_format(&A, SEED);
    char *open_file = temp_file(good, 0644);
    cr_assert_eq(badges_key_load(open_file), -1, "a group/world-readable key is refused");
    cr_assert_null(badges_key_current());
    chmod(open_file, 0600);
    cr_assert_eq(badges_key_load(open_file), 0);
    badges_key_unload();
    char *bad = temp_file("instroom-issuer-key 1\nhello\n", 0600);
    cr_assert_eq(badges_key_load(bad), -1);
    cr_assert_eq(badges_key_load("/nonexistent/instroom.issuer-key"), -1);
    /* The default next to the database may be missing (a warning), an explicit one may not. */
    cr_assert_eq(badges_key_load_for(NULL, "/nonexistent/db"), 0);
    cr_assert_null(badges_key_current());
    cr_assert_eq(badges_key_load_for("/nonexistent/key", "/nonexistent/db"), -1);
    unlink(open_file);
    unlink(bad);
    free(open_file);
    free(bad);
}

/* ---- did:web ---- */

Test(badges, did_web_from_urls)
{
    cr_assert_str_eq(badges_did_web(&A, "http://127.0.0.1:8080"), "did:web:127.0.0.1%3A8080");
    cr_assert_str_eq(badges_did_web(&A, "https://Instroom.Example.nl"), "did:web:instroom.example.nl");
    cr_assert_str_eq(badges_did_web(&A, "https://example.nl/regio/gelderland/"), "did:web:example.nl:regio:gelderland");
    cr_assert_null(badges_did_web(&A, "ftp://example.nl"));
    cr_assert_null(badges_did_web(&A, "https://"));
    cr_assert_null(badges_did_web(&A, "https://exa mple.nl"));
}

/* ---- VC-JWT ---- */

Test(badges, jwt_signs_and_verifies_and_detects_tampering)
{
    badges_key k;
    badges_key_from_seed(&k, SEED);
    const char *payload = "{\"iss\":\"did:web:x\",\"name\":\"Zorgrunner\"}";
    char *jwt = badges_jwt_sign(&A, &k, "did:web:x#key-1", payload, strlen(payload));
    cr_assert_not_null(jwt);
    /* The header is exactly what OB 3.0 allows. */
    size_t hl;
    char *dot = strchr(jwt, '.');
    unsigned char *h = str_base64url_decode(&A, arena_strndup(&A, jwt, (size_t)(dot - jwt)), &hl);
    cr_assert_not_null(h);
    cr_assert_eq(hl, strlen("{\"alg\":\"EdDSA\",\"kid\":\"did:web:x#key-1\",\"typ\":\"JWT\"}"));
    cr_assert_eq(memcmp(h, "{\"alg\":\"EdDSA\",\"kid\":\"did:web:x#key-1\",\"typ\":\"JWT\"}", hl), 0);
    const char *out = NULL;
    size_t n = 0;
    cr_assert_eq(badges_jwt_verify(&A, k.pk, jwt, &out, &n), BADGES_JWT_OK);
    cr_assert_str_eq(out, payload);
    cr_assert_eq(n, strlen(payload));

    /* A changed payload, re-encoded with the old signature, fails. */
    const char *evil = "{\"iss\":\"did:web:x\",\"name\":\"Verpleegkundige\"}";
    char *sig = strrchr(jwt, '.');
    char *forged = arena_printf(&A, "%.*s.%s%s", (int)(dot - jwt), jwt,
                                str_base64url(&A, (const unsigned char *)evil, strlen(evil)), sig);
    cr_assert_eq(badges_jwt_verify(&A, k.pk, forged, &out, &n), BADGES_JWT_BAD_SIGNATURE);
    cr_assert_str_eq(out, evil, "the payload is still decoded for the report");
    /* Another key fails. */
    unsigned char other_seed[32] = {9};
    badges_key other;
    badges_key_from_seed(&other, other_seed);
    cr_assert_eq(badges_jwt_verify(&A, other.pk, jwt, NULL, NULL), BADGES_JWT_BAD_SIGNATURE);
    /* A flipped signature bit fails. */
    char *flipped = arena_strdup(&A, jwt);
    char *last = flipped + strlen(flipped) - 2;
    *last = *last == 'A' ? 'B' : 'A';
    cr_assert_eq(badges_jwt_verify(&A, k.pk, flipped, NULL, NULL), BADGES_JWT_BAD_SIGNATURE);
    /* Malformed tokens. */
    cr_assert_eq(badges_jwt_verify(&A, k.pk, "abc", NULL, NULL), BADGES_JWT_MALFORMED);
    cr_assert_eq(badges_jwt_verify(&A, k.pk, "a.b.c.d", NULL, NULL), BADGES_JWT_MALFORMED);
    cr_assert_eq(badges_jwt_verify(&A, k.pk, "!!.e30.AA", NULL, NULL), BADGES_JWT_MALFORMED);
    /* alg none is refused. */
    const char *none_header = "{\"alg\":\"none\"}";
    char *none = arena_printf(&A, "%s.%s.", str_base64url(&A, (const unsigned char *)none_header, strlen(none_header)),
                              str_base64url(&A, (const unsigned char *)payload, strlen(payload)));
    cr_assert_eq(badges_jwt_verify(&A, k.pk, none, NULL, NULL), BADGES_JWT_BAD_ALG);
}

Test(badges, jwt_matches_a_known_ed25519_signature)
{
    /* RFC 8032 test 1: the empty message with this secret key. */
    unsigned char seed[32];
    const char *hex = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    for (int i = 0; i < 32; i++) sscanf(hex + 2 * i, "%2hhx", &seed[i]);
    badges_key k;
    badges_key_from_seed(&k, seed);
    char pkhex[65];
    str_hex(pkhex, k.pk, 32);
    cr_assert_str_eq(pkhex, "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
}

/* ---- the credential ---- */

static json_t *credential_json(const badges_credential *c)
{
    buf b;
    buf_init(&b, 0);
    cr_assert_eq(badges_credential_payload(&b, c), 0);
    char err[160];
    json_t *j = json_parse(b.data, b.len, err, sizeof err);
    cr_assert_not_null(j, "%s", err);
    buf_free(&b);
    return j;
}

static const char *get(json_t *o, const char *path)
{
    char tmp[200];
    snprintf(tmp, sizeof tmp, "%s", path);
    json_t *v = o;
    for (char *save = NULL, *part = strtok_r(tmp, ".", &save); part; part = strtok_r(NULL, ".", &save))
        v = json_object_get(v, part);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

Test(badges, credential_has_the_ob3_fields_and_jwt_claims)
{
    badges_alignment al[] = {{"Handhygiëne", "urn:instroom:skill:handhygiene", "ceasn:Competency"}};
    badges_credential c = {
        .id = "urn:uuid:11111111-2222-4333-8444-555555555555",
        .issuer_id = "did:web:127.0.0.1%3A8080",
        .issuer_name = "Werkgeversorganisatie Zorg en Welzijn",
        .issuer_url = "https://wzw.example",
        .name = "Zorgrunner basisvaardigheden",
        .subject_id = "urn:uuid:66666666-7777-4888-8999-000000000000",
        .recipient_name = "Daan Smit",
        .email_hash = "sha256$abc",
        .salt = "s",
        .achievement_id = "http://127.0.0.1:8080/badges/achievements/1",
        .achievement_name = "Zorgrunner basisvaardigheden",
        .description = "Ondersteunende taken",
        .criteria = "Drie dagdelen gevolgd",
        .lang = "nl",
        .alignments = al,
        .nalignments = 1,
        .valid_from = 1775000000,
        .valid_until = 1775000000 + 86400,
        .status_list_url = "http://127.0.0.1:8080/badges/status/revocation",
        .status_index = 4242,
    };
    json_t *j = credential_json(&c);
    json_t *ctx = json_object_get(j, "@context");
    cr_assert_str_eq(json_string_value(json_array_get(ctx, 0)), "https://www.w3.org/ns/credentials/v2");
    cr_assert_str_eq(json_string_value(json_array_get(ctx, 1)),
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");
    json_t *type = json_object_get(j, "type");
    cr_assert_str_eq(json_string_value(json_array_get(type, 0)), "VerifiableCredential");
    cr_assert_str_eq(json_string_value(json_array_get(type, 1)), "OpenBadgeCredential");
    cr_assert_str_eq(get(j, "id"), c.id);
    cr_assert_str_eq(get(j, "issuer.id"), c.issuer_id);
    cr_assert_str_eq(json_string_value(json_array_get(json_object_get(json_object_get(j, "issuer"), "type"), 0)),
                     "Profile");
    cr_assert_str_eq(get(j, "validFrom"), "2026-03-31T23:33:20Z");
    cr_assert_str_eq(get(j, "validUntil"), "2026-04-01T23:33:20Z");
    cr_assert_str_eq(get(j, "credentialSubject.achievement.criteria.narrative"), "Drie dagdelen gevolgd");
    json_t *ach = json_object_get(json_object_get(j, "credentialSubject"), "achievement");
    json_t *a0 = json_array_get(json_object_get(ach, "alignment"), 0);
    cr_assert_str_eq(get(a0, "targetUrl"), "urn:instroom:skill:handhygiene");
    cr_assert_str_eq(get(a0, "targetName"), "Handhygiëne");
    cr_assert_str_eq(get(j, "credentialStatus.type"), "BitstringStatusListEntry");
    cr_assert_str_eq(get(j, "credentialStatus.statusPurpose"), "revocation");
    cr_assert_str_eq(get(j, "credentialStatus.statusListIndex"), "4242");
    cr_assert_str_eq(get(j, "credentialStatus.id"), "http://127.0.0.1:8080/badges/status/revocation#4242");
    /* The JWT claims mirror the credential (OB 3.0 section 8.2). */
    cr_assert_str_eq(get(j, "iss"), c.issuer_id);
    cr_assert_str_eq(get(j, "jti"), c.id);
    cr_assert_str_eq(get(j, "sub"), c.subject_id);
    cr_assert_str_eq(get(j, "credentialSubject.id"), c.subject_id);
    cr_assert_eq(json_integer_value(json_object_get(j, "nbf")), c.valid_from);
    cr_assert_eq(json_integer_value(json_object_get(j, "exp")), c.valid_until);
    /* No e-mail in clear: the name and a salted hash only. */
    json_t *ids = json_object_get(json_object_get(j, "credentialSubject"), "identifier");
    cr_assert_eq(json_array_size(ids), 2);
    cr_assert_str_eq(get(json_array_get(ids, 0), "identityType"), "name");
    cr_assert_str_eq(get(json_array_get(ids, 1), "identityHash"), "sha256$abc");
    json_decref(j);

    c.valid_until = 0;
    c.email_hash = NULL;
    j = credential_json(&c);
    cr_assert_null(json_object_get(j, "exp"));
    cr_assert_null(json_object_get(j, "validUntil"));
    cr_assert_eq(json_array_size(json_object_get(json_object_get(j, "credentialSubject"), "identifier")), 1);
    json_decref(j);
}

Test(badges, identity_hash_is_salted_sha256_of_the_lowercased_address)
{
    char *h = badges_identity_hash(&A, "Daan@Example.NL", "zout");
    unsigned char d[32];
    const char *input = "daan@example.nlzout";
    crypto_hash_sha256(d, (const unsigned char *)input, strlen(input));
    char hex[65];
    str_hex(hex, d, 32);
    cr_assert_str_eq(h, arena_printf(&A, "sha256$%s", hex));
    cr_assert_str_neq(h, badges_identity_hash(&A, "daan@example.nl", "peper"));
}

Test(badges, uuid_urns_are_version_4_and_differ)
{
    char *a = badges_uuid_urn(&A), *b = badges_uuid_urn(&A);
    cr_assert_eq(strlen(a), 45);
    cr_assert(str_starts_with(a, "urn:uuid:"));
    cr_assert_eq(a[9 + 14], '4');
    cr_assert(strchr("89ab", a[9 + 19]));
    cr_assert_str_neq(a, b);
}

/* ---- the status list ---- */

Test(badges, status_list_round_trips_through_gzip_and_multibase)
{
    size_t nbytes = BADGES_STATUS_LIST_BITS / 8;
    unsigned char *bits = arena_calloc(&A, nbytes, 1);
    badges_status_set(bits, 0);
    badges_status_set(bits, 7);
    badges_status_set(bits, 4242);
    badges_status_set(bits, BADGES_STATUS_LIST_BITS - 1);
    cr_assert_eq(bits[0], 0x81, "bit 0 is the leftmost bit of the first byte");
    char *enc = badges_status_list_encode(&A, bits, nbytes);
    cr_assert_not_null(enc);
    cr_assert_eq(enc[0], 'u');
    cr_assert_lt(strlen(enc), 400, "a sparse list compresses well");
    unsigned char *back;
    size_t n;
    cr_assert_eq(badges_status_list_decode(&A, enc, nbytes * 2, &back, &n), 0);
    cr_assert_eq(n, nbytes);
    cr_assert_eq(memcmp(back, bits, nbytes), 0);
    cr_assert(badges_status_get(back, n, 4242));
    cr_assert_not(badges_status_get(back, n, 4243));
    cr_assert(badges_status_get(back, n, BADGES_STATUS_LIST_BITS - 1));
    cr_assert_not(badges_status_get(back, n, BADGES_STATUS_LIST_BITS), "outside the list");
    /* The gzip header is there (1f 8b). */
    size_t gl;
    unsigned char *gz = str_base64url_decode(&A, enc + 1, &gl);
    cr_assert(gl > 10 && gz[0] == 0x1f && gz[1] == 0x8b);
    /* Too small a limit, and garbage, fail. */
    cr_assert_eq(badges_status_list_decode(&A, enc, 100, &back, &n), -1);
    cr_assert_eq(badges_status_list_decode(&A, "uAAAA", nbytes, &back, &n), -1);
    cr_assert_eq(badges_status_list_decode(&A, "zAAAA", nbytes, &back, &n), -1);
}

Test(badges, status_list_payload_is_a_bitstring_status_list_credential)
{
    buf b;
    buf_init(&b, 0);
    cr_assert_eq(badges_status_list_payload(&b, "http://h/badges/status/revocation", "did:web:h", "WZW", 1775000000,
                                            "uH4sI"),
                 0);
    char err[160];
    json_t *j = json_parse(b.data, b.len, err, sizeof err);
    cr_assert_not_null(j);
    cr_assert_str_eq(json_string_value(json_array_get(json_object_get(j, "type"), 1)), "BitstringStatusListCredential");
    cr_assert_str_eq(get(j, "credentialSubject.type"), "BitstringStatusList");
    cr_assert_str_eq(get(j, "credentialSubject.statusPurpose"), "revocation");
    cr_assert_str_eq(get(j, "credentialSubject.encodedList"), "uH4sI");
    cr_assert_str_eq(get(j, "iss"), "did:web:h");
    json_decref(j);
    buf_free(&b);
}

/* ---- bulk lists ---- */

Test(badges, recipient_lists_are_split_and_classified)
{
    const char *text = "# deelnemers\r\n12\nDaan@Example.nl, 13 ; \n\n  nonsense here\n0\nx@y\n14 # tail\n";
    badges_recipient_line *l;
    int n;
    cr_assert_eq(badges_recipients_parse(&A, text, strlen(text), &l, &n), 0);
    cr_assert_eq(n, 7);
    cr_assert_eq(l[0].kind, BADGES_LINE_PERSON);
    cr_assert_eq(l[0].person_id, 12);
    cr_assert_eq(l[0].line, 2);
    cr_assert_eq(l[1].kind, BADGES_LINE_EMAIL);
    cr_assert_str_eq(l[1].email, "daan@example.nl");
    cr_assert_eq(l[2].kind, BADGES_LINE_PERSON);
    cr_assert_eq(l[2].line, 3);
    cr_assert_eq(l[3].kind, BADGES_LINE_INVALID);
    cr_assert_str_eq(l[3].text, "nonsense here");
    cr_assert_eq(l[4].kind, BADGES_LINE_INVALID, "0 is not a person id");
    cr_assert_eq(l[5].kind, BADGES_LINE_INVALID, "x@y has no domain");
    cr_assert_eq(l[6].kind, BADGES_LINE_PERSON);
    cr_assert_eq(l[6].person_id, 14);
}

Test(badges, recipient_lists_refuse_bad_text)
{
    badges_recipient_line *l;
    int n;
    cr_assert_eq(badges_recipients_parse(&A, "12\0", 3, &l, &n), -1);
    cr_assert_eq(badges_recipients_parse(&A, "\xff\xfe", 2, &l, &n), -1);
    buf b;
    buf_init(&b, 0);
    for (int i = 0; i < BADGES_BULK_MAX_LINES + 1; i++) buf_printf(&b, "%d\n", i + 1);
    cr_assert_eq(badges_recipients_parse(&A, b.data, b.len, &l, &n), -1);
    buf_free(&b);
    cr_assert_eq(badges_recipients_parse(&A, "", 0, &l, &n), 0);
    cr_assert_eq(n, 0);
    cr_assert_eq(badges_recipients_parse(&A, "99999999999999999999999", 23, &l, &n), 0);
    cr_assert_eq(l[0].kind, BADGES_LINE_INVALID, "too large for an id");
}
