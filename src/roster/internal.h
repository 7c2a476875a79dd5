/* roster internals: the compiled problem the solver works on, and its
 * incrementally evaluated state. Not part of the public API.
 *
 * The compiled problem turns every rule of the model into a few tables:
 * which values an employee may take on a day (skills, availability, youth,
 * travel, days off, zero maxima), a linear cost per employee, day and value
 * (requests, travel, changes against a published roster), forbidden and
 * penalised successions (forbidden pairs, 11 h rest, location changes), and
 * per-employee counters (shift types, minutes, weekends, weekly minutes).
 *
 * Values: 0 is a day off, v = s + 1 is shift s. */
#ifndef INSTROOM_ROSTER_INTERNAL_H
#define INSTROOM_ROSTER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "roster/model.h"
#include "roster/solution.h"

#define RP_INF 0x3fffffff   /* "no limit" in compiled limits */
#define RP_UNIT 480         /* hard units of one counted violation (minutes of a shift) */

typedef struct rp_problem {
    int E, D, S, V;          /* employees, days, shifts, values (S + 1) */
    int *len;                /* [V] minutes of each value (len[0] = 0) */
    uint8_t *allowed;        /* [(e * D + d) * V + v] 1 = may take value v (v = 0 always) */
    int32_t *cost;           /* [(e * D + d) * V + v] linear cost */
    int64_t cost_const;      /* constant part of the objective (on-requests) */
    uint8_t *forb;           /* [a * V + b] value b may not follow value a */
    int32_t *succ;           /* [a * V + b] soft cost of b after a (continuity) */
    int has_succ;            /* any succ entry non-zero */
    int *maxtype;            /* [e * V + v] max count of value v */
    int *maxmin, *minmin;    /* [E] total minutes limits (0 / RP_INF when none) */
    int *maxcons, *mincons;  /* [E] run of working days limits (RP_INF / 0) */
    int *minoff;             /* [E] inner run of days off (0 = none) */
    int *maxwe;              /* [E] weekends (RP_INF = none) */
    int *weekmax;            /* [E] minutes per calendar week (RP_INF = none) */
    int *target;             /* [E] fair share in minutes, -1 = none */
    int fairw;               /* penalty per whole hour away from target */
    int *weekend;            /* [D] weekend index or -1 */
    int nweekends;
    int *week;               /* [D] calendar week */
    int nweeks;
    int *req, *under, *over; /* [d * V + v] cover (v >= 1) */
    int minutes_gcd;         /* gcd of all shift lengths */
} rp_problem;

/* Builds the compiled problem of ins. published (may be NULL) adds
 * change_weight for every cell that differs from it. Returns 0, ROSTER_ENOMEM
 * or ROSTER_EINPUT (with err filled). Free with rp_problem_free. */
int rp_problem_build(rp_problem *p, const roster_instance *ins, const roster_solution *published,
                     int change_weight, char *err, size_t errlen);
/* Frees the tables of p. */
void rp_problem_free(rp_problem *p);

/* The search state: the assignment plus counters kept up to date. */
typedef struct rp_state {
    const rp_problem *p;
    uint8_t *x;      /* [e * D + d] value */
    int *cnt;        /* [e * V + v] */
    int *mins;       /* [E] */
    uint8_t *wkd;    /* [e * nweekends + w] days worked of weekend w (0..2) */
    int *nwe;        /* [E] weekends worked */
    int *wmin;       /* [e * nweeks + w] minutes of week w */
    int *cov;        /* [d * V + v] persons on value v on day d */
    int64_t soft;    /* soft objective without cost_const */
    int64_t hard;    /* hard units (0 = feasible) */
    int64_t hw;      /* penalty per hard unit */
} rp_state;

/* Allocates a state for p, all off; 0 or ROSTER_ENOMEM. */
int rp_state_init(rp_state *st, const rp_problem *p, int64_t hw);
/* Frees the state. */
void rp_state_free(rp_state *st);
/* Sets the assignment from x[E * D] and recomputes every counter and total. */
void rp_state_load(rp_state *st, const uint8_t *x);
/* Recomputes soft and hard from scratch into *soft, *hard (for checks). */
void rp_state_full(const rp_state *st, int64_t *soft, int64_t *hard);
/* Employee e's share of (soft, hard) computed from scratch, cover excluded. */
void rp_employee_full(const rp_state *st, int e, int64_t *soft, int64_t *hard);
/* Delta (soft, hard) of setting days a..b of employee e to nv[0..b-a], cover
 * excluded. Does not change the state. */
void rp_employee_delta(const rp_state *st, int e, int a, int b, const uint8_t *nv,
                       int64_t *dsoft, int64_t *dhard);
/* Cover penalty delta of one more (+1) or one less (-1) person on (d, v). */
int64_t rp_cover_delta(const rp_state *st, int d, int v, int k);
/* Applies days a..b of employee e := nv[], updating counters (not totals). */
void rp_employee_apply(rp_state *st, int e, int a, int b, const uint8_t *nv);
/* On weekend day d: the first shift value v (from v0 on, cyclically) short
 * of people (fewer than required, a positive penalty per person missing)
 * with an employee e (from e0 on, cyclically) who works the other day of
 * that weekend only, is off on d and may take v there: working d too costs
 * that employee no weekend. Returns 1 with *e_out, *v_out, else 0. */
int rp_half_weekend(const rp_state *st, int d, int v0, int e0, int *e_out, int *v_out);
/* Cover penalty of count c on (d, v). */
int64_t rp_cover_pen(const rp_problem *p, int d, int v, int c);

/* Evaluates sol with the solver's own evaluator (for tests): the objective
 * in *objective and the hard units in *hard, where a value the rules forbid
 * outright (day off, skill, ...) counts RP_UNIT. Returns 0 or a negative code. */
int rp_evaluate(const roster_instance *ins, const roster_solution *sol, int64_t *objective,
                int64_t *hard);

/* Writes a greedy first roster for p into x[E * D] (see construct.c);
 * returns 0 or ROSTER_ENOMEM. */
int rp_construct_greedy(const rp_problem *p, uint8_t *x);

#endif
