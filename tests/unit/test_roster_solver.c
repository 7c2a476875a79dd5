/* roster solver: the incremental evaluator against full recounts, the exact
 * neighbourhoods (line DP, swap DP, day flow) against brute force, and the
 * solver's promises: validator agreement, determinism, repair, anytime stop,
 * and the command line. No test asserts a time. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_commands.h"
#include "roster/check.h"
#include "roster/internal.h"
#include "roster/linedp.h"
#include "roster/model.h"
#include "roster/solution.h"
#include "roster/solve.h"
#include "roster_test.h"

/* A small deterministic generator for the tests themselves. */
static uint64_t rnd_state = 88172645463325252ull;
static int rnd(int n)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return (int)(rnd_state % (uint64_t)n);
}

typedef struct fixture {
    roster_instance *ins;
    rp_problem p;
    rp_state st;
} fixture;

static void fixture_open(fixture *f, roster_instance *ins, int64_t hw)
{
    f->ins = ins;
    char err[256];
    cr_assert_eq(rp_problem_build(&f->p, ins, NULL, 0, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(rp_state_init(&f->st, &f->p, hw), 0);
}

static void fixture_close(fixture *f)
{
    rp_state_free(&f->st);
    rp_problem_free(&f->p);
    roster_instance_free(f->ins);
}

/* A random value employee e may take on day d. */
static uint8_t random_value(const rp_problem *p, int e, int d)
{
    for (;;) {
        int v = rnd(p->V);
        if (p->allowed[((size_t)e * p->D + d) * p->V + v]) return (uint8_t)v;
    }
}

/* Fills the state with a random roster (about half the days worked). */
static void randomise(fixture *f)
{
    const rp_problem *p = &f->p;
    uint8_t *x = calloc((size_t)p->E * p->D, 1);
    for (int e = 0; e < p->E; e++)
        for (int d = 0; d < p->D; d++) x[(size_t)e * p->D + d] = rnd(2) ? random_value(p, e, d) : 0;
    rp_state_load(&f->st, x);
    free(x);
}

/* The delta of a block move, all terms, cover included. */
static int64_t full_delta(const rp_state *st, int e, int a, int b, const uint8_t *nv)
{
    int64_t ds, dh;
    rp_employee_delta(st, e, a, b, nv, &ds, &dh);
    const uint8_t *x = st->x + (size_t)e * st->p->D;
    for (int d = a; d <= b; d++)
        if (x[d] != nv[d - a])
            ds += rp_cover_delta(st, d, x[d], -1) + rp_cover_delta(st, d, nv[d - a], +1);
    return ds + st->hw * dh;
}

static int64_t total_of(const rp_state *st)
{
    int64_t s, h;
    rp_state_full(st, &s, &h);
    return s + st->hw * h;
}

Test(roster_eval, incremental_matches_full_recount)
{
    const char *files[] = {"tiny.txt", "care.txt"};
    for (int fi = 0; fi < 2; fi++) {
        fixture f;
        fixture_open(&f, rt_load_file(files[fi]), 3);
        randomise(&f);
        const rp_problem *p = &f.p;
        for (int it = 0; it < 3000; it++) {
            int e = rnd(p->E);
            int len = 1 + rnd(p->D < 6 ? p->D : 6);
            int a = rnd(p->D - len + 1), b = a + len - 1;
            uint8_t nv[16];
            for (int d = a; d <= b; d++) nv[d - a] = rnd(3) ? random_value(p, e, d) : 0;
            int64_t before = total_of(&f.st);
            int64_t ds, dh;
            rp_employee_delta(&f.st, e, a, b, nv, &ds, &dh);
            int64_t delta = full_delta(&f.st, e, a, b, nv);
            const uint8_t *x = f.st.x + (size_t)e * p->D;
            for (int d = a; d <= b; d++)
                if (x[d] != nv[d - a])
                    ds += rp_cover_delta(&f.st, d, x[d], -1) + rp_cover_delta(&f.st, d, nv[d - a], +1);
            rp_employee_apply(&f.st, e, a, b, nv);
            f.st.soft += ds;
            f.st.hard += dh;
            int64_t s, h;
            rp_state_full(&f.st, &s, &h);
            cr_assert_eq(s, f.st.soft, "%s move %d: soft %lld, recount %lld", files[fi], it,
                         (long long)f.st.soft, (long long)s);
            cr_assert_eq(h, f.st.hard, "%s move %d: hard %lld, recount %lld", files[fi], it,
                         (long long)f.st.hard, (long long)h);
            cr_assert_eq(total_of(&f.st) - before, delta);
        }
        fixture_close(&f);
    }
}

/* rp_half_weekend (the search's move aimed at half-worked weekends) against
 * brute force on random rosters: on every weekend day and every start, the
 * first (shift, employee) in its cyclic orders with the shift short of
 * people and the employee working the other day of that weekend only, off
 * on the day and allowed the shift; none on weekdays. */
static int half_weekend_ok(const rp_state *st, int e, int d, int v)
{
    const rp_problem *p = st->p;
    int i = d * p->V + v, other = -1;
    for (int k = 0; k < p->D; k++)
        if (k != d && p->weekend[k] == p->weekend[d]) other = k;
    return st->cov[i] < p->req[i] && p->under[i] > 0 && other >= 0 &&
           st->x[(size_t)e * p->D + other] != 0 && st->x[(size_t)e * p->D + d] == 0 &&
           p->allowed[((size_t)e * p->D + d) * p->V + v];
}

Test(roster_eval, half_weekend_equals_brute_force)
{
    fixture f;
    fixture_open(&f, rt_load_file("care.txt"), 3);
    const rp_problem *p = &f.p;
    cr_assert_gt(p->nweekends, 0);
    int found = 0, none = 0;
    for (int round = 0; round < 20; round++) {
        randomise(&f);
        for (int d = 0; d < p->D; d++)
            for (int v0 = 1; v0 < p->V; v0++)
                for (int e0 = 0; e0 < p->E; e0++) {
                    int e = -1, v = -1, be = -1, bv = -1;
                    int got = rp_half_weekend(&f.st, d, v0, e0, &e, &v);
                    for (int k = 0; k < p->V - 1 && bv < 0; k++)
                        for (int j = 0; j < p->E && bv < 0; j++) {
                            int vv = 1 + (v0 - 1 + k) % (p->V - 1), ee = (e0 + j) % p->E;
                            if (p->weekend[d] >= 0 && half_weekend_ok(&f.st, ee, d, vv)) {
                                be = ee;
                                bv = vv;
                            }
                        }
                    cr_assert_eq(got, bv >= 0, "day %d v0 %d e0 %d", d, v0, e0);
                    if (got) {
                        cr_assert_eq(e, be);
                        cr_assert_eq(v, bv);
                        found++;
                    } else {
                        none++;
                    }
                }
    }
    cr_assert_gt(found, 0);
    cr_assert_gt(none, 0);
    fixture_close(&f);
}

/* Whether nv on days a..b keeps employee e's successions and maximum runs
 * inside the window (from the day before it): the lines the DPs search. */
static int line_ok(const rp_state *st, int e, int a, int b, const uint8_t *nv)
{
    const rp_problem *p = st->p;
    const uint8_t *x = st->x + (size_t)e * p->D;
    int run = 0;
    for (int d = a - 1; d >= 0 && x[d] > 0; d--) run++;
    int prev = a > 0 ? x[a - 1] : 0;
    for (int d = a; d <= b; d++) {
        int v = nv[d - a];
        if (v > 0 && prev > 0 && p->forb[prev * p->V + v]) return 0;
        run = v > 0 ? run + 1 : 0;
        if (run > p->maxcons[e]) return 0;
        prev = v;
    }
    return 1;
}

/* Whether employee e has a limit the DPs only price (a maximum per shift
 * type that could bind, or weekly contract minutes). */
static int has_type_limit(const rp_problem *p, int e)
{
    for (int v = 1; v < p->V; v++)
        if (p->maxtype[e * p->V + v] < p->D) return 1;
    return p->weekmax[e] < RP_INF;
}

/* care.txt without the weekly contract limits, which the DPs only price */
static roster_instance *care_unlimited(void)
{
    roster_instance *ins = rt_load_file("care.txt");
    for (int e = 0; e < ins->nemployees; e++) ins->employees[e].max_week_minutes = ROSTER_NONE;
    return ins;
}

/* Brute force: the best line of employee e on days a..b among the lines the
 * DP searches (no maxima per type bind here, so the DP is exact). */
static int64_t brute_line_forced(const rp_state *st, int e, int a, int b, int fd, int fv)
{
    const rp_problem *p = st->p;
    const int L = b - a + 1;
    uint8_t nv[8];
    int64_t best = INT64_MAX;
    long combos = 1;
    for (int i = 0; i < L; i++) combos *= p->V;
    for (long c = 0; c < combos; c++) {
        long k = c;
        int ok = 1;
        for (int i = 0; i < L; i++) {
            nv[i] = (uint8_t)(k % p->V);
            k /= p->V;
            if (!p->allowed[((size_t)e * p->D + a + i) * p->V + nv[i]]) ok = 0;
        }
        if (fd >= 0 && nv[fd - a] != fv) ok = 0;
        if (!ok || !line_ok(st, e, a, b, nv)) continue;
        int64_t dl = full_delta(st, e, a, b, nv);
        if (dl < best) best = dl;
    }
    return best;
}

static int64_t brute_line(const rp_state *st, int e, int a, int b)
{
    return brute_line_forced(st, e, a, b, -1, 0);
}

Test(roster_dp, line_dp_equals_brute_force)
{
    const char *files[] = {"tiny.txt", "care.txt", "care.txt (no weekly limits)"};
    for (int fi = 0; fi < 3; fi++) {
        fixture f;
        fixture_open(&f, fi == 2 ? care_unlimited() : rt_load_file(files[fi]), 2);
        rp_dp *w = rp_dp_create(0);
        const rp_problem *p = &f.p;
        for (int it = 0; it < 60; it++) {
            randomise(&f);
            int e = rnd(p->E);
            if (has_type_limit(p, e)) continue;
            int len = 1 + rnd(5);
            int a = rnd(p->D - len + 1), b = a + len - 1;
            if (it % 4 == 0) a = 0, b = len - 1;           /* touching the start */
            if (it % 4 == 1) a = p->D - len, b = p->D - 1; /* touching the end */
            uint8_t nv[8];
            cr_assert_eq(rp_dp_line(w, &f.st, e, a, b, NULL, NULL, nv, NULL), 0);
            int64_t got = full_delta(&f.st, e, a, b, nv);
            int64_t want = brute_line(&f.st, e, a, b);
            cr_assert_eq(got, want, "%s: e %d days %d-%d: DP %lld, brute force %lld", files[fi], e,
                         a, b, (long long)got, (long long)want);
        }
        rp_dp_free(w);
        fixture_close(&f);
    }
}

/* Band mode: exact over the lines whose running minutes and weekends stay
 * within the band around the current line's. */
/* The weekend move's DP (rp_dp_forced_costs): with value v forced on day
 * d, the best line among those with v there, against brute force. */
Test(roster_dp, forced_day_line_dp_equals_brute_force)
{
    fixture f;
    fixture_open(&f, care_unlimited(), 2);
    rp_dp *w = rp_dp_create(0);
    const rp_problem *p = &f.p;
    int64_t *extra = calloc((size_t)p->D * p->V, sizeof(int64_t));
    int checked = 0, moved = 0;
    for (int it = 0; it < 80; it++) {
        randomise(&f);
        int e = rnd(p->E);
        if (has_type_limit(p, e)) continue;
        int len = 2 + rnd(4);
        int a = rnd(p->D - len + 1), b = a + len - 1;
        int d = a + rnd(len), v = 1 + rnd(p->V - 1);
        int64_t want = brute_line_forced(&f.st, e, a, b, d, v);
        rp_dp_forced_costs(&f.st, e, a, b, d, v, extra);
        uint8_t nv[8];
        int rc = rp_dp_line(w, &f.st, e, a, b, NULL, extra, nv, NULL);
        if (want == INT64_MAX) {
            cr_assert(rc != 0 || nv[d - a] != v, "e %d days %d-%d: a line with %d on %d", e, a, b,
                      v, d);
            continue;
        }
        cr_assert_eq(rc, 0);
        cr_assert_eq(nv[d - a], v, "e %d days %d-%d: day %d not forced to %d", e, a, b, d, v);
        int64_t got = full_delta(&f.st, e, a, b, nv);
        cr_assert_eq(got, want, "e %d days %d-%d, %d on %d: DP %lld, brute force %lld", e, a, b, v,
                     d, (long long)got, (long long)want);
        checked++;
        moved += want != brute_line(&f.st, e, a, b);
    }
    cr_assert_gt(checked, 10);
    cr_assert_gt(moved, 0); /* the force changed the best line */
    free(extra);
    rp_dp_free(w);
    fixture_close(&f);
}

/* 1 when employee e may start a counted weekend on day d with value v
 * after value prev on day d - 1 (the rule the band counts weekends by). */
static int weekend_starts(const rp_problem *p, int d, int v, int prev)
{
    int wk = p->weekend[d], mode = 0;
    if (wk >= 0) mode = d > 0 && p->weekend[d - 1] == wk ? 2 : 1;
    return v && (mode == 1 || (mode == 2 && !prev));
}

/* The best delta of e's whole line among the lines whose running minutes
 * units and weekends stay within one of the reference's (ru[d] units and
 * rw[d] weekends added on day d) at every day, by enumeration; INT64_MAX
 * when there is none. */
static int64_t brute_band(const rp_state *st, int e, const int *ru, const uint8_t *rw)
{
    const rp_problem *p = st->p;
    const int D = p->D, V = p->V, g = p->minutes_gcd;
    uint8_t nv[8];
    int64_t want = INT64_MAX;
    long combos = 1;
    for (int i = 0; i < D; i++) combos *= V;
    for (long c = 0; c < combos; c++) {
        long k = c;
        int ok = 1, dm = 0, dwk = 0;
        for (int d = 0; d < D && ok; d++) {
            nv[d] = (uint8_t)(k % V);
            k /= V;
            if (!p->allowed[((size_t)e * D + d) * V + nv[d]]) ok = 0;
            dm += p->len[nv[d]] / g - ru[d];
            dwk += weekend_starts(p, d, nv[d], d > 0 ? nv[d - 1] : 0) - rw[d];
            if (dm < -1 || dm > 1 || dwk < -1 || dwk > 1) ok = 0;
        }
        if (!ok || !line_ok(st, e, 0, D - 1, nv)) continue;
        int64_t dl = full_delta(st, e, 0, D - 1, nv);
        if (dl < want) want = dl;
    }
    return want;
}

Test(roster_dp, band_dp_equals_brute_force)
{
    fixture f;
    fixture_open(&f, rt_load_file("tiny.txt"), 2);
    rp_dp *w = rp_dp_create(0);
    const rp_problem *p = &f.p;
    const int D = p->D, g = p->minutes_gcd;
    int ru[8];
    uint8_t rw[8];
    rp_dp_set_band(w, 1, 1);
    int tested = 0;
    for (int it = 0; it < 60; it++) {
        randomise(&f);
        int e = rnd(p->E);
        if (has_type_limit(p, e)) continue;
        uint8_t nv[8];
        cr_assert_eq(rp_dp_line(w, &f.st, e, 0, D - 1, NULL, NULL, nv, NULL), 0);
        int64_t got = full_delta(&f.st, e, 0, D - 1, nv);
        /* the band around the current line: its own minutes and weekends */
        const uint8_t *x = f.st.x + (size_t)e * D;
        for (int d = 0; d < D; d++) {
            ru[d] = p->len[x[d]] / g;
            rw[d] = (uint8_t)weekend_starts(p, d, x[d], d > 0 ? x[d - 1] : 0);
        }
        int64_t want = brute_band(&f.st, e, ru, rw);
        cr_assert_eq(got, want, "e %d: band DP %lld, brute force %lld", e, (long long)got,
                     (long long)want);
        tested++;
    }
    cr_assert_geq(tested, 20);
    rp_dp_free(w);
    fixture_close(&f);
}

/* Band mode along a reference (rp_dp_set_band_ref): exact over the lines
 * whose running minutes and weekends stay within the band around the
 * reference's, whatever the current line. */
Test(roster_dp, band_dp_with_reference_equals_brute_force)
{
    fixture f;
    fixture_open(&f, rt_load_file("tiny.txt"), 2);
    rp_dp *w = rp_dp_create(0);
    const rp_problem *p = &f.p;
    const int D = p->D, V = p->V, g = p->minutes_gcd;
    int ru[8];
    uint8_t rw[8];
    rp_dp_set_band(w, 1, 1);
    int tested = 0, apart = 0;
    for (int it = 0; it < 60; it++) {
        randomise(&f);
        int e = rnd(p->E);
        if (has_type_limit(p, e)) continue;
        for (int d = 0; d < D; d++) {
            ru[d] = rnd(3) ? p->len[1 + rnd(V - 1)] / g : 0;
            int wk = p->weekend[d];
            rw[d] = (uint8_t)(wk >= 0 && !(d > 0 && p->weekend[d - 1] == wk) && rnd(2));
        }
        rp_dp_set_band_ref(w, ru, rw);
        uint8_t nv[8];
        int rc = rp_dp_line(w, &f.st, e, 0, D - 1, NULL, NULL, nv, NULL);
        rp_dp_set_band_ref(w, NULL, NULL);
        int64_t want = brute_band(&f.st, e, ru, rw);
        if (want == INT64_MAX) {
            cr_assert_eq(rc, -2, "e %d: the DP found a line outside the band", e);
            continue;
        }
        cr_assert_eq(rc, 0);
        cr_assert_eq(rp_dp_line(w, &f.st, e, 0, D - 1, NULL, NULL, nv, NULL), 0);
        int64_t cur = full_delta(&f.st, e, 0, D - 1, nv); /* the band around the current line */
        rp_dp_set_band_ref(w, ru, rw);
        cr_assert_eq(rp_dp_line(w, &f.st, e, 0, D - 1, NULL, NULL, nv, NULL), 0);
        rp_dp_set_band_ref(w, NULL, NULL);
        int64_t got = full_delta(&f.st, e, 0, D - 1, nv);
        cr_assert_eq(got, want, "e %d: band DP along the reference %lld, brute force %lld", e,
                     (long long)got, (long long)want);
        apart += cur != got;
        tested++;
    }
    cr_assert_geq(tested, 10);
    cr_assert_gt(apart, 0, "the reference never mattered");
    rp_dp_free(w);
    fixture_close(&f);
}

Test(roster_dp, swap_dp_equals_brute_force)
{
    fixture f;
    fixture_open(&f, care_unlimited(), 2);
    rp_swap *w = rp_swap_create(0);
    const rp_problem *p = &f.p;
    int tested = 0;
    for (int it = 0; it < 200; it++) {
        randomise(&f);
        int e1 = rnd(p->E), e2 = rnd(p->E);
        if (e1 == e2 || has_type_limit(p, e1) || has_type_limit(p, e2)) continue;
        int len = 1 + rnd(8);
        int a = rnd(p->D - len + 1), b = a + len - 1;
        uint8_t opt[16], n1[16], n2[16];
        int rc = rp_swap_line(w, &f.st, e1, e2, a, b, NULL, NULL, opt, NULL);
        cr_assert(rc == 0 || rc == -2);
        if (rc == -2) memset(opt, 0, sizeof(opt));
        const uint8_t *x1 = f.st.x + (size_t)e1 * p->D, *x2 = f.st.x + (size_t)e2 * p->D;
        int64_t got = 0, want = INT64_MAX;
        for (int pass = 0; pass <= (1 << len); pass++) {
            int ok = 1;
            for (int d = a; d <= b; d++) {
                int o = pass == (1 << len) ? opt[d - a] : (pass >> (d - a)) & 1;
                n1[d - a] = o ? x2[d] : x1[d];
                n2[d - a] = o ? x1[d] : x2[d];
                if (!p->allowed[((size_t)e1 * p->D + d) * p->V + n1[d - a]] ||
                    !p->allowed[((size_t)e2 * p->D + d) * p->V + n2[d - a]])
                    ok = 0;
            }
            if (!ok) continue;
            int64_t s1, h1, s2, h2;
            rp_employee_delta(&f.st, e1, a, b, n1, &s1, &h1);
            rp_employee_delta(&f.st, e2, a, b, n2, &s2, &h2);
            int64_t dl = s1 + s2 + f.st.hw * (h1 + h2);
            if (pass == (1 << len))
                got = dl;
            else if (line_ok(&f.st, e1, a, b, n1) && line_ok(&f.st, e2, a, b, n2) && dl < want)
                want = dl;
        }
        if (rc == -2)
            cr_assert_eq(want, INT64_MAX, "swap DP found nothing, brute force %lld", (long long)want);
        else
            cr_assert_eq(got, want, "swap DP %lld, brute force %lld", (long long)got,
                         (long long)want);
        tested++;
    }
    cr_assert_geq(tested, 20);
    rp_swap_free(w);
    fixture_close(&f);
}

Test(roster_dp, day_flow_equals_brute_force)
{
    fixture f;
    fixture_open(&f, rt_load_file("care.txt"), 2);
    rp_flow *fl = rp_flow_create();
    const rp_problem *p = &f.p;
    const int E = p->E, V = p->V;
    for (int it = 0; it < 30; it++) {
        randomise(&f);
        int d = rnd(p->D);
        uint8_t nv[8];
        int64_t gain;
        cr_assert_eq(rp_flow_day(fl, &f.st, d, nv, &gain), 0);
        /* apply employee by employee: the sum of deltas is the gain */
        int64_t want = 0;
        long combos = 1;
        for (int e = 0; e < E; e++) combos *= V;
        for (long c = 0; c < combos; c++) {
            long k = c;
            uint8_t vals[8];
            int ok = 1;
            for (int e = 0; e < E; e++) {
                vals[e] = (uint8_t)(k % V);
                k /= V;
                if (vals[e] != f.st.x[(size_t)e * p->D + d] &&
                    !p->allowed[((size_t)e * p->D + d) * V + vals[e]])
                    ok = 0;
            }
            if (!ok) continue;
            /* own deltas are independent; the cover is counted jointly */
            int64_t own = 0;
            int count[ROSTER_MAX_SHIFTS + 1] = {0};
            for (int e = 0; e < E; e++) {
                int64_t s, h;
                rp_employee_delta(&f.st, e, d, d, &vals[e], &s, &h);
                own += s + f.st.hw * h;
                count[vals[e]]++;
            }
            int64_t cover = 0;
            for (int v = 1; v < V; v++)
                cover += rp_cover_pen(p, d, v, count[v]) - rp_cover_pen(p, d, v, f.st.cov[d * V + v]);
            if (own + cover < want) want = own + cover;
        }
        cr_assert_eq(gain, want, "day %d: flow %lld, brute force %lld", d, (long long)gain,
                     (long long)want);
    }
    rp_flow_free(fl);
    fixture_close(&f);
}

/* ---- the solver ------------------------------------------------------ */

static roster_solve_result solve_iter(const roster_instance *ins, uint64_t iterations,
                                      uint64_t seed)
{
    roster_solve_options o;
    roster_solve_options_init(&o);
    o.time_limit = 0;
    o.iterations = iterations;
    o.seed = seed;
    roster_solve_result res;
    char err[256];
    cr_assert_eq(roster_solve(ins, &o, &res, err, sizeof(err)), 0, "%s", err);
    return res;
}

/* The solver's figure must be the validator's. */
static void agree_after_solve(const roster_instance *ins, const roster_solve_result *res)
{
    roster_report rep;
    cr_assert_eq(roster_check(ins, res->solution, &rep), 0);
    cr_assert_eq(rep.objective, res->objective, "solver %lld, validator %lld",
                 (long long)res->objective, (long long)rep.objective);
    cr_assert_eq(rep.nviolations == 0, res->feasible, "feasible %d, violations %d", res->feasible,
                 rep.nviolations);
    rt_agree(ins, res->solution, &rep);
    roster_report_free(&rep);
}

Test(roster_solve, small_instances_feasible_and_agreeing)
{
    const char *files[] = {"tiny.txt", "care.txt"};
    for (int i = 0; i < 2; i++) {
        roster_instance *ins = rt_load_file(files[i]);
        roster_solve_result res = solve_iter(ins, 100000, 7);
        cr_assert(res.feasible, "%s: no feasible roster", files[i]);
        agree_after_solve(ins, &res);
        roster_solve_result_free(&res);
        roster_instance_free(ins);
    }
}

Test(roster_solve, curtois_1_to_3)
{
    const int64_t lower[] = {0, 607, 828, 1001};
    for (int i = 1; i <= 3; i++) {
        roster_instance *ins = rt_load_curtois(i);
        if (!ins) cr_skip_test("benchmark instances not found");
        roster_solve_result res = solve_iter(ins, 200000, 1);
        cr_assert(res.feasible, "Instance%d: no feasible roster", i);
        cr_assert_geq(res.objective, lower[i], "Instance%d below its lower bound", i);
        /* column generation's bound cannot exceed the optimum (= the lower
         * bound on these three), and its roster is never worse than the
         * result */
        cr_assert_geq(res.lp_bound, 0, "Instance%d: column generation did not converge", i);
        cr_assert_leq(res.lp_bound, lower[i] + 1e-6, "Instance%d: bound %g above the optimum", i,
                      res.lp_bound);
        cr_assert_leq(res.lp_bound, res.lp_value + 1e-6);
        cr_assert_geq(res.colgen_objective, res.objective);
        agree_after_solve(ins, &res);
        roster_solve_result_free(&res);
        roster_instance_free(ins);
    }
}

/* A roster proven optimal by an exhausted branch-and-price tree ends the
 * run: far fewer iterations than allowed, and the optimum. */
Test(roster_solve, proven_optimum_ends_the_run)
{
    roster_instance *ins = rt_load_curtois(2);
    if (!ins) cr_skip_test("benchmark instances not found");
    roster_solve_result res = solve_iter(ins, 50000000, 1);
    cr_assert(res.optimal, "Instance2 not proven optimal (tree %s, %ld inexact)",
              res.bnp_done ? "exhausted" : "not exhausted", res.bnp_inexact);
    cr_assert_eq(res.objective, 828);
    cr_assert_lt(res.iterations, 50000000 / 2, "the run went on: %llu iterations",
                 (unsigned long long)res.iterations);
    agree_after_solve(ins, &res);
    roster_solve_result_free(&res);
    roster_instance_free(ins);
}

/* Branch-and-price restarts with a random tie-break (trees of 32 nodes,
 * doubling); the last tree runs to the end, so the proof still holds:
 * Instance1 needs more than one tree and is proven at its optimum. */
Test(roster_solve, restarted_branch_and_price_proves_instance_1, .timeout = 600)
{
    roster_instance *ins = rt_load_curtois(1);
    if (!ins) cr_skip_test("benchmark instances not found");
    roster_solve_result res = solve_iter(ins, 3000000, 1);
    cr_assert(res.optimal, "not proven (%ld nodes, %d trees)", res.bnp_nodes, res.bnp_trees);
    cr_assert_gt(res.bnp_trees, 1);
    cr_assert_eq(res.objective, 607);
    agree_after_solve(ins, &res);
    roster_solve_result_free(&res);
    roster_instance_free(ins);
}

Test(roster_solve, same_seed_same_iterations_same_roster)
{
    roster_instance *ins = rt_load_curtois(2);
    if (!ins) ins = rt_load_file("care.txt");
    roster_solve_result a = solve_iter(ins, 60000, 42);
    roster_solve_result b = solve_iter(ins, 60000, 42);
    cr_assert_eq(a.objective, b.objective);
    cr_assert_eq(a.iterations, b.iterations);
    cr_assert_eq(roster_solution_diff(a.solution, b.solution), 0);
    roster_solve_result_free(&a);
    roster_solve_result_free(&b);
    roster_instance_free(ins);
}

Test(roster_solve, needs_a_limit)
{
    roster_instance *ins = rt_load_file("tiny.txt");
    roster_solve_options o;
    roster_solve_options_init(&o);
    o.time_limit = 0;
    roster_solve_result res;
    char err[256];
    cr_assert_eq(roster_solve(ins, &o, &res, err, sizeof(err)), ROSTER_ERANGE);
    cr_assert(strstr(err, "limit") != NULL);
    roster_instance_free(ins);
}

static void stop_on_progress(const roster_progress *pr, void *ctx)
{
    (void)pr;
    *(volatile sig_atomic_t *)ctx = 1;
}

Test(roster_solve, anytime_stop_returns_the_best)
{
    roster_instance *ins = rt_load_file("care.txt");
    volatile sig_atomic_t stop = 0;
    roster_solve_options o;
    roster_solve_options_init(&o);
    o.time_limit = 1e6; /* only the flag ends this run */
    o.stop = &stop;
    o.progress = stop_on_progress;
    o.progress_ctx = (void *)&stop;
    o.progress_interval = 1e-6;
    roster_solve_result res;
    char err[256];
    cr_assert_eq(roster_solve(ins, &o, &res, err, sizeof(err)), 0, "%s", err);
    cr_assert(stop);
    cr_assert_not_null(res.solution);
    agree_after_solve(ins, &res);
    roster_solve_result_free(&res);
    /* a flag raised before the start: the start roster comes back */
    stop = 1;
    o.progress = NULL;
    cr_assert_eq(roster_solve(ins, &o, &res, err, sizeof(err)), 0, "%s", err);
    cr_assert_not_null(res.solution);
    cr_assert_eq(res.objective >= 0, 1);
    roster_solve_result_free(&res);
    roster_instance_free(ins);
}

Test(roster_solve, repair_changes_few_assignments)
{
    roster_instance *ins = rt_load_curtois(3);
    if (!ins) ins = rt_load_file("care.txt");
    roster_solve_result pubres = solve_iter(ins, 200000, 3);
    cr_assert(pubres.feasible);
    /* the change: the first worked day of employee 0 becomes a day off */
    int e = 0, day = -1;
    for (int d = 0; d < ins->ndays && day < 0; d++)
        if (roster_solution_get(pubres.solution, e, d) != ROSTER_NONE) day = d;
    cr_assert_geq(day, 0);
    roster_day_off_add(ins, e, day);
    roster_solve_options o;
    roster_solve_options_init(&o);
    o.time_limit = 0;
    o.iterations = 100000;
    o.seed = 9;
    o.published = pubres.solution;
    roster_solve_result rep;
    char err[256];
    cr_assert_eq(roster_solve(ins, &o, &rep, err, sizeof(err)), 0, "%s", err);
    cr_assert(rep.feasible);
    cr_assert_eq(roster_solution_get(rep.solution, e, day), ROSTER_NONE);
    cr_assert_eq(rep.changes, roster_solution_diff(rep.solution, pubres.solution));
    agree_after_solve(ins, &rep);
    /* from scratch, the same change moves far more assignments */
    roster_solve_result fresh = solve_iter(ins, 100000, 9);
    int fresh_changes = roster_solution_diff(fresh.solution, pubres.solution);
    cr_assert_lt(rep.changes, fresh_changes, "repair %d changes, from scratch %d", rep.changes,
                 fresh_changes);
    cr_assert_leq(rep.changes, 12, "repair changed %d assignments", rep.changes);
    roster_solve_result_free(&fresh);
    roster_solve_result_free(&rep);
    roster_solve_result_free(&pubres);
    roster_instance_free(ins);
}

/* Regression: the annealing's block swap drew a block length from rng_int(D - 1),
 * which asserts on a one-day horizon; repair mode (which anneals) crashed. */
Test(roster_solve, one_day_horizon_in_repair_mode)
{
    roster_instance *ins = roster_instance_create("one day", 1);
    cr_assert_not_null(ins);
    int d = roster_shift_add(ins, "D", 480);
    int a = roster_employee_add(ins, "a");
    int b = roster_employee_add(ins, "b");
    cr_assert(d >= 0 && a >= 0 && b >= 0);
    cr_assert_eq(roster_cover_set(ins, 0, d, 1, 100, 100), 0);
    roster_solution *pub = roster_solution_create(ins);
    cr_assert_not_null(pub);
    roster_solution_set(pub, a, 0, d);
    roster_day_off_add(ins, a, 0); /* a cancels: b must take the shift */
    roster_solve_options o;
    roster_solve_options_init(&o);
    o.time_limit = 0;
    o.iterations = 20000;
    o.published = pub;
    roster_solve_result res;
    char err[256];
    cr_assert_eq(roster_solve(ins, &o, &res, err, sizeof(err)), 0, "%s", err);
    cr_assert(res.feasible);
    cr_assert_eq(res.objective, 0);
    cr_assert_eq(roster_solution_get(res.solution, b, 0), d);
    cr_assert_eq(res.changes, 2);
    roster_solve_result_free(&res);
    roster_solution_free(pub);
    roster_instance_free(ins);
}

Test(roster_solve, api_built_instance)
{
    /* The app builds instances from its database through the API. */
    roster_instance *ins = roster_instance_create("api", 7);
    int d = roster_shift_add(ins, "D", 480);
    int n = roster_shift_add(ins, "N", 600);
    roster_succession_forbid(ins, n, d);
    for (int i = 0; i < 3; i++) {
        char id[8];
        snprintf(id, sizeof(id), "E%d", i);
        int e = roster_employee_add(ins, id);
        ins->employees[e].max_total_minutes = 3000;
        ins->employees[e].max_consecutive = 4;
    }
    for (int day = 0; day < 7; day++) {
        roster_cover_set(ins, day, d, 1, 100, 1);
        roster_cover_set(ins, day, n, 1, 100, 1);
    }
    roster_request_add(ins, 0, ROSTER_NONE, n, 5, 0); /* E0 prefers no nights */
    roster_solve_result res = solve_iter(ins, 50000, 1);
    cr_assert(res.feasible);
    cr_assert_eq(res.objective, 0, "objective %lld", (long long)res.objective);
    agree_after_solve(ins, &res);
    roster_solve_result_free(&res);
    roster_instance_free(ins);
}

/* A year of two 8-hour shifts for 8 employees who must each work 232-234
 * of them: too long for whole-line pricing, so the run starts from the
 * paced start (whole lines by the band DP along an even pace), which is
 * feasible at once where the greedy roster is far from it; with few
 * iterations the result is feasible, agrees with the validator and
 * repeats exactly. */
static roster_instance *long_horizon(void)
{
    roster_instance *ins = roster_instance_create("year", 364);
    int d = roster_shift_add(ins, "D", 480);
    int n = roster_shift_add(ins, "N", 480);
    roster_succession_forbid(ins, n, d);
    for (int i = 0; i < 8; i++) {
        char id[8];
        snprintf(id, sizeof(id), "E%d", i);
        int e = roster_employee_add(ins, id);
        roster_employee *em = &ins->employees[e];
        em->min_total_minutes = 232 * 480;
        em->max_total_minutes = 234 * 480;
        em->max_consecutive = 5;
        em->min_consecutive = 2;
        em->min_consecutive_off = 2;
        em->max_weekends = 26 + i % 3;
    }
    for (int day = 0; day < 364; day++) {
        roster_cover_set(ins, day, d, 3, 100, 1);
        roster_cover_set(ins, day, n, 2, 100, 1);
    }
    return ins;
}

Test(roster_solve, long_horizon_paced_start)
{
    roster_instance *ins = long_horizon();
    roster_solve_result a = solve_iter(ins, 3000, 3);
    cr_assert(a.feasible, "no feasible roster after 3000 iterations (hard %lld)", (long long)a.hard);
    agree_after_solve(ins, &a);
    roster_solve_result b = solve_iter(ins, 3000, 3);
    cr_assert_eq(a.objective, b.objective);
    cr_assert_eq(roster_solution_diff(a.solution, b.solution), 0);
    roster_solve_result_free(&a);
    roster_solve_result_free(&b);
    roster_instance_free(ins);
}

/* ---- the command line ------------------------------------------------ */

static int cli(int argc, const char **argv)
{
    return roster_cli_main(argc, (char **)argv);
}

static const char *data_path(const char *name, char *out, size_t n)
{
    size_t len;
    char *t = rt_find(name, 0, &len);
    cr_assert_not_null(t);
    free(t);
    /* rt_find succeeded with one of these; find which */
    const char *dirs[] = {"tests/data/roster", "../tests/data/roster"};
    for (int i = 0; i < 2; i++) {
        snprintf(out, n, "%s/%s", dirs[i], name);
        if (access(out, R_OK) == 0) return out;
    }
    char here[1024];
    snprintf(here, sizeof(here), "%s", __FILE__);
    char *slash = strrchr(here, '/');
    if (slash) *slash = '\0';
    snprintf(out, n, "%s/../data/roster/%s", here, name);
    return out;
}

Test(roster_cli, usage_solve_check, .init = cr_redirect_stdout)
{
    cr_redirect_stderr();
    char inst[1200];
    data_path("tiny.txt", inst, sizeof(inst));
    char out[] = "/tmp/roster_cli_XXXXXX";
    int fd = mkstemp(out);
    cr_assert_geq(fd, 0);
    close(fd);
    cr_assert_eq(cli(1, (const char *[]){"roster", NULL}), 2);
    cr_assert_eq(cli(2, (const char *[]){"roster", "--help", NULL}), 0);
    cr_assert_eq(cli(3, (const char *[]){"roster", "solve", "--help", NULL}), 0);
    cr_assert_eq(cli(3, (const char *[]){"roster", "check", "--help", NULL}), 0);
    cr_assert_eq(cli(2, (const char *[]){"roster", "frobnicate", NULL}), 2);
    cr_assert_eq(cli(3, (const char *[]){"roster", "solve", "/nonexistent/x.txt", NULL}), 2);
    cr_assert_eq(cli(5, (const char *[]){"roster", "solve", inst, "--seed", "-3", NULL}), 2);
    cr_assert_eq(cli(5, (const char *[]){"roster", "solve", inst, "--time", "abc", NULL}), 2);
    cr_assert_eq(cli(5, (const char *[]){"roster", "solve", inst, "--colgen", "0.95", NULL}), 2);
    cr_assert_eq(cli(5, (const char *[]){"roster", "solve", inst, "--colgen", "x", NULL}), 2);
    cr_assert_eq(cli(10, (const char *[]){"roster", "solve", inst, "--iterations", "20000",
                                          "--colgen", "0", "--quiet", "--out", out, NULL}),
                 0);
    cr_assert_eq(cli(8, (const char *[]){"roster", "solve", inst, "--iterations", "20000",
                                         "--quiet", "--out", out, NULL}),
                 0);
    cr_assert_eq(cli(4, (const char *[]){"roster", "check", inst, out, NULL}), 0);
    cr_assert_eq(cli(3, (const char *[]){"roster", "check", inst, NULL}), 2);
    /* an infeasible roster: exit 1 */
    FILE *f = fopen(out, "w");
    fputs("employee,day,shift\nA,6,E\n", f);
    fclose(f);
    cr_assert_eq(cli(4, (const char *[]){"roster", "check", inst, out, NULL}), 1);
    /* a bad roster file: exit 2 */
    f = fopen(out, "w");
    fputs("employee,day,shift\nA,99,E\n", f);
    fclose(f);
    cr_assert_eq(cli(4, (const char *[]){"roster", "check", inst, out, NULL}), 2);
    unlink(out);
}
