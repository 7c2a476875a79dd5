/* guidance model: the pure rules of guidance. Input checks that name the
 * wrong field (coach links, contact moments, check-ins, support needs), the
 * extra-coaching plan of the first 3 months of BBL, and the early-warning
 * rules that turn a person's facts into signals with a reason. No I/O.
 * Dates are 'YYYY-MM-DD' (Europe/Amsterdam); "today" is passed in. */
#ifndef INSTROOM_GUIDANCE_MODEL_H
#define INSTROOM_GUIDANCE_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "http/api.h"

#define GUIDANCE_TEXT_MAX 4000  /* notes, descriptions (characters) */
#define GUIDANCE_SHORT_MAX 200  /* a referral: to whom */

/* True for a coach kind: werkcoach, jobcoach, mentor, buddy, vitality, digi. */
bool guidance_coach_kind_valid(const char *s);
/* True for a contact channel: meeting, phone, video, message, workplace. */
bool guidance_channel_valid(const char *s);
/* True for a support need kind: debts, childcare, transport, language, housing, health. */
bool guidance_need_kind_valid(const char *s);
/* True for a need status: open, referred, in_progress, resolved, closed. */
bool guidance_need_status_valid(const char *s);
/* True for a status that no longer needs follow-up (resolved, closed). */
bool guidance_need_status_final(const char *s);
/* True for a real calendar date written 'YYYY-MM-DD'. */
bool guidance_date_valid(const char *s);
/* Days from date a to date b (b - a); both must be valid. */
int64_t guidance_days_between(const char *a, const char *b);
/* d plus days as 'YYYY-MM-DD' into out (11 bytes); -1 when d is not a date. */
int guidance_date_add(const char *d, int days, char out[11]);

/* A coach link as typed. */
typedef struct guidance_link_input {
    int64_t coach_id;          /* the coach (a user); -1 when not a number */
    const char *kind;
    const char *started_on;    /* 'YYYY-MM-DD' */
    const char *ended_on;      /* optional */
} guidance_link_input;

/* Checks a link: coach_id required, kind, started_on a date, ended_on empty
 * or a date not before started_on. Adds an error per wrong field; the count. */
int guidance_link_validate(const guidance_link_input *in, api_errors *e);
/* Checks the end date of a link that started on started_on: a date, not
 * before the start. The count of errors (field "ended_on"). */
int guidance_link_end_validate(const char *started_on, const char *ended_on, api_errors *e);

/* A contact moment as typed. */
typedef struct guidance_contact_input {
    const char *on;            /* the day it took place, 'YYYY-MM-DD', not after today */
    const char *channel;
    const char *notes;         /* optional, multiline, at most GUIDANCE_TEXT_MAX */
    int64_t plan_id;           /* the coaching-plan moment it fulfils, 0 or -1 (not a number) */
} guidance_contact_input;
int guidance_contact_validate(const guidance_contact_input *in, const char *today, api_errors *e);

/* A check-in as typed: the scores as text ("1".."5"). */
typedef struct guidance_checkin_input {
    const char *wellbeing;     /* 1 very bad .. 5 very good */
    const char *workload;      /* 1 far too little .. 3 right .. 5 far too much */
    const char *thinking_of_stopping; /* "yes"/"no" (also "1"/"0", "true"/"false") */
    const char *note;          /* optional, multiline */
    /* Parsed by guidance_checkin_validate: */
    int wellbeing_n, workload_n;
    bool stopping;
} guidance_checkin_input;
int guidance_checkin_validate(guidance_checkin_input *in, api_errors *e);

/* A support need as typed (a new one, or the whole of a changed one). */
typedef struct guidance_need_input {
    const char *kind;
    const char *description;   /* optional, multiline */
    const char *referral;      /* optional, one line, at most GUIDANCE_SHORT_MAX */
    const char *status;        /* empty means open */
    const char *follow_up_on;  /* optional date; when set, not before today */
} guidance_need_input;
int guidance_need_validate(const guidance_need_input *in, const char *today, api_errors *e);

/* ---- The extra-coaching plan of the first 3 months of BBL ----
 * From the day a person entered BBL, 13 weeks (3 months) of extra coaching:
 * weekly in the first 4 weeks (days 0, 7, 14, 21), then every 2 weeks
 * (days 35, 49, 63, 77) up to the evaluation at the end of week 13 (day 91).
 * The first is the start conversation, the last the evaluation. */
#define GUIDANCE_BBL_WEEKS 13
#define GUIDANCE_BBL_WEEKLY_WEEKS 4
#define GUIDANCE_BBL_MOMENTS 9

typedef struct guidance_plan_moment {
    char due_on[11];           /* 'YYYY-MM-DD' */
    const char *topic;         /* "bbl_start", "bbl_progress" or "bbl_evaluation" */
} guidance_plan_moment;

/* Fills out (GUIDANCE_BBL_MOMENTS entries) with the plan from entered_on;
 * returns the number of moments, or -1 when entered_on is not a date. */
int guidance_bbl_plan(const char *entered_on, guidance_plan_moment out[GUIDANCE_BBL_MOMENTS]);

/* ---- Early warning ----
 * Thresholds (see docs/privacy.md and docs/architecture.md): */
#define GUIDANCE_CHECKIN_DUE_DAYS 28     /* no check-in for this many days: warning */
#define GUIDANCE_CHECKIN_LATE_DAYS 56    /* ... for this many: urgent */
#define GUIDANCE_CHECKIN_GRACE_DAYS 14   /* never checked in: a warning once coached this long */
#define GUIDANCE_WELLBEING_LOW 2         /* last wellbeing at or below: warning (1: urgent) */
#define GUIDANCE_NEED_URGENT_DAYS 14     /* follow-up this many days overdue: urgent (1 day: warning) */
#define GUIDANCE_ABSENCE_WINDOW 5        /* the last recorded training sessions looked at */
#define GUIDANCE_ABSENCE_WARN 2          /* absent (not excused) in that many of them: warning */
#define GUIDANCE_ABSENCE_URGENT 3        /* ... in that many: urgent */
#define GUIDANCE_SHIFTS_WARN 1           /* missed shifts in the last GUIDANCE_SHIFTS_DAYS: warning */
#define GUIDANCE_SHIFTS_DAYS 28
#define GUIDANCE_SHIFTS_URGENT 3
#define GUIDANCE_MAX_SIGNALS 32

typedef enum { GUIDANCE_WARNING = 1, GUIDANCE_URGENT = 2 } guidance_severity;

/* An open support need with its follow-up date (or NULL). */
typedef struct guidance_need_fact {
    int64_t id;
    const char *kind;
    const char *follow_up_on;
} guidance_need_fact;

/* What the rules look at, as the store collected it for one person on today. */
typedef struct guidance_facts {
    const char *today;               /* 'YYYY-MM-DD' */
    int days_coached;                /* days since the earliest active coach link started, or -1 */
    int days_since_checkin;          /* days since the last check-in, or -1 when there is none */
    int last_wellbeing;              /* of that check-in, 1..5 */
    bool last_thinking_of_stopping;  /* of that check-in */
    const guidance_need_fact *needs; /* open needs (status not final) */
    int nneeds;
    int absences;                    /* absent (excused does not count) in the last
                                        GUIDANCE_ABSENCE_WINDOW sessions with recorded attendance */
    int missed_shifts;               /* published shifts recorded as missed (deploy_hours) in the last 4 weeks */
} guidance_facts;

typedef struct guidance_signal {
    const char *reason;        /* "thinking_of_stopping", "low_wellbeing", "checkin_missing",
                                  "checkin_overdue", "need_overdue", "training_absence", "missed_shifts" */
    guidance_severity severity;
    int64_t need_id;           /* need_overdue: which need */
    const char *need_kind;     /* need_overdue: its kind */
    int days;                  /* checkin_*: days without; need_overdue: days overdue */
    int count;                 /* training_absence: absences; missed_shifts: shifts; low_wellbeing: the score */
} guidance_signal;

/* Applies the rules to f and writes the signals into out (at most max),
 * most severe first (then in the order above); returns how many. */
int guidance_signals(const guidance_facts *f, guidance_signal *out, int max);
/* A rank for sorting a caseload: higher is more urgent (severity first, then the number of signals). */
int guidance_urgency(const guidance_signal *s, int n);

#endif
