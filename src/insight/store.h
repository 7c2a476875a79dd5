/* insight/store: the SQL behind the figures and the pages' lists. */
#ifndef INSTROOM_INSIGHT_STORE_H
#define INSTROOM_INSIGHT_STORE_H

#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"

/* A cohort of a programme with its number of members. */
typedef struct insight_cohort_row {
    int64_t id;
    const char *name, *starts_on;
    int64_t members;
} insight_cohort_row;

/* A programme with its cohorts (oldest first) and partner organisations. */
typedef struct insight_programme_row {
    int64_t id;
    const char *name, *kind;
    insight_cohort_row *cohorts;
    int ncohorts;
    int64_t *orgs;          /* partners and the owner */
    int norgs;
} insight_programme_row;

/* The programmes that are not archived, by name, with their cohorts and
 * organisations (in a). Returns 0 or a negative db error. */
int insight_programmes_list(db_conn *c, arena *a, insight_programme_row **out, int *n);

/* The organisations of a programme (its partners and its owner), in a.
 * DB_ENOTFOUND when there is no such programme. */
int insight_programme_orgs(db_conn *c, int64_t programme_id, arena *a, int64_t **orgs, int *n);

/* The programme a cohort belongs to; DB_ENOTFOUND when there is no such cohort. */
int insight_cohort_programme(db_conn *c, int64_t cohort_id, int64_t *programme_id);

/* The cohorts of a programme, oldest first (in a). */
int insight_cohorts_of(db_conn *c, int64_t programme_id, arena *a, insight_cohort_row **out, int *n);

#endif
