/* roster colgen: column generation on the master LP of employee lines, and
 * a diving heuristic that turns its solution into a roster (internal to the
 * solver).
 *
 * Master: one column per (employee, feasible line), cost = the line's own
 * penalties (requests, its share of the soft rules); cover rows
 * sum(lines on d, s) + under - over = requirement with the cover weights on
 * the slacks; one convexity row per employee. Pricing is the line DP over
 * the whole horizon with minus the cover duals as day costs (hard rules
 * made prohibitive, the maxima per shift type priced by multipliers). */
#ifndef INSTROOM_ROSTER_COLGEN_H
#define INSTROOM_ROSTER_COLGEN_H

#include <stdint.h>

#include "roster/internal.h"

/* Polled between pricing calls with the work done since the last call (in
 * solver iterations); non-zero = stop now. Work 0 says that the roster
 * column generation will return has just improved (for the time to best). */
typedef int (*rp_cg_poll)(void *ctx, uint64_t work);

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
    int lns_tried;      /* large neighbourhoods re-solved after the dive */
    int lns_improved;   /* of which gave a better roster */
    int pool_runs;      /* annealing runs over the pool's lines ... */
    int pool_improved;  /* ... of which gave a better roster */
} rp_cg_result;

/* Runs column generation from the lines of start[E * D] (those that meet
 * every hard rule of their employee seed the master), then dives: fixes the
 * employee whose line is most integral, re-prices, repeats. Then, until the
 * poll says stop, large neighbourhoods: a few employees (chosen with seed)
 * are freed, every other one keeps its line in the best roster, their
 * master is re-solved and dived; the roster is kept when not worse. Writes
 * the best roster into out[E * D] (when stopped during the first dive, the
 * employees it did not reach keep their largest LP line, else their start
 * line). Returns 0, -1 when the horizon is too long for whole-line pricing
 * or out of memory (out untouched). */
int rp_colgen(const rp_problem *p, const uint8_t *start, uint64_t seed, rp_cg_poll poll,
              void *ctx, uint8_t *out, rp_cg_result *res);

#endif
