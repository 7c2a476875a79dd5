/* deploy store: the SQL of locations, shifts, profiles, documents, the
 * roster, hours and feed tokens (see store.h). */
#include "deploy/store.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/auth.h"
#include "base/random.h"
#include "base/str.h"
#include "base/time.h"

#define DEPLOY_FEED_TOKEN_BYTES 16 /* 128 bits */
#define DEPLOY_REASON_MAX 500

static bool exists(db_conn *c, const char *sql, const db_value *args, int nargs, int *rc)
{
    int64_t one = 0;
    int q = db_query_int(c, sql, args, nargs, &one);
    if (q == DB_ENOTFOUND) return false;
    if (q) *rc = q;
    return q == 0;
}

static const char *blank_null(arena *a, const char *s)
{
    char *t = str_trim(a, s);
    return t && *t ? t : NULL;
}

/* ---- Locations ---- */

static void location_row(db_stmt *s, arena *a, void *el)
{
    deploy_location *o = el;
    o->id = db_col_int(s, 0);
    o->org_id = db_col_int(s, 1);
    o->org_name = db_col_dup(a, s, 2);
    o->name = db_col_dup(a, s, 3);
    o->address = db_col_dup(a, s, 4);
    o->postcode = db_col_dup(a, s, 5);
}

#define LOCATION_COLS                                                                                               \
    "SELECT l.id, l.org_id, o.name, l.name, l.address, l.postcode FROM deploy_locations l "                         \
    "JOIN orgs o ON o.id = l.org_id "

int deploy_locations_of(db_conn *c, arena *a, int64_t org_id, deploy_location **out, int *n)
{
    if (org_id)
        return db_rows(c, a, LOCATION_COLS "WHERE l.org_id = ? ORDER BY l.name, l.id", DB_ARGS(db_int(org_id)),
                       sizeof **out, location_row, (void **)out, n);
    return db_rows(c, a, LOCATION_COLS "ORDER BY o.name, l.name, l.id", DB_NOARGS, sizeof **out, location_row,
                   (void **)out, n);
}

int deploy_location_load(db_conn *c, arena *a, int64_t id, deploy_location *out)
{
    deploy_location *l;
    int n;
    int rc = db_rows(c, a, LOCATION_COLS "WHERE l.id = ?", DB_ARGS(db_int(id)), sizeof *l, location_row, (void **)&l,
                     &n);
    if (rc) return rc;
    if (n == 0) return DB_ENOTFOUND;
    *out = l[0];
    return 0;
}

int deploy_location_save(http_request *req, int64_t org_id, int64_t *id, const deploy_location_input *in_typed,
                         api_errors *e)
{
    deploy_location_input in = {.name = str_trim(req->arena, in_typed->name),
                                .address = blank_null(req->arena, in_typed->address),
                                .postcode = blank_null(req->arena, in_typed->postcode)};
    if (deploy_location_validate(&in, e)) return API_EINVALID;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    if (!exists(c, "SELECT 1 FROM orgs WHERE id = ? AND kind = 'care'", DB_ARGS(db_int(org_id)), &rc) && !rc) {
        api_errors_add(e, "org_id", MSG_DEPLOY_E_ORG_NOT_CARE);
        rc = API_EINVALID;
    }
    bool create = *id == 0;
    if (!rc && create)
        rc = db_insert(c,
                       "INSERT INTO deploy_locations(org_id, name, address, postcode, created_at) "
                       "VALUES (?, ?, ?, ?, ?) RETURNING id",
                       DB_ARGS(db_int(org_id), db_text(in.name), db_text(in.address), db_text(in.postcode),
                               db_int(time_now())),
                       id);
    else if (!rc) {
        rc = db_exec(c, "UPDATE deploy_locations SET name = ?, address = ?, postcode = ? WHERE id = ? AND org_id = ?",
                     DB_ARGS(db_text(in.name), db_text(in.address), db_text(in.postcode), db_int(*id),
                             db_int(org_id)));
        if (!rc && db_changes(c) == 0) rc = DB_ENOTFOUND;
    }
    if (rc == DB_ECONSTRAINT) {
        api_errors_add(e, "name", MSG_DEPLOY_E_LOCATION_TAKEN);
        rc = API_EINVALID;
    }
    if (!rc) rc = audit_request(req, create ? "create" : "update", "location", *id, org_id, "ok", in.name);
    return db_finish(c, rc);
}

/* ---- Shifts ---- */

#define SHIFT_COLS                                                                                                  \
    "SELECT s.id, s.org_id, o.name, s.location_id, l.name, l.postcode, s.starts_at, s.ends_at, s.tasks, "            \
    "s.headcount, s.priority, coalesce(s.batch, 0), coalesce(s.published_at, 0), coalesce(s.cancelled_at, 0), "     \
    "(SELECT count(*) FROM deploy_assignments a WHERE a.shift_id = s.id AND a.status = 'published') "                \
    "FROM deploy_shifts s JOIN orgs o ON o.id = s.org_id JOIN deploy_locations l ON l.id = s.location_id "

static void shift_row(db_stmt *s, arena *a, void *el)
{
    deploy_posted *o = el;
    o->id = db_col_int(s, 0);
    o->org_id = db_col_int(s, 1);
    o->org_name = db_col_dup(a, s, 2);
    o->location_id = db_col_int(s, 3);
    o->location = db_col_dup(a, s, 4);
    o->postcode = db_col_dup(a, s, 5);
    o->starts_at = db_col_int(s, 6);
    o->ends_at = db_col_int(s, 7);
    o->tasks = db_col_dup(a, s, 8);
    o->headcount = (int)db_col_int(s, 9);
    o->priority = deploy_priority_parse(db_col_text(s, 10));
    o->batch = db_col_int(s, 11);
    o->published_at = db_col_int(s, 12);
    o->cancelled_at = db_col_int(s, 13);
    o->placed = (int)db_col_int(s, 14);
}

typedef struct shift_skill {
    int64_t shift_id;
    deploy_skill_ref skill;
} shift_skill;

static void shift_skill_row(db_stmt *s, arena *a, void *el)
{
    shift_skill *o = el;
    o->shift_id = db_col_int(s, 0);
    o->skill.id = db_col_int(s, 1);
    o->skill.label_nl = db_col_dup(a, s, 2);
    o->skill.label_en = db_col_dup(a, s, 3);
}

/* Gives each of the n shifts (in any order) its skills, with one query over their id range. */
static int attach_skills(db_conn *c, arena *a, deploy_posted *shifts, int n)
{
    if (n == 0) return 0;
    int64_t lo = shifts[0].id, hi = shifts[0].id;
    for (int i = 1; i < n; i++) {
        if (shifts[i].id < lo) lo = shifts[i].id;
        if (shifts[i].id > hi) hi = shifts[i].id;
    }
    shift_skill *rows;
    int nrows;
    int rc = db_rows(c, a,
                     "SELECT ss.shift_id, k.id, k.label_nl, coalesce(k.label_en, k.label_nl) FROM deploy_shift_skills ss "
                     "JOIN skills k ON k.id = ss.skill_id WHERE ss.shift_id BETWEEN ? AND ? "
                     "ORDER BY ss.shift_id, k.label_nl",
                     DB_ARGS(db_int(lo), db_int(hi)), sizeof *rows, shift_skill_row, (void **)&rows, &nrows);
    if (rc || nrows == 0) return rc;
    for (int i = 0; i < n; i++) {
        /* rows are sorted by shift id: find the first of this shift */
        int l = 0, h = nrows;
        while (l < h) {
            int m = (l + h) / 2;
            if (rows[m].shift_id < shifts[i].id) l = m + 1;
            else h = m;
        }
        int k = l;
        while (k < nrows && rows[k].shift_id == shifts[i].id) k++;
        if (k == l) continue;
        deploy_skill_ref *refs = arena_alloc(a, (size_t)(k - l) * sizeof *refs);
        if (!refs) return DB_ENOMEM;
        for (int j = l; j < k; j++) refs[j - l] = rows[j].skill;
        shifts[i].skills = refs;
        shifts[i].nskills = k - l;
    }
    return 0;
}

int deploy_shift_list(db_conn *c, arena *a, const deploy_shift_filter *f, deploy_posted **out, int *n)
{
    db_sql q;
    db_sql_init(&q);
    db_sql_add(&q, SHIFT_COLS "WHERE 1 = 1");
    if (f->org_id) db_sql_arg(&q, " AND s.org_id = ?", db_int(f->org_id));
    if (f->from_day) db_sql_arg(&q, " AND s.starts_at >= ?", db_int(deploy_instant(f->from_day, 0)));
    if (f->to_day) db_sql_arg(&q, " AND s.starts_at < ?", db_int(deploy_instant(f->to_day + 1, 0)));
    if (!f->with_cancelled || f->open_only) db_sql_add(&q, " AND s.cancelled_at IS NULL");
    if (f->open_only) {
        db_sql_arg(&q, " AND s.published_at IS NOT NULL AND s.starts_at > ?", db_int(f->after));
        db_sql_add(&q, " AND s.headcount > (SELECT count(*) FROM deploy_assignments a WHERE a.shift_id = s.id "
                       "AND a.status = 'published')");
    }
    db_sql_add(&q, " ORDER BY s.starts_at, o.name, l.name, s.id");
    db_stmt *st;
    *out = NULL;
    *n = 0;
    int rc = db_sql_prepare(c, &q, &st);
    int cap = 0;
    if (!rc) {
        while ((rc = db_step(st)) == DB_ROW) {
            deploy_posted *g = arena_grow(a, *out, *n, &cap, sizeof **out);
            if (!g) {
                rc = DB_ENOMEM;
                break;
            }
            *out = g;
            memset(&g[*n], 0, sizeof g[*n]);
            shift_row(st, a, &g[(*n)++]);
        }
        db_finalize(st);
        if (rc == DB_DONE) rc = 0;
    }
    db_sql_free(&q);
    if (!rc) rc = attach_skills(c, a, *out, *n);
    return rc;
}

int deploy_shift_load(db_conn *c, arena *a, int64_t id, deploy_posted *out)
{
    deploy_posted *l;
    int n;
    int rc = db_rows(c, a, SHIFT_COLS "WHERE s.id = ?", DB_ARGS(db_int(id)), sizeof *l, shift_row, (void **)&l, &n);
    if (rc) return rc;
    if (n == 0) return DB_ENOTFOUND;
    rc = attach_skills(c, a, l, 1);
    *out = l[0];
    return rc;
}

/* Checks that every location of in is org_id's and every skill exists. */
static int shift_refs_check(db_conn *c, int64_t org_id, const deploy_shift_input *in, api_errors *e)
{
    int rc = 0;
    for (int i = 0; i < in->nlocations && !rc; i++)
        if (!exists(c, "SELECT 1 FROM deploy_locations WHERE id = ? AND org_id = ?",
                    DB_ARGS(db_int(in->location_ids[i]), db_int(org_id)), &rc) &&
            !rc) {
            api_errors_add(e, "location_ids", MSG_DEPLOY_E_LOCATION_UNKNOWN);
            rc = API_EINVALID;
        }
    for (int i = 0; i < in->nskills && !rc; i++)
        if (!exists(c, "SELECT 1 FROM skills WHERE id = ? AND archived_at IS NULL", DB_ARGS(db_int(in->skill_ids[i])),
                    &rc) &&
            !rc) {
            api_errors_add(e, "skill_ids", MSG_DEPLOY_E_SKILL_UNKNOWN);
            rc = API_EINVALID;
        }
    return rc;
}

int deploy_shift_post(http_request *req, int64_t org_id, const deploy_shift_input *typed, int64_t *first, int *n,
                      api_errors *e)
{
    *first = 0;
    *n = 0;
    deploy_shift_input in = *typed;
    in.date = blank_null(req->arena, typed->date);
    in.from_date = blank_null(req->arena, typed->from_date);
    in.to_date = blank_null(req->arena, typed->to_date);
    in.start = str_trim(req->arena, typed->start);
    in.end = str_trim(req->arena, typed->end);
    in.headcount = str_trim(req->arena, typed->headcount);
    in.priority = blank_null(req->arena, typed->priority);
    in.tasks = blank_null(req->arena, typed->tasks);
    if (deploy_shift_validate(&in, e)) return API_EINVALID;
    deploy_shift_spec *specs;
    int nspecs;
    if (deploy_shift_expand(&in, req->arena, &specs, &nspecs, e)) return API_EINVALID;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    if (!exists(c, "SELECT 1 FROM orgs WHERE id = ? AND kind = 'care'", DB_ARGS(db_int(org_id)), &rc) && !rc) {
        api_errors_add(e, "org_id", MSG_DEPLOY_E_ORG_NOT_CARE);
        rc = API_EINVALID;
    }
    if (!rc) rc = shift_refs_check(c, org_id, &in, e);
    long headcount = strtol(in.headcount, NULL, 10);
    const char *priority = in.priority ? in.priority : "normal";
    int64_t now = time_now(), user = auth_user_id(req);
    for (int i = 0; i < nspecs && !rc; i++) {
        int64_t id = 0;
        rc = db_insert(c,
                       "INSERT INTO deploy_shifts(org_id, location_id, starts_at, ends_at, tasks, headcount, priority, "
                       "batch, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                       DB_ARGS(db_int(org_id), db_int(specs[i].location_id), db_int(specs[i].starts_at),
                               db_int(specs[i].ends_at), db_text(in.tasks), db_int(headcount), db_text(priority),
                               nspecs > 1 && *first ? db_int(*first) : db_null(), db_id_or_null(user), db_int(now)),
                       &id);
        if (!rc && i == 0) *first = id;
        for (int k = 0; k < in.nskills && !rc; k++)
            rc = db_exec(c, "INSERT OR IGNORE INTO deploy_shift_skills(shift_id, skill_id) VALUES (?, ?)",
                         DB_ARGS(db_int(id), db_int(in.skill_ids[k])));
    }
    if (!rc && nspecs > 1)
        rc = db_exec(c, "UPDATE deploy_shifts SET batch = ? WHERE id = ?", DB_ARGS(db_int(*first), db_int(*first)));
    if (!rc) {
        char detail[64];
        snprintf(detail, sizeof detail, "%d shifts", nspecs);
        rc = audit_request(req, "create", "shift", *first, org_id, "ok", detail);
    }
    rc = db_finish(c, rc);
    if (!rc) *n = nspecs;
    else *first = 0;
    return rc;
}

/* ---- The roster ---- */

#define ROSTERED_COLS                                                                                               \
    "SELECT a.id, a.shift_id, a.person_id, p.given_name || ' ' || p.family_name, a.status, a.source, s.starts_at, " \
    "s.ends_at, s.org_id, o.name, l.name, h.status, coalesce(h.minutes, 0), "                                     \
    "coalesce(a.cancelled_at, a.created_at) FROM deploy_assignments a "                                            \
    "JOIN deploy_shifts s ON s.id = a.shift_id JOIN people p ON p.id = a.person_id "                                \
    "JOIN orgs o ON o.id = s.org_id JOIN deploy_locations l ON l.id = s.location_id "                               \
    "LEFT JOIN deploy_hours h ON h.assignment_id = a.id "

static void rostered_row(db_stmt *s, arena *a, void *el)
{
    deploy_rostered *o = el;
    o->assignment_id = db_col_int(s, 0);
    o->shift_id = db_col_int(s, 1);
    o->person_id = db_col_int(s, 2);
    o->person_name = db_col_dup(a, s, 3);
    o->status = db_col_dup(a, s, 4);
    o->source = db_col_dup(a, s, 5);
    o->starts_at = db_col_int(s, 6);
    o->ends_at = db_col_int(s, 7);
    o->org_id = db_col_int(s, 8);
    o->org_name = db_col_dup(a, s, 9);
    o->location = db_col_dup(a, s, 10);
    o->hours_status = db_col_dup(a, s, 11);
    o->worked_minutes = (int)db_col_int(s, 12);
    o->updated_at = db_col_int(s, 13);
}

int deploy_shift_people(db_conn *c, arena *a, int64_t shift_id, bool cancelled, deploy_rostered **out, int *n)
{
    return db_rows(c, a,
                   ROSTERED_COLS "WHERE a.shift_id = ? AND (a.status = 'published' OR (? AND a.status = 'cancelled' "
                                 "AND a.plan_id IS NULL)) ORDER BY a.status DESC, p.family_name, p.given_name",
                   DB_ARGS(db_int(shift_id), db_int(cancelled)), sizeof **out, rostered_row, (void **)out, n);
}

int deploy_person_roster(db_conn *c, arena *a, int64_t person_id, int64_t from_day, deploy_rostered **out, int *n)
{
    int64_t from = from_day ? deploy_instant(from_day, 0) : INT64_MIN;
    return db_rows(c, a,
                   ROSTERED_COLS "WHERE a.person_id = ? AND a.plan_id IS NULL AND a.status IN ('published', "
                                 "'cancelled') AND s.starts_at >= ? ORDER BY s.starts_at, a.id",
                   DB_ARGS(db_int(person_id), db_int(from)), sizeof **out, rostered_row, (void **)out, n);
}

int deploy_org_roster(db_conn *c, arena *a, int64_t org_id, int64_t from_day, int64_t to_day, deploy_rostered **out,
                      int *n)
{
    return db_rows(c, a,
                   ROSTERED_COLS "WHERE (? = 0 OR s.org_id = ?) AND a.status = 'published' AND s.starts_at >= ? "
                                 "AND s.starts_at < ? ORDER BY s.starts_at, o.name, l.name, p.family_name, a.id",
                   DB_ARGS(db_int(org_id), db_int(org_id), db_int(deploy_instant(from_day, 0)),
                           db_int(deploy_instant(to_day + 1, 0))),
                   sizeof **out, rostered_row, (void **)out, n);
}

int deploy_plan_rows(db_conn *c, arena *a, int64_t plan_id, deploy_rostered **out, int *n)
{
    return db_rows(c, a,
                   ROSTERED_COLS "WHERE a.plan_id = ? AND a.status = 'proposed' ORDER BY s.starts_at, o.name, l.name, "
                                 "p.family_name, a.id",
                   DB_ARGS(db_int(plan_id)), sizeof **out, rostered_row, (void **)out, n);
}

int deploy_assignment_load(db_conn *c, arena *a, int64_t id, deploy_rostered *out)
{
    deploy_rostered *l;
    int n;
    int rc = db_rows(c, a, ROSTERED_COLS "WHERE a.id = ?", DB_ARGS(db_int(id)), sizeof *l, rostered_row, (void **)&l,
                     &n);
    if (rc) return rc;
    if (n == 0) return DB_ENOTFOUND;
    *out = l[0];
    return 0;
}

/* ---- Profiles ---- */

static void window_row(db_stmt *s, arena *a, void *el)
{
    (void)a;
    deploy_window_row *o = el;
    o->id = db_col_int(s, 0);
    o->weekday = (int)db_col_int(s, 1);
    o->from_min = (int)db_col_int(s, 2);
    o->to_min = (int)db_col_int(s, 3);
}

static void exception_row(db_stmt *s, arena *a, void *el)
{
    deploy_exception_row *o = el;
    o->id = db_col_int(s, 0);
    o->from_date = db_col_dup(a, s, 1);
    o->to_date = db_col_dup(a, s, 2);
    o->reason = db_col_dup(a, s, 3);
}

static void id_row(db_stmt *s, arena *a, void *el)
{
    (void)a;
    *(int64_t *)el = db_col_int(s, 0);
}

static void document_row(db_stmt *s, arena *a, void *el)
{
    deploy_document *o = el;
    o->id = db_col_int(s, 0);
    o->kind = db_col_dup(a, s, 1);
    o->issued_on = db_col_dup(a, s, 2);
    o->expires_on = db_col_dup(a, s, 3);
    o->note = db_col_dup(a, s, 4);
    o->checked_by = db_col_dup(a, s, 5);
    o->checked_at = db_col_int(s, 6);
}

int deploy_profile_load(db_conn *c, arena *a, int64_t person_id, deploy_profile *out)
{
    memset(out, 0, sizeof *out);
    out->person_id = person_id;
    db_stmt *s;
    int rc = db_prepare(c,
                        "SELECT p.given_name || ' ' || p.family_name, p.postcode, f.person_id IS NOT NULL, "
                        "coalesce(f.active, 0), coalesce(f.max_week_hours, 0), coalesce(f.travel_km, 0) "
                        "FROM people p LEFT JOIN deploy_profiles f ON f.person_id = p.id WHERE p.id = ?",
                        DB_ARGS(db_int(person_id)), &s);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) {
        out->name = db_col_dup(a, s, 0);
        out->postcode = db_col_dup(a, s, 1);
        out->exists = db_col_int(s, 2) != 0;
        out->active = db_col_int(s, 3) != 0;
        out->max_week_hours = (int)db_col_int(s, 4);
        out->travel_km = (int)db_col_int(s, 5);
        rc = 0;
    } else if (rc == DB_DONE)
        rc = DB_ENOTFOUND;
    db_finalize(s);
    if (!rc)
        rc = db_rows(c, a,
                     "SELECT id, weekday, from_min, to_min FROM deploy_availability WHERE person_id = ? "
                     "ORDER BY weekday, from_min, id",
                     DB_ARGS(db_int(person_id)), sizeof *out->windows, window_row, (void **)&out->windows,
                     &out->nwindows);
    if (!rc)
        rc = db_rows(c, a,
                     "SELECT id, from_date, to_date, reason FROM deploy_exceptions WHERE person_id = ? "
                     "ORDER BY from_date, id",
                     DB_ARGS(db_int(person_id)), sizeof *out->exceptions, exception_row, (void **)&out->exceptions,
                     &out->nexceptions);
    if (!rc)
        rc = db_rows(c, a, "SELECT org_id FROM deploy_pref_orgs WHERE person_id = ? ORDER BY org_id",
                     DB_ARGS(db_int(person_id)), sizeof(int64_t), id_row, (void **)&out->pref_orgs, &out->npref_orgs);
    if (!rc)
        rc = db_rows(c, a, "SELECT location_id FROM deploy_pref_locations WHERE person_id = ? ORDER BY location_id",
                     DB_ARGS(db_int(person_id)), sizeof(int64_t), id_row, (void **)&out->pref_locations,
                     &out->npref_locations);
    if (!rc)
        rc = db_rows(c, a,
                     "SELECT d.id, d.kind, d.issued_on, d.expires_on, d.note, coalesce(u.name, ''), d.checked_at "
                     "FROM deploy_documents d LEFT JOIN users u ON u.id = d.checked_by "
                     "WHERE d.person_id = ? AND d.replaced_at IS NULL ORDER BY d.kind",
                     DB_ARGS(db_int(person_id)), sizeof *out->documents, document_row, (void **)&out->documents,
                     &out->ndocuments);
    return rc;
}

static void runner_row(db_stmt *s, arena *a, void *el)
{
    deploy_runner *o = el;
    o->person_id = db_col_int(s, 0);
    o->name = db_col_dup(a, s, 1);
    o->postcode = db_col_dup(a, s, 2);
    o->vog = !db_col_is_null(s, 3);
    o->vog_day = DEPLOY_NO_DAY;
    if (o->vog) deploy_parse_day(db_col_text(s, 3), &o->vog_day);
    o->identity = db_col_int(s, 4) != 0;
    o->contract = db_col_int(s, 5) != 0;
    o->max_week_hours = (int)db_col_int(s, 6);
    o->upcoming = (int)db_col_int(s, 7);
}

int deploy_runner_list(db_conn *c, arena *a, int64_t org_id, deploy_runner **out, int *n)
{
    int64_t now = time_now();
    return db_rows(c, a,
                   "SELECT p.id, p.given_name || ' ' || p.family_name, p.postcode, "
                   "(SELECT issued_on FROM deploy_documents d WHERE d.person_id = p.id AND d.kind = 'vog' "
                   "AND d.replaced_at IS NULL), "
                   "EXISTS (SELECT 1 FROM deploy_documents d WHERE d.person_id = p.id AND d.kind = 'identity' "
                   "AND d.replaced_at IS NULL), "
                   "EXISTS (SELECT 1 FROM deploy_documents d WHERE d.person_id = p.id AND d.kind = 'contract' "
                   "AND d.replaced_at IS NULL), coalesce(f.max_week_hours, 0), "
                   "(SELECT count(*) FROM deploy_assignments a JOIN deploy_shifts s ON s.id = a.shift_id "
                   "WHERE a.person_id = p.id AND a.status = 'published' AND s.starts_at >= ?) "
                   "FROM deploy_profiles f JOIN people p ON p.id = f.person_id WHERE f.active = 1 "
                   "AND (? = 0 OR EXISTS (SELECT 1 FROM person_orgs po WHERE po.person_id = p.id AND po.org_id = ?)) "
                   "ORDER BY p.family_name, p.given_name, p.id",
                   DB_ARGS(db_int(now), db_int(org_id), db_int(org_id)), sizeof **out, runner_row, (void **)out, n);
}

int deploy_person_orgs(db_conn *c, int64_t person_id, int64_t *orgs, int max, int *n)
{
    *n = 0;
    db_stmt *s;
    int rc = db_prepare(c, "SELECT DISTINCT org_id FROM person_orgs WHERE person_id = ? ORDER BY org_id",
                        DB_ARGS(db_int(person_id)), &s);
    if (rc) return rc;
    while ((rc = db_step(s)) == DB_ROW)
        if (*n < max) orgs[(*n)++] = db_col_int(s, 0);
    db_finalize(s);
    return rc == DB_DONE ? 0 : rc;
}

/* Makes sure the person has a profile row (a runner from their first change on). */
static int profile_ensure(db_conn *c, int64_t person_id, int64_t now)
{
    return db_exec(c,
                   "INSERT INTO deploy_profiles(person_id, created_at, updated_at) VALUES (?, ?, ?) "
                   "ON CONFLICT(person_id) DO UPDATE SET updated_at = excluded.updated_at",
                   DB_ARGS(db_int(person_id), db_int(now), db_int(now)));
}

static int person_check(db_conn *c, int64_t person_id)
{
    int rc = 0;
    if (!exists(c, "SELECT 1 FROM people WHERE id = ?", DB_ARGS(db_int(person_id)), &rc) && !rc) rc = DB_ENOTFOUND;
    return rc;
}

int deploy_profile_save(http_request *req, int64_t person_id, const deploy_profile_input *in,
                        const int64_t *pref_orgs, int npref_orgs, const int64_t *pref_locations, int npref_locations,
                        api_errors *e)
{
    int hours = 0, km = 0;
    deploy_profile_input t = {.max_week_hours = str_trim(req->arena, in->max_week_hours),
                              .travel_km = str_trim(req->arena, in->travel_km)};
    if (deploy_profile_validate(&t, &hours, &km, e)) return API_EINVALID;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    rc = person_check(c, person_id);
    for (int i = 0; i < npref_orgs && !rc; i++)
        if (!exists(c, "SELECT 1 FROM orgs WHERE id = ? AND kind = 'care'", DB_ARGS(db_int(pref_orgs[i])), &rc) &&
            !rc) {
            api_errors_add(e, "pref_orgs", MSG_DEPLOY_E_ORG_NOT_CARE);
            rc = API_EINVALID;
        }
    for (int i = 0; i < npref_locations && !rc; i++)
        if (!exists(c, "SELECT 1 FROM deploy_locations WHERE id = ?", DB_ARGS(db_int(pref_locations[i])), &rc) &&
            !rc) {
            api_errors_add(e, "pref_locations", MSG_DEPLOY_E_LOCATION_UNKNOWN);
            rc = API_EINVALID;
        }
    int64_t now = time_now();
    if (!rc) rc = profile_ensure(c, person_id, now);
    if (!rc)
        rc = db_exec(c, "UPDATE deploy_profiles SET max_week_hours = ?, travel_km = ?, active = 1 WHERE person_id = ?",
                     DB_ARGS(hours ? db_int(hours) : db_null(), km ? db_int(km) : db_null(), db_int(person_id)));
    if (!rc) rc = db_exec(c, "DELETE FROM deploy_pref_orgs WHERE person_id = ?", DB_ARGS(db_int(person_id)));
    if (!rc) rc = db_exec(c, "DELETE FROM deploy_pref_locations WHERE person_id = ?", DB_ARGS(db_int(person_id)));
    for (int i = 0; i < npref_orgs && !rc; i++)
        rc = db_exec(c, "INSERT OR IGNORE INTO deploy_pref_orgs(person_id, org_id) VALUES (?, ?)",
                     DB_ARGS(db_int(person_id), db_int(pref_orgs[i])));
    for (int i = 0; i < npref_locations && !rc; i++)
        rc = db_exec(c, "INSERT OR IGNORE INTO deploy_pref_locations(person_id, location_id) VALUES (?, ?)",
                     DB_ARGS(db_int(person_id), db_int(pref_locations[i])));
    if (!rc) rc = audit_request(req, "update", "person.availability", person_id, 0, "ok", "limits and preferences");
    return db_finish(c, rc);
}

int deploy_window_add(http_request *req, int64_t person_id, const deploy_window_input *in, int64_t *id,
                      api_errors *e)
{
    int wd, from, to;
    deploy_window_input t = {.weekday = str_trim(req->arena, in->weekday), .from = str_trim(req->arena, in->from),
                             .to = str_trim(req->arena, in->to)};
    if (deploy_window_validate(&t, &wd, &from, &to, e)) return API_EINVALID;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    rc = person_check(c, person_id);
    int64_t now = time_now();
    if (!rc) rc = profile_ensure(c, person_id, now);
    if (!rc)
        rc = db_insert(c,
                       "INSERT INTO deploy_availability(person_id, weekday, from_min, to_min) VALUES (?, ?, ?, ?) "
                       "RETURNING id",
                       DB_ARGS(db_int(person_id), db_int(wd), db_int(from), db_int(to)), id);
    if (!rc) rc = audit_request(req, "create", "person.availability", person_id, 0, "ok", "weekly pattern");
    return db_finish(c, rc);
}

static int delete_own(http_request *req, const char *sql, int64_t person_id, int64_t id, const char *detail)
{
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    rc = db_exec(c, sql, DB_ARGS(db_int(id), db_int(person_id)));
    if (!rc && db_changes(c) == 0) rc = DB_ENOTFOUND;
    if (!rc) rc = audit_request(req, "delete", "person.availability", person_id, 0, "ok", detail);
    return db_finish(c, rc);
}

int deploy_window_delete(http_request *req, int64_t person_id, int64_t id)
{
    return delete_own(req, "DELETE FROM deploy_availability WHERE id = ? AND person_id = ?", person_id, id,
                      "weekly pattern");
}

int deploy_exception_add(http_request *req, int64_t person_id, const char *from_date, const char *to_date,
                         const char *reason, int64_t *id, api_errors *e)
{
    from_date = str_trim(req->arena, from_date);
    to_date = blank_null(req->arena, to_date);
    reason = blank_null(req->arena, reason);
    if (deploy_exception_validate(from_date, to_date, reason, e)) return API_EINVALID;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    rc = person_check(c, person_id);
    if (!rc) rc = profile_ensure(c, person_id, time_now());
    if (!rc)
        rc = db_insert(c,
                       "INSERT INTO deploy_exceptions(person_id, from_date, to_date, reason) VALUES (?, ?, ?, ?) "
                       "RETURNING id",
                       DB_ARGS(db_int(person_id), db_text(from_date), db_text(to_date ? to_date : from_date),
                               db_text(reason)),
                       id);
    if (!rc) rc = audit_request(req, "create", "person.availability", person_id, 0, "ok", "exception");
    return db_finish(c, rc);
}

int deploy_exception_delete(http_request *req, int64_t person_id, int64_t id)
{
    return delete_own(req, "DELETE FROM deploy_exceptions WHERE id = ? AND person_id = ?", person_id, id,
                      "exception");
}

/* ---- Documents ---- */

int deploy_document_record(http_request *req, int64_t person_id, const deploy_document_input *typed, int64_t *id,
                           api_errors *e)
{
    deploy_document_input in = {.kind = str_trim(req->arena, typed->kind),
                                .issued_on = str_trim(req->arena, typed->issued_on),
                                .expires_on = blank_null(req->arena, typed->expires_on),
                                .note = blank_null(req->arena, typed->note)};
    int64_t now = time_now();
    if (deploy_document_validate(&in, deploy_day_of(now), e)) return API_EINVALID;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    rc = person_check(c, person_id);
    if (!rc)
        rc = db_exec(c,
                     "UPDATE deploy_documents SET replaced_at = ? WHERE person_id = ? AND kind = ? "
                     "AND replaced_at IS NULL",
                     DB_ARGS(db_int(now), db_int(person_id), db_text(in.kind)));
    if (!rc)
        rc = db_insert(c,
                       "INSERT INTO deploy_documents(person_id, kind, issued_on, expires_on, note, checked_by, "
                       "checked_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                       DB_ARGS(db_int(person_id), db_text(in.kind), db_text(in.issued_on), db_text(in.expires_on),
                               db_text(in.note), db_id_or_null(auth_user_id(req)), db_int(now)),
                       id);
    if (!rc) rc = audit_request(req, "create", "person.documents", person_id, 0, "ok", in.kind);
    return db_finish(c, rc);
}

/* ---- Hours ---- */

int deploy_hours_confirm(http_request *req, int64_t assignment_id, const char *status, const char *worked,
                         const char *note, api_errors *e)
{
    int minutes = 0;
    status = str_trim(req->arena, status);
    worked = str_trim(req->arena, worked);
    note = blank_null(req->arena, note);
    if (deploy_hours_validate(status, worked, &minutes, e)) return API_EINVALID;
    if (note && api_text_check(note, false, DEPLOY_REASON_MAX, true) != API_TEXT_OK) {
        api_errors_add(e, "note", MSG_DEPLOY_E_REASON_TOO_LONG);
        return API_EINVALID;
    }
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    deploy_rostered r;
    rc = deploy_assignment_load(c, req->arena, assignment_id, &r);
    int64_t now = time_now();
    if (!rc && !str_eq(r.status, "published")) {
        api_errors_add(e, "assignment_id", MSG_DEPLOY_E_NOT_PUBLISHED);
        rc = API_EINVALID;
    }
    if (!rc && r.starts_at > now) {
        api_errors_add(e, "status", MSG_DEPLOY_E_HOURS_EARLY);
        rc = API_EINVALID;
    }
    if (!rc)
        rc = db_exec(c,
                     "INSERT INTO deploy_hours(assignment_id, status, minutes, note, confirmed_by, confirmed_at) "
                     "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(assignment_id) DO UPDATE SET status = excluded.status, "
                     "minutes = excluded.minutes, note = excluded.note, confirmed_by = excluded.confirmed_by, "
                     "confirmed_at = excluded.confirmed_at",
                     DB_ARGS(db_int(assignment_id), db_text(status), db_int(minutes), db_text(note),
                             db_id_or_null(auth_user_id(req)), db_int(now)));
    if (!rc) rc = audit_request(req, "update", "hours", assignment_id, r.org_id, "ok", status);
    return db_finish(c, rc);
}

/* ---- Calendar feed tokens ---- */

int deploy_feed_token_new(http_request *req, int64_t person_id, const char **token)
{
    *token = NULL;
    char *t = random_token(req->arena, DEPLOY_FEED_TOKEN_BYTES);
    if (!t) return DB_ENOMEM;
    unsigned char h[32];
    random_token_hash(t, h);
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    rc = person_check(c, person_id);
    int64_t now = time_now();
    if (!rc)
        rc = db_exec(c, "UPDATE deploy_feed_tokens SET revoked_at = ? WHERE person_id = ? AND revoked_at IS NULL",
                     DB_ARGS(db_int(now), db_int(person_id)));
    if (!rc)
        rc = db_exec(c, "INSERT INTO deploy_feed_tokens(person_id, token_hash, created_at) VALUES (?, ?, ?)",
                     DB_ARGS(db_int(person_id), db_blob(h, sizeof h), db_int(now)));
    if (!rc) rc = audit_request(req, "create", "calendar_feed", person_id, 0, "ok", NULL);
    rc = db_finish(c, rc);
    if (!rc) *token = t;
    return rc;
}

int deploy_feed_token_revoke(http_request *req, int64_t person_id)
{
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    rc = db_exec(c, "UPDATE deploy_feed_tokens SET revoked_at = ? WHERE person_id = ? AND revoked_at IS NULL",
                 DB_ARGS(db_int(time_now()), db_int(person_id)));
    if (!rc && db_changes(c) == 0) rc = DB_ENOTFOUND;
    if (!rc) rc = audit_request(req, "delete", "calendar_feed", person_id, 0, "ok", NULL);
    return db_finish(c, rc);
}

int deploy_feed_person(db_conn *c, const char *token, int64_t *person_id)
{
    if (!token || strlen(token) > 64) return DB_ENOTFOUND;
    unsigned char h[32];
    random_token_hash(token, h);
    return db_query_int(c, "SELECT person_id FROM deploy_feed_tokens WHERE token_hash = ? AND revoked_at IS NULL",
                        DB_ARGS(db_blob(h, sizeof h)), person_id);
}

int deploy_feed_since(db_conn *c, int64_t person_id, int64_t *since)
{
    *since = 0;
    int rc = db_query_int(c,
                          "SELECT created_at FROM deploy_feed_tokens WHERE person_id = ? AND revoked_at IS NULL "
                          "ORDER BY id DESC LIMIT 1",
                          DB_ARGS(db_int(person_id)), since);
    return rc == DB_ENOTFOUND ? 0 : rc;
}
