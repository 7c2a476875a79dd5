/* roster solve: finds a roster that meets every hard rule and has a low
 * objective. Anytime: it returns the best roster found when the time or
 * iteration limit is reached or when *stop becomes non-zero. Deterministic:
 * the same instance, seed and iteration limit (without a time limit) give the
 * same roster. Repair mode: given a published roster, every cell that
 * differs from it costs change_weight, so that the new roster changes few
 * assignments. The engine has no global state; many may run at once. */
#ifndef INSTROOM_ROSTER_SOLVE_H
#define INSTROOM_ROSTER_SOLVE_H

#include <signal.h>
#include <stdint.h>

#include "roster/model.h"
#include "roster/solution.h"

typedef struct roster_progress {
    double elapsed;       /* seconds since the start */
    uint64_t iterations;  /* moves tried so far */
    int64_t best;         /* objective of the best feasible roster (with change
                             penalties in repair mode), -1 if none yet */
    int64_t current;      /* objective of the current roster (soft part) */
    int64_t hard;         /* hard units of the current roster (0 = feasible) */
    double time_to_best;  /* seconds at which the best was found */
} roster_progress;

typedef void (*roster_progress_fn)(const roster_progress *progress, void *ctx);

typedef struct roster_solve_options {
    double time_limit;                  /* seconds; 0 = none (then iterations > 0) */
    uint64_t iterations;                /* move limit; 0 = none */
    uint64_t seed;                      /* random seed */
    const volatile sig_atomic_t *stop;  /* polled; non-zero = stop now, keep the best */
    roster_progress_fn progress;        /* called about every progress_interval s, may be NULL */
    void *progress_ctx;
    double progress_interval;           /* seconds; 0 = 1 s */
    const roster_solution *initial;     /* start from this roster, may be NULL */
    const roster_solution *published;   /* repair mode when non-NULL */
    int change_weight;                  /* penalty per changed cell; 0 = ROSTER_CHANGE_WEIGHT */
    double colgen_share;                /* fraction of the run (time or iterations) given at
                                           the start to column generation and diving, which
                                           then hand their roster to the search when it is
                                           better than the greedy one; 0 = none. Not used in
                                           repair mode, with an initial roster, or when the
                                           horizon is too long for whole-line pricing. */
} roster_solve_options;

#define ROSTER_CHANGE_WEIGHT 20

typedef struct roster_solve_result {
    roster_solution *solution; /* the best roster found; owned by the result */
    int64_t objective;         /* its objective (without change penalties) */
    int feasible;              /* 1 when it meets every hard rule */
    int64_t hard;              /* hard units left when infeasible (0 when feasible) */
    int changes;               /* cells that differ from the published roster */
    uint64_t iterations;       /* moves tried */
    double elapsed;            /* seconds */
    double time_to_best;       /* seconds until the best was found */
    double lp_value;           /* column generation's root LP value, -1 when not reached */
    double lp_bound;           /* its Lagrangian bound (see colgen.h), -1 when not reached */
    int64_t colgen_objective;  /* objective of the roster the dive found, -1 when none
                                  (not feasible or no column generation) */
    double colgen_seconds;     /* seconds spent in column generation and diving */
    int colgen_tried;          /* neighbourhoods re-solved by column generation ... */
    int colgen_improved;       /* ... and how many gave a better roster */
    int colgen_pool_runs;      /* annealing runs over the pool of lines ... */
    int colgen_pool_improved;  /* ... and how many gave a better roster */
    int colgen_windows;        /* window neighbourhoods re-solved by column generation ... */
    int colgen_windows_improved; /* ... and how many gave a better roster */
    int colgen_window_days;    /* the last window's days and employees freed */
    int colgen_window_free;
    long bnp_nodes;            /* branch-and-price nodes (0 = not run) ... */
    int bnp_improved;          /* ... better rosters it found ... */
    int bnp_done;              /* ... 1 when it exhausted its tree ... */
    long bnp_inexact;          /* ... nodes whose pricing was not exact (see colgen.h) ... */
    int bnp_trees;             /* ... and the trees it began (restarts + 1) */
    int optimal;               /* 1 when the roster is proven optimal (the tree exhausted
                                  with exact pricing): the run then ends early */
} roster_solve_result;

/* Fills o with the defaults: 10 s, no iteration limit, seed 1, column
 * generation on the first half of the run. */
void roster_solve_options_init(roster_solve_options *o);
/* Solves ins under o. On success returns 0 and fills res (free it with
 * roster_solve_result_free) even when no feasible roster was found; returns a
 * negative code with a message in err (errlen bytes) on error. */
int roster_solve(const roster_instance *ins, const roster_solve_options *o,
                 roster_solve_result *res, char *err, size_t errlen);
/* Frees what roster_solve put in res. */
void roster_solve_result_free(roster_solve_result *res);

#endif
