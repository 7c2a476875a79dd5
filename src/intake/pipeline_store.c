/* intake pipeline store: the SQL of the pipeline, scoring, ranking,
 * selection and funnel. Parameters are always bound; the only text composed
 * is chosen from the literals below. Every write is one transaction with
 * its audit entry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/auth.h"
#include "base/csv.h"
#include "base/str.h"
#include "base/time.h"
#include "intake/pipeline.h"
#include "skills/model.h"

static const char *dup(arena *a, db_stmt *s, int col)
{
    return arena_strdup(a, db_col_text(s, col));
}

int intake_pipeline_target(http_request *req, int64_t campaign_id, int64_t app, int64_t person_id, policy_target *t)
{
    int64_t *orgs = NULL;
    int n = 0;
    int rc = intake_campaign_partners(http_db(req), req->arena, campaign_id, &orgs, &n);
    *t = (policy_target){.kind = POLICY_APPLICATION, .id = app, .orgs = orgs, .norgs = rc ? 0 : n,
                         .person_id = person_id};
    return rc;
}

/* Whether op is allowed on applications under t: 0, 404 (not readable; the
 * refusal is audited) or 403 (readable, not writable). */
static int decide(http_request *req, policy_op op, const policy_target *t)
{
    if (!policy_enforce(req, POLICY_READ, t, NULL)) return 404;
    if (op == POLICY_WRITE && !policy_enforce(req, POLICY_WRITE, t, NULL)) return 403;
    return 0;
}

int intake_pipeline_open_campaign(http_request *req, policy_op op, intake_campaign *k)
{
    int64_t id = http_path_id(req, "id");
    int rc = id ? intake_campaign_get(http_db(req), req->arena, id, k) : DB_ENOTFOUND;
    policy_target t;
    if (!rc) rc = intake_pipeline_target(req, id, 0, 0, &t);
    if (rc == DB_ENOTFOUND) return 404;
    return rc ? rc : decide(req, op, &t);
}

int intake_pipeline_open_application(http_request *req, policy_op op, intake_app_row *app, intake_campaign *k)
{
    int64_t id = http_path_id(req, "id");
    int rc = id ? intake_pipeline_application(http_db(req), req->arena, id, app) : DB_ENOTFOUND;
    if (!rc) rc = intake_campaign_get(http_db(req), req->arena, app->campaign_id, k);
    policy_target t;
    if (!rc) rc = intake_pipeline_target(req, app->campaign_id, id, app->person_id, &t);
    if (rc == DB_ENOTFOUND) return 404;
    return rc ? rc : decide(req, op, &t);
}

static void intake_pipeline_campaigns_row(db_stmt *s, arena *a, void *element)
{
    intake_campaign_row *g = element;
    *g = (intake_campaign_row){db_col_int(s, 0), dup(a, s, 1),         dup(a, s, 2),
                               dup(a, s, 3),     dup(a, s, 4),         db_col_int(s, 5),
                               db_col_int(s, 6), (int)db_col_int(s, 7)};
}

int intake_pipeline_campaigns(db_conn *c, arena *a, intake_campaign_row **out, int *n)
{
    void *list;
    int rc =
        db_rows(c, a,
                "SELECT k.id, k.slug, k.title, p.name, co.name, k.opens_at, k.closes_at, "
                "k.applications_count "
                "FROM campaigns k JOIN cohorts co ON co.id = k.cohort_id "
                "JOIN programmes p ON p.id = co.programme_id ORDER BY k.opens_at DESC, k.id DESC",
                DB_NOARGS, sizeof **out, intake_pipeline_campaigns_row, &list, n);
    *out = list;
    return rc;
}

/* ---- Applications ---- */

static bool digits(const char *s, size_t min, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    if (n < min || n > max) return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

static bool language_code(const char *s)
{
    return s && strlen(s) == 2 && s[0] >= 'a' && s[0] <= 'z' && s[1] >= 'a' && s[1] <= 'z';
}

int intake_app_filter_check(const intake_app_filter *f, api_errors *e)
{
    int before = e->n;
    if (f->source && intake_source_parse(f->source) < 0) api_errors_add(e, "source", MSG_PIPE_FILTER_SOURCE);
    if (f->area && !digits(f->area, 1, 4)) api_errors_add(e, "area", MSG_PIPE_FILTER_AREA);
    if (f->language && !language_code(f->language)) api_errors_add(e, "language", MSG_PIPE_FILTER_LANGUAGE);
    if (f->age_min < 0 || f->age_min > 120) api_errors_add(e, "age_min", MSG_PIPE_FILTER_AGE);
    if (f->age_max < 0 || f->age_max > 120 || (f->age_max && f->age_max < f->age_min))
        api_errors_add(e, "age_max", MSG_PIPE_FILTER_AGE);
    if (f->days > 0x7f) api_errors_add(e, "days", MSG_PIPE_FILTER_DAYS);
    if (f->parts > 0xf) api_errors_add(e, "parts", MSG_PIPE_FILTER_PARTS);
    if (f->skill_id && (f->skill_level < SKILLS_LEVEL_MIN || f->skill_level > SKILLS_LEVEL_MAX))
        api_errors_add(e, "level", MSG_SKILLS_ERR_LEVEL);
    if (f->skill_id && !(f->skill_min >= 0 && f->skill_min <= 1)) api_errors_add(e, "min", MSG_SKILLS_FILTER_MIN);
    return e->n > before ? API_EINVALID : 0;
}

void intake_app_filter_skill(intake_app_filter *f, const char *skill, const char *level, const char *min,
                             api_errors *e)
{
    if (!skill || !*skill) return;
    int64_t v = 0;
    if (str_to_int64(skill, 1, INT64_MAX, &v) != 0) api_errors_add(e, "skill", MSG_SKILLS_ERR_UNKNOWN_SKILL);
    f->skill_id = v;
    f->skill_level = SKILLS_LEVEL_MAX;
    if (level && *level && str_to_int64(level, SKILLS_LEVEL_MIN, SKILLS_LEVEL_MAX, &v) != 0)
        api_errors_add(e, "level", MSG_SKILLS_ERR_LEVEL);
    else if (level && *level) f->skill_level = (int)v;
    f->skill_min = 0.25;
    if (min && *min) {
        char *end = NULL;
        double m = strtod(min, &end);
        if (!end || *end || !(m >= 0 && m <= 1)) api_errors_add(e, "min", MSG_SKILLS_FILTER_MIN);
        else f->skill_min = m;
    }
}

/* The date years before today ("YYYY-MM-DD"), in the arena. */
static const char *years_before(arena *a, const char *today, int years)
{
    int y = 0, m = 0, d = 0;
    if (time_parse_date(today, &y, &m, &d) != 0) return NULL;
    y -= years;
    if (m == 2 && d == 29 && time_days_in_month(y, 2) == 28) d = 28;
    return arena_printf(a, "%04d-%02d-%02d", y, m, d);
}

static void filter_where(db_sql *sb, arena *a, int64_t campaign_id, const intake_app_filter *f)
{
    db_sql_arg(sb, " WHERE a.campaign_id = ?", db_int(campaign_id));
    if (f->stage_id) db_sql_arg(sb, " AND a.stage_id = ?", db_int(f->stage_id));
    if (f->source) db_sql_arg(sb, " AND a.source = ?", db_text(f->source));
    if (f->area) db_sql_arg(sb, " AND p.postcode LIKE ?", db_text(arena_printf(a, "%s%%", f->area)));
    if (f->days) {
        db_sql_arg(sb, " AND (a.avail_days & ?)", db_int(f->days));
        db_sql_arg(sb, " = ?", db_int(f->days));
    }
    if (f->parts) {
        db_sql_arg(sb, " AND (a.avail_parts & ?)", db_int(f->parts));
        db_sql_arg(sb, " = ?", db_int(f->parts));
    }
    if (f->language)
        db_sql_arg(sb, " AND (',' || coalesce(a.languages, '') || ',') LIKE ?",
                   db_text(arena_printf(a, "%%,%s,%%", f->language)));
    if (f->today && f->age_min) /* at least age_min: born on or before today minus age_min years */
        db_sql_arg(sb, " AND p.birth_date <= ?", db_text(years_before(a, f->today, f->age_min)));
    if (f->today && f->age_max) /* at most age_max: born after today minus age_max + 1 years */
        db_sql_arg(sb, " AND p.birth_date > ?", db_text(years_before(a, f->today, f->age_max + 1)));
    /* skills: the lowest level whose score (skills/model.h) reaches skill_min */
    int lowest = f->skill_id ? skills_min_level_for(f->skill_level, f->skill_min) : 0;
    if (lowest > 0) {
        db_sql_arg(sb, " AND a.person_id IN (SELECT person_id FROM person_skills WHERE skill_id = ?", db_int(f->skill_id));
        db_sql_arg(sb, " AND level >= ?)", db_int(lowest));
    }
}

#define APP_COLUMNS                                                                                               \
    "a.id, a.campaign_id, coalesce(a.person_id, 0), a.stage_id, p.given_name, p.family_name, p.email, p.phone, " \
    "p.postcode, p.birth_date, a.source, a.languages, a.avail_days, a.avail_parts, coalesce(a.avail_hours, 0), "  \
    "a.created_at, a.stage_at, a.waitlisted, coalesce(a.erased_at, 0)"
#define APP_FROM " FROM applications a LEFT JOIN people p ON p.id = a.person_id"

static void row_to_app(db_stmt *s, arena *a, intake_app_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = db_col_int(s, 0);
    r->campaign_id = db_col_int(s, 1);
    r->person_id = db_col_int(s, 2);
    r->stage_id = db_col_int(s, 3);
    r->given_name = dup(a, s, 4);
    r->family_name = dup(a, s, 5);
    r->email = dup(a, s, 6);
    r->phone = dup(a, s, 7);
    r->postcode = dup(a, s, 8);
    r->birth_date = dup(a, s, 9);
    r->source = dup(a, s, 10);
    r->languages = dup(a, s, 11);
    r->avail_days = (unsigned)db_col_int(s, 12);
    r->avail_parts = (unsigned)db_col_int(s, 13);
    r->avail_hours = (int)db_col_int(s, 14);
    r->created_at = db_col_int(s, 15);
    r->stage_at = db_col_int(s, 16);
    r->waitlisted = db_col_int(s, 17) != 0;
    r->erased_at = db_col_int(s, 18);
}

int intake_pipeline_applications(db_conn *c, arena *a, int64_t campaign_id, const intake_app_filter *f,
                                 intake_app_row **out, int *n, int64_t *total)
{
    *out = NULL;
    *n = 0;
    int limit = f->limit < 1 ? 1 : f->limit > 1000 ? 1000 : f->limit;
    db_sql sb = {0};
    db_sql_init(&sb);
    int rc = 0;
    if (total) {
        db_sql_add(&sb, "SELECT count(*)" APP_FROM);
        filter_where(&sb, a, campaign_id, f);
        rc = db_sql_query_int(c, &sb, total);
        db_sql_reset(&sb);
    }
    if (!rc) {
        db_sql_add(&sb, "SELECT " APP_COLUMNS APP_FROM);
        filter_where(&sb, a, campaign_id, f);
        if (f->after) db_sql_arg(&sb, " AND a.id > ?", db_int(f->after));
        if (f->skill_id && !f->after) /* ranked by the person's level of the skill */
            db_sql_arg(&sb, " ORDER BY coalesce((SELECT max(level) FROM person_skills ps WHERE ps.person_id ="
                            " a.person_id AND ps.skill_id = ?), 0) DESC,", db_int(f->skill_id));
        else
            db_sql_add(&sb, " ORDER BY");
        db_sql_add(&sb, f->newest_first && !f->after ? " a.id DESC" : " a.id");
        db_sql_arg(&sb, " LIMIT ?", db_int(limit));
        db_sql_arg(&sb, " OFFSET ?", db_int(f->offset > 0 ? f->offset : 0));
    }
    db_stmt *s = NULL;
    if (!rc) rc = db_sql_prepare(c, &sb, &s);
    db_sql_free(&sb);
    if (rc) return rc;
    intake_app_row *list = arena_calloc(a, (size_t)limit, sizeof *list);
    if (!list) {
        db_finalize(s);
        return DB_ENOMEM;
    }
    int k = 0;
    while (k < limit && (rc = db_step(s)) == DB_ROW) row_to_app(s, a, &list[k++]);
    db_finalize(s);
    if (rc < 0) return rc;
    *out = list;
    *n = k;
    return 0;
}

int intake_pipeline_application(db_conn *c, arena *a, int64_t id, intake_app_row *out)
{
    db_stmt *s;
    int rc = db_prepare(c,
                        "SELECT " APP_COLUMNS ", a.current_study, a.prior_occupation_label, a.hobbies, a.motivation, "
                        "a.avail_from, a.avail_until, a.utm_source, a.utm_medium, a.utm_campaign, a.lang, "
                        "coalesce(a.duplicate_of, 0), a.duplicate_reason, "
                        "(SELECT d.given_name || ' ' || d.family_name FROM people d WHERE d.id = a.duplicate_of)" APP_FROM
                        " WHERE a.id = ?",
                        DB_ARGS(db_int(id)), &s);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) {
        row_to_app(s, a, out);
        out->current_study = dup(a, s, 19);
        out->prior_occupation_label = dup(a, s, 20);
        out->hobbies = dup(a, s, 21);
        out->motivation = dup(a, s, 22);
        out->avail_from = dup(a, s, 23);
        out->avail_until = dup(a, s, 24);
        out->utm_source = dup(a, s, 25);
        out->utm_medium = dup(a, s, 26);
        out->utm_campaign = dup(a, s, 27);
        out->lang = dup(a, s, 28);
        out->duplicate_of = db_col_int(s, 29);
        out->duplicate_reason = dup(a, s, 30);
        out->duplicate_name = dup(a, s, 31);
    }
    db_finalize(s);
    return rc == DB_ROW ? 0 : rc == DB_DONE ? DB_ENOTFOUND : rc;
}

static void intake_pipeline_moves_row(db_stmt *s, arena *a, void *element)
{
    intake_move_row *g = element;
    *g = (intake_move_row){db_col_int(s, 0), db_col_int(s, 1), db_col_int(s, 2), db_col_int(s, 3),
                           dup(a, s, 4),     db_col_int(s, 5), dup(a, s, 6)};
}

int intake_pipeline_moves(db_conn *c, arena *a, int64_t id, intake_move_row **out, int *n)
{
    void *list;
    int rc = db_rows(
        c, a,
        "SELECT m.id, coalesce(m.from_stage, 0), m.to_stage, coalesce(m.user_id, 0), u.name, m.at, "
        "m.reason FROM application_moves m LEFT JOIN users u ON u.id = m.user_id "
        "WHERE m.application_id = ? ORDER BY m.at, m.id",
        DB_ARGS(db_int(id)), sizeof **out, intake_pipeline_moves_row, &list, n);
    *out = list;
    return rc;
}

static void intake_pipeline_scores_row(db_stmt *s, arena *a, void *element)
{
    intake_score_row *g = element;
    *g = (intake_score_row){db_col_int(s, 0), db_col_int(s, 1), dup(a, s, 2), (int)db_col_int(s, 3),
                            db_col_int(s, 4)};
}

int intake_pipeline_scores(db_conn *c, arena *a, int64_t id, intake_score_row **out, int *n)
{
    void *list;
    int rc = db_rows(
        c, a,
        "SELECT s.criterion_id, s.reviewer_id, u.name, s.score, s.at FROM scores s "
        "JOIN rubric_criteria r ON r.id = s.criterion_id LEFT JOIN users u ON u.id = s.reviewer_id "
        "WHERE s.application_id = ? ORDER BY u.name, s.reviewer_id, r.position",
        DB_ARGS(db_int(id)), sizeof **out, intake_pipeline_scores_row, &list, n);
    *out = list;
    return rc;
}

static void intake_pipeline_rubric_row(db_stmt *s, arena *a, void *element)
{
    intake_criterion *g = element;
    *g = (intake_criterion){db_col_int(s, 0), dup(a, s, 1), db_col_real(s, 2)};
}

int intake_pipeline_rubric(db_conn *c, arena *a, int64_t campaign_id, intake_criterion **out, int *n)
{
    void *list;
    int rc = db_rows(
        c, a,
        "SELECT id, name, weight FROM rubric_criteria WHERE campaign_id = ? ORDER BY position",
        DB_ARGS(db_int(campaign_id)), sizeof **out, intake_pipeline_rubric_row, &list, n);
    *out = list;
    return rc;
}

const intake_stage *intake_stage_find(const intake_stage *s, int n, const char *key, int kind)
{
    for (int i = 0; i < n; i++)
        if (key ? str_eq(s[i].key, key) : (int)s[i].kind == kind) return &s[i];
    return NULL;
}

const intake_stage *intake_stage_by_id(const intake_stage *s, int n, int64_t id)
{
    for (int i = 0; i < n; i++)
        if (s[i].id == id) return &s[i];
    return NULL;
}

/* ---- Moves ---- */

static void check_reason(const char *reason, api_errors *e)
{
    switch (api_text_check(reason, true, INTAKE_MOVE_REASON_MAX, true)) {
    case API_TEXT_OK: break;
    case API_TEXT_MISSING: api_errors_add(e, "reason", MSG_PIPE_REASON_REQUIRED); break;
    case API_TEXT_TOO_LONG: api_errors_add(e, "reason", MSG_PIPE_REASON_TOO_LONG); break;
    default: api_errors_add(e, "reason", MSG_PIPE_TEXT_INVALID); break;
    }
}

/* The stage of application id when it belongs to campaign k; DB_ENOTFOUND otherwise. */
static int app_stage(db_conn *c, const intake_campaign *k, int64_t id, int64_t *stage)
{
    return db_query_int(c, "SELECT stage_id FROM applications WHERE id = ? AND campaign_id = ?",
                        DB_ARGS(db_int(id), db_int(k->id)), stage);
}

int intake_pipeline_move(http_request *req, const intake_campaign *k, int64_t app, int64_t to, const char *reason,
                         api_errors *e)
{
    db_conn *c = http_db(req);
    intake_stage *st;
    int nst;
    int rc = intake_stages(c, req->arena, k->id, &st, &nst);
    if (rc) return rc;
    const intake_stage *target = intake_stage_by_id(st, nst, to);
    if (!target) api_errors_add(e, "stage", MSG_PIPE_STAGE_UNKNOWN);
    check_reason(reason, e);
    if (e->n) return API_EINVALID;
    rc = db_begin(c, true);
    if (rc) return rc;
    int64_t from = 0;
    rc = app_stage(c, k, app, &from);
    /* intake_application_move records who, when and why, and audits the move */
    if (!rc) rc = intake_application_move(c, app, to, auth_user_id(req), reason, time_now());
    return db_finish(c, rc);
}

/* The template message of campaign k in lang, or the catalogue's. */
static int reject_template(db_conn *c, arena *a, const intake_campaign *k, const char *lang, const char **out)
{
    db_stmt *s;
    int rc = db_prepare(c, "SELECT reject_message_nl, reject_message_en FROM campaigns WHERE id = ?",
                        DB_ARGS(db_int(k->id)), &s);
    if (rc) return rc;
    rc = db_step(s);
    const char *nl = rc == DB_ROW ? dup(a, s, 0) : NULL, *en = rc == DB_ROW ? dup(a, s, 1) : NULL;
    db_finalize(s);
    if (rc < 0) return rc;
    bool english = str_eq(lang, "en");
    const char *t = english ? (en ? en : nl) : (nl ? nl : en);
    *out = t ? t : msg_in(english ? "en" : "nl", MSG_PIPE_REJECT_DEFAULT);
    return 0;
}

int intake_pipeline_move_bulk(http_request *req, const intake_campaign *k, const int64_t *ids, int n, int64_t to,
                              bool reject, const char *reason, api_errors *e, int *mails)
{
    *mails = 0;
    db_conn *c = http_db(req);
    intake_stage *st;
    int nst;
    int rc = intake_stages(c, req->arena, k->id, &st, &nst);
    if (rc) return rc;
    const intake_stage *target = reject ? intake_stage_find(st, nst, NULL, INTAKE_STAGE_REJECTED)
                                        : intake_stage_by_id(st, nst, to);
    if (!target) api_errors_add(e, "stage", MSG_PIPE_STAGE_UNKNOWN);
    if (n < 1) api_errors_add(e, "ids", MSG_PIPE_BULK_NONE);
    if (n > INTAKE_BULK_MAX) api_errors_add(e, "ids", MSG_PIPE_BULK_TOO_MANY);
    if (reject && (!reason || !*reason)) reason = msg_in("nl", MSG_PIPE_REJECT_REASON);
    check_reason(reason, e);
    if (e->n) return API_EINVALID;
    rc = db_begin(c, true);
    if (rc) return rc;
    int64_t now = time_now(), user = auth_user_id(req);
    for (int i = 0; !rc && i < n; i++) {
        int64_t from = 0;
        rc = app_stage(c, k, ids[i], &from);
        if (rc == DB_ENOTFOUND) {
            api_errors_add(e, "ids", MSG_PIPE_BULK_UNKNOWN);
            rc = API_EINVALID;
        }
        if (!rc) rc = intake_application_move(c, ids[i], target->id, user, reason, now);
        if (!rc && reject) {
            db_stmt *s;
            rc = db_prepare(c,
                            "SELECT p.email, a.lang, p.given_name FROM applications a JOIN people p ON p.id = a.person_id "
                            "WHERE a.id = ? AND a.erased_at IS NULL AND p.email IS NOT NULL",
                            DB_ARGS(db_int(ids[i])), &s);
            if (!rc) {
                int step = db_step(s);
                const char *to_addr = step == DB_ROW ? dup(req->arena, s, 0) : NULL;
                const char *lang = step == DB_ROW ? dup(req->arena, s, 1) : NULL;
                const char *name = step == DB_ROW ? dup(req->arena, s, 2) : NULL;
                db_finalize(s);
                if (step < 0) rc = step;
                const char *body = NULL;
                if (!rc && to_addr) rc = reject_template(c, req->arena, k, lang, &body);
                if (!rc && to_addr) {
                    const char *l = str_eq(lang, "en") ? "en" : "nl";
                    const char *subject = arena_printf(req->arena, "%s: %s", k->title, msg_in(l, MSG_PIPE_REJECT_SUBJECT));
                    const char *text = arena_printf(req->arena, "%s %s,\n\n%s\n", msg_in(l, MSG_PIPE_MAIL_GREETING),
                                                    name ? name : "", body);
                    rc = intake_outbox_queue(c, to_addr, subject, text, "rejected", "application", ids[i], now);
                    if (!rc) (*mails)++;
                }
            }
        }
    }
    if (!rc)
        rc = audit_request(req, reject ? "reject" : "move", "campaign", k->id, 0, "ok",
                           arena_printf(req->arena, "%d applications -> %s, %d mails", n, target->key, *mails));
    return db_finish(c, rc);
}

/* ---- Rubric and scores ---- */

static const char *crit_field(arena *a, int i, const char *what)
{
    return arena_printf(a, "criteria[%d].%s", i, what);
}

int intake_pipeline_rubric_save(http_request *req, const intake_campaign *k, const int64_t *ids,
                                const char *const *names, const double *weights, int n, api_errors *e)
{
    db_conn *c = http_db(req);
    if (n > INTAKE_CRITERIA_MAX) api_errors_add(e, "criteria", MSG_PIPE_CRITERIA_TOO_MANY);
    for (int i = 0; i < n && i < INTAKE_CRITERIA_MAX; i++) {
        api_text_result t = api_text_check(names[i], true, INTAKE_CRITERION_NAME_MAX, false);
        if (t != API_TEXT_OK)
            api_errors_add(e, crit_field(req->arena, i, "name"),
                           t == API_TEXT_MISSING ? MSG_PIPE_CRITERION_NAME_REQUIRED : MSG_PIPE_CRITERION_NAME_INVALID);
        if (!intake_weight_valid(weights[i])) api_errors_add(e, crit_field(req->arena, i, "weight"), MSG_PIPE_WEIGHT_INVALID);
        for (int j = 0; j < i; j++)
            if (names[j] && names[i] && str_eq_nocase(names[i], names[j]))
                api_errors_add(e, crit_field(req->arena, i, "name"), MSG_PIPE_CRITERION_NAME_TWICE);
    }
    if (e->n) return API_EINVALID;
    int rc = db_begin(c, true);
    if (rc) return rc;
    /* Existing ids must be of this campaign. */
    for (int i = 0; !rc && i < n; i++) {
        if (!ids[i]) continue;
        int64_t one = 0;
        rc = db_query_int(c, "SELECT 1 FROM rubric_criteria WHERE id = ? AND campaign_id = ?",
                          DB_ARGS(db_int(ids[i]), db_int(k->id)), &one);
        if (rc == DB_ENOTFOUND) {
            api_errors_add(e, crit_field(req->arena, i, "id"), MSG_PIPE_CRITERION_UNKNOWN);
            rc = API_EINVALID;
        }
    }
    /* Remove those not listed; move the rest out of the way of the new positions. */
    if (!rc) {
        db_sql sb;
        db_sql_init(&sb);
        db_sql_arg(&sb, "DELETE FROM rubric_criteria WHERE campaign_id = ?", db_int(k->id));
        for (int i = 0; i < n; i++)
            if (ids[i]) db_sql_arg(&sb, " AND id <> ?", db_int(ids[i]));
        db_stmt *s = NULL;
        rc = db_sql_prepare(c, &sb, &s);
        db_sql_free(&sb);
        if (!rc) {
            int st = db_step(s);
            rc = st < 0 ? st : 0;
            db_finalize(s);
        }
    }
    if (!rc)
        rc = db_exec(c, "UPDATE rubric_criteria SET position = -position - 1000 WHERE campaign_id = ?",
                     DB_ARGS(db_int(k->id)));
    for (int i = 0; !rc && i < n; i++) {
        if (ids[i])
            rc = db_exec(c, "UPDATE rubric_criteria SET position = ?, name = ?, weight = ? WHERE id = ?",
                         DB_ARGS(db_int(i + 1), db_text(names[i]), db_real(weights[i]), db_int(ids[i])));
        else {
            int64_t id = 0;
            rc = db_insert(c, "INSERT INTO rubric_criteria(campaign_id, position, name, weight) VALUES (?, ?, ?, ?) "
                              "RETURNING id",
                           DB_ARGS(db_int(k->id), db_int(i + 1), db_text(names[i]), db_real(weights[i])), &id);
        }
    }
    if (!rc)
        rc = audit_request(req, "update", "rubric", k->id, 0, "ok", arena_printf(req->arena, "%d criteria", n));
    return db_finish(c, rc);
}

int intake_pipeline_scores_save(http_request *req, const intake_campaign *k, int64_t app, const int64_t *crit,
                                const int *scores, int n, api_errors *e)
{
    db_conn *c = http_db(req);
    if (n < 1) api_errors_add(e, "scores", MSG_PIPE_SCORES_NONE);
    for (int i = 0; i < n; i++)
        if (scores[i] != 0 && !intake_score_valid(scores[i])) api_errors_add(e, "score", MSG_PIPE_SCORE_RANGE);
    if (e->n) return API_EINVALID;
    int rc = db_begin(c, true);
    if (rc) return rc;
    int64_t stage = 0, now = time_now(), user = auth_user_id(req);
    rc = app_stage(c, k, app, &stage);
    for (int i = 0; !rc && i < n; i++) {
        int64_t one = 0;
        rc = db_query_int(c, "SELECT 1 FROM rubric_criteria WHERE id = ? AND campaign_id = ?",
                          DB_ARGS(db_int(crit[i]), db_int(k->id)), &one);
        if (rc == DB_ENOTFOUND) {
            api_errors_add(e, "criterion_id", MSG_PIPE_CRITERION_UNKNOWN);
            rc = API_EINVALID;
        }
        if (!rc && scores[i] == 0)
            rc = db_exec(c, "DELETE FROM scores WHERE application_id = ? AND criterion_id = ? AND reviewer_id = ?",
                         DB_ARGS(db_int(app), db_int(crit[i]), db_int(user)));
        else if (!rc)
            rc = db_exec(c,
                         "INSERT INTO scores(application_id, criterion_id, reviewer_id, score, at) VALUES (?, ?, ?, ?, ?) "
                         "ON CONFLICT (application_id, criterion_id, reviewer_id) DO UPDATE SET score = excluded.score, "
                         "at = excluded.at",
                         DB_ARGS(db_int(app), db_int(crit[i]), db_int(user), db_int(scores[i]), db_int(now)));
    }
    if (!rc) rc = audit_request(req, "score", "application", app, 0, "ok", arena_printf(req->arena, "%d criteria", n));
    return db_finish(c, rc);
}

/* ---- Ranking and selection ---- */

int intake_pipeline_ranking(db_conn *c, arena *a, int64_t campaign_id, intake_criterion **crit, int *ncrit,
                            intake_ranked **out, int *n)
{
    *out = NULL;
    *n = 0;
    int rc = intake_pipeline_rubric(c, a, campaign_id, crit, ncrit);
    if (rc) return rc;
    db_stmt *s;
    rc = db_prepare(c,
                    "SELECT a.id, a.created_at FROM applications a JOIN campaign_stages st ON st.id = a.stage_id "
                    "WHERE a.campaign_id = ? AND st.kind = 'open' AND a.erased_at IS NULL ORDER BY a.id",
                    DB_ARGS(db_int(campaign_id)), &s);
    if (rc) return rc;
    intake_candidate *cand = NULL;
    int cap = 0, nc = 0;
    while ((rc = db_step(s)) == DB_ROW) {
        cand = arena_grow(a, cand, nc, &cap, sizeof *cand);
        if (!cand) {
            rc = DB_ENOMEM;
            break;
        }
        cand[nc++] = (intake_candidate){db_col_int(s, 0), db_col_int(s, 1)};
    }
    db_finalize(s);
    if (rc < 0) return rc;
    rc = db_prepare(c,
                    "SELECT s.application_id, s.criterion_id, s.reviewer_id, s.score FROM scores s "
                    "JOIN applications a ON a.id = s.application_id WHERE a.campaign_id = ?",
                    DB_ARGS(db_int(campaign_id)), &s);
    if (rc) return rc;
    intake_score *sc = NULL;
    int scap = 0, ns = 0;
    while ((rc = db_step(s)) == DB_ROW) {
        sc = arena_grow(a, sc, ns, &scap, sizeof *sc);
        if (!sc) {
            rc = DB_ENOMEM;
            break;
        }
        sc[ns++] = (intake_score){db_col_int(s, 0), db_col_int(s, 1), db_col_int(s, 2), (int)db_col_int(s, 3)};
    }
    db_finalize(s);
    if (rc < 0) return rc;
    if (intake_rank(a, *crit, *ncrit, cand, nc, sc, ns, out) != 0) return DB_ENOMEM;
    *n = nc;
    return 0;
}

int intake_pipeline_places(db_conn *c, arena *a, const intake_campaign *k, intake_partner_places **out, int *n)
{
    *out = NULL;
    *n = 0;
    db_stmt *s;
    int rc = db_prepare(c,
                        "SELECT cp.org_id, o.name, cp.places - (SELECT count(*) FROM selection_placements sp "
                        "WHERE sp.cohort_id = cp.cohort_id AND sp.org_id = cp.org_id) "
                        "FROM cohort_places cp JOIN orgs o ON o.id = cp.org_id WHERE cp.cohort_id = ? "
                        "ORDER BY cp.places DESC, o.name, o.id",
                        DB_ARGS(db_int(k->cohort_id)), &s);
    if (rc) return rc;
    intake_partner_places *list = NULL;
    int cap = 0, m = 0;
    while ((rc = db_step(s)) == DB_ROW) {
        list = arena_grow(a, list, m, &cap, sizeof *list);
        if (!list) {
            rc = DB_ENOMEM;
            break;
        }
        int64_t left = db_col_int(s, 2);
        list[m++] = (intake_partner_places){db_col_int(s, 0), dup(a, s, 1), left > 0 ? (int)left : 0};
    }
    db_finalize(s);
    if (rc < 0) return rc;
    *out = list;
    *n = m;
    return 0;
}

int intake_pipeline_propose(db_conn *c, arena *a, const intake_campaign *k, int kbest, intake_ranked **ranked,
                            intake_selection **sel, int *n, int *nselected, intake_partner_places **places,
                            int *nplaces)
{
    intake_criterion *crit;
    int ncrit;
    int rc = intake_pipeline_ranking(c, a, k->id, &crit, &ncrit, ranked, n);
    if (!rc) rc = intake_pipeline_places(c, a, k, places, nplaces);
    if (rc) return rc;
    /* a copy, so that the caller sees the places before the proposal */
    intake_partner_places *left = arena_calloc(a, (size_t)(*nplaces ? *nplaces : 1), sizeof *left);
    if (!left) return DB_ENOMEM;
    if (*nplaces) memcpy(left, *places, (size_t)*nplaces * sizeof *left);
    if (intake_select_best(a, *ranked, *n, left, *nplaces, kbest, sel, nselected) != 0) return DB_ENOMEM;
    return 0;
}

int intake_pipeline_select(http_request *req, const intake_campaign *k, int kbest, api_errors *e, int *nselected)
{
    *nselected = 0;
    if (!intake_select_k_valid(kbest)) {
        api_errors_add(e, "k", MSG_PIPE_K_INVALID);
        return API_EINVALID;
    }
    db_conn *c = http_db(req);
    intake_stage *st;
    int nst;
    int rc = intake_stages(c, req->arena, k->id, &st, &nst);
    if (rc) return rc;
    const intake_stage *selected = intake_stage_find(st, nst, NULL, INTAKE_STAGE_SELECTED);
    if (!selected) {
        api_errors_add(e, "stage", MSG_PIPE_STAGE_UNKNOWN);
        return API_EINVALID;
    }
    rc = db_begin(c, true);
    if (rc) return rc;
    intake_ranked *ranked;
    intake_selection *sel;
    intake_partner_places *places;
    int n = 0, nsel = 0, nplaces = 0;
    rc = intake_pipeline_propose(c, req->arena, k, kbest, &ranked, &sel, &n, &nsel, &places, &nplaces);
    int64_t now = time_now(), user = auth_user_id(req);
    const char *why = msg_fill(req, MSG_PIPE_SELECT_MOVE_REASON, arena_printf(req->arena, "%d", kbest), NULL);
    for (int i = 0; !rc && i < n; i++) {
        if (sel[i].pick != INTAKE_PICK_SELECTED) continue;
        rc = intake_application_move(c, sel[i].application_id, selected->id, user, why, now);
        if (!rc)
            rc = db_exec(c,
                         "INSERT INTO selection_placements(application_id, cohort_id, org_id, rank, user_id, at) "
                         "VALUES (?, ?, ?, ?, ?, ?)",
                         DB_ARGS(db_int(sel[i].application_id), db_int(k->cohort_id), db_int(sel[i].org_id),
                                 db_int(sel[i].rank), db_id_or_null(user), db_int(now)));
        if (!rc)
            rc = audit_request(req, "select", "application", sel[i].application_id, sel[i].org_id, "ok",
                               arena_printf(req->arena, "rank %d", sel[i].rank));
    }
    if (!rc)
        rc = audit_request(req, "select", "campaign", k->id, 0, "ok",
                           arena_printf(req->arena, "best %d: %d selected", kbest, nsel));
    rc = db_finish(c, rc);
    if (!rc) *nselected = nsel;
    return rc;
}

/* ---- Funnel ---- */

int intake_pipeline_funnel(db_conn *c, arena *a, int64_t campaign_id, intake_stage **stages, int *nstages,
                           intake_funnel *out)
{
    int rc = intake_stages(c, a, campaign_id, stages, nstages);
    if (rc) return rc;
    intake_funnel_stage *fs = arena_calloc(a, (size_t)(*nstages ? *nstages : 1), sizeof *fs);
    if (!fs) return DB_ENOMEM;
    for (int i = 0; i < *nstages; i++)
        fs[i] = (intake_funnel_stage){(*stages)[i].id, (*stages)[i].kind == INTAKE_STAGE_OPEN ||
                                                           (*stages)[i].kind == INTAKE_STAGE_SELECTED};
    db_stmt *s;
    rc = db_prepare(c, "SELECT id, stage_id, source FROM applications WHERE campaign_id = ?",
                    DB_ARGS(db_int(campaign_id)), &s);
    if (rc) return rc;
    intake_funnel_app *apps = NULL;
    int cap = 0, na = 0;
    while ((rc = db_step(s)) == DB_ROW) {
        apps = arena_grow(a, apps, na, &cap, sizeof *apps);
        if (!apps) {
            rc = DB_ENOMEM;
            break;
        }
        apps[na++] = (intake_funnel_app){db_col_int(s, 0), db_col_int(s, 1), dup(a, s, 2)};
    }
    db_finalize(s);
    if (rc < 0) return rc;
    rc = db_prepare(c,
                    "SELECT m.application_id, coalesce(m.from_stage, 0), m.to_stage, m.at FROM application_moves m "
                    "JOIN applications a ON a.id = m.application_id WHERE a.campaign_id = ?",
                    DB_ARGS(db_int(campaign_id)), &s);
    if (rc) return rc;
    intake_funnel_move *mv = NULL;
    int mcap = 0, nm = 0;
    while ((rc = db_step(s)) == DB_ROW) {
        mv = arena_grow(a, mv, nm, &mcap, sizeof *mv);
        if (!mv) {
            rc = DB_ENOMEM;
            break;
        }
        mv[nm++] = (intake_funnel_move){db_col_int(s, 0), db_col_int(s, 1), db_col_int(s, 2), db_col_int(s, 3)};
    }
    db_finalize(s);
    if (rc < 0) return rc;
    return intake_funnel_compute(a, fs, *nstages, apps, na, mv, nm, out) ? DB_ENOMEM : 0;
}

void intake_funnel_csv(buf *b, const intake_stage *stages, int nstages, const intake_funnel *f)
{
    buf_puts(b, "stage,name_nl,name_en,count,reached,conversion,median_days,finished_stays");
    for (int s = 0; s < INTAKE_SOURCES; s++) buf_printf(b, ",reached_%s", intake_source_name(s));
    buf_puts(b, "\r\n");
    for (int i = 0; i < nstages; i++) {
        /* stage keys and names are the administrator's text: always quoted, no formulas */
        const char *cols[3] = {stages[i].key, stages[i].name_nl, stages[i].name_en};
        for (int j = 0; j < 3; j++) {
            if (j) buf_putc(b, ',');
            csv_put_field(b, cols[j], CSV_QUOTE_ALWAYS);
        }
        buf_printf(b, ",%d,%d,", f->count[i], f->reached[i]);
        if (f->conversion[i] >= 0) buf_printf(b, "%.4f", f->conversion[i]);
        buf_putc(b, ',');
        if (f->median_days[i] >= 0) buf_printf(b, "%.2f", f->median_days[i]);
        buf_printf(b, ",%d", f->stays[i]);
        for (int s = 0; s < INTAKE_SOURCES; s++) buf_printf(b, ",%d", f->reached_by_source[s][i]);
        buf_puts(b, "\r\n");
    }
}
