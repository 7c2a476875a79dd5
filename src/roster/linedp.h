/* roster linedp: re-optimises one employee's line over a window of days by
 * dynamic programming, every other employee fixed (internal to the solver). */
#ifndef INSTROOM_ROSTER_LINEDP_H
#define INSTROOM_ROSTER_LINEDP_H

#include <stddef.h>
#include <stdint.h>

#include "roster/internal.h"

typedef struct rp_dp rp_dp;

/* Returns a DP workspace that refuses windows of more than max_states states
 * (0 = 8 M); NULL when out of memory. Free with rp_dp_free. */
rp_dp *rp_dp_create(size_t max_states);
/* Frees the workspace; NULL is fine. */
void rp_dp_free(rp_dp *w);
/* Multiplies the model's own costs by scale (>= 1) in later calls, so that
 * fractional prices can be passed as integers (lambda and extra are not
 * scaled). */
void rp_dp_set_scale(rp_dp *w, int64_t scale);
/* With relax = 1, later calls do not track total minutes and weekends in
 * the state but charge price_unit per minutes_gcd unit worked and
 * price_weekend per weekend worked (prices may be negative); far fewer
 * states, for long windows. relax = 0 restores exact tracking. */
void rp_dp_set_relax(rp_dp *w, int relax, int64_t price_unit, int64_t price_weekend);
/* With band_units > 0, later calls track minutes (in minutes_gcd units) and
 * weekends relative to the current line, within +-band_units and
 * +-band_weekends at every day: exact over the lines that stay that close
 * to the current one, with few states, so whole-horizon windows become
 * affordable. 0 restores absolute tracking. */
void rp_dp_set_band(rp_dp *w, int band_units, int band_weekends);
/* In band mode, with units and weekends non-NULL ([D] each: minutes_gcd
 * units worked and weekends newly worked on each day; kept by the caller),
 * the band follows that reference instead of the current line, so a line can
 * be planned along a chosen pace (e.g. from all days off). NULL restores the
 * current line. */
void rp_dp_set_band_ref(rp_dp *w, const int *units, const uint8_t *weekends);
/* With v > 0, later calls track the number of days with value v in the
 * state and allow at most budget of them in the window (exact for that
 * maximum per shift type; the state grows budget + 1 times). v = 0 stops. */
void rp_dp_set_count(rp_dp *w, int v, int budget);
/* With min_cells > 0 (default 16), rp_dp_line calls where the weekends and
 * count tracked make at least min_cells cells per (state, minutes row)
 * first run the DP backwards over (state, minutes) only, a lower bound of
 * every cell's cost to go, and drop the forward rows that cannot end within
 * a slack of that bound, widening the slack (finally to none) until the
 * best line found is within it: the same optimum, far fewer cells.
 * min_cells = 0: never (for comparisons); 1: always (for tests). */
void rp_dp_set_bound(rp_dp *w, int min_cells);
/* Forward passes of the last rp_dp_line call (1 without the bound). */
int rp_dp_tries(const rp_dp *w);
/* Returns an upper bound of the states rp_dp_line needs for window a..b. */
size_t rp_dp_states(const rp_state *st, int e, int a, int b);
/* Returns the states rp_dp_line needs for employee e's whole horizon in
 * band mode with these bands. */
size_t rp_dp_band_states(const rp_state *st, int e, int band_units, int band_weekends);
/* Fills extra[k * V + u] for days k = a..b with the change in cover penalty
 * of employee e taking value u (what rp_dp_line uses without extra), plus a
 * cost no line pays on day d for every value but v: with it, rp_dp_line
 * finds e's best line on a..b among those with v on day d (when its result
 * has v there). */
void rp_dp_forced_costs(const rp_state *st, int e, int a, int b, int d, int v, int64_t *extra);
/* Writes into nv[0..b-a] the best values of employee e on days a..b given
 * the rest of st: the evaluator's objective plus lambda[v] per use of value v
 * (may be NULL). When extra is non-NULL, extra[d * V + v] replaces the change
 * in cover penalty (Lagrangian prices). Stores the DP's cost of the window in
 * *cost (may be NULL). Returns 0, -1 when the window
 * needs more states than allowed or memory fails, -2 when no line exists. */
int rp_dp_line(rp_dp *w, const rp_state *st, int e, int a, int b, const int64_t *lambda,
               const int64_t *extra, uint8_t *nv, int64_t *cost);

typedef struct rp_swap rp_swap;

/* Returns a workspace for rp_swap_line (max_states as for rp_dp_create). */
rp_swap *rp_swap_create(size_t max_states);
/* Frees the workspace; NULL is fine. */
void rp_swap_free(rp_swap *w);
/* Chooses for every day a..b whether employees e1 and e2 keep (opt[d-a] = 0)
 * or swap (1) their values, minimising their own penalties (the cover does
 * not change) plus lam1[v] / lam2[v] per use of value v (may be NULL; lam[0]
 * must be 0). Stores the DP's cost in *cost (may be NULL). Returns 0, -1 when
 * too large or out of memory, -2 when no pattern exists. */
int rp_swap_line(rp_swap *w, const rp_state *st, int e1, int e2, int a, int b,
                 const int64_t *lam1, const int64_t *lam2, uint8_t *opt, int64_t *cost);

typedef struct rp_flow rp_flow;

/* Returns a workspace for rp_flow_day, or NULL when out of memory. */
rp_flow *rp_flow_create(void);
/* Frees the workspace; NULL is fine. */
void rp_flow_free(rp_flow *f);
/* Finds the best values nv[0..E-1] of all employees on day d, every other
 * day fixed (min-cost flow), and the change of the objective in *gain
 * (<= 0). Returns 0, -1 when out of memory, -2 when an employee has no value. */
int rp_flow_day(rp_flow *f, const rp_state *st, int d, uint8_t *nv, int64_t *gain);

/* The size of the last call's work (cells or arcs visited), for scheduling. */
uint64_t rp_dp_work(const rp_dp *w);
uint64_t rp_swap_work(const rp_swap *w);
uint64_t rp_flow_work(const rp_flow *f);

#endif
