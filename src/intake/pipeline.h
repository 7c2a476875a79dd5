/* intake pipeline: the store behind the pipeline and selection pages
 * (pipeline.c) and their JSON (pipeline_api.c). Internal to intake/. Reads
 * take a connection and an arena; writes take the request, validate first
 * (adding field errors to e and changing nothing), then do the whole user
 * action and its audit entry in one transaction. Who may do it is decided by
 * the caller through policy_enforce. */
#ifndef INSTROOM_INTAKE_PIPELINE_H
#define INSTROOM_INTAKE_PIPELINE_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/policy.h"
#include "http/api.h"
#include "intake/intake.h"
#include "intake/model.h"

#define INTAKE_MOVE_REASON_MAX 500
#define INTAKE_BULK_MAX 500

/* A campaign in the overview. */
typedef struct intake_campaign_row {
    int64_t id;
    const char *slug;
    const char *title;
    const char *programme_name;
    const char *cohort_name;
    int64_t opens_at;
    int64_t closes_at;
    int applications;
} intake_campaign_row;

/* Every campaign, newest first, with its application count (not erased). */
int intake_pipeline_campaigns(db_conn *c, arena *a, intake_campaign_row **out, int *n);

/* An application as lists and the detail page show it. */
typedef struct intake_app_row {
    int64_t id;
    int64_t campaign_id;
    int64_t person_id;
    int64_t stage_id;
    const char *given_name;      /* NULL once erased */
    const char *family_name;
    const char *email;
    const char *phone;
    const char *postcode;
    const char *birth_date;
    const char *source;
    const char *languages;
    unsigned avail_days;
    unsigned avail_parts;
    int avail_hours;
    int64_t created_at;
    int64_t stage_at;
    bool waitlisted;
    int64_t erased_at;
    /* the detail only */
    const char *current_study;
    const char *prior_occupation_label;
    const char *hobbies;
    const char *motivation;
    const char *avail_from;
    const char *avail_until;
    const char *utm_source;
    const char *utm_medium;
    const char *utm_campaign;
    const char *lang;
    int64_t duplicate_of;
    const char *duplicate_reason;
    const char *duplicate_name;  /* the existing person's name, or NULL */
} intake_app_row;

/* What a list or board shows. 0 / NULL: no filter on that. */
typedef struct intake_app_filter {
    int64_t stage_id;
    const char *source;
    const char *area;            /* a postcode prefix of 1..4 digits */
    unsigned days;               /* available on all these days (bits) */
    unsigned parts;              /* and in all these parts of the day */
    int age_min;
    int age_max;
    const char *language;        /* an ISO 639-1 code */
    const char *today;           /* YYYY-MM-DD: the day ages are taken at */
    int64_t skill_id;            /* skills filter: the person's profile must score at least */
    int skill_level;             /* skill_min (0..1) on this skill at this level (1..4; the */
    double skill_min;            /* score of skills/model.h); the list is ranked by level */
    int64_t after;               /* keyset: ids above this */
    bool newest_first;           /* pages: the newest applications on page 1 (not with after) */
    int offset;
    int limit;                   /* 1..1000 */
} intake_app_filter;

/* Reads the skills filter (?skill=ID&level=1..4&min=0..1; level defaults to
 * 4, so that the score is the person's level / 4, and min to 0.25: having
 * the skill at all) into f, with an error per wrong parameter. */
void intake_app_filter_skill(intake_app_filter *f, const char *skill, const char *level, const char *min,
                             api_errors *e);
/* Checks the filter's values (area, source, language, ages, days, parts),
 * adding one error per wrong field. 0 or API_EINVALID. */
int intake_app_filter_check(const intake_app_filter *f, api_errors *e);
/* Load campaign {id} (or application {id} and its campaign) of the request's
 * path and decide op on its applications, for the pages and the API alike:
 * 0 (allowed), 404 (absent, or not readable: the refusal is audited), 403
 * (readable but not writable), or a negative db code. */
int intake_pipeline_open_campaign(http_request *req, policy_op op, intake_campaign *k);
int intake_pipeline_open_application(http_request *req, policy_op op, intake_app_row *app, intake_campaign *k);
/* The applications of campaign_id f selects, by id (descending with
 * f->newest_first); *total (if given) the
 * number without offset and limit. */
int intake_pipeline_applications(db_conn *c, arena *a, int64_t campaign_id, const intake_app_filter *f,
                                 intake_app_row **out, int *n, int64_t *total);
/* Loads application id with its answers; DB_ENOTFOUND when there is none. */
int intake_pipeline_application(db_conn *c, arena *a, int64_t id, intake_app_row *out);

/* A move in an application's history. */
typedef struct intake_move_row {
    int64_t id;
    int64_t from_stage;          /* 0 for the arrival */
    int64_t to_stage;
    int64_t user_id;             /* 0 for the system */
    const char *user_name;       /* or NULL */
    int64_t at;
    const char *reason;
} intake_move_row;

/* The moves of application id, oldest first. */
int intake_pipeline_moves(db_conn *c, arena *a, int64_t id, intake_move_row **out, int *n);

/* One reviewer's score with names, for the detail page. */
typedef struct intake_score_row {
    int64_t criterion_id;
    int64_t reviewer_id;
    const char *reviewer_name;
    int score;
    int64_t at;
} intake_score_row;

/* The scores of application id, by reviewer and criterion position. */
int intake_pipeline_scores(db_conn *c, arena *a, int64_t id, intake_score_row **out, int *n);
/* The rubric of campaign id in position order. */
int intake_pipeline_rubric(db_conn *c, arena *a, int64_t campaign_id, intake_criterion **out, int *n);

/* The stage with key (or of kind, for key NULL: the first in order) of a
 * list of stages, or NULL. */
const intake_stage *intake_stage_find(const intake_stage *s, int n, const char *key, int kind);
/* The stage with that id, or NULL. */
const intake_stage *intake_stage_by_id(const intake_stage *s, int n, int64_t id);

/* Moves application app of campaign k to stage to (a stage id of k) with
 * reason (required, 1..500 characters), audited. API_EINVALID (fields
 * "stage", "reason") or DB_ENOTFOUND. */
int intake_pipeline_move(http_request *req, const intake_campaign *k, int64_t app, int64_t to, const char *reason,
                         api_errors *e);
/* Moves every application in ids (of campaign k) to stage to, or with reject
 * to the campaign's rejected stage queuing its template message to each
 * applicant with an e-mail address; all or nothing, audited. An id not of k
 * is an error on "ids". *mails gets the number of mails queued. */
int intake_pipeline_move_bulk(http_request *req, const intake_campaign *k, const int64_t *ids, int n, int64_t to,
                              bool reject, const char *reason, api_errors *e, int *mails);

/* Replaces the rubric of campaign k: names and weights of n criteria (ids[i]
 * 0 for a new one; existing ones not listed are removed with their scores).
 * Fields "criteria[i].name", "criteria[i].weight". */
int intake_pipeline_rubric_save(http_request *req, const intake_campaign *k, const int64_t *ids,
                                const char *const *names, const double *weights, int n, api_errors *e);
/* Stores the current user's scores of application app (criterion ids and
 * scores 1..5; a score of 0 removes the user's score of that criterion).
 * Fields "scores" and "score". */
int intake_pipeline_scores_save(http_request *req, const intake_campaign *k, int64_t app, const int64_t *crit,
                                const int *scores, int n, api_errors *e);

/* The ranking of the applications of campaign id still in an open stage. */
int intake_pipeline_ranking(db_conn *c, arena *a, int64_t campaign_id, intake_criterion **crit, int *ncrit,
                            intake_ranked **out, int *n);
/* The places left per partner in the campaign's cohort (cohort_places minus
 * the selections already placed there). */
int intake_pipeline_places(db_conn *c, arena *a, const intake_campaign *k, intake_partner_places **out, int *n);
/* The proposal of "select the best k" for campaign k (ranked entries and decisions). */
int intake_pipeline_propose(db_conn *c, arena *a, const intake_campaign *k, int kbest, intake_ranked **ranked,
                            intake_selection **sel, int *n, int *nselected, intake_partner_places **places,
                            int *nplaces);
/* Computes the proposal again and applies it in one transaction: every
 * selected application moves to the campaign's selected stage and is placed
 * with its partner, audited. Field "k". *nselected gets how many moved. */
int intake_pipeline_select(http_request *req, const intake_campaign *k, int kbest, api_errors *e, int *nselected);

/* The funnel of campaign id and its stages. */
int intake_pipeline_funnel(db_conn *c, arena *a, int64_t campaign_id, intake_stage **stages, int *nstages,
                           intake_funnel *out);
/* Writes the funnel as CSV (one row per stage, a column per source) into b. */
void intake_funnel_csv(buf *b, const intake_stage *stages, int nstages, const intake_funnel *f);


#endif
