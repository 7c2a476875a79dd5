#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "assign/assign.h"
#include "base/random.h"

/* The brute-force oracle: the smallest total over every injective map of
 * the rows into the columns (depth first). */
static void brute(int rows, int cols, const double *c, int r, bool *used, double sum, double *best)
{
    if (r == rows) {
        if (sum < *best) *best = sum;
        return;
    }
    for (int j = 0; j < cols; j++) {
        if (used[j]) continue;
        used[j] = true;
        brute(rows, cols, c, r + 1, used, sum + c[r * cols + j], best);
        used[j] = false;
    }
}

static double brute_min(int rows, int cols, const double *c)
{
    bool used[16] = {0};
    double best = INFINITY;
    brute(rows, cols, c, 0, used, 0, &best);
    return best;
}

/* A second, independent oracle for sizes beyond brute force: the textbook
 * O(n^2 m) Hungarian method with potentials (rows <= cols), on integers. */
static long long hungarian(int n, int m, const long long *a)
{
    const long long INF = (long long)4e18;
    long long *u = calloc((size_t)n + 1, sizeof *u), *v = calloc((size_t)m + 1, sizeof *v);
    long long *minv = malloc(((size_t)m + 1) * sizeof *minv);
    int *p = calloc((size_t)m + 1, sizeof *p), *way = calloc((size_t)m + 1, sizeof *way);
    bool *used = malloc(((size_t)m + 1) * sizeof *used);
    cr_assert(u && v && minv && p && way && used);
    for (int i = 1; i <= n; i++) {
        p[0] = i;
        int j0 = 0;
        for (int j = 0; j <= m; j++) minv[j] = INF, used[j] = false;
        do {
            used[j0] = true;
            int i0 = p[j0], j1 = 0;
            long long delta = INF;
            for (int j = 1; j <= m; j++) {
                if (used[j]) continue;
                long long cur = a[(i0 - 1) * m + (j - 1)] - u[i0] - v[j];
                if (cur < minv[j]) minv[j] = cur, way[j] = j0;
                if (minv[j] < delta) delta = minv[j], j1 = j;
            }
            for (int j = 0; j <= m; j++) {
                if (used[j]) u[p[j]] += delta, v[j] -= delta;
                else minv[j] -= delta;
            }
            j0 = j1;
        } while (p[j0] != 0);
        do {
            int j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
        } while (j0);
    }
    long long total = 0;
    for (int j = 1; j <= m; j++)
        if (p[j]) total += a[(p[j] - 1) * m + (j - 1)];
    free(u), free(v), free(minv), free(p), free(way), free(used);
    return total;
}

/* Solves, checks that the answer is an injective map whose cost is the
 * reported total, and returns the total. */
static double solve_checked(int rows, int cols, const double *c)
{
    int *sol = malloc((size_t)(rows ? rows : 1) * sizeof *sol);
    bool *seen = calloc((size_t)cols + 1, sizeof *seen);
    cr_assert(sol && seen);
    double total = NAN;
    cr_assert_eq(assign_solve(rows, cols, c, sol, &total), 0, "%dx%d", rows, cols);
    double sum = 0;
    for (int i = 0; i < rows; i++) {
        cr_assert(sol[i] >= 0 && sol[i] < cols, "row %d -> column %d", i, sol[i]);
        cr_assert(!seen[sol[i]], "column %d taken twice", sol[i]);
        seen[sol[i]] = true;
        sum += c[(size_t)i * (size_t)cols + (size_t)sol[i]];
    }
    cr_assert_eq(total, sum, "total %g is the sum of the chosen costs %g", total, sum);
    free(sol);
    free(seen);
    return total;
}

typedef enum { K_SMALL_INT, K_SIGNED_INT, K_REAL, K_HUGE, K_TINY, K_MIXED, K_COUNT } kind;

static double draw(rng *r, kind k)
{
    switch (k) {
    case K_SMALL_INT: return (double)rng_below(r, 3); /* many ties */
    case K_SIGNED_INT: return (double)rng_below(r, 201) - 100;
    case K_REAL: return rng_unit(r) * 2 - 1;
    case K_HUGE: return (rng_unit(r) * 2 - 1) * 1e299;
    case K_TINY: return rng_unit(r) * 1e-300;
    case K_MIXED: return rng_below(r, 2) ? rng_unit(r) * 1e12 : rng_unit(r) * 1e-3;
    default: return 0;
    }
}

Test(assign, equals_brute_force_on_small_instances)
{
    rng r;
    rng_seed(&r, 4);
    double c[64];
    int checked = 0;
    for (int rep = 0; rep < 60; rep++)
        for (int k = 0; k < K_COUNT; k++)
            for (int rows = 1; rows <= 7; rows++) {
                int cols = rows + (int)rng_below(&r, (uint64_t)(9 - rows)); /* rows..8 */
                if (rows == 7 && rep % 4) continue;                        /* 8!/1! maps: fewer of them */
                double scale = 0;
                for (int x = 0; x < rows * cols; x++) {
                    c[x] = draw(&r, (kind)k);
                    if (fabs(c[x]) > scale) scale = fabs(c[x]);
                }
                double got = solve_checked(rows, cols, c);
                double want = brute_min(rows, cols, c);
                double tol = k <= K_SIGNED_INT ? 0 : 1e-12 * scale * rows;
                cr_assert(fabs(got - want) <= tol, "kind %d %dx%d: got %.17g, optimum %.17g", k, rows, cols, got,
                          want);
                checked++;
            }
    cr_assert_gt(checked, 2000);
}

/* Integer instances up to 120 x 200 against the textbook Hungarian method;
 * structured ones too: all equal, products, differences, a few values. */
Test(assign, equals_hungarian_on_larger_instances)
{
    rng r;
    rng_seed(&r, 9);
    for (int rep = 0; rep < 120; rep++) {
        int rows = 1 + (int)rng_below(&r, 120);
        int cols = rows + (int)rng_below(&r, 81);
        int family = rep % 6;
        double *c = malloc((size_t)rows * (size_t)cols * sizeof *c);
        long long *a = malloc((size_t)rows * (size_t)cols * sizeof *a);
        cr_assert(c && a);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) {
                long long x;
                switch (family) {
                case 0: x = (long long)rng_below(&r, 1000); break;
                case 1: x = (long long)rng_below(&r, 2); break;
                case 2: x = 7; break;
                case 3: x = (long long)i * j; break;
                case 4: x = -(long long)llabs((long long)i - j) * 3 + (long long)rng_below(&r, 5); break;
                default: x = (long long)rng_below(&r, 1000000) - 500000; break;
                }
                a[i * cols + j] = x;
                c[i * cols + j] = (double)x;
            }
        double got = solve_checked(rows, cols, c);
        long long want = hungarian(rows, cols, a);
        cr_assert_eq(got, (double)want, "family %d %dx%d: got %.0f, optimum %lld", family, rows, cols, got, want);
        free(c);
        free(a);
    }
}

Test(assign, optimal_when_row_reduction_runs_out_of_bids)
{
    /* c[i][j] = f(j) * (i + 1): every row ranks the columns alike, so the
     * rows outbid each other in small steps and phase 1 stops at its cap
     * (checked by hand with a counter); phase 2 must finish the job. */
    int rows = 300, cols = 300;
    double *c = malloc((size_t)rows * cols * sizeof *c);
    long long *a = malloc((size_t)rows * cols * sizeof *a);
    long long f[300];
    cr_assert(c && a);
    rng r;
    rng_seed(&r, 11);
    for (int j = 0; j < cols; j++) f[j] = (long long)rng_below(&r, 1000);
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++) {
            a[i * cols + j] = f[j] * (i + 1);
            c[i * cols + j] = (double)a[i * cols + j];
        }
    cr_assert_eq(solve_checked(rows, cols, c), (double)hungarian(rows, cols, a));
    free(c);
    free(a);
}

Test(assign, trivial_shapes)
{
    int sol[3] = {-5, -5, -5};
    double total = -1;
    cr_assert_eq(assign_solve(0, 0, NULL, NULL, &total), 0, "no rows: the empty assignment");
    cr_assert_eq(total, 0);
    total = -1;
    cr_assert_eq(assign_solve(0, 4, NULL, sol, &total), 0);
    cr_assert_eq(total, 0);
    cr_assert_eq(sol[0], -5, "nothing written for no rows");

    double one = -3.5;
    cr_assert_eq(assign_solve(1, 1, &one, sol, &total), 0);
    cr_assert_eq(sol[0], 0);
    cr_assert_eq(total, -3.5);

    double row[5] = {4, 2, 9, 2, 3};
    cr_assert_eq(assign_solve(1, 5, row, sol, NULL), 0, "total is optional");
    cr_assert_eq(sol[0], 1, "the first of two equal minima");

    double sq[9] = {4, 1, 3, 2, 0, 5, 3, 2, 2};
    cr_assert_eq(assign_solve(3, 3, sq, sol, &total), 0);
    cr_assert_eq(total, 5);
    cr_assert_eq(sol[0], 1);
    cr_assert_eq(sol[1], 0);
    cr_assert_eq(sol[2], 2);
}

Test(assign, refuses_bad_input)
{
    int sol[4];
    double total = 42;
    double c[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    cr_assert_eq(assign_solve(3, 2, c, sol, &total), -1, "more rows than columns");
    cr_assert_eq(assign_solve(-1, 2, c, sol, &total), -1);
    cr_assert_eq(assign_solve(1, -2, c, sol, &total), -1);
    cr_assert_eq(assign_solve(2, 4, NULL, sol, &total), -1, "no matrix");
    cr_assert_eq(assign_solve(2, 4, c, NULL, &total), -1, "nowhere to write");
    cr_assert_eq(total, 42, "total untouched on refusal");

    double bad[4][4] = {{1, 2, NAN, 4}, {1, 2, INFINITY, 4}, {1, 2, -INFINITY, 4}, {1, 2, 1e301, 4}};
    for (int k = 0; k < 4; k++) cr_assert_eq(assign_solve(2, 2, bad[k], sol, &total), -1, "case %d", k);
    double edge[4] = {1e300, -1e300, -1e300, 1e300};
    cr_assert_eq(assign_solve(2, 2, edge, sol, &total), 0, "1e300 is still accepted");
    cr_assert_eq(total, -2e300);
}
