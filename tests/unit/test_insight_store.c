/* insight/store: the figures of a small database built here, by hand; voided
 * events never count; unknown programmes and cohorts are not found. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "db/db.h"
#include "insight/insight.h"
#include "insight/store.h"

static db *d;
static db_conn *c;
static char dir[64];
static arena A;

static const char *FIXTURE =
    "INSERT INTO orgs (id, name, kind, region, created_at) VALUES (1, 'Gemeente', 'municipality', 'R', 0),"
    " (2, 'Laurens', 'care', 'R', 0), (3, 'Elders', 'care', 'R', 0);"
    "INSERT INTO programmes (id, slug, name, kind, owner_org, created_at) VALUES (1, 'ws', 'WelSlagen', 'pre_track', 1, 0),"
    " (2, 'other', 'Other', 'flexpool', 3, 0);"
    "INSERT INTO programme_partners VALUES (1, 2, 'employer', NULL), (1, 1, 'coordinator', NULL);"
    "INSERT INTO programme_phases (id, programme_id, position, name, weeks) VALUES (10, 1, 1, 'Vooropleiding', 20),"
    " (11, 1, 2, 'BBL', 100);"
    "INSERT INTO programme_targets (programme_id, metric, value, description) VALUES (1, 'continue_pct', 75, 'x');"
    "INSERT INTO cohorts (id, programme_id, name, starts_on, ends_on, capacity, created_at) VALUES"
    " (1, 1, 'Groep 1 2025', '2025-01-06', '2025-12-31', 24, 0), (2, 1, 'Groep 2 2025', '2025-09-01', '2026-06-30', 24, 0),"
    " (3, 2, 'Other', '2025-01-01', '2025-12-31', 10, 0);"
    "INSERT INTO campaigns (id, cohort_id, slug, title, opens_at, closes_at, target, cap, created_at) VALUES"
    " (1, 1, 'c1', 'C1', 0, 10, 30, 100, 0), (2, 2, 'c2', 'C2', 0, 10, 30, 100, 0);"
    "INSERT INTO campaign_stages (id, campaign_id, position, key, name_nl, name_en, kind) VALUES"
    " (1, 1, 1, 'new', 'Nieuw', 'New', 'open'), (2, 1, 2, 'sel', 'Gekozen', 'Selected', 'selected'),"
    " (3, 2, 1, 'new', 'Nieuw', 'New', 'open'), (4, 2, 2, 'sel', 'Gekozen', 'Selected', 'selected');"
    "INSERT INTO applications (campaign_id, stage_id, status_token_hash, consent_at, created_at, stage_at) VALUES"
    " (1, 1, x'01', 0, 0, 0), (1, 2, x'02', 0, 0, 0), (1, 2, x'03', 0, 0, 0), (2, 4, x'04', 0, 0, 0), (2, 3, x'05', 0, 0, 0);"
    "INSERT INTO cohort_members (id, cohort_id, started_on, created_at) VALUES (1, 1, '2025-01-06', 0),"
    " (2, 1, '2025-01-06', 0), (3, 1, '2025-01-06', 0), (4, 2, '2025-09-01', 0), (5, 3, '2025-01-01', 0);"
    "INSERT INTO outcome_events (member_id, kind, on_date, phase_id, reason, created_at, voided_at) VALUES"
    " (1, 'started', '2025-01-06', NULL, NULL, 0, NULL),"
    " (1, 'entered_bbl', '2025-05-26', NULL, NULL, 0, NULL),"
    " (1, 'employed', '2025-05-26', NULL, NULL, 0, NULL),"
    " (2, 'started', '2025-01-06', NULL, NULL, 0, NULL),"
    " (2, 'dropped_out', '2025-03-03', 10, 'finances', 0, NULL),"
    " (3, 'started', '2025-01-06', NULL, NULL, 0, NULL),"
    " (3, 'dropped_out', '2025-02-03', 10, 'health', 0, 100),"    /* voided: member 3 is still in */
    " (3, 'entered_bbl', '2025-05-26', NULL, NULL, 0, NULL),"
    " (4, 'started', '2025-09-01', NULL, NULL, 0, NULL),"
    " (5, 'started', '2025-01-01', NULL, NULL, 0, NULL),"
    " (5, 'dropped_out', '2025-01-02', NULL, 'moved', 0, NULL);"
    "INSERT INTO programme_costs (programme_id, cohort_id, category, amount_cents, spent_on, created_at) VALUES"
    " (1, 1, 'coaching', 300000, '2025-02-01', 0), (1, NULL, 'overhead', 100000, '2025-02-01', 0),"
    " (1, 2, 'training', 50000, '2025-10-01', 0), (2, NULL, 'other', 999, '2025-02-01', 0);";

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/instroom-test-insight-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    char path[300], err[256];
    snprintf(path, sizeof path, "%s/t.db", dir);
    cr_assert_eq(db_open(path, NULL, &d, err, sizeof err), 0, "%s", err);
    cr_assert_geq(db_migrate(d, err, sizeof err), 0, "%s", err);
    c = db_acquire(d);
    cr_assert_eq(db_exec_script(c, FIXTURE), 0, "%s", db_errmsg(c));
    arena_init(&A, 16u << 20);
}

static void teardown(void)
{
    arena_free(&A);
    db_release(c);
    db_close(d);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(insight_store, .init = setup, .fini = teardown);

Test(insight_store, cohort_figures_ignore_voided_events)
{
    insight_figures f;
    cr_assert_eq(insight_figures_load(c, 1, 1, "2025-12-31", &A, &f), 0);
    cr_expect_str_eq(f.programme_name, "WelSlagen");
    cr_expect_str_eq(f.cohort_name, "Groep 1 2025");
    cr_expect_eq(f.applied, 3);
    cr_expect_eq(f.selected, 2);
    cr_expect_eq(f.members, 3);
    cr_expect_eq(f.reached[INSIGHT_STARTED], 3);
    cr_expect_eq(f.reached[INSIGHT_DROPPED_OUT], 1, "the voided dropout of member 3 does not count");
    cr_expect_eq(f.continued, 2);
    cr_expect_eq(f.decided, 3);
    cr_expect_eq(f.pending, 0);
    cr_expect_eq(f.target_pct, 75);
    cr_assert_eq(f.nkm, 2);
    cr_expect_eq(f.km[0].day, 56);  /* 2025-01-06 to 2025-03-03 */
    cr_expect_eq(f.km[0].n_risk, 3);
    cr_expect(fabs(f.km[0].surv - 2.0 / 3) < 1e-12);
    cr_expect_eq(f.km[1].n_censor, 2);
    cr_assert_eq(f.nphase, 2);
    cr_expect_str_eq(f.dropout_by_phase[0].key, "Vooropleiding");
    cr_expect_eq(f.dropout_by_phase[0].n, 1);
    cr_assert_eq(f.nreason, 1);
    cr_expect_str_eq(f.dropout_by_reason[0].key, "finances");
    cr_expect_eq(f.costs_cents, 300000, "the cohort's own costs only");
    cr_expect_eq(f.cost_per_member, 100000);
    cr_expect_eq(f.eligible_6m, 3);
    cr_expect_eq(f.working_6m, 1);
    cr_expect_eq(f.cost_per_working_6m, 300000);
}

Test(insight_store, programme_figures_cover_every_cohort)
{
    insight_figures f;
    cr_assert_eq(insight_figures_load(c, 1, 0, "2025-12-31", &A, &f), 0);
    cr_expect_null(f.cohort_name);
    cr_expect_eq(f.applied, 5);
    cr_expect_eq(f.selected, 3);
    cr_expect_eq(f.members, 4, "member 5 belongs to another programme");
    cr_expect_eq(f.pending, 1);
    cr_expect_eq(f.costs_cents, 450000);
    cr_expect_eq(f.eligible_6m, 3, "the September cohort is not six months on");
}

Test(insight_store, unknown_or_mismatched_is_not_found)
{
    insight_figures f;
    cr_expect_eq(insight_figures_load(c, 99, 0, "2025-12-31", &A, &f), DB_ENOTFOUND);
    cr_expect_eq(insight_figures_load(c, 1, 3, "2025-12-31", &A, &f), DB_ENOTFOUND, "cohort of another programme");
    cr_expect_eq(insight_figures_load(c, 1, 0, "31-12-2025", &A, &f), DB_ERR);
    int64_t p = 0;
    cr_expect_eq(insight_cohort_programme(c, 2, &p), 0);
    cr_expect_eq(p, 1);
    cr_expect_eq(insight_cohort_programme(c, 42, &p), DB_ENOTFOUND);
}

Test(insight_store, lists_and_organisations)
{
    int64_t *orgs;
    int n;
    cr_assert_eq(insight_programme_orgs(c, 1, &A, &orgs, &n), 0);
    cr_assert_eq(n, 2);
    cr_expect_eq(orgs[0], 1, "the owner first");
    cr_expect_eq(orgs[1], 2);
    cr_expect_eq(insight_programme_orgs(c, 42, &A, &orgs, &n), DB_ENOTFOUND);
    insight_programme_row *r;
    cr_assert_eq(insight_programmes_list(c, &A, &r, &n), 0);
    cr_assert_eq(n, 2);
    cr_expect_str_eq(r[0].name, "Other");
    cr_expect_str_eq(r[1].name, "WelSlagen");
    cr_assert_eq(r[1].ncohorts, 2);
    cr_expect_eq(r[1].cohorts[0].members, 3);
}

/* A small share of all members: the events come through the index, not a scan. */
Test(insight_store, few_members_through_the_index)
{
    insight_figures f;
    cr_assert_eq(insight_figures_load(c, 2, 3, "2025-12-31", &A, &f), 0);
    cr_expect_eq(f.members, 1);
    cr_expect_eq(f.reached[INSIGHT_DROPPED_OUT], 1);
    cr_assert_eq(f.nreason, 1);
    cr_expect_str_eq(f.dropout_by_reason[0].key, "moved");
    cr_expect_eq(f.target_pct, -1);
    cr_expect_eq(f.costs_cents, 0, "programme 2's costs are not booked on the cohort");
}

/* A programme's events past 100,000 rows are read in two halves, the second
 * on another connection and thread; with no connection free the same halves
 * are read one after the other. Both give the same figures, with voided
 * events left out in either half. */
Test(insight_store, two_halves_on_two_connections_give_the_same_figures)
{
    cr_assert_eq(db_exec_script(c,
                                "WITH RECURSIVE n(i) AS (SELECT 100 UNION ALL SELECT i + 1 FROM n WHERE i < 35099)"
                                " INSERT INTO cohort_members (id, cohort_id, started_on, created_at)"
                                " SELECT i, 1 + i % 2, printf('2025-%02d-%02d', 1 + i % 9, 1 + i % 28), 0 FROM n;"
                                "INSERT INTO outcome_events (member_id, kind, on_date, created_at)"
                                " SELECT id, 'started', started_on, 0 FROM cohort_members WHERE id >= 100;"
                                "INSERT INTO outcome_events (member_id, kind, on_date, created_at)"
                                " SELECT id, 'pretrack_completed', date(started_on, '+140 days'), 0 FROM cohort_members"
                                " WHERE id >= 100 AND id % 5 <> 0;"
                                "INSERT INTO outcome_events (member_id, kind, on_date, created_at)"
                                " SELECT id, 'entered_bbl', date(started_on, '+141 days'), 0 FROM cohort_members"
                                " WHERE id >= 100 AND id % 5 <> 0;"
                                "INSERT INTO outcome_events (member_id, kind, on_date, phase_id, reason, created_at, voided_at)"
                                " SELECT id, 'dropped_out', date(started_on, '+' || (id % 120) || ' days'), 10, 'health', 0,"
                                " CASE WHEN id % 7 = 0 THEN 1 END FROM cohort_members WHERE id >= 100 AND id % 5 = 0;"
                                "INSERT INTO outcome_events (member_id, kind, on_date, created_at)"
                                " SELECT id, 'employed', date(started_on, '+200 days'), 0 FROM cohort_members"
                                " WHERE id >= 100 AND id % 3 = 0;"),
                 0, "%s", db_errmsg(c));
    int64_t max_id = 0;
    cr_assert_eq(db_query_int(c, "SELECT max(id) FROM outcome_events", DB_NOARGS, &max_id), 0);
    cr_assert_geq(max_id, 100000, "enough rows for two halves");
    insight_figures two, one;
    cr_assert_eq(insight_figures_load(c, 1, 0, "2026-06-30", &A, &two), 0);
    /* Take every other connection of the pool: the halves run one after the other. */
    db_conn *held[8];
    int nheld = 0;
    for (db_conn *o; nheld < 8 && (o = db_try_acquire_beside(c)) != NULL;) held[nheld++] = o;
    cr_assert_gt(nheld, 0);
    cr_assert_null(db_try_acquire_beside(c), "the pool is empty now");
    cr_assert_eq(insight_figures_load(c, 1, 0, "2026-06-30", &A, &one), 0);
    for (int i = 0; i < nheld; i++) db_release(held[i]);
    cr_expect_eq(two.members, 35000 + 4);
    cr_expect_eq(two.members, one.members);
    for (int k = 0; k < INSIGHT_EVENT_COUNT; k++) cr_expect_eq(two.reached[k], one.reached[k], "kind %d", k);
    cr_expect_eq(two.reached[INSIGHT_DROPPED_OUT], one.reached[INSIGHT_DROPPED_OUT]);
    cr_expect_eq(two.continued, one.continued);
    cr_expect_eq(two.decided, one.decided);
    cr_expect_eq(two.working_6m, one.working_6m);
    cr_assert_eq(two.nkm, one.nkm);
    cr_assert_gt(two.nkm, 10);
    for (int i = 0; i < two.nkm; i++) {
        cr_expect_eq(two.km[i].day, one.km[i].day);
        cr_expect_eq(two.km[i].n_event, one.km[i].n_event);
        cr_expect_eq(two.km[i].surv, one.km[i].surv);
        cr_expect_eq(two.km[i].lower, one.km[i].lower);
    }
    /* Voided dropouts (every seventh) do not count in either half. */
    int64_t dropped = 0;
    cr_assert_eq(db_query_int(c,
                              "SELECT count(DISTINCT e.member_id) FROM outcome_events e JOIN cohort_members m ON"
                              " m.id = e.member_id JOIN cohorts h ON h.id = m.cohort_id WHERE h.programme_id = 1"
                              " AND e.kind = 'dropped_out' AND e.voided_at IS NULL AND e.on_date <= '2026-06-30'",
                              DB_NOARGS, &dropped),
                 0);
    cr_expect_eq(two.reached[INSIGHT_DROPPED_OUT], dropped);
}
