/* insight/model: the programme figures from plain arrays of members and
 * their outcome events (funnel, continuation, retention, dropout by phase and
 * reason, working at 6 and 12 months, costs per head). Pure: base only, so
 * that it is unit-tested and benchmarked without a database. The definitions
 * are those of insight_figures in insight.h. */
#ifndef INSTROOM_INSIGHT_MODEL_H
#define INSTROOM_INSIGHT_MODEL_H

#include <stdint.h>

#include "base/arena.h"
#include "insight/insight.h"
#include "insight/survival.h"

/* Dropout reasons, as outcome_events.reason spells them. */
typedef enum insight_reason {
    INSIGHT_REASON_HEALTH,
    INSIGHT_REASON_FINANCES,
    INSIGHT_REASON_WORKLOAD,
    INSIGHT_REASON_CHILDCARE,
    INSIGHT_REASON_OTHER_JOB,
    INSIGHT_REASON_STUDY,
    INSIGHT_REASON_NOT_SUITABLE,
    INSIGHT_REASON_PERSONAL,
    INSIGHT_REASON_MOVED,
    INSIGHT_REASON_UNKNOWN,
    INSIGHT_REASON_COUNT
} insight_reason;

/* One member: the day (days since 1970-01-01) of started_on. */
typedef struct insight_member {
    int32_t start;
} insight_member;

/* One outcome event that is not voided. */
typedef struct insight_event {
    int32_t member;      /* index into the members */
    int32_t day;         /* on_date as days since 1970-01-01 */
    uint8_t kind;        /* insight_event_kind */
    int16_t phase;       /* dropped_out: index into the phases, or -1 */
    int16_t reason;      /* dropped_out: insight_reason, or -1 when none is given */
} insight_event;

/* What the figures are computed from. */
typedef struct insight_input {
    const insight_member *members;
    int nmembers;
    const insight_event *events;   /* any order */
    int nevents;
    const char *const *phases;     /* the programme's phase names in order */
    int nphases;
    int32_t today;                 /* days since 1970-01-01 */
    int64_t applied, selected;     /* from the campaigns */
    int64_t costs_cents;
    double target_pct;             /* -1 when none */
} insight_input;

/* Fills the computed fields of *out (counts, continuation, km with a band of
 * type ci, dropout counts, working, costs per head) as of today: events dated
 * after today are left out. Names and ids are left as they are. Dropout by phase lists every phase in order, then key "" for
 * events without a phase when there are any; by reason lists the reasons
 * with a count, most first (key "unknown" also for events without one).
 * Costs per head are rounded to the nearest cent. Returns 0, or -1 on invalid
 * input (an event's member out of range, a kind out of range) or a full arena. */
int insight_compute(const insight_input *in, insight_ci_type ci, arena *a, insight_figures *out);

/* The key of an event kind ("started", ..., "left_sector") and back (-1). */
const char *insight_event_kind_key(insight_event_kind k);
int insight_event_kind_parse(const char *s);
/* The key of a reason ("health", ...) and back (-1 for NULL or unknown text). */
const char *insight_reason_key(insight_reason r);
int insight_reason_parse(const char *s);

/* Days since 1970-01-01 of 'YYYY-MM-DD', or INT32_MIN when s is not a valid date. */
int32_t insight_day_parse(const char *s);
/* The day `months` calendar months after day (the 31st becomes the month's
 * last day when the month is shorter). */
int32_t insight_day_add_months(int32_t day, int months);
/* Writes day as 'YYYY-MM-DD' into out (at least 11 bytes). */
void insight_day_format(int32_t day, char out[static 11]);

#endif
