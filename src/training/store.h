/* training store: the SQL of courses, modules, sessions, enrolments,
 * attendance and assessments (through db/db.h only). Reads fill structs in
 * the caller's arena. Writes of one user action are one transaction with
 * their audit entry; they check their input (model.h) and the references
 * (organisations, skills, cohorts, trainers) and return API_EINVALID with
 * the field errors, having changed nothing. Who may call them is decided by
 * the callers (pages.c, api.c) through the policy module. */
#ifndef INSTROOM_TRAINING_STORE_H
#define INSTROOM_TRAINING_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "http/api.h"
#include "training/model.h"

typedef struct training_course {
    int64_t id;
    const char *slug;
    int64_t org_id;
    const char *org_name;
    int64_t programme_id;       /* or 0 */
    const char *programme_name; /* or NULL */
    const char *name;
    const char *description_nl;
    const char *description_en;
    int64_t created_at;
    int nmodules, nsessions, nenrolled, ncompleted;
} training_course;

typedef struct training_skill_ref {
    int64_t skill_id;
    const char *uri;
    const char *label_nl;
    const char *label_en;
    int level;
} training_skill_ref;

typedef struct training_module {
    int64_t id;
    int64_t course_id;
    int position;
    const char *name_nl;
    const char *name_en;
    int dayparts;               /* or 0 */
    int weeks;                  /* or 0 */
    training_skill_ref *skills;
    int nskills;
} training_module;

typedef struct training_session {
    int64_t id;
    int64_t course_id;
    const char *course_name;
    int64_t module_id;          /* or 0 */
    const char *module_nl, *module_en;
    int64_t cohort_id;          /* or 0 */
    int64_t org_id;
    const char *org_name;
    const char *location;
    const char *postcode;
    int64_t starts_at, ends_at;
    int capacity;
    int placed;                 /* people placed in it */
    int64_t trainer_id;         /* or 0 */
    const char *trainer_name;
} training_session;

typedef struct training_enrolment {
    int64_t id;
    int64_t course_id;
    const char *course_name;
    int64_t course_org_id;
    int64_t cohort_id;
    const char *cohort_name;
    int64_t person_id;
    const char *person_name;
    const char *postcode;
    const char *status;         /* enrolled, completed, withdrawn */
    int avail_days, avail_parts;
    int64_t enrolled_at, completed_at;
    int npassed;
} training_enrolment;

/* A placed participant of a session with their attendance (NULL: none yet). */
typedef struct training_place {
    int64_t enrolment_id;
    int64_t person_id;
    const char *person_name;
    const char *attendance;
    double km;                  /* < 0 when placed by hand */
} training_place;

typedef struct training_assessment {
    int64_t module_id;
    const char *result;
    const char *note;
    const char *assessor;
    int64_t assessed_at;
} training_assessment;

/* An attendance row of an enrolment: which session, and the status or NULL. */
typedef struct training_attended {
    training_session session;
    const char *status;
} training_attended;

/* Reads. DB_ENOTFOUND when the record is not there. */
int training_course_list(db_conn *c, arena *a, training_course **out, int *n);
int training_course_load(db_conn *c, arena *a, int64_t id, training_course *out);
int training_course_by_slug(db_conn *c, const char *slug, int64_t *id);
/* The schools of a course: its own and those giving its sessions (at most max). */
int training_course_orgs(db_conn *c, int64_t course_id, int64_t *orgs, int max, int *n);
int training_modules_of(db_conn *c, arena *a, int64_t course_id, training_module **out, int *n);
int training_module_load(db_conn *c, arena *a, int64_t id, training_module *out);
int training_sessions_of(db_conn *c, arena *a, int64_t course_id, training_session **out, int *n);
int training_session_load(db_conn *c, arena *a, int64_t id, training_session *out);
int training_enrolments_of(db_conn *c, arena *a, int64_t course_id, training_enrolment **out, int *n);
int training_enrolments_of_person(db_conn *c, arena *a, int64_t person_id, training_enrolment **out, int *n);
int training_enrolment_load(db_conn *c, arena *a, int64_t id, training_enrolment *out);
/* The person's linked organisations (person_orgs), at most max. */
int training_person_orgs(db_conn *c, int64_t person_id, int64_t *orgs, int max, int *n);
int training_places_of(db_conn *c, arena *a, int64_t session_id, training_place **out, int *n);
int training_assessments_of(db_conn *c, arena *a, int64_t enrolment_id, training_assessment **out, int *n);
/* The sessions the enrolment is placed in, with attendance. */
int training_attended_of(db_conn *c, arena *a, int64_t enrolment_id, training_attended **out, int *n);
/* Organisations for the choice lists: schools; trainers (users with the trainer role). */
typedef struct training_choice {
    int64_t id;
    const char *label;
    int64_t org_id;
} training_choice;
int training_school_choices(db_conn *c, arena *a, training_choice **out, int *n);
int training_trainer_choices(db_conn *c, arena *a, training_choice **out, int *n);
int training_cohort_choices(db_conn *c, arena *a, training_choice **out, int *n);

/* Writes for a request (audited as the request's user). *id 0 creates. */
int training_course_save(http_request *req, int64_t *id, training_course_input *in, api_errors *e);
int training_module_save(http_request *req, int64_t course_id, int64_t *id, training_module_input *in,
                         api_errors *e);
int training_session_save(http_request *req, int64_t course_id, int64_t *id, training_session_input *in,
                          api_errors *e);
/* Enrols the people of the cohort's selected applications who are not
 * enrolled yet (availability from their application); *added gets how many. */
int training_enrol_cohort(http_request *req, int64_t course_id, int64_t cohort_id, int *added, api_errors *e);
/* Enrols one person (cohort_id may be 0); *id gets the enrolment. */
int training_enrol_person(http_request *req, int64_t course_id, int64_t person_id, int64_t cohort_id, int64_t *id,
                          api_errors *e);
/* Records the attendance of n placed enrolments of a session (status
 * present/absent/excused, or NULL/"" to leave one alone); all or nothing. */
int training_attendance_record(http_request *req, int64_t session_id, int n, const int64_t *enrolment_ids,
                               const char *const *statuses, api_errors *e);
/* Records the assessment of a module for an enrolment and, when passed,
 * awards the module's skills; completes the enrolment and issues its badges
 * when every module is passed. *completed (if given) tells whether it did. */
int training_assess(http_request *req, int64_t enrolment_id, int64_t module_id, const char *result, const char *note,
                    bool *completed, api_errors *e);

/* The same inside the caller's write transaction on c, by user_id at now
 * (for the demo and the planner); no audit entry. */
int training_assess_tx(db_conn *c, int64_t enrolment_id, int64_t module_id, const char *result, const char *note,
                       int64_t user_id, int64_t now, bool *completed);
int training_enrol_tx(db_conn *c, int64_t course_id, int64_t person_id, int64_t cohort_id, int days, int parts,
                      int64_t now, int64_t *id);

#endif
