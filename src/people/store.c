/* people store: the SQL of people and their links to organisations.
 * Parameters are always bound; composed SQL uses only the literals here. */
#include <string.h>

#include "auth/auth.h"
#include "base/buf.h"
#include "base/str.h"
#include "http/api.h"
#include "people/people.h"

/* Organisations a list may be scoped to: more than anyone holds roles in. */
#define PEOPLE_MAX_SCOPE 64

/* The WHERE clause of q; an empty scope matches nobody. */
static void where_of(db_sql *sb, const people_query *q, const char *pattern)
{
    db_sql_add(sb, " WHERE 1 = 1");
    if (!q->everyone) {
        if (q->norgs <= 0) {
            db_sql_add(sb, " AND 1 = 0");
        } else {
            db_sql_add(sb, " AND EXISTS (SELECT 1 FROM person_orgs po WHERE po.person_id = p.id AND po.org_id IN (");
            int n = q->norgs > PEOPLE_MAX_SCOPE ? PEOPLE_MAX_SCOPE : q->norgs;
            for (int i = 0; i < n; i++) db_sql_arg(sb, i ? ", ?" : "?", db_int(q->orgs[i]));
            db_sql_add(sb, "))");
        }
    }
    if (pattern)
        db_sql_arg(sb, " AND (p.given_name || ' ' || p.family_name) LIKE ? ESCAPE '\\'", db_text(pattern));
}

#define PERSON_COLUMNS "p.id, p.given_name, p.family_name, p.email, p.phone, p.birth_date, p.postcode, " \
                       "p.created_at, p.updated_at"

static void row_to_person(db_stmt *s, arena *a, people_person *p)
{
    p->id = db_col_int(s, 0);
    p->given_name = arena_strdup(a, db_col_text(s, 1));
    p->family_name = arena_strdup(a, db_col_text(s, 2));
    p->email = arena_strdup(a, db_col_text(s, 3));
    p->phone = arena_strdup(a, db_col_text(s, 4));
    p->birth_date = arena_strdup(a, db_col_text(s, 5));
    p->postcode = arena_strdup(a, db_col_text(s, 6));
    p->created_at = db_col_int(s, 7);
    p->updated_at = db_col_int(s, 8);
}

static int load_links(db_conn *c, arena *a, people_person *p)
{
    int64_t count = 0;
    int rc = db_query_int(c, "SELECT count(*) FROM person_orgs WHERE person_id = ?", DB_ARGS(db_int(p->id)), &count);
    if (rc) return rc;
    p->nlinks = 0;
    p->links = arena_calloc(a, (size_t)count + 1, sizeof *p->links);
    if (!p->links) return DB_ENOMEM;
    db_stmt *s;
    rc = db_prepare(c, "SELECT po.org_id, o.name, po.relation, po.since FROM person_orgs po "
                       "JOIN orgs o ON o.id = po.org_id WHERE po.person_id = ? "
                       "ORDER BY o.name COLLATE NOCASE, po.relation",
                    DB_ARGS(db_int(p->id)), &s);
    if (rc) return rc;
    while (p->nlinks < count && (rc = db_step(s)) == DB_ROW)
        p->links[p->nlinks++] = (people_link){
            .org_id = db_col_int(s, 0),
            .org_name = arena_strdup(a, db_col_text(s, 1)),
            .relation = arena_strdup(a, db_col_text(s, 2)),
            .since = db_col_int(s, 3),
        };
    db_finalize(s);
    return rc < 0 ? rc : 0;
}

int people_list(db_conn *c, arena *a, const people_query *q, people_person **out, int *n, int64_t *total)
{
    *out = NULL;
    *n = 0;
    int limit = q->limit < 1 ? 1 : q->limit > 1000 ? 1000 : q->limit;
    const char *pattern = q->search ? people_like_pattern(a, q->search) : NULL;
    if (q->search && !pattern) return DB_ENOMEM;
    db_sql sb = {0};
    db_sql_init(&sb);
    int rc = 0;
    if (total) {
        db_sql_add(&sb, "SELECT count(*) FROM people p");
        where_of(&sb, q, pattern);
        rc = db_sql_query_int(c, &sb, total);
        db_sql_reset(&sb);
    }
    db_stmt *s = NULL;
    if (!rc) {
        db_sql_add(&sb, "SELECT " PERSON_COLUMNS " FROM people p");
        where_of(&sb, q, pattern);
        if (q->after) db_sql_arg(&sb, " AND p.id > ?", db_int(q->after));
        db_sql_add(&sb, q->by_id ? " ORDER BY p.id"
                             : " ORDER BY p.family_name COLLATE NOCASE, p.given_name COLLATE NOCASE, p.id");
        db_sql_arg(&sb, " LIMIT ?", db_int(limit));
        db_sql_arg(&sb, " OFFSET ?", db_int(q->offset > 0 ? q->offset : 0));
        rc = db_sql_prepare(c, &sb, &s);
    }
    db_sql_free(&sb);
    if (rc) return rc;
    people_person *list = arena_calloc(a, (size_t)limit, sizeof *list);
    if (!list) {
        db_finalize(s);
        return DB_ENOMEM;
    }
    int k = 0;
    while (k < limit && (rc = db_step(s)) == DB_ROW) row_to_person(s, a, &list[k++]);
    db_finalize(s);
    if (rc < 0) return rc;
    for (int i = 0; i < k; i++)
        if ((rc = load_links(c, a, &list[i])) != 0) return rc;
    *out = list;
    *n = k;
    return 0;
}

int people_get(db_conn *c, arena *a, int64_t id, people_person *out)
{
    db_stmt *s;
    int rc = db_prepare(c, "SELECT " PERSON_COLUMNS " FROM people p WHERE p.id = ?", DB_ARGS(db_int(id)), &s);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) row_to_person(s, a, out);
    db_finalize(s);
    if (rc == DB_DONE) return DB_ENOTFOUND;
    if (rc != DB_ROW) return rc;
    return load_links(c, a, out);
}

int people_get_sensitive(db_conn *c, arena *a, int64_t id, people_sensitive *out)
{
    db_stmt *s;
    int rc = db_prepare(c, "SELECT benefit_status FROM people WHERE id = ?", DB_ARGS(db_int(id)), &s);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) out->benefit_status = arena_strdup(a, db_col_text(s, 0));
    db_finalize(s);
    return rc == DB_ROW ? 0 : rc == DB_DONE ? DB_ENOTFOUND : rc;
}

int people_count_linked(db_conn *c, int64_t org_id, int64_t *n)
{
    return db_query_int(c, "SELECT count(DISTINCT person_id) FROM person_orgs WHERE org_id = ?",
                        DB_ARGS(db_int(org_id)), n);
}

policy_target people_target(arena *a, const people_person *p, policy_resource kind)
{
    policy_target t = {.kind = kind, .id = p->id};
    int64_t *orgs = arena_calloc(a, (size_t)p->nlinks + 1, sizeof *orgs);
    if (!orgs) return t;
    for (int i = 0; i < p->nlinks; i++) orgs[t.norgs++] = p->links[i].org_id;
    t.orgs = orgs;
    return t;
}

int people_viewer_orgs(http_request *req, const int64_t **orgs, int *n)
{
    *orgs = NULL;
    *n = 0;
    const auth_principal *p = auth_current(req);
    if (!p) return 0;
    int64_t *list = arena_calloc(req->arena, (size_t)p->nmemberships + 1, sizeof *list);
    if (!list) return DB_ENOMEM;
    int k = 0;
    for (int i = 0; i < p->nmemberships; i++) {
        int64_t org = p->memberships[i].org_id;
        bool seen = org == 0;
        for (int j = 0; j < k && !seen; j++) seen = list[j] == org;
        if (!seen) list[k++] = org;
    }
    *orgs = list;
    *n = k;
    return 0;
}

json_t *people_to_json(const people_person *p, const people_sensitive *s)
{
    json_t *links = json_array();
    for (int i = 0; i < p->nlinks; i++) {
        const people_link *l = &p->links[i];
        if (!s && people_relation_is_sensitive(l->relation)) continue;
        json_array_append_new(links, json_pack("{s:I, s:s, s:s, s:o}", "org_id", (json_int_t)l->org_id, "org_name",
                                               l->org_name, "relation", l->relation, "since", api_time(l->since)));
    }
    json_t *j = json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)p->id,
                          "given_name", p->given_name, "family_name", p->family_name, "email", api_string(p->email),
                          "phone", api_string(p->phone), "birth_date", api_string(p->birth_date), "postcode",
                          api_string(p->postcode), "created_at", api_time(p->created_at), "updated_at",
                          api_time(p->updated_at), "orgs", links);
    if (j && s) json_object_set_new(j, "sensitive", json_pack("{s:o}", "benefit_status", api_string(s->benefit_status)));
    return j;
}
