/* roster lp: a small dense revised simplex for the column-generation master
 * (internal to the solver). min c x subject to A x = b, x >= 0, columns
 * added at any time; warm starts from the last basis. The basis inverse is
 * kept dense (rows x rows doubles), which suits masters of a few hundred
 * rows. */
#ifndef INSTROOM_ROSTER_LP_H
#define INSTROOM_ROSTER_LP_H

#include <stdint.h>

typedef struct rp_lp rp_lp;

enum { RP_LP_OPTIMAL = 0, RP_LP_LIMIT = 1, RP_LP_UNBOUNDED = 2, RP_LP_INFEASIBLE = 3,
       RP_LP_NOMEM = -1 };

/* Returns an LP with m rows and right-hand sides b[0..m-1], no columns, or
 * NULL when out of memory. */
rp_lp *rp_lp_create(int m, const double *b);
/* Frees the LP; NULL is fine. */
void rp_lp_free(rp_lp *lp);
/* Adds a column of cost c with nnz entries vals[k] in rows rows[k]; returns
 * its index or -1 when out of memory. */
int rp_lp_add_col(rp_lp *lp, double c, int nnz, const int *rows, const double *vals);
/* Changes the cost of column j (the next solve starts from the same basis). */
void rp_lp_set_cost(rp_lp *lp, int j, double c);
/* Column j may no longer enter the basis; when it is basic, its cost
 * becomes c (a high one, so that it leaves). */
void rp_lp_ban(rp_lp *lp, int j, double c);
/* Starts from the basis of columns cols[0..m-1] (one per row, distinct)
 * instead of unit and artificial columns: for a master whose current
 * solution is known, no artificial column has to be priced out. Returns 0,
 * or -1 when that basis is singular or its solution has a negative value
 * (nothing changes: the first solve starts as without it). Before the first
 * solve only. */
int rp_lp_set_basis(rp_lp *lp, const int *cols);
/* Solves from the last basis (the first call starts from unit columns where
 * the LP has them and costly artificial columns elsewhere), at most
 * max_pivots pivots (0 = no limit). When the basis turns out singular at a
 * refactoring (rounding in the updated inverse), the solve starts again from
 * the unit and artificial columns, once per call. Returns an RP_LP_ code;
 * INFEASIBLE when an artificial column stays positive; LIMIT also when the
 * basis became singular a second time. */
int rp_lp_solve(rp_lp *lp, long max_pivots);
/* The objective, the value of column j, and the row duals y (c_j - y a_j >= 0
 * for every column at an optimum) of the last solve. */
double rp_lp_objective(const rp_lp *lp);
double rp_lp_value(const rp_lp *lp, int j);
const double *rp_lp_duals(const rp_lp *lp);
/* Number of columns (without artificial ones) and pivots done so far. */
int rp_lp_cols(const rp_lp *lp);
long rp_lp_pivots(const rp_lp *lp);

#endif
