/* users: accounts and their role memberships. */
#ifndef INSTROOM_AUTH_USERS_H
#define INSTROOM_AUTH_USERS_H

#include <stdint.h>

#include "auth/auth.h"
#include "db/db.h"

/* Creates a user with an Argon2id hash of password; *id gets the new id.
 * DB_ECONSTRAINT when the e-mail address is taken. */
int users_create(db_conn *c, const char *email, const char *name, const char *password,
                 const char *lang, int64_t person_id, int64_t *id);
/* Gives user_id role in org_id (0: no organisation). Adding it twice is fine. */
int users_add_membership(db_conn *c, int64_t user_id, int64_t org_id, auth_role role);
/* Sets a new password; DB_ENOTFOUND when there is no such user. */
int users_set_password(db_conn *c, const char *email, const char *password);
/* The id of the user with email; DB_ENOTFOUND when none. */
int users_find(db_conn *c, const char *email, int64_t *id);
/* True when s looks like an e-mail address (one @, a dot in the domain, no spaces, ≤ 254). */
bool users_email_valid(const char *s);

#endif
