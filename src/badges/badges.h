/* badges: Open Badges 3.0 achievements and credentials (issue 4). Every
 * credential is an OpenBadgeCredential (W3C VC data model 2.0) signed as a
 * VC-JWT with EdDSA (Ed25519, libsodium) by the issuer key, which lives in a
 * file outside the database, made by `instroom init`. The issuer is
 * did:web:HOST (/.well-known/did.json); every credential has a public
 * verification page and is revocable through a Bitstring Status List.
 * Schema: src/db/migrations/005_skills.sql. Access: POLICY_ACHIEVEMENT and
 * POLICY_CREDENTIAL. */
#ifndef INSTROOM_BADGES_BADGES_H
#define INSTROOM_BADGES_BADGES_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "badges/model.h"
#include "db/db.h"
#include "http/api.h"
#include "http/http.h"

/* The issuer key file that belongs to a database: "DB.issuer-key" next to
 * it (mode 0600). */
void badges_key_path(const char *db_path, char *out, size_t n);
/* Makes the issuer key pair at path when there is none; 1 when made, 0 when
 * it was there, -1 (message on stderr) on failure. */
int badges_key_init(const char *path);
/* Loads the issuer key for this process (serve, demo, CLI); -1 with a
 * message when it is missing or malformed. */
int badges_key_load(const char *path);

/* Issues, inside the caller's write transaction, a credential of every
 * achievement of the enrolment's course that the person does not hold yet
 * (unrevoked and unexpired), signed by the loaded key, as issued_by at now.
 * *issued (if given) gets how many. -1 when no key is loaded. */
int badges_issue_for_enrolment(db_conn *c, int64_t enrolment_id, int64_t issued_by, int64_t now, int *issued);

/* The process's issuer key, or NULL when none was loaded. */
const badges_key *badges_key_current(void);
/* Loads the key for serve and the CLI: an explicit path (flag or
 * $INSTROOM_ISSUER_KEY) must load; the default next to the database may be
 * missing (a warning: badges cannot be issued) but not malformed or
 * readable by others. 0, or -1 with a message on stderr. */
int badges_key_load_for(const char *explicit_path, const char *db_path);
/* Forgets the loaded key (tests). */
void badges_key_unload(void);

/* The issuer: did:web of the public URL, its key id (DID#key-1), and the
 * status list URL. In the arena. */
const char *badges_issuer_did(arena *a);
const char *badges_issuer_kid(arena *a);
const char *badges_status_list_url(arena *a);

/* A skill an achievement is aligned to. */
typedef struct badges_skill {
    int64_t id;
    const char *uri;
    const char *kind;
    const char *label_nl;
    const char *label_en;       /* or NULL */
} badges_skill;

/* A badge class (achievements table) with its awarding organisation, course and skills. */
typedef struct badges_achievement {
    int64_t id;
    const char *slug;
    int64_t org_id;
    const char *org_name;
    int64_t course_id;          /* 0: none */
    const char *course_name;    /* or NULL */
    const char *name_nl, *name_en;
    const char *description_nl, *description_en;
    const char *criteria_nl, *criteria_en;
    int64_t valid_days;         /* 0: never expires */
    int64_t created_at;
    int64_t archived_at;        /* 0 while in use */
    int64_t issued;             /* credentials issued (not revoked) */
    badges_skill *skills;
    int nskills;
} badges_achievement;

/* What a form or API body gives for an achievement; ids already parsed
 * (-1 marks a value that was not a number: the field is then reported). */
typedef struct badges_achievement_input {
    const char *name_nl, *name_en;
    const char *description_nl, *description_en;
    const char *criteria_nl, *criteria_en;
    int64_t org_id;             /* the awarding organisation */
    int64_t course_id;          /* 0: no course */
    int64_t valid_days;         /* 0: never expires */
    const char **skills;        /* skill ids or uris */
    int nskills;
} badges_achievement_input;

/* Achievements in the arena, newest first; with archived ones when asked. */
int badges_achievement_list(db_conn *c, arena *a, bool archived, badges_achievement **out, int *n);
/* One achievement with its skills; DB_ENOTFOUND when absent. */
int badges_achievement_get(db_conn *c, arena *a, int64_t id, badges_achievement *out);
/* Validates in, stores a new achievement (slug from the Dutch name) with its
 * skills and audits it, in one transaction: 0 with *id, API_EINVALID (e
 * says why; nothing stored) or a negative db code. */
int badges_achievement_create(http_request *req, const badges_achievement_input *in, api_errors *e, int64_t *id);
/* Replaces achievement id's fields and skills with in (archive 1 archives,
 * 0 restores, -1 leaves it), audited, in one transaction. */
int badges_achievement_update(http_request *req, int64_t id, const badges_achievement_input *in, int archive,
                              api_errors *e);

/* An issued credential. */
typedef struct badges_cred {
    int64_t id;
    const char *uuid;
    const char *token;          /* of the public verification page */
    int64_t achievement_id;
    const char *achievement_name;
    int64_t org_id;             /* the achievement's awarding organisation */
    int64_t person_id;          /* 0 when the person was erased */
    const char *recipient_name;
    int64_t status_index;
    int64_t issued_at;
    int64_t valid_until;        /* 0: does not expire */
    int64_t revoked_at;         /* 0: not revoked */
    const char *revoke_reason;
    const char *jwt;
} badges_cred;

/* One credential; DB_ENOTFOUND when absent. */
int badges_cred_get(db_conn *c, arena *a, int64_t id, badges_cred *out);
/* The credential of a verification token; DB_ENOTFOUND when absent. */
int badges_cred_by_token(db_conn *c, arena *a, const char *token, badges_cred *out);
/* Credentials of an achievement (achievement_id > 0) or of a person
 * (person_id > 0), newest first, at most limit. */
int badges_cred_list(db_conn *c, arena *a, int64_t achievement_id, int64_t person_id, int limit, badges_cred **out,
                     int *n);
/* The organisations a person is linked with (person_orgs), for read policy. */
int badges_person_orgs(db_conn *c, arena *a, int64_t person_id, int64_t **orgs, int *n);

/* Issues one credential of achievement_id to person_id inside the caller's
 * write transaction (signed with the loaded key); *id and *token (if given)
 * get the new row. -1 without a key, DB_ENOTFOUND for an unknown
 * achievement or person. Not audited: the caller audits. */
int badges_issue_one(db_conn *c, arena *a, int64_t achievement_id, int64_t person_id, int64_t enrolment_id,
                     int64_t issued_by, int64_t now, int64_t *id, const char **token);
/* True when the person holds an unrevoked, unexpired credential of the achievement at now. */
bool badges_person_holds(db_conn *c, int64_t achievement_id, int64_t person_id, int64_t now);

/* The outcome of one line of a bulk issue. */
typedef enum {
    BADGES_BULK_ISSUED,
    BADGES_BULK_ALREADY,     /* holds it already: skipped, not an error */
    BADGES_BULK_DUPLICATE,   /* the same person twice in the list */
    BADGES_BULK_INVALID,     /* neither a person id nor an e-mail address */
    BADGES_BULK_NOT_FOUND,   /* no such person */
    BADGES_BULK_AMBIGUOUS,   /* several people have that e-mail address */
} badges_bulk_status;

typedef struct badges_bulk_row {
    int line;
    const char *text;
    badges_bulk_status status;
    int64_t person_id;
    const char *name;
    int64_t credential_id;
    const char *token;
} badges_bulk_row;

/* True for the statuses that stop a bulk issue. */
bool badges_bulk_is_error(badges_bulk_status s);
/* Issues achievement_id to every recipient of the list text (n bytes; see
 * badges_recipients_parse) as the request's user, all or nothing, each
 * issue audited, in one transaction. *rows gets one row per entry. 0 when
 * stored, API_EINVALID when a line is wrong (nothing stored; the rows say
 * which), -2 when the text is not a list (not UTF-8, too long, empty), -1
 * without a key, or a negative db code. */
int badges_bulk_issue(http_request *req, int64_t achievement_id, const char *text, size_t n, badges_bulk_row **rows,
                      int *nrows, int *issued);
/* Revokes credential id with reason (required, at most 500 characters),
 * audited; API_EINVALID (field "reason"), DB_ENOTFOUND, or 0. Revoking twice
 * keeps the first revocation. */
int badges_revoke(http_request *req, int64_t id, const char *reason, api_errors *e);

/* For the AVG erasure of person_id, inside the caller's transaction: every
 * credential of the person is revoked (its status-list bit is set, reason
 * "erased"), and the stored JWT and recipient name are blanked, so that only
 * the fact "revoked" stays for verifiers holding a copy. *n gets the count. */
int badges_erase_person(db_conn *c, int64_t person_id, int64_t now, int *n);

/* The verification outcome of a stored credential at now. */
typedef enum {
    BADGES_VALID,
    BADGES_REVOKED,
    BADGES_EXPIRED,
    BADGES_SIGNATURE_INVALID,
    BADGES_ERASED,          /* revoked by the holder's AVG erasure; nothing of it is kept */
} badges_verdict;
/* Checks the stored JWT's signature with the loaded key (each time), then
 * revocation and expiry; a credential whose JWT was erased is BADGES_ERASED.
 * *payload (if given) gets the verified payload. */
badges_verdict badges_verify(arena *a, const badges_cred *cr, int64_t now, const char **payload);
/* The current status list credential as a signed VC-JWT, in the arena; NULL
 * without a key or on a db error. */
char *badges_status_list_jwt(db_conn *c, arena *a, int64_t now);

/* Demo data: the Zorgrunner pilot badge of the regional body, aligned to
 * the basic skills, issued to the demo participant, inside the caller's
 * transaction. Needs a loaded key for the issue (skipped without one). */
int badges_demo_load(db_conn *c, int64_t now);

/* Route tables the app registers, each ending with {0}: the pages and API,
 * and the public ones (/.well-known/did.json, verification, status list). */
extern const http_route badges_routes[];
extern const http_route badges_api_routes[];
extern const http_route badges_public_routes[];

#endif
