/* people: the people the programmes work with (applicants, participants,
 * employees) and how they are linked to organisations. Its public header.
 * What a user may see of a person is decided by policy (auth/policy.h):
 * the ordinary record for staff of a linked organisation and the person
 * themselves; the sensitive part (benefit status) for the jobcoach of a
 * linked organisation, the coordinator and the person, and every such read
 * is audited. The sensitive part is never loaded with the ordinary record. */
#ifndef INSTROOM_PEOPLE_PEOPLE_H
#define INSTROOM_PEOPLE_PEOPLE_H

#include <jansson.h>
#include <stdint.h>

#include "auth/policy.h"
#include "db/db.h"
#include "http/http.h"
#include "people/model.h"

typedef struct people_link {
    int64_t org_id;
    const char *org_name;
    const char *relation;     /* employee, placed, student, client, applicant */
    int64_t since;
} people_link;

/* The ordinary record of a person: no sensitive fields. */
typedef struct people_person {
    int64_t id;
    const char *given_name;
    const char *family_name;
    const char *email;        /* each optional field may be NULL */
    const char *phone;
    const char *birth_date;   /* YYYY-MM-DD */
    const char *postcode;
    int64_t created_at;
    int64_t updated_at;
    people_link *links;       /* the organisations the person is linked with */
    int nlinks;
} people_person;

/* The sensitive part: only loaded after policy allowed (and audited) it. */
typedef struct people_sensitive {
    const char *benefit_status; /* e.g. "bijstand", "WW"; NULL when none */
} people_sensitive;

typedef struct people_query {
    const int64_t *orgs;      /* only people linked to one of these organisations ... */
    int norgs;
    bool everyone;            /* ... unless this is set (policy allows every person) */
    const char *search;       /* part of the name (given, family or both), or NULL */
    int64_t after;            /* keyset: only ids above this (ordered by id) */
    bool by_id;               /* order by id (keyset pages) instead of by name */
    int offset;
    int limit;                /* 1..1000 */
} people_query;

/* Lists the people q selects, each with its links, into the arena; *total
 * (if given) counts every match. 0 or a negative db code. */
int people_list(db_conn *c, arena *a, const people_query *q, people_person **out, int *n, int64_t *total);
/* Loads the ordinary record of person id with its links; DB_ENOTFOUND when absent. */
int people_get(db_conn *c, arena *a, int64_t id, people_person *out);
/* Loads the sensitive part of person id. Call only after
 * policy_enforce(POLICY_PERSON_SENSITIVE) allowed it. */
int people_get_sensitive(db_conn *c, arena *a, int64_t id, people_sensitive *out);
/* How many distinct people are linked with organisation org_id. */
int people_count_linked(db_conn *c, int64_t org_id, int64_t *n);

/* The policy target of person p (kind POLICY_PERSON or POLICY_PERSON_SENSITIVE):
 * its id and every organisation it is linked with (orgs in the arena). */
policy_target people_target(arena *a, const people_person *p, policy_resource kind);
/* The organisations in which the request's principal holds a role, for
 * people_query.orgs (in the arena). */
int people_viewer_orgs(http_request *req, const int64_t **orgs, int *n);

/* The person as JSON (the Person schema); s adds "sensitive" when given. */
json_t *people_to_json(const people_person *p, const people_sensitive *s);

/* HTML routes (/people, /me) and JSON routes (/api/v1/people...), ending with {0}. */
extern const http_route people_routes[];
extern const http_route people_api_routes[];

#endif
