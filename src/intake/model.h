/* intake model: the pure rules of intake (no I/O): what an applicant may
 * say and how it is normalised, what stages mean, when a campaign is open
 * and full, and which duplicate wins. Unit-tested in tests/unit/test_intake.c.
 * The pipeline's ranking rules live here too (their own section). */
#ifndef INSTROOM_INTAKE_MODEL_H
#define INSTROOM_INTAKE_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "http/api.h"
#include "http/i18n.h"
#include "intake/intake.h"

#define INTAKE_NAME_MAX 100
#define INTAKE_EMAIL_MAX 254
#define INTAKE_PHONE_DIGITS_MIN 10
#define INTAKE_PHONE_DIGITS_MAX 15
#define INTAKE_STUDY_MAX 200
#define INTAKE_OCCUPATION_MAX 300
#define INTAKE_HOBBIES_MAX 500
#define INTAKE_MOTIVATION_MAX 4000
#define INTAKE_UTM_MAX 100
#define INTAKE_HOURS_MAX 60
#define INTAKE_LANGUAGES_MAX 12     /* codes in one list */
#define INTAKE_STATUS_TOKEN_BYTES 16 /* 128 bits */

/* The stored name of a stage kind ("open", "selected", ...), or NULL. */
const char *intake_stage_kind_name(intake_stage_kind k);
/* The kind named s, or INTAKE_STAGE_KIND_COUNT. */
intake_stage_kind intake_stage_kind_parse(const char *s);
/* True for kinds that end an application (rejected, withdrawn). */
bool intake_stage_kind_is_final(intake_stage_kind k);

/* One of the default stages every new campaign gets. */
typedef struct intake_default_stage {
    const char *key;
    const char *name_nl;
    const char *name_en;
    intake_stage_kind kind;
} intake_default_stage;

#define INTAKE_DEFAULT_STAGE_COUNT 7
/* aangemeld, gescreend, intakegesprek, geselecteerd, wachtlijst, afgewezen,
 * teruggetrokken, in pipeline order (positions 1..7). */
extern const intake_default_stage intake_default_stages[INTAKE_DEFAULT_STAGE_COUNT];

/* Where a campaign's window is at time now. */
typedef enum { INTAKE_WINDOW_BEFORE, INTAKE_WINDOW_OPEN, INTAKE_WINDOW_AFTER } intake_window;
intake_window intake_campaign_window(const intake_campaign *k, int64_t now);
/* True when the next applicant goes on the waiting list: the campaign holds
 * cap applications or more. The window never closes because of it. */
bool intake_campaign_is_full(const intake_campaign *k);

/* The duplicate an applicant is linked to when several people look the same:
 * a matching e-mail address wins over a phone number, which wins over name
 * and birth date. Each id is 0 when nothing matched that way. Returns the
 * person id (0: no duplicate) and sets *reason to "email", "phone" or
 * "name_birth" (NULL with no duplicate). */
int64_t intake_duplicate_pick(int64_t by_email, int64_t by_phone, int64_t by_name_birth, const char **reason);

/* The postcode s as "1234 AB" in the arena, or NULL when it is not a Dutch
 * postcode (4 digits, the first not 0, and 2 letters other than SA, SD, SS). */
char *intake_postcode_normalise(arena *a, const char *s);
/* True for a plausible e-mail address: local@domain.tld, no spaces, at most
 * INTAKE_EMAIL_MAX characters. */
bool intake_email_valid(const char *s);
/* s reduced to its digits and a leading '+', in the arena; separators
 * (space, '-', '.', '(', ')', '/') are dropped, anything else is kept so that
 * validation refuses it. */
char *intake_phone_normalise(arena *a, const char *s);
/* True when s is '+' or digits only with 10 to 15 digits. */
bool intake_phone_valid(const char *s);
/* Whole years between birth and on (both YYYY-MM-DD); -1 when either is not a date. */
int intake_age_at(const char *birth, const char *on);
/* True for a comma-separated list of up to INTAKE_LANGUAGES_MAX distinct
 * lowercase two-letter codes ("nl,en,ar"). NULL or "" is an empty list. */
bool intake_languages_valid(const char *s);
/* True for the sources an application may have. */
bool intake_source_valid(const char *s);
/* The source of a form: a jobcoach's referral wins, then "via via", then utm
 * parameters, else direct. */
const char *intake_source_of(int64_t referrer_user_id, bool via_via, const char *utm_source,
                             const char *utm_medium, const char *utm_campaign);

/* True when the per-address rate limit refuses another submission: attempts
 * already made within the window reached limit. */
bool intake_rate_limited(int64_t attempts_in_window, int limit);

/* ---- Selection (pipeline): the scoring rubric (criteria with weights, 1..5
 * scores by several reviewers), the explained ranking, "select the best K"
 * under places per partner, and the funnel. Unit tests with hand-computed
 * figures: tests/unit/test_intake_select.c. ---- */

#define INTAKE_SCORE_MIN 1
#define INTAKE_SCORE_MAX 5
#define INTAKE_WEIGHT_MAX 100.0
#define INTAKE_CRITERION_NAME_MAX 100
#define INTAKE_CRITERIA_MAX 20
#define INTAKE_SELECT_K_MAX 10000
#define INTAKE_REASON_MAX 500

/* One criterion of a campaign's rubric. */
typedef struct intake_criterion {
    int64_t id;
    const char *name;
    double weight;               /* > 0 */
} intake_criterion;

/* One reviewer's score of one criterion of one application. */
typedef struct intake_score {
    int64_t application_id;
    int64_t criterion_id;
    int64_t reviewer_id;
    int score;                   /* 1..5 */
} intake_score;

/* An application that takes part in the ranking (one still in play). */
typedef struct intake_candidate {
    int64_t application_id;
    int64_t created_at;          /* when it applied: the earlier wins a tie */
} intake_candidate;

/* How a tie with an equal neighbour was broken. */
typedef enum intake_tie {
    INTAKE_TIE_NONE,             /* no equal neighbour */
    INTAKE_TIE_REVIEWERS,        /* more reviewers ranks higher */
    INTAKE_TIE_EARLIER,          /* then the earlier application */
    INTAKE_TIE_ID,               /* then the lower id */
} intake_tie;

/* One entry of the ranking. */
typedef struct intake_ranked {
    int64_t application_id;
    int64_t created_at;
    int rank;                    /* 1.. in ranking order; 0 when it has no scores at all */
    double score;                /* weighted mean (1..5) over the criteria that have scores */
    int reviewers;               /* distinct reviewers who scored it */
    double *criterion_means;     /* per criterion (rubric order) the mean over reviewers, 0 when none */
    int nmissing;                /* criteria nobody scored */
    int *missing;                /* their indexes in the rubric */
    msg_id reason;               /* complete, missing criteria or no scores */
    const char *reason_key;      /* "complete", "missing_criteria", "no_scores" */
    intake_tie tie;              /* how the tie with tie_with was broken */
    int64_t tie_with;            /* the equal neighbour, or 0 */
} intake_ranked;

/* Aggregates the scores: per criterion the mean over reviewers, then the
 * weighted mean over the criteria that have scores (weights renormalised).
 * Ranks complete entries first, then those with missing criteria, each by
 * score (higher first); equal scores by more reviewers, then the earlier
 * application, then the lower id; entries without any score come last with
 * rank 0. Scores of unknown applications or criteria are ignored. *out gets
 * ncand entries in ranking order. 0, or -1 when the arena is exhausted. */
int intake_rank(arena *a, const intake_criterion *crit, int ncrit, const intake_candidate *cand, int ncand,
                const intake_score *scores, int nscores, intake_ranked **out);
/* The catalogue text of a tie, or MSG_COUNT for INTAKE_TIE_NONE. */
msg_id intake_tie_label(intake_tie t);
/* The tie's stable key ("more_reviewers", "earlier_application", "lower_id") or NULL. */
const char *intake_tie_key(intake_tie t);

/* Places a partner has in a cohort. */
typedef struct intake_partner_places {
    int64_t org_id;
    const char *name;
    int places;                  /* places left (the cohort's minus those already taken) */
} intake_partner_places;

typedef enum intake_pick {
    INTAKE_PICK_SELECTED,
    INTAKE_PICK_BELOW_K,         /* ranked after the best K */
    INTAKE_PICK_NO_PLACES,       /* within the best K, but no partner had a place left */
    INTAKE_PICK_NO_SCORES,       /* nobody scored it */
} intake_pick;

/* The decision about one ranked entry. */
typedef struct intake_selection {
    int64_t application_id;
    int rank;
    intake_pick pick;
    int64_t org_id;              /* the partner it goes to, when selected */
    msg_id reason;
    const char *reason_key;      /* "selected", "below_k", "no_places", "no_scores" */
} intake_selection;

/* Selects the best k of the ranking (n entries in ranking order, as
 * intake_rank gives): in rank order each scored entry of rank 1..k goes to the partner with the most places left (the first listed
 * of equals); places are taken from p (updated in place). *out gets n
 * decisions in ranking order and *nselected how many were selected.
 * 0, or -1 when the arena is exhausted. */
int intake_select_best(arena *a, const intake_ranked *ranked, int n, intake_partner_places *p, int np, int k,
                       intake_selection **out, int *nselected);

/* ---- The funnel ---- */

/* A stage as the funnel sees it. */
typedef struct intake_funnel_stage {
    int64_t id;
    bool progression;            /* an open or selected stage: a step of the funnel */
} intake_funnel_stage;

/* An application as the funnel sees it. */
typedef struct intake_funnel_app {
    int64_t id;
    int64_t stage_id;            /* where it is now */
    const char *source;          /* direct, utm, jobcoach, via_via, import */
} intake_funnel_app;

/* A move (the first one, with from_stage 0, is the arrival). */
typedef struct intake_funnel_move {
    int64_t application_id;
    int64_t from_stage;
    int64_t to_stage;
    int64_t at;
} intake_funnel_move;

#define INTAKE_SOURCES 5
/* The stored name of source i (0..INTAKE_SOURCES-1): direct, utm, jobcoach, via_via, import. */
const char *intake_source_name(int i);
/* The index of the source named s, or -1. */
int intake_source_parse(const char *s);

typedef struct intake_funnel {
    int nstages;
    int *count;                  /* per stage (stage order): applications there now */
    int *reached;                /* per stage: applications that reached it or a later progression step
                                    (progression stages only; others as count of those ever there) */
    double *conversion;          /* per stage: reached / reached of the previous progression step,
                                    -1 for the first step, for non-progression stages and for 0/0 */
    double *median_days;         /* per stage: median of finished stays in days, -1 when none */
    int *stays;                  /* per stage: finished stays the median is taken over */
    int total;                   /* applications */
    int per_source[INTAKE_SOURCES];           /* applications per source */
    int *reached_by_source[INTAKE_SOURCES];   /* per source, per stage: as reached */
} intake_funnel;

/* Computes the funnel of stages (in pipeline order), applications and their
 * moves (any order). A progression step is reached by an application whose
 * furthest progression stage ever entered is that step or a later one, so
 * the steps never grow down the funnel. A stay is the time from entering a
 * stage to the next move; the median of an even number is the mean of the
 * two middle ones. 0, or -1 when the arena is exhausted. */
int intake_funnel_compute(arena *a, const intake_funnel_stage *stages, int nstages, const intake_funnel_app *apps,
                          int napps, const intake_funnel_move *moves, int nmoves, intake_funnel *out);

/* ---- Input rules ---- */

/* True for a score from 1 to 5. */
bool intake_score_valid(int64_t score);
/* True for a weight above 0 and at most INTAKE_WEIGHT_MAX. */
bool intake_weight_valid(double weight);
/* True for a K of "select the best K" from 1 to INTAKE_SELECT_K_MAX. */
bool intake_select_k_valid(int64_t k);

#endif
