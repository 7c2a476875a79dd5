/* roster colgen: column generation on the master LP of employee lines, and
 * a diving heuristic that turns its solution into a roster (internal to the
 * solver).
 *
 * Master over a set of free employees and a window of days a..b, everything
 * else fixed to the current roster: one column per (free employee, line on
 * the window), cost = the employee's own penalties with that line (requests,
 * its share of the soft rules, its runs and totals across the window's
 * edges; a hard unit costs 100); cover rows of the window days,
 * sum(lines on d, s) + under - over = requirement less the fixed lines, with
 * the cover weights on the slacks; one convexity row per free employee.
 * Pricing is the line DP over the window against the current roster with
 * minus the cover duals as day costs (hard rules prohibitive, one maximum
 * per shift type counted in the state). The whole-horizon master over all
 * employees is the special case a = 0, b = D - 1. */
#ifndef INSTROOM_ROSTER_COLGEN_H
#define INSTROOM_ROSTER_COLGEN_H

#include <stdint.h>

#include "roster/internal.h"

/* Polled between pricing calls with the work done since the last call (in
 * solver iterations); non-zero = stop now. Work 0 says that the roster
 * column generation will return has just improved (for the time to best). */
typedef int (*rp_cg_poll)(void *ctx, uint64_t work);
/* The share of column generation's budget used so far (0..1; by iterations
 * when the run counts them, so that it repeats exactly). */
typedef double (*rp_cg_used)(void *ctx);
/* Asks for the budget to be lengthened to factor times its length (from
 * where it began); the solver grants what the run allows. */
typedef void (*rp_cg_extend)(void *ctx, double factor);

typedef struct rp_cg_result {
    double lp_value;    /* root master LP value (objective units, with the
                           constant part), -1 when the root did not converge */
    double bound;       /* Lagrangian bound at the root: LP value plus every
                           employee's most negative reduced cost; a lower
                           bound when the pricing is exact (it is unless a
                           maximum per shift type binds), -1 if unknown */
    int root_rounds;    /* pricing rounds at the root */
    int columns;        /* columns generated */
    int complete;       /* 1 when the dive fixed every employee */
    int cut;            /* 1 when the root was given up (nothing else was run) */
    int lns_tried;      /* large neighbourhoods re-solved after the dive */
    int lns_improved;   /* of which gave a better roster */
    int pool_runs;      /* annealing runs over the pool's lines ... */
    int pool_improved;  /* ... of which gave a better roster */
    int win_tried;      /* window neighbourhoods re-solved ... */
    int win_improved;   /* ... of which gave a better roster */
    int window_days;    /* the last window's days ... */
    int window_free;    /* ... and employees freed in it */
    long bnp_nodes;     /* branch-and-price nodes solved ... */
    int bnp_improved;   /* ... rosters it found better than the incumbent ... */
    int bnp_done;       /* ... 1 when it exhausted its tree (the roster is optimal
                           when no node's pricing restricted a type by day) */
    long bnp_inexact;   /* nodes whose pricing restricted a type by day */
    int bnp_trees;      /* trees begun (restarts + 1) */
} rp_cg_result;

/* For tests: the converged LP value of the master of window a..b over all
 * employees against roster x (without the cover penalty of days outside
 * the window and the employees' penalties' constant part: columns cost the
 * employee's own penalties with the line). 0, or -1 when it failed or did
 * not converge. */
int rp_colgen_window_lp(const rp_problem *p, const uint8_t *x, int a, int b, double *value);

/* 1 when every employee's whole line fits the DP's table (the
 * whole-horizon master is solved first), else 0. */
int rp_colgen_whole(const rp_problem *p);

/* When every employee's whole line fits the DP's table (and windows_only is
 * 0): runs column
 * generation on the whole-horizon master from the lines of start[E * D],
 * then dives: fixes the employee whose line is most integral, re-prices,
 * repeats. The root is given up when it has not converged by 0.4 of the
 * budget (used): then its largest LP lines replace start when better and
 * rp_colgen returns (res->cut = 1). Else, and when the whole-horizon master
 * is too large from the start, until the poll says stop, large neighbourhoods from the best
 * roster: windows of days (7 days at first, then as many as keep the work of
 * one master near a fixed amount) sliding over the horizon, all employees
 * free (or a random subset when even 7 days are too much); after a finished
 * dive they alternate with whole-horizon neighbourhoods (an annealing over
 * the pool of lines, a few employees chosen with seed freed). A
 * neighbourhood's roster is kept when not worse (soft plus 100 per hard
 * unit). After a converged root and a finished dive, from 0.3 to 0.8 of the
 * budget, a depth-first branch-and-price on the whole-horizon master
 * (branching on employee x day x value) replaces the neighbourhoods; when
 * it exhausts its tree (res->bnp_done) column generation returns. When the
 * dive finished early (by 0.25 of the budget), extend (may be NULL) asks
 * for a longer budget and branch-and-price starts at once. Writes the best
 * roster into out[E * D]. Returns 0, -1 when out of memory. */
int rp_colgen(const rp_problem *p, const uint8_t *start, uint64_t seed, int windows_only,
              rp_cg_poll poll, rp_cg_used used, rp_cg_extend extend, void *ctx, uint8_t *out,
              rp_cg_result *res);

#endif
