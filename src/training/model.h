/* training model: the pure rules of courses, modules, sessions, enrolment,
 * attendance and assessment: input checks that name the wrong field, when a
 * session is (weekday and daypart in Amsterdam time), whether a person is
 * available for it, and when an enrolment is complete. No I/O. */
#ifndef INSTROOM_TRAINING_MODEL_H
#define INSTROOM_TRAINING_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "http/api.h"

#define TRAINING_NAME_MAX 200
#define TRAINING_TEXT_MAX 4000
#define TRAINING_MAX_MODULE_SKILLS 32
#define TRAINING_ALL_DAYS 127  /* bit 0 Monday .. bit 6 Sunday */
#define TRAINING_ALL_PARTS 7   /* bit 0 morning, 1 afternoon, 2 evening */

/* Dayparts: morning before 12:00, afternoon before 18:00, evening after. */
enum { TRAINING_MORNING = 0, TRAINING_AFTERNOON = 1, TRAINING_EVENING = 2 };

/* The weekday of utc in Amsterdam: 0 Monday .. 6 Sunday. */
int training_weekday(int64_t utc);
/* The daypart in which utc starts in Amsterdam (TRAINING_MORNING ...). */
int training_daypart(int64_t utc);
/* The availability bits of an application (days 0..127, parts with the
 * night bit dropped) for an enrolment; *days and *parts are left alone when the
 * application gave none (0). */
void training_avail_from_application(int64_t app_days, int64_t app_parts, int *days, int *parts);

/* A course as typed (form or JSON); texts may be NULL. */
typedef struct training_course_input {
    const char *slug;
    const char *name;
    const char *description_nl;
    const char *description_en;
    int64_t org_id;            /* the school responsible */
    int64_t programme_id;      /* or 0 */
} training_course_input;

/* Checks a course: slug (lower-case letters, digits, hyphens, 1..60, no
 * hyphen at either end), name required, descriptions optional and multiline,
 * org required. Adds an error per wrong field; the number of errors. */
int training_course_validate(const training_course_input *in, api_errors *e);
/* True for a well-formed slug. */
bool training_slug_valid(const char *s);

typedef struct training_module_skill {
    int64_t skill_id;          /* resolved by the store, 0 until then */
    const char *ref;           /* uri or code as typed */
    int level;                 /* 1..4 */
} training_module_skill;

typedef struct training_module_input {
    const char *position;      /* 1..999 as text */
    const char *name_nl;
    const char *name_en;
    const char *dayparts;      /* 1..100 or empty */
    const char *weeks;         /* 1..520 or empty */
    training_module_skill skills[TRAINING_MAX_MODULE_SKILLS];
    int nskills;
    /* Parsed by training_module_validate: */
    int position_n, dayparts_n, weeks_n;
} training_module_input;

/* Parses skill lines "REF LEVEL" (REF a uri or code, LEVEL 1..4; blank
 * lines skipped; ';' or ',' also separate) into in->skills. An error on
 * "skills" when a line is malformed or there are too many. */
void training_module_skills_parse(arena *a, const char *text, training_module_input *in, api_errors *e);
/* Checks a module and fills the parsed numbers; the number of errors. */
int training_module_validate(training_module_input *in, api_errors *e);

typedef struct training_session_input {
    int64_t module_id;         /* or 0 */
    int64_t cohort_id;         /* or 0 */
    int64_t org_id;            /* the school giving it */
    const char *location;
    const char *postcode;      /* optional, "1234 AB" */
    const char *date;          /* YYYY-MM-DD */
    const char *start;         /* HH:MM, Amsterdam time */
    const char *end;           /* HH:MM */
    const char *capacity;      /* 0..10000 */
    int64_t trainer_id;        /* or 0 */
    /* Parsed by training_session_validate: */
    int64_t starts_at, ends_at;
    int capacity_n;
} training_session_input;

/* Parses "HH:MM" (00:00..23:59) into minutes since midnight; -1 if malformed. */
int training_clock_parse(const char *s);
/* The UTC instants of date + start and date + end in Amsterdam time; -1 on
 * a malformed date or time (or one in the spring gap), -2 when end is not
 * after start. */
int training_session_times(const char *date, const char *start, const char *end, int64_t *starts_at,
                           int64_t *ends_at);
/* Checks a session and fills the parsed values; the number of errors. */
int training_session_validate(training_session_input *in, api_errors *e);
/* True for a Dutch postcode "1234 AB", "1234AB" (the digits not starting with 0). */
bool training_postcode_valid(const char *s);

/* Attendance and assessment values. */
bool training_attendance_status_valid(const char *s);
bool training_result_valid(const char *s);

/* The completion rule: an enrolment is complete when the course has modules
 * and every one of them is passed. */
bool training_is_complete(int nmodules, int npassed);

/* A cohort named on the command line: a positive id ("12") or
 * "programme-slug/cohort-name". 0 with *id set, or with *slug and *name in
 * the arena; -1 when it is neither. */
int training_cohort_ref_parse(arena *a, const char *s, int64_t *id, const char **slug, const char **name);

#endif
