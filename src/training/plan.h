/* training/plan: the session planner, a pure engine (base and assign only).
 *
 * Places the participants of one module in its sessions: a participant can
 * only go to a session at a weekday and daypart they are available, and (if
 * the session sets a maximum) within that many km of their postcode. Among
 * all plans it takes one that places the most participants, and among those
 * the one with the least travel (total km). Solved exactly as a linear
 * assignment (assign/assign.h): every session is expanded into one column
 * per place, and every participant has a "not placed" column whose cost is
 * more than any plan's total km, so placing one more always wins.
 *
 * A participant whose postcode is unknown is counted at one km beyond the
 * farthest distance of the known participant-session pairs that are
 * allowed (0 when there are none), for every session they are available
 * for, so a missing postcode never takes a place from someone whose travel
 * is known; a session's maximum km does not exclude them, since it cannot
 * be checked. Their km are not in
 * the reported total. Distances come from base/geo (approximate). */
#ifndef INSTROOM_TRAINING_PLAN_H
#define INSTROOM_TRAINING_PLAN_H

#include <stdbool.h>
#include <stdint.h>

enum { PLAN_MORNING = 0, PLAN_AFTERNOON = 1, PLAN_EVENING = 2 };
/* The availability bit of a weekday (0 = Monday .. 6 = Sunday) and a
 * daypart (PLAN_MORNING ..); 21 bits in all. */
#define PLAN_BIT(weekday, daypart) (UINT32_C(1) << ((weekday) * 3 + (daypart)))
#define PLAN_ALL_TIMES ((UINT32_C(1) << 21) - 1)

typedef struct plan_person {
    long long id;          /* the caller's id, not used by the planner */
    bool located;          /* lat and lon are known */
    double lat;            /* degrees, when located */
    double lon;
    uint32_t available;    /* PLAN_BIT of every time they can come */
} plan_person;

typedef struct plan_session {
    long long id;          /* the caller's id, not used by the planner */
    double lat;            /* where it is, degrees */
    double lon;
    int capacity;          /* places, >= 0 */
    int weekday;           /* 0 = Monday .. 6 = Sunday */
    int daypart;           /* PLAN_MORNING, PLAN_AFTERNOON or PLAN_EVENING */
    double max_km;         /* farthest a participant may live; 0 = no limit */
} plan_session;

/* Why a participant is (not) placed. */
typedef enum plan_reason {
    PLAN_PLACED = 0,
    PLAN_NO_SESSIONS,      /* the module has no sessions at all */
    PLAN_NOT_AVAILABLE,    /* no session is at a time they are available */
    PLAN_OUT_OF_REACH,     /* every session at their times is beyond its maximum km */
    PLAN_FULL,             /* they could attend sessions, but in the best plan
                              their places go to others */
} plan_reason;

typedef struct plan_summary {
    int placed;            /* participants placed */
    int unplaced;          /* participants not placed */
    double total_km;       /* travel of the placed participants with a known postcode */
    int placed_unlocated;  /* placed participants without a known postcode */
    double unlocated_km;   /* the cost counted for each of those (the farthest known) */
} plan_summary;

/* Plans one module. people[np], sessions[ns]. Writes session_of[p] (index
 * into sessions, or -1), reason[p] and, if given, km[p] (the travel of a
 * placed participant with a known postcode, else 0) and *summary.
 * 0 on success; -1 when an input is out of range (negative counts or
 * capacity, weekday or daypart out of range, a coordinate or max_km not
 * finite, max_km < 0, availability bits beyond the 21) or memory runs out. */
int plan_module(int np, const plan_person *people, int ns, const plan_session *sessions, int *session_of,
                plan_reason *reason, double *km, plan_summary *summary);

/* One module's planning problem and its answer, for plan_modules. */
typedef struct plan_group {
    int np;                          /* participants of this module */
    const plan_person *people;
    int ns;                          /* its sessions */
    const plan_session *sessions;
    int *session_of;                 /* out: np entries */
    plan_reason *reason;             /* out: np entries */
    double *km;                      /* out, optional: np entries */
    plan_summary summary;            /* out */
} plan_group;

/* Plans every group (a course's modules) independently of the others.
 * 0, or -1 at the first group plan_module refuses (earlier ones are done). */
int plan_modules(int ngroups, plan_group *groups);

/* The reason's name: "placed", "no_sessions", "not_available",
 * "out_of_reach", "full". */
const char *plan_reason_name(plan_reason r);

#endif
