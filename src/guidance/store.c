/* guidance store: the SQL of guidance (see store.h) and guidance_is_coach. */
#include "guidance/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/auth.h"
#include "base/str.h"
#include "base/time.h"
#include "guidance/access.h"
#include "guidance/guidance.h"
#include "http/i18n.h"

static bool empty(const char *s)
{
    return !s || !*s;
}

bool guidance_is_coach(db_conn *c, int64_t user_id, int64_t person_id, const char *today)
{
    int64_t one = 0;
    return user_id && person_id &&
           db_query_int(c,
                        "SELECT 1 FROM coach_links WHERE coach_id = ? AND person_id = ? AND started_on <= ?"
                        " AND (ended_on IS NULL OR ended_on >= ?) LIMIT 1",
                        DB_ARGS(db_int(user_id), db_int(person_id), db_text(today), db_text(today)), &one) == 0;
}

int guidance_target(http_request *req, policy_resource kind, int64_t person_id, policy_target *out)
{
    db_conn *c = http_db(req);
    int64_t one = 0;
    int rc = person_id ? db_query_int(c, "SELECT 1 FROM people WHERE id = ?", DB_ARGS(db_int(person_id)), &one)
                       : DB_ENOTFOUND;
    if (rc) return rc;
    int64_t *orgs = NULL;
    int n = 0, cap = 0;
    db_stmt *s;
    rc = db_prepare(c, "SELECT DISTINCT org_id FROM person_orgs WHERE person_id = ?", DB_ARGS(db_int(person_id)), &s);
    if (rc) return rc;
    while ((rc = db_step(s)) == DB_ROW) {
        int64_t *g = arena_grow(req->arena, orgs, n, &cap, sizeof *orgs);
        if (!g) {
            rc = DB_ENOMEM;
            break;
        }
        orgs = g;
        orgs[n++] = db_col_int(s, 0);
    }
    db_finalize(s);
    if (rc != DB_DONE) return rc < 0 ? rc : DB_ERR;
    char today[11];
    time_ams_date(time_now(), today);
    *out = (policy_target){.kind = kind, .id = person_id, .orgs = orgs, .norgs = n, .person_id = person_id,
                           .coach = guidance_is_coach(c, auth_user_id(req), person_id, today)};
    return 0;
}

/* ---- Reads ---- */

static void guidance_links_of_row(db_stmt *s, arena *a, void *element)
{
    guidance_link *g = element;
    *g = (guidance_link){db_col_int(s, 0),    db_col_int(s, 1),    db_col_int(s, 2),
                         db_col_dup(a, s, 3), db_col_dup(a, s, 4), db_col_dup(a, s, 5),
                         db_col_dup(a, s, 6), db_col_dup(a, s, 7), db_col_int(s, 8) != 0};
}

int guidance_links_of(db_conn *c, arena *a, int64_t person_id, const char *today, guidance_link **out, int *n)
{
    void *list;
    int rc = db_rows(
        c, a,
        "SELECT l.id, l.person_id, l.coach_id, u.name, u.email, l.kind, l.started_on, l.ended_on,"
        " (l.started_on <= ? AND (l.ended_on IS NULL OR l.ended_on >= ?)) AS active"
        " FROM coach_links l JOIN users u ON u.id = l.coach_id WHERE l.person_id = ?"
        " ORDER BY active DESC, l.started_on, l.id",
        DB_ARGS(db_text(today), db_text(today), db_int(person_id)), sizeof **out,
        guidance_links_of_row, &list, n);
    *out = list;
    return rc;
}

static void guidance_contacts_of_row(db_stmt *s, arena *a, void *element)
{
    guidance_contact *g = element;
    *g = (guidance_contact){db_col_int(s, 0), db_col_int(s, 1),    db_col_dup(a, s, 2),
                            db_col_int(s, 3), db_col_dup(a, s, 4), db_col_dup(a, s, 5)};
}

int guidance_contacts_of(db_conn *c, arena *a, int64_t person_id, int64_t only, guidance_contact **out, int *n)
{
    void *list;
    int rc = db_rows(
        c, a,
        "SELECT k.id, k.coach_id, u.name, k.at, k.channel, k.notes FROM coach_contacts k"
        " JOIN users u ON u.id = k.coach_id WHERE k.person_id = ?1 AND (?2 = 0 OR k.id = ?2)"
        " ORDER BY k.at DESC, k.id DESC",
        DB_ARGS(db_int(person_id), db_int(only)), sizeof **out, guidance_contacts_of_row, &list, n);
    *out = list;
    return rc;
}

static void guidance_checkins_of_row(db_stmt *s, arena *a, void *element)
{
    guidance_checkin *g = element;
    *g = (guidance_checkin){db_col_int(s, 0),      db_col_int(s, 1),      db_col_dup(a, s, 2),
                            db_col_int(s, 3),      (int)db_col_int(s, 4), (int)db_col_int(s, 5),
                            db_col_int(s, 6) != 0, db_col_dup(a, s, 7)};
}

int guidance_checkins_of(db_conn *c, arena *a, int64_t person_id, int64_t only, guidance_checkin **out, int *n)
{
    void *list;
    int rc = db_rows(
        c, a,
        "SELECT k.id, k.by_user_id, u.name, k.at, k.wellbeing, k.workload, k.thinking_of_stopping,"
        " k.note FROM checkins k LEFT JOIN users u ON u.id = k.by_user_id WHERE k.person_id = ?1"
        " AND (?2 = 0 OR k.id = ?2) ORDER BY k.at DESC, k.id DESC",
        DB_ARGS(db_int(person_id), db_int(only)), sizeof **out, guidance_checkins_of_row, &list, n);
    *out = list;
    return rc;
}

static void guidance_needs_of_row(db_stmt *s, arena *a, void *element)
{
    guidance_need *g = element;
    *g = (guidance_need){db_col_int(s, 0),    db_col_dup(a, s, 1), db_col_dup(a, s, 2),
                         db_col_dup(a, s, 3), db_col_dup(a, s, 4), db_col_dup(a, s, 5),
                         db_col_int(s, 6),    db_col_int(s, 7),    db_col_int(s, 8)};
}

int guidance_needs_of(db_conn *c, arena *a, int64_t person_id, int64_t only, guidance_need **out, int *n)
{
    void *list;
    int rc = db_rows(
        c, a,
        "SELECT id, kind, description, referral, status, follow_up_on, created_at, updated_at,"
        " resolved_at FROM support_needs WHERE person_id = ?1 AND (?2 = 0 OR id = ?2)"
        " ORDER BY status IN ('resolved', 'closed'), follow_up_on IS NULL, follow_up_on, id",
        DB_ARGS(db_int(person_id), db_int(only)), sizeof **out, guidance_needs_of_row, &list, n);
    *out = list;
    return rc;
}

static void guidance_plan_of_row(db_stmt *s, arena *a, void *element)
{
    guidance_moment *g = element;
    *g = (guidance_moment){db_col_int(s, 0),    db_col_int(s, 1),    db_col_dup(a, s, 2),
                           db_col_dup(a, s, 3), db_col_dup(a, s, 4), db_col_int(s, 5),
                           db_col_int(s, 6)};
}

int guidance_plan_of(db_conn *c, arena *a, int64_t person_id, guidance_moment **out, int *n)
{
    void *list;
    int rc = db_rows(
        c, a,
        "SELECT p.id, p.coach_id, u.name, p.due_on, p.topic, p.done_contact_id, p.reminded_at"
        " FROM coaching_plan p LEFT JOIN users u ON u.id = p.coach_id WHERE p.person_id = ?"
        " ORDER BY p.due_on, p.id",
        DB_ARGS(db_int(person_id)), sizeof **out, guidance_plan_of_row, &list, n);
    *out = list;
    return rc;
}

int guidance_need_history(db_conn *c, arena *a, int64_t need_id, const char ***out, int *n)
{
    *out = NULL;
    *n = 0;
    int cap = 0;
    db_stmt *s;
    int rc = db_prepare(c,
                        "SELECT l.at, coalesce(u.name, ''), l.action, l.detail FROM audit_log l"
                        " LEFT JOIN users u ON u.id = l.user_id WHERE l.entity = 'support_need' AND l.entity_id = ?"
                        " AND l.outcome = 'ok' AND l.action <> 'read' ORDER BY l.id",
                        DB_ARGS(db_int(need_id)), &s);
    if (rc) return rc;
    while ((rc = db_step(s)) == DB_ROW) {
        const char **g = arena_grow(a, *out, *n, &cap, sizeof **out);
        if (!g) {
            rc = DB_ENOMEM;
            break;
        }
        *out = g;
        char when[32];
        time_format_ams(when, sizeof when, db_col_int(s, 0), "%d-%m-%Y %H:%M");
        const char *detail = db_col_text(s, 3);
        g[(*n)++] = arena_printf(a, "%s · %s · %s", when, db_col_text(s, 1), detail ? detail : db_col_text(s, 2));
    }
    db_finalize(s);
    return rc == DB_DONE ? 0 : rc;
}

static void guidance_coach_choices_row(db_stmt *s, arena *a, void *element)
{
    guidance_choice *g = element;
    *g = (guidance_choice){db_col_int(s, 0),
                           arena_printf(a, "%s (%s)", db_col_text(s, 1), db_col_text(s, 2))};
}

int guidance_coach_choices(db_conn *c, arena *a, guidance_choice **out, int *n)
{
    void *list;
    int rc = db_rows(
        c, a,
        "SELECT u.id, u.name, u.email FROM users u WHERE u.disabled_at IS NULL AND EXISTS"
        " (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.role IN ('jobcoach', 'mentor'))"
        " ORDER BY u.name, u.id",
        DB_NOARGS, sizeof **out, guidance_coach_choices_row, &list, n);
    *out = list;
    return rc;
}

/* ---- Early warning ---- */

int guidance_facts_load(db_conn *c, arena *a, int64_t person_id, const char *today, guidance_facts *f)
{
    memset(f, 0, sizeof *f);
    f->today = today;
    f->days_coached = -1;
    f->days_since_checkin = -1;
    db_stmt *s;
    int rc = db_prepare(c,
                        "SELECT min(started_on) FROM coach_links WHERE person_id = ? AND started_on <= ?"
                        " AND (ended_on IS NULL OR ended_on >= ?)",
                        DB_ARGS(db_int(person_id), db_text(today), db_text(today)), &s);
    if (rc) return rc;
    if ((rc = db_step(s)) == DB_ROW && !db_col_is_null(s, 0) && guidance_date_valid(db_col_text(s, 0)))
        f->days_coached = (int)guidance_days_between(db_col_text(s, 0), today);
    db_finalize(s);
    if (rc < 0) return rc;
    rc = db_prepare(c,
                    "SELECT at, wellbeing, thinking_of_stopping FROM checkins WHERE person_id = ?"
                    " ORDER BY at DESC, id DESC LIMIT 1",
                    DB_ARGS(db_int(person_id)), &s);
    if (rc) return rc;
    if ((rc = db_step(s)) == DB_ROW) {
        char day[11];
        time_ams_date(db_col_int(s, 0), day);
        int64_t d = guidance_days_between(day, today);
        f->days_since_checkin = d < 0 ? 0 : (int)d;
        f->last_wellbeing = (int)db_col_int(s, 1);
        f->last_thinking_of_stopping = db_col_int(s, 2) != 0;
    }
    db_finalize(s);
    if (rc < 0) return rc;
    rc = db_prepare(c,
                    "SELECT id, kind, follow_up_on FROM support_needs WHERE person_id = ?"
                    " AND status NOT IN ('resolved', 'closed') ORDER BY id",
                    DB_ARGS(db_int(person_id)), &s);
    if (rc) return rc;
    guidance_need_fact *needs = NULL;
    int cap = 0;
    while ((rc = db_step(s)) == DB_ROW) {
        guidance_need_fact *g = arena_grow(a, needs, f->nneeds, &cap, sizeof *needs);
        if (!g) {
            rc = DB_ENOMEM;
            break;
        }
        needs = g;
        needs[f->nneeds++] = (guidance_need_fact){db_col_int(s, 0), db_col_dup(a, s, 1), db_col_dup(a, s, 2)};
    }
    db_finalize(s);
    if (rc != DB_DONE) return rc < 0 ? rc : DB_ERR;
    f->needs = needs;
    /* Training: absences among the last sessions with recorded attendance. */
    int64_t absent = 0;
    rc = db_query_int(c,
                      "SELECT count(*) FROM (SELECT a.status FROM attendance a JOIN enrolments e ON e.id = a.enrolment_id"
                      " JOIN training_sessions t ON t.id = a.session_id WHERE e.person_id = ?"
                      " ORDER BY t.starts_at DESC LIMIT ?) WHERE status = 'absent'",
                      DB_ARGS(db_int(person_id), db_int(GUIDANCE_ABSENCE_WINDOW)), &absent);
    if (rc) return rc;
    f->absences = (int)absent;
    /* Missed shifts: published shifts of the last 4 weeks that the supervisor recorded as missed. */
    int y, mo, d;
    int64_t end = 0, missed = 0;
    if (time_parse_date(today, &y, &mo, &d) == 0 && time_ams_to_utc(y, mo, d, 0, 0, 0, &end) == 0) {
        end += 86400; /* the end of today (a DST day is off by an hour at most: harmless here) */
        rc = db_query_int(c,
                          "SELECT count(*) FROM deploy_assignments a JOIN deploy_shifts s ON s.id = a.shift_id"
                          " JOIN deploy_hours h ON h.assignment_id = a.id WHERE a.person_id = ?"
                          " AND a.status = 'published' AND h.status = 'missed' AND s.starts_at >= ? AND s.starts_at < ?",
                          DB_ARGS(db_int(person_id), db_int(end - (int64_t)GUIDANCE_SHIFTS_DAYS * 86400), db_int(end)),
                          &missed);
        if (rc) return rc;
    }
    f->missed_shifts = (int)missed;
    return 0;
}

int guidance_signals_of(db_conn *c, arena *a, int64_t person_id, const char *today, guidance_signal *out, int *n)
{
    guidance_facts f;
    *n = 0;
    int rc = guidance_facts_load(c, a, person_id, today, &f);
    if (!rc) *n = guidance_signals(&f, out, GUIDANCE_MAX_SIGNALS);
    return rc;
}

static int case_cmp(const void *x, const void *y)
{
    const guidance_case *a = x, *b = y;
    if (a->urgency != b->urgency) return b->urgency - a->urgency;
    int k = strcmp(a->name, b->name);
    if (k) return k;
    return a->person_id < b->person_id ? -1 : a->person_id > b->person_id;
}

int guidance_caseload(db_conn *c, arena *a, int64_t coach_id, bool all, const char *today, guidance_case **out,
                      int *n)
{
    *out = NULL;
    *n = 0;
    int cap = 0;
    db_stmt *s;
    int rc = db_prepare(c,
                        "SELECT p.id, p.given_name || ' ' || p.family_name, group_concat(DISTINCT l.kind),"
                        " (SELECT max(k.at) FROM checkins k WHERE k.person_id = p.id)"
                        " FROM coach_links l JOIN people p ON p.id = l.person_id"
                        " WHERE (? OR l.coach_id = ?) AND l.started_on <= ? AND (l.ended_on IS NULL OR l.ended_on >= ?)"
                        " GROUP BY p.id ORDER BY p.id",
                        DB_ARGS(db_int(all ? 1 : 0), db_int(coach_id), db_text(today), db_text(today)), &s);
    if (rc) return rc;
    guidance_case *list = NULL;
    while ((rc = db_step(s)) == DB_ROW) {
        guidance_case *g = arena_grow(a, list, *n, &cap, sizeof *list);
        if (!g) {
            rc = DB_ENOMEM;
            break;
        }
        list = g;
        guidance_case *k = &list[(*n)++];
        memset(k, 0, sizeof *k);
        k->person_id = db_col_int(s, 0);
        k->name = db_col_dup(a, s, 1);
        k->kinds = db_col_dup(a, s, 2);
        k->last_checkin_at = db_col_int(s, 3);
    }
    db_finalize(s);
    if (rc != DB_DONE) return rc < 0 ? rc : DB_ERR;
    for (int i = 0; i < *n; i++) {
        rc = guidance_signals_of(c, a, list[i].person_id, today, list[i].signals, &list[i].nsignals);
        if (rc) return rc;
        list[i].urgency = guidance_urgency(list[i].signals, list[i].nsignals);
    }
    if (*n > 1) qsort(list, (size_t)*n, sizeof *list, case_cmp);
    *out = list;
    return 0;
}

/* ---- Writes ---- */

static int today_of(char out[11])
{
    time_ams_date(time_now(), out);
    return 0;
}

int guidance_link_add(http_request *req, int64_t person_id, guidance_link_input *in, int64_t *id, api_errors *e)
{
    if (guidance_link_validate(in, e)) return API_EINVALID;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    int64_t one = 0;
    int q = db_query_int(c,
                         "SELECT 1 FROM users u WHERE u.id = ? AND u.disabled_at IS NULL AND EXISTS"
                         " (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.role IN ('jobcoach', 'mentor'))",
                         DB_ARGS(db_int(in->coach_id)), &one);
    if (q == DB_ENOTFOUND) {
        api_errors_add(e, "coach_id", MSG_GUIDANCE_COACH_UNKNOWN);
        return db_finish(c, API_EINVALID);
    }
    if (q) return db_finish(c, q);
    q = db_query_int(c,
                     "SELECT 1 FROM coach_links WHERE person_id = ? AND coach_id = ? AND kind = ?"
                     " AND (ended_on IS NULL OR ended_on >= ?)",
                     DB_ARGS(db_int(person_id), db_int(in->coach_id), db_text(in->kind), db_text(in->started_on)), &one);
    if (q == 0) {
        api_errors_add(e, "coach_id", MSG_GUIDANCE_COACH_ALREADY);
        return db_finish(c, API_EINVALID);
    }
    if (q != DB_ENOTFOUND) return db_finish(c, q);
    rc = db_insert(c,
                   "INSERT INTO coach_links(person_id, coach_id, kind, started_on, ended_on, created_by, created_at)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   DB_ARGS(db_int(person_id), db_int(in->coach_id), db_text(in->kind), db_text(in->started_on),
                           db_text(empty(in->ended_on) ? NULL : in->ended_on), db_id_or_null(auth_user_id(req)),
                           db_int(time_now())),
                   id);
    if (!rc)
        rc = audit_request(req, "create", "coach_link", *id, 0, "ok",
                           arena_printf(req->arena, "person %lld: %s user %lld from %s", (long long)person_id, in->kind,
                                        (long long)in->coach_id, in->started_on));
    return db_finish(c, rc);
}

int guidance_link_end(http_request *req, int64_t person_id, int64_t link_id, const char *ended_on, api_errors *e)
{
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    db_stmt *s;
    rc = db_prepare(c, "SELECT started_on, ended_on FROM coach_links WHERE id = ? AND person_id = ?",
                    DB_ARGS(db_int(link_id), db_int(person_id)), &s);
    if (rc) return db_finish(c, rc);
    char started[11] = "", ended[11] = "";
    int st = db_step(s);
    if (st == DB_ROW) {
        str_copy(started, sizeof started, db_col_text(s, 0));
        if (!db_col_is_null(s, 1)) str_copy(ended, sizeof ended, db_col_text(s, 1));
    }
    db_finalize(s);
    if (st == DB_DONE) return db_finish(c, DB_ENOTFOUND);
    if (st < 0) return db_finish(c, st);
    char today[11];
    today_of(today);
    if (*ended && strcmp(ended, today) < 0) api_errors_add(e, "ended_on", MSG_GUIDANCE_LINK_ENDED);
    else guidance_link_end_validate(started, ended_on, e);
    if (e->n) return db_finish(c, API_EINVALID);
    rc = db_exec(c, "UPDATE coach_links SET ended_on = ? WHERE id = ?", DB_ARGS(db_text(ended_on), db_int(link_id)));
    if (!rc)
        rc = audit_request(req, "update", "coach_link", link_id, 0, "ok",
                           arena_printf(req->arena, "person %lld: ended on %s", (long long)person_id, ended_on));
    return db_finish(c, rc);
}

/* The UTC instant of noon in Amsterdam on day (a contact or check-in recorded for a day). */
static int64_t noon_of(const char *day)
{
    int y, m, d;
    int64_t t = time_now();
    if (time_parse_date(day, &y, &m, &d) == 0) time_ams_to_utc(y, m, d, 12, 0, 0, &t);
    return t;
}

int guidance_contact_add(http_request *req, int64_t person_id, guidance_contact_input *in, int64_t *id,
                         api_errors *e)
{
    char today[11];
    today_of(today);
    if (guidance_contact_validate(in, today, e)) return API_EINVALID;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    if (in->plan_id > 0) {
        int64_t one = 0;
        int q = db_query_int(c,
                             "SELECT 1 FROM coaching_plan WHERE id = ? AND person_id = ? AND done_contact_id IS NULL",
                             DB_ARGS(db_int(in->plan_id), db_int(person_id)), &one);
        if (q == DB_ENOTFOUND) {
            api_errors_add(e, "plan_id", MSG_GUIDANCE_PLAN_UNKNOWN);
            return db_finish(c, API_EINVALID);
        }
        if (q) return db_finish(c, q);
    }
    int64_t now = time_now();
    /* Today's contact is at the moment it is recorded; an earlier day's at noon. */
    int64_t at = str_eq(in->on, today) ? now : noon_of(in->on);
    rc = db_insert(c,
                   "INSERT INTO coach_contacts(person_id, coach_id, at, channel, notes, created_at)"
                   " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                   DB_ARGS(db_int(person_id), db_int(auth_user_id(req)), db_int(at), db_text(in->channel),
                           db_text(empty(in->notes) ? NULL : in->notes), db_int(now)),
                   id);
    if (!rc && in->plan_id > 0)
        rc = db_exec(c, "UPDATE coaching_plan SET done_contact_id = ? WHERE id = ?",
                     DB_ARGS(db_int(*id), db_int(in->plan_id)));
    if (!rc)
        rc = audit_request(req, "create", "coach_contact", *id, 0, "ok",
                           in->plan_id > 0 ? arena_printf(req->arena, "person %lld: %s, plan moment %lld done",
                                                          (long long)person_id, in->channel, (long long)in->plan_id)
                                           : arena_printf(req->arena, "person %lld: %s", (long long)person_id,
                                                          in->channel));
    return db_finish(c, rc);
}

int guidance_checkin_add(http_request *req, int64_t person_id, guidance_checkin_input *in, int64_t *id,
                         api_errors *e)
{
    if (guidance_checkin_validate(in, e)) return API_EINVALID;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    int64_t now = time_now();
    rc = db_insert(c,
                   "INSERT INTO checkins(person_id, by_user_id, at, wellbeing, workload, thinking_of_stopping, note,"
                   " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   DB_ARGS(db_int(person_id), db_id_or_null(auth_user_id(req)), db_int(now), db_int(in->wellbeing_n),
                           db_int(in->workload_n), db_int(in->stopping ? 1 : 0),
                           db_text(empty(in->note) ? NULL : in->note), db_int(now)),
                   id);
    if (!rc)
        rc = audit_request(req, "create", "checkin", *id, 0, "ok",
                           arena_printf(req->arena, "person %lld", (long long)person_id));
    return db_finish(c, rc);
}

int guidance_need_add(http_request *req, int64_t person_id, guidance_need_input *in, int64_t *id, api_errors *e)
{
    char today[11];
    today_of(today);
    if (guidance_need_validate(in, today, e)) return API_EINVALID;
    const char *status = empty(in->status) ? "open" : in->status;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    int64_t now = time_now();
    rc = db_insert(c,
                   "INSERT INTO support_needs(person_id, kind, description, referral, status, follow_up_on, created_by,"
                   " created_at, updated_at, resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   DB_ARGS(db_int(person_id), db_text(in->kind), db_text(empty(in->description) ? NULL : in->description),
                           db_text(empty(in->referral) ? NULL : in->referral), db_text(status),
                           db_text(empty(in->follow_up_on) ? NULL : in->follow_up_on), db_id_or_null(auth_user_id(req)),
                           db_int(now), db_int(now), guidance_need_status_final(status) ? db_int(now) : db_null()),
                   id);
    /* The history names status, follow-up and referral changes, never the description. */
    if (!rc)
        rc = audit_request(req, "create", "support_need", *id, 0, "ok",
                           arena_printf(req->arena, "person %lld: status %s, follow-up %s%s", (long long)person_id,
                                        status, empty(in->follow_up_on) ? "-" : in->follow_up_on,
                                        empty(in->referral) ? "" : ", referred"));
    return db_finish(c, rc);
}

int guidance_need_update(http_request *req, int64_t person_id, int64_t need_id, guidance_need_input *in,
                         api_errors *e)
{
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    db_stmt *s;
    rc = db_prepare(c, "SELECT kind, status, follow_up_on, referral FROM support_needs WHERE id = ? AND person_id = ?",
                    DB_ARGS(db_int(need_id), db_int(person_id)), &s);
    if (rc) return db_finish(c, rc);
    int st = db_step(s);
    const char *old_kind = NULL, *old_status = NULL, *old_follow = NULL, *old_ref = NULL;
    if (st == DB_ROW) {
        old_kind = db_col_dup(req->arena, s, 0);
        old_status = db_col_dup(req->arena, s, 1);
        old_follow = db_col_dup(req->arena, s, 2);
        old_ref = db_col_dup(req->arena, s, 3);
    }
    db_finalize(s);
    if (st == DB_DONE) return db_finish(c, DB_ENOTFOUND);
    if (st < 0) return db_finish(c, st);
    if (empty(in->kind)) in->kind = old_kind;
    if (empty(in->status)) in->status = old_status;
    char today[11];
    today_of(today);
    /* An unchanged follow-up date may lie in the past (that is what a late follow-up is). */
    guidance_need_input check = *in;
    if (check.follow_up_on && old_follow && str_eq(check.follow_up_on, old_follow)) check.follow_up_on = NULL;
    if (guidance_need_validate(&check, today, e)) return db_finish(c, API_EINVALID);
    int64_t now = time_now();
    bool final = guidance_need_status_final(in->status);
    rc = db_exec(c,
                 "UPDATE support_needs SET kind = ?, description = ?, referral = ?, status = ?, follow_up_on = ?,"
                 " updated_at = ?, resolved_at = CASE WHEN ? THEN coalesce(resolved_at, ?) ELSE NULL END WHERE id = ?",
                 DB_ARGS(db_text(in->kind), db_text(empty(in->description) ? NULL : in->description),
                         db_text(empty(in->referral) ? NULL : in->referral), db_text(in->status),
                         db_text(empty(in->follow_up_on) ? NULL : in->follow_up_on), db_int(now), db_int(final ? 1 : 0),
                         db_int(now), db_int(need_id)));
    if (!rc) {
        buf d;
        buf_init(&d, 1024);
        buf_printf(&d, "person %lld:", (long long)person_id);
        if (!str_eq(old_status, in->status)) buf_printf(&d, " status %s -> %s;", old_status, in->status);
        const char *nf = empty(in->follow_up_on) ? "-" : in->follow_up_on;
        if (!str_eq(old_follow ? old_follow : "-", nf))
            buf_printf(&d, " follow-up %s -> %s;", old_follow ? old_follow : "-", nf);
        if (!str_eq(old_ref ? old_ref : "", empty(in->referral) ? "" : in->referral)) buf_puts(&d, " referral changed;");
        if (!str_eq(old_kind, in->kind)) buf_puts(&d, " kind changed;");
        const char *detail = arena_strdup(req->arena, buf_cstr(&d));
        buf_free(&d);
        rc = audit_request(req, "update", "support_need", need_id, 0, "ok", detail);
    }
    return db_finish(c, rc);
}

int guidance_plan_add(http_request *req, int64_t person_id, const char *entered_on, int64_t coach_id, int *added,
                      api_errors *e)
{
    *added = 0;
    guidance_plan_moment m[GUIDANCE_BBL_MOMENTS];
    int n = 0;
    if (empty(entered_on)) api_errors_add(e, "entered_on", MSG_GUIDANCE_REQUIRED);
    else if ((n = guidance_bbl_plan(entered_on, m)) < 0) api_errors_add(e, "entered_on", MSG_GUIDANCE_DATE_INVALID);
    if (coach_id <= 0) api_errors_add(e, "coach_id", coach_id ? MSG_GUIDANCE_PLAN_COACH : MSG_GUIDANCE_COACH_REQUIRED);
    if (e->n) return API_EINVALID;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    char today[11];
    today_of(today);
    if (!guidance_is_coach(c, coach_id, person_id, today)) {
        api_errors_add(e, "coach_id", MSG_GUIDANCE_PLAN_COACH);
        return db_finish(c, API_EINVALID);
    }
    int64_t one = 0;
    int q = db_query_int(c, "SELECT 1 FROM coaching_plan WHERE person_id = ? AND due_on = ?",
                         DB_ARGS(db_int(person_id), db_text(m[0].due_on)), &one);
    if (q == 0) {
        api_errors_add(e, "entered_on", MSG_GUIDANCE_PLAN_EXISTS);
        return db_finish(c, API_EINVALID);
    }
    if (q != DB_ENOTFOUND) return db_finish(c, q);
    int64_t now = time_now();
    for (int i = 0; !rc && i < n; i++)
        rc = db_exec(c, "INSERT INTO coaching_plan(person_id, coach_id, due_on, topic, created_at) VALUES (?, ?, ?, ?, ?)",
                     DB_ARGS(db_int(person_id), db_int(coach_id), db_text(m[i].due_on), db_text(m[i].topic),
                             db_int(now)));
    if (!rc)
        rc = audit_request(req, "create", "coaching_plan", person_id, 0, "ok",
                           arena_printf(req->arena, "BBL plan from %s: %d moments for user %lld", entered_on, n,
                                        (long long)coach_id));
    if (!rc) *added = n;
    return db_finish(c, rc);
}

/* ---- Texts ---- */

typedef struct key_text {
    const char *key;
    msg_id id;
} key_text;

static const char *text_of(http_request *req, const key_text *t, const char *key)
{
    for (int i = 0; t[i].key; i++)
        if (str_eq(t[i].key, key)) return msg(req, t[i].id);
    return key ? key : "";
}

const char *guidance_kind_text(http_request *req, const char *kind)
{
    static const key_text t[] = {{"werkcoach", MSG_GUIDANCE_KIND_WERKCOACH}, {"jobcoach", MSG_GUIDANCE_KIND_JOBCOACH},
                                 {"mentor", MSG_GUIDANCE_KIND_MENTOR},       {"buddy", MSG_GUIDANCE_KIND_BUDDY},
                                 {"vitality", MSG_GUIDANCE_KIND_VITALITY},   {"digi", MSG_GUIDANCE_KIND_DIGI},
                                 {NULL, 0}};
    return text_of(req, t, kind);
}

const char *guidance_channel_text(http_request *req, const char *channel)
{
    static const key_text t[] = {{"meeting", MSG_GUIDANCE_CHANNEL_MEETING}, {"phone", MSG_GUIDANCE_CHANNEL_PHONE},
                                 {"video", MSG_GUIDANCE_CHANNEL_VIDEO},     {"message", MSG_GUIDANCE_CHANNEL_MESSAGE},
                                 {"workplace", MSG_GUIDANCE_CHANNEL_WORKPLACE}, {NULL, 0}};
    return text_of(req, t, channel);
}

const char *guidance_need_kind_text(http_request *req, const char *kind)
{
    static const key_text t[] = {{"debts", MSG_GUIDANCE_NEED_DEBTS},     {"childcare", MSG_GUIDANCE_NEED_CHILDCARE},
                                 {"transport", MSG_GUIDANCE_NEED_TRANSPORT}, {"language", MSG_GUIDANCE_NEED_LANGUAGE},
                                 {"housing", MSG_GUIDANCE_NEED_HOUSING}, {"health", MSG_GUIDANCE_NEED_HEALTH},
                                 {NULL, 0}};
    return text_of(req, t, kind);
}

const char *guidance_status_text(http_request *req, const char *status)
{
    static const key_text t[] = {{"open", MSG_GUIDANCE_STATUS_OPEN},         {"referred", MSG_GUIDANCE_STATUS_REFERRED},
                                 {"in_progress", MSG_GUIDANCE_STATUS_IN_PROGRESS}, {"resolved", MSG_GUIDANCE_STATUS_RESOLVED},
                                 {"closed", MSG_GUIDANCE_STATUS_CLOSED},     {NULL, 0}};
    return text_of(req, t, status);
}

const char *guidance_topic_text(http_request *req, const char *topic)
{
    static const key_text t[] = {{"bbl_start", MSG_GUIDANCE_TOPIC_START},
                                 {"bbl_progress", MSG_GUIDANCE_TOPIC_PROGRESS},
                                 {"bbl_evaluation", MSG_GUIDANCE_TOPIC_EVALUATION},
                                 {NULL, 0}};
    return text_of(req, t, topic);
}

const char *guidance_signal_text(http_request *req, const guidance_signal *s)
{
    const char *days = arena_printf(req->arena, "%d", s->days);
    const char *count = arena_printf(req->arena, "%d", s->count);
    if (str_eq(s->reason, "thinking_of_stopping")) return msg_fill(req, MSG_GUIDANCE_SIG_STOPPING, days, NULL);
    if (str_eq(s->reason, "low_wellbeing")) return msg_fill(req, MSG_GUIDANCE_SIG_LOW_WELLBEING, count, NULL);
    if (str_eq(s->reason, "checkin_overdue")) return msg_fill(req, MSG_GUIDANCE_SIG_CHECKIN_OVERDUE, days, NULL);
    if (str_eq(s->reason, "checkin_missing")) return msg_fill(req, MSG_GUIDANCE_SIG_CHECKIN_MISSING, days, NULL);
    if (str_eq(s->reason, "need_overdue"))
        return msg_fill(req, MSG_GUIDANCE_SIG_NEED_OVERDUE, guidance_need_kind_text(req, s->need_kind), days);
    if (str_eq(s->reason, "training_absence")) return msg_fill(req, MSG_GUIDANCE_SIG_ABSENCE, count, NULL);
    if (str_eq(s->reason, "missed_shifts")) return msg_fill(req, MSG_GUIDANCE_SIG_SHIFTS, count, NULL);
    return s->reason;
}

/* ---- Access (access.h) ---- */

guidance_access guidance_check(http_request *req, policy_op op, policy_resource kind, int64_t person_id,
                               policy_target *t, int *rc)
{
    policy_target local;
    if (!t) t = &local;
    *rc = guidance_target(req, kind, person_id, t);
    if (*rc == DB_ENOTFOUND) {
        /* No such person: answered like one the user may not know of, not as a failure. */
        *rc = 0;
        return GUIDANCE_NOT_FOUND;
    }
    if (*rc) return GUIDANCE_FAILED;
    if (policy_enforce(req, op, t, NULL)) return GUIDANCE_ALLOWED;
    /* May the user know of the person at all (their record, or as coach)? */
    policy_target person = *t;
    person.kind = POLICY_PERSON;
    if (t->coach || policy_allows(auth_current(req), POLICY_READ, &person, NULL)) return GUIDANCE_FORBIDDEN;
    return GUIDANCE_NOT_FOUND;
}

bool guidance_allowed(const policy_target *person, policy_op op, policy_resource kind, http_request *req)
{
    policy_target t = *person;
    t.kind = kind;
    return policy_allows(auth_current(req), op, &t, NULL);
}
