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
    sv->temp = T0 * pow(T1 / T0, frac);
    if (now >= sv->next_progress) {
        progress(sv, now);
        sv->next_progress = now + (o->progress_interval > 0 ? o->progress_interval : 1.0);
    }
    return 0;
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
    if (!sv.best_x || !start || !res->solution || rp_state_init(&sv.st, &p, 2)) {
        rc = ROSTER_ENOMEM;
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    /* start: the initial roster, else the published one, else all off;
     * values the rules forbid become days off */
    const roster_solution *from = o->initial ? o->initial : pub;
    if (from)
        for (int e = 0; e < p.E; e++)
            for (int d = 0; d < p.D; d++) {
                int v = from->shift[(size_t)e * p.D + d] + 1;
                if (v < 0 || v >= p.V || !p.allowed[((size_t)e * p.D + d) * p.V + v]) v = 0;
                start[(size_t)e * p.D + d] = (uint8_t)v;
            }
    rp_state_load(&sv.st, start);
    note_best(&sv);
    save_best(&sv);
    if (sv.best == INT64_MAX) memcpy(sv.best_x, sv.st.x, cells);
    const double T0 = 20.0, T1 = 0.5;
    sv.temp = T0;
    for (;;) {
        if ((sv.iter & 255) == 0 && tick(&sv, T0, T1)) break;
        sv.iter++;
        int r = rng_int(&sv.r, 100);
        if (r < 40)
            move_change(&sv);
        else if (r < 70)
            move_swap(&sv, 1);
        else
            move_swap(&sv, 2 + rng_int(&sv.r, p.D < 7 ? p.D - 1 : 6));
    }
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
    free(sv.best_x);
    rp_state_free(&sv.st);
    rp_problem_free(&p);
    return rc;
}
