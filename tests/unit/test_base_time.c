#include <criterion/criterion.h>

#include "base/arena.h"
#include "base/time.h"

/* 2024-03-31 01:00 UTC: CET -> CEST. 2024-10-27 01:00 UTC: CEST -> CET. */
Test(time, amsterdam_offsets_around_dst)
{
    int64_t spring = time_days_from_civil(2024, 3, 31) * 86400 + 3600;
    cr_assert_eq(time_ams_offset(spring - 1), 3600);
    cr_assert_eq(time_ams_offset(spring), 7200);
    int64_t autumn = time_days_from_civil(2024, 10, 27) * 86400 + 3600;
    cr_assert_eq(time_ams_offset(autumn - 1), 7200);
    cr_assert_eq(time_ams_offset(autumn), 3600);
    cr_assert_eq(time_ams_offset(time_days_from_civil(2024, 7, 1) * 86400), 7200);
    cr_assert_eq(time_ams_offset(time_days_from_civil(2024, 1, 1) * 86400), 3600);
}

Test(time, local_to_utc)
{
    int64_t t;
    cr_assert_eq(time_ams_to_utc(2024, 7, 1, 7, 30, 0, &t), 0);
    char s[32];
    time_format_utc(s, sizeof s, t);
    cr_assert_str_eq(s, "2024-07-01T05:30:00Z");
    cr_assert_eq(time_ams_to_utc(2024, 1, 15, 7, 30, 0, &t), 0);
    time_format_utc(s, sizeof s, t);
    cr_assert_str_eq(s, "2024-01-15T06:30:00Z");
    cr_assert_eq(time_ams_to_utc(2024, 3, 31, 2, 30, 0, &t), -1, "02:30 does not exist that day");
    cr_assert_eq(time_ams_to_utc(2024, 10, 27, 2, 30, 0, &t), 0);
    time_format_utc(s, sizeof s, t);
    cr_assert_str_eq(s, "2024-10-27T00:30:00Z", "the overlap takes the summer-time instant");
    time_format_ams(s, sizeof s, t, "%H:%M");
    cr_assert_str_eq(s, "02:30");
    cr_assert_eq(time_ams_to_utc(2023, 2, 29, 0, 0, 0, &t), -1);
}

Test(time, parse_date)
{
    int y, m, d;
    cr_assert_eq(time_parse_date("2024-02-29", &y, &m, &d), 0);
    cr_assert_eq(y * 10000 + m * 100 + d, 20240229);
    cr_assert_eq(time_parse_date("2023-02-29", &y, &m, &d), -1);
    cr_assert_eq(time_parse_date("2024-13-01", &y, &m, &d), -1);
    cr_assert_eq(time_parse_date("2024-1-01", &y, &m, &d), -1);
    cr_assert_eq(time_parse_date("24-01-011", &y, &m, &d), -1);
    cr_assert_eq(time_parse_date(NULL, &y, &m, &d), -1);
    cr_assert_eq(time_days_from_civil(1970, 1, 1), 0);
    cr_assert_eq(time_days_from_civil(2000, 3, 1), 11017);
    time_civil_from_days(11017, &y, &m, &d);
    cr_assert_eq(y * 10000 + m * 100 + d, 20000301);
    time_civil_from_days(-1, &y, &m, &d);
    cr_assert_eq(y * 10000 + m * 100 + d, 19691231);
    /* Every day of 1900-2100 there and back. */
    for (int64_t day = time_days_from_civil(1900, 1, 1); day <= time_days_from_civil(2100, 12, 31); day++) {
        time_civil_from_days(day, &y, &m, &d);
        cr_assert(m >= 1 && m <= 12 && d >= 1 && d <= time_days_in_month(y, m));
        cr_assert_eq(time_days_from_civil(y, m, d), day);
    }
}

Test(time, format_utc_matches_gmtime)
{
    /* The hand-written formatter against the C library, across eras and leap days. */
    const int64_t samples[] = {0, 59, 86399, 86400, 951782400, 951868799, 1709164800, 1772353800,
                               4102444800, -1, -86400, -2208988800, 253402300799};
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        char mine[32], ref[32];
        time_format_utc(mine, sizeof mine, samples[i]);
        struct tm tm;
        time_t t = (time_t)samples[i];
        gmtime_r(&t, &tm);
        strftime(ref, sizeof ref, "%Y-%m-%dT%H:%M:%SZ", &tm);
        cr_assert_str_eq(mine, ref, "%lld", (long long)samples[i]);
    }
    for (int64_t t = -400LL * 86400 * 366; t < 400LL * 86400 * 366; t += 86400 * 7 + 3607) {
        char mine[32], ref[32];
        time_format_utc(mine, sizeof mine, t);
        struct tm tm;
        time_t tt = (time_t)t;
        gmtime_r(&tt, &tm);
        strftime(ref, sizeof ref, "%Y-%m-%dT%H:%M:%SZ", &tm);
        cr_assert_str_eq(mine, ref);
    }
    char small[8] = "x";
    time_format_utc(small, sizeof small, 0);
    cr_assert_str_eq(small, "", "a buffer too small gets an empty string");
}

Test(time, the_amsterdam_date)
{
    char d[11];
    time_ams_date(1795391400, d); /* 2026-11-22 23:50 UTC is 00:50 on the 23rd in Amsterdam */
    cr_assert_str_eq(d, "2026-11-23");
    time_ams_date(1782336600, d); /* 2026-06-24 21:30 UTC is 23:30 the same day in summer time */
    cr_assert_str_eq(d, "2026-06-24");
    arena a;
    arena_init(&a, 0);
    const char *t = time_ams_today(&a);
    int y, m, dd;
    cr_assert_eq(time_parse_date(t, &y, &m, &dd), 0, "%s", t);
    arena_free(&a);
}
