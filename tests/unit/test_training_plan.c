#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/geo.h"
#include "base/random.h"
#include "training/plan.h"

#define MAXP 7
#define MAXS 4

/* The rules as plan.h states them, written again here for the oracle. */
static bool allowed(const plan_person *p, const plan_session *s)
{
    if (!(p->available & PLAN_BIT(s->weekday, s->daypart))) return false;
    if (!p->located || s->max_km == 0) return true;
    return geo_km(p->lat, p->lon, s->lat, s->lon) <= s->max_km;
}


static double farthest_known(int np, const plan_person *pe, int ns, const plan_session *se)
{
    double v[MAXP * MAXS];
    int n = 0;
    for (int p = 0; p < np; p++)
        for (int s = 0; s < ns; s++)
            if (pe[p].located && allowed(&pe[p], &se[s])) v[n++] = geo_km(pe[p].lat, pe[p].lon, se[s].lat, se[s].lon);
    if (n == 0) return 0;
    double far = 0;
    for (int i = 0; i < n; i++)
        if (v[i] > far) far = v[i];
    return far + 1;
}

typedef struct oracle {
    int np, ns;
    const plan_person *pe;
    const plan_session *se;
    double unknown_km;
    int left[MAXS];
    int best_placed;
    double best_cost;
} oracle;

/* Every way to send each participant to an allowed session with a place
 * left, or nowhere: the most placed, then the least cost. */
static void search(oracle *o, int p, int placed, double cost)
{
    if (p == o->np) {
        if (placed > o->best_placed || (placed == o->best_placed && cost < o->best_cost - 1e-9)) {
            o->best_placed = placed;
            o->best_cost = cost;
        }
        return;
    }
    search(o, p + 1, placed, cost);
    for (int s = 0; s < o->ns; s++) {
        if (o->left[s] == 0 || !allowed(&o->pe[p], &o->se[s])) continue;
        const plan_person *x = &o->pe[p];
        double c = x->located ? geo_km(x->lat, x->lon, o->se[s].lat, o->se[s].lon) : o->unknown_km;
        o->left[s]--;
        search(o, p + 1, placed + 1, cost + c);
        o->left[s]++;
    }
}

static void random_instance(rng *r, int *np, plan_person *pe, int *ns, plan_session *se)
{
    *np = (int)rng_below(r, MAXP + 1);
    *ns = (int)rng_below(r, MAXS + 1);
    for (int s = 0; s < *ns; s++) {
        se[s] = (plan_session){.id = 100 + s,
                               .lat = 51.8 + rng_unit(r) * 0.4,
                               .lon = 5.6 + rng_unit(r) * 0.7,
                               .capacity = (int)rng_below(r, 4),
                               .weekday = (int)rng_below(r, 2),
                               .daypart = (int)rng_below(r, 3),
                               .max_km = (double)(rng_below(r, 4) * 10)};
    }
    for (int p = 0; p < *np; p++) {
        pe[p] = (plan_person){.id = p + 1,
                              .located = rng_below(r, 5) != 0,
                              .lat = 51.8 + rng_unit(r) * 0.4,
                              .lon = 5.6 + rng_unit(r) * 0.7,
                              .available = (uint32_t)rng_next(r) & 0x3f}; /* Monday and Tuesday */
        if (!pe[p].located) pe[p].lat = pe[p].lon = 0;
    }
}

Test(plan, equals_brute_force_and_reasons_hold)
{
    rng r;
    rng_seed(&r, 2024);
    int full_seen = 0, unlocated_placed = 0, reasons_seen[5] = {0};
    for (int rep = 0; rep < 3000; rep++) {
        int np, ns;
        plan_person pe[MAXP];
        plan_session se[MAXS];
        random_instance(&r, &np, pe, &ns, se);
        int sess[MAXP];
        plan_reason why[MAXP];
        double km[MAXP];
        plan_summary sum;
        cr_assert_eq(plan_module(np, pe, ns, se, sess, why, km, &sum), 0);

        oracle o = {.np = np, .ns = ns, .pe = pe, .se = se, .unknown_km = farthest_known(np, pe, ns, se),
                    .best_placed = -1, .best_cost = INFINITY};
        for (int s = 0; s < ns; s++) o.left[s] = se[s].capacity;
        search(&o, 0, 0, 0);

        /* The plan is a plan: allowed pairs, capacities kept, km right. */
        int taken[MAXS] = {0}, placed = 0;
        double cost = 0, total = 0;
        for (int p = 0; p < np; p++) {
            reasons_seen[why[p]]++;
            if (sess[p] < 0) {
                cr_assert_neq(why[p], PLAN_PLACED);
                cr_assert_eq(km[p], 0);
                continue;
            }
            cr_assert(sess[p] < ns);
            cr_assert_eq(why[p], PLAN_PLACED);
            cr_assert(allowed(&pe[p], &se[sess[p]]), "rep %d: person %d in a session they cannot attend", rep, p);
            taken[sess[p]]++;
            placed++;
            if (pe[p].located) {
                double d = geo_km(pe[p].lat, pe[p].lon, se[sess[p]].lat, se[sess[p]].lon);
                cr_assert_float_eq(km[p], d, 1e-9);
                cost += d;
                total += d;
            } else {
                cost += o.unknown_km;
                unlocated_placed++;
            }
        }
        for (int s = 0; s < ns; s++) cr_assert_leq(taken[s], se[s].capacity);
        cr_assert_eq(placed, o.best_placed, "rep %d: placed %d, the most possible is %d", rep, placed, o.best_placed);
        cr_assert_float_eq(cost, o.best_cost, 1e-6, "rep %d: cost %.6f, the least is %.6f", rep, cost, o.best_cost);
        cr_assert_eq(sum.placed, placed);
        cr_assert_eq(sum.unplaced, np - placed);
        cr_assert_float_eq(sum.total_km, total, 1e-9);
        cr_assert_float_eq(sum.unlocated_km, o.unknown_km, 1e-9);

        /* The reasons, from the rules. */
        for (int p = 0; p < np; p++) {
            if (sess[p] >= 0) continue;
            bool at_time = false, any = false, room = false;
            for (int s = 0; s < ns; s++) {
                at_time |= (pe[p].available & PLAN_BIT(se[s].weekday, se[s].daypart)) != 0;
                if (allowed(&pe[p], &se[s])) {
                    any = true;
                    room |= taken[s] < se[s].capacity;
                }
            }
            plan_reason want = ns == 0 ? PLAN_NO_SESSIONS
                               : !at_time ? PLAN_NOT_AVAILABLE
                               : !any     ? PLAN_OUT_OF_REACH
                                          : PLAN_FULL;
            cr_assert_eq(why[p], want, "rep %d person %d: %s, expected %s", rep, p, plan_reason_name(why[p]),
                         plan_reason_name(want));
            if (want == PLAN_FULL) {
                cr_assert(!room, "rep %d: person %d left out while a session of theirs has room", rep, p);
                full_seen++;
            }
        }
    }
    /* The random instances reach every case. */
    cr_assert_gt(full_seen, 50);
    cr_assert_gt(unlocated_placed, 50);
    for (int k = 0; k < 5; k++) cr_assert_gt(reasons_seen[k], 20, "reason %s seen %d times", plan_reason_name(k),
                                            reasons_seen[k]);
}

static plan_person at(const char *postcode, uint32_t avail)
{
    plan_person p = {.available = avail};
    if (postcode) {
        cr_assert(geo_postcode(postcode, &p.lat, &p.lon));
        p.located = true;
    }
    return p;
}

static plan_session session_at(const char *postcode, int cap, int wd, int dp, double max_km)
{
    plan_session s = {.capacity = cap, .weekday = wd, .daypart = dp, .max_km = max_km};
    cr_assert(geo_postcode(postcode, &s.lat, &s.lon));
    return s;
}

Test(plan, names_each_reason)
{
    plan_person pe[4] = {
        at("6811 GH", PLAN_BIT(1, PLAN_EVENING)),   /* only Tuesday evening */
        at("9711 AB", PLAN_BIT(0, PLAN_MORNING)),   /* Groningen: too far */
        at("6822 EF", PLAN_BIT(0, PLAN_MORNING)),   /* Arnhem */
        at("6824 JK", PLAN_BIT(0, PLAN_MORNING)),   /* Arnhem, competes for the one place */
    };
    plan_session se[1] = {session_at("6811 AB", 1, 0, PLAN_MORNING, 30)};
    int sess[4];
    plan_reason why[4];
    plan_summary sum;
    cr_assert_eq(plan_module(4, pe, 1, se, sess, why, NULL, &sum), 0);
    cr_assert_eq(why[0], PLAN_NOT_AVAILABLE);
    cr_assert_eq(why[1], PLAN_OUT_OF_REACH);
    cr_assert_eq(sum.placed, 1);
    cr_assert((why[2] == PLAN_PLACED && why[3] == PLAN_FULL) || (why[2] == PLAN_FULL && why[3] == PLAN_PLACED));

    cr_assert_eq(plan_module(4, pe, 0, se, sess, why, NULL, &sum), 0);
    for (int p = 0; p < 4; p++) {
        cr_assert_eq(why[p], PLAN_NO_SESSIONS);
        cr_assert_eq(sess[p], -1);
    }
    cr_assert_eq(sum.unplaced, 4);

    se[0].max_km = 0; /* no limit: Groningen may come */
    se[0].capacity = 4;
    cr_assert_eq(plan_module(4, pe, 1, se, sess, why, NULL, &sum), 0);
    cr_assert_eq(why[1], PLAN_PLACED);
    cr_assert_eq(sum.placed, 3);
    cr_assert_str_eq(plan_reason_name(PLAN_OUT_OF_REACH), "out_of_reach");
}

Test(plan, placing_more_comes_before_less_travel)
{
    /* X may go to Arnhem (near) or Doetinchem (far); Y only to Arnhem.
     * With one place each, X travels far so that Y is placed too. */
    uint32_t mon = PLAN_BIT(0, PLAN_MORNING), tue = PLAN_BIT(1, PLAN_MORNING);
    plan_person pe[2] = {at("6811 GH", mon | tue), at("6822 EF", mon)};
    plan_session se[2] = {session_at("6811 AB", 1, 0, PLAN_MORNING, 0), session_at("7001 AB", 1, 1, PLAN_MORNING, 0)};
    int sess[2];
    plan_reason why[2];
    double km[2];
    plan_summary sum;
    cr_assert_eq(plan_module(2, pe, 2, se, sess, why, km, &sum), 0);
    cr_assert_eq(sess[0], 1);
    cr_assert_eq(sess[1], 0);
    cr_assert_eq(sum.placed, 2);
    cr_assert_gt(km[0], 20, "X goes to Doetinchem");
    cr_assert_float_eq(sum.total_km, km[0] + km[1], 1e-9);

    /* With room for both in Arnhem, both go there. */
    se[0].capacity = 2;
    cr_assert_eq(plan_module(2, pe, 2, se, sess, why, km, &sum), 0);
    cr_assert_eq(sess[0], 0);
    cr_assert_eq(sess[1], 0);
    cr_assert_lt(sum.total_km, 5);
}

Test(plan, unknown_postcodes_count_at_the_farthest_known_distance)
{
    uint32_t mon = PLAN_BIT(0, PLAN_MORNING);
    plan_person pe[3] = {at("6811 GH", mon), at("6511 AB", mon), at(NULL, mon)};
    plan_session se[1] = {session_at("6811 AB", 3, 0, PLAN_MORNING, 5)};
    int sess[3];
    plan_reason why[3];
    double km[3];
    plan_summary sum;
    cr_assert_eq(plan_module(3, pe, 1, se, sess, why, km, &sum), 0);
    cr_assert_eq(why[1], PLAN_OUT_OF_REACH, "Nijmegen is beyond 5 km");
    cr_assert_eq(why[2], PLAN_PLACED, "an unknown postcode cannot be ruled out by distance");
    cr_assert_eq(sum.placed_unlocated, 1);
    cr_assert_eq(km[2], 0);
    cr_assert_float_eq(sum.total_km, km[0], 1e-12, "unknown travel is not in the total");
    cr_assert_float_eq(sum.unlocated_km, km[0] + 1, 1e-12, "one km beyond the farthest (only) known allowed pair");
}

Test(plan, refuses_bad_input)
{
    plan_person pe[1] = {{.located = true, .lat = 52, .lon = 5.9, .available = PLAN_ALL_TIMES}};
    plan_session ok = {.lat = 52, .lon = 5.9, .capacity = 1};
    int sess[1];
    plan_reason why[1];
    cr_assert_eq(plan_module(1, pe, 1, &ok, sess, why, NULL, NULL), 0);
    cr_assert_eq(sess[0], 0);

    plan_session bad[6] = {ok, ok, ok, ok, ok, ok};
    bad[0].capacity = -1;
    bad[1].weekday = 7;
    bad[2].daypart = 3;
    bad[3].lat = NAN;
    bad[4].max_km = -1;
    bad[5].max_km = INFINITY;
    for (int k = 0; k < 6; k++) cr_assert_eq(plan_module(1, pe, 1, &bad[k], sess, why, NULL, NULL), -1, "case %d", k);
    pe[0].available = PLAN_ALL_TIMES + 1;
    cr_assert_eq(plan_module(1, pe, 1, &ok, sess, why, NULL, NULL), -1, "bits beyond the 21");
    pe[0].available = 1;
    pe[0].lon = INFINITY;
    cr_assert_eq(plan_module(1, pe, 1, &ok, sess, why, NULL, NULL), -1);
    pe[0].located = false; /* then the coordinates do not matter */
    cr_assert_eq(plan_module(1, pe, 1, &ok, sess, why, NULL, NULL), 0);
    cr_assert_eq(plan_module(-1, pe, 1, &ok, sess, why, NULL, NULL), -1);
    cr_assert_eq(plan_module(1, pe, 1, &ok, NULL, why, NULL, NULL), -1);
    plan_summary sum = {.placed = 9};
    cr_assert_eq(plan_module(0, NULL, 0, NULL, NULL, NULL, NULL, &sum), 0, "nobody to plan");
    cr_assert_eq(sum.placed, 0);
}

Test(plan, modules_are_planned_independently)
{
    rng r;
    rng_seed(&r, 77);
    plan_person pe[2][MAXP];
    plan_session se[2][MAXS];
    int np[2], ns[2], sess[2][MAXP], sess1[MAXP];
    plan_reason why[2][MAXP], why1[MAXP];
    plan_group g[2];
    for (int k = 0; k < 2; k++) {
        do random_instance(&r, &np[k], pe[k], &ns[k], se[k]);
        while (np[k] < 3 || ns[k] < 2);
        g[k] = (plan_group){.np = np[k], .people = pe[k], .ns = ns[k], .sessions = se[k], .session_of = sess[k],
                            .reason = why[k]};
    }
    cr_assert_eq(plan_modules(2, g), 0);
    for (int k = 0; k < 2; k++) {
        plan_summary s1;
        cr_assert_eq(plan_module(np[k], pe[k], ns[k], se[k], sess1, why1, NULL, &s1), 0);
        cr_assert_eq(memcmp(sess1, sess[k], (size_t)np[k] * sizeof sess1[0]), 0);
        cr_assert_eq(memcmp(why1, why[k], (size_t)np[k] * sizeof why1[0]), 0);
        cr_assert_eq(g[k].summary.placed, s1.placed);
    }
    g[1].ns = -1;
    cr_assert_eq(plan_modules(2, g), -1);
    cr_assert_eq(plan_modules(0, NULL), 0);
}
