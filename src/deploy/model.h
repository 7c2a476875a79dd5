/* deploy model: the pure input rules of deployment. Checks of shifts,
 * patterns, availability, exceptions, profiles and documents as typed (form
 * or JSON) that name the wrong field, the expansion of a pattern into
 * shifts, and Amsterdam days and times. No I/O. The field names in the
 * errors are the members' names below (the form's and the JSON body's);
 * the reasons are MSG_DEPLOY_* of deploy/messages.def. */
#ifndef INSTROOM_DEPLOY_MODEL_H
#define INSTROOM_DEPLOY_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "http/api.h"

#define DEPLOY_TEXT_MAX 2000
#define DEPLOY_NAME_MAX 200
#define DEPLOY_MAX_SKILLS 16          /* skills a shift may require */
#define DEPLOY_MAX_LOCATIONS 8        /* locations of one pattern */
#define DEPLOY_MAX_PATTERN_SHIFTS 2000 /* shifts one pattern may create */
#define DEPLOY_MAX_HEADCOUNT 100

/* The Amsterdam day of utc as days since 1970-01-01. */
int64_t deploy_day_of(int64_t utc);
/* The weekday (0 Monday .. 6 Sunday) of a day since 1970-01-01. */
int deploy_weekday(int64_t day);
/* Parses "YYYY-MM-DD" into days since 1970-01-01; 0 or -1. */
int deploy_parse_day(const char *s, int64_t *day);
/* Writes day as "YYYY-MM-DD" (11 bytes; "" outside the years 0-9999). */
void deploy_format_day(int64_t day, char out[static 11]);
/* Parses "HH:MM" (00:00..23:59, also "H:MM") into minutes; 0 or -1. */
int deploy_parse_hhmm(const char *s, int *minutes);
/* The UTC instant of minute `minutes` after the Amsterdam midnight starting
 * day (minutes may pass 1440 for the next day); -1 when the wall-clock time
 * does not exist (the spring gap). */
int64_t deploy_instant(int64_t day, int minutes);

/* Priorities as stored ("low", "normal", "high") and as the planner weighs
 * them (0, 1, 2): parse gives -1 for anything else, name NULL. */
int deploy_priority_parse(const char *s);
const char *deploy_priority_name(int p);

/* One shift or a pattern of shifts, as typed. Times are "HH:MM"; an end
 * before the start ends the next day. A single shift has `date`; a pattern
 * has `from_date`, `to_date` and `weekdays` (bit 0 Monday .. bit 6 Sunday)
 * and is posted at every location of location_ids. */
typedef struct deploy_shift_input {
    const char *date;
    const char *from_date;
    const char *to_date;
    int weekdays;
    const char *start;
    const char *end;
    int64_t location_ids[DEPLOY_MAX_LOCATIONS];
    int nlocations;
    const char *headcount;        /* 1..100 as text */
    const char *priority;         /* low, normal, high; NULL/empty: normal */
    const char *tasks;            /* optional, multiline */
    int64_t skill_ids[DEPLOY_MAX_SKILLS];
    int nskills;
} deploy_shift_input;

/* A shift the input expands to (before its location is known to exist). */
typedef struct deploy_shift_spec {
    int64_t location_id;
    int64_t starts_at, ends_at;   /* UTC */
} deploy_shift_spec;

/* Checks in: exactly one of date and (from_date, to_date, weekdays) given
 * (else the error is on "date"); real dates, to_date >= from_date, at most
 * 366 days; times HH:MM and not equal; a wall-clock time that does not exist
 * on one of the days (the spring gap) names "start" or "end", and so does a
 * shift of more than 24 real hours; one to DEPLOY_MAX_LOCATIONS distinct
 * positive location_ids; headcount 1..100; priority known; tasks at most
 * DEPLOY_TEXT_MAX characters; up to DEPLOY_MAX_SKILLS distinct positive
 * skill_ids. Each instant comes from its own wall-clock time, so a shift
 * over a daylight-saving change lasts an hour more or less than its clock
 * times say. Adds an error per wrong field; the number of errors. */
int deploy_shift_validate(const deploy_shift_input *in, api_errors *e);
/* Expands a valid in into its shifts (date order, then location order) in
 * a; *n gets how many. Adds an error to "to_date" and returns -1 when there
 * would be none or more than DEPLOY_MAX_PATTERN_SHIFTS (and -1 with
 * deploy_shift_validate's errors when in is not valid); -2 when out of
 * memory. */
int deploy_shift_expand(const deploy_shift_input *in, arena *a, deploy_shift_spec **out, int *n, api_errors *e);

/* A location as typed. */
typedef struct deploy_location_input {
    const char *name;             /* required, <= DEPLOY_NAME_MAX */
    const char *address;          /* optional */
    const char *postcode;         /* optional; a Dutch postcode as intake_postcode_normalise writes it ("1234 AB") */
} deploy_location_input;
/* Checks in (address at most DEPLOY_NAME_MAX); the number of errors. */
int deploy_location_validate(const deploy_location_input *in, api_errors *e);

/* A person's limits and preferences as typed; empty texts: no limit. */
typedef struct deploy_profile_input {
    const char *max_week_hours;   /* 1..60 */
    const char *travel_km;        /* 1..500 */
} deploy_profile_input;
/* Checks and converts (0: no limit); the number of errors. */
int deploy_profile_validate(const deploy_profile_input *in, int *max_week_hours, int *travel_km, api_errors *e);

/* One line of the weekly pattern as typed. */
typedef struct deploy_window_input {
    const char *weekday;          /* 0..6 */
    const char *from;             /* HH:MM */
    const char *to;               /* HH:MM; before from: into the next day */
} deploy_window_input;
/* Checks and converts (to_min may pass 1440). errors name "weekday", "from", "to". */
int deploy_window_validate(const deploy_window_input *in, int *weekday, int *from_min, int *to_min, api_errors *e);

/* An exception as typed: from_date..to_date inclusive (to_date empty: one
 * day), at most 366 days; reason optional, at most DEPLOY_NAME_MAX. The
 * number of errors. */
int deploy_exception_validate(const char *from_date, const char *to_date, const char *reason, api_errors *e);

/* A document as typed: kind vog, identity or contract; issued_on a real date
 * not after today (vog: the issue date, identity: the day it was checked,
 * contract: the day it was signed); expires_on optional and not before
 * issued_on (a VOG has none: its validity is counted from the first shift). */
typedef struct deploy_document_input {
    const char *kind;
    const char *issued_on;
    const char *expires_on;
    const char *note;
} deploy_document_input;
/* today: the Amsterdam day (deploy_day_of). The number of errors. */
int deploy_document_validate(const deploy_document_input *in, int64_t today, api_errors *e);

/* The worked hours of a shift as typed by the supervisor: status worked or
 * missed; minutes 0..1440 ("H:MM" or whole minutes), 0 when missed (worked
 * is then not read). Errors name "status" and "worked"; their number. */
int deploy_hours_validate(const char *status, const char *worked, int *minutes, api_errors *e);

#endif
