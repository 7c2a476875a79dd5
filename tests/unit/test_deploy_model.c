/* deploy model: Amsterdam days and instants (the spring gap, the autumn
 * overlap), every input check naming its field, and the expansion of a
 * pattern into shifts (the summer of weeks 27-35, the daylight-saving
 * changes of 29 March and 25 October 2026, the cap of 2000). */
#include <criterion/criterion.h>

#include <string.h>

#include "base/arena.h"
#include "base/time.h"
#include "deploy/model.h"
#include "http/api.h"

static int64_t ams(int y, int mo, int d, int h, int mi)
{
    int64_t t = 0;
    cr_assert_eq(time_ams_to_utc(y, mo, d, h, mi, 0, &t), 0);
    return t;
}

static int64_t day_of(const char *s)
{
    int64_t d = 0;
    cr_assert_eq(deploy_parse_day(s, &d), 0, "%s", s);
    return d;
}

/* The one error of e on field is reason. */
static void expect_error(const api_errors *e, const char *field, msg_id reason)
{
    msg_id got;
    cr_assert(api_errors_has(e, field, &got), "an error on %s", field);
    cr_assert_eq(got, reason, "%s: %s", field, msg_in("en", got));
}

/* ---- days and times ---- */

Test(deploy_time, days)
{
    cr_assert_eq(day_of("1970-01-01"), 0);
    cr_assert_eq(day_of("2026-06-29"), 20633);
    int64_t d;
    cr_assert_eq(deploy_parse_day("2026-02-29", &d), -1);
    cr_assert_eq(deploy_parse_day("2026-6-29", &d), -1);
    cr_assert_eq(deploy_parse_day("", &d), -1);
    cr_assert_eq(deploy_parse_day(NULL, &d), -1);
    char out[11];
    deploy_format_day(20633, out);
    cr_assert_str_eq(out, "2026-06-29");
    deploy_format_day(day_of("2028-02-29"), out);
    cr_assert_str_eq(out, "2028-02-29");
    deploy_format_day(day_of("1900-01-01"), out);
    cr_assert_str_eq(out, "1900-01-01");
    deploy_format_day(time_days_from_civil(10000, 1, 1), out);
    cr_assert_str_eq(out, "", "years past 9999 are not written");
    deploy_format_day(time_days_from_civil(-1, 12, 31), out);
    cr_assert_str_eq(out, "", "nor years before 0");
    /* Weekdays: Monday 0 .. Sunday 6. */
    cr_assert_eq(deploy_weekday(0), 3, "1970-01-01 was a Thursday");
    cr_assert_eq(deploy_weekday(day_of("2026-06-29")), 0);
    cr_assert_eq(deploy_weekday(day_of("2026-03-29")), 6);
    cr_assert_eq(deploy_weekday(-1), 2, "1969-12-31 was a Wednesday");
    cr_assert_eq(deploy_weekday(-7), 3);
    /* The Amsterdam day of an instant. */
    cr_assert_eq(deploy_day_of(ams(2026, 6, 29, 0, 30)), 20633, "22:30 UTC the day before");
    cr_assert_eq(deploy_day_of(ams(2026, 6, 29, 23, 59)), 20633);
    cr_assert_eq(deploy_day_of(ams(2026, 1, 5, 0, 0)), day_of("2026-01-05"));
    cr_assert_eq(deploy_day_of(-1), 0, "1970-01-01 00:59:59 in Amsterdam");
    cr_assert_eq(deploy_day_of(-3601), -1);
}

Test(deploy_time, hhmm)
{
    int m = -1;
    cr_assert_eq(deploy_parse_hhmm("07:30", &m), 0);
    cr_assert_eq(m, 450);
    cr_assert_eq(deploy_parse_hhmm("7:30", &m), 0);
    cr_assert_eq(m, 450);
    cr_assert_eq(deploy_parse_hhmm("00:00", &m), 0);
    cr_assert_eq(m, 0);
    cr_assert_eq(deploy_parse_hhmm("23:59", &m), 0);
    cr_assert_eq(m, 1439);
    const char *bad[] = {"24:00", "12:60", "7:3", "730", "07:300", ":30", "07-30", " 7:30", "7:30 ", "+7:30",
                         "a7:30", "07:3a", "", "123:45", "1:2:3"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) cr_assert_eq(deploy_parse_hhmm(bad[i], &m), -1, "%s", bad[i]);
    cr_assert_eq(deploy_parse_hhmm(NULL, &m), -1);
}

Test(deploy_time, instants_across_the_changes)
{
    int64_t mar29 = day_of("2026-03-29"), oct25 = day_of("2026-10-25");
    cr_assert_eq(deploy_instant(day_of("2026-06-29"), 450), 1782711000);
    cr_assert_eq(deploy_instant(mar29, 450), 1774762200, "07:30 summer time");
    cr_assert_eq(deploy_instant(mar29 - 1, 450), 1774679400, "07:30 winter time, the day before");
    cr_assert_eq(deploy_instant(mar29, 119), ams(2026, 3, 29, 1, 59));
    cr_assert_eq(deploy_instant(mar29, 120), -1, "02:00 does not exist");
    cr_assert_eq(deploy_instant(mar29, 150), -1, "02:30 does not exist");
    cr_assert_eq(deploy_instant(mar29, 179), -1);
    cr_assert_eq(deploy_instant(mar29, 180) - deploy_instant(mar29, 119), 60, "01:59 and 03:00 are a minute apart");
    cr_assert_eq(deploy_instant(mar29 - 1, 1440 + 150), -1, "the next day's 02:30");
    /* The autumn overlap: the earlier of the two 02:30s. */
    cr_assert_eq(deploy_instant(oct25, 150), 1792888200);
    cr_assert_eq(deploy_instant(oct25, 180) - deploy_instant(oct25, 120), 7200, "02:00 to 03:00 is two hours");
    /* Minutes past 1440 are the next day. */
    cr_assert_eq(deploy_instant(oct25 - 1, 1440 + 420), deploy_instant(oct25, 420));
    cr_assert_eq(deploy_instant(oct25 - 2, 2 * 1440 + 420), deploy_instant(oct25, 420));
}

Test(deploy_time, priorities)
{
    cr_assert_eq(deploy_priority_parse("low"), 0);
    cr_assert_eq(deploy_priority_parse("normal"), 1);
    cr_assert_eq(deploy_priority_parse("high"), 2);
    cr_assert_eq(deploy_priority_parse("High"), -1);
    cr_assert_eq(deploy_priority_parse(""), -1);
    cr_assert_eq(deploy_priority_parse(NULL), -1);
    for (int p = 0; p < 3; p++) cr_assert_eq(deploy_priority_parse(deploy_priority_name(p)), p);
    cr_assert_null(deploy_priority_name(-1));
    cr_assert_null(deploy_priority_name(3));
}

/* ---- shifts ---- */

/* A valid single shift: Monday 29 June 2026 07:30-11:30 at location 7. */
static deploy_shift_input one_shift(void)
{
    return (deploy_shift_input){.date = "2026-06-29",
                                .start = "07:30",
                                .end = "11:30",
                                .location_ids = {7},
                                .nlocations = 1,
                                .headcount = "2"};
}

/* Validates and expands in: the shift count (or -1 with e). */
static int expand(const deploy_shift_input *in, arena *a, deploy_shift_spec **out, api_errors *e)
{
    int n = -1;
    int rc = deploy_shift_expand(in, a, out, &n, e);
    if (rc != 0) {
        cr_assert_eq(rc, -1);
        cr_assert_gt(e->n, 0, "a refusal names a field");
        cr_assert_null(*out);
        cr_assert_eq(n, 0);
        return -1;
    }
    return n;
}

Test(deploy_shift, a_single_shift)
{
    arena a;
    arena_init(&a, 0);
    deploy_shift_input in = one_shift();
    in.priority = "high";
    in.tasks = "Koffie rondbrengen\nWandelen met bewoners";
    in.skill_ids[0] = 3;
    in.skill_ids[1] = 4;
    in.nskills = 2;
    api_errors e = {0};
    cr_assert_eq(deploy_shift_validate(&in, &e), 0);
    deploy_shift_spec *s;
    cr_assert_eq(expand(&in, &a, &s, &e), 1);
    cr_assert_eq(s[0].location_id, 7);
    cr_assert_eq(s[0].starts_at, 1782711000);
    cr_assert_eq(s[0].ends_at, 1782725400);
    /* Two locations: one shift at each. */
    in.location_ids[1] = 9;
    in.nlocations = 2;
    cr_assert_eq(expand(&in, &a, &s, &e), 2);
    cr_assert_eq(s[1].location_id, 9);
    cr_assert_eq(s[1].starts_at, s[0].starts_at);
    /* An end before the start is the next day. */
    in = one_shift();
    in.start = "22:00";
    in.end = "6:00";
    cr_assert_eq(expand(&in, &a, &s, &e), 1);
    cr_assert_eq(s[0].starts_at, ams(2026, 6, 29, 22, 0));
    cr_assert_eq(s[0].ends_at, ams(2026, 6, 30, 6, 0));
    cr_assert_eq(e.n, 0);
    arena_free(&a);
}

Test(deploy_shift, every_field_error)
{
    deploy_shift_input in;
    api_errors e;
#define CHECK(field, reason, ...)                                                                                      \
    do {                                                                                                               \
        in = one_shift();                                                                                              \
        __VA_ARGS__;                                                                                                   \
        e = (api_errors){0};                                                                                           \
        cr_assert_eq(deploy_shift_validate(&in, &e), 1, "only %s is wrong (%d errors)", field, e.n);                   \
        expect_error(&e, field, reason);                                                                               \
    } while (0)
    CHECK("date", MSG_DEPLOY_DATE_OR_PERIOD, in.date = NULL);
    CHECK("date", MSG_DEPLOY_DATE_OR_PERIOD, in.date = "");
    CHECK("date", MSG_DEPLOY_DATE_OR_PERIOD, in.from_date = "2026-06-29");
    CHECK("date", MSG_DEPLOY_DATE_OR_PERIOD, in.to_date = "2026-06-29");
    CHECK("date", MSG_DEPLOY_DATE_OR_PERIOD, in.weekdays = 1);
    CHECK("date", MSG_DEPLOY_DATE_INVALID, in.date = "2026-06-31");
    CHECK("date", MSG_DEPLOY_DATE_INVALID, in.date = "29-06-2026");
    CHECK("from_date", MSG_DEPLOY_REQUIRED, in.date = NULL; in.to_date = "2026-08-28"; in.weekdays = 0x1f);
    CHECK("from_date", MSG_DEPLOY_DATE_INVALID, in.date = NULL; in.from_date = "2026-13-01"; in.to_date = "2026-08-28";
          in.weekdays = 0x1f);
    CHECK("to_date", MSG_DEPLOY_REQUIRED, in.date = NULL; in.from_date = "2026-06-29"; in.weekdays = 0x1f);
    CHECK("to_date", MSG_DEPLOY_DATE_INVALID, in.date = NULL; in.from_date = "2026-06-29"; in.to_date = "x";
          in.weekdays = 0x1f);
    CHECK("to_date", MSG_DEPLOY_PERIOD_ORDER, in.date = NULL; in.from_date = "2026-06-29"; in.to_date = "2026-06-28";
          in.weekdays = 0x1f);
    CHECK("to_date", MSG_DEPLOY_PERIOD_TOO_LONG, in.date = NULL; in.from_date = "2026-01-01";
          in.to_date = "2027-01-02"; in.weekdays = 0x1f);
    CHECK("weekdays", MSG_DEPLOY_WEEKDAYS_INVALID, in.date = NULL; in.from_date = "2026-06-29";
          in.to_date = "2026-08-28"; in.weekdays = 0x80);
    CHECK("weekdays", MSG_DEPLOY_WEEKDAYS_INVALID, in.date = NULL; in.from_date = "2026-06-29";
          in.to_date = "2026-08-28"; in.weekdays = -1);
    CHECK("weekdays", MSG_DEPLOY_WEEKDAYS_INVALID, in.date = NULL; in.from_date = "2026-06-29";
          in.to_date = "2026-07-01");
    CHECK("start", MSG_DEPLOY_REQUIRED, in.start = NULL);
    CHECK("start", MSG_DEPLOY_TIME_INVALID, in.start = "7.30");
    CHECK("end", MSG_DEPLOY_REQUIRED, in.end = "");
    CHECK("end", MSG_DEPLOY_TIME_INVALID, in.end = "25:00");
    CHECK("end", MSG_DEPLOY_TIME_EQUAL, in.end = "7:30");
    CHECK("location_ids", MSG_DEPLOY_LOCATION_REQUIRED, in.nlocations = 0);
    CHECK("location_ids", MSG_DEPLOY_LOCATIONS_INVALID, in.location_ids[1] = 7; in.nlocations = 2);
    CHECK("location_ids", MSG_DEPLOY_LOCATIONS_INVALID, in.location_ids[0] = 0);
    CHECK("location_ids", MSG_DEPLOY_LOCATIONS_INVALID, in.location_ids[0] = -4);
    CHECK("location_ids", MSG_DEPLOY_LOCATIONS_INVALID, in.nlocations = DEPLOY_MAX_LOCATIONS + 1);
    CHECK("location_ids", MSG_DEPLOY_LOCATIONS_INVALID, in.nlocations = -1);
    CHECK("headcount", MSG_DEPLOY_REQUIRED, in.headcount = NULL);
    CHECK("headcount", MSG_DEPLOY_HEADCOUNT_INVALID, in.headcount = "0");
    CHECK("headcount", MSG_DEPLOY_HEADCOUNT_INVALID, in.headcount = "101");
    CHECK("headcount", MSG_DEPLOY_HEADCOUNT_INVALID, in.headcount = "2 ");
    CHECK("headcount", MSG_DEPLOY_HEADCOUNT_INVALID, in.headcount = "twee");
    CHECK("priority", MSG_DEPLOY_PRIORITY_INVALID, in.priority = "urgent");
    CHECK("tasks", MSG_DEPLOY_TEXT_INVALID, in.tasks = "bel\x01");
    CHECK("tasks", MSG_DEPLOY_TEXT_INVALID, in.tasks = "\xff\xfe");
    static char long_tasks[DEPLOY_TEXT_MAX + 2];
    memset(long_tasks, 'x', DEPLOY_TEXT_MAX + 1);
    CHECK("tasks", MSG_DEPLOY_TOO_LONG, in.tasks = long_tasks);
    CHECK("skill_ids", MSG_DEPLOY_SKILLS_INVALID, in.skill_ids[0] = 5; in.skill_ids[1] = 5; in.nskills = 2);
    CHECK("skill_ids", MSG_DEPLOY_SKILLS_INVALID, in.skill_ids[0] = 0; in.nskills = 1);
    CHECK("skill_ids", MSG_DEPLOY_SKILLS_INVALID, in.nskills = DEPLOY_MAX_SKILLS + 1);
    CHECK("skill_ids", MSG_DEPLOY_SKILLS_INVALID, in.nskills = -1);
    /* Everything at once: one error per field. */
    in = (deploy_shift_input){.date = "x", .start = "x", .end = "x", .headcount = "x", .priority = "x",
                              .tasks = "\x02", .nskills = -1};
    e = (api_errors){0};
    cr_assert_eq(deploy_shift_validate(&in, &e), 8);
    expect_error(&e, "date", MSG_DEPLOY_DATE_INVALID);
    expect_error(&e, "start", MSG_DEPLOY_TIME_INVALID);
    expect_error(&e, "end", MSG_DEPLOY_TIME_INVALID);
    expect_error(&e, "location_ids", MSG_DEPLOY_LOCATION_REQUIRED);
    expect_error(&e, "headcount", MSG_DEPLOY_HEADCOUNT_INVALID);
    expect_error(&e, "priority", MSG_DEPLOY_PRIORITY_INVALID);
    expect_error(&e, "tasks", MSG_DEPLOY_TEXT_INVALID);
    expect_error(&e, "skill_ids", MSG_DEPLOY_SKILLS_INVALID);
    /* Limits that are fine. */
    in = one_shift();
    in.headcount = "100";
    in.priority = "";
    in.nlocations = DEPLOY_MAX_LOCATIONS;
    in.nskills = DEPLOY_MAX_SKILLS;
    for (int i = 0; i < DEPLOY_MAX_LOCATIONS; i++) in.location_ids[i] = i + 1;
    for (int i = 0; i < DEPLOY_MAX_SKILLS; i++) in.skill_ids[i] = 100 + i;
    memset(long_tasks, 'x', DEPLOY_TEXT_MAX);
    long_tasks[DEPLOY_TEXT_MAX] = '\0';
    in.tasks = long_tasks;
    e = (api_errors){0};
    cr_assert_eq(deploy_shift_validate(&in, &e), 0);
#undef CHECK
}

/* A pattern from from to to on the weekdays of mask, start-end, at the
 * locations 11, 12, ... (nloc of them). */
static deploy_shift_input pattern(const char *from, const char *to, int mask, const char *start, const char *end,
                                  int nloc)
{
    deploy_shift_input in = {.from_date = from, .to_date = to, .weekdays = mask, .start = start, .end = end,
                             .nlocations = nloc, .headcount = "1"};
    for (int i = 0; i < nloc; i++) in.location_ids[i] = 11 + i;
    return in;
}

Test(deploy_shift, the_summer_pattern)
{
    /* Weeks 27-35 of 2026 (29 June - 30 August), every weekday 07:30-11:30 at two locations. */
    arena a;
    arena_init(&a, 0);
    deploy_shift_input in = pattern("2026-06-29", "2026-08-30", 0x1f, "07:30", "11:30", 2);
    api_errors e = {0};
    cr_assert_eq(deploy_shift_validate(&in, &e), 0);
    deploy_shift_spec *s;
    int n = expand(&in, &a, &s, &e);
    cr_assert_eq(n, 9 * 5 * 2);
    cr_assert_eq(s[0].location_id, 11);
    cr_assert_eq(s[1].location_id, 12);
    cr_assert_eq(s[0].starts_at, 1782711000, "Monday 29 June 07:30 CEST");
    cr_assert_eq(s[0].ends_at, 1782725400);
    cr_assert_eq(s[n - 1].starts_at, 1787895000, "Friday 28 August 07:30 CEST");
    cr_assert_eq(s[n - 1].ends_at, 1787909400);
    for (int i = 0; i < n; i++) {
        cr_assert_eq(s[i].location_id, 11 + i % 2, "date order, then location order");
        cr_assert_eq(s[i].ends_at - s[i].starts_at, 4 * 3600);
        int64_t day = deploy_day_of(s[i].starts_at);
        cr_assert_lt(deploy_weekday(day), 5, "weekdays only");
        cr_assert_eq(s[i].starts_at, deploy_instant(day, 450));
        if (i >= 2) cr_assert_gt(s[i].starts_at, s[i - 2].starts_at);
    }
    /* Weekends only: 9 Saturdays and 9 Sundays. */
    in.weekdays = 0x60;
    cr_assert_eq(expand(&in, &a, &s, &e), 9 * 2 * 2);
    cr_assert_eq(deploy_weekday(deploy_day_of(s[0].starts_at)), 5);
    cr_assert_eq(e.n, 0);
    arena_free(&a);
}

Test(deploy_shift, across_the_spring_change)
{
    /* Every day from Friday 27 to Monday 30 March 2026, 07:30-11:30: the
     * clock times stay, the UTC times move an hour on Sunday. */
    arena a;
    arena_init(&a, 0);
    deploy_shift_input in = pattern("2026-03-27", "2026-03-30", 0x7f, "07:30", "11:30", 1);
    api_errors e = {0};
    deploy_shift_spec *s;
    cr_assert_eq(expand(&in, &a, &s, &e), 4);
    cr_assert_eq(s[1].starts_at, 1774679400, "Saturday 07:30 CET is 06:30 UTC");
    cr_assert_eq(s[2].starts_at, 1774762200, "Sunday 07:30 CEST is 05:30 UTC");
    cr_assert_eq(s[2].ends_at, 1774776600);
    for (int i = 0; i < 4; i++) cr_assert_eq(s[i].ends_at - s[i].starts_at, 4 * 3600, "four wall-clock hours");
    cr_assert_eq(s[2].starts_at - s[1].starts_at, 23 * 3600, "the short day");
    /* A night shift into the change: 22:00-07:00 is eight real hours. */
    in = pattern("2026-03-28", "2026-03-28", 0x7f, "22:00", "07:00", 1);
    cr_assert_eq(expand(&in, &a, &s, &e), 1);
    cr_assert_eq(s[0].starts_at, 1774731600);
    cr_assert_eq(s[0].ends_at, 1774760400);
    cr_assert_eq(s[0].ends_at - s[0].starts_at, 8 * 3600);
    cr_assert_eq(e.n, 0);
    arena_free(&a);
}

Test(deploy_shift, across_the_autumn_change)
{
    arena a;
    arena_init(&a, 0);
    api_errors e = {0};
    deploy_shift_spec *s;
    /* The night shift of Saturday 24 October 2026, 22:00-07:00: ten real hours. */
    deploy_shift_input in = one_shift();
    in.date = "2026-10-24";
    in.start = "22:00";
    in.end = "07:00";
    cr_assert_eq(expand(&in, &a, &s, &e), 1);
    cr_assert_eq(s[0].starts_at, 1792872000, "22:00 CEST");
    cr_assert_eq(s[0].ends_at, 1792908000, "07:00 CET");
    cr_assert_eq(s[0].ends_at - s[0].starts_at, 10 * 3600);
    /* On the day itself 07:30-11:30 is four hours, in winter time. */
    in.date = "2026-10-25";
    in.start = "7:30";
    in.end = "11:30";
    cr_assert_eq(expand(&in, &a, &s, &e), 1);
    cr_assert_eq(s[0].starts_at, 1792909800);
    cr_assert_eq(s[0].ends_at, 1792924200);
    /* A time in the overlap is its first occurrence (summer time). */
    in.start = "02:30";
    in.end = "04:00";
    cr_assert_eq(expand(&in, &a, &s, &e), 1);
    cr_assert_eq(s[0].starts_at, 1792888200);
    cr_assert_eq(s[0].ends_at - s[0].starts_at, 150 * 60, "one clock hour and a half, two and a half real");
    /* A pattern over the change: Friday 23 - Monday 26 October, 07:30-11:30. */
    in = pattern("2026-10-23", "2026-10-26", 0x7f, "07:30", "11:30", 1);
    cr_assert_eq(expand(&in, &a, &s, &e), 4);
    cr_assert_eq(s[2].starts_at - s[1].starts_at, 25 * 3600, "the long day");
    for (int i = 0; i < 4; i++) cr_assert_eq(s[i].ends_at - s[i].starts_at, 4 * 3600);
    cr_assert_eq(e.n, 0);
    arena_free(&a);
}

Test(deploy_shift, a_time_that_does_not_exist_names_its_field)
{
    arena a;
    arena_init(&a, 0);
    deploy_shift_spec *s;
    /* Sunday 29 March 2026 02:30 does not exist. */
    deploy_shift_input in = one_shift();
    in.date = "2026-03-29";
    in.start = "02:30";
    in.end = "06:00";
    api_errors e = {0};
    cr_assert_eq(deploy_shift_validate(&in, &e), 1);
    expect_error(&e, "start", MSG_DEPLOY_TIME_GAP);
    e = (api_errors){0};
    cr_assert_eq(expand(&in, &a, &s, &e), -1);
    expect_error(&e, "start", MSG_DEPLOY_TIME_GAP);
    /* A night shift ending in the gap. */
    in.date = "2026-03-28";
    in.start = "22:00";
    in.end = "02:15";
    e = (api_errors){0};
    cr_assert_eq(deploy_shift_validate(&in, &e), 1);
    expect_error(&e, "end", MSG_DEPLOY_TIME_GAP);
    /* A pattern that has that Sunday; one without it is fine. */
    in = pattern("2026-03-23", "2026-04-05", 0x7f, "02:15", "06:00", 2);
    e = (api_errors){0};
    cr_assert_eq(deploy_shift_validate(&in, &e), 1);
    expect_error(&e, "start", MSG_DEPLOY_TIME_GAP);
    in.weekdays = 0x3f; /* Monday to Saturday */
    e = (api_errors){0};
    cr_assert_eq(expand(&in, &a, &s, &e), 12 * 2);
    cr_assert_eq(e.n, 0);
    /* Over 24 real hours: 03:30-03:00 over the autumn night. */
    in = one_shift();
    in.date = "2026-10-24";
    in.start = "03:30";
    in.end = "03:00";
    e = (api_errors){0};
    cr_assert_eq(deploy_shift_validate(&in, &e), 1);
    expect_error(&e, "end", MSG_DEPLOY_SHIFT_TOO_LONG);
    in.date = "2026-10-23";
    e = (api_errors){0};
    cr_assert_eq(expand(&in, &a, &s, &e), 1, "23.5 hours on another night");
    cr_assert_eq(s[0].ends_at - s[0].starts_at, 23 * 3600 + 1800);
    arena_free(&a);
}

Test(deploy_shift, the_cap_and_an_empty_pattern)
{
    arena a;
    arena_init(&a, 0);
    deploy_shift_spec *s;
    api_errors e = {0};
    /* 250 days at 8 locations: exactly 2000 shifts. */
    int64_t from = day_of("2026-01-01");
    char to[11];
    deploy_format_day(from + 249, to);
    deploy_shift_input in = pattern("2026-01-01", to, 0x7f, "07:30", "11:30", 8);
    cr_assert_eq(expand(&in, &a, &s, &e), DEPLOY_MAX_PATTERN_SHIFTS);
    cr_assert_eq(s[1999].location_id, 18);
    cr_assert_eq(deploy_day_of(s[1999].starts_at), from + 249);
    /* One day more is 2008: refused on to_date. */
    deploy_format_day(from + 250, to);
    in.to_date = to;
    e = (api_errors){0};
    cr_assert_eq(deploy_shift_validate(&in, &e), 0, "the input itself is fine");
    cr_assert_eq(expand(&in, &a, &s, &e), -1);
    expect_error(&e, "to_date", MSG_DEPLOY_PATTERN_TOO_MANY);
    /* A whole year at one location is fine (366 days, the longest period). */
    in = pattern("2028-01-01", "2028-12-31", 0x7f, "07:30", "11:30", 1);
    e = (api_errors){0};
    cr_assert_eq(expand(&in, &a, &s, &e), 366);
    /* Only Sundays in a Monday-to-Saturday period: nothing. */
    in = pattern("2026-06-29", "2026-07-04", 0x40, "07:30", "11:30", 1);
    e = (api_errors){0};
    cr_assert_eq(expand(&in, &a, &s, &e), -1);
    expect_error(&e, "to_date", MSG_DEPLOY_PATTERN_EMPTY);
    /* Invalid input is not expanded. */
    in.headcount = "0";
    e = (api_errors){0};
    cr_assert_eq(expand(&in, &a, &s, &e), -1);
    expect_error(&e, "headcount", MSG_DEPLOY_HEADCOUNT_INVALID);
    /* Out of memory. */
    arena small;
    arena_init(&small, 64);
    in = pattern("2026-06-29", "2026-08-30", 0x1f, "07:30", "11:30", 2);
    int n = -1;
    e = (api_errors){0};
    cr_assert_eq(deploy_shift_expand(&in, &small, &s, &n, &e), -2);
    cr_assert_eq(e.n, 0);
    cr_assert_null(s);
    arena_free(&small);
    arena_free(&a);
}

/* ---- locations, profiles, availability, exceptions, documents, hours ---- */

Test(deploy_input, locations)
{
    api_errors e = {0};
    deploy_location_input in = {.name = "Opella Bennekom", .address = "Dorpsstraat 1", .postcode = "6721 AB"};
    cr_assert_eq(deploy_location_validate(&in, &e), 0);
    in = (deploy_location_input){.name = "Opella"};
    cr_assert_eq(deploy_location_validate(&in, &e), 0, "address and postcode are optional");
    in.postcode = "";
    cr_assert_eq(deploy_location_validate(&in, &e), 0);
    const char *bad_postcodes[] = {"6721AB", "6721 ab", "0721 AB", "6721 SS", "67210 AB", "6721", "6721 A B"};
    for (size_t i = 0; i < sizeof bad_postcodes / sizeof bad_postcodes[0]; i++) {
        in.postcode = bad_postcodes[i];
        e = (api_errors){0};
        cr_assert_eq(deploy_location_validate(&in, &e), 1, "%s", bad_postcodes[i]);
        expect_error(&e, "postcode", MSG_DEPLOY_POSTCODE_INVALID);
    }
    static char long_name[DEPLOY_NAME_MAX + 2];
    memset(long_name, 'x', DEPLOY_NAME_MAX + 1);
    in = (deploy_location_input){.name = NULL, .address = long_name};
    e = (api_errors){0};
    cr_assert_eq(deploy_location_validate(&in, &e), 2);
    expect_error(&e, "name", MSG_DEPLOY_REQUIRED);
    expect_error(&e, "address", MSG_DEPLOY_TOO_LONG);
    in = (deploy_location_input){.name = "a\nb", .address = "x\ty"};
    e = (api_errors){0};
    cr_assert_eq(deploy_location_validate(&in, &e), 2);
    expect_error(&e, "name", MSG_DEPLOY_TEXT_INVALID);
    expect_error(&e, "address", MSG_DEPLOY_TEXT_INVALID);
}

Test(deploy_input, profiles)
{
    api_errors e = {0};
    int h = -1, km = -1;
    deploy_profile_input in = {.max_week_hours = "16", .travel_km = "25"};
    cr_assert_eq(deploy_profile_validate(&in, &h, &km, &e), 0);
    cr_assert_eq(h, 16);
    cr_assert_eq(km, 25);
    in = (deploy_profile_input){.max_week_hours = "", .travel_km = NULL};
    cr_assert_eq(deploy_profile_validate(&in, &h, &km, &e), 0);
    cr_assert_eq(h, 0, "no limit");
    cr_assert_eq(km, 0);
    in = (deploy_profile_input){.max_week_hours = "1", .travel_km = "500"};
    cr_assert_eq(deploy_profile_validate(&in, &h, &km, &e), 0);
    const char *bad[][2] = {{"0", "0"}, {"61", "501"}, {"x", "1.5"}, {"-1", " 5"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        in = (deploy_profile_input){.max_week_hours = bad[i][0], .travel_km = bad[i][1]};
        e = (api_errors){0};
        cr_assert_eq(deploy_profile_validate(&in, &h, &km, &e), 2, "case %zu", i);
        expect_error(&e, "max_week_hours", MSG_DEPLOY_WEEK_HOURS_INVALID);
        expect_error(&e, "travel_km", MSG_DEPLOY_TRAVEL_INVALID);
    }
}

Test(deploy_input, windows)
{
    api_errors e = {0};
    int wd = -1, from = -1, to = -1;
    deploy_window_input in = {.weekday = "0", .from = "07:00", .to = "13:00"};
    cr_assert_eq(deploy_window_validate(&in, &wd, &from, &to, &e), 0);
    cr_assert_eq(wd, 0);
    cr_assert_eq(from, 420);
    cr_assert_eq(to, 780);
    in = (deploy_window_input){.weekday = "6", .from = "22:00", .to = "7:00"};
    cr_assert_eq(deploy_window_validate(&in, &wd, &from, &to, &e), 0);
    cr_assert_eq(wd, 6);
    cr_assert_eq(from, 1320);
    cr_assert_eq(to, 1440 + 420, "into the next day");
    in = (deploy_window_input){.weekday = "7", .from = "", .to = "x"};
    e = (api_errors){0};
    cr_assert_eq(deploy_window_validate(&in, &wd, &from, &to, &e), 3);
    expect_error(&e, "weekday", MSG_DEPLOY_WEEKDAY_INVALID);
    expect_error(&e, "from", MSG_DEPLOY_REQUIRED);
    expect_error(&e, "to", MSG_DEPLOY_TIME_INVALID);
    in = (deploy_window_input){.weekday = NULL, .from = "24:00", .to = NULL};
    e = (api_errors){0};
    cr_assert_eq(deploy_window_validate(&in, &wd, &from, &to, &e), 3);
    expect_error(&e, "weekday", MSG_DEPLOY_REQUIRED);
    expect_error(&e, "from", MSG_DEPLOY_TIME_INVALID);
    expect_error(&e, "to", MSG_DEPLOY_REQUIRED);
    in = (deploy_window_input){.weekday = "-1", .from = "9:00", .to = "09:00"};
    e = (api_errors){0};
    cr_assert_eq(deploy_window_validate(&in, &wd, &from, &to, &e), 2);
    expect_error(&e, "weekday", MSG_DEPLOY_WEEKDAY_INVALID);
    expect_error(&e, "to", MSG_DEPLOY_TIME_EQUAL);
}

Test(deploy_input, exceptions)
{
    api_errors e = {0};
    cr_assert_eq(deploy_exception_validate("2026-07-06", "2026-07-10", "Examenweek", &e), 0);
    cr_assert_eq(deploy_exception_validate("2026-07-06", "", NULL, &e), 0, "one day");
    cr_assert_eq(deploy_exception_validate("2026-07-06", NULL, "", &e), 0);
    cr_assert_eq(deploy_exception_validate("2026-07-06", "2026-07-06", NULL, &e), 0);
    cr_assert_eq(deploy_exception_validate("2026-01-01", "2027-01-01", NULL, &e), 0, "366 days");
    cr_assert_eq(deploy_exception_validate("2028-01-01", "2028-12-31", NULL, &e), 0, "366 days");
    cr_assert_eq(e.n, 0);
    cr_assert_eq(deploy_exception_validate(NULL, "2026-07-10", NULL, &e), 1);
    expect_error(&e, "from_date", MSG_DEPLOY_REQUIRED);
    e = (api_errors){0};
    cr_assert_eq(deploy_exception_validate("2026-7-6", "2026-07-32", NULL, &e), 2);
    expect_error(&e, "from_date", MSG_DEPLOY_DATE_INVALID);
    expect_error(&e, "to_date", MSG_DEPLOY_DATE_INVALID);
    e = (api_errors){0};
    cr_assert_eq(deploy_exception_validate("2026-07-06", "2026-07-05", NULL, &e), 1);
    expect_error(&e, "to_date", MSG_DEPLOY_PERIOD_ORDER);
    e = (api_errors){0};
    cr_assert_eq(deploy_exception_validate("2026-01-01", "2027-01-02", NULL, &e), 1, "367 days");
    expect_error(&e, "to_date", MSG_DEPLOY_PERIOD_TOO_LONG);
    static char long_reason[DEPLOY_NAME_MAX + 2];
    memset(long_reason, 'x', DEPLOY_NAME_MAX + 1);
    e = (api_errors){0};
    cr_assert_eq(deploy_exception_validate("2026-07-06", NULL, long_reason, &e), 1);
    expect_error(&e, "reason", MSG_DEPLOY_TOO_LONG);
    e = (api_errors){0};
    cr_assert_eq(deploy_exception_validate("2026-07-06", NULL, "vakantie\nweg", &e), 1);
    expect_error(&e, "reason", MSG_DEPLOY_TEXT_INVALID);
}

Test(deploy_input, documents)
{
    int64_t today = day_of("2026-06-15");
    api_errors e = {0};
    deploy_document_input in = {.kind = "vog", .issued_on = "2026-05-01"};
    cr_assert_eq(deploy_document_validate(&in, today, &e), 0);
    in = (deploy_document_input){.kind = "identity", .issued_on = "2026-06-15", .expires_on = "2031-03-01",
                                 .note = "paspoort\ngezien"};
    cr_assert_eq(deploy_document_validate(&in, today, &e), 0, "checked today");
    in = (deploy_document_input){.kind = "contract", .issued_on = "2026-06-01", .expires_on = "2026-06-01",
                                 .note = "oproepcontract\nzomer"};
    cr_assert_eq(deploy_document_validate(&in, today, &e), 0, "ends the day it starts");
    in.expires_on = "";
    cr_assert_eq(deploy_document_validate(&in, today, &e), 0);
    cr_assert_eq(e.n, 0);
    struct {
        deploy_document_input in;
        const char *field;
        msg_id reason;
    } cases[] = {
        {{.kind = NULL, .issued_on = "2026-05-01"}, "kind", MSG_DEPLOY_REQUIRED},
        {{.kind = "passport", .issued_on = "2026-05-01"}, "kind", MSG_DEPLOY_DOC_KIND_INVALID},
        {{.kind = "VOG", .issued_on = "2026-05-01"}, "kind", MSG_DEPLOY_DOC_KIND_INVALID},
        {{.kind = "vog", .issued_on = ""}, "issued_on", MSG_DEPLOY_REQUIRED},
        {{.kind = "vog", .issued_on = "1-5-2026"}, "issued_on", MSG_DEPLOY_DATE_INVALID},
        {{.kind = "vog", .issued_on = "2026-06-16"}, "issued_on", MSG_DEPLOY_DOC_FUTURE},
        {{.kind = "vog", .issued_on = "2026-05-01", .expires_on = "2026-08-01"}, "expires_on", MSG_DEPLOY_VOG_NO_EXPIRY},
        {{.kind = "identity", .issued_on = "2026-05-01", .expires_on = "2026-04-30"}, "expires_on",
         MSG_DEPLOY_DOC_EXPIRY_ORDER},
        {{.kind = "identity", .issued_on = "2026-05-01", .expires_on = "2031-02-30"}, "expires_on",
         MSG_DEPLOY_DATE_INVALID},
        {{.kind = "contract", .issued_on = "2026-05-01", .note = "\x7f"}, "note", MSG_DEPLOY_TEXT_INVALID},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        e = (api_errors){0};
        cr_assert_eq(deploy_document_validate(&cases[i].in, today, &e), 1, "case %zu", i);
        expect_error(&e, cases[i].field, cases[i].reason);
    }
    /* An issue date in the future leaves the expiry's order alone. */
    in = (deploy_document_input){.kind = "contract", .issued_on = "2026-07-01", .expires_on = "2026-06-30"};
    e = (api_errors){0};
    cr_assert_eq(deploy_document_validate(&in, today, &e), 1);
    expect_error(&e, "issued_on", MSG_DEPLOY_DOC_FUTURE);
}

Test(deploy_input, hours)
{
    api_errors e = {0};
    int m = -1;
    struct {
        const char *worked;
        int minutes;
    } good[] = {{"4:00", 240}, {"04:00", 240}, {"3:45", 225}, {"0:00", 0}, {"24:00", 1440}, {"10:05", 605},
                {"240", 240},  {"0", 0},       {"1440", 1440}};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        cr_assert_eq(deploy_hours_validate("worked", good[i].worked, &m, &e), 0, "%s", good[i].worked);
        cr_assert_eq(m, good[i].minutes, "%s", good[i].worked);
    }
    cr_assert_eq(deploy_hours_validate("missed", NULL, &m, &e), 0);
    cr_assert_eq(m, 0);
    cr_assert_eq(deploy_hours_validate("missed", "4:00", &m, &e), 0, "worked is not read");
    cr_assert_eq(m, 0);
    cr_assert_eq(e.n, 0);
    const char *bad[] = {"24:01", "25:00", "1441", "-5", "4:60", "4:5", "4.5", ":30", "123:00", "4:00 ", "a:00",
                         "4:0a", "4h"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        e = (api_errors){0};
        cr_assert_eq(deploy_hours_validate("worked", bad[i], &m, &e), 1, "%s", bad[i]);
        expect_error(&e, "worked", MSG_DEPLOY_WORKED_INVALID);
        cr_assert_eq(m, 0);
    }
    e = (api_errors){0};
    cr_assert_eq(deploy_hours_validate("worked", "", &m, &e), 1);
    expect_error(&e, "worked", MSG_DEPLOY_REQUIRED);
    e = (api_errors){0};
    cr_assert_eq(deploy_hours_validate(NULL, "4:00", &m, &e), 1);
    expect_error(&e, "status", MSG_DEPLOY_REQUIRED);
    e = (api_errors){0};
    cr_assert_eq(deploy_hours_validate("open", "4:00", &m, &e), 1);
    expect_error(&e, "status", MSG_DEPLOY_HOURS_STATUS_INVALID);
}
