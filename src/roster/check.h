/* roster check: the independent validator. It recomputes feasibility and the
 * objective of a solution straight from the model, sharing no code with the
 * solver's incremental evaluator, so that each checks the other. */
#ifndef INSTROOM_ROSTER_CHECK_H
#define INSTROOM_ROSTER_CHECK_H

#include <stdint.h>

#include "roster/model.h"
#include "roster/solution.h"

/* Hard rules. */
typedef enum roster_rule {
    ROSTER_RULE_DAY_OFF,         /* works on a day off (unavailable) */
    ROSTER_RULE_SUCCESSION,      /* forbidden shift on the day after */
    ROSTER_RULE_MAX_SHIFTS,      /* too many shifts of one type */
    ROSTER_RULE_MAX_MINUTES,     /* too many minutes over the horizon */
    ROSTER_RULE_MIN_MINUTES,     /* too few minutes over the horizon */
    ROSTER_RULE_MAX_CONSECUTIVE, /* run of working days too long */
    ROSTER_RULE_MIN_CONSECUTIVE, /* inner run of working days too short */
    ROSTER_RULE_MIN_DAYS_OFF,    /* inner run of days off too short */
    ROSTER_RULE_MAX_WEEKENDS,    /* too many weekends worked */
    ROSTER_RULE_SKILL,           /* lacks a skill the shift requires */
    ROSTER_RULE_AVAILABILITY,    /* shift outside the availability windows */
    ROSTER_RULE_REST,            /* less than the minimum rest between shifts */
    ROSTER_RULE_WEEK_MINUTES,    /* contract hours of a week exceeded */
    ROSTER_RULE_YOUTH_NIGHT,     /* under 18 on a night shift */
    ROSTER_RULE_YOUTH_SHIFT,     /* under 18 on a shift over 9 hours */
    ROSTER_RULE_YOUTH_WEEK,      /* under 18 over 40 hours in a week */
    ROSTER_RULE_TRAVEL,          /* shift further away than the maximum travel */
    ROSTER_RULE_COUNT
} roster_rule;

/* Soft parts of the objective. */
typedef enum roster_soft {
    ROSTER_SOFT_ON_REQUESTS,  /* on-requests not honoured */
    ROSTER_SOFT_OFF_REQUESTS, /* off-requests worked */
    ROSTER_SOFT_UNDER,        /* cover: persons missing */
    ROSTER_SOFT_OVER,         /* cover: persons too many */
    ROSTER_SOFT_TRAVEL,       /* km travelled */
    ROSTER_SOFT_CONTINUITY,   /* location changes between consecutive days */
    ROSTER_SOFT_FAIRNESS,     /* hours away from the fair share */
    ROSTER_SOFT_COUNT
} roster_soft;

typedef struct roster_violation {
    roster_rule rule;
    int employee;   /* index */
    int day;        /* first day concerned, or ROSTER_NONE */
    int amount;     /* how far over or under (days, shifts, minutes) */
} roster_violation;

typedef struct roster_report {
    int64_t objective;               /* sum of the soft parts */
    int64_t soft[ROSTER_SOFT_COUNT]; /* the objective by part */
    int nviolations;                 /* hard rules broken; 0 = feasible */
    int counts[ROSTER_RULE_COUNT];   /* violations by rule */
    roster_violation *violations;    /* the first cap_violations of them (malloc'd) */
    int nstored;
    int cap;
} roster_report;

/* Checks sol against ins: fills rep with the objective and the hard-rule
 * violations (rep is initialised here; free it with roster_report_free).
 * Returns 0, ROSTER_ERANGE when sol does not fit ins, or ROSTER_ENOMEM. */
int roster_check(const roster_instance *ins, const roster_solution *sol, roster_report *rep);
/* Frees what roster_check allocated in rep. */
void roster_report_free(roster_report *rep);
/* Returns the short name of a rule ("max-consecutive"), never NULL. */
const char *roster_rule_name(roster_rule rule);
/* Returns the short name of a soft part ("cover-under"), never NULL. */
const char *roster_soft_name(roster_soft part);
/* Writes a one-line English description of v into out (outlen bytes). */
void roster_violation_describe(const roster_instance *ins, const roster_violation *v, char *out,
                               size_t outlen);

#endif
