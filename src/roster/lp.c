/* roster lp: dense revised simplex (see lp.h). Dantzig pricing, Bland's rule
 * after a run of degenerate pivots (no cycling), the basis inverse updated
 * by one elimination step per pivot (over the nonzeros of the pivot row)
 * and recomputed from the basis every few hundred pivots; a basis found
 * singular then is replaced by the starting one. Artificial columns (cost LP_BIG) start the rows that have
 * no unit column; once they leave the basis they never come back. */
#include "roster/lp.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LP_BIG 1e7       /* cost of an artificial column */
#define LP_EPS_RC 1e-7   /* reduced cost below -LP_EPS_RC enters */
#define LP_EPS_PIV 1e-9  /* smallest pivot element taken */
#define LP_DEGEN 50      /* degenerate pivots in a row before Bland's rule */

struct rp_lp {
    int m, n, cap_n;
    size_t nnz, cap_nnz;
    double *b;        /* [m] */
    double *binv;     /* [m * m] row-major */
    double *xb;       /* [m] values of the basic columns */
    int *head;        /* [m] basic column of each row; -(i + 1) = artificial of row i */
    double *y;        /* [m] duals */
    double *alpha;    /* [m] */
    int *nzr;         /* [m] nonzero positions of the pivot row of the inverse */
    double *work;     /* [m * m] for refactoring */
    size_t *cstart;   /* [cap_n + 1] */
    int *crow;        /* [cap_nnz] */
    double *cval;     /* [cap_nnz] */
    double *cost;     /* [cap_n] */
    int *pos;         /* [cap_n] row where column j is basic, or -1 */
    uint8_t *off;     /* [cap_n] 1 = may not enter the basis */
    int started;
    long pivots, since_refactor;
    double obj;
};

rp_lp *rp_lp_create(int m, const double *b)
{
    assert(m > 0);
    rp_lp *lp = calloc(1, sizeof(*lp));
    if (!lp) return NULL;
    lp->m = m;
    size_t mm = (size_t)m * (size_t)m;
    lp->b = malloc(sizeof(double) * (size_t)m);
    lp->binv = calloc(mm, sizeof(double));
    lp->work = malloc(sizeof(double) * mm);
    lp->xb = calloc((size_t)m, sizeof(double));
    lp->head = calloc((size_t)m, sizeof(int));
    lp->y = calloc((size_t)m, sizeof(double));
    lp->alpha = calloc((size_t)m, sizeof(double));
    lp->nzr = malloc(sizeof(int) * (size_t)m);
    lp->cstart = calloc(1, sizeof(size_t));
    if (!lp->b || !lp->binv || !lp->work || !lp->xb || !lp->head || !lp->y || !lp->alpha || !lp->nzr ||
        !lp->cstart) {
        rp_lp_free(lp);
        return NULL;
    }
    memcpy(lp->b, b, sizeof(double) * (size_t)m);
    return lp;
}

void rp_lp_free(rp_lp *lp)
{
    if (!lp) return;
    free(lp->b);
    free(lp->binv);
    free(lp->work);
    free(lp->xb);
    free(lp->head);
    free(lp->y);
    free(lp->alpha);
    free(lp->nzr);
    free(lp->cstart);
    free(lp->crow);
    free(lp->cval);
    free(lp->cost);
    free(lp->pos);
    free(lp->off);
    free(lp);
}

int rp_lp_add_col(rp_lp *lp, double c, int nnz, const int *rows, const double *vals)
{
    if (lp->n == lp->cap_n) {
        int cap = lp->cap_n ? lp->cap_n * 2 : 64;
        size_t *cs = realloc(lp->cstart, sizeof(size_t) * ((size_t)cap + 1));
        if (!cs) return -1;
        lp->cstart = cs;
        double *co = realloc(lp->cost, sizeof(double) * (size_t)cap);
        if (!co) return -1;
        lp->cost = co;
        int *po = realloc(lp->pos, sizeof(int) * (size_t)cap);
        if (!po) return -1;
        lp->pos = po;
        uint8_t *of = realloc(lp->off, (size_t)cap);
        if (!of) return -1;
        lp->off = of;
        lp->cap_n = cap;
    }
    if (lp->nnz + (size_t)nnz > lp->cap_nnz) {
        size_t cap = (lp->nnz + (size_t)nnz) * 2 + 256;
        int *r = realloc(lp->crow, sizeof(int) * cap);
        if (!r) return -1;
        lp->crow = r;
        double *v = realloc(lp->cval, sizeof(double) * cap);
        if (!v) return -1;
        lp->cval = v;
        lp->cap_nnz = cap;
    }
    for (int k = 0; k < nnz; k++) {
        assert(rows[k] >= 0 && rows[k] < lp->m);
        lp->crow[lp->nnz + (size_t)k] = rows[k];
        lp->cval[lp->nnz + (size_t)k] = vals[k];
    }
    int j = lp->n++;
    lp->cost[j] = c;
    lp->pos[j] = -1;
    lp->off[j] = 0;
    lp->nnz += (size_t)nnz;
    lp->cstart[lp->n] = lp->nnz;
    return j;
}

void rp_lp_set_cost(rp_lp *lp, int j, double c)
{
    assert(j >= 0 && j < lp->n);
    lp->cost[j] = c;
}

void rp_lp_ban(rp_lp *lp, int j, double c)
{
    assert(j >= 0 && j < lp->n);
    lp->off[j] = 1;
    if (lp->pos[j] >= 0) lp->cost[j] = c;
}

static double head_cost(const rp_lp *lp, int i)
{
    return lp->head[i] >= 0 ? lp->cost[lp->head[i]] : LP_BIG;
}

/* The first basis: a unit column of the right sign where there is one,
 * else an artificial column (+-e_i with the sign of b_i). */
static void start_basis(rp_lp *lp)
{
    const int m = lp->m;
    memset(lp->binv, 0, sizeof(double) * (size_t)m * (size_t)m);
    for (int i = 0; i < m; i++) {
        lp->head[i] = -(i + 1);
        double s = lp->b[i] >= 0 ? 1.0 : -1.0;
        lp->binv[(size_t)i * m + i] = s;
        lp->xb[i] = fabs(lp->b[i]);
    }
    for (int j = 0; j < lp->n; j++) {
        if (lp->cstart[j + 1] - lp->cstart[j] != 1) continue;
        size_t k = lp->cstart[j];
        int i = lp->crow[k];
        double v = lp->cval[k];
        if (lp->head[i] >= 0 || v == 0 || (lp->b[i] != 0 && (lp->b[i] > 0) != (v > 0))) continue;
        if (lp->b[i] == 0 && v < 0) continue; /* keep +e_i columns first */
        lp->head[i] = j;
        lp->pos[j] = i;
        lp->binv[(size_t)i * m + i] = 1.0 / v;
        lp->xb[i] = lp->b[i] / v;
    }
    for (int j = 0; j < lp->n; j++) { /* -e_i for b_i = 0 rows still artificial */
        if (lp->pos[j] >= 0 || lp->cstart[j + 1] - lp->cstart[j] != 1) continue;
        size_t k = lp->cstart[j];
        int i = lp->crow[k];
        if (lp->head[i] >= 0 || lp->b[i] != 0 || lp->cval[k] == 0) continue;
        lp->head[i] = j;
        lp->pos[j] = i;
        lp->binv[(size_t)i * m + i] = 1.0 / lp->cval[k];
        lp->xb[i] = 0;
    }
    lp->started = 1;
}

/* Recomputes the basis inverse from the basic columns (Gauss-Jordan with
 * partial pivoting) and the basic values from it; 0, or -1 when the basis is
 * singular (then nothing changes). */
static int refactor(rp_lp *lp)
{
    const int m = lp->m;
    double *a = lp->work, *inv = lp->binv;
    /* a = B, row-major; solved in place next to a fresh identity */
    memset(a, 0, sizeof(double) * (size_t)m * (size_t)m);
    for (int i = 0; i < m; i++) {
        int j = lp->head[i];
        if (j < 0) {
            int r = -j - 1;
            a[(size_t)r * m + i] = lp->b[r] >= 0 ? 1.0 : -1.0;
        } else {
            for (size_t k = lp->cstart[j]; k < lp->cstart[j + 1]; k++)
                a[(size_t)lp->crow[k] * m + i] = lp->cval[k];
        }
    }
    double *id = malloc(sizeof(double) * (size_t)m * (size_t)m);
    if (!id) return -1;
    memset(id, 0, sizeof(double) * (size_t)m * (size_t)m);
    for (int i = 0; i < m; i++) id[(size_t)i * m + i] = 1.0;
    for (int c = 0; c < m; c++) {
        int pr = -1;
        double best = 1e-11;
        for (int r = c; r < m; r++)
            if (fabs(a[(size_t)r * m + c]) > best) {
                best = fabs(a[(size_t)r * m + c]);
                pr = r;
            }
        if (pr < 0) {
            free(id);
            return -1;
        }
        if (pr != c)
            for (int k = 0; k < m; k++) {
                double t = a[(size_t)pr * m + k];
                a[(size_t)pr * m + k] = a[(size_t)c * m + k];
                a[(size_t)c * m + k] = t;
                t = id[(size_t)pr * m + k];
                id[(size_t)pr * m + k] = id[(size_t)c * m + k];
                id[(size_t)c * m + k] = t;
            }
        double piv = a[(size_t)c * m + c];
        for (int k = 0; k < m; k++) {
            a[(size_t)c * m + k] /= piv;
            id[(size_t)c * m + k] /= piv;
        }
        for (int r = 0; r < m; r++) {
            if (r == c) continue;
            double f = a[(size_t)r * m + c];
            if (f == 0) continue;
            double *ar = a + (size_t)r * m, *ac = a + (size_t)c * m;
            double *ir = id + (size_t)r * m, *ic = id + (size_t)c * m;
            for (int k = 0; k < m; k++) {
                ar[k] -= f * ac[k];
                ir[k] -= f * ic[k];
            }
        }
    }
    /* id is now B^-1 with rows in basis order */
    memcpy(inv, id, sizeof(double) * (size_t)m * (size_t)m);
    free(id);
    for (int i = 0; i < m; i++) {
        double s = 0;
        const double *row = inv + (size_t)i * m;
        for (int k = 0; k < m; k++) s += row[k] * lp->b[k];
        lp->xb[i] = s < 0 && s > -1e-9 ? 0 : s;
    }
    lp->since_refactor = 0;
    return 0;
}

int rp_lp_set_basis(rp_lp *lp, const int *cols)
{
    const int m = lp->m;
    assert(!lp->started);
    for (int j = 0; j < lp->n; j++) lp->pos[j] = -1;
    int ok = 1;
    for (int i = 0; i < m && ok; i++) {
        int j = cols[i];
        if (j < 0 || j >= lp->n || lp->pos[j] >= 0) ok = 0;
        else {
            lp->head[i] = j;
            lp->pos[j] = i;
        }
    }
    if (ok && refactor(lp) == 0) {
        for (int i = 0; i < m && ok; i++)
            if (lp->xb[i] < -1e-9) ok = 0;
        if (ok) {
            for (int i = 0; i < m; i++)
                if (lp->xb[i] < 0) lp->xb[i] = 0;
            lp->started = 1;
            return 0;
        }
    }
    for (int j = 0; j < lp->n; j++) lp->pos[j] = -1;
    return -1;
}

static void compute_duals(rp_lp *lp)
{
    const int m = lp->m;
    memset(lp->y, 0, sizeof(double) * (size_t)m);
    for (int i = 0; i < m; i++) {
        double c = head_cost(lp, i);
        if (c == 0) continue;
        const double *row = lp->binv + (size_t)i * m;
        for (int k = 0; k < m; k++) lp->y[k] += c * row[k];
    }
}

/* The reduced cost of column j, and in *tol the rounding error it may carry
 * (relative to the size of the terms), below which it counts as zero. */
static double reduced_cost(const rp_lp *lp, int j, double *tol)
{
    double rc = lp->cost[j], mag = fabs(rc);
    for (size_t k = lp->cstart[j]; k < lp->cstart[j + 1]; k++) {
        double t = lp->y[lp->crow[k]] * lp->cval[k];
        rc -= t;
        mag += fabs(t);
    }
    *tol = LP_EPS_RC + 1e-11 * mag;
    return rc;
}

int rp_lp_solve(rp_lp *lp, long max_pivots)
{
    const int m = lp->m;
    if (!lp->started) start_basis(lp);
    int degen = 0;
    long done = 0;
    int fresh = 0; /* the duals are recomputed from the basis, not updated */
    int restarted = 0;
    for (;;) {
        if (lp->since_refactor >= 4L * m + 100) {
            if (refactor(lp) != 0) {
                /* the updated inverse drifted into a singular basis: start
                 * again from the unit and artificial columns (the
                 * artificial ones are priced out again); twice in one
                 * solve is numerical trouble */
                if (restarted) return RP_LP_LIMIT;
                restarted = 1;
                for (int j = 0; j < lp->n; j++) lp->pos[j] = -1;
                start_basis(lp);
                lp->since_refactor = 0;
                degen = 0;
            }
            fresh = 0;
        }
        if (!fresh) {
            compute_duals(lp);
            fresh = 1;
        }
        /* entering column */
        int q = -1;
        double best = 0;
        const int bland = degen >= LP_DEGEN;
        for (int j = 0; j < lp->n; j++) {
            if (lp->pos[j] >= 0 || lp->off[j]) continue;
            double tol;
            double rc = reduced_cost(lp, j, &tol);
            if (rc < -tol && rc < best) {
                best = rc;
                q = j;
                if (bland) break;
            }
        }
        if (q < 0) break;
        if (max_pivots > 0 && done >= max_pivots) {
            lp->obj = 0;
            for (int i = 0; i < m; i++) lp->obj += head_cost(lp, i) * lp->xb[i];
            return RP_LP_LIMIT;
        }
        /* its column in the basis' terms */
        for (int i = 0; i < m; i++) {
            const double *row = lp->binv + (size_t)i * m;
            double s = 0;
            for (size_t k = lp->cstart[q]; k < lp->cstart[q + 1]; k++) s += row[lp->crow[k]] * lp->cval[k];
            lp->alpha[i] = s;
        }
        /* leaving row: the smallest ratio; ties to the larger pivot (or, under
         * Bland's rule, the smallest column index) */
        int r = -1;
        double theta = 0, rbest = 0;
        for (int i = 0; i < m; i++) {
            double al = lp->alpha[i];
            if (al <= LP_EPS_PIV) continue;
            double t = lp->xb[i] / al;
            if (t < 0) t = 0;
            int take = 0;
            if (r < 0 || t < theta - 1e-12) {
                take = 1;
            } else if (t <= theta + 1e-12) {
                if (bland) {
                    int hi = lp->head[i] < 0 ? lp->n - lp->head[i] : lp->head[i];
                    int hr = lp->head[r] < 0 ? lp->n - lp->head[r] : lp->head[r];
                    take = hi < hr;
                } else {
                    take = al > rbest;
                }
            }
            if (take) {
                r = i;
                theta = t;
                rbest = al;
            }
        }
        if (r < 0) return RP_LP_UNBOUNDED;
        degen = theta <= 1e-12 ? degen + 1 : 0;
        for (int i = 0; i < m; i++) {
            if (i == r) continue;
            lp->xb[i] -= theta * lp->alpha[i];
            if (lp->xb[i] < 0 && lp->xb[i] > -1e-9) lp->xb[i] = 0;
        }
        lp->xb[r] = theta;
        double *rr = lp->binv + (size_t)r * m;
        /* the nonzeros of row r of the inverse (a third to a half of it on
         * the whole-horizon masters): the updates below touch only those */
        int nz = 0;
        for (int k = 0; k < m; k++)
            if (rr[k] != 0) lp->nzr[nz++] = k;
        const int *nzr = lp->nzr;
        /* the duals after the pivot: y + (d_q / alpha_r) times row r of the
         * inverse before it (O(m) instead of recomputing them, O(m^2)) */
        {
            const double t = best / lp->alpha[r];
            for (int z = 0; z < nz; z++) lp->y[nzr[z]] += t * rr[nzr[z]];
        }
        double inv = 1.0 / lp->alpha[r];
        for (int z = 0; z < nz; z++) rr[nzr[z]] *= inv;
        for (int i = 0; i < m; i++) {
            double f = lp->alpha[i];
            if (i == r || f == 0) continue;
            double *ri = lp->binv + (size_t)i * m;
            if (nz * 4 > m * 3) {
                for (int k = 0; k < m; k++) ri[k] -= f * rr[k];
            } else {
                for (int z = 0; z < nz; z++) ri[nzr[z]] -= f * rr[nzr[z]];
            }
        }
        if (lp->head[r] >= 0) lp->pos[lp->head[r]] = -1;
        lp->head[r] = q;
        lp->pos[q] = r;
        lp->pivots++;
        lp->since_refactor++;
        done++;
    }
    lp->obj = 0;
    int art = 0;
    for (int i = 0; i < m; i++) {
        lp->obj += head_cost(lp, i) * lp->xb[i];
        if (lp->head[i] < 0 && lp->xb[i] > 1e-7) art = 1;
    }
    return art ? RP_LP_INFEASIBLE : RP_LP_OPTIMAL;
}

double rp_lp_objective(const rp_lp *lp)
{
    return lp->obj;
}

double rp_lp_value(const rp_lp *lp, int j)
{
    assert(j >= 0 && j < lp->n);
    return lp->pos[j] >= 0 ? lp->xb[lp->pos[j]] : 0.0;
}

const double *rp_lp_duals(const rp_lp *lp)
{
    return lp->y;
}

int rp_lp_cols(const rp_lp *lp)
{
    return lp->n;
}

long rp_lp_pivots(const rp_lp *lp)
{
    return lp->pivots;
}
