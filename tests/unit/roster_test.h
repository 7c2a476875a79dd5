/* Helpers shared by the roster unit tests: loading instances and rosters,
 * and checking that the validator and the solver's evaluator agree. */
#ifndef INSTROOM_TESTS_ROSTER_TEST_H
#define INSTROOM_TESTS_ROSTER_TEST_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "roster/check.h"
#include "roster/internal.h"
#include "roster/model.h"
#include "roster/solution.h"

/* Reads a whole file into a malloc'd string; NULL when it cannot. */
static inline char *rt_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    buf b;
    buf_init(&b, 0);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) buf_append(&b, chunk, n);
    fclose(f);
    buf_putc(&b, '\0');
    return buf_detach(&b, len) ;
}

/* Finds a file under tests/data/roster (or, for curtois = 1, the shared
 * benchmark folder) from the build or source directory; NULL if absent. */
static inline char *rt_find(const char *name, int curtois, size_t *len)
{
    char here[1024];
    snprintf(here, sizeof(here), "%s", __FILE__);
    char *slash = strrchr(here, '/');
    if (slash) *slash = '\0'; else snprintf(here, sizeof(here), ".");
    const char *env = getenv("ROSTER_CURTOIS_DIR");
    char path[2048];
    char d0[1100], b0[1100];
    snprintf(d0, sizeof(d0), "%s/../data/roster", here);
    snprintf(b0, sizeof(b0), "%s/../../../shared/benchmarks/curtois", here);
    const char *const data_dirs[] = {d0, "tests/data/roster", "../tests/data/roster"};
    const char *const bench_dirs[] = {b0, "../shared/benchmarks/curtois",
                                      "/work/shared/benchmarks/curtois"};
    if (curtois && env) {
        snprintf(path, sizeof(path), "%s/%s", env, name);
        char *t = rt_slurp(path, len);
        if (t) {
            if (*len) (*len)--;
            return t;
        }
    }
    const char *const *dirs = curtois ? bench_dirs : data_dirs;
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "%s/%s", dirs[i], name);
        char *t = rt_slurp(path, len);
        if (t) {
            if (*len) (*len)--; /* the NUL added by rt_slurp */
            return t;
        }
    }
    return NULL;
}

static inline roster_instance *rt_load_text(const char *text)
{
    roster_instance *ins = NULL;
    char err[256];
    int rc = roster_curtois_read(text, strlen(text), "test", &ins, err, sizeof(err));
    cr_assert_eq(rc, 0, "instance does not load: %s", err);
    return ins;
}

static inline roster_instance *rt_load_file(const char *name)
{
    size_t len = 0;
    char *text = rt_find(name, 0, &len);
    cr_assert_not_null(text, "tests/data/roster/%s not found", name);
    roster_instance *ins = NULL;
    char err[256];
    int rc = roster_curtois_read(text, len, name, &ins, err, sizeof(err));
    free(text);
    cr_assert_eq(rc, 0, "%s", err);
    return ins;
}

/* Instance i of the Curtois benchmark, or NULL when the folder is absent. */
static inline roster_instance *rt_load_curtois(int i)
{
    char name[64];
    snprintf(name, sizeof(name), "Instance%d.txt", i);
    size_t len = 0;
    char *text = rt_find(name, 1, &len);
    if (!text) return NULL;
    roster_instance *ins = NULL;
    char err[256];
    int rc = roster_curtois_read(text, len, name, &ins, err, sizeof(err));
    free(text);
    cr_assert_eq(rc, 0, "%s", err);
    return ins;
}

static inline roster_solution *rt_solution(const roster_instance *ins, const char *csv)
{
    roster_solution *sol = NULL;
    char err[256];
    int rc = roster_solution_read_csv(ins, csv, strlen(csv), "test.csv", &sol, err, sizeof(err));
    cr_assert_eq(rc, 0, "roster does not load: %s", err);
    return sol;
}

/* The solver's own evaluator must agree with the validator's report. */
static inline void rt_agree(const roster_instance *ins, const roster_solution *sol,
                            const roster_report *rep)
{
    int64_t obj = 0, hard = 0;
    cr_assert_eq(rp_evaluate(ins, sol, &obj, &hard), 0);
    cr_assert_eq(obj, rep->objective, "solver evaluates %lld, validator %lld", (long long)obj,
                 (long long)rep->objective);
    cr_assert_eq(hard == 0, rep->nviolations == 0,
                 "solver says hard %lld, validator %d violations", (long long)hard,
                 rep->nviolations);
}

#endif
