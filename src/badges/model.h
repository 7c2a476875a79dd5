/* badges model: the pure parts of Open Badges 3.0 issuing, without I/O and
 * without the database: the issuer key file format, did:web from a URL,
 * VC-JWT (compact JWS, EdDSA/Ed25519) signing and verification, the
 * OpenBadgeCredential payload, the Bitstring Status List encoding, the
 * salted identity hash and the parser of bulk recipient lists. Everything
 * allocated goes into the caller's arena. */
#ifndef INSTROOM_BADGES_MODEL_H
#define INSTROOM_BADGES_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"

/* The Bitstring Status List holds at least this many bits (16 KiB), so that
 * one credential's bit does not stand out (herd privacy). */
#define BADGES_STATUS_LIST_BITS 131072
/* The key file is small; anything longer is not one. */
#define BADGES_KEY_FILE_MAX 4096
/* A bulk list has at most this many lines. */
#define BADGES_BULK_MAX_LINES 1000

typedef struct badges_key {
    unsigned char pk[32]; /* Ed25519 public key */
    unsigned char sk[64]; /* libsodium secret key (seed and public key) */
} badges_key;

/* Parses the text of an issuer key file (n bytes): a first line
 * "instroom-issuer-key 1", comment lines starting with '#', and one line
 * "ed25519-seed: BASE64URL" (32 bytes). 0 with seed filled, or -1 with
 * *err a sentence saying what is wrong. */
int badges_key_parse(const char *text, size_t n, unsigned char seed[32], const char **err);
/* The text of a key file for seed, in the arena (NULL on OOM). */
char *badges_key_format(arena *a, const unsigned char seed[32]);
/* Derives the key pair of seed. */
void badges_key_from_seed(badges_key *k, const unsigned char seed[32]);

/* The did:web of a public URL ("https://host[:port][/path]"): host, the
 * port as %3A, path segments as ':'. NULL when url is not http(s)://host...
 * In the arena. */
char *badges_did_web(arena *a, const char *url);

/* A compact JWS of payload (n bytes of JSON) with the JOSE header
 * {"alg":"EdDSA","kid":kid,"typ":"JWT"}, signed with k. In the arena. */
char *badges_jwt_sign(arena *a, const badges_key *k, const char *kid, const char *payload, size_t n);

typedef enum {
    BADGES_JWT_OK,
    BADGES_JWT_MALFORMED,     /* not three base64url parts, or a header that is not JSON */
    BADGES_JWT_BAD_ALG,       /* the header's alg is not EdDSA */
    BADGES_JWT_BAD_SIGNATURE, /* the signature does not match pk */
} badges_jwt_result;

/* Verifies jwt against pk; on OK (and on BAD_SIGNATURE, when it decodes)
 * *payload gets the decoded payload (NUL-terminated, *n bytes) in the arena. */
badges_jwt_result badges_jwt_verify(arena *a, const unsigned char pk[32], const char *jwt, const char **payload,
                                    size_t *n);

/* A random UUID (version 4) as "urn:uuid:xxxxxxxx-...", in the arena. */
char *badges_uuid_urn(arena *a);
/* The OB 3.0 IdentityHash of an e-mail address with salt:
 * "sha256$" + hex(sha256(lowercased email + salt)). In the arena. */
char *badges_identity_hash(arena *a, const char *email, const char *salt);

/* The status list (nbits bits, a multiple of 8) as the encodedList of a
 * BitstringStatusList: 'u' + base64url(gzip(bits)). Bit 0 is the most
 * significant bit of the first byte. NULL on failure. In the arena. */
char *badges_status_list_encode(arena *a, const unsigned char *bits, size_t nbytes);
/* Decodes an encodedList (for tests and checks); at most max_bytes of
 * bitstring. 0 or -1. */
int badges_status_list_decode(arena *a, const char *encoded, size_t max_bytes, unsigned char **bits,
                              size_t *nbytes);
/* Sets / reads bit index (0 = the leftmost bit). */
void badges_status_set(unsigned char *bits, int64_t index);
bool badges_status_get(const unsigned char *bits, size_t nbytes, int64_t index);

/* One skill an achievement is aligned to. */
typedef struct badges_alignment {
    const char *name;  /* targetName */
    const char *url;   /* targetUrl: the skill's uri */
    const char *type;  /* targetType, e.g. "ext:ESCOSkill" */
} badges_alignment;

/* Everything an OpenBadgeCredential says. Times are Unix seconds. */
typedef struct badges_credential {
    const char *id;                /* urn:uuid:... */
    const char *issuer_id;         /* the did:web */
    const char *issuer_name;
    const char *issuer_url;        /* or NULL */
    const char *name;              /* the credential's name (the achievement's) */
    const char *subject_id;        /* urn:uuid of the subject (pseudonymous) */
    const char *recipient_name;    /* shown as an IdentityObject of type name */
    const char *email_hash;        /* IdentityHash of the e-mail, or NULL */
    const char *salt;              /* its salt */
    const char *achievement_id;    /* URL of the achievement */
    const char *achievement_name;
    const char *description;
    const char *criteria;
    const char *lang;              /* inLanguage of the texts, "nl" */
    const char *creator_id;        /* the awarding organisation as a Profile, or NULL */
    const char *creator_name;
    const badges_alignment *alignments;
    int nalignments;
    int64_t valid_from;
    int64_t valid_until;           /* 0: does not expire */
    const char *status_list_url;   /* the BitstringStatusListCredential */
    int64_t status_index;
} badges_credential;

/* Writes the VC-JWT payload of c into out: the OpenBadgeCredential with the
 * JWT claims iss, jti, sub, nbf (and exp when it expires) beside it, as OB
 * 3.0 (3.0.3, "JSON Web Token Proof Format") says. 0 or -1. */
int badges_credential_payload(buf *out, const badges_credential *c);

/* The payload of the status list credential: a
 * BitstringStatusListCredential for revocation with encoded_list. */
int badges_status_list_payload(buf *out, const char *url, const char *issuer_id, const char *issuer_name,
                               int64_t valid_from, const char *encoded_list);

/* One line of a bulk recipient list. */
typedef enum { BADGES_LINE_PERSON, BADGES_LINE_EMAIL, BADGES_LINE_INVALID } badges_line_kind;

typedef struct badges_recipient_line {
    int line;                 /* 1-based line number in the input */
    badges_line_kind kind;
    int64_t person_id;        /* BADGES_LINE_PERSON */
    const char *email;        /* BADGES_LINE_EMAIL (lowercased) */
    const char *text;         /* the line as given (trimmed) */
} badges_recipient_line;

/* Splits a pasted or uploaded list (n bytes, UTF-8) into recipients: one per
 * line (commas and semicolons also separate), each a person id (a positive
 * whole number) or an e-mail address; blank lines are skipped and '#' starts
 * a comment. 0 with the lines in the arena, or -1 when the text is not
 * UTF-8, has a NUL byte or more than BADGES_BULK_MAX_LINES entries. */
int badges_recipients_parse(arena *a, const char *text, size_t n, badges_recipient_line **out, int *count);

#endif
