/* training: the model's rules (weekday and daypart in Amsterdam time,
 * availability, the completion rule, input checks naming the field, cohort
 * references). */
#include <criterion/criterion.h>

#include <string.h>

#include "base/arena.h"
#include "base/time.h"
#include "http/api.h"
#include "training/model.h"

static int64_t ams(int y, int mo, int d, int h, int mi)
{
    int64_t t = 0;
    cr_assert_eq(time_ams_to_utc(y, mo, d, h, mi, 0, &t), 0);
    return t;
}

Test(training_model, weekday_and_daypart_are_amsterdam_time)
{
    /* Tuesday 14 April 2026, summer time (UTC+2). */
    int64_t t = ams(2026, 4, 14, 9, 0);
    cr_assert_eq(t, 1776150000);
    cr_assert_eq(training_weekday(t), 1, "Tuesday");
    cr_assert_eq(training_daypart(t), TRAINING_MORNING);
    cr_assert_eq(training_daypart(ams(2026, 4, 14, 11, 59)), TRAINING_MORNING);
    cr_assert_eq(training_daypart(ams(2026, 4, 14, 12, 0)), TRAINING_AFTERNOON);
    cr_assert_eq(training_daypart(ams(2026, 4, 14, 17, 59)), TRAINING_AFTERNOON);
    cr_assert_eq(training_daypart(ams(2026, 4, 14, 18, 0)), TRAINING_EVENING);
    /* 00:30 in Amsterdam on a Wednesday is still Tuesday in UTC. */
    int64_t late = ams(2026, 4, 15, 0, 30);
    cr_assert_eq(training_weekday(late), 2, "Wednesday in Amsterdam");
    cr_assert_eq(training_daypart(late), TRAINING_MORNING);
    /* Winter time: Sunday 1 March 2026 at 23:30 CET is Sunday 22:30 UTC. */
    cr_assert_eq(training_weekday(ams(2026, 3, 1, 23, 30)), 6, "Sunday");
}

Test(training_model, availability_from_an_application)
{
    int days = TRAINING_ALL_DAYS, parts = TRAINING_ALL_PARTS;
    training_avail_from_application(0, 0, &days, &parts);
    cr_assert_eq(days, TRAINING_ALL_DAYS, "none given: keep everything");
    cr_assert_eq(parts, TRAINING_ALL_PARTS);
    training_avail_from_application(0x03, 0x08 | 0x02, &days, &parts);
    cr_assert_eq(days, 0x03);
    cr_assert_eq(parts, 0x02, "the night bit is dropped");
    days = 5;
    parts = 1;
    training_avail_from_application(0x80, 0x08, &days, &parts);
    cr_assert_eq(days, 5, "nothing in range: left alone");
    cr_assert_eq(parts, 1, "nights only: left alone");
}

Test(training_model, completion_needs_every_module)
{
    cr_assert_not(training_is_complete(0, 0), "a course without modules is never complete");
    cr_assert_not(training_is_complete(3, 2));
    cr_assert(training_is_complete(3, 3));
    cr_assert(training_is_complete(4, 4));
}

Test(training_model, session_times_in_amsterdam)
{
    int64_t a, b;
    cr_assert_eq(training_session_times("2026-04-14", "09:00", "12:30", &a, &b), 0);
    cr_assert_eq(a, 1776150000);
    cr_assert_eq(b - a, 3 * 3600 + 1800);
    cr_assert_eq(training_session_times("2026-04-14", "12:00", "09:00", &a, &b), -2);
    cr_assert_eq(training_session_times("2026-04-14", "12:00", "12:00", &a, &b), -2);
    cr_assert_eq(training_session_times("2026-02-30", "09:00", "12:00", &a, &b), -1);
    cr_assert_eq(training_session_times("2026-03-29", "02:30", "04:00", &a, &b), -1, "in the spring gap");
    cr_assert_eq(training_clock_parse("23:59"), 23 * 60 + 59);
    cr_assert_eq(training_clock_parse("24:00"), -1);
    cr_assert_eq(training_clock_parse("9:00"), -1);
    cr_assert_eq(training_clock_parse(NULL), -1);
}

Test(training_model, course_validation_names_every_wrong_field)
{
    api_errors e = {0};
    training_course_input in = {.slug = "Zorg Runners", .name = "", .description_nl = "ok\nmultiline",
                                .description_en = "bad\x01", .org_id = 0};
    cr_assert_eq(training_course_validate(&in, &e), 4);
    cr_assert(api_errors_has(&e, "slug", NULL));
    cr_assert(api_errors_has(&e, "name", NULL));
    cr_assert(api_errors_has(&e, "description_en", NULL));
    cr_assert(api_errors_has(&e, "org_id", NULL));
    cr_assert_not(api_errors_has(&e, "description_nl", NULL));
    api_errors ok = {0};
    training_course_input good = {.slug = "zorgrunner-basis", .name = "Zorgrunner basisvaardigheden", .org_id = 3};
    cr_assert_eq(training_course_validate(&good, &ok), 0);
}

Test(training_model, module_validation_and_skill_lines)
{
    arena a;
    arena_init(&a, 1 << 20);
    training_module_input in = {.position = "1", .name_nl = "Dagdeel 1", .name_en = "Daypart 1", .dayparts = "1"};
    api_errors e = {0};
    training_module_skills_parse(&a, "handhygiene 2\n\nurn:instroom:skill:privacy 1; meals 3", &in, &e);
    cr_assert_eq(e.n, 0);
    cr_assert_eq(in.nskills, 3);
    cr_assert_str_eq(in.skills[1].ref, "urn:instroom:skill:privacy");
    cr_assert_eq(in.skills[2].level, 3);
    cr_assert_eq(training_module_validate(&in, &e), 0);
    cr_assert_eq(in.position_n, 1);
    cr_assert_eq(in.dayparts_n, 1);

    api_errors bad = {0};
    training_module_input b = {.position = "0", .name_nl = "x", .name_en = "", .weeks = "600"};
    training_module_skills_parse(&a, "handhygiene 5", &b, &bad);
    cr_assert(api_errors_has(&bad, "skills", NULL), "level 5 is out of range");
    training_module_validate(&b, &bad);
    cr_assert(api_errors_has(&bad, "position", NULL));
    cr_assert(api_errors_has(&bad, "name_en", NULL));
    cr_assert(api_errors_has(&bad, "weeks", NULL));

    api_errors dup = {0};
    training_module_input d = {.position = "2", .name_nl = "x", .name_en = "y"};
    training_module_skills_parse(&a, "a 1\na 2", &d, &dup);
    cr_assert_eq(training_module_validate(&d, &dup), 1);
    cr_assert(api_errors_has(&dup, "skills", NULL), "the same skill twice");
    arena_free(&a);
}

Test(training_model, session_validation)
{
    training_session_input in = {.org_id = 1, .location = "ROC Rivor, Tiel", .postcode = "4001 AB", .date = "2026-04-14",
                                 .start = "09:00", .end = "12:00", .capacity = "12"};
    api_errors e = {0};
    cr_assert_eq(training_session_validate(&in, &e), 0);
    cr_assert_eq(in.capacity_n, 12);
    cr_assert_eq(in.starts_at, 1776150000);

    training_session_input bad = {.org_id = 0, .location = "", .postcode = "0123 AB", .date = "14-04-2026",
                                  .start = "09:00", .end = "25:00", .capacity = "-1"};
    api_errors be = {0};
    training_session_validate(&bad, &be);
    const char *fields[] = {"org_id", "location", "postcode", "date", "end", "capacity"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        cr_assert(api_errors_has(&be, fields[i], NULL), "%s", fields[i]);
    cr_assert_not(api_errors_has(&be, "start", NULL));

    training_session_input order = in;
    order.end = "08:00";
    api_errors oe = {0};
    cr_assert_eq(training_session_validate(&order, &oe), 1);
    cr_assert(api_errors_has(&oe, "end", NULL));
}

Test(training_model, postcodes_statuses_results)
{
    cr_assert(training_postcode_valid("6711 AB"));
    cr_assert(training_postcode_valid("6711ab"));
    cr_assert_not(training_postcode_valid("0711 AB"));
    cr_assert_not(training_postcode_valid("6711  AB"));
    cr_assert_not(training_postcode_valid("6711"));
    cr_assert(training_attendance_status_valid("excused"));
    cr_assert_not(training_attendance_status_valid("late"));
    cr_assert(training_result_valid("passed"));
    cr_assert_not(training_result_valid("PASSED"));
}

Test(training_model, cohort_references)
{
    arena a;
    arena_init(&a, 1 << 16);
    int64_t id;
    const char *slug, *name;
    cr_assert_eq(training_cohort_ref_parse(&a, "12", &id, &slug, &name), 0);
    cr_assert_eq(id, 12);
    cr_assert_null(slug);
    cr_assert_eq(training_cohort_ref_parse(&a, "zorgrunners/Zomer 2026", &id, &slug, &name), 0);
    cr_assert_eq(id, 0);
    cr_assert_str_eq(slug, "zorgrunners");
    cr_assert_str_eq(name, "Zomer 2026");
    cr_assert_eq(training_cohort_ref_parse(&a, "Zorg/x", &id, &slug, &name), -1);
    cr_assert_eq(training_cohort_ref_parse(&a, "zorgrunners/", &id, &slug, &name), -1);
    cr_assert_eq(training_cohort_ref_parse(&a, "0", &id, &slug, &name), -1);
    cr_assert_eq(training_cohort_ref_parse(&a, "", &id, &slug, &name), -1);
    arena_free(&a);
}
