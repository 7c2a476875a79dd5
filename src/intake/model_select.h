/* intake selection rules, pure and unit-tested (tests/unit/test_intake_select.c):
 * the scoring rubric (criteria with weights, 1..5 scores by several
 * reviewers), the aggregated ranking whose ties and missing scores are
 * explained, "select the best K" under places per partner, and the funnel
 * (counts per stage, conversion, median days per stage, per source).
 * Every result lives in the arena it is given; nothing here does I/O. */
#ifndef INSTROOM_INTAKE_MODEL_SELECT_H
#define INSTROOM_INTAKE_MODEL_SELECT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "http/i18n.h"

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
