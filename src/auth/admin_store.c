/* admin store: the SQL of the user administration and of reading the audit
 * log. Parameters are always bound; composed SQL uses only the literals here. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth/admin.h"
#include "auth/audit.h"
#include "auth/users.h"
#include "base/buf.h"
#include "base/str.h"
#include "base/time.h"


static int clamp_limit(int limit)
{
    return limit < 1 ? 1 : limit > 1000 ? 1000 : limit;
}

/* ---- Users ---- */

static int load_memberships(db_conn *c, arena *a, users_user *u)
{
    int64_t count = 0;
    int rc = db_query_int(c, "SELECT count(*) FROM memberships WHERE user_id = ?", DB_ARGS(db_int(u->id)), &count);
    if (rc) return rc;
    u->memberships = arena_calloc(a, (size_t)count + 1, sizeof *u->memberships);
    u->nmemberships = 0;
    if (!u->memberships) return DB_ENOMEM;
    db_stmt *s;
    rc = db_prepare(c, "SELECT m.id, coalesce(m.org_id, 0), o.name, m.role FROM memberships m "
                       "LEFT JOIN orgs o ON o.id = m.org_id WHERE m.user_id = ? "
                       "ORDER BY o.name COLLATE NOCASE, m.role, m.id",
                    DB_ARGS(db_int(u->id)), &s);
    if (rc) return rc;
    while (u->nmemberships < count && (rc = db_step(s)) == DB_ROW) {
        auth_role r = auth_role_parse(db_col_text(s, 3));
        if (r == ROLE_COUNT) continue;
        u->memberships[u->nmemberships++] = (users_membership){
            .id = db_col_int(s, 0),
            .org_id = db_col_int(s, 1),
            .org_name = arena_strdup(a, db_col_text(s, 2)),
            .role = r,
        };
    }
    db_finalize(s);
    return rc < 0 ? rc : 0;
}

#define USER_COLUMNS "u.id, u.email, u.name, u.lang, coalesce(u.person_id, 0), u.created_at, coalesce(u.disabled_at, 0)"

static void row_to_user(db_stmt *s, arena *a, users_user *u)
{
    u->id = db_col_int(s, 0);
    u->email = arena_strdup(a, db_col_text(s, 1));
    u->name = arena_strdup(a, db_col_text(s, 2));
    u->lang = arena_strdup(a, db_col_text(s, 3));
    u->person_id = db_col_int(s, 4);
    u->created_at = db_col_int(s, 5);
    u->disabled_at = db_col_int(s, 6);
}

static void users_where(db_sql *sb, const users_query *q)
{
    db_sql_add(sb, " WHERE 1 = 1");
    if (q->org_id || q->role) {
        db_sql_add(sb, " AND EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id");
        if (q->org_id) db_sql_arg(sb, " AND m.org_id = ?", db_int(q->org_id));
        if (q->role) db_sql_arg(sb, " AND m.role = ?", db_text(q->role));
        db_sql_add(sb, ")");
    }
}

int users_list(db_conn *c, arena *a, const users_query *q, users_user **out, int *n, int64_t *total)
{
    *out = NULL;
    *n = 0;
    int limit = clamp_limit(q->limit);
    db_sql sb = {0};
    db_sql_init(&sb);
    int rc = 0;
    if (total) {
        db_sql_add(&sb, "SELECT count(*) FROM users u");
        users_where(&sb, q);
        rc = db_sql_query_int(c, &sb, total);
        db_sql_reset(&sb);
    }
    db_stmt *s = NULL;
    if (!rc) {
        db_sql_add(&sb, "SELECT " USER_COLUMNS " FROM users u");
        users_where(&sb, q);
        if (q->after) db_sql_arg(&sb, " AND u.id > ?", db_int(q->after));
        db_sql_add(&sb, q->by_id ? " ORDER BY u.id" : " ORDER BY u.name COLLATE NOCASE, u.id");
        db_sql_arg(&sb, " LIMIT ?", db_int(limit));
        db_sql_arg(&sb, " OFFSET ?", db_int(q->offset > 0 ? q->offset : 0));
        rc = db_sql_prepare(c, &sb, &s);
    }
    db_sql_free(&sb);
    if (rc) return rc;
    users_user *list = arena_calloc(a, (size_t)limit, sizeof *list);
    if (!list) {
        db_finalize(s);
        return DB_ENOMEM;
    }
    int k = 0;
    while (k < limit && (rc = db_step(s)) == DB_ROW) row_to_user(s, a, &list[k++]);
    db_finalize(s);
    if (rc < 0) return rc;
    for (int i = 0; i < k; i++)
        if ((rc = load_memberships(c, a, &list[i])) != 0) return rc;
    *out = list;
    *n = k;
    return 0;
}

int users_get(db_conn *c, arena *a, int64_t id, users_user *out)
{
    db_stmt *s;
    int rc = db_prepare(c, "SELECT " USER_COLUMNS " FROM users u WHERE u.id = ?", DB_ARGS(db_int(id)), &s);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) row_to_user(s, a, out);
    db_finalize(s);
    if (rc == DB_DONE) return DB_ENOTFOUND;
    if (rc != DB_ROW) return rc;
    return load_memberships(c, a, out);
}

policy_target users_target(arena *a, const users_user *u)
{
    policy_target t = {.kind = POLICY_USER, .id = u->id};
    int64_t *orgs = arena_calloc(a, (size_t)u->nmemberships + 1, sizeof *orgs);
    if (!orgs) return t;
    for (int i = 0; i < u->nmemberships; i++)
        if (u->memberships[i].org_id) orgs[t.norgs++] = u->memberships[i].org_id;
    t.orgs = orgs;
    return t;
}

/* Checks that org_id (when given) is an active organisation; errors on "org_id". */
static int org_usable(db_conn *c, int64_t org_id, api_errors *e)
{
    if (!org_id) return 0;
    int64_t archived = 0;
    int rc = db_query_int(c, "SELECT coalesce(archived_at, 0) FROM orgs WHERE id = ?", DB_ARGS(db_int(org_id)),
                          &archived);
    if (rc == DB_ENOTFOUND) {
        api_errors_add(e, "org_id", MSG_USERS_ORG_UNKNOWN);
        return API_EINVALID;
    }
    if (!rc && archived) {
        api_errors_add(e, "org_id", MSG_USERS_ORG_ARCHIVED);
        return API_EINVALID;
    }
    return rc;
}

int users_admin_create(http_request *req, users_input *in, api_errors *e, int64_t *id)
{
    users_input_normalise(req->arena, in);
    if (users_validate(in, e)) return API_EINVALID;
    /* Hash before taking the write lock: Argon2id takes a while on purpose. */
    char hash[crypto_pwhash_STRBYTES];
    if (auth_password_hash(in->password, hash, sizeof hash) != 0) return DB_ENOMEM;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    int64_t other = 0;
    rc = users_find(c, in->email, &other);
    if (rc == 0) {
        api_errors_add(e, "email", MSG_USERS_EMAIL_TAKEN);
        rc = API_EINVALID;
    } else if (rc == DB_ENOTFOUND) {
        rc = 0;
    }
    if (!rc) rc = org_usable(c, in->org_id, e);
    if (!rc)
        rc = db_insert(c, "INSERT INTO users(email, name, password_hash, lang, created_at) "
                          "VALUES (?, ?, ?, ?, ?) RETURNING id",
                       DB_ARGS(db_text(in->email), db_text(in->name), db_text(hash),
                               db_text(in->lang ? in->lang : "nl"), db_int(time_now())),
                       id);
    if (rc == DB_ECONSTRAINT) {
        api_errors_add(e, "email", MSG_USERS_EMAIL_TAKEN);
        rc = API_EINVALID;
    }
    if (!rc) rc = users_add_membership(c, *id, in->org_id, auth_role_parse(in->role));
    if (!rc) rc = audit_request(req, "create", "user", *id, in->org_id, "ok", in->role);
    sodium_memzero(hash, sizeof hash);
    return db_finish(c, rc);
}

int users_role_add(http_request *req, int64_t uid, const char *role, int64_t org_id, api_errors *e)
{
    if (users_role_check(role, org_id, e)) return API_EINVALID;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    int64_t one = 0;
    rc = db_query_int(c, "SELECT 1 FROM users WHERE id = ?", DB_ARGS(db_int(uid)), &one);
    if (!rc) rc = org_usable(c, org_id, e);
    if (!rc) {
        int64_t mid = 0;
        rc = db_query_int(c, "SELECT id FROM memberships WHERE user_id = ? AND org_id IS ? AND role = ?",
                          DB_ARGS(db_int(uid), db_id_or_null(org_id), db_text(role)), &mid);
        if (rc == 0) {
            api_errors_add(e, "role", MSG_USERS_ROLE_EXISTS);
            rc = API_EINVALID;
        } else if (rc == DB_ENOTFOUND) {
            rc = 0;
        }
    }
    if (!rc) rc = users_add_membership(c, uid, org_id, auth_role_parse(role));
    if (!rc) rc = audit_request(req, "role.add", "user", uid, org_id, "ok", role);
    return db_finish(c, rc);
}

int users_role_remove(http_request *req, int64_t uid, int64_t mid, api_errors *e)
{
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    db_stmt *s;
    int64_t org_id = 0;
    char role[32] = "";
    rc = db_prepare(c, "SELECT coalesce(org_id, 0), role FROM memberships WHERE id = ? AND user_id = ?",
                    DB_ARGS(db_int(mid), db_int(uid)), &s);
    if (!rc) {
        rc = db_step(s);
        if (rc == DB_ROW) {
            org_id = db_col_int(s, 0);
            str_copy(role, sizeof role, db_col_text(s, 1));
            rc = 0;
        } else if (rc == DB_DONE) {
            rc = DB_ENOTFOUND;
        }
        db_finalize(s);
    }
    const auth_principal *p = auth_current(req);
    if (!rc && p && p->user_id == uid && str_eq(role, "coordinator")) {
        api_errors_add(e, "role", MSG_USERS_CANNOT_REMOVE_OWN_COORDINATOR);
        rc = API_EINVALID;
    }
    if (!rc) rc = db_exec(c, "DELETE FROM memberships WHERE id = ?", DB_ARGS(db_int(mid)));
    if (!rc) rc = audit_request(req, "role.remove", "user", uid, org_id, "ok", role);
    return db_finish(c, rc);
}

int users_disable(http_request *req, int64_t uid, api_errors *e)
{
    const auth_principal *p = auth_current(req);
    if (p && p->user_id == uid) {
        api_errors_add(e, "user", MSG_USERS_CANNOT_DISABLE_SELF);
        return API_EINVALID;
    }
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    int64_t disabled = 0;
    rc = db_query_int(c, "SELECT coalesce(disabled_at, 0) FROM users WHERE id = ?", DB_ARGS(db_int(uid)), &disabled);
    if (!rc && !disabled) {
        rc = db_exec(c, "UPDATE users SET disabled_at = ? WHERE id = ?", DB_ARGS(db_int(time_now()), db_int(uid)));
        if (!rc) rc = db_exec(c, "DELETE FROM sessions WHERE user_id = ?", DB_ARGS(db_int(uid)));
        char note[64] = "sessions ended";
        if (!rc) {
            int64_t ended = db_changes(c);
            snprintf(note, sizeof note, "%lld sessions ended", (long long)ended);
        }
        if (!rc) rc = audit_request(req, "disable", "user", uid, 0, "ok", note);
    }
    return db_finish(c, rc);
}

int users_org_choices(db_conn *c, arena *a, ui_option **out, int *n)
{
    *out = NULL;
    *n = 0;
    int64_t count = 0;
    int rc = db_query_int(c, "SELECT count(*) FROM orgs WHERE archived_at IS NULL", DB_NOARGS, &count);
    if (rc) return rc;
    ui_option *list = arena_calloc(a, (size_t)count + 1, sizeof *list);
    if (!list) return DB_ENOMEM;
    db_stmt *s;
    rc = db_prepare(c, "SELECT id, name FROM orgs WHERE archived_at IS NULL ORDER BY name COLLATE NOCASE", DB_NOARGS, &s);
    if (rc) return rc;
    int k = 0;
    while (k < count && (rc = db_step(s)) == DB_ROW) {
        list[k].value = arena_printf(a, "%lld", (long long)db_col_int(s, 0));
        list[k].label = arena_strdup(a, db_col_text(s, 1));
        k++;
    }
    db_finalize(s);
    if (rc < 0) return rc;
    *out = list;
    *n = k;
    return 0;
}

json_t *users_to_json(const users_user *u)
{
    json_t *ms = json_array();
    for (int i = 0; i < u->nmemberships; i++) {
        const users_membership *m = &u->memberships[i];
        json_array_append_new(ms, json_pack("{s:I, s:o, s:o, s:s}", "id", (json_int_t)m->id, "org_id",
                                            api_id(m->org_id), "org_name", api_string(m->org_name), "role",
                                            auth_role_name(m->role)));
    }
    return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)u->id, "email", u->email,
                     "name", u->name, "lang", u->lang, "person_id", api_id(u->person_id), "created_at",
                     api_time(u->created_at), "disabled_at", api_time(u->disabled_at), "memberships", ms);
}

/* ---- Audit log ---- */

static void audit_where(db_sql *sb, const audit_query *q)
{
    db_sql_add(sb, " WHERE 1 = 1");
    if (q->entity) db_sql_arg(sb, " AND a.entity = ?", db_text(q->entity));
    if (q->user_id) db_sql_arg(sb, " AND a.user_id = ?", db_int(q->user_id));
    if (q->outcome) db_sql_arg(sb, " AND a.outcome = ?", db_text(q->outcome));
    if (q->from) db_sql_arg(sb, " AND a.at >= ?", db_int(q->from));
    if (q->to) db_sql_arg(sb, " AND a.at < ?", db_int(q->to));
}

int audit_list(db_conn *c, arena *a, const audit_query *q, audit_row **out, int *n, int64_t *total)
{
    *out = NULL;
    *n = 0;
    int limit = clamp_limit(q->limit);
    db_sql sb = {0};
    db_sql_init(&sb);
    int rc = 0;
    if (total) {
        db_sql_add(&sb, "SELECT count(*) FROM audit_log a");
        audit_where(&sb, q);
        rc = db_sql_query_int(c, &sb, total);
        db_sql_reset(&sb);
    }
    db_stmt *s = NULL;
    if (!rc) {
        db_sql_add(&sb, "SELECT a.id, a.at, coalesce(a.user_id, 0), u.name, u.email, a.action, a.entity,"
                    " coalesce(a.entity_id, 0), coalesce(a.org_id, 0), o.name, a.outcome, a.ip, a.request_id,"
                    " a.detail FROM audit_log a LEFT JOIN users u ON u.id = a.user_id"
                    " LEFT JOIN orgs o ON o.id = a.org_id");
        audit_where(&sb, q);
        if (q->before) db_sql_arg(&sb, " AND a.id < ?", db_int(q->before));
        db_sql_add(&sb, " ORDER BY a.id DESC");
        db_sql_arg(&sb, " LIMIT ?", db_int(limit));
        db_sql_arg(&sb, " OFFSET ?", db_int(q->offset > 0 ? q->offset : 0));
        rc = db_sql_prepare(c, &sb, &s);
    }
    db_sql_free(&sb);
    if (rc) return rc;
    audit_row *list = arena_calloc(a, (size_t)limit, sizeof *list);
    if (!list) {
        db_finalize(s);
        return DB_ENOMEM;
    }
    int k = 0;
    while (k < limit && (rc = db_step(s)) == DB_ROW) {
        audit_row *r = &list[k++];
        r->id = db_col_int(s, 0);
        r->at = db_col_int(s, 1);
        r->user_id = db_col_int(s, 2);
        r->user_name = arena_strdup(a, db_col_text(s, 3));
        r->user_email = arena_strdup(a, db_col_text(s, 4));
        r->action = arena_strdup(a, db_col_text(s, 5));
        r->entity = arena_strdup(a, db_col_text(s, 6));
        r->entity_id = db_col_int(s, 7);
        r->org_id = db_col_int(s, 8);
        r->org_name = arena_strdup(a, db_col_text(s, 9));
        r->outcome = arena_strdup(a, db_col_text(s, 10));
        r->ip = arena_strdup(a, db_col_text(s, 11));
        r->request_id = arena_strdup(a, db_col_text(s, 12));
        r->detail = arena_strdup(a, db_col_text(s, 13));
    }
    db_finalize(s);
    if (rc < 0) return rc;
    *out = list;
    *n = k;
    return 0;
}

int audit_entities(db_conn *c, arena *a, const char ***out, int *n)
{
    *out = NULL;
    *n = 0;
    int64_t count = 0;
    int rc = db_query_int(c, "SELECT count(DISTINCT entity) FROM audit_log", DB_NOARGS, &count);
    if (rc) return rc;
    const char **list = arena_calloc(a, (size_t)count + 1, sizeof *list);
    if (!list) return DB_ENOMEM;
    db_stmt *s;
    rc = db_prepare(c, "SELECT DISTINCT entity FROM audit_log WHERE entity IS NOT NULL ORDER BY entity",
                    DB_NOARGS, &s);
    if (rc) return rc;
    int k = 0;
    while (k < count && (rc = db_step(s)) == DB_ROW) list[k++] = arena_strdup(a, db_col_text(s, 0));
    db_finalize(s);
    if (rc < 0) return rc;
    *out = list;
    *n = k;
    return 0;
}

json_t *audit_to_json(const audit_row *r)
{
    return json_pack("{s:I, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:s, s:o, s:o, s:o}", "id", (json_int_t)r->id,
                     "at", api_time(r->at), "user_id", api_id(r->user_id), "user_email", api_string(r->user_email),
                     "action", r->action, "entity", api_string(r->entity), "entity_id", api_id(r->entity_id),
                     "org_id", api_id(r->org_id), "outcome", r->outcome, "ip", api_string(r->ip), "request_id",
                     api_string(r->request_id), "detail", api_string(r->detail));
}
