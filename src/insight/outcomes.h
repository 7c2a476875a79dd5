/* insight outcomes: cohort members and their outcome events (stored,
 * listed, recorded, voided), the programme costs, and their pages and API.
 * outcomes_model.h holds the rules; this is the SQL (outcomes_store.c,
 * costs.c) and the handlers (outcomes.c, costs.c). Access: POLICY_OUTCOME
 * per member (the person's organisations, the member's placement and the
 * person's coaches), POLICY_INSIGHT for costs (partners read, the
 * coordinator enters). Every change is audited in its own transaction. */
#ifndef INSTROOM_INSIGHT_OUTCOMES_H
#define INSTROOM_INSIGHT_OUTCOMES_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/policy.h"
#include "http/api.h"
#include "insight/insight.h"
#include "insight/outcomes_model.h"

typedef struct insight_member_row {
    int64_t id;
    int64_t cohort_id;
    const char *cohort_name;
    int64_t programme_id;
    const char *programme_name;
    int64_t person_id;          /* 0 after an erasure */
    const char *person_name;    /* NULL after an erasure */
    int64_t org_id;             /* the placement, or 0 */
    const char *org_name;
    const char *started_on;
    int64_t created_at;
    const char *latest_kind;    /* the latest non-voided event, or NULL */
    const char *latest_on;
} insight_member_row;

typedef struct insight_event_row {
    int64_t id;
    int64_t member_id;
    insight_event_kind kind;
    const char *on_date;
    int level;
    const char *contract;
    int64_t phase_id;
    const char *phase_name;
    const char *reason;
    const char *note;
    int64_t recorded_by;
    int64_t created_at;
    int64_t voided_at;
    int64_t voided_by;
    const char *void_reason;
} insight_event_row;


/* The members of cohort_id with their latest outcome, by name. */
int insight_member_list(db_conn *c, arena *a, int64_t cohort_id, insight_member_row **out, int *n);
/* The memberships of person_id in every cohort. */
int insight_person_members(db_conn *c, arena *a, int64_t person_id, insight_member_row **out, int *n);
/* One member; DB_ENOTFOUND. */
int insight_member_load(db_conn *c, arena *a, int64_t id, insight_member_row *out);
/* Every event of member_id (voided ones too), by date. */
int insight_event_list(db_conn *c, arena *a, int64_t member_id, insight_event_row **out, int *n);
/* One event; DB_ENOTFOUND. */
int insight_event_load(db_conn *c, arena *a, int64_t id, insight_event_row *out);
/* The programme's phase ids and names, in order. */
int insight_phase_list(db_conn *c, arena *a, int64_t programme_id, int64_t **ids, const char ***names, int *n);

/* The policy target of member m: POLICY_OUTCOME with the person's
 * organisations and the placement, and whether the principal coaches the
 * person today (an active coach link). */
int insight_member_target(http_request *req, const insight_member_row *m, policy_target *t);

/* Adds person_id to cohort_id from started_on (with its 'started' event),
 * org_id the placement or 0. Audited, one transaction. API_EINVALID with e
 * ("person_id": unknown or already a member; "started_on"; "org_id"). */
int insight_member_add(http_request *req, int64_t cohort_id, int64_t person_id, int64_t org_id,
                       const char *started_on, int64_t *id, api_errors *e);
/* Adds every selected applicant of the cohort's campaigns who is not a
 * member yet, from started_on. *added gets how many. Audited, one transaction. */
int insight_members_add_selected(http_request *req, int64_t cohort_id, const char *started_on, int *added,
                                 api_errors *e);
/* Records an event for member m after insight_event_validate. Audited. */
int insight_event_record(http_request *req, const insight_member_row *m, const insight_event_input *in, int64_t *id,
                         api_errors *e);
/* Voids event ev of member m with reason. Audited; the event stays. */
int insight_event_void(http_request *req, const insight_member_row *m, int64_t event_id, const char *reason,
                       api_errors *e);

/* ---- costs (costs.c) ---- */

typedef struct insight_cost {
    int64_t id;
    int64_t programme_id;
    int64_t cohort_id;
    const char *cohort_name;
    const char *category;
    int64_t amount_cents;
    const char *spent_on;
    const char *description;
    int64_t created_at;
} insight_cost;

/* The costs of programme_id (cohort_id 0: all), newest first, and their total. */
int insight_cost_list(db_conn *c, arena *a, int64_t programme_id, int64_t cohort_id, insight_cost **out, int *n,
                      int64_t *total_cents);
/* Adds a cost to programme_id. Audited, one transaction. API_EINVALID with e. */
int insight_cost_add(http_request *req, int64_t programme_id, const insight_cost_input *in, int64_t *id,
                     api_errors *e);

/* The policy target of a programme for POLICY_INSIGHT: its partners. */
int insight_programme_target(http_request *req, int64_t programme_id, policy_target *t);

/* Route tables, each ending with {0}. */
extern const http_route insight_outcome_routes[];
extern const http_route insight_outcome_api_routes[];
extern const http_route insight_cost_routes[];
extern const http_route insight_cost_api_routes[];
extern const http_route insight_report_routes[];
extern const http_route insight_report_api_routes[];

#endif
