/* bench/roster/pricing: the line DP as it was before the pricing work of
 * session 5 (commit 44ffb05's src/roster/linedp.c, verbatim below the
 * renames), kept as the reference the benchmark times and checks the
 * current DP against. Its public names carry the prefix ref_ so that both
 * link into one program. */
#define rp_dp ref_dp
#define rp_dp_create ref_dp_create
#define rp_dp_free ref_dp_free
#define rp_dp_set_scale ref_dp_set_scale
#define rp_dp_set_relax ref_dp_set_relax
#define rp_dp_set_band ref_dp_set_band
#define rp_dp_set_count ref_dp_set_count
#define rp_dp_states ref_dp_states
#define rp_dp_line ref_dp_line
#define rp_dp_work ref_dp_work
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
    size_t cap_cu;
    int64_t price_m;    /* per minutes_gcd unit worked, when relaxed */
    int64_t price_w;    /* per weekend worked, when relaxed */
    int cnt_v;          /* > 0: track the count of value cnt_v in the state ... */
    int cnt_budget;     /* ... at most cnt_budget in the window */
    uint8_t *reach;     /* [Q] */
    size_t cap_q;
    int gid[ROSTER_MAX_SHIFTS + 1], grep[ROSTER_MAX_SHIFTS + 1], npred[ROSTER_MAX_SHIFTS + 1];
    int gpred[(ROSTER_MAX_SHIFTS + 1) * (ROSTER_MAX_SHIFTS + 1)];
};

rp_dp *rp_dp_create(size_t max_states)
{
    rp_dp *w = calloc(1, sizeof(*w));
    if (w) {
        w->max_states = max_states ? max_states : (size_t)8 << 20;
        w->scale = 1;
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

void rp_dp_set_count(rp_dp *w, int v, int budget)
{
    assert(v >= 0 && budget >= 0);
    w->cnt_v = v;
    w->cnt_budget = budget;
}

void rp_dp_free(rp_dp *w)
{
    if (!w) return;
    free(w->cu);
    free(w->cw);
    free(w->layer[0]);
    free(w->layer[1]);
    free(w->back);
    free(w->dcost);
    free(w->wmode);
    free(w->tmin);
    free(w->targ);
    free(w->reach);
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

/* Relaxes every (minutes, weekends, count) cell of target from source + tc,
 * the target cell shifted by sm minutes cells, sw weekend cells (either may
 * be negative) and sk count cells (0 or 1; K1 count cells, 1 when no count
 * is tracked); back = from. */
static inline void relax_const(int64_t *cq, uint16_t *bq, const int64_t *pq, int64_t tc, int sm,
                               int sw, int sk, int K1, int M, int Wn, int mlo, int mhi,
                               uint16_t from)
{
    const int I = (Wn + 1) * K1;
    int lo = mlo > -sm ? mlo : -sm;
    int top = mhi < M - sm ? mhi : M - sm;
    int wlo = sw < 0 ? -sw : 0, whi = sw > 0 ? Wn - sw : Wn;
    const int khi = K1 - 1 - sk;
    if (khi < 0) return;
    const int shift = sw * K1 + sk;
    for (int m = lo; m <= top; m++) {
        const int64_t *pm = pq + m * I;
        int64_t *cm = cq + (m + sm) * I + shift;
        uint16_t *bm = bq + (m + sm) * I + shift;
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

/* As relax_const with a source array whose cells each name their own
 * predecessor state in from[]. */
static inline void relax_arr(int64_t *cq, uint16_t *bq, const int64_t *pq, const uint16_t *from,
                             int64_t tc, int sm, int sw, int sk, int K1, int M, int Wn, int mlo,
                             int mhi)
{
    const int I = (Wn + 1) * K1;
    int lo = mlo > -sm ? mlo : -sm;
    int top = mhi < M - sm ? mhi : M - sm;
    int wlo = sw < 0 ? -sw : 0, whi = sw > 0 ? Wn - sw : Wn;
    const int khi = K1 - 1 - sk;
    if (khi < 0) return;
    const int shift = sw * K1 + sk;
    for (int m = lo; m <= top; m++) {
        const int64_t *pm = pq + m * I;
        const uint16_t *fm = from + m * I;
        int64_t *cm = cq + (m + sm) * I + shift;
        uint16_t *bm = bq + (m + sm) * I + shift;
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
    }
}

/* Elementwise minimum over the working states (v, r) for v in preds[0..n-1]
 * (all shifts when preds is NULL) into tmin, with the state in targ; returns
 * how many states were reachable. */
static int min_over(const int64_t *prev, int MW, int Roff, int Rw, int r, const int *preds, int n,
                    const uint8_t *reach, int64_t *tmin, uint16_t *targ, int mlo, int mhi, int W1)
{
    int used = 0;
    for (int k = 0; k < n; k++) {
        int v = preds ? preds[k] : k + 1;
        int q = Roff + (v - 1) * Rw + (r - 1);
        if (!reach[q]) continue;
        const int64_t *pq = prev + (size_t)q * MW;
        if (!used) {
            for (int m = mlo; m <= mhi; m++)
                for (int ww = 0; ww < W1; ww++) {
                    tmin[m * W1 + ww] = pq[m * W1 + ww];
                    targ[m * W1 + ww] = (uint16_t)q;
                }
        } else {
            for (int m = mlo; m <= mhi; m++)
                for (int ww = 0; ww < W1; ww++) {
                    int64_t c = pq[m * W1 + ww];
                    if (c < tmin[m * W1 + ww]) {
                        tmin[m * W1 + ww] = c;
                        targ[m * W1 + ww] = (uint16_t)q;
                    }
                }
        }
        used++;
    }
    return used;
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
    for (int d = a; d <= b; d++) {
        int t = d - a, cv = x[d], pv = d > 0 ? x[d - 1] : 0;
        w->cu[t] = band && track_m ? p->len[cv] / g : 0;
        int mode = w->wmode[t];
        int inc = has_we && cv > 0 && (mode == 1 || (mode == 2 && pv == 0));
        in_we += inc;
        w->cw[t] = band && track_w ? inc : 0;
    }
    if (band) {
        if (track_m) {
            M = 2 * w->band_m;
            m0 = w->band_m;
            base_m = in_m;
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
    if (reserve((void **)&w->reach, &w->cap_q, (size_t)Q, 1)) return -1;
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
    /* start state */
    int64_t *prev = w->layer[0], *cur = w->layer[1];
    for (size_t i = 0; i < layer; i++) prev[i] = DP_INF;
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
    prev[(size_t)q0 * MW + (size_t)m0 * I + (size_t)w0 * K1] = 0;
    /* successor groups: shifts with the same set of allowed predecessors
     * share one elementwise minimum over those predecessors */
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
            for (int v = 1; v < V; v++)
                if (!p->forb[v * V + u]) gpred[found * V + npred[found]++] = v;
        }
        gid[u] = found;
    }
    const int use_groups = !p->has_succ;
    /* forward pass */
    int64_t *tmin = w->tmin;
    uint16_t *targ = w->targ;
    for (int d = a; d <= b; d++) {
        const int t = d - a;
        const int64_t *dc = w->dcost + (size_t)t * V;
        uint16_t *bk = w->back + (size_t)t * layer;
        const int mode = w->wmode[t];
        /* which states of the previous day are reachable, and their minutes */
        int mlo = M, mhi = 0;
        for (int q = 0; q < Q; q++) {
            const int64_t *pq = prev + (size_t)q * MW;
            int any = 0;
            for (int m = 0; m <= M; m++)
                for (int ww = 0; ww < I; ww++)
                    if (pq[m * I + ww] < DP_INF) {
                        any = 1;
                        if (m < mlo) mlo = m;
                        if (m > mhi) mhi = m;
                    }
            w->reach[q] = (uint8_t)any;
        }
        for (size_t i = 0; i < layer; i++) cur[i] = DP_INF;
        if (mlo > mhi) break; /* nothing reachable */
        /* cell shifts: what a value adds, less what the current line adds
         * (band mode; 0 otherwise) */
        const int cut = w->cu[t], cwt = w->cw[t];
        const int dw_off = (track_w && (mode == 1 || mode == 2)) - cwt;
        const int dw_work = (track_w && mode == 1) - cwt;
        /* relaxed: a weekend newly worked pays its price instead */
        const int64_t pw_off = w->relax && has_we && (mode == 1 || mode == 2) ? w->price_w : 0;
        const int64_t pw_work = w->relax && has_we && mode == 1 ? w->price_w : 0;
        /* A: a day off */
        if (dc[0] < DP_INF) {
            for (int r = 1; r <= Roff; r++) {
                int q = r - 1;
                if (!w->reach[q]) continue;
                int nq = (r + 1 < Roff ? r + 1 : Roff) - 1;
                relax_const(cur + (size_t)nq * MW, bk + (size_t)nq * MW, prev + (size_t)q * MW,
                            dc[0], -cut, -cwt, 0, K1, M, Wn, mlo, mhi, (uint16_t)q);
            }
            for (int r = 1; r <= Rw; r++) {
                int n = min_over(prev, MW, Roff, Rw, r, NULL, S, w->reach, tmin, targ, mlo, mhi, I);
                if (!n) continue;
                int64_t pen = (d - r > 0 && r < mincons) ? H * (mincons - r) : 0;
                relax_arr(cur, bk, tmin, targ, dc[0] + pen, -cut, -cwt, 0, K1, M, Wn, mlo, mhi);
            }
        }
        /* B: the first working day after days off */
        for (int r = 1; r <= Roff; r++) {
            int q = r - 1;
            if (!w->reach[q]) continue;
            int64_t pen = (d - r > 0 && r < minoff) ? H * (minoff - r) : 0;
            for (int u = 1; u < V; u++) {
                if (dc[u] >= DP_INF) continue;
                int du = (track_m ? p->len[u] / g : 0) - cut;
                if (du > M || dw_off > Wn) continue;
                size_t nq = (size_t)Roff + (size_t)(u - 1) * Rw;
                relax_const(cur + nq * MW, bk + nq * MW, prev + (size_t)q * MW, dc[u] + pen + pw_off,
                            du, dw_off, u == cntv, K1, M, Wn, mlo, mhi, (uint16_t)q);
            }
        }
        /* C: another working day */
        if (dw_work > Wn) goto next_day;
        for (int r = 1; r <= Rw; r++) {
            if (r + 1 > maxcons) continue;
            int nr = r + 1 < Rw ? r + 1 : Rw;
            if (use_groups) {
                for (int h = 0; h < ngroups; h++) {
                    int has_member = 0;
                    for (int u = 1; u < V && !has_member; u++) has_member = gid[u] == h && dc[u] < DP_INF;
                    if (!has_member) continue;
                    int n = min_over(prev, MW, Roff, Rw, r, gpred + h * V, npred[h], w->reach, tmin,
                                     targ, mlo, mhi, I);
                    if (!n) continue;
                    for (int u = 1; u < V; u++) {
                        if (gid[u] != h || dc[u] >= DP_INF) continue;
                        int du = (track_m ? p->len[u] / g : 0) - cut;
                        if (du > M) continue;
                        size_t nq = (size_t)Roff + (size_t)(u - 1) * Rw + (size_t)(nr - 1);
                        relax_arr(cur + nq * MW, bk + nq * MW, tmin, targ, dc[u] + pw_work, du, dw_work,
                                  u == cntv, K1, M, Wn, mlo, mhi);
                    }
                }
            } else {
                for (int v = 1; v < V; v++) {
                    int q = Roff + (v - 1) * Rw + (r - 1);
                    if (!w->reach[q]) continue;
                    for (int u = 1; u < V; u++) {
                        if (dc[u] >= DP_INF || p->forb[v * V + u]) continue;
                        int du = (track_m ? p->len[u] / g : 0) - cut;
                        if (du > M) continue;
                        size_t nq = (size_t)Roff + (size_t)(u - 1) * Rw + (size_t)(nr - 1);
                        relax_const(cur + nq * MW, bk + nq * MW, prev + (size_t)q * MW,
                                    dc[u] + p->succ[v * V + u] * K + pw_work, du, dw_work,
                                    u == cntv, K1, M, Wn, mlo, mhi, (uint16_t)q);
                    }
                }
            }
        }
    next_day:;
        int64_t *tmp = prev;
        prev = cur;
        cur = tmp;
    }
    /* the end: the fixed day after the window, minutes and weekends */
    int u = b + 1 < D ? x[b + 1] : -1, qlen = 0, touches_end = 1;
    if (u >= 0) {
        qlen = 1;
        while (b + 1 + qlen < D && (x[b + 1 + qlen] > 0) == (u > 0)) qlen++;
        touches_end = b + qlen == D - 1;
    }
    int64_t best = DP_INF;
    int bq = -1, bm = -1, bw = -1, bkc = 0;
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
        if (u >= 0) {
            int start_inner = b - r + 1 > 0;
            if (v > 0 && u > 0) {
                if (p->forb[v * V + u]) tc += H;
                tc += p->succ[v * V + u] * K;
                if (r + qlen > maxcons) tc += H * (r + qlen - maxcons);
                if (!touches_end && start_inner && r + qlen < mincons)
                    tc += H * (mincons - r - qlen);
            } else if (v > 0) {
                if (start_inner && r < mincons) tc += H * (mincons - r);
                if (!touches_end && qlen < minoff) tc += H * (minoff - qlen);
            } else if (u > 0) {
                if (start_inner && r < minoff) tc += H * (minoff - r);
                if (qlen > maxcons) tc += H * (qlen - maxcons);
                if (!touches_end && qlen < mincons) tc += H * (mincons - qlen);
            } else {
                if (start_inner && !touches_end && r + qlen < minoff) tc += H * (minoff - r - qlen);
            }
        }
        const int64_t *pq = prev + (size_t)q * MW;
        for (int m = 0; m <= M; m++)
            for (int ww = 0; ww <= Wn; ww++)
                for (int kc = 0; kc < K1; kc++) {
                int64_t c = pq[m * I + ww * K1 + kc];
                if (c >= DP_INF) continue;
                c += tc;
                if (track_m) {
                    int64_t tot = out_m + base_m + (int64_t)(m - m0) * g;
                    c += (st->hw * pen_minutes(p, e, tot) + soft_fair(p, e, tot)) * K;
                }
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
