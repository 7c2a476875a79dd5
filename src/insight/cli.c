/* instroom insight PROGRAMME-ID [--cohort ID] [--on DATE] [--db PATH]:
 * the figures of a programme or cohort as text, computed as the pages do
 * (insight_figures_load), with the time it took on stderr (bench/insight). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/time.h"
#include "cli_commands.h"
#include "db/cli.h"
#include "insight/insight.h"
#include "insight/model.h"

static int usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: instroom insight PROGRAMME-ID [--cohort ID] [--on YYYY-MM-DD] [--db PATH]\n"
            "  Prints the figures of the programme (or one of its cohorts) as of the day\n"
            "  (default today in Amsterdam): funnel, continuation, working at 6 and 12\n"
            "  months, costs, dropout and the Kaplan-Meier steps (day n_risk n_event\n"
            "  n_censor surv std_err lower upper, log-log band), and on stderr the time taken.\n");
    return status;
}

static bool parse_id(const char *s, int64_t *out)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || v <= 0) return false;
    *out = v;
    return true;
}

int cmd_insight(int argc, char **argv)
{
    static const struct option opts[] = {
        {"cohort", required_argument, NULL, 'c'},
        {"on", required_argument, NULL, 'o'},
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    const char *dbp = NULL, *on = NULL;
    int64_t programme = 0, cohort = 0;
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (ch) {
        case 'c':
            if (!parse_id(optarg, &cohort)) {
                fprintf(stderr, "instroom insight: --cohort: not an id: %s\n", optarg);
                return 2;
            }
            break;
        case 'o': on = optarg; break;
        case 'd': dbp = optarg; break;
        case 'h': return usage(0);
        default: return usage(2);
        }
    }
    if (optind != argc - 1 || !parse_id(argv[optind], &programme)) return usage(2);
    char today[11];
    if (on) {
        if (insight_day_parse(on) == INT32_MIN) {
            fprintf(stderr, "instroom insight: --on: not a date (YYYY-MM-DD): %s\n", on);
            return 2;
        }
        snprintf(today, sizeof today, "%s", on);
    } else {
        struct tm tm;
        time_ams_local(time_now(), &tm);
        insight_day_format((int32_t)time_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), today);
    }
    db *d;
    /* Two connections: a programme's events are read in two halves at once (insight/store.c). */
    if (db_cli_open(db_cli_path(dbp), 2, &d)) return 1;
    db_conn *c = db_acquire(d);
    arena a;
    arena_init(&a, 256u << 20);
    insight_figures f;
    int64_t t0 = time_mono_ms();
    int rc = db_begin(c, false);
    if (!rc) rc = insight_figures_load(c, programme, cohort, today, &a, &f);
    db_rollback(c);
    int64_t ms = time_mono_ms() - t0;
    int status = 0;
    if (rc == DB_ENOTFOUND) {
        fprintf(stderr, "instroom insight: no such programme%s\n", cohort ? " or cohort of it" : "");
        status = 1;
    } else if (rc) {
        fprintf(stderr, "instroom insight: %s\n", db_errmsg(c));
        status = 1;
    } else {
        printf("programme %lld %s\n", (long long)f.programme_id, f.programme_name);
        if (f.cohort_name) printf("cohort %lld %s\n", (long long)f.cohort_id, f.cohort_name);
        printf("as_of %s\nmembers %lld\napplied %lld\nselected %lld\n", today, (long long)f.members,
               (long long)f.applied, (long long)f.selected);
        for (int k = 0; k < INSIGHT_EVENT_COUNT; k++)
            printf("reached %s %lld\n", insight_event_kind_key((insight_event_kind)k), (long long)f.reached[k]);
        printf("continued %lld\ndecided %lld\npending %lld\n", (long long)f.continued, (long long)f.decided,
               (long long)f.pending);
        printf("working_6m %lld %lld\nworking_12m %lld %lld\n", (long long)f.working_6m, (long long)f.eligible_6m,
               (long long)f.working_12m, (long long)f.eligible_12m);
        printf("costs %lld\n", (long long)f.costs_cents);
        for (int i = 0; i < f.nphase; i++)
            printf("dropout_phase %s %lld\n", f.dropout_by_phase[i].key[0] ? f.dropout_by_phase[i].key : "-",
                   (long long)f.dropout_by_phase[i].n);
        for (int i = 0; i < f.nreason; i++)
            printf("dropout_reason %s %lld\n", f.dropout_by_reason[i].key, (long long)f.dropout_by_reason[i].n);
        for (int i = 0; i < f.nkm; i++)
            printf("km %.0f %d %d %d %.17g %.17g %.17g %.17g\n", f.km[i].day, f.km[i].n_risk, f.km[i].n_event,
                   f.km[i].n_censor, f.km[i].surv, f.km[i].std_err, f.km[i].lower, f.km[i].upper);
        fprintf(stderr, "insight: computed in %lld ms\n", (long long)ms);
    }
    arena_free(&a);
    db_release(c);
    db_close(d);
    return status;
}
