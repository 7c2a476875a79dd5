/* deploy ical: a person's published shifts as an iCalendar feed (RFC 5545).
 * Times are written as Amsterdam wall-clock times with TZID=Europe/Amsterdam
 * and a VTIMEZONE with the EU summer-time rules, so calendars show the
 * right local time on both sides of a daylight-saving change. Lines end in
 * CRLF and are folded at 75 octets (never inside a UTF-8 sequence); TEXT
 * values are escaped. Pure: no I/O. */
#ifndef INSTROOM_DEPLOY_ICAL_H
#define INSTROOM_DEPLOY_ICAL_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"

typedef struct deploy_ical_event {
    int64_t id;                /* the assignment: UID is "deploy-<id>@<domain>" */
    int64_t starts_at, ends_at; /* UTC */
    const char *summary;       /* e.g. "Dienst Opella" */
    const char *location;      /* may be NULL */
    const char *description;   /* may be NULL; may hold newlines */
    int64_t updated_at;        /* LAST-MODIFIED, and SEQUENCE in seconds/60 */
    bool cancelled;            /* STATUS:CANCELLED (calendars then remove it) */
} deploy_ical_event;

/* Appends a VCALENDAR named calname (X-WR-CALNAME) with the n events to out;
 * DTSTAMP is now. 0, or -1 when out of memory. */
int deploy_ical_write(buf *out, const char *calname, const char *domain, const deploy_ical_event *ev, int n,
                      int64_t now);

#endif
