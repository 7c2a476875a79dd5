/* instroom deploy plan --from DATE --to DATE [--org NAME] [--seconds S]
 * [--seed N] [--save] [--db PATH]: computes the proposal for a period
 * (every organisation's shifts, or one's), prints the progress on stderr
 * and on stdout the coverage, the unfilled places with the reason, and the
 * hours per person; with --save it is stored as a draft plan for the
 * planner. The last line of stdout is `coverage FILLED NEEDED SECONDS`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/time.h"
#include "cli_commands.h"
#include "db/cli.h"
#include "deploy/deploy.h"
#include "deploy/model.h"
#include "deploy/planner.h"

static int usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: instroom deploy plan --from YYYY-MM-DD --to YYYY-MM-DD [--org NAME] [--seconds S]\n"
            "                            [--seed N] [--save] [--db PATH]\n"
            "  Computes the roster proposal of the period for one organisation's shifts or\n"
            "  (without --org) the region's, and prints its coverage, the unfilled places and\n"
            "  why, and each person's hours. --save stores it as a draft plan.\n");
    return status;
}

static int plan(int argc, char **argv)
{
    static const struct option opts[] = {
        {"from", required_argument, NULL, 'f'}, {"to", required_argument, NULL, 't'},
        {"org", required_argument, NULL, 'o'},  {"seconds", required_argument, NULL, 's'},
        {"seed", required_argument, NULL, 'r'}, {"save", no_argument, NULL, 'w'},
        {"db", required_argument, NULL, 'd'},   {"help", no_argument, NULL, 'h'},
        {0},
    };
    const char *dbp = NULL, *from = NULL, *to = NULL, *org = NULL;
    double seconds = DEPLOY_PLAN_SECONDS;
    unsigned long long seed = 1;
    bool save = false;
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        char *end = NULL;
        if (ch == 'f') from = optarg;
        else if (ch == 't') to = optarg;
        else if (ch == 'o') org = optarg;
        else if (ch == 's') {
            seconds = strtod(optarg, &end);
            if (!end || *end || !(seconds > 0 && seconds <= 600)) {
                fprintf(stderr, "instroom deploy plan: --seconds must be a number from 0 to 600\n");
                return 2;
            }
        } else if (ch == 'r') {
            seed = strtoull(optarg, &end, 10);
            if (!end || *end || !*optarg) {
                fprintf(stderr, "instroom deploy plan: --seed must be a whole number\n");
                return 2;
            }
        } else if (ch == 'w') save = true;
        else if (ch == 'd') dbp = optarg;
        else return usage(ch == 'h' ? 0 : 2);
    }
    int64_t f, t;
    if (optind != argc || !from || !to) return usage(2);
    if (deploy_parse_day(from, &f) || deploy_parse_day(to, &t)) {
        fprintf(stderr, "instroom deploy plan: --from and --to must be dates as YYYY-MM-DD\n");
        return 2;
    }
    if (t < f || t - f + 1 > DEPLOY_PLAN_MAX_DAYS) {
        fprintf(stderr, "instroom deploy plan: the period must cover 1 to %d days\n", DEPLOY_PLAN_MAX_DAYS);
        return 2;
    }
    db *d;
    if (db_cli_open(db_cli_path(dbp), 1, &d) < 0) return 1;
    db_conn *c = db_acquire(d);
    arena a;
    arena_init(&a, 512u << 20);
    int status = 0;
    int64_t org_id = 0;
    if (org) {
        int rc = db_query_int(c, "SELECT id FROM orgs WHERE name = ? AND kind = 'care'", DB_ARGS(db_text(org)), &org_id);
        if (rc) {
            fprintf(stderr, "instroom deploy plan: %s\n",
                    rc == DB_ENOTFOUND ? "no care organisation of that name" : db_errmsg(c));
            status = rc == DB_ENOTFOUND ? 2 : 1;
        }
    }
    int64_t plan_id = 0;
    deploy_plan_result res = {0};
    char err[256] = "";
    int64_t t0 = time_mono_ms();
    int rc = status ? 0
                    : deploy_plan_run(c, &a, org_id, f, t, 0, time_now(), seconds, seed, !save, stderr, &plan_id, &res,
                                      err, sizeof err);
    double wall = (double)(time_mono_ms() - t0) / 1000.0;
    if (!status && rc == DB_ENOTFOUND) {
        fprintf(stderr, "instroom deploy plan: there are no shifts in this period\n");
        status = 2;
    } else if (!status && rc == API_EINVALID) {
        fprintf(stderr, "instroom deploy plan: %s\n", err);
        status = 2;
    } else if (!status && rc) {
        fprintf(stderr, "instroom deploy plan: %s\n", db_errmsg(c));
        status = 1;
    }
    if (!status && plan_id) {
        deploy_plan_view v;
        rc = db_begin(c, false);
        if (!rc) rc = deploy_plan_view_load(c, &a, plan_id, &v);
        db_rollback(c);
        if (rc) {
            fprintf(stderr, "instroom deploy plan: %s\n", db_errmsg(c));
            status = 1;
        } else {
            printf("plan %lld stored as a draft: %d shifts\n", (long long)plan_id, v.nshifts);
            for (int i = 0; i < v.nunfilled; i++) {
                char when[32];
                time_format_ams(when, sizeof when, v.unfilled[i].shift.starts_at, "%Y-%m-%d %H:%M");
                printf("  open %d  %s  %-16s %-18s %s\n", v.unfilled[i].open, when, v.unfilled[i].shift.org_name,
                       v.unfilled[i].shift.location, msg_in("en", deploy_rule_msg(v.unfilled[i].reason)));
            }
            for (int i = 0; i < v.npeople; i++)
                printf("  %-28s %3d shifts %6.1f h\n", v.people[i].name, v.people[i].shifts,
                       v.people[i].minutes / 60.0);
        }
    }
    if (!status)
        printf("coverage %d %d %.2f\n", res.filled, res.needed, wall);
    deploy_plan_result_free(&res);
    arena_free(&a);
    db_release(c);
    db_close(d);
    return status;
}

int cmd_deploy(int argc, char **argv)
{
    if (argc < 2) return usage(2);
    if (strcmp(argv[1], "plan") == 0) return plan(argc - 1, argv + 1);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) return usage(0);
    fprintf(stderr, "instroom deploy: unknown command '%s'\n", argv[1]);
    return usage(2);
}
