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

#include "db/db.h"
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

/* Route tables the app registers, each ending with {0}: the pages and API,
 * and the public ones (/.well-known/did.json, verification, status list). */
extern const http_route badges_routes[];
extern const http_route badges_api_routes[];
extern const http_route badges_public_routes[];

#endif
