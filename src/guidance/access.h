/* guidance pages and API: the access decision both share. */
#ifndef INSTROOM_GUIDANCE_ACCESS_H
#define INSTROOM_GUIDANCE_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/policy.h"
#include "http/http.h"

typedef enum {
    GUIDANCE_ALLOWED,     /* go on */
    GUIDANCE_NOT_FOUND,   /* no such person, or one the user may not know of (answer 404) */
    GUIDANCE_FORBIDDEN,   /* the user knows the person but may not do this (answer 403) */
    GUIDANCE_FAILED,      /* a database error: *rc says which */
} guidance_access;

/* Decides op on resource kind about person_id through policy_enforce (a
 * refusal and a sensitive read are audited). A refusal is NOT_FOUND when the
 * user may not see the person at all (existence is not revealed), else
 * FORBIDDEN. *t (if given) gets the target. */
guidance_access guidance_check(http_request *req, policy_op op, policy_resource kind, int64_t person_id,
                               policy_target *t, int *rc);
/* As guidance_check without enforcing: true when the policy would allow it (nothing audited). */
bool guidance_allowed(const policy_target *person, policy_op op, policy_resource kind, http_request *req);

#endif
