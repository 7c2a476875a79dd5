/* roster: the model, the Curtois reader, the solution CSV and the validator,
 * rule by rule with hand-computed penalties. Every test instance is also
 * evaluated by the solver's own evaluator, which must agree. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roster/check.h"
#include "roster/internal.h"
#include "roster/model.h"
#include "roster/solution.h"
#include "roster_test.h"

/* ---- reader ---------------------------------------------------------- */

Test(roster_reader, reads_the_tiny_instance)
{
    roster_instance *ins = rt_load_file("tiny.txt");
    cr_assert_eq(ins->ndays, 7);
    cr_assert_eq(ins->nshifts, 2);
    cr_assert_eq(ins->nemployees, 3);
    cr_assert_str_eq(ins->shifts[1].id, "L");
    cr_assert_eq(ins->shifts[1].minutes, 480);
    cr_assert(ins->forbidden[1 * ROSTER_MAX_SHIFTS + 0], "E may not follow L");
    cr_assert(!ins->forbidden[0 * ROSTER_MAX_SHIFTS + 1]);
    const roster_employee *b = &ins->employees[1];
    cr_assert_eq(b->max_shifts[1], 2);
    cr_assert_eq(b->max_total_minutes, 2400);
    cr_assert_eq(b->min_total_minutes, 1440);
    cr_assert_eq(b->max_consecutive, 4);
    cr_assert_eq(b->min_consecutive, 2);
    cr_assert_eq(b->min_consecutive_off, 2);
    cr_assert_eq(b->max_weekends, 1);
    cr_assert(b->day_off[0] && !b->day_off[1]);
    cr_assert_eq(ins->nrequests, 3);
    cr_assert_eq(ins->cover[5 * 2 + 1].requirement, 0);
    cr_assert(ins->cover[5 * 2 + 1].set);
    roster_instance_free(ins);
}

Test(roster_reader, reads_the_care_sections)
{
    roster_instance *ins = rt_load_file("care.txt");
    cr_assert_eq(ins->nlocations, 2);
    cr_assert_eq(ins->shifts[2].start, 22 * 60 + 30);
    cr_assert_eq(ins->shifts[1].location, 1);
    cr_assert_eq(ins->nskills, 2);
    cr_assert_eq(ins->shifts[2].skills, 3u);
    cr_assert(roster_shift_is_night(ins, 2));
    cr_assert(!roster_shift_is_night(ins, 0));
    const roster_employee *y = &ins->employees[3];
    cr_assert(y->youth);
    cr_assert_eq(y->max_travel, 20);
    cr_assert_eq(y->travel[1], 3);
    cr_assert(y->has_windows);
    cr_assert_eq(ins->employees[0].max_week_minutes, 2400);
    cr_assert_eq(ins->employees[0].target_minutes, 3840);
    cr_assert_eq(ins->travel_weight, 1);
    cr_assert_eq(ins->continuity_weight, 5);
    cr_assert_eq(ins->fair_weight, 2);
    cr_assert_eq(ins->nwindows, 10);
    roster_instance_free(ins);
}

Test(roster_reader, reads_curtois_instances)
{
    for (int i = 1; i <= 3; i++) {
        roster_instance *ins = rt_load_curtois(i);
        if (!ins) cr_skip_test("benchmark instances not found");
        cr_assert_eq(ins->ndays, 14);
        roster_instance_free(ins);
    }
}

/* Each bad text must fail with its line number and reason in the message. */
typedef struct bad_case {
    const char *text;
    int line;
    const char *reason;
} bad_case;

#define HEAD "SECTION_HORIZON\n7\nSECTION_SHIFTS\nD,480,\nN,600,D\nSECTION_STAFF\n"
#define STAFF "A,D=7|N=7,2400,960,5,1,1,1\n"

static const bad_case bad_instances[] = {
    {"", 1, "no SECTION_HORIZON"},
    {"SECTION_HORIZON\nabc\n", 2, "not a whole number"},
    {"SECTION_HORIZON\n0\n", 2, "out of range"},
    {"SECTION_HORIZON\n99999\n", 2, "out of range"},
    {"SECTION_HORIZON\n7\n7\n", 3, "given twice"},
    {"SECTION_SHIFTS\nD,480,\n", 2, "SECTION_HORIZON must come first"},
    {"D,480,\n", 1, "before the first SECTION_"},
    {"SECTION_HORIZON\n7\nSECTION_NOPE\n", 3, "unknown section"},
    {"SECTION_HORIZON\n7\nSECTION_SHIFTS\nD,0,\n", 4, "shift length"},
    {"SECTION_HORIZON\n7\nSECTION_SHIFTS\nD,480,\nD,480,\n", 5, "defined twice"},
    {"SECTION_HORIZON\n7\nSECTION_SHIFTS\nD,480,X\n\nSECTION_STAFF\n" STAFF, 4,
     "unknown shift 'X'"},
    {"SECTION_HORIZON\n7\nSECTION_SHIFTS\nD,480\nN,600,D,E\n", 5, "found 4 fields"},
    {HEAD "A,D=7,2400,960,5,1,1\n", 7, "found 7 fields"},
    {HEAD "A,D=x,2400,960,5,1,1,1\n", 7, "MaxShifts 'x'"},
    {HEAD "A,Q=3,2400,960,5,1,1,1\n", 7, "unknown shift 'Q'"},
    {HEAD "A,D7,2400,960,5,1,1,1\n", 7, "not ShiftID=number"},
    {HEAD "A,,-5,960,5,1,1,1\n", 7, "MaxTotalMinutes -5"},
    {HEAD STAFF "A,,2400,960,5,1,1,1\n", 8, "employee 'A' is defined twice"},
    {HEAD "A b,,2400,960,5,1,1,1\n", 7, "bad employee ID"},
    {HEAD STAFF "SECTION_DAYS_OFF\nB,1\n", 9, "unknown employee 'B'"},
    {HEAD STAFF "SECTION_DAYS_OFF\nA,1,7\n", 9, "day 7 is out of range"},
    {HEAD STAFF "SECTION_SHIFT_ON_REQUESTS\nA,1,D\n", 9, "found 3 fields"},
    {HEAD STAFF "SECTION_SHIFT_ON_REQUESTS\nA,1,X,1\n", 9, "unknown shift 'X'"},
    {HEAD STAFF "SECTION_SHIFT_OFF_REQUESTS\nA,1,D,-1\n", 9, "weight -1"},
    {HEAD STAFF "SECTION_COVER\n0,D,1,100,1\n0,D,2,100,1\n", 10, "given twice"},
    {HEAD STAFF "SECTION_COVER\n0,D,1,100\n", 9, "found 4 fields"},
    {HEAD STAFF "SECTION_COVER\n0,D,1,100,x1\n", 9, "over weight 'x1'"},
    {"SECTION_HORIZON\n7\nSECTION_SHIFTS\nD,480,\nSECTION_DAYS_OFF\nA,1\n", 6,
     "after SECTION_STAFF"},
    {"SECTION_HORIZON\n7\nSECTION_SHIFTS\nD,480,\n", 4, "no employees"},
    {"SECTION_HORIZON\n7\nSECTION_STAFF\n", 3, "no shifts"},
    {"SECTION_HORIZON\n7\n\n\nSECTION_STAFF\nA,,1,1,1,1,1,1\n", 6, "after SECTION_SHIFTS"},
    {HEAD STAFF "SECTION_SHIFT_DETAILS\nD,25:00,,,\n", 9, "not within the day"},
    {HEAD STAFF "SECTION_SHIFT_DETAILS\nD,7h,,,\n", 9, "not a time"},
    {HEAD STAFF "SECTION_SHIFT_DETAILS\nD,07:00,Utrecht,,\n", 9, "unknown location"},
    {HEAD STAFF "SECTION_STAFF_DETAILS\nA,,,2,,\n", 9, "youth flag 2"},
    {HEAD STAFF "SECTION_AVAILABILITY\nA,1,10:00,09:00\n", 9, "ends before it starts"},
    {HEAD STAFF "SECTION_SETTINGS\nColour,red\n", 9, "unknown setting"},
    {HEAD STAFF "SECTION_LOCATIONS\nArnhem\n", 9, "before the staff"},
};

Test(roster_reader, bad_lines_name_line_and_reason)
{
    for (size_t i = 0; i < sizeof(bad_instances) / sizeof(bad_instances[0]); i++) {
        const bad_case *c = &bad_instances[i];
        roster_instance *ins = NULL;
        char err[256];
        int rc = roster_curtois_read(c->text, strlen(c->text), "bad.txt", &ins, err, sizeof(err));
        cr_assert_eq(rc, ROSTER_EINPUT, "case %zu should fail", i);
        cr_assert_null(ins);
        char want[32];
        snprintf(want, sizeof(want), "bad.txt:%d: ", c->line);
        cr_assert(strncmp(err, want, strlen(want)) == 0, "case %zu: want line %d, got '%s'", i,
                  c->line, err);
        cr_assert(strstr(err, c->reason) != NULL, "case %zu: want '%s' in '%s'", i, c->reason,
                  err);
    }
}

Test(roster_reader, nul_byte_and_crlf)
{
    const char text[] = "SECTION_HORIZON\r\n7\r\nSECTION_SHIFTS\r\nD,480,\r\n"
                        "SECTION_STAFF\r\nA,,2400,960,5,1,1,1\r\n";
    roster_instance *ins = NULL;
    char err[256];
    cr_assert_eq(roster_curtois_read(text, sizeof(text) - 1, "crlf", &ins, err, sizeof(err)), 0,
                 "%s", err);
    cr_assert_eq(ins->nemployees, 1);
    roster_instance_free(ins);
    const char nul[] = "SECTION_HORIZON\n7\0\n";
    cr_assert_eq(roster_curtois_read(nul, sizeof(nul) - 1, "nul", &ins, err, sizeof(err)),
                 ROSTER_EINPUT);
    cr_assert(strstr(err, "nul:2: NUL byte") != NULL, "%s", err);
}

/* ---- model API ------------------------------------------------------- */

Test(roster_model, builder_enforces_order_and_ranges)
{
    roster_instance *ins = roster_instance_create("api", 14);
    cr_assert_not_null(ins);
    cr_assert_eq(roster_shift_add(ins, "D", 480), 0);
    cr_assert_eq(roster_shift_add(ins, "D", 480), ROSTER_EINPUT);
    cr_assert_eq(roster_shift_add(ins, "bad id", 480), ROSTER_ERANGE);
    cr_assert_eq(roster_shift_add(ins, "X", 0), ROSTER_ERANGE);
    cr_assert_eq(roster_location_add(ins, "L1"), 0);
    cr_assert_eq(roster_employee_add(ins, "A"), 0);
    cr_assert_eq(roster_shift_add(ins, "N", 600), ROSTER_ESTATE);
    cr_assert_eq(roster_location_add(ins, "L2"), ROSTER_ESTATE);
    cr_assert_eq(roster_day_off_add(ins, 0, 14), ROSTER_ERANGE);
    cr_assert_eq(roster_cover_set(ins, 0, 0, 2, 100, 1), 0);
    cr_assert_eq(roster_cover_set(ins, 0, 1, 2, 100, 1), ROSTER_ERANGE);
    cr_assert_eq(roster_request_add(ins, 0, ROSTER_NONE, ROSTER_NONE, 3, 0), 0);
    cr_assert_eq(roster_request_add(ins, 1, 0, 0, 3, 0), ROSTER_ERANGE);
    cr_assert_eq(roster_window_add(ins, 0, 1, 600, 500), ROSTER_ERANGE);
    cr_assert_eq(roster_skill_bit(ins, "zorg"), 0);
    cr_assert_eq(roster_skill_bit(ins, "zorg"), 0);
    cr_assert_eq(roster_skill_bit(ins, "medicatie"), 1);
    cr_assert_eq(roster_employee_find(ins, "A"), 0);
    cr_assert_eq(roster_shift_find(ins, "N"), -1);
    roster_instance_free(ins);
}

Test(roster_model, calendar)
{
    roster_instance *ins = roster_instance_create("cal", 28);
    cr_assert(!roster_day_is_weekend(ins, 4));
    cr_assert(roster_day_is_weekend(ins, 5) && roster_day_is_weekend(ins, 6));
    cr_assert_eq(roster_day_weekend(ins, 5), 0);
    cr_assert_eq(roster_day_weekend(ins, 6), 0);
    cr_assert_eq(roster_day_weekend(ins, 12), 1);
    cr_assert_eq(roster_day_weekend(ins, 7), -1);
    cr_assert_eq(roster_day_week(ins, 6), 0);
    cr_assert_eq(roster_day_week(ins, 7), 1);
    ins->first_weekday = 6; /* day 0 is a Sunday */
    cr_assert_eq(roster_day_weekend(ins, 0), 0);
    cr_assert_eq(roster_day_weekend(ins, 6), 1);
    cr_assert_eq(roster_day_weekend(ins, 7), 1);
    cr_assert_eq(roster_day_week(ins, 0), 0);
    cr_assert_eq(roster_day_week(ins, 1), 1);
    roster_instance_free(ins);
}

/* ---- solution CSV ---------------------------------------------------- */

Test(roster_csv, round_trip)
{
    roster_instance *ins = rt_load_file("tiny.txt");
    roster_solution *sol = rt_solution(ins, "employee,day,shift\nA,0,E\nB,3,L\nC,6,E\n");
    cr_assert_eq(roster_solution_get(sol, 0, 0), 0);
    cr_assert_eq(roster_solution_get(sol, 1, 3), 1);
    cr_assert_eq(roster_solution_get(sol, 1, 2), ROSTER_NONE);
    buf b;
    buf_init(&b, 0);
    cr_assert_eq(roster_solution_write_csv(ins, sol, &b), 0);
    cr_assert_str_eq(buf_cstr(&b), "employee,day,shift\nA,0,E\nB,3,L\nC,6,E\n");
    roster_solution *again = rt_solution(ins, buf_cstr(&b));
    cr_assert_eq(roster_solution_diff(sol, again), 0);
    buf_free(&b);
    roster_solution_free(again);
    roster_solution_free(sol);
    roster_instance_free(ins);
}

static const bad_case bad_csv[] = {
    {"", 1, "no header"},
    {"A,0,E\n", 1, "header employee,day,shift"},
    {"employee,day,shift\nZ,0,E\n", 2, "unknown employee 'Z'"},
    {"employee,day,shift\nA,7,E\n", 2, "day 7 is out of range"},
    {"employee,day,shift\nA,x,E\n", 2, "day 'x'"},
    {"employee,day,shift\nA,0,Q\n", 2, "unknown shift 'Q'"},
    {"employee,day,shift\nA,0\n", 2, "found 2 fields"},
    {"employee,day,shift\nA,0,E,1\n", 2, "too many fields"},
    {"employee,day,shift\n\nA,0,E\nA,0,L\n", 4, "already has a shift on day 0 (line 3)"},
};

Test(roster_csv, bad_lines_name_line_and_reason)
{
    roster_instance *ins = rt_load_file("tiny.txt");
    for (size_t i = 0; i < sizeof(bad_csv) / sizeof(bad_csv[0]); i++) {
        const bad_case *c = &bad_csv[i];
        roster_solution *sol = NULL;
        char err[256];
        int rc = roster_solution_read_csv(ins, c->text, strlen(c->text), "s.csv", &sol, err,
                                          sizeof(err));
        cr_assert_eq(rc, ROSTER_EINPUT, "case %zu should fail", i);
        cr_assert_null(sol);
        char want[32];
        snprintf(want, sizeof(want), "s.csv:%d: ", c->line);
        cr_assert(strncmp(err, want, strlen(want)) == 0, "case %zu: '%s'", i, err);
        cr_assert(strstr(err, c->reason) != NULL, "case %zu: want '%s' in '%s'", i, c->reason,
                  err);
    }
    roster_instance_free(ins);
}

/* ---- validator: one rule at a time ---------------------------------- */

Test(roster_rules, tiny_hand_computed)
{
    /* A works E on days 0-2; B works L on days 1-3 (three L, max two);
     * C works E on days 3-6 (four in a row, max three).
     * Cover: L missing on days 0 and 4: 2 x 100. Requests: A's E on day 0
     * and B's L on day 3 honoured; C's off-request for day 5 broken: 1. */
    roster_instance *ins = rt_load_file("tiny.txt");
    roster_solution *sol = rt_solution(ins, "employee,day,shift\n"
                                            "A,0,E\nA,1,E\nA,2,E\n"
                                            "B,1,L\nB,2,L\nB,3,L\n"
                                            "C,3,E\nC,4,E\nC,5,E\nC,6,E\n");
    roster_report rep;
    cr_assert_eq(roster_check(ins, sol, &rep), 0);
    cr_assert_eq(rep.soft[ROSTER_SOFT_UNDER], 200);
    cr_assert_eq(rep.soft[ROSTER_SOFT_OVER], 0);
    cr_assert_eq(rep.soft[ROSTER_SOFT_ON_REQUESTS], 0);
    cr_assert_eq(rep.soft[ROSTER_SOFT_OFF_REQUESTS], 1);
    cr_assert_eq(rep.objective, 201);
    cr_assert_eq(rep.nviolations, 2);
    cr_assert_eq(rep.counts[ROSTER_RULE_MAX_SHIFTS], 1);
    cr_assert_eq(rep.counts[ROSTER_RULE_MAX_CONSECUTIVE], 1);
    rt_agree(ins, sol, &rep);
    roster_report_free(&rep);
    roster_solution_free(sol);
    roster_instance_free(ins);
}

/* The instance of the rule tests: 14 days (two weekends: 5-6, 12-13), a day
 * shift D and a night shift N (D may not follow N), one employee A with the
 * limits in staff, cover nothing (no cover lines). */
static roster_instance *rule_instance(const char *staff, const char *extra)
{
    char text[2048];
    snprintf(text, sizeof(text),
             "SECTION_HORIZON\n14\nSECTION_SHIFTS\nD,480,\nN,600,D\nSECTION_STAFF\n%s\n%s", staff,
             extra ? extra : "");
    return rt_load_text(text);
}

/* Checks one solution: expected violations of one rule (count and first
 * amount), expected objective, and agreement with the solver's evaluator. */
static void expect(roster_instance *ins, const char *csv, roster_rule rule, int count, int amount,
                   int64_t objective)
{
    roster_solution *sol = rt_solution(ins, csv);
    roster_report rep;
    cr_assert_eq(roster_check(ins, sol, &rep), 0);
    cr_assert_eq(rep.counts[rule], count, "rule %s: %d violations, want %d",
                 roster_rule_name(rule), rep.counts[rule], count);
    cr_assert_eq(rep.nviolations, count, "only rule %s should break, %d violations",
                 roster_rule_name(rule), rep.nviolations);
    if (count) {
        cr_assert_eq(rep.violations[0].rule, rule);
        cr_assert_eq(rep.violations[0].amount, amount, "amount %d, want %d",
                     rep.violations[0].amount, amount);
        char text[256];
        roster_violation_describe(ins, &rep.violations[0], text, sizeof(text));
        cr_assert(strstr(text, "employee ") == text, "%s", text);
    }
    cr_assert_eq(rep.objective, objective, "objective %lld, want %lld", (long long)rep.objective,
                 (long long)objective);
    rt_agree(ins, sol, &rep);
    roster_report_free(&rep);
    roster_solution_free(sol);
}

#define FREE_STAFF "A,,,,,,,"

Test(roster_rules, day_off)
{
    roster_instance *ins = rule_instance(FREE_STAFF, "SECTION_DAYS_OFF\nA,3,4\n");
    expect(ins, "employee,day,shift\nA,2,D\n", ROSTER_RULE_DAY_OFF, 0, 0, 0);
    expect(ins, "employee,day,shift\nA,3,D\nA,4,N\n", ROSTER_RULE_DAY_OFF, 2, 1, 0);
    roster_instance_free(ins);
}

Test(roster_rules, forbidden_succession)
{
    roster_instance *ins = rule_instance(FREE_STAFF, NULL);
    expect(ins, "employee,day,shift\nA,2,D\nA,3,N\n", ROSTER_RULE_SUCCESSION, 0, 0, 0);
    expect(ins, "employee,day,shift\nA,2,N\nA,3,D\nA,5,N\nA,6,D\n", ROSTER_RULE_SUCCESSION, 2, 1,
           0);
    expect(ins, "employee,day,shift\nA,2,N\nA,4,D\n", ROSTER_RULE_SUCCESSION, 0, 0, 0);
    roster_instance_free(ins);
}

Test(roster_rules, max_shifts_per_type)
{
    roster_instance *ins = rule_instance("A,N=1,,,,,,", NULL);
    expect(ins, "employee,day,shift\nA,2,N\nA,5,D\nA,6,D\n", ROSTER_RULE_MAX_SHIFTS, 0, 0, 0);
    expect(ins, "employee,day,shift\nA,2,N\nA,5,N\nA,8,N\n", ROSTER_RULE_MAX_SHIFTS, 1, 2, 0);
    roster_instance_free(ins);
}

Test(roster_rules, total_minutes)
{
    roster_instance *ins = rule_instance("A,,1500,1000,,,,", NULL);
    expect(ins, "employee,day,shift\nA,2,N\nA,5,D\n", ROSTER_RULE_MAX_MINUTES, 0, 0, 0);
    /* 3 x 600 = 1800 > 1500 */
    expect(ins, "employee,day,shift\nA,2,N\nA,5,N\nA,8,N\n", ROSTER_RULE_MAX_MINUTES, 1, 300, 0);
    /* 480 < 1000 */
    expect(ins, "employee,day,shift\nA,2,D\n", ROSTER_RULE_MIN_MINUTES, 1, 520, 0);
    roster_instance_free(ins);
}

Test(roster_rules, max_consecutive_applies_everywhere)
{
    roster_instance *ins = rule_instance("A,,,,3,,,", NULL);
    expect(ins, "employee,day,shift\nA,0,D\nA,1,D\nA,2,D\n", ROSTER_RULE_MAX_CONSECUTIVE, 0, 0, 0);
    /* a run of four from day 0 is too long even at the start */
    expect(ins, "employee,day,shift\nA,0,D\nA,1,D\nA,2,D\nA,3,D\n", ROSTER_RULE_MAX_CONSECUTIVE,
           1, 1, 0);
    expect(ins, "employee,day,shift\nA,8,D\nA,9,D\nA,10,D\nA,11,D\nA,12,D\nA,13,D\n",
           ROSTER_RULE_MAX_CONSECUTIVE, 1, 3, 0);
    roster_instance_free(ins);
}

Test(roster_rules, min_consecutive_only_inside_the_horizon)
{
    roster_instance *ins = rule_instance("A,,,,,3,,", NULL);
    /* runs touching day 0 or day 13 are exempt */
    expect(ins, "employee,day,shift\nA,0,D\nA,13,D\n", ROSTER_RULE_MIN_CONSECUTIVE, 0, 0, 0);
    expect(ins, "employee,day,shift\nA,4,D\nA,5,D\nA,9,D\n", ROSTER_RULE_MIN_CONSECUTIVE, 2, 1,
           0);
    roster_instance_free(ins);
}

Test(roster_rules, min_days_off_only_inside_the_horizon)
{
    roster_instance *ins = rule_instance("A,,,,,,2,", NULL);
    /* off on day 0 alone and day 13 alone: exempt; day 7 alone: one short */
    expect(ins,
           "employee,day,shift\nA,1,D\nA,2,D\nA,3,D\nA,4,D\nA,5,D\nA,6,D\nA,8,D\nA,9,D\n"
           "A,10,D\nA,11,D\nA,12,D\n",
           ROSTER_RULE_MIN_DAYS_OFF, 1, 1, 0);
    expect(ins, "employee,day,shift\nA,1,D\nA,2,D\nA,5,D\nA,6,D\n", ROSTER_RULE_MIN_DAYS_OFF, 0,
           0, 0);
    roster_instance_free(ins);
}

Test(roster_rules, max_weekends)
{
    roster_instance *ins = rule_instance("A,,,,,,,1", NULL);
    /* Saturday and Sunday of one weekend count once */
    expect(ins, "employee,day,shift\nA,5,D\nA,6,D\n", ROSTER_RULE_MAX_WEEKENDS, 0, 0, 0);
    /* a Sunday alone counts, as does a Saturday alone */
    expect(ins, "employee,day,shift\nA,6,D\nA,12,D\n", ROSTER_RULE_MAX_WEEKENDS, 1, 1, 0);
    roster_instance_free(ins);
    /* day 0 a Saturday: weekends are days 0-1 and 7-8 */
    ins = rule_instance("A,,,,,,,1", "SECTION_SETTINGS\nFirstWeekday,5\n");
    expect(ins, "employee,day,shift\nA,5,D\nA,6,D\n", ROSTER_RULE_MAX_WEEKENDS, 0, 0, 0);
    expect(ins, "employee,day,shift\nA,1,D\nA,7,D\n", ROSTER_RULE_MAX_WEEKENDS, 1, 1, 0);
    roster_instance_free(ins);
}

Test(roster_rules, requests)
{
    roster_instance *ins = rule_instance(
        FREE_STAFF, "SECTION_SHIFT_ON_REQUESTS\nA,2,D,3\nA,3,N,2\n"
                    "SECTION_SHIFT_OFF_REQUESTS\nA,4,D,5\nA,5,N,7\n");
    /* on: day 2 D honoured, day 3 N not (D instead): 2; off: day 4 D worked:
     * 5; day 5 D is not the N asked off: 0 */
    expect(ins, "employee,day,shift\nA,2,D\nA,3,D\nA,4,D\nA,5,D\n", ROSTER_RULE_DAY_OFF, 0, 0, 7);
    /* requests for any shift or every day through the API */
    roster_request_add(ins, 0, ROSTER_NONE, 1, 1, 0); /* never N: 1 each */
    roster_request_add(ins, 0, 9, ROSTER_NONE, 4, 1); /* work day 9, any shift */
    expect(ins, "employee,day,shift\nA,2,D\nA,3,N\nA,9,N\n", ROSTER_RULE_DAY_OFF, 0, 0, 2);
    roster_instance_free(ins);
}

Test(roster_rules, cover)
{
    roster_instance *ins = rule_instance(
        "A,,,,,,,\nB,,,,,,,\nC,,,,,,,",
        "SECTION_COVER\n1,D,2,100,1\n1,N,0,50,3\n2,N,1,10,20\n");
    /* day 1: D one short (100), N two over (6); day 2: N two over (40);
     * day 4 has no cover line: free */
    expect(ins,
           "employee,day,shift\nA,1,D\nB,1,N\nC,1,N\nA,2,N\nB,2,N\nC,2,N\nA,4,D\nB,4,D\n",
           ROSTER_RULE_DAY_OFF, 0, 0, 100 + 6 + 40);
    roster_instance_free(ins);
}

/* care rules: D 07:00-15:00 at L1 needs skill s1, N 22:30-08:30 at L2 */
static roster_instance *care_instance(const char *details, const char *extra)
{
    char text[2048];
    snprintf(text, sizeof(text),
             "SECTION_HORIZON\n14\nSECTION_SHIFTS\nD,480,\nN,600,\n"
             "SECTION_LOCATIONS\nL1\nL2\n"
             "SECTION_SHIFT_DETAILS\nD,07:00,L1,s1,\nN,22:30,L2,,\n"
             "SECTION_STAFF\nA,,,,,,,\n"
             "SECTION_STAFF_DETAILS\n%s\n%s",
             details, extra ? extra : "");
    return rt_load_text(text);
}

Test(roster_rules, skills)
{
    roster_instance *ins = care_instance("A,,,,,", NULL);
    expect(ins, "employee,day,shift\nA,2,N\n", ROSTER_RULE_SKILL, 0, 0, 0);
    expect(ins, "employee,day,shift\nA,2,D\n", ROSTER_RULE_SKILL, 1, 1, 0);
    roster_instance_free(ins);
    ins = care_instance("A,s1,,,,", NULL);
    expect(ins, "employee,day,shift\nA,2,D\n", ROSTER_RULE_SKILL, 0, 0, 0);
    roster_instance_free(ins);
}

Test(roster_rules, rest_between_shifts)
{
    /* N ends 08:30 next day; D starts 07:00: only -90 minutes of rest */
    roster_instance *ins = care_instance("A,s1,,,,", NULL);
    expect(ins, "employee,day,shift\nA,2,N\nA,3,D\n", ROSTER_RULE_REST, 1, 660 + 90, 0);
    /* N ends 08:30, the next N starts 22:30: 14 h */
    expect(ins, "employee,day,shift\nA,2,N\nA,3,N\n", ROSTER_RULE_REST, 0, 0, 0);
    roster_instance_free(ins);
    ins = care_instance("A,s1,,,,", "SECTION_SETTINGS\nMinRestMinutes,600\n");
    expect(ins, "employee,day,shift\nA,2,N\nA,4,D\n", ROSTER_RULE_REST, 0, 0, 0);
    roster_instance_free(ins);
}

Test(roster_rules, availability_windows)
{
    roster_instance *ins =
        care_instance("A,s1,,,,", "SECTION_AVAILABILITY\nA,2,06:00,16:00\nA,3,20:00,33:00\n");
    expect(ins, "employee,day,shift\nA,2,D\nA,3,N\n", ROSTER_RULE_AVAILABILITY, 0, 0, 0);
    /* N on day 2 does not fit 06-16; nothing on day 5 */
    expect(ins, "employee,day,shift\nA,2,N\nA,5,D\n", ROSTER_RULE_AVAILABILITY, 2, 1, 0);
    roster_instance_free(ins);
}

Test(roster_rules, week_minutes_by_contract)
{
    roster_instance *ins = care_instance("A,s1,1000,,,", NULL);
    expect(ins, "employee,day,shift\nA,0,D\nA,6,N\nA,7,N\n", ROSTER_RULE_WEEK_MINUTES, 1, 80, 0);
    roster_instance_free(ins);
}

Test(roster_rules, youth)
{
    roster_instance *ins = care_instance("A,s1,,1,,", NULL);
    /* N is a night shift and 10 hours long: two violations on day 1 */
    roster_solution *sol = rt_solution(ins, "employee,day,shift\nA,1,N\n");
    roster_report rep;
    cr_assert_eq(roster_check(ins, sol, &rep), 0);
    cr_assert_eq(rep.counts[ROSTER_RULE_YOUTH_NIGHT], 1);
    cr_assert_eq(rep.counts[ROSTER_RULE_YOUTH_SHIFT], 1);
    cr_assert_eq(rep.nviolations, 2);
    rt_agree(ins, sol, &rep);
    roster_report_free(&rep);
    roster_solution_free(sol);
    /* six day shifts in one week: 2880 > 2400 */
    expect(ins, "employee,day,shift\nA,0,D\nA,1,D\nA,2,D\nA,3,D\nA,4,D\nA,5,D\n",
           ROSTER_RULE_YOUTH_WEEK, 1, 480, 0);
    roster_instance_free(ins);
}

Test(roster_rules, travel)
{
    roster_instance *ins = care_instance(
        "A,s1,,,20,", "SECTION_TRAVEL\nA,L1,12\nA,L2,25\nSECTION_SETTINGS\nTravelWeight,2\n");
    expect(ins, "employee,day,shift\nA,1,D\nA,2,D\n", ROSTER_RULE_TRAVEL, 0, 0, 2 * 24);
    expect(ins, "employee,day,shift\nA,1,N\n", ROSTER_RULE_TRAVEL, 1, 5, 2 * 25);
    roster_instance_free(ins);
}

Test(roster_rules, continuity)
{
    roster_instance *ins = care_instance("A,s1,,,,", "SECTION_SETTINGS\nContinuityWeight,7\nMinRestMinutes,0\n");
    /* D (L1) then N (L2) then N: one change of location; day 5 after a day
     * off: not consecutive */
    expect(ins, "employee,day,shift\nA,1,D\nA,2,N\nA,3,N\nA,5,D\n", ROSTER_RULE_REST, 0, 0, 7);
    roster_instance_free(ins);
}

Test(roster_rules, fair_spread)
{
    roster_instance *ins = care_instance("A,s1,,,,2000", "SECTION_SETTINGS\nFairWeight,3\n");
    /* 3 x 480 = 1440: 560 minutes short = 9 whole hours */
    expect(ins, "employee,day,shift\nA,1,D\nA,2,D\nA,3,D\n", ROSTER_RULE_REST, 0, 0, 3 * 9);
    /* 5 x 480 = 2400: 400 over = 6 whole hours */
    expect(ins, "employee,day,shift\nA,1,D\nA,2,D\nA,3,D\nA,4,D\nA,5,D\n", ROSTER_RULE_REST, 0, 0,
           3 * 6);
    roster_instance_free(ins);
}

Test(roster_rules, care_instance_file)
{
    roster_instance *ins = rt_load_file("care.txt");
    /* Y1 (youth, no skills) on a night shift at Arnhem, 30 km away (max 20),
     * outside the windows: youth-night, youth-shift-length, skill, travel and
     * availability all break on day 0 */
    roster_solution *sol = rt_solution(ins, "employee,day,shift\nY1,0,N\n");
    roster_report rep;
    cr_assert_eq(roster_check(ins, sol, &rep), 0);
    cr_assert_eq(rep.counts[ROSTER_RULE_YOUTH_NIGHT], 1);
    cr_assert_eq(rep.counts[ROSTER_RULE_YOUTH_SHIFT], 1);
    cr_assert_eq(rep.counts[ROSTER_RULE_SKILL], 1);
    cr_assert_eq(rep.counts[ROSTER_RULE_TRAVEL], 1);
    cr_assert_eq(rep.counts[ROSTER_RULE_AVAILABILITY], 1);
    rt_agree(ins, sol, &rep);
    roster_report_free(&rep);
    roster_solution_free(sol);
    roster_instance_free(ins);
}
