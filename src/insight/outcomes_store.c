/* insight outcomes store: members and outcome events in SQL (db.h only).
 * Events are never deleted; a void sets voided_at, voided_by and the reason. */
#include <string.h>

#include "auth/audit.h"
#include "auth/auth.h"
#include "base/str.h"
#include "base/time.h"
#include "insight/outcomes.h"

#define MEMBER_COLUMNS                                                                                          \
    "m.id, m.cohort_id, k.name, k.programme_id, pr.name, m.person_id,"                                          \
    " CASE WHEN p.id IS NULL THEN NULL ELSE p.given_name || ' ' || p.family_name END, m.org_id, o.name,"        \
    " m.started_on, m.created_at,"                                                                              \
    " (SELECT e.kind FROM outcome_events e WHERE e.member_id = m.id AND e.voided_at IS NULL"                    \
    "  ORDER BY e.on_date DESC, e.id DESC LIMIT 1),"                                                            \
    " (SELECT e.on_date FROM outcome_events e WHERE e.member_id = m.id AND e.voided_at IS NULL"                 \
    "  ORDER BY e.on_date DESC, e.id DESC LIMIT 1)"                                                             \
    " FROM cohort_members m JOIN cohorts k ON k.id = m.cohort_id JOIN programmes pr ON pr.id = k.programme_id"  \
    " LEFT JOIN people p ON p.id = m.person_id LEFT JOIN orgs o ON o.id = m.org_id"

static void member_row(db_stmt *s, arena *a, void *element)
{
    insight_member_row *m = element;
    *m = (insight_member_row){.id = db_col_int(s, 0),
                          .cohort_id = db_col_int(s, 1),
                          .cohort_name = db_col_dup(a, s, 2),
                          .programme_id = db_col_int(s, 3),
                          .programme_name = db_col_dup(a, s, 4),
                          .person_id = db_col_int(s, 5),
                          .person_name = db_col_dup(a, s, 6),
                          .org_id = db_col_int(s, 7),
                          .org_name = db_col_dup(a, s, 8),
                          .started_on = db_col_dup(a, s, 9),
                          .created_at = db_col_int(s, 10),
                          .latest_kind = db_col_dup(a, s, 11),
                          .latest_on = db_col_dup(a, s, 12)};
}

static int member_query(db_conn *c, arena *a, const char *sql, int64_t arg, insight_member_row **out, int *n)
{
    void *list;
    int rc = db_rows(c, a, sql, DB_ARGS(db_int(arg)), sizeof **out, member_row, &list, n);
    *out = list;
    return rc;
}

int insight_member_list(db_conn *c, arena *a, int64_t cohort_id, insight_member_row **out, int *n)
{
    return member_query(c, a,
                        "SELECT " MEMBER_COLUMNS " WHERE m.cohort_id = ?"
                        " ORDER BY p.id IS NULL, p.family_name, p.given_name, m.id",
                        cohort_id, out, n);
}

int insight_person_members(db_conn *c, arena *a, int64_t person_id, insight_member_row **out, int *n)
{
    return member_query(c, a, "SELECT " MEMBER_COLUMNS " WHERE m.person_id = ? ORDER BY m.started_on DESC, m.id",
                        person_id, out, n);
}

int insight_member_load(db_conn *c, arena *a, int64_t id, insight_member_row *out)
{
    insight_member_row *list;
    int n;
    int rc = member_query(c, a, "SELECT " MEMBER_COLUMNS " WHERE m.id = ?", id, &list, &n);
    if (rc) return rc;
    if (n == 0) return DB_ENOTFOUND;
    *out = list[0];
    return 0;
}

#define EVENT_COLUMNS                                                                                       \
    "e.id, e.member_id, e.kind, e.on_date, e.level, e.contract, e.phase_id, ph.name, e.reason, e.note,"     \
    " e.recorded_by, e.created_at, e.voided_at, e.voided_by, e.void_reason"                                 \
    " FROM outcome_events e LEFT JOIN programme_phases ph ON ph.id = e.phase_id"

static void event_row(db_stmt *s, arena *a, void *element)
{
    insight_event_row *e = element;
    *e = (insight_event_row){.id = db_col_int(s, 0),
                         .member_id = db_col_int(s, 1),
                         .kind = insight_outcome_kind_parse(db_col_text(s, 2)),
                         .on_date = db_col_dup(a, s, 3),
                         .level = (int)db_col_int(s, 4),
                         .contract = db_col_dup(a, s, 5),
                         .phase_id = db_col_int(s, 6),
                         .phase_name = db_col_dup(a, s, 7),
                         .reason = db_col_dup(a, s, 8),
                         .note = db_col_dup(a, s, 9),
                         .recorded_by = db_col_int(s, 10),
                         .created_at = db_col_int(s, 11),
                         .voided_at = db_col_int(s, 12),
                         .voided_by = db_col_int(s, 13),
                         .void_reason = db_col_dup(a, s, 14)};
}

static int event_query(db_conn *c, arena *a, const char *sql, int64_t arg, insight_event_row **out, int *n)
{
    void *list;
    int rc = db_rows(c, a, sql, DB_ARGS(db_int(arg)), sizeof **out, event_row, &list, n);
    *out = list;
    return rc;
}

int insight_event_list(db_conn *c, arena *a, int64_t member_id, insight_event_row **out, int *n)
{
    return event_query(c, a, "SELECT " EVENT_COLUMNS " WHERE e.member_id = ? ORDER BY e.on_date, e.id", member_id,
                       out, n);
}

int insight_event_load(db_conn *c, arena *a, int64_t id, insight_event_row *out)
{
    insight_event_row *list;
    int n;
    int rc = event_query(c, a, "SELECT " EVENT_COLUMNS " WHERE e.id = ?", id, &list, &n);
    if (rc) return rc;
    if (n == 0) return DB_ENOTFOUND;
    *out = list[0];
    return 0;
}

int insight_phase_list(db_conn *c, arena *a, int64_t programme_id, int64_t **ids, const char ***names, int *n)
{
    *n = 0;
    *ids = arena_calloc(a, 64, sizeof **ids);
    *names = arena_calloc(a, 64, sizeof **names);
    if (!*ids || !*names) return DB_ENOMEM;
    db_stmt *s;
    int rc = db_prepare(c, "SELECT id, name FROM programme_phases WHERE programme_id = ? ORDER BY position",
                        DB_ARGS(db_int(programme_id)), &s);
    if (rc) return rc;
    while ((rc = db_step(s)) == DB_ROW && *n < 64) {
        (*ids)[*n] = db_col_int(s, 0);
        (*names)[*n] = db_col_dup(a, s, 1);
        (*n)++;
    }
    db_finalize(s);
    return rc == DB_DONE || rc == DB_ROW ? 0 : rc;
}

int insight_member_target(http_request *req, const insight_member_row *m, policy_target *t)
{
    *t = (policy_target){.kind = POLICY_OUTCOME, .id = m->id, .person_id = m->person_id};
    int64_t *orgs = arena_calloc(req->arena, 65, sizeof *orgs);
    if (!orgs) return DB_ENOMEM;
    int n = 0;
    if (m->org_id) orgs[n++] = m->org_id;
    db_conn *c = http_db(req);
    if (m->person_id) {
        db_stmt *s;
        int rc = db_prepare(c, "SELECT DISTINCT org_id FROM person_orgs WHERE person_id = ?",
                            DB_ARGS(db_int(m->person_id)), &s);
        if (rc) return rc;
        while ((rc = db_step(s)) == DB_ROW && n < 65) orgs[n++] = db_col_int(s, 0);
        db_finalize(s);
        if (rc != DB_DONE && rc != DB_ROW) return rc;
        /* The principal coaches the person when a coach link is active today. */
        const auth_principal *p = auth_current(req);
        if (p) {
            const char *today = time_ams_today(req->arena);
            int64_t one = 0;
            rc = db_query_int(c,
                              "SELECT 1 FROM coach_links WHERE person_id = ? AND coach_id = ? AND started_on <= ?"
                              " AND (ended_on IS NULL OR ended_on >= ?) LIMIT 1",
                              DB_ARGS(db_int(m->person_id), db_int(p->user_id), db_text(today), db_text(today)),
                              &one);
            if (rc == 0) t->coach = true;
            else if (rc != DB_ENOTFOUND) return rc;
        }
    }
    t->orgs = orgs;
    t->norgs = n;
    return 0;
}

/* The events of member_id as facts for the model. */
static int member_facts(db_conn *c, arena *a, int64_t member_id, insight_event_fact **out, int *n)
{
    insight_event_row *ev;
    int rc = insight_event_list(c, a, member_id, &ev, n);
    if (rc) return rc;
    *out = arena_calloc(a, (size_t)(*n ? *n : 1), sizeof **out);
    if (!*out) return DB_ENOMEM;
    for (int i = 0; i < *n; i++)
        (*out)[i] = (insight_event_fact){.kind = ev[i].kind, .on_date = ev[i].on_date, .voided = ev[i].voided_at != 0};
    return 0;
}

/* Inserts member and its started event inside the caller's transaction. */
static int member_insert(http_request *req, db_conn *c, int64_t cohort_id, int64_t person_id, int64_t org_id,
                         const char *started_on, int64_t now, int64_t *id)
{
    int rc = db_insert(c,
                       "INSERT INTO cohort_members(cohort_id, person_id, org_id, started_on, created_at)"
                       " VALUES (?, ?, ?, ?, ?) RETURNING id",
                       DB_ARGS(db_int(cohort_id), db_int(person_id), db_id_or_null(org_id), db_text(started_on),
                               db_int(now)),
                       id);
    if (!rc)
        rc = db_exec(c,
                     "INSERT INTO outcome_events(member_id, kind, on_date, recorded_by, created_at)"
                     " VALUES (?, 'started', ?, ?, ?)",
                     DB_ARGS(db_int(*id), db_text(started_on), db_id_or_null(auth_user_id(req)), db_int(now)));
    if (!rc) rc = audit_request(req, "create", "cohort_member", *id, org_id, "ok", started_on);
    return rc;
}

int insight_member_add(http_request *req, int64_t cohort_id, int64_t person_id, int64_t org_id,
                       const char *started_on, int64_t *id, api_errors *e)
{
    started_on = started_on ? str_trim(req->arena, started_on) : NULL;
    if (started_on && !*started_on) started_on = NULL;
    int before = e->n;
    insight_member_start_validate(started_on, time_ams_today(req->arena), e);
    if (person_id <= 0) api_errors_add(e, "person_id", MSG_OUTCOME_ERR_REQUIRED);
    if (e->n > before) return API_EINVALID;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    int64_t one;
    int q = db_query_int(c,
                         "SELECT 1 FROM people p WHERE p.id = ? AND NOT EXISTS"
                         " (SELECT 1 FROM cohort_members m WHERE m.cohort_id = ? AND m.person_id = p.id)",
                         DB_ARGS(db_int(person_id), db_int(cohort_id)), &one);
    if (q == DB_ENOTFOUND) api_errors_add(e, "person_id", MSG_OUTCOME_ERR_PERSON);
    else if (q) rc = q;
    if (!rc && org_id) {
        q = db_query_int(c, "SELECT 1 FROM orgs WHERE id = ?", DB_ARGS(db_int(org_id)), &one);
        if (q == DB_ENOTFOUND) api_errors_add(e, "org_id", MSG_OUTCOME_ERR_ORG);
        else if (q) rc = q;
    }
    if (!rc && e->n > before) rc = API_EINVALID;
    if (!rc) rc = member_insert(req, c, cohort_id, person_id, org_id, started_on, time_now(), id);
    if (!rc) rc = db_commit(c);
    if (rc) db_rollback(c);
    return rc;
}

int insight_members_add_selected(http_request *req, int64_t cohort_id, const char *started_on, int *added,
                                 api_errors *e)
{
    *added = 0;
    started_on = started_on ? str_trim(req->arena, started_on) : NULL;
    if (started_on && !*started_on) started_on = NULL;
    if (insight_member_start_validate(started_on, time_ams_today(req->arena), e)) return API_EINVALID;
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    /* The selected applicants (a stage of kind 'selected'), once per person,
     * placed where the selection placed them when it did. */
    db_stmt *s = NULL;
    rc = db_prepare(c,
                    "SELECT a.person_id, MIN(sp.org_id) FROM applications a"
                    " JOIN campaigns cp ON cp.id = a.campaign_id JOIN campaign_stages st ON st.id = a.stage_id"
                    " LEFT JOIN selection_placements sp ON sp.application_id = a.id"
                    " WHERE cp.cohort_id = ? AND st.kind = 'selected' AND a.person_id IS NOT NULL"
                    " AND a.erased_at IS NULL AND NOT EXISTS (SELECT 1 FROM cohort_members m"
                    "  WHERE m.cohort_id = cp.cohort_id AND m.person_id = a.person_id)"
                    " GROUP BY a.person_id ORDER BY a.person_id",
                    DB_ARGS(db_int(cohort_id)), &s);
    int64_t *people = NULL, *orgs = NULL;
    int n = 0, cap = 0;
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        if (n == cap) {
            int ncap = cap ? cap * 2 : 64;
            int64_t *gp = arena_alloc(req->arena, (size_t)ncap * sizeof *gp);
            int64_t *go = arena_alloc(req->arena, (size_t)ncap * sizeof *go);
            if (!gp || !go) {
                rc = DB_ENOMEM;
                break;
            }
            if (n) {
                memcpy(gp, people, (size_t)n * sizeof *gp);
                memcpy(go, orgs, (size_t)n * sizeof *go);
            }
            people = gp;
            orgs = go;
            cap = ncap;
        }
        people[n] = db_col_int(s, 0);
        orgs[n] = db_col_int(s, 1);
        n++;
    }
    if (rc == DB_DONE) rc = 0;
    if (s) db_finalize(s);
    int64_t now = time_now(), id;
    for (int i = 0; !rc && i < n; i++) rc = member_insert(req, c, cohort_id, people[i], orgs[i], started_on, now, &id);
    if (!rc) rc = audit_request(req, "create", "cohort_members", cohort_id, 0, "ok",
                                arena_printf(req->arena, "%d selected applicants added", n));
    if (!rc) rc = db_commit(c);
    if (rc) db_rollback(c);
    if (!rc) *added = n;
    return rc;
}

int insight_event_record(http_request *req, const insight_member_row *m, const insight_event_input *in, int64_t *id,
                         api_errors *e)
{
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    insight_event_fact *facts = NULL;
    int nfacts = 0, nphases = 0;
    int64_t *phases = NULL;
    const char **phase_names = NULL;
    rc = member_facts(c, req->arena, m->id, &facts, &nfacts);
    if (!rc) rc = insight_phase_list(c, req->arena, m->programme_id, &phases, &phase_names, &nphases);
    insight_event_valid v;
    if (!rc) {
        insight_event_context ctx = {.today = time_ams_today(req->arena),
                                     .started_on = m->started_on,
                                     .events = facts,
                                     .nevents = nfacts,
                                     .phases = phases,
                                     .nphases = nphases};
        rc = insight_event_validate(req->arena, in, &ctx, &v, e);
    }
    int64_t now = time_now();
    if (!rc)
        rc = db_insert(c,
                       "INSERT INTO outcome_events(member_id, kind, on_date, level, contract, phase_id, reason, note,"
                       " recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                       DB_ARGS(db_int(m->id), db_text(insight_outcome_kind_name(v.kind)), db_text(v.on_date),
                               v.level ? db_int(v.level) : db_null(), db_text(v.contract), db_id_or_null(v.phase_id),
                               db_text(v.reason), db_text(v.note), db_id_or_null(auth_user_id(req)), db_int(now)),
                       id);
    /* A corrected start moves the member's start with it. */
    if (!rc && v.kind == INSIGHT_STARTED)
        rc = db_exec(c, "UPDATE cohort_members SET started_on = ? WHERE id = ?",
                     DB_ARGS(db_text(v.on_date), db_int(m->id)));
    if (!rc)
        rc = audit_request(req, "create", "outcome_event", *id, m->org_id, "ok",
                           arena_printf(req->arena, "member %lld: %s on %s", (long long)m->id,
                                        insight_outcome_kind_name(v.kind), v.on_date));
    if (!rc) rc = db_commit(c);
    if (rc) db_rollback(c);
    return rc;
}

int insight_event_void(http_request *req, const insight_member_row *m, int64_t event_id, const char *reason,
                       api_errors *e)
{
    db_conn *c = http_db(req);
    int rc = db_begin(c, true);
    if (rc) return rc;
    insight_event_row ev;
    rc = insight_event_load(c, req->arena, event_id, &ev);
    if (!rc && ev.member_id != m->id) rc = DB_ENOTFOUND;
    const char *why = NULL;
    if (!rc) rc = insight_void_validate(req->arena, reason, ev.voided_at != 0, &why, e);
    if (!rc)
        rc = db_exec(c,
                     "UPDATE outcome_events SET voided_at = ?, voided_by = ?, void_reason = ?"
                     " WHERE id = ? AND voided_at IS NULL",
                     DB_ARGS(db_int(time_now()), db_id_or_null(auth_user_id(req)), db_text(why), db_int(event_id)));
    if (!rc)
        rc = audit_request(req, "void", "outcome_event", event_id, m->org_id, "ok",
                           arena_printf(req->arena, "member %lld: %s on %s", (long long)m->id,
                                        insight_outcome_kind_name(ev.kind), ev.on_date));
    if (!rc) rc = db_commit(c);
    if (rc) db_rollback(c);
    return rc;
}
