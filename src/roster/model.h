/* roster model: staff, shift types, days, cover, requests and rules of a
 * shift-rostering problem. It holds everything of the Curtois & Qu benchmark
 * format plus the rules care rosters need (skills, availability, 11 h rest,
 * weekly contract hours, youth rules, travel, continuity, fair spread).
 *
 * The model is a plain C struct that callers fill through the builder
 * functions below (the app builds one from its database; roster_curtois_read
 * builds one from a file). Order of building: all locations and shifts first,
 * then employees, cover, requests and the rest; adding a shift or location
 * after the first employee fails with ROSTER_ESTATE.
 *
 * Conventions: days count from 0 (day 0 is a weekday given by first_weekday,
 * 0 = Monday); minutes are integers; ROSTER_NONE (-1) means "no limit" or
 * "unknown". All strings and arrays belong to the instance. */
#ifndef INSTROOM_ROSTER_MODEL_H
#define INSTROOM_ROSTER_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

enum {
    ROSTER_OK = 0,
    ROSTER_ENOMEM = -1, /* out of memory */
    ROSTER_EINPUT = -2, /* bad input; the error text says where and what */
    ROSTER_ELIMIT = -3, /* a documented size limit is exceeded */
    ROSTER_ESTATE = -4, /* call out of order (e.g. a shift after an employee) */
    ROSTER_ERANGE = -5, /* an argument is out of range */
};

#define ROSTER_NONE (-1)
#define ROSTER_MAX_DAYS 1461         /* four years */
#define ROSTER_MAX_SHIFTS 100        /* shift types */
#define ROSTER_MAX_EMPLOYEES 5000
#define ROSTER_MAX_SKILLS 64         /* skills are bits of a uint64_t */
#define ROSTER_MAX_LOCATIONS 1000
#define ROSTER_MAX_WEIGHT 1000000    /* any single weight or requirement */
#define ROSTER_MAX_ID 64             /* bytes of an ID */
#define ROSTER_YOUTH_MAX_SHIFT 540   /* under 18: at most 9 hours a shift */
#define ROSTER_YOUTH_MAX_WEEK 2400   /* under 18: at most 40 hours a week */
#define ROSTER_DEFAULT_REST 660      /* 11 hours between shifts */

typedef struct roster_shift {
    const char *id;     /* unique, owned by the instance */
    int minutes;        /* length, 1..1440 */
    int start;          /* start, minutes after midnight, or ROSTER_NONE */
    int night;          /* 1 night shift, 0 not, ROSTER_NONE: derived from start
                           (any minute between 23:00 and 06:00 is night) */
    int location;       /* index into locations, or ROSTER_NONE */
    uint64_t skills;    /* skills the shift requires (all of them) */
} roster_shift;

typedef struct roster_employee {
    const char *id;           /* unique, owned by the instance */
    int *max_shifts;          /* [nshifts] max shifts of each type, ROSTER_NONE = no limit */
    int max_total_minutes;    /* over the horizon, ROSTER_NONE = no limit */
    int min_total_minutes;    /* ROSTER_NONE = no limit */
    int max_consecutive;      /* longest run of working days, ROSTER_NONE = none */
    int min_consecutive;      /* shortest inner run of working days, ROSTER_NONE = none */
    int min_consecutive_off;  /* shortest inner run of days off, ROSTER_NONE = none */
    int max_weekends;         /* weekends worked, ROSTER_NONE = no limit */
    uint8_t *day_off;         /* [ndays] 1 = may not work (hard) */
    /* care rules */
    uint64_t skills;          /* skills the employee has */
    int max_week_minutes;     /* contract: per calendar week, ROSTER_NONE = none */
    int youth;                /* 1 = under 18: no nights, <= 9 h a shift, <= 40 h a week */
    int max_travel;           /* km, ROSTER_NONE = no limit */
    int *travel;              /* [nlocations] km to each location, ROSTER_NONE = unknown */
    int target_minutes;       /* fair share over the horizon, ROSTER_NONE = none */
    int has_windows;          /* set when availability windows exist: then only
                                 shifts inside a window may be worked */
} roster_employee;

typedef struct roster_cover {
    int requirement;    /* persons wanted */
    int under_weight;   /* penalty per person missing */
    int over_weight;    /* penalty per person too many */
    int set;            /* 0 = no cover line: no penalty either way */
} roster_cover;

typedef struct roster_request {
    int employee;       /* index */
    int day;            /* index, or ROSTER_NONE = every day */
    int shift;          /* index, or ROSTER_NONE = any shift */
    int weight;         /* penalty when not honoured, > 0 */
    int on;             /* 1 = wants to work it, 0 = wants it off */
} roster_request;

typedef struct roster_window {
    int employee;       /* index */
    int day;            /* index */
    int from;           /* minutes after that day's midnight */
    int to;             /* may exceed 1440 for a window into the next day */
} roster_window;

typedef struct roster_instance {
    arena mem;                 /* strings and fixed arrays */
    const char *name;          /* for messages, e.g. the file name */
    int ndays;
    int first_weekday;         /* weekday of day 0, 0 = Monday .. 6 = Sunday */
    int nshifts;
    roster_shift *shifts;
    uint8_t *forbidden;        /* [ROSTER_MAX_SHIFTS^2]: forbidden[a * ROSTER_MAX_SHIFTS
                                  + b] = 1 when shift b may not be worked the day
                                  after shift a */
    int nemployees;
    roster_employee *employees;
    int nlocations;
    const char **locations;    /* location IDs */
    int nskills;
    const char **skills;       /* skill names; bit i of a mask is skills[i] */
    roster_cover *cover;       /* [ndays * nshifts], day-major; NULL until frozen */
    int nrequests;
    roster_request *requests;
    int nwindows;
    roster_window *windows;
    /* care weights and settings */
    int min_rest;              /* minutes between the end of one shift and the
                                  start of the next (both with start times) */
    int travel_weight;         /* penalty per km of each worked shift */
    int continuity_weight;     /* penalty per pair of consecutive worked days
                                  at different locations */
    int fair_weight;           /* penalty per whole hour away from target_minutes */
    /* private */
    int frozen;                /* shifts and locations are final */
    int cap_employees, cap_requests, cap_windows, cap_shifts, cap_locations, cap_skills;
} roster_instance;

/* Creates an empty instance of ndays days (1..ROSTER_MAX_DAYS) named name (may
 * be NULL). Returns NULL when out of memory or ndays is out of range. The
 * caller frees it with roster_instance_free. */
roster_instance *roster_instance_create(const char *name, int ndays);
/* Frees the instance and everything it owns; NULL is fine. */
void roster_instance_free(roster_instance *ins);

/* Adds a shift type of the given length; returns its index (>= 0) or a
 * negative code (duplicate or bad id, bad length, too many, after employees). */
int roster_shift_add(roster_instance *ins, const char *id, int minutes);
/* Adds a location; returns its index or a negative code. Before employees. */
int roster_location_add(roster_instance *ins, const char *id);
/* Returns the bit index of skill name, adding it when new; negative on error. */
int roster_skill_bit(roster_instance *ins, const char *name);
/* Forbids shift `to` on the day after shift `from`; 0 or a negative code. */
int roster_succession_forbid(roster_instance *ins, int from, int to);
/* Adds an employee with no limits and no skills; returns its index or a
 * negative code. Freezes shifts and locations. */
int roster_employee_add(roster_instance *ins, const char *id);
/* Marks day as a day the employee may not work; 0 or a negative code. */
int roster_day_off_add(roster_instance *ins, int employee, int day);
/* Sets the cover of shift on day (replacing an earlier one); 0 or negative. */
int roster_cover_set(roster_instance *ins, int day, int shift, int requirement,
                     int under_weight, int over_weight);
/* Adds an on (on = 1) or off request; day and shift may be ROSTER_NONE
 * (every day, any shift). Returns 0 or a negative code. */
int roster_request_add(roster_instance *ins, int employee, int day, int shift,
                       int weight, int on);
/* Adds an availability window; the employee may then only work shifts that
 * lie inside one of their windows. Returns 0 or a negative code. */
int roster_window_add(roster_instance *ins, int employee, int day, int from, int to);

/* Returns the index of the shift with this id, or -1. */
int roster_shift_find(const roster_instance *ins, const char *id);
/* Returns the index of the employee with this id, or -1. */
int roster_employee_find(const roster_instance *ins, const char *id);
/* Returns the index of the location with this id, or -1. */
int roster_location_find(const roster_instance *ins, const char *id);

/* Returns 1 when the day is a Saturday or Sunday, else 0. */
int roster_day_is_weekend(const roster_instance *ins, int day);
/* Returns the weekend number (0, 1, ...) of a Saturday or Sunday, else -1.
 * A weekend is one Saturday and the Sunday after it. */
int roster_day_weekend(const roster_instance *ins, int day);
/* Returns the calendar week (Monday to Sunday) of day, counting from 0. */
int roster_day_week(const roster_instance *ins, int day);
/* Returns 1 when shift s is a night shift (flag or derived from its start). */
int roster_shift_is_night(const roster_instance *ins, int s);

/* Reads an instance in the Curtois & Qu text format (plus the optional care
 * sections of docs/roster.md) from len bytes of text. name is used in
 * messages. On success stores a new instance in *out (caller frees) and
 * returns 0; on bad input returns ROSTER_EINPUT and writes
 * "NAME:LINE: what is wrong" into err (errlen bytes, may be 0). */
int roster_curtois_read(const char *text, size_t len, const char *name,
                        roster_instance **out, char *err, size_t errlen);

#endif
