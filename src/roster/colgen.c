/* roster colgen: column generation and diving on a window master (see
 * colgen.h). */
#include "roster/colgen.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "roster/linedp.h"
#include "roster/lp.h"

#define CG_HW 100000      /* pricing state's weight per hard unit: hard rules prohibitive */
#define CG_HCOST 100      /* a column's cost per hard unit, and the neighbourhoods' measure:
                             far above any soft part, far below the LP's artificial columns */
#define CG_SCALE 1000     /* duals are passed to the DP in thousandths */
#define CG_RC_EPS 1e-4    /* a column enters when its reduced cost is below -CG_RC_EPS */
#define CG_DIVE_ROUNDS 0  /* pricing rounds after each fixing (0 = to convergence) ... */
#define CG_DIVE_PACED 2   /* ... or this many once the dive would not finish in the share */
#define CG_FORBID ((int64_t)1 << 50) /* day cost of a value the pricing rules out */
#define CG_LNS_ROUNDS 0     /* pricing rounds at a neighbourhood's root ... */
#define CG_LNS_DIVE_ROUNDS 0 /* ... and after each fixing in its dive */
#define CG_PA_MOVES 200000L /* moves of one annealing over the pool ... */
#define CG_PA_T0 20.0        /* ... from this temperature */
#define CG_LNS_MAX 12      /* employees freed at most in a whole-horizon neighbourhood */
#define CG_MAX_PIVOTS 20000L  /* pivots of one master solve at most */
#define CG_FIX 0.9         /* a line at this LP value or more is fixed in the dive */
#define CG_BANNED 1e5      /* cost of the lines of a fixed employee other than its own */
#define CG_MAX_STATES ((size_t)4 << 20)   /* whole lines without a count */
#define CG_DP_STATES ((size_t)24 << 20)   /* the DP's cap, with a count */
#define CG_MAX_DAYS 1400   /* longest horizon of the whole-horizon master */
#define CG_OUT (-2)        /* fixed[e]: not in the master, keeps its current line */
#define CG_ROOT_CUT 0.4    /* the whole-horizon root is given up when it has not
                              converged by this share of the budget */
#define CG_BNP_START 0.3  /* branch-and-price starts at this share of the budget ... */
#define CG_BNP_END 0.8    /* ... and gives the rest to the neighbourhoods */
#define CG_BNP_EARLY 0.25 /* a dive done by this share of the budget ... */
#define CG_BNP_EXTEND 1.8 /* ... asks for the budget times this, and branch-and-price
                             starts once the neighbourhoods stall */
#define CG_BNP_STALL 6    /* neighbourhoods in a row without a better roster */
#define CG_WIN_MIN 7       /* days of a window at least */
#define CG_WIN_STEP 7      /* a window grows or shrinks by this many days */
#define CG_WIN_WORK 1.5e8  /* work of one window neighbourhood aimed at (DP cells plus
                              pivots x rows^2; about 0.15 s on the benchmark machine) */
#define CG_WIN_FREE_MIN 8  /* employees freed in a window at least ... */
#define CG_WIN_FREE0 32    /* ... and in the first one */

/* Columns: lines of L days (the window) of their employees. */
typedef struct cg_pool {
    int n, cap, L;
    int *emp;
    uint8_t *lines;       /* [cap * L] */
    int64_t *cost;        /* the employee's own penalties with this line (hard at CG_HCOST) */
    uint64_t *hash;
    int *lpcol;           /* [cap] LP column, or -1 */
    int *ht;              /* [htcap] open addressing by hash: pool index + 1, 0 = empty */
    size_t htcap;
} cg_pool;

typedef struct cg {
    const rp_problem *p;
    rp_state ps;          /* the current roster, hard rules prohibitive: prices window
                             lines against the fixed days outside the window */
    rp_dp *dp;
    rp_cg_poll poll;
    rp_cg_used used;
    void *ctx;
    int stopped;
    int cut;              /* generate() gave up at its share of the budget */
    int a, b, L;          /* the window */
    cg_pool whole, win;   /* whole-horizon lines (kept across masters), window lines */
    cg_pool *P;           /* the pool of the current master */
    int64_t *soft0, *hard0; /* [E] own penalties of each free employee's current line */
    int *outcnt;          /* [E * V] its shifts of each type outside the window */
    int64_t *extra;       /* [D * V] */
    uint8_t *line;        /* [D] */
    uint8_t *bestl;       /* [D] */
    uint8_t *keep;        /* [D] */
    int *tcount;          /* [V] */
    int *rows;            /* [D + 1] */
    double *vals;         /* [D + 1] */
    /* the current master */
    int *fixed;           /* [E] pool column, -1 free, CG_OUT */
    int *conv;            /* [E] convexity row of a free employee, or -1 */
    rp_lp *lp;
    int m;                /* its rows */
    int *poolof;          /* LP column -> pool column (slacks: -1) */
    int cap_poolof;
    int nslack;
    double *lv;           /* [E] largest LP value of each free employee ... */
    int *lc;              /* [E] ... and its pool column (-1: none) */
    uint8_t *mark;        /* [E] */
    rp_state ev;          /* evaluates whole rosters (hard at CG_HCOST) */
    uint8_t *cand;        /* [E * D] */
    int *perm;            /* [E] */
    double work;          /* DP cells plus pivots x rows^2 since reset (sizes windows) */
    struct cg_bnp *bnp;   /* branch-and-price: the node's decisions (NULL outside it) */
    int inexact;          /* set when a pricing call restricted a type by day (not exact) */
    const uint8_t *colmask; /* [ncolmask] pool columns build_master leaves out (1); NULL: none */
    int ncolmask;
} cg;

static void bnp_forbid(const cg *g, int e);
static int bnp_line_ok(const cg *g, int e, const uint8_t *l);
static int bnp(cg *g, uint8_t *out, uint64_t *rs, rp_cg_result *res);

static uint64_t line_hash(const uint8_t *l, int n, int e)
{
    uint64_t h = 1469598103934665603ull;
    for (int d = 0; d < n; d++) h = (h ^ l[d]) * 1099511628211ull;
    return h ^ ((uint64_t)e * 0x9e3779b97f4a7c15ull);
}

/* Employee e's own penalties with window line l: *soft and its hard units. */
static void line_eval(cg *g, int e, const uint8_t *l, int64_t *soft, int64_t *hard)
{
    int64_t ds, dh;
    rp_employee_delta(&g->ps, e, g->a, g->b, l, &ds, &dh);
    *soft = g->soft0[e] + ds;
    *hard = g->hard0[e] + dh;
}

static void pool_reset(cg_pool *P, int L)
{
    P->n = 0;
    P->L = L;
    if (P->ht) memset(P->ht, 0, sizeof(int) * P->htcap);
}

static void pool_free(cg_pool *P)
{
    free(P->emp);
    free(P->lines);
    free(P->cost);
    free(P->hash);
    free(P->lpcol);
    free(P->ht);
}

/* Employee e's line l in the pool (hash h), or -1. */
static int pool_find(const cg_pool *P, int e, const uint8_t *l, uint64_t h)
{
    if (!P->htcap) return -1;
    size_t mask = P->htcap - 1;
    for (size_t k = (size_t)h & mask;; k = (k + 1) & mask) {
        int i = P->ht[k] - 1;
        if (i < 0) return -1;
        if (P->hash[i] == h && P->emp[i] == e && !memcmp(P->lines + (size_t)i * P->L, l, (size_t)P->L))
            return i;
    }
}

static void ht_put(cg_pool *P, int i)
{
    size_t mask = P->htcap - 1;
    size_t k = (size_t)P->hash[i] & mask;
    while (P->ht[k]) k = (k + 1) & mask;
    P->ht[k] = i + 1;
}

/* Adds employee e's line l (cost c) to the pool unless it is there; returns
 * its index, -1 when it is a duplicate, -2 when memory fails. */
static int pool_add(cg *g, int e, const uint8_t *l, int64_t c)
{
    cg_pool *P = g->P;
    const int L = P->L;
    uint64_t h = line_hash(l, L, e);
    if (pool_find(P, e, l, h) >= 0) return -1;
    if (P->n == P->cap) {
        int cap = P->cap ? P->cap * 2 : 256;
        int *em = realloc(P->emp, sizeof(int) * (size_t)cap);
        if (!em) return -2;
        P->emp = em;
        uint8_t *li = realloc(P->lines, (size_t)cap * g->p->D);
        if (!li) return -2;
        P->lines = li;
        int64_t *co = realloc(P->cost, sizeof(int64_t) * (size_t)cap);
        if (!co) return -2;
        P->cost = co;
        uint64_t *ha = realloc(P->hash, sizeof(uint64_t) * (size_t)cap);
        if (!ha) return -2;
        P->hash = ha;
        int *lc = realloc(P->lpcol, sizeof(int) * (size_t)cap);
        if (!lc) return -2;
        P->lpcol = lc;
        P->cap = cap;
    }
    if ((size_t)(P->n + 1) * 2 > P->htcap) {
        size_t hc = P->htcap ? P->htcap * 2 : 1024;
        int *ht = calloc(hc, sizeof(int));
        if (!ht) return -2;
        free(P->ht);
        P->ht = ht;
        P->htcap = hc;
        for (int i = 0; i < P->n; i++) ht_put(P, i);
    }
    int i = P->n++;
    P->emp[i] = e;
    memcpy(P->lines + (size_t)i * L, l, (size_t)L);
    P->cost[i] = c;
    P->hash[i] = h;
    P->lpcol[i] = -1;
    ht_put(P, i);
    return i;
}

/* The pool column of employee e's window line l, added when missing (with
 * its own penalties as cost); -2 when memory fails. */
static int pool_find_add(cg *g, int e, const uint8_t *l)
{
    int i = pool_find(g->P, e, l, line_hash(l, g->P->L, e));
    if (i >= 0) return i;
    int64_t soft, hard;
    line_eval(g, e, l, &soft, &hard);
    return pool_add(g, e, l, soft + CG_HCOST * hard);
}

static int cover_row(const cg *g, int d, int v)
{
    return (d - g->a) * g->p->S + (v - 1);
}

/* Puts pool column i into the master; 0 or -1 (memory). */
static int lp_add_line(cg *g, int i)
{
    cg_pool *P = g->P;
    int k = 0;
    const uint8_t *l = P->lines + (size_t)i * P->L;
    for (int d = g->a; d <= g->b; d++)
        if (l[d - g->a]) {
            g->rows[k] = cover_row(g, d, l[d - g->a]);
            g->vals[k++] = 1.0;
        }
    g->rows[k] = g->conv[P->emp[i]];
    g->vals[k++] = 1.0;
    int j = rp_lp_add_col(g->lp, (double)P->cost[i], k, g->rows, g->vals);
    if (j < 0) return -1;
    if (j >= g->cap_poolof) {
        int cap = (j + 1) * 2;
        int *po = realloc(g->poolof, sizeof(int) * (size_t)cap);
        if (!po) return -1;
        g->poolof = po;
        g->cap_poolof = cap;
    }
    g->poolof[j] = i;
    P->lpcol[i] = j;
    return 0;
}

/* Builds the master of the window over the free employees (fixed[e] ==
 * -1): cover rows of the window days net of everyone else's lines (the
 * current roster's, or their pool column when fixed to one), slacks, and
 * every pool column of a free employee. */
/* Starts the master from the current roster (g->ps): every free employee's
 * current line basic in its convexity row, and in every cover row the slack
 * (under or over) that makes the cover of those lines exact. That basis is
 * feasible at once, so no artificial column has to be priced out (on a
 * 7-day window of Instance24 over 150 employees that was 27,672 pivots).
 * When a current line is not in the master, the simplex starts as usual. */
static void crash(cg *g)
{
    const rp_problem *p = g->p;
    const int D = p->D, V = p->V, S = p->S, R = g->L * S;
    cg_pool *P = g->P;
    int *cols = malloc(sizeof(int) * (size_t)g->m);
    double *left = malloc(sizeof(double) * (size_t)R);
    if (!cols || !left) goto done;
    for (int d = g->a; d <= g->b; d++)
        for (int v = 1; v < V; v++) left[cover_row(g, d, v)] = p->req[d * V + v];
    for (int e = 0; e < p->E; e++) {
        const uint8_t *l;
        if (g->fixed[e] >= 0) l = P->lines + (size_t)g->fixed[e] * g->L;
        else l = g->ps.x + (size_t)e * D + g->a;
        for (int d = g->a; d <= g->b; d++)
            if (l[d - g->a]) left[cover_row(g, d, l[d - g->a])] -= 1.0;
        if (g->fixed[e] != -1) continue;
        int i = pool_find(P, e, l, line_hash(l, g->L, e));
        if (i < 0 || P->lpcol[i] < 0) goto done;
        cols[g->conv[e]] = P->lpcol[i];
    }
    /* slack columns: under (+1) then over (-1) of each cover row, in order */
    for (int r = 0; r < R; r++) cols[r] = left[r] >= 0 ? 2 * r : 2 * r + 1;
    rp_lp_set_basis(g->lp, cols);
done:
    free(cols);
    free(left);
}

static int build_master(cg *g)
{
    const rp_problem *p = g->p;
    const int D = p->D, S = p->S, V = p->V, L = g->L;
    const int R = L * S;
    cg_pool *P = g->P;
    int nfree = 0;
    for (int e = 0; e < p->E; e++) g->conv[e] = g->fixed[e] == -1 ? R + nfree++ : -1;
    int m = R + nfree;
    double *b = malloc(sizeof(double) * (size_t)m);
    if (!b) return -1;
    for (int d = g->a; d <= g->b; d++)
        for (int v = 1; v < V; v++) b[cover_row(g, d, v)] = p->req[d * V + v];
    for (int e = 0; e < p->E; e++) {
        if (g->fixed[e] == -1) continue;
        const uint8_t *l = g->fixed[e] >= 0 ? P->lines + (size_t)g->fixed[e] * L
                                            : g->ps.x + (size_t)e * D + g->a;
        for (int d = g->a; d <= g->b; d++)
            if (l[d - g->a]) b[cover_row(g, d, l[d - g->a])] -= 1.0;
    }
    for (int i = R; i < m; i++) b[i] = 1.0;
    rp_lp_free(g->lp);
    g->lp = rp_lp_create(m, b);
    g->m = m;
    free(b);
    if (!g->lp) return -1;
    for (int i = 0; i < P->n; i++) P->lpcol[i] = -1;
    for (int d = g->a; d <= g->b; d++)
        for (int v = 1; v < V; v++) {
            int r = cover_row(g, d, v);
            double one = 1.0, minus = -1.0;
            if (rp_lp_add_col(g->lp, p->under[d * V + v], 1, &r, &one) < 0) return -1;
            if (rp_lp_add_col(g->lp, p->over[d * V + v], 1, &r, &minus) < 0) return -1;
        }
    g->nslack = 2 * R;
    if (g->cap_poolof < g->nslack) {
        int cap = g->nslack * 2 + 64;
        int *po = realloc(g->poolof, sizeof(int) * (size_t)cap);
        if (!po) return -1;
        g->poolof = po;
        g->cap_poolof = cap;
    }
    for (int j = 0; j < g->nslack; j++) g->poolof[j] = -1;
    for (int i = 0; i < P->n; i++) {
        if (g->fixed[P->emp[i]] != -1 || (g->colmask && i < g->ncolmask && g->colmask[i])) continue;
        if (lp_add_line(g, i)) return -1;
    }
    crash(g);
    return 0;
}

/* Sets up the master of window a..b over the employees with fixed[e] == -1
 * (the others CG_OUT) against roster x: the current roster, the free
 * employees' own penalties and counts outside the window, their current
 * lines as the first columns. The whole-horizon pool is kept from master to
 * master (a whole line's cost does not depend on anyone else); the window
 * pool starts empty. Builds the master when build is set. 0 or -1 (memory). */
static int set_window(cg *g, const uint8_t *x, int a, int b, int build)
{
    const rp_problem *p = g->p;
    const int D = p->D, V = p->V;
    rp_state_load(&g->ps, x);
    g->a = a;
    g->b = b;
    g->L = b - a + 1;
    if (a == 0 && b == D - 1) {
        g->P = &g->whole;
        g->P->L = D;
    } else {
        g->P = &g->win;
        pool_reset(g->P, g->L);
    }
    for (int e = 0; e < p->E; e++) {
        if (g->fixed[e] != -1) continue;
        rp_employee_full(&g->ps, e, &g->soft0[e], &g->hard0[e]);
        const uint8_t *l = x + (size_t)e * D;
        for (int v = 0; v < V; v++) g->outcnt[e * V + v] = g->ps.cnt[e * V + v];
        for (int d = a; d <= b; d++) g->outcnt[e * V + l[d]]--;
        if (pool_find_add(g, e, l + a) == -2) return -1;
    }
    return build ? build_master(g) : 0;
}

/* Best window line of employee e against the duals y; its reduced cost in
 * *rc. Returns the pool column to add to the master (new, or in the pool
 * but left out of the master), -1 when none with a negative reduced cost
 * (or one the master has), -2 on memory or DP failure. */
static int price(cg *g, int e, const double *y, double *rc_out)
{
    const rp_problem *p = g->p;
    const int V = p->V, a = g->a, b = g->b, L = g->L;
    for (int d = a; d <= b; d++) {
        g->extra[(size_t)d * V] = 0;
        for (int v = 1; v < V; v++)
            g->extra[(size_t)d * V + v] = -(int64_t)llround(y[cover_row(g, d, v)] * CG_SCALE);
    }
    if (g->bnp) bnp_forbid(g, e);
    /* the maxima per shift type (less what the employee works outside the
     * window): when the best line has too many shifts of a type, the DP
     * runs again with the count of the type furthest over in its state
     * (exact for that maximum); any other type over is allowed only on its
     * days of highest dual among those the line used. At most three runs;
     * the best line is kept. */
    double best = INFINITY;
    int found = 0, counted = 0;
    uint8_t *l = g->line;
    rp_dp_set_count(g->dp, 0, 0);
    for (int t = 0; t < 3; t++) {
        int rc = rp_dp_line(g->dp, &g->ps, e, a, b, NULL, g->extra, l, NULL);
        g->work += (double)rp_dp_work(g->dp);
        if (rc == -1 && counted) { /* too many states with the count: restrict instead */
            rp_dp_set_count(g->dp, 0, 0);
            counted = 0;
            g->inexact = 1;
            rc = rp_dp_line(g->dp, &g->ps, e, a, b, NULL, g->extra, l, NULL);
            g->work += (double)rp_dp_work(g->dp);
        }
        if (rc) {
            rp_dp_set_count(g->dp, 0, 0);
            return rc == -2 ? (*rc_out = INFINITY, -1) : -2;
        }
        int64_t soft, hard;
        line_eval(g, e, l, &soft, &hard);
        double r = (double)(soft + CG_HCOST * hard) - y[g->conv[e]];
        for (int d = a; d <= b; d++)
            if (l[d - a]) r -= y[cover_row(g, d, l[d - a])];
        if (r < best) {
            best = r;
            found = 1;
            memcpy(g->bestl, l, (size_t)L);
        }
        if (t == 2 || hard == 0) break;
        int over = 0, worst = 0, wv = 0;
        for (int v = 1; v < V; v++) {
            int mx = p->maxtype[e * V + v];
            if (mx >= RP_INF) continue;
            mx -= g->outcnt[e * V + v];
            if (mx < 0) mx = 0;
            int c = 0;
            for (int d = 0; d < L; d++) c += l[d] == v;
            g->tcount[v] = c;
            if (c <= mx) continue;
            over = 1;
            if (!counted && c - mx > worst) {
                worst = c - mx;
                wv = v;
            }
        }
        if (!over) break;
        if (wv) {
            int mx = p->maxtype[e * V + wv] - g->outcnt[e * V + wv];
            rp_dp_set_count(g->dp, wv, mx > 0 ? mx : 0);
            counted = wv;
        }
        for (int v = 1; v < V; v++) {
            int mx = p->maxtype[e * V + v];
            if (mx >= RP_INF) continue;
            mx -= g->outcnt[e * V + v];
            if (mx < 0) mx = 0;
            if (v == counted || g->tcount[v] <= mx) continue;
            g->inexact = 1;
            /* keep v on the mx days of highest dual among those used */
            uint8_t *keep = g->keep;
            memset(keep, 0, (size_t)L);
            for (int k = 0; k < mx; k++) {
                int bd = -1;
                double by = -INFINITY;
                for (int d = a; d <= b; d++) {
                    if (keep[d - a] || l[d - a] != v) continue;
                    double yy = y[cover_row(g, d, v)];
                    if (yy > by) {
                        by = yy;
                        bd = d;
                    }
                }
                if (bd < 0) break;
                keep[bd - a] = 1;
            }
            for (int d = a; d <= b; d++)
                if (!keep[d - a]) g->extra[(size_t)d * V + v] = CG_FORBID;
        }
    }
    rp_dp_set_count(g->dp, 0, 0);
    if (found && g->bnp && !bnp_line_ok(g, e, g->bestl)) found = 0; /* no line keeps the node's decisions */
    *rc_out = found ? best : INFINITY;
    if (!found || best >= -CG_RC_EPS) return -1;
    int i = pool_find(g->P, e, g->bestl, line_hash(g->bestl, L, e));
    if (i >= 0) return g->P->lpcol[i] < 0 ? i : -1;
    int64_t soft, hard;
    line_eval(g, e, g->bestl, &soft, &hard);
    return pool_add(g, e, g->bestl, soft + CG_HCOST * hard);
}

/* Pricing rounds until no column enters, max_rounds (0 = none) pass, the
 * poll says stop, or (cut > 0) the budget's share used reaches cut (sets
 * g->cut). Returns the rounds done, -1 on failure; *converged = 1 when the
 * master is optimal over all lines (as far as the pricing finds). */
static int generate(cg *g, int max_rounds, int *converged, double *bound, double cut)
{
    const rp_problem *p = g->p;
    *converged = 0;
    int rounds = 0;
    for (;;) {
        long p0 = rp_lp_pivots(g->lp);
        int rc = rp_lp_solve(g->lp, CG_MAX_PIVOTS);
        g->work += (double)(rp_lp_pivots(g->lp) - p0) * g->m * g->m;
        if (rc == RP_LP_LIMIT) { /* numerical trouble: stop column generation here */
            g->stopped = 1;
            return rounds;
        }
        if (rc != RP_LP_OPTIMAL && rc != RP_LP_INFEASIBLE) return -1;
        if (max_rounds && rounds >= max_rounds) return rounds;
        const double *y = rp_lp_duals(g->lp);
        int added = 0;
        double sum = 0;
        for (int e = 0; e < p->E; e++) {
            if (g->fixed[e] != -1) continue;
            if (g->poll(g->ctx, 64)) {
                g->stopped = 1;
                return rounds;
            }
            if (cut > 0 && g->used(g->ctx) >= cut) {
                g->cut = 1;
                return rounds;
            }
            double r;
            int i = price(g, e, y, &r);
            if (i == -2) return -1;
            if (r < 0 && isfinite(r)) sum += r;
            if (i >= 0) {
                if (lp_add_line(g, i)) return -1;
                added++;
            }
        }
        rounds++;
        if (bound) *bound = rp_lp_objective(g->lp) + sum;
        if (!added) {
            *converged = rc == RP_LP_OPTIMAL;
            return rounds;
        }
    }
}

static void cg_free(cg *g)
{
    if (g->ev.p) rp_state_free(&g->ev);
    if (g->ps.p) rp_state_free(&g->ps);
    free(g->cand);
    free(g->perm);
    rp_dp_free(g->dp);
    rp_lp_free(g->lp);
    pool_free(&g->whole);
    pool_free(&g->win);
    free(g->soft0);
    free(g->hard0);
    free(g->outcnt);
    free(g->extra);
    free(g->line);
    free(g->bestl);
    free(g->keep);
    free(g->tcount);
    free(g->rows);
    free(g->vals);
    free(g->fixed);
    free(g->conv);
    free(g->poolof);
    free(g->lv);
    free(g->lc);
    free(g->mark);
}

/* Every free employee's largest LP value among its columns and that column
 * (lv, lc), in one pass over the master's columns. */
static void largest_all(cg *g)
{
    const int E = g->p->E;
    for (int e = 0; e < E; e++) {
        g->lv[e] = -1;
        g->lc[e] = -1;
    }
    if (!g->lp) return;
    int ncol = rp_lp_cols(g->lp);
    for (int j = g->nslack; j < ncol; j++) {
        int i = g->poolof[j];
        int e = g->P->emp[i];
        if (g->fixed[e] != -1) continue;
        double v = rp_lp_value(g->lp, j);
        if (v > g->lv[e]) {
            g->lv[e] = v;
            g->lc[e] = i;
        }
    }
}

/* Dives from the current master: fixes the free employee whose line is
 * most integral (and every free one at CG_FIX or more), makes its other
 * lines prohibitive, re-prices, until every employee is fixed or the poll
 * stops. 0, or -1 on failure. */
static int dive(cg *g, int rounds)
{
    const int E = g->p->E;
    cg_pool *P = g->P;
    const double u0 = g->used(g->ctx);
    int nfree0 = 0;
    for (int e = 0; e < E; e++) nfree0 += g->fixed[e] == -1;
    for (;;) {
        if (g->stopped) return 0;
        /* paced: when the share used per employee fixed so far says that
         * fixing the rest would pass the end of the share, fewer pricing
         * rounds after each fixing, so that the dive ends with a roster */
        if (!rounds) {
            int left = 0;
            for (int e = 0; e < E; e++) left += g->fixed[e] == -1;
            double u = g->used(g->ctx);
            if (left < nfree0 && u + (u - u0) / (nfree0 - left) * left > 1.0) rounds = CG_DIVE_PACED;
        }
        largest_all(g);
        int be = -1;
        double bv = -1;
        for (int e = 0; e < E; e++)
            if (g->fixed[e] == -1 && g->lc[e] >= 0 && g->lv[e] > bv) {
                bv = g->lv[e];
                be = e;
            }
        if (be < 0) return 0;
        int nfree = 0;
        for (int e = 0; e < E; e++) {
            g->mark[e] = 0;
            if (g->fixed[e] != -1) continue;
            if (e == be || (g->lc[e] >= 0 && g->lv[e] > CG_FIX)) {
                g->fixed[e] = g->lc[e];
                g->mark[e] = 1;
            } else {
                nfree++;
            }
        }
        /* the fixed employees' other lines become prohibitive */
        for (int i = 0; i < P->n; i++) {
            int e = P->emp[i];
            if (g->mark[e] && i != g->fixed[e] && P->lpcol[i] >= 0) rp_lp_ban(g->lp, P->lpcol[i], CG_BANNED);
        }
        if (!nfree) return 0;
        int cv;
        if (generate(g, rounds, &cv, NULL, 0) < 0) return -1;
    }
}

/* The roster of the current master into x: everyone's current line, the
 * window of an employee fixed to a column taken from it; a free employee
 * takes its largest LP line (if it has one). */
static void roster_of(cg *g, uint8_t *x)
{
    const int D = g->p->D;
    cg_pool *P = g->P;
    if (x != g->ps.x) memcpy(x, g->ps.x, (size_t)g->p->E * D);
    largest_all(g);
    for (int e = 0; e < g->p->E; e++) {
        int c = g->fixed[e];
        if (c == -1) c = g->lc[e];
        if (c >= 0) memcpy(x + (size_t)e * D + g->a, P->lines + (size_t)c * P->L, (size_t)g->L);
    }
}

static uint64_t xorshift(uint64_t *rs)
{
    *rs ^= *rs << 13;
    *rs ^= *rs >> 7;
    *rs ^= *rs << 17;
    return *rs;
}

/* Annealing over the pool: every employee takes one of its pool lines, a
 * move gives one employee another of its lines (its own penalties plus the
 * change of cover). Starts from the roster out, whose lines must be in the
 * pool (choice[e]); CG_PA_MOVES moves cooling from CG_PA_T0 to 0.5; when
 * it finds a roster better than *inc, writes it into out. 0 or -1 (memory). */
static int pool_anneal(cg *g, uint8_t *out, const int *choice0, const uint8_t *skip, int64_t *inc,
                       uint64_t *rs)
{
    const rp_problem *p = g->p;
    const int E = p->E, D = p->D, V = p->V;
    int *off = calloc((size_t)E + 1, sizeof(int)), *idx = malloc(sizeof(int) * (size_t)g->whole.n);
    int *choice = malloc(sizeof(int) * (size_t)E), *bestc = malloc(sizeof(int) * (size_t)E);
    int *cov = calloc((size_t)D * V, sizeof(int));
    int rc = -1;
    if (!off || !idx || !choice || !bestc || !cov) goto done;
#define PA_USED(i) (!skip || !skip[i] || choice0[g->whole.emp[i]] == (i))
    for (int i = 0; i < g->whole.n; i++)
        if (PA_USED(i)) off[g->whole.emp[i] + 1]++;
    for (int e = 0; e < E; e++) off[e + 1] += off[e];
    {
        int *fill = bestc; /* scratch until the search starts */
        for (int e = 0; e < E; e++) fill[e] = off[e];
        for (int i = 0; i < g->whole.n; i++)
            if (PA_USED(i)) idx[fill[g->whole.emp[i]]++] = i;
    }
#undef PA_USED
    int64_t cur = 0;
    for (int e = 0; e < E; e++) {
        choice[e] = choice0[e];
        cur += g->whole.cost[choice[e]];
        const uint8_t *l = g->whole.lines + (size_t)choice[e] * D;
        for (int d = 0; d < D; d++) cov[d * V + l[d]]++;
    }
    for (int d = 0; d < D; d++)
        for (int v = 1; v < V; v++) cur += rp_cover_pen(p, d, v, cov[d * V + v]);
    int64_t best = cur;
    memcpy(bestc, choice, sizeof(int) * (size_t)E);
    const double ratio = log(0.5 / CG_PA_T0);
    for (long it = 0; it < CG_PA_MOVES; it++) {
        if ((it & 4095) == 0 && g->poll(g->ctx, 64)) {
            g->stopped = 1;
            break;
        }
        int e = (int)(xorshift(rs) % (uint64_t)E);
        int nc = off[e + 1] - off[e];
        if (nc < 2) continue;
        int j = idx[off[e] + (int)(xorshift(rs) % (uint64_t)nc)], a = choice[e];
        if (j == a) continue;
        const uint8_t *la = g->whole.lines + (size_t)a * D, *lb = g->whole.lines + (size_t)j * D;
        int64_t delta = g->whole.cost[j] - g->whole.cost[a];
        for (int d = 0; d < D; d++) {
            int va = la[d], vb = lb[d];
            if (va == vb) continue;
            if (va) {
                int c = cov[d * V + va];
                delta += rp_cover_pen(p, d, va, c - 1) - rp_cover_pen(p, d, va, c);
            }
            if (vb) {
                int c = cov[d * V + vb];
                delta += rp_cover_pen(p, d, vb, c + 1) - rp_cover_pen(p, d, vb, c);
            }
        }
        if (delta > 0) {
            double t = CG_PA_T0 * exp(ratio * (double)it / (double)CG_PA_MOVES);
            double u = (double)(xorshift(rs) >> 11) * (1.0 / 9007199254740992.0);
            if (u >= exp(-(double)delta / t)) continue;
        }
        for (int d = 0; d < D; d++) {
            cov[d * V + la[d]]--;
            cov[d * V + lb[d]]++;
        }
        choice[e] = j;
        cur += delta;
        if (cur < best) {
            best = cur;
            memcpy(bestc, choice, sizeof(int) * (size_t)E);
        }
    }
    if (best < *inc) {
        *inc = best;
        for (int e = 0; e < E; e++) memcpy(out + (size_t)e * D, g->whole.lines + (size_t)bestc[e] * D, (size_t)D);
    }
    rc = 0;
done:
    free(off);
    free(idx);
    free(choice);
    free(bestc);
    free(cov);
    return rc;
}

/* The neighbourhoods' measure of roster x: soft plus CG_HCOST per hard unit. */
static int64_t measure(cg *g, const uint8_t *x)
{
    rp_state_load(&g->ev, x);
    return g->ev.soft + g->ev.hw * g->ev.hard;
}

/* Re-solves the master of window a..b over the employees freed in
 * g->fixed against out by column generation and a dive; keeps its roster
 * in out when not worse than *inc (counting the try and an improvement).
 * Returns 1 when out improved, 0 when not, -1 on failure. */
static int solve_keep(cg *g, uint8_t *out, int a, int b, int64_t *inc, int *tried, int *improved)
{
    if (set_window(g, out, a, b, 1)) return -1;
    int cv;
    if (generate(g, CG_LNS_ROUNDS, &cv, NULL, 0) < 0 || dive(g, CG_LNS_DIVE_ROUNDS) < 0) return -1;
    if (g->stopped) return 0;
    roster_of(g, g->cand);
    int64_t t = measure(g, g->cand);
    (*tried)++;
    if (t > *inc) return 0;
    int better = t < *inc;
    if (better) {
        (*improved)++;
        g->poll(g->ctx, 0);
    }
    *inc = t;
    memcpy(out, g->cand, (size_t)g->p->E * g->p->D);
    return better;
}

/* One whole-horizon neighbourhood (as after the root's dive): the pool's
 * best combination by annealing first; when that finds nothing better, a
 * few employees freed over the whole horizon, re-solved and dived. Returns
 * 1 when out improved, 0 when not, -1 on failure. */
static int whole_lns(cg *g, uint8_t *out, int64_t *inc, uint64_t *rs, rp_cg_result *res)
{
    const rp_problem *p = g->p;
    const int E = p->E, D = p->D;
    int k = E / 5;
    if (k < 3) k = 3;
    if (k > CG_LNS_MAX) k = CG_LNS_MAX;
    if (k > E) k = E;
    /* every employee's line in the pool (the annealing starts from them) */
    for (int e = 0; e < E; e++) g->fixed[e] = -1;
    if (set_window(g, out, 0, D - 1, 0)) return -1;
    for (int e = 0; e < E; e++) {
        g->lc[e] = pool_find_add(g, e, out + (size_t)e * D);
        if (g->lc[e] < 0) return -1;
    }
    int64_t before = *inc;
    if (pool_anneal(g, out, g->lc, NULL, inc, rs)) return -1;
    res->pool_runs++;
    if (*inc < before) {
        res->pool_improved++;
        g->poll(g->ctx, 0);
        return 1;
    }
    if (g->stopped) return 0;
    for (int e = 0; e < E; e++) g->fixed[e] = CG_OUT;
    for (int j = 0; j < k; j++) g->fixed[xorshift(rs) % (uint64_t)E] = -1;
    return solve_keep(g, out, 0, D - 1, inc, &res->lns_tried, &res->lns_improved);
}

/* One window neighbourhood: the employees freed (nfree of them, chosen at
 * random when fewer than all) take new lines on days a..b by column
 * generation and a dive, everyone else and every other day fixed to out.
 * Kept when not worse. Returns 1 when out improved, 0 when not, -1 on
 * failure. */
static int window_lns(cg *g, uint8_t *out, int a, int b, int nfree, int64_t *inc, uint64_t *rs,
                      rp_cg_result *res)
{
    const int E = g->p->E;
    if (nfree >= E) {
        for (int e = 0; e < E; e++) g->fixed[e] = -1;
    } else {
        for (int e = 0; e < E; e++) {
            g->fixed[e] = CG_OUT;
            g->perm[e] = e;
        }
        for (int i = 0; i < nfree; i++) {
            int j = i + (int)(xorshift(rs) % (uint64_t)(E - i));
            int t = g->perm[i];
            g->perm[i] = g->perm[j];
            g->perm[j] = t;
            g->fixed[g->perm[i]] = -1;
        }
    }
    return solve_keep(g, out, a, b, inc, &res->win_tried, &res->win_improved);
}

static int never(void *ctx, uint64_t work)
{
    (void)ctx;
    (void)work;
    return 0;
}

static double nothing_used(void *ctx)
{
    (void)ctx;
    return 0;
}

/* Sets up g for problem p: the workspaces every master needs (the caller
 * adds those of the dive and the neighbourhoods). 0, or -1 when memory
 * fails (g can then still be freed with cg_free). */
static int cg_init(cg *g, const rp_problem *p, rp_cg_poll poll, rp_cg_used used, void *ctx)
{
    const int E = p->E, D = p->D, V = p->V;
    memset(g, 0, sizeof(*g));
    g->p = p;
    g->poll = poll;
    g->used = used;
    g->ctx = ctx;
    if (rp_state_init(&g->ps, p, CG_HW)) return -1;
    g->dp = rp_dp_create(CG_DP_STATES);
    g->soft0 = calloc((size_t)E, sizeof(int64_t));
    g->hard0 = calloc((size_t)E, sizeof(int64_t));
    g->outcnt = calloc((size_t)E * V, sizeof(int));
    g->extra = calloc((size_t)D * V, sizeof(int64_t));
    g->line = calloc((size_t)D, 1);
    g->bestl = calloc((size_t)D, 1);
    g->keep = calloc((size_t)D, 1);
    g->tcount = calloc((size_t)V, sizeof(int));
    g->rows = malloc(sizeof(int) * ((size_t)D + 1));
    g->vals = malloc(sizeof(double) * ((size_t)D + 1));
    g->fixed = malloc(sizeof(int) * (size_t)E);
    g->conv = malloc(sizeof(int) * (size_t)E);
    if (!g->dp || !g->soft0 || !g->hard0 || !g->outcnt || !g->extra || !g->line || !g->bestl || !g->keep ||
        !g->tcount || !g->rows || !g->vals || !g->fixed || !g->conv)
        return -1;
    rp_dp_set_scale(g->dp, CG_SCALE);
    return 0;
}

int rp_colgen_window_lp(const rp_problem *p, const uint8_t *x, int a, int b, double *value)
{
    const int E = p->E;
    cg g;
    int rc = -1;
    if (cg_init(&g, p, never, nothing_used, NULL)) goto out;
    for (int e = 0; e < E; e++) g.fixed[e] = -1;
    if (set_window(&g, x, a, b, 1)) goto out;
    int conv;
    if (generate(&g, 0, &conv, NULL, 0) < 0 || !conv) goto out;
    *value = rp_lp_objective(g.lp);
    rc = 0;
out:
    cg_free(&g);
    return rc;
}

int rp_colgen_whole(const rp_problem *p)
{
    if (p->D > CG_MAX_DAYS) return 0;
    rp_state st;
    if (rp_state_init(&st, p, CG_HW)) return 0;
    int ok = 1;
    for (int e = 0; e < p->E && ok; e++)
        if (rp_dp_states(&st, e, 0, p->D - 1) > CG_MAX_STATES) ok = 0;
    rp_state_free(&st);
    return ok;
}

int rp_colgen(const rp_problem *p, const uint8_t *start, uint64_t seed, int windows_only,
              rp_cg_poll poll, rp_cg_used used, rp_cg_extend extend, void *ctx, uint8_t *out,
              rp_cg_result *res)
{
    const int E = p->E, D = p->D;
    memset(res, 0, sizeof(*res));
    res->lp_value = -1;
    res->bound = -1;
    if (E < 1 || D < 1) return -1;
    cg g;
    int rc = -1;
    if (cg_init(&g, p, poll, used, ctx)) goto out;
    if (rp_state_init(&g.ev, p, CG_HCOST)) goto out;
    g.lv = malloc(sizeof(double) * (size_t)E);
    g.lc = malloc(sizeof(int) * (size_t)E);
    g.mark = calloc((size_t)E, 1);
    g.perm = malloc(sizeof(int) * (size_t)E);
    g.cand = malloc((size_t)E * D);
    if (!g.lv || !g.lc || !g.mark || !g.perm || !g.cand) goto out;
    memcpy(out, start, (size_t)E * D);
    /* the whole-horizon master when every whole line fits the DP's table */
    int whole = !windows_only && rp_colgen_whole(p);
    uint64_t rs = seed * 0x9e3779b97f4a7c15ull + 1;
    if (whole) {
        for (int e = 0; e < E; e++) g.fixed[e] = -1;
        if (set_window(&g, start, 0, D - 1, 1)) goto out;
        int conv;
        double bound = -1;
        int rounds = generate(&g, 0, &conv, &bound, CG_ROOT_CUT);
        if (rounds < 0) goto out;
        res->root_rounds = rounds;
        if (conv) {
            res->lp_value = rp_lp_objective(g.lp) + (double)p->cost_const;
            res->bound = bound + (double)p->cost_const;
        }
        if (!g.cut && dive(&g, CG_DIVE_ROUNDS) < 0) goto out;
        res->complete = !g.stopped && !g.cut;
        /* unfinished: each employee not reached takes its largest LP line */
        roster_of(&g, g.cand);
        if (res->complete || measure(&g, g.cand) < measure(&g, start)) memcpy(out, g.cand, (size_t)E * D);
        if (res->complete) g.poll(g.ctx, 0);
        if (g.cut) { /* the caller decides what comes next */
            res->cut = 1;
            res->columns = g.whole.n;
            rc = 0;
            goto out;
        }
    }
    /* a converged root and a finished dive: branch-and-price from the best
     * roster once CG_BNP_START of the budget is used (the neighbourhoods
     * first give it a better incumbent), or at once when the root's bound
     * meets the incumbent; when it exhausts its tree, the roster is
     * optimal */
    int bnp_due = whole && res->complete && res->lp_value >= 0;
    /* a root and a dive done early leave most of the budget to the
     * neighbourhoods, which rarely improve for long then (instance 5: 383
     * tried, none better): a longer budget, and branch-and-price as soon as
     * the incumbent is feasible and CG_BNP_STALL neighbourhoods in a row
     * found nothing better (else at the same time as without) */
    double bnp_start = CG_BNP_START;
    int early = 0;
    if (bnp_due && extend && g.used(g.ctx) <= CG_BNP_EARLY) {
        extend(g.ctx, CG_BNP_EXTEND);
        bnp_start = CG_BNP_START / CG_BNP_EXTEND;
        early = 1;
    }
    /* large neighbourhoods until the budget is used: windows of days over
     * all employees (or a random subset), sliding over the horizon, sized
     * by the work their masters took; after a finished dive they alternate
     * with whole-horizon neighbourhoods of a few employees */
    int64_t inc = measure(&g, out);
    int wlen = CG_WIN_MIN < D ? CG_WIN_MIN : D;
    int wmax = D / 2 > CG_WIN_MIN ? D / 2 : CG_WIN_MIN;
    if (wmax > D) wmax = D;
    int nfree = E < CG_WIN_FREE0 ? E : CG_WIN_FREE0;
    int pos = (int)(xorshift(&rs) % (uint64_t)(wlen / 2 + 1));
    int64_t last = inc;
    int stall = 0;
    for (int turn = 0; !g.stopped; turn++) {
        stall = inc < last ? 0 : stall + (turn > 0);
        last = inc;
        int bnp_now = 0;
        if (early && stall >= CG_BNP_STALL) {
            measure(&g, out);
            bnp_now = g.ev.hard == 0;
        }
        /* at once when the root's bound already meets the incumbent: its
         * root node then proves the roster optimal and the run can end */
        if (bnp_due && (bnp_now || g.used(g.ctx) >= bnp_start ||
                        (double)inc <= ceil(res->bound - (double)p->cost_const - 1e-6))) {
            bnp_due = 0;
            int r = bnp(&g, out, &rs, res);
            /* a master that fails (a singular basis in the simplex, or
             * memory) ends column generation here, with its best roster:
             * out only ever holds whole rosters */
            if (r < 0) break;
            if (r == 1) break;
            inc = measure(&g, out);
            continue;
        }
        if (res->complete && (turn & 1)) {
            if (whole_lns(&g, out, &inc, &rs, res) < 0) break;
            continue;
        }
        if (pos + wlen > D) pos = (int)(xorshift(&rs) % (uint64_t)(wlen / 2 + 1));
        int a = pos + wlen > D ? D - wlen : pos;
        pos += wlen / 2 > 0 ? wlen / 2 : 1;
        g.work = 0;
        if (window_lns(&g, out, a, a + wlen - 1, nfree, &inc, &rs, res) < 0) break;
        if (g.stopped) break;
        /* the next window from the work of this one */
        if (g.work < CG_WIN_WORK / 2) {
            if (nfree < E) nfree = nfree * 2 < E ? nfree * 2 : E;
            else if (wlen < wmax) wlen = wlen + CG_WIN_STEP < wmax ? wlen + CG_WIN_STEP : wmax;
        } else if (g.work > 2 * CG_WIN_WORK) {
            if (wlen > CG_WIN_MIN) wlen = wlen - CG_WIN_STEP > CG_WIN_MIN ? wlen - CG_WIN_STEP : CG_WIN_MIN;
            else if (nfree > CG_WIN_FREE_MIN) nfree /= 2;
        }
    }
    res->columns = g.whole.n + g.win.n;
    res->window_days = wlen;
    res->window_free = nfree;
    rc = 0;
out:
    cg_free(&g);
    return rc;
}

/* ---- branch-and-price on the whole-horizon master ----
 *
 * A node is a set of decisions "employee e works value v on day d" forced
 * or forbidden. The pricing keeps them (a forbidden value costs CG_FORBID
 * on that day for that employee; forced = every other value forbidden), and
 * the node's master keeps them by pricing the pool columns that break one
 * at CG_BNP_BAN (they leave the basis; a relaxation, so bounds stay valid).
 * Depth first; branch on the x(e, d, v) closest to 0.5 (x = the LP value of
 * e's columns with v on day d), the child that agrees with the LP's
 * rounding first. Each tree's master has only the columns whose reduced
 * cost at the root leaves room below the incumbent (bnp_master). A node
 * is pruned when its bound, rounded up (the objective is integral),
 * reaches the incumbent: the converged LP, or
 * earlier the Lagrangian bound (LP plus every employee's most negative
 * reduced cost) of a round whose pricing was exact. */

#define CG_BNP_BAN 1e6     /* cost of a pool column that breaks a node's decision */
#define CG_BNP_INT 1e-6    /* an LP value this close to 0 or 1 is integral */
#define CG_BNP_ANNEAL 5    /* nodes between two annealings over the pool */
#define CG_BNP_TREE0 32    /* nodes of the first tree; each restart doubles it */
#define CG_BNP_RC_SLACK 1e-6 /* a column stays in a tree's master up to this reduced cost
                                above the gap to the incumbent */

typedef struct cg_bnp {
    int *ban;             /* [E * D * V] decisions that forbid value v on day d to e */
    int *nviol;           /* [nv] per pool column: decisions it breaks */
    int nv, capv;
    double *x;            /* [E * D * V] x(e, d, v) of the node's LP */
    uint8_t *col1;        /* [E * D] the roster of an integral LP solution */
    int64_t inc;          /* the incumbent's measure */
    long nodes, inexact;
    long leaves, maxdepth; /* integral nodes, deepest node */
    int improved;
    uint64_t *rs;         /* the random state (the pool's annealing, restarts) */
    long limit;           /* nodes of this tree at most (0 = none) ... */
    long tree_nodes;      /* ... and its nodes so far */
    int restart;          /* trees begun before this one */
    int aborted;          /* this tree reached its limit */
    int landed;           /* this tree's first plunge has ended (the limit counts from then) */
    uint8_t *out_mask;    /* [capm] pool columns left out of the master (g->colmask) */
    int capm;
    uint8_t *anneal_skip; /* [capa] pool columns the node's annealing leaves out */
    int capa;
} cg_bnp;

static void bnp_forbid(const cg *g, int e)
{
    const int D = g->p->D, V = g->p->V;
    const int *ban = g->bnp->ban + (size_t)e * D * V;
    for (int d = g->a; d <= g->b; d++)
        for (int v = 0; v < V; v++)
            if (ban[d * V + v]) g->extra[(size_t)d * V + v] = CG_FORBID;
}

static int bnp_line_ok(const cg *g, int e, const uint8_t *l)
{
    const int D = g->p->D, V = g->p->V;
    const int *ban = g->bnp->ban + (size_t)e * D * V;
    for (int d = g->a; d <= g->b; d++)
        if (ban[d * V + l[d - g->a]]) return 0;
    return 1;
}

/* Adds (sign = 1) or removes (-1) the decision (e, d, v, forced): the
 * pricing's bans, and the cost of e's pool columns that break it. 0 or -1
 * (memory). */
static int bnp_decide(cg *g, int e, int d, int v, int forced, int sign)
{
    cg_bnp *B = g->bnp;
    cg_pool *P = g->P;
    const int D = g->p->D, V = g->p->V;
    int *ban = B->ban + ((size_t)e * D + d) * V;
    for (int w = 0; w < V; w++)
        if ((w == v) != forced) ban[w] += sign;
    if (P->n > B->capv) {
        int cap = P->n * 2;
        int *nv = realloc(B->nviol, sizeof(int) * (size_t)cap);
        if (!nv) return -1;
        B->nviol = nv;
        B->capv = cap;
    }
    /* columns added since the last decision keep every decision so far */
    for (int i = B->nv; i < P->n; i++) B->nviol[i] = 0;
    B->nv = P->n;
    for (int i = 0; i < P->n; i++) {
        if (P->emp[i] != e) continue;
        int w = P->lines[(size_t)i * P->L + d];
        if ((w == v) == forced) continue; /* keeps it */
        B->nviol[i] += sign;
        int j = P->lpcol[i];
        if (j < 0) continue;
        if (sign > 0 && B->nviol[i] == 1) rp_lp_set_cost(g->lp, j, CG_BNP_BAN);
        if (sign < 0 && B->nviol[i] == 0) rp_lp_set_cost(g->lp, j, (double)P->cost[i]);
    }
    return 0;
}

/* Reduced cost of pool column i against the duals y of the current master. */
static double col_rc(const cg *g, int i, const double *y)
{
    const cg_pool *P = g->P;
    const uint8_t *l = P->lines + (size_t)i * P->L;
    double r = (double)P->cost[i] - y[g->conv[P->emp[i]]];
    for (int d = g->a; d <= g->b; d++)
        if (l[d - g->a]) r -= y[cover_row(g, d, l[d - g->a])];
    return r;
}

/* Sets (*mask)[i] for every pool column i whose reduced cost at the
 * master's duals is above thr, growing the mask (*cap entries) to the
 * pool. Returns 0, -1 when out of memory. */
static int rc_above(const cg *g, double thr, uint8_t **mask, int *cap)
{
    const cg_pool *P = g->P;
    if (P->n > *cap) {
        uint8_t *m = realloc(*mask, (size_t)P->n * 2);
        if (!m) return -1;
        *mask = m;
        *cap = P->n * 2;
    }
    const double *y = rp_lp_duals(g->lp);
    for (int i = 0; i < P->n; i++) (*mask)[i] = col_rc(g, i, y) > thr;
    return 0;
}

/* 1 when a bound (objective units without the constant part) proves that
 * nothing better than the incumbent lies below it. */
static int bnp_prunes(const cg_bnp *B, double bound)
{
    return ceil(bound - 1e-6) >= (double)B->inc;
}

/* One node and its subtree. Returns 0, -1 on failure. */
static int bnp_node(cg *g, uint8_t *out, double parent_bound, int depth)
{
    cg_bnp *B = g->bnp;
    cg_pool *P = g->P;
    const rp_problem *p = g->p;
    const int E = p->E, D = p->D, V = p->V;
    if (g->stopped || g->cut || B->aborted || bnp_prunes(B, parent_bound)) return 0;
    if (B->limit && B->landed && B->tree_nodes >= B->limit) {
        B->aborted = 1;
        return 0;
    }
    B->nodes++;
    B->tree_nodes++;
    if (depth > B->maxdepth) B->maxdepth = depth;
    /* column generation, one pricing round at a time (the Lagrangian bound
     * of each round may prune before convergence) */
    double bound = parent_bound;
    int inexact = 0;
    for (;;) {
        int cols = rp_lp_cols(g->lp), conv;
        double lag = -INFINITY;
        g->inexact = 0;
        if (generate(g, 1, &conv, &lag, CG_BNP_END) < 0) return -1;
        if (g->stopped || g->cut) return 0;
        inexact |= g->inexact;
        if (!g->inexact && lag > bound) bound = lag;
        if (bnp_prunes(B, bound)) return 0;
        if (conv) break;
        if (rp_lp_cols(g->lp) == cols) return 0; /* infeasible: no line keeps the decisions */
    }
    if (inexact) B->inexact++;
    double lpv = rp_lp_objective(g->lp);
    if (lpv > bound) bound = lpv;
    if (bnp_prunes(B, bound)) return 0;
    /* x(e, d, v), and whether every employee has one line at 1 */
    memset(B->x, 0, sizeof(double) * (size_t)E * D * V);
    int integral = 1, ncol = rp_lp_cols(g->lp);
    for (int j = g->nslack; j < ncol; j++) {
        double val = rp_lp_value(g->lp, j);
        if (val <= CG_BNP_INT) continue;
        int i = g->poolof[j], e = P->emp[i];
        const uint8_t *l = P->lines + (size_t)i * P->L;
        if (val < 1 - CG_BNP_INT) integral = 0;
        else memcpy(B->col1 + (size_t)e * D, l, (size_t)D);
        for (int d = 0; d < D; d++) B->x[((size_t)e * D + d) * V + l[d]] += val;
    }
    /* an integral LP is a roster; else each employee's largest line is one
     * (cheap rounding); kept when better */
    if (integral) B->leaves++;
    else roster_of(g, B->col1);
    int64_t t = measure(g, B->col1);
    if (t < B->inc) {
        B->inc = t;
        B->improved++;
        memcpy(out, B->col1, (size_t)E * D);
        g->poll(g->ctx, 0);
    }
    if (integral) return 0; /* the LP's optimum is this roster: nothing better below */
    /* every CG_BNP_ANNEAL nodes, the annealing over the pool (which the
     * branching's columns keep widening) from the incumbent, over the
     * lines whose reduced cost at this node leaves room below the
     * incumbent (a roster better than it within this node's subtree has
     * only such lines) */
    if (B->nodes % CG_BNP_ANNEAL == 0) {
        int ok = 1;
        for (int e = 0; e < E && ok; e++) {
            const uint8_t *l = out + (size_t)e * D;
            g->lc[e] = pool_find(P, e, l, line_hash(l, D, e));
            ok = g->lc[e] >= 0;
        }
        if (rc_above(g, (double)(B->inc - 1) - lpv + CG_BNP_RC_SLACK, &B->anneal_skip, &B->capa))
            return -1;
        int64_t before = B->inc;
        if (ok && pool_anneal(g, out, g->lc, B->anneal_skip, &B->inc, B->rs)) return -1;
        if (B->inc < before) {
            B->improved++;
            g->poll(g->ctx, 0);
        }
        if (g->stopped) return 0;
    }
    int be = -1, bd = 0, bv = 0;
    double bx = 0, bdist = 1;
    for (int e = 0; e < E; e++)
        for (int d = 0; d < D; d++)
            for (int v = 0; v < V; v++) {
                double xv = B->x[((size_t)e * D + d) * V + v];
                if (xv <= CG_BNP_INT || xv >= 1 - CG_BNP_INT) continue;
                double dist = fabs(xv - 0.5);
                /* after a restart, a random tie-break among cells near the
                 * closest, so that the next tree begins elsewhere */
                if (B->restart) dist += 0.2 * (double)(xorshift(B->rs) >> 11) * (1.0 / 9007199254740992.0);
                if (dist < bdist) {
                    bdist = dist;
                    be = e;
                    bd = d;
                    bv = v;
                    bx = xv;
                }
            }
    if (be < 0) return 0; /* fractional lines with equal cells: cannot happen with distinct columns */
    int first = bx >= 0.5; /* forced first when the LP rounds up */
    for (int k = 0; k < 2 && !g->stopped && !g->cut && !B->aborted; k++) {
        int forced = k == 0 ? first : !first;
        if (bnp_decide(g, be, bd, bv, forced, 1)) return -1;
        int rc = bnp_node(g, out, bound, depth + 1);
        B->landed = 1;
        if (bnp_decide(g, be, bd, bv, forced, -1)) return -1;
        if (rc < 0) return -1;
    }
    return 0;
}

/* The root master of a tree: solved to convergence without decisions,
 * then rebuilt from roster out with only the columns whose reduced cost
 * there is at most inc - 1 - LP (among those it had; all of the pool for
 * the first tree). Every roster costs the LP plus the reduced costs of its
 * columns (all >= 0 at the optimum), so a column above that is in no
 * roster better than the incumbent; the pricing brings back any column left
 * out that it finds again. A master of a few hundred columns instead of
 * the pool's thousands makes every pivot cheaper (the pivots' pricing over
 * all columns was most of a node). 0, or -1 on failure; stops quietly. */
static int bnp_master(cg *g, uint8_t *out, cg_bnp *B, int first)
{
    cg_pool *P = g->P;
    const int E = g->p->E, D = g->p->D;
    g->colmask = NULL;
    if (first) {
        for (int e = 0; e < E; e++) g->fixed[e] = -1;
        if (set_window(g, out, 0, D - 1, 1)) return -1;
    }
    int conv;
    if (generate(g, 0, &conv, NULL, CG_BNP_END) < 0) return -1;
    if (!conv) return 0;
    if (rc_above(g, (double)(B->inc - 1) - rp_lp_objective(g->lp) + CG_BNP_RC_SLACK, &B->out_mask,
                 &B->capm))
        return -1;
    for (int i = 0; i < P->n; i++) B->out_mask[i] |= P->lpcol[i] < 0;
    /* the incumbent's lines start the master (crash) */
    for (int e = 0; e < E; e++) {
        const uint8_t *l = out + (size_t)e * D;
        int i = pool_find(P, e, l, line_hash(l, D, e));
        if (i >= 0) B->out_mask[i] = 0;
    }
    if (set_window(g, out, 0, D - 1, 0)) return -1;
    g->colmask = B->out_mask;
    g->ncolmask = P->n;
    return build_master(g);
}

/* Branch-and-price over the whole horizon from the incumbent out, until
 * the tree is exhausted or the poll stops. Returns 1 when the tree was
 * exhausted, 0 when stopped, -1 on failure. */
static int bnp(cg *g, uint8_t *out, uint64_t *rs, rp_cg_result *res)
{
    const rp_problem *p = g->p;
    const int E = p->E, D = p->D, V = p->V;
    cg_bnp B;
    memset(&B, 0, sizeof(B));
    int rc = -1;
    B.ban = calloc((size_t)E * D * V, sizeof(int));
    B.x = malloc(sizeof(double) * (size_t)E * D * V);
    B.col1 = malloc((size_t)E * D);
    if (!B.ban || !B.x || !B.col1) goto done;
    B.inc = measure(g, out);
    B.rs = rs;
    g->bnp = &B;
    /* restarts: trees of CG_BNP_TREE0 nodes, doubling, each from the root
     * with a random tie-break in the branching (a depth-first tree is at
     * the mercy of its first choices); the last one runs to the end. The
     * nodes are counted once the tree's first plunge has ended, so that
     * each tree reaches a leaf or a prune (on 8 the first leaves lie 35-55
     * levels deep) */
    for (B.limit = CG_BNP_TREE0;; B.limit *= 2, B.restart++) {
        B.tree_nodes = 0;
        B.aborted = 0;
        B.landed = 0;
        if (bnp_master(g, out, &B, B.restart == 0) < 0) goto done;
        if (bnp_node(g, out, -INFINITY, 0) < 0) goto done;
        if (!B.aborted || g->stopped || g->cut) break;
    }
    rc = g->stopped || g->cut ? 0 : 1;
done:
    g->bnp = NULL;
    g->colmask = NULL;
    g->cut = 0;
    res->bnp_nodes = B.nodes;
    res->bnp_improved = B.improved;
    res->bnp_inexact = B.inexact;
    res->bnp_trees = B.restart + 1;
    res->bnp_done = rc == 1;
    free(B.ban);
    free(B.nviol);
    free(B.x);
    free(B.col1);
    free(B.out_mask);
    free(B.anneal_skip);
    return rc;
}
