/* intake: programmes, cohorts, recruitment campaigns, applications and
 * selection (issue 3). Its public header: the core types and store functions
 * every part of the feature (the public application form, the pipeline, the
 * import, the privacy jobs) shares, and the route tables the app registers.
 * The schema is src/db/migrations/002_intake.sql. Who may see what is decided
 * by auth/policy (POLICY_PROGRAMME, POLICY_APPLICATION, POLICY_PERSON_RIGHTS,
 * POLICY_OUTBOX); every change is audited in its own transaction. */
#ifndef INSTROOM_INTAKE_INTAKE_H
#define INSTROOM_INTAKE_INTAKE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "http/api.h"
#include "http/http.h"
#include "auth/policy.h"

/* What a stage means to the rules (campaign_stages.kind). */
typedef enum intake_stage_kind {
    INTAKE_STAGE_OPEN,
    INTAKE_STAGE_SELECTED,
    INTAKE_STAGE_WAITLIST,
    INTAKE_STAGE_REJECTED,
    INTAKE_STAGE_WITHDRAWN,
    INTAKE_STAGE_KIND_COUNT
} intake_stage_kind;

typedef struct intake_stage {
    int64_t id;
    int position;
    const char *key;         /* aangemeld, gescreend, intakegesprek, geselecteerd, wachtlijst, afgewezen, teruggetrokken */
    const char *name_nl;
    const char *name_en;
    intake_stage_kind kind;
} intake_stage;

/* A campaign with what the rules need of its cohort and programme. */
typedef struct intake_campaign {
    int64_t id;
    int64_t cohort_id;
    int64_t programme_id;
    const char *slug;
    const char *title;
    const char *intro_nl;       /* or NULL */
    const char *intro_en;       /* or NULL */
    const char *programme_name;
    const char *cohort_name;
    const char *cohort_starts_on; /* YYYY-MM-DD: age rules are checked at this date */
    int64_t opens_at;
    int64_t closes_at;
    int target;                 /* applicants hoped for */
    int cap;                    /* past this many, new applicants go on the waiting list */
    int retention_weeks;        /* personal data of rejected/withdrawn kept this long after closing */
    int min_age;                /* 0: no rule */
    int max_age;                /* 0: no rule */
    int applications;           /* applications so far (not erased) */
} intake_campaign;

/* What an applicant (the public form, an import row, the API) says. NULL or
 * 0 means absent. Strings are owned by the caller (usually a request arena). */
typedef struct intake_applicant {
    const char *given_name;
    const char *family_name;
    const char *email;
    const char *phone;
    const char *birth_date;     /* YYYY-MM-DD */
    const char *postcode;       /* Dutch: 1234 AB (normalised to that form) */
    const char *current_study;
    const char *prior_occupation; /* ESCO conceptUri */
    const char *hobbies;
    const char *languages;      /* comma-separated ISO 639-1 codes: "nl,en,ar" */
    unsigned avail_days;        /* bit 0 Monday .. bit 6 Sunday */
    unsigned avail_parts;       /* bit 0 morning, 1 afternoon, 2 evening, 3 night */
    int avail_hours;            /* hours per week, 0 = not said */
    const char *avail_from;     /* YYYY-MM-DD or NULL */
    const char *avail_until;
    const char *motivation;
    bool consent;               /* the AVG consent: required */
    bool consent_keep;          /* may be kept a year for later campaigns */
    const char *source;         /* direct, utm, jobcoach, via_via, import */
    const char *utm_source, *utm_medium, *utm_campaign;
    int64_t referrer_user_id;   /* the jobcoach who referred, or 0 */
    const char *lang;           /* nl or en: the language of mail to them */
    const char *import_key;     /* identity of an imported row, or NULL */
    const char *prior_occupation_label; /* the occupation's name as chosen or typed, or NULL */
    const char *status_token;   /* the status token to use (the public form's one-time form id,
                                   so that a double submit finds its application), or NULL
                                   for a fresh random one; 22 base64url characters */
} intake_applicant;

/* What intake_application_create made. */
typedef struct intake_created {
    int64_t application_id;
    int64_t person_id;
    bool waitlisted;            /* the cap was reached: on the waiting list */
    bool existed;               /* an import row already imported: nothing added */
    char status_token[40];      /* for the status link /apply/status/TOKEN (never stored) */
    int64_t duplicate_of;       /* an existing person who looks the same, or 0 */
    const char *duplicate_reason; /* email, phone or name_birth, or NULL */
} intake_created;

/* Trims every field (copies in arena a), turns empty optional fields into
 * NULL and normalises the postcode ("1234ab" -> "1234 AB"), e-mail (lower
 * case) and phone (digits and a leading +). */
void intake_applicant_normalise(arena *a, intake_applicant *in);
/* Checks every field against the campaign's rules at time now (required
 * fields, formats, lengths, the age rule at the cohort's start, consent) and
 * adds one error per wrong field to e. 0, or API_EINVALID. Pure (model.c). */
int intake_applicant_validate(const intake_campaign *k, const intake_applicant *in, int64_t now, api_errors *e);

/* Queues a mail in the outbox inside the caller's transaction; the sender
 * (outbox.c) delivers it over SMTP when one is configured. */
int intake_outbox_queue(db_conn *c, const char *to, const char *subject, const char *body, const char *kind,
                        const char *entity, int64_t entity_id, int64_t now);

/* Loads the campaign with that slug (or id) into *out, strings in the arena;
 * DB_ENOTFOUND when there is none. */
int intake_campaign_by_slug(db_conn *c, arena *a, const char *slug, intake_campaign *out);
int intake_campaign_get(db_conn *c, arena *a, int64_t id, intake_campaign *out);
/* The partner organisations of the campaign's programme (for the policy). */
int intake_campaign_partners(db_conn *c, arena *a, int64_t campaign_id, int64_t **orgs, int *n);
/* The stages of a campaign in pipeline order. */
int intake_stages(db_conn *c, arena *a, int64_t campaign_id, intake_stage **out, int *n);
/* Creates the default stages for a new campaign (inside the caller's transaction). */
int intake_stages_create_default(db_conn *c, int64_t campaign_id);

/* Stores an applicant as a new person plus an application to campaign k, inside
 * the caller's write transaction: detects duplicates (same e-mail, phone, or
 * name and birth date) and links them, never merging; puts the application on
 * the waiting list when the cap is reached; records the first move; queues the
 * confirmation mail. in must have passed intake_applicant_validate. With an
 * import_key already imported to k, adds nothing and sets out->existed. */
int intake_application_create(db_conn *c, const intake_campaign *k, const intake_applicant *in, int64_t now,
                              int64_t import_id, intake_created *out);
/* Moves application id to stage to_stage of its campaign, recording who
 * (user_id, 0 for the system), when and why, inside the caller's transaction.
 * DB_ENOTFOUND when the application or stage (of that campaign) is not there. */
int intake_application_move(db_conn *c, int64_t id, int64_t to_stage, int64_t user_id, const char *reason,
                            int64_t now);

/* ---- The public form's part of the store (apply.c) ---- */

/* What the status page shows of an application. */
typedef struct intake_status {
    int64_t application_id;
    int64_t campaign_id;
    const char *campaign_slug;
    const char *campaign_title;
    const char *programme_name;
    const char *stage_key;
    const char *stage_name_nl;
    const char *stage_name_en;
    intake_stage_kind stage_kind;
    bool waitlisted;            /* put on the waiting list by the cap on arrival */
    int64_t created_at;
    int64_t stage_at;
    int64_t erased_at;          /* 0 unless the personal data were erased */
} intake_status;

/* Loads the application whose status token is token (strings in the arena);
 * DB_ENOTFOUND when there is none. */
int intake_status_by_token(db_conn *c, arena *a, const char *token, intake_status *out);
/* Records a submission of the public form from ip at now and gives in *count
 * how many there were from ip within the last window seconds before it; also
 * drops attempts older than a day. Inside the caller's write transaction. */
int intake_apply_attempt(db_conn *c, const char *ip, int64_t now, int window, int64_t *count);
/* The absolute base of links in mail ("https://instroom.example.nl"), without
 * a trailing slash; set once at start (serve), default http://127.0.0.1:8080. */
void intake_set_public_url(const char *url);
const char *intake_public_url(void);

/* ---- ESCO occupations (esco.c) ---- */

typedef struct intake_occupation {
    const char *uri;            /* ESCO conceptUri */
    const char *label;          /* the Dutch preferred label */
} intake_occupation;

/* How many ESCO occupations are loaded. */
int intake_esco_count(db_conn *c, int64_t *n);
/* The occupation whose preferred or alternative label is label (case
 * insensitive, whole label); DB_ENOTFOUND when none. */
int intake_esco_find_label(db_conn *c, arena *a, const char *label, intake_occupation *out);
/* The occupation with that uri; DB_ENOTFOUND when none. */
int intake_esco_get(db_conn *c, arena *a, const char *uri, intake_occupation *out);
/* Up to limit occupations whose labels contain q (case insensitive), the
 * ones starting with it first, then the shortest; in the arena. */
int intake_esco_suggest(db_conn *c, arena *a, const char *q, int limit, intake_occupation **out, int *n);
/* Loads the ESCO occupations CSV (n bytes of data) into esco_occupations in
 * one transaction, replacing rows with the same uri; progress on stderr when
 * progress is set. *rows gets the occupations read. 0, or -1 with err
 * naming the line and problem. */
int intake_esco_load(db_conn *c, const char *data, size_t n, bool progress, int64_t *rows, char *err, size_t errn);

/* Route tables the app registers (src/app/routes.c), each ending with {0}:
 * the public application form and status page (apply.c), the pipeline and
 * selection (pipeline.c), programme/cohort/campaign administration, import,
 * outbox and data rights (admin.c), and their /api/v1 counterparts. */
/* The policy target of campaign id's applications (orgs = its partners), in the arena. */
int intake_pipeline_target(http_request *req, int64_t campaign_id, int64_t app, int64_t person_id,
                           policy_target *t);

/* A campaign on the overview: open now, or closed with new applications waiting. */
typedef struct intake_dashboard_campaign {
    int64_t id;
    const char *title;
    bool open;                   /* the window is open now */
    int64_t applications;        /* not erased */
    int64_t fresh;               /* in the stage aangemeld: not yet looked at */
} intake_dashboard_campaign;

/* The campaigns the principal of req may read the applications of (policy
 * module), soonest closing first, in req's arena. 0 or a DB_ code. */
int intake_dashboard_campaigns(http_request *req, intake_dashboard_campaign **out, int *n);
/* The number of mails not sent after at least one attempt; DB_ERR when the
 * principal may not read the outbox. */
int intake_outbox_failures(http_request *req, int64_t *failing);

extern const http_route intake_apply_routes[];
extern const http_route intake_apply_api_routes[];
/* The coordinator's view of the mail outbox, /outbox (outbox.c). */
extern const http_route intake_outbox_routes[];
extern const http_route intake_pipeline_routes[];
extern const http_route intake_pipeline_api_routes[];
extern const http_route intake_admin_routes[];
extern const http_route intake_admin_api_routes[];

#endif
