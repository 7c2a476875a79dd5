#include "auth/policy.h"

#include <string.h>

#include "auth/audit.h"

const char *policy_resource_name(policy_resource r)
{
    switch (r) {
    case POLICY_ORG_LIST: return "orgs";
    case POLICY_ORG: return "org";
    case POLICY_USER_LIST: return "users";
    case POLICY_USER: return "user";
    case POLICY_PERSON: return "person";
    case POLICY_PERSON_SENSITIVE: return "person.sensitive";
    case POLICY_AUDIT: return "audit";
    case POLICY_PROGRAMME: return "programme";
    case POLICY_APPLICATION: return "application";
    case POLICY_PERSON_RIGHTS: return "person.rights";
    case POLICY_OUTBOX: return "outbox";
    case POLICY_REFERENCE: return "reference";
    case POLICY_SKILL_CATALOGUE: return "skill";
    case POLICY_SKILL_PROFILE: return "person.skills";
    case POLICY_TRAINING: return "course";
    case POLICY_TRAINING_RECORD: return "enrolment";
    case POLICY_ACHIEVEMENT: return "achievement";
    case POLICY_CREDENTIAL: return "credential";
    case POLICY_COACHING: return "person.coaching";
    case POLICY_GUIDANCE_NOTE: return "person.notes";
    case POLICY_CHECKIN: return "person.checkins";
    case POLICY_SUPPORT_NEED: return "person.support";
    case POLICY_OUTCOME: return "outcome";
    case POLICY_INSIGHT: return "insight";
    case POLICY_DEPLOY_SHIFT: return "shift";
    case POLICY_DEPLOY_PLAN: return "plan";
    case POLICY_DEPLOY_PROFILE: return "person.availability";
    case POLICY_DEPLOY_DOCUMENT: return "person.documents";
    case POLICY_DEPLOY_ROSTER: return "assignment";
    case POLICY_DEPLOY_HOURS: return "hours";
    }
    return "?";
}

/* True when p holds one of roles (bits) in one of the organisations. */
static bool role_in_orgs(const auth_principal *p, unsigned roles, const int64_t *orgs, int norgs)
{
    for (int i = 0; i < p->nmemberships; i++) {
        if (!(roles & ROLE_BIT(p->memberships[i].role)) || !p->memberships[i].org_id) continue;
        for (int k = 0; k < norgs; k++)
            if (orgs[k] == p->memberships[i].org_id) return true;
    }
    return false;
}

/* Who plans and changes an organisation's deployment. */
#define PLANNERS (ROLE_BIT(ROLE_RECRUITER) | ROLE_BIT(ROLE_SUPERVISOR))

static bool deny(const char **why, const char *reason)
{
    if (why) *why = reason;
    return false;
}

static bool allow(const char **why, const char *reason)
{
    if (why) *why = reason;
    return true;
}

bool policy_allows(const auth_principal *p, policy_op op, const policy_target *t, const char **why)
{
    if (!p) return deny(why, "not logged in");
    if (p->scopes && op == POLICY_WRITE && !strstr(p->scopes, "write"))
        return deny(why, "token without write scope");
    bool coordinator = (p->roles & ROLE_BIT(ROLE_COORDINATOR)) != 0;
    if (coordinator) return allow(why, "coordinator");
    /* A coach link counts only for the coaching roles: a recruiter or
     * supervisor made someone's coach still never sees notes or debts. */
    bool coach = t->coach && (p->roles & (ROLE_BIT(ROLE_JOBCOACH) | ROLE_BIT(ROLE_MENTOR)));
    switch (t->kind) {
    case POLICY_ORG_LIST:
    case POLICY_ORG:
        if (op == POLICY_READ && (p->roles & ROLES_STAFF)) return allow(why, "staff read organisations");
        return deny(why, "organisations are managed by the coordinator");
    case POLICY_USER_LIST:
    case POLICY_AUDIT:
        return deny(why, "coordinator only");
    case POLICY_USER:
        if (t->id == p->user_id) return allow(why, "own account");
        if (op == POLICY_READ && role_in_orgs(p, ROLES_STAFF, t->orgs, t->norgs))
            return allow(why, "colleague in the same organisation");
        return deny(why, "not a colleague");
    case POLICY_PERSON:
        if (p->person_id && t->id == p->person_id) return allow(why, "own record");
        if (role_in_orgs(p, ROLES_STAFF, t->orgs, t->norgs))
            return allow(why, "person linked to the organisation");
        return deny(why, "person not linked to any organisation of the user");
    case POLICY_PERSON_SENSITIVE:
        if (op == POLICY_READ && p->person_id && t->id == p->person_id) return allow(why, "own record");
        if (role_in_orgs(p, ROLE_BIT(ROLE_JOBCOACH), t->orgs, t->norgs))
            return allow(why, "jobcoach of the person");
        return deny(why, "sensitive data: jobcoach and coordinator only");
    case POLICY_PROGRAMME:
        if (op == POLICY_READ && (p->roles & ROLES_STAFF)) return allow(why, "staff read programmes");
        return deny(why, "programmes are managed by the coordinator");
    case POLICY_APPLICATION:
        /* Recruiters select, jobcoaches refer and pre-select: both only in the
         * campaigns of programmes their organisation takes part in. */
        if (role_in_orgs(p, ROLE_BIT(ROLE_RECRUITER) | ROLE_BIT(ROLE_JOBCOACH), t->orgs, t->norgs))
            return allow(why, "recruiter or jobcoach of a partner organisation");
        if (op == POLICY_READ && t->person_id && p->person_id == t->person_id)
            return allow(why, "own application");
        return deny(why, "not a partner of the programme");
    case POLICY_PERSON_RIGHTS:
        if (op == POLICY_READ && t->person_id && p->person_id == t->person_id)
            return allow(why, "own data export");
        return deny(why, "data export and erasure: coordinator only");
    case POLICY_OUTBOX:
        return deny(why, "coordinator only");
    case POLICY_REFERENCE:
        if (op == POLICY_READ && (p->roles & ROLES_STAFF)) return allow(why, "staff read reference data");
        return deny(why, "reference data is for staff; the coordinator loads it");
    case POLICY_SKILL_CATALOGUE:
        if (op == POLICY_READ) return allow(why, "the skills catalogue is for everyone logged in");
        return deny(why, "local skills are added by the coordinator");
    case POLICY_SKILL_PROFILE:
        if (p->person_id && t->person_id == p->person_id) return allow(why, "own skills");
        if (role_in_orgs(p, ROLE_BIT(ROLE_TRAINER) | ROLE_BIT(ROLE_SUPERVISOR), t->orgs, t->norgs))
            return allow(why, "trainer or supervisor of the person");
        if (op == POLICY_READ && role_in_orgs(p, ROLES_STAFF, t->orgs, t->norgs))
            return allow(why, "person linked to the organisation");
        return deny(why, "person not linked to any organisation of the user");
    case POLICY_TRAINING:
    case POLICY_ACHIEVEMENT:
        if (op == POLICY_READ && (p->roles & ROLES_STAFF)) return allow(why, "staff read training and badges");
        if (role_in_orgs(p, ROLE_BIT(ROLE_TRAINER), t->orgs, t->norgs)) return allow(why, "trainer of the school");
        return deny(why, "changed by the school's trainers and the coordinator");
    case POLICY_TRAINING_RECORD:
    case POLICY_CREDENTIAL:
        if (op == POLICY_READ && p->person_id && t->person_id == p->person_id) return allow(why, "own record");
        if (role_in_orgs(p, ROLE_BIT(ROLE_TRAINER), t->orgs, t->norgs)) return allow(why, "trainer of the school");
        if (op == POLICY_READ && role_in_orgs(p, ROLES_STAFF, t->orgs, t->norgs))
            return allow(why, "person linked to the organisation");
        return deny(why, "changed by the school's trainers and the coordinator");
    case POLICY_COACHING:
        if (coach) return allow(why, "coach of the person");
        if (role_in_orgs(p, ROLE_BIT(ROLE_JOBCOACH), t->orgs, t->norgs)) return allow(why, "jobcoach of the person");
        if (op == POLICY_READ && p->person_id && t->person_id == p->person_id) return allow(why, "own coaches");
        if (op == POLICY_READ && role_in_orgs(p, ROLES_STAFF, t->orgs, t->norgs))
            return allow(why, "person linked to the organisation");
        return deny(why, "coaching is arranged by the person's coaches, jobcoach and the coordinator");
    case POLICY_GUIDANCE_NOTE:
        if (coach) return allow(why, "coach of the person");
        return deny(why, "coaching notes: the person's coaches and the coordinator only");
    case POLICY_CHECKIN:
        if (p->person_id && t->person_id == p->person_id) return allow(why, "own check-in");
        if (coach) return allow(why, "coach of the person");
        if (role_in_orgs(p, ROLE_BIT(ROLE_SUPERVISOR), t->orgs, t->norgs)) return allow(why, "supervisor of the person");
        return deny(why, "check-ins: the person, coaches and supervisors only");
    case POLICY_SUPPORT_NEED:
        if (op == POLICY_READ && p->person_id && t->person_id == p->person_id) return allow(why, "own record");
        if (coach) return allow(why, "coach of the person");
        if (role_in_orgs(p, ROLE_BIT(ROLE_JOBCOACH), t->orgs, t->norgs)) return allow(why, "jobcoach of the person");
        return deny(why, "support needs: the person's coaches, jobcoach and the coordinator only");
    case POLICY_OUTCOME:
        if (op == POLICY_READ && p->person_id && t->person_id == p->person_id) return allow(why, "own record");
        if (coach) return allow(why, "coach of the person");
        if (role_in_orgs(p, ROLE_BIT(ROLE_RECRUITER) | ROLE_BIT(ROLE_TRAINER) | ROLE_BIT(ROLE_JOBCOACH), t->orgs,
                         t->norgs))
            return allow(why, "recruiter, trainer or jobcoach of the person");
        if (op == POLICY_READ && role_in_orgs(p, ROLES_STAFF, t->orgs, t->norgs))
            return allow(why, "person linked to the organisation");
        return deny(why, "person not linked to any organisation of the user");
    case POLICY_INSIGHT:
        if (op == POLICY_READ && role_in_orgs(p, ROLES_STAFF, t->orgs, t->norgs))
            return allow(why, "staff of a partner organisation");
        return deny(why, "programme figures: partners read, the coordinator enters costs");
    case POLICY_DEPLOY_SHIFT:
        if (op == POLICY_READ && (p->roles & ROLE_BIT(ROLE_PARTICIPANT))) return allow(why, "published shifts");
        if (role_in_orgs(p, PLANNERS, t->orgs, t->norgs)) return allow(why, "planner of the organisation");
        if (op == POLICY_READ && role_in_orgs(p, ROLES_STAFF, t->orgs, t->norgs))
            return allow(why, "staff of the organisation");
        return deny(why, "shifts: the organisation's recruiters and supervisors post them");
    case POLICY_DEPLOY_PLAN:
        if (role_in_orgs(p, PLANNERS, t->orgs, t->norgs)) return allow(why, "planner of the organisation");
        return deny(why, "plans: the organisation's recruiters and supervisors, the coordinator for the region");
    case POLICY_DEPLOY_PROFILE:
        if (p->person_id && t->person_id == p->person_id) return allow(why, "own availability");
        if (role_in_orgs(p, PLANNERS, t->orgs, t->norgs)) return allow(why, "planner of the person's organisation");
        if (op == POLICY_READ && role_in_orgs(p, ROLES_STAFF, t->orgs, t->norgs))
            return allow(why, "person linked to the organisation");
        return deny(why, "person not linked to any organisation of the user");
    case POLICY_DEPLOY_DOCUMENT:
        if (op == POLICY_READ && p->person_id && t->person_id == p->person_id) return allow(why, "own documents");
        if (role_in_orgs(p, PLANNERS, t->orgs, t->norgs)) return allow(why, "planner of the person's organisation");
        return deny(why, "documents: the person, and recruiters and supervisors of the person's organisations");
    case POLICY_DEPLOY_ROSTER:
        if (p->person_id && t->person_id == p->person_id) return allow(why, "own shifts");
        if (role_in_orgs(p, PLANNERS, t->orgs, t->norgs)) return allow(why, "planner of the organisation");
        if (op == POLICY_READ && role_in_orgs(p, ROLES_STAFF, t->orgs, t->norgs))
            return allow(why, "staff of the organisation");
        return deny(why, "rosters: the person, and the organisation's recruiters and supervisors");
    case POLICY_DEPLOY_HOURS:
        if (op == POLICY_READ && p->person_id && t->person_id == p->person_id) return allow(why, "own hours");
        if (role_in_orgs(p, ROLE_BIT(ROLE_SUPERVISOR), t->orgs, t->norgs))
            return allow(why, "supervisor of the organisation");
        if (op == POLICY_READ && role_in_orgs(p, ROLES_STAFF, t->orgs, t->norgs))
            return allow(why, "staff of the organisation");
        return deny(why, "hours: the organisation's supervisors confirm them");
    }
    return deny(why, "unknown resource");
}

bool policy_sensitive(policy_resource r)
{
    return r == POLICY_PERSON_SENSITIVE || r == POLICY_PERSON_RIGHTS || r == POLICY_GUIDANCE_NOTE ||
           r == POLICY_CHECKIN || r == POLICY_SUPPORT_NEED || r == POLICY_DEPLOY_DOCUMENT;
}

bool policy_enforce(http_request *req, policy_op op, const policy_target *t, const char *entity)
{
    const char *why = NULL;
    const auth_principal *p = auth_current(req);
    bool ok = policy_allows(p, op, t, &why);
    const char *action = op == POLICY_READ ? "read" : "write";
    if (!ok)
        audit_request(req, action, entity ? entity : policy_resource_name(t->kind), t->id, 0, "denied", why);
    else if (op == POLICY_READ && policy_sensitive(t->kind))
        audit_request(req, "read", entity ? entity : policy_resource_name(t->kind), t->id, 0, "ok", why);
    return ok;
}
