/* roster state: the solver's incremental evaluator. Every move is evaluated
 * as a delta of one employee's line over a window of days (the runs that the
 * change touches) plus O(1) counter updates, never by a full recount. The
 * full recount (rp_state_full) exists for tests and assertions only. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "roster/internal.h"

#define TOUCH_CAP 512 /* distinct values, weekends or weeks of one move */

int rp_state_init(rp_state *st, const rp_problem *p, int64_t hw)
{
    memset(st, 0, sizeof(*st));
    st->p = p;
    st->hw = hw;
    st->x = calloc((size_t)p->E * p->D, 1);
    st->cnt = calloc((size_t)p->E * p->V, sizeof(int));
    st->mins = calloc((size_t)p->E, sizeof(int));
    st->wkd = calloc((size_t)p->E * (size_t)(p->nweekends + 1), 1);
    st->nwe = calloc((size_t)p->E, sizeof(int));
    st->wmin = calloc((size_t)p->E * (size_t)p->nweeks, sizeof(int));
    st->cov = calloc((size_t)p->D * p->V, sizeof(int));
    if (!st->x || !st->cnt || !st->mins || !st->wkd || !st->nwe || !st->wmin || !st->cov) {
        rp_state_free(st);
        return ROSTER_ENOMEM;
    }
    rp_state_load(st, st->x);
    return ROSTER_OK;
}

void rp_state_free(rp_state *st)
{
    free(st->x);
    free(st->cnt);
    free(st->mins);
    free(st->wkd);
    free(st->nwe);
    free(st->wmin);
    free(st->cov);
    memset(st, 0, sizeof(*st));
}

static inline int64_t pen_over(int v, int max)
{
    return v > max ? (int64_t)(v - max) : 0;
}

static inline int64_t pen_minutes(const rp_problem *p, int e, int m)
{
    if (m > p->maxmin[e]) return m - p->maxmin[e];
    if (m < p->minmin[e]) return p->minmin[e] - m;
    return 0;
}

static inline int64_t soft_fair(const rp_problem *p, int e, int m)
{
    int t = p->target[e];
    if (t < 0) return 0;
    int dev = m > t ? m - t : t - m;
    return (int64_t)p->fairw * (dev / 60);
}

int64_t rp_cover_pen(const rp_problem *p, int d, int v, int c)
{
    int i = d * p->V + v;
    int r = p->req[i];
    if (c < r) return (int64_t)p->under[i] * (r - c);
    return (int64_t)p->over[i] * (c - r);
}

int rp_half_weekend(const rp_state *st, int d, int v0, int e0, int *e_out, int *v_out)
{
    const rp_problem *p = st->p;
    const int D = p->D, V = p->V, NW = p->nweekends + 1; /* wkd's stride */
    int w = p->weekend[d];
    if (w < 0 || V < 2) return 0;
    for (int k = 0; k < V - 1; k++) {
        int v = 1 + (v0 - 1 + k) % (V - 1);
        int i = d * V + v;
        if (st->cov[i] >= p->req[i] || p->under[i] <= 0) continue;
        for (int j = 0; j < p->E; j++) {
            int e = (e0 + j) % p->E;
            if (st->wkd[e * NW + w] != 1 || st->x[(size_t)e * D + d] != 0) continue;
            if (!p->allowed[((size_t)e * D + d) * V + v]) continue;
            *e_out = e;
            *v_out = v;
            return 1;
        }
    }
    return 0;
}

int64_t rp_cover_delta(const rp_state *st, int d, int v, int k)
{
    if (v == 0) return 0;
    const rp_problem *p = st->p;
    int c = st->cov[d * p->V + v];
    return rp_cover_pen(p, d, v, c + k) - rp_cover_pen(p, d, v, c);
}

/* Hard units of one run of working (work = 1) or off days [i, j]. */
static inline int64_t run_hard(const rp_problem *p, int e, int work, int i, int j)
{
    int n = j - i + 1;
    int inner = i > 0 && j < p->D - 1;
    int64_t h = 0;
    if (work) {
        if (n > p->maxcons[e]) h += n - p->maxcons[e];
        if (inner && n < p->mincons[e]) h += p->mincons[e] - n;
    } else if (inner && n < p->minoff[e]) {
        h += p->minoff[e] - n;
    }
    return h * RP_UNIT;
}

/* Sequence cost (runs and successions) of days L..R of employee e, where L
 * and R are run boundaries, reading nv[] for days a..b instead of x. */
static void seq_window(const rp_state *st, int e, int L, int R, int a, int b, const uint8_t *nv,
                       int64_t *soft, int64_t *hard)
{
    const rp_problem *p = st->p;
    const uint8_t *x = st->x + (size_t)e * p->D;
    const int V = p->V;
    int64_t s = 0, h = 0;
    int i = L;
    int v = (L >= a && L <= b) ? nv[L - a] : x[L];
    for (int d = L; d <= R; d++) {
        if (d == R) {
            h += run_hard(p, e, v > 0, i, d);
            break;
        }
        int vn = (d + 1 >= a && d + 1 <= b) ? nv[d + 1 - a] : x[d + 1];
        h += p->forb[v * V + vn] * (int64_t)RP_UNIT;
        s += p->succ[v * V + vn];
        if ((vn > 0) != (v > 0)) {
            h += run_hard(p, e, v > 0, i, d);
            i = d + 1;
        }
        v = vn;
    }
    *soft = s;
    *hard = h;
}

/* The window of run boundaries around days a..b of employee e. */
static inline void seq_bounds(const rp_state *st, int e, int a, int b, int *L, int *R)
{
    const rp_problem *p = st->p;
    const uint8_t *x = st->x + (size_t)e * p->D;
    int l = a, r = b;
    if (a > 0) {
        int w = x[a - 1] > 0;
        l = a - 1;
        while (l > 0 && (x[l - 1] > 0) == w) l--;
    }
    if (b < p->D - 1) {
        int w = x[b + 1] > 0;
        r = b + 1;
        while (r < p->D - 1 && (x[r + 1] > 0) == w) r++;
    }
    *L = l;
    *R = r;
}

typedef struct touched {
    int n;
    int key[TOUCH_CAP];
    int delta[TOUCH_CAP];
} touched;

static inline void touch(touched *t, int key, int delta)
{
    for (int i = 0; i < t->n; i++)
        if (t->key[i] == key) {
            t->delta[i] += delta;
            return;
        }
    assert(t->n < TOUCH_CAP);
    t->key[t->n] = key;
    t->delta[t->n++] = delta;
}

void rp_employee_delta(const rp_state *st, int e, int a, int b, const uint8_t *nv, int64_t *dsoft,
                       int64_t *dhard)
{
    const rp_problem *p = st->p;
    const int D = p->D, V = p->V;
    assert(a >= 0 && b < D && a <= b);
    const uint8_t *x = st->x + (size_t)e * D;
    const int32_t *cost = p->cost + (size_t)e * D * V;
    int64_t ds = 0, dh = 0;
    int dm = 0, changed = 0;
    touched tv, tw, tk;
    tv.n = tw.n = tk.n = 0;
    for (int d = a; d <= b; d++) {
        int o = x[d], n = nv[d - a];
        if (o == n) continue;
        changed = 1;
        ds += cost[d * V + n] - cost[d * V + o];
        int dl = p->len[n] - p->len[o];
        dm += dl;
        if (o) touch(&tv, o, -1);
        if (n) touch(&tv, n, +1);
        int w = p->weekend[d];
        if (w >= 0 && (o > 0) != (n > 0)) touch(&tw, w, n > 0 ? 1 : -1);
        if (dl) touch(&tk, p->week[d], dl);
    }
    if (!changed) {
        *dsoft = 0;
        *dhard = 0;
        return;
    }
    const int *cnt = st->cnt + (size_t)e * V;
    const int *maxt = p->maxtype + (size_t)e * V;
    for (int i = 0; i < tv.n; i++) {
        int v = tv.key[i];
        dh += (pen_over(cnt[v] + tv.delta[i], maxt[v]) - pen_over(cnt[v], maxt[v])) * RP_UNIT;
    }
    int m = st->mins[e];
    dh += pen_minutes(p, e, m + dm) - pen_minutes(p, e, m);
    ds += soft_fair(p, e, m + dm) - soft_fair(p, e, m);
    if (tw.n) {
        const uint8_t *wkd = st->wkd + (size_t)e * (p->nweekends + 1);
        int dn = 0;
        for (int i = 0; i < tw.n; i++) {
            int w = tw.key[i];
            dn += (wkd[w] + tw.delta[i] > 0) - (wkd[w] > 0);
        }
        dh += (pen_over(st->nwe[e] + dn, p->maxwe[e]) - pen_over(st->nwe[e], p->maxwe[e])) *
              RP_UNIT;
    }
    if (p->weekmax[e] < RP_INF) {
        const int *wm = st->wmin + (size_t)e * p->nweeks;
        for (int i = 0; i < tk.n; i++) {
            int k = tk.key[i];
            dh += pen_over(wm[k] + tk.delta[i], p->weekmax[e]) - pen_over(wm[k], p->weekmax[e]);
        }
    }
    int L, R;
    seq_bounds(st, e, a, b, &L, &R);
    int64_t s0, h0, s1, h1;
    seq_window(st, e, L, R, D, -1, nv, &s0, &h0); /* no override: the current line */
    seq_window(st, e, L, R, a, b, nv, &s1, &h1);
    ds += s1 - s0;
    dh += h1 - h0;
    *dsoft = ds;
    *dhard = dh;
}

void rp_employee_apply(rp_state *st, int e, int a, int b, const uint8_t *nv)
{
    const rp_problem *p = st->p;
    const int D = p->D, V = p->V;
    uint8_t *x = st->x + (size_t)e * D;
    uint8_t *wkd = st->wkd + (size_t)e * (p->nweekends + 1);
    for (int d = a; d <= b; d++) {
        int o = x[d], n = nv[d - a];
        if (o == n) continue;
        x[d] = (uint8_t)n;
        st->cnt[e * V + o]--;
        st->cnt[e * V + n]++;
        int dl = p->len[n] - p->len[o];
        st->mins[e] += dl;
        st->wmin[(size_t)e * p->nweeks + p->week[d]] += dl;
        st->cov[d * V + o]--;
        st->cov[d * V + n]++;
        int w = p->weekend[d];
        if (w >= 0 && (o > 0) != (n > 0)) {
            int before = wkd[w] > 0;
            wkd[w] = (uint8_t)(wkd[w] + (n > 0 ? 1 : -1));
            st->nwe[e] += (wkd[w] > 0) - before;
        }
    }
}

void rp_employee_full(const rp_state *st, int e, int64_t *soft, int64_t *hard)
{
    const rp_problem *p = st->p;
    const int D = p->D, V = p->V;
    const uint8_t *x = st->x + (size_t)e * D;
    int64_t s = 0, h = 0;
    int *cnt = calloc((size_t)V, sizeof(int));
    int *wm = calloc((size_t)p->nweeks, sizeof(int));
    assert(cnt && wm);
    if (!cnt || !wm) {
        free(cnt);
        free(wm);
        *soft = *hard = 0;
        return;
    }
    int m = 0, nwe = 0;
    for (int d = 0; d < D; d++) {
        int v = x[d];
        s += p->cost[((size_t)e * D + d) * V + v];
        cnt[v]++;
        m += p->len[v];
        wm[p->week[d]] += p->len[v];
        int w = p->weekend[d];
        if (w >= 0 && v > 0 && !(d > 0 && p->weekend[d - 1] == w && x[d - 1] > 0)) nwe++;
    }
    for (int v = 1; v < V; v++) h += pen_over(cnt[v], p->maxtype[e * V + v]) * RP_UNIT;
    h += pen_minutes(p, e, m);
    s += soft_fair(p, e, m);
    h += pen_over(nwe, p->maxwe[e]) * RP_UNIT;
    if (p->weekmax[e] < RP_INF)
        for (int k = 0; k < p->nweeks; k++) h += pen_over(wm[k], p->weekmax[e]);
    int64_t ss, hh;
    seq_window(st, e, 0, D - 1, D, -1, NULL, &ss, &hh);
    s += ss;
    h += hh;
    free(cnt);
    free(wm);
    *soft = s;
    *hard = h;
}

void rp_state_full(const rp_state *st, int64_t *soft, int64_t *hard)
{
    const rp_problem *p = st->p;
    int64_t s = 0, h = 0;
    for (int e = 0; e < p->E; e++) {
        int64_t es, eh;
        rp_employee_full(st, e, &es, &eh);
        s += es;
        h += eh;
    }
    for (int d = 0; d < p->D; d++)
        for (int v = 1; v < p->V; v++) {
            int c = 0;
            for (int e = 0; e < p->E; e++) c += st->x[(size_t)e * p->D + d] == v;
            s += rp_cover_pen(p, d, v, c);
        }
    *soft = s;
    *hard = h;
}

void rp_state_load(rp_state *st, const uint8_t *x)
{
    const rp_problem *p = st->p;
    const int E = p->E, D = p->D, V = p->V;
    if (x != st->x) memcpy(st->x, x, (size_t)E * D);
    memset(st->cnt, 0, sizeof(int) * (size_t)E * V);
    memset(st->mins, 0, sizeof(int) * (size_t)E);
    memset(st->wkd, 0, (size_t)E * (size_t)(p->nweekends + 1));
    memset(st->nwe, 0, sizeof(int) * (size_t)E);
    memset(st->wmin, 0, sizeof(int) * (size_t)E * p->nweeks);
    memset(st->cov, 0, sizeof(int) * (size_t)D * V);
    for (int e = 0; e < E; e++) {
        uint8_t *wkd = st->wkd + (size_t)e * (p->nweekends + 1);
        for (int d = 0; d < D; d++) {
            int v = st->x[(size_t)e * D + d];
            st->cnt[e * V + v]++;
            st->mins[e] += p->len[v];
            st->wmin[(size_t)e * p->nweeks + p->week[d]] += p->len[v];
            st->cov[d * V + v]++;
            int w = p->weekend[d];
            if (w >= 0 && v > 0) {
                if (wkd[w] == 0) st->nwe[e]++;
                wkd[w]++;
            }
        }
    }
    rp_state_full(st, &st->soft, &st->hard);
}
