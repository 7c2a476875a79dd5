/* assign: the rectangular linear assignment problem, by shortest augmenting
 * paths (Jonker & Volgenant 1987; Crouse 2016 for rows < cols).
 *
 * Dual variables u (rows) and v (columns) are kept feasible, reduced cost
 * c[i][j] - u[i] - v[j] >= 0, and every assigned pair tight (= 0). For
 * rows < cols the optimality condition also needs the free columns to hold
 * the largest v: here v starts at 0 and only ever decreases, and only for
 * columns that are (or at once become) assigned, so the free ones stay at 0.
 *
 * Two phases:
 *  1. Augmenting row reduction (LAPJV): a free row takes the column with its
 *     smallest c - v and lowers that column's v until its second smallest
 *     ties, so that the row it displaces (if any) sees a higher price. This
 *     assigns most rows of a random matrix in O(rows * cols). Its work is
 *     capped (ARR_STEPS_PER_ROW), since it can bid in small steps for long.
 *  2. For each row still free, Dijkstra over the columns with the reduced
 *     costs, until a free column is reached; then the duals move and the
 *     path is flipped. O(rows * cols) per row, O(rows^2 * cols) in all.
 *
 * The inner loop of phase 2 (scan_row) runs over every column in order, so
 * that the row of the cost matrix streams from memory and the loop is
 * branch-free: finished columns are masked by setting their v to -inf (the
 * reduced cost becomes +inf) and their distance to +inf. It keeps no
 * predecessor per column; the path is found afterwards (find_pred) by
 * recomputing, for each column on it, which scanned row gave its distance,
 * bit for bit the same expression. Columns at the current distance are
 * finished together (the LAPJV "todo" list), stopping at the first free one,
 * which matters when costs have many ties (small integers).
 *
 * One allocation holds all the work arrays. */
#include "assign/assign.h"

#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Costs beyond this magnitude are refused, so that the sums and differences
 * of the duals stay finite. */
#define ASSIGN_MAX_COST 1e300
/* Phase 1 stops after this many row reductions per row (each O(cols)). */
#ifndef ARR_STEPS_PER_ROW
#define ARR_STEPS_PER_ROW 4
#endif

typedef struct lap {
    int rows;               /* rows <= cols */
    int cols;
    const double *c;        /* rows x cols, row-major */
    double *u;              /* row duals */
    double *v;              /* column duals; -inf while finished in a search */
    double *d;              /* distance of each column in the search; +inf when finished */
    double *dpop;           /* distance at which a column was finished */
    double *vpop;           /* v of a column when it was finished */
    int *rpop;              /* how many rows had been scanned when a column was finished */
    int *row4col;           /* row of each column, -1 when free */
    int *col4row;           /* column of each row, -1 when free */
    int *done;              /* columns finished in the current search, in order */
    int *todo;              /* finished columns whose rows are still to scan */
    int *scanned;           /* rows scanned in the current search, in order */
    double *level;          /* distance at which each scanned row was reached */
    double *base;           /* level - u of each scanned row, as passed to scan_row */
    int *freerows;          /* rows left free by phase 1 */
} lap;

/* d[j] = min(d[j], base + c[j] - v[j]) for every column; returns the
 * smallest d. Four columns a step in independent lanes, no branches; SSE2
 * (every x86-64) where there is one. The value of each lane is the same
 * IEEE expression as in find_pred: (base + c) - v, then the smaller. */
static double scan_row(int n, const double *restrict c, const double *restrict v, double *restrict d, double base)
{
    int j = 0;
#if defined(__SSE2__)
    __m128d b = _mm_set1_pd(base), m0 = _mm_set1_pd(INFINITY), m1 = m0;
    for (; j + 4 <= n; j += 4) {
        __m128d h0 = _mm_sub_pd(_mm_add_pd(b, _mm_loadu_pd(c + j)), _mm_loadu_pd(v + j));
        __m128d h1 = _mm_sub_pd(_mm_add_pd(b, _mm_loadu_pd(c + j + 2)), _mm_loadu_pd(v + j + 2));
        __m128d d0 = _mm_min_pd(h0, _mm_loadu_pd(d + j)); /* h < d ? h : d */
        __m128d d1 = _mm_min_pd(h1, _mm_loadu_pd(d + j + 2));
        _mm_storeu_pd(d + j, d0);
        _mm_storeu_pd(d + j + 2, d1);
        m0 = _mm_min_pd(d0, m0);
        m1 = _mm_min_pd(d1, m1);
    }
    m0 = _mm_min_pd(m0, m1);
    double lanes[2];
    _mm_storeu_pd(lanes, m0);
    double m = lanes[1] < lanes[0] ? lanes[1] : lanes[0];
#else
    double m0 = INFINITY, m1 = INFINITY, m2 = INFINITY, m3 = INFINITY;
    for (; j + 4 <= n; j += 4) {
        double h0 = base + c[j] - v[j];
        double h1 = base + c[j + 1] - v[j + 1];
        double h2 = base + c[j + 2] - v[j + 2];
        double h3 = base + c[j + 3] - v[j + 3];
        double d0 = d[j], d1 = d[j + 1], d2 = d[j + 2], d3 = d[j + 3];
        d0 = h0 < d0 ? h0 : d0;
        d1 = h1 < d1 ? h1 : d1;
        d2 = h2 < d2 ? h2 : d2;
        d3 = h3 < d3 ? h3 : d3;
        d[j] = d0;
        d[j + 1] = d1;
        d[j + 2] = d2;
        d[j + 3] = d3;
        m0 = d0 < m0 ? d0 : m0;
        m1 = d1 < m1 ? d1 : m1;
        m2 = d2 < m2 ? d2 : m2;
        m3 = d3 < m3 ? d3 : m3;
    }
    m0 = m1 < m0 ? m1 : m0;
    m2 = m3 < m2 ? m3 : m2;
    double m = m2 < m0 ? m2 : m0;
#endif
    for (; j < n; j++) {
        double h = base + c[j] - v[j];
        double dj = d[j];
        dj = h < dj ? h : dj;
        d[j] = dj;
        m = dj < m ? dj : m;
    }
    return m;
}

/* The first column at or after j whose distance is exactly lvl, or n. */
static int next_at(int n, const double *restrict d, double lvl, int j)
{
#if defined(__SSE2__)
    __m128d l = _mm_set1_pd(lvl);
    for (; j + 4 <= n; j += 4) {
        __m128d e = _mm_or_pd(_mm_cmpeq_pd(_mm_loadu_pd(d + j), l), _mm_cmpeq_pd(_mm_loadu_pd(d + j + 2), l));
        if (_mm_movemask_pd(e)) break;
    }
#endif
    for (; j < n; j++)
        if (d[j] == lvl) return j;
    return n;
}

/* The row that gave column j its distance: among the rows scanned before j
 * was finished, the one whose scan computed exactly dpop[j]. Its position in
 * p->scanned. */
static int find_pred(const lap *p, int j)
{
    int n = p->cols;
    double want = p->dpop[j], vj = p->vpop[j];
    int best = 0;
    double best_gap = INFINITY;
    for (int s = 0; s < p->rpop[j]; s++) {
        double h = p->base[s] + p->c[(size_t)p->scanned[s] * (size_t)n + (size_t)j] - vj;
        if (h == want) return s;
        /* Not reached in IEEE double arithmetic, where the scan and this
         * line compute the same value; kept so that a compiler that
         * contracts or reorders cannot make the path disappear. */
        double gap = fabs(h - want);
        if (gap < best_gap) {
            best_gap = gap;
            best = s;
        }
    }
    assert(!"find_pred: no scanned row reproduces the distance");
    return best;
}

/* Finishes column j at distance lvl: masks it out of later scans. */
static void finish(lap *p, int j, double lvl, int nscanned, int *ndone)
{
    p->dpop[j] = lvl;
    p->vpop[j] = p->v[j];
    p->rpop[j] = nscanned;
    p->v[j] = -INFINITY;
    p->d[j] = INFINITY;
    p->done[(*ndone)++] = j;
}

/* Phase 2 for one free row: shortest path from row cur to a free column,
 * then the dual update and the flip of the path. */
static void augment(lap *p, int cur)
{
    int n = p->cols;
    const double *c = p->c;
    int ndone = 0, nscan = 0, ntodo = 0, sink = -1;

    p->scanned[0] = cur;
    p->level[0] = 0;
    p->base[0] = -p->u[cur];
    nscan = 1;
    double lowest = scan_row(n, c + (size_t)cur * (size_t)n, p->v, p->d, p->base[0]);
    double lvl = 0;
    for (;;) {
        if (ntodo == 0) {
            /* Finish every column at the smallest distance; stop at a free one. */
            lvl = lowest;
            assert(isfinite(lvl));
            for (int j = next_at(n, p->d, lvl, 0); j < n; j = next_at(n, p->d, lvl, j + 1)) {
                finish(p, j, lvl, nscan, &ndone);
                if (p->row4col[j] < 0) {
                    sink = j;
                    break;
                }
                p->todo[ntodo++] = j;
            }
            if (sink >= 0) break;
            assert(ntodo > 0);
        }
        int j = p->todo[--ntodo];
        int i = p->row4col[j];
        p->scanned[nscan] = i;
        p->level[nscan] = lvl;
        p->base[nscan] = lvl - p->u[i];
        nscan++;
        lowest = scan_row(n, c + (size_t)i * (size_t)n, p->v, p->d, p->base[nscan - 1]);
    }

    /* Flip the path from the sink back to cur (needs the old col4row). */
    for (int j = sink;;) {
        int i = p->scanned[find_pred(p, j)];
        int next = p->col4row[i];
        p->row4col[j] = i;
        p->col4row[i] = j;
        if (i == cur) break;
        j = next;
    }
    /* Duals: every scanned row and finished column moves by how much sooner
     * than the sink it was reached; the others stay. Reset the distances. */
    for (int s = 0; s < nscan; s++) p->u[p->scanned[s]] += lvl - p->level[s];
    for (int k = 0; k < ndone; k++) {
        int j = p->done[k];
        p->v[j] = p->vpop[j] - (lvl - p->dpop[j]);
    }
    double *d = p->d;
    for (int j = 0; j < n; j++) d[j] = INFINITY;
}

/* The smallest and second smallest c[j] - v[j], with their columns (j2 is
 * -1 and *m2 +inf when n == 1). */
static void two_smallest(int n, const double *restrict c, const double *restrict v, double *m1, int *j1, double *m2,
                         int *j2)
{
    double a = c[0] - v[0], b = INFINITY;
    int ja = 0, jb = -1;
    for (int j = 1; j < n; j++) {
        double h = c[j] - v[j];
        if (h < b) {
            if (h >= a) {
                b = h;
                jb = j;
            } else {
                b = a;
                jb = ja;
                a = h;
                ja = j;
            }
        }
    }
    *m1 = a;
    *j1 = ja;
    *m2 = b;
    *j2 = jb;
}

/* Phase 1: augmenting row reduction over all rows, two rounds as in LAPJV,
 * at most ARR_STEPS_PER_ROW * rows reductions. Leaves the free rows in
 * p->freerows; returns their count. */
static int row_reduction(lap *p)
{
    int m = p->rows, n = p->cols;
    int *fr = p->freerows;
    for (int i = 0; i < m; i++) fr[i] = i;
    int nfree = m;
    long budget = (long)ARR_STEPS_PER_ROW * m;
    for (int round = 0; round < 2 && nfree > 0 && budget > 0; round++) {
        int k = 0, prev = nfree;
        nfree = 0;
        while (k < prev) {
            if (budget-- <= 0) {
                /* Out of budget: the rest stay free for phase 2. */
                while (k < prev) fr[nfree++] = fr[k++];
                break;
            }
            int i = fr[k++];
            double m1, m2;
            int j1, j2;
            two_smallest(n, p->c + (size_t)i * (size_t)n, p->v, &m1, &j1, &m2, &j2);
            int i0 = p->row4col[j1];
            bool lower = m1 < m2 && isfinite(m2);
            if (lower) {
                p->v[j1] -= m2 - m1;
            } else if (i0 >= 0 && j2 >= 0) {
                /* A tie: j2 is as cheap and may be free. */
                j1 = j2;
                i0 = p->row4col[j2];
            }
            p->col4row[i] = j1;
            p->row4col[j1] = i;
            if (i0 >= 0) {
                p->col4row[i0] = -1;
                if (lower) fr[--k] = i0; /* continue with the row it displaced */
                else fr[nfree++] = i0;
            }
        }
    }
    /* Make the duals of the assigned rows tight. */
    for (int i = 0; i < m; i++) {
        int j = p->col4row[i];
        p->u[i] = j >= 0 ? p->c[(size_t)i * (size_t)n + (size_t)j] - p->v[j] : 0;
    }
    return nfree;
}

int assign_solve(int rows, int cols, const double *cost, int *row_to_col, double *total)
{
    if (rows < 0 || cols < 0 || rows > cols) return -1;
    if (rows == 0) {
        if (total) *total = 0;
        return 0;
    }
    if (!cost || !row_to_col) return -1;
    size_t m = (size_t)rows, n = (size_t)cols;
    if (n > SIZE_MAX / sizeof(double) / m) return -1;
    for (size_t k = 0; k < m * n; k++)
        if (!(fabs(cost[k]) <= ASSIGN_MAX_COST)) return -1; /* also NaN */

    size_t doubles = m * 3 + n * 4, ints = m * 3 + n * 4;
    char *mem = malloc(doubles * sizeof(double) + ints * sizeof(int));
    if (!mem) return -1;
    lap p = {.rows = rows, .cols = cols, .c = cost};
    double *dp = (double *)(void *)mem;
    p.u = dp, dp += m;
    p.level = dp, dp += m;
    p.base = dp, dp += m;
    p.v = dp, dp += n;
    p.d = dp, dp += n;
    p.dpop = dp, dp += n;
    p.vpop = dp, dp += n;
    int *ip = (int *)(void *)dp;
    p.col4row = ip, ip += m;
    p.scanned = ip, ip += m;
    p.freerows = ip, ip += m;
    p.row4col = ip, ip += n;
    p.rpop = ip, ip += n;
    p.done = ip, ip += n;
    p.todo = ip;
    for (size_t j = 0; j < n; j++) {
        p.v[j] = 0;
        p.d[j] = INFINITY;
        p.row4col[j] = -1;
    }
    for (size_t i = 0; i < m; i++) p.col4row[i] = -1;

    int nfree = row_reduction(&p);
    for (int k = 0; k < nfree; k++) augment(&p, p.freerows[k]);

    double sum = 0;
    for (int i = 0; i < rows; i++) {
        assert(p.col4row[i] >= 0 && p.row4col[p.col4row[i]] == i);
        row_to_col[i] = p.col4row[i];
        sum += cost[(size_t)i * n + (size_t)p.col4row[i]];
    }
    if (total) *total = sum;
    free(mem);
    return 0;
}
