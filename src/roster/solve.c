/* roster solve: construction plus simulated annealing over the incremental
 * evaluator of state.c (see docs/roster.md for the design and the figures
 * behind it). */
#include "roster/solve.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "roster/colgen.h"
#include "roster/internal.h"
#include "roster/linedp.h"

void roster_solve_options_init(roster_solve_options *o)
{
    memset(o, 0, sizeof(*o));
    o->time_limit = 10.0;
    o->seed = 1;
    o->colgen_share = 0.5;
}

void roster_solve_result_free(roster_solve_result *res)
{
    roster_solution_free(res->solution);
    memset(res, 0, sizeof(*res));
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* xoshiro256** seeded through splitmix64: small, fast, and per-solver. */
typedef struct rng {
    uint64_t s[4];
} rng;

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static void rng_seed(rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++) r->s[i] = splitmix(&seed);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s;
    uint64_t out = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

/* Uniform in [0, n). */
static inline int rng_int(rng *r, int n)
{
    assert(n > 0);
    return (int)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [0, 1). */
static inline double rng_double(rng *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* The move classes and their shares of the work (see docs/roster.md). */
enum { C_SA, C_DP, C_SW, C_FL, C_LNS, NCLASS };
static const double class_share[NCLASS] = {50, 20, 10, 10, 10};
static const double polish_share[NCLASS] = {20, 40, 20, 20, 0};
#define POLISH 0.1   /* the last tenth of the run: temperature 0, exact moves */
#define T_START 20.0 /* temperature at the start ... */
#define T_END 0.5    /* ... and at the end (geometric) */
#define T_AFTER_CG 8.0 /* the start when column generation's roster starts the search */
#define CG_WINDOW_SHARE 0.5 /* of the column-generation share: window neighbourhoods after
                               a whole-horizon root that did not converge in time */
#define CG_TAIL 0.05  /* the final descent after those window neighbourhoods */
#define HARD_WEIGHT 2 /* penalty per hard unit (a counted violation = 480 units) */
#define LNS_MAX 4    /* employees ruined at most */
#define DP_STATES ((size_t)8 << 20) /* the line DP's table (rp_dp_create's default) */
#define PACE_BAND_WE 3  /* the paced start: band of the pace in weekends (less where the
                           table would not fit; in minutes it is the search's band) */
#define PACE_PASSES 30  /* Gauss-Seidel passes after it at most, ... */
#define PACE_GAIN 0.01  /* ... while a pass gains at least this share of the total ... */
#define PACE_FRAC 0.4   /* ... and before this fraction of the run */
#define T_AFTER_PACE 8.0 /* the search's start temperature from the paced start */
#define WE_SHARE 4      /* long horizons: 1 in WE_SHARE line moves is the weekend move */
#define WE_TRIES 64     /* weekend days sampled for one with missing cover */

typedef struct solver {
    const rp_problem *p;
    rp_state st;
    rng r;
    const roster_solve_options *o;
    double t0;
    double temp;
    uint64_t iter;
    int64_t best;          /* best feasible soft objective, or INT64_MAX */
    uint8_t *best_x;
    int best_pending;      /* current state is the best and not yet copied */
    double time_to_best;
    double next_progress;
    uint8_t nv[64], nv2[64];
    rp_dp *dp;
    int64_t *lambda;       /* [V] DP multipliers for the maxima per shift type */
    uint8_t *line, *line2, *line3, *line4; /* [D] */
    int win;               /* DP window length */
    int swin;              /* swap DP window length */
    int band_units;        /* band of the whole-line DP, minutes_gcd units */
    uint64_t dp_tried, dp_improved, lns_improved;
    uint8_t *lns_saved;    /* [16 * D] */
    int64_t *extra;        /* [D * V] the line DP's cover costs for the weekend move */
    rp_swap *sw;
    rp_flow *flow;
    uint8_t *dayv;         /* [E] */
    uint64_t fl_tried, fl_improved;
    uint8_t *opt;          /* [D] */
    uint64_t sw_tried, sw_improved;
    double used[NCLASS];   /* work done per move class */
    double frac;           /* fraction of the run done (time or iterations) */
    double t_start;        /* temperature at the start of the run */
    double cg_found;       /* seconds at which column generation's roster was found */
    double stop_frac;      /* the search pauses at this fraction of the run ... */
    double sched0, span;   /* ... and runs its schedule (cooling, final descent) from
                              fraction sched0 to span of it */
    double cg_begin, cg_end; /* column generation's part of the run (fractions) */
} solver;

static inline int64_t total(const rp_state *st)
{
    return st->soft + st->hw * st->hard;
}

/* Records the current state as best when it is feasible and better. */
static inline void note_best(solver *sv)
{
    if (sv->st.hard == 0 && sv->st.soft < sv->best) {
        sv->best = sv->st.soft;
        sv->best_pending = 1;
        sv->time_to_best = now_seconds() - sv->t0;
    }
}

/* Called before the state leaves a best that has not been copied yet. */
static inline void save_best(solver *sv)
{
    if (sv->best_pending) {
        memcpy(sv->best_x, sv->st.x, (size_t)sv->p->E * sv->p->D);
        sv->best_pending = 0;
    }
}

static inline int accept(solver *sv, int64_t delta)
{
    if (delta <= 0) return 1;
    if (sv->temp <= 0) return 0;
    return rng_double(&sv->r) < exp(-(double)delta / sv->temp);
}

/* One employee, one day: a new value. */
static void move_change(solver *sv)
{
    const rp_problem *p = sv->p;
    rp_state *st = &sv->st;
    int e = rng_int(&sv->r, p->E), d = rng_int(&sv->r, p->D);
    int o = st->x[(size_t)e * p->D + d];
    const uint8_t *al = p->allowed + ((size_t)e * p->D + d) * p->V;
    int n = rng_int(&sv->r, p->V);
    if (n == o || !al[n]) return;
    uint8_t nv = (uint8_t)n;
    int64_t ds, dh;
    rp_employee_delta(st, e, d, d, &nv, &ds, &dh);
    ds += rp_cover_delta(st, d, o, -1) + rp_cover_delta(st, d, n, +1);
    int64_t delta = ds + st->hw * dh;
    if (!accept(sv, delta)) return;
    if (delta > 0 || st->hard + dh > 0) save_best(sv);
    rp_employee_apply(st, e, d, d, &nv);
    st->soft += ds;
    st->hard += dh;
    note_best(sv);
}

/* Applies the block move of employee e on days a..b (nv) when accepted. */
static int try_block(solver *sv, int e, int a, int b, const uint8_t *nv)
{
    rp_state *st = &sv->st;
    const rp_problem *p = sv->p;
    int64_t ds, dh;
    rp_employee_delta(st, e, a, b, nv, &ds, &dh);
    const uint8_t *x = st->x + (size_t)e * p->D;
    for (int d = a; d <= b; d++)
        if (x[d] != nv[d - a])
            ds += rp_cover_delta(st, d, x[d], -1) + rp_cover_delta(st, d, nv[d - a], +1);
    int64_t delta = ds + st->hw * dh;
    if (!accept(sv, delta)) return 0;
    if (delta > 0 || st->hard + dh > 0) save_best(sv);
    rp_employee_apply(st, e, a, b, nv);
    st->soft += ds;
    st->hard += dh;
    note_best(sv);
    return 1;
}

/* One employee moves a shift to another day nearby (minutes stay). */
static void move_relocate(solver *sv)
{
    const rp_problem *p = sv->p;
    const int D = p->D;
    if (D < 2) return;
    int e = rng_int(&sv->r, p->E), d1 = rng_int(&sv->r, D);
    int span = D < 8 ? D - 1 : 7;
    int d2 = d1 + 1 + rng_int(&sv->r, span);
    if (rng_int(&sv->r, 2)) d2 = d1 - 1 - rng_int(&sv->r, span);
    if (d2 < 0 || d2 >= D) return;
    const uint8_t *x = sv->st.x + (size_t)e * D;
    int v1 = x[d1], v2 = x[d2];
    if ((v1 > 0) == (v2 > 0)) return;
    int a = d1 < d2 ? d1 : d2, b = d1 < d2 ? d2 : d1;
    /* the worked value moves; the day it leaves becomes a day off */
    int v = v1 ? v1 : v2, to = v1 ? d2 : d1, from = v1 ? d1 : d2;
    if (!sv->p->allowed[((size_t)e * D + to) * p->V + v]) return;
    for (int d = a; d <= b; d++) sv->nv[d - a] = x[d];
    sv->nv[to - a] = (uint8_t)v;
    sv->nv[from - a] = 0;
    try_block(sv, e, a, b, sv->nv);
}

/* A change aimed at the cover: someone takes a shift that lacks people, or
 * leaves one that has too many. */
static void move_cover(solver *sv)
{
    const rp_problem *p = sv->p;
    const rp_state *st = &sv->st;
    const int D = p->D, V = p->V;
    int d = rng_int(&sv->r, D);
    int v = 1 + rng_int(&sv->r, V - 1);
    int c = st->cov[d * V + v], req = p->req[d * V + v];
    if (c == req) return;
    int e = rng_int(&sv->r, p->E);
    const uint8_t *x = st->x + (size_t)e * D;
    uint8_t nv;
    if (c < req) {
        if (x[d] == v || !p->allowed[((size_t)e * D + d) * V + v]) return;
        nv = (uint8_t)v;
    } else {
        if (x[d] != v) return;
        /* to a shift that lacks people that day, else off */
        int w = 1 + rng_int(&sv->r, V - 1);
        nv = (st->cov[d * V + w] < p->req[d * V + w] && p->allowed[((size_t)e * D + d) * V + w])
                 ? (uint8_t)w
                 : 0;
    }
    try_block(sv, e, d, d, &nv);
}

/* Two employees exchange their values over days a..a+k-1 (k = 1: a swap). */
static void move_swap(solver *sv, int k)
{
    const rp_problem *p = sv->p;
    rp_state *st = &sv->st;
    int e1 = rng_int(&sv->r, p->E), e2 = rng_int(&sv->r, p->E);
    if (e1 == e2) return;
    int a = rng_int(&sv->r, p->D - k + 1), b = a + k - 1;
    const uint8_t *x1 = st->x + (size_t)e1 * p->D, *x2 = st->x + (size_t)e2 * p->D;
    int diff = 0;
    for (int d = a; d <= b; d++) {
        int v1 = x1[d], v2 = x2[d];
        if (v1 != v2) diff = 1;
        if (!p->allowed[((size_t)e1 * p->D + d) * p->V + v2] ||
            !p->allowed[((size_t)e2 * p->D + d) * p->V + v1])
            return;
        sv->nv[d - a] = (uint8_t)v2;
        sv->nv2[d - a] = (uint8_t)v1;
    }
    if (!diff) return;
    int64_t ds1, dh1, ds2, dh2;
    rp_employee_delta(st, e1, a, b, sv->nv, &ds1, &dh1);
    rp_employee_delta(st, e2, a, b, sv->nv2, &ds2, &dh2);
    int64_t ds = ds1 + ds2, dh = dh1 + dh2;
    int64_t delta = ds + st->hw * dh;
    if (!accept(sv, delta)) return;
    if (delta > 0 || st->hard + dh > 0) save_best(sv);
    rp_employee_apply(st, e1, a, b, sv->nv);
    rp_employee_apply(st, e2, a, b, sv->nv2);
    st->soft += ds;
    st->hard += dh;
    note_best(sv);
}

/* Full delta of giving employee e the values nv on days a..b. */
static int64_t line_delta(solver *sv, int e, int a, int b, const uint8_t *nv, int64_t *ds_out,
                          int64_t *dh_out)
{
    const rp_problem *p = sv->p;
    rp_state *st = &sv->st;
    int64_t ds, dh;
    rp_employee_delta(st, e, a, b, nv, &ds, &dh);
    const uint8_t *x = st->x + (size_t)e * p->D;
    for (int d = a; d <= b; d++)
        if (x[d] != nv[d - a])
            ds += rp_cover_delta(st, d, x[d], -1) + rp_cover_delta(st, d, nv[d - a], +1);
    *ds_out = ds;
    *dh_out = dh;
    return ds + st->hw * dh;
}

static void line_apply(solver *sv, int e, int a, int b, const uint8_t *nv, int64_t ds, int64_t dh)
{
    rp_state *st = &sv->st;
    if (ds + st->hw * dh > 0 || st->hard + dh > 0) save_best(sv);
    rp_employee_apply(st, e, a, b, nv);
    st->soft += ds;
    st->hard += dh;
    note_best(sv);
}

/* Whether employee e would exceed a maximum per shift type with nv on
 * days a..b; raises lam[v] for each such type. */
static int raise_type_prices(solver *sv, int e, int a, int b, const uint8_t *nv, int64_t *lam)
{
    const rp_problem *p = sv->p;
    const int V = p->V;
    const uint8_t *x = sv->st.x + (size_t)e * p->D;
    int over = 0;
    for (int v = 1; v < V; v++) {
        if (p->maxtype[e * V + v] >= RP_INF) continue;
        int c = sv->st.cnt[e * V + v];
        for (int d = a; d <= b; d++) c += (nv[d - a] == v) - (x[d] == v);
        if (c > p->maxtype[e * V + v]) {
            lam[v] = lam[v] ? lam[v] * 3 : 64;
            over = 1;
        }
    }
    return over;
}

/* The best line of employee e on days a..b by DP (extra: day costs added,
 * may be NULL), the multipliers of the shift types over their maximum
 * raised up to five times; the best line by the evaluator goes to sv->line
 * with its delta (returned) and its parts in *ds, *dh. Returns INT64_MAX
 * (no move) when a DP fails or, with force_d >= 0, returns a line without
 * value force_v on day force_d. */
static int64_t best_dp_line(solver *sv, int e, int a, int b, const int64_t *extra, int force_d,
                            int force_v, int64_t *ds_out, int64_t *dh_out)
{
    const int V = sv->p->V;
    memset(sv->lambda, 0, sizeof(int64_t) * (size_t)V);
    int64_t best = INT64_MAX;
    for (int attempt = 0; attempt < 5; attempt++) {
        if (rp_dp_line(sv->dp, &sv->st, e, a, b, sv->lambda, extra, sv->line2, NULL))
            return INT64_MAX;
        if (force_d >= 0 && sv->line2[force_d - a] != force_v) return INT64_MAX;
        int64_t ds, dh;
        int64_t delta = line_delta(sv, e, a, b, sv->line2, &ds, &dh);
        if (delta < best) {
            best = delta;
            *ds_out = ds;
            *dh_out = dh;
            memcpy(sv->line, sv->line2, (size_t)(b - a + 1));
        }
        /* raise the multipliers of the shift types now over their maximum */
        if (!raise_type_prices(sv, e, a, b, sv->line2, sv->lambda)) break;
    }
    return best;
}

/* Re-optimises employee e on days a..b by DP; keeps it when not worse. */
static int move_dp(solver *sv, int e, int a, int b)
{
    sv->dp_tried++;
    int64_t bds = 0, bdh = 0;
    int64_t best = best_dp_line(sv, e, a, b, NULL, -1, 0, &bds, &bdh);
    if (best > 0) return 0;
    if (best < 0) sv->dp_improved++;
    line_apply(sv, e, a, b, sv->line, bds, bdh);
    return best < 0;
}

/* Finds an employee who breaks a hard rule and a day where (a run or a
 * succession that breaks one, else any day); returns 0 when none is found
 * among a sample of employees. */
static int find_violation(solver *sv, int *e_out, int *d_out)
{
    const rp_problem *p = sv->p;
    rp_state *st = &sv->st;
    const int D = p->D, V = p->V;
    int tries = p->E < 64 ? p->E : 64;
    int start = rng_int(&sv->r, p->E);
    for (int t = 0; t < tries; t++) {
        int e = (start + t) % p->E;
        int64_t es, eh;
        rp_employee_full(st, e, &es, &eh);
        if (eh == 0) continue;
        const uint8_t *x = st->x + (size_t)e * D;
        int day = rng_int(&sv->r, D);
        for (int d = 0; d < D;) {
            int w = x[d] > 0, end = d;
            while (end + 1 < D && (x[end + 1] > 0) == w) end++;
            int n = end - d + 1, inner = d > 0 && end < D - 1;
            int bad = w ? (n > p->maxcons[e] || (inner && n < p->mincons[e]))
                        : (inner && n < p->minoff[e]);
            for (int k = d; k < end && !bad; k++) bad = p->forb[x[k] * V + x[k + 1]];
            if (bad) {
                day = d;
                break;
            }
            d = end + 1;
        }
        *e_out = e;
        *d_out = day;
        return 1;
    }
    return 0;
}

/* Finds a weekend day with a shift short of people and an employee who
 * works the other day of that weekend only (rp_half_weekend) in a sample of
 * weekend days; returns 0 when the sample finds none. */
static int find_half_weekend(solver *sv, int *e_out, int *d_out, int *v_out)
{
    const rp_problem *p = sv->p;
    const int D = p->D;
    if (p->nweekends == 0) return 0;
    for (int t = 0; t < WE_TRIES; t++) {
        int d = rng_int(&sv->r, D);
        while (d < D && p->weekend[d] < 0) d++;
        if (d >= D) continue;
        if (rp_half_weekend(&sv->st, d, 1 + rng_int(&sv->r, p->V - 1), rng_int(&sv->r, p->E), e_out,
                            v_out)) {
            *d_out = d;
            return 1;
        }
    }
    return 0;
}

/* The weekend move: employee e works value v on day d (the other day of
 * its weekend already worked), and the rest of e's line over the exact
 * window around d is re-planned by the line DP with that day forced (its
 * other values priced out of reach), so the successions, runs and minutes
 * the new shift breaks are repaired where it is cheapest (mostly the other
 * day of the weekend: a late Saturday before an early Sunday); the change
 * is accepted by the annealing rule. */
static int move_weekend(solver *sv, int e, int d, int v, int a, int b)
{
    rp_dp_forced_costs(&sv->st, e, a, b, d, v, sv->extra);
    int64_t bds = 0, bdh = 0;
    int64_t best = best_dp_line(sv, e, a, b, sv->extra, d, v, &bds, &bdh);
    if (best == INT64_MAX || !accept(sv, best)) return 0;
    line_apply(sv, e, a, b, sv->line, bds, bdh);
    return best < 0;
}

/* The first day of a window of length len centred on day d, within the horizon. */
static int window_at(const solver *sv, int d, int len)
{
    int a = d - len / 2;
    if (a > sv->p->D - len) a = sv->p->D - len;
    return a < 0 ? 0 : a;
}

/* Rebuilds employee e's whole line with the relaxed DP (minutes and
 * weekends priced): bisection on the price of a minute until the total lies
 * within the employee's band, a higher weekend price while the weekends are
 * too many; keeps the line when the evaluator finds it better. */
static int construct_line(solver *sv, int e)
{
    const rp_problem *p = sv->p;
    rp_state *st = &sv->st;
    const int D = p->D, V = p->V, g = p->minutes_gcd;
    uint8_t *line = sv->line2;
    int64_t best = INT64_MAX, bds = 0, bdh = 0;
    int64_t pw = 0;
    memset(sv->lambda, 0, sizeof(int64_t) * (size_t)V);
    for (int round = 0; round < 3; round++) {
        int64_t lo = -4000, hi = 4000; /* price per unit, in cost units */
        for (int it = 0; it < 12; it++) {
            int64_t price = (lo + hi) / 2;
            rp_dp_set_relax(sv->dp, 1, price, pw);
            int rc = rp_dp_line(sv->dp, st, e, 0, D - 1, sv->lambda, NULL, line, NULL);
            rp_dp_set_relax(sv->dp, 0, 0, 0);
            if (rc) return 0;
            int m = 0;
            for (int d = 0; d < D; d++) m += p->len[line[d]];
            int64_t ds, dh;
            int64_t delta = line_delta(sv, e, 0, D - 1, line, &ds, &dh);
            if (delta < best) {
                best = delta;
                bds = ds;
                bdh = dh;
                memcpy(sv->line, line, (size_t)D);
            }
            if (m > p->maxmin[e])
                lo = price + 1;
            else if (m < p->minmin[e])
                hi = price - 1;
            else
                break;
            if (lo > hi) break;
            (void)g;
        }
        /* too many weekends or shifts of one type in the best line: price them */
        int we = 0;
        for (int d = 0; d < D; d++) {
            int wk = p->weekend[d];
            if (wk >= 0 && sv->line[d] && !(d > 0 && p->weekend[d - 1] == wk && sv->line[d - 1]))
                we++;
        }
        int over = raise_type_prices(sv, e, 0, D - 1, sv->line, sv->lambda);
        if (we > p->maxwe[e]) {
            pw = pw ? pw * 2 : 50;
            over = 1;
        }
        if (!over) break;
    }
    if (best >= 0) return 0;
    line_apply(sv, e, 0, D - 1, sv->line, bds, bdh);
    return 1;
}

/* The paced start's pace of employee e: ru[d] the minutes units to reach
 * by day d (the middle of e's limits, else the target, spread evenly over
 * the days with an allowed shift) and rw[d] = 1 on the first day of each
 * weekend where the maximum of weekends, spread evenly over the weekends
 * with such a day, gains one. */
static void pace_of(const rp_problem *p, int e, int *ru, uint8_t *rw)
{
    const int D = p->D, V = p->V, g = p->minutes_gcd;
    int64_t mt = 0;
    if (p->minmin[e] > 0 || p->maxmin[e] < RP_INF)
        mt = p->maxmin[e] < RP_INF ? ((int64_t)p->minmin[e] + p->maxmin[e]) / 2 : p->minmin[e];
    else if (p->target[e] >= 0)
        mt = p->target[e];
    int nav = 0, nwav = 0;
    for (int d = 0; d < D; d++) {
        const uint8_t *al = p->allowed + ((size_t)e * D + d) * V;
        int ok = 0;
        for (int v = 1; v < V && !ok; v++) ok = al[v];
        ru[d] = ok;
        nav += ok;
        rw[d] = 0;
        int wk = p->weekend[d];
        if (ok && wk >= 0) {
            int first = d;
            while (first > 0 && p->weekend[first - 1] == wk) first--;
            nwav += !rw[first];
            rw[first] = 1;
        }
    }
    const int wt = p->maxwe[e] < nwav ? p->maxwe[e] : nwav;
    int64_t prev = 0;
    for (int d = 0, k = 0, kw = 0; d < D; d++) {
        k += ru[d];
        int64_t c = (mt * k / nav + g / 2) / g; /* nav > 0 where ru[d] is read */
        ru[d] = (int)(c - prev);
        prev = c;
        if (rw[d]) {
            rw[d] = (uint8_t)((int64_t)wt * (kw + 1) / nwav > (int64_t)wt * kw / nwav);
            kw++;
        }
    }
}

/* The paced start for long horizons (no whole-line pricing): from all days
 * off, every employee in a random order gets the best whole line by the
 * band DP along an even pace (their minutes spread over the days they may
 * work, their weekends over the weekends they may work, within
 * the search's band of minutes and PACE_BAND_WE weekends at every day), against
 * the cover the employees before them left; then Gauss-Seidel passes, each
 * employee's whole line re-optimised within the search's band around it
 * against all the others, until a pass gains less than PACE_GAIN of the
 * total, PACE_PASSES passes or PACE_FRAC of the run. Returns 0 when the
 * first pass is done (the state holds the roster), -1 when out of memory or
 * stopped before. */
static int tick(solver *sv);

static int paced_start(solver *sv)
{
    const rp_problem *p = sv->p;
    const int E = p->E, D = p->D;
    const int band = sv->band_units; /* the search's band: two of the longest shifts */
    int rc = -1;
    int *order = malloc(sizeof(int) * (size_t)E);
    int *ru = malloc(sizeof(int) * (size_t)D);
    uint8_t *rw = malloc((size_t)D);
    uint8_t *zero = calloc((size_t)E * D, 1);
    if (D < 1 || !order || !ru || !rw || !zero) goto done;
    rp_state_load(&sv->st, zero);
    for (int e = 0; e < E; e++) order[e] = e;
    for (int pass = 0; pass <= PACE_PASSES; pass++) {
        const int64_t before = total(&sv->st);
        for (int i = E - 1; i > 0; i--) {
            int j = rng_int(&sv->r, i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int i = 0; i < E; i++) {
            if (tick(sv)) goto done;
            const int e = order[i];
            if (pass > 0) {
                rp_dp_set_band(sv->dp, sv->band_units, 1);
                move_dp(sv, e, 0, D - 1);
                rp_dp_set_band(sv->dp, 0, 0);
                sv->iter++;
                continue;
            }
            pace_of(p, e, ru, rw);
            int bw = PACE_BAND_WE;
            while (bw > 1 && rp_dp_band_states(&sv->st, e, band, bw) > DP_STATES) bw--;
            rp_dp_set_band_ref(sv->dp, ru, rw);
            rp_dp_set_band(sv->dp, band, bw);
            move_dp(sv, e, 0, D - 1);
            rp_dp_set_band_ref(sv->dp, NULL, NULL);
            rp_dp_set_band(sv->dp, 0, 0);
            sv->iter++;
        }
        rc = 0;
        const int64_t after = total(&sv->st);
        if (pass > 0 && (double)(before - after) < PACE_GAIN * (double)after) break;
        if (sv->frac >= PACE_FRAC) break;
    }
done:
    free(order);
    free(ru);
    free(rw);
    free(zero);
    return rc;
}

/* The best keep-or-swap pattern between e1 and e2 on days a..b. */
static int move_swapdp(solver *sv, int e1, int e2, int a, int b)
{
    const rp_problem *p = sv->p;
    rp_state *st = &sv->st;
    const int V = p->V, L = b - a + 1;
    sv->sw_tried++;
    int64_t *lam1 = sv->lambda, *lam2 = sv->lambda + V;
    memset(sv->lambda, 0, sizeof(int64_t) * 2 * (size_t)V);
    const uint8_t *x1 = st->x + (size_t)e1 * p->D, *x2 = st->x + (size_t)e2 * p->D;
    uint8_t *n1 = sv->line, *n2 = sv->line2, *b1 = sv->line3, *b2 = sv->line4;
    int64_t best = INT64_MAX, bds = 0, bdh = 0;
    for (int attempt = 0; attempt < 3; attempt++) {
        int64_t c;
        int src = rp_swap_line(sv->sw, st, e1, e2, a, b, lam1, lam2, sv->opt, &c);
        if (src == -1) return -1;
        if (src) return 0;
        int any = 0;
        for (int d = a; d <= b; d++) {
            int o = sv->opt[d - a];
            any |= o;
            n1[d - a] = o ? x2[d] : x1[d];
            n2[d - a] = o ? x1[d] : x2[d];
        }
        if (!any) break;
        int64_t ds1, dh1, ds2, dh2;
        rp_employee_delta(st, e1, a, b, n1, &ds1, &dh1);
        rp_employee_delta(st, e2, a, b, n2, &ds2, &dh2);
        int64_t delta = ds1 + ds2 + st->hw * (dh1 + dh2);
        if (delta < best) {
            best = delta;
            bds = ds1 + ds2;
            bdh = dh1 + dh2;
            memcpy(b1, n1, (size_t)L);
            memcpy(b2, n2, (size_t)L);
        }
        int over = raise_type_prices(sv, e1, a, b, n1, lam1);
        over |= raise_type_prices(sv, e2, a, b, n2, lam2);
        if (!over) break;
    }
    if (best > 0) return 0;
    if (best < 0) sv->sw_improved++;
    if (st->hard + bdh > 0) save_best(sv);
    rp_employee_apply(st, e1, a, b, b1);
    rp_employee_apply(st, e2, a, b, b2);
    st->soft += bds;
    st->hard += bdh;
    note_best(sv);
    return 1;
}

/* All employees on day d reassigned optimally (min-cost flow). */
static int move_dayflow(solver *sv, int d)
{
    const rp_problem *p = sv->p;
    rp_state *st = &sv->st;
    sv->fl_tried++;
    int64_t gain;
    if (rp_flow_day(sv->flow, st, d, sv->dayv, &gain)) return 0;
    if (gain > 0) return 0;
    int64_t sum = 0;
    for (int e = 0; e < p->E; e++) {
        uint8_t v = sv->dayv[e];
        if (st->x[(size_t)e * p->D + d] == v) continue;
        int64_t ds, dh;
        sum += line_delta(sv, e, d, d, &v, &ds, &dh);
        line_apply(sv, e, d, d, &v, ds, dh);
    }
    assert(sum == gain);
    if (gain < 0) sv->fl_improved++;
    return gain < 0;
}

/* Ruin and recreate: clears the lines of k employees on days a..b and
 * rebuilds them one by one, in random order, with the DP; keeps the result
 * when not worse (or by the annealing rule), else restores the old lines. */
static int move_lns(solver *sv, int k, int a, int b, int first)
{
    const rp_problem *p = sv->p;
    rp_state *st = &sv->st;
    const int L = b - a + 1;
    int emp[16], order[16];
    if (k > 16) k = 16;
    if (k > p->E) k = p->E;
    for (int i = 0; i < k; i++) {
        int e, dup;
        do {
            e = i == 0 && first >= 0 ? first : rng_int(&sv->r, p->E);
            dup = 0;
            for (int j = 0; j < i; j++) dup |= emp[j] == e;
        } while (dup);
        emp[i] = e;
        order[i] = e;
    }
    for (int i = k - 1; i > 0; i--) {
        int j = rng_int(&sv->r, i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    const int64_t before = total(st);
    uint8_t *saved = sv->lns_saved;
    for (int i = 0; i < k; i++)
        memcpy(saved + (size_t)i * L, st->x + (size_t)emp[i] * p->D + a, (size_t)L);
    save_best(sv);
    memset(sv->line, 0, (size_t)L);
    for (int i = 0; i < k; i++) {
        int64_t ds, dh;
        line_delta(sv, emp[i], a, b, sv->line, &ds, &dh);
        rp_employee_apply(st, emp[i], a, b, sv->line);
        st->soft += ds;
        st->hard += dh;
    }
    for (int i = 0; i < k; i++) move_dp(sv, order[i], a, b);
    const int64_t after = total(st);
    if (after <= before || accept(sv, after - before)) {
        if (after < before) sv->lns_improved++;
        note_best(sv);
        return 1;
    }
    for (int i = 0; i < k; i++) {
        int64_t ds, dh;
        const uint8_t *old = saved + (size_t)i * L;
        line_delta(sv, emp[i], a, b, old, &ds, &dh);
        rp_employee_apply(st, emp[i], a, b, old);
        st->soft += ds;
        st->hard += dh;
    }
    assert(total(st) == before);
    return 0;
}

static void progress(solver *sv, double now)
{
    if (!sv->o->progress) return;
    roster_progress pr = {
        .elapsed = now - sv->t0,
        .iterations = sv->iter,
        .best = sv->best == INT64_MAX ? -1 : sv->best + sv->p->cost_const,
        .current = sv->st.soft + sv->p->cost_const,
        .hard = sv->st.hard,
        .time_to_best = sv->time_to_best,
    };
    sv->o->progress(&pr, sv->o->progress_ctx);
}

/* Checks the limits, the stop flag and the progress clock; sets the run
 * fraction and the temperature. Returns 1 to stop. The fraction comes from
 * the iteration limit when there is one, so that runs repeat exactly. */
static int tick(solver *sv)
{
    const roster_solve_options *o = sv->o;
    if (o->stop && *o->stop) return 1;
    double frac = 0;
    if (o->iterations) {
        if (sv->iter >= o->iterations) return 1;
        frac = (double)sv->iter / (double)o->iterations;
    }
    double now = 0;
    if (o->time_limit > 0 || o->progress) now = now_seconds();
    if (o->time_limit > 0) {
        double el = now - sv->t0;
        if (el >= o->time_limit) return 1;
        if (!o->iterations) frac = el / o->time_limit;
    }
    if (frac >= sv->stop_frac) return 1;
    frac = (frac - sv->sched0) / (sv->span - sv->sched0);
    sv->frac = frac;
    sv->temp = sv->t_start * pow(T_END / sv->t_start, frac);
    if (o->progress && now >= sv->next_progress) {
        progress(sv, now);
        sv->next_progress = now + (o->progress_interval > 0 ? o->progress_interval : 1.0);
    }
    return 0;
}

/* A batch of 64 annealing moves. */
static void run_annealing(solver *sv)
{
    const int D = sv->p->D;
    for (int i = 0; i < 64; i++) {
        int r = rng_int(&sv->r, 100);
        if (r < 30)
            move_change(sv);
        else if (r < 55)
            move_swap(sv, 1);
        else if (r < 75) {
            if (D > 1) move_swap(sv, 2 + rng_int(&sv->r, D < 7 ? D - 1 : 6)); /* a block needs two days */
        }
        else if (r < 90)
            move_relocate(sv);
        else
            move_cover(sv);
    }
    sv->iter += 63;
}

/* One line move: a random employee's line over the exact window, or (long
 * horizons, half the time) over the whole horizon within a band of the
 * current line; while the roster breaks a rule, half the time where it does;
 * else on long horizons 1 in WE_SHARE times the weekend move. */
static uint64_t run_line(solver *sv)
{
    const rp_problem *p = sv->p;
    int e = rng_int(&sv->r, p->E);
    int a = sv->win >= p->D ? 0 : rng_int(&sv->r, p->D - sv->win + 1);
    int day, v;
    if (sv->st.hard > 0 && rng_int(&sv->r, 2) && find_violation(sv, &e, &day) && sv->win < p->D) {
        a = day - sv->win / 2 + rng_int(&sv->r, sv->win / 2 + 1) - sv->win / 4;
        if (a < 0) a = 0;
        if (a > p->D - sv->win) a = p->D - sv->win;
    } else if (sv->win < p->D && rng_int(&sv->r, WE_SHARE) == 0 &&
               find_half_weekend(sv, &e, &day, &v)) {
        /* a half-worked weekend whose other day lacks people */
        a = window_at(sv, day, sv->win);
        move_weekend(sv, e, day, v, a, a + sv->win - 1);
        return rp_dp_work(sv->dp) * 5 + 1000;
    }
    if (sv->win < p->D && rng_int(&sv->r, 2)) {
        rp_dp_set_band(sv->dp, sv->band_units, 1);
        move_dp(sv, e, 0, p->D - 1);
        rp_dp_set_band(sv->dp, 0, 0);
        return rp_dp_work(sv->dp) * 15 + 1000;
    }
    move_dp(sv, e, a, a + sv->win - 1);
    return rp_dp_work(sv->dp) * 5 + 1000;
}

static uint64_t run_swap(solver *sv)
{
    const rp_problem *p = sv->p;
    int e1 = rng_int(&sv->r, p->E), e2 = rng_int(&sv->r, p->E);
    if (e1 == e2) return 100;
    int a = sv->swin >= p->D ? 0 : rng_int(&sv->r, p->D - sv->swin + 1);
    if (move_swapdp(sv, e1, e2, a, a + sv->swin - 1) < 0 && sv->swin > 7) sv->swin /= 2;
    return rp_swap_work(sv->sw) * 2 + 1000;
}

/* Ruin and recreate; while the roster breaks a rule, half the time around
 * the employee who breaks it (or that employee's whole line, priced). */
static uint64_t run_lns(solver *sv)
{
    const rp_problem *p = sv->p;
    int k = 2 + rng_int(&sv->r, LNS_MAX - 1);
    int a = sv->win >= p->D ? 0 : rng_int(&sv->r, p->D - sv->win + 1);
    int first = -1, day;
    if (sv->st.hard > 0 && rng_int(&sv->r, 2) && find_violation(sv, &first, &day)) {
        if (sv->win >= p->D || rng_int(&sv->r, 2)) {
            if (sv->win < p->D) {
                a = day - sv->win / 2;
                if (a < 0) a = 0;
                if (a > p->D - sv->win) a = p->D - sv->win;
            }
        } else {
            construct_line(sv, first);
            return rp_dp_work(sv->dp) * 5 * 12 + 1000;
        }
    }
    move_lns(sv, k, a, a + sv->win - 1, first);
    return rp_dp_work(sv->dp) * 5 * (uint64_t)k + 1000;
}

/* The search: the move class furthest below its share of the work runs
 * next; the last POLISH of the run is a descent with the exact moves. */
static void search(solver *sv)
{
    const double *share = class_share;
    int polishing = 0;
    uint64_t last_tick = 0;
    if (tick(sv)) return;
    for (;;) {
        if (sv->iter - last_tick >= 256) {
            last_tick = sv->iter;
            if (tick(sv)) return;
        }
        if (!polishing && sv->frac > 1 - POLISH) {
            polishing = 1;
            share = polish_share;
            memset(sv->used, 0, sizeof(sv->used));
        }
        if (polishing) sv->temp = 0;
        sv->iter++;
        int k = 0;
        double lowest = 1e300;
        for (int c = 0; c < NCLASS; c++) {
            if (share[c] <= 0) continue;
            double r = sv->used[c] / share[c];
            if (r < lowest) {
                lowest = r;
                k = c;
            }
        }
        uint64_t work;
        switch (k) {
        case C_SA:
            run_annealing(sv);
            work = 64 * 100;
            break;
        case C_DP: work = run_line(sv); break;
        case C_SW: work = run_swap(sv); break;
        case C_FL:
            move_dayflow(sv, rng_int(&sv->r, sv->p->D));
            work = rp_flow_work(sv->flow) * 5 + 1000;
            break;
        default: work = run_lns(sv); break;
        }
        sv->used[k] += (double)work;
    }
}

/* Column generation's poll: counts its work as iterations, keeps the
 * progress line going, and stops it at its share of the run. */
static int cg_poll(void *ctx, uint64_t work)
{
    solver *sv = ctx;
    const roster_solve_options *o = sv->o;
    if (!work) sv->cg_found = now_seconds() - sv->t0;
    sv->iter += work;
    if (o->stop && *o->stop) return 1;
    if (o->iterations && (double)sv->iter >= sv->cg_end * (double)o->iterations) return 1;
    double now = 0;
    if (o->time_limit > 0 || o->progress) now = now_seconds();
    if (o->time_limit > 0 && now - sv->t0 >= sv->cg_end * o->time_limit) return 1;
    if (o->progress && now >= sv->next_progress) {
        progress(sv, now);
        sv->next_progress = now + (o->progress_interval > 0 ? o->progress_interval : 1.0);
    }
    return 0;
}

/* The fraction of the run done (iterations when counted, else time). */
static double run_frac(const solver *sv)
{
    const roster_solve_options *o = sv->o;
    if (o->iterations) return (double)sv->iter / (double)o->iterations;
    if (o->time_limit > 0) return (now_seconds() - sv->t0) / o->time_limit;
    return 0;
}

/* Column generation's share of its budget used so far. */
static double cg_share_used(void *ctx)
{
    const solver *sv = ctx;
    if (sv->cg_end <= sv->cg_begin) return 1;
    return (run_frac(sv) - sv->cg_begin) / (sv->cg_end - sv->cg_begin);
}

/* Column generation's request for a longer budget: factor times its
 * length, up to the final descent's part of the run. */
static void cg_extend(void *ctx, double factor)
{
    solver *sv = ctx;
    double end = sv->cg_begin + factor * (sv->cg_end - sv->cg_begin);
    if (end > 1.0 - CG_TAIL) end = 1.0 - CG_TAIL;
    if (end > sv->cg_end) sv->cg_end = end;
}

/* Runs column generation from roster x over [cg_begin, cg_end) of the run
 * (window neighbourhoods only when windows_only) and fills its figures in
 * res; *cut (may be NULL) tells whether the whole-horizon root was given up. Returns 1 when its roster is better than x
 * (it is then loaded into sv->st), 0 when not (sv->st holds x), -1 when it
 * could not run. */
static int run_colgen(solver *sv, roster_solve_result *res, const uint8_t *x, int *cut,
                      int windows_only)
{
    const rp_problem *p = sv->p;
    const size_t cells = (size_t)p->E * p->D;
    uint8_t *cgx = malloc(cells);
    rp_cg_result cr;
    int rc = -1;
    if (cgx &&
        rp_colgen(p, x, sv->o->seed, windows_only, cg_poll, cg_share_used, cg_extend, sv, cgx, &cr) == 0) {
        res->lp_value = cr.lp_value;
        res->lp_bound = cr.bound;
        res->colgen_seconds = now_seconds() - sv->t0;
        res->colgen_tried = cr.lns_tried;
        res->colgen_improved = cr.lns_improved;
        res->colgen_pool_runs = cr.pool_runs;
        res->colgen_pool_improved = cr.pool_improved;
        res->colgen_windows = cr.win_tried;
        res->colgen_windows_improved = cr.win_improved;
        res->colgen_window_days = cr.window_days;
        res->colgen_window_free = cr.window_free;
        res->bnp_nodes = cr.bnp_nodes;
        res->bnp_improved = cr.bnp_improved;
        res->bnp_done = cr.bnp_done;
        res->bnp_inexact = cr.bnp_inexact;
        res->bnp_trees = cr.bnp_trees;
        if (cut) *cut = cr.cut;
        rp_state_load(&sv->st, x);
        int64_t before = total(&sv->st);
        rp_state_load(&sv->st, cgx);
        if (sv->st.hard == 0) res->colgen_objective = sv->st.soft + p->cost_const;
        rc = total(&sv->st) < before;
        if (!rc) rp_state_load(&sv->st, x);
    }
    free(cgx);
    return rc;
}

int rp_evaluate(const roster_instance *ins, const roster_solution *sol, int64_t *objective,
                int64_t *hard)
{
    rp_problem p;
    char err[256];
    int rc = rp_problem_build(&p, ins, NULL, 0, err, sizeof(err));
    if (rc) return rc;
    rp_state st;
    uint8_t *x = calloc((size_t)p.E * p.D + 1, 1);
    if (!x || rp_state_init(&st, &p, 1)) {
        free(x);
        rp_problem_free(&p);
        return ROSTER_ENOMEM;
    }
    int64_t forbidden = 0;
    for (int e = 0; e < p.E; e++)
        for (int d = 0; d < p.D; d++) {
            int v = sol->shift[(size_t)e * p.D + d] + 1;
            x[(size_t)e * p.D + d] = (uint8_t)v;
            if (!p.allowed[((size_t)e * p.D + d) * p.V + v]) forbidden += RP_UNIT;
        }
    rp_state_load(&st, x);
    *objective = st.soft + p.cost_const;
    *hard = st.hard + forbidden;
    rp_state_free(&st);
    free(x);
    rp_problem_free(&p);
    return ROSTER_OK;
}

static void solver_free(solver *sv)
{
    rp_dp_free(sv->dp);
    rp_swap_free(sv->sw);
    rp_flow_free(sv->flow);
    free(sv->lambda);
    free(sv->extra);
    free(sv->line);
    free(sv->line2);
    free(sv->line3);
    free(sv->line4);
    free(sv->lns_saved);
    free(sv->opt);
    free(sv->dayv);
    free(sv->best_x);
    rp_state_free(&sv->st);
}

static int solver_init(solver *sv, const rp_problem *p, const roster_solve_options *o)
{
    memset(sv, 0, sizeof(*sv));
    sv->p = p;
    sv->o = o;
    sv->best = INT64_MAX;
    sv->t_start = T_START;
    sv->stop_frac = 2;
    sv->span = 1;
    rng_seed(&sv->r, o->seed);
    const size_t cells = (size_t)p->E * p->D;
    sv->best_x = calloc(cells ? cells : 1, 1);
    sv->dp = rp_dp_create(0);
    sv->sw = rp_swap_create(0);
    sv->flow = rp_flow_create();
    sv->lambda = calloc((size_t)2 * p->V, sizeof(int64_t));
    sv->line = calloc((size_t)p->D, 1);
    sv->line2 = calloc((size_t)p->D, 1);
    sv->line3 = calloc((size_t)p->D, 1);
    sv->line4 = calloc((size_t)p->D, 1);
    sv->lns_saved = calloc((size_t)16 * p->D, 1);
    sv->extra = calloc((size_t)p->D * p->V, sizeof(int64_t));
    sv->opt = calloc((size_t)p->D, 1);
    sv->dayv = calloc((size_t)p->E + 1, 1);
    if (!sv->best_x || !sv->dp || !sv->sw || !sv->flow || !sv->lambda || !sv->line ||
        !sv->line2 || !sv->line3 || !sv->line4 || !sv->lns_saved || !sv->extra || !sv->opt || !sv->dayv ||
        rp_state_init(&sv->st, p, HARD_WEIGHT)) {
        solver_free(sv);
        return ROSTER_ENOMEM;
    }
    return ROSTER_OK;
}

int roster_solve(const roster_instance *ins, const roster_solve_options *o,
                 roster_solve_result *res, char *err, size_t errlen)
{
    assert(ins && o && res);
    memset(res, 0, sizeof(*res));
    if (err && errlen) err[0] = '\0';
    if (o->time_limit <= 0 && o->iterations == 0) {
        snprintf(err, errlen, "give a time limit or an iteration limit");
        return ROSTER_ERANGE;
    }
    const roster_solution *pub = o->published;
    if ((pub && (pub->nemployees != ins->nemployees || pub->ndays != ins->ndays)) ||
        (o->initial && (o->initial->nemployees != ins->nemployees ||
                        o->initial->ndays != ins->ndays))) {
        snprintf(err, errlen, "the roster does not fit the instance");
        return ROSTER_ERANGE;
    }
    const int cw = o->change_weight > 0 ? o->change_weight : ROSTER_CHANGE_WEIGHT;
    rp_problem p;
    int rc = rp_problem_build(&p, ins, pub, cw, err, errlen);
    if (rc) return rc;
    solver sv;
    uint8_t *start = NULL;
    rc = solver_init(&sv, &p, o);
    if (rc) {
        snprintf(err, errlen, "out of memory");
        rp_problem_free(&p);
        return rc;
    }
    sv.t0 = now_seconds();
    sv.next_progress = sv.t0 + (o->progress_interval > 0 ? o->progress_interval : 1.0);
    const size_t cells = (size_t)p.E * p.D;
    start = calloc(cells ? cells : 1, 1);
    res->solution = roster_solution_create(ins);
    if (!start || !res->solution) {
        rc = ROSTER_ENOMEM;
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    /* the start: the initial roster, else the published one, else greedy;
     * values the rules forbid become days off */
    const roster_solution *from = o->initial ? o->initial : pub;
    if (from) {
        for (int e = 0; e < p.E; e++)
            for (int d = 0; d < p.D; d++) {
                int v = from->shift[(size_t)e * p.D + d] + 1;
                if (v < 0 || v >= p.V || !p.allowed[((size_t)e * p.D + d) * p.V + v]) v = 0;
                start[(size_t)e * p.D + d] = (uint8_t)v;
            }
    } else if (rp_construct_greedy(&p, start)) {
        rc = ROSTER_ENOMEM;
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    rp_state_load(&sv.st, start);
    res->lp_value = res->lp_bound = -1;
    res->colgen_objective = -1;
    int cg_used = 0;
    const int use_cg = !from && o->colgen_share > 0 && cells;
    const int cg_whole = use_cg && rp_colgen_whole(&p);
    int cg_cut = 0;
    if (cg_whole) {
        /* column generation and diving from the start; its roster replaces
         * the greedy one when better */
        sv.cg_begin = 0;
        sv.cg_end = o->colgen_share;
        if (run_colgen(&sv, res, start, &cg_cut, 0) == 1) {
            memcpy(start, sv.st.x, cells);
            sv.t_start = T_AFTER_CG;
            cg_used = 1;
        }
    }
    /* the exact DP window: the whole horizon when small enough, else the
     * largest halving that is; long horizons also get whole-line moves
     * within a band of two of the longest shifts */
    sv.win = p.D;
    while (sv.win > 7 && rp_dp_states(&sv.st, 0, 0, sv.win - 1) > ((size_t)4 << 20)) sv.win /= 2;
    sv.swin = sv.win;
    int maxlen = 1;
    for (int v = 1; v < p.V; v++)
        if (p.len[v] > maxlen) maxlen = p.len[v];
    sv.band_units = 2 * maxlen / p.minutes_gcd;
    if (sv.band_units < 1) sv.band_units = 1;
    if (!from && sv.win < p.D) {
        /* long horizons: the paced start instead of the greedy roster, and
         * the search from it at a lower temperature */
        if (paced_start(&sv) == 0) {
            memcpy(start, sv.st.x, cells);
            sv.t_start = T_AFTER_PACE;
        } else {
            save_best(&sv);
            rp_state_load(&sv.st, start);
        }
    }
    note_best(&sv);
    if (cg_used && sv.best_pending) sv.time_to_best = sv.cg_found;
    save_best(&sv);
    if (cg_cut) {
        /* the whole-horizon root did not converge in time: the search
         * first (its schedule over the rest of the run, paused at f1), then
         * window neighbourhoods by column generation from its best feasible
         * roster, then the search's final descent. Not for the horizons too
         * long for the whole-horizon master (20-24): there the search alone
         * did better at 60 s (docs/roster.md, "Window masters"). */
        double now = run_frac(&sv);
        double f1 = 1.0 - CG_TAIL - CG_WINDOW_SHARE * o->colgen_share;
        if (f1 < now + 0.01) f1 = now + 0.01;
        sv.cg_begin = f1;
        sv.cg_end = 1.0 - CG_TAIL > f1 ? 1.0 - CG_TAIL : f1;
        sv.sched0 = now;
        sv.stop_frac = f1;
        search(&sv);
        save_best(&sv);
        sv.stop_frac = 2;
        /* only from a feasible roster: else the search goes on */
        if (!(o->stop && *o->stop) && sv.best != INT64_MAX) {
            rp_state_load(&sv.st, sv.best_x);
            memcpy(start, sv.st.x, cells);
            if (run_colgen(&sv, res, start, NULL, 1) == 1) {
                cg_used = 1;
                note_best(&sv);
                if (sv.best_pending) sv.time_to_best = sv.cg_found;
                save_best(&sv);
            }
        }
    }
    /* a branch-and-price that exhausted its tree with exact pricing proved
     * its roster optimal: the search cannot improve it, so the run ends */
    res->optimal = res->bnp_done && res->bnp_inexact == 0 && sv.st.hard == 0;
    if (!res->optimal) search(&sv);
    save_best(&sv);
    /* the result: the best feasible roster, else the current one */
    const uint8_t *bx = sv.best == INT64_MAX ? sv.st.x : sv.best_x;
    rp_state_load(&sv.st, bx);
    for (size_t i = 0; i < cells; i++) res->solution->shift[i] = (int16_t)(bx[i] - 1);
    res->feasible = sv.st.hard == 0;
    res->hard = sv.st.hard;
    res->changes = pub ? roster_solution_diff(res->solution, pub) : 0;
    res->objective = sv.st.soft + p.cost_const - (pub ? (int64_t)cw * res->changes : 0);
    res->iterations = sv.iter;
    res->elapsed = now_seconds() - sv.t0;
    res->time_to_best = sv.time_to_best;
    progress(&sv, now_seconds());
out:
    if (rc) roster_solve_result_free(res);
    free(start);
    solver_free(&sv);
    rp_problem_free(&p);
    return rc;
}
