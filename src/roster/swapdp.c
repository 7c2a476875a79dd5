/* roster swapdp: the best exchange between two employees. On every day of a
 * window the two either keep their values or swap them, so the cover never
 * changes; a DP over days chooses the set of days to swap that minimises the
 * two employees' own penalties (requests, runs, successions, minutes,
 * weekends). It generalises block swaps to any pattern of days.
 *
 * State after day d: (swapped on d, run length of each employee, minutes of
 * the first employee in the window, weekends of each in the window); the
 * second employee's minutes follow, since a swap keeps the sum. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "roster/internal.h"
#include "roster/linedp.h"

#define SW_INF (INT64_MAX / 4)

struct rp_swap {
    int64_t *layer[2];
    size_t cap_layer;
    uint32_t *backs; /* [t * layer + state]: the predecessor's option and runs */
    size_t cap_back;
    uint8_t *wm[2];
    size_t cap_days;
    size_t max_states;
    uint64_t work;
};

rp_swap *rp_swap_create(size_t max_states)
{
    rp_swap *w = calloc(1, sizeof(*w));
    if (w) w->max_states = max_states ? max_states : (size_t)8 << 20;
    return w;
}

void rp_swap_free(rp_swap *w)
{
    if (!w) return;
    free(w->layer[0]);
    free(w->layer[1]);
    free(w->backs);
    free(w->wm[0]);
    free(w->wm[1]);
    free(w);
}

/* One employee's view of the window. */
typedef struct side {
    int e;
    int Rw, Roff, R;          /* run caps; R = max of both */
    int maxcons, mincons, minoff;
    int r0;                   /* run length ending at a-1 (capped), with value v0 */
    int v0;
    int u, qlen, touches_end; /* the fixed day after the window and its run */
    int64_t out_m;            /* minutes outside the window */
    int out_we, Wn;           /* weekends outside, budget inside */
    int track_w;
    uint8_t *wmode;           /* [L] as in linedp */
} side;

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

static void side_init(side *s, const rp_state *st, int e, int a, int b, uint8_t *wmode)
{
    const rp_problem *p = st->p;
    const int D = p->D;
    const uint8_t *x = st->x + (size_t)e * D;
    s->e = e;
    s->maxcons = p->maxcons[e];
    s->mincons = p->mincons[e];
    s->minoff = p->minoff[e];
    s->Rw = s->maxcons < RP_INF ? s->maxcons : (s->mincons > 1 ? s->mincons : 1);
    if (s->Rw < 1) s->Rw = 1;
    s->Roff = s->minoff > 1 ? s->minoff : 1;
    s->R = s->Rw > s->Roff ? s->Rw : s->Roff;
    if (a == 0) {
        s->v0 = 0;
        s->r0 = s->Roff;
    } else {
        int v0 = x[a - 1], r0 = 1;
        while (a - 1 - r0 >= 0 && (x[a - 1 - r0] > 0) == (v0 > 0)) r0++;
        int cap = v0 ? s->Rw : s->Roff;
        s->v0 = v0;
        s->r0 = r0 < cap ? r0 : cap;
    }
    s->u = b + 1 < D ? x[b + 1] : -1;
    s->qlen = 0;
    s->touches_end = 1;
    if (s->u >= 0) {
        s->qlen = 1;
        while (b + 1 + s->qlen < D && (x[b + 1 + s->qlen] > 0) == (s->u > 0)) s->qlen++;
        s->touches_end = b + s->qlen == D - 1;
    }
    int in_m = 0;
    for (int d = a; d <= b; d++) in_m += p->len[x[d]];
    s->out_m = st->mins[e] - in_m;
    s->track_w = p->maxwe[e] < RP_INF;
    s->wmode = wmode;
    s->out_we = 0;
    s->Wn = 0;
    memset(wmode, 0, (size_t)(b - a + 1));
    if (!s->track_w) return;
    for (int d = 0; d < D; d++) {
        int wk = p->weekend[d];
        if (wk < 0 || (d >= a && d <= b) || x[d] == 0) continue;
        if (d > 0 && p->weekend[d - 1] == wk && x[d - 1] > 0 && !(d - 1 >= a && d - 1 <= b))
            continue;
        s->out_we++;
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
        wmode[d - a] = (uint8_t)(other_out_worked ? 0 : (sat_inside ? 2 : 1));
    }
    int budget = p->maxwe[e] - s->out_we;
    s->Wn = budget < 0 ? 0 : budget;
    int inwe = (b - a + 1) / 7 + 2;
    if (s->Wn > inwe) s->Wn = inwe;
}

/* Run bookkeeping of one employee from value pv (run length r) on day d-1 to
 * value nv on day d: returns the new run length, or -1 when the move is
 * impossible (a run too long, a forbidden succession); adds penalties. */
static inline int step(const rp_problem *p, const side *s, int pv, int r, int nv, int d,
                       int64_t H, int64_t *pen)
{
    const int V = p->V;
    if (nv == 0) {
        if (pv == 0) return r + 1 < s->Roff ? r + 1 : s->Roff;
        if (d - r > 0 && r < s->mincons) *pen += H * (s->mincons - r);
        return 1;
    }
    if (pv > 0) {
        if (p->forb[pv * V + nv]) return -1;
        if (r + 1 > s->maxcons) return -1;
        *pen += p->succ[pv * V + nv];
        return r + 1 < s->Rw ? r + 1 : s->Rw;
    }
    if (d - r > 0 && r < s->minoff) *pen += H * (s->minoff - r);
    return 1;
}

/* Penalty of ending the window with value v (run length r) before the fixed
 * day b+1. */
static inline int64_t finish(const rp_problem *p, const side *s, int v, int r, int b, int64_t H)
{
    const int V = p->V;
    int u = s->u, qlen = s->qlen;
    if (u < 0) return 0;
    int64_t tc = 0;
    int start_inner = b - r + 1 > 0;
    if (v > 0 && u > 0) {
        if (p->forb[v * V + u]) tc += H;
        tc += p->succ[v * V + u];
        if (r + qlen > s->maxcons) tc += H * (r + qlen - s->maxcons);
        if (!s->touches_end && start_inner && r + qlen < s->mincons)
            tc += H * (s->mincons - r - qlen);
    } else if (v > 0) {
        if (start_inner && r < s->mincons) tc += H * (s->mincons - r);
        if (!s->touches_end && qlen < s->minoff) tc += H * (s->minoff - qlen);
    } else if (u > 0) {
        if (start_inner && r < s->minoff) tc += H * (s->minoff - r);
        if (qlen > s->maxcons) tc += H * (qlen - s->maxcons);
        if (!s->touches_end && qlen < s->mincons) tc += H * (s->mincons - qlen);
    } else {
        if (start_inner && !s->touches_end && r + qlen < s->minoff) tc += H * (s->minoff - r - qlen);
    }
    return tc;
}

int rp_swap_line(rp_swap *w, const rp_state *st, int e1, int e2, int a, int b,
                 const int64_t *lam1, const int64_t *lam2, uint8_t *opt, int64_t *out_cost)
{
    const rp_problem *p = st->p;
    const int D = p->D, V = p->V;
    const int L = b - a + 1;
    assert(e1 != e2 && a >= 0 && b < D && a <= b);
    const uint8_t *x1 = st->x + (size_t)e1 * D, *x2 = st->x + (size_t)e2 * D;
    const int64_t H = st->hw * RP_UNIT;
    const int g = p->minutes_gcd;
    if ((size_t)L > w->cap_days) {
        for (int i = 0; i < 2; i++) {
            uint8_t *q = realloc(w->wm[i], (size_t)L);
            if (!q) return -1;
            w->wm[i] = q;
        }
        w->cap_days = (size_t)L;
    }
    side s1, s2;
    side_init(&s1, st, e1, a, b, w->wm[0]);
    side_init(&s2, st, e2, a, b, w->wm[1]);
    int tot = 0;
    for (int d = a; d <= b; d++) tot += p->len[x1[d]] + p->len[x2[d]];
    const int M = tot / g;
    const int W1 = s1.Wn, W2 = s2.Wn;
    const int R1 = s1.R, R2 = s2.R;
    const size_t MW = (size_t)(M + 1) * (W1 + 1) * (W2 + 1);
    const size_t layer = (size_t)2 * R1 * R2 * MW;
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
    if (layer * (size_t)L > w->cap_back) {
        size_t n = layer * (size_t)L;
        uint32_t *q = realloc(w->backs, n * sizeof(uint32_t));
        if (!q) return -1;
        w->backs = q;
        w->cap_back = n;
    }
#define IDX(o, r1, r2) ((((size_t)(o) * R1 + (size_t)((r1) - 1)) * R2 + (size_t)((r2) - 1)) * MW)
    int64_t *prev = w->layer[0], *cur = w->layer[1];
    for (size_t i = 0; i < layer; i++) prev[i] = SW_INF;
    /* before the window: option 0 with the context runs */
    prev[IDX(0, s1.r0, s2.r0)] = 0;
    const int32_t *c1 = p->cost + (size_t)e1 * D * V, *c2 = p->cost + (size_t)e2 * D * V;
    const uint8_t *al1 = p->allowed + (size_t)e1 * D * V, *al2 = p->allowed + (size_t)e2 * D * V;
    for (int d = a; d <= b; d++) {
        const int t = d - a;
        for (size_t i = 0; i < layer; i++) cur[i] = SW_INF;
        uint32_t *bk = w->backs + (size_t)t * layer;
        int nopt = (x1[d] != x2[d] && al1[(size_t)d * V + x2[d]] && al2[(size_t)d * V + x1[d]])
                       ? 2
                       : 1;
        for (int po = 0; po < 2; po++) {
            int pv1, pv2;
            if (d == a) {
                if (po) continue;
                pv1 = s1.v0;
                pv2 = s2.v0;
            } else {
                pv1 = po ? x2[d - 1] : x1[d - 1];
                pv2 = po ? x1[d - 1] : x2[d - 1];
            }
            for (int r1 = 1; r1 <= R1; r1++)
                for (int r2 = 1; r2 <= R2; r2++) {
                    const int64_t *pq = prev + IDX(po, r1, r2);
                    int any = 0;
                    for (size_t i = 0; i < MW && !any; i++) any = pq[i] < SW_INF;
                    if (!any) continue;
                    for (int o = 0; o < nopt; o++) {
                        int nv1 = o ? x2[d] : x1[d], nv2 = o ? x1[d] : x2[d];
                        int64_t tc = c1[(size_t)d * V + nv1] + c2[(size_t)d * V + nv2];
                        if (lam1) tc += lam1[nv1];
                        if (lam2) tc += lam2[nv2];
                        int nr1 = step(p, &s1, pv1, r1, nv1, d, H, &tc);
                        if (nr1 < 0) continue;
                        int nr2 = step(p, &s2, pv2, r2, nv2, d, H, &tc);
                        if (nr2 < 0) continue;
                        int du = p->len[nv1] / g;
                        int dw1 = 0, dw2 = 0;
                        if (s1.track_w && nv1 > 0)
                            dw1 = s1.wmode[t] == 1 || (s1.wmode[t] == 2 && pv1 == 0);
                        if (s2.track_w && nv2 > 0)
                            dw2 = s2.wmode[t] == 1 || (s2.wmode[t] == 2 && pv2 == 0);
                        if (dw1 > W1 || dw2 > W2) continue;
                        int64_t *cq = cur + IDX(o, nr1, nr2);
                        uint32_t *bq = bk + IDX(o, nr1, nr2);
                        uint32_t from = (uint32_t)((po * R1 + (r1 - 1)) * R2 + (r2 - 1));
                        for (int m = 0; m + du <= M; m++)
                            for (int w1 = 0; w1 + dw1 <= W1; w1++)
                                for (int w2 = 0; w2 + dw2 <= W2; w2++) {
                                    size_t i = ((size_t)m * (W1 + 1) + w1) * (W2 + 1) + w2;
                                    int64_t c = pq[i];
                                    if (c >= SW_INF) continue;
                                    c += tc;
                                    size_t j = ((size_t)(m + du) * (W1 + 1) + w1 + dw1) * (W2 + 1) +
                                               w2 + dw2;
                                    if (c < cq[j]) {
                                        cq[j] = c;
                                        bq[j] = from;
                                    }
                                }
                    }
                }
        }
        int64_t *tmp = prev;
        prev = cur;
        cur = tmp;
    }
    /* the end */
    int64_t best = SW_INF;
    size_t bidx = 0;
    for (int o = 0; o < 2; o++) {
        int v1 = o ? x2[b] : x1[b], v2 = o ? x1[b] : x2[b];
        for (int r1 = 1; r1 <= R1; r1++)
            for (int r2 = 1; r2 <= R2; r2++) {
                const int64_t *pq = prev + IDX(o, r1, r2);
                int64_t tc = finish(p, &s1, v1, r1, b, H) + finish(p, &s2, v2, r2, b, H);
                for (int m = 0; m <= M; m++) {
                    int64_t m1 = s1.out_m + (int64_t)m * g;
                    int64_t m2 = s2.out_m + (int64_t)(tot - m * g);
                    int64_t mc = st->hw * (pen_minutes(p, e1, m1) + pen_minutes(p, e2, m2)) +
                                 soft_fair(p, e1, m1) + soft_fair(p, e2, m2);
                    for (int w1 = 0; w1 <= W1; w1++)
                        for (int w2 = 0; w2 <= W2; w2++) {
                            size_t i = ((size_t)m * (W1 + 1) + w1) * (W2 + 1) + w2;
                            int64_t c = pq[i];
                            if (c >= SW_INF) continue;
                            c += tc + mc;
                            if (s1.out_we + w1 > p->maxwe[e1])
                                c += H * (s1.out_we + w1 - p->maxwe[e1]);
                            if (s2.out_we + w2 > p->maxwe[e2])
                                c += H * (s2.out_we + w2 - p->maxwe[e2]);
                            if (c < best) {
                                best = c;
                                bidx = IDX(o, r1, r2) + i;
                            }
                        }
                }
            }
    }
    if (best >= SW_INF) return -2;
    /* backtrack: decode the state, follow the stored predecessors */
    size_t idx = bidx;
    for (int d = b; d >= a; d--) {
        const int t = d - a;
        size_t runs = idx / MW, i = idx % MW;
        int o = (int)(runs / ((size_t)R1 * R2));
        opt[t] = (uint8_t)o;
        int m = (int)(i / ((size_t)(W1 + 1) * (W2 + 1)));
        int w1 = (int)((i / (size_t)(W2 + 1)) % (size_t)(W1 + 1));
        int w2 = (int)(i % (size_t)(W2 + 1));
        uint32_t from = w->backs[(size_t)t * layer + idx];
        int po = (int)(from / ((uint32_t)R1 * R2));
        int nv1 = o ? x2[d] : x1[d], nv2 = o ? x1[d] : x2[d];
        int pv1, pv2;
        if (d == a) {
            pv1 = s1.v0;
            pv2 = s2.v0;
        } else {
            pv1 = po ? x2[d - 1] : x1[d - 1];
            pv2 = po ? x1[d - 1] : x2[d - 1];
        }
        m -= p->len[nv1] / g;
        if (s1.track_w && nv1 > 0) w1 -= s1.wmode[t] == 1 || (s1.wmode[t] == 2 && pv1 == 0);
        if (s2.track_w && nv2 > 0) w2 -= s2.wmode[t] == 1 || (s2.wmode[t] == 2 && pv2 == 0);
        assert(m >= 0 && w1 >= 0 && w2 >= 0);
        idx = (size_t)from * MW + ((size_t)m * (W1 + 1) + w1) * (W2 + 1) + w2;
    }
#undef IDX
    if (out_cost) *out_cost = best;
    return 0;
}

uint64_t rp_swap_work(const rp_swap *w)
{
    return w->work;
}
