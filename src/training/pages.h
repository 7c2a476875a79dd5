/* training pages and API: what both share (access decisions and texts). */
#ifndef INSTROOM_TRAINING_PAGES_H
#define INSTROOM_TRAINING_PAGES_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/policy.h"
#include "http/http.h"
#include "training/store.h"

/* POLICY_TRAINING on a course (0: any course) with the course's schools as
 * organisations; enforce writes a refusal to the audit log. */
bool training_may(http_request *req, policy_op op, int64_t course_id, bool enforce);
/* POLICY_TRAINING_RECORD on an enrolment: the course's schools (and for a
 * read the person's linked organisations), the person. */
bool training_may_record(http_request *req, policy_op op, const training_enrolment *en, bool enforce);
/* "di 14-04-2026 09:00–12:30" in the request's language, Amsterdam time. */
const char *training_when(http_request *req, int64_t starts_at, int64_t ends_at);
/* The label of an attendance, result or enrolment status (NULL: not recorded). */
const char *training_status_text(http_request *req, const char *status);

#endif
