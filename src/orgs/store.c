/* orgs store: the SQL of organisations. Parameters are always bound; the
 * only text composed is chosen from the literals below. */
#include <string.h>

#include "auth/audit.h"
#include "base/buf.h"
#include "base/str.h"
#include "base/time.h"
#include "orgs/orgs.h"


/* The WHERE clause of q (without keyset and order). */
static void where_of(db_sql *sb, const orgs_query *q)
{
    db_sql_add(sb, " WHERE 1 = 1");
    if (q->region) db_sql_arg(sb, " AND region = ?", db_text(q->region));
    if (q->kind) db_sql_arg(sb, " AND kind = ?", db_text(q->kind));
    if (q->status == ORGS_STATUS_ACTIVE) db_sql_add(sb, " AND archived_at IS NULL");
    else if (q->status == ORGS_STATUS_ARCHIVED) db_sql_add(sb, " AND archived_at IS NOT NULL");
}

static const char *order_of(const orgs_query *q)
{
    switch (q->sort) {
    case ORGS_SORT_KIND:
        return q->desc ? " ORDER BY kind DESC, name COLLATE NOCASE, id" : " ORDER BY kind, name COLLATE NOCASE, id";
    case ORGS_SORT_REGION:
        return q->desc ? " ORDER BY region COLLATE NOCASE DESC, name COLLATE NOCASE, id"
                       : " ORDER BY region COLLATE NOCASE, name COLLATE NOCASE, id";
    case ORGS_SORT_ID:
        return q->desc ? " ORDER BY id DESC" : " ORDER BY id";
    case ORGS_SORT_NAME:
    default:
        return q->desc ? " ORDER BY name COLLATE NOCASE DESC, id DESC" : " ORDER BY name COLLATE NOCASE, id";
    }
}

#define ORG_COLUMNS "id, name, kind, region, city, website, created_at, coalesce(archived_at, 0)"

static void row_to_org(db_stmt *s, arena *a, orgs_org *o)
{
    o->id = db_col_int(s, 0);
    o->name = arena_strdup(a, db_col_text(s, 1));
    o->kind = arena_strdup(a, db_col_text(s, 2));
    o->region = arena_strdup(a, db_col_text(s, 3));
    o->city = arena_strdup(a, db_col_text(s, 4));
    o->website = arena_strdup(a, db_col_text(s, 5));
    o->created_at = db_col_int(s, 6);
    o->archived_at = db_col_int(s, 7);
}

int orgs_list(db_conn *c, arena *a, const orgs_query *q, orgs_org **out, int *n, int64_t *total)
{
    *out = NULL;
    *n = 0;
    int limit = q->limit < 1 ? 1 : q->limit > 1000 ? 1000 : q->limit;
    db_sql sb = {0};
    db_sql_init(&sb);
    int rc = 0;
    if (total) {
        db_sql_add(&sb, "SELECT count(*) FROM orgs");
        where_of(&sb, q);
        rc = db_sql_query_int(c, &sb, total);
        db_sql_reset(&sb);
    }
    if (!rc) {
        db_sql_add(&sb, "SELECT " ORG_COLUMNS " FROM orgs");
        where_of(&sb, q);
        if (q->after) db_sql_arg(&sb, q->desc ? " AND id < ?" : " AND id > ?", db_int(q->after));
        db_sql_add(&sb, order_of(q));
        db_sql_arg(&sb, " LIMIT ?", db_int(limit));
        db_sql_arg(&sb, " OFFSET ?", db_int(q->offset > 0 ? q->offset : 0));
    }
    db_stmt *s = NULL;
    if (!rc) rc = db_sql_prepare(c, &sb, &s);
    db_sql_free(&sb);
    if (rc) return rc;
    orgs_org *list = arena_calloc(a, (size_t)limit, sizeof *list);
    if (!list) {
        db_finalize(s);
        return DB_ENOMEM;
    }
    int k = 0;
    while (k < limit && (rc = db_step(s)) == DB_ROW) row_to_org(s, a, &list[k++]);
    db_finalize(s);
    if (rc < 0) return rc;
    *out = list;
    *n = k;
    return 0;
}

int orgs_get(db_conn *c, arena *a, int64_t id, orgs_org *out)
{
    db_stmt *s;
    int rc = db_prepare(c, "SELECT " ORG_COLUMNS " FROM orgs WHERE id = ?", DB_ARGS(db_int(id)), &s);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) row_to_org(s, a, out);
    db_finalize(s);
    return rc == DB_ROW ? 0 : rc == DB_DONE ? DB_ENOTFOUND : rc;
}

int orgs_regions(db_conn *c, arena *a, const char ***out, int *n)
{
    *out = NULL;
    *n = 0;
    int64_t count = 0;
    int rc = db_query_int(c, "SELECT count(DISTINCT region) FROM orgs", DB_NOARGS, &count);
    if (rc) return rc;
    const char **list = arena_calloc(a, (size_t)count + 1, sizeof *list);
    if (!list) return DB_ENOMEM;
    db_stmt *s;
    rc = db_prepare(c, "SELECT DISTINCT region FROM orgs ORDER BY region COLLATE NOCASE", DB_NOARGS, &s);
    if (rc) return rc;
    int k = 0;
    while (k < count && (rc = db_step(s)) == DB_ROW) list[k++] = arena_strdup(a, db_col_text(s, 0));
    db_finalize(s);
    if (rc < 0) return rc;
    *out = list;
    *n = k;
    return 0;
}

/* True (with an error on "name") when another organisation has the name. */
static int name_taken(db_conn *c, const char *name, int64_t except, api_errors *e, bool *taken)
{
    int64_t other = 0;
    int rc = db_query_int(c, "SELECT id FROM orgs WHERE lower(name) = lower(?) AND id <> ?",
                          DB_ARGS(db_text(name), db_int(except)), &other);
    *taken = rc == 0;
    if (rc == DB_ENOTFOUND) return 0;
    if (rc == 0) api_errors_add(e, "name", MSG_ORGS_NAME_TAKEN);
    return rc;
}

int orgs_create(http_request *req, orgs_input *in, api_errors *e, int64_t *id)
{
    orgs_input_normalise(req->arena, in);
    if (orgs_validate(in, e)) return API_EINVALID;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    bool taken = false;
    rc = name_taken(c, in->name, 0, e, &taken);
    if (!rc && taken) rc = API_EINVALID;
    if (!rc)
        rc = db_insert(c, "INSERT INTO orgs(name, kind, region, city, website, created_at) "
                          "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                       DB_ARGS(db_text(in->name), db_text(in->kind), db_text(in->region), db_text(in->city),
                               db_text(in->website), db_int(time_now())),
                       id);
    if (rc == DB_ECONSTRAINT) { /* another request took the name in between */
        api_errors_add(e, "name", MSG_ORGS_NAME_TAKEN);
        rc = API_EINVALID;
    }
    if (!rc) rc = audit_request(req, "create", "org", *id, *id, "ok", in->name);
    return db_finish(c, rc);
}

/* Appends ", field" to the list of changed fields when a and b differ. */
static void note_change(buf *b, const char *field, const char *a, const char *v)
{
    if (str_eq(a, v)) return;
    if (b->len) buf_puts(b, ", ");
    buf_puts(b, field);
}

int orgs_update(http_request *req, int64_t id, orgs_input *in, int archive, api_errors *e)
{
    orgs_input_normalise(req->arena, in);
    if (orgs_validate(in, e)) return API_EINVALID;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    orgs_org old;
    rc = orgs_get(c, req->arena, id, &old);
    bool taken = false;
    if (!rc) rc = name_taken(c, in->name, id, e, &taken);
    if (!rc && taken) rc = API_EINVALID;
    if (!rc)
        rc = db_exec(c, "UPDATE orgs SET name = ?, kind = ?, region = ?, city = ?, website = ? WHERE id = ?",
                     DB_ARGS(db_text(in->name), db_text(in->kind), db_text(in->region), db_text(in->city),
                             db_text(in->website), db_int(id)));
    if (rc == DB_ECONSTRAINT) {
        api_errors_add(e, "name", MSG_ORGS_NAME_TAKEN);
        rc = API_EINVALID;
    }
    if (!rc) {
        buf changed;
        buf_init(&changed, 1024);
        note_change(&changed, "name", old.name, in->name);
        note_change(&changed, "kind", old.kind, in->kind);
        note_change(&changed, "region", old.region, in->region);
        note_change(&changed, "city", old.city, in->city);
        note_change(&changed, "website", old.website, in->website);
        if (archive >= 0 && (old.archived_at != 0) != (archive == 1)) {
            rc = db_exec(c, "UPDATE orgs SET archived_at = ? WHERE id = ?",
                         DB_ARGS(archive ? db_int(time_now()) : db_null(), db_int(id)));
            note_change(&changed, archive ? "archived" : "restored", "", "x");
        }
        if (!rc) rc = audit_request(req, "update", "org", id, id, "ok", changed.len ? buf_cstr(&changed) : "no change");
        buf_free(&changed);
    }
    return db_finish(c, rc);
}

int orgs_set_archived(http_request *req, int64_t id, bool archived)
{
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    int64_t was = 0;
    rc = db_query_int(c, "SELECT coalesce(archived_at, 0) FROM orgs WHERE id = ?", DB_ARGS(db_int(id)), &was);
    if (!rc && (was != 0) != archived) {
        rc = db_exec(c, "UPDATE orgs SET archived_at = ? WHERE id = ?",
                     DB_ARGS(archived ? db_int(time_now()) : db_null(), db_int(id)));
        if (!rc) rc = audit_request(req, archived ? "archive" : "restore", "org", id, id, "ok", NULL);
    }
    return db_finish(c, rc);
}

void orgs_write_json(jsonw *w, const orgs_org *o)
{
    jsonw_object_begin(w);
    jsonw_kint(w, "id", o->id);
    jsonw_kstr(w, "name", o->name);
    jsonw_kstr(w, "kind", o->kind);
    jsonw_kstr(w, "region", o->region);
    jsonw_kstr(w, "city", o->city);
    jsonw_kstr(w, "website", o->website);
    jsonw_ktime(w, "created_at", o->created_at, true);
    jsonw_ktime(w, "archived_at", o->archived_at, true);
    jsonw_object_end(w);
}
