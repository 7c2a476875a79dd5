/* deploy ical: the calendar feed (see ical.h). Each content line is made
 * whole in a scratch buffer, then written folded. */
#include "deploy/ical.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/time.h"

#define FOLD_OCTETS 75 /* RFC 5545 3.1: octets per line, CRLF not counted */

/* Appends the content line to out folded: a line longer than FOLD_OCTETS
 * goes on in lines that start with a space, and no fold falls before a UTF-8
 * continuation byte (unless a run of them fills a whole line, which valid
 * UTF-8 never does). */
static void put_folded(buf *out, const char *s, size_t n)
{
    size_t room = FOLD_OCTETS;
    while (n > room) {
        size_t cut = room;
        while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;
        if (cut == 0) cut = room;
        buf_append(out, s, cut);
        buf_puts(out, "\r\n ");
        s += cut;
        n -= cut;
        room = FOLD_OCTETS - 1; /* the leading space counts */
    }
    buf_append(out, s, n);
    buf_puts(out, "\r\n");
}

/* Appends s as a TEXT value: backslash, semicolon and comma escaped, line
 * ends (CRLF, LF or CR) as \n, other control characters but tab left out. */
static void put_text(buf *b, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '\\': buf_puts(b, "\\\\"); break;
        case ';': buf_puts(b, "\\;"); break;
        case ',': buf_puts(b, "\\,"); break;
        case '\r':
            if (s[1] == '\n') s++;
            buf_puts(b, "\\n");
            break;
        case '\n': buf_puts(b, "\\n"); break;
        default:
            if ((c < 0x20 && c != '\t') || c == 0x7f) break;
            buf_putc(b, (char)c);
        }
    }
}

/* Appends t as a DATE-TIME in UTC (YYYYMMDDTHHMMSSZ). */
static void put_utc(buf *b, int64_t t)
{
    struct tm tm;
    time_t tt = (time_t)t;
    gmtime_r(&tt, &tm);
    buf_printf(b, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
               tm.tm_sec);
}

/* Appends ";TZID=Europe/Amsterdam:" and t as Amsterdam wall-clock time, or
 * ":" and t in UTC when t is in the second hour of the autumn overlap (a
 * local time there means its first occurrence, RFC 5545 3.3.5). */
static void put_local(buf *b, int64_t t)
{
    struct tm tm;
    time_ams_local(t, &tm);
    int64_t back;
    if (time_ams_to_utc(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, &back) != 0 ||
        back != t) {
        buf_putc(b, ':');
        put_utc(b, t);
        return;
    }
    buf_printf(b, ";TZID=Europe/Amsterdam:%04d%02d%02dT%02d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
               tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* The feed being written: each content line is made in line, then folded into out. */
typedef struct ical_writer {
    buf *out;
    buf line;
    bool failed;    /* a line could not be made (out of memory) */
} ical_writer;

/* Writes w->line folded to w->out and empties it. */
static void end_line(ical_writer *w)
{
    if (w->line.failed) w->failed = true;
    else put_folded(w->out, buf_cstr(&w->line), w->line.len);
    buf_reset(&w->line);
}

/* A line "NAME:" with the TEXT value s (nothing when s is NULL). */
static void text_line(ical_writer *w, const char *name, const char *s)
{
    if (!s) return;
    buf_puts(&w->line, name);
    buf_putc(&w->line, ':');
    put_text(&w->line, s);
    end_line(w);
}

/* Europe/Amsterdam since 1996: summer time from the last Sunday of March
 * 02:00 to the last Sunday of October 03:00 (local). */
static const char vtimezone[] = "BEGIN:VTIMEZONE\r\n"
                                "TZID:Europe/Amsterdam\r\n"
                                "BEGIN:DAYLIGHT\r\n"
                                "TZOFFSETFROM:+0100\r\n"
                                "TZOFFSETTO:+0200\r\n"
                                "TZNAME:CEST\r\n"
                                "DTSTART:19700329T020000\r\n"
                                "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
                                "END:DAYLIGHT\r\n"
                                "BEGIN:STANDARD\r\n"
                                "TZOFFSETFROM:+0200\r\n"
                                "TZOFFSETTO:+0100\r\n"
                                "TZNAME:CET\r\n"
                                "DTSTART:19701025T030000\r\n"
                                "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
                                "END:STANDARD\r\n"
                                "END:VTIMEZONE\r\n";

int deploy_ical_write(buf *out, const char *calname, const char *domain, const deploy_ical_event *ev, int n,
                      int64_t now)
{
    ical_writer w = {.out = out};
    buf_init(&w.line, out->max);
    buf *line = &w.line;
    buf_puts(out, "BEGIN:VCALENDAR\r\n"
                  "VERSION:2.0\r\n"
                  "PRODID:-//instroom//deploy//NL\r\n"
                  "CALSCALE:GREGORIAN\r\n"
                  "METHOD:PUBLISH\r\n");
    text_line(&w, "X-WR-CALNAME", calname ? calname : "");
    buf_puts(out, "X-WR-TIMEZONE:Europe/Amsterdam\r\n");
    buf_puts(out, vtimezone);
    for (int i = 0; i < n; i++) {
        const deploy_ical_event *e = &ev[i];
        buf_puts(out, "BEGIN:VEVENT\r\n");
        buf_printf(line, "UID:deploy-%" PRId64 "@", e->id);
        put_text(line, domain);
        end_line(&w);
        buf_puts(line, "DTSTAMP:");
        put_utc(line, now);
        end_line(&w);
        buf_puts(line, "DTSTART");
        put_local(line, e->starts_at);
        end_line(&w);
        buf_puts(line, "DTEND");
        put_local(line, e->ends_at);
        end_line(&w);
        text_line(&w, "SUMMARY", e->summary ? e->summary : "");
        text_line(&w, "LOCATION", e->location);
        text_line(&w, "DESCRIPTION", e->description);
        buf_puts(line, "LAST-MODIFIED:");
        put_utc(line, e->updated_at);
        end_line(&w);
        buf_printf(out, "SEQUENCE:%" PRId64 "\r\n", e->updated_at / 60);
        buf_puts(out, e->cancelled ? "STATUS:CANCELLED\r\n" : "STATUS:CONFIRMED\r\n");
        buf_puts(out, "END:VEVENT\r\n");
    }
    buf_puts(out, "END:VCALENDAR\r\n");
    buf_free(line);
    return out->failed || w.failed ? -1 : 0;
}
