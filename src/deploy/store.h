/* deploy store: the SQL of locations, shifts, profiles (availability,
 * exceptions, preferences), documents, the published roster, claims,
 * cancellations, hours and calendar-feed tokens (through db/db.h only).
 * Reads fill structs in the caller's arena. Writes of one user action are
 * one transaction with their audit entry; they check their input (model.h)
 * and the references, and return API_EINVALID with the field errors having
 * changed nothing. Who may call them is decided by the callers (pages.c,
 * api.c) through the policy module. Plans (the engine's proposals and hand
 * changes) are in planner.h. */
#ifndef INSTROOM_DEPLOY_STORE_H
#define INSTROOM_DEPLOY_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "deploy/model.h"
#include "deploy/plan.h"
#include "http/api.h"

#define DEPLOY_CANCEL_HOURS 48   /* a participant cancels at least this long before the start */

typedef struct deploy_location {
    int64_t id;
    int64_t org_id;
    const char *org_name;
    const char *name;
    const char *address;         /* or NULL */
    const char *postcode;        /* or NULL */
} deploy_location;

typedef struct deploy_skill_ref {
    int64_t id;
    const char *label_nl, *label_en;
} deploy_skill_ref;

typedef struct deploy_posted {
    int64_t id;
    int64_t org_id;
    const char *org_name;
    int64_t location_id;
    const char *location;        /* the location's name */
    const char *postcode;        /* or NULL */
    int64_t starts_at, ends_at;
    const char *tasks;           /* or NULL */
    int headcount;
    int priority;                /* 0 low, 1 normal, 2 high */
    int64_t batch;               /* or 0 */
    int64_t published_at;        /* or 0: not in a published roster yet */
    int64_t cancelled_at;        /* or 0 */
    int placed;                  /* published assignments */
    deploy_skill_ref *skills;
    int nskills;
} deploy_posted;

/* Filter of shift lists. */
typedef struct deploy_shift_filter {
    int64_t org_id;              /* 0: every organisation */
    int64_t from_day, to_day;    /* Amsterdam days, inclusive; to_day 0: no end */
    bool with_cancelled;
    bool open_only;              /* published, not cancelled, places left, starting after `after` */
    int64_t after;
} deploy_shift_filter;

typedef struct deploy_rostered {
    int64_t assignment_id;
    int64_t shift_id;
    int64_t person_id;
    const char *person_name;
    const char *status;          /* proposed, published, cancelled */
    const char *source;          /* engine, hand, claim, repair */
    int64_t starts_at, ends_at;  /* the shift's */
    int64_t org_id;
    const char *org_name;
    const char *location;
    const char *hours_status;    /* worked, missed, or NULL: not confirmed */
    int worked_minutes;
    int64_t updated_at;          /* created or cancelled */
} deploy_rostered;

typedef struct deploy_window_row {
    int64_t id;
    int weekday, from_min, to_min;
} deploy_window_row;

typedef struct deploy_exception_row {
    int64_t id;
    const char *from_date, *to_date, *reason;
} deploy_exception_row;

typedef struct deploy_document {
    int64_t id;
    const char *kind;            /* vog, identity, contract */
    const char *issued_on;
    const char *expires_on;      /* or NULL */
    const char *note;            /* or NULL */
    const char *checked_by;      /* user name */
    int64_t checked_at;
} deploy_document;

typedef struct deploy_profile {
    int64_t person_id;
    const char *name;
    bool exists;                 /* the person has a profile (is a runner) */
    bool active;
    int max_week_hours;          /* 0: none */
    int travel_km;               /* 0: none */
    const char *postcode;
    deploy_window_row *windows;
    int nwindows;
    deploy_exception_row *exceptions;
    int nexceptions;
    int64_t *pref_orgs;
    int npref_orgs;
    int64_t *pref_locations;
    int npref_locations;
    deploy_document *documents;  /* current ones, one per kind at most */
    int ndocuments;
} deploy_profile;

/* One runner in the planner's list: name and whether the documents allow deployment today. */
typedef struct deploy_runner {
    int64_t person_id;
    const char *name;
    const char *postcode;
    bool vog, identity, contract; /* a current document of the kind exists */
    int64_t vog_day;              /* DEPLOY_NO_DAY when none */
    int max_week_hours;           /* 0: none */
    int upcoming;                 /* published shifts from today on */
} deploy_runner;

/* Reads. DB_ENOTFOUND when the record is not there. */
int deploy_locations_of(db_conn *c, arena *a, int64_t org_id, deploy_location **out, int *n);
int deploy_location_load(db_conn *c, arena *a, int64_t id, deploy_location *out);
int deploy_shift_list(db_conn *c, arena *a, const deploy_shift_filter *f, deploy_posted **out, int *n);
int deploy_shift_load(db_conn *c, arena *a, int64_t id, deploy_posted *out);
/* The published (and, with cancelled, cancelled) assignments of a shift. */
int deploy_shift_people(db_conn *c, arena *a, int64_t shift_id, bool cancelled, deploy_rostered **out, int *n);
/* A person's assignments (published and cancelled) from from_day on (0: all). */
int deploy_person_roster(db_conn *c, arena *a, int64_t person_id, int64_t from_day, deploy_rostered **out, int *n);
/* Published assignments of an organisation's shifts (0: all) from from_day to to_day, with their hours. */
int deploy_org_roster(db_conn *c, arena *a, int64_t org_id, int64_t from_day, int64_t to_day, deploy_rostered **out,
                      int *n);
int deploy_assignment_load(db_conn *c, arena *a, int64_t id, deploy_rostered *out);
/* The proposed rows of a draft plan. */
int deploy_plan_rows(db_conn *c, arena *a, int64_t plan_id, deploy_rostered **out, int *n);
int deploy_profile_load(db_conn *c, arena *a, int64_t person_id, deploy_profile *out);
/* Runners (people with an active profile); org_id 0: all, else those linked to the organisation. */
int deploy_runner_list(db_conn *c, arena *a, int64_t org_id, deploy_runner **out, int *n);
/* The person's linked organisations (person_orgs), at most max. */
int deploy_person_orgs(db_conn *c, int64_t person_id, int64_t *orgs, int max, int *n);

/* Writes for a request (audited as the request's user). *id 0 creates. */
int deploy_location_save(http_request *req, int64_t org_id, int64_t *id, const deploy_location_input *in,
                         api_errors *e);
/* Posts one shift or a pattern for org_id; *first gets the first id, *n how many. */
int deploy_shift_post(http_request *req, int64_t org_id, const deploy_shift_input *in, int64_t *first, int *n,
                      api_errors *e);
int deploy_profile_save(http_request *req, int64_t person_id, const deploy_profile_input *in,
                        const int64_t *pref_orgs, int npref_orgs, const int64_t *pref_locations,
                        int npref_locations, api_errors *e);
int deploy_window_add(http_request *req, int64_t person_id, const deploy_window_input *in, int64_t *id,
                      api_errors *e);
int deploy_window_delete(http_request *req, int64_t person_id, int64_t id);
int deploy_exception_add(http_request *req, int64_t person_id, const char *from_date, const char *to_date,
                         const char *reason, int64_t *id, api_errors *e);
int deploy_exception_delete(http_request *req, int64_t person_id, int64_t id);
/* Records a checked document (replacing the current one of its kind). */
int deploy_document_record(http_request *req, int64_t person_id, const deploy_document_input *in, int64_t *id,
                           api_errors *e);
/* The supervisor confirms or corrects the worked hours of a published assignment. */
int deploy_hours_confirm(http_request *req, int64_t assignment_id, const char *status, const char *worked,
                         const char *note, api_errors *e);
/* Creates a new feed token for the person (revoking the old one); *token
 * gets the token in a (shown once). */
int deploy_feed_token_new(http_request *req, int64_t person_id, const char **token);
int deploy_feed_token_revoke(http_request *req, int64_t person_id);
/* The person of an unrevoked token; DB_ENOTFOUND otherwise. */
int deploy_feed_person(db_conn *c, const char *token, int64_t *person_id);
/* Whether the person has an unrevoked token, and since when (0: none). */
int deploy_feed_since(db_conn *c, int64_t person_id, int64_t *since);

#endif
