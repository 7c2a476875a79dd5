/* insight/store: loads members and outcome events and hands them to the
 * engine (model.c); the lists the pages show. */
#include "insight/store.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "insight/insight.h"
#include "insight/model.h"

/* Growth of a malloc'ed array by doubling; -1 when out of memory. */
static int grow(void **p, int *cap, int need, size_t size)
{
    if (need <= *cap) return 0;
    int ncap = *cap ? *cap : 256;
    while (ncap < need) ncap *= 2;
    void *q = realloc(*p, (size_t)ncap * size);
    if (!q) return -1;
    *p = q;
    *cap = ncap;
    return 0;
}

static int member_index(const int64_t *ids, int n, int64_t id)
{
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (ids[mid] == id) return mid;
        if (ids[mid] < id) lo = mid + 1;
        else hi = mid - 1;
    }
    return -1;
}

typedef struct id_member {
    int64_t id;
    insight_member m;
} id_member;

static int id_member_cmp(const void *x, const void *y)
{
    const id_member *a = x, *b = y;
    return (a->id > b->id) - (a->id < b->id);
}

/* Reads non-voided events (sql with args) into a malloc'ed array, keeping
 * those of the members in ids (by the direct table when there is one). */
typedef struct event_reader {
    db_conn *c;
    const char *sql;
    const db_value *args;
    int nargs;
    const int64_t *ids;
    int nm;
    const int32_t *direct;
    int64_t lo_id, span;
    const int64_t *phase_ids;
    int nph;
    insight_event *events;
    int ne, cap;
    int rc;
} event_reader;

static void read_events(event_reader *r)
{
    db_stmt *s;
    int rc = db_prepare(r->c, r->sql, r->args, r->nargs, &s);
    if (rc < 0) {
        r->rc = rc;
        return;
    }
    while ((rc = db_step(s)) == DB_ROW) {
        int64_t mid = db_col_int(s, 0);
        int mi;
        if (r->direct) mi = mid >= r->lo_id && mid - r->lo_id < r->span ? r->direct[mid - r->lo_id] : -1;
        else mi = member_index(r->ids, r->nm, mid);
        if (mi < 0) continue;  /* a member of another programme or cohort */
        int kind = insight_event_kind_parse(db_col_text(s, 1));
        int32_t day = insight_day_parse(db_col_text(s, 2));
        if (kind < 0 || day == INT32_MIN) continue;
        if (grow((void **)&r->events, &r->cap, r->ne + 1, sizeof *r->events)) {
            rc = DB_ENOMEM;
            break;
        }
        insight_event *ev = &r->events[r->ne++];
        ev->member = mi;
        ev->day = day;
        ev->kind = (uint8_t)kind;
        ev->phase = -1;
        if (!db_col_is_null(s, 3)) {
            int64_t pid = db_col_int(s, 3);
            for (int p = 0; p < r->nph; p++)
                if (r->phase_ids[p] == pid) ev->phase = (int16_t)p;
        }
        ev->reason = (int16_t)insight_reason_parse(db_col_text(s, 4));
    }
    db_finalize(s);
    r->rc = rc < 0 ? rc : 0;
}

static void *read_events_thread(void *arg)
{
    read_events(arg);
    return NULL;
}

/* The scope of the figures: the programme's cohorts, or one of them. */
#define SCOPE_JOIN " JOIN cohorts h ON h.id = m.cohort_id WHERE h.programme_id = ? AND (? = 0 OR h.id = ?)"

int insight_figures_load(db_conn *c, int64_t programme_id, int64_t cohort_id, const char *today, arena *a,
                         insight_figures *out)
{
    memset(out, 0, sizeof *out);
    int32_t today_day = insight_day_parse(today);
    if (today_day == INT32_MIN) return DB_ERR;
    out->programme_id = programme_id;
    out->cohort_id = cohort_id;
    db_stmt *s = NULL;
    int rc = db_prepare(c, "SELECT name FROM programmes WHERE id = ?", DB_ARGS(db_int(programme_id)), &s);
    if (rc < 0) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) out->programme_name = arena_strdup(a, db_col_text(s, 0));
    db_finalize(s);
    if (rc != DB_ROW) return rc < 0 ? rc : DB_ENOTFOUND;
    if (cohort_id) {
        rc = db_prepare(c, "SELECT name FROM cohorts WHERE id = ? AND programme_id = ?",
                        DB_ARGS(db_int(cohort_id), db_int(programme_id)), &s);
        if (rc < 0) return rc;
        rc = db_step(s);
        if (rc == DB_ROW) out->cohort_name = arena_strdup(a, db_col_text(s, 0));
        db_finalize(s);
        if (rc != DB_ROW) return rc < 0 ? rc : DB_ENOTFOUND;
    }

    insight_input in = {.today = today_day, .target_pct = -1};
    rc = db_prepare(c, "SELECT value FROM programme_targets WHERE programme_id = ? AND metric = 'continue_pct' "
                       "ORDER BY id LIMIT 1", DB_ARGS(db_int(programme_id)), &s);
    if (rc < 0) return rc;
    if ((rc = db_step(s)) == DB_ROW) in.target_pct = db_col_real(s, 0);
    db_finalize(s);
    if (rc < 0) return rc;

    /* Phases, in order; phase_ids[i] is the id of phases[i]. */
    int nph = 0;
    int64_t nphases64 = 0;
    rc = db_query_int(c, "SELECT count(*) FROM programme_phases WHERE programme_id = ?", DB_ARGS(db_int(programme_id)),
                      &nphases64);
    if (rc < 0) return rc;
    if (nphases64 > 1000) return DB_ERR;
    const char **phases = arena_calloc(a, (size_t)nphases64 + 1, sizeof *phases);
    int64_t *phase_ids = arena_calloc(a, (size_t)nphases64 + 1, sizeof *phase_ids);
    if (!phases || !phase_ids) return DB_ENOMEM;
    rc = db_prepare(c, "SELECT id, name FROM programme_phases WHERE programme_id = ? ORDER BY position",
                    DB_ARGS(db_int(programme_id)), &s);
    if (rc < 0) return rc;
    while ((rc = db_step(s)) == DB_ROW && nph < nphases64) {
        phase_ids[nph] = db_col_int(s, 0);
        phases[nph] = arena_strdup(a, db_col_text(s, 1));
        nph++;
    }
    db_finalize(s);
    if (rc < 0) return rc;
    in.phases = phases;
    in.nphases = nph;

    const db_value scope[] = {db_int(programme_id), db_int(cohort_id), db_int(cohort_id)};
    rc = db_query_int(c, "SELECT count(*) FROM applications a JOIN campaigns m ON m.id = a.campaign_id" SCOPE_JOIN,
                      scope, 3, &in.applied);
    if (rc < 0) return rc;
    rc = db_query_int(c, "SELECT count(*) FROM applications a JOIN campaign_stages st ON st.id = a.stage_id "
                         "AND st.kind = 'selected' JOIN campaigns m ON m.id = a.campaign_id" SCOPE_JOIN,
                      scope, 3, &in.selected);
    if (rc < 0) return rc;
    rc = db_query_int(c, "SELECT coalesce(sum(amount_cents), 0) FROM programme_costs "
                         "WHERE programme_id = ? AND (? = 0 OR cohort_id = ?)", scope, 3, &in.costs_cents);
    if (rc < 0) return rc;

    /* Members by id, then their events that are not voided. */
    int64_t *ids = NULL;
    int32_t *direct = NULL;
    insight_member *members = NULL;
    insight_event *events = NULL;
    int nm = 0, cap_ids = 0, cap_m = 0, ne = 0;
    rc = db_prepare(c, "SELECT m.id, m.started_on FROM cohort_members m" SCOPE_JOIN, scope, 3, &s);
    if (rc < 0) goto done;
    while ((rc = db_step(s)) == DB_ROW) {
        int32_t start = insight_day_parse(db_col_text(s, 1));
        if (start == INT32_MIN) continue;  /* not a date: the member cannot be placed in time */
        if (grow((void **)&ids, &cap_ids, nm + 1, sizeof *ids) || grow((void **)&members, &cap_m, nm + 1, sizeof *members)) {
            rc = DB_ENOMEM;
            break;
        }
        ids[nm] = db_col_int(s, 0);
        members[nm].start = start;
        nm++;
    }
    db_finalize(s);
    if (rc < 0) goto done;
    /* The ids in order, for the binary search (the query gives them by cohort). */
    bool sorted = true;
    for (int i = 1; i < nm && sorted; i++) sorted = ids[i] > ids[i - 1];
    if (!sorted) {
        id_member *pairs = malloc((size_t)nm * sizeof *pairs);
        if (!pairs) {
            rc = DB_ENOMEM;
            goto done;
        }
        for (int i = 0; i < nm; i++) pairs[i] = (id_member){ids[i], members[i]};
        qsort(pairs, (size_t)nm, sizeof *pairs, id_member_cmp);
        for (int i = 0; i < nm; i++) {
            ids[i] = pairs[i].id;
            members[i] = pairs[i].m;
        }
        free(pairs);
    }
    /* A large share of all members (a programme): one sequential scan of the
     * events, filtered here, beats an index lookup per member. A few members
     * (a cohort): the index on member_id. */
    int64_t all_members = 0;
    rc = db_query_int(c, "SELECT count(*) FROM cohort_members", DB_NOARGS, &all_members);
    if (rc < 0) goto done;
    bool scan = (int64_t)nm * 4 >= all_members;
    /* Member id -> index: a direct table when the ids are dense, else binary search. */
    int64_t lo_id = nm ? ids[0] : 0, span = nm ? ids[nm - 1] - ids[0] + 1 : 0;
    if (nm && span <= 4 * (int64_t)nm + 1024) {
        direct = malloc((size_t)span * sizeof *direct);
        if (!direct) {
            rc = DB_ENOMEM;
            goto done;
        }
        for (int64_t k = 0; k < span; k++) direct[k] = -1;
        for (int i = 0; i < nm; i++) direct[ids[i] - lo_id] = i;
    }
    event_reader r1 = {.c = c, .ids = ids, .nm = nm, .direct = direct, .lo_id = lo_id, .span = span,
                       .phase_ids = phase_ids, .nph = nph};
    if (!scan) {
        r1.sql = "SELECT e.member_id, e.kind, e.on_date, e.phase_id, e.reason FROM outcome_events e "
                 "JOIN cohort_members m ON m.id = e.member_id" SCOPE_JOIN " AND e.voided_at IS NULL";
        r1.args = scope;
        r1.nargs = 3;
        read_events(&r1);
    } else {
        /* A programme's scan: two halves by row id, the second on another
         * connection and thread when the pool has one free right now (each
         * row is read once, so the figures are those of a state between the
         * two snapshots). */
        int64_t max_id = 0;
        rc = db_query_int(c, "SELECT coalesce(max(id), 0) FROM outcome_events", DB_NOARGS, &max_id);
        if (rc < 0) goto done;
        static const char *range_sql = "SELECT member_id, kind, on_date, phase_id, reason FROM outcome_events "
                                       "WHERE id BETWEEN ? AND ? AND voided_at IS NULL";
        int64_t mid = max_id / 2;
        db_value lo[] = {db_int(0), db_int(mid)}, hi[] = {db_int(mid + 1), db_int(max_id)};
        event_reader r2 = r1;
        r1.sql = r2.sql = range_sql;
        r1.args = lo;
        r2.args = hi;
        r1.nargs = r2.nargs = 2;
        r2.c = max_id >= 100000 ? db_try_acquire_beside(c) : NULL;
        pthread_t t;
        bool threaded = r2.c && pthread_create(&t, NULL, read_events_thread, &r2) == 0;
        read_events(&r1);
        if (threaded) pthread_join(t, NULL);
        else {
            if (r2.c) db_release(r2.c);
            r2.c = c;
            read_events(&r2);
        }
        if (threaded) db_release(r2.c);
        if (!r1.rc && !r2.rc && r2.ne) {
            if (grow((void **)&r1.events, &r1.cap, r1.ne + r2.ne, sizeof *r1.events)) r1.rc = DB_ENOMEM;
            else memcpy(r1.events + r1.ne, r2.events, (size_t)r2.ne * sizeof *r2.events);
            r1.ne += r1.rc ? 0 : r2.ne;
        }
        if (!r1.rc) r1.rc = r2.rc;
        free(r2.events);
    }
    events = r1.events;
    ne = r1.ne;
    rc = r1.rc;
    if (rc < 0) goto done;
    in.members = members;
    in.nmembers = nm;
    in.events = events;
    in.nevents = ne;
    rc = insight_compute(&in, INSIGHT_CI_LOGLOG, a, out) == 0 ? 0 : DB_ENOMEM;
done:
    free(ids);
    free(direct);
    free(members);
    free(events);
    return rc;
}

int insight_programme_orgs(db_conn *c, int64_t programme_id, arena *a, int64_t **orgs, int *n)
{
    *orgs = NULL;
    *n = 0;
    int64_t owner = 0, count = 0;
    int rc = db_query_int(c, "SELECT owner_org FROM programmes WHERE id = ?", DB_ARGS(db_int(programme_id)), &owner);
    if (rc < 0) return rc;
    rc = db_query_int(c, "SELECT count(*) FROM programme_partners WHERE programme_id = ?", DB_ARGS(db_int(programme_id)),
                      &count);
    if (rc < 0) return rc;
    int64_t *o = arena_calloc(a, (size_t)count + 1, sizeof *o);
    if (!o) return DB_ENOMEM;
    int k = 0;
    o[k++] = owner;
    db_stmt *s;
    rc = db_prepare(c, "SELECT org_id FROM programme_partners WHERE programme_id = ? AND org_id <> ? ORDER BY org_id",
                    DB_ARGS(db_int(programme_id), db_int(owner)), &s);
    if (rc < 0) return rc;
    while ((rc = db_step(s)) == DB_ROW && k < count + 1) o[k++] = db_col_int(s, 0);
    db_finalize(s);
    if (rc < 0) return rc;
    *orgs = o;
    *n = k;
    return 0;
}

int insight_cohort_programme(db_conn *c, int64_t cohort_id, int64_t *programme_id)
{
    return db_query_int(c, "SELECT programme_id FROM cohorts WHERE id = ?", DB_ARGS(db_int(cohort_id)), programme_id);
}

int insight_cohorts_of(db_conn *c, int64_t programme_id, arena *a, insight_cohort_row **out, int *n)
{
    *out = NULL;
    *n = 0;
    int64_t count = 0;
    int rc = db_query_int(c, "SELECT count(*) FROM cohorts WHERE programme_id = ?", DB_ARGS(db_int(programme_id)), &count);
    if (rc < 0) return rc;
    insight_cohort_row *r = arena_calloc(a, (size_t)count + 1, sizeof *r);
    if (!r) return DB_ENOMEM;
    db_stmt *s;
    rc = db_prepare(c, "SELECT h.id, h.name, h.starts_on, (SELECT count(*) FROM cohort_members m WHERE m.cohort_id = h.id) "
                       "FROM cohorts h WHERE h.programme_id = ? ORDER BY h.starts_on, h.id",
                    DB_ARGS(db_int(programme_id)), &s);
    if (rc < 0) return rc;
    int k = 0;
    while ((rc = db_step(s)) == DB_ROW && k < count) {
        r[k].id = db_col_int(s, 0);
        r[k].name = arena_strdup(a, db_col_text(s, 1));
        r[k].starts_on = arena_strdup(a, db_col_text(s, 2));
        r[k].members = db_col_int(s, 3);
        k++;
    }
    db_finalize(s);
    if (rc < 0) return rc;
    *out = r;
    *n = k;
    return 0;
}

int insight_programmes_list(db_conn *c, arena *a, insight_programme_row **out, int *n)
{
    *out = NULL;
    *n = 0;
    int64_t count = 0;
    int rc = db_query_int(c, "SELECT count(*) FROM programmes WHERE archived_at IS NULL", DB_NOARGS, &count);
    if (rc < 0) return rc;
    insight_programme_row *r = arena_calloc(a, (size_t)count + 1, sizeof *r);
    if (!r) return DB_ENOMEM;
    db_stmt *s;
    rc = db_prepare(c, "SELECT id, name, kind FROM programmes WHERE archived_at IS NULL ORDER BY name, id", DB_NOARGS, &s);
    if (rc < 0) return rc;
    int k = 0;
    while ((rc = db_step(s)) == DB_ROW && k < count) {
        r[k].id = db_col_int(s, 0);
        r[k].name = arena_strdup(a, db_col_text(s, 1));
        r[k].kind = arena_strdup(a, db_col_text(s, 2));
        k++;
    }
    db_finalize(s);
    if (rc < 0) return rc;
    for (int i = 0; i < k; i++) {
        if ((rc = insight_cohorts_of(c, r[i].id, a, &r[i].cohorts, &r[i].ncohorts)) < 0) return rc;
        if ((rc = insight_programme_orgs(c, r[i].id, a, &r[i].orgs, &r[i].norgs)) < 0) return rc;
    }
    *out = r;
    *n = k;
    return 0;
}
