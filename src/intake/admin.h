/* intake admin: programmes, cohorts and campaigns as the coordinator keeps
 * them (admin_model.c: rules, pure; admin_store.c: SQL; admin.c: pages and
 * API), the CSV import of pre-selected applicants (import.c) and the privacy
 * duties (privacy.c: retention, a person's export and erasure). Staff read,
 * the coordinator writes (POLICY_PROGRAMME); imports are POLICY_APPLICATION
 * writes; export and erasure POLICY_PERSON_RIGHTS. Every change is audited in
 * its own transaction. */
#ifndef INSTROOM_INTAKE_ADMIN_H
#define INSTROOM_INTAKE_ADMIN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/arena.h"
#include "base/jsonw.h"
#include "db/db.h"
#include "http/api.h"
#include "http/http.h"
#include "intake/intake.h"

#define INTAKE_ADMIN_NAME_MAX 200
#define INTAKE_SLUG_MAX 60
#define INTAKE_ADMIN_TEXT_MAX 4000
#define INTAKE_MAX_PARTNERS 64
#define INTAKE_MAX_PHASES 32
#define INTAKE_MAX_TARGETS 32

/* ---- Programmes ---- */

typedef struct intake_partner {
    int64_t org_id;
    const char *org_name;   /* loaded, or NULL in an input */
    const char *part;       /* employer, school, referrer, funder, adviser, coordinator */
    const char *note;       /* or NULL */
} intake_partner;

typedef struct intake_phase {
    const char *name;
    int weeks;              /* 0: not said */
} intake_phase;

typedef struct intake_target {
    const char *metric;     /* applicants, selected, capacity, continue_pct, retention_pct, other */
    double value;
    const char *description;
} intake_target;

typedef struct intake_programme {
    int64_t id;
    const char *slug;
    const char *name;
    const char *kind;       /* flexpool, lateral_entry, pre_track, orientation, accelerated */
    const char *description;
    int64_t owner_org;
    const char *owner_name;
    int min_age;            /* 0: no rule */
    int max_age;
    int64_t created_at;
    int64_t archived_at;
    intake_partner *partners;
    int npartners;
    intake_phase *phases;
    int nphases;
    intake_target *targets;
    int ntargets;
} intake_programme;

/* What a form or JSON body says a programme is. Ages are text as typed. */
typedef struct intake_programme_input {
    const char *slug;
    const char *name;
    const char *kind;
    const char *description;
    int64_t owner_org;
    const char *min_age;
    const char *max_age;
    intake_partner partners[INTAKE_MAX_PARTNERS];
    int npartners;
    intake_phase phases[INTAKE_MAX_PHASES];
    int nphases;
    intake_target targets[INTAKE_MAX_TARGETS];
    int ntargets;
} intake_programme_input;

/* Trims the text fields (copies in a); empty optional ones become NULL. */
void intake_programme_normalise(arena *a, intake_programme_input *in);
/* Checks every field (slug: a-z, 0-9 and '-'; kind; owner; ages 14..99 with
 * min <= max; partner parts; phases; targets; a percentage target 0..100);
 * one error per wrong field. 0 or API_EINVALID. Pure. */
int intake_programme_validate(const intake_programme_input *in, api_errors *e);
/* Parses phase lines "Name; weeks" (weeks optional) into in; an error on
 * "phases" for a bad line. */
int intake_phases_parse(arena *a, const char *text, intake_programme_input *in, api_errors *e);
/* Parses target lines "metric; value; description" into in; errors on "targets". */
int intake_targets_parse(arena *a, const char *text, intake_programme_input *in, api_errors *e);
/* True for the stored names of programme kinds, partner parts and target metrics. */
bool intake_programme_kind_valid(const char *s);
bool intake_partner_part_valid(const char *s);
bool intake_target_metric_valid(const char *s);
/* True when s is a slug: 1..60 of a-z, 0-9 and '-', not starting or ending with '-'. */
bool intake_slug_valid(const char *s);

int intake_programme_list(db_conn *c, arena *a, int64_t after, int limit, intake_programme **out, int *n);
/* Loads programme id with its partners, phases and targets; DB_ENOTFOUND. */
int intake_programme_load(db_conn *c, arena *a, int64_t id, intake_programme *out);
/* Creates (id 0) or replaces programme *id with in, partners, phases and
 * targets included, audited, in one transaction. API_EINVALID with e. */
int intake_programme_save(http_request *req, int64_t *id, intake_programme_input *in, api_errors *e);
void intake_programme_write_json(jsonw *w, const intake_programme *p);

/* ---- Cohorts ---- */

typedef struct intake_place {
    int64_t org_id;
    const char *org_name;
    int places;
} intake_place;

typedef struct intake_cohort {
    int64_t id;
    int64_t programme_id;
    const char *programme_name;
    const char *name;
    const char *starts_on;
    const char *ends_on;
    int capacity;
    int64_t created_at;
    intake_place *places;
    int nplaces;
} intake_cohort;

typedef struct intake_cohort_input {
    int64_t programme_id;
    const char *name;
    const char *starts_on;  /* YYYY-MM-DD */
    const char *ends_on;
    const char *capacity;   /* as typed */
    intake_place places[INTAKE_MAX_PARTNERS];
    const char *places_text[INTAKE_MAX_PARTNERS]; /* as typed (forms), or NULL */
    int nplaces;
} intake_cohort_input;

void intake_cohort_normalise(arena *a, intake_cohort_input *in);
/* Checks name, dates (ends on or after the start), capacity 0..100000 and
 * places (whole numbers, summing to at most the capacity: error "places"). */
int intake_cohort_validate(intake_cohort_input *in, api_errors *e);
int intake_cohort_list(db_conn *c, arena *a, int64_t programme_id, int64_t after, int limit, intake_cohort **out,
                       int *n);
int intake_cohort_load(db_conn *c, arena *a, int64_t id, intake_cohort *out);
/* Creates (id 0) or replaces cohort *id; places only for partners of its
 * programme (error "places"). Audited, one transaction. */
int intake_cohort_save(http_request *req, int64_t *id, intake_cohort_input *in, api_errors *e);
void intake_cohort_write_json(jsonw *w, const intake_cohort *k);

/* ---- Campaigns ---- */

typedef struct intake_campaign_row {
    int64_t id;
    int64_t cohort_id;
    const char *cohort_name;
    int64_t programme_id;
    const char *programme_name;
    const char *slug;
    const char *title;
    const char *intro_nl;
    const char *intro_en;
    int64_t opens_at;
    int64_t closes_at;
    int target;
    int cap;
    int retention_weeks;
    const char *reject_message_nl;
    const char *reject_message_en;
    int64_t created_at;
    int applications;
} intake_campaign_row;

typedef struct intake_campaign_input {
    int64_t cohort_id;
    const char *slug;
    const char *title;
    const char *intro_nl;
    const char *intro_en;
    const char *opens_at;   /* "YYYY-MM-DDTHH:MM" in Amsterdam, or RFC 3339 */
    const char *closes_at;
    const char *target;     /* whole numbers as typed */
    const char *cap;
    const char *retention_weeks; /* NULL: 4 */
    const char *reject_message_nl;
    const char *reject_message_en;
} intake_campaign_input;

/* Parses an instant: "YYYY-MM-DDTHH:MM[:SS]" as Amsterdam wall-clock time, or
 * with "Z" or "+HH:MM" as an RFC 3339 time. 0 or -1. */
int intake_instant_parse(const char *s, int64_t *out);
/* utc as "YYYY-MM-DDTHH:MM" in Amsterdam (for datetime-local fields), in a. */
char *intake_instant_local(arena *a, int64_t utc);
void intake_campaign_normalise(arena *a, intake_campaign_input *in);
/* Checks every field; *opens and *closes get the parsed window. */
int intake_campaign_validate(const intake_campaign_input *in, api_errors *e, int64_t *opens, int64_t *closes);
int intake_campaign_list(db_conn *c, arena *a, int64_t cohort_id, int64_t after, int limit,
                         intake_campaign_row **out, int *n);
int intake_campaign_load(db_conn *c, arena *a, int64_t id, intake_campaign_row *out);
/* Creates (id 0: with the default stages) or replaces campaign *id. */
int intake_campaign_save(http_request *req, int64_t *id, intake_campaign_input *in, api_errors *e);
void intake_campaign_write_json(jsonw *w, const intake_campaign_row *k);

/* ---- CSV import (import.c) ---- */

#define INTAKE_IMPORT_MAX_ROWS 100000

/* One bad cell or row: line (1-based, the header is line 1), field, reason. */
typedef struct intake_import_error {
    int line;
    int column;             /* 1-based, or 0 for the whole row */
    const char *field;      /* the applicant field ("email", ...), or "file"/"header" */
    msg_id reason;
    const char *detail;     /* the CSV reader's message, or NULL */
} intake_import_error;

typedef struct intake_import_row {
    int line;
    intake_applicant in;
} intake_import_row;

typedef struct intake_import_parsed {
    intake_import_row *rows;
    int nrows;
    intake_import_error *errors;
    int nerrors;
    int cap_errors;
    const char *encoding;   /* "utf-8" or "windows-1252" */
    char sep;
} intake_import_parsed;

/* Parses a CSV of applicants into rows (in a) without touching a database:
 * the header names the columns (Dutch or English), every cell is mapped and
 * each row checked with intake_applicant_normalise/validate against k at now.
 * consent_declared: the uploader declares that everyone on the list consented
 * (used when there is no consent column). Every problem is listed in
 * out->errors. 0 when every row is good, API_EINVALID otherwise. */
int intake_import_parse(arena *a, const intake_campaign *k, const char *data, size_t n, bool consent_declared,
                        int64_t now, intake_import_parsed *out);
/* The import key of an applicant: hex BLAKE2b of the normalised identity, in a. */
const char *intake_import_key(arena *a, const intake_applicant *in);

typedef void (*intake_progress_fn)(void *ctx, int done, int total);

typedef struct intake_import_result {
    int64_t import_id;
    int rows;
    int added;
    int existed;
    int waitlisted;
} intake_import_result;

/* Stores parsed rows into campaign k in one write transaction with the
 * imports record and an audit entry (user_id 0 for the command line): all or
 * nothing. Rows already imported add nothing. */
int intake_import_store(db_conn *c, const intake_campaign *k, const intake_import_parsed *p, const char *file_name,
                        const char *data, size_t n, int64_t user_id, const char *ip, const char *request_id,
                        int64_t now, intake_progress_fn progress, void *ctx, intake_import_result *out);
/* Writes the report of p's errors, one line each, in lang. */
void intake_import_report(FILE *f, const char *lang, const intake_import_parsed *p);

/* ---- Privacy (privacy.c) ---- */

typedef struct intake_retention_result {
    int applications;       /* applications whose answers were erased */
    int people;             /* people whose identifying fields were erased */
} intake_retention_result;

/* Erases what the retention rules say is due at now: rejected and withdrawn
 * applications of campaigns closed retention_weeks ago (a year when the
 * applicant consented to be kept), and the people who have nothing else
 * left. Audited (user 0), job_runs updated, one transaction. dry_run counts
 * only. */
int intake_retention_run(db_conn *c, int64_t now, bool dry_run, intake_retention_result *out);
/* Writes everything stored about person id as JSON. DB_ENOTFOUND. */
int intake_person_export(db_conn *c, arena *a, int64_t id, jsonw *w);
/* Erases person id on request: identifying fields, links, answers of every
 * application; audited with user_id; one transaction. DB_ENOTFOUND. */
int intake_person_erase(db_conn *c, int64_t id, int64_t user_id, const char *ip, const char *request_id,
                        int64_t now, intake_retention_result *out);
/* Starts the daily retention thread of the server (runs at once, then every
 * 24 h) on d; intake_retention_thread_stop ends it. 0 or -1. */
int intake_retention_thread_start(db *d);
void intake_retention_thread_stop(void);

/* Routes of the data-rights pages and API (privacy.c) and the import (import.c). */
extern const http_route intake_privacy_routes[];
extern const http_route intake_privacy_api_routes[];
extern const http_route intake_import_routes[];

/* Used by admin.c to show the upload form on the campaign page. */
void intake_import_form(http_request *req, buf *b, int64_t campaign_id);

#endif
