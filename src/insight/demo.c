/* insight demo: past cohorts with their members' outcomes and the programmes'
 * costs, so that the figures and the value case have something to show.
 * Members are anonymous (person_id NULL, as after an erasure): the figures
 * need no names. Deterministic: the same events for the same day; events
 * dated after today are left out. Idempotent. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/time.h"
#include "insight/insight.h"
#include "insight/model.h"

/* One past cohort: how many started, how many left the pre-track (or
 * training) and why, how many of those who continued stopped later. */
typedef struct demo_cohort {
    const char *programme;       /* slug */
    const char *name, *starts_on, *ends_on;
    int members;
    const char *orgs[3];         /* placements, in turn */
    int pretrack_days;           /* from the start to pre-track completed and BBL (or deployment) */
    int early_drop;              /* dropped out in the pre-track phase */
    int early_phase;             /* its position */
    int late_drop;               /* dropped out later */
    int late_phase;
    int left_sector;             /* left the sector after employment */
    int bbl;                     /* 1: continuing means entering BBL; 0: deployment only */
    int bbl_level;
    const char *contract;        /* on employment */
    int diploma_days;            /* from BBL to diploma, or 0 */
    int diplomas;
} demo_cohort;

static const demo_cohort cohorts[] = {
    {"welslagen", "Groep 1 2025", "2025-02-03", "2025-06-23", 24, {"Laurens", "Albeda", NULL}, 140, 5, 3, 2, 4, 1, 1,
     2, "bbl", 400, 9},
    {"welslagen", "Groep 2 2025", "2025-09-01", "2026-01-19", 24, {"Laurens", "Albeda", NULL}, 140, 6, 3, 1, 4, 0, 1,
     2, "bbl", 0, 0},
    {"welslagen", "Groep 1 2026", "2026-02-02", "2026-06-22", 24, {"Laurens", "Albeda", NULL}, 140, 5, 3, 1, 5, 0, 1,
     3, "bbl", 0, 0},
    {"zorgrunners", "Zomer 2025", "2025-04-14", "2025-09-01", 40, {"Opella", "Icare", "Zinzia"}, 56, 4, 2, 5, 3, 0, 0,
     0, "flex", 0, 0},
    {"zij-instroom", "Groep 2025", "2025-01-13", "2025-12-19", 60, {"Opella", "Icare", "Vilente"}, 28, 4, 2, 5, 3, 3,
     1, 3, "fixed_term", 0, 0},
};

/* Reasons in turn for the dropouts of a cohort. */
static const char *const early_reasons[] = {"finances", "childcare", "not_suitable", "health", "workload", "personal"};
static const char *const late_reasons[] = {"workload", "health", "other_job", "moved", "study"};

/* Costs: the value case (programme NULL cohort: the programme as a whole). */
typedef struct demo_cost {
    const char *programme, *cohort, *category, *spent_on, *description;
    int64_t cents;
} demo_cost;

static const demo_cost costs[] = {
    {"welslagen", "Groep 1 2025", "training", "2025-06-30", "Voortraject: taal, rekenen, werknemersvaardigheden, ouderenzorg", 7200000},
    {"welslagen", "Groep 1 2025", "coaching", "2025-09-30", "Extra coaching in de eerste 3 maanden BBL", 2880000},
    {"welslagen", "Groep 1 2025", "recruitment", "2025-01-31", "Voorselectie en selectie (30 naar 24)", 600000},
    {"welslagen", "Groep 2 2025", "training", "2026-01-31", "Voortraject: taal, rekenen, werknemersvaardigheden, ouderenzorg", 7200000},
    {"welslagen", "Groep 2 2025", "coaching", "2026-04-30", "Extra coaching in de eerste 3 maanden BBL", 2880000},
    {"welslagen", "Groep 2 2025", "recruitment", "2025-08-31", "Voorselectie en selectie (30 naar 24)", 600000},
    {"welslagen", "Groep 1 2026", "training", "2026-06-30", "Voortraject: taal, rekenen, werknemersvaardigheden, ouderenzorg", 7200000},
    {"welslagen", "Groep 1 2026", "coaching", "2026-09-30", "Extra coaching in de eerste 3 maanden BBL", 2880000},
    {"welslagen", NULL, "overhead", "2025-12-31", "Projectleiding en coördinatie 2025", 2500000},
    {"zij-instroom", "Groep 2025", "mentoring", "2025-12-31", "Ervaren collega's (60+) als mentor: 2 uur per week", 5400000},
    {"zij-instroom", "Groep 2025", "training", "2025-12-31", "Traject op maat (Rijn IJssel)", 18000000},
    {"zij-instroom", "Groep 2025", "coaching", "2025-12-31", "Begeleiding op de werkplek", 3600000},
    {"zij-instroom", "Groep 2025", "recruitment", "2025-01-31", "Campagne en selectie (600 aanmeldingen, 60 gekozen)", 1500000},
    {"zij-instroom", NULL, "overhead", "2025-12-31", "Coördinatie", 1200000},
};

static int64_t id_of(db_conn *c, const char *sql, const char *name)
{
    int64_t id = 0;
    db_query_int(c, sql, DB_ARGS(db_text(name)), &id);
    return id;
}

static int64_t phase_id(db_conn *c, int64_t programme, int position)
{
    int64_t id = 0;
    db_query_int(c, "SELECT id FROM programme_phases WHERE programme_id = ? AND position = ?",
                 DB_ARGS(db_int(programme), db_int(position)), &id);
    return id;
}

static int add_event(db_conn *c, int64_t member, const char *kind, int32_t day, int32_t today, int level,
                     const char *contract, int64_t phase, const char *reason, int64_t now)
{
    if (day > today) return 0;
    char date[11];
    insight_day_format(day, date);
    return db_exec(c,
                   "INSERT INTO outcome_events(member_id, kind, on_date, level, contract, phase_id, reason, created_at)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   DB_ARGS(db_int(member), db_text(kind), db_text(date), db_id_or_null(level), db_text(contract),
                           db_id_or_null(phase), db_text(reason), db_int(now)));
}

/* The members of one cohort and what happened to them. Member i's fate is
 * fixed by its place (and salt): the first early_drop leave in the pre-track, the next
 * late_drop later, the next left_sector leave the sector; the rest continue. */
static int load_cohort(db_conn *c, const demo_cohort *d, int salt, int32_t today, int64_t now)
{
    int64_t prog = id_of(c, "SELECT id FROM programmes WHERE slug = ?", d->programme);
    if (!prog) return 0;  /* the intake demo did not make this programme */
    int64_t cohort = 0;
    int rc = db_insert(c, "INSERT INTO cohorts(programme_id, name, starts_on, ends_on, capacity, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                       DB_ARGS(db_int(prog), db_text(d->name), db_text(d->starts_on), db_text(d->ends_on),
                               db_int(d->members), db_int(now)),
                       &cohort);
    if (rc) return rc;
    int32_t start = insight_day_parse(d->starts_on);
    int64_t early_phase = phase_id(c, prog, d->early_phase), late_phase = phase_id(c, prog, d->late_phase);
    int norgs = 0;
    while (norgs < 3 && d->orgs[norgs]) norgs++;
    for (int i = 0; !rc && i < d->members; i++) {
        int64_t org = id_of(c, "SELECT id FROM orgs WHERE name = ?", d->orgs[i % norgs]);
        int64_t member = 0;
        rc = db_insert(c, "INSERT INTO cohort_members(cohort_id, person_id, org_id, started_on, created_at) VALUES (?, NULL, ?, ?, ?) RETURNING id",
                       DB_ARGS(db_int(cohort), db_id_or_null(org), db_text(d->starts_on), db_int(now)), &member);
        if (!rc) rc = add_event(c, member, "started", start, today, 0, NULL, 0, NULL, now);
        /* spread the dropouts over the phase, deterministically and
         * differently per cohort (salt: the cohort's place in the table) */
        int spread = (i * 37 + salt * 19) % 11;
        if (!rc && i < d->early_drop) {
            rc = add_event(c, member, "dropped_out", start + 12 + i * (d->pretrack_days - 20) / (d->early_drop + 1) + spread,
                           today, 0, NULL, early_phase, early_reasons[i % 6], now);
            continue;
        }
        int32_t onward = start + d->pretrack_days + (i % 3);
        if (!rc) rc = add_event(c, member, "pretrack_completed", onward - 1, today, 0, NULL, 0, NULL, now);
        if (!rc && d->bbl)
            rc = add_event(c, member, "entered_bbl", onward, today, d->bbl_level, NULL, 0, NULL, now);
        if (!rc && !d->bbl && i % 8 == 0)  /* some zorgrunners go on to a BBL after the summer */
            rc = add_event(c, member, "entered_bbl", onward + 140, today, 2, NULL, 0, NULL, now);
        if (!rc) rc = add_event(c, member, "employed", onward, today, 0, d->contract, 0, NULL, now);
        int j = i - d->early_drop;
        if (!rc && j < d->late_drop) {
            rc = add_event(c, member, "dropped_out", onward + 30 + j * 47 + spread, today, 0, NULL, late_phase,
                           late_reasons[j % 5], now);
            continue;
        }
        j -= d->late_drop;
        if (!rc && j < d->left_sector) {
            rc = add_event(c, member, "left_sector", onward + 120 + j * 61, today, 0, NULL, 0, NULL, now);
            continue;
        }
        j -= d->left_sector;
        if (!rc && d->diploma_days && j < d->diplomas)
            rc = add_event(c, member, "diploma", onward + d->diploma_days + j, today, d->bbl_level, NULL, 0, NULL, now);
    }
    return rc;
}

int insight_demo_load(db_conn *c, int64_t now)
{
    int64_t have = 0;
    int rc = db_query_int(c,
                          "SELECT count(*) FROM cohorts k JOIN programmes p ON p.id = k.programme_id "
                          "WHERE p.slug = 'welslagen' AND k.name = 'Groep 1 2025'",
                          DB_NOARGS, &have);
    if (rc || have) return rc;
    struct tm tm;
    time_ams_local(now, &tm);
    int32_t today = (int32_t)time_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    for (size_t i = 0; !rc && i < sizeof cohorts / sizeof cohorts[0]; i++) rc = load_cohort(c, &cohorts[i], (int)i, today, now);
    for (size_t i = 0; !rc && i < sizeof costs / sizeof costs[0]; i++) {
        const demo_cost *k = &costs[i];
        int64_t prog = id_of(c, "SELECT id FROM programmes WHERE slug = ?", k->programme);
        if (!prog) continue;
        int64_t cid = 0;
        if (k->cohort)
            db_query_int(c, "SELECT id FROM cohorts WHERE name = ? AND programme_id = ?",
                         DB_ARGS(db_text(k->cohort), db_int(prog)), &cid);
        rc = db_exec(c,
                     "INSERT INTO programme_costs(programme_id, cohort_id, category, amount_cents, spent_on, description,"
                     " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     DB_ARGS(db_int(prog), db_id_or_null(cid), db_text(k->category), db_int(k->cents),
                             db_text(k->spent_on), db_text(k->description), db_int(now)));
    }
    return rc;
}
