/* admin: the user administration and the audit log as the coordinator sees
 * them. Rules (validation of a new account and of a role in an organisation)
 * are pure and unit-tested; the store functions change one thing per call in
 * one transaction with its audit entry. Who may do what is decided by
 * policy (auth/policy.h) in the handlers (auth/pages.c, auth/api.c). */
#ifndef INSTROOM_AUTH_ADMIN_H
#define INSTROOM_AUTH_ADMIN_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "auth/policy.h"
#include "db/db.h"
#include "http/api.h"
#include "http/http.h"
#include "http/ui.h"

#define USERS_NAME_MAX 200
#define USERS_PASSWORD_MAX 1024

/* What a form or a JSON body says a new account is. NULL means absent. */
typedef struct users_input {
    const char *name;
    const char *email;
    const char *lang;       /* "nl" or "en"; NULL or "" means "nl" */
    const char *role;       /* stored role name */
    int64_t org_id;         /* the role's organisation; 0 for a participant */
    const char *password;   /* the initial password */
} users_input;

/* Trims white space around name and e-mail (copies in the arena) and
 * lowercases the e-mail address. */
void users_input_normalise(arena *a, users_input *in);
/* Checks a new account: name (1..200 characters), e-mail, language, the role
 * with its organisation (users_role_check) and the password
 * (auth_password_weakness). Adds one error per wrong field; 0 or API_EINVALID. */
int users_validate(const users_input *in, api_errors *e);
/* Checks a role and its organisation: a known role; a participant has no
 * organisation and every other role has one. Errors on "role" and "org_id". */
int users_role_check(const char *role, int64_t org_id, api_errors *e);

typedef struct users_membership {
    int64_t id;             /* the membership's id (for removing it) */
    int64_t org_id;         /* 0 for none */
    const char *org_name;   /* NULL for none */
    auth_role role;
} users_membership;

typedef struct users_user {
    int64_t id;
    const char *email;
    const char *name;
    const char *lang;
    int64_t person_id;      /* 0 when the account is not a person's */
    int64_t created_at;
    int64_t disabled_at;    /* 0 while the account works */
    users_membership *memberships;
    int nmemberships;
} users_user;

typedef struct users_query {
    int64_t org_id;         /* only users with a role in this organisation, or 0 */
    const char *role;       /* only users with this role, or NULL */
    int64_t after;          /* keyset: only ids above this (ordered by id) */
    bool by_id;             /* order by id instead of by name */
    int offset;
    int limit;              /* 1..1000 */
} users_query;

/* Lists the users q selects with all their memberships, into the arena;
 * *total (if given) counts every match. 0 or a negative db code. */
int users_list(db_conn *c, arena *a, const users_query *q, users_user **out, int *n, int64_t *total);
/* Loads user id with its memberships; DB_ENOTFOUND when absent. */
int users_get(db_conn *c, arena *a, int64_t id, users_user *out);
/* The policy target of user u (POLICY_USER): its id and organisations. */
policy_target users_target(arena *a, const users_user *u);

/* Validates in, creates the account with its first role and audits it, in
 * one transaction. 0 with *id, API_EINVALID (e says why, also for a taken
 * e-mail address or an unknown or archived organisation) or a db code. */
int users_admin_create(http_request *req, users_input *in, api_errors *e, int64_t *id);
/* Gives user uid role in org_id, audited. API_EINVALID with errors on
 * "role"/"org_id" (also when the user has it already); DB_ENOTFOUND for no such user. */
int users_role_add(http_request *req, int64_t uid, const char *role, int64_t org_id, api_errors *e);
/* Removes membership mid of user uid, audited; DB_ENOTFOUND when the user
 * has no such membership; API_EINVALID (error on "role") for the
 * principal's own coordinator role, so that nobody locks themselves out. */
int users_role_remove(http_request *req, int64_t uid, int64_t mid, api_errors *e);
/* Disables user uid and ends their sessions, audited. API_EINVALID with an
 * error on "user" for the principal's own account; DB_ENOTFOUND when absent.
 * Disabling a disabled account changes nothing. */
int users_disable(http_request *req, int64_t uid, api_errors *e);

/* The active organisations as choices for a form (value: the id as text,
 * label: the name), sorted by name, in the arena. */
int users_org_choices(db_conn *c, arena *a, ui_option **out, int *n);

/* The user as JSON (the User schema). */
json_t *users_to_json(const users_user *u);

typedef struct audit_query {
    const char *entity;     /* "org", "user", "person", "person.sensitive", ... or NULL */
    int64_t user_id;        /* who acted, or 0 */
    const char *outcome;    /* "ok", "denied", "failed" or NULL */
    int64_t from;           /* at >= from (UTC), or 0 */
    int64_t to;             /* at < to (UTC), or 0 */
    int64_t before;         /* keyset, newest first: only ids below this, or 0 */
    int offset;
    int limit;              /* 1..1000 */
} audit_query;

typedef struct audit_row {
    int64_t id;
    int64_t at;
    int64_t user_id;
    const char *user_name;  /* NULL for the system or an unknown user */
    const char *user_email;
    const char *action;
    const char *entity;
    int64_t entity_id;
    int64_t org_id;
    const char *org_name;
    const char *outcome;
    const char *ip;
    const char *request_id;
    const char *detail;
} audit_row;

/* True for the outcomes of the audit log ("ok", "denied", "failed"). */
bool audit_outcome_valid(const char *s);
/* Lists audit entries newest first, into the arena; *total (if given)
 * counts every match. 0 or a negative db code. */
int audit_list(db_conn *c, arena *a, const audit_query *q, audit_row **out, int *n, int64_t *total);
/* The distinct entity names in the log, sorted, for the filter (arena). */
int audit_entities(db_conn *c, arena *a, const char ***out, int *n);
/* The entry as JSON (the AuditEntry schema). */
json_t *audit_to_json(const audit_row *r);

/* HTML routes (/users..., /audit) and JSON routes (/api/v1/me, /api/v1/users...,
 * /api/v1/audit), each ending with {0}. */
extern const http_route admin_routes[];
extern const http_route admin_api_routes[];

#endif
