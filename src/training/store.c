/* training store: the SQL of courses, modules, sessions, enrolment,
 * attendance and assessment (see store.h). */
#include "training/store.h"

#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/auth.h"
#include "badges/badges.h"
#include "base/str.h"
#include "base/time.h"
#include "skills/skills.h"

static bool exists(db_conn *c, const char *sql, int64_t id, int *rc)
{
    int64_t one = 0;
    int q = db_query_int(c, sql, DB_ARGS(db_int(id)), &one);
    if (q == DB_ENOTFOUND) return false;
    if (q) *rc = q;
    return q == 0;
}

/* ---- Courses ---- */

#define COURSE_COLS                                                                                                 \
    "SELECT c.id, c.slug, c.org_id, o.name, c.programme_id, p.name, c.name, c.description_nl, c.description_en, "     \
    "c.created_at, (SELECT count(*) FROM course_modules m WHERE m.course_id = c.id), "                              \
    "(SELECT count(*) FROM training_sessions s WHERE s.course_id = c.id), "                                         \
    "(SELECT count(*) FROM enrolments e WHERE e.course_id = c.id AND e.status <> 'withdrawn'), "                     \
    "(SELECT count(*) FROM enrolments e WHERE e.course_id = c.id AND e.status = 'completed') "                       \
    "FROM courses c JOIN orgs o ON o.id = c.org_id LEFT JOIN programmes p ON p.id = c.programme_id "

static void course_row(arena *a, db_stmt *s, training_course *o)
{
    o->id = db_col_int(s, 0);
    o->slug = db_col_dup(a, s, 1);
    o->org_id = db_col_int(s, 2);
    o->org_name = db_col_dup(a, s, 3);
    o->programme_id = db_col_int(s, 4);
    o->programme_name = db_col_dup(a, s, 5);
    o->name = db_col_dup(a, s, 6);
    o->description_nl = db_col_dup(a, s, 7);
    o->description_en = db_col_dup(a, s, 8);
    o->created_at = db_col_int(s, 9);
    o->nmodules = (int)db_col_int(s, 10);
    o->nsessions = (int)db_col_int(s, 11);
    o->nenrolled = (int)db_col_int(s, 12);
    o->ncompleted = (int)db_col_int(s, 13);
}

int training_course_list(db_conn *c, arena *a, training_course **out, int *n)
{
    *out = NULL;
    *n = 0;
    int cap = 0;
    db_stmt *s;
    int rc = db_prepare(c, COURSE_COLS "WHERE c.archived_at IS NULL ORDER BY c.name, c.id", DB_NOARGS, &s);
    if (rc) return rc;
    while ((rc = db_step(s)) == DB_ROW) {
        training_course *g = arena_grow(a, *out, *n, &cap, sizeof **out);
        if (!g) {
            rc = DB_ENOMEM;
            break;
        }
        *out = g;
        course_row(a, s, &g[(*n)++]);
    }
    db_finalize(s);
    return rc == DB_DONE ? 0 : rc;
}

int training_course_load(db_conn *c, arena *a, int64_t id, training_course *out)
{
    db_stmt *s;
    int rc = db_prepare(c, COURSE_COLS "WHERE c.id = ?", DB_ARGS(db_int(id)), &s);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) {
        course_row(a, s, out);
        rc = 0;
    } else if (rc == DB_DONE) rc = DB_ENOTFOUND;
    db_finalize(s);
    return rc;
}

int training_course_by_slug(db_conn *c, const char *slug, int64_t *id)
{
    return db_query_int(c, "SELECT id FROM courses WHERE slug = ?", DB_ARGS(db_text(slug)), id);
}

int training_course_orgs(db_conn *c, int64_t course_id, int64_t *orgs, int max, int *n)
{
    *n = 0;
    db_stmt *s;
    int rc = db_prepare(c,
                        "SELECT org_id FROM courses WHERE id = ? UNION "
                        "SELECT DISTINCT org_id FROM training_sessions WHERE course_id = ?",
                        DB_ARGS(db_int(course_id), db_int(course_id)), &s);
    if (rc) return rc;
    while ((rc = db_step(s)) == DB_ROW)
        if (*n < max) orgs[(*n)++] = db_col_int(s, 0);
    db_finalize(s);
    return rc == DB_DONE ? 0 : rc;
}

int training_course_save(http_request *req, int64_t *id, training_course_input *in, api_errors *e)
{
    in->slug = str_trim(req->arena, in->slug);
    in->name = str_trim(req->arena, in->name);
    if (training_course_validate(in, e)) return API_EINVALID;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    int64_t kind_ok = 0;
    int q = db_query_int(c, "SELECT 1 FROM orgs WHERE id = ? AND kind = 'school'", DB_ARGS(db_int(in->org_id)),
                         &kind_ok);
    if (q == DB_ENOTFOUND) {
        api_errors_add(e, "org_id", MSG_TRAINING_ORG_NOT_SCHOOL);
        rc = API_EINVALID;
    } else rc = q;
    if (!rc && in->programme_id && !exists(c, "SELECT 1 FROM programmes WHERE id = ?", in->programme_id, &rc) &&
        !rc) {
        api_errors_add(e, "programme_id", MSG_TRAINING_PROGRAMME_UNKNOWN);
        rc = API_EINVALID;
    }
    bool create = *id == 0;
    if (!rc && create)
        rc = db_insert(c,
                       "INSERT INTO courses(slug, org_id, programme_id, name, description_nl, description_en, "
                       "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                       DB_ARGS(db_text(in->slug), db_int(in->org_id), db_id_or_null(in->programme_id),
                               db_text(in->name), db_text(in->description_nl), db_text(in->description_en),
                               db_int(time_now())),
                       id);
    else if (!rc) {
        rc = db_exec(c,
                     "UPDATE courses SET slug = ?, org_id = ?, programme_id = ?, name = ?, description_nl = ?, "
                     "description_en = ? WHERE id = ?",
                     DB_ARGS(db_text(in->slug), db_int(in->org_id), db_id_or_null(in->programme_id),
                             db_text(in->name), db_text(in->description_nl), db_text(in->description_en),
                             db_int(*id)));
        if (!rc && db_changes(c) == 0) rc = DB_ENOTFOUND;
    }
    if (rc == DB_ECONSTRAINT) {
        api_errors_add(e, "slug", MSG_TRAINING_SLUG_TAKEN);
        rc = API_EINVALID;
    }
    if (!rc) rc = audit_request(req, create ? "create" : "update", "course", *id, in->org_id, "ok", in->name);
    return db_finish(c, rc);
}

/* ---- Modules ---- */

static int module_skills_load(db_conn *c, arena *a, training_module *m)
{
    m->skills = NULL;
    m->nskills = 0;
    int cap = 0;
    db_stmt *s;
    int rc = db_prepare(c,
                        "SELECT k.id, k.uri, k.label_nl, k.label_en, ms.level FROM module_skills ms "
                        "JOIN skills k ON k.id = ms.skill_id WHERE ms.module_id = ? ORDER BY k.label_nl",
                        DB_ARGS(db_int(m->id)), &s);
    if (rc) return rc;
    while ((rc = db_step(s)) == DB_ROW) {
        training_skill_ref *g = arena_grow(a, m->skills, m->nskills, &cap, sizeof *g);
        if (!g) {
            rc = DB_ENOMEM;
            break;
        }
        m->skills = g;
        g[m->nskills++] = (training_skill_ref){db_col_int(s, 0), db_col_dup(a, s, 1), db_col_dup(a, s, 2), db_col_dup(a, s, 3),
                                               (int)db_col_int(s, 4)};
    }
    db_finalize(s);
    return rc == DB_DONE ? 0 : rc;
}

#define MODULE_COLS "SELECT id, course_id, position, name_nl, name_en, dayparts, weeks FROM course_modules "

static void module_row(arena *a, db_stmt *s, training_module *m)
{
    memset(m, 0, sizeof *m);
    m->id = db_col_int(s, 0);
    m->course_id = db_col_int(s, 1);
    m->position = (int)db_col_int(s, 2);
    m->name_nl = db_col_dup(a, s, 3);
    m->name_en = db_col_dup(a, s, 4);
    m->dayparts = (int)db_col_int(s, 5);
    m->weeks = (int)db_col_int(s, 6);
}

int training_modules_of(db_conn *c, arena *a, int64_t course_id, training_module **out, int *n)
{
    *out = NULL;
    *n = 0;
    int cap = 0;
    db_stmt *s;
    int rc = db_prepare(c, MODULE_COLS "WHERE course_id = ? ORDER BY position", DB_ARGS(db_int(course_id)), &s);
    if (rc) return rc;
    while ((rc = db_step(s)) == DB_ROW) {
        training_module *g = arena_grow(a, *out, *n, &cap, sizeof **out);
        if (!g) {
            rc = DB_ENOMEM;
            break;
        }
        *out = g;
        module_row(a, s, &g[(*n)++]);
    }
    db_finalize(s);
    if (rc != DB_DONE) return rc;
    for (int i = 0; i < *n; i++) {
        rc = module_skills_load(c, a, &(*out)[i]);
        if (rc) return rc;
    }
    return 0;
}

int training_module_load(db_conn *c, arena *a, int64_t id, training_module *out)
{
    db_stmt *s;
    int rc = db_prepare(c, MODULE_COLS "WHERE id = ?", DB_ARGS(db_int(id)), &s);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) {
        module_row(a, s, out);
        rc = 0;
    } else if (rc == DB_DONE) rc = DB_ENOTFOUND;
    db_finalize(s);
    return rc ? rc : module_skills_load(c, a, out);
}

int training_module_save(http_request *req, int64_t course_id, int64_t *id, training_module_input *in,
                         api_errors *e)
{
    in->name_nl = str_trim(req->arena, in->name_nl);
    in->name_en = str_trim(req->arena, in->name_en);
    in->position = str_trim(req->arena, in->position);
    if (training_module_validate(in, e)) return API_EINVALID;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    for (int i = 0; !rc && i < in->nskills; i++) {
        training_module_skill *k = &in->skills[i];
        if (k->skill_id) {
            if (!exists(c, "SELECT 1 FROM skills WHERE id = ?", k->skill_id, &rc) && !rc) {
                api_errors_add(e, "skills", MSG_TRAINING_SKILL_UNKNOWN);
                rc = API_EINVALID;
            }
            continue;
        }
        int q = db_query_int(c, "SELECT id FROM skills WHERE uri = ? OR code = ?",
                             DB_ARGS(db_text(k->ref), db_text(k->ref)), &k->skill_id);
        if (q == DB_ENOTFOUND) {
            api_errors_add(e, "skills", MSG_TRAINING_SKILL_UNKNOWN);
            rc = API_EINVALID;
        } else rc = q;
    }
    for (int i = 0; !rc && i < in->nskills; i++)
        for (int k = 0; k < i; k++)
            if (in->skills[i].skill_id == in->skills[k].skill_id) {
                api_errors_add(e, "skills", MSG_TRAINING_SKILLS_DUPLICATE);
                rc = API_EINVALID;
            }
    bool create = *id == 0;
    if (!rc && create)
        rc = db_insert(c,
                       "INSERT INTO course_modules(course_id, position, name_nl, name_en, dayparts, weeks) "
                       "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                       DB_ARGS(db_int(course_id), db_int(in->position_n), db_text(in->name_nl), db_text(in->name_en),
                               db_id_or_null(in->dayparts_n), db_id_or_null(in->weeks_n)),
                       id);
    else if (!rc) {
        rc = db_exec(c,
                     "UPDATE course_modules SET position = ?, name_nl = ?, name_en = ?, dayparts = ?, weeks = ? "
                     "WHERE id = ? AND course_id = ?",
                     DB_ARGS(db_int(in->position_n), db_text(in->name_nl), db_text(in->name_en),
                             db_id_or_null(in->dayparts_n), db_id_or_null(in->weeks_n), db_int(*id),
                             db_int(course_id)));
        if (!rc && db_changes(c) == 0) rc = DB_ENOTFOUND;
        if (!rc) rc = db_exec(c, "DELETE FROM module_skills WHERE module_id = ?", DB_ARGS(db_int(*id)));
    }
    if (rc == DB_ECONSTRAINT) {
        api_errors_add(e, "position", MSG_TRAINING_POSITION_TAKEN);
        rc = API_EINVALID;
    }
    for (int i = 0; !rc && i < in->nskills; i++)
        rc = db_exec(c, "INSERT INTO module_skills(module_id, skill_id, level) VALUES (?, ?, ?)",
                     DB_ARGS(db_int(*id), db_int(in->skills[i].skill_id), db_int(in->skills[i].level)));
    if (!rc) rc = audit_request(req, create ? "create" : "update", "course_module", *id, 0, "ok", in->name_nl);
    return db_finish(c, rc);
}

/* ---- Sessions ---- */

#define SESSION_COLS                                                                                              \
    "SELECT s.id, s.course_id, c.name, s.module_id, m.name_nl, m.name_en, s.cohort_id, s.org_id, o.name, "        \
    "s.location, s.postcode, s.starts_at, s.ends_at, s.capacity, "                                                \
    "(SELECT count(*) FROM session_places sp WHERE sp.session_id = s.id), s.trainer_id, u.name "                  \
    "FROM training_sessions s JOIN courses c ON c.id = s.course_id JOIN orgs o ON o.id = s.org_id "                \
    "LEFT JOIN course_modules m ON m.id = s.module_id LEFT JOIN users u ON u.id = s.trainer_id "

static void session_row(arena *a, db_stmt *s, training_session *o, int col)
{
    o->id = db_col_int(s, col + 0);
    o->course_id = db_col_int(s, col + 1);
    o->course_name = db_col_dup(a, s, col + 2);
    o->module_id = db_col_int(s, col + 3);
    o->module_nl = db_col_dup(a, s, col + 4);
    o->module_en = db_col_dup(a, s, col + 5);
    o->cohort_id = db_col_int(s, col + 6);
    o->org_id = db_col_int(s, col + 7);
    o->org_name = db_col_dup(a, s, col + 8);
    o->location = db_col_dup(a, s, col + 9);
    o->postcode = db_col_dup(a, s, col + 10);
    o->starts_at = db_col_int(s, col + 11);
    o->ends_at = db_col_int(s, col + 12);
    o->capacity = (int)db_col_int(s, col + 13);
    o->placed = (int)db_col_int(s, col + 14);
    o->trainer_id = db_col_int(s, col + 15);
    o->trainer_name = db_col_dup(a, s, col + 16);
}

int training_sessions_of(db_conn *c, arena *a, int64_t course_id, training_session **out, int *n)
{
    *out = NULL;
    *n = 0;
    int cap = 0;
    db_stmt *s;
    int rc = db_prepare(c, SESSION_COLS "WHERE s.course_id = ? ORDER BY m.position, s.starts_at, s.id",
                        DB_ARGS(db_int(course_id)), &s);
    if (rc) return rc;
    while ((rc = db_step(s)) == DB_ROW) {
        training_session *g = arena_grow(a, *out, *n, &cap, sizeof **out);
        if (!g) {
            rc = DB_ENOMEM;
            break;
        }
        *out = g;
        session_row(a, s, &g[(*n)++], 0);
    }
    db_finalize(s);
    return rc == DB_DONE ? 0 : rc;
}

int training_session_load(db_conn *c, arena *a, int64_t id, training_session *out)
{
    db_stmt *s;
    int rc = db_prepare(c, SESSION_COLS "WHERE s.id = ?", DB_ARGS(db_int(id)), &s);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) {
        session_row(a, s, out, 0);
        rc = 0;
    } else if (rc == DB_DONE) rc = DB_ENOTFOUND;
    db_finalize(s);
    return rc;
}

int training_session_save(http_request *req, int64_t course_id, int64_t *id, training_session_input *in,
                          api_errors *e)
{
    in->location = str_trim(req->arena, in->location);
    in->postcode = str_trim(req->arena, in->postcode);
    in->date = str_trim(req->arena, in->date);
    in->start = str_trim(req->arena, in->start);
    in->end = str_trim(req->arena, in->end);
    in->capacity = str_trim(req->arena, in->capacity);
    if (in->postcode && !*in->postcode) in->postcode = NULL;
    if (training_session_validate(in, e)) return API_EINVALID;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    int64_t one = 0;
    int q = db_query_int(c, "SELECT 1 FROM orgs WHERE id = ? AND kind = 'school'", DB_ARGS(db_int(in->org_id)), &one);
    if (q == DB_ENOTFOUND) {
        api_errors_add(e, "org_id", MSG_TRAINING_ORG_NOT_SCHOOL);
        rc = API_EINVALID;
    } else rc = q;
    if (!rc && in->module_id) {
        q = db_query_int(c, "SELECT 1 FROM course_modules WHERE id = ? AND course_id = ?",
                         DB_ARGS(db_int(in->module_id), db_int(course_id)), &one);
        if (q == DB_ENOTFOUND) {
            api_errors_add(e, "module_id", MSG_TRAINING_MODULE_UNKNOWN);
            rc = API_EINVALID;
        } else rc = q;
    }
    if (!rc && in->cohort_id && !exists(c, "SELECT 1 FROM cohorts WHERE id = ?", in->cohort_id, &rc) && !rc) {
        api_errors_add(e, "cohort_id", MSG_TRAINING_COHORT_UNKNOWN);
        rc = API_EINVALID;
    }
    if (!rc && in->trainer_id) {
        q = db_query_int(c, "SELECT 1 FROM memberships WHERE user_id = ? AND org_id = ? AND role = 'trainer'",
                         DB_ARGS(db_int(in->trainer_id), db_int(in->org_id)), &one);
        if (q == DB_ENOTFOUND) {
            api_errors_add(e, "trainer_id", MSG_TRAINING_TRAINER_UNKNOWN);
            rc = API_EINVALID;
        } else rc = q;
    }
    if (!rc && *id) {
        int64_t placed = 0;
        rc = db_query_int(c, "SELECT count(*) FROM session_places WHERE session_id = ?", DB_ARGS(db_int(*id)), &placed);
        if (!rc && placed > in->capacity_n) {
            api_errors_add(e, "capacity", MSG_TRAINING_CAPACITY_BELOW_PLACED);
            rc = API_EINVALID;
        }
    }
    bool create = *id == 0;
    if (!rc && create)
        rc = db_insert(c,
                       "INSERT INTO training_sessions(course_id, module_id, cohort_id, org_id, location, postcode, "
                       "starts_at, ends_at, capacity, trainer_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                       "RETURNING id",
                       DB_ARGS(db_int(course_id), db_id_or_null(in->module_id), db_id_or_null(in->cohort_id),
                               db_int(in->org_id), db_text(in->location), db_text(in->postcode),
                               db_int(in->starts_at), db_int(in->ends_at), db_int(in->capacity_n),
                               db_id_or_null(in->trainer_id), db_int(time_now())),
                       id);
    else if (!rc) {
        rc = db_exec(c,
                     "UPDATE training_sessions SET module_id = ?, cohort_id = ?, org_id = ?, location = ?, "
                     "postcode = ?, starts_at = ?, ends_at = ?, capacity = ?, trainer_id = ? "
                     "WHERE id = ? AND course_id = ?",
                     DB_ARGS(db_id_or_null(in->module_id), db_id_or_null(in->cohort_id), db_int(in->org_id),
                             db_text(in->location), db_text(in->postcode), db_int(in->starts_at),
                             db_int(in->ends_at), db_int(in->capacity_n), db_id_or_null(in->trainer_id), db_int(*id),
                             db_int(course_id)));
        if (!rc && db_changes(c) == 0) rc = DB_ENOTFOUND;
    }
    if (!rc) rc = audit_request(req, create ? "create" : "update", "training_session", *id, in->org_id, "ok",
                                in->location);
    return db_finish(c, rc);
}

/* ---- Enrolments ---- */

#define ENROLMENT_COLS                                                                                          \
    "SELECT e.id, e.course_id, c.name, c.org_id, e.cohort_id, k.name, e.person_id, "                            \
    "p.given_name || ' ' || p.family_name, p.postcode, e.status, e.avail_days, e.avail_parts, e.enrolled_at, "   \
    "e.completed_at, (SELECT count(*) FROM assessments x WHERE x.enrolment_id = e.id AND x.result = 'passed') " \
    "FROM enrolments e JOIN courses c ON c.id = e.course_id JOIN people p ON p.id = e.person_id "                \
    "LEFT JOIN cohorts k ON k.id = e.cohort_id "

static void enrolment_row(arena *a, db_stmt *s, training_enrolment *o)
{
    o->id = db_col_int(s, 0);
    o->course_id = db_col_int(s, 1);
    o->course_name = db_col_dup(a, s, 2);
    o->course_org_id = db_col_int(s, 3);
    o->cohort_id = db_col_int(s, 4);
    o->cohort_name = db_col_dup(a, s, 5);
    o->person_id = db_col_int(s, 6);
    o->person_name = db_col_dup(a, s, 7);
    o->postcode = db_col_dup(a, s, 8);
    o->status = db_col_dup(a, s, 9);
    o->avail_days = (int)db_col_int(s, 10);
    o->avail_parts = (int)db_col_int(s, 11);
    o->enrolled_at = db_col_int(s, 12);
    o->completed_at = db_col_int(s, 13);
    o->npassed = (int)db_col_int(s, 14);
}

static int enrolments_query(db_conn *c, arena *a, const char *sql, int64_t id, training_enrolment **out, int *n)
{
    *out = NULL;
    *n = 0;
    int cap = 0;
    db_stmt *s;
    int rc = db_prepare(c, sql, DB_ARGS(db_int(id)), &s);
    if (rc) return rc;
    while ((rc = db_step(s)) == DB_ROW) {
        training_enrolment *g = arena_grow(a, *out, *n, &cap, sizeof **out);
        if (!g) {
            rc = DB_ENOMEM;
            break;
        }
        *out = g;
        enrolment_row(a, s, &g[(*n)++]);
    }
    db_finalize(s);
    return rc == DB_DONE ? 0 : rc;
}

int training_enrolments_of(db_conn *c, arena *a, int64_t course_id, training_enrolment **out, int *n)
{
    return enrolments_query(c, a, ENROLMENT_COLS "WHERE e.course_id = ? ORDER BY p.family_name, p.given_name, e.id",
                            course_id, out, n);
}

int training_enrolments_of_person(db_conn *c, arena *a, int64_t person_id, training_enrolment **out, int *n)
{
    return enrolments_query(c, a, ENROLMENT_COLS "WHERE e.person_id = ? ORDER BY e.enrolled_at DESC, e.id", person_id,
                            out, n);
}

int training_enrolment_load(db_conn *c, arena *a, int64_t id, training_enrolment *out)
{
    training_enrolment *list;
    int n;
    int rc = enrolments_query(c, a, ENROLMENT_COLS "WHERE e.id = ?", id, &list, &n);
    if (rc) return rc;
    if (n == 0) return DB_ENOTFOUND;
    *out = list[0];
    return 0;
}

int training_person_orgs(db_conn *c, int64_t person_id, int64_t *orgs, int max, int *n)
{
    *n = 0;
    db_stmt *s;
    int rc = db_prepare(c, "SELECT DISTINCT org_id FROM person_orgs WHERE person_id = ?", DB_ARGS(db_int(person_id)),
                        &s);
    if (rc) return rc;
    while ((rc = db_step(s)) == DB_ROW)
        if (*n < max) orgs[(*n)++] = db_col_int(s, 0);
    db_finalize(s);
    return rc == DB_DONE ? 0 : rc;
}

int training_enrol_tx(db_conn *c, int64_t course_id, int64_t person_id, int64_t cohort_id, int days, int parts,
                      int64_t now, int64_t *id)
{
    return db_insert(c,
                     "INSERT INTO enrolments(course_id, cohort_id, person_id, avail_days, avail_parts, enrolled_at) "
                     "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                     DB_ARGS(db_int(course_id), db_id_or_null(cohort_id), db_int(person_id), db_int(days),
                             db_int(parts), db_int(now)),
                     id);
}

int training_enrol_cohort(http_request *req, int64_t course_id, int64_t cohort_id, int *added, api_errors *e)
{
    *added = 0;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    if (!exists(c, "SELECT 1 FROM cohorts WHERE id = ?", cohort_id, &rc) && !rc) {
        api_errors_add(e, "cohort_id", MSG_TRAINING_COHORT_UNKNOWN);
        rc = API_EINVALID;
    }
    /* One row per person: the newest selected application in the cohort. */
    typedef struct { int64_t person, days, parts; } pick;
    pick *picks = NULL;
    int n = 0, cap = 0;
    db_stmt *s = NULL;
    if (!rc)
        rc = db_prepare(c,
                        "SELECT a.person_id, a.avail_days, a.avail_parts FROM applications a "
                        "JOIN campaigns g ON g.id = a.campaign_id JOIN campaign_stages st ON st.id = a.stage_id "
                        "WHERE g.cohort_id = ? AND st.kind = 'selected' AND a.person_id IS NOT NULL "
                        "AND a.erased_at IS NULL AND NOT EXISTS (SELECT 1 FROM enrolments x "
                        "WHERE x.course_id = ? AND x.person_id = a.person_id) ORDER BY a.person_id, a.id DESC",
                        DB_ARGS(db_int(cohort_id), db_int(course_id)), &s);
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        int64_t person = db_col_int(s, 0);
        if (n && picks[n - 1].person == person) continue;
        pick *g = arena_grow(req->arena, picks, n, &cap, sizeof *g);
        if (!g) {
            rc = DB_ENOMEM;
            break;
        }
        picks = g;
        picks[n++] = (pick){person, db_col_int(s, 1), db_col_int(s, 2)};
    }
    if (s) db_finalize(s);
    if (rc == DB_DONE) rc = 0;
    int64_t now = time_now();
    for (int i = 0; !rc && i < n; i++) {
        int days = TRAINING_ALL_DAYS, parts = TRAINING_ALL_PARTS;
        training_avail_from_application(picks[i].days, picks[i].parts, &days, &parts);
        int64_t eid = 0;
        rc = training_enrol_tx(c, course_id, picks[i].person, cohort_id, days, parts, now, &eid);
        if (!rc) rc = audit_request(req, "create", "enrolment", eid, 0, "ok", "from the cohort's selection");
    }
    if (!rc) *added = n;
    return db_finish(c, rc);
}

int training_enrol_person(http_request *req, int64_t course_id, int64_t person_id, int64_t cohort_id, int64_t *id,
                          api_errors *e)
{
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    if (person_id <= 0 || (!exists(c, "SELECT 1 FROM people WHERE id = ?", person_id, &rc) && !rc)) {
        api_errors_add(e, "person_id", MSG_TRAINING_PERSON_UNKNOWN);
        rc = API_EINVALID;
    }
    if (!rc && cohort_id && !exists(c, "SELECT 1 FROM cohorts WHERE id = ?", cohort_id, &rc) && !rc) {
        api_errors_add(e, "cohort_id", MSG_TRAINING_COHORT_UNKNOWN);
        rc = API_EINVALID;
    }
    int days = TRAINING_ALL_DAYS, parts = TRAINING_ALL_PARTS;
    if (!rc) {
        db_stmt *s;
        rc = db_prepare(c,
                        "SELECT a.avail_days, a.avail_parts FROM applications a JOIN campaigns g ON g.id = a.campaign_id "
                        "WHERE a.person_id = ? AND (? = 0 OR g.cohort_id = ?) AND a.erased_at IS NULL "
                        "ORDER BY a.id DESC LIMIT 1",
                        DB_ARGS(db_int(person_id), db_int(cohort_id), db_int(cohort_id)), &s);
        if (!rc) {
            rc = db_step(s);
            if (rc == DB_ROW) training_avail_from_application(db_col_int(s, 0), db_col_int(s, 1), &days, &parts);
            rc = rc == DB_ROW || rc == DB_DONE ? 0 : rc;
            db_finalize(s);
        }
    }
    if (!rc) {
        rc = training_enrol_tx(c, course_id, person_id, cohort_id, days, parts, time_now(), id);
        if (rc == DB_ECONSTRAINT) {
            api_errors_add(e, "person_id", MSG_TRAINING_ALREADY_ENROLLED);
            rc = API_EINVALID;
        }
    }
    if (!rc) rc = audit_request(req, "create", "enrolment", *id, 0, "ok", "enrolled by person");
    return db_finish(c, rc);
}

/* ---- Places, attendance, assessment ---- */

static void training_places_of_row(db_stmt *s, arena *a, void *element)
{
    training_place *g = element;
    *g = (training_place){db_col_int(s, 0), db_col_int(s, 1), db_col_dup(a, s, 2),
                          db_col_dup(a, s, 3), db_col_real(s, 4)};
}

int training_places_of(db_conn *c, arena *a, int64_t session_id, training_place **out, int *n)
{
    void *list;
    int rc = db_rows(
        c, a,
        "SELECT sp.enrolment_id, e.person_id, p.given_name || ' ' || p.family_name, at.status, "
        "coalesce(sp.km, -1) FROM session_places sp JOIN enrolments e ON e.id = sp.enrolment_id "
        "JOIN people p ON p.id = e.person_id LEFT JOIN attendance at ON at.session_id = "
        "sp.session_id "
        "AND at.enrolment_id = sp.enrolment_id WHERE sp.session_id = ? "
        "ORDER BY p.family_name, p.given_name, e.id",
        DB_ARGS(db_int(session_id)), sizeof **out, training_places_of_row, &list, n);
    *out = list;
    return rc;
}

static void training_assessments_of_row(db_stmt *s, arena *a, void *element)
{
    training_assessment *g = element;
    *g = (training_assessment){db_col_int(s, 0), db_col_dup(a, s, 1), db_col_dup(a, s, 2),
                               db_col_dup(a, s, 3), db_col_int(s, 4)};
}

int training_assessments_of(db_conn *c, arena *a, int64_t enrolment_id, training_assessment **out, int *n)
{
    void *list;
    int rc = db_rows(
        c, a,
        "SELECT x.module_id, x.result, x.note, u.name, x.assessed_at FROM assessments x "
        "LEFT JOIN users u ON u.id = x.assessed_by WHERE x.enrolment_id = ? ORDER BY x.module_id",
        DB_ARGS(db_int(enrolment_id)), sizeof **out, training_assessments_of_row, &list, n);
    *out = list;
    return rc;
}

int training_attended_of(db_conn *c, arena *a, int64_t enrolment_id, training_attended **out, int *n)
{
    *out = NULL;
    *n = 0;
    int cap = 0;
    db_stmt *s;
    int rc = db_prepare(c,
                        SESSION_COLS ", session_places sp LEFT JOIN attendance at ON at.session_id = sp.session_id "
                                     "AND at.enrolment_id = sp.enrolment_id "
                                     "WHERE sp.session_id = s.id AND sp.enrolment_id = ? ORDER BY s.starts_at",
                        DB_ARGS(db_int(enrolment_id)), &s);
    if (rc) return rc;
    while ((rc = db_step(s)) == DB_ROW) {
        training_attended *g = arena_grow(a, *out, *n, &cap, sizeof **out);
        if (!g) {
            rc = DB_ENOMEM;
            break;
        }
        *out = g;
        session_row(a, s, &g[*n].session, 0);
        g[(*n)++].status = NULL;
    }
    db_finalize(s);
    if (rc != DB_DONE) return rc;
    for (int i = 0; i < *n; i++) {
        db_stmt *q;
        rc = db_prepare(c, "SELECT status FROM attendance WHERE session_id = ? AND enrolment_id = ?",
                        DB_ARGS(db_int((*out)[i].session.id), db_int(enrolment_id)), &q);
        if (rc) return rc;
        rc = db_step(q);
        if (rc == DB_ROW) (*out)[i].status = db_col_dup(a, q, 0);
        db_finalize(q);
        if (rc != DB_ROW && rc != DB_DONE) return rc;
    }
    return 0;
}

int training_attendance_record(http_request *req, int64_t session_id, int n, const int64_t *enrolment_ids,
                               const char *const *statuses, api_errors *e)
{
    for (int i = 0; i < n; i++)
        if (statuses[i] && *statuses[i] && !training_attendance_status_valid(statuses[i]))
            api_errors_add(e, "attendance", MSG_TRAINING_ATTENDANCE_INVALID);
    if (e->n) return API_EINVALID;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    int64_t now = time_now(), uid = auth_user_id(req);
    for (int i = 0; !rc && i < n; i++) {
        if (!statuses[i] || !*statuses[i]) continue;
        int64_t one = 0;
        int q = db_query_int(c, "SELECT 1 FROM session_places WHERE session_id = ? AND enrolment_id = ?",
                             DB_ARGS(db_int(session_id), db_int(enrolment_ids[i])), &one);
        if (q == DB_ENOTFOUND) {
            api_errors_add(e, "attendance", MSG_TRAINING_NOT_PLACED);
            rc = API_EINVALID;
            break;
        }
        rc = q;
        if (!rc)
            rc = db_exec(c,
                         "INSERT INTO attendance(session_id, enrolment_id, status, recorded_by, recorded_at) "
                         "VALUES (?, ?, ?, ?, ?) ON CONFLICT (session_id, enrolment_id) DO UPDATE SET "
                         "status = excluded.status, recorded_by = excluded.recorded_by, "
                         "recorded_at = excluded.recorded_at",
                         DB_ARGS(db_int(session_id), db_int(enrolment_ids[i]), db_text(statuses[i]),
                                 db_id_or_null(uid), db_int(now)));
        if (!rc)
            rc = audit_request(req, "update", "attendance", enrolment_ids[i], 0, "ok",
                               arena_printf(req->arena, "session %lld: %s", (long long)session_id, statuses[i]));
    }
    return db_finish(c, rc);
}

int training_assess_tx(db_conn *c, int64_t enrolment_id, int64_t module_id, const char *result, const char *note,
                       int64_t user_id, int64_t now, bool *completed)
{
    if (completed) *completed = false;
    int64_t person = 0, course = 0;
    db_stmt *s;
    const char *course_name = NULL, *module_name = NULL, *status = NULL;
    char cname[256] = "", mname[256] = "", st[16] = "";
    int rc = db_prepare(c,
                        "SELECT e.person_id, e.course_id, c.name, m.name_nl, e.status FROM enrolments e "
                        "JOIN courses c ON c.id = e.course_id JOIN course_modules m ON m.course_id = e.course_id "
                        "WHERE e.id = ? AND m.id = ?",
                        DB_ARGS(db_int(enrolment_id), db_int(module_id)), &s);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) {
        person = db_col_int(s, 0);
        course = db_col_int(s, 1);
        str_copy(cname, sizeof cname, db_col_text(s, 2));
        str_copy(mname, sizeof mname, db_col_text(s, 3));
        str_copy(st, sizeof st, db_col_text(s, 4));
        rc = 0;
    } else if (rc == DB_DONE) rc = DB_ENOTFOUND;
    db_finalize(s);
    if (rc) return rc;
    course_name = cname;
    module_name = mname;
    status = st;
    rc = db_exec(c,
                 "INSERT INTO assessments(enrolment_id, module_id, result, note, assessed_by, assessed_at) "
                 "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (enrolment_id, module_id) DO UPDATE SET "
                 "result = excluded.result, note = excluded.note, assessed_by = excluded.assessed_by, "
                 "assessed_at = excluded.assessed_at",
                 DB_ARGS(db_int(enrolment_id), db_int(module_id), db_text(result), db_text(note),
                         db_id_or_null(user_id), db_int(now)));
    if (rc || !str_eq(result, "passed")) return rc;
    /* Passing awards the module's skills, verified by the assessor. */
    char evidence[600];
    snprintf(evidence, sizeof evidence, "%s: %s", course_name, module_name);
    typedef struct { int64_t skill; int level; } award;
    award aw[TRAINING_MAX_MODULE_SKILLS * 4];
    int na = 0;
    rc = db_prepare(c, "SELECT skill_id, level FROM module_skills WHERE module_id = ?", DB_ARGS(db_int(module_id)),
                    &s);
    if (rc) return rc;
    while ((rc = db_step(s)) == DB_ROW)
        if (na < (int)(sizeof aw / sizeof aw[0])) aw[na++] = (award){db_col_int(s, 0), (int)db_col_int(s, 1)};
    db_finalize(s);
    if (rc != DB_DONE) return rc;
    rc = 0;
    for (int i = 0; !rc && i < na; i++)
        rc = skills_award(c, person, aw[i].skill, aw[i].level, "training", evidence, user_id, now);
    if (rc || !str_eq(status, "enrolled")) return rc;
    int64_t nmodules = 0, npassed = 0;
    rc = db_query_int(c, "SELECT count(*) FROM course_modules WHERE course_id = ?", DB_ARGS(db_int(course)), &nmodules);
    if (!rc)
        rc = db_query_int(c,
                          "SELECT count(*) FROM assessments x JOIN course_modules m ON m.id = x.module_id "
                          "WHERE x.enrolment_id = ? AND m.course_id = ? AND x.result = 'passed'",
                          DB_ARGS(db_int(enrolment_id), db_int(course)), &npassed);
    if (rc || !training_is_complete((int)nmodules, (int)npassed)) return rc;
    rc = db_exec(c, "UPDATE enrolments SET status = 'completed', completed_at = ? WHERE id = ?",
                 DB_ARGS(db_int(now), db_int(enrolment_id)));
    if (!rc) rc = badges_issue_for_enrolment(c, enrolment_id, user_id, now, NULL);
    if (!rc && completed) *completed = true;
    return rc;
}

int training_assess(http_request *req, int64_t enrolment_id, int64_t module_id, const char *result, const char *note,
                    bool *completed, api_errors *e)
{
    if (!training_result_valid(result)) api_errors_add(e, "result", MSG_TRAINING_RESULT_INVALID);
    switch (api_text_check(note, false, TRAINING_TEXT_MAX, true)) {
    case API_TEXT_OK:
    case API_TEXT_MISSING: break;
    case API_TEXT_TOO_LONG: api_errors_add(e, "note", MSG_TRAINING_TOO_LONG); break;
    case API_TEXT_INVALID: api_errors_add(e, "note", MSG_TRAINING_TEXT_INVALID); break;
    }
    if (e->n) return API_EINVALID;
    if (note && !*note) note = NULL;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    int64_t one = 0;
    int q = db_query_int(c,
                         "SELECT 1 FROM enrolments e JOIN course_modules m ON m.course_id = e.course_id "
                         "WHERE e.id = ? AND m.id = ?",
                         DB_ARGS(db_int(enrolment_id), db_int(module_id)), &one);
    if (q == DB_ENOTFOUND) {
        api_errors_add(e, "module_id", MSG_TRAINING_MODULE_UNKNOWN);
        rc = API_EINVALID;
    } else rc = q;
    bool done = false;
    if (!rc) rc = training_assess_tx(c, enrolment_id, module_id, result, note, auth_user_id(req), time_now(), &done);
    if (!rc)
        rc = audit_request(req, "update", "assessment", enrolment_id, 0, "ok",
                           arena_printf(req->arena, "module %lld: %s", (long long)module_id, result));
    if (!rc && done) rc = audit_request(req, "complete", "enrolment", enrolment_id, 0, "ok", "every module passed");
    rc = db_finish(c, rc);
    if (!rc && completed) *completed = done;
    return rc;
}

/* ---- Choice lists ---- */

static int choices(db_conn *c, arena *a, const char *sql, training_choice **out, int *n)
{
    *out = NULL;
    *n = 0;
    int cap = 0;
    db_stmt *s;
    int rc = db_prepare(c, sql, DB_NOARGS, &s);
    if (rc) return rc;
    while ((rc = db_step(s)) == DB_ROW) {
        training_choice *g = arena_grow(a, *out, *n, &cap, sizeof **out);
        if (!g) {
            rc = DB_ENOMEM;
            break;
        }
        *out = g;
        g[(*n)++] = (training_choice){db_col_int(s, 0), db_col_dup(a, s, 1), db_col_int(s, 2)};
    }
    db_finalize(s);
    return rc == DB_DONE ? 0 : rc;
}

int training_school_choices(db_conn *c, arena *a, training_choice **out, int *n)
{
    return choices(c, a, "SELECT id, name, id FROM orgs WHERE kind = 'school' AND archived_at IS NULL ORDER BY name",
                   out, n);
}

int training_trainer_choices(db_conn *c, arena *a, training_choice **out, int *n)
{
    return choices(c, a,
                   "SELECT u.id, u.name || ' (' || o.name || ')', o.id FROM users u "
                   "JOIN memberships m ON m.user_id = u.id AND m.role = 'trainer' JOIN orgs o ON o.id = m.org_id "
                   "WHERE u.disabled_at IS NULL ORDER BY u.name",
                   out, n);
}

int training_cohort_choices(db_conn *c, arena *a, training_choice **out, int *n)
{
    return choices(c, a,
                   "SELECT k.id, p.name || ' — ' || k.name, k.programme_id FROM cohorts k "
                   "JOIN programmes p ON p.id = k.programme_id ORDER BY p.name, k.starts_on",
                   out, n);
}
