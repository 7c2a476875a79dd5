/* deploy plan: the pure side of deployment planning. It turns posted shifts
 * and the people who may work them into a roster_instance (roster/model.h),
 * asks the roster engine for a roster (or, given the published roster, for
 * a repair that changes as little as possible), maps it back to shifts and
 * people, checks any roster rule by rule, and explains why places stay
 * unfilled. No I/O; the app side (planner.c) loads and stores.
 *
 * Days are Amsterdam calendar days counted as days since 1970-01-01
 * (time_days_from_civil); instants are UTC seconds. A person works at most
 * one shift a day (the day of its start). Rules, each with its own code:
 * documents (VOG issued at most 3 months before the person's first shift,
 * identity checked and not expired, a contract covering the day), skills,
 * the weekly availability pattern and its exceptions, travel limit, youth
 * (under 18: no night shift, at most 9 hours a shift and 40 a week), one
 * shift a day, 11 hours rest between shifts, the person's maximum hours per
 * calendar week, and a shift's places (headcount).
 *
 * Time: availability and night are read on the Amsterdam wall clock (on the
 * night the clocks go back, 22:00-07:00 lasts 10 hours and needs a window
 * 22:00-31:00); shift lengths, rest and week hours are elapsed time (that
 * night shift is 10 hours of work). Calendar weeks run Monday to Sunday;
 * a shift counts in the week of its start. */
#ifndef INSTROOM_DEPLOY_PLAN_H
#define INSTROOM_DEPLOY_PLAN_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DEPLOY_NO_DAY INT64_MIN     /* no such day (no document, unknown birth date) */
#define DEPLOY_OPEN_END INT64_MAX   /* valid without an end */
#define DEPLOY_REST_MINUTES 660     /* 11 hours */
#define DEPLOY_VOG_MONTHS 3

typedef enum deploy_rule {
    DEPLOY_RULE_OK = 0,
    DEPLOY_RULE_VOG,          /* no VOG, or issued after the shift, or more than 3 months before the first shift */
    DEPLOY_RULE_IDENTITY,     /* identity not checked, or the document expired by the shift's day */
    DEPLOY_RULE_CONTRACT,     /* no signed contract covering the shift's day */
    DEPLOY_RULE_SKILL,        /* lacks a skill the shift requires */
    DEPLOY_RULE_AVAILABILITY, /* the shift is not inside the weekly availability pattern */
    DEPLOY_RULE_EXCEPTION,    /* the person said they cannot work that day (exam week, holiday) */
    DEPLOY_RULE_TRAVEL,       /* the location is further than the person's travel limit */
    DEPLOY_RULE_YOUTH_NIGHT,  /* under 18 on a night shift (any minute between 23:00 and 06:00) */
    DEPLOY_RULE_YOUTH_SHIFT,  /* under 18 on a shift over 9 hours */
    DEPLOY_RULE_SAME_DAY,     /* already works another shift that day */
    DEPLOY_RULE_REST,         /* less than 11 hours after the previous or before the next shift */
    DEPLOY_RULE_WEEK_HOURS,   /* over the person's maximum hours in that calendar week */
    DEPLOY_RULE_YOUTH_WEEK,   /* under 18 over 40 hours in that calendar week */
    DEPLOY_RULE_FULL,         /* every place of the shift is taken */
    DEPLOY_RULE_COUNT
} deploy_rule;

/* The rule's short name for the API and logs ("rest", "vog", ...), never NULL. */
const char *deploy_rule_name(deploy_rule r);

typedef struct deploy_shift {
    int64_t id;
    int64_t org_id;
    int64_t location_id;
    int64_t starts_at, ends_at;   /* UTC; ends_at > starts_at, at most 24 h */
    int headcount;                /* places, >= 1 */
    int priority;                 /* 0 low, 1 normal, 2 high: how much an empty place costs */
    const int64_t *skills;        /* skill ids every person on it must have */
    int nskills;
    bool located;                 /* lat/lon known (the location's postcode) */
    double lat, lon;
} deploy_shift;

typedef struct deploy_window {
    int weekday;                  /* 0 Monday .. 6 Sunday (Amsterdam) */
    int from_min, to_min;         /* minutes after midnight; to_min may pass 1440 */
} deploy_window;

typedef struct deploy_range {
    int64_t from_day, to_day;     /* inclusive */
} deploy_range;

/* A shift the person already works outside this problem (another
 * organisation's published roster): it counts for one shift a day, rest and
 * week hours, and is never changed. */
typedef struct deploy_busy {
    int64_t starts_at, ends_at;
} deploy_busy;

typedef struct deploy_person {
    int64_t id;
    int64_t birth_day;            /* DEPLOY_NO_DAY: unknown (treated as an adult) */
    bool located;
    double lat, lon;
    int max_week_minutes;         /* -1: no limit of their own */
    int travel_km;                /* -1: no limit */
    const int64_t *skills;        /* skill ids the person has */
    int nskills;
    const int64_t *pref_orgs;     /* none: no preference */
    int npref_orgs;
    const int64_t *pref_locations;
    int npref_locations;
    const deploy_window *week;    /* the weekly pattern; none: never available */
    int nweek;
    const deploy_range *exceptions;
    int nexceptions;
    int64_t vog_day;              /* issue day, DEPLOY_NO_DAY: none */
    int64_t identity_until;       /* last valid day; DEPLOY_NO_DAY: not checked; DEPLOY_OPEN_END: no expiry */
    int64_t contract_from;        /* DEPLOY_NO_DAY: no contract */
    int64_t contract_until;       /* DEPLOY_OPEN_END: open-ended */
    int64_t first_day;            /* first day deployed before (published elsewhere), DEPLOY_NO_DAY: none */
    const deploy_busy *busy;
    int nbusy;
    const int64_t *refused;       /* shift ids the person cancelled: never again on them
                                     (DEPLOY_RULE_EXCEPTION) */
    int nrefused;
} deploy_person;

/* One person on one shift: indices into the problem's arrays. */
typedef struct deploy_assignment {
    int shift;
    int person;
} deploy_assignment;

typedef struct deploy_problem {
    const deploy_shift *shifts;
    int nshifts;
    const deploy_person *people;
    int npeople;
} deploy_problem;

typedef struct deploy_plan_options {
    double time_limit;                  /* seconds; 0 = none (then iterations > 0) */
    uint64_t iterations;                /* 0 = none */
    uint64_t seed;
    const volatile sig_atomic_t *stop;  /* may be NULL */
    const deploy_assignment *published; /* repair mode when non-NULL: change as little as possible */
    int npublished;
} deploy_plan_options;

typedef struct deploy_plan_result {
    deploy_assignment *assigned;  /* malloc'd; free with deploy_plan_result_free */
    int nassigned;
    int needed;                   /* places of all shifts */
    int filled;                   /* places taken */
    int64_t objective;            /* the engine's objective of the roster */
    int changes;                  /* repair mode: assignments added or dropped against published */
    int dropped;                  /* the engine's assignments taken back by the final check (the
                                     rest across the night the clocks go forward, a rest reaching
                                     two days on after a long shift): 0 but in such corners */
    double seconds;
} deploy_plan_result;

/* Sets the defaults: 5 s, no iteration limit, seed 1, not repair. */
void deploy_plan_options_init(deploy_plan_options *o);

/* The first rule that keeps person p off shift s on its own (documents,
 * skills, availability, exceptions, travel, youth night and shift length),
 * or DEPLOY_RULE_OK. Looks at no other shift. The VOG counts from the first
 * deployed day: p->first_day when known, else the shift's own day (the
 * conservative reading for someone not deployed before: each shift then
 * needs a VOG of at most 3 months before it); "3 months before" 31 May is
 * 28 (29) February. The shift must lie inside one window of its weekday,
 * or of the day before when that window passes midnight. Under 18: before
 * the 18th birthday (born 29 February: 1 March in other years). */
deploy_rule deploy_eligible(const deploy_person *p, const deploy_shift *s);

/* Finds a roster for pb under o that breaks no rule, fills as many places
 * as it can (high priority first) and prefers short travel, preferred
 * organisations and locations, and a fair spread of hours. 0 or a negative
 * code of roster/model.h with a message in err (errlen bytes, may be 0):
 * ROSTER_EINPUT for bad input, ROSTER_ERANGE without a time or iteration
 * limit, ROSTER_ELIMIT when the shifts need more kinds (start time, length,
 * location, organisation, skills, priority) than the engine holds, span
 * more days or name more people, ROSTER_ENOMEM. out->assigned is sorted by
 * shift and person. Deterministic for the same pb, seed and iterations
 * (time_limit 0). Two points are conservative (see plan.c): the engine has
 * one week limit for all weeks, so with busy hours in some weeks the
 * tightest such week may bind the others; and a shift inside another of
 * the same day that the person may not work (one they refused) is kept off
 * by a prohibitive weight, not a hard rule. Every roster passes
 * deploy_plan_check: what the engine proposes that breaks a rule is taken
 * back (out->dropped). */
int deploy_plan_solve(const deploy_problem *pb, const deploy_plan_options *o, deploy_plan_result *out, char *err,
                      size_t errlen);
void deploy_plan_result_free(deploy_plan_result *r);

typedef struct deploy_violation {
    deploy_rule rule;
    int person;                   /* index */
    int shift;                    /* index of the assignment's shift */
    int other;                    /* the other shift involved (same day, rest), or -1 */
} deploy_violation;

/* Checks the roster a (n assignments) against every rule, including the
 * people's busy shifts; stores at most max violations in out and returns how
 * many there are (0: the roster keeps every rule), or -1 on bad indices (or
 * out of memory). In this order: each assignment's first rule of
 * deploy_eligible; per person, each pair of their shifts (busy ones
 * included, two busy ones never) on the same day or less than 11 hours
 * apart (shift: the later, other: the earlier; a busy shift is other -1),
 * each week over their maximum and each week over 40 hours when under 18
 * on its Monday (shift: the week's last); each assignment beyond its
 * shift's places (FULL). The same person twice on a shift is SAME_DAY. */
int deploy_plan_check(const deploy_problem *pb, const deploy_assignment *a, int n, deploy_violation *out, int max);

/* Why shift s has empty places in roster a: counts[r] gets how many people
 * rule r keeps off it (each person counted once, under the first rule that
 * stops them, in the order of deploy_rule; people already on it are not
 * counted), counts[DEPLOY_RULE_OK] how many could take a place. Returns the
 * rule with the largest count, the earlier on a tie (DEPLOY_RULE_OK when
 * nobody is kept off: the engine left it for a better roster elsewhere, and
 * with bad indices, when every count is 0). */
deploy_rule deploy_plan_explain(const deploy_problem *pb, const deploy_assignment *a, int n, int s,
                                int counts[DEPLOY_RULE_COUNT]);

#endif
