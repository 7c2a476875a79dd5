/* training planner, app side (see planner.h): per module, loads the
 * enrolled participants (postcode, availability) and the module's sessions
 * (where, when in Amsterdam time, free places), hands them to the pure
 * planner (training/plan.h: the most people placed, then the fewest km, as
 * one linear assignment), and stores and reports its answer. */
#include "training/planner.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/geo.h"
#include "base/str.h"
#include "training/model.h"
#include "training/plan.h"

typedef struct person {
    int64_t enrolment_id;
    const char *name;
    bool has_geo;
    double lat, lon;
    int days, parts;
} person;

typedef struct session {
    int64_t id;
    int64_t starts_at;
    const char *location;
    bool has_geo;
    double lat, lon;
    int free;                  /* capacity minus places kept */
} session;

static const char *dup(arena *a, db_stmt *s, int col)
{
    const char *t = db_col_text(s, col);
    return arena_strdup(a, t ? t : "");
}

/* Loads the enrolments to plan: enrolled (not completed or withdrawn), of the cohort when given. */
static int load_people(db_conn *c, arena *a, int64_t course_id, int64_t cohort_id, person **out, int *n)
{
    int cap = 64;
    *n = 0;
    *out = arena_alloc(a, (size_t)cap * sizeof **out);
    if (!*out) return DB_ENOMEM;
    db_stmt *s;
    int rc = db_prepare(c,
                        "SELECT e.id, p.given_name || ' ' || p.family_name, p.postcode, e.avail_days, e.avail_parts "
                        "FROM enrolments e JOIN people p ON p.id = e.person_id WHERE e.course_id = ? "
                        "AND e.status = 'enrolled' AND (? = 0 OR e.cohort_id = ?) ORDER BY e.id",
                        DB_ARGS(db_int(course_id), db_int(cohort_id), db_int(cohort_id)), &s);
    if (rc) return rc;
    while ((rc = db_step(s)) == DB_ROW) {
        if (*n == cap) {
            person *g = arena_alloc(a, (size_t)cap * 2 * sizeof *g);
            if (!g) {
                rc = DB_ENOMEM;
                break;
            }
            memcpy(g, *out, (size_t)cap * sizeof *g);
            *out = g;
            cap *= 2;
        }
        person *p = &(*out)[(*n)++];
        p->enrolment_id = db_col_int(s, 0);
        p->name = dup(a, s, 1);
        const char *pc = db_col_text(s, 2);
        p->has_geo = pc && geo_postcode(pc, &p->lat, &p->lon);
        p->days = (int)db_col_int(s, 3);
        p->parts = (int)db_col_int(s, 4);
    }
    db_finalize(s);
    return rc == DB_DONE ? 0 : rc;
}

static int load_sessions(db_conn *c, arena *a, int64_t module_id, session **out, int *n)
{
    int cap = 16;
    *n = 0;
    *out = arena_alloc(a, (size_t)cap * sizeof **out);
    if (!*out) return DB_ENOMEM;
    db_stmt *s;
    int rc = db_prepare(c,
                        "SELECT s.id, s.starts_at, s.location, s.postcode, s.capacity - (SELECT count(*) FROM "
                        "session_places sp WHERE sp.session_id = s.id AND sp.km IS NULL) FROM training_sessions s "
                        "WHERE s.module_id = ? ORDER BY s.starts_at, s.id",
                        DB_ARGS(db_int(module_id)), &s);
    if (rc) return rc;
    while ((rc = db_step(s)) == DB_ROW) {
        if (*n == cap) {
            session *g = arena_alloc(a, (size_t)cap * 2 * sizeof *g);
            if (!g) {
                rc = DB_ENOMEM;
                break;
            }
            memcpy(g, *out, (size_t)cap * sizeof *g);
            *out = g;
            cap *= 2;
        }
        session *x = &(*out)[(*n)++];
        x->id = db_col_int(s, 0);
        x->starts_at = db_col_int(s, 1);
        x->location = dup(a, s, 2);
        const char *pc = db_col_text(s, 3);
        x->has_geo = pc && geo_postcode(pc, &x->lat, &x->lon);
        int64_t fr = db_col_int(s, 4);
        x->free = fr > 0 ? (int)fr : 0;
    }
    db_finalize(s);
    return rc == DB_DONE ? 0 : rc;
}

/* The message that says why the planner left a person out. */
static msg_id why_not(plan_reason r)
{
    switch (r) {
    case PLAN_NO_SESSIONS: return MSG_TRAINING_PLAN_WHY_NO_SESSIONS;
    case PLAN_NOT_AVAILABLE: return MSG_TRAINING_PLAN_WHY_NOT_AVAILABLE;
    case PLAN_OUT_OF_REACH: return MSG_TRAINING_PLAN_WHY_OUT_OF_REACH;
    case PLAN_FULL:
    case PLAN_PLACED: break;
    }
    return MSG_TRAINING_PLAN_WHY_FULL;
}

/* The planner's availability bits of an enrolment's days and dayparts. */
static uint32_t availability(int days, int parts)
{
    uint32_t bits = 0;
    for (int d = 0; d < 7; d++)
        for (int q = 0; q < 3; q++)
            if ((days & (1 << d)) && (parts & (1 << q))) bits |= PLAN_BIT(d, q);
    return bits;
}

/* Adds to the report (arrays grown in a). */
static int add_placed(arena *a, training_plan_report *r, int *cap, training_plan_placed x)
{
    if (r->nplaced == *cap) {
        int ncap = *cap ? *cap * 2 : 64;
        training_plan_placed *g = arena_alloc(a, (size_t)ncap * sizeof *g);
        if (!g) return DB_ENOMEM;
        if (r->nplaced) memcpy(g, r->placed, (size_t)r->nplaced * sizeof *g);
        r->placed = g;
        *cap = ncap;
    }
    r->placed[r->nplaced++] = x;
    return 0;
}

static int add_unplaced(arena *a, training_plan_report *r, int *cap, training_plan_unplaced x)
{
    if (r->nunplaced == *cap) {
        int ncap = *cap ? *cap * 2 : 32;
        training_plan_unplaced *g = arena_alloc(a, (size_t)ncap * sizeof *g);
        if (!g) return DB_ENOMEM;
        if (r->nunplaced) memcpy(g, r->unplaced, (size_t)r->nunplaced * sizeof *g);
        r->unplaced = g;
        *cap = ncap;
    }
    r->unplaced[r->nunplaced++] = x;
    return 0;
}

/* Plans one module: the participants not placed by hand in it. Sessions
 * whose location has no known postcode cannot be planned (no distance) and
 * are left to placing by hand. */
static int plan_one_module(db_conn *c, arena *a, int64_t module_id, const char *module_name, const person *all,
                           int nall, int64_t user_id, int64_t now, bool dry_run, training_plan_report *r, int *pcap,
                           int *ucap)
{
    session *ss;
    int ns;
    int rc = load_sessions(c, a, module_id, &ss, &ns);
    if (rc) return rc;
    /* Who is to be planned: not placed by hand in a session of this module. */
    int *who = arena_alloc(a, (size_t)(nall ? nall : 1) * sizeof *who);
    if (!who) return DB_ENOMEM;
    int np = 0;
    for (int i = 0; i < nall; i++) {
        int64_t kept = 0;
        rc = db_query_int(c,
                          "SELECT count(*) FROM session_places sp JOIN training_sessions s ON s.id = sp.session_id "
                          "WHERE sp.enrolment_id = ? AND s.module_id = ? AND sp.km IS NULL",
                          DB_ARGS(db_int(all[i].enrolment_id), db_int(module_id)), &kept);
        if (rc) return rc;
        if (kept) r->kept++;
        else who[np++] = i;
    }
    if (!dry_run) {
        rc = db_exec(c,
                     "DELETE FROM session_places WHERE km IS NOT NULL AND session_id IN "
                     "(SELECT id FROM training_sessions WHERE module_id = ?)",
                     DB_ARGS(db_int(module_id)));
        if (rc) return rc;
    }
    if (np == 0) return 0;
    plan_person *pp = arena_alloc(a, (size_t)np * sizeof *pp);
    plan_session *ps = arena_alloc(a, (size_t)(ns ? ns : 1) * sizeof *ps);
    int *sidx = arena_alloc(a, (size_t)(ns ? ns : 1) * sizeof *sidx);
    int *to = arena_alloc(a, (size_t)np * sizeof *to);
    plan_reason *why = arena_alloc(a, (size_t)np * sizeof *why);
    double *km = arena_alloc(a, (size_t)np * sizeof *km);
    if (!pp || !ps || !sidx || !to || !why || !km) return DB_ENOMEM;
    for (int i = 0; i < np; i++) {
        const person *p = &all[who[i]];
        pp[i] = (plan_person){.id = p->enrolment_id, .located = p->has_geo, .lat = p->lat, .lon = p->lon,
                              .available = availability(p->days, p->parts)};
    }
    int nps = 0;
    for (int j = 0; j < ns; j++) {
        if (!ss[j].has_geo) continue;
        ps[nps] = (plan_session){.id = ss[j].id, .lat = ss[j].lat, .lon = ss[j].lon, .capacity = ss[j].free,
                                 .weekday = training_weekday(ss[j].starts_at),
                                 .daypart = training_daypart(ss[j].starts_at)};
        sidx[nps++] = j;
    }
    plan_summary sum;
    if (plan_module(np, pp, nps, ps, to, why, km, &sum) != 0) return DB_ENOMEM;
    for (int i = 0; i < np; i++) {
        const person *p = &all[who[i]];
        if (to[i] < 0) {
            msg_id m = nps == 0 && ns > 0 ? MSG_TRAINING_PLAN_WHY_NO_LOCATION : why_not(why[i]);
            rc = add_unplaced(a, r, ucap, (training_plan_unplaced){p->enrolment_id, p->name, module_name, m});
            if (rc) return rc;
            continue;
        }
        const session *x = &ss[sidx[to[i]]];
        if (!dry_run)
            rc = db_exec(c,
                         "INSERT INTO session_places(session_id, enrolment_id, placed_by, placed_at, km) "
                         "VALUES (?, ?, ?, ?, ?)",
                         DB_ARGS(db_int(x->id), db_int(p->enrolment_id), db_id_or_null(user_id), db_int(now),
                                 db_real(km[i])));
        if (!rc) rc = add_placed(a, r, pcap, (training_plan_placed){p->enrolment_id, p->name, module_name, x->id,
                                                                      x->starts_at, x->location, km[i],
                                                                      p->has_geo});
        if (rc) return rc;
    }
    r->total_km += sum.total_km;
    return 0;
}

int training_plan_run(db_conn *c, arena *a, int64_t course_id, int64_t cohort_id, int64_t user_id, int64_t now,
                      bool dry_run, FILE *progress, training_plan_report *out)
{
    memset(out, 0, sizeof *out);
    int64_t one = 0;
    int rc = db_query_int(c, "SELECT 1 FROM courses WHERE id = ?", DB_ARGS(db_int(course_id)), &one);
    if (rc) return rc;
    person *people;
    int npeople;
    rc = load_people(c, a, course_id, cohort_id, &people, &npeople);
    if (rc) return rc;
    out->nparticipants = npeople;
    /* The modules, in order. */
    typedef struct { int64_t id; const char *name; } module;
    module *mods = NULL;
    int nm = 0, cap = 0;
    db_stmt *s;
    rc = db_prepare(c, "SELECT id, name_nl FROM course_modules WHERE course_id = ? ORDER BY position",
                    DB_ARGS(db_int(course_id)), &s);
    if (rc) return rc;
    while ((rc = db_step(s)) == DB_ROW) {
        if (nm == cap) {
            cap = cap ? cap * 2 : 8;
            module *g = arena_alloc(a, (size_t)cap * sizeof *g);
            if (!g) {
                rc = DB_ENOMEM;
                break;
            }
            if (nm) memcpy(g, mods, (size_t)nm * sizeof *g);
            mods = g;
        }
        mods[nm].id = db_col_int(s, 0);
        mods[nm++].name = dup(a, s, 1);
    }
    db_finalize(s);
    if (rc != DB_DONE) return rc;
    out->nmodules = nm;
    int pcap = 0, ucap = 0;
    for (int m = 0; m < nm; m++) {
        int before = out->nplaced, ubefore = out->nunplaced;
        rc = plan_one_module(c, a, mods[m].id, mods[m].name, people, npeople, user_id, now, dry_run, out, &pcap, &ucap);
        if (rc) return rc;
        if (progress)
            fprintf(progress, "module %d/%d %s: %d placed, %d not placed\n", m + 1, nm, mods[m].name,
                    out->nplaced - before, out->nunplaced - ubefore);
    }
    return 0;
}
