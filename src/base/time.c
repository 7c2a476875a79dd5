#include "base/time.h"

#include "base/arena.h"

#include <stdio.h>
#include <string.h>

int64_t time_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec;
}

int64_t time_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t time_days_from_civil(int y, int m, int d)
{
    /* Howard Hinnant's days_from_civil. */
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int time_days_in_month(int year, int mon)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mon < 1 || mon > 12) return 0;
    if (mon == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
    return days[mon - 1];
}

/* The UTC instant 01:00 on the last Sunday of month mon of year. */
static int64_t last_sunday_0100_utc(int year, int mon)
{
    int last = time_days_in_month(year, mon);
    int64_t days = time_days_from_civil(year, mon, last);
    int weekday = (int)((days % 7 + 11) % 7); /* 0 = Sunday; 1970-01-01 was a Thursday */
    days -= weekday;
    return days * 86400 + 3600;
}

int time_ams_offset(int64_t utc)
{
    struct tm tm;
    time_t t = (time_t)utc;
    gmtime_r(&t, &tm);
    int year = tm.tm_year + 1900;
    if (utc >= last_sunday_0100_utc(year, 3) && utc < last_sunday_0100_utc(year, 10)) return 7200;
    return 3600;
}

void time_ams_local(int64_t utc, struct tm *out)
{
    time_t t = (time_t)(utc + time_ams_offset(utc));
    gmtime_r(&t, out);
    out->tm_isdst = time_ams_offset(utc) == 7200;
}

int time_ams_to_utc(int year, int mon, int day, int hour, int min, int sec, int64_t *out)
{
    if (mon < 1 || mon > 12 || day < 1 || day > time_days_in_month(year, mon) || hour < 0 ||
        hour > 23 || min < 0 || min > 59 || sec < 0 || sec > 59)
        return -1;
    int64_t wall = time_days_from_civil(year, mon, day) * 86400 + hour * 3600 + min * 60 + sec;
    /* Try summer time first so that the autumn overlap yields the earlier instant. */
    int64_t summer = wall - 7200, winter = wall - 3600;
    if (time_ams_offset(summer) == 7200) {
        *out = summer;
        return 0;
    }
    if (time_ams_offset(winter) == 3600) {
        *out = winter;
        return 0;
    }
    return -1; /* the hour that does not exist in spring */
}

int time_parse_date(const char *s, int *year, int *mon, int *day)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return -1;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > time_days_in_month(y, m)) return -1;
    *year = y;
    *mon = m;
    *day = d;
    return 0;
}

void time_civil_from_days(int64_t z, int *y, int *m, int *d)
{
    /* Howard Hinnant's civil_from_days. */
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static void put2(char *p, int v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
}

void time_format_utc(char *out, size_t n, int64_t utc)
{
    int64_t days = utc >= 0 ? utc / 86400 : -((-utc + 86399) / 86400);
    int64_t secs = utc - days * 86400;
    int y, m, d;
    time_civil_from_days(days, &y, &m, &d);
    if (n < 21 || y < 0 || y > 9999) {
        if (n) out[0] = '\0';
        return;
    }
    /* YYYY-MM-DDTHH:MM:SSZ */
    put2(out, y / 100);
    put2(out + 2, y % 100);
    out[4] = '-';
    put2(out + 5, m);
    out[7] = '-';
    put2(out + 8, d);
    out[10] = 'T';
    put2(out + 11, (int)(secs / 3600));
    out[13] = ':';
    put2(out + 14, (int)(secs / 60 % 60));
    out[16] = ':';
    put2(out + 17, (int)(secs % 60));
    out[19] = 'Z';
    out[20] = '\0';
}

void time_ams_date(int64_t utc, char out[static 11])
{
    time_format_ams(out, 11, utc, "%Y-%m-%d");
}

const char *time_ams_today(arena *a)
{
    char d[11];
    time_ams_date(time_now(), d);
    return arena_strdup(a, d);
}

void time_format_ams(char *out, size_t n, int64_t utc, const char *fmt)
{
    struct tm tm;
    time_ams_local(utc, &tm);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    if (strftime(out, n, fmt, &tm) == 0 && n) out[0] = '\0';
#pragma GCC diagnostic pop
}
