/* roster linedp: the best line of one employee over a window of days, all
 * other employees fixed, by dynamic programming.
 *
 * State after day d: (value, length of the current run of working days or of
 * days off, minutes worked in the window, weekends worked in the window).
 * Successions and run lengths are exact; so are total minutes and weekends
 * (through the state); the maxima per shift type are priced with Lagrange
 * multipliers that the caller raises when they are exceeded. The cost of a
 * value on a day is its linear cost, plus the change in cover penalty given
 * the other employees, plus the multiplier. Interactions with the fixed days
 * just outside the window are charged like the evaluator charges them, so the
 * DP's figure is the evaluator's (up to the multipliers). */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "roster/internal.h"
#include "roster/linedp.h"

#define DP_INF (INT64_MAX / 4)
/* Forward passes pruned by the bound of the cost to go before one without
 * (dp_slack), and the default of rp_dp_set_bound: the bound is computed
 * only when a (state, minutes row) holds at least this many cells (weekends
 * x count); below, its backward pass costs about what it saves (measured:
 * instance 13, 2-5 cells, and 18 uncounted, 7 cells, were slower with it). */
#define DP_PASSES 2
#define FORCE_COST ((int64_t)1 << 40) /* rp_dp_forced_costs: a value no line takes */
#define DP_BOUND_CELLS 16

struct rp_dp {
    size_t cap_layer;   /* int64 entries of each layer */
    size_t cap_back;    /* uint16 entries of back */
    int64_t *layer[2];
    uint16_t *back;
    int64_t *dcost;     /* [L * V] cost of value v on window day */
    size_t cap_dcost;
    uint8_t *wmode;     /* [L] weekend mode of each window day */
    size_t cap_days;
    size_t max_states;
    int64_t scale;      /* multiplies the model's own costs (not lambda, extra) */
    int64_t *tmin;      /* [MW] elementwise minimum over predecessors */
    uint16_t *targ;     /* [MW] its argument */
    size_t cap_mw;
    uint64_t work;      /* cells of the last call, for the scheduler */
    int relax;          /* minutes and weekends priced instead of tracked */
    int band_m, band_w; /* > 0: track minutes units / weekends relative to the
                           current line, within +-band (whole-horizon windows) */
    int *cu, *cw;       /* [L] the current line's units and new weekends per day */
    const int *ref_u;   /* [D] band reference instead of the current line (may be NULL): */
    const uint8_t *ref_w; /* minutes units and newly worked weekends of each day */
    size_t cap_cu;
    int64_t price_m;    /* per minutes_gcd unit worked, when relaxed */
    int64_t price_w;    /* per weekend worked, when relaxed */
    int cnt_v;          /* > 0: track the count of value cnt_v in the state ... */
    int cnt_budget;     /* ... at most cnt_budget in the window */
    int *rows;          /* [4 * Q] minutes rows of each state: lo, hi of the
                           previous layer, lo, hi of the current one */
    size_t cap_q;
    int gid[ROSTER_MAX_SHIFTS + 1], grep[ROSTER_MAX_SHIFTS + 1], npred[ROSTER_MAX_SHIFTS + 1];
    int gpred[(ROSTER_MAX_SHIFTS + 1) * (ROSTER_MAX_SHIFTS + 1)];
    int gord[ROSTER_MAX_SHIFTS + 1];  /* groups by number of predecessors */
    int gsub[ROSTER_MAX_SHIFTS + 1];  /* 1: its predecessors include those of
                                         the group before it in gord */
    uint8_t ginc[(ROSTER_MAX_SHIFTS + 1) * (ROSTER_MAX_SHIFTS + 1)]; /* [h * V + v] v precedes h */
    int bound;          /* prune by the cost-to-go bound (rp_dp_set_bound) */
    int64_t *lb;        /* [(L + 1) * Q * (M + 1)] lower bound of the cost to go */
    size_t cap_lb;
    int64_t *endc;      /* [Q + M + 1] end cost of each state, of each minutes row */
    size_t cap_endc;
    int sgrp[ROSTER_MAX_SHIFTS + 1]; /* first shift with the same successors */
    int64_t fsucc[ROSTER_MAX_SHIFTS + 1], gmin[ROSTER_MAX_SHIFTS + 1];
    int tries;          /* forward passes of the last call */
};

rp_dp *rp_dp_create(size_t max_states)
{
    rp_dp *w = calloc(1, sizeof(*w));
    if (w) {
        w->max_states = max_states ? max_states : (size_t)8 << 20;
        w->scale = 1;
        w->bound = DP_BOUND_CELLS;
    }
    return w;
}

void rp_dp_set_scale(rp_dp *w, int64_t scale)
{
    assert(scale >= 1);
    w->scale = scale;
}

void rp_dp_set_relax(rp_dp *w, int relax, int64_t price_unit, int64_t price_weekend)
{
    w->relax = relax;
    w->price_m = price_unit;
    w->price_w = price_weekend;
}

void rp_dp_set_band(rp_dp *w, int band_units, int band_weekends)
{
    w->band_m = band_units;
    w->band_w = band_weekends;
}

void rp_dp_set_band_ref(rp_dp *w, const int *units, const uint8_t *weekends)
{
    assert((units == NULL) == (weekends == NULL));
    w->ref_u = units;
    w->ref_w = weekends;
}

void rp_dp_set_count(rp_dp *w, int v, int budget)
{
    assert(v >= 0 && budget >= 0);
    w->cnt_v = v;
    w->cnt_budget = budget;
}

void rp_dp_set_bound(rp_dp *w, int min_cells)
{
    w->bound = min_cells;
}

int rp_dp_tries(const rp_dp *w)
{
    return w->tries;
}

void rp_dp_free(rp_dp *w)
{
    if (!w) return;
    free(w->lb);
    free(w->endc);
    free(w->cu);
    free(w->cw);
    free(w->layer[0]);
    free(w->layer[1]);
    free(w->back);
    free(w->dcost);
    free(w->wmode);
    free(w->tmin);
    free(w->targ);
    free(w->rows);
    free(w);
}

static int reserve(void **ptr, size_t *cap, size_t need, size_t sz)
{
    if (need <= *cap) return 0;
    size_t n = need + need / 4;
    void *q = realloc(*ptr, n * sz);
    if (!q) return -1;
    *ptr = q;
    *cap = n;
    return 0;
}

static inline int64_t pen_minutes(const rp_problem *p, int e, int64_t m)
{
    if (m > p->maxmin[e]) return m - p->maxmin[e];
    if (m < p->minmin[e]) return p->minmin[e] - m;
    return 0;
}

static inline int64_t soft_fair(const rp_problem *p, int e, int64_t m)
{
    int t = p->target[e];
    if (t < 0) return 0;
    int64_t dev = m > t ? m - t : t - m;
    return (int64_t)p->fairw * (dev / 60);
}

size_t rp_dp_states(const rp_state *st, int e, int a, int b)
{
    const rp_problem *p = st->p;
    int Rw = p->maxcons[e] < RP_INF ? p->maxcons[e] : (p->mincons[e] > 1 ? p->mincons[e] : 1);
    if (Rw < 1) Rw = 1;
    int Roff = p->minoff[e] > 1 ? p->minoff[e] : 1;
    size_t Q = (size_t)Roff + (size_t)p->S * Rw;
    int maxlen = 0;
    for (int v = 1; v < p->V; v++)
        if (p->len[v] > maxlen) maxlen = p->len[v];
    int64_t hi = (int64_t)(b - a + 1) * maxlen;
    if (p->maxmin[e] < RP_INF && p->maxmin[e] < hi) hi = p->maxmin[e];
    size_t M = (size_t)(hi / p->minutes_gcd) + 1;
    size_t W = (size_t)(b - a + 1) / 7 + 3;
    if (p->maxwe[e] >= RP_INF) W = 1;
    else if ((size_t)p->maxwe[e] + 1 < W) W = (size_t)p->maxwe[e] + 1;
    return Q * M * W * (size_t)(b - a + 1);
}

size_t rp_dp_band_states(const rp_state *st, int e, int band_units, int band_weekends)
{
    const rp_problem *p = st->p;
    int Rw = p->maxcons[e] < RP_INF ? p->maxcons[e] : (p->mincons[e] > 1 ? p->mincons[e] : 1);
    if (Rw < 1) Rw = 1;
    int Roff = p->minoff[e] > 1 ? p->minoff[e] : 1;
    size_t Q = (size_t)Roff + (size_t)p->S * Rw;
    size_t W = p->maxwe[e] < RP_INF ? (size_t)2 * band_weekends + 1 : 1;
    return Q * ((size_t)2 * band_units + 1) * W * (size_t)p->D;
}

/* Rows of the minutes dimension: every state q of a layer keeps the range
 * [lo[q], hi[q]] of minutes rows that may hold a finite cost (lo > hi: none);
 * rows outside it are never read, so a layer is not cleared between days
 * and only the rows a relaxation reaches are set to DP_INF first. */

/* Makes rows a..b of the block at c (I cells a row) part of its range
 * [*lo, *hi], setting the rows it adds to DP_INF (the range stays one
 * interval: the rows between are added too). */
static inline void extend_rows(int64_t *c, int *lo, int *hi, int a, int b, int I)
{
    if (*lo > *hi) {
        for (size_t i = (size_t)a * I; i < (size_t)(b + 1) * I; i++) c[i] = DP_INF;
        *lo = a;
        *hi = b;
        return;
    }
    if (a < *lo) {
        for (size_t i = (size_t)a * I; i < (size_t)*lo * I; i++) c[i] = DP_INF;
        *lo = a;
    }
    if (b > *hi) {
        for (size_t i = (size_t)(*hi + 1) * I; i < (size_t)(b + 1) * I; i++) c[i] = DP_INF;
        *hi = b;
    }
}

/* Relaxes every (minutes, weekends, count) cell of target block cq (rows
 * [*clo, *chi]) from the source block pq's rows plo..phi + tc, the target
 * cell shifted by sm minutes rows, sw weekend cells (either may be
 * negative) and sk count cells (0 or 1; K1 count cells, 1 when no count is
 * tracked); back = from, or fromarr's cell when fromarr is non-NULL. */
static inline void relax(int64_t *cq, uint16_t *bq, int *clo, int *chi, const int64_t *pq,
                         int plo, int phi, const uint16_t *fromarr, uint16_t from, int64_t tc,
                         int sm, int sw, int sk, int K1, int M, int Wn)
{
    const int I = (Wn + 1) * K1;
    const int khi = K1 - 1 - sk;
    if (khi < 0) return;
    int lo = plo > -sm ? plo : -sm;
    int top = phi < M - sm ? phi : M - sm;
    if (lo > top) return;
    int wlo = sw < 0 ? -sw : 0, whi = sw > 0 ? Wn - sw : Wn;
    if (wlo > whi) return;
    extend_rows(cq, clo, chi, lo + sm, top + sm, I);
    if (sw == 0 && sk == 0) {
        /* whole rows: one run of cells */
        const size_t i0 = (size_t)lo * I, i1 = (size_t)(top + 1) * I;
        const int64_t *pm = pq;
        int64_t *cm = cq + (ptrdiff_t)sm * I;
        uint16_t *bm = bq + (ptrdiff_t)sm * I;
        if (fromarr) {
            for (size_t i = i0; i < i1; i++) {
                int64_t c = pm[i];
                if (c >= DP_INF) continue;
                c += tc;
                if (c < cm[i]) {
                    cm[i] = c;
                    bm[i] = fromarr[i];
                }
            }
        } else {
            for (size_t i = i0; i < i1; i++) {
                int64_t c = pm[i];
                if (c >= DP_INF) continue;
                c += tc;
                if (c < cm[i]) {
                    cm[i] = c;
                    bm[i] = from;
                }
            }
        }
        return;
    }
    const int shift = sw * K1 + sk;
    for (int m = lo; m <= top; m++) {
        const int64_t *pm = pq + (size_t)m * I;
        int64_t *cm = cq + (size_t)(m + sm) * I + shift;
        uint16_t *bm = bq + (size_t)(m + sm) * I + shift;
        if (fromarr) {
            const uint16_t *fm = fromarr + (size_t)m * I;
            for (int ww = wlo; ww <= whi; ww++)
                for (int i = ww * K1, e = ww * K1 + khi; i <= e; i++) {
                    int64_t c = pm[i];
                    if (c >= DP_INF) continue;
                    c += tc;
                    if (c < cm[i]) {
                        cm[i] = c;
                        bm[i] = fm[i];
                    }
                }
        } else {
            for (int ww = wlo; ww <= whi; ww++)
                for (int i = ww * K1, e = ww * K1 + khi; i <= e; i++) {
                    int64_t c = pm[i];
                    if (c >= DP_INF) continue;
                    c += tc;
                    if (c < cm[i]) {
                        cm[i] = c;
                        bm[i] = from;
                    }
                }
        }
    }
}

/* Takes the elementwise minimum of tmin (rows [*tlo, *thi]) and state q's
 * block pq (rows plo..phi), with the state in targ. */
static inline void min_into(int64_t *tmin, uint16_t *targ, int *tlo, int *thi, const int64_t *pq,
                            int plo, int phi, int I, uint16_t q)
{
    if (plo > phi) return;
    if (*tlo > *thi) {
        size_t a = (size_t)plo * I, n = (size_t)(phi - plo + 1) * I;
        memcpy(tmin + a, pq + a, n * sizeof(int64_t));
        for (size_t i = a; i < a + n; i++) targ[i] = q;
        *tlo = plo;
        *thi = phi;
        return;
    }
    extend_rows(tmin, tlo, thi, plo, phi, I);
    for (size_t i = (size_t)plo * I, e = (size_t)(phi + 1) * I; i < e; i++) {
        int64_t c = pq[i];
        if (c < tmin[i]) {
            tmin[i] = c;
            targ[i] = q;
        }
    }
}

/* The slack of forward pass k over the bound of the whole window, in
 * counted hard violations h: h / 8 (lines that break a hard rule the
 * relaxation keeps are dropped), then 8 h. */
static inline int64_t dp_slack(int pass, int64_t h)
{
    return pass == 0 ? h / 8 : 8 * h;
}

/* Whether every cell of a minutes row (I cells at c, bound of the cost to
 * go lbv) costs more than ub with its bound. */
static inline int row_dead(const int64_t *c, int I, int64_t lbv, int64_t ub)
{
    if (lbv >= DP_INF) return 1;
    const int64_t lim = ub - lbv;
    for (int i = 0; i < I; i++)
        if (c[i] <= lim) return 0;
    return 1;
}

void rp_dp_forced_costs(const rp_state *st, int e, int a, int b, int d, int v, int64_t *extra)
{
    const rp_problem *p = st->p;
    const int V = p->V;
    const uint8_t *x = st->x + (size_t)e * p->D;
    for (int k = a; k <= b; k++)
        for (int u = 0; u < V; u++) {
            int64_t *c = &extra[(size_t)k * V + u];
            *c = 0;
            if (u > 0) {
                int cv = st->cov[k * V + u] - (x[k] == u);
                *c = rp_cover_pen(p, k, u, cv + 1) - rp_cover_pen(p, k, u, cv);
            }
            if (k == d && u != v) *c += FORCE_COST;
        }
}

int rp_dp_line(rp_dp *w, const rp_state *st, int e, int a, int b, const int64_t *lambda,
               const int64_t *extra, uint8_t *nv, int64_t *out_cost)
{
    const rp_problem *p = st->p;
    const int D = p->D, V = p->V, S = p->S;
    const int L = b - a + 1;
    assert(a >= 0 && b < D && a <= b);
    const uint8_t *x = st->x + (size_t)e * D;
    const int64_t K = w->scale;
    const int64_t H = st->hw * RP_UNIT * K; /* one counted hard violation */
    const int maxcons = p->maxcons[e], mincons = p->mincons[e], minoff = p->minoff[e];
    int Rw = maxcons < RP_INF ? maxcons : (mincons > 1 ? mincons : 1);
    if (Rw < 1) Rw = 1;
    const int Roff = minoff > 1 ? minoff : 1;
    const int Q = Roff + S * Rw;
    const int g = p->minutes_gcd;

    /* minutes and weekends outside the window */
    int in_m = 0;
    for (int d = a; d <= b; d++) in_m += p->len[x[d]];
    const int64_t out_m = st->mins[e] - in_m;
    const int track_m = !w->relax && (p->maxmin[e] < RP_INF || p->minmin[e] > 0 || p->target[e] >= 0);
    int M = 0;
    if (track_m) {
        int64_t maxpos = 0;
        for (int d = a; d <= b; d++) {
            int best = 0;
            const uint8_t *al = p->allowed + ((size_t)e * D + d) * V;
            for (int v = 1; v < V; v++)
                if (al[v] && p->len[v] > best) best = p->len[v];
            maxpos += best;
        }
        int64_t hi = p->maxmin[e] < RP_INF ? p->maxmin[e] - out_m : maxpos;
        if (hi < 0) hi = 0;
        if (hi > maxpos) hi = maxpos;
        M = (int)(hi / g);
    }
    const int has_we = p->maxwe[e] < RP_INF;
    const int track_w = !w->relax && has_we;
    int Wn = 0, out_we = 0;
    if (reserve((void **)&w->wmode, &w->cap_days, (size_t)L, 1)) return -1;
    memset(w->wmode, 0, (size_t)L);
    if (has_we) {
        /* weekends worked through days outside the window */
        for (int d = 0; d < D; d++) {
            int wk = p->weekend[d];
            if (wk < 0 || (d >= a && d <= b) || x[d] == 0) continue;
            if (d > 0 && p->weekend[d - 1] == wk && x[d - 1] > 0 && !(d - 1 >= a && d - 1 <= b))
                continue; /* counted on the Saturday */
            out_we++;
        }
        for (int d = a; d <= b; d++) {
            int wk = p->weekend[d];
            if (wk < 0) continue;
            int other_out_worked = 0, sat_inside = 0;
            if (d > 0 && p->weekend[d - 1] == wk) {
                if (d - 1 >= a)
                    sat_inside = 1;
                else
                    other_out_worked = x[d - 1] > 0;
            }
            if (d + 1 < D && p->weekend[d + 1] == wk && d + 1 > b) other_out_worked = x[d + 1] > 0;
            w->wmode[d - a] = other_out_worked ? 0 : (sat_inside ? 2 : 1);
        }
        int budget = p->maxwe[e] - out_we;
        Wn = budget < 0 ? 0 : budget;
        int inwe = L / 7 + 2;
        if (Wn > inwe) Wn = inwe;
        if (!track_w) Wn = 0;
    }
    /* band mode: minutes and weekends relative to the current line */
    const int band = !w->relax && w->band_m > 0;
    if ((size_t)L > w->cap_cu) {
        int *c1 = realloc(w->cu, sizeof(int) * (size_t)L);
        if (!c1) return -1;
        w->cu = c1;
        int *c2 = realloc(w->cw, sizeof(int) * (size_t)L);
        if (!c2) return -1;
        w->cw = c2;
        w->cap_cu = (size_t)L;
    }
    int m0 = 0, w0 = 0, in_we = 0;
    int64_t base_m = 0;
    const int ref = band && w->ref_u;
    int64_t ref_m = 0;
    for (int d = a; d <= b; d++) {
        int t = d - a, cv = x[d], pv = d > 0 ? x[d - 1] : 0;
        int units = ref ? w->ref_u[d] : p->len[cv] / g;
        ref_m += (int64_t)units * g;
        w->cu[t] = band && track_m ? units : 0;
        int mode = w->wmode[t];
        int inc = ref ? has_we && w->ref_w[d] : has_we && cv > 0 && (mode == 1 || (mode == 2 && pv == 0));
        in_we += inc;
        w->cw[t] = band && track_w ? inc : 0;
    }
    if (band) {
        if (track_m) {
            M = 2 * w->band_m;
            m0 = w->band_m;
            base_m = ref_m;
        }
        if (track_w) {
            Wn = 2 * w->band_w;
            w0 = w->band_w;
        }
    }
    /* a count of one shift type (rp_dp_set_count) */
    const int cntv = w->cnt_v, K1 = cntv > 0 ? w->cnt_budget + 1 : 1;
    const int I = (Wn + 1) * K1; /* cells per minutes value */
    const int MW = (M + 1) * I;
    const size_t layer = (size_t)Q * MW;
    w->work = (uint64_t)layer * (uint64_t)L;
    if (layer * (size_t)L > w->max_states) return -1;
    if (layer > w->cap_layer) {
        size_t n = layer + layer / 4;
        for (int i = 0; i < 2; i++) {
            int64_t *l = realloc(w->layer[i], n * sizeof(int64_t));
            if (!l) return -1;
            w->layer[i] = l;
        }
        w->cap_layer = n;
    }
    if (reserve((void **)&w->back, &w->cap_back, layer * (size_t)L, sizeof(uint16_t))) return -1;
    if ((size_t)MW > w->cap_mw) {
        int64_t *t1 = realloc(w->tmin, sizeof(int64_t) * (size_t)MW);
        if (!t1) return -1;
        w->tmin = t1;
        uint16_t *t2 = realloc(w->targ, sizeof(uint16_t) * (size_t)MW);
        if (!t2) return -1;
        w->targ = t2;
        w->cap_mw = (size_t)MW;
    }
    if (reserve((void **)&w->rows, &w->cap_q, (size_t)Q * 4, sizeof(int))) return -1;
    /* per-day value costs */
    if (reserve((void **)&w->dcost, &w->cap_dcost, (size_t)L * V, sizeof(int64_t))) return -1;
    for (int d = a; d <= b; d++) {
        int64_t *dc = w->dcost + (size_t)(d - a) * V;
        const uint8_t *al = p->allowed + ((size_t)e * D + d) * V;
        const int32_t *lc = p->cost + ((size_t)e * D + d) * V;
        for (int v = 0; v < V; v++) {
            if (!al[v]) {
                dc[v] = DP_INF;
                continue;
            }
            int64_t c = lc[v] * K;
            if (extra) {
                c += extra[(size_t)d * V + v];
            } else if (v > 0) {
                int cv = st->cov[d * V + v] - (x[d] == v);
                c += (rp_cover_pen(p, d, v, cv + 1) - rp_cover_pen(p, d, v, cv)) * K;
            }
            if (lambda && v > 0) c += lambda[v];
            if (w->relax && v > 0) c += w->price_m * (p->len[v] / g);
            dc[v] = c;
        }
    }
    int q0;
    if (a == 0) {
        q0 = Roff - 1; /* a long run of days off before the horizon */
    } else {
        int v0 = x[a - 1], r0 = 1;
        while (a - 1 - r0 >= 0 && (x[a - 1 - r0] > 0) == (v0 > 0)) r0++;
        if (v0 == 0)
            q0 = (r0 < Roff ? r0 : Roff) - 1;
        else
            q0 = Roff + (v0 - 1) * Rw + (r0 < Rw ? r0 : Rw) - 1;
    }
    /* successor groups: shifts with the same set of allowed predecessors
     * share one elementwise minimum over those predecessors; the groups are
     * visited by number of predecessors, and where a group's predecessors
     * include the previous group's (forbidden successions by rest time
     * nest), its minimum extends the previous one instead of starting anew */
    int ngroups = 0;
    int *gid = w->gid, *gpred = w->gpred, *npred = w->npred;
    for (int u = 1; u < V; u++) {
        int found = -1;
        for (int h = 0; h < ngroups && found < 0; h++) {
            int rep = w->grep[h], same = 1;
            for (int v = 1; v < V && same; v++) same = p->forb[v * V + u] == p->forb[v * V + rep];
            if (same) found = h;
        }
        if (found < 0) {
            found = ngroups++;
            w->grep[found] = u;
            npred[found] = 0;
            for (int v = 1; v < V; v++) {
                w->ginc[found * V + v] = !p->forb[v * V + u];
                if (!p->forb[v * V + u]) gpred[found * V + npred[found]++] = v;
            }
        }
        gid[u] = found;
    }
    for (int h = 0; h < ngroups; h++) {
        int k = h;
        while (k > 0 && npred[w->gord[k - 1]] > npred[h]) {
            w->gord[k] = w->gord[k - 1];
            k--;
        }
        w->gord[k] = h;
    }
    for (int k = 0; k < ngroups; k++) {
        int h = w->gord[k], sub = k > 0;
        for (int v = 1; v < V && sub; v++) sub = !w->ginc[w->gord[k - 1] * V + v] || w->ginc[h * V + v];
        w->gsub[k] = sub;
    }
    const int use_groups = !p->has_succ;
    /* the end: the fixed day after the window (a cost per state) and the
     * total minutes (a cost per minutes row) */
    if (reserve((void **)&w->endc, &w->cap_endc, (size_t)Q + (size_t)M + 1, sizeof(int64_t))) return -1;
    int64_t *endq = w->endc, *endm = w->endc + Q;
    int nu = b + 1 < D ? x[b + 1] : -1, qlen = 0, touches_end = 1;
    if (nu >= 0) {
        qlen = 1;
        while (b + 1 + qlen < D && (x[b + 1 + qlen] > 0) == (nu > 0)) qlen++;
        touches_end = b + qlen == D - 1;
    }
    for (int q = 0; q < Q; q++) {
        int v, r;
        if (q < Roff) {
            v = 0;
            r = q + 1;
        } else {
            v = (q - Roff) / Rw + 1;
            r = (q - Roff) % Rw + 1;
        }
        int64_t tc = 0;
        if (nu >= 0) {
            int start_inner = b - r + 1 > 0;
            if (v > 0 && nu > 0) {
                if (p->forb[v * V + nu]) tc += H;
                tc += p->succ[v * V + nu] * K;
                if (r + qlen > maxcons) tc += H * (r + qlen - maxcons);
                if (!touches_end && start_inner && r + qlen < mincons)
                    tc += H * (mincons - r - qlen);
            } else if (v > 0) {
                if (start_inner && r < mincons) tc += H * (mincons - r);
                if (!touches_end && qlen < minoff) tc += H * (minoff - qlen);
            } else if (nu > 0) {
                if (start_inner && r < minoff) tc += H * (minoff - r);
                if (qlen > maxcons) tc += H * (qlen - maxcons);
                if (!touches_end && qlen < mincons) tc += H * (mincons - qlen);
            } else {
                if (start_inner && !touches_end && r + qlen < minoff) tc += H * (minoff - r - qlen);
            }
        }
        endq[q] = tc;
    }
    for (int m = 0; m <= M; m++) {
        endm[m] = 0;
        if (track_m) {
            int64_t tot = out_m + base_m + (int64_t)(m - m0) * g;
            endm[m] = (st->hw * pen_minutes(p, e, tot) + soft_fair(p, e, tot)) * K;
        }
    }
    /* the bound of the cost to go: the same DP backwards over (state,
     * minutes row) only, without the weekends and the count, whose limits
     * it relaxes and whose end costs are >= 0: lb[t][q][m] is at most the
     * cost of the best completion of every cell (q, m, ., .) after t days
     * of the window. Only when the forward cells are more than one per
     * (state, minutes row); the forward DP is then exact without it. */
    const size_t QM = (size_t)Q * (M + 1);
    const int use_bound = w->bound > 0 && I >= w->bound;
    if (use_bound) {
        if (reserve((void **)&w->lb, &w->cap_lb, (size_t)(L + 1) * QM, sizeof(int64_t))) return -1;
        int64_t *lbl = w->lb + (size_t)L * QM;
        for (int q = 0; q < Q; q++)
            for (int m = 0; m <= M; m++) lbl[(size_t)q * (M + 1) + m] = endq[q] + endm[m];
        /* shifts with the same allowed successors share one minimum */
        int *sgrp = w->sgrp;
        for (int v = 1; v < V; v++) {
            sgrp[v] = v;
            for (int v2 = 1; v2 < v && sgrp[v] == v; v2++)
                if (!memcmp(p->forb + (size_t)v * V + 1, p->forb + (size_t)v2 * V + 1, (size_t)V - 1))
                    sgrp[v] = v2;
        }
        int64_t *fs = w->fsucc, *gmin = w->gmin;
        const int no_cnt = cntv > 0 && K1 == 1; /* the counted value is not allowed */
        for (int t = L - 1; t >= 0; t--) {
            const int d = a + t;
            const int64_t *dc = w->dcost + (size_t)t * V;
            const int64_t *nx = w->lb + (size_t)(t + 1) * QM;
            int64_t *lt = w->lb + (size_t)t * QM;
            const int mode = w->wmode[t];
            const int cut = w->cu[t], cwt = w->cw[t];
            const int dw_off = (track_w && (mode == 1 || mode == 2)) - cwt;
            const int dw_work = (track_w && mode == 1) - cwt;
            const int64_t pw_off = w->relax && has_we && (mode == 1 || mode == 2) ? w->price_w : 0;
            const int64_t pw_work = w->relax && has_we && mode == 1 ? w->price_w : 0;
            /* a shift of the weekend cells beyond +-Wn reaches no cell */
            const int off_ok = dc[0] < DP_INF && cwt <= Wn && -cwt <= Wn;
            const int woff_ok = dw_off <= Wn && -dw_off <= Wn;
            const int wwork_ok = dw_work <= Wn && -dw_work <= Wn;
            for (int m = 0; m <= M; m++) {
                const int moff = m - cut;
                const int off_in = off_ok && moff >= 0 && moff <= M;
                for (int r = 1; r <= Roff; r++) {
                    int64_t bst = DP_INF;
                    if (off_in) {
                        int nq = (r + 1 < Roff ? r + 1 : Roff) - 1;
                        int64_t c = nx[(size_t)nq * (M + 1) + moff];
                        if (c < DP_INF) bst = c + dc[0];
                    }
                    if (woff_ok) {
                        int64_t pen = (d - r > 0 && r < minoff) ? H * (minoff - r) : 0;
                        for (int uu = 1; uu < V; uu++) {
                            if (dc[uu] >= DP_INF || (no_cnt && uu == cntv)) continue;
                            int m2 = m + (track_m ? p->len[uu] / g : 0) - cut;
                            if (m2 < 0 || m2 > M) continue;
                            int64_t c = nx[((size_t)Roff + (size_t)(uu - 1) * Rw) * (M + 1) + m2];
                            if (c >= DP_INF) continue;
                            c += dc[uu] + pen + pw_off;
                            if (c < bst) bst = c;
                        }
                    }
                    lt[(size_t)(r - 1) * (M + 1) + m] = bst;
                }
                for (int r = 1; r <= Rw; r++) {
                    int64_t offc = DP_INF;
                    if (off_in && nx[moff] < DP_INF)
                        offc = nx[moff] + dc[0] + ((d - r > 0 && r < mincons) ? H * (mincons - r) : 0);
                    const int work = r + 1 <= maxcons && wwork_ok;
                    const int nr = r + 1 < Rw ? r + 1 : Rw;
                    if (work)
                        for (int uu = 1; uu < V; uu++) {
                            fs[uu] = DP_INF;
                            gmin[uu] = DP_INF;
                            if (dc[uu] >= DP_INF || (no_cnt && uu == cntv)) continue;
                            int m2 = m + (track_m ? p->len[uu] / g : 0) - cut;
                            if (m2 < 0 || m2 > M) continue;
                            int64_t c =
                                nx[((size_t)Roff + (size_t)(uu - 1) * Rw + (size_t)(nr - 1)) * (M + 1) + m2];
                            if (c < DP_INF) fs[uu] = c + dc[uu] + pw_work;
                        }
                    for (int v = 1; v < V; v++) {
                        int64_t bst = offc;
                        if (work && !p->has_succ) {
                            int h = sgrp[v];
                            if (h == v)
                                for (int uu = 1; uu < V; uu++)
                                    if (!p->forb[v * V + uu] && fs[uu] < gmin[v]) gmin[v] = fs[uu];
                            if (gmin[h] < bst) bst = gmin[h];
                        } else if (work) {
                            for (int uu = 1; uu < V; uu++) {
                                if (p->forb[v * V + uu] || fs[uu] >= DP_INF) continue;
                                int64_t c = fs[uu] + p->succ[v * V + uu] * K;
                                if (c < bst) bst = c;
                            }
                        }
                        lt[((size_t)Roff + (size_t)(v - 1) * Rw + (size_t)(r - 1)) * (M + 1) + m] = bst;
                    }
                }
            }
        }
    }
    /* forward passes: the first ones keep only the cells whose cost plus
     * the bound of their cost to go is within ub of the bound of the whole
     * window (lb0 + DP_SLACK[k]); a pass that ends at or below ub found the
     * optimum (no line within ub was dropped), else the next pass allows
     * more, the last none */
    int64_t best = DP_INF;
    int bq = -1, bm = -1, bw = -1, bkc = 0;
    const int64_t lb0 = use_bound ? w->lb[(size_t)q0 * (M + 1) + m0] : DP_INF;
    w->tries = 0;
    for (int pass = 0;; pass++) {
        const int64_t ub = use_bound && lb0 < DP_INF && pass < DP_PASSES ? lb0 + dp_slack(pass, H) : DP_INF;
        w->tries++;
        /* start state */
        int64_t *prev = w->layer[0], *cur = w->layer[1];
        int *plo = w->rows, *phi = w->rows + Q, *clo = w->rows + 2 * Q, *chi = w->rows + 3 * Q;
        for (int q = 0; q < Q; q++) plo[q] = 1, phi[q] = 0;
        extend_rows(prev + (size_t)q0 * MW, &plo[q0], &phi[q0], m0, m0, I);
        prev[(size_t)q0 * MW + (size_t)m0 * I + (size_t)w0 * K1] = 0;
        /* forward pass */
        int64_t *tmin = w->tmin;
        uint16_t *targ = w->targ;
        for (int d = a; d <= b; d++) {
            const int t = d - a;
            const int64_t *dc = w->dcost + (size_t)t * V;
            uint16_t *bk = w->back + (size_t)t * layer;
            const int mode = w->wmode[t];
            int any = 0;
            for (int q = 0; q < Q && !any; q++) any = plo[q] <= phi[q];
            if (!any) break; /* nothing reachable */
            for (int q = 0; q < Q; q++) clo[q] = 1, chi[q] = 0;
            /* cell shifts: what a value adds, less what the current line adds
             * (band mode; 0 otherwise) */
            const int cut = w->cu[t], cwt = w->cw[t];
            const int dw_off = (track_w && (mode == 1 || mode == 2)) - cwt;
            const int dw_work = (track_w && mode == 1) - cwt;
            /* relaxed: a weekend newly worked pays its price instead */
            const int64_t pw_off = w->relax && has_we && (mode == 1 || mode == 2) ? w->price_w : 0;
            const int64_t pw_work = w->relax && has_we && mode == 1 ? w->price_w : 0;
    #define DP_TARGET(nq) cur + (size_t)(nq) * MW, bk + (size_t)(nq) * MW, &clo[nq], &chi[nq]
            /* A: a day off after days off */
            if (dc[0] < DP_INF) {
                for (int r = 1; r <= Roff; r++) {
                    int q = r - 1;
                    int nq = (r + 1 < Roff ? r + 1 : Roff) - 1;
                    relax(DP_TARGET(nq), prev + (size_t)q * MW, plo[q], phi[q], NULL, (uint16_t)q, dc[0],
                          -cut, -cwt, 0, K1, M, Wn);
                }
            }
            /* B: the first working day after days off */
            for (int r = 1; r <= Roff; r++) {
                int q = r - 1;
                if (plo[q] > phi[q]) continue;
                int64_t pen = (d - r > 0 && r < minoff) ? H * (minoff - r) : 0;
                for (int u = 1; u < V; u++) {
                    if (dc[u] >= DP_INF) continue;
                    int du = (track_m ? p->len[u] / g : 0) - cut;
                    size_t nq = (size_t)Roff + (size_t)(u - 1) * Rw;
                    relax(DP_TARGET(nq), prev + (size_t)q * MW, plo[q], phi[q], NULL, (uint16_t)q,
                          dc[u] + pen + pw_off, du, dw_off, u == cntv, K1, M, Wn);
                }
            }
            /* C: another working day, and A: a day off after working days */
            for (int r = 1; r <= Rw; r++) {
                const int work = r + 1 <= maxcons && dw_work <= Wn;
                int tlo = 1, thi = 0; /* rows of tmin */
                if (work && use_groups) {
                    for (int k = 0; k < ngroups; k++) {
                        const int h = w->gord[k];
                        const uint8_t *before = k > 0 && w->gsub[k] ? w->ginc + w->gord[k - 1] * V : NULL;
                        if (!before) tlo = 1, thi = 0;
                        for (int j = 0; j < npred[h]; j++) {
                            int v = gpred[h * V + j];
                            if (before && before[v]) continue;
                            int q = Roff + (v - 1) * Rw + (r - 1);
                            min_into(tmin, targ, &tlo, &thi, prev + (size_t)q * MW, plo[q], phi[q], I,
                                     (uint16_t)q);
                        }
                        if (tlo > thi) continue;
                        int nr = r + 1 < Rw ? r + 1 : Rw;
                        for (int u = 1; u < V; u++) {
                            if (gid[u] != h || dc[u] >= DP_INF) continue;
                            int du = (track_m ? p->len[u] / g : 0) - cut;
                            size_t nq = (size_t)Roff + (size_t)(u - 1) * Rw + (size_t)(nr - 1);
                            relax(DP_TARGET(nq), tmin, tlo, thi, targ, 0, dc[u] + pw_work, du, dw_work,
                                  u == cntv, K1, M, Wn);
                        }
                    }
                } else if (work) {
                    int nr = r + 1 < Rw ? r + 1 : Rw;
                    for (int v = 1; v < V; v++) {
                        int q = Roff + (v - 1) * Rw + (r - 1);
                        if (plo[q] > phi[q]) continue;
                        for (int u = 1; u < V; u++) {
                            if (dc[u] >= DP_INF || p->forb[v * V + u]) continue;
                            int du = (track_m ? p->len[u] / g : 0) - cut;
                            size_t nq = (size_t)Roff + (size_t)(u - 1) * Rw + (size_t)(nr - 1);
                            relax(DP_TARGET(nq), prev + (size_t)q * MW, plo[q], phi[q], NULL, (uint16_t)q,
                                  dc[u] + p->succ[v * V + u] * K + pw_work, du, dw_work, u == cntv, K1,
                                  M, Wn);
                        }
                    }
                }
                if (dc[0] >= DP_INF) continue;
                /* the day off: the minimum over every shift (extending the last
                 * group's, which holds a subset of them) */
                const uint8_t *before = work && use_groups && ngroups > 0
                                            ? w->ginc + w->gord[ngroups - 1] * V
                                            : NULL;
                if (!before) tlo = 1, thi = 0;
                for (int v = 1; v < V; v++) {
                    if (before && before[v]) continue;
                    int q = Roff + (v - 1) * Rw + (r - 1);
                    min_into(tmin, targ, &tlo, &thi, prev + (size_t)q * MW, plo[q], phi[q], I, (uint16_t)q);
                }
                if (tlo > thi) continue;
                int64_t pen = (d - r > 0 && r < mincons) ? H * (mincons - r) : 0;
                relax(DP_TARGET(0), tmin, tlo, thi, targ, 0, dc[0] + pen, -cut, -cwt, 0, K1, M, Wn);
            }
    #undef DP_TARGET
            int64_t *tmp = prev;
            prev = cur;
            cur = tmp;
            int *tl = plo, *th = phi;
            plo = clo;
            phi = chi;
            clo = tl;
            chi = th;
            if (ub < DP_INF) {
                /* drop the rows at either end of each state's range whose
                 * cells all cost more than ub with the bound of their cost to go */
                const int64_t *lbt = w->lb + (size_t)(t + 1) * QM;
                for (int q = 0; q < Q; q++) {
                    const int64_t *lq = lbt + (size_t)q * (M + 1), *pq = prev + (size_t)q * MW;
                    while (plo[q] <= phi[q] && row_dead(pq + (size_t)plo[q] * I, I, lq[plo[q]], ub)) plo[q]++;
                    while (plo[q] <= phi[q] && row_dead(pq + (size_t)phi[q] * I, I, lq[phi[q]], ub)) phi[q]--;
                }
            }
        }
        best = DP_INF;
        bq = -1;
        for (int q = 0; q < Q; q++) {
            const int64_t *pq = prev + (size_t)q * MW;
            for (int m = plo[q]; m <= phi[q]; m++)
                for (int ww = 0; ww <= Wn; ww++)
                    for (int kc = 0; kc < K1; kc++) {
                        int64_t c = pq[m * I + ww * K1 + kc];
                        if (c >= DP_INF) continue;
                        c += endq[q] + endm[m];
                        if (track_w) {
                            int we = out_we + (band ? in_we + ww - w0 : ww);
                            if (we > p->maxwe[e]) c += H * (we - p->maxwe[e]);
                        }
                        if (c < best) {
                            best = c;
                            bq = q;
                            bm = m;
                            bw = ww;
                            bkc = kc;
                        }
                    }
        }
        if (ub >= DP_INF || (bq >= 0 && best <= ub)) break;
    }
    if (bq < 0) return -2;
    /* backtrack */
    int q = bq, m = bm, ww = bw, kc = bkc;
    for (int d = b; d >= a; d--) {
        const int t = d - a;
        int v = q < Roff ? 0 : (q - Roff) / Rw + 1;
        nv[t] = (uint8_t)v;
        int pq = w->back[(size_t)t * layer + (size_t)q * MW + m * I + ww * K1 + kc];
        kc -= v > 0 && v == cntv;
        int pv = pq < Roff ? 0 : (pq - Roff) / Rw + 1;
        if (track_m) m -= p->len[v] / g - w->cu[t];
        if (track_w) ww -= (v > 0 && (w->wmode[t] == 1 || (w->wmode[t] == 2 && pv == 0))) - w->cw[t];
        assert(m >= 0 && ww >= 0 && kc >= 0);
        q = pq;
    }
    if (out_cost) *out_cost = best;
    return 0;
}

uint64_t rp_dp_work(const rp_dp *w)
{
    return w->work;
}
