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

#include "roster/internal.h"
#include "roster/linedp.h"

void roster_solve_options_init(roster_solve_options *o)
{
    memset(o, 0, sizeof(*o));
    o->time_limit = 10.0;
    o->seed = 1;
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
    int stopped;
    uint8_t nv[64], nv2[64];
    rp_dp *dp;
    int64_t *lambda;       /* [V] DP multipliers for the maxima per shift type */
    uint8_t *line, *line2, *line3, *line4; /* [D] */
    int win;               /* DP window length */
    int swin;              /* swap DP window length */
    uint64_t dp_tried, dp_improved, lns_improved;
    uint8_t *lns_saved;    /* [16 * D] */
    rp_swap *sw;
    rp_flow *flow;
    uint8_t *dayv;         /* [E] */
    uint64_t fl_tried, fl_improved;
    uint8_t *opt;          /* [D] */
    uint64_t sw_tried, sw_improved;
    double hwf;
    int adapt_n, adapt_inf;
    double used[8];
    double dbg_time[8], dbg_work[8];
    uint64_t dbg_calls[8];
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

/* Re-optimises employee e on days a..b by DP; keeps it when not worse. */
static int move_dp(solver *sv, int e, int a, int b)
{
    const rp_problem *p = sv->p;
    rp_state *st = &sv->st;
    const int V = p->V;
    sv->dp_tried++;
    memset(sv->lambda, 0, sizeof(int64_t) * (size_t)V);
    int64_t best = INT64_MAX, bds = 0, bdh = 0;
    for (int attempt = 0; attempt < 5; attempt++) {
        int64_t dpc;
        int drc = rp_dp_line(sv->dp, st, e, a, b, sv->lambda, NULL, sv->line2, &dpc);
        if (drc) {
            if (getenv("RDEBUG")) {
                static int shown;
                if (shown++ < 5) fprintf(stderr, "dp failed %d e %d a %d b %d\n", drc, e, a, b);
            }
            return 0;
        }
        int64_t ds, dh;
        int64_t delta = line_delta(sv, e, a, b, sv->line2, &ds, &dh);
        if (delta < best) {
            best = delta;
            bds = ds;
            bdh = dh;
            memcpy(sv->line, sv->line2, (size_t)(b - a + 1));
        }
        /* raise the multipliers of the shift types now over their maximum */
        int over = raise_type_prices(sv, e, a, b, sv->line2, sv->lambda);
        if (getenv("RDEBUG") && attempt == 0 && !over && delta > 0) {
            static int shown;
            if (shown++ < 5) fprintf(stderr, "dp positive delta %lld e %d a %d b %d hard %lld\n", (long long)delta, e, a, b, (long long)st->hard);
        }
        if (!over) break;
    }
    if (getenv("RDEBUG2")) fprintf(stderr, "dp e %d [%d,%d] best %lld\n", e, a, b, (long long)best);
    if (best > 0) return 0;
    if (best < 0) sv->dp_improved++;
    line_apply(sv, e, a, b, sv->line, bds, bdh);
    return best < 0;
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
static int move_lns(solver *sv, int k, int a, int b)
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
            e = rng_int(&sv->r, p->E);
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

/* Experimental: Lagrangian relaxation of the cover with DP pricing. */
static void lagrangian(solver *sv, int iters)
{
    const rp_problem *p = sv->p;
    rp_state *st = &sv->st;
    const int E = p->E, D = p->D, V = p->V;
    double *pi = calloc((size_t)D * V, sizeof(double));
    int64_t *neg = calloc((size_t)D * V, sizeof(int64_t));
    int *count = calloc((size_t)D * V, sizeof(int));
    int64_t *lam = calloc((size_t)E * V, sizeof(int64_t));
    double *laf = calloc((size_t)E * V, sizeof(double));
    int *tcount = calloc((size_t)E * V, sizeof(int));
    uint8_t *xl = calloc((size_t)E * D, 1);
    for (int i = 0; i < D * V; i++) pi[i] = i % V ? p->under[i] * 0.5 : 0;
    double theta = 1.0, bestL = -1e18;
    rp_dp_set_scale(sv->dp, 1000);
    int stall = 0;
    for (int it = 0; it < iters; it++) {
        for (int i = 0; i < D * V; i++) neg[i] = -(int64_t)llround(pi[i] * 1000);
        double Lval = (double)p->cost_const;
        for (int i = 0; i < D * V; i++) Lval += pi[i] * p->req[i];
        memset(count, 0, sizeof(int) * (size_t)D * V);
        for (int e = 0; e < E; e++) {
            int64_t c;
            uint8_t *line = xl + (size_t)e * D;
            if (rp_dp_line(sv->dp, st, e, 0, D - 1, lam + (size_t)e * V, neg, line, &c)) continue;
            Lval += (double)c / 1000;
            for (int v = 1; v < V; v++)
                if (p->maxtype[e * V + v] < RP_INF)
                    Lval -= (double)lam[e * V + v] / 1000 * p->maxtype[e * V + v];
            int *cnt = tcount + (size_t)e * V;
            memset(cnt, 0, sizeof(int) * (size_t)V);
            for (int d = 0; d < D; d++) {
                count[d * V + line[d]]++;
                cnt[line[d]]++;
            }
        }
        double g2 = 0;
        for (int i = 0; i < D * V; i++)
            if (i % V) g2 += (double)(p->req[i] - count[i]) * (p->req[i] - count[i]);
        for (int i = 0; i < E * V; i++) {
            int mt = p->maxtype[i];
            if (i % V == 0 || mt >= RP_INF) continue;
            double gg = tcount[i] - mt;
            if (gg > 0 || laf[i] > 0) g2 += gg * gg;
        }
        double UB = getenv("RUB") ? strtod(getenv("RUB"), NULL) : 2000;
        if (Lval > bestL + 1e-9) {
            bestL = Lval;
            stall = 0;
        } else if (++stall >= (getenv("RST") ? (int)strtol(getenv("RST"), NULL, 10) : 10)) {
            theta /= 2;
            stall = 0;
        }
        if (getenv("RDEBUG") && (it % 50 == 0 || it == iters - 1))
            fprintf(stderr, "lagr %d L %.1f bestL %.1f UB %.0f cur %lld hard %lld g2 %.0f theta %g\n", it, Lval, bestL, UB,
                    (long long)(st->soft + p->cost_const), (long long)st->hard, g2, theta);
        if (g2 == 0) break;
        double step = theta * (UB - Lval) / g2;
        for (int i = 0; i < D * V; i++) {
            if (i % V == 0) continue;
            pi[i] += step * (p->req[i] - count[i]);
            if (pi[i] > p->under[i]) pi[i] = p->under[i];
            if (pi[i] < -p->over[i]) pi[i] = -p->over[i];
        }
        for (int i = 0; i < E * V; i++) {
            int mt = p->maxtype[i];
            if (i % V == 0 || mt >= RP_INF) continue;
            laf[i] += step * (tcount[i] - mt);
            if (laf[i] < 0) laf[i] = 0;
            lam[i] = llround(laf[i] * 1000);
        }
    }
    rp_dp_set_scale(sv->dp, 1);
    free(pi);
    free(neg);
    free(count);
    free(lam);
    free(laf);
    free(tcount);
    free(xl);
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

/* Checks limits and updates the temperature; returns 1 to stop. */
static int tick(solver *sv, double T0, double T1)
{
    const roster_solve_options *o = sv->o;
    double now = now_seconds();
    double el = now - sv->t0;
    if (o->stop && *o->stop) return 1;
    double frac = 0;
    if (o->iterations) {
        if (sv->iter >= o->iterations) return 1;
        frac = (double)sv->iter / (double)o->iterations;
    }
    if (o->time_limit > 0) {
        if (el >= o->time_limit) return 1;
        if (!o->iterations) frac = el / o->time_limit;
    }
    if (getenv("RADAPT")) {
        /* strategic oscillation of the hard weight */
        sv->adapt_n++;
        sv->adapt_inf += sv->st.hard > 0;
        if (sv->adapt_n >= 200) {
            if (sv->adapt_inf * 2 > sv->adapt_n) sv->hwf *= 1.3;
            else if (sv->adapt_inf * 10 < sv->adapt_n) sv->hwf /= 1.1;
            if (sv->hwf < 1) sv->hwf = 1;
            if (sv->hwf > 1000) sv->hwf = 1000;
            sv->st.hw = (int64_t)sv->hwf;
            sv->adapt_n = sv->adapt_inf = 0;
        }
    }
    int cycles = getenv("RCYC") ? (int)strtol(getenv("RCYC"), NULL, 10) : 1;
    double fc = frac * cycles;
    fc -= floor(fc);
    sv->temp = T0 * pow(T1 / T0, fc);
    if (now >= sv->next_progress) {
        progress(sv, now);
        sv->next_progress = now + (o->progress_interval > 0 ? o->progress_interval : 1.0);
    }
    return 0;
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
    int cw = o->change_weight > 0 ? o->change_weight : ROSTER_CHANGE_WEIGHT;
    rp_problem p;
    int rc = rp_problem_build(&p, ins, pub, cw, err, errlen);
    if (rc) return rc;
    solver sv;
    memset(&sv, 0, sizeof(sv));
    sv.p = &p;
    sv.o = o;
    sv.t0 = now_seconds();
    sv.next_progress = sv.t0 + (o->progress_interval > 0 ? o->progress_interval : 1.0);
    sv.best = INT64_MAX;
    rng_seed(&sv.r, o->seed);
    const size_t cells = (size_t)p.E * p.D;
    sv.best_x = calloc(cells ? cells : 1, 1);
    uint8_t *start = calloc(cells ? cells : 1, 1);
    res->solution = roster_solution_create(ins);
    if (!sv.best_x || !start || !res->solution || rp_state_init(&sv.st, &p, getenv("RHW") ? (int)strtol(getenv("RHW"), NULL, 10) : 2)) {
        rc = ROSTER_ENOMEM;
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    /* start: the initial roster, else the published one, else all off;
     * values the rules forbid become days off */
    const roster_solution *from = o->initial ? o->initial : pub;
    if (!from && getenv("RGREEDY") && rp_construct_greedy(&p, start)) {
        rc = ROSTER_ENOMEM;
        goto out;
    }
    if (from)
        for (int e = 0; e < p.E; e++)
            for (int d = 0; d < p.D; d++) {
                int v = from->shift[(size_t)e * p.D + d] + 1;
                if (v < 0 || v >= p.V || !p.allowed[((size_t)e * p.D + d) * p.V + v]) v = 0;
                start[(size_t)e * p.D + d] = (uint8_t)v;
            }
    sv.dp = rp_dp_create(0);
    sv.lambda = calloc((size_t)2 * p.V, sizeof(int64_t));
    sv.line3 = calloc((size_t)p.D, 1);
    sv.line4 = calloc((size_t)p.D, 1);
    sv.line = calloc((size_t)p.D, 1);
    sv.line2 = calloc((size_t)p.D, 1);
    sv.lns_saved = calloc((size_t)16 * p.D, 1);
    sv.sw = rp_swap_create(0);
    sv.flow = rp_flow_create();
    sv.dayv = calloc((size_t)p.E, 1);
    if (!sv.flow || !sv.dayv) {
        rc = ROSTER_ENOMEM;
        goto out;
    }
    sv.opt = calloc((size_t)p.D, 1);
    if (!sv.sw || !sv.opt || !sv.line3 || !sv.line4) {
        rc = ROSTER_ENOMEM;
        goto out;
    }
    if (!sv.dp || !sv.lambda || !sv.line || !sv.line2 || !sv.lns_saved) {
        rc = ROSTER_ENOMEM;
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    rp_state_load(&sv.st, start);
    sv.hwf = (double)sv.st.hw;
    /* the DP window: the whole horizon when small enough */
    sv.win = p.D;
    while (sv.win > 7 && rp_dp_states(&sv.st, 0, 0, sv.win - 1) > ((size_t)4 << 20)) sv.win /= 2;
    sv.swin = sv.win;
    note_best(&sv);
    save_best(&sv);
    if (getenv("RCONS")) {
        /* construction: every employee's line by DP against the others */
        int passes = (int)strtol(getenv("RCONS"), NULL, 10);
        int *ord = malloc(sizeof(int) * (size_t)p.E);
        for (int e = 0; e < p.E; e++) ord[e] = e;
        for (int pass = 0; pass < passes; pass++) {
            for (int i = p.E - 1; i > 0; i--) {
                int j = rng_int(&sv.r, i + 1), t = ord[i];
                ord[i] = ord[j];
                ord[j] = t;
            }
            for (int i = 0; i < p.E; i++)
                for (int a = 0; a < p.D; a += sv.win) {
                    int b = a + sv.win - 1 < p.D ? a + sv.win - 1 : p.D - 1;
                    move_dp(&sv, ord[i], a, b);
                }
        }
        free(ord);
        if (getenv("RDEBUG"))
            fprintf(stderr, "construction %.2fs soft %lld hard %lld\n", now_seconds() - sv.t0,
                    (long long)(sv.st.soft + p.cost_const), (long long)sv.st.hard);
    }
    if (getenv("RLAG")) {
        lagrangian(&sv, (int)strtol(getenv("RLAG"), NULL, 10));
        if (sv.best < INT64_MAX) rp_state_load(&sv.st, sv.best_x);
    }
    if (getenv("RILS")) {
        int *ord = malloc(sizeof(int) * (size_t)(p.E > p.D ? p.E : p.D));
        int nsw = (int)strtol(getenv("RILS"), NULL, 10);
        int64_t cur_best = INT64_MAX;
        int round = 0;
        while (!tick(&sv, 1, 1)) {
            /* descent */
            for (;;) {
                int64_t before = total(&sv.st);
                for (int e = 0; e < p.E; e++) ord[e] = e;
                for (int i = p.E - 1; i > 0; i--) {
                    int j = rng_int(&sv.r, i + 1), t = ord[i];
                    ord[i] = ord[j];
                    ord[j] = t;
                }
                for (int i = 0; i < p.E; i++)
                    for (int a = 0; a < p.D; a += sv.win) {
                        int b = a + sv.win - 1 < p.D ? a + sv.win - 1 : p.D - 1;
                        move_dp(&sv, ord[i], a, b);
                    }
                for (int d = 0; d < p.D; d++) move_dayflow(&sv, d);
                for (int k = 0; k < nsw; k++) {
                    int e1 = rng_int(&sv.r, p.E), e2 = rng_int(&sv.r, p.E);
                    if (e1 == e2) continue;
                    int a = sv.win >= p.D ? 0 : rng_int(&sv.r, p.D - sv.win + 1);
                    move_swapdp(&sv, e1, e2, a, a + sv.win - 1);
                }
                sv.iter += 1000;
                if (total(&sv.st) >= before || tick(&sv, 1, 1)) break;
            }
            round++;
            if (total(&sv.st) < cur_best) cur_best = total(&sv.st);
            if (getenv("RDEBUG"))
                fprintf(stderr, "ils %d %.1fs cur %lld hard %lld best %lld\n", round, now_seconds() - sv.t0,
                        (long long)(sv.st.soft + p.cost_const), (long long)sv.st.hard,
                        (long long)(sv.best + p.cost_const));
            /* perturb: a burst of annealing moves at a fixed temperature */
            sv.temp = getenv("RPT") ? strtod(getenv("RPT"), NULL) : 5;
            int np = getenv("RPN") ? (int)strtol(getenv("RPN"), NULL, 10) : 20000;
            for (int k = 0; k < np; k++) {
                int r = rng_int(&sv.r, 100);
                if (r < 40) move_change(&sv);
                else if (r < 70) move_swap(&sv, 1);
                else move_swap(&sv, 2 + rng_int(&sv.r, p.D < 7 ? p.D - 1 : 6));
            }
        }
        free(ord);
    }
    if (sv.best == INT64_MAX) memcpy(sv.best_x, sv.st.x, cells);
    double T0 = 20.0, T1 = 0.5;
    if (getenv("RT0")) T0 = strtod(getenv("RT0"), NULL);
    if (getenv("RT1")) T1 = strtod(getenv("RT1"), NULL);
    if (getenv("RHW")) sv.st.hw = strtol(getenv("RHW"), NULL, 10);
    sv.temp = T0;
    enum { C_SA, C_DP, C_SW, C_FL, C_LNS, NCLASS };
    double share[NCLASS] = {50, 20, 10, 10, 10};
    const char *shares = getenv("RSHARE");
    if (shares) {
        char *q = (char *)shares;
        for (int c = 0; c < NCLASS; c++) {
            share[c] = strtod(q, &q);
            if (*q == ',') q++;
        }
    }
    const int lns_k = getenv("RLNSK") ? (int)strtol(getenv("RLNSK"), NULL, 10) : 4;
    const int dbg = getenv("RDEBUG") != NULL;
    uint64_t last_tick = 0;
    for (;;) {
        if (sv.iter - last_tick >= 256 || sv.iter == 0) {
            last_tick = sv.iter;
            if (tick(&sv, T0, T1)) break;
        }
        sv.iter++;
        /* the move class furthest below its share of the work */
        int k = 0;
        double lowest = 1e300;
        for (int c = 0; c < NCLASS; c++) {
            if (share[c] <= 0) continue;
            double r = sv.used[c] / share[c];
            if (r < lowest) {
                lowest = r;
                k = c;
            }
        }
        double t_start = dbg ? now_seconds() : 0;
        uint64_t work = 0;
        if (k == C_SA) {
            for (int i = 0; i < 64; i++) {
                int r = rng_int(&sv.r, 100);
                if (r < 40)
                    move_change(&sv);
                else if (r < 70)
                    move_swap(&sv, 1);
                else
                    move_swap(&sv, 2 + rng_int(&sv.r, p.D < 7 ? p.D - 1 : 6));
            }
            sv.iter += 63;
            work = 64 * 100;
        } else if (k == C_DP) {
            int e = rng_int(&sv.r, p.E);
            int a = sv.win >= p.D ? 0 : rng_int(&sv.r, p.D - sv.win + 1);
            move_dp(&sv, e, a, a + sv.win - 1);
            work = rp_dp_work(sv.dp) * 5 + 1000;
        } else if (k == C_SW) {
            int e1 = rng_int(&sv.r, p.E), e2 = rng_int(&sv.r, p.E);
            if (e1 != e2) {
                int a = sv.swin >= p.D ? 0 : rng_int(&sv.r, p.D - sv.swin + 1);
                if (move_swapdp(&sv, e1, e2, a, a + sv.swin - 1) < 0 && sv.swin > 7)
                    sv.swin /= 2;
                work = rp_swap_work(sv.sw) * 2 + 1000;
            }
        } else if (k == C_FL) {
            move_dayflow(&sv, rng_int(&sv.r, p.D));
            work = rp_flow_work(sv.flow) * 5 + 1000;
        } else {
            int kk = 2 + rng_int(&sv.r, lns_k - 1);
            int a = sv.win >= p.D ? 0 : rng_int(&sv.r, p.D - sv.win + 1);
            move_lns(&sv, kk, a, a + sv.win - 1);
            work = rp_dp_work(sv.dp) * 5 * (uint64_t)kk + 1000;
        }
        sv.used[k] += (double)work;
        if (dbg) {
            sv.dbg_time[k] += now_seconds() - t_start;
            sv.dbg_work[k] += (double)work;
            sv.dbg_calls[k]++;
        }
    }
    if (dbg)
        for (int c = 0; c < NCLASS; c++)
            if (sv.dbg_calls[c])
                fprintf(stderr, "class %d calls %llu time %.2fs ns/work %.2f\n", c,
                        (unsigned long long)sv.dbg_calls[c], sv.dbg_time[c],
                        sv.dbg_time[c] * 1e9 / sv.dbg_work[c]);
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
    if (getenv("RDEBUG"))
        fprintf(stderr, "win %d dp tried %llu improved %llu lns improved %llu sw %llu/%llu\n", sv.win,
                (unsigned long long)sv.dp_tried, (unsigned long long)sv.dp_improved,
                (unsigned long long)sv.lns_improved, (unsigned long long)sv.sw_improved,
                (unsigned long long)sv.sw_tried);
    if (getenv("RDEBUG"))
        fprintf(stderr, "flow %llu/%llu\n", (unsigned long long)sv.fl_improved,
                (unsigned long long)sv.fl_tried);
out:
    if (rc) roster_solve_result_free(res);
    rp_dp_free(sv.dp);
    free(sv.lambda);
    free(sv.line);
    free(sv.line2);
    free(sv.line3);
    free(sv.line4);
    free(sv.lns_saved);
    rp_swap_free(sv.sw);
    rp_flow_free(sv.flow);
    free(sv.dayv);
    free(sv.opt);
    free(start);
    free(sv.best_x);
    rp_state_free(&sv.st);
    rp_problem_free(&p);
    return rc;
}
