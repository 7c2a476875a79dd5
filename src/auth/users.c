#include "auth/users.h"

#include <sodium.h>
#include <string.h>

#include "base/str.h"
#include "base/time.h"

bool users_email_valid(const char *s)
{
    if (!s) return false;
    size_t n = strlen(s);
    if (n < 3 || n > 254) return false;
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@')) return false;
    const char *dot = strrchr(at, '.');
    if (!dot || dot == at + 1 || dot[1] == '\0') return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' || *p == '"' || *p == ',') return false;
    return true;
}

int users_create(db_conn *c, const char *email, const char *name, const char *password,
                 const char *lang, int64_t person_id, int64_t *id)
{
    char hash[crypto_pwhash_STRBYTES];
    if (auth_password_hash(password, hash, sizeof hash) != 0) return DB_ENOMEM;
    return db_insert(c, "INSERT INTO users(email, name, password_hash, lang, person_id, created_at) "
                        "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                     DB_ARGS(db_text(email), db_text(name), db_text(hash), db_text(lang ? lang : "nl"),
                             db_id_or_null(person_id), db_int(time_now())),
                     id);
}

int users_add_membership(db_conn *c, int64_t user_id, int64_t org_id, auth_role role)
{
    return db_exec(c, "INSERT INTO memberships(user_id, org_id, role) SELECT ?, ?, ? WHERE NOT EXISTS "
                      "(SELECT 1 FROM memberships WHERE user_id = ? AND org_id IS ? AND role = ?)",
                   DB_ARGS(db_int(user_id), db_id_or_null(org_id), db_text(auth_role_name(role)),
                           db_int(user_id), db_id_or_null(org_id), db_text(auth_role_name(role))));
}

int users_set_password(db_conn *c, const char *email, const char *password)
{
    char hash[crypto_pwhash_STRBYTES];
    if (auth_password_hash(password, hash, sizeof hash) != 0) return DB_ENOMEM;
    int rc = db_exec(c, "UPDATE users SET password_hash = ? WHERE email = ?",
                     DB_ARGS(db_text(hash), db_text(email)));
    if (rc) return rc;
    if (db_changes(c) == 0) return DB_ENOTFOUND;
    /* A new password ends every session of the account. */
    return db_exec(c, "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = ?)",
                   DB_ARGS(db_text(email)));
}

int users_find(db_conn *c, const char *email, int64_t *id)
{
    return db_query_int(c, "SELECT id FROM users WHERE email = ?", DB_ARGS(db_text(email)), id);
}
