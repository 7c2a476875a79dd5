/* badges internal: what the files of src/badges share and nobody else uses. */
#ifndef INSTROOM_BADGES_INTERNAL_H
#define INSTROOM_BADGES_INTERNAL_H

#include "auth/policy.h"
#include "badges/badges.h"
#include "base/jsonw.h"

/* Loads the skills of an achievement read by badges_achievement_list. */
int badges_achievement_load_skills(db_conn *c, arena *a, badges_achievement *o);
/* Writes an achievement / a credential as the API shows it. */
void badges_achievement_json(jsonw *w, const badges_achievement *a);
void badges_cred_json(http_request *req, jsonw *w, const badges_cred *c);
/* "valid", "revoked", "expired", "signature_invalid". */
const char *badges_verdict_name(badges_verdict v);
/* The policy target of an achievement of org_id (0: none yet). */
policy_target badges_achievement_target(http_request *req, int64_t id, int64_t org_id);
/* The policy target of a credential: the achievement's organisation, and
 * for a read also the holder's linked organisations. */
policy_target badges_cred_target(http_request *req, const badges_cred *c, bool read);

#endif
