/* roster colgen: the dense simplex against brute force over all bases, and
 * column generation against the master LP over every feasible line (brute
 * force enumeration on a small instance). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "roster/colgen.h"
#include "roster/internal.h"
#include "roster/linedp.h"
#include "roster/lp.h"
#include "roster/model.h"
#include "roster_test.h"

static uint64_t rnd_state = 0x2545f4914f6cdd1dull;
static int rnd(int n)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return (int)(rnd_state % (uint64_t)n);
}

/* Solves the m x m system B z = b (B column-major from the chosen columns of
 * the dense A, row-major m x n); 0 when B is regular. */
static int solve_basis(int m, int n, const double *A, const int *cols, const double *b, double *z)
{
    double M[6][7];
    for (int i = 0; i < m; i++) {
        for (int k = 0; k < m; k++) M[i][k] = A[i * n + cols[k]];
        M[i][m] = b[i];
    }
    for (int c = 0; c < m; c++) {
        int pr = -1;
        for (int r = c; r < m; r++)
            if (fabs(M[r][c]) > 1e-9 && (pr < 0 || fabs(M[r][c]) > fabs(M[pr][c]))) pr = r;
        if (pr < 0) return -1;
        for (int k = 0; k <= m; k++) {
            double t = M[pr][k];
            M[pr][k] = M[c][k];
            M[c][k] = t;
        }
        for (int r = 0; r < m; r++) {
            if (r == c) continue;
            double f = M[r][c] / M[c][c];
            for (int k = 0; k <= m; k++) M[r][k] -= f * M[c][k];
        }
    }
    for (int i = 0; i < m; i++) z[i] = M[i][m] / M[i][i];
    return 0;
}

/* The best basic feasible solution over all m-subsets of the n columns. */
static double brute_lp(int m, int n, const double *A, const double *b, const double *c)
{
    double best = INFINITY;
    int cols[6];
    for (unsigned mask = 0; mask < (1u << n); mask++) {
        if (__builtin_popcount(mask) != m) continue;
        int k = 0;
        for (int j = 0; j < n; j++)
            if (mask & (1u << j)) cols[k++] = j;
        double z[6];
        if (solve_basis(m, n, A, cols, b, z)) continue;
        int ok = 1;
        double obj = 0;
        for (int i = 0; i < m; i++) {
            if (z[i] < -1e-9) ok = 0;
            obj += c[cols[i]] * z[i];
        }
        if (ok && obj < best) best = obj;
    }
    return best;
}

/* A random LP with m rows and n columns (m <= 6, n <= 12) into A (row-major,
 * m x n), b and c, and the same LP built for the simplex: unit columns
 * (expensive) first keep it feasible, costs >= 0 keep it bounded. */
static rp_lp *random_lp(int m, int n, double *A, double *b, double *c)
{
    memset(A, 0, sizeof(double) * (size_t)m * (size_t)n);
    for (int i = 0; i < m; i++) {
        A[i * n + i] = 1;
        c[i] = 30 + rnd(10);
        b[i] = rnd(5);
    }
    for (int j = m; j < n; j++) {
        c[j] = rnd(10);
        for (int i = 0; i < m; i++) A[i * n + j] = rnd(4) - 1;
    }
    rp_lp *lp = rp_lp_create(m, b);
    cr_assert_not_null(lp);
    for (int j = 0; j < n; j++) {
        int rows[6];
        double vals[6];
        int k = 0;
        for (int i = 0; i < m; i++)
            if (A[i * n + j] != 0) {
                rows[k] = i;
                vals[k++] = A[i * n + j];
            }
        cr_assert_eq(rp_lp_add_col(lp, c[j], k, rows, vals), j);
    }
    return lp;
}

Test(roster_lp, simplex_equals_brute_force)
{
    for (int trial = 0; trial < 300; trial++) {
        const int m = 2 + rnd(3), n = m + 3 + rnd(4);
        double A[6 * 12], b[6], c[12];
        rp_lp *lp = random_lp(m, n, A, b, c);
        /* solve once with part of the columns, then with all (warm start) */
        int rc = rp_lp_solve(lp, 0);
        cr_assert_eq(rc, RP_LP_OPTIMAL, "trial %d: code %d", trial, rc);
        double want = brute_lp(m, n, A, b, c);
        double got = rp_lp_objective(lp);
        cr_assert(fabs(got - want) < 1e-6, "trial %d: simplex %g, brute force %g", trial, got, want);
        /* the duals: every reduced cost >= 0, and y b equals the optimum */
        const double *y = rp_lp_duals(lp);
        double yb = 0;
        for (int i = 0; i < m; i++) yb += y[i] * b[i];
        cr_assert(fabs(yb - want) < 1e-6, "trial %d: y b %g, optimum %g", trial, yb, want);
        for (int j = 0; j < n; j++) {
            double rcj = c[j];
            for (int i = 0; i < m; i++) rcj -= y[i] * A[i * n + j];
            cr_assert_geq(rcj, -1e-6, "trial %d: column %d reduced cost %g", trial, j, rcj);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            double v = rp_lp_value(lp, j);
            cr_assert_geq(v, -1e-9);
            sum += c[j] * v;
        }
        cr_assert(fabs(sum - want) < 1e-6);
        rp_lp_free(lp);
    }
}

/* A given starting basis: taken when it is non-singular and feasible, and
 * the solve from it reaches the optimum; refused (and the solve starts as
 * without it) when singular or infeasible. */
Test(roster_lp, set_basis_reaches_the_same_optimum)
{
    int taken = 0, refused = 0;
    for (int trial = 0; trial < 300; trial++) {
        const int m = 2 + rnd(3), n = m + 3 + rnd(4);
        double A[6 * 12], b[6], c[12];
        rp_lp *lp = random_lp(m, n, A, b, c);
        int cols[6];
        if (trial % 3 == 0) { /* the unit columns: always feasible */
            for (int i = 0; i < m; i++) cols[i] = i;
            cr_assert_eq(rp_lp_set_basis(lp, cols), 0, "trial %d", trial);
        } else { /* m random distinct columns */
            for (int i = 0; i < m; i++) {
                int j, dup;
                do {
                    j = rnd(n);
                    dup = 0;
                    for (int k = 0; k < i; k++) dup |= cols[k] == j;
                } while (dup);
                cols[i] = j;
            }
            if (rp_lp_set_basis(lp, cols) == 0) taken++;
            else refused++;
        }
        cr_assert_eq(rp_lp_solve(lp, 0), RP_LP_OPTIMAL, "trial %d", trial);
        double want = brute_lp(m, n, A, b, c);
        cr_assert(fabs(rp_lp_objective(lp) - want) < 1e-6, "trial %d: %g against %g", trial, rp_lp_objective(lp),
                  want);
        rp_lp_free(lp);
    }
    cr_assert_gt(taken, 10);
    cr_assert_gt(refused, 10);
    /* singular (the same column twice) and infeasible (a negative value) */
    double b2[2] = {1, 2};
    rp_lp *lp = rp_lp_create(2, b2);
    int r0 = 0, r1 = 1, both[2] = {0, 1};
    double one = 1, ones[2] = {1, 1};
    rp_lp_add_col(lp, 5, 1, &r0, &one);  /* 0: e0 */
    rp_lp_add_col(lp, 5, 1, &r1, &one);  /* 1: e1 */
    rp_lp_add_col(lp, 1, 2, both, ones); /* 2: e0 + e1 */
    rp_lp_add_col(lp, 5, 1, &r0, &one);  /* 3: e0 again */
    int sing[2] = {0, 3}, neg[2] = {2, 0}, dupl[2] = {1, 1};
    cr_assert_eq(rp_lp_set_basis(lp, sing), -1);
    cr_assert_eq(rp_lp_set_basis(lp, dupl), -1);
    cr_assert_eq(rp_lp_set_basis(lp, neg), -1, "x2 = 2 would make x0 = -1");
    int good[2] = {2, 1}; /* x2 = 1, x1 = 1 */
    cr_assert_eq(rp_lp_set_basis(lp, good), 0);
    cr_assert_eq(rp_lp_solve(lp, 0), RP_LP_OPTIMAL);
    cr_assert_float_eq(rp_lp_objective(lp), 6.0, 1e-9);
    cr_assert_eq(rp_lp_pivots(lp), 0, "already optimal");
    rp_lp_free(lp);
}

/* Larger LPs (many pivots, so several refactorings of the inverse, whose
 * update runs over the pivot row's nonzeros), columns added in batches with
 * warm starts: every solve ends optimal by its own certificate (A x = b,
 * x >= 0, every reduced cost >= 0, y b = c x). */
Test(roster_lp, many_pivots_stay_optimal)
{
    enum { M = 24, N = 1500 };
    static double A[M * N], c[N];
    double b[M];
    long pivots = 0;
    for (int trial = 0; trial < 4; trial++) {
        memset(A, 0, sizeof A);
        for (int i = 0; i < M; i++) {
            A[i * N + i] = 1;
            c[i] = 1000;
            b[i] = 1 + rnd(6);
        }
        for (int j = M; j < N; j++) {
            c[j] = 1 + rnd(40);
            for (int i = 0; i < M; i++)
                if (rnd(3) == 0) A[i * N + j] = 1 + rnd(2);
        }
        rp_lp *lp = rp_lp_create(M, b);
        cr_assert_not_null(lp);
        int n = 0;
        for (int batch = 1; batch <= 5; batch++) {
            for (; n < N * batch / 5; n++) {
                int rows[M];
                double vals[M];
                int k = 0;
                for (int i = 0; i < M; i++)
                    if (A[i * N + n] != 0) {
                        rows[k] = i;
                        vals[k++] = A[i * N + n];
                    }
                cr_assert_eq(rp_lp_add_col(lp, c[n], k, rows, vals), n);
            }
            cr_assert_eq(rp_lp_solve(lp, 0), RP_LP_OPTIMAL, "trial %d batch %d", trial, batch);
            const double *y = rp_lp_duals(lp);
            double yb = 0, cx = 0;
            for (int i = 0; i < M; i++) {
                yb += y[i] * b[i];
                double ax = 0;
                for (int j = 0; j < n; j++) ax += A[i * N + j] * rp_lp_value(lp, j);
                cr_assert(fabs(ax - b[i]) < 1e-6, "trial %d batch %d row %d: %g against %g", trial, batch, i, ax,
                          b[i]);
            }
            for (int j = 0; j < n; j++) {
                double v = rp_lp_value(lp, j), rcj = c[j];
                cr_assert_geq(v, -1e-9);
                cx += c[j] * v;
                for (int i = 0; i < M; i++) rcj -= y[i] * A[i * N + j];
                cr_assert_geq(rcj, -1e-6, "trial %d batch %d column %d: reduced cost %g", trial, batch, j, rcj);
            }
            cr_assert(fabs(cx - yb) < 1e-6 * (1 + fabs(cx)), "trial %d: c x %g, y b %g", trial, cx, yb);
            cr_assert(fabs(cx - rp_lp_objective(lp)) < 1e-6 * (1 + fabs(cx)));
        }
        pivots += rp_lp_pivots(lp);
        rp_lp_free(lp);
    }
    cr_assert_gt(pivots, 4 * (4 * M + 100), "few pivots (%ld): no refactoring tested", pivots);
}

Test(roster_lp, warm_start_after_new_columns)
{
    /* min x0 + x1 + 10 s0 + 10 s1, x0 + s0 = 1, x1 + s1 = 1: first only the
     * slacks (20), then the cheap columns arrive (2) */
    double b[2] = {1, 1};
    rp_lp *lp = rp_lp_create(2, b);
    int r0 = 0, r1 = 1;
    double one = 1;
    rp_lp_add_col(lp, 10, 1, &r0, &one);
    rp_lp_add_col(lp, 10, 1, &r1, &one);
    cr_assert_eq(rp_lp_solve(lp, 0), RP_LP_OPTIMAL);
    cr_assert_float_eq(rp_lp_objective(lp), 20.0, 1e-9);
    int both[2] = {0, 1};
    double ones[2] = {1, 1};
    rp_lp_add_col(lp, 3, 2, both, ones); /* covers both rows at 3 */
    rp_lp_add_col(lp, 1, 1, &r0, &one);
    cr_assert_eq(rp_lp_solve(lp, 0), RP_LP_OPTIMAL);
    cr_assert_float_eq(rp_lp_objective(lp), 3.0, 1e-9);
    cr_assert_eq(rp_lp_cols(lp), 4);
    /* banned, the column that covers both rows leaves (x0 at 1 and a slack:
     * 1 + 10 = 11) */
    rp_lp_ban(lp, 2, 1e5);
    cr_assert_eq(rp_lp_solve(lp, 0), RP_LP_OPTIMAL);
    cr_assert_float_eq(rp_lp_objective(lp), 11.0, 1e-9);
    cr_assert_float_eq(rp_lp_value(lp, 2), 0.0, 1e-12);
    rp_lp_free(lp);
}

/* Stops column generation after 3000 pricing calls (the root converges
 * long before on tiny.txt; the neighbourhoods after the dive run until then). */
static int budget(void *ctx, uint64_t work)
{
    (void)work;
    int *calls = ctx;
    return ++*calls > 3000;
}

static double budget_used(void *ctx)
{
    return *(int *)ctx / 3000.0;
}

/* The master LP over every line of every employee that meets its hard rules
 * (enumerated), solved with the same simplex. */
static double full_master(const rp_problem *p)
{
    const int E = p->E, D = p->D, V = p->V, S = p->S;
    const int R = D * S, m = R + E;
    double *b = calloc((size_t)m, sizeof(double));
    for (int d = 0; d < D; d++)
        for (int v = 1; v < V; v++) b[d * S + v - 1] = p->req[d * V + v];
    for (int e = 0; e < E; e++) b[R + e] = 1;
    rp_lp *lp = rp_lp_create(m, b);
    for (int d = 0; d < D; d++)
        for (int v = 1; v < V; v++) {
            int r = d * S + v - 1;
            double one = 1, minus = -1;
            rp_lp_add_col(lp, p->under[d * V + v], 1, &r, &one);
            rp_lp_add_col(lp, p->over[d * V + v], 1, &r, &minus);
        }
    rp_state st;
    cr_assert_eq(rp_state_init(&st, p, 1), 0);
    uint8_t line[16];
    int rows[17];
    double vals[17];
    long total = 1;
    for (int d = 0; d < D; d++) total *= V;
    for (int e = 0; e < E; e++)
        for (long code = 0; code < total; code++) {
            long c = code;
            int ok = 1;
            for (int d = 0; d < D; d++) {
                line[d] = (uint8_t)(c % V);
                c /= V;
                ok &= p->allowed[((size_t)e * D + d) * V + line[d]];
            }
            if (!ok) continue;
            int64_t s0, h0, ds, dh;
            rp_employee_full(&st, e, &s0, &h0);
            rp_employee_delta(&st, e, 0, D - 1, line, &ds, &dh);
            if (h0 + dh) continue;
            int k = 0;
            for (int d = 0; d < D; d++)
                if (line[d]) {
                    rows[k] = d * S + line[d] - 1;
                    vals[k++] = 1;
                }
            rows[k] = R + e;
            vals[k++] = 1;
            rp_lp_add_col(lp, (double)(s0 + ds), k, rows, vals);
        }
    cr_assert_eq(rp_lp_solve(lp, 0), RP_LP_OPTIMAL);
    double v = rp_lp_objective(lp) + (double)p->cost_const;
    rp_lp_free(lp);
    rp_state_free(&st);
    free(b);
    return v;
}

Test(roster_colgen, root_lp_equals_full_enumeration)
{
    /* tiny.txt without and with its binding maximum per shift type */
    for (int variant = 0; variant < 2; variant++) {
        roster_instance *ins = rt_load_file("tiny.txt");
        if (variant == 0)
            for (int e = 0; e < ins->nemployees; e++)
                for (int s = 0; s < ins->nshifts; s++) ins->employees[e].max_shifts[s] = ROSTER_NONE;
        rp_problem p;
        char err[256];
        cr_assert_eq(rp_problem_build(&p, ins, NULL, 0, err, sizeof(err)), 0, "%s", err);
        double want = full_master(&p);
        uint8_t *start = calloc((size_t)p.E * p.D, 1), *out = calloc((size_t)p.E * p.D, 1);
        cr_assert_eq(rp_construct_greedy(&p, start), 0);
        rp_cg_result cr;
        int calls = 0;
        cr_assert_eq(rp_colgen(&p, start, 1, 0, budget, budget_used, NULL, &calls, out, &cr), 0);
        cr_assert_gt(cr.lp_value, -0.5, "variant %d: root did not converge", variant);
        /* one maximum per shift type binds per employee at most, and the
         * pricing DP counts that one exactly: the LP is the full master's */
        cr_assert(fabs(cr.lp_value - want) < 1e-6, "variant %d: column generation %g, full master %g",
                  variant, cr.lp_value, want);
        cr_assert(fabs(cr.bound - want) < 1e-6, "variant %d: bound %g, full master %g", variant,
                  cr.bound, want);
        /* the dive's roster meets every hard rule and costs at least the LP */
        cr_assert_eq(cr.complete, 1);
        rp_state st;
        cr_assert_eq(rp_state_init(&st, &p, 1), 0);
        rp_state_load(&st, out);
        cr_assert_eq(st.hard, 0, "variant %d: dive roster breaks a hard rule", variant);
        cr_assert_geq((double)(st.soft + p.cost_const), cr.lp_value - 1e-6);
        /* neighbourhoods ran, unless the root's bound met the dive's roster:
         * then branch-and-price proved it optimal at its first node */
        if (ceil(cr.bound - 1e-6) >= (double)(st.soft + p.cost_const)) {
            cr_assert_eq(cr.bnp_done, 1, "variant %d", variant);
            cr_assert_eq(cr.bnp_nodes, 1, "variant %d", variant);
        } else {
            cr_assert_gt(cr.lns_tried, 0);
            cr_assert_gt(cr.win_tried, 0);
        }
        rp_state_free(&st);
        free(start);
        free(out);
        rp_problem_free(&p);
        roster_instance_free(ins);
    }
}

/* The line DP with the count of one shift type in its state against brute
 * force over every line that keeps that count within the budget (no other
 * maximum per type binds, so the DP is exact). */
Test(roster_dp, counted_line_equals_brute_force)
{
    roster_instance *ins = rt_load_file("tiny.txt");
    for (int e = 0; e < ins->nemployees; e++)
        for (int s = 0; s < ins->nshifts; s++) ins->employees[e].max_shifts[s] = ROSTER_NONE;
    rp_problem p;
    char err[256];
    cr_assert_eq(rp_problem_build(&p, ins, NULL, 0, err, sizeof(err)), 0, "%s", err);
    const int D = p.D, V = p.V;
    rp_state st;
    cr_assert_eq(rp_state_init(&st, &p, 1), 0);
    rp_dp *dp = rp_dp_create(0);
    int64_t *extra = calloc((size_t)D * V, sizeof(int64_t));
    uint8_t line[16], best_line[16];
    long total = 1;
    for (int d = 0; d < D; d++) total *= V;
    int passes = 0;
    for (int trial = 0; trial < 40; trial++) {
        for (int i = 0; i < D * V; i++) extra[i] = i % V ? -(int64_t)rnd(400) : 0;
        int e = rnd(p.E), v = 1 + rnd(V - 1), budget = rnd(4);
        rp_dp_set_count(dp, v, budget);
        int64_t got, got0;
        /* with the bound of the cost to go (always) and without it */
        rp_dp_set_bound(dp, 1);
        int rc = rp_dp_line(dp, &st, e, 0, D - 1, NULL, extra, line, &got);
        passes += rp_dp_tries(dp);
        rp_dp_set_bound(dp, 0);
        int rc0 = rp_dp_line(dp, &st, e, 0, D - 1, NULL, extra, best_line, &got0);
        rp_dp_set_count(dp, 0, 0);
        cr_assert_eq(rc, rc0, "trial %d: with the bound %d, without %d", trial, rc, rc0);
        if (rc == 0) cr_assert_eq(got, got0, "trial %d: with the bound %lld, without %lld", trial,
                                  (long long)got, (long long)got0);
        int64_t want = INT64_MAX, s0, h0;
        rp_employee_full(&st, e, &s0, &h0);
        for (long code = 0; code < total; code++) {
            long c = code;
            int ok = 1, n = 0;
            int64_t x = 0;
            for (int d = 0; d < D; d++) {
                line[d] = (uint8_t)(c % V);
                c /= V;
                ok &= p.allowed[((size_t)e * D + d) * V + line[d]];
                n += line[d] == v;
                x += extra[(size_t)d * V + line[d]];
            }
            if (!ok || n > budget) continue;
            int64_t ds, dh;
            rp_employee_delta(&st, e, 0, D - 1, line, &ds, &dh);
            int64_t cost = (s0 + ds) + st.hw * (h0 + dh) + x;
            if (cost < want) {
                want = cost;
                memcpy(best_line, line, (size_t)D);
            }
        }
        if (want == INT64_MAX) {
            cr_assert_eq(rc, -2, "trial %d: DP found a line, brute force none", trial);
            continue;
        }
        cr_assert_eq(rc, 0, "trial %d: DP failed", trial);
        cr_assert_eq(got, want, "trial %d: e %d, value %d, budget %d: DP %lld, brute force %lld",
                     trial, e, v, budget, (long long)got, (long long)want);
    }
    /* the pruned pass was too tight at times: the wider passes are tested */
    cr_assert_gt(passes, 40, "the first pruned pass always sufficed (%d passes)", passes);
    free(extra);
    rp_dp_free(dp);
    rp_state_free(&st);
    rp_problem_free(&p);
    roster_instance_free(ins);
}

/* Whether nv on days a..b keeps employee e's successions and maximum runs
 * inside the window (from the day before it): the lines the DP searches. */
static int line_in_runs(const rp_state *st, int e, int a, int b, const uint8_t *nv)
{
    const rp_problem *p = st->p;
    const uint8_t *x = st->x + (size_t)e * p->D;
    int run = 0;
    for (int d = a - 1; d >= 0 && x[d] > 0; d--) run++;
    int prev = a > 0 ? x[a - 1] : 0;
    for (int d = a; d <= b; d++) {
        int v = nv[d - a];
        if (v > 0 && prev > 0 && p->forb[prev * p->V + v]) return 0;
        run = v > 0 ? run + 1 : 0;
        if (run > p->maxcons[e]) return 0;
        prev = v;
    }
    return 1;
}

/* Weekends worked by employee e's line x with days a..b replaced by nv
 * (NULL: days off). */
static int weekends_worked(const rp_problem *p, const uint8_t *x, int a, int b, const uint8_t *nv)
{
    int n = 0;
    for (int k = 0; k < p->nweekends; k++) {
        int worked = 0;
        for (int d = 0; d < p->D; d++) {
            if (p->weekend[d] != k) continue;
            int v = d >= a && d <= b ? (nv ? nv[d - a] : 0) : x[d];
            worked |= v > 0;
        }
        n += worked;
    }
    return n;
}

/* The line DP in the modes the faster DP treats apart (a count of one
 * shift type on a window inside a roster, a count within a band over the
 * whole horizon, relaxed minutes and weekends with a count) against brute
 * force over every line of the window, from random rosters and prices. */
Test(roster_dp, count_window_band_relax_equal_brute_force)
{
    for (int mode = 0; mode < 3; mode++) {
        roster_instance *ins = rt_load_file("tiny.txt");
        for (int e = 0; e < ins->nemployees; e++) {
            for (int s = 0; s < ins->nshifts; s++) ins->employees[e].max_shifts[s] = ROSTER_NONE;
            if (mode == 2) { /* relaxed: no minutes limits, weekends never over */
                ins->employees[e].max_total_minutes = ROSTER_NONE;
                ins->employees[e].min_total_minutes = ROSTER_NONE;
                ins->employees[e].target_minutes = ROSTER_NONE;
                ins->employees[e].max_weekends = 5;
            }
        }
        rp_problem p;
        char err[256];
        cr_assert_eq(rp_problem_build(&p, ins, NULL, 0, err, sizeof(err)), 0, "%s", err);
        const int D = p.D, V = p.V, g = p.minutes_gcd;
        rp_state st;
        cr_assert_eq(rp_state_init(&st, &p, 1), 0);
        rp_dp *dp = rp_dp_create(0);
        int64_t *extra = calloc((size_t)D * V, sizeof(int64_t));
        uint8_t *x0 = calloc((size_t)p.E * D, 1);
        uint8_t line[16], nv[16];
        int tested = 0;
        for (int trial = 0; trial < 60; trial++) {
            for (int e = 0; e < p.E; e++)
                for (int d = 0; d < D; d++) {
                    int v = rnd(V);
                    x0[e * D + d] = p.allowed[((size_t)e * D + d) * V + v] ? (uint8_t)v : 0;
                }
            rp_state_load(&st, x0);
            for (int i = 0; i < D * V; i++) extra[i] = i % V ? rnd(300) - 200 : 0;
            int e = rnd(p.E), v = 1 + rnd(V - 1), budget = rnd(4);
            int a = 0, b = D - 1;
            if (mode == 0 || (mode == 2 && trial % 2)) {
                int len = 1 + rnd(D);
                a = rnd(D - len + 1);
                b = a + len - 1;
            }
            int64_t pm = mode == 2 ? rnd(301) - 150 : 0, pw = mode == 2 ? rnd(1001) - 500 : 0;
            rp_dp_set_count(dp, v, budget);
            if (mode == 1) rp_dp_set_band(dp, 1, 1);
            if (mode == 2) rp_dp_set_relax(dp, 1, pm, pw);
            /* odd trials with the bound of the cost to go (always) */
            rp_dp_set_bound(dp, trial % 2);
            int rc = rp_dp_line(dp, &st, e, a, b, NULL, extra, line, NULL);
            rp_dp_set_bound(dp, 0);
            rp_dp_set_count(dp, 0, 0);
            rp_dp_set_band(dp, 0, 0);
            rp_dp_set_relax(dp, 0, 0, 0);
            const uint8_t *x = st.x + (size_t)e * D;
            const int L = b - a + 1;
            const int we_out = weekends_worked(&p, x, a, b, NULL);
            /* the DP's objective of a window line, up to a constant */
            int64_t want = INT64_MAX, got = INT64_MAX;
            long total = 1;
            for (int i = 0; i < L; i++) total *= V;
            for (long code = -1; code < total; code++) {
                const uint8_t *l = line;
                if (code >= 0) { /* brute force; code -1 prices the DP's line */
                    long c = code;
                    for (int i = 0; i < L; i++) {
                        nv[i] = (uint8_t)(c % V);
                        c /= V;
                    }
                    l = nv;
                } else if (rc) {
                    continue;
                }
                int ok = 1, n = 0, dm = 0, dwk = 0;
                int64_t cost = 0;
                for (int d = a; d <= b && ok; d++) {
                    int u = l[d - a];
                    ok &= p.allowed[((size_t)e * D + d) * V + u];
                    n += u == v;
                    cost += extra[(size_t)d * V + u] + pm * (p.len[u] / g);
                    dm += p.len[u] / g - p.len[x[d]] / g;
                    int wk = p.weekend[d], md = 0;
                    if (wk >= 0) md = d > 0 && p.weekend[d - 1] == wk ? 2 : 1;
                    int inc_new = u && (md == 1 || (md == 2 && !(d > a ? l[d - a - 1] : x[d - 1])));
                    int inc_cur = x[d] && (md == 1 || (md == 2 && !x[d - 1]));
                    dwk += inc_new - inc_cur;
                    if (mode == 1 && (dm < -1 || dm > 1 || dwk < -1 || dwk > 1)) ok = 0;
                }
                if (!ok || n > budget || !line_in_runs(&st, e, a, b, l)) continue;
                int64_t ds, dh;
                rp_employee_delta(&st, e, a, b, l, &ds, &dh);
                cost += ds + st.hw * dh + pw * (weekends_worked(&p, x, a, b, l) - we_out);
                if (code < 0)
                    got = cost;
                else if (cost < want)
                    want = cost;
            }
            if (want == INT64_MAX) {
                cr_assert_eq(rc, -2, "mode %d trial %d: DP found a line, brute force none", mode, trial);
                continue;
            }
            cr_assert_eq(rc, 0, "mode %d trial %d: DP failed (%d)", mode, trial, rc);
            cr_assert_eq(got, want,
                         "mode %d trial %d: e %d days %d-%d, value %d budget %d: DP line %lld, "
                         "brute force %lld",
                         mode, trial, e, a, b, v, budget, (long long)got, (long long)want);
            tested++;
        }
        cr_assert_geq(tested, 30, "mode %d: only %d trials had a line", mode, tested);
        free(x0);
        free(extra);
        rp_dp_free(dp);
        rp_state_free(&st);
        rp_problem_free(&p);
        roster_instance_free(ins);
    }
}

/* The line DP with the bound of the cost to go against the DP without it
 * (which the tests above check against brute force) on many random calls:
 * rosters, prices from small to large against the hard weight, tight
 * weekend maxima, counts, windows, band and relaxed modes; the optimum must
 * not change, and some calls must need a wider pass than the first. */
Test(roster_dp, bound_keeps_the_optimum)
{
    roster_instance *ins = rt_load_file("tiny.txt");
    for (int e = 0; e < ins->nemployees; e++) {
        for (int s = 0; s < ins->nshifts; s++) ins->employees[e].max_shifts[s] = ROSTER_NONE;
        ins->employees[e].max_weekends = e % 3;
    }
    rp_problem p;
    char err[256];
    cr_assert_eq(rp_problem_build(&p, ins, NULL, 0, err, sizeof(err)), 0, "%s", err);
    const int D = p.D, V = p.V;
    rp_state st;
    cr_assert_eq(rp_state_init(&st, &p, 1), 0);
    rp_dp *dp = rp_dp_create(0);
    int64_t *extra = calloc((size_t)D * V, sizeof(int64_t));
    uint8_t *x0 = calloc((size_t)p.E * D, 1);
    uint8_t l1[16], l2[16];
    int passes = 0, calls = 0;
    for (int trial = 0; trial < 600; trial++) {
        for (int e = 0; e < p.E; e++)
            for (int d = 0; d < D; d++) {
                int v = rnd(V);
                x0[e * D + d] = p.allowed[((size_t)e * D + d) * V + v] ? (uint8_t)v : 0;
            }
        rp_state_load(&st, x0);
        int spread = trial % 3 == 0 ? 60 : trial % 3 == 1 ? 600 : 6000;
        for (int i = 0; i < D * V; i++) extra[i] = i % V ? rnd(spread) - spread * 2 / 3 : 0;
        int e = rnd(p.E), v = rnd(V), budget = rnd(5), mode = rnd(3);
        int a = 0, b = D - 1;
        if (rnd(2)) {
            int len = 1 + rnd(D);
            a = rnd(D - len + 1);
            b = a + len - 1;
        }
        int bu = 1 + rnd(2);
        int64_t pm = rnd(301) - 150, pw = rnd(1001) - 500, c1 = 0, c2 = 0;
        int rc[2];
        for (int bnd = 0; bnd < 2; bnd++) {
            rp_dp_set_count(dp, v, budget);
            if (mode == 1) rp_dp_set_band(dp, bu, 1);
            if (mode == 2) rp_dp_set_relax(dp, 1, pm, pw);
            rp_dp_set_bound(dp, bnd);
            rc[bnd] = rp_dp_line(dp, &st, e, a, b, NULL, trial % 2 ? extra : NULL, bnd ? l2 : l1,
                                 bnd ? &c2 : &c1);
            if (bnd) passes += rp_dp_tries(dp);
            rp_dp_set_bound(dp, 0);
            rp_dp_set_count(dp, 0, 0);
            rp_dp_set_band(dp, 0, 0);
            rp_dp_set_relax(dp, 0, 0, 0);
        }
        cr_assert_eq(rc[0], rc[1], "trial %d: without the bound %d, with %d", trial, rc[0], rc[1]);
        if (rc[0]) continue;
        calls++;
        cr_assert_eq(c1, c2, "trial %d (mode %d, e %d, days %d-%d): without the bound %lld, with %lld",
                     trial, mode, e, a, b, (long long)c1, (long long)c2);
    }
    cr_assert_geq(calls, 300);
    cr_assert_gt(passes, calls + calls / 20, "few calls needed a wider pass (%d passes)", passes);
    free(x0);
    free(extra);
    rp_dp_free(dp);
    rp_state_free(&st);
    rp_problem_free(&p);
    roster_instance_free(ins);
}

/* The master over every line of window a..b of every employee that keeps
 * its hard rules given roster x outside the window (enumerated), solved
 * with the same simplex: cover rows of the window days, costs the
 * employee's own penalties with the line. */
static double full_window_master(const rp_problem *p, const uint8_t *x, int a, int b)
{
    const int E = p->E, V = p->V, S = p->S, L = b - a + 1;
    const int R = L * S, m = R + E;
    double *rhs = calloc((size_t)m, sizeof(double));
    for (int d = a; d <= b; d++)
        for (int v = 1; v < V; v++) rhs[(d - a) * S + v - 1] = p->req[d * V + v];
    for (int e = 0; e < E; e++) rhs[R + e] = 1;
    rp_lp *lp = rp_lp_create(m, rhs);
    for (int d = a; d <= b; d++)
        for (int v = 1; v < V; v++) {
            int r = (d - a) * S + v - 1;
            double one = 1, minus = -1;
            rp_lp_add_col(lp, p->under[d * V + v], 1, &r, &one);
            rp_lp_add_col(lp, p->over[d * V + v], 1, &r, &minus);
        }
    rp_state st;
    cr_assert_eq(rp_state_init(&st, p, 1), 0);
    rp_state_load(&st, x);
    uint8_t line[16];
    int rows[17];
    double vals[17];
    long total = 1;
    for (int i = 0; i < L; i++) total *= V;
    for (int e = 0; e < E; e++)
        for (long code = 0; code < total; code++) {
            long c = code;
            int ok = 1;
            for (int i = 0; i < L; i++) {
                line[i] = (uint8_t)(c % V);
                c /= V;
                ok &= p->allowed[((size_t)e * p->D + a + i) * V + line[i]];
            }
            if (!ok) continue;
            int64_t s0, h0, ds, dh;
            rp_employee_full(&st, e, &s0, &h0);
            rp_employee_delta(&st, e, a, b, line, &ds, &dh);
            if (h0 + dh) continue;
            int k = 0;
            for (int i = 0; i < L; i++)
                if (line[i]) {
                    rows[k] = i * S + line[i] - 1;
                    vals[k++] = 1;
                }
            rows[k] = R + e;
            vals[k++] = 1;
            rp_lp_add_col(lp, (double)(s0 + ds), k, rows, vals);
        }
    cr_assert_eq(rp_lp_solve(lp, 0), RP_LP_OPTIMAL);
    double v = rp_lp_objective(lp);
    rp_lp_free(lp);
    rp_state_free(&st);
    free(rhs);
    return v;
}

/* A window master (all employees free on days a..b, the rest fixed to a
 * feasible roster) by column generation equals the master over every
 * enumerated window line: the pricing against the fixed days outside the
 * window (runs, totals, weekends, the count of a shift type left for the
 * window) finds every line that should enter. */
Test(roster_colgen, window_lp_equals_full_enumeration)
{
    static const int win[][2] = {{0, 2}, {1, 4}, {2, 6}, {3, 3}, {0, 6}};
    for (int variant = 0; variant < 2; variant++) {
        roster_instance *ins = rt_load_file("tiny.txt");
        if (variant == 0)
            for (int e = 0; e < ins->nemployees; e++)
                for (int s = 0; s < ins->nshifts; s++) ins->employees[e].max_shifts[s] = ROSTER_NONE;
        rp_problem p;
        char err[256];
        cr_assert_eq(rp_problem_build(&p, ins, NULL, 0, err, sizeof(err)), 0, "%s", err);
        uint8_t *start = calloc((size_t)p.E * p.D, 1), *x = calloc((size_t)p.E * p.D, 1);
        cr_assert_eq(rp_construct_greedy(&p, start), 0);
        rp_cg_result cr;
        int calls = 0;
        cr_assert_eq(rp_colgen(&p, start, 1, 0, budget, budget_used, NULL, &calls, x, &cr), 0);
        rp_state st;
        cr_assert_eq(rp_state_init(&st, &p, 1), 0);
        rp_state_load(&st, x);
        cr_assert_eq(st.hard, 0);
        rp_state_free(&st);
        for (size_t w = 0; w < sizeof(win) / sizeof(win[0]); w++) {
            int a = win[w][0], b = win[w][1];
            double want = full_window_master(&p, x, a, b), got;
            cr_assert_eq(rp_colgen_window_lp(&p, x, a, b, &got), 0);
            cr_assert(fabs(got - want) < 1e-6, "variant %d, window %d..%d: column generation %g, full master %g",
                      variant, a, b, got, want);
        }
        free(start);
        free(x);
        rp_problem_free(&p);
        roster_instance_free(ins);
    }
}

/* Window neighbourhoods alone (as for long horizons) from the greedy
 * roster: never worse than the start, and the same roster for the same
 * seed and work. */
Test(roster_colgen, windows_only_improve_and_repeat)
{
    roster_instance *ins = rt_load_file("tiny.txt");
    rp_problem p;
    char err[256];
    cr_assert_eq(rp_problem_build(&p, ins, NULL, 0, err, sizeof(err)), 0, "%s", err);
    const size_t n = (size_t)p.E * p.D;
    uint8_t *start = calloc(n, 1), *x1 = calloc(n, 1), *x2 = calloc(n, 1);
    cr_assert_eq(rp_construct_greedy(&p, start), 0);
    rp_cg_result cr;
    int calls = 0;
    cr_assert_eq(rp_colgen(&p, start, 7, 1, budget, budget_used, NULL, &calls, x1, &cr), 0);
    cr_assert_gt(cr.win_tried, 0);
    cr_assert_eq(cr.lns_tried, 0);
    calls = 0;
    cr_assert_eq(rp_colgen(&p, start, 7, 1, budget, budget_used, NULL, &calls, x2, &cr), 0);
    cr_assert(!memcmp(x1, x2, n));
    rp_state st;
    cr_assert_eq(rp_state_init(&st, &p, 100), 0);
    rp_state_load(&st, start);
    int64_t before = st.soft + st.hw * st.hard;
    rp_state_load(&st, x1);
    cr_assert_leq(st.soft + st.hw * st.hard, before);
    rp_state_free(&st);
    free(start);
    free(x1);
    free(x2);
    rp_problem_free(&p);
    roster_instance_free(ins);
}

/* The best roster that keeps every hard rule, by brute force: every
 * employee's feasible lines enumerated (own penalties), then every
 * combination with its cover penalty. INT64_MAX when none. */
static int64_t brute_roster(const rp_problem *p)
{
    const int E = p->E, D = p->D, V = p->V;
    rp_state st;
    cr_assert_eq(rp_state_init(&st, p, 1), 0);
    long total = 1;
    for (int d = 0; d < D; d++) total *= V;
    uint8_t **lines = calloc((size_t)E, sizeof(uint8_t *));
    int64_t **cost = calloc((size_t)E, sizeof(int64_t *));
    int *n = calloc((size_t)E, sizeof(int));
    for (int e = 0; e < E; e++) {
        lines[e] = malloc((size_t)total * D);
        cost[e] = malloc(sizeof(int64_t) * (size_t)total);
        int64_t s0, h0;
        rp_employee_full(&st, e, &s0, &h0);
        for (long code = 0; code < total; code++) {
            uint8_t *l = lines[e] + (size_t)n[e] * D;
            long c = code;
            int ok = 1;
            for (int d = 0; d < D; d++) {
                l[d] = (uint8_t)(c % V);
                c /= V;
                ok &= p->allowed[((size_t)e * D + d) * V + l[d]];
            }
            if (!ok) continue;
            int64_t ds, dh;
            rp_employee_delta(&st, e, 0, D - 1, l, &ds, &dh);
            if (h0 + dh) continue;
            cost[e][n[e]++] = s0 + ds;
        }
    }
    /* odometer over the combinations */
    int *pick = calloc((size_t)E, sizeof(int));
    int *cov = calloc((size_t)D * V, sizeof(int));
    int64_t best = INT64_MAX;
    int any = 1;
    for (int e = 0; e < E; e++) any &= n[e] > 0;
    while (any) {
        memset(cov, 0, sizeof(int) * (size_t)D * V);
        int64_t c = 0;
        for (int e = 0; e < E; e++) {
            const uint8_t *l = lines[e] + (size_t)pick[e] * D;
            c += cost[e][pick[e]];
            for (int d = 0; d < D; d++) cov[d * V + l[d]]++;
        }
        for (int d = 0; d < D; d++)
            for (int v = 1; v < V; v++) c += rp_cover_pen(p, d, v, cov[d * V + v]);
        if (c < best) best = c;
        int e = 0;
        while (e < E && ++pick[e] == n[e]) pick[e++] = 0;
        if (e == E) break;
    }
    for (int e = 0; e < E; e++) {
        free(lines[e]);
        free(cost[e]);
    }
    free(lines);
    free(cost);
    free(n);
    free(pick);
    free(cov);
    rp_state_free(&st);
    return best;
}

/* A budget that column generation may lengthen (rp_cg_extend). */
typedef struct ext_budget {
    int calls, limit, extended;
} ext_budget;

static int ext_poll(void *ctx, uint64_t work)
{
    (void)work;
    ext_budget *b = ctx;
    return ++b->calls > b->limit;
}

static double ext_used(void *ctx)
{
    const ext_budget *b = ctx;
    return (double)b->calls / b->limit;
}

static void ext_extend(void *ctx, double factor)
{
    ext_budget *b = ctx;
    b->limit = (int)(b->limit * factor);
    b->extended++;
}

/* Branch-and-price after the dive on random tiny instances (4 days, two
 * shifts, four employees; random limits, cover and requests; only the late
 * shift's maximum can bind, so the pricing is exact): it exhausts its tree,
 * and the roster
 * column generation returns is the best by brute force; the same when the
 * budget may be lengthened (the dive ends early on these, so it is, and
 * branch-and-price starts once the neighbourhoods stall). At least one
 * variant must branch (more than one node). */
Test(roster_colgen, branch_and_price_equals_brute_force)
{
    int branched = 0, extended = 0;
    for (int variant = 0; variant < 80; variant++) {
        char text[2048];
        int n = snprintf(text, sizeof(text),
                         "SECTION_HORIZON\n4\n\nSECTION_SHIFTS\nE,480,\nL,480,E\n\nSECTION_STAFF\n");
        for (int e = 0; e < 4; e++)
            n += snprintf(text + n, sizeof(text) - (size_t)n, "%c,E=4|L=%d,2400,%d,%d,%d,%d,1\n", 'A' + e,
                          1 + rnd(3), 480 * rnd(4), 2 + rnd(2), 1 + rnd(3), 1 + rnd(2));
        n += snprintf(text + n, sizeof(text) - (size_t)n, "\nSECTION_SHIFT_ON_REQUESTS\n");
        for (int k = 0; k < 3; k++)
            n += snprintf(text + n, sizeof(text) - (size_t)n, "%c,%d,%c,%d\n", 'A' + rnd(4), rnd(4),
                          rnd(2) ? 'E' : 'L', 1 + rnd(9));
        n += snprintf(text + n, sizeof(text) - (size_t)n, "\nSECTION_SHIFT_OFF_REQUESTS\n");
        for (int k = 0; k < 3; k++)
            n += snprintf(text + n, sizeof(text) - (size_t)n, "%c,%d,%c,%d\n", 'A' + rnd(4), rnd(4),
                          rnd(2) ? 'E' : 'L', 1 + rnd(9));
        n += snprintf(text + n, sizeof(text) - (size_t)n, "\nSECTION_COVER\n");
        for (int d = 0; d < 4; d++)
            for (int s = 0; s < 2; s++)
                n += snprintf(text + n, sizeof(text) - (size_t)n, "%d,%c,%d,%d,%d\n", d, s ? 'L' : 'E',
                              rnd(3), 1 + rnd(100), 1 + rnd(5));
        roster_instance *ins = rt_load_text(text);
        rp_problem p;
        char err[256];
        cr_assert_eq(rp_problem_build(&p, ins, NULL, 0, err, sizeof(err)), 0, "%s", err);
        int64_t want = brute_roster(&p);
        uint8_t *start = calloc((size_t)p.E * p.D, 1), *out = calloc((size_t)p.E * p.D, 1);
        cr_assert_eq(rp_construct_greedy(&p, start), 0);
        for (int ext = 0; ext < 2; ext++) { /* without and with a budget that may grow */
            rp_cg_result cr;
            ext_budget bud = {0, 3000, 0};
            cr_assert_eq(rp_colgen(&p, start, 1, 0, ext_poll, ext_used, ext ? ext_extend : NULL, &bud, out, &cr),
                         0);
            extended += bud.extended;
            if (want < INT64_MAX) { /* (some variants have no feasible roster) */
                cr_assert_gt(cr.lp_value, -0.5, "variant %d: root did not converge", variant);
                cr_assert_eq(cr.complete, 1, "variant %d", variant);
                cr_assert_eq(cr.bnp_done, 1, "variant %d: tree not exhausted (%ld nodes)", variant,
                             cr.bnp_nodes);
                cr_assert_eq(cr.bnp_inexact, 0, "variant %d", variant);
                rp_state st;
                cr_assert_eq(rp_state_init(&st, &p, 1), 0);
                rp_state_load(&st, out);
                cr_assert_eq(st.hard, 0, "variant %d: roster breaks a hard rule", variant);
                cr_assert_eq(st.soft, want, "variant %d: branch-and-price %lld, brute force %lld (%ld nodes)",
                             variant, (long long)st.soft, (long long)want, cr.bnp_nodes);
                cr_assert_geq((double)(st.soft + p.cost_const), cr.lp_value - 1e-6);
                rp_state_free(&st);
                if (cr.bnp_nodes > 1) branched++;
            }
        }
        free(start);
        free(out);
        rp_problem_free(&p);
        roster_instance_free(ins);
    }
    cr_assert_gt(branched, 0, "no variant branched");
    cr_assert_gt(extended, 0, "no budget lengthened");
}
