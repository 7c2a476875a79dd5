/* The insight engine: Kaplan-Meier against hand-computed values and against
 * R's survival::survfit (run now when Rscript is installed, else the fixture
 * it made: tests/data/insight/km_expected.csv), and the figures from arrays. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "insight/model.h"
#include "insight/survival.h"

#define DATA INSTROOM_SOURCE_ROOT "/tests/data/insight"

static arena A;
static void setup(void) { arena_init(&A, 64u << 20); }
static void teardown(void) { arena_free(&A); }

TestSuite(insight_km, .init = setup, .fini = teardown);
TestSuite(insight_model, .init = setup, .fini = teardown);

static bool close_to(double got, double want)
{
    if (isnan(want)) return isnan(got);
    if (isinf(want)) return isinf(got) && (got > 0) == (want > 0);
    return fabs(got - want) <= 1e-9 * fmax(1.0, fabs(want));
}

Test(insight_km, hand_computed_ties_and_censoring)
{
    /* 1+ 1 2 2 2+ 4 (+: censored). At 1: 6 at risk, 1 event, 1 censored: S = 5/6.
     * At 2: 4 at risk, 2 events, 1 censored: S = 5/6 * 2/4 = 5/12. At 4: 1 at risk, 1 event: S = 0. */
    double t[] = {2, 1, 4, 2, 1, 2};
    unsigned char e[] = {1, 0, 1, 0, 1, 1};
    insight_km_step *km;
    int n;
    cr_assert_eq(insight_km_fit(t, e, 6, INSIGHT_CI_LOGLOG, &A, &km, &n), 0);
    cr_assert_eq(n, 3);
    cr_expect_eq(km[0].n_risk, 6);
    cr_expect_eq(km[0].n_event, 1);
    cr_expect_eq(km[0].n_censor, 1);
    cr_expect(close_to(km[0].surv, 5.0 / 6));
    cr_expect(close_to(km[0].std_err, sqrt(1.0 / (6 * 5))));
    cr_expect_eq(km[1].n_risk, 4);
    cr_expect(close_to(km[1].surv, 5.0 / 12));
    cr_expect(close_to(km[1].std_err, sqrt(1.0 / 30 + 2.0 / (4 * 2))));
    /* log-log band at 2 by hand */
    double s = 5.0 / 12, se = sqrt(1.0 / 30 + 0.25);
    double lo = exp(-exp(log(-log(s)) - INSIGHT_Z95 * se / log(s)));
    double hi = exp(-exp(log(-log(s)) + INSIGHT_Z95 * se / log(s)));
    cr_expect(close_to(km[1].lower, lo));
    cr_expect(close_to(km[1].upper, hi));
    cr_expect(km[1].lower < s && s < km[1].upper);
    cr_expect_eq(km[2].surv, 0.0);
    cr_expect(isinf(km[2].std_err));
    cr_expect(isnan(km[2].lower) && isnan(km[2].upper));
    cr_expect(close_to(insight_km_at(km, n, 0.5), 1.0));
    cr_expect(close_to(insight_km_at(km, n, 3.0), 5.0 / 12));
    cr_expect(close_to(insight_km_at(km, n, 4.0), 0.0));
}

Test(insight_km, empty_and_invalid)
{
    insight_km_step *km = (void *)1;
    int n = 7;
    cr_expect_eq(insight_km_fit(NULL, NULL, 0, INSIGHT_CI_LOG, &A, &km, &n), 0);
    cr_expect_eq(n, 0);
    cr_expect_null(km);
    double bad[] = {1, -1};
    unsigned char e[] = {1, 1};
    cr_expect_eq(insight_km_fit(bad, e, 2, INSIGHT_CI_LOG, &A, &km, &n), -1);
    double unsorted[] = {3, 1};
    cr_expect_eq(insight_km_fit_sorted(unsorted, e, 2, INSIGHT_CI_LOG, &A, &km, &n), -1);
    double nan_t[] = {NAN};
    cr_expect_eq(insight_km_fit(nan_t, e, 1, INSIGHT_CI_LOG, &A, &km, &n), -1);
}

Test(insight_km, plain_and_log_bands)
{
    double lo, hi;
    insight_km_band(0.6, 0.3651483716701107, INSIGHT_CI_PLAIN, &lo, &hi);
    cr_expect(close_to(lo, fmax(0, 0.6 - INSIGHT_Z95 * 0.3651483716701107 * 0.6)));
    cr_expect(close_to(hi, fmin(1, 0.6 + INSIGHT_Z95 * 0.3651483716701107 * 0.6)));
    insight_km_band(0.6, 0.3651483716701107, INSIGHT_CI_LOG, &lo, &hi);
    cr_expect(close_to(lo, 0.6 * exp(-INSIGHT_Z95 * 0.3651483716701107)));
    cr_expect_eq(hi, 1.0);
    insight_km_band(1.0, 0.0, INSIGHT_CI_LOG, &lo, &hi);
    cr_expect(lo == 1.0 && hi == 1.0);
    insight_km_band(1.0, 0.0, INSIGHT_CI_LOGLOG, &lo, &hi);
    cr_expect(isnan(lo) && isnan(hi));
    cr_expect_str_eq(insight_ci_name(INSIGHT_CI_LOGLOG), "log-log");
}

/* ---- against R ---- */

typedef struct dataset {
    char name[256];
    double t[1024];
    unsigned char e[1024];
    int n;
} dataset;

static int load_data(dataset *ds, int max)
{
    FILE *f = fopen(DATA "/km_data.csv", "r");
    cr_assert_not_null(f, "cannot open %s", DATA "/km_data.csv");
    char line[256];
    int nds = 0;
    cr_assert_not_null(fgets(line, sizeof line, f));
    while (fgets(line, sizeof line, f)) {
        char *c1 = strchr(line, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
        cr_assert(c1 && c2, "bad line %s", line);
        *c1 = '\0';
        if (nds == 0 || strcmp(ds[nds - 1].name, line) != 0) {
            cr_assert_lt(nds, max);
            snprintf(ds[nds].name, sizeof ds[nds].name, "%s", line);
            ds[nds].n = 0;
            nds++;
        }
        dataset *d = &ds[nds - 1];
        cr_assert_lt(d->n, 1024);
        d->t[d->n] = strtod(c1 + 1, NULL);
        d->e[d->n] = (unsigned char)strtol(c2 + 1, NULL, 10);
        d->n++;
    }
    fclose(f);
    return nds;
}

static double field(const char *s)
{
    if (strncmp(s, "NA", 2) == 0) return NAN;
    if (strncmp(s, "Inf", 3) == 0) return INFINITY;
    return strtod(s, NULL);
}

/* Compares every data set and band type with the R output in path; returns the rows compared. */
static int compare_with(const char *path, dataset *ds, int nds)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot open %s", path);
    char line[512], cur[512] = "", cur_ct[512] = "";
    insight_km_step *km = NULL;
    int nkm = 0, row = 0, rows = 0;
    cr_assert_not_null(fgets(line, sizeof line, f));
    while (fgets(line, sizeof line, f)) {
        char *fld[10];
        int nf = 0;
        for (char *p = line; nf < 10; nf++) {
            fld[nf] = p;
            char *q = strchr(p, ',');
            if (!q) {
                nf++;
                break;
            }
            *q = '\0';
            p = q + 1;
        }
        cr_assert_eq(nf, 10, "bad row in %s", path);
        if (strcmp(cur, fld[0]) != 0 || strcmp(cur_ct, fld[1]) != 0) {
            cr_expect(nkm == row || km == NULL, "%s %s: %d steps here, %d in R", cur, cur_ct, nkm, row);
            snprintf(cur, sizeof cur, "%s", fld[0]);
            snprintf(cur_ct, sizeof cur_ct, "%s", fld[1]);
            insight_ci_type ci = strcmp(cur_ct, "log-log") == 0 ? INSIGHT_CI_LOGLOG
                                 : strcmp(cur_ct, "log") == 0   ? INSIGHT_CI_LOG
                                                                : INSIGHT_CI_PLAIN;
            int k = 0;
            while (k < nds && strcmp(ds[k].name, cur) != 0) k++;
            cr_assert_lt(k, nds, "data set %s not in km_data.csv", cur);
            cr_assert_eq(insight_km_fit(ds[k].t, ds[k].e, ds[k].n, ci, &A, &km, &nkm), 0);
            row = 0;
        }
        cr_assert_lt(row, nkm, "%s %s: R has more steps", cur, cur_ct);
        const insight_km_step *s = &km[row];
        cr_expect(close_to(s->day, field(fld[2])), "%s %s row %d time", cur, cur_ct, row);
        cr_expect_eq(s->n_risk, (int)strtol(fld[3], NULL, 10), "%s %s row %d n.risk", cur, cur_ct, row);
        cr_expect_eq(s->n_event, (int)strtol(fld[4], NULL, 10), "%s %s row %d n.event", cur, cur_ct, row);
        cr_expect_eq(s->n_censor, (int)strtol(fld[5], NULL, 10), "%s %s row %d n.censor", cur, cur_ct, row);
        cr_expect(close_to(s->surv, field(fld[6])), "%s %s row %d surv %.17g vs %s", cur, cur_ct, row, s->surv, fld[6]);
        cr_expect(close_to(s->std_err, field(fld[7])), "%s %s row %d std.err %.17g vs %s", cur, cur_ct, row,
                  s->std_err, fld[7]);
        cr_expect(close_to(s->lower, field(fld[8])), "%s %s row %d lower %.17g vs %s", cur, cur_ct, row, s->lower,
                  fld[8]);
        cr_expect(close_to(s->upper, field(fld[9])), "%s %s row %d upper %.17g vs %s", cur, cur_ct, row, s->upper,
                  fld[9]);
        row++;
        rows++;
    }
    cr_expect_eq(nkm, row, "%s %s: %d steps here, %d in R", cur, cur_ct, nkm, row);
    fclose(f);
    return rows;
}

static dataset DS[16];

Test(insight_km, equals_survfit_fixture)
{
    int nds = load_data(DS, 16);
    cr_assert_geq(nds, 8);
    int rows = compare_with(DATA "/km_expected.csv", DS, nds);
    cr_expect_gt(rows, 500);
}

Test(insight_km, equals_survfit_now_when_r_is_installed)
{
    if (system("Rscript -e 'suppressPackageStartupMessages(library(survival))' >/dev/null 2>&1") != 0) {
        cr_log_warn("Rscript with survival not installed: the fixture test stands for R");
        return;
    }
    char out[] = "/tmp/insight_km_XXXXXX";
    int fd = mkstemp(out);
    cr_assert_geq(fd, 0);
    close(fd);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "Rscript %s/km_reference.R %s/km_data.csv %s >/dev/null", DATA, DATA, out);
    cr_assert_eq(system(cmd), 0, "%s failed", cmd);
    int nds = load_data(DS, 16);
    int rows = compare_with(out, DS, nds);
    cr_expect_gt(rows, 500);
    unlink(out);
}

/* ---- the figures ---- */

static int32_t day(const char *s)
{
    int32_t d = insight_day_parse(s);
    cr_assert_neq(d, INT32_MIN, "bad date %s", s);
    return d;
}

Test(insight_model, days_and_months)
{
    cr_expect_eq(insight_day_parse("1970-01-01"), 0);
    cr_expect_eq(insight_day_parse("2025-02-30"), INT32_MIN);
    cr_expect_eq(insight_day_parse("2025-1-01"), INT32_MIN);
    cr_expect_eq(insight_day_add_months(day("2025-01-31"), 1), day("2025-02-28"));
    cr_expect_eq(insight_day_add_months(day("2024-01-31"), 1), day("2024-02-29"));
    cr_expect_eq(insight_day_add_months(day("2025-09-01"), 6), day("2026-03-01"));
    cr_expect_eq(insight_day_add_months(day("2025-08-15"), 12), day("2026-08-15"));
    char txt[11];
    insight_day_format(day("2026-03-09"), txt);
    cr_expect_str_eq(txt, "2026-03-09");
    cr_expect_eq(insight_event_kind_parse("entered_bbl"), INSIGHT_ENTERED_BBL);
    cr_expect_eq(insight_event_kind_parse("nope"), -1);
    cr_expect_eq(insight_reason_parse("finances"), INSIGHT_REASON_FINANCES);
    cr_expect_eq(insight_reason_parse(NULL), -1);
    cr_expect_str_eq(insight_event_kind_key(INSIGHT_LEFT_SECTOR), "left_sector");
}

/* Five members of a cohort started 2025-01-01, one started later:
 * 0: started, pre-track done, BBL, employed 2025-05-01: working at 6 and 12 months.
 * 1: started, dropped out 2025-03-01 in phase 0 for finances.
 * 2: started, BBL, employed 2025-06-01, left the sector 2025-10-01: working at 6 months only.
 * 3: started, nothing decided yet (pending).
 * 4: started, dropped out 2025-02-01 without phase or reason, and again later (the first counts).
 * 5: starts 2026-01-01 (after today's six months; in retention, censored at 0 days... today is 2025-12-31: not started). */
Test(insight_model, figures_by_hand)
{
    insight_member m[6];
    for (int i = 0; i < 5; i++) m[i].start = day("2025-01-01");
    m[5].start = day("2026-01-01");
    insight_event ev[] = {
        {0, day("2025-01-01"), INSIGHT_STARTED, -1, -1},
        {0, day("2025-03-01"), INSIGHT_PRETRACK_COMPLETED, -1, -1},
        {0, day("2025-03-02"), INSIGHT_ENTERED_BBL, -1, -1},
        {0, day("2025-05-01"), INSIGHT_EMPLOYED, -1, -1},
        {1, day("2025-01-01"), INSIGHT_STARTED, -1, -1},
        {1, day("2025-03-01"), INSIGHT_DROPPED_OUT, 0, INSIGHT_REASON_FINANCES},
        {2, day("2025-01-01"), INSIGHT_STARTED, -1, -1},
        {2, day("2025-04-01"), INSIGHT_ENTERED_BBL, -1, -1},
        {2, day("2025-06-01"), INSIGHT_EMPLOYED, -1, -1},
        {2, day("2025-10-01"), INSIGHT_LEFT_SECTOR, -1, -1},
        {3, day("2025-01-01"), INSIGHT_STARTED, -1, -1},
        {4, day("2025-06-01"), INSIGHT_DROPPED_OUT, 1, INSIGHT_REASON_HEALTH},
        {4, day("2025-01-01"), INSIGHT_STARTED, -1, -1},
        {4, day("2025-02-01"), INSIGHT_DROPPED_OUT, -1, -1},
    };
    const char *phases[] = {"Vooropleiding", "BBL"};
    insight_input in = {
        .members = m, .nmembers = 6, .events = ev, .nevents = (int)(sizeof ev / sizeof ev[0]),
        .phases = phases, .nphases = 2, .today = day("2025-12-31"), .applied = 40, .selected = 6,
        .costs_cents = 1200000, .target_pct = 75,
    };
    insight_figures f = {0};
    cr_assert_eq(insight_compute(&in, INSIGHT_CI_LOGLOG, &A, &f), 0);
    cr_expect_eq(f.members, 6);
    cr_expect_eq(f.applied, 40);
    cr_expect_eq(f.reached[INSIGHT_STARTED], 5);
    cr_expect_eq(f.reached[INSIGHT_PRETRACK_COMPLETED], 1);
    cr_expect_eq(f.reached[INSIGHT_ENTERED_BBL], 2);
    cr_expect_eq(f.reached[INSIGHT_EMPLOYED], 2);
    cr_expect_eq(f.reached[INSIGHT_DROPPED_OUT], 2);
    cr_expect_eq(f.reached[INSIGHT_LEFT_SECTOR], 1);
    cr_expect_eq(f.continued, 2);
    cr_expect_eq(f.decided, 4);
    cr_expect_eq(f.pending, 1);
    cr_expect_eq(f.target_pct, 75);
    /* retention: stops at 31 (member 4), 59 (member 1), 273 (member 2); 0 and 3 censored at 364; 5 not started */
    cr_assert_eq(f.nkm, 4);
    cr_expect_eq(f.km[0].day, 31);
    cr_expect_eq(f.km[0].n_risk, 5);
    cr_expect(close_to(f.km[0].surv, 0.8));
    cr_expect_eq(f.km[1].day, 59);
    cr_expect(close_to(f.km[1].surv, 0.6));
    cr_expect_eq(f.km[2].day, day("2025-10-01") - day("2025-01-01"));
    cr_expect(close_to(f.km[2].surv, 0.4));
    cr_expect_eq(f.km[3].day, 364);
    cr_expect_eq(f.km[3].n_censor, 2);
    /* working: eligible at 6 months are members 0-4 (start + 6 months = 2025-07-01 <= today) */
    cr_expect_eq(f.eligible_6m, 5);
    cr_expect_eq(f.working_6m, 2);
    cr_expect_eq(f.eligible_12m, 0);
    cr_expect_eq(f.working_12m, 0);
    /* dropout: member 1 in Vooropleiding for finances, member 4 (first dropout) without phase, unknown */
    cr_assert_eq(f.nphase, 3);
    cr_expect_str_eq(f.dropout_by_phase[0].key, "Vooropleiding");
    cr_expect_eq(f.dropout_by_phase[0].n, 1);
    cr_expect_eq(f.dropout_by_phase[1].n, 0);
    cr_expect_str_eq(f.dropout_by_phase[2].key, "");
    cr_expect_eq(f.dropout_by_phase[2].n, 1);
    cr_assert_eq(f.nreason, 2);
    cr_expect_str_eq(f.dropout_by_reason[0].key, "finances");
    cr_expect_str_eq(f.dropout_by_reason[1].key, "unknown");
    cr_expect_eq(f.costs_cents, 1200000);
    cr_expect_eq(f.cost_per_member, 200000);
    cr_expect_eq(f.cost_per_working_6m, 600000);
    cr_expect_eq(f.cost_per_working_12m, -1);
}

Test(insight_model, empty_and_invalid)
{
    insight_input in = {.today = day("2025-12-31"), .target_pct = -1};
    insight_figures f = {0};
    cr_assert_eq(insight_compute(&in, INSIGHT_CI_LOGLOG, &A, &f), 0);
    cr_expect_eq(f.members, 0);
    cr_expect_eq(f.nkm, 0);
    cr_expect_eq(f.cost_per_member, -1);
    cr_expect_eq(f.nreason, 0);
    insight_member m = {day("2025-01-01")};
    insight_event bad = {3, day("2025-02-01"), INSIGHT_STARTED, -1, -1};
    in.members = &m;
    in.nmembers = 1;
    in.events = &bad;
    in.nevents = 1;
    cr_expect_eq(insight_compute(&in, INSIGHT_CI_LOGLOG, &A, &f), -1);
    insight_event later = {0, day("2026-02-01"), INSIGHT_DROPPED_OUT, -1, -1};
    in.events = &later;
    cr_assert_eq(insight_compute(&in, INSIGHT_CI_LOGLOG, &A, &f), 0);
    cr_expect_eq(f.reached[INSIGHT_DROPPED_OUT], 0, "an event after today has not happened yet");
    cr_expect_eq(f.km[0].n_event, 0);
    insight_event badkind = {0, day("2025-02-01"), 9, -1, -1};
    in.events = &badkind;
    cr_expect_eq(insight_compute(&in, INSIGHT_CI_LOGLOG, &A, &f), -1);
}

/* The figures' curve equals the one fitted on the members' own times. */
Test(insight_model, retention_equals_direct_fit)
{
    enum { N = 300 };
    static insight_member m[N];
    static insight_event ev[2 * N];
    static double t[N];
    static unsigned char e[N];
    int ne = 0;
    int32_t today = day("2026-03-01");
    unsigned x = 12345;
    for (int i = 0; i < N; i++) {
        x = x * 1103515245u + 12345u;
        m[i].start = day("2024-09-01") + (int32_t)(x >> 8) % 400;
        ev[ne++] = (insight_event){i, m[i].start, INSIGHT_STARTED, -1, -1};
        x = x * 1103515245u + 12345u;
        int32_t stop = m[i].start + (int32_t)(x >> 8) % 500;
        if ((x >> 4) % 3 == 0 && stop <= today) {
            ev[ne++] = (insight_event){i, stop, (x >> 6) % 2 ? INSIGHT_DROPPED_OUT : INSIGHT_LEFT_SECTOR, -1, -1};
            t[i] = stop - m[i].start;
            e[i] = 1;
        } else {
            t[i] = today - m[i].start;
            e[i] = 0;
        }
    }
    insight_input in = {.members = m, .nmembers = N, .events = ev, .nevents = ne, .today = today, .target_pct = -1};
    insight_figures f = {0};
    cr_assert_eq(insight_compute(&in, INSIGHT_CI_LOGLOG, &A, &f), 0);
    insight_km_step *km;
    int nkm;
    cr_assert_eq(insight_km_fit(t, e, N, INSIGHT_CI_LOGLOG, &A, &km, &nkm), 0);
    cr_assert_eq(f.nkm, nkm);
    for (int i = 0; i < nkm; i++) {
        cr_expect_eq(f.km[i].day, km[i].day);
        cr_expect_eq(f.km[i].n_risk, km[i].n_risk);
        cr_expect(close_to(f.km[i].surv, km[i].surv));
        cr_expect(close_to(f.km[i].lower, km[i].lower));
    }
}
