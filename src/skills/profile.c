/* skills profile access: who may read and change a person's skills, for
 * the pages and the API alike. The policy module decides; this file only
 * adds the rule that a participant changes their own unverified claims and
 * never verifies. */
#include "auth/auth.h"
#include "skills/store.h"

policy_target skills_profile_target(http_request *req, const people_person *p)
{
    policy_target t = people_target(req->arena, p, POLICY_SKILL_PROFILE);
    t.kind = POLICY_SKILL_PROFILE;
    t.id = p->id;
    t.person_id = p->id;
    return t;
}

int skills_open_profile(http_request *req, int64_t person_id, policy_op op, people_person *p, bool *self)
{
    const auth_principal *who = auth_current(req);
    *self = who && who->person_id && who->person_id == person_id;
    int rc = person_id > 0 ? people_get(http_db(req), req->arena, person_id, p) : DB_ENOTFOUND;
    if (rc == DB_ENOTFOUND) return 404;
    if (rc) return rc;
    policy_target t = skills_profile_target(req, p);
    if (op == POLICY_WRITE && policy_allows(who, POLICY_READ, &t, NULL)) {
        /* Readable: a refused write is a 403 (and audited), not a 404. */
        return policy_enforce(req, POLICY_WRITE, &t, NULL) ? 0 : 403;
    }
    return policy_enforce(req, op, &t, NULL) ? 0 : 404;
}

bool skills_may_change(http_request *req, bool self, const skills_entry *e)
{
    const auth_principal *who = auth_current(req);
    if (!who) return false;
    if (self) return e->verified_at == 0 && e->added_by == who->user_id;
    return true; /* staff past skills_open_profile(POLICY_WRITE) */
}
