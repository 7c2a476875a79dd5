/* guidance store: the SQL of coach links, contact moments, check-ins,
 * support needs and the coaching plan (through db/db.h only), the facts the
 * early-warning rules look at, and the caseload. Reads fill structs in the
 * caller's arena. Writes of one user action are one transaction with their
 * audit entry; they check their input (model.h) and references and return
 * API_EINVALID with the field errors, having changed nothing. Who may call
 * them is decided by the callers (pages.c, api.c) through the policy module. */
#ifndef INSTROOM_GUIDANCE_STORE_H
#define INSTROOM_GUIDANCE_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/policy.h"
#include "base/arena.h"
#include "db/db.h"
#include "guidance/model.h"
#include "http/api.h"

typedef struct guidance_link {
    int64_t id;
    int64_t person_id;
    int64_t coach_id;
    const char *coach_name;
    const char *coach_email;
    const char *kind;
    const char *started_on;
    const char *ended_on;      /* or NULL */
    bool active;               /* on today */
} guidance_link;

typedef struct guidance_contact {
    int64_t id;
    int64_t coach_id;
    const char *coach_name;
    int64_t at;
    const char *channel;
    const char *notes;
} guidance_contact;

typedef struct guidance_checkin {
    int64_t id;
    int64_t by_user_id;
    const char *by_name;       /* or NULL */
    int64_t at;
    int wellbeing, workload;
    bool stopping;
    const char *note;
} guidance_checkin;

typedef struct guidance_need {
    int64_t id;
    const char *kind;
    const char *description;
    const char *referral;
    const char *status;
    const char *follow_up_on;  /* or NULL */
    int64_t created_at, updated_at, resolved_at;
} guidance_need;

typedef struct guidance_moment {
    int64_t id;
    int64_t coach_id;
    const char *coach_name;
    const char *due_on;
    const char *topic;
    int64_t done_contact_id;   /* 0 while not done */
    int64_t reminded_at;
} guidance_moment;

/* One person of a caseload with the signals the rules give today. */
typedef struct guidance_case {
    int64_t person_id;
    const char *name;
    const char *kinds;         /* the caller's roles with the person, comma-separated keys */
    int64_t last_checkin_at;   /* or 0 */
    guidance_signal signals[GUIDANCE_MAX_SIGNALS];
    int nsignals;
    int urgency;
} guidance_case;


/* The policy target of resource kind about person_id for the request: the
 * person's linked organisations and whether the principal coaches them.
 * DB_ENOTFOUND when there is no such person. */
int guidance_target(http_request *req, policy_resource kind, int64_t person_id, policy_target *out);

/* Reads. The lists of contacts, check-ins and needs hold every row of the
 * person, or only row `only` when it is not 0 (after a create). */
int guidance_links_of(db_conn *c, arena *a, int64_t person_id, const char *today, guidance_link **out, int *n);
int guidance_contacts_of(db_conn *c, arena *a, int64_t person_id, int64_t only, guidance_contact **out, int *n);
int guidance_checkins_of(db_conn *c, arena *a, int64_t person_id, int64_t only, guidance_checkin **out, int *n);
int guidance_needs_of(db_conn *c, arena *a, int64_t person_id, int64_t only, guidance_need **out, int *n);
int guidance_plan_of(db_conn *c, arena *a, int64_t person_id, guidance_moment **out, int *n);
/* The audit entries of a support need (its history), as "when: who: detail" lines. */
int guidance_need_history(db_conn *c, arena *a, int64_t need_id, const char ***out, int *n);
/* Users who may be linked as coaches (active accounts with a staff role). */
typedef struct guidance_choice {
    int64_t id;
    const char *label;
} guidance_choice;
int guidance_coach_choices(db_conn *c, arena *a, guidance_choice **out, int *n);
/* The facts for the early-warning rules of person_id on today (needs in the arena). */
int guidance_facts_load(db_conn *c, arena *a, int64_t person_id, const char *today, guidance_facts *f);
/* The signals of person_id today into out (GUIDANCE_MAX_SIGNALS); *n the count. */
int guidance_signals_of(db_conn *c, arena *a, int64_t person_id, const char *today, guidance_signal *out, int *n);
/* The people coach_id coaches today (every coached person when all), most
 * urgent first, with their signals. */
int guidance_caseload(db_conn *c, arena *a, int64_t coach_id, bool all, const char *today, guidance_case **out,
                      int *n);

/* Writes for a request (audited as the request's user). */
int guidance_link_add(http_request *req, int64_t person_id, guidance_link_input *in, int64_t *id, api_errors *e);
/* Ends link link_id of person_id on ended_on. DB_ENOTFOUND when it is not the person's. */
int guidance_link_end(http_request *req, int64_t person_id, int64_t link_id, const char *ended_on, api_errors *e);
int guidance_contact_add(http_request *req, int64_t person_id, guidance_contact_input *in, int64_t *id,
                         api_errors *e);
int guidance_checkin_add(http_request *req, int64_t person_id, guidance_checkin_input *in, int64_t *id,
                         api_errors *e);
int guidance_need_add(http_request *req, int64_t person_id, guidance_need_input *in, int64_t *id, api_errors *e);
/* Changes need_id of person_id to in (kind stays when in->kind is NULL). */
int guidance_need_update(http_request *req, int64_t person_id, int64_t need_id, guidance_need_input *in,
                         api_errors *e);
/* Adds the BBL coaching plan from entered_on for coach_id (an active coach
 * of the person); *added gets the number of moments. */
int guidance_plan_add(http_request *req, int64_t person_id, const char *entered_on, int64_t coach_id, int *added,
                      api_errors *e);

/* Texts of keys in the request's language (unknown keys come back as they are). */
const char *guidance_kind_text(http_request *req, const char *kind);
const char *guidance_channel_text(http_request *req, const char *channel);
const char *guidance_need_kind_text(http_request *req, const char *kind);
const char *guidance_status_text(http_request *req, const char *status);
const char *guidance_topic_text(http_request *req, const char *topic);
/* The signal as a sentence in the request's language. */
const char *guidance_signal_text(http_request *req, const guidance_signal *s);

#endif
