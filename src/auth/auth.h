/* auth: who is asking. Roles, the principal of a request, passwords
 * (Argon2id), sessions and API tokens (stored as hashes), and the hook that
 * authenticates every request and checks its CSRF token. */
#ifndef INSTROOM_AUTH_AUTH_H
#define INSTROOM_AUTH_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "http/http.h"

typedef enum auth_role {
    ROLE_COORDINATOR,
    ROLE_RECRUITER,
    ROLE_SUPERVISOR,
    ROLE_TRAINER,
    ROLE_JOBCOACH,
    ROLE_MENTOR,
    ROLE_PARTICIPANT,
    ROLE_COUNT
} auth_role;

#define ROLE_BIT(r) (1u << (r))
#define ROLES_STAFF (ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_RECRUITER) | ROLE_BIT(ROLE_SUPERVISOR) | \
                     ROLE_BIT(ROLE_TRAINER) | ROLE_BIT(ROLE_JOBCOACH) | ROLE_BIT(ROLE_MENTOR))

/* The role's name as stored ("coordinator", ...), or NULL. */
const char *auth_role_name(auth_role r);
/* The role named name, or ROLE_COUNT. */
auth_role auth_role_parse(const char *name);

typedef struct auth_membership {
    int64_t org_id;  /* 0 for roles without an organisation (participant) */
    auth_role role;
} auth_membership;

/* Who is asking: loaded once per request into the request arena. */
typedef struct auth_principal {
    int64_t user_id;
    const char *email;
    const char *name;
    const char *lang;
    int64_t person_id;          /* the person this user is (participants), or 0 */
    auth_membership *memberships;
    int nmemberships;
    unsigned roles;             /* ROLE_BIT of every membership */
    int64_t session_id;         /* 0 when authenticated by an API token */
    const char *scopes;         /* API token scopes ("read", "read write"), or NULL for sessions */
} auth_principal;

/* The principal of the request, or NULL when nobody is logged in. */
const auth_principal *auth_current(const http_request *req);
/* The id of the request's user, or 0 when nobody is logged in. */
int64_t auth_user_id(const http_request *req);
/* True when p holds role in org_id (org_id 0: in any organisation). */
bool auth_has_role(const auth_principal *p, auth_role role, int64_t org_id);

/* Hashes password with Argon2id (libsodium's interactive limits) into out
 * (crypto_pwhash_STRBYTES). 0 or -1. */
int auth_password_hash(const char *password, char *out, size_t outn);
/* True when password matches the stored hash. */
bool auth_password_verify(const char *hash, const char *password);
/* Checks a new password: at least 12 characters. NULL if fine, else a reason. */
const char *auth_password_weakness(const char *password);

/* Session and token lifetimes, in seconds. */
#define AUTH_SESSION_IDLE (30 * 60)
#define AUTH_SESSION_MAX (12 * 60 * 60)
#define AUTH_SESSION_COOKIE "instroom_session"
#define AUTH_CSRF_COOKIE "instroom_csrf"

/* Starts a session for user_id: stores its hash and sets the cookie. Returns
 * 0 or a negative db code; *csrf gets the session's CSRF token (arena). */
int auth_session_start(http_request *req, http_response *res, int64_t user_id);
/* Ends the request's session, if any, and clears the cookie. */
int auth_session_end(http_request *req, http_response *res);
/* Creates an API token for user_id with scopes ("read" or "read write");
 * returns the token (shown once, in the arena) or NULL. */
char *auth_token_create(db_conn *c, arena *a, int64_t user_id, const char *name,
                        const char *scopes, int64_t expires_at);

/* The request hook (http_before_fn): loads the principal from the session
 * cookie or the bearer token, picks the language, refuses anonymous access to
 * routes that are not public (login redirect or 401), and checks the CSRF
 * token on every state-changing request. */
int auth_before(void *ctx, http_request *req, http_response *res);
/* True when the CSRF token of a state-changing request is right. */
bool auth_csrf_ok(http_request *req);

/* Loads the principal of user_id into the arena; NULL when disabled or absent. */
auth_principal *auth_load_principal(db_conn *c, arena *a, int64_t user_id);

#endif
