/* roster cli: `instroom roster solve|check`. The only place with I/O and the
 * SIGINT handler; the engine polls the flag the handler sets. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "cli_commands.h"
#include "roster/check.h"
#include "roster/model.h"
#include "roster/solution.h"
#include "roster/solve.h"

#define FILE_MAX (256u * 1024 * 1024)

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

static void usage_main(FILE *out)
{
    fprintf(out,
            "usage: instroom roster COMMAND [OPTIONS]\n\n"
            "commands:\n"
            "  solve INSTANCE   find a roster for an instance (Curtois & Qu text format)\n"
            "  check INSTANCE SOLUTION   validate a roster and print its objective\n\n"
            "'instroom roster COMMAND --help' describes a command.\n");
}

static void usage_solve(FILE *out)
{
    fprintf(out,
            "usage: instroom roster solve INSTANCE [OPTIONS]\n\n"
            "Finds a roster that meets every hard rule with a low objective. Prints the roster\n"
            "as CSV (employee,day,shift) unless --out is given, then a summary whose last\n"
            "line is 'objective N'. Ctrl-C stops early and keeps the best roster so far.\n\n"
            "options:\n"
            "  --time S            time limit in seconds (default 10; 0 = none)\n"
            "  --iterations N      move limit; with the same seed the result is repeatable\n"
            "  --seed N            random seed (default 1)\n"
            "  --out FILE          write the roster CSV to FILE\n"
            "  --initial FILE      start from this roster CSV\n"
            "  --repair FILE       repair mode: stay close to this published roster CSV\n"
            "  --change-weight W   penalty per changed assignment in repair mode (default %d)\n"
            "  --colgen F          share of the run for column generation at the start\n"
            "                      (0..0.9, default 0.5; 0 = none)\n"
            "  --quiet             no progress line on standard error\n\n"
            "exit status: 0 feasible roster, 1 none found, 2 bad usage or input\n",
            ROSTER_CHANGE_WEIGHT);
}

static void usage_check(FILE *out)
{
    fprintf(out,
            "usage: instroom roster check INSTANCE SOLUTION [--published FILE]\n\n"
            "Recomputes the objective of a roster CSV and lists every hard rule it breaks.\n"
            "--published FILE also counts the assignments that differ from FILE.\n\n"
            "exit status: 0 feasible, 1 infeasible, 2 bad usage or input\n");
}

/* Reads a whole file into b; returns 0 or prints a message and returns -1. */
static int read_file(const char *path, buf *b)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "instroom roster: %s: %s\n", path, strerror(errno));
        return -1;
    }
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (buf_append(b, chunk, n)) {
            fprintf(stderr, "instroom roster: %s: file too large\n", path);
            fclose(f);
            return -1;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        fprintf(stderr, "instroom roster: %s: read error\n", path);
        return -1;
    }
    return 0;
}

static roster_instance *load_instance(const char *path)
{
    buf b;
    buf_init(&b, FILE_MAX);
    if (read_file(path, &b)) {
        buf_free(&b);
        return NULL;
    }
    roster_instance *ins = NULL;
    char err[512];
    if (roster_curtois_read(b.data ? b.data : "", b.len, path, &ins, err, sizeof(err))) {
        fprintf(stderr, "instroom roster: %s\n", err);
        ins = NULL;
    }
    buf_free(&b);
    return ins;
}

static roster_solution *load_solution(const roster_instance *ins, const char *path)
{
    buf b;
    buf_init(&b, FILE_MAX);
    if (read_file(path, &b)) {
        buf_free(&b);
        return NULL;
    }
    roster_solution *sol = NULL;
    char err[512];
    if (roster_solution_read_csv(ins, b.data ? b.data : "", b.len, path, &sol, err,
                                 sizeof(err))) {
        fprintf(stderr, "instroom roster: %s\n", err);
        sol = NULL;
    }
    buf_free(&b);
    return sol;
}

static int parse_u64(const char *s, const char *what, uint64_t *out)
{
    errno = 0;
    char *end = NULL;
    if (!s || !*s || *s == '-') goto bad;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end) goto bad;
    *out = v;
    return 0;
bad:
    fprintf(stderr, "instroom roster: %s '%s' is not a non-negative whole number\n", what,
            s ? s : "");
    return -1;
}

static int parse_seconds(const char *s, double *out)
{
    errno = 0;
    char *end = NULL;
    double v = s && *s ? strtod(s, &end) : -1;
    if (!s || !*s || errno || *end || !(v >= 0) || v > 1e7 || isnan(v)) {
        fprintf(stderr, "instroom roster: --time '%s' is not a number of seconds\n", s ? s : "");
        return -1;
    }
    *out = v;
    return 0;
}

typedef struct progress_ctx {
    int tty;
    double last;
} progress_ctx;

static void on_progress(const roster_progress *pr, void *ctx)
{
    progress_ctx *pc = ctx;
    char best[32];
    if (pr->best >= 0)
        snprintf(best, sizeof(best), "%lld", (long long)pr->best);
    else
        snprintf(best, sizeof(best), "none");
    if (pc->tty) {
        fprintf(stderr, "\r%7.1fs %12llu moves  best %s (at %.1fs)  current %lld%s   ",
                pr->elapsed, (unsigned long long)pr->iterations, best, pr->time_to_best,
                (long long)pr->current, pr->hard ? " infeasible" : "");
    } else {
        fprintf(stderr, "%.1fs %llu moves best %s (at %.1fs) current %lld%s\n", pr->elapsed,
                (unsigned long long)pr->iterations, best, pr->time_to_best,
                (long long)pr->current, pr->hard ? " infeasible" : "");
    }
    fflush(stderr);
}

static int cmd_solve(int argc, char **argv)
{
    const char *inst_path = NULL, *out_path = NULL, *repair_path = NULL, *initial_path = NULL;
    roster_solve_options o;
    roster_solve_options_init(&o);
    int quiet = 0;
    uint64_t u;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_next = i + 1 < argc;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage_solve(stdout);
            return 0;
        } else if (!strcmp(a, "--quiet")) {
            quiet = 1;
        } else if (!strcmp(a, "--time") && has_next) {
            if (parse_seconds(argv[++i], &o.time_limit)) return 2;
        } else if (!strcmp(a, "--iterations") && has_next) {
            if (parse_u64(argv[++i], "--iterations", &o.iterations)) return 2;
        } else if (!strcmp(a, "--seed") && has_next) {
            if (parse_u64(argv[++i], "--seed", &o.seed)) return 2;
        } else if (!strcmp(a, "--change-weight") && has_next) {
            if (parse_u64(argv[++i], "--change-weight", &u)) return 2;
            if (u < 1 || u > ROSTER_MAX_WEIGHT) {
                fprintf(stderr, "instroom roster: --change-weight must be 1..%d\n",
                        ROSTER_MAX_WEIGHT);
                return 2;
            }
            o.change_weight = (int)u;
        } else if (!strcmp(a, "--colgen") && has_next) {
            const char *v = argv[++i];
            char *end = NULL;
            double f = strtod(v, &end);
            if (!end || end == v || *end || !(f >= 0 && f <= 0.9)) {
                fprintf(stderr, "instroom roster: --colgen '%s' is not a share from 0 to 0.9\n", v);
                return 2;
            }
            o.colgen_share = f;
        } else if (!strcmp(a, "--out") && has_next) {
            out_path = argv[++i];
        } else if (!strcmp(a, "--repair") && has_next) {
            repair_path = argv[++i];
        } else if (!strcmp(a, "--initial") && has_next) {
            initial_path = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "instroom roster solve: unknown option or missing value '%s'\n", a);
            usage_solve(stderr);
            return 2;
        } else if (!inst_path) {
            inst_path = a;
        } else {
            fprintf(stderr, "instroom roster solve: unexpected argument '%s'\n", a);
            return 2;
        }
    }
    if (!inst_path) {
        usage_solve(stderr);
        return 2;
    }
    if (o.time_limit <= 0 && o.iterations == 0) {
        fprintf(stderr, "instroom roster solve: --time 0 needs --iterations\n");
        return 2;
    }
    /* An iteration limit alone gives a repeatable run; --time then caps it
     * only when given explicitly. */
    int time_given = 0;
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--time")) time_given = 1;
    if (o.iterations && !time_given) o.time_limit = 0;
    roster_instance *ins = load_instance(inst_path);
    if (!ins) return 2;
    roster_solution *pub = NULL, *init = NULL;
    if (repair_path && !(pub = load_solution(ins, repair_path))) {
        roster_instance_free(ins);
        return 2;
    }
    if (initial_path && !(init = load_solution(ins, initial_path))) {
        roster_solution_free(pub);
        roster_instance_free(ins);
        return 2;
    }
    o.published = pub;
    o.initial = init;
    o.stop = &interrupted;
    progress_ctx pc = {isatty(STDERR_FILENO), 0};
    if (!quiet) {
        o.progress = on_progress;
        o.progress_ctx = &pc;
        o.progress_interval = pc.tty ? 0.5 : 5.0;
    }
    struct sigaction sa, old;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old);
    roster_solve_result res;
    char err[512];
    int rc = roster_solve(ins, &o, &res, err, sizeof(err));
    sigaction(SIGINT, &old, NULL);
    if (!quiet && pc.tty) fputc('\n', stderr);
    int status = 0;
    if (rc) {
        fprintf(stderr, "instroom roster solve: %s\n", err);
        status = rc == ROSTER_ENOMEM ? 1 : 2;
        goto out;
    }
    buf csv;
    buf_init(&csv, 0);
    if (roster_solution_write_csv(ins, res.solution, &csv)) {
        fprintf(stderr, "instroom roster solve: out of memory\n");
        buf_free(&csv);
        status = 1;
        goto done;
    }
    if (out_path) {
        FILE *f = fopen(out_path, "wb");
        if (!f || fwrite(csv.data, 1, csv.len, f) != csv.len || fclose(f) != 0) {
            fprintf(stderr, "instroom roster solve: cannot write %s: %s\n", out_path,
                    strerror(errno));
            buf_free(&csv);
            status = 1;
            goto done;
        }
    } else {
        fwrite(csv.data, 1, csv.len, stdout);
    }
    buf_free(&csv);
    printf("instance %s\n", inst_path);
    printf("iterations %llu\n", (unsigned long long)res.iterations);
    printf("seconds %.2f\n", res.elapsed);
    printf("time_to_best %.2f\n", res.time_to_best);
    if (res.lp_value >= 0) printf("lp_value %.2f\nlp_bound %.2f\n", res.lp_value, res.lp_bound);
    if (res.colgen_seconds > 0)
        printf("colgen %lld at %.2f (%d neighbourhoods, %d better; %d pool runs, %d better)\n",
               (long long)res.colgen_objective, res.colgen_seconds, res.colgen_tried,
               res.colgen_improved, res.colgen_pool_runs, res.colgen_pool_improved);
    if (res.colgen_windows > 0)
        printf("windows %d, %d better (last %d days, %d employees)\n", res.colgen_windows,
               res.colgen_windows_improved, res.colgen_window_days, res.colgen_window_free);
    if (res.bnp_nodes > 0)
        printf("branch_and_price %ld nodes in %d trees, %d better, %s (%ld inexact)\n", res.bnp_nodes,
               res.bnp_trees, res.bnp_improved, res.bnp_done ? "tree exhausted" : "stopped", res.bnp_inexact);
    if (pub) printf("changes %d\n", res.changes);
    printf("feasible %s\n", res.feasible ? "yes" : "no");
    if (res.optimal) printf("optimal yes\n");
    if (interrupted) printf("interrupted yes\n");
    printf("objective %lld\n", (long long)res.objective);
    status = res.feasible ? 0 : 1;
done:
    roster_solve_result_free(&res);
out:
    roster_solution_free(pub);
    roster_solution_free(init);
    roster_instance_free(ins);
    return status;
}

static int cmd_check(int argc, char **argv)
{
    const char *paths[2] = {NULL, NULL}, *pub_path = NULL;
    int np = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage_check(stdout);
            return 0;
        } else if (!strcmp(argv[i], "--published") && i + 1 < argc) {
            pub_path = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "instroom roster check: unknown option or missing value '%s'\n",
                    argv[i]);
            usage_check(stderr);
            return 2;
        } else if (np < 2) {
            paths[np++] = argv[i];
        } else {
            fprintf(stderr, "instroom roster check: unexpected argument '%s'\n", argv[i]);
            return 2;
        }
    }
    if (np != 2) {
        usage_check(stderr);
        return 2;
    }
    roster_instance *ins = load_instance(paths[0]);
    if (!ins) return 2;
    roster_solution *sol = load_solution(ins, paths[1]);
    roster_solution *pub = NULL;
    if (!sol || (pub_path && !(pub = load_solution(ins, pub_path)))) {
        roster_solution_free(sol);
        roster_instance_free(ins);
        return 2;
    }
    roster_report rep;
    int status;
    if (roster_check(ins, sol, &rep)) {
        fprintf(stderr, "instroom roster check: out of memory\n");
        status = 1;
    } else {
        for (int k = 0; k < ROSTER_SOFT_COUNT; k++)
            if (rep.soft[k]) printf("%s %lld\n", roster_soft_name((roster_soft)k),
                                    (long long)rep.soft[k]);
        for (int i = 0; i < rep.nstored; i++) {
            char line[256];
            roster_violation_describe(ins, &rep.violations[i], line, sizeof(line));
            printf("violation %s: %s\n", roster_rule_name(rep.violations[i].rule), line);
        }
        if (rep.nstored < rep.nviolations)
            printf("(%d more violations not listed)\n", rep.nviolations - rep.nstored);
        if (pub) printf("changes %d\n", roster_solution_diff(sol, pub));
        printf("violations %d\n", rep.nviolations);
        printf("feasible %s\n", rep.nviolations ? "no" : "yes");
        printf("objective %lld\n", (long long)rep.objective);
        status = rep.nviolations ? 1 : 0;
    }
    roster_report_free(&rep);
    roster_solution_free(pub);
    roster_solution_free(sol);
    roster_instance_free(ins);
    return status;
}

int roster_cli_main(int argc, char **argv)
{
    if (argc < 2) {
        usage_main(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage_main(stdout);
        return 0;
    }
    if (!strcmp(cmd, "solve")) return cmd_solve(argc - 1, argv + 1);
    if (!strcmp(cmd, "check")) return cmd_check(argc - 1, argv + 1);
    fprintf(stderr, "instroom roster: unknown command '%s'\n", cmd);
    usage_main(stderr);
    return 2;
}
