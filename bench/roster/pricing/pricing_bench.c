/* bench/roster/pricing: replays realistic calls of the line DP
 * (src/roster/linedp.c, rp_dp_line) on one Curtois & Qu instance and times
 * the current DP against the DP before the pricing work (commit 44ffb05's,
 * generated into the build as linedp_ref.c by ./reference) in the same run, checking that both return the same
 * cost and the same line or a line of equal cost.
 *
 * Call types (each N calls, employees and window starts drawn from a fixed
 * seed, the same calls for both DPs):
 *   price-D, price-7, price-14, price-28: column generation's pricing: the
 *     state all days off, scale CG_SCALE, hard weight CG_HW, extra = dual-like
 *     cover prices (minus a random share of the under-cover weight, in
 *     thousandths), over the whole horizon (D) or a window of 7/14/28 days;
 *   the same with "+cnt": the count of the shift type colgen would count
 *     (the type the uncounted line exceeds most; else the type of smallest
 *     maximum) with its maximum as the budget;
 *   search-W: the search's move: the greedy roster, hard weight 2, no extra,
 *     the search's exact window W; search-band: the whole horizon in the
 *     search's band; search-relax: the whole horizon relaxed (prices 0).
 * A call type is skipped when its DP needs more states than colgen allows.
 *
 * Usage: pricing_bench INSTANCE_FILE [CALLS] [SEED] [TYPES]
 *   TYPES: comma separated call types (default all).
 * Prints one row per call type: calls, reference ms, new ms (each call run
 * REPEATS times, the two DPs in turn, the fastest run counts), ratio new/ref,
 * lines that differ (at equal cost), the DP's cells per call (millions: its
 * state layer times days, rp_dp_work), the reference's ns per cell and the new DP's
 * forward passes a call (rp_dp_tries); exits 1 on a cost mismatch. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "roster/internal.h"
#include "roster/linedp.h"
#include "roster/model.h"

/* the reference DP (linedp_ref.c) */
typedef struct ref_dp ref_dp;
ref_dp *ref_dp_create(size_t max_states);
void ref_dp_free(ref_dp *w);
void ref_dp_set_scale(ref_dp *w, int64_t scale);
void ref_dp_set_relax(ref_dp *w, int relax, int64_t price_unit, int64_t price_weekend);
void ref_dp_set_band(ref_dp *w, int band_units, int band_weekends);
void ref_dp_set_count(ref_dp *w, int v, int budget);
int ref_dp_line(ref_dp *w, const rp_state *st, int e, int a, int b, const int64_t *lambda,
                const int64_t *extra, uint8_t *nv, int64_t *cost);

#define CG_HW 100000                    /* as src/roster/colgen.c */
#define CG_SCALE 1000                   /* as src/roster/colgen.c */
#define CG_DP_STATES ((size_t)24 << 20) /* as src/roster/colgen.c */
#define SEARCH_HW 2                     /* as src/roster/solve.c (HARD_WEIGHT) */
#define SEARCH_STATES ((size_t)4 << 20) /* the search's window rule (solve.c) */
#define REPEATS 5                       /* timed runs of each call and DP */
#define DUAL_ZERO_PCT 40                /* share of cover rows with a zero dual */

static uint64_t rng = 88172645463325252ull;
static int rnd(int n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (int)(rng % (uint64_t)n);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *t = malloc((size_t)n + 1);
    if (!t || fread(t, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(t);
        return NULL;
    }
    fclose(f);
    t[n] = '\0';
    *len = (size_t)n;
    return t;
}

typedef struct call {
    int e, a, b, cnt_v, cnt_budget;
} call;

typedef struct kind {
    const char *name;
    int search;   /* 0 = pricing state, 1 = search state */
    int len;      /* window length (0 = whole horizon) */
    int count;    /* pricing with a count */
    int band;     /* search: band mode */
    int relax;    /* search: relaxed */
} kind;

/* The DP's cost of line nv for employee e on a..b (evaluator's objective
 * delta, scaled, plus extra, or the cover delta when extra is NULL): used to
 * check that a different line of the new DP is as good. */
static int64_t line_cost(const rp_state *st, int e, int a, int b, const uint8_t *nv,
                         const int64_t *extra, int64_t K)
{
    const rp_problem *p = st->p;
    int64_t ds, dh;
    rp_employee_delta(st, e, a, b, nv, &ds, &dh);
    int64_t c = (ds + st->hw * dh) * K;
    const uint8_t *x = st->x + (size_t)e * p->D;
    for (int d = a; d <= b; d++) {
        int v = nv[d - a];
        if (extra) {
            c += extra[(size_t)d * p->V + v];
        } else if (v != x[d]) {
            if (x[d]) c += rp_cover_delta(st, d, x[d], -1) * K;
            if (v) c += rp_cover_delta(st, d, v, +1) * K;
        }
    }
    return c;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: pricing_bench INSTANCE_FILE [CALLS] [SEED] [TYPES]\n");
        return 2;
    }
    int N = argc > 2 ? atoi(argv[2]) : 50;
    if (argc > 3) rng = 88172645463325252ull ^ (uint64_t)strtoull(argv[3], NULL, 10) * 0x9e3779b97f4a7c15ull;
    const char *types = argc > 4 ? argv[4] : NULL;
    size_t len;
    char *text = slurp(argv[1], &len);
    if (!text) {
        fprintf(stderr, "pricing_bench: cannot read %s\n", argv[1]);
        return 2;
    }
    roster_instance *ins = NULL;
    char err[512];
    if (roster_curtois_read(text, len, argv[1], &ins, err, sizeof(err))) {
        fprintf(stderr, "pricing_bench: %s\n", err);
        return 2;
    }
    free(text);
    rp_problem p;
    if (rp_problem_build(&p, ins, NULL, 0, err, sizeof(err))) {
        fprintf(stderr, "pricing_bench: %s\n", err);
        return 2;
    }
    const int E = p.E, D = p.D, V = p.V;
    /* pricing state: all days off; search state: the greedy roster */
    rp_state ps, ss;
    uint8_t *x0 = calloc((size_t)E * D, 1);
    if (rp_state_init(&ps, &p, CG_HW) || rp_state_init(&ss, &p, SEARCH_HW) || !x0 ||
        rp_construct_greedy(&p, x0))
        return 2;
    rp_state_load(&ss, x0);
    int maxlen = 0;
    for (int v = 1; v < V; v++)
        if (p.len[v] > maxlen) maxlen = p.len[v];
    int swin = D;
    while (swin > 7 && rp_dp_states(&ss, 0, 0, swin - 1) > SEARCH_STATES) swin /= 2;
    int band_units = 2 * maxlen / p.minutes_gcd;
    if (band_units < 1) band_units = 1;
    /* dual-like prices */
    int64_t *extra = calloc((size_t)D * V, sizeof(int64_t));
    for (int d = 0; d < D; d++)
        for (int v = 1; v < V; v++) {
            int u = p.under[d * V + v];
            if (rnd(100) < DUAL_ZERO_PCT || u <= 0) continue;
            extra[(size_t)d * V + v] = -(int64_t)rnd(u * CG_SCALE + 1);
        }
    rp_dp *nw = rp_dp_create(CG_DP_STATES);
    ref_dp *rf = ref_dp_create(CG_DP_STATES);
    rp_dp *nws = rp_dp_create(0);
    ref_dp *rfs = ref_dp_create(0);
    rp_dp_set_scale(nw, CG_SCALE);
    ref_dp_set_scale(rf, CG_SCALE);
    char sname[32];
    snprintf(sname, sizeof(sname), "search-%d", swin);
    const kind kinds[] = {
        {"price-D", 0, 0, 0, 0, 0},    {"price-D+cnt", 0, 0, 1, 0, 0},
        {"price-7", 0, 7, 0, 0, 0},    {"price-7+cnt", 0, 7, 1, 0, 0},
        {"price-14", 0, 14, 0, 0, 0},  {"price-14+cnt", 0, 14, 1, 0, 0},
        {"price-28", 0, 28, 0, 0, 0},  {"price-28+cnt", 0, 28, 1, 0, 0},
        {sname, 1, swin, 0, 0, 0},     {"search-band", 1, 0, 0, 1, 0},
        {"search-relax", 1, 0, 0, 0, 1},
    };
    const int nk = (int)(sizeof(kinds) / sizeof(kinds[0]));
    call *calls = calloc((size_t)N, sizeof(call));
    uint8_t *l1 = malloc((size_t)D), *l2 = malloc((size_t)D);
    int64_t *c1 = calloc((size_t)N, sizeof(int64_t)), *c2 = calloc((size_t)N, sizeof(int64_t));
    uint8_t *lines1 = malloc((size_t)N * D), *lines2 = malloc((size_t)N * D);
    int *rc1 = calloc((size_t)N, sizeof(int)), *rc2 = calloc((size_t)N, sizeof(int));
    int bad = 0;
    printf("%-14s %5s %10s %10s %7s %6s %9s %6s %6s\n", "call", "calls", "ref ms", "new ms", "new/ref",
           "ties", "Mcells", "ref ns", "passes");
    for (int k = 0; k < nk; k++) {
        const kind *kd = &kinds[k];
        if (types && !strstr(types, kd->name)) continue;
        if (kd->len > D || (kd->search && kd->len == 0 && !kd->band && !kd->relax)) continue;
        if ((kd->band || kd->relax) && swin >= D) continue; /* the search does not use them then */
        rp_state *st = kd->search ? &ss : &ps;
        const int64_t *ex = kd->search ? NULL : extra;
        rp_dp *wn = kd->search ? nws : nw;
        ref_dp *wr = kd->search ? rfs : rf;
        /* draw the calls */
        for (int i = 0; i < N; i++) {
            call *c = &calls[i];
            c->e = rnd(E);
            int L = kd->len ? kd->len : D;
            c->a = rnd(D - L + 1);
            c->b = c->a + L - 1;
            c->cnt_v = 0;
            if (!kd->count) continue;
            /* the type colgen would count: furthest over its maximum */
            int rc = ref_dp_line(wr, st, c->e, c->a, c->b, NULL, ex, l1, NULL);
            int worst = 0, wv = 0, mn = RP_INF, mv = 0;
            for (int v = 1; v < V; v++) {
                int mx = p.maxtype[c->e * V + v];
                if (mx >= RP_INF) continue;
                int cnt = 0;
                for (int d = c->a; d <= c->b && rc == 0; d++) cnt += l1[d - c->a] == v;
                if (cnt - mx > worst) worst = cnt - mx, wv = v;
                if (mx < mn) mn = mx, mv = v;
            }
            c->cnt_v = wv ? wv : mv;
            c->cnt_budget = c->cnt_v ? p.maxtype[c->e * V + c->cnt_v] : 0;
            if (c->cnt_budget > c->b - c->a + 1) c->cnt_budget = c->b - c->a + 1;
        }
        /* every call REPEATS times, the reference and the new DP in turn
         * (both see the same load of the machine); the fastest run of each
         * call counts; one run before, untimed (allocation) */
        double t[2] = {0, 0};
        uint64_t cells = 0; /* the new DP's cells (state layer x days) */
        int passes = 0;     /* the new DP's forward passes */
        for (int i = 0; i < N; i++) {
            const call *c = &calls[i];
            double best[2] = {1e300, 1e300};
            for (int rep = i ? 1 : 0; rep <= REPEATS; rep++)
                for (int impl = 0; impl < 2; impl++) {
                    int64_t *cost = impl ? &c2[i] : &c1[i];
                    uint8_t *line = (impl ? lines2 : lines1) + (size_t)i * D;
                    double t0 = now_ms();
                    if (impl) {
                        rp_dp_set_count(wn, c->cnt_v, c->cnt_budget);
                        if (kd->band) rp_dp_set_band(wn, band_units, 1);
                        if (kd->relax) rp_dp_set_relax(wn, 1, 0, 0);
                        rc2[i] = rp_dp_line(wn, st, c->e, c->a, c->b, NULL, ex, line, cost);
                        rp_dp_set_band(wn, 0, 0);
                        rp_dp_set_relax(wn, 0, 0, 0);
                        rp_dp_set_count(wn, 0, 0);
                    } else {
                        ref_dp_set_count(wr, c->cnt_v, c->cnt_budget);
                        if (kd->band) ref_dp_set_band(wr, band_units, 1);
                        if (kd->relax) ref_dp_set_relax(wr, 1, 0, 0);
                        rc1[i] = ref_dp_line(wr, st, c->e, c->a, c->b, NULL, ex, line, cost);
                        ref_dp_set_band(wr, 0, 0);
                        ref_dp_set_relax(wr, 0, 0, 0);
                        ref_dp_set_count(wr, 0, 0);
                    }
                    double dt = now_ms() - t0;
                    if (rep && dt < best[impl]) best[impl] = dt;
                }
            t[0] += best[0];
            t[1] += best[1];
            cells += rp_dp_work(wn);
            passes += rp_dp_tries(wn);
        }
        int ties = 0, refused = 0;
        for (int i = 0; i < N; i++) {
            const call *c = &calls[i];
            if (rc1[i] != rc2[i]) {
                printf("  %s call %d (e %d, days %d-%d): ref returns %d, new %d\n", kd->name, i, c->e,
                       c->a, c->b, rc1[i], rc2[i]);
                bad = 1;
                continue;
            }
            if (rc1[i]) {
                refused++;
                continue;
            }
            if (c1[i] != c2[i]) {
                printf("  %s call %d (e %d, days %d-%d): cost ref %lld, new %lld\n", kd->name, i, c->e,
                       c->a, c->b, (long long)c1[i], (long long)c2[i]);
                bad = 1;
                continue;
            }
            const uint8_t *a1 = lines1 + (size_t)i * D, *a2 = lines2 + (size_t)i * D;
            int L = c->b - c->a + 1;
            if (memcmp(a1, a2, (size_t)L)) {
                ties++;
                /* the evaluator must see the two lines as equal too, unless
                 * a limit the DP only prices (maxima per type, weekly
                 * minutes) tells them apart: then at least the count holds */
                int64_t K = kd->search ? 1 : CG_SCALE;
                int64_t e1 = line_cost(st, c->e, c->a, c->b, a1, ex, K);
                int64_t e2 = line_cost(st, c->e, c->a, c->b, a2, ex, K);
                int n2 = 0;
                for (int d = 0; d < L; d++) n2 += c->cnt_v && a2[d] == c->cnt_v;
                if (n2 > c->cnt_budget && c->cnt_v) {
                    printf("  %s call %d: new line breaks the count budget\n", kd->name, i);
                    bad = 1;
                }
                if (e1 != e2)
                    printf("  %s call %d: equal DP cost, evaluator %lld vs %lld (priced limits)\n",
                           kd->name, i, (long long)e1, (long long)e2);
            }
        }
        printf("%-14s %5d %10.1f %10.1f %7.3f %6d %9.2f %6.2f %6.2f%s\n", kd->name, N, t[0], t[1],
               t[1] / t[0], ties, (double)cells / N / 1e6, t[0] * 1e6 / (double)(cells ? cells : 1),
               (double)passes / N, refused ? " (some refused)" : "");
        fflush(stdout);
    }
    free(calls);
    free(l1);
    free(l2);
    free(c1);
    free(c2);
    free(lines1);
    free(lines2);
    free(rc1);
    free(rc2);
    free(extra);
    free(x0);
    rp_dp_free(nw);
    rp_dp_free(nws);
    ref_dp_free(rf);
    ref_dp_free(rfs);
    rp_state_free(&ps);
    rp_state_free(&ss);
    rp_problem_free(&p);
    roster_instance_free(ins);
    if (bad) printf("MISMATCH\n");
    return bad;
}
