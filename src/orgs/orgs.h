/* orgs: the organisations of the region (care providers, schools,
 * municipalities, UWV, regional bodies, advisers). Its public header: what
 * other features and the app may call. Reading is for staff, writing for the
 * coordinator, as policy (auth/policy.h) decides; every change is audited in
 * the same transaction. */
#ifndef INSTROOM_ORGS_ORGS_H
#define INSTROOM_ORGS_ORGS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/jsonw.h"
#include "db/db.h"
#include "http/api.h"
#include "http/http.h"
#include "orgs/model.h"

typedef struct orgs_org {
    int64_t id;
    const char *name;
    const char *kind;        /* stored name, see orgs_kind_name */
    const char *region;
    const char *city;        /* or NULL */
    const char *website;     /* or NULL */
    int64_t created_at;
    int64_t archived_at;     /* 0 while active */
} orgs_org;

typedef enum { ORGS_SORT_NAME, ORGS_SORT_KIND, ORGS_SORT_REGION, ORGS_SORT_ID } orgs_sort;

typedef struct orgs_query {
    const char *region;      /* exact region, or NULL for all */
    const char *kind;        /* stored kind, or NULL for all */
    orgs_status status;      /* active (default), archived or all */
    orgs_sort sort;          /* ORGS_SORT_ID for keyset pages */
    bool desc;
    int64_t after;           /* keyset: only ids above this (with ORGS_SORT_ID) */
    int offset;              /* page-number lists: rows to skip */
    int limit;               /* rows to return (1..1000) */
} orgs_query;

/* Lists the organisations q selects into the arena; *total (if given) gets
 * how many match without offset and limit. 0 or a negative db code. */
int orgs_list(db_conn *c, arena *a, const orgs_query *q, orgs_org **out, int *n, int64_t *total);
/* Loads organisation id into *out (strings in the arena); DB_ENOTFOUND when absent. */
int orgs_get(db_conn *c, arena *a, int64_t id, orgs_org *out);
/* The distinct regions of every organisation, sorted, in the arena. */
int orgs_regions(db_conn *c, arena *a, const char ***out, int *n);

/* Validates in (normalised in the request arena), stores a new organisation
 * and audits it, in one transaction. 0 with *id, API_EINVALID (e says why;
 * a taken name too) or a negative db code; on any error nothing is stored. */
int orgs_create(http_request *req, orgs_input *in, api_errors *e, int64_t *id);
/* Replaces every field of organisation id with in, as orgs_create does, and
 * archives it (archive 1), restores it (0) or leaves that (-1), in one
 * transaction; DB_ENOTFOUND when there is no such organisation. */
int orgs_update(http_request *req, int64_t id, orgs_input *in, int archive, api_errors *e);
/* Archives (or, with archived false, restores) organisation id, audited;
 * 0, DB_ENOTFOUND or a negative db code. Doing it twice changes nothing. */
int orgs_set_archived(http_request *req, int64_t id, bool archived);

/* Writes o as a JSON object (RFC 3339 times, null for absent values). */
void orgs_write_json(jsonw *w, const orgs_org *o);

/* HTML routes (/orgs...) and JSON routes (/api/v1/orgs...), each ending with {0}. */
extern const http_route orgs_routes[];
extern const http_route orgs_api_routes[];

#endif
