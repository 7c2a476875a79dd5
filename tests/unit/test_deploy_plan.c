/* deploy plan: every rule of deploy_eligible and deploy_plan_check by hand,
 * with their boundaries (VOG exactly 3 months, rest exactly 11 hours, a
 * shift across midnight, the week the clocks go back, a birthday on the
 * shift's day); explain; the planner on small problems (never an ineligible
 * person, never a broken rule, all places when it can, priority, repair,
 * determinism, errors); random problems against brute force; the demo
 * summer's size. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "base/geo.h"
#include "base/random.h"
#include "base/time.h"
#include "deploy/plan.h"
#include "roster/model.h"

/* ---- building problems -------------------------------------------------------- */

/* An Amsterdam wall-clock time as UTC. */
static int64_t at(int y, int mo, int d, int h, int mi)
{
    int64_t t;
    cr_assert_eq(time_ams_to_utc(y, mo, d, h, mi, 0, &t), 0, "%04d-%02d-%02d %02d:%02d", y, mo, d, h, mi);
    return t;
}

static int64_t day(int y, int mo, int d)
{
    return time_days_from_civil(y, mo, d);
}

/* Available all day every day, shifts across midnight included. */
static const deploy_window always[7] = {{0, 0, 2880}, {1, 0, 2880}, {2, 0, 2880}, {3, 0, 2880},
                                        {4, 0, 2880}, {5, 0, 2880}, {6, 0, 2880}};

/* An adult with every document for the summer of 2026, always available,
 * without limits or skills. */
static deploy_person adult(int64_t id)
{
    deploy_person p;
    memset(&p, 0, sizeof p);
    p.id = id;
    p.birth_day = day(1990, 1, 1);
    p.max_week_minutes = -1;
    p.travel_km = -1;
    p.week = always;
    p.nweek = 7;
    p.vog_day = day(2026, 6, 1);
    p.identity_until = DEPLOY_OPEN_END;
    p.contract_from = day(2026, 1, 1);
    p.contract_until = DEPLOY_OPEN_END;
    p.first_day = DEPLOY_NO_DAY;
    return p;
}

/* One place, normal priority, organisation 1, location 1, no skills. */
static deploy_shift shift(int64_t id, int64_t starts, int64_t ends)
{
    deploy_shift s;
    memset(&s, 0, sizeof s);
    s.id = id;
    s.org_id = 1;
    s.location_id = 1;
    s.starts_at = starts;
    s.ends_at = ends;
    s.headcount = 1;
    s.priority = 1;
    return s;
}

/* Monday 6 July 2026 plus d days, from h1:m1 to h2:m2 (h2 may pass 24). */
static deploy_shift july(int64_t id, int d, int h1, int m1, int h2, int m2)
{
    int64_t start = at(2026, 7, 6, h1, m1) + (int64_t)d * 86400;
    int64_t end = at(2026, 7, 6, 0, 0) + (int64_t)d * 86400 + (int64_t)h2 * 3600 + m2 * 60;
    return shift(id, start, end);
}

static deploy_plan_options iterations(uint64_t n, uint64_t seed)
{
    deploy_plan_options o;
    deploy_plan_options_init(&o);
    o.time_limit = 0;
    o.iterations = n;
    o.seed = seed;
    return o;
}

static int check(const deploy_problem *pb, const deploy_assignment *a, int n)
{
    return deploy_plan_check(pb, a, n, NULL, 0);
}

static bool on(const deploy_plan_result *r, int s, int p)
{
    for (int i = 0; i < r->nassigned; i++)
        if (r->assigned[i].shift == s && r->assigned[i].person == p) return true;
    return false;
}

static int on_shift(const deploy_plan_result *r, int s)
{
    int n = 0;
    for (int i = 0; i < r->nassigned; i++) n += r->assigned[i].shift == s;
    return n;
}

/* Solves pb: the roster keeps every rule, and the engine proposed nothing
 * the final check had to take back (but `dropped` in the corners where its
 * days of 1440 minutes cannot see the rule). */
static void solve_dropping(const deploy_problem *pb, const deploy_plan_options *o, deploy_plan_result *r,
                           int dropped)
{
    char err[256];
    int rc = deploy_plan_solve(pb, o, r, err, sizeof err);
    cr_assert_eq(rc, 0, "solve: %s", err);
    cr_assert_eq(check(pb, r->assigned, r->nassigned), 0, "the roster breaks a rule");
    cr_assert_eq(r->filled, r->nassigned);
    cr_assert_eq(r->dropped, dropped, "the engine proposed %d assignments that break a rule", r->dropped);
}

static void solve_ok(const deploy_problem *pb, const deploy_plan_options *o, deploy_plan_result *r)
{
    solve_dropping(pb, o, r, 0);
}

/* ---- names and options ------------------------------------------------------------- */

Test(deploy_plan, rule_names)
{
    cr_assert_str_eq(deploy_rule_name(DEPLOY_RULE_OK), "ok");
    cr_assert_str_eq(deploy_rule_name(DEPLOY_RULE_VOG), "vog");
    cr_assert_str_eq(deploy_rule_name(DEPLOY_RULE_REST), "rest");
    cr_assert_str_eq(deploy_rule_name(DEPLOY_RULE_FULL), "full");
    for (int a = 0; a < DEPLOY_RULE_COUNT; a++) {
        cr_assert_str_neq(deploy_rule_name((deploy_rule)a), "unknown");
        for (int b = a + 1; b < DEPLOY_RULE_COUNT; b++)
            cr_assert_str_neq(deploy_rule_name((deploy_rule)a), deploy_rule_name((deploy_rule)b));
    }
    cr_assert_str_eq(deploy_rule_name(DEPLOY_RULE_COUNT), "unknown");
}

Test(deploy_plan, options_defaults)
{
    deploy_plan_options o;
    memset(&o, 0xff, sizeof o);
    deploy_plan_options_init(&o);
    cr_assert_eq(o.time_limit, 5);
    cr_assert_eq(o.iterations, 0);
    cr_assert_eq(o.seed, 1);
    cr_assert_null(o.stop);
    cr_assert_null(o.published);
    cr_assert_eq(o.npublished, 0);
}

/* ---- deploy_eligible, rule by rule ------------------------------------------------------- */

Test(deploy_plan, eligible_baseline)
{
    deploy_person p = adult(1);
    deploy_shift s = july(1, 0, 8, 0, 16, 0);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_OK);
}

Test(deploy_plan, vog)
{
    deploy_person p = adult(1);
    deploy_shift s = shift(1, at(2026, 7, 15, 8, 0), at(2026, 7, 15, 16, 0));
    p.vog_day = DEPLOY_NO_DAY;
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_VOG);
    p.vog_day = day(2026, 7, 16); /* issued after the shift */
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_VOG);
    p.vog_day = day(2026, 7, 15); /* on its day */
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_OK);
    /* no first day known: the shift's own day counts, exactly 3 months */
    p.vog_day = day(2026, 4, 15);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_OK);
    p.vog_day = day(2026, 4, 14);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_VOG);
    /* a first day known: 3 months before it */
    p.first_day = day(2026, 5, 10);
    p.vog_day = day(2026, 2, 10);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_OK);
    p.vog_day = day(2026, 2, 9);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_VOG);
    /* 31 May less 3 months is 28 February (2026 is no leap year) */
    p.first_day = day(2026, 5, 31);
    p.vog_day = day(2026, 2, 28);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_OK);
    p.vog_day = day(2026, 2, 27);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_VOG);
    /* across a new year: 15 January less 3 months is 15 October */
    deploy_shift w = shift(2, at(2027, 1, 15, 8, 0), at(2027, 1, 15, 16, 0));
    p.first_day = DEPLOY_NO_DAY;
    p.vog_day = day(2026, 10, 15);
    cr_assert_eq(deploy_eligible(&p, &w), DEPLOY_RULE_OK);
    p.vog_day = day(2026, 10, 14);
    cr_assert_eq(deploy_eligible(&p, &w), DEPLOY_RULE_VOG);
}

Test(deploy_plan, identity)
{
    deploy_person p = adult(1);
    deploy_shift s = july(1, 2, 8, 0, 16, 0); /* Wednesday 8 July */
    p.identity_until = DEPLOY_NO_DAY;
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_IDENTITY);
    p.identity_until = day(2026, 7, 8);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_OK);
    p.identity_until = day(2026, 7, 7);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_IDENTITY);
}

Test(deploy_plan, contract)
{
    deploy_person p = adult(1);
    deploy_shift s = july(1, 2, 8, 0, 16, 0); /* Wednesday 8 July */
    p.contract_from = DEPLOY_NO_DAY;
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_CONTRACT);
    p.contract_from = day(2026, 7, 8);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_OK);
    p.contract_from = day(2026, 7, 9);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_CONTRACT);
    p.contract_from = day(2026, 7, 1);
    p.contract_until = day(2026, 7, 8);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_OK);
    p.contract_until = day(2026, 7, 7);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_CONTRACT);
}

Test(deploy_plan, skills)
{
    deploy_person p = adult(1);
    deploy_shift s = july(1, 0, 8, 0, 16, 0);
    const int64_t need[] = {3, 5}, some[] = {5}, more[] = {9, 5, 3};
    s.skills = need;
    s.nskills = 2;
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_SKILL);
    p.skills = some;
    p.nskills = 1;
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_SKILL);
    p.skills = more;
    p.nskills = 3;
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_OK);
}

Test(deploy_plan, availability)
{
    deploy_person p = adult(1);
    const deploy_window monday[] = {{0, 8 * 60, 16 * 60}};
    p.week = monday;
    p.nweek = 1;
    deploy_shift s = july(1, 0, 8, 0, 16, 0);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_OK);
    s = july(1, 0, 7, 59, 16, 0);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_AVAILABILITY);
    s = july(1, 0, 8, 0, 16, 1);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_AVAILABILITY);
    s = july(1, 1, 8, 0, 16, 0); /* Tuesday */
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_AVAILABILITY);
    p.nweek = 0;
    s = july(1, 0, 8, 0, 16, 0);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_AVAILABILITY);
}

Test(deploy_plan, availability_local_days)
{
    /* Tuesday 00:30 in Amsterdam is Monday 22:30 UTC: a Tuesday shift */
    deploy_person p = adult(1);
    const deploy_window tuesday[] = {{1, 0, 8 * 60}}, monday[] = {{0, 0, 1440}};
    deploy_shift s = july(1, 1, 0, 30, 4, 0);
    p.week = tuesday;
    p.nweek = 1;
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_OK);
    p.week = monday;
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_AVAILABILITY);
}

Test(deploy_plan, availability_across_midnight)
{
    deploy_person p = adult(1);
    const deploy_window friday_night[] = {{4, 22 * 60, 30 * 60}}, friday_evening[] = {{4, 22 * 60, 24 * 60}};
    deploy_shift s = july(1, 4, 22, 0, 30, 0); /* Friday 22:00 - Saturday 06:00 */
    p.week = friday_night;
    p.nweek = 1;
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_OK);
    p.week = friday_evening;
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_AVAILABILITY);
    /* a Saturday shift inside Friday's window past midnight */
    p.week = friday_night;
    deploy_shift t = july(2, 5, 1, 0, 5, 0);
    cr_assert_eq(deploy_eligible(&p, &t), DEPLOY_RULE_OK);
    t = july(2, 5, 1, 0, 6, 1);
    cr_assert_eq(deploy_eligible(&p, &t), DEPLOY_RULE_AVAILABILITY);
}

Test(deploy_plan, availability_clocks_back)
{
    /* Saturday 24 October 2026 22:00 CEST to Sunday 07:00 CET: ten hours,
     * 22:00-31:00 on the wall clock */
    deploy_person p = adult(1);
    p.vog_day = day(2026, 10, 1);
    const deploy_window wide[] = {{5, 22 * 60, 31 * 60}}, narrow[] = {{5, 22 * 60, 31 * 60 - 1}};
    deploy_shift s = shift(1, at(2026, 10, 24, 22, 0), at(2026, 10, 25, 7, 0));
    cr_assert_eq(s.ends_at - s.starts_at, 10 * 3600);
    p.week = wide;
    p.nweek = 1;
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_OK);
    p.week = narrow;
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_AVAILABILITY);
}

Test(deploy_plan, exceptions)
{
    deploy_person p = adult(1);
    deploy_shift s = july(7, 2, 8, 0, 16, 0); /* Wednesday 8 July */
    deploy_range r[] = {{day(2026, 7, 9), day(2026, 7, 20)}};
    p.exceptions = r;
    p.nexceptions = 1;
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_OK);
    r[0].from_day = day(2026, 7, 8);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_EXCEPTION);
    r[0] = (deploy_range){day(2026, 7, 1), day(2026, 7, 8)};
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_EXCEPTION);
    r[0].to_day = day(2026, 7, 7);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_OK);
    const int64_t refused[] = {3, 7};
    p.refused = refused;
    p.nrefused = 1;
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_OK);
    p.nrefused = 2;
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_EXCEPTION);
}

Test(deploy_plan, travel)
{
    deploy_person p = adult(1);
    deploy_shift s = july(1, 0, 8, 0, 16, 0);
    p.located = true;
    p.lat = 52.16;
    p.lon = 4.49; /* Leiden */
    s.located = true;
    s.lat = 52.37;
    s.lon = 4.90; /* Amsterdam */
    double km = geo_km(p.lat, p.lon, s.lat, s.lon);
    cr_assert(km > 30 && km < 40, "%f", km);
    p.travel_km = (int)km;
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_TRAVEL);
    p.travel_km = (int)km + 1;
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_OK);
    p.travel_km = 0;
    s.located = false;
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_OK);
    s.located = true;
    p.located = false;
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_OK);
    p.located = true;
    p.travel_km = -1;
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_OK);
}

Test(deploy_plan, youth)
{
    deploy_person p = adult(1);
    p.birth_day = day(2008, 7, 8); /* 18 on Wednesday 8 July 2026 */
    deploy_shift night = july(1, 1, 22, 0, 26, 0);
    cr_assert_eq(deploy_eligible(&p, &night), DEPLOY_RULE_YOUTH_NIGHT);
    night = july(1, 2, 22, 0, 26, 0); /* the birthday */
    cr_assert_eq(deploy_eligible(&p, &night), DEPLOY_RULE_OK);
    /* night: any minute in [23:00, 06:00) */
    deploy_shift s = july(2, 1, 18, 0, 23, 0);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_OK);
    s = july(2, 1, 18, 0, 23, 1);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_YOUTH_NIGHT);
    s = july(2, 1, 6, 0, 14, 0);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_OK);
    s = july(2, 1, 5, 59, 14, 0);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_YOUTH_NIGHT);
    /* at most 540 minutes */
    s = july(2, 1, 8, 0, 17, 0);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_OK);
    s = july(2, 1, 8, 0, 17, 1);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_YOUTH_SHIFT);
    s = july(2, 2, 8, 0, 17, 1);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_OK);
    /* unknown birth date: an adult */
    p.birth_day = DEPLOY_NO_DAY;
    cr_assert_eq(deploy_eligible(&p, &night), DEPLOY_RULE_OK);
}

Test(deploy_plan, youth_leap_day)
{
    /* born 29 February 2008: 18 on 1 March 2026 */
    deploy_person p = adult(1);
    p.birth_day = day(2008, 2, 29);
    p.vog_day = day(2026, 2, 1);
    deploy_shift s = shift(1, at(2026, 2, 28, 22, 0), at(2026, 2, 28, 23, 30));
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_YOUTH_NIGHT);
    s = shift(1, at(2026, 3, 1, 22, 0), at(2026, 3, 1, 23, 30));
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_OK);
}

Test(deploy_plan, eligible_order)
{
    /* the first rule in the order of deploy_rule */
    deploy_person p = adult(1);
    deploy_shift s = july(1, 0, 22, 0, 30, 0);
    const int64_t need[] = {4};
    s.skills = need;
    s.nskills = 1;
    p.birth_day = day(2010, 1, 1);
    p.vog_day = DEPLOY_NO_DAY;
    p.contract_from = DEPLOY_NO_DAY;
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_VOG);
    p.vog_day = day(2026, 6, 1);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_CONTRACT);
    p.contract_from = day(2026, 1, 1);
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_SKILL);
    p.skills = need;
    p.nskills = 1;
    cr_assert_eq(deploy_eligible(&p, &s), DEPLOY_RULE_YOUTH_NIGHT);
}

/* ---- deploy_plan_check ---------------------------------------------------------------------- */

Test(deploy_plan, check_clean_and_bad_input)
{
    deploy_person people[] = {adult(1), adult(2)};
    deploy_shift shifts[] = {july(1, 0, 8, 0, 16, 0), july(2, 1, 8, 0, 16, 0)};
    deploy_problem pb = {shifts, 2, people, 2};
    deploy_assignment a[] = {{0, 0}, {1, 0}, {0, 1}};
    shifts[0].headcount = 2;
    cr_assert_eq(check(&pb, a, 3), 0);
    cr_assert_eq(check(&pb, a, 0), 0);
    deploy_assignment bad[] = {{2, 0}};
    cr_assert_eq(check(&pb, bad, 1), -1);
    bad[0] = (deploy_assignment){0, -1};
    cr_assert_eq(check(&pb, bad, 1), -1);
    cr_assert_eq(check(&pb, NULL, 1), -1);
    cr_assert_eq(check(&pb, a, -1), -1);
    cr_assert_eq(deploy_plan_check(NULL, a, 1, NULL, 0), -1);
    cr_assert_eq(deploy_plan_check(&pb, a, 1, NULL, 1), -1);
}

Test(deploy_plan, check_eligibility)
{
    deploy_person people[] = {adult(1), adult(2)};
    deploy_shift shifts[] = {july(1, 0, 8, 0, 16, 0)};
    deploy_problem pb = {shifts, 1, people, 2};
    people[1].vog_day = DEPLOY_NO_DAY;
    shifts[0].headcount = 2;
    deploy_assignment a[] = {{0, 0}, {0, 1}};
    deploy_violation v[4];
    cr_assert_eq(deploy_plan_check(&pb, a, 2, v, 4), 1);
    cr_assert_eq(v[0].rule, DEPLOY_RULE_VOG);
    cr_assert_eq(v[0].person, 1);
    cr_assert_eq(v[0].shift, 0);
    cr_assert_eq(v[0].other, -1);
}

Test(deploy_plan, check_same_day)
{
    deploy_person people[] = {adult(1)};
    deploy_shift shifts[] = {july(1, 0, 8, 0, 12, 0), july(2, 0, 18, 0, 22, 0), july(3, 1, 18, 0, 22, 0)};
    deploy_problem pb = {shifts, 3, people, 1};
    deploy_assignment a[] = {{1, 0}, {0, 0}};
    deploy_violation v[4];
    cr_assert_eq(deploy_plan_check(&pb, a, 2, v, 4), 1);
    cr_assert_eq(v[0].rule, DEPLOY_RULE_SAME_DAY);
    cr_assert_eq(v[0].shift, 1); /* the later one */
    cr_assert_eq(v[0].other, 0);
    /* the same shift twice: same day, and over its one place */
    deploy_assignment twice[] = {{2, 0}, {2, 0}};
    cr_assert_eq(deploy_plan_check(&pb, twice, 2, v, 4), 2);
    cr_assert_eq(v[0].rule, DEPLOY_RULE_SAME_DAY);
    cr_assert_eq(v[0].shift, 2);
    cr_assert_eq(v[0].other, 2);
    cr_assert_eq(v[1].rule, DEPLOY_RULE_FULL);
    shifts[2].headcount = 2;
    cr_assert_eq(deploy_plan_check(&pb, twice, 2, v, 4), 1);
}

Test(deploy_plan, check_rest)
{
    deploy_person people[] = {adult(1)};
    /* Monday 14:00-22:00, then Tuesday at 09:00 (660 minutes) or 08:59 */
    deploy_shift shifts[] = {july(1, 0, 14, 0, 22, 0), july(2, 1, 9, 0, 13, 0), july(3, 1, 8, 59, 13, 0)};
    deploy_problem pb = {shifts, 3, people, 1};
    deploy_assignment ok[] = {{0, 0}, {1, 0}}, short_rest[] = {{2, 0}, {0, 0}};
    deploy_violation v[2];
    cr_assert_eq(check(&pb, ok, 2), 0);
    cr_assert_eq(deploy_plan_check(&pb, short_rest, 2, v, 2), 1);
    cr_assert_eq(v[0].rule, DEPLOY_RULE_REST);
    cr_assert_eq(v[0].shift, 2);
    cr_assert_eq(v[0].other, 0);
}

Test(deploy_plan, check_rest_across_midnight)
{
    deploy_person people[] = {adult(1)};
    /* Monday 22:00 - Tuesday 06:00, then Tuesday 17:00 or 16:59 */
    deploy_shift shifts[] = {july(1, 0, 22, 0, 30, 0), july(2, 1, 17, 0, 21, 0), july(3, 1, 16, 59, 21, 0)};
    deploy_problem pb = {shifts, 3, people, 1};
    deploy_assignment ok[] = {{0, 0}, {1, 0}}, short_rest[] = {{0, 0}, {2, 0}};
    cr_assert_eq(check(&pb, ok, 2), 0);
    cr_assert_eq(check(&pb, short_rest, 2), 1);
}

Test(deploy_plan, check_busy)
{
    deploy_person people[] = {adult(1)};
    deploy_busy busy[] = {{at(2026, 7, 7, 14, 0), at(2026, 7, 7, 22, 0)}, {at(2026, 7, 8, 8, 0), at(2026, 7, 8, 12, 0)}};
    people[0].busy = busy;
    people[0].nbusy = 1;
    /* Wednesday 08:59 and 09:00 after Tuesday's busy 14:00-22:00; Tuesday morning */
    deploy_shift shifts[] = {july(1, 2, 8, 59, 12, 0), july(2, 2, 9, 0, 12, 0), july(3, 1, 6, 0, 9, 0),
                             july(4, 0, 8, 0, 12, 0)};
    deploy_problem pb = {shifts, 4, people, 1};
    deploy_violation v[2];
    deploy_assignment a[] = {{0, 0}};
    cr_assert_eq(deploy_plan_check(&pb, a, 1, v, 2), 1);
    cr_assert_eq(v[0].rule, DEPLOY_RULE_REST);
    cr_assert_eq(v[0].shift, 0);
    cr_assert_eq(v[0].other, -1);
    a[0].shift = 1;
    cr_assert_eq(check(&pb, a, 1), 0);
    a[0].shift = 2;
    cr_assert_eq(deploy_plan_check(&pb, a, 1, v, 2), 1);
    cr_assert_eq(v[0].rule, DEPLOY_RULE_SAME_DAY);
    cr_assert_eq(v[0].other, -1);
    /* two busy shifts too close to each other are not this roster's */
    people[0].nbusy = 2;
    a[0].shift = 3;
    cr_assert_eq(check(&pb, a, 1), 0);
}

Test(deploy_plan, check_week_hours)
{
    deploy_person people[] = {adult(1)};
    people[0].max_week_minutes = 20 * 60;
    /* Monday to Sunday 6-12 July, four hours a day, and Monday 13 July */
    deploy_shift shifts[8];
    for (int d = 0; d < 8; d++) shifts[d] = july(d + 1, d, 8, 0, 12, 0);
    deploy_problem pb = {shifts, 8, people, 1};
    deploy_assignment a[8];
    for (int d = 0; d < 8; d++) a[d] = (deploy_assignment){d, 0};
    deploy_assignment five[] = {{0, 0}, {1, 0}, {2, 0}, {3, 0}, {4, 0}, {7, 0}};
    cr_assert_eq(check(&pb, five, 6), 0); /* 20 hours, and 4 the next week */
    deploy_violation v[2];
    cr_assert_eq(deploy_plan_check(&pb, a, 7, v, 2), 1);
    cr_assert_eq(v[0].rule, DEPLOY_RULE_WEEK_HOURS);
    cr_assert_eq(v[0].shift, 6); /* the week's last */
    cr_assert_eq(v[0].other, -1);
    /* with busy hours (Saturday afternoon elsewhere): five shifts are too many */
    deploy_busy busy[] = {{at(2026, 7, 11, 14, 0), at(2026, 7, 11, 18, 0)}};
    people[0].busy = busy;
    people[0].nbusy = 1;
    deploy_assignment four[] = {{0, 0}, {1, 0}, {2, 0}, {3, 0}};
    cr_assert_eq(check(&pb, four, 4), 0);
    cr_assert_eq(check(&pb, five, 5), 1);
}

Test(deploy_plan, check_week_when_clocks_go_back)
{
    /* week of 19-25 October 2026: Monday-Thursday 08:00-16:00 and Saturday
     * 22:00 - Sunday 07:00, which is 9 hours on the wall clock but 10
     * worked: 41 hours on the wall, 42 worked */
    deploy_person people[] = {adult(1)};
    people[0].vog_day = day(2026, 10, 1);
    deploy_shift shifts[5];
    for (int d = 0; d < 4; d++) shifts[d] = shift(d + 1, at(2026, 10, 19 + d, 8, 0), at(2026, 10, 19 + d, 16, 0));
    shifts[4] = shift(5, at(2026, 10, 24, 22, 0), at(2026, 10, 25, 7, 0));
    deploy_problem pb = {shifts, 5, people, 1};
    deploy_assignment a[] = {{0, 0}, {1, 0}, {2, 0}, {3, 0}, {4, 0}};
    people[0].max_week_minutes = 41 * 60;
    cr_assert_eq(check(&pb, a, 5), 1);
    people[0].max_week_minutes = 42 * 60;
    cr_assert_eq(check(&pb, a, 5), 0);
}

Test(deploy_plan, check_youth_week)
{
    deploy_person people[] = {adult(1)};
    people[0].birth_day = day(2008, 7, 8); /* 18 on Wednesday 8 July 2026 */
    /* Monday-Saturday 6-11 July 08:00-15:00: 42 hours */
    deploy_shift shifts[13];
    for (int d = 0; d < 13; d++) shifts[d] = july(d + 1, d, 8, 0, 15, 0);
    deploy_problem pb = {shifts, 13, people, 1};
    deploy_assignment a[13];
    for (int d = 0; d < 13; d++) a[d] = (deploy_assignment){d, 0};
    deploy_violation v[2];
    cr_assert_eq(deploy_plan_check(&pb, a, 6, v, 2), 1); /* under 18 on its Monday */
    cr_assert_eq(v[0].rule, DEPLOY_RULE_YOUTH_WEEK);
    cr_assert_eq(v[0].shift, 5);
    /* 40 hours is allowed: five 8-hour shifts */
    deploy_shift eight[5];
    for (int d = 0; d < 5; d++) eight[d] = july(d + 1, d, 8, 0, 16, 0);
    deploy_problem pb8 = {eight, 5, people, 1};
    cr_assert_eq(check(&pb8, a, 5), 0);
    /* the next week (from 13 July) they are 18: 42 hours are fine */
    cr_assert_eq(check(&pb, a + 7, 6), 0);
    /* 18 on the Monday itself: not a youth week */
    people[0].birth_day = day(2008, 7, 6);
    cr_assert_eq(check(&pb, a, 6), 0);
}

Test(deploy_plan, check_full_and_storage)
{
    deploy_person people[] = {adult(1), adult(2), adult(3)};
    deploy_shift shifts[] = {july(1, 0, 8, 0, 16, 0)};
    deploy_problem pb = {shifts, 1, people, 3};
    shifts[0].headcount = 1;
    deploy_assignment a[] = {{0, 2}, {0, 0}, {0, 1}};
    deploy_violation v[1];
    cr_assert_eq(deploy_plan_check(&pb, a, 3, v, 1), 2); /* two too many, one stored */
    cr_assert_eq(v[0].rule, DEPLOY_RULE_FULL);
    cr_assert_eq(v[0].person, 0);
    cr_assert_eq(v[0].shift, 0);
}

/* ---- deploy_plan_explain ---------------------------------------------------------------------- */

Test(deploy_plan, explain)
{
    const int64_t need[] = {1};
    deploy_person people[8];
    for (int p = 0; p < 8; p++) {
        people[p] = adult(p + 1);
        people[p].skills = need;
        people[p].nskills = 1;
    }
    people[0].vog_day = DEPLOY_NO_DAY;
    people[7].vog_day = DEPLOY_NO_DAY;
    people[1].nskills = 0;
    people[5].max_week_minutes = 10 * 60;
    /* Wednesday 14:00-22:00, two places */
    deploy_shift shifts[] = {july(1, 2, 14, 0, 22, 0), july(2, 2, 7, 0, 11, 0), july(3, 3, 6, 0, 10, 0),
                             july(4, 0, 8, 0, 14, 0)};
    shifts[0].skills = need;
    shifts[0].nskills = 1;
    shifts[0].headcount = 2;
    deploy_problem pb = {shifts, 4, people, 8};
    /* 2 on it, 3 on another shift that day, 4 the next morning too early,
     * 5 already 6 hours that week, 6 free */
    deploy_assignment a[] = {{0, 2}, {1, 3}, {2, 4}, {3, 5}};
    cr_assert_eq(check(&pb, a, 4), 0);
    int counts[DEPLOY_RULE_COUNT];
    cr_assert_eq(deploy_plan_explain(&pb, a, 4, 0, counts), DEPLOY_RULE_VOG);
    cr_assert_eq(counts[DEPLOY_RULE_VOG], 2);
    cr_assert_eq(counts[DEPLOY_RULE_SKILL], 1);
    cr_assert_eq(counts[DEPLOY_RULE_SAME_DAY], 1);
    cr_assert_eq(counts[DEPLOY_RULE_REST], 1);
    cr_assert_eq(counts[DEPLOY_RULE_WEEK_HOURS], 1);
    cr_assert_eq(counts[DEPLOY_RULE_OK], 1);
    int total = 0;
    for (int r = 0; r < DEPLOY_RULE_COUNT; r++) total += counts[r];
    cr_assert_eq(total, 7); /* everyone but person 2, who is on it */
    /* a tie goes to the earlier rule; nobody kept off: OK */
    people[7].vog_day = day(2026, 6, 1);
    cr_assert_eq(deploy_plan_explain(&pb, a, 4, 0, counts), DEPLOY_RULE_VOG);
    people[0].vog_day = day(2026, 6, 1);
    cr_assert_eq(deploy_plan_explain(&pb, a, 4, 0, counts), DEPLOY_RULE_SKILL);
    deploy_problem alone = {shifts, 4, people + 6, 1};
    cr_assert_eq(deploy_plan_explain(&alone, NULL, 0, 0, counts), DEPLOY_RULE_OK);
    cr_assert_eq(counts[DEPLOY_RULE_OK], 1);
    /* a full shift: the free people are kept off by its places */
    deploy_assignment full[] = {{0, 2}, {0, 6}};
    cr_assert_eq(deploy_plan_explain(&pb, full, 2, 0, counts), DEPLOY_RULE_FULL);
    cr_assert_eq(counts[DEPLOY_RULE_SKILL], 1);
    cr_assert_eq(counts[DEPLOY_RULE_FULL], 5);
    cr_assert_eq(counts[DEPLOY_RULE_OK], 0);
    /* the youth week, and bad input */
    people[6].birth_day = day(2010, 1, 1);
    deploy_shift days[] = {july(1, 0, 8, 0, 16, 0), july(2, 1, 8, 0, 16, 0), july(3, 2, 8, 0, 16, 0),
                           july(4, 3, 8, 0, 16, 0), july(5, 4, 8, 0, 16, 0), july(6, 5, 8, 0, 9, 0)};
    deploy_problem young = {days, 6, people + 6, 1};
    deploy_assignment week[] = {{0, 0}, {1, 0}, {2, 0}, {3, 0}, {4, 0}};
    cr_assert_eq(deploy_plan_explain(&young, week, 5, 5, counts), DEPLOY_RULE_YOUTH_WEEK);
    cr_assert_eq(deploy_plan_explain(&young, week, 5, 6, counts), DEPLOY_RULE_OK);
    cr_assert_eq(counts[DEPLOY_RULE_OK], 0);
    deploy_assignment bad[] = {{0, 3}};
    cr_assert_eq(deploy_plan_explain(&young, bad, 1, 0, counts), DEPLOY_RULE_OK);
}

/* ---- deploy_plan_solve on small problems ---------------------------------------------------------- */

Test(deploy_plan, solve_never_without_documents)
{
    /* three places, but one person without a VOG and one whose identity
     * document has expired: only one place is filled */
    deploy_person people[] = {adult(1), adult(2), adult(3)};
    people[0].vog_day = DEPLOY_NO_DAY;
    people[2].identity_until = day(2026, 7, 1);
    deploy_shift shifts[] = {july(1, 0, 8, 0, 16, 0), july(2, 1, 8, 0, 16, 0)};
    shifts[0].headcount = 3;
    shifts[1].headcount = 3;
    deploy_problem pb = {shifts, 2, people, 3};
    for (uint64_t seed = 1; seed <= 4; seed++) {
        deploy_plan_options o = iterations(20000, seed);
        deploy_plan_result r;
        solve_ok(&pb, &o, &r);
        cr_assert_eq(r.needed, 6);
        cr_assert_eq(r.filled, 2);
        cr_assert(on(&r, 0, 1) && on(&r, 1, 1));
        deploy_plan_result_free(&r);
        cr_assert_null(r.assigned);
    }
}

Test(deploy_plan, solve_fills_a_week)
{
    /* a week of early (07:00-15:00) and late (15:00-23:00) shifts, one
     * place each, four people of at most 40 hours: a late shift is never
     * followed by an early one (8 hours' rest) */
    deploy_person people[4];
    for (int p = 0; p < 4; p++) {
        people[p] = adult(p + 1);
        people[p].max_week_minutes = 40 * 60;
    }
    deploy_shift shifts[14];
    for (int d = 0; d < 7; d++) {
        shifts[2 * d] = july(2 * d + 1, d, 7, 0, 15, 0);
        shifts[2 * d + 1] = july(2 * d + 2, d, 15, 0, 23, 0);
    }
    deploy_problem pb = {shifts, 14, people, 4};
    deploy_plan_options o = iterations(30000, 1);
    deploy_plan_result r;
    solve_ok(&pb, &o, &r);
    cr_assert_eq(r.needed, 14);
    cr_assert_eq(r.filled, 14);
    cr_assert_eq(r.changes, 0);
    deploy_plan_result_free(&r);
}

Test(deploy_plan, solve_rest_and_week_limits)
{
    /* one person of at most 16 hours: Monday late, Tuesday early (8 hours'
     * rest), Wednesday to Friday days, 8 hours each: two of them */
    deploy_person people[] = {adult(1)};
    people[0].max_week_minutes = 16 * 60;
    deploy_shift shifts[] = {july(1, 0, 15, 0, 23, 0), july(2, 1, 7, 0, 15, 0), july(3, 2, 8, 0, 16, 0),
                             july(4, 3, 8, 0, 16, 0), july(5, 4, 8, 0, 16, 0)};
    deploy_problem pb = {shifts, 5, people, 1};
    deploy_plan_options o = iterations(20000, 1);
    deploy_plan_result r;
    solve_ok(&pb, &o, &r);
    cr_assert_eq(r.filled, 2);
    deploy_plan_result_free(&r);
    /* without the week limit: Monday or Tuesday, and the other three */
    people[0].max_week_minutes = -1;
    solve_ok(&pb, &o, &r);
    cr_assert_eq(r.filled, 4);
    cr_assert(!(on(&r, 0, 0) && on(&r, 1, 0)));
    deploy_plan_result_free(&r);
}

Test(deploy_plan, solve_priority)
{
    /* one person, two shifts at the same time on each of two days */
    deploy_person people[] = {adult(1)};
    deploy_shift shifts[] = {july(1, 0, 8, 0, 16, 0), july(2, 0, 8, 0, 16, 0), july(3, 1, 8, 0, 16, 0),
                             july(4, 1, 8, 0, 16, 0)};
    shifts[0].priority = 0;
    shifts[1].priority = 2;
    shifts[1].location_id = 2;
    shifts[2].priority = 1;
    shifts[3].priority = 0;
    shifts[3].location_id = 2;
    deploy_problem pb = {shifts, 4, people, 1};
    deploy_plan_options o = iterations(20000, 1);
    deploy_plan_result r;
    solve_ok(&pb, &o, &r);
    cr_assert_eq(r.filled, 2);
    cr_assert(on(&r, 1, 0) && on(&r, 2, 0));
    deploy_plan_result_free(&r);
}

Test(deploy_plan, solve_objective)
{
    /* one person, two shifts at the same time: one place (300) stays empty,
     * and the fair share is both shifts' 16 hours against 8 worked (8 x 2) */
    deploy_person people[] = {adult(1)};
    deploy_shift shifts[] = {july(1, 0, 8, 0, 16, 0), july(2, 0, 8, 0, 16, 0)};
    shifts[1].location_id = 2;
    deploy_problem pb = {shifts, 2, people, 1};
    deploy_plan_options o = iterations(5000, 1);
    deploy_plan_result r;
    solve_ok(&pb, &o, &r);
    cr_assert_eq(r.filled, 1);
    cr_assert_eq(r.objective, 316);
    cr_assert(r.seconds >= 0);
    deploy_plan_result_free(&r);
}

Test(deploy_plan, solve_preferences_and_travel)
{
    deploy_person people[] = {adult(1)};
    deploy_shift shifts[] = {july(1, 0, 8, 0, 16, 0), july(2, 0, 8, 0, 16, 0), july(3, 1, 8, 0, 16, 0),
                             july(4, 1, 8, 0, 16, 0), july(5, 2, 8, 0, 16, 0), july(6, 2, 8, 0, 16, 0)};
    /* Monday: organisation 2 preferred; Tuesday: location 4 preferred;
     * Wednesday: the nearer of two places (Leiden, from Leiden) */
    const int64_t orgs[] = {2}, locations[] = {4, 5, 6, 7, 8};
    shifts[1].org_id = 2;
    shifts[1].location_id = 2;
    shifts[2].location_id = 3;
    shifts[3].location_id = 4;
    shifts[4].location_id = 5;
    shifts[5].location_id = 6;
    shifts[4].located = shifts[5].located = people[0].located = true;
    shifts[4].lat = 52.37, shifts[4].lon = 4.90;
    shifts[5].lat = 52.17, shifts[5].lon = 4.48;
    people[0].lat = 52.16, people[0].lon = 4.49;
    people[0].pref_orgs = orgs;
    people[0].npref_orgs = 1;
    deploy_problem pb = {shifts, 6, people, 1};
    deploy_plan_options o = iterations(20000, 1);
    deploy_plan_result r;
    solve_ok(&pb, &o, &r);
    cr_assert(on(&r, 1, 0));
    deploy_plan_result_free(&r);
    people[0].npref_orgs = 0;
    people[0].pref_locations = locations;
    people[0].npref_locations = 5;
    solve_ok(&pb, &o, &r);
    cr_assert(on(&r, 3, 0) && on(&r, 5, 0));
    cr_assert_eq(r.filled, 3);
    deploy_plan_result_free(&r);
}

Test(deploy_plan, solve_fair_spread)
{
    deploy_person people[] = {adult(1), adult(2)};
    deploy_shift shifts[] = {july(1, 0, 8, 0, 16, 0), july(2, 1, 8, 0, 16, 0)};
    deploy_problem pb = {shifts, 2, people, 2};
    deploy_plan_options o = iterations(20000, 1);
    deploy_plan_result r;
    solve_ok(&pb, &o, &r);
    cr_assert_eq(r.filled, 2);
    cr_assert_neq(r.assigned[0].person, r.assigned[1].person);
    deploy_plan_result_free(&r);
}

Test(deploy_plan, solve_partial_availability)
{
    /* available Monday 08:00-12:00 only: of Monday 08-12, Monday 13-17 and
     * Tuesday 08-12 only the first; and someone who refused a shift that
     * lies inside another of that day is never put on it, even at high
     * priority */
    deploy_person people[] = {adult(1)};
    const deploy_window monday[] = {{0, 8 * 60, 12 * 60}};
    people[0].week = monday;
    people[0].nweek = 1;
    deploy_shift shifts[] = {july(1, 0, 8, 0, 12, 0), july(2, 0, 13, 0, 17, 0), july(3, 1, 8, 0, 12, 0),
                             july(4, 2, 7, 0, 15, 0), july(5, 2, 8, 0, 12, 0), july(6, 3, 8, 0, 12, 0)};
    deploy_problem pb = {shifts, 3, people, 1};
    deploy_plan_options o = iterations(20000, 1);
    deploy_plan_result r;
    solve_ok(&pb, &o, &r);
    cr_assert_eq(r.filled, 1);
    cr_assert(on(&r, 0, 0));
    deploy_plan_result_free(&r);
    const int64_t refused[] = {5};
    people[0].week = always;
    people[0].nweek = 7;
    people[0].refused = refused;
    people[0].nrefused = 1;
    shifts[4].priority = 2;
    deploy_problem nested = {shifts + 3, 3, people, 1};
    solve_ok(&nested, &o, &r);
    cr_assert_eq(r.filled, 2);
    cr_assert(on(&r, 0, 0) && on(&r, 2, 0));
    deploy_plan_result_free(&r);
}

Test(deploy_plan, solve_matches_shifts_of_a_kind)
{
    /* two shifts of one kind on one day; person 1 refused the second, so
     * person 0 must take it */
    deploy_person people[] = {adult(1), adult(2)};
    const int64_t refused[] = {2};
    people[1].refused = refused;
    people[1].nrefused = 1;
    deploy_shift shifts[] = {july(1, 0, 8, 0, 16, 0), july(2, 0, 8, 0, 16, 0)};
    deploy_problem pb = {shifts, 2, people, 2};
    deploy_plan_options o = iterations(20000, 1);
    deploy_plan_result r;
    solve_ok(&pb, &o, &r);
    cr_assert_eq(r.filled, 2);
    cr_assert(on(&r, 0, 1) && on(&r, 1, 0));
    deploy_plan_result_free(&r);
}

Test(deploy_plan, solve_busy)
{
    /* busy Tuesday 14:00-22:00 elsewhere: not on Tuesday morning, not on
     * Wednesday 08:00 (10 hours' rest), on Wednesday 09:00 */
    deploy_person people[] = {adult(1)};
    deploy_busy busy[] = {{at(2026, 7, 7, 14, 0), at(2026, 7, 7, 22, 0)}};
    people[0].busy = busy;
    people[0].nbusy = 1;
    deploy_shift shifts[] = {july(1, 1, 8, 0, 12, 0), july(2, 2, 8, 0, 12, 0), july(3, 3, 9, 0, 13, 0)};
    deploy_problem pb = {shifts, 3, people, 1};
    deploy_plan_options o = iterations(20000, 1);
    deploy_plan_result r;
    solve_ok(&pb, &o, &r);
    cr_assert_eq(r.filled, 1);
    cr_assert(on(&r, 2, 0));
    deploy_plan_result_free(&r);
}

Test(deploy_plan, solve_busy_week)
{
    /* at most 20 hours; 16 busy in the first week: nothing more there (8 h
     * shifts), both shifts of the second week */
    deploy_person people[] = {adult(1)};
    people[0].max_week_minutes = 20 * 60;
    deploy_busy busy[] = {{at(2026, 7, 6, 8, 0), at(2026, 7, 6, 16, 0)}, {at(2026, 7, 7, 8, 0), at(2026, 7, 7, 16, 0)}};
    people[0].busy = busy;
    people[0].nbusy = 2;
    deploy_shift shifts[] = {july(1, 2, 8, 0, 16, 0), july(2, 3, 8, 0, 12, 0), july(3, 7, 8, 0, 16, 0),
                             july(4, 8, 8, 0, 16, 0)};
    deploy_problem pb = {shifts, 4, people, 1};
    deploy_plan_options o = iterations(20000, 1);
    deploy_plan_result r;
    solve_ok(&pb, &o, &r);
    cr_assert_eq(r.filled, 3);
    cr_assert(on(&r, 1, 0) && on(&r, 2, 0) && on(&r, 3, 0));
    deploy_plan_result_free(&r);
}

Test(deploy_plan, solve_youth)
{
    /* under 18: of a night and a day shift on Monday the day shift; of 6
     * days of 7 hours, 5 (40 hours at most) */
    deploy_person people[] = {adult(1)};
    people[0].birth_day = day(2010, 3, 1);
    deploy_shift shifts[] = {july(1, 0, 22, 0, 30, 0), july(2, 0, 8, 0, 15, 0), july(3, 1, 8, 0, 15, 0),
                             july(4, 2, 8, 0, 15, 0), july(5, 3, 8, 0, 15, 0), july(6, 4, 8, 0, 15, 0),
                             july(7, 5, 8, 0, 15, 0)};
    shifts[0].priority = 2;
    deploy_problem pb = {shifts, 7, people, 1};
    deploy_plan_options o = iterations(20000, 1);
    deploy_plan_result r;
    solve_ok(&pb, &o, &r);
    cr_assert_eq(r.filled, 5);
    cr_assert(!on(&r, 0, 0));
    deploy_plan_result_free(&r);
}

Test(deploy_plan, solve_clocks_forward)
{
    /* Saturday 28 March 2026 14:00-22:00 CET and Sunday 09:30 CEST: 11.5
     * hours on the wall clock but 10.5 elapsed; the engine's days of 1440
     * minutes cannot see it, the final check drops one */
    deploy_person people[] = {adult(1)};
    people[0].vog_day = day(2026, 3, 1);
    deploy_shift shifts[] = {shift(1, at(2026, 3, 28, 14, 0), at(2026, 3, 28, 22, 0)),
                             shift(2, at(2026, 3, 29, 9, 30), at(2026, 3, 29, 13, 30))};
    deploy_problem pb = {shifts, 2, people, 1};
    deploy_plan_options o = iterations(20000, 1);
    deploy_plan_result r;
    solve_dropping(&pb, &o, &r, 1);
    cr_assert_eq(r.filled, 1);
    deploy_plan_result_free(&r);
}

Test(deploy_plan, solve_rest_two_days_on)
{
    /* Monday 14:00 to Tuesday 14:00, then Wednesday 00:30: 10.5 hours */
    deploy_person people[] = {adult(1)};
    deploy_shift shifts[] = {july(1, 0, 14, 0, 38, 0), july(2, 2, 0, 30, 4, 0)};
    deploy_problem pb = {shifts, 2, people, 1};
    deploy_plan_options o = iterations(20000, 1);
    deploy_plan_result r;
    solve_dropping(&pb, &o, &r, 1);
    cr_assert_eq(r.filled, 1);
    deploy_plan_result_free(&r);
}

Test(deploy_plan, solve_repair_cancellation)
{
    /* Monday to Friday, one place a day; three people */
    deploy_person people[] = {adult(1), adult(2), adult(3)};
    deploy_shift shifts[5];
    for (int d = 0; d < 5; d++) shifts[d] = july(d + 1, d, 8, 0, 16, 0);
    deploy_problem pb = {shifts, 5, people, 3};
    deploy_plan_options o = iterations(20000, 1);
    deploy_plan_result first;
    solve_ok(&pb, &o, &first);
    cr_assert_eq(first.filled, 5);
    /* the person on Wednesday cancels */
    int x = -1;
    for (int i = 0; i < first.nassigned; i++)
        if (first.assigned[i].shift == 2) x = first.assigned[i].person;
    cr_assert_geq(x, 0);
    const int64_t refused[] = {3};
    people[x].refused = refused;
    people[x].nrefused = 1;
    o.published = first.assigned;
    o.npublished = first.nassigned;
    deploy_plan_result r;
    solve_ok(&pb, &o, &r);
    cr_assert(!on(&r, 2, x));
    cr_assert_eq(r.filled, 5);
    cr_assert_eq(r.changes, 2); /* the cancelled one dropped, one replacement added */
    for (int i = 0; i < first.nassigned; i++)
        if (first.assigned[i].shift != 2) cr_assert(on(&r, first.assigned[i].shift, first.assigned[i].person));
    deploy_plan_result_free(&r);
    /* nobody else may work Wednesday: the place stays empty, one change */
    deploy_range wed[] = {{day(2026, 7, 8), day(2026, 7, 8)}};
    for (int p = 0; p < 3; p++)
        if (p != x) {
            people[p].exceptions = wed;
            people[p].nexceptions = 1;
        }
    solve_ok(&pb, &o, &r);
    cr_assert_eq(r.filled, 4);
    cr_assert_eq(r.changes, 1);
    cr_assert_eq(on_shift(&r, 2), 0);
    deploy_plan_result_free(&r);
    deploy_plan_result_free(&first);
}

Test(deploy_plan, solve_repair_keeps_the_published_shift)
{
    /* two shifts of one kind: the published person stays on theirs */
    deploy_person people[] = {adult(1), adult(2)};
    deploy_shift shifts[] = {july(1, 0, 8, 0, 16, 0), july(2, 0, 8, 0, 16, 0)};
    deploy_problem pb = {shifts, 2, people, 2};
    deploy_plan_options o = iterations(20000, 1);
    deploy_assignment published[] = {{1, 0}, {0, 1}};
    o.published = published;
    o.npublished = 2;
    deploy_plan_result r;
    solve_ok(&pb, &o, &r);
    cr_assert(on(&r, 1, 0) && on(&r, 0, 1));
    cr_assert_eq(r.changes, 0);
    deploy_plan_result_free(&r);
}

Test(deploy_plan, solve_kinds_limit)
{
    /* 100 kinds (start times a minute apart) are fine, 101 are not */
    deploy_person people[] = {adult(1)};
    deploy_shift shifts[101];
    for (int i = 0; i < 101; i++) shifts[i] = shift(i + 1, at(2026, 7, 6, 6, 0) + 60 * i, at(2026, 7, 6, 10, 0) + 60 * i);
    deploy_problem pb = {shifts, 100, people, 1};
    deploy_plan_options o = iterations(2000, 1);
    deploy_plan_result r;
    solve_ok(&pb, &o, &r);
    cr_assert_eq(r.filled, 1);
    deploy_plan_result_free(&r);
    pb.nshifts = 101;
    char err[256];
    cr_assert_eq(deploy_plan_solve(&pb, &o, &r, err, sizeof err), ROSTER_ELIMIT);
    cr_assert(strstr(err, "101 kinds"), "%s", err);
    cr_assert_null(r.assigned);
}

Test(deploy_plan, solve_errors)
{
    deploy_person people[] = {adult(1)};
    deploy_shift shifts[] = {july(1, 0, 8, 0, 16, 0), july(2, 1, 8, 0, 16, 0)};
    deploy_problem pb = {shifts, 2, people, 1};
    deploy_plan_options o = iterations(1000, 1);
    deploy_plan_result r;
    char err[256];
    cr_assert_eq(deploy_plan_solve(NULL, &o, &r, err, sizeof err), ROSTER_EINPUT);
    cr_assert_eq(deploy_plan_solve(&pb, NULL, &r, err, sizeof err), ROSTER_EINPUT);
    shifts[1].ends_at = shifts[1].starts_at;
    cr_assert_eq(deploy_plan_solve(&pb, &o, &r, err, sizeof err), ROSTER_EINPUT);
    cr_assert_str_eq(err, "shift 2 ends before it starts");
    shifts[1].ends_at = shifts[1].starts_at + 86401;
    cr_assert_eq(deploy_plan_solve(&pb, &o, &r, err, sizeof err), ROSTER_EINPUT);
    cr_assert(strstr(err, "24 hours"), "%s", err);
    shifts[1] = july(2, 1, 8, 0, 16, 0);
    shifts[1].headcount = 0;
    cr_assert_eq(deploy_plan_solve(&pb, &o, &r, err, sizeof err), ROSTER_EINPUT);
    shifts[1].headcount = 1;
    shifts[1].priority = 3;
    cr_assert_eq(deploy_plan_solve(&pb, &o, &r, err, sizeof err), ROSTER_EINPUT);
    shifts[1].priority = 1;
    shifts[1].nskills = 1;
    cr_assert_eq(deploy_plan_solve(&pb, &o, &r, err, sizeof err), ROSTER_EINPUT);
    shifts[1].nskills = 0;
    people[0].nbusy = 1;
    cr_assert_eq(deploy_plan_solve(&pb, &o, &r, err, sizeof err), ROSTER_EINPUT);
    cr_assert(strstr(err, "person 1"), "%s", err);
    people[0].nbusy = 0;
    pb.nshifts = -1;
    cr_assert_eq(deploy_plan_solve(&pb, &o, &r, err, sizeof err), ROSTER_EINPUT);
    pb.nshifts = 2;
    deploy_assignment bad[] = {{0, 1}};
    o.published = bad;
    o.npublished = 1;
    cr_assert_eq(deploy_plan_solve(&pb, &o, &r, err, sizeof err), ROSTER_EINPUT);
    cr_assert(strstr(err, "published"), "%s", err);
    o.npublished = -1;
    cr_assert_eq(deploy_plan_solve(&pb, &o, &r, err, sizeof err), ROSTER_EINPUT);
    o.published = NULL;
    o.npublished = 0;
    o.iterations = 0;
    cr_assert_eq(deploy_plan_solve(&pb, &o, &r, err, sizeof err), ROSTER_ERANGE);
    o.iterations = 1000;
    /* four years and a day */
    shifts[1] = shift(2, at(2030, 7, 6, 8, 0), at(2030, 7, 6, 16, 0));
    cr_assert_eq(deploy_plan_solve(&pb, &o, &r, err, sizeof err), ROSTER_ELIMIT);
    cr_assert(strstr(err, "days"), "%s", err);
    cr_assert_eq(deploy_plan_solve(&pb, &o, &r, NULL, 0), ROSTER_ELIMIT);
    cr_assert_eq(r.nassigned, 0);
}

Test(deploy_plan, solve_limits_of_the_engine)
{
    /* more people than the engine holds */
    int n = ROSTER_MAX_EMPLOYEES + 1;
    deploy_person *many = malloc((size_t)n * sizeof *many);
    cr_assert_not_null(many);
    for (int p = 0; p < n; p++) many[p] = adult(p + 1);
    deploy_shift shifts[] = {july(1, 0, 8, 0, 16, 0)};
    deploy_problem pb = {shifts, 1, many, n};
    deploy_plan_options o = iterations(1000, 1);
    deploy_plan_result r;
    char err[256];
    cr_assert_eq(deploy_plan_solve(&pb, &o, &r, err, sizeof err), ROSTER_ELIMIT);
    cr_assert(strstr(err, "people"), "%s", err);
    free(many);
    /* a whole day from half a minute past: 1441 minutes in the engine */
    deploy_person people[] = {adult(1)};
    shifts[0] = shift(1, at(2026, 7, 6, 8, 0) + 30, at(2026, 7, 7, 8, 0) + 30);
    deploy_problem day_long = {shifts, 1, people, 1};
    cr_assert_eq(deploy_plan_solve(&day_long, &o, &r, err, sizeof err), ROSTER_ERANGE);
    cr_assert(strstr(err, "kind of shift"), "%s", err);
    shifts[0].ends_at -= 60;
    solve_ok(&day_long, &o, &r);
    cr_assert_eq(r.filled, 1);
    deploy_plan_result_free(&r);
}

Test(deploy_plan, solve_stops_when_asked)
{
    /* a stop already raised: the run ends at once with a roster (the
     * greedy one) that keeps every rule */
    deploy_person people[] = {adult(1), adult(2)};
    deploy_shift shifts[] = {july(1, 0, 8, 0, 16, 0), july(2, 1, 8, 0, 16, 0)};
    deploy_problem pb = {shifts, 2, people, 2};
    volatile sig_atomic_t stop = 1;
    deploy_plan_options o;
    deploy_plan_options_init(&o);
    o.time_limit = 600;
    o.stop = &stop;
    deploy_plan_result r;
    solve_ok(&pb, &o, &r);
    cr_assert_lt(r.seconds, 60);
    cr_assert_eq(r.filled, 2);
    deploy_plan_result_free(&r);
}

Test(deploy_plan, solve_nothing_to_plan)
{
    deploy_person people[] = {adult(1)};
    deploy_shift shifts[] = {july(1, 0, 8, 0, 16, 0)};
    shifts[0].headcount = 2;
    deploy_problem nobody = {shifts, 1, people, 0}, nothing = {shifts, 0, people, 1};
    deploy_plan_options o = iterations(1000, 1);
    deploy_plan_result r;
    solve_ok(&nobody, &o, &r);
    cr_assert_eq(r.needed, 2);
    cr_assert_eq(r.filled, 0);
    cr_assert_eq(r.objective, 600);
    deploy_plan_result_free(&r);
    solve_ok(&nothing, &o, &r);
    cr_assert_eq(r.needed, 0);
    cr_assert_eq(r.objective, 0);
    deploy_plan_result_free(&r);
}

Test(deploy_plan, solve_is_deterministic)
{
    /* a week, three shifts a day, five people with limits: the same seed
     * and iterations give the same roster */
    deploy_person people[5];
    for (int p = 0; p < 5; p++) {
        people[p] = adult(p + 1);
        people[p].max_week_minutes = (16 + 4 * p) * 60;
    }
    deploy_shift shifts[21];
    for (int d = 0; d < 7; d++) {
        shifts[3 * d] = july(3 * d + 1, d, 7, 0, 11, 0);
        shifts[3 * d + 1] = july(3 * d + 2, d, 12, 0, 18, 0);
        shifts[3 * d + 2] = july(3 * d + 3, d, 18, 0, 23, 0);
        shifts[3 * d + 1].headcount = 2;
        shifts[3 * d + 2].priority = d % 3;
    }
    deploy_problem pb = {shifts, 21, people, 5};
    deploy_plan_options o = iterations(20000, 7);
    deploy_plan_result a, b;
    solve_ok(&pb, &o, &a);
    solve_ok(&pb, &o, &b);
    cr_assert_eq(a.nassigned, b.nassigned);
    cr_assert_eq(a.objective, b.objective);
    cr_assert_eq(memcmp(a.assigned, b.assigned, (size_t)a.nassigned * sizeof(deploy_assignment)), 0);
    deploy_plan_result_free(&a);
    deploy_plan_result_free(&b);
}

/* ---- random problems ------------------------------------------------------------------------ */

#define RMAXP 8
#define RMAXS 20

static const int64_t skill_1[] = {1}, skill_2[] = {2}, skill_12[] = {1, 2};
static const int64_t *const skill_sets[] = {NULL, skill_1, skill_2, skill_12};
static const int skill_counts[] = {0, 1, 1, 2};
static const deploy_window weekdays[] = {{0, 360, 1080}, {1, 360, 1080}, {2, 360, 1080}, {3, 360, 1080}, {4, 360, 1080}};
static const deploy_window evenings[] = {{0, 840, 1440}, {1, 840, 1440}, {2, 840, 1440}, {3, 840, 1440},
                                         {4, 840, 1440}, {5, 840, 1440}, {6, 840, 1440}};
static const deploy_window nights[] = {{0, 1260, 1980}, {2, 1260, 1980}, {4, 1260, 1980}, {6, 1260, 1980}};
static const double place[3][2] = {{52.16, 4.49}, {52.08, 4.31}, {52.37, 4.90}}; /* Leiden, Den Haag, Amsterdam */
static const int64_t org_2[] = {2};

typedef struct random_problem {
    deploy_shift shifts[RMAXS];
    deploy_person people[RMAXP];
    deploy_range off[RMAXP];
    deploy_busy busy[RMAXP];
    int64_t refused[RMAXP];
    deploy_problem pb;
} random_problem;

/* Shifts in the week of 6 July 2026 (tiny: equal priorities, so that most
 * places is what the planner is after), people with every kind of rule; a
 * person with a busy shift has no week limit (the planner is conservative
 * there, see plan.c). */
static void random_make(rng *r, random_problem *x, int np, int ns, int days, bool tiny)
{
    static const int starts[] = {6, 7, 8, 13, 14, 15, 18, 22};
    static const int hours[] = {4, 6, 8, 9, 10};
    memset(x, 0, sizeof *x);
    for (int s = 0; s < ns; s++) {
        int d = (int)rng_below(r, (uint64_t)days), h = starts[rng_below(r, 8)], len = hours[rng_below(r, 5)];
        deploy_shift *y = &x->shifts[s];
        *y = july(s + 1, d, h, 0, h + len, 0);
        y->location_id = 1 + (int64_t)rng_below(r, 3);
        y->org_id = 1 + (y->location_id == 3);
        int sk = rng_below(r, 10) < 8 ? 0 : 1 + (int)rng_below(r, 3);
        y->skills = skill_sets[sk];
        y->nskills = skill_counts[sk];
        y->headcount = 1 + (int)rng_below(r, tiny ? 2 : 3);
        y->priority = tiny ? 1 : (int)rng_below(r, 3);
        y->located = true;
        y->lat = place[y->location_id - 1][0];
        y->lon = place[y->location_id - 1][1];
    }
    for (int p = 0; p < np; p++) {
        deploy_person *y = &x->people[p];
        *y = adult(p + 1);
        if (rng_below(r, 10) == 0) y->vog_day = DEPLOY_NO_DAY;
        if (rng_below(r, 20) == 0) y->identity_until = day(2026, 7, 7);
        if (rng_below(r, 5) == 0) y->birth_day = day(2009, 1 + (int)rng_below(r, 12), 1);
        int sk = (int)rng_below(r, 4);
        y->skills = skill_sets[sk];
        y->nskills = skill_counts[sk];
        switch (rng_below(r, 6)) {
        case 3: y->week = weekdays, y->nweek = 5; break;
        case 4: y->week = evenings, y->nweek = 7; break;
        case 5: y->week = nights, y->nweek = 4; break;
        default: break; /* always */
        }
        static const int limits[] = {-1, 16 * 60, 24 * 60, 32 * 60};
        y->max_week_minutes = limits[rng_below(r, 4)];
        if (rng_below(r, 6) == 0) {
            int64_t d = day(2026, 7, 6) + (int64_t)rng_below(r, (uint64_t)days);
            x->off[p] = (deploy_range){d, d};
            y->exceptions = &x->off[p];
            y->nexceptions = 1;
        }
        if (rng_below(r, 5) == 0) {
            int d = (int)rng_below(r, (uint64_t)days);
            x->busy[p] = (deploy_busy){at(2026, 7, 6, 12, 0) + 86400 * d, at(2026, 7, 6, 20, 0) + 86400 * d};
            y->busy = &x->busy[p];
            y->nbusy = 1;
            y->max_week_minutes = -1;
        }
        if (ns > 0 && rng_below(r, 8) == 0) {
            x->refused[p] = 1 + (int64_t)rng_below(r, (uint64_t)ns);
            y->refused = &x->refused[p];
            y->nrefused = 1;
        }
        if (rng_below(r, 2)) {
            int c = (int)rng_below(r, 3);
            y->located = true;
            y->lat = place[c][0] + 0.01 * (double)rng_below(r, 5);
            y->lon = place[c][1];
            static const int km[] = {-1, 20, 30, 60};
            y->travel_km = km[rng_below(r, 4)];
        }
        if (rng_below(r, 5) == 0) {
            y->pref_orgs = org_2;
            y->npref_orgs = 1;
        }
    }
    x->pb = (deploy_problem){x->shifts, ns, x->people, np};
}

typedef struct brute {
    const deploy_problem *pb;
    deploy_assignment a[RMAXS * RMAXP];
    int best;
} brute;

/* Every roster that keeps every rule, shift by shift (a broken rule stays
 * broken when more is added): the most places. */
static void brute_search(brute *b, int s, int n)
{
    if (check(b->pb, b->a, n) != 0) return;
    if (n > b->best) b->best = n;
    if (s == b->pb->nshifts) return;
    const int np = b->pb->npeople;
    for (int mask = 0; mask < 1 << np; mask++) {
        int m = n;
        for (int p = 0; p < np; p++)
            if (mask & 1 << p) b->a[m++] = (deploy_assignment){s, p};
        if (m - n <= b->pb->shifts[s].headcount) brute_search(b, s + 1, m);
    }
}

Test(deploy_plan, solve_random_problems)
{
    rng r;
    rng_seed(&r, 20260706);
    random_problem *x = malloc(sizeof *x);
    cr_assert_not_null(x);
    int compared = 0, filled = 0;
    for (int t = 0; t < 50; t++) {
        bool tiny = t % 2 == 0;
        int np = tiny ? 2 + (int)rng_below(&r, 2) : 3 + (int)rng_below(&r, RMAXP - 2);
        int ns = tiny ? 3 + (int)rng_below(&r, 3) : 5 + (int)rng_below(&r, RMAXS - 4);
        random_make(&r, x, np, ns, tiny ? 3 : 7, tiny);
        deploy_plan_options o = iterations(tiny ? 10000 : 20000, 1 + (uint64_t)t);
        deploy_plan_result res;
        solve_ok(&x->pb, &o, &res);
        cr_assert_leq(res.filled, res.needed);
        filled += res.filled;
        if (tiny) {
            brute b = {.pb = &x->pb, .best = 0};
            brute_search(&b, 0, 0);
            cr_assert_eq(res.filled, b.best, "problem %d: %d places filled, %d possible", t, res.filled, b.best);
            compared++;
        }
        deploy_plan_result_free(&res);
    }
    cr_assert_eq(compared, 25);
    cr_assert_gt(filled, 0);
    free(x);
}

/* ---- the demo summer's size ------------------------------------------------------------------------ */

#define SUMMER_PEOPLE 45
#define SUMMER_LOCATIONS 12

/* Twelve places around Leiden, two for each of six organisations. */
static const double summer_place[SUMMER_LOCATIONS][2] = {
    {52.160, 4.490}, {52.165, 4.550}, {52.185, 4.470}, {52.200, 4.400}, {52.125, 4.430}, {52.130, 4.660},
    {52.240, 4.440}, {52.060, 4.490}, {52.145, 4.400}, {52.260, 4.560}, {52.310, 4.590}, {52.210, 4.520}};
static const int64_t summer_skill[] = {1};
static const deploy_window summer_all[] = {{0, 420, 1320}, {1, 420, 1320}, {2, 420, 1320}, {3, 420, 1320},
                                           {4, 420, 1320}, {5, 420, 1320}, {6, 420, 1320}};
static const deploy_window summer_mornings[] = {{0, 420, 780}, {1, 420, 780}, {2, 420, 780}, {3, 420, 780},
                                                {4, 420, 780}};
static const deploy_window summer_weeks[] = {{0, 420, 780}, {1, 420, 780}, {2, 420, 780}, {3, 420, 780},
                                             {4, 420, 780}, {5, 420, 780}, {6, 420, 780}};
static const deploy_window summer_evenings[] = {{0, 960, 1320}, {1, 960, 1320}, {2, 960, 1320}, {3, 960, 1320},
                                                {4, 960, 1320}, {5, 420, 1320}, {6, 420, 1320}};

typedef struct summer {
    deploy_shift shifts[SUMMER_LOCATIONS * 56 + 2 * 40];
    deploy_person people[SUMMER_PEOPLE];
    deploy_range holiday[SUMMER_PEOPLE];
    int64_t pref[SUMMER_PEOPLE];
    deploy_problem pb;
} summer;

/* Weeks 27-34 of 2026: every morning 07:30-11:30 at twelve locations (two
 * places on weekdays, at normal priority; one at weekends, high; the
 * first location of each organisation needs a skill), weekday evenings
 * 17:00-21:00 at two of them (low): 1232 places. 45 people with every kind
 * of rule: availability patterns, 16-32 hours a week, travel limits,
 * holidays, preferences, four without a VOG, three under 18. */
static void summer_make(summer *x, uint64_t seed)
{
    rng r;
    rng_seed(&r, seed);
    memset(x, 0, sizeof *x);
    int n = 0;
    for (int d = 0; d < 56; d++) {
        bool weekend = d % 7 >= 5;
        for (int l = 0; l < SUMMER_LOCATIONS; l++) {
            deploy_shift *s = &x->shifts[n];
            *s = shift(n + 1, at(2026, 6, 29, 7, 30) + 86400 * d, at(2026, 6, 29, 11, 30) + 86400 * d);
            s->org_id = 1 + l / 2;
            s->location_id = 100 + l;
            s->headcount = weekend ? 1 : 2;
            s->priority = weekend ? 2 : 1;
            if (l % 2 == 0) {
                s->skills = summer_skill;
                s->nskills = 1;
            }
            s->located = true;
            s->lat = summer_place[l][0];
            s->lon = summer_place[l][1];
            n++;
        }
        for (int l = 0; l < 2 && !weekend; l++) {
            deploy_shift *s = &x->shifts[n];
            *s = shift(n + 1, at(2026, 6, 29, 17, 0) + 86400 * d, at(2026, 6, 29, 21, 0) + 86400 * d);
            s->org_id = 1 + 2 * l;
            s->location_id = 100 + 4 * l + 1;
            s->priority = 0;
            s->located = true;
            s->lat = summer_place[4 * l + 1][0];
            s->lon = summer_place[4 * l + 1][1];
            n++;
        }
    }
    for (int p = 0; p < SUMMER_PEOPLE; p++) {
        deploy_person *y = &x->people[p];
        *y = adult(p + 1);
        if (p < 4) y->vog_day = DEPLOY_NO_DAY;
        if (p >= 4 && p < 7) y->birth_day = day(2009, 5, 1);
        if (rng_below(&r, 10) < 6) {
            y->skills = summer_skill;
            y->nskills = 1;
        }
        switch (rng_below(&r, 10)) {
        case 0: case 1: case 2: case 3: y->week = summer_all, y->nweek = 7; break;
        case 4: case 5: case 6: y->week = summer_mornings, y->nweek = 5; break;
        case 7: case 8: y->week = summer_weeks, y->nweek = 7; break;
        default: y->week = summer_evenings, y->nweek = 7; break;
        }
        static const int hours[] = {16, 20, 24, 32};
        y->max_week_minutes = 60 * hours[rng_below(&r, 4)];
        int l = (int)rng_below(&r, SUMMER_LOCATIONS);
        y->located = true;
        y->lat = summer_place[l][0] + 0.01 * ((double)rng_below(&r, 7) - 3);
        y->lon = summer_place[l][1] + 0.01 * ((double)rng_below(&r, 7) - 3);
        static const int km[] = {10, 15, 25, -1};
        y->travel_km = km[rng_below(&r, 4)];
        if (rng_below(&r, 10) < 4) {
            int64_t from = day(2026, 6, 29) + 7 * (int64_t)rng_below(&r, 7);
            x->holiday[p] = (deploy_range){from, from + 13};
            y->exceptions = &x->holiday[p];
            y->nexceptions = 1;
        }
        if (rng_below(&r, 10) < 3) {
            x->pref[p] = 1 + (int64_t)rng_below(&r, 6);
            y->pref_orgs = &x->pref[p];
            y->npref_orgs = 1;
        }
    }
    x->pb = (deploy_problem){x->shifts, n, x->people, SUMMER_PEOPLE};
}

Test(deploy_plan, solve_demo_summer_size)
{
    /* the instance is built and mapped back at full size (a short run by
     * iterations, not by a timer; docs and the reply give the 3 s figures) */
    summer *x = malloc(sizeof *x);
    cr_assert_not_null(x);
    summer_make(x, 1);
    cr_assert_eq(x->pb.nshifts, 752);
    deploy_plan_options o = iterations(3000, 1);
    deploy_plan_result r;
    solve_ok(&x->pb, &o, &r);
    cr_assert_eq(r.needed, 1232);
    cr_assert_gt(r.filled, r.needed / 2, "%d of %d", r.filled, r.needed);
    for (int i = 0; i < r.nassigned; i++) cr_assert_geq(r.assigned[i].person, 4); /* no VOG: never */
    /* a cancellation repaired from it */
    const int64_t refused[] = {x->shifts[r.assigned[0].shift].id};
    x->people[r.assigned[0].person].refused = refused;
    x->people[r.assigned[0].person].nrefused = 1;
    o.published = r.assigned;
    o.npublished = r.nassigned;
    deploy_plan_result fix;
    solve_ok(&x->pb, &o, &fix);
    cr_assert(!on(&fix, r.assigned[0].shift, r.assigned[0].person));
    cr_assert_geq(fix.changes, 1);
    cr_assert_leq(fix.changes, 12, "%d changes", fix.changes);
    deploy_plan_result_free(&fix);
    deploy_plan_result_free(&r);
    free(x);
}
