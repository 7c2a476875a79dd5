/* policy: the one place that decides who may see or change what. The rules
 * (DESIGN.md): a care organisation never sees another organisation's people
 * unless they are placed with it; benefit status, debts and coaching notes
 * are for the jobcoach and coordinator only; a participant sees only their
 * own record. policy_allows is pure; policy_enforce also writes the audit log. */
#ifndef INSTROOM_AUTH_POLICY_H
#define INSTROOM_AUTH_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"

typedef enum { POLICY_READ, POLICY_WRITE } policy_op;

typedef enum policy_resource {
    POLICY_ORG_LIST,         /* the list of organisations and their names */
    POLICY_ORG,              /* one organisation; id = org id */
    POLICY_USER_LIST,        /* the user administration */
    POLICY_USER,             /* one user; id = user id, orgs = the user's organisations */
    POLICY_PERSON,           /* a person's ordinary data; id = person id, orgs = linked organisations */
    POLICY_PERSON_SENSITIVE, /* benefit status, debts, coaching notes of that person */
    POLICY_AUDIT,            /* the audit log */
    POLICY_PROGRAMME,        /* programmes, cohorts, campaigns; id = programme id, orgs = its partners */
    POLICY_APPLICATION,      /* applications of a campaign (list, one, moves, scores, imports);
                                id = application id or 0, orgs = the programme's partners,
                                person_id = the applicant */
    POLICY_PERSON_RIGHTS,    /* a person's data export and erasure (AVG); id = person_id = the person */
    POLICY_OUTBOX,           /* the mail outbox */
    POLICY_REFERENCE,        /* shared reference data (the ESCO taxonomy): staff read, the coordinator loads */
    /* Skills, training and badges (issue 4). Where reads and writes need
     * different organisations, the caller passes for a write the
     * organisation responsible (the course's or achievement's school) and
     * for a read also the person's linked organisations. */
    POLICY_SKILL_CATALOGUE,  /* the skills catalogue: everyone logged in reads, the coordinator adds local skills */
    POLICY_SKILL_PROFILE,    /* a person's skills; id = person_id = the person, orgs = the person's organisations.
                                The person reads and adds own (unverified) skills; staff of those
                                organisations read; trainers and supervisors there add and verify */
    POLICY_TRAINING,         /* courses, modules, sessions and their planning; id = course id,
                                orgs = the course's school: staff read, its trainers change */
    POLICY_TRAINING_RECORD,  /* enrolment, attendance, assessment; id = enrolment id, person_id = the person:
                                the person reads own, staff of orgs read, trainers of orgs change */
    POLICY_ACHIEVEMENT,      /* badge classes; id = achievement id, orgs = its awarding organisation:
                                staff read, trainers there change */
    POLICY_CREDENTIAL,       /* issued badges; id = credential id, person_id = the holder: the holder
                                reads own, staff of orgs read, trainers of orgs issue and revoke */
    /* Guidance and insight (issue 7). For the four person resources below
     * id = person_id = the person, orgs = the person's linked organisations
     * and coach = the principal has an active coach link with the person
     * (the caller looks it up: guidance_is_coach). */
    POLICY_COACHING,         /* who coaches the person, and the coaching plan: the person, the coaches and staff
                                of orgs read; coaches and jobcoaches of orgs change */
    POLICY_GUIDANCE_NOTE,    /* contact moments with their notes, and early-warning signals:
                                the person's coaches only (and the coordinator) */
    POLICY_CHECKIN,          /* check-ins (wellbeing, workload, thinking of stopping): the person own,
                                coaches, and supervisors of orgs */
    POLICY_SUPPORT_NEED,     /* debts, childcare, ...: the person reads own; coaches and jobcoaches of orgs */
    POLICY_OUTCOME,          /* outcome events of a cohort member; id = member id, person_id = the person,
                                orgs = the person's orgs and the member's placement: the person reads own, staff
                                of orgs read; coaches and recruiters, trainers, jobcoaches of orgs record */
    POLICY_INSIGHT,          /* a programme's figures and funder report (aggregates, no names); id = programme id,
                                orgs = its partners: staff of partners read; costs are entered by the coordinator */
    /* Deployment (issue 6). orgs = the organisation of the shift or plan,
     * or for a person's resources the person's linked organisations. */
    POLICY_DEPLOY_SHIFT,     /* posted shifts and locations; id = shift id or 0: staff of orgs read, recruiters and
                                supervisors there post and cancel; participants read published shifts (open places) */
    POLICY_DEPLOY_PLAN,      /* plans (proposals, hand changes, publishing); id = plan id, orgs = the plan's organisation
                                (none for a regional plan): recruiters and supervisors of orgs */
    POLICY_DEPLOY_PROFILE,   /* availability, exceptions and preferences; id = person_id = the person: the person
                                reads and changes own; staff of orgs read; recruiters and supervisors of orgs change */
    POLICY_DEPLOY_DOCUMENT,  /* VOG, identity and contract checks; id = person_id = the person: the person reads own;
                                recruiters and supervisors of orgs read and record; every read is audited */
    POLICY_DEPLOY_ROSTER,    /* published assignments (claims, cancellations, the calendar feed); id = assignment id
                                or 0, person_id = the person, orgs = the shift's organisation: the person reads, claims
                                and cancels own; staff of orgs read; recruiters and supervisors of orgs change */
    POLICY_DEPLOY_HOURS,     /* worked hours and their export; id = assignment id or 0, person_id = the person,
                                orgs = the shift's organisation: the person reads own; staff of orgs read;
                                supervisors of orgs confirm and correct */
} policy_resource;

typedef struct policy_target {
    policy_resource kind;
    int64_t id;
    const int64_t *orgs;     /* organisations the record belongs to or is linked with */
    int norgs;
    int64_t person_id;       /* the person the record is about, or 0 */
    bool coach;              /* the principal coaches that person now (guidance resources); it counts
                                only for jobcoaches and mentors (the coaching roles) */
} policy_target;

/* Decides whether p may do op on t. *why (if given) gets a short reason for logs. */
bool policy_allows(const auth_principal *p, policy_op op, const policy_target *t, const char **why);
/* As policy_allows for the request's principal; a refusal is written to the
 * audit log as "denied", and an allowed read of sensitive data as a read. */
bool policy_enforce(http_request *req, policy_op op, const policy_target *t, const char *entity);
/* True for resources whose every allowed read is audited (benefit status,
 * AVG export, coaching notes, check-ins, support needs). */
bool policy_sensitive(policy_resource r);
/* The resource's name in the audit log ("org", "user", "person", ...). */
const char *policy_resource_name(policy_resource r);

#endif
