/* training planner (app side): loads a course's enrolled participants of a
 * cohort and the sessions of each module, asks the pure planner
 * (training/plan.h) for the placement of least total travel, and stores it
 * in session_places in one transaction, replacing the planner's earlier
 * placements (places made by hand are kept and count against capacity).
 * Used by `instroom plan-training` and the "Plan sessies" button. */
#ifndef INSTROOM_TRAINING_PLANNER_H
#define INSTROOM_TRAINING_PLANNER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/arena.h"
#include "db/db.h"
#include "http/i18n.h"

typedef struct training_plan_placed {
    int64_t enrolment_id;
    const char *person_name;
    const char *module_name;
    int64_t session_id;
    int64_t starts_at;
    const char *location;
    double km;                  /* travel, when located */
    bool located;               /* the person's postcode is known */
} training_plan_placed;

typedef struct training_plan_unplaced {
    int64_t enrolment_id;
    const char *person_name;
    const char *module_name;
    msg_id reason;              /* MSG_TRAINING_PLAN_WHY_... */
} training_plan_unplaced;

typedef struct training_plan_report {
    training_plan_placed *placed;
    int nplaced;
    training_plan_unplaced *unplaced;
    int nunplaced;
    double total_km;
    int nmodules;
    int nparticipants;
    int kept;                   /* places made by hand, left alone */
} training_plan_report;

/* Plans course_id for the enrolments of cohort_id (0: every enrolment of the
 * course) inside the caller's write transaction on c (the caller adds its
 * audit entry and commits), as user_id (0 for the system) at now; with
 * dry_run nothing is written. progress (if given) gets a line per module.
 * The report lives in a. 0 or a negative code (DB_ENOTFOUND when the course
 * is not there). */
int training_plan_run(db_conn *c, arena *a, int64_t course_id, int64_t cohort_id, int64_t user_id, int64_t now,
                      bool dry_run, FILE *progress, training_plan_report *out);

#endif
