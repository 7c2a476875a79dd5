/* deploy planner (app side of plan.h): loads the shifts of a period and the
 * runners who may work them into a deploy_problem, asks the engine for a
 * proposal and stores it as a draft plan; shows a plan with its coverage,
 * unfilled places and why, and each person's hours; checks every hand
 * change, claim and cancellation rule by rule (deploy_plan_check on the
 * roster as it would be); publishes a plan (the people are told through the
 * outbox); and after a cancellation proposes a repair that changes as
 * little as possible. Every write is one transaction with its audit entry;
 * who may call is decided by the callers through the policy module. */
#ifndef INSTROOM_DEPLOY_PLANNER_H
#define INSTROOM_DEPLOY_PLANNER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/arena.h"
#include "db/db.h"
#include "deploy/plan.h"
#include "deploy/store.h"
#include "http/api.h"

#define DEPLOY_PLAN_SECONDS 4.0   /* the engine's time for a proposal */
#define DEPLOY_REPAIR_SECONDS 2.0 /* and for a repair */
#define DEPLOY_PLAN_MAX_DAYS 92   /* longest period of one plan */

typedef struct deploy_plan_row {
    int64_t id;
    int64_t org_id;              /* 0: the region */
    const char *org_name;        /* NULL for the region */
    const char *from_date, *to_date;
    const char *kind;            /* proposal, repair */
    const char *status;          /* draft, published, discarded */
    int needed, filled;
    int64_t objective;
    int changes;
    double seconds;
    const char *cause;           /* repair: what was cancelled, or NULL */
    const char *created_by;
    int64_t created_at, published_at;
    int64_t basis;               /* fingerprint of the published roster it was made from (publish checks it) */
} deploy_plan_row;

typedef struct deploy_unfilled {
    deploy_posted shift;
    int open;                    /* places left */
    deploy_rule reason;          /* what keeps most runners off (DEPLOY_RULE_OK: nobody is kept off) */
    int counts[DEPLOY_RULE_COUNT];
} deploy_unfilled;

typedef struct deploy_person_hours {
    int64_t person_id;
    const char *name;
    int shifts;
    int minutes;                 /* in the plan */
    int max_week_hours;          /* 0: none */
} deploy_person_hours;

typedef struct deploy_plan_view {
    deploy_plan_row plan;
    deploy_rostered *assigned;   /* the plan's rows (draft) or the published roster of its shifts */
    int nassigned;
    deploy_unfilled *unfilled;
    int nunfilled;
    deploy_person_hours *people;
    int npeople;
    int nshifts;
} deploy_plan_view;

/* What a refused change broke: the rule and, when another shift is
 * involved (same day, rest), that shift. */
typedef struct deploy_refusal {
    deploy_rule rule;
    int64_t other_shift;         /* or 0 */
    int64_t other_starts_at;
} deploy_refusal;

/* Plans org_id's shifts (0: every organisation's) from from_day to to_day
 * (Amsterdam days) as user_id at now: reads the problem, runs the engine for
 * `seconds` with seed outside any transaction (keeping the roster already
 * published as far as the rules allow), then stores a draft plan with its
 * proposed rows in one write transaction (*plan_id) unless dry_run.
 * progress (if given) gets a line before and after the engine. DB_ENOTFOUND
 * when there are no shifts; API_EINVALID with a message in err when the
 * engine cannot take the problem. */
int deploy_plan_run(db_conn *c, arena *a, int64_t org_id, int64_t from_day, int64_t to_day, int64_t user_id,
                    int64_t now, double seconds, uint64_t seed, bool dry_run, FILE *progress, int64_t *plan_id,
                    deploy_plan_result *result, char *err, size_t errlen);
/* The same for a request: checks the period (from, to as typed, at most
 * DEPLOY_PLAN_MAX_DAYS days), runs and audits. */
int deploy_plan_create(http_request *req, int64_t org_id, const char *from, const char *to, int64_t *plan_id,
                       api_errors *e);
int deploy_plan_list(db_conn *c, arena *a, int64_t org_id, deploy_plan_row **out, int *n);
int deploy_plan_load(db_conn *c, arena *a, int64_t id, deploy_plan_row *out);
/* The plan with its rows, unfilled places and reasons, and hours per person. */
int deploy_plan_view_load(db_conn *c, arena *a, int64_t id, deploy_plan_view *out);
/* Hand changes to a draft plan. A change that breaks a rule is refused:
 * API_EINVALID, *why says which rule, e has the field ("person_id"). */
int deploy_plan_assign(http_request *req, int64_t plan_id, int64_t shift_id, int64_t person_id,
                       deploy_refusal *why, api_errors *e);
int deploy_plan_unassign(http_request *req, int64_t plan_id, int64_t assignment_id, api_errors *e);
/* Publishes a draft: its rows become the published roster of its shifts
 * (dropped published rows are cancelled), the shifts are marked published,
 * and every person whose shifts changed gets a message in the outbox. */
int deploy_plan_publish(http_request *req, int64_t plan_id, int *added, int *dropped, api_errors *e);
int deploy_plan_discard(http_request *req, int64_t plan_id, api_errors *e);
/* A participant claims an open place on a published shift; refused with
 * *why when a rule is broken. *assignment_id gets the new row. */
int deploy_claim(http_request *req, int64_t shift_id, int64_t person_id, int64_t *assignment_id,
                 deploy_refusal *why, api_errors *e);
/* Cancels a published assignment: by the participant (at least
 * DEPLOY_CANCEL_HOURS before the start) or by the organisation. A repair
 * plan for the shift's period is proposed (*repair_plan, 0 when none). */
int deploy_cancel(http_request *req, int64_t assignment_id, bool by_person, const char *reason,
                  int64_t *repair_plan, api_errors *e);
/* Cancels a shift (the organisation): its published people are cancelled
 * and told through the outbox. */
int deploy_shift_cancel(http_request *req, int64_t shift_id, const char *reason, api_errors *e);
/* The message of a rule, and its text in the request's language. */
msg_id deploy_rule_msg(deploy_rule r);
const char *deploy_rule_text(http_request *req, deploy_rule r);

#endif
