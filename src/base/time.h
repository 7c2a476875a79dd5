/* time: instants are int64 seconds since the Unix epoch, UTC. They are shown
 * and planned in Europe/Amsterdam (CET/CEST, EU summer-time rules). */
#ifndef INSTROOM_BASE_TIME_H
#define INSTROOM_BASE_TIME_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;

/* Now, in seconds since the epoch (UTC). */
int64_t time_now(void);
/* Monotonic milliseconds, for durations. */
int64_t time_mono_ms(void);
/* Offset of Europe/Amsterdam from UTC at the instant utc: 3600 or 7200. */
int time_ams_offset(int64_t utc);
/* Breaks utc down into Amsterdam local time. */
void time_ams_local(int64_t utc, struct tm *out);
/* Converts an Amsterdam wall-clock time to UTC. A time in the spring gap
 * returns -1; a time in the autumn overlap takes the earlier (summer) one. */
int time_ams_to_utc(int year, int mon, int day, int hour, int min, int sec, int64_t *out);
/* Parses "YYYY-MM-DD" (a real calendar date); 0 or -1. */
int time_parse_date(const char *s, int *year, int *mon, int *day);
/* Days in the month (1-12) of year. */
int time_days_in_month(int year, int mon);
/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
int64_t time_days_from_civil(int year, int mon, int day);
/* The civil date (proleptic Gregorian) of days since 1970-01-01. */
void time_civil_from_days(int64_t days, int *year, int *mon, int *day);
/* Formats utc as "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes). */
void time_format_utc(char *out, size_t n, int64_t utc);
/* Formats utc in Amsterdam time with strftime's fmt. */
void time_format_ams(char *out, size_t n, int64_t utc, const char *fmt);
/* The Amsterdam date of utc as 'YYYY-MM-DD' (the form dates are stored in). */
void time_ams_date(int64_t utc, char out[static 11]);
/* Today's Amsterdam date as 'YYYY-MM-DD', copied into a. */
const char *time_ams_today(struct arena *a);

#endif
