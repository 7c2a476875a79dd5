/* insight outcomes model: the rules of cohort members and their outcome
 * events, and of programme costs. Pure (no I/O); unit-tested in
 * tests/unit/test_insight_report.c. Errors name the field as in the forms
 * and the JSON bodies. */
#ifndef INSTROOM_INSIGHT_OUTCOMES_MODEL_H
#define INSTROOM_INSIGHT_OUTCOMES_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "http/api.h"
#include "insight/insight.h"

#define INSIGHT_NOTE_MAX 2000
#define INSIGHT_VOID_REASON_MAX 500
#define INSIGHT_COST_DESCRIPTION_MAX 500

/* The stored name of kind ("started", ...), or NULL. */
const char *insight_outcome_kind_name(insight_event_kind kind);
/* The kind named s, or INSIGHT_EVENT_COUNT. */
insight_event_kind insight_outcome_kind_parse(const char *s);
/* True for the stored contract types, dropout reasons and cost categories. */
bool insight_contract_valid(const char *s);
bool insight_reason_valid(const char *s);
bool insight_cost_category_valid(const char *s);
/* The lists themselves, each ending with NULL. */
extern const char *const insight_contracts[];
extern const char *const insight_reasons[];
extern const char *const insight_cost_categories[];

/* An event as typed (form or JSON: numbers as text). */
typedef struct insight_event_input {
    const char *kind;
    const char *on_date;    /* YYYY-MM-DD */
    const char *level;      /* entered_bbl: 2 or 3 (required); diploma: 1..4 (optional) */
    const char *contract;   /* employed: required */
    const char *phase_id;   /* dropped_out: required when the programme has phases */
    const char *reason;     /* dropped_out: required */
    const char *note;       /* optional */
} insight_event_input;

/* A member's event as stored, for the sequence rules. */
typedef struct insight_event_fact {
    insight_event_kind kind;
    const char *on_date;
    bool voided;
} insight_event_fact;

/* What the new event is checked against. */
typedef struct insight_event_context {
    const char *today;                 /* YYYY-MM-DD */
    const char *started_on;            /* the member's start */
    const insight_event_fact *events;  /* the member's events so far, voided ones included */
    int nevents;
    const int64_t *phases;             /* the programme's phase ids */
    int nphases;
} insight_event_context;

/* A valid event, ready to store. */
typedef struct insight_event_valid {
    insight_event_kind kind;
    const char *on_date;
    int level;              /* 0: none */
    const char *contract;   /* or NULL */
    int64_t phase_id;       /* or 0 */
    const char *reason;     /* or NULL */
    const char *note;       /* trimmed, or NULL */
} insight_event_valid;

/* Checks in against the member's context: the fields each kind needs (and
 * no others), the date (a real day, not after today, not before the member
 * started), one 'started' and one stop (dropped_out or left_sector) per
 * member, and nothing dated after a stop: a wrong stop is corrected by
 * voiding it first. 0 with *out, or API_EINVALID with e. */
int insight_event_validate(arena *a, const insight_event_input *in, const insight_event_context *ctx,
                           insight_event_valid *out, api_errors *e);

/* Checks the start of a new member: a real day, not after today. Errors on
 * "started_on". 0 or API_EINVALID. */
int insight_member_start_validate(const char *started_on, const char *today, api_errors *e);

/* Checks a void: the reason (required, one line, at most 500 characters)
 * and that the event is not voided yet (error on "event"). */
int insight_void_validate(arena *a, const char *reason, bool already_voided, const char **out_reason, api_errors *e);

/* A programme cost as typed. */
typedef struct insight_cost_input {
    const char *cohort_id;   /* optional: a cohort of the programme */
    const char *category;
    const char *amount;      /* euros, e.g. "1.234,56" */
    const char *spent_on;    /* YYYY-MM-DD, not after today */
    const char *description; /* optional */
} insight_cost_input;

typedef struct insight_cost_valid {
    int64_t cohort_id;
    const char *category;
    int64_t amount_cents;
    const char *spent_on;
    const char *description;
} insight_cost_valid;

/* Checks a cost; cohorts are the programme's cohort ids. 0 or API_EINVALID. */
int insight_cost_validate(arena *a, const insight_cost_input *in, const char *today, const int64_t *cohorts,
                          int ncohorts, insight_cost_valid *out, api_errors *e);

#endif
