/* roster colgen: column generation and diving (see colgen.h). */
#include "roster/colgen.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "roster/linedp.h"
#include "roster/lp.h"

#define CG_HW 100000      /* pricing state's weight per hard unit: hard rules prohibitive */
#define CG_SCALE 1000     /* duals are passed to the DP in thousandths */
#define CG_RC_EPS 1e-4    /* a column enters when its reduced cost is below -CG_RC_EPS */
#define CG_DIVE_ROUNDS 0  /* pricing rounds after each fixing (0 = to convergence) */
#define CG_FORBID ((int64_t)1 << 50) /* day cost of a value the pricing rules out */
#define CG_LNS_ROUNDS 0     /* pricing rounds at a neighbourhood's root ... */
#define CG_LNS_DIVE_ROUNDS 0 /* ... and after each fixing in its dive */
#define CG_PA_MOVES 200000L /* moves of one annealing over the pool ... */
#define CG_PA_T0 20.0        /* ... from this temperature */
#define CG_LNS_MAX 12      /* employees freed at most in a neighbourhood */
#define CG_MAX_PIVOTS 20000L  /* pivots of one master solve at most */
#define CG_FIX 0.9         /* a line at this LP value or more is fixed in the dive */
#define CG_BANNED 1e5      /* cost of the lines of a fixed employee other than its own */
#define CG_MAX_STATES ((size_t)4 << 20)   /* whole lines without a count */
#define CG_DP_STATES ((size_t)24 << 20)   /* the DP's cap, with a count */

typedef struct cg {
    const rp_problem *p;
    rp_state ps;          /* all days off; prices lines against nothing */
    rp_dp *dp;
    rp_cg_poll poll;
    void *ctx;
    int stopped;
    /* the pool */
    int n, cap;
    int *emp;
    uint8_t *lines;       /* [cap * D] */
    int64_t *cost;        /* the line's own penalties */
    uint64_t *hash;
    int64_t *soft0, *hard0; /* [E] the all-off line of each employee */
    int64_t *extra;       /* [D * V] */
    uint8_t *line;        /* [D] */
    uint8_t *zero;        /* [D] */
    uint8_t *keep, *line2; /* [D] */
    int *tcount;          /* [V] */
    /* the current master */
    int *fixed;           /* [E] pool column or -1 */
    int *conv;            /* [E] convexity row of a free employee, or -1 */
    rp_lp *lp;
    int *lpcol;           /* [cap] LP column of pool column, or -1 */
    int *poolof;          /* LP column -> pool column (slacks: -1) */
    int cap_poolof;
    int nslack;
    double *minrc;        /* [E] */
    rp_state ev;          /* evaluates whole rosters */
    uint8_t *cand;        /* [E * D] */
} cg;

static uint64_t line_hash(const uint8_t *l, int D)
{
    uint64_t h = 1469598103934665603ull;
    for (int d = 0; d < D; d++) h = (h ^ l[d]) * 1099511628211ull;
    return h;
}

/* The line's own penalties in *soft and its hard units in *hard. */
static void line_eval(cg *g, int e, const uint8_t *l, int64_t *soft, int64_t *hard)
{
    int64_t ds, dh;
    rp_employee_delta(&g->ps, e, 0, g->p->D - 1, l, &ds, &dh);
    *soft = g->soft0[e] + ds;
    *hard = g->hard0[e] + dh;
}

/* Adds employee e's line l (cost c) to the pool unless it is there; returns
 * its index, or -1 when it is a duplicate or memory fails. */
static int pool_add(cg *g, int e, const uint8_t *l, int64_t c)
{
    const int D = g->p->D;
    uint64_t h = line_hash(l, D) ^ ((uint64_t)e * 0x9e3779b97f4a7c15ull);
    for (int i = 0; i < g->n; i++)
        if (g->hash[i] == h && g->emp[i] == e && !memcmp(g->lines + (size_t)i * D, l, (size_t)D))
            return -1;
    if (g->n == g->cap) {
        int cap = g->cap ? g->cap * 2 : 256;
        int *em = realloc(g->emp, sizeof(int) * (size_t)cap);
        if (!em) return -1;
        g->emp = em;
        uint8_t *li = realloc(g->lines, (size_t)cap * D);
        if (!li) return -1;
        g->lines = li;
        int64_t *co = realloc(g->cost, sizeof(int64_t) * (size_t)cap);
        if (!co) return -1;
        g->cost = co;
        uint64_t *ha = realloc(g->hash, sizeof(uint64_t) * (size_t)cap);
        if (!ha) return -1;
        g->hash = ha;
        int *lc = realloc(g->lpcol, sizeof(int) * (size_t)cap);
        if (!lc) return -1;
        g->lpcol = lc;
        g->cap = cap;
    }
    int i = g->n++;
    g->emp[i] = e;
    memcpy(g->lines + (size_t)i * D, l, (size_t)D);
    g->cost[i] = c;
    g->hash[i] = h;
    g->lpcol[i] = -1;
    return i;
}

/* The pool column of employee e's line l, added when missing; -2 when
 * memory fails. */
static int pool_find_add(cg *g, int e, const uint8_t *l, int64_t c)
{
    const int D = g->p->D;
    uint64_t h = line_hash(l, D) ^ ((uint64_t)e * 0x9e3779b97f4a7c15ull);
    for (int i = 0; i < g->n; i++)
        if (g->hash[i] == h && g->emp[i] == e && !memcmp(g->lines + (size_t)i * D, l, (size_t)D))
            return i;
    int i = pool_add(g, e, l, c);
    return i < 0 ? -2 : i;
}

static int cover_row(const rp_problem *p, int d, int v)
{
    return d * p->S + (v - 1);
}

/* Puts pool column i into the master; 0 or -1 (memory). */
static int lp_add_line(cg *g, int i)
{
    const rp_problem *p = g->p;
    const int D = p->D;
    int rows[1500];
    double vals[1500];
    int k = 0;
    const uint8_t *l = g->lines + (size_t)i * D;
    for (int d = 0; d < D; d++)
        if (l[d]) {
            rows[k] = cover_row(p, d, l[d]);
            vals[k++] = 1.0;
        }
    rows[k] = g->conv[g->emp[i]];
    vals[k++] = 1.0;
    int j = rp_lp_add_col(g->lp, (double)g->cost[i], k, rows, vals);
    if (j < 0) return -1;
    if (j >= g->cap_poolof) {
        int cap = (j + 1) * 2;
        int *po = realloc(g->poolof, sizeof(int) * (size_t)cap);
        if (!po) return -1;
        g->poolof = po;
        g->cap_poolof = cap;
    }
    g->poolof[j] = i;
    g->lpcol[i] = j;
    return 0;
}

/* Builds the master over the free employees: cover rows net of the fixed
 * lines, slacks, and every pool column of a free employee. */
static int build_master(cg *g)
{
    const rp_problem *p = g->p;
    const int D = p->D, S = p->S, V = p->V;
    const int R = D * S;
    int nfree = 0;
    for (int e = 0; e < p->E; e++) g->conv[e] = g->fixed[e] < 0 ? R + nfree++ : -1;
    int m = R + nfree;
    double *b = malloc(sizeof(double) * (size_t)m);
    if (!b) return -1;
    for (int d = 0; d < D; d++)
        for (int v = 1; v < V; v++) b[cover_row(p, d, v)] = p->req[d * V + v];
    for (int e = 0; e < p->E; e++) {
        if (g->fixed[e] < 0) continue;
        const uint8_t *l = g->lines + (size_t)g->fixed[e] * D;
        for (int d = 0; d < D; d++)
            if (l[d]) b[cover_row(p, d, l[d])] -= 1.0;
    }
    for (int i = R; i < m; i++) b[i] = 1.0;
    rp_lp_free(g->lp);
    g->lp = rp_lp_create(m, b);
    free(b);
    if (!g->lp) return -1;
    for (int i = 0; i < g->n; i++) g->lpcol[i] = -1;
    for (int d = 0; d < D; d++)
        for (int v = 1; v < V; v++) {
            int r = cover_row(p, d, v);
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
    for (int i = 0; i < g->n; i++)
        if (g->fixed[g->emp[i]] < 0 && lp_add_line(g, i)) return -1;
    return 0;
}

/* Best line of employee e against the duals y; its reduced cost in *rc.
 * Returns the new pool column, -1 when none with a negative reduced cost
 * (or a duplicate), -2 on memory or DP failure. */
static int price(cg *g, int e, const double *y, double *rc_out)
{
    const rp_problem *p = g->p;
    const int D = p->D, V = p->V;
    for (int d = 0; d < D; d++) {
        g->extra[(size_t)d * V] = 0;
        for (int v = 1; v < V; v++)
            g->extra[(size_t)d * V + v] = -(int64_t)llround(y[cover_row(p, d, v)] * CG_SCALE);
    }
    /* the maxima per shift type: when the best line has too many shifts of
     * a type, the DP runs again with the count of the type furthest over in
     * its state (exact for that maximum); any other type over is allowed
     * only on its max days of highest dual among those the line used. At
     * most three runs; the best line that meets every rule is kept. */
    double best = INFINITY;
    int found = 0, counted = 0;
    uint8_t *l = g->line;
    rp_dp_set_count(g->dp, 0, 0);
    for (int t = 0; t < 3; t++) {
        int rc = rp_dp_line(g->dp, &g->ps, e, 0, D - 1, NULL, g->extra, l, NULL);
        if (rc == -1 && counted) { /* too many states with the count: restrict instead */
            rp_dp_set_count(g->dp, 0, 0);
            counted = 0;
            rc = rp_dp_line(g->dp, &g->ps, e, 0, D - 1, NULL, g->extra, l, NULL);
        }
        if (rc) {
            rp_dp_set_count(g->dp, 0, 0);
            return rc == -2 ? (*rc_out = INFINITY, -1) : -2;
        }
        int64_t soft, hard;
        line_eval(g, e, l, &soft, &hard);
        if (hard == 0) {
            double r = (double)soft - y[g->conv[e]];
            for (int d = 0; d < D; d++)
                if (l[d]) r -= y[cover_row(p, d, l[d])];
            if (r < best) {
                best = r;
                found = 1;
                memcpy(g->zero, l, (size_t)D); /* zero doubles as the best line here */
            }
        }
        if (t == 2) break;
        int over = 0, worst = 0, wv = 0;
        for (int v = 1; v < V; v++) {
            int mx = p->maxtype[e * V + v];
            if (mx >= RP_INF) continue;
            int c = 0;
            for (int d = 0; d < D; d++) c += l[d] == v;
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
            rp_dp_set_count(g->dp, wv, p->maxtype[e * V + wv]);
            counted = wv;
        }
        for (int v = 1; v < V; v++) {
            int mx = p->maxtype[e * V + v];
            if (mx >= RP_INF || v == counted || g->tcount[v] <= mx) continue;
            /* keep v on the mx days of highest dual among those used */
            uint8_t *keep = g->keep;
            memset(keep, 0, (size_t)D);
            for (int k = 0; k < mx; k++) {
                int bd = -1;
                double by = -INFINITY;
                for (int d = 0; d < D; d++) {
                    if (keep[d] || l[d] != v) continue;
                    double yy = y[cover_row(p, d, v)];
                    if (yy > by) {
                        by = yy;
                        bd = d;
                    }
                }
                if (bd < 0) break;
                keep[bd] = 1;
            }
            for (int d = 0; d < D; d++)
                if (!keep[d]) g->extra[(size_t)d * V + v] = CG_FORBID;
        }
    }
    rp_dp_set_count(g->dp, 0, 0);
    *rc_out = found ? best : INFINITY;
    int i = -1;
    if (found && best < -CG_RC_EPS) {
        int64_t soft, hard;
        line_eval(g, e, g->zero, &soft, &hard);
        i = pool_add(g, e, g->zero, soft);
    }
    memset(g->zero, 0, (size_t)D);
    return i;
}

/* Pricing rounds until no column enters, max_rounds (0 = none) pass or the
 * poll says stop. Returns the rounds done, -1 on failure; *converged = 1 when
 * the master is optimal over all lines (as far as the pricing finds). */
static int generate(cg *g, int max_rounds, int *converged, double *bound)
{
    const rp_problem *p = g->p;
    *converged = 0;
    int rounds = 0;
    for (;;) {
        int rc = rp_lp_solve(g->lp, CG_MAX_PIVOTS);
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
            if (g->fixed[e] >= 0) continue;
            if (g->poll(g->ctx, 64)) {
                g->stopped = 1;
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
    free(g->cand);
    rp_state_free(&g->ps);
    rp_dp_free(g->dp);
    rp_lp_free(g->lp);
    free(g->emp);
    free(g->lines);
    free(g->cost);
    free(g->hash);
    free(g->soft0);
    free(g->hard0);
    free(g->extra);
    free(g->line);
    free(g->zero);
    free(g->keep);
    free(g->tcount);
    free(g->line2);
    free(g->fixed);
    free(g->conv);
    free(g->lpcol);
    free(g->poolof);
    free(g->minrc);
}

/* Employee e's largest LP value among its columns, and that column. */
static double largest(const cg *g, int e, int *col)
{
    double best = -1;
    *col = -1;
    for (int i = 0; i < g->n; i++) {
        if (g->emp[i] != e || g->lpcol[i] < 0) continue;
        double v = rp_lp_value(g->lp, g->lpcol[i]);
        if (v > best) {
            best = v;
            *col = i;
        }
    }
    return best;
}

/* Dives from the current master: fixes the free employee whose line is
 * most integral (and every free one at CG_FIX or more), makes its other
 * lines prohibitive, re-prices, until every employee is fixed or the poll
 * stops. 0, or -1 on failure. */
static int dive(cg *g, int rounds)
{
    const int E = g->p->E;
    for (;;) {
        if (g->stopped) return 0;
        int be = -1, bc = -1;
        double bv = -1;
        for (int e = 0; e < E; e++) {
            if (g->fixed[e] >= 0) continue;
            int c;
            double v = largest(g, e, &c);
            if (c >= 0 && v > bv) {
                bv = v;
                be = e;
                bc = c;
            }
        }
        if (be < 0) return 0;
        int nfree = 0;
        for (int e = 0; e < E; e++) {
            if (g->fixed[e] >= 0) continue;
            int c;
            double v = largest(g, e, &c);
            if (e == be || (c >= 0 && v > CG_FIX)) {
                g->fixed[e] = e == be ? bc : c;
                /* the employee's other lines become prohibitive */
                for (int i = 0; i < g->n; i++)
                    if (g->emp[i] == e && i != g->fixed[e] && g->lpcol[i] >= 0)
                        rp_lp_ban(g->lp, g->lpcol[i], CG_BANNED);
            } else {
                nfree++;
            }
        }
        if (!nfree) return 0;
        int cv;
        if (generate(g, rounds, &cv, NULL) < 0) return -1;
    }
}

/* The roster of the fixed lines; a free employee takes its largest LP line,
 * else its line in fallback. */
static void roster_of(cg *g, const uint8_t *fallback, uint8_t *x)
{
    const int D = g->p->D;
    for (int e = 0; e < g->p->E; e++) {
        int c = g->fixed[e];
        if (c < 0 && g->lp) largest(g, e, &c);
        if (c >= 0)
            memcpy(x + (size_t)e * D, g->lines + (size_t)c * D, (size_t)D);
        else if (x != fallback)
            memcpy(x + (size_t)e * D, fallback + (size_t)e * D, (size_t)D);
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
static int pool_anneal(cg *g, uint8_t *out, const int *choice0, int64_t *inc, uint64_t *rs)
{
    const rp_problem *p = g->p;
    const int E = p->E, D = p->D, V = p->V;
    int *off = calloc((size_t)E + 1, sizeof(int)), *idx = malloc(sizeof(int) * (size_t)g->n);
    int *choice = malloc(sizeof(int) * (size_t)E), *bestc = malloc(sizeof(int) * (size_t)E);
    int *cov = calloc((size_t)D * V, sizeof(int));
    int rc = -1;
    if (!off || !idx || !choice || !bestc || !cov) goto done;
    for (int i = 0; i < g->n; i++) off[g->emp[i] + 1]++;
    for (int e = 0; e < E; e++) off[e + 1] += off[e];
    {
        int *fill = bestc; /* scratch until the search starts */
        for (int e = 0; e < E; e++) fill[e] = off[e];
        for (int i = 0; i < g->n; i++) idx[fill[g->emp[i]]++] = i;
    }
    int64_t cur = 0;
    for (int e = 0; e < E; e++) {
        choice[e] = choice0[e];
        cur += g->cost[choice[e]];
        const uint8_t *l = g->lines + (size_t)choice[e] * D;
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
        const uint8_t *la = g->lines + (size_t)a * D, *lb = g->lines + (size_t)j * D;
        int64_t delta = g->cost[j] - g->cost[a];
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
        for (int e = 0; e < E; e++) memcpy(out + (size_t)e * D, g->lines + (size_t)bestc[e] * D, (size_t)D);
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

int rp_colgen(const rp_problem *p, const uint8_t *start, uint64_t seed, rp_cg_poll poll,
              void *ctx, uint8_t *out, rp_cg_result *res)
{
    const int E = p->E, D = p->D, V = p->V;
    res->lp_value = -1;
    res->bound = -1;
    res->root_rounds = 0;
    res->columns = 0;
    res->complete = 0;
    res->lns_tried = res->lns_improved = res->pool_runs = res->pool_improved = 0;
    if (D > 1400) return -1;
    cg g;
    memset(&g, 0, sizeof(g));
    g.p = p;
    g.poll = poll;
    g.ctx = ctx;
    int rc = -1;
    if (rp_state_init(&g.ps, p, CG_HW)) return -1;
    g.dp = rp_dp_create(CG_DP_STATES);
    g.soft0 = calloc((size_t)E, sizeof(int64_t));
    g.hard0 = calloc((size_t)E, sizeof(int64_t));
    g.extra = calloc((size_t)D * V, sizeof(int64_t));
    g.line = calloc((size_t)D, 1);
    g.zero = calloc((size_t)D, 1);
    g.keep = calloc((size_t)D, 1);
    g.tcount = calloc((size_t)V, sizeof(int));
    g.line2 = calloc((size_t)D, 1);
    g.fixed = malloc(sizeof(int) * (size_t)E);
    g.conv = malloc(sizeof(int) * (size_t)E);
    g.minrc = calloc((size_t)E, sizeof(double));
    g.cand = malloc((size_t)E * D);
    if (!g.dp || !g.soft0 || !g.hard0 || !g.extra || !g.line || !g.zero || !g.keep || !g.tcount || !g.line2 || !g.fixed ||
        !g.conv || !g.minrc || !g.cand)
        goto out;
    rp_dp_set_scale(g.dp, CG_SCALE);
    for (int e = 0; e < E; e++) {
        g.fixed[e] = -1;
        rp_employee_full(&g.ps, e, &g.soft0[e], &g.hard0[e]);
        /* every line must fit the DP's table */
        if (rp_dp_states(&g.ps, e, 0, D - 1) > CG_MAX_STATES) goto out;
    }
    for (int e = 0; e < E; e++) {
        int64_t soft, hard;
        const uint8_t *l = start + (size_t)e * D;
        line_eval(&g, e, l, &soft, &hard);
        if (hard == 0 && pool_add(&g, e, l, soft) < -1) goto out;
    }
    if (build_master(&g)) goto out;
    int conv;
    double bound = -1;
    int rounds = generate(&g, 0, &conv, &bound);
    if (rounds < 0) goto out;
    res->root_rounds = rounds;
    if (conv) {
        res->lp_value = rp_lp_objective(g.lp) + (double)p->cost_const;
        res->bound = bound + (double)p->cost_const;
    }
    if (dive(&g, CG_DIVE_ROUNDS) < 0) goto out;
    res->complete = !g.stopped;
    roster_of(&g, start, out);
    if (res->complete) g.poll(g.ctx, 0);
    /* large neighbourhoods: free a few employees, every other one fixed to
     * its line in the best roster, re-solve their master and dive; keep the
     * roster when not worse */
    if (rp_state_init(&g.ev, p, 2)) goto out;
    rp_state_load(&g.ev, out);
    int64_t inc = g.ev.soft + g.ev.hw * g.ev.hard;
    uint64_t rs = seed * 0x9e3779b97f4a7c15ull + 1;
    while (!g.stopped && res->complete && E > 1) {
        int k = E / 5;
        if (k < 3) k = 3;
        if (k > CG_LNS_MAX) k = CG_LNS_MAX;
        if (k > E) k = E;
        int ok = 1;
        for (int e = 0; e < E && ok; e++) {
            const uint8_t *l = out + (size_t)e * D;
            int64_t soft, hard;
            line_eval(&g, e, l, &soft, &hard);
            int i = pool_find_add(&g, e, l, soft);
            if (i == -2) goto out;
            if (hard || i < 0) ok = 0;
            g.fixed[e] = i;
        }
        if (!ok) break;
        /* the pool's best combination first */
        int64_t before = inc;
        if (pool_anneal(&g, out, g.fixed, &inc, &rs)) goto out;
        res->pool_runs++;
        if (inc < before) {
            res->pool_improved++;
            g.poll(g.ctx, 0);
            continue;
        }
        if (g.stopped) break;
        for (int j = 0; j < k; j++) {
            g.fixed[xorshift(&rs) % (uint64_t)E] = -1;
        }
        if (build_master(&g)) goto out;
        int cv;
        if (generate(&g, CG_LNS_ROUNDS, &cv, NULL) < 0 || dive(&g, CG_LNS_DIVE_ROUNDS) < 0) goto out;
        if (g.stopped) break;
        roster_of(&g, out, g.cand);
        rp_state_load(&g.ev, g.cand);
        int64_t t = g.ev.soft + g.ev.hw * g.ev.hard;
        res->lns_tried++;
        if (t <= inc) {
            if (t < inc) {
                res->lns_improved++;
                g.poll(g.ctx, 0);
            }
            inc = t;
            memcpy(out, g.cand, (size_t)E * D);
        }
    }
    res->columns = g.n;
    rc = 0;
out:
    cg_free(&g);
    return rc;
}
