/* intake admin store: the SQL of programmes, cohorts and campaigns. Every
 * save is one write transaction with its audit entry. */
#include <string.h>

#include "auth/audit.h"
#include "base/str.h"
#include "base/time.h"
#include "intake/admin.h"

static int exists(db_conn *c, const char *sql, int64_t id, bool *yes)
{
    int64_t one = 0;
    int rc = db_query_int(c, sql, DB_ARGS(db_int(id)), &one);
    *yes = rc == 0;
    return rc == DB_ENOTFOUND ? 0 : rc;
}

/* ---- Programmes ---- */

#define PROGRAMME_COLUMNS                                                                                  \
    "p.id, p.slug, p.name, p.kind, p.description, p.owner_org, o.name, coalesce(p.min_age, 0), "         \
    "coalesce(p.max_age, 0), p.created_at, coalesce(p.archived_at, 0)"

static void row_to_programme(db_stmt *s, arena *a, intake_programme *p)
{
    memset(p, 0, sizeof *p);
    p->id = db_col_int(s, 0);
    p->slug = arena_strdup(a, db_col_text(s, 1));
    p->name = arena_strdup(a, db_col_text(s, 2));
    p->kind = arena_strdup(a, db_col_text(s, 3));
    p->description = arena_strdup(a, db_col_text(s, 4));
    p->owner_org = db_col_int(s, 5);
    p->owner_name = arena_strdup(a, db_col_text(s, 6));
    p->min_age = (int)db_col_int(s, 7);
    p->max_age = (int)db_col_int(s, 8);
    p->created_at = db_col_int(s, 9);
    p->archived_at = db_col_int(s, 10);
}

int intake_programme_list(db_conn *c, arena *a, int64_t after, int limit, intake_programme **out, int *n)
{
    *out = NULL;
    *n = 0;
    if (limit < 1) limit = 1;
    if (limit > 1000) limit = 1000;
    db_stmt *s;
    int rc = db_prepare(c, "SELECT " PROGRAMME_COLUMNS " FROM programmes p JOIN orgs o ON o.id = p.owner_org "
                           "WHERE p.id > ? ORDER BY p.id LIMIT ?",
                        DB_ARGS(db_int(after), db_int(limit)), &s);
    if (rc) return rc;
    intake_programme *list = arena_calloc(a, (size_t)limit, sizeof *list);
    if (!list) {
        db_finalize(s);
        return DB_ENOMEM;
    }
    int k = 0;
    while (k < limit && (rc = db_step(s)) == DB_ROW) row_to_programme(s, a, &list[k++]);
    db_finalize(s);
    if (rc < 0) return rc;
    *out = list;
    *n = k;
    return 0;
}

int intake_programme_load(db_conn *c, arena *a, int64_t id, intake_programme *out)
{
    db_stmt *s;
    int rc = db_prepare(c, "SELECT " PROGRAMME_COLUMNS " FROM programmes p JOIN orgs o ON o.id = p.owner_org "
                           "WHERE p.id = ?",
                        DB_ARGS(db_int(id)), &s);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) row_to_programme(s, a, out);
    db_finalize(s);
    if (rc != DB_ROW) return rc == DB_DONE ? DB_ENOTFOUND : rc;
    out->partners = arena_calloc(a, INTAKE_MAX_PARTNERS, sizeof *out->partners);
    out->phases = arena_calloc(a, INTAKE_MAX_PHASES, sizeof *out->phases);
    out->targets = arena_calloc(a, INTAKE_MAX_TARGETS, sizeof *out->targets);
    if (!out->partners || !out->phases || !out->targets) return DB_ENOMEM;
    rc = db_prepare(c, "SELECT pp.org_id, o.name, pp.part, pp.note FROM programme_partners pp "
                       "JOIN orgs o ON o.id = pp.org_id WHERE pp.programme_id = ? ORDER BY o.name COLLATE NOCASE",
                    DB_ARGS(db_int(id)), &s);
    if (rc) return rc;
    while (out->npartners < INTAKE_MAX_PARTNERS && (rc = db_step(s)) == DB_ROW)
        out->partners[out->npartners++] = (intake_partner){db_col_int(s, 0), arena_strdup(a, db_col_text(s, 1)),
                                                           arena_strdup(a, db_col_text(s, 2)),
                                                           arena_strdup(a, db_col_text(s, 3))};
    db_finalize(s);
    if (rc < 0) return rc;
    rc = db_prepare(c, "SELECT name, coalesce(weeks, 0) FROM programme_phases WHERE programme_id = ? ORDER BY position",
                    DB_ARGS(db_int(id)), &s);
    if (rc) return rc;
    while (out->nphases < INTAKE_MAX_PHASES && (rc = db_step(s)) == DB_ROW)
        out->phases[out->nphases++] = (intake_phase){arena_strdup(a, db_col_text(s, 0)), (int)db_col_int(s, 1)};
    db_finalize(s);
    if (rc < 0) return rc;
    rc = db_prepare(c, "SELECT metric, value, description FROM programme_targets WHERE programme_id = ? ORDER BY id",
                    DB_ARGS(db_int(id)), &s);
    if (rc) return rc;
    while (out->ntargets < INTAKE_MAX_TARGETS && (rc = db_step(s)) == DB_ROW)
        out->targets[out->ntargets++] = (intake_target){arena_strdup(a, db_col_text(s, 0)), db_col_real(s, 1),
                                                        arena_strdup(a, db_col_text(s, 2))};
    db_finalize(s);
    return rc < 0 ? rc : 0;
}

static db_value age_value(const char *s)
{
    int64_t v;
    if (s && str_to_int64(s, 0, 200, &v) == 0) return db_int(v);
    return db_null();
}

int intake_programme_save(http_request *req, int64_t *id, intake_programme_input *in, api_errors *e)
{
    intake_programme_normalise(req->arena, in);
    if (intake_programme_validate(in, e)) return API_EINVALID;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    bool yes = false;
    rc = exists(c, "SELECT 1 FROM orgs WHERE id = ?", in->owner_org, &yes);
    if (!rc && !yes) {
        api_errors_add(e, "owner_org", MSG_INTAKE_ADMIN_ORG_UNKNOWN);
        rc = API_EINVALID;
    }
    for (int i = 0; !rc && i < in->npartners; i++) {
        rc = exists(c, "SELECT 1 FROM orgs WHERE id = ?", in->partners[i].org_id, &yes);
        if (!rc && !yes) {
            api_errors_add(e, "partners", MSG_INTAKE_ADMIN_ORG_UNKNOWN);
            rc = API_EINVALID;
        }
    }
    int64_t taken = 0;
    if (!rc) {
        int q = db_query_int(c, "SELECT id FROM programmes WHERE slug = ? AND id <> ?",
                             DB_ARGS(db_text(in->slug), db_int(*id)), &taken);
        if (q == 0) {
            api_errors_add(e, "slug", MSG_INTAKE_ADMIN_SLUG_TAKEN);
            rc = API_EINVALID;
        } else if (q != DB_ENOTFOUND) rc = q;
    }
    bool create = *id == 0;
    if (!rc && create)
        rc = db_insert(c, "INSERT INTO programmes(slug, name, kind, description, owner_org, min_age, max_age, created_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                       DB_ARGS(db_text(in->slug), db_text(in->name), db_text(in->kind), db_text(in->description),
                               db_int(in->owner_org), age_value(in->min_age), age_value(in->max_age),
                               db_int(time_now())),
                       id);
    else if (!rc) {
        rc = db_exec(c, "UPDATE programmes SET slug = ?, name = ?, kind = ?, description = ?, owner_org = ?, "
                        "min_age = ?, max_age = ? WHERE id = ?",
                     DB_ARGS(db_text(in->slug), db_text(in->name), db_text(in->kind), db_text(in->description),
                             db_int(in->owner_org), age_value(in->min_age), age_value(in->max_age), db_int(*id)));
        if (!rc && db_changes(c) == 0) rc = DB_ENOTFOUND;
        /* Partners that still have places in a cohort must stay. */
        if (!rc) rc = db_exec(c, "DELETE FROM programme_partners WHERE programme_id = ?", DB_ARGS(db_int(*id)));
        if (!rc) rc = db_exec(c, "DELETE FROM programme_phases WHERE programme_id = ?", DB_ARGS(db_int(*id)));
        if (!rc) rc = db_exec(c, "DELETE FROM programme_targets WHERE programme_id = ?", DB_ARGS(db_int(*id)));
    }
    for (int i = 0; !rc && i < in->npartners; i++)
        rc = db_exec(c, "INSERT INTO programme_partners(programme_id, org_id, part, note) VALUES (?, ?, ?, ?)",
                     DB_ARGS(db_int(*id), db_int(in->partners[i].org_id), db_text(in->partners[i].part),
                             db_text(in->partners[i].note)));
    for (int i = 0; !rc && i < in->nphases; i++)
        rc = db_exec(c, "INSERT INTO programme_phases(programme_id, position, name, weeks) VALUES (?, ?, ?, ?)",
                     DB_ARGS(db_int(*id), db_int(i + 1), db_text(in->phases[i].name),
                             in->phases[i].weeks ? db_int(in->phases[i].weeks) : db_null()));
    for (int i = 0; !rc && i < in->ntargets; i++)
        rc = db_exec(c, "INSERT INTO programme_targets(programme_id, metric, value, description) VALUES (?, ?, ?, ?)",
                     DB_ARGS(db_int(*id), db_text(in->targets[i].metric), db_real(in->targets[i].value),
                             db_text(in->targets[i].description)));
    if (!rc && !create) {
        int64_t orphans = 0;
        rc = db_query_int(c, "SELECT count(*) FROM cohort_places cp JOIN cohorts k ON k.id = cp.cohort_id "
                             "WHERE k.programme_id = ? AND cp.places > 0 AND cp.org_id NOT IN "
                             "(SELECT org_id FROM programme_partners WHERE programme_id = ?)",
                          DB_ARGS(db_int(*id), db_int(*id)), &orphans);
        if (!rc && orphans) {
            api_errors_add(e, "partners", MSG_INTAKE_ADMIN_PARTNER_HAS_PLACES);
            rc = API_EINVALID;
        }
    }
    if (rc == DB_ECONSTRAINT) {
        api_errors_add(e, "slug", MSG_INTAKE_ADMIN_SLUG_TAKEN);
        rc = API_EINVALID;
    }
    if (!rc) rc = audit_request(req, create ? "create" : "update", "programme", *id, in->owner_org, "ok", in->slug);
    return db_finish(c, rc);
}

static void write_age(jsonw *w, const char *key, int v)
{
    jsonw_key(w, key);
    if (v) jsonw_int(w, v);
    else jsonw_null(w);
}

void intake_programme_write_json(jsonw *w, const intake_programme *p)
{
    jsonw_object_begin(w);
    jsonw_kint(w, "id", p->id);
    jsonw_kstr(w, "slug", p->slug);
    jsonw_kstr(w, "name", p->name);
    jsonw_kstr(w, "kind", p->kind);
    jsonw_kstr(w, "description", p->description);
    jsonw_kint(w, "owner_org", p->owner_org);
    jsonw_kstr(w, "owner_name", p->owner_name);
    write_age(w, "min_age", p->min_age);
    write_age(w, "max_age", p->max_age);
    jsonw_ktime(w, "created_at", p->created_at, true);
    if (p->partners) {
        jsonw_key(w, "partners");
        jsonw_array_begin(w);
        for (int i = 0; i < p->npartners; i++) {
            jsonw_object_begin(w);
            jsonw_kint(w, "org_id", p->partners[i].org_id);
            jsonw_kstr(w, "org_name", p->partners[i].org_name);
            jsonw_kstr(w, "part", p->partners[i].part);
            jsonw_kstr(w, "note", p->partners[i].note);
            jsonw_object_end(w);
        }
        jsonw_array_end(w);
        jsonw_key(w, "phases");
        jsonw_array_begin(w);
        for (int i = 0; i < p->nphases; i++) {
            jsonw_object_begin(w);
            jsonw_kstr(w, "name", p->phases[i].name);
            write_age(w, "weeks", p->phases[i].weeks);
            jsonw_object_end(w);
        }
        jsonw_array_end(w);
        jsonw_key(w, "targets");
        jsonw_array_begin(w);
        for (int i = 0; i < p->ntargets; i++) {
            jsonw_object_begin(w);
            jsonw_kstr(w, "metric", p->targets[i].metric);
            jsonw_key(w, "value");
            jsonw_real(w, p->targets[i].value);
            jsonw_kstr(w, "description", p->targets[i].description);
            jsonw_object_end(w);
        }
        jsonw_array_end(w);
    }
    jsonw_object_end(w);
}

/* ---- Cohorts ---- */

#define COHORT_COLUMNS "k.id, k.programme_id, p.name, k.name, k.starts_on, k.ends_on, k.capacity, k.created_at"

static void row_to_cohort(db_stmt *s, arena *a, intake_cohort *k)
{
    memset(k, 0, sizeof *k);
    k->id = db_col_int(s, 0);
    k->programme_id = db_col_int(s, 1);
    k->programme_name = arena_strdup(a, db_col_text(s, 2));
    k->name = arena_strdup(a, db_col_text(s, 3));
    k->starts_on = arena_strdup(a, db_col_text(s, 4));
    k->ends_on = arena_strdup(a, db_col_text(s, 5));
    k->capacity = (int)db_col_int(s, 6);
    k->created_at = db_col_int(s, 7);
}

int intake_cohort_list(db_conn *c, arena *a, int64_t programme_id, int64_t after, int limit, intake_cohort **out,
                       int *n)
{
    *out = NULL;
    *n = 0;
    if (limit < 1) limit = 1;
    if (limit > 1000) limit = 1000;
    db_stmt *s;
    int rc = db_prepare(c, "SELECT " COHORT_COLUMNS " FROM cohorts k JOIN programmes p ON p.id = k.programme_id "
                           "WHERE (? = 0 OR k.programme_id = ?) AND k.id > ? ORDER BY k.id LIMIT ?",
                        DB_ARGS(db_int(programme_id), db_int(programme_id), db_int(after), db_int(limit)), &s);
    if (rc) return rc;
    intake_cohort *list = arena_calloc(a, (size_t)limit, sizeof *list);
    if (!list) {
        db_finalize(s);
        return DB_ENOMEM;
    }
    int k = 0;
    while (k < limit && (rc = db_step(s)) == DB_ROW) row_to_cohort(s, a, &list[k++]);
    db_finalize(s);
    if (rc < 0) return rc;
    *out = list;
    *n = k;
    return 0;
}

int intake_cohort_load(db_conn *c, arena *a, int64_t id, intake_cohort *out)
{
    db_stmt *s;
    int rc = db_prepare(c, "SELECT " COHORT_COLUMNS " FROM cohorts k JOIN programmes p ON p.id = k.programme_id "
                           "WHERE k.id = ?",
                        DB_ARGS(db_int(id)), &s);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) row_to_cohort(s, a, out);
    db_finalize(s);
    if (rc != DB_ROW) return rc == DB_DONE ? DB_ENOTFOUND : rc;
    out->places = arena_calloc(a, INTAKE_MAX_PARTNERS, sizeof *out->places);
    if (!out->places) return DB_ENOMEM;
    rc = db_prepare(c, "SELECT cp.org_id, o.name, cp.places FROM cohort_places cp JOIN orgs o ON o.id = cp.org_id "
                       "WHERE cp.cohort_id = ? ORDER BY o.name COLLATE NOCASE",
                    DB_ARGS(db_int(id)), &s);
    if (rc) return rc;
    while (out->nplaces < INTAKE_MAX_PARTNERS && (rc = db_step(s)) == DB_ROW)
        out->places[out->nplaces++] =
            (intake_place){db_col_int(s, 0), arena_strdup(a, db_col_text(s, 1)), (int)db_col_int(s, 2)};
    db_finalize(s);
    return rc < 0 ? rc : 0;
}

int intake_cohort_save(http_request *req, int64_t *id, intake_cohort_input *in, api_errors *e)
{
    intake_cohort_normalise(req->arena, in);
    if (intake_cohort_validate(in, e)) return API_EINVALID;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    bool yes = false;
    rc = exists(c, "SELECT 1 FROM programmes WHERE id = ?", in->programme_id, &yes);
    if (!rc && !yes) {
        api_errors_add(e, "programme_id", MSG_INTAKE_ADMIN_PROGRAMME_UNKNOWN);
        rc = API_EINVALID;
    }
    for (int i = 0; !rc && i < in->nplaces; i++) {
        int64_t one = 0;
        int q = db_query_int(c, "SELECT 1 FROM programme_partners WHERE programme_id = ? AND org_id = ?",
                             DB_ARGS(db_int(in->programme_id), db_int(in->places[i].org_id)), &one);
        if (q == DB_ENOTFOUND) {
            api_errors_add(e, "places", MSG_INTAKE_ADMIN_PLACES_NOT_PARTNER);
            rc = API_EINVALID;
        } else rc = q;
    }
    int64_t capacity = 0;
    str_to_int64(in->capacity, 0, 100000, &capacity);
    bool create = *id == 0;
    if (!rc && create)
        rc = db_insert(c, "INSERT INTO cohorts(programme_id, name, starts_on, ends_on, capacity, created_at) "
                          "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                       DB_ARGS(db_int(in->programme_id), db_text(in->name), db_text(in->starts_on),
                               db_text(in->ends_on), db_int(capacity), db_int(time_now())),
                       id);
    else if (!rc) {
        rc = db_exec(c, "UPDATE cohorts SET programme_id = ?, name = ?, starts_on = ?, ends_on = ?, capacity = ? "
                        "WHERE id = ?",
                     DB_ARGS(db_int(in->programme_id), db_text(in->name), db_text(in->starts_on),
                             db_text(in->ends_on), db_int(capacity), db_int(*id)));
        if (!rc && db_changes(c) == 0) rc = DB_ENOTFOUND;
        if (!rc) rc = db_exec(c, "DELETE FROM cohort_places WHERE cohort_id = ?", DB_ARGS(db_int(*id)));
    }
    for (int i = 0; !rc && i < in->nplaces; i++)
        rc = db_exec(c, "INSERT INTO cohort_places(cohort_id, org_id, places) VALUES (?, ?, ?)",
                     DB_ARGS(db_int(*id), db_int(in->places[i].org_id), db_int(in->places[i].places)));
    if (rc == DB_ECONSTRAINT) {
        api_errors_add(e, "name", MSG_INTAKE_ADMIN_COHORT_NAME_TAKEN);
        rc = API_EINVALID;
    }
    if (!rc) rc = audit_request(req, create ? "create" : "update", "cohort", *id, 0, "ok", in->name);
    return db_finish(c, rc);
}

void intake_cohort_write_json(jsonw *w, const intake_cohort *k)
{
    jsonw_object_begin(w);
    jsonw_kint(w, "id", k->id);
    jsonw_kint(w, "programme_id", k->programme_id);
    jsonw_kstr(w, "programme_name", k->programme_name);
    jsonw_kstr(w, "name", k->name);
    jsonw_kstr(w, "starts_on", k->starts_on);
    jsonw_kstr(w, "ends_on", k->ends_on);
    jsonw_kint(w, "capacity", k->capacity);
    jsonw_ktime(w, "created_at", k->created_at, true);
    if (k->places) {
        jsonw_key(w, "places");
        jsonw_array_begin(w);
        for (int i = 0; i < k->nplaces; i++) {
            jsonw_object_begin(w);
            jsonw_kint(w, "org_id", k->places[i].org_id);
            jsonw_kstr(w, "org_name", k->places[i].org_name);
            jsonw_kint(w, "places", k->places[i].places);
            jsonw_object_end(w);
        }
        jsonw_array_end(w);
    }
    jsonw_object_end(w);
}

/* ---- Campaigns ---- */

#define CAMPAIGN_COLUMNS                                                                                      \
    "c.id, c.cohort_id, k.name, k.programme_id, p.name, c.slug, c.title, c.intro_nl, c.intro_en, c.opens_at, " \
    "c.closes_at, c.target, c.cap, c.retention_weeks, c.reject_message_nl, c.reject_message_en, c.created_at, " \
    "(SELECT count(*) FROM applications a WHERE a.campaign_id = c.id AND a.erased_at IS NULL)"
#define CAMPAIGN_FROM " FROM campaigns c JOIN cohorts k ON k.id = c.cohort_id JOIN programmes p ON p.id = k.programme_id"

static void row_to_campaign(db_stmt *s, arena *a, intake_campaign_row *k)
{
    k->id = db_col_int(s, 0);
    k->cohort_id = db_col_int(s, 1);
    k->cohort_name = arena_strdup(a, db_col_text(s, 2));
    k->programme_id = db_col_int(s, 3);
    k->programme_name = arena_strdup(a, db_col_text(s, 4));
    k->slug = arena_strdup(a, db_col_text(s, 5));
    k->title = arena_strdup(a, db_col_text(s, 6));
    k->intro_nl = arena_strdup(a, db_col_text(s, 7));
    k->intro_en = arena_strdup(a, db_col_text(s, 8));
    k->opens_at = db_col_int(s, 9);
    k->closes_at = db_col_int(s, 10);
    k->target = (int)db_col_int(s, 11);
    k->cap = (int)db_col_int(s, 12);
    k->retention_weeks = (int)db_col_int(s, 13);
    k->reject_message_nl = arena_strdup(a, db_col_text(s, 14));
    k->reject_message_en = arena_strdup(a, db_col_text(s, 15));
    k->created_at = db_col_int(s, 16);
    k->applications = (int)db_col_int(s, 17);
}

int intake_campaign_list(db_conn *c, arena *a, int64_t cohort_id, int64_t after, int limit,
                         intake_campaign_row **out, int *n)
{
    *out = NULL;
    *n = 0;
    if (limit < 1) limit = 1;
    if (limit > 1000) limit = 1000;
    db_stmt *s;
    int rc = db_prepare(c, "SELECT " CAMPAIGN_COLUMNS CAMPAIGN_FROM
                           " WHERE (? = 0 OR c.cohort_id = ?) AND c.id > ? ORDER BY c.id LIMIT ?",
                        DB_ARGS(db_int(cohort_id), db_int(cohort_id), db_int(after), db_int(limit)), &s);
    if (rc) return rc;
    intake_campaign_row *list = arena_calloc(a, (size_t)limit, sizeof *list);
    if (!list) {
        db_finalize(s);
        return DB_ENOMEM;
    }
    int k = 0;
    while (k < limit && (rc = db_step(s)) == DB_ROW) row_to_campaign(s, a, &list[k++]);
    db_finalize(s);
    if (rc < 0) return rc;
    *out = list;
    *n = k;
    return 0;
}

int intake_campaign_load(db_conn *c, arena *a, int64_t id, intake_campaign_row *out)
{
    db_stmt *s;
    int rc = db_prepare(c, "SELECT " CAMPAIGN_COLUMNS CAMPAIGN_FROM " WHERE c.id = ?", DB_ARGS(db_int(id)), &s);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) row_to_campaign(s, a, out);
    db_finalize(s);
    return rc == DB_ROW ? 0 : rc == DB_DONE ? DB_ENOTFOUND : rc;
}

int intake_campaign_save(http_request *req, int64_t *id, intake_campaign_input *in, api_errors *e)
{
    intake_campaign_normalise(req->arena, in);
    int64_t opens = 0, closes = 0;
    if (intake_campaign_validate(in, e, &opens, &closes)) return API_EINVALID;
    int64_t target = 0, cap = 0, weeks = 4;
    str_to_int64(in->target, 0, 1000000, &target);
    str_to_int64(in->cap, 0, 1000000, &cap);
    if (in->retention_weeks) str_to_int64(in->retention_weeks, 0, 520, &weeks);
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    bool yes = false;
    rc = exists(c, "SELECT 1 FROM cohorts WHERE id = ?", in->cohort_id, &yes);
    if (!rc && !yes) {
        api_errors_add(e, "cohort_id", MSG_INTAKE_ADMIN_COHORT_UNKNOWN);
        rc = API_EINVALID;
    }
    if (!rc) {
        int64_t other = 0;
        int q = db_query_int(c, "SELECT id FROM campaigns WHERE slug = ? AND id <> ?",
                             DB_ARGS(db_text(in->slug), db_int(*id)), &other);
        if (q == 0) {
            api_errors_add(e, "slug", MSG_INTAKE_ADMIN_SLUG_TAKEN);
            rc = API_EINVALID;
        } else if (q != DB_ENOTFOUND) rc = q;
    }
    bool create = *id == 0;
    if (!rc && create) {
        rc = db_insert(c, "INSERT INTO campaigns(cohort_id, slug, title, intro_nl, intro_en, opens_at, closes_at, "
                          "target, cap, retention_weeks, reject_message_nl, reject_message_en, created_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                       DB_ARGS(db_int(in->cohort_id), db_text(in->slug), db_text(in->title), db_text(in->intro_nl),
                               db_text(in->intro_en), db_int(opens), db_int(closes), db_int(target), db_int(cap),
                               db_int(weeks), db_text(in->reject_message_nl), db_text(in->reject_message_en),
                               db_int(time_now())),
                       id);
        if (!rc) rc = intake_stages_create_default(c, *id);
    } else if (!rc) {
        rc = db_exec(c, "UPDATE campaigns SET cohort_id = ?, slug = ?, title = ?, intro_nl = ?, intro_en = ?, "
                        "opens_at = ?, closes_at = ?, target = ?, cap = ?, retention_weeks = ?, "
                        "reject_message_nl = ?, reject_message_en = ? WHERE id = ?",
                     DB_ARGS(db_int(in->cohort_id), db_text(in->slug), db_text(in->title), db_text(in->intro_nl),
                             db_text(in->intro_en), db_int(opens), db_int(closes), db_int(target), db_int(cap),
                             db_int(weeks), db_text(in->reject_message_nl), db_text(in->reject_message_en),
                             db_int(*id)));
        if (!rc && db_changes(c) == 0) rc = DB_ENOTFOUND;
    }
    if (rc == DB_ECONSTRAINT) {
        api_errors_add(e, "slug", MSG_INTAKE_ADMIN_SLUG_TAKEN);
        rc = API_EINVALID;
    }
    if (!rc) rc = audit_request(req, create ? "create" : "update", "campaign", *id, 0, "ok", in->slug);
    return db_finish(c, rc);
}

void intake_campaign_write_json(jsonw *w, const intake_campaign_row *k)
{
    jsonw_object_begin(w);
    jsonw_kint(w, "id", k->id);
    jsonw_kint(w, "cohort_id", k->cohort_id);
    jsonw_kstr(w, "cohort_name", k->cohort_name);
    jsonw_kint(w, "programme_id", k->programme_id);
    jsonw_kstr(w, "programme_name", k->programme_name);
    jsonw_kstr(w, "slug", k->slug);
    jsonw_kstr(w, "title", k->title);
    jsonw_kstr(w, "intro_nl", k->intro_nl);
    jsonw_kstr(w, "intro_en", k->intro_en);
    jsonw_ktime(w, "opens_at", k->opens_at, false);
    jsonw_ktime(w, "closes_at", k->closes_at, false);
    jsonw_kint(w, "target", k->target);
    jsonw_kint(w, "cap", k->cap);
    jsonw_kint(w, "retention_weeks", k->retention_weeks);
    jsonw_kstr(w, "reject_message_nl", k->reject_message_nl);
    jsonw_kstr(w, "reject_message_en", k->reject_message_en);
    jsonw_kint(w, "applications", k->applications);
    jsonw_ktime(w, "created_at", k->created_at, true);
    jsonw_object_end(w);
}
